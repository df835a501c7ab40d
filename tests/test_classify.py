"""Sector and authority classifier: real underthesea tokens, real scikit-learn fits."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pipeline import classify, training, vi_text
from pipeline import schemas as S
from pipeline.config import Config


def _tokens(texts, cfg):
    tokens, _ = vi_text.tokenize_many(list(texts), cache_dir=cfg.cache_path(), jobs=1)
    return tokens


@pytest.fixture(scope="module")
def cfg():
    return Config()


@pytest.fixture(scope="module")
def seed_train(cfg):
    """The full training set (seed corpus + taxonomy examples), tokenized."""
    train = training.training_set(cfg)
    return train.assign(tokens=_tokens(train["text"], cfg))


@pytest.fixture(scope="module")
def small_train(seed_train):
    """25 rows per sector: enough to fit, fast to refit several times."""
    rows = seed_train[seed_train["origin"] == "seed"]
    return rows.groupby("sector", group_keys=False).head(25).reset_index(drop=True)


@pytest.fixture(scope="module")
def model(seed_train, cfg, tmp_path_factory):
    return classify.fit_model(seed_train, cfg, cache_dir=tmp_path_factory.mktemp("models"))


def _items(texts, cfg):
    return pd.DataFrame({S.ITEM_ID: [f"R{i}" for i in range(len(texts))], S.TEXT: texts,
                         S.TOKENS: _tokens(texts, cfg)})


PROBES = [
    "Cử tri đề nghị UBND tỉnh quan tâm đầu tư nâng cấp tuyến đường liên xã bị xuống cấp, nhiều ổ gà.",
    "Đề nghị bố trí bác sĩ cho trạm y tế xã và bảo đảm đủ thuốc BHYT cho người bệnh.",
    "Đề nghị sửa chữa phòng học xuống cấp và bổ sung giáo viên cho điểm trường thôn.",
    "Cử tri phản ánh điện yếu, thường xuyên mất điện; đề nghị ngành điện nâng cấp trạm biến áp.",
    "Đề nghị đẩy nhanh cấp giấy chứng nhận quyền sử dụng đất cho các hộ đã kê khai.",
    "Kiến nghị kiên cố hóa kênh mương nội đồng để chủ động nước tưới cho lúa.",
]


def test_schema_of_classified_items(model, cfg):
    out = classify.classify_items(_items(PROBES, cfg), model, cfg)
    for col in ("sector", "sector_label", "sector_confidence", "sector_alt", "authority",
                "authority_confidence", "needs_review"):
        assert col in out.columns
    assert set(out["sector"]) <= set(cfg.taxonomy.slugs)
    assert (out["sector"] != out["sector_alt"]).all()
    assert out["sector_confidence"].between(0, 1).all()
    assert out["authority"].isin(S.AUTHORITIES).all()
    assert out["sector_label"].tolist() == [cfg.taxonomy.label(s) for s in out["sector"]]
    # obvious cases of six different sectors
    assert out["sector"].tolist() == [
        "giao_thong", "y_te", "giao_duc", "cong_thuong", "dat_dai_moi_truong", "nong_nghiep",
    ]


def test_classify_items_does_not_change_its_input(model, cfg):
    items = _items(PROBES[:2], cfg)
    before = items.copy()
    classify.classify_items(items, model, cfg)
    pd.testing.assert_frame_equal(items, before)


def test_same_training_gives_same_predictions(small_train, cfg):
    items = _items(PROBES, cfg)
    a = classify.classify_items(items, classify.fit_model(small_train, cfg, cache_dir=None), cfg)
    # same rows in another order: the training set is sorted, so the fit is the same
    shuffled = small_train.sample(frac=1.0, random_state=1)
    b = classify.classify_items(items, classify.fit_model(shuffled.sort_values("text"), cfg, cache_dir=None), cfg)
    pd.testing.assert_frame_equal(a, b)


def test_model_cache_is_keyed_by_training_data(small_train, cfg, tmp_path):
    first = classify.fit_model(small_train, cfg, cache_dir=tmp_path)
    files = sorted((tmp_path / "models").glob("model-*.pkl"))
    assert [f.name for f in files] == [f"model-{first.key}.pkl"]
    again = classify.fit_model(small_train, cfg, cache_dir=tmp_path)
    assert again.key == first.key
    assert len(list((tmp_path / "models").glob("model-*.pkl"))) == 1

    # one changed label → another key → a new fit stored beside the old one
    relabelled = small_train.copy()
    i = relabelled.index[0]
    relabelled.loc[i, "sector"] = "khac" if relabelled.loc[i, "sector"] != "khac" else "y_te"
    third = classify.fit_model(relabelled, cfg, cache_dir=tmp_path)
    assert third.key != first.key
    assert len(list((tmp_path / "models").glob("model-*.pkl"))) == 2

    # a setting that changes the fit also changes the key
    other = cfg.replace(classify={"C": cfg.classify.C * 2})
    assert classify.training_key(small_train, other) != first.key


def test_broken_cache_entry_is_refitted(small_train, cfg, tmp_path):
    key = classify.training_key(small_train.reset_index(drop=True), cfg)
    path = tmp_path / "models" / f"model-{key}.pkl"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a pickle")
    model = classify.fit_model(small_train, cfg, cache_dir=tmp_path)
    assert model.key == key and path.stat().st_size > 100


@pytest.mark.parametrize("text", [
    "Đề nghị Quốc hội sửa đổi Luật Đất đai về điều kiện tách thửa đất ở nông thôn.",
    "Cử tri kiến nghị Chính phủ nâng mức trợ cấp cho người có công với cách mạng.",
    "Đề nghị Bộ Y tế bảo đảm cung ứng đủ vắc xin tiêm chủng mở rộng.",
    "Đề nghị sửa đổi Nghị định 178/2024/NĐ-CP để cán bộ thôn dôi dư được hưởng chính sách.",
    "Kiến nghị ban hành Thông tư hướng dẫn chế độ phụ cấp cho dân quân thường trực.",
    "Đề nghị các đại biểu Quốc hội phản ánh việc giá phân bón tăng cao.",
    "Cử tri đề nghị Đoàn ĐBQH tỉnh tiếp tục theo dõi việc chi trả chế độ cho cán bộ xã nghỉ việc.",
])
def test_explicit_cues_settle_central_authority(text, model, cfg):
    out = classify.classify_items(_items([text], cfg), model, cfg)
    assert out.loc[0, "authority"] == S.CENTRAL
    assert out.loc[0, "authority_source"] == S.SOURCE_RULE
    assert out.loc[0, "authority_confidence"] == 1.0


def test_request_addressed_to_a_local_body_is_local_by_rule(model, cfg):
    texts = ["Đề nghị UBND xã sửa chữa cống thoát nước bị vỡ tại tổ dân phố số 3.",
             "Đề nghị tỉnh sớm bố trí kinh phí nâng cấp trạm y tế xã Hòa Bình.",
             "Thành phố nên mở thêm tuyến xe buýt đến khu công nghiệp phía Bắc."]
    out = classify.classify_items(_items(texts, cfg), model, cfg)
    assert out["authority_source"].tolist() == [S.SOURCE_RULE] * 3
    assert out["authority"].tolist() == [S.LOCAL] * 3


def test_central_cue_wins_over_a_local_address(model, cfg):
    text = "Đề nghị tỉnh kiến nghị Chính phủ sửa đổi Nghị định 178 về chính sách tinh giản biên chế."
    out = classify.classify_items(_items([text], cfg), model, cfg)
    assert out.loc[0, "authority"] == S.CENTRAL
    assert out.loc[0, "authority_source"] == S.SOURCE_RULE


def test_matter_without_cue_is_left_to_the_model(model, cfg):
    text = "Cống thoát nước tại tổ dân phố số 3 bị vỡ, nước tràn vào nhà dân mỗi khi mưa."
    out = classify.classify_items(_items([text], cfg), model, cfg)
    assert out.loc[0, "authority_source"] == S.SOURCE_MODEL
    assert out.loc[0, "authority"] == S.LOCAL


def test_review_thresholds_from_config_change_the_flagged_share(model, cfg, seed_train):
    texts = seed_train[seed_train["origin"] == "seed"].groupby("sector").head(6)["text"].tolist()
    items = _items(texts, cfg)

    def share(**kw):
        c = cfg.replace(classify=kw)
        return classify.classify_items(items, model, c)["needs_review"].mean()

    assert share(min_confidence=0.0, min_margin=0.0, authority_min_confidence=0.0) == 0.0
    assert share(min_confidence=1.01, min_margin=0.0, authority_min_confidence=0.0) == 1.0
    low = share(min_confidence=0.3, min_margin=0.05, authority_min_confidence=0.5)
    high = share(min_confidence=0.8, min_margin=0.3, authority_min_confidence=0.9)
    assert low < high
    # the margin alone flags items too
    assert share(min_confidence=0.0, min_margin=0.5, authority_min_confidence=0.0) > 0.0


def test_held_out_split_of_the_seed_corpus(seed_train, cfg):
    """Sanity bound: a model fitted on 80% of the seed corpus gets most of the rest right."""
    from sklearn.model_selection import train_test_split

    seed = seed_train[seed_train["origin"] == "seed"].reset_index(drop=True)
    tr, te = train_test_split(seed, test_size=0.2, stratify=seed["sector"], random_state=cfg.run.seed)
    fitted = classify.fit_model(tr, cfg, cache_dir=None)
    test = te.rename(columns={"text": S.TEXT, "tokens": S.TOKENS}).reset_index(drop=True)
    pred = classify.classify_items(test, fitted, cfg)
    m = classify.score(te.reset_index(drop=True), pred, cfg.taxonomy.slugs)
    assert m["sector_accuracy"] >= 0.70, m["sector_accuracy"]
    assert m["sector_macro_f1"] >= 0.68, m["sector_macro_f1"]
    assert m["authority_accuracy"] >= 0.80, m["authority_accuracy"]
    # flagged items are the uncertain ones: the unflagged part is more accurate than the whole
    assert 0.0 < m["review_share"] < 1.0
    assert m["unflagged_sector_accuracy"] > m["sector_accuracy"]


def test_keyword_cues_count_sector_keywords():
    cues = classify.KeywordCues((("y_te", ("trạm y tế", "BHYT")), ("giao_thong", ("quốc lộ",)), ("khac", ()))).fit(None)
    x = cues.transform(pd.Series(["Cấp thẻ BHYT tại Trạm Y tế xã", "Sửa quốc lộ 3", "Không liên quan"])).toarray()
    assert x.shape == (3, 3)
    assert x[0, 0] == pytest.approx(np.log1p(2)) and x[0, 1] == 0
    assert x[1, 1] == pytest.approx(np.log1p(1)) and x[1, 0] == 0
    assert not x[2].any() and not x[:, 2].any()


def test_keyword_cues_match_every_keyword_run_of_words(cfg, seed_train):
    """Overlapping and nested keywords all count: the same as checking each keyword's words directly."""
    table = classify._keyword_table(cfg.taxonomy)
    cues = classify.KeywordCues(table).fit(None)
    texts = seed_train["text"].iloc[::5].tolist() + [
        "Đề nghị cấp giấy chứng nhận quyền sử dụng đất, đất ở và đất nông nghiệp",
        "bảo hiểm y tế bảo hiểm xã hội trạm y tế xã",
    ]
    got = cues.transform(pd.Series(texts)).toarray()
    want = np.zeros_like(got)
    for i, text in enumerate(texts):
        words = classify._WORD.findall(classify._fold(text))
        runs = {" ".join(words[a:b]) for a in range(len(words)) for b in range(a + 1, len(words) + 1)}
        for j, (_, kws) in enumerate(table):
            keys = {" ".join(classify._WORD.findall(classify._fold(k))) for k in kws} - {""}
            want[i, j] = np.log1p(len(keys & runs))
    assert np.array_equal(got, want)
    assert (got > 0).sum() > len(texts)  # keywords were found, several per text on average


