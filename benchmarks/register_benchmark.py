"""Scale of the register: record and match one round against a large register.

Builds a synthetic register of N consolidated items (earlier rounds) in bulk, then
times ``Register.record_round`` for a round of M items, of which a share reword
items already in the register (they must be linked) and the rest are new requests
or look-alikes about other places (they must not be). Prints the time, the peak
memory (ru_maxrss of this process) and the links found.

    python benchmarks/register_benchmark.py --items 1000000 --round 3000 --url /tmp/r1m.sqlite
    python benchmarks/register_benchmark.py --sizes 100000,300000          # growth with size
    python benchmarks/register_benchmark.py --items 100000 --postgres      # PostgreSQL (pgserver)

``--url FILE`` keeps the register: a second run with the same file reuses it (the 1M build
takes about 5 minutes). Each of ``--repeat`` runs records the round and then removes it
(untimed), so every run starts from the same register; the median is printed, and each
run's time and the load average go to stderr. The first run of a process also pays the
one-off import of scikit-learn (a few seconds; ``cutri run`` has paid it before). ``--postgres``
starts a PostgreSQL server with pgserver, as the tests do, in a temporary folder.

The bulk build writes rows through the DB-API ``executemany`` of statements compiled
by SQLAlchemy Core (no SQL written by hand); it is set-up, not part of the timing.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.config import Config  # noqa: E402
from pipeline.register import match, open_register  # noqa: E402
from pipeline.register import tables as T  # noqa: E402

SYLLABLES = ("an bình cao châu đông đức giang hà hải hòa hồng hưng khánh kim lâm lập linh long minh nam "
             "ngọc phú phúc quang sơn tân thái thanh thành thịnh thuận tiến trung trường tú văn vinh xuân yên "
             "khuổi nà pác bản lũng nặm cốc phiêng nghĩa lộc thọ quý mỹ lạc hợp bảo chiến dương định hiệp "
             "hoàng huy khê kiên lai liên lương mai mường na ninh phong quảng quế sài sinh tam thạch thắng "
             "thiện thông thủy tiên toàn tràng trà triệu tuy tường uyên vạn việt vân vĩnh xá bái ba bắc "
             "cẩm chiêm diễn đạo đoàn gia hạ hiền hoa khang kỳ lang lệ lĩnh lục mậu nghi nhân phượng").split()
STEMS = [
    ("giao_thong", "Đề nghị đầu tư nâng cấp tuyến đường liên thôn"), ("giao_thong", "Đề nghị sửa chữa cầu treo"),
    ("giao_thong", "Đề nghị làm mới đường giao thông nông thôn"), ("nong_nghiep", "Đề nghị nạo vét kênh mương nội đồng"),
    ("nong_nghiep", "Đề nghị hỗ trợ giống cây trồng cho người dân"), ("nong_nghiep", "Đề nghị kiên cố hóa đập thủy lợi"),
    ("giao_duc", "Đề nghị xây dựng thêm phòng học cho trường mầm non"), ("giao_duc", "Đề nghị sửa chữa nhà vệ sinh trường tiểu học"),
    ("y_te", "Đề nghị bổ sung bác sĩ cho trạm y tế"), ("y_te", "Đề nghị nâng cấp trang thiết bị trạm y tế"),
    ("dien", "Đề nghị kéo điện lưới quốc gia về"), ("dien", "Đề nghị thay thế đường dây điện hạ thế xuống cấp"),
    ("moi_truong", "Đề nghị xử lý ô nhiễm rác thải tại"), ("moi_truong", "Đề nghị xây dựng bãi tập kết rác thải"),
    ("dat_dai", "Đề nghị giải quyết dứt điểm tranh chấp đất đai tại"), ("dat_dai", "Đề nghị cấp giấy chứng nhận quyền sử dụng đất cho hộ dân"),
    ("van_hoa", "Đề nghị hỗ trợ kinh phí xây dựng nhà văn hóa"), ("nuoc", "Đề nghị đầu tư công trình nước sạch tập trung"),
    ("an_ninh", "Đề nghị lắp đặt camera an ninh tại khu dân cư"), ("giao_thong", "Đề nghị lắp đặt đèn chiếu sáng công cộng"),
]
REWORD = ["Cử tri tiếp tục kiến nghị", "Cử tri phản ánh và đề nghị", "Một lần nữa cử tri đề nghị"]


def name(rng) -> tuple[str, str]:
    a, b = rng.choice(SYLLABLES), rng.choice(SYLLABLES)
    return f"{a.capitalize()} {b.capitalize()}", f"{a} {b}"


def synth(rng):
    """(text, sector, content words known without parsing)."""
    sector, stem = STEMS[rng.randrange(len(STEMS))]
    (v, v_low), (c, c_low) = name(rng), name(rng)
    text = f"{stem} thôn {v}, xã {c}."
    return text, sector, stem, f"thôn {v_low} xã {c_low}"


_STEM_WORDS = {stem: match.content_words(stem) for _, stem in STEMS}


def fast_terms(stem: str, tail: str) -> list[int]:
    return match.sketch(match.terms_of(_STEM_WORDS[stem] + tail.split()))


def build_chunk(args):
    seed, start, n = args
    rng = random.Random(seed)
    rows, terms = [], []
    for k in range(n):
        text, sector, stem, tail = synth(rng)
        pk = start + k
        rows.append((pk, text, sector))
        terms.extend((t, pk) for t in fast_terms(stem, tail))
    return rows, np.asarray(terms, dtype=np.int64).reshape(-1, 2)


def bulk_build(reg, n_items: int, n_rounds: int = 10, seed: int = 7, jobs: int = 2) -> dict:
    """Fill the register with ``n_items`` items over ``n_rounds`` rounds; returns set-up figures."""
    from multiprocessing import Pool

    t0 = time.perf_counter()
    per_round = n_items // n_rounds
    chunk = 50_000
    tasks = [(seed * 1_000_003 + s, s + 1, min(chunk, n_items - s)) for s in range(0, n_items, chunk)]
    eng = reg.engine
    with eng.begin() as conn:
        for r in range(n_rounds):
            conn.execute(T.rounds.insert().values(
                id=r + 1, name=f"Kỳ họp thứ {r + 1}", name_key=f"kỳ họp thứ {r + 1}", input_name=f"ky{r + 1}",
                held_on=f"{2015 + r}-05-01", recorded_at="", units="", n_units=0, n_recommendations=per_round,
                n_items=per_round, report_meta="{}"))
    raw = eng.raw_connection()
    dialect = eng.dialect
    stmts = {t.name: str(t.insert().compile(dialect=dialect)) for t in (T.items, T.entries, T.links, T.item_terms)}
    # positional parameter order of each compiled statement
    order = {t.name: [c.key for c in t.columns] for t in (T.items, T.entries, T.links, T.item_terms)}

    def rows_for(table, dicts):
        return [tuple(d.get(k) for k in order[table]) if isinstance(d, dict) else d for d in dicts]

    if dialect.name == "sqlite":
        cur = raw.cursor()
        cur.execute("PRAGMA synchronous=OFF")
        cur.execute("PRAGMA journal_mode=MEMORY")
        cur.execute("BEGIN")  # the engine's connections are in autocommit mode: one transaction here
        for table in stmts:  # compiled with named parameters: use them in positional form
            stmts[table] = str(getattr(T, table).insert().compile(dialect=dialect, compile_kwargs={}))
    all_terms = []
    with Pool(jobs) as pool:
        cur = raw.cursor()
        for rows, terms in pool.imap(build_chunk, tasks):
            items, entries, links = [], [], []
            for pk, text, sector in rows:
                rnd = (pk - 1) // max(per_round, 1) % n_rounds + 1
                rid = f"KN-S{pk:09d}"
                items.append(dict(id=pk, round_id=rnd, cluster_id=f"C{pk}", sector=sector, sector_label=sector,
                                  authority="dia_phuong", text=text, n_items=1, n_units=1, units=""))
                entries.append(dict(register_id=rid, first_round_id=rnd, sector=sector, authority="dia_phuong",
                                    text=text, status=""))
                links.append(dict(item_pk=pk, register_id=rid, score=1.0, kind="new", is_primary=True))
            for table, dicts in (("items", items), ("entries", entries), ("links", links)):
                cur.executemany(stmts[table], _params(dialect, order[table], dicts))
            all_terms.append(terms)
        terms = np.concatenate(all_terms)
        terms = terms[np.lexsort((terms[:, 1], terms[:, 0]))]  # primary-key order: sequential B-tree inserts
        for s in range(0, len(terms), 200_000):
            part = terms[s:s + 200_000]
            cur.executemany(stmts["item_terms"], _params(dialect, order["item_terms"],
                                                         [dict(term=int(a), item_pk=int(b)) for a, b in part]))
        raw.commit()
    raw.close()
    if dialect.name == "postgresql":
        with eng.begin() as conn:  # the serial sequences after explicit ids; statistics for the planner
            conn.execute(T.items.select().limit(0))
            conn.exec_driver_sql("SELECT setval(pg_get_serial_sequence('items','id'), (SELECT max(id) FROM items))")
            conn.exec_driver_sql("SELECT setval(pg_get_serial_sequence('rounds','id'), (SELECT max(id) FROM rounds))")
        with eng.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("ANALYZE")
    return {"build_s": round(time.perf_counter() - t0, 1), "terms": int(len(terms))}


def _params(dialect, keys, dicts):
    if dialect.paramstyle in ("named", "pyformat"):
        return dicts
    return [tuple(d[k] for k in keys) for d in dicts]


def make_round(reg, n: int, share_repeat: float, seed: int = 11):
    """A round of ``n`` items: rewordings of random register items and new/look-alike requests."""
    rng = random.Random(seed)
    with reg.read() as conn:
        n_reg = conn.execute(T.items.count() if hasattr(T.items, "count") else
                             __import__("sqlalchemy").select(__import__("sqlalchemy").func.max(T.items.c.id))).scalar_one()
        picks = sorted(rng.sample(range(1, n_reg + 1), int(n * share_repeat)))
        sa = __import__("sqlalchemy")
        src = {}
        for s in range(0, len(picks), 900):
            for pk, text, sector in conn.execute(sa.select(T.items.c.id, T.items.c.text, T.items.c.sector)
                                                 .where(T.items.c.id.in_(picks[s:s + 900]))):
                src[pk] = (text, sector)
    rows, truth = [], {}
    for i, pk in enumerate(picks):
        text, sector = src[pk]
        new = rng.choice(REWORD) + " " + text[len("Đề nghị "):].rstrip(".") + ", nhiều năm chưa được giải quyết."
        rows.append((new, sector))
        truth[len(rows) - 1] = pk
    while len(rows) < n:
        text, sector, _, _ = synth(rng)
        rows.append((text, sector))
    recs, clusters = [], []
    for i, (text, sector) in enumerate(rows):
        iid = hashlib.sha1(f"{i}|{text}".encode()).hexdigest()[:12]
        recs.append(dict(item_id=iid, unit=f"Xã {i % 200}", source_file="x.txt", source_ref=f"dòng {i}", text=text,
                         sector=sector, authority="dia_phuong", cluster_id="C" + iid, not_recommendation=False))
        clusters.append(dict(cluster_id="C" + iid, sector=sector, sector_label=sector, authority="dia_phuong",
                             representative_text=text, n_items=1, n_units=1, units=f"Xã {i % 200}", item_ids=iid))
    return pd.DataFrame(recs), pd.DataFrame(clusters), truth


def register_size(reg) -> int:
    """Items already in the register (0 for a new one)."""
    import sqlalchemy as sa

    with reg.read() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(T.items)).scalar_one())


def run_one(url: str | None, n_items: int, n_round: int, share: float, repeat: int = 1, jobs: int = 2) -> dict:
    """Build (or reuse) a register of ``n_items``; time record+match of one round ``repeat`` times.

    Each repetition records the round "Kỳ họp mới" and then removes it (untimed), so every
    repetition starts from the same register. A register that already holds items (``--url``
    of a file built before) is reused as it is; its size is reported, not ``n_items``.
    """
    import statistics

    cfg = Config()
    tmp = None
    if url is None:
        tmp = tempfile.mkdtemp(prefix="cutri-register-bench-")
        url = str(Path(tmp) / "register.sqlite")
    with open_register(url, cfg) as reg:
        have = register_size(reg)
        if have:
            setup = {"build_s": None, "reused": True}
            n_items = have
        else:
            setup = bulk_build(reg, n_items, jobs=jobs)
        recs, clusters, truth = make_round(reg, n_round, share)
        times, cpus, found, false = [], [], 0, 0
        for _ in range(repeat):
            load = os.getloadavg()[0]
            t0, c0 = time.perf_counter(), time.process_time()
            rec = reg.record_round("Kỳ họp mới", "ky_moi", "2030-05-01", recs, clusters)
            times.append(time.perf_counter() - t0)
            cpus.append(time.process_time() - c0)  # this process's CPU: less sensitive to a shared machine
            cols = rec.columns.set_index("cluster_id")
            linked = cols["times_raised"] > 1
            order = clusters["cluster_id"].tolist()
            repeat_idx = set(truth)
            found = sum(1 for i, cid in enumerate(order) if i in repeat_idx and linked[cid]
                        and cols.at[cid, "register_id"] == f"KN-S{truth[i]:09d}")
            false = sum(1 for i, cid in enumerate(order) if i not in repeat_idx and linked[cid])
            reg.remove_round("Kỳ họp mới")
            print({"run_s": round(times[-1], 2), "cpu_s": round(cpus[-1], 2), "load_1min_before": round(load, 2),
                   "load_1min_after": round(os.getloadavg()[0], 2)}, file=sys.stderr, flush=True)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    path = Path(url) if "://" not in url else None
    size = path.stat().st_size if path is not None and path.exists() else None
    return {"backend": "postgresql" if "postgresql" in url else "sqlite", "register_items": n_items,
            "round_items": n_round, "record_and_match_s": round(statistics.median(times), 2),
            "runs_s": [round(t, 2) for t in times], "cpu_s": [round(t, 2) for t in cpus], "peak_rss_mb": round(rss / 1024),
            "repeats": len(truth), "repeats_found": found, "new_items_linked": false,
            "db_mb": round(size / 2**20) if size else None, "loadavg": open("/proc/loadavg").read().split()[:3],
            **setup}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--items", type=int, default=1_000_000)
    ap.add_argument("--sizes", default="", help="comma-separated register sizes (growth)")
    ap.add_argument("--round", type=int, default=3000)
    ap.add_argument("--share-repeat", type=float, default=0.3)
    ap.add_argument("--repeat", type=int, default=3, help="timed runs of the same round (the median is printed)")
    ap.add_argument("--jobs", type=int, default=2, help="processes generating the synthetic register")
    ap.add_argument("--url", default=None,
                    help="SQLite file or PostgreSQL URL; a register that already holds items is reused "
                         "(default: a new file in a temp folder)")
    ap.add_argument("--postgres", action="store_true",
                    help="start a PostgreSQL server (pgserver, as the tests do) and measure against it")
    a = ap.parse_args()
    url = a.url
    srv = None
    if a.postgres:
        import pgserver

        srv = pgserver.get_server(tempfile.mkdtemp(prefix="cutri-register-pg-"), cleanup_mode="stop")
    sizes = [int(s) for s in a.sizes.split(",")] if a.sizes else [a.items]
    for i, n in enumerate(sizes):
        if srv is not None:
            db = f"bench_{i}_{os.getpid()}"
            srv.psql(f"CREATE DATABASE {db};")
            url = srv.get_uri(db).replace("postgresql://", "postgresql+psycopg://", 1)
        elif a.url is None:
            url = None
        print(run_one(url, n, a.round, a.share_repeat, a.repeat, a.jobs), flush=True)
    if srv is not None:
        srv.cleanup()


if __name__ == "__main__":
    main()
