"""Word minutes (.docx): every visible word, in document order.

Paragraphs and table cells as python-docx gives them, plus what its ``text`` leaves out:
runs inside tracked insertions, content controls (block and inline), smart tags, custom
XML and simple fields; nested tables (in their cell's text); text boxes (after their
paragraph, one branch of each ``mc:AlternateContent``); headers, then footers, that hold text
(after the body). Tracked deletions and moves out are not read, nor comments. Footnotes and
embedded documents (altChunk, in the body or in a table cell) go to skipped.csv with their reason.
"""

from __future__ import annotations

from pathlib import Path

from ..config import Config
from ..errors import FileReject
from ..normalize import repair_legacy
from .out import _Out
from .sniff import check_office_zip
from .text import _narrative, place_table

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
W_P, W_TBL, W_R, W_SDT, W_SDT_CONTENT, W_TXBX = (_W + t for t in ("p", "tbl", "r", "sdt", "sdtContent", "txbxContent"))
# containers whose runs are visible text: links, tracked insertions and moves in, smart tags,
# custom XML, simple fields (their shown result), text direction
_INLINE_CONTAINERS = frozenset(_W + t for t in ("hyperlink", "ins", "moveTo", "smartTag", "customXml", "fldSimple",
                                                 "dir", "bdo"))
_BLOCK_CONTAINERS = frozenset(_W + t for t in ("customXml", "ins", "moveTo"))
# tracked deletions and moves out are not the document's text; nor are comments (another part)
_NOT_TEXT = frozenset(_W + t for t in ("del", "moveFrom"))
R_ALT_CHUNK = "nội dung nhúng từ tệp khác (altChunk) trong văn bản Word, không đọc được; hãy mở tệp và lưu lại"
R_FOOTNOTE = "chú thích cuối trang (footnote/endnote), không đọc như ý kiến của cử tri"


def _branch(alt):
    """The one branch of an mc:AlternateContent that is read: its first mc:Choice, else its
    mc:Fallback (Word writes a text box in both; reading both would repeat it)."""
    for tag in ("Choice", "Fallback"):
        found = alt.find(_MC + tag)
        if found is not None:
            return found
    return ()


def _inline_text(el) -> str:
    """Visible text of a paragraph (or of an inline container in it), in order."""
    parts = []
    for child in el:
        tag = child.tag
        if tag == W_R:
            parts.append(child.text)  # python-docx's run text: w:t, tabs, breaks
        elif tag in _INLINE_CONTAINERS:
            parts.append(_inline_text(child))
        elif tag == W_SDT:
            content = child.find(W_SDT_CONTENT)
            if content is not None:
                parts.append(_inline_text(content))
        elif tag == _MC + "AlternateContent":
            parts.append(_inline_text(_branch(child)))
    return "".join(parts)


def _text_boxes(el):
    """The text boxes anchored in ``el`` (one branch of each alternate content), outermost only."""
    for child in el:
        tag = child.tag
        if tag == W_TXBX:
            yield child
        elif tag == _MC + "AlternateContent":
            yield from _text_boxes(_branch(child))
        elif tag not in _NOT_TEXT and len(child):
            yield from _text_boxes(child)


def _blocks(el):
    """("p", text), ("tbl", element) and ("lost", reason) for the content of a body, a cell,
    a header or a text box, in document order; a text box follows its paragraph."""
    for child in el:
        tag = child.tag
        if tag == W_P:
            yield "p", _inline_text(child)
            for box in _text_boxes(child):
                yield from _blocks(box)
        elif tag == W_TBL:
            yield "tbl", child
        elif tag == W_SDT:
            content = child.find(W_SDT_CONTENT)
            if content is not None:
                yield from _blocks(content)
        elif tag in _BLOCK_CONTAINERS:
            yield from _blocks(child)
        elif tag == _W + "altChunk":
            yield "lost", R_ALT_CHUNK


def _cell_text(tc, lost: list | None = None) -> str:
    """A cell's text: its paragraphs, content controls, text boxes and nested tables, one per line.
    What cannot be read there (an altChunk) is added to ``lost`` as its reason."""
    from docx.table import Table

    lines = []
    for kind, item in _blocks(tc):
        if kind == "p":
            lines.append(item)
        elif kind == "lost" and lost is not None:
            lost.append(item)
        elif kind == "tbl":
            for row in Table(item, None).rows:
                seen = None
                for cell in row.cells:
                    if cell is not seen:
                        lines.append(_cell_text(cell_element(cell), lost))
                    seen = cell
    return "\n".join(lines)


