"""Who must act: the authority of an item, then of the consolidated item it belongs to.

Two steps, both pure functions over frames:

1. ``item_evidence`` (used by ``classify.classify_items``): the model's probability
   that an item is central, overruled by explicit cues from
   ``pipeline/data/authority_cues.toml``: a ``central`` cue (a request to Quốc hội,
   Chính phủ, a ministry, to amend a law or decree ...) makes it central; otherwise a
   ``local`` cue (the request is addressed to the province, the city, the district or
   commune, a provincial department: "đề nghị tỉnh ...", "Thành phố nên ...") makes it
   local.
2. ``settle`` (used by the runner after clustering): authority belongs to the
   consolidated item. Every member votes with its probability of being central
   (an analyst's correction decides outright); the cluster takes the side with the
   larger pooled probability, and every member gets it in ``authority`` (its own
   prediction stays in ``authority_predicted``). A cluster whose members' own
   predictions disagree and whose pooled share is below ``cluster_min_agreement`` is
   flagged for review, never split.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from . import schemas as S
from .io import read_toml
from .config import DATA_DIR

# a local cue caps the probability of "central" at this value (a confident local vote)
LOCAL_CUE_CENTRAL = 0.15
RULE_CONFIDENCE = 0.97  # what an explicit central cue counts for when members vote


@dataclass(frozen=True)
class Cues:
    central: tuple[re.Pattern, ...]
    local: tuple[re.Pattern, ...]
    cluster_min_agreement: float


def _compile(patterns: list[str]) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p) for p in patterns)


@lru_cache(maxsize=4)
def load_cues(path: Path | None = None) -> Cues:
    data = read_toml(path or DATA_DIR / "authority_cues.toml", "tệp dấu hiệu thẩm quyền")
    return Cues(_compile(data.get("central", [])), _compile(data.get("local", [])),
                float(data.get("cluster_min_agreement", 0.7)))


def _any(text: str, cues: tuple[re.Pattern, ...]) -> bool:
    return any(c.search(text) for c in cues)


def cue_flags(texts: list[str], cues: Cues) -> tuple[np.ndarray, np.ndarray]:
    """(central cue found, local cue found and no central cue) per text."""
    central = np.fromiter((_any(t, cues.central) for t in texts), dtype=bool, count=len(texts))
    local = np.fromiter((not c and _any(t, cues.local) for t, c in zip(texts, central.tolist())),
                        dtype=bool, count=len(texts))
    return central, local


def item_evidence(p_central: np.ndarray, central_cue: np.ndarray, local_cue: np.ndarray):
    """(authority, confidence, source) per item from the model's P(central) and the cue flags."""
    p = np.asarray(p_central, dtype=float).copy()
    p[local_cue] = np.minimum(p[local_cue], LOCAL_CUE_CENTRAL)
    central = (p >= 0.5) | central_cue
    conf = np.where(central, p, 1.0 - p)
    conf[central_cue] = 1.0
    auth = np.where(central, S.CENTRAL, S.LOCAL).astype(object)
    src = np.where(central_cue | local_cue, S.SOURCE_RULE, S.SOURCE_MODEL).astype(object)
    return auth, conf, src


def _p_central(items: pd.DataFrame) -> np.ndarray:
    auth = items[S.AUTHORITY].astype(str).to_numpy()
    conf = pd.to_numeric(items[S.AUTHORITY_CONFIDENCE], errors="coerce").fillna(0.5).to_numpy(dtype=float)
    src = items[S.AUTHORITY_SOURCE].astype(str).to_numpy() if S.AUTHORITY_SOURCE in items else np.full(len(items), "")
    conf = np.where(src == S.SOURCE_RULE, np.maximum(np.minimum(conf, RULE_CONFIDENCE), 1 - RULE_CONFIDENCE), conf)
    return np.where(auth == S.CENTRAL, conf, 1.0 - conf)


def settle(items: pd.DataFrame, clusters: pd.DataFrame, cues: Cues | None = None):
    """(items, clusters) with each consolidated item's authority decided by all its members.

    ``items`` carries cluster_id, authority, authority_confidence, authority_source,
    authority_predicted and needs_review; items without a cluster are left as they are.
    Deterministic: ties go to the earliest member's side.
    """
    cues = cues or load_cues()
    if items.empty or S.CLUSTER_ID not in items.columns:
        return items, clusters
    cid = items[S.CLUSTER_ID].fillna("").astype(str).to_numpy()
    in_cluster = cid != ""
    if not in_cluster.any():
        return items, clusters
    p = _p_central(items)
    auth = items[S.AUTHORITY].astype(str).to_numpy().copy()
    conf = pd.to_numeric(items[S.AUTHORITY_CONFIDENCE], errors="coerce").fillna(0.5).to_numpy(dtype=float).copy()
    src = items[S.AUTHORITY_SOURCE].astype(str).to_numpy()
    own = items[S.AUTHORITY_PREDICTED].astype(str).to_numpy() if S.AUTHORITY_PREDICTED in items else auth.copy()
    review = items[S.NEEDS_REVIEW].fillna(False).astype(bool).to_numpy().copy()
    codes, uniq = pd.factorize(pd.Series(cid[in_cluster]), sort=True)
    rows = np.flatnonzero(in_cluster)
    decided: dict[str, str] = {}
    order = np.argsort(codes, kind="stable")
    bounds = np.r_[0, np.cumsum(np.bincount(codes, minlength=len(uniq)))]
    for k, name in enumerate(uniq.tolist()):
        mem = rows[order[bounds[k]:bounds[k + 1]]]
        corrected = mem[src[mem] == S.SOURCE_CORRECTION]
        if len(corrected):  # the analyst decides; the majority of corrections, ties → earliest
            vals = auth[corrected].tolist()
            winner = max(dict.fromkeys(vals), key=vals.count)
            share = 1.0
        else:
            pc = float(p[mem].mean())
            if abs(pc - 0.5) < 1e-12:
                winner = auth[mem[0]]
            else:
                winner = S.CENTRAL if pc > 0.5 else S.LOCAL
            share = pc if winner == S.CENTRAL else 1.0 - pc
        decided[name] = winner
        if len(mem) < 2:
            continue
        changed = mem[auth[mem] != winner]
        auth[mem] = winner
        keep = mem[src[mem] != S.SOURCE_CORRECTION]
        conf[keep] = round(share, 4)
        if len(changed) and len(corrected) == 0:
            conf[changed] = round(share, 4)
        if len(set(own[mem].tolist())) > 1 and share < cues.cluster_min_agreement and not len(corrected):
            review[mem] = True
    items = items.assign(**{S.AUTHORITY: auth, S.AUTHORITY_CONFIDENCE: conf, S.NEEDS_REVIEW: review})
    if clusters is not None and len(clusters) and S.CLUSTER_ID in clusters.columns:
        clusters = clusters.assign(**{S.AUTHORITY: [decided.get(c, a) for c, a in
                                                    zip(clusters[S.CLUSTER_ID].astype(str), clusters[S.AUTHORITY])]})
    return items, clusters
