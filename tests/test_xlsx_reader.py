""".xlsx read by python-calamine gives exactly the sheets openpyxl gives.

``pipeline.ingest._load_xlsx`` reads workbooks with python-calamine
(``_load_xlsx_calamine``) and falls back on openpyxl (``_load_xlsx_openpyxl``, the
reading of before) for workbooks calamine cannot read or may read differently.
These tests compare the two real readers, ``_Sheet`` for ``_Sheet`` and value for
value with its type, on every workbook the test suite builds or ships, and on
workbooks made for each kind of cell where the two libraries differ.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

import hostile_inputs as H
from fixtures_ingest import make_xlsx, set_cached_value
from legacy import to_legacy
from pipeline import ingest as I
from pipeline.errors import FileReject

ROOT = Path(__file__).resolve().parent.parent
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def typed(sheets: list[I._Sheet]) -> list:
    """The sheets with the type of every value, so that 1 and 1.0, None and '' differ."""
    return [(s.name, s.hidden, s.merges, [[(type(v).__name__, v) for v in row] for row in s.grid]) for s in sheets]


def assert_calamine_reads_as_openpyxl(path: Path) -> None:
    """calamine's reading is taken (no fallback) and equals openpyxl's."""
    ref = I._load_xlsx_openpyxl(path)
    got = I._load_xlsx_calamine(path)  # _NotExact here would mean the workbook goes to openpyxl
    assert typed(got) == typed(ref)
    assert typed(I._load_xlsx(path)) == typed(ref)


def assert_goes_to_openpyxl(path: Path) -> None:
    """calamine declines the workbook, and ``_load_xlsx`` gives openpyxl's reading."""
    with pytest.raises(Exception):  # noqa: B017 - _NotExact, or calamine's own error
        I._load_xlsx_calamine(path)
    assert typed(I._load_xlsx(path)) == typed(I._load_xlsx_openpyxl(path))


