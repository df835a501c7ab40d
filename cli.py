"""cutri command line: a thin Typer layer over ``pipeline``.

Each command parses its options, builds a Config, calls one library function
and prints the outcome in Vietnamese. Library errors (``CutriError``) become a
one-line message and exit code 1; usage errors exit 2; nothing else leaks a
traceback unless CUTRI_DEBUG=1 is set.

Exit codes: 0 ok · 1 error (or any reject with --strict) · 2 wrong usage.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import List, Optional

import typer

from pipeline.cli_vi import OPTIONS_METAVAR, ViGroup, translate_help_frame

translate_help_frame()
app = typer.Typer(
    cls=ViGroup,
    options_metavar=OPTIONS_METAVAR,
    add_completion=False,
    no_args_is_help=True,
    help="cutri: tổng hợp ý kiến, kiến nghị của cử tri từ biên bản tiếp xúc cử tri.",
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"cutri {version('cutri')}")
        except PackageNotFoundError:
            typer.echo("cutri (chưa cài đặt bằng pip)")
        raise typer.Exit()


@app.callback()
def _main(
    show_version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                      help="In phiên bản của cutri rồi thoát."),
) -> None:
    """cutri: tổng hợp ý kiến, kiến nghị của cử tri từ biên bản tiếp xúc cử tri."""


def _err(message: str) -> None:
    typer.echo(message, err=True)


def _interactive() -> bool:
    return sys.stderr.isatty() and not os.environ.get("CI")


class _RichProgress:
    """rich progress bars, one per stage, on a terminal."""

    def __init__(self):
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._p = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                           TimeElapsedColumn(), transient=False)

    def __enter__(self):
        self._p.start()
        return self

    def __exit__(self, *exc):
        self._p.stop()

    def stage(self, name, total=None):
        task = self._p.add_task(name, total=total)
        return lambda n=1: self._p.advance(task, n)


class _PlainProgress:
    """Quiet logs for CI and pipes: one line per stage."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        pass

    def stage(self, name, total=None):
        # a sentence: "Đang tách từ: 168 kiến nghị." (no bare "(1)" of a one-step stage)
        _err(f"Đang {name[0].lower()}{name[1:]}" + (f": {total} kiến nghị." if total and total > 1 else "."))
        return lambda n=1: None


def _guard(fn):
    """Run a command body; map library errors to exit 1 with a clean message."""
    from pipeline.errors import CutriError

    try:
        return fn()
    except CutriError as exc:
        _err(f"Lỗi: {exc}")
        raise typer.Exit(exc.exit_code)
    except KeyboardInterrupt:
        _err("Đã dừng theo yêu cầu (Ctrl-C). Kết quả của lần chạy trước vẫn được giữ nguyên.")
        raise typer.Exit(1)
    except typer.Exit:
        raise
    except Exception as exc:  # last resort: never show a raw traceback to a clerk
        if os.environ.get("CUTRI_DEBUG"):
            raise
        detail = str(exc).strip().rstrip(".")
        _err(f"Lỗi không mong đợi{': ' + detail if detail else ''}. Chạy lại với CUTRI_DEBUG=1 để xem chi tiết.")
        raise typer.Exit(1)


def _print_rejects(rejects) -> None:
    """One line per rejected file, sheet or row: "Bị loại: <file> (<location>): <reason>"."""
    from pipeline.summary import reject_line

    for r in rejects.itertuples(index=False):
        _err(reject_line(r.file, r.location, r.reason))


def _read_rejects(path: Path):
    import pandas as pd

    try:
        return pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    except (OSError, ValueError):
        return pd.DataFrame(columns=["file", "location", "reason", "raw_text"])


def _manifest_value(out_dir: Path, key: str):
    """``key`` of the run's manifest.json (written by a fresh run and kept by a rerun); [] if none."""
    import json

    try:
        return json.loads((Path(out_dir) / "manifest.json").read_text(encoding="utf-8")).get(key) or []
    except (OSError, ValueError, AttributeError):
        return []


def _config(config: Optional[Path], **sections):
    from pipeline.config import load_config

    cfg = load_config(config)
    changes = {k: {kk: vv for kk, vv in v.items() if vv is not None} for k, v in sections.items()}
    return cfg.replace(**{k: v for k, v in changes.items() if v})


