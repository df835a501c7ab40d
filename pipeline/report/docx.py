"""report.docx (NĐ 30/2020 layout): header block, summary tables, the consolidated items, signer, annex."""

from __future__ import annotations

from xml.sax.saxutils import escape as xml_escape

from ..errors import ConfigError
from .base import DOCX_STYLE, _fixed_datetime, _snippet_default
from .docx_writer import _Docx, _Group, _run_xml, p_element, tr_element
from .text import _dash, _fit, _sentence, roman_numeral

def render_docx(ctx: dict) -> bytes:
    """report.docx as bytes (deterministic)."""
    meta, f, words, cols = ctx["meta"], ctx["f"], ctx["words"], ctx["columns"]
    d = _Docx(ctx["style"])
    v, doc = d.v, d.doc
    body = doc.styles["Cutri Body"]
    heading = doc.styles["Cutri Heading"]
    if v("page", "page_numbers", True):
        d.page_number_header(v("font", "page_number_size_pt", 13))
    if ctx["draft"]:  # not reviewed yet: "DỰ THẢO" in a box at the top right, as drafts are marked
        draft_mark(d, words.get("draft_mark") or "DỰ THẢO")

    # -- NĐ 30 header block: issuing body | national title and motto; then number | place and date,
    # in a second row so that the two lines stand level whatever the length of the issuer
    lw, rw = _fit([v("header", "left_width_cm", 6.0), v("header", "right_width_cm", 10.0)], d.text_width_cm)
    t = d.layout_table(2, [lw, rw])
    left, right = t.cell(0, 0), t.cell(0, 1)
    first = True
    if meta["issuer_parent"]:
        d.para(left, meta["issuer_parent"], first=True, size=v("header", "issuer_parent_size_pt", 13), align="center")
        first = False
    d.para(left, meta["issuer"], first=first, size=v("header", "issuer_size_pt", 13), bold=True, align="center")
    d.bottom_rule(d.para(left, ""), v("header", "issuer_rule_cm", 2.0), lw)
    d.para(right, meta["national_title"], first=True, size=v("header", "national_title_size_pt", 12), bold=True,
           align="center")
    motto_size = v("header", "motto_size_pt", 13)
    if v("header", "motto_underline", False):
        d.para(right, meta["motto"], size=motto_size, bold=True, align="center", underline=True)
    else:
        d.para(right, meta["motto"], size=motto_size, bold=True, align="center")
        d.bottom_rule(d.para(right, ""), v("header", "motto_rule_cm", 5.6), rw)
    d.para(t.cell(1, 0), meta["doc_number"], first=True, size=v("header", "number_size_pt", 13), align="center",
           before=6)
    d.para(t.cell(1, 1), meta["place_date"], first=True, size=v("header", "date_size_pt", 13), italic=True,
           align="center", before=6)

    # -- document type, subject, recipients
    d.para(doc, words["title"], size=v("title", "title_size_pt", 13), bold=True, align="center",
           before=v("title", "space_before_pt", 12))
    d.para(doc, meta["subject"], size=v("title", "subject_size_pt", 13), bold=True, align="center")
    rule = d.para(doc, "")
    d.bottom_rule(rule, v("title", "subject_rule_cm", 4.0), d.text_width_cm + 0.4)  # + 0.4: no cell margins here
    rule.paragraph_format.space_after = d.Pt(14)
    _kinh_gui(d, words["kinh_gui"], meta["recipients"])

    # -- I. summary
    d.para(doc, words["intro"], style=body)
    d.para(doc, words["section_summary"], style=heading)
    d.para(doc, words["summary"], style=body)
    d.para(doc, words["summary_merge"], style=body)
    tsize = v("font", "table_size_pt", 12)
    d.para(doc, words["table_sector_caption"], size=tsize, bold=True, align="center", before=6, after=4, keep=True)
    rows = [[i, s["label"], s["n_items"], s["n_consolidated"], s["n_central"], s["n_local"]]
            for i, s in enumerate(f["by_sector"], start=1)]
    total = ["", cols.get("total", "Tổng cộng"), f["n_items"], f["n_consolidated"], f["n_central"], f["n_local"]]
    d.grid([cols["stt"], cols["sector"], cols["items"], cols["consolidated"], cols["central"], cols["local"]],
           rows, _fit([1.3, 5.8, 1.8, 2.5, 2.3, 2.3], d.text_width_cm), tsize,
           ["center", "left", "center", "center", "center", "center"], total)
    d.para(doc, words["table_unit_caption"], size=tsize, bold=True, align="center", before=10, after=4, keep=True)
    rows = [[i, u["unit"], u["n_meetings"], _dash(u["voters_attending"]), _dash(u["speaking_turns"]), u["n_items"]]
            for i, u in enumerate(f["by_unit"], start=1)]
    total = ["", cols.get("total", "Tổng cộng"), f["n_meetings"], _dash(f["voters_attending"]),
             _dash(f["speaking_turns"]), f["n_items"]]
    d.grid([cols["stt"], cols["unit"], cols["meetings"], cols["voters"], cols["turns"], cols["items"]],
           rows, _fit([1.2, 6.0, 2.0, 2.4, 2.4, 2.0], d.text_width_cm), tsize,
           ["center", "left", "center", "center", "center", "center"], total)
    if ctx.get("recurring"):  # with a register: the items raised in three rounds or more (issue 21)
        _recurring_docx(d, ctx, tsize)
    # the machine-output note (words["corrections_note"]) is in report.html and review.xlsx only:
    # a draft says "DỰ THẢO" instead and the final document a delegation signs carries neither

    # -- II. central, III. local; the item paragraphs (thousands) are written as XML, as python-docx
    # would write them: "<number>. " "<text> " "<suffix>" (italic) "."
    p_pr = f'<w:pPr><w:pStyle w:val="{xml_escape(body.style_id, {chr(34): "&quot;"})}"/></w:pPr>'
    for section in ctx["sections"]:
        d.para(doc, section["heading"], style=heading, before=6)
        if not section["sectors"]:
            d.para(doc, words["section_empty"], style=body, italic=True)
        for sector in section["sectors"]:
            d.para(doc, sector["heading"], style=heading)
            d.append_xml("".join(_item_xml(p_pr, item) for item in sector["items"]))
    d.para(doc, words["closing"], style=body, before=6, keep=True)

    # -- Nơi nhận / signer
    t = d.layout_table(1, _fit([v("closing", "left_width_cm", 8.0), v("closing", "right_width_cm", 8.0)],
                               d.text_width_cm))
    tr_element(t.rows[0]).get_or_add_trPr().append(d.Ox("w:cantSplit"))
    left, right = t.cell(0, 0), t.cell(0, 1)
    d.para(left, words["noi_nhan"], first=True, size=v("closing", "noi_nhan_size_pt", 12), bold=True, italic=True,
           before=12)
    lines = [*meta["recipients"], *meta["cc"]]
    for i, name in enumerate(lines):
        end = "." if i == len(lines) - 1 else ";"
        p = d.para(left, f"- {name.rstrip(';.')}{end}", size=v("closing", "recipients_size_pt", 11), left=0.25)
        p.paragraph_format.first_line_indent = d.Cm(-0.25)
    ssize = v("closing", "signer_size_pt", 13)
    # "TM. ĐOÀN ĐẠI BIỂU QUỐC HỘI" / ["KT. TRƯỞNG ĐOÀN" /] "PHÓ TRƯỞNG ĐOÀN": signer_title may hold
    # several lines separated by a line break
    signer_lines = [x.strip() for x in meta["signer_title"].split("\n") if x.strip()] + [meta["signer_role"]]
    for i, line in enumerate(x for x in signer_lines if x):
        d.para(right, line, first=i == 0, size=ssize, bold=True, align="center", before=12 if i == 0 else None)
    for _ in range(int(v("closing", "signature_space_lines", 4))):
        d.para(right, "", size=ssize)
    if meta["signer_name"]:
        d.para(right, meta["signer_name"], size=ssize, bold=True, align="center")

    # -- annex
    _annex_docx(d, ctx)

    cp = doc.core_properties
    stamp = _fixed_datetime(meta["date"])
    cp.author = meta["issuer"]
    cp.last_modified_by = "cutri"
    cp.title = meta["subject"]
    cp.subject = words["title"]
    cp.keywords = "kiến nghị cử tri"
    cp.comments = ""
    cp.revision = 1
    cp.created = stamp
    cp.modified = stamp
    cp.last_printed = stamp
    return d.save()


