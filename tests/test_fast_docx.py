"""pipeline.fast.docx_blocks: report.docx's generated blocks spliced unparsed = parsed by python-docx."""

from __future__ import annotations

import io
import zipfile

from pipeline.fast import docx_blocks as B


def test_self_check_passes_on_the_verified_versions():
    assert B.versions_match(B.VERIFIED)  # pyproject's python-docx and lxml are the verified ones
    assert B._trusted()
    assert B._document_part(True) == B._document_part(False)


def test_self_check_would_catch_xml_not_written_as_lxml_writes_it(monkeypatch):
    # single quotes and a spelled-out empty element: the same elements, other bytes
    monkeypatch.setattr(B, "SELF_CHECK", ["<w:p><w:r><w:t xml:space='preserve'>Đề nghị</w:t><w:br></w:br></w:r></w:p>"])
    assert B._document_part(True) != B._document_part(False)


def test_report_docx_same_bytes_both_ways(monkeypatch):
    from pipeline.report.docx_writer import _Docx, _Group

    def render(fast: str) -> bytes:
        monkeypatch.setenv("CUTRI_FAST", fast)
        d = _Docx({})
        d.para(d.doc, "Mở đầu")
        d.grid(["STT", "Nội dung"], [_Group("Xã An Phú"), [1, "Sửa đường <liên xã> & cống\nthoát nước"],
                                     [2, "  Trường học  "]], [1.5, 14.5], 12, ["center", "justify"], total=["", "2"])
        d.para(d.doc, "Kết thúc")
        return d.save()

    fast, plain = render("1"), render("0")
    assert fast == plain
    xml = zipfile.ZipFile(io.BytesIO(fast)).read("word/document.xml").decode("utf-8")
    assert "cutri:block" not in xml and "Sửa đường &lt;liên xã&gt; &amp; cống" in xml
    assert xml.index("Mở đầu") < xml.index("Xã An Phú") < xml.index("Kết thúc")
