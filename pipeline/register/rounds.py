"""Recording a round in the register and linking its items to earlier rounds.

``record_round`` runs in one write transaction: the round's earlier records (a
rerun) are replaced, its consolidated items are matched against the items of
earlier rounds (``match``), each gets a stable ``register_id`` and the links,
and the new clusters columns come back. A failure anywhere rolls everything back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import unicodedata
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from .. import schemas as S
from . import match
from . import tables as T
from .db import RegisterError, lock_for_write

REGISTER_ID = "register_id"
TIMES_RAISED = "times_raised"
PREVIOUS_ROUNDS = "previous_rounds"
STATUS = "status"
REGISTER_COLUMNS = [REGISTER_ID, TIMES_RAISED, PREVIOUS_ROUNDS, STATUS]
INSERT_CHUNK = 5000


def round_key(name: str) -> str:
    """Two round names are the same round when equal after NFC, casefold and collapsed spaces."""
    return " ".join(unicodedata.normalize("NFC", name or "").casefold().split())


def new_register_id(round_key_: str, cluster_id: str) -> str:
    """A new entry's id: stable for the same round and consolidated item."""
    return "KN-" + hashlib.sha256(f"{round_key_}\x00{cluster_id}".encode("utf-8")).hexdigest()[:10].upper()


@dataclass(frozen=True)
class LinkOverride:
    """An analyst's decision on a consolidated item's links (from the review workbook)."""

    confirm: frozenset = frozenset()  # register_ids confirmed
    reject: frozenset = frozenset()  # register_ids rejected: never linked
    link_to: str = ""  # register_id to link to instead (becomes the item's register_id)
    new: bool = False  # reject every proposed link: the item is new


@dataclass
class RoundRecord:
    """What ``record_round`` gives back."""

    round_id: int
    columns: pd.DataFrame  # cluster_id + REGISTER_COLUMNS + "register_links"
    history: dict = field(default_factory=dict)  # cluster_id → [{round, units, texts}] of earlier rounds
    replaced: bool = False
    warnings: list = field(default_factory=list)
    state: str = ""  # Register.state() after recording (kept in manifest.json)


def _chunks(seq, n=INSERT_CHUNK):
    for i in range(0, len(seq), n):
        yield seq[i:i + n]


def _s(v) -> str:
    return "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v)


def _round_order(conn: Connection) -> list[tuple[int, str, str]]:
    """(id, name, held_on) of every round, oldest first (date held, then order recorded)."""
    rows = conn.execute(select(T.rounds.c.id, T.rounds.c.name, T.rounds.c.held_on)).all()
    return sorted(((int(i), n, h) for i, n, h in rows), key=lambda r: (r[2], r[0]))


def delete_round_records(conn: Connection, round_id: int) -> None:
    """Remove a round's items, links, index terms and recommendations (not the round row),
    then the entries no item and no answer refers to any more."""
    item_pks = select(T.items.c.id).where(T.items.c.round_id == round_id)
    touched = [r for (r,) in conn.execute(select(T.links.c.register_id).where(T.links.c.item_pk.in_(item_pks)))]
    conn.execute(delete(T.links).where(T.links.c.item_pk.in_(item_pks)))
    conn.execute(delete(T.item_terms).where(T.item_terms.c.item_pk.in_(item_pks)))
    conn.execute(delete(T.items).where(T.items.c.round_id == round_id))
    conn.execute(delete(T.recommendations).where(T.recommendations.c.round_id == round_id))
    for chunk in _chunks(sorted(set(touched)), 900):
        used = {r for (r,) in conn.execute(select(T.links.c.register_id).where(T.links.c.register_id.in_(chunk)))}
        used |= {r for (r,) in conn.execute(select(T.answer_links.c.register_id)
                                            .where(T.answer_links.c.register_id.in_(chunk)))}
        gone = [r for r in chunk if r not in used]
        if gone:
            conn.execute(delete(T.entries).where(T.entries.c.register_id.in_(gone)))


