"""Benchmark of the sector/authority classifier (run by hand; prints figures).

    .venv/bin/python benchmarks/classify_benchmark.py [DEV_CSV] [--no-cv] [--folds K] [--tune-review]

1. Fits the model on the seed corpus shipped in pipeline/data/seed (the user's label
   store is ignored: an empty temporary store is used) and scores it on a labelled
   file of real recommendations (default /work/shared/eval/dev_recommendations.csv):
   sector accuracy (also with ``sector_alt`` accepted), macro-F1, authority
   accuracy, share flagged for review and sector accuracy on the unflagged items.
2. Stratified k-fold cross-validation on the seed corpus, with the same figures.
3. With ``--tune-review``: the review thresholds (min_confidence, min_margin,
   authority_min_confidence) that give the most accurate unflagged items on the
   seed corpus's out-of-fold predictions while flagging at most ``--target-share``
   of them. The defaults in ClassifySettings were chosen this way, never on the
   labelled file.

The labelled file is for measuring only: nothing from it is trained on or stored.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DEV = Path("/work/shared/eval/dev_recommendations.csv")


def _line(name: str, m: dict) -> str:
    parts = [
        f"sector accuracy {m['sector_accuracy']:.1%}",
        f"macro-F1 {m['sector_macro_f1']:.3f}",
    ]
    if "sector_accuracy_with_alt" in m:
        parts.append(f"accuracy with sector_alt {m['sector_accuracy_with_alt']:.1%}")
    if "authority_accuracy" in m:
        parts.append(f"authority accuracy {m['authority_accuracy']:.1%}")
    parts.append(f"review share {m['review_share']:.1%}")
    parts.append(f"unflagged accuracy {m['unflagged_sector_accuracy']:.1%}")
    return f"{name} (n={m['n']}): " + ", ".join(parts)


def tune_review(cfg, target_share: float) -> None:
    """Grid-search the review thresholds on out-of-fold predictions of the seed corpus."""
    import numpy as np
    from sklearn.model_selection import StratifiedKFold

    from pipeline import classify, evaluation, training

    train = evaluation._with_tokens(training.training_set(cfg), cfg)
    k = max(2, min(cfg.classify.cv_folds, int(train["sector"].value_counts().min())))
    skf = StratifiedKFold(n_splits=k, shuffle=True, random_state=cfg.run.seed)
    n = len(train)
    p1, p2, aconf, right = np.zeros(n), np.zeros(n), np.ones(n), np.zeros(n, dtype=bool)
    cues = classify.load_authority_cues()
    for tr, te in skf.split(train, train["sector"]):
        model = classify.fit_model(train.iloc[tr], cfg, cache_dir=None)
        frame = train.iloc[te][["text", "tokens"]]
        proba, classes = model.predict_proba_sector(frame)
        top2 = np.sort(proba, axis=1)[:, ::-1]
        p1[te], p2[te] = top2[:, 0], top2[:, 1]
        right[te] = np.asarray(classes)[proba.argmax(axis=1)] == train["sector"].to_numpy()[te]
        ap, _ = model.predict_proba_authority(frame)
        ruled = np.array([classify.central_cue(t, cues) is not None for t in frame["text"]])
        aconf[te] = np.where(ruled, 1.0, ap.max(axis=1))
    print(f"Out-of-fold sector accuracy {right.mean():.1%} on {n} rows; target review share <= {target_share:.0%}")
    best = None
    for mc in np.arange(0.20, 0.71, 0.025):
        for mm in np.arange(0.0, 0.31, 0.02):
            for ac in (0.0, 0.55, 0.6, 0.65, 0.7):
                flag = (p1 < mc) | ((p1 - p2) < mm) | (aconf < ac)
                share = flag.mean()
                if share > target_share or flag.all():
                    continue
                acc = right[~flag].mean()
                cand = (acc, -share, round(mc, 3), round(mm, 3), ac)
                if best is None or cand > best:
                    best = cand
    if best is None:
        print("No thresholds flag few enough items.")
        return
    acc, share, mc, mm, ac = best
    print(f"Suggested: min_confidence={mc}, min_margin={mm}, authority_min_confidence={ac} "
          f"→ flagged {-share:.1%}, unflagged accuracy {acc:.1%}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("labels", nargs="?", type=Path, default=DEFAULT_DEV, help="labelled csv/xlsx to score on")
    ap.add_argument("--no-cv", action="store_true", help="skip the cross-validation on the seed corpus")
    ap.add_argument("--folds", type=int, default=None, help="folds of the cross-validation (default: config cv_folds)")
    ap.add_argument("--details", action="store_true", help="also print per-sector figures and the confusion matrix")
    ap.add_argument("--tune-review", action="store_true", help="suggest review thresholds from seed cross-validation")
    ap.add_argument("--target-share", type=float, default=0.2, help="largest share flagged when tuning (default 0.2)")
    args = ap.parse_args(argv)

    if not args.labels.exists():
        print(f"Labelled file not found: {args.labels}. Pass the path of a csv with columns "
              "text, sector, authority (optional sector_alt) as the first argument.", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory(prefix="cutri-bench-") as tmp:
        os.environ["CUTRI_STORE_DIR"] = str(Path(tmp) / "store")  # seed corpus only
        os.environ.setdefault("CUTRI_CACHE_DIR", str(Path(tmp) / "cache"))
        from pipeline import evaluation
        from pipeline.config import Config

        cfg = Config()
        if args.folds:
            cfg = cfg.replace(classify={"cv_folds": args.folds})
        t0 = time.perf_counter()
        dev = evaluation.evaluate(cfg, args.labels)
        print(f"Training rows (seed corpus + taxonomy): {dev['training_rows']}")
        print(_line(f"Labelled set {args.labels.name}", dev))
        if args.details:
            print(evaluation.format_report(dev, cfg))
        print(f"  ({time.perf_counter() - t0:.1f} s)")
        if not args.no_cv:
            t0 = time.perf_counter()
            cv = evaluation.evaluate(cfg, None)
            print(_line(f"Seed corpus {cv['mode']}", cv))
            if args.details:
                print(evaluation.format_report(cv, cfg))
            print(f"  ({time.perf_counter() - t0:.1f} s)")
        if args.tune_review:
            tune_review(cfg, args.target_share)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
