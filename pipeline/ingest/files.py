"""Listing a folder's input files and the fallback unit from a file's path."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path, PurePosixPath
from typing import Sequence

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


_CUTRI_BY = re.compile(r"<dc:creator[^>]*>\s*cutri\s*<")  # review.xlsx, answers_review.xlsx


def is_cutri_workbook(path: Path) -> bool:
    """A review workbook cutri wrote (review.xlsx, answers_review.xlsx), recognised by its
    document properties, which Excel keeps when an analyst saves it under another name."""
    import zipfile

    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return False
    try:
        with zipfile.ZipFile(path) as z:
            info = z.getinfo("docProps/core.xml")
            if info.file_size > 100_000:
                return False
            return bool(_CUTRI_BY.search(z.read(info).decode("utf-8", "replace")))
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, ValueError):
        return False


def _resolved(path: Path) -> Path | None:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a looping link: reported by its reader
        return None


def is_cutri_out_folder(folder: Path) -> bool:
    """An out folder of an earlier run (copied into the round): its manifest.json is cutri's."""
    manifest = folder / "manifest.json"
    try:
        if not manifest.is_file() or manifest.stat().st_size > 50_000_000:
            return False
        import json

        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and {"run_fingerprint", "outputs", "files"} <= set(data)


def _decoded_part(part: str) -> str:
    """A name whose bytes are not UTF-8 (a zip made on Windows: cp1258 or cp437 names, held
    by Python as surrogate escapes), decoded the way that reads most like Vietnamese."""
    from ..normalize import vietnamese_score

    raw = os.fsencode(part)
    best, best_score = None, -1.0
    for codec in ("cp1258", "cp437"):
        text = unicodedata.normalize("NFC", raw.decode(codec, errors="replace"))
        score = vietnamese_score(text)
        if score > best_score:
            best, best_score = text, score
    return best


def shown_name(rel: str) -> str:
    """``rel`` as shown in messages and outputs: NFC, each part that is not valid UTF-8
    decoded best-effort (``_decoded_part``), so no output or terminal ever gets a surrogate."""
    parts = rel.split("/")
    if any("\udc80" <= ch <= "\udcff" for ch in rel):
        parts = [_decoded_part(p) if any("\udc80" <= ch <= "\udcff" for ch in p) else p for p in parts]
    return unicodedata.normalize("NFC", "/".join(parts))


def list_input_files(input_dir: Path, ignored: list[str] | None = None,
                     own: list[str] | None = None, exclude: Sequence[Path] = ()) -> list[tuple[Path, str]]:
    """(absolute path, relative POSIX path) of every candidate file, sorted by the latter.

    Hidden files and folders and Office lock files ("~$...") are left out;
    symlinked folders are not followed (no loops); special files (pipes,
    sockets) are left out. Broken or looping file symlinks are kept, so that
    they are reported. Relative paths are in Unicode NFC (names typed on macOS
    are NFD on disk) so that messages and outputs show one spelling; a name that is not
    valid UTF-8 is decoded best-effort (``shown_name``) and read from its real path.
    OS clutter (``is_clutter``) is left out too; its relative paths are appended to
    ``ignored`` when given, so that the manifest can count them. When ``own`` is given,
    cutri's own files are left out and listed there: the files in ``exclude`` (the
    corrections given to the run), workbooks cutri wrote (``is_cutri_workbook``) and
    whole out folders of earlier runs (``is_cutri_out_folder``, listed as "folder/").
    """
    found = []
    excluded = set()
    for p in exclude:
        excluded.add(_resolved(Path(p)))
    excluded.discard(None)

    def rel_of(path: Path) -> str:
        return shown_name(path.relative_to(input_dir).as_posix())

    for dirpath, dirnames, filenames in os.walk(input_dir, followlinks=False):
        if ignored is not None:  # hidden folders are not read: listed, like hidden files
            ignored.extend(rel_of(Path(dirpath) / d) + "/" for d in dirnames if d.startswith("."))
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        if own is not None and is_cutri_out_folder(Path(dirpath)):
            own.append(rel_of(Path(dirpath)) + "/")  # an earlier run's outputs: none of it is minutes
            dirnames[:] = []
            continue
        for name in filenames:
            path = Path(dirpath) / name
            if is_clutter(name):
                if ignored is not None:
                    ignored.append(rel_of(path))
                continue
            if not path.is_file() and not (path.is_symlink() and not path.exists()):
                continue
            if own is not None and (_resolved(path) in excluded or is_cutri_workbook(path)):
                own.append(rel_of(path))  # a corrections file or a workbook cutri wrote
                continue
            found.append((path, rel_of(path)))
    for listed in (ignored, own):
        if listed is not None:
            listed.sort()
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

