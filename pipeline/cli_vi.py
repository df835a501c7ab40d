"""The command line's frame in Vietnamese: usage line, help sections and usage errors.

Typer (0.29 and later) carries its own copy of Click whose messages are English
f-strings, so they cannot be translated through gettext; the names Typer does not make
public are reached only through ``pipeline.typer_compat``. Instead ``ViGroup`` (the
app's group class) runs the command line itself, catches Click's exceptions and
says them in Vietnamese from their attributes (the option, the parameter), and
``ViCommand`` writes the usage line and the help option's text. Every command of the
app gets ``ViCommand``, including commands added later with ``@app.command()``.
Nothing here prints a Python exception's class name.
"""

from __future__ import annotations

import re
import sys

import typer
from typer.core import TyperCommand, TyperGroup

from .typer_compat import click_exceptions, translate_sections

USAGE = "Cách dùng: "
OPTIONS_METAVAR = "[TÙY_CHỌN]"
SUBCOMMAND_METAVAR = "LỆNH [ĐỐI_SỐ]..."
HELP_TEXT = "Hiện hướng dẫn này rồi thoát."
SECTIONS = {"Arguments": "Đối số", "Options": "Tùy chọn", "Commands": "Lệnh", "required": "bắt buộc",
            "default: {default}": "mặc định: {default}", "(dynamic)": "(thay đổi)", "env var: {var}": "biến môi trường: {var}"}

# Click's messages for values, translated by pattern (the parts in groups are kept)
_VALUE_MESSAGES = [
    (re.compile(r"Input should be a valid integer.*"), "phải là một số nguyên"),
    (re.compile(r"Input should be a valid number.*"), "phải là một số"),
    (re.compile(r"'(.*)' is not a valid integer(?: range)?\.?"), "'{0}' không phải là số nguyên"),
    (re.compile(r"'(.*)' is not a valid float(?: range)?\.?"), "'{0}' không phải là số"),
    (re.compile(r"'(.*)' is not a valid boolean.*"), "'{0}' không phải là có/không"),
    (re.compile(r"'(.*)' is not one of (.*)\.?"), "'{0}' không thuộc các giá trị {1}"),
    (re.compile(r"'(.*)' is not (.*)\.?"), "'{0}' không phải là {1}"),
    (re.compile(r"(?:File|Path|Directory|Tệp) '(.*)' does not exist\.?"), "không tìm thấy '{0}'"),
]


def _gettext(message: str) -> str:
    return SECTIONS.get(message, message)


def _value_message(message: str) -> str:
    for pattern, vi in _VALUE_MESSAGES:
        m = pattern.fullmatch(message.strip())
        if m:
            return vi.format(*m.groups())
    return message


def _param_name(param, ctx=None) -> str:
    if param is None:
        return ""
    if getattr(param, "param_type_name", "") == "argument":
        return param.metavar or param.name.upper()
    return " / ".join(param.opts)


def usage_error_text(exc) -> str:
    """The Vietnamese sentence for one of Click's usage errors."""
    E = click_exceptions()

    ctx = getattr(exc, "ctx", None)
    if isinstance(exc, E.NoSuchOption):
        text = f"Không có tùy chọn {exc.option_name}."
        if exc.possibilities:
            text += f" Có phải ý bạn là {', '.join(sorted(exc.possibilities))}?"
        return text
    if isinstance(exc, E.MissingParameter):
        kind = "đối số" if getattr(exc.param, "param_type_name", "") == "argument" else "tùy chọn"
        return f"Thiếu {kind} {_param_name(exc.param, ctx)}."
    if isinstance(exc, E.BadParameter):
        where = _param_name(exc.param, ctx) or getattr(exc, "param_hint", "") or ""
        return f"Giá trị không hợp lệ cho {where}: {_value_message(exc.message)}.".replace(" :", ":")
    if isinstance(exc, E.BadOptionUsage):
        m = re.fullmatch(r"Option '(.*)' requires (?:an argument|(\d+) arguments)\.", exc.message)
        if m:
            return f"Tùy chọn {m.group(1)} cần {m.group(2) or 'một'} giá trị."
        m = re.fullmatch(r"Option '(.*)' does not take a value\.", exc.message)
        if m:
            return f"Tùy chọn {m.group(1)} không nhận giá trị."
    message = str(exc.message)
    m = re.fullmatch(r"No such command '(.*?)'(?:\. Did you mean (.*)\?|\.)", message)
    if m:
        return f"Không có lệnh '{m.group(1)}'." + (f" Có phải ý bạn là {m.group(2)}?" if m.group(2) else "")
    m = re.fullmatch(r"Got unexpected extra arguments? ?(?:\(s\))? ?\((.*)\)", message)
    if m:
        return f"Thừa đối số: {m.group(1)}."
    if message == "Missing command.":
        return "Thiếu tên lệnh."
    return message


def _show_usage_error(exc) -> None:
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        typer.echo(ctx.get_usage(), err=True)
        if ctx.command.get_help_option(ctx) is not None:
            typer.echo(f"Xem '{ctx.command_path} --help' để biết cách dùng.", err=True)
        typer.echo("", err=True)
    typer.echo(f"Lỗi: {usage_error_text(exc)}", err=True)


def _format_usage(self, ctx, formatter) -> None:
    formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix=USAGE)


def _usage_pieces(base):
    def collect_usage_pieces(self, ctx):
        pieces = base.collect_usage_pieces(self, ctx)
        # Typer writes a required argument as "{NAME}": the plain name reads better
        return [SUBCOMMAND_METAVAR if p == "COMMAND [ARGS]..." else re.sub(r"\{([^{}]+)\}", r"\1", p) for p in pieces]

    return collect_usage_pieces


def _help_option(base):
    def get_help_option(self, ctx):
        option = base.get_help_option(self, ctx)
        if option is not None:
            option.help = HELP_TEXT
        return option

    return get_help_option


class ViCommand(TyperCommand):
    """A command whose usage line and help option speak Vietnamese."""

    format_usage = _format_usage
    get_help_option = _help_option(TyperCommand)
    collect_usage_pieces = _usage_pieces(TyperCommand)


class ViGroup(TyperGroup):
    """The app: Vietnamese help frame for every command, usage errors said in Vietnamese."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for command in self.commands.values():
            if type(command) is TyperCommand:  # the commands added with @app.command()
                command.__class__ = ViCommand
            command.options_metavar = OPTIONS_METAVAR
            for param in command.params:
                if getattr(param, "param_type_name", "") == "argument" and param.metavar:
                    # its Python type ("<path>") means nothing to a clerk: the metavar says it
                    param.display_type_rich = lambda ctx: None

    format_usage = _format_usage
    get_help_option = _help_option(TyperGroup)
    collect_usage_pieces = _usage_pieces(TyperGroup)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        E = click_exceptions()

        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except E.UsageError as exc:
            _show_usage_error(exc)
            code = exc.exit_code
        except E.ClickException as exc:
            typer.echo(f"Lỗi: {exc.format_message()}", err=True)
            code = exc.exit_code
        except typer.Abort:
            typer.echo("Đã dừng.", err=True)
            code = 1
        else:
            if not standalone_mode:
                return rv
            code = rv if isinstance(rv, int) else 0
        if not standalone_mode and code == 0:
            return None
        sys.exit(code)


def translate_help_frame() -> bool:
    """Typer's help sections ("Arguments", "Options", "[required]") through ``SECTIONS``
    (``typer_compat``: English titles with a Typer it was not verified on)."""
    return translate_sections(_gettext)
