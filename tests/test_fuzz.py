"""Property tests (hypothesis) of the segmenter, the header detection and text decoding.

Bounded (max_examples, no deadline) so the suite stays fast; the strategies mix
real minutes vocabulary with arbitrary Unicode so that both realistic and
hostile lines are tried.
"""

from __future__ import annotations

import os
import string

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from fixtures_ingest import MINUTES
from pipeline.config import Config
from pipeline.ingest import _cell_str, _Out, column_role, detect_header, parse_table
from pipeline.normalize import decode_bytes
from pipeline.segment import segment_minutes

# database=None: no .hypothesis folder is written into the working directory
# CUTRI_FUZZ_EXAMPLES raises the number of examples for a longer hunt by hand (60 in the suite)
FUZZ = settings(max_examples=int(os.environ.get("CUTRI_FUZZ_EXAMPLES", "60")), deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])

WORDS = [
    "Cử tri", "Nguyễn Văn An", "thôn Nà Lừa", "đề nghị", "kiến nghị:", "Ông", "Bà", "giải trình", "Chủ tịch UBND xã",
    "(Đã được giải trình tại hội nghị)", "II. Ý KIẾN, KIẾN NGHỊ CỦA CỬ TRI", "1.", "a)", "-", "+", "•", ";", ":",
    "sửa đường", "BHYT", "Tổng cộng", "STT", "Nội dung kiến nghị", "Họ tên cử tri", "Đơn vị", "=SUM(A1)", "<script>",
    "\u0301", "\u00a0", "\t", "BIÊN BẢN", "Hội nghị kết thúc", "ngày 5 tháng 10 năm 2026", "Số cử tri tham dự: 95",
]
word = st.one_of(st.sampled_from(WORDS), st.text(max_size=12))
line = st.lists(word, max_size=10).map(" ".join)
lines = st.lists(st.one_of(line, st.sampled_from(MINUTES)), max_size=25)


@FUZZ
@given(lines)
def test_segmenter_never_raises_and_loses_no_line(ls):
    seg = segment_minutes(ls)
    covered = {it.line for it in seg.items} | {sk.line for sk in seg.skipped}
    for i, text in enumerate(ls):
        if text.strip():
            assert i in covered, (i, text)
        else:
            assert i not in covered
    for it in seg.items:
        assert it.text.strip()
        assert it.ref.startswith("dòng ")
    assert all(isinstance(it.answered, bool) for it in seg.items)


@FUZZ
@given(lines)
def test_segmenter_is_deterministic(ls):
    a, b = segment_minutes(ls), segment_minutes(list(ls))
    assert [(i.ref, i.text, i.speaker) for i in a.items] == [(i.ref, i.text, i.speaker) for i in b.items]


cell = st.one_of(st.none(), st.integers(-5, 5000), st.floats(allow_nan=True), st.booleans(),
                 st.sampled_from(WORDS), st.text(max_size=30))
grid = st.lists(st.lists(cell, max_size=8), max_size=15)


@FUZZ
@given(grid)
def test_header_detection_never_raises_and_names_a_content_column(g):
    found = detect_header(g)
    if found is not None:
        r, roles, height = found
        assert 0 <= r < len(g) and height in (1, 2)
        assert "content" in roles and len(roles) >= 2
        assert column_role(g[r][roles["content"]]) == "content" or height == 2


@FUZZ
@given(grid)
@example(g=[["Cử tri", "thôn Nà Lừa"]])  # a voter's address once passed for a second header row
def test_every_nonempty_row_below_a_header_is_accounted_for(g):
    """Each non-empty data row becomes a record, a skipped row or a reject (nothing lost)."""
    header = [["STT", "Họ tên cử tri", "Nội dung kiến nghị"]]
    out = _Out("t.xlsx")
    n = parse_table(header + g, [], out=out, part="", ref=lambda r: f"S!R{r + 1}", unit="Xã A", key=lambda r: (r,))
    assert n is not None
    refs = [r["source_ref"] for r in out.records] + [s["location"] for s in out.skipped] + \
           [j["location"] for j in out.rejects]
    for i, row in enumerate(g):
        cells = [(c, _cell_str(v).strip()) for c, v in enumerate(row)]
        filled = [(c, v) for c, v in cells if v]
        if not filled:
            continue
        # the one silent case: a pre-numbered empty row (a short number in the STT column only)
        if all(c == 0 and len(v) <= 5 for c, v in filled):
            continue
        assert f"S!R{i + 2}" in refs, row


@FUZZ
@given(st.binary(max_size=400))
def test_decode_bytes_returns_text_or_says_binary(data):
    try:
        text, enc = decode_bytes(data)
    except ValueError as exc:
        assert str(exc) == "binary"
        return
    assert isinstance(text, str) and enc


@FUZZ
@given(st.lists(st.text(alphabet=string.printable + "ăâđêôơưáàảãạẮỳ\u0301", max_size=40), max_size=10),
       st.sampled_from(["utf-8", "utf-16", "utf-8-sig"]))
def test_decode_bytes_round_trips_unicode_files(ls, enc):
    text = "\n".join(ls)
    got, _ = decode_bytes(text.encode(enc))
    if enc != "utf-8":  # with a BOM the bytes are decoded as they are; plain UTF-8 may be repaired
        assert got == text


def test_config_is_importable_for_fuzzing():
    assert Config().ingest.min_text_chars > 0
