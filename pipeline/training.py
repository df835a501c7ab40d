"""Labelled data for the classifier: seed corpus, labels files, past reports, the store.

The training set is the seed corpus shipped with cutri (``pipeline/data/seed``)
plus the user's model store: ``<store>/labels.csv``, to which ``cutri train``
adds rows from a labels file (csv/xlsx with text, sector, optional authority)
or from a past consolidated report (.docx), whose items are labelled by the
sector heading they stand under.

Analysts' corrections are learnt across rounds: after a run with learning on, the
round's corrected items are kept in ``<store>/corrections/<round key>.csv`` (the key
is a hash of the round's out folder). A round's model is trained on the seed, the
store and the corrections of every *other* round. Its own corrections already fix
its own items, and leaving them out keeps the training data - and so the cached
model - unchanged when a rerun only applies corrections.

Every row of a labels file is either accepted or reported: nothing is dropped
silently. Errors name the file and row in Vietnamese.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pandas as pd

from . import schemas as S
from .config import SEED_DIR, Config
from .errors import LabelsError
from .normalize import normalize_text

LABEL_COLUMNS = ["text", "sector", "authority", "origin"]
_TEXT_ALIASES = ("text", "noi dung", "noi dung kien nghi", "kien nghi", "y kien")
_SECTOR_ALIASES = ("sector", "linh vuc", "ma linh vuc")
_AUTH_ALIASES = ("authority", "tham quyen")


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFD", str(s).strip().lower()).replace("đ", "d")
    return re.sub(r"\s+", " ", "".join(c for c in s if unicodedata.category(c) != "Mn"))


def load_seed() -> pd.DataFrame:
    """The seed corpus: every ``<slug>.csv`` in the seed folder, in slug order."""
    frames = [pd.read_csv(p, dtype=str, keep_default_na=False) for p in sorted(SEED_DIR.glob("*.csv"))]
    seed = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["text", "sector", "authority"])
    return seed.assign(origin="seed")[LABEL_COLUMNS]


def _authority_value(raw: str) -> str:
    f = _fold(raw)
    if f in ("", "nan"):
        return ""
    if f in ("trung_uong", "trung uong", "tw", "central"):
        return S.CENTRAL
    if f in ("dia_phuong", "dia phuong", "dp", "local"):
        return S.LOCAL
    return "?"


def read_labels_table(path: Path, cfg: Config) -> pd.DataFrame:
    """Read a csv/xlsx labels file; validate every row.

    Returns columns text, sector, authority, origin (+ sector_alt if present).
    Raises LabelsError naming the file and rows for unknown sectors, empty texts,
    invalid authorities, or missing columns.
    """
    path = Path(path)
    if not path.exists():
        raise LabelsError(f"Không tìm thấy tệp nhãn: {path}")
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            df = pd.read_excel(path, dtype=str, keep_default_na=False, engine="openpyxl")
            first_row = 2
        elif path.suffix.lower() == ".csv":
            df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
            first_row = 2
        else:
            raise LabelsError(f"{path}: tệp nhãn phải là .csv hoặc .xlsx.")
    except LabelsError:
        raise
    except Exception as exc:
        raise LabelsError(f"{path}: không đọc được tệp nhãn ({type(exc).__name__}).") from None
    cols = {_fold(c): c for c in df.columns}

    def find(aliases):
        return next((cols[a] for a in aliases if a in cols), None)

    text_col, sector_col, auth_col = find(_TEXT_ALIASES), find(_SECTOR_ALIASES), find(_AUTH_ALIASES)
    missing = [name for name, col in (("text", text_col), ("sector", sector_col)) if col is None]
    if missing:
        raise LabelsError(
            f"{path}: thiếu cột {', '.join(repr(m) for m in missing)} (các cột có: {', '.join(map(str, df.columns))})."
        )
    slugs = set(cfg.taxonomy.slugs)
    problems = []
    rows = []
    for i, rec in enumerate(df.to_dict("records")):
        line = i + first_row
        text = normalize_text(str(rec[text_col]))
        sector = str(rec[sector_col]).strip()
        auth = _authority_value(rec[auth_col]) if auth_col else ""
        if not text:
            problems.append(f"dòng {line}: nội dung trống")
            continue
        if sector not in slugs:
            problems.append(f"dòng {line}: mã lĩnh vực không có trong danh mục: '{sector}'")
            continue
        if auth == "?":
            problems.append(f"dòng {line}: thẩm quyền không hợp lệ: '{rec[auth_col]}' (dùng trung_uong hoặc dia_phuong)")
            continue
        row = {"text": text, "sector": sector, "authority": auth, "origin": path.name}
        if "sector_alt" in df.columns:
            row["sector_alt"] = str(rec["sector_alt"]).strip()
        rows.append(row)
    if problems:
        shown = "; ".join(problems[:10]) + (f"; … và {len(problems) - 10} lỗi khác" if len(problems) > 10 else "")
        raise LabelsError(f"{path}: {len(problems)} dòng không hợp lệ, chưa học dòng nào: {shown}.")
    if not rows:
        raise LabelsError(f"{path}: tệp nhãn không có dòng dữ liệu nào.")
    return pd.DataFrame(rows)


# Default mapping from report headings to sectors, matched on diacritic-folded text;
# [classify] heading_map in the config adds to or overrides it.
DEFAULT_HEADING_MAP = {
    "nong nghiep": "nong_nghiep", "thuy loi": "nong_nghiep", "lam nghiep": "nong_nghiep",
    "nong thon moi": "nong_nghiep", "dat dai": "dat_dai_moi_truong", "tai nguyen": "dat_dai_moi_truong",
    "moi truong": "dat_dai_moi_truong", "giai phong mat bang": "dat_dai_moi_truong",
    "giao thong": "giao_thong", "van tai": "giao_thong", "xay dung": "xay_dung_do_thi",
    "do thi": "xay_dung_do_thi", "nuoc sach": "xay_dung_do_thi", "cong thuong": "cong_thuong",
    "dien": "cong_thuong", "tai chinh": "tai_chinh_dau_tu", "ngan sach": "tai_chinh_dau_tu",
    "dau tu": "tai_chinh_dau_tu", "thue": "tai_chinh_dau_tu", "lao dong": "lao_dong_xa_hoi",
    "chinh sach xa hoi": "lao_dong_xa_hoi", "nguoi co cong": "lao_dong_xa_hoi",
    "bao hiem xa hoi": "lao_dong_xa_hoi", "y te": "y_te", "giao duc": "giao_duc",
    "van hoa": "van_hoa_the_thao_du_lich", "the thao": "van_hoa_the_thao_du_lich",
    "du lich": "van_hoa_the_thao_du_lich", "noi vu": "noi_vu", "to chuc bo may": "noi_vu",
    "quoc phong": "an_ninh_tu_phap", "an ninh": "an_ninh_tu_phap", "tu phap": "an_ninh_tu_phap",
    "noi chinh": "an_ninh_tu_phap", "khieu nai": "an_ninh_tu_phap",
    "thong tin": "khoa_hoc_cong_nghe_thong_tin", "khoa hoc": "khoa_hoc_cong_nghe_thong_tin",
    "vien thong": "khoa_hoc_cong_nghe_thong_tin", "dan toc": "dan_toc_ton_giao",
    "ton giao": "dan_toc_ton_giao", "quoc hoi": "quoc_hoi_phap_luat", "phap luat": "quoc_hoi_phap_luat",
    "linh vuc khac": "khac", "van de khac": "khac",
}
_HEADING = re.compile(
    r"^\s*(?:[IVXLC]+\.|\d+(?:\.\d+)*\.?|[a-zđ]\)|[A-ZĐ]\.)?\s*(?:(?:Về|Ve)\s+)?(?:(?:các\s+)?(?:lĩnh vực|linh vuc|nhóm)\s+)?(.{2,120})$",
    re.IGNORECASE,
)
_ITEM = re.compile(r"^\s*(?:[-–•+*]|\d+[.)]|[a-zđ][.)])\s+(.+)$")


def _heading_slug(text: str, heading_map: dict[str, str]) -> str | None:
    m = _HEADING.match(text)
    if not m or len(text) > 140:
        return None
    folded = _fold(m.group(1))
    # the longest key that occurs decides ("bao hiem xa hoi" beats "xa hoi")
    best = None
    for key, slug in heading_map.items():
        if re.search(rf"(?<!\w){re.escape(key)}(?!\w)", folded) and (best is None or len(key) > len(best[0])):
            best = (key, slug)
    return best[1] if best else None


def read_report_docx(path: Path, cfg: Config) -> pd.DataFrame:
    """Label the items of a past consolidated report by the sector heading above them.

    A heading is a short paragraph (bold, or numbered like "1. Lĩnh vực y tế")
    whose text maps to a sector; the paragraphs under it until the next heading
    are items. A heading naming "Trung ương" / "địa phương" sets the authority.
    Returns the same columns as ``read_labels_table``.
    """
    from docx import Document  # python-docx

    try:
        doc = Document(str(path))
    except Exception as exc:
        raise LabelsError(f"{path}: không mở được tệp Word ({type(exc).__name__}).") from None
    heading_map = {**DEFAULT_HEADING_MAP, **{_fold(k): v for k, v in cfg.classify.heading_map}}
    rows = []
    sector = authority = None
    for para in doc.paragraphs:
        text = normalize_text(para.text)
        if not text:
            continue
        folded = _fold(text)
        is_short = len(text) <= 140
        bold = bool(para.runs) and all(r.bold for r in para.runs if r.text.strip())
        if is_short and ("tham quyen" in folded or folded.startswith(("ii.", "iii.", "iv.", "i."))):
            if "trung uong" in folded:
                authority, sector = S.CENTRAL, None
                continue
            if "dia phuong" in folded or "tinh" in folded.split():
                authority, sector = S.LOCAL, None
                continue
        slug = _heading_slug(text, heading_map) if (is_short and (bold or not _ITEM.match(text) or "linh vuc" in folded)) else None
        if slug and (bold or "linh vuc" in folded or len(text) < 60):
            sector = slug
            continue
        if sector is None or len(text) < 15:
            continue
        m = _ITEM.match(text)
        item = m.group(1) if m else text
        item = re.sub(r"\s*\((?:Cử tri|cử tri)[^)]*\)\s*\.?$", "", item).strip()
        if len(item) >= 15:
            rows.append({"text": item, "sector": sector, "authority": authority or "", "origin": path.name})
    if not rows:
        raise LabelsError(
            f"{path}: không tìm thấy mục kiến nghị nào dưới các tiêu đề lĩnh vực; "
            "kiểm tra tiêu đề hoặc bổ sung [classify] heading_map trong tệp cấu hình."
        )
    return pd.DataFrame(rows)


def read_labels(path: Path, cfg: Config) -> pd.DataFrame:
    if Path(path).suffix.lower() == ".docx":
        return read_report_docx(Path(path), cfg)
    return read_labels_table(Path(path), cfg)


def store_file(cfg: Config) -> Path:
    return cfg.store_path() / "labels.csv"


def load_store(cfg: Config) -> pd.DataFrame:
    path = store_file(cfg)
    if not path.exists():
        return pd.DataFrame(columns=LABEL_COLUMNS)
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    known = df["sector"].isin(cfg.taxonomy.slugs)
    return df.loc[known, LABEL_COLUMNS].reset_index(drop=True)


def add_to_store(labels: pd.DataFrame, cfg: Config) -> tuple[int, int]:
    """Merge labelled rows into the store; a later label for the same text wins.

    Returns (rows added or changed, total rows in the store).
    """
    from .io import write_csv

    current = load_store(cfg)
    merged = pd.concat([current, labels[LABEL_COLUMNS]], ignore_index=True)
    merged = merged.drop_duplicates("text", keep="last").sort_values("text", kind="mergesort").reset_index(drop=True)
    before = set(map(tuple, current[["text", "sector", "authority"]].to_numpy().tolist()))
    after = set(map(tuple, merged[["text", "sector", "authority"]].to_numpy().tolist()))
    path = store_file(cfg)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_csv(path, merged)
    return len(after - before), len(merged)


def round_key(out_dir: Path) -> str:
    """Stable key of a round: hash of its resolved out folder."""
    import hashlib

    return hashlib.sha1(str(Path(out_dir).resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:16]


def corrections_store(cfg: Config) -> Path:
    return cfg.store_path() / "corrections"


def save_round_corrections(rows: pd.DataFrame, out_dir: Path, cfg: Config) -> Path | None:
    """Keep a round's corrected items as training data for other rounds.

    ``rows`` has LABEL_COLUMNS (``Corrections.training_rows``). Written only when the
    content changed; an empty ``rows`` removes the round's file. Returns the path or None.
    """
    from .io import write_csv

    path = corrections_store(cfg) / f"{round_key(out_dir)}.csv"
    if rows is None or rows.empty:
        if path.exists():
            path.unlink()
        return None
    table = rows[LABEL_COLUMNS].drop_duplicates("text", keep="last").sort_values("text", kind="mergesort")
    table = table.reset_index(drop=True)
    if path.exists():
        old = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        if list(old.columns) == LABEL_COLUMNS and old.equals(table.astype(str)):
            return path
    path.parent.mkdir(parents=True, exist_ok=True)
    write_csv(path, table)
    return path


def load_other_corrections(cfg: Config, exclude_round: str | None) -> pd.DataFrame:
    """Corrections stored by every round except ``exclude_round``, in key order."""
    folder = corrections_store(cfg)
    frames = []
    if folder.is_dir():
        for p in sorted(folder.glob("*.csv")):
            if p.stem == exclude_round:
                continue
            df = pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8-sig")
            if set(LABEL_COLUMNS) <= set(df.columns):
                frames.append(df[LABEL_COLUMNS])
    if not frames:
        return pd.DataFrame(columns=LABEL_COLUMNS)
    out = pd.concat(frames, ignore_index=True)
    return out[out["sector"].isin(cfg.taxonomy.slugs)].reset_index(drop=True)


def taxonomy_examples(cfg: Config) -> pd.DataFrame:
    """One weak example per sector from its label, description and keywords."""
    rows = []
    for s in cfg.taxonomy.sectors:
        text = normalize_text(" ".join([s.label, s.description, ", ".join(s.keywords)]))
        if text:
            rows.append({"text": text, "sector": s.slug, "authority": "", "origin": "taxonomy"})
    return pd.DataFrame(rows, columns=LABEL_COLUMNS)


def training_set(cfg: Config, extra: pd.DataFrame | None = None, *, learn_from_rounds: bool = False,
                 exclude_round: str | None = None) -> pd.DataFrame:
    """Seed corpus + taxonomy descriptions + store (+ other rounds' corrections) (+ ``extra``).

    ``learn_from_rounds`` adds the corrections stored by every round except
    ``exclude_round`` (see ``save_round_corrections``).

    Rows are de-duplicated by text, later sources winning, and sorted by text
    so the fitted model does not depend on file order. Sectors unknown to the
    configured taxonomy are left out of the seed (an office may drop sectors).
    """
    parts = [load_seed(), taxonomy_examples(cfg), load_store(cfg)]
    if learn_from_rounds:
        parts.append(load_other_corrections(cfg, exclude_round))
    if extra is not None and not extra.empty:
        parts.append(extra[LABEL_COLUMNS])
    train = pd.concat(parts, ignore_index=True)
    train = train[train["sector"].isin(cfg.taxonomy.slugs)]
    train = train.assign(text=train["text"].map(normalize_text))
    train = train[train["text"] != ""]
    train = train.drop_duplicates("text", keep="last").sort_values("text", kind="mergesort")
    return train.reset_index(drop=True)


def bundled_texts(cfg: Config | None = None) -> list[str]:
    """The texts whose tokens ship in ``pipeline/data/seed_tokens.tsv``: seed corpus + default taxonomy."""
    cfg = cfg or Config()
    parts = [load_seed(), taxonomy_examples(cfg)]
    texts = pd.concat(parts, ignore_index=True)["text"].map(normalize_text)
    return sorted(set(t for t in texts if t))


def build_seed_tokens() -> int:
    """Tokenize the bundled texts with the installed underthesea and write the tokens file."""
    from . import vi_text

    texts = bundled_texts()
    tokens = [vi_text.tokenize(t) for t in texts]
    return vi_text.write_bundled(texts, tokens)


if __name__ == "__main__":  # python -m pipeline.training --build-seed-tokens
    import sys

    if sys.argv[1:] != ["--build-seed-tokens"]:
        sys.exit("usage: python -m pipeline.training --build-seed-tokens")
    print(f"{build_seed_tokens()} rows written to pipeline/data/seed_tokens.tsv")
