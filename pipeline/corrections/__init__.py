"""Analysts' corrections: review.xlsx, the corrections log and applying both.

A run writes ``review.xlsx`` (one row per recommendation, editable columns for
the right sector, authority, merges, …). The analyst edits it and reruns with
``--corrections review.xlsx``. The package is four steps, each a plain call:

- ``read.py``: ``read_corrections_file`` reads an edited workbook (or a CSV with
  the same columns) into rows;
- ``log.py``: ``collect`` merges those rows with the round's canonical log
  ``<out>/corrections.csv`` and matches them to the current items, returning a
  frozen ``Collected`` table; ``write_log`` stores it back, so every later run
  replays every fix without being told again;
- ``apply.py``: ``apply_labels`` and ``apply_clusters`` take that table and the
  items and return new frames and the ids a correction changed;
  ``count_applied`` counts them;
- ``workbook.py``: ``write_review_workbook`` writes the next ``review.xlsx``.

``common.py`` holds the columns and the cell parsing they share.
"""

from ..normalize import fold, normalize_text  # noqa: F401  (fold: other modules import it from here too)
from .apply import Labelled, Reclustered, apply_clusters, apply_labels, count_applied, training_rows
from .common import (
    AUTHORITY, AUTHORITY_SHORT, CLUSTER_SHEET, CORRECTION_COLUMNS, CORRECTIONS_FILE, EDITABLE_KEYS, FIELDS,
    HEADER_ROW, LIST_SHEET, MARK, MEMBERSHIP, NOT_REC, NOTE, PREFILL_SHEET, REP_TEXT, REVIEW_COLUMNS, REVIEW_SHEET,
    SECTOR, TEXT_MATCH_AMBIGUITY, TEXT_MATCH_MIN_RATIO, _log_row, canonical_id, parse_authority, parse_flag,
    parse_sector,
)
from .log import Collected, agreement, agreement_from_file, check_round, collect, empty, read_log, write_log
from .read import FINGERPRINT_PROPERTY, read_corrections_file, round_fingerprint, stored_fingerprint
from .workbook import _text, write_review_workbook

__all__ = [
    "AUTHORITY", "AUTHORITY_SHORT", "CLUSTER_SHEET", "CORRECTION_COLUMNS", "CORRECTIONS_FILE", "Collected",
    "EDITABLE_KEYS", "FIELDS", "HEADER_ROW", "LIST_SHEET", "Labelled", "MARK", "MEMBERSHIP", "NOT_REC", "NOTE",
    "PREFILL_SHEET", "REP_TEXT", "REVIEW_COLUMNS", "REVIEW_SHEET", "Reclustered", "SECTOR", "TEXT_MATCH_AMBIGUITY",
    "TEXT_MATCH_MIN_RATIO", "FINGERPRINT_PROPERTY", "check_round", "round_fingerprint", "stored_fingerprint",
    "agreement", "agreement_from_file", "apply_clusters", "apply_labels", "canonical_id",
    "collect", "count_applied", "empty", "fold", "normalize_text", "parse_authority", "parse_flag", "parse_sector",
    "read_corrections_file", "read_log", "training_rows", "write_log", "write_review_workbook",
]
