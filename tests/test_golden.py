"""Golden outputs: the sample round's CSV tables and report.docx/html/xlsx, byte for byte.

A change of output bytes (a code change, a library upgrade) fails here until the goldens are
refreshed on purpose: `python scripts/refresh_golden.py` (docs/development.md).
"""

from __future__ import annotations

import os
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import refresh_golden  # noqa: E402


@pytest.fixture(scope="module")
def sample_out(tmp_path_factory):
    return refresh_golden.run_sample_round(tmp_path_factory.mktemp("golden"), os.environ.get("CUTRI_CACHE_DIR"))


def test_golden_set_is_complete(sample_out):
    names = refresh_golden.golden_names(sample_out)
    assert {"recommendations.csv", "clusters.csv", "review_pairs.csv", "meetings.csv", "rejects.csv", "skipped.csv",
            "corrections.csv", "report.docx", "report.html", "report.xlsx"} <= set(names)
    sums = (refresh_golden.GOLDEN / "SHA256SUMS").read_text(encoding="utf-8").split("\n")
    assert sorted(line.split("  ")[1] for line in sums if line) == sorted(
        p.name for p in refresh_golden.GOLDEN.iterdir() if p.name != "SHA256SUMS")


def test_sample_round_outputs_match_the_goldens_byte_for_byte(sample_out):
    diff = refresh_golden.compare(sample_out)
    assert not diff, (
        "The sample round's outputs differ from tests/golden/sample_round/:\n  " + "\n  ".join(diff)
        + f"\nIf the change is intended, refresh the goldens with `{refresh_golden.REFRESH}` "
        "(see docs/development.md), check the differences, and commit tests/golden/sample_round/."
    )


def test_compare_and_refresh_report_every_kind_of_change(sample_out, tmp_path):
    """The refresh replaces the golden folder whole: changed, added and stale files are all reported."""
    import shutil

    golden = tmp_path / "golden"
    shutil.copytree(refresh_golden.GOLDEN, golden)
    assert refresh_golden.compare(sample_out, golden) == []
    (golden / "report.html").write_bytes(b"<html>cu</html>")
    (golden / "cu.csv").write_text("a\n")
    (golden / "skipped.csv").unlink()
    diff = refresh_golden.compare(sample_out, golden)
    assert diff[0] == "missing from the goldens: skipped.csv"
    assert diff[1] == "no longer written by the run: cu.csv"
    assert diff[2].startswith("differs: report.html (15 bytes golden") and "first difference at byte" in diff[2]
    assert refresh_golden.refresh(sample_out, golden) == diff
    assert refresh_golden.compare(sample_out, golden) == [] and not (golden / "cu.csv").exists()
    assert not golden.with_name("golden.new").exists()
