"""Stream a zip entry at a chosen deflate level.

Stands in for ``ZipFile.writestr(info, data, compresslevel=level)``, which needs the whole
entry in memory (a 200,000-item round's annex is hundreds of megabytes of XML). The public
``ZipFile.open(info, "w")`` streams, but takes the deflate level of a ``ZipInfo`` given to it
only from the ``ZipInfo`` itself: ``compress_level`` from Python 3.13, the private
``_compresslevel`` before (what ``writestr`` sets). ``level_setter()`` returns a function
that sets it, after a check at load that an entry streamed this way is byte for byte the
entry ``writestr`` writes; ``None`` when the check fails or the Python version is not one it
was verified on, and the caller writes the joined bytes with ``writestr``.
"""

from __future__ import annotations

import functools
import io
import sys
import zipfile

VERIFIED_PYTHON = ((3, 11), (3, 12), (3, 13))


def _set_level(info: zipfile.ZipInfo, level: int) -> None:
    if hasattr(info, "compress_level"):  # public from Python 3.13
        info.compress_level = level
    else:
        info._compresslevel = level


def _check() -> bool:
    data = [b"<row>" + str(i).encode() * 40 + b"</row>" for i in range(500)]

    def written(stream: bool) -> bytes:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            info = zipfile.ZipInfo("sheet.xml", date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            if stream:
                _set_level(info, 3)
                with z.open(info, "w") as entry:
                    for piece in data:
                        entry.write(piece)
            else:
                z.writestr(info, b"".join(data), compresslevel=3)
        return buf.getvalue()

    try:
        return written(True) == written(False)
    except Exception:  # an attribute that no longer exists or means something else
        return False


@functools.lru_cache(maxsize=1)
def level_setter():
    """``set(info, level)`` for ``ZipFile.open(info, "w")``, or None (use ``writestr``)."""
    if sys.version_info[:2] not in VERIFIED_PYTHON or not _check():
        return None
    return _set_level