def cell_element(cell):
    """The w:tc element of a python-docx table cell, through public names: the parent of one of
    its paragraphs (``ParagraphFormat.element`` is the w:p). A w:tc must end with a w:p; for one
    that has none (a damaged file) an empty paragraph is added to the document in memory, which
    is never saved, and taken away again.

    ``row.cells`` gives the same cell object for each grid column a merged cell spans, so
    ``cell is seen`` tells the parts of one merged cell."""
    paragraphs = cell.paragraphs
    if paragraphs:
        return paragraphs[0].paragraph_format.element.getparent()
    p = cell.add_paragraph().paragraph_format.element
    tc = p.getparent()
    tc.remove(p)
    return tc


def _parts(document, reltype: str) -> list:
    """Root elements of the parts of ``reltype`` related to the document, by part name."""
    parts = [rel.target_part for rel in document.part.rels.values()
             if rel.reltype == reltype and not rel.is_external]
    from docx.oxml import parse_xml

    return [p.element if hasattr(p, "element") else parse_xml(p.blob)
            for p in sorted(parts, key=lambda p: str(p.partname))]


def _read_docx(path: Path, out: _Out, cfg: Config, default_unit: str) -> None:
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.table import Table

    if path.stat().st_size == 0:
        raise FileReject("tệp rỗng")
    check_office_zip(path, "Word")
    try:
        document = docx.Document(str(path))
        # the body, then the headers and footers that hold text (after it, so that the body's
        # own title block still names the unit and opens the minutes)
        blocks = [(k, b, "") for k, b in _blocks(document.element.body)]
        for reltype, where in ((RT.HEADER, "đầu trang"), (RT.FOOTER, "chân trang")):
            for root in _parts(document, reltype):
                blocks += [(k, b, where) for k, b in _blocks(root) if k != "p" or b.strip()]
        notes = []  # footnotes and endnotes: visible, but not the minutes' text
        for reltype, tag in ((RT.FOOTNOTES, "footnote"), (RT.ENDNOTES, "endnote")):
            for root in _parts(document, reltype):
                for note in root.iter(_W + tag):
                    if note.get(_W + "type") in (None, "normal"):
                        text = _cell_text(note).strip()
                        if text:
                            notes.append((f"chú thích {note.get(_W + 'id')}", text))
    except Exception as exc:  # python-docx, zipfile, zlib and lxml raise many kinds of errors
        raise FileReject(f"tệp Word bị hỏng hoặc không phải .docx ({type(exc).__name__})") from None

    tables = {id(b): Table(b, None) for k, b, _ in blocks if k == "tbl"}
    lost_in = {id(b): [] for k, b, _ in blocks if k == "tbl"}  # altChunks inside a table's cells
    cells = {id(b): [[(cell, _cell_text(cell_element(cell), lost_in[id(b)])) for cell in row.cells]
                     for row in tables[id(b)].rows]
             for k, b, _ in blocks if k == "tbl"}
    # one legacy-font check for the whole file, then convert every piece with it
    texts = []
    for k, b, _ in blocks:
        if k == "tbl":
            texts.extend(t for row in cells[id(b)] for _, t in row)
        elif k == "p":
            texts.append(b)
    _, enc = repair_legacy("\n".join(t for t in texts if t.strip())[:50000])
    out.encoding = enc

    def conv(s: str) -> str:
        return repair_legacy(s, enc)[0] if enc and s else s

    lines: list[str] = []
    refs: list[str] = []
    tables_read = []
    n_par = n_tab = 0
    n_head = {"đầu trang": 0, "chân trang": 0}
    for k, b, head in blocks:
        if k == "lost":
            out.skip("", b, "")
            continue
        if k == "p":
            if head:
                n_head[head] += 1
                refs.append(f"{head}, đoạn {n_head[head]}")
            else:
                n_par += 1
                refs.append(f"đoạn {n_par}")
            lines.append(conv(b))
            continue
        n_tab += 1
        for reason in lost_in[id(b)]:
            out.skip(f"bảng {n_tab}", reason, "")
        header_grid, data_grid = [], []
        for row in cells[id(b)]:
            seen, hrow, drow = None, [], []
            for tc, text in row:
                value = conv(text)
                hrow.append(value)
                drow.append(None if tc is seen else value)
                seen = tc
            header_grid.append(hrow)
            data_grid.append(drow)
        place_table(lines, refs, tables_read, header_grid, data_grid, _row_merges(header_grid, data_grid), n_tab)
    for where, text in notes:
        out.skip(where, R_FOOTNOTE, conv(text))
    _narrative(out, lines, refs, default_unit, tables_read)


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