def test_score_counts_alt_and_unflagged():
    gold = pd.DataFrame({"sector": ["y_te", "giao_duc", "giao_thong", "y_te"],
                         "sector_alt": ["", "van_hoa_the_thao_du_lich", "", ""],
                         "authority": [S.LOCAL, S.LOCAL, S.CENTRAL, ""]})
    pred = pd.DataFrame({"sector": ["y_te", "van_hoa_the_thao_du_lich", "giao_thong", "giao_duc"],
                         "authority": [S.LOCAL, S.CENTRAL, S.CENTRAL, S.LOCAL],
                         "needs_review": [False, True, False, True]})
    m = classify.score(gold, pred, Config().taxonomy.slugs)
    assert m["sector_accuracy"] == 0.5
    assert m["sector_accuracy_with_alt"] == 0.75
    assert m["authority_accuracy"] == pytest.approx(2 / 3)  # the row without authority is not counted
    assert m["review_share"] == 0.5
    assert m["unflagged_sector_accuracy"] == 1.0


def test_unknown_model_setting_is_a_config_error(small_train, cfg):
    from pipeline.errors import ConfigError

    with pytest.raises(ConfigError, match="model: 'rf' không hợp lệ"):
        classify.fit_model(small_train, cfg.replace(classify={"model": "rf"}), cache_dir=None)


