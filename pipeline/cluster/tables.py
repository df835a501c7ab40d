"""The clusters table and the review pairs of a clustering."""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .. import schemas as S
from .linkage import _majority


def _str_col(items: pd.DataFrame, col: str) -> list[str]:
    return ["" if pd.isna(v) else str(v) for v in items[col].tolist()]


def opinion_weights(items: pd.DataFrame) -> list[int]:
    """Each item's ``n_opinions`` (at least 1; 1 when the column is absent or unreadable)."""
    if S.N_OPINIONS not in items.columns:
        return [1] * len(items)
    return pd.to_numeric(items[S.N_OPINIONS], errors="coerce").fillna(1).clip(lower=1).astype(int).tolist()


def _cluster_table(Z, row_of, label, ids, units, texts, sectors, labels_col, authority,
                   opinions: list[int] | None = None) -> pd.DataFrame:
    n = len(label)
    weight = np.ones(n, dtype=np.int64) if opinions is None else np.asarray(opinions, dtype=np.int64)
    roots, inv, sizes = np.unique(label, return_inverse=True, return_counts=True)
    first_pos = np.r_[0, np.cumsum(sizes)[:-1]]
    members_sorted = np.argsort(inv, kind="stable")  # by cluster, then item order
    # most central member of each cluster of 2+ items: highest mean similarity to
    # the other members (a score linear in it), ties → earliest; alone: itself
    rep = roots.copy()
    multi = np.flatnonzero(sizes > 1)
    if len(multi):
        m_items = np.flatnonzero(sizes[inv] > 1)
        m_inv = np.searchsorted(multi, inv[m_items])
        Zm = Z[row_of[m_items]]
        G = sp.csr_matrix(
            (np.ones(len(m_items), dtype=np.float32), (m_inv, np.arange(len(m_items)))), shape=(len(multi), len(m_items))
        )
        sums = (G @ Zm).tocsr()
        sums.sort_indices()
        own = np.asarray(Zm.multiply(Zm).sum(axis=1)).ravel()
        to_sum = np.asarray(Zm.multiply(sums[m_inv]).sum(axis=1)).ravel()
        score = np.round((to_sum - own) / np.maximum(sizes[multi][m_inv] - 1, 1), 9)
        order = np.lexsort((m_items, -score, m_inv))
        rep[multi] = m_items[order[np.r_[0, np.cumsum(sizes[multi])[:-1]]]]
    sector_out = [sectors[r] for r in roots.tolist()]
    label_out = [labels_col[r] or sectors[r] for r in roots.tolist()]
    units_out = [units[r] for r in roots.tolist()]
    n_units = [1] * len(roots)
    item_ids = [ids[r] for r in roots.tolist()]
    for ci in multi.tolist():
        mem = members_sorted[first_pos[ci] : first_pos[ci] + sizes[ci]].tolist()
        counts: dict[str, list[int]] = {}
        for m in mem:
            c = counts.setdefault(sectors[m], [0, m])
            c[0] += 1
        sector = _majority(counts)
        sector_out[ci] = sector
        label_out[ci] = labels_col[counts[sector][1]] or sector
        unit_set = sorted({units[m] for m in mem})
        units_out[ci] = "; ".join(unit_set)
        n_units[ci] = len(unit_set)
        item_ids[ci] = "; ".join(ids[m] for m in mem)
    return pd.DataFrame(
        {
            S.CLUSTER_ID: ["C" + ids[r] for r in roots.tolist()],
            S.SECTOR: sector_out,
            S.SECTOR_LABEL: label_out,
            S.AUTHORITY: [authority[r] for r in roots.tolist()],
            "representative_text": [texts[r] for r in rep.tolist()],
            "n_items": sizes.tolist(),
            "n_units": n_units,
            "units": units_out,
            "item_ids": item_ids,
            S.N_OPINIONS: np.bincount(inv, weights=weight, minlength=len(roots)).astype(np.int64).tolist(),
        },
        columns=S.CLUSTER_COLUMNS,
    )


def _review_rows(a, b, s, label, table, gid):
    """Edges whose items ended in different clusters and pass the guard, best first, as
    (row a, row b, similarity) (``review_pairs_rows``)."""
    diff = np.flatnonzero(label[a] != label[b])
    keep = diff[table.compatible(gid[a[diff]], gid[b[diff]])]
    ra, rb, rs = a[keep], b[keep], np.round(s[keep], 6)
    order = np.lexsort((rb, ra, -rs))
    ra, rb, rs = ra[order], rb[order], rs[order]
    return ra, rb, np.round(rs, 4)


def _pairs_frame(ra, rb, similarity, ids, units, texts) -> pd.DataFrame:
    ids_a, units_a, texts_a = (np.asarray(x, dtype=object) for x in (ids, units, texts))
    return pd.DataFrame(
        {
            "item_id_a": ids_a[ra],
            "item_id_b": ids_a[rb],
            "similarity": similarity,
            "unit_a": units_a[ra],
            "unit_b": units_a[rb],
            "text_a": texts_a[ra],
            "text_b": texts_a[rb],
        },
        columns=S.REVIEW_PAIR_COLUMNS,
    )


def review_pairs_rows(items: pd.DataFrame, review_pairs: pd.DataFrame):
    """``review_pairs`` as (row a, row b, similarity) arrays of ``items``: a compact form to send
    between processes, turned back into the table by ``review_pairs_frame``. An empty table is
    returned as it is."""
    if review_pairs.empty:
        return review_pairs
    where = pd.Index(items[S.ITEM_ID]).get_indexer
    return (where(review_pairs["item_id_a"]), where(review_pairs["item_id_b"]),
            review_pairs["similarity"].to_numpy())


def review_pairs_frame(items: pd.DataFrame, rows) -> pd.DataFrame:
    """The review-pairs table that ``review_pairs_rows(items, table)`` was made from."""
    if isinstance(rows, pd.DataFrame):
        return rows
    ra, rb, similarity = rows
    fast = _arrow_pairs_frame(items, ra, rb, similarity)
    if fast is not None:
        return fast
    return _pairs_frame(ra, rb, similarity, *(_str_col(items, c) for c in (S.ITEM_ID, S.UNIT, S.TEXT)))


def _arrow_pairs_frame(items: pd.DataFrame, ra, rb, similarity) -> pd.DataFrame | None:
    """``_pairs_frame`` taken from the items' arrow-backed string columns (no Python string per
    cell: millions of pairs on a large round), or None when a column is not arrow-backed or a
    pair has no rows. The values and dtypes are those ``_pairs_frame`` gives."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not len(ra):
        return None
    dtype = pd.StringDtype("pyarrow", na_value=np.nan)  # what pandas infers for a column of str
    cols = {}
    for c in (S.ITEM_ID, S.UNIT, S.TEXT):
        if items[c].dtype != dtype:
            return None
        arr = pa.array(items[c])
        cols[c] = pc.fill_null(arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr, "")  # as _str_col

    def take(c, rows):
        return pd.Series(dtype.__from_arrow__(cols[c].take(pa.array(rows))), copy=False)

    return pd.DataFrame(
        {
            "item_id_a": take(S.ITEM_ID, ra),
            "item_id_b": take(S.ITEM_ID, rb),
            "similarity": similarity,
            "unit_a": take(S.UNIT, ra),
            "unit_b": take(S.UNIT, rb),
            "text_a": take(S.TEXT, ra),
            "text_b": take(S.TEXT, rb),
        },
        columns=S.REVIEW_PAIR_COLUMNS,
    )