def draft_mark(d: _Docx, text: str) -> None:
    """A bold "DỰ THẢO" framed by a thin box, at the right edge above the header block."""
    width = 3.2  # cm: the box is as wide as the word, the paragraph indented up to it
    p = d.para(d.doc, text, size=13, bold=True, align="center", after=4)
    p.paragraph_format.left_indent = d.Cm(max(d.text_width_cm - width, 0))
    borders = d.Ox("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        b = d.Ox(f"w:{side}")
        for key, value in (("w:val", "single"), ("w:sz", "8"), ("w:space", "1"), ("w:color", "auto")):
            b.set(d.qn(key), value)
        borders.append(b)
    p_element(p).get_or_add_pPr().insert_element_before(borders, "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc",
                                                "w:rPr", "w:sectPr")


def _item_xml(p_pr: str, item: dict) -> str:
    number = _run_xml(f"{item['number']}. ")
    text = _run_xml(_sentence(item["text"]) + " ")
    return f'<w:p>{p_pr}{number}{text}{_run_xml(item["suffix"], "<w:i/>")}{_run_xml(".")}</w:p>'


def _kinh_gui(d: _Docx, label: str, recipients: list[str]):
    v = d.v
    indent, hanging = v("kinh_gui", "indent_cm", 2.5), v("kinh_gui", "hanging_cm", 2.3)
    if len(recipients) <= 1:
        d.para(d.doc, f"{label} {recipients[0] if recipients else '...'}.", align="center", after=12)
        return
    for i, name in enumerate(recipients):
        end = "." if i == len(recipients) - 1 else ";"
        p = d.para(d.doc, left=indent + hanging, indent=-hanging if i == 0 else 0,
                   after=12 if i == len(recipients) - 1 else 0)
        p.paragraph_format.tab_stops.add_tab_stop(d.Cm(indent + hanging))
        d.run(p, (label + "\t" if i == 0 else "") + f"- {name.rstrip(';.')}{end}")


def _annex_docx(d: _Docx, ctx: dict):
    """The annex: every item, grouped by unit under a full-width heading row, numbered throughout."""
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.enum.text import WD_BREAK

    v, doc, words, cols, meta = d.v, d.doc, ctx["words"], ctx["columns"], ctx["meta"]
    size = v("font", "annex_size_pt", 11)
    width = d.text_width_cm
    if v("annex", "landscape", True):
        sec = doc.add_section(WD_SECTION.NEW_PAGE)
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = d.Cm(v("page", "height_cm", 29.7)), d.Cm(v("page", "width_cm", 21.0))
        sec.different_first_page_header_footer = False
        width = v("page", "height_cm", 29.7) - v("page", "margin_left_cm", 3.0) - v("page", "margin_right_cm", 2.0)
        d.para(doc, words["annex_title"], bold=True, align="center")
    else:
        p = d.para(doc, "", align="center")
        p.add_run().add_break(WD_BREAK.PAGE)
        d.run(p, words["annex_title"], bold=True)
    d.para(doc, words["annex_subject"], bold=True, align="center")
    d.para(doc, words["annex_note"], italic=True, align="center", after=10)
    widths = list(v("annex", "widths_cm", [1.3, 10.8, 4.8, 2.2, 5.6]))
    if len(widths) == 6:  # a docx_style.toml written when the annex had a unit column: give it to the text
        widths = [widths[0], widths[1] + widths[2], *widths[3:]]
    if len(widths) != 5:
        raise ConfigError(f"Tệp {DOCX_STYLE}, mục [annex]: 'widths_cm' cần 5 số (STT, nội dung, lĩnh vực, "
                          f"thẩm quyền, nguồn), đang có {len(widths)}.")
    header = [cols["stt"], cols["text"], cols["sector"], cols["authority"], cols["source"]]
    aligns = ["center", "left", "left", "center", "left"]
    show = meta["show_names"]
    if show:
        sw = v("annex", "speaker_width_cm", 3.5)
        widths = widths[:1] + [sw, max(widths[1] - sw, 2.0)] + widths[2:]
        header = header[:1] + [cols["speaker"]] + header[1:]
        aligns = aligns[:1] + ["left"] + aligns[1:]
    rows, unit, n_groups = [], None, 0
    counts: dict[str, int] = {}
    for r in ctx["annex"]:
        counts[r["unit"]] = counts.get(r["unit"], 0) + r.get("n_opinions", 1)  # opinions, as the figures
    for r in ctx["annex"]:
        if r["unit"] != unit:
            unit, n_groups = r["unit"], n_groups + 1
            rows.append(_Group(_snippet_default(ctx["text"], "annex_unit", "{{ roman }}. {{ unit }} ({{ n }} ý kiến)",
                                                roman=roman_numeral(n_groups), unit=unit or "...", n=counts[unit])))
        # a zero-width space after "/" lets a long path break between folder and file name
        src = "\n".join(x for x in (r["source_file"].replace("/", "/\u200b"), r["source_ref"]) if x)
        text = _sentence(r["text"])  # as in the body: capital first letter, no bullet mark, one full stop
        if text and r.get("opinions_note"):
            text += " " + r["opinions_note"]
        row = [r["stt"], text + "." if text else "", r["sector_label"], r["authority_short"], src]
        if show:
            row = row[:1] + [r["speaker"]] + row[1:]
        rows.append(row)
    d.grid(header, rows, _fit(widths, width), size, aligns)


def _recurring_docx(d: _Docx, ctx: dict, size: float) -> None:
    """The recommendations raised in three rounds or more: a caption and a table (STT, item of the
    report, text, number of rounds, the earlier rounds), in the summary section."""
    cols = ctx["columns"]
    d.para(d.doc, ctx["register"].get("recurring_title") or "Các kiến nghị cử tri đã nêu từ ba kỳ trở lên",
           size=size, bold=True, align="center", before=10, after=4, keep=True)
    rows = [[i, r["ref"], r["text"] + ".", r["n_rounds"], r["rounds"]] for i, r in enumerate(ctx["recurring"], start=1)]
    d.grid([cols["stt"], cols.get("ref", "Mục"), cols.get("recurring_text", "Nội dung kiến nghị"),
            cols.get("n_rounds", "Số kỳ đã nêu"), cols.get("rounds", "Các kỳ trước đã nêu")],
           rows, _fit([1.2, 1.8, 8.4, 1.8, 3.8], d.text_width_cm), size,
           ["center", "center", "left", "center", "left"])
