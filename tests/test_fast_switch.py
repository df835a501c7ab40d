"""CUTRI_FAST=0 runs the plain library calls: the sample round's outputs are the same bytes.

Each speed-up in ``pipeline/fast/`` promises the plain call's result. This runs the
bundled sample round twice, each with its own empty token cache (so the plain path
really tokenizes with ``word_tokenize``), and compares every output file.
"""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from cli import app
from pipeline import vi_text
from pipeline.fast import csv_format

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "raw" / "sample"


def _run(out: Path, cache: Path, fast: str, monkeypatch) -> dict[str, bytes]:
    monkeypatch.setattr(vi_text, "_segment", None)  # load the segmenter again under this setting
    csv_format._trusted.cache_clear()
    result = CliRunner().invoke(app, ["run", str(SAMPLE), "--out", str(out), "--date", "2026-11-05", "--jobs", "1"],
                                env={"CUTRI_FAST": fast, "CUTRI_CACHE_DIR": str(cache)})
    assert result.exit_code == 0, result.output
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file() and p.name != "manifest.json"}


def test_plain_path_writes_the_same_bytes_as_the_fast_path(tmp_path, monkeypatch):
    fast = _run(tmp_path / "fast", tmp_path / "cache_fast", "1", monkeypatch)
    segment_fast = vi_text._segment.__name__
    plain = _run(tmp_path / "plain", tmp_path / "cache_plain", "0", monkeypatch)
    segment_plain = vi_text._segment.__name__
    monkeypatch.setattr(vi_text, "_segment", None)
    csv_format._trusted.cache_clear()
    assert (segment_fast, segment_plain) == ("segment", "<lambda>")  # both paths really ran
    assert {"recommendations.csv", "clusters.csv", "report.docx", "report.html", "report.xlsx",
            "review.xlsx"} <= set(fast)
    assert sorted(fast) == sorted(plain)
    different = [name for name in fast if fast[name] != plain[name]]
    assert not different
