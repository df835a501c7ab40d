"""Read every unit's minutes into one table of individual recommendations.

``read_minutes(input_dir, cfg)`` walks ``input_dir`` recursively, in sorted order
of relative POSIX paths, and reads:

* Excel workbooks (.xlsx with python-calamine, or openpyxl where the two could
  differ, cached formula values; .xls with xlrd):
  a title block above the table, a header row found by scoring rows against
  known column names (diacritics optional, merged or two-row headers allowed),
  one sheet per unit or a summary sheet with a unit column. Total rows
  ("Tổng cộng") and group headings go to ``skipped``; rows with data but no
  content become ``rejects``. Hidden sheets are skipped and listed in
  ``rejects``; hidden rows are read (a clerk hides rows to print, not to drop
  them).
* Word minutes (.docx, paragraphs and table cells in document order) and plain
  text minutes (.txt, any of UTF-8/UTF-16/Windows-1258/TCVN3/VNI): split into
  recommendations by ``segment.segment_minutes``.

Files are never modified. One unreadable file never stops the others: it becomes
a row of ``rejects`` with a Vietnamese reason. Hidden files (".x") and Office
lock files ("~$x") are ignored silently; other unsupported files are rejected.

Hostile and broken input (issue #8):

* the reader is chosen by the file's bytes, not its extension (``content_format``):
  a .xlsx renamed .xls, an .xls renamed .xlsx, a .docx renamed .xlsx or .txt
  are read as what they are (``files[i]["format"]`` says what was read);
  password-protected Office files (an OLE container with "EncryptedPackage",
  or an Excel 97 workbook with a password) are rejected as such;
* Office zip packages are checked before parsing (``check_office_zip``): any
  DOCTYPE/ENTITY in a part (entity bombs, external entities) or a part that
  inflates suspiciously (zip bomb) rejects the file; damaged zips are rejected;
* rejected sheets (hidden, or without a recognizable header) keep their text
  in ``raw_text``; a sheet with headers only goes to ``skipped`` and a workbook
  with no row at all gets a reject; a formula saved without its value is a
  reject that shows the formula;
* relative paths are NFC; broken or looping file symlinks are rejected; any
  unexpected error while reading one file rejects that file only.

Tables returned in ``IngestResult`` (columns from ``schemas``):

* ``records``  RAW_COLUMNS: unit, source_file, source_ref ("Sheet!R12",
  "dòng 34.2", "đoạn 12", "bảng 1, hàng 3"), speaker ("name, address"),
  text_raw (as read, after decoding / legacy-font conversion only), answered,
  meeting_id, seq (1-based order inside the file);
* ``meetings`` MEETING_COLUMNS without n_items: one row per set of minutes,
  per sheet and unit for workbooks;
* ``skipped``  SKIPPED_COLUMNS: narrative text that is not a recommendation;
* ``rejects``  REJECT_COLUMNS: files, sheets and rows that could not be used;
* ``files``    one dict per file: path, sha256, format, encoding (the encoding
  converted, None for plain UTF-8), status ("ok"/"rejected"), n_records.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import math
import os
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterable, Iterator

import pandas as pd

from . import schemas as S
from .config import Config
from .errors import FileReject, InputError
from .io import sha256_file
from .normalize import decode_bytes, normalize_text, repair_legacy
from .segment import (
    MeetingFacts,
    canonical_unit,
    clean_point,
    extract_facts,
    fold,
    has_unit_kind,
    segment_minutes,
)

FORMATS = {".xlsx": "xlsx", ".xls": "xls", ".docx": "docx", ".txt": "txt"}
MEETING_BASE_COLUMNS = [c for c in S.MEETING_COLUMNS if c != "n_items"]

R_TOTAL = "dòng tổng cộng"
R_GROUP = "tiêu đề nhóm trong bảng"
R_REPEAT_HEADER = "dòng tiêu đề cột lặp lại"
R_TABLE_HEADER = "tiêu đề bảng"

_HINTS = {
    ".doc": " Hãy mở bằng Word và lưu lại thành .docx.",
    ".pdf": " Hãy chuyển sang .docx hoặc .txt.",
    ".csv": " Hãy mở bằng Excel và lưu thành .xlsx.",
    ".xlsm": " Hãy lưu lại thành .xlsx.",
}


@dataclass
class IngestResult:
    """What ``read_minutes`` found: four tables and one entry per file."""

    records: pd.DataFrame
    meetings: pd.DataFrame
    skipped: pd.DataFrame
    rejects: pd.DataFrame
    files: list[dict] = field(default_factory=list)


@dataclass
class _Out:
    """Rows produced by the reader of one file."""

    rel: str
    records: list[dict] = field(default_factory=list)
    meetings: list[dict] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    rejects: list[dict] = field(default_factory=list)
    encoding: str | None = None

    def meeting(self, unit: str, facts: MeetingFacts | None, part: str = "") -> str:
        mid = "M" + hashlib.sha1(f"{self.rel}\x1f{part}\x1f{unit}".encode("utf-8")).hexdigest()[:10]
        if not any(m[S.MEETING_ID] == mid for m in self.meetings):
            f = facts or MeetingFacts()
            self.meetings.append({
                S.MEETING_ID: mid, S.UNIT: unit, S.SOURCE_FILE: self.rel, "date": f.date, "place": f.place,
                "deputies": f.deputies, "voters_attending": f.voters_attending, "speaking_turns": f.speaking_turns,
            })
        return mid

    def record(self, key: tuple, unit: str, ref: str, speaker: str, text: str, answered: bool, meeting_id: str):
        self.records.append({
            "_key": key, S.UNIT: unit, S.SOURCE_FILE: self.rel, S.SOURCE_REF: ref, S.SPEAKER: speaker,
            S.TEXT_RAW: text, S.ANSWERED: bool(answered), S.MEETING_ID: meeting_id,
        })

    def skip(self, location: str, reason: str, text: str):
        self.skipped.append({"file": self.rel, "location": location, "reason": reason, "text": text})

    def reject(self, location: str, reason: str, raw_text: str = ""):
        self.rejects.append({"file": self.rel, "location": location, "reason": reason, "raw_text": raw_text})


# --------------------------------------------------------------------------- files and units
def list_input_files(input_dir: Path) -> list[tuple[Path, str]]:
    """(absolute path, relative POSIX path) of every candidate file, sorted by the latter.

    Hidden files and folders and Office lock files ("~$...") are left out;
    symlinked folders are not followed (no loops); special files (pipes,
    sockets) are left out. Broken or looping file symlinks are kept, so that
    they are reported. Relative paths are in Unicode NFC (names typed on macOS
    are NFD on disk) so that messages and outputs show one spelling.
    """
    found = []
    for dirpath, dirnames, filenames in os.walk(input_dir, followlinks=False):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if name.startswith((".", "~$")):
                continue
            path = Path(dirpath) / name
            if not path.is_file() and not (path.is_symlink() and not path.exists()):
                continue
            rel = unicodedata.normalize("NFC", path.relative_to(input_dir).as_posix())
            found.append((path, rel))
    return sorted(found, key=lambda p: p[1])


_GENERIC_STEM = re.compile(
    r"(bien ?ban|tong hop|kien nghi|y kien|bao cao|tiep xuc|ket qua|document|sheet|book|minutes|^bb\b|^tt\b|^\d+$)"
)
_KIND_IN_NAME = re.compile(r"\b(dac khu|thi tran|thi xa|phuong|xa|huyen|don vi bau cu)\s+\S")


def _plain(name: str) -> str:
    return normalize_text(re.sub(r"[_\-]+", " ", name))


def unit_from_path(rel: str) -> str:
    """Fallback unit when the minutes do not name one: file name, else folder name.

    >>> unit_from_path("tong_hop/bien_ban_xa_tan_lap.txt"), unit_from_path("Phường Minh Xuân/bien_ban.docx")
    ('Xã Tan Lap', 'Phường Minh Xuân')
    """
    p = PurePosixPath(rel)
    names = [p.stem] + list(reversed(p.parts[:-1]))
    for name in names:
        plain = _plain(name)
        m = _KIND_IN_NAME.search(fold(plain))
        if m:
            return canonical_unit(plain[m.start() :])
    stem = _plain(p.stem)
    if stem and not _GENERIC_STEM.search(fold(stem)):
        return canonical_unit(stem)
    if len(p.parts) > 1:
        return canonical_unit(_plain(p.parts[-2]))
    return canonical_unit(stem)


# --------------------------------------------------------------------------- grid (Excel and Word tables)


@lru_cache(maxsize=1 << 14)
def _folded(text: str) -> str:
    """``fold(normalize_text(text))``, cached: short cells (names, places, numbers, headers)
    repeat on every row and in every file."""
    return fold(normalize_text(text))


def _label(value: Any) -> str:
    return _label_of(_cell_str(value))


@lru_cache(maxsize=1 << 14)
def _label_of(text: str) -> str:
    text = _folded(text)
    return re.sub(r"[\s:*.]+$", "", re.sub(r"\s+", " ", text)).strip()


def column_role(value: Any) -> str | None:
    """Which known column a header cell names ("content", "name", "unit", ...), or None.

    >>> column_role("Nội dung ý kiến, kiến nghị"), column_role("Noi dung kien nghi"), column_role("Thôn, xóm")
    ('content', 'content', 'address')
    """
    if value is None or (isinstance(value, str) and len(value) > 80):
        return None
    return _role_of(_label(value))


@lru_cache(maxsize=1 << 12)
def _role_of(lab: str) -> str | None:
    if not lab or len(lab) > 60:
        return None
    if lab in ("stt", "tt", "so tt", "so thu tu", "thu tu"):
        return "stt"
    if "linh vuc" in lab:
        return "sector"
    if "tham quyen" in lab or re.search(r"(co quan|don vi) (giai quyet|tra loi|chu tri|xu ly)", lab):
        return "authority"
    if "ghi chu" in lab or "ket qua" in lab or lab.startswith(("tra loi", "giai trinh")):
        return "note"
    if "noi dung" in lab or "kien nghi" in lab or lab.startswith("y kien"):
        return "content"
    if "ho ten" in lab or "ho va ten" in lab or lab in ("cu tri", "ten cu tri", "nguoi kien nghi", "nguoi phat bieu"):
        return "name"
    if "dia chi" in lab or "noi o" in lab or re.match(r"^(thon|xom|ban|to dan pho|khu pho|to|ap)\b", lab):
        return "address"
    if re.match(r"^(don vi|dia phuong|xa|phuong|thi tran|dac khu|huyen)\b", lab) and len(lab) <= 30:
        return "unit"
    return None


def _row_roles(row: list) -> dict[str, int]:
    roles: dict[str, int] = {}
    for c, v in enumerate(row):
        r = column_role(v)
        if r and r not in roles:
            roles[r] = c
    return roles


def detect_header(grid: list[list], max_rows: int = 40) -> tuple[int, dict[str, int], int] | None:
    """Find the header row of a table: (row index, role → column, rows of header).

    The header is the first row with a content column and at least one other
    known column (rows above it are the title block). Two-row
    headers (a group cell such as "Cử tri" above "Họ và tên" / "Địa chỉ") are
    combined; ``grid`` must have merged cells filled with their value.
    """
    found = None
    for r, row in enumerate(grid[:max_rows]):
        roles = _row_roles(row)
        if "content" in roles and len(roles) >= 2:
            found = (r, roles)
            break
    if found is None:
        return None
    r, roles = found
    height = 1
    if r + 1 < len(grid):
        below_row = grid[r + 1]
        below = _row_roles(below_row)
        cells = [v for v in below_row if _cell_str(v).strip()]
        # a second header row names a known column in every non-empty cell
        if len(below) >= 2 and all(column_role(v) for v in cells):
            merged = dict(roles)
            for role, c in below.items():
                # the lower row names the real column under a group cell ("Cử tri" → "Họ và tên")
                for k, col in list(merged.items()):
                    if col == c and k != role:
                        del merged[k]
                merged[role] = c
            if "content" in merged:
                roles, height = merged, 2
    return r, roles, height


def _cell_str(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "x" if v else ""
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time() else v.isoformat(sep=" ")
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


def _fill_merges(grid: list[list], merges: Iterable[tuple[int, int, int, int]], *, vertical_only: bool) -> list[list]:
    """Copy of ``grid`` where merged ranges (r1, c1, r2, c2; 0-based, inclusive) repeat their value."""
    out = [list(row) for row in grid]
    for r1, c1, r2, c2 in merges:
        if vertical_only and c1 != c2:
            continue
        if r1 >= len(out):
            continue
        value = out[r1][c1] if c1 < len(out[r1]) else None
        for r in range(r1, min(r2, len(out) - 1) + 1):
            row = out[r]
            if len(row) <= c2:
                row.extend([None] * (c2 + 1 - len(row)))
            for c in range(c1, c2 + 1):
                if (r, c) != (r1, c1):
                    row[c] = value
    return out


_TOTAL = re.compile(r"^(tong cong|tong so|tong|cong)\s*[:.]?\s*(\d.*)?$")
_GROUP_HEAD = re.compile(r"^([ivx]{1,4}|[a-d]|\d{1,2})\s*[.)/-]\s+\S|^(linh vuc|nhom|ve linh vuc|tham quyen|thuoc tham quyen)\b")
_ANSWERED_NOTE = re.compile(r"da\s+(duoc\s+)?(tra loi|giai trinh|giai dap)|(tra loi|giai trinh)\s+tai\s+hoi\s+nghi")
_GENERIC_SHEET = re.compile(r"^(sheet|trang tinh|bang|bieu|tong hop|th|data|du lieu|mau|kien nghi|ds)\s*\d*$")


def parse_table(
    grid: list[list],
    merges: list[tuple[int, int, int, int]],
    *,
    out: _Out,
    part: str,
    ref: Callable[[int], str],
    unit: str,
    key: Callable[[int], tuple],
    sheet_unit_hint: str | None = None,
    formula: Callable[[int, int], str | None] | None = None,
) -> int | None:
    """Read one table (sheet or Word table) into ``out``.

    Returns None when the table has no recognizable header, else the number of
    non-empty rows below the header (0: a table with headers only).
    ``ref(r)`` gives the location of grid row ``r``; ``unit`` is the unit when the
    title block and the table name none; ``key(r)`` orders records in the file;
    ``formula(r, c)`` (optional) gives the formula of a cell read as empty, so a
    formula saved without its computed value is reported as such.
    """
    header_grid = _fill_merges(grid, merges, vertical_only=False)
    found = detect_header(header_grid)
    if found is None:
        return None
    h, roles, height = found
    facts = MeetingFacts()
    for row in header_grid[:h]:
        line = " ".join(_cell_str(v).strip() for v in dict.fromkeys(row) if _cell_str(v).strip())
        if line:
            extract_facts(line, facts, in_header=True)
    sheet_unit = facts.unit or sheet_unit_hint or unit
    data = _fill_merges(grid, merges, vertical_only=True)
    content_col = roles["content"]
    unit_col = roles.get("unit")
    unit_kind = ""
    if unit_col is not None:
        lab = _label(header_grid[h + height - 1][unit_col]) or _label(header_grid[h][unit_col])
        unit_kind = {"xa": "Xã", "phuong": "Phường", "thi tran": "Thị trấn", "dac khu": "Đặc khu"}.get(lab, "")
    last_unit = None

    def get(row, role):
        c = roles.get(role)
        return _cell_str(row[c]).strip() if c is not None and c < len(row) else ""

    n_rows = 0
    for r in range(h + height, len(data)):
        row = data[r]
        cells = [(c, _cell_str(v).strip()) for c, v in enumerate(row)]
        nonempty = [(c, v) for c, v in cells if v]
        if not nonempty:
            continue
        n_rows += 1
        content_empty = not (_cell_str(row[content_col]).strip() if content_col < len(row) else "")
        f_text = formula(r, content_col) if formula is not None and content_empty else None
        joined = " | ".join(v for _, v in nonempty)
        if any(_TOTAL.match(_folded(v)) for _, v in nonempty if len(v) <= 40):
            out.skip(ref(r), R_TOTAL, joined)
            continue
        if column_role(row[content_col] if content_col < len(row) else None) == "content" and len(_row_roles(row)) >= 2:
            out.skip(ref(r), R_REPEAT_HEADER, joined)
            continue
        raw_content = _cell_str(row[content_col]) if content_col < len(row) else ""
        if not raw_content.strip() and f_text:
            out.reject(
                ref(r),
                f"Ô nội dung kiến nghị là công thức chưa có giá trị tính sẵn ({f_text[:200]}); "
                "hãy mở tệp bằng Excel để công thức được tính rồi lưu lại",
                " | ".join(v for v in [joined, f_text] if v),
            )
            continue
        if not raw_content.strip():
            if all(c == roles.get("stt") and len(v) <= 5 for c, v in nonempty):
                continue  # a pre-numbered empty row
            if len(nonempty) == 1 and (
                _GROUP_HEAD.match(_folded(nonempty[0][1]))
                or (len(nonempty[0][1]) > 3 and nonempty[0][1].isupper())
            ):
                out.skip(ref(r), R_GROUP, joined)
                continue
            out.reject(ref(r), "Dòng có dữ liệu nhưng không có nội dung kiến nghị", joined)
            continue
        text, answered = clean_point(raw_content)
        if not normalize_text(text):
            out.reject(ref(r), "Ô nội dung kiến nghị không có chữ", joined)
            continue
        if _ANSWERED_NOTE.search(_folded(get(row, "note"))):
            answered = True
        row_unit = sheet_unit
        if unit_col is not None:
            value = get(row, "unit")
            if value:
                last_unit = canonical_unit(value)
                if unit_kind and not has_unit_kind(value):
                    last_unit = f"{unit_kind} {last_unit}"
            if last_unit:
                row_unit = last_unit
        speaker = ", ".join(v for v in (get(row, "name"), get(row, "address")) if v)
        mid = out.meeting(row_unit, facts, part)
        out.record(key(r), row_unit, ref(r), speaker, text, answered, mid)
    return n_rows


# --------------------------------------------------------------------------- content sniffing and safety
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


_KIND_NAMES = {"xlsx": "Excel (.xlsx)", "xls": "Excel (.xls)", "docx": "Word (.docx)", "txt": "văn bản (.txt)"}


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
    if actual == "doc":
        raise FileReject("đây là tệp Word 97-2003 (.doc) bị đặt sai tên; hãy mở bằng Word và lưu lại thành .docx")
    if actual == "ole":
        if fmt in ("xls", "xlsx") and path.stat().st_size > _OLE_SCAN:
            return "xls"  # a big file whose directory lies beyond the scanned part: let xlrd decide
        raise FileReject(f"tệp không phải {_KIND_NAMES[fmt]}: là một tệp Office cũ không phải Excel hay Word")
    if actual == "zip" and fmt in ("xls", "txt"):
        raise FileReject(f"tệp không phải {_KIND_NAMES[fmt]}: là tệp nén zip (bị hỏng hoặc không phải Excel/Word)")
    return fmt


# --------------------------------------------------------------------------- Excel
@dataclass
class _Sheet:
    name: str
    grid: list[list]
    merges: list[tuple[int, int, int, int]]
    hidden: bool


def _legacy_convert_grids(sheets: list[_Sheet]) -> str | None:
    sample = []
    size = 0
    for sh in sheets:
        for row in sh.grid:
            for v in row:
                if isinstance(v, str) and v.strip():
                    sample.append(v)
                    size += len(v)
            if size > 20000:
                break
    if not sample:
        return None
    _, enc = repair_legacy("\n".join(sample))
    if enc:
        for sh in sheets:
            sh.grid = [[repair_legacy(v, enc)[0] if isinstance(v, str) else v for v in row] for row in sh.grid]
    return enc


def _load_xlsx(path: Path) -> list[_Sheet]:
    """Sheets of an .xlsx with cached formula values (what Excel last computed).

    Read with python-calamine (its parse is ~13× faster than openpyxl's full loader;
    with the checks that keep the result exact, the whole read is ~4× faster) into
    exactly the sheets openpyxl gives (``_load_xlsx_calamine``). A workbook calamine
    cannot read, or one holding anything where the two readers could differ, is
    read by openpyxl as before (``_load_xlsx_openpyxl``), with its reject messages.
    """
    check_office_zip(path, "Excel")
    try:
        return _load_xlsx_calamine(path)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # _NotExact, calamine's errors, and a panic in its Rust code (not an Exception)
        return _load_xlsx_openpyxl(path)


def _load_xlsx_openpyxl(path: Path) -> list[_Sheet]:
    """Sheets of an .xlsx read by openpyxl (the reference reading, and the fallback)."""
    import openpyxl

    try:
        with open(path, "rb") as fh:  # a file object: openpyxl would refuse a workbook named .xls
            wb = openpyxl.load_workbook(fh, data_only=True, read_only=False)
        sheets = []
        try:
            for ws in wb.worksheets:
                grid = [list(r) for r in ws.iter_rows(values_only=True)]
                merges = [(m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1) for m in ws.merged_cells.ranges]
                sheets.append(_Sheet(ws.title, grid, merges, ws.sheet_state != "visible"))
        finally:
            wb.close()
    except FileReject:
        raise
    except Exception as exc:  # openpyxl, zipfile, zlib and lxml raise many kinds of errors on damaged files
        raise FileReject(f"tệp Excel bị hỏng hoặc không phải .xlsx ({type(exc).__name__})") from None
    return sheets


class _NotExact(Exception):
    """The workbook holds something calamine may read unlike openpyxl: read it with openpyxl."""


_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_REL_COMMENTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
_XML_ENCODING = re.compile(rb'(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*["\']([^"\']*)')
# every <c> of a sheet, in the attribute order Excel, LibreOffice and openpyxl write; a cell
# written otherwise gives an empty column and the workbook goes to openpyxl
_CELL_TAG = re.compile(
    rb'<c(?=[\s/>])(?: r="([A-Z]{1,3})([1-9][0-9]{0,6})"(?: s="([0-9]{1,9})")?(?: t="[a-zA-Z]{1,9}")?'
    rb'(?: (?:cm|vm|ph)="[^"]*")*\s*/?>)?'
)
_CELL_VALUE = rb'(?: (?:cm|vm|ph)="[^"]*")*\s*>\s*(?:<f\b[^>]*/>\s*|<f\b[^>]*>[^<]*</f>\s*)?<v>([^<&]*)</v>'
_ERROR_CELL = re.compile(rb'<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"(?: s="[0-9]{1,9}")? t="e"' + _CELL_VALUE)
_BOOL_CELL = re.compile(rb'<c r="[A-Z]{1,3}[1-9][0-9]{0,6}"(?: s="[0-9]{1,9}")? t="b"' + _CELL_VALUE)
_DOTTED_NUMBER = re.compile(rb"<v>([^<]*[.eE][^<]*)</v>")
_MERGE_TAG = re.compile(rb'<mergeCell ref="([A-Z]{1,3})([1-9][0-9]{0,6})(?::([A-Z]{1,3})([1-9][0-9]{0,6}))?"\s*/>')
_COMMENT_TAG = re.compile(rb'<comment ref="([A-Z]{1,3})([1-9][0-9]{0,6})"')
# text that calamine reads unlike openpyxl (_odd_text)
_ESCAPED_CHAR = re.compile(rb"_x[0-9A-Fa-f]{4}_")  # openpyxl keeps "_x000D_" as written, calamine decodes it
_EMPTY_ITEM = re.compile(rb"<(?:si|is)(?:\s*/>|>\s*(?:</(?:si|is)>|<rPh\b|<phoneticPr\b))")  # '' for openpyxl
# <t/>, <t></t> (''), or a text starting with a space, tab, CR or LF, as such or as a character reference:
# calamine trims the ends of a text not marked xml:space="preserve", openpyxl keeps them
_T_EMPTY_OR_LEADING = re.compile(rb"<t(\s[^>]*)?(?:(/>|></t>)|>(?:[ \t\r\n]|&#(?:0|9;|10;|13;|32;|[xX](?:0|9;|[aAdD];|20;))))")
# a text ending in a space, tab, CR or LF, or in what may be a reference to one (checked by _WS_CHARREF)
_T_TRAILING = re.compile(
    rb"</t>(?:(?<=[ \t\r\n]</t>)|(?<=[#xX0]9;</t>)|(?<=1[03];</t>)|(?<=[23][02];</t>)|(?<=[xX0][aAdD];</t>))"
)
_WS_CHARREF = re.compile(rb"&#(?:0*(?:9|10|13|32)|[xX]0*(?:9|[aAdD]|20));")


def _odd_text(x: bytes, items: bytes) -> bool:
    """Whether XML ``x`` (shared strings, or a sheet with inline strings) holds text
    calamine reads unlike openpyxl; ``items`` is b"<si" or b"<is"."""
    if b"<!--" in x or b"<![CDATA[" in x or b"x005F_" in x:
        return True
    if b"_x" in x and _ESCAPED_CHAR.search(x):
        return True
    if items in x and _EMPTY_ITEM.search(x):
        return True
    for m in _T_EMPTY_OR_LEADING.finditer(x):
        if m.group(2) or b"preserve" not in (m.group(1) or b""):
            return True
    for m in _T_TRAILING.finditer(x):
        end = m.start()
        if x[end - 1] == 59:  # ";": only a reference to a space, tab, CR or LF counts
            ref = x.rfind(b"&#", max(0, end - 16), end)
            if ref < 0 or not _WS_CHARREF.fullmatch(x, ref, end):
                continue
        tag = x.rfind(b"<t", 0, end)
        if b"preserve" not in x[tag:x.index(b">", tag)]:
            return True
    return False


_INVALID_TITLE = re.compile(r"[\\*?:/\[\]]")  # openpyxl refuses these in a sheet title


def _col_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _openpyxl_value(v: Any) -> Any:
    """The value openpyxl gives for calamine's non-text value ``v``."""
    if type(v) is float:
        if v.is_integer():
            if abs(v) >= 2**53:
                raise _NotExact("a whole number beyond 2**53")  # openpyxl keeps every digit of "12345678901234567890"
            return int(v)  # "12" is an int for openpyxl ("1.0" and "1E3" were sent to openpyxl before)
        if v != v or v in (math.inf, -math.inf):
            raise _NotExact("inf or nan")
        return v
    if type(v) is bool or type(v) is int:
        return v
    raise _NotExact("a date or time")  # calamine read as a date a format openpyxl may not


