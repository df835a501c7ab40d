"""Candidate neighbours from a sparse syllable index, scored exactly, the best kept as edges.

Over all items, candidate neighbours come from a sparse syllable index, multiplied in
chunks of ``_CANDIDATE_ROWS`` rows (no dense n×n matrix). Syllables rare in the block are
always keys; in large blocks an item also uses its ``candidate_keys`` rarest syllables
(those in at most ``candidate_max_df`` items). On inputs of a few thousand items the
search is in effect exhaustive. The best ``2·n_neighbors`` candidates of a row are scored
exactly and the best ``n_neighbors`` at or above ``review_threshold`` are kept as edges.
``jobs`` > 1 spreads the work of large inputs over forked processes (``parallel.fork_map``:
each task computed exactly as in one process, results in task order, so the outcome never
depends on ``jobs``).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from ..config import ClusterSettings
from ..parallel import fork_map, shared
from .vectors import syllables


# Large inputs only: below this many tasks' worth of items, one process is faster.
_PARALLEL_MIN = 5000
_CANDIDATE_ROWS = 1024  # rows of a block whose candidates are searched together (no dense n×n matrix)
_PAIR_CHUNK = 25_000  # pairs of rows multiplied together
_SHARED = shared()  # what the forked tasks read (parallel.fork_map's ``share``)


def _spans(n: int, parts: int) -> list[tuple[int, int]]:
    """``parts`` contiguous (start, end) spans covering range(n)."""
    cuts = np.linspace(0, n, max(parts, 1) + 1).astype(int)
    return [(int(a), int(b)) for a, b in zip(cuts[:-1], cuts[1:]) if b > a]



def _candidates_task(start: int) -> np.ndarray:
    """Candidate pairs of rows start… of a block, as lo·n + hi (block positions)."""
    X, XT, n_cand, step = _SHARED["X"], _SHARED["XT"], _SHARED["n_cand"], _SHARED["step"]
    r, c = _top_per_row(X[start : start + step] @ XT, n_cand, start)
    return np.minimum(r, c) * XT.shape[1] + np.maximum(r, c)


def _similarity_task(span: tuple[int, int]) -> np.ndarray:
    Z, ua, ub = _SHARED["Z"], _SHARED["ua"], _SHARED["ub"]
    return np.asarray(Z[ua[span[0] : span[1]]].multiply(Z[ub[span[0] : span[1]]]).sum(axis=1)).ravel()

# A syllable in at most this many items of a block is always a search key (cheap).
_CHEAP_DF = 64


def _candidate_index(words: list[str], docs: np.ndarray, settings: ClusterSettings) -> sp.csr_matrix:
    """Syllable TF-IDF of one block (row i: word view ``words[docs[i]]``), reduced to each row's useful keys.

    A syllable is a key of a row when it is rare in the block (df ≤ ``_CHEAP_DF``),
    or when it is among the row's ``candidate_keys`` rarest syllables and occurs
    in at most ``candidate_max_df`` items; every row keeps at least its 2 rarest.
    On small inputs nearly every syllable is a key, so the search is exhaustive.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer  # the main process of a run never imports it

    block = [words[d] for d in docs.tolist()]
    if not any(block):
        return sp.csr_matrix((len(docs), 1), dtype=np.float32)
    X = TfidfVectorizer(analyzer=syllables, dtype=np.float32).fit_transform(block).tocsr()
    df = np.bincount(X.indices, minlength=X.shape[1])
    if df.max(initial=0) <= _CHEAP_DF:
        return X
    row_of = np.repeat(np.arange(X.shape[0]), np.diff(X.indptr))
    fdf = df[X.indices]
    order = np.lexsort((X.indices, fdf, row_of))
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order)) - X.indptr[:-1][row_of[order]]
    keep = (fdf <= _CHEAP_DF) | ((rank < settings.candidate_keys) & (fdf <= settings.candidate_max_df)) | (rank < 2)
    X = sp.csr_matrix((np.where(keep, X.data, 0).astype(np.float32), X.indices, X.indptr), shape=X.shape)
    X.eliminate_zeros()
    return X


