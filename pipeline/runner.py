"""Wires the stages of a run: reading, corrections, tokens, classification, clustering,
the register, then the staged outputs and the manifest.

``run`` is the library entry point behind ``cutri run``. It never prints: progress goes
through the optional ``progress`` callback object and the outcome comes back as a
``RunResult``. Each stage is a plain call into its module; this file only hands their
results on. Elsewhere: the out folder's lock, staging and swap (``outdir``), the output
tables (``outputs``), the manifest and the unchanged-rerun check (``manifest``), the
modelling worker's calls (``modelling``) and the forked processes (``parallel``).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Protocol, Sequence

import pandas as pd

from . import io, modelling, outdir, outputs as out_tables, summary
from . import schemas as S
from .config import Config
from .errors import InputError, StrictModeError
from .manifest import (LIBRARIES, build_counts, build_manifest, library_versions, output_digests,  # noqa: F401
                       run_fingerprint, unchanged_result)  # re-exported: callers use runner.<name>
from .outputs import TABLES, write_tables  # noqa: F401  (re-exported)
from .parallel import Background, Worker, heap_frozen, release_memory


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


def resolve_jobs(jobs: int) -> int:
    cores = os.cpu_count() or 1
    return min(jobs, cores) if jobs and jobs > 0 else cores  # more processes than cores only cost memory


@outdir.cleans_up_new_out_dir  # a failed run leaves no new empty folder behind
def run(
    input_dir: Path,
    out_dir: Path | None = None,
    cfg: Config | None = None,
    corrections_files: Sequence[Path] = (),
    generated_at: str | None = None,
    progress: Progress | None = None,
    accept_other_round: bool = False,
) -> RunResult:
    """Process one round of minutes into the consolidated tables and reports."""
    from .register import runhook as register_hook

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
    # One writer per out folder: the lock is held from before the corrections log is read
    # until the new outputs are in place, so two runs never merge corrections from the same
    # old log (one of them would be lost); a second run stops with a message instead.
    with outdir.OutLock(out_dir):
        outdir.claim(out_dir, input_dir)  # another round's out folder is never overwritten
        outdir.clean_stale(out_dir)  # a killed run's staging folder and temp files
        generated_at = generated_at or cfg.report.date or dt.date.today().isoformat()
        t_check = time.perf_counter()
        fingerprint = run_fingerprint(input_dir, cfg, corrections_files, generated_at, out_dir)
        previous = unchanged_result(out_dir, fingerprint, cfg)
        if previous is not None and not register_hook.unchanged(cfg, out_dir):
            previous = None  # another round or answers came into the register since: run again
        if previous is not None:
            progress.stage("Đầu vào, cấu hình và hiệu chỉnh không đổi: giữ nguyên kết quả lần chạy trước", None)
            previous.timings["unchanged_check"] = round(time.perf_counter() - t_check, 3)
            return previous
        register_hook.check(cfg, input_dir)  # a register that cannot take the round: stop before reading
        # the new outputs are built in a staging folder inside out_dir and swapped in at the end
        stage = outdir.staging_dir(out_dir)
        try:
            return _run_stages(input_dir, out_dir, stage, cfg, corrections_files, generated_at, fingerprint, progress,
                               accept_other_round)
        finally:
            shutil.rmtree(stage, ignore_errors=True)


@dataclass
class _Run:
    """One run's settings and what its stages hand on to each other."""

    input_dir: Path
    out_dir: Path
    stage: Path  # the staging folder (outdir.staging_dir)
    cfg: Config
    generated_at: str
    fingerprint: str | None
    progress: Progress
    jobs: int
    accept_other_round: bool = False
    warnings: list[str] = field(default_factory=list)
    timings: dict = field(default_factory=dict)

    def timed(self, name: str):
        """``with r.timed("stage"):`` records the block's seconds in ``timings``."""
        run = self

        class _Timer:
            def __enter__(self):
                self.t = time.perf_counter()

            def __exit__(self, *exc):
                run.timings[name] = round(time.perf_counter() - self.t, 3)

        return _Timer()


