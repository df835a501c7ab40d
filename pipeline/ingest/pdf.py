"""PDF text extraction (pypdf), shared by minutes reading and answer documents.

Bounds (``[ingest]`` of the config, see docs/reading.md): at most ``pdf_max_pages`` pages,
``pdf_max_mb`` MB of file, ``pdf_max_seconds`` of extraction and ``pdf_max_memory_mb`` MB of
memory per file. Where the system can fork (Linux, macOS) the extraction runs in a child
process whose address space is capped (RLIMIT_AS) and which is killed when the time is up, so a
damaged PDF or a PDF bomb (a huge page count, deeply nested objects, an endless content stream)
costs at most that time and memory; elsewhere the time is checked between pages. A file past a
bound, a damaged file, an encrypted one and a scan without a text layer are refused with a
Vietnamese ``FileReject``.
"""

from __future__ import annotations

import os
import pickle
import re
import select
import time
from dataclasses import dataclass
from pathlib import Path

from ..errors import FileReject

MAX_PAGES = 300
MAX_BYTES = 50 * 1024 * 1024
MAX_SECONDS = 60.0
MAX_MEMORY_MB = 1024
_GRACE = 5.0  # seconds the child is given past max_seconds (it checks the time itself first)
_MIN_CHARS = 20  # fewer non-space characters than this in the whole file: a scan

SCAN_REASON = ("tệp PDF là bản quét, không có lớp văn bản (chỉ có ảnh); hãy nhận dạng chữ (OCR) "
               "hoặc gửi bản .docx/.txt gốc")