def _unique(x: np.ndarray) -> np.ndarray:
    """Sorted distinct values of an integer array (a plain sort: faster than ``np.unique`` on big arrays)."""
    x = np.sort(x)
    return x[np.r_[True, x[1:] != x[:-1]]] if len(x) else x


def _unique_inverse(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(sorted distinct values, index of each value among them) of an integer array."""
    order = np.argsort(x)
    xs = x[order]
    new = np.r_[True, xs[1:] != xs[:-1]] if len(xs) else np.zeros(0, dtype=bool)
    inv = np.empty(len(x), dtype=np.int64)
    inv[order] = np.cumsum(new) - 1
    return xs[new], inv


def _top_k(indptr: np.ndarray, cols: np.ndarray, vals: np.ndarray, k: int, diagonal: int | None = None) -> np.ndarray:
    """Positions of the entries among the k largest of their row (ties → smaller col), in no order.

    Row r holds entries ``indptr[r]:indptr[r+1]`` (any order, distinct cols);
    with ``diagonal`` set, the entry at col r + diagonal is left out. Rows of
    similar length are read as one padded array whose partition gives each
    row's k-th largest value: entries above it are in, and entries equal to it
    fill the remaining places, smallest cols first.
    """
    indptr = np.asarray(indptr, dtype=np.int64)
    cnt = np.diff(indptr)
    rows = np.flatnonzero(cnt)
    if len(rows) == 0:
        return np.zeros(0, dtype=np.int64)
    rows = rows[np.argsort(cnt[rows], kind="stable")]
    size_class = np.floor(np.log2(cnt[rows]) * 4).astype(np.int64)  # padding below 19 %
    padded = np.concatenate([vals, np.full(int(cnt.max()), -np.inf, dtype=vals.dtype)])
    if diagonal is not None:  # never chosen (real values are finite)
        padded[np.flatnonzero(cols == np.repeat(np.arange(len(cnt)), cnt) + diagonal)] = -np.inf
    out = []
    for part in np.split(rows, np.flatnonzero(np.diff(size_class)) + 1):
        width = int(cnt[part[-1]])
        start = indptr[part]
        if width <= k:  # whole rows
            pos = np.repeat(start - (np.cumsum(cnt[part]) - cnt[part]), cnt[part]) + np.arange(int(cnt[part].sum()))
            out.append(pos[padded[pos] != -np.inf] if diagonal is not None else pos)
            continue
        v = np.lib.stride_tricks.sliding_window_view(padded, width)[start]
        v[np.arange(width) >= cnt[part][:, None]] = -np.inf  # the next rows' entries
        kth = np.partition(v, width - k, axis=1)[:, width - k]
        kth = np.maximum(kth, np.finfo(v.dtype).min)  # a short row: all of it, not the padding
        above = v > kth[:, None]
        r, c = np.divmod(np.flatnonzero(above), width)  # (faster than np.nonzero)
        out.append(start[r] + c)
        need = k - above.sum(axis=1)
        r, c = np.divmod(np.flatnonzero(v == kth[:, None]), width)
        tie = start[r] + c
        order = np.argsort((r.astype(np.uint64) << np.uint64(32)) | cols[tie].astype(np.uint64))
        r, tie = r[order], tie[order]
        first = np.r_[0, np.flatnonzero(np.diff(r)) + 1]
        rank = np.arange(len(r)) - np.repeat(first, np.diff(np.r_[first, len(r)]))
        out.append(tie[rank < need[r]])
    return np.concatenate(out)


def _top_per_row(P: sp.csr_matrix, k: int, offset_row: int) -> tuple[np.ndarray, np.ndarray]:
    """(row, col) of the k largest entries of each row of P (ties → smaller col), the diagonal excluded."""
    P = P.tocsr()
    pos = _top_k(P.indptr, P.indices, P.data, k, diagonal=offset_row)
    row = np.searchsorted(P.indptr, pos, side="right") - 1
    return row + offset_row, P.indices[pos].astype(np.int64)


def _top_pairs(rows: np.ndarray, cols: np.ndarray, vals: np.ndarray, k: int, n_rows: int) -> np.ndarray:
    """Indices of the k largest vals per row (ties → smaller col); (row, col) pairs are distinct."""
    # entries grouped by row with a counting sort (scipy's COO → CSR conversion)
    group = sp.csr_matrix((np.ones(len(rows), dtype=np.int8), (rows, np.arange(len(rows)))), shape=(n_rows, len(rows)))
    order = group.indices.astype(np.int64)
    return order[_top_k(group.indptr, cols[order], vals[order], k)]


def _pair_similarity(
    Z: sp.csr_matrix, a: np.ndarray, b: np.ndarray, offset: float, jobs: int = 1
) -> np.ndarray:
    """Combined similarity of rows a[k] and b[k] of Z, each distinct pair of rows computed once."""
    m = Z.shape[0]
    if Z.has_canonical_format:  # products summed in column order: symmetric
        a, b = np.minimum(a, b), np.maximum(a, b)
    key, inv = _unique_inverse(a.astype(np.int64) * m + b)
    spans = _spans(len(key), -(-len(key) // _PAIR_CHUNK))
    jobs = jobs if len(key) >= 20 * _PARALLEL_MIN else 1
    parts = fork_map(_similarity_task, spans, jobs, {"Z": Z, "ua": key // m, "ub": key % m})
    out = np.concatenate(parts) if parts else np.zeros(0, dtype=np.float32)
    return np.clip(out.astype(np.float64)[inv] + offset, 0.0, 1.0)


def _neighbour_pairs(
    Z: sp.csr_matrix,
    offset: float,
    row_of: np.ndarray,
    words: list[str],
    word_of: np.ndarray,
    blocks: list[np.ndarray],
    settings: ClusterSettings,
    jobs: int = 1,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Edges (i < j, similarity ≥ review_threshold) of the sparse neighbour graph.

    Item i has row ``row_of[i]`` of Z and the word view ``words[word_of[i]]``.
    """
    k = max(int(settings.n_neighbors), 1)
    n_cand = 2 * k
    all_a, all_b, all_s = [], [], []
    for rows in blocks:
        if len(rows) < 2:
            continue
        X = _candidate_index(words, word_of[rows], settings)
        XT = X.T.tocsr()
        step = _CANDIDATE_ROWS
        # candidate pairs (lo, hi) of block positions as lo·len(rows) + hi
        keys = fork_map(
            _candidates_task,
            list(range(0, len(rows), step)),
            jobs if len(rows) >= _PARALLEL_MIN else 1,
            {"X": X, "XT": XT, "n_cand": n_cand, "step": step},
        )
        del X, XT
        key = _unique(np.concatenate(keys))
        del keys
        if len(key) == 0:
            continue
        lo, hi = key // len(rows), key % len(rows)
        del key
        sim = _pair_similarity(Z, row_of[rows[lo]], row_of[rows[hi]], offset, jobs)
        ok = sim >= settings.review_threshold
        lo, hi, sim = lo[ok], hi[ok], sim[ok]
        del ok
        if len(lo) == 0:
            continue
        # keep an edge when it is among the k best of either endpoint
        top = _top_pairs(np.r_[lo, hi], np.r_[hi, lo], np.r_[sim, sim], k, len(rows))
        sel = np.zeros(len(lo), dtype=bool)
        sel[top % len(lo)] = True
        del top
        all_a.append(rows[lo[sel]])
        all_b.append(rows[hi[sel]])
        all_s.append(sim[sel])
        del lo, hi, sim, sel
    if not all_a:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    a = np.concatenate(all_a)
    b = np.concatenate(all_b)
    s = np.concatenate(all_s)
    order = np.argsort(a * (int(b.max()) + 1) + b)  # by (a, b); pairs are distinct
    return a[order], b[order], s[order]
