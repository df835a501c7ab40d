"""The Python CRF featurizer gives underthesea_core's features, and segmentation stays word_tokenize's.

Every comparison here runs the real underthesea: its regex tokenizer, its Rust
featurizer as the reference, its model and tagger.
"""

from __future__ import annotations

import functools
import random
import re
import unicodedata

import pytest

from pipeline import vi_text
from pipeline.fast import crf_features, tokenizer
from pipeline.fast.crf_features import CrfFeaturizer

from conftest import ROOT


@pytest.fixture(scope="module")
def underthesea_parts():
    """(word_tokenize, regex tokenizer, Rust featurizer, Python featurizer) of the installed model."""
    import joblib
    import underthesea.pipeline.word_tokenize as wt
    from underthesea import word_tokenize
    from underthesea.pipeline.word_tokenize.regex_tokenize import tokenize as syllables

    word_tokenize("Khởi động", format="text")
    model_dir = vi_text.model_dir()
    templates = joblib.load(model_dir / "features.bin")
    dictionary = joblib.load(model_dir / "dictionary.bin")
    rust = wt.word_tokenize_model.featurizer
    return word_tokenize, syllables, (lambda tokens: rust.process([[[t] for t in tokens]])[0]), CrfFeaturizer(
        templates, dictionary)


@functools.lru_cache(maxsize=1)
def _minutes_texts() -> tuple[str, ...]:
    """Texts written for cutri: the training corpus, the sample round's pools and generated variants."""
    import sys

    from pipeline import training

    if str(ROOT / "benchmarks") not in sys.path:
        sys.path.insert(0, str(ROOT / "benchmarks"))
    import synth

    texts = list(training.bundled_texts())
    rng = random.Random(7)
    pool = [t for _, _, _, t in synth._templates()]
    units = synth.SR._make_units(40, rng)
    texts += [synth.make_text(rng.choice(pool), rng.choice(units), rng) for _ in range(600)]
    return tuple(texts)


def test_features_equal_underthesea_core_on_minutes(underthesea_parts):
    _, syllables, rust, fast = underthesea_parts
    texts = _minutes_texts()
    accepted = 0
    for text in texts:
        for variant in (text, vi_text.sentence_case(text.upper())):
            tokens = syllables(variant, use_token_normalize=True, fixed_words=[])
            if fast.accepts(tokens):
                accepted += 1
                assert fast.process(tokens) == rust(tokens), variant
    assert accepted >= 0.99 * 2 * len(texts)  # the Python path is the one that runs


def test_every_safe_character_gets_the_same_features(underthesea_parts):
    _, _, rust, fast = underthesea_parts
    ranges = re.findall(r"(.)(?:-(.))?", crf_features._SAFE)
    chars = [chr(c) for a, b in ranges for c in range(ord(a), ord(b or a) + 1)]
    chars = [c for c in chars if unicodedata.category(c) != "Cn"]
    assert len(chars) > 600 and "ư" in chars and "Ỹ" in chars
    for i in range(0, len(chars), 50):
        part = chars[i : i + 50]
        # each character alone, leading a word, inside a word, and upper-cased
        tokens = part + [c + "a" for c in part] + ["A" + c for c in part]
        assert fast.accepts(tokens)
        tokens += [c.upper() for c in part if fast.accepts([c.upper()])]  # "µ".upper() is Greek
        assert fast.process(tokens) == rust(tokens)


def test_integers_follow_rusts_i32_parsing(underthesea_parts):
    _, _, rust, fast = underthesea_parts
    tokens = ["+12", "-7", "007", "0", "2147483647", "2147483648", "-2147483648", "-2147483649",
              "1.5", "1,5", "12a", "+", "-", "--1", "1e3", "99999999999999999999"]
    assert fast.process(tokens) == rust(tokens)
    isdigit = [row[22] for row in fast.process(tokens)]  # T[0].isdigit
    assert isdigit[:3] == ["T[0].isdigit=True"] * 3 and isdigit[5] == "T[0].isdigit=False"


@pytest.mark.parametrize("n", range(0, 7))
def test_sentence_edges_at_every_length(underthesea_parts, n):
    _, _, rust, fast = underthesea_parts
    tokens = ["Cử", "tri", "xã", "Tân", "Phú", "đề", "nghị"][:n]
    assert fast.process(tokens) == rust(tokens)
    if n:
        assert fast.process(tokens)[0][0] == "T[-2]=BOS" and fast.process(tokens)[-1][4] == "T[2]=EOS"


