"""The report context: everything the three renderers print, built once from the tables (pure)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, TypedDict

import pandas as pd

from .. import schemas as S
from ..config import Config
from ..errors import ConfigError
from .base import Templates, _snippet
from .html import HTML_MAX_SOURCES
from .figures import _consolidated, _figures, _frame_records, _prepare, _records
from .text import _dmy, _num, _parse_date, _sentence, _str, nd30_date, search_key, unit_phrase, vi_sorted

class ReportContext(TypedDict):
    """What ``build_context`` returns and the renderers read (the html template gets every key but
    the data-only ones: df, records, cons, cons_rows, cfg)."""

    meta: dict[str, Any]          # report metadata: issuer, subject, date (dt.date), place_date, recipients, show_names ...
    f: dict[str, Any]             # figures.report_figures: every number printed
    words: dict[str, str]         # the wording snippets of report_text.toml, rendered
    columns: dict[str, str]       # column headings of the tables
    auth_short: dict[str, str]    # authority → short label ("Trung ương" / "Địa phương")
    sections: list[dict]          # (add_body) II / III: {authority, heading, sectors: [{number, label, heading, items: [...]}]}
    annex: list[dict]             # (add_body) active items by unit, numbered (stt), with sector, authority, ref, search key
    excluded: list[dict]          # (add_body) items marked not a recommendation
    meetings: list[dict]          # one row per meeting, plain values
    draft: bool                   # no corrections and not --final: "DỰ THẢO"
    corrections_count: int
    df: pd.DataFrame              # the prepared items (figures._prepare)
    records: list[dict]           # the prepared items as plain dicts, source order
    cons: pd.DataFrame            # figures.consolidated_items, report order
    cons_rows: list[dict]         # cons as plain dicts
    style: dict                   # docx_style.toml
    text: dict                    # report_text.toml
    cfg: Config
    register: dict                # pipeline.register.report_context of the round, or {} (set by with_register)
    recurring: list[dict]         # items raised in three rounds or more (recurring_rows), [] without a register
    snippet_args: dict            # what every wording snippet is rendered with (f, meta, corrections_count)
    unit_type_words: list[str]    # "xã", "phường" ...: how a unit is named in a sentence (unit_phrase)


def report_date(cfg: Config, generated_at: str) -> dt.date:
    """The date printed on the report: ``cfg.report.date``, else ``generated_at``, else today."""
    for value in (cfg.report.date, generated_at):
        if value:
            d = _parse_date(value)
            if d is None:
                raise ConfigError(f"Ngày báo cáo không hợp lệ: '{value}' (cần dạng YYYY-MM-DD, ví dụ 2026-11-05).")
            return d
    return dt.date.today()


def _round_tail(r) -> str:
    """round_name + session + term. A round named only "trước/sau Kỳ họp" with no session set gets
    "thứ ..." to fill in, so the subject line never stops at "Kỳ họp"."""
    tail = r.round_name.strip()
    if not r.session.strip() and tail.lower().endswith("kỳ họp"):
        tail += " thứ ..."
    if r.session:
        session = r.session.strip()
        if session.lower() not in tail.lower():
            if not tail.lower().endswith("kỳ họp"):
                tail += ", Kỳ họp"
            tail += (" " if session.lower().startswith("thứ") else " thứ ") + session
    if r.term:
        term = r.term.strip()
        if term.lower() not in tail.lower():
            # "XV" or "khóa XV" or "Quốc hội khóa XV": the words already given are not repeated
            words = term.split()
            lead = next((k for k in (3, 1) if " ".join(words[:k]).lower() in ("quốc hội khóa", "khóa")), 0)
            tail += ", Quốc hội khóa " + " ".join(words[lead:])
    return tail


def _issuer_line(r) -> str:
    issuer = r.issuer.strip()
    province = r.province.strip()
    if province and issuer.upper().endswith(("TỈNH", "THÀNH PHỐ")) and province.upper() not in issuer.upper():
        issuer = f"{issuer} {province.upper()}"
    return issuer.upper()


def _meta(cfg: Config, text: dict, generated_at: str) -> dict:
    r = cfg.report
    date = report_date(cfg, generated_at)
    place = (r.place or r.province).strip() or "..."
    number = r.doc_number.strip()
    doc_no = re.sub(r"^Số\s*:?", "", number).strip() if number.lower().startswith("số") else number
    if doc_no.startswith("/"):  # the number is filled in by hand: keep a blank before "/BC-..."
        doc_no = "      " + doc_no
    meta = {
        "province": r.province,
        "round": _round_tail(r),
        "round_name": r.round_name,
        "session": r.session,
        "term": r.term,
        "issuer_parent": r.issuer_parent.strip().upper(),
        "issuer": _issuer_line(r),
        "doc_number": number,
        "doc_no": doc_no or "...",
        "date": date,
        "date_iso": date.isoformat(),
        "date_dmy": date.strftime("%d/%m/%Y"),
        "place": place,
        "place_date": f"{place}, {nd30_date(date)}",
        "recipients": list(r.recipients),
        "cc": list(r.cc),
        "signer_title": r.signer_title.strip().upper(),
        "signer_role": r.signer_role.strip().upper(),
        "signer_name": r.signer_name.strip(),
        "show_names": bool(r.show_names),
    }
    meta["subject"] = _snippet(text, "subject", tail=meta["round"], meta=meta)
    return meta


def build_context(items, clusters, meetings, cfg: Config, generated_at: str, corrections_count: int,
                  tpl: Templates) -> ReportContext:
    """Everything the three renderers print (pure): ``tables_context`` then ``add_body``."""
    return add_body(tables_context(items, clusters, meetings, cfg, generated_at, corrections_count, tpl))


def tables_context(items, clusters, meetings, cfg: Config, generated_at: str, corrections_count: int,
                   tpl: Templates) -> ReportContext:
    """The part of the context report.xlsx prints (figures, items, consolidated items, meetings,
    wording); ``add_body`` adds the body and annex of report.docx and report.html (pure)."""
    from ..parallel import collector_paused

    with collector_paused():  # hundreds of thousands of small dicts and lists, no cycles
        return _tables_context(items, clusters, meetings, cfg, generated_at, corrections_count, tpl)


def add_body(ctx: ReportContext) -> ReportContext:
    """``ctx`` with ``sections`` (the body: items by authority and sector, with their sources and
    search keys), ``annex`` and ``excluded``; returns ``ctx``."""
    from ..parallel import collector_paused

    with collector_paused():
        ctx.update(_body(ctx))
    return ctx


def _tables_context(items, clusters, meetings, cfg: Config, generated_at: str, corrections_count: int,
                    tpl: Templates) -> ReportContext:
    df = _prepare(items, clusters, cfg)
    records = _records(df)
    cons = _consolidated(df, clusters, cfg, records)
    f = _figures(df, cons, meetings, cfg, records)
    text = tpl.text
    meta = _meta(cfg, text, generated_at)
    header_style = tpl.style.get("header", {})
    meta["national_title"] = str(header_style.get("national_title", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))
    meta["motto"] = str(header_style.get("motto", "Độc lập - Tự do - Hạnh phúc"))
    type_words = list(text.get("unit_type_words", []))
    snip = {"f": f, "meta": meta, "corrections_count": int(corrections_count or 0)}
    words = {k: _snippet(text, k, **snip) for k in (
        "title", "kinh_gui", "intro", "section_summary", "summary", "summary_merge", "corrections_note",
        "table_sector_caption", "table_unit_caption", "section_central", "section_local", "section_empty",
        "closing", "noi_nhan", "annex_title", "annex_subject", "annex_note")}
    columns = dict(text.get("columns", {}))
    auth_short = dict(text.get("authority", {}))
    auth_short = {S.CENTRAL: auth_short.get(S.CENTRAL, "Trung ương"), S.LOCAL: auth_short.get(S.LOCAL, "Địa phương")}

    meeting_rows = []
    if meetings is not None and len(meetings):
        for m in meetings.to_dict("records"):
            meeting_rows.append({
                "meeting_id": _str(m.get(S.MEETING_ID)), "unit": _str(m.get(S.UNIT)),
                "source_file": _str(m.get(S.SOURCE_FILE)),
                "date": _dmy(_parse_date(m.get("date"))) or _str(m.get("date")),
                "place": _str(m.get("place")), "voters_attending": _num(m.get("voters_attending")),
                "speaking_turns": _num(m.get("speaking_turns")), "n_items": _num(m.get("n_items")),
            })

    return {
        "meta": meta, "f": f, "words": words, "columns": columns, "auth_short": auth_short,
        "sections": [], "annex": [], "excluded": [], "meetings": meeting_rows,
        "draft": not (corrections_count or cfg.report.final),
        "corrections_count": int(corrections_count or 0), "df": df, "records": records, "cons": cons,
        "cons_rows": _frame_records(cons), "style": tpl.style,
        "text": text, "cfg": cfg, "register": {}, "recurring": [], "snippet_args": snip, "unit_type_words": type_words,
    }


def _body(ctx: ReportContext) -> dict:
    """``sections``, ``annex`` and ``excluded`` of ``ctx`` (see ``add_body``)."""
    records, text, meta, f = ctx["records"], ctx["text"], ctx["meta"], ctx["f"]
    snip, type_words, auth_short = ctx["snippet_args"], ctx["unit_type_words"], ctx["auth_short"]
    members_of: dict[str, list[dict]] = {}
    for rec in records:
        if rec["_active"]:
            members_of.setdefault(rec["_cluster"], []).append(rec)
    # the wording after an item depends only on its units and count: render each variant once
    suffixes: dict[tuple, str] = {}
    phrases: dict[str, str] = {}

    def item_suffix(units: list[str], n) -> str:
        units_txt = ", ".join(phrases.get(u) or phrases.setdefault(u, unit_phrase(u, type_words)) for u in units)
        key = (units_txt, n)
        if key not in suffixes:
            suffix = _snippet(text, "item_units", units=units_txt, n=n, **snip)
            if n > 1:
                suffix += " " + _snippet(text, "item_count", units=units_txt, n=n, **snip)
            suffixes[key] = suffix
        return suffixes[key]

    # (report.html lists an item's first HTML_MAX_SOURCES sources: its search key holds those)
    # search keys of each distinct text, unit and speaker, joined: the key of a joined string
    # is the keys of its parts joined by the same spaces (a character-by-character mapping,
    # then lower(), whose only context rule, the Greek final sigma, stops at a space)
    search_keys: dict[str, str] = {}

    def key_of(part: str) -> str:
        k = search_keys.get(part)
        if k is None:
            k = search_keys[part] = search_key(part)
        return k

    ref_of = {}
    sections = []
    cons_rows = ctx["cons_rows"]
    for auth, heading_key in ((S.CENTRAL, "section_central"), (S.LOCAL, "section_local")):
        by_sector: dict[str, list[dict]] = {}  # in order of first appearance (cons is in report order)
        for row in cons_rows:
            if row["authority"] == auth:
                by_sector.setdefault(row["sector"], []).append(row)
        sectors = []
        for by_sec in by_sector.values():
            first = by_sec[0]
            entries = []
            for row in by_sec:
                members = members_of[row["cluster_id"]]
                suffix = item_suffix(row["units"], row["n_items"])
                sources = [_source_row(m, meta["show_names"]) for m in members]
                for iid in row["item_ids"]:
                    ref_of[iid] = row["ref"]
                entries.append({
                    "ref": row["ref"], "number": f"{row['sector_no']}.{row['item_no']}",
                    "cluster_id": row["cluster_id"], "text": _sentence(row["text"]), "suffix": suffix,
                    "units": row["units"], "n_items": row["n_items"], "n_units": row["n_units"],
                    "n_answered": row["n_answered"], "sources": sources,
                    "search": " ".join([key_of(row["text"]), " ".join(map(key_of, row["units"]))]
                                       + [key_of(s["text"]) for s in sources[:HTML_MAX_SOURCES]]),
                })
            sectors.append({
                "number": int(first["sector_no"]), "sector": first["sector"], "label": first["sector_label"],
                "heading": _snippet(text, "sector_heading", number=int(first["sector_no"]),
                                    label=first["sector_label"], **snip),
                "items": entries,
            })
        sections.append({"authority": auth, "heading": ctx["words"][heading_key], "sectors": sectors})

    # annex: active items by unit, then source order
    label_of = {s["sector"]: s["label"] for s in f["by_sector"]}
    annex = []
    for stt, m in enumerate(_by_unit([r for r in records if r["_active"]]), start=1):
        row = _source_row(m, meta["show_names"])
        row.update({
            "stt": stt, "sector_label": label_of.get(m["_sector"], m["_sector"]),
            "authority": m["_authority"], "authority_short": auth_short[m["_authority"]],
            "ref": ref_of.get(m["_item_id"], ""),
            # an item that stands for several opinions (issue 16) says so, as in the body
            "opinions_note": (_snippet(text, "item_count", units=unit_phrase(m["_unit"], type_words),
                                       n=row["n_opinions"], **snip) if row["n_opinions"] > 1 else ""),
            "search": f"{key_of(row['text'])} {key_of(row['unit'])} {key_of(row['speaker'])}",
        })
        annex.append(row)
    excluded = [_source_row(m, meta["show_names"]) for m in records if not m["_active"]]
    return {"sections": sections, "annex": annex, "excluded": excluded}


def with_register(ctx: ReportContext, register: dict | None) -> ReportContext:
    """``ctx`` with the register's part (``pipeline.register.report_context``): its sentence closes the
    summary, ``ctx["register"]`` keeps it for the html (histories) and ``ctx["recurring"]`` lists the
    items raised in three rounds or more for all three files."""
    ctx["register"] = {}
    ctx["recurring"] = []
    if register:
        ctx["words"]["summary"] = (ctx["words"]["summary"] + " " + register["summary"]).strip()
        ctx["register"] = dict(register, refs=dict(zip(ctx["cons"]["cluster_id"], ctx["cons"]["ref"])))
        ctx["recurring"] = recurring_rows(ctx["register"])
    return ctx


def recurring_rows(register: dict) -> list[dict]:
    """The items raised in three rounds or more, most rounds first: ref (its item in the report, ""
    when the item is not in the body), cluster_id, register_id, text, n_rounds, rounds (the earlier
    rounds' names as the report writes them)."""
    refs, ids = register.get("refs", {}), register.get("ids", {})
    return [{"ref": _str(refs.get(r["cluster_id"], "")), "cluster_id": _str(r["cluster_id"]),
             "register_id": _str(ids.get(r["cluster_id"], "")), "text": _sentence(_str(r["text"])),
             "n_rounds": int(r["n_rounds"]), "rounds": _str(r["rounds"])}
            for r in register.get("recurring", [])]


def _by_unit(records: list[dict]) -> list[dict]:
    """Items by unit (Vietnamese order), then in source order: the order of the annexes."""
    rank = {u: i for i, u in enumerate(vi_sorted({r["_unit"] for r in records}))}
    return sorted(records, key=lambda r: (rank[r["_unit"]], r["_order"]))


def _source_row(m: dict, show_names: bool) -> dict:
    return {
        "item_id": m["_item_id"], "unit": m["_unit"], "source_file": _str(m.get(S.SOURCE_FILE)),
        "source_ref": _str(m.get(S.SOURCE_REF)), "text": m["_text"], "answered": bool(m["_answered"]),
        "speaker": _str(m.get(S.SPEAKER)) if show_names else "",
        "n_opinions": int(m.get("_weight", 1)),
    }
