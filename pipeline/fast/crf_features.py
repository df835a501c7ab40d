"""Features for underthesea's word-segmentation CRF, built in Python.

underthesea's ``word_tokenize`` splits a text into syllable tokens, asks
``underthesea_core.CRFFeaturizer`` (Rust) for 43 feature strings per token,
and passes them to the CRF tagger. Profiling the 20,000-item benchmark round
showed the featurizer takes about 60% of tokenization: each call converts the
tokens to Rust and every one of the 43 × n feature strings back to a new
Python string.

``CrfFeaturizer`` builds the same strings, in the same order, about twice as
fast:

- a token's own features (``T[0]=Cử``, ``T[-1].lower=cử``,
  ``T[2].is_in_dict=True``...) are built once per distinct token and cached;
- a bigram or trigram (``T[-1,0]=Cử tri``) is joined once per position, not
  once per template that uses it;
- the row of each position is one list display, compiled once from the
  model's template list (``_row_source``), so no per-feature dispatch runs.

Semantics follow underthesea_core's featurizer exactly, including its quirks:

- an offset before the sentence gives ``BOS``, past it ``EOS`` (for a span,
  the first end that falls outside decides);
- ``isdigit`` is True when the text parses as a 32-bit signed integer;
- ``istitle`` is True when the first character of every space-separated part
  is unchanged by upper-casing (so ``2024`` is "title");
- ``is_in_dict`` looks the lower-cased text up in the model's dictionary.

``accepts`` limits the Python path to tokens whose characters have the same
case mappings in Python and Rust (Latin, Vietnamese, digits, common
punctuation: ``_SAFE``) and that contain no space; the caller sends any other
text through underthesea's own featurizer. ``tests/test_crf_features.py``
compares both featurizers on every character of ``_SAFE`` and on generated
minutes. This module does not import underthesea; ``vi_text`` wires it in.
"""

from __future__ import annotations

import re
import struct
from typing import Callable, Iterable, Sequence

_TEMPLATE = re.compile(r"T\[(-?\d+)(?:,(-?\d+))?\](?:\.(lower|isdigit|istitle|is_in_dict))?\Z")
_INT32 = re.compile(r"[+-]?[0-9]+\Z")
_FLAGS = ("isdigit", "istitle", "is_in_dict")  # functions whose value is True/False
# Characters whose lower/upper mappings agree between Python and Rust (all in
# Unicode blocks that have not changed for decades); no space.
_SAFE = "\x21-\x7e\xa0-\u017f\u01a0\u01a1\u01af\u01b0\u1e00-\u1eff\u2010-\u205e\u20ac\u2116"
_UNSAFE = re.compile(f"[^{_SAFE}]")
_INT32_MIN, _INT32_MAX = -(2**31), 2**31 - 1
_MAX_CACHED_TOKENS = 500_000  # the per-token cache is cleared beyond this (bounded memory)


def parse_template(template: str) -> tuple[int, int, str | None]:
    """``"T[-1,0].lower"`` → (-1, 0, "lower"); ValueError for templates this module cannot build."""
    m = _TEMPLATE.match(template)
    if m is None:
        raise ValueError(f"unsupported CRF feature template: {template!r}")
    first = int(m.group(1))
    last = first if m.group(2) is None else int(m.group(2))
    if last < first:
        raise ValueError(f"unsupported CRF feature template: {template!r}")
    return first, last, m.group(3)


def is_int32(text: str) -> bool:
    """Whether Rust's ``text.parse::<i32>()`` succeeds: optional sign, ASCII digits, in range."""
    return _INT32.match(text) is not None and _INT32_MIN <= int(text) <= _INT32_MAX


def is_title(text: str) -> bool:
    """underthesea_core's ``istitle``: every " "-separated part starts with a character upper-casing leaves alone."""
    return all(part[:1] == part[:1].upper() for part in text.split(" "))