def _run_stages(input_dir: Path, out_dir: Path, stage: Path, cfg: Config, corrections_files: Sequence[Path],
                generated_at: str, fingerprint: str | None, progress: Progress,
                accept_other_round: bool = False) -> RunResult:
    from . import training
    from .register import runhook as register_hook

    r = _Run(input_dir, out_dir, stage, cfg, generated_at, fingerprint, progress, resolve_jobs(cfg.run.jobs),
             accept_other_round)
    # The model depends on the training data only, not on this round's items: a second
    # process (the modelling worker) fits it (or loads it from the cache) while this one reads
    # and tokenizes the minutes, then classifies and clusters the items with it. Only that
    # process imports scikit-learn. Learning: other rounds' corrections train this round's
    # model; this round's own corrections are stored for the others (they already fix their
    # items here, and leaving them out lets a corrections-only rerun reuse the cached model).
    train = training.training_set(cfg, learn_from_rounds=cfg.run.learn, exclude_round=training.round_key(out_dir))
    with Worker(r.jobs) as worker:
        fitted = worker.submit_with_state(modelling.fit, train, cfg, cfg.cache_path())
        with r.timed("ingest"):
            ingested, items, rejects, records_read = read_round(r, corrections_files)
        with r.timed("corrections_load"):  # earlier runs' corrections.csv + files given now
            corrections_files, link_files = register_hook.split_files(cfg, corrections_files)
            corr = _collect_corrections(r, corrections_files, items, ingested.files)
        with r.timed("tokenize"):
            items, tok_stats = tokenize(r, items)
        with r.timed("fit_wait"):  # what is left of the model fit, if anything
            model_key, n_train, tok_stats = wait_for_model(r, fitted, tok_stats)
        with r.timed("classify"):
            items = classify(r, worker, items, corr)
        with r.timed("cluster"):
            items, clusters, review_pairs, pairs_found = cluster(r, worker, items, corr)
    items = S.ordered(items, S.RECOMMENDATION_COLUMNS)
    register_record = link_log = None
    if register_hook.enabled(cfg):  # record the round in the register; clusters get its columns
        with r.timed("register"):
            overrides, link_log = register_hook.load_overrides(out_dir, link_files)
            # matching against earlier rounds scores with scikit-learn's TfidfVectorizer: in a process
            # of its own, so this one (whose memory the write stage's processes share) never loads it
            with Background(r.jobs, register_hook.record, cfg, input_dir, items, clusters, generated_at,
                            overrides) as recorded:
                clusters, register_record = recorded.result()
            r.warnings.extend(register_record.warnings)
    # what only the earlier stages needed (the tokens among them) is freed before the write
    # stage forks its processes, which would otherwise each carry it
    release_memory()
    meetings = meetings_table(ingested.meetings, items)
    counts = build_counts(ingested, meetings, items, clusters, rejects, records_read, tok_stats,
                          corr.count_applied(), train)
    tables = {"recommendations": items, "meetings": meetings, "rejects": rejects,
              "skipped": ingested.skipped[S.SKIPPED_COLUMNS], "clusters": clusters, "review_pairs": review_pairs}
    with r.timed("write"), heap_frozen():  # the round's tables frozen for the garbage collector
        advance = progress.stage("Ghi kết quả", 1)
        staged, learnt = write_outputs(r, tables, corr, register_record, link_log)
        pairs = {"found": pairs_found, "kept": len(review_pairs), "dropped": pairs_found - len(review_pairs)}
        manifest = build_manifest(input_dir, generated_at, ingested, counts, model_key, n_train, train, cfg,
                                  r.warnings, fingerprint, output_digests(stage, staged),
                                  extra={"review_pairs": pairs,
                                         **({"register_state": register_record.state} if register_record else {})})
        io.write_json(stage / "manifest.json", manifest)
        # every file in at once, the manifest last; a locked or unwritable one leaves all as they were
        outputs = outdir.swap_in(staged + [stage / "manifest.json"], out_dir, stage)
        if learnt is not None:
            training.save_round_corrections(learnt, out_dir, cfg)
        advance(1)
    result = RunResult(out_dir, counts, rejects, r.warnings, outputs, r.timings)
    if cfg.run.strict and len(rejects):
        raise StrictModeError(
            f"Chế độ nghiêm ngặt (--strict): có {len(rejects)} dòng/tệp bị loại, xem {out_dir / 'rejects.csv'}."
        )
    return result


