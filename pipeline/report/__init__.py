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

Package layout: ``base`` (templates, wording snippets, zip stamping), ``text`` (sort keys,
dates, roman numerals), ``figures`` (prepared items, consolidated items, figures), ``context``
(the report context), ``docx`` / ``docx_writer``, ``html``, ``xlsx``; this module wires them.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import io
from ..config import Config
from .base import (DOCX_STYLE, HTML_TEMPLATE, NOT_RECOMMENDATION_NOTE, OUTPUT_NAMES, TEMPLATES_DIR, TEXT_FILE,
                   XML_PIECE_STRINGS, ZIP_EPOCH, Templates, _Environment, _snippet, _snippet_default, fmt_int,
                   load_templates, normalize_zip, templates_folder)
from .context import (ReportContext, _meta, add_body, build_context, recurring_rows, report_date, tables_context,
                      with_register)
from .docx import render_docx
from .figures import consolidated_items, report_figures
from .html import HTML_PIECE, _bar_chart, render_html, write_html
from .text import nd30_date, roman_numeral, search_key, unit_phrase, vi_sort_key, vi_sorted
from .xlsx import SHEET_CLUSTERS, SHEET_ITEMS, SHEET_MEETINGS, SHEET_RECURRING, SHEET_SECTORS, SHEET_UNITS, render_xlsx

__all__ = [
    "DOCX_STYLE", "HTML_PIECE", "HTML_TEMPLATE", "NOT_RECOMMENDATION_NOTE", "OUTPUT_NAMES", "SHEET_CLUSTERS",
    "SHEET_ITEMS", "SHEET_MEETINGS", "SHEET_RECURRING", "SHEET_SECTORS", "SHEET_UNITS", "TEMPLATES_DIR", "TEXT_FILE",
    "XML_PIECE_STRINGS", "ZIP_EPOCH", "ReportContext", "Templates", "add_body", "build_context", "consolidated_items", "fmt_int",
    "load_templates", "nd30_date", "normalize_zip", "render_docx", "render_html", "render_reports", "render_xlsx",
    "recurring_rows", "report_date", "report_figures", "roman_numeral", "search_key", "tables_context", "templates_folder", "unit_phrase",
    "vi_sort_key", "vi_sorted", "with_register", "write_html",
]


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
    # report.xlsx needs only the tables' part of the context: its process starts while the body
    # of report.docx and report.html is built (it is the longest of the three on large rounds)
    ctx = with_register(tables_context(items, clusters, meetings, cfg, generated_at, corrections_count, tpl), register)
    from contextlib import ExitStack

    from ..parallel import Background, heap_frozen

    paths = [out_dir / name for name in OUTPUT_NAMES]
    # the context is frozen for the collector: its passes while the html is generated would
    # otherwise walk every one of its objects again and again (half of the html's time at
    # 200,000 items), and the processes forked for docx and xlsx keep its pages shared
    with heap_frozen(), ExitStack() as renamed_at_exit:  # each file is renamed into place only if all three render
        tmp = {p.name: renamed_at_exit.enter_context(io.atomic_path(p)) for p in paths}
        with Background(jobs, render_xlsx, ctx) as annex:
            with heap_frozen():  # the body too, before docx's process forks
                add_body(ctx)
                with Background(jobs, render_docx, ctx) as docx:
                    write_html(ctx, tpl, tmp["report.html"])
                    tmp["report.docx"].write_bytes(docx.result())
            tmp["report.xlsx"].write_bytes(annex.result())
    return paths
