"""Labelled data: `cutri train --labels` (csv, xlsx, past report .docx), `cutri evaluate`."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from cli import app
from pipeline import label_store, training
from pipeline.config import Config

LABELS = [
    ("Đề nghị nâng cấp tuyến đường liên thôn Khuổi Nọi bị sạt lở sau mưa lũ.", "giao_thong", "dia_phuong"),
    ("Cử tri đề nghị bổ sung y sĩ sản nhi cho trạm y tế xã Tân Lập.", "y_te", "dia_phuong"),
    ("Đề nghị Quốc hội sửa đổi Luật Bảo hiểm xã hội về điều kiện hưởng lương hưu.", "lao_dong_xa_hoi", "trung_uong"),
    ("Kiến nghị sửa chữa phòng học cấp bốn đã dột nát của trường mầm non thôn Nà Pồng.", "giao_duc", "dia_phuong"),
]


def _invoke(*args):
    return CliRunner().invoke(app, list(args), env={"CI": "1"})


def _frame():
    return pd.DataFrame(LABELS, columns=["Nội dung kiến nghị", "Lĩnh vực", "Thẩm quyền"])


def test_train_from_csv_adds_rows_to_the_store(tmp_path, fresh_store):
    path = tmp_path / "nhan.csv"
    _frame().to_csv(path, index=False, encoding="utf-8-sig")
    result = _invoke("train", "--labels", str(path))
    assert result.exit_code == 0, result.output
    assert "Đã đọc 4 dòng có nhãn" in result.output and "thêm hoặc cập nhật 4 dòng" in result.output
    store = pd.read_csv(fresh_store / "labels.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert sorted(store["sector"]) == sorted(s for _, s, _ in LABELS)
    # the stored rows are now training data
    train = training.training_set(Config())
    # stored as the request: "Cử tri" and the final full stop dropped
    assert set(label_store.strip_personal(t) for t, _, _ in LABELS) <= set(train["text"])
    assert "Đề nghị bổ sung y sĩ sản nhi cho trạm y tế xã Tân Lập" in set(train["text"])
    # a second run with the same file changes nothing
    again = _invoke("train", "--labels", str(path))
    assert "thêm hoặc cập nhật 0 dòng; kho có 4 dòng" in again.output


def test_train_from_xlsx_and_relabel(tmp_path, fresh_store):
    path = tmp_path / "nhan.xlsx"
    _frame().to_excel(path, index=False)
    assert _invoke("train", "--labels", str(path)).exit_code == 0
    changed = _frame()
    changed.loc[0, "Lĩnh vực"] = "xay_dung_do_thi"
    path2 = tmp_path / "nhan2.xlsx"
    changed.to_excel(path2, index=False)
    result = _invoke("train", "--labels", str(path2))
    assert result.exit_code == 0, result.output
    assert "thêm hoặc cập nhật 1 dòng; kho có 4 dòng" in result.output
    store = training.load_store(Config())
    assert store.set_index("text").at[LABELS[0][0].rstrip("."), "sector"] == "xay_dung_do_thi"


def test_train_rejects_bad_rows_naming_them(tmp_path, fresh_store):
    bad = _frame()
    bad.loc[1, "Lĩnh vực"] = "y te"
    bad.loc[2, "Thẩm quyền"] = "tỉnh ủy"
    path = tmp_path / "sai.csv"
    bad.to_csv(path, index=False)
    result = _invoke("train", "--labels", str(path))
    assert result.exit_code == 1
    assert "2 dòng không hợp lệ, chưa học dòng nào" in result.output
    assert "dòng 3: mã lĩnh vực không có trong danh mục: 'y te'" in result.output
    assert "dòng 4: thẩm quyền không hợp lệ" in result.output
    assert not (fresh_store / "labels.csv").exists()


def test_train_missing_file_and_missing_column(tmp_path, fresh_store):
    result = _invoke("train", "--labels", str(tmp_path / "khong_co.csv"))
    assert result.exit_code == 1 and "Không tìm thấy tệp nhãn" in result.output
    path = tmp_path / "thieu.csv"
    pd.DataFrame({"Nội dung": ["Đề nghị sửa đường thôn"]}).to_csv(path, index=False)
    result = _invoke("train", "--labels", str(path))
    assert result.exit_code == 1 and "thiếu cột 'sector'" in result.output


def _report_docx(path):
    from docx import Document

    doc = Document()
    doc.add_paragraph("BÁO CÁO")
    doc.add_paragraph("Tổng hợp ý kiến, kiến nghị của cử tri trước Kỳ họp thứ Mười")
    doc.add_paragraph("I. KIẾN NGHỊ THUỘC THẨM QUYỀN TRUNG ƯƠNG")
    doc.add_paragraph().add_run("1. Lĩnh vực y tế").bold = True
    doc.add_paragraph("- Đề nghị Bộ Y tế bảo đảm đủ vắc xin tiêm chủng mở rộng cho trẻ em. (Cử tri xã A, xã B)")
    doc.add_paragraph().add_run("2. Lĩnh vực giao thông").bold = True
    doc.add_paragraph("- Đề nghị sớm đầu tư tuyến cao tốc nối tỉnh với cửa khẩu quốc tế.")
    doc.add_paragraph("II. KIẾN NGHỊ THUỘC THẨM QUYỀN ĐỊA PHƯƠNG")
    doc.add_paragraph().add_run("1. Về giáo dục").bold = True
    doc.add_paragraph("- Đề nghị xây thêm phòng học cho điểm trường thôn Nà Ngoa. (Cử tri xã C)")
    doc.add_paragraph("- Đề nghị bố trí giáo viên tiếng Anh cho trường tiểu học xã D.")
    doc.save(path)


def test_train_from_past_report_docx(tmp_path, fresh_store):
    path = tmp_path / "bao_cao_cu.docx"
    _report_docx(path)
    result = _invoke("train", "--labels", str(path))
    assert result.exit_code == 0, result.output
    assert "Đã đọc 4 dòng có nhãn" in result.output
    store = training.load_store(Config()).set_index("text")
    vx = "Đề nghị Bộ Y tế bảo đảm đủ vắc xin tiêm chủng mở rộng cho trẻ em"
    assert store.at[vx, "sector"] == "y_te" and store.at[vx, "authority"] == "trung_uong"
    school = "Đề nghị xây thêm phòng học cho điểm trường thôn Nà Ngoa"
    assert store.at[school, "sector"] == "giao_duc" and store.at[school, "authority"] == "dia_phuong"
    assert sorted(store["sector"]) == ["giao_duc", "giao_duc", "giao_thong", "y_te"]


def test_docx_without_sector_headings_is_an_error(tmp_path, fresh_store):
    from docx import Document

    doc = Document()
    doc.add_paragraph("Biên bản họp chi bộ tháng 10, không có tiêu đề lĩnh vực nào.")
    path = tmp_path / "khac.docx"
    doc.save(path)
    result = _invoke("train", "--labels", str(path))
    assert result.exit_code == 1 and "không tìm thấy tiêu đề lĩnh vực nào" in result.output
    assert "kho dữ liệu giữ nguyên" in result.output and not fresh_store.exists()


def test_evaluate_output_has_the_required_parts(tmp_path, fresh_store):
    path = tmp_path / "danh_gia.csv"
    rows = LABELS + [
        ("Cử tri phản ánh điện lưới yếu vào giờ cao điểm, đề nghị ngành điện bổ sung trạm biến áp.", "cong_thuong", "dia_phuong"),
        ("Đề nghị đầu tư hệ thống nước sạch tập trung cho các thôn vùng cao.", "xay_dung_do_thi", "dia_phuong"),
    ]
    pd.DataFrame(rows, columns=["text", "sector", "authority"]).to_csv(path, index=False)
    out_json = tmp_path / "m.json"
    result = _invoke("evaluate", "--labels", str(path), "--json", str(out_json))
    assert result.exit_code == 0, result.output
    text = result.output
    for part in ("6 kiến nghị", "Lĩnh vực: độ chính xác", "macro-F1", "Thẩm quyền: độ chính xác",
                 "Cần rà soát:", "độ chính xác trên phần không cần rà soát", "precision", "recall",
                 "Ma trận nhầm lẫn"):
        assert part in text, part
    labels = {s.slug: s.label for s in Config().taxonomy.sectors}
    for slug in ("giao_thong", "y_te", "lao_dong_xa_hoi", "giao_duc", "cong_thuong", "xay_dung_do_thi"):
        assert labels[slug][:25] in text  # tables name sectors in Vietnamese
    m = json.loads(out_json.read_text(encoding="utf-8"))
    assert m["n"] == 6 and 0 <= m["sector_accuracy"] <= 1 and 0 <= m["review_share"] <= 1
    assert len(m["confusion"]) == len(m["confusion_labels"])
    assert sum(map(sum, m["confusion"])) == 6
    # the evaluated file is not learnt: the store stays empty
    assert not (fresh_store / "labels.csv").exists()


@pytest.mark.parametrize("bad", ["khong_co.csv"])
def test_evaluate_missing_labels_file(tmp_path, bad):
    result = _invoke("evaluate", "--labels", str(tmp_path / bad))
    assert result.exit_code == 1 and "Không tìm thấy tệp nhãn" in result.output
