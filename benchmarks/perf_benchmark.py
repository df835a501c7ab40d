"""End-to-end performance benchmark of ``cutri run`` (issue #7).

Usage (from the repository root, with the project venv)::

    .venv/bin/python benchmarks/perf_benchmark.py                       # 2,000 and 20,000 items, 3 repeats
    .venv/bin/python benchmarks/perf_benchmark.py --sizes 2000 20000 200000 --repeat 3
    .venv/bin/python benchmarks/perf_benchmark.py --sizes 200000 --repeat 1 --floor-max 20000
    .venv/bin/python benchmarks/perf_benchmark.py --sizes 2000 --jobs 1 --keep --json /tmp/perf.json

For every size N it:

1. generates a synthetic round of N recommendations over about N/20 units, half
   in narrative .txt minutes and half in .xlsx workbooks (``benchmarks/synth.py``,
   deterministic, nearly every text unique); the round is reused from
   ``--work-dir`` when it is already there with the same size and seed;
2. **cold run**: ``cutri run <round> -o <out> --timings`` under ``/usr/bin/time -v``
   with ``CUTRI_CACHE_DIR`` and ``CUTRI_STORE_DIR`` pointing at fresh empty temp
   dirs (no token cache, no fitted model) and a fresh out dir; records the wall
   time measured around the subprocess (so interpreter start-up and imports are
   included), the per-stage seconds printed by ``--timings``, and the peak RSS
   ("Maximum resident set size" of ``/usr/bin/time -v``: the largest single
   process of the run, main process or a tokenizer worker);
3. **rerun unchanged**: the same command again with the same caches and out dir;
4. **floor**: a fresh ``python`` process that imports underthesea and calls
   ``word_tokenize(text, format="text")`` over the same item texts, one after the
   other in that one process (wall of the whole process, start-up included, the
   same way the pipeline is timed). With ``--floor-max M`` < N only M evenly
   spaced texts are tokenized and the loop time is scaled to N; such figures are
   marked ``~`` and labelled *extrapolated*.

Each measurement is repeated ``--repeat`` times (fresh caches for every cold
run) and the table shows medians; the individual runs are printed too.
``items/s`` = N / cold wall; ``ratio`` = median over the repetitions of the cold
wall / the floor wall measured right after it (target ≤ 1.0 at 20,000 items): the
machine's speed drifts, so a ratio of two medians taken minutes apart would mix
its fast and slow phases. ``CPU`` = user + system seconds of all the cold run's
processes (``/usr/bin/time -v``). Nothing here asserts on time: it only prints figures.

The machine (CPU, cores, memory, Python, load average before and after) is
printed with the table, because the figures only mean something with it: run
on an otherwise idle machine for figures that go into the README.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

# the model is fitted by a second process during ingest and tokenize; "fit_wait" is what is left after
STAGES = ("ingest", "corrections_load", "tokenize", "fit_wait", "classify", "cluster", "write")
DATE = "2026-11-01"

FLOOR_CODE = r"""
import json, sys, time, resource
t0 = time.perf_counter()
texts = json.load(open(sys.argv[1], encoding="utf-8"))
from underthesea import word_tokenize
word_tokenize("Khởi động mô hình", format="text")
t1 = time.perf_counter()
c1 = time.process_time()
for t in texts:
    word_tokenize(t, format="text")
