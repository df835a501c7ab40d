"""Builders of the hostile inputs of issue 23 (bounded work per file, every visible word of a
.docx, text hygiene, names that are not UTF-8), all generated in code. The good inputs and
the builders of ``hostile_inputs`` are available here too."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from fixtures_ingest import MINUTES, make_xlsx
from hostile_inputs import *  # noqa: F401,F403 - the good inputs and earlier builders
from hostile_inputs import _replace_member

ROOT = Path(__file__).resolve().parents[1]

_MEASURE = (
    "import json, resource, subprocess, sys\n"
    "p = subprocess.run([sys.executable, '-m', 'cli', *sys.argv[1:]], capture_output=True)\n"
    "print(json.dumps({'code': p.returncode, 'out': p.stdout.decode('utf-8', 'replace'),\n"
    "                  'err': p.stderr.decode('utf-8', 'replace'),\n"
    "                  'peak_mb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))\n"
)


def run_cli(*args: str, env: dict | None = None) -> dict:
    """``cutri`` run in a fresh process tree (from the repository root): its exit code, output
    and peak resident memory (the largest of the CLI and every process it waited for)."""
    proc = subprocess.run([sys.executable, "-c", _MEASURE, *args], cwd=ROOT, capture_output=True,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})})
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.decode("utf-8", "replace"))
    return json.loads(proc.stdout)


# --------------------------------------------------------------------------- issue 23: bounded work per file
FAR_XLSX_ROWS = [
    ["UBND XÃ QUẢNG PHÚ"],
    ["STT", "Họ tên cử tri", "Nội dung kiến nghị"],
    [1, "Lê Văn Thành", "Đề nghị sửa chữa cầu treo bản Nà Lay trước mùa lũ."],
    [2, "Vi Thị Hạnh", "Đề nghị cấp nước sạch cho các hộ dân thôn Khe Mạ."],
]
FAR_XLSX_TEXTS = [FAR_XLSX_ROWS[2][2], FAR_XLSX_ROWS[3][2]]
_FAR = {
    # one real cell at the last place a sheet has
    "value": ("", '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>Ghi chú cuối trang tính</t></is></c></row>'),
    # a styled empty cell there (formatting applied to a whole sheet)
    "styled": ("", '<row r="1048576"><c r="XFD1048576" s="0"/></row>'),
    # a merged range stretching to it
    "merged": ('<mergeCells count="1"><mergeCell ref="E1:XFD1048576"/></mergeCells>', ""),
    # a dimension that claims the whole sheet
    "dimension": ("", ""),
}


def far_cell_xlsx(path: Path, kind: str = "value") -> Path:
    """A small good table whose sheet reaches XFD1048576 (see ``_FAR``): a dense grid would be
    17 billion cells."""
    make_xlsx(path, {"Quảng Phú": FAR_XLSX_ROWS})
    after, row = _FAR[kind]

    def grow(xml: bytes) -> bytes:
        x = xml.decode("utf-8")
        if kind == "dimension":
            import re

            x = re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:XFD1048576"', x)
        x = x.replace("</sheetData>", row + "</sheetData>" + after, 1)
        return x.encode("utf-8")

    _replace_member(path, "xl/worksheets/sheet1.xml", grow)
    return path


# --------------------------------------------------------------------------- issue 23: every visible word of a .docx
_WNS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_MCNS = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
VISIBLE_REQUESTS = {
    "plain": "nâng cấp đường liên thôn Đồng Chằm.",
    "inserted": "xây thêm phòng học cho trường mầm non thôn Gò Mít.",
    "block_control": "lắp đặt trạm biến áp cho xóm Bãi Sậy.",
    "inline_control": "sửa chữa nhà văn hóa thôn Nà Pò.",
    "smart_tag": "cắm mốc hành lang an toàn đường tỉnh 279.",
    "nested_table": "hỗ trợ giống cây trồng cho hộ nghèo thôn Khau Vai.",
    "text_box": "nạo vét kênh mương nội đồng xứ đồng Cửa Đình.",
}
HEADER_TEXT = "UBND XÃ TÂN HƯƠNG - Biên bản tiếp xúc cử tri trước kỳ họp thứ mười hai"
DELETED_TEXT = "giải tỏa chợ tạm đầu cầu."
COMMENT_TEXT = "Ghi chú của chuyên viên: kiểm tra lại số hộ."
FOOTNOTE_TEXT = "Số liệu do thôn Đồng Chằm cung cấp."


def _p(inner: str) -> str:
    return f"<w:p {_WNS}>{inner}</w:p>"


def _r(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def _turn(name: str) -> str:
    return _r(f"Cử tri {name} đề nghị: ")


def visible_words_docx(path: Path) -> Path:
    """Minutes whose requests sit where python-docx's ``text`` does not look: a tracked
    insertion, block and inline content controls, a smart tag, a table nested in a cell, a
    text box (written twice, as Word does: mc:Choice and mc:Fallback); a page header; plus a tracked deletion, a comment and a footnote that are not requests."""
    import docx
    from docx.oxml import parse_xml

    doc = docx.Document()
    doc.sections[0].header.paragraphs[0].text = HEADER_TEXT
    doc.add_paragraph("BIÊN BẢN HỘI NGHỊ TIẾP XÚC CỬ TRI XÃ TÂN HƯƠNG")
    doc.add_paragraph("II. Ý KIẾN, KIẾN NGHỊ CỦA CỬ TRI")
    body = doc.element.body
    sect = body[-1]
    v = VISIBLE_REQUESTS
    blocks = [
        _p(_turn("Nguyễn Văn An") + _r(v["plain"])),
        _p(_turn("Trần Thị Bích") + f'<w:ins w:id="1" w:author="Thư ký" w:date="2026-11-02T08:00:00Z">{_r(v["inserted"])}</w:ins>'),
        f'<w:sdt {_WNS}><w:sdtPr><w:alias w:val="Ý kiến"/></w:sdtPr><w:sdtContent>'
        f'{_p(_turn("Hà Văn Cường") + _r(v["block_control"]))}</w:sdtContent></w:sdt>',
        _p(_turn("Sầm Thị Dung") + f'<w:sdt><w:sdtPr/><w:sdtContent>{_r(v["inline_control"])}</w:sdtContent></w:sdt>'),
        _p(_turn("Lò Văn Dũng") + f'<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="place">'
           f'{_r(v["smart_tag"])}</w:smartTag>'),
        _p(_turn("Quàng Văn Ếch") + f'<w:del w:id="2" w:author="Thư ký" w:date="2026-11-02T08:00:00Z"><w:r><w:delText>'
           f'{DELETED_TEXT}</w:delText></w:r></w:del>' + _r("làm rãnh thoát nước bản Hon.")
           + '<w:commentRangeStart w:id="0"/><w:commentRangeEnd w:id="0"/>'
           '<w:r><w:commentReference w:id="0"/></w:r>'),
        f'<w:tbl {_WNS}><w:tblPr/><w:tblGrid><w:gridCol w:w="9000"/></w:tblGrid><w:tr><w:tc><w:tcPr/>'
        f'<w:tbl><w:tblPr/><w:tblGrid><w:gridCol w:w="8000"/></w:tblGrid><w:tr><w:tc><w:tcPr/>'
        f'{_p(_turn("Mai Thị Em") + _r(v["nested_table"]))}</w:tc></w:tr></w:tbl><w:p/></w:tc></w:tr></w:tbl>',
    ]
    box = (f'<w:txbxContent>{_p(_turn("Đinh Văn Phúc") + _r(v["text_box"]))}</w:txbxContent>')
    blocks.append(_p(
        f'<w:r><mc:AlternateContent {_MCNS}><mc:Choice Requires="wps"><w:drawing><wp:anchor '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><a:graphic '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData '
        'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp '
        f'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:txbx>{box}</wps:txbx>'
        '</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict>'
        f'<v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox>{box}</v:textbox></v:shape></w:pict>'
        '</mc:Fallback></mc:AlternateContent></w:r>'))
    for xml in blocks:
        sect.addprevious(parse_xml(xml))
    doc.add_paragraph("Hội nghị kết thúc lúc 11 giờ cùng ngày.")
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    _add_comment_and_footnote(path)
    return path


def _add_comment_and_footnote(path: Path) -> None:
    """A comments part (never read) and a footnotes part (listed in skipped.csv), raw XML."""
    ct = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "word/comments.xml": f'<w:comments {_WNS}><w:comment w:id="0" w:author="Chuyên viên">{_p(_r(COMMENT_TEXT))}'
                             "</w:comment></w:comments>",
        "word/footnotes.xml": f'<w:footnotes {_WNS}><w:footnote w:type="separator" w:id="-1">{_p("")}</w:footnote>'
                              f'<w:footnote w:id="1">{_p(_r(FOOTNOTE_TEXT))}</w:footnote></w:footnotes>',
    }
    _replace_member(path, "[Content_Types].xml", lambda x: x.replace(b"</Types>", (
        f'<Override PartName="/word/comments.xml" ContentType="{ct}.comments+xml"/>'
        f'<Override PartName="/word/footnotes.xml" ContentType="{ct}.footnotes+xml"/></Types>').encode()))
    _replace_member(path, "word/_rels/document.xml.rels", lambda x: x.replace(b"</Relationships>", (
        f'<Relationship Id="rIdC1" Type="{rel}/comments" Target="comments.xml"/>'
        f'<Relationship Id="rIdF1" Type="{rel}/footnotes" Target="footnotes.xml"/></Relationships>').encode()))
    with zipfile.ZipFile(path, "a") as z:
        for name, xml in parts.items():
            z.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml)


# --------------------------------------------------------------------------- issue 23: text hygiene
HYGIENE_REQUESTS = [
    "sửa chữa cống qua đường ĐH 09 bị vỡ.",  # its line holds a NUL byte
    "lắp biển báo “Đường cong nguy hiểm” ở dốc Khau Phạ.",  # the quotes are stray cp1252 bytes
    "bố trí trạm y tế lưu động cho bản Tà Xùa.",  # behind a right-to-left override
    "làm lại mặt đường thôn Pác Nặm.",  # zero-width spaces inside
]
BIDI_UNIT_LINE = "HỘI NGHỊ TIẾP XÚC CỬ TRI XÃ PHÚC\u202e LỘC"


def hygiene_txt(path: Path) -> Path:
    """UTF-8 minutes with one NUL byte, a line with stray cp1252 quotes, bidi and zero-width
    characters, and VT / FF / NEL / U+2028 / U+2029 between the meeting's lines."""
    r = HYGIENE_REQUESTS
    lines = [
        "BIÊN BẢN".encode(), BIDI_UNIT_LINE.encode(),
        "Hôm nay, ngày 02 tháng 11 năm 2026, tại nhà văn hóa xã.".encode(),
        "II. Ý KIẾN, KIẾN NGHỊ CỦA CỬ TRI".encode(),
        "Cử tri Hoàng Văn Tỉnh đề nghị: ".encode() + r[0].encode().replace(b"09", b"0\x009"),
        "Cử tri Giàng A Sử đề nghị: ".encode() + r[1].replace("“", "\x01").replace("”", "\x02").encode()
        .replace(b"\x01", b"\x93").replace(b"\x02", b"\x94"),
        ("Cử tri Thào Thị Mỷ đề nghị: \u202e" + r[2]).encode(),
        ("Cử tri Vàng Văn Páo đề nghị: " + r[3].replace(" mặt", "\u200b mặt\u200d")).encode(),
        "Hội nghị kết thúc lúc 11 giờ.".encode(),
    ]
    seps = [b"\n", "\u2028".encode(), b"\x0b", b"\x0c", "\x85".encode(), b"\r", "\u2029".encode(), b"\n"]
    data = lines[0]
    for sep, line in zip(seps, lines[1:]):
        data += sep + line
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def split_formula_xlsx(path: Path) -> Path:
    """A cell holding two dashed requests, the second with formula text after its lead."""
    return make_xlsx(path, {"Pác Nặm": [
        ["UBND XÃ PÁC NẶM"],
        ["STT", "Họ tên cử tri", "Nội dung kiến nghị"],
        [1, "Ma Văn Hùng", "- Đề nghị sửa đập tràn bản Khuổi Khe.\n- Đề nghị: =cmd|' /C calc'!A0"],
    ]})


# --------------------------------------------------------------------------- issue 23: names that are not UTF-8
WINDOWS_NAME = "Biên bản xã Đông Sơn.txt"


def windows_named_txt(folder: Path, name: str = WINDOWS_NAME, data: bytes | None = None) -> Path:
    """Good minutes under a name in Windows-1258 bytes, as unzipping a zip made on Windows
    leaves it (not valid UTF-8: Python holds it with surrogate escapes)."""
    import os

    from legacy import encode_cp1258

    folder.mkdir(parents=True, exist_ok=True)
    raw = os.path.join(os.fsencode(folder), encode_cp1258(name))
    with open(raw, "wb") as fh:
        fh.write("\n".join(MINUTES).encode("utf-8") if data is None else data)
    return Path(os.fsdecode(raw))
