"""Shared pieces of the report writers: template folder and wording snippets, number format, zip stamping."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path

import jinja2

from .. import io
from ..config import Config
from ..errors import ConfigError

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "reports" / "templates"
HTML_TEMPLATE = "report.html.j2"
DOCX_STYLE = "docx_style.toml"
TEXT_FILE = "report_text.toml"
OUTPUT_NAMES = ("report.docx", "report.html", "report.xlsx")
XML_PIECE_STRINGS = 20_000  # XML strings joined and encoded at a time by the docx and xlsx writers
NOT_RECOMMENDATION_NOTE = "Không phải kiến nghị"
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


# --------------------------------------------------------------------------- templates


@dataclass(frozen=True)
class Templates:
    folder: Path
    text: dict
    style: dict
    env: jinja2.Environment  # HTML environment, autoescape on


_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Environment(jinja2.Environment):
    """jinja2 looks ``x.name`` up as an attribute first, then as a key: on the report's dicts every
    lookup raised and caught an AttributeError (~40% of rendering a 20,000-item report.html).
    Trying the key first gives the same result for every name that is not an attribute of dict."""

    def getattr(self, obj, attribute):
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except (KeyError, TypeError):
                pass
        return super().getattr(obj, attribute)


def templates_folder(cfg: Config) -> Path:
    """The folder of templates: ``cfg.report.templates_dir`` (relative to the config file) or the bundled one."""
    if not cfg.report.templates_dir:
        return TEMPLATES_DIR
    folder = Path(cfg.report.templates_dir)
    if not folder.is_absolute() and cfg.source:
        folder = Path(cfg.source).parent / folder
    return folder


def _read_template_toml(folder: Path, name: str) -> dict:
    path = folder / name
    if not path.exists():
        path = TEMPLATES_DIR / name  # an office folder may hold only the files it changes
    return io.read_toml(path, "tệp mẫu báo cáo")


def load_templates(cfg: Config) -> Templates:
    folder = templates_folder(cfg)
    if not folder.is_dir():
        raise ConfigError(f"Không tìm thấy thư mục mẫu báo cáo: {folder} (khóa [report] templates_dir).")
    text = _read_template_toml(folder, TEXT_FILE)
    style = _read_template_toml(folder, DOCX_STYLE)
    env = _Environment(
        loader=jinja2.FileSystemLoader([str(folder), str(TEMPLATES_DIR)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["fmt"] = fmt_int
    return Templates(folder=folder, text=text, style=style, env=env)


_TEXT_ENV = jinja2.Environment(autoescape=False, undefined=jinja2.StrictUndefined, keep_trailing_newline=False)


@functools.lru_cache(maxsize=256)
def _compiled(source: str) -> jinja2.Template:
    return _TEXT_ENV.from_string(source)


def _snippet(text: dict, key: str, **context) -> str:
    """Render one wording snippet of report_text.toml as plain text."""
    try:
        source = text[key]
    except KeyError:
        raise ConfigError(f"Tệp {TEXT_FILE} thiếu khóa '{key}'.") from None
    try:
        return _compiled(str(source)).render(**context).strip()
    except jinja2.TemplateError as exc:
        raise ConfigError(f"Tệp {TEXT_FILE}, khóa '{key}': mẫu không hợp lệ: {exc}") from None


def _snippet_default(text: dict, key: str, default: str, **context) -> str:
    """Like ``_snippet``, for keys added after offices may have copied report_text.toml."""
    return _snippet({key: text.get(key, default)}, key, **context)


def fmt_int(n) -> str:
    """1234 → "1.234" (Vietnamese thousands separator)."""
    if n is None:
        return ""
    return f"{int(n):,}".replace(",", ".")


_TEXT_ENV.globals["fmt"] = fmt_int


def normalize_zip(data: bytes, edit: dict | None = None) -> bytes:
    """An OOXML zip with fixed timestamps and attributes (``io.rewrite_zip``; ``edit`` as there)."""
    return io.rewrite_zip(data, ZIP_EPOCH, edit, create_system=0)


def _fixed_datetime(date: dt.date) -> dt.datetime:
    return dt.datetime(date.year, date.month, date.day, 0, 0, 0)


# --------------------------------------------------------------------------- report.docx
