"""Reading a folder: one reader per file, in forked workers when asked."""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import struct
import time
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterator, Sequence

import pandas as pd

from .. import schemas as S
from ..config import Config
from ..errors import FileReject, InputError
from ..io import sha256_file
from .diacritics import lacks_diacritics, unit_spellings
from .excel import _read_excel
from .formats import _read_doc, _read_odt, _read_pdf
from .files import _HINTS, FORMATS, list_input_files, unit_from_path
from .out import MEETING_BASE_COLUMNS, IngestResult, _Out
from .sniff import content_format
from .text import _read_txt
from .word import _read_docx

_SUPPORTED = ".xlsx, .xls, .ods, .docx, .doc, .odt, .pdf, .txt"

# --------------------------------------------------------------------------- entry point
def _links_outside(path: Path, rel: str) -> bool:
    """True for a file symlink whose target lies outside the input folder (never read)."""
    if not path.is_symlink() or not path.exists():
        return False
    root = path.parents[len(PurePosixPath(rel).parts) - 1].resolve()
    return not path.resolve().is_relative_to(root)


def _read_file(path: Path, rel: str, cfg: Config) -> tuple[_Out, dict]:
    """Read one input file: its rows (records numbered in file order) and its entry in ``files``.

    Never raises for a bad file: whatever goes wrong becomes a reject of that file.
    """
    ext = path.suffix.lower()
    fmt = FORMATS.get(ext)
    out = _Out(rel)
    outside = _links_outside(path, rel)
    try:
        digest = None if outside else sha256_file(path)
    except OSError:
        digest = None
    status = "ok"
    converted = None
    if fmt is None:
        status = "rejected"
        shown = ext or "không có phần mở rộng"
        out.reject("", f"Tệp {rel}: định dạng không hỗ trợ ({shown}); chỉ đọc {_SUPPORTED}."
                   + _HINTS.get(ext, ""))
    else:
        default_unit = unit_from_path(rel)
        try:
            if path.is_symlink() and not path.exists():
                raise FileReject("liên kết tượng trưng (symlink) bị hỏng hoặc trỏ vòng, không có tệp thật để đọc")
            if outside:
                raise FileReject("liên kết tượng trưng (symlink) trỏ ra ngoài thư mục biên bản, không đọc")
            if digest is None:
                raise FileReject("không mở được tệp (không có quyền đọc?)")
            if path.stat().st_size == 0:
                raise FileReject("tệp rỗng")
            fmt = content_format(path, fmt)
            if fmt in ("xlsx", "xls", "ods"):
                _read_excel(path, out, fmt, cfg, default_unit)
            elif fmt == "docx":
                _read_docx(path, out, cfg, default_unit)
            elif fmt == "pdf":
                _read_pdf(path, out, cfg, default_unit)
            elif fmt == "odt":
                _read_odt(path, out, cfg, default_unit)
            elif fmt == "doc":
                converted = _read_doc(path, out, cfg, default_unit)
            else:
                _read_txt(path, out, cfg, default_unit)
        except FileReject as exc:
            status = "rejected"
            kept = [r for r in out.rejects if r["location"]]  # sheet-level reasons stay
            out = _Out(rel, encoding=out.encoding)
            out.rejects = kept
            out.reject(exc.location, f"Không đọc được tệp {rel}: {exc.reason}.", exc.raw_text)
        except MemoryError:
            status = "rejected"
            out = _Out(rel)
            mb = cfg.ingest.file_memory_mb
            out.reject("", f"Không đọc được tệp {rel}: tệp cần quá "
                           + (f"{mb} MB bộ nhớ (file_memory_mb trong mục [ingest])" if mb > 0 else "nhiều bộ nhớ") + ".")
        except OSError as exc:
            status = "rejected"
            out = _Out(rel)
            out.reject("", f"Không đọc được tệp {rel}: lỗi hệ thống ({type(exc).__name__}).")
        except Exception as exc:  # one damaged file never stops the run
            status = "rejected"
            out = _Out(rel)
            out.reject("", f"Không đọc được tệp {rel}: nội dung tệp bị hỏng hoặc không đúng định dạng "
                           f"({type(exc).__name__}); hãy mở và lưu lại tệp.")
    out.records.sort(key=lambda rec: rec["_key"])
    for seq, rec in enumerate(out.records, start=1):
        rec.pop("_key")
        rec[S.SEQ] = seq
    entry = {
        # "format" is the format read, from the content (a .xlsx renamed .xls says "xlsx")
        "path": rel, "sha256": digest, "format": fmt or ext.lstrip("."), "encoding": out.encoding,
        "status": status, "n_records": len(out.records),
        # typed without diacritics (listed in the manifest; its units are matched by read_minutes)
        "no_diacritics": lacks_diacritics([r[S.TEXT_RAW] for r in out.records]),
    }
    if converted:
        entry["converted"] = converted  # a .doc read through LibreOffice's .docx
    if out.notes:
        entry["notes"] = list(out.notes)
    return out, entry


