"""What ``cutri train`` shows: a dry run of an import, the list of imports (Vietnamese lines).

Library code: returns text, never prints.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import label_store, training
from . import schemas as S

AUTHORITY_NAMES = {S.CENTRAL: "Trung ương", S.LOCAL: "Địa phương", "": "(không rõ)"}


def read_for_import(path: Path, cfg) -> tuple[pd.DataFrame, list[tuple[str, int]]]:
    """Rows to store (personal details stripped) and the report headings mapped to no sector."""
    path = Path(path)
    if path.suffix.lower() in training.REPORT_SUFFIXES:
        reading = training.read_report(path, cfg)
        rows, unmapped = reading.rows.assign(origin=path.name)[training.LABEL_COLUMNS], reading.unmapped
    else:
        rows, unmapped = training.read_labels_table(path, cfg), []
    rows = rows.assign(text=rows["text"].map(label_store.strip_personal))
    return rows[rows["text"].str.len() >= 10].reset_index(drop=True), unmapped


def summary_lines(rows: pd.DataFrame, unmapped: list[tuple[str, int]], cfg, examples: int = 10) -> list[str]:
    labels = {s.slug: s.label for s in cfg.taxonomy.sectors}
    lines = ["Theo lĩnh vực:"]
    for slug, n in rows["sector"].value_counts().sort_index().items():
        lines.append(f"  {labels.get(slug, slug)}: {n}")
    lines.append("Theo thẩm quyền:")
    for auth, n in rows["authority"].value_counts().sort_index().items():
        lines.append(f"  {AUTHORITY_NAMES.get(auth, auth)}: {n}")
    lines.append(f"Ví dụ ({min(examples, len(rows))} dòng):")
    for r in rows.head(examples).itertuples(index=False):
        lines.append(f"  [{labels.get(r.sector, r.sector)} | {AUTHORITY_NAMES.get(r.authority, r.authority)}] {r.text}")
    if unmapped:
        lines.append("Tiêu đề không khớp lĩnh vực nào (các mục dưới chúng KHÔNG được học; bổ sung [classify] heading_map):")
        lines += [f"  “{h}”: {n} mục" for h, n in unmapped]
    return lines


def imports_lines(cfg) -> list[str]:
    imports = label_store.load_imports(cfg)
    store = label_store.load_store(cfg)
    if imports.empty:
        return [f"Kho dữ liệu {label_store.store_dir(cfg)} chưa có lần nhập nào ({len(store)} dòng)."]
    lines = [f"Kho dữ liệu {label_store.store_dir(cfg)}: {len(store)} dòng, {len(imports)} lần nhập"]
    lines.append(f"  {'mã':<10} {'ngày':<10} {'số dòng':>7}  tệp (sha256)")
    for r in imports.itertuples(index=False):
        lines.append(f"  {r.id:<10} {r.date:<10} {r.rows:>7}  {r.file} ({r.sha256[:12]}…)")
    lines.append("Gỡ một lần nhập: cutri train --remove MÃ")
    return lines
