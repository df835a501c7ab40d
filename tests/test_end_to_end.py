"""End-to-end: an analyst edits review.xlsx, reruns, adds a unit, reruns again.

This is the workflow of the corrections issue, through the real CLI, the real
tokenizer and the real classifier and clustering.
"""

from __future__ import annotations

import shutil

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from cli import app
from pipeline import schemas as S
from pipeline.config import Config

HEADER_ROW_MARK = "Mã kiến nghị"
LATE_UNIT = "xa_kim_son"  # this unit's minutes "arrive late"


_STORE: dict = {}  # this module's own model store: its corrections must not teach other tests' models


def _run(args, **env):
    env = {"CI": "1", "CUTRI_STORE_DIR": _STORE["dir"], **env}
    result = CliRunner().invoke(app, ["run", *args], env=env)
    assert result.exit_code == 0, result.output
    return result


def _header(ws):
    for row in ws.iter_rows(min_row=1, max_row=10):
        values = [c.value for c in row]
        if HEADER_ROW_MARK in values:
            return row[0].row, {v: i + 1 for i, v in enumerate(values) if v}
    raise AssertionError("review.xlsx has no header row")


@pytest.fixture(scope="module")
def workflow(tmp_path_factory, repo_root):
    base = tmp_path_factory.mktemp("e2e")
    _STORE["dir"] = str(base / "store")
    src = base / "dot_1"
    shutil.copytree(repo_root / "data/raw/sample", src)
    late = base / "late"
    shutil.move(str(src / LATE_UNIT), str(late))
    out = base / "out"
    _run([str(src), "--out", str(out), "--date", "2026-11-05"])
    first = pd.read_parquet(out / "recommendations.parquet")

    # --- the analyst edits the workbook in Excel (here: openpyxl) ---
    wb = openpyxl.load_workbook(out / "review.xlsx")
    ws = wb["Rà soát"]
    hrow, col = _header(ws)
    rows = {ws.cell(r, col["Mã kiến nghị"]).value: r for r in range(hrow + 1, ws.max_row + 1)}
    cfg = Config()
    by_id = first.set_index(S.ITEM_ID)
    ids = list(first[S.ITEM_ID])
    a = ids[0]
    new_sector = next(s for s in cfg.taxonomy.slugs if s not in (by_id.at[a, S.SECTOR], "khac"))
    ws.cell(rows[a], col["Lĩnh vực đúng"]).value = cfg.taxonomy.label(new_sector)
    b = ids[1]
    new_auth = S.LOCAL if by_id.at[b, S.AUTHORITY] == S.CENTRAL else S.CENTRAL
    ws.cell(rows[b], col["Thẩm quyền đúng"]).value = "Trung ương" if new_auth == S.CENTRAL else "Địa phương"
    c = ids[2]
    ws.cell(rows[c], col["Không phải kiến nghị"]).value = "x"
    # merge d into the cluster of e: two items of the same authority in different clusters
    d, e = next(
        (x, y)
        for x in ids[3:]
        for y in ids[3:]
        if x != y
        and by_id.at[x, S.AUTHORITY] == by_id.at[y, S.AUTHORITY]
        and by_id.at[x, S.CLUSTER_ID] != by_id.at[y, S.CLUSTER_ID]
    )
    target_cluster = by_id.at[e, S.CLUSTER_ID]
    ws.cell(rows[d], col["Gộp vào cụm"]).value = target_cluster
    edited = base / "review_da_sua.xlsx"
    wb.save(edited)

    _run([str(src), "--out", str(out), "--date", "2026-11-05", "--corrections", str(edited)])
    second = pd.read_parquet(out / "recommendations.parquet")
    second_bytes = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}

    # --- one more unit's minutes arrive; rerun without naming the corrections again ---
    shutil.move(str(late), str(src / LATE_UNIT))
    _run([str(src), "--out", str(out), "--date", "2026-11-05"])
    third = pd.read_parquet(out / "recommendations.parquet")
    return {
        "out": out, "first": first, "second": second, "third": third, "second_bytes": second_bytes,
        "a": a, "b": b, "c": c, "d": d, "e": e, "new_sector": new_sector, "new_auth": new_auth,
        "target_cluster": target_cluster, "src": src, "cfg": cfg,
    }


