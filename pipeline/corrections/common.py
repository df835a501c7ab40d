"""Shared vocabulary of the corrections package: log columns, workbook columns, cell parsing.

Everything here is a constant or a pure function of its arguments; the log
(``log.py``), the reader (``read.py``), the writer (``workbook.py``) and the
application of corrections (``apply.py``) all build on it.
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

from .. import io
from .. import schemas as S
from ..config import Taxonomy
from ..normalize import fold, normalize_text

CORRECTIONS_FILE = "corrections.csv"
TEXT_MATCH_MIN_RATIO = 0.9  # difflib ratio on normalized text for re-matching an edited item
TEXT_MATCH_AMBIGUITY = 0.02  # a runner-up this close to the best match makes the match ambiguous

# Columns of the canonical log, in order. The first twelve are the documented
# contract; ``orphan``, ``matched_from`` (the id the correction was made on,
# for text matches) and the predictions the analyst saw when correcting
# (for ``cutri evaluate``) follow.
CORRECTION_COLUMNS = [
    "item_id", "unit", "text", "sector", "authority", "merge_into", "split_out", "not_recommendation",
    "representative_text", "note", "source_file", "matched_by", "orphan", "matched_from",
    "sector_predicted", "authority_predicted",
]

# Logical fields of a correction. ``membership`` joins merge_into and split_out:
# "" (none), "split", or "merge:<target id>"; setting one replaces the other.
SECTOR, AUTHORITY, MEMBERSHIP, NOT_REC, REP_TEXT, NOTE = (
    "sector", "authority", "membership", "not_recommendation", "representative_text", "note",
)
FIELDS = (SECTOR, AUTHORITY, MEMBERSHIP, NOT_REC, REP_TEXT, NOTE)

AUTHORITY_SHORT = {S.CENTRAL: "Trung ương", S.LOCAL: "Địa phương"}
MARK = "x"

# Workbook layout -----------------------------------------------------------------------------
REVIEW_SHEET = "Rà soát"
CLUSTER_SHEET = "Cụm kiến nghị"
LIST_SHEET = "Danh mục"
PREFILL_SHEET = "Đã lưu"
HEADER_ROW = 3

# (key, header, width, editable)
REVIEW_COLUMNS = [
    ("item_id", "Mã kiến nghị", 14, False),
    ("unit", "Đơn vị", 18, False),
    ("text", "Nội dung kiến nghị", 60, False),
    ("sector_predicted", "Lĩnh vực dự đoán", 28, False),
    ("sector_confidence", "Độ tin cậy", 10, False),
    ("sector_alt", "Lĩnh vực khả năng khác", 24, False),
    ("needs_review", "Cần rà soát", 10, False),
    ("authority_predicted", "Thẩm quyền dự đoán", 14, False),
    ("cluster_id", "Mã cụm", 15, False),
    ("sector", "Lĩnh vực đúng", 32, True),
    ("authority", "Thẩm quyền đúng", 16, True),
    ("merge_into", "Gộp vào cụm", 16, True),
    ("split_out", "Tách riêng", 10, True),
    ("not_recommendation", "Không phải kiến nghị", 12, True),
    ("representative_text", "Nội dung đại diện của cụm", 40, True),
    ("note", "Ghi chú", 30, True),
    ("source_file", "Tệp nguồn", 24, False),
    ("source_ref", "Vị trí", 12, False),
]
EDITABLE_KEYS = [k for k, _, _, e in REVIEW_COLUMNS if e]
_HEADER = {k: h for k, h, _, _ in REVIEW_COLUMNS}

_FILL_REVIEW = "FFF2CC"  # rows needing review
_FILL_EDIT = "E2EFDA"  # editable columns
_FILL_HEAD = "D9D9D9"
_FILL_HEAD_EDIT = "A9D08E"
_ZIP_TIME_FALLBACK = (2000, 1, 1, 0, 0, 0)


# headers accepted when reading (workbook headers, canonical csv names, a few synonyms)
_ALIASES = {
    "item_id": ("item_id", "Mã kiến nghị", "Mã", "ID"),
    "unit": ("unit", "Đơn vị"),
    "text": ("text", "Nội dung kiến nghị", "Nội dung"),
    "sector": ("sector", "Lĩnh vực đúng", "Lĩnh vực sửa", "Lĩnh vực hiệu chỉnh"),
    "authority": ("authority", "Thẩm quyền đúng", "Thẩm quyền sửa", "Thẩm quyền hiệu chỉnh"),
    "merge_into": ("merge_into", "Gộp vào cụm", "Gộp vào"),
    "split_out": ("split_out", "Tách riêng", "Tách khỏi cụm"),
    "not_recommendation": ("not_recommendation", "Không phải kiến nghị"),
    "representative_text": ("representative_text", "Nội dung đại diện của cụm", "Nội dung đại diện"),
    "note": ("note", "Ghi chú"),
    "sector_predicted": ("sector_predicted", "Lĩnh vực dự đoán"),
    "authority_predicted": ("authority_predicted", "Thẩm quyền dự đoán"),
    "source_file": ("source_file",),
    "matched_by": ("matched_by",),
    "orphan": ("orphan",),
    "matched_from": ("matched_from",),
}
_HEADER_KEYS = {fold(a): key for key, names in _ALIASES.items() for a in names}

_TRUE = {"x", "co", "yes", "y", "true", "1", "v", "dung", "✓", "✔", "☑"}
_FALSE = {"", "khong", "no", "n", "false", "0", "nan"}
_ID_RE = re.compile(r"^(C?)(R[0-9a-f]{10}(?:-\d+)?)$", re.IGNORECASE)


def _cell_str(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and pd.isna(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value)).strip()


def _undefuse(value: str) -> str:
    """Undo ``io.defuse_formula`` (a leading apostrophe before = + - @) when reading our own CSVs."""
    if len(value) > 1 and value[0] == "'" and value[1:].startswith(io.FORMULA_PREFIXES):
        return value[1:]
    return value


def canonical_id(value: str) -> str:
    """Item and cluster ids typed by hand: trimmed, hex lower-case (``cr6A3…`` → ``CR6a3…``)."""
    v = re.sub(r"\s+", "", value)
    m = _ID_RE.match(v)
    if not m:
        return v
    prefix = "C" if m.group(1) else ""
    return prefix + "R" + m.group(2)[1:].lower()


# ------------------------------------------------------------------------------- value parsing


class _Invalid(ValueError):
    pass


def parse_sector(value: str, taxonomy: Taxonomy) -> str:
    """Slug or Vietnamese label (any case, with or without diacritics) → slug; "" stays ""."""
    if not value:
        return ""
    if value in taxonomy.slugs:
        return value
    f = fold(value)
    for s in taxonomy.sectors:
        if f in (fold(s.label), fold(s.slug)):
            return s.slug
    raise _Invalid(
        f"lĩnh vực không hợp lệ '{value}' (chọn một lĩnh vực trong danh sách thả xuống, hoặc ghi mã như 'y_te')"
    )


def parse_authority(value: str) -> str:
    if not value:
        return ""
    f = fold(value)
    if f in ("trung uong", "tham quyen trung uong", "tw", "central"):
        return S.CENTRAL
    if f in ("dia phuong", "tham quyen dia phuong", "dp", "local"):
        return S.LOCAL
    raise _Invalid(f"thẩm quyền không hợp lệ '{value}' (dùng 'Trung ương' hoặc 'Địa phương')")


def parse_flag(value: str, header: str) -> bool:
    f = fold(value)
    if f in _TRUE:
        return True
    if f in _FALSE:
        return False
    raise _Invalid(f"cột '{header}' chỉ nhận 'x' hoặc để trống, không nhận '{value}'")


def _membership(merge_into: str, split: bool) -> str:
    if merge_into and split:
        raise _Invalid(f"vừa '{_HEADER['merge_into']}' vừa '{_HEADER['split_out']}'; chỉ chọn một")
    if merge_into:
        return "merge:" + canonical_id(merge_into)
    return "split" if split else ""


def _parse_fields(raw: dict, taxonomy: Taxonomy) -> dict:
    """Raw cell strings of the editable columns present → logical field values ("" / False = empty)."""
    out = {}
    if "sector" in raw:
        out[SECTOR] = parse_sector(raw["sector"], taxonomy)
    if "authority" in raw:
        out[AUTHORITY] = parse_authority(raw["authority"])
    if "merge_into" in raw or "split_out" in raw:
        split = parse_flag(raw.get("split_out", ""), _HEADER["split_out"])
        out[MEMBERSHIP] = _membership(raw.get("merge_into", ""), split)
    if "not_recommendation" in raw:
        out[NOT_REC] = parse_flag(raw["not_recommendation"], _HEADER["not_recommendation"])
    if "representative_text" in raw:
        out[REP_TEXT] = normalize_text(raw["representative_text"])
    if "note" in raw:
        out[NOTE] = normalize_text(raw["note"])
    return out


def _parse_predicted(raw: dict, taxonomy: Taxonomy) -> dict:
    """Predictions shown in a workbook (labels) → slugs; unreadable ones are ignored."""
    out = {}
    for key, parse in (("sector_predicted", lambda v: parse_sector(v, taxonomy)), ("authority_predicted", parse_authority)):
        try:
            val = parse(raw.get(key, ""))
        except _Invalid:
            val = ""
        if val:
            out[key] = val
    return out



def _log_row(item_id: str, unit: str, text: str, vals: dict, meta: dict) -> dict:
    membership = vals.get(MEMBERSHIP, "")
    return {
        "item_id": item_id, "unit": unit, "text": text,
        "sector": vals.get(SECTOR, ""), "authority": vals.get(AUTHORITY, ""),
        "merge_into": membership[len("merge:"):] if membership.startswith("merge:") else "",
        "split_out": str(membership == "split"), "not_recommendation": str(bool(vals.get(NOT_REC, False))),
        "representative_text": vals.get(REP_TEXT, ""), "note": vals.get(NOTE, ""),
        "source_file": meta.get("source_file", ""), "matched_by": meta.get("matched_by", ""),
        "orphan": str(bool(meta.get("orphan", False))), "matched_from": meta.get("matched_from", ""),
        "sector_predicted": meta.get("sector_predicted", ""), "authority_predicted": meta.get("authority_predicted", ""),
    }




def _log_fields(rec: dict, taxonomy: Taxonomy) -> dict:
    """A log row → non-empty logical fields."""
    vals = {
        SECTOR: parse_sector(rec["sector"], taxonomy),
        AUTHORITY: parse_authority(rec["authority"]),
        MEMBERSHIP: _membership(rec["merge_into"], parse_flag(rec["split_out"], "split_out")),
        NOT_REC: parse_flag(rec["not_recommendation"], "not_recommendation"),
        REP_TEXT: rec["representative_text"],
        NOTE: rec["note"],
    }
    return {k: v for k, v in vals.items() if v}


# ------------------------------------------------------------------------------- text matching


def _empty_log() -> pd.DataFrame:
    return pd.DataFrame(columns=CORRECTION_COLUMNS)



def _list_ids(ids: list[str], limit: int = 20) -> str:
    return ", ".join(ids[:limit]) + (f", … (tổng {len(ids)})" if len(ids) > limit else "")