def _load_xlsx_calamine(path: Path) -> list[_Sheet]:
    """The sheets ``_load_xlsx_openpyxl`` gives, read with python-calamine.

    calamine gives the cached values of the cells; the rest of what openpyxl gives
    is rebuilt from a quick look at the package's XML:

    * the grid runs from A1 to the last ``<c>`` element of the sheet, styled empty
      cells included, and to the last cell of every merged range and of every cell
      with a comment (openpyxl creates those cells); a sheet without any is empty;
    * '' (calamine's empty cell) is None; a whole number is an int, as openpyxl reads
      ``<v>12</v>``; error cells (#N/A, #DIV/0!) keep their text; the cells of a
      merged range other than its first are None;
    * merged ranges come in the order of openpyxl's set of ranges;
    * chartsheets are left out, hidden means "hidden" or "veryHidden".

    Raises ``_NotExact`` when the workbook holds anything the two readers may read
    differently: numbers formatted as dates or times, ISO dates, booleans other than
    0/1, numbers written "1.0" or beyond 2**53, text calamine would trim or decode
    (``_x000D_``), empty strings, hyperlinks, XML written in an unusual form, style
    or sheet definitions openpyxl would refuse. Anything else calamine fails on
    raises its own error. The caller then reads the workbook with openpyxl.
    """
    import io
    import posixpath
    import xml.etree.ElementTree as ET
    import xml.parsers.expat

    from openpyxl.styles.numbers import builtin_format_code, is_date_format
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    data = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = set(z.namelist())

        def part(name: str, check: bool = True) -> bytes:
            """The XML part ``name``, well-formed (calamine reads some broken XML that openpyxl refuses;
            ``check=False`` for a part parsed here anyway)."""
            if name not in names:
                raise _NotExact(f"no part {name}")
            x = z.read(name)
            m = _XML_ENCODING.match(x)
            if x[:2] in (b"\xff\xfe", b"\xfe\xff") or (m and m.group(1).lower() not in (b"utf-8", b"utf8")):
                raise _NotExact(f"{name} is not UTF-8")
            if check:
                xml.parsers.expat.ParserCreate().Parse(x, True)  # ExpatError: openpyxl's reject
            return x

        def rels(name: str) -> list[tuple[str, str, str]]:
            """(type, id, part) of the relationships in ``name``, parts resolved as openpyxl does
            (an external target gives "")."""
            parent = posixpath.split(posixpath.dirname(name))[0]
            out = []
            for r in ET.fromstring(part(name, check=False)).iter(_NS_PKG_REL):
                if r.get("TargetMode") == "External":
                    out.append((r.get("Type", ""), r.get("Id", ""), ""))
                    continue
                t = r.get("Target", "")
                out.append((r.get("Type", ""), r.get("Id", ""),
                            t[1:] if t.startswith("/") else posixpath.normpath(posixpath.join(parent, t))))
            return out

        if b'PartName="/xl/workbook.xml"' not in part("[Content_Types].xml"):
            raise _NotExact("workbook part elsewhere")
        by_id: dict[str, tuple[str, str]] = {}
        for typ, rid, target in rels("xl/_rels/workbook.xml.rels"):
            by_id.setdefault(rid, (typ, target))
        book = ET.fromstring(part("xl/workbook.xml", check=False))
        listed = book.find(_NS_MAIN + "sheets")
        entries = []  # (name, hidden, worksheet part or None for a chartsheet)
        for el in ([] if listed is None else listed):
            name, state, rid = el.get("name"), el.get("state"), el.get(_NS_REL_ID)
            typ, target = by_id.get(rid, ("", ""))
            if (el.tag != _NS_MAIN + "sheet" or not name or _INVALID_TITLE.search(name) or not target
                    or target not in names or state not in (None, "visible", "hidden", "veryHidden")):
                raise _NotExact(f"sheet {name!r}")
            if "chartsheet" in typ:
                entries.append((name, False, None))
            elif typ.endswith("/worksheet"):
                entries.append((name, state not in (None, "visible"), target))
            else:
                raise _NotExact(f"sheet {name!r} of type {typ}")
        if len({e[0].lower() for e in entries}) != len(entries):
            raise _NotExact("sheet titles openpyxl would rename")

        # styles: openpyxl turns numbers in date-formatted cells into dates (left to openpyxl)
        n_styles, date_styles = 1, set()
        if "xl/styles.xml" in names:
            root = ET.fromstring(part("xl/styles.xml", check=False))
            custom = {int(e.get("numFmtId")): e.get("formatCode")
                      for e in root.iterfind(f"{_NS_MAIN}numFmts/{_NS_MAIN}numFmt")}
            xfs = root.findall(f"{_NS_MAIN}cellXfs/{_NS_MAIN}xf")
            if xfs:  # openpyxl keeps its own default style when there is none
                n_styles = len(xfs)
                for k, xf in enumerate(xfs):
                    fid = int(xf.get("numFmtId", 0))
                    if is_date_format(custom[fid] if fid in custom else builtin_format_code(fid)):
                        date_styles.add(k)
        if 0 in date_styles:
            raise _NotExact("default style is a date format")
        for name in names:
            if name.lower().endswith("sharedstrings.xml") and _odd_text(part(name), b"<si"):
                raise _NotExact("shared strings calamine reads differently")

        cw = CalamineWorkbook.from_filelike(io.BytesIO(data))
        metas = cw.sheets_metadata
        if [m.name for m in metas] != [e[0] for e in entries]:
            raise _NotExact("sheet list")
        sheets = []
        for meta, (name, hidden, target) in zip(metas, entries):
            if target is None:
                if meta.typ != SheetTypeEnum.ChartSheet:
                    raise _NotExact(f"sheet {name!r} type")
                continue
            if meta.typ != SheetTypeEnum.WorkSheet:
                raise _NotExact(f"sheet {name!r} type")
            x = part(target)
            if b":sheetData" in x or b"<hyperlink" in x or b' t="d"' in x or _odd_text(x, b"<is"):
                raise _NotExact(f"sheet {name!r} content")
            for text in _DOTTED_NUMBER.findall(x):
                with contextlib.suppress(ValueError):
                    if float(text).is_integer():
                        raise _NotExact("a whole number written with a point or exponent")

            # the cells openpyxl holds: every <c>, merged ranges, cells with a comment
            tags = _CELL_TAG.findall(x)
            cols, rows, styles = zip(*tags) if tags else ((), (), ())
            col_set = set(cols)
            if b"" in col_set:
                raise _NotExact(f"sheet {name!r}: a cell written unusually")
            used = {int(s) for s in set(styles) if s}
            if used and max(used) >= n_styles:
                raise _NotExact(f"sheet {name!r}: a style openpyxl does not have")
            dated = used & date_styles
            if dated:  # the cells formatted as dates: a number there is a date for openpyxl
                dated = [(int(r) - 1, _col_index(c) - 1) for c, r, s in tags if s and int(s) in dated]
            height = max(map(int, set(rows)), default=0)
            width = max(map(_col_index, col_set), default=0)
            n_merge = x.count(b"<mergeCell ")
            found = _MERGE_TAG.findall(x) if n_merge else []
            if len(found) != n_merge:
                raise _NotExact(f"sheet {name!r}: merged ranges written unusually")
            merges = []
            for c1, r1, c2, r2 in found:
                m = (int(r1), _col_index(c1), int(r2 or r1), _col_index(c2 or c1))
                if m[0] > m[2] or m[1] > m[3]:
                    raise _NotExact("reversed merged range")  # openpyxl refuses it
                merges.append(m)
                height, width = max(height, m[2]), max(width, m[3])
            sheet_rels = posixpath.join(posixpath.dirname(target), "_rels", posixpath.basename(target) + ".rels")
            if sheet_rels in names:
                for typ, _, comments in rels(sheet_rels):
                    if typ != _REL_COMMENTS:
                        continue
                    cx = part(comments)
                    refs = _COMMENT_TAG.findall(cx)
                    if len(refs) != cx.count(b"<comment "):
                        raise _NotExact("comments written unusually")
                    for c, r in refs:
                        height, width = max(height, int(r)), max(width, _col_index(c))

            sh = cw.get_sheet_by_name(name)
            cal_merges = sh.merged_cell_ranges or []
            if sorted((r1 + 1, c1 + 1, r2 + 1, c2 + 1) for (r1, c1), (r2, c2) in cal_merges) != sorted(merges):
                raise _NotExact("merged ranges")
            grid = sh.to_python(skip_empty_area=False)
            if len(grid) > height or (grid and len(grid[0]) > width):
                raise _NotExact("calamine found cells beyond the sheet's cells")
            for row in grid:
                row[:] = [(v or None) if type(v) is str else _openpyxl_value(v) for v in row]
                row.extend([None] * (width - len(row)))
            grid.extend([None] * width for _ in range(height - len(grid)))
            for r, c in dated:
                if grid[r][c] is not None and type(grid[r][c]) is not str and type(grid[r][c]) is not bool:
                    raise _NotExact("a number formatted as a date")  # openpyxl's date conversion stays its own

            n_err = x.count(b' t="e"')
            if n_err:
                errors = _ERROR_CELL.findall(x)
                if len(errors) != n_err:
                    raise _NotExact("error cells written unusually")
                for c, r, text in errors:
                    grid[int(r) - 1][_col_index(c) - 1] = text.decode() or None
            n_bool = x.count(b' t="b"')
            if n_bool:  # calamine reads "0" and "1" as openpyxl does; anything else goes to openpyxl
                bools = _BOOL_CELL.findall(x)
                if len(bools) != n_bool or not set(bools) <= {b"0", b"1"}:
                    raise _NotExact("booleans written unusually")
            for r1, c1, r2, c2 in merges:  # openpyxl empties every cell of a merged range but the first
                for r in range(r1 - 1, r2):
                    row = grid[r]
                    for c in range(c1 - 1, c2):
                        if r != r1 - 1 or c != c1 - 1:
                            row[c] = None
            # openpyxl keeps the ranges in a set (MultiCellRange), made from a set of the ranges as
            # listed: the same steps on tuples with the same hashes give the same order
            order = set(m for m in set(merges))
            sheets.append(_Sheet(name, grid, [(a - 1, b - 1, c - 1, d - 1) for a, b, c, d in order], hidden))
        cw.close()
    return sheets


