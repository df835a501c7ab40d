"""Analysts' corrections: review.xlsx, the corrections log and applying both.

A run writes ``review.xlsx`` (one row per recommendation, editable columns for
the right sector, authority, merges, …). The analyst edits it and reruns with
``--corrections review.xlsx``. ``collect`` reads the edited workbooks (or CSVs
with the same columns) together with the round's canonical log
``<out>/corrections.csv`` from earlier runs; ``Corrections.write`` stores the
merged result back into that log, so every later run replays every fix
without being told again.

Precedence, per item and per field (sector, authority, cluster membership,
not-a-recommendation, representative text, note):

1. a value the analyst changed in a file given now (including clearing a cell
   that the workbook had pre-filled: that removes the stored correction);
   two files given now that change the same field differently → ``InputError``;
2. the stored log ``corrections.csv``;
3. only when the round has no ``corrections.csv`` yet (a new or emptied output
   folder): a value a file given now merely carries over unchanged from its
   pre-fill, so a workbook restores the corrections it shows. While the log
   exists it is authoritative, so an older workbook cannot bring back a
   correction that was cleared since.

An empty cell that was empty in the workbook means "no correction". A workbook
records what it pre-filled on a very hidden sheet, which is how a cleared cell
is told apart from an untouched one.

Corrections are keyed by ``item_id``. When an id is gone because its text was
edited in the minutes, the correction moves to the item of the same unit whose
text is nearly the same (difflib ratio ≥ ``TEXT_MATCH_MIN_RATIO`` on
normalized text, unambiguous best match), with a warning. Corrections whose item
cannot be found stay in the log marked ``orphan`` and come back when the item
does; they are listed in the warnings.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import io as _bytes_io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

import pandas as pd

from . import io
from . import schemas as S
from .config import Config, Taxonomy
from .errors import InputError
from .normalize import fold, normalize_text  # noqa: F401  (fold: other modules import it from here too)

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


# ------------------------------------------------------------------------------- reading files


@dataclass
class _Row:
    """One row of a corrections file given now."""

    item_id: str
    unit: str
    text: str
    where: str  # "review.xlsx, trang 'Rà soát', dòng 12" — for messages
    source: str  # file name, recorded in corrections.csv
    explicit: dict  # fields changed by the analyst ("" / False = cleared)
    passive: dict  # non-empty fields carried over unchanged from the pre-fill
    predicted: dict


def _header_map(cells: Sequence) -> dict[str, int]:
    found = {}
    for i, c in enumerate(cells):
        key = _HEADER_KEYS.get(fold(_cell_str(c)))
        if key and key not in found:
            found[key] = i
    return found


def _is_header(found: dict) -> bool:
    return "item_id" in found and any(k in found for k in EDITABLE_KEYS)


def _raise_problems(path: Path, problems: list[str]) -> None:
    if problems:
        shown = "; ".join(problems[:10]) + (f"; … và {len(problems) - 10} lỗi khác" if len(problems) > 10 else "")
        raise InputError(f"Tệp hiệu chỉnh {path.name}: {len(problems)} ô không hợp lệ, chưa áp dụng hiệu chỉnh nào: {shown}.")


def _rows_from_table(
    path: Path, sheet: str | None, rows: Iterable[Sequence], taxonomy: Taxonomy, prefill: dict[str, dict]
) -> list[_Row]:
    """Find the header row, then read every data row under it."""
    out: list[_Row] = []
    problems: list[str] = []
    cols = None
    seen: dict[str, _Row] = {}
    where_sheet = f"{path.name}, trang '{sheet}'" if sheet else path.name
    for r, cells in enumerate(rows, start=1):
        if cols is None:
            found = _header_map(cells)
            if _is_header(found):
                cols = found
            elif r > 30:
                break
            continue
        raw = {k: _cell_str(cells[i]) if i < len(cells) else "" for k, i in cols.items()}
        if sheet is None:  # our own CSVs defuse formula-like cells
            raw = {k: _undefuse(v) for k, v in raw.items()}
        edit_raw = {k: raw[k] for k in EDITABLE_KEYS if k in raw}
        item_id = canonical_id(raw.get("item_id", ""))
        where = f"{where_sheet}, dòng {r}"
        if not item_id:
            if any(edit_raw.values()):
                problems.append(f"dòng {r}: có hiệu chỉnh nhưng thiếu '{_HEADER['item_id']}'")
            continue
        try:
            values = _parse_fields(edit_raw, taxonomy)
            before = _parse_fields({k: prefill.get(item_id, {}).get(k, "") for k in edit_raw}, taxonomy)
        except _Invalid as exc:
            problems.append(f"{'trang ' + repr(sheet) + ', ' if sheet else ''}dòng {r}: {exc}")
            continue
        explicit = {f: v for f, v in values.items() if v != before.get(f)}
        passive = {f: v for f, v in values.items() if v == before.get(f) and v}
        row = _Row(item_id, normalize_text(raw.get("unit", "")), normalize_text(raw.get("text", "")), where,
                   path.name, explicit, passive, _parse_predicted(raw, taxonomy))
        if not explicit and not passive:
            continue
        if item_id in seen:
            other = seen[item_id]
            for f in set(explicit) & set(other.explicit):
                if explicit[f] != other.explicit[f]:
                    problems.append(f"kiến nghị {item_id} có hai dòng mâu thuẫn ({other.where} và dòng {r})")
                    break
        seen[item_id] = row
        out.append(row)
    if cols is None:
        return []
    _raise_problems(path, problems)
    return out


def _read_prefill(wb) -> dict[str, dict]:
    if PREFILL_SHEET not in wb.sheetnames:
        return {}
    rows = wb[PREFILL_SHEET].iter_rows(values_only=True)
    header = next(rows, None)
    if not header:
        return {}
    keys = [_cell_str(h) for h in header]
    out = {}
    for cells in rows:
        rec = {k: _cell_str(v) for k, v in zip(keys, cells)}
        if rec.get("item_id"):
            out[canonical_id(rec["item_id"])] = rec
    return out


def read_corrections_file(path: Path, cfg: Config) -> list[_Row]:
    """Rows of an edited review workbook (.xlsx) or a CSV with the same (or canonical) columns."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"Không tìm thấy tệp hiệu chỉnh: {path}")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        try:
            wb = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:
            raise InputError(f"Không mở được tệp hiệu chỉnh {path}: tệp bị hỏng hoặc không phải .xlsx.") from None
        try:
            prefill = _read_prefill(wb)
            rows: list[_Row] = []
            found = False
            for name in wb.sheetnames:
                if name in (LIST_SHEET, PREFILL_SHEET):
                    continue
                got = _rows_from_table(path, name, wb[name].iter_rows(values_only=True), cfg.taxonomy, prefill)
                found = found or bool(got) or _sheet_has_header(wb[name])
                rows += got
        finally:
            wb.close()
    elif suffix == ".csv":
        try:
            df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig", header=None)
        except Exception as exc:
            raise InputError(f"Không đọc được tệp hiệu chỉnh {path}: tệp bị hỏng hoặc sai định dạng.") from None
        rows = _rows_from_table(path, None, df.itertuples(index=False, name=None), cfg.taxonomy, {})
        found = bool(rows) or any(_is_header(_header_map(r)) for r in df.head(30).itertuples(index=False, name=None))
    else:
        raise InputError(f"Tệp hiệu chỉnh {path} phải là review.xlsx hoặc .csv.")
    if not found:
        raise InputError(
            f"Tệp hiệu chỉnh {path}: không tìm thấy dòng tiêu đề có cột '{_HEADER['item_id']}' và các cột hiệu chỉnh "
            f"('{_HEADER['sector']}', '{_HEADER['authority']}', …). Hãy dùng tệp review.xlsx do cutri tạo ra."
        )
    return rows


