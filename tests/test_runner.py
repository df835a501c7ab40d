"""Runner: a rerun with nothing changed keeps the previous outputs; any change runs again."""

from __future__ import annotations

import json
import shutil

import pytest

from pipeline import runner
from pipeline.config import Config

from conftest import ROOT

SAMPLE = ROOT / "data" / "raw" / "sample"


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("rerun")
    src = base / "dot_1"
    shutil.copytree(SAMPLE, src)
    out = base / "out"
    result = runner.run(src, out, Config(), generated_at="2026-11-05")
    return src, out, result


def _snapshot(out):
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.iterdir() if p.is_file()}


def test_manifest_records_fingerprint_and_output_digests(first_run):
    _, out, result = first_run
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["run_fingerprint"]) == 64
    assert {"report.docx", "recommendations.parquet", "review.xlsx", "corrections.csv"} <= set(manifest["outputs"])
    assert manifest["warnings"] == result.warnings


def test_rerun_with_nothing_changed_rewrites_nothing(first_run, monkeypatch):
    src, out, result = first_run
    before = _snapshot(out)

    def no_ingest(*a, **kw):
        raise AssertionError("the pipeline ran although nothing changed")

    from pipeline import ingest

    monkeypatch.setattr(ingest, "read_minutes", no_ingest)
    again = runner.run(src, out, Config(), generated_at="2026-11-05")
    assert _snapshot(out) == before  # same bytes, not even rewritten
    assert "unchanged_check" in again.timings
    for key in ("files", "meetings", "recommendations", "clusters", "needs_review", "rejects"):
        assert again.counts[key] == result.counts[key]
    assert list(again.rejects.columns) == list(result.rejects.columns)
    assert len(again.rejects) == len(result.rejects)


@pytest.mark.parametrize("change", ["input", "output", "date", "setting"])
def test_any_change_runs_the_pipeline(first_run, tmp_path, change):
    src, out, _ = first_run
    src2, out2 = tmp_path / "dot_1", tmp_path / "out"
    shutil.copytree(src, src2)
    shutil.copytree(out, out2)
    cfg, date = Config(), "2026-11-05"
    assert runner.unchanged_result(out2, runner.run_fingerprint(src2, cfg, (), date), cfg) is not None
    if change == "input":
        txt = next(src2.rglob("*.txt"))
        txt.write_bytes(txt.read_bytes() + b"\n")
    elif change == "output":
        (out2 / "report.docx").unlink()
    elif change == "date":
        date = "2026-11-06"
    else:
        cfg = cfg.replace(report={"show_names": True})
    assert runner.unchanged_result(out2, runner.run_fingerprint(src2, cfg, (), date), cfg) is None


def test_main_process_never_imports_scikit_learn(tmp_path):
    """With more than one job the model is fitted and used by the modelling worker only."""
    import subprocess
    import sys

    code = (
        "import sys, json; from pipeline import runner; from pipeline.config import Config\n"
        f"r = runner.run({str(SAMPLE)!r}, {str(tmp_path / 'out')!r}, Config().replace(run={{'jobs': 2}}),"
        " generated_at='2026-11-05')\n"
        "print(json.dumps([r.counts['clusters'], sorted(m for m in ('sklearn', 'scipy.stats') if m in sys.modules)]))"
    )
    env = dict(__import__("os").environ, CUTRI_CACHE_DIR=str(tmp_path / "cache"), HF_HUB_OFFLINE="1")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    clusters, imported = json.loads(proc.stdout.strip().splitlines()[-1])
    assert clusters > 0
    assert imported == []


def test_modelling_calls_pass_the_model_and_views_through_their_state(first_run):
    """The modelling worker's calls keep no module globals: ``fit`` leaves the model in the state,
    ``classify`` prepares the cluster views there while the items are classified, ``cluster``
    uses them once; clustering with them gives what clustering from scratch gives."""
    import pandas as pd

    from pipeline import cluster, modelling, training
    from pipeline import schemas as S

    _, out, _ = first_run
    items = pd.read_parquet(out / "recommendations.parquet")
    cfg = Config()
    state: dict = {}
    key, n_train, _ = modelling.fit(state, training.training_set(cfg, learn_from_rounds=False), cfg, cfg.cache_path())
    assert state["model"].key == key and n_train > 0
    frame = items[[S.ITEM_ID, S.TEXT, S.TOKENS]]
    labels = modelling.classify(state, frame, cfg, 1)
    assert isinstance(state["views"], cluster.Views) and state["views"].parts
    labelled = items.assign(**{c: labels[c] for c in S.CLASSIFY_COLUMNS})[runner.CLUSTER_INPUT]
    cluster_ids, clusters, _ = modelling.cluster(state, labelled, cfg, 1)
    assert "views" not in state and "model" in state
    direct = cluster.cluster_items(labelled, cfg.cluster)
    assert cluster_ids.tolist() == direct.items[S.CLUSTER_ID].tolist()
    pd.testing.assert_frame_equal(clusters, direct.clusters)
    assert cluster_ids.tolist() == items[S.CLUSTER_ID].tolist()  # and what the run wrote
    modelling.forget(state)
    assert state == {}
    assert not [k for k in vars(runner) if k in ("_MODEL", "_VIEWS")]  # no model in module globals


@pytest.mark.parametrize("name", ["report.docx", "report.xlsx", "review.xlsx"])
def test_office_files_are_deflated_at_the_chosen_level(first_run, name):
    """Every entry of the .docx/.xlsx outputs is compressed at io.ZIP_LEVEL (smaller levels are
    faster, larger ones smaller: the level is one decision, applied everywhere)."""
    import zipfile
    import zlib

    from pipeline import io

    _, out, _ = first_run
    with zipfile.ZipFile(out / name) as zf:
        for info in zf.infolist():
            data = zf.read(info)
            packer = zlib.compressobj(io.ZIP_LEVEL, zlib.DEFLATED, -15)
            assert info.compress_type == zipfile.ZIP_DEFLATED
            assert info.compress_size == len(packer.compress(data) + packer.flush()), info.filename


def test_garbage_collector_is_left_as_found(first_run):
    """The write stage freezes the heap and the context build pauses the collector: both undone."""
    import gc

    from pipeline.parallel import collector_paused, heap_frozen

    assert first_run[2].counts["clusters"] > 0
    assert gc.get_freeze_count() == 0 and gc.isenabled()  # after a whole run in this process
    keep = [{"n": i} for i in range(1000)]
    with heap_frozen():
        frozen = gc.get_freeze_count()
        assert frozen >= len(keep)
        with heap_frozen(), collector_paused():  # nested: only the outermost block unfreezes
            assert not gc.isenabled()
        assert gc.isenabled() and gc.get_freeze_count() >= frozen
    assert gc.get_freeze_count() == 0
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # a collector that was off stays off
    finally:
        gc.enable()
