"""Several voters of one meeting about one hamlet, and different requests about one road.

Texts written for these tests (not taken from the duplicate-group sets).
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from pipeline import schemas as S
from pipeline.cluster import cluster_items, guard_allows
from pipeline.cluster.entities import residential_places
from pipeline.config import ClusterSettings
from pipeline.vi_text import tokenize_many

# the same request, reworded by two voters (kênh mương / khơi thông; bê tông hóa / cứng hóa)
CANAL = ("Đoạn kênh tưới chạy qua thôn Đồng Chằm bị bồi lấp, nước không về được ruộng, đề nghị xã nạo vét "
         "trước vụ đông xuân.",
         "Bà con thôn Đồng Chằm kiến nghị khơi thông kênh mương nội đồng để kịp lấy nước gieo cấy.")
LANE = ("Đường vào tổ dân phố số 9 lầy lội mỗi khi mưa, đề nghị phường bê tông hóa tuyến đường này.",
        "Cử tri tổ dân phố số 9 mong được cứng hóa mặt đường ngõ chính vì mùa mưa đi lại rất khó.")
# other requests about the same lane, and the same request about another group
LIGHTS = "Tuyến đường chính của tổ dân phố số 9 chưa có đèn chiếu sáng, đề nghị phường lắp đèn cho tuyến đường này."
DRAIN = ("Cống thoát nước trên đường vào tổ dân phố số 9 bị tắc, mỗi khi mưa nước tràn vào nhà dân, "
         "đề nghị phường nạo vét.")
ENCROACH = "Đường vào tổ dân phố số 9 bị lấn chiếm làm nơi họp chợ, đề nghị phường xử lý để đường thông thoáng."
OTHER_GROUP = "Đường vào tổ dân phố số 11 lầy lội mỗi khi mưa, đề nghị phường bê tông hóa tuyến đường này."

TEXTS = sorted({*CANAL, *LANE, LIGHTS, DRAIN, ENCROACH, OTHER_GROUP})


@pytest.fixture(scope="module")
def tokens() -> dict[str, str]:
    return dict(zip(TEXTS, tokenize_many(TEXTS, cache_dir=None, jobs=1)[0]))


def frame(rows, tokens, sector) -> pd.DataFrame:
    return pd.DataFrame([{S.ITEM_ID: f"R{k:03d}", S.UNIT: unit, S.TEXT: text, S.TOKENS: tokens[text],
                          S.SECTOR: sector, S.SECTOR_LABEL: sector, S.AUTHORITY: S.LOCAL}
                         for k, (unit, text) in enumerate(rows)])


def clusters_of(items, **settings) -> int:
    return cluster_items(items, dataclasses.replace(ClusterSettings(), **settings)).items[S.CLUSTER_ID].nunique()


def test_residential_places_are_named_with_their_kind():
    assert residential_places(CANAL[1]) == {"thôn đồng chằm"}
    # "tổ dân phố số 9" and "tổ 9" are one group; a lower-case word after a kind is no name
    assert residential_places(LANE[0]) == residential_places("Tổ 9 phường Quang Trung") == {"tổ 9"}
    assert residential_places("Đề nghị tổ chức lớp học nghề cho thanh niên trong thôn") == frozenset()
    assert residential_places("Bản Pác Nặm và khu 3A") == {"bản pác nặm", "khu 3a"}


@pytest.mark.parametrize("pair,sector", [(CANAL, "nong_nghiep"), (LANE, "giao_thong")])
def test_two_voters_of_one_meeting_about_one_hamlet_merge(tokens, pair, sector):
    one_unit = frame([("xã Bản Lang", pair[0]), ("xã Bản Lang", pair[1])], tokens, sector)
    assert clusters_of(one_unit, same_place_bonus=0.0) == 2  # reworded: too far apart on words alone
    assert clusters_of(one_unit) == 1
    # two communes may each have a "thôn Đồng Chằm" or a "tổ dân phố số 9": no bonus across units
    two_units = frame([("xã Bản Lang", pair[0]), ("xã Sơn Hải", pair[1])], tokens, sector)
    assert clusters_of(two_units) == 2


@pytest.mark.parametrize("other", [LIGHTS, DRAIN, ENCROACH, OTHER_GROUP])
def test_other_requests_about_one_lane_stay_apart(tokens, other):
    assert not guard_allows(LANE[0], other)
    items = frame([("phường Quang Trung", LANE[0]), ("phường Quang Trung", other)], tokens, "giao_thong")
    assert clusters_of(items) == 2
    assert clusters_of(items, merge_threshold=0.2, review_threshold=0.1, cross_sector_threshold=0.2) == 2


def test_a_person_named_in_the_text_is_not_a_place():
    """The speaker named in a request ("Ông Phạm Văn Hòe, xóm Bãi Sậy: ...") is no place: it
    used to make the guard keep two tellings of one request apart."""
    from pipeline.cluster import extract_entities

    assert extract_entities("Ông Lò Văn Pấng, bản Nà Tòng: đường vào bản sạt lở")["name"] == {"nà tòng"}
    assert "name" not in extract_entities("Cô Hà Thị Lan, giáo viên: đề nghị tăng phụ cấp thâm niên")
    assert "name" not in extract_entities("Cử tri Y Bhin Niê phản ánh giá phân bón tăng cao")
    assert guard_allows("Bà Vi Thị Mến: đề nghị nâng mức trợ cấp cho người khuyết tật nặng",
                        "Đề nghị nâng mức trợ cấp hằng tháng cho người khuyết tật nặng")
    # a place that is written after a title-like word stays a place
    assert extract_entities("Đề nghị sửa chữa phố Bà Triệu")["name"] == {"bà triệu"}


def test_an_age_written_after_the_word_counts():
    """ "nghỉ hưu ở tuổi 55" and "ở tuổi 58" are different requests."""
    from pipeline.cluster import extract_entities

    assert extract_entities("Đề nghị cho nữ công nhân nghỉ hưu ở tuổi 55")["age"] == {"55"}
    assert not guard_allows("Công nhân may đứng máy đến 60 tuổi là quá sức, đề nghị cho nghỉ hưu ở tuổi 55",
                            "Đề nghị cho công nhân may nghỉ hưu khi đủ 58 tuổi, không áp dụng lộ trình lên 60 tuổi")
