"""The consolidated report: report.docx (NĐ 30/2020), report.html and report.xlsx.

``render_reports`` is the stage entry point; ``report_figures`` is the pure function
that computes every number the report prints, so tests (and readers) can check
the outputs against the data tables.

Reads (recommendations): item_id, unit, source_file, source_ref, speaker, text,
answered, sector, sector_label, sector_confidence, authority, needs_review,
cluster_id, not_recommendation (absent → False). Reads clusters (cluster_id,
sector, sector_label, authority, representative_text) and meetings
(meeting_id, unit, date, place, voters_attending, speaking_turns).

Rules (documented choices):

* Items with ``not_recommendation`` True are left out of the report body, of every
  count and of the annex of report.docx / report.html. report.xlsx keeps them at the
  end of the sheet "Tất cả kiến nghị", marked "Không phải kiến nghị" in the
  "Ghi chú" column, so the workbook still lists every row of the data.
* A consolidated item (kiến nghị sau tổng hợp) is one ``cluster_id`` among the
  remaining items; an item without a cluster_id stands alone. Its text, sector and
  authority come from the clusters table; when the table has no row for it, from
  its earliest member. Units and the number of opinions are always counted from
  the items themselves.
* In every count an item is placed under the sector and authority of its
  consolidated item, so that the tables, the body and the annex add up. (The
  cluster stage only merges items of different sectors above a high threshold.)
* Voter names (``speaker``) appear only when ``cfg.report.show_names`` is true,
  and then only in the annex, the HTML source lists and the workbook.
* Outputs are deterministic: the report date (``cfg.report.date`` or
  ``generated_at``) fixes the document properties, and the zip containers are
  rewritten with fixed timestamps, so two renders of the same input are
  byte-identical.

Everything an office may want to restyle lives in ``reports/templates/``
(or ``cfg.report.templates_dir``): ``report.html.j2``, ``docx_style.toml`` and
``report_text.toml`` (the fixed wording, as jinja2 snippets).
"""

from __future__ import annotations

import datetime as dt
import functools
import io as _bytes_io
import re
import tomllib
import unicodedata
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape as xml_escape
from pathlib import Path

import jinja2
import numpy as np
import pandas as pd

from . import io
from . import schemas as S
from .config import Config
from .errors import ConfigError

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "reports" / "templates"
HTML_TEMPLATE = "report.html.j2"
DOCX_STYLE = "docx_style.toml"
TEXT_FILE = "report_text.toml"
OUTPUT_NAMES = ("report.docx", "report.html", "report.xlsx")
XML_PIECE_STRINGS = 20_000  # XML strings joined and encoded at a time by the docx and xlsx writers
NOT_RECOMMENDATION_NOTE = "Không phải kiến nghị"
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


# --------------------------------------------------------------------------- templates


@dataclass(frozen=True)
class Templates:
    folder: Path
    text: dict
    style: dict
    env: jinja2.Environment  # HTML environment, autoescape on


_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Environment(jinja2.Environment):
    """jinja2 looks ``x.name`` up as an attribute first, then as a key: on the report's dicts every
    lookup raised and caught an AttributeError (~40% of rendering a 20,000-item report.html).
    Trying the key first gives the same result for every name that is not an attribute of dict."""

    def getattr(self, obj, attribute):
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except (KeyError, TypeError):
                pass
        return super().getattr(obj, attribute)


def templates_folder(cfg: Config) -> Path:
    """The folder of templates: ``cfg.report.templates_dir`` (relative to the config file) or the bundled one."""
    if not cfg.report.templates_dir:
        return TEMPLATES_DIR
    folder = Path(cfg.report.templates_dir)
    if not folder.is_absolute() and cfg.source:
        folder = Path(cfg.source).parent / folder
    return folder


def _read_template_toml(folder: Path, name: str) -> dict:
    path = folder / name
    if not path.exists():
        path = TEMPLATES_DIR / name  # an office folder may hold only the files it changes
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"Không tìm thấy tệp mẫu báo cáo: {path}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"Tệp mẫu báo cáo {path} không đúng định dạng TOML: {exc}") from None


