"""Column names and schemas of every table that passes between stages.

Column names are the project's public contract: other tools read them. Never
rename one; add new columns instead. Each table lists its columns in output
order. Stage functions refer to these constants, not to string literals.

Tables (all written by ``runner.py`` into the run's out folder):

``recommendations`` (recommendations.parquet / .csv, one row per recommendation)
    item_id            deterministic id: hash of unit + normalized text (+ "-N" for the
                       N-th exact repeat of the same text in the same unit)
    unit               the unit (đơn vị) that raised it: commune, ward, district, constituency
    source_file        path of the input file, relative to the input folder, "/"-separated
    source_ref         where in the file: "Sheet!R12" for Excel, "dòng 34" (line) for text,
                       "đoạn 12" (paragraph) for Word; a split turn adds ".2", ".3"
    speaker            voter name and address as written; may be empty
    text               the recommendation as written, after encoding repair, NFC, modern
                       tone placement and whitespace clean-up
    text_raw           the text exactly as read from the file (after decoding only)
    answered           True when the minutes say it was answered on the spot
    meeting_id         id of the meeting (row of ``meetings``) it comes from
    seq                order of the item inside its source file (for stable sorting)
    answer_text        the official's answer read with the item (a table's "Ý kiến trả lời"
                       / "Kết quả giải quyết" column, or an answer row typed under it); "" if none.
                       An item with an answer has ``answered`` True
    sector_hint        the heading the item stands under in its document, as written
                       ("I. LĨNH VỰC GIAO THÔNG", "Về lĩnh vực y tế"); "" if none
    n_opinions         how many voters' opinions the row stands for: a consolidated report's
                       "(3 lượt ý kiến)", "(02 ý kiến)", "Có 5 lượt cử tri kiến nghị ..." (the count
                       leaves ``text``); 1 when none is written. An item attributed to several
                       units keeps the total: the first unit's row carries the rest of the count
    tokens             underthesea word_tokenize output, tokens joined by spaces,
                       syllables inside a token joined by "_"
  added by classify:
    sector, sector_label, sector_confidence, sector_alt, sector_predicted, sector_source,
    authority, authority_confidence, authority_predicted, authority_source, needs_review
    (``*_source`` is one of "model", "rule", "correction")
  added by cluster:
    cluster_id
  added by corrections:
    not_recommendation, correction_note

``meetings`` (meetings.csv, one row per set of minutes / sheet)
    meeting_id, unit, source_file, date, place, deputies, voters_attending,
    speaking_turns, n_items

``rejects`` (rejects.csv): file, location, reason, raw_text
``skipped`` (skipped.csv): file, location, reason, text — narrative text that is
    not a recommendation (officials' answers, procedure, attendance)
``clusters`` (clusters.parquet / .csv)
    cluster_id, sector, sector_label, authority, representative_text, n_items, n_units,
    units (sorted, "; "-joined), item_ids ("; "-joined, in item order)
  added by the register (``cutri run --register``; see docs/register.md):
    register_id (stable id of the recommendation across rounds), times_raised (distinct rounds
    in which it was raised, this one included), previous_rounds (earlier rounds' names,
    "; "-joined, oldest first), status (latest known status; "" until answers are recorded)
``review_pairs`` (review_pairs.csv): item_id_a, item_id_b, similarity, unit_a, unit_b,
    text_a, text_b

``answers`` (answers.csv / .parquet of ``cutri answers``; see docs/answers.md), one row per
(answer, recommendation) pair: answer_id, register_id ("" when the quote matches nothing in
    the register), status (da_giai_quyet | dang_giai_quyet | da_giai_trinh | chua_tra_loi, from
    the document), agency, answer_text, recommendation_text (as the answer quotes it),
    match_score (0–1), source_file, source_ref ("Sheet!R12", "mục 3", "đoạn 12")
  then: doc_number, doc_date (YYYY-MM-DD), sector_hint (the document's heading), status_confidence
    (0–1), status_basis (column | wording | analyst), layout (letter | table | narrative),
    uncertain_link, review_priority (0 = listed first in answers_review.xlsx), document_key
``answers_rejects`` (answers_rejects.csv): source_file, source_ref, reason
"""

from __future__ import annotations