def _load_readers(suffixes: set[str]) -> None:
    """Import the readers the files need and compile the legacy converters, before forking,
    so that every worker inherits them instead of loading them again."""
    from .. import normalize

    try:
        if suffixes & {".xlsx", ".xls"}:
            import openpyxl  # noqa: F401
            import openpyxl.styles.numbers  # noqa: F401
            import python_calamine  # noqa: F401
            import xlrd  # noqa: F401
        if ".docx" in suffixes:
            import docx  # noqa: F401
        normalize.could_be_legacy("")  # compiles both converters and the pre-check
    except Exception:  # a reader that cannot load fails in the worker, on its own file
        pass


def _read_files(candidates: list[tuple[Path, str]], cfg: Config, jobs: int) -> Iterator[tuple[_Out, dict]]:
    """``_read_file`` of every candidate, in the order given, by ``jobs`` forked reading
    processes, each file held to the file budget (``file_memory_mb``, ``file_seconds``).

    Results come back in the order of ``candidates`` whatever the order the processes
    finish in. A file whose process dies (the memory budget, a native crash, a kill) or
    overruns the time budget is a reject of that file: it is never read again here, so a
    read that kills a process cannot end the run; a new process reads the files left.
    Where no process can be forked, the files are read in this process.
    """
    if not hasattr(os, "fork") or not candidates:
        for path, rel in candidates:
            yield _read_file(path, rel, cfg)
        return
    _load_readers({p.suffix.lower() for p, _ in candidates})
    pending = list(range(len(candidates)))[::-1]
    done: dict[int, tuple[_Out, dict]] = {}
    workers: list[_Worker] = []

    def hire() -> None:
        w = _Worker.start(candidates, cfg, [fd for x in workers for fd in x.fds()])
        if w is not None:
            workers.append(w)
            w.assign(pending)

    nxt = 0
    try:
        for _ in range(max(1, min(jobs, len(candidates)))):
            hire()
        while nxt < len(candidates):
            if nxt in done:
                yield done.pop(nxt)
                nxt += 1
                continue
            busy = [w for w in workers if w.current is not None]
            if not busy:  # no process could be forked: read the next file here
                k = pending.pop()
                done[k] = _read_file(*candidates[k], cfg)
                continue
            now = time.monotonic()
            timeout = min(w.deadline for w in busy) - now
            ready, _, _ = select.select([w.rfd for w in busy], [], [], max(0.0, min(timeout, 5.0)))
            for w in busy:
                if w.rfd in ready:
                    for k, got in w.pull():
                        done[k] = got
                        w.assign(pending, finished=k)
                    if w.dead:
                        if w.current is not None:
                            done[w.current] = w.obituary(candidates, cfg)
                            pending.extend(reversed(w.queue[1:]))  # sent but not begun: read by another
                        workers.remove(w)
                        if pending:
                            hire()
                elif time.monotonic() > w.deadline:
                    w.kill(timed_out=True)  # its pipe ends at once; handled by the next select
    finally:
        for w in workers:  # the end, an error or Ctrl-C in the caller: stop every reader
            w.stop(kill=nxt < len(candidates))


