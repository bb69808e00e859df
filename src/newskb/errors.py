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
        """`file:line:col: error: message` on one line: control characters in a name or message are escaped."""
        where = one_line(self.path)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: error: {one_line(self.message)}"


#: C0 and C1 controls, and the Unicode line and paragraph separators: what could break a one-line message.
_CONTROLS = {c: f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}" for c in (*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029)}


def one_line(text: str) -> str:
    """`text` with every control character escaped (a file named `bad\\n.txt` must not split the line)."""
    return text.translate(_CONTROLS)
