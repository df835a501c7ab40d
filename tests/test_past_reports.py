"""Reading past reports back, refusing what is not labelled data, the import register, office weights."""

from __future__ import annotations

import hashlib

import pandas as pd
import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from typer.testing import CliRunner

import learning_items as L
from cli import app
from pipeline import classify, evaluation, label_store, past_reports, training
from pipeline.config import Config
from pipeline.errors import LabelsError


def _invoke(*args):
    return CliRunner().invoke(app, list(args), env={"CI": "1"})


def _labels(cfg):
    return {s.slug: s.label for s in cfg.taxonomy.sectors}


def _digest(folder):
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")) if folder.exists() else ():
        if p.is_file():
            h.update(p.name.encode() + p.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def own_report(tmp_path_factory, repo_root):
    out = tmp_path_factory.mktemp("own") / "out"
    result = _invoke("run", str(repo_root / "data/raw/sample"), "--out", str(out), "--date", "2026-11-05")
    assert result.exit_code == 0, result.output
    return out


def test_cutris_own_report_reads_back_exactly(own_report):
    reading = past_reports.read_report(own_report / "report.docx", Config())
    clusters = pd.read_csv(own_report / "clusters.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert reading.unmapped == []
    assert len(reading.rows) == len(clusters)

    def key(t):
        return past_reports.clean_item(t).lower()

    got = {key(t): (s, a) for t, s, a in reading.rows[["text", "sector", "authority"]].itertuples(index=False)}
    want = {key(t): (s, a) for t, s, a in clusters[["representative_text", "sector", "authority"]].itertuples(index=False)}
    assert got == want
    # no attribution or count is left in the stored text
    assert not reading.rows["text"].str.contains(r"\(Cử tri|lượt ý kiến").any()


@pytest.mark.parametrize("layout", ["numbered", "ve_linh_vuc", "table"])
def test_layouts_read_with_sector_and_authority(tmp_path, layout):
    cfg = Config()
    items = L.labelled_items()[::3]
    path = tmp_path / "bc.docx"
    L.build_report_docx(path, items, _labels(cfg), layout)
    reading = past_reports.read_report(path, cfg)
    got = {t.lower(): (s, a) for t, s, a in reading.rows[["text", "sector", "authority"]].itertuples(index=False)}
    assert got == {t.lower(): (s, a) for t, s, a in items}


def test_heading_bold_inherited_from_a_base_style(tmp_path):
    doc = Document()
    base = doc.styles.add_style("Office Base", WD_STYLE_TYPE.PARAGRAPH)
    base.font.bold = True
    head = doc.styles.add_style("Office Sector", WD_STYLE_TYPE.PARAGRAPH)
    head.base_style = base  # bold two styles up, none on the run
    doc.add_paragraph("Kiến nghị thuộc thẩm quyền địa phương", style=head)
    doc.add_paragraph("Giáo dục và đào tạo", style=head)  # no number, no capitals: style only
    doc.add_paragraph("Đề nghị sửa chữa phòng học của điểm trường thôn Nà Pồng đã xuống cấp.")
    doc.add_paragraph("Giáo dục và đào tạo ở vùng cao còn nhiều khó khăn cần quan tâm")  # plain, not bold: an item
    path = tmp_path / "style.docx"
    doc.save(path)
    rows = past_reports.read_report(path, Config()).rows
    assert rows["sector"].tolist() == ["giao_duc", "giao_duc"]
    assert rows["authority"].tolist() == ["dia_phuong", "dia_phuong"]


def test_unmapped_headings_are_listed_and_their_items_not_guessed(tmp_path, fresh_store):
    doc = Document()
    doc.add_paragraph().add_run("I. KIẾN NGHỊ THUỘC THẨM QUYỀN ĐỊA PHƯƠNG").bold = True
    doc.add_paragraph().add_run("1. Giáo dục").bold = True
    doc.add_paragraph("1. Đề nghị xây nhà bán trú cho học sinh bản Nặm Cằm (Cử tri xã Tân Lập).")
    doc.add_paragraph().add_run("2. Chuyển đổi số cộng đồng").bold = True
    doc.add_paragraph("1. Đề nghị hướng dẫn người cao tuổi dùng ứng dụng định danh điện tử.")
    doc.add_paragraph("2. Đề nghị phủ sóng 4G cho bản Khuổi Nọi.")
    path = tmp_path / "bc.docx"
    doc.save(path)
    reading = past_reports.read_report(path, Config())
    assert reading.unmapped == [("2. Chuyển đổi số cộng đồng", 2)]
    assert reading.rows["text"].tolist() == ["Đề nghị xây nhà bán trú cho học sinh bản Nặm Cằm"]
    result = _invoke("train", "--labels", str(path), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Tiêu đề không khớp lĩnh vực nào" in result.output and "“2. Chuyển đổi số cộng đồng”: 2 mục" in result.output
    assert "chưa ghi gì vào kho" in result.output and not fresh_store.exists()


def test_not_labelled_data_is_refused_and_the_store_untouched(tmp_path, fresh_store):
    good = tmp_path / "nhan.csv"
    pd.DataFrame([("Đề nghị sửa đường liên thôn Nà Pồng bị sạt lở", "Giao thông, vận tải, an toàn giao thông")],
                 columns=["text", "sector"]).to_csv(good, index=False)
    assert _invoke("train", "--labels", str(good)).exit_code == 0
    before = _digest(fresh_store)
    minutes = tmp_path / "bien_ban.docx"
    L.build_minutes_docx(minutes)
    # minutes without their title: refused by what the items look like
    doc = Document(minutes)
    doc.paragraphs[0]._p.getparent().remove(doc.paragraphs[0]._p)
    untitled = tmp_path / "bien_ban_khong_tieu_de.docx"
    doc.save(untitled)
    other = tmp_path / "thu_moi.docx"
    d = Document()
    d.add_paragraph("Kính mời quý phụ huynh dự lễ khai giảng năm học mới vào 7 giờ sáng.")
    d.save(other)
    empty = tmp_path / "trong.docx"
    Document().save(empty)
    expected = {minutes: "biên bản tiếp xúc cử tri", untitled: "trông như lời phát biểu",
                other: "không tìm thấy tiêu đề lĩnh vực nào", empty: "tệp trống"}
    for path, words in expected.items():
        result = _invoke("train", "--labels", str(path))
        assert result.exit_code == 1, (path, result.output)
        assert words in result.output and str(path) in result.output
        assert _digest(fresh_store) == before


def test_import_register_list_remove_and_model_follows(tmp_path, fresh_store):
    cfg = Config()
    items = L.labelled_items()[:20]
    report = tmp_path / "bao_cao_2024.docx"
    L.build_report_docx(report, items, _labels(cfg))
    table = tmp_path / "nhan.xlsx"
    pd.DataFrame([("Cử tri Nguyễn Văn An (thôn Nà Pồng, SĐT 0912 345 678) đề nghị sửa cầu treo bản Nặm Cằm",
                   "giao thong, van tai, an toan giao thong", "Địa phương")],
                 columns=["Nội dung", "Lĩnh vực", "Thẩm quyền"]).to_excel(table, index=False)
    assert _invoke("train", "--labels", str(report)).exit_code == 0
    key_one = classify.training_key(training.training_set(cfg).assign(tokens=""), cfg)
    result = _invoke("train", "--labels", str(table))
    assert result.exit_code == 0, result.output
    store = label_store.load_store(cfg)
    assert len(store) == 21
    # the request is kept, the voter's name, address and phone are not
    assert "Đề nghị sửa cầu treo bản Nặm Cằm" in set(store["text"])
    assert not store["text"].str.contains("Nguyễn Văn An|0912|Nà Pồng, SĐT").any()
    listing = _invoke("train", "--list")
    assert "bao_cao_2024.docx" in listing.output and "nhan.xlsx" in listing.output and "2 lần nhập" in listing.output
    imports = label_store.load_imports(cfg)
    assert imports.set_index("file").at["bao_cao_2024.docx", "rows"] == "20"
    table_id = imports.set_index("file").at["nhan.xlsx", "id"]
    removed = _invoke("train", "--remove", table_id)
    assert removed.exit_code == 0 and "bỏ 1 dòng" in removed.output
    assert len(label_store.load_store(cfg)) == 20
    assert classify.training_key(training.training_set(cfg).assign(tokens=""), cfg) == key_one
    bad = _invoke("train", "--remove", "N00000000")
    assert bad.exit_code == 1 and "Không có lần nhập 'N00000000'" in bad.output


def test_unknown_label_lists_the_valid_ones(tmp_path, fresh_store):
    path = tmp_path / "nhan.csv"
    pd.DataFrame([("Đề nghị sửa đường", "Y TẾ, BẢO HIỂM Y TẾ, AN TOÀN THỰC PHẨM"), ("Đề nghị làm cầu", "cau duong")],
                 columns=["text", "sector"]).to_csv(path, index=False)
    result = _invoke("train", "--labels", str(path))
    assert result.exit_code == 1
    assert "dòng 3: mã lĩnh vực không có trong danh mục: 'cau duong'" in result.output
    assert "dòng 2" not in result.output  # the Vietnamese label, capitals and all, is accepted
    assert "y_te (Y tế, bảo hiểm y tế, an toàn thực phẩm)" in result.output
    assert not fresh_store.exists()


def test_broken_store_is_named_by_file_and_row(tmp_path, fresh_store):
    good = tmp_path / "nhan.csv"
    pd.DataFrame([("Đề nghị sửa đường liên thôn bị sạt lở", "giao_thong"), ("Đề nghị thêm bác sĩ cho trạm y tế", "y_te")],
                 columns=["text", "sector"]).to_csv(good, index=False)
    assert _invoke("train", "--labels", str(good)).exit_code == 0
    path = fresh_store / "labels.csv"
    text = path.read_text(encoding="utf-8-sig").replace(",y_te,", ",ytee,")
    path.write_text(text, encoding="utf-8-sig")
    before = _digest(fresh_store)
    result = _invoke("train", "--labels", str(good))
    assert result.exit_code == 1 and f"{path}: dòng 3: mã lĩnh vực không có trong danh mục: 'ytee'" in result.output
    assert _digest(fresh_store) == before
    with pytest.raises(LabelsError, match="dòng 3"):
        training.training_set(Config())
    path.write_bytes(b"\x00\x01garbage")
    result = _invoke("train", "--list")
    assert result.exit_code == 1 and str(path) in result.output


def test_office_rows_win_over_the_seed_on_similar_wording(fresh_store, tmp_path):
    """The seed files rural clean water under construction; this office files it under agriculture."""
    cfg = Config()
    water = [(t, s, a) for t, s, a in L.labelled_items() if "nước" in t and s == "nong_nghiep"]
    train_half, test_half = water[::2], water[1::2]
    gold = evaluation._with_tokens(pd.DataFrame(test_half, columns=["text", "sector", "authority"]), cfg)

    def accuracy():
        train = evaluation._with_tokens(training.training_set(cfg), cfg)
        pred = classify.classify_items(gold, classify.fit_model(train, cfg, cache_dir=None), cfg)
        return float((pred["sector"].to_numpy() == gold["sector"].to_numpy()).mean()), train

    before, _ = accuracy()
    path = tmp_path / "nhan.csv"
    pd.DataFrame(train_half, columns=["text", "sector", "authority"]).to_csv(path, index=False)
    assert _invoke("train", "--labels", str(path)).exit_code == 0
    after, train = accuracy()
    assert after > before and after >= 0.75
    assert training.office_summary(train) == {"office_rows": len(train_half), "sector_rows": len(train_half),
                                              "by_origin": {"nhan.csv": len(train_half)}}
    assert set(train.loc[train["origin"] == "nhan.csv", "weight"]) == {training.office_weight()}


def test_authority_only_rows_train_the_authority_model_only():
    cfg = Config()
    extra = pd.DataFrame([("Đề nghị làm đường vào bản Nặm Cằm thuộc dự án của Bộ Giao thông", "", "trung_uong",
                           "correction")], columns=training.LABEL_COLUMNS)
    train = training.training_set(cfg, extra=extra)
    row = train[train["text"] == extra.at[0, "text"]]
    assert row["sector"].tolist() == [""] and row["authority"].tolist() == ["trung_uong"]
    model = classify.fit_model(evaluation._with_tokens(train, cfg), cfg, cache_dir=None)
    assert "" not in model.sector_.classes_ and model.n_train == len(train)


def test_a_district_layout_not_tuned_for(tmp_path):
    """Letter sections "A- NHÓM KIẾN NGHỊ GỬI …", "a) Về lĩnh vực …:" headings, "+" items, counts inside
    the attribution: nothing styled."""
    d = Document()
    d.add_paragraph("ỦY BAN MẶT TRẬN TỔ QUỐC HUYỆN NA RÌ")
    d.add_paragraph("A- NHÓM KIẾN NGHỊ GỬI TRUNG ƯƠNG")
    d.add_paragraph("a) Về lĩnh vực lao động, thương binh và xã hội:")
    d.add_paragraph("+ Đề nghị tăng mức trợ cấp cho người có công với cách mạng cho phù hợp giá cả. (Cử tri xã Cư Lễ)")
    d.add_paragraph("b) Về lĩnh vực y tế:")
    d.add_paragraph("+ Đề nghị sửa đổi quy định thông tuyến bảo hiểm y tế tuyến tỉnh (Cử tri các xã: Văn Minh; 4 lượt ý kiến).")
    d.add_paragraph("B- NHÓM KIẾN NGHỊ GỬI TỈNH, HUYỆN")
    d.add_paragraph("a) Về lĩnh vực giao thông:")
    d.add_paragraph("+ Đề nghị sớm sửa chữa ngầm tràn Khuổi Slẩy, mùa mưa nước ngập không qua lại được.")
    d.add_paragraph("b) Về lĩnh vực thủy lợi, nước sinh hoạt:")
    d.add_paragraph("+ Ngoài ra, cử tri còn đề nghị sửa chữa đập Nà Đứa phục vụ tưới tiêu cho 10 ha ruộng.")
    path = tmp_path / "huyen.docx"
    d.save(path)
    rows = past_reports.read_report(path, Config()).rows
    assert rows[["sector", "authority"]].values.tolist() == [
        ["lao_dong_xa_hoi", "trung_uong"], ["y_te", "trung_uong"], ["giao_thong", "dia_phuong"],
        ["nong_nghiep", "dia_phuong"]]
    assert rows["text"].tolist()[1] == "Đề nghị sửa đổi quy định thông tuyến bảo hiểm y tế tuyến tỉnh"
    assert rows["text"].tolist()[3] == "Đề nghị sửa chữa đập Nà Đứa phục vụ tưới tiêu cho 10 ha ruộng"
