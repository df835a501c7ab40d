"""Raw records → recommendations: canonical text and deterministic ``item_id``.

``build_recommendations`` reads RAW_COLUMNS (unit, source_file, source_ref,
speaker, text_raw, answered, meeting_id, seq, answer_text, sector_hint,
n_opinions) and adds ``text`` (normalized)
and ``item_id``. Rows whose text is empty or too short to be a request become
rejects, so nothing is lost silently.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from . import schemas as S
from .config import IngestSettings
from .normalize import normalize_text


def item_id_for(unit: str, text: str) -> str:
    """Base id of a recommendation: hash of unit and normalized text.

    >>> item_id_for("Xã Tân Lập", "Sửa đường liên xã")
    'R6a3c0c2fd7'
    """
    digest = hashlib.sha1(f"{unit}\x1f{text}".encode("utf-8")).hexdigest()
    return "R" + digest[:10]


def _map_distinct(values: pd.Series, fn) -> pd.Series:
    """``values.map(fn)`` for a pure ``fn``, calling it once per distinct value (units repeat on every row)."""
    codes, distinct = pd.factorize(values, use_na_sentinel=False)
    mapped = np.empty(len(distinct), dtype=object)
    mapped[:] = [fn(v) for v in distinct]
    return pd.Series(mapped[codes], index=values.index, name=values.name)


def build_recommendations(raw: pd.DataFrame, settings: IngestSettings) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Add ``text`` and ``item_id``; return (recommendations, rejects).

    Items are sorted by (source_file, seq), the reading order, which fixes the
    occurrence number of exact repeats: the first keeps the base id, the second
    gets ``-2`` and so on. Ids therefore do not change when files are added.
    """
    if raw.empty:
        empty = pd.DataFrame(columns=S.INGEST_COLUMNS[:-1])
        return empty, pd.DataFrame(columns=S.REJECT_COLUMNS)
    items = raw.sort_values([S.SOURCE_FILE, S.SEQ], kind="mergesort").reset_index(drop=True)
    limit = settings.max_text_chars
    text = _map_distinct(items[S.TEXT_RAW].fillna("").astype(str), normalize_text)
    text = _map_distinct(text, lambda t: t if len(t) <= limit else t[:limit].rstrip() + "…")
    items = items.assign(text=text, unit=_map_distinct(items[S.UNIT].fillna("").astype(str), normalize_text))
    too_short = items[S.TEXT].str.len() < settings.min_text_chars
    rejects = pd.DataFrame(
        {
            "file": items.loc[too_short, S.SOURCE_FILE],
            "location": items.loc[too_short, S.SOURCE_REF],
            "reason": [
                f"Nội dung quá ngắn (dưới {settings.min_text_chars} ký tự), không phải một kiến nghị"
            ]
            * int(too_short.sum()),
            "raw_text": items.loc[too_short, S.TEXT_RAW],
        },
        columns=S.REJECT_COLUMNS,
    )
    items = items.loc[~too_short].reset_index(drop=True)
    base = [item_id_for(u, t) for u, t in zip(items[S.UNIT].tolist(), items[S.TEXT].tolist())]
    seen: dict[str, int] = {}
    ids = []
    for b in base:
        n = seen.get(b, 0) + 1
        seen[b] = n
        ids.append(b if n == 1 else f"{b}-{n}")
    items = items.assign(item_id=ids)
    items[S.ANSWERED] = items[S.ANSWERED].fillna(False).astype(bool)
    items[S.SPEAKER] = items[S.SPEAKER].fillna("").astype(str)
    for col in (S.ANSWER_TEXT, S.SECTOR_HINT):
        items[col] = items[col].astype(object).fillna("").astype(str) if col in items.columns else ""
    if S.N_OPINIONS in items.columns:  # "(3 lượt ý kiến)": at least one opinion per row
        items[S.N_OPINIONS] = pd.to_numeric(items[S.N_OPINIONS], errors="coerce").fillna(1).clip(lower=1).astype(int)
    else:
        items[S.N_OPINIONS] = 1
    return S.ordered(items, S.INGEST_COLUMNS), rejects.reset_index(drop=True)
