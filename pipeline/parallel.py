"""Work handed to a second, forked process while the main one goes on, and the garbage
collector around large heaps.

``Worker`` runs calls one after the other in one forked process that keeps its
state between them (the modelling worker: fit, classify, cluster). ``Background``
is a one-call Worker (the review workbook, the report's Excel annex). ``fork_map``
is the project's one pool of forked processes for a stage's own work (tokenizing,
predicting batches, candidate and similarity blocks). All fall back to running the
calls in this process with one job or where fork is unavailable, so results never
depend on the number of jobs.
"""

from __future__ import annotations

import contextlib
import gc
import os
import threading

_INHERITED: dict[int, tuple] = {}  # first calls, read by the forked process from its copy of memory


def _run_inherited(key: int):
    fn, args, kwargs = _INHERITED.pop(key)
    return fn(*args, **kwargs)


# ------------------------------------------------------------------ forked processes end with their parent
# Every process forked from this one (the modelling worker, the background writers and the
# stages' process pools alike) stops when this process dies, even by SIGKILL: on Linux the
# kernel sends it SIGKILL (prctl PR_SET_PDEATHSIG); everywhere, a thread of the child checks
# once a second that its parent is still the same process and ends it otherwise. Without
# this, a killed run left its modelling worker waiting on its pipe for good.
PR_SET_PDEATHSIG = 1
PARENT_CHECK_SECONDS = 1.0
_FORK_ORIGIN = [0, True]  # (pid of the forking process, forked from its main thread), as seen by the child


def _before_fork() -> None:
    _FORK_ORIGIN[0] = os.getpid()
    _FORK_ORIGIN[1] = threading.current_thread() is threading.main_thread()


def _set_parent_death_signal() -> bool:
    """prctl(PR_SET_PDEATHSIG, SIGKILL) on Linux; False where unavailable."""
    import signal
    import sys

    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    import time

    while True:
        time.sleep(PARENT_CHECK_SECONDS)
        if os.getppid() != parent:
            os._exit(1)  # the parent is gone (this process was handed to init)


def _after_fork_in_child() -> None:
    parent, from_main_thread = _FORK_ORIGIN
    # The death signal follows the forking *thread*: a fork from a short-lived thread would be
    # killed when that thread ends, so those children rely on the parent check alone.
    if from_main_thread:
        _set_parent_death_signal()
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), name="cutri-parent-check", daemon=True).start()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(before=_before_fork, after_in_child=_after_fork_in_child)


class Worker:
    """A forked process that runs the calls given to ``submit`` one after the other.

    The process lives as long as the ``with`` block, so a call can leave state
    (a fitted model) for the next ones, and modules it imports stay in it: the
    scikit-learn stack (about 1.3 s to import) is loaded by the worker only,
    never by the main process. ``submit`` returns a handle whose ``result()``
    waits and returns the call's value or raises its exception. With one job,
    or where fork is unavailable, calls run in this process, in submission
    order, when a result is first asked for. Leaving the block on an error
    (or Ctrl-C) stops the process without waiting for it.
    """

    def __init__(self, jobs: int):
        import multiprocessing as mp

        self._pool = None
        self._processes: list = []  # the pool's process, once started
        self._started = False
        self._pending: list[_Call] = []
        self.state: dict = {}  # the calls' state when they run in this process (see submit_with_state)
        if jobs > 1 and "fork" in mp.get_all_start_methods():
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context("fork"))

    def submit(self, fn, *args, **kwargs) -> "_Call":
        call = _Call(self, (fn, args, kwargs))
        if self._pool is None:
            self._pending.append(call)
        elif not self._started:
            # The first call forks the process (a fork-context pool starts its worker on
            # the first submit), so the call is inherited with the memory instead of
            # pickled through a pipe: a large round's tables or report context would
            # otherwise be copied twice more (pickled, then unpickled).
            import multiprocessing as mp

            key = id(call)
            _INHERITED[key] = (fn, args, kwargs)
            before = set(mp.active_children())
            try:
                call.future = self._pool.submit(_run_inherited, key)
            finally:
                _INHERITED.pop(key, None)
            # the fork-context pool starts its one process inside that submit: the new child
            self._processes = [p for p in mp.active_children() if p not in before]
            self._started = True
        else:
            call.future = self._pool.submit(fn, *args, **kwargs)
        return call

    def submit_with_state(self, fn, *args, **kwargs) -> "_Call":
        """``fn(state, *args, **kwargs)``: ``state`` is one dict kept where the calls run (the
        forked process, or this Worker with one job) for the calls that follow, so a fitted
        model passes from one call to the next without travelling through a pipe."""
        if self._pool is None:
            return self.submit(fn, self.state, *args, **kwargs)
        return self.submit(_with_child_state, fn, *args, **kwargs)

    def _run_pending(self, upto: "_Call") -> None:
        while self._pending:
            call = self._pending.pop(0)
            fn, args, kwargs = call.work
            call.work = None
            try:
                call.value = fn(*args, **kwargs)
            except Exception as exc:  # kept for its result(); Ctrl-C goes straight up and stops the run
                call.error = exc
            if call is upto:
                return

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._pending.clear()
        self.state.clear()
        if self._pool is not None:
            if exc[0] is not None:
                for proc in self._processes:
                    proc.terminate()  # an error or Ctrl-C here: do not wait for the worker
            self._pool.shutdown(wait=True, cancel_futures=True)


