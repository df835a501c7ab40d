"""Benchmark of pipeline.cluster: quality on the duplicate set, and scale.

    .venv/bin/python benchmarks/cluster_benchmark.py                 # P / R / F1
    .venv/bin/python benchmarks/cluster_benchmark.py --scale 200000  # + timing, peak RSS
    .venv/bin/python benchmarks/cluster_benchmark.py --set merge_threshold=0.5 --set word_weight=0.4
    .venv/bin/python benchmarks/cluster_benchmark.py --no-quality --items out/recommendations.parquet --jobs 2
    .venv/bin/python benchmarks/cluster_benchmark.py --data tests/data/heldout_duplicate_groups.csv --predicted
    .venv/bin/python benchmarks/cluster_benchmark.py --set backend=embeddings   # OMP_NUM_THREADS=1 for one thread

Quality: pairwise precision / recall / F1 of "same cluster" against "same group"
on tests/data/duplicate_groups.csv (or the files given with --data: the held-out
groups tests/data/heldout_duplicate_groups.csv were written after the settings were
chosen and are only measured), plus the wrong merges and missed pairs. The items
carry their labelled sector, or with --predicted the sector the classifier fitted on
the seed corpus predicts (as in a run: a paraphrase may be predicted in another sector).

Scale: N synthetic items made by recombining clauses of the duplicate set with
varied place names (so the place guard matters), both authorities, ten sectors;
tokens are composed from clause tokens so underthesea runs only on the clauses.
Prints wall time of ``cluster_items`` and peak RSS of the process.

Items: ``cluster_items`` on the recommendations of a processed round (the
``recommendations.parquet`` of its output, tokens included), as the runner
calls it; prints wall and CPU time, peak RSS and a digest of the three result
tables, so that two versions of the stage can be compared on the same input
(same digest: same clusters and review pairs).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import random
import resource
import sys
import time
from itertools import combinations
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.cluster import cluster_items  # noqa: E402
from pipeline.config import ClusterSettings  # noqa: E402
from pipeline.vi_text import tokenize_many  # noqa: E402

DATA = ROOT / "tests" / "data" / "duplicate_groups.csv"


def load_duplicate_items(path: Path = DATA) -> pd.DataFrame:
    """The duplicate set as a cluster-stage input frame (tokens from underthesea)."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    tokens, _ = tokenize_many(df["text"].tolist(), cache_dir=None, jobs=1)
    return pd.DataFrame(
        {
            "item_id": [f"D{i:04d}" for i in range(len(df))],
            "unit": df["unit"],
            "text": df["text"],
            "tokens": tokens,
            "sector": df["sector"],
            "sector_label": df["sector"],
            "authority": df["authority"],
            "group_id": df["group_id"],
        }
    )


def pairwise_scores(groups: list[str], clusters: list[str]) -> dict:
    """Pairwise precision, recall, F1 of predicted clusters against true groups."""
    tp = fp = fn = 0
    wrong, missed = [], []
    for i, j in combinations(range(len(groups)), 2):
        same_g = groups[i] == groups[j]
        same_c = clusters[i] == clusters[j]
        if same_g and same_c:
            tp += 1
        elif same_c:
            fp += 1
            wrong.append((i, j))
        elif same_g:
            fn += 1
            missed.append((i, j))
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "fp": fp, "fn": fn, "wrong": wrong, "missed": missed}


def predicted_sectors(items: pd.DataFrame) -> pd.DataFrame:
    """``items`` with the sector the classifier fitted on the seed corpus predicts (an empty store)."""
    import os
    import tempfile

    os.environ["CUTRI_STORE_DIR"] = tempfile.mkdtemp(prefix="cutri-bench-store-")
    from pipeline import classify, evaluation, training
    from pipeline.config import Config

    cfg = Config()
    model = classify.fit_model(evaluation._with_tokens(training.training_set(cfg), cfg), cfg, cache_dir=None)
    pred = classify.classify_items(items[["item_id", "text", "tokens"]], model, cfg)
    return items.assign(sector=pred["sector"].tolist(), sector_label=pred["sector"].tolist())


def quality(settings: ClusterSettings, verbose: bool = True, path: Path = DATA, predicted: bool = False) -> dict:
    items = load_duplicate_items(path)
    if predicted:
        items = predicted_sectors(items)
    t0 = time.perf_counter()
    res = cluster_items(items.drop(columns=["group_id"]), settings)
    took = time.perf_counter() - t0
    sc = pairwise_scores(items["group_id"].tolist(), res.items["cluster_id"].tolist())
    print(f"{path.name} ({'predicted' if predicted else 'labelled'} sectors, backend {settings.backend}): "
          f"{len(items)} items, {items['group_id'].nunique()} groups, {len(res.clusters)} clusters, "
          f"cluster_items {took:.1f} s")
    print(f"pairwise precision {sc['precision']:.3f}  recall {sc['recall']:.3f}  F1 {sc['f1']:.3f}"
          f"  (tp {sc['tp']}, fp {sc['fp']}, fn {sc['fn']}); review pairs {len(res.review_pairs)}")
    if verbose:
        texts = items["text"].tolist()
        g = items["group_id"].tolist()
        for kind in ("wrong", "missed"):
            for i, j in sc[kind]:
                print(f"  {kind}: [{g[i]}] {texts[i][:70]}\n         [{g[j]}] {texts[j][:70]}")
    return sc


# --- synthetic data for the scale run -------------------------------------------------

_SYL_A = "Tân Yên Minh Hùng Kim Bình Phúc Hòa Trung Xuân Đồng Khuổi Nà Bản Pác Làng Cốc Nậm Thượng Hạ".split()
_SYL_B = "Lập Phú Quang Lợi Thành An Ngoa Phầy Mục Ban Nhừ Tâm Sơn Vạc Lù Thuyền Mới Hà Bó Khe".split()


