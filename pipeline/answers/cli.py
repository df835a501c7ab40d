"""``cutri answers`` and ``cutri follow-up``: thin wrappers mounted by cli.py."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

_REGISTER = typer.Option(None, "--register", metavar="SỔ", help="Sổ theo dõi kiến nghị: tệp SQLite hoặc địa chỉ postgresql+psycopg://... (mặc định: sổ trong thư mục dữ liệu).")
_ROUND = typer.Option(None, "--round", metavar="TÊN", help="Chỉ đối chiếu với kiến nghị của kỳ này (mặc định: mọi kỳ trong sổ).")
_CONFIG = typer.Option(None, "--config", "-c", metavar="TỆP", help="Tệp cấu hình TOML.")


def answers(
    input_path: Path = typer.Argument(..., metavar="VĂN_BẢN_TRẢ_LỜI", help="Tệp hoặc thư mục văn bản trả lời (.docx, .doc, .xlsx, .xls, .ods, .odt, .txt, .pdf có lớp chữ)."),
    register: Optional[str] = _REGISTER,
    out: Path = typer.Option(Path("data/processed/answers"), "--out", "-o", metavar="THƯ_MỤC", help="Thư mục ghi kết quả."),
    round_: Optional[str] = _ROUND,
    config: Optional[Path] = _CONFIG,
) -> None:
    """Đọc văn bản trả lời kiến nghị, đối chiếu với sổ theo dõi, ghi tình trạng giải quyết."""
    from cli import _config, _guard

    def body():
        from pipeline.answers.run import run_answers

        s = run_answers(input_path, register, out, round_, _config(config))
        for w in s.warnings:
            typer.echo(f"Cảnh báo: {w}", err=True)
        typer.echo(f"Đã đọc {s.quotes} kiến nghị được trả lời: {s.linked_rows} liên kết với sổ, "
                   f"{s.unlinked} không khớp kiến nghị nào trong sổ (liệt kê trong answers.csv).")
        if s.corrections:
            typer.echo(f"Đã áp dụng lại {s.corrections} quyết định của chuyên viên.")
        if s.uncertain:
            typer.echo(f"{s.uncertain} dòng cần xem lại: mở {s.out_dir / 'answers_review.xlsx'}.")
        for r in s.rejects.itertuples(index=False):
            typer.echo(f"Bỏ qua: {r.reason}", err=True)
        typer.echo(f"Kết quả ghi tại {s.out_dir}")

    _guard(body)


def follow_up(
    register: Optional[str] = _REGISTER,
    round_: Optional[str] = typer.Option(None, "--round", metavar="TÊN", help="Chỉ báo cáo kiến nghị của kỳ này."),
    out: Path = typer.Option(Path("data/processed/follow-up"), "--out", "-o", metavar="THƯ_MỤC", help="Thư mục ghi báo cáo."),
    days: Optional[int] = typer.Option(None, "--days", metavar="SỐ_NGÀY", help="Số ngày chưa trả lời thì liệt kê (mặc định trong answers.toml)."),
    config: Optional[Path] = _CONFIG,
) -> None:
    """Viết báo cáo kết quả giám sát việc giải quyết kiến nghị cử tri (report.docx, report.html, report.xlsx)."""
    from cli import _config, _guard

    def body():
        from pipeline.answers.run import run_follow_up

        f = run_follow_up(register, out, round_, _config(config), days)
        typer.echo(f"Đã giải quyết, trả lời {f['answered_share']}; chưa trả lời quá {f['overdue_days']} ngày: "
                   f"{len(f['overdue'])}; nêu từ {f['repeat_min']} kỳ chưa giải quyết xong: {len(f['repeated'])}.")
        typer.echo(f"Báo cáo ghi tại {out}")

    _guard(body)
