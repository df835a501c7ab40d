"""The clustering fast paths are exact: the same matrices, pairs, links and clusters as the plain
library calls and the one-heap reference (split from test_cluster.py)."""

from __future__ import annotations

import dataclasses
import heapq

import numpy as np
import pandas as pd
import pytest

from pipeline import cluster as C
from pipeline import schemas as S
from pipeline.cluster import cluster_items
from pipeline.cluster import entities as E, linkage as LK, neighbours as N, stage as ST, tables as TB, vectors as V
from pipeline.config import ClusterSettings
from pipeline.fast import cluster_vectors as F

from cluster_helpers import (  # noqa: F401  (dup_items, dup_result, tokens_of: fixtures)
    dup_items, dup_result, tokens_of,
)

# ---------------------------------------------------------------- the fast paths are exact
#
# The stage computes counts once per distinct word, shares rows between items with the
# same texts, stores rows sorted and replaces per-row Python loops by array operations;
# these tests hold each shortcut to the plain computation it replaces, bit for bit.


def _same_matrix(A, B) -> None:
    A, B = A.tocsr(), B.tocsr()
    assert A.shape == B.shape
    assert np.array_equal(A.indptr, B.indptr) and np.array_equal(A.indices, B.indices)
    assert A.data.dtype == B.data.dtype and np.array_equal(A.data, B.data)


def _views(items: pd.DataFrame) -> tuple[list[str], list[str]]:
    return [C.content_tokens(t) for t in items[S.TOKENS]], [C.content_text(t) for t in items[S.TEXT]]


@pytest.fixture(scope="module")
def repeated_items(dup_items) -> pd.DataFrame:
    """The duplicate set with some texts repeated (items sharing rows), as one authority."""
    items = dup_items.drop(columns=["group_id"])
    items = pd.concat([items, items.iloc[::3], items.iloc[::7]], ignore_index=True)
    return items.assign(**{S.ITEM_ID: [f"Q{i:04d}" for i in range(len(items))]})


def test_fast_term_counts_match_scikit_learn(repeated_items, monkeypatch):
    """The fast path's counts, built once per distinct word, are scikit-learn's matrices (layout included)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    words, chars = _views(repeated_items)
    char_of, char_docs = V._distinct(chars)
    analyzer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), lowercase=False).build_analyzer()
    D, units = F._unit_counts([(c or " ").lower().split() for c in char_docs])
    X, _ = F._feature_counts(D, units, analyzer)
    ref = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, dtype=np.float32)
    _same_matrix(F._tfidf(X, True, char_of)[char_of], ref.fit_transform([c or " " for c in chars]))

    word_of, word_docs = V._distinct(words)
    D, tokens = F._unit_counts([d.split() for d in word_docs])
    ref = TfidfVectorizer(analyzer=str.split, sublinear_tf=True, dtype=np.float32)
    _same_matrix(F._tfidf(F._feature_counts(D, tokens)[0], True, word_of)[word_of], ref.fit_transform(words))
    ref = TfidfVectorizer(analyzer=lambda d: d.replace("_", " ").split(), sublinear_tf=True, dtype=np.float32)
    Xy = F._feature_counts(D, tokens, F._syllable_list)[0]
    _same_matrix(F._tfidf(Xy, True, word_of)[word_of], ref.fit_transform(words))

    rows = np.arange(0, len(words), 2)
    ref = TfidfVectorizer(analyzer=str.split, dtype=np.float32).fit_transform([words[i].replace("_", " ") for i in rows])
    monkeypatch.setattr(N, "_CHEAP_DF", 10**6)  # every syllable a key: the plain TF-IDF
    _same_matrix(N._candidate_index(word_docs, word_of[rows], ClusterSettings()), ref)


def test_fast_similarities_match_plain_products(repeated_items, monkeypatch):
    """Shared, sorted rows (pipeline/fast) give every pair the plain path's similarity, to the bit."""
    settings = ClusterSettings()
    words, chars = _views(repeated_items)
    word_of, word_docs = V._distinct(words)
    char_of, char_docs = V._distinct(chars)
    ia, ib = np.triu_indices(len(words), 1)
    monkeypatch.setenv("CUTRI_FAST", "0")
    Zp, offset_p, row_p = V.vectors(word_docs, word_of, char_docs, char_of, settings)
    assert Zp.shape[0] == len(words) and row_p.tolist() == list(range(len(words)))
    expected = N._pair_similarity(Zp, row_p[ia], row_p[ib], offset_p)
    assert 0 < (expected >= settings.merge_threshold).sum() < len(expected)
    monkeypatch.setenv("CUTRI_FAST", "1")
    assert F._trusted()  # the verified versions are the installed ones (pyproject bounds)
    Z, offset, row_of = V.vectors(word_docs, word_of, char_docs, char_of, settings)
    assert Z.has_canonical_format and Z.shape[0] < len(words)
    assert np.array_equal(N._pair_similarity(Z, row_of[ia], row_of[ib], offset), expected)