def synthetic_items(n: int, seed: int = 7) -> pd.DataFrame:
    """n items recombined from the duplicate set's clauses, with varied place names.

    Half of the items join two clauses of one group (near-duplicates), half join
    a clause with a clause of any group (new requests). Local requests, and one
    central request in ten, end with "tại thôn/bản/xóm/tổ dân phố <name>"
    drawn from 400 names, so that the place guard has work to do.
    """
    rng = random.Random(seed)
    df = pd.read_csv(DATA, dtype=str, keep_default_na=False)
    clauses: list[tuple[str, str, str, str]] = []  # (clause, group, sector, authority)
    for text, gid, sector, auth in zip(df["text"], df["group_id"], df["sector"], df["authority"]):
        for part in text.rstrip(".").split(", "):
            if len(part.split()) >= 3:
                clauses.append((part, gid, sector, auth))
    pieces = sorted({c[0] for c in clauses})
    tok, _ = tokenize_many(pieces, cache_dir=None, jobs=1)
    tok_of = dict(zip(pieces, tok))
    by_group: dict[str, list[int]] = {}
    for k, c in enumerate(clauses):
        by_group.setdefault(c[1], []).append(k)
    groups = sorted(by_group)
    places = [f"{a} {b}" for a in _SYL_A for b in _SYL_B]
    triggers = ["thôn", "bản", "xóm", "tổ dân phố"]
    units = [f"xã {p}" for p in places[:150]]
    rows = []
    for i in range(n):
        gid = groups[rng.randrange(len(groups))]
        ks = by_group[gid]
        first = clauses[ks[rng.randrange(len(ks))]]
        if rng.random() < 0.5:  # a paraphrase-like recombination inside the group
            second = clauses[ks[rng.randrange(len(ks))]]
        else:  # a new request: this clause with one from any group
            second = clauses[rng.randrange(len(clauses))]
        text = first[0]
        tokens = tok_of[first[0]]
        if second[0] != first[0]:
            text += ", " + second[0]
            tokens += " , " + tok_of[second[0]]
        if first[3] == "dia_phuong" or rng.random() < 0.1:
            place = places[rng.randrange(len(places))]
            trig = triggers[rng.randrange(len(triggers))]
            text += f" tại {trig} {place}"
            tokens += f" tại {trig.replace(' ', '_') if trig != 'tổ dân phố' else 'tổ dân_phố'} {place.replace(' ', '_')}"
        rows.append(
            {
                "item_id": f"S{i:07d}",
                "unit": units[rng.randrange(len(units))],
                "text": text + ".",
                "tokens": tokens + " .",
                "sector": first[2],
                "sector_label": first[2],
                "authority": first[3],
            }
        )
    return pd.DataFrame(rows)


def scale(n: int, settings: ClusterSettings, jobs: int = 1) -> None:
    t0 = time.perf_counter()
    items = synthetic_items(n)
    t1 = time.perf_counter()
    res = cluster_items(items, settings, jobs=jobs)
    t2 = time.perf_counter()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    sizes = res.clusters["n_items"]
    print(f"scale: {n} synthetic items built in {t1 - t0:.1f} s")
    print(f"  cluster_items: {t2 - t1:.1f} s wall, peak RSS {peak_mb:.0f} MB")
    print(f"  {len(res.clusters)} clusters (largest {sizes.max()}, {int((sizes > 1).sum())} with 2+ items), "
          f"{len(res.review_pairs)} review pairs")


def on_items(path: Path, settings: ClusterSettings, jobs: int = 1) -> None:
    items = pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path, dtype=str, keep_default_na=False)
    if "not_recommendation" in items:  # as the runner does
        items = items[~items["not_recommendation"].astype(bool)]
    t0, c0 = time.perf_counter(), time.process_time()
    res = cluster_items(items, settings, jobs=jobs)
    t1, c1 = time.perf_counter(), time.process_time()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    digest = hashlib.sha256()
    for table in (res.items[["item_id", "cluster_id"]], res.clusters, res.review_pairs):
        digest.update(table.to_csv(index=False).encode())
    print(f"items: {len(items)} from {path}")
    print(f"  cluster_items: {t1 - t0:.1f} s wall, {c1 - c0:.1f} s CPU in this process, peak RSS {peak_mb:.0f} MB")
    print(f"  {len(res.clusters)} clusters, {len(res.review_pairs)} review pairs, digest {digest.hexdigest()[:16]}")


def _parse_set(values: list[str]) -> dict:
    out = {}
    defaults = ClusterSettings()
    for v in values:
        key, _, raw = v.partition("=")
        cur = getattr(defaults, key)
        out[key] = type(cur)(raw)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=int, default=0, help="also time clustering of N synthetic items")
    ap.add_argument("--items", type=Path, help="also time clustering of a processed round's recommendations.parquet")
    ap.add_argument("--jobs", type=int, default=1, help="processes for the scale and items runs")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="override a ClusterSettings field")
    ap.add_argument("--quiet", action="store_true", help="do not list wrong merges and missed pairs")
    ap.add_argument("--no-quality", action="store_true")
    ap.add_argument("--data", type=Path, action="append", help="duplicate groups CSV (default: the tuning set)")
    ap.add_argument("--predicted", action="store_true", help="cluster with the sectors the seed model predicts")
    args = ap.parse_args(argv)
    settings = dataclasses.replace(ClusterSettings(), **_parse_set(args.set))
    if not args.no_quality:
        for path in args.data or [DATA]:
            quality(settings, verbose=not args.quiet, path=path, predicted=args.predicted)
    if args.scale:
        scale(args.scale, settings, args.jobs)
    if args.items:
        on_items(args.items, settings, args.jobs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
