"""Tables, settings and readers shared by the report tests (test_report*.py)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import openpyxl
import pandas as pd
import pytest
from docx import Document

from pipeline import report
from pipeline import schemas as S
from pipeline.config import Config


UNITS = ("Xã Tân Lập", "Phường Minh Xuân", "Xã Kim Phú", "Phường Hưng Thành")
NAME = "Nguyễn Văn Bình"

# (cluster, unit, speaker, text, sector, authority, answered, not_recommendation)
ROWS = [
    ("C1", UNITS[0], f"{NAME}, thôn Nà Ngoa", "Đề nghị sớm nâng cấp Quốc lộ 2C đoạn qua địa bàn tỉnh, mặt đường hư hỏng nặng.",
     "giao_thong", S.CENTRAL, False, False),
    ("C1", UNITS[1], "Trần Thị Hoa, tổ 5", "Cử tri đề nghị nâng cấp Quốc lộ 2C vì đường xuống cấp, nhiều ổ gà.",
     "giao_thong", S.CENTRAL, True, False),
    ("C1", UNITS[2], "Hoàng Văn Lợi, thôn Khuôn Thống", "Đề nghị đầu tư nâng cấp Quốc lộ 2C qua xã, đường hỏng gây tai nạn.",
     "giao_thong", S.CENTRAL, False, False),
    ("C2", UNITS[0], "", "Đề nghị tăng mức trợ cấp xã hội hằng tháng cho người cao tuổi từ đủ 75 tuổi.",
     "lao_dong_xa_hoi", S.CENTRAL, False, False),
    ("C3", UNITS[1], "Lê Văn Nam, tổ 2", "-Đề nghị sớm có nước sạch cho tổ dân phố 12.",
     "xay_dung_do_thi", S.LOCAL, False, False),
    ("C4", UNITS[2], "", "=HYPERLINK(\"x\") đề nghị bố trí bác sĩ về trạm y tế xã.",
     "y_te", S.LOCAL, True, False),
    ("C4", UNITS[2], "", "Đề nghị có bác sĩ làm việc thường xuyên tại trạm y tế xã.",
     "y_te", S.LOCAL, False, False),
    ("C5", UNITS[3], "Phạm Thị Thu, tổ 7", "<script>alert(1)</script> đề nghị cấp giấy chứng nhận quyền sử dụng đất.",
     "dat_dai_moi_truong", S.LOCAL, False, False),
    ("C6", UNITS[3], "", "+ Đề nghị Quốc hội sửa Luật Đất đai để đơn giản thủ tục chuyển mục đích.",
     "quoc_hoi_phap_luat", S.CENTRAL, False, False),
    ("C7", UNITS[3], "", "Đại diện UBND phường đã giải trình về tiến độ cấp giấy chứng nhận.",
     "khac", S.LOCAL, False, True),
]


def make_tables(with_flag: bool = True):
    cfg = Config()
    records = []
    for i, (cid, unit, speaker, text, sector, auth, answered, not_rec) in enumerate(ROWS):
        records.append({
            S.ITEM_ID: f"R{i:02d}", S.UNIT: unit, S.SOURCE_FILE: f"{unit}/bien_ban.xlsx",
            S.SOURCE_REF: f"TXCT!R{10 + i}", S.SPEAKER: speaker, S.TEXT: text, S.ANSWERED: answered,
            S.SECTOR: sector, S.SECTOR_LABEL: cfg.taxonomy.label(sector), S.SECTOR_CONFIDENCE: 0.8,
            S.AUTHORITY: auth, S.NEEDS_REVIEW: i == 4, S.CLUSTER_ID: cid, S.NOT_RECOMMENDATION: not_rec,
        })
    items = pd.DataFrame(records)
    if not with_flag:
        items = items.drop(columns=[S.NOT_RECOMMENDATION])
    active = items if not with_flag else items[~items[S.NOT_RECOMMENDATION]]
    clusters = []
    for cid, g in active.groupby(S.CLUSTER_ID, sort=False):
        clusters.append({
            S.CLUSTER_ID: cid, S.SECTOR: g[S.SECTOR].iloc[0], S.SECTOR_LABEL: g[S.SECTOR_LABEL].iloc[0],
            S.AUTHORITY: g[S.AUTHORITY].iloc[0], "representative_text": g[S.TEXT].iloc[0], "n_items": len(g),
            "n_units": g[S.UNIT].nunique(), "units": "; ".join(sorted(set(g[S.UNIT]))),
            "item_ids": "; ".join(g[S.ITEM_ID]),
        })
    meetings = pd.DataFrame([
        {S.MEETING_ID: "M1", S.UNIT: UNITS[0], S.SOURCE_FILE: "a.xlsx", "date": "2026-10-20", "place": "Nhà văn hóa",
         "deputies": "", "voters_attending": 120, "speaking_turns": 8, "n_items": 2},
        {S.MEETING_ID: "M2", S.UNIT: UNITS[1], S.SOURCE_FILE: "b.xlsx", "date": "2026-10-21", "place": "Hội trường",
         "deputies": "", "voters_attending": 95, "speaking_turns": 6, "n_items": 2},
        {S.MEETING_ID: "M3", S.UNIT: UNITS[2], S.SOURCE_FILE: "c.docx", "date": "22/10/2026", "place": "",
         "deputies": "", "voters_attending": float("nan"), "speaking_turns": 5, "n_items": 3},
        {S.MEETING_ID: "M4", S.UNIT: UNITS[3], S.SOURCE_FILE: "d.docx", "date": "2026-10-23", "place": "",
         "deputies": "", "voters_attending": 70, "speaking_turns": None, "n_items": 3},
    ])
    return items, pd.DataFrame(clusters, columns=S.CLUSTER_COLUMNS), meetings[S.MEETING_COLUMNS]


def make_cfg(**report):
    values = {"province": "Tuyên Quang", "round_name": "trước Kỳ họp thứ Mười", "term": "XV",
              "date": "2026-11-05", "signer_name": "Lê Thị Minh Hà"}
    values.update(report)
    return Config().replace(report=values)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    items, clusters, meetings = make_tables()
    cfg = make_cfg()
    out = tmp_path_factory.mktemp("report")
    paths = report.render_reports(items, clusters, meetings, cfg, out, "2026-11-05", corrections_count=2)
    return {"paths": paths, "out": out, "figures": report.report_figures(items, clusters, meetings, cfg)}


def docx_text(path) -> list[str]:
    doc = Document(path)
    lines = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            for cell in row.cells:
                lines.extend(p.text for p in cell.paragraphs)
    return lines


class _HTMLText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.items = 0
        self.sources = 0
        self.figures: dict[str, str] = {}
        self._fig = None
        self.text = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "details" and "item" in (a.get("class") or "").split():
            self.items += 1
        if tag == "tr" and a.get("class") == "source":
            self.sources += int(a.get("data-opinions") or 1)  # a row may stand for several opinions
        self._fig = a.get("data-figure")

    def handle_data(self, data):
        if self._fig:
            self.figures[self._fig] = data.strip()
            self._fig = None
        self.text.append(data)


def parse_html(path) -> _HTMLText:
    p = _HTMLText()
    p.feed(path.read_text(encoding="utf-8"))
    return p


_EXCEL_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def excel_text(value):
    """A cell string as Excel and LibreOffice show it: OOXML escapes a control character (CR) as
    _x000D_ and a literal "_xHHHH_" as _x005F_xHHHH_, which openpyxl leaves as written."""
    if not isinstance(value, str):
        return value
    return _EXCEL_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value)


def _all_text(out):
    docx = "\n".join(docx_text(out / "report.docx"))
    html = (out / "report.html").read_text(encoding="utf-8")
    wb = openpyxl.load_workbook(out / "report.xlsx")
    xlsx = "\n".join(str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row if v is not None)
    return docx, html, xlsx
