"""The answers lexicon (pipeline/data/answers.toml): folding, markers, status cues."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError
from ..normalize import fold  # noqa: F401  (the answers modules import it from here)
from ..io import read_toml

DEFAULT_RULES = Path(__file__).resolve().parent.parent / "data" / "answers.toml"
STATUSES = ("da_giai_quyet", "dang_giai_quyet", "da_giai_trinh", "chua_tra_loi")
STATUS_LABELS = {"da_giai_quyet": "Đã giải quyết xong", "dang_giai_quyet": "Đang giải quyết",
                 "da_giai_trinh": "Đã giải trình, thông tin với cử tri", "chua_tra_loi": "Chưa trả lời"}


@dataclass(frozen=True)
class Rules:
    answer_markers: tuple[re.Pattern, ...]
    content_headers: tuple[str, ...]
    agency_headers: tuple[str, ...]
    result_headers: tuple[str, ...]
    status_headers: tuple[str, ...]
    narrative_openers: tuple[str, ...]
    agency_prefixes: tuple[str, ...]
    status_column: tuple[tuple[str, str], ...]
    status_order: tuple[str, ...]
    status_cues: dict
    link: dict


@functools.lru_cache(maxsize=8)
def load_rules(path: str | None = None) -> Rules:
    p = Path(path) if path else DEFAULT_RULES
    try:
        data = read_toml(p, "tệp quy tắc trả lời kiến nghị")
        r, s = data["read"], data["status"]
        cues = {k: tuple((re.compile(pat), float(w)) for pat, w in v) for k, v in s["cues"].items()}
        bad = [k for k in cues if k not in STATUSES]
        if bad:
            raise ValueError(f"tình trạng không biết: {', '.join(bad)}")
        return Rules(
            answer_markers=tuple(re.compile(m) for m in r["answer_markers"]),
            content_headers=tuple(r["content_headers"]), agency_headers=tuple(r["agency_headers"]),
            result_headers=tuple(r["result_headers"]), status_headers=tuple(r["status_headers"]),
            narrative_openers=tuple(r["narrative_openers"]), agency_prefixes=tuple(r["agency_prefixes"]),
            status_column=tuple((a, b) for a, b in s["column"]), status_order=tuple(s["order"]),
            status_cues=cues, link=dict(data["link"]))
    except (KeyError, ValueError, re.error) as exc:
        raise ConfigError(f"Tệp quy tắc trả lời kiến nghị {p} không dùng được: {exc}") from exc


def workbook_bytes(wb) -> bytes:
    """The bytes of an openpyxl workbook with fixed timestamps (same input, same bytes)."""
    import datetime as dt
    import io
    import zipfile

    from openpyxl.writer.excel import ExcelWriter

    from ..report import normalize_zip

    wb.properties.creator = wb.properties.lastModifiedBy = "cutri"
    wb.properties.created = wb.properties.modified = dt.datetime(2000, 1, 1)
    buf = io.BytesIO()
    # ExcelWriter directly: openpyxl's save_workbook would stamp "modified" with the current time
    ExcelWriter(wb, zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED, allowZip64=True)).save()
    return normalize_zip(buf.getvalue())
