"""Status of an answer: from the document's status column when there is one, else from wording."""

from __future__ import annotations

from .rules import Rules, fold


def status_from_column(value: str, rules: Rules) -> str | None:
    """The status a status-column cell names, or None when the cell says nothing known."""
    f = fold(value)
    if not f:
        return None
    for cue, status in rules.status_column:
        if cue in f:
            return status
    return None


def status_scores(text: str, rules: Rules) -> dict[str, float]:
    f = fold(text)
    return {st: sum(w for pat, w in cues if pat.search(f)) for st, cues in rules.status_cues.items()}


def status_from_wording(text: str, rules: Rules) -> tuple[str, float]:
    """(status, confidence 0–1). An empty answer is ``chua_tra_loi``; no cue at all is
    ``dang_giai_quyet`` with confidence 0 (listed first in the review)."""
    if not fold(text):
        return "chua_tra_loi", 1.0
    scores = status_scores(text, rules)
    ranked = sorted(rules.status_order, key=lambda s: (-scores.get(s, 0.0), rules.status_order.index(s)))
    best = ranked[0]
    if scores.get(best, 0.0) <= 0:
        return "dang_giai_quyet", 0.0
    second = scores.get(ranked[1], 0.0)
    return best, round(1.0 - second / scores[best], 3)


def answer_status(answer_text: str, column_value: str, rules: Rules) -> tuple[str, float, str]:
    """(status, confidence, basis) where basis is ``column`` or ``wording``."""
    st = status_from_column(column_value, rules) if column_value else None
    if st:
        return st, 1.0, "column"
    st, conf = status_from_wording(answer_text, rules)
    return st, conf, "wording"
