"""Choosing a reader from a file's bytes, and safety checks of Office packages."""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from ..errors import FileReject

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_UNZIPPED_BYTES = 1 << 30  # 1 GiB of parts in one workbook or Word file
MAX_RATIO = 200  # a part that inflates more than 200× (and above 10 MB) is a zip bomb
_XML_PARTS = (".xml", ".rels", ".vml")
_OLE_SCAN = 8 << 20
_PASSWORD_HINT = ("tệp được đặt mật khẩu (đã mã hóa), không đọc được; hãy mở tệp, bỏ mật khẩu "
                  "(Tệp → Thông tin → Bảo vệ → Mã hóa bằng mật khẩu, xóa mật khẩu) rồi lưu lại")


def _ole_streams(head: bytes) -> set[str]:
    """Names of the well-known streams present in an OLE compound file (by their UTF-16 names)."""
    names = ("EncryptedPackage", "EncryptionInfo", "Workbook", "Book", "WordDocument")
    return {n for n in names if n.encode("utf-16-le") + b"\0\0" in head}


def sniff_format(path: Path) -> str | None:
    """What the bytes of a file are, whatever its extension.

    "xlsx" / "docx" (Office zip packages), "zip" (another or a damaged zip),
    "encrypted" (Office file with an opening password), "xls" (Excel 97),
    "doc" (Word 97), "ole" (another OLE file), or None (anything else, e.g. text).
    """
    with open(path, "rb") as fh:
        head = fh.read(8)
        if head.startswith(OLE_MAGIC):
            fh.seek(0)
            data = fh.read(_OLE_SCAN)  # the directory of an OLE file is usually near the start
            streams = _ole_streams(data)
            if "EncryptedPackage" in streams:
                return "encrypted"
            if streams & {"Workbook", "Book"}:
                return "xls"
            if "WordDocument" in streams:
                return "doc"
            return "ole"
    if not head.startswith(b"PK"):
        return None
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return "zip"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "word/document.xml" in names:
        return "docx"
    return "zip"


_ROOT_START = re.compile(rb"<[A-Za-z_]")
_DTD = re.compile(rb"<!\s*(doctype|entity)", re.I)


def _xml_prolog_is_safe(data: bytes, complete: bool) -> bool:
    """True when the XML prolog (before the root element) holds no DTD or entity declaration.

    ``data`` is the start of the part, ``complete`` says whether it is the whole
    part; a prolog longer than what was read (64 KB of comments) is not safe.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        data = data.decode("utf-16", errors="replace").encode("utf-8")
    m = _ROOT_START.search(data)
    if m is None and not complete:
        return False  # no root element within the first 64 KB: not a normal Office part
    return _DTD.search(data, 0, m.start() if m else len(data)) is None


def check_office_zip(path: Path, kind: str) -> None:
    """Reject Office packages that could hurt the reader: XML with a DTD (entity
    bombs such as "billion laughs", external entities) and zip bombs.

    Office never writes a DOCTYPE in its parts, so any DTD is refused before
    openpyxl or python-docx parse the file.
    """
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            total = sum(i.file_size for i in infos)
            for i in infos:
                if i.file_size > (10 << 20) and i.file_size > MAX_RATIO * max(i.compress_size, 1):
                    raise FileReject(f"tệp {kind} có phần '{i.filename}' giải nén ra quá lớn "
                                     f"({i.file_size // (1 << 20)} MB), nghi là tệp độc hại (zip bomb); không đọc")
            if total > MAX_UNZIPPED_BYTES:
                raise FileReject(f"tệp {kind} giải nén ra quá lớn ({total // (1 << 20)} MB), không đọc")
            for i in infos:
                if not i.filename.lower().endswith(_XML_PARTS):
                    continue
                with z.open(i) as fh:
                    head = fh.read(64 << 10)
                    complete = not fh.read(1)
                if not _xml_prolog_is_safe(head, complete):
                    raise FileReject(
                        f"phần '{i.filename}' của tệp chứa khai báo DOCTYPE/ENTITY (thực thể XML), "
                        "có thể là tệp độc hại (XML bomb, thực thể ngoài); không đọc"
                    )
    except FileReject:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as exc:
        name = "zlib" if isinstance(exc, zlib.error) else type(exc).__name__
        raise FileReject(f"tệp {kind} bị hỏng (dữ liệu nén lỗi: {name}); hãy mở và lưu lại tệp") from None


_KIND_NAMES = {"xlsx": "Excel (.xlsx)", "xls": "Excel (.xls)", "docx": "Word (.docx)", "txt": "văn bản (.txt)",
               "pdf": "PDF (.pdf)", "odt": "OpenDocument (.odt)", "ods": "OpenDocument (.ods)", "doc": "Word (.doc)"}


def content_format(path: Path, fmt: str) -> str:
    """The reader to use for ``path`` named as ``fmt``, from the bytes of the file.

    A workbook or Word file saved under another of the supported extensions is
    read by its content (a .xlsx renamed .xls, an .xls renamed .xlsx, a .docx
    renamed .txt ...). Password-protected Office files, Word 97 files and other
    OLE files are rejected with a reason that says what the file really is.
    """
    actual = sniff_format(path)
    if actual == "encrypted":
        raise FileReject(_PASSWORD_HINT)
    if actual in ("xlsx", "xls", "docx"):
        return actual
    if actual == "doc" and fmt == "doc":
        return "doc"
    if actual == "doc":
        raise FileReject("đây là tệp Word 97-2003 (.doc) bị đặt sai tên; hãy mở bằng Word và lưu lại thành .docx")
    if actual == "ole":
        if fmt in ("xls", "xlsx") and path.stat().st_size > _OLE_SCAN:
            return "xls"  # a big file whose directory lies beyond the scanned part: let xlrd decide
        raise FileReject(f"tệp không phải {_KIND_NAMES[fmt]}: là một tệp Office cũ không phải Excel hay Word")
    if fmt == "doc" and actual is not None:
        raise FileReject("tệp .doc không phải Word 97-2003; hãy mở tệp và lưu lại thành .docx")
    if actual == "zip" and fmt in ("xls", "txt", "pdf"):
        raise FileReject(f"tệp không phải {_KIND_NAMES[fmt]}: là tệp nén zip (bị hỏng hoặc không phải Excel/Word)")
    return fmt
