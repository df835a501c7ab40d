"""Builders of small input files for the ingest tests (workbooks, Word, text).

Everything is written in code with openpyxl, xlwt and python-docx, so the tests
show exactly what each layout looks like.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path


def make_xlsx(path: Path, sheets: dict[str, list[list]], *, merges: dict[str, list[str]] | None = None,
              hidden: tuple[str, ...] = ()) -> Path:
    """Workbook with one sheet per entry; rows are lists of cell values from A1."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    ws.cell(r, c, value)
        for ref in (merges or {}).get(name, []):
            ws.merge_cells(ref)
        if name in hidden:
            ws.sheet_state = "hidden"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def set_cached_value(path: Path, sheet_index: int, cell: str, value: str) -> None:
    """Give a formula cell a cached string result, as Excel would have saved it.

    openpyxl writes formulas without results; this rewrites the sheet XML.
    """
    tmp = path.with_suffix(".tmp")
    name = f"xl/worksheets/sheet{sheet_index}.xml"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == name:
                xml = data.decode("utf-8")
                pattern = re.compile(rf'<c r="{cell}"([^>]*)><f>(.*?)</f><v\s*/?>(?:</v>)?</c>')
                assert pattern.search(xml), xml[:500]
                xml = pattern.sub(lambda m: f'<c r="{cell}" t="str"><f>{m.group(2)}</f><v>{value}</v></c>', xml)
                data = xml.encode("utf-8")
            zout.writestr(info, data)
    shutil.move(tmp, path)


def make_xls(path: Path, rows: list[list], sheet: str = "Sheet1") -> Path:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet(sheet)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                ws.write(r, c, value)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(str(path))
    return path


def make_docx(path: Path, paragraphs: list[str], tables: list[tuple[int, list[list[str]]]] = ()) -> Path:
    """Word file; each table is (insert after paragraph index, rows of cell texts)."""
    import docx

    document = docx.Document()
    at = {pos: rows for pos, rows in tables}
    for i, text in enumerate(paragraphs):
        document.add_paragraph(text)
        if i in at:
            rows = at[i]
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


# A short set of minutes used by several tests (unit in the header, three turns).
MINUTES = [
    "BIÊN BẢN",
    "HỘI NGHỊ TIẾP XÚC CỬ TRI XÃ YÊN PHÚ",
    "Hôm nay, ngày 05 tháng 10 năm 2026, tại Hội trường UBND xã.",
    "Số cử tri tham dự: 95 người.",
    "II. Ý KIẾN, KIẾN NGHỊ CỦA CỬ TRI",
    "Cử tri Hà Văn Sơn, thôn Nà Lừa đề nghị: sửa chữa cống qua đường ĐH 07 bị vỡ.",
    "Bà Ma Thị Huệ (thôn Bản Cuôn): Đề nghị cấp thẻ BHYT cho trẻ em dưới 6 tuổi đúng hạn.",
    "Ông Lý Văn Đức, Chủ tịch UBND xã giải trình: xã đã báo cáo huyện.",
    "Hội nghị kết thúc lúc 10 giờ 30.",
]
MINUTES_TEXTS = [
    "sửa chữa cống qua đường ĐH 07 bị vỡ.",
    "Đề nghị cấp thẻ BHYT cho trẻ em dưới 6 tuổi đúng hạn.",
]
