"""pipeline.evaluation (`cutri evaluate`): metrics on a labels file, agreement with the analysts
on the items they reviewed, and the Vietnamese text report."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from pipeline import evaluation
from pipeline.config import Config
from pipeline.corrections import CORRECTION_COLUMNS

CFG = Config()

# Clear-cut recommendations a reasonable model places in their sector.
LABELLED = [
    ("Đề nghị nâng cấp, sửa chữa tuyến đường liên xã đã xuống cấp nghiêm trọng, ổ gà nhiều", "giao_thong", "dia_phuong"),
    ("Cử tri đề nghị sớm xây cầu dân sinh qua suối để học sinh đi học an toàn mùa mưa lũ", "giao_thong", "dia_phuong"),
    ("Đề nghị cấp giấy chứng nhận quyền sử dụng đất cho các hộ đã sử dụng ổn định lâu năm", "dat_dai_moi_truong", "dia_phuong"),
    ("Đề nghị tăng mức hỗ trợ giá giống lúa, phân bón cho nông dân bị thiệt hại do hạn hán", "nong_nghiep", "dia_phuong"),
    ("Đề nghị bổ sung thuốc bảo hiểm y tế và bác sĩ cho trạm y tế xã, người dân phải lên huyện khám", "y_te", "dia_phuong"),
    ("Đề nghị xây thêm phòng học cho trường tiểu học, hiện học sinh phải học nhờ nhà văn hóa", "giao_duc", "dia_phuong"),
]


@pytest.fixture(scope="module")
def labels_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("eval") / "nhan_kiem_tra.csv"
    pd.DataFrame(LABELLED, columns=["text", "sector", "authority"]).to_csv(path, index=False, encoding="utf-8-sig")
    return path


def test_evaluate_on_a_labels_file(labels_file):
    cfg = Config().replace(run={"learn": False})
    m = evaluation.evaluate(cfg, labels_file)
    assert m["mode"] == "labels:nhan_kiem_tra.csv"
    assert m["n"] == len(LABELLED)
    assert m["training_rows"] > 100  # the bundled seed corpus
    assert 0.5 <= m["sector_accuracy"] <= 1.0  # clear-cut texts: most are right
    assert set(m["per_sector"]) <= set(CFG.taxonomy.slugs)
    support = {slug: v["support"] for slug, v in m["per_sector"].items() if v["support"]}
    assert support == {"giao_thong": 2, "dat_dai_moi_truong": 1, "nong_nghiep": 1, "y_te": 1, "giao_duc": 1}
    assert sum(map(sum, m["confusion"])) == len(LABELLED)
    assert 0.0 <= m["review_share"] <= 1.0 and "authority_accuracy" in m
    text = evaluation.format_report(m, cfg)
    assert text.startswith(f"Đánh giá (labels:nhan_kiem_tra.csv), {len(LABELLED)} kiến nghị")
    assert "Giao thông" in text and "Ma trận nhầm lẫn" in text


def _log(tmp_path, rows):
    log = pd.DataFrame([{**{c: "" for c in CORRECTION_COLUMNS}, **r} for r in rows], columns=CORRECTION_COLUMNS)
    path = tmp_path / "corrections.csv"
    log.to_csv(path, index=False, encoding="utf-8-sig")
    return path


def test_reviewed_agreement_counts_kept_predictions_as_agreeing(tmp_path):
    path = _log(tmp_path, [
        # changed: disagrees on sector, agrees on authority (left empty = as predicted)
        {"item_id": "K1", "sector": "noi_vu", "sector_predicted": "lao_dong_xa_hoi", "authority_predicted": "dia_phuong"},
        # reviewed and kept (only a note): agrees on both
        {"item_id": "K2", "note": "đã xem", "sector_predicted": "giao_thong", "authority_predicted": "trung_uong"},
        # authority changed only
        {"item_id": "K3", "authority": "trung_uong", "sector_predicted": "giao_thong", "authority_predicted": "dia_phuong"},
        # not a recommendation: left out
        {"item_id": "K4", "not_recommendation": "x", "sector_predicted": "khac"},
        # prediction unknown here, filled from recommendations.parquet beside the log
        {"item_id": "K5", "sector": "y_te"},
    ])
    pd.DataFrame({"item_id": ["K5", "K9"], "sector_predicted": ["y_te", "khac"],
                  "authority_predicted": ["dia_phuong", "dia_phuong"]}).to_parquet(tmp_path / "recommendations.parquet")
    a = evaluation.reviewed_agreement(path, CFG)
    assert a["n_reviewed"] == 4
    assert a["reviewed_sector_agreement"] == pytest.approx(3 / 4)
    assert a["reviewed_authority_agreement"] == pytest.approx(3 / 4)
    assert a["by_sector"] == {"giao_thong": [2, 2], "noi_vu": [1, 0], "y_te": [1, 1]}


def test_reviewed_agreement_of_an_empty_log_and_of_a_workbook(tmp_path):
    a = evaluation.reviewed_agreement(_log(tmp_path, []), CFG)
    assert a["n_reviewed"] == 0 and math.isnan(a["reviewed_sector_agreement"]) and a["by_sector"] == {}
    assert evaluation.reviewed_agreement(tmp_path / "review.xlsx", CFG) == {}  # only a round's log counts


def test_format_report_with_analyst_agreement():
    m = {"mode": "cross_validation_5_fold", "n": 10, "training_rows": 10, "sector_accuracy": 0.9,
         "sector_macro_f1": 0.85, "review_share": 0.2, "unflagged_sector_accuracy": 1.0,
         "per_sector": {"giao_thong": {"precision": 1.0, "recall": 0.8, "f1": 0.89, "support": 5}},
         "confusion_labels": ["giao_thong"], "confusion": [[4]],
         "analyst_agreement": {"n_corrections": 3, "sector_agreement": float("nan"), "n_sector": 0,
                               "authority_agreement": 0.5, "n_authority": 2, "n_reviewed": 4,
                               "reviewed_sector_agreement": 0.75, "reviewed_authority_agreement": 1.0,
                               "by_sector": {"giao_thong": [4, 3]}}}
    text = evaluation.format_report(m, CFG)
    assert "Lĩnh vực: độ chính xác 90.0%, macro-F1 0.850" in text
    assert "mô hình đồng ý về lĩnh vực chưa có mục để so sánh, về thẩm quyền 50.0% trên 2 mục" in text
    assert "Trên tất cả 4 mục chuyên viên đã rà soát" in text and "75.0% trên 4 mục" in text
    assert text.splitlines()[-1].split()[-2:] == ["4", "75%"]
