"""Sector and authority classification with a model that learns.

The model: TF-IDF over underthesea word tokens (1–2-grams) and char_wb n-grams
of the lowercased text, weighted per block ([classify] word_weight,
char_weight), fitted once on all training texts and shared by two linear SVMs
calibrated with sigmoid scaling (``CalibratedClassifierCV``): one for the
sector, which also sees the count of each sector's taxonomy keywords found in
the text (``KeywordCues``, keyword_weight), and one for the authority. Sharing
the features means every text is vectorised once, not once per classifier.
It is trained on the seed corpus shipped in ``pipeline/data/seed/`` plus every
labelled row in the user's model store (see ``training.py``); the fitted model
is cached on disk under the hash of its training data and settings, so it is
fitted once per distinct training set. Items are predicted in batches of
``PREDICT_BATCH`` so the feature matrix of a large archive stays small.

Explicit cues (``pipeline/data/authority_cues.toml``) settle the authority:
a request to Quốc hội, Chính phủ or a named ministry, or to amend a law,
decree or circular, is central. The model decides the rest.
"""

from __future__ import annotations

import hashlib
import pickle
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from . import authority
from . import schemas as S
from .config import DATA_DIR, ClassifySettings, Config, Taxonomy

PREDICT_BATCH = 5_000  # items per prediction batch (bounds the feature matrix)
MODEL_FORMAT = 10  # bump when the pipeline's structure changes, to invalidate cached models


def _split_tokens(tokens: str) -> list[str]:
    return tokens.lower().split()


def _lower(text: str) -> str:
    return text.lower()


_VI_MARKED = re.compile(r"[^\x00-\x7f]")


def typed_without_diacritics(text) -> bool:
    """True for a text of at least three words with no letter outside ASCII (no diacritic, no đ)."""
    text = str(text)
    return len(text.split()) >= 3 and _VI_MARKED.search(text) is None


def _folded(text: str) -> str:
    """The text lowercased without diacritics (the project's one fold, ``corrections.fold``)."""
    from .corrections import fold

    return fold(text)


def load_authority_cues(path: Path | None = None) -> list[re.Pattern]:
    from .io import read_toml

    data = read_toml(path or DATA_DIR / "authority_cues.toml", "tệp dấu hiệu thẩm quyền")
    return [re.compile(p) for p in data.get("central", [])]


def central_cue(text: str, cues: list[re.Pattern]) -> str | None:
    """Return the matched cue text when ``text`` explicitly names a central matter."""
    for cue in cues:
        m = cue.search(text)
        if m:
            return m.group(0)
    return None


_WORD = re.compile(r"\w+")


def _fold(text: str) -> str:
    """Lowercase, NFC, single spaces: the form keyword cues are matched on."""
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


class KeywordCues:
    """Per-sector counts of taxonomy keywords found in the text (a small dense block).

    A stateless transformer: ``keywords`` is a tuple of (sector, (keyword, ...)).
    Each output column is log(1 + number of that sector's distinct keywords present).
    """

    def __init__(self, keywords=()):
        self.keywords = keywords

    def fit(self, X, y=None):
        # keyword -> sector columns; a keyword is matched as a whole run of words
        # (\w+ runs of the folded text), so "đất" does not match inside "đất_nước"
        # tokens and "bhyt" does not match inside "bhytx"
        self.index_ = {}
        self.first_ = set()
        self.max_words_ = 1
        for j, (_, kws) in enumerate(self.keywords):
            for k in kws:
                words = tuple(_WORD.findall(_fold(k)))
                if words:
                    self.index_.setdefault(" ".join(words), set()).add(j)
                    self.max_words_ = max(self.max_words_, len(words))
                    self.first_.add(words[0])
        self.n_ = len(self.keywords)
        self.prefixes_ = self._prefixes()
        return self

    def _prefixes(self) -> set[str]:
        """Every keyword's leading runs of words ("quyền", "quyền sử", ...): a longer key can only match after one."""
        out = set()
        for key in self.index_:
            words = key.split(" ")
            out.update(" ".join(words[:k]) for k in range(1, len(words) + 1))
        return out

    def transform(self, X):
        from scipy import sparse

        texts = list(X) if not hasattr(X, "tolist") else X.tolist()
        out = np.zeros((len(texts), self.n_))
        index, span, first = self.index_, self.max_words_, self.first_
        prefixes = getattr(self, "prefixes_", None) or self._prefixes()
        for i, text in enumerate(texts):
            words = _WORD.findall(_fold(str(text)))
            found = set()
            n = len(words)
            for a in range(n):
                if words[a] not in first:
                    continue
                key, b = words[a], a + 1
                while True:  # words[a:b] joined, while it still begins some keyword
                    if key in index:
                        found.add(key)
                    if b >= n or b - a >= span:
                        break
                    key = key + " " + words[b]
                    b += 1
                    if key not in prefixes:
                        break
            for key in found:
                for j in index[key]:
                    out[i, j] += 1
        return sparse.csr_matrix(np.log1p(out))

    def get_params(self, deep=True):
        return {"keywords": self.keywords}

    def set_params(self, **params):
        self.keywords = params.get("keywords", self.keywords)
        return self