# --------------------------------------------------------------------------- package surgery
def rewrite_part(path: Path, member: str, edit) -> None:
    """Replace the XML part ``member`` by ``edit(text)``."""
    with zipfile.ZipFile(path) as z:
        parts = [(info, z.read(info.filename)) for info in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in parts:
            if info.filename == member:
                new = edit(data.decode("utf-8"))
                assert new != data.decode("utf-8"), f"nothing changed in {member}"
                data = new.encode("utf-8")
            z.writestr(info, data)


def set_cell_xml(path: Path, sheet_index: int, ref: str, xml: str) -> None:
    """Replace the <c> element of cell ``ref`` by ``xml`` (the cell must exist)."""
    pattern = re.compile(rf'<c r="{ref}"(?:[^>]*/>|[^>]*>.*?</c>)', re.S)
    rewrite_part(path, f"xl/worksheets/sheet{sheet_index}.xml", lambda x: pattern.sub(lambda m: xml, x, count=1))


def as_shared_strings(src: Path, dst: Path) -> Path:
    """The same workbook with its text in a shared string table, as Excel and LibreOffice
    write it (openpyxl writes inline strings)."""
    strings: dict[str, int] = {}
    cell = re.compile(r'<c r="([A-Z]+[0-9]+)"((?: s="[0-9]+")?) t="inlineStr"><is><t(?: xml:space="preserve")?>(.*?)</t></is></c>', re.S)

    def to_index(m):
        k = strings.setdefault(m.group(3), len(strings))
        return f'<c r="{m.group(1)}"{m.group(2)} t="s"><v>{k}</v></c>'

    with zipfile.ZipFile(src) as z:
        parts = {info.filename: z.read(info.filename) for info in z.infolist()}
    for name in [n for n in parts if n.startswith("xl/worksheets/sheet")]:
        parts[name] = cell.sub(to_index, parts[name].decode("utf-8")).encode("utf-8")
    sst = "".join(f'<si><t xml:space="preserve">{t}</t></si>' if t != t.strip(" \t\r\n") else f"<si><t>{t}</t></si>"
                  for t in strings)
    parts["xl/sharedStrings.xml"] = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{MAIN_NS}" '
                                     f'count="{len(strings)}" uniqueCount="{len(strings)}">{sst}</sst>').encode("utf-8")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", (
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument'
        b'.spreadsheetml.sharedStrings+xml"/></Types>'))
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(b"</Relationships>", (
        b'<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'sharedStrings" Target="sharedStrings.xml"/></Relationships>'))
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return dst


# --------------------------------------------------------------------------- workbooks of the suite
def _sample_round(folder: Path) -> list[Path]:
    sys.path.insert(0, str(ROOT / "scripts"))
    import sample_round

    sample_round.generate_round(folder, n_units=6, n_items=60, formats=("xlsx",), units_per_workbook=3)
    return sorted(folder.rglob("*.xlsx"))


def _test_ingest_books(folder: Path) -> list[Path]:
    """The workbooks tests/test_ingest.py builds (same layouts)."""
    title = [["ỦY BAN MTTQ VIỆT NAM"], ["XÃ KIM SƠN"], ["TỔNG HỢP Ý KIẾN, KIẾN NGHỊ CỦA CỬ TRI"],
             ["(Hội nghị tiếp xúc cử tri ngày 15 tháng 10 năm 2026)"], []]
    header = [["STT", "Cử tri", None, "Nội dung ý kiến, kiến nghị", "Lĩnh vực", "Thẩm quyền", "Ghi chú"],
              [None, "Họ và tên", "Địa chỉ", None, None, None, None]]
    data = [[1, "Ma Văn Tài", "thôn Bản Pác", "Đề nghị sửa cầu treo Nà Mò.", "Giao thông", "Địa phương", None],
            [2, "Lò Thị Nga", None, "- Đề nghị tăng phụ cấp trưởng thôn.", "Nội vụ", "Trung ương", "Đã trả lời"]]
    books = [
        make_xlsx(folder / "kien_nghi.xlsx",
                  {"Kim Sơn": title + header + data, "Ha Phong": H.GOOD_XLSX_ROWS, "Nháp": [["STT", "Nội dung"], [1, "x"]]},
                  merges={"Kim Sơn": ["A6:A7", "B6:C6", "D6:D7", "E6:E7", "F6:F7", "G6:G7", "A3:G3"]}, hidden=("Nháp",)),
        make_xlsx(folder / "tong_hop.xlsx", {"Tong hop": [
            ["TONG HOP Y KIEN CU TRI"], [], ["STT", "Don vi", "Ho ten cu tri", "Noi dung kien nghi", "Ghi chu"],
            [1, "xã Phúc Hòa", "Hà Văn Hải", "Đề nghị xây kè chống sạt lở bờ sông Lô.", None],
            [2, None, "Vũ Thị Lan", "Đề nghị hỗ trợ giống ngô lai.", "Da giai trinh tai hoi nghi"],
            [3, "PHƯỜNG LAM SƠN", "", "Đề nghị lắp đèn tín hiệu ngã tư chợ.", None]]}, merges={"Tong hop": ["B4:B5"]}),
        make_xlsx(folder / "hai_trang.xlsx", {"Sheet1": [["BẢNG TỔNG HỢP"], [], [], ["STT", "Họ và tên", "Nội dung"],
                                                         [1, "Phạm Thị Dung", "Đề nghị mở rộng ngõ 45."]],
                                              "Ghi chú": [["XÃ TÂN LẬP"], ["Không có kiến nghị mới."]]}),
    ]
    f = make_xlsx(folder / "f.xlsx", {"Sheet1": [["XÃ AN PHÚ"], ["STT", "Nội dung kiến nghị"],
                                                 ["=ROW()-2", '=CONCATENATE("Đề nghị nạo vét ", "kênh Soi Đúng.")'],
                                                 ["=ROW()-2", "=1+1"]]})
    set_cached_value(f, 1, "B3", "Đề nghị nạo vét kênh Soi Đúng.")
    books.append(f)
    for enc in ("tcvn3", "vni"):
        books.append(make_xlsx(folder / f"th_{enc}.xlsx", {"Yên Phú": [
            [to_legacy(v, enc) if isinstance(v, str) else v for v in row] for row in H.GOOD_XLSX_ROWS]}))
    return books


def _hostile_books(folder: Path) -> list[Path]:
    """The workbooks of the hostile-input corpus that reach the .xlsx reader."""
    folder.mkdir(parents=True, exist_ok=True)
    books = [H.good_xlsx(folder / "good.xlsx"), H.huge_cell_xlsx(folder / "huge.xlsx")[0],
             H.formulas_xlsx(folder / "formulas.xlsx"), H.hidden_xlsx(folder / "hidden.xlsx"),
             H.headers_only_xlsx(folder / "headers.xlsx"), H.no_header_xlsx(folder / "no_header.xlsx"),
             H.injection_xlsx(folder / "injection.xlsx"), H.empty_xml_part_xlsx(folder / "empty_part.xlsx"),
             H.xlsx_named_xls(folder / "renamed.xls"),
             H.good_xlsx(folder / H.nfc("Phường Hà Phong") / H.nfc("tổng hợp ý kiến.xlsx"))]
    return books


SUITE = {
    "shipped": lambda folder: sorted((ROOT / "data" / "raw").rglob("*.xlsx")),
    "sample_round": _sample_round,
    "test_ingest": _test_ingest_books,
    "hostile": _hostile_books,
}


@pytest.mark.parametrize("corpus", list(SUITE))
def test_calamine_reads_the_suites_workbooks_as_openpyxl(tmp_path, corpus):
    books = SUITE[corpus](tmp_path)
    assert books
    for path in books:
        assert_calamine_reads_as_openpyxl(path)
        assert_calamine_reads_as_openpyxl(as_shared_strings(path, tmp_path / f"sst_{path.stem}.xlsx"))


# --------------------------------------------------------------------------- every kind of cell
def cells_workbook(path: Path) -> Path:
    """One workbook with the cells where calamine and openpyxl differ by default."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Kiến nghị"
    # the table starts at C4: empty leading rows and columns
    ws["C4"], ws["D4"], ws["E4"], ws["F4"] = "STT", "Họ tên", "Nội dung kiến nghị", "Số liệu"
    ints = [12, 0, -7, 912345678, 84912345678, 2**53 - 1, 10**15]
    floats = [1.5, 0.25, -0.001, 1e-7, 123456.789]
    for k, v in enumerate(ints + floats + [True, False], start=5):
        ws.cell(k, 3, k - 4)
        ws.cell(k, 4, "Cử tri  Hà Văn Sơn ")  # trailing spaces: xml:space="preserve"
        ws.cell(k, 5, f"Đề nghị số {k}:\nsửa đường thôn Nà Lừa;\r\n tổ 5")
        ws.cell(k, 6, v)
    ws["F10"].number_format = "0%"
    ws["F11"].number_format = "#,##0"
    ws["E22"] = "=ROW()"            # formula saved without a value: None for openpyxl
    ws["F22"] = '=VLOOKUP(A1,B:C,2,0)'
    ws["E23"] = "=A1/0"             # becomes an error value with its formula, below
    ws["F23"] = "=NA()"
    ws["E24"] = "=1+1"              # becomes a cached number
    ws["F24"] = '="a"&"b"'          # becomes a cached string
    ws["E25"] = "x"                 # becomes an error without formula
    ws["F25"] = "x"                 # becomes a formula whose text result is empty
    ws["E26"] = "  "
    ws["F26"] = "\t tab"
    # merged ranges: a two-row header, a single cell, ranges reaching beyond the data,
    # a range whose hidden cells hold values (LibreOffice keeps them)
    ws["C2"] = "TIÊU ĐỀ GỘP"
    for ref in ("C2:F2", "C3:C3", "H30:J31", "D40:D45", "A50:B50", "G5:G9", "E27:F28"):
        ws.merge_cells(ref)
    ws["E27"] = "ô gộp"
    # styled empty cells beyond the data: the grid reaches them
    ws["L3"].font = Font(bold=True)
    ws["K60"].fill = PatternFill("solid", fgColor="FFFF00")
    ws["C61"].border = Border(top=Side(style="thin"))
    ws["D62"].alignment = Alignment(wrap_text=True)
    ws["N7"].comment = Comment("ghi chú ngoài bảng", "cutri")  # openpyxl creates cells with a comment
    ws["E5"].comment = Comment("ghi chú trong bảng", "cutri")
    ws.row_dimensions[70].height = 30  # a row with a height but no cell: not part of the grid
    ws.column_dimensions["Q"].width = 40

    hidden = wb.create_sheet("Ẩn")
    hidden.append(["STT", "Nội dung kiến nghị"])
    hidden.append([1, "Đề nghị làm sân thể thao."])
    hidden.sheet_state = "hidden"
    very = wb.create_sheet("Ẩn hẳn")
    very["B2"] = "ghi chú riêng"
    very.sheet_state = "veryHidden"
    chart = wb.create_chartsheet("Biểu đồ")
    bar = BarChart()
    bar.add_data(Reference(ws, min_col=6, min_row=5, max_row=9))
    chart.add_chart(bar)
    wb.create_sheet("Trống")
    only_merges = wb.create_sheet("Chỉ ô gộp")
    only_merges.merge_cells("B2:D3")
    only_styles = wb.create_sheet("Chỉ định dạng")
    only_styles["E9"].font = Font(italic=True)
    only_comment = wb.create_sheet("Chỉ ghi chú")
    only_comment["C3"].comment = Comment("một ghi chú", "cutri")
    wb.create_sheet("Sau biểu đồ").append(["STT", "Nội dung kiến nghị"])
    wb.move_sheet("Biểu đồ", offset=-3)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)

    set_cell_xml(path, 1, "E23", '<c r="E23" t="e"><f>A1/0</f><v>#DIV/0!</v></c>')
    set_cell_xml(path, 1, "F23", '<c r="F23" t="e"><f>NA()</f><v>#N/A</v></c>')
    set_cell_xml(path, 1, "E24", '<c r="E24"><f>1+1</f><v>2</v></c>')
    set_cell_xml(path, 1, "F24", '<c r="F24" t="str"><f>"a"&amp;"b"</f><v>ab</v></c>')
    set_cell_xml(path, 1, "E25", '<c r="E25" t="e"><v>#REF!</v></c>')
    set_cell_xml(path, 1, "F25", '<c r="F25" t="str"><f>""</f><v></v></c>')
    # a value in a merged cell other than the first (openpyxl drops it)
    rewrite_part(path, "xl/worksheets/sheet1.xml",
                 lambda x: x.replace('<row r="7">', '<row r="7"><c r="G7" t="inlineStr"><is><t>ẩn dưới ô gộp</t></is></c>', 1)
                 if '<c r="G7"' not in x else x.replace('<c r="G7"/>', '<c r="G7" t="inlineStr"><is><t>ẩn</t></is></c>'))
    return path


def test_calamine_reads_every_kind_of_cell_as_openpyxl(tmp_path):
    path = cells_workbook(tmp_path / "o.xlsx")
    ref = I._load_xlsx_openpyxl(path)
    # what openpyxl gives, and so what calamine must give
    names = [s.name for s in ref]
    assert names == ["Kiến nghị", "Ẩn", "Ẩn hẳn", "Trống", "Chỉ ô gộp", "Chỉ định dạng", "Chỉ ghi chú", "Sau biểu đồ"]
    assert [s.hidden for s in ref] == [False, True, True, False, False, False, False, False]
    main = ref[0]
    assert (len(main.grid), len(main.grid[0])) == (62, 14)  # styled cells and merged ranges count, the row height not
    col = [row[5] for row in main.grid[4:18]]
    assert col == [12, 0, -7, 912345678, 84912345678, 2**53 - 1, 10**15, 1.5, 0.25, -0.001, 1e-7, 123456.789,
                   True, False]
    assert [type(v) for v in col[:7]] == [int] * 7
    assert main.grid[21][4:6] == [None, None]
    assert main.grid[22][4:6] == ["#DIV/0!", "#N/A"]
    assert main.grid[23][4:6] == [2, "ab"]
    assert main.grid[24][4:6] == ["#REF!", None]
    assert main.grid[25][4:6] == ["  ", "\t tab"]
    assert main.grid[6][6] is None  # the value under the merged range G5:G9
    assert (ref[3].grid, ref[4].grid, len(ref[5].grid), len(ref[6].grid)) == ([], [[None] * 4] * 3, 9, 3)
    assert_calamine_reads_as_openpyxl(path)
    assert_calamine_reads_as_openpyxl(as_shared_strings(path, tmp_path / "sst.xlsx"))


def test_merged_ranges_come_in_openpyxls_order(tmp_path):
    refs = [f"{c}{r}:{c}{r + 1}" for r in range(1, 60, 3) for c in "ACEGIKMOQSUWY"]
    path = make_xlsx(tmp_path / "m.xlsx", {"Sheet1": [["x"] * 26 for _ in range(60)]}, merges={"Sheet1": refs})
    ref = I._load_xlsx_openpyxl(path)
    assert len(ref[0].merges) == len(refs)
    assert ref[0].merges != sorted(ref[0].merges)  # a set's order: neither sorted nor as written
    assert_calamine_reads_as_openpyxl(path)


# --------------------------------------------------------------------------- what goes to openpyxl
def _dates(path: Path) -> None:
    make_xlsx(path, {"Sheet1": [["STT", "Ngày", "Giờ", "Lúc", "Thời lượng", "Nội dung kiến nghị"],
                                [1, dt.date(2026, 10, 5), dt.time(8, 30), dt.datetime(2026, 10, 5, 8, 30, 15),
                                 dt.timedelta(hours=30), "Đề nghị sửa đường."]]})


def _custom_date_format(path: Path) -> None:
    """A format openpyxl takes for a date and calamine does not ("*" repeats the next character)."""
    wb = openpyxl.Workbook()
    wb.active["A1"] = 46300
    wb.active["A1"].number_format = "*d0"
    wb.save(path)


def _am_pm_format(path: Path) -> None:
    """A format calamine takes for a time and openpyxl does not."""
    wb = openpyxl.Workbook()
    wb.active["A1"] = 0.5
    wb.active["A1"].number_format = "0 A/P"
    wb.save(path)


def _iso_date(path: Path) -> None:
    make_xlsx(path, {"Sheet1": [["STT", "x"]]})
    set_cell_xml(path, 1, "B1", '<c r="B1" t="d"><v>2026-10-05T08:30:00</v></c>')


def _number_with_point(path: Path) -> None:
    make_xlsx(path, {"Sheet1": [[1, 2]]})
    set_cell_xml(path, 1, "A1", '<c r="A1" t="n"><v>1.0</v></c>')
    set_cell_xml(path, 1, "B1", '<c r="B1" t="n"><v>1E3</v></c>')


def _huge_integer(path: Path) -> None:
    make_xlsx(path, {"Sheet1": [[1]]})
    set_cell_xml(path, 1, "A1", '<c r="A1" t="n"><v>12345678901234567890</v></c>')


def _escaped_character(path: Path) -> None:
    make_xlsx(path, {"Sheet1": [["STT", "Nội dung kiến nghị"], [1, "x"]]})
    set_cell_xml(path, 1, "B2", '<c r="B2" t="inlineStr"><is><t>Đề nghị_x000D_ sửa đường</t></is></c>')


def _untrimmed_text(path: Path) -> None:
    make_xlsx(path, {"Sheet1": [["STT", "Nội dung kiến nghị"], [1, "x"]]})
    set_cell_xml(path, 1, "B2", '<c r="B2" t="inlineStr"><is><t> Đề nghị sửa đường&#10;</t></is></c>')


def _empty_shared_string(path: Path) -> None:
    src = make_xlsx(path.with_name("_src.xlsx"), {"Sheet1": [["STT", "Nội dung kiến nghị"], [1, "x"]]})
    as_shared_strings(src, path)
    rewrite_part(path, "xl/sharedStrings.xml", lambda x: x.replace("<si><t>x</t></si>", "<si><t/></si>"))


def _hyperlink_on_empty_cell(path: Path) -> None:
    """openpyxl writes the link's target into an empty cell that has a hyperlink."""
    make_xlsx(path, {"Sheet1": [["STT", "x"]]})
    rewrite_part(path, "xl/worksheets/sheet1.xml", lambda x: x.replace(
        "<pageMargins", '<hyperlinks><hyperlink ref="B3" location="Sheet1!A1" display="bien ban"/></hyperlinks><pageMargins'))


def _number_with_spaces(path: Path) -> None:
    """openpyxl reads " 12" as 12, calamine fails on it."""
    make_xlsx(path, {"Sheet1": [[1, 2]]})
    set_cell_xml(path, 1, "A1", '<c r="A1" t="n"><v> 12</v></c>')


def _boolean_as_word(path: Path) -> None:
    make_xlsx(path, {"Sheet1": [[True, "x"]]})
    set_cell_xml(path, 1, "A1", '<c r="A1" t="b"><v>true</v></c>')


def _cell_attributes_reordered(path: Path) -> None:
    make_xlsx(path, {"Sheet1": [["STT", "x"]]})
    set_cell_xml(path, 1, "B1", '<c t="inlineStr" r="B1"><is><t>x</t></is></c>')


def _reversed_merge(path: Path) -> None:
    make_xlsx(path, {"Sheet1": [["STT", "x"]]})
    rewrite_part(path, "xl/worksheets/sheet1.xml",
                 lambda x: x.replace("</sheetData>", '</sheetData><mergeCells count="1"><mergeCell ref="B2:A1"/></mergeCells>'))


def _damaged_sheet_xml(path: Path) -> None:
    make_xlsx(path, {"Sheet1": [["STT", "x"]]})
    rewrite_part(path, "xl/worksheets/sheet1.xml", lambda x: x.replace("</sheetData>", "<row></sheetData>"))


DECLINED = {
    "dates": _dates, "custom_date_format": _custom_date_format, "am_pm_format": _am_pm_format,
    "iso_date": _iso_date, "number_with_point": _number_with_point, "huge_integer": _huge_integer,
    "escaped_character": _escaped_character, "untrimmed_text": _untrimmed_text,
    "empty_shared_string": _empty_shared_string, "hyperlink_on_empty_cell": _hyperlink_on_empty_cell,
    "boolean_as_word": _boolean_as_word, "cell_attributes_reordered": _cell_attributes_reordered,
    "reversed_merge": _reversed_merge, "damaged_sheet_xml": _damaged_sheet_xml,
    "number_with_spaces": _number_with_spaces,
}


@pytest.mark.parametrize("case", list(DECLINED))
def test_workbooks_calamine_may_read_differently_go_to_openpyxl(tmp_path, case):
    path = tmp_path / f"{case}.xlsx"
    DECLINED[case](path)
    try:
        sheets = I._load_xlsx_openpyxl(path)
        for sh in sheets:  # what _load_xlsx does after either reader: "_x000D_" is a CR (issue 23)
            I._decode_control_escapes(sh.grid)
        expected = typed(sheets)
    except FileReject as exc:
        expected = exc
    with pytest.raises(Exception):  # noqa: B017 - _NotExact, or calamine's own error
        I._load_xlsx_calamine(path)
    if isinstance(expected, FileReject):
        with pytest.raises(FileReject) as got:
            I._load_xlsx(path)
        assert str(got.value) == str(expected)
    else:
        assert typed(I._load_xlsx(path)) == expected


def test_openpyxl_values_of_the_declined_cells(tmp_path):
    """What the fallback keeps: the cases above really differ between the two readers."""
    _dates(tmp_path / "d.xlsx")
    row = I._load_xlsx(tmp_path / "d.xlsx")[0].grid[1]
    assert row[1:5] == [dt.datetime(2026, 10, 5), dt.time(8, 30), dt.datetime(2026, 10, 5, 8, 30, 15),
                        dt.timedelta(hours=30)]
    _escaped_character(tmp_path / "e.xlsx")
    assert I._load_xlsx_openpyxl(tmp_path / "e.xlsx")[0].grid[1][1] == "Đề nghị_x000D_ sửa đường"
    assert I._load_xlsx(tmp_path / "e.xlsx")[0].grid[1][1] == "Đề nghị\r sửa đường"  # decoded (issue 23)
    _hyperlink_on_empty_cell(tmp_path / "h.xlsx")
    assert I._load_xlsx(tmp_path / "h.xlsx")[0].grid[2][1] == "Sheet1!A1"
    _huge_integer(tmp_path / "n.xlsx")
    assert I._load_xlsx(tmp_path / "n.xlsx")[0].grid[0][0] == 12345678901234567890


def test_a_file_calamine_fails_on_gets_openpyxls_reject_message(tmp_path):
    # a cell pointing past the shared string table: calamine raises its own error
    src = make_xlsx(tmp_path / "src.xlsx", {"Sheet1": [["STT", "Nội dung kiến nghị"], [1, "Đề nghị sửa đường."]]})
    path = as_shared_strings(src, tmp_path / "bad_index.xlsx")
    set_cell_xml(path, 1, "B2", '<c r="B2" t="s"><v>99</v></c>')
    with pytest.raises(Exception) as failed:  # noqa: B017
        I._load_xlsx_calamine(path)
    assert type(failed.value).__name__ == "CalamineError"
    with pytest.raises(FileReject) as got:
        I._load_xlsx(path)
    assert str(got.value) == "tệp Excel bị hỏng hoặc không phải .xlsx (IndexError)"  # openpyxl's, as before
    # broken sheet XML, and a Word file under .xlsx (a sound zip without a workbook)
    _damaged_sheet_xml(tmp_path / "broken.xlsx")
    for path in (tmp_path / "broken.xlsx", H.docx_named_xlsx(tmp_path / "word.xlsx")):
        with pytest.raises(FileReject) as before:
            I._load_xlsx_openpyxl(path)
        with pytest.raises(FileReject) as got:
            I._load_xlsx(path)
        assert str(got.value) == str(before.value)
        assert str(got.value).startswith("tệp Excel bị hỏng hoặc không phải .xlsx (")


@pytest.mark.parametrize("build", [H.truncated_zip, H.crc_broken_zip, H.entity_bomb_xlsx, H.dtd_after_long_comment_xlsx,
                                   lambda p: H.zip_bomb_xlsx(p, size=16 << 20)])
def test_damaged_and_hostile_packages_are_refused_before_either_reader(tmp_path, build):
    path = tmp_path / "b.xlsx"
    build(path)
    with pytest.raises(FileReject) as got:
        I._load_xlsx(path)
    with pytest.raises(FileReject) as checked:
        I.check_office_zip(path, "Excel")
    assert str(got.value) == str(checked.value)


def test_renamed_copy_is_read_alike(tmp_path):
    """calamine reads from the bytes, whatever the name (a .xlsx saved as .xls)."""
    src = cells_workbook(tmp_path / "a.xlsx")
    renamed = tmp_path / "a.xls"
    shutil.copy(src, renamed)
    assert typed(I._load_xlsx_calamine(renamed)) == typed(I._load_xlsx_openpyxl(src))