class _Formulas:
    """Formula text of xlsx cells, loaded only when a content cell is read as empty."""

    def __init__(self, path: Path):
        self.path = path
        self._grids: dict[str, list[tuple]] | None = None

    def lookup(self, sheet: str) -> Callable[[int, int], str | None]:
        def at(r: int, c: int) -> str | None:
            if self._grids is None:
                self._grids = {}
                try:
                    import openpyxl

                    with open(self.path, "rb") as fh:
                        wb = openpyxl.load_workbook(fh, data_only=False, read_only=True)
                        try:
                            for ws in wb.worksheets:
                                self._grids[ws.title] = [tuple(row) for row in ws.iter_rows(values_only=True)]
                        finally:
                            wb.close()
                except Exception:  # the values were readable; missing formulas only lose the hint
                    pass
            grid = self._grids.get(sheet, [])
            v = grid[r][c] if r < len(grid) and c < len(grid[r]) else None
            return v if isinstance(v, str) and v.startswith("=") else None

        return at


def _load_xls(path: Path) -> list[_Sheet]:
    import xlrd

    try:
        with open(os.devnull, "w") as quiet:  # xlrd prints warnings to stdout by default
            try:
                book = xlrd.open_workbook(str(path), formatting_info=True, logfile=quiet)
            except (NotImplementedError, xlrd.XLRDError):
                book = xlrd.open_workbook(str(path), logfile=quiet)
    except Exception as exc:  # xlrd raises many kinds of errors on damaged files
        if "encrypted" in str(exc).lower():  # an Excel 97 workbook with an opening password
            raise FileReject(_PASSWORD_HINT) from None
        raise FileReject(f"tệp Excel .xls bị hỏng hoặc không đọc được ({type(exc).__name__})") from None
    sheets = []
    for sh in book.sheets():
        grid = []
        for r in range(sh.nrows):
            row = []
            for c in range(sh.ncols):
                cell = sh.cell(r, c)
                v = cell.value
                if cell.ctype == xlrd.XL_CELL_DATE:
                    try:
                        v = xlrd.xldate.xldate_as_datetime(v, book.datemode)
                    except Exception:
                        pass
                elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
                    v = None
                row.append(v)
            grid.append(row)
        merges = [(r1, c1, r2 - 1, c2 - 1) for r1, r2, c1, c2 in getattr(sh, "merged_cells", [])]
        sheets.append(_Sheet(sh.name, grid, merges, getattr(sh, "visibility", 0) != 0))
    return sheets


