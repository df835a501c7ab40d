"""Texts, frames and fixtures shared by the clustering tests (test_cluster*.py)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline import schemas as S
from pipeline.cluster import cluster_items
from pipeline.config import ClusterSettings
from pipeline.vi_text import tokenize_many

DATA = Path(__file__).parent / "data" / "duplicate_groups.csv"

PENSION = [
    ("xã An Khang", "Đề nghị Chính phủ xem xét tăng lương hưu cho người về hưu vì giá cả sinh hoạt tăng cao."),
    ("xã Thái Long", "Cử tri kiến nghị sớm điều chỉnh tăng lương hưu cho người nghỉ hưu, đời sống còn khó khăn."),
    ("phường Hưng Thành", "Giá cả tăng cao, lương hưu không đủ sống, đề nghị Nhà nước tăng lương hưu cho người về hưu."),
    ("xã Lưỡng Vượng", "Kiến nghị tăng lương hưu để người nghỉ hưu bớt khó khăn khi giá cả sinh hoạt tăng."),
]
ROADS = [
    ("xã Tân Lập", "Đề nghị sửa chữa đường liên xã Tân Lập bị xuống cấp, nhiều ổ gà gây mất an toàn giao thông."),
    ("xã Yên Phú", "Đề nghị sửa chữa đường liên xã Yên Phú bị xuống cấp, nhiều ổ gà gây mất an toàn giao thông."),
]
UNRELATED = [
    ("xã Kim Phú", "Đề nghị tổ chức lớp tập huấn kỹ thuật nuôi ong lấy mật cho hội viên phụ nữ."),
    ("xã Đội Cấn", "Kiến nghị sửa lại mái nhà bia ghi danh liệt sĩ bị dột."),
    ("phường Phan Thiết", "Đề nghị quy định rõ giờ hoạt động của quán karaoke trong khu dân cư."),
]
ALLOWANCE = [
    ("xã Bình Ca", "Đề nghị Chính phủ nâng mức phụ cấp cho người hoạt động không chuyên trách ở thôn, tổ dân phố vì công việc nhiều."),
    ("xã Thái Ninh", "Phụ cấp của người hoạt động không chuyên trách ở thôn còn thấp, kiến nghị Trung ương điều chỉnh tăng mức phụ cấp."),
]
STAFF_NUMBER = ("xã Gò Găng", "Đề nghị Chính phủ quy định thống nhất số lượng người hoạt động không chuyên trách ở thôn, tổ dân phố có quy mô lớn.")
ONE_PHRASE = [
    ("xã Nà Mò", "Đề nghị nâng mức hỗ trợ cho người có uy tín trong đồng bào dân tộc thiểu số."),
    ("xã Bản Pác", "Kiến nghị sớm phân định lại vùng đồng bào dân tộc thiểu số theo tiêu chí mới để thực hiện chính sách."),
]
LENDING = [
    ("phường Quang Trung", "Tình trạng tín dụng đen diễn biến phức tạp, đề nghị công an xử lý dứt điểm các đối tượng cho vay nặng lãi.",
     "an_ninh_tu_phap", S.LOCAL),
    ("phường Trần Phú", "Cử tri phản ánh tín dụng đen, cho vay nặng lãi vẫn tràn lan, đề nghị xử lý nghiêm các đối tượng.",
     "tai_chinh_dau_tu", S.LOCAL),
    ("phường Lê Lợi", "Cử tri phản ánh tín dụng đen, cho vay nặng lãi vẫn tràn lan ở tổ dân phố số 3, đề nghị xử lý nghiêm các đối tượng.",
     "an_ninh_tu_phap", S.LOCAL),
]


EXTRA_TEXTS = [t for _, t in PENSION + ROADS + UNRELATED + ALLOWANCE + ONE_PHRASE + [STAFF_NUMBER]] + [t for _, t, *_ in LENDING] + [
    "Đề nghị sửa chữa đường liên xã bị xuống cấp, nhiều ổ gà gây mất an toàn giao thông.",
    "Đề nghị giảm giá điện sinh hoạt bậc thang vì tiền điện mùa hè tăng cao.",
    "Đề nghị giảm giá điện sinh hoạt bậc thang vì tiền điện mùa hè tăng rất cao.",
    "Đề nghị giảm giá điện sinh hoạt bậc thang vì tiền điện mùa hè tăng quá cao.",
    "Đề nghị Bộ Công Thương xem xét lại cách tính giá điện để tiền điện của người dân bớt nặng.",
    "Đề nghị giảm giá điện sinh hoạt bậc thang vì tiền điện mùa hè tăng cao!",
]


@pytest.fixture(scope="module")
def tokens_of() -> dict[str, str]:
    dup = pd.read_csv(DATA, dtype=str, keep_default_na=False)
    texts = sorted(set(dup["text"]) | set(EXTRA_TEXTS))
    toks = tokenize_many(texts, cache_dir=None, jobs=1)[0]
    return dict(zip(texts, toks))


def frame(rows, tokens_of, sector="lao_dong_xa_hoi", authority=S.CENTRAL, prefix="R") -> pd.DataFrame:
    """rows: (unit, text) or (unit, text, sector, authority)."""
    out = []
    for k, row in enumerate(rows):
        unit, text = row[0], row[1]
        sec = row[2] if len(row) > 2 else sector
        auth = row[3] if len(row) > 3 else authority
        out.append(
            {
                S.ITEM_ID: f"{prefix}{k:03d}",
                S.UNIT: unit,
                S.TEXT: text,
                S.TOKENS: tokens_of[text],
                S.SECTOR: sec,
                S.SECTOR_LABEL: sec.replace("_", " "),
                S.AUTHORITY: auth,
            }
        )
    return pd.DataFrame(out)


@pytest.fixture(scope="module")
def dup_items(tokens_of) -> pd.DataFrame:
    df = pd.read_csv(DATA, dtype=str, keep_default_na=False)
    return pd.DataFrame(
        {
            S.ITEM_ID: [f"D{i:04d}" for i in range(len(df))],
            S.UNIT: df["unit"],
            S.TEXT: df["text"],
            S.TOKENS: [tokens_of[t] for t in df["text"]],
            S.SECTOR: df["sector"],
            S.SECTOR_LABEL: df["sector"],
            S.AUTHORITY: df["authority"],
            "group_id": df["group_id"],
        }
    )


@pytest.fixture(scope="module")
def dup_result(dup_items):
    return cluster_items(dup_items.drop(columns=["group_id"]), ClusterSettings())


def n_clusters(res) -> int:
    return res.items[S.CLUSTER_ID].nunique()