def check_clash(row, name: str, input_name: str) -> None:
    """RegisterError when the round ``row`` (name, input_name) of the register, named like
    ``name``, was read from another input folder than ``input_name``."""
    if row is not None and row.input_name and input_name and row.input_name != input_name:
        raise RegisterError(
            f"Tên kỳ '{name}' đã được dùng cho đợt đọc từ thư mục '{row.input_name}' trong sổ theo dõi kiến nghị; "
            f"hãy đặt tên khác bằng --round hoặc xóa kỳ cũ bằng: cutri register remove --round \"{row.name}\"."
        )


def _upsert_round(conn, name, input_name, held_on, units, n_recs, n_items, meta) -> tuple[int, bool]:
    key = round_key(name)
    if not key:
        raise RegisterError("Tên kỳ họp/đợt tiếp xúc (--round) không được để trống.")
    row = conn.execute(select(T.rounds.c.id, T.rounds.c.name, T.rounds.c.input_name)
                       .where(T.rounds.c.name_key == key)).first()
    values = dict(name=name, name_key=key, input_name=input_name, held_on=held_on,
                  recorded_at=dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                  units="; ".join(units), n_units=len(units), n_recommendations=n_recs, n_items=n_items,
                  report_meta=json.dumps(meta, ensure_ascii=False, sort_keys=True))
    if row is None:
        rid = conn.execute(insert(T.rounds).values(**values)).inserted_primary_key[0]
        return int(rid), False
    check_clash(row, name, input_name)
    delete_round_records(conn, int(row.id))
    conn.execute(update(T.rounds).where(T.rounds.c.id == row.id).values(**values))
    return int(row.id), True