def test_parallel_batched_prediction_equals_one_batch(model, cfg, seed_train, monkeypatch):
    """Batches predicted in forked workers give exactly the one-batch, one-process result."""
    rows = seed_train.iloc[::50].head(35).reset_index(drop=True)  # 35 varied texts
    items = pd.DataFrame({S.ITEM_ID: [f"R{i}" for i in range(len(rows))], S.TEXT: rows["text"],
                          S.TOKENS: rows["tokens"]})
    whole = classify.classify_items(items, model, cfg)
    monkeypatch.setattr(classify, "PREDICT_BATCH", 8)
    calls = []
    real = classify.Model.predict_proba
    monkeypatch.setattr(classify.Model, "predict_proba", lambda self, f: calls.append(len(f)) or real(self, f))
    serial = classify.classify_items(items, model, cfg, jobs=1)
    assert calls == [7, 7, 7, 7, 7]  # five batches of at most 8, of equal sizes
    meanwhile = []
    parallel = classify.classify_items(items, model, cfg, jobs=2, meanwhile=lambda: meanwhile.append(len(calls)))
    assert len(calls) == 5  # the parallel batches ran in the forked workers, not here
    assert meanwhile == [5]  # other work ran here once, while they predicted
    serial_meanwhile = classify.classify_items(items, model, cfg, jobs=1, meanwhile=lambda: meanwhile.append(len(calls)))
    assert meanwhile == [5, 5] and len(calls) == 10  # one process: first the other work, then the batches
    pd.testing.assert_frame_equal(serial_meanwhile, whole)
    classify.classify_items(items.iloc[0:0], model, cfg, jobs=2, meanwhile=lambda: meanwhile.append(-1))
    assert meanwhile == [5, 5, -1]
    pd.testing.assert_frame_equal(serial, whole)
    pd.testing.assert_frame_equal(parallel, whole)