def _check_fixes(df, w):
    df = df.set_index(S.ITEM_ID)
    assert df.at[w["a"], S.SECTOR] == w["new_sector"]
    assert df.at[w["a"], S.SECTOR_SOURCE] == S.SOURCE_CORRECTION
    assert df.at[w["a"], S.SECTOR_LABEL] == w["cfg"].taxonomy.label(w["new_sector"])
    assert df.at[w["b"], S.AUTHORITY] == w["new_auth"]
    assert df.at[w["b"], S.AUTHORITY_SOURCE] == S.SOURCE_CORRECTION
    assert bool(df.at[w["c"], S.NOT_RECOMMENDATION]) is True
    assert df.at[w["c"], S.CLUSTER_ID] == ""
    assert df.at[w["d"], S.CLUSTER_ID] == df.at[w["e"], S.CLUSTER_ID]


def test_corrections_show_in_the_data(workflow):
    w = workflow
    first = w["first"].set_index(S.ITEM_ID)
    assert first.at[w["a"], S.SECTOR] != w["new_sector"]
    _check_fixes(w["second"], w)
    # the model's own answer is kept beside the final value; before the correction
    # the two agreed, after it they come from different sources
    assert first.at[w["a"], S.SECTOR_PREDICTED] == first.at[w["a"], S.SECTOR]
    assert first.at[w["a"], S.SECTOR_SOURCE] != S.SOURCE_CORRECTION
    second = w["second"].set_index(S.ITEM_ID)
    assert second.at[w["a"], S.SECTOR_PREDICTED] in w["cfg"].taxonomy.slugs
    untouched = second.drop(index=[w["a"], w["b"], w["c"], w["d"]])
    assert (untouched[S.SECTOR_SOURCE] != S.SOURCE_CORRECTION).all()


def test_corrections_survive_rerun_with_a_new_unit(workflow):
    w = workflow
    _check_fixes(w["third"], w)
    assert len(w["third"]) > len(w["second"])
    assert w["third"][S.UNIT].nunique() == w["second"][S.UNIT].nunique() + 1
    log = pd.read_csv(w["out"] / "corrections.csv", dtype=str, keep_default_na=False)
    assert {w["a"], w["b"], w["c"], w["d"]} <= set(log[S.ITEM_ID])