# recommendations
ITEM_ID = "item_id"
UNIT = "unit"
SOURCE_FILE = "source_file"
SOURCE_REF = "source_ref"
SPEAKER = "speaker"
TEXT = "text"
TEXT_RAW = "text_raw"
ANSWERED = "answered"
MEETING_ID = "meeting_id"
SEQ = "seq"
ANSWER_TEXT = "answer_text"
SECTOR_HINT = "sector_hint"
N_OPINIONS = "n_opinions"
TOKENS = "tokens"

SECTOR = "sector"
SECTOR_LABEL = "sector_label"
SECTOR_CONFIDENCE = "sector_confidence"
SECTOR_ALT = "sector_alt"
SECTOR_PREDICTED = "sector_predicted"
SECTOR_SOURCE = "sector_source"
AUTHORITY = "authority"
AUTHORITY_CONFIDENCE = "authority_confidence"
AUTHORITY_PREDICTED = "authority_predicted"
AUTHORITY_SOURCE = "authority_source"
NEEDS_REVIEW = "needs_review"
CLUSTER_ID = "cluster_id"
NOT_RECOMMENDATION = "not_recommendation"
CORRECTION_NOTE = "correction_note"

SOURCE_MODEL = "model"
SOURCE_RULE = "rule"
SOURCE_CORRECTION = "correction"

CENTRAL = "trung_uong"
LOCAL = "dia_phuong"
AUTHORITIES = (CENTRAL, LOCAL)
AUTHORITY_LABELS = {CENTRAL: "Thẩm quyền Trung ương", LOCAL: "Thẩm quyền địa phương"}

# Raw records produced by ingest (before normalization and ids).
RAW_COLUMNS = [
    UNIT, SOURCE_FILE, SOURCE_REF, SPEAKER, TEXT_RAW, ANSWERED, MEETING_ID, SEQ, ANSWER_TEXT, SECTOR_HINT, N_OPINIONS,
]

INGEST_COLUMNS = [
    ITEM_ID, UNIT, SOURCE_FILE, SOURCE_REF, SPEAKER, TEXT, TEXT_RAW, ANSWERED, MEETING_ID, SEQ, ANSWER_TEXT, SECTOR_HINT,
    N_OPINIONS, TOKENS,
]
CLASSIFY_COLUMNS = [
    SECTOR, SECTOR_LABEL, SECTOR_CONFIDENCE, SECTOR_ALT, SECTOR_PREDICTED, SECTOR_SOURCE,
    AUTHORITY, AUTHORITY_CONFIDENCE, AUTHORITY_PREDICTED, AUTHORITY_SOURCE, NEEDS_REVIEW,
]
RECOMMENDATION_COLUMNS = INGEST_COLUMNS + CLASSIFY_COLUMNS + [CLUSTER_ID, NOT_RECOMMENDATION, CORRECTION_NOTE]

# meetings
MEETING_COLUMNS = [
    MEETING_ID, UNIT, SOURCE_FILE, "date", "place", "deputies", "voters_attending", "speaking_turns", "n_items",
]
# rejects / skipped
REJECT_COLUMNS = ["file", "location", "reason", "raw_text"]
SKIPPED_COLUMNS = ["file", "location", "reason", "text"]
# clusters
# n_opinions: the members' n_opinions summed (a consolidated report's "(3 lượt ý kiến)" counts 3)
CLUSTER_COLUMNS = [
    CLUSTER_ID, SECTOR, SECTOR_LABEL, AUTHORITY, "representative_text", "n_items", "n_units", "units", "item_ids",
    N_OPINIONS,
]
REGISTER_COLUMNS = ["register_id", "times_raised", "previous_rounds", "status"]  # clusters, with a register
ANSWER_COLUMNS = ["answer_id", "register_id", "status", "agency", "answer_text", "recommendation_text",
                  "match_score", "source_file", "source_ref"]  # answers.csv (cutri answers)
REVIEW_PAIR_COLUMNS = ["item_id_a", "item_id_b", "similarity", "unit_a", "unit_b", "text_a", "text_b"]


def ordered(df, columns):
    """Return ``df`` with ``columns`` first (those present), then any others, unchanged."""
    first = [c for c in columns if c in df.columns]
    rest = [c for c in df.columns if c not in first]
    return df[first + rest]