def test_results_do_not_depend_on_sorted_rows(dup_items, dup_result, monkeypatch):
    """Without the sorted layout (the plain one, multiplied by scipy's general path) nothing changes."""
    monkeypatch.setattr(F, "_canonical", lambda Z, key: (Z, False))
    res = cluster_items(dup_items.drop(columns=["group_id"]), ClusterSettings())
    pd.testing.assert_frame_equal(res.items, dup_result.items)
    pd.testing.assert_frame_equal(res.clusters, dup_result.clusters)
    pd.testing.assert_frame_equal(res.review_pairs, dup_result.review_pairs)


def test_plain_path_gives_the_same_clusters(dup_items, dup_result, monkeypatch):
    """CUTRI_FAST=0: TfidfVectorizer on every item, plain products; the same tables."""
    monkeypatch.setenv("CUTRI_FAST", "0")
    res = cluster_items(dup_items.drop(columns=["group_id"]), ClusterSettings())
    pd.testing.assert_frame_equal(res.items, dup_result.items)
    pd.testing.assert_frame_equal(res.clusters, dup_result.clusters)
    pd.testing.assert_frame_equal(res.review_pairs, dup_result.review_pairs)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_top_k_matches_full_sort(dtype):
    rng = np.random.default_rng(7)
    for trial in range(40):
        n_rows, k = int(rng.integers(1, 30)), int(rng.integers(1, 12))
        cnt = rng.integers(0, 60, n_rows)
        indptr = np.r_[0, np.cumsum(cnt)]
        cols = np.concatenate([rng.permutation(200)[:c] for c in cnt]).astype(np.int64)
        vals = rng.integers(1, 6, len(cols)).astype(dtype) / 4  # many ties
        diagonal = int(rng.integers(0, 5)) if trial % 2 else None
        got = np.sort(N._top_k(indptr, cols, vals, k, diagonal))
        want = []
        for r in range(n_rows):
            pos = np.arange(indptr[r], indptr[r + 1])
            if diagonal is not None:
                pos = pos[cols[pos] != r + diagonal]
            want += pos[np.lexsort((cols[pos], -vals[pos]))][:k].tolist()
        assert got.tolist() == sorted(want)


def test_guard_table_matches_guard_compatible(tokens_of):
    guards = [E._Guard.of(C.guard_entities(t)) for t in sorted(tokens_of)]
    gid, distinct = ST._distinct_guards(guards)
    ia, ib = (x.ravel() for x in np.meshgrid(np.arange(len(guards)), np.arange(len(guards))))
    got = E._GuardTable(distinct).compatible(gid[ia], gid[ib], chunk=997)
    want = [guards[i].compatible(guards[j]) for i, j in zip(ia.tolist(), ib.tolist())]
    assert got.tolist() == want and 0 < sum(want) < len(want)