def _keyword_table(taxonomy: Taxonomy) -> tuple:
    return tuple((s.slug, tuple(s.keywords)) for s in taxonomy.sectors)


def _features(settings: ClassifySettings):
    """Word 1–2-gram and char_wb TF-IDF blocks, weighted; fitted once, shared by both models."""
    from sklearn.compose import ColumnTransformer
    from sklearn.feature_extraction.text import TfidfVectorizer

    from .fast import char_wb

    words = TfidfVectorizer(
        tokenizer=_split_tokens, preprocessor=None, lowercase=False, token_pattern=None,
        ngram_range=(1, 2), sublinear_tf=True, min_df=1,
    )
    chars = TfidfVectorizer(
        analyzer="char_wb",
        preprocessor=_lower,
        ngram_range=(settings.char_ngram_min, settings.char_ngram_max),
        sublinear_tf=True,
        min_df=2,
        max_features=200_000,
    )
    chars = char_wb.speed_up(chars)  # the same vectorizer, counted one distinct word at a time
    blocks = [("words", words, "tokens"), ("chars", chars, "text")]
    weights = {"words": settings.word_weight, "chars": settings.char_weight}
    return ColumnTransformer(blocks, sparse_threshold=1.0, transformer_weights=weights)


def _classifier(settings: ClassifySettings, seed: int, n_min_class: int, class_weight: str | None = "balanced"):
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import LinearSVC

    if settings.model not in ("svm", "logreg"):
        from .errors import ConfigError

        raise ConfigError(f"[classify] model: '{settings.model}' không hợp lệ (dùng \"svm\" hoặc \"logreg\").")
    if settings.model == "logreg":
        return LogisticRegression(C=settings.C, class_weight=class_weight, max_iter=5_000)
    svm = LinearSVC(C=settings.C, class_weight=class_weight, random_state=seed, max_iter=20_000)
    folds = max(2, min(settings.calibration_folds, n_min_class))
    return CalibratedClassifierCV(svm, method="sigmoid", cv=folds, ensemble=True)


@dataclass
class Model:
    """A fitted pair of classifiers over one shared feature extractor, plus what they were trained on.

    ``features_`` (word and char TF-IDF) is fitted once on every training text and
    feeds both classifiers; the sector classifier also sees the keyword cues block
    (``keywords_``, None when there are no keywords or keyword_weight is 0).
    """

    features_: object
    keywords_: object
    keyword_weight: float
    sector_: object
    authority_: object
    key: str
    n_train: int
    sectors: tuple[str, ...]
    # texts typed without diacritics: a syllable TF-IDF of the folded text and two
    # classifiers fitted on it alone (None when [classify] folded_view is off)
    folded_: object = None
    sector_plain_: object = None
    authority_plain_: object = None
    keywords_plain_: object = None  # the taxonomy keywords folded, counted in the folded text

    def folded_blocks(self, texts: pd.Series):
        """(folded view, folded view with the keyword counts) of texts typed without diacritics."""
        from scipy import sparse

        F = self.folded_.transform(texts).tocsr()
        if self.keywords_plain_ is None:
            return F, F
        kw = self.keywords_plain_.transform(texts.map(_folded)) * self.keyword_weight
        return F, sparse.hstack([F, kw], format="csr")

    def transform(self, frame: pd.DataFrame, base=None):
        """Shared features of ``frame`` (columns text, tokens): (base block, sector block)."""
        from scipy import sparse

        base = self.features_.transform(frame).tocsr() if base is None else base
        if self.keywords_ is None:
            return base, base
        kw = self.keywords_.transform(frame["text"]) * self.keyword_weight
        return base, sparse.hstack([base, kw], format="csr")

    def predict_proba(self, frame: pd.DataFrame) -> tuple[np.ndarray, list[str], np.ndarray, list[str]]:
        """(sector probabilities, sector classes, authority probabilities, authority classes)."""
        base, with_kw = self.transform(frame)
        sp_, ap_ = self.sector_.predict_proba(with_kw), self.authority_.predict_proba(base)
        plain = self.plain_rows(frame)
        if plain.any():
            F, F_kw = self.folded_blocks(frame["text"].iloc[np.flatnonzero(plain)])
            sp_[plain] = self.sector_plain_.predict_proba(F_kw)
            ap_[plain] = self.authority_plain_.predict_proba(F)
        return sp_, list(self.sector_.classes_), ap_, list(self.authority_.classes_)

    def plain_rows(self, frame: pd.DataFrame) -> np.ndarray:
        """Rows typed without diacritics, when the model has a folded view for them."""
        if self.folded_ is None:
            return np.zeros(len(frame), dtype=bool)
        return np.fromiter((typed_without_diacritics(t) for t in frame["text"]), dtype=bool, count=len(frame))

    def predict_proba_sector(self, frame: pd.DataFrame) -> tuple[np.ndarray, list[str]]:
        return self.sector_.predict_proba(self.transform(frame)[1]), list(self.sector_.classes_)

    def predict_proba_authority(self, frame: pd.DataFrame) -> tuple[np.ndarray, list[str]]:
        return self.authority_.predict_proba(self.transform(frame)[0]), list(self.authority_.classes_)


