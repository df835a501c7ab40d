"""The register: recurrence across rounds, reruns, removal, migration of an older schema,
two processes writing at once, bad registers, and the same code on a real PostgreSQL server."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from cli import app
from pipeline.config import Config
from pipeline.register import RegisterError, open_register
from pipeline.register import tables as T
from register_rounds import ROUND_8, ROUND_9, ROUND_10, frames

ROUNDS = (("Kỳ họp thứ 8", ROUND_8, "2025-05-01"), ("Kỳ họp thứ 9", ROUND_9, "2025-10-01"),
          ("Kỳ họp thứ 10", ROUND_10, "2026-05-01"))


def record(reg, name, rows, date, input_name=None):
    recs, cl, keys = frames(rows)
    rec = reg.record_round(name, input_name or name, date, recs, cl)
    return rec, rec.columns.assign(key=rec.columns["cluster_id"].map(keys))


def check_recurrence(reg):
    ids = {}
    _, r8 = record(reg, *ROUNDS[0])
    assert (r8["times_raised"] == 1).all() and (r8["previous_rounds"] == "").all()
    ids.update(dict(zip(r8["key"], r8["register_id"])))
    _, r9 = record(reg, *ROUNDS[1])
    for row in r9.itertuples():
        if isinstance(row.key, str):  # reworded repeats: linked, same register_id
            assert row.register_id == ids[row.key], row
            assert row.times_raised == 2 and row.previous_rounds == "Kỳ họp thứ 8"
        else:  # look-alikes about another road, commune or school, and new requests: not linked
            assert row.register_id not in ids.values(), row
            assert row.times_raised == 1 and row.previous_rounds == "", row
    rec10, r10 = record(reg, *ROUNDS[2])
    for row in r10.itertuples():
        if isinstance(row.key, str):
            assert row.register_id == ids[row.key]
            assert row.times_raised == 3 and row.previous_rounds == "Kỳ họp thứ 8; Kỳ họp thứ 9"
        else:
            assert row.times_raised == 1
    hist = rec10.history[r10.loc[r10["key"] == "dt293", "cluster_id"].iloc[0]]
    assert [h["round"] for h in hist] == ["Kỳ họp thứ 8", "Kỳ họp thứ 9"]
    assert all("Tân Lập" in t for h in hist for t in h["texts"])
    return ids


def test_recurrence_in_other_words_but_not_look_alikes(tmp_path):
    with open_register(tmp_path / "so.sqlite", Config()) as reg:
        check_recurrence(reg)
        rounds = reg.rounds()
        assert rounds["name"].tolist() == ["Kỳ họp thứ 8", "Kỳ họp thứ 9", "Kỳ họp thứ 10"]
        assert rounds["n_repeated"].tolist() == [0, 3, 2]
        e = reg.entries()
        assert e["register_id"].is_unique
        assert int((e["n_rounds"] == 3).sum()) == 2


def count_rows(reg):
    with reg.read() as conn:
        return {t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
                for t in (T.rounds, T.recommendations, T.items, T.item_terms, T.entries, T.links)}


def test_rerun_replaces_the_round(tmp_path):
    with open_register(tmp_path / "so.sqlite", Config()) as reg:
        record(reg, *ROUNDS[0])
        _, first = record(reg, *ROUNDS[1])
        before = count_rows(reg)
        rec, again = record(reg, *ROUNDS[1])
        assert rec.replaced
        assert count_rows(reg) == before
        pd.testing.assert_frame_equal(first, again)
        # a rerun with one item fewer: that item's new entry is gone, nothing else duplicated
        rec, less = record(reg, "kỳ họp  thứ 9", ROUND_9[:-1], "2025-10-01", input_name="Kỳ họp thứ 9")
        after = count_rows(reg)
        assert after["rounds"] == 2 and after["items"] == before["items"] - 1
        assert after["entries"] == before["entries"] - 1


def test_remove_round(tmp_path):
    with open_register(tmp_path / "so.sqlite", Config()) as reg:
        for r in ROUNDS:
            record(reg, *r)
        info = reg.remove_round("Kỳ họp thứ 9")
        assert info["n_items"] == len(ROUND_9)
        assert reg.rounds()["name"].tolist() == ["Kỳ họp thứ 8", "Kỳ họp thứ 10"]
        e = reg.entries()
        assert not e["rounds"].str.contains("thứ 9").any()
        assert int((e["n_rounds"] == 2).sum()) == 2  # đường 293 and lương hưu: rounds 8 and 10
        with pytest.raises(RegisterError, match="không có kỳ 'Kỳ họp thứ 9'"):
            reg.remove_round("Kỳ họp thứ 9")


def build_v1(path: Path) -> None:
    """A register as schema v1 (revision 0001) wrote it, with one round in it."""
    from alembic import command

    from pipeline.register.db import _alembic_config

    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "0001")
        md = sa.MetaData()
        md.reflect(conn)
        recs, cl, _ = frames(ROUND_8)
        from pipeline.register import match

        rid = conn.execute(sa.insert(md.tables["rounds"]).values(
            name="Kỳ họp thứ 8", name_key="kỳ họp thứ 8", input_name="Kỳ họp thứ 8", held_on="2025-05-01",
            recorded_at="2025-05-02T00:00:00Z", units="", n_units=5, n_recommendations=5, n_items=5,
            report_meta="{}")).inserted_primary_key[0]
        for r in cl.itertuples():
            pk = conn.execute(sa.insert(md.tables["items"]).values(
                round_id=rid, cluster_id=r.cluster_id, sector=r.sector, sector_label=r.sector_label,
                authority=r.authority, text=r.representative_text, n_items=1, n_units=1, units=r.units)).inserted_primary_key[0]
            reg_id = "KN-V1-" + r.cluster_id[1:7]
            conn.execute(sa.insert(md.tables["entries"]).values(register_id=reg_id, first_round_id=rid, sector=r.sector,
                                                                authority=r.authority, text=r.representative_text))
            conn.execute(sa.insert(md.tables["links"]).values(item_pk=pk, register_id=reg_id, score=1.0, kind="new",
                                                              is_primary=True))
            terms = match.sketch(match.terms_of(match.content_words(r.representative_text)))
            conn.execute(sa.insert(md.tables["item_terms"]), [dict(term=t, item_pk=pk) for t in terms])
    engine.dispose()


def test_register_of_schema_v1_is_migrated(tmp_path):
    path = tmp_path / "v1.sqlite"
    build_v1(path)
    eng = sa.create_engine(f"sqlite:///{path}")
    assert "answers" not in sa.inspect(eng).get_table_names()
    eng.dispose()
    with open_register(path, Config()) as reg:
        with reg.read() as conn:
            names = sa.inspect(conn).get_table_names()
            assert {"answers", "answer_links"} <= set(names)
            assert "status" in {c["name"] for c in sa.inspect(conn).get_columns("entries")}
            from pipeline.register.db import current_revision, head_revision

            assert current_revision(conn) == head_revision()
        assert reg.rounds()["name"].tolist() == ["Kỳ họp thứ 8"]
        _, r9 = record(reg, *ROUNDS[1])
        linked = r9[r9["key"].notna()]
        assert linked["register_id"].str.startswith("KN-V1-").all() and (linked["times_raised"] == 2).all()


def test_migrated_schema_equals_the_declared_tables(tmp_path):
    with open_register(tmp_path / "so.sqlite", Config()) as reg, reg.read() as conn:
        insp = sa.inspect(conn)
        for table in T.metadata.sorted_tables:
            assert {c["name"] for c in insp.get_columns(table.name)} == set(table.columns.keys()), table.name


WRITER = textwrap.dedent("""
    import sys
    sys.path[:0] = [{root!r}, {tests!r}]
    from pipeline.config import Config
    from pipeline.register import open_register
    from register_rounds import ROUND_8, ROUND_9, frames
    rows = ROUND_8 if sys.argv[2] == "8" else ROUND_9
    recs, cl, _ = frames(rows)
    with open_register(sys.argv[1], Config()) as reg:
        for i in range(5):  # rerun the round several times while the other process writes
            reg.record_round("Kỳ họp thứ " + sys.argv[2], "in" + sys.argv[2], "2025-0" + sys.argv[2][0] + "-01", recs, cl)
    print("ok")
