"""The register (sổ theo dõi kiến nghị cử tri): every round's recommendations and
consolidated items, followed across rounds by a stable ``register_id``.

Public API (see docs/register.md)::

    reg = open_register("sổ.sqlite" | "postgresql+psycopg://..." | None, cfg)
    rec = reg.record_round(name, input_name, held_on, items, clusters, meta, overrides)
    reg.rounds()                      # DataFrame: one row per round, with counts
    reg.remove_round(name)
    reg.entries(round_name=None)      # DataFrame: one row per register entry (for answers)
    reg.store_answers(document_key, answers, links)   # issue 22
    reg.export_frame()                # what ``cutri register export`` writes
    reg.close()

A ``Register`` is also a context manager. Library code never prints; errors are
``RegisterError`` (a ``CutriError``) with one Vietnamese line.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import pandas as pd
from sqlalchemy import delete, func, insert, select, update

from ..config import Config
from . import tables as T
from .db import RegisterError, default_location, describe, errors_as_register_errors, lock_for_write, open_engine
from .rounds import (PREVIOUS_ROUNDS, REGISTER_COLUMNS, REGISTER_ID, STATUS, TIMES_RAISED, LinkOverride,
                     RoundRecord, delete_round_records, round_key)

__all__ = ["Register", "RegisterError", "LinkOverride", "RoundRecord", "open_register", "default_location",
           "REGISTER_COLUMNS", "REGISTER_ID", "TIMES_RAISED", "PREVIOUS_ROUNDS", "STATUS", "round_key",
           "ENTRY_COLUMNS", "ANSWER_COLUMNS", "ANSWER_LINK_COLUMNS"]

ENTRY_COLUMNS = ["register_id", "text", "sector", "authority", "status", "rounds", "units", "n_rounds",
                 "latest_round", "texts"]
ANSWER_COLUMNS = ["answer_id", "source_file", "source_ref", "agency", "doc_number", "doc_date", "text", "status"]
ANSWER_LINK_COLUMNS = ["answer_id", "register_id", "status", "match_score", "recommendation_text"]


class Register:
    """An open register. ``url`` is its SQLAlchemy URL; ``location`` is safe to show."""

    def __init__(self, engine, url: str, cfg: Config):
        self.engine = engine
        self.url = url
        self.cfg = cfg
        self.location = describe(url)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    @contextlib.contextmanager
    def write(self):
        """One write transaction (other writers wait); any error rolls it back."""
        with errors_as_register_errors(self.url), self.engine.begin() as conn:
            lock_for_write(conn)
            yield conn

    @contextlib.contextmanager
    def read(self):
        with errors_as_register_errors(self.url), self.engine.connect() as conn:
            yield conn

    # ------------------------------------------------------------------ rounds
    def record_round(self, name: str, input_name: str, held_on: str, items: pd.DataFrame, clusters: pd.DataFrame,
                     meta: dict | None = None, overrides: dict | None = None) -> RoundRecord:
        from .rounds import record_round

        with self.write() as conn:
            rec = record_round(conn, name, input_name, held_on, items, clusters, self.cfg.register, meta, overrides)
        rec.state = self.state()
        return rec

    def check_round(self, name: str, input_name: str) -> None:
        """What ``record_round`` would refuse before any work: an empty name, or a name the
        register already gives a round read from another input folder (RegisterError)."""
        from .rounds import check_clash

        if not round_key(name):
            raise RegisterError("Tên kỳ họp/đợt tiếp xúc (--round) không được để trống.")
        with self.read() as conn:
            row = conn.execute(select(T.rounds.c.name, T.rounds.c.input_name)
                               .where(T.rounds.c.name_key == round_key(name))).first()
        check_clash(row, name, input_name)

    def state(self) -> str:
        """A digest of what a round's outputs depend on in the register: the rounds (by
        content, not by the time they were recorded), the entries' statuses and the number of
        links and answers. Recording the same round again gives the same digest; recording,
        removing another round or importing answers changes it (``cutri run`` keeps its
        previous outputs only when the digest is unchanged)."""
        import hashlib

        h = hashlib.sha256(self.location.encode("utf-8", "surrogateescape"))
        with self.read() as conn:
            cols = [T.rounds.c[c] for c in ("id", "name_key", "input_name", "held_on", "units", "n_recommendations",
                                            "n_items", "report_meta")]
            for row in conn.execute(select(*cols).order_by(T.rounds.c.id)):
                h.update(repr(tuple(row)).encode("utf-8", "surrogateescape"))
            for row in conn.execute(select(T.entries.c.register_id, T.entries.c.status)
                                    .where(T.entries.c.status != "").order_by(T.entries.c.register_id)):
                h.update(repr(tuple(row)).encode("utf-8", "surrogateescape"))
            for table in (T.entries, T.links, T.answers, T.answer_links):
                h.update(f"|{table.name}:{conn.execute(select(func.count()).select_from(table)).scalar_one()}".encode())
            kinds = conn.execute(select(T.links.c.kind, func.count()).group_by(T.links.c.kind).order_by(T.links.c.kind))
            h.update(repr(sorted(tuple(r) for r in kinds)).encode())
        return h.hexdigest()

    def rounds(self) -> pd.DataFrame:
        """One row per round, oldest first: name, input_name, held_on, recorded_at, n_units,
        n_recommendations, n_items, n_repeated (items linked to an earlier round)."""
        cols = ["name", "input_name", "held_on", "recorded_at", "n_units", "n_recommendations", "n_items"]
        with self.read() as conn:
            rows = conn.execute(select(T.rounds.c.id, *(T.rounds.c[c] for c in cols))).all()
            repeated = dict(conn.execute(
                select(T.items.c.round_id, func.count(func.distinct(T.links.c.item_pk)))
                .join(T.links, T.links.c.item_pk == T.items.c.id).where(T.links.c.kind != "new")
                .group_by(T.items.c.round_id)).all())
        df = pd.DataFrame([dict(zip(["id", *cols], r)) for r in rows], columns=["id", *cols])
        df["n_repeated"] = [int(repeated.get(i, 0)) for i in df["id"]]
        return df.sort_values(["held_on", "id"], kind="stable").drop(columns="id").reset_index(drop=True)

    def remove_round(self, name: str) -> dict:
        """Remove a round and what only it referred to; RegisterError when no such round."""
        with self.write() as conn:
            row = conn.execute(select(T.rounds.c.id, T.rounds.c.name, T.rounds.c.n_items)
                               .where(T.rounds.c.name_key == round_key(name))).first()
            if row is None:
                known = [n for (n,) in conn.execute(select(T.rounds.c.name).order_by(T.rounds.c.id))]
                raise RegisterError(f"Sổ theo dõi kiến nghị {self.location} không có kỳ '{name}'"
                                    + (f" (các kỳ đã ghi: {', '.join(known)})." if known else " (sổ chưa ghi kỳ nào)."))
            delete_round_records(conn, int(row.id))
            conn.execute(delete(T.rounds).where(T.rounds.c.id == row.id))
            return {"name": row.name, "n_items": int(row.n_items)}

    # ------------------------------------------------------------------ entries (for answers and export)
    def entries(self, round_name: str | None = None) -> pd.DataFrame:
        """One row per register entry (ENTRY_COLUMNS), sorted by register_id; with ``round_name``,
        only entries raised in that round. ``texts``: the items' texts, one per line, oldest first;
        ``rounds``/``units``: "; "-joined, rounds oldest first."""
        with self.read() as conn:
            order = {rid: (h, rid) for rid, h in conn.execute(select(T.rounds.c.id, T.rounds.c.held_on))}
            names = dict(conn.execute(select(T.rounds.c.id, T.rounds.c.name)).all())
            q = (select(T.entries.c.register_id, T.entries.c.text, T.entries.c.sector, T.entries.c.authority,
                        T.entries.c.status, T.items.c.round_id, T.items.c.units, T.items.c.text.label("item_text"),
                        T.items.c.sector.label("item_sector"), T.items.c.authority.label("item_authority"))
                 .join(T.links, T.links.c.register_id == T.entries.c.register_id)
                 .join(T.items, T.items.c.id == T.links.c.item_pk))
            rows = conn.execute(q).all()
        if round_name is not None:
            keep_id = [i for i, n in names.items() if round_key(n) == round_key(round_name)]
            if not keep_id:
                known = [names[i] for i in sorted(names, key=lambda i: order[i])]
                raise RegisterError(f"Sổ theo dõi kiến nghị {self.location} không có kỳ '{round_name}'"
                                    + (f" (các kỳ đã ghi: {', '.join(known)})." if known else " (sổ chưa ghi kỳ nào)."))
            wanted = {r.register_id for r in rows if r.round_id == keep_id[0]}
            rows = [r for r in rows if r.register_id in wanted]
        by: dict[str, list] = {}
        for r in rows:
            by.setdefault(r.register_id, []).append(r)
        out = []
        for rid in sorted(by):
            rs = sorted(by[rid], key=lambda r: order[r.round_id])
            latest = rs[-1]
            rounds_ = list(dict.fromkeys(names[r.round_id] for r in rs))
            units = sorted({u for r in rs for u in (r.units or "").split("; ") if u})
            out.append(dict(register_id=rid, text=latest.item_text, sector=latest.item_sector or rs[0].sector,
                            authority=latest.item_authority or rs[0].authority, status=rs[0].status or "",
                            rounds="; ".join(rounds_), units="; ".join(units), n_rounds=len(rounds_),
                            latest_round=names[latest.round_id],
                            texts="\n".join(dict.fromkeys(r.item_text for r in rs))))
        return pd.DataFrame(out, columns=ENTRY_COLUMNS)

    # ------------------------------------------------------------------ answers (issue 22)
    def store_answers(self, document_key: str, answers: pd.DataFrame, links: pd.DataFrame,
                      imported_at: str = "") -> None:
        """Replace the answers of one answer document (``document_key``, e.g. the file's path
        and hash) by ``answers`` (ANSWER_COLUMNS) and their ``links`` (ANSWER_LINK_COLUMNS; rows
        with an empty register_id are not stored as links), then set each linked entry's
        ``status`` to the status of its latest answer (doc_date, then import order)."""
        with self.write() as conn:
            old = [a for (a,) in conn.execute(select(T.answers.c.answer_id)
                                              .where(T.answers.c.document_key == document_key))]
            touched = set()
            for i in range(0, len(old), 900):
                chunk = old[i:i + 900]
                touched |= {r for (r,) in conn.execute(select(T.answer_links.c.register_id)
                                                       .where(T.answer_links.c.answer_id.in_(chunk)))}
                conn.execute(delete(T.answer_links).where(T.answer_links.c.answer_id.in_(chunk)))
                conn.execute(delete(T.answers).where(T.answers.c.answer_id.in_(chunk)))
            a_rows = [dict({c: str(r.get(c, "") or "") for c in ANSWER_COLUMNS}, document_key=document_key,
                           imported_at=imported_at) for r in answers.to_dict("records")]
            if a_rows:
                conn.execute(insert(T.answers), a_rows)
            l_rows = [dict(answer_id=str(r["answer_id"]), register_id=str(r["register_id"]),
                           status=str(r.get("status", "") or ""), match_score=float(r.get("match_score", 0) or 0),
                           recommendation_text=str(r.get("recommendation_text", "") or ""))
                      for r in links.to_dict("records") if str(r.get("register_id", "") or "")]
            known = set()
            ids = sorted({r["register_id"] for r in l_rows})
            for i in range(0, len(ids), 900):
                known |= {r for (r,) in conn.execute(select(T.entries.c.register_id)
                                                     .where(T.entries.c.register_id.in_(ids[i:i + 900])))}
            missing = sorted(set(ids) - known)
            if missing:
                raise RegisterError(f"Sổ theo dõi kiến nghị {self.location} không có mã: {', '.join(missing[:5])}.")
            if l_rows:
                conn.execute(insert(T.answer_links), l_rows)
            self._refresh_status(conn, touched | set(ids))

    @staticmethod
    def _refresh_status(conn, register_ids) -> None:
        ids = sorted(register_ids)
        for i in range(0, len(ids), 900):
            chunk = ids[i:i + 900]
            rows = conn.execute(select(T.answer_links.c.register_id, T.answer_links.c.status, T.answers.c.doc_date,
                                       T.answers.c.imported_at, T.answers.c.answer_id)
                                .join(T.answers, T.answers.c.answer_id == T.answer_links.c.answer_id)
                                .where(T.answer_links.c.register_id.in_(chunk))).all()
            latest = {}
            for rid, status, d, imp, aid in sorted(rows, key=lambda r: (r[2], r[3], r[4])):
                latest[rid] = status
            for rid in chunk:
                conn.execute(update(T.entries).where(T.entries.c.register_id == rid)
                             .values(status=latest.get(rid, "")))

    def answers(self) -> pd.DataFrame:
        """Every stored (answer, entry) link: ANSWER_COLUMNS + register_id, match_score."""
        with self.read() as conn:
            q = (select(*(T.answers.c[c] for c in ANSWER_COLUMNS), T.answer_links.c.register_id,
                        T.answer_links.c.match_score)
                 .join(T.answer_links, T.answer_links.c.answer_id == T.answers.c.answer_id, isouter=True)
                 .order_by(T.answers.c.answer_id, T.answer_links.c.register_id))
            rows = conn.execute(q).all()
        return pd.DataFrame([dict(r._mapping) for r in rows], columns=[*ANSWER_COLUMNS, "register_id", "match_score"])


def open_register(target: str | Path | None, cfg: Config) -> Register:
    """Open (create, migrate) the register ``target`` (path or URL), else ``[register] url``,
    else ``register.sqlite`` beside the model store."""
    engine, url = open_engine(target, cfg)
    return Register(engine, url, cfg)
