"""Writers of the sample round's Word and Excel minutes (split out of sample_round.py).

Every file is written byte-identically for the same seed: Office zips get fixed entry times and
core properties.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import sample_texts as T

SECTOR_NAMES = {
    "nong_nghiep": "Nông nghiệp", "dat_dai_moi_truong": "Đất đai, môi trường", "giao_thong": "Giao thông",
    "xay_dung_do_thi": "Xây dựng, đô thị", "cong_thuong": "Công thương", "tai_chinh_dau_tu": "Tài chính",
    "lao_dong_xa_hoi": "Lao động, xã hội", "y_te": "Y tế", "giao_duc": "Giáo dục",
    "van_hoa_the_thao_du_lich": "Văn hóa, thể thao", "noi_vu": "Nội vụ", "an_ninh_tu_phap": "An ninh, tư pháp",
    "khoa_hoc_cong_nghe_thong_tin": "Thông tin, viễn thông", "dan_toc_ton_giao": "Dân tộc, tôn giáo",
    "quoc_hoi_phap_luat": "Hoạt động Quốc hội", "khac": "Khác",
}
AUTHORITY_NAMES = {"trung_uong": "Trung ương", "dia_phuong": "Địa phương"}


def _person(rng: random.Random) -> tuple[str, str]:
    if rng.random() < 0.55:
        return "Ông", f"{rng.choice(T.SURNAMES)} {rng.choice(T.MIDDLE_M)} {rng.choice(T.GIVEN_M)}"
    return "Bà", f"{rng.choice(T.SURNAMES)} {rng.choice(T.MIDDLE_F)} {rng.choice(T.GIVEN_F)}"


def _write_docx(path: Path, lines: list[str]) -> None:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    _fix_core_properties(document.core_properties)
    document.save(str(path))
    _stable_zip(path)


def _stable_zip(path: Path) -> None:
    """Rewrite an Office zip with fixed entry times and save date, so regeneration is byte-identical."""
    import zipfile

    with zipfile.ZipFile(path) as zin:
        entries = [(info.filename, zin.read(info.filename)) for info in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in entries:
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2026-10-20T08:00:00Z", data)
            zout.writestr(zipfile.ZipInfo(name, date_time=(2026, 10, 20, 8, 0, 0)), data, zipfile.ZIP_DEFLATED)


def _fix_core_properties(props) -> None:
    import datetime as dt

    stamp = dt.datetime(2026, 10, 20, 8, 0, 0)
    props.created = stamp
    props.modified = stamp
    props.last_modified_by = "cutri"
    props.author = "cutri"


# --------------------------------------------------------------------------- Excel layouts
def _xlsx_sheets(path: Path, units: list[Unit], rng: random.Random, date) -> list[tuple[Unit, list[Item]]]:
    """One sheet per unit: title block, merged two-row header on rows 6-7."""
    import openpyxl
    from openpyxl.styles import Alignment, Font

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    out = []
    day, month, year = date
    for unit in units:
        ws = wb.create_sheet(unit.short[:31])
        ws["A1"] = "ỦY BAN MTTQ VIỆT NAM"
        ws["A2"] = unit.name.upper()
        ws["A3"] = "TỔNG HỢP Ý KIẾN, KIẾN NGHỊ CỦA CỬ TRI"
        ws["A4"] = f"(Hội nghị tiếp xúc cử tri ngày {day} tháng {month} năm {year})"
        for ref, value in {"A6": "STT", "B6": "Cử tri", "B7": "Họ và tên", "C7": "Địa chỉ",
                           "D6": "Nội dung ý kiến, kiến nghị", "E6": "Lĩnh vực", "F6": "Thẩm quyền giải quyết",
                           "G6": "Ghi chú"}.items():
            ws[ref] = value
            ws[ref].font = Font(bold=True)
            ws[ref].alignment = Alignment(wrap_text=True, horizontal="center")
        for rng_ref in ("A6:A7", "B6:C6", "D6:D7", "E6:E7", "F6:F7", "G6:G7", "A3:G3"):
            ws.merge_cells(rng_ref)
        r = 8
        for it in unit.items:
            _, name = _person(rng)
            it.answered = rng.random() < 0.12
            ws.cell(r, 1, f"=ROW()-7")
            ws.cell(r, 2, name)
            ws.cell(r, 3, rng.choice(unit.villages))
            ws.cell(r, 4, it.text).alignment = Alignment(wrap_text=True)
            ws.cell(r, 5, SECTOR_NAMES[it.sector])
            ws.cell(r, 6, AUTHORITY_NAMES[it.authority])
            if it.answered:
                ws.cell(r, 7, "Đã trả lời tại hội nghị")
            r += 1
        ws.column_dimensions["D"].width = 70
        out.append((unit, list(unit.items)))
    _fix_core_properties(wb.properties)
    wb.save(path)
    _stable_zip(path)
    return out


def _xlsx_summary(path: Path, units: list[Unit], rng: random.Random, date) -> list[tuple[Unit, list[Item]]]:
    """One summary sheet, headers without diacritics, unit cells merged down each block."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Tong hop"
    ws["A1"] = "TONG HOP Y KIEN, KIEN NGHI CUA CU TRI"
    ws["A2"] = f"Dot tiep xuc cu tri thang {date[1]} nam {date[2]}"
    for c, value in enumerate(["STT", "Don vi", "Ho ten cu tri", "Dia chi", "Noi dung kien nghi", "Ghi chu"], 1):
        ws.cell(4, c, value)
    r, stt = 5, 0
    out = []
    for unit in units:
        first = r
        for it in unit.items:
            stt += 1
            _, name = _person(rng)
            ws.cell(r, 1, stt)
            ws.cell(r, 3, name)
            ws.cell(r, 4, rng.choice(unit.villages))
            ws.cell(r, 5, it.text)
            if rng.random() < 0.1:
                it.answered = True
                ws.cell(r, 6, "Đã giải trình tại hội nghị")
            r += 1
        ws.cell(first, 2, f"{unit.kind} {unit.short}")  # "xã Phúc Hòa": lower-case kind, as typed
        if r - 1 > first:
            ws.merge_cells(start_row=first, start_column=2, end_row=r - 1, end_column=2)
        out.append((unit, list(unit.items)))
    _fix_core_properties(wb.properties)
    wb.save(path)
    _stable_zip(path)
    return out


