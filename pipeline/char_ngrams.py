"""Char n-gram TF-IDF for the classifier, counted one distinct word at a time.

``CharWbTfidf`` is scikit-learn's ``TfidfVectorizer(analyzer="char_wb")`` with a
faster count of the n-grams, in ``fit`` and in ``transform``. char_wb n-grams
never cross a word: each whitespace-split word is padded with one space and
cut into n-grams on its own. So the n-gram counts of a text are the sum of the
counts of its words, and

    counts = (texts × words) @ (words × n-grams)

gives exactly the matrix scikit-learn builds, while each distinct word (a few
thousand Vietnamese syllables and numbers) is cut into n-grams once instead of
every time it occurs. The counts are small integers, exact in float64, and the
matrix is returned sorted like scikit-learn's, so the TF-IDF values and every
prediction made from them are bit-for-bit the same (tests/test_classify.py
compares them). When fitting, the n-grams are numbered in the order scikit-learn
numbers them (see ``_count_vocab``); sorting the vocabulary, the document
frequency limits and the IDF are scikit-learn's own code, unchanged.

This module imports scikit-learn at import time; only the modelling worker
imports it (``classify._features`` and unpickling a fitted model).
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

try:  # scikit-learn >= 1.8 returns sparse arrays or matrices as configured
    from sklearn.utils._sparse import _align_api_if_sparse
except ImportError:  # pragma: no cover - older scikit-learn

    def _align_api_if_sparse(X):
        return X


class CharWbTfidf(TfidfVectorizer):
    """``TfidfVectorizer`` whose char_wb fit and transform expand each distinct word once."""

    def _count_vocab(self, raw_documents, fixed_vocab):
        if self.analyzer != "char_wb":
            return super()._count_vocab(raw_documents, fixed_vocab)
        vocabulary = self.vocabulary_ if fixed_vocab else {}
        preprocess, decode, spaces = self.build_preprocessor(), self.decode, self._white_spaces
        word_id: dict[str, int] = {}
        ids: list[int] = []
        indptr = [0]
        for doc in raw_documents:  # the words the char_wb analyzer splits each text into
            ids.extend(word_id.setdefault(w, len(word_id)) for w in spaces.sub(" ", preprocess(decode(doc))).split())
            indptr.append(len(ids))
        D = sp.csr_matrix(
            (np.ones(len(ids)), np.asarray(ids, dtype=np.int64), np.asarray(indptr, dtype=np.int64)),
            shape=(len(indptr) - 1, len(word_id)),
        )
        D.sum_duplicates()
        cols: list[int] = []
        lens: list[int] = []
        for w in word_id:  # in id order
            if fixed_vocab:
                feats = [vocabulary[g] for g in self._char_wb_ngrams(w) if g in vocabulary]
            else:
                # Fitting: scikit-learn numbers each n-gram when it first meets it, text by
                # text and word by word. A word seen before brings no new n-gram, so numbering
                # the n-grams of each distinct word in order of first appearance (id order)
                # gives the same numbers (and the same matrix once sorted by them).
                feats = [vocabulary.setdefault(g, len(vocabulary)) for g in self._char_wb_ngrams(w)]
            cols.extend(feats)
            lens.append(len(feats))
        if not fixed_vocab and not vocabulary:
            raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
        W = sp.coo_matrix(
            (np.ones(len(cols)), (np.repeat(np.arange(len(word_id)), lens), np.asarray(cols, dtype=np.int64))),
            shape=(len(word_id), len(vocabulary)),
        ).tocsr()  # sums an n-gram repeated inside a word
        X = sp.csr_matrix(D @ W)
        X.sort_indices()
        idx = np.int32 if max(X.nnz, X.shape[1]) <= np.iinfo(np.int32).max else np.int64
        X = sp.csr_array((X.data.astype(self.dtype), X.indices.astype(idx), X.indptr.astype(idx)), shape=X.shape)
        X.has_sorted_indices = True
        return vocabulary, _align_api_if_sparse(X)
