"""Merge the same recommendation raised by several units into one cluster.

``cluster_items(items, settings, jobs=1)`` gives every recommendation a ``cluster_id``,
builds the ``clusters`` table (one row per consolidated item) and lists the doubtful
pairs in ``review_pairs`` for an analyst. Content and place decide the merges; the
authority of a consolidated item is decided afterwards from all its members
(``authority.settle``).

Where each step lives:

``lexicon``     the word lists as data (``pipeline/data/cluster_lexicon.toml``: stop
                phrases, abbreviations, place triggers, number units, request objects;
                ``cluster_synonyms.toml``: paraphrases rewritten to one form), read once
                by ``lexicon()``, and the two text views (``content_text``,
                ``content_tokens``).
``entities``    the guard: places, road codes, legal documents, numbers with units, ages,
                request objects (``extract_entities``, ``guard_allows``).
``vectors``     word, syllable and char TF-IDF (or sentence embeddings) whose dot product
                is the combined similarity.
``neighbours``  candidate neighbours from a sparse syllable index, the best kept as edges.
``linkage``     constrained average linkage over the edges (the guard and the sector
                rule inside).
``tables``      the clusters table (representative text: the most central member) and
                the review pairs.
``stage``       ``cluster_items`` / ``cluster_rows`` / ``prepare_views``: wires the steps.

Two items merge only when the guard allows it and they share at least
``min_shared_terms`` content words. ``cluster_id`` is ``"C" + item_id`` of the cluster's
earliest member in frame order. Same input and settings give the same result, whatever
``jobs`` is.
"""

from .entities import _Guard, _GuardTable, extract_entities, guard_allows, guard_entities, request_objects
from .lexicon import TOKEN_SHARE, Lexicon, content_text, content_tokens, lexicon
from .stage import ClusterResult, Views, cluster_items, cluster_rows, prepare_views
from .tables import review_pairs_frame, review_pairs_rows

__all__ = [
    "ClusterResult",
    "Lexicon",
    "TOKEN_SHARE",
    "Views",
    "cluster_items",
    "cluster_rows",
    "content_text",
    "content_tokens",
    "extract_entities",
    "guard_allows",
    "guard_entities",
    "lexicon",
    "prepare_views",
    "request_objects",
    "review_pairs_frame",
    "review_pairs_rows",
    "_Guard",
    "_GuardTable",
]