def _sheet_text(grid: list[list]) -> str:
    """The non-empty rows of a sheet, one per line, cells joined by " | " (raw text of a reject)."""
    lines = []
    for row in grid:
        cells = [_cell_str(v).strip() for v in row]
        if any(cells):
            lines.append(" | ".join(v for v in cells if v))
    return "\n".join(lines)


R_HEADERS_ONLY = "trang tính chỉ có dòng tiêu đề cột, không có dòng kiến nghị nào"


def _read_excel(path: Path, out: _Out, fmt: str, cfg: Config, default_unit: str) -> None:
    sheets = _load_xlsx(path) if fmt == "xlsx" else _load_xls(path)
    formulas = _Formulas(path) if fmt == "xlsx" else None
    out.encoding = _legacy_convert_grids(sheets)
    visible = [s for s in sheets if not s.hidden or cfg.ingest.read_hidden_sheets]
    n_visible = len(visible)
    read_any = False
    for order, sh in enumerate(sheets):
        if sh.hidden and not cfg.ingest.read_hidden_sheets:
            out.reject(sh.name, f"Trang tính '{sh.name}' bị ẩn, không đọc", _sheet_text(sh.grid))
            continue
        if not any(_cell_str(v).strip() for row in sh.grid for v in row):
            continue
        hint = None
        name_fold = fold(normalize_text(sh.name))
        if has_unit_kind(sh.name) or (n_visible > 1 and not _GENERIC_SHEET.match(name_fold)):
            hint = canonical_unit(sh.name)
        n_rows = parse_table(
            sh.grid, sh.merges, out=out, part=sh.name, unit=default_unit, sheet_unit_hint=hint,
            ref=lambda r, n=sh.name: f"{n}!R{r + 1}", key=lambda r, o=order: (o, r),
            formula=formulas.lookup(sh.name) if formulas else None,
        )
        if n_rows is not None:
            read_any = True
            if n_rows == 0:
                out.skip(sh.name, R_HEADERS_ONLY, _sheet_text(sh.grid))
        else:
            out.reject(
                sh.name,
                f"Trang tính '{sh.name}' không có dòng tiêu đề cột nhận ra được "
                "(cần cột 'Nội dung kiến nghị' và ít nhất một cột khác như 'STT', 'Họ tên cử tri')",
                _sheet_text(sh.grid),
            )
    if not read_any:
        raise FileReject("không có trang tính nào đọc được (không tìm thấy cột 'Nội dung kiến nghị')")
    if not out.records and not out.rejects:
        out.reject("", "Không tìm thấy ý kiến, kiến nghị nào của cử tri trong tệp")


