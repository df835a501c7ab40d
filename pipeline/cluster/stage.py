"""The clustering stage: ``cluster_items``, ``cluster_rows``, ``prepare_views``."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import schemas as S
from ..config import ClusterSettings
from ..errors import ConfigError, InputError
from ..normalize import normalize_text
from ..parallel import collector_paused, fork_map
from .entities import _Guard, _guard_entities, _GuardTable, request_objects, residential_places
from .lexicon import content_text_low, content_tokens
from .linkage import _agglomerate
from . import neighbours as N
from .neighbours import _neighbour_pairs, _spans
from .tables import _cluster_table, _review_rows, _str_col, opinion_weights, review_pairs_frame
from .vectors import _distinct, shared_terms, vectors, word_sets

@dataclass
class ClusterResult:
    """Output of ``cluster_items``.

    items         the input plus ``cluster_id``
    clusters      one row per cluster, columns ``schemas.CLUSTER_COLUMNS``, in order of
                  each cluster's earliest member
    review_pairs  doubtful pairs for an analyst, columns ``schemas.REVIEW_PAIR_COLUMNS``
    """

    items: pd.DataFrame
    clusters: pd.DataFrame
    review_pairs: pd.DataFrame


_REQUIRED = [S.ITEM_ID, S.UNIT, S.TEXT, S.TOKENS, S.SECTOR, S.AUTHORITY]


def _check(items: pd.DataFrame, settings: ClusterSettings) -> None:
    missing = [c for c in _REQUIRED if c not in items.columns]
    if missing:
        raise InputError(
            f"Bảng kiến nghị thiếu cột cần cho bước gom nhóm: {', '.join(missing)} "
            f"(các cột có: {', '.join(map(str, items.columns))})."
        )
    dup = items[S.ITEM_ID][items[S.ITEM_ID].duplicated()]
    if len(dup):
        raise InputError(f"Mã kiến nghị (item_id) bị trùng: {', '.join(map(str, dup.head(5)))}.")
    if not 0 <= settings.review_threshold <= settings.merge_threshold:
        raise ConfigError("[cluster] cần 0 ≤ review_threshold ≤ merge_threshold.")




def cluster_items(items: pd.DataFrame, settings: ClusterSettings, jobs: int = 1,
                  views: "Views | None" = None) -> ClusterResult:
    """Group the same recommendation raised by several units.

    Reads ``item_id``, ``unit``, ``text``, ``tokens``, ``sector``, ``sector_label``
    (optional; the sector slug is used when absent) and ``authority``. Adds
    ``cluster_id``. Does not modify ``items``; the frame order is the item order.
    "Tăng lương hưu" raised in other words by three communes gives one cluster;
    "sửa đường liên xã Tân Lập" and "... Yên Phú" give two.

    With ``jobs`` > 1, large inputs have their text views, candidate neighbours
    and similarities computed by that many forked processes; every value is
    computed as in one process, so the result does not depend on ``jobs``.
    ``views`` made by ``prepare_views`` for the same items and settings (for
    instance while the items were being classified) are used instead of being
    computed again, and are consumed; views of other items are ignored.
    """
    with collector_paused():
        cluster_id, clusters, rows = _cluster_items(items, settings, max(int(jobs), 1), views)
        return ClusterResult(items.assign(**{S.CLUSTER_ID: cluster_id}), clusters, review_pairs_frame(items, rows))


def cluster_rows(items: pd.DataFrame, settings: ClusterSettings, jobs: int = 1, views: "Views | None" = None):
    """``cluster_items`` in compact form: (cluster_id of each item, clusters table, review pairs as
    ``review_pairs_rows`` gives them), without building the review-pairs table (a large round
    has millions of pairs; the modelling worker sends them as row numbers)."""
    with collector_paused():
        return _cluster_items(items, settings, max(int(jobs), 1), views)


class Views:
    """What clustering computes from the item ids, texts and tokens alone, before any label
    is known (``prepare_views``): vectors, neighbour index data and guards."""

    def __init__(self, digest: str, settings: ClusterSettings, **parts):
        self.digest, self.settings, self.parts = digest, settings, parts

    def take(self, items: pd.DataFrame, settings: ClusterSettings) -> dict | None:
        """The parts, if they were made from ``items`` (same ids, texts and tokens, in the
        same order) and ``settings``, else None; the views are emptied either way."""
        parts, self.parts = self.parts, {}
        if not parts or settings != self.settings or _views_digest(items) != self.digest:
            return None
        return parts


def _views_digest(items: pd.DataFrame) -> str:
    import hashlib

    h = hashlib.blake2b(digest_size=20)
    for col in (S.ITEM_ID, S.TEXT, S.TOKENS):
        for v in _str_col(items, col):
            h.update(v.encode("utf-8", "surrogatepass"))
            h.update(b"\x1f")
        h.update(b"\x1e")
    return h.hexdigest()


def prepare_views(items: pd.DataFrame, settings: ClusterSettings, jobs: int = 1) -> Views:
    """The part of ``cluster_items`` that needs no sector or authority (``item_id``, ``text``
    and ``tokens`` only), to be given to ``cluster_items`` later as ``views``."""
    with collector_paused():
        return Views(_views_digest(items), settings, **_prepare_views(items, settings, max(int(jobs), 1)))


def _prepare_views(items: pd.DataFrame, settings: ClusterSettings, jobs: int) -> dict:
    texts = _str_col(items, S.TEXT)
    tokens = _str_col(items, S.TOKENS)
    if not len(items):
        return {}
    # text views and guards, once per distinct token string and text; large intermediate
    # results are dropped as soon as they are used (peak memory on large rounds)
    token_of, distinct_tokens = _distinct(tokens)
    del tokens
    text_jobs = jobs if len(distinct_tokens) >= N._PARALLEL_MIN else 1
    parts = fork_map(_token_task, _spans(len(distinct_tokens), text_jobs), text_jobs, {"tokens": distinct_tokens})
    words_k = [w for part in parts for w in part]
    del distinct_tokens, parts
    word_of, words = _distinct([words_k[k] for k in token_of])
    del words_k, token_of
    text_of, distinct_texts = _distinct(texts)
    del texts
    text_jobs = jobs if len(distinct_texts) >= N._PARALLEL_MIN else 1
    parts = fork_map(_text_task, _spans(len(distinct_texts), text_jobs), text_jobs, {"texts": distinct_texts})
    chars_t = [c for part in parts for c in part[0]]
    guards_t = [g for part in parts for g in part[1]]
    del distinct_texts, parts
    char_of, chars = _distinct([chars_t[t] for t in text_of])
    del chars_t

    sets = word_sets(words)
    Z, offset, row_of = vectors(words, word_of, chars, char_of, settings)
    del chars, char_of
    return {"word_of": word_of, "text_of": text_of, "guards_t": guards_t, "sets": sets, "Z": Z,
            "offset": offset, "row_of": row_of, "words": words}


def _cluster_items(items: pd.DataFrame, settings: ClusterSettings, jobs: int, views: Views | None):
    """(cluster_id of each item, clusters table, review pairs as ``review_pairs_rows``)."""
    _check(items, settings)
    n = len(items)
    if n == 0:
        return (pd.Series([], dtype=object, index=items.index), pd.DataFrame(columns=S.CLUSTER_COLUMNS),
                pd.DataFrame(columns=S.REVIEW_PAIR_COLUMNS))
    prepared = views.take(items, settings) if views is not None else None
    del views
    if prepared is None:
        prepared = _prepare_views(items, settings, jobs)
    word_of, text_of, guards_t, sets = (prepared.pop(k) for k in ("word_of", "text_of", "guards_t", "sets"))
    Z, offset, row_of, words = (prepared.pop(k) for k in ("Z", "offset", "row_of", "words"))
    del prepared
    texts = _str_col(items, S.TEXT)
    ids = _str_col(items, S.ITEM_ID)
    units = _str_col(items, S.UNIT)
    sectors = _str_col(items, S.SECTOR)
    labels_col = _str_col(items, S.SECTOR_LABEL) if S.SECTOR_LABEL in items.columns else sectors
    authority = _str_col(items, S.AUTHORITY)

    # content and place decide the merges, not the predicted authority: the authority of a
    # consolidated item is decided afterwards from all its members (authority.settle)
    blocks = [np.arange(n)]
    a, b, s = _neighbour_pairs(Z, offset, row_of, words, word_of, blocks, settings, jobs)
    del words, blocks

    guard_id_of_text, distinct_guards = _distinct_guards(guards_t)
    gid = guard_id_of_text[text_of]
    table = _GuardTable(distinct_guards)
    guards = [guards_t[t] for t in text_of]
    del guards_t, text_of, guard_id_of_text, distinct_guards
    # an edge without enough shared content words stays a review candidate but cannot merge
    s_merge = np.where(shared_terms(sets, word_of[a], word_of[b]) >= settings.min_shared_terms, s, 0.0)
    del sets, word_of
    s_merge = _same_place_bonus(s_merge, a, b, units, texts, settings)
    # an analyst's sector correction holds against a merely similar item of another sector
    fixed = (np.asarray([v == S.SOURCE_CORRECTION for v in _str_col(items, S.SECTOR_SOURCE)], dtype=bool)
             if S.SECTOR_SOURCE in items.columns else None)
    label = _agglomerate(n, a, b, s_merge, guards, table, gid, sectors, settings, fixed)
    del s_merge, guards

    cluster_id = np.asarray(["C" + ids[i] for i in label], dtype=object)
    clusters = _cluster_table(Z, row_of, label, ids, units, texts, sectors, labels_col, authority,
                              opinion_weights(items))
    del Z, row_of
    return cluster_id, clusters, _review_rows(a, b, s, label, table, gid)


def _same_place_bonus(s_merge: np.ndarray, a: np.ndarray, b: np.ndarray, units: list[str], texts: list[str],
                      settings: ClusterSettings) -> np.ndarray:
    """``s_merge`` with ``settings.same_place_bonus`` added to the pairs of one unit that name
    one hamlet (``residential_places``) and ask for one thing (a request object in common, or
    neither names one: a canal and a road of one hamlet are two requests); only pairs the bonus can lift to a
    merge are looked at."""
    bonus = settings.same_place_bonus
    if not bonus or not len(a):
        return s_merge
    unit_of, _ = _distinct(units)
    todo = np.flatnonzero((unit_of[a] == unit_of[b]) & (s_merge > 0) & (s_merge < settings.cross_sector_threshold))
    if not len(todo):
        return s_merge
    places: dict[int, tuple[frozenset, frozenset]] = {}

    def of(i: int) -> tuple[frozenset, frozenset]:
        if i not in places:
            places[i] = (residential_places(texts[i]), request_objects(texts[i]))
        return places[i]

    def lifted(i: int, j: int) -> bool:
        (place_i, object_i), (place_j, object_j) = of(i), of(j)
        return bool(place_i & place_j) and (bool(object_i & object_j) or object_i == object_j)

    lift = [k for k in todo.tolist() if lifted(int(a[k]), int(b[k]))]
    out = s_merge.copy()
    out[lift] += bonus
    return out


def _distinct_guards(guards: list[_Guard]) -> tuple[np.ndarray, list[_Guard]]:
    index: dict[_Guard, int] = {}
    ids = np.fromiter((index.setdefault(g, len(index)) for g in guards), dtype=np.int64, count=len(guards))
    return ids, list(index)



def _text_task(span: tuple[int, int]) -> tuple[list[str], list[_Guard]]:
    """Char views and guards of the distinct texts in ``span``."""
    chars, guards = [], []
    for t in N._SHARED["texts"][span[0] : span[1]]:
        norm = normalize_text(t or "")
        low = norm.lower()
        chars.append(content_text_low(low))
        guards.append(_Guard.of(_guard_entities(norm, low)))
    return chars, guards


def _token_task(span: tuple[int, int]) -> list[str]:
    return [content_tokens(t) for t in N._SHARED["tokens"][span[0] : span[1]]]
