"""Answers in narrative minutes → the ``answer_text`` of the voter turn they answer.

An answer run (the answer lines between two voter turns) belongs to one of the turns raised
since the previous answer: the one whose words it shares most (syllable pairs such as "ngầm
tràn", "sửa đường"), then the longer words, the latest one when it shares none. A run that opens with a heading
("ý kiến tiếp thu, giải trình của lãnh đạo huyện") or answers several opinions at once
("Trả lời các ý kiến trên:", "tiếp thu một số ý kiến") is read into no item. A heading or the
document's closing ends what an answer can be attached to.

Under a heading that opens an answers part ("PHẦN II. GIẢI TRÌNH, TRẢ LỜI Ý KIẾN CỬ TRI", "B. Ý
kiến trả lời của lãnh đạo xã"), each answer line is
read into the turn of the voters' part it clearly speaks about: at least two syllable pairs
shared, more than with any other turn, or, for a line naming its topic ("- Về an ninh trật tự,
..."), two pairs of the topic (its only one when it has one); a line that speaks about none is read into no item.
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
# an answer line naming what it answers: "- Về an ninh trật tự, ...", "Về việc cấp giấy chứng nhận: ..."
_TOPIC = re.compile(r"^[\s\-+*•.]*ve\s+(?:viec\s+|van de\s+|noi dung\s+|y kien\s+)?([^,:;]{3,80})[,:;]")


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


def pick_line(line: str, turns: list[list[str]], fold) -> tuple[int, list[int]] | None:
    """A line of an answers part → (its turn, the indexes of that turn's requests it answers), or
    None: the turn sharing at least two syllable pairs with it, more than any other (for a line
    naming its topic, "- Về an ninh trật tự, ...", only the topic's pairs count, and a one-pair
    topic needs that pair); within the turn, the requests sharing the most."""
    if not turns:
        return None
    folded = fold(line)
    topic = _TOPIC.match(folded)
    said = _pairs(topic.group(1)) if topic else _pairs(folded)
    texts = [[_pairs(fold(t)) for t in turn] for turn in turns]
    scores = sorted(((len(said & set().union(*t)) if t else 0, k) for k, t in enumerate(texts)), reverse=True)
    best, k = scores[0]
    if best < min(2, len(said)) or best < 1 or (len(scores) > 1 and scores[1][0] == best):
        return None
    own = [len(said & t) for t in texts[k]]
    return k, [j for j, n in enumerate(own) if n == max(own)]


class AnswerLinker:
    """Collects voter turns and answer runs while ``segment_minutes`` walks the lines."""

    def __init__(self, fold):
        self._fold = fold
        self.turns: list[list] = []  # the turns (their items) raised since the last answer run
        self.run: list[tuple[str, object]] = []  # (answer line, its row in skipped)
        self.block = False
        self.part_turns: list[list] = []  # every turn since the last heading (answers-part lines)
        self.per_line = False  # under an answers heading: each line finds its own turn

    def new_turn(self) -> None:
        self.flush()
        if self.per_line:  # a voter speaks again after the answers part
            self.per_line, self.part_turns = False, []
        self.turns.append([])
        self.part_turns.append(self.turns[-1])

    def add_items(self, new: list) -> None:
        if not self.turns:
            self.turns.append([])
            self.part_turns.append(self.turns[-1])
        self.turns[-1].extend(new)

    def clear(self) -> None:
        """A heading or the closing: answers after it belong to no turn above it."""
        self.flush()
        self.turns, self.part_turns, self.per_line = [], [], False

    def section_break(self) -> None:
        """A sector heading: answers below it answer the turns below it, but the lines of a
        later answers part may still answer any turn of the voters' part."""
        self.flush()
        self.turns = []
        if self.per_line:
            self.per_line, self.part_turns = False, []

    def open_answers(self) -> None:
        """A heading that opens an answers part: its lines may answer any turn above it."""
        self.flush()
        self.per_line = True

    def answer(self, piece: str, folded: str, skipped_row) -> None:
        if not self.run:
            intro = folded[: folded.find(":")] if ":" in folded else folded
            if _answers_heading(folded):  # "ý kiến tiếp thu, giải trình của lãnh đạo huyện"
                self.per_line = True
            else:
                self.block = bool(_COLLECTIVE.search(intro))
        self.run.append((piece, skipped_row))

    def _per_line(self) -> None:
        candidates = [t for t in self.part_turns if t]
        for piece, row in self.run:
            picked = pick_line(piece, [[it.text for it in t] for t in candidates], self._fold)
            if picked is None:
                continue
            k, chosen = picked
            for j in chosen:
                it = candidates[k][j]
                it.answer_text = "\n".join(t for t in (it.answer_text, piece) if t)
                it.answered = True
            row.reason = cues.R_ANSWER_READ

    def flush(self) -> None:
        if not self.run:
            return
        candidates = [t for t in self.turns if t]
        if self.per_line:
            self._per_line()
        elif self.block:
            pass  # an answer to several opinions at once is read into no item
        elif candidates:
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
