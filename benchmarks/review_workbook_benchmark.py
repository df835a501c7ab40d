"""Time of writing review.xlsx for a large round, now and (optionally) at an earlier commit.

    .venv/bin/python benchmarks/review_workbook_benchmark.py OUT [--items 20000] [--repeat 3] [--old-rev REV]

OUT is the out folder of a run (its recommendations.parquet and clusters.parquet are
repeated, with fresh item ids, up to ``--items`` rows). ``--old-rev`` also times the
writer of ``pipeline/corrections/workbook.py`` at that git revision, in the same process,
alternating with the current one. Prints the median of ``--repeat`` writes and the sizes.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import corrections  # noqa: E402
from pipeline.config import Config  # noqa: E402


def big_round(out: Path, n: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    items = pd.read_parquet(out / "recommendations.parquet")
    clusters = pd.read_parquet(out / "clusters.parquet")
    reps = -(-n // len(items))
    frames = []
    for k in range(reps):
        part = items.copy()
        part["item_id"] = [f"R{k:04x}{i:06x}" for i in range(len(part))]
        part["cluster_id"] = "C" + part["item_id"]
        frames.append(part)
    big = pd.concat(frames, ignore_index=True).head(n)
    cl = pd.concat([clusters] * reps, ignore_index=True)
    cl["cluster_id"] = [f"C{i:010x}" for i in range(len(cl))]
    return big, cl.head(n)


def old_writer(rev: str):
    src = subprocess.run(["git", "show", f"{rev}:pipeline/corrections/workbook.py"], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    path = Path(tempfile.mkdtemp()) / "old_workbook.py"
    path.write_text(src, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("pipeline.corrections._old_workbook", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.write_review_workbook


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", type=Path)
    ap.add_argument("--items", type=int, default=20_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--old-rev")
    args = ap.parse_args()
    items, clusters = big_round(args.out, args.items)
    cfg = Config()
    writers = {"now": corrections.write_review_workbook}
    if args.old_rev:
        writers[f"at {args.old_rev}"] = old_writer(args.old_rev)
    times: dict[str, list[float]] = {k: [] for k in writers}
    sizes = {}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.repeat):
            for name, write in writers.items():
                path = Path(tmp) / f"{len(times[name])}-{name.replace(' ', '_')}.xlsx"
                start = time.perf_counter()
                write(items, clusters, cfg, path, "2026-11-05")
                times[name].append(time.perf_counter() - start)
                sizes[name] = path.stat().st_size
    print(f"review.xlsx, {len(items):,} items, {len(clusters):,} clusters, median of {args.repeat}:")
    for name in writers:
        print(f"  {name:>16}: {statistics.median(times[name]):6.2f} s   {sizes[name] / 1e6:5.1f} MB")


if __name__ == "__main__":
    main()