def test_refuses_tokens_whose_features_it_cannot_promise():
    assert CrfFeaturizer.accepts(["Cử", "tri", "2024", "“đề", "nghị”", "…"])
    assert not CrfFeaturizer.accepts(["ΣΑΣ"])  # Greek: context-dependent lower case
    assert not CrfFeaturizer.accepts(["tp", "hồ chí minh"])  # a token with a space
    assert not CrfFeaturizer.accepts(["a", ""])
    assert not CrfFeaturizer.accepts(["😀"])


def test_unsupported_templates_are_refused():
    for template in ("T[0][1]", "T[0].isupper", "W[0]", "T[1,0]"):
        with pytest.raises(ValueError):
            CrfFeaturizer([template], set())


def test_segmentation_equals_word_tokenize(underthesea_parts):
    word_tokenize = underthesea_parts[0]
    segment = tokenizer.word_tokenize_fast(word_tokenize, vi_text.model_dir())
    assert segment is not None, "the Python featurizer was not taken into use"
    texts = list(_minutes_texts()[::3]) + [
        "Đề nghị hỗ trợ 50% chi phí; liên hệ qua email ubnd@tanphu.gov.vn hoặc 0912.345.678.",
        "Cử tri phản ánh: giá điện tăng 8,36% từ 11/10/2024 – đề nghị xem xét lại.",
        "Σχόλιο 😀 ΣΑΣ trộn chữ Hy Lạp và biểu tượng",  # refused tokens: underthesea's featurizer
        unicodedata.normalize("NFD", "Đề nghị sửa chữa trường học xuống cấp."),
        "   ",
        "TP. Hồ Chí Minh, ngày 15 tháng 3 năm 2025",
        # what underthesea's regular expression treats specially: urls, e-mail, phones, dates,
        # abbreviations, names, numbers, emoji, hyphenated words, symbols
        "Xem https://dichvucong.gov.vn/p/home?x=1&y=2 hoặc www.quochoi.vn/tiep-xuc-cu-tri.",
        "Gửi ý kiến tới hopthu@hdnd.tinh.vn, ĐT (0210) 3.852.123 hoặc +84 912 345 678.",
        "Các ngày 01/02/2025, 1-2-2025, 2025-02-01 và lúc 14:30, 7h30 sáng.",
        "TP.HCM, Tp. Hà Nội, v.v... các đ/c UBND, HĐND, THPT; Mr. Smith và e.g. A.B.C.",
        "Giá 1.234.567,89 đồng; 3,5%; -12; +7; 1/2; 10^6; x=y; a<b>c; 5°C; ~20 km²; §3.",
        "Thật tuyệt :) :-( <3 😀👍 — đề nghị “giữ nguyên” ‘như cũ’… (…) [xem] {x} | # @ & * \\ /",
        "Công-đoàn cơ-sở, e-mail, COVID-19, F0, 5G, Wi-Fi, A/B, hs-cs, bán_trú, 2020-2025.",
    ]
    assert [segment(t) for t in texts] == [word_tokenize(t, format="text") for t in texts]


def test_a_featurizer_that_disagrees_is_not_used(underthesea_parts, monkeypatch):
    """The self-check at load time catches a featurizer that differs from underthesea's."""
    word_tokenize = underthesea_parts[0]
    real = CrfFeaturizer.process
    monkeypatch.setattr(CrfFeaturizer, "process", lambda self, tokens: [row[:12] for row in real(self, tokens)])
    # without the lower-case, dictionary and shape features some check sentence segments differently
    assert tokenizer.word_tokenize_fast(word_tokenize, vi_text.model_dir()) is None


def test_model_files_read_without_joblib_equal_joblibs_reading(underthesea_parts, tmp_path):
    import joblib

    model_dir = vi_text.model_dir()
    for name in ("features.bin", "dictionary.bin"):
        assert tokenizer.load_pickle(model_dir / name) == joblib.load(model_dir / name)
    # a compressed joblib file is not a plain pickle: joblib's reader takes over
    joblib.dump({"ĐT.741", "cử tri"}, tmp_path / "z.bin", compress=3)
    assert tokenizer.load_pickle(tmp_path / "z.bin") == {"ĐT.741", "cử tri"}


# ---------------------------------------------------------------- features the model does not know
@pytest.fixture(scope="module")
def model_attributes():
    return crf_features.crfsuite_attributes((vi_text.model_dir() / "models.bin").read_bytes())


