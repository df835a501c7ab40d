"""The out folder of a round belongs to one input folder.

A round's out folder holds its tables, reports and the analysts' corrections log
(``corrections.csv``, replayed by every later run). Writing another round into it
would replace last round's outputs and replay its corrections on the wrong items, so
``claim`` refuses an out folder whose manifest names a different input folder.

``input_identity`` is what the manifest records: the input folder's full path and a
fingerprint of its files (names and bytes). ``cleans_up_new_out_dir`` removes the
folders a failed run created and left empty, so a failed first run leaves nothing.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import json
from pathlib import Path

from .errors import InputError

MANIFEST = "manifest.json"


def input_fingerprint(input_dir: Path) -> str:
    """sha256 over the relative path and bytes of every file under ``input_dir`` (sorted)."""
    from .io import sha256_file

    root = Path(input_dir)
    h = hashlib.sha256()
    for p in sorted(q for q in root.rglob("*") if q.is_file()):
        h.update(p.relative_to(root).as_posix().encode("utf-8", "surrogateescape") + b"\x00")
        h.update(sha256_file(p).encode() + b"\x00")
    return h.hexdigest()


def input_identity(input_dir: Path) -> dict:
    """The manifest's record of the input: full path and fingerprint."""
    return {"input_path": str(Path(input_dir).resolve()), "input_fingerprint": input_fingerprint(input_dir)}


def claim(out_dir: Path, input_dir: Path) -> None:
    """Refuse (InputError) to write ``input_dir``'s round into an out folder of another input folder.

    The same input folder with changed files (a minute added, a file fixed) is the same
    round and may be rerun. A manifest written before the input's path was recorded is
    compared by the input folder's name only.
    """
    try:
        manifest = json.loads((Path(out_dir) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return  # no earlier run here (or an unreadable manifest: nothing to compare)
    if not isinstance(manifest, dict):
        return
    here = Path(input_dir).resolve()
    before = manifest.get("input_path")
    if before:
        same = Path(before) == here
    else:
        before = manifest.get("input_dir")
        same = not before or before == here.name
    if not same:
        raise InputError(
            f"Thư mục kết quả {out_dir} đang chứa kết quả của một đợt khác (đầu vào: {before}), "
            f"không phải của {here}. Để không ghi đè kết quả và hiệu chỉnh của đợt đó, cutri không chạy. "
            f"Hãy chọn một thư mục kết quả khác bằng --out, hoặc tự xóa thư mục này nếu đúng là muốn làm lại."
        )


def _new_folders(path: Path) -> list[Path]:
    """The folders from ``path`` up that do not exist yet (deepest first)."""
    path = Path(path).absolute()
    new = []
    while not path.exists() and path != path.parent:
        new.append(path)
        path = path.parent
    return new


def cleans_up_new_out_dir(run):
    """Decorate ``runner.run``: when it fails, remove the out folder (and its parents) it
    created, if they are still empty. Folders that existed before are never touched."""
    signature = inspect.signature(run)

    @functools.wraps(run)
    def wrapper(*args, **kwargs):
        bound = signature.bind_partial(*args, **kwargs)
        input_dir, out_dir = bound.arguments.get("input_dir"), bound.arguments.get("out_dir")
        new = []
        if input_dir is not None:
            from .runner import default_out_dir

            new = _new_folders(Path(out_dir) if out_dir else default_out_dir(Path(input_dir)))
        try:
            return run(*args, **kwargs)
        except BaseException:
            for folder in new:  # deepest first; stops at the first one that holds something
                try:
                    folder.rmdir()
                except OSError:
                    break
            raise

    return wrapper


# --------------------------------------------------------------------------- one writer per out folder
LOCK_NAME = ".cutri.lock"
STAGING_PREFIX = ".cutri-dang-ghi-"  # a run's staging folder inside the out folder: STAGING_PREFIX + pid


def _holder_text(path: Path) -> str:
    """'process 123 on host x, since ...' in Vietnamese, from a lock file's JSON (best effort)."""
    try:
        info = json.loads(Path(path).read_text(encoding="utf-8"))
        return f"tiến trình {info['pid']} trên máy {info['host']}, bắt đầu lúc {info['since']}"
    except (OSError, ValueError, KeyError, TypeError):
        return "không rõ tiến trình nào"


def _busy(out_dir: Path, lock_path: Path):
    from .errors import OutputError

    return OutputError(
        f"Thư mục kết quả {out_dir} đang được một lần chạy cutri khác ghi ({_holder_text(lock_path)}). "
        f"Hai lần chạy cùng lúc trên một thư mục kết quả sẽ làm mất hiệu chỉnh, nên lần chạy này dừng lại "
        f"mà không ghi gì; các tệp hiệu chỉnh đã đưa vào vẫn còn nguyên. Hãy chờ lần chạy kia xong rồi chạy lại."
    )


def _pid_alive(pid: int) -> bool:
    import os

    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


class OutLock:
    """An exclusive lock on an out folder, held for a whole run (``with OutLock(out_dir):``).

    The lock is ``flock`` on ``<out>/.cutri.lock``, which holds the holder's pid, host and
    start time for the message a second run shows. The kernel drops a ``flock`` when its
    process dies, so a killed run never leaves a lock that blocks the next one. Where
    ``flock`` is unavailable (Windows, some network file systems) the lock is the file's
    exclusive creation, and a file left by a dead process of this host is taken over.
    A second run never waits: OutputError (exit 1) names the holder.
    """

    def __init__(self, out_dir: Path):
        self.out_dir = Path(out_dir)
        self.path = self.out_dir / LOCK_NAME
        self._fd = None

    def _info(self) -> bytes:
        import datetime as dt
        import os
        import socket

        since = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        return json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "since": since},
                          ensure_ascii=False).encode("utf-8")

    def _acquire_flock(self, fcntl) -> bool:
        """True when locked; False when flock is not supported here; OutputError when held."""
        import errno
        import os

        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                raise _busy(self.out_dir, self.path) from None
            except OSError as exc:
                os.close(fd)
                if exc.errno in (errno.ENOLCK, errno.EOPNOTSUPP, errno.EINVAL):
                    return False
                raise
            try:  # the file may have been removed by its last holder in between: lock the current one
                same = os.stat(self.path).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if same:
                self._fd = fd
                os.ftruncate(fd, 0)
                os.write(fd, self._info())
                return True
            os.close(fd)

    def _acquire_exclusive(self) -> None:
        import os
        import socket

        for _ in range(3):
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                try:
                    info = json.loads(self.path.read_text(encoding="utf-8"))
                    stale = info.get("host") == socket.gethostname() and not _pid_alive(int(info["pid"]))
                except (OSError, ValueError, KeyError, TypeError):
                    stale = False
                if not stale:
                    raise _busy(self.out_dir, self.path) from None
                self.path.unlink(missing_ok=True)  # its process is gone: a killed run's lock
                continue
            os.write(fd, self._info())
            os.close(fd)
            self._fd = -1
            return
        raise _busy(self.out_dir, self.path)

    def acquire(self) -> "OutLock":
        from .errors import OutputError
        from .io import os_reason

        try:
            try:
                import fcntl
            except ImportError:
                fcntl = None
            if fcntl is None or not self._acquire_flock(fcntl):
                self._acquire_exclusive()
        except OSError as exc:
            raise OutputError(f"Không khóa được thư mục kết quả {self.out_dir}: {os_reason(exc)}.") from None
        return self

    def release(self) -> None:
        import contextlib
        import os

        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            self.path.unlink()  # still holding the lock: a run that opened it meanwhile retries
        if self._fd >= 0:
            os.close(self._fd)
        self._fd = None

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *exc):
        self.release()


