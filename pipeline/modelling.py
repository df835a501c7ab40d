"""The modelling worker's calls: fit the model, classify the items, cluster them.

They run one after the other in one forked process (``parallel.Worker.submit_with_state``),
the only one that imports scikit-learn. Each receives the worker's ``state`` dict and data,
and returns data: ``fit`` leaves the fitted model in ``state["model"]`` for ``classify``,
which leaves the items' cluster views in ``state["views"]`` for ``cluster``; ``forget``
empties it. Each can be called directly with a plain dict (tests, one job).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import schemas as S
from .config import Config


def fit(state: dict, train: pd.DataFrame, cfg: Config, cache_dir: Path | None) -> tuple[str, int, dict]:
    """Tokenize the training texts (bundled or cached: nearly free) and fit or load the model.

    Keeps the model in ``state["model"]``; returns (model key, training rows, token stats).
    """
    from . import classify, vi_text

    tokens, stats = vi_text.tokenize_many(train["text"].tolist(), cache_dir=cache_dir, jobs=1)
    model = classify.fit_model(train.assign(tokens=tokens), cfg, cache_dir=cache_dir)
    state["model"] = model
    return model.key, model.n_train, stats


def classify(state: dict, frame: pd.DataFrame, cfg: Config, jobs: int) -> pd.DataFrame:
    """CLASSIFY_COLUMNS of ``frame`` (item_id, text, tokens) by the model of ``fit``.

    While forked processes predict, this one prepares the items' cluster views (they need
    no label) into ``state["views"]`` for ``cluster``: the two stages' work overlaps.
    """
    from . import classify as classify_stage
    from . import cluster

    def prepare():
        state["views"] = cluster.prepare_views(frame, cfg.cluster, jobs=jobs)

    return classify_stage.classify_items(frame, state["model"], cfg, jobs=jobs, meanwhile=prepare)[S.CLASSIFY_COLUMNS]


def cluster(state: dict, active: pd.DataFrame, cfg: Config, jobs: int):
    """(cluster_id column, clusters, review pairs as ``cluster.review_pairs_rows``) of
    ``cluster.cluster_items``, with the views ``classify`` prepared (used once, then dropped)."""
    from . import cluster as cluster_stage

    views = state.pop("views", None)
    # the review pairs go back as row numbers: their texts are already in the main process
    return cluster_stage.cluster_rows(active, cfg.cluster, jobs=jobs, views=views)


def forget(state: dict) -> None:
    """Drop the model and views (with one job they would otherwise live until the run ends)."""
    state.clear()
