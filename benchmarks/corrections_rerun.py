"""How much a rerun that only applies analysts' corrections costs, against a cold run.

    .venv/bin/python benchmarks/corrections_rerun.py                 # bundled sample round
    .venv/bin/python benchmarks/corrections_rerun.py data/raw/<round> --repeat 5

Each repeat, in fresh temporary cache/store folders:

1. cold run: empty token cache, no fitted model (``cutri run``);
2. the analyst edits review.xlsx with openpyxl: corrects the sector of three items, the
   authority of two, marks one "not a recommendation" and merges one item into another
   cluster;
3. corrections rerun, learning on (the default): tokens and the model come from the
   cache (a round's own corrections train other rounds' models, not its own);
4. a plain rerun that replays the stored corrections.csv without ``--corrections``;
5. corrections rerun with ``--no-learn`` on a fresh out folder: cached tokens and the
   cold run's model.

Every run is a separate ``cutri`` process timed with ``time.perf_counter`` around
``subprocess.run`` (interpreter start-up included). Prints the medians and the ratio of
each rerun to the cold run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.config import Config  # noqa: E402

CUTRI = Path(sys.executable).with_name("cutri")
SHEET = "Rà soát"


def timed(args: list[str], env: dict) -> float:
    start = time.perf_counter()
    proc = subprocess.run([str(CUTRI), "run", *args], env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"cutri run {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return elapsed


def edit_review(review: Path, dest: Path) -> int:
    """Make the analyst's edits in review.xlsx; returns the number of items touched."""
    wb = openpyxl.load_workbook(review)
    ws = wb[SHEET]
    header_row, col = None, {}
    for row in ws.iter_rows(min_row=1, max_row=10):
        values = [c.value for c in row]
        if "Mã kiến nghị" in values:
            header_row, col = row[0].row, {v: i + 1 for i, v in enumerate(values) if v}
            break
    if header_row is None:
        sys.exit(f"{review}: no header row")
    rows = list(range(header_row + 1, ws.max_row + 1))
    options = [s.label for s in Config().taxonomy.sectors]
    for i, r in enumerate(rows[:3]):
        current = ws.cell(r, col["Lĩnh vực dự đoán"]).value
        ws.cell(r, col["Lĩnh vực đúng"]).value = next(o for o in options[i:] + options if o != current)
    for r in rows[3:5]:
        current = str(ws.cell(r, col["Thẩm quyền dự đoán"]).value or "")
        ws.cell(r, col["Thẩm quyền đúng"]).value = "Địa phương" if "Trung" in current else "Trung ương"
    ws.cell(rows[5], col["Không phải kiến nghị"]).value = "x"
    ws.cell(rows[6], col["Gộp vào cụm"]).value = ws.cell(rows[7], col["Mã cụm"]).value
    wb.save(dest)
    return 7


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("round", nargs="?", default=str(ROOT / "data" / "raw" / "sample"))
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    times: dict[str, list[float]] = {k: [] for k in ("cold", "corrections", "corrections_again", "no_learn")}
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory(prefix="cutri-bench-") as tmp:
            tmp = Path(tmp)
            env = {**os.environ, "CI": "1", "CUTRI_CACHE_DIR": str(tmp / "cache"),
                   "CUTRI_STORE_DIR": str(tmp / "store")}
            out = tmp / "out"
            common = [args.round, "--date", "2026-11-05"]
            times["cold"].append(timed([*common, "--out", str(out)], env))
            edited = tmp / "review_da_sua.xlsx"
            edit_review(out / "review.xlsx", edited)
            saved = tmp / "out_cold"
            shutil.copytree(out, saved)
            times["corrections"].append(timed([*common, "--out", str(out), "--corrections", str(edited)], env))
            times["corrections_again"].append(timed([*common, "--out", str(out)], env))
            out2 = tmp / "out_nolearn"
            shutil.copytree(saved, out2)
            times["no_learn"].append(
                timed([*common, "--out", str(out2), "--corrections", str(edited), "--no-learn"], env))

    cold = statistics.median(times["cold"])
    print(f"round: {args.round}; {args.repeat} repeats; medians (interpreter start-up included)")
    print(f"{'run':<48}{'median s':>10}{'÷ cold':>9}   all runs")
    names = {
        "cold": "cold run (empty caches)",
        "corrections": "apply corrections (learning on)",
        "corrections_again": "rerun replaying the stored corrections",
        "no_learn": "apply corrections, --no-learn (model cached)",
    }
    for key, label in names.items():
        med = statistics.median(times[key])
        runs = ", ".join(f"{t:.2f}" for t in times[key])
        print(f"{label:<48}{med:>10.2f}{med / cold:>9.2f}   {runs}")


if __name__ == "__main__":
    main()