# --------------------------------------------------------------------------- narrative minutes
def _narrative(out: _Out, lines: list[str], refs: list[str], default_unit: str, tables=()) -> None:
    """Segment ``lines`` and add records, skipped text and one meeting to ``out``."""
    seg = segment_minutes(lines, refs)
    unit = seg.facts.unit or default_unit
    mid = out.meeting(unit, seg.facts)
    for k, it in enumerate(seg.items):
        out.record((it.line, 1, k), unit, it.ref, it.speaker, it.text, it.answered, mid)
    for sk in seg.skipped:
        out.skip(sk.ref, sk.reason, sk.text)
    for pos, t_grid, t_merges, t_no in tables:
        # Word tables with a recognizable header are read like a sheet
        parse_table(
            t_grid, t_merges, out=out, part="", unit=unit,
            ref=lambda r, n=t_no: f"bảng {n}, hàng {r + 1}", key=lambda r, p=pos: (p, 0, r),
        )
    if not out.records:
        out.reject("", "Không tìm thấy ý kiến, kiến nghị nào của cử tri trong biên bản")


def _read_txt(path: Path, out: _Out, cfg: Config, default_unit: str) -> None:
    data = path.read_bytes()
    if not data.strip():
        raise FileReject("tệp rỗng")
    try:
        text, enc = decode_bytes(data)
    except ValueError:
        raise FileReject("tệp không phải văn bản (có thể là tệp nhị phân)") from None
    out.encoding = None if enc in ("utf-8", "utf-8-sig") else enc
    lines = text.splitlines()
    _narrative(out, lines, [f"dòng {i + 1}" for i in range(len(lines))], default_unit)


