"""Answers benchmark: links precision/recall, status accuracy, no out-of-register links,
beside the public baseline (Jaccard ≥ 0.5 on diacritic-free word sets).

    python benchmarks/answers_benchmark.py [--set tuned|fresh|heldout|all]
    python benchmarks/answers_benchmark.py --scale 100000 --answers 1000   # linking at scale

The documents are written by tests/answer_docs.py (ministry letters, a UBND table, a
narrative report; ``fresh``: layouts the reader was not tuned on).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from answer_docs import (register_frame, score, write_answer_set, write_fresh_set, write_heldout2_set,  # noqa: E402
                         write_heldout_set)

from pipeline.answers import jaccard_baseline, link_answers, load_rules, read_answers  # noqa: E402
from pipeline.config import load_config  # noqa: E402


def scale(n_register: int, n_answers: int, seed: int = 7) -> None:
    """Link ``n_answers`` quotes against a synthetic register of ``n_register`` recommendations
    (the register benchmark's generator): 70% reword a register item ("Cử tri tiếp tục kiến
    nghị ..."), 30% are look-alikes about the same village in another commune (never to be
    linked). Prints the time of ``link_answers``, the peak memory and precision/recall."""
    import random
    import resource
    import time

    import pandas as pd

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from register_benchmark import name, synth

    rng = random.Random(seed)
    ents = [synth(rng) for _ in range(n_register)]
    cands = pd.DataFrame(dict(register_id=[f"KN-{i:07d}" for i in range(n_register)], text=[e[0] for e in ents],
                              sector=[e[1] for e in ents], authority="dia_phuong", units="", round="Kỳ họp thứ 9"))
    rows, truth = [], []
    for k in range(n_answers):
        i = rng.randrange(n_register)
        text = ents[i][0]
        if k % 10 < 7:
            rows.append(text.replace("Đề nghị", "Cử tri tiếp tục kiến nghị", 1))
            truth.append(cands.at[i, "register_id"])
        else:
            rows.append(text.split(" xã ")[0] + ", xã " + name(rng)[0] + ".")
            truth.append("")
    quotes = pd.DataFrame(dict(answer_id=[f"TL-{k:05d}" for k in range(n_answers)], recommendation_text=rows,
                               agency="UBND huyện Ba Bể", sector_hint="", answer_text="Đã sửa chữa xong.",
                               status="da_giai_quyet"))
    cfg, rules = load_config(None), load_rules()
    t, c = time.perf_counter(), time.process_time()
    out = link_answers(quotes, cands, cfg, rules)
    took, cpu = time.perf_counter() - t, time.process_time() - c
    got = out.groupby("answer_id")["register_id"].apply(lambda s: {x for x in s if x})
    tp = sum(1 for k, tr in enumerate(truth) if tr and tr in got[f"TL-{k:05d}"])
    fp = sum(len(got[f"TL-{k:05d}"] - {tr}) for k, tr in enumerate(truth))
    n_true = sum(1 for tr in truth if tr)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"[scale] {n_answers} trích dẫn × sổ {n_register} kiến nghị: link_answers {took:.1f} s (CPU {cpu:.1f} s), "
          f"peak RSS {peak:.0f} MB (cả phần sinh dữ liệu), load {os.getloadavg()[0]:.1f}")
    print(f"  precision {tp / (tp + fp) if tp + fp else 1.0:.3f}  recall {tp / n_true:.3f}  (tp {tp}, fp {fp})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--set", choices=["tuned", "fresh", "heldout", "heldout2", "all"], default="all")
    ap.add_argument("--distractors", type=Path, help="CSV (id, text, sector, authority) of other recommendations "
                    "added to the register as look-alike candidates")
    ap.add_argument("--scale", type=int, metavar="N", help="link against a synthetic register of N items instead")
    ap.add_argument("--answers", type=int, default=1000, help="quotes linked in --scale (default 1000)")
    args = ap.parse_args()
    if args.scale:
        scale(args.scale, args.answers)
        return
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
        if args.set in ("heldout", "all"):
            sets["heldout"] = (Path(tmp) / "heldout", write_heldout_set)
        if args.set in ("heldout2", "all"):
            sets["heldout2"] = (Path(tmp) / "heldout2", write_heldout2_set)
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
