"""The build manifest: what the last build of a site wrote and read, as one typed record.

Why a type: the manifest used to be a dict of positional lists (`rec[1:3]`,
`old[f][3]`) read in two files; a field added in one place was misread in the
other. It lives outside the site, in `<out's parent>/.newskb-cache/`, and is
untrusted input like every cache (docs/security.md): it is read through
`cache.read_json` and validated against `Manifest` — a file that is corrupt,
foreign, of another version or holding a path that is not plain and relative
is ignored with one notice, and the build is a full one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints, TypeAdapter

from ..cache import cache_dir, file_stamp, read_json, write_json

MANIFEST_VERSION = 5

Stamp = tuple[int, int, int, int, int, int]


#: One part of a plain relative path (cache.is_plain_relative): not empty, not `.` or `..`, no `/`, `\\` or NUL.
_PART = r"(?:[^./\\\x00][^/\\\x00]*|\.[^./\\\x00][^/\\\x00]*|\.\.[^/\\\x00]+)"
#: A file of the site, relative to its root: no `..`, not absolute (a deletion also proves it lies inside).
#: A pattern, checked by pydantic's native validator: a manifest holds a record per page (hundreds of
#: thousands at 10,000 stories), and a Python check per path was most of the time to read it.
SitePath = Annotated[str, StringConstraints(pattern=rf"^{_PART}(?:/{_PART})*$")]


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class FileRecord(_Record):
    """One file the build wrote: the input key it was rendered from and its stamp once in place."""

    key: str = ""
    #: cache.file_stamp of the file as written; a file whose stamp differs was changed by someone else.
    stamp: Stamp
    #: Added to the search index (a change rebuilds the index).
    indexed: bool = False


class Inputs(_Record):
    """What the build read, from the bytes it read: every input file's digest and SOURCE_DATE_EPOCH."""

    epoch: str
    files: dict[str, str]


#: A SHA-1 digest, hex.
Digest = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{40}$")]


class StoryPlace(_Record):
    """Where the last build showed one story: what lets the next one-shot build key only its pages.

    Why: keying every page after an edit of one story was most of a one-shot build (369k keys at
    10,000 stories). A story whose placement (pages.placement) is as recorded is on the same pages
    as before, so only those pages can have a new key (the live build reasons the same way).
    """

    #: The story's closure (incremental.Fingerprints.story), hex: another one means it changed.
    closure: Digest
    #: Digest of its placement (pages.placement) under the registries the build read.
    placement: Digest
    #: Indices, in `Manifest.pages`' order, of the pages whose key walks the story.
    pages: list[int]


class Manifest(_Record):
    version: Literal[5] = MANIFEST_VERSION
    #: What every page depends on (incremental.global_key): another key means a full build.
    global_key: str
    #: What the sitemap depends on (its listed routes and the base URL).
    sitemap: str
    pages: dict[SitePath, FileRecord]
    #: Feeds, sitemap, robots.txt, assets and the marker.
    extras: dict[SitePath, FileRecord] = {}
    #: None when the build did not record its inputs (a live build writes its manifest long after reading).
    inputs: Inputs | None = None
    #: Story id -> where the build showed it; None when not recorded (a live build's manifest, or
    #: `pages` not in the page list's order). Its indices are checked against `pages` when used.
    stories: dict[str, StoryPlace] | None = None

    def with_pages(self, pages: dict[str, FileRecord]) -> Manifest:
        return self.model_copy(update={"pages": pages})


_SHAPE: TypeAdapter[Manifest] = TypeAdapter(Manifest)


def manifest_path(out: Path) -> Path:
    return cache_dir(out, f"build-{out.name}.json")


def read_manifest(out: Path) -> Manifest | None:
    """The last build's manifest, or None (one notice) when it is missing, corrupt, foreign or of another version."""
    data = read_json(manifest_path(out), _SHAPE)
    return data if isinstance(data, Manifest) else None


def write_manifest(out: Path, manifest: Manifest) -> None:
    """Best-effort: without a manifest the next build is a full one."""
    write_json(manifest_path(out), manifest.model_dump(mode="json"))


def records(out: Path, files: list[tuple[str, str, bool]]) -> dict[str, FileRecord]:
    """file -> its record, for (file, input key, indexed) as the files now are in `out` (missing ones left out)."""
    got: dict[str, FileRecord] = {}
    root = str(out)
    for rel, key, indexed in files:
        stamp = file_stamp(f"{root}/{rel}")  # a string, not a Path: tens of thousands of files
        if stamp is not None:
            got[rel] = FileRecord(key=key, stamp=stamp, indexed=indexed)
    return got


def unchanged(out: Path, rel: str, record: FileRecord | None) -> bool:
    """Whether the file `rel` of `out` is still the one the build recorded."""
    return record is not None and file_stamp(f"{out}/{rel}") == record.stamp  # not a Path: called per page
