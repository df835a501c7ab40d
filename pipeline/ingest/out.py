"""Rows one file's reader produces (``_Out``) and the result of reading a folder."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import pandas as pd

from .. import schemas as S
from . import cues
from .segment import MeetingFacts

MEETING_BASE_COLUMNS = [c for c in S.MEETING_COLUMNS if c != "n_items"]


@dataclass
class IngestResult:
    """What ``read_minutes`` found: four tables and one entry per file."""

    records: pd.DataFrame
    meetings: pd.DataFrame
    skipped: pd.DataFrame
    rejects: pd.DataFrame
    files: list[dict] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # OS clutter left out of reading (Thumbs.db, ~$x, .x)
    own_files: list[str] = field(default_factory=list)  # cutri's own files and out folders, not read


@dataclass
class _Out:
    """Rows produced by the reader of one file."""

    rel: str
    records: list[dict] = field(default_factory=list)
    meetings: list[dict] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    rejects: list[dict] = field(default_factory=list)
    encoding: str | None = None
    notes: list[str] = field(default_factory=list)  # what was repaired or read sparsely (manifest)

    def meeting(self, unit: str, facts: MeetingFacts | None, part: str = "") -> str:
        mid = "M" + hashlib.sha1(f"{self.rel}\x1f{part}\x1f{unit}".encode("utf-8")).hexdigest()[:10]
        if not any(m[S.MEETING_ID] == mid for m in self.meetings):
            f = facts or MeetingFacts()
            self.meetings.append({
                S.MEETING_ID: mid, S.UNIT: unit, S.SOURCE_FILE: self.rel, "date": f.date, "place": f.place,
                "deputies": f.deputies, "voters_attending": f.voters_attending, "speaking_turns": f.speaking_turns,
            })
        return mid

    def record(self, key: tuple, unit: str, ref: str, speaker: str, text: str, answered: bool, meeting_id: str,
               *, answer_text: str = "", sector_hint: str = "", n_opinions: int = 0):
        if not n_opinions:  # "(3 lượt ý kiến)" in a cell: kept in n_opinions, not in the text
            cut, n_opinions = cues.opinion_count(text)
            text = cut if n_opinions else text
        self.records.append({
            "_key": key, S.UNIT: unit, S.SOURCE_FILE: self.rel, S.SOURCE_REF: ref, S.SPEAKER: speaker,
            S.TEXT_RAW: text, S.ANSWERED: bool(answered or answer_text), S.MEETING_ID: meeting_id,
            S.ANSWER_TEXT: answer_text, S.SECTOR_HINT: sector_hint,
            S.N_OPINIONS: max(1, int(n_opinions or 1)),
        })

    def add_answer(self, text: str) -> bool:
        """Attach an answer to the last record read; False when there is none."""
        if not self.records:
            return False
        rec = self.records[-1]
        rec[S.ANSWER_TEXT] = "\n".join(t for t in (rec[S.ANSWER_TEXT], text.strip()) if t)
        rec[S.ANSWERED] = True
        return True

    def skip(self, location: str, reason: str, text: str):
        self.skipped.append({"file": self.rel, "location": location, "reason": reason, "text": text})

    def reject(self, location: str, reason: str, raw_text: str = ""):
        self.rejects.append({"file": self.rel, "location": location, "reason": reason, "raw_text": raw_text})

