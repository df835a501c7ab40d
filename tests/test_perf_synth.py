"""The benchmark generator: deterministic, N items that ingest finds exactly (no timing)."""

from __future__ import annotations

import hashlib
import sys

from pipeline.config import Config
from pipeline.ingest import read_minutes
from pipeline.records import build_recommendations

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import synth  # noqa: E402


def _digests(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in folder.rglob("*") if p.is_file()}


def test_generator_is_deterministic_and_ingest_finds_every_item(tmp_path):
    truth = synth.generate(tmp_path / "a", 200)
    again = synth.generate(tmp_path / "b", 200)
    assert truth.equals(again)
    assert _digests(tmp_path / "a") == _digests(tmp_path / "b")
    assert len(truth) == 200 and truth["unit"].nunique() == 10
    assert truth["text"].nunique() >= 190  # varied texts, not a few repeated strings

    res = read_minutes(tmp_path / "a", Config())
    assert {f["format"] for f in res.files} == {"xlsx", "txt"}
    assert len(res.rejects) == 0
    items, short = build_recommendations(res.records, Config().ingest)
    assert len(short) == 0
    assert sorted(zip(items["unit"], items["text"])) == sorted(zip(truth["unit"], truth["text"]))


def test_another_seed_gives_other_texts(tmp_path):
    a = synth.generate(tmp_path / "a", 60, seed=1)
    b = synth.generate(tmp_path / "b", 60, seed=2)
    assert len(a) == len(b) == 60
    assert set(a["text"]) != set(b["text"])
