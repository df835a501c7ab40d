"""Paraphrases from the domain lexicon merge; names in brackets and law years read right.

Texts written for these tests (not taken from the duplicate-group sets). Each paraphrase pair
says one request in the words two units would use; each look-alike differs in a place, a
number or the thing asked for, and must stay apart.
"""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline import schemas as S
from pipeline.cluster import cluster_items, extract_entities, guard_allows
from pipeline.cluster.lexicon import content_text
from pipeline.config import ClusterSettings
from pipeline.vi_text import tokenize_many

PARAPHRASES = {
    "canal": ("Kênh mương nội đồng thôn Phù Lưu bồi lấp nặng, đề nghị xã nạo vét trước vụ chiêm xuân.",
              "Cử tri thôn Phù Lưu mong được khơi thông kênh thủy lợi nội đồng để kịp lấy nước vụ chiêm xuân."),
    "power": ("Điện ở thôn Khe Vải chập chờn, trạm biến áp quá tải, đề nghị ngành điện nâng công suất.",
              "Thôn Khe Vải điện yếu, TBA quá tải vào buổi tối, mong Điện lực nâng công suất trạm."),
    "fraud": ("Đề nghị xử lý nghiêm tình trạng lừa đảo qua mạng, mua bán sim không chính chủ và tài khoản ngân hàng.",
              "Cử tri đề nghị ngăn chặn lừa đảo công nghệ cao, xử lý việc mua bán sim rác, tài khoản ngân hàng."),
    "compensation": ("Đề nghị sớm chi trả tiền đền bù cho các hộ bị thu hồi đất làm đường vành đai Đông Bắc.",
                     "Các hộ có đất bị thu hồi làm đường vành đai Đông Bắc kiến nghị sớm nhận tiền bồi thường, hỗ trợ."),
}
LOOK_ALIKES = {
    # the same works in another hamlet, and another request in the same hamlet
    "canal": ("Kênh mương nội đồng thôn Phù Dực bồi lấp nặng, đề nghị xã nạo vét trước vụ chiêm xuân.",
              "Đường trục thôn Phù Lưu đã xuống cấp, đề nghị xã bê tông hóa mặt đường trước vụ chiêm xuân."),
}


@pytest.fixture(scope="module")
def tokens() -> dict[str, str]:
    texts = sorted({t for pair in [*PARAPHRASES.values(), *LOOK_ALIKES.values()] for t in pair})
    return dict(zip(texts, tokenize_many(texts, cache_dir=None, jobs=1)[0]))


