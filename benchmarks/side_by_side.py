"""Speed of two checkouts side by side, in one run, on the same rounds (issue 17's constraint).

Usage (from the repository root, with the project venv)::

    .venv/bin/python benchmarks/side_by_side.py --base /path/to/old/checkout \
        --sizes 2000 20000 200000 --repeat 2 --json /tmp/side.json

Three variants are run on each round, interleaved (old, new, plain, old, new, plain, ...)
so that the machine's drift and the other tenants' load fall on all three alike:

- ``old``: ``cutri run`` of the checkout given with ``--base``, with its own venv
  (``<base>/.venv/bin/python <base>/cli.py``);
- ``new``: this checkout (``CUTRI_FAST=1``, the speed-ups of ``pipeline/fast``);
- ``plain``: this checkout with ``CUTRI_FAST=0`` (plain library calls only);
- ``noreg``: ``new`` with ``--no-register`` (the starting commit had no register).

Every run is cold (fresh token cache, model store and out folder) under
``/usr/bin/time -v``: wall time around the subprocess, peak RSS of the largest process,
CPU of all processes. For the sizes given in ``--floor-sizes`` each run is followed by
the tokenization floor of ``perf_benchmark`` over the same texts, and the ratio is the
run's wall ÷ that floor. The rounds come from ``benchmarks/synth.py`` (the same generator
and seed for all variants); the outputs of each variant's first run are kept under
``--work-dir`` so that they can be compared byte for byte. Nothing is asserted; the
medians and the load averages are printed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import perf_benchmark as P  # noqa: E402


def variants(base: Path | None, off: list[str]) -> dict[str, tuple[list[str], dict, Path]]:
    new = [sys.executable, str(ROOT / "cli.py")]
    out = {}
    if base is not None:
        out["old"] = ([str(base / ".venv" / "bin" / "python"), str(base / "cli.py")], {}, base)
    out["new"] = (new, {"CUTRI_FAST": "1"}, ROOT)
    out["plain"] = (new, {"CUTRI_FAST": "0"}, ROOT)
    # the register (issue 21) came after the starting commit: "noreg" is this checkout doing the
    # starting commit's work (``--no-register``), so the refactor's cost reads apart from the new
    # capability's
    out["noreg"] = (new, {"CUTRI_FAST": "1", "CUTRI_BENCH_ARGS": "--no-register"}, ROOT)
    for name in off:  # one speed-up switched off: its gain is this run's figures minus "new"'s
        out[f"off:{name}"] = (new, {"CUTRI_FAST": "1", "CUTRI_FAST_OFF": name}, ROOT)
    return out


def run(cmd: list[str], extra_env: dict, cwd: Path, round_dir: Path, out: Path, tmp: Path) -> dict:
    env = dict(os.environ, CUTRI_CACHE_DIR=str(tmp / "cache"), CUTRI_STORE_DIR=str(tmp / "store"), CI="1",
               PYTHONHASHSEED="0", **extra_env)
    env.pop("PYTHONPATH", None)
    options = env.pop("CUTRI_BENCH_ARGS", "").split()  # a variant's own options of ``cutri run``
    full = ["/usr/bin/time", "-v", *cmd, "run", str(round_dir), "-o", str(out), "--date", P.DATE, "--timings",
            *options]
    t0 = time.perf_counter()
    proc = subprocess.run(full, env=env, capture_output=True, text=True, cwd=cwd)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr[-3000:])
        raise SystemExit(f"cutri run failed (exit {proc.returncode}): {' '.join(full)}")
    stages = {m.group(1): float(m.group(2)) for m in re.finditer(r"^\s+(\w+): ([\d.]+) s$", proc.stdout, re.M)}
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
    cpu = [float(x) for x in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", proc.stderr)]
    return {"wall": wall, "stages": stages, "rss_mb": int(m.group(1)) / 1024 if m else None,
            "cpu": sum(cpu) if len(cpu) == 2 else None, "load": P.loadavg()}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Side-by-side speed of an old checkout and this one (see docstring).")
    ap.add_argument("--base", type=Path, default=None, help="the old checkout (with its own .venv)")
    ap.add_argument("--off", nargs="*", default=[],
                    help="also run with each of these speed-ups of pipeline/fast switched off (CUTRI_FAST_OFF)")
    ap.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000, 200000])
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--floor-sizes", type=int, nargs="*", default=[20000], help="sizes whose runs get a floor")
    ap.add_argument("--only", nargs="*", default=None, help="variants to run (default: all)")
    ap.add_argument("--work-dir", type=Path, default=ROOT / "benchmarks" / "out" / "side")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)

    import synth

    work = args.work_dir
    work.mkdir(parents=True, exist_ok=True)
    info = P.machine()
    print(f"machine: {info['cpu']} · {info['cores']} cores · {info['mem_gb']} GB · Python {info['python']}")
    print(f"load average before: {P.loadavg()}", flush=True)
    base = args.base.resolve() if args.base else None
    chosen = {k: v for k, v in variants(base, args.off).items() if args.only is None or k in args.only}
    results: dict = {}
    for n in args.sizes:
        round_dir = work / f"round_{n}"
        if not round_dir.is_dir():  # a round already there is reused (the generator is deterministic)
            round_dir = P.ensure_round(work, n, synth.DEFAULT_SEED)
        runs: dict[str, list] = {k: [] for k in chosen}
        for rep in range(args.repeat):
            for name, (cmd, env, cwd) in chosen.items():
                out = work / f"out_{n}_{name}"
                if out.exists():
                    shutil.rmtree(out)
                with tempfile.TemporaryDirectory(prefix="cutri-side-") as tmp:
                    r = run(cmd, env, cwd, round_dir, out, Path(tmp))
                    if n in args.floor_sizes and not name.startswith("off:"):
                        f = P.run_floor(P.item_texts(out), 0, Path(tmp))
                        r["floor"], r["ratio"] = f["wall"], r["wall"] / f["wall"]
                runs[name].append(r)
                extra = f" · floor {r['floor']:.2f} s · ratio {r['ratio']:.2f}" if "floor" in r else ""
                print(f"{n:>7,} {name:<5} #{rep + 1}: wall {r['wall']:.2f} s · RSS {r['rss_mb']:.0f} MB · "
                      f"CPU {r['cpu']:.1f} s{extra} · load {r['load']}", flush=True)
                if rep + 1 < args.repeat:
                    shutil.rmtree(out, ignore_errors=True)  # the last run's outputs stay for comparison
                elif name.startswith("off:"):
                    shutil.rmtree(out, ignore_errors=True)
        results[n] = runs

    print(f"\nmedians of {args.repeat} interleaved run(s); load average after: {P.loadavg()}")
    print(f"{'items':>7}  {'variant':<20} {'wall s':>8} {'÷ old':>6} {'ratio':>6} {'RSS MB':>7} {'CPU s':>7}  stages")
    for n, runs in results.items():
        old = statistics.median(r["wall"] for r in runs["old"]) if "old" in runs else None
        for name, rs in runs.items():
            wall = statistics.median(r["wall"] for r in rs)
            ratio = statistics.median(r["ratio"] for r in rs) if "ratio" in rs[0] else None
            stages = " ".join(f"{k}={statistics.median(r['stages'].get(k, 0) for r in rs):.2f}" for k in P.STAGES)
            print(f"{n:>7,}  {name:<20} {wall:8.2f} {(wall / old if old else float('nan')):6.2f} "
                  f"{(ratio if ratio is not None else float('nan')):6.2f} "
                  f"{statistics.median(r['rss_mb'] for r in rs):7.0f} {statistics.median(r['cpu'] for r in rs):7.1f}"
                  f"  {stages}")
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "results": results}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