def _row_source(plan: Sequence[tuple[str, int, int, str | None]], unigrams: list[str], spans: list,
                prune: bool) -> str:
    """Source of ``rows(n, U, S0.., K0.., V0..)``: one row expression per position, in template order.

    ``U[p]`` is the tuple of a token's own features at padded position ``p``
    (two pads each side); ``S<j>[p]`` the value of span kind ``j`` starting at
    ``p``; ``K<j>`` maps a True/False/BOS/EOS value to the finished feature.
    Each (array, offset) the templates use becomes one slice zipped into a
    local name, so a row costs no index arithmetic. With ``prune``, ``V<j>``
    holds the values of a text template that the model knows; a feature the
    model does not know is None (in ``U`` and ``K`` as well) and left out of the row.
    """
    sources: dict[str, str] = {}  # "U[2:2 + n]" -> its local name

    def local(array: str, offset: int) -> str:
        return sources.setdefault(f"{array}[{offset}:{offset} + n]", f"v{len(sources)}")

    exprs, consts, known = [], 0, 0
    for template, first, last, fn in plan:
        if first == last:
            exprs.append(f"{local('U', 2 + first)}[{unigrams.index(template)}]")
            continue
        value = local(f"S{spans.index((last - first + 1, fn))}", 2 + first)
        if fn in _FLAGS:
            exprs.append(f"K{consts}[{value}]")
            consts += 1
        elif prune:
            exprs.append(f"({template + '='!r} + {value} if {value} in V{known} else None)")
            known += 1
        else:
            exprs.append(f"{template + '='!r} + {value}")
    args = ", ".join(["n", "U"] + [f"S{j}" for j in range(len(spans))] + [f"K{j}" for j in range(consts)]
                     + [f"V{j}" for j in range(known)])
    names = ", ".join(sources.values())
    zipped = ", ".join(sources)
    body = ",\n            ".join(exprs)
    row = f"list(filter(None, (\n            {body},\n        )))" if prune else f"[\n            {body},\n        ]"
    return f"def rows({args}):\n    return [\n        {row}\n        for {names} in zip({zipped})\n    ]\n"


def crfsuite_attributes(data: bytes) -> list[str]:
    """The attribute strings of a CRFsuite model file (``lCRF``/``FOMC``), by attribute id.

    They are the keys of the model's attribute database (CQDB): a 12-field
    little-endian header whose 7th field is the number of attributes and 10th
    the offset of the database; the database's backward array gives the record
    of each id, a record being (id, key size, key bytes ending in NUL).
    ValueError when the data is not such a file or does not add up.
    """
    try:
        return _crfsuite_attributes(data)
    except struct.error as e:  # the data ends before a field it points to
        raise ValueError(f"truncated CRFsuite model: {e}") from None


def _crfsuite_attributes(data: bytes) -> list[str]:
    if data[:4] != b"lCRF" or data[8:12] != b"FOMC":
        raise ValueError("not a CRFsuite model")
    num_attrs, off_attrs = struct.unpack_from("<I", data, 24)[0], struct.unpack_from("<I", data, 36)[0]
    if data[off_attrs : off_attrs + 4] != b"CQDB":
        raise ValueError("no attribute database")
    bwd_size, bwd_offset = struct.unpack_from("<2I", data, off_attrs + 16)
    if bwd_size != num_attrs:
        raise ValueError("attribute count")
    out = []
    for i, off in enumerate(struct.unpack_from(f"<{bwd_size}I", data, off_attrs + bwd_offset)):
        rid, size = struct.unpack_from("<2I", data, off_attrs + off)
        start = off_attrs + off + 8
        if rid != i or size < 1 or data[start + size - 1] != 0:
            raise ValueError(f"attribute record {i}")
        out.append(data[start : start + size - 1].decode("utf-8"))
    if len(set(out)) != len(out):
        raise ValueError("duplicate attributes")
    return out


