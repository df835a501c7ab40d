"""PDF text extraction (pypdf), shared by minutes reading and answer documents.

Bounds (see docs/reading.md): at most ``MAX_PAGES`` pages, ``MAX_BYTES`` bytes and
``MAX_SECONDS`` of extraction per file; a file past them, a damaged file, an encrypted one
and a scan without a text layer are refused with a Vietnamese ``FileReject``.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from ..errors import FileReject

MAX_PAGES = 300
MAX_BYTES = 50 * 1024 * 1024
MAX_SECONDS = 60.0
_MIN_CHARS = 20  # fewer non-space characters than this in the whole file: a scan

SCAN_REASON = ("tệp PDF là bản quét, không có lớp văn bản (chỉ có ảnh); hãy nhận dạng chữ (OCR) "
               "hoặc gửi bản .docx/.txt gốc")


def pdf_pages(path: Path) -> list[str]:
    """The text of every page of ``path``, in order; ``FileReject`` when it cannot be read."""
    from pypdf import PdfReader

    if path.stat().st_size > MAX_BYTES:
        raise FileReject(f"tệp PDF quá lớn (trên {MAX_BYTES // (1024 * 1024)} MB); hãy tách thành nhiều tệp")
    start = time.monotonic()
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception:
                ok = 0
            if not ok:
                raise FileReject("tệp PDF có mật khẩu; hãy bỏ mật khẩu rồi chạy lại")
        n = len(reader.pages)
        if n > MAX_PAGES:
            raise FileReject(f"tệp PDF có {n} trang, quá {MAX_PAGES} trang đọc được; hãy tách thành nhiều tệp")
        pages = []
        for page in reader.pages:
            if time.monotonic() - start > MAX_SECONDS:
                raise FileReject(f"tệp PDF đọc quá {MAX_SECONDS:.0f} giây (có thể bị hỏng hoặc cố ý làm nặng)")
            pages.append(page.extract_text() or "")
    except FileReject:
        raise
    except RecursionError:
        raise FileReject("tệp PDF có cấu trúc lồng nhau quá sâu (bị hỏng hoặc cố ý làm nặng)") from None
    except Exception as exc:  # pypdf raises many kinds of errors on damaged files
        raise FileReject(f"tệp PDF bị hỏng hoặc không đọc được ({type(exc).__name__})") from None
    if len(re.sub(r"\s", "", "".join(pages))) < _MIN_CHARS:
        raise FileReject(SCAN_REASON)
    return pages


_CLOSED = (".", ":", ";", "!", "?")


def pdf_lines(path: Path) -> tuple[list[str], list[str]]:
    """(lines, refs "trang P, dòng L") of a PDF's text layer.

    A PDF holds visual lines: a line that starts in lower case under a line not closed by
    ". : ; ! ?" is the wrapped rest of that paragraph and is joined to it (ref of its first line).
    """
    lines: list[str] = []
    refs: list[str] = []
    for p, text in enumerate(pdf_pages(path), start=1):
        for k, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
            s = line.strip()
            prev = lines[-1].rstrip() if lines else ""
            if s and prev and s[0].islower() and not prev.endswith(_CLOSED):
                lines[-1] = prev + " " + s
                continue
            lines.append(line)
            refs.append(f"trang {p}, dòng {k}")
    return lines, refs
