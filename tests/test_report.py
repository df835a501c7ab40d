"""report.render_reports / report_figures: the three outputs agree with the data and each other."""

from __future__ import annotations

import re
import zipfile
from html.parser import HTMLParser

import openpyxl
import pandas as pd
import pytest
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
            self.sources += 1
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


def test_docx_nd30_header_layout_and_font(rendered):
    path = rendered["out"] / "report.docx"
    doc = Document(path)
    header = [p.text for cell in doc.tables[0].rows[0].cells for p in cell.paragraphs]
    assert "ĐOÀN ĐBQH VÀ HĐND TỈNH TUYÊN QUANG" in header
    assert any(t.startswith("Số:") and t.endswith("/BC-ĐĐBQH") for t in header)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header
    assert "Độc lập - Tự do - Hạnh phúc" in header
    assert "Tuyên Quang, ngày 05 tháng 11 năm 2026" in header
    title = [p.text for p in doc.paragraphs]
    assert "BÁO CÁO" in title
    assert "Tổng hợp ý kiến, kiến nghị của cử tri trước Kỳ họp thứ Mười, Quốc hội khóa XV" in title
    sec = doc.sections[0]
    assert abs(sec.page_width - Cm(21)) < Cm(0.01) and abs(sec.page_height - Cm(29.7)) < Cm(0.01)
    assert abs(sec.top_margin - Cm(2)) < Cm(0.01) and abs(sec.bottom_margin - Cm(2)) < Cm(0.01)
    assert abs(sec.left_margin - Cm(3)) < Cm(0.01)
    assert Cm(1.5) - Cm(0.01) <= sec.right_margin <= Cm(2) + Cm(0.01)
    normal = doc.styles["Normal"].font
    assert normal.name == "Times New Roman" and normal.size == Pt(13)
    body = doc.styles["Cutri Body"].paragraph_format
    assert Cm(1) <= body.first_line_indent <= Cm(1.27) + Cm(0.01)
    assert 1.15 <= body.line_spacing <= 1.5
    # bold issuer and national title
    runs = {r.text: r for cell in doc.tables[0].rows[0].cells for p in cell.paragraphs for r in p.runs}
    assert runs["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"].bold
    assert runs["ĐOÀN ĐBQH VÀ HĐND TỈNH TUYÊN QUANG"].bold
    assert runs["Tuyên Quang, ngày 05 tháng 11 năm 2026"].italic
    lines = docx_text(path)
    assert "Nơi nhận:" in lines and "TM. ĐOÀN ĐẠI BIỂU QUỐC HỘI" in lines and "Lê Thị Minh Hà" in lines


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
    assert "2 ý kiến đã được chuyên viên rà soát" in text
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
    assert [c.text for c in annex.rows[0].cells][:3] == ["STT", "Đơn vị", "Nội dung ý kiến, kiến nghị"]
    assert len(annex.rows) - 1 == f["n_items"]
    assert annex.rows[1].cells[5].text.startswith("Phường Hưng Thành/bien_ban.xlsx")


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


def test_two_renders_are_byte_identical(tmp_path):
    items, clusters, meetings = make_tables()
    cfg = make_cfg()
    a = report.render_reports(items, clusters, meetings, cfg, tmp_path / "a", "2026-11-05")
    b = report.render_reports(items, clusters, meetings, cfg, tmp_path / "b", "2026-11-05")
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
    assert [c.text for c in Document(tmp_path / "report.docx").tables[-1].rows[0].cells][2] == "Cử tri"


def test_missing_meeting_figures_and_default_metadata(tmp_path):
    items, clusters, meetings = make_tables()
    meetings = meetings.assign(voters_attending=float("nan"), speaking_turns=float("nan"), date=None)
    cfg = Config().replace(report={"date": "2026-03-09"})
    report.render_reports(items, clusters, meetings, cfg, tmp_path, "2026-11-05")
    lines = docx_text(tmp_path / "report.docx")
    text = "\n".join(lines)
    assert "..., ngày 09 tháng 03 năm 2026" in lines
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