def _sheet_has_header(ws) -> bool:
    for r, cells in enumerate(ws.iter_rows(values_only=True), start=1):
        if _is_header(_header_map(cells)):
            return True
        if r > 30:
            break
    return False


# ------------------------------------------------------------------------------- the stored log


def _empty_log() -> pd.DataFrame:
    return pd.DataFrame(columns=CORRECTION_COLUMNS)


def read_log(path: Path, cfg: Config) -> pd.DataFrame:
    """Read and validate a canonical ``corrections.csv`` (CORRECTION_COLUMNS, values as stored)."""
    path = Path(path)
    if not path.exists():
        return _empty_log()
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except Exception as exc:
        raise InputError(f"Không đọc được nhật ký hiệu chỉnh {path}: tệp bị hỏng hoặc sai định dạng.") from None
    for c in CORRECTION_COLUMNS:
        if c not in df.columns:
            df[c] = ""
    df = df[CORRECTION_COLUMNS].map(lambda v: _undefuse(_cell_str(v)))
    problems = []
    for i, rec in enumerate(df.to_dict("records")):
        try:
            parse_sector(rec["sector"], cfg.taxonomy)
            parse_authority(rec["authority"])
            _membership(rec["merge_into"], parse_flag(rec["split_out"], "split_out"))
            parse_flag(rec["not_recommendation"], "not_recommendation")
        except _Invalid as exc:
            problems.append(f"dòng {i + 2}: {exc}")
        if not rec["item_id"]:
            problems.append(f"dòng {i + 2}: thiếu item_id")
    if problems:
        shown = "; ".join(problems[:10])
        raise InputError(
            f"Nhật ký hiệu chỉnh {path}: {len(problems)} dòng không hợp lệ: {shown}. "
            "Sửa các dòng này (ví dụ khi danh mục lĩnh vực đã đổi) rồi chạy lại."
        )
    return df


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


def _match_key(text: str) -> str:
    t = normalize_text(text).lower()
    t = re.sub(r"[^\w\s]", " ", t)
    return re.sub(r"\s+", " ", t).strip()


class _TextPool:
    """Items that a stale correction may be re-matched to, per unit.

    Large units are searched through a char 3-gram TF-IDF index first (the best
    ``_SHORTLIST`` by cosine), so only a few exact difflib ratios are computed.
    """

    _SHORTLIST = 10
    _INDEX_FROM = 64  # candidates; below this every candidate is compared directly

    def __init__(self, by_unit: dict[str, list[tuple[str, str]]]):
        self.by_unit = by_unit
        self._index: dict[str, tuple] = {}

    def candidates(self, unit: str, key: str) -> list[tuple[str, str]]:
        cands = self.by_unit.get(unit, []) if unit else [c for u in sorted(self.by_unit) for c in self.by_unit[u]]
        if len(cands) < self._INDEX_FROM:
            return cands
        if unit not in self._index:
            from sklearn.feature_extraction.text import TfidfVectorizer

            vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 3), lowercase=False)
            self._index[unit] = (vec, vec.fit_transform([k for _, k in cands]))
        vec, matrix = self._index[unit]
        sims = (matrix @ vec.transform([key]).T).toarray().ravel()
        top = sorted(range(len(cands)), key=lambda i: (-round(float(sims[i]), 9), i))[: self._SHORTLIST]
        return [cands[i] for i in top]

    def best(self, text: str, unit: str) -> tuple[str, float] | None:
        """Best unambiguous item (id, ratio) for ``text`` in ``unit`` (all units when unit is unknown)."""
        key = _match_key(text)
        if not key:
            return None
        low = TEXT_MATCH_MIN_RATIO - TEXT_MATCH_AMBIGUITY
        sm = difflib.SequenceMatcher(None, autojunk=False)
        sm.set_seq2(key)
        scored = []
        for item_id, ckey in self.candidates(unit, key):
            sm.set_seq1(ckey)
            if sm.real_quick_ratio() < low or sm.quick_ratio() < low:
                continue
            scored.append((round(sm.ratio(), 6), item_id))
        scored.sort(key=lambda x: (-x[0], x[1]))
        if not scored or scored[0][0] < TEXT_MATCH_MIN_RATIO:
            return None
        if len(scored) > 1 and scored[0][0] - scored[1][0] < TEXT_MATCH_AMBIGUITY:
            return None  # two items nearly equally close: do not guess
        return scored[0][1], scored[0][0]


def _list_ids(ids: list[str], limit: int = 20) -> str:
    return ", ".join(ids[:limit]) + (f", … (tổng {len(ids)})" if len(ids) > limit else "")


# ------------------------------------------------------------------------------- Corrections


