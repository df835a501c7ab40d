"""The bundled sample round: ingest reproduces its truth; the generator is deterministic."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest

from pipeline import schemas as S
from pipeline.config import Config
from pipeline.ingest import read_minutes
from pipeline.normalize import normalize_text

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "raw" / "sample"
TRUTH = ROOT / "tests" / "golden" / "sample_truth.csv"


def load_truth(path=TRUTH) -> pd.DataFrame:
    return pd.read_csv(path, keep_default_na=False, dtype=str).assign(
        answered=lambda d: d["answered"] == "True", n_opinions=lambda d: d["n_opinions"].astype("int64"))


@pytest.fixture(scope="module")
def sample():
    return read_minutes(SAMPLE, Config())


@pytest.fixture(scope="module")
def generator():
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    import sample_round

    return sample_round


def _as_truth(records: pd.DataFrame) -> pd.DataFrame:
    rec = records.sort_values([S.SOURCE_FILE, S.SEQ])
    return pd.DataFrame({
        "unit": rec[S.UNIT].to_numpy(),
        "source_file": rec[S.SOURCE_FILE].to_numpy(),
        "text": rec[S.TEXT_RAW].map(normalize_text).to_numpy(),
        "answered": rec[S.ANSWERED].to_numpy(),
        "n_opinions": rec[S.N_OPINIONS].astype("int64").to_numpy(),
    })


def test_ingest_reproduces_the_truth(sample):
    truth = load_truth()
    got = _as_truth(sample.records)
    expected = truth.sort_values("source_file", kind="mergesort")[["unit", "source_file", "text", "answered",
                                                                    "n_opinions"]]
    assert got.groupby("unit").size().to_dict() == truth.groupby("unit").size().to_dict()
    pd.testing.assert_frame_equal(got.reset_index(drop=True), expected.reset_index(drop=True))
    assert sample.rejects.empty
    assert {f["status"] for f in sample.files} == {"ok"}


def test_sample_shape(sample):
    truth = load_truth()
    assert truth["unit"].nunique() >= 8
    assert 160 <= len(truth) <= 200
    assert truth["sector"].nunique() >= 12
    assert set(truth["authority"]) == {"trung_uong", "dia_phuong"}
    groups = truth[truth["dup_group"] != ""].groupby("dup_group")["unit"]
    assert len(groups) >= 12
    assert groups.nunique().between(2, 5).all() and (groups.size() == groups.nunique()).all()
    assert truth.loc[truth["neg_group"] != "", "neg_group"].nunique() >= 5
    formats = {f["format"] for f in sample.files}
    assert formats == {"xlsx", "xls", "docx", "txt", "pdf"}
    encodings = {f["encoding"] for f in sample.files}
    assert {"tcvn3", "vni", "utf-16", "cp1258"} <= encodings
    assert all("/" in f["path"] for f in sample.files)  # nested folders
    assert sum(p.stat().st_size for p in SAMPLE.rglob("*") if p.is_file()) < 1_000_000
    assert (sample.meetings["speaking_turns"].notna()).sum() >= 5
    assert len(sample.skipped) > 100 and {"giải trình của cán bộ", "thủ tục hội nghị", "thành phần tham dự"} <= set(
        sample.skipped["reason"])


def test_regenerating_gives_the_same_files(tmp_path, generator):
    truth = generator.generate_round(tmp_path)
    pd.testing.assert_frame_equal(truth.reset_index(drop=True), load_truth())

    def digests(folder):
        return {p.relative_to(folder).as_posix(): _content(p) for p in folder.rglob("*") if p.is_file()}

    assert digests(tmp_path) == digests(SAMPLE)


def _content(path: Path) -> str:
    """A file's digest; for the PDF, of its text layer (its bytes depend on fpdf2's version)."""
    if path.suffix == ".pdf":
        from pipeline.ingest.pdf import pdf_pages

        return hashlib.sha256("\f".join(pdf_pages(path)).encode("utf-8")).hexdigest()
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_larger_round_in_two_formats(tmp_path, generator):
    truth = generator.generate_round(tmp_path, seed=7, n_units=30, n_items=600, formats=("xlsx", "txt"),
                                     units_per_workbook=4)
    assert len(truth) == 600 and truth["unit"].nunique() == 30
    res = read_minutes(tmp_path, Config())
    got = _as_truth(res.records)
    expected = truth.sort_values("source_file", kind="mergesort")[["unit", "source_file", "text", "answered",
                                                                    "n_opinions"]]
    pd.testing.assert_frame_equal(got.reset_index(drop=True), expected.reset_index(drop=True))
    assert {f["format"] for f in res.files} == {"xlsx", "txt"}


# --------------------------------------------------------------------------- clustering of the sample round


@pytest.fixture(scope="module")
def sample_clusters(tmp_path_factory):
    """The real pipeline on the bundled sample; items joined to the truth by unit + text."""
    from pipeline.runner import run

    base = tmp_path_factory.mktemp("sample-cluster")
    out = base / "out"
    # an empty store of its own: corrections other tests stored must not teach this model
    cfg = Config().replace(run={"store_dir": str(base / "store")})
    run(SAMPLE, out, cfg, generated_at="2026-11-05")
    items = pd.read_parquet(out / "recommendations.parquet")
    items["key"] = items[S.UNIT] + "\x1f" + items[S.TEXT].map(normalize_text)
    truth = load_truth()
    truth["key"] = truth["unit"] + "\x1f" + truth["text"]
    assert not truth["key"].duplicated().any() and not items["key"].duplicated().any()
    joined = truth.merge(items[["key", S.CLUSTER_ID, S.AUTHORITY]], on="key", how="left", suffixes=("", "_pred"))
    assert joined[S.CLUSTER_ID].notna().all(), "every truth item is found by the pipeline"
    return joined, pd.read_csv(out / "clusters.csv", dtype=str, keep_default_na=False)


def test_every_planted_duplicate_group_is_one_cluster(sample_clusters):
    joined, _ = sample_clusters
    planted = joined[joined["dup_group"] != ""]
    # clustering merges only items of one authority: the predicted authority is shown, since a
    # group split by the classifier (members given different authorities) is a classifier miss
    split = {g: list(zip(d[S.CLUSTER_ID], d[S.AUTHORITY + "_pred"]))
             for g, d in planted.groupby("dup_group") if d[S.CLUSTER_ID].nunique() > 1}
    assert not split, f"planted groups split over several clusters (cluster, predicted authority): {split}"


def test_no_two_different_requests_are_merged(sample_clusters):
    joined, clusters = sample_clusters
    # a cluster of two or more items is exactly one planted group: no two groups, no outsider
    for cid, d in joined.groupby(S.CLUSTER_ID):
        if len(d) > 1:
            groups = set(d["dup_group"])
            assert len(groups) == 1 and "" not in groups, d[["unit", "text", "dup_group"]].to_string()
    # so the hard negatives (same topic, another road / dam / school) each stay alone
    negatives = joined[joined["neg_group"] != ""]
    assert negatives[S.CLUSTER_ID].is_unique
    n_groups = joined.loc[joined["dup_group"] != "", "dup_group"].nunique()
    n_planted = (joined["dup_group"] != "").sum()
    assert len(clusters) == len(joined) - n_planted + n_groups
    merged = clusters[clusters["n_items"].astype(int) > 1]
    assert len(merged) == n_groups
    assert (merged["n_units"] == merged["n_items"]).all()

