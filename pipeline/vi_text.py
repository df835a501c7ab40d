"""The only module that imports underthesea.

``tokenize_many`` word-segments texts with underthesea's ``word_tokenize``
(CRF, offline), after sentence-casing ALL-CAPS text, which it segments badly.
The output is ``word_tokenize``'s; unless ``CUTRI_FAST=0``, it is computed
faster by ``pipeline.fast.tokenizer`` (same result, checked when loaded).
Results are cached on disk by text hash (SQLite, one file), so a rerun never
tokenizes the same text twice, and large batches run over a process pool.

Texts of the bundled training corpus need no tokenizing at all: their tokens
ship with cutri in ``pipeline/data/seed_tokens.tsv`` (built by
``python -m pipeline.training --build-seed-tokens``), used only when they were
made with the installed underthesea version; otherwise those texts are
tokenized like any other.

Tokens are returned as one string: tokens separated by spaces, syllables inside
a multi-syllable token joined by "_":

>>> tokenize("Cử tri đề nghị sửa chữa đường liên xã")  # doctest: +SKIP
'Cử_tri đề_nghị sửa_chữa đường liên_xã'
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path
from typing import Callable, Iterable, Sequence

from . import fast
from .fast.tokenizer import word_tokenize_fast
from .normalize import sentence_case
from .parallel import fork_map

os.environ.setdefault("HF_HUB_OFFLINE", "1")

_segment: Callable[[str], str] | None = None
BUNDLED_TOKENS = Path(__file__).resolve().parent / "data" / "seed_tokens.tsv"
_bundled: dict[str, str] | None = None
_CHUNK = 256  # at most this many texts per task sent to a worker process
_MIN_CHUNK = 32
_MIN_POOL = 400  # fewer texts than this are tokenized in-process: a pool would not pay for itself


def model_dir() -> Path:
    """The folder of underthesea's word-segmentation model (features.bin, dictionary.bin, models.bin)."""
    import underthesea.pipeline.word_tokenize as wt

    return Path(wt.__file__).resolve().parent / "models" / "ws_crf_vlsp2013_20230727"


def _load() -> Callable[[str], str]:
    """Import underthesea and load the CRF model (once per process); returns the segmenter."""
    global _segment
    if _segment is None:
        from underthesea import word_tokenize

        word_tokenize("Khởi động", format="text")  # loads the model now, before any fork
        _segment = (fast.enabled("tokenizer") and word_tokenize_fast(word_tokenize, model_dir())) or (
            lambda text: word_tokenize(text, format="text")
        )
    return _segment