@dataclass
class Corrections:
    """Every correction known for a round, keyed by current item_id.

    ``table`` has CORRECTION_COLUMNS, one row per item, sorted by item_id;
    ``orphan`` rows are corrections whose item is not in this run.

    ``count_applied`` counts the current items on which a correction changed the
    outcome: a final sector or authority that differs from the prediction, an item
    marked not a recommendation, a merge or split that was carried out, or a
    representative text that was set. Before ``apply_labels`` / ``apply_clusters``
    have run it counts only what is already known.
    """

    table: pd.DataFrame
    warnings: list[str] = field(default_factory=list)
    _applied_labels: set = field(default_factory=set, repr=False)
    _applied_clusters: set = field(default_factory=set, repr=False)

    @property
    def count_applied(self) -> int:
        return len(self._applied_labels | self._applied_clusters)

    def _active(self) -> pd.DataFrame:
        t = self.table
        return t[t["orphan"] != "True"]

    def _flag(self, col: str) -> pd.Series:
        return self.table[col] == "True"

    # -- classification -------------------------------------------------------------------
    def training_rows(self, items: pd.DataFrame) -> pd.DataFrame:
        """Labelled rows for the model: text, sector, authority, origin="correction".

        One row per corrected sector (authority "" when only the sector was corrected),
        from the current item's text, or the stored text for orphans. Items marked not a
        recommendation are left out. An authority-only correction becomes a row with an
        empty sector: it trains the authority model only.
        """
        t = self.table
        keep = ((t["sector"] != "") | (t["authority"] != "")) & (t["not_recommendation"] != "True")
        texts = dict(zip(items[S.ITEM_ID].tolist(), items[S.TEXT].tolist())) if len(items) else {}
        rows = [
            {"text": texts.get(r["item_id"], r["text"]), "sector": r["sector"], "authority": r["authority"],
             "origin": "correction"}
            for r in t[keep].to_dict("records")
        ]
        out = pd.DataFrame(rows, columns=["text", "sector", "authority", "origin"])
        return out[out["text"] != ""].reset_index(drop=True)

    def apply_labels(self, items: pd.DataFrame, cfg: Config) -> pd.DataFrame:
        """Final sector/authority from corrections.

        Reads item_id and CLASSIFY_COLUMNS; sets sector (+ sector_label) and authority
        with ``*_source = "correction"`` where corrected, needs_review False on items whose
        sector, authority or recommendation status was corrected, and adds
        ``not_recommendation`` (bool) and ``correction_note`` (str). ``*_predicted`` stay
        as predicted. Does not modify ``items``.
        """
        corr = {r["item_id"]: r for r in self._active().to_dict("records")}
        sector, sector_label, sector_src = [], [], []
        auth, auth_src, review, notrec, notes = [], [], [], [], []
        applied = set()
        cols = zip(*(items[c].tolist() for c in (
            S.ITEM_ID, S.SECTOR, S.SECTOR_LABEL, S.SECTOR_SOURCE, S.SECTOR_PREDICTED, S.AUTHORITY,
            S.AUTHORITY_SOURCE, S.AUTHORITY_PREDICTED, S.NEEDS_REVIEW)))
        for iid, sec, lab, ssrc, spred, au, asrc, apred, nr in cols:
            c = corr.get(iid)
            is_not_rec = bool(c) and c["not_recommendation"] == "True"
            if c and c["sector"]:
                sec, lab, ssrc = c["sector"], cfg.taxonomy.label(c["sector"]), S.SOURCE_CORRECTION
                # compare with the prediction the analyst saw: once the model has learnt
                # from the correction, the current prediction agrees with it
                if sec != (c.get("sector_predicted") or spred):
                    applied.add(iid)
            if c and c["authority"]:
                au, asrc = c["authority"], S.SOURCE_CORRECTION
                if au != (c.get("authority_predicted") or apred):
                    applied.add(iid)
            if is_not_rec:
                applied.add(iid)
            if c and (c["sector"] or c["authority"] or is_not_rec):
                nr = False
            sector.append(sec); sector_label.append(lab); sector_src.append(ssrc)  # noqa: E702
            auth.append(au); auth_src.append(asrc); review.append(bool(nr))  # noqa: E702
            notrec.append(is_not_rec)
            notes.append(c["note"] if c else "")
        self._applied_labels = applied
        if not cfg.run.learn and len(items):
            self._fill_predictions(items)
        return items.assign(
            sector=sector, sector_label=sector_label, sector_source=sector_src,
            authority=auth, authority_source=auth_src, needs_review=pd.Series(review, index=items.index, dtype=bool),
            not_recommendation=pd.Series(notrec, index=items.index, dtype=bool),
            correction_note=pd.Series(notes, index=items.index, dtype=object),
        )

    def _fill_predictions(self, items: pd.DataFrame) -> None:
        """Record the model's predictions for corrections that have none yet.

        Only done when the model did not learn from the corrections (``run.learn`` off);
        otherwise the prediction would already reflect the analyst's answer.
        """
        pred = items.set_index(S.ITEM_ID)[[S.SECTOR_PREDICTED, S.AUTHORITY_PREDICTED]]
        t = self.table.copy()
        for col in ("sector_predicted", "authority_predicted"):
            fill = (t[col] == "") & t["item_id"].isin(pred.index) & (t["orphan"] != "True")
            t.loc[fill, col] = t.loc[fill, "item_id"].map(pred[col]).fillna("").astype(str)
        self.table = t

    # -- clusters -------------------------------------------------------------------------
    def apply_clusters(self, items: pd.DataFrame, clustered, cfg: Config):
        """Apply merges, splits and representative texts; rebuild clusters consistently.

        ``items``: every item, after ``apply_labels``. ``clustered``: a ClusterResult
        (``items`` with cluster_id, ``clusters``, ``review_pairs``) computed on the items
        that are recommendations. Returns (items with cluster_id, clusters with
        CLUSTER_COLUMNS, review_pairs). Items that are not recommendations get
        cluster_id "" and appear in no cluster and no review pair.

        A changed cluster is named "C" + its earliest member's item_id (item order);
        unchanged clusters keep their id. Every cluster's sector and authority are the
        majority of its members' final values (ties: the earliest member's).
        """
        return _apply_clusters(self, items, clustered, cfg)

    # -- output ---------------------------------------------------------------------------
    def write(self, out_dir: Path) -> list[Path]:
        """Write the canonical log ``out_dir/corrections.csv`` (atomic, sorted by item_id)."""
        path = Path(out_dir) / CORRECTIONS_FILE
        io.write_csv(path, self.table.sort_values("item_id", kind="mergesort").reset_index(drop=True))
        return [path]


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


def _check_agree(key: str, f: str, values: list) -> None:
    """Error naming both places when the given (row, value) pairs hold two different values."""
    distinct: dict = {}
    for row, v in values:
        distinct.setdefault(v, row)
    if len(distinct) > 1:
        (v1, r1), (v2, r2) = list(distinct.items())[:2]
        raise InputError(
            f"Hai tệp hiệu chỉnh mâu thuẫn về kiến nghị {key}, cột '{_FIELD_HEADER[f]}': "
            f"'{_field_display(f, v1)}' ({r1.where}) và '{_field_display(f, v2)}' ({r2.where}). "
            "Hãy thống nhất một giá trị rồi chạy lại."
        )


def _field_display(f: str, v) -> str:
    if f == NOT_REC:
        return MARK if v else "(trống)"
    if f == MEMBERSHIP:
        return "tách riêng" if v == "split" else (v[len("merge:"):] if v else "(trống)")
    return str(v) if v else "(trống)"


_FIELD_HEADER = {
    SECTOR: _HEADER["sector"], AUTHORITY: _HEADER["authority"], MEMBERSHIP: f"{_HEADER['merge_into']}/{_HEADER['split_out']}",
    NOT_REC: _HEADER["not_recommendation"], REP_TEXT: _HEADER["representative_text"], NOTE: _HEADER["note"],
}


