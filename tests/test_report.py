"""report.render_reports / report_figures: the three outputs agree with the data and each other."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path
from html.parser import HTMLParser

import jinja2
import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from docx import Document
from docx.shared import Cm, Pt

from pipeline import report
from pipeline import schemas as S
from pipeline.config import Config
from pipeline.errors import ConfigError

UNITS = ("Xã Tân Lập", "Phường Minh Xuân", "Xã Kim Phú", "Phường Hưng Thành")
NAME = "Nguyễn Văn Bình"

# (cluster, unit, speaker, text, sector, authority, answered, not_recommendation)
ROWS = [
    ("C1", UNITS[0], f"{NAME}, thôn Nà Ngoa", "Đề nghị sớm nâng cấp Quốc lộ 2C đoạn qua địa bàn tỉnh, mặt đường hư hỏng nặng.",
     "giao_thong", S.CENTRAL, False, False),
    ("C1", UNITS[1], "Trần Thị Hoa, tổ 5", "Cử tri đề nghị nâng cấp Quốc lộ 2C vì đường xuống cấp, nhiều ổ gà.",
     "giao_thong", S.CENTRAL, True, False),
    ("C1", UNITS[2], "Hoàng Văn Lợi, thôn Khuôn Thống", "Đề nghị đầu tư nâng cấp Quốc lộ 2C qua xã, đường hỏng gây tai nạn.",
     "giao_thong", S.CENTRAL, False, False),
    ("C2", UNITS[0], "", "Đề nghị tăng mức trợ cấp xã hội hằng tháng cho người cao tuổi từ đủ 75 tuổi.",
     "lao_dong_xa_hoi", S.CENTRAL, False, False),
    ("C3", UNITS[1], "Lê Văn Nam, tổ 2", "-Đề nghị sớm có nước sạch cho tổ dân phố 12.",
     "xay_dung_do_thi", S.LOCAL, False, False),
    ("C4", UNITS[2], "", "=HYPERLINK(\"x\") đề nghị bố trí bác sĩ về trạm y tế xã.",
     "y_te", S.LOCAL, True, False),
    ("C4", UNITS[2], "", "Đề nghị có bác sĩ làm việc thường xuyên tại trạm y tế xã.",
     "y_te", S.LOCAL, False, False),
    ("C5", UNITS[3], "Phạm Thị Thu, tổ 7", "<script>alert(1)</script> đề nghị cấp giấy chứng nhận quyền sử dụng đất.",
     "dat_dai_moi_truong", S.LOCAL, False, False),
    ("C6", UNITS[3], "", "+ Đề nghị Quốc hội sửa Luật Đất đai để đơn giản thủ tục chuyển mục đích.",
     "quoc_hoi_phap_luat", S.CENTRAL, False, False),
    ("C7", UNITS[3], "", "Đại diện UBND phường đã giải trình về tiến độ cấp giấy chứng nhận.",
     "khac", S.LOCAL, False, True),
]


def make_tables(with_flag: bool = True):
    cfg = Config()
    records = []
    for i, (cid, unit, speaker, text, sector, auth, answered, not_rec) in enumerate(ROWS):
        records.append({
            S.ITEM_ID: f"R{i:02d}", S.UNIT: unit, S.SOURCE_FILE: f"{unit}/bien_ban.xlsx",
            S.SOURCE_REF: f"TXCT!R{10 + i}", S.SPEAKER: speaker, S.TEXT: text, S.ANSWERED: answered,
            S.SECTOR: sector, S.SECTOR_LABEL: cfg.taxonomy.label(sector), S.SECTOR_CONFIDENCE: 0.8,
            S.AUTHORITY: auth, S.NEEDS_REVIEW: i == 4, S.CLUSTER_ID: cid, S.NOT_RECOMMENDATION: not_rec,
        })
    items = pd.DataFrame(records)
    if not with_flag:
        items = items.drop(columns=[S.NOT_RECOMMENDATION])
    active = items if not with_flag else items[~items[S.NOT_RECOMMENDATION]]
    clusters = []
    for cid, g in active.groupby(S.CLUSTER_ID, sort=False):
        clusters.append({
            S.CLUSTER_ID: cid, S.SECTOR: g[S.SECTOR].iloc[0], S.SECTOR_LABEL: g[S.SECTOR_LABEL].iloc[0],
            S.AUTHORITY: g[S.AUTHORITY].iloc[0], "representative_text": g[S.TEXT].iloc[0], "n_items": len(g),
            "n_units": g[S.UNIT].nunique(), "units": "; ".join(sorted(set(g[S.UNIT]))),
            "item_ids": "; ".join(g[S.ITEM_ID]),
        })
    meetings = pd.DataFrame([
        {S.MEETING_ID: "M1", S.UNIT: UNITS[0], S.SOURCE_FILE: "a.xlsx", "date": "2026-10-20", "place": "Nhà văn hóa",
         "deputies": "", "voters_attending": 120, "speaking_turns": 8, "n_items": 2},
        {S.MEETING_ID: "M2", S.UNIT: UNITS[1], S.SOURCE_FILE: "b.xlsx", "date": "2026-10-21", "place": "Hội trường",
         "deputies": "", "voters_attending": 95, "speaking_turns": 6, "n_items": 2},
        {S.MEETING_ID: "M3", S.UNIT: UNITS[2], S.SOURCE_FILE: "c.docx", "date": "22/10/2026", "place": "",
         "deputies": "", "voters_attending": float("nan"), "speaking_turns": 5, "n_items": 3},
        {S.MEETING_ID: "M4", S.UNIT: UNITS[3], S.SOURCE_FILE: "d.docx", "date": "2026-10-23", "place": "",
         "deputies": "", "voters_attending": 70, "speaking_turns": None, "n_items": 3},
    ])
    return items, pd.DataFrame(clusters, columns=S.CLUSTER_COLUMNS), meetings[S.MEETING_COLUMNS]


def make_cfg(**report):
    values = {"province": "Tuyên Quang", "round_name": "trước Kỳ họp thứ Mười", "term": "XV",
              "date": "2026-11-05", "signer_name": "Lê Thị Minh Hà"}
    values.update(report)
    return Config().replace(report=values)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    items, clusters, meetings = make_tables()
    cfg = make_cfg()
    out = tmp_path_factory.mktemp("report")
    paths = report.render_reports(items, clusters, meetings, cfg, out, "2026-11-05", corrections_count=2)
    return {"paths": paths, "out": out, "figures": report.report_figures(items, clusters, meetings, cfg)}


def docx_text(path) -> list[str]:
    doc = Document(path)
    lines = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            for cell in row.cells:
                lines.extend(p.text for p in cell.paragraphs)
    return lines


class _HTMLText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.items = 0
        self.sources = 0
        self.figures: dict[str, str] = {}
        self._fig = None
        self.text = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "details" and "item" in (a.get("class") or "").split():
            self.items += 1
        if tag == "tr" and a.get("class") == "source":
            self.sources += int(a.get("data-opinions") or 1)  # a row may stand for several opinions
        self._fig = a.get("data-figure")

    def handle_data(self, data):
        if self._fig:
            self.figures[self._fig] = data.strip()
            self._fig = None
        self.text.append(data)


def parse_html(path) -> _HTMLText:
    p = _HTMLText()
    p.feed(path.read_text(encoding="utf-8"))
    return p


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


_EXCEL_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def excel_text(value):
    """A cell string as Excel and LibreOffice show it: OOXML escapes a control character (CR) as
    _x000D_ and a literal "_xHHHH_" as _x005F_xHHHH_, which openpyxl leaves as written."""
    if not isinstance(value, str):
        return value
    return _EXCEL_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value)


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


def _all_text(out):
    docx = "\n".join(docx_text(out / "report.docx"))
    html = (out / "report.html").read_text(encoding="utf-8")
    wb = openpyxl.load_workbook(out / "report.xlsx")
    xlsx = "\n".join(str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row if v is not None)
    return docx, html, xlsx


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


# --------------------------------------------------------------------------- the three files agree


def _docx_counts(path) -> dict:
    doc = Document(path)
    lines = [p.text for p in doc.paragraphs]
    sector_table = next(t for t in doc.tables if t.rows[0].cells[1].text == "Lĩnh vực")
    unit_table = next(t for t in doc.tables if t.rows[0].cells[1].text == "Đơn vị")
    annex = doc.tables[-1]
    total = [c.text for c in sector_table.rows[-1].cells]
    units_total = [c.text for c in unit_table.rows[-1].cells]
    numbered = [t for t in lines if re.match(r"^\d+\.\d+\. ", t)]
    opinions = sum(int(m.group(1)) if (m := re.search(r"\((\d+) lượt ý kiến\)\.$", t)) else 1 for t in numbered)
    return {
        "n_items": int(total[2]), "n_consolidated": int(total[3]), "n_central": int(total[4]),
        "n_local": int(total[5]), "n_meetings": int(units_total[2]), "unit_items": int(units_total[5]),
        "body_items": len(numbered), "body_opinions": opinions,
        "annex_items": sum(1 for r in annex.rows[1:] if r.cells[0]._tc.grid_span == 1),
        "by_sector": {r.cells[1].text: int(r.cells[2].text) for r in sector_table.rows[1:-1]},
        "by_unit": {r.cells[1].text: int(r.cells[5].text) for r in unit_table.rows[1:-1]},
    }


def _html_counts(path) -> dict:
    html = path.read_text(encoding="utf-8")
    parsed = parse_html(path)

    def table_rows(table_id):
        body = re.search(rf'<table id="{table_id}">.*?<tbody>(.*?)</tbody>', html, re.S).group(1)
        return [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
                for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]

    sectors, units = table_rows("by-sector"), table_rows("by-unit")
    num = lambda x: int(x.replace(".", ""))  # noqa: E731
    return {
        "n_items": num(parsed.figures["n_items"]), "n_consolidated": num(parsed.figures["n_consolidated"]),
        "n_central": num(sectors[-1][4]), "n_local": num(sectors[-1][5]), "n_meetings": num(parsed.figures["n_meetings"]),
        "unit_items": num(units[-1][5]), "body_items": parsed.items, "body_opinions": parsed.sources,
        "annex_items": html.count('<tr class="annex-row"'),
        "by_sector": {r[1]: num(r[2]) for r in sectors[:-1]},
        "by_unit": {r[1]: num(r[5]) for r in units[:-1]},
    }


def _xlsx_counts(path) -> dict:
    wb = openpyxl.load_workbook(path)
    items = list(wb["Tất cả kiến nghị"].iter_rows(min_row=2, values_only=True))
    header = [c.value for c in wb["Tất cả kiến nghị"][1]]
    note = header.index("Ghi chú")
    sectors = list(wb["Theo lĩnh vực"].iter_rows(min_row=2, values_only=True))
    units = list(wb["Theo đơn vị"].iter_rows(min_row=2, values_only=True))
    clusters = list(wb["Kiến nghị tổng hợp"].iter_rows(min_row=2, values_only=True))
    return {
        "n_items": sectors[-1][3], "n_consolidated": sectors[-1][4], "n_central": sectors[-1][5],
        "n_local": sectors[-1][6], "n_meetings": units[-1][2], "unit_items": units[-1][5],
        "body_items": len(clusters), "body_opinions": sum(r[4] for r in clusters),
        "annex_items": sum(1 for r in items if r[note] != report.NOT_RECOMMENDATION_NOTE),
        "by_sector": {r[2]: r[3] for r in sectors[:-1]},
        "by_unit": {r[1]: r[5] for r in units[:-1]},
    }


def assert_outputs_agree(out, items, clusters, meetings):
    """The counts printed in report.docx, report.html and report.xlsx are the same, and are those of the
    data tables (computed here independently of report_figures)."""
    docx, html, xlsx = (_docx_counts(out / "report.docx"), _html_counts(out / "report.html"),
                        _xlsx_counts(out / "report.xlsx"))
    assert docx == html == xlsx
    active = items[~items[S.NOT_RECOMMENDATION].fillna(False).astype(bool)] if S.NOT_RECOMMENDATION in items else items
    n_cons = active[S.CLUSTER_ID].nunique()
    # each row counts its n_opinions ("(3 lượt ý kiến)" read from a consolidated report), else 1
    weight = (pd.to_numeric(active["n_opinions"], errors="coerce").fillna(1).clip(lower=1).astype(int)
              if "n_opinions" in active else pd.Series(1, index=active.index))
    opinions = int(weight.sum())
    assert docx["n_items"] == docx["unit_items"] == docx["body_opinions"] == opinions
    assert docx["annex_items"] == len(active)
    assert docx["n_consolidated"] == docx["body_items"] == n_cons
    assert docx["n_central"] + docx["n_local"] == n_cons
    assert docx["n_meetings"] == len(meetings)
    assert docx["by_unit"] == weight.groupby(active[S.UNIT]).sum().to_dict()
    assert sum(docx["by_sector"].values()) == opinions
    return docx


def test_the_three_outputs_agree_with_each_other_and_the_data(rendered):
    items, clusters, meetings = make_tables()
    counts = assert_outputs_agree(rendered["out"], items, clusters, meetings)
    assert counts["n_items"] == 9 and counts["n_consolidated"] == 6  # the fixture, by hand


# --------------------------------------------------------------------------- the bundled sample, through the CLI


@pytest.fixture(scope="module")
def sample_runs(tmp_path_factory, repo_root):
    from typer.testing import CliRunner

    from cli import app

    base = tmp_path_factory.mktemp("sample-runs")
    sample = base / "sample"  # a copy: every run reads the very same files
    shutil.copytree(repo_root / "data/raw/sample", sample)
    outs = {"sample": sample}
    for name, extra in (("a", []), ("b", []), ("names", ["--show-names"])):
        out = base / name
        result = CliRunner().invoke(app, ["run", str(sample), "--out", str(out),
                                          "--date", "2026-11-05", *extra], env={"CI": "1"})
        assert result.exit_code == 0, result.output
        outs[name] = out
    return outs


def test_sample_reruns_are_byte_identical(sample_runs):
    for name in report.OUTPUT_NAMES:
        a, b = (sample_runs["a"] / name).read_bytes(), (sample_runs["b"] / name).read_bytes()
        if a != b and name != "report.html":
            with zipfile.ZipFile(sample_runs["a"] / name) as za, zipfile.ZipFile(sample_runs["b"] / name) as zb:
                differ = [n for n in za.namelist() if za.read(n) != zb.read(n)]
            pytest.fail(f"{name} differs between two runs, in {differ}")
        assert a == b, name


def test_sample_outputs_agree_with_the_tables(sample_runs):
    out = sample_runs["a"]
    items = pd.read_parquet(out / "recommendations.parquet")
    clusters = pd.read_parquet(out / "clusters.parquet")
    meetings = pd.read_csv(out / "meetings.csv", encoding="utf-8-sig")
    counts = assert_outputs_agree(out, items, clusters, meetings)
    assert counts["n_items"] > 100 and counts["n_consolidated"] < counts["n_items"]


def test_sample_voter_names_only_with_show_names(sample_runs):
    items = pd.read_parquet(sample_runs["a"] / "recommendations.parquet")
    speakers = [s for s in items[S.SPEAKER].fillna("") if s]
    names = {s.split(",")[0].strip() for s in speakers}
    names = {n for n in names if " " in n and not items[S.TEXT].str.contains(n, regex=False).any()}
    assert len(names) > 20
    known = speakers[0].split(",")[0].strip()  # a voter of the sample minutes, e.g. "Quan Thu Vân"
    raw = "".join(p.read_text(encoding="utf-8", errors="ignore") for p in sample_runs["sample"].rglob("*.txt"))
    assert known in raw or known in names
    for text in _all_text(sample_runs["a"]):
        assert not [n for n in names if n in text]
    docx, html, xlsx = _all_text(sample_runs["names"])
    for text in (docx, html, xlsx):
        assert known in text
        assert len([n for n in names if n in text]) == len(names)


# --------------------------------------------------------------------------- hostile text, helpers


def test_hostile_text_is_escaped_in_html_and_never_a_formula_in_xlsx(tmp_path):
    items, clusters, meetings = make_tables()
    hostile = {
        0: '"><img src=x onerror=alert(1)> đề nghị sửa đường',
        1: "@SUM(A1:A9) đề nghị hỗ trợ",
        3: "-2+3 đề nghị tăng trợ cấp",
        4: "=1+1",
    }
    items = items.assign(**{S.TEXT: [hostile.get(i, t) for i, t in enumerate(items[S.TEXT])]})
    items.loc[2, S.UNIT] = "Xã <b>Kim</b> & Phú"
    report.render_reports(items, clusters, meetings, make_cfg(show_names=True), tmp_path, "2026-11-05")
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<img" not in html and "<b>Kim</b>" not in html
    assert "&lt;b&gt;Kim&lt;/b&gt; &amp; Phú" in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    wb = openpyxl.load_workbook(tmp_path / "report.xlsx")
    strings = {c.value: c for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    for text in ("@SUM(A1:A9) đề nghị hỗ trợ", "-2+3 đề nghị tăng trợ cấp", "=1+1"):
        assert strings[text].data_type == "s"
    with zipfile.ZipFile(tmp_path / "report.xlsx") as z:
        assert not any("<f>" in z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))
    docx = "\n".join(docx_text(tmp_path / "report.docx"))
    assert "Xã <b>Kim</b> & Phú" in docx  # plain text in Word, escaped in its XML


def test_vietnamese_sort_order():
    units = ["Xã Yên Thịnh", "Xã Đồng Tiến", "Phường 10", "Xã Dương Quang", "Phường 2", "Xã Ân Thi", "Xã An Phú",
             "Xã Ăn Cư"]
    assert report.vi_sorted(units) == ["Phường 2", "Phường 10", "Xã An Phú", "Xã Ăn Cư", "Xã Ân Thi",
                                       "Xã Dương Quang", "Xã Đồng Tiến", "Xã Yên Thịnh"]
    assert report.vi_sorted(["Tạ", "Tá", "Tà", "Ta", "Tả", "Tã"]) == ["Ta", "Tà", "Tả", "Tã", "Tá", "Tạ"]
    items, clusters, meetings = make_tables()
    items.loc[0, S.UNIT] = "Xã Đồng Tiến"
    f = report.report_figures(items, clusters, meetings, make_cfg())
    units = [u["unit"] for u in f["by_unit"]]
    assert units.index("Xã Đồng Tiến") < units.index("Xã Kim Phú")


def test_nd30_date_zero_pads_days_and_january_february_only():
    import datetime as dt

    assert report.nd30_date(dt.date(2026, 11, 5)) == "ngày 05 tháng 11 năm 2026"
    assert report.nd30_date(dt.date(2026, 2, 15)) == "ngày 15 tháng 02 năm 2026"
    assert report.nd30_date(dt.date(2026, 3, 9)) == "ngày 09 tháng 3 năm 2026"


def test_default_round_leaves_a_blank_for_the_session():
    cfg = Config().replace(report={"date": "2026-11-05"})
    text = report.load_templates(cfg).text
    meta = report._meta(cfg, text, "")
    assert meta["subject"] == "Tổng hợp ý kiến, kiến nghị của cử tri trước Kỳ họp thứ ..."
    assert report._meta(make_cfg(), text, "")["subject"].endswith("trước Kỳ họp thứ Mười, Quốc hội khóa XV")


def test_chart_labels_wrap_instead_of_overflowing(rendered):
    long = "Nội vụ, tổ chức bộ máy, cán bộ, chế độ cán bộ thôn/xã, sắp xếp đơn vị hành chính"
    chart = report._bar_chart([(long, 3), ("Khác", 1)])
    lines = chart["bars"][0]["lines"]
    assert len(lines) == 2 and " ".join(lines) == long and all(len(x) <= 50 for x in lines)
    assert chart["bars"][1]["y"] >= chart["bars"][0]["y"] + 2 * chart["line_h"]  # the row grew
    assert chart["height"] == chart["bars"][1]["y"] + chart["bar_h"]
    html = (rendered["out"] / "report.html").read_text(encoding="utf-8")
    svgs = "".join(re.findall(r"<svg.*?</svg>", html, re.S))
    assert "<tspan" in svgs and "…" not in re.sub(r"<title>.*?</title>", "", svgs)


# --------------------------------------------------------------------------- generated XML


def test_search_key_equals_decomposing_the_whole_text():
    import unicodedata

    def by_definition(text):
        s = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
        return "".join(c for c in s if not unicodedata.combining(c)).lower()

    for text in ("Xã Đồng Tiến", "ĐƯỜNG HỒ CHÍ MINH", "e\u0301\u0323 a\u0323\u0301", "ǅ ﬃ İ ΑΣ", "Ⅻ 2C", ""):
        assert report.search_key(text) == by_definition(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text(alphabet="aĐđΣσςΑ'.-ǅİﬃ ̣́ \u0345xYz", max_size=6), min_size=1, max_size=4))
def test_search_key_of_joined_parts_is_the_parts_keys_joined(parts):
    """build_context keys each distinct text once and joins the keys: the same as keying the join."""
    assert report.search_key(" ".join(parts)) == " ".join(map(report.search_key, parts))


def test_html_context_lookup_matches_jinja():
    env = report._Environment(undefined=jinja2.StrictUndefined)
    plain = jinja2.Environment(undefined=jinja2.StrictUndefined)
    source = "{{ s.label }}|{{ s['items'] | length }}|{{ s.items is callable }}|{{ s.get('label') }}"
    s = {"label": "Giao thông", "items": [1, 2]}
    assert env.from_string(source).render(s=s) == plain.from_string(source).render(s=s) == "Giao thông|2|True|Giao thông"
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ s.missing }}").render(s=s)


def test_written_xml_reads_back_as_the_data(tmp_path):
    """Item paragraphs, tables and workbook cells are written as XML strings: check that Word and
    Excel readers see the text, the run formatting and the cell types python-docx/openpyxl gave."""
    items, clusters, meetings = make_tables()
    awkward = "  Đề nghị <sửa> đường & cầu \x07 \"Bản\" 'Nà'\tNgoa  "
    items.loc[6, S.TEXT] = awkward
    items.loc[6, S.SOURCE_REF] = "TXCT!R16\r\ndòng 2"
    items.loc[5, S.TEXT] = "Đề nghị " + "x" * 40000
    clusters = clusters.assign(representative_text=clusters["representative_text"].where(
        clusters[S.CLUSTER_ID] != "C4", awkward))
    report.render_reports(items, clusters, meetings, make_cfg(), tmp_path, "2026-11-05")

    doc = Document(tmp_path / "report.docx")
    para = next(p for p in doc.paragraphs if "<sửa>" in p.text)
    runs = para.runs
    assert re.fullmatch(r"\d+\.\d+\. ", runs[0].text)
    # (the control character is dropped after white space is collapsed, as before)
    assert [r.text for r in runs[1:]] == ["Đề nghị <sửa> đường & cầu  \"Bản\" 'Nà' Ngoa ",
                                          "(Cử tri xã Kim Phú) (2 lượt ý kiến)", "."]
    assert [bool(r.italic) for r in runs] == [False, False, True, False]
    assert para.style.name == "Cutri Body"
    annex = doc.tables[-1]
    cells = [c.text for row in annex.rows for c in row.cells]
    assert any(t.endswith("/\u200bbien_ban.xlsx\nTXCT!R16\n\ndòng 2") for t in cells)

    ws = openpyxl.load_workbook(tmp_path / "report.xlsx")["Tất cả kiến nghị"]
    header = [c.value for c in ws[1]]
    by_id = {r[1].value: r for r in ws.iter_rows(min_row=2)}
    text_col = header.index("Nội dung ý kiến, kiến nghị")
    assert by_id["R06"][text_col].value == "  Đề nghị <sửa> đường & cầu  \"Bản\" 'Nà'\tNgoa  "
    assert excel_text(by_id["R06"][header.index("Vị trí")].value) == "TXCT!R16\r\ndòng 2"
    assert by_id["R05"][text_col].value == ("Đề nghị " + "x" * 40000)[:32767]
    assert isinstance(by_id["R06"][0].value, int) and by_id["R06"][0].data_type == "n"
    assert "Độ tin cậy lĩnh vực" not in header and "Cần rà soát" not in header  # no model internals


def test_html_failing_midway_replaces_no_report(tmp_path):
    """report.html is streamed to a temp file; a template error halfway leaves the old three files as they were."""
    items, clusters, meetings = make_tables()
    out = tmp_path / "out"
    report.render_reports(items, clusters, meetings, make_cfg(), out, "2026-11-05")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    folder = tmp_path / "mau"
    shutil.copytree(report.TEMPLATES_DIR, folder)
    html = folder / report.HTML_TEMPLATE
    html.write_text(html.read_text(encoding="utf-8") + "{{ 1 // 0 }}", encoding="utf-8")  # fails at the very end
    with pytest.raises(ZeroDivisionError):
        report.render_reports(items, clusters, meetings, make_cfg(templates_dir=str(folder)), out, "2026-11-06",
                              jobs=2)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # same files, same bytes, no temp left


def test_streamed_html_is_the_rendered_page(tmp_path, monkeypatch):
    monkeypatch.setattr(report.html, "HTML_PIECE", 200)  # many pieces, as on a large round
    items, clusters, meetings = make_tables()
    cfg = make_cfg()
    tpl = report.load_templates(cfg)
    ctx = report.build_context(items, clusters, meetings, cfg, "2026-11-05", 0, tpl)
    report.write_html(ctx, tpl, tmp_path / "page.html")
    page = report.render_html(ctx, tpl)
    assert len(page) > 2000 and "<html" in page
    assert (tmp_path / "page.html").read_bytes() == page.encode("utf-8")


def test_reports_written_in_small_pieces_are_the_same_bytes(tmp_path, monkeypatch):
    """The docx annex and the xlsx sheets are joined, encoded and compressed piece by piece on large
    rounds; tiny pieces (many of them, as at 200,000 items) give the very same files."""
    items, clusters, meetings = make_tables()
    cfg = make_cfg()
    whole = report.render_reports(items, clusters, meetings, cfg, tmp_path / "whole", "2026-11-05")
    monkeypatch.setattr(report.base, "XML_PIECE_STRINGS", 5)
    monkeypatch.setattr(report.html, "HTML_PIECE", 100)
    pieces = report.render_reports(items, clusters, meetings, cfg, tmp_path / "pieces", "2026-11-05")
    for a, b in zip(whole, pieces):
        assert a.read_bytes() == b.read_bytes(), a.name
    with zipfile.ZipFile(pieces[0]) as z:
        assert z.testzip() is None and len(z.read("word/document.xml")) > 10_000


def test_items_raised_in_three_rounds_or_more_are_listed_in_docx_and_xlsx(tmp_path):
    """With a register, the recommendations raised in three rounds or more (issue 21) are a table in
    report.docx's summary and a sheet of report.xlsx, as they already were a list in report.html."""
    from pipeline.register.wording import report_context

    items, clusters, meetings = make_tables()
    clusters = clusters.assign(
        register_id=[f"KN{i:05d}" for i in range(len(clusters))],
        times_raised=[4, 1, 3, 2] + [1] * (len(clusters) - 4),
        previous_rounds=["Kỳ họp thứ 7; Kỳ họp thứ 8; Kỳ họp thứ 9", "", "Kỳ họp thứ 8; Kỳ họp thứ 9",
                         "Kỳ họp thứ 9"] + [""] * (len(clusters) - 4),
        status="")
    register = report_context(clusters, {})
    report.render_reports(items, clusters, meetings, make_cfg(), tmp_path, "2026-11-05", register=register)
    refs = dict(zip(*[report.consolidated_items(items, clusters, make_cfg())[c] for c in ("cluster_id", "ref")]))
    c1, c3 = clusters[S.CLUSTER_ID][0], clusters[S.CLUSTER_ID][2]

    doc = Document(tmp_path / "report.docx")
    title = "Các kiến nghị cử tri đã nêu từ ba kỳ trở lên"
    assert title in [p.text for p in doc.paragraphs]
    table = next(t for t in doc.tables if t.rows[0].cells[-1].text == "Các kỳ trước đã nêu")
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert [r[1] for r in rows] == [refs[c1], refs[c3]]  # most rounds first
    assert rows[0][3] == "4" and rows[0][4] == "Kỳ họp thứ 7, thứ 8, thứ 9"
    body = "\n".join(p.text for p in doc.paragraphs)
    assert rows[1][3] == "3" and rows[1][2].endswith(".") and rows[1][2][:-1] in body  # the text of its item
    assert len(rows) == 2  # an item raised twice is not listed

    wb = openpyxl.load_workbook(tmp_path / "report.xlsx")
    sheet = list(wb[report.SHEET_RECURRING].iter_rows(values_only=True))
    assert sheet[0] == ("Mục trong báo cáo", "Mã kiến nghị tổng hợp", "Mã sổ theo dõi", "Nội dung kiến nghị",
                        "Số kỳ đã nêu", "Các kỳ trước đã nêu")
    assert [(r[0], r[1], r[2], r[4], r[5]) for r in sheet[1:]] == [
        (refs[c1], c1, "KN00000", 4, "Kỳ họp thứ 7, thứ 8, thứ 9"), (refs[c3], c3, "KN00002", 3, "Kỳ họp thứ 8, thứ 9")]
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert title in html


