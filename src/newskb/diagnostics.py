"""Diagnostics: what every check yields, in the shape linters have taught people to read.

A diagnostic is a code, a location, a message and, where one exists, a fix —
Ruff's model. Everything that can be wrong with a knowledge base is reported
through this one type, whatever stage found it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    error = "error"
    warning = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    column: int
    code: str
    message: str = field(compare=True)
    severity: Severity = field(default=Severity.error, compare=False)
    fix: str | None = field(default=None, compare=False)

    def render(self) -> str:
        text = f"{self.path}:{self.line}:{self.column}: {self.severity.value} {self.code} {self.message}"
        if self.fix:
            text += f" (fix: {self.fix})"
        return text
