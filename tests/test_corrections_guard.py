"""Review workbooks that must not be read as they are: a zip bomb, an entity bomb, another
round's workbook (refused unless confirmed), an older cutri's workbook (read, with a warning).
Run through the CLI on two small rounds written here."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from pipeline import corrections as C
from pipeline import schemas as S

from corrections_helpers import CFG, HUNG_LOI, ROWS, TAN_LAP


def _cli(*args):
    from typer.testing import CliRunner

    from cli import app

    return CliRunner().invoke(app, ["run", *[str(a) for a in args]])


def _minutes(folder: Path, unit: str, requests: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["BIÊN BẢN HỘI NGHỊ TIẾP XÚC CỬ TRI", f"Đơn vị: {unit}", "Ý kiến cử tri:"]
    lines += [f"{k}. {text}" for k, text in enumerate(requests, start=1)]
    (folder / "bien_ban.txt").write_text("\n".join(lines), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def two_rounds(tmp_path_factory):
    """Round A run once through the CLI (its review.xlsx), and round B's minutes."""
    base = tmp_path_factory.mktemp("hai_dot")
    a = _minutes(base / "dot_a", TAN_LAP, [r[1] for r in ROWS if r[0] == TAN_LAP] + [ROWS[2][1]])
    b = _minutes(base / "dot_b", HUNG_LOI, [
        "Đề nghị xây dựng cầu treo qua suối Nậm Cắt cho học sinh thôn Khuổi Phầy đi học an toàn.",
        "Đề nghị hỗ trợ kinh phí làm đường bê tông nội đồng thôn Bản Chang.",
    ])
    res = _cli(a, "--out", base / "out_a", "--date", "2026-11-05")
    assert res.exit_code == 0, res.output
    return base, a, b


def _analyst_edit(review: Path, dest: Path) -> tuple[Path, str]:
    """The first recommendation's sector corrected, as an analyst does in Excel; returns its id."""
    wb = load_workbook(review)
    ws = wb[C.REVIEW_SHEET]
    header = {ws.cell(row=C.HEADER_ROW, column=j).value: j for j in range(1, ws.max_column + 1)}
    first = C.HEADER_ROW + 1
    ws.cell(row=first, column=header["Lĩnh vực đúng"]).value = CFG.taxonomy.label("y_te")
    wb.save(dest)
    return dest, ws.cell(row=first, column=1).value


def _shared_strings_bomb(review: Path, dest: Path, size: int = 510 << 20) -> Path:
    """review.xlsx whose shared strings inflate to ``size`` bytes (a megabyte or two packed)."""
    import zipfile

    with zipfile.ZipFile(review) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename != "xl/sharedStrings.xml":
                zout.writestr(info, zin.read(info.filename))
                continue
            with zout.open(info.filename, "w", force_zip64=True) as fh:
                fh.write(b'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="http://schemas.openxmlformats.org/'
                         b'spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>')
                block = "Đề nghị sửa đường ".encode("utf-8") * (1 << 16)
                for _ in range(size // len(block)):
                    fh.write(block)
                fh.write(b"</t></si></sst>")
    return dest


def test_a_review_workbook_bomb_is_refused_before_it_is_parsed(two_rounds, tmp_path):
    """Before: a 1.2 MB review workbook whose shared strings inflate to 510 MB hung past 300 s at
    2.7 GB. Now ingest's Office zip checks run first: one Vietnamese line, exit 1, nothing written."""
    base, a, _ = two_rounds
    bomb = _shared_strings_bomb(base / "out_a" / "review.xlsx", tmp_path / "ra_soat_bom.xlsx")
    assert bomb.stat().st_size < 4 << 20
    res = _cli(a, "--out", tmp_path / "out", "--date", "2026-11-05", "--corrections", bomb)
    assert res.exit_code == 1, res.output
    assert "ra_soat_bom.xlsx" in res.output and "giải nén ra quá lớn" in res.output and "zip bomb" in res.output
    assert not (tmp_path / "out" / "corrections.csv").exists()
    # with a register the workbook is also looked at for link decisions: checked first there too
    res = _cli(a, "--out", tmp_path / "out", "--date", "2026-11-05", "--corrections", bomb,
               "--register", tmp_path / "so.sqlite")
    assert res.exit_code == 1 and "ra_soat_bom.xlsx" in res.output and "zip bomb" in res.output, res.output

    import hostile_inputs as H

    entity = tmp_path / "ra_soat_thuc_the.xlsx"
    entity.write_bytes((base / "out_a" / "review.xlsx").read_bytes())
    H._replace_member(entity, "xl/worksheets/sheet1.xml", H._inject(H.BILLION_LAUGHS, "&lol9;"))
    res = _cli(a, "--out", tmp_path / "out", "--date", "2026-11-05", "--corrections", entity)
    assert res.exit_code == 1 and "ra_soat_thuc_the.xlsx" in res.output and "DOCTYPE/ENTITY" in res.output


def test_a_review_workbook_of_another_round_is_refused_unless_confirmed(two_rounds, tmp_path):
    base, a, b = two_rounds
    edited, item = _analyst_edit(base / "out_a" / "review.xlsx", tmp_path / "review_da_sua.xlsx")
    assert C.stored_fingerprint(edited)  # kept through the analyst's save
    out_b = tmp_path / "out_b"
    res = _cli(b, "--out", out_b, "--date", "2026-11-05", "--corrections", edited)
    assert res.exit_code == 1, res.output
    assert "review_da_sua.xlsx" in res.output and "một đợt khác" in res.output and "--accept-other-round" in res.output
    assert not (out_b / "corrections.csv").exists()

    res = _cli(b, "--out", out_b, "--date", "2026-11-05", "--corrections", edited, "--accept-other-round")
    assert res.exit_code == 0, res.output
    assert "được tạo cho một đợt khác; vẫn áp dụng" in res.output
    log = pd.read_csv(out_b / "corrections.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert log.set_index("item_id").loc[item, "orphan"] == "True"  # kept, but on no item of round B

    # its own round takes it without a word
    out_a = tmp_path / "out_a"
    res = _cli(a, "--out", out_a, "--date", "2026-11-05", "--corrections", edited)
    assert res.exit_code == 0 and "tạo cho một đợt khác" not in res.output, res.output
    items = pd.read_csv(out_a / "recommendations.csv", dtype=str, keep_default_na=False)
    assert items.set_index(S.ITEM_ID).loc[item, S.SECTOR] == "y_te"


def test_a_review_workbook_without_a_round_fingerprint_is_accepted_with_a_warning(two_rounds, tmp_path):
    base, a, _ = two_rounds
    edited, item = _analyst_edit(base / "out_a" / "review.xlsx", tmp_path / "review_cu.xlsx")
    wb = load_workbook(edited)
    for prop in list(wb.custom_doc_props):  # as an older cutri wrote it
        wb.custom_doc_props.props.remove(prop)
    wb.save(edited)
    assert C.stored_fingerprint(edited) is None
    res = _cli(a, "--out", tmp_path / "out", "--date", "2026-11-05", "--corrections", edited)
    assert res.exit_code == 0, res.output
    assert "review_cu.xlsx" in res.output and "phiên bản cutri cũ" in res.output
    items = pd.read_csv(tmp_path / "out" / "recommendations.csv", dtype=str, keep_default_na=False)
    assert items.set_index(S.ITEM_ID).loc[item, S.SECTOR] == "y_te"