def load_templates(cfg: Config) -> Templates:
    folder = templates_folder(cfg)
    if not folder.is_dir():
        raise ConfigError(f"Không tìm thấy thư mục mẫu báo cáo: {folder} (khóa [report] templates_dir).")
    text = _read_template_toml(folder, TEXT_FILE)
    style = _read_template_toml(folder, DOCX_STYLE)
    env = _Environment(
        loader=jinja2.FileSystemLoader([str(folder), str(TEMPLATES_DIR)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["fmt"] = fmt_int
    return Templates(folder=folder, text=text, style=style, env=env)


_TEXT_ENV = jinja2.Environment(autoescape=False, undefined=jinja2.StrictUndefined, keep_trailing_newline=False)


@functools.lru_cache(maxsize=256)
def _compiled(source: str) -> jinja2.Template:
    return _TEXT_ENV.from_string(source)


def _snippet(text: dict, key: str, **context) -> str:
    """Render one wording snippet of report_text.toml as plain text."""
    try:
        source = text[key]
    except KeyError:
        raise ConfigError(f"Tệp {TEXT_FILE} thiếu khóa '{key}'.") from None
    try:
        return _compiled(str(source)).render(**context).strip()
    except jinja2.TemplateError as exc:
        raise ConfigError(f"Tệp {TEXT_FILE}, khóa '{key}': mẫu không hợp lệ: {exc}") from None


def _snippet_default(text: dict, key: str, default: str, **context) -> str:
    """Like ``_snippet``, for keys added after offices may have copied report_text.toml."""
    return _snippet({key: text.get(key, default)}, key, **context)


def fmt_int(n) -> str:
    """1234 → "1.234" (Vietnamese thousands separator)."""
    if n is None:
        return ""
    return f"{int(n):,}".replace(",", ".")


_TEXT_ENV.globals["fmt"] = fmt_int


# --------------------------------------------------------------------------- data preparation


def _truthy(values) -> list[bool]:
    """Flags as plain bools; missing values count as False."""
    return [False if (v is None or v is pd.NA or (isinstance(v, float) and v != v)) else bool(v) for v in values]


def _str(v) -> str:
    if type(v) is str:
        return v
    if v is None or v is pd.NA or (isinstance(v, float) and v != v):
        return ""
    return str(v)


def _num(v):
    """A meeting figure as int, or None when missing."""
    try:
        x = pd.to_numeric(v, errors="coerce")
    except (TypeError, ValueError):
        return None
    if x is None or pd.isna(x):
        return None
    return int(x)


def _parse_date(v) -> dt.date | None:
    if v is None or v is pd.NA or (isinstance(v, float) and v != v):
        return None
    if isinstance(v, (dt.datetime, pd.Timestamp)):
        return v.date()
    if isinstance(v, dt.date):
        return v
    s = str(v).strip()
    m = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})", s)
    if m:
        y, mo, d = map(int, m.groups())
    else:
        m = re.match(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", s)
        if not m:
            return None
        d, mo, y = map(int, m.groups())
    try:
        return dt.date(y, mo, d)
    except ValueError:
        return None


def _dmy(d: dt.date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


class _SearchFold(dict):
    """str.translate table, filled on first sight of each character: "đ"/"Đ" → "d"/"D", other
    characters → their canonical decomposition without combining marks. Dropping the marks makes
    per-character decomposition equal to decomposing the whole string (canonical reordering only
    moves the marks themselves)."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if ch in "đĐ":
            out = "d" if ch == "đ" else "D"
        else:
            out = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        self[code] = out
        return out


_SEARCH_FOLD = _SearchFold()


def search_key(text: str) -> str:
    """Lower case without diacritics, for the HTML search box: "Đường" → "duong"."""
    return text.translate(_SEARCH_FOLD).lower()


_VI_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_VI_RANK = {c: i for i, c in enumerate(_VI_ALPHABET)}
_VI_SHAPE = {"\u0306": "ă", "\u0302": {"a": "â", "e": "ê", "o": "ô"}, "\u031b": {"o": "ơ", "u": "ư"}}
_VI_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng


def vi_sort_key(text: str) -> tuple:
    """Sort key in Vietnamese dictionary order: a < ă < â < b … d < đ … o < ô < ơ …, letters before
    tone marks, numbers by value ("Xã Đồng Tiến" after "Xã Dương" and before "Xã Yên Thịnh", where
    code-point order puts every "Đ" after "Y"; "Phường 2" before "Phường 10")."""
    letters, tones = [], []
    for token in re.findall(r"\d+|\D", unicodedata.normalize("NFD", str(text).lower())):
        if token.isdigit():
            letters.append((-1, int(token)))
            tones.append(0)
        elif token in _VI_TONES:
            if tones:
                tones[-1] = _VI_TONES[token]
        elif token in _VI_SHAPE:
            base = _VI_ALPHABET[letters[-1][1]] if letters and letters[-1][0] == 0 else ""
            shape = _VI_SHAPE[token]
            new = (shape if base == "a" else None) if isinstance(shape, str) else shape.get(base)
            if new:
                letters[-1] = (0, _VI_RANK[new])
        elif not unicodedata.combining(token):
            letters.append((0, _VI_RANK[token]) if token in _VI_RANK else (1, ord(token)))
            tones.append(0)
    return (tuple(letters), tuple(tones), text)


# unit names repeat across thousands of items: compute each key once
_vi_sort_key_cached = functools.lru_cache(maxsize=1 << 16)(vi_sort_key)


def vi_sorted(values) -> list:
    return sorted(values, key=_vi_sort_key_cached)


def unit_phrase(unit: str, type_words) -> str:
    """ "Xã Tân Lập" → "xã Tân Lập": the unit-type word in lower case, as inside "(Cử tri ...)"."""
    for word in type_words:
        if unit[: len(word)].lower() == word.lower() and (len(unit) == len(word) or unit[len(word)] == " "):
            return word.lower() + unit[len(word):]
    return unit


def _sector_rank(cfg: Config):
    order = {slug: i for i, slug in enumerate(cfg.taxonomy.slugs)}
    return lambda slug: (order.get(slug, len(order)), slug)


def _sector_label(cfg: Config, slug: str, fallback: str = "") -> str:
    if cfg.taxonomy.get(slug) is not None:
        return cfg.taxonomy.label(slug)
    return fallback or slug


def _column(df: pd.DataFrame, col: str, n: int, default=None) -> list:
    """A column as a plain Python list (``default`` repeated when absent): iterating a list is
    much faster than iterating an arrow-backed Series value by value."""
    return df[col].tolist() if col in df else [default] * n


def _prepare(items: pd.DataFrame, clusters: pd.DataFrame, cfg: Config) -> pd.DataFrame:
    """Items with the report's own columns: _active, _order, _cluster, _sector, _authority."""
    df = items.reset_index(drop=True)
    n = len(df)
    for col, default in ((S.SPEAKER, ""), (S.SOURCE_FILE, ""), (S.SOURCE_REF, ""), (S.UNIT, ""), (S.TEXT, "")):
        if col not in df:
            df = df.assign(**{col: default})
    not_rec = _truthy(_column(df, S.NOT_RECOMMENDATION, n, False))
    answered = _truthy(_column(df, S.ANSWERED, n, False))
    review = _truthy(_column(df, S.NEEDS_REVIEW, n, False))
    if S.ITEM_ID in df:
        item_ids = [_str(v) for v in df[S.ITEM_ID].tolist()]
    else:
        item_ids = [f"R{i}" for i in range(n)]
    cluster_col = [_str(c) or "C" + i for c, i in zip(_column(df, S.CLUSTER_ID, n, ""), item_ids)]
    own_sector = [_str(v) or "khac" for v in _column(df, S.SECTOR, n, "")]
    own_auth = [a if a in S.AUTHORITIES else S.LOCAL for a in map(_str, _column(df, S.AUTHORITY, n, ""))]

    # sector / authority of each consolidated item: clusters table, else its earliest member
    by_cluster = {}
    if clusters is not None and len(clusters):
        m = len(clusters)
        for cid, sec, auth in zip(_column(clusters, S.CLUSTER_ID, m), _column(clusters, S.SECTOR, m),
                                  _column(clusters, S.AUTHORITY, m)):
            cid = _str(cid)
            if cid:
                by_cluster[cid] = (_str(sec), _str(auth))
    sectors, auths = {}, {}
    for cid, sec, auth in zip(cluster_col, own_sector, own_auth):
        if cid in sectors:
            continue
        c_sec, c_auth = by_cluster.get(cid, ("", ""))
        sectors[cid] = c_sec or sec
        auths[cid] = c_auth if c_auth in S.AUTHORITIES else auth
    return df.assign(
        _order=range(n),
        _active=np.array([not x for x in not_rec], dtype=bool),
        _answered=np.array(answered, dtype=bool),
        _review=np.array(review, dtype=bool),
        _item_id=item_ids,
        _cluster=cluster_col,
        _own_sector=own_sector,
        _own_authority=own_auth,
        _unit=[_str(v) for v in df[S.UNIT].tolist()],
        _text=[_str(v) for v in df[S.TEXT].tolist()],
        _sector=[sectors[c] for c in cluster_col],
        _authority=[auths[c] for c in cluster_col],
    )


_RECORD_COLUMNS = ("_order", "_active", "_answered", "_review", "_item_id", "_cluster", "_unit", "_text", "_sector",
                   "_authority", S.SOURCE_FILE, S.SOURCE_REF, S.SPEAKER, S.SECTOR_CONFIDENCE)


def _frame_records(df: pd.DataFrame) -> list[dict]:
    """Every row as a dict of plain Python values (``to_dict("records")`` / ``itertuples`` walk
    arrow-backed columns value by value, several times slower)."""
    cols = list(df.columns)
    return [dict(zip(cols, values)) for values in zip(*(df[c].tolist() for c in cols))]


def _records(df: pd.DataFrame) -> list[dict]:
    """The prepared items as plain dicts in source order, with the columns the renderers read
    (``DataFrame.to_dict("records")`` over every column costs seconds at 20,000 items)."""
    cols = [c for c in _RECORD_COLUMNS if c in df]
    return [dict(zip(cols, values)) for values in zip(*(df[c].tolist() for c in cols))]


def consolidated_items(items: pd.DataFrame, clusters: pd.DataFrame, cfg: Config) -> pd.DataFrame:
    """One row per consolidated item of the report body, in report order.

    Columns: ref ("II.1.2"), section ("trung_uong"/"dia_phuong"), sector_no, item_no,
    cluster_id, sector, sector_label, authority, text, units (list, sorted), n_items,
    n_units, n_answered, item_ids (list, item order).
    """
    df = _prepare(items, clusters, cfg)
    return _consolidated(df, clusters, cfg)


def _consolidated(df: pd.DataFrame, clusters: pd.DataFrame, cfg: Config,
                  records: list[dict] | None = None) -> pd.DataFrame:
    records = _records(df) if records is None else records
    rep_text = {}
    if clusters is not None and len(clusters) and "representative_text" in clusters:
        rep_text = {_str(c): _str(t) for c, t in zip(clusters[S.CLUSTER_ID].tolist(),
                                                      clusters["representative_text"].tolist())}
    label_of = {}
    if clusters is not None and len(clusters) and S.SECTOR_LABEL in clusters:
        label_of = {_str(s): _str(lab) for s, lab in zip(clusters[S.SECTOR].tolist(),
                                                         clusters[S.SECTOR_LABEL].tolist())}
    if S.SECTOR_LABEL in df:
        for s, lab in zip(df[S.SECTOR].tolist(), df[S.SECTOR_LABEL].tolist()):
            label_of.setdefault(_str(s), _str(lab))
    groups: dict[str, list[dict]] = {}
    for rec in records:
        if rec["_active"]:
            groups.setdefault(rec["_cluster"], []).append(rec)
    rows = []
    sector_labels: dict[str, str] = {}  # the taxonomy lookup is a scan: once per sector
    for cid, members in groups.items():
        units = vi_sorted({m["_unit"] for m in members})
        sector = members[0]["_sector"]
        if sector not in sector_labels:
            sector_labels[sector] = _sector_label(cfg, sector, label_of.get(sector, ""))
        rows.append({
            "cluster_id": cid,
            "sector": sector,
            "sector_label": sector_labels[sector],
            "authority": members[0]["_authority"],
            "text": rep_text.get(cid) or members[0]["_text"],
            "units": units,
            "n_items": len(members),
            "n_units": len(units),
            "n_answered": sum(1 for m in members if m["_answered"]),
            "item_ids": [m["_item_id"] for m in members],
            "_first": int(members[0]["_order"]),
        })
    cols = ["ref", "section", "sector_no", "item_no", "cluster_id", "sector", "sector_label", "authority", "text",
            "units", "n_items", "n_units", "n_answered", "item_ids"]
    if not rows:
        return pd.DataFrame(columns=cols)
    out = pd.DataFrame(rows)
    rank = _sector_rank(cfg)
    section_rank = {S.CENTRAL: 0, S.LOCAL: 1}
    out = out.assign(
        _a=out["authority"].map(section_rank), _s=out["sector"].map(rank), _n=-out["n_items"]
    ).sort_values(["_a", "_s", "_n", "_first"], kind="mergesort").reset_index(drop=True)
    refs, sector_nos, item_nos = [], [], []
    roman = {S.CENTRAL: "II", S.LOCAL: "III"}
    for auth, by_auth in out.groupby("authority", sort=False):
        for s_no, (_, by_sec) in enumerate(by_auth.groupby("sector", sort=False), start=1):
            for i_no, idx in enumerate(by_sec.index, start=1):
                refs.append((idx, f"{roman[auth]}.{s_no}.{i_no}", s_no, i_no))
    refs.sort()
    out = out.assign(
        ref=[r[1] for r in refs], sector_no=[r[2] for r in refs], item_no=[r[3] for r in refs],
        section=out["authority"],
    )
    return out[cols]


# --------------------------------------------------------------------------- figures


def report_figures(items: pd.DataFrame, clusters: pd.DataFrame, meetings: pd.DataFrame, cfg: Config) -> dict:
    """Every number the report prints, computed from the tables (pure, no I/O).

    Returns plain Python values::

        n_meetings, n_units, voters_attending (None if no minutes give it), voters_known,
        speaking_turns, turns_known, n_items (before merging), n_consolidated (after),
        n_merged (consolidated items with more than one opinion), n_central, n_local
        (consolidated), n_central_items, n_local_items, n_answered, n_needs_review,
        n_not_recommendation, date_from, date_to ("dd/mm/yyyy" or ""),
        by_sector: [{sector, label, n_items, n_consolidated, n_central, n_local}] (taxonomy order,
                    sectors with items only),
        by_unit: [{unit, n_meetings, voters_attending, speaking_turns, n_items, n_answered}] (sorted)
    """
    df = _prepare(items, clusters, cfg)
    records = _records(df)
    cons = _consolidated(df, clusters, cfg, records)
    return _figures(df, cons, meetings, cfg, records)


def _figures(df: pd.DataFrame, cons: pd.DataFrame, meetings: pd.DataFrame, cfg: Config,
             records: list[dict] | None = None) -> dict:
    records = _records(df) if records is None else records
    active = [r for r in records if r["_active"]]
    meetings = meetings if meetings is not None else pd.DataFrame(columns=S.MEETING_COLUMNS)
    m_units = [_str(u) for u in meetings[S.UNIT].tolist()] if S.UNIT in meetings else []
    voters = [_num(v) for v in meetings["voters_attending"]] if "voters_attending" in meetings else []
    turns = [_num(v) for v in meetings["speaking_turns"]] if "speaking_turns" in meetings else []
    dates = [d for d in (_parse_date(v) for v in meetings["date"]) if d] if "date" in meetings else []

    def total(values):
        known = [v for v in values if v is not None]
        return (sum(known) if known else None), len(known)

    voters_total, voters_known = total(voters)
    turns_total, turns_known = total(turns)
    units = vi_sorted(set(m_units) | {r["_unit"] for r in active})
    units = [u for u in units if u]

    # one pass over the items and the consolidated items, then one entry per sector / unit
    sec_items: dict[str, int] = {}
    unit_items: dict[str, int] = {}
    unit_answered: dict[str, int] = {}
    for r in active:
        sec_items[r["_sector"]] = sec_items.get(r["_sector"], 0) + 1
        unit_items[r["_unit"]] = unit_items.get(r["_unit"], 0) + 1
        if r["_answered"]:
            unit_answered[r["_unit"]] = unit_answered.get(r["_unit"], 0) + 1
    sec_cons: dict[str, list] = {}  # sector → [first label, consolidated, central, local]
    if len(cons):
        for sector, label, auth in zip(cons["sector"].tolist(), cons["sector_label"].tolist(),
                                       cons["authority"].tolist()):
            entry = sec_cons.setdefault(sector, [label, 0, 0, 0])
            entry[1] += 1
            entry[2] += auth == S.CENTRAL
            entry[3] += auth == S.LOCAL

    by_sector = []
    rank = _sector_rank(cfg)
    for sector in sorted(sec_items, key=rank):
        label, n_cons, n_central, n_local = sec_cons.get(sector) or (_sector_label(cfg, sector), 0, 0, 0)
        by_sector.append({
            "sector": sector,
            "label": label,
            "n_items": sec_items[sector],
            "n_consolidated": n_cons,
            "n_central": n_central,
            "n_local": n_local,
        })

    meetings_of: dict[str, list[int]] = {}
    for i, u in enumerate(m_units):
        meetings_of.setdefault(u, []).append(i)
    by_unit = []
    for unit in units:
        rows = meetings_of.get(unit, [])
        by_unit.append({
            "unit": unit,
            "n_meetings": len(rows),
            "voters_attending": total([voters[i] for i in rows] if voters else [])[0],
            "speaking_turns": total([turns[i] for i in rows] if turns else [])[0],
            "n_items": unit_items.get(unit, 0),
            "n_answered": unit_answered.get(unit, 0),
        })

    return {
        "n_meetings": int(len(meetings)),
        "n_units": len(units),
        "voters_attending": voters_total,
        "voters_known": voters_known,
        "speaking_turns": turns_total,
        "turns_known": turns_known,
        "n_items": len(active),
        "n_consolidated": int(len(cons)),
        "n_merged": int((cons["n_items"] > 1).sum()) if len(cons) else 0,
        "n_central": int((cons["authority"] == S.CENTRAL).sum()) if len(cons) else 0,
        "n_local": int((cons["authority"] == S.LOCAL).sum()) if len(cons) else 0,
        "n_central_items": sum(1 for r in active if r["_authority"] == S.CENTRAL),
        "n_local_items": sum(1 for r in active if r["_authority"] == S.LOCAL),
        "n_answered": sum(1 for r in active if r["_answered"]),
        "n_needs_review": sum(1 for r in active if r["_review"]),
        "n_not_recommendation": len(records) - len(active),
        "date_from": _dmy(min(dates)) if dates else "",
        "date_to": _dmy(max(dates)) if dates else "",
        "by_sector": by_sector,
        "by_unit": by_unit,
    }


# --------------------------------------------------------------------------- context


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


def nd30_date(date: dt.date) -> str:
    """ "ngày 05 tháng 11 năm 2026": NĐ 30/2020 writes a leading zero for days below 10 and for
    months 1 and 2 only ("ngày 09 tháng 3 năm 2026", "ngày 15 tháng 02 năm 2026")."""
    month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    return f"ngày {date.day:02d} tháng {month} năm {date.year}"


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
                  tpl: Templates) -> dict:
    """Everything the three renderers print (pure)."""
    from .parallel import collector_paused

    with collector_paused():  # hundreds of thousands of small dicts and lists, no cycles
        return _build_context(items, clusters, meetings, cfg, generated_at, corrections_count, tpl)


def _build_context(items, clusters, meetings, cfg: Config, generated_at: str, corrections_count: int,
                   tpl: Templates) -> dict:
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
    cons_rows = _frame_records(cons)
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
                                       + [key_of(s["text"]) for s in sources]),
                })
            sectors.append({
                "number": int(first["sector_no"]), "sector": first["sector"], "label": first["sector_label"],
                "heading": _snippet(text, "sector_heading", number=int(first["sector_no"]),
                                    label=first["sector_label"], **snip),
                "items": entries,
            })
        sections.append({"authority": auth, "heading": words[heading_key], "sectors": sectors})

    # annex: active items by unit, then source order
    label_of = {s["sector"]: s["label"] for s in f["by_sector"]}
    annex = []
    for stt, m in enumerate(_by_unit([r for r in records if r["_active"]]), start=1):
        row = _source_row(m, meta["show_names"])
        row.update({
            "stt": stt, "sector_label": label_of.get(m["_sector"], m["_sector"]),
            "authority": m["_authority"], "authority_short": auth_short[m["_authority"]],
            "ref": ref_of.get(m["_item_id"], ""),
            "search": f"{key_of(row['text'])} {key_of(row['unit'])} {key_of(row['speaker'])}",
        })
        annex.append(row)
    excluded = [_source_row(m, meta["show_names"]) for m in records if not m["_active"]]

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
        "sections": sections, "annex": annex, "excluded": excluded, "meetings": meeting_rows,
        "draft": not (corrections_count or cfg.report.final),
        "corrections_count": int(corrections_count or 0), "df": df, "records": records, "cons": cons,
        "cons_rows": cons_rows, "style": tpl.style,
        "text": text, "cfg": cfg,
    }


