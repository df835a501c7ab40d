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
