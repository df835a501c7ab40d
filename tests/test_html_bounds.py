"""report.html stays one a browser opens on any round (issue 23, proportionate outputs): the body,
its source rows and the annex are bounded, every cut is counted on the page, the figures are the
whole round's and agree with report.docx / report.xlsx, and a round below the bounds is whole."""

from __future__ import annotations

import re
import sys

import pytest

from pipeline import report
from pipeline.config import Config
from pipeline.report import html as H

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import html_benchmark  # noqa: E402
from report_helpers import parse_html  # noqa: E402
from test_report_outputs import _docx_counts, _html_counts, _xlsx_counts  # noqa: E402

CFG = Config().replace(report={"date": "2026-01-15", "province": "Tuyên Quang"})


def _render(tmp_path, n_items):
    items, clusters, meetings = html_benchmark.make_round(n_items)
    report.render_reports(items, clusters, meetings, CFG, tmp_path, "2026-01-15")
    return items, tmp_path / "report.html"


@pytest.fixture()
def small_bounds(monkeypatch):
    monkeypatch.setattr(H, "HTML_MAX_ITEMS", 40)
    monkeypatch.setattr(H, "HTML_MAX_SOURCES", 2)
    monkeypatch.setattr(H, "HTML_MAX_SOURCE_ROWS", 60)
    monkeypatch.setattr(H, "HTML_MAX_ANNEX_ROWS", 50)


def test_a_round_past_the_bounds_lists_part_and_counts_the_rest(tmp_path, small_bounds):
    items, path = _render(tmp_path, 400)
    page = path.read_text(encoding="utf-8")
    parsed = parse_html(path)
    docx, html, xlsx = _docx_counts(tmp_path / "report.docx"), _html_counts(path), _xlsx_counts(tmp_path / "report.xlsx")
    # every figure and count table is the whole round's, as in report.docx and report.xlsx
    for key in ("n_items", "n_consolidated", "n_central", "n_local", "n_meetings", "unit_items", "by_sector", "by_unit"):
        assert html[key] == docx[key] == xlsx[key], key
    assert html["n_items"] == len(items)
    # the body lists at most the bound, and counts what it leaves out sector by sector
    assert 0 < parsed.items <= 40 + len(html["by_sector"])
    more = [int(m) for m in re.findall(r'<p class="note more" data-more="(\d+)"', page)]
    assert more and parsed.items + sum(more) == html["n_consolidated"]
    assert 'id="page-bound"' in page and "report.docx và report.xlsx" in page
    assert f'<span id="shown">{parsed.items}/{parsed.items} kiến nghị</span>' in page
    # source rows: at most 2 under an item, the rest counted in a row pointing to report.xlsx
    for block in re.findall(r'<details class="item".*?</details>', page, re.S):
        assert block.count('<tr class="source"') <= 2
    assert page.count('<tr class="source"') <= 60
    assert "ý kiến gốc khác: xem report.xlsx" in page
    # the annex: 50 rows and a row with the number left out
    assert page.count('<tr class="annex-row"') == 50
    left = re.search(r"… và ([\d.]+) ý kiến khác: xem report.docx \(phụ lục\)", page)
    assert left and int(left.group(1).replace(".", "")) == len(items) - 50
    # the same input gives the same page
    again = tmp_path / "again"
    again.mkdir()
    _render(again, 400)
    assert (again / "report.html").read_bytes() == path.read_bytes()


def test_a_round_below_the_bounds_is_listed_whole(tmp_path):
    items, path = _render(tmp_path, 300)
    page = path.read_text(encoding="utf-8")
    html = _html_counts(path)
    assert html["body_items"] == html["n_consolidated"] and html["annex_items"] == len(items)
    assert html["body_opinions"] == len(items)
    assert 'id="page-bound"' not in page and "class=\"more\"" not in page and 'class="note more"' not in page


@pytest.mark.slow
def test_a_20000_item_round_gives_a_page_a_browser_opens(tmp_path):
    items, path = _render(tmp_path, 20_000)
    assert path.stat().st_size < 25_000_000
    html = _html_counts(path)
    assert html["n_items"] == len(items) and html["annex_items"] == H.HTML_MAX_ANNEX_ROWS
    assert html["body_items"] <= H.HTML_MAX_ITEMS + len(html["by_sector"])
