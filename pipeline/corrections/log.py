"""The round's persistent corrections log, ``<out>/corrections.csv``, and merging into it.

``collect`` reads the log together with the correction files given now and
returns a frozen ``Collected`` (the merged table, one row per item, and the
warnings); ``write_log`` stores a table back. Precedence, per item and per field
(sector, authority, cluster membership, not-a-recommendation, representative
text, note):

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

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import pandas as pd

from .. import io
from .. import schemas as S
from ..config import Config, Taxonomy
from ..errors import InputError
from ..normalize import normalize_text
from .common import (
    AUTHORITY, CORRECTION_COLUMNS, CORRECTIONS_FILE, FIELDS, MARK, MEMBERSHIP, NOT_REC, NOTE, REP_TEXT, SECTOR,
    TEXT_MATCH_AMBIGUITY, TEXT_MATCH_MIN_RATIO, _HEADER, _Invalid, _cell_str, _empty_log, _list_ids, _log_fields,
    _log_row, _membership, _undefuse, parse_authority, parse_flag, parse_sector,
)
from .read import _Row, read_corrections_file, stored_fingerprint


@dataclass(frozen=True)
class Collected:
    """Every correction known for a round, keyed by current item_id (what ``collect`` returns).

    ``table`` has CORRECTION_COLUMNS, one row per item, sorted by item_id; ``orphan``
    rows are corrections whose item is not in this run. ``warnings`` (Vietnamese)
    name re-matched and orphaned corrections.
    """

    table: pd.DataFrame
    warnings: tuple[str, ...] = ()



def read_log(path: Path, cfg: Config) -> pd.DataFrame:
    """Read and validate a canonical ``corrections.csv`` (CORRECTION_COLUMNS, values as stored)."""
    path = Path(path)
    if not path.exists():
        return _empty_log()
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except Exception:  # pandas raises many types for a damaged CSV
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



def write_log(table: pd.DataFrame, out_dir: Path) -> list[Path]:
    """Write the canonical log ``out_dir/corrections.csv`` (atomic, sorted by item_id)."""
    path = Path(out_dir) / CORRECTIONS_FILE
    io.write_csv(path, table.sort_values("item_id", kind="mergesort").reset_index(drop=True))
    return [path]


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


def check_round(out_dir: Path, files: Sequence[Path], fingerprint: str, accept_other_round: bool = False) -> list[str]:
    """Refuse (InputError) a review workbook written for another round; returns warnings.

    A workbook stores the fingerprint of the round it was written for. It belongs to
    this round when that is the current ``fingerprint`` or the one of the review.xlsx
    this out folder holds (the round's previous run, before a minute was fixed). A
    workbook without a fingerprint (an older cutri) is accepted with a warning; one of
    another round only with ``accept_other_round`` (``--accept-other-round``).
    """
    if not fingerprint:
        return []
    warnings: list[str] = []
    known = {fingerprint}
    previous = Path(out_dir) / "review.xlsx"
    if previous.exists():
        try:
            known.add(stored_fingerprint(previous) or "")
        except InputError:
            pass  # a damaged output is rewritten by this run
    for f in files:
        f = Path(f)
        if f.suffix.lower() not in (".xlsx", ".xlsm"):
            continue
        stored = stored_fingerprint(f)
        if stored is None:
            warnings.append(f"Tệp hiệu chỉnh {f.name} không ghi đợt mà nó được tạo ra (tệp của phiên bản cutri cũ): "
                            "vẫn áp dụng; hãy chắc chắn đây là bảng rà soát của đợt này.")
        elif stored not in known:
            if not accept_other_round:
                raise InputError(
                    f"Tệp hiệu chỉnh {f}: bảng rà soát này được tạo cho một đợt khác (biên bản khác với đợt đang "
                    "chạy), chưa áp dụng hiệu chỉnh nào để không ghi nhầm sang đợt này. Nếu chắc chắn đây là bảng "
                    "của đợt này (ví dụ biên bản vừa được sửa), chạy lại với --accept-other-round."
                )
            warnings.append(f"Tệp hiệu chỉnh {f.name} được tạo cho một đợt khác; vẫn áp dụng theo --accept-other-round.")
    return warnings


def collect(out_dir: Path, files: Sequence[Path], items: pd.DataFrame, cfg: Config, round_fingerprint: str = "",
            accept_other_round: bool = False) -> Collected:
    """Load ``out_dir/corrections.csv`` and the correction files given now; match them to ``items``.

    ``items`` needs item_id, unit and text. Raises InputError for invalid values (naming
    file, sheet and row) and for two files given now that change the same field of the
    same item differently (naming both files and the item). Ids that are gone are
    re-matched by text within their unit, or kept as orphans; both are reported in
    ``Collected.warnings`` (Vietnamese). With ``round_fingerprint`` a review workbook of
    another round is refused (``check_round``) before anything is read from it.
    """
    warnings: list[str] = check_round(out_dir, files, round_fingerprint, accept_other_round)
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
    return Collected(table=table.reset_index(drop=True), warnings=tuple(warnings))


def empty(cfg: Config | None = None) -> Collected:
    """No corrections at all (what ``collect`` returns for a first run without files)."""
    return Collected(table=_empty_log())


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
