"""What a clerk reads at the end of a run: the summary line and one line per reject.

Files and rows are counted apart (a rejected photo is a file, not a "dòng"); each
rejected file is named once; the operating system's own files in a shared folder
(``Thumbs.db``, ``desktop.ini``, ``.DS_Store``, Office's ``~$`` lock files) are no
reject at all, so ``--strict`` passes on a clean folder. Pure functions, no I/O.
"""

from __future__ import annotations

import re
from pathlib import PurePath

import pandas as pd

# Files that Windows, macOS and Office leave in any folder a clerk works in
_CLUTTER_NAMES = {"thumbs.db", "ehthumbs.db", "desktop.ini", ".ds_store", "icon\r"}
_CLUTTER_PREFIXES = ("~$", ".~lock.", "._")


def is_clutter(path: str) -> bool:
    """True for an operating-system or lock file (``Thumbs.db``, ``~$bien_ban.docx``, ...)."""
    name = PurePath(str(path)).name
    return name.lower() in _CLUTTER_NAMES or name.startswith(_CLUTTER_PREFIXES)


def drop_clutter(rejects: pd.DataFrame, files: list[dict]) -> tuple[pd.DataFrame, list[dict]]:
    """The rejects and the file list without operating-system clutter."""
    keep = ~rejects["file"].astype(str).map(is_clutter) if len(rejects) else pd.Series([], dtype=bool)
    return rejects[keep].reset_index(drop=True), [f for f in files if not is_clutter(f.get("path", ""))]


def rejected_rows(rejects: pd.DataFrame, files: list[dict]) -> int:
    """Rejects inside files that were read (rows, sheets), not whole rejected files."""
    whole = {f.get("path") for f in files if f.get("status") != "ok"}
    if not len(rejects):
        return 0
    return int((~rejects["file"].astype(str).isin(whole)).sum())


# a Python exception's class name inside a reason: "(BadZipFile)", "(dữ liệu nén lỗi: BadZipFile)"
_CLASS = r"[A-Z][A-Za-z]*(?:Error|Exception|File|Warning)"
_CLASS_ALONE = re.compile(rf"\s*\({_CLASS}\)")
_CLASS_AFTER = re.compile(rf":\s*{_CLASS}\b")


def plain_reason(reason: str) -> str:
    """``reason`` without a Python exception class name."""
    return _CLASS_AFTER.sub("", _CLASS_ALONE.sub("", reason))


def reject_line(file: str, location: str, reason: str) -> str:
    """ "Bị loại: <file> (<location>): <reason>", naming the file once."""
    reason = plain_reason(str(reason))
    file = str(file or "")
    if file:
        for prefix in (f"Tệp {file}: ", f"{file}: "):
            if reason.startswith(prefix):
                reason = reason[len(prefix):]
        # "Không đọc được tệp X: ..." → "Không đọc được: ...": the line names the file already
        reason = re.sub(rf"\s*\b[Tt]ệp {re.escape(file)}(?=[:;,.)]|$)", "", reason)
    where = f" ({location})" if isinstance(location, str) and location else ""
    return f"Bị loại: {file}{where}: {reason}" if file else f"Bị loại: {reason}"


def summary_text(c: dict) -> str:
    """The run's outcome in two sentences, files and rows counted apart."""
    files_ok = c["files"] - c["files_rejected"]
    files = f"Đã đọc {files_ok} tệp" + (f" ({c['files_rejected']} tệp bị loại)" if c["files_rejected"] else "")
    rows = c.get("rows_rejected", c["rejects"] - c["files_rejected"])
    return (
        f"{files}: {c['meetings']} biên bản của {c['units']} đơn vị, {c['recommendations']} kiến nghị, "
        f"gộp còn {c['clusters']} nội dung; {c['needs_review']} kiến nghị cần rà soát. "
        f"{rows} dòng bị loại; {c['corrections_applied']} hiệu chỉnh được áp dụng."
    )


def no_diacritics_line(paths: list[str], limit: int = 10) -> str:
    """The terminal line naming the files typed without diacritics; "" when there is none.

    >>> no_diacritics_line(["xa_a/bb.txt"])
    'Tệp gõ tiếng Việt không dấu (đã đọc; đơn vị được khớp với cách viết có dấu trong đợt, nên rà soát các kiến nghị của tệp): xa_a/bb.txt.'
    """
    names = [str(p) for p in paths if p]
    if not names:
        return ""
    shown = "; ".join(names[:limit]) + (f" và {len(names) - limit} tệp khác" if len(names) > limit else "")
    return ("Tệp gõ tiếng Việt không dấu (đã đọc; đơn vị được khớp với cách viết có dấu trong đợt, "
            f"nên rà soát các kiến nghị của tệp): {shown}.")