def _link_one_heap(a, b, s, eligible, guards, sectors, settings, label) -> None:
    """The linkage as first written: one heap of every link (the reference for the faster one)."""
    merge_t = settings.merge_threshold
    cross_t = max(settings.cross_sector_threshold, merge_t)
    members, adj = {}, {}
    for i, j, v in zip(a.tolist(), b.tolist(), s.tolist()):
        adj.setdefault(i, {})[j] = adj.get(i, {}).get(j, 0.0) + v
        adj.setdefault(j, {})[i] = adj.get(j, {}).get(i, 0.0) + v
    size = {i: 1 for i in adj}
    guard = {i: guards[i] for i in adj}
    sect = {i: {sectors[i]: [1, i]} for i in adj}
    version = {i: 0 for i in adj}
    heap = [(-v, i, j, 0, 0) for i, j, v, e in zip(a.tolist(), b.tolist(), s.tolist(), eligible.tolist()) if e]
    heapq.heapify(heap)
    while heap:
        neg, c, d, vc, vd = heapq.heappop(heap)
        link = -neg
        if link < merge_t:
            break
        if version.get(c) != vc or version.get(d) != vd:
            continue
        required = merge_t if LK._majority(sect[c]) == LK._majority(sect[d]) else cross_t
        if link < required or not guard[c].compatible(guard[d]):
            continue
        root, other = (c, d) if c < d else (d, c)
        members.setdefault(root, [root]).extend(members.pop(other, [other]))
        size[root] += size.pop(other)
        guard[root] = guard[root].merge(guard.pop(other))
        for sec, (cnt, first) in sect.pop(other).items():
            cur = sect[root].setdefault(sec, [0, first])
            cur[0] += cnt
            cur[1] = min(cur[1], first)
        version[root] += 1
        del version[other]
        nb_other = adj.pop(other)
        nb_root = adj[root]
        nb_root.pop(other, None)
        for e, v in nb_other.items():
            if e == root:
                continue
            nb_root[e] = nb_root.get(e, 0.0) + v
            ne = adj[e]
            ne.pop(other, None)
            ne[root] = ne.get(root, 0.0) + v
        for e, v in nb_root.items():
            lk = v / (size[root] * size[e])
            if lk >= merge_t:
                x, y = (root, e) if root < e else (e, root)
                heapq.heappush(heap, (-lk, x, y, version[x], version[y]))
    for root, mem in members.items():
        label[mem] = root


def test_linkage_matches_one_heap(tokens_of):
    """Per-cluster queues visit the links in the order of one heap of all of them."""
    pool = [E._Guard.of(C.guard_entities(t)) for t in sorted(tokens_of)][:12]
    settings = dataclasses.replace(ClusterSettings(), merge_threshold=0.4, cross_sector_threshold=0.7)
    rng = np.random.default_rng(3)
    merged = 0
    for _ in range(60):
        n = int(rng.integers(3, 40))
        pairs = sorted({tuple(sorted(rng.choice(n, 2, replace=False).tolist())) for _ in range(int(rng.integers(2, 4 * n)))})
        a = np.asarray([p[0] for p in pairs])
        b = np.asarray([p[1] for p in pairs])
        s = rng.integers(0, 11, len(pairs)) / 10  # ties on purpose
        eligible = (s >= settings.merge_threshold) & (rng.random(len(pairs)) < 0.9)
        guards = [pool[i] for i in rng.integers(0, len(pool), n)]
        sectors = [["a", "b", "c"][i] for i in rng.integers(0, 3, n)]
        want, got = np.arange(n), np.arange(n)
        _link_one_heap(a, b, s, eligible, guards, sectors, settings, want)
        LK._link_component(a, b, s, eligible, guards, sectors, settings, got)
        assert got.tolist() == want.tolist()
        merged += int((want != np.arange(n)).sum())
    assert merged > 50


def test_jobs_do_not_change_results(repeated_items, monkeypatch):
    """Text views, candidates and similarities computed by forked processes: the same tables."""
    items = repeated_items.assign(**{S.AUTHORITY: S.CENTRAL})
    one = cluster_items(items, ClusterSettings())
    monkeypatch.setattr(N, "_PARALLEL_MIN", 1)  # fork even for this small input, in many tasks
    monkeypatch.setattr(N, "_CANDIDATE_ROWS", 40)
    monkeypatch.setattr(N, "_PAIR_CHUNK", 300)
    calls = []
    original = N.fork_map

    def counted(fn, tasks, jobs, share):
        calls.append(jobs)
        return original(fn, tasks, jobs, share)

    monkeypatch.setattr(N, "fork_map", counted)  # the candidates and similarities
    monkeypatch.setattr(ST, "fork_map", counted)  # the text views
    two = cluster_items(items, ClusterSettings(), jobs=2)
    assert calls.count(2) >= 3  # tokens, texts, candidates (and similarities when enough pairs)
    pd.testing.assert_frame_equal(one.items, two.items)
    pd.testing.assert_frame_equal(one.clusters, two.clusters)
    pd.testing.assert_frame_equal(one.review_pairs, two.review_pairs)


def test_review_pairs_survive_the_compact_form(dup_items, dup_result):
    """Row numbers + similarity rebuild exactly the review table (how the modelling worker sends it)."""
    pairs = dup_result.review_pairs
    assert len(pairs) > 0
    rows = C.review_pairs_rows(dup_items, pairs)
    assert not isinstance(rows, pd.DataFrame) and (rows[0] >= 0).all() and (rows[1] >= 0).all()
    pd.testing.assert_frame_equal(C.review_pairs_frame(dup_items, rows), pairs)
    empty = pairs.iloc[0:0]
    pd.testing.assert_frame_equal(C.review_pairs_frame(dup_items, C.review_pairs_rows(dup_items, empty)),
                                  empty)


