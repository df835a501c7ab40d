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

from pathlib import Path

import pandas as pd

from . import schemas as S
from .config import SEED_DIR, Config
from .errors import LabelsError
from .label_store import resolve_sector, valid_sectors_text
from .normalize import fold as _fold, normalize_text

LABEL_COLUMNS = ["text", "sector", "authority", "origin"]
_TEXT_ALIASES = ("text", "noi dung", "noi dung kien nghi", "kien nghi", "y kien")
_SECTOR_ALIASES = ("sector", "linh vuc", "ma linh vuc")
_AUTH_ALIASES = ("authority", "tham quyen")


def load_seed() -> pd.DataFrame:
    """The seed corpus: every ``<slug>.csv`` in the seed folder, in slug order."""
    frames = [pd.read_csv(p, dtype=str, keep_default_na=False) for p in sorted(SEED_DIR.glob("*.csv"))]
    seed = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["text", "sector", "authority"])
    return seed.assign(origin="seed")[LABEL_COLUMNS]


def _authority_value(raw: str) -> str:
    f = _fold(raw)
    if f in ("", "nan"):
        return ""
    if f in ("trung_uong", "trung uong", "tw", "central", "tham quyen trung uong"):
        return S.CENTRAL
    if f in ("dia_phuong", "dia phuong", "dp", "local", "tham quyen dia phuong"):
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
        sector = resolve_sector(rec[sector_col], cfg) or str(rec[sector_col]).strip()
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
        hint = (f" Các lĩnh vực hợp lệ (mã hoặc tên): {valid_sectors_text(cfg)}."
                if any("mã lĩnh vực" in p for p in problems) else "")
        raise LabelsError(f"{path}: {len(problems)} dòng không hợp lệ, chưa học dòng nào: {shown}.{hint}")
    if not rows:
        raise LabelsError(f"{path}: tệp nhãn không có dòng dữ liệu nào.")
    return pd.DataFrame(rows)


def read_report(path: Path, cfg: Config):
    """A past consolidated report read back (``past_reports.Reading``)."""
    from .past_reports import read_report as _read

    return _read(Path(path), cfg)


def read_report_docx(path: Path, cfg: Config) -> pd.DataFrame:
    """The items of a past consolidated report, labelled by the headings above them
    (see ``pipeline/past_reports.py``). Returns the same columns as ``read_labels_table``."""
    rows = read_report(path, cfg).rows
    return rows.assign(origin=Path(path).name)[LABEL_COLUMNS]


REPORT_SUFFIXES = (".docx",)


def read_labels(path: Path, cfg: Config) -> pd.DataFrame:
    if Path(path).suffix.lower() in REPORT_SUFFIXES:
        return read_report_docx(Path(path), cfg)
    return read_labels_table(Path(path), cfg)


def store_file(cfg: Config) -> Path:
    from .label_store import labels_path

    return labels_path(cfg)


def load_store(cfg: Config) -> pd.DataFrame:
    """The office's stored rows (LABEL_COLUMNS); a broken store raises LabelsError naming file and row."""
    from .label_store import load_store as _load

    return _load(cfg)[LABEL_COLUMNS].reset_index(drop=True)


def add_to_store(labels: pd.DataFrame, cfg: Config, source: Path | None = None, date: str = "") -> tuple[int, int]:
    """Record ``labels`` read from ``source`` as one import; returns (rows added or changed, total rows)."""
    from .label_store import import_rows

    if source is None:
        raise LabelsError("Thiếu tên tệp nguồn của dữ liệu nhãn.")
    result = import_rows(labels, Path(source), cfg, date)
    return result.added, result.total


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
    keep = out["sector"].isin(cfg.taxonomy.slugs) | ((out["sector"] == "") & out["authority"].isin(S.AUTHORITIES))
    return out[keep].reset_index(drop=True)


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
    office = [load_store(cfg)]
    if learn_from_rounds:
        office.append(load_other_corrections(cfg, exclude_round))
    if extra is not None and not extra.empty:
        office.append(extra[LABEL_COLUMNS])
    office = [p for p in office if len(p)]
    train = pd.concat([load_seed(), taxonomy_examples(cfg), *office], ignore_index=True)
    if office:  # the office's rows outweigh the seed corpus (pipeline/data/learning.toml)
        n_seed = len(train) - sum(len(p) for p in office)
        train["weight"] = [1.0] * n_seed + [office_weight()] * (len(train) - n_seed)
    # an authority-only row (empty sector) keeps the sector an earlier row gave its text, else
    # trains the authority model only
    train = train.assign(text=train["text"].map(normalize_text))
    known = train[train["sector"] != ""].drop_duplicates("text", keep="last").set_index("text")["sector"]
    no_sector = train["sector"] == ""
    train.loc[no_sector, "sector"] = train.loc[no_sector, "text"].map(known).fillna("")
    keep = train["sector"].isin(cfg.taxonomy.slugs) | ((train["sector"] == "") & train["authority"].isin(S.AUTHORITIES))
    train = train[keep & (train["text"] != "")]
    train = train.drop_duplicates("text", keep="last").sort_values("text", kind="mergesort")
    return train.reset_index(drop=True)


def office_weight() -> float:
    from .io import read_toml

    return float(read_toml(Path(__file__).parent / "data" / "learning.toml", "tệp cấu hình học")["office_weight"])


def office_summary(train: pd.DataFrame) -> dict:
    """How many rows of a training set are the office's, by origin (import file or corrections)."""
    office = train[~train["origin"].isin(["seed", "taxonomy"])]
    by = office["origin"].value_counts().sort_index()
    return {"office_rows": int(len(office)), "sector_rows": int((office["sector"] != "").sum()),
            "by_origin": {str(k): int(v) for k, v in by.items()}}


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