def test_corrections_show_in_every_output(workflow):
    w = workflow
    out = w["out"]
    clusters = pd.read_csv(out / "clusters.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    merged = clusters[clusters[S.CLUSTER_ID] == w["third"].set_index(S.ITEM_ID).at[w["d"], S.CLUSTER_ID]]
    assert len(merged) == 1
    assert w["d"] in merged.iloc[0]["item_ids"].split("; ") and w["e"] in merged.iloc[0]["item_ids"].split("; ")
    assert not clusters["item_ids"].str.contains(w["c"]).any()
    # report.xlsx: the corrected sector label stands on the item's row
    wb = openpyxl.load_workbook(out / "report.xlsx", read_only=True)
    ws = wb["Tất cả kiến nghị"]
    rows = [r for r in ws.iter_rows(values_only=True) if w["a"] in r]
    assert rows and w["cfg"].taxonomy.label(w["new_sector"]) in rows[0]
    html = (out / "report.html").read_text(encoding="utf-8")
    text_c = w["third"].set_index(S.ITEM_ID).at[w["c"], S.TEXT]
    # the report states how many items the analysts corrected (a, b, c and d)
    assert "4 ý kiến đã được chuyên viên rà soát, điều chỉnh" in html
    assert text_c not in html.split("Phụ lục")[0] if "Phụ lục" in html else True
    # review.xlsx of the rerun shows the stored corrections pre-filled
    wb = openpyxl.load_workbook(out / "review.xlsx")
    ws = wb["Rà soát"]
    hrow, col = _header(ws)
    for r in range(hrow + 1, ws.max_row + 1):
        if ws.cell(r, col["Mã kiến nghị"]).value == w["c"]:
            assert str(ws.cell(r, col["Không phải kiến nghị"]).value).lower() == "x"
            break
    else:
        raise AssertionError(f"{w['c']} ({text_c[:30]}) missing from review.xlsx")


def test_rerun_with_same_corrections_is_byte_identical(workflow, tmp_path):
    w = workflow
    src = tmp_path / "dot_1"
    shutil.copytree(w["src"], src)
    shutil.rmtree(src / LATE_UNIT)
    out = tmp_path / "out"
    out.mkdir()
    shutil.copy(w["out"] / "corrections.csv", out / "corrections.csv")
    # another out folder is another round, which would learn round 1's stored corrections:
    # give it the store round 1 had when it ran (no other round's corrections)
    _run([str(src), "--out", str(out), "--date", "2026-11-05"], CUTRI_STORE_DIR=str(tmp_path / "store"))
    _check_fixes(pd.read_parquet(out / "recommendations.parquet"), w)
    # same input + same corrections -> the same bytes as the second run
    differing = sorted(
        name for name, data in w["second_bytes"].items()
        if name != "manifest.json" and (out / name).read_bytes() != data
    )
    assert differing == []


def test_corrections_teach_other_rounds_not_their_own_model(workflow, tmp_path):
    """Round 1's corrections are stored as training data: another round's model learns
    them; round 1's own model stays the cached one, so its corrections-only rerun is cheap."""
    import json

    w = workflow
    own = json.loads((w["out"] / "manifest.json").read_text(encoding="utf-8"))
    other_out = tmp_path / "dot_2"
    _run([str(w["src"]), "--out", str(other_out), "--date", "2026-11-05"])
    other = json.loads((other_out / "manifest.json").read_text(encoding="utf-8"))
    # a, b and d carry a sector or authority correction; c (not a recommendation) is not learnt
    assert other["counts"]["training_rows"] > own["counts"]["training_rows"]
    assert other["model"]["key"] != own["model"]["key"]
    # the manifest says how many office rows trained the model, and from where
    office = other["model"]["office"]
    assert office["office_rows"] >= 2 and office["by_origin"].get("correction", 0) == office["office_rows"]
    assert other["counts"]["office_rows"] == office["office_rows"]
    # --no-learn: no round's corrections in the model
    plain_out = tmp_path / "dot_3"
    _run([str(w["src"]), "--out", str(plain_out), "--date", "2026-11-05", "--no-learn"])
    plain = json.loads((plain_out / "manifest.json").read_text(encoding="utf-8"))
    assert plain["model"]["key"] == own["model"]["key"]


def test_evaluate_reports_agreement_with_analysts(workflow):
    result = CliRunner().invoke(
        app, ["evaluate", "--labels", str(w_labels(workflow)), "--corrections", str(workflow["out"] / "corrections.csv")],
        env={"CI": "1", "CUTRI_STORE_DIR": _STORE["dir"]},
    )
    assert result.exit_code == 0, result.output
    assert "Hiệu chỉnh của chuyên viên: " in result.output
    assert "mô hình đồng ý về lĩnh vực 0.0% trên 1 mục" in result.output
    # and on every reviewed item, with the sectors named in Vietnamese
    assert "Trên tất cả" in result.output and "mục chuyên viên đã rà soát" in result.output
    assert "lĩnh vực (theo chuyên viên)" in result.output


def w_labels(w):
    """A small labels file from the round's final sectors (any labelled file will do)."""
    path = w["out"].parent / "nhan.csv"
    df = w["third"][[S.TEXT, S.SECTOR, S.AUTHORITY]].head(30)
    df.to_csv(path, index=False, encoding="utf-8-sig")
    return path
