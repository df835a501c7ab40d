"""The two places where cutri's Vietnamese command line needs names Typer does not make public.

Typer 0.29 and later carries its own copy of Click as ``typer._click``: the usage errors it
raises (``NoSuchOption``, ``MissingParameter``, ...) are classes of that copy, not of the
``click`` package, and Typer re-exports only ``BadParameter``. Its help frame's section titles
("Options", "[required]") go through ``typer.core._`` (``gettext.gettext``, bound at import).
Neither has a public name, so both are reached here, and only here, with the Typer versions
they were verified on (``VERIFIED``; ``pyproject.toml`` bounds Typer below the next series):

- ``click_exceptions()``: Typer's bundled Click's ``exceptions`` module; with a Typer that
  still depends on the ``click`` package (before 0.29) it is ``click.exceptions``, which is
  then the module whose classes Typer raises.
- ``translate_sections(fn)``: routes the section titles through ``fn`` when the installed
  Typer is a verified one and ``typer.core._`` is still ``gettext.gettext``; otherwise the
  titles stay in English (the help is still complete) and False is returned.
"""

from __future__ import annotations

import gettext

from .fast import versions_match

VERIFIED = {"typer": ("0.29",)}


def click_exceptions():
    """The module of the Click exceptions that Typer's commands raise."""
    try:
        from typer import _click  # Typer >= 0.29 bundles Click
    except ImportError:
        import click

        return click.exceptions
    return _click.exceptions


def translate_sections(fn) -> bool:
    """Route Typer's help-frame titles through ``fn``; False when the installed Typer is not verified."""
    import typer.core

    if not versions_match(VERIFIED) or getattr(typer.core, "_", None) not in (gettext.gettext, fn):
        return False
    typer.core._ = fn
    return True
