"""Answers to recommendations: read answer documents, link them to the register's
recommendations, give each link a status, and write the follow-up supervision report.

Stages are plain functions over DataFrames (no I/O except reading the input documents in
``read_answers``); ``pipeline.answers.outputs`` writes files; ``pipeline.answers.store``
is the adapter to the register (``pipeline.register``). See docs/answers.md.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..config import Config
from ..errors import FileReject, InputError
from ..io import sha256_file
from ..schemas import ANSWER_COLUMNS
from .documents import SUFFIXES, read_document
from .link import CANDIDATE_COLUMNS, jaccard_baseline, link_answers
from .parse import ROW_KEYS, parse_document
from .rules import STATUSES, STATUS_LABELS, load_rules

__all__ = ["read_answers", "link_answers", "jaccard_baseline", "answers_table", "ANSWER_OUTPUT_COLUMNS",
           "CANDIDATE_COLUMNS", "STATUSES", "STATUS_LABELS", "load_rules", "REJECT_COLUMNS"]

ANSWER_OUTPUT_COLUMNS = ANSWER_COLUMNS
EXTRA_COLUMNS = ["doc_number", "doc_date", "sector_hint", "status_confidence", "status_basis", "layout",
                 "uncertain_link", "review_priority", "document_key"]
REJECT_COLUMNS = ["source_file", "source_ref", "reason"]


def _files(input_path: Path) -> list[tuple[Path, str]]:
    if input_path.is_file():
        return [(input_path, input_path.name)]
    if not input_path.is_dir():
        raise InputError(f"Không tìm thấy tệp hoặc thư mục văn bản trả lời: {input_path}")
    out = []
    for p in sorted(input_path.rglob("*")):
        if p.is_file() and not p.name.startswith((".", "~$")):
            out.append((p, p.relative_to(input_path).as_posix()))
    return out


def read_answers(input_path: Path, rules_path: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read every answer document under ``input_path``: (rows, rejects). ``rows`` has
    ``ROW_KEYS`` + ``source_file`` + ``document_key`` (path and content hash, so that
    re-importing the same document replaces its answers); rejects name file and row."""
    rules = load_rules(rules_path)
    rows, rejects = [], []
    files = _files(Path(input_path))
    from ..ingest.files import is_cutri_workbook

    for path, rel in files:
        if is_cutri_workbook(path):  # answers_review.xlsx and the like: cutri's own output
            rejects.append(dict(source_file=rel, source_ref="", reason=f"Tệp {rel}: bảng tính do cutri ghi ra "
                                "(không phải văn bản trả lời); bỏ qua"))
            continue
        try:
            doc = read_document(path)
            r, rej = parse_document(doc, rel, rules)
        except FileReject as exc:
            rejects.append(dict(source_file=rel, source_ref=exc.location, reason=f"Tệp {rel}: {exc.reason}"))
            continue
        key = f"{rel}#{sha256_file(path)[:16]}"
        rows.extend(dict(x, source_file=rel, document_key=key) for x in r)
        rejects.extend(dict(source_file=rel, source_ref=ref, reason=reason) for ref, reason in rej)
    if not files:
        raise InputError(f"Thư mục {input_path} không có văn bản trả lời nào ({', '.join(SUFFIXES)}).")
    cols = [*ROW_KEYS, "source_file", "document_key"]
    return pd.DataFrame(rows, columns=cols), pd.DataFrame(rejects, columns=REJECT_COLUMNS)


def answers_table(linked: pd.DataFrame) -> pd.DataFrame:
    """The public answers table: ``ANSWER_OUTPUT_COLUMNS`` then the extra columns, uncertain
    rows flagged with ``review_priority`` (0 = look first), sorted deterministically."""
    df = linked.copy()
    for c in ANSWER_OUTPUT_COLUMNS + EXTRA_COLUMNS:
        if c not in df.columns:
            df[c] = "" if c not in ("match_score", "status_confidence") else 0.0
    weak_status = df["status_confidence"].astype(float) < 0.5
    unlinked = df["register_id"].fillna("") == ""
    df["review_priority"] = (~(df["uncertain_link"].astype(bool) | weak_status | unlinked)).astype(int)
    df = df.sort_values(["source_file", "answer_id", "register_id"], kind="stable").reset_index(drop=True)
    return df[ANSWER_OUTPUT_COLUMNS + EXTRA_COLUMNS]
