"""report.html: the jinja2 page, streamed to its file in pieces."""

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
