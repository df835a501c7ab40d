"""The manifest of a run (manifest.json) and the check that lets an unchanged rerun keep its outputs.

``build_counts`` and ``build_manifest`` describe a finished run; ``run_fingerprint`` hashes
everything that determines a run's outputs, and ``unchanged_result`` returns the previous
run's result when that hash and every output's digest still match.
"""

from __future__ import annotations

import platform
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

import pandas as pd

from . import io, outdir, summary, training
from . import schemas as S
from .config import Config
from .errors import StrictModeError

if TYPE_CHECKING:
    from .runner import RunResult

LIBRARIES = ("cutri", "pandas", "pyarrow", "underthesea", "scikit-learn", "numpy", "jinja2", "openpyxl",
             "python-docx", "python-calamine", "xlrd", "viparse", "typer", "rich")


def library_versions() -> dict:
    out = {"python": platform.python_version()}
    for name in LIBRARIES:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = None
    return out



def build_counts(ingested, meetings: pd.DataFrame, items: pd.DataFrame, clusters: pd.DataFrame,
                 rejects: pd.DataFrame, records_read: int, tok_stats: dict, corrections_applied: int,
                 train: pd.DataFrame) -> dict:
    """The run's counts (RunResult.counts; the manifest keeps those not about the token cache)."""
    active = items[~items[S.NOT_RECOMMENDATION]]
    return {
        "files": len(ingested.files),
        "files_rejected": sum(1 for f in ingested.files if f.get("status") != "ok"),
        "meetings": len(meetings),
        "records_read": int(records_read),
        "recommendations": int(len(items)),
        "recommendations_active": int(len(active)),
        "clusters": int(len(clusters)),
        "needs_review": int(items[S.NEEDS_REVIEW].sum()),
        "skipped": int(len(ingested.skipped)),
        "rejects": int(len(rejects)),
        "rows_rejected": summary.rejected_rows(rejects, ingested.files),
        "tokens_cached": tok_stats["cached"],
        "tokens_computed": tok_stats["tokenized"],
        "corrections_applied": corrections_applied,
        "training_rows": int(len(train)),
        "office_rows": training.office_summary(train)["office_rows"],
        "units": int(items[S.UNIT].nunique()),
    }


def build_manifest(input_dir: Path, generated_at: str, ingested, counts: dict, model_key: str, n_train: int,
                   train: pd.DataFrame, cfg: Config, warnings: list[str], fingerprint: str | None,
                   outputs: dict, extra: dict | None = None) -> dict:
    """manifest.json: the input, files read, counts, model, libraries, settings, warnings and output digests.

    Settings that change speed only (jobs, cache and store folders) and the register's URL
    (it may hold a password) are left out. ``extra``: more top-level keys.
    """
    manifest = {
        "input_dir": input_dir.name,
        **outdir.input_identity(input_dir),
        "generated_at": generated_at,
        "files": ingested.files,
        "encodings_converted": {f["path"]: f["encoding"] for f in ingested.files if f.get("encoding")},
        "ignored_files": list(getattr(ingested, "ignored", [])),  # OS clutter, not read (issue 16)
        "own_files": list(ingested.own_files),  # cutri's outputs and corrections files, not read
        "no_diacritics": [f["path"] for f in ingested.files if f.get("no_diacritics")],  # issue 16
        "counts": {k: v for k, v in counts.items() if not k.startswith("tokens_")},
        "model": {"key": model_key, "training_rows": n_train, "office": training.office_summary(train)},
        "libraries": library_versions(),
        "settings": cfg.as_dict(),
        **(extra or {}),
    }
    manifest["settings"]["run"].pop("jobs", None)  # jobs change speed, never results
    manifest["settings"]["run"].pop("cache_dir", None)
    manifest["settings"]["run"].pop("store_dir", None)
    manifest["settings"]["register"].pop("url", None)  # may hold a server password
    manifest["warnings"] = list(warnings)
    manifest["run_fingerprint"] = fingerprint
    manifest["outputs"] = outputs
    return manifest


_CODE_DIRS = (Path(__file__).resolve().parent, Path(__file__).resolve().parent.parent / "reports" / "templates")


def _digest_tree(h, root: Path) -> None:
    """Feed relative path and bytes of every file under ``root`` (sorted) into ``h``."""
    root = Path(root)
    if not root.exists():
        h.update(f"missing:{root.name}\x00".encode())
        return
    files = sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for p in files:
        h.update(p.relative_to(root).as_posix().encode("utf-8", "surrogateescape") + b"\x00")
        h.update(io.sha256_file(p).encode() + b"\x00")


