"""The only module that imports underthesea.

``tokenize_many`` word-segments texts with underthesea's ``word_tokenize``
(CRF, offline), after sentence-casing ALL-CAPS text, which it segments badly.
Results are cached on disk by text hash (SQLite, one file), so a rerun never
tokenizes the same text twice, and large batches run over a process pool.

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

from .normalize import sentence_case

os.environ.setdefault("HF_HUB_OFFLINE", "1")

_word_tokenize = None
_CHUNK = 256  # at most this many texts per task sent to a worker process
_MIN_CHUNK = 32
_MIN_POOL = 400  # fewer texts than this are tokenized in-process: a pool would not pay for itself


def _load():
    """Import underthesea and load the CRF model (once per process)."""
    global _word_tokenize
    if _word_tokenize is None:
        from underthesea import word_tokenize

        word_tokenize("Khởi động", format="text")  # loads the model now, before any fork
        _word_tokenize = word_tokenize
    return _word_tokenize


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
    return _load()(sentence_case(text), format="text")


def _tokenize_chunk(texts: Sequence[str]) -> list[str]:
    return [tokenize(t) for t in texts]


def _key(text: str, version: str) -> str:
    return hashlib.sha1(f"{version}\x00{text}".encode("utf-8")).hexdigest()


class TokenCache:
    """On-disk cache text-hash → tokens, shared by all runs (SQLite, WAL)."""

    def __init__(self, path: Path | None):
        self.path = path
        self._db = None
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(str(path), timeout=30)
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("CREATE TABLE IF NOT EXISTS tokens (k TEXT PRIMARY KEY, v TEXT NOT NULL)")
            except (OSError, sqlite3.Error):
                self._db = None  # a cache that cannot be opened only costs time

    def get_many(self, keys: list[str]) -> dict[str, str]:
        if self._db is None or not keys:
            return {}
        out: dict[str, str] = {}
        for i in range(0, len(keys), 900):
            part = keys[i : i + 900]
            q = "SELECT k, v FROM tokens WHERE k IN (%s)" % ",".join("?" * len(part))
            out.update(self._db.execute(q, part).fetchall())
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
    (texts run through underthesea). ``jobs`` > 1 uses a process pool once
    there is enough work to pay for starting it.
    """
    version = underthesea_version()
    cache = TokenCache(Path(cache_dir) / "tokens.sqlite" if cache_dir else None)
    keys = [_key(t, version) for t in texts]
    try:
        found = cache.get_many(sorted(set(keys)))
        todo_keys: dict[str, str] = {}
        for k, t in zip(keys, texts):
            if k not in found and k not in todo_keys:
                todo_keys[k] = t
        if progress and found:
            progress(sum(1 for k in keys if k in found))
        todo = list(todo_keys.items())
        results: dict[str, str] = {}
        use_pool = jobs > 1 and len(todo) >= _MIN_POOL
        size = chunk_size(len(todo), jobs) if use_pool else _CHUNK
        chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
        if use_pool:
            import multiprocessing as mp
            from concurrent.futures import ProcessPoolExecutor

            fork = "fork" in mp.get_all_start_methods()
            if fork:
                _load()  # forked workers inherit the loaded model instead of each loading it
            ctx = mp.get_context("fork") if fork else None
            with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
                futures = [pool.submit(_tokenize_chunk, [t for _, t in ch]) for ch in chunks]
                for ch, fut in zip(chunks, futures):
                    toks = fut.result()
                    results.update({k: v for (k, _), v in zip(ch, toks)})
                    if progress:
                        progress(len(ch))
        else:
            for ch in chunks:
                toks = _tokenize_chunk([t for _, t in ch])
                results.update({k: v for (k, _), v in zip(ch, toks)})
                if progress:
                    progress(len(ch))
        cache.put_many(sorted(results.items()))
        merged = {**found, **results}
        return [merged[k] for k in keys], {"cached": len(texts) - sum(1 for k in keys if k in results), "tokenized": len(results)}
    finally:
        cache.close()
