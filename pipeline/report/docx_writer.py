"""python-docx helpers of report.docx: the document, its styles, paragraphs and tables."""

from __future__ import annotations

import io as _bytes_io
import re
from dataclasses import dataclass
from xml.sax.saxutils import escape as xml_escape

from ..errors import ConfigError
from ..fast import docx_blocks
from . import base
from .base import DOCX_STYLE, fmt_int, normalize_zip

def _style_value(style: dict, section: str, key: str, default):
    value = style.get(section, {}).get(key, default)
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ConfigError(f"Tệp {DOCX_STYLE}, mục [{section}]: '{key}' phải là true hoặc false.")
        return value
    if isinstance(default, (int, float)):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"Tệp {DOCX_STYLE}, mục [{section}]: '{key}' phải là một số.")
        return value
    if isinstance(default, list):
        if not isinstance(value, list):
            raise ConfigError(f"Tệp {DOCX_STYLE}, mục [{section}]: '{key}' phải là một danh sách.")
        return value
    return str(value)


class _Docx:
    """Small helpers over python-docx, bound to one document and its style settings."""

    def __init__(self, style: dict):
        from docx import Document
        from docx.enum.style import WD_STYLE_TYPE
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Cm, Pt

        self.Cm, self.Pt, self.qn, self.Ox, self.ALIGN = Cm, Pt, qn, OxmlElement, WD_ALIGN_PARAGRAPH
        self.style = style
        v = lambda sec, key, default: _style_value(style, sec, key, default)  # noqa: E731
        self.v = v
        self.font_name = v("font", "name", "Times New Roman")
        self.size = v("font", "size_pt", 13)
        self.doc = doc = Document()
        self.body = doc.element.body  # the w:body element (Document.element is public)
        # generated blocks: spliced unparsed at ``save`` (pipeline.fast.docx_blocks), or None: parsed now
        self._blocks = docx_blocks.Blocks() if docx_blocks.usable() else None

        sec = doc.sections[0]
        sec.page_width, sec.page_height = Cm(v("page", "width_cm", 21.0)), Cm(v("page", "height_cm", 29.7))
        sec.top_margin = Cm(v("page", "margin_top_cm", 2.0))
        sec.bottom_margin = Cm(v("page", "margin_bottom_cm", 2.0))
        sec.left_margin = Cm(v("page", "margin_left_cm", 3.0))
        sec.right_margin = Cm(v("page", "margin_right_cm", 2.0))
        sec.header_distance = Cm(v("page", "header_distance_cm", 1.0))
        self.text_width_cm = v("page", "width_cm", 21.0) - v("page", "margin_left_cm", 3.0) - v(
            "page", "margin_right_cm", 2.0)

        # document defaults and the Normal style: the font everywhere, Vietnamese language
        defaults = doc.styles.element.find(qn("w:docDefaults"))
        if defaults is not None:
            rfonts = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
            if rfonts is not None:
                self._set_rfonts(rfonts)
        normal = doc.styles["Normal"]
        self.font(normal, size=self.size, name=True)
        lang = normal.element.get_or_add_rPr().find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            normal.element.get_or_add_rPr().append(lang)
        lang.set(qn("w:val"), "vi-VN")
        pf = normal.paragraph_format
        pf.space_before, pf.space_after, pf.line_spacing = Pt(0), Pt(0), 1.0

        body = doc.styles.add_style("Cutri Body", WD_STYLE_TYPE.PARAGRAPH)
        body.base_style = normal
        pf = body.paragraph_format
        pf.line_spacing = v("paragraph", "line_spacing", 1.15)
        pf.space_before = Pt(v("paragraph", "space_before_pt", 0))
        pf.space_after = Pt(v("paragraph", "space_after_pt", 6))
        pf.first_line_indent = Cm(v("paragraph", "first_line_indent_cm", 1.27))
        pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY if v("paragraph", "justify", True) else WD_ALIGN_PARAGRAPH.LEFT
        pf.widow_control = True
        heading = doc.styles.add_style("Cutri Heading", WD_STYLE_TYPE.PARAGRAPH)
        heading.base_style = body
        heading.font.bold = True
        heading.paragraph_format.keep_with_next = True

    # -- fonts and paragraphs
    def _set_rfonts(self, rfonts):
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            rfonts.attrib.pop(self.qn(attr), None)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            rfonts.set(self.qn(attr), self.font_name)

    def font(self, obj, size=None, bold=None, italic=None, underline=None, name=False):
        """Set the font of a run or a style; ``name`` also sets the typeface on every script
        (only styles need it: runs inherit it from Normal)."""
        f = obj.font
        if size is not None:
            f.size = self.Pt(size)
        if bold is not None:
            f.bold = bold
        if italic is not None:
            f.italic = italic
        if underline is not None:
            f.underline = underline
        if name:
            f.name = self.font_name
            self._set_rfonts(obj.element.get_or_add_rPr().get_or_add_rFonts())
        return obj

    def append_body(self, element) -> None:
        """Put a block element at the end of the body, before its final section properties.
        python-docx's add_paragraph looks for that w:sectPr by scanning the body from the start,
        which made a long report quadratic; the w:sectPr is always the body's last child."""
        try:
            last = self.body[-1]
        except IndexError:
            last = None
        if last is not None and last.tag == self.qn("w:sectPr"):
            last.addprevious(element)
        else:
            self.body.append(element)

    def append_xml(self, xml: str | list[bytes]) -> None:
        """Append block elements given as WordprocessingML (the prefix w: declared by the document),
        written exactly as lxml serializes them; ``xml`` may be given as UTF-8 pieces. The plain path
        parses them with python-docx's ``parse_xml``; ``pipeline.fast.docx_blocks`` instead leaves a
        placeholder that ``save`` replaces by the text (parsing the annex of 20,000 items took
        seconds), the same bytes either way."""
        if not xml:
            return
        if isinstance(xml, str):
            xml = [xml.encode("utf-8")]
        if self._blocks is None:
            docx_blocks.plain_append(self.append_body, xml)
        else:
            self.append_body(self._blocks.placeholder(self.body, xml))

    def save(self) -> bytes:
        """The document as deterministic .docx bytes (the generated blocks in place)."""
        buf = _bytes_io.BytesIO()
        self.doc.save(buf)
        edit = {} if self._blocks is None else {self.doc.part.partname.membername: self._blocks.fill}
        return normalize_zip(buf.getvalue(), edit=edit)

    def body_paragraph(self):
        """A new empty paragraph at the end of the document body."""
        from docx.text.paragraph import Paragraph

        p = self.Ox("w:p")
        self.append_body(p)
        return Paragraph(p, self.doc)

    def para(self, container, text="", *, style=None, size=None, bold=None, italic=None, underline=None,
             align=None, before=None, after=None, indent=None, left=None, line=None, keep=None, first=False):
        """Add a paragraph (or fill the cell's first empty one when ``first``)."""
        if first:
            p = container.paragraphs[0]
        elif container is self.doc:
            p = self.body_paragraph()
        else:
            p = container.add_paragraph()
        if style is not None:
            p.style = style
        pf = p.paragraph_format
        if align is not None:
            pf.alignment = {"center": self.ALIGN.CENTER, "left": self.ALIGN.LEFT, "right": self.ALIGN.RIGHT,
                            "justify": self.ALIGN.JUSTIFY}[align]
        if before is not None:
            pf.space_before = self.Pt(before)
        if after is not None:
            pf.space_after = self.Pt(after)
        if indent is not None:
            pf.first_line_indent = self.Cm(indent)
        if left is not None:
            pf.left_indent = self.Cm(left)
        if line is not None:
            pf.line_spacing = line
        if keep is not None:
            pf.keep_with_next = keep
        if text:
            self.run(p, text, size=size, bold=bold, italic=italic, underline=underline)
        return p

    def run(self, p, text, size=None, bold=None, italic=None, underline=None):
        size = None if size in (None, self.size) else size  # the body size comes from Normal
        return self.font(p.add_run(_xml_safe(text)), size=size, bold=bold, italic=italic, underline=underline)

    def bottom_rule(self, p, width_cm: float, cell_width_cm: float):
        """A short centred line: an empty, very low paragraph with a bottom border."""
        side = max((cell_width_cm - 0.4 - width_cm) / 2, 0)
        pf = p.paragraph_format
        pf.left_indent, pf.right_indent = self.Cm(side), self.Cm(side)
        pf.line_spacing = self.Pt(4)
        pf.space_before, pf.space_after = self.Pt(0), self.Pt(0)
        ppr = p_element(p).get_or_add_pPr()
        bdr = self.Ox("w:pBdr")
        bottom = self.Ox("w:bottom")
        for k, val in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
            bottom.set(self.qn(k), val)
        bdr.append(bottom)
        ppr.insert_element_before(bdr, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
                                  "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
                                  "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
                                  "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
                                  "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
                                  "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
                                  "w:pPrChange")

    # -- tables
    def layout_table(self, rows: int, widths_cm: list[float]):
        """A borderless table of fixed column widths (the header and signature blocks)."""
        t = self.doc.add_table(rows=rows, cols=len(widths_cm))
        t.autofit = False  # w:tblLayout fixed
        borders = self.Ox("w:tblBorders")
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            el = self.Ox(f"w:{edge}")
            el.set(self.qn("w:val"), "nil")
            borders.append(el)
        tbl_element(t).tblPr.find(self.qn("w:tblLayout")).addprevious(borders)  # schema order: borders, layout, look
        for column, w in zip(t.columns, widths_cm):
            column.width = self.Cm(w)
        for row in t.rows:
            for cell, w in zip(row.cells, widths_cm):
                cell.width = self.Cm(w)
        return t

    def grid(self, header: list[str], rows: list, widths_cm: list[float], size: float,
             aligns: list[str], total: list | None = None) -> None:
        """A bordered table: bold centred header (repeated on each page), cells centred vertically,
        rows that do not split across pages, optional bold total row. An entry of ``rows`` that is a
        ``_Group`` is a full-width bold heading row (the units of the annex).

        The table is written as one XML string (``append_xml``): python-docx's per-cell API costs
        ~5 ms a cell, which made a 3,000-item annex take 15 s."""
        widths = [int(round(w * 567)) for w in widths_cm]  # twips
        size_xml = "" if size == self.size else f'<w:sz w:val="{int(round(size * 2))}"/>'
        jc = {"center": "center", "left": "left", "right": "right", "justify": "both"}

        def cell(text, width, align, bold=False, span=1, fill=None, keep=False):
            tc_pr = f'<w:tcW w:w="{width}" w:type="dxa"/>'
            if span > 1:
                tc_pr += f'<w:gridSpan w:val="{span}"/>'
            if fill:
                tc_pr += f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'
            r_pr = ("<w:b/>" if bold else "") + size_xml
            p_pr = ("<w:keepNext/>" if keep else "") + f'<w:spacing w:before="40" w:after="40"/><w:jc w:val="{jc[align]}"/>'
            p_pr += f"<w:rPr>{r_pr}</w:rPr>" if r_pr else ""
            run = ""
            if text:
                body = "<w:br/>".join(_t_xml(part) for part in str(text).split("\n"))
                run = f'<w:r>{f"<w:rPr>{r_pr}</w:rPr>" if r_pr else ""}{body}</w:r>'
            return (f'<w:tc><w:tcPr>{tc_pr}<w:vAlign w:val="center"/></w:tcPr>'
                    f'<w:p><w:pPr>{p_pr}</w:pPr>{run}</w:p></w:tc>')

        def value_text(value):
            return "" if value is None else (fmt_int(value) if isinstance(value, int) else str(value))

        out = ['<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/>'
               f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
               '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
               'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>']
        out += [f'<w:gridCol w:w="{w}"/>' for w in widths]
        out.append("</w:tblGrid><w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>")
        out += [cell(h, w, "center", bold=True) for h, w in zip(header, widths)]
        out.append("</w:tr>")
        body_rows = list(rows) + ([total] if total else [])
        last = len(body_rows) - 1
        pieces: list[bytes] = []  # UTF-8, every XML_PIECE_STRINGS strings: the XML of a large annex is never one string
        for r, values in enumerate(body_rows):
            if len(out) > base.XML_PIECE_STRINGS:
                pieces.append("".join(out).encode("utf-8"))
                out.clear()
            out.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
            if isinstance(values, _Group):
                out.append(cell(values.text, sum(widths), "left", bold=True, span=len(widths), fill="F2F2F2",
                                keep=True))
            else:
                bold = total is not None and r == last
                out += [cell(value_text(v), w, a, bold=bold) for v, w, a in zip(values, widths, aligns)]
            out.append("</w:tr>")
        out.append("</w:tbl>")
        pieces.append("".join(out).encode("utf-8"))
        self.append_xml(pieces)

    def page_number_header(self, size):
        sec = self.doc.sections[0]
        sec.different_first_page_header_footer = True
        p = sec.header.paragraphs[0]
        p.paragraph_format.alignment = self.ALIGN.CENTER
        for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, None), ("end", None)):
            r = self.font(p.add_run(), size=size)
            if kind:
                el = self.Ox("w:fldChar")
                el.set(self.qn("w:fldCharType"), kind)
                r.element.append(el)
            elif text:
                el = self.Ox("w:instrText")
                el.set(self.qn("xml:space"), "preserve")
                el.text = text
                r.element.append(el)
            else:
                r.text = "2"
        sec.first_page_header.is_linked_to_previous = False


