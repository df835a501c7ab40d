"""Answers benchmark: links precision/recall, status accuracy, no out-of-register links,
beside the public baseline (Jaccard ≥ 0.5 on diacritic-free word sets).

    python benchmarks/answers_benchmark.py [--set tuned|fresh|all]

The documents are written by tests/answer_docs.py (ministry letters, a UBND table, a
narrative report; ``fresh``: layouts the reader was not tuned on).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from answer_docs import register_frame, write_answer_set, write_fresh_set  # noqa: E402

from pipeline.answers import jaccard_baseline, link_answers, load_rules, read_answers  # noqa: E402
from pipeline.answers.rules import fold  # noqa: E402
from pipeline.config import load_config  # noqa: E402


def score(linked, truth: dict[str, list]) -> dict:
    """Figures of one linking against the truth (file → [(phrase, ids, status)])."""
    tp = fp = 0
    status_ok = 0
    outside_linked = 0
    found = set()
    missing_rows = 0
    for file, items in truth.items():
        sub = linked[linked["source_file"] == file]
        for phrase, ids, status in items:
            rows = sub[sub["recommendation_text"].map(lambda t: phrase in fold(t))]
            if rows.empty:
                missing_rows += 1
                continue
            got = {r for r in rows["register_id"] if r}
            for r in got:
                if r in ids:
                    tp += 1
                    found.add((file, phrase, r))
                    st = rows.loc[rows["register_id"] == r, "status"].iloc[0] if "status" in rows else ""
                    status_ok += int(st == status)
                else:
                    fp += 1
            if not ids and got:
                outside_linked += 1
    n_truth = sum(len(ids) for items in truth.values() for _p, ids, _s in items)
    return dict(precision=tp / (tp + fp) if tp + fp else 1.0, recall=tp / n_truth if n_truth else 1.0,
                status=status_ok / tp if tp else 0.0, tp=tp, fp=fp, truth_links=n_truth,
                outside_linked=outside_linked, quotes_not_read=missing_rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--set", choices=["tuned", "fresh", "all"], default="all")
    args = ap.parse_args()
    cfg, rules = load_config(None), load_rules()
    cands = register_frame()
    with tempfile.TemporaryDirectory() as tmp:
        sets = {}
        if args.set in ("tuned", "all"):
            sets["tuned"] = (Path(tmp) / "tuned", write_answer_set)
        if args.set in ("fresh", "all"):
            sets["fresh"] = (Path(tmp) / "fresh", write_fresh_set)
        for name, (folder, writer) in sets.items():
            truth = writer(folder)
            rows, rejects = read_answers(folder)
            ours = score(link_answers(rows, cands, cfg, rules), truth)
            base = score(jaccard_baseline(rows, cands), truth)
            print(f"[{name}] {len(truth)} tệp, {len(rows)} trích dẫn, {len(rejects)} từ chối, {ours['truth_links']} liên kết đúng")
            for label, f in (("cutri", ours), ("Jaccard≥0.5", base)):
                print(f"  {label:12s} precision {f['precision']:.3f}  recall {f['recall']:.3f}  "
                      f"status {f['status']:.3f}  (tp {f['tp']}, fp {f['fp']}, out-of-register linked {f['outside_linked']}, "
                      f"quotes not read {f['quotes_not_read']})")


if __name__ == "__main__":
    main()
