"""Word minutes (.docx): paragraphs and table cells in document order."""

from __future__ import annotations

from pathlib import Path

from ..config import Config
from ..errors import FileReject
from ..normalize import repair_legacy
from .out import _Out
from .sniff import check_office_zip
from .text import _narrative, place_table

def _read_docx(path: Path, out: _Out, cfg: Config, default_unit: str) -> None:
    import docx
    from docx.table import Table

    if path.stat().st_size == 0:
        raise FileReject("tệp rỗng")
    check_office_zip(path, "Word")
    try:
        document = docx.Document(str(path))
        blocks = list(document.iter_inner_content())
    except Exception as exc:  # python-docx, zipfile, zlib and lxml raise many kinds of errors
        raise FileReject(f"tệp Word bị hỏng hoặc không phải .docx ({type(exc).__name__})") from None

    # one legacy-font check for the whole file, then convert every piece with it
    texts = []
    for b in blocks:
        if isinstance(b, Table):
            texts.extend(c.text for row in b.rows for c in row.cells)
        else:
            texts.append(b.text)
    _, enc = repair_legacy("\n".join(t for t in texts if t.strip())[:50000])
    out.encoding = enc

    def conv(s: str) -> str:
        return repair_legacy(s, enc)[0] if enc and s else s

    lines: list[str] = []
    refs: list[str] = []
    tables = []
    n_par = n_tab = 0
    for b in blocks:
        if not isinstance(b, Table):
            n_par += 1
            lines.append(conv(b.text))
            refs.append(f"đoạn {n_par}")
            continue
        n_tab += 1
        header_grid, data_grid = [], []
        for row in b.rows:
            seen, hrow, drow = None, [], []
            for cell in row.cells:
                value = conv(cell.text)
                hrow.append(value)
                drow.append(None if cell._tc is seen else value)
                seen = cell._tc
            header_grid.append(hrow)
            data_grid.append(drow)
        place_table(lines, refs, tables, header_grid, data_grid, _row_merges(header_grid, data_grid), n_tab)
    _narrative(out, lines, refs, default_unit, tables)


def _row_merges(header_grid, data_grid) -> list[tuple[int, int, int, int]]:
    """Horizontal merges of a Word table, so that its header is read whole."""
    merges = []
    for r, (hrow, drow) in enumerate(zip(header_grid, data_grid)):
        c = 0
        while c < len(drow):
            e = c
            while e + 1 < len(drow) and drow[e + 1] is None and hrow[e + 1] == hrow[c] and hrow[c]:
                e += 1
            if e > c:
                merges.append((r, c, r, e))
            c = e + 1
    return merges
