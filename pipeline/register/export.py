"""The register as an .xlsx a clerk can open: one row per recommendation followed."""

from __future__ import annotations

from pathlib import Path

from ..errors import OutputError
from ..io import defuse_formula

STATUS_LABELS = {"": "", "da_giai_quyet": "Đã giải quyết xong", "dang_giai_quyet": "Đang giải quyết",
                 "da_giai_trinh": "Đã giải trình, thông tin với cử tri", "chua_tra_loi": "Chưa trả lời"}
HEADERS = [("register_id", "Mã theo dõi", 14), ("text", "Nội dung kiến nghị (kỳ gần nhất)", 70),
           ("n_rounds", "Số kỳ kiến nghị", 10), ("rounds", "Các kỳ đã kiến nghị", 30), ("units", "Đơn vị", 30),
           ("sector", "Lĩnh vực", 18), ("authority", "Thẩm quyền", 14), ("status", "Tình trạng", 20),
           ("answered_by", "Văn bản trả lời", 30)]


def export_rows(reg) -> list[dict]:
    entries = reg.entries()
    answers = reg.answers()
    by = {}
    for r in answers.itertuples(index=False):
        if isinstance(r.register_id, str) and r.register_id:
            by.setdefault(r.register_id, []).append(" ".join(x for x in (r.agency, r.doc_number, r.doc_date) if x))
    labels = {s.slug: s.label for s in reg.cfg.taxonomy.sectors}
    auth = {"trung_uong": "Trung ương", "dia_phuong": "Địa phương"}
    rows = []
    for e in entries.to_dict("records"):
        rows.append(dict(e, sector=labels.get(e["sector"], e["sector"]), authority=auth.get(e["authority"], e["authority"]),
                         status=STATUS_LABELS.get(e["status"], e["status"]),
                         answered_by="; ".join(sorted(set(by.get(e["register_id"], []))))))
    rows.sort(key=lambda r: (-r["n_rounds"], r["register_id"]))
    return rows


def write_export(reg, path: Path) -> int:
    """Write the export workbook to ``path``; returns the number of rows."""
    import openpyxl
    from openpyxl.styles import Alignment, Font

    rows = export_rows(reg)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sổ theo dõi"
    ws.append([h for _, h, _ in HEADERS])
    for c, (_, _, w) in enumerate(HEADERS, start=1):
        ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width = w
        ws.cell(1, c).font = Font(bold=True)
    for r in rows:
        ws.append([defuse_formula(r[k]) for k, _, _ in HEADERS])  # a text starting with "=" stays text
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        wb.save(tmp)
        tmp.replace(path)
    except OSError as exc:
        raise OutputError(f"Không ghi được tệp {path}: {exc.strerror}.") from None
    return len(rows)
