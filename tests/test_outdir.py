"""One writer per out folder: the lock, corrections under the lock, outputs swapped in as one step,
workers that end with their parent, staging folders of killed runs cleaned (issue 23)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from pipeline import outdir, runner
from pipeline.config import Config
from pipeline.errors import OutputError

from conftest import ROOT

SAMPLE = ROOT / "data" / "raw" / "sample"
CLI = "import sys; sys.argv = ['cutri'] + sys.argv[1:]; import cli; cli.main()"
BUSY = "đang được một lần chạy cutri khác ghi"


def _cli(*args, **kw):
    return subprocess.Popen([sys.executable, "-c", CLI, "run", *map(str, args)], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kw)


@pytest.fixture(scope="module")
def round_run(tmp_path_factory):
    """The sample round run once; its out folder is copied by the tests that change it."""
    base = tmp_path_factory.mktemp("onewriter")
    src = base / "dot_1"
    shutil.copytree(SAMPLE, src)
    out = base / "out"
    runner.run(src, out, Config(), generated_at="2026-11-05")
    return src, out


def _copy(round_run, tmp_path):
    src, out = round_run
    out2 = tmp_path / "out"
    shutil.copytree(out, out2)
    return src, out2


def _corrections_file(path: Path, items: pd.DataFrame, k: int, sector: str) -> tuple[str, str]:
    """A corrections CSV (canonical headers) that moves the k-th item not already in ``sector`` to it."""
    candidates = items[items["sector"] != sector].sort_values("item_id")
    item_id = candidates["item_id"].iloc[k]
    pd.DataFrame({"item_id": [item_id], "sector": [sector]}).to_csv(path, index=False, encoding="utf-8-sig")
    return item_id, sector


def test_lock_refuses_a_second_holder_with_the_holders_identity(tmp_path):
    with outdir.OutLock(tmp_path) as held:
        info = json.loads((tmp_path / outdir.LOCK_NAME).read_text(encoding="utf-8"))
        assert info["pid"] == os.getpid() and info["host"] and info["since"]
        with pytest.raises(OutputError, match=BUSY) as err:
            outdir.OutLock(tmp_path).acquire()
        assert f"tiến trình {os.getpid()}" in str(err.value)
        assert held.path.exists()
    assert not (tmp_path / outdir.LOCK_NAME).exists()  # released: the folder is as it was
    with outdir.OutLock(tmp_path):  # and can be taken again
        pass


def test_exclusive_file_lock_takes_over_a_dead_processes_lock(tmp_path):
    """Where flock is unavailable the lock is an exclusively created file; one left by a dead
    process of this host is stale and taken over, one of a live process is respected."""
    import socket

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    lock = tmp_path / outdir.LOCK_NAME
    lock.write_text(json.dumps({"pid": int(dead.stdout), "host": socket.gethostname(), "since": "x"}))
    taken = outdir.OutLock(tmp_path)
    taken._acquire_exclusive()
    assert json.loads(lock.read_text())["pid"] == os.getpid()
    with pytest.raises(OutputError, match=BUSY):
        outdir.OutLock(tmp_path)._acquire_exclusive()  # now held by a live process: this one
    taken.release()
    assert not lock.exists()


def test_a_run_on_a_locked_out_folder_stops_and_writes_nothing(round_run, tmp_path):
    src, out = _copy(round_run, tmp_path)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    corr = tmp_path / "sua.csv"
    _corrections_file(corr, pd.read_parquet(out / "recommendations.parquet"), 0, "noi_vu")
    with outdir.OutLock(out):
        proc = _cli(src, "--out", out, "--corrections", corr, "--date", "2026-11-06")
        stdout, stderr = proc.communicate(timeout=600)
        after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and p.name != outdir.LOCK_NAME}
    assert proc.returncode == 1, stderr
    assert BUSY in stderr and "Traceback" not in stderr
    assert after == before
    assert corr.exists()


def test_two_runs_at_once_keep_both_analysts_corrections(round_run, tmp_path):
    """Two real `cutri run` processes on one out folder, each with its own corrections file:
    either both run (one after the other) or the second stops with the lock message; after
    rerunning a stopped one, both corrections are in corrections.csv and in the items.
    Before: both said "1 hiệu chỉnh được áp dụng" and only one survived."""
    src, out = _copy(round_run, tmp_path)
    items = pd.read_parquet(out / "recommendations.parquet")
    files = [tmp_path / "sua_a.csv", tmp_path / "sua_b.csv"]
    wanted = [_corrections_file(files[0], items, 0, "noi_vu"), _corrections_file(files[1], items, 1, "giao_thong")]
    assert wanted[0][0] != wanted[1][0]
    procs = [_cli(src, "--out", out, "--corrections", f, "--date", "2026-11-05") for f in files]
    results = [p.communicate(timeout=900) + (p.returncode,) for p in procs]
    for (stdout, stderr, code), f in zip(results, files):
        if code == 1:
            assert BUSY in stderr, stderr
            again = _cli(src, "--out", out, "--corrections", f, "--date", "2026-11-05")
            _, err2 = again.communicate(timeout=900)
            assert again.returncode == 0, err2
        else:
            assert code == 0, stderr
    log = pd.read_csv(out / "corrections.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    final = pd.read_parquet(out / "recommendations.parquet").set_index("item_id")
    for item_id, sector in wanted:
        assert log.set_index("item_id").loc[item_id, "sector"] == sector
        assert final.loc[item_id, "sector"] == sector
    assert not list(out.glob(outdir.STAGING_PREFIX + "*")) and not (out / outdir.LOCK_NAME).exists()


def _children(pid: int) -> set[int]:
    """Every live descendant of ``pid`` (from /proc)."""
    parents = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                stat = (d / "stat").read_text()
            except OSError:
                continue
            parents[int(d.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, todo = set(), [pid]
    while todo:
        p = todo.pop()
        for child, parent in parents.items():
            if parent == p and child not in found:
                found.add(child)
                todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_a_killed_run_leaves_no_process_and_the_next_run_cleans_its_staging_folder(tmp_path):
    """Before: a killed run left its modelling worker alive for good and its staging folder behind."""
    src = tmp_path / "dot_1"
    shutil.copytree(SAMPLE, src)
    out = tmp_path / "out"
    proc = _cli(src, "--out", out, "--jobs", "2", "--date", "2026-11-05")
    seen: set[int] = set()
    try:
        for _ in range(6000):  # until the run has forked its worker(s) and made its staging folder
            seen |= _children(proc.pid)
            if seen and out.is_dir() and list(out.glob(outdir.STAGING_PREFIX + "*")):
                break
            assert proc.poll() is None, proc.communicate()[1]
            time.sleep(0.02)
        else:
            pytest.fail("the run never forked a worker")
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    for _ in range(300):  # the kernel's death signal is immediate; the parent check takes a second
        left = {p for p in seen if _alive(p)}
        if not left:
            break
        time.sleep(0.1)
    for p in left:  # do not leave them behind even when the test fails
        os.kill(p, signal.SIGKILL)
    assert not left, "forked workers survived their killed parent"
    assert list(out.glob(outdir.STAGING_PREFIX + "*"))  # the killed run's staging folder is there
    result = runner.run(src, out, Config(), generated_at="2026-11-05")
    assert result.counts["recommendations"] > 0
    assert not list(out.glob(outdir.STAGING_PREFIX + "*"))
    assert not (out / outdir.LOCK_NAME).exists()


def _make_unreplaceable(path: Path) -> str:
    """Make ``path`` impossible to open for writing, as an open Word file on Windows is; the undo command."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        return "chmod"
    if shutil.which("chattr") and subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode == 0:
        return "chattr"
    pytest.skip("no way to make a file unwritable for root here")


