"""report.render_reports / report_figures: the three outputs agree with the data and each other."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from docx import Document
from docx.shared import Cm, Pt

from pipeline import report
from pipeline import schemas as S
from pipeline.config import Config
from pipeline.errors import ConfigError

from report_helpers import (  # noqa: F401  (rendered: a fixture)
    NAME, ROWS, _all_text, docx_text, excel_text, make_cfg, make_tables, parse_html, rendered,
)

# --------------------------------------------------------------------------- figures


def test_report_figures_match_the_data():
    items, clusters, meetings = make_tables()
    f = report.report_figures(items, clusters, meetings, make_cfg())
    assert f["n_meetings"] == 4
    assert f["n_units"] == 4
    assert f["voters_attending"] == 120 + 95 + 70 and f["voters_known"] == 3
    assert f["speaking_turns"] == 8 + 6 + 5 and f["turns_known"] == 3
    assert f["n_items"] == 9  # the not_recommendation row is not counted
    assert f["n_not_recommendation"] == 1
    assert f["n_consolidated"] == 6
    assert f["n_merged"] == 2
    assert (f["n_central"], f["n_local"]) == (3, 3)
    assert (f["n_central_items"], f["n_local_items"]) == (5, 4)
    assert f["n_answered"] == 2
    assert (f["date_from"], f["date_to"]) == ("20/10/2026", "23/10/2026")
    by_sector = {s["sector"]: s for s in f["by_sector"]}
    assert by_sector["giao_thong"] == {"sector": "giao_thong", "label": "Giao thông, vận tải, an toàn giao thông",
                                       "n_items": 3, "n_consolidated": 1, "n_central": 1, "n_local": 0}
    assert "khac" not in by_sector
    assert [s["sector"] for s in f["by_sector"]] == [s for s in Config().taxonomy.slugs if s in by_sector]
    assert sum(s["n_items"] for s in f["by_sector"]) == f["n_items"]
    by_unit = {u["unit"]: u for u in f["by_unit"]}
    assert by_unit["Xã Kim Phú"]["n_items"] == 3 and by_unit["Xã Kim Phú"]["voters_attending"] is None
    assert by_unit["Phường Hưng Thành"]["n_items"] == 2
    assert sum(u["n_items"] for u in f["by_unit"]) == f["n_items"]


def test_figures_without_not_recommendation_column_and_without_clusters():
    items, _, meetings = make_tables(with_flag=False)
    f = report.report_figures(items, pd.DataFrame(columns=S.CLUSTER_COLUMNS), meetings, make_cfg())
    assert f["n_items"] == len(ROWS)
    assert f["n_consolidated"] == 7  # cluster ids still group the items


def test_consolidated_items_are_numbered_by_section_and_sector():
    items, clusters, _ = make_tables()
    cons = report.consolidated_items(items, clusters, make_cfg())
    assert list(cons["ref"]) == ["II.1.1", "II.2.1", "II.3.1", "III.1.1", "III.2.1", "III.3.1"]
    first = cons.iloc[0]
    assert first["cluster_id"] == "C1" and first["n_items"] == 3 and first["n_units"] == 3
    assert first["units"] == ["Phường Minh Xuân", "Xã Kim Phú", "Xã Tân Lập"]


def test_unit_phrase_lower_cases_the_unit_type():
    words = ["Đơn vị bầu cử", "Thị trấn", "Phường", "Xã"]
    assert report.unit_phrase("Xã Tân Lập", words) == "xã Tân Lập"
    assert report.unit_phrase("Phường Minh Xuân", words) == "phường Minh Xuân"
    assert report.unit_phrase("Đơn vị bầu cử số 2", words) == "đơn vị bầu cử số 2"
    assert report.unit_phrase("Xuân Vân", words) == "Xuân Vân"  # no type word: unchanged


def test_search_key_drops_diacritics():
    assert report.search_key("Đường Quốc lộ 2C") == "duong quoc lo 2c"


# --------------------------------------------------------------------------- outputs


def test_writes_the_three_files_and_no_temp_files(rendered):
    names = sorted(p.name for p in rendered["paths"])
    assert names == ["report.docx", "report.html", "report.xlsx"]
    assert sorted(p.name for p in rendered["out"].iterdir()) == names


def _header_runs(doc):
    """{text: (paragraph, run)} of the NĐ 30 header table (first table of the document)."""
    out = {}
    for row in doc.tables[0].rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                for r in p.runs:
                    out[r.text] = (p, r)
    return out


def _has_bottom_rule(p) -> bool:
    return p._p.find(f"{W}pPr/{W}pBdr/{W}bottom") is not None and not p.text


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_docx_nd30_header_layout_and_font(rendered):
    path = rendered["out"] / "report.docx"
    doc = Document(path)
    runs = _header_runs(doc)
    assert "ĐOÀN ĐBQH VÀ HĐND TỈNH TUYÊN QUANG" in runs
    number = next(t for t in runs if t.startswith("Số:"))
    assert number.endswith("/BC-ĐĐBQH")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in runs
    assert "Độc lập - Tự do - Hạnh phúc" in runs
    assert "Tuyên Quang, ngày 05 tháng 11 năm 2026" in runs
    # font size and weight of each element (NĐ 30/2020, Phụ lục I)
    nation, motto, date = (runs[k][1] for k in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                                                 "Tuyên Quang, ngày 05 tháng 11 năm 2026"))
    assert nation.bold and Pt(12) <= nation.font.size <= Pt(13)
    assert motto.bold and not motto.underline
    assert (motto.font.size or Pt(13)) in (Pt(13), Pt(14))
    assert date.italic and (date.font.size or Pt(13)) in (Pt(13), Pt(14))
    assert runs["ĐOÀN ĐBQH VÀ HĐND TỈNH TUYÊN QUANG"][1].bold
    assert (runs[number][1].font.size or Pt(13)) == Pt(13) and not runs[number][1].bold
    # a line under the motto as long as the motto, a shorter one under the issuer
    right = doc.tables[0].rows[0].cells[1].paragraphs
    i = [p.text for p in right].index("Độc lập - Tự do - Hạnh phúc")
    assert _has_bottom_rule(right[i + 1])
    ind = right[i + 1].paragraph_format
    assert Cm(5) <= doc.tables[0].rows[0].cells[1].width - ind.left_indent - ind.right_indent <= Cm(6.5)
    assert any(_has_bottom_rule(p) for p in doc.tables[0].rows[0].cells[0].paragraphs)
    # number and place/date stand level: same table row
    second = [c.text for c in doc.tables[0].rows[1].cells]
    assert second == [number, "Tuyên Quang, ngày 05 tháng 11 năm 2026"]
    title = [p.text for p in doc.paragraphs]
    assert "BÁO CÁO" in title
    subject = "Tổng hợp ý kiến, kiến nghị của cử tri trước Kỳ họp thứ Mười, Quốc hội khóa XV"
    k = title.index(subject)
    assert title[k - 1] == "BÁO CÁO" and _has_bottom_rule(doc.paragraphs[k + 1])
    assert doc.paragraphs[k - 1].runs[0].bold and doc.paragraphs[k].runs[0].bold
    sec = doc.sections[0]
    assert abs(sec.page_width - Cm(21)) < Cm(0.01) and abs(sec.page_height - Cm(29.7)) < Cm(0.01)
    assert Cm(2) - Cm(0.01) <= sec.top_margin <= Cm(2.5) and Cm(2) - Cm(0.01) <= sec.bottom_margin <= Cm(2.5)
    assert Cm(3) - Cm(0.01) <= sec.left_margin <= Cm(3.5)
    assert Cm(1.5) - Cm(0.01) <= sec.right_margin <= Cm(2) + Cm(0.01)
    # page number centred in the header from page 2: a PAGE field, and an empty first-page header
    assert sec.different_first_page_header_footer
    assert "PAGE" in sec.header._element.xml and sec.header.paragraphs[0].alignment == 1  # CENTER
    assert "PAGE" not in sec.first_page_header._element.xml
    normal = doc.styles["Normal"].font
    assert normal.name == "Times New Roman" and normal.size == Pt(13)
    body = doc.styles["Cutri Body"].paragraph_format
    assert Cm(1) <= body.first_line_indent <= Cm(1.27) + Cm(0.01)
    assert 1.0 <= body.line_spacing <= 1.5 and body.space_after >= Pt(6)
    # Nơi nhận: bold italic 12, its list 11; the signer block beside it
    closing = next(t for t in doc.tables if t.rows[0].cells[0].paragraphs[0].text == "Nơi nhận:")
    left, right = closing.rows[0].cells
    head = left.paragraphs[0].runs[0]
    assert head.bold and head.italic and head.font.size == Pt(12)
    assert [p.text for p in left.paragraphs[1:]] == ["- Ủy ban Dân nguyện và Giám sát của Quốc hội;",
                                                      "- Thường trực HĐND tỉnh;", "- UBND tỉnh;", "- Lưu: VT."]
    assert all(p.runs[0].font.size == Pt(11) for p in left.paragraphs[1:])
    signer = [p.text for p in right.paragraphs if p.text]
    assert signer == ["TM. ĐOÀN ĐẠI BIỂU QUỐC HỘI", "TRƯỞNG ĐOÀN", "Lê Thị Minh Hà"]


def test_docx_signer_block_with_kt_line(tmp_path):
    items, clusters, meetings = make_tables()
    cfg = make_cfg(signer_title="TM. ĐOÀN ĐẠI BIỂU QUỐC HỘI\nKT. TRƯỞNG ĐOÀN", signer_role="Phó Trưởng đoàn")
    report.render_reports(items, clusters, meetings, cfg, tmp_path, "2026-11-05")
    doc = Document(tmp_path / "report.docx")
    closing = next(t for t in doc.tables if t.rows[0].cells[0].paragraphs[0].text == "Nơi nhận:")
    signer = [p.text for p in closing.rows[0].cells[1].paragraphs if p.text]
    assert signer == ["TM. ĐOÀN ĐẠI BIỂU QUỐC HỘI", "KT. TRƯỞNG ĐOÀN", "PHÓ TRƯỞNG ĐOÀN", "Lê Thị Minh Hà"]


def test_docx_table_properties_follow_the_schema_order(rendered):
    """w:tblPr children in the order of the OOXML schema, each once: Word refuses files that break it."""
    order = ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize", "tblW",
             "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook"]
    with zipfile.ZipFile(rendered["out"] / "report.docx") as z:
        xml = z.read("word/document.xml").decode()
    props = re.findall(r"<w:tblPr>(.*?)</w:tblPr>", xml)
    assert len(props) >= 5
    for pr in props:
        names = re.findall(r"<w:(\w+)[ />]", pr)
        top = [n for n in names if n in order]
        assert top == sorted(set(top), key=order.index), top


def test_docx_body_sections_units_and_counts(rendered):
    f = rendered["figures"]
    lines = [p.text for p in Document(rendered["out"] / "report.docx").paragraphs]
    text = "\n".join(lines)
    assert "II. Kiến nghị thuộc thẩm quyền Trung ương" in lines
    assert "III. Kiến nghị thuộc thẩm quyền địa phương" in lines
    assert "1. Giao thông, vận tải, an toàn giao thông" in lines
    merged = next(t for t in lines if "Quốc lộ 2C" in t)
    assert merged.startswith("1.1. Đề nghị sớm nâng cấp Quốc lộ 2C")
    assert "(Cử tri phường Minh Xuân, xã Kim Phú, xã Tân Lập) (3 lượt ý kiến)." in merged
    assert text.count("Quốc lộ 2C") == 1  # merged item written once
    water = next(t for t in lines if "nước sạch cho tổ" in t)
    assert water.startswith("2.1. Đề nghị sớm có nước sạch")  # bullet mark of the minutes dropped
    assert "(1 lượt ý kiến)" not in text
    numbered = [t for t in lines if re.match(r"^\d+\.\d+\. ", t)]
    assert len(numbered) == f["n_consolidated"]
    counts = [re.search(r"\((\d+) lượt ý kiến\)", t) for t in numbered]
    assert sum(int(m.group(1)) if m else 1 for m in counts) == f["n_items"]
    assert f"{f['n_meetings']} hội nghị" in text
    assert f"{f['voters_attending']} lượt cử tri tham dự" in text
    assert f"còn {f['n_consolidated']} kiến nghị" in text
    assert f"{f['n_items']} ý kiến, kiến nghị" in text
    # corrections applied: the final document, without the draft mark or the machine-output note
    # (that note stays in report.html and review.xlsx)
    assert "chuyên viên rà soát" not in text and "DỰ THẢO" not in text
    assert "giải trình về tiến độ" not in text  # not a recommendation


def test_docx_tables_match_figures(rendered):
    f = rendered["figures"]
    doc = Document(rendered["out"] / "report.docx")
    sector_table = next(t for t in doc.tables if t.rows[0].cells[1].text == "Lĩnh vực")
    body = [[c.text for c in r.cells] for r in sector_table.rows[1:]]
    assert [r[1] for r in body[:-1]] == [s["label"] for s in f["by_sector"]]
    assert body[-1][2:] == [str(f["n_items"]), str(f["n_consolidated"]), str(f["n_central"]), str(f["n_local"])]
    unit_table = next(t for t in doc.tables if t.rows[0].cells[1].text == "Đơn vị" and len(t.columns) == 6
                      and t.rows[0].cells[2].text == "Số hội nghị")
    rows = {r.cells[1].text: r.cells[5].text for r in unit_table.rows[1:-1]}
    assert rows == {u["unit"]: str(u["n_items"]) for u in f["by_unit"]}
    annex = doc.tables[-1]
    assert [c.text for c in annex.rows[0].cells][:2] == ["STT", "Nội dung ý kiến, kiến nghị"]
    groups = [r.cells[0].text for r in annex.rows[1:] if len(r.cells) == 1 or r.cells[0]._tc.grid_span > 1]
    # one heading row per unit, in Vietnamese order, with its number of items
    assert groups == [f"{roman}. {u['unit']} ({u['n_items']} ý kiến)"
                      for roman, u in zip(["I", "II", "III", "IV"], f["by_unit"])]
    item_rows = [r for r in annex.rows[1:] if r.cells[0]._tc.grid_span == 1]
    assert len(item_rows) == f["n_items"]
    assert [r.cells[0].text for r in item_rows] == [str(i) for i in range(1, f["n_items"] + 1)]
    assert item_rows[0].cells[4].text.replace("\u200b", "") == "Phường Hưng Thành/bien_ban.xlsx\nTXCT!R17"
    texts = [r.cells[1].text for r in item_rows]
    assert "Đề nghị sớm có nước sạch cho tổ dân phố 12." in texts  # "-Đề nghị ..." of the minutes, tidied
    assert all(t[:1].isupper() or not t[:1].isalpha() for t in texts) and all(t.endswith(".") for t in texts)


def test_html_counts_self_contained_and_escaped(rendered):
    f = rendered["figures"]
    path = rendered["out"] / "report.html"
    html = path.read_text(encoding="utf-8")
    parsed = parse_html(path)
    assert parsed.items == f["n_consolidated"]
    assert parsed.sources == f["n_items"]
    assert parsed.figures["n_items"] == str(f["n_items"])
    assert parsed.figures["n_consolidated"] == str(f["n_consolidated"])
    assert parsed.figures["n_meetings"] == str(f["n_meetings"])
    assert parsed.figures["voters_attending"] == str(f["voters_attending"])
    assert "http://" not in html and "https://" not in html
    refs = re.findall(r"""\b(?:src|href|action|poster)\s*=\s*(["']?)([^"'\s>]*)""", html)
    assert refs and all(value.startswith("#") for _, value in refs)  # only in-page anchors
    assert "<link" not in html and "@import" not in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<svg" in html and "<details" in html and 'id="q"' in html
    assert "(Cử tri phường Minh Xuân, xã Kim Phú, xã Tân Lập)" in html
    assert html.count("<script") == 1  # our own inline script only


def test_xlsx_sheets_counts_and_styles(rendered):
    f = rendered["figures"]
    wb = openpyxl.load_workbook(rendered["out"] / "report.xlsx")
    assert wb.sheetnames[:4] == ["Tất cả kiến nghị", "Theo lĩnh vực", "Theo đơn vị", "Kiến nghị tổng hợp"]
    ws = wb["Tất cả kiến nghị"]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, (c.value for c in r))) for r in ws.iter_rows(min_row=2)]
    assert len(rows) == len(ROWS)
    assert sum(1 for r in rows if r["Ghi chú"] != report.NOT_RECOMMENDATION_NOTE) == f["n_items"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref
    assert ws["A1"].font.bold and ws["A1"].fill.fgColor.rgb.endswith("D9E2F3")
    text_col = header.index("Nội dung ý kiến, kiến nghị") + 1
    letter = openpyxl.utils.get_column_letter(text_col)
    assert ws.column_dimensions[letter].width >= 60 and ws.cell(row=2, column=text_col).alignment.wrap_text
    assert ws["A1"].alignment.wrap_text
    for sheet in wb:
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
        # fitToWidth absent means 1 (the OOXML default, which XlsxWriter leaves out); fitToHeight 0: any
        assert sheet.page_setup.orientation == "landscape" and (sheet.page_setup.fitToWidth or 1) == 1
        assert sheet.page_setup.fitToHeight == 0 and sheet.page_setup.paperSize == 9
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.print_title_rows == "$1:$1"
    sectors = wb["Theo lĩnh vực"]
    data = list(sectors.iter_rows(min_row=2, values_only=True))
    assert data[-1][3:] == (f["n_items"], f["n_consolidated"], f["n_central"], f["n_local"])
    assert [r[1] for r in data[:-1]] == [s["sector"] for s in f["by_sector"]]
    units = list(wb["Theo đơn vị"].iter_rows(min_row=2, values_only=True))
    assert {r[1]: r[5] for r in units[:-1]} == {u["unit"]: u["n_items"] for u in f["by_unit"]}
    assert units[-1][2:4] == (f["n_meetings"], f["voters_attending"])
    cl = list(wb["Kiến nghị tổng hợp"].iter_rows(min_row=2, values_only=True))
    assert len(cl) == f["n_consolidated"] and sum(r[4] for r in cl) == f["n_items"]
    merged = next(r for r in cl if r[1] == "C1")
    assert merged[3] == "Phường Minh Xuân; Xã Kim Phú; Xã Tân Lập" and merged[5] == 3


def test_xlsx_formula_like_text_stays_text(rendered):
    wb = openpyxl.load_workbook(rendered["out"] / "report.xlsx")
    ws = wb["Tất cả kiến nghị"]
    col = [c.value for c in ws[1]].index("Nội dung ý kiến, kiến nghị") + 1
    cells = {ws.cell(row=r, column=col).value: ws.cell(row=r, column=col) for r in range(2, ws.max_row + 1)}
    for text in ('=HYPERLINK("x") đề nghị bố trí bác sĩ về trạm y tế xã.', "-Đề nghị sớm có nước sạch cho tổ dân phố 12.",
                 "+ Đề nghị Quốc hội sửa Luật Đất đai để đơn giản thủ tục chuyển mục đích."):
        assert cells[text].data_type == "s"
    with zipfile.ZipFile(rendered["out"] / "report.xlsx") as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet


GOLDEN_XLSX = Path(__file__).resolve().parent / "golden" / "report_xlsx_values.json"


def _golden_variants():
    items, clusters, meetings = make_tables()
    yield "plain", items, clusters, meetings, make_cfg(), 2
    items, clusters, meetings = make_tables()
    items.loc[6, S.TEXT] = "  Đề nghị <sửa> đường & cầu \x07 \"Bản\" 'Nà'\tNgoa  "
    items.loc[6, S.SOURCE_REF] = "TXCT!R16\r\ndòng 2"
    items.loc[5, S.TEXT] = "Đề nghị " + "x" * 40000
    items.loc[4, S.TEXT] = "<r><t>x</t></r>"  # XlsxWriter's marker of rich-text XML: must stay text
    items.loc[3, S.TEXT] = "=1+1"
    yield "awkward_names", items, clusters, meetings, make_cfg(show_names=True), 0


@pytest.mark.parametrize("variant", ["plain", "awkward_names"])
def test_xlsx_content_is_that_of_the_former_writer(tmp_path, variant):
    """report.xlsx is written by XlsxWriter; every sheet's cell values and column widths are those the
    former hand-written SpreadsheetML writer gave (golden file made by it), read back with openpyxl."""
    import json

    golden = json.loads(GOLDEN_XLSX.read_text(encoding="utf-8"))[variant]
    name, items, clusters, meetings, cfg, corrections = next(v for v in _golden_variants() if v[0] == variant)
    report.render_reports(items, clusters, meetings, cfg, tmp_path, "2026-11-05", corrections_count=corrections)
    wb = openpyxl.load_workbook(tmp_path / "report.xlsx")
    assert wb.sheetnames[:len(golden)] == list(golden)
    for title, expected in golden.items():
        ws = wb[title]
        rows = [[excel_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
        assert rows == expected["rows"], title
        widths = {c: w for lo, hi, w in expected["widths"] for c in range(lo, hi + 1)}
        assert {c: d.width for d in ws.column_dimensions.values() for c in range(d.min, d.max + 1)} == widths, title
        assert ws.row_dimensions[1].height >= 32  # the header row: two lines of bold text
    with zipfile.ZipFile(tmp_path / "report.xlsx") as z:
        sheets = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/")]
    assert not any("<f>" in sheet for sheet in sheets)
    assert not any("<r><t>x</t></r>" in sheet for sheet in sheets)  # escaped, never raw XML


def test_two_renders_are_byte_identical(tmp_path):
    """Also when the Excel annex is rendered by a second process (jobs=2)."""
    items, clusters, meetings = make_tables()
    cfg = make_cfg()
    a = report.render_reports(items, clusters, meetings, cfg, tmp_path / "a", "2026-11-05")
    b = report.render_reports(items, clusters, meetings, cfg, tmp_path / "b", "2026-11-05", jobs=2)
    for pa, pb in zip(a, b):
        assert pa.read_bytes() == pb.read_bytes(), pa.name
    with zipfile.ZipFile(a[0]) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    props = Document(a[0]).core_properties
    assert props.created.date().isoformat() == "2026-11-05" == props.modified.date().isoformat()
    assert openpyxl.load_workbook(a[2]).properties.modified.date().isoformat() == "2026-11-05"


def test_voter_names_hidden_by_default(rendered):
    for text in _all_text(rendered["out"]):
        assert NAME not in text and "Trần Thị Hoa" not in text


def test_voter_names_shown_with_show_names(tmp_path):
    items, clusters, meetings = make_tables()
    report.render_reports(items, clusters, meetings, make_cfg(show_names=True), tmp_path, "2026-11-05")
    docx, html, xlsx = _all_text(tmp_path)
    for text in (docx, html, xlsx):
        assert f"{NAME}, thôn Nà Ngoa" in text
    body = [p.text for p in Document(tmp_path / "report.docx").paragraphs]
    assert not any(NAME in t for t in body)  # names only in the annex table, not in the body
    assert [c.text for c in Document(tmp_path / "report.docx").tables[-1].rows[0].cells][1] == "Cử tri"


def test_missing_meeting_figures_and_default_metadata(tmp_path):
    items, clusters, meetings = make_tables()
    meetings = meetings.assign(voters_attending=float("nan"), speaking_turns=float("nan"), date=None)
    cfg = Config().replace(report={"date": "2026-03-09"})
    report.render_reports(items, clusters, meetings, cfg, tmp_path, "2026-11-05")
    lines = docx_text(tmp_path / "report.docx")
    text = "\n".join(lines)
    assert "..., ngày 09 tháng 3 năm 2026" in lines  # NĐ 30: no leading zero for months 3 to 12
    assert "lượt cử tri tham dự" not in text
    assert "Cử tri đã nêu 9 ý kiến, kiến nghị" in text
    f = report.report_figures(items, clusters, meetings, cfg)
    assert f["voters_attending"] is None and f["speaking_turns"] is None


def test_date_comes_from_generated_at_when_config_has_none():
    assert report.report_date(Config(), "2026-01-07T10:00:00").isoformat() == "2026-01-07"
    with pytest.raises(ConfigError):
        report.report_date(Config().replace(report={"date": "05/13/2026"}), "")


def test_office_templates_folder_overrides_wording(tmp_path):
    folder = tmp_path / "mau"
    folder.mkdir()
    text = (report.TEMPLATES_DIR / "report_text.toml").read_text(encoding="utf-8")
    (folder / "report_text.toml").write_text(text.replace('item_count = "({{ n }} lượt ý kiến)"',
                                                          'item_count = "({{ n }} ý kiến)"'), encoding="utf-8")
    items, clusters, meetings = make_tables()
    cfg = make_cfg(templates_dir=str(folder))
    report.render_reports(items, clusters, meetings, cfg, tmp_path / "out", "2026-11-05")
    text = "\n".join(docx_text(tmp_path / "out" / "report.docx"))
    assert "(3 ý kiến)" in text and "lượt ý kiến" not in text
    with pytest.raises(ConfigError):
        report.render_reports(items, clusters, meetings, make_cfg(templates_dir=str(tmp_path / "none")),
                              tmp_path / "out2", "2026-11-05")


def test_empty_round_renders_with_zero_counts(tmp_path):
    items, clusters, meetings = make_tables()
    paths = report.render_reports(items.iloc[0:0], clusters.iloc[0:0], meetings.iloc[0:0], make_cfg(), tmp_path,
                                  "2026-11-05")
    assert [p.name for p in paths] == ["report.docx", "report.html", "report.xlsx"]
    text = "\n".join(docx_text(tmp_path / "report.docx"))
    assert "Không có kiến nghị thuộc nhóm này." in text
    assert parse_html(tmp_path / "report.html").items == 0