def p_element(paragraph):
    """The w:p element of a python-docx Paragraph, through its public ParagraphFormat proxy."""
    return paragraph.paragraph_format.element


def tr_element(row):
    """The w:tr element of a table row (w:p → w:tc → w:tr)."""
    return p_element(row.cells[0].paragraphs[0]).getparent().getparent()


def tbl_element(table):
    """The w:tbl element of a table (its first row's parent)."""
    return tr_element(table.rows[0]).getparent()


@dataclass(frozen=True)
class _Group:
    """A full-width heading row of a ``_Docx.grid`` table."""

    text: str


_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    return _XML_ILLEGAL.sub("", str(text))


_RUN_BREAKS = re.compile(r"([\t\r\n])")


def _t_xml(text: str) -> str:
    """A w:t keeping its spaces, serialized as lxml writes it (an XML parser reads any CR as LF)."""
    text = _xml_safe(text)
    if "\r" in text:
        text = text.replace("\r", "\n")
    return f'<w:t xml:space="preserve">{xml_escape(text)}</w:t>' if text else '<w:t xml:space="preserve"/>'


def _run_xml(text: str, r_pr: str = "") -> str:
    """A w:r element as python-docx's ``add_run(text)`` writes it: a tab becomes w:tab, a line
    break w:br, the rest w:t (xml:space="preserve" when it starts or ends with white space).
    ``r_pr``: the run properties' children, e.g. "<w:i/>"."""
    out = [f"<w:r><w:rPr>{r_pr}</w:rPr>" if r_pr else "<w:r>"]
    for piece in _RUN_BREAKS.split(_xml_safe(text)):
        if piece == "\t":
            out.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            out.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            out.append(f"<w:t{space}>{xml_escape(piece)}</w:t>")
    if len(out) == 1 and not r_pr:
        return "<w:r/>"
    out.append("</w:r>")
    return "".join(out)
