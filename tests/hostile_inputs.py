"""Builders of hostile and broken input files (issue #8), all generated in code.

Each builder writes one file and returns its path. Good minutes to mix with
the bad ones come from ``good_txt`` / ``good_xlsx`` / ``good_docx``, whose
recommendations are listed in ``GOOD_TEXTS`` so a test can check that every
good row of the same run still reached the outputs.
"""

from __future__ import annotations

import io
import struct
import unicodedata
import zipfile
from pathlib import Path

from fixtures_ingest import MINUTES, MINUTES_TEXTS, make_docx, make_xls, make_xlsx
from legacy import encode_legacy

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# --------------------------------------------------------------------------- good inputs
GOOD_XLSX_ROWS = [
    ["UBND PHƯỜNG HÀ PHONG"],
    [],
    ["STT", "Họ tên cử tri", "Nội dung kiến nghị"],
    [1, "Đỗ Văn Long", "Đề nghị nạo vét cống thoát nước tổ 5 trước mùa mưa."],
    [2, "Phạm Thị Hoa", "Đề nghị lắp thêm đèn chiếu sáng ngõ 12 phố Chợ."],
]
GOOD_XLSX_TEXTS = [GOOD_XLSX_ROWS[3][2], GOOD_XLSX_ROWS[4][2]]
GOOD_DOCX_PARAGRAPHS = [
    "BIÊN BẢN HỘI NGHỊ TIẾP XÚC CỬ TRI XÃ NA RÌ",
    "II. Ý KIẾN, KIẾN NGHỊ CỦA CỬ TRI",
    "Cử tri Hoàng Văn Pảo, thôn Khuổi Lùng đề nghị: làm đường bê tông vào thôn Khuổi Lùng.",
]
GOOD_DOCX_TEXTS = ["làm đường bê tông vào thôn Khuổi Lùng."]
GOOD_TEXTS = MINUTES_TEXTS + GOOD_XLSX_TEXTS + GOOD_DOCX_TEXTS


def good_txt(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(MINUTES), encoding="utf-8")
    return path


def good_xlsx(path: Path) -> Path:
    return make_xlsx(path, {"Hà Phong": GOOD_XLSX_ROWS})


def good_docx(path: Path) -> Path:
    return make_docx(path, GOOD_DOCX_PARAGRAPHS)


def good_folder(folder: Path) -> Path:
    """Three good files (txt, xlsx, docx) whose texts are ``GOOD_TEXTS``."""
    good_txt(folder / "a_tot.txt")
    good_xlsx(folder / "a_tot.xlsx")
    good_docx(folder / "a_tot.docx")
    return folder


# --------------------------------------------------------------------------- broken or mislabelled
def zero_byte(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"")
    return path