def chunk_size(n: int, jobs: int) -> int:
    """Texts per pool task: about 8 tasks per worker (even finish), between 32 and 256."""
    return max(_MIN_CHUNK, min(_CHUNK, -(-n // (8 * max(1, jobs)))))


def underthesea_version() -> str:
    from importlib.metadata import version

    return version("underthesea")


def tokenize(text: str) -> str:
    """Word-segment one text (no cache)."""
    if not text or not text.strip():
        return ""
    return _load()(sentence_case(text))


def _tokenize_chunk(texts: Sequence[str]) -> list[str]:
    return [tokenize(t) for t in texts]


def _key(text: str, version: str) -> str:
    return hashlib.sha1(f"{version}\x00{text}".encode("utf-8")).hexdigest()


def text_digest(text: str) -> str:
    """Key of a text in the bundled tokens file."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]


def read_bundled(path: Path | None = None) -> tuple[str | None, dict[str, str]]:
    """(underthesea version it was built with, text digest → tokens) of a bundled tokens file."""
    try:
        lines = Path(path or BUNDLED_TOKENS).read_text(encoding="utf-8").splitlines()
    except OSError:
        return None, {}
    if not lines or not lines[0].startswith("# underthesea "):
        return None, {}
    table = dict(line.split("\t", 1) for line in lines[1:] if "\t" in line)
    return lines[0][len("# underthesea "):].strip(), table


def write_bundled(texts: Sequence[str], tokens: Sequence[str], path: Path | None = None) -> int:
    """Write the bundled tokens file for ``texts`` (sorted by digest: stable diffs); returns rows."""
    rows = sorted({text_digest(t): k for t, k in zip(texts, tokens)}.items())
    body = "".join(f"{d}\t{k}\n" for d, k in rows)
    Path(path or BUNDLED_TOKENS).write_text(f"# underthesea {underthesea_version()}\n{body}", encoding="utf-8")
    return len(rows)


def bundled_tokens() -> dict[str, str]:
    """The bundled tokens when built with the installed underthesea, else {} (loaded once)."""
    global _bundled
    if _bundled is None:
        built_with, table = read_bundled()
        _bundled = table if built_with == underthesea_version() else {}
    return _bundled


class TokenCache:
    """On-disk cache text-hash → tokens, shared by all runs (SQLite, WAL).

    The cache is disposable: a file that is not a readable SQLite database (a
    disk error, a half-copied folder) is deleted and built again, and
    ``rebuilt`` tells the caller so it can say it.
    """

    def __init__(self, path: Path | None):
        self.path = path
        self._db = None
        self.rebuilt = False
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._db = self._open(path)
            except sqlite3.DatabaseError:
                self._db = self._rebuild(path)
            except (OSError, sqlite3.Error):
                self._db = None  # a cache that cannot be opened only costs time

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(str(path), timeout=30)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("CREATE TABLE IF NOT EXISTS tokens (k TEXT PRIMARY KEY, v TEXT NOT NULL)")
            if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("token cache failed its integrity check")
        except sqlite3.Error:
            db.close()
            raise
        return db

    def _rebuild(self, path: Path) -> sqlite3.Connection | None:
        try:
            for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                stale.unlink(missing_ok=True)
            db = self._open(path)
        except (OSError, sqlite3.Error):
            return None
        self.rebuilt = True
        return db

    def get_many(self, keys: list[str]) -> dict[str, str]:
        if self._db is None or not keys:
            return {}
        out: dict[str, str] = {}
        try:
            for i in range(0, len(keys), 900):
                part = keys[i : i + 900]
                q = "SELECT k, v FROM tokens WHERE k IN (%s)" % ",".join("?" * len(part))
                out.update(self._db.execute(q, part).fetchall())
        except sqlite3.DatabaseError:  # damaged after opening: start an empty cache
            self._db.close()
            self._db = self._rebuild(self.path)
            return {}
        return out

    def put_many(self, items: Iterable[tuple[str, str]]) -> None:
        if self._db is None:
            return
        try:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO tokens (k, v) VALUES (?, ?)", list(items))
        except sqlite3.Error:
            pass

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def tokenize_many(
    texts: Sequence[str],
    cache_dir: Path | None = None,
    jobs: int = 1,
    progress: Callable[[int], None] | None = None,
) -> tuple[list[str], dict]:
    """Tokenize ``texts``; returns (tokens per text, stats).

    ``stats`` holds ``cached`` (texts found in the cache) and ``tokenized``
    (texts run through underthesea), and ``cache_rebuilt`` (its path) when a
    damaged cache file was replaced by an empty one. ``jobs`` > 1 uses a process pool once
    there is enough work to pay for starting it.
    """
    version = underthesea_version()
    cache = TokenCache(Path(cache_dir) / "tokens.sqlite" if cache_dir else None)
    keys = [_key(t, version) for t in texts]
    try:
        found = cache.get_many(sorted(set(keys)))
        todo_keys: dict[str, str] = {}
        bundled = bundled_tokens()
        for k, t in zip(keys, texts):
            if k not in found and k not in todo_keys:
                shipped = bundled.get(text_digest(t)) if bundled else None
                if shipped is not None:
                    found[k] = shipped
                else:
                    todo_keys[k] = t
        if progress and found:
            progress(sum(1 for k in keys if k in found))
        todo = list(todo_keys.items())
        results: dict[str, str] = {}
        use_pool = jobs > 1 and len(todo) >= _MIN_POOL
        size = chunk_size(len(todo), jobs) if use_pool else _CHUNK
        chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
        if use_pool:
            _load()  # forked processes inherit the loaded model instead of each loading it

        def collect(i: int, toks: list[str]) -> None:
            results.update({k: v for (k, _), v in zip(chunks[i], toks)})
            if progress:
                progress(len(chunks[i]))

        fork_map(_tokenize_chunk, [[t for _, t in ch] for ch in chunks], jobs if use_pool else 1, on_result=collect)
        cache.put_many(sorted(results.items()))
        merged = {**found, **results}
        stats = {"cached": len(texts) - sum(1 for k in keys if k in results), "tokenized": len(results)}
        if cache.rebuilt:
            stats["cache_rebuilt"] = str(cache.path)
        return [merged[k] for k in keys], stats
    finally:
        cache.close()
