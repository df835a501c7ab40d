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
from .follow_up import assessment
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


def _style(cfg: Config) -> dict:
    """The consolidated report's layout values (reports/templates/docx_style.toml, or the
    office's copy named by ``[report] templates_dir``)."""
    from ..report import load_templates

    return load_templates(cfg).style


def _rule(paragraph, length_cm: float, width_cm: float) -> None:
    """A short centred line under a header paragraph (NĐ 30: under the issuer and the motto)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    side = max(0.0, (width_cm - length_cm) / 2)
    paragraph.paragraph_format.left_indent = Cm(side)
    paragraph.paragraph_format.right_indent = Cm(side)
    p_pr = paragraph.paragraph_format.element.get_or_add_pPr()  # the w:p (public ParagraphFormat.element)
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    bdr.append(bottom)
    p_pr.append(bdr)


def _para(container, text: str = "", *, bold=False, italic=False, size=None, align=None, indent=None, after=None):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    p = container.add_paragraph()
    if text:
        run = p.add_run(text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
    p.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT,
                   "justify": WD_ALIGN_PARAGRAPH.JUSTIFY, None: None}[align]
    if indent is not None:
        p.paragraph_format.first_line_indent = Cm(indent)
    if after is not None:
        p.paragraph_format.space_after = Pt(after)
    return p


def write_docx(dest: Path, f: dict, cfg: Config) -> None:
    """report.docx in the layout of the consolidated report (Nghị định 30/2020): page and font
    from docx_style.toml, the two-column header block (issuer | quốc hiệu, tiêu ngữ; number |
    place and date), title, sections, then Nơi nhận and the signature block."""
    import docx
    from docx.shared import Cm, Pt

    st = _style(cfg)
    v = lambda sec, key, default: st.get(sec, {}).get(key, default)  # noqa: E731
    r = cfg.report
    d = docx.Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Cm(v("page", "width_cm", 21.0)), Cm(v("page", "height_cm", 29.7))
    sec.top_margin, sec.bottom_margin = Cm(v("page", "margin_top_cm", 2.0)), Cm(v("page", "margin_bottom_cm", 2.0))
    sec.left_margin, sec.right_margin = Cm(v("page", "margin_left_cm", 3.0)), Cm(v("page", "margin_right_cm", 2.0))
    width = v("page", "width_cm", 21.0) - v("page", "margin_left_cm", 3.0) - v("page", "margin_right_cm", 2.0)
    normal = d.styles["Normal"]
    normal.font.name = v("font", "name", "Times New Roman")
    normal.font.size = Pt(v("font", "size_pt", 13))
    normal.paragraph_format.space_after = Pt(v("paragraph", "space_after_pt", 6))
    body_indent = v("paragraph", "first_line_indent_cm", 1.27)

    lw, rw = v("header", "left_width_cm", 6.0), v("header", "right_width_cm", 10.0)
    head = d.add_table(rows=2, cols=2)
    head.autofit = False
    head.columns[0].width, head.columns[1].width = Cm(lw), Cm(rw)
    for row in head.rows:
        row.cells[0].width, row.cells[1].width = Cm(lw), Cm(rw)
    left, right = head.cell(0, 0), head.cell(0, 1)
    left.paragraphs[0].text = ""
    if r.issuer_parent.strip():
        _para(left, r.issuer_parent.strip().upper(), size=v("header", "issuer_parent_size_pt", 13), align="center")
    _para(left, r.issuer.strip().upper() or "...", bold=True, size=v("header", "issuer_size_pt", 13), align="center")
    _rule(_para(left), v("header", "issuer_rule_cm", 2.0), lw)
    _para(right, v("header", "national_title", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), bold=True,
          size=v("header", "national_title_size_pt", 12), align="center")
    _para(right, v("header", "motto", "Độc lập - Tự do - Hạnh phúc"), bold=True, size=v("header", "motto_size_pt", 13),
          align="center")
    _rule(_para(right), v("header", "motto_rule_cm", 5.6), rw)
    _para(head.cell(1, 0), r.doc_number.strip() or "Số:      /BC-...", size=v("header", "number_size_pt", 13), align="center")
    _para(head.cell(1, 1), f"{(r.place or r.province).strip() or '...'}, {f['as_of_text']}", italic=True,
          size=v("header", "date_size_pt", 13), align="center")

    _para(d, TITLE, bold=True, align="center")
    _para(d, SUBTITLE + (f" sau {f['round_name']}" if f["round_name"] else ""), bold=True, align="center")
    _rule(_para(d), 4.0, width)
    a = assessment(f)

    def heading(text):
        _para(d, text, bold=True, indent=body_indent)

    def text(t):
        _para(d, t, align="justify", indent=body_indent)

    heading("I. TÌNH HÌNH VÀ KẾT QUẢ GIẢI QUYẾT")
    for line in summary_lines(f):
        text(line)
    for key, title in SECTIONS:
        _para(d, title, bold=True, italic=True, align="center", size=v("font", "table_size_pt", 12))
        t = d.add_table(rows=1, cols=len(GROUP_HEAD))
        t.style = "Table Grid"
        for j, h in enumerate(GROUP_HEAD):
            t.cell(0, j).text = h
        for g in f[key]:
            cells = t.add_row().cells
            for j, val in enumerate(_group_row(g)):
                cells[j].text = str(val)
    heading("II. ĐÁNH GIÁ")
    _para(d, "1. Ưu điểm", bold=True, italic=True, indent=body_indent)
    for line in a["strengths"]:
        text(line)
    _para(d, "2. Tồn tại, hạn chế", bold=True, italic=True, indent=body_indent)
    for line in a["weaknesses"]:
        text(line)
    heading(f"III. KIẾN NGHỊ CHƯA ĐƯỢC TRẢ LỜI QUÁ {f['overdue_days']} NGÀY")
    for i, o in enumerate(f["overdue"], 1):
        text(f"{i}. {o['text']} ({o['register_id']}; {o['round']}; {o['days']} ngày).")
    if not f["overdue"]:
        text("Không có.")
    heading(f"IV. KIẾN NGHỊ ĐÃ NÊU TỪ {f['repeat_min']} KỲ TRỞ LÊN CHƯA GIẢI QUYẾT XONG")
    for i, o in enumerate(f["repeated"], 1):
        text(f"{i}. {o['text']} ({o['register_id']}; {o['n_rounds']} kỳ: {o['rounds']}; {o['status']}"
             + (f"; {o['documents']}" if o["documents"] else "") + ").")
    if not f["repeated"]:
        text("Không có.")
    heading("V. KIẾN NGHỊ")
    for line in a["asks"]:
        text(line)

    foot = d.add_table(rows=1, cols=2)
    foot.autofit = False
    fl, fr = foot.cell(0, 0), foot.cell(0, 1)
    fl.width = fr.width = Cm(width / 2)
    _para(fl, "Nơi nhận:", bold=True, italic=True, size=12)
    lines = [*r.recipients, *r.cc]
    for i, name in enumerate(lines):
        _para(fl, f"- {name.rstrip(';.')}{'.' if i == len(lines) - 1 else ';'}", size=11, after=0)
    signer = [x.strip() for x in r.signer_title.upper().split("\n") if x.strip()] + [r.signer_role.strip().upper()]
    for line in (x for x in signer if x):
        _para(fr, line, bold=True, align="center", after=0)
    for _ in range(4):
        _para(fr, after=0)
    if r.signer_name.strip():
        _para(fr, r.signer_name.strip(), bold=True, align="center")
    stamp = dt.datetime.fromisoformat(f["as_of"])
    d.core_properties.created = d.core_properties.modified = stamp
    d.core_properties.author = "cutri"
    d.core_properties.title = SUBTITLE
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
<h2>II. Đánh giá</h2>
<h3>1. Ưu điểm</h3><ul id="strengths">{% for line in a.strengths %}<li>{{ line }}</li>{% endfor %}</ul>
<h3>2. Tồn tại, hạn chế</h3><ul id="weaknesses">{% for line in a.weaknesses %}<li>{{ line }}</li>{% endfor %}</ul>
<h2>III. Kiến nghị chưa được trả lời quá {{ f.overdue_days }} ngày</h2>
<ol id="overdue">{% for o in f.overdue %}<li>{{ o.text }} ({{ o.register_id }}; {{ o.round }}; {{ o.days }} ngày)</li>{% else %}<li>Không có.</li>{% endfor %}</ol>
<h2>IV. Kiến nghị đã nêu từ {{ f.repeat_min }} kỳ trở lên chưa giải quyết xong</h2>
<ol id="repeated">{% for o in f.repeated %}<li><details><summary>{{ o.text }} ({{ o.register_id }}; {{ o.n_rounds }} kỳ; {{ o.status }})</summary>
<p>Các kỳ: {{ o.rounds }}</p><p>Đơn vị: {{ o.units }}</p>{% if o.documents %}<p>Văn bản trả lời: {{ o.documents }}</p>{% endif %}
<ul>{% for t in o.history.split("\\n") if t %}<li>{{ t }}</li>{% endfor %}</ul></details></li>{% else %}<li>Không có.</li>{% endfor %}</ol>
<h2>V. Kiến nghị</h2>
<ul id="asks">{% for line in a.asks %}<li>{{ line }}</li>{% endfor %}</ul>
</body></html>
""")


def write_html(dest: Path, f: dict) -> None:
    title = SUBTITLE + (f" sau {f['round_name']}" if f["round_name"] else "")
    write_text(dest, _HTML.render(f=f, a=assessment(f), title=title, lines=summary_lines(f), sections=SECTIONS, head=GROUP_HEAD, row=_group_row))


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
    a = assessment(f)
    sh = wb.create_sheet("Đánh giá")
    sh.append(["Mục", "Nội dung"])
    for label, key in (("Ưu điểm", "strengths"), ("Tồn tại, hạn chế", "weaknesses"), ("Kiến nghị", "asks")):
        for line in a[key]:
            sh.append([label, line])
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
