"""Writing the follow-up report (report.docx in the Nghị định 30 layout, report.html,
report.xlsx) from ``follow_up_figures``: one dict, three files, the same numbers."""

from __future__ import annotations

import datetime as dt
import io as _io
from pathlib import Path

import jinja2

from ..config import Config
from ..io import write_bytes, write_text
from ..report import normalize_zip
from .rules import STATUS_LABELS, STATUSES, workbook_bytes

TITLE = "BÁO CÁO"
SUBTITLE = "Kết quả giám sát việc giải quyết kiến nghị của cử tri"
GROUP_HEAD = ["Nhóm", "Số kiến nghị", "Đã trả lời", *(STATUS_LABELS[s] for s in STATUSES), "Đã giải quyết, trả lời"]
SECTIONS = [("by_authority", "Theo thẩm quyền giải quyết"), ("by_sector", "Theo lĩnh vực"), ("by_agency", "Theo cơ quan trả lời")]


def _group_row(r: dict) -> list:
    return [r["group"], r["sent"], r["answered"], *(r[s] for s in STATUSES), r["answered_share"]]


def summary_lines(f: dict) -> list[str]:
    lines = [f"Tổng số kiến nghị theo dõi{' tại ' + f['round_name'] if f['round_name'] else ''}: {f['sent']}; "
             f"đã giải quyết, trả lời {f['answered_share']}."]
    lines += [f"{s['label']}: {s['share']}." for s in f["statuses"]]
    lines.append(f"Kiến nghị chưa được trả lời quá {f['overdue_days']} ngày: {len(f['overdue'])}.")
    lines.append(f"Kiến nghị đã nêu từ {f['repeat_min']} kỳ trở lên nhưng chưa giải quyết xong: {len(f['repeated'])}.")
    return lines


def write_docx(dest: Path, f: dict, cfg: Config) -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    r = cfg.report
    d = docx.Document()
    d.styles["Normal"].font.name = "Times New Roman"
    d.styles["Normal"].font.size = Pt(13)
    head = d.add_table(rows=2, cols=2)
    head.cell(0, 0).text = (r.issuer_parent + "\n" if r.issuer_parent else "") + r.issuer.upper()
    head.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    head.cell(1, 0).text = r.doc_number
    head.cell(1, 1).text = f"{(r.place or r.province).strip() or '...'}, {f['as_of_text']}"
    for row in head.rows:
        for c in row.cells:
            for p in c.paragraphs:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text, bold in ((TITLE, True), (SUBTITLE + (f" sau {f['round_name']}" if f["round_name"] else ""), True)):
        p = d.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(text).bold = bold
    d.add_paragraph().add_run("I. TÌNH HÌNH VÀ KẾT QUẢ GIẢI QUYẾT").bold = True
    for line in summary_lines(f):
        d.add_paragraph(line)
    for key, title in SECTIONS:
        d.add_paragraph().add_run(title).italic = True
        t = d.add_table(rows=1, cols=len(GROUP_HEAD))
        t.style = "Table Grid"
        for j, h in enumerate(GROUP_HEAD):
            t.cell(0, j).text = h
        for g in f[key]:
            cells = t.add_row().cells
            for j, v in enumerate(_group_row(g)):
                cells[j].text = str(v)
    d.add_paragraph().add_run(f"II. KIẾN NGHỊ CHƯA ĐƯỢC TRẢ LỜI QUÁ {f['overdue_days']} NGÀY").bold = True
    for i, o in enumerate(f["overdue"], 1):
        d.add_paragraph(f"{i}. {o['text']} ({o['register_id']}; {o['round']}; {o['days']} ngày).")
    if not f["overdue"]:
        d.add_paragraph("Không có.")
    d.add_paragraph().add_run(f"III. KIẾN NGHỊ ĐÃ NÊU TỪ {f['repeat_min']} KỲ TRỞ LÊN CHƯA GIẢI QUYẾT XONG").bold = True
    for i, o in enumerate(f["repeated"], 1):
        d.add_paragraph(f"{i}. {o['text']} ({o['register_id']}; {o['n_rounds']} kỳ: {o['rounds']}; {o['status']}"
                        + (f"; {o['documents']}" if o["documents"] else "") + ").")
    if not f["repeated"]:
        d.add_paragraph("Không có.")
    sig = d.add_paragraph()
    sig.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    sig.add_run(f"{r.signer_title}\n{r.signer_role}\n\n\n{r.signer_name}").bold = True
    stamp = dt.datetime.fromisoformat(f["as_of"])
    d.core_properties.created = d.core_properties.modified = stamp
    d.core_properties.author = "cutri"
    buf = _io.BytesIO()
    d.save(buf)
    write_bytes(dest, normalize_zip(buf.getvalue()))


