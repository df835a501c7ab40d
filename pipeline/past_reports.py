"""Reading past consolidated reports back as labelled data.

A consolidated report (báo cáo tổng hợp ý kiến, kiến nghị cử tri) lists its items under
sector headings ("1. Y tế, bảo hiểm y tế", "Về lĩnh vực giáo dục", "II. GIAO THÔNG"),
inside authority sections ("II. Kiến nghị thuộc thẩm quyền Trung ương", "Kiến nghị với
UBND tỉnh"). ``read_report`` turns such a document into one row per item with the sector
of the heading above it and the authority of the section around it.

The document is first reduced to a list of ``Block`` (text + whether it looks like a
heading), so other formats (.pdf, .doc) plug in by producing blocks; ``docx_blocks``
does it for Word files, taking boldness from the run, its character style, the
paragraph style and that style's base styles (cutri's own report puts bold in the
paragraph style), and reading tables row by row.

Headings are mapped to sectors by the taxonomy labels and the heading table
(``pipeline/data/report_headings.csv`` + ``[classify] heading_map``); a heading that maps
to none is listed in ``Reading.unmapped`` and its items are not guessed.
A file with no sector headings, or whose items read like minutes (speaker turns,
procedure, officials' answers), is refused with ``LabelsError``.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import schemas as S
from .errors import LabelsError
from .normalize import fold, normalize_text

DATA = Path(__file__).parent / "data"
CUES_FILE = DATA / "report_reading.toml"
HEADINGS_FILE = DATA / "report_headings.csv"


@dataclass(frozen=True)
class Block:
    """One paragraph (or table row) of a document, in reading order."""

    text: str
    heading_style: bool = False  # bold throughout, or a Heading/Title style
    where: str = ""  # "đoạn 12", "bảng 1, dòng 3"


@dataclass
class Reading:
    rows: pd.DataFrame  # text, sector, authority, heading, where
    unmapped: list[tuple[str, int]] = field(default_factory=list)  # (heading, items under it)
    headings: list[tuple[str, str]] = field(default_factory=list)  # (heading, slug)
    n_blocks: int = 0
    minutes_like: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def _cues() -> dict:
    from .io import read_toml

    cues = read_toml(CUES_FILE, "tệp dấu hiệu đọc báo cáo cũ")
    cues["minutes_turn_re"] = [re.compile(p) for p in cues["minutes_turn"]]
    cues["connectives"] = sorted(cues["connectives"], key=len, reverse=True)
    return cues


@lru_cache(maxsize=1)
def default_heading_map() -> tuple[tuple[str, str], ...]:
    """(folded key, slug) pairs of the heading table shipped with cutri."""
    with open(HEADINGS_FILE, encoding="utf-8") as fh:
        return tuple((fold(r["heading"]), r["sector"].strip()) for r in csv.DictReader(fh) if r["heading"].strip())


def heading_map(cfg) -> dict[str, str]:
    """Taxonomy labels (exact, folded) + shipped table + the config's ``heading_map``."""
    table = dict(default_heading_map())
    table.update({fold(k): v for k, v in cfg.classify.heading_map})
    return {k: v for k, v in table.items() if v in cfg.taxonomy.slugs}


# -- Word documents -----------------------------------------------------------------------------

def _style_bold(style) -> bool | None:
    while style is not None:
        b = style.font.bold
        if b is not None:
            return b
        style = style.base_style
    return None


def _is_heading_style(style) -> bool:
    while style is not None:
        name = (style.name or "").lower()
        if name.startswith(("heading", "title")) or name in ("tiêu đề", "tieu de"):
            return True
        style = style.base_style
    return False


def _para_bold(para) -> bool:
    """Every visible run bold: run → its character style chain → paragraph style chain."""
    pstyle_bold = None
    try:
        pstyle_bold = _style_bold(para.style)
    except Exception:  # a style id the document does not define
        pstyle_bold = None
    seen = False
    for run in para.runs:
        if not run.text.strip():
            continue
        seen = True
        b = run.bold
        if b is None:
            try:
                b = _style_bold(run.style) if run.style is not None and run.style.type == 2 else None
            except Exception:
                b = None
        if b is None:
            b = pstyle_bold
        if not b:
            return False
    return seen