def truncated_zip(path: Path) -> Path:
    """A real .xlsx or .docx cut in half (the central directory is gone)."""
    src = path.with_name("_src" + path.suffix)
    (good_xlsx if path.suffix == ".xlsx" else good_docx)(src)
    data = src.read_bytes()
    src.unlink()
    path.write_bytes(data[: len(data) // 2])
    return path


def crc_broken_zip(path: Path) -> Path:
    """A zip whose directory is intact but whose main part is damaged (bad data / CRC)."""
    src = path.with_name("_src" + path.suffix)
    (good_xlsx if path.suffix == ".xlsx" else good_docx)(src)
    target = "xl/worksheets/sheet1.xml" if path.suffix == ".xlsx" else "word/document.xml"
    with zipfile.ZipFile(src) as z:
        info = z.getinfo(target)
    data = bytearray(src.read_bytes())
    src.unlink()
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for k in range(start + 5, start + min(info.compress_size, 60)):
        data[k] ^= 0x5A
    path.write_bytes(bytes(data))
    return path


def _cfb(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE compound file (CFB v3) holding the given streams.

    Streams are padded to at least 4096 bytes so that they live in regular
    sectors (no mini stream). One FAT sector, one directory sector.
    """
    sec = 512
    ENDOFCHAIN, FREESECT, FATSECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    names = list(streams)
    assert len(names) <= 3
    blobs = [streams[n].ljust(4096, b"\0") for n in names]
    fat = [FATSECT, ENDOFCHAIN]
    starts = []
    for blob in blobs:
        n = -(-len(blob) // sec)
        first = len(fat)
        starts.append(first)
        fat += [first + k + 1 for k in range(n - 1)] + [ENDOFCHAIN]
    assert len(fat) <= 128
    fat += [FREESECT] * (128 - len(fat))

    def entry(name, kind, child=NOSTREAM, right=NOSTREAM, start=ENDOFCHAIN, size=0):
        raw = name.encode("utf-16-le") + b"\0\0" if name else b""
        return (raw.ljust(64, b"\0") + struct.pack("<HBB", len(raw), kind, 1)
                + struct.pack("<III", NOSTREAM, right, child) + b"\0" * 16 + b"\0" * 4 + b"\0" * 16
                + struct.pack("<IQ", start, size))

    # sibling order in CFB: shorter names first, so a right-leaning chain in that order is valid
    order = sorted(range(len(names)), key=lambda i: (len(names[i]), names[i].upper()))
    entries = [entry("Root Entry", 5, child=order[0] + 1)]
    for i, name in enumerate(names):
        pos = order.index(i)
        right = order[pos + 1] + 1 if pos + 1 < len(order) else NOSTREAM
        entries.append(entry(name, 2, right=right, start=starts[i], size=len(blobs[i])))
    while len(entries) < 4:
        entries.append(entry("", 0))
    header = (OLE_MAGIC + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, ENDOFCHAIN, 0, ENDOFCHAIN, 0)
              + struct.pack("<I", 0) + struct.pack("<I", FREESECT) * 108)
    assert len(header) == sec
    body = struct.pack("<128I", *fat) + b"".join(entries)
    return header + body + b"".join(blobs)


def encrypted_office(path: Path) -> Path:
    """What Excel or Word saves for a file with an opening password:
    an OLE container with "EncryptionInfo" and "EncryptedPackage" streams."""
    path.parent.mkdir(parents=True, exist_ok=True)
    info = struct.pack("<HHI", 4, 4, 0x40) + b"<?xml version=\"1.0\"?><encryption/>"
    package = struct.pack("<Q", 5000) + bytes((i * 37) % 251 for i in range(6000))
    path.write_bytes(_cfb({"EncryptionInfo": info, "EncryptedPackage": package}))
    return path


def ole_without_workbook(path: Path) -> Path:
    """An OLE container that is neither encrypted nor an Excel 97 workbook."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_cfb({"Contents": b"hello" * 100}))
    return path


def xlsx_named_xls(path: Path) -> Path:
    """A real .xlsx workbook saved under the .xls extension."""
    src = good_xlsx(path.with_name("_src.xlsx"))
    src.replace(path)
    return path


def xls_named_xlsx(path: Path) -> Path:
    """A real Excel 97 .xls workbook saved under the .xlsx extension."""
    src = make_xls(path.with_name("_src.xls"), GOOD_XLSX_ROWS, sheet="Hà Phong")
    src.replace(path)
    return path


def docx_named_xlsx(path: Path) -> Path:
    src = good_docx(path.with_name("_src.docx"))
    src.replace(path)
    return path


def binary_named_txt(path: Path) -> Path:
    """PNG-like binary content under a .txt name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 16)
    return path


def zip_named_txt(path: Path) -> Path:
    """A Word file renamed .txt (zip bytes, no NUL-free text)."""
    src = good_docx(path.with_name("_src.docx"))
    src.replace(path)
    return path


# --------------------------------------------------------------------------- awkward content
HUGE_CHARS = 200_000


def huge_cell_xlsx(path: Path) -> tuple[Path, str]:
    """One content cell of 200,000 characters (and a normal row after it)."""
    sentence = "Đề nghị sửa chữa tuyến đường liên thôn bị xuống cấp nghiêm trọng. "
    huge = (sentence * (HUGE_CHARS // len(sentence) + 1))[:HUGE_CHARS]
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["STT", "Họ tên cử tri", "Nội dung kiến nghị"])
    ws.append([1, "Ma Văn Tài", None])
    ws.append([2, "Lò Thị Nga", "Đề nghị tăng phụ cấp cho trưởng thôn bản."])
    cell = ws.cell(2, 3)
    cell._value, cell.data_type = huge, "s"  # openpyxl cuts longer text at Excel's 32,767 on assignment
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path, huge


def huge_line_txt(path: Path) -> tuple[Path, str]:
    body = "sửa chữa tuyến đường liên thôn bị xuống cấp nghiêm trọng và "
    huge = (body * (HUGE_CHARS // len(body) + 1))[:HUGE_CHARS]
    lines = MINUTES[:5] + [f"Cử tri Hà Văn Sơn, thôn Nà Lừa đề nghị: {huge}"] + MINUTES[6:]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path, huge


def formulas_xlsx(path: Path) -> Path:
    """A formula with a cached text result (read), one without any cached value, and =A1 style text."""
    import openpyxl

    from fixtures_ingest import set_cached_value

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["STT", "Họ tên cử tri", "Nội dung kiến nghị", "Ghi chú"])
    ws.append([1, "Ma Văn Tài", '=CONCATENATE("Đề nghị sửa ", "cầu treo Nà Mò.")', None])
    ws.append([2, "Lò Thị Nga", "=B2&C2", None])
    ws.append([3, "Đỗ Văn Long", "Đề nghị nạo vét kênh mương nội đồng.", None])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    set_cached_value(path, 1, "C2", "Đề nghị sửa cầu treo Nà Mò.")
    return path


def hidden_xlsx(path: Path) -> Path:
    """A visible sheet with a hidden row, and a hidden sheet holding one row."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Kim Sơn"
    ws.append(["STT", "Họ tên cử tri", "Nội dung kiến nghị"])
    ws.append([1, "Ma Văn Tài", "Đề nghị sửa cầu treo Nà Mò."])
    ws.append([2, "Lò Thị Nga", "Đề nghị tăng phụ cấp cho trưởng thôn bản."])
    ws.row_dimensions[3].hidden = True
    hidden = wb.create_sheet("Nháp")
    hidden.append(["STT", "Nội dung kiến nghị", "Ghi chú"])
    hidden.append([1, "Đề nghị làm sân thể thao thôn Bản Cuôn.", "chưa chốt"])
    hidden.sheet_state = "hidden"
    very = wb.create_sheet("Ẩn hẳn")
    very.append(["ghi chú riêng"])
    very.sheet_state = "veryHidden"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def headers_only_xlsx(path: Path) -> Path:
    return make_xlsx(path, {"Sheet1": [["TỔNG HỢP Ý KIẾN CỬ TRI XÃ YÊN PHÚ"], [],
                                       ["STT", "Họ tên cử tri", "Nội dung kiến nghị"]]})


NO_HEADER_ROWS = [["Ghi chép nhanh"], ["1", "Đề nghị sửa đường thôn 3."], ["2", "Hỏi về chế độ cho người có công."]]


def no_header_xlsx(path: Path) -> Path:
    return make_xlsx(path, {"Ghi chép": NO_HEADER_ROWS})


MIXED_UTF8 = [
    "BIÊN BẢN HỘI NGHỊ TIẾP XÚC CỬ TRI XÃ YÊN PHÚ",
    "II. Ý KIẾN, KIẾN NGHỊ CỦA CỬ TRI",
    "Cử tri Hà Văn Sơn, thôn Nà Lừa đề nghị: sửa chữa cống qua đường ĐH 07 bị vỡ.",
]
MIXED_TCVN3 = "Bà Ma Thị Huệ (thôn Bản Cuôn): Đề nghị cấp thẻ bảo hiểm y tế cho trẻ em dưới sáu tuổi đúng hạn."
MIXED_VNI = "Ông Lý Văn Đức, thôn Khuổi Lùng đề nghị: hỗ trợ giống lúa cho hộ nghèo sau lũ."
MIXED_TEXTS = [
    "sửa chữa cống qua đường ĐH 07 bị vỡ.",
    "Đề nghị cấp thẻ bảo hiểm y tế cho trẻ em dưới sáu tuổi đúng hạn.",
    "hỗ trợ giống lúa cho hộ nghèo sau lũ.",
]


def mixed_encodings_txt(path: Path) -> Path:
    """UTF-8 lines, then one line typed in TCVN3 and one in VNI, in one file."""
    data = ("\n".join(MIXED_UTF8) + "\n").encode("utf-8")
    data += encode_legacy(MIXED_TCVN3, "tcvn3") + b"\n" + encode_legacy(MIXED_VNI, "vni") + b"\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# --------------------------------------------------------------------------- hostile XML
BILLION_LAUGHS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + "]>\n"
)
XXE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
)


def _replace_member(path: Path, member: str, transform) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(path) as zin:
        assert member in zin.namelist(), zin.namelist()
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == member:
                data = transform(data)
            zout.writestr(info, data)
    path.write_bytes(buf.getvalue())


def _inject(prolog: str, entity: str):
    def transform(data: bytes) -> bytes:
        xml = data.decode("utf-8")
        body = xml[xml.index("?>") + 2:] if xml.startswith("<?xml") else xml
        # use the entity inside the first text node so that a parser that expands it would show it
        for tag in ("<w:t>", "<t>", "<v>"):
            if tag in body:
                body = body.replace(tag, tag + entity, 1)
                break
        else:
            raise AssertionError("no text node to put the entity in")
        return (prolog + body.lstrip()).encode("utf-8")

    return transform


def entity_bomb_docx(path: Path, kind: str = "laughs") -> Path:
    good_docx(path)
    prolog, ent = (BILLION_LAUGHS, "&lol9;") if kind == "laughs" else (XXE, "&xxe;")
    _replace_member(path, "word/document.xml", _inject(prolog, ent))
    return path


def entity_bomb_xlsx(path: Path, kind: str = "laughs") -> Path:
    good_xlsx(path)
    prolog, ent = (BILLION_LAUGHS, "&lol9;") if kind == "laughs" else (XXE, "&xxe;")
    _replace_member(path, "xl/worksheets/sheet1.xml", _inject(prolog, ent))
    return path


def zip_bomb_xlsx(path: Path, size: int = 300 * 1024 * 1024) -> Path:
    """A workbook with an extra member that inflates to ``size`` bytes of zeros."""
    good_xlsx(path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        with z.open("xl/media/padding.bin", "w", force_zip64=True) as fh:
            block = b"\0" * (1 << 20)
            for _ in range(size >> 20):
                fh.write(block)
    return path


# --------------------------------------------------------------------------- names
def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


# --------------------------------------------------------------------------- injection texts
INJECTION_TEXTS = [
    '=HYPERLINK("http://x.invalid","bấm vào đây") đề nghị sửa đường',
    "+84 912 345 678 là số của trưởng thôn, đề nghị liên hệ",
    "-1 hộ chưa được hỗ trợ, đề nghị rà soát lại danh sách",
    "@SUM(1+1) đề nghị kiểm tra lại bảng tính",
]
SCRIPT_TEXT = "<script>alert(1)</script> Đề nghị sửa đường liên thôn bị sạt lở."


def injection_xlsx(path: Path) -> Path:
    """Voter texts that look like formulas or HTML, stored as text cells."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["STT", "Họ tên cử tri", "Nội dung kiến nghị"])
    for k, text in enumerate(INJECTION_TEXTS + [SCRIPT_TEXT], start=1):
        ws.append([k, "=cmd|' /C calc'!A0" if k == 1 else "Cử tri", None])
        ws.cell(k + 1, 3).value = text
        ws.cell(k + 1, 3).data_type = "s"
        ws.cell(k + 1, 2).data_type = "s"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def dtd_after_long_comment_xlsx(path: Path) -> Path:
    """The DTD hidden after 70 KB of XML comment, beyond a quick look at the start of the part."""
    good_xlsx(path)
    prolog = '<?xml version="1.0"?>\n<!--' + "x" * 70_000 + "-->\n" + XXE.split("\n", 1)[1]
    _replace_member(path, "xl/worksheets/sheet1.xml", _inject(prolog, "&xxe;"))
    return path


def empty_xml_part_xlsx(path: Path) -> Path:
    """A workbook with an extra empty XML part (some tools write them); nothing hostile."""
    good_xlsx(path)
    with zipfile.ZipFile(path, "a") as z:
        z.writestr("customXml/item1.xml", b"")
    return path



# --------------------------------------------------------------------------- issue 23: remaining reading gaps
FAR_ROWS = [
    ["UBND XÃ QUẢNG PHÚ"],
    ["STT", "Họ tên cử tri", "Nội dung kiến nghị"],
    [1, "Lê Văn Thành", "Đề nghị sửa chữa cầu treo bản Nà Lay trước mùa lũ."],
    [2, "Vi Thị Hạnh", "Đề nghị cấp nước sạch cho các hộ dân thôn Khe Mạ."],
]
FAR_TEXTS = [FAR_ROWS[2][2], FAR_ROWS[3][2]]
FAR_NOTE = "Ghi chú cuối trang tính"


def far_cell_xls(path: Path) -> Path:
    """An Excel 97 workbook whose one sheet has a cell at IV65536, its last place: a dense
    grid is 65,536 rows × 256 columns."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Quảng Phú")
    for r, row in enumerate(FAR_ROWS):
        for c, v in enumerate(row):
            ws.write(r, c, v)
    ws.write(65535, 255, FAR_NOTE)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(str(path))
    return path


def far_cell_ods(path: Path, kind: str = "value") -> Path:
    """A .ods whose sheet reaches XFD1048576, written as LibreOffice does (repeated empty rows
    and cells): ``value`` has a real cell there, ``styled`` a styled empty area."""
    from xml.sax.saxutils import escape

    from office_formats import _odf_zip

    def cell(v):
        v = str(v)
        return f'<table:table-cell office:value-type="string"><text:p>{escape(v)}</text:p></table:table-cell>'

    body = "".join("<table:table-row>" + "".join(cell(v) for v in r) + "</table:table-row>" for r in FAR_ROWS)
    if kind == "value":
        body += ('<table:table-row table:number-rows-repeated="1048571"><table:table-cell '
                 'table:number-columns-repeated="16384"/></table:table-row><table:table-row><table:table-cell '
                 f'table:number-columns-repeated="16383"/>{cell(FAR_NOTE)}</table:table-row>')
    else:
        body += ('<table:table-row table:number-rows-repeated="1048572"><table:table-cell table:style-name="ce1" '
                 'table:number-columns-repeated="16384"/></table:table-row>')
    path.parent.mkdir(parents=True, exist_ok=True)
    return _odf_zip(path, "application/vnd.oasis.opendocument.spreadsheet",
                    f'<office:spreadsheet><table:table table:name="Quảng Phú">{body}</table:table></office:spreadsheet>')


FOOTER_TEXT = "hỗ trợ làm nhà cho hộ nghèo thôn Nà Mò."
CELL_TEXT = "Đề nghị sửa trạm y tế xã Yên Thuận."


def footer_and_cell_chunk_docx(path: Path) -> Path:
    """Minutes with a request in the page footer and an embedded document (altChunk) inside a
    table cell, beside the cell's own text."""
    import docx
    from docx.oxml import parse_xml

    doc = docx.Document()
    doc.add_paragraph("BIÊN BẢN HỘI NGHỊ TIẾP XÚC CỬ TRI XÃ YÊN THUẬN")
    doc.add_paragraph("II. Ý KIẾN, KIẾN NGHỊ CỦA CỬ TRI")
    t = doc.add_table(rows=2, cols=3)
    for c, v in zip(t.rows[0].cells, ["STT", "Họ tên cử tri", "Nội dung kiến nghị"]):
        c.text = v
    for c, v in zip(t.rows[1].cells, ["1", "Hoàng Thị Lan", CELL_TEXT]):
        c.text = v
    t.rows[1].cells[2]._tc.append(parse_xml(
        '<w:altChunk xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rIdAlt1"/>'))
    doc.sections[0].footer.paragraphs[0].text = f"Cử tri Nông Văn Sinh, thôn Nà Mò đề nghị: {FOOTER_TEXT}"
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    return path


ESCAPED_ROWS = [
    ["STT", "Họ tên cử tri", "Nội dung kiến nghị"],
    [1, "Nguyễn Văn An", "Đề nghị sửa đường thôn Nà Ngoa._x000B_Đề nghị làm cầu treo qua suối Khuổi Luông."],
    [2, "Trần Thị Bình", "Đề nghị cấp nước sạch_x0009_cho tổ 5._x000C_"],
]


def escaped_controls_xlsx(path: Path) -> Path:
    """Cells holding control characters as Excel stores them in its XML (``_x000B_``: a vertical
    tab from Alt+Enter in some versions, ``_x0009_`` a tab, ``_x000C_`` a form feed)."""
    return make_xlsx(path, {"Yên Thuận": ESCAPED_ROWS})