# The state of the Worker whose forked process this is: filled only inside a forked worker (the
# main process's copy stays empty), and gone with that process.
_CHILD_STATE: dict = {}


def _with_child_state(fn, *args, **kwargs):
    return fn(_CHILD_STATE, *args, **kwargs)


class _Call:
    def __init__(self, worker: Worker, work):
        self.worker, self.work = worker, work
        self.future = None
        self.value = self.error = None

    def result(self):
        if self.future is not None:
            return self.future.result()
        if self.work is not None:
            self.worker._run_pending(self)
        if self.error is not None:
            raise self.error
        return self.value


class Background(Worker):
    """``fn(*args, **kwargs)`` in a forked process while the caller goes on (a one-call Worker)."""

    def __init__(self, jobs: int, fn, *args, **kwargs):
        super().__init__(jobs)
        self._call = self.submit(fn, *args, **kwargs)

    def result(self):
        return self._call.result()


@contextlib.contextmanager
def collector_paused():
    """The cyclic garbage collector off while millions of small objects are built.

    Its full passes over every live object would otherwise recur all along (a
    third of the time of clustering or of building the report context on large
    rounds); the code run inside creates no reference cycles that need it, and
    it is switched back on afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_FROZEN = [0]  # depth of nested heap_frozen blocks


@contextlib.contextmanager
def heap_frozen():
    """``gc.freeze()``: the collector's passes no longer walk the objects alive now (the
    round's tables, the report context), nor make forked processes copy their memory
    pages by touching them; the collector still frees what is made afterwards. Unfrozen
    when the outermost such block ends."""
    _FROZEN[0] += 1
    gc.freeze()
    try:
        yield
    finally:
        _FROZEN[0] -= 1
        if _FROZEN[0] == 0:
            gc.unfreeze()


def release_memory() -> None:
    """Collect garbage and hand freed heap pages back to the system (glibc), so that the
    processes forked next do not start with them."""
    import ctypes
    import ctypes.util

    gc.collect()
    try:
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (macOS, musl): nothing to trim
        pass


# ------------------------------------------------------------------ the stages' pool
_SHARED: dict = {}  # what fork_map's tasks read (``shared()``): set before the processes fork


def shared() -> dict:
    """What the caller of ``fork_map`` handed to its tasks (``share``), in a task."""
    return _SHARED


def fork_map(fn, tasks: list, jobs: int, share: dict | None = None, on_result=None, meanwhile=None) -> list:
    """``[fn(t) for t in tasks]``, in task order, by up to ``jobs`` forked processes.

    ``fn`` is a module-level function of one task; what it needs besides (a model, a
    matrix, a frame) is given in ``share`` and read with ``shared()``: the processes
    inherit it when they fork, nothing of it is pickled. ``on_result(i, result)`` is
    called for each result in task order as it comes (progress); ``meanwhile()`` once
    while the processes work (other work of this process). With one job, one task or
    no fork, the tasks run here, one after the other: the outcome never depends on
    ``jobs``.
    """
    import multiprocessing as mp

    share = share or {}
    _SHARED.update(share)
    try:
        if jobs <= 1 or len(tasks) < 2 or "fork" not in mp.get_all_start_methods():
            if meanwhile is not None:
                meanwhile()
            out = []
            for i, t in enumerate(tasks):
                out.append(fn(t))
                if on_result is not None:
                    on_result(i, out[-1])
            return out
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), mp_context=mp.get_context("fork")) as pool:
            futures = [pool.submit(fn, t) for t in tasks]
            if meanwhile is not None:
                meanwhile()
            out = []
            for i, fut in enumerate(futures):
                out.append(fut.result())
                if on_result is not None:
                    on_result(i, out[-1])
            return out
    finally:
        for k in share:
            _SHARED.pop(k, None)