def _read_docx(path: Path, out: _Out, cfg: Config, default_unit: str) -> None:
    import docx
    from docx.table import Table

    if path.stat().st_size == 0:
        raise FileReject("tệp rỗng")
    check_office_zip(path, "Word")
    try:
        document = docx.Document(str(path))
        blocks = list(document.iter_inner_content())
    except Exception as exc:  # python-docx, zipfile, zlib and lxml raise many kinds of errors
        raise FileReject(f"tệp Word bị hỏng hoặc không phải .docx ({type(exc).__name__})") from None

    # one legacy-font check for the whole file, then convert every piece with it
    texts = []
    for b in blocks:
        if isinstance(b, Table):
            texts.extend(c.text for row in b.rows for c in row.cells)
        else:
            texts.append(b.text)
    _, enc = repair_legacy("\n".join(t for t in texts if t.strip())[:50000])
    out.encoding = enc

    def conv(s: str) -> str:
        return repair_legacy(s, enc)[0] if enc and s else s

    lines: list[str] = []
    refs: list[str] = []
    tables = []
    n_par = n_tab = 0
    for b in blocks:
        if not isinstance(b, Table):
            n_par += 1
            lines.append(conv(b.text))
            refs.append(f"đoạn {n_par}")
            continue
        n_tab += 1
        header_grid, data_grid = [], []
        for row in b.rows:
            seen, hrow, drow = None, [], []
            for cell in row.cells:
                value = conv(cell.text)
                hrow.append(value)
                drow.append(None if cell._tc is seen else value)
                seen = cell._tc
            header_grid.append(hrow)
            data_grid.append(drow)
        if detect_header(header_grid) is not None:
            tables.append((len(lines) - 0.5, data_grid, _row_merges(header_grid, data_grid), n_tab))
            continue
        for r, drow in enumerate(data_grid):
            for c, value in enumerate(drow):
                if value and value.strip():
                    lines.append(value)
                    refs.append(f"bảng {n_tab}, hàng {r + 1}, ô {c + 1}")
    _narrative(out, lines, refs, default_unit, tables)


