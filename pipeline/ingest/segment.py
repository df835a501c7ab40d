"""Narrative minutes → voter turns → individual recommendations.

Pure functions over lists of lines (no file access), used by ``ingest`` for
.txt and .docx minutes. ``segment_minutes(lines)`` walks the lines once and
puts every non-empty line either into ``items`` (one or more recommendations)
or into ``skipped`` with a Vietnamese reason, so nothing disappears silently.

What it recognizes (matching is case- and diacritic-insensitive, on NFC):

* header facts: unit ("BIÊN BẢN HỘI NGHỊ TIẾP XÚC CỬ TRI ... XÃ TÂN LẬP",
  "Đơn vị: xã Tân Lập"), date ("ngày 12 tháng 10 năm 2026"), place
  ("Địa điểm: ..."), deputies ("Đại biểu ... tham dự: ..."), voters attending
  ("Số cử tri tham dự: 120 người", "có 135 cử tri tham dự") and speaking turns
  ("có 9 lượt cử tri phát biểu");
* voter turns: "Cử tri Nguyễn Văn A, thôn B đề nghị: ...", "Bà Trần Thị C
  (tổ dân phố 3): ...", and numbered ("1.", "2)", "a)") or bulleted ("-",
  "+", "•") points under a "Ý KIẾN, KIẾN NGHỊ CỦA CỬ TRI" section;
* officials' answers ("Ông ..., Chủ tịch UBND xã giải trình: ...", "Đại diện
  ... trả lời", a "Ý KIẾN GIẢI TRÌNH" section), procedure and attendance,
  which all go to ``skipped``.

A turn that raises several requests is split (on ";" or on a new sentence that
opens with "Đề nghị"/"Kiến nghị" once the text before it already asked for
something; the verb of the attribution does not count, so "X bị hỏng. Đề nghị
sửa." stays one request); the parts get references "dòng 34.1", "dòng 34.2". A point followed by "(Đã được giải
trình tại hội nghị)" is marked ``answered`` and the marker is removed.

Text is sliced from the line exactly as given: list markers and the speaker
attribution are cut off, nothing else is changed (NFD input stays NFD).

>>> seg = segment_minutes(["Cử tri Lê Văn Hòa, thôn Đồng Bục đề nghị: sửa cầu treo; lắp đèn đường thôn."])
>>> [(i.ref, i.speaker, i.text) for i in seg.items]
[('dòng 1.1', 'Lê Văn Hòa, thôn Đồng Bục', 'sửa cầu treo'), ('dòng 1.2', 'Lê Văn Hòa, thôn Đồng Bục', 'lắp đèn đường thôn.')]
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..normalize import normalize_text
from . import cues
from .units import (  # noqa: F401  (re-exported: pipeline.segment is this module)
    _TURNS,
    MeetingFacts,
    _Aligned,
    _strip_span,
    _titlecase,
    canonical_unit,
    extract_facts,
    fold,
    has_unit_kind,
    unit_from_line,
    units_in,
)
from .answer_link import AnswerLinker
from .units import without_units
from .split import (  # noqa: F401  (re-exported)
    _ABBREVIATIONS,
    _MARKER,
    _NEW_REQUEST,
    _REQUEST_VERB,
    _list_marker,
    clean_point,
    split_requests,
)

# Reasons written into ``skipped`` (user-facing, Vietnamese).
R_ANSWER = "giải trình của cán bộ"
R_PROCEDURE = "thủ tục hội nghị"
R_ATTENDANCE = "thành phần tham dự"
R_HEADER = "tiêu đề, thông tin chung của biên bản"
R_HEADING = "tiêu đề mục"
R_INTRO = "lời dẫn, không có nội dung kiến nghị"
R_MARKER = "ghi chú đã giải trình tại hội nghị"
R_OTHER = "nội dung khác, không phải ý kiến cử tri"
R_EMPTY = "dòng không có nội dung"


# --------------------------------------------------------------------------- patterns (on folded text)
_VOTER_VERB = re.compile(
    r"\b(phan anh|de nghi|kien nghi|de xuat|neu y kien|co y kien|phat bieu|mong muon|yeu cau|bay to|cho rang)\b"
)
_ANSWER_VERB = re.compile(
    r"\b(giai trinh|tra loi|tiep thu|lam ro|giai dap|thong tin them|thong tin lai|thong tin ve)\b"
)
_OFFICIAL_TITLE = re.compile(
    r"\b(chu tich|pho chu tich|bi thu|pho bi thu|giam doc|pho giam doc|truong phong|pho truong phong|"
    r"truong cong an|truong tram|can bo|cong chuc|dai dien|dai bieu|chanh van phong|truong ban|pho truong ban|"
    r"ubnd|hdnd|uy ban)\b"
)
_PERSON = re.compile(r"^(cu tri|ong|ba|anh|chi|cu|dong chi|dai dien)\s+")
_NOT_TURN = re.compile(r"^cu tri\s+(tham du|du|co mat|duoc moi|trieu tap)\b")
_MARKER_LINE = re.compile(
    r"^\s*\(?\s*da\s+(?:duoc\s+)?(?:giai trinh|tra loi|giai dap)[^()]{0,60}\)?\s*\.?\s*$"
)
_CONNECTIVE = re.compile(r"(?:(?:dong thoi|ngoai ra|ben canh do|mat khac|them nua)\s*,\s*)+")
_HEADER_LINE = re.compile(
    r"^(cong hoa xa hoi chu nghia|doc lap\s*[-–—]\s*tu do|bien ban\b|so\s*:|don vi\s*:|thoi gian\s*:|"
    r"dia diem\s*:|hom nay\b|vao hoi\b|uy ban (mat tran|mttq)|ubmttq|mat tran to quoc|uy ban nhan dan|ubnd\b|"
    r"hoi dong nhan dan|doan dai bieu|to dai bieu|hoi nghi tiep xuc cu tri|[^a-z]*ngay\s+\d{1,2}\s+thang)"
)
_PROCEDURE_LINE = re.compile(
    r"(^(chu tri|chu toa|thu ky|nguoi ghi bien ban|nguoi lap bien ban|dieu hanh)\b|khai mac|tuyen bo ly do|"
    r"gioi thieu (dai bieu|thanh phan)|bao cao (ket qua|tom tat|tinh hinh)|thong qua bien ban|bien ban (duoc|da)|"
    r"ket thuc|be mac|\(da ky\)|^da ky\b|^ky ten\b|cam on|^(thu ky|chu tri|chu toa) hoi nghi\b|"
    r"^(tm|t/m)\.? |thong qua chuong trinh)"
)
# inside the voter section only lines that open like this are procedure / answers
_VOICE_PROCEDURE = re.compile(
    r"^(chu tri|chu toa|thu ky|nguoi ghi bien ban|dieu hanh|thay mat|tm\.? |hoi nghi\b|dai bieu\b|dong chi\b)"
)
_TITLE_LINE = re.compile(r"^(cong hoa xa hoi|doc lap\s*[-–—]|bien ban\b|so\s*:)")
_ATTENDANCE_LINE = re.compile(
    r"(^thanh phan\b|tham du\b|^ve du\b|co mat\b|^khach moi\b|^dai bieu (quoc hoi|hdnd|hoi dong))"
)
_CLOSING = re.compile(r"^(hoi nghi|buoi tiep xuc|cuoc tiep xuc).{0,40}\b(ket thuc|be mac)\b")


@dataclass
class Item:
    """One recommendation: ``ref`` ("dòng 34", "dòng 34.2"), ``line`` (0-based index)."""

    ref: str
    speaker: str
    text: str
    answered: bool
    line: int
    sector_hint: str = ""
    units: tuple[str, ...] = ()  # the units the item is attributed to in the text (a consolidated report)
    n_opinions: int = 0  # "(3 lượt ý kiến)", "Có 5 lượt cử tri ...": the count written with it; 0 = none
    answer_text: str = ""  # the answer read under it in narrative minutes ("Trả lời: ...")


@dataclass
class Skip:
    ref: str
    reason: str
    text: str
    line: int


@dataclass
class Segmented:
    facts: MeetingFacts
    items: list[Item]
    skipped: list[Skip]


# --------------------------------------------------------------------------- turns
@dataclass
class _Turn:
    kind: str  # "voter" | "official"
    speaker: str
    content_start: int  # index into nfc where the recommendation text starts (len = none)


def _speaker_text(nfc: str) -> str:
    s = nfc.strip(" ,:;-–")
    m = re.match(r"^(.*?)\s*\(([^()]*)\)\s*$", s)
    if m and m.group(1):
        s = f"{m.group(1).rstrip(' ,')}, {m.group(2).strip()}"
    return normalize_text(s).strip(" ,")


def parse_turn(nfc: str, folded: str, start: int = 0) -> _Turn | None:
    """Recognize a speaker attribution at ``start``: voter turn or official's answer."""
    sub = folded[start:]
    m = _PERSON.match(sub)
    if not m or _NOT_TURN.match(sub):
        return None
    who_start = start + m.end()
    prefix = m.group(1)
    colon = folded.find(":", who_start)
    if colon != -1 and colon - who_start > 160:
        colon = -1
    zone_end = colon if colon != -1 else min(len(folded), who_start + 160)
    zone = folded[who_start:zone_end]
    ans = _ANSWER_VERB.search(zone)
    voter = _VOTER_VERB.search(zone)
    first_upper = nfc[who_start : who_start + 1].isupper()
    if prefix not in ("cu tri", "dai dien") and not first_upper:
        return None  # "Ba hộ dân ..." is not "Bà <Name>"
    if colon == -1 and not (ans or voter):
        return None
    # the verb closest to the start decides
    verb = None
    if ans and (not voter or ans.start() < voter.start()) and not (prefix == "cu tri" and voter):
        # "Cử tri X chưa đồng ý với trả lời, đề nghị: ..." is a voter speaking again
        kind, verb = "official", ans
    elif voter:
        kind, verb = "voter", voter
    else:
        kind = "official" if (_OFFICIAL_TITLE.search(zone) and prefix != "cu tri") or prefix == "dai dien" else "voter"
    if prefix == "cu tri" and kind == "voter" and not verb:
        who = zone.strip()
        if not who or not (nfc[who_start].isupper() or re.match(r"(thon|to|xom|ban|khu|ap|pho|xa|phuong|cac)\b", who)):
            return None
    who_end = who_start + verb.start() if verb else zone_end
    speaker = _speaker_text(nfc[who_start:who_end])
    if colon != -1:
        between = folded[who_start + verb.end() : colon] if verb else ""
        if verb and len(between.split()) > 6:
            content = who_start + verb.start()  # the colon belongs to the request itself
        else:
            content = colon + 1
    else:
        content = who_start + verb.start()
    return _Turn(kind, speaker, content)


