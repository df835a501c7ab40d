"""Corrections: review.xlsx round trip, the corrections log, re-matching, clusters."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from pipeline import corrections as C
from pipeline import schemas as S
from pipeline.errors import InputError
from pipeline.cluster import cluster_items
from pipeline.records import item_id_for

from corrections_helpers import CFG, HUNG_LOI, MINH_XUAN, ROWS, TAN_LAP  # noqa: F401


def make_items(rows=ROWS) -> pd.DataFrame:
    """Items as the runner has them before classification (ids as records.py makes them)."""
    recs = []
    for seq, (unit, text, *_rest) in enumerate(rows):
        recs.append({
            S.ITEM_ID: item_id_for(unit, text), S.UNIT: unit, S.SOURCE_FILE: f"{unit}.docx",
            S.SOURCE_REF: f"đoạn {seq + 1}", S.SPEAKER: "", S.TEXT: text, S.TEXT_RAW: text, S.ANSWERED: False,
            S.MEETING_ID: f"M{unit}", S.SEQ: seq, S.TOKENS: text.lower().rstrip("."),
        })
    return pd.DataFrame(recs)


def classified(items: pd.DataFrame, rows=ROWS) -> pd.DataFrame:
    """What classify_items would add, with fixed predictions."""
    by_text = {r[1]: r for r in rows}
    sec = [by_text[t][2] for t in items[S.TEXT]]
    auth = [by_text[t][3] for t in items[S.TEXT]]
    return items.assign(
        sector=sec, sector_label=[CFG.taxonomy.label(s) for s in sec], sector_confidence=0.61,
        sector_alt="khac", sector_predicted=sec, sector_source=S.SOURCE_MODEL,
        authority=auth, authority_confidence=0.9, authority_predicted=auth, authority_source=S.SOURCE_MODEL,
        needs_review=[by_text[t][4] for t in items[S.TEXT]],
    )


@dataclass
class _Clustered:  # same attributes as pipeline.cluster.ClusterResult
    items: pd.DataFrame
    clusters: pd.DataFrame
    review_pairs: pd.DataFrame


def _hand_clusters(active: pd.DataFrame, groups: list[list[str]]) -> _Clustered:
    """A ClusterResult-like object: ``groups`` of item ids, other items alone."""
    cid = {}
    for g in groups:
        for iid in g:
            cid[iid] = "C" + g[0]
    ids = list(active[S.ITEM_ID])
    col = [cid.get(i, "C" + i) for i in ids]
    rows = []
    for c in dict.fromkeys(col):
        mem = active[[x == c for x in col]]
        rows.append({S.CLUSTER_ID: c, S.SECTOR: mem[S.SECTOR].iloc[0], S.SECTOR_LABEL: mem[S.SECTOR_LABEL].iloc[0],
                     S.AUTHORITY: mem[S.AUTHORITY].iloc[0], "representative_text": mem[S.TEXT].iloc[0],
                     "n_items": len(mem), "n_units": mem[S.UNIT].nunique(),
                     "units": "; ".join(sorted(set(mem[S.UNIT]))), "item_ids": "; ".join(mem[S.ITEM_ID]),
                     S.N_OPINIONS: len(mem)})
    return _Clustered(active.assign(cluster_id=col), pd.DataFrame(rows, columns=S.CLUSTER_COLUMNS),
                      pd.DataFrame(columns=S.REVIEW_PAIR_COLUMNS))


def cluster(active: pd.DataFrame):
    return cluster_items(active, CFG.cluster)


@dataclass
class Outcome:  # what runner.run keeps of the corrections stages
    table: pd.DataFrame
    warnings: list[str]
    count_applied: int


def run_round(out: Path, files=(), items=None, rows=ROWS):
    """The corrections part of runner.run: collect → apply_labels → cluster → apply_clusters → write."""
    items = make_items(rows) if items is None else items
    corr = C.collect(out, files, items, CFG)
    labelled = C.apply_labels(corr.table, classified(items, rows), CFG)
    clustered = cluster(labelled.items[~labelled.items[S.NOT_RECOMMENDATION]])
    done = C.apply_clusters(labelled.table, labelled.items, clustered, CFG)
    C.write_log(labelled.table, out)
    C.write_review_workbook(done.items, done.clusters, CFG, out / "review.xlsx", "2026-11-05")
    outcome = Outcome(labelled.table, list(corr.warnings + done.warnings), C.count_applied(labelled, done))
    return outcome, done.items, done.clusters, done.review_pairs


def ids() -> list[str]:
    return list(make_items()[S.ITEM_ID])


def edit(path: Path, dest: Path, changes: dict[str, dict[str, str | None]]) -> Path:
    """Edit review.xlsx as an analyst would: {item_id: {header: value}}."""
    wb = load_workbook(path)
    ws = wb[C.REVIEW_SHEET]
    header = {ws.cell(row=C.HEADER_ROW, column=j).value: j for j in range(1, ws.max_column + 1)}
    rows = {ws.cell(row=r, column=1).value: r for r in range(C.HEADER_ROW + 1, ws.max_row + 1)}
    for iid, cells in changes.items():
        for head, value in cells.items():
            ws.cell(row=rows[iid], column=header[head]).value = value
    wb.save(dest)
    return dest


def test_review_workbook_round_trip(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    run_round(out)
    i = ids()
    label_noi_vu = CFG.taxonomy.label("noi_vu")
    edited = edit(out / "review.xlsx", tmp_path / "review_da_sua.xlsx", {
        i[2]: {"Lĩnh vực đúng": label_noi_vu, "Ghi chú": "Phụ cấp cán bộ thôn"},
        i[5]: {"Không phải kiến nghị": "x"},
        i[7]: {"Gộp vào cụm": "C" + i[2], "Thẩm quyền đúng": "Địa phương"},
        i[1]: {"Tách riêng": "x"},
    })
    corr, final, clusters, pairs = run_round(out, [edited])
    f = final.set_index(S.ITEM_ID)

    assert f.loc[i[2], S.SECTOR] == "noi_vu"
    assert f.loc[i[2], S.SECTOR_LABEL] == label_noi_vu
    assert f.loc[i[2], S.SECTOR_SOURCE] == S.SOURCE_CORRECTION
    assert f.loc[i[2], S.SECTOR_PREDICTED] == "lao_dong_xa_hoi"
    assert not f.loc[i[2], S.NEEDS_REVIEW]
    assert f.loc[i[2], S.CORRECTION_NOTE] == "Phụ cấp cán bộ thôn"
    assert f.loc[i[7], S.AUTHORITY] == S.LOCAL and f.loc[i[7], S.AUTHORITY_SOURCE] == S.SOURCE_CORRECTION
    assert f.loc[i[0], S.SECTOR_SOURCE] == S.SOURCE_MODEL

    # not a recommendation: kept, flagged, in no cluster
    assert f.loc[i[5], S.NOT_RECOMMENDATION] and f.loc[i[5], S.CLUSTER_ID] == ""
    assert len(final) == len(ROWS)
    # merge: item 7 joins item 2's cluster; split: item 1 alone under its own id
    assert f.loc[i[7], S.CLUSTER_ID] == f.loc[i[2], S.CLUSTER_ID]
    assert f.loc[i[1], S.CLUSTER_ID] == "C" + i[1]
    assert f.loc[i[0], S.CLUSTER_ID] != f.loc[i[1], S.CLUSTER_ID]

    # the clusters table agrees with the items
    active = final[~final[S.NOT_RECOMMENDATION]]
    assert sorted(clusters[S.CLUSTER_ID]) == sorted(set(active[S.CLUSTER_ID]))
    assert clusters["n_items"].sum() == len(active)
    assert clusters[S.CLUSTER_ID].is_unique
    for rec in clusters.to_dict("records"):
        members = active[active[S.CLUSTER_ID] == rec[S.CLUSTER_ID]]
        assert rec["item_ids"] == "; ".join(members[S.ITEM_ID])
        assert rec["units"] == "; ".join(sorted(set(members[S.UNIT])))
        assert rec["n_units"] == members[S.UNIT].nunique()
    merged = clusters.set_index(S.CLUSTER_ID).loc[f.loc[i[2], S.CLUSTER_ID]]
    assert merged["n_items"] == 2 and merged[S.SECTOR] == "noi_vu"  # both members are noi_vu now
    assert i[5] not in set(pairs.get("item_id_a", [])) | set(pairs.get("item_id_b", []))
    assert corr.count_applied == 4  # sector of 2, not_rec 5, merge 7 (authority too), split 1

    # the canonical log: one row per item, sorted, provenance
    log = pd.read_csv(out / "corrections.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert list(log.columns) == C.CORRECTION_COLUMNS
    assert list(log["item_id"]) == sorted(log["item_id"]) and log["item_id"].is_unique
    row = log.set_index("item_id").loc[i[2]]
    assert row["sector"] == "noi_vu" and row["source_file"] == "review_da_sua.xlsx" and row["matched_by"] == "id"
    assert row["sector_predicted"] == "lao_dong_xa_hoi"  # what the analyst saw: used by `cutri evaluate`
    assert log.set_index("item_id").loc[i[7], "merge_into"] == "C" + i[2]

    # a rerun without files replays every correction
    corr2, final2, clusters2, _ = run_round(out)
    pd.testing.assert_frame_equal(final2, final)
    pd.testing.assert_frame_equal(clusters2, clusters)
    assert corr2.count_applied == corr.count_applied
    assert (out / "corrections.csv").read_bytes() == (out / "corrections.csv").read_bytes()

    # the new workbook shows the stored corrections
    ws = load_workbook(out / "review.xlsx")[C.REVIEW_SHEET]
    header = {ws.cell(row=C.HEADER_ROW, column=j).value: j for j in range(1, ws.max_column + 1)}
    shown = {ws.cell(row=r, column=1).value: r for r in range(C.HEADER_ROW + 1, ws.max_row + 1)}
    assert ws.cell(row=shown[i[2]], column=header["Lĩnh vực đúng"]).value == label_noi_vu
    assert ws.cell(row=shown[i[5]], column=header["Không phải kiến nghị"]).value == "x"

    # training rows and agreement
    train = C.training_rows(corr2.table, make_items())
    assert list(train.columns) == ["text", "sector", "authority", "origin"]
    # the authority-only correction is a row too, with no sector (it trains the authority model only)
    recs = sorted(train.to_dict("records"), key=lambda r: r["sector"])
    assert recs[1] == {"text": ROWS[2][1], "sector": "noi_vu", "authority": "", "origin": "correction"}
    assert len(recs) == 2 and recs[0]["sector"] == "" and recs[0]["authority"] == "dia_phuong"
    agree = C.agreement(corr2.table, final2)
    assert agree["n_sector"] == 1 and agree["sector_agreement"] == 0.0
    assert agree["n_authority"] == 1 and agree["authority_agreement"] == 0.0
    assert agree["n_not_recommendation"] == 1
    assert C.agreement_from_file(out / "corrections.csv", CFG)["n_corrections"] == 4


def test_untouched_prefill_is_no_conflict_and_clearing_removes(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    run_round(out)
    i = ids()
    first = edit(out / "review.xlsx", tmp_path / "a.xlsx", {i[2]: {"Lĩnh vực đúng": CFG.taxonomy.label("noi_vu")}})
    run_round(out, [first])
    # two analysts edit copies of the new, pre-filled workbook; one changes item 2, the other item 4
    a = edit(out / "review.xlsx", tmp_path / "b.xlsx", {i[2]: {"Lĩnh vực đúng": "lao_dong_xa_hoi"}})
    b = edit(out / "review.xlsx", tmp_path / "c.xlsx", {i[4]: {"Thẩm quyền đúng": "Trung ương"}})
    corr, final, *_ = run_round(out, [a, b])
    f = final.set_index(S.ITEM_ID)
    assert f.loc[i[2], S.SECTOR] == "lao_dong_xa_hoi" and f.loc[i[4], S.AUTHORITY] == S.CENTRAL
    # clearing a pre-filled cell removes the stored correction
    cleared = edit(out / "review.xlsx", tmp_path / "d.xlsx", {i[2]: {"Lĩnh vực đúng": None}})
    corr, final, *_ = run_round(out, [cleared])
    assert final.set_index(S.ITEM_ID).loc[i[2], S.SECTOR_SOURCE] == S.SOURCE_MODEL
    assert list(corr.table["item_id"]) == [i[4]]
    # an old workbook without the clearing does not bring it back: its value is only carried over
    corr, final, *_ = run_round(out, [b])
    assert list(corr.table["item_id"]) == [i[4]]
    # …but a workbook restores what it shows when the round's log is gone
    (out / "corrections.csv").unlink()
    corr, final, *_ = run_round(out, [b])
    assert list(corr.table["item_id"]) == sorted([i[2], i[4]])
    assert corr.table.set_index("item_id").loc[i[2], "sector"] == "noi_vu"


def test_two_files_disagree_names_both(tmp_path):
    i = ids()
    one, two = tmp_path / "to_1.csv", tmp_path / "to_2.csv"
    pd.DataFrame({"Mã kiến nghị": [i[3]], "Lĩnh vực đúng": ["y_te"]}).to_csv(one, index=False)
    pd.DataFrame({"item_id": [i[3]], "sector": ["giao_duc"]}).to_csv(two, index=False)
    with pytest.raises(InputError) as exc:
        C.collect(tmp_path, [one, two], make_items(), CFG)
    msg = str(exc.value)
    assert "to_1.csv" in msg and "to_2.csv" in msg and i[3] in msg
    # agreeing files are fine
    pd.DataFrame({"item_id": [i[3]], "sector": ["Y tế, bảo hiểm y tế, an toàn thực phẩm"]}).to_csv(two, index=False)
    corr = C.collect(tmp_path, [one, two], make_items(), CFG)
    assert corr.table.set_index("item_id").loc[i[3], "sector"] == "y_te"


def test_files_given_now_override_stored_log(tmp_path):
    i = ids()
    first = tmp_path / "lan1.csv"
    pd.DataFrame({"item_id": [i[3]], "sector": ["y_te"], "authority": ["trung_uong"]}).to_csv(first, index=False)
    C.write_log(C.collect(tmp_path, [first], make_items(), CFG).table, tmp_path)
    later = tmp_path / "lan2.csv"
    pd.DataFrame({"item_id": [i[3]], "sector": ["giao_duc"]}).to_csv(later, index=False)
    row = C.collect(tmp_path, [later], make_items(), CFG).table.set_index("item_id").loc[i[3]]
    assert row["sector"] == "giao_duc" and row["authority"] == S.CENTRAL  # other fields stay


def test_unknown_id_warns_and_is_kept_as_orphan(tmp_path):
    gone = item_id_for(TAN_LAP, "Đề nghị xây dựng nhà văn hóa thôn Nà Ngoa.")
    f = tmp_path / "sua.csv"
    pd.DataFrame({"item_id": [gone], "unit": [TAN_LAP], "text": ["Đề nghị xây dựng nhà văn hóa thôn Nà Ngoa."],
                  "sector": ["van_hoa_the_thao_du_lich"]}).to_csv(f, index=False)
    corr = C.collect(tmp_path, [f], make_items(), CFG)
    assert any(gone in w and "orphan" in w for w in corr.warnings)
    C.write_log(corr.table, tmp_path)
    log = pd.read_csv(tmp_path / "corrections.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert log.set_index("item_id").loc[gone, "orphan"] == "True"
    # the item comes back in a later round: the stored correction applies again
    rows = ROWS + [(TAN_LAP, "Đề nghị xây dựng nhà văn hóa thôn Nà Ngoa.", "khac", S.LOCAL, True)]
    items = make_items(rows)
    corr = C.collect(tmp_path, [], items, CFG)
    assert corr.warnings == ()
    out = C.apply_labels(corr.table, classified(items, rows), CFG).items.set_index(S.ITEM_ID)
    assert out.loc[gone, S.SECTOR] == "van_hoa_the_thao_du_lich" and out.loc[gone, S.SECTOR_SOURCE] == "correction"


def test_edited_text_is_matched_by_content(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    run_round(out)
    i = ids()
    edited = edit(out / "review.xlsx", tmp_path / "r.xlsx", {i[3]: {"Lĩnh vực đúng": "Y tế, bảo hiểm y tế, an toàn thực phẩm"}})
    # the minutes are fixed: a typo in item 3 ("hộ dân" → "hộ gia đình" would be too much; a letter is enough)
    rows = list(ROWS)
    rows[3] = (TAN_LAP, "Đề nghị cấp giấy chứng nhận quyền sử dụng đất cho các hộ dân thôn Nà Ngoa", *ROWS[3][2:])
    items = make_items(rows)
    new_id = items[S.ITEM_ID].iloc[3]
    assert new_id != i[3]
    corr = C.collect(out, [edited], items, CFG)
    assert any("khớp theo nội dung" in w and i[3] in w and new_id in w for w in corr.warnings)
    row = corr.table.set_index("item_id").loc[new_id]
    assert row["sector"] == "y_te" and row["matched_by"] == "text" and row["matched_from"] == i[3]
    C.write_log(corr.table, out)
    # next run: applied by id, still recorded as a text match, no new warning
    corr = C.collect(out, [], items, CFG)
    assert corr.warnings == () and corr.table.set_index("item_id").loc[new_id, "matched_by"] == "text"
    # the old workbook given again lands on the same item (via matched_from), not on an orphan
    corr = C.collect(out, [edited], items, CFG)
    assert list(corr.table["item_id"]) == [new_id]


def test_invalid_values_name_file_sheet_and_row(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    run_round(out)
    i = ids()
    bad = edit(out / "review.xlsx", tmp_path / "loi.xlsx", {i[0]: {"Lĩnh vực đúng": "Giao thong nong thon"}})
    with pytest.raises(InputError) as exc:
        C.collect(out, [bad], make_items(), CFG)
    ws = load_workbook(bad)[C.REVIEW_SHEET]
    row = next(r for r in range(C.HEADER_ROW + 1, ws.max_row + 1) if ws.cell(row=r, column=1).value == i[0])
    msg = str(exc.value)
    assert "loi.xlsx" in msg and f"'{C.REVIEW_SHEET}'" in msg and f"dòng {row}" in msg and "Giao thong nong thon" in msg

    bad = edit(out / "review.xlsx", tmp_path / "loi2.xlsx", {i[0]: {"Thẩm quyền đúng": "Tỉnh"}})
    with pytest.raises(InputError, match="thẩm quyền không hợp lệ 'Tỉnh'"):
        C.collect(out, [bad], make_items(), CFG)
    csv = tmp_path / "loi.csv"
    pd.DataFrame({"item_id": [i[0]], "split_out": ["có lẽ"]}).to_csv(csv, index=False)
    with pytest.raises(InputError, match=r"loi\.csv.*dòng 2"):
        C.collect(out, [csv], make_items(), CFG)
    with pytest.raises(InputError, match="không tìm thấy dòng tiêu đề"):
        other = tmp_path / "khac.csv"
        pd.DataFrame({"a": [1]}).to_csv(other, index=False)
        C.collect(out, [other], make_items(), CFG)


def test_review_workbook_cells_protection_validation_and_bytes(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    run_round(out)
    first = (out / "review.xlsx").read_bytes()
    time.sleep(1.1)  # a second later: zip and document timestamps must not change the bytes
    run_round(out)
    assert (out / "review.xlsx").read_bytes() == first

    wb = load_workbook(out / "review.xlsx")
    ws = wb[C.REVIEW_SHEET]
    header = {ws.cell(row=C.HEADER_ROW, column=j).value: j for j in range(1, ws.max_column + 1)}
    assert ws.freeze_panes == f"B{C.HEADER_ROW + 1}" and ws.auto_filter.ref.startswith(f"A{C.HEADER_ROW}")
    assert ws.protection.sheet and not ws.protection.password
    data_rows = range(C.HEADER_ROW + 1, ws.max_row + 1)
    assert len(data_rows) == len(ROWS)
    def column_style(j):  # an empty editable cell takes its column's format (as Excel and LibreOffice do)
        dim = next(d for d in ws.column_dimensions.values() if d.min <= j <= d.max)
        return dim.protection.locked, dim.fill.fgColor.rgb

    for r in data_rows:
        for key, head, _w, editable in C.REVIEW_COLUMNS:
            cell = ws.cell(row=r, column=header[head])
            locked = column_style(header[head])[0] if editable and cell.value is None else cell.protection.locked
            assert locked is (not editable)
    assert column_style(header["Lĩnh vực đúng"]) == (False, "FF" + "E2EFDA")
    assert column_style(header["Nội dung kiến nghị"])[0] is True
    # rows needing review come first
    flags = [ws.cell(row=r, column=header["Cần rà soát"]).value for r in data_rows]
    assert flags == sorted(flags, key=lambda v: v != "x") and flags[0] == "x"
    # formula-like text stays text
    texts = {ws.cell(row=r, column=header["Nội dung kiến nghị"]).value: ws.cell(row=r, column=header["Nội dung kiến nghị"])
             for r in data_rows}
    cell = texts[ROWS[6][1]]
    assert cell.data_type == "s" and cell.value.startswith("=SUM")
    # dropdowns from the hidden list sheet
    assert wb[C.LIST_SHEET].sheet_state == "hidden"
    formulas = {dv.formula1 for dv in ws.data_validations.dataValidation}
    assert f"'{C.LIST_SHEET}'!$A$2:$A${len(CFG.taxonomy.sectors) + 1}" in formulas
    assert f"'{C.LIST_SHEET}'!$D$2:$D$3" in formulas
    labels = [wb[C.LIST_SHEET].cell(row=k, column=1).value for k in range(2, len(CFG.taxonomy.sectors) + 2)]
    assert labels == [s.label for s in CFG.taxonomy.sectors]
    covered = " ".join(str(dv.sqref) for dv in ws.data_validations.dataValidation)
    for head in ("Lĩnh vực đúng", "Thẩm quyền đúng", "Tách riêng", "Không phải kiến nghị"):
        col = ws.cell(row=C.HEADER_ROW, column=header[head]).column_letter
        assert f"{col}{C.HEADER_ROW + 1}:{col}{ws.max_row}" in covered
    assert wb.properties.created.date().isoformat() == "2026-11-05" and wb.properties.creator == "cutri"
    # widths, print setup: A4 landscape, two pages wide, header row and id column on every page
    assert ws.column_dimensions["C"].width == pytest.approx(60, abs=1)
    assert ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == "9"
    assert ws.page_setup.fitToWidth == 2 and ws.page_setup.fitToHeight == 0 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.pageOrder == "overThenDown"
    assert ws.print_title_rows.replace("$", "") == f"{C.HEADER_ROW}:{C.HEADER_ROW}"
    assert ws.print_title_cols.replace("$", "") == "A:A"
    assert ws.protection.autoFilter is False and ws.protection.sort is False  # still allowed when protected
    # the runner-up sector is shown beside the prediction
    assert all(ws.cell(row=r, column=header["Lĩnh vực khả năng khác"]).value == CFG.taxonomy.label("khac")
               for r in data_rows)
    cs = wb[C.CLUSTER_SHEET]
    assert cs.protection.sheet and cs.freeze_panes == "A2" and cs.auto_filter.ref.startswith("A1:")
    assert wb[C.PREFILL_SHEET].sheet_state == "veryHidden"


def test_apply_clusters_renames_a_cluster_whose_first_member_leaves():
    items = classified(make_items())
    i = list(items[S.ITEM_ID])
    base = _hand_clusters(items, [[i[0], i[1], i[4]]])
    table = pd.DataFrame([
        C._log_row(i[0], TAN_LAP, ROWS[0][1], {C.MEMBERSHIP: "split"}, {}),
        C._log_row(i[3], TAN_LAP, ROWS[3][1], {C.MEMBERSHIP: "merge:C" + i[0]}, {}),
        C._log_row(i[6], MINH_XUAN, ROWS[6][1], {C.MEMBERSHIP: "merge:RXXXXXXXXXX"}, {}),
        C._log_row(i[1], HUNG_LOI, ROWS[1][1], {C.REP_TEXT: "Sửa chữa đường liên xã Tân Lập – Hùng Lợi"}, {}),
    ], columns=C.CORRECTION_COLUMNS)
    labelled = C.apply_labels(table, items, CFG)
    done = C.apply_clusters(labelled.table, labelled.items, base, CFG)
    final, clusters = done.items, done.clusters
    cid = dict(zip(final[S.ITEM_ID], final[S.CLUSTER_ID]))
    assert cid[i[0]] == "C" + i[0]
    # the rest of the old cluster C<i0> is renamed after its new earliest member; the merge into
    # "C<i0>" follows the cluster the analyst saw, not the item that left it
    assert cid[i[1]] == cid[i[4]] == cid[i[3]] == "C" + i[1]
    assert cid[i[6]] == "C" + i[6]  # unknown target: unchanged, with a warning
    assert any("RXXXXXXXXXX" in w for w in done.warnings)
    rep = clusters.set_index(S.CLUSTER_ID).loc["C" + i[1]]
    assert rep["representative_text"] == "Sửa chữa đường liên xã Tân Lập – Hùng Lợi"
    assert rep["item_ids"] == "; ".join([i[1], i[3], i[4]])
    assert rep[S.SECTOR] == "giao_thong"  # 1 giao_thong, 3 dat_dai, 4 xay_dung: tie → earliest member
    assert clusters[S.CLUSTER_ID].is_unique and clusters["n_items"].sum() == len(items)


def test_no_corrections_changes_nothing(tmp_path):
    items = classified(make_items())
    corr = C.collect(tmp_path, [], make_items(), CFG)
    assert corr.warnings == () and C.training_rows(corr.table, items).empty
    result = C.apply_labels(corr.table, items, CFG)
    labelled = result.items
    pd.testing.assert_frame_equal(labelled[items.columns], items, check_dtype=False)
    assert not labelled[S.NOT_RECOMMENDATION].any() and (labelled[S.CORRECTION_NOTE] == "").all()
    base = _hand_clusters(labelled, [list(items[S.ITEM_ID])[:2]])
    done = C.apply_clusters(result.table, labelled, base, CFG)
    final, clusters = done.items, done.clusters
    assert C.count_applied(result, done) == 0
    assert list(final[S.CLUSTER_ID]) == list(base.items[S.CLUSTER_ID])
    pd.testing.assert_frame_equal(clusters, base.clusters, check_dtype=False)
    assert C.write_log(corr.table, tmp_path) == [tmp_path / "corrections.csv"]
    assert list(pd.read_csv(tmp_path / "corrections.csv").columns) == C.CORRECTION_COLUMNS


# --------------------------------------------------------------------------- review workbook: data rows
ODD_CELLS = [
    "", " ", "x", "=SUM(A1)", "=", "#N/A", "#REF!", "  lề trái", "lề phải\t", "a&b<c>d\"e'f ]]>", "dòng\r\nmới\nx",
    "chuông\x07 và \x00 \x1f", "\u00a0cách", "emoji \U0001F600", "Việt Nam – “trích dẫn”", "x" * 40000,
    "\u2028\u2029", "+84 912", "-5", "@tên", 12, 3.5, None, float("nan"), True,
]


def test_review_workbook_keeps_odd_texts_as_text(tmp_path):
    items = classified(make_items())
    texts = [v for v in ODD_CELLS if isinstance(v, str) and v.strip()] + ["bỏ \ufffe ký tự"]
    items = pd.concat([items] * (len(texts) // len(items) + 1), ignore_index=True).head(len(texts))
    items = items.assign(**{S.TEXT: texts, S.ITEM_ID: [f"R{k:010x}" for k in range(len(texts))],
                            S.CLUSTER_ID: "", S.SECTOR_CONFIDENCE: [float("nan")] + [0.5] * (len(texts) - 1)})
    C.write_review_workbook(items, None, CFG, tmp_path / "review.xlsx", "2026-11-05")
    ws = load_workbook(tmp_path / "review.xlsx")[C.REVIEW_SHEET]
    header = {ws.cell(row=C.HEADER_ROW, column=j).value: j for j in range(1, ws.max_column + 1)}
    got = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=header["Nội dung kiến nghị"])
           for r in range(C.HEADER_ROW + 1, ws.max_row + 1)}
    for iid, text in zip(items[S.ITEM_ID], texts):
        cell = got[iid]
        assert cell.data_type == "s"
        expected = text.replace("\x07", "").replace("\x00", "").replace("\x1f", "").replace("\ufffe", "")
        expected = expected.replace("\r\n", "\n")[:32767]  # a line break in a cell is LF, as Excel writes it
        assert cell.value == expected
    conf = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=header["Độ tin cậy"])
            for r in range(C.HEADER_ROW + 1, ws.max_row + 1)}
    assert conf[items[S.ITEM_ID][0]].value is None and conf[items[S.ITEM_ID][1]].value == 0.5
    assert conf[items[S.ITEM_ID][1]].number_format == "0%"
    # read back as a corrections file: no corrections, no error
    assert C.read_corrections_file(tmp_path / "review.xlsx", CFG) == []


def test_merge_keeps_the_cluster_id_the_analyst_typed():
    """Merging an earlier item into a cluster keeps the id typed in "Gộp vào cụm" (it used to be
    renamed after the merged item, so the id the analyst chose appeared nowhere afterwards)."""
    items = classified(make_items())
    i = list(items[S.ITEM_ID])
    base = _hand_clusters(items, [[i[3], i[4]]])
    base_ids = set(base.items[S.CLUSTER_ID])
    target = base.items.set_index(S.ITEM_ID).loc[i[3], S.CLUSTER_ID]
    assert target in base_ids
    table = pd.DataFrame([C._log_row(i[1], HUNG_LOI, ROWS[1][1], {C.MEMBERSHIP: "merge:" + target}, {})],
                         columns=C.CORRECTION_COLUMNS)
    done = C.apply_clusters(table, C.apply_labels(table, items, CFG).items, base, CFG)
    final, clusters = done.items, done.clusters
    cid = dict(zip(final[S.ITEM_ID], final[S.CLUSTER_ID]))
    assert cid[i[1]] == cid[i[3]] == cid[i[4]] == target
    assert "C" + i[1] not in set(clusters[S.CLUSTER_ID])
    assert clusters[S.CLUSTER_ID].is_unique and clusters["n_items"].sum() == len(items)


def test_applying_is_data_in_data_out(tmp_path):
    """The corrections table and the items are never changed; calling again, or in another
    order, gives the same frames and the same count."""
    items = classified(make_items())
    i = list(items[S.ITEM_ID])
    table = pd.DataFrame([
        C._log_row(i[2], MINH_XUAN, ROWS[2][1], {C.SECTOR: "noi_vu"}, {}),
        C._log_row(i[1], HUNG_LOI, ROWS[1][1], {C.MEMBERSHIP: "split"}, {}),
    ], columns=C.CORRECTION_COLUMNS)
    frozen_table, frozen_items = table.copy(), items.copy()
    cfg = CFG.replace(run={"learn": False})  # the path that fills in the predictions the analyst saw
    base = _hand_clusters(items, [[i[0], i[1]]])
    done_first = C.apply_clusters(table, items, base, cfg)  # before the labels: same membership decisions
    labelled = C.apply_labels(table, items, cfg)
    again = C.apply_labels(table, items, cfg)
    done = C.apply_clusters(labelled.table, labelled.items, base, cfg)
    pd.testing.assert_frame_equal(table, frozen_table)
    pd.testing.assert_frame_equal(items, frozen_items)
    pd.testing.assert_frame_equal(labelled.items, again.items)
    assert labelled.table.set_index("item_id").loc[i[2], "sector_predicted"] == "lao_dong_xa_hoi"
    assert done.applied == done_first.applied == {i[1]}
    assert C.count_applied(labelled, done) == C.count_applied(done, labelled) == 2
