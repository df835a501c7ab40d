"""report.html: the jinja2 page, streamed to its file in pieces.

The page stays one a browser opens on any round: it lists every consolidated item up to
``HTML_MAX_ITEMS`` (the most-raised items of every sector first, as the report orders them),
each with at most ``HTML_MAX_SOURCES`` source rows and ``HTML_MAX_SOURCE_ROWS`` in all, and
at most ``HTML_MAX_ANNEX_ROWS`` rows of the annex and of the excluded list. What is left out
is counted on the page where it would be, pointing to report.docx / report.xlsx, which always
hold everything; every figure and table of counts is the whole round's. A round below the
bounds (about 2,000 items and more) is printed whole, byte for byte as before.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from ..errors import ConfigError
from .base import HTML_TEMPLATE, Templates

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


HTML_MAX_ITEMS = 5_000  # consolidated items listed in the body
HTML_MAX_SOURCES = 20  # source rows under one item
HTML_MAX_SOURCE_ROWS = 20_000  # source rows under all items together
HTML_MAX_ANNEX_ROWS = 5_000  # rows of the annex; as many again of the excluded list


def _items_per_sector(sectors: list[list[dict]]) -> int:
    """The largest k such that listing the first k items of every sector stays within
    HTML_MAX_ITEMS items and HTML_MAX_SOURCE_ROWS source rows (at least 1)."""
    longest = max((len(s) for s in sectors), default=0)
    n_items = n_rows = 0
    for k in range(longest):
        step = [s[k] for s in sectors if k < len(s)]
        n_items += len(step)
        n_rows += sum(min(len(it["sources"]), HTML_MAX_SOURCES) for it in step)
        if k and (n_items > HTML_MAX_ITEMS or n_rows > HTML_MAX_SOURCE_ROWS):
            return k
    return max(longest, 1)


def html_view(ctx: dict) -> dict:
    """The sections, annex and excluded list as report.html prints them, within the bounds
    above; each cut is counted (``more`` of a sector, ``more_sources`` of an item) and
    ``listed`` / ``cut`` sum up the page. Below the bounds the lists are ctx's own."""
    sectors = [sec["items"] for part in ctx["sections"] for sec in part["sectors"]]
    k = _items_per_sector(sectors)
    sections, listed = [], 0
    for part in ctx["sections"]:
        secs = []
        for sec in part["sectors"]:
            items = sec["items"]
            shown = []
            for it in items[:k]:
                src = it["sources"]
                shown.append(dict(it, sources=src[:HTML_MAX_SOURCES], more_sources=max(len(src) - HTML_MAX_SOURCES, 0)))
            listed += len(shown)
            more = len(items) - len(shown)
            secs.append(dict(sec, items=shown, more=more, more_from=items[k]["ref"] if more else "",
                             more_to=items[-1]["ref"] if more else ""))
        sections.append(dict(part, sectors=secs))
    annex, excluded = ctx["annex"], ctx["excluded"]
    n_items = sum(len(s) for s in sectors)
    return {
        "sections": sections, "annex": annex[:HTML_MAX_ANNEX_ROWS], "excluded": excluded[:HTML_MAX_ANNEX_ROWS],
        "listed": listed, "bound_sources": HTML_MAX_SOURCES, "bound_annex": HTML_MAX_ANNEX_ROWS,
        "annex_more": max(len(annex) - HTML_MAX_ANNEX_ROWS, 0),
        "excluded_more": max(len(excluded) - HTML_MAX_ANNEX_ROWS, 0),
        "cut": listed < n_items or len(annex) > HTML_MAX_ANNEX_ROWS or len(excluded) > HTML_MAX_ANNEX_ROWS
        or any(it["more_sources"] for part in sections for sec in part["sectors"] for it in sec["items"]),
    }


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
        view = html_view(ctx)
        page = {k: v for k, v in ctx.items() if k not in data_only}
        page.update(sections=view["sections"], annex=view["annex"], excluded=view["excluded"])
        yield from template.generate(**page, charts=charts, view=view)
    except jinja2.TemplateNotFound:
        raise ConfigError(f"Không tìm thấy mẫu {HTML_TEMPLATE} trong {tpl.folder}.") from None
    except jinja2.TemplateError as exc:
        raise ConfigError(f"Mẫu {HTML_TEMPLATE} không hợp lệ: {exc}") from None


def render_html(ctx: dict, tpl: Templates) -> str:
    return "".join(_html_chunks(ctx, tpl))


HTML_PIECE = 1 << 20  # characters written at once by write_html


def write_html(ctx: dict, tpl: Templates, path: Path) -> None:
    """Stream report.html into ``path`` (the same bytes as ``render_html``, UTF-8).

    Written in pieces of about 1 MB, the page is never in memory whole.
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