def _by_unit(records: list[dict]) -> list[dict]:
    """Items by unit (Vietnamese order), then in source order: the order of the annexes."""
    rank = {u: i for i, u in enumerate(vi_sorted({r["_unit"] for r in records}))}
    return sorted(records, key=lambda r: (rank[r["_unit"]], r["_order"]))


def _source_row(m: dict, show_names: bool) -> dict:
    return {
        "item_id": m["_item_id"], "unit": m["_unit"], "source_file": _str(m.get(S.SOURCE_FILE)),
        "source_ref": _str(m.get(S.SOURCE_REF)), "text": m["_text"], "answered": bool(m["_answered"]),
        "speaker": _str(m.get(S.SPEAKER)) if show_names else "",
    }


# --------------------------------------------------------------------------- zip determinism


def normalize_zip(data: bytes, edit: dict | None = None) -> bytes:
    """An OOXML zip with fixed timestamps and attributes (``io.rewrite_zip``; ``edit`` as there)."""
    return io.rewrite_zip(data, ZIP_EPOCH, edit, create_system=0)


def _fixed_datetime(date: dt.date) -> dt.datetime:
    return dt.datetime(date.year, date.month, date.day, 0, 0, 0)


# --------------------------------------------------------------------------- report.docx


def _style_value(style: dict, section: str, key: str, default):
    value = style.get(section, {}).get(key, default)
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ConfigError(f"Tệp {DOCX_STYLE}, mục [{section}]: '{key}' phải là true hoặc false.")
        return value
    if isinstance(default, (int, float)):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"Tệp {DOCX_STYLE}, mục [{section}]: '{key}' phải là một số.")
        return value
    if isinstance(default, list):
        if not isinstance(value, list):
            raise ConfigError(f"Tệp {DOCX_STYLE}, mục [{section}]: '{key}' phải là một danh sách.")
        return value
    return str(value)


