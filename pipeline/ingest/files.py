"""Listing a folder's input files and the fallback unit from a file's path."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path, PurePosixPath

from ..normalize import normalize_text
from .segment import canonical_unit, fold

FORMATS = {".xlsx": "xlsx", ".xls": "xls", ".docx": "docx", ".txt": "txt",
           ".pdf": "pdf", ".odt": "odt", ".ods": "ods", ".doc": "doc"}

_HINTS = {
    ".csv": " Hãy mở bằng Excel và lưu thành .xlsx.",
    ".xlsm": " Hãy lưu lại thành .xlsx.",
}


# files an operating system or an open Office leaves in any folder: never minutes, never a reject
_CLUTTER = frozenset({"thumbs.db", "ehthumbs.db", "desktop.ini", ".ds_store"})


def is_clutter(name: str) -> bool:
    """Hidden files, Office lock files ("~$x") and OS files such as Thumbs.db or desktop.ini."""
    return name.startswith((".", "~$")) or name.lower() in _CLUTTER


def list_input_files(input_dir: Path, ignored: list[str] | None = None) -> list[tuple[Path, str]]:
    """(absolute path, relative POSIX path) of every candidate file, sorted by the latter.

    Hidden files and folders and Office lock files ("~$...") are left out;
    symlinked folders are not followed (no loops); special files (pipes,
    sockets) are left out. Broken or looping file symlinks are kept, so that
    they are reported. Relative paths are in Unicode NFC (names typed on macOS
    are NFD on disk) so that messages and outputs show one spelling.
    OS clutter (``is_clutter``) is left out too; its relative paths are appended to
    ``ignored`` when given, so that the manifest can count them.
    """
    found = []
    for dirpath, dirnames, filenames in os.walk(input_dir, followlinks=False):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if is_clutter(name):
                if ignored is not None:
                    ignored.append(unicodedata.normalize("NFC", (Path(dirpath) / name).relative_to(input_dir).as_posix()))
                continue
            path = Path(dirpath) / name
            if not path.is_file() and not (path.is_symlink() and not path.exists()):
                continue
            rel = unicodedata.normalize("NFC", path.relative_to(input_dir).as_posix())
            found.append((path, rel))
    if ignored is not None:
        ignored.sort()
    return sorted(found, key=lambda p: p[1])


_GENERIC_STEM = re.compile(
    r"(bien ?ban|tong hop|kien nghi|y kien|bao cao|tiep xuc|ket qua|document|sheet|book|minutes|^bb\b|^tt\b|^\d+$)"
)
_KIND_IN_NAME = re.compile(r"\b(dac khu|thi tran|thi xa|phuong|xa|huyen|don vi bau cu)\s+\S")


def _plain(name: str) -> str:
    return normalize_text(re.sub(r"[_\-]+", " ", name))


def unit_from_path(rel: str) -> str:
    """Fallback unit when the minutes do not name one: file name, else folder name.

    >>> unit_from_path("tong_hop/bien_ban_xa_tan_lap.txt"), unit_from_path("Phường Minh Xuân/bien_ban.docx")
    ('Xã Tan Lap', 'Phường Minh Xuân')
    """
    p = PurePosixPath(rel)
    names = [p.stem] + list(reversed(p.parts[:-1]))
    for name in names:
        plain = _plain(name)
        m = _KIND_IN_NAME.search(fold(plain))
        if m:
            return canonical_unit(plain[m.start() :])
    stem = _plain(p.stem)
    if stem and not _GENERIC_STEM.search(fold(stem)):
        return canonical_unit(stem)
    if len(p.parts) > 1:
        return canonical_unit(_plain(p.parts[-2]))
    return canonical_unit(stem)

