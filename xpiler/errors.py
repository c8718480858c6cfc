"""Errors that name a place in a source file."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class SourceLocation:
    path: str
    line: int      # 1-based
    column: int    # 1-based

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


class XpilerError(Exception):
    """A user-facing error: what went wrong, where, and with which construct."""

    def __init__(self, message: str, location: SourceLocation | None = None, construct: str | None = None):
        self.message = message
        self.location = location
        self.construct = construct
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        what = f" [{self.construct}]" if self.construct else ""
        return f"{where}error: {self.message}{what}"


class SourceSyntaxError(XpilerError):
    pass


class UnsupportedConstruct(XpilerError):
    pass


class LaunchError(XpilerError):
    pass
