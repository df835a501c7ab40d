"""Answer documents as blocks: paragraphs (with a reference) and tables (grids).

Formats: .docx (python-docx), .xlsx/.xls/.ods (python-calamine), .txt (legacy encodings
repaired by ``pipeline.normalize``), .pdf (pypdf, wrapped lines joined as for minutes; a
scanned PDF without text is rejected), .odt (its content.xml), .doc (converted to .docx by
LibreOffice in a temporary folder, as for minutes). Every reader raises ``FileReject`` with a
Vietnamese reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import FileReject
from ..normalize import decode_bytes, normalize_text, repair_legacy_lines

SUFFIXES = (".docx", ".xlsx", ".xlsm", ".xls", ".ods", ".txt", ".pdf", ".odt", ".doc")


@dataclass
class Document:
    paragraphs: list[tuple[str, str]] = field(default_factory=list)   # (ref, text)
    tables: list[tuple[str, list[list[str]]]] = field(default_factory=list)  # (name, grid)
    encoding: str = ""


def _clean(text) -> str:
    if text is None:
        return ""
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    return normalize_text(str(text))


def _lines_doc(text: str) -> Document:
    text, encs = repair_legacy_lines(text.replace("\r\n", "\n").replace("\r", "\n"))
    doc = Document(encoding="+".join(encs))
    n = 0
    for line in text.split("\n"):
        t = _clean(line)
        if t:
            n += 1
            doc.paragraphs.append((f"đoạn {n}", t))
    return doc


def _read_docx(path: Path) -> Document:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        d = docx.Document(str(path))
    except Exception as exc:  # python-docx raises many types for broken packages
        raise FileReject(f"không mở được tệp Word ({type(exc).__name__})") from exc
    doc = Document()
    lines: list[str] = []
    n_tab = 0
    for child in d.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, d).text)
        elif tag == "tbl":
            n_tab += 1
            grid = []
            for row in Table(child, d).rows:
                cells = []
                for c in row.cells:
                    cells.append(_clean("\n".join(p.text for p in c.paragraphs)))
                grid.append(cells)
            doc.tables.append((f"Bảng {n_tab}", grid))
    ld = _lines_doc("\n".join(lines))
    doc.paragraphs, doc.encoding = ld.paragraphs, ld.encoding
    return doc


def _read_sheets(path: Path) -> Document:
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
        doc = Document()
        for name in wb.sheet_names:
            rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
            doc.tables.append((name, [[_clean(v) for v in r] for r in rows]))
    except Exception as exc:  # calamine raises its own error types
        raise FileReject(f"không mở được bảng tính ({type(exc).__name__})") from exc
    return doc


def _read_txt(path: Path) -> Document:
    try:
        text, enc = decode_bytes(path.read_bytes())
    except ValueError as exc:
        raise FileReject("tệp không phải văn bản") from exc
    doc = _lines_doc(text)
    doc.encoding = enc
    return doc


def _read_pdf(path: Path) -> Document:
    from ..ingest.pdf import pdf_lines

    lines, refs, tables = pdf_lines(path)  # wrapped lines joined to their paragraph; tables laid out on a page
    text, encs = repair_legacy_lines("\n".join(x.replace("\n", " ") for x in lines))
    doc = Document(encoding="+".join(encs))
    for ref, line in zip(refs, text.split("\n")):
        if t := _clean(line):
            doc.paragraphs.append((ref, t))
    for _pos, grid, _merges, n in tables:
        doc.tables.append((f"Bảng {n}", [[_clean(v) for v in row] for row in grid]))
    return doc


def _read_doc(path: Path) -> Document:
    """A Word 97-2003 file: converted to .docx by LibreOffice (``doc_as_docx``), then read as Word."""
    from ..ingest.formats import doc_as_docx

    with doc_as_docx(path) as converted:
        return _read_docx(converted)


def _read_odt(path: Path) -> Document:
    from ..ingest.odf import odt_blocks

    lines, doc = [], Document()
    for kind, block in odt_blocks(path):
        if kind == "p":
            lines.append(block)
        else:
            grid = [[_clean(c or "") for c in row] for row in block]
            doc.tables.append((f"Bảng {len(doc.tables) + 1}", grid))
    ld = _lines_doc("\n".join(lines))
    doc.paragraphs, doc.encoding = ld.paragraphs, ld.encoding
    return doc


def read_document(path: Path) -> Document:
    """The blocks of one answer document; ``FileReject`` when it cannot be read."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return _read_docx(path)
    if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
        return _read_sheets(path)
    if suffix == ".txt":
        return _read_txt(path)
    if suffix == ".pdf":
        return _read_pdf(path)
    if suffix == ".odt":
        return _read_odt(path)
    if suffix == ".doc":
        return _read_doc(path)
    raise FileReject(f"định dạng {suffix or '(không đuôi)'} không đọc được; hãy dùng "
                     ".docx, .doc, .xlsx, .xls, .ods, .odt, .txt hoặc .pdf có lớp chữ")
