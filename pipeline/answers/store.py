"""Adapter between the answers stage and the register (``pipeline.register``, issue 21)."""

from __future__ import annotations

import pandas as pd

from .link import CANDIDATE_COLUMNS


def candidates(reg, round_name: str | None) -> pd.DataFrame:
    """The register's recommendations as link candidates (CANDIDATE_COLUMNS + ``texts``):
    every round, or only those raised in ``round_name`` (RegisterError when unknown)."""
    e = reg.entries(round_name=round_name)
    return e.assign(round=e["latest_round"].fillna(""))[CANDIDATE_COLUMNS + ["texts", "rounds", "n_rounds", "status"]]


def store(reg, table: pd.DataFrame) -> int:
    """Record the answers of each document against its recommendations; importing the same
    document again replaces its answers (``document_key`` = path and content hash; an earlier
    version of the same path is replaced too). Returns the number of links stored."""
    n = 0
    for _key, doc in table.groupby("document_key", sort=True):
        answers = (doc.sort_values(["answer_id"]).drop_duplicates("answer_id")
                   .rename(columns={"answer_text": "text"})
                   [["answer_id", "source_file", "source_ref", "agency", "doc_number", "doc_date", "text", "status"]])
        links = doc[doc["register_id"].fillna("") != ""]
        links = (links.sort_values(["answer_id", "register_id", "match_score"], ascending=[True, True, False])
                 .drop_duplicates(["answer_id", "register_id"])
                 [["answer_id", "register_id", "status", "match_score", "recommendation_text"]])
        reg.store_answers(str(doc["source_file"].iloc[0]), answers.reset_index(drop=True), links.reset_index(drop=True))
        n += len(links)
    return n