def collect(out_dir: Path, files: Sequence[Path], items: pd.DataFrame, cfg: Config) -> Corrections:
    """Load ``out_dir/corrections.csv`` and the correction files given now; match them to ``items``.

    ``items`` needs item_id, unit and text. Raises InputError for invalid values (naming
    file, sheet and row) and for two files given now that change the same field of the
    same item differently (naming both files and the item). Ids that are gone are
    re-matched by text within their unit, or kept as orphans; both are reported in
    ``Corrections.warnings`` (Vietnamese).
    """
    warnings: list[str] = []
    log_path = Path(out_dir) / CORRECTIONS_FILE
    log_exists = log_path.exists()
    log = read_log(log_path, cfg)
    file_rows: list[_Row] = []
    for f in files:
        file_rows += read_corrections_file(Path(f), cfg)

    item_ids = items[S.ITEM_ID].tolist() if len(items) else []
    current = set(item_ids)
    item_unit = dict(zip(item_ids, items[S.UNIT].tolist())) if len(items) else {}
    item_text = dict(zip(item_ids, items[S.TEXT].tolist())) if len(items) else {}

    # 1. where does every id point to now?
    log_recs = log.to_dict("records")
    alias = {r["matched_from"]: r["item_id"] for r in log_recs if r["matched_from"] and r["item_id"] in current}
    origin_text: dict[str, tuple[str, str, str]] = {}  # id → (unit, text, where)
    for r in log_recs:
        origin_text.setdefault(r["item_id"], (r["unit"], r["text"], f"{CORRECTIONS_FILE}"))
    for row in file_rows:
        if row.text or row.item_id not in origin_text:
            origin_text[row.item_id] = (row.unit, row.text, row.source)
    targets: dict[str, tuple[str, str]] = {}  # old id → (new id, "id"|"text")
    id_matched = {i for i in origin_text if i in current}
    pool: dict[str, list[tuple[str, str]]] = {}
    if any(old not in current and old not in alias for old in origin_text):  # only then is text matching needed
        for iid in item_ids:
            if iid not in id_matched:
                pool.setdefault(item_unit[iid], []).append((iid, _match_key(item_text[iid])))
    text_pool = _TextPool(pool)
    orphans: list[str] = []
    for old in sorted(origin_text):
        if old in current:
            targets[old] = (old, "id")
        elif old in alias:
            targets[old] = (alias[old], "text")
        else:
            unit, text, where = origin_text[old]
            hit = text_pool.best(text, unit)
            if hit:
                new, ratio = hit
                targets[old] = (new, "text")
                warnings.append(
                    f"Hiệu chỉnh của kiến nghị {old} ({where}) được chuyển sang kiến nghị {new} của "
                    f"{item_unit[new]}: khớp theo nội dung (giống {ratio:.0%}), vì nội dung đã được sửa trong biên bản."
                )
            else:
                orphans.append(old)
    if orphans:
        warnings.append(
            f"Không tìm thấy {len(orphans)} kiến nghị có hiệu chỉnh trong đợt này (mã không còn, nội dung không khớp): "
            f"{_list_ids(orphans)}. Các hiệu chỉnh này vẫn được giữ trong {CORRECTIONS_FILE} (đánh dấu orphan) "
            "và sẽ được áp dụng lại nếu kiến nghị xuất hiện trở lại."
        )

    # 2. merge per current id and field
    groups: dict[str, dict] = {}

    def group(key: str) -> dict:
        return groups.setdefault(key, {"stored": [], "explicit": {}, "passive": {}, "rows": [], "olds": set()})

    for r in log_recs:
        new, how = targets.get(r["item_id"], (r["item_id"], ""))
        g = group(new)
        g["stored"].append((r, how))
        g["olds"].add(r["item_id"])
    for row in file_rows:
        new, how = targets.get(row.item_id, (row.item_id, ""))
        g = group(new)
        g["rows"].append((row, how))
        g["olds"].add(row.item_id)
        for kind in ("explicit", "passive"):
            for f, v in getattr(row, kind).items():
                g[kind].setdefault(f, []).append((row, v))

    out_rows = []
    for key in sorted(groups):
        g = groups[key]
        # stored: id-matched rows first, then matches by text (rows already keyed to `key` first)
        stored_recs = sorted(g["stored"], key=lambda rh: (rh[0]["item_id"] != key, rh[0]["item_id"]))
        vals: dict = {}
        sources: list[str] = []
        meta: dict = {}
        for rec, _how in stored_recs:
            for f, v in _log_fields(rec, cfg.taxonomy).items():
                vals.setdefault(f, v)
            for m in ("sector_predicted", "authority_predicted"):
                if rec[m]:
                    meta.setdefault(m, rec[m])
            if rec["matched_from"]:
                meta.setdefault("matched_from", rec["matched_from"])
            if rec["matched_by"] == "text":
                meta.setdefault("sticky_text", True)
        stored_fields = set(vals)
        for f in FIELDS:
            exp = g["explicit"].get(f, [])
            if exp:
                _check_agree(key, f, exp)
                vals[f] = exp[0][1]
                stored_fields.discard(f)
                sources += [row.source for row, _ in exp]
            elif f not in vals and not log_exists and g["passive"].get(f):
                pas = g["passive"][f]
                _check_agree(key, f, pas)
                vals[f] = pas[0][1]
                sources += [row.source for row, _ in pas]
        vals = {f: v for f, v in vals.items() if v}
        if not vals:
            continue  # every correction of this item was cleared by the analyst
        if stored_fields & set(vals):
            for rec, _ in stored_recs:
                sources = [s for s in rec["source_file"].split("; ") if s] + sources
        for row, _ in g["rows"]:
            for m, v in row.predicted.items():
                meta.setdefault(m, v)
        olds = sorted(g["olds"] - {key})
        if key in current:
            how = "text" if (olds and key not in g["olds"]) or meta.get("sticky_text") else "id"
            if how == "text" and not meta.get("matched_from"):
                meta["matched_from"] = olds[0] if olds else ""
            unit, text = item_unit[key], item_text[key]
            orphan = False
        else:
            how, orphan = "", True
            unit, text, _ = origin_text.get(key, ("", "", ""))
            if not text:
                for rec, _h in stored_recs:
                    unit, text = rec["unit"], rec["text"]
                    break
        meta.update(source_file="; ".join(dict.fromkeys(sources)), matched_by=how, orphan=orphan)
        out_rows.append(_log_row(key, unit, text, vals, meta))
    table = pd.DataFrame(out_rows, columns=CORRECTION_COLUMNS)
    return Corrections(table=table.reset_index(drop=True), warnings=warnings)


def empty(cfg: Config | None = None) -> Corrections:
    """No corrections at all (what ``collect`` returns for a first run without files)."""
    return Corrections(table=_empty_log())


# ------------------------------------------------------------------------------- clusters


