"""The round's output tables: what goes into them, capped where a round could make them huge.

``write_tables`` writes the TABLES files into the staging folder (see ``outdir.swap_in``
for how they reach the out folder). ``cap_review_pairs`` keeps review_pairs.csv
proportionate and ``large_file_warnings`` flags a file that yields thousands of items.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from . import io
from . import schemas as S

TABLES = (("recommendations", "parquet"), ("recommendations", "csv"), ("meetings", "csv"), ("rejects", "csv"),
          ("skipped", "csv"), ("clusters", "parquet"), ("clusters", "csv"), ("review_pairs", "csv"))


def write_tables(tables: dict[str, pd.DataFrame], stage: Path) -> list[Path]:
    """Write the TABLES files into ``stage``; return their paths."""
    paths = []
    for name, kind in TABLES:
        path = stage / f"{name}.{kind}"
        (io.write_parquet if kind == "parquet" else io.write_csv)(path, tables[name])
        paths.append(path)
    return paths


def cap_review_pairs(pairs: pd.DataFrame, per_item: int, total: int) -> tuple[pd.DataFrame, int]:
    """(the pairs kept, how many were dropped): each item in at most ``per_item`` pairs and at
    most ``total`` pairs in all; 0 turns a cap off.

    Pairs are ranked by similarity, highest first, ties by their order in ``pairs`` (which is
    deterministic). An item's ``per_item`` best-ranked pairs are its own; a pair is kept when it
    is among the best of both its items, then the ``total`` best-ranked of those are kept. The
    kept rows keep their order in ``pairs``, so a round under both caps is written unchanged.
    """
    n = len(pairs)
    if not n or (per_item <= 0 and (total <= 0 or n <= total)):
        return pairs, 0
    sim = pd.to_numeric(pairs["similarity"], errors="coerce").fillna(0.0).to_numpy(dtype=float)
    order = np.lexsort((np.arange(n), -sim))  # rank: similarity desc, then position
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    keep = np.ones(n, dtype=bool)
    if per_item > 0:
        # every (pair, item) once for each side, in rank order; the pair's place among its item's pairs
        ids = np.concatenate([pairs["item_id_a"].to_numpy(dtype=object), pairs["item_id_b"].to_numpy(dtype=object)])
        side_rank = np.concatenate([rank, rank])
        codes = pd.factorize(ids)[0]
        by = np.lexsort((side_rank, codes))
        sorted_codes = codes[by]
        starts = np.r_[0, np.flatnonzero(np.diff(sorted_codes)) + 1]
        run_start = np.repeat(starts, np.diff(np.r_[starts, len(by)]))
        place = np.empty(2 * n, dtype=np.int64)
        place[by] = np.arange(2 * n) - run_start
        keep &= np.maximum(place[:n], place[n:]) < per_item
    if total > 0 and keep.sum() > total:
        kept_by_rank = order[keep[order]]
        limit = np.zeros(n, dtype=bool)
        limit[kept_by_rank[:total]] = True
        keep &= limit
    dropped = int(n - keep.sum())
    if not dropped:
        return pairs, 0
    return pairs[keep].reset_index(drop=True), dropped


def large_file_warnings(items: pd.DataFrame, threshold: int) -> list[str]:
    """A Vietnamese warning per source file that yields more than ``threshold`` items (0: none)."""
    if threshold <= 0 or not len(items) or S.SOURCE_FILE not in items:
        return []
    sizes = items.groupby(S.SOURCE_FILE, sort=True).size()
    return [
        f"Tệp {name} cho ra {_count(n)} kiến nghị (nhiều hơn ngưỡng {_count(threshold)} của "
        f"[ingest] items_per_file_warning): hãy kiểm tra đây có đúng là biên bản tiếp xúc cử tri không."
        for name, n in sizes.items() if n > threshold
    ]


def _count(n) -> str:
    """1234567 → '1.234.567' (Vietnamese digit grouping)."""
    return f"{int(n):,}".replace(",", ".")
