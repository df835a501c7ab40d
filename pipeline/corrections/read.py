"""Reading the analysts' files: an edited review.xlsx, or a CSV with the same columns.

A row becomes a ``_Row``: the fields the analyst changed (``explicit``, a cleared
pre-filled cell included), the fields carried over unchanged from the pre-fill
(``passive``) and the predictions the workbook showed. Invalid cells raise one
``InputError`` naming file, sheet and rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

import pandas as pd

from ..config import Config, Taxonomy
from ..errors import FileReject, InputError
from ..normalize import fold, normalize_text
from .common import (
    EDITABLE_KEYS, LIST_SHEET, PREFILL_SHEET, _HEADER, _HEADER_KEYS, _Invalid, _cell_str, _parse_fields,
    _parse_predicted, _undefuse, canonical_id,
)


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
    rows = wb[PREFILL_SHEET].iter_rows(values_only=True, max_col=MAX_COLUMNS)
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


# Where a review workbook keeps the fingerprint of the round it was written for
# (a custom document property; ``round_fingerprint``).
FINGERPRINT_PROPERTY = "cutri_round_fingerprint"
MAX_COLUMNS = 64  # columns read per row: a review sheet has about twenty, a far-away cell is not read


def round_fingerprint(files: Sequence[dict]) -> str:
    """sha256 over the relative path and digest of every minutes file the round read.

    ``files``: ``IngestResult.files``. cutri's own files and the correction files given
    now are not minutes, so copying review.xlsx into the round folder keeps the round's
    fingerprint.
    """
    import hashlib

    h = hashlib.sha256()
    for f in sorted(files, key=lambda f: str(f.get("path", ""))):
        h.update(f"{f.get('path', '')}\x00{f.get('sha256', '')}\x00".encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def _open_workbook(path: Path):
    """openpyxl's read-only workbook, after ingest's Office zip checks (zip bombs, DTD/entities)."""
    from openpyxl import load_workbook

    from ..ingest.sniff import check_office_zip

    try:
        check_office_zip(path, "Excel (.xlsx)")
    except FileReject as exc:
        raise InputError(f"Tệp hiệu chỉnh {path}: {exc.reason}.") from None
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except Exception:
        raise InputError(f"Không mở được tệp hiệu chỉnh {path}: tệp bị hỏng hoặc không phải .xlsx.") from None


def stored_fingerprint(path: Path) -> str | None:
    """The round fingerprint a review workbook was written for; None for a CSV or a workbook
    without one (written by an older cutri, or by hand)."""
    path = Path(path)
    if path.suffix.lower() not in (".xlsx", ".xlsm") or not path.exists():
        return None
    wb = _open_workbook(path)
    try:
        props = getattr(wb, "custom_doc_props", None) or []
        for prop in props:
            if prop.name == FINGERPRINT_PROPERTY and prop.value:
                return str(prop.value)
        return None
    finally:
        wb.close()


def read_corrections_file(path: Path, cfg: Config) -> list[_Row]:
    """Rows of an edited review workbook (.xlsx) or a CSV with the same (or canonical) columns."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"Không tìm thấy tệp hiệu chỉnh: {path}")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        wb = _open_workbook(path)
        try:
            prefill = _read_prefill(wb)
            rows: list[_Row] = []
            found = False
            for name in wb.sheetnames:
                if name in (LIST_SHEET, PREFILL_SHEET):
                    continue
                got = _rows_from_table(path, name, wb[name].iter_rows(values_only=True, max_col=MAX_COLUMNS),
                                       cfg.taxonomy, prefill)
                found = found or bool(got) or _sheet_has_header(wb[name])
                rows += got
        finally:
            wb.close()
    elif suffix == ".csv":
        try:
            df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig", header=None)
        except Exception:  # pandas raises many types for a damaged CSV
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
    for r, cells in enumerate(ws.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1):
        if _is_header(_header_map(cells)):
            return True
        if r > 30:
            break
    return False


# ------------------------------------------------------------------------------- the stored log

