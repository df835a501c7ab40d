"""Benchmark of the sector/authority classifier (run by hand; prints figures).

    .venv/bin/python benchmarks/classify_benchmark.py [DEV_CSV] [--no-cv] [--folds K] [--tune-review]

1. Fits the model on the seed corpus shipped in pipeline/data/seed (the user's label
   store is ignored: an empty temporary store is used) and scores it on a labelled
   file of real recommendations (default /work/shared/eval/dev_recommendations.csv):
   sector accuracy (also with ``sector_alt`` accepted), macro-F1, authority
   accuracy, share flagged for review and sector accuracy on the unflagged items.
2. Stratified k-fold cross-validation on the seed corpus, with the same figures.
3. With ``--tune-review``: the review thresholds (min_confidence, min_margin,
   authority_min_confidence) whose unflagged items are most often right (sector, its
   alternative accepted, AND authority) on the seed corpus's out-of-fold predictions
   while flagging at most ``--target-share`` of them, with the curve of flagged share
   against unflagged accuracy; then the configured and the suggested thresholds on the
   project's own analysis cases and on the labelled file (measured, never tuned on).
   The defaults in ClassifySettings were chosen this way.

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


def _signals(model, frame, gold):
    """Per row: top-1 and top-2 sector probability, authority confidence (model and cues, as
    ``classify_items`` decides it), sector right (alternative accepted) and authority right."""
    import numpy as np

    from pipeline import authority
    from pipeline import schemas as S

    sp, sclasses, ap, aclasses = model.predict_proba(frame)
    order = np.argsort(-sp, axis=1, kind="stable")
    rows = np.arange(len(sp))
    p1, p2 = sp[rows, order[:, 0]], sp[rows, order[:, 1]]
    top = np.asarray(sclasses)[order[:, 0]]
    central, local = authority.cue_flags(frame["text"].tolist(), authority.load_cues())
    auth, aconf, _ = authority.item_evidence(ap[:, list(aclasses).index(S.CENTRAL)], central, local)
    y = gold["sector"].to_numpy()
    alt = gold["sector_alt"].fillna("").to_numpy() if "sector_alt" in gold else np.full(len(y), "")
    sec_ok = (top == y) | ((alt != "") & (top == alt))
    has_auth = gold["authority"].isin(S.AUTHORITIES).to_numpy()
    auth_ok = ~has_auth | (auth == gold["authority"].to_numpy())
    return p1, p2, np.asarray(aconf, dtype=float), sec_ok, auth_ok


def _flags(p1, p2, aconf, mc, mm, ac):
    return (p1 < mc) | ((p1 - p2) < mm) | (aconf < ac)


def out_of_fold_signals(cfg):
    """``_signals`` for every seed row, each predicted by a model fitted without its fold."""
    import numpy as np
    from sklearn.model_selection import StratifiedKFold

    from pipeline import classify, evaluation, training

    train = evaluation._with_tokens(training.training_set(cfg), cfg)
    k = max(2, min(cfg.classify.cv_folds, int(train["sector"].value_counts().min())))
    skf = StratifiedKFold(n_splits=k, shuffle=True, random_state=cfg.run.seed)
    n = len(train)
    sig = [np.zeros(n), np.zeros(n), np.zeros(n), np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)]
    for tr, te in skf.split(train, train["sector"]):
        model = classify.fit_model(train.iloc[tr], cfg, cache_dir=None)
        for whole, part in zip(sig, _signals(model, train.iloc[te][["text", "tokens"]], train.iloc[te])):
            whole[te] = part
    return sig


def review_curve(name, sig, thresholds) -> None:
    """Flagged share against accuracy of the unflagged rows (both right / sector right)."""
    p1, p2, aconf, sec_ok, auth_ok = sig
    both = sec_ok & auth_ok
    print(f"{name}: n={len(p1)}, sector right {sec_ok.mean():.1%}, both right {both.mean():.1%}")
    for mc, mm, ac in thresholds:
        flag = _flags(p1, p2, aconf, mc, mm, ac)
        keep = ~flag
        print(f"  min_confidence={mc:.3f} min_margin={mm:.2f} authority_min_confidence={ac:.3f}: "
              f"flagged {flag.mean():.1%}, unflagged both right {both[keep].mean():.1%}, "
              f"sector right {sec_ok[keep].mean():.1%}, authority right {auth_ok[keep].mean():.1%}")


def tune_review(cfg, target_share: float, sig=None):
    """Review thresholds that make the unflagged out-of-fold seed rows most often right (sector
    with its alternative AND authority) while flagging at most ``target_share`` of them; prints
    the curve of flagged share against unflagged accuracy. Returns (sig, chosen thresholds)."""
    import numpy as np

    sig = sig if sig is not None else out_of_fold_signals(cfg)
    p1, p2, aconf, sec_ok, auth_ok = sig
    both = sec_ok & auth_ok
    best: dict[float, tuple] = {}
    for mc in np.arange(0.30, 0.76, 0.025):
        for mm in np.arange(0.0, 0.41, 0.02):
            for ac in np.arange(0.50, 0.91, 0.025):
                flag = _flags(p1, p2, aconf, mc, mm, ac)
                share = flag.mean()
                for cap in (0.10, 0.15, 0.20, target_share, 0.25, 0.30):
                    if share <= cap and not flag.all():
                        cand = (both[~flag].mean(), -share, round(mc, 3), round(mm, 3), round(ac, 3))
                        if cap not in best or cand > best[cap]:
                            best[cap] = cand
    curve = [best[c][2:] for c in sorted(best)]
    review_curve("Out-of-fold seed rows, best thresholds per flagged-share cap", sig, curve)
    if target_share not in best:
        print("No thresholds flag few enough items.")
        return sig, None
    acc, share, mc, mm, ac = best[target_share]
    print(f"Suggested (cap {target_share:.0%}): min_confidence={mc}, min_margin={mm}, "
          f"authority_min_confidence={ac} → flagged {-share:.1%}, unflagged both right {acc:.1%}")
    return sig, (mc, mm, ac)


def held_out_curves(cfg, labels, curve) -> None:
    """The curve's thresholds on the labelled file and on the project's own analysis cases
    (with and without diacritics), predicted by the model fitted on the whole seed corpus."""
    import pandas as pd

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import analysis_cases

    from pipeline import classify, evaluation, training

    train = evaluation._with_tokens(training.training_set(cfg), cfg)
    model = classify.fit_model(train, cfg, cache_dir=cfg.cache_path())
    sets = {"own cases": analysis_cases.labelled(), "own cases without diacritics": analysis_cases.without_diacritics()}
    if labels is not None:
        sets[f"labelled file {labels.name}"] = pd.read_csv(labels, dtype=str, keep_default_na=False)
    for name, gold in sets.items():
        gold = evaluation._with_tokens(gold, cfg)
        review_curve(name, _signals(model, gold[["text", "tokens"]], gold), curve)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("labels", nargs="?", type=Path, default=DEFAULT_DEV, help="labelled csv/xlsx to score on")
    ap.add_argument("--no-cv", action="store_true", help="skip the cross-validation on the seed corpus")
    ap.add_argument("--folds", type=int, default=None, help="folds of the cross-validation (default: config cv_folds)")
    ap.add_argument("--details", action="store_true", help="also print per-sector figures and the confusion matrix")
    ap.add_argument("--tune-review", action="store_true", help="suggest review thresholds from seed cross-validation")
    ap.add_argument("--target-share", type=float, default=0.22, help="largest share flagged when tuning (default 0.22)")
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
            _, chosen = tune_review(cfg, args.target_share)
            s = cfg.classify
            curve = [(s.min_confidence, s.min_margin, s.authority_min_confidence)]
            curve += [chosen] if chosen and chosen != curve[0] else []
            held_out_curves(cfg, args.labels, curve)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