def _undo(path: Path, how: str) -> None:
    if how == "chattr":
        subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        path.chmod(0o644)


@pytest.mark.parametrize("victim", ["report.docx", "manifest.json"])
def test_a_locked_output_leaves_every_previous_output_whole(round_run, tmp_path, victim):
    src, out = _copy(round_run, tmp_path)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    how = _make_unreplaceable(out / victim)
    try:
        with pytest.raises(OutputError) as err:
            runner.run(src, out, Config(), generated_at="2026-11-06")  # another date: new report bytes
    finally:
        _undo(out / victim, how)
    assert f"Không thay được tệp kết quả {out / victim}" in str(err.value)
    assert "kết quả lần chạy trước còn nguyên" in str(err.value)
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert after == before  # not one file replaced, nothing added
    assert not list(out.glob(outdir.STAGING_PREFIX + "*")) and not (out / outdir.LOCK_NAME).exists()
    # once the file is free again, the run goes through
    result = runner.run(src, out, Config(), generated_at="2026-11-06")
    assert (out / "report.docx").read_bytes() != before["report.docx"]
    assert result.outputs[-1] == out / "manifest.json"


def test_a_folder_in_an_outputs_place_stops_the_swap_before_any_file_moves(round_run, tmp_path):
    src, out = _copy(round_run, tmp_path)
    (out / "review.xlsx").unlink()
    (out / "review.xlsx").mkdir()
    (out / "review.xlsx" / "ghi_chu.txt").write_text("của chuyên viên", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    with pytest.raises(OutputError, match="review.xlsx: đã có một thư mục"):
        runner.run(src, out, Config(), generated_at="2026-11-06")
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert (out / "review.xlsx" / "ghi_chu.txt").read_text(encoding="utf-8") == "của chuyên viên"


def test_swap_puts_back_what_it_replaced_when_a_later_file_fails(tmp_path):
    """A failure after the check (the file system refuses one rename) undoes the replaced files."""
    out, stage = tmp_path / "out", tmp_path / "out" / (outdir.STAGING_PREFIX + "1")
    stage.mkdir(parents=True)
    for name in ("a.csv", "b.csv"):
        (out / name).write_text(f"cũ {name}", encoding="utf-8")
        (stage / name).write_text(f"mới {name}", encoding="utf-8")
    (stage / "c.csv").mkdir()  # a staged "file" that cannot replace the old c.csv
    (stage / "c.csv" / "x").write_text("x")
    (out / "c.csv").write_text("cũ c.csv", encoding="utf-8")
    with pytest.raises(OutputError, match="c.csv"):
        outdir.swap_in([stage / "a.csv", stage / "b.csv", stage / "c.csv"], out, stage)
    for name in ("a.csv", "b.csv", "c.csv"):
        assert (out / name).read_text(encoding="utf-8") == f"cũ {name}"