class _Worker:
    """A forked reading process: receives file numbers, sends back pickled results."""

    def __init__(self, pid: int, wfd: int, rfd: int, seconds: int):
        self.pid, self.wfd, self.rfd, self.seconds = pid, wfd, rfd, seconds
        self.queue: list[int] = []  # files sent, the first being read
        self.deadline = float("inf")
        self.buf = bytearray()
        self.dead = self.timed_out = False
        self.status: int | None = None

    def fds(self) -> list[int]:
        return [fd for fd in (self.wfd, self.rfd) if fd >= 0]

    @classmethod
    def start(cls, candidates, cfg: Config, inherited: list[int]) -> _Worker | None:
        parent = os.getpid()
        try:
            task_r, task_w = os.pipe()
            res_r, res_w = os.pipe()
        except OSError:
            return None
        try:
            pid = os.fork()
        except OSError:
            for fd in (task_r, task_w, res_r, res_w):
                os.close(fd)
            return None
        if pid == 0:  # the reading process: never returns into the caller's code
            code = 1
            try:
                for fd in inherited + [task_w, res_r]:
                    os.close(fd)
                _child_limits(parent, cfg.ingest.file_memory_mb)
                _serve(candidates, cfg, task_r, res_w)
                code = 0
            except BaseException:
                pass
            finally:
                os._exit(code)
        os.close(task_r)
        os.close(res_w)
        os.set_blocking(res_r, False)
        with contextlib.suppress(Exception):  # fewer round trips for a large result (Linux)
            import fcntl

            fcntl.fcntl(res_r, getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
        return cls(pid, task_w, res_r, cfg.ingest.file_seconds)

    def assign(self, pending: list[int], finished: int | None = None) -> None:
        """Keep two files queued at this process (no wait between them); the first is the one
        being read, its budget counted from when the one before it came back."""
        if finished is not None and self.queue and self.queue[0] == finished:
            self.queue.pop(0)
            self.deadline = time.monotonic() + self.seconds if self.seconds > 0 else float("inf")
        while pending and len(self.queue) < 2 and not self.dead:
            k = pending.pop()
            try:
                os.write(self.wfd, struct.pack(">Q", k))
            except OSError:
                pending.append(k)
                break
            if not self.queue:
                self.deadline = time.monotonic() + self.seconds if self.seconds > 0 else float("inf")
            self.queue.append(k)
        if not self.queue:
            self.deadline = float("inf")

    @property
    def current(self) -> int | None:
        return self.queue[0] if self.queue else None

    def pull(self) -> list[tuple[int, tuple[_Out, dict]]]:
        """Complete results sent so far; sets ``dead`` at the end of the pipe."""
        while True:
            try:
                chunk = os.read(self.rfd, 1 << 20)
            except BlockingIOError:
                break
            except OSError:
                chunk = b""
            if not chunk:
                self.dead = True
                self.stop(kill=True)
                break
            self.buf += chunk
        got = []
        while len(self.buf) >= 8:
            size = struct.unpack(">Q", self.buf[:8])[0]
            if len(self.buf) < 8 + size:
                break
            k, result = pickle.loads(self.buf[8:8 + size])
            del self.buf[:8 + size]
            got.append((k, result))
        return got

    def kill(self, timed_out: bool = False) -> None:
        if self.status is None:
            self.timed_out = self.timed_out or timed_out
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)

    def stop(self, kill: bool = False) -> None:
        """Close the pipes (the process ends when it reads the end of its tasks) and reap it."""
        if kill:
            self.kill()
        for attr in ("wfd", "rfd"):
            fd = getattr(self, attr)
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
                setattr(self, attr, -1)
        if self.status is None:
            try:
                self.status = os.waitpid(self.pid, 0)[1]
            except ChildProcessError:
                self.status = -1

    def obituary(self, candidates, cfg: Config) -> tuple[_Out, dict]:
        """The reject of the file this process was reading when it died or was stopped."""
        path, rel = candidates[self.current]
        if self.timed_out:
            why = (f"đọc tệp quá {cfg.ingest.file_seconds} giây (giới hạn thời gian cho một tệp, "
                   "file_seconds trong mục [ingest] của cấu hình); tệp không được đọc")
        else:
            st = self.status or 0
            sig = os.WTERMSIG(st) if os.WIFSIGNALED(st) else None
            how = (f"tín hiệu {signal.Signals(sig).name}" if sig in signal.Signals._value2member_map_
                   else f"mã thoát {os.WEXITSTATUS(st)}" if os.WIFEXITED(st) else "không rõ")
            mb = cfg.ingest.file_memory_mb
            why = ("tiến trình đọc tệp dừng bất thường (" + how + "): tệp cần quá "
                   + (f"{mb} MB bộ nhớ (file_memory_mb trong mục [ingest])" if mb > 0 else "nhiều bộ nhớ")
                   + " hoặc thư viện đọc bị lỗi; tệp không được đọc lại, các tệp khác vẫn được đọc")
        return _rejected(path, rel, why)


def _serve(candidates, cfg: Config, task_r: int, res_w: int) -> None:
    """The reading process's loop: a file number in, its pickled result out, until the end."""
    with os.fdopen(task_r, "rb", buffering=0) as tasks, os.fdopen(res_w, "wb") as results:
        while True:
            head = b""
            while len(head) < 8:
                more = tasks.read(8 - len(head))
                if not more:
                    return
                head += more
            k = struct.unpack(">Q", head)[0]
            payload = pickle.dumps((k, _read_file(*candidates[k], cfg)), protocol=pickle.HIGHEST_PROTOCOL)
            results.write(struct.pack(">Q", len(payload)))
            results.write(payload)
            results.flush()