def test_no_register_no_recurring_sheet(rendered):
    wb = openpyxl.load_workbook(rendered["out"] / "report.xlsx")
    assert report.SHEET_RECURRING not in wb.sheetnames


def test_opinion_counts_of_consolidated_reports_are_honoured(tmp_path):
    """Items read from a consolidated report carry n_opinions ("(3 lượt ý kiến)", issue 16): every count of
    opinions in the three files sums it; a missing or unreadable value counts one, as a table without
    the column does."""
    items, clusters, meetings = make_tables()
    n_op = [3, 1, None, 2, 1, 4, 1, 1, 1, 5]  # the last row is not a recommendation: never counted
    items = items.assign(n_opinions=pd.array(n_op, dtype="Int64"))
    weight = items["n_opinions"].fillna(1).astype(int).clip(lower=1)
    active = ~items[S.NOT_RECOMMENDATION]
    cfg = make_cfg()
    f = report.report_figures(items, clusters, meetings, cfg)
    assert f["n_items"] == int(weight[active].sum()) == 15 and f["n_records"] == 9
    assert f["n_answered"] == int(weight[active & items[S.ANSWERED]].sum()) == 5
    assert f["n_central_items"] == int(weight[active & (items[S.AUTHORITY] == S.CENTRAL)].sum())
    by_unit = weight[active].groupby(items[S.UNIT][active]).sum().to_dict()
    assert {u["unit"]: u["n_items"] for u in f["by_unit"]} == by_unit
    by_sector = weight[active].groupby(items[S.SECTOR][active]).sum().to_dict()
    assert {s["sector"]: s["n_items"] for s in f["by_sector"]} == by_sector
    cons = report.consolidated_items(items, clusters, cfg).set_index("cluster_id")
    assert cons.loc["C1", "n_items"] == 3 + 1 + 1 and cons.loc["C4", "n_answered"] == 4

    out = tmp_path / "out"
    report.render_reports(items, clusters, meetings, cfg, out, "2026-11-05")
    docx, html, xlsx = (_docx_counts(out / "report.docx"), _html_counts(out / "report.html"),
                        _xlsx_counts(out / "report.xlsx"))
    for counts in (docx, html, xlsx):
        assert counts["n_items"] == counts["unit_items"] == 15
        assert counts["by_unit"] == by_unit
    assert docx["body_opinions"] == xlsx["body_opinions"] == 15  # "(5 lượt ý kiến)" after C1
    text = "\n".join(docx_text(out / "report.docx"))
    assert "Xã Tân Lập (5 ý kiến)" in text  # the annex heading of the unit: 3 + 2
    assert "75 tuổi (2 lượt ý kiến)." in text  # the annex row of R03 (the body says "(Cử tri xã Tân Lập)" between)
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "Xem 15 ý kiến theo đơn vị" in page
    sheet = openpyxl.load_workbook(out / "report.xlsx")["Tất cả kiến nghị"]
    header = [c.value for c in sheet[1]]
    rows = {r[1]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    col = header.index("Số lượt ý kiến")
    assert rows["R00"][col] == 3 and rows["R02"][col] == 1 and rows["R05"][col] == 4

    # without the column: one opinion per row, and no extra column
    plain = report.report_figures(items.drop(columns=["n_opinions"]), clusters, meetings, cfg)
    assert plain["n_items"] == plain["n_records"] == 9
