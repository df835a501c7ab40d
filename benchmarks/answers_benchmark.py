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

from answer_docs import register_frame, score, write_answer_set, write_fresh_set  # noqa: E402

from pipeline.answers import jaccard_baseline, link_answers, load_rules, read_answers  # noqa: E402
from pipeline.config import load_config  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--set", choices=["tuned", "fresh", "all"], default="all")
    ap.add_argument("--distractors", type=Path, help="CSV (id, text, sector, authority) of other recommendations "
                    "added to the register as look-alike candidates")
    args = ap.parse_args()
    cfg, rules = load_config(None), load_rules()
    cands = register_frame()
    if args.distractors:
        import pandas as pd

        dev = pd.read_csv(args.distractors, dtype=str, keep_default_na=False)
        cands = pd.concat([cands, pd.DataFrame(dict(register_id="X-" + dev["id"], text=dev["text"], sector=dev["sector"],
                                                     authority=dev["authority"], units="", round=""))], ignore_index=True)
        print(f"{len(dev)} kiến nghị khác thêm vào sổ làm nhiễu")
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
