"""Answers in narrative minutes → the ``answer_text`` of the voter turn they answer.

An answer run (the answer lines between two voter turns) belongs to one of the turns raised
since the previous answer: the one whose words it shares most (syllable pairs such as "ngầm
tràn", "sửa đường"), then the longer words, the latest one when it shares none. A run that opens with a heading
("ý kiến tiếp thu, giải trình của lãnh đạo huyện") or answers several opinions at once
("Trả lời các ý kiến trên:", "tiếp thu một số ý kiến") is read into no item. A heading or the
document's closing ends what an answer can be attached to.
"""

from __future__ import annotations

import re

from . import cues

# an answer to several opinions at once (folded text, before the colon of its introduction)
_COLLECTIVE = re.compile(r"\b(cac|nhung|mot so) (y kien|kien nghi|noi dung|van de)\b|"
                         r"\b(y kien|kien nghi|noi dung|van de) (tren|neu tren)\b|\btat ca\b")
_STOP = frozenset(
    "va la cua cho cac nhung mot da se dang duoc bi co khong trong ngoai tren duoi voi ve tai tu den "
    "de nghi kien tra loi giai trinh tiep thu xa phuong huyen tinh thon to ubnd nam thang ngay nay do "
    "dong chi ong ba cu tri y viec can them som".split())
_SYLLABLE = re.compile(r"[a-z0-9]+")


def _answers_heading(folded: str) -> bool:
    """A short line closed by no punctuation at all: the heading of an answers part."""
    body = folded.strip()
    return len(body.split()) <= 12 and not body.endswith((":", ".", ";", "!", "?"))


def _pairs(folded: str) -> set[tuple[str, str]]:
    words = _SYLLABLE.findall(folded)
    return {(a, b) for a, b in zip(words, words[1:]) if not (a in _STOP and b in _STOP)}


def _words(folded: str) -> set[str]:
    return {w for w in _SYLLABLE.findall(folded) if len(w) >= 4 and w not in _STOP}


def pick_turn(answer: str, turns: list[list[str]], fold) -> int:
    """Index of the turn (its requests' texts) an answer run belongs to: the most syllable pairs
    shared, then the most longer words shared, then the latest."""
    said = fold(answer)
    pairs, words = _pairs(said), _words(said)

    def score(k: int):
        text = fold(" ".join(turns[k]))
        return len(pairs & _pairs(text)), len(words & _words(text)), k

    return max(range(len(turns)), key=score)


class AnswerLinker:
    """Collects voter turns and answer runs while ``segment_minutes`` walks the lines."""

    def __init__(self, fold):
        self._fold = fold
        self.turns: list[list] = []  # the turns (their items) raised since the last answer run
        self.run: list[tuple[str, object]] = []  # (answer line, its row in skipped)
        self.block = False

    def new_turn(self) -> None:
        self.flush()
        self.turns.append([])

    def add_items(self, new: list) -> None:
        if not self.turns:
            self.turns.append([])
        self.turns[-1].extend(new)

    def clear(self) -> None:
        """A heading or the closing: answers after it belong to no turn above it."""
        self.flush()
        self.turns = []

    def answer(self, piece: str, folded: str, skipped_row) -> None:
        if not self.run:
            intro = folded[: folded.find(":")] if ":" in folded else folded
            self.block = bool(_COLLECTIVE.search(intro) or _answers_heading(folded))
        self.run.append((piece, skipped_row))

    def flush(self) -> None:
        if not self.run:
            return
        candidates = [t for t in self.turns if t]
        if not self.block and candidates:
            best = pick_turn(" ".join(p for p, _ in self.run), [[it.text for it in t] for t in candidates],
                             self._fold)
            for it in candidates[best]:
                for piece, _ in self.run:
                    sep = " " if it.answer_text.endswith(":") else "\n"
                    it.answer_text = sep.join(t for t in (it.answer_text, piece) if t)
                it.answered = True
            for _, row in self.run:
                row.reason = cues.R_ANSWER_READ
        self.run, self.turns, self.block = [], [], False