class _Docx:
    """Small helpers over python-docx, bound to one document and its style settings."""

    def __init__(self, style: dict):
        from docx import Document
        from docx.enum.style import WD_STYLE_TYPE
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Cm, Pt

        self.Cm, self.Pt, self.qn, self.Ox, self.ALIGN = Cm, Pt, qn, OxmlElement, WD_ALIGN_PARAGRAPH
        self.style = style
        v = lambda sec, key, default: _style_value(style, sec, key, default)  # noqa: E731
        self.v = v
        self.font_name = v("font", "name", "Times New Roman")
        self.size = v("font", "size_pt", 13)
        self.doc = doc = Document()
        self._body = doc.element.body
        self._blocks: list[list[bytes]] = []  # XML (UTF-8 pieces) put in place of the placeholders by ``save``

        sec = doc.sections[0]
        sec.page_width, sec.page_height = Cm(v("page", "width_cm", 21.0)), Cm(v("page", "height_cm", 29.7))
        sec.top_margin = Cm(v("page", "margin_top_cm", 2.0))
        sec.bottom_margin = Cm(v("page", "margin_bottom_cm", 2.0))
        sec.left_margin = Cm(v("page", "margin_left_cm", 3.0))
        sec.right_margin = Cm(v("page", "margin_right_cm", 2.0))
        sec.header_distance = Cm(v("page", "header_distance_cm", 1.0))
        self.text_width_cm = v("page", "width_cm", 21.0) - v("page", "margin_left_cm", 3.0) - v(
            "page", "margin_right_cm", 2.0)

        # document defaults and the Normal style: the font everywhere, Vietnamese language
        defaults = doc.styles.element.find(qn("w:docDefaults"))
        if defaults is not None:
            rfonts = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
            if rfonts is not None:
                self._set_rfonts(rfonts)
        normal = doc.styles["Normal"]
        self.font(normal, size=self.size, name=True)
        lang = normal.element.get_or_add_rPr().find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            normal.element.get_or_add_rPr().append(lang)
        lang.set(qn("w:val"), "vi-VN")
        pf = normal.paragraph_format
        pf.space_before, pf.space_after, pf.line_spacing = Pt(0), Pt(0), 1.0

        body = doc.styles.add_style("Cutri Body", WD_STYLE_TYPE.PARAGRAPH)
        body.base_style = normal
        pf = body.paragraph_format
        pf.line_spacing = v("paragraph", "line_spacing", 1.15)
        pf.space_before = Pt(v("paragraph", "space_before_pt", 0))
        pf.space_after = Pt(v("paragraph", "space_after_pt", 6))
        pf.first_line_indent = Cm(v("paragraph", "first_line_indent_cm", 1.27))
        pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY if v("paragraph", "justify", True) else WD_ALIGN_PARAGRAPH.LEFT
        pf.widow_control = True
        heading = doc.styles.add_style("Cutri Heading", WD_STYLE_TYPE.PARAGRAPH)
        heading.base_style = body
        heading.font.bold = True
        heading.paragraph_format.keep_with_next = True

    # -- fonts and paragraphs
    def _set_rfonts(self, rfonts):
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            rfonts.attrib.pop(self.qn(attr), None)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            rfonts.set(self.qn(attr), self.font_name)

    def font(self, obj, size=None, bold=None, italic=None, underline=None, name=False):
        """Set the font of a run or a style; ``name`` also sets the typeface on every script
        (only styles need it: runs inherit it from Normal)."""
        f = obj.font
        if size is not None:
            f.size = self.Pt(size)
        if bold is not None:
            f.bold = bold
        if italic is not None:
            f.italic = italic
        if underline is not None:
            f.underline = underline
        if name:
            f.name = self.font_name
            self._set_rfonts(obj.element.get_or_add_rPr().get_or_add_rFonts())
        return obj

    def append_body(self, element) -> None:
        """Put a block element at the end of the body, before its final section properties.
        python-docx's add_paragraph looks for that w:sectPr by scanning the body from the start,
        which made a long report quadratic; the w:sectPr is always the body's last child."""
        try:
            last = self._body[-1]
        except IndexError:
            last = None
        if last is not None and last.tag == self.qn("w:sectPr"):
            last.addprevious(element)
        else:
            self._body.append(element)

    def append_xml(self, xml: str | list[bytes]) -> None:
        """Append block elements given as WordprocessingML, written exactly as lxml serializes
        them (the prefix w: declared by the document). They are not parsed: a placeholder element
        stands in the body and ``save`` puts the text in its place. Parsing the annex of 20,000 items
        and moving it into the document took ~10 s. ``xml`` may be given as UTF-8 pieces."""
        if not xml:
            return
        if isinstance(xml, str):
            xml = [xml.encode("utf-8")]
        placeholder = self._body.makeelement(f"{{{_BLOCK_NS}}}block", {"n": str(len(self._blocks))},
                                             nsmap={"cutri": _BLOCK_NS})
        self._blocks.append(xml)
        self.append_body(placeholder)

    def _fill_blocks(self, xml: bytes):
        """The document part's pieces with the generated blocks in place of their placeholders."""
        parts = _BLOCK_RE.split(xml)  # text, n, text, n, ..., text
        found = [int(n) for n in parts[1::2]]
        if found != list(range(len(self._blocks))):
            raise RuntimeError("report.docx: the placeholders of the generated blocks were not all found")
        yield parts[0]
        for i, tail in zip(found, parts[2::2]):
            yield from self._blocks[i]
            yield tail

    def save(self) -> bytes:
        """The document as deterministic .docx bytes, the generated blocks in place."""
        buf = _bytes_io.BytesIO()
        self.doc.save(buf)
        return normalize_zip(buf.getvalue(), edit={self.doc.part.partname.membername: self._fill_blocks})

    def body_paragraph(self):
        """A new empty paragraph at the end of the document body."""
        from docx.text.paragraph import Paragraph

        p = self.Ox("w:p")
        self.append_body(p)
        return Paragraph(p, self.doc._body)

    def para(self, container, text="", *, style=None, size=None, bold=None, italic=None, underline=None,
             align=None, before=None, after=None, indent=None, left=None, line=None, keep=None, first=False):
        """Add a paragraph (or fill the cell's first empty one when ``first``)."""
        if first:
            p = container.paragraphs[0]
        elif container is self.doc:
            p = self.body_paragraph()
        else:
            p = container.add_paragraph()
        if style is not None:
            p._p.style = style.style_id  # direct: python-docx's style lookup by object is slow
        pf = p.paragraph_format
        if align is not None:
            pf.alignment = {"center": self.ALIGN.CENTER, "left": self.ALIGN.LEFT, "right": self.ALIGN.RIGHT,
                            "justify": self.ALIGN.JUSTIFY}[align]
        if before is not None:
            pf.space_before = self.Pt(before)
        if after is not None:
            pf.space_after = self.Pt(after)
        if indent is not None:
            pf.first_line_indent = self.Cm(indent)
        if left is not None:
            pf.left_indent = self.Cm(left)
        if line is not None:
            pf.line_spacing = line
        if keep is not None:
            pf.keep_with_next = keep
        if text:
            self.run(p, text, size=size, bold=bold, italic=italic, underline=underline)
        return p

    def run(self, p, text, size=None, bold=None, italic=None, underline=None):
        size = None if size in (None, self.size) else size  # the body size comes from Normal
        return self.font(p.add_run(_xml_safe(text)), size=size, bold=bold, italic=italic, underline=underline)

    def bottom_rule(self, p, width_cm: float, cell_width_cm: float):
        """A short centred line: an empty, very low paragraph with a bottom border."""
        side = max((cell_width_cm - 0.4 - width_cm) / 2, 0)
        pf = p.paragraph_format
        pf.left_indent, pf.right_indent = self.Cm(side), self.Cm(side)
        pf.line_spacing = self.Pt(4)
        pf.space_before, pf.space_after = self.Pt(0), self.Pt(0)
        ppr = p._p.get_or_add_pPr()
        bdr = self.Ox("w:pBdr")
        bottom = self.Ox("w:bottom")
        for k, val in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
            bottom.set(self.qn(k), val)
        bdr.append(bottom)
        ppr.insert_element_before(bdr, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
                                  "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
                                  "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
                                  "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
                                  "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
                                  "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
                                  "w:pPrChange")

    # -- tables
    def layout_table(self, rows: int, widths_cm: list[float]):
        """A borderless table of fixed column widths (the header and signature blocks)."""
        t = self.doc.add_table(rows=rows, cols=len(widths_cm))
        t.autofit = False  # w:tblLayout fixed
        borders = self.Ox("w:tblBorders")
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            el = self.Ox(f"w:{edge}")
            el.set(self.qn("w:val"), "nil")
            borders.append(el)
        t._tbl.tblPr.find(self.qn("w:tblLayout")).addprevious(borders)  # schema order: borders, layout, look
        for grid_col, w in zip(t._tbl.tblGrid.gridCol_lst, widths_cm):
            grid_col.w = self.Cm(w)
        for row in t.rows:
            for cell, w in zip(row.cells, widths_cm):
                cell.width = self.Cm(w)
        return t

    def grid(self, header: list[str], rows: list, widths_cm: list[float], size: float,
             aligns: list[str], total: list | None = None) -> None:
        """A bordered table: bold centred header (repeated on each page), cells centred vertically,
        rows that do not split across pages, optional bold total row. An entry of ``rows`` that is a
        ``_Group`` is a full-width bold heading row (the units of the annex).

        The table is written as one XML string (``append_xml``): python-docx's per-cell API costs
        ~5 ms a cell, which made a 3,000-item annex take 15 s."""
        widths = [int(round(w * 567)) for w in widths_cm]  # twips
        size_xml = "" if size == self.size else f'<w:sz w:val="{int(round(size * 2))}"/>'
        jc = {"center": "center", "left": "left", "right": "right", "justify": "both"}

        def cell(text, width, align, bold=False, span=1, fill=None, keep=False):
            tc_pr = f'<w:tcW w:w="{width}" w:type="dxa"/>'
            if span > 1:
                tc_pr += f'<w:gridSpan w:val="{span}"/>'
            if fill:
                tc_pr += f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'
            r_pr = ("<w:b/>" if bold else "") + size_xml
            p_pr = ("<w:keepNext/>" if keep else "") + f'<w:spacing w:before="40" w:after="40"/><w:jc w:val="{jc[align]}"/>'
            p_pr += f"<w:rPr>{r_pr}</w:rPr>" if r_pr else ""
            run = ""
            if text:
                body = "<w:br/>".join(_t_xml(part) for part in str(text).split("\n"))
                run = f'<w:r>{f"<w:rPr>{r_pr}</w:rPr>" if r_pr else ""}{body}</w:r>'
            return (f'<w:tc><w:tcPr>{tc_pr}<w:vAlign w:val="center"/></w:tcPr>'
                    f'<w:p><w:pPr>{p_pr}</w:pPr>{run}</w:p></w:tc>')

        def value_text(value):
            return "" if value is None else (fmt_int(value) if isinstance(value, int) else str(value))

        out = ['<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/>'
               f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
               '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
               'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>']
        out += [f'<w:gridCol w:w="{w}"/>' for w in widths]
        out.append("</w:tblGrid><w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>")
        out += [cell(h, w, "center", bold=True) for h, w in zip(header, widths)]
        out.append("</w:tr>")
        body_rows = list(rows) + ([total] if total else [])
        last = len(body_rows) - 1
        pieces: list[bytes] = []  # UTF-8, every XML_PIECE_STRINGS strings: the XML of a large annex is never one string
        for r, values in enumerate(body_rows):
            if len(out) > XML_PIECE_STRINGS:
                pieces.append("".join(out).encode("utf-8"))
                out.clear()
            out.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
            if isinstance(values, _Group):
                out.append(cell(values.text, sum(widths), "left", bold=True, span=len(widths), fill="F2F2F2",
                                keep=True))
            else:
                bold = total is not None and r == last
                out += [cell(value_text(v), w, a, bold=bold) for v, w, a in zip(values, widths, aligns)]
            out.append("</w:tr>")
        out.append("</w:tbl>")
        pieces.append("".join(out).encode("utf-8"))
        self.append_xml(pieces)

    def page_number_header(self, size):
        sec = self.doc.sections[0]
        sec.different_first_page_header_footer = True
        p = sec.header.paragraphs[0]
        p.paragraph_format.alignment = self.ALIGN.CENTER
        for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, None), ("end", None)):
            r = self.font(p.add_run(), size=size)
            if kind:
                el = self.Ox("w:fldChar")
                el.set(self.qn("w:fldCharType"), kind)
                r._r.append(el)
            elif text:
                el = self.Ox("w:instrText")
                el.set(self.qn("xml:space"), "preserve")
                el.text = text
                r._r.append(el)
            else:
                r.text = "2"
        sec.first_page_header.is_linked_to_previous = False