def _row_merges(header_grid, data_grid) -> list[tuple[int, int, int, int]]:
    """Horizontal merges of a Word table, so that its header is read whole."""
    merges = []
    for r, (hrow, drow) in enumerate(zip(header_grid, data_grid)):
        c = 0
        while c < len(drow):
            e = c
            while e + 1 < len(drow) and drow[e + 1] is None and hrow[e + 1] == hrow[c] and hrow[c]:
                e += 1
            if e > c:
                merges.append((r, c, r, e))
            c = e + 1
    return merges


# --------------------------------------------------------------------------- entry point
def _read_file(path: Path, rel: str, cfg: Config) -> tuple[_Out, dict]:
    """Read one input file: its rows (records numbered in file order) and its entry in ``files``.

    Never raises for a bad file: whatever goes wrong becomes a reject of that file.
    """
    ext = path.suffix.lower()
    fmt = FORMATS.get(ext)
    out = _Out(rel)
    try:
        digest = sha256_file(path)
    except OSError:
        digest = None
    status = "ok"
    if fmt is None:
        status = "rejected"
        shown = ext or "không có phần mở rộng"
        out.reject("", f"Tệp {rel}: định dạng không hỗ trợ ({shown}); chỉ đọc .xlsx, .xls, .docx, .txt."
                   + _HINTS.get(ext, ""))
    else:
        default_unit = unit_from_path(rel)
        try:
            if path.is_symlink() and not path.exists():
                raise FileReject("liên kết tượng trưng (symlink) bị hỏng hoặc trỏ vòng, không có tệp thật để đọc")
            if digest is None:
                raise FileReject("không mở được tệp (không có quyền đọc?)")
            if path.stat().st_size == 0:
                raise FileReject("tệp rỗng")
            fmt = content_format(path, fmt)
            if fmt in ("xlsx", "xls"):
                _read_excel(path, out, fmt, cfg, default_unit)
            elif fmt == "docx":
                _read_docx(path, out, cfg, default_unit)
            else:
                _read_txt(path, out, cfg, default_unit)
        except FileReject as exc:
            status = "rejected"
            kept = [r for r in out.rejects if r["location"]]  # sheet-level reasons stay
            out = _Out(rel, encoding=out.encoding)
            out.rejects = kept
            out.reject(exc.location, f"Không đọc được tệp {rel}: {exc.reason}.", exc.raw_text)
        except (OSError, MemoryError) as exc:
            status = "rejected"
            out = _Out(rel)
            out.reject("", f"Không đọc được tệp {rel}: lỗi hệ thống ({type(exc).__name__}).")
        except Exception as exc:  # one damaged file never stops the run
            status = "rejected"
            out = _Out(rel)
            out.reject("", f"Không đọc được tệp {rel}: nội dung tệp bị hỏng hoặc không đúng định dạng "
                           f"({type(exc).__name__}); hãy mở và lưu lại tệp.")
    out.records.sort(key=lambda rec: rec["_key"])
    for seq, rec in enumerate(out.records, start=1):
        rec.pop("_key")
        rec[S.SEQ] = seq
    entry = {
        # "format" is the format read, from the content (a .xlsx renamed .xls says "xlsx")
        "path": rel, "sha256": digest, "format": fmt or ext.lstrip("."), "encoding": out.encoding,
        "status": status, "n_records": len(out.records),
    }
    return out, entry


