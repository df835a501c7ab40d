"""Exceptions of the cutri library.

Every error a clerk can meet is a ``CutriError`` subclass with a Vietnamese
message that names the file (and sheet/row where known). The CLI prints the
message and exits 1; the library itself never prints and never exits.
"""

from __future__ import annotations


class CutriError(Exception):
    """Base class. ``str(err)`` is the Vietnamese message shown to the user."""

    exit_code = 1


class InputError(CutriError):
    """An input file or folder cannot be used."""


class ConfigError(CutriError):
    """The config file or taxonomy is invalid."""


class LabelsError(CutriError):
    """A labels file for training or evaluation is invalid."""


class OutputError(CutriError):
    """The output folder cannot be written."""


class StrictModeError(CutriError):
    """``--strict`` was given and some input was rejected."""


class FileReject(Exception):
    """Raised inside a reader for one unreadable file; becomes a row of ``rejects``.

    ``reason`` is Vietnamese and user-facing; ``location`` is e.g. "Sheet1!R5" or "".
    """

    def __init__(self, reason: str, location: str = "", raw_text: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.location = location
        self.raw_text = raw_text
