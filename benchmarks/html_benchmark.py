"""Size and render time of report.html at 2,000, 20,000 and 200,000 items, bounded and not.

    .venv/bin/python benchmarks/html_benchmark.py                 # 2000 20000 200000
    .venv/bin/python benchmarks/html_benchmark.py --items 20000 --unbounded

Builds the tables of a finished round in code (the texts, units and sectors of
``benchmarks/synth.py``; recommendations of the planted paraphrase groups are consolidated in
groups of up to eight, every other one stands alone, about the proportion a real round of the
sample generator gives), then times ``report.build_context`` and ``report.write_html``
(time.perf_counter) and prints the page's size, the items and source rows it lists. With
``--unbounded`` the html bounds (``pipeline.report.html.HTML_MAX_*``) are lifted, which is
the page as it was before they existed.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
for p in (ROOT, ROOT / "benchmarks", ROOT / "scripts"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

import sample_round as SR  # noqa: E402
import synth  # noqa: E402

from pipeline import report  # noqa: E402
from pipeline import schemas as S  # noqa: E402
from pipeline.config import Config  # noqa: E402
from pipeline.report import html as H  # noqa: E402


def make_round(n_items: int, seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    cfg = Config()
    rng = random.Random(seed)
    n_units = max(2, round(n_items / synth.ITEMS_PER_UNIT))
    units = SR._make_units(n_units, rng)
    pool = synth._templates()
    rows, open_groups, n_clusters = [], {}, 0
    quotas = synth._quotas(n_items, n_units, rng)
    for u_no, (unit, quota) in enumerate(zip(units, quotas)):
        for k in range(quota):
            kind, sector, authority, template = rng.choice(pool)
            key = (kind, sector) if kind.startswith("dup:") else None
            cid, members = open_groups.get(key, (None, 0)) if key else (None, 0)
            if cid is None or members >= 8:
                n_clusters += 1
                cid, members = f"C{n_clusters:06d}", 0
            if key:
                open_groups[key] = (cid, members + 1)
            i = len(rows)
            rows.append({
                S.ITEM_ID: f"R{i:07d}", S.UNIT: unit.name, S.SOURCE_FILE: f"{SR.slug(unit.name)}/bien_ban.txt",
                S.SOURCE_REF: f"dòng {10 + 3 * k}", S.SPEAKER: "", S.TEXT: synth.make_text(template, unit, rng),
                S.ANSWERED: rng.random() < 0.2, S.SECTOR: sector, S.SECTOR_LABEL: cfg.taxonomy.label(sector),
                S.SECTOR_CONFIDENCE: 0.8, S.AUTHORITY: authority, S.NEEDS_REVIEW: False, S.CLUSTER_ID: cid,
                S.NOT_RECOMMENDATION: False,
            })
    items = pd.DataFrame(rows)
    first = items.drop_duplicates(S.CLUSTER_ID)
    clusters = pd.DataFrame({
        S.CLUSTER_ID: first[S.CLUSTER_ID], S.SECTOR: first[S.SECTOR], S.SECTOR_LABEL: first[S.SECTOR_LABEL],
        S.AUTHORITY: first[S.AUTHORITY], "representative_text": first[S.TEXT],
    }).reindex(columns=S.CLUSTER_COLUMNS)
    meetings = pd.DataFrame([{S.MEETING_ID: f"M{j:05d}", S.UNIT: u.name, S.SOURCE_FILE: f"{SR.slug(u.name)}/bien_ban.txt",
                              "date": "2026-10-20", "place": "Nhà văn hóa", "deputies": "", "voters_attending": 80,
                              "speaking_turns": 6, "n_items": q} for j, (u, q) in enumerate(zip(units, quotas))])
    return items, clusters, meetings.reindex(columns=S.MEETING_COLUMNS)


def measure(n_items: int, unbounded: bool) -> dict:
    items, clusters, meetings = make_round(n_items)
    cfg = Config().replace(report={"date": "2026-01-15"})
    tpl = report.load_templates(cfg)
    if unbounded:
        for name in ("HTML_MAX_ITEMS", "HTML_MAX_SOURCES", "HTML_MAX_SOURCE_ROWS", "HTML_MAX_ANNEX_ROWS"):
            setattr(H, name, 10**12)
    t0 = time.perf_counter()
    ctx = report.build_context(items, clusters, meetings, cfg, "2026-01-15", 0, tpl)
    ctx["register"] = {}
    t_ctx = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.html"
        t0 = time.perf_counter()
        report.write_html(ctx, tpl, path)
        t_html = time.perf_counter() - t0
        page = path.read_text(encoding="utf-8")
        size = path.stat().st_size
    return {"items": n_items, "consolidated": len(ctx["cons"]), "context_s": t_ctx, "html_s": t_html,
            "size_mb": size / 1e6, "listed": page.count('<details class="item"'),
            "source_rows": page.count('<tr class="source"'), "annex_rows": page.count('<tr class="annex-row"')}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, nargs="*", default=[2000, 20000, 200000])
    ap.add_argument("--unbounded", action="store_true", help="lift the html bounds (the page before them)")
    args = ap.parse_args(argv)
    print(f"{'items':>8} {'consolidated':>12} {'listed':>7} {'sources':>8} {'annex':>7} "
          f"{'size MB':>8} {'context s':>9} {'html s':>7}  ({'unbounded' if args.unbounded else 'bounded'})")
    for n in args.items:
        r = measure(n, args.unbounded)
        print(f"{r['items']:>8} {r['consolidated']:>12} {r['listed']:>7} {r['source_rows']:>8} {r['annex_rows']:>7} "
              f"{r['size_mb']:>8.1f} {r['context_s']:>9.2f} {r['html_s']:>7.2f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