@dataclass(frozen=True)
class _Group:
    """A full-width heading row of a ``_Docx.grid`` table."""

    text: str


_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    return _XML_ILLEGAL.sub("", str(text))


_RUN_BREAKS = re.compile(r"([\t\r\n])")
_BLOCK_NS = "urn:cutri:block"
_BLOCK_RE = re.compile(rb'<cutri:block xmlns:cutri="urn:cutri:block" n="(\d+)"/>')


def _t_xml(text: str) -> str:
    """A w:t keeping its spaces, serialized as lxml writes it (an XML parser reads any CR as LF)."""
    text = _xml_safe(text)
    if "\r" in text:
        text = text.replace("\r", "\n")
    return f'<w:t xml:space="preserve">{xml_escape(text)}</w:t>' if text else '<w:t xml:space="preserve"/>'


def _run_xml(text: str, r_pr: str = "") -> str:
    """A w:r element as python-docx's ``add_run(text)`` writes it: a tab becomes w:tab, a line
    break w:br, the rest w:t (xml:space="preserve" when it starts or ends with white space).
    ``r_pr``: the run properties' children, e.g. "<w:i/>"."""
    out = [f"<w:r><w:rPr>{r_pr}</w:rPr>" if r_pr else "<w:r>"]
    for piece in _RUN_BREAKS.split(_xml_safe(text)):
        if piece == "\t":
            out.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            out.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            out.append(f"<w:t{space}>{xml_escape(piece)}</w:t>")
    if len(out) == 1 and not r_pr:
        return "<w:r/>"
    out.append("</w:r>")
    return "".join(out)


def render_docx(ctx: dict) -> bytes:
    """report.docx as bytes (deterministic)."""
    meta, f, words, cols = ctx["meta"], ctx["f"], ctx["words"], ctx["columns"]
    d = _Docx(ctx["style"])
    v, doc = d.v, d.doc
    body = doc.styles["Cutri Body"]
    heading = doc.styles["Cutri Heading"]
    if v("page", "page_numbers", True):
        d.page_number_header(v("font", "page_number_size_pt", 13))
    if ctx["draft"]:  # not reviewed yet: "DỰ THẢO" in a box at the top right, as drafts are marked
        draft_mark(d, words.get("draft_mark") or "DỰ THẢO")

    # -- NĐ 30 header block: issuing body | national title and motto; then number | place and date,
    # in a second row so that the two lines stand level whatever the length of the issuer
    lw, rw = _fit([v("header", "left_width_cm", 6.0), v("header", "right_width_cm", 10.0)], d.text_width_cm)
    t = d.layout_table(2, [lw, rw])
    left, right = t.cell(0, 0), t.cell(0, 1)
    first = True
    if meta["issuer_parent"]:
        d.para(left, meta["issuer_parent"], first=True, size=v("header", "issuer_parent_size_pt", 13), align="center")
        first = False
    d.para(left, meta["issuer"], first=first, size=v("header", "issuer_size_pt", 13), bold=True, align="center")
    d.bottom_rule(d.para(left, ""), v("header", "issuer_rule_cm", 2.0), lw)
    d.para(right, meta["national_title"], first=True, size=v("header", "national_title_size_pt", 12), bold=True,
           align="center")
    motto_size = v("header", "motto_size_pt", 13)
    if v("header", "motto_underline", False):
        d.para(right, meta["motto"], size=motto_size, bold=True, align="center", underline=True)
    else:
        d.para(right, meta["motto"], size=motto_size, bold=True, align="center")
        d.bottom_rule(d.para(right, ""), v("header", "motto_rule_cm", 5.6), rw)
    d.para(t.cell(1, 0), meta["doc_number"], first=True, size=v("header", "number_size_pt", 13), align="center",
           before=6)
    d.para(t.cell(1, 1), meta["place_date"], first=True, size=v("header", "date_size_pt", 13), italic=True,
           align="center", before=6)

    # -- document type, subject, recipients
    d.para(doc, words["title"], size=v("title", "title_size_pt", 13), bold=True, align="center",
           before=v("title", "space_before_pt", 12))
    d.para(doc, meta["subject"], size=v("title", "subject_size_pt", 13), bold=True, align="center")
    rule = d.para(doc, "")
    d.bottom_rule(rule, v("title", "subject_rule_cm", 4.0), d.text_width_cm + 0.4)  # + 0.4: no cell margins here
    rule.paragraph_format.space_after = d.Pt(14)
    _kinh_gui(d, words["kinh_gui"], meta["recipients"])

    # -- I. summary
    d.para(doc, words["intro"], style=body)
    d.para(doc, words["section_summary"], style=heading)
    d.para(doc, words["summary"], style=body)
    d.para(doc, words["summary_merge"], style=body)
    tsize = v("font", "table_size_pt", 12)
    d.para(doc, words["table_sector_caption"], size=tsize, bold=True, align="center", before=6, after=4, keep=True)
    rows = [[i, s["label"], s["n_items"], s["n_consolidated"], s["n_central"], s["n_local"]]
            for i, s in enumerate(f["by_sector"], start=1)]
    total = ["", cols.get("total", "Tổng cộng"), f["n_items"], f["n_consolidated"], f["n_central"], f["n_local"]]
    d.grid([cols["stt"], cols["sector"], cols["items"], cols["consolidated"], cols["central"], cols["local"]],
           rows, _fit([1.3, 5.8, 1.8, 2.5, 2.3, 2.3], d.text_width_cm), tsize,
           ["center", "left", "center", "center", "center", "center"], total)
    d.para(doc, words["table_unit_caption"], size=tsize, bold=True, align="center", before=10, after=4, keep=True)
    rows = [[i, u["unit"], u["n_meetings"], _dash(u["voters_attending"]), _dash(u["speaking_turns"]), u["n_items"]]
            for i, u in enumerate(f["by_unit"], start=1)]
    total = ["", cols.get("total", "Tổng cộng"), f["n_meetings"], _dash(f["voters_attending"]),
             _dash(f["speaking_turns"]), f["n_items"]]
    d.grid([cols["stt"], cols["unit"], cols["meetings"], cols["voters"], cols["turns"], cols["items"]],
           rows, _fit([1.2, 6.0, 2.0, 2.4, 2.4, 2.0], d.text_width_cm), tsize,
           ["center", "left", "center", "center", "center", "center"], total)
    # the machine-output note (words["corrections_note"]) is in report.html and review.xlsx only:
    # a draft says "DỰ THẢO" instead and the final document a delegation signs carries neither

    # -- II. central, III. local; the item paragraphs (thousands) are written as XML, as python-docx
    # would write them: "<number>. " "<text> " "<suffix>" (italic) "."
    p_pr = f'<w:pPr><w:pStyle w:val="{xml_escape(body.style_id, {chr(34): "&quot;"})}"/></w:pPr>'
    for section in ctx["sections"]:
        d.para(doc, section["heading"], style=heading, before=6)
        if not section["sectors"]:
            d.para(doc, words["section_empty"], style=body, italic=True)
        for sector in section["sectors"]:
            d.para(doc, sector["heading"], style=heading)
            d.append_xml("".join(_item_xml(p_pr, item) for item in sector["items"]))
    d.para(doc, words["closing"], style=body, before=6, keep=True)

    # -- Nơi nhận / signer
    t = d.layout_table(1, _fit([v("closing", "left_width_cm", 8.0), v("closing", "right_width_cm", 8.0)],
                               d.text_width_cm))
    t.rows[0]._tr.get_or_add_trPr().append(d.Ox("w:cantSplit"))
    left, right = t.cell(0, 0), t.cell(0, 1)
    d.para(left, words["noi_nhan"], first=True, size=v("closing", "noi_nhan_size_pt", 12), bold=True, italic=True,
           before=12)
    lines = [*meta["recipients"], *meta["cc"]]
    for i, name in enumerate(lines):
        end = "." if i == len(lines) - 1 else ";"
        p = d.para(left, f"- {name.rstrip(';.')}{end}", size=v("closing", "recipients_size_pt", 11), left=0.25)
        p.paragraph_format.first_line_indent = d.Cm(-0.25)
    ssize = v("closing", "signer_size_pt", 13)
    # "TM. ĐOÀN ĐẠI BIỂU QUỐC HỘI" / ["KT. TRƯỞNG ĐOÀN" /] "PHÓ TRƯỞNG ĐOÀN": signer_title may hold
    # several lines separated by a line break
    signer_lines = [x.strip() for x in meta["signer_title"].split("\n") if x.strip()] + [meta["signer_role"]]
    for i, line in enumerate(x for x in signer_lines if x):
        d.para(right, line, first=i == 0, size=ssize, bold=True, align="center", before=12 if i == 0 else None)
    for _ in range(int(v("closing", "signature_space_lines", 4))):
        d.para(right, "", size=ssize)
    if meta["signer_name"]:
        d.para(right, meta["signer_name"], size=ssize, bold=True, align="center")

    # -- annex
    _annex_docx(d, ctx)

    cp = doc.core_properties
    stamp = _fixed_datetime(meta["date"])
    cp.author = meta["issuer"]
    cp.last_modified_by = "cutri"
    cp.title = meta["subject"]
    cp.subject = words["title"]
    cp.keywords = "kiến nghị cử tri"
    cp.comments = ""
    cp.revision = 1
    cp.created = stamp
    cp.modified = stamp
    cp.last_printed = stamp
    return d.save()


