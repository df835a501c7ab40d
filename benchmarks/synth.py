"""Synthetic rounds of voter-contact minutes for the performance benchmark.

    .venv/bin/python benchmarks/synth.py --out /tmp/r20000 --items 20000

Writes N recommendations spread over many units (about 20 per unit, varying
from unit to unit) as a mix of text minutes (.txt, narrative "Cử tri ... đề
nghị: ..." turns with answers, headers and procedure lines) and Excel
workbooks (.xlsx, one sheet per unit with a merged header, or one summary sheet
with a unit column). The layouts and the narrative writer are those of
``scripts/sample_round.py``; what this module adds is *diverse* text: every
recommendation is a template of ``scripts/sample_texts.py`` (singles, planted
paraphrase groups, hard negatives) filled with the unit's villages, with its
numbers redrawn, an optional clause before the final full stop and an optional
context sentence in front (neither carries a request word, so the segmentation
of the minutes stays exact). Nearly every text is therefore unique, so the
token cache and the tokenizer see realistic work instead of a few hundred
repeated strings.

Deterministic: the same (seed, items, units) give the same bytes.
``generate(out, n_items)`` returns the expected recommendations (unit,
source_file, text normalized like ``records`` does) in reading order.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
for p in (ROOT, ROOT / "scripts"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

import sample_round as SR  # noqa: E402
import sample_texts as T  # noqa: E402

from pipeline.normalize import normalize_text  # noqa: E402

DEFAULT_SEED = 20261123
ITEMS_PER_UNIT = 20
# layouts cycled over the units: about half of the items in .txt, half in .xlsx
LAYOUT_CYCLE = ("txt", "xlsx_sheets", "txt", "xlsx_summary")
UNITS_PER_WORKBOOK = 6
TRUTH_COLUMNS = ["unit", "source_file", "text"]

# clauses inserted before the final full stop: no request word, no ";" or ":"
TAILS = [
    " trong năm {y}",
    " trước mùa mưa bão năm {y}",
    ", vì hiện có khoảng {n} hộ dân bị ảnh hưởng",
    " để bảo đảm an toàn cho {n} hộ dân ở {thon}",
    ", tổng chiều dài khoảng {km} km",
    " theo phản ánh của {n} hộ gia đình",
    ", việc này đã được nêu từ kỳ tiếp xúc năm {y0}",
    " cho bà con {thon} và các thôn lân cận",
    ", bảo đảm đúng tiến độ đã cam kết với nhân dân",
    " để người dân yên tâm lao động sản xuất",
    ", kinh phí dự kiến khoảng {m} triệu đồng",
    " trong quý {q} năm {y}",
]
# context sentences put in front: no request word, no ";" or ":", never "Cử tri/Ông/Bà" first
PREFIXES = [
    "Thời gian qua, tình trạng này kéo dài nhiều năm ở {thon}.",
    "Năm {y0}, có {n} hộ dân ở {thon} bị ảnh hưởng.",
    "Từ tháng {mo} năm {y0} đến nay, nhân dân {thon} phản ánh nhiều lần nhưng chưa được giải quyết.",
    "Hiện nay {thon} có khoảng {n} hộ với hơn {p} nhân khẩu.",
    "Qua khảo sát của thôn, khoảng {pct} phần trăm số hộ gặp khó khăn về vấn đề này.",
    "Trận mưa lớn tháng {mo} vừa qua làm thiệt hại nặng cho {thon}.",
    "Đây là vấn đề bức xúc của bà con {thon} trong nhiều năm.",
]
_NUMBER = re.compile(r"\d+")


def _redraw_numbers(text: str, rng: random.Random) -> str:
    """Replace each number by another of the same length (years stay plausible years)."""

    def sub(m: re.Match) -> str:
        s = m.group(0)
        if len(s) == 4 and s[:2] in ("19", "20"):
            return str(rng.randrange(1990, 2027))
        if len(s) == 1:
            return str(rng.randrange(1, 10))
        return str(rng.randrange(10 ** (len(s) - 1), 10 ** len(s)))

    return _NUMBER.sub(sub, text)


def _slots(unit: "SR.Unit", rng: random.Random) -> dict:
    return {
        "thon": rng.choice(unit.villages), "y": rng.randrange(2026, 2029), "y0": rng.randrange(2015, 2026),
        "n": rng.randrange(12, 480), "km": rng.randrange(2, 18), "m": rng.randrange(150, 9500, 50),
        "q": rng.randrange(1, 5), "mo": rng.randrange(1, 13), "p": rng.randrange(300, 2500),
        "pct": rng.randrange(20, 80),
    }


def make_text(template: str, unit: "SR.Unit", rng: random.Random) -> str:
    """One recommendation text from a template, varied for ``unit``."""
    text = _redraw_numbers(SR._fill(template, unit, rng), rng)
    if rng.random() < 0.6 and text.endswith("."):
        text = text[:-1] + rng.choice(TAILS).format(**_slots(unit, rng)) + "."
    if rng.random() < 0.35:
        text = rng.choice(PREFIXES).format(**_slots(unit, rng)) + " " + text
    return text


def _templates() -> list[tuple[str, str, str, str]]:
    """(kind, sector, authority, template) for every text of the pool."""
    out = [("single", s, a, t) for s, a, t in T.SINGLES]
    for gid, s, a, texts in T.DUP_GROUPS:
        out += [("dup:" + gid, s, a, t) for t in texts]
    for gid, s, a, texts in T.HARD_NEGATIVES:
        out += [("neg:" + gid, s, a, t) for t in texts]
    return out


def _quotas(n_items: int, n_units: int, rng: random.Random) -> list[int]:
    """Items per unit: uneven (0.4× to 1.6× the mean), at least one each, summing to ``n_items``."""
    weights = [rng.uniform(0.4, 1.6) for _ in range(n_units)]
    total = sum(weights)
    quota = [max(1, int(n_items * w / total)) for w in weights]
    i = 0
    while sum(quota) != n_items:
        j = i % n_units
        if sum(quota) < n_items:
            quota[j] += 1
        elif quota[j] > 1:
            quota[j] -= 1
        i += 1
    return quota


def generate(out_dir: Path, n_items: int, n_units: int | None = None, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """Write a synthetic round under ``out_dir`` (replaced if present); return its truth table."""
    out_dir = Path(out_dir)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    n_units = n_units or max(2, round(n_items / ITEMS_PER_UNIT))
    n_units = min(n_units, n_items)
    rng = random.Random(seed)
    units = SR._make_units(n_units, rng)
    pool = _templates()
    for unit, quota in zip(units, _quotas(n_items, n_units, rng)):
        for _ in range(quota):
            _kind, sector, authority, template = rng.choice(pool)
            unit.items.append(SR.Item(make_text(template, unit, rng), sector, authority))

    truth = []
    n_book = {"xlsx_sheets": 0, "xlsx_summary": 0}
    i = k = 0
    while i < len(units):
        lay = LAYOUT_CYCLE[k % len(LAYOUT_CYCLE)]
        k += 1
        date = (rng.randrange(1, 28), rng.randrange(9, 12), 2026)
        if lay == "txt":
            unit = units[i]
            i += 1
            folder = out_dir / SR.slug(unit.name)
            folder.mkdir(exist_ok=True)
            lines, order = SR._narrative(unit, rng, style="plain", date=date)
            path = folder / "bien_ban_tiep_xuc_cu_tri.txt"
            path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
            found = [(unit, order)]
        else:
            group = units[i : i + UNITS_PER_WORKBOOK]
            i += len(group)
            n_book[lay] += 1
            folder = out_dir / "tong_hop"
            folder.mkdir(exist_ok=True)
            stem = "tong_hop_kien_nghi" if lay == "xlsx_sheets" else "bang_tong_hop"
            path = folder / f"{stem}_{n_book[lay]:05d}.xlsx"
            writer = SR._xlsx_sheets if lay == "xlsx_sheets" else SR._xlsx_summary
            found = writer(path, group, rng, date)
        rel = path.relative_to(out_dir).as_posix()
        for unit, items in found:
            truth += [{"unit": unit.name, "source_file": rel, "text": normalize_text(it.text)} for it in items]
    return pd.DataFrame(truth, columns=TRUTH_COLUMNS)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--items", type=int, required=True)
    ap.add_argument("--units", type=int, default=None, help=f"default: items / {ITEMS_PER_UNIT}")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = ap.parse_args(argv)
    truth = generate(args.out, args.items, args.units, args.seed)
    print(f"{len(truth)} kiến nghị, {truth['unit'].nunique()} đơn vị, "
          f"{truth['text'].nunique()} nội dung khác nhau → {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
