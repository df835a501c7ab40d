"""Kept for imports written before the reader became a package: ``pipeline.segment``
is ``pipeline.ingest.segment`` (the same module object)."""

import sys

from .ingest import segment as _segment

sys.modules[__name__] = _segment
