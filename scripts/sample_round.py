"""Generate a round of voter-contact minutes, with the expected recommendations.

Deterministic (seeded ``random.Random``), fast (no NLP), and sized by
parameters, so it serves both the bundled sample and benchmarks::

    python scripts/sample_round.py                      # data/raw/sample + tests/golden/sample_truth.csv
    python scripts/sample_round.py --out /tmp/r --items 20000 --units 400 --formats xlsx,txt

From Python::

    from scripts.sample_round import generate_round
    truth = generate_round(Path("/tmp/r"), n_units=400, n_items=20000, formats=("xlsx", "txt"))

Each unit's minutes come in one of these layouts, assigned in turn:

* ``docx``          Word minutes: header, attendance, numbered voter turns, answers;
* ``txt``           text minutes in UTF-8 with "Ông/Bà ..." turns and bullets;
* ``txt_tcvn3``/``txt_vni``/``txt_utf16``/``txt_cp1258``  the same in old encodings;
* ``xlsx_sheets``   a workbook with one sheet per unit, title block, merged two-row header;
* ``xlsx_summary``  one summary sheet with a unit column and headers without diacritics;
* ``xls``           an .xls table with another column order, group rows, blank rows and a total row.

With the formats "report" and "pdf" (the sample's default) the round also holds a district's
consolidated report (.docx) and a commune's minutes as a PDF (scripts/sample_district.py).

The truth table has one row per expected recommendation, in reading order:
unit, source_file, text (normalized as ``normalize_text`` gives it), sector,
authority, dup_group (planted paraphrases across units share an id), answered,
neg_group (same topic in different places; must NOT be merged), n_opinions (the count of
opinions written with the item, 1 when none).
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import sample_texts as T  # noqa: E402
from sample_writers import (  # noqa: E402,F401  (re-exported)
    AUTHORITY_NAMES, SECTOR_NAMES, _fix_core_properties, _person, _stable_zip, _write_docx, _xls_table, _xlsx_sheets,
    _xlsx_summary,
)
from sample_encodings import _legacy_table, encode_cp1258, encode_legacy, legacy_exact  # noqa: E402,F401

from pipeline.ingest.answer_link import pick_line, pick_turn  # noqa: E402
from pipeline.ingest.units import fold  # noqa: E402
from pipeline.normalize import normalize_text  # noqa: E402

LAYOUTS = ("docx", "txt", "txt_tcvn3", "xlsx_sheets", "txt_vni", "xls", "txt_utf16", "xlsx_summary", "txt_cp1258")
LAYOUT_FORMAT = {
    "docx": "docx", "txt": "txt", "txt_tcvn3": "txt", "txt_vni": "txt", "txt_utf16": "txt", "txt_cp1258": "txt",
    "xlsx_sheets": "xlsx", "xlsx_summary": "xlsx", "xls": "xls",
}
LEGACY_LAYOUTS = ("txt_tcvn3", "txt_vni", "txt_cp1258")
TRUTH_COLUMNS = ["unit", "source_file", "text", "sector", "authority", "dup_group", "answered", "neg_group",
                 "n_opinions"]
MARKER = " (Đã được giải trình tại hội nghị)"
REQUEST_WORDS = re.compile(r"\b(de nghi|kien nghi|de xuat|yeu cau|mong muon)\b")


# --------------------------------------------------------------------------- helpers
def _fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", _fold(text)).strip("_")


def _lc_first(text: str) -> str:
    """Lower-case the first letter of an ordinary capitalized word ("Đề nghị" → "đề nghị")."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


# --------------------------------------------------------------------------- model of a round
@dataclass
class Item:
    text: str
    sector: str
    authority: str
    dup_group: str = ""
    neg_group: str = ""
    answered: bool = False


@dataclass
class Unit:
    name: str  # "Xã Tân Lập"
    villages: list[str]
    items: list[Item] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.name.split(" ")[0].lower()  # "xã" / "phường"

    @property
    def short(self) -> str:
        return self.name.split(" ", 1)[1]