def clean_stale(out_dir: Path) -> list[str]:
    """Remove what killed runs left in ``out_dir`` (staging folders, half-written temp files).

    Called under the lock, so no live run owns them. Returns the names removed.
    """
    import shutil

    removed = []
    for p in sorted(Path(out_dir).iterdir()):
        leftover = (p.name.startswith(STAGING_PREFIX) and p.is_dir()) or (
            p.name.startswith((".manifest.json.", ".corrections.csv.", ".cutri-probe.")) and p.is_file())
        if leftover:
            if p.is_dir():
                shutil.rmtree(p, ignore_errors=True)
            else:
                p.unlink(missing_ok=True)
            removed.append(p.name)
    return removed


def staging_dir(out_dir: Path) -> Path:
    """A fresh, empty staging folder of this process inside ``out_dir``."""
    import os
    import shutil

    stage = Path(out_dir) / f"{STAGING_PREFIX}{os.getpid()}"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    return stage


def _replaceable(target: Path) -> str | None:
    """Why ``target`` cannot be replaced (Vietnamese), or None when it can (or does not exist)."""
    from .io import os_reason

    if not target.exists() and not target.is_symlink():
        return None
    if target.is_dir() or not target.is_file():
        return "đã có một thư mục (không phải tệp) trùng tên"
    try:  # an open Word/Excel on Windows, a read-only or immutable file: opening to write fails
        with open(target, "r+b"):
            pass
    except OSError as exc:
        return os_reason(exc)
    return None


def swap_in(staged: list[Path], out_dir: Path, stage: Path) -> list[Path]:
    """Move every staged file into ``out_dir`` as one step: all of them or none.

    First every target is checked (none may be a folder, locked or unwritable); if one is
    not, OutputError names it and nothing is touched. Then the files are replaced one by
    one, each previous file kept as a hard link in ``stage`` until all are in; if a
    replacement still fails, the ones already replaced are put back. Returns the new paths.
    """
    import contextlib
    import os
    import shutil

    from .errors import OutputError
    from .io import os_reason

    out_dir = Path(out_dir)
    targets = [out_dir / p.name for p in staged]
    for t in targets:
        why = _replaceable(t)
        if why is not None:
            raise OutputError(
                f"Không thay được tệp kết quả {t}: {why} (có thể tệp đang mở trong Word/Excel hoặc chỉ cho đọc). "
                f"Chưa tệp kết quả nào bị thay: kết quả lần chạy trước còn nguyên. Hãy đóng tệp đó rồi chạy lại."
            )
    backup = stage / ".truoc"
    backup.mkdir(exist_ok=True)
    done: list[tuple[Path, Path | None]] = []
    try:
        for new, t in zip(staged, targets):
            old = None
            if t.exists():
                old = backup / t.name
                try:
                    os.link(t, old)
                except OSError:  # no hard links on this file system: a copy
                    shutil.copy2(t, old)
            os.replace(new, t)
            done.append((t, old))
    except OSError as exc:
        failed = t
        for target, old in reversed(done):
            with contextlib.suppress(OSError):
                if old is not None:
                    os.replace(old, target)
                else:
                    target.unlink()
        raise OutputError(
            f"Không thay được tệp kết quả {failed}: {os_reason(exc)}. Các tệp đã thay được đặt lại như cũ: "
            f"kết quả lần chạy trước còn nguyên."
        ) from None
    return targets
