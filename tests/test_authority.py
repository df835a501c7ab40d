"""authority.settle: one authority per consolidated item, decided by all its members."""

import pandas as pd

from pipeline import authority
from pipeline import schemas as S


def _items(rows):
    """rows: (cluster_id, authority, confidence, source)."""
    return pd.DataFrame({
        S.ITEM_ID: [f"R{k:03d}" for k in range(len(rows))],
        S.CLUSTER_ID: [r[0] for r in rows],
        S.AUTHORITY: [r[1] for r in rows],
        S.AUTHORITY_CONFIDENCE: [r[2] for r in rows],
        S.AUTHORITY_SOURCE: [r[3] for r in rows],
        S.AUTHORITY_PREDICTED: [r[1] for r in rows],
        S.NEEDS_REVIEW: [False] * len(rows),
    })


def _clusters(ids):
    return pd.DataFrame({S.CLUSTER_ID: ids, S.AUTHORITY: [S.LOCAL] * len(ids)})


C, L, M, R = S.CENTRAL, S.LOCAL, S.SOURCE_MODEL, S.SOURCE_RULE


def test_members_take_the_pooled_authority_and_keep_their_own_prediction():
    items = _items([("CA", C, 0.9, M), ("CA", C, 0.8, M), ("CA", L, 0.6, M), ("CB", L, 0.9, M)])
    out, clusters = authority.settle(items, _clusters(["CA", "CB"]))
    assert out[S.AUTHORITY].tolist() == [C, C, C, L]
    assert out[S.AUTHORITY_PREDICTED].tolist() == [C, C, L, L]
    assert clusters[S.AUTHORITY].tolist() == [C, L]
    assert not out[S.NEEDS_REVIEW].any()  # pooled P(central) = (0.9 + 0.8 + 0.4) / 3 = 0.7
    assert items[S.AUTHORITY].tolist() == [C, C, L, L]  # the input is not changed


def test_a_cluster_whose_members_disagree_strongly_is_flagged_not_split():
    items = _items([("CA", C, 0.9, M), ("CA", L, 0.95, M), ("CA", L, 0.55, M), ("CB", C, 0.7, M)])
    out, clusters = authority.settle(items, _clusters(["CA", "CB"]))
    assert out[S.CLUSTER_ID].tolist() == ["CA", "CA", "CA", "CB"]
    assert out[S.NEEDS_REVIEW].tolist() == [True, True, True, False]
    assert out[S.AUTHORITY].tolist()[:3] == [L, L, L]  # (0.9 + 0.05 + 0.45) / 3 < 0.5


def test_an_explicit_central_cue_outweighs_a_weak_local_prediction():
    items = _items([("CA", C, 1.0, R), ("CA", L, 0.6, M)])
    out, _ = authority.settle(items, _clusters(["CA"]))
    assert out[S.AUTHORITY].tolist() == [C, C]


def test_an_analysts_correction_decides_the_cluster():
    items = _items([("CA", C, 1.0, R), ("CA", C, 0.9, M), ("CA", L, 1.0, S.SOURCE_CORRECTION)])
    out, clusters = authority.settle(items, _clusters(["CA"]))
    assert out[S.AUTHORITY].tolist() == [L, L, L]
    assert clusters[S.AUTHORITY].tolist() == [L]
    assert not out[S.NEEDS_REVIEW].any()


def test_items_outside_clusters_are_left_alone():
    items = _items([("", C, 0.51, M), ("CA", L, 0.7, M)])
    out, _ = authority.settle(items, _clusters(["CA"]))
    assert out[S.AUTHORITY].tolist() == [C, L]
    assert out[S.AUTHORITY_CONFIDENCE].tolist() == [0.51, 0.7]


def test_local_cues_match_requests_addressed_to_local_bodies():
    cues = authority.load_cues()
    texts = ["Đề nghị tỉnh quan tâm đầu tư đường vào thôn Khe Mạ.",
             "Thành phố nên có phương án chống ngập tại phường Tân Lập.",
             "Đề nghị Sở Giao thông vận tải sửa biển báo tại ngã ba Đồng Xoài.",
             "Đề nghị Quốc hội sửa đổi Luật Đất đai.",
             "Đề nghị tỉnh kiến nghị Bộ Tài chính điều chỉnh giá điện.",
             "Đường liên thôn xuống cấp."]
    central, local = authority.cue_flags(texts, cues)
    assert local.tolist() == [True, True, True, False, False, False]
    assert central.tolist() == [False, False, False, True, True, False]
