"""From a document's blocks to answer rows: ministry letters, answer tables, narrative reports.

One row per quoted recommendation: an answer quoting three recommendations gives three rows
with the same ``answer_id``. Nothing is dropped silently: a table without a content column, a
document that quotes nothing, an item without an answer become rejects (Vietnamese reason,
file and row).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from .documents import Document
from .rules import Rules, fold
from .status import answer_status

ROW_KEYS = ("answer_id", "source_ref", "agency", "doc_number", "doc_date", "sector_hint", "recommendation_text",
            "answer_text", "status", "status_confidence", "status_basis", "layout")

# also typed without diacritics ("So: 312/BC-UBND", "ngay 14 thang 11 nam 2025")
_NUMBER_RE = re.compile(r"\b(?:Số|So)\s*[:.]?\s*([0-9][\w./-]*/[\w./-]+)", re.IGNORECASE)
_DATE_RE = re.compile(r"ng[àa]y\s+(\d{1,2})\s+th[áa]ng\s+(\d{1,2})\s+n[ăa]m\s+(\d{4})", re.IGNORECASE)
# sub-numbered items ("1.1. ...", "2.3 ..."): the plain numbers above them are topic headings
_SUB_RE = re.compile(r"^(\d{1,3}(?:\.\d{1,3})+)\.?\s+(.+)$")
_ITEM_RE = re.compile(r"^(?:(?:nội dung\s+)?(?:câu|kiến nghị|nội dung|mục|vấn đề|ý kiến|đề nghị)\s+(?:số\s+)?)?(\d{1,3})\s*[.):/]\s*(.*)$", re.IGNORECASE)
_ROMAN_RE = re.compile(r"^(?:[IVXL]{1,5}|[A-Z])[.)]\s+(.+)$")
# "(1) Kiến nghị số 14 ...": a number in brackets opens an item too
_PAREN_ITEM_RE = re.compile(r"^\((\d{1,3})\)\s*(.*)$")
# "a) Cử tri xã ... đề nghị ...": lettered items directly under a sector heading
_LETTER_ITEM_RE = re.compile(r"^([a-zđ])\)\s+(.{20,})$")
# a sector heading numbered in Arabic figures: "1. Lĩnh vực giao thông, xây dựng"
_NUM_SECTOR_RE = re.compile(r"^\d{1,2}[.)]\s+(.+)$")
# words naming a place below the province: a quote's "Cử tri xã A, huyện B đề nghị" keeps them
_PLACE_RE = re.compile(r"\b(?:xã|phường|thị trấn|thôn|bản|tổ|khối|ấp|huyện|quận|thị xã|thành phố|khu phố|tổ dân phố)\b",
                       re.IGNORECASE)
# a quotation introduced by a colon: 'Kiến nghị số 14 trong danh mục: "Cử tri đề nghị ..."'
_COLON_QUOTE_RE = re.compile(r":\s*[\"“«]([^\"”»]{20,})[\"”»]\s*[.;]?\s*$")
_BULLET_RE = re.compile(r"^(?:[-–+•*]|[a-zđ]\))\s*(.+)$")
_END_CUES = ("noi nhan", "tren day la", "tran trong", "kt. ", "tm. ", "kt.bo", "tm.uy", "bo truong", "chu tich")
_PREFIX_RE = re.compile(r"^\s*(?:(?:cử tri|các cử tri|ý kiến cử tri)[^:]{0,80}?(?:kiến nghị|đề nghị|phản ánh|cho rằng)\s*[:,]?\s*)",
                        re.IGNORECASE)
_QUOTE_CHARS = "\"“”„'‘’«»"


@dataclass
class Header:
    agency: str = ""
    doc_number: str = ""
    doc_date: str = ""


def answer_id(source_file: str, ref: str) -> str:
    return "TL-" + hashlib.sha1(f"{source_file}\x1f{ref}".encode("utf-8")).hexdigest()[:10]


def _sentence(text: str) -> str:
    t = text.strip()
    for _ in range(3):
        t = t.strip().strip(_QUOTE_CHARS).rstrip(".;,").strip()
    return t[0].upper() + t[1:] if t else t


def quote_text(text: str) -> str:
    """The recommendation as quoted, without "Cử tri tỉnh ... kiến nghị:" and quote marks.
    A prefix naming a commune, village or district ("Cử tri xã Tân Lập đề nghị ...") is kept:
    the place is part of the recommendation. A quotation introduced by a colon is taken alone."""
    t = text.strip()
    q = _COLON_QUOTE_RE.search(t)
    if q:
        t = q.group(1)
    m = _PREFIX_RE.match(t)
    if m and not _PLACE_RE.search(m.group(0)):
        t = t[m.end():]
    return _sentence(t.rstrip(" :"))


def read_header(paragraphs: list[tuple[str, str]], rules: Rules) -> Header:
    h = Header()
    for _ref, text in paragraphs[:30]:
        f = fold(text)
        if not h.agency and text.upper() == text and any(f.startswith(p) for p in rules.agency_prefixes):
            h.agency = _agency_name(text)
        if not h.doc_number and (m := _NUMBER_RE.search(text)):
            h.doc_number = m.group(1).rstrip(".,;")
        if not h.doc_date and (m := _DATE_RE.search(text)):
            d, mo, y = (int(x) for x in m.groups())
            if 1 <= d <= 31 and 1 <= mo <= 12:
                h.doc_date = f"{y:04d}-{mo:02d}-{d:02d}"
    return h


def _agency_name(text: str) -> str:
    """'BỘ Y TẾ' → 'Bộ Y tế'; 'ỦY BAN NHÂN DÂN TỈNH BẮC KẠN' → 'Ủy ban nhân dân tỉnh Bắc Kạn'."""
    words = text.lower().split()
    if not words:
        return ""
    out = []
    ministry = words[0] in ("bộ", "sở")
    place = {"tỉnh", "huyện", "xã", "phường", "phố", "tinh", "huyen", "xa", "phuong", "pho"}
    in_place = False
    for i, w in enumerate(words):
        if w == "ubnd":
            out.append("UBND")
            continue
        cap = i == 0 or (ministry and (i == 1 or out[-1] == "-")) or in_place
        out.append(w.capitalize() if cap else w)
        in_place = in_place or (not ministry and w in place)
    return " ".join(out)


def _find_marker(text: str, rules: Rules) -> tuple[int, int] | None:
    """Span (in ``text``) of the first answer marker; folding keeps lengths except for 'đ'."""
    f = fold(text)
    best = None
    for pat in rules.answer_markers:
        m = pat.search(f)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), m.end())
    if best is None:
        return None
    # fold() keeps one character per character for NFC Vietnamese text (NFD marks dropped)
    return best if len(f) == len(re.sub(r"\s+", " ", text.strip())) else None


def _split_marker(text: str, rules: Rules) -> tuple[str, str] | None:
    t = re.sub(r"\s+", " ", text.strip())
    span = _find_marker(t, rules)
    if span is None:
        return None
    return t[:span[0]].strip(), t[span[1]:].strip()


def _is_end(text: str) -> bool:
    f = fold(text)
    return any(f.startswith(c) for c in _END_CUES)


def _sector_heading(text: str) -> str | None:
    f = fold(text)
    m = _ROMAN_RE.match(text)
    if m and (text.upper() == text or f.split(". ", 1)[-1].startswith("linh vuc")):
        return m.group(1).strip()
    if f.startswith("linh vuc") and len(text) < 150:
        return text.strip(" :")
    m = _NUM_SECTOR_RE.match(text)
    if m and fold(m.group(1)).startswith("linh vuc") and len(text) < 150:
        return m.group(1).strip(" :")
    return None


@dataclass
class _Item:
    ref: str
    quotes: list[str]
    answer: list[str]
    sector: str
    bullets: list = field(default_factory=list)  # per quote line: was it a bullet
    lettered: bool = False  # opened by "a)" under a sector heading


def _body(paras: list[tuple[str, str]], items: list):
    """The lines of a document's body as (ref, text, current sector heading); a sector
    heading itself gives (ref, None, heading). Stops at the closing ("Nơi nhận", "Trên đây
    là ...") once ``items`` (filled by the caller) holds something."""
    sector = ""
    for ref, text in paras:
        if _is_end(text) and items:
            return
        sec = _sector_heading(text)
        if sec:
            sector = sec
            yield ref, None, sector
            continue
        yield ref, text, sector


def _letter_items(paras: list[tuple[str, str]], rules: Rules) -> list[_Item]:
    items: list[_Item] = []
    cur: _Item | None = None
    in_answer = False
    sub_numbered = any(_SUB_RE.match(t) for _r, t in paras)
    topic = ""
    section = 0  # sector headings seen: lettered items are "mục 2.a" (unique in the document)
    for ref, text, sector in _body(paras, items):
        if text is None:  # a sector heading closes the current item
            cur = None
            section += 1
            continue
        lm = _LETTER_ITEM_RE.match(text)
        if lm and (cur is None or cur.lettered):  # "a) ..." under a sector heading, not a bullet of an item
            cur = _Item(f"mục {section}.{lm.group(1)}", [lm.group(2).strip()], [], sector, [False], lettered=True)
            items.append(cur)
            in_answer = False
            continue
        m = _SUB_RE.match(text) if sub_numbered else None
        top = _ITEM_RE.match(text) or _PAREN_ITEM_RE.match(text)
        if sub_numbered and m is None and top and not _split_marker(text, rules):
            topic, cur = top.group(2).strip(" :"), None  # "1. Về chính sách tiền lương": a topic
            continue
        m = m or top
        if m:
            cur = _Item(f"mục {m.group(1)}", [], [], topic or sector)
            items.append(cur)
            in_answer = False
            text = m.group(2).strip()
            if not text:
                continue
        if cur is None:
            continue
        if not in_answer:
            split = _split_marker(text, rules)
            if split is not None:
                before, after = split
                if before:
                    cur.quotes.append(before)
                    cur.bullets.append(False)
                if after:
                    cur.answer.append(after)
                in_answer = True
            else:
                b = _BULLET_RE.match(text)
                cur.quotes.append(b.group(1) if b else text)
                cur.bullets.append(bool(b))
        else:
            cur.answer.append(text)
    for it in items:  # no answer marker: the quote is the item's first line (and the bullets
        # right after it); the paragraphs that follow are the answer
        if not it.answer and len(it.quotes) > 1:
            k = 1
            while k < len(it.quotes) and k < len(it.bullets) and it.bullets[k]:
                k += 1
            if k < len(it.quotes):
                it.quotes, it.answer = it.quotes[:k], it.quotes[k:]
    return items


def _quotes_of(item: _Item) -> list[str]:
    """Separate recommendations an item quotes: bullet lines, or a lead line then bullets."""
    qs = [quote_text(q) for q in item.quotes]
    qs = [q for q in qs if len(fold(q)) >= 12]
    if len(qs) > 1 and fold(qs[0]).endswith(("kien nghi", "de nghi", "nhu sau")):
        qs = qs[1:]
    return qs


def _narrative_items(paras: list[tuple[str, str]], rules: Rules) -> list[_Item]:
    items: list[_Item] = []
    cur = None
    for ref, text, sector in _body(paras, items):
        if text is None:
            cur = None
            continue
        f = fold(text)
        b = _BULLET_RE.match(text)
        body = b.group(1) if b else text
        fb = fold(body)
        m = _ITEM_RE.match(body)
        if m and len(m.group(2)) > 20:
            body, fb = m.group(2), fold(m.group(2))
        if any(fb.startswith(o) for o in rules.narrative_openers) or (b and len(body) > 40):
            quote, answer = _narrative_split(body, rules)
            cur = _Item(ref, [quote], [answer] if answer else [], sector)
            items.append(cur)
        elif cur is not None and f and not f.startswith(("can cu", "thuc hien", "kinh gui")):
            cur.answer.append(text)
    return items


_NARR_OPENER_RE = re.compile(r"^(?:về\s+(?:kiến nghị|đề nghị|nội dung|việc)|kiến nghị|đề nghị)\s*(?:về\s+(?:việc\s+)?)?", re.IGNORECASE)
_ANSWER_START_RE = re.compile(
    r"[.;:]\s+(?=(?:UBND|Ủy ban|Sở|Bộ|Hiện nay|Hiện|Đến nay|Năm 20\d\d|Kết quả|Công trình|Tuyến|Dự án|Trả lời|"
    r"Vấn đề này|Nội dung này|Qua rà soát|Theo|Ngày|Trong năm|Tỉnh|Đơn vị|Công ty|Huyện|Xã)\b)")


def _narrative_split(body: str, rules: Rules) -> tuple[str, str]:
    split = _split_marker(body, rules)
    if split and split[0]:
        return quote_text(_NARR_OPENER_RE.sub("", split[0])), split[1]
    colon = body.find(":")
    if 0 < colon < 400:
        return quote_text(_NARR_OPENER_RE.sub("", body[:colon])), body[colon + 1:].strip()
    m = _ANSWER_START_RE.search(body)
    if m:
        return quote_text(_NARR_OPENER_RE.sub("", body[:m.start()])), body[m.end():].strip()
    return quote_text(_NARR_OPENER_RE.sub("", body)), ""


def _header_roles(row: list[str], rules: Rules) -> dict[str, int]:
    roles: dict[str, int] = {}
    for j, cell in enumerate(row):
        f = fold(cell)
        if not f or len(f) > 60:
            continue
        for role, cues in (("status", rules.status_headers), ("result", rules.result_headers),
                           ("agency", rules.agency_headers), ("content", rules.content_headers)):
            if role not in roles and any(c in f for c in cues):
                roles[role] = j
                break
    return roles


def _mark_columns(grid: list[list[str]], i: int, roles: dict[str, int], rules: Rules) -> tuple[list, int]:
    """Status columns ticked with a mark ("x") as [(column, label)], and the first data row.

    Their labels ("Đã giải quyết", "Đang giải quyết", "Giải trình") stand in the header row
    itself or in a second header row under a merged "Tình trạng" cell; a second header row
    (its content cell empty, two or more status labels) is not data."""
    from .status import status_from_column

    taken = {j for role, j in roles.items() if role != "status"}

    def labels(row):
        return [(j, c.strip()) for j, c in enumerate(row)
                if j not in taken and 0 < len(fold(c)) <= 30 and status_from_column(c, rules)]

    here = labels(grid[i]) if "status" not in roles or len(labels(grid[i])) >= 2 else []
    if len(here) >= 2:
        return here, i + 1
    if i + 1 < len(grid):
        row = grid[i + 1]
        content = row[roles["content"]] if roles["content"] < len(row) else ""
        below = labels(row)
        if not fold(content) and len(below) >= 2:
            return below, i + 2
    return [], i + 1


def _table_rows(name: str, grid: list[list[str]], rules: Rules, where: str, rejects: list):
    """Rows of an answer table as (ref, quote, agency, result, status_cell). A table whose
    header names results or status but no content column is rejected (file, table, row)."""
    for i, row in enumerate(grid[:8]):
        roles = _header_roles(row, rules)
        if len(roles) >= 2 or ("content" in roles and len(grid) > i + 1 and "result" in roles):
            break
    else:
        return None
    if "content" not in roles:
        rejects.append((f"{name}!R{i + 1}", f"{where}: bảng '{name}' không có cột 'Nội dung kiến nghị' "
                                            f"(dòng tiêu đề {i + 1}); không đọc được các dòng của bảng này"))
        return []
    marks, first = _mark_columns(grid, i, roles, rules)
    out, sector, above = [], "", ""
    for r, row in enumerate(grid[first:], start=first + 1):
        get = lambda role: row[roles[role]] if role in roles and roles[role] < len(row) else ""  # noqa: E731
        quote = get("content")
        rest = [get(k) for k in ("agency", "result", "status")]
        marked = [label for j, label in marks if j < len(row) and fold(row[j])]
        if marked:  # "x" under "Đã giải quyết": the status the table gives
            rest[2] = marked[0]
        if not fold(quote):
            if any(fold(x) for x in rest):
                rejects.append((f"{name}!R{r}", f"{where}: bảng '{name}' dòng {r} có kết quả nhưng không có nội dung kiến nghị"))
            continue
        if not any(fold(x) for x in rest) and (quote.upper() == quote or fold(quote).startswith("linh vuc")):
            sector, above = quote, ""  # a group heading row ("I", "LĨNH VỰC Y TẾ")
            continue
        # an empty agency cell under one that names it: a cell merged over several rows (only its
        # first row holds the value once read) or "the same": the agency above, within the group
        rest[0] = above = rest[0] if fold(rest[0]) else above
        out.append((f"{name}!R{r}", quote, *rest, sector))
    return out


def parse_document(doc: Document, source_file: str, rules: Rules) -> tuple[list[dict], list[tuple[str, str]]]:
    """Answer rows (``ROW_KEYS``) and rejects ``(ref, reason)`` of one document."""
    where = f"Tệp {source_file}"
    header = read_header(doc.paragraphs, rules)
    rows: list[dict] = []
    rejects: list[tuple[str, str]] = []

    def add(ref, quotes, answer, agency, sector, status_cell, layout):
        aid = answer_id(source_file, ref)
        st, conf, basis = answer_status(answer, status_cell, rules)
        for q in quotes:
            rows.append(dict(answer_id=aid, source_ref=ref, agency=agency or header.agency, doc_number=header.doc_number,
                             doc_date=header.doc_date, sector_hint=sector, recommendation_text=q, answer_text=answer,
                             status=st, status_confidence=conf, status_basis=basis, layout=layout))

    for name, grid in doc.tables:
        trows = _table_rows(name, grid, rules, where, rejects)
        for ref, quote, agency, result, status_cell, sector in trows or []:
            add(ref, [quote_text(quote)], result, agency, sector, status_cell, "table")
    items = _letter_items(doc.paragraphs, rules)
    layout = "letter"
    if not any(it.answer for it in items):
        items, layout = _narrative_items(doc.paragraphs, rules), "narrative"
    for it in items:
        qs = _quotes_of(it)
        answer = " ".join(it.answer).strip()
        if not qs:
            rejects.append((it.ref, f"{where}, {it.ref}: không trích dẫn kiến nghị nào"))
            continue
        add(it.ref, qs, answer, "", it.sector, "", layout)
    if not rows and not rejects:
        rejects.append(("", f"{where}: không tìm thấy kiến nghị nào được trích dẫn và trả lời "
                            "(không có mục đánh số kèm 'Trả lời:', bảng 'Nội dung kiến nghị' hay đoạn 'Về kiến nghị ...')"))
    return rows, rejects
