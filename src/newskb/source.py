"""Reading a transcript: decoding, normalisation, lines and character offsets.

A transcript is the ground truth every quote is checked against, so reading it
is strict: bytes that are not UTF-8 are refused (with the line they sit on)
rather than replaced, and offsets are in code points of one canonical text
(BOM removed, CRLF/CR turned into LF) so that anchors survive a file being
re-saved on another operating system.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .errors import InputError
from .files import read_regular

#: Transcripts larger than this are refused: a 20-minute video is ~20 kB.
MAX_SOURCE_BYTES = 5 * 1024 * 1024

_LENGTH_HEADER = re.compile(r"^\s*([0-9][0-9,]*)\s*文字\s*$")
#: Footers that platforms append to an article; they are metadata, not narration.
KNOWN_FOOTERS = ("この記事が気に入ったらサポートをしてみませんか?", "この記事が気に入ったらサポートをしてみませんか？")


def normalize_for_match(text: str) -> str:
    """The one normalisation applied to both sides whenever texts are compared.

    NFKC folds full-width/half-width variants (：/:, ？/?) that transcribers
    mix freely; whitespace is dropped because Japanese does not separate words
    and a stray space must not hide a quote.
    """
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@dataclass(frozen=True)
class SourceText:
    """A decoded transcript with its line structure and platform metadata."""

    id: str
    path: Path
    text: str
    sha256: str
    line_starts: tuple[int, ...] = field(repr=False)

    @cached_property
    def lines(self) -> list[str]:
        """The lines of the text (split once: `line()` is called for every line by every scan)."""
        return self.text.split("\n")

    def line(self, number: int) -> str:
        """The text of a 1-based line number."""
        return self.lines[number - 1]

    def line_of(self, offset: int) -> int:
        """The 1-based line that contains a code-point offset."""
        return bisect.bisect_right(self.line_starts, offset)

    def column_of(self, offset: int) -> int:
        """The 1-based column of a code-point offset."""
        return offset - self.line_starts[self.line_of(offset) - 1] + 1

    @cached_property
    def title(self) -> str:
        return self.lines[0].strip()

    @cached_property
    def declared_length(self) -> int | None:
        """The length the header line declares (`6,491 文字`), if there is one."""
        if len(self.lines) > 1 and (m := _LENGTH_HEADER.match(self.lines[1])):
            return int(m.group(1).replace(",", ""))
        return None

    @cached_property
    def has_footer(self) -> bool:
        return self.lines[-1].strip() in KNOWN_FOOTERS

    @cached_property
    def body_lines(self) -> range:
        """1-based line numbers of the narration: without title, header and footer."""
        first = 3 if self.declared_length is not None else 2
        last = len(self.lines) - (1 if self.has_footer else 0)
        while last >= first and not self.lines[last - 1].strip():
            last -= 1
        return range(first, last + 1)

    @cached_property
    def body_length(self) -> int:
        """Characters of narration, newlines excluded: how note.com counts `文字`."""
        return sum(len(self.lines[n - 1]) for n in self.body_lines)


def decode(data: bytes, path: Path) -> str:
    """Decode strictly, naming the line of the first bad byte."""
    if not data.strip():
        raise InputError(path, "transcript is empty")
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise InputError(path, "transcript looks binary (contains NUL bytes)", line=line)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(path, f"transcript is not valid UTF-8 (byte 0x{data[exc.start]:02x})", line=line) from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():  # e.g. nothing but a BOM, which the byte check above cannot see
        raise InputError(path, "transcript is empty")
    return text.rstrip("\n")


def read_source(path: str | Path, inside: Path | None = None) -> SourceText:
    """Read a transcript file; any problem is an InputError naming the file.

    Only a regular file is read (a FIFO or /dev/zero would hang the reader),
    at most MAX_SOURCE_BYTES of it; with `inside`, only one whose resolved
    path lies in that folder (the repository: a symlink to /etc/passwd would
    otherwise be published).
    """
    path = Path(path)
    data = read_regular(path, MAX_SOURCE_BYTES, "transcript", inside=inside)
    text = decode(data, path)
    starts = list(itertools.accumulate((len(line) + 1 for line in text.split("\n")[:-1]), initial=0))
    return SourceText(
        id=path.stem,
        path=path,
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        line_starts=tuple(starts),
    )
