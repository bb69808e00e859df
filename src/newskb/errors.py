"""The one error type that reaches the user as a single line and exit code 2.

Bad input (a missing transcript, malformed YAML, an entry of the wrong shape) is
not a bug: it must never surface as a traceback, and it must name the file and,
where known, the line, the way compilers and linters do.
"""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """Input that newskb refuses to work with; the CLI prints it and exits 2."""

    def __init__(
        self,
        path: str | Path,
        message: str,
        line: int | None = None,
        column: int | None = None,
        code: str = "E100",
    ):
        self.path = str(path)
        self.code = code
        self.message = message
        self.line = line
        self.column = column
        super().__init__(self.render())

    def render(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: error: {self.message}"