def docx_blocks(path: Path) -> list[Block]:
    """The paragraphs and table rows of a .docx, in body order."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        doc = Document(str(path))
    except Exception as exc:
        raise LabelsError(f"{path}: không mở được tệp Word ({type(exc).__name__}).") from None
    blocks: list[Block] = []
    n_par = n_tab = 0
    for el in doc.element.body.iterchildren():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "p":
            n_par += 1
            para = Paragraph(el, doc)
            try:
                styled = _is_heading_style(para.style)
            except Exception:
                styled = False
            blocks.append(Block(para.text, styled or _para_bold(para), f"đoạn {n_par}"))
        elif tag == "tbl":
            n_tab += 1
            table = Table(el, doc)
            for r, row in enumerate(table.rows, start=1):
                cells, seen = [], set()
                bold = True
                for cell in row.cells:  # the same cell object for each column a merged cell spans
                    if id(cell) in seen:
                        continue
                    seen.add(id(cell))
                    t = cell.text.strip()
                    if t:
                        cells.append(t)
                        bold = bold and all(_para_bold(p) for p in cell.paragraphs if p.text.strip())
                if not cells:
                    continue
                where = f"bảng {n_tab}, dòng {r}"
                if len(cells) == 1:  # a merged row: a heading or a one-cell item
                    blocks.append(Block(cells[0], bold, where))
                elif bold or sum(bool(re.fullmatch(r"[\d.,%\s–-]+", c)) for c in cells) >= 2:
                    continue  # a header, total or statistics row
                else:  # STT | item | units ...: the longest cell is the item, a number cell its numbering
                    longest = max(cells, key=len)
                    number = cells[0] if re.fullmatch(r"[\dIVXivx]+[.)]?", cells[0]) else ""
                    blocks.append(Block(f"{number.rstrip('.)')}. {longest}" if number else longest, bold, where))
    return blocks


# -- recognising headings and items --------------------------------------------------------------

_NUMBER = re.compile(r"^\s*(?:(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])\s*[.):]|[-–•+*])\s*", re.IGNORECASE)
_HEAD_NUMBER = re.compile(r"^\s*(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])\s*[.)]\s*\S", re.IGNORECASE)
_REQUEST_VERB = re.compile(r"\b(?:de nghi|kien nghi|phan anh|de xuat|yeu cau)\b")
_ROMAN = re.compile(r"^\s*[IVXLC]+\s*[.):]\s*")
_ATTRIB = re.compile(r"\s*\((?:[Cc]ử tri|[Cc]u tri|[Đđ]ơn vị|[Ýý] kiến)[^()]*\)")
_COUNT = re.compile(r"\s*\(\s*\d+\s*(?:lượt\s*)?(?:ý kiến|kiến nghị|lượt)[^()]*\)", re.IGNORECASE)
_ABOUT = re.compile(r"^(?:ve|cac)?\s*(?:(?:cac\s+)?(?:linh vuc|nhom|van de)\s+)?", re.IGNORECASE)
_PHONE = re.compile(r"(?:\+84|0)\d{2,3}[ .]?\d{3}[ .]?\d{3,4}")
_IDNUM = re.compile(r"\b\d{9}(?:\d{3})?\b")


def _strip_number(text: str) -> str:
    return _NUMBER.sub("", text, count=1).strip()


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def _authority_of(folded: str) -> str | None:
    c = _cues()
    if not any(w in folded for w in c["section_words"]):
        return None
    central = any(w in folded for w in c["central_words"])
    local = any(w in folded for w in c["local_words"])
    if central and not local:
        return S.CENTRAL
    if local and not central:
        return S.LOCAL
    return None


def sector_of_heading(text: str, table: dict[str, str], labels: dict[str, str]) -> str | None:
    """The sector a heading names: its folded text is a taxonomy label, else the longest table key in it."""
    body = _ABOUT.sub("", fold(_strip_number(text))).strip(" .:;")
    if body in labels:
        return labels[body]
    best = None
    for key, slug in table.items():
        if re.search(rf"(?<!\w){re.escape(key)}(?!\w)", body) and (best is None or len(key) > len(best[0])):
            best = (key, slug)
    return best[1] if best else None


def clean_item(text: str) -> str:
    """The request of an item: numbering, attributions, counts, connectives and contact details removed."""
    t = _strip_number(normalize_text(text))
    t = _COUNT.sub("", _ATTRIB.sub("", t))
    t = _PHONE.sub("", _IDNUM.sub("", t))
    f = fold(t)
    for con in _cues()["connectives"]:
        if f.startswith(con):
            rest = t[len(con):].lstrip(" ,:;-–")
            if len(rest) >= 10:
                t = rest[:1].upper() + rest[1:]
            break
    return re.sub(r"\s+", " ", t).strip(" ;").rstrip(".").strip()


def looks_like_minutes(text: str) -> bool:
    f = fold(text)
    return any(p.search(f) for p in _cues()["minutes_turn_re"])


def _is_heading(block: Block, folded: str) -> bool:
    text = block.text.strip()
    if len(text) > 160 or text.endswith((".", ";")) and not _ROMAN.match(text):
        return False
    if block.heading_style or _is_caps(text):
        return True
    return bool(re.match(r"^(?:[ivxlc]+\s*[.)]\s*)?(?:ve|cac)\s+(?:linh vuc|nhom|van de)\b", folded)) or \
        bool(re.match(r"^(?:[ivxlc]+|\d+|[a-z])\s*[.)]\s*linh vuc\b", folded))


def read_blocks(blocks: list[Block], cfg, name: str) -> Reading:
    """Label the items of a report given as blocks; refuse what is not a report."""
    cues = _cues()
    table = heading_map(cfg)
    labels = {fold(s.label): s.slug for s in cfg.taxonomy.sectors}
    labels.update({fold(s.slug.replace("_", " ")): s.slug for s in cfg.taxonomy.sectors})
    rows, headings, minutes_like = [], [], []
    unmapped: dict[str, int] = {}
    sector = authority = current_unmapped = None
    first_texts = [fold(b.text) for b in blocks[:15] if b.text.strip()]
    if any(f.startswith(t) for f in first_texts for t in cues["minutes_title"]):
        raise LabelsError(
            f"{name}: tệp này là biên bản tiếp xúc cử tri, không phải báo cáo tổng hợp đã phân loại; "
            "không học dữ liệu nào từ tệp này. Hãy chạy `cutri run` cho biên bản, hoặc dùng báo cáo tổng hợp."
        )
    n_items_seen = 0
    unmapped_numbered = False
    for block in blocks:
        text = normalize_text(block.text)
        if not text:
            continue
        folded = fold(text)
        if any(folded.startswith(w) for w in cues["stop_words"]):
            sector = current_unmapped = None
            if folded.startswith("phu luc"):
                break
            continue
        short = len(text) <= 120 and not text.endswith((".", ")", ";"))
        auth = _authority_of(folded) if short else None
        if auth:
            authority, sector, current_unmapped = auth, None, None
            continue
        if _is_heading(block, folded) or (short and _HEAD_NUMBER.match(text) and len(text) <= 90
                                         and not _REQUEST_VERB.search(folded)
                                         and sector_of_heading(text, table, labels)):
            slug = sector_of_heading(text, table, labels) if (block.heading_style or _is_caps(text) or
                                                               _NUMBER.match(text) or "linh vuc" in folded) else None
            if slug:
                sector, current_unmapped = slug, None
                headings.append((text, slug))
            else:
                sector, current_unmapped = None, text
                unmapped_numbered = bool(_NUMBER.match(text)) or folded.startswith(("ve ", "linh vuc"))
            continue
        numbered = bool(_NUMBER.match(text))
        if sector is None:
            if current_unmapped is not None and numbered and (authority or unmapped_numbered):
                unmapped[current_unmapped] = unmapped.get(current_unmapped, 0) + 1
            continue
        item = clean_item(text)
        if len(item) < 15:
            continue
        n_items_seen += 1
        if looks_like_minutes(text):
            minutes_like.append(text)
            continue
        rows.append({"text": item, "sector": sector, "authority": authority or "", "heading": headings[-1][0],
                     "where": block.where})
    reading = Reading(pd.DataFrame(rows, columns=["text", "sector", "authority", "heading", "where"]),
                      sorted(unmapped.items()), headings, len(blocks), minutes_like)
    if not headings:
        found = f"{len(blocks)} đoạn" + (f", {len(unmapped)} tiêu đề không khớp lĩnh vực nào" if unmapped else "")
        raise LabelsError(
            f"{name}: không tìm thấy tiêu đề lĩnh vực nào (đã đọc {found}); đây không phải báo cáo tổng hợp "
            "có phân loại theo lĩnh vực. Không học dữ liệu nào; kho dữ liệu giữ nguyên."
            + _unmapped_hint(reading)
        )
    if n_items_seen and len(minutes_like) >= max(3, 0.3 * n_items_seen):
        raise LabelsError(
            f"{name}: {len(minutes_like)}/{n_items_seen} mục trông như lời phát biểu, trả lời hoặc thủ tục của "
            f"biên bản (ví dụ: “{minutes_like[0][:80]}”); không học dữ liệu nào; kho dữ liệu giữ nguyên."
        )
    if reading.rows.empty:
        raise LabelsError(
            f"{name}: có {len(headings)} tiêu đề lĩnh vực nhưng không có mục kiến nghị nào dưới chúng; "
            "không học dữ liệu nào; kho dữ liệu giữ nguyên." + _unmapped_hint(reading)
        )
    return reading


def _unmapped_hint(reading: Reading) -> str:
    if not reading.unmapped:
        return ""
    shown = "; ".join(f"“{h}” ({n} mục)" for h, n in reading.unmapped[:10])
    return (f" Các tiêu đề không khớp lĩnh vực nào: {shown}; bổ sung chúng vào [classify] heading_map "
            "trong tệp cấu hình.")


def read_report(path: Path, cfg) -> Reading:
    """Read a past consolidated report (.docx); other formats plug in through their blocks."""
    path = Path(path)
    if not path.exists():
        raise LabelsError(f"Không tìm thấy tệp: {path}")
    suffix = path.suffix.lower()
    if suffix == ".docx":
        blocks = docx_blocks(path)
    else:
        raise LabelsError(f"{path}: chưa đọc được báo cáo dạng {suffix or 'không đuôi'}; hãy lưu thành .docx.")
    if not any(b.text.strip() for b in blocks):
        raise LabelsError(f"{path}: tệp trống, không có nội dung nào để học; kho dữ liệu giữ nguyên.")
    return read_blocks(blocks, cfg, str(path))
