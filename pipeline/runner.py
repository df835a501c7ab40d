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
import shutil
import time
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Callable, Protocol, Sequence

import pandas as pd

from . import io, outdir, summary
from . import schemas as S
from .config import Config
from .errors import InputError, StrictModeError
from .parallel import Background, Worker, heap_frozen, release_memory  # noqa: F401  (Background: re-exported for callers)

LIBRARIES = ("cutri", "pandas", "pyarrow", "underthesea", "scikit-learn", "numpy", "jinja2", "openpyxl",
             "python-docx", "python-calamine", "xlrd", "viparse", "typer", "rich")


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


# The modelling worker's state: the model fitted by ``fit_task`` for the calls that follow,
# and the items' cluster views prepared by ``classify_task`` for ``cluster_task``.
_MODEL = None
_VIEWS = None


def fit_task(train: pd.DataFrame, cfg: Config, cache_dir: Path | None) -> tuple[str, int, dict]:
    """Tokenize the training texts (bundled or cached: nearly free) and fit or load the model.

    Keeps the model for ``classify_task``; returns (model key, training rows, token stats).
    """
    global _MODEL
    from . import classify, vi_text

    tokens, stats = vi_text.tokenize_many(train["text"].tolist(), cache_dir=cache_dir, jobs=1)
    _MODEL = classify.fit_model(train.assign(tokens=tokens), cfg, cache_dir=cache_dir)
    return _MODEL.key, _MODEL.n_train, stats


def classify_task(frame: pd.DataFrame, cfg: Config, jobs: int) -> pd.DataFrame:
    """CLASSIFY_COLUMNS of ``frame`` (item_id, text, tokens) by the model of ``fit_task``.

    While forked processes predict, this one prepares the items' cluster views (they need
    no label) for ``cluster_task``: the two stages' work overlaps.
    """
    from . import classify, cluster

    def prepare():
        global _VIEWS
        _VIEWS = cluster.prepare_views(frame, cfg.cluster, jobs=jobs)

    return classify.classify_items(frame, _MODEL, cfg, jobs=jobs, meanwhile=prepare)[S.CLASSIFY_COLUMNS]


def cluster_task(active: pd.DataFrame, cfg: Config, jobs: int):
    """(cluster_id column, clusters, review pairs as ``cluster.review_pairs_rows``) of ``cluster.cluster_items``,
    with the views ``classify_task`` prepared when ``active`` holds the same items."""
    from . import cluster

    global _VIEWS
    views, _VIEWS = _VIEWS, None
    # the review pairs go back as row numbers: their texts are already in the main process
    return cluster.cluster_rows(active, cfg.cluster, jobs=jobs, views=views)


def forget_task() -> None:
    global _MODEL, _VIEWS
    _MODEL = _VIEWS = None


TABLES = (("recommendations", "parquet"), ("recommendations", "csv"), ("meetings", "csv"), ("rejects", "csv"),
          ("skipped", "csv"), ("clusters", "parquet"), ("clusters", "csv"), ("review_pairs", "csv"))


