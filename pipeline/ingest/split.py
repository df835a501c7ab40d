"""Splitting a voter's turn into its requests, and cleaning one request (list and
"answered" markers). Used by ``segment`` (narrative text) and ``table`` (cells).
"""

from __future__ import annotations

import re

from .units import _Aligned, _strip_span, fold

_LIST_NUM = re.compile(r"^\s*(?:\d{1,3}|[ivxlc]{1,5})\s*[.)]\s+(?=\S)")
_OPINION_NUM = re.compile(r"^\s*y kien(?:\s+(?:so|thu))?\s+\d{1,3}\s*[:.)–-]\s*(?=\S)")
_LIST_LETTER = re.compile(r"^\s*[a-z]\s*\)\s*(?=\S)|^\s*[a-z]\.\s+(?=\S)")
# a bullet is followed by a space or a letter: "-1 hộ", "+84 912..." keep their sign
_LIST_BULLET = re.compile(r"^\s*[-+•–—*·●○■□▪◦➢►]+(?:\s+|(?![\d\s]))(?=\S)")

_REQUEST_VERB = re.compile(r"\b(de nghi|kien nghi|de xuat|yeu cau|mong muon)\b")
_MARKER = re.compile(
    r"\s*\(\s*da\s+(?:duoc\s+)?(?:giai trinh|tra loi|giai dap)[^()]{0,60}\)\s*\.?"
)
_ABBREVIATIONS = frozenset("TP Tp tp TX Tx TT Th ThS TS PGS GS BS Bs St ĐC Đ/c đ/c v.v".split())
# a sentence end, or ", đồng thời đề nghị ..." (a second request joined to the first)
_SENTENCE_END = re.compile(
    r"[.!?](?=\s+\S)|,(?=\s*(?:dong thoi|ngoai ra|ben canh do|mat khac)\s*,?\s*(?:de nghi|kien nghi|de xuat)\b)")
_LEAD_CONNECTIVE = re.compile(r"(?:dong thoi|ngoai ra|ben canh do|mat khac|them nua)\s*,?\s*(?=(?:de nghi|kien nghi|de xuat)\b)")
_NEW_REQUEST = re.compile(
    r"^(?:(?:dong thoi|ngoai ra|ben canh do|mat khac|cu tri cung|cung|them nua)\s*,?\s*)*"
    r"(?:de nghi|kien nghi|de xuat)\b"
)

def _list_marker(folded: str, start: int) -> tuple[str | None, int]:
    """Kind of list marker at ``start`` ("num", "letter", "bullet" or None) and where text begins."""
    sub = folded[start:]
    m = _OPINION_NUM.match(sub)
    if m:  # "Ý kiến 1:", "Ý kiến thứ 2." numbers a voter's turn
        return "num", start + m.end()
    for kind, rx in (("num", _LIST_NUM), ("letter", _LIST_LETTER), ("bullet", _LIST_BULLET)):
        m = rx.match(sub)
        if m:
            return kind, start + m.end()
    return None, start



# --------------------------------------------------------------------------- splitting
def split_requests(text: str, start: int, end: int, *, has_request: bool = False) -> list[tuple[int, int]]:
    """Spans of the separate requests in ``text[start:end]`` (NFC text).

    Splits on ";" when every part has at least three words, then on a new
    sentence opening with "đề nghị"/"kiến nghị" once a request has been made.

    >>> t = "Đề nghị sửa cầu treo. Đề nghị lắp đèn."
    >>> [t[a:b] for a, b in split_requests(t, 0, len(t))]
    ['Đề nghị sửa cầu treo.', 'Đề nghị lắp đèn.']
    """
    folded = fold(text)
    spans = []
    pieces = []
    a = start
    for m in re.finditer(";", folded[start:end]):
        pieces.append((a, start + m.start()))
        a = start + m.end()
    pieces.append((a, end))
    if len(pieces) > 1 and any(len(folded[p:q].split()) < 3 for p, q in pieces):
        pieces = [(start, end)]
    pieces = _situations_joined(folded, pieces, has_request)
    for p, q in pieces:
        cur = p
        asked = has_request
        for m in _SENTENCE_END.finditer(folded, p, q):
            before = text[p : m.start()].split()
            if before and (before[-1] in _ABBREVIATIONS or (len(before[-1]) == 1 and before[-1].isalpha())):
                continue  # abbreviations such as "TP." / "TX." / "Q." end no sentence
            nxt = m.end()
            while nxt < q and folded[nxt].isspace():
                nxt += 1
            seg_text = folded[cur : m.end()]
            if _REQUEST_VERB.search(seg_text):
                asked = True
            if asked and _NEW_REQUEST.match(folded[nxt:q]):
                spans.append((cur, m.end()))
                cur = nxt
                asked = False
        spans.append((cur, q))
        has_request = False
    out = []
    for k, (p, q) in enumerate(spans):
        p, q = _strip_span(folded, p, q, " \t;,")
        if k and folded[:p].rstrip().endswith(","):  # ", đồng thời đề nghị ...": the connective is not text
            m = _LEAD_CONNECTIVE.match(folded, p)
            p = m.end() if m else p
        if p < q:
            out.append((p, q))
    return out


def _situations_joined(folded: str, pieces: list[tuple[int, int]], has_request: bool) -> list[tuple[int, int]]:
    """Pieces that state a situation (no request in them) followed by "; đề nghị ..." are one
    request with it: "Đường sạt lở sau mưa lũ; xe không đi được; đề nghị sớm khắc phục" is
    not split. A list of requests ("đề nghị: sửa cầu; lắp đèn") stays split."""
    def situation(i: int) -> bool:
        p, q = pieces[i]
        return not _REQUEST_VERB.search(folded[p:q]) and not (i == 0 and has_request)

    out: list[tuple[int, int]] = []
    i = 0
    while i < len(pieces):
        j = i
        while j < len(pieces) and situation(j):
            j += 1
        if j > i and j < len(pieces) and _NEW_REQUEST.match(folded[pieces[j][0]:pieces[j][1]].lstrip()):
            out.append((pieces[i][0], pieces[j][1]))  # the situations and the request they lead to
            i = j + 1
        else:
            out.append(pieces[i])
            i += 1
    return out


def clean_point(text: str) -> tuple[str, bool]:
    """A recommendation written in one cell → (text without list or answered marker, answered).

    >>> clean_point("- Đề nghị sửa cầu treo (Đã được giải trình tại hội nghị)")
    ('Đề nghị sửa cầu treo', True)
    """
    al = _Aligned(text.strip())
    _, start = _list_marker(al.folded, 0)
    answered = False
    pieces, cur = [], start
    for m in _MARKER.finditer(al.folded, start):
        answered = True
        pieces.append(al.raw_slice(cur, m.start()))
        cur = m.end()
    pieces.append(al.raw_slice(cur, len(al.folded)))
    return "".join(pieces).strip(), answered