def record_round(conn: Connection, name: str, input_name: str, held_on: str, items: pd.DataFrame,
                 clusters: pd.DataFrame, settings, meta: dict | None = None,
                 overrides: dict[str, LinkOverride] | None = None) -> RoundRecord:
    """Record one round (its recommendations ``items`` and consolidated ``clusters``) and
    link its items to earlier rounds. Call inside a write transaction (``Register.write``)."""
    lock_for_write(conn)
    overrides = overrides or {}
    active = items[~items[S.NOT_RECOMMENDATION].astype(bool)] if S.NOT_RECOMMENDATION in items else items
    units = sorted({_s(u) for u in active[S.UNIT]} - {""})
    cl = clusters.sort_values(S.CLUSTER_ID, kind="stable").reset_index(drop=True)
    round_id, replaced = _upsert_round(conn, name, input_name, held_on, units, len(active), len(cl), meta or {})
    key = round_key(name)

    order = _round_order(conn)
    pos = {rid: i for i, (rid, _, _) in enumerate(order)}
    names = {rid: n for rid, n, _ in order}
    earlier = {rid for rid, _, _ in order if pos[rid] < pos[round_id]}

    # 1. match against earlier rounds' items
    texts = [_s(t) for t in cl["representative_text"]]
    sectors = [_s(s) for s in cl[S.SECTOR]]
    views = [match.content_view(t) for t in texts]
    q_terms = [match.terms_of(v.split()) for v in views]
    cand_pks = match.find_candidates(conn, q_terms, earlier, settings)
    wanted = sorted({p for ps in cand_pks for p in ps})
    cand_rows = {}
    for chunk in _chunks(wanted, 900):
        for pk, text, sector in conn.execute(select(T.items.c.id, T.items.c.text, T.items.c.sector)
                                             .where(T.items.c.id.in_(chunk))):
            cand_rows[int(pk)] = match.Candidate(int(pk), text, sector)
    scored = match.score_pairs([match.Query(t, s) for t, s in zip(texts, sectors)],
                               [[cand_rows[p] for p in ps] for ps in cand_pks], settings, dict(zip(texts, views)))
    matched_pks = sorted({pk for lst in scored for pk, _ in lst})
    regs_of_item: dict[int, list[str]] = {}
    for chunk in _chunks(matched_pks, 900):
        for pk, rid in conn.execute(select(T.links.c.item_pk, T.links.c.register_id)
                                    .where(T.links.c.item_pk.in_(chunk)).order_by(T.links.c.register_id)):
            regs_of_item.setdefault(int(pk), []).append(rid)

    existing_ids = set()
    manual_targets = sorted({o.link_to for o in overrides.values() if o.link_to})
    for chunk in _chunks(manual_targets, 900):
        existing_ids |= {r for (r,) in conn.execute(select(T.entries.c.register_id)
                                                    .where(T.entries.c.register_id.in_(chunk)))}
    warnings = []
    later = [names[rid] for rid, _, _ in order if pos[rid] > pos[round_id]]
    if later and not replaced:  # later rounds were matched without this one
        warnings.append(f"Kỳ '{name}' diễn ra trước các kỳ đã có trong sổ ({', '.join(later)}); các kỳ đó chưa được "
                        "đối chiếu với kỳ này: hãy chạy lại 'cutri run' cho các kỳ đó để cập nhật số lần kiến nghị.")

    # 2. a register_id and links per item
    plans = []  # (cluster row index, [(register_id, score, kind, primary)], new entry or None)
    cids = [_s(c) for c in cl[S.CLUSTER_ID]]
    authorities = [_s(a) for a in cl[S.AUTHORITY]]
    for i, cid in enumerate(cids):
        ov = overrides.get(cid, LinkOverride())
        links: dict[str, tuple[float, str]] = {}
        if not ov.new:
            for pk, s in scored[i]:
                for rid in regs_of_item.get(pk, ()):
                    if rid in ov.reject:
                        continue
                    kind = "confirmed" if rid in ov.confirm else "auto"
                    if rid not in links or s > links[rid][0]:
                        links[rid] = (s, kind)
        primary = None
        if ov.link_to:
            if ov.link_to in existing_ids:
                links[ov.link_to] = (1.0, "manual")
                primary = ov.link_to
            else:
                warnings.append(f"Mã sổ theo dõi '{ov.link_to}' (hiệu chỉnh của nội dung {cid}) không có trong sổ; bỏ qua.")
        if primary is None and links:
            primary = min(links, key=lambda r: (-links[r][0], r))
        new_entry = None
        if primary is None:
            primary = new_register_id(key, cid)
            links[primary] = (1.0, "new")
            new_entry = dict(register_id=primary, first_round_id=round_id, sector=sectors[i],
                             authority=authorities[i], text=texts[i])
        plans.append((i, sorted((r, s, k, r == primary) for r, (s, k) in links.items()), new_entry))

    # 3. write: entries, items, links, index terms, recommendations
    new_entries = [e for _, _, e in plans if e]
    if new_entries:
        ids = [e["register_id"] for e in new_entries]
        kept = set()
        for chunk in _chunks(ids, 900):  # an entry kept because a later round links to it
            kept |= {r for (r,) in conn.execute(select(T.entries.c.register_id)
                                                .where(T.entries.c.register_id.in_(chunk)))}
        fresh = [e for e in new_entries if e["register_id"] not in kept]
        for chunk in _chunks(fresh):
            conn.execute(insert(T.entries), chunk)
    def column(name: str, default):
        return cl[name].tolist() if name in cl.columns else [default] * len(cl)

    item_rows = [dict(round_id=round_id, cluster_id=cid, sector=sector, sector_label=_s(label), authority=authority,
                      text=text, n_items=int(n_items or 1), n_units=int(n_units or 1), units=_s(units))
                 for cid, sector, label, authority, text, n_items, n_units, units
                 in zip(cids, sectors, column(S.SECTOR_LABEL, None), authorities, texts, column("n_items", 1),
                        column("n_units", 1), column("units", None))]
    for chunk in _chunks(item_rows):
        conn.execute(insert(T.items), chunk)
    pk_of = {c: int(p) for p, c in conn.execute(select(T.items.c.id, T.items.c.cluster_id)
                                                 .where(T.items.c.round_id == round_id))}
    link_rows, term_rows = [], []
    for i, lst, _ in plans:
        pk = pk_of[cids[i]]
        link_rows += [dict(item_pk=pk, register_id=r, score=s, kind=k, is_primary=p) for r, s, k, p in lst]
        term_rows += [dict(term=t, item_pk=pk) for t in match.sketch(q_terms[i])]
    for rows, table in ((link_rows, T.links), (term_rows, T.item_terms)):
        for chunk in _chunks(rows):
            conn.execute(insert(table), chunk)
    rec_cols = [S.ITEM_ID, S.CLUSTER_ID, S.UNIT, S.TEXT, S.SECTOR, S.AUTHORITY, S.SOURCE_FILE, S.SOURCE_REF]
    recs = active.reindex(columns=rec_cols).astype(object).where(active.reindex(columns=rec_cols).notna(), "")
    rec_rows = [dict(round_id=round_id, **{c: _s(v) for c, v in zip(rec_cols, vals)})
                for vals in recs.itertuples(index=False, name=None)]
    for chunk in _chunks(rec_rows):
        conn.execute(insert(T.recommendations), chunk)

    # 4. the new columns and each item's history
    columns, history = _history(conn, cids, plans, pk_of, round_id, pos, names)
    return RoundRecord(round_id, columns, history, replaced, warnings)