@app.command()
def run(
    input_dir: Path = typer.Argument(..., metavar="THƯ_MỤC_BIÊN_BẢN", help="Thư mục biên bản của một đợt tiếp xúc cử tri."),
    out_arg: Optional[str] = typer.Option(None, "--out", "-o", metavar="THƯ_MỤC", help="Thư mục kết quả (mặc định data/processed/<tên đợt>)."),
    config: Optional[Path] = typer.Option(None, "--config", "-c", metavar="TỆP", help="Tệp cấu hình TOML."),
    corrections: Optional[List[Path]] = typer.Option(None, "--corrections", metavar="TỆP", help="Tệp hiệu chỉnh (review.xlsx hoặc .csv); có thể lặp lại."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", metavar="SỐ", help="Số tiến trình tách từ (mặc định: tất cả các lõi)."),
    strict: bool = typer.Option(False, "--strict", help="Coi mọi dòng/tệp bị loại là lỗi (mã thoát 1)."),
    date: Optional[str] = typer.Option(None, "--date", metavar="NGÀY", help="Ngày của báo cáo, dạng YYYY-MM-DD."),
    show_names: bool = typer.Option(False, "--show-names", help="Ghi tên cử tri trong báo cáo."),
    final: bool = typer.Option(False, "--final", help="Bản chính thức: không ghi \"DỰ THẢO\" dù chưa có hiệu chỉnh nào."),
    no_learn: bool = typer.Option(False, "--no-learn", help="Không dùng các hiệu chỉnh làm dữ liệu huấn luyện."),
    timings: bool = typer.Option(False, "--timings", help="In thời gian của từng bước."),
    register: Optional[str] = typer.Option(None, "--register", metavar="SỔ", help="Sổ theo dõi kiến nghị: tệp SQLite hoặc địa chỉ postgresql+psycopg://... (ghi kỳ này vào sổ)."),
    round_: Optional[str] = typer.Option(None, "--round", metavar="TÊN", help="Tên kỳ họp/đợt ghi vào sổ (mặc định: kỳ họp trong cấu hình hoặc tên thư mục đầu vào)."),
    accept_other_round: bool = typer.Option(False, "--accept-other-round", help="Vẫn áp dụng bảng rà soát (--corrections) được tạo cho một đợt khác."),
    no_register: bool = typer.Option(False, "--no-register", help="Không ghi kỳ này vào sổ theo dõi kiến nghị (chạy độc lập, không đối chiếu với các kỳ trước)."),
) -> None:
    """Đọc biên bản, phân loại, gộp trùng và lập báo cáo tổng hợp."""

    def body():
        import datetime as dt

        from pipeline import runner
        from pipeline.errors import ConfigError, StrictModeError

        from pipeline.config import check_report_date

        check_report_date(date or "")
        if out_arg is not None and not out_arg.strip():
            raise ConfigError("--out: tên thư mục kết quả đang để trống; hãy ghi một thư mục, "
                              "hoặc bỏ --out để dùng thư mục mặc định.")
        out = Path(out_arg) if out_arg is not None else None
        if no_register and (register or round_):
            raise ConfigError("--no-register không dùng cùng --register hoặc --round; hãy bỏ một trong hai.")
        cfg = _config(
            config,
            run={"jobs": jobs, "strict": True if strict else None, "learn": False if no_learn else None},
            report={"date": date, "show_names": True if show_names else None, "final": True if final else None},
            register={"url": register, "round": round_,
                      "record": False if no_register else (True if (register or round_) else None)},
        )
        progress = _RichProgress() if _interactive() else _PlainProgress()
        try:
            with progress:
                result = runner.run(input_dir, out, cfg, corrections_files=corrections or (), progress=progress,
                                    accept_other_round=accept_other_round)
        except StrictModeError:
            # --strict: the outputs are written; list what was rejected before failing
            _print_rejects(_read_rejects((out or runner.default_out_dir(input_dir)) / "rejects.csv"))
            raise
        c = result.counts
        for w in result.warnings:
            _err(f"Cảnh báo: {w}")
        _print_rejects(result.rejects)
        from pipeline.summary import no_diacritics_line, summary_text

        typer.echo(summary_text(c))
        plain = no_diacritics_line(_manifest_value(result.out_dir, "no_diacritics"))
        if plain:
            typer.echo(plain)
        if c.get("office_rows"):
            typer.echo(f"Mô hình học thêm {c['office_rows']} dòng dữ liệu của cơ quan (kho nhãn và hiệu chỉnh "
                       "các đợt khác; chi tiết trong manifest.json, mục model.office).")
        typer.echo(f"Kết quả: {result.out_dir}")
        if timings:
            for name, secs in result.timings.items():
                typer.echo(f"  {name}: {secs:.2f} s")

    _guard(body)


@app.command()
def train(
    labels: Optional[Path] = typer.Option(None, "--labels", "-l", metavar="TỆP", help="Tệp nhãn (.csv/.xlsx: text, sector, authority) hoặc báo cáo tổng hợp cũ (.docx)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Chỉ cho xem sẽ học những gì, không ghi vào kho."),
    list_imports: bool = typer.Option(False, "--list", help="Liệt kê các lần nhập trong kho dữ liệu."),
    remove: Optional[str] = typer.Option(None, "--remove", metavar="MÃ", help="Gỡ một lần nhập theo mã (xem --list)."),
    config: Optional[Path] = typer.Option(None, "--config", "-c", metavar="TỆP", help="Tệp cấu hình TOML."),
) -> None:
    """Bổ sung dữ liệu đã gán nhãn vào kho mô hình; xem, gỡ các lần nhập."""

    def body():
        import datetime as dt

        from pipeline import label_store, learning
        from pipeline.errors import ConfigError

        cfg = _config(config)
        if list_imports:
            typer.echo("\n".join(learning.imports_lines(cfg)))
            return
        if remove:
            n = label_store.remove_import(remove, cfg)
            typer.echo(f"Đã gỡ lần nhập {remove}: bỏ {n} dòng khỏi kho; lần chạy sau mô hình được huấn luyện lại.")
            return
        if labels is None:
            raise ConfigError("Cần --labels TỆP (hoặc --list, --remove MÃ).")
        rows, unmapped = learning.read_for_import(labels, cfg)
        lines = learning.summary_lines(rows, unmapped, cfg)
        if dry_run:
            typer.echo(f"Chạy thử: sẽ học {len(rows)} dòng có nhãn từ {labels} (chưa ghi gì vào kho).")
            typer.echo("\n".join(lines))
            return
        result = label_store.import_rows(rows, labels, cfg, dt.date.today().isoformat())
        typer.echo(f"Đã đọc {len(rows)} dòng có nhãn từ {labels}; thêm hoặc cập nhật {result.added} dòng; "
                   f"kho có {result.total} dòng (mã lần nhập {result.import_id}"
                   f"{', thay cho lần nhập trước của cùng tệp' if result.replaced else ''}).")
        typer.echo("\n".join(lines))
        typer.echo(f"Kho dữ liệu: {label_store.labels_path(cfg)}")

    _guard(body)


@app.command()
def evaluate(
    labels: Optional[Path] = typer.Option(None, "--labels", "-l", metavar="TỆP", help="Tệp nhãn để đánh giá; bỏ trống để kiểm định chéo trên dữ liệu huấn luyện."),
    config: Optional[Path] = typer.Option(None, "--config", "-c", metavar="TỆP", help="Tệp cấu hình TOML."),
    corrections_file: Optional[Path] = typer.Option(None, "--corrections", metavar="TỆP", help="corrections.csv của một đợt: đo mức mô hình đồng ý với chuyên viên."),
    json_out: Optional[Path] = typer.Option(None, "--json", metavar="TỆP", help="Ghi các chỉ số ra tệp JSON."),
) -> None:
    """Đánh giá mô hình phân loại (độ chính xác, macro-F1, ma trận nhầm lẫn)."""

    def body():
        from pipeline import evaluation

        cfg = _config(config)
        report = evaluation.evaluate(cfg, labels, corrections_file)
        typer.echo(evaluation.format_report(report, cfg))
        if json_out:
            from pipeline.io import write_json

            write_json(json_out, report)

    _guard(body)


from pipeline.register.cli import register_app  # noqa: E402  (cutri register list|export|remove)

app.add_typer(register_app, name="register")

from pipeline.answers.cli import answers as _answers_cmd, follow_up as _follow_up_cmd  # noqa: E402

app.command("answers")(_answers_cmd)
app.command("follow-up")(_follow_up_cmd)


def main() -> None:  # console-script entry point
    app()


if __name__ == "__main__":
    main()
