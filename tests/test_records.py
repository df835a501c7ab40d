"""Raw records → recommendations: canonical text, deterministic ids, short-text rejects."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import schemas as S
from pipeline.config import IngestSettings
from pipeline.fast import csv_format
from pipeline.records import build_recommendations, item_id_for


def raw(rows):
    base = {S.SPEAKER: "", S.ANSWERED: False, S.MEETING_ID: "m1"}
    return pd.DataFrame([{**base, **r} for r in rows], columns=S.RAW_COLUMNS)


ROWS = [
    {S.UNIT: "Xã Tân Lập", S.SOURCE_FILE: "a.xlsx", S.SOURCE_REF: "Sheet1!R5", S.SEQ: 1,
     S.TEXT_RAW: "Đề nghị sửa chữa đường liên xã Tân Lập  đã xuống cấp"},
    {S.UNIT: "Xã Tân Lập", S.SOURCE_FILE: "a.xlsx", S.SOURCE_REF: "Sheet1!R6", S.SEQ: 2,
     S.TEXT_RAW: "Đề nghị sửa chữa đường liên xã Tân Lập đã xuống cấp"},
    {S.UNIT: "Xã Yên Phú", S.SOURCE_FILE: "b.txt", S.SOURCE_REF: "dòng 3", S.SEQ: 1,
     S.TEXT_RAW: "Đề nghị sửa chữa đường liên xã Tân Lập đã xuống cấp"},
    {S.UNIT: "Xã Yên Phú", S.SOURCE_FILE: "b.txt", S.SOURCE_REF: "dòng 4", S.SEQ: 2, S.TEXT_RAW: "x"},
]


def test_ids_are_deterministic_and_number_exact_repeats():
    items, rejects = build_recommendations(raw(ROWS), IngestSettings())
    assert list(items[S.TEXT])[0] == "Đề nghị sửa chữa đường liên xã Tân Lập đã xuống cấp"
    base = item_id_for("Xã Tân Lập", items[S.TEXT][0])
    assert list(items[S.ITEM_ID][:2]) == [base, f"{base}-2"]
    # the same text in another unit is another recommendation
    assert items[S.ITEM_ID][2] == item_id_for("Xã Yên Phú", items[S.TEXT][2]) != base
    assert len(rejects) == 1 and rejects.iloc[0]["location"] == "dòng 4"
    assert "quá ngắn" in rejects.iloc[0]["reason"]


def test_ids_do_not_change_when_files_are_added():
    first, _ = build_recommendations(raw(ROWS[:2]), IngestSettings())
    extra = {S.UNIT: "Phường Minh Xuân", S.SOURCE_FILE: "0_dau.xlsx", S.SOURCE_REF: "S!R2", S.SEQ: 1,
             S.TEXT_RAW: "Đề nghị lắp đèn chiếu sáng tổ dân phố 7"}
    second, _ = build_recommendations(raw([extra] + ROWS[:2]), IngestSettings())
    assert set(first[S.ITEM_ID]) <= set(second[S.ITEM_ID])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=40), max_size=25))
def test_no_row_is_lost(texts):
    rows = [
        {S.UNIT: "Xã A", S.SOURCE_FILE: "f.txt", S.SOURCE_REF: f"dòng {i}", S.SEQ: i, S.TEXT_RAW: t}
        for i, t in enumerate(texts)
    ]
    items, rejects = build_recommendations(raw(rows), IngestSettings())
    assert len(items) + len(rejects) == len(texts)
    assert items[S.ITEM_ID].is_unique


def _pandas_csv(df) -> bytes:
    import io as text_io

    buf = text_io.BytesIO()
    df.to_csv(buf, index=False, encoding="utf-8-sig", lineterminator="\n")
    return buf.getvalue()


def _fast_csv(df) -> bytes:
    from pipeline import io

    pieces = csv_format.csv_pieces(df)
    assert pieces is not None, "the fast writer should take this frame"
    return b"\xef\xbb\xbf" + b"".join(bytes(p) for p in pieces)


_CSV_TEXT = st.one_of(st.none(), st.text(alphabet='ab ,"\n\r\t\x00;\'đĐƯ😀=', max_size=8))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_CSV_TEXT, _CSV_TEXT, st.booleans(), st.integers(-10**12, 10**12),
                          st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.just(0.30000000000000004))),
                min_size=1, max_size=12),
       st.booleans())
def test_fast_csv_writes_what_pandas_writes(rows, arrow_strings):
    """Text (object or arrow-backed), bool, int64 and float64 columns: byte for byte pandas' CSV."""
    import pandas as pd

    df = pd.DataFrame(rows, columns=["chữ, 1", 'b"', "c", "d", "e"]).astype({"c": bool, "d": "int64", "e": "float64"})
    if arrow_strings:
        df = df.astype({"chữ, 1": "string[pyarrow]", 'b"': "str"})
    assert _fast_csv(df) == _pandas_csv(df)


def test_fast_csv_on_pieces_and_real_tables(tmp_path, monkeypatch):
    """Tables like the pipeline's, written in small pieces: the same bytes as pandas, through write_csv."""
    import pandas as pd

    from pipeline import io

    monkeypatch.setattr(csv_format, "ROWS_PER_PIECE", 7)
    df = pd.DataFrame({
        S.ITEM_ID: [f"R{i:04d}" for i in range(50)],
        S.TEXT: [f"Đề nghị sửa đường, cầu \"số {i}\"\nthôn {i}" if i % 3 else f"Hỗ trợ {i}" for i in range(50)],
        "score": [i / 7 for i in range(50)],
        "flag": [i % 2 == 0 for i in range(50)],
        "n": list(range(50)),
    }).astype({S.TEXT: "str"})
    assert _fast_csv(df) == _pandas_csv(df)
    io.write_csv(tmp_path / "a.csv", df)
    assert (tmp_path / "a.csv").read_bytes() == _pandas_csv(df)


def test_csv_kinds_the_fast_writer_leaves_to_pandas(tmp_path):
    import pandas as pd

    from pipeline import io

    for df in (pd.DataFrame({"a": ["x", ""]}),  # one column: the csv module writes a lone empty field as ""
               pd.DataFrame({"a": ["x"], "b": pd.array([1], dtype="Int64")}),
               pd.DataFrame({"a": ["x"], "b": [[1, 2]]}),
               pd.DataFrame({"a": [], "b": []})):
        assert csv_format.csv_pieces(df) is None
        io.write_csv(tmp_path / "a.csv", df)
        assert (tmp_path / "a.csv").read_bytes() == _pandas_csv(df)


def test_fast_csv_is_not_used_on_unverified_versions(monkeypatch):
    monkeypatch.setattr(csv_format, "VERIFIED", {"pandas": ("0.1",)})
    csv_format._trusted.cache_clear()
    try:
        assert csv_format.csv_pieces(pd.DataFrame({"a": ["x"], "b": ["y"]})) is None
    finally:
        monkeypatch.undo()
        csv_format._trusted.cache_clear()
    assert csv_format.csv_pieces(pd.DataFrame({"a": ["x"], "b": ["y"]})) is not None
