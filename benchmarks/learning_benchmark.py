"""Learning from an office's past reports: reading them back, what the model gains, what is refused.

    .venv/bin/python benchmarks/learning_benchmark.py [--skip-run]

Prints:
1. cutri's own report.docx of the bundled sample read back: share of consolidated items
   stored, share with the report's sector and authority (targets >= 95%, >= 90%).
2. A past report built from half of an office's labelled items (tests/learning_items.py,
   written for cutri, not the dev set), imported into an empty store; sector and authority
   accuracy on the other half, untrained vs trained (target: sector +5 points, authority not lower),
   for three layouts: numbered headings (the one the reader was written against), "Về lĩnh
   vực ..." headings in a Heading style with bullets, and a table layout.
3. A minutes file, a random .docx and an empty report: refused, store byte-identical.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")) if folder.exists() else ():
        if p.is_file():
            h.update(p.name.encode() + p.read_bytes())
    return h.hexdigest()


def read_back(tmp: Path) -> None:
    import pandas as pd

    from pipeline import past_reports
    from pipeline.config import Config

    out = tmp / "sample_out"
    subprocess.run([sys.executable, "-m", "cli", "run", str(ROOT / "data/raw/sample"), "--out", str(out),
                    "--jobs", "1", "--date", "2025-11-01"], cwd=ROOT, check=True, capture_output=True,
                   env={**os.environ, "CUTRI_STORE_DIR": str(tmp / "store_run")})
    cfg = Config()
    reading = past_reports.read_report(out / "report.docx", cfg)
    clusters = pd.read_csv(out / "clusters.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")

    def key(t):
        return past_reports.clean_item(t).lower()

    got = {key(t): (s, a) for t, s, a in zip(reading.rows["text"], reading.rows["sector"], reading.rows["authority"])}
    want = {key(t): (s, a) for t, s, a in zip(clusters["representative_text"], clusters["sector"], clusters["authority"])}
    stored = sum(k in got for k in want)
    sector = sum(got.get(k, ("",))[0] == v[0] for k, v in want.items())
    both = sum(got.get(k) == v for k, v in want.items())
    n = len(want)
    print(f"1. read back cutri's report.docx: {n} consolidated items, {len(reading.rows)} rows read; "
          f"stored {stored/n:.1%}, same sector {sector/n:.1%}, same sector and authority {both/n:.1%}; "
          f"unmapped headings: {reading.unmapped or 'none'}")


def _accuracy(test_items, cfg):
    import pandas as pd

    from pipeline import classify, evaluation, training

    gold = pd.DataFrame(test_items, columns=["text", "sector", "authority"]).assign(origin="test")
    gold = evaluation._with_tokens(gold, cfg)
    train = evaluation._with_tokens(training.training_set(cfg), cfg)
    model = classify.fit_model(train, cfg, cache_dir=None)
    m = classify.score(gold, classify.classify_items(gold, model, cfg), cfg.taxonomy.slugs)
    return m["sector_accuracy"], m["authority_accuracy"], training.office_summary(train)["office_rows"]


def learning(tmp: Path) -> None:
    import learning_items as L

    from pipeline import label_store, past_reports
    from pipeline.config import Config

    items = L.labelled_items()
    train_half, test_half = L.split_half(items)
    os.environ["CUTRI_STORE_DIR"] = str(tmp / "store_empty")
    cfg = Config()
    labels = {s.slug: s.label for s in cfg.taxonomy.sectors}
    s0, a0, _ = _accuracy(test_half, cfg)
    print(f"2. {len(items)} labelled items, train on {len(train_half)}, test on {len(test_half)}")
    print(f"   untrained: sector {s0:.1%}, authority {a0:.1%}")
    for layout in ("numbered", "ve_linh_vuc", "table"):
        path = tmp / f"bao_cao_{layout}.docx"
        L.build_report_docx(path, train_half, labels, layout)
        os.environ["CUTRI_STORE_DIR"] = str(tmp / f"store_{layout}")
        cfg = Config()
        reading = past_reports.read_report(path, cfg)
        want = {t.lower(): s for t, s, _ in train_half}
        right = sum(want.get(t.lower()) == s for t, s in zip(reading.rows["text"], reading.rows["sector"]))
        label_store.import_rows(reading.rows.assign(origin=path.name), path, cfg, "2025-11-01")
        s1, a1, n_office = _accuracy(test_half, cfg)
        print(f"   layout {layout:<12} read {len(reading.rows)}/{len(train_half)} items "
              f"({right} with the right sector and text); trained on {n_office} office rows: "
              f"sector {s1:.1%} ({(s1 - s0) * 100:+.1f} points), authority {a1:.1%} ({(a1 - a0) * 100:+.1f})")


def refusals(tmp: Path) -> None:
    import learning_items as L
    from docx import Document

    from pipeline import learning, label_store
    from pipeline.config import Config
    from pipeline.errors import LabelsError

    store = tmp / "store_refuse"
    os.environ["CUTRI_STORE_DIR"] = str(store)
    cfg = Config()
    seed_file = tmp / "seed.csv"
    seed_file.write_text("text,sector\nĐề nghị sửa đường liên thôn Nà Pồng bị sạt lở,giao_thong\n", encoding="utf-8")
    rows, _ = learning.read_for_import(seed_file, cfg)
    label_store.import_rows(rows, seed_file, cfg, "2025-11-01")
    minutes, random_doc, empty = tmp / "bien_ban.docx", tmp / "thu_moi.docx", tmp / "bao_cao_trong.docx"
    L.build_minutes_docx(minutes)
    d = Document()
    d.add_paragraph("Thư mời dự lễ kỷ niệm ngày thành lập trường, thời gian 8 giờ sáng thứ Bảy.")
    d.add_paragraph("Kính mời quý phụ huynh tham dự đông đủ.")
    d.save(random_doc)
    d = Document()
    d.add_paragraph().add_run("BÁO CÁO").bold = True
    d.add_paragraph().add_run("I. KIẾN NGHỊ THUỘC THẨM QUYỀN TRUNG ƯƠNG").bold = True
    d.add_paragraph().add_run("1. Y tế, bảo hiểm y tế, an toàn thực phẩm").bold = True
    d.save(empty)
    for path in (minutes, random_doc, empty):
        before = _digest(store)
        try:
            learning.read_for_import(path, cfg)
            verdict = "ACCEPTED (wrong)"
        except LabelsError as exc:
            verdict = f"refused: {str(exc)[:110]}…"
        print(f"3. {path.name:<18} {verdict}; store byte-identical: {_digest(store) == before}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--skip-run", action="store_true", help="skip reading back the sample round's report")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        if not args.skip_run:
            read_back(tmp)
        learning(tmp)
        refusals(tmp)


if __name__ == "__main__":
    main()
