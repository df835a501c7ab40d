"""pipeline.parallel: the forked Worker and Background, their state, the garbage collector helpers,
and forked processes that end with their parent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT


def _write_pid(path):
    import os
    from pathlib import Path

    Path(path).write_text(str(os.getpid()))
    return [Path(path)]


def _fail(path):
    raise OSError(28, "No space left on device")


@pytest.mark.parametrize("jobs", [1, 2])
def test_background_writer_result_and_errors(tmp_path, jobs):
    import os

    from pipeline.parallel import Background

    with Background(jobs, _write_pid, tmp_path / "pid.txt") as bg:
        assert bg.result() == [tmp_path / "pid.txt"]
    pid = int((tmp_path / "pid.txt").read_text())
    assert (pid != os.getpid()) == (jobs > 1)  # a second process only with more than one job
    with pytest.raises(OSError, match="No space"):
        with Background(jobs, _fail, tmp_path / "x") as bg:
            bg.result()


_STATE = []


def _remember(x):
    import os

    _STATE.append(x)
    return os.getpid()


def _recall():
    import os

    return list(_STATE), os.getpid()


@pytest.mark.parametrize("jobs", [1, 2])
def test_worker_keeps_state_between_calls_in_order(jobs):
    import os

    from pipeline.parallel import Worker

    _STATE.clear()
    with Worker(jobs) as w:
        first = w.submit(_remember, "model")
        second = w.submit(_remember, "again")
        failing = w.submit(_fail, "x")
        state, pid = w.submit(_recall).result()  # asked first: the earlier calls still run before it
        assert state == ["model", "again"]
        assert first.result() == second.result() == pid
        with pytest.raises(OSError, match="No space"):
            failing.result()
    assert (pid != os.getpid()) == (jobs > 1)
    assert _STATE == ([] if jobs > 1 else ["model", "again"])  # a worker's state stays in the worker
    _STATE.clear()


def _lock_state(lock):
    return lock.locked()


def test_first_call_is_inherited_not_pickled():
    """The forked process gets its first call with the memory: arguments need not be picklable."""
    import threading

    from pipeline.parallel import Background

    lock = threading.Lock()  # cannot be pickled
    with Background(2, _lock_state, lock) as bg:
        assert bg.result() is False
    with pytest.raises(Exception, match="pickle"):
        from pipeline.parallel import Worker

        with Worker(2) as w:
            w.submit(_remember, "first")
            w.submit(_lock_state, lock).result()  # later calls go through a pipe


@pytest.mark.parametrize("jobs", [1, 2])
def test_submit_with_state_keeps_one_state_where_the_calls_run(jobs):
    from pipeline.parallel import Worker

    def put(state, key, value):  # a closure: the first call is inherited, never pickled
        state[key] = value
        return os.getpid()

    with Worker(jobs) as w:
        pid = w.submit_with_state(put, "model", [1, 2, 3]).result()
        seen = w.submit_with_state(_state_items).result()
        assert seen == [("model", [1, 2, 3])]
        assert (w.state == {}) == (jobs > 1)  # with one job the state is the Worker's own
    assert w.state == {}  # cleared when the block ends
    assert (pid != os.getpid()) == (jobs > 1)


def _state_items(state):
    return sorted(state.items())


_ORPHAN = """
import os, sys, threading, time
sys.path.insert(0, {root!r})
from pipeline import parallel
import multiprocessing as mp
from concurrent.futures import ProcessPoolExecutor

def start():
    pool = ProcessPoolExecutor(1, mp_context=mp.get_context("fork"))
    print(pool.submit(os.getpid).result(), flush=True)
    globals()["pool"] = pool

if {from_thread!r}:
    t = threading.Thread(target=start)
    t.start()
    t.join()
else:
    start()
time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
@pytest.mark.parametrize("from_thread", [False, True])
def test_a_forked_process_ends_when_its_parent_is_killed(from_thread):
    """From the main thread the kernel kills the child at once (PR_SET_PDEATHSIG); forked from
    another thread (where that signal would follow the thread) the parent check ends it."""
    code = _ORPHAN.format(root=str(ROOT), from_thread=from_thread)
    parent = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        child = int(parent.stdout.readline())
        assert _alive(child)
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait()
    for _ in range(100):
        if not _alive(child):
            break
        time.sleep(0.1)
    else:
        os.kill(child, signal.SIGKILL)
        pytest.fail("the forked process outlived its killed parent")


def test_the_parent_check_ends_a_child_whose_parent_is_already_gone():
    """The hook run in a forked child exits at once when its parent pid is not the expected one."""
    code = (
        f"import sys; sys.path.insert(0, {str(ROOT)!r}); import os\n"
        "from pipeline import parallel\n"
        "parallel._FORK_ORIGIN[:] = [os.getppid() + 10**6, False]\n"
        "parallel._after_fork_in_child()\n"
        "print('still here')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 1 and "still here" not in proc.stdout


def _scaled(k: int):
    from pipeline.parallel import shared

    if k == 13:
        raise ValueError("task 13")
    return k * shared()["factor"](), os.getpid()


def test_fork_map_gives_the_same_results_in_order_for_any_number_of_jobs():
    """The one pool of the stages: results in task order whatever ``jobs``; what is shared reaches
    the forked processes without pickling (a lambda here); results come to on_result in order; a
    task's exception reaches the caller; nothing stays shared afterwards."""
    from pipeline.parallel import fork_map, shared

    tasks = list(range(12))
    seen = {}
    for jobs in (1, 2, 3):
        got = []
        out = fork_map(_scaled, tasks, jobs, {"factor": lambda: 3}, on_result=lambda i, r: got.append(i))
        assert [v for v, _ in out] == [3 * k for k in tasks]
        assert got == tasks
        seen[jobs] = {pid for _, pid in out}
    assert seen[1] == {os.getpid()}
    assert os.getpid() not in seen[2] and len(seen[2]) >= 1
    assert "factor" not in shared()
    with pytest.raises(ValueError, match="task 13"):
        fork_map(_scaled, [1, 13], 2, {"factor": lambda: 1})
    assert "factor" not in shared()


def test_an_error_stops_the_worker_without_waiting_for_its_call():
    """An error (or Ctrl-C) inside the ``with`` block terminates the worker's process instead of
    waiting for the call it is running."""
    import time

    from pipeline.parallel import Worker

    started = time.monotonic()
    with pytest.raises(RuntimeError):
        with Worker(2) as worker:
            worker.submit(time.sleep, 60)
            pid = worker._processes[0].pid
            raise RuntimeError("stop")
    assert time.monotonic() - started < 30
    time.sleep(0.2)
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
