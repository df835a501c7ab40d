"""Run the hostile cases of docs/robustness.md through the real CLI and print what happens.

    .venv/bin/python benchmarks/robustness_cases.py [--only NAME ...] [--work /tmp/cases]

Each case is built in code with the builders of tests/hostile_inputs*.py, put beside the three
good files of ``hostile_inputs.good_folder`` (nine recommendations) and run as
``python -m cli run`` in a fresh process. Printed per case: exit status, the line of the
terminal output that names the case (or the first line of an error), how many of the good
recommendations reached recommendations.csv, the case's own rows / skips / rejects, and the
peak resident memory of the largest process of the run (``ru_maxrss`` of the children).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
csv.field_size_limit(sys.maxsize)

import hostile_inputs as H  # noqa: E402
import hostile_inputs_23 as H23  # noqa: E402

def cli(*args: str, env: dict | None = None) -> dict:
    return H23.run_cli(*args, env=env)


def rows(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def summary(out: Path, got: dict, name: str, key: str = "") -> dict:
    recs = rows(out / "recommendations.csv")
    texts = {r["text_raw"] for r in recs}
    kept = sum(t in texts for t in H.GOOD_TEXTS)
    text = got["out"] + got["err"]
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    said = next((ln for ln in lines if key and key in ln), None) or next(
        (ln for ln in lines if ln.startswith(("Lỗi", "Cảnh báo", "Không", "Tệp"))), lines[-1] if lines else "")
    return {"case": name, "exit": got["code"], "good": f"{kept}/{len(H.GOOD_TEXTS)}",
            "own_rows": sum(r["source_file"].startswith(name) for r in recs),
            "skipped": sum(r["file"].startswith(name) for r in rows(out / "skipped.csv")),
            "rejects": sum(r["file"].startswith(name) for r in rows(out / "rejects.csv")),
            "peak_mb": round(got["peak_mb"]), "said": said[:150]}


def run_with(work: Path, name: str, build, key: str = "", extra: tuple = ()) -> dict:
    folder = H.good_folder(work / name / "in")
    build(folder)
    out = work / name / "out"
    got = cli("run", str(folder), "--out", str(out), "--date", "2026-11-20", *extra)
    return summary(out, got, name.split("-")[0], key)


def case_own_files(work: Path) -> dict:
    base = work / "own"
    folder = H.good_folder(base / "in")
    first = base / "first"
    cli("run", str(folder), "--out", str(first), "--date", "2026-11-20")
    shutil.copy(first / "review.xlsx", folder / "review_da_sua.xlsx")
    shutil.copytree(first, folder / "ket_qua_cu")
    got = cli("run", str(folder), "--out", str(base / "out"), "--date", "2026-11-20")
    s = summary(base / "out", got, "review", "tệp do cutri tạo")
    s["own_rows"] = len(rows(base / "out" / "recommendations.csv"))  # 9 = only the good ones
    s["case"] = "own files (review_da_sua.xlsx, copied out folder)"
    return s


def case_two_runs(work: Path) -> dict:
    folder = H.good_folder(work / "two" / "in")
    out = work / "two" / "out"
    cmd = [sys.executable, "-m", "cli", "run", str(folder), "--out", str(out), "--date", "2026-11-20"]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    a = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    time.sleep(1.5)
    b = subprocess.run(cmd, cwd=ROOT, capture_output=True, env=env)
    a_out = a.communicate()[0]
    said = b.stdout.decode("utf-8", "replace") + b.stderr.decode("utf-8", "replace")
    return {"case": "two runs on one out folder", "exit": f"{a.returncode} / {b.returncode}",
            "good": "", "own_rows": "", "skipped": "", "rejects": "", "peak_mb": "",
            "said": (said.strip().splitlines() or [""])[-1][:150] + f" (first run: {len(a_out)} bytes of output)"}


def case_killed(work: Path) -> dict:
    folder = H.good_folder(work / "kill" / "in")
    out = work / "kill" / "out"
    cmd = [sys.executable, "-m", "cli", "run", str(folder), "--out", str(out), "--date", "2026-11-20"]
    p = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(6)
    p.kill()
    p.wait()
    time.sleep(3)
    alive = subprocess.run(["pgrep", "-f", str(out)], capture_output=True, text=True).stdout.split()
    staged = [x.name for x in out.glob(".cutri-dang-ghi-*")] if out.exists() else []
    got = cli("run", str(folder), "--out", str(out), "--date", "2026-11-20")
    left = [x.name for x in out.glob(".cutri-dang-ghi-*")]
    s = summary(out, got, "kill")
    s.update(case="run killed (SIGKILL) then run again",
             said=f"after kill: {len(alive)} process(es) left, {staged} in out; next run exit {got['code']}, "
                  f"staging left after it: {left}")
    return s


def case_cache(work: Path) -> dict:
    cache = work / "cache"
    folder = H.good_folder(work / "cache_in" / "in")
    cli("run", str(folder), "--out", str(work / "cache_in" / "o1"), "--date", "2026-11-20",
        env={"CUTRI_CACHE_DIR": str(cache)})
    for p in cache.rglob("*"):
        if p.is_file():
            p.write_bytes(b"this is not a cache file " * 40)
    got = cli("run", str(folder), "--out", str(work / "cache_in" / "o2"), "--date", "2026-11-20",
              env={"CUTRI_CACHE_DIR": str(cache)})
    s = summary(work / "cache_in" / "o2", got, "cache", "Bộ nhớ đệm")
    s["case"] = "every cache file overwritten with garbage"
    return s


def case_options(work: Path) -> list[dict]:
    folder = H.good_folder(work / "opt" / "in")
    utf16 = work / "opt" / "cutri.toml"
    utf16.write_text('[report]\nprovince = "Tuyên Quang"\n', encoding="utf-16")
    found = []
    for label, args in (("--date 9999-12-31", ["--date", "9999-12-31", "--out", str(work / "opt" / "o1")]),
                        ('--out ""', ["--out", ""]),
                        ("UTF-16 config", ["--config", str(utf16), "--out", str(work / "opt" / "o3")]),
                        ("--jobs 48", ["--jobs", "48", "--out", str(work / "opt" / "o4"), "--date", "2026-11-20"])):
        got = cli("run", str(folder), *args)
        lines = [ln for ln in (got["out"] + got["err"]).splitlines() if ln.strip()]
        said = next((ln for ln in lines if ln.startswith(("Lỗi", "Cảnh báo"))), lines[-1] if lines else "")
        found.append({"case": label, "exit": got["code"], "good": "", "own_rows": "", "skipped": "", "rejects": "",
                      "peak_mb": round(got["peak_mb"]), "said": said[:150]})
    return found


def case_symlink_and_hidden(work: Path) -> dict:
    folder = H.good_folder(work / "link" / "in")
    secret = work / "link" / "ngoai.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    (folder / "lien_ket.txt").symlink_to(secret)
    (folder / ".an.txt").write_text("Cử tri đề nghị: nội dung ẩn.", encoding="utf-8")
    (folder / "~$a_tot.docx").write_bytes(b"\x00lock")
    out = work / "link" / "out"
    got = cli("run", str(folder), "--out", str(out), "--date", "2026-11-20")
    s = summary(out, got, "lien_ket")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8")) if (out / "manifest.json").exists() else {}
    leaked = any("root:x" in p.read_text(encoding="utf-8", errors="replace") for p in out.glob("*.csv"))
    s.update(case="symlink to a file outside; .an.txt; ~$ lock file",
             said=f"ignored_files={manifest.get('ignored_files')}; outside text in any csv: {leaked}; "
                  f"reject: {[r['reason'][:60] for r in rows(out / 'rejects.csv') if r['file'] == 'lien_ket.txt']}")
    return s


CASES = {
    "xa_value": (lambda f: H23.far_cell_xlsx(f / "xa_value.xlsx", "value"), ""),
    "xa_styled": (lambda f: H23.far_cell_xlsx(f / "xa_styled.xlsx", "styled"), ""),
    "xa_merged": (lambda f: H23.far_cell_xlsx(f / "xa_merged.xlsx", "merged"), ""),
    "xa_far_xls": (lambda f: H.far_cell_xls(f / "xa_far_xls.xls"), ""),
    "xa_far_ods": (lambda f: H.far_cell_ods(f / "xa_far_ods.ods", "value"), ""),
    "xa_styled_ods": (lambda f: H.far_cell_ods(f / "xa_styled_ods.ods", "styled"), ""),
    "ten_windows": (lambda f: H23.windows_named_txt(f, "ten_windows Biên bản xã Đông Sơn.txt"), ""),
    "chu_hien": (lambda f: H23.visible_words_docx(f / "chu_hien.docx"), ""),
    "chan_trang": (lambda f: H.footer_and_cell_chunk_docx(f / "chan_trang.docx"), ""),
    "ky_tu_x000b": (lambda f: H.escaped_controls_xlsx(f / "ky_tu_x000b.xlsx"), ""),
    "ve_sinh": (lambda f: H23.hygiene_txt(f / "ve_sinh.txt"), ""),
    "cong_thuc": (lambda f: H23.split_formula_xlsx(f / "cong_thuc.xlsx"), ""),
}
SPECIAL = {"own": case_own_files, "two": case_two_runs, "kill": case_killed, "cache": case_cache,
           "options": case_options, "symlink": case_symlink_and_hidden}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="*", default=None)
    ap.add_argument("--work", type=Path, default=Path("/tmp/cutri-robustness"))
    args = ap.parse_args(argv)
    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    for name in list(CASES) + list(SPECIAL):
        if args.only and name not in args.only:
            continue
        if name in CASES:
            build, key = CASES[name]
            found = [run_with(args.work, name, build, key)]
        else:
            got = SPECIAL[name](args.work)
            found = got if isinstance(got, list) else [got]
        for r in found:
            print(" | ".join(str(r[k]) for k in ("case", "exit", "good", "own_rows", "skipped", "rejects", "peak_mb",
                                                "said")), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
