"""The word lists of the duplicate search, read from data files, and the text views.

``lexicon()`` reads ``pipeline/data/cluster_lexicon.toml`` (stop phrases, abbreviations,
place triggers, road codes, legal documents, number units, request objects) and
``pipeline/data/cluster_synonyms.toml`` (paraphrases rewritten to one form) once, and
compiles the patterns that use them. ``content_text`` and ``content_tokens`` are the two
text views compared by the vectors.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Iterable

from ..errors import ConfigError
from ..normalize import normalize_text

LEXICON_FILE = "cluster_lexicon.toml"
SYNONYMS_FILE = "cluster_synonyms.toml"


def _alternation(parts: list[str], sep: str = r"[ _]") -> str:
    """Regex alternation of the phrases ``parts`` (in this order; words joined by ``sep``).

    The phrases are grouped by their first character, so that at each position
    the matcher tries one group instead of every phrase; inside a group the
    order is kept, so the same phrase wins as in a plain ``a|b|c``.
    """
    groups: dict[str, list[str]] = {}
    for p in parts:
        head = re.escape(p[0])
        groups.setdefault(head, []).append(sep.join(re.escape(w) for w in p.split())[len(head):])
    return "|".join(head + "(?:" + "|".join(rests) + ")" for head, rests in groups.items())


def phrase_pattern(phrases: Iterable[str]) -> re.Pattern:
    """One pattern matching any of ``phrases`` as whole words (longest first), syllables
    joined by a space or "_"."""
    parts = sorted({p.strip().lower() for p in phrases if p.strip()}, key=lambda p: (-len(p), p))
    return re.compile(r"(?<![\w])(?:" + _alternation(parts) + r")(?![\w])")


@dataclass(frozen=True)
class Lexicon:
    """The data of ``cluster_lexicon.toml`` and ``cluster_synonyms.toml`` (see their comments)."""

    stop_phrases: tuple[str, ...]
    abbreviations: dict[str, str]
    place_triggers: tuple[str, ...]
    residential_places: tuple[str, ...]
    numbered_places: dict[str, str]
    name_skip_heads: frozenset[str]
    person_titles: frozenset[str]
    scope_words: frozenset[str]
    road_codes: dict[str, str]
    doc_types: dict[str, str]
    number_units: dict[str, tuple[str, float]]
    place_kinds: tuple[str, ...]
    policy_objects: frozenset[str]
    request_objects: dict[str, tuple[str, ...]]
    rewrites: dict[str, str | None]  # phrase → canonical form ("_" inside a token), None: kept as it is
    stop_re: re.Pattern
    rewrite_re: re.Pattern
    object_of: dict[str, str]  # phrase → request object
    object_re: re.Pattern


def _rewrites(abbreviations: dict[str, str], synonyms: dict) -> dict[str, str | None]:
    """Phrase (words joined by spaces) → canonical form ("_" inside a token), or None for a
    phrase kept as it is: the abbreviations, then the synonyms and the phrases to keep."""
    out: dict[str, str | None] = {" ".join(k.replace("_", " ").split()): v for k, v in abbreviations.items()}
    for canonical, variants in synonyms.get("synonyms", {}).items():
        for v in variants:
            out[" ".join(v.lower().replace("_", " ").split())] = canonical
    for phrase in synonyms.get("keep", []):
        out[" ".join(phrase.lower().split())] = None
    return out


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The duplicate search's word lists and patterns, read once."""
    from ..config import DATA_DIR, _read_toml  # the project's one TOML reader

    data = _read_toml(DATA_DIR / LEXICON_FILE)
    rewrites = _rewrites(data["abbreviations"], _read_toml(DATA_DIR / SYNONYMS_FILE))
    objects = {k: tuple(v) for k, v in data["request_objects"].items()}
    unknown = set(data["policy_objects"]) - set(objects)
    if unknown:  # a typo in the data file would silently switch the rule off
        raise ConfigError(f"Tệp {LEXICON_FILE}: policy_objects có mục không nằm trong [request_objects]: "
                          f"{', '.join(sorted(unknown))}.")
    object_of = {ph: concept for concept, phrases in objects.items() for ph in phrases}
    return Lexicon(
        stop_phrases=tuple(data["stop_phrases"]),
        abbreviations=dict(data["abbreviations"]),
        place_triggers=tuple(data["place_triggers"]),
        residential_places=tuple(data["residential_places"]),
        numbered_places=dict(data["numbered_places"]),
        name_skip_heads=frozenset(data["name_skip_heads"]),
        person_titles=frozenset(" ".join(t.split()) for t in data["person_titles"]),
        scope_words=frozenset(data["scope_words"]),
        road_codes=dict(data["road_codes"]),
        doc_types=dict(data["doc_types"]),
        number_units={k: (str(v[0]), float(v[1])) for k, v in data["number_units"].items()},
        place_kinds=tuple(data["place_kinds"]),
        policy_objects=frozenset(data["policy_objects"]),
        request_objects=objects,
        rewrites=rewrites,
        stop_re=phrase_pattern(data["stop_phrases"]),
        rewrite_re=re.compile(
            r"(?<![\w])(" + _alternation(sorted(rewrites, key=lambda k: (-len(k), k))) + r")(?![\w])"
        ),
        object_of=object_of,
        object_re=phrase_pattern(object_of),
    )


# ---------------------------------------------------------------------------
# Text views
# ---------------------------------------------------------------------------

_PUNCT_RE = re.compile(r"[^\w\s]|_(?=\s|$)")
# a whitespace-separated word with at least one letter or digit ([^\W_] = str.isalnum)
_ALNUM_WORD = re.compile(r"\S*[^\W_]\S*")

# Share of the token TF-IDF in the word view; the rest is a syllable TF-IDF,
# which keeps differing segmentations of the same words comparable
# ("lương_hưu" / "lương hưu", "bảo_hiểm_y_tế" / "bảo_hiểm y_tế").
TOKEN_SHARE = 0.5


def expand(text: str, sep: str, lex: Lexicon | None = None) -> str:
    """Abbreviations spelled out and paraphrases in their canonical form (``Lexicon.rewrites``)."""
    lex = lex or lexicon()
    rewrites = lex.rewrites

    def rewrite(m: re.Match) -> str:
        to = rewrites[" ".join(m.group(1).replace("_", " ").split())]
        return m.group(1) if to is None else to.replace("_", sep)

    return lex.rewrite_re.sub(rewrite, text)


def content_text(text: str) -> str:
    """Lowercased text without generic request words and punctuation, for char n-grams.

    >>> content_text("Cử tri đề nghị sớm cấp thẻ BHYT cho hộ cận nghèo.")
    'cấp thẻ bảo hiểm y tế hộ cận nghèo'
    """
    return content_text_low(normalize_text(text or "").lower())


def content_text_low(low: str) -> str:
    """``content_text`` of a text already normalized and lowercased."""
    lex = lexicon()
    t = expand(low, " ", lex)
    t = lex.stop_re.sub(" ", t)
    t = _PUNCT_RE.sub(" ", t)
    return " ".join(t.split())


def content_tokens(tokens: str) -> str:
    """Lowercased tokens without generic request words and punctuation, for word TF-IDF.

    >>> content_tokens("Đề_nghị xem_xét tăng lương hưu cho người nghỉ hưu .")
    'tăng lương hưu người nghỉ hưu'
    """
    lex = lexicon()
    t = (tokens or "").lower()
    t = expand(t, "_", lex)
    t = lex.stop_re.sub(" ", t)
    return " ".join([w.strip("_") for w in _ALNUM_WORD.findall(t)])