def run_fingerprint(input_dir: Path, cfg: Config, corrections_files: Sequence[Path], generated_at: str,
                    out_dir: Path | None = None) -> str | None:
    """Hash of everything that determines a run's outputs, or None when it cannot be computed.

    Covers every file under ``input_dir``, the correction files given now, the
    settings (except jobs and cache location, which change speed only), the
    report date, the training store, the library versions and cutri's own code,
    data and templates. Two runs with the same fingerprint and untouched outputs
    produce the same bytes, so the second can keep the first one's outputs. The
    corrections log of ``out_dir`` (read back by the next run) is one of those
    outputs: ``unchanged_result`` checks it like the others.
    """
    import dataclasses
    import hashlib
    import json

    h = hashlib.sha256()
    try:
        settings = dataclasses.asdict(cfg)
        for key in ("jobs", "cache_dir"):
            settings["run"].pop(key, None)
        h.update(json.dumps(settings, sort_keys=True, default=str, ensure_ascii=False).encode("utf-8"))
        h.update(json.dumps(library_versions(), sort_keys=True).encode())
        h.update(f"\x00{generated_at}\x00{Path(input_dir).name}\x00".encode("utf-8", "surrogateescape"))
        for d in _CODE_DIRS:
            _digest_tree(h, d)
        if cfg.report.templates_dir:
            _digest_tree(h, Path(cfg.report.templates_dir))
        store = cfg.store_path() / "labels.csv"
        h.update((io.sha256_file(store) if store.exists() else "no-store").encode())
        if cfg.run.learn:  # other rounds' corrections are training data; this round's own are not
            from .training import corrections_store, round_key

            own = round_key(out_dir) if out_dir is not None else None
            folder = corrections_store(cfg)
            for p in sorted(folder.glob("*.csv")) if folder.is_dir() else ():
                if p.stem != own:
                    h.update(f"\x00learnt:{p.name}:{io.sha256_file(p)}".encode())
        for f in corrections_files:
            h.update(f"\x00corr:{Path(f).resolve()}:{io.sha256_file(Path(f))}".encode("utf-8", "surrogateescape"))
        h.update(b"\x00inputs\x00")
        _digest_tree(h, Path(input_dir))
    except (OSError, ValueError, TypeError):
        return None  # unreadable input: no shortcut, the full run reports the problem
    return h.hexdigest()


def output_digests(out_dir: Path, outputs: Sequence[Path]) -> dict:
    out = {}
    for p in outputs:
        p = Path(p)
        if p.name != "manifest.json" and p.exists():
            out[p.relative_to(out_dir).as_posix() if p.is_relative_to(out_dir) else str(p)] = io.sha256_file(p)
    return dict(sorted(out.items()))


def unchanged_result(out_dir: Path, fingerprint: str | None, cfg: Config) -> RunResult | None:
    """The previous run's result when its fingerprint matches and its outputs are intact, else None."""
    import json

    if fingerprint is None:
        return None
    try:
        manifest = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("run_fingerprint") != fingerprint or not manifest.get("outputs"):
            return None
        if (out_dir / "corrections.csv").exists() and "corrections.csv" not in manifest["outputs"]:
            return None  # a corrections log this run did not write: it must be read
        for name, digest in manifest["outputs"].items():
            path = out_dir / name
            if not path.is_file() or io.sha256_file(path) != digest:
                return None
        rejects = pd.read_csv(out_dir / "rejects.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    for col in rejects.columns:  # undo io.write_csv's formula defusing
        rejects[col] = rejects[col].map(
            lambda v: v[1:] if v.startswith("'") and v[1:2] and v[1] in io.FORMULA_PREFIXES else v)
    counts = dict(manifest["counts"])
    counts["tokens_cached"] = counts.get("recommendations", 0)
    counts["tokens_computed"] = 0
    outputs = [out_dir / n for n in manifest["outputs"]] + [out_dir / "manifest.json"]
    from .runner import RunResult

    result = RunResult(out_dir, counts, rejects.reindex(columns=S.REJECT_COLUMNS, fill_value=""),
                       list(manifest.get("warnings", [])), outputs, {})
    if cfg.run.strict and len(rejects):
        raise StrictModeError(
            f"Chế độ nghiêm ngặt (--strict): có {len(rejects)} dòng/tệp bị loại, xem {out_dir / 'rejects.csv'}."
        )
    return result