def _xls_table(path: Path, unit: Unit, rng: random.Random, date) -> list[tuple[Unit, list[Item]]]:
    """.xls: content column second, group rows by authority, blank rows, a total row."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Sheet1")
    ws.write(0, 0, f"UBND {unit.name.upper()}")
    ws.write(1, 0, "DANH SÁCH Ý KIẾN, KIẾN NGHỊ CỦA CỬ TRI")
    ws.write(2, 0, f"(Tiếp xúc cử tri ngày {date[0]:02d}/{date[1]:02d}/{date[2]})")
    for c, value in enumerate(["TT", "Nội dung kiến nghị", "Họ tên cử tri", "Thôn, xóm", "Thẩm quyền"]):
        ws.write(4, c, value)
    r = 5
    ordered = []
    groups = [("I. THẨM QUYỀN ĐỊA PHƯƠNG", "dia_phuong"), ("II. THẨM QUYỀN TRUNG ƯƠNG", "trung_uong")]
    for title, auth in groups:
        members = [it for it in unit.items if it.authority == auth]
        if not members:
            continue
        ws.write(r, 0, title)
        r += 1
        for k, it in enumerate(members, 1):
            _, name = _person(rng)
            ws.write(r, 0, k)
            ws.write(r, 1, it.text)
            ws.write(r, 2, name)
            ws.write(r, 3, rng.choice(unit.villages))
            ws.write(r, 4, AUTHORITY_NAMES[auth])
            ordered.append(it)
            r += 1
            if rng.random() < 0.15:
                r += 1  # a blank row, as clerks leave them
        r += 1
    ws.write(r, 0, "Tổng cộng")
    ws.write(r, 1, f"{len(ordered)} kiến nghị")
    wb.save(str(path))
    return [(unit, ordered)]


# --------------------------------------------------------------------------- round
