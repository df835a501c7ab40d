"""Golden outputs of the sample round: run it, compare with tests/golden/sample_round/, refresh them.

    python scripts/refresh_golden.py           # rerun the sample round and replace the golden files
    python scripts/refresh_golden.py --check   # compare only; exit 1 and list what differs

The round is README command 1 (`cutri run data/raw/sample`) with a fixed report date and an
empty model store of its own (a user's labels or other rounds' corrections would change the
model), run as a real `cutri run` process. Every CSV table and report.docx/html/xlsx is kept;
tests/test_golden.py compares them byte for byte, so a library upgrade or a code change that
changes output bytes fails a test until the goldens are refreshed on purpose.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "raw" / "sample"
GOLDEN = ROOT / "tests" / "golden" / "sample_round"
DATE = "2026-11-05"
REPORTS = ("report.docx", "report.html", "report.xlsx")
REFRESH = "python scripts/refresh_golden.py"


def golden_names(out_dir: Path) -> list[str]:
    """The files of an out folder that are golden: every CSV table and the three reports."""
    return sorted(p.name for p in Path(out_dir).iterdir()
                  if p.is_file() and (p.suffix == ".csv" or p.name in REPORTS))


def run_sample_round(work: Path, cache_dir: str | None = None) -> Path:
    """Run the sample round as README command 1 does, into ``work / "out"``; return that folder.

    ``cache_dir``: a token/model cache to reuse (content-keyed, so it never changes results);
    by default one inside ``work``. The model store is always a new empty one.
    """
    work = Path(work)
    env = dict(os.environ)
    env["CUTRI_STORE_DIR"] = str(work / "store")
    env["CUTRI_CACHE_DIR"] = cache_dir or str(work / "cache")
    env.pop("CUTRI_FAST", None)  # the default path, as a user runs it
    out = work / "out"
    code = "import sys; sys.argv = ['cutri'] + sys.argv[1:]; import cli; cli.main()"
    proc = subprocess.run([sys.executable, "-c", code, "run", str(SAMPLE), "--out", str(out), "--date", DATE],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"the sample round failed (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return out


def compare(out_dir: Path, golden: Path = GOLDEN) -> list[str]:
    """What differs between a fresh out folder and the golden files, one line each ([] when equal)."""
    new = set(golden_names(out_dir))
    old = {p.name for p in golden.iterdir() if p.is_file() and p.name != "SHA256SUMS"} if golden.is_dir() else set()
    lines = [f"missing from the goldens: {n}" for n in sorted(new - old)]
    lines += [f"no longer written by the run: {n}" for n in sorted(old - new)]
    for name in sorted(new & old):
        a, b = (Path(out_dir) / name).read_bytes(), (golden / name).read_bytes()
        if a != b:
            lines.append(f"differs: {name} ({len(b)} bytes golden, {len(a)} bytes now{_first_difference(a, b)})")
    return lines


def _first_difference(a: bytes, b: bytes) -> str:
    i = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return f", first difference at byte {i}"


def refresh(out_dir: Path, golden: Path = GOLDEN) -> list[str]:
    """Replace the golden files with those of ``out_dir`` (stale ones removed); return the changes."""
    changes = compare(out_dir, golden)
    staging = golden.with_name(golden.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    sums = []
    for name in golden_names(out_dir):
        data = (Path(out_dir) / name).read_bytes()
        (staging / name).write_bytes(data)
        sums.append(f"{hashlib.sha256(data).hexdigest()}  {name}\n")
    (staging / "SHA256SUMS").write_text("".join(sums), encoding="utf-8")
    if golden.exists():
        shutil.rmtree(golden)
    staging.rename(golden)  # the golden folder is replaced whole, never left half-written
    return changes


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare only, change nothing")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cutri-golden-") as tmp:
        out = run_sample_round(Path(tmp))
        if args.check:
            diff = compare(out)
            print("\n".join(diff) if diff else "golden outputs match")
            return 1 if diff else 0
        changes = refresh(out)
    print("\n".join(changes) if changes else "golden outputs unchanged")
    print(f"{len(golden_names(GOLDEN))} golden files in {GOLDEN.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
