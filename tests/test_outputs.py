"""Proportionate outputs (issue 23): review pairs capped per item and in total, counted in the
manifest; a warning when one file yields thousands of items."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

from pipeline import runner
from pipeline.config import Config
from pipeline.outputs import cap_review_pairs, large_file_warnings

from conftest import ROOT

SAMPLE = ROOT / "data" / "raw" / "sample"


def _pairs(rows):
    return pd.DataFrame(rows, columns=["item_id_a", "item_id_b", "similarity"])


def test_no_cap_reached_returns_the_same_frame():
    pairs = _pairs([("a", "b", 0.4), ("a", "c", 0.35)])
    kept, dropped = cap_review_pairs(pairs, 10, 100)
    assert kept is pairs and dropped == 0
    kept, dropped = cap_review_pairs(pairs, 0, 0)
    assert kept is pairs and dropped == 0


def test_each_item_keeps_its_most_similar_pairs():
    # a star: "hub" is paired with eight items; each of those also with one other item
    rows = [("hub", f"x{i}", 0.31 + i / 100) for i in range(8)] + [(f"x{i}", f"y{i}", 0.33) for i in range(8)]
    kept, dropped = cap_review_pairs(_pairs(rows), 3, 0)
    counts = pd.concat([kept["item_id_a"], kept["item_id_b"]]).value_counts()
    assert counts.max() <= 3
    hub = kept[kept["item_id_a"] == "hub"]
    assert sorted(hub["item_id_b"]) == ["x5", "x6", "x7"]  # the three most similar
    assert dropped == 5 and len(kept) == len(rows) - 5
    assert len(kept[kept["item_id_a"].str.startswith("x")]) == 8  # no other item was over the cap


def test_total_cap_keeps_the_most_similar_in_their_original_order():
    rows = [(f"a{i}", f"b{i}", s) for i, s in enumerate([0.31, 0.40, 0.35, 0.40, 0.32])]
    kept, dropped = cap_review_pairs(_pairs(rows), 0, 3)
    assert dropped == 2
    assert kept["item_id_a"].tolist() == ["a1", "a2", "a3"]  # ties by position; order as given


def test_cap_is_deterministic_on_a_large_frame():
    import numpy as np

    rng = np.random.default_rng(7)
    n = 20000
    rows = pd.DataFrame({"item_id_a": [f"i{v}" for v in rng.integers(0, 500, n)],
                         "item_id_b": [f"j{v}" for v in rng.integers(0, 500, n)],
                         "similarity": rng.uniform(0.3, 0.42, n).round(4)})
    one, d1 = cap_review_pairs(rows, 5, 1000)
    two, d2 = cap_review_pairs(rows.copy(), 5, 1000)
    pd.testing.assert_frame_equal(one, two)
    assert d1 == d2 == n - len(one) and len(one) <= 1000
    assert pd.concat([one["item_id_a"], one["item_id_b"]]).value_counts().max() <= 5


def test_large_file_warning_names_the_file_and_count():
    items = pd.DataFrame({"source_file": ["so_lieu, tong hop.xlsx"] * 2501 + ["xa_a.docx"] * 12})
    warnings = large_file_warnings(items, 2000)
    assert len(warnings) == 1
    assert warnings[0].startswith("Tệp so_lieu, tong hop.xlsx cho ra 2.501 kiến nghị (nhiều hơn ngưỡng 2.000")
    assert large_file_warnings(items, 0) == []


@pytest.fixture(scope="module")
def capped_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("capped")
    src = base / "dot_1"
    shutil.copytree(SAMPLE, src)
    full = runner.run(src, base / "full", Config(), generated_at="2026-11-05")
    cfg = Config().replace(cluster={"review_pairs_per_item": 1, "review_pairs_max": 2},
                           ingest={"items_per_file_warning": 3})
    capped = runner.run(src, base / "capped", cfg, generated_at="2026-11-05")
    return base, full, capped


def test_a_round_writes_the_capped_pairs_and_counts_the_dropped_ones(capped_run):
    base, full, capped = capped_run
    all_pairs = pd.read_csv(base / "full" / "review_pairs.csv", dtype=str, encoding="utf-8-sig")
    some = pd.read_csv(base / "capped" / "review_pairs.csv", dtype=str, encoding="utf-8-sig")
    assert len(all_pairs) > 2, "the sample round needs more than two review pairs for this test"
    assert len(some) <= 2
    assert pd.concat([some["item_id_a"], some["item_id_b"]]).value_counts().max() == 1
    manifest = json.loads((base / "capped" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["review_pairs"] == {"found": len(all_pairs), "kept": len(some),
                                        "dropped": len(all_pairs) - len(some)}
    assert json.loads((base / "full" / "manifest.json").read_text(encoding="utf-8"))["review_pairs"]["dropped"] == 0
    assert any(w.startswith("review_pairs.csv giữ") for w in capped.warnings)
    assert not any(w.startswith("review_pairs.csv giữ") for w in full.warnings)


def test_a_file_with_many_items_is_warned_about(capped_run):
    _, full, capped = capped_run
    big = [w for w in capped.warnings if w.startswith("Tệp ") and "items_per_file_warning" in w]
    assert big and all("kiến nghị (nhiều hơn ngưỡng 3 " in w for w in big)
    assert not any("items_per_file_warning" in w for w in full.warnings)
