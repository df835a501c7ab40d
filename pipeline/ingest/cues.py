"""Reply, frame, sector and agreement cues, read from ``pipeline/data/segment_cues.toml``.

All functions take FOLDED text (``units.fold``): lower case, no diacritics.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from ..io import read_toml

_CUES = Path(__file__).resolve().parent.parent / "data" / "segment_cues.toml"
_REQUEST = re.compile(r"\b(de nghi|kien nghi|de xuat|yeu cau|mong|can\s+(som\s+)?(co|xem xet|quan tam))\b")
_COLUMN_NUMBER = re.compile(r"^\(?\s*(\d{1,2}|[A-Za-z])\s*\)?$")

# Reasons written into ``skipped`` (user-facing, Vietnamese).
R_FRAME = "phần khung của văn bản (lời kết, nơi nhận, lưu, chữ ký)"
R_SECTOR = "tiêu đề lĩnh vực"
R_AGREEMENT = "ý kiến đồng tình, không có kiến nghị"
R_COLUMN_NUMBERS = "dòng đánh số cột (1), (2), (3)"
R_TABLE_ANSWER = "trả lời của cơ quan, ghi vào cột answer_text của kiến nghị phía trên"
R_ANSWER_READ = "giải trình của cán bộ, ghi vào cột answer_text của kiến nghị phía trên"


def _alt(patterns: list[str]) -> re.Pattern:
    return re.compile(r"^\s*(?:" + "|".join(f"(?:{p})" for p in patterns) + ")")


@lru_cache(maxsize=1)
def _compiled() -> dict[str, re.Pattern]:
    data = read_toml(_CUES, "tệp dấu hiệu đọc biên bản")
    return {
        "reply": _alt(data["reply"]["starts"]),
        "closing": _alt(data["frame"]["closing"]),
        "frame": _alt(data["frame"]["lines"]),
        "sector": _alt([data["sector"]["heading"]]),
        "agreement": _alt(data["agreement"]["starts"]),
    }


def is_reply(folded: str) -> bool:
    """The line or cell opens an official's answer ("Trả lời:", "Ý kiến giải trình ...")."""
    return bool(_compiled()["reply"].match(folded))


_ANSWER_VERB = re.compile(r"\b(tra loi|giai trinh|tiep thu|giai dap)\b")


def is_reply_intro(folded: str) -> bool:
    """An unnamed or titled speaker introducing an answer: "Đại biểu X tiếp thu và trả lời:"."""
    colon = folded.find(":")
    if colon == -1:
        return False
    head = folded[:colon]
    return len(head.split()) <= 20 and bool(_ANSWER_VERB.search(head)) and not _REQUEST.search(head)


def reply_start(folded: str) -> int:
    """Where an answer starts inside a cell that holds a request then its answer, or -1.

    Only a cue that follows a sentence end or a line break counts.
    """
    for m in re.finditer(r"(?:[.;:!?)]\s+|\n\s*)(?=\S)", folded):
        if is_reply(folded[m.end():]):
            return m.end()
    return -1


def is_closing(folded: str) -> bool:
    """The document's closing starts here (everything after is frame)."""
    return bool(_compiled()["closing"].match(folded))


def is_frame_line(folded: str) -> bool:
    return bool(_compiled()["frame"].match(folded)) and len(folded.split()) <= 12


def sector_heading(folded: str) -> bool:
    """A sector heading ("Lĩnh vực giao thông", "Về lĩnh vực y tế:") that asks for nothing."""
    if not _compiled()["sector"].match(folded) or len(folded.split()) > 14:
        return False
    return not _REQUEST.search(folded)


def sector_prefix_end(folded: str) -> int:
    """End of a "Về lĩnh vực ...:" prefix that opens a request, or -1."""
    m = _compiled()["sector"].match(folded)
    if not m:
        return -1
    colon = folded.find(":", m.end())
    if colon == -1 or len(folded[:colon].split()) > 10 or not folded[colon + 1:].strip():
        return -1
    return colon + 1


def is_agreement(folded: str) -> bool:
    """A statement of agreement with no request in it."""
    return bool(_compiled()["agreement"].match(folded)) and not _REQUEST.search(folded)


def is_column_numbers(cells: list[str]) -> bool:
    """A row of column numbers under a table header: "(1)", "(2)", "(3)" ..."""
    vals = [c.strip() for c in cells if c and c.strip()]
    return len(vals) >= 2 and all(_COLUMN_NUMBER.match(v) for v in vals)


# "(3 lượt ý kiến)", "(02 ý kiến)", "(có 5 lượt cử tri)", "(3 lượt)": a count of the voters
# who raised the item in a consolidated report (folded text)
_COUNT_PAREN = re.compile(
    r"\s*[(\[]\s*(?:co\s+)?(\d{1,4})\s+(?:luot(?:\s+y kien)?|y kien)"
    r"(?:\s+(?:cua\s+)?cu tri)?(?:\s+(?:kien nghi|de nghi|phan anh|neu))?\s*[)\]]"
)
# "Có 5 lượt cử tri kiến nghị ..." opening a line or cell: the count, then "cử tri ..."
_COUNT_LEAD = re.compile(r"^\s*(?:da\s+)?co\s+(\d{1,4})\s+(?:luot\s+)?(?:y kien\s+)?(?:cua\s+)?(?=cu tri\b)")


def count_lead(folded: str) -> tuple[int, int]:
    """(count, where "cử tri ..." starts) of a line opening "Có 5 lượt cử tri ...", else (0, 0)."""
    m = _COUNT_LEAD.match(folded)
    return (int(m.group(1)), m.end()) if m and int(m.group(1)) > 0 else (0, 0)


def opinion_count(text: str) -> tuple[str, int]:
    """(text without its count of opinions, the count; 0 when none).

    >>> opinion_count("Đề nghị nâng cấp đường liên xã (3 lượt ý kiến).")
    ('Đề nghị nâng cấp đường liên xã.', 3)
    >>> opinion_count("Có 5 lượt cử tri kiến nghị sửa cầu treo")
    ('cử tri kiến nghị sửa cầu treo', 5)
    """
    import unicodedata

    from .units import fold

    nfc = unicodedata.normalize("NFC", str(text))
    folded = fold(nfc)
    n, start = count_lead(folded)
    if n:
        nfc, folded = nfc[start:], folded[start:]
    m = _COUNT_PAREN.search(folded)
    if m and int(m.group(1)) > 0:
        n = n or int(m.group(1))
        left, right = nfc[: m.start()], nfc[m.end():]
        joint = " " if left and right and not right[0].isspace() and right[0] not in ".;,:!?)" else ""
        nfc = (left + joint + right).strip()
    return nfc, n
