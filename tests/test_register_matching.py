"""The register's matching and round bookkeeping: the scoring matrix is scikit-learn's,
items re-cut between rounds link many-to-many, an older round recorded late says which rounds
to run again, and the round's default name."""

from __future__ import annotations

from pipeline.config import Config
from pipeline.register import open_register
from register_rounds import ROUND_8, ROUND_9, ROUND_10
from test_register import ROUNDS, record


def test_round_name_defaults_to_the_session_then_the_folder(tmp_path):
    from pipeline.register import runhook

    folder = tmp_path / "tiep_xuc_thang_5"
    assert runhook.round_name(Config(), folder) == "tiep_xuc_thang_5"
    assert runhook.round_name(Config().replace(report={"session": "Kỳ họp thứ 9"}), folder) == "Kỳ họp thứ 9"
    cfg = Config().replace(report={"session": "Kỳ họp thứ 9"}, register={"round": "Đợt tiếp xúc tháng 5"})
    assert runhook.round_name(cfg, folder) == "Đợt tiếp xúc tháng 5"


def test_register_scoring_tfidf_is_scikit_learns(monkeypatch):
    """match.char_wb_tfidf (through fast.char_wb) gives scikit-learn's matrix, with and
    without the speed-up (CUTRI_FAST=0)."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    from pipeline.register import match

    texts = [match.content_words(t) for *_k, t in ROUND_8 + ROUND_9 + ROUND_10]
    texts = [" ".join(w) for w in texts] + ["ĐT 293 Km12+500", "", "a"]
    want = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True).fit_transform(texts)
    for fast in ("1", "0"):
        monkeypatch.setenv("CUTRI_FAST", fast)
        got = match.char_wb_tfidf(texts)
        assert got.shape == want.shape and np.array_equal(got.toarray(), want.toarray()), fast


def test_an_older_round_recorded_after_newer_ones_says_to_rerun_them(tmp_path):
    with open_register(tmp_path / "so.sqlite", Config()) as reg:
        rec9, _ = record(reg, *ROUNDS[1])
        assert rec9.warnings == []
        rec8, _ = record(reg, *ROUNDS[0])
        assert len(rec8.warnings) == 1 and "Kỳ họp thứ 9" in rec8.warnings[0] and "chạy lại" in rec8.warnings[0]
        _, again9 = record(reg, *ROUNDS[1])  # rerun of round 9: now matched against round 8
        assert set(again9.loc[again9["key"].notna(), "previous_rounds"]) == {"Kỳ họp thứ 8"}


def test_items_recut_between_rounds_are_linked_many_to_many(tmp_path):
    """Two items of one round about the same road become one item in the next: it links to
    both entries (its register_id is the best one's), and each entry counts both rounds."""
    one = [("a", "xa_tan_lap", "giao_thong", "dia_phuong",
            "Đề nghị nâng cấp tuyến đường ĐT 293 đoạn qua xã Tân Lập vì mặt đường xuống cấp."),
           ("b", "phuong_minh_xuan", "giao_thong", "dia_phuong",
            "Cử tri xã Tân Lập đề nghị sửa chữa, nâng cấp đường ĐT 293 qua xã bị xuống cấp, đi lại khó khăn.")]
    two = [("a", "xa_tan_lap", "giao_thong", "dia_phuong",
            "Cử tri tiếp tục đề nghị nâng cấp đường ĐT 293 đoạn qua xã Tân Lập đã xuống cấp.")]
    with open_register(tmp_path / "so.sqlite", Config()) as reg:
        _, r1 = record(reg, "Kỳ 1", one, "2025-01-01")
        rec2, r2 = record(reg, "Kỳ 2", two, "2025-06-01")
        linked = rec2.columns["register_links"].iloc[0]
        assert all(rid in linked for rid in r1["register_id"]), linked
        assert r2["register_id"].iloc[0] in set(r1["register_id"]) and r2["times_raised"].iloc[0] == 2
        e = reg.entries().set_index("register_id")
        assert (e.loc[list(r1["register_id"]), "n_rounds"] == 2).all()
