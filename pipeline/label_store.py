"""The office's label store: ``<store>/labels.csv`` and its import register ``<store>/imports.csv``.

Every ``cutri train`` import is recorded (id, file name, sha256, date, rows) and its rows
carry the import id, so ``cutri train --remove ID`` takes exactly that import back; the
store file's hash is part of the model's cache key, so the next run's model follows.

Texts are stored without voters' names or contact details (``strip_personal``): the
request is kept. Both files are validated when read; a file edited by hand into
something broken is a ``LabelsError`` naming the file and row. Writes are atomic
(temporary file + rename), labels first, register last, each a whole file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import schemas as S
from .errors import LabelsError
from .normalize import normalize_text
from .past_reports import clean_item, fold

STORE_COLUMNS = ["text", "sector", "authority", "origin", "import_id"]
IMPORT_COLUMNS = ["id", "file", "sha256", "date", "rows"]

# "Cử tri Nguyễn Văn An (thôn Nà Pồng) đề nghị ...", "Ông Lê Văn B, tổ 3, phản ánh: ..."
_SPEAKER = re.compile(
    r"^(?:(?:cử tri|ông|bà|anh|chị|cụ)\s+(?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*\s+){1,4})"
    r"(?:\([^)]*\)\s*)?(?:,?\s*(?:thôn|xóm|bản|tổ|khu phố|ấp|số nhà)[^,:;]*)?[,:;\-–\s]*"
    r"(?=(?:có ý kiến|phản ánh|kiến nghị|đề nghị|đề xuất|hỏi|nêu)\b)",
    re.IGNORECASE,
)
_REPORTING = re.compile(r"^(?:có ý kiến|phản ánh|nêu)\s*[:,]?\s*", re.IGNORECASE)


def strip_personal(text: str) -> str:
    """The request without the speaker's name, address, phone or id numbers."""
    t = normalize_text(text)
    t2 = _SPEAKER.sub("", t)
    if t2 != t:
        t2 = _REPORTING.sub("", t2)
        t = t2[:1].upper() + t2[1:]
    return clean_item(t)


def resolve_sector(value: str, cfg) -> str | None:
    """A slug, or a taxonomy label with diacritics and case folded → slug; else None."""
    v = str(value).strip()
    if v in cfg.taxonomy.slugs:
        return v
    f = fold(v).strip(" .")
    for s in cfg.taxonomy.sectors:
        if f == s.slug.lower() or f == fold(s.label).strip(" ."):
            return s.slug
    return None


def valid_sectors_text(cfg) -> str:
    return "; ".join(f"{s.slug} ({s.label})" for s in cfg.taxonomy.sectors)


def store_dir(cfg) -> Path:
    return cfg.store_path()


def labels_path(cfg) -> Path:
    return store_dir(cfg) / "labels.csv"


def imports_path(cfg) -> Path:
    return store_dir(cfg) / "imports.csv"


def _read(path: Path, columns: list[str], required: list[str]) -> pd.DataFrame:
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except Exception as exc:
        raise LabelsError(
            f"{path}: tệp kho dữ liệu bị hỏng, không đọc được ({type(exc).__name__}); "
            "khôi phục bản sao lưu hoặc xóa tệp này rồi nhập lại dữ liệu."
        ) from None
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise LabelsError(f"{path}: tệp kho dữ liệu thiếu cột {', '.join(missing)} (các cột có: "
                          f"{', '.join(map(str, df.columns))}); khôi phục bản sao lưu hoặc sửa lại dòng 1.")
    for c in columns:
        if c not in df.columns:
            df[c] = ""
    return df[columns]


