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


# --------------------------------------------------------------- bundled seed tokens
def test_bundled_tokens_cover_every_training_text():
    """Editing the seed corpus or the default taxonomy without rebuilding the file fails here."""
    from pipeline import training

    built_with, table = vi_text.read_bundled()
    assert built_with, "pipeline/data/seed_tokens.tsv is missing or has no header"
    missing = [t for t in training.bundled_texts() if vi_text.text_digest(t) not in table]
    assert not missing, (f"{len(missing)} training texts have no bundled tokens, e.g. {missing[:2]}; "
                         "run: python -m pipeline.training --build-seed-tokens")


def _bundled_usable():
    built_with, _ = vi_text.read_bundled()
    if built_with != vi_text.underthesea_version():
        pytest.skip(f"bundled tokens were built with underthesea {built_with}: not used with this version")


def test_bundled_tokens_equal_underthesea_output():
    _bundled_usable()
    from pipeline import training

    texts = training.bundled_texts()
    sample = texts[:: max(1, len(texts) // 40)]
    table = vi_text.bundled_tokens()
    assert [table[vi_text.text_digest(t)] for t in sample] == [vi_text.tokenize(t) for t in sample]


def test_bundled_texts_are_not_tokenized_again(tmp_path, monkeypatch):
    _bundled_usable()
    from pipeline import training

    seed = training.bundled_texts()[:50]
    calls = []
    real = vi_text._tokenize_chunk
    monkeypatch.setattr(vi_text, "_tokenize_chunk", lambda texts: calls.append(list(texts)) or real(texts))
    tokens, stats = vi_text.tokenize_many(seed + [TEXTS[0]], cache_dir=tmp_path, jobs=1)
    assert calls == [[TEXTS[0]]]  # only the text that is not bundled reached underthesea
    assert stats == {"cached": 50, "tokenized": 1}
    assert tokens[:50] == [vi_text.bundled_tokens()[vi_text.text_digest(t)] for t in seed]


def test_bundled_tokens_of_another_version_are_ignored(tmp_path, monkeypatch):
    fake = tmp_path / "seed_tokens.tsv"
    vi_text.write_bundled([TEXTS[0]], ["sai"], fake)
    fake.write_text(fake.read_text(encoding="utf-8").replace(vi_text.underthesea_version(), "0.0.1"),
                    encoding="utf-8")
    monkeypatch.setattr(vi_text, "BUNDLED_TOKENS", fake)
    monkeypatch.setattr(vi_text, "_bundled", None)
    tokens, stats = vi_text.tokenize_many([TEXTS[0]], cache_dir=None, jobs=1)
    assert tokens == [vi_text.tokenize(TEXTS[0])] != ["sai"]
    assert stats["tokenized"] == 1
    # and with the right version the (deliberately wrong) shipped tokens are what comes back
    vi_text.write_bundled([TEXTS[0]], ["sai"], fake)
    monkeypatch.setattr(vi_text, "_bundled", None)
    assert vi_text.tokenize_many([TEXTS[0]], cache_dir=None, jobs=1)[0] == ["sai"]


@pytest.mark.parametrize("damage", ["garbage", "truncated_sqlite"])
def test_a_damaged_token_cache_is_rebuilt(tmp_path, damage):
    """A broken tokens.sqlite never stops a run: it is replaced by a working cache, and said."""
    path = tmp_path / "tokens.sqlite"
    texts = ["Cử tri đề nghị sửa chữa đường liên xã.", "Đề nghị tăng phụ cấp cho y tế thôn bản."]
    vi_text.tokenize_many(texts, cache_dir=tmp_path)
    data = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(bytes(range(256)) * 64)
    else:  # a real SQLite header with its pages cut away and overwritten
        path.write_bytes(data[:100] + b"\x00\xff" * 3000)
    for side in ("-wal", "-shm"):
        path.with_name(path.name + side).unlink(missing_ok=True)
    tokens, stats = vi_text.tokenize_many(texts, cache_dir=tmp_path)
    assert tokens == [vi_text.tokenize(t) for t in texts]
    assert stats["cache_rebuilt"] == str(path)
    again, stats = vi_text.tokenize_many(texts, cache_dir=tmp_path)  # the new cache works
    assert again == tokens and stats == {"cached": 2, "tokenized": 0}
