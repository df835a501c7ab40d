"""Tokenization: cache by content hash, process pool gives the same tokens."""

from __future__ import annotations

import pytest

from pipeline import vi_text

TEXTS = [
    "Đề nghị sửa chữa đường liên xã đoạn qua thôn Đồng Bục.",
    "ĐỀ NGHỊ NÂNG MỨC PHỤ CẤP CHO CÁN BỘ THÔN.",
    "Cử tri đề nghị tăng lương hưu cho người nghỉ hưu trước năm 1995.",
    "",
    "Trạm y tế xã chưa có bác sĩ thường trực, đề nghị bố trí bác sĩ.",
]


def test_cache_hit_does_not_tokenize_again(tmp_path, monkeypatch):
    first, stats = vi_text.tokenize_many(TEXTS, cache_dir=tmp_path, jobs=1)
    assert stats == {"cached": 0, "tokenized": len(set(TEXTS))}
    assert first[0].startswith("Đề_nghị")

    def boom(texts):
        raise AssertionError("tokenized although every text is cached")

    monkeypatch.setattr(vi_text, "_tokenize_chunk", boom)
    again, stats = vi_text.tokenize_many(TEXTS, cache_dir=tmp_path, jobs=1)
    assert again == first
    assert stats == {"cached": len(TEXTS), "tokenized": 0}


def test_only_new_texts_are_tokenized(tmp_path):
    vi_text.tokenize_many(TEXTS[:2], cache_dir=tmp_path, jobs=1)
    seen = []
    real = vi_text._tokenize_chunk

    def spy(texts):
        seen.extend(texts)
        return real(texts)

    mp = pytest.MonkeyPatch()
    mp.setattr(vi_text, "_tokenize_chunk", spy)
    try:
        tokens, stats = vi_text.tokenize_many(TEXTS, cache_dir=tmp_path, jobs=1)
    finally:
        mp.undo()
    assert sorted(seen) == sorted(set(TEXTS[2:]))
    assert tokens == [vi_text.tokenize(t) for t in TEXTS]


def test_pool_gives_the_same_tokens_as_one_process(tmp_path, monkeypatch):
    import concurrent.futures as cf

    pools = []

    class CountingPool(cf.ProcessPoolExecutor):
        def __init__(self, *a, **kw):
            pools.append(kw.get("max_workers"))
            super().__init__(*a, **kw)

    monkeypatch.setattr(cf, "ProcessPoolExecutor", CountingPool)
    monkeypatch.setattr(vi_text, "_MIN_POOL", 4)  # use the pool even for a small batch
    monkeypatch.setattr(vi_text, "_MIN_CHUNK", 2)
    texts = [f"{t} Thôn số {i}." for i, t in enumerate(TEXTS * 4)]
    one, s1 = vi_text.tokenize_many(texts, cache_dir=None, jobs=1)
    assert pools == []
    two, s2 = vi_text.tokenize_many(texts, cache_dir=None, jobs=2)
    assert pools == [2]
    assert one == two
    assert s1 == s2 == {"cached": 0, "tokenized": len(set(texts))}
    assert one[0].startswith("Đề_nghị sửa_chữa")


def test_chunks_spread_work_over_workers():
    assert vi_text.chunk_size(100_000, 2) == 256
    assert vi_text.chunk_size(2_000, 2) == 125  # 16 tasks for 2 workers
    assert vi_text.chunk_size(100, 2) == 32


def test_all_caps_text_is_sentence_cased_first():
    assert vi_text.tokenize("ĐỀ NGHỊ SỬA ĐƯỜNG") == vi_text.tokenize("Đề nghị sửa đường")
