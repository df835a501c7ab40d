"""Report wording of an item's earlier rounds: "(đã kiến nghị tại Kỳ họp thứ 8, thứ 9)"."""

from __future__ import annotations

import pandas as pd

ORDINAL_WORD = "thứ"


def rounds_phrase(names: list[str]) -> str:
    """Round names shortened after the first when they share a "... thứ" prefix.

    >>> rounds_phrase(["Kỳ họp thứ 8", "Kỳ họp thứ 9"])
    'Kỳ họp thứ 8, thứ 9'
    >>> rounds_phrase(["Đợt tiếp xúc tháng 4/2025", "Kỳ họp thứ 9"])
    'Đợt tiếp xúc tháng 4/2025, Kỳ họp thứ 9'
    """
    names = [n.strip() for n in names if n and n.strip()]
    if len(names) < 2:
        return ", ".join(names)
    words = [n.split() for n in names]
    k = 0
    while all(len(w) > k + 1 for w in words) and len({w[k].casefold() for w in words}) == 1:
        k += 1
    # cut just after the last shared "thứ"
    cut = max((i + 1 for i in range(k) if words[0][i].casefold() == ORDINAL_WORD), default=0)
    if not cut:
        return ", ".join(names)
    rest = [" ".join(w[cut - 1:]) for w in words[1:]]
    return ", ".join([names[0], *rest])


def repeat_note(previous_rounds: str) -> str:
    """The note after a repeated item's text; "" for an item raised for the first time."""
    names = [n for n in (previous_rounds or "").split("; ") if n]
    return f"(đã kiến nghị tại {rounds_phrase(names)})" if names else ""


def clusters_for_report(clusters: pd.DataFrame) -> pd.DataFrame:
    """``clusters`` with each repeated item's note after its representative text (for the report only)."""
    if "previous_rounds" not in clusters:
        return clusters
    notes = clusters["previous_rounds"].map(repeat_note)
    text = clusters["representative_text"].fillna("").astype(str)
    return clusters.assign(representative_text=[f"{t} {n}" if n else t for t, n in zip(text, notes)])


def report_context(clusters: pd.DataFrame, history: dict) -> dict:
    """What the report shows of the register (``render_reports(register=...)``): a summary
    sentence, the items raised in three rounds or more, each repeated item's history."""
    if "times_raised" not in clusters:
        return {}
    times = clusters["times_raised"].fillna(1).astype(int)
    n_before = int((times > 1).sum())
    # (not "_t": itertuples renames fields that start with an underscore)
    rec = clusters[times >= 3].assign(n_times=times[times >= 3]).sort_values(["n_times", "cluster_id"],
                                                                             ascending=[False, True])
    recurring = [{"cluster_id": r.cluster_id, "text": r.representative_text, "n_rounds": int(r.n_times),
                  "rounds": rounds_phrase([*str(r.previous_rounds).split("; ")])} for r in rec.itertuples()]
    summary = (f"Có {n_before} kiến nghị cử tri đã nêu ở các kỳ trước"
               + (f", trong đó {len(recurring)} kiến nghị đã nêu từ ba kỳ trở lên." if recurring else ".")) \
        if n_before else "Không có kiến nghị nào trùng với kiến nghị của các kỳ trước trong sổ theo dõi."
    return {"summary": summary, "recurring": recurring,
            "recurring_title": "Các kiến nghị cử tri đã nêu từ ba kỳ trở lên",
            "history": {k: v for k, v in history.items()},
            "ids": dict(zip(clusters["cluster_id"], clusters.get("register_id", clusters["cluster_id"])))}
