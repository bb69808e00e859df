"""The validator's cache: each group's findings and corpus parts, keyed by the bytes they were computed from.

A group's result (its source-scope findings and corpus parts) depends only on
the bytes of its files, of its transcripts and of the registries, on the
validator's own code and, through one rule, on the date; a story's
story-scope findings on that story's bytes instead of all the group's
stories (groups.py gives both keys). Each is stored under the sha256 of all
but the date, and reused on
another day when that rule finds nothing on either (`holds_on`), in one index
file, `<entries>/../.newskb-cache/validate/index.json`. The index is read
through the cache layer (`newskb.cache`: bounded, data only, replaced
atomically) and every group's record is checked against its declared shape
(the corpus rules' parts against the shape each rule declares) before use;
anything else is ignored with one notice, never trusted.

A file whose stamp (`cache.file_stamp`) is the one recorded with its sha256 is
not read again, unless it changed less than `RACY_SECONDS` before that record
was made (a write in the same clock tick can keep the same mtime).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import stat
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from ..cache import cache_dir, code_fingerprint, file_stamp, notice, read_json, write_json
from ..diagnostics import Diagnostic
from ..errors import InputError
from ..files import read_regular
from ..source import MAX_SOURCE_BYTES
from .registry import RULES

#: Bump when the cache layout changes (the validator's code is in every key anyway).
CACHE_VERSION = "6"
#: A file modified this recently (before the run started) is hashed again on the next run.
RACY_SECONDS = 2.0
INDEX_FILE = "index.json"
#: The largest index read back (at 10,000 stories it is a few tens of MB).
INDEX_LIMIT = 512 * 1024 * 1024
#: Files are hashed from at most this many bytes (the largest input newskb reads is a transcript).
READ_LIMIT = MAX_SOURCE_BYTES + 1

Stamp = tuple[int, int, int, int, int, int]


def cache_root(entries: Path) -> Path:
    """Where the cache lives: `.newskb-cache/validate/` next to the entries directory (gitignored)."""
    return cache_dir(entries, "validate")


def fingerprint() -> str:
    """The validator's code and what shapes its output: any change invalidates every cached finding."""
    import pydantic
    import pydantic_core
    import rapidfuzz
    import yaml

    versions = (sys.version, pydantic.VERSION, pydantic_core.__version__, rapidfuzz.__version__)
    versions += (yaml.__version__, getattr(yaml, "__with_libyaml__", None))
    package = Path(__file__).resolve().parent.parent
    return code_fingerprint(package, exclude=("render",), extra=(CACHE_VERSION, versions))


