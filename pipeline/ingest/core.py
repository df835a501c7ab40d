"""Reading a folder: one reader per file, in forked workers when asked."""

from __future__ import annotations

import contextlib
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterator, Sequence

import pandas as pd

from .. import schemas as S
from ..config import Config
from ..errors import FileReject, InputError
from ..io import sha256_file
from .diacritics import lacks_diacritics, unit_spellings
from .excel import _read_excel
from .formats import _read_doc, _read_odt, _read_pdf
from .files import _HINTS, FORMATS, list_input_files, unit_from_path
from .out import MEETING_BASE_COLUMNS, IngestResult, _Out
from .sniff import content_format
from .text import _read_txt
from .word import _read_docx

_SUPPORTED = ".xlsx, .xls, .ods, .docx, .doc, .odt, .pdf, .txt"

# --------------------------------------------------------------------------- entry point
def _links_outside(path: Path, rel: str) -> bool:
    """True for a file symlink whose target lies outside the input folder (never read)."""
    if not path.is_symlink() or not path.exists():
        return False
    root = path.parents[len(PurePosixPath(rel).parts) - 1].resolve()
    return not path.resolve().is_relative_to(root)


def _read_file(path: Path, rel: str, cfg: Config) -> tuple[_Out, dict]:
    """Read one input file: its rows (records numbered in file order) and its entry in ``files``.

    Never raises for a bad file: whatever goes wrong becomes a reject of that file.
    """
    ext = path.suffix.lower()
    fmt = FORMATS.get(ext)
    out = _Out(rel)
    outside = _links_outside(path, rel)
    try:
        digest = None if outside else sha256_file(path)
    except OSError:
        digest = None
    status = "ok"
    converted = None
    if fmt is None:
        status = "rejected"
        shown = ext or "không có phần mở rộng"
        out.reject("", f"Tệp {rel}: định dạng không hỗ trợ ({shown}); chỉ đọc {_SUPPORTED}."
                   + _HINTS.get(ext, ""))
    else:
        default_unit = unit_from_path(rel)
        try:
            if path.is_symlink() and not path.exists():
                raise FileReject("liên kết tượng trưng (symlink) bị hỏng hoặc trỏ vòng, không có tệp thật để đọc")
            if outside:
                raise FileReject("liên kết tượng trưng (symlink) trỏ ra ngoài thư mục biên bản, không đọc")
            if digest is None:
                raise FileReject("không mở được tệp (không có quyền đọc?)")
            if path.stat().st_size == 0:
                raise FileReject("tệp rỗng")
            fmt = content_format(path, fmt)
            if fmt in ("xlsx", "xls", "ods"):
                _read_excel(path, out, fmt, cfg, default_unit)
            elif fmt == "docx":
                _read_docx(path, out, cfg, default_unit)
            elif fmt == "pdf":
                _read_pdf(path, out, cfg, default_unit)
            elif fmt == "odt":
                _read_odt(path, out, cfg, default_unit)
            elif fmt == "doc":
                converted = _read_doc(path, out, cfg, default_unit)
            else:
                _read_txt(path, out, cfg, default_unit)
        except FileReject as exc:
            status = "rejected"
            kept = [r for r in out.rejects if r["location"]]  # sheet-level reasons stay
            out = _Out(rel, encoding=out.encoding)
            out.rejects = kept
            out.reject(exc.location, f"Không đọc được tệp {rel}: {exc.reason}.", exc.raw_text)
        except (OSError, MemoryError) as exc:
            status = "rejected"
            out = _Out(rel)
            out.reject("", f"Không đọc được tệp {rel}: lỗi hệ thống ({type(exc).__name__}).")
        except Exception as exc:  # one damaged file never stops the run
            status = "rejected"
            out = _Out(rel)
            out.reject("", f"Không đọc được tệp {rel}: nội dung tệp bị hỏng hoặc không đúng định dạng "
                           f"({type(exc).__name__}); hãy mở và lưu lại tệp.")
    out.records.sort(key=lambda rec: rec["_key"])
    for seq, rec in enumerate(out.records, start=1):
        rec.pop("_key")
        rec[S.SEQ] = seq
    entry = {
        # "format" is the format read, from the content (a .xlsx renamed .xls says "xlsx")
        "path": rel, "sha256": digest, "format": fmt or ext.lstrip("."), "encoding": out.encoding,
        "status": status, "n_records": len(out.records),
        # typed without diacritics (listed in the manifest; its units are matched by read_minutes)
        "no_diacritics": lacks_diacritics([r[S.TEXT_RAW] for r in out.records]),
    }
    if converted:
        entry["converted"] = converted  # a .doc read through LibreOffice's .docx
    return out, entry


def _load_readers(suffixes: set[str]) -> None:
    """Import the readers the files need and compile the legacy converters, before forking,
    so that every worker inherits them instead of loading them again."""
    from .. import normalize

    try:
        if suffixes & {".xlsx", ".xls"}:
            import openpyxl  # noqa: F401
            import openpyxl.styles.numbers  # noqa: F401
            import python_calamine  # noqa: F401
            import xlrd  # noqa: F401
        if ".docx" in suffixes:
            import docx  # noqa: F401
        normalize.could_be_legacy("")  # compiles both converters and the pre-check
    except Exception:  # a reader that cannot load fails in the worker, on its own file
        pass