def load_store(cfg, *, validate: bool = True) -> pd.DataFrame:
    """The stored labelled rows (STORE_COLUMNS); a broken row raises LabelsError naming it."""
    path = labels_path(cfg)
    if not path.exists():
        return pd.DataFrame(columns=STORE_COLUMNS)
    df = _read(path, STORE_COLUMNS, ["text", "sector"])
    if validate:
        slugs = set(cfg.taxonomy.slugs)
        for i, (text, sector, auth) in enumerate(zip(df["text"], df["sector"], df["authority"]), start=2):
            if not text.strip():
                raise LabelsError(f"{path}: dòng {i}: nội dung trống (tệp kho dữ liệu bị sửa tay?).")
            if sector and sector not in slugs:
                raise LabelsError(f"{path}: dòng {i}: mã lĩnh vực không có trong danh mục: '{sector}'. "
                                  f"Các mã hợp lệ: {valid_sectors_text(cfg)}.")
            if auth not in ("", S.CENTRAL, S.LOCAL):
                raise LabelsError(f"{path}: dòng {i}: thẩm quyền không hợp lệ: '{auth}' "
                                  f"(dùng {S.CENTRAL} hoặc {S.LOCAL}).")
    return df.reset_index(drop=True)


def load_imports(cfg) -> pd.DataFrame:
    path = imports_path(cfg)
    if not path.exists():
        return pd.DataFrame(columns=IMPORT_COLUMNS)
    df = _read(path, IMPORT_COLUMNS, IMPORT_COLUMNS)
    for i, (iid, rows) in enumerate(zip(df["id"], df["rows"]), start=2):
        if not iid.strip() or not rows.isdigit():
            raise LabelsError(f"{path}: dòng {i}: bản ghi lần nhập không hợp lệ (id '{iid}', số dòng '{rows}').")
    return df


@dataclass
class ImportResult:
    import_id: str
    added: int
    total: int
    replaced: bool


def import_rows(rows: pd.DataFrame, source: Path, cfg, date: str) -> ImportResult:
    """Add labelled rows from ``source`` as one recorded import; re-importing the same file replaces it.

    A later label for the same text wins over an earlier one.
    """
    from .io import sha256_file, write_csv

    current = load_store(cfg)
    imports = load_imports(cfg)
    digest = sha256_file(Path(source))
    import_id = "N" + digest[:8]
    replaced = bool((imports["id"] == import_id).any())
    kept = current[current["import_id"] != import_id]
    new = rows.assign(text=rows["text"].map(strip_personal), origin=Path(source).name, import_id=import_id)
    new = new[new["text"].str.len() >= 10]
    merged = pd.concat([kept, new[STORE_COLUMNS]], ignore_index=True)
    merged = merged.drop_duplicates("text", keep="last").sort_values("text", kind="mergesort").reset_index(drop=True)
    key = ["text", "sector", "authority"]
    before = set(map(tuple, current[key].to_numpy().tolist()))
    after = set(map(tuple, merged[key].to_numpy().tolist()))
    n_rows = int((merged["import_id"] == import_id).sum())
    record = pd.DataFrame([{"id": import_id, "file": Path(source).name, "sha256": digest, "date": date,
                            "rows": str(n_rows)}])
    imports = pd.concat([imports[imports["id"] != import_id], record], ignore_index=True)
    store_dir(cfg).mkdir(parents=True, exist_ok=True)
    write_csv(labels_path(cfg), merged)
    write_csv(imports_path(cfg), imports.sort_values(["date", "id"], kind="mergesort").reset_index(drop=True))
    return ImportResult(import_id, len(after - before), len(merged), replaced)


def remove_import(import_id: str, cfg) -> int:
    """Take one import back; returns the number of rows removed."""
    from .io import write_csv

    imports = load_imports(cfg)
    if not (imports["id"] == import_id).any():
        known = ", ".join(imports["id"]) or "chưa có lần nhập nào"
        raise LabelsError(f"Không có lần nhập '{import_id}' trong kho {store_dir(cfg)} (các lần nhập: {known}).")
    current = load_store(cfg)
    keep = current["import_id"] != import_id
    write_csv(labels_path(cfg), current[keep].reset_index(drop=True))
    write_csv(imports_path(cfg), imports[imports["id"] != import_id].reset_index(drop=True))
    return int((~keep).sum())


def store_summary(cfg) -> dict:
    """Rows per import id of the current store (for the manifest and run summary)."""
    store = load_store(cfg, validate=False)
    if store.empty:
        return {"rows": 0, "imports": {}}
    counts = store["import_id"].replace("", "(cũ)").value_counts().sort_index()
    return {"rows": int(len(store)), "imports": {k: int(v) for k, v in counts.items()}}