def digest(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _file_sig(path: str) -> tuple[str, bytes | None]:
    """The sha256 of a regular file's bytes (read without blocking, at most READ_LIMIT of them)."""
    try:
        data = read_regular(Path(path), READ_LIMIT)
    except InputError as exc:
        return f"unreadable:{exc.message}", None
    return hashlib.sha256(data).hexdigest(), data


class FileSigs:
    """The sha256 of files (with what the grouping reads from their text), reused while their stamp is unchanged."""

    def __init__(self, known: dict[tuple[str, str], tuple[Any, ...]], started_ns: int):
        self.known = known
        self.seen: dict[tuple[str, str], tuple[Any, ...]] = {}
        self.limit = started_ns - int(RACY_SECONDS * 1e9)

    def sig(self, kind: str, path: str, guess: Callable[[bytes | None], Any]) -> tuple[str, Any]:
        stamp = file_stamp(path)
        if stamp is None:
            return _file_sig(path)[0], guess(None)
        if not stat.S_ISREG(stamp[5]):  # a FIFO or device is never read (it could block forever)
            return f"special:{stamp[5]:o}", guess(None)
        hit = self.known.get((kind, path))
        if hit is not None and tuple(hit[0]) == stamp:
            self.seen[(kind, path)] = hit
            return hit[1], hit[2]
        sig, data = _file_sig(path)  # read after the stat: a later write changes the stamp
        found = guess(data)
        if data is not None and max(stamp[3], stamp[4]) < self.limit:
            self.seen[(kind, path)] = (stamp, sig, found)
        return sig, found


@dataclass
class GroupResult:
    """What checking one group gave: plain data only, so that it can be cached."""

    findings: list[Diagnostic]
    """Findings of the reader and of the story- and source-scope rules."""
    parts: dict[str, Any]
    """Each corpus rule's part of this group (by code)."""
    displays: list[str]
    """The files read (entry files and transcripts), as diagnostics name them."""
    files: list[str]
    """The `file` of each source entry, as parsed: the cache key used the values guessed from the text."""
    ok: bool
    """False when a file's parsed id or source differs from the guess that put it in this group."""
    day: dt.date
    """The date the findings were computed for."""
    latest: dt.date | None
    """The latest date in the group's entries (`holds_on`)."""


@dataclass
class UnitResult:
    """The story-scope findings (the reader's included) on one story file, or on a group's own files
    (its sources and transcripts): plain data only, so that it can be cached."""

    findings: list[Diagnostic]
    day: dt.date
    latest: dt.date | None
    """The latest date in the unit's entries (`holds_on`)."""


def holds_on(result: GroupResult | UnitResult, today: dt.date) -> bool:
    """Whether findings computed for `result.day` are also those of `today`.

    Why: the date is read by one rule only, D402 (a date after today), so a cache keyed by the
    date would start cold every morning, in CI too. Findings made on another day still hold
    when neither day has a D402 finding: every date in the group is on or before both days.
    (tests/test_validate_cache.py checks that no other rule's findings depend on the date.)
    """
    return result.day == today or result.latest is None or result.latest <= min(today, result.day)


_GROUP = TypeAdapter(GroupResult)
_UNIT = TypeAdapter(UnitResult)
_FILES = TypeAdapter(
    list[tuple[str, str, tuple[int, int, int, int, int, int], str, tuple[str | None, str | None] | str | None]]
)
_PARTS: dict[str, TypeAdapter[Any]] = {}


def _part_shape(code: str) -> TypeAdapter[Any] | None:
    rule = RULES.get(code)
    if rule is None or rule.part is None:
        return None
    if code not in _PARTS:
        _PARTS[code] = TypeAdapter(rule.part_shape)
    return _PARTS[code]


def _index_ok(data: Any) -> bool:
    return isinstance(data, dict) and isinstance(data.get("files"), list) and isinstance(data.get("groups"), dict)


class Index:
    """The whole cache in one JSON file: the base key, file signatures, every group's result (source scope,
    corpus parts) and every unit's (story scope: one story file, or a group's own files).

    Each group's record is checked only when its key is looked up, and kept
    as read for the next write, so rewriting the index after a change
    re-encodes only the groups checked in that run. Nothing read is code.
    """

    def __init__(self, directory: Path | None, base: str):
        self.path = directory / INDEX_FILE if directory is not None else None
        self.base = base
        self.files: dict[tuple[str, str], tuple[Any, ...]] = {}
        self.raw: dict[str, Any] = {}
        self.raw_units: dict[str, Any] = {}
        if self.path is not None:
            self._read()

    def _read(self) -> None:
        assert self.path is not None
        data = read_json(self.path, _index_ok, INDEX_LIMIT)
        if data is None:
            return
        if data.get("version") != CACHE_VERSION or data.get("base") != self.base:
            # another validator, another checkout or another layout: recomputed, never trusted
            notice(self.path, "written by another version of newskb, or for another checkout")
            return
        try:
            files = _FILES.validate_python(data["files"])
        except (ValidationError, ValueError, TypeError, RecursionError):
            notice(self.path, "unexpected shape")
            return
        self.files = {(kind, path): (stamp, sig, found) for kind, path, stamp, sig, found in files}
        self.raw = dict(data["groups"])
        units = data.get("units")
        self.raw_units = dict(units) if isinstance(units, dict) else {}  # (else every story is checked again)

    def group(self, key: str, name: str, corpus: frozenset[str]) -> GroupResult | None:
        """The cached result of a group, when its record and every corpus rule's part in it are well-formed."""
        raw = self.raw.get(key)
        if raw is None:
            return None
        try:
            result = _GROUP.validate_python(raw)
            if not {d.path for d in result.findings} <= set(result.displays):
                raise ValueError("a finding names a file the group did not read")
            if set(result.parts) != corpus:
                raise ValueError("not the parts of this validator's corpus rules")
            for code, part in result.parts.items():
                shape = _part_shape(code)
                if shape is not None:
                    result.parts[code] = shape.validate_python(part)
        except (ValidationError, ValueError, TypeError, RecursionError):
            notice(self.path or INDEX_FILE, f"group {name!r}: unexpected shape")
            return None
        return result

    def unit(self, key: str, name: str, may_name: Callable[[str], bool]) -> UnitResult | None:
        """The cached story-scope findings of a unit, when well-formed and naming only files `may_name` allows
        (for a story: that story file; for a group's own findings: its sources and transcripts)."""
        raw = self.raw_units.get(key)
        if raw is None:
            return None
        try:
            result = _UNIT.validate_python(raw)
            if not all(may_name(d.path) for d in result.findings):
                raise ValueError("a finding names a file outside its unit")
        except (ValidationError, ValueError, TypeError, RecursionError):
            notice(self.path or INDEX_FILE, f"{name!r}: unexpected shape")
            return None
        return result

    def forget(self, key: str) -> None:
        """The group or unit is checked again: its new result replaces the old."""
        self.raw.pop(key, None)
        self.raw_units.pop(key, None)

    def write(
        self,
        files: dict[tuple[str, str], tuple[Any, ...]],
        groups: dict[str, GroupResult],
        units: dict[str, UnitResult],
    ) -> None:
        if self.path is None:
            return
        data = {
            "version": CACHE_VERSION,
            "base": self.base,
            "files": [[kind, path, list(stamp), sig, found] for (kind, path), (stamp, sig, found) in files.items()],
            "groups": {
                key: self.raw[key] if key in self.raw else _GROUP.dump_python(result, mode="json")
                for key, result in groups.items()
            },
            "units": {
                key: self.raw_units[key] if key in self.raw_units else _UNIT.dump_python(result, mode="json")
                for key, result in units.items()
            },
        }
        write_json(self.path, data)  # best-effort: a cache that cannot be written only costs time