@dataclass(frozen=True)
class PdfLimits:
    max_pages: int = MAX_PAGES
    max_bytes: int = MAX_BYTES
    max_seconds: float = MAX_SECONDS
    max_memory_mb: int = MAX_MEMORY_MB

    @classmethod
    def of(cls, settings) -> "PdfLimits":
        """The limits of an ``IngestSettings`` (defaults for what it does not say)."""
        d = cls()
        return cls(int(getattr(settings, "pdf_max_pages", d.max_pages)),
                   int(getattr(settings, "pdf_max_mb", d.max_bytes // (1024 * 1024)) * 1024 * 1024),
                   float(getattr(settings, "pdf_max_seconds", d.max_seconds)),
                   int(getattr(settings, "pdf_max_memory_mb", d.max_memory_mb)))


def _time_reason(limits: PdfLimits) -> str:
    return f"tệp PDF đọc quá {limits.max_seconds:g} giây (có thể bị hỏng hoặc cố ý làm nặng)"


def _memory_reason(limits: PdfLimits) -> str:
    return f"tệp PDF cần quá {limits.max_memory_mb} MB bộ nhớ để đọc (có thể bị hỏng hoặc cố ý làm nặng)"


def _extract(path: Path, limits: PdfLimits, layout: bool = False) -> list:
    """The pages' text, in this process; the time is checked between pages. With ``layout``,
    each page is (plain text, text laid out in columns as on the page)."""
    from pypdf import PdfReader

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
        if n > limits.max_pages:
            raise FileReject(f"tệp PDF có {n} trang, quá {limits.max_pages} trang đọc được; hãy tách thành nhiều tệp")
        pages = []
        for page in reader.pages:
            if time.monotonic() - start > limits.max_seconds:
                raise FileReject(_time_reason(limits))
            text = page.extract_text() or ""
            pages.append((text, page.extract_text(extraction_mode="layout") or "") if layout else text)
    except FileReject:
        raise
    except RecursionError:
        raise FileReject("tệp PDF có cấu trúc lồng nhau quá sâu (bị hỏng hoặc cố ý làm nặng)") from None
    except MemoryError:
        raise FileReject(_memory_reason(limits)) from None
    except Exception as exc:  # pypdf raises many kinds of errors on damaged files
        raise FileReject(f"tệp PDF bị hỏng hoặc không đọc được ({type(exc).__name__})") from None
    return pages


def _address_space() -> int:
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _extract_bounded(path: Path, limits: PdfLimits, layout: bool = False) -> list:
    """``_extract`` in a forked child with capped memory, killed after ``max_seconds``."""
    read_fd, write_fd = os.pipe()
    base = _address_space()
    try:
        pid = os.fork()
    except OSError:  # no process to spare: read here (the file's reading budget still bounds it)
        os.close(read_fd)
        os.close(write_fd)
        return _extract(path, limits, layout)
    if pid == 0:  # the child: extract, send the pickled outcome, exit without cleanup
        code = 0
        try:
            os.close(read_fd)
            try:
                import resource

                if base:
                    cap = base + limits.max_memory_mb * 1024 * 1024
                    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
            except (ImportError, ValueError, OSError):
                pass
            try:
                outcome = ("ok", _extract(path, limits, layout))
            except MemoryError:
                outcome = ("reject", _memory_reason(limits))
            except FileReject as exc:
                outcome = ("reject", exc.reason)
            except BaseException as exc:  # noqa: BLE001 - whatever happens, the parent gets a reason
                outcome = ("reject", f"tệp PDF bị hỏng hoặc không đọc được ({type(exc).__name__})")
            data = pickle.dumps(outcome)
            with os.fdopen(write_fd, "wb") as fh:
                fh.write(data)
        except BaseException:  # noqa: BLE001
            code = 1
        finally:
            os._exit(code)
    os.close(write_fd)
    deadline = time.monotonic() + limits.max_seconds + _GRACE
    chunks = []
    timed_out = False
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                timed_out = True
                break
            ready, _, _ = select.select([read_fd], [], [], min(left, 1.0))
            if ready:
                chunk = os.read(read_fd, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
    finally:
        os.close(read_fd)
        if timed_out:
            try:
                os.kill(pid, 9)
            except OSError:
                pass
        os.waitpid(pid, 0)
    if timed_out:
        raise FileReject(_time_reason(limits))
    try:
        kind, value = pickle.loads(b"".join(chunks))
    except Exception:  # the child died (killed for memory, crashed): nothing readable came back
        raise FileReject(_memory_reason(limits)) from None
    if kind != "ok":
        raise FileReject(value)
    return value


def pdf_pages(path: Path, limits: PdfLimits | None = None, layout: bool = False) -> list:
    """The text of every page of ``path``, in order (with ``layout``: (plain, laid out) pairs);
    ``FileReject`` when it cannot be read."""
    limits = limits or PdfLimits()
    if path.stat().st_size > limits.max_bytes:
        raise FileReject(f"tệp PDF quá lớn (trên {limits.max_bytes // (1024 * 1024)} MB); hãy tách thành nhiều tệp")
    if hasattr(os, "fork") and os.environ.get("CUTRI_PDF_INPROCESS") != "1":
        pages = _extract_bounded(path, limits, layout)
    else:
        pages = _extract(path, limits, layout)
    plain = [p[0] for p in pages] if layout else pages
    if len(re.sub(r"\s", "", "".join(plain))) < _MIN_CHARS:
        raise FileReject(SCAN_REASON)
    return pages


_CLOSED = (".", ":", ";", "!", "?")


def pdf_lines(path: Path, limits: PdfLimits | None = None) -> tuple[list[str], list[str], list]:
    """(lines, refs "trang P, dòng L", tables) of a PDF's text layer.

    A PDF holds visual lines: a line that starts in lower case under a line not closed by
    ". : ; ! ?" is the wrapped rest of that paragraph and is joined to it (ref of its first line).
    A page holding a table (a line whose columns, as laid out on the page, make a header that
    ``table.detect_header`` knows) is read from its laid-out text: the table becomes a grid
    ``(position among lines, rows, [], number)`` for ``table.parse_table``, rows separated by
    blank lines, each cell the text of its column; the rest of the page is lines as above.
    """
    lines: list[str] = []
    refs: list[str] = []
    tables: list = []
    for p, (text, laid) in enumerate(pdf_pages(path, limits, layout=True), start=1):
        page_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        found = _layout_tables(laid.split("\n"))
        if found:
            page_lines = laid.split("\n")
        k = 0
        while k < len(page_lines):
            table = next((t for t in found if t[0] == k), None)
            if table is not None:
                tables.append((len(lines) - 0.5, table[2], [], len(tables) + 1))
                k = table[1]
                continue
            line = re.sub(r"\s{2,}", " ", page_lines[k]).strip() if found else page_lines[k]
            s = line.strip()
            prev = lines[-1].rstrip() if lines else ""
            if s and prev and s[0].islower() and not prev.endswith(_CLOSED):
                lines[-1] = prev + " " + s
            else:
                lines.append(line)
                refs.append(f"trang {p}, dòng {k + 1}")
            k += 1
    return lines, refs, tables


_CHUNK = re.compile(r"\S+(?: \S+)*")  # text between runs of two or more spaces


def _layout_tables(rows: list[str]) -> list[tuple[int, int, list[list[str]]]]:
    """Tables of one laid-out page: (first line, line after the last, grid with its header)."""
    from .table import detect_header

    out = []
    k = 0
    while k < len(rows):
        chunks = [(m.start(), m.end(), m.group()) for m in _CHUNK.finditer(rows[k])]
        if len(chunks) < 3 or detect_header([[c[2] for c in chunks]]) is None:
            k += 1
            continue
        starts = [c[0] for c in chunks]
        # column i spans from its header cell up to the start of the next one
        bounds = starts[1:] + [10 ** 6]
        groups: list[list[str]] = []
        cur: list[str] | None = None
        end = k + 1
        for j in range(k + 1, len(rows)):
            parts = [(m.start(), m.end(), m.group()) for m in _CHUNK.finditer(rows[j])]
            if not parts:
                if cur is not None:
                    groups.append(cur)
                cur = None
                end = j + 1
                continue
            cells = [""] * len(starts)
            fits = True
            for a, b, t in parts:
                col = sum(1 for x in bounds[:-1] if a + 2 >= x)
                if b > bounds[col]:
                    fits = False  # a paragraph across the columns: the table has ended
                    break
                cells[col] = f"{cells[col]} {t}".strip()
            if not fits:
                break
            cur = cells if cur is None else [f"{x} {y}".strip() for x, y in zip(cur, cells)]
            end = j + 1
        if cur is not None:
            groups.append(cur)
        grid = [[c[2] for c in chunks]] + [[re.sub(r"\s+", " ", v) for v in g] for g in groups]
        if len(grid) > 1:
            out.append((k, end, grid))
        k = max(end, k + 1)
    return out
