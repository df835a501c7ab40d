"""``word_tokenize(text, format="text")`` with the CRF features built in Python.

Stands in for: ``underthesea.word_tokenize(text, format="text")``.
Verified on: underthesea 9.5.0 with underthesea_core 3.3.2 (``VERIFIED``).

It uses underthesea's own regular expression, token normalisation, model and
Rust CRF tagger; only the 43 feature strings per syllable are built by
``crf_features.CrfFeaturizer`` (without the features the model does not know,
which the tagger would skip), and any text ``CrfFeaturizer.accepts`` refuses
goes through underthesea's featurizer. ``word_tokenize_fast`` returns None, and
the caller uses ``word_tokenize`` itself, when the installed versions are not
the verified ones, underthesea's internals are laid out differently, or the
result differs from ``word_tokenize`` on ``SELF_CHECK``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from . import versions_match

VERIFIED = {"underthesea": ("9.5.0",), "underthesea_core": ("3.3.2",)}

# Written for cutri: a check that the Python featurizer segments like word_tokenize
# (sentence starts and ends, numbers, capitals, dictionary words, punctuation).
SELF_CHECK = (
    "Cử tri xã Tân Phú đề nghị sửa chữa tuyến đường liên xã ĐT.741 dài 2,5 km, hư hỏng từ năm 2021.",
    "Đề nghị tăng mức hỗ trợ cho người có công với cách mạng; chi trả đúng hạn.",
    "Ô nhiễm",
    "Điện",
    "Năm 2024: 15 hộ dân chưa được cấp giấy chứng nhận quyền sử dụng đất.",
)


def load_pickle(path: Path):
    """A file underthesea saved with ``joblib.dump``: plain pickles are read by the C
    unpickler (joblib's Python one takes 0.1 s for the 72,000-word dictionary)."""
    import pickle

    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    except Exception:  # noqa: BLE001 - compressed or numpy-wrapped: joblib's own reader
        import joblib

        return joblib.load(path)


def word_tokenize_fast(word_tokenize: Callable, model_dir: Path,
                       verified: dict[str, tuple[str, ...]] = VERIFIED) -> Callable[[str], str] | None:
    """The faster segmenter, or None when it cannot be trusted here (see the module docstring)."""
    if not versions_match(verified):
        return None
    try:
        import underthesea.pipeline.word_tokenize as wt
        import underthesea.pipeline.word_tokenize.regex_tokenize as regex_tokenize
        from underthesea.pipeline.text_normalize.character_normalize import normalize_characters_in_text
        from underthesea.pipeline.text_normalize.token_normalize import token_normalize

        from .crf_features import CrfFeaturizer, crfsuite_attributes

        model = wt.word_tokenize_model
        try:  # the features the model knows: the others are left out (the tagger skips them)
            known = crfsuite_attributes((model_dir / "models.bin").read_bytes())
        except (OSError, ValueError):
            known = None
        featurizer = CrfFeaturizer(load_pickle(model_dir / "features.bin"), load_pickle(model_dir / "dictionary.bin"),
                                   known)
        reference, tag = model.featurizer.process, model.estimator.tag
    except Exception:  # noqa: BLE001 - another underthesea layout: use word_tokenize as is
        return None

    normalized: dict[str, str] = {}  # token_normalize is a pure function of the token: once per token

    def segment(text: str) -> str:
        # regex_tokenize.tokenize keeps, of each match, the first named group that matched.
        # Each alternative of its pattern is one named group around the whole alternative,
        # so that group is the match itself (tests compare with tokenize on whole corpora).
        tokens = [m.group() for m in regex_tokenize.patterns.finditer(normalize_characters_in_text(text))]
        if len(normalized) > 500_000:
            normalized.clear()
        tokens = [normalized.get(t) or normalized.setdefault(t, token_normalize(t)) for t in tokens]
        if featurizer.accepts(tokens):
            features = featurizer.process(tokens)
        else:
            features = reference([[[t] for t in tokens]])[0]
        words: list[str] = []
        for label, token in zip(tag(features), tokens):
            if label == "I-W" and words:
                words[-1] = words[-1] + " " + token
            else:
                words.append(token)
        return " ".join(w.replace(" ", "_") for w in words)

    try:
        same = all(segment(t) == word_tokenize(t, format="text") for t in SELF_CHECK)
    except Exception:  # noqa: BLE001
        same = False
    return segment if same else None