# --------------------------------------------------------------------------- main
def _is_heading(nfc: str, folded: str, body_start: int, marker: str | None) -> bool:
    words = folded[body_start:].split()
    if not words or len(words) > 16:
        return False
    letters = [c for c in nfc[body_start:] if c.isalpha()]
    caps = len(letters) >= 4 and all(c.isupper() for c in letters)
    roman = bool(re.match(r"^\s*[ivx]{1,4}\s*[.)]\s", folded)) or bool(re.match(r"^\s*[a-d]\.\s", folded) and caps)
    return caps or roman


def segment_minutes(lines: list[str], refs: list[str] | None = None, *, ref_prefix: str = "dòng") -> Segmented:
    """Split the lines of one set of minutes into recommendations and skipped text.

    ``refs`` gives each line's reference (default ``"<ref_prefix> <n>"``, 1-based).
    Every line that is not blank appears in ``items`` (as one or more
    recommendations) or in ``skipped``.
    """
    if refs is None:
        refs = [f"{ref_prefix} {i + 1}" for i in range(len(lines))]
    facts = MeetingFacts()
    items: list[Item] = []
    skipped: list[Skip] = []
    section = "head"  # head | voters | answers | other | closing
    context: str | None = None  # None | voter | official | attendance
    speaker = ""
    hint = ""  # the sector heading the following items stand under
    link = AnswerLinker(fold)  # answers read into the answer_text of the turn they answer
    turn_marker: str | None = None  # list marker of the last voter line that carried a request

    def skip(i: int, reason: str) -> None:
        skipped.append(Skip(refs[i], reason, lines[i], i))
        extract_facts(lines[i], facts, in_header=section == "head")

    def answer(i: int, nfc: str, f: str) -> None:
        skip(i, R_ANSWER)
        link.answer(normalize_text(nfc).strip(), f, skipped[-1])

    def start_turn() -> None:
        link.new_turn()

    def turn_items(n_before: int, count: int) -> None:
        for it in items[n_before:]:
            it.n_opinions = count or it.n_opinions
        link.add_items(items[n_before:])

    for i, raw in enumerate(lines):
        if raw is None or not str(raw).strip():
            continue
        raw = str(raw)
        al = _Aligned(raw)
        nfc, f = al.nfc, al.folded
        if not any(c.isalpha() for c in nfc):
            skip(i, R_EMPTY)  # numbers or punctuation only ("1", "---")
            continue
        if _MARKER_LINE.match(f):
            if items and section == "voters":
                for it in items:
                    if it.line == items[-1].line:
                        it.answered = True
            skip(i, R_MARKER)
            continue
        marker, body = _list_marker(f, 0)
        body_f = f[body:]
        if section == "frame":
            skip(i, cues.R_FRAME)
            continue
        if cues.is_closing(body_f):
            link.clear()  # the closing ends what an answer can be attached to
        elif _is_heading(nfc, f, body, marker):
            if (_ANSWER_VERB.search(body_f) or cues.is_reply(body_f)) and not cues.sector_heading(body_f):
                link.open_answers()  # "PHẦN II. GIẢI TRÌNH ...": each answer line finds its turn
            elif cues.sector_heading(body_f):
                link.section_break()  # a sector: answers below it answer its turns only
            else:
                link.clear()  # a heading ends what an answer can be attached to
        if section == "closing":
            skip(i, R_PROCEDURE)
            continue
        if _CLOSING.match(body_f):
            section = "closing"
            skip(i, R_PROCEDURE)
            continue
        if section != "head" and cues.is_closing(body_f):
            section = "frame"  # "Trên đây là ...", "Nơi nhận:": the rest is the document's frame
            skip(i, cues.R_FRAME)
            continue
        if cues.is_frame_line(body_f):
            skip(i, cues.R_FRAME)
            continue
        if cues.is_reply(body_f) or (section == "voters" and cues.is_reply_intro(body_f)
                                     and parse_turn(nfc, f, body) is None):
            # an answer with or without a speaker name; a heading opens an answers part
            short = len(body_f.split()) <= 10 and (body_f.rstrip().endswith(":") or _is_heading(nfc, f, body, marker)
                                                   or not body_f.rstrip().endswith((".", ";")))
            if short or section != "voters":
                section = "answers"
            context = "official"
            answer(i, nfc, f)
            continue
        if cues.sector_heading(body_f):
            hint = normalize_text(nfc).strip(" :")
            if section in ("head", "other"):
                section = "voters"
            context, speaker = None, ""
            link.section_break()
            skip(i, cues.R_SECTOR)
            continue
        cut = cues.sector_prefix_end(body_f)
        if cut > 0 and section != "answers":
            hint = normalize_text(nfc[body : body + cut]).strip(" :")
            body += cut
            while body < len(f) and f[body].isspace():
                body += 1
            body_f = f[body:]
            if section in ("head", "other"):
                section = "voters"

        conn = _CONNECTIVE.match(body_f)
        if conn and section == "voters" and conn.end() < len(body_f):
            body += conn.end()  # "Đồng thời, ...", "Ngoài ra, cử tri X kiến nghị: ..." (not part of the text)
            body_f = f[body:]
        count, at = cues.count_lead(body_f)  # "Có 5 lượt cử tri kiến nghị: ..." → 5, then the turn
        if count:
            body += at
            body_f = f[body:]
        n_before = len(items)
        turn = parse_turn(nfc, f, body)
        if turn is None and section in ("voters", "answers") and cues.is_agreement(body_f):
            skip(i, cues.R_AGREEMENT)
            continue
        if turn is None and _is_heading(nfc, f, body, marker):
            has_voice = ("kien nghi" in body_f or "y kien" in body_f) and "cu tri" in body_f
            if _ANSWER_VERB.search(body_f):
                section, context = "answers", "official"
                skip(i, R_HEADING)
            elif has_voice:
                section, context, speaker = "voters", None, ""
                skip(i, R_HEADING)
            elif "thanh phan" in body_f or "tham du" in body_f:
                section, context = "other", "attendance"
                skip(i, R_ATTENDANCE)
            else:
                if section != "head":
                    section = "other"
                context = None
                skip(i, R_HEADER if section == "head" else R_HEADING)
            continue

        if turn is not None and (turn.kind == "voter" or section in ("voters", "answers", "other")):
            if turn.kind == "official":
                context = "official"
                answer(i, nfc, f)
                continue
            if section in ("head", "other", "answers") and section != "voters":
                section = "voters"
            context, speaker = "voter", turn.speaker
            start_turn()
            turn_marker = None
            content_start = turn.content_start
            if content_start >= len(f) or not normalize_text(nfc[content_start:]).strip(" .:;-"):
                skip(i, R_INTRO)
                continue
            if not _emit(items, al, i, refs[i], turn.speaker, content_start, False, hint):
                turn_marker = None
                skip(i, R_INTRO)
            else:
                turn_marker = marker
                turn_items(n_before, count)
            continue

        # lines without an attribution
        if section == "answers":
            answer(i, nfc, f)
            continue
        ends_colon = f.rstrip().endswith(":")
        if section in ("head", "other"):
            if ends_colon and "cu tri" in body_f and ("kien nghi" in body_f or "y kien" in body_f or "phat bieu" in body_f):
                section, context, speaker = "voters", None, ""
                skip(i, R_INTRO)
            elif context == "attendance" and marker in ("bullet", "letter", "num") and not _PROCEDURE_LINE.search(body_f):
                skip(i, R_ATTENDANCE)
            elif _ATTENDANCE_LINE.search(body_f):
                context = "attendance"
                skip(i, R_ATTENDANCE)
            elif _PROCEDURE_LINE.search(body_f):
                context = None
                skip(i, R_PROCEDURE)
            elif _HEADER_LINE.match(body_f) or (section == "head" and unit_from_line(nfc)):
                skip(i, R_HEADER)
            else:
                skip(i, R_OTHER)
            continue
        # section == "voters"
        if ends_colon:
            skip(i, R_INTRO)
            continue
        if marker is None and _VOICE_PROCEDURE.match(body_f):
            if _ANSWER_VERB.search(body_f):
                answer(i, nfc, f)
            else:
                skip(i, R_PROCEDURE)
            continue
        if marker is not None and marker == turn_marker and context == "voter":
            # "- Cử tri xã A kiến nghị: X." then "- Đề nghị Y.": a sibling point, not A's
            context, speaker = None, ""
        if marker == "num":
            context, speaker = "voter", ""
            start_turn()
        elif context == "official":
            answer(i, nfc, f)
            continue
        if marker is None and (_TITLE_LINE.match(body_f) or _TURNS.search(body_f)):
            skip(i, R_OTHER)
            continue
        if context != "voter":
            start_turn()  # an unattributed point under a heading: a turn of its own
        if not _emit(items, al, i, refs[i], speaker if marker != "num" else "", body, False, hint):
            skip(i, R_EMPTY)
        else:
            turn_items(n_before, count)

    link.flush()
    if not items:
        # Minutes without any voter section or attribution (a bare list of requests):
        # lines that ask for something become the recommendations.
        kept = []
        for sk in skipped:
            al = _Aligned(str(lines[sk.line]))
            marker, body = _list_marker(al.folded, 0)
            asks = _NEW_REQUEST.match(al.folded[body:]) or (marker and _REQUEST_VERB.search(al.folded[body:]))
            if sk.reason == R_OTHER and asks:
                if _emit(items, al, sk.line, sk.ref, "", body, False):
                    continue
            kept.append(sk)
        skipped = kept
    for it in items:
        _attribute(it)
    return Segmented(facts, items, skipped)


