"""report.render_reports: the three outputs agree with the data and each other; the bundled sample
through the CLI; hostile text; generated XML. Split from test_report.py."""

from __future__ import annotations

import re
import shutil
import zipfile

import jinja2
import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from docx import Document

from pipeline import report
from pipeline import schemas as S
from pipeline.config import Config

from report_helpers import (  # noqa: F401  (rendered: a fixture)
    _all_text, docx_text, excel_text, make_cfg, make_tables, parse_html, rendered,
)


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
