"""Minutes in the other formats offices hold: PDF with a text layer, OpenDocument text
(.odt) and legacy Word (.doc, converted through LibreOffice when it is installed).

A PDF's lines and an .odt's paragraphs and tables go through the same narrative and
table reading as a .docx (``text._narrative``, ``table.parse_table``).
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..config import Config
from ..errors import FileReject
from ..normalize import repair_legacy
from .odf import odt_blocks
from .out import _Out
from .pdf import PdfLimits, pdf_lines
from .text import _narrative, place_table
from .word import _read_docx, _row_merges

SOFFICE_TIMEOUT = 120  # seconds for one .doc conversion
DOC_HINT = ("tệp Word 97-2003 (.doc) cần LibreOffice để chuyển đổi nhưng máy chưa cài "
            "(không tìm thấy lệnh soffice); hãy cài LibreOffice (https://www.libreoffice.org), "
            "hoặc mở tệp bằng Word và lưu lại thành .docx, rồi chạy lại")


def _conv_all(out: _Out, texts: list[str]):
    _, enc = repair_legacy("\n".join(t for t in texts if t and t.strip())[:50000])
    out.encoding = enc
    return lambda s: repair_legacy(s, enc)[0] if enc and s else s


def _read_pdf(path: Path, out: _Out, cfg: Config, default_unit: str) -> None:
    lines, refs, tables = pdf_lines(path, PdfLimits.of(cfg.ingest))
    conv = _conv_all(out, lines + [c for _, grid, _, _ in tables for row in grid for c in row])
    tables = [(pos, [[conv(c) for c in row] for row in grid], merges, n) for pos, grid, merges, n in tables]
    _narrative(out, [conv(x) for x in lines], refs, default_unit, tables)


def _read_odt(path: Path, out: _Out, cfg: Config, default_unit: str) -> None:
    blocks = odt_blocks(path)
    texts = [b if kind == "p" else "\n".join(c or "" for row in b for c in row) for kind, b in blocks]
    conv = _conv_all(out, texts)
    lines: list[str] = []
    refs: list[str] = []
    tables = []
    n_par = n_tab = 0
    for kind, block in blocks:
        if kind == "p":
            for piece in str(block).split("\n"):
                n_par += 1
                lines.append(conv(piece))
                refs.append(f"đoạn {n_par}")
            continue
        n_tab += 1
        data_grid = [[None if v is None else conv(v) for v in row] for row in block]
        header_grid = []
        for row in data_grid:  # a merged (covered) cell repeats the cell it is merged into
            filled, last = [], ""
            for v in row:
                last = last if v is None else v
                filled.append(last)
            header_grid.append(filled)
        place_table(lines, refs, tables, header_grid, data_grid, _row_merges(header_grid, data_grid), n_tab)
    _narrative(out, lines, refs, default_unit, tables)


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@contextlib.contextmanager
def doc_as_docx(path: Path):
    """A Word 97-2003 file converted to .docx by LibreOffice in a temporary folder; yields the
    converted file's path (removed on exit). Nothing is written next to the input; a missing
    LibreOffice, a timeout or a failed conversion is a FileReject saying what to do."""
    exe = soffice_path()
    if exe is None:
        raise FileReject(DOC_HINT)
    with tempfile.TemporaryDirectory(prefix="cutri-doc-") as tmp:
        src = Path(tmp) / "in" / "input.doc"
        src.parent.mkdir()
        shutil.copyfile(path, src)
        outdir = Path(tmp) / "out"
        cmd = [exe, f"-env:UserInstallation={(Path(tmp) / 'profile').as_uri()}", "--headless",
               "--norestore", "--convert-to", "docx", "--outdir", str(outdir), str(src)]
        try:
            subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           timeout=SOFFICE_TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise FileReject(f"LibreOffice không chuyển được tệp .doc trong {SOFFICE_TIMEOUT} giây; "
                             "hãy mở tệp bằng Word và lưu lại thành .docx") from None
        except OSError as exc:
            raise FileReject(f"không chạy được LibreOffice ({type(exc).__name__}); "
                             "hãy mở tệp bằng Word và lưu lại thành .docx") from None
        converted = outdir / "input.docx"
        if not converted.is_file() or converted.stat().st_size == 0:
            raise FileReject("LibreOffice không chuyển được tệp .doc (tệp hỏng hoặc không phải Word 97-2003); "
                             "hãy mở tệp bằng Word và lưu lại thành .docx")
        yield converted


def _read_doc(path: Path, out: _Out, cfg: Config, default_unit: str) -> str:
    """Read a Word 97-2003 file as Word after converting it (``doc_as_docx``). Returns the
    converter's name for the manifest."""
    with doc_as_docx(path) as converted:
        _read_docx(converted, out, cfg, default_unit)
    return Path(soffice_path() or "soffice").name
