"""Which files form a group: the registries, and each source with the stories that cite it.

The incremental validator checks and caches a knowledge base one group at a
time. A source-scope rule's findings on a group depend only on the group's
files, its transcripts and the registries (shared by every group), so a
group is keyed by the signatures of exactly those. A story-scope rule's
findings on one story depend on that story, its source entry, transcript and
the registries, not on the other stories: each story has a key of its own
(and the group's own files one more), so editing one story re-runs the
story-scope rules on it alone.

Membership is guessed from each file's raw `id:` / `source:` / `file:` lines,
without parsing (after one edit only one group is parsed again); the engine
verifies the guess once the group is parsed (`GroupResult.ok`) and, when a
hand-formatted file defeated it, validates the whole knowledge base at once.
A file whose id cannot be guessed is a group of its own (named `\\0<path>`),
which must then parse into nothing.

Without a cache (`newskb validate --no-cache`) nothing is hashed: the keys
are only names, and each file is read only as far as the lines the guess
needs (its first few KB), so the main process does not read the whole
knowledge base before the workers start, and the workers read their own
groups (`membership`).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..files import read_upto
from ..kb import REGISTRY_FILES
from .findings_cache import READ_LIMIT, FileSigs, digest

_ID_LINE = re.compile(rb"^id:[ \t]*([a-z0-9][a-z0-9._-]*)[ \t]*$", re.MULTILINE)
_SOURCE_LINE = re.compile(rb"^source:[ \t]*([a-z0-9][a-z0-9._-]*)[ \t]*$", re.MULTILINE)
_FILE_LINE = re.compile(rb"^file:[ \t]*(\S[^\n#]*?)[ \t]*$", re.MULTILINE)

#: The name of the registries' group (sorts before every source id).
REGISTRIES = ""
#: How `head_guess` opens a file: as files.read_regular does (never blocking on a FIFO).
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
#: How much of a file `membership` reads first: the `id:`, `source:` and `file:` lines are at the top.
HEAD_BYTES = 8192


@dataclass
class Group:
    name: str
    registries: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    stories: list[str] = field(default_factory=list)
    transcripts: list[str] = field(default_factory=list)
    """The `file` of each source entry, as guessed from its text."""
    key: str = ""
    """The key of the group's source-scope findings and corpus parts: every file of the group."""
    own_key: str = ""
    """The key of the story-scope findings on the group's own files (sources, transcripts): not its stories."""
    story_keys: dict[str, str] = field(default_factory=dict)
    """Each story file's key for its story-scope findings: that story, the sources, transcripts, registries."""

    @property
    def unguessed(self) -> bool:
        """A file whose id or source could not be read from its text."""
        return self.name.startswith("\0")


def _first(pattern: re.Pattern[bytes], data: bytes | None) -> str | None:
    if data is None:
        return None
    m = pattern.search(data)
    return m.group(1).decode("utf-8", "replace") if m else None


def _guess_source(data: bytes | None) -> tuple[str | None, str | None]:
    return _first(_ID_LINE, data), _first(_FILE_LINE, data)


def _guess_story(data: bytes | None) -> str | None:
    return _first(_SOURCE_LINE, data)


def _no_guess(data: bytes | None) -> None:
    return None


def _complete(found: object) -> bool:
    return found is not None and not (isinstance(found, tuple) and None in found)


def head_guess(path: str, guess: Callable[[bytes | None], Any]) -> Any:
    """What `guess` finds in the file's bytes, as `FileSigs.sig` reads them, reading only as far as needed.

    Why: the guessing patterns match whole lines, and the first match in a
    prefix cut after a newline is the first match in the file; so when the
    first HEAD_BYTES (cut after their last newline) hold everything `guess`
    looks for, the rest is not read. A file `FileSigs.sig` would not read (not
    a regular file, unreadable, over READ_LIMIT) is guessed from nothing.
    """
    try:
        fd = os.open(path, _FLAGS)
    except (OSError, ValueError):
        return guess(None)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > READ_LIMIT:
            return guess(None)
        os.set_blocking(fd, True)
        data = b""
        while len(data) < HEAD_BYTES:  # (a read may return less than asked before the end)
            chunk = os.read(fd, HEAD_BYTES - len(data))
            if not chunk:
                return guess(data)  # the whole file
            data += chunk
        found = guess(data[: data.rfind(b"\n") + 1])
        if _complete(found):
            return found
        data = read_upto(fd, READ_LIMIT, data)
        return guess(None) if len(data) > READ_LIMIT else guess(data)
    except OSError:
        return guess(None)
    finally:
        os.close(fd)


