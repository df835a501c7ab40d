"""``cutri register list|export|remove``: a Typer sub-app mounted by cli.py."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from pipeline.cli_vi import ViGroup

register_app = typer.Typer(cls=ViGroup, no_args_is_help=True, help="Sổ theo dõi kiến nghị cử tri qua các kỳ.",
                           rich_markup_mode=None, add_completion=False)

_REGISTER = typer.Option(None, "--register", metavar="SỔ", help="Tệp SQLite hoặc địa chỉ postgresql+psycopg://... của sổ (mặc định: sổ trong thư mục dữ liệu).")
_CONFIG = typer.Option(None, "--config", "-c", metavar="TỆP", help="Tệp cấu hình TOML.")


def _open(register: Optional[str], config: Optional[Path]):
    from cli import _config
    from pipeline.register import open_register

    return open_register(register, _config(config))


@register_app.command("list")
def list_rounds(register: Optional[str] = _REGISTER, config: Optional[Path] = _CONFIG) -> None:
    """Liệt kê các kỳ đã ghi trong sổ, kèm số kiến nghị."""
    from cli import _guard

    def body():
        with _open(register, config) as reg:
            df = reg.rounds()
            typer.echo(f"Sổ theo dõi kiến nghị: {reg.location}")
        if df.empty:
            typer.echo("Sổ chưa ghi kỳ nào.")
        for r in df.itertuples(index=False):
            typer.echo(f"  {r.name} ({r.held_on or 'không rõ ngày'}): {r.n_units} đơn vị, {r.n_recommendations} kiến nghị, "
                       f"{r.n_items} nội dung, {r.n_repeated} nội dung đã kiến nghị ở kỳ trước")

    _guard(body)


@register_app.command("export")
def export(out: Path = typer.Option(..., "--out", "-o", help="Tệp .xlsx để ghi."),
           register: Optional[str] = _REGISTER, config: Optional[Path] = _CONFIG) -> None:
    """Xuất toàn bộ sổ ra tệp Excel: mỗi dòng một kiến nghị, kèm các kỳ, đơn vị, lĩnh vực, thẩm quyền, tình trạng."""
    from cli import _guard

    def body():
        from pipeline.register.export import write_export

        with _open(register, config) as reg:
            n = write_export(reg, out)
        typer.echo(f"Đã xuất {n} kiến nghị ra {out}")

    _guard(body)


@register_app.command("remove")
def remove(round_: str = typer.Option(..., "--round", help="Tên kỳ cần xóa khỏi sổ."),
           register: Optional[str] = _REGISTER, config: Optional[Path] = _CONFIG) -> None:
    """Xóa một kỳ khỏi sổ (các kỳ khác giữ nguyên)."""
    from cli import _guard

    def body():
        with _open(register, config) as reg:
            info = reg.remove_round(round_)
        typer.echo(f"Đã xóa kỳ '{info['name']}' ({info['n_items']} nội dung) khỏi sổ.")

    _guard(body)
