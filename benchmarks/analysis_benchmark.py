"""Benchmark of the analysis (issue 19) on cases written for it, and on a labelled file.

    .venv/bin/python benchmarks/analysis_benchmark.py [DEV_CSV] [--backend tfidf|embeddings]

1. Own cases (``benchmarks/analysis_cases.py``): sector (strict and with the
   alternative accepted), authority per item and per consolidated item (after
   ``authority.settle``), share flagged and accuracy of the unflagged items; the same
   items typed without diacritics; pairwise precision / recall of the clusters against
   the duplicate groups (paraphrases by several units, look-alikes about other places,
   numbers or request objects).
2. A labelled file (default /work/shared/eval/dev_recommendations.csv), measured only:
   the same item-level figures.

The model is fitted on the seed corpus only (an empty temporary label store).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

DEFAULT_DEV = Path("/work/shared/eval/dev_recommendations.csv")


def item_figures(gold: pd.DataFrame, pred: pd.DataFrame) -> dict:
    y, p = gold["sector"].to_numpy(), pred["sector"].to_numpy()
    alt = gold["sector_alt"].fillna("").to_numpy() if "sector_alt" in gold else np.full(len(y), "")
    ok_alt = (p == y) | ((alt != "") & (p == alt))
    flag = pred["needs_review"].astype(bool).to_numpy()
    ok_auth = gold["authority"].to_numpy() == pred["authority"].to_numpy()
    return {"n": len(y), "sector": (p == y).mean(), "sector_alt": ok_alt.mean(), "authority": ok_auth.mean(),
            "flagged": flag.mean(),
            "unflagged_alt": ok_alt[~flag].mean() if (~flag).any() else float("nan"),
            "unflagged_strict": (p == y)[~flag].mean() if (~flag).any() else float("nan"),
            # right = sector (alternative accepted) AND authority
            "unflagged_both": (ok_alt & ok_auth)[~flag].mean() if (~flag).any() else float("nan")}


def line(name: str, m: dict) -> str:
    return (f"{name} (n={m['n']}): sector {m['sector']:.1%}, with alt {m['sector_alt']:.1%}, "
            f"authority {m['authority']:.1%}, flagged {m['flagged']:.1%}, "
            f"unflagged right {m['unflagged_alt']:.1%} (strict {m['unflagged_strict']:.1%}, "
            f"sector and authority {m['unflagged_both']:.1%})")


def pairwise(groups: list[str], clusters: list[str]) -> tuple[float, float, list]:
    tp = fp = fn = 0
    wrong = []
    for i, j in combinations(range(len(groups)), 2):
        same_g, same_c = groups[i] == groups[j], clusters[i] == clusters[j]
        tp += same_g and same_c
        fp += same_c and not same_g
        fn += same_g and not same_c
        if same_c and not same_g:
            wrong.append((i, j))
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1), wrong


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("labels", nargs="?", type=Path, default=DEFAULT_DEV)
    ap.add_argument("--backend", default=None, help="cluster backend: tfidf (default) or embeddings")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cutri-bench-") as tmp:
        os.environ["CUTRI_STORE_DIR"] = str(Path(tmp) / "store")
        os.environ.setdefault("CUTRI_CACHE_DIR", str(Path(tmp) / "cache"))
        import analysis_cases

        from pipeline import authority, classify, cluster, evaluation, training
        from pipeline import schemas as S
        from pipeline.config import Config

        cfg = Config()
        if args.backend:
            cfg = cfg.replace(cluster={"backend": args.backend})
        t0 = time.perf_counter()
        train = evaluation._with_tokens(training.training_set(cfg), cfg)
        model = classify.fit_model(train, cfg, cache_dir=cfg.cache_path())
        print(f"model fitted on {len(train)} seed rows ({time.perf_counter() - t0:.1f} s)")

        def predict(df):
            df = evaluation._with_tokens(df, cfg)
            return df, classify.classify_items(df.rename(columns={"text": S.TEXT}), model, cfg)

        groups = analysis_cases.groups()
        items, pred = predict(groups)
        print(line("own cases, items", item_figures(groups, pred)))
        folded, fpred = predict(analysis_cases.without_diacritics())
        print(line("own cases typed without diacritics", item_figures(folded, fpred)))

        t0 = time.perf_counter()
        frame = pred.assign(**{S.UNIT: groups["unit"], S.ITEM_ID: groups["item_id"], S.TOKENS: items["tokens"]})
        res = cluster.cluster_items(frame, cfg.cluster)
        cid = res.items[S.CLUSTER_ID].tolist()
        prec, rec, wrong = pairwise(groups["group_id"].tolist(), cid)
        print(f"own duplicate groups ({groups['group_id'].nunique()} groups, {len(set(cid))} clusters, "
              f"backend {cfg.cluster.backend}): pairwise precision {prec:.3f} recall {rec:.3f} "
              f"({time.perf_counter() - t0:.1f} s)")
        for i, j in wrong:
            print(f"  wrong merge: {groups['text'][i][:70]} | {groups['text'][j][:70]}")
        g = groups["group_id"].tolist()
        for i, j in combinations(range(len(g)), 2):
            if g[i] == g[j] and cid[i] != cid[j]:
                print(f"  missed [{g[i]}]: {groups['text'][i][:60]} | {groups['text'][j][:60]}")
        settled, _ = authority.settle(frame.assign(**{S.CLUSTER_ID: cid}), res.clusters)
        print(line("own cases, authority of the consolidated item", item_figures(groups, settled)))

        if args.labels.exists():
            gold = pd.read_csv(args.labels, dtype=str, keep_default_na=False)
            _, dpred = predict(gold[["text"]].copy())
            print(line(f"labelled file {args.labels.name}", item_figures(gold, dpred)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