# --------------------------------------------------------------------------- the stages, one call each
def read_round(r: _Run, corrections_files: Sequence[Path]):
    """(ingested, items, rejects, records read): the minutes read and split into recommendations."""
    from . import ingest, records

    ingested = ingest.read_minutes(r.input_dir, r.cfg, progress=r.progress.stage("Đọc biên bản", None), jobs=r.jobs,
                                   exclude=corrections_files)
    items, short_rejects = records.build_recommendations(ingested.records, r.cfg.ingest)
    records_read = len(ingested.records)
    ingested.records = ingested.records.iloc[0:0]  # the raw rows are in items now: free them
    r.warnings.extend(out_tables.large_file_warnings(items, r.cfg.ingest.items_per_file_warning))
    if ingested.own_files:
        r.warnings.append("Không đọc các tệp do cutri tạo ra (kết quả, tệp hiệu chỉnh) nằm trong thư mục biên bản: "
                          + "; ".join(ingested.own_files))
    rejects = pd.concat([ingested.rejects, short_rejects], ignore_index=True)[S.REJECT_COLUMNS]
    # Thumbs.db, desktop.ini, ~$ lock files: no reject (--strict passes on a clean folder)
    rejects, ingested.files = summary.drop_clutter(rejects, ingested.files)
    return ingested, items, rejects, records_read


@dataclass
class _Corrections:
    """The analysts' corrections as the stages apply them: the table collected for this round,
    then as the label step and the cluster step leave it (``corrections`` is pure functions)."""

    table: pd.DataFrame
    warnings: tuple
    round_fingerprint: str
    labelled: object = None  # corrections.Labelled
    reclustered: object = None  # corrections.Reclustered

    def count_applied(self) -> int:
        from . import corrections

        return corrections.count_applied(*[x for x in (self.labelled, self.reclustered) if x is not None])


def _collect_corrections(r: _Run, files: Sequence[Path], items: pd.DataFrame, read_files: list) -> _Corrections:
    from . import corrections

    round_fp = corrections.round_fingerprint(read_files)
    collected = corrections.collect(r.out_dir, files, items, r.cfg, round_fingerprint=round_fp,
                                    accept_other_round=r.accept_other_round)
    return _Corrections(collected.table, tuple(collected.warnings), round_fp)


