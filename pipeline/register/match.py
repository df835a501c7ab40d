"""Recurrence: which earlier rounds' consolidated items does a new item repeat?

Candidates come from an inverted index kept in the register (``item_terms``):
the hashed word pairs of each item's content words (``cluster.content_text``).
For each new item, its rarest pairs that are not too common in the register are
looked up, and the earlier items sharing the most pairs are scored with a
char_wb 2–4-gram TF-IDF cosine (scikit-learn's, through ``fast.char_wb``) on content words, as in clustering. A pair is a
repeat when the score reaches the threshold (higher across sectors) and the
clustering guards allow it (``cluster.guard_allows``: places, numbers and
request objects must agree, so a look-alike about another road or commune is
not a repeat). The cost per new item is bounded by the number of keys and
candidates, not by the register's size; only the index lookups grow with it
(logarithmically, through the primary-key B-tree).

Everything here is pure except ``find_candidates``, which reads the index.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from . import tables as T

SKETCH_SIZE = 32  # word pairs stored per item (the smallest hashes: a consistent sample)
IN_CHUNK = 900  # parameters per IN (...) list


def _cluster():
    from .. import cluster  # issue 19 may make this a package; these names stay exported

    return cluster


def content_view(text: str) -> str:
    """The text's content words (``cluster.content_text``), the view both the index and the
    scoring use."""
    return _cluster().content_text(text or "")


def content_words(text: str) -> list[str]:
    return content_view(text).split()


def _hash(s: str) -> int:
    return int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest(), "big") & ((1 << 63) - 1)


def terms_of(words: list[str]) -> list[int]:
    """Hashed word pairs (a lone word when there is only one), sorted and distinct."""
    if len(words) == 1:
        keys = {_hash(words[0])}
    else:
        keys = {_hash(words[i] + " " + words[i + 1]) for i in range(len(words) - 1)}
    return sorted(keys)


def sketch(terms: list[int], size: int = SKETCH_SIZE) -> list[int]:
    """The ``size`` smallest hashes: what the index stores for an item (``terms`` is sorted)."""
    return terms[:size]


def _chunks(values: list, n: int = IN_CHUNK):
    for i in range(0, len(values), n):
        yield values[i:i + n]


def find_candidates(conn: Connection, query_terms: list[list[int]], allowed_rounds: set[int], settings) -> list[list[int]]:
    """For each query (its terms), up to ``settings.candidates`` item_pks of ``allowed_rounds``
    sharing the most of its rarest terms (ties: the older item first)."""
    if not allowed_rounds or not query_terms:
        return [[] for _ in query_terms]
    distinct = sorted({t for ts in query_terms for t in ts})
    df: dict[int, int] = {}
    for chunk in _chunks(distinct):
        rows = conn.execute(select(T.item_terms.c.term, func.count()).where(T.item_terms.c.term.in_(chunk))
                            .group_by(T.item_terms.c.term))
        df.update({int(t): int(n) for t, n in rows})
    keys_of = []
    wanted: set[int] = set()
    for ts in query_terms:
        usable = sorted((df[t], t) for t in ts if 0 < df.get(t, 0) <= settings.candidate_max_df)
        keys, budget = [], 0
        for n, t in usable[: settings.candidate_keys]:  # rarest first, within a postings budget
            if keys and budget + n > settings.candidate_max_df:
                break
            keys.append(t)
            budget += n
        keys_of.append(keys)
        wanted.update(keys)
    postings: dict[int, list[int]] = {}
    for chunk in _chunks(sorted(wanted)):
        for t, pk in conn.execute(select(T.item_terms.c.term, T.item_terms.c.item_pk)
                                  .where(T.item_terms.c.term.in_(chunk))):
            postings.setdefault(int(t), []).append(int(pk))
    ranked = []
    for keys in keys_of:
        hits = [p for t in keys for p in postings.get(t, ())]
        if not hits:
            ranked.append([])
            continue
        pks, counts = np.unique(np.asarray(hits, dtype=np.int64), return_counts=True)
        order = np.lexsort((pks, -counts))[: 3 * settings.candidates]  # over-fetch: some are of other rounds
        ranked.append([int(p) for p in pks[order]])
    # the rounds of the candidates: only earlier rounds' items count
    round_of: dict[int, int] = {}
    for chunk in _chunks(sorted({p for r in ranked for p in r})):
        round_of.update({int(i): int(r) for i, r in conn.execute(select(T.items.c.id, T.items.c.round_id)
                                                                 .where(T.items.c.id.in_(chunk)))})
    return [[p for p in r if round_of.get(p) in allowed_rounds][: settings.candidates] for r in ranked]


@dataclass(frozen=True)
class Query:
    text: str
    sector: str


@dataclass(frozen=True)
class Candidate:
    pk: int
    text: str
    sector: str


def score_pairs(queries: list[Query], candidates: list[list[Candidate]], settings,
                views: dict[str, str] | None = None) -> list[list[tuple[int, float]]]:
    """For each query, (candidate pk, score) of the candidates it repeats, best first.

    Score: cosine of char_wb 2–4-gram TF-IDF vectors of the content words, fitted on the
    texts compared; kept at ``match_threshold`` (``cross_sector_threshold`` across sectors)
    when ``cluster.guard_allows`` the two texts. ``views``: text → ``content_view`` already
    computed by the caller (the query texts, whose index terms came from it).
    """
    cl = _cluster()
    texts: dict[str, int] = {}

    def idx(t: str) -> int:
        return texts.setdefault(t, len(texts))

    content: dict[str, int] = {}
    views = views or {}

    def of(text: str) -> int:  # each distinct text's content words, computed once
        if text not in content:
            content[text] = idx(views[text] if text in views else cl.content_text(text))
        return content[text]

    pairs = []
    for qi, (q, cands) in enumerate(zip(queries, candidates)):
        if not cands:
            continue
        qx = of(q.text)
        for c in cands:
            pairs.append((qi, qx, of(c.text), c))
    out: list[list[tuple[int, float]]] = [[] for _ in queries]
    if not pairs:
        return out
    X = char_wb_tfidf(list(texts))
    a = np.array([p[1] for p in pairs])
    b = np.array([p[2] for p in pairs])
    sims = np.asarray(X[a].multiply(X[b]).sum(axis=1)).ravel()
    above: list[list[tuple[float, Candidate]]] = [[] for _ in queries]
    for (qi, _, _, c), s in zip(pairs, sims):
        q = queries[qi]
        need = settings.match_threshold if (q.sector == c.sector or not q.sector or not c.sector) \
            else settings.cross_sector_threshold
        if s + 1e-9 >= need:
            above[qi].append((float(s), c))
    allows = _guard_allows_cached(cl)
    for qi, lst in enumerate(above):  # the guards, on the best-scoring candidates only
        lst.sort(key=lambda x: (-x[0], x[1].pk))
        for s, c in lst[: settings.max_links]:
            if allows(queries[qi].text, c.text):
                out[qi].append((c.pk, round(s, 4)))
    return out


def char_wb_tfidf(texts: list[str]):
    """The texts' char_wb 2–4-gram TF-IDF rows (sublinear tf, l2), as in clustering.

    scikit-learn's TfidfVectorizer through ``fast.char_wb.speed_up`` (each distinct word cut
    into n-grams once: the same matrix, about 5× less CPU on a 3,000-item round's candidate
    texts; the plain vectorizer with ``CUTRI_FAST=0`` or an unverified scikit-learn)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from ..fast.char_wb import speed_up

    return speed_up(TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)).fit_transform(texts)


def cached_guard():
    """``cluster.guard_allows`` with each distinct text's guard state computed once (for
    scoring many pairs that share texts: register matching, answer linking)."""
    return _guard_allows_cached(_cluster())


def _guard_allows_cached(cl):
    """``cluster.guard_allows`` with each distinct text's guard state computed once.

    ``guard_allows(a, b)`` is ``_Guard.of(guard_entities(a)).compatible(_Guard.of(guard_entities(b)))``;
    the entity extraction dominates it and a query text meets several candidates, so the
    state is kept per text (same results). Falls back to ``guard_allows`` when cluster
    no longer exposes ``_Guard``.
    """
    guard_cls = getattr(cl, "_Guard", None)
    if guard_cls is None or not hasattr(cl, "guard_entities"):
        return cl.guard_allows
    states: dict[str, object] = {}

    def state(text: str):
        g = states.get(text)
        if g is None:
            g = states[text] = guard_cls.of(cl.guard_entities(text))
        return g

    return lambda a, b: state(a).compatible(state(b))