def frame(rows: list[tuple[str, str]], tokens: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame([{S.ITEM_ID: f"P{k:03d}", S.UNIT: unit, S.TEXT: text, S.TOKENS: tokens[text],
                          S.SECTOR: "x", S.SECTOR_LABEL: "x", S.AUTHORITY: S.LOCAL}
                         for k, (unit, text) in enumerate(rows)])


def test_paraphrases_are_rewritten_to_one_form():
    assert content_text("khơi thông kênh mương nội đồng") == content_text("nạo vét kênh thủy lợi")
    assert content_text("Điện yếu") == content_text("điện chập chờn")
    assert content_text("tiền đền bù") == content_text("tiền bồi thường")
    # a variant is a whole phrase: "tai nạn" rewritten, "nạn" alone is not
    assert content_text("lừa đảo qua mạng") == content_text("lừa đảo công nghệ cao")


@pytest.mark.parametrize("key", sorted(PARAPHRASES))
def test_paraphrases_by_two_units_merge(tokens, key):
    a, b = PARAPHRASES[key]
    result = cluster_items(frame([("xã Yên Lư", a), ("xã Tân Mỹ", b)], tokens), ClusterSettings())
    assert result.items[S.CLUSTER_ID].nunique() == 1, key


def test_look_alikes_stay_apart(tokens):
    a = PARAPHRASES["canal"][0]
    other_place, other_request = LOOK_ALIKES["canal"]
    items = frame([("xã Yên Lư", a), ("xã Yên Lư", other_place), ("xã Yên Lư", other_request)], tokens)
    assert cluster_items(items, ClusterSettings()).items[S.CLUSTER_ID].nunique() == 3


def test_a_name_in_brackets_after_its_kind_is_a_place():
    assert extract_entities("Bà Rơ Châm H'Lin (buôn Kmang) phản ánh điện yếu.")["name"] == {"kmang"}
    assert extract_entities("Đoạn đê qua (thôn Bình Minh) bị sạt.")["name"] == {"bình minh"}
    # a name in quotation marks after a person's title is still no person
    assert "tân lập" in extract_entities('Cử tri "Tân Lập" nói đường hỏng.').get("name", ())


def test_the_year_of_a_law_is_a_document_not_a_year_of_the_request():
    ents = extract_entities("Đề nghị hướng dẫn Luật Đất đai 2024 về cấp giấy chứng nhận.")
    assert ents == {"doc": {"luật2024"}}
    assert extract_entities("Theo Bộ luật Lao động năm 2019")["doc"] == {"luật2019"}
    # the year of the request is still a year, the law's is not
    ents = extract_entities("Luật Đất đai năm 2013 chưa giải quyết đất sử dụng trước năm 1993")
    assert ents["doc"] == {"luật2013"} and ents["year"] == {"1993"}
    # "pháp luật 2020", "kỷ luật ... năm 2023", "luật sư", "dự luật" name no law, nor does a
    # sentence that goes on past the law's name ("Luật Đất đai quy định trước năm 1993")
    for text in ("theo quy định của pháp luật 2020", "Xử lý kỷ luật cán bộ vi phạm năm 2023",
                 "Thuê luật sư năm 2020", "Dự luật sửa đổi năm 2025", "Luật Đất đai quy định trước năm 1993"):
        assert "doc" not in extract_entities(text), text
    # a request about land used before 1993 fits one about the 2024 law's guidance; another law does not
    used = "Hộ sử dụng đất ổn định từ trước năm 1993 chưa được cấp giấy chứng nhận."
    assert guard_allows(used, "Đề nghị hướng dẫn Luật Đất đai 2024 về cấp giấy chứng nhận.")
    assert not guard_allows("Hướng dẫn Luật Đất đai 2024 về cấp giấy", "Hướng dẫn Luật Đất đai 2013 về cấp giấy")


def test_a_national_policy_asked_by_a_voter_who_names_his_hamlet_is_one_request():
    """Places in a request about a national policy (lương hưu, BHYT ...) are where the voters live."""
    plain = "Đề nghị tăng lương hưu cho người nghỉ hưu trước năm 1995."
    placed = "Ông Đào Văn Lợi, thôn Đông Khê, nghỉ hưu năm 1993, đề nghị tăng lương hưu cho người nghỉ hưu trước năm 1995."
    assert guard_allows(plain, placed)
    # numbers still count: another year is another request
    assert not guard_allows(placed, "Đề nghị tăng lương hưu cho người nghỉ hưu trước năm 1988.")
    # a local request keeps its place: the same works in two hamlets are two requests, also when
    # a national policy is asked for in the same breath, and a road code always counts
    assert not guard_allows("Đề nghị nạo vét kênh mương thôn Đông Khê.", "Đề nghị nạo vét kênh mương thôn Tây Khê.")
    assert not guard_allows("Tăng phụ cấp cho trưởng thôn Nà Lừa và sửa đường thôn Nà Lừa.",
                            "Tăng phụ cấp cho trưởng thôn Khe Ngang và sửa đường thôn Khe Ngang.")
    assert not guard_allows("Xây phòng học Trường Tiểu học Tân Lập, miễn học phí.",
                            "Xây phòng học Trường Tiểu học Yên Phú, miễn học phí.")
    assert not guard_allows("Sửa chữa QL 2C, tăng phụ cấp cho trưởng thôn.", "Sửa chữa QL 3, tăng phụ cấp cho trưởng thôn.")
    # the electricity subsidy of poor households is not the electricity price
    assert not guard_allows("Đề nghị điều chỉnh giá điện bậc thang cho hợp lý.",
                            "Đề nghị tăng mức hỗ trợ tiền điện cho hộ nghèo.")


def test_the_policy_objects_are_request_objects():
    from pipeline.cluster import lexicon

    lex = lexicon()
    assert lex.policy_objects and lex.policy_objects <= set(lex.request_objects)


def test_paving_a_canal_is_not_paving_a_road():
    from pipeline.cluster import request_objects

    assert request_objects("Đề nghị bê tông hóa kênh mương thôn Phù Lưu.") == {"kênh mương"}
    assert not guard_allows("Đề nghị bê tông hóa kênh mương thôn Phù Lưu.",
                            "Đề nghị bê tông hóa đường trục thôn Phù Lưu.")


def test_the_same_place_bonus_needs_one_request_object_on_both_sides_or_none():
    """Called directly on pairs the guard lets through (one side names no object)."""
    import numpy as np

    from pipeline.cluster.stage import _same_place_bonus

    road = "Đường trục thôn Phù Lưu xuống cấp, đề nghị xã bê tông hóa trước mùa mưa."
    road_again = "Cử tri thôn Phù Lưu mong được cứng hóa đường trục thôn trước mùa mưa."
    water = "Thôn Phù Lưu thiếu nước tưới vụ chiêm, đề nghị xã có phương án trước mùa khô."
    plain = "Thôn Phù Lưu mong xã sớm có phương án trước mùa mưa."
    texts = [road, road_again, water, plain]
    assert guard_allows(road, water) and guard_allows(water, plain)
    settings = ClusterSettings()
    a, b = np.array([0, 0, 2]), np.array([1, 2, 3])
    lifted = _same_place_bonus(np.full(3, 0.33), a, b, ["xã Yên Lư"] * 4, texts, settings)
    # same object: lifted; an object on one side only: not; no object on either side: lifted
    assert lifted.tolist() == pytest.approx([0.33 + settings.same_place_bonus, 0.33, 0.33 + settings.same_place_bonus])
    # other units: never
    other = _same_place_bonus(np.full(3, 0.33), a, b, ["xã Yên Lư", "xã Tân Mỹ", "xã Hà Lan", "xã Cổ Lũng"], texts,
                              settings)
    assert other.tolist() == [0.33] * 3