def draft_mark(d: _Docx, text: str) -> None:
    """A bold "DỰ THẢO" framed by a thin box, at the right edge above the header block."""
    width = 3.2  # cm: the box is as wide as the word, the paragraph indented up to it
    p = d.para(d.doc, text, size=13, bold=True, align="center", after=4)
    p.paragraph_format.left_indent = d.Cm(max(d.text_width_cm - width, 0))
    borders = d.Ox("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        b = d.Ox(f"w:{side}")
        for key, value in (("w:val", "single"), ("w:sz", "8"), ("w:space", "1"), ("w:color", "auto")):
            b.set(d.qn(key), value)
        borders.append(b)
    p._p.get_or_add_pPr().insert_element_before(borders, "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc",
                                                "w:rPr", "w:sectPr")


def _item_xml(p_pr: str, item: dict) -> str:
    number = _run_xml(f"{item['number']}. ")
    text = _run_xml(_sentence(item["text"]) + " ")
    return f'<w:p>{p_pr}{number}{text}{_run_xml(item["suffix"], "<w:i/>")}{_run_xml(".")}</w:p>'


def _kinh_gui(d: _Docx, label: str, recipients: list[str]):
    v = d.v
    indent, hanging = v("kinh_gui", "indent_cm", 2.5), v("kinh_gui", "hanging_cm", 2.3)
    if len(recipients) <= 1:
        d.para(d.doc, f"{label} {recipients[0] if recipients else '...'}.", align="center", after=12)
        return
    for i, name in enumerate(recipients):
        end = "." if i == len(recipients) - 1 else ";"
        p = d.para(d.doc, left=indent + hanging, indent=-hanging if i == 0 else 0,
                   after=12 if i == len(recipients) - 1 else 0)
        p.paragraph_format.tab_stops.add_tab_stop(d.Cm(indent + hanging))
        d.run(p, (label + "\t" if i == 0 else "") + f"- {name.rstrip(';.')}{end}")


def _annex_docx(d: _Docx, ctx: dict):
    """The annex: every item, grouped by unit under a full-width heading row, numbered throughout."""
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.enum.text import WD_BREAK

    v, doc, words, cols, meta = d.v, d.doc, ctx["words"], ctx["columns"], ctx["meta"]
    size = v("font", "annex_size_pt", 11)
    width = d.text_width_cm
    if v("annex", "landscape", True):
        sec = doc.add_section(WD_SECTION.NEW_PAGE)
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = d.Cm(v("page", "height_cm", 29.7)), d.Cm(v("page", "width_cm", 21.0))
        sec.different_first_page_header_footer = False
        width = v("page", "height_cm", 29.7) - v("page", "margin_left_cm", 3.0) - v("page", "margin_right_cm", 2.0)
        d.para(doc, words["annex_title"], bold=True, align="center")
    else:
        p = d.para(doc, "", align="center")
        p.add_run().add_break(WD_BREAK.PAGE)
        d.run(p, words["annex_title"], bold=True)
    d.para(doc, words["annex_subject"], bold=True, align="center")
    d.para(doc, words["annex_note"], italic=True, align="center", after=10)
    widths = list(v("annex", "widths_cm", [1.3, 10.8, 4.8, 2.2, 5.6]))
    if len(widths) == 6:  # a docx_style.toml written when the annex had a unit column: give it to the text
        widths = [widths[0], widths[1] + widths[2], *widths[3:]]
    if len(widths) != 5:
        raise ConfigError(f"Tệp {DOCX_STYLE}, mục [annex]: 'widths_cm' cần 5 số (STT, nội dung, lĩnh vực, "
                          f"thẩm quyền, nguồn), đang có {len(widths)}.")
    header = [cols["stt"], cols["text"], cols["sector"], cols["authority"], cols["source"]]
    aligns = ["center", "left", "left", "center", "left"]
    show = meta["show_names"]
    if show:
        sw = v("annex", "speaker_width_cm", 3.5)
        widths = widths[:1] + [sw, max(widths[1] - sw, 2.0)] + widths[2:]
        header = header[:1] + [cols["speaker"]] + header[1:]
        aligns = aligns[:1] + ["left"] + aligns[1:]
    rows, unit, n_groups = [], None, 0
    counts: dict[str, int] = {}
    for r in ctx["annex"]:
        counts[r["unit"]] = counts.get(r["unit"], 0) + 1
    for r in ctx["annex"]:
        if r["unit"] != unit:
            unit, n_groups = r["unit"], n_groups + 1
            rows.append(_Group(_snippet_default(ctx["text"], "annex_unit", "{{ roman }}. {{ unit }} ({{ n }} ý kiến)",
                                                roman=roman_numeral(n_groups), unit=unit or "...", n=counts[unit])))
        # a zero-width space after "/" lets a long path break between folder and file name
        src = "\n".join(x for x in (r["source_file"].replace("/", "/\u200b"), r["source_ref"]) if x)
        text = _sentence(r["text"])  # as in the body: capital first letter, no bullet mark, one full stop
        row = [r["stt"], text + "." if text else "", r["sector_label"], r["authority_short"], src]
        if show:
            row = row[:1] + [r["speaker"]] + row[1:]
        rows.append(row)
    d.grid(header, rows, _fit(widths, width), size, aligns)


def roman_numeral(n: int) -> str:
    """4 → "IV"."""
    out = []
    for value, digits in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                          (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(digits)
            n -= value
    return "".join(out)


def _fit(widths: list[float], total: float) -> list[float]:
    s = sum(widths)
    return [w * total / s for w in widths] if s > total else widths


def _dash(n):
    return "-" if n is None else int(n)


def _sentence(text: str) -> str:
    """Body text of a consolidated item: no bullet mark from the minutes, capital first letter, no final
    full stop (it follows the units): "-đề nghị sửa đường." → "Đề nghị sửa đường"."""
    text = " ".join(str(text).split()).rstrip(" .;").lstrip("-+–•*· ")
    return text[:1].upper() + text[1:] if text else text


# --------------------------------------------------------------------------- report.html


def _wrap_label(label: str, width: int) -> list[str]:
    """A chart label on one line, or on two balanced lines split at a space (preferably after a
    comma) when longer than ``width`` characters; a line still too long ends in "…" (the full label
    is in the bar's tooltip)."""
    label = " ".join(label.split())
    if len(label) <= width:
        return [label]
    spaces = [i for i, c in enumerate(label) if c == " "]
    if not spaces:
        return [label[: width - 1] + "…"]
    best = min(spaces, key=lambda i: (max(i, len(label) - i - 1) + (0 if label[i - 1] == "," else 3), i))
    lines = [label[:best], label[best + 1:]]
    return [x if len(x) <= width else x[: width - 1].rstrip(" ,") + "…" for x in lines]


def _bar_chart(rows: list[tuple[str, int]], width: int = 900, label_w: int = 330, bar_h: int = 18,
               gap: int = 8, line_h: int = 14, chars_per_line: int = 50) -> dict:
    """Geometry of a horizontal bar chart, drawn as inline SVG by the template. Long labels wrap
    onto two lines (the row grows) instead of running under the bars."""
    top = max((v for _, v in rows), default=0) or 1
    span = width - label_w - 60
    bars, y = [], 0
    for label, value in rows:
        lines = _wrap_label(label, chars_per_line)
        row_h = max(bar_h, line_h * len(lines) + 4)
        first_line = y + row_h / 2 - line_h * (len(lines) - 1) / 2 + 4
        bars.append({
            "label": " ".join(lines), "lines": lines, "full": label, "value": int(value), "y": y,
            "bar_y": round(y + (row_h - bar_h) / 2, 1), "text_y": round(first_line, 1),
            "value_y": round(y + row_h / 2 + 4, 1), "w": round(span * value / top, 1), "x": label_w,
        })
        y += row_h + gap
    return {"width": width, "height": max(y - gap, bar_h), "bar_h": bar_h, "label_w": label_w, "line_h": line_h,
            "bars": bars}


def _html_chunks(ctx: dict, tpl: Templates):
    """The pieces of report.html, in order, as the template produces them."""
    f = ctx["f"]
    charts = {
        "sector": _bar_chart([(s["label"], s["n_items"]) for s in f["by_sector"]]),
        "unit": _bar_chart([(u["unit"], u["n_items"]) for u in f["by_unit"]]),
    }
    try:
        template = tpl.env.get_template(HTML_TEMPLATE)
        data_only = ("df", "records", "cons", "cons_rows", "cfg")
        yield from template.generate(**{k: v for k, v in ctx.items() if k not in data_only}, charts=charts)
    except jinja2.TemplateNotFound:
        raise ConfigError(f"Không tìm thấy mẫu {HTML_TEMPLATE} trong {tpl.folder}.") from None
    except jinja2.TemplateError as exc:
        raise ConfigError(f"Mẫu {HTML_TEMPLATE} không hợp lệ: {exc}") from None


def render_html(ctx: dict, tpl: Templates) -> str:
    return "".join(_html_chunks(ctx, tpl))


HTML_PIECE = 1 << 20  # characters written at once by write_html


def write_html(ctx: dict, tpl: Templates, path: Path) -> None:
    """Stream report.html into ``path`` (the same bytes as ``render_html``, UTF-8).

    The page lists every item, so a large round's page is hundreds of MB as a
    Python string; written in pieces of about 1 MB it never is in memory whole.
    """
    with open(path, "w", encoding="utf-8", newline="") as fh:
        parts: list[str] = []
        size = 0
        for chunk in _html_chunks(ctx, tpl):
            parts.append(chunk)
            size += len(chunk)
            if size >= HTML_PIECE:
                fh.write("".join(parts))
                parts.clear()
                size = 0
        fh.write("".join(parts))


# --------------------------------------------------------------------------- report.xlsx

SHEET_ITEMS = "Tất cả kiến nghị"
SHEET_SECTORS = "Theo lĩnh vực"
SHEET_UNITS = "Theo đơn vị"
SHEET_CLUSTERS = "Kiến nghị tổng hợp"
SHEET_MEETINGS = "Hội nghị"


def _xlsx_styles(wb) -> None:
    """Named cell styles of the workbook (one lookup per cell instead of several style objects)."""
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

    thin = Side(style="thin", color="A6A6A6")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    aligns = {
        "text": Alignment(vertical="top"),
        "wrap": Alignment(vertical="top", wrap_text=True),
        "int": Alignment(horizontal="right", vertical="top"),
        "num": Alignment(horizontal="right", vertical="top"),
        "center": Alignment(horizontal="center", vertical="top"),
    }
    head = NamedStyle("cutri_head", font=Font(bold=True), fill=PatternFill("solid", fgColor="D9E2F3"), border=border,
                      alignment=Alignment(horizontal="center", vertical="center", wrap_text=True))
    wb.add_named_style(head)
    for kind, align in aligns.items():
        fmt = "0.00" if kind == "num" else "General"
        wb.add_named_style(NamedStyle(f"cutri_{kind}", alignment=align, border=border, number_format=fmt))
        wb.add_named_style(NamedStyle(f"cutri_{kind}_total", alignment=align, border=border, number_format=fmt,
                                      font=Font(bold=True)))


HEADER_ROW_HEIGHT = 32


LINE_HEIGHT = 15  # points: one line of the default 11 pt font
MAX_ROW_LINES = 27  # Excel's row height limit is 409 pt


def _wrapped_lines(values: list, styles: list[str], widths: list[float]) -> int:
    """Lines the tallest wrapped cell of a row needs: a column of width w holds about w - 1
    characters of Vietnamese text a line (word wrapping loses a little more, hence 0.9)."""
    most = 1
    for value, style, width in zip(values, styles, widths):
        if type(value) is str and style.startswith("cutri_wrap") and len(value) > width * 0.9 - 1:
            per_line = max(width * 0.9 - 1, 1)
            n = sum(max(1, -(-len(part) // int(per_line))) for part in value.split("\n"))
            most = max(most, n)
    return min(most, MAX_ROW_LINES)


class _XlsxCells:
    """The cells of report.xlsx, written as worksheet XML exactly as openpyxl writes them.

    openpyxl's per-cell objects (creation, named-style assignment, one lxml element per cell when
    saving) cost ~90 µs a cell, ~35 s for a 20,000-item round. Here each row is one formatted string;
    openpyxl still writes everything else (styles, column widths, panes, filters, print settings,
    workbook parts) from sheets left without cells, and ``fill`` replaces their empty
    <sheetData> when the package is rewritten. Style ids are registered in the workbook in the order
    openpyxl's writer would meet them, so styles.xml is unchanged too."""

    def __init__(self, wb):
        self.wb = wb
        self._style_ids: dict[str, int] = {}
        self.sheets: dict = {}  # worksheet → (dimension ref, sheetData bytes)

    def style_id(self, ws, name: str) -> int:
        sid = self._style_ids.get(name)
        if sid is None:
            from openpyxl.cell.cell import Cell

            probe = Cell(ws)  # not placed in the sheet: only resolves the named style to a cellXfs index
            probe.style = name
            sid = self._style_ids[name] = probe.style_id
        return sid

    def add_sheet(self, ws, rows: list[tuple[list, list[str]]], n_cols: int, widths: list[float] | None = None) -> None:
        """``rows``: (values, style name of each value), the header row first. With the column
        ``widths``, a row whose wrapped text needs several lines gets that height: Excel and
        LibreOffice do not size rows on opening, so the lines would otherwise overlap."""
        from openpyxl.utils import get_column_letter

        letters = [get_column_letter(c) for c in range(1, n_cols + 1)]
        out = ["<sheetData>"]
        pieces: list[bytes] = []  # every XML_PIECE_STRINGS strings: a large sheet's XML is never one string
        style_ids: dict[int, tuple[list, list[int]]] = {}
        for r, (values, styles) in enumerate(rows, start=1):
            if len(out) > XML_PIECE_STRINGS:
                pieces.append("".join(out).encode("ascii", "xmlcharrefreplace"))
                out.clear()
            # resolved when first met, in column order: the order in which openpyxl registers them
            known = style_ids.get(id(styles))
            if known is None or known[0] is not styles:
                known = style_ids[id(styles)] = (styles, [self.style_id(ws, name) for name in styles])
            lines = _wrapped_lines(values, styles, widths) if widths and r > 1 else 1
            out.append(f'<row r="{r}" ht="{HEADER_ROW_HEIGHT}" customHeight="1">' if r == 1 else
                       f'<row r="{r}" ht="{lines * LINE_HEIGHT:g}" customHeight="1">' if lines > 1 else f'<row r="{r}">')
            for letter, value, sid in zip(letters, values, known[1]):
                kind = type(value)
                if kind is str:
                    out.append(_xlsx_str_cell(f"{letter}{r}", sid, value))
                elif kind is int:  # as openpyxl's safe_string formats numbers
                    out.append(f'<c r="{letter}{r}" s="{sid}" t="n"><v>{"%.16g" % value}</v></c>')
                elif value is None:
                    out.append(f'<c r="{letter}{r}" s="{sid}" t="n"></c>')
                else:
                    out.append(_cell_xml(f"{letter}{r}", sid, value))
            out.append("</row>")
        out.append("</sheetData>")
        # openpyxl writes its xml as ASCII: every other character as a numeric reference
        pieces.append("".join(out).encode("ascii", "xmlcharrefreplace"))
        self.sheets[ws] = (f"A1:{letters[-1]}{len(rows)}", pieces)

    def fill(self, ws, xml: bytes) -> list[bytes]:
        """The worksheet part written by openpyxl, with its cells put in (as pieces)."""
        ref, data = self.sheets[ws]
        xml, n_dim = re.subn(rb'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>'.encode(), xml, count=1)
        head, sep, tail = xml.partition(b"<sheetData></sheetData>")
        if n_dim != 1 or not sep:
            raise RuntimeError(f"report.xlsx: unexpected worksheet xml from openpyxl in {ws.path}")
        return [head, *data, tail]


def _cell_xml(ref: str, style_id: int, value) -> str:
    """One <c> element as openpyxl writes it; every string stays a string (formula injection guard)."""
    from openpyxl.compat import NUMERIC_TYPES, safe_string

    if value is None or (isinstance(value, float) and value != value):
        return f'<c r="{ref}" s="{style_id}" t="n"></c>'
    if isinstance(value, bool):
        value = "Có" if value else ""
    if isinstance(value, NUMERIC_TYPES):
        return f'<c r="{ref}" s="{style_id}" t="n"><v>{safe_string(value)}</v></c>'
    return _xlsx_str_cell(ref, style_id, str(value))


# openpyxl's ILLEGAL_CHARACTERS_RE, plus what XML 1.0 forbids (on which openpyxl would fail)
_XLSX_DROP = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xlsx_str_cell(ref: str, style_id: int, value: str) -> str:
    if not value.isprintable():  # cheap test first: every character above is non-printable
        value = _XLSX_DROP.sub("", value)
    if len(value) > 32767:
        value = value[:32767]  # Excel's limit, as openpyxl cuts it
    if not value:
        return f'<c r="{ref}" s="{style_id}" t="inlineStr"></c>'
    space = ' xml:space="preserve"' if value != value.strip() else ""
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if "\r" in value:
        value = value.replace("\r", "&#13;")
    return f'<c r="{ref}" s="{style_id}" t="inlineStr"><is><t{space}>{value}</t></is></c>'


def _xlsx_sheet(wb, cells: _XlsxCells, title: str, columns: list[tuple[str, float, str]], rows: list[list],
                total: list | None = None):
    """One styled sheet. ``columns``: (header, width, kind) with kind text|wrap|int|num|center."""
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    for c, (_, width, _) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    styles = [f"cutri_{kind}" for _, _, kind in columns]
    all_rows = [([header for header, _, _ in columns], ["cutri_head"] * len(columns))]
    all_rows += [(values, styles) for values in rows]
    if total:
        all_rows.append((total, [style + "_total" for style in styles]))
    cells.add_sheet(ws, all_rows, len(columns), [width for _, width, _ in columns])
    ws.freeze_panes = "A2"
    last = get_column_letter(len(columns))
    ws.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
    # printing: A4 landscape, all columns on the width of the page, the header row on every page
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    return ws


def render_xlsx(ctx: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    df, cons, f, meta, cols = ctx["df"], ctx["cons"], ctx["f"], ctx["meta"], ctx["columns"]
    auth_label = S.AUTHORITY_LABELS
    label_of = {s["sector"]: s["label"] for s in f["by_sector"]}
    ref_of = {}
    for row in ctx["cons_rows"]:
        for iid in row["item_ids"]:
            ref_of[iid] = row["ref"]

    wb = Workbook()
    wb.remove(wb.active)
    _xlsx_styles(wb)
    cells = _XlsxCells(wb)

    # all items: report items by unit (STT as in the annex), then those that are not recommendations
    columns = [("STT", 6, "int"), ("Mã ý kiến", 14, "text"), ("Đơn vị", 18, "wrap"), ("Tệp nguồn", 24, "wrap"),
               ("Vị trí", 12, "text")]
    if meta["show_names"]:
        columns.append(("Cử tri", 22, "wrap"))
    # no model internals (confidence, review flag) in the annex a delegation reads: they stay in
    # recommendations.csv and review.xlsx
    columns += [("Nội dung ý kiến, kiến nghị", 70, "wrap"), ("Lĩnh vực", 30, "wrap"), ("Thẩm quyền", 20, "wrap"),
                ("Trả lời tại hội nghị", 10, "center"), ("Mã kiến nghị tổng hợp", 15, "text"),
                ("Mục trong báo cáo", 10, "text"), ("Ghi chú", 20, "wrap")]
    records = ctx["records"]
    rows = []
    for stt, m in [*enumerate(_by_unit([r for r in records if r["_active"]]), start=1),
                   *((None, r) for r in records if not r["_active"])]:
        row = [stt, m["_item_id"], m["_unit"], _str(m.get(S.SOURCE_FILE)), _str(m.get(S.SOURCE_REF))]
        if meta["show_names"]:
            row.append(_str(m.get(S.SPEAKER)))
        row += [m["_text"], label_of.get(m["_sector"]) or _sector_label(ctx["cfg"], m["_sector"]),
                auth_label.get(m["_authority"], m["_authority"]),
                bool(m["_answered"]), m["_cluster"] if stt else "",
                ref_of.get(m["_item_id"], ""), "" if stt else NOT_RECOMMENDATION_NOTE]
        rows.append(row)
    _xlsx_sheet(wb, cells, SHEET_ITEMS, columns, rows)

    rows = [[i, s["sector"], s["label"], s["n_items"], s["n_consolidated"], s["n_central"], s["n_local"]]
            for i, s in enumerate(f["by_sector"], start=1)]
    total = [None, "", cols.get("total", "Tổng cộng"), f["n_items"], f["n_consolidated"], f["n_central"], f["n_local"]]
    _xlsx_sheet(wb, cells, SHEET_SECTORS, [("STT", 6, "int"), ("Mã lĩnh vực", 20, "text"), ("Lĩnh vực", 50, "wrap"),
                                    ("Số ý kiến", 11, "int"), ("Số kiến nghị sau tổng hợp", 14, "int"),
                                    ("Thẩm quyền Trung ương", 13, "int"), ("Thẩm quyền địa phương", 13, "int")],
                rows, total)

    rows = [[i, u["unit"], u["n_meetings"], u["voters_attending"], u["speaking_turns"], u["n_items"], u["n_answered"]]
            for i, u in enumerate(f["by_unit"], start=1)]
    total = [None, cols.get("total", "Tổng cộng"), f["n_meetings"], f["voters_attending"], f["speaking_turns"],
             f["n_items"], f["n_answered"]]
    _xlsx_sheet(wb, cells, SHEET_UNITS, [("STT", 6, "int"), ("Đơn vị", 28, "wrap"), ("Số hội nghị", 11, "int"),
                                  ("Cử tri tham dự", 12, "int"), ("Lượt phát biểu", 12, "int"),
                                  ("Số ý kiến", 11, "int"), ("Trả lời tại hội nghị", 12, "int")], rows, total)

    rows = [[r["ref"], r["cluster_id"], _sentence(r["text"]), "; ".join(r["units"]), r["n_items"], r["n_units"],
             r["sector_label"], auth_label.get(r["authority"], r["authority"]), "; ".join(r["item_ids"])]
            for r in ctx["cons_rows"]]
    _xlsx_sheet(wb, cells, SHEET_CLUSTERS, [("Mục trong báo cáo", 10, "text"), ("Mã kiến nghị tổng hợp", 15, "text"),
                                     ("Nội dung kiến nghị", 70, "wrap"), ("Đơn vị", 30, "wrap"),
                                     ("Số ý kiến", 9, "int"), ("Số đơn vị", 9, "int"), ("Lĩnh vực", 30, "wrap"),
                                     ("Thẩm quyền", 20, "wrap"), ("Mã các ý kiến", 30, "wrap")], rows)

    rows = [[m["meeting_id"], m["unit"], m["source_file"], m["date"], m["place"], m["voters_attending"],
             m["speaking_turns"], m["n_items"]] for m in ctx["meetings"]]
    _xlsx_sheet(wb, cells, SHEET_MEETINGS, [("Mã hội nghị", 14, "text"), ("Đơn vị", 24, "wrap"), ("Tệp nguồn", 30, "wrap"),
                                     ("Ngày", 11, "text"), ("Địa điểm", 30, "wrap"), ("Cử tri tham dự", 12, "int"),
                                     ("Lượt phát biểu", 12, "int"), ("Số ý kiến", 10, "int")], rows)

    stamp = _fixed_datetime(meta["date"])
    props = wb.properties
    props.creator, props.lastModifiedBy, props.title = meta["issuer"], "cutri", meta["subject"]
    props.created = props.modified = stamp
    buf = _bytes_io.BytesIO()
    # ExcelWriter directly: openpyxl's save_workbook would stamp "modified" with the current time.
    # Stored, not deflated: normalize_zip compresses every entry once.
    ExcelWriter(wb, zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED, allowZip64=True)).save()
    return normalize_zip(buf.getvalue(), edit={
        ws.path.lstrip("/"): functools.partial(cells.fill, ws) for ws in cells.sheets})


# --------------------------------------------------------------------------- entry point


def render_reports(
    items: pd.DataFrame,
    clusters: pd.DataFrame,
    meetings: pd.DataFrame,
    cfg: Config,
    out_dir: Path,
    generated_at: str,
    corrections_count: int = 0,
    jobs: int = 1,
    register: dict | None = None,
) -> list[Path]:
    """Write report.docx, report.html and report.xlsx into ``out_dir``; return their paths.

    ``register``: ``pipeline.register.report_context`` of the round (summary sentence, items
    raised in several rounds, each item's history), or None without a register.

    With ``jobs`` > 1 report.docx and report.xlsx are rendered by two more processes meanwhile.

    Each file is written to a temporary file beside it (``io.atomic_path``; report.html
    streamed, never whole in memory) and the three are renamed into place only after all
    of them rendered: a failed render leaves the previous reports intact, none replaced.
    """
    out_dir = Path(out_dir)
    io.ensure_writable_dir(out_dir)
    tpl = load_templates(cfg)
    ctx = build_context(items, clusters, meetings, cfg, generated_at, corrections_count, tpl)
    ctx["register"] = {}
    if register:  # the register's sentence closes the summary; the html shows the histories
        ctx["words"]["summary"] = (ctx["words"]["summary"] + " " + register["summary"]).strip()
        ctx["register"] = dict(register, refs=dict(zip(ctx["cons"]["cluster_id"], ctx["cons"]["ref"])))
    from contextlib import ExitStack

    from .parallel import Background, heap_frozen

    paths = [out_dir / name for name in OUTPUT_NAMES]
    # the context is frozen for the collector: its passes while the html is generated would
    # otherwise walk every one of its objects again and again (half of the html's time at
    # 200,000 items), and the processes forked for docx and xlsx keep its pages shared
    with heap_frozen(), ExitStack() as renamed_at_exit:  # each file is renamed into place only if all three render
        tmp = {p.name: renamed_at_exit.enter_context(io.atomic_path(p)) for p in paths}
        with Background(jobs, render_docx, ctx) as docx, Background(jobs, render_xlsx, ctx) as annex:
            write_html(ctx, tpl, tmp["report.html"])
            tmp["report.docx"].write_bytes(docx.result())
            tmp["report.xlsx"].write_bytes(annex.result())
    return paths