def _child_limits(parent: int, memory_mb: int) -> None:
    """In a reading process: no core file, end with the parent, address space within budget."""
    import resource

    with contextlib.suppress(Exception):
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    with contextlib.suppress(Exception):
        import faulthandler

        faulthandler.disable()  # a crash is reported once, as the file's reject, not as a traceback
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG (Linux)
    if os.getppid() != parent:
        os._exit(1)
    if memory_mb > 0:
        with contextlib.suppress(Exception):
            with open("/proc/self/status", encoding="ascii") as fh:
                held = next(int(ln.split()[1]) << 10 for ln in fh if ln.startswith("VmSize:"))
            cap = held + (memory_mb << 20)
            soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            if hard == resource.RLIM_INFINITY or cap < hard:
                resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def _rejected(path: Path, rel: str, why: str) -> tuple[_Out, dict]:
    """A whole file rejected outside its reader (its reading process died or overran)."""
    out = _Out(rel)
    out.reject("", f"Không đọc được tệp {rel}: {why}.")
    try:
        digest = None if _links_outside(path, rel) else sha256_file(path)
    except OSError:
        digest = None
    fmt = FORMATS.get(path.suffix.lower()) or path.suffix.lower().lstrip(".")
    return out, {"path": rel, "sha256": digest, "format": fmt, "encoding": None, "status": "rejected",
                 "n_records": 0, "no_diacritics": False}


def read_minutes(
    input_dir: Path, cfg: Config, progress: Callable[[int], Any] | None = None, jobs: int = 1,
    exclude: Sequence[Path] = (),
) -> IngestResult:
    """Read all minutes under ``input_dir`` into one ``IngestResult``.

    Raises ``InputError`` only when the folder is missing, is not a folder, or
    holds no file in a supported format; any single bad file becomes a row of
    ``rejects`` instead. ``progress`` (optional) is called with 1 after each file,
    in this process. With ``jobs`` > 1 the files are read by that many forked
    processes; the result is the same as with one. cutri's own files (``exclude``: the
    corrections given to the run; workbooks it wrote; earlier out folders) are never read
    as minutes: they are listed in ``IngestResult.own_files``.
    """
    input_dir = Path(input_dir)
    if not input_dir.exists():
        raise InputError(f"Không tìm thấy thư mục đầu vào: {input_dir}")
    if not input_dir.is_dir():
        raise InputError(f"Đầu vào phải là một thư mục chứa biên bản: {input_dir}")
    ignored: list[str] = []
    own: list[str] = []
    candidates = list_input_files(input_dir, ignored, own, exclude)
    if not any(p.suffix.lower() in FORMATS for p, _ in candidates):
        names = [rel for _, rel in candidates]
        shown = "; ".join(names[:10]) + (f" và {len(names) - 10} tệp khác" if len(names) > 10 else "")
        raise InputError(
            f"Thư mục {input_dir} không có biên bản nào ở định dạng được hỗ trợ ({_SUPPORTED})."
            + (f" Các tệp không đọc được: {shown}." if names else "")
        )
    records, meetings, skipped, rejects, files = [], [], [], [], []
    with contextlib.closing(_read_files(candidates, cfg, jobs)) as results:
        for out, entry in results:
            records += out.records
            meetings += out.meetings
            skipped += out.skipped
            rejects += out.rejects
            files.append(entry)
            if progress is not None:
                progress(1)
    spelled = unit_spellings([r[S.UNIT] for r in records] + [m[S.UNIT] for m in meetings])
    for row in records + meetings:  # "Xa Dinh Tan" is the round's "Xã Định Tân"
        row[S.UNIT] = spelled.get(row[S.UNIT], row[S.UNIT])
    records_df = pd.DataFrame(records, columns=S.RAW_COLUMNS)
    records_df[S.ANSWERED] = records_df[S.ANSWERED].astype(bool)
    records_df[S.SEQ] = records_df[S.SEQ].astype(int)
    meetings_df = pd.DataFrame(meetings, columns=MEETING_BASE_COLUMNS)
    for col in ("voters_attending", "speaking_turns"):
        meetings_df[col] = meetings_df[col].astype("Int64")
    return IngestResult(
        records=records_df,
        meetings=meetings_df,
        skipped=pd.DataFrame(skipped, columns=S.SKIPPED_COLUMNS),
        rejects=pd.DataFrame(rejects, columns=S.REJECT_COLUMNS),
        files=files,
        ignored=ignored,
        own_files=own,
    )