""")


def test_two_processes_write_one_register_at_once(tmp_path, repo_root):
    script = tmp_path / "writer.py"
    script.write_text(WRITER.format(root=str(repo_root), tests=str(repo_root / "tests")), encoding="utf-8")
    db = tmp_path / "so.sqlite"
    procs = [subprocess.Popen([sys.executable, str(script), str(db), n], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for n in ("8", "9")]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    with open_register(db, Config()) as reg:
        assert sorted(reg.rounds()["name"]) == ["Kỳ họp thứ 8", "Kỳ họp thứ 9"]
        counts = count_rows(reg)
        assert counts["items"] == len(ROUND_8) + len(ROUND_9)
        assert counts["recommendations"] == len(ROUND_8) + len(ROUND_9)
        with reg.read() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_path_that_is_not_a_database(tmp_path):
    bad = tmp_path / "ghi_chu.sqlite"
    bad.write_text("Đây là ghi chú, không phải cơ sở dữ liệu.\n" * 20, encoding="utf-8")
    before = digest(bad)
    with pytest.raises(RegisterError, match="không phải là sổ theo dõi kiến nghị"):
        open_register(bad, Config())
    assert digest(bad) == before
    res = CliRunner().invoke(app, ["register", "list", "--register", str(bad)])
    assert res.exit_code == 1
    lines = [x for x in res.output.splitlines() if x.strip()]
    assert len(lines) == 1 and lines[0].startswith("Lỗi: ") and "Traceback" not in res.output
    # cutri run stops before reading anything: one line, no out folder, the file unchanged
    from fixtures_ingest import MINUTES

    minutes = tmp_path / "dot_1"
    minutes.mkdir()
    (minutes / "bien_ban.txt").write_text("\n".join(MINUTES), encoding="utf-8")
    res = CliRunner().invoke(app, ["run", str(minutes), "-o", str(tmp_path / "out"), "--register", str(bad), "--jobs", "1"])
    assert res.exit_code == 1
    assert [x for x in res.output.splitlines() if x.strip()] == [lines[0]]
    assert not (tmp_path / "out").exists() and digest(bad) == before


def test_other_database_is_not_taken_for_a_register(tmp_path):
    other = tmp_path / "khac.sqlite"
    eng = sa.create_engine(f"sqlite:///{other}")
    with eng.begin() as conn:
        sa.Table("ban_ke", sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True)).create(conn)
    eng.dispose()
    before = digest(other)
    with pytest.raises(RegisterError, match="không phải là sổ theo dõi kiến nghị"):
        open_register(other, Config())
    assert digest(other) == before


def test_register_from_a_newer_cutri(tmp_path):
    path = tmp_path / "so.sqlite"
    with open_register(path, Config()) as reg:
        record(reg, *ROUNDS[0])
        with reg.write() as conn:
            conn.execute(sa.text("UPDATE alembic_version SET version_num = :v").bindparams(v="0099_future"))
    before = digest(path)
    res = CliRunner().invoke(app, ["register", "list", "--register", str(path)])
    assert res.exit_code == 1 and "phiên bản cutri mới hơn" in res.output
    assert len([x for x in res.output.splitlines() if x.strip()]) == 1
    assert digest(path) == before


def test_unreachable_server():
    url = "postgresql+psycopg://cutri@127.0.0.1:9/so_theo_doi"
    res = CliRunner().invoke(app, ["register", "list", "--register", url])
    assert res.exit_code == 1
    assert "Không kết nối được tới sổ theo dõi kiến nghị" in res.output
    assert len([x for x in res.output.splitlines() if x.strip()]) == 1


def test_clashing_round_name_leaves_the_register_as_it_was(tmp_path):
    path = tmp_path / "so.sqlite"
    with open_register(path, Config()) as reg:
        record(reg, *ROUNDS[0], input_name="tiep_xuc_2025_05")
        before = count_rows(reg), reg.entries()
        with pytest.raises(RegisterError, match="đã được dùng cho đợt đọc từ thư mục 'tiep_xuc_2025_05'"):
            record(reg, "KỲ HỌP THỨ 8", ROUND_9, "2025-10-01", input_name="tiep_xuc_2025_10")
        assert count_rows(reg) == before[0]
        pd.testing.assert_frame_equal(reg.entries(), before[1])


def test_answers_tables_ready_for_follow_up(tmp_path):
    with open_register(tmp_path / "so.sqlite", Config()) as reg:
        ids = check_recurrence(reg)
        answers = pd.DataFrame([dict(answer_id="A1", source_file="byt.docx", source_ref="mục 1", agency="Bộ Y tế",
                                     doc_number="4737/BYT-VPB1", doc_date="2025-08-01", text="Bộ Y tế xin trả lời...",
                                     status="dang_giai_quyet")])
        links = pd.DataFrame([dict(answer_id="A1", register_id=ids["bhyt"], status="dang_giai_quyet",
                                   match_score=0.9, recommendation_text="hỗ trợ BHYT hộ cận nghèo")])
        reg.store_answers("byt.docx#1", answers, links)
        reg.store_answers("byt.docx#1", answers, links)  # imported again: replaced, not duplicated
        e = reg.entries().set_index("register_id")
        assert e.loc[ids["bhyt"], "status"] == "dang_giai_quyet"
        assert len(reg.answers()) == 1
        _, r = record(reg, "Kỳ họp thứ 11", ROUND_9[2:3], "2026-10-01")
        assert r["status"].tolist() == ["dang_giai_quyet"]


def test_export_and_cli(tmp_path):
    import openpyxl

    path = tmp_path / "so.sqlite"
    with open_register(path, Config()) as reg:
        for r in ROUNDS:
            record(reg, *r)
    runner = CliRunner()
    res = runner.invoke(app, ["register", "list", "--register", str(path)])
    assert res.exit_code == 0 and "Kỳ họp thứ 9" in res.output
    out = tmp_path / "so.xlsx"
    res = runner.invoke(app, ["register", "export", "--register", str(path), "--out", str(out)])
    assert res.exit_code == 0, res.output
    ws = openpyxl.load_workbook(out).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("Mã theo dõi", "Nội dung kiến nghị (kỳ gần nhất)", "Số kỳ kiến nghị")
    assert rows[1][2] == 3 and "Tân Lập" in rows[1][4] + rows[1][1] or rows[2][2] == 3
    res = runner.invoke(app, ["register", "remove", "--register", str(path), "--round", "Kỳ họp thứ 10"])
    assert res.exit_code == 0
    res = runner.invoke(app, ["register", "remove", "--register", str(path), "--round", "Kỳ họp thứ 10"])
    assert res.exit_code == 1 and "không có kỳ" in res.output


def test_default_register_lives_in_the_store_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("CUTRI_STORE_DIR", str(tmp_path / "store"))
    with open_register(None, Config()) as reg:
        assert reg.location == str((tmp_path / "store" / "register.sqlite").resolve())
    assert (tmp_path / "store" / "register.sqlite").exists()


@pytest.fixture(scope="module")
def postgres_url():
    """A real PostgreSQL server started here (pgserver ships its binaries on PyPI).

    Its data folder is made directly in the system's temp folder, not under pytest's
    (``pytest-of-<user>`` is private to the user, and when the tests run as root the server runs
    as another user that must reach the folder; another pytest session may make that folder
    private again while this one runs)."""
    import shutil
    import tempfile

    pgserver = pytest.importorskip("pgserver") if not __import__("os").environ.get("CI") else __import__("pgserver")
    data = tempfile.mkdtemp(prefix="cutri-pg-")
    srv = pgserver.get_server(data, cleanup_mode="stop")
    try:
        srv.psql("CREATE DATABASE cutri_test;")
        uri = srv.get_uri("cutri_test")
        yield uri.replace("postgresql://", "postgresql+psycopg://", 1)
    finally:
        srv.cleanup()
        shutil.rmtree(data, ignore_errors=True)


def test_two_processes_write_one_postgresql_register(tmp_path, repo_root, postgres_url):
    """The same two writers against the PostgreSQL server: both rounds, nothing duplicated."""
    script = tmp_path / "writer.py"
    script.write_text(WRITER.format(root=str(repo_root), tests=str(repo_root / "tests")), encoding="utf-8")
    url = sa.engine.make_url(postgres_url).set(database="cutri_two_writers").render_as_string(hide_password=False)
    with sa.create_engine(postgres_url, isolation_level="AUTOCOMMIT").connect() as conn:
        conn.exec_driver_sql("CREATE DATABASE cutri_two_writers")
    procs = [subprocess.Popen([sys.executable, str(script), url, n], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for n in ("8", "9")]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    with open_register(url, Config()) as reg:
        assert sorted(reg.rounds()["name"]) == ["Kỳ họp thứ 8", "Kỳ họp thứ 9"]
        counts = count_rows(reg)
        assert counts["items"] == len(ROUND_8) + len(ROUND_9)
        assert counts["recommendations"] == len(ROUND_8) + len(ROUND_9)
        assert counts["rounds"] == 2


def test_postgresql_register(postgres_url):
    with open_register(postgres_url, Config()) as reg:
        assert reg.engine.dialect.name == "postgresql"
        check_recurrence(reg)
        rec, again = record(reg, *ROUNDS[1])
        assert rec.replaced
        # a rerun of round 9 sees it as of round 9: round 10, recorded after it, is not counted
        assert dict(zip(again["key"], again["times_raised"])) | {} == {**{k: 1 for k in again["key"] if not isinstance(k, str)},
                                                                    "dt293": 2, "luong_huu": 2, "bhyt": 2}
        assert not again["previous_rounds"].str.contains("thứ 10").any()
        reg.remove_round("Kỳ họp thứ 10")
        assert reg.rounds()["name"].tolist() == ["Kỳ họp thứ 8", "Kỳ họp thứ 9"]


def test_cutri_run_records_rounds_and_marks_repeats(tmp_path):
    import shutil

    from fixtures_ingest import MINUTES

    db = tmp_path / "so.sqlite"
    r8 = tmp_path / "tiep_xuc_ky_8"
    r8.mkdir()
    (r8 / "bien_ban_xa_yen_phu.txt").write_text("\n".join(MINUTES), encoding="utf-8")
    r9 = tmp_path / "tiep_xuc_ky_9"
    shutil.copytree(r8, r9)
    cli = CliRunner()
    base = ["--register", str(db), "--jobs", "1", "--date", "2025-10-20"]
    res = cli.invoke(app, ["run", str(r8), "-o", str(tmp_path / "o8"), *base, "--round", "Kỳ họp thứ 8"])
    assert res.exit_code == 0, res.output
    c8 = pd.read_csv(tmp_path / "o8" / "clusters.csv", dtype=str, keep_default_na=False)
    assert {"register_id", "times_raised", "previous_rounds", "status"} <= set(c8.columns)
    assert (c8["times_raised"] == "1").all() and (c8["previous_rounds"] == "").all()
    out9 = tmp_path / "o9"
    res = cli.invoke(app, ["run", str(r9), "-o", str(out9), *base, "--round", "Kỳ họp thứ 9"])
    assert res.exit_code == 0, res.output
    c9 = pd.read_csv(out9 / "clusters.csv", dtype=str, keep_default_na=False)
    assert (c9["times_raised"] == "2").all() and (c9["previous_rounds"] == "Kỳ họp thứ 8").all()
    assert set(c9["register_id"]) == set(c8["register_id"])
    html = (out9 / "report.html").read_text(encoding="utf-8")
    assert "(đã kiến nghị tại Kỳ họp thứ 8)" in html and "Lịch sử kiến nghị" in html
    assert f"Có {len(c9)} kiến nghị cử tri đã nêu ở các kỳ trước" in html
    first = (out9 / "clusters.csv").read_bytes()
    res = cli.invoke(app, ["run", str(r9), "-o", str(out9), *base, "--round", "Kỳ họp thứ 9"])  # rerun
    assert res.exit_code == 0 and (out9 / "clusters.csv").read_bytes() == first
    with open_register(db, Config()) as reg:
        assert reg.rounds()["name"].tolist() == ["Kỳ họp thứ 8", "Kỳ họp thứ 9"]
    before = digest(db)
    res = cli.invoke(app, ["run", str(r9), "-o", str(tmp_path / "o10"), *base, "--round", "kỳ họp thứ 8"])
    assert res.exit_code == 1 and "đã được dùng cho đợt đọc từ thư mục 'tiep_xuc_ky_8'" in res.output
    assert digest(db) == before


def test_analyst_rejects_and_relinks_in_the_review_workbook(tmp_path):
    """review.xlsx's clusters sheet shows each proposed link to an earlier round; the analyst
    rejects one (the item gets a new register_id), then links another item to a register_id
    of their choice; both are replayed by later runs (register_corrections.csv)."""
    import openpyxl

    from pipeline import corrections, runner
    from pipeline.corrections.register_columns import REGISTER_COLUMNS

    rounds = {}
    for name, rows, date in ROUNDS[:2]:
        folder = tmp_path / ("ky" + name.split()[-1])
        folder.mkdir()
        lines = ["BIÊN BẢN HỘI NGHỊ TIẾP XÚC CỬ TRI", "Đơn vị: Xã Tân Lập", "Ý kiến cử tri:"]
        lines += [f"{i + 1}. {text}" for i, (_, _, _, _, text) in enumerate(rows)]
        (folder / "bien_ban.txt").write_text("\n".join(lines), encoding="utf-8")
        rounds[name] = folder
    cfg = Config().replace(run={"jobs": 1}, register={"url": str(tmp_path / "so.sqlite"), "record": True},
                           report={"date": "2025-10-20"})
    runner.run(rounds["Kỳ họp thứ 8"], tmp_path / "o8", cfg.replace(register={"round": "Kỳ họp thứ 8"}))
    cfg9 = cfg.replace(register={"round": "Kỳ họp thứ 9"})
    out9 = tmp_path / "o9"
    runner.run(rounds["Kỳ họp thứ 9"], out9, cfg9)
    assert not (out9 / "register_review.xlsx").exists()  # the decisions are taken in review.xlsx
    c9 = pd.read_csv(out9 / "clusters.csv", dtype=str, keep_default_na=False)
    linked = c9[c9["times_raised"] == "2"]
    assert len(linked) >= 2, c9[["representative_text", "times_raised"]]
    target_reject, target_new = linked["cluster_id"].iloc[0], c9[c9["times_raised"] == "1"]["cluster_id"].iloc[0]
    rejected_id, relink_to = linked["register_id"].iloc[0], linked["register_id"].iloc[1]
    head = {h: h for _k, h, _w, _e in REGISTER_COLUMNS}

    def fill(decisions: dict[str, dict[str, str]], name: str):
        wb = openpyxl.load_workbook(out9 / "review.xlsx")
        ws = wb[corrections.CLUSTER_SHEET]
        col = {c.value: c.column for c in ws[1]}
        assert {head["Quyết định liên kết"], head["Gắn với mã theo dõi khác"], head["Mã theo dõi"]} <= set(col)
        dv = [d for d in ws.data_validations.dataValidation if d.formula1 == '"xác nhận,bác bỏ"']
        assert dv and ws.protection.sheet
        shown = {}
        for r in range(2, ws.max_row + 1):
            cid = ws.cell(row=r, column=1).value
            shown[cid] = {h: ws.cell(row=r, column=j).value for h, j in col.items()}
            for h, v in decisions.get(cid, {}).items():
                ws.cell(row=r, column=col[h]).value = v
        wb.save(tmp_path / name)
        return tmp_path / name, shown

    # 1. reject the link proposed for one item: a new register_id, raised once
    filled, shown = fill({target_reject: {"Quyết định liên kết": "bác bỏ"}}, "review_bac_bo.xlsx")
    assert rejected_id in shown[target_reject]["Liên kết đề xuất (mã, cách gắn, điểm)"]
    assert shown[target_reject]["Các kỳ trước"] == "Kỳ họp thứ 8" and shown[target_reject]["Nội dung đã kiến nghị ở kỳ trước"]
    runner.run(rounds["Kỳ họp thứ 9"], out9, cfg9, corrections_files=[filled])
    again = pd.read_csv(out9 / "clusters.csv", dtype=str, keep_default_na=False).set_index("cluster_id")
    assert again.at[target_reject, "times_raised"] == "1" and again.at[target_reject, "previous_rounds"] == ""
    assert again.at[target_reject, "register_id"] != rejected_id

    # 2. the new review.xlsx shows the rejection; link another item to a register_id of one's choice
    filled, shown = fill({target_new: {"Gắn với mã theo dõi khác": relink_to}}, "review_gan_ma.xlsx")
    assert shown[target_reject]["Quyết định liên kết"] == "bác bỏ"
    runner.run(rounds["Kỳ họp thứ 9"], out9, cfg9, corrections_files=[filled])
    again = pd.read_csv(out9 / "clusters.csv", dtype=str, keep_default_na=False).set_index("cluster_id")
    assert again.at[target_new, "register_id"] == relink_to and again.at[target_new, "times_raised"] == "2"
    assert again.at[target_reject, "times_raised"] == "1"  # the rejection given back unchanged still holds

    # 3. replayed from register_corrections.csv by a later run without the file
    runner.run(rounds["Kỳ họp thứ 9"], out9, cfg9)
    third = pd.read_csv(out9 / "clusters.csv", dtype=str, keep_default_na=False).set_index("cluster_id")
    assert third.at[target_reject, "times_raised"] == "1" and third.at[target_new, "register_id"] == relink_to


def test_busy_register_gives_one_clear_line(tmp_path):
    path = tmp_path / "so.sqlite"
    with open_register(path, Config()) as reg:
        record(reg, *ROUNDS[0])
    impatient = Config().replace(register={"busy_timeout": 0.3})
    holder = open_register(path, Config())
    try:
        with holder.write():  # another run is writing
            with pytest.raises(RegisterError, match="đang bận"):
                with open_register(path, impatient) as reg:  # opening checks the schema in a write transaction
                    record(reg, *ROUNDS[1])
    finally:
        holder.close()
    with open_register(path, Config()) as reg:
        assert reg.rounds()["name"].tolist() == ["Kỳ họp thứ 8"]


def test_cached_guard_agrees_with_guard_allows():
    from pipeline import cluster
    from pipeline.register import match

    texts = ["Đề nghị sửa chữa đường liên xã Tân Lập", "Cử tri tiếp tục kiến nghị sửa đường liên xã Tân Lập",
             "Đề nghị sửa chữa đường liên xã Yên Phú", "Đề nghị tăng lương hưu",
             "Kiến nghị Chính phủ điều chỉnh tăng lương hưu", "Đề nghị nâng cấp Quốc lộ 279 đoạn qua xã Nà Tấu",
             "Đề nghị nâng cấp Quốc lộ 12 đoạn qua xã Nà Tấu", "Nâng phụ cấp người hoạt động không chuyên trách",
             "Quy định số lượng người hoạt động không chuyên trách", ""]
    allows = match._guard_allows_cached(cluster)
    got = {(a, b): allows(a, b) for a in texts for b in texts}
    assert got == {(a, b): cluster.guard_allows(a, b) for a in texts for b in texts}
    assert True in got.values() and False in got.values()


def test_a_register_review_workbook_of_earlier_versions_is_still_read(tmp_path):
    """register_review.xlsx (its own sheet) is no longer written, but one kept by an analyst
    still gives its decisions; it is not mistaken for a corrections workbook."""
    import openpyxl

    from pipeline.register import review, runhook

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = review.SHEET
    ws.append([h for _k, h, _w in review.HEADERS])
    ws.append(["CR0a1b2c3d4e", "Đề nghị sửa chữa đường liên xã Tân Lập – Hùng Lợi", "KN-V1-000001",
               "KN-V1-000001 (auto, 0.82); KN-V1-000007 (auto, 0.74)", "Kỳ họp thứ 8", "", "Bác bỏ", ""])
    ws.append(["CR0f9e8d7c6b", "Đề nghị nâng cấp trạm y tế xã", "KN-V1-000002", "", "", "", "", "kn-v1-000005"])
    ws.append(["CR0000000001", "Đề nghị làm đường", "KN-V1-000003", "", "", "", "", ""])  # nothing decided
    path = tmp_path / "register_review.xlsx"
    wb.save(path)
    got = review.read_review(path)
    assert got.to_dict("records") == [
        dict(cluster_id="CR0a1b2c3d4e", decision="reject", register_ids="KN-V1-000001; KN-V1-000007", link_to=""),
        dict(cluster_id="CR0f9e8d7c6b", decision="", register_ids="", link_to="KN-V1-000005"),
    ]
    cfg = Config().replace(register={"url": str(tmp_path / "so.sqlite"), "record": True})
    other = tmp_path / "sua.csv"
    other.write_text("item_id,sector\n", encoding="utf-8")
    assert runhook.split_files(cfg, [path, other]) == ([other], [path])


def test_every_run_records_into_the_default_register(tmp_path, monkeypatch):
    """Without any register option `cutri run` records its round (named after the input folder)
    in the default register; a rerun replaces the round and gives the same bytes, also after
    another round came in; --no-register leaves the register as it was."""
    from fixtures_ingest import MINUTES

    monkeypatch.setenv("CUTRI_STORE_DIR", str(tmp_path / "store"))
    db = tmp_path / "store" / "register.sqlite"
    r1, r2 = tmp_path / "dot_thang_5", tmp_path / "dot_thang_10"
    for d in (r1, r2):
        d.mkdir()
        (d / "bien_ban_xa_yen_phu.txt").write_text("\n".join(MINUTES), encoding="utf-8")
    cli = CliRunner()
    base = ["--jobs", "1", "--date", "2025-10-20"]
    res = cli.invoke(app, ["run", str(r1), "-o", str(tmp_path / "o1"), *base])
    assert res.exit_code == 0, res.output
    first = (tmp_path / "o1" / "clusters.csv").read_bytes()
    c1 = pd.read_csv(tmp_path / "o1" / "clusters.csv", dtype=str, keep_default_na=False)
    assert c1["register_id"].str.startswith("KN-").all() and (c1["times_raised"] == "1").all()
    with open_register(None, Config()) as reg:
        assert reg.location == str(db.resolve())
        assert reg.rounds()["name"].tolist() == ["dot_thang_5"]
    res = cli.invoke(app, ["run", str(r2), "-o", str(tmp_path / "o2"), *base, "--round", "Kỳ họp thứ 9"])
    assert res.exit_code == 0, res.output
    c2 = pd.read_csv(tmp_path / "o2" / "clusters.csv", dtype=str, keep_default_na=False)
    assert (c2["times_raised"] == "2").all() and (c2["previous_rounds"] == "dot_thang_5").all()
    # rerun of the first round: the register changed since, so the round is recorded again
    # (replaced, not added), and its outputs are the same bytes
    res = cli.invoke(app, ["run", str(r1), "-o", str(tmp_path / "o1"), *base])
    assert res.exit_code == 0, res.output
    assert "không đổi" not in res.output
    assert (tmp_path / "o1" / "clusters.csv").read_bytes() == first
    # nothing changed now: the previous outputs are kept
    res = cli.invoke(app, ["run", str(r1), "-o", str(tmp_path / "o1"), *base])
    assert res.exit_code == 0 and "không đổi" in res.output
    with open_register(None, Config()) as reg:
        assert reg.rounds()["name"].tolist() == ["dot_thang_5", "Kỳ họp thứ 9"]
    before = digest(db)
    res = cli.invoke(app, ["run", str(r2), "-o", str(tmp_path / "o3"), *base, "--no-register"])
    assert res.exit_code == 0, res.output
    c3 = pd.read_csv(tmp_path / "o3" / "clusters.csv", dtype=str, keep_default_na=False)
    assert "register_id" not in c3.columns
    assert digest(db) == before
    res = cli.invoke(app, ["run", str(r2), "-o", str(tmp_path / "o3"), *base, "--no-register", "--round", "X"])
    assert res.exit_code == 1 and "--no-register" in res.output
    cfg = tmp_path / "cutri.toml"
    cfg.write_text("[register]\nrecord = false\n", encoding="utf-8")
    res = cli.invoke(app, ["run", str(r2), "-o", str(tmp_path / "o4"), *base, "-c", str(cfg)])
    assert res.exit_code == 0, res.output
    assert digest(db) == before
