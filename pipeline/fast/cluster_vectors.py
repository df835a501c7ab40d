"""The duplicate search's TF-IDF vectors built once per distinct word, in scikit-learn's layout.

Stands in for: ``cluster.vectors.plain_vectors``, that is
``TfidfVectorizer(analyzer=..., sublinear_tf=True, dtype=float32).fit_transform`` of the
token, syllable and char_wb views of every item, stacked with ``scipy.sparse.hstack``,
and the similarity of two items as ``Z[a].multiply(Z[b]).sum(axis=1)``.
Verified on: scikit-learn 1.9, scipy 1.17, numpy 2.4 (``VERIFIED``).

What it does differently, with the same bits as the plain path:

* term counts are built once per distinct unit (word, token) instead of per
  occurrence, laid out as scikit-learn's ``CountVectorizer`` lays them out inside a row
  (features in order of first appearance in the corpus: its private ``_count_vocab``
  then ``_sort_features``) -- the layout decides the summation order of a dot product;
* items with the same texts share one row and each distinct pair of rows is scored once;
* the rows are stored sorted (``_canonical``), which lets scipy multiply them with its
  faster merge while summing the products in the same order as scipy's general path
  (which walks unsorted rows in reverse stored order).

``vectors`` returns None, and the caller uses the plain path, when the installed
versions are not the verified ones or the similarities differ from the plain path's on
``SELF_CHECK``; ``CUTRI_FAST=0`` switches it off.
"""

from __future__ import annotations

import functools
from itertools import chain

import numpy as np
import pandas as pd
import scipy.sparse as sp

from . import enabled, versions_match

VERIFIED = {"scikit-learn": ("1.9",), "scipy": ("1.17",), "numpy": ("2.4",)}

# Written for cutri: word views and char views with repeats, shared syllables, compounds.
SELF_CHECK = (
    ("tăng lương_hưu người nghỉ_hưu trước năm 1995", "tăng lương hưu người nghỉ hưu trước năm 1995"),
    ("tăng lương_hưu người nghỉ_hưu", "tăng lương hưu người nghỉ hưu"),
    ("sửa_chữa đường liên_xã tân lập xuống_cấp ổ_gà", "sửa chữa đường liên xã tân lập xuống cấp ổ gà"),
    ("sửa_chữa đường liên xã yên_phú xuống_cấp", "sửa chữa đường liên xã yên phú xuống cấp"),
    ("tăng lương_hưu người nghỉ_hưu", "tăng lương hưu người nghỉ hưu"),
    ("cấp thẻ bảo_hiểm y_tế hộ cận_nghèo", "cấp thẻ bảo hiểm y tế hộ cận nghèo"),
    ("", "điện"),
    ("cấp thẻ bảo_hiểm_y_tế hộ cận nghèo miễn_phí", "cấp thẻ bảo hiểm y tế hộ cận nghèo miễn phí"),
)


def _distinct(values) -> tuple[np.ndarray, list[str]]:
    codes, uniques = pd.factorize(np.asarray(values, dtype=object))
    return codes.astype(np.int64), list(uniques)


def _syllable_list(token: str) -> list[str]:
    return token.replace("_", " ").split()


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


def _build(words: list[str], word_of: np.ndarray, chars: list[str], char_of: np.ndarray,
           word_weight: float, token_share: float, ngrams: tuple[int, int]) -> tuple[sp.csr_matrix, np.ndarray]:
    """(Z, row_of): item i is row ``row_of[i]`` of Z; items with the same views share a row."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    char_ngrams = TfidfVectorizer(analyzer="char_wb", ngram_range=ngrams, lowercase=False).build_analyzer()
    D, units = _unit_counts([(c or " ").lower().split() for c in chars])
    Xc, first_c = _feature_counts(D, units, char_ngrams)
    C = _tfidf(Xc, True, char_of)
    row_of, pairs = pd.factorize(word_of * len(chars) + char_of)  # in order of first appearance
    wr, cr = pairs // len(chars), pairs % len(chars)
    # Z = [√w·W, √(1-w)·C] with the word view W = [√a·T, √(1-a)·Y], a = token_share: token,
    # syllable and char TF-IDF. Each block is made canonical, and the blocks are then placed
    # in reverse order (columns by descending first appearance over the whole row: C, Y, T).
    w, a = word_weight, token_share
    if any(words):
        D, tokens = _unit_counts([d.split() for d in words])
        Xt, first_t = _feature_counts(D, tokens)
        Xy, first_y = _feature_counts(D, tokens, _syllable_list)
        del D
        blocks = [
            (_tfidf(Xt, True, word_of), first_t, wr, (np.sqrt(a), np.sqrt(w))),
            (_tfidf(Xy, True, word_of), first_y, wr, (np.sqrt(1 - a), np.sqrt(w))),
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
        for f in factors:  # scaled in place, in the same order as the plain path (same products)
            X.data *= np.float32(f)
        parts.append(X)
    del blocks
    Z = sp.hstack(parts[::-1] if canonical else parts, format="csr")
    del parts
    if canonical:
        Z.has_canonical_format = True
    return Z, row_of


@functools.lru_cache(maxsize=1)
def _trusted() -> bool:
    """The verified versions are installed and ``_build`` gives the plain path's similarities,
    to the bit, on ``SELF_CHECK`` (every pair, both weights of the word view)."""
    if not versions_match(VERIFIED):
        return False
    try:
        from ..cluster.vectors import pair_products, plain_vectors

        words = [w for w, _ in SELF_CHECK]
        chars = [c for _, c in SELF_CHECK]
        word_of, word_docs = _distinct(words)
        char_of, char_docs = _distinct(chars)
        ia, ib = np.triu_indices(len(words), 1)
        for w in (0.4, 0.7):
            plain = plain_vectors(word_docs, word_of, char_docs, char_of, w, 0.5, (2, 4))
            Z, row_of = _build(word_docs, word_of, char_docs, char_of, w, 0.5, (2, 4))
            want = pair_products(plain, ia, ib)
            got = pair_products(Z, row_of[ia], row_of[ib])
            if not np.array_equal(want, got):
                return False
        return True
    except Exception:  # noqa: BLE001 - any surprise in another library's layout: plain path
        return False


def vectors(words: list[str], word_of: np.ndarray, chars: list[str], char_of: np.ndarray,
            word_weight: float, token_share: float, ngrams: tuple[int, int]):
    """``(Z, row_of)`` with the plain path's similarities (``cluster.vectors.plain_vectors``
    gives one row per item), or None when the fast path is off or not trusted here.

    ``words`` and ``chars`` are the distinct word and char views; item i has
    ``words[word_of[i]]`` and ``chars[char_of[i]]``. Document frequencies count every item.
    """
    if not enabled("cluster_vectors") or not _trusted():
        return None
    return _build(words, word_of, chars, char_of, word_weight, token_share, ngrams)