class CrfFeaturizer:
    """underthesea_core's ``CRFFeaturizer`` for one-column token sentences, in Python.

    ``templates`` and ``dictionary`` are the model's ``features.bin`` and
    ``dictionary.bin``. ``process(tokens)`` returns one list of feature strings
    per token, equal to ``CRFFeaturizer(templates, dictionary).process([[[t] for t in tokens]])[0]``
    whenever ``accepts(tokens)``.

    With ``known`` (the model's attributes, ``crfsuite_attributes``) the rows
    leave out every feature not among them, in the same order otherwise. The
    tagger looks each feature up and skips those it does not know, so the tags
    are the same; two in five features are unknown (most ``is_in_dict=True``,
    trigrams, rare words), and not building or passing them saves a tenth of
    tokenization.
    """

    def __init__(self, templates: Sequence[str], dictionary: set[str] | frozenset[str],
                 known: Iterable[str] | None = None):
        self.templates = list(templates)
        self.dictionary = dictionary
        self.known = None if known is None else frozenset(known)
        plan = [(t, *parse_template(t)) for t in self.templates]
        self._unigrams = [(t, fn) for t, first, last, fn in plan if first == last]
        names = [t for t, _ in self._unigrams]
        spans = sorted({(last - first + 1, fn or "") for _, first, last, fn in plan if last > first})
        self._spans = [(width, fn or None) for width, fn in spans]
        self.source = _row_source(plan, names, self._spans, prune=self.known is not None)
        namespace: dict = {}
        exec(compile(self.source, "<crf_features rows>", "exec"), namespace)
        self._rows: Callable = namespace["rows"]
        self._consts = [
            {v: self._kept(f"{t}={v}") for v in ("True", "False", "BOS", "EOS")}
            for t, first, last, fn in plan
            if last > first and fn in _FLAGS
        ]
        self._values = []  # per text span template: the values the model knows
        if self.known is not None:
            by_template: dict[str, set[str]] = {}
            for feature in self.known:
                template, _, value = feature.partition("=")
                by_template.setdefault(template, set()).add(value)
            self._values = [frozenset(by_template.get(t, ())) for t, first, last, fn in plan
                            if last > first and fn not in _FLAGS]
        self._bos = tuple(self._kept(f"{t}=BOS") for t in names)
        self._eos = tuple(self._kept(f"{t}=EOS") for t in names)
        self._cache: dict[str, tuple] = {}

    def _kept(self, feature: str) -> str | None:
        """``feature``, or None when it is left out (unknown to the model)."""
        return feature if self.known is None or feature in self.known else None

    @staticmethod
    def accepts(tokens: Sequence[str]) -> bool:
        """True when ``process`` gives underthesea_core's features for ``tokens`` (see module doc)."""
        return all(tokens) and _UNSAFE.search("".join(tokens)) is None

    def _token(self, token: str) -> tuple:
        """(own features in unigram-template order, token, lower-cased, is_title), cached."""
        lower = token.lower()
        title = is_title(token)
        values = {
            None: token,
            "lower": lower,
            "isdigit": str(is_int32(token)),
            "istitle": str(title),
            "is_in_dict": str(lower in self.dictionary),
        }
        info = (tuple(self._kept(f"{t}={values[fn]}") for t, fn in self._unigrams), token, lower, title)
        if len(self._cache) >= _MAX_CACHED_TOKENS:
            self._cache.clear()
        self._cache[token] = info
        return info

    def _joined(self, width: int, kind: str, infos: list[tuple], memo: dict) -> list:
        """Each run of ``width`` tokens joined by spaces (kind "raw"/"lower") or all title (kind "title").

        Built from the runs one shorter, so each token is joined once per width;
        ``memo`` keeps the runs of one sentence.
        """
        key = (width, kind)
        runs = memo.get(key)
        if runs is None:
            if width == 1:
                field = {"raw": 1, "lower": 2, "title": 3}[kind]
                runs = [info[field] for info in infos]
            else:
                shorter = self._joined(width - 1, kind, infos, memo)
                last = self._joined(1, kind, infos, memo)[width - 1 :]
                if kind == "title":
                    runs = [a and b for a, b in zip(shorter, last)]
                else:
                    runs = [a + " " + b for a, b in zip(shorter, last)]
            memo[key] = runs
        return runs

    def _span_values(self, width: int, fn: str | None, infos: list[tuple], memo: dict) -> list[str]:
        """Value of each span of ``width`` tokens, indexed by padded start position (n + 4 values)."""
        if fn == "istitle":
            body = ["True" if title else "False" for title in self._joined(width, "title", infos, memo)]
        elif fn == "isdigit":
            body = ["False"] * max(0, len(infos) - width + 1)  # a joined span contains a space: never an integer
        elif fn == "is_in_dict":
            known = self.dictionary
            body = ["True" if text in known else "False" for text in self._joined(width, "lower", infos, memo)]
        else:
            body = self._joined(width, "lower" if fn == "lower" else "raw", infos, memo)
        # Spans that start inside the sentence but end past it are EOS, as are the end pads
        # (width + 1 values cover both; rows never index past n + 3).
        return ["BOS", "BOS"] + body + ["EOS"] * (width + 1)

    def process(self, tokens: Sequence[str]) -> list[list[str]]:
        """Feature strings of each token (call only when ``accepts(tokens)``)."""
        cache = self._cache
        infos = [cache.get(t) or self._token(t) for t in tokens]
        own = [self._bos, self._bos] + [info[0] for info in infos] + [self._eos, self._eos]
        memo: dict = {}
        spans = [self._span_values(width, fn, infos, memo) for width, fn in self._spans]
        return self._rows(len(infos), own, *spans, *self._consts, *self._values)