def write_tables(tables: dict[str, pd.DataFrame], stage: Path) -> list[Path]:
    """Write the TABLES files into ``stage``; return their paths."""
    paths = []
    for name, kind in TABLES:
        path = stage / f"{name}.{kind}"
        (io.write_parquet if kind == "parquet" else io.write_csv)(path, tables[name])
        paths.append(path)
    return paths


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
) -> RunResult:
    """Process one round of minutes into the consolidated tables and reports."""
    from . import authority, classify, cluster, corrections, ingest, records, report, training, vi_text
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
    outdir.claim(out_dir, input_dir)  # another round's out folder is never overwritten
    io.ensure_writable_dir(out_dir)
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

    jobs = resolve_jobs(cfg.run.jobs)
    # 0. The model depends on the training data only, not on this round's items: a second
    # process (the modelling worker) fits it (or loads it from the cache) while this one reads
    # and tokenizes the minutes, then classifies and clusters the items with it. Only that
    # process imports scikit-learn. Learning: other rounds' corrections train this round's
    # model; this round's own corrections are stored for the others (they already fix their
    # items here, and leaving them out lets a corrections-only rerun reuse the cached model).
    this_round = training.round_key(out_dir)
    train = training.training_set(cfg, learn_from_rounds=cfg.run.learn, exclude_round=this_round)
    with Worker(jobs) as modelling:
        fitted = modelling.submit(fit_task, train, cfg, cache_dir)
        # 1. ingest
        with timed("ingest"):
            ingested = ingest.read_minutes(input_dir, cfg, progress=progress.stage("Đọc biên bản", None), jobs=jobs,
                                           exclude=corrections_files)
            items, short_rejects = records.build_recommendations(ingested.records, cfg.ingest)
            records_read = len(ingested.records)
            ingested.records = ingested.records.iloc[0:0]  # the raw rows are in items now: free them
        if ingested.own_files:
            warnings.append("Không đọc các tệp do cutri tạo ra (kết quả, tệp hiệu chỉnh) nằm trong thư mục biên bản: "
                            + "; ".join(ingested.own_files))
        rejects = pd.concat([ingested.rejects, short_rejects], ignore_index=True)[S.REJECT_COLUMNS]
        # Thumbs.db, desktop.ini, ~$ lock files: no reject (--strict passes on a clean folder)
        rejects, ingested.files = summary.drop_clutter(rejects, ingested.files)

        # 2. corrections known for this round (earlier runs' corrections.csv + files given now)
        with timed("corrections_load"):
            corrections_files, link_files = register_hook.split_files(cfg, corrections_files)
            corr = corrections.collect(out_dir, corrections_files, items, cfg)

        # 3. tokenize the items over the process pool
        with timed("tokenize"):
            texts = items[S.TEXT].tolist()
            tokens, tok_stats = vi_text.tokenize_many(texts, cache_dir=cache_dir, jobs=jobs,
                                                      progress=progress.stage("Tách từ", len(texts)))
            items = items.assign(tokens=tokens)
        with timed("fit_wait"):  # what is left of the model fit, if anything
            advance = progress.stage("Huấn luyện mô hình phân loại", 1)
            model_key, n_train, train_stats = fitted.result()
            advance(1)
        rebuilt = [st.pop("cache_rebuilt", None) for st in (tok_stats, train_stats)]
        if any(rebuilt):
            warnings.append(f"Bộ nhớ đệm tách từ bị hỏng, đã tạo lại: {next(p for p in rebuilt if p)}")
        tok_stats = {k: tok_stats[k] + train_stats[k] for k in tok_stats}

        # 4. classify
        with timed("classify"):
            advance = progress.stage("Phân loại lĩnh vực, thẩm quyền", 1)
            labels = modelling.submit(classify_task, items[[S.ITEM_ID, S.TEXT, S.TOKENS] + [c for c in (classify.SECTOR_HINT,) if c in items]], cfg, jobs).result()
            items = corr.apply_labels(items.assign(**{c: labels[c] for c in S.CLASSIFY_COLUMNS}), cfg)
            advance(1)

        # 5. cluster
        with timed("cluster"):
            advance = progress.stage("Gộp kiến nghị trùng", 1)
            active = items[~items[S.NOT_RECOMMENDATION]] if S.NOT_RECOMMENDATION in items else items
            needed = [S.ITEM_ID, S.UNIT, S.TEXT, S.TOKENS, S.SECTOR, S.SECTOR_LABEL, S.AUTHORITY]
            cluster_ids, clusters, pairs = modelling.submit(cluster_task, active[needed], cfg, jobs).result()
            modelling.submit(forget_task).result()  # frees the model (it stays otherwise with one job)
            clustered = cluster.ClusterResult(active.assign(**{S.CLUSTER_ID: cluster_ids}), clusters,
                                              cluster.review_pairs_frame(active[needed], pairs))
            merged_items, clusters, review_pairs = corr.apply_clusters(items, clustered, cfg)
            merged_items, clusters = authority.settle(merged_items, clusters)  # one authority per consolidated item
            warnings.extend(corr.warnings)  # complete only after merges and splits are resolved
            advance(1)
    items = S.ordered(merged_items, S.RECOMMENDATION_COLUMNS)
    register_record = None
    if register_hook.enabled(cfg):  # record the round in the register; clusters get its columns
        with timed("register"):
            overrides, link_log = register_hook.load_overrides(out_dir, link_files)
            clusters, register_record = register_hook.record(cfg, input_dir, items, clusters, generated_at, overrides)
            warnings.extend(register_record.warnings)
    # what only the earlier stages needed (the tokens among them) is freed before the write
    # stage forks its processes, which would otherwise each carry it
    del merged_items, active, clustered, labels, texts, tokens, cluster_ids, pairs
    release_memory()

    meetings = ingested.meetings.copy()
    n_per_meeting = items.groupby(S.MEETING_ID).size()
    meetings["n_items"] = meetings[S.MEETING_ID].map(n_per_meeting).fillna(0).astype(int)
    meetings = S.ordered(meetings, S.MEETING_COLUMNS)

    # 6. write tables, corrections log, review workbook and reports; the round's tables are
    # frozen for the garbage collector (parallel.heap_frozen) while the write stage runs
    with timed("write"), heap_frozen():
        advance = progress.stage("Ghi kết quả", 1)
        # Everything is written into a staging folder inside out_dir, then moved into
        # place at once: an interrupted run (Ctrl-C, full disk) leaves the previous
        # outputs as they were, never a mix of old and new files.
        stage = out_dir / f".cutri-dang-ghi-{os.getpid()}"
        shutil.rmtree(stage, ignore_errors=True)
        stage.mkdir(parents=True)
        outputs = []
        learnt = None
        try:
            tables = {"recommendations": items, "meetings": meetings, "rejects": rejects,
                      "skipped": ingested.skipped[S.SKIPPED_COLUMNS], "clusters": clusters,
                      "review_pairs": review_pairs}
            # a second process writes the tables and a third the review workbook, while this
            # one renders the reports (with two more for report.docx and report.xlsx)
            with Background(jobs, write_tables, tables, stage) as tables_written, \
                    Background(jobs, corrections.write_review_workbook, items, clusters, cfg,
                               stage / "review.xlsx", generated_at, corrections=corr) as review_written:
                outputs += corr.write(stage)
                if register_record is not None:  # the analyst's check of links to earlier rounds
                    outputs += register_hook.write_outputs(stage, clusters, register_record, link_log)
                if cfg.run.learn:
                    learnt = corr.training_rows(items)
                rendered = report.render_reports(items, register_hook.report_clusters(clusters), meetings, cfg,
                                                 stage, generated_at,
                                                 corrections_count=corr.count_applied, jobs=jobs,
                                                 register=register_hook.report_context(clusters, register_record))
                outputs = tables_written.result() + outputs + review_written.result() + rendered
            for p in outputs:
                os.replace(p, out_dir / p.name)
        finally:
            shutil.rmtree(stage, ignore_errors=True)
        outputs = [out_dir / p.name for p in outputs]
        if learnt is not None:
            training.save_round_corrections(learnt, out_dir, cfg)
        advance(1)

    active = items[~items[S.NOT_RECOMMENDATION]]
    counts = {
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
        "corrections_applied": corr.count_applied,
        "training_rows": int(len(train)),
        "office_rows": training.office_summary(train)["office_rows"],
        "units": int(items[S.UNIT].nunique()),
    }
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
    }
    manifest["settings"]["run"].pop("jobs", None)  # jobs change speed, never results
    manifest["settings"]["run"].pop("cache_dir", None)
    manifest["settings"]["run"].pop("store_dir", None)
    manifest["settings"]["register"].pop("url", None)  # may hold a server password
    manifest["warnings"] = list(warnings)
    manifest["run_fingerprint"] = fingerprint
    if register_record is not None:
        manifest["register_state"] = register_record.state
    manifest["outputs"] = output_digests(out_dir, outputs)
    io.write_json(out_dir / "manifest.json", manifest)
    outputs.append(out_dir / "manifest.json")
    result = RunResult(out_dir, counts, rejects, warnings, outputs, timings)
    if cfg.run.strict and len(rejects):
        raise StrictModeError(
            f"Chế độ nghiêm ngặt (--strict): có {len(rejects)} dòng/tệp bị loại, xem {out_dir / 'rejects.csv'}."
        )
    return result


# --------------------------------------------------------------------------- rerun with nothing changed
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
    result = RunResult(out_dir, counts, rejects.reindex(columns=S.REJECT_COLUMNS, fill_value=""),
                       list(manifest.get("warnings", [])), outputs, {})
    if cfg.run.strict and len(rejects):
        raise StrictModeError(
            f"Chế độ nghiêm ngặt (--strict): có {len(rejects)} dòng/tệp bị loại, xem {out_dir / 'rejects.csv'}."
        )
    return result
