"""Plain text minutes and the narrative reading shared with Word."""

from __future__ import annotations

from pathlib import Path

from ..config import Config
from ..errors import FileReject
from ..normalize import decode_bytes
from .out import _Out
from .segment import segment_minutes
from .table import detect_header, parse_table


def place_table(lines: list[str], refs: list[str], tables: list, header_grid, data_grid, merges, n_tab: int) -> None:
    """One Word or OpenDocument table in reading order: with a recognizable header it is read
    like a sheet after the lines read so far (``tables``); otherwise each non-empty cell is a
    narrative line ("bảng N, hàng R, ô C"). ``data_grid`` holds None for a merged cell."""
    if detect_header(header_grid) is not None:
        tables.append((len(lines) - 0.5, data_grid, merges, n_tab))
        return
    for r, drow in enumerate(data_grid):
        for c, value in enumerate(drow):
            if value and value.strip():
                lines.append(value)
                refs.append(f"bảng {n_tab}, hàng {r + 1}, ô {c + 1}")

def _narrative(out: _Out, lines: list[str], refs: list[str], default_unit: str, tables=()) -> None:
    """Segment ``lines`` and add records, skipped text and one meeting to ``out``."""
    seg = segment_minutes(lines, refs)
    unit = seg.facts.unit or default_unit
    mid = out.meeting(unit, seg.facts)
    for k, it in enumerate(seg.items):
        units = it.units or (unit,)
        for j, u in enumerate(units):  # an item attributed to several units: one row per unit
            # a count written once for several units stays a total: the first row carries the rest
            n = max(1, it.n_opinions - (len(units) - 1)) if j == 0 else 1
            out.record((it.line, 1, k, j), u, it.ref, it.speaker, it.text, it.answered,
                       mid if u == unit else out.meeting(u, None), sector_hint=it.sector_hint,
                       answer_text=it.answer_text, n_opinions=n)
    for sk in seg.skipped:
        out.skip(sk.ref, sk.reason, sk.text)
    for pos, t_grid, t_merges, t_no in tables:
        # Word tables with a recognizable header are read like a sheet
        parse_table(
            t_grid, t_merges, out=out, part="", unit=unit,
            ref=lambda r, n=t_no: f"bảng {n}, hàng {r + 1}", key=lambda r, p=pos: (p, 0, r),
        )
    if not out.records:
        out.reject("", "Không tìm thấy ý kiến, kiến nghị nào của cử tri trong biên bản")


def _read_txt(path: Path, out: _Out, cfg: Config, default_unit: str) -> None:
    data = path.read_bytes()
    if not data.strip():
        raise FileReject("tệp rỗng")
    try:
        text, enc = decode_bytes(data, out.notes)  # NUL bytes removed, stray bytes: noted per file
    except ValueError:
        raise FileReject("tệp không phải văn bản (có thể là tệp nhị phân)") from None
    out.encoding = None if enc in ("utf-8", "utf-8-sig") else enc
    lines = text.splitlines()
    _narrative(out, lines, [f"dòng {i + 1}" for i in range(len(lines))], default_unit)
