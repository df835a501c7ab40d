"""Speed-ups that reproduce another library's internals, kept apart from the stages.

Every stage of cutri reads as plain library calls (``word_tokenize``,
``TfidfVectorizer``, ...). Where profiling showed that a library spends most of
its time in a step cutri can do faster *with the same result*, the faster
version lives here, and only here. Each speed-up

- names the function it stands in for and the library versions it was verified on
  (``VERIFIED`` in its module);
- checks itself when it is loaded (same output as the plain call on a fixed set of
  inputs) and is not used when the installed versions or the check disagree;
- is switched off with the environment variable ``CUTRI_FAST=0``, which runs the
  whole pipeline on the plain library calls (a test compares the outputs both ways).

Speed-ups in this package:

``tokenizer.word_tokenize_fast``
    stands in for ``underthesea.word_tokenize(text, format="text")``: builds the CRF
    feature strings in Python (``crf_features``) instead of underthesea_core's Rust
    featurizer, whose string conversion took about 60% of tokenization.

``char_wb.CharWbTfidf``
    stands in for ``TfidfVectorizer(analyzer="char_wb")`` in the classifier
    (``char_wb.speed_up``): counts the char n-grams of each distinct word once, bit for
    bit the plain matrix (about 24 s saved per 20,000 recommendations on 2 cores).

``csv_format.csv_pieces``
    stands in for ``DataFrame.to_csv(index=False, lineterminator="\n")``: formats
    text, bool, int and float columns column by column with pyarrow compute, byte for
    byte what pandas writes (about 1.3 s saved per 20,000 recommendations).

``cluster_vectors.vectors``
    stands in for ``cluster.vectors.plain_vectors`` (``TfidfVectorizer.fit_transform`` of
    the token, syllable and char views of every item) and the plain row products: counts
    once per distinct word in scikit-learn's layout, one row per distinct pair of views,
    rows stored sorted so scipy multiplies them faster with the same summation order
    (about 3 s of CPU saved per 20,000 items, the same similarities to the bit).

``docx_blocks.Blocks``
    stands in for ``docx.oxml.parse_xml`` of report.docx's generated item paragraphs and
    annex tables and appending them to the body: the blocks are spliced unparsed into the
    saved document part in place of placeholders (same bytes).

``legacy.legacy``
    stands in for ``viparse.fix(text, encoding="tcvn3" | "vni")`` (then NFC): viparse's own
    tables applied by one compiled regular expression, its clean-up reproduced, and the set
    of characters the tables use as an exact pre-check (about 5 s saved per 20,000 items).

``zip_stream.level_setter``
    stands in for ``ZipFile.writestr(info, data, compresslevel=...)`` of the large entries of
    report.docx/xlsx: the entry is streamed through ``ZipFile.open(info, "w")`` with the
    level set on the ``ZipInfo`` (a private attribute before Python 3.13), so it is never
    whole in memory; the same bytes (checked at load).
"""

from __future__ import annotations

import os
from importlib.metadata import PackageNotFoundError, version


def enabled(name: str | None = None) -> bool:
    """False when the user asked for the plain library path (``CUTRI_FAST=0``), or, for the
    speed-up ``name``, when ``CUTRI_FAST_OFF`` lists it (comma-separated names: ``tokenizer``,
    ``char_wb``, ``csv_format``, ``cluster_vectors``, ``legacy``, ``docx_blocks``, ``zip_stream``), which is how
    the gain of each one is measured."""
    if os.environ.get("CUTRI_FAST", "1").strip().lower() in {"0", "false", "no", "off"}:
        return False
    off = {n.strip() for n in os.environ.get("CUTRI_FAST_OFF", "").split(",")}
    return name is None or name not in off


def versions_match(verified: dict[str, tuple[str, ...]]) -> bool:
    """True when every named distribution is installed at one of its verified versions.

    A verified version names a release ("3.3.2") or a release series ("9.5" covers
    9.5.0, 9.5.1, ...): the self-check at load still has the last word.
    """
    for name, allowed in verified.items():
        try:
            installed = version(name).split("+")[0].split(".")
        except PackageNotFoundError:
            return False
        if not any(installed[: len(v.split("."))] == v.split(".") for v in allowed):
            return False
    return True