def _make_units(n: int, rng: random.Random) -> list[Unit]:
    units = [Unit(name, list(v)) for name, v in T.UNITS[:n]]
    seen = {u.name for u in units}
    while len(units) < n:
        kind = "Xã" if rng.random() < 0.7 else "Phường"
        name = f"{kind} {rng.choice(T.NAME_FIRST)} {rng.choice(T.NAME_SECOND)}"
        if name in seen:
            name = f"{name} {len(units)}"
        seen.add(name)
        if kind == "Xã":
            villages = [f"thôn {rng.choice(T.VILLAGE_WORDS)} {rng.choice(T.VILLAGE_WORDS)}" for _ in range(4)]
        else:
            villages = [f"tổ dân phố {k}" for k in rng.sample(range(1, 30), 4)]
        units.append(Unit(name, villages))
    return units


def _fill(template: str, unit: Unit, rng: random.Random) -> str:
    return template.replace("{thon}", rng.choice(unit.villages)).replace("{xa}", f"{unit.kind} {unit.short}")


def _assign_items(units: list[Unit], n_items: int, rng: random.Random) -> None:
    """Spread ``n_items`` over the units: planted paraphrases, hard negatives, then singles."""
    n = len(units)
    quota = [n_items // n + (1 if i < n_items % n else 0) for i in range(n)]
    dup_share = round(0.285 * n_items)  # the bundled sample uses every paraphrase once
    neg_share = round(0.07 * n_items)

    def room(i):
        return len(units[i].items) < quota[i]

    def place(members, gid, key, sector, authority):
        free = [i for i in range(n) if room(i)]
        if len(free) < 2:
            return 0
        chosen = rng.sample(free, min(len(members), len(free)))
        for i, text in zip(chosen, members):
            unit = units[i]
            item = Item(_fill(text, unit, rng), sector, authority)
            setattr(item, key, gid)
            unit.items.append(item)
        return len(chosen)

    placed = 0
    groups = list(T.DUP_GROUPS)
    k = 0
    while placed < dup_share and n >= 2:
        gid, sector, authority, texts = groups[k % len(groups)]
        got = place(texts, gid, "dup_group", sector, authority)
        if got == 0:
            break
        placed += got
        k += 1
    placed = 0
    k = 0
    while placed < neg_share and n >= 2:
        gid, sector, authority, texts = T.HARD_NEGATIVES[k % len(T.HARD_NEGATIVES)]
        got = place(texts, gid, "neg_group", sector, authority)
        if got == 0:
            break
        placed += got
        k += 1
    singles = list(T.SINGLES)
    rng.shuffle(singles)
    k = 0
    for i, unit in enumerate(units):
        while len(unit.items) < quota[i]:
            sector, authority, text = singles[k % len(singles)]
            unit.items.append(Item(_fill(text, unit, rng), sector, authority))
            k += 1
    for unit in units:
        rng.shuffle(unit.items)


# --------------------------------------------------------------------------- narrative minutes
def _narrative(unit: Unit, rng: random.Random, *, style: str, date: tuple[int, int, int],
               bullets: str = "-+•") -> tuple[list[str], list[Item]]:
    """Lines of one set of minutes and the items in the order ingest should find them.

    ``style`` "numbered" (Word minutes: "1. Cử tri ...") or "plain" (text minutes).
    """
    day, month, year = date
    kind = unit.kind
    upper = unit.name.upper()
    chair_title, chair = _person(rng)
    official_title, official = _person(rng)
    (dep1_title, deputy1), (dep2_title, deputy2) = _person(rng), _person(rng)
    n_voters = rng.randrange(80, 220)
    lines = [
        "ỦY BAN MTTQ VIỆT NAM",
        upper,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "",
        "BIÊN BẢN",
        f"HỘI NGHỊ TIẾP XÚC CỬ TRI {upper} TRƯỚC KỲ HỌP THỨ MƯỜI",
        "",
        f"Hôm nay, ngày {day:02d} tháng {month:02d} năm {year}, tại Nhà văn hóa {rng.choice(unit.villages)}, "
        f"{kind} {unit.short} tổ chức hội nghị tiếp xúc cử tri.",
        f"Địa điểm: Nhà văn hóa {rng.choice(unit.villages)}, {kind} {unit.short}",
        "I. THÀNH PHẦN THAM DỰ",
        f"- Đại biểu Quốc hội tham dự: {dep1_title.lower()} {deputy1}, {dep2_title.lower()} {deputy2}.",
        f"- {official_title} {official}, Chủ tịch UBND {kind}.",
        f"- Số cử tri tham dự: {n_voters} người.",
        f"Chủ trì: {chair_title.lower()} {chair}, Chủ tịch Ủy ban MTTQ {kind}.",
        f"Thư ký: {rng.choice(['ông', 'bà'])} {_person(rng)[1]}.",
        f"{chair_title} {chair} tuyên bố lý do, giới thiệu đại biểu. Đại biểu {deputy1} báo cáo kết quả kỳ họp trước.",
        "II. Ý KIẾN, KIẾN NGHỊ CỦA CỬ TRI",
    ]
    turns_at = len(lines)
    lines.append("")  # replaced below by the count of turns
    order: list[Item] = []
    items = list(unit.items)
    n_turns = 0
    num = 0

    def voter():
        _, name = _person(rng)
        return name, rng.choice(unit.villages)

    def cue(text):
        return bool(REQUEST_WORDS.search(_fold(text)))

    open_turns: list[list[Item]] = []  # turns since the last answer: ingest reads an answer into one of them
    all_turns: list[list[Item]] = []  # every turn of the voters' part (the answers heading III reads into them)
    while items:
        n_turns += 1
        num += 1
        first = len(order)
        prefix = f"{num}. " if style == "numbered" else ""
        name, addr = voter()
        form = rng.choices(
            ["colon", "paren", "no_colon", "semicolon", "sentence", "bullets", "plain_num"],
            weights=[30, 14, 8, 12, 10, 14, 12],
        )[0]
        if form in ("semicolon", "sentence", "bullets") and len(items) < 2:
            form = "colon"
        if form == "plain_num" and style != "numbered":
            form = "colon"
        if form == "no_colon" and not items[0].text.startswith(("Đề nghị ", "Kiến nghị ")):
            form = "colon"
        if form == "sentence":
            pair = next(((a, b) for a in items for b in items
                         if a is not b and cue(a.text) and b.text.startswith(("Đề nghị ", "Kiến nghị "))), None)
            if pair is None:
                form = "semicolon"
        if form == "colon":
            it = items.pop(0)
            verb = rng.choice(["đề nghị", "kiến nghị", "phản ánh", "đề xuất", "nêu ý kiến"])
            marker = rng.random() < 0.15
            lines.append(f"{prefix}Cử tri {name}, {addr} {verb}: {it.text}{MARKER if marker else ''}")
            it.answered = marker
            order.append(it)
        elif form == "paren":
            it = items.pop(0)
            title, name = _person(rng)
            lines.append(f"{prefix}{title} {name} ({addr}): {it.text}")
            order.append(it)
            if rng.random() < 0.3:
                lines.append("(Đã được giải trình tại hội nghị)")
                it.answered = True
        elif form == "no_colon":
            it = items.pop(0)
            it.text = _lc_first(it.text)
            lines.append(f"{prefix}Cử tri {name}, {addr} {it.text}")
            order.append(it)
        elif form == "semicolon":
            a, b = items.pop(0), items.pop(0)
            a.text = a.text.rstrip(".")
            b.text = _lc_first(b.text)
            lines.append(f"{prefix}Cử tri {name}, {addr} kiến nghị: {a.text}; {b.text}")
            order += [a, b]
        elif form == "sentence":
            a, b = pair
            items.remove(a)
            items.remove(b)
            if rng.random() < 0.4:
                b.text = "Đồng thời, " + _lc_first(b.text)
            title, pname = _person(rng)
            lines.append(f"{prefix}{title} {pname} ({addr}): {a.text} {b.text}")
            order += [a, b]
        elif form == "bullets":
            take = min(len(items), rng.choice([2, 2, 3]))
            group = [items.pop(0) for _ in range(take)]
            lines.append(f"{prefix}Cử tri {name}, {addr} kiến nghị một số nội dung sau:")
            bullet = rng.choice(bullets)
            for it in group:
                lines.append(f"{bullet} {it.text}")
            order += group
        else:  # plain_num: a numbered point without a speaker
            it = items.pop(0)
            lines.append(f"{prefix}{it.text}")
            order.append(it)
        open_turns.append(order[first:])
        all_turns.append(order[first:])
        if rng.random() < 0.2:
            n_lines = len(lines)
            answer = rng.choice(T.ANSWERS).format(kind=kind)
            title = rng.choice(T.OFFICIAL_TITLES).format(kind=kind)
            if rng.random() < 0.5:
                lines.append(f"{official_title} {official}, {title} giải trình: {answer[0].upper() + answer[1:]}")
            else:
                lines.append(f"Đại diện UBND {kind} trả lời: {answer[0].upper() + answer[1:]}")
                lines.append(f"- {rng.choice(T.ANSWER_POINTS).format(kind=kind)}")
            # ingest reads the answer into the open turn it shares the most words with (the latest by default)
            k = pick_turn(" ".join(lines[n_lines:]), [[it.text for it in t] for t in open_turns], fold)
            for it in open_turns[k]:
                it.answered = True
            open_turns = []
    lines[turns_at] = f"Hội nghị đã có {n_turns} lượt cử tri phát biểu, nêu {len(order)} ý kiến, cụ thể như sau:"
    lines += [
        "III. Ý KIẾN GIẢI TRÌNH, TIẾP THU CỦA LÃNH ĐẠO ĐỊA PHƯƠNG",
        f"{official_title} {official}, Chủ tịch UBND {kind} tiếp thu các ý kiến của cử tri và giải trình một số nội dung:",
    ]
    lines += [f"- {p.format(kind=kind)}" for p in rng.sample(T.ANSWER_POINTS, 3)]
    lines += [f"Đại biểu {deputy1} tiếp thu, sẽ tổng hợp gửi cơ quan có thẩm quyền."]
    # under the answers heading each line is read into the request it clearly speaks about
    turns = [t for t in all_turns if t]
    for line in lines[-6:]:
        picked = pick_line(line, [[it.text for it in t] for t in turns], fold)
        if picked is not None:
            for j in picked[1]:
                turns[picked[0]][j].answered = True
    lines += [
        "Hội nghị kết thúc lúc 11 giờ 00 cùng ngày.",
        "THƯ KÝ\tCHỦ TRÌ",
    ]
    return lines, order


def _layout_plan(units: list[Unit], formats, legacy: bool, per_workbook: int) -> list[tuple[str, list[Unit]]]:
    layouts = [lay for lay in LAYOUTS if LAYOUT_FORMAT[lay] in formats and (legacy or lay not in LEGACY_LAYOUTS)]
    if not layouts:
        raise ValueError(f"no layout for formats {formats}")
    plan = []
    i = k = 0
    while i < len(units):
        lay = layouts[k % len(layouts)]
        take = per_workbook if lay in ("xlsx_sheets", "xlsx_summary") else 1
        plan.append((lay, units[i : i + take]))
        i += take
        k += 1
    return plan


def generate_round(
    out_dir: Path,
    *,
    seed: int = 20261012,
    n_units: int = 11,
    n_items: int = 168,
    formats=("xlsx", "xls", "docx", "txt", "pdf", "report"),
    legacy: bool = True,
    units_per_workbook: int = 2,
) -> pd.DataFrame:
    """Write a round of minutes under ``out_dir`` and return its truth table (TRUTH_COLUMNS).

    ``formats`` limits the file formats; ``legacy`` adds TCVN3/VNI/Windows-1258
    text files; ``units_per_workbook`` is the number of units per multi-unit workbook.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    units = _make_units(n_units, rng)
    _assign_items(units, n_items, rng)
    truth = []
    n_book = {"xlsx_sheets": 0, "xlsx_summary": 0}
    for lay, group in _layout_plan(units, formats, legacy, units_per_workbook):
        date = (rng.randrange(8, 20), 10, 2026)
        if lay in ("xlsx_sheets", "xlsx_summary"):
            n_book[lay] += 1
            folder = out_dir / "tong_hop"
            folder.mkdir(exist_ok=True)
            name = ("tong_hop_kien_nghi_{}.xlsx" if lay == "xlsx_sheets" else "bang_tong_hop_{}.xlsx").format(n_book[lay])
            path = folder / name
            found = (_xlsx_sheets if lay == "xlsx_sheets" else _xlsx_summary)(path, group, rng, date)
        else:
            unit = group[0]
            folder = out_dir / slug(unit.name)
            folder.mkdir(exist_ok=True)
            if lay == "xls":
                path = folder / "kien_nghi_cu_tri.xls"
                found = _xls_table(path, unit, rng, date)
            else:
                enc = lay.split("_", 1)[1] if "_" in lay else "utf-8"
                if enc == "tcvn3":
                    # items must survive TCVN3 exactly (it has no upper-case toned letters)
                    assert all(legacy_exact(it.text, "tcvn3") for it in unit.items), unit.name
                lines, order = _narrative(unit, rng, style="numbered" if lay == "docx" else "plain", date=date,
                                          bullets="-+" if enc in ("tcvn3", "vni") else "-+•")
                if lay == "docx":
                    path = folder / "bien_ban.docx"
                    _write_docx(path, lines)
                else:
                    path = folder / ("bien_ban_tiep_xuc_cu_tri.txt" if enc == "utf-8" else f"bien_ban_{enc}.txt")
                    text = "\r\n".join(lines) + "\r\n" if enc in ("cp1258", "tcvn3", "vni") else "\n".join(lines) + "\n"
                    if enc in ("tcvn3", "vni"):
                        data = encode_legacy(text, enc)
                    elif enc == "cp1258":
                        data = encode_cp1258(text)
                    elif enc == "utf16":
                        data = text.encode("utf-16")
                    else:
                        data = text.encode("utf-8")
                    path.write_bytes(data)
                found = [(unit, order)]
        rel = path.relative_to(out_dir).as_posix()
        for unit, items in found:
            for it in items:
                truth.append({
                    "unit": unit.name, "source_file": rel, "text": normalize_text(it.text), "sector": it.sector,
                    "authority": it.authority, "dup_group": it.dup_group, "answered": it.answered,
                    "neg_group": it.neg_group, "n_opinions": 1,
                })
    import sample_district as D

    extras = []
    if "report" in formats:
        (out_dir / D.REPORT_FILE).parent.mkdir(parents=True, exist_ok=True)
        D.write_report(out_dir / D.REPORT_FILE, _write_docx)
        extras += [(D.REPORT_FILE, row) for row in D.REPORT_TRUTH]
    if "pdf" in formats:
        (out_dir / D.PDF_FILE).parent.mkdir(parents=True, exist_ok=True)
        D.write_pdf(out_dir / D.PDF_FILE)
        extras += [(D.PDF_FILE, row) for row in D.PDF_TRUTH]
    for rel, (unit, text, sector, authority, dup, answered, n) in extras:
        truth.append({"unit": unit, "source_file": rel, "text": normalize_text(text), "sector": sector,
                      "authority": authority, "dup_group": dup, "answered": answered, "neg_group": "",
                      "n_opinions": n})
    return pd.DataFrame(truth, columns=TRUTH_COLUMNS)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "data" / "raw" / "sample")
    ap.add_argument("--truth", type=Path, default=None, help="truth CSV (default: tests/golden/sample_truth.csv for the sample)")
    ap.add_argument("--seed", type=int, default=20261012)
    ap.add_argument("--units", type=int, default=11)
    ap.add_argument("--items", type=int, default=168)
    ap.add_argument("--formats", default="xlsx,xls,docx,txt,pdf,report")
    ap.add_argument("--no-legacy", action="store_true")
    ap.add_argument("--units-per-workbook", type=int, default=2)
    args = ap.parse_args(argv)
    default_out = args.out.resolve() == (ROOT / "data" / "raw" / "sample").resolve()
    import sample_district

    sample_district.keep_committed()  # without fpdf2 the committed PDF is written back as is
    if args.out.exists():
        shutil.rmtree(args.out)
    truth = generate_round(
        args.out, seed=args.seed, n_units=args.units, n_items=args.items,
        formats=tuple(f.strip() for f in args.formats.split(",") if f.strip()),
        legacy=not args.no_legacy, units_per_workbook=args.units_per_workbook,
    )
    truth_path = args.truth or (ROOT / "tests" / "golden" / "sample_truth.csv" if default_out else args.out.parent / "truth.csv")
    truth_path.parent.mkdir(parents=True, exist_ok=True)
    truth.to_csv(truth_path, index=False, encoding="utf-8", lineterminator="\n")
    print(f"{len(truth)} kiến nghị, {truth['unit'].nunique()} đơn vị → {args.out} ; {truth_path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
