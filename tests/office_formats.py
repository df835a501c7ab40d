"""Builders of minutes in the other formats offices hold (PDF, .odt, .ods, .doc), written
by code: realistic Vietnamese minutes with their truth (the requests each must yield)."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

# --------------------------------------------------------------------------- content
PDF_UNIT = "Xã Định Tân"
PDF_LINES = [
    "ỦY BAN NHÂN DÂN XÃ ĐỊNH TÂN",
    "BIÊN BẢN",
    "Hội nghị tiếp xúc cử tri của đại biểu HĐND huyện",
    "Thời gian: 8 giờ ngày 14 tháng 11 năm 2026, tại nhà văn hóa thôn Đông.",
    "Số cử tri tham dự: 86 người.",
    "Ý kiến, kiến nghị của cử tri:",
    "1. Cử tri Lê Văn Bình (thôn Đông) đề nghị nâng cấp tuyến đường liên thôn Đông - Tây đã xuống cấp nghiêm trọng.",
    "2. Bà Nguyễn Thị Hoa (thôn Tây) kiến nghị lắp thêm đèn chiếu sáng tại ngã ba chợ Định Tân.",
    "3. Cử tri Trịnh Văn Hải (thôn Nam) đề nghị nạo vét kênh tiêu úng trước mùa mưa bão.",
    "Trả lời:",
    "Đồng chí Chủ tịch UBND xã tiếp thu và sẽ báo cáo huyện bố trí vốn sửa đường trong năm 2027.",
    "Trên đây là biên bản hội nghị tiếp xúc cử tri xã Định Tân.",
    "Nơi nhận:",
    "- Thường trực HĐND huyện;",
    "- Lưu: VT.",
]
PDF_TRUTH = [
    "nâng cấp tuyến đường liên thôn Đông - Tây",
    "lắp thêm đèn chiếu sáng tại ngã ba chợ Định Tân",
    "nạo vét kênh tiêu úng trước mùa mưa bão",
]

ODT_UNIT = "Phường Minh Xuân"
ODT_INTRO = [
    "UBND PHƯỜNG MINH XUÂN",
    "BIÊN BẢN TỔNG HỢP Ý KIẾN, KIẾN NGHỊ CỬ TRI",
    "Hội nghị ngày 20/11/2026 tại hội trường tổ dân phố số 3.",
]
ODT_TABLE = [
    ["STT", "Họ tên cử tri", "Nội dung kiến nghị", "Ý kiến trả lời tại hội nghị"],
    ["1", "Ông Phạm Văn Long", "Đề nghị sửa chữa cống thoát nước trên phố Trần Phú bị tắc gây ngập khi mưa.",
     "UBND phường sẽ khảo sát và sửa trong quý I năm 2027."],
    ["2", "Bà Đỗ Thị Mai", "Kiến nghị tăng cường kiểm tra an toàn thực phẩm tại chợ Minh Xuân.", ""],
    ["3", "Ông Hoàng Văn Tú", "Đề nghị sớm cấp giấy chứng nhận quyền sử dụng đất cho các hộ tổ dân phố số 5.", ""],
]
ODT_TRUTH = ["cống thoát nước trên phố Trần Phú", "an toàn thực phẩm tại chợ Minh Xuân",
             "giấy chứng nhận quyền sử dụng đất"]

ODS_ROWS = [
    ["STT", "Đơn vị", "Nội dung kiến nghị", "Ghi chú"],
    ["1", "Xã Yên Phú", "Đề nghị đầu tư xây mới trạm y tế xã Yên Phú đã xuống cấp.", ""],
    ["2", "Xã Yên Phú", "Kiến nghị hỗ trợ giống lúa cho các hộ bị thiệt hại do lũ.", ""],
    ["", "", "Trả lời: UBND huyện đã có kế hoạch hỗ trợ giống trong vụ xuân.", ""],
    ["3", "Xã Yên Thọ", "Đề nghị kiên cố hóa kênh mương nội đồng thôn Thọ Sơn.", ""],
]
ODS_TRUTH = ["trạm y tế xã Yên Phú", "hỗ trợ giống lúa", "kênh mương nội đồng thôn Thọ Sơn"]


# --------------------------------------------------------------------------- PDF
def unicode_font() -> Path | None:
    """A TrueType font with Vietnamese glyphs: the system's DejaVu/Liberation/Noto, or
    matplotlib's DejaVuSans when it is installed. None: PDF tests skip."""
    candidates = [Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
                  Path("/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf"),
                  Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
                  Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"),
                  Path("/Library/Fonts/Arial Unicode.ttf"), Path("C:/Windows/Fonts/arial.ttf")]
    try:
        import matplotlib

        candidates.append(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf")
    except ImportError:
        pass
    return next((p for p in candidates if p.is_file()), None)


def write_pdf(path: Path, lines: list[str], font: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("vn", fname=str(font))
    pdf.set_font("vn", size=11)
    pdf.add_page()
    for line in lines:
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def write_blank_pdf(path: Path, pages: int = 1) -> Path:
    """A PDF of pages without any text (what a scanner's image-only PDF reads as)."""
    from pypdf import PdfWriter

    w = PdfWriter()
    for _ in range(pages):
        w.add_blank_page(width=595, height=842)
    with open(path, "wb") as fh:
        w.write(fh)
    return path


# --------------------------------------------------------------------------- OpenDocument
_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
       'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
       'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.2"')


def _odf_zip(path: Path, mime: str, body: str) -> Path:
    content = f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {_NS}><office:body>{body}</office:body></office:document-content>'
    manifest = ('<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{mime}"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), mime)  # stored first, uncompressed, as ODF requires
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return path


def _cell(v: str) -> str:
    return f'<table:table-cell office:value-type="string"><text:p>{escape(v)}</text:p></table:table-cell>'


def write_odt(path: Path, paragraphs: list[str], table: list[list[str]] | None = None,
              after: list[str] = ()) -> Path:
    body = "".join(f"<text:p>{escape(p)}</text:p>" for p in paragraphs)
    if table:
        body += ('<table:table table:name="Bảng1"><table:table-column table:number-columns-repeated="'
                 f'{len(table[0])}"/>' + "".join("<table:table-row>" + "".join(_cell(v) for v in row)
                                               + "</table:table-row>" for row in table) + "</table:table>")
    body += "".join(f"<text:p>{escape(p)}</text:p>" for p in after)
    return _odf_zip(path, "application/vnd.oasis.opendocument.text", f"<office:text>{body}</office:text>")


def write_ods(path: Path, rows: list[list[str]], sheet: str = "Tổng hợp") -> Path:
    table = (f'<table:table table:name="{escape(sheet)}">' + "".join(
        "<table:table-row>" + "".join(_cell(v) if v else "<table:table-cell/>" for v in row) + "</table:table-row>"
        for row in rows) + "</table:table>")
    return _odf_zip(path, "application/vnd.oasis.opendocument.spreadsheet",
                    f"<office:spreadsheet>{table}</office:spreadsheet>")


# --------------------------------------------------------------------------- legacy .doc
def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def write_doc(path: Path, paragraphs: list[str], work: Path) -> Path:
    """A Word 97-2003 file made by LibreOffice from an .odt (needs soffice)."""
    work.mkdir(parents=True, exist_ok=True)
    src = write_odt(work / (path.stem + ".odt"), paragraphs)
    subprocess.run([soffice(), f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                    "--convert-to", "doc", "--outdir", str(work), str(src)],
                   check=True, timeout=180, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    shutil.move(str(work / (path.stem + ".doc")), path)
    return path