class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, a: int) -> int:
        while self.parent[a] != a:
            self.parent[a] = self.parent[self.parent[a]]
            a = self.parent[a]
        return a

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _majority(values: list[str]) -> str:
    """Most frequent value; ties go to the value that occurs first."""
    counts: dict[str, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    best = max(counts.values()) if counts else 0
    return next((v for v in values if counts[v] == best), "")


def _apply_clusters(corr: Corrections, items: pd.DataFrame, clustered, cfg: Config):
    taxonomy = cfg.taxonomy
    base_items = clustered.items
    base_clusters = clustered.clusters
    pairs = clustered.review_pairs
    notrec = (
        items[S.NOT_RECOMMENDATION].astype(bool).to_numpy()
        if S.NOT_RECOMMENDATION in items.columns else [False] * len(items)
    )
    ids = items[S.ITEM_ID].tolist()  # tolist: iterating an arrow-backed column is several times slower
    pos = {iid: i for i, iid in enumerate(ids)}
    active = [i for i in range(len(ids)) if not notrec[i]]
    active_ids = {ids[i] for i in active}
    base_cid = dict(zip(base_items[S.ITEM_ID].tolist(), base_items[S.CLUSTER_ID].tolist())) if len(base_items) else {}
    base_members: dict[str, list[int]] = {}
    for i in active:
        cid = base_cid.get(ids[i]) or "C" + ids[i]  # an item the clusterer did not see stays alone
        base_cid[ids[i]] = cid
        base_members.setdefault(cid, []).append(i)
    base_rep = (
        dict(zip(base_clusters[S.CLUSTER_ID].tolist(), base_clusters["representative_text"].tolist()))
        if len(base_clusters) and "representative_text" in base_clusters.columns else {}
    )

    corr_rows = {r["item_id"]: r for r in corr._active().to_dict("records") if r["item_id"] in active_ids}
    warnings = corr.warnings
    detached: set[int] = set()
    links: list[tuple[int, int]] = []
    applied: set[str] = set()
    unresolved: list[str] = []

    def resolve(target: str) -> list[int] | None:
        if target in base_members:
            members = [m for m in base_members[target] if m not in detached] or base_members[target][:1]
            return members
        if target in active_ids:
            return [pos[target]]
        if target.startswith("C") and target[1:] in active_ids:
            return [pos[target[1:]]]
        return None

    # splits and merges detach their item from its base cluster first
    merge_req = []
    for iid in sorted(corr_rows, key=lambda x: pos[x]):
        r = corr_rows[iid]
        if r["split_out"] == "True":
            detached.add(pos[iid])
            applied.add(iid)
        elif r["merge_into"]:
            merge_req.append((iid, r["merge_into"]))
    # resolve merge targets before detaching merged items (a cluster target means its members)
    resolved = []
    for iid, target in merge_req:
        if resolve(target) is None:
            unresolved.append(f"{iid} → {target}")
        else:
            resolved.append((iid, target))
            detached.add(pos[iid])
    for iid, target in resolved:
        members = resolve(target)
        for m in members:
            links.append((pos[iid], m))
        applied.add(iid)
    if unresolved:
        warnings.append(
            f"Không gộp được {len(unresolved)} kiến nghị vì không tìm thấy cụm hoặc kiến nghị đích "
            f"(hoặc đích đã được đánh dấu không phải kiến nghị): {_list_ids(unresolved)}. "
            f"Kiểm tra cột '{_HEADER['merge_into']}' (ghi mã cụm như C… hoặc mã kiến nghị R…)."
        )

    uf = _UnionFind(len(ids))
    for members in base_members.values():
        kept = [m for m in members if m not in detached]
        for a, b in zip(kept, kept[1:]):
            uf.union(a, b)
    for a, b in links:
        uf.union(a, b)
    groups: dict[int, list[int]] = {}
    for i in active:
        groups.setdefault(uf.find(i), []).append(i)
    ordered_groups = sorted((sorted(g) for g in groups.values()), key=lambda g: g[0])

    # ids: unchanged clusters keep theirs; changed ones are "C" + earliest member
    base_sets = {cid: frozenset(m) for cid, m in base_members.items()}
    set_to_cid = {v: k for k, v in base_sets.items()}
    final_cid: dict[int, str] = {}
    used = set()
    names = []
    for g in ordered_groups:
        cid = set_to_cid.get(frozenset(g))
        names.append((g, cid))
        if cid:
            used.add(cid)
    # a group that an analyst merged into a cluster keeps the id typed in "Gộp vào cụm"
    typed = [(pos[iid], target) for iid, target in resolved if target in base_members]
    for gi, (g, cid) in enumerate(names):
        if cid is None:
            members = set(g)
            cid = next((t for p, t in sorted(typed, key=lambda x: x[1]) if p in members and t not in used), None)
            if cid is not None:
                used.add(cid)
                names[gi] = (g, cid)
        if cid is None:
            cid = "C" + ids[g[0]]
            k = 2
            while cid in used:
                cid = f"C{ids[g[0]]}.{k}"
                k += 1
            used.add(cid)
            names[gi] = (g, cid)
        for m in g:
            final_cid[m] = cid

    texts = items[S.TEXT].tolist()
    units = items[S.UNIT].tolist()
    sectors = items[S.SECTOR].tolist()
    auths = items[S.AUTHORITY].tolist()
    rows = []
    for g, cid in names:
        overrides = [(m, corr_rows[ids[m]]["representative_text"]) for m in g
                     if ids[m] in corr_rows and corr_rows[ids[m]]["representative_text"]]
        if overrides:
            rep = overrides[0][1]
            applied.update(ids[m] for m, _ in overrides)
            if len({t for _, t in overrides}) > 1:
                warnings.append(
                    f"Cụm {cid} có {len(overrides)} nội dung đại diện khác nhau do chuyên viên ghi; "
                    f"dùng nội dung ghi ở kiến nghị {ids[overrides[0][0]]} (kiến nghị đứng đầu cụm)."
                )
        elif cid in base_sets and base_sets[cid] == frozenset(g) and base_rep.get(cid):
            rep = base_rep[cid]
        else:
            member_texts = {texts[m] for m in g}
            contrib: dict[str, list[int]] = {}
            for m in g:
                contrib.setdefault(base_cid[ids[m]], []).append(m)
            cands = [(len(ms), -ms[0], c) for c, ms in contrib.items() if base_rep.get(c) in member_texts]
            rep = base_rep[max(cands)[2]] if cands else texts[g[0]]
        sec = _majority([sectors[m] for m in g])
        rows.append({
            S.CLUSTER_ID: cid, S.SECTOR: sec, S.SECTOR_LABEL: taxonomy.label(sec),
            S.AUTHORITY: _majority([auths[m] for m in g]), "representative_text": rep,
            "n_items": len(g), "n_units": len({units[m] for m in g}),
            "units": "; ".join(sorted({units[m] for m in g})), "item_ids": "; ".join(ids[m] for m in g),
        })
    clusters = pd.DataFrame(rows, columns=S.CLUSTER_COLUMNS)
    extra = [c for c in base_clusters.columns if c not in S.CLUSTER_COLUMNS] if len(base_clusters) else []
    if extra:
        unchanged = {cid for g, cid in names if base_sets.get(cid) == frozenset(g)}
        keep = base_clusters[base_clusters[S.CLUSTER_ID].isin(unchanged)][[S.CLUSTER_ID] + extra]
        clusters = clusters.merge(keep, on=S.CLUSTER_ID, how="left")
    clusters["n_items"] = clusters["n_items"].astype(int)
    clusters["n_units"] = clusters["n_units"].astype(int)

    cluster_col = [final_cid.get(i, "") for i in range(len(ids))]
    out_items = items.assign(cluster_id=pd.Series(cluster_col, index=items.index, dtype=object))

    if pairs is not None and len(pairs):
        # the pairs join items of two different clusters that the clusterer saw: when no item
        # changed cluster they all still do (a large round has millions of them to look up)
        if any(final_cid[i] != base_cid[ids[i]] for i in active):
            cid_of = {ids[i]: final_cid.get(i, "") for i in range(len(ids))}
            a = pairs["item_id_a"].map(cid_of).fillna("")
            b = pairs["item_id_b"].map(cid_of).fillna("")
            keep = (a != "") & (b != "") & (a != b)
            pairs = pairs[keep].reset_index(drop=True)
    elif pairs is None:
        pairs = pd.DataFrame(columns=S.REVIEW_PAIR_COLUMNS)
    corr._applied_clusters = applied
    return out_items, clusters, pairs


# ------------------------------------------------------------------------------- review workbook


def _when(generated_at: str) -> dt.datetime:
    try:
        d = dt.datetime.fromisoformat(str(generated_at)[:19])
    except ValueError:
        d = dt.datetime(*_ZIP_TIME_FALLBACK)
    if d.year < 1980:
        d = dt.datetime(*_ZIP_TIME_FALLBACK)
    return d.replace(tzinfo=None, microsecond=0)


def _deterministic_zip(data: bytes, when: dt.datetime, rows: dict[str, list[str]] | None = None) -> bytes:
    """Rewrite an xlsx (zip) with a fixed timestamp on every member, same order and content
    (``io.rewrite_zip``).

    ``rows`` maps a worksheet part ("xl/worksheets/sheet1.xml") to rows already in
    SpreadsheetML, inserted at the end of that sheet's ``<sheetData>``.
    """

    def with_rows(name: str, sheet_rows: list[str], content: bytes):
        head, sep, tail = content.partition(b"</sheetData>")
        if not sep:
            raise ValueError(f"{name}: no sheetData to add rows to")
        # encoded a few thousand rows at a time: the sheet of a large round is never one string
        yield head
        for i in range(0, len(sheet_rows), _ROWS_PER_PIECE):
            yield "".join(sheet_rows[i : i + _ROWS_PER_PIECE]).encode("ascii")
        yield sep + tail

    edit = {name: functools.partial(with_rows, name, part) for name, part in (rows or {}).items() if part}
    return io.rewrite_zip(data, when.timetuple()[:6], edit)


_ROWS_PER_PIECE = 5_000


_MAX_CELL_CHARS = 32767  # what Excel (and openpyxl) keep of a cell's text
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")  # no XML document may hold these


def _text(value) -> str:
    """A string that must stay text (never a formula), without characters Excel refuses."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None:
        return ""
    return _NOT_XML.sub("", ILLEGAL_CHARACTERS_RE.sub("", str(value)))[:_MAX_CELL_CHARS]


def _xml_text(text: str) -> str:
    """``text`` escaped as openpyxl (lxml) writes an element's text in an ASCII document."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
            .encode("ascii", "xmlcharrefreplace").decode("ascii"))


