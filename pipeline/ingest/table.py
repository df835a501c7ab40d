"""Tables shared by Excel sheets and Word tables: header detection and row reading."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache
from typing import Any, Callable, Iterable

from ..normalize import normalize_text
from .. import schemas as S
from . import cues
from .out import _Out
from .segment import _OFFICIAL_TITLE, MeetingFacts, canonical_unit, clean_point, extract_facts, fold, has_unit_kind
from .split import _list_marker, split_requests

R_TOTAL = "dòng tổng cộng"
R_GROUP = "tiêu đề nhóm trong bảng"
R_REPEAT_HEADER = "dòng tiêu đề cột lặp lại"
R_TABLE_HEADER = "tiêu đề bảng"
R_ANSWER = "giải trình của cán bộ"
R_JOINED = "phần tiếp theo của kiến nghị ở dòng trên, đã nối vào dòng đó"


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
    if re.search(r"\b(tra loi|giai trinh|tiep thu|giai dap)\b|^ket qua (giai quyet|tra loi|xu ly)", lab):
        return "answer"
    if "ghi chu" in lab or "ket qua" in lab:
        return "note"
    if re.match(r"^so (luot|y kien|luot y kien|luot cu tri)$|^luot y kien$", lab):
        return "count"
    if "noi dung" in lab or "kien nghi" in lab or lab.startswith("y kien"):
        return "content"
    if "ho ten" in lab or "ho va ten" in lab or lab in ("cu tri", "ten cu tri", "nguoi kien nghi", "nguoi phat bieu"):
        return "name"
    if "dia chi" in lab or "noi o" in lab or re.match(r"^(thon|xom|ban|to dan pho|khu pho|to|ap)\b", lab):
        return "address"
    if re.match(r"^(cu tri\W+)?(don vi|dia phuong|xa|phuong|thi tran|dac khu|huyen)\b", lab) and len(lab) <= 30:
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
        # a second header row names a known column in every non-empty cell, and names no place
        # ("Thôn, xóm" is a header; "thôn Nà Lừa" or "Tổ 3" is a voter's address in a data row)
        if len(below) >= 2 and all(column_role(v) for v in cells) and not any(names_a_place(str(v)) for v in cells):
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


def names_a_place(value: str) -> bool:
    """"thôn Nà Lừa", "Tổ 3": a voter's address; "Thôn, xóm", "tổ chức": a header or a word
    (the residential places of the duplicate search, ``cluster.entities.residential_places``)."""
    from ..cluster.entities import residential_places

    return bool(residential_places(value))


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
_COUNT_CELL = re.compile(r"^\(?\s*(\d{1,4})\s*(luot(?:\s+y kien)?|y kien)?\s*\)?\s*\.?$")
_MARKER_CELL = re.compile(r"^([ivx]{1,4}|[a-d])\s*[.)/-]?$")


def _count(value: str, *, bare: bool) -> int:
    """A count of opinions in a cell: "3" in a "Số lượt ý kiến" column (``bare``), or
    "04 lượt ý kiến" / "(3 ý kiến)" in a note; 0 when none."""
    m = _COUNT_CELL.match(_folded(value).strip())
    if not m or not (bare or m.group(2)):
        return 0
    return int(m.group(1))


def _group_heading(nonempty: list[tuple[int, str]], stt_col: int | None) -> str:
    """A group heading spread over the STT cell and one more ("I" | "Ý KIẾN THUỘC THẨM QUYỀN
    THÀNH PHỐ"), as "I. Ý KIẾN ..."; "" when the row is not one."""
    if len(nonempty) != 2 or nonempty[0][0] != stt_col:
        return ""
    marker, text = nonempty[0][1].strip(), nonempty[1][1].strip()
    if not _MARKER_CELL.match(_folded(marker)) or len(text) < 4:
        return ""
    if not (text.isupper() or _GROUP_HEAD.match(_folded(text)) or "tham quyen" in _folded(text)):
        return ""
    return f"{marker.rstrip('.)/-')}. {normalize_text(text).strip(' :')}"


def _official_answer(folded: str) -> bool:
    """A row introducing an official's answer: "Ông X - Chủ tịch UBND xã trả lời: ..."."""
    head = folded[: folded.find(":")] if ":" in folded else ""
    return (bool(head) and not head.lstrip(" -+*").startswith("cu tri") and cues.is_reply_intro(folded)
            and bool(_OFFICIAL_TITLE.search(head)))


_JOINED_REQUEST = re.compile(r"[,;.]\s*(?:dong thoi|ngoai ra|ben canh do)\s*,?\s*(?:cu tri\s+)?(?:cung\s+)?"
                             r"(?:de nghi|kien nghi|de xuat)\b")


def _cell_requests(raw: str) -> list[tuple[str, bool]]:
    """The requests of one content cell: two "- Đề nghị ..." lines are two, "...; đồng thời đề
    nghị ..." is two (``split_requests``), a situation then "; đề nghị ..." is one, and so are
    sentences with no joining "đồng thời"."""
    lines = [ln for ln in raw.splitlines() if ln.strip()]
    pieces = lines if len(lines) >= 2 and all(_list_marker(fold(normalize_text(ln)), 0)[0] for ln in lines) else [raw]
    out = []
    for piece in pieces:
        text, answered = clean_point(piece)
        nfc = unicodedata.normalize("NFC", text)
        # only a joined second request splits a cell ("...; đồng thời đề nghị ..."): sentences of
        # one cell otherwise stay one item, and a huge cell is kept whole
        joined = len(nfc) <= 2000 and _JOINED_REQUEST.search(fold(nfc))
        spans = split_requests(nfc, 0, len(nfc)) if joined else []
        if len(spans) > 1:
            out.extend((nfc[a:b].strip(), answered) for a, b in spans)
        else:
            out.append((text, answered))
    return out


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
    hint = ""  # the group heading the rows stand under (sector_hint)

    def get(row, role):
        c = roles.get(role)
        return _cell_str(row[c]).strip() if c is not None and c < len(row) else ""

    n_rows = 0
    answer_open = False  # the row above was an answer typed under its item
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
        if cues.is_column_numbers([v for _, v in nonempty]):
            out.skip(ref(r), cues.R_COLUMN_NUMBERS, joined)
            continue
        if any(_TOTAL.match(_folded(v)) for _, v in nonempty if len(v) <= 40):
            out.skip(ref(r), R_TOTAL, joined)
            continue
        c_text = _cell_str(row[content_col]).strip() if content_col < len(row) else ""
        # a repeated header is a short label; "Kiến nghị hỗ trợ giống lúa ... ." is a request
        if (column_role(row[content_col] if content_col < len(row) else None) == "content" and len(_row_roles(row)) >= 2
                and len(c_text) <= 50 and not c_text.endswith((".", ";", "!", "?"))):
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
            group = _group_heading(nonempty, roles.get("stt"))
            if group:
                out.skip(ref(r), R_GROUP, joined)
                hint = group
                continue
            if len(nonempty) == 1 and (
                _GROUP_HEAD.match(_folded(nonempty[0][1]))
                or (len(nonempty[0][1]) > 3 and nonempty[0][1].isupper())
            ):
                out.skip(ref(r), R_GROUP, joined)
                hint = normalize_text(nonempty[0][1]).strip(" :")
                continue
            out.reject(ref(r), "Dòng có dữ liệu nhưng không có nội dung kiến nghị", joined)
            continue
        content_f = _folded(raw_content)
        no_stt = roles.get("stt") is not None and not get(row, "stt")
        point_f = _folded(clean_point(raw_content)[0])
        if (cues.is_reply(point_f) or (no_stt and _official_answer(point_f))
                or (answer_open and no_stt and all(c == content_col for c, _ in nonempty))):
            # an answer typed in its own row(s) under the item it answers
            if out.add_answer(normalize_text(raw_content)):
                out.skip(ref(r), cues.R_TABLE_ANSWER, joined)
                answer_open = True
            else:
                out.skip(ref(r), R_ANSWER, joined)
            continue
        answer_open = False
        answer = get(row, "answer")
        cut = cues.reply_start(content_f) if len(content_f) == len(raw_content) else -1
        if cut > 0:  # "Đề nghị ... . Trả lời: ..." in one cell
            answer = "\n".join(t for t in (raw_content[cut:].strip(), answer) if t)
            raw_content = raw_content[:cut]
        text, answered = clean_point(raw_content)
        if (roles.get("stt") is not None and not get(row, "stt") and out.records and text[:1].isalpha()
                and text[:1].islower() and len(text.split()) >= 2 and out.records[-1]["_key"][:-1] == key(r)[:-1]
                and len(str(out.records[-1][S.TEXT_RAW]).split()) >= 3
                and not str(out.records[-1][S.TEXT_RAW]).rstrip().endswith((".", "!", "?", ";", ":"))):
            # an Excel row with no STT that continues the sentence above: one request
            prev = out.records[-1]
            prev[S.TEXT_RAW] = str(prev[S.TEXT_RAW]).rstrip() + " " + text.strip()
            out.skip(ref(r), R_JOINED, joined)
            continue
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
        if answer and len(answer.split()) <= 8 and _ANSWERED_NOTE.search(_folded(answer)):
            answered, answer = True, ""  # "Đã trả lời tại hội nghị" says answered, it is no answer text
        n_op = _count(get(row, "count"), bare=True) or _count(get(row, "note"), bare=False)
        pieces = _cell_requests(raw_content)
        if len(pieces) <= 1:
            pieces = [(text, answered)]
        for k, (piece, piece_answered) in enumerate(pieces, start=1):
            out.record(key(r) + ((k,) if len(pieces) > 1 else ()), row_unit,
                       ref(r) + (f".{k}" if len(pieces) > 1 else ""), speaker, piece, answered or piece_answered,
                       mid, answer_text=normalize_text(answer), sector_hint=get(row, "sector") or hint,
                       n_opinions=n_op if k == 1 else 0)
    return n_rows