def listing(directory: Path) -> list[str]:
    """`sorted(directory.glob("*.yaml"))` as strings (every name ending in .yaml, dot files included)."""
    try:
        names = os.listdir(directory)
    except OSError:
        return []
    prefix = str(directory) + os.sep
    return [prefix + name for name in sorted(names) if name.endswith(".yaml")]


def plan(root: Path, files: FileSigs, base: str) -> tuple[Group, list[Group]]:
    """The registries' group and the source groups (sorted by name), each with its cache key."""
    registries = Group(REGISTRIES, registries=[str(root / name) for name in REGISTRY_FILES if (root / name).exists()])
    reg_sig = [(p, files.sig("entry", p, _no_guess)[0]) for p in registries.registries]
    registries.key = digest(base, "registries", reg_sig)
    registry_sig = digest(reg_sig)

    groups: dict[str, Group] = {}
    signatures: dict[str, str] = {}
    for path in listing(root / "sources"):
        sig, (sid, file) = files.sig("source", path, _guess_source)
        signatures[path] = sig
        g = groups.setdefault(sid if sid is not None else f"\0{path}", Group(sid if sid is not None else f"\0{path}"))
        g.sources.append(path)
        if file is not None:
            g.transcripts.append(file.strip("'\""))
    for path in listing(root / "stories"):
        sig, sid = files.sig("story", path, _guess_story)
        signatures[path] = sig
        name = sid if sid is not None else f"\0{path}"
        groups.setdefault(name, Group(name)).stories.append(path)
    for g in groups.values():
        transcripts: list[tuple[object, ...]] = []
        for file in g.transcripts:
            target = str(root.parent / file)
            try:
                mode = os.stat(target).st_mode
            except OSError as exc:
                transcripts.append((file, type(exc).__name__))
                continue
            sig = files.sig("transcript", target, _no_guess)[0] if stat.S_ISREG(mode) else "not a file"
            transcripts.append((file, mode, sig))
        sources = [(p, signatures[p]) for p in g.sources]
        g.key = digest(base, registry_sig, g.name, sources, [(p, signatures[p]) for p in g.stories], transcripts)
        g.own_key = digest(base, registry_sig, g.name, sources, transcripts, "own")
        g.story_keys = {
            p: digest(base, registry_sig, g.name, sources, transcripts, ("story", p, signatures[p])) for p in g.stories
        }
    return registries, sorted(groups.values(), key=lambda g: g.name)


def membership(root: Path) -> tuple[Group, list[Group]]:
    """`plan` without a cache: the same groups, files and transcripts, keyed by name only, nothing hashed."""
    registries = Group(REGISTRIES, registries=[str(root / name) for name in REGISTRY_FILES if (root / name).exists()])
    registries.key = "registries"
    groups: dict[str, Group] = {}
    for path in listing(root / "sources"):
        sid, file = head_guess(path, _guess_source)
        name = sid if sid is not None else f"\0{path}"
        g = groups.setdefault(name, Group(name))
        g.sources.append(path)
        if file is not None:
            g.transcripts.append(file.strip("'\""))
    for path in listing(root / "stories"):
        sid = head_guess(path, _guess_story)
        name = sid if sid is not None else f"\0{path}"
        groups.setdefault(name, Group(name)).stories.append(path)
    for g in groups.values():
        g.key, g.own_key = f"group:{g.name}", f"own:{g.name}"
        g.story_keys = {p: f"story:{p}" for p in g.stories}
    return registries, sorted(groups.values(), key=lambda g: g.name)