def _load_readers(suffixes: set[str]) -> None:
    """Import the readers the files need and compile the legacy converters, before forking,
    so that every worker inherits them instead of loading them again."""
    from . import normalize

    try:
        if suffixes & {".xlsx", ".xls"}:
            import openpyxl  # noqa: F401
            import openpyxl.styles.numbers  # noqa: F401
            import python_calamine  # noqa: F401
            import xlrd  # noqa: F401
        if ".docx" in suffixes:
            import docx  # noqa: F401
        normalize.could_be_legacy("")  # compiles both converters and the pre-check
    except Exception:  # a reader that cannot load fails in the worker, on its own file
        pass


def _read_files(candidates: list[tuple[Path, str]], cfg: Config, jobs: int) -> Iterator[tuple[_Out, dict]]:
    """``_read_file`` of every candidate, in the order given, by ``jobs`` forked processes.

    Results come back in the order of ``candidates`` whatever the order the workers
    finish in. A file whose worker failed (a crashed or killed process, a result that
    cannot be sent back) is read again here, in this process, so no file is lost.
    """
    import multiprocessing as mp

    if jobs <= 1 or len(candidates) < 2 or "fork" not in mp.get_all_start_methods():
        for path, rel in candidates:
            yield _read_file(path, rel, cfg)
        return
    from concurrent.futures import ProcessPoolExecutor

    _load_readers({p.suffix.lower() for p, _ in candidates})
    futures = []
    pool = None
    done = False
    try:
        try:
            pool = ProcessPoolExecutor(max_workers=min(jobs, len(candidates)), mp_context=mp.get_context("fork"))
            for path, rel in candidates:
                futures.append(pool.submit(_read_file, path, rel, cfg))
        except Exception:  # no process could be started, or the pool broke: the rest is read here
            pass
        for k, (path, rel) in enumerate(candidates):
            got = None
            if k < len(futures):
                try:
                    got = futures[k].result()
                except Exception:  # BrokenProcessPool and the like: read this file here instead
                    got = None
            yield got if got is not None else _read_file(path, rel, cfg)
        done = True
    finally:
        if pool is not None:
            if not done:  # an error or Ctrl-C in the caller: do not wait for the other files
                for proc in list((getattr(pool, "_processes", None) or {}).values()):
                    proc.terminate()
            pool.shutdown(wait=True, cancel_futures=True)


def read_minutes(
    input_dir: Path, cfg: Config, progress: Callable[[int], Any] | None = None, jobs: int = 1
) -> IngestResult:
    """Read all minutes under ``input_dir`` into one ``IngestResult``.

    Raises ``InputError`` only when the folder is missing, is not a folder, or
    holds no file in a supported format; any single bad file becomes a row of
    ``rejects`` instead. ``progress`` (optional) is called with 1 after each file,
    in this process. With ``jobs`` > 1 the files are read by that many forked
    processes; the result is the same as with one.
    """
    input_dir = Path(input_dir)
    if not input_dir.exists():
        raise InputError(f"Không tìm thấy thư mục đầu vào: {input_dir}")
    if not input_dir.is_dir():
        raise InputError(f"Đầu vào phải là một thư mục chứa biên bản: {input_dir}")
    candidates = list_input_files(input_dir)
    if not any(p.suffix.lower() in FORMATS for p, _ in candidates):
        raise InputError(
            f"Thư mục {input_dir} không có biên bản nào ở định dạng được hỗ trợ (.xlsx, .xls, .docx, .txt)."
        )
    records, meetings, skipped, rejects, files = [], [], [], [], []
    with contextlib.closing(_read_files(candidates, cfg, jobs)) as results:
        for out, entry in results:
            records += out.records
            meetings += out.meetings
            skipped += out.skipped
            rejects += out.rejects
            files.append(entry)
            if progress is not None:
                progress(1)
    records_df = pd.DataFrame(records, columns=S.RAW_COLUMNS)
    records_df[S.ANSWERED] = records_df[S.ANSWERED].astype(bool)
    records_df[S.SEQ] = records_df[S.SEQ].astype(int)
    meetings_df = pd.DataFrame(meetings, columns=MEETING_BASE_COLUMNS)
    for col in ("voters_attending", "speaking_turns"):
        meetings_df[col] = meetings_df[col].astype("Int64")
    return IngestResult(
        records=records_df,
        meetings=meetings_df,
        skipped=pd.DataFrame(skipped, columns=S.SKIPPED_COLUMNS),
        rejects=pd.DataFrame(rejects, columns=S.REJECT_COLUMNS),
        files=files,
    )