_HTML = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True).from_string("""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{{ title }}</title>
<style>body{font-family:"Times New Roman",serif;max-width:60rem;margin:auto}table{border-collapse:collapse}
td,th{border:1px solid #888;padding:.2rem .4rem}td.n{text-align:right}</style></head><body>
<h1>{{ title }}</h1><p>{{ f.as_of_text }}</p>
<h2>I. Tình hình và kết quả giải quyết</h2>
<ul>{% for line in lines %}<li>{{ line }}</li>{% endfor %}</ul>
{% for key, label in sections %}<h3>{{ label }}</h3><table id="{{ key }}"><tr>{% for h in head %}<th>{{ h }}</th>{% endfor %}</tr>
{% for g in f[key] %}<tr>{% for v in row(g) %}<td{% if v is number %} class="n"{% endif %}>{{ v }}</td>{% endfor %}</tr>
{% endfor %}</table>
{% endfor %}
<h2>II. Kiến nghị chưa được trả lời quá {{ f.overdue_days }} ngày</h2>
<ol id="overdue">{% for o in f.overdue %}<li>{{ o.text }} ({{ o.register_id }}; {{ o.round }}; {{ o.days }} ngày)</li>{% else %}<li>Không có.</li>{% endfor %}</ol>
<h2>III. Kiến nghị đã nêu từ {{ f.repeat_min }} kỳ trở lên chưa giải quyết xong</h2>
<ol id="repeated">{% for o in f.repeated %}<li><details><summary>{{ o.text }} ({{ o.register_id }}; {{ o.n_rounds }} kỳ; {{ o.status }})</summary>
<p>Các kỳ: {{ o.rounds }}</p><p>Đơn vị: {{ o.units }}</p>{% if o.documents %}<p>Văn bản trả lời: {{ o.documents }}</p>{% endif %}
<ul>{% for t in o.history.split("\\n") if t %}<li>{{ t }}</li>{% endfor %}</ul></details></li>{% else %}<li>Không có.</li>{% endfor %}</ol>
</body></html>
""")


def write_html(dest: Path, f: dict) -> None:
    title = SUBTITLE + (f" sau {f['round_name']}" if f["round_name"] else "")
    write_text(dest, _HTML.render(f=f, title=title, lines=summary_lines(f), sections=SECTIONS, head=GROUP_HEAD, row=_group_row))


def write_xlsx(dest: Path, f: dict) -> None:
    import openpyxl
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Tổng hợp"
    ws.append(["Chỉ tiêu", "Số lượng", "Tỷ lệ"])
    ws.append(["Số kiến nghị theo dõi", f["sent"], ""])
    ws.append(["Đã giải quyết, trả lời", f["answered"], f["answered_share"]])
    for s in f["statuses"]:
        ws.append([s["label"], s["count"], s["share"]])
    ws.append([f"Chưa trả lời quá {f['overdue_days']} ngày", len(f["overdue"]), ""])
    ws.append([f"Nêu từ {f['repeat_min']} kỳ, chưa giải quyết xong", len(f["repeated"]), ""])
    for key, title in SECTIONS:
        sh = wb.create_sheet(title[:31])
        sh.append(GROUP_HEAD)
        for g in f[key]:
            sh.append(_group_row(g))
    sh = wb.create_sheet("Quá hạn")
    sh.append(["Mã theo dõi", "Nội dung", "Kỳ", "Từ ngày", "Số ngày", "Lĩnh vực", "Thẩm quyền"])
    for o in f["overdue"]:
        sh.append([o["register_id"], o["text"], o["round"], o["since"], o["days"], o["sector"], o["authority"]])
    sh = wb.create_sheet("Lặp lại")
    sh.append(["Mã theo dõi", "Nội dung", "Số kỳ", "Các kỳ", "Đơn vị", "Tình trạng", "Văn bản trả lời"])
    for o in f["repeated"]:
        sh.append([o["register_id"], o["text"], o["n_rounds"], o["rounds"], o["units"], o["status"], o["documents"]])
    for sheet in wb.worksheets:
        for c in sheet[1]:
            c.font = Font(bold=True)
    write_bytes(dest, workbook_bytes(wb))
