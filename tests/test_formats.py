"""Minutes in the formats offices hold (issue 16): PDF with a text layer, .odt, .ods and
legacy .doc, read through ``read_minutes`` and the CLI; scans, damaged PDFs and PDF
bombs are rejected with a Vietnamese reason, without hanging."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import office_formats as F
from cli import app
from pipeline import schemas as S
from pipeline.config import Config
from pipeline.ingest import read_minutes
from pipeline.ingest import formats as formats_mod
from pipeline.errors import FileReject
from pipeline.ingest.pdf import MAX_PAGES

CFG = Config()
FONT = F.unicode_font()
needs_font = pytest.mark.skipif(FONT is None, reason="no TrueType font with Vietnamese glyphs on this machine")
needs_soffice = pytest.mark.skipif(F.soffice() is None, reason="LibreOffice (soffice) is not installed")


def _found(res, truth):
    texts = res.records[S.TEXT_RAW].tolist()
    missing = [t for t in truth if not any(t in x for x in texts)]
    assert not missing, (missing, texts)


@needs_font
def test_pdf_minutes_read_like_docx(tmp_path):
    F.write_pdf(tmp_path / "bien_ban_tiep_xuc.pdf", F.PDF_LINES, FONT)
    res = read_minutes(tmp_path, CFG)
    assert len(res.records) == 3
    _found(res, F.PDF_TRUTH)
    assert set(res.records[S.UNIT]) == {F.PDF_UNIT}  # from the header, not the file name
    # the wrapped first request is one row, its tail is not a request of its own
    assert res.records[S.TEXT_RAW].iloc[0].endswith("xuống cấp nghiêm trọng.")
    assert res.records[S.SOURCE_REF].iloc[0].startswith("trang 1, dòng")
    skipped = res.skipped[S.TEXT_RAW].tolist() if S.TEXT_RAW in res.skipped else res.skipped["text"].tolist()
    assert any(t.startswith("Đồng chí Chủ tịch UBND xã tiếp thu") for t in skipped)  # the answer
    assert any("Lưu: VT" in t for t in skipped)
    assert res.rejects.empty
    assert res.files[0]["format"] == "pdf" and res.files[0]["n_records"] == 3


def test_odt_paragraphs_and_table_read_like_docx(tmp_path):
    F.write_odt(tmp_path / "tong_hop.odt", F.ODT_INTRO, F.ODT_TABLE, ["Trên đây là tổng hợp ý kiến cử tri."])
    res = read_minutes(tmp_path, CFG)
    assert len(res.records) == 3
    _found(res, F.ODT_TRUTH)
    assert set(res.records[S.UNIT]) == {F.ODT_UNIT}
    first = res.records.iloc[0]
    assert bool(first[S.ANSWERED]) and "khảo sát và sửa" in first["answer_text"]
    assert not res.records[S.ANSWERED].iloc[1:].any()
    assert res.rejects.empty and res.files[0]["format"] == "odt"


def test_odt_narrative_minutes_with_answers(tmp_path):
    F.write_odt(tmp_path / "bien_ban.odt", F.PDF_LINES)
    res = read_minutes(tmp_path, CFG)
    assert len(res.records) == 3
    _found(res, F.PDF_TRUTH)
    assert set(res.records[S.UNIT]) == {F.PDF_UNIT}


def test_ods_read_like_xlsx(tmp_path):
    F.write_ods(tmp_path / "tong_hop_huyen.ods", F.ODS_ROWS)
    res = read_minutes(tmp_path, CFG)
    assert len(res.records) == 3
    _found(res, F.ODS_TRUTH)
    assert res.records[S.UNIT].tolist() == ["Xã Yên Phú", "Xã Yên Phú", "Xã Yên Thọ"]
    seed = res.records.iloc[1]  # the typed answer row under item 2 is its answer, not an item
    assert bool(seed[S.ANSWERED]) and "kế hoạch hỗ trợ giống" in seed["answer_text"]
    assert res.rejects.empty and res.files[0]["format"] == "ods"


def test_scan_pdf_rejected_as_scan(tmp_path):
    F.write_blank_pdf(tmp_path / "ban_quet.pdf", pages=2)
    F.write_odt(tmp_path / "tong_hop.odt", F.ODT_INTRO, F.ODT_TABLE)
    res = read_minutes(tmp_path, CFG)
    assert len(res.records) == 3  # the good file is still read
    reason = res.rejects.set_index("file").loc["ban_quet.pdf", "reason"]
    assert "bản quét, không có lớp văn bản" in reason and "ban_quet.pdf" in reason


def test_damaged_pdf_and_page_bomb_rejected(tmp_path):
    (tmp_path / "hong.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nxref\ntrailer<<>>\n%%EOF")
    F.write_blank_pdf(tmp_path / "qua_nhieu_trang.pdf", pages=MAX_PAGES + 1)
    nested = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /X " + b"[" * 50000 + b"]" * 50000 + b" >>\nendobj\n"
    (tmp_path / "long_nhau.pdf").write_bytes(nested + b"trailer << /Root 1 0 R >>\n%%EOF\n")
    F.write_odt(tmp_path / "tong_hop.odt", F.ODT_INTRO, F.ODT_TABLE)
    res = read_minutes(tmp_path, CFG)
    assert len(res.records) == 3
    reasons = res.rejects.set_index("file")["reason"].to_dict()
    assert set(reasons) == {"hong.pdf", "qua_nhieu_trang.pdf", "long_nhau.pdf"}
    assert f"quá {MAX_PAGES} trang" in reasons["qua_nhieu_trang.pdf"]
    for name, reason in reasons.items():
        assert reason.startswith(f"Không đọc được tệp {name}:")
    statuses = {f["path"]: f["status"] for f in res.files}
    assert statuses["tong_hop.odt"] == "ok" and statuses["hong.pdf"] == "rejected"


def test_doc_without_libreoffice_says_how_to_fix(tmp_path, monkeypatch):
    # an OLE container holding a "WordDocument" stream: what Word 97-2003 saves
    from hostile_inputs import _cfb

    (tmp_path / "bien_ban_cu.doc").write_bytes(_cfb({"WordDocument": b"\xec\xa5" + b"\0" * 600}))
    F.write_odt(tmp_path / "tong_hop.odt", F.ODT_INTRO, F.ODT_TABLE)
    monkeypatch.setattr(formats_mod, "soffice_path", lambda: None)
    res = read_minutes(tmp_path, CFG)
    reason = res.rejects.set_index("file").loc["bien_ban_cu.doc", "reason"]
    assert "cài LibreOffice" in reason and "lưu lại thành .docx" in reason
    assert len(res.records) == 3


@needs_soffice
def test_doc_converted_by_libreoffice_through_cli(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    doc = F.write_doc(src / "bien_ban_dinh_tan.doc", F.PDF_LINES, tmp_path / "work")
    F.write_ods(src / "tong_hop_huyen.ods", F.ODS_ROWS)
    before = sorted(p.name for p in src.iterdir())
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(src), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in src.iterdir()) == before  # nothing written next to the input
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    entry = next(f for f in manifest["files"] if f["path"] == doc.name)
    assert entry["status"] == "ok" and entry["converted"] in ("soffice", "libreoffice")
    assert entry["n_records"] == 3
    res = read_minutes(src, CFG)
    assert len(res.records) == 6 and res.rejects.empty
    _found(res, F.PDF_TRUTH + F.ODS_TRUTH)


# --------------------------------------------------------------------------- PDF bounds from the config
def _pdf_file(objs: dict[int, bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for n in sorted(objs):
        offsets[n] = len(out)
        out += f"{n} 0 obj\n".encode() + objs[n] + b"\nendobj\n"
    xref, size = len(out), max(objs) + 1
    out += f"xref\n0 {size}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offsets[n]:010d} 00000 n \n".encode() for n in range(1, size))
    return bytes(out + f"trailer << /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())


def page_tree_bomb(fan: int = 12, depth: int = 8) -> bytes:
    """Every node of the page tree lists the next one ``fan`` times: fan**depth pages behind a
    /Count that says 5, found only by walking the tree."""
    objs = {1: b"<< /Type /Catalog /Pages 2 0 R >>"}
    for d in range(depth):
        kids = b" ".join([f"{3 + d} 0 R".encode()] * fan)
        objs[2 + d] = b"<< /Type /Pages /Kids [" + kids + b"] /Count 5 >>"
    objs[2 + depth] = b"<< /Type /Page /MediaBox [0 0 595 842] /Parent 2 0 R >>"
    return _pdf_file(objs)


BOUNDED = Config().replace(ingest={"pdf_max_pages": 50, "pdf_max_seconds": 10.0, "pdf_max_memory_mb": 400})


def test_pdf_bombs_are_rejected_within_the_configured_bounds(tmp_path):
    (tmp_path / "cay_trang.pdf").write_bytes(page_tree_bomb())
    (tmp_path / "nghin_trang.pdf").write_bytes(page_tree_bomb(fan=10, depth=3))  # 1000 pages in 1 kB
    nested = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /X " + b"[" * 200000 + b"]" * 200000
    (tmp_path / "long_nhau.pdf").write_bytes(nested + b" >>\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    F.write_odt(tmp_path / "tong_hop.odt", F.ODT_INTRO, F.ODT_TABLE)
    res = read_minutes(tmp_path, BOUNDED)
    assert len(res.records) == 3  # the good file is still read
    reasons = res.rejects.set_index("file")["reason"].to_dict()
    assert set(reasons) == {"cay_trang.pdf", "nghin_trang.pdf", "long_nhau.pdf"}
    assert "có 1000 trang, quá 50 trang" in reasons["nghin_trang.pdf"]
    for name, reason in reasons.items():
        assert reason.startswith(f"Không đọc được tệp {name}: tệp PDF"), reason


def test_pdf_page_limit_comes_from_the_config(tmp_path):
    F.write_blank_pdf(tmp_path / "ba_trang.pdf", pages=3)
    F.write_odt(tmp_path / "tong_hop.odt", F.ODT_INTRO, F.ODT_TABLE)
    res = read_minutes(tmp_path, Config().replace(ingest={"pdf_max_pages": 2}))
    assert "có 3 trang, quá 2 trang" in res.rejects.set_index("file").loc["ba_trang.pdf", "reason"]


def test_pdf_extraction_that_hangs_or_eats_memory_is_stopped(tmp_path, monkeypatch):
    import os
    import time

    from pipeline.ingest import pdf as pdf_mod

    if not hasattr(os, "fork"):
        pytest.skip("the child-process bound needs fork")
    path = F.write_blank_pdf(tmp_path / "x.pdf")
    # what a PDF bomb does inside pypdf, played by the extraction itself
    monkeypatch.setattr(pdf_mod, "_GRACE", 0.2)
    monkeypatch.setattr(pdf_mod, "_extract", lambda *a: time.sleep(120))
    with pytest.raises(FileReject, match="đọc quá 0.5 giây"):
        pdf_mod.pdf_pages(path, pdf_mod.PdfLimits(max_seconds=0.5))
    monkeypatch.setattr(pdf_mod, "_extract", lambda *a: [bytearray(64 << 20) for _ in range(100)])
    with pytest.raises(FileReject, match="quá 200 MB bộ nhớ"):
        pdf_mod.pdf_pages(path, pdf_mod.PdfLimits(max_memory_mb=200))


def test_pdf_bounds_must_be_positive(tmp_path):
    from pipeline.config import load_config
    from pipeline.errors import ConfigError

    (tmp_path / "c.toml").write_text("[ingest]\npdf_max_seconds = 0\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="pdf_max_seconds"):
        load_config(tmp_path / "c.toml")


@needs_font
def test_pdf_report_with_a_table_is_read_like_a_word_table(tmp_path):
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    pdf = FPDF(format="A4")
    pdf.add_font("vn", fname=str(FONT))
    pdf.set_font("vn", size=10)
    pdf.add_page()
    pdf.multi_cell(0, 6, "ỦY BAN NHÂN DÂN HUYỆN TĨNH GIA", new_x="LMARGIN", new_y="NEXT")
    rows = [["STT", "Nội dung kiến nghị", "Địa phương"],
            ["1", "Đề nghị xây dựng cầu tràn qua suối Bạng, mùa lũ học sinh phải nghỉ học nhiều ngày.", "Xã Hải Nhân"],
            ["2", "Đề nghị bố trí thêm một bác sĩ cho trạm y tế xã.", "Xã Định Hải"]]
    with pdf.table(col_widths=(12, 120, 40), headings_style=FontFace(emphasis=None)) as table:
        for values in rows:
            row = table.row()
            for v in values:
                row.cell(v)
    pdf.multi_cell(0, 6, "Trên đây là tổng hợp ý kiến, kiến nghị của cử tri huyện Tĩnh Gia./.",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(tmp_path / "bao_cao_bang.pdf"))
    res = read_minutes(tmp_path, CFG)
    got = list(zip(res.records[S.UNIT], res.records[S.TEXT_RAW]))
    assert got == [("Xã Hải Nhân", "Đề nghị xây dựng cầu tràn qua suối Bạng, mùa lũ học sinh phải nghỉ học nhiều ngày."),
                   ("Xã Định Hải", "Đề nghị bố trí thêm một bác sĩ cho trạm y tế xã.")]
    assert res.records[S.SOURCE_REF].tolist() == ["bảng 1, hàng 2", "bảng 1, hàng 3"]
    assert "Trên đây là" in " ".join(res.skipped["text"])