def training_key(train: pd.DataFrame, cfg: Config) -> str:
    """Hash of the training data and of every setting that changes the fit."""
    import sklearn

    h = hashlib.sha256()
    h.update(f"format={MODEL_FORMAT};sklearn={sklearn.__version__};seed={cfg.run.seed};".encode())
    s = cfg.classify
    h.update(f"C={s.C};cal={s.calibration_folds};char={s.char_ngram_min}-{s.char_ngram_max};".encode())
    h.update(f"model={s.model};w={s.word_weight},{s.char_weight},{s.keyword_weight};folded={s.folded_view};aw={s.authority_class_weight};".encode())
    h.update(repr(_keyword_table(cfg.taxonomy)).encode("utf-8"))
    cols = ["text", "tokens", "sector", "authority"] + (["weight"] if "weight" in train.columns else [])
    for row in train[cols].itertuples(index=False):
        h.update("\x1f".join(map(str, row)).encode("utf-8"))
        h.update(b"\x1e")
    return h.hexdigest()[:24]


def fit_model(train: pd.DataFrame, cfg: Config, cache_dir: Path | None = None) -> Model:
    """Fit (or load from cache) the sector and authority classifiers.

    ``train`` has columns text, tokens, sector, authority (authority may be empty
    for rows that only label the sector; those rows are left out of the
    authority model).
    """
    train = train.reset_index(drop=True)
    key = training_key(train, cfg)
    path = Path(cache_dir) / "models" / f"model-{key}.pkl" if cache_dir else None
    if path is not None and path.exists():
        try:
            with open(path, "rb") as fh:
                model = pickle.load(fh)
            if isinstance(model, Model) and model.key == key:
                return model
        except Exception:  # a broken cache entry is refitted, never fatal
            pass
    seed = cfg.run.seed
    s = cfg.classify
    # optional: a "weight" column (sample weights) and rows with an empty sector, which
    # train the authority model only (authority-only corrections)
    weight = train["weight"].astype(float).to_numpy() if "weight" in train.columns else None
    has_sector = (train["sector"].astype(str) != "").to_numpy()
    sector_counts = train["sector"][has_sector].value_counts()
    keywords = _keyword_table(cfg.taxonomy)
    frame = train[["text", "tokens"]]
    features = _features(s)
    base = features.fit_transform(frame).tocsr()
    cues = KeywordCues(keywords).fit(None) if s.keyword_weight > 0 and any(k for _, k in keywords) else None
    model = Model(features, cues, s.keyword_weight, None, None, key, len(train), tuple(sorted(sector_counts.index)))
    base, with_kw = model.transform(frame, base)
    def sw(rows):
        return {} if weight is None else {"sample_weight": weight[rows]}

    sec_rows = np.flatnonzero(has_sector)
    with_kw = with_kw if has_sector.all() else with_kw[sec_rows]
    model.sector_ = _classifier(s, seed, int(sector_counts.min())).fit(
        with_kw, train["sector"].to_numpy()[sec_rows], **sw(sec_rows))
    has_auth = train["authority"].isin(S.AUTHORITIES).to_numpy()
    auth = train["authority"][has_auth]
    model.authority_ = _classifier(s, seed, int(auth.value_counts().min()), s.authority_class_weight or None).fit(
        base[np.flatnonzero(has_auth)], auth.to_numpy(), **sw(np.flatnonzero(has_auth)))
    if s.folded_view:
        _fit_folded_view(model, train, sec_rows, has_auth, weight, s, seed)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            with open(tmp, "wb") as fh:
                pickle.dump(model, fh, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(path)
        except OSError:
            pass
    return model


def _fit_folded_view(model: Model, train: pd.DataFrame, sec_rows: np.ndarray, has_auth: np.ndarray,
                     weight: np.ndarray | None, s: ClassifySettings, seed: int) -> None:
    """Classifiers for texts typed without diacritics, fitted on the folded training texts
    (the same for a text with or without its diacritics): the sector model on the rows with
    a sector, the authority model on the rows with an authority, with the same sample weights."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    model.folded_ = TfidfVectorizer(preprocessor=_folded, token_pattern=r"(?u)\b\w+\b", ngram_range=(1, 2),
                                    sublinear_tf=True, min_df=1)
    model.folded_.fit(train["text"])
    if model.keywords_ is not None:  # the keyword counts, as the main sector model has them
        folded = tuple((sector, tuple(_folded(k) for k in kws)) for sector, kws in model.keywords_.keywords)
        model.keywords_plain_ = KeywordCues(folded).fit(None)
    F, F_kw = model.folded_blocks(train["text"])
    sector = train["sector"].to_numpy()[sec_rows]
    model.sector_plain_ = _classifier(s, seed, int(pd.Series(sector).value_counts().min())).fit(
        F_kw[sec_rows], sector, **({} if weight is None else {"sample_weight": weight[sec_rows]}))
    auth_rows = np.flatnonzero(has_auth)
    auth = train["authority"].to_numpy()[auth_rows]
    model.authority_plain_ = _classifier(s, seed, int(pd.Series(auth).value_counts().min()),
                                         s.authority_class_weight or None).fit(
        F[auth_rows], auth, **({} if weight is None else {"sample_weight": weight[auth_rows]}))


_MIN_PARALLEL_BATCH = 500  # rows: a smaller batch does not pay for a forked process


def _predict_part(model: Model, part: pd.DataFrame, cues: list[re.Pattern] | None) -> tuple:
    out = model.predict_proba(part)
    if cues is None:
        return out
    return out + (np.fromiter((central_cue(t, cues) is not None for t in part["text"]), dtype=bool, count=len(part)),)


def _predict_batch(bounds: tuple[int, int]) -> tuple:
    """One batch of ``predict_batches`` (in a forked process: the model, the frame and the
    cues are inherited through ``parallel.fork_map``, never pickled)."""
    from .parallel import shared

    a, b = bounds
    return _predict_part(shared()["model"], shared()["frame"].iloc[a:b], shared()["cues"])


def batch_bounds(n: int, jobs: int = 1) -> list[tuple[int, int]]:
    """(start, end) of the prediction batches of ``n`` rows: at most PREDICT_BATCH rows each,
    of equal sizes, and with ``jobs`` > 1 a multiple of ``jobs`` batches (each process gets
    the same share) when the rows are enough to pay for the processes."""
    k = -(-n // PREDICT_BATCH)
    if jobs > 1:
        k = max(k, min(jobs, n // _MIN_PARALLEL_BATCH))
        if k > 1:
            k = -(-k // jobs) * jobs
    cuts = np.linspace(0, n, max(k, 1) + 1).round().astype(int)
    return [(int(a), int(b)) for a, b in zip(cuts[:-1], cuts[1:]) if b > a]


def predict_batches(model: Model, frame: pd.DataFrame, jobs: int = 1, cues: list[re.Pattern] | None = None,
                    meanwhile: Callable[[], None] | None = None) -> list:
    """``model.predict_proba`` over batches of ``frame`` (``batch_bounds``), in order; with
    ``cues``, each batch's tuple ends with the rows' ``central_cue`` flags. ``meanwhile()``
    is called once while the forked processes predict (first, when this process does).

    Batches bound the memory of the char n-gram matrix of a whole archive. With
    ``jobs`` > 1 and more than one batch they run in forked processes
    (``parallel.fork_map``) that inherit the model and the frame (never pickled) and
    send back their batches' probabilities; every row is predicted on its own, so the
    split never changes a result.
    """
    from .parallel import fork_map

    bounds = batch_bounds(len(frame), jobs)
    return fork_map(_predict_batch, bounds, jobs, {"model": model, "frame": frame, "cues": cues},
                    meanwhile=meanwhile)


def classify_items(items: pd.DataFrame, model: Model, cfg: Config, jobs: int = 1,
                   meanwhile: Callable[[], None] | None = None) -> pd.DataFrame:
    """Predict sector and authority for every item.

    Reads ``text`` and ``tokens``; ``jobs`` > 1 predicts large inputs in parallel
    (``predict_batches``), and ``meanwhile()`` is called once while forked processes
    predict (other work of this process; called first when there are none). Adds
    CLASSIFY_COLUMNS: sector, sector_label, sector_confidence, sector_alt,
    sector_predicted, sector_source, authority, authority_confidence,
    authority_predicted, authority_source, needs_review.
    """
    s = cfg.classify
    taxonomy: Taxonomy = cfg.taxonomy
    if items.empty:
        if meanwhile is not None:
            meanwhile()
        return items.assign(**{c: pd.Series(dtype=object) for c in S.CLASSIFY_COLUMNS})
    # each distinct text is predicted once (its tokens are a function of it): the same
    # request raised by several units costs one prediction; rows are independent, so
    # predicting the distinct texts gives every row the probabilities it had alone
    codes, _ = pd.factorize(items[S.TEXT], use_na_sentinel=False)
    first = np.unique(codes, return_index=True)[1]  # first row of each distinct text, in code order
    frame = items[[S.TEXT, S.TOKENS]].iloc[first].rename(columns={S.TEXT: "text", S.TOKENS: "tokens"})
    parts = predict_batches(model, frame, jobs, cues=load_authority_cues(), meanwhile=meanwhile)
    classes, aclasses = parts[0][1], parts[0][3]
    proba = np.vstack([p[0] for p in parts])[codes]
    aproba = np.vstack([p[2] for p in parts])[codes]
    order = np.argsort(-proba, axis=1, kind="stable")
    top = [classes[i] for i in order[:, 0]]
    alt = [classes[i] for i in order[:, 1]] if proba.shape[1] > 1 else [""] * len(items)
    p1 = proba[np.arange(len(items)), order[:, 0]]
    p2 = proba[np.arange(len(items)), order[:, 1]] if proba.shape[1] > 1 else np.zeros(len(items))

    # authority: the model's P(central), overruled by explicit central / local cues (authority.py)
    central_col = aclasses.index(S.CENTRAL) if S.CENTRAL in aclasses else None
    p_central = aproba[:, central_col] if central_col is not None else np.zeros(len(items))
    ruled_text = np.concatenate([p[4] for p in parts])  # explicit central cues, per distinct text
    local_text = authority.cue_flags(frame["text"].tolist(), authority.load_cues())[1]
    a_pred, a_conf, a_src = authority.item_evidence(p_central, ruled_text[codes], local_text[codes])
    a_pred, a_src = a_pred.tolist(), a_src.tolist()
    sector_review = (p1 < s.min_confidence) | ((p1 - p2) < s.min_margin)
    # the heading of a consolidated report the item was read under (sector_hint, when the
    # reader found one) is strong evidence: it decides the sector, the model's choice becomes
    # the alternative when it differs
    hinted = hinted_sectors(items, cfg)
    model_top = list(top)
    s_src = [S.SOURCE_MODEL] * len(items)
    if hinted is not None:
        col = {c: k for k, c in enumerate(classes)}
        for i, slug in enumerate(hinted):
            if not slug:
                continue
            if slug != top[i]:
                alt[i] = top[i]
            p1[i] = max(float(proba[i, col[slug]]) if slug in col else 0.0, HINT_CONFIDENCE)
            top[i] = slug
            s_src[i] = S.SOURCE_RULE
            sector_review[i] = False
    sector_conf = np.round(p1, 4)
    review = sector_review | (np.asarray(a_conf) < s.authority_min_confidence)
    return items.assign(
        sector=top,
        sector_label=[taxonomy.label(x) for x in top],
        sector_confidence=sector_conf,
        sector_alt=alt,
        sector_predicted=model_top,
        sector_source=s_src,
        authority=a_pred,
        authority_confidence=np.round(np.asarray(a_conf, dtype=float), 4),
        authority_predicted=list(a_pred),
        authority_source=a_src,
        needs_review=review.astype(bool),
    )


SECTOR_HINT = getattr(S, "SECTOR_HINT", "sector_hint")
HINT_CONFIDENCE = 0.9  # the sector confidence given by a report heading


def hinted_sectors(items: pd.DataFrame, cfg: Config) -> list[str] | None:
    """Sector slug named by each item's ``sector_hint`` (a consolidated report's heading), ""
    when there is none or it names no sector; None when the column is absent."""
    if SECTOR_HINT not in items.columns:
        return None
    from .past_reports import fold, heading_map, sector_of_heading

    table = heading_map(cfg)
    labels = {fold(s.label): s.slug for s in cfg.taxonomy.sectors}
    slugs = set(cfg.taxonomy.slugs)
    cache: dict[str, str] = {}
    out = []
    for hint in items[SECTOR_HINT].fillna("").astype(str).tolist():
        hint = " ".join(hint.split())
        if hint not in cache:
            slug = sector_of_heading(hint, table, labels) if hint and len(hint) <= 140 else None
            cache[hint] = slug if slug in slugs else ""
        out.append(cache[hint])
    return out


# ---------------------------------------------------------------- evaluation


def score(gold: pd.DataFrame, predicted: pd.DataFrame, slugs: tuple[str, ...]) -> dict:
    """Metrics of predictions against gold labels.

    ``gold`` has sector, optional sector_alt and authority; ``predicted`` has
    sector, authority, needs_review (and optionally sector_source/authority_source).
    """
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support

    y = gold["sector"].astype(str).to_numpy()
    p = predicted["sector"].astype(str).to_numpy()
    labels = [s for s in slugs if s in set(y) | set(p)]
    out: dict = {"n": int(len(y))}
    out["sector_accuracy"] = float(accuracy_score(y, p))
    out["sector_macro_f1"] = float(f1_score(y, p, labels=sorted(set(y)), average="macro", zero_division=0))
    if "sector_alt" in gold.columns:
        alt = gold["sector_alt"].fillna("").astype(str).to_numpy()
        ok = (p == y) | ((alt != "") & (p == alt))
        out["sector_accuracy_with_alt"] = float(ok.mean())
    prec, rec, f1, sup = precision_recall_fscore_support(y, p, labels=labels, zero_division=0)
    out["per_sector"] = {
        lab: {"precision": float(a), "recall": float(b), "f1": float(c), "support": int(d)}
        for lab, a, b, c, d in zip(labels, prec, rec, f1, sup)
    }
    out["confusion_labels"] = labels
    out["confusion"] = confusion_matrix(y, p, labels=labels).tolist()
    if "authority" in gold.columns:
        has = gold["authority"].isin(S.AUTHORITIES).to_numpy()
        if has.any():
            out["authority_accuracy"] = float(
                (gold["authority"].to_numpy()[has] == predicted["authority"].to_numpy()[has]).mean()
            )
    review = predicted["needs_review"].astype(bool).to_numpy()
    out["review_share"] = float(review.mean()) if len(review) else 0.0
    unflagged = ~review
    out["unflagged_sector_accuracy"] = float((y[unflagged] == p[unflagged]).mean()) if unflagged.any() else float("nan")
    return out


def cross_validate(train: pd.DataFrame, cfg: Config) -> tuple[dict, pd.DataFrame]:
    """Stratified k-fold cross-validation on the training data (no cache)."""
    from sklearn.model_selection import StratifiedKFold

    train = train.reset_index(drop=True)
    k = max(2, min(cfg.classify.cv_folds, int(train["sector"].value_counts().min())))
    skf = StratifiedKFold(n_splits=k, shuffle=True, random_state=cfg.run.seed)
    preds = []
    for tr, te in skf.split(train, train["sector"]):
        model = fit_model(train.iloc[tr], cfg, cache_dir=None)
        test = train.iloc[te].rename(columns={"text": S.TEXT, "tokens": S.TOKENS})
        preds.append(classify_items(test, model, cfg).assign(_row=te))
    pred = pd.concat(preds).sort_values("_row").reset_index(drop=True)
    return score(train, pred, cfg.taxonomy.slugs), pred