class _Rows:
    """Data rows of one sheet, written straight as SpreadsheetML.

    openpyxl builds, styles and serializes one object per cell, which takes most of
    the time on a 20,000-row round; here a row is one string. Cells come out exactly
    as openpyxl writes them: inline strings (text that looks like a formula stays
    text), numbers as ``<v>``, and the style of each kind of cell is registered in
    the workbook once, the first time it is used (so in the same order as openpyxl
    would). ``_deterministic_zip`` inserts the rows after those openpyxl wrote.
    """

    def __init__(self, ws, kinds: dict[str, dict], first_row: int):
        from openpyxl.compat import safe_string

        self._ws, self._kinds, self._safe_string = ws, kinds, safe_string
        self._sid: dict[str | None, str] = {}
        self._texts: dict[str, str] = {}
        self.row = first_row
        self.parts: list[str] = []

    def style(self, kind: str | None) -> str:
        """The ``s="…"`` attribute of a kind of cell ("" for an unstyled cell)."""
        if kind not in self._sid:
            if kind is None:
                self._sid[kind] = ""
            else:
                from openpyxl.cell import Cell

                proto = Cell(self._ws, 1, 1)
                for name, value in self._kinds[kind].items():
                    setattr(proto, name, value)
                self._sid[kind] = f' s="{proto.style_id}"'
        return self._sid[kind]

    def text(self, ref: str, value, kind: str | None) -> str:
        key = value if type(value) is str else _text(value)
        shown = self._texts.get(key)
        if shown is None:
            clean = _text(key)
            if not clean:
                shown = ""
            else:
                space = ' xml:space="preserve"' if clean != clean.strip() else ""
                shown = f"<is><t{space}>{_xml_text(clean)}</t></is>"
            if len(key) <= 120:  # labels, units, ids repeat; a recommendation's text mostly does not
                self._texts[key] = shown
        return f'<c r="{ref}"{self._sid.get(kind) or self.style(kind)} t="inlineStr">{shown}</c>'

    def number(self, ref: str, value, kind: str | None) -> str:
        shown = "" if value is None else f"<v>{self._safe_string(value)}</v>"
        return f'<c r="{ref}"{self._sid.get(kind) or self.style(kind)} t="n">{shown}</c>'

    def add(self, cells: list[str], lines: int = 1) -> None:
        """One row; ``lines`` > 1 makes it that many lines tall (readers do not size rows on opening)."""
        height = f' ht="{15 * min(lines, 27)}" customHeight="1"' if lines > 1 else ""
        self.parts.append(f'<row r="{self.row}"{height}>{"".join(cells)}</row>')
        self.row += 1


