"""Chains the stages of a run and writes every artifact and the manifest.

``run`` is the library entry point behind ``cutri run``. It never prints:
progress goes through the optional ``progress`` callback object and the
outcome comes back as a ``RunResult``. All outputs are written atomically
(temp file + rename), so an interrupted run leaves the previous outputs intact.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import time
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Callable, Protocol, Sequence

import pandas as pd

from . import io
from . import schemas as S
from .config import Config
from .errors import InputError, StrictModeError

LIBRARIES = ("cutri", "pandas", "pyarrow", "underthesea", "scikit-learn", "numpy", "jinja2", "openpyxl",
             "python-docx", "xlrd", "viparse", "typer", "rich")


class Progress(Protocol):
    def stage(self, name: str, total: int | None = None) -> Callable[[int], None]:
        """Start a stage; returns a function that advances it by n units."""


class _Silent:
    def stage(self, name, total=None):
        return lambda n=1: None


@dataclass
class RunResult:
    out_dir: Path
    counts: dict
    rejects: pd.DataFrame
    warnings: list[str] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)
    timings: dict = field(default_factory=dict)


def default_out_dir(input_dir: Path) -> Path:
    return Path("data") / "processed" / Path(input_dir).resolve().name


def library_versions() -> dict:
    out = {"python": platform.python_version()}
    for name in LIBRARIES:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = None
    return out


def resolve_jobs(jobs: int) -> int:
    return jobs if jobs and jobs > 0 else (os.cpu_count() or 1)


def run(
    input_dir: Path,
    out_dir: Path | None = None,
    cfg: Config | None = None,
    corrections_files: Sequence[Path] = (),
    generated_at: str | None = None,
    progress: Progress | None = None,
) -> RunResult:
    """Process one round of minutes into the consolidated tables and reports."""
    from . import classify, cluster, corrections, ingest, records, report, training, vi_text

    cfg = cfg or Config()
    progress = progress or _Silent()
    input_dir = Path(input_dir)
    out_dir = Path(out_dir) if out_dir else default_out_dir(input_dir)
    if not input_dir.exists():
        raise InputError(f"Không tìm thấy thư mục đầu vào: {input_dir}")
    if not input_dir.is_dir():
        raise InputError(f"Đầu vào phải là một thư mục chứa biên bản: {input_dir}")
    if out_dir.resolve() == input_dir.resolve() or input_dir.resolve() in out_dir.resolve().parents:
        raise InputError(f"Thư mục kết quả {out_dir} không được nằm trong thư mục đầu vào {input_dir}.")
    io.ensure_writable_dir(out_dir)
    generated_at = generated_at or cfg.report.date or dt.date.today().isoformat()
    timings: dict[str, float] = {}
    warnings: list[str] = []
    cache_dir = cfg.cache_path()

    def timed(name):
        class _T:
            def __enter__(self):
                self.t = time.perf_counter()

            def __exit__(self, *exc):
                timings[name] = round(time.perf_counter() - self.t, 3)

        return _T()

    # 1. ingest
    with timed("ingest"):
        ingested = ingest.read_minutes(input_dir, cfg, progress=progress.stage("Đọc biên bản", None))
        items, short_rejects = records.build_recommendations(ingested.records, cfg.ingest)
    rejects = pd.concat([ingested.rejects, short_rejects], ignore_index=True)[S.REJECT_COLUMNS]

    # 2. tokenize
    with timed("tokenize"):
        advance = progress.stage("Tách từ", len(items))
        tokens, tok_stats = vi_text.tokenize_many(
            items[S.TEXT].tolist(), cache_dir=cache_dir, jobs=resolve_jobs(cfg.run.jobs), progress=advance
        )
        items = items.assign(tokens=tokens)

    # 3. corrections known for this round (earlier runs' corrections.csv + files given now)
    with timed("corrections_load"):
        corr = corrections.collect(out_dir, corrections_files, items, cfg)

    # 4. classify
    with timed("classify"):
        advance = progress.stage("Phân loại lĩnh vực, thẩm quyền", 1)
        extra = corr.training_rows(items) if cfg.run.learn else None
        train = training.training_set(cfg, extra)
        train_tokens, _ = vi_text.tokenize_many(train["text"].tolist(), cache_dir=cache_dir, jobs=resolve_jobs(cfg.run.jobs))
        train = train.assign(tokens=train_tokens)
        model = classify.fit_model(train, cfg, cache_dir=cache_dir)
        items = classify.classify_items(items, model, cfg)
        items = corr.apply_labels(items, cfg)
        advance(1)

    # 5. cluster
    with timed("cluster"):
        advance = progress.stage("Gộp kiến nghị trùng", 1)
        active = items[~items[S.NOT_RECOMMENDATION]] if S.NOT_RECOMMENDATION in items else items
        clustered = cluster.cluster_items(active, cfg.cluster)
        merged_items, clusters, review_pairs = corr.apply_clusters(items, clustered, cfg)
        warnings.extend(corr.warnings)  # complete only after merges and splits are resolved
        advance(1)
    items = S.ordered(merged_items, S.RECOMMENDATION_COLUMNS)

    meetings = ingested.meetings.copy()
    n_per_meeting = items.groupby(S.MEETING_ID).size()
    meetings["n_items"] = meetings[S.MEETING_ID].map(n_per_meeting).fillna(0).astype(int)
    meetings = S.ordered(meetings, S.MEETING_COLUMNS)

    # 6. write tables, corrections log, review workbook and reports
    with timed("write"):
        advance = progress.stage("Ghi kết quả", 1)
        outputs = []
        io.write_parquet(out_dir / "recommendations.parquet", items)
        io.write_csv(out_dir / "recommendations.csv", items)
        io.write_csv(out_dir / "meetings.csv", meetings)
        io.write_csv(out_dir / "rejects.csv", rejects)
        io.write_csv(out_dir / "skipped.csv", ingested.skipped[S.SKIPPED_COLUMNS])
        io.write_parquet(out_dir / "clusters.parquet", clusters)
        io.write_csv(out_dir / "clusters.csv", clusters)
        io.write_csv(out_dir / "review_pairs.csv", review_pairs)
        outputs += [out_dir / n for n in ("recommendations.parquet", "recommendations.csv", "meetings.csv",
                                          "rejects.csv", "skipped.csv", "clusters.parquet", "clusters.csv",
                                          "review_pairs.csv")]
        outputs += corr.write(out_dir)
        outputs += corrections.write_review_workbook(items, clusters, cfg, out_dir / "review.xlsx", generated_at,
                                                     corrections=corr)
        outputs += report.render_reports(items, clusters, meetings, cfg, out_dir, generated_at,
                                         corrections_count=corr.count_applied)
        advance(1)

    active = items[~items[S.NOT_RECOMMENDATION]]
    counts = {
        "files": len(ingested.files),
        "files_rejected": sum(1 for f in ingested.files if f.get("status") != "ok"),
        "meetings": len(meetings),
        "records_read": int(len(ingested.records)),
        "recommendations": int(len(items)),
        "recommendations_active": int(len(active)),
        "clusters": int(len(clusters)),
        "needs_review": int(items[S.NEEDS_REVIEW].sum()),
        "skipped": int(len(ingested.skipped)),
        "rejects": int(len(rejects)),
        "tokens_cached": tok_stats["cached"],
        "tokens_computed": tok_stats["tokenized"],
        "corrections_applied": corr.count_applied,
        "training_rows": int(len(train)),
        "units": int(items[S.UNIT].nunique()),
    }
    manifest = {
        "input_dir": input_dir.name,
        "generated_at": generated_at,
        "files": ingested.files,
        "encodings_converted": {f["path"]: f["encoding"] for f in ingested.files if f.get("encoding")},
        "counts": {k: v for k, v in counts.items() if not k.startswith("tokens_")},
        "model": {"key": model.key, "training_rows": model.n_train},
        "libraries": library_versions(),
        "settings": cfg.as_dict(),
    }
    manifest["settings"]["run"].pop("jobs", None)  # jobs change speed, never results
    manifest["settings"]["run"].pop("cache_dir", None)
    manifest["settings"]["run"].pop("store_dir", None)
    io.write_json(out_dir / "manifest.json", manifest)
    outputs.append(out_dir / "manifest.json")
    result = RunResult(out_dir, counts, rejects, warnings, outputs, timings)
    if cfg.run.strict and len(rejects):
        raise StrictModeError(
            f"Chế độ nghiêm ngặt (--strict): có {len(rejects)} dòng/tệp bị loại, xem {out_dir / 'rejects.csv'}."
        )
    return result