def _history(conn, cids, plans, pk_of, round_id, pos, names):
    all_regs = sorted({r for _, lst, _ in plans for r, *_ in lst})
    rounds_of: dict[str, set[int]] = {}
    seen_items: dict[int, tuple[int, str, str]] = {}
    status_of: dict[str, str] = {}
    for chunk in _chunks(all_regs, 900):
        q = (select(T.links.c.register_id, T.items.c.id, T.items.c.round_id, T.items.c.units, T.items.c.text)
             .join(T.items, T.items.c.id == T.links.c.item_pk).where(T.links.c.register_id.in_(chunk)))
        for rid, ipk, rnd, units, text in conn.execute(q):
            rounds_of.setdefault(rid, set()).add(int(rnd))
            seen_items[int(ipk)] = (int(rnd), units, text)
        status_of.update({r: s for r, s in conn.execute(select(T.entries.c.register_id, T.entries.c.status)
                                                        .where(T.entries.c.register_id.in_(chunk)))})
    regs_items: dict[str, set[int]] = {}
    for chunk in _chunks(all_regs, 900):
        for rid, ipk in conn.execute(select(T.links.c.register_id, T.links.c.item_pk)
                                     .where(T.links.c.register_id.in_(chunk))):
            regs_items.setdefault(rid, set()).add(int(ipk))
    rows, history = [], {}
    for i, lst, _ in plans:
        cid = cids[i]
        regs = [r for r, *_ in lst]
        primary = next(r for r, _, _, p in lst if p)
        # as of this round: a rerun of an old round does not count the rounds recorded after it
        # (same outputs as its first run)
        rnds = {r for r in set().union(*(rounds_of.get(r, set()) for r in regs)) if pos[r] <= pos[round_id]}
        rnds.add(round_id)
        earlier = sorted((r for r in rnds if r != round_id), key=lambda r: pos[r])
        proposed = "; ".join(f"{r} ({k}, {s:.2f})" for r, s, k, _ in lst if k != "new")
        rows.append({S.CLUSTER_ID: cid, REGISTER_ID: primary, TIMES_RAISED: len(rnds),
                     PREVIOUS_ROUNDS: "; ".join(names[r] for r in earlier), STATUS: status_of.get(primary, "") or "",
                     "register_links": proposed})
        if earlier:
            own = pk_of[cid]
            hist = []
            ipks = sorted(set().union(*(regs_items.get(r, set()) for r in regs)) - {own})
            for r in earlier:
                its = [seen_items[p] for p in ipks if p in seen_items and seen_items[p][0] == r]
                hist.append({"round": names[r], "units": "; ".join(sorted({u for _, u, _ in its if u})),
                             "texts": [t for _, _, t in its]})
            history[cid] = hist
    return pd.DataFrame(rows, columns=[S.CLUSTER_ID, *REGISTER_COLUMNS, "register_links"]), history
