"""The register's part of ``cutri run``: record the round, add the clusters columns."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import schemas as S
from ..config import Config


def enabled(cfg: Config) -> bool:
    """Every run records its round unless ``[register] record = false`` (``--no-register``)."""
    return bool(cfg.register.record)


def unchanged(cfg: Config, out_dir: Path) -> bool:
    """True when the register is as the previous run of ``out_dir`` left it (its
    ``Register.state`` is the one kept in manifest.json): the previous outputs still hold.
    Without a register there is nothing to check."""
    import json

    if not enabled(cfg):
        return True
    try:
        kept = json.loads((Path(out_dir) / "manifest.json").read_text(encoding="utf-8")).get("register_state")
    except (OSError, ValueError, AttributeError):
        return False
    if not kept:
        return False
    from . import RegisterError, open_register

    try:
        with open_register(None, cfg) as reg:
            return reg.state() == kept
    except RegisterError:
        return False  # the full run reports the problem


def check(cfg: Config, input_dir: Path) -> None:
    """Before any work: the register opens (created or migrated; not another file, not from a
    newer cutri, reachable) and the round's name does not clash (RegisterError otherwise), so
    a run that cannot record its round stops at once with one line, not after reading."""
    if not enabled(cfg):
        return
    from . import open_register

    with open_register(None, cfg) as reg:
        reg.check_round(round_name(cfg, input_dir), Path(input_dir).resolve().name)


def round_name(cfg: Config, input_dir: Path) -> str:
    """``--round``, else the configured session, else the input folder's name."""
    return (cfg.register.round or cfg.report.session or Path(input_dir).resolve().name).strip()


def record(cfg: Config, input_dir: Path, items: pd.DataFrame, clusters: pd.DataFrame, held_on: str,
           overrides: dict | None = None):
    """Record the round; returns (clusters with the register columns, RoundRecord)."""
    from . import REGISTER_COLUMNS, open_register

    r = cfg.report
    meta = {k: getattr(r, k) for k in ("province", "issuer", "round_name", "session", "term", "doc_number", "date")}
    with open_register(None, cfg) as reg:
        rec = reg.record_round(round_name(cfg, input_dir), Path(input_dir).resolve().name, held_on, items,
                               clusters, meta, overrides)
    cols = rec.columns.set_index(S.CLUSTER_ID)
    out = clusters.assign(**{c: clusters[S.CLUSTER_ID].map(cols[c]) for c in REGISTER_COLUMNS})
    out["times_raised"] = out["times_raised"].fillna(1).astype("int64")
    for c in ("register_id", "previous_rounds", "status"):
        out[c] = out[c].fillna("").astype(str)
    return out, rec


def report_clusters(clusters: pd.DataFrame) -> pd.DataFrame:
    """The clusters the report shows: repeated items carry "(đã kiến nghị tại ...)"."""
    from .wording import clusters_for_report

    return clusters_for_report(clusters)


def report_context(clusters: pd.DataFrame, record) -> dict | None:
    """``wording.report_context`` of a recorded round, None without a register."""
    if record is None:
        return None
    from .wording import report_context as ctx

    return ctx(clusters, record.history)


def split_files(cfg: Config, files) -> tuple[list, list]:
    """(corrections files, workbooks with link decisions) of the ``--corrections`` files.

    A review.xlsx with the register columns is in both; a register_review.xlsx of earlier
    versions holds link decisions only."""
    if not enabled(cfg):
        return list(files), []
    from .review import is_link_workbook_only, is_register_review

    links = [f for f in files if is_register_review(Path(f))]
    only = [f for f in links if is_link_workbook_only(Path(f))]
    return [f for f in files if f not in only], links


def review_links(clusters: pd.DataFrame, record, log: pd.DataFrame):
    """The register's columns for review.xlsx (None without a register)."""
    if record is None:
        return None
    from .review import review_links as links

    return links(clusters, record, log)


def load_overrides(out_dir: Path, files):
    from .review import load_overrides as load

    return load(out_dir, files)


def write_outputs(stage: Path, clusters: pd.DataFrame, record, log: pd.DataFrame) -> list[Path]:
    from .review import write_outputs as write

    return write(stage, clusters, record, log)