t2 = time.perf_counter()
print(json.dumps({"setup": t1 - t0, "loop": t2 - t1, "loop_cpu": time.process_time() - c1, "n": len(texts),
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


# --------------------------------------------------------------------------- machine
def machine() -> dict:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {
        "cpu": cpu, "cores": os.cpu_count(), "affinity": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "mem_gb": mem_gb, "python": platform.python_version(), "platform": platform.platform(),
    }


def loadavg() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


# --------------------------------------------------------------------------- runs
def cutri_bin() -> list[str]:
    exe = Path(sys.executable).parent / "cutri"
    if exe.exists():
        return [str(exe)]
    return [sys.executable, str(ROOT / "cli.py")]


def run_cutri(round_dir: Path, out_dir: Path, cache: Path, store: Path, jobs: int) -> dict:
    """One ``cutri run`` under /usr/bin/time -v; returns wall, stages, peak RSS, CPU seconds (all processes)."""
    env = dict(os.environ, CUTRI_CACHE_DIR=str(cache), CUTRI_STORE_DIR=str(store), CI="1", PYTHONHASHSEED="0")
    cmd = [*cutri_bin(), "run", str(round_dir), "-o", str(out_dir), "--date", DATE, "--timings"]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    timer = ["/usr/bin/time", "-v"] if Path("/usr/bin/time").exists() else []
    t0 = time.perf_counter()
    proc = subprocess.run(timer + cmd, env=env, capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr.split("\tCommand being timed")[0])
        raise SystemExit(f"cutri run failed (exit {proc.returncode}): {' '.join(cmd)}")
    stages = {m.group(1): float(m.group(2)) for m in re.finditer(r"^\s+(\w+): ([\d.]+) s$", proc.stdout, re.M)}
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
    rss_mb = int(m.group(1)) / 1024 if m else None
    cpu = [float(x) for x in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", proc.stderr)]
    return {"wall": wall, "stages": stages, "rss_mb": rss_mb, "cpu": sum(cpu) if len(cpu) == 2 else None}


def run_floor(texts: list[str], floor_max: int, tmp: Path) -> dict:
    """Single-process word_tokenize over ``texts`` (or an evenly spaced sample, scaled)."""
    sample = texts
    if floor_max and len(texts) > floor_max:
        step = len(texts) / floor_max
        sample = [texts[int(i * step)] for i in range(floor_max)]
    path = tmp / "floor_texts.json"
    path.write_text(json.dumps(sample, ensure_ascii=False), encoding="utf-8")
    env = dict(os.environ, HF_HUB_OFFLINE="1")
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", FLOOR_CODE, str(path)], env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit("floor run failed")
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    scale = len(texts) / len(sample)
    startup = wall - got["loop"]  # interpreter start-up + import + model load
    return {"wall": startup + got["loop"] * scale, "loop": got["loop"] * scale, "startup": startup,
            "cpu": cpu + got["loop_cpu"] * (scale - 1),
            "extrapolated": scale != 1.0, "sample": len(sample), "rss_mb": got["rss_mb"]}


def item_texts(out_dir: Path) -> list[str]:
    import pandas as pd

    df = pd.read_parquet(out_dir / "recommendations.parquet", columns=["text"])
    return df["text"].tolist()


def ensure_round(work: Path, n: int, seed: int) -> Path:
    import synth

    round_dir = work / f"round_{n}"
    stamp = work / f"round_{n}.json"
    want = {"items": n, "seed": seed, "generator": (ROOT / "benchmarks" / "synth.py").stat().st_mtime}
    if round_dir.is_dir() and stamp.exists() and json.loads(stamp.read_text()) == want:
        return round_dir
    t0 = time.perf_counter()
    truth = synth.generate(round_dir, n, seed=seed)
    stamp.write_text(json.dumps(want))
    print(f"  generated {len(truth)} items, {truth['unit'].nunique()} units, "
          f"{sum(1 for p in round_dir.rglob('*') if p.is_file())} files in {time.perf_counter() - t0:.1f} s",
          flush=True)
    return round_dir


# --------------------------------------------------------------------------- table
def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(v, spec=".1f", mark=""):
    return "—" if v is None else mark + format(v, spec)


def summarize(n: int, cold: list[dict], rerun: list[dict], floor: list[dict]) -> dict:
    wall = med([r["wall"] for r in cold])
    fl = med([f["wall"] for f in floor])
    return {
        "items": n,
        "stages": {s: med([r["stages"].get(s) for r in cold]) for s in STAGES},
        "wall": wall,
        "cpu": med([r.get("cpu") for r in cold]),
        "rss_mb": med([r["rss_mb"] for r in cold]),
        "items_per_s": n / wall if wall else None,
        "floor": fl,
        "floor_cpu": med([f.get("cpu") for f in floor]),
        "floor_extrapolated": any(f["extrapolated"] for f in floor),
        # each cold run is divided by the floor measured right after it: the machine's speed
        # drifts (by a third within an hour here), and pairing keeps the ratio comparable
        "ratio": med([r["wall"] / f["wall"] for r, f in zip(cold, floor)]) if floor else None,
        "ratio_runs": [r["wall"] / f["wall"] for r, f in zip(cold, floor)],
        "rerun": med([r["wall"] for r in rerun]),
        "rerun_rss_mb": med([r["rss_mb"] for r in rerun]),
        "runs": {"cold": cold, "rerun": rerun, "floor": floor},
    }


def print_table(rows: list[dict]) -> None:
    head = ["items", *STAGES, "wall", "CPU", "RSS MB", "items/s", "floor", "ratio", "rerun"]
    short = {"corrections_load": "corr_load"}
    lines = [[h if h not in short else short[h] for h in head]]
    for r in rows:
        mark = "~" if r["floor_extrapolated"] else ""
        lines.append([
            f"{r['items']:,}", *[fmt(r["stages"][s], ".2f") for s in STAGES], fmt(r["wall"], ".2f"),
            fmt(r["cpu"], ".1f"), fmt(r["rss_mb"], ".0f"), fmt(r["items_per_s"], ".0f"), fmt(r["floor"], ".1f", mark),
            fmt(r["ratio"], ".2f", mark), fmt(r["rerun"], ".2f"),
        ])
    widths = [max(len(row[i]) for row in lines) for i in range(len(head))]
    for k, row in enumerate(lines):
        print("  ".join(c.rjust(w) for c, w in zip(row, widths)))
        if k == 0:
            print("  ".join("-" * w for w in widths))


# --------------------------------------------------------------------------- main
def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="End-to-end benchmark of cutri run (see module docstring).")
    ap.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000], help="numbers of items (default 2000 20000)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement; medians are shown (default 3)")
    ap.add_argument("--jobs", type=int, default=0, help="cutri --jobs (default 0: all cores)")
    ap.add_argument("--seed", type=int, default=None, help="generator seed (default: synth.DEFAULT_SEED)")
    ap.add_argument("--work-dir", type=Path, default=ROOT / "benchmarks" / "out" / "perf",
                    help="where rounds and outputs go (default benchmarks/out/perf, git-ignored)")
    ap.add_argument("--floor-max", type=int, default=0,
                    help="tokenize at most this many texts for the floor and scale up (marked ~); 0 = all")
    ap.add_argument("--no-floor", action="store_true", help="skip the tokenization floor")
    ap.add_argument("--no-rerun", action="store_true", help="skip the rerun-unchanged measurement")
    ap.add_argument("--keep", action="store_true", help="keep generated rounds and outputs in --work-dir")
    ap.add_argument("--json", type=Path, default=None, help="also write all figures as JSON")
    args = ap.parse_args(argv)

    import synth

    seed = args.seed if args.seed is not None else synth.DEFAULT_SEED
    work = args.work_dir
    work.mkdir(parents=True, exist_ok=True)
    info = machine()
    load_before = loadavg()
    print(f"machine: {info['cpu']} · {info['cores']} cores (usable {info['affinity']}) · {info['mem_gb']} GB · "
          f"Python {info['python']} · {info['platform']}")
    print(f"cutri --jobs {args.jobs or 'all cores'} · repeat {args.repeat} · load average before: {load_before}",
          flush=True)
    rows = []
    for n in args.sizes:
        print(f"\n== {n:,} items", flush=True)
        round_dir = ensure_round(work, n, seed)
        cold, rerun, floor = [], [], []
        for rep in range(args.repeat):
            with tempfile.TemporaryDirectory(prefix="cutri-bench-") as tmp:
                tmp = Path(tmp)
                cache, store, out = tmp / "cache", tmp / "store", work / f"out_{n}"
                if out.exists():
                    shutil.rmtree(out)
                r = run_cutri(round_dir, out, cache, store, args.jobs)
                cold.append(r)
                stages = " ".join(f"{k}={v:.2f}" for k, v in r["stages"].items())
                print(f"  cold  #{rep + 1}: wall {r['wall']:.2f} s · RSS {fmt(r['rss_mb'], '.0f')} MB · {stages}",
                      flush=True)
                if not args.no_rerun:
                    r2 = run_cutri(round_dir, out, cache, store, args.jobs)
                    rerun.append(r2)
                    print(f"  rerun #{rep + 1}: wall {r2['wall']:.2f} s · RSS {fmt(r2['rss_mb'], '.0f')} MB", flush=True)
                if not args.no_floor:
                    f = run_floor(item_texts(out), args.floor_max, tmp)
                    floor.append(f)
                    label = f" (extrapolated from {f['sample']:,} texts)" if f["extrapolated"] else ""
                    print(f"  floor #{rep + 1}: wall {f['wall']:.2f} s (start-up+import {f['startup']:.2f} s, "
                          f"tokenize {f['loop']:.2f} s){label} · RSS {f['rss_mb']:.0f} MB · "
                          f"cold/floor {r['wall'] / f['wall']:.2f}", flush=True)
        rows.append(summarize(n, cold, rerun, floor))
        if not args.keep:
            shutil.rmtree(round_dir, ignore_errors=True)
            (work / f"round_{n}.json").unlink(missing_ok=True)
            shutil.rmtree(work / f"out_{n}", ignore_errors=True)

    print(f"\nmedians of {args.repeat} run(s); seconds unless stated; load average after: {loadavg()}")
    print("stages = cutri --timings of the cold run (the model is fitted by a second process during ingest+tokenize; fit_wait = time left waiting for it); "
          "wall = cold run incl. interpreter start-up; RSS = peak of the largest process (/usr/bin/time -v);")
    print("CPU = user+system seconds of all the run's processes; floor = one process running underthesea "
          "word_tokenize over the same texts (start-up included); ratio = median of each cold run's wall / the "
          "floor measured right after it; rerun = same command, nothing changed")
    if any(r["floor_extrapolated"] for r in rows):
        print("~ = floor EXTRAPOLATED from a subsample (--floor-max), not measured over all texts")
    print()
    print_table(rows)
    if len(rows) >= 2:
        for a, b in zip(rows, rows[1:]):
            if a["wall"] and b["wall"]:
                k = b["items"] / a["items"]
                print(f"scaling {a['items']:,} → {b['items']:,} items (×{k:g}): wall ×{b['wall'] / a['wall']:.2f} "
                      f"(linear = ×{k:g}; per item {1000 * a['wall'] / a['items']:.2f} → "
                      f"{1000 * b['wall'] / b['items']:.2f} ms)")
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "load_before": load_before, "load_after": loadavg(),
                                         "jobs": args.jobs, "repeat": args.repeat, "rows": rows}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
