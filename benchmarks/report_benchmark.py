"""Time the three report writers on the tables of a finished round.

    .venv/bin/python benchmarks/synth.py --out /tmp/r20000 --items 20000
    .venv/bin/cutri run /tmp/r20000 --out /tmp/o20000 --date 2026-01-15
    .venv/bin/python benchmarks/report_benchmark.py /tmp/o20000

Reads recommendations.parquet, clusters.parquet and meetings.csv of the out folder, builds the
report context once and renders report.xlsx, report.docx and report.html one after the other in
this process (time.perf_counter, best of --repeat), printing seconds per writer. With
CUTRI_FAST=0 the plain paths are timed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipeline import report  # noqa: E402
from pipeline.config import Config  # noqa: E402


def load(out_dir: Path):
    items = pd.read_parquet(out_dir / "recommendations.parquet")
    clusters = pd.read_parquet(out_dir / "clusters.parquet")
    meetings = pd.read_csv(out_dir / "meetings.csv", dtype=str, keep_default_na=False)
    return items, clusters, meetings


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    items, clusters, meetings = load(args.out_dir)
    cfg = Config().replace(report={"date": "2026-01-15"})
    tpl = report.load_templates(cfg)
    t0 = time.perf_counter()
    ctx = report.build_context(items, clusters, meetings, cfg, "2026-01-15", 0, tpl)
    ctx["register"] = {}
    print(f"items: {len(items)}, consolidated: {len(ctx['cons'])}; context: {time.perf_counter() - t0:.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        for name, fn in (("report.xlsx", lambda: report.render_xlsx(ctx)),
                         ("report.docx", lambda: report.render_docx(ctx)),
                         ("report.html", lambda: report.write_html(ctx, tpl, Path(tmp) / "report.html"))):
            print(f"{name}: {best(fn, args.repeat):.2f} s (best of {args.repeat})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