_ATTRIB_TAIL = re.compile(
    r"\s*\(\s*(?:cu tri\s+)?((?:cac\s+)?(?:xa|phuong|thi tran|dac khu|thi xa|thanh pho|huyen)\s[^()]*)\)\s*([.;]?)\s*$")


def _attribute(it: Item) -> None:
    """Units named in the speaker ("Cử tri xã A, xã B kiến nghị") or in a closing
    "(Cử tri xã A, phường B)" of the text; the closing attribution leaves the text."""
    if it.speaker:  # "Cử tri xã A, xã B (3 lượt ý kiến) kiến nghị"
        cut, n = cues.opinion_count(it.speaker)
        if n:
            it.speaker, it.n_opinions = cut.strip(" ,;"), it.n_opinions or n
    cut, n = cues.opinion_count(it.text)
    if n:
        it.text, it.n_opinions = cut, it.n_opinions or n
    units = units_in(it.speaker) if it.speaker else []
    if units and not re.sub(r"\b(va|cac|cu tri)\b", "", without_units(it.speaker)).strip(" ,;-()"):
        it.speaker = ""  # the speaker was only the attribution: it stays in unit, not written twice
    nfc = unicodedata.normalize("NFC", it.text)
    m = _ATTRIB_TAIL.search(fold(nfc))
    if m:
        tail = units_in(nfc[m.start(1) : m.end(1)])
        if tail:  # the item's own closing attribution names its units
            it.text = nfc[: m.start()].rstrip() + (m.group(2) or "")
            units = tail
    it.units = tuple(units)


def _emit(
    items: list[Item], al: _Aligned, line: int, ref: str, speaker: str, start: int, request: bool, hint: str = ""
) -> bool:
    """Append the recommendation(s) found in ``al`` from ``start`` on; False if there is none."""
    f = al.folded
    spans = split_requests(al.nfc, start, len(f), has_request=request)
    found = []
    for a, b in spans:
        answered = False
        pieces = []
        cur = a
        for m in _MARKER.finditer(f, a, b):
            answered = True
            pieces.append(al.raw_slice(cur, m.start()))
            cur = m.end()
        pieces.append(al.raw_slice(cur, b))
        text = "".join(pieces).strip()
        text = re.sub(r"^[\s;,:]+", "", text)
        if normalize_text(text).strip(" .;,-"):
            found.append((text, answered))
    if len(found) == 1:
        items.append(Item(ref, speaker, found[0][0], found[0][1], line, hint))
    else:
        for k, (text, answered) in enumerate(found, start=1):
            items.append(Item(f"{ref}.{k}", speaker, text, answered, line, hint))
    return bool(found)