def test_attribute_list_is_what_the_tagger_knows(underthesea_parts, model_attributes):
    """Every feature left out is one the tagger gives no weight; the kept ones mostly carry weight."""
    import underthesea.pipeline.word_tokenize as wt

    _, syllables, rust, _ = underthesea_parts
    tagger = wt.word_tokenize_model.estimator
    known = set(model_attributes)
    assert len(known) == len(model_attributes) > 10_000
    seen = {f for text in _minutes_texts()[:300] for row in rust(syllables(text)) for f in row}
    unknown, kept = sorted(seen - known), sorted(seen & known)
    assert len(unknown) > 1000 and len(kept) > 1000

    def weightless(feature):
        return tagger.tag_with_score([[feature]])[1] == 0.0 and tagger.marginals([[feature]]) == [[0.5, 0.5]]

    assert all(weightless(f) for f in unknown)
    assert sum(not weightless(f) for f in kept) > 0.9 * len(kept)


def test_left_out_features_change_no_tag(underthesea_parts, model_attributes):
    import joblib
    import underthesea.pipeline.word_tokenize as wt

    _, syllables, rust, full = underthesea_parts
    model_dir = vi_text.model_dir()
    pruned = CrfFeaturizer(joblib.load(model_dir / "features.bin"), joblib.load(model_dir / "dictionary.bin"),
                           model_attributes)
    tag = wt.word_tokenize_model.estimator.tag
    known = set(model_attributes)
    fewer = 0
    for text in _minutes_texts()[::2]:
        tokens = syllables(text)
        if not pruned.accepts(tokens):
            continue
        rows = pruned.process(tokens)
        assert rows == [[f for f in row if f in known] for row in rust(tokens)]  # same order, only known
        assert tag(rows) == tag(full.process(tokens))
        fewer += sum(len(r) for r in rows) < 43 * len(tokens)
    assert fewer > 100


def test_attribute_reader_refuses_what_is_not_a_crfsuite_model(model_attributes):
    data = (vi_text.model_dir() / "models.bin").read_bytes()
    for bad in (b"", b"lCRF" + b"\0" * 60, data[:4] + data[4:8] + b"XXXX" + data[12:], data[: len(data) // 2]):
        with pytest.raises(ValueError):
            crf_features.crfsuite_attributes(bad)
    # one attribute id changed: the record no longer matches its place in the backward array
    import struct

    off_attrs = struct.unpack_from("<I", data, 36)[0]
    bwd_offset = struct.unpack_from("<I", data, off_attrs + 20)[0]
    first = struct.unpack_from("<I", data, off_attrs + bwd_offset)[0]
    broken = bytearray(data)
    struct.pack_into("<I", broken, off_attrs + first, 7)
    with pytest.raises(ValueError):
        crf_features.crfsuite_attributes(bytes(broken))


def test_unverified_library_versions_fall_back_to_word_tokenize(underthesea_parts):
    """A speed-up verified on other versions is not used: the caller gets None."""
    word_tokenize = underthesea_parts[0]
    assert tokenizer.word_tokenize_fast(word_tokenize, vi_text.model_dir(),
                                        verified={"underthesea": ("0.0.1",)}) is None
    assert tokenizer.word_tokenize_fast(word_tokenize, vi_text.model_dir(),
                                        verified={"no-such-distribution-cutri": ("1",)}) is None


def test_switch_off_runs_plain_word_tokenize(underthesea_parts, monkeypatch):
    """CUTRI_FAST=0: vi_text segments with word_tokenize itself, and gives the same tokens."""
    from pipeline import fast

    texts = ["Cử tri thôn Đông đề nghị nâng cấp đường giao thông nông thôn.",
             "ĐỀ NGHỊ TĂNG PHỤ CẤP CHO CÁN BỘ KHÔNG CHUYÊN TRÁCH."]
    monkeypatch.setattr(vi_text, "_segment", None)
    monkeypatch.setenv("CUTRI_FAST", "0")
    assert not fast.enabled()
    plain = [vi_text.tokenize(t) for t in texts]
    assert vi_text._segment.__name__ == "<lambda>"  # word_tokenize itself, not the fast segmenter
    monkeypatch.setattr(vi_text, "_segment", None)
    monkeypatch.setenv("CUTRI_FAST", "1")
    fast_tokens = [vi_text.tokenize(t) for t in texts]
    assert vi_text._segment.__name__ == "segment"
    assert fast_tokens == plain