@pytest.mark.parametrize("n", [0, 1, 7, 499, 1000, 1001, 4999, 5000, 5001, 16320, 200_000])
@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_batch_bounds_cover_the_rows_in_even_batches(n, jobs):
    bounds = classify.batch_bounds(n, jobs)
    if n == 0:
        assert bounds == []
        return
    assert [a for a, _ in bounds] == [0] + [b for _, b in bounds[:-1]] and bounds[-1][1] == n
    sizes = [b - a for a, b in bounds]
    assert all(0 < s <= classify.PREDICT_BATCH for s in sizes)
    assert not sizes or max(sizes) - min(sizes) <= 1
    if jobs > 1 and n >= jobs * classify._MIN_PARALLEL_BATCH:
        assert len(bounds) % jobs == 0  # every process gets the same share
    if jobs == 1:
        assert len(bounds) == -(-n // classify.PREDICT_BATCH)


def test_repeated_texts_are_predicted_once_with_the_same_result(model, cfg, monkeypatch):
    """The same request from several units costs one prediction and gets the labels it has alone."""
    order = [0, 1, 0, 2, 1, 0, 3, 4, 5, 3]
    items = _items([PROBES[i] for i in order], cfg)
    alone = pd.concat([classify.classify_items(items.iloc[[i]], model, cfg) for i in range(len(items))])
    sizes = []
    real = classify.Model.predict_proba
    monkeypatch.setattr(classify.Model, "predict_proba", lambda self, f: sizes.append(len(f)) or real(self, f))
    together = classify.classify_items(items, model, cfg)
    assert sizes == [len(set(order))]
    pd.testing.assert_frame_equal(together, alone)


@pytest.mark.parametrize("params", [
    dict(ngram_range=(2, 5), sublinear_tf=True, min_df=2, max_features=200_000),
    dict(ngram_range=(1, 3), max_df=0.5, norm="l1", smooth_idf=False),
    dict(ngram_range=(3, 3), max_features=500, use_idf=False, lowercase=False),
])
def test_char_ngram_fit_is_exactly_scikit_learns(seed_train, params):
    """Fitting CharWbTfidf gives scikit-learn's vocabulary, IDF and matrix bit for bit."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from pipeline.fast.char_wb import CharWbTfidf

    texts = ["", "Đề  nghị\tsửa\u00a0đường\n\nliên xã", "a", "bb bb bb", "ﬁ ǅ İ ß", "x" * 300]
    texts += seed_train["text"].iloc[::3].tolist()
    stock, fast = TfidfVectorizer(analyzer="char_wb", **params), CharWbTfidf(analyzer="char_wb", **params)
    a, b = stock.fit_transform(texts), fast.fit_transform(texts)
    assert fast.vocabulary_ == stock.vocabulary_ and len(fast.vocabulary_) > 400
    assert list(fast.vocabulary_) == list(stock.vocabulary_)  # the same order, too
    if params.get("use_idf", True):
        assert np.array_equal(fast.idf_, stock.idf_)
    assert type(a) is type(b) and a.shape == b.shape
    for attr in ("indptr", "indices", "data"):
        x, y = getattr(a, attr), getattr(b, attr)
        assert x.dtype == y.dtype and np.array_equal(x, y), attr
    with pytest.raises(ValueError, match="empty vocabulary"):
        CharWbTfidf(analyzer="char_wb").fit(["", "  "])


def test_char_ngram_transform_is_exactly_scikit_learns(seed_train, cfg):
    """CharWbTfidf (one distinct word at a time) gives scikit-learn's char_wb TF-IDF matrix bit for bit."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from pipeline.fast.char_wb import CharWbTfidf

    params = dict(analyzer="char_wb", preprocessor=classify._lower, ngram_range=(2, 5), sublinear_tf=True,
                  min_df=2, max_features=200_000)
    fit_texts = seed_train["text"].tolist()
    odd = ["", " ", "Đề  nghị\tsửa\u00a0đường\n\nliên xã", "ĐỀ NGHỊ NÂNG CẤP QL.1A (km 12+300)", "a", "bb bb bb",
           "Cầu tràn Khe Thuyền; cầu tràn Khe Thuyền; CẦU TRÀN", "x" * 300, "12/2026 – 3.500.000 đồng/ha", "ﬁ ǅ İ ß"]
    docs = odd + seed_train["text"].iloc[::7].tolist()
    stock = TfidfVectorizer(**params).fit(fit_texts)
    fast = CharWbTfidf(**params).fit(fit_texts)
    assert fast.vocabulary_ == stock.vocabulary_
    a, b = stock.transform(docs), fast.transform(docs)
    assert type(a) is type(b) and a.shape == b.shape
    for attr in ("indptr", "indices", "data"):
        x, y = getattr(a, attr), getattr(b, attr)
        assert x.dtype == y.dtype and np.array_equal(x, y), attr
    assert b.nnz > 10 * len(docs)  # a real matrix, not an empty one
    with pytest.raises(ValueError):
        fast.transform([np.nan])  # the same input checks as scikit-learn


def test_sector_hint_from_a_report_heading_decides_the_sector(model, cfg):
    texts = ["Đề nghị sớm nâng cấp tuyến đường liên xã Minh Tân đi Yên Lạc đã xuống cấp.",
             "Đề nghị sớm nâng cấp tuyến đường liên xã Minh Tân đi Yên Lạc đã xuống cấp.",
             "Đề nghị sớm nâng cấp tuyến đường liên xã Minh Tân đi Yên Lạc đã xuống cấp."]
    plain = classify.classify_items(_items(texts[:1], cfg), model, cfg)
    hinted = _items(texts, cfg).assign(sector_hint=["II. Lĩnh vực nông nghiệp, nông thôn mới", "", "Ý kiến khác chung"])
    out = classify.classify_items(hinted, model, cfg)
    assert out.loc[0, "sector"] == "nong_nghiep" and out.loc[0, "sector_source"] == S.SOURCE_RULE
    assert out.loc[0, "sector_alt"] == plain.loc[0, "sector"] != "nong_nghiep"
    assert out.loc[0, "sector_predicted"] == plain.loc[0, "sector"]
    # an empty hint or a heading that names no sector leaves the model's choice
    assert out.loc[1, "sector"] == out.loc[2, "sector"] == plain.loc[0, "sector"]
    assert (out.loc[1:, "sector_source"] == S.SOURCE_MODEL).all()


def test_text_typed_without_diacritics_gets_the_same_sector(model, cfg):
    from pipeline.corrections import fold

    texts = ["Đề nghị cấp thẻ bảo hiểm y tế miễn phí cho người cao tuổi từ 70 tuổi trở lên.",
             "Trường tiểu học thiếu phòng học, học sinh phải học nhờ nhà văn hóa, đề nghị xây thêm phòng học.",
             "Đề nghị nâng cấp tuyến đường huyện bị xuống cấp, nhiều ổ gà gây mất an toàn giao thông."]
    with_marks = classify.classify_items(_items(texts, cfg), model, cfg)
    without = classify.classify_items(_items([fold(t) for t in texts], cfg), model, cfg)
    assert with_marks["sector"].tolist() == ["y_te", "giao_duc", "giao_thong"]
    assert without["sector"].tolist() == with_marks["sector"].tolist()


def test_char_wb_speed_up_is_switched_off_by_cutri_fast_0(monkeypatch):
    """``speed_up`` gives the plain TfidfVectorizer with CUTRI_FAST=0, and a fitted stand-in
    (a model cached by a fast run) counts on scikit-learn's own path under the switch."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from pipeline.fast import char_wb

    plain = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4))
    monkeypatch.setenv("CUTRI_FAST", "1")
    fast = char_wb.speed_up(plain)
    assert type(fast) is char_wb.CharWbTfidf and fast.get_params() == plain.get_params()
    texts = ["Đề nghị nâng cấp đường liên xã", "đường liên thôn xuống cấp"]
    fast.fit(texts)
    monkeypatch.setenv("CUTRI_FAST", "0")
    assert char_wb.speed_up(plain) is plain
    monkeypatch.setattr(char_wb, "_count_by_word", lambda *a: pytest.fail("fast path used under CUTRI_FAST=0"))
    assert fast.transform(texts).nnz == plain.fit_transform(texts).nnz


def test_char_wb_self_check_rejects_a_wrong_count(monkeypatch):
    """The self-check at load compares with scikit-learn: a counter that loses the repeats
    of a word inside a text is caught, and the plain vectorizer is used."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from pipeline.fast import char_wb

    real = char_wb._count_by_word

    def once_per_word(self, docs, fixed):
        return real(self, [" ".join(dict.fromkeys(d.split())) for d in docs], fixed)

    monkeypatch.setattr(char_wb, "_count_by_word", once_per_word)
    char_wb._trusted.cache_clear()
    try:
        assert char_wb._trusted() is False
        plain = TfidfVectorizer(analyzer="char_wb")
        assert char_wb.speed_up(plain) is plain
    finally:
        monkeypatch.undo()
        char_wb._trusted.cache_clear()
    assert char_wb._trusted() is True  # the real counter passes on the verified scikit-learn


def test_error_in_a_forked_prediction_worker_reaches_the_caller(model, cfg, seed_train, monkeypatch):
    rows = seed_train.iloc[::50].head(20).reset_index(drop=True)
    items = pd.DataFrame({S.ITEM_ID: [f"R{i}" for i in range(len(rows))], S.TEXT: rows["text"],
                          S.TOKENS: rows["tokens"]})
    monkeypatch.setattr(classify, "PREDICT_BATCH", 5)

    def broken(self, frame):
        raise RuntimeError("hỏng mô hình")

    monkeypatch.setattr(classify.Model, "predict_proba", broken)
    with pytest.raises(RuntimeError, match="hỏng mô hình"):
        classify.classify_items(items, model, cfg, jobs=2)