def _same_result(a, b) -> None:
    pd.testing.assert_frame_equal(a.items, b.items)
    pd.testing.assert_frame_equal(a.clusters, b.clusters)
    pd.testing.assert_frame_equal(a.review_pairs, b.review_pairs)


def test_prepared_views_give_the_same_result_and_are_consumed(dup_items, dup_result, monkeypatch):
    """Views prepared from ids, texts and tokens only (before any label) are used, not recomputed."""
    unlabelled = dup_items[[S.ITEM_ID, S.TEXT, S.TOKENS]]
    views = C.prepare_views(unlabelled, ClusterSettings())
    calls = []
    original = ST._prepare_views
    monkeypatch.setattr(ST, "_prepare_views", lambda *a: calls.append(1) or original(*a))
    items = dup_items.drop(columns=["group_id"])
    _same_result(cluster_items(items, ClusterSettings(), views=views), dup_result)
    assert calls == []  # nothing computed again
    assert views.parts == {}  # consumed: their memory goes with the clustering
    _same_result(cluster_items(items, ClusterSettings(), views=views), dup_result)
    assert calls == [1]  # consumed views are not used twice


def test_views_of_other_items_or_settings_are_ignored(dup_items, monkeypatch):
    full = dup_items[[S.ITEM_ID, S.TEXT, S.TOKENS]]
    subset = dup_items.iloc[::2].reset_index(drop=True)  # as when analysts mark items not recommendations
    reworded = dup_items.assign(**{S.TEXT: dup_items[S.TEXT].str.replace("Đề nghị", "Kiến nghị", regex=False)})
    loose = ClusterSettings(merge_threshold=0.5, review_threshold=0.3, char_ngram_max=4)
    for items, settings in ((subset, ClusterSettings()), (reworded, ClusterSettings()), (dup_items, loose)):
        views = C.prepare_views(full, ClusterSettings())
        _same_result(cluster_items(items, settings, views=views), cluster_items(items, settings))


def test_prepared_views_in_parallel_equal_one_process(repeated_items, monkeypatch):
    items = repeated_items.assign(**{S.AUTHORITY: S.CENTRAL})
    one = cluster_items(items, ClusterSettings())
    monkeypatch.setattr(N, "_PARALLEL_MIN", 1)
    views = C.prepare_views(items[[S.ITEM_ID, S.TEXT, S.TOKENS]], ClusterSettings(), jobs=2)
    _same_result(cluster_items(items, ClusterSettings(), jobs=2, views=views), one)


def test_review_pairs_taken_from_arrow_columns_equal_the_plain_table(dup_items, dup_result):
    """With arrow-backed string columns (as in a run) the review table is taken column-wise by
    pyarrow: the same values and dtypes as building it from Python strings."""
    pairs = dup_result.review_pairs
    rows = C.review_pairs_rows(dup_items, pairs)
    items = dup_items.astype({S.ITEM_ID: "str", S.UNIT: "str", S.TEXT: "str"})
    items.loc[rows[0][0], S.UNIT] = None  # a missing unit reads as "", as _str_col gives it
    fast = TB._arrow_pairs_frame(items, *rows)
    assert fast is not None
    plain = TB._pairs_frame(*rows, *(TB._str_col(items, c) for c in (S.ITEM_ID, S.UNIT, S.TEXT)))
    pd.testing.assert_frame_equal(fast, plain)
    assert (fast["unit_a"] == "").any()
    pd.testing.assert_frame_equal(C.review_pairs_frame(items, rows), plain)
    assert TB._arrow_pairs_frame(dup_items.astype({S.TEXT: object}), *rows) is None  # object column: plain path


def test_cluster_rows_is_cluster_items_in_compact_form(dup_items, dup_result):
    items = dup_items.drop(columns=["group_id"])
    cluster_id, clusters, rows = C.cluster_rows(items, ClusterSettings())
    assert cluster_id.tolist() == dup_result.items[S.CLUSTER_ID].tolist()
    pd.testing.assert_frame_equal(clusters, dup_result.clusters)
    pd.testing.assert_frame_equal(C.review_pairs_frame(items, rows), dup_result.review_pairs)