def tokenize(r: _Run, items: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """The items with their tokens (over the process pool), and the token cache's stats."""
    from . import vi_text

    texts = items[S.TEXT].tolist()
    tokens, stats = vi_text.tokenize_many(texts, cache_dir=r.cfg.cache_path(), jobs=r.jobs,
                                          progress=r.progress.stage("Tách từ", len(texts)))
    return items.assign(tokens=tokens), stats


def wait_for_model(r: _Run, fitted, tok_stats: dict) -> tuple[str, int, dict]:
    """(model key, training rows, token stats of items and training texts) once the fit is done."""
    advance = r.progress.stage("Huấn luyện mô hình phân loại", 1)
    model_key, n_train, train_stats = fitted.result()
    advance(1)
    rebuilt = [st.pop("cache_rebuilt", None) for st in (tok_stats, train_stats)]
    if any(rebuilt):
        r.warnings.append(f"Bộ nhớ đệm tách từ bị hỏng, đã tạo lại: {next(p for p in rebuilt if p)}")
    return model_key, n_train, {k: tok_stats[k] + train_stats[k] for k in tok_stats}


def classify(r: _Run, worker: Worker, items: pd.DataFrame, corr: _Corrections) -> pd.DataFrame:
    """The items with sector and authority from the model, then the analysts' label corrections."""
    from . import classify as classify_stage
    from . import corrections

    advance = r.progress.stage("Phân loại lĩnh vực, thẩm quyền", 1)
    columns = [S.ITEM_ID, S.TEXT, S.TOKENS] + [c for c in (classify_stage.SECTOR_HINT,) if c in items]
    labels = worker.submit_with_state(modelling.classify, items[columns], r.cfg, r.jobs).result()
    corr.labelled = corrections.apply_labels(corr.table, items.assign(**{c: labels[c] for c in S.CLASSIFY_COLUMNS}),
                                             r.cfg)
    items, corr.table = corr.labelled.items, corr.labelled.table
    advance(1)
    return items


CLUSTER_INPUT = [S.ITEM_ID, S.UNIT, S.TEXT, S.TOKENS, S.SECTOR, S.SECTOR_LABEL, S.AUTHORITY]


def cluster(r: _Run, worker: Worker, items: pd.DataFrame, corr: _Corrections):
    """(items, clusters, review pairs capped, review pairs found): duplicates merged, then the
    analysts' merges and splits, one authority per consolidated item."""
    from . import authority, corrections
    from . import cluster as cluster_stage

    advance = r.progress.stage("Gộp kiến nghị trùng", 1)
    active = items[~items[S.NOT_RECOMMENDATION]] if S.NOT_RECOMMENDATION in items else items
    needed = CLUSTER_INPUT + [c for c in (S.SECTOR_SOURCE,) if c in active]  # an analyst's sector holds
    cluster_ids, clusters, pairs = worker.submit_with_state(modelling.cluster, active[needed], r.cfg,
                                                            r.jobs).result()
    worker.submit_with_state(modelling.forget).result()  # frees the model (it stays otherwise with one job)
    clustered = cluster_stage.ClusterResult(active.assign(**{S.CLUSTER_ID: cluster_ids}), clusters,
                                            cluster_stage.review_pairs_frame(active[needed], pairs))
    corr.reclustered = corrections.apply_clusters(corr.table, items, clustered, r.cfg)
    items, clusters, review_pairs = corr.reclustered.items, corr.reclustered.clusters, corr.reclustered.review_pairs
    items, clusters = authority.settle(items, clusters)  # one authority per consolidated item
    r.warnings.extend(corr.warnings + corr.reclustered.warnings)  # complete only after merges and splits
    found = len(review_pairs)
    review_pairs = cap_pairs(r, review_pairs)
    advance(1)
    return items, clusters, review_pairs, found


def cap_pairs(r: _Run, review_pairs: pd.DataFrame) -> pd.DataFrame:
    """review_pairs.csv kept proportionate (here, after the corrections dropped theirs, one rule
    for every clustering backend), with a warning when pairs are left out."""
    c = r.cfg.cluster
    kept, dropped = out_tables.cap_review_pairs(review_pairs, c.review_pairs_per_item, c.review_pairs_max)
    if dropped:
        r.warnings.append(f"review_pairs.csv giữ {len(kept)} cặp gần giống nhất trong {len(review_pairs)} cặp "
                          f"cần xem (tối đa {c.review_pairs_per_item} cặp cho mỗi kiến nghị, {c.review_pairs_max} "
                          f"cặp tất cả; xem [cluster] trong tệp cấu hình).")
    return kept


def meetings_table(meetings: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """The meetings with their number of items."""
    meetings = meetings.copy()
    n_per_meeting = items.groupby(S.MEETING_ID).size()
    meetings["n_items"] = meetings[S.MEETING_ID].map(n_per_meeting).fillna(0).astype(int)
    return S.ordered(meetings, S.MEETING_COLUMNS)


def write_outputs(r: _Run, tables: dict, corr: _Corrections, register_record, link_log) -> tuple[list[Path], pd.DataFrame | None]:
    """(files written into the staging folder, this round's corrected items to learn from or None).

    A second process writes the tables and a third the review workbook, while this one
    renders the reports (with two more for report.docx and report.xlsx).
    """
    from . import corrections, report
    from .register import runhook as register_hook

    items, clusters, stage = tables["recommendations"], tables["clusters"], r.stage
    with Background(r.jobs, write_tables, tables, stage) as tables_written, \
            Background(r.jobs, corrections.write_review_workbook, items, clusters, r.cfg,
                       stage / "review.xlsx", r.generated_at, corrections=corr.table,
                       corrections_applied=corr.count_applied(), round_fingerprint=corr.round_fingerprint,
                       register_links=register_hook.review_links(clusters, register_record, link_log),
                       ) as review_written:
        written = corrections.write_log(corr.table, stage)
        if register_record is not None:  # the analyst's check of links to earlier rounds
            written += register_hook.write_outputs(stage, clusters, register_record, link_log)
        learnt = corrections.training_rows(corr.table, items) if r.cfg.run.learn else None
        rendered = report.render_reports(items, register_hook.report_clusters(clusters), tables["meetings"], r.cfg,
                                         stage, r.generated_at, corrections_count=corr.count_applied(), jobs=r.jobs,
                                         register=register_hook.report_context(clusters, register_record))
        return tables_written.result() + written + review_written.result() + rendered, learnt