def _read_files(candidates: list[tuple[Path, str]], cfg: Config, jobs: int) -> Iterator[tuple[_Out, dict]]:
    """``_read_file`` of every candidate, in the order given, by ``jobs`` forked processes.

    Results come back in the order of ``candidates`` whatever the order the workers
    finish in. A file whose worker failed (a crashed or killed process, a result that
    cannot be sent back) is read again here, in this process, so no file is lost.
    """
    import multiprocessing as mp

    if jobs <= 1 or len(candidates) < 2 or "fork" not in mp.get_all_start_methods():
        for path, rel in candidates:
            yield _read_file(path, rel, cfg)
        return
    from concurrent.futures import ProcessPoolExecutor

    _load_readers({p.suffix.lower() for p, _ in candidates})
    futures = []
    pool = None
    done = False
    try:
        try:
            pool = ProcessPoolExecutor(max_workers=min(jobs, len(candidates)), mp_context=mp.get_context("fork"))
            for path, rel in candidates:
                futures.append(pool.submit(_read_file, path, rel, cfg))
        except Exception:  # no process could be started, or the pool broke: the rest is read here
            pass
        for k, (path, rel) in enumerate(candidates):
            got = None
            if k < len(futures):
                try:
                    got = futures[k].result()
                except Exception:  # BrokenProcessPool and the like: read this file here instead
                    got = None
            yield got if got is not None else _read_file(path, rel, cfg)
        done = True
    finally:
        if pool is not None:
            if not done:  # an error or Ctrl-C in the caller: do not wait for the other files
                for proc in list((getattr(pool, "_processes", None) or {}).values()):
                    proc.terminate()
            pool.shutdown(wait=True, cancel_futures=True)


def read_minutes(
    input_dir: Path, cfg: Config, progress: Callable[[int], Any] | None = None, jobs: int = 1,
    exclude: Sequence[Path] = (),
) -> IngestResult:
    """Read all minutes under ``input_dir`` into one ``IngestResult``.

    Raises ``InputError`` only when the folder is missing, is not a folder, or
    holds no file in a supported format; any single bad file becomes a row of
    ``rejects`` instead. ``progress`` (optional) is called with 1 after each file,
    in this process. With ``jobs`` > 1 the files are read by that many forked
    processes; the result is the same as with one. cutri's own files (``exclude``: the
    corrections given to the run; workbooks it wrote; earlier out folders) are never read
    as minutes: they are listed in ``IngestResult.own_files``.
    """
    input_dir = Path(input_dir)
    if not input_dir.exists():
        raise InputError(f"Không tìm thấy thư mục đầu vào: {input_dir}")
    if not input_dir.is_dir():
        raise InputError(f"Đầu vào phải là một thư mục chứa biên bản: {input_dir}")
    ignored: list[str] = []
    own: list[str] = []
    candidates = list_input_files(input_dir, ignored, own, exclude)
    if not any(p.suffix.lower() in FORMATS for p, _ in candidates):
        names = [rel for _, rel in candidates]
        shown = "; ".join(names[:10]) + (f" và {len(names) - 10} tệp khác" if len(names) > 10 else "")
        raise InputError(
            f"Thư mục {input_dir} không có biên bản nào ở định dạng được hỗ trợ ({_SUPPORTED})."
            + (f" Các tệp không đọc được: {shown}." if names else "")
        )
    records, meetings, skipped, rejects, files = [], [], [], [], []
    with contextlib.closing(_read_files(candidates, cfg, jobs)) as results:
        for out, entry in results:
            records += out.records
            meetings += out.meetings
            skipped += out.skipped
            rejects += out.rejects
            files.append(entry)
            if progress is not None:
                progress(1)
    spelled = unit_spellings([r[S.UNIT] for r in records] + [m[S.UNIT] for m in meetings])
    for row in records + meetings:  # "Xa Dinh Tan" is the round's "Xã Định Tân"
        row[S.UNIT] = spelled.get(row[S.UNIT], row[S.UNIT])
    records_df = pd.DataFrame(records, columns=S.RAW_COLUMNS)
    records_df[S.ANSWERED] = records_df[S.ANSWERED].astype(bool)
    records_df[S.SEQ] = records_df[S.SEQ].astype(int)
    meetings_df = pd.DataFrame(meetings, columns=MEETING_BASE_COLUMNS)
    for col in ("voters_attending", "speaking_turns"):
        meetings_df[col] = meetings_df[col].astype("Int64")
    return IngestResult(
        records=records_df,
        meetings=meetings_df,
        skipped=pd.DataFrame(skipped, columns=S.SKIPPED_COLUMNS),
        rejects=pd.DataFrame(rejects, columns=S.REJECT_COLUMNS),
        files=files,
        ignored=ignored,
        own_files=own,
    )
