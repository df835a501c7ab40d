"""Generated WordprocessingML put into report.docx without parsing it.

Stands in for: ``docx.oxml.parse_xml`` of the report's generated blocks (the item
paragraphs and the tables of the annex, written as WordprocessingML by
``report.docx_writer``) and appending the parsed elements to the document body, which is
what ``_Docx.append_xml`` does on the plain path. Parsing the annex of 20,000 items into
python-docx's element classes and then serializing it again took most of report.docx's
time on a large round.

Here the blocks are not parsed: a placeholder element stands in the body, python-docx
saves the document, and ``fill`` splices the blocks' text into the saved document part in
place of the placeholders. The bytes are lxml's serialization of the same elements only
because the blocks are written as lxml writes them (the ``w:`` prefix of the document,
attributes in order, ``<x/>`` for an empty element, text escaped as lxml escapes it).

Verified on: python-docx 1.2 with lxml 6.2 (``VERIFIED``). When the versions differ, when
the self-check below disagrees, or with ``CUTRI_FAST=0``, ``usable()`` is False and the
plain path runs.
"""

from __future__ import annotations

import functools
import re

from . import enabled, versions_match

VERIFIED = {"python-docx": ("1.2",), "lxml": ("6.2",)}

NS = "urn:cutri:block"
_PLACEHOLDER = re.compile(rb'<cutri:block xmlns:cutri="urn:cutri:block" n="(\d+)"/>')

# a paragraph and a table row as report.docx writes them: spaces kept, escaped text, a tab, a
# line break, Vietnamese, attributes with quotes
SELF_CHECK = [
    '<w:p><w:pPr><w:pStyle w:val="CutriBody"/></w:pPr><w:r><w:t xml:space="preserve">1. </w:t></w:r>'
    '<w:r><w:t>Đề nghị sửa đường &amp; cầu &lt;ĐT 741&gt; "gấp"</w:t><w:tab/><w:t>xã</w:t><w:br/></w:r>'
    '<w:r><w:rPr><w:i/></w:rPr><w:t xml:space="preserve"> (Tổ 3, 2 ý kiến)</w:t></w:r><w:r/></w:p>',
    '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="9070" w:type="dxa"/></w:tblPr><w:tblGrid>'
    '<w:gridCol w:w="9070"/></w:tblGrid><w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr>'
    '<w:tcW w:w="9070" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:jc w:val="left"/></w:pPr>'
    '<w:r><w:t xml:space="preserve"/></w:r></w:p></w:tc></w:tr></w:tbl>',
]


class Blocks:
    """The generated blocks of one document, waiting for ``fill``."""

    def __init__(self):
        self.pieces: list[list[bytes]] = []

    def placeholder(self, body, pieces: list[bytes]):
        """The element to put in the body where ``pieces`` (UTF-8 XML) go."""
        el = body.makeelement(f"{{{NS}}}block", {"n": str(len(self.pieces))}, nsmap={"cutri": NS})
        self.pieces.append(pieces)
        return el

    def fill(self, xml: bytes):
        """The saved document part's bytes, in pieces, with the blocks in place of their placeholders."""
        parts = _PLACEHOLDER.split(xml)  # text, n, text, n, ..., text
        found = [int(n) for n in parts[1::2]]
        if found != list(range(len(self.pieces))):
            raise RuntimeError("report.docx: the placeholders of the generated blocks were not all found")
        yield parts[0]
        for i, tail in zip(found, parts[2::2]):
            yield from self.pieces[i]
            yield tail


def plain_append(append_body, pieces: list[bytes]) -> None:
    """The plain path: parse the blocks with python-docx's ``parse_xml`` and append the elements."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    root = parse_xml(f"<cutri:blocks xmlns:cutri=\"{NS}\" {nsdecls('w')}>".encode() + b"".join(pieces)
                     + b"</cutri:blocks>")
    for el in list(root):
        # lxml moves an element into another document in time quadratic in its size when its
        # namespace is declared above it (13 s for the annex table of 2,000 items): the element
        # goes over empty, then its children (the table's rows) one by one, same tree
        children = list(el)
        for child in children:
            el.remove(child)
        append_body(el)
        for child in children:
            el.append(child)


def _document_part(fast: bool) -> bytes:
    from docx import Document

    doc = Document()
    body = doc.element.body
    sect = body[-1]
    blocks = Blocks()
    for xml in SELF_CHECK:
        pieces = [xml.encode("utf-8")]
        if fast:
            sect.addprevious(blocks.placeholder(body, pieces))
        else:
            plain_append(sect.addprevious, pieces)
    blob = doc.part.blob
    return b"".join(blocks.fill(blob)) if fast else blob


@functools.lru_cache(maxsize=1)
def _trusted() -> bool:
    """The verified versions are installed and the self-check gives the plain path's bytes."""
    if not versions_match(VERIFIED):
        return False
    try:
        return _document_part(True) == _document_part(False)
    except Exception:
        return False


def usable() -> bool:
    """True when the blocks may be spliced in unparsed (``CUTRI_FAST`` on and the self-check passed)."""
    return enabled("docx_blocks") and _trusted()
