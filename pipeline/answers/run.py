"""The two stages end to end: ``run_answers`` (read, link, replay corrections, write, record in
the register) and ``run_follow_up`` (the supervision report). Called by the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..config import Config
from ..io import ensure_writable_dir, write_csv, write_parquet
from . import answers_table, link_answers, load_rules, read_answers
from .follow_up import as_of_date, follow_up_figures
from .follow_up_out import write_docx, write_html, write_xlsx
from .review import apply_corrections, load_corrections, save_corrections, write_review
from .rules import DEFAULT_RULES
from .store import candidates, store


@dataclass
class AnswersSummary:
    quotes: int
    linked_rows: int
    unlinked: int
    rejects: pd.DataFrame
    corrections: int
    stored_links: int
    uncertain: int
    out_dir: Path
    warnings: list


def run_answers(input_path: Path, register: str | None, out_dir: Path, round_name: str | None, cfg: Config) -> AnswersSummary:
    from ..register import open_register

    rules = load_rules()
    warnings = []
    # the register first: one that cannot be opened, or has not the round, stops the run
    # before anything is read or any folder is made
    with open_register(register, cfg) as reg:
        cands = candidates(reg, round_name)
        rows, rejects = read_answers(Path(input_path))  # a missing input stops here, no folder made
        ensure_writable_dir(out_dir)
        if cands.empty:
            warnings.append(f"Sổ theo dõi kiến nghị {reg.location} chưa ghi kỳ nào: mọi nội dung trả lời được liệt kê "
                            "là không khớp; hãy chạy 'cutri run' cho các kỳ trước rồi chạy lại.")
        linked = link_answers(rows, cands, cfg, rules)
        corr = load_corrections(out_dir)
        linked, n_corr = apply_corrections(linked, corr)
        table = answers_table(linked)
        n_links = store(reg, table)
    write_csv(out_dir / "answers.csv", table)
    write_parquet(out_dir / "answers.parquet", table)
    write_csv(out_dir / "answers_rejects.csv", rejects)
    write_review(out_dir / "answers_review.xlsx", table, cands)
    save_corrections(out_dir, corr)
    unlinked = int((table["register_id"] == "").sum())
    return AnswersSummary(quotes=len(rows), linked_rows=len(table) - unlinked, unlinked=unlinked, rejects=rejects,
                          corrections=n_corr, stored_links=n_links, uncertain=int((table["review_priority"] == 0).sum()),
                          out_dir=out_dir, warnings=warnings)


def follow_up_settings() -> dict:
    from ..io import read_toml

    return read_toml(DEFAULT_RULES, "tệp quy tắc trả lời kiến nghị").get("follow_up", {})


def run_follow_up(register: str | None, out_dir: Path, round_name: str | None, cfg: Config,
                  overdue_days: int | None = None) -> dict:
    from ..register import open_register

    s = follow_up_settings()
    days = int(overdue_days if overdue_days is not None else s.get("overdue_days", 60))
    if days < 0:
        from ..errors import InputError

        raise InputError(f"Số ngày quá hạn (--days) phải là số nguyên không âm, không phải {days}.")
    with open_register(register, cfg) as reg:
        entries = reg.entries(round_name=round_name)
        answers = reg.answers()
        rounds = reg.rounds()
    ensure_writable_dir(out_dir)
    f = follow_up_figures(entries, answers, rounds, cfg, round_name, as_of_date(answers, rounds, cfg), days,
                          int(s.get("repeat_min", 3)))
    write_docx(out_dir / "report.docx", f, cfg)
    write_html(out_dir / "report.html", f)
    write_xlsx(out_dir / "report.xlsx", f)
    return f