def _lines(values: list[tuple[object, float]]) -> int:
    """Lines the tallest wrapped cell of a row needs (about 0.9 * width - 1 characters a line)."""
    most = 1
    for value, width in values:
        if isinstance(value, str) and len(value) > width * 0.9 - 1:
            per_line = int(max(width * 0.9 - 1, 1))
            most = max(most, sum(max(1, -(-len(part) // per_line)) for part in value.split("\n")))
    return most


def _prefill_values(corr_table: pd.DataFrame, taxonomy: Taxonomy) -> dict[str, dict]:
    """Stored corrections as the strings shown in the editable columns."""
    out = {}
    for r in corr_table.to_dict("records"):
        if r.get("orphan") == "True":
            continue
        out[r["item_id"]] = {
            "sector": taxonomy.label(r["sector"]) if r["sector"] else "",
            "authority": AUTHORITY_SHORT.get(r["authority"], ""),
            "merge_into": r["merge_into"],
            "split_out": MARK if r["split_out"] == "True" else "",
            "not_recommendation": MARK if r["not_recommendation"] == "True" else "",
            "representative_text": r["representative_text"],
            "note": r["note"],
        }
    return out


def _set_dimension(ws, ref: str) -> None:
    """Give a write-only sheet the used range ("A1:R2003") that a normal sheet computes.

    Readers in read-only mode size their rows from it.
    """
    ws.calculate_dimension = lambda: ref


def _styled(ws, value, attrs: dict):
    """A cell for ``ws.append`` in write-only mode, with its value and style."""
    from openpyxl.cell import Cell

    cell = Cell(ws, 1, 1, value=value)
    for name, v in attrs.items():
        setattr(cell, name, v)
    return cell


def write_review_workbook(
    items: pd.DataFrame,
    clusters: pd.DataFrame,
    cfg: Config,
    path: Path,
    generated_at: str,
    corrections: Corrections | None = None,
) -> list[Path]:
    """Write ``review.xlsx``: one row per recommendation, corrections typed in the green columns.

    Locked columns show what cutri found (id, unit, text, predicted sector and its
    confidence, authority, cluster); the editable columns start with the corrections
    already stored (from ``corrections``, or else ``corrections.csv`` beside ``path``).
    Rows needing review come first, highlighted; then by cluster and unit. The sheet
    is protected without a password so locked columns are not changed by accident.
    Same input → same bytes.

    openpyxl writes the workbook in write-only mode (every sheet setting, the title
    and header rows, styles, validation lists); the data rows are written by ``_Rows``.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.writer.excel import ExcelWriter

    path = Path(path)
    taxonomy = cfg.taxonomy
    when = _when(generated_at)
    if corrections is not None:
        stored = corrections.table
    else:
        stored = read_log(path.parent / CORRECTIONS_FILE, cfg)
    prefill = _prefill_values(stored, taxonomy)

    df = items.reset_index(drop=True)
    n = len(df)

    def col(name, default=""):
        if name not in df.columns:
            return pd.Series([default] * n, dtype=object)
        return df[name] if default is None else df[name].fillna(default)

    needs = col(S.NEEDS_REVIEW, False).fillna(False).astype(bool)
    cid = col(S.CLUSTER_ID).fillna("").astype(str)
    # plain lists: the key used to rebuild the unit column for every row (quadratic on large rounds)
    needs_l, cid_l, unit_l = needs.tolist(), cid.tolist(), col(S.UNIT).astype(str).tolist()
    order = sorted(range(n), key=lambda i: (not needs_l[i], cid_l[i] == "", cid_l[i], unit_l[i], i))

    wb = Workbook(write_only=True)
    wb.properties.creator = "cutri"
    wb.properties.lastModifiedBy = "cutri"
    wb.properties.title = "Rà soát kiến nghị cử tri"
    wb.properties.created = when
    wb.properties.modified = when
    ncol = len(REVIEW_COLUMNS)
    last = HEADER_ROW + max(n, 1)
    rows: list[tuple[object, list[str]]] = []  # (sheet, its data rows)

    head_fill = PatternFill("solid", fgColor=_FILL_HEAD)
    wrap = Alignment(wrap_text=True, vertical="top")
    review_fill = PatternFill("solid", fgColor=_FILL_REVIEW)
    head_align = Alignment(wrap_text=True, vertical="center", horizontal="center")
    kinds = {
        "text": {"alignment": wrap},
        "text-review": {"alignment": wrap, "fill": review_fill},
        "pct": {"alignment": wrap, "number_format": "0%"},
        "pct-review": {"alignment": wrap, "fill": review_fill, "number_format": "0%"},
        "edit": {"alignment": wrap, "protection": Protection(locked=False),
                 "fill": PatternFill("solid", fgColor=_FILL_EDIT)},
    }

    # ---- the review sheet: settings, title and header rows (openpyxl), then the data rows
    ws = wb.create_sheet(REVIEW_SHEET)
    _set_dimension(ws, f"A1:{get_column_letter(ncol)}{last}")
    for j, (_key, _header, width, _editable) in enumerate(REVIEW_COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(j)].width = width
    ws.row_dimensions[2].height = 45
    ws.row_dimensions[HEADER_ROW].height = 32
    ws.merged_cells.add(f"A2:{get_column_letter(ncol)}2")
    ws.freeze_panes = f"B{HEADER_ROW + 1}"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(ncol)}{last}"
    ws.protection.sheet = True
    ws.protection.autoFilter = False  # filtering and sorting stay allowed on the protected sheet
    ws.protection.sort = False
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    # printing: A4 landscape, each row over two pages side by side (18 columns on one page
    # would be unreadably small), the header row and the id column repeated on every page
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 2, 0
    ws.page_setup.pageOrder = "overThenDown"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.print_title_cols = "A:A"
    letter = {key: get_column_letter(j) for j, (key, *_rest) in enumerate(REVIEW_COLUMNS, start=1)}
    ref = f"'{LIST_SHEET}'!"
    specs = [
        ("sector", f"{ref}$A$2:$A${len(taxonomy.sectors) + 1}", "Chọn một lĩnh vực trong danh sách."),
        ("authority", f"{ref}$D$2:$D$3", "Chọn 'Trung ương' hoặc 'Địa phương'."),
        ("split_out", f"{ref}$F$2:$F$2", "Chọn x hoặc để trống."),
        ("not_recommendation", f"{ref}$F$2:$F$2", "Chọn x hoặc để trống."),
    ]
    for key, formula, message in specs:
        dv = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True,
                            errorTitle="Giá trị không hợp lệ", error=message)
        dv.add(f"{letter[key]}{HEADER_ROW + 1}:{letter[key]}{last}")
        ws.data_validations.append(dv)
    ws.append([_styled(ws, f"BẢNG RÀ SOÁT KIẾN NGHỊ CỬ TRI (tạo ngày {generated_at})", {"font": Font(bold=True, size=13)})])
    ws.append([_styled(ws, (
        ("Lĩnh vực, thẩm quyền và việc gộp ý kiến là kết quả máy tự phân loại, chưa có điều chỉnh của chuyên viên. "
         if corrections is None or not corrections.count_applied else "")
        + "Chỉ sửa các cột màu xanh lá. Ô để trống nghĩa là không hiệu chỉnh; xóa một ô đã điền sẵn là bỏ hiệu chỉnh đã lưu. "
        f"'{_HEADER['merge_into']}': ghi mã cụm (C…) hoặc mã kiến nghị (R…) cần gộp vào. "
        f"'{_HEADER['split_out']}', '{_HEADER['not_recommendation']}': chọn x. "
        "Sau khi sửa, chạy lại: cutri run … --corrections review.xlsx"
    ), {"alignment": wrap})])
    ws.append([
        _styled(ws, header, {"font": Font(bold=True), "alignment": head_align,
                             "fill": PatternFill("solid", fgColor=_FILL_HEAD_EDIT) if editable else head_fill})
        for _key, header, _width, editable in REVIEW_COLUMNS
    ])

    def shown(v):
        return "" if v is None or (isinstance(v, float) and pd.isna(v)) else v

    values = {
        "item_id": col(S.ITEM_ID), "unit": col(S.UNIT), "text": col(S.TEXT),
        "sector_predicted": col(S.SECTOR_PREDICTED).map(lambda s: taxonomy.label(s) if s else ""),
        "sector_alt": col(S.SECTOR_ALT).fillna("").map(lambda s: taxonomy.label(s) if s else ""),
        "needs_review": needs.map(lambda b: MARK if b else ""),
        "authority_predicted": col(S.AUTHORITY_PREDICTED).map(lambda a: AUTHORITY_SHORT.get(a, a or "")),
        "cluster_id": cid, "source_file": col(S.SOURCE_FILE), "source_ref": col(S.SOURCE_REF),
    }
    values = {k: [shown(v) for v in s.tolist()] for k, s in values.items()}
    values["sector_confidence"] = [None if v is None or pd.isna(v) else float(v)
                                   for v in col(S.SECTOR_CONFIDENCE, None).tolist()]
    item_ids = [str(v) for v in col(S.ITEM_ID).tolist()]
    layout = [(get_column_letter(j), key, editable) for j, (key, _h, _w, editable) in enumerate(REVIEW_COLUMNS, start=1)]
    data = _Rows(ws, kinds, HEADER_ROW + 1)
    text, number = data.text, data.number
    for i in order:
        r = data.row
        pre = prefill.get(item_ids[i], {})
        review = needs_l[i]
        cells = []
        for c, key, editable in layout:
            if editable:
                cells.append(text(f"{c}{r}", pre.get(key, ""), "edit"))
            elif key == "sector_confidence":
                cells.append(number(f"{c}{r}", values[key][i], "pct-review" if review else "pct"))
            else:
                cells.append(text(f"{c}{r}", values[key][i], "text-review" if review else "text"))
        data.add(cells, _lines([(values[key][i], width) for key, _h, width, editable in REVIEW_COLUMNS
                                if not editable and key in values]
                               + [(pre.get(key, ""), width) for key, _h, width, editable in REVIEW_COLUMNS if editable]))
    if not order:
        data.add([])  # an empty round: the row under the header, where the panes are frozen, as before
    rows.append((ws, data.parts))

    # ---- dropdown lists on a hidden sheet
    lists = wb.create_sheet(LIST_SHEET)
    lists.sheet_state = "hidden"
    n_sectors = len(taxonomy.sectors)
    _set_dimension(lists, f"A1:F{max(n_sectors + 1, 3)}")
    list_rows = [["Lĩnh vực", "Mã", None, "Thẩm quyền", None, "Đánh dấu"]]
    list_rows += [[_styled(lists, _text(sec.label), {}), _styled(lists, _text(sec.slug), {})]
                  for sec in taxonomy.sectors]
    while len(list_rows) < 3:
        list_rows.append([None, None])
    list_rows[1] = list_rows[1][:2] + [None, AUTHORITY_SHORT[S.CENTRAL], None, MARK]
    list_rows[2] = list_rows[2][:2] + [None, AUTHORITY_SHORT[S.LOCAL]]
    for row in list_rows:
        for cell in row:
            if hasattr(cell, "data_type") and cell.value:
                cell.data_type = "s"  # a label is text, even one that starts with "="
        lists.append(row)

    # ---- clusters, for choosing a merge target (read-only)
    cs = wb.create_sheet(CLUSTER_SHEET)
    cheads = [("cluster_id", "Mã cụm", 16), ("representative_text", "Nội dung đại diện", 70),
              ("sector_label", "Lĩnh vực", 30), ("authority", "Thẩm quyền", 14), ("n_items", "Số kiến nghị", 10),
              ("units", "Đơn vị", 40)]
    n_clusters = 0 if clusters is None else len(clusters)
    _set_dimension(cs, f"A1:{get_column_letter(len(cheads))}{n_clusters + 1}")
    for j, (_k, _h, w) in enumerate(cheads, start=1):
        cs.column_dimensions[get_column_letter(j)].width = w
    cs.freeze_panes = "A2"
    cs.protection.sheet = True
    cs.protection.autoFilter = False
    cs.auto_filter.ref = f"A1:{get_column_letter(len(cheads))}{n_clusters + 1}"
    cs.append([_styled(cs, h, {"font": Font(bold=True), "fill": head_fill}) for _k, h, _w in cheads])
    cdata = _Rows(cs, {"wrap": {"alignment": wrap}}, 2)
    if clusters is not None and len(clusters):
        cl = clusters.sort_values(["n_items", S.CLUSTER_ID], ascending=[False, True], kind="mergesort")
        cletters = [get_column_letter(j) for j in range(1, len(cheads) + 1)]
        for rec in cl.to_dict("records"):
            r = cdata.row
            cells = []
            for c, (k, _h, _w) in zip(cletters, cheads):
                v = rec.get(k, "")
                if k == "n_items":
                    cells.append(cdata.number(f"{c}{r}", int(v), "wrap"))
                else:
                    cells.append(cdata.text(f"{c}{r}", AUTHORITY_SHORT.get(v, v) if k == "authority" else v, "wrap"))
            cdata.add(cells)
    rows.append((cs, cdata.parts))

    # ---- what was pre-filled, to tell a cleared cell from an untouched one when reading back
    ps = wb.create_sheet(PREFILL_SHEET)
    ps.sheet_state = "veryHidden"
    ps.protection.sheet = True
    _set_dimension(ps, f"A1:{get_column_letter(len(EDITABLE_KEYS) + 1)}{len(prefill) + 1}")
    ps.append(["item_id"] + EDITABLE_KEYS)
    pdata = _Rows(ps, {}, 2)
    pletters = [get_column_letter(j) for j in range(1, len(EDITABLE_KEYS) + 2)]
    for iid in sorted(prefill):
        r = pdata.row
        row = [iid] + [prefill[iid].get(k, "") for k in EDITABLE_KEYS]
        pdata.add([pdata.text(f"{c}{r}", v, None) for c, v in zip(pletters, row)])
    rows.append((ps, pdata.parts))

    buf = _bytes_io.BytesIO()
    # stored, not compressed: _deterministic_zip compresses every part once, at the end
    archive = zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED, allowZip64=True)
    ExcelWriter(wb, archive).save()  # unlike wb.save(), keeps our fixed "modified" date
    parts = {sheet.path[1:]: sheet_rows for sheet, sheet_rows in rows}  # sheets are numbered when saved
    io.write_bytes(path, _deterministic_zip(buf.getvalue(), when, parts))
    return [path]


# ------------------------------------------------------------------------------- agreement


def agreement(corrections_df: pd.DataFrame, items: pd.DataFrame | None = None) -> dict:
    """How often the model already agreed with the analysts.

    Over the corrections that set a sector (resp. an authority), excluding items marked
    not a recommendation: the share whose prediction equalled the analyst's value. The
    prediction is the one the analyst saw when correcting (``sector_predicted`` in the
    log); where the log has none, the current ``items``' prediction is used.

    Returns n_corrections (log rows), n_sector, sector_agreement, n_authority,
    authority_agreement (NaN when there is nothing to compare), n_not_recommendation,
    n_merge, n_split, n_orphan.
    """
    t = corrections_df.copy()
    for c in CORRECTION_COLUMNS:
        if c not in t.columns:
            t[c] = ""
    t = t.fillna("").astype(str)
    if items is not None and len(items):
        pred = items.set_index(S.ITEM_ID)
        for c, src in (("sector_predicted", S.SECTOR_PREDICTED), ("authority_predicted", S.AUTHORITY_PREDICTED)):
            if src in pred.columns:
                fill = t[c] == ""
                t.loc[fill, c] = t.loc[fill, "item_id"].map(pred[src]).fillna("").astype(str)
    rec = t["not_recommendation"].isin(["True", "x"]) == False  # noqa: E712
    out = {"n_corrections": int(len(t))}
    for name in ("sector", "authority"):
        m = rec & (t[name] != "") & (t[f"{name}_predicted"] != "")
        out[f"n_{name}"] = int(m.sum())
        out[f"{name}_agreement"] = float((t.loc[m, name] == t.loc[m, f"{name}_predicted"]).mean()) if m.any() else float("nan")
    out["n_not_recommendation"] = int((~rec).sum())
    out["n_merge"] = int((t["merge_into"] != "").sum())
    out["n_split"] = int(t["split_out"].isin(["True", "x"]).sum())
    out["n_orphan"] = int((t["orphan"] == "True").sum())
    return out


def agreement_from_file(path: Path, cfg: Config) -> dict:
    """``agreement`` for a round's ``corrections.csv`` (with ``recommendations.parquet`` beside it,
    when present, for predictions the log lacks) or for an edited review.xlsx."""
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        rows = read_corrections_file(path, cfg)
        recs = []
        for row in rows:
            vals = {**row.passive, **row.explicit}
            recs.append(_log_row(row.item_id, row.unit, row.text, {k: v for k, v in vals.items() if v},
                                 {**row.predicted, "source_file": row.source}))
        return agreement(pd.DataFrame(recs, columns=CORRECTION_COLUMNS))
    if not path.exists():
        raise InputError(f"Không tìm thấy tệp hiệu chỉnh: {path}")
    log = read_log(path, cfg)
    items = None
    for name in ("recommendations.parquet", "recommendations.csv"):
        p = path.parent / name
        if p.exists():
            try:
                items = pd.read_parquet(p) if p.suffix == ".parquet" else pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8-sig")
            except Exception:
                items = None
            break
    return agreement(log, items)
