"""What each page is made of, as a hash: the basis of incremental builds.

A page's *input key* hashes everything its HTML depends on:

- the build's global key: the rendering code (src/newskb/render/, models.py),
  the templates tree (templates, catalogs, assets), the base URL, the search
  switch and the page sizes — when it changes, every page changes and the
  build is a full one;
- the page itself: route, template, flags;
- its context, walked: scalars as they are, and every entry object by its
  fingerprint — a story by its *closure* (its file's content hash, its
  source's, and the registry records of every person, organisation and
  product it names, so a renamed speaker re-renders the pages that show
  their stories), a person by their record and their affiliations', an
  organisation or product by its record, a source by its record and its
  transcript.

So a story page depends on one story; a list page on the ids, order and
closures of the items it shows, plus its pager (page count, total); a person
page on the person and the stories, quotes and claims listed. A page whose key
is the one recorded in the manifest (and whose file is still the one written)
is not rendered again.

A build with nothing to do does not load anything: the manifest also records
the digest of every file the build read (entries, the About page's documents,
transcripts), from the bytes it read, SOURCE_DATE_EPOCH, and the file stamp
(cache.file_stamp) of every file written (manifest.py). When the global key, the digests of the files as
they are now (newest first, so an edit is found after one hash) and every
written file are as recorded, the site is up to date (`up_to_date`): that
costs reading the entries once instead of loading them.

The manifest lives outside the site, in `<out's parent>/.newskb-cache/` (git
ignores it): site/ stays exactly what a full build writes, `newskb build
--check` needs no cache (it always renders everything into a scratch
directory and compares), and a fresh clone without a manifest simply does one
full build.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..cache import code_fingerprint, file_stamp
from ..errors import InputError
from ..files import read_regular
from ..kb import entry_paths
from ..models import Claim, Organization, Person, Product, Quote, Source, Story, Tag
from ..source import MAX_SOURCE_BYTES
from ..store import MAX_ENTRY_BYTES, content_digest
from .manifest import MANIFEST_VERSION, Inputs, ManifestStore
from .pages import NAMES_PAGE_SIZE, PAGE_SIZE, Page, Pager
from .site import SiteData, document_paths, named_entities, read_document

RENDER_DIR = Path(__file__).resolve().parent
MODELS_FILE = RENDER_DIR.parent / "models.py"


def _sha(*parts: bytes) -> bytes:
    """One digest of several byte strings (content fingerprints, not code: that is cache.code_fingerprint)."""
    h = hashlib.sha1()
    for p in parts:
        h.update(p)
    return h.digest()


def global_key(templates: Path, base_url: str, search: bool, preview: bool = False, data: bool = True) -> str:
    """What every page depends on: the rendering code, the templates tree and the build's switches."""
    switches = (MANIFEST_VERSION, base_url, search, PAGE_SIZE, NAMES_PAGE_SIZE, preview, data)
    return code_fingerprint(RENDER_DIR, MODELS_FILE, templates, extra=switches)


class Fingerprints:
    """Content hashes of the entries, computed once per build."""

    def __init__(self, site: SiteData, closures: dict[str, bytes] | None = None):
        """`closures`: stories' closures known to be as recorded (build.quick_keys), not computed again."""
        kb = site.kb
        self.site = site
        self.entity: dict[str, bytes] = {}
        for table in (kb.people, kb.organizations, kb.products):
            for entity_id, model in table.items():
                self.entity[entity_id] = _sha(type(model).__name__.encode(), model.model_dump_json().encode())
        self.person: dict[str, bytes] = {
            pid: _sha(self.entity[pid], *(self.entity_fp(a) for a in p.affiliations)) for pid, p in kb.people.items()
        }
        #: Tag records: a story page shows its tags by their registry names.
        self.tag: dict[str, bytes] = {t: _sha(m.model_dump_json().encode()) for t, m in (kb.tags or {}).items()}
        self.source: dict[str, bytes] = {}
        texts = kb.source_texts
        for sid, entry in kb.sources.items():
            text = texts.get(sid)
            self.source[sid] = _sha(
                entry.model.model_dump_json().encode(), text.text.encode("utf-8") if text is not None else b"-"
            )
        self.story: dict[str, bytes] = {}
        #: The `content_digest` of each story's file as the build read it (live.py tells saved edits
        #: from touches by it).
        self.content: dict[str, str] = {}
        known = closures or {}
        for entry in kb.stories:
            fp = known.get(entry.model.id)
            self.story[entry.model.id] = fp if fp is not None else self.story_fp(entry.model, entry.doc.digest)
        #: When a set, `feed` adds the id of every story it meets (live.py: which pages show a story).
        self.visited: set[str] | None = None

    def story_fp(self, story: Story, digest: str | None) -> bytes:
        """A story's closure: its file's bytes (as read), its source's fingerprint, every entity it names."""
        if digest is None:  # not read from a file
            digest = content_digest(story.model_dump_json().encode())
        self.content[story.id] = digest
        ids = named_entities(story)
        return _sha(
            digest.encode(),
            self.source.get(story.source, b"-"),
            *(i.encode() + b"=" + self.entity_fp(i) for i in sorted(ids)),
            *(b"#" + t.encode() + b"=" + self.tag.get(t, b"absent") for t in sorted(set(story.tags))),
        )

    def entity_fp(self, entity_id: str) -> bytes:
        return self.entity.get(entity_id, b"absent")

    # -- walking a page's context ---------------------------------------------------

    def feed(self, value: Any, out: list[bytes]) -> None:
        """Append the bytes that stand for `value` (recursively) to `out`."""
        kind = type(value)
        if kind is tuple or kind is list:  # the common cases first: lists of stories, (story, claim) pairs
            out.append(b"[")
            for item in value:
                self.feed(item, out)
            out.append(b"]")
            return
        if kind is Story:
            self._feed_story(value, out)
            return
        if kind is Quote or kind is Claim:  # next to its story, whose closure covers it
            out.append(b"M" + value.id.encode())
            return
        if isinstance(value, str):
            out.append(b"s" + value.encode("utf-8", "surrogatepass") + b"\0")
        elif isinstance(value, (list, tuple)):
            out.append(b"[")
            for item in value:
                self.feed(item, out)
            out.append(b"]")
        elif isinstance(value, Story):
            self._feed_story(value, out)
        elif isinstance(value, Person):
            out.append(b"P" + self.person.get(value.id, b"?"))
        elif isinstance(value, (Organization, Product)):
            out.append(b"O" + self.entity_fp(value.id))
        elif isinstance(value, Tag):
            out.append(b"G" + self.tag.get(value.id, b"?"))
        elif isinstance(value, Source):
            out.append(b"R" + self.source.get(value.id, b"?"))
        elif isinstance(value, BaseModel):  # a quote or claim (its story is next to it), anything else: by id
            ident = getattr(value, "id", None)
            out.append(b"M" + (ident.encode() if ident else value.model_dump_json().encode()))
        elif isinstance(value, dict):
            out.append(b"{")
            for k in sorted(value):
                out.append(k.encode() + b":")
                self.feed(value[k], out)
            out.append(b"}")
        elif isinstance(value, Pager):
            out.append(f"pager:{value.base}:{value.number}:{value.count}:{value.total}".encode())
        elif isinstance(value, (frozenset, set)):
            out.append(repr(sorted(value)).encode())
        elif value is None or isinstance(value, (bool, int, float, dt.date, enum.Enum)):
            out.append(repr(value).encode())
        elif callable(value):
            out.append(b"f" + getattr(value, "__qualname__", "?").encode())
        elif hasattr(value, "text") and hasattr(value, "lines"):  # a SourceText
            out.append(b"T" + _sha(value.text.encode("utf-8")))
        else:  # Spans and other small dataclasses
            out.append(repr(value).encode())

    def _feed_story(self, story: Story, out: list[bytes]) -> None:
        if self.visited is not None:
            self.visited.add(story.id)
        fp = self.story.get(story.id)
        out.append(b"S" + (fp if fp is not None else _sha(story.model_dump_json().encode())))

    def page_key(self, page: Page, gkey: bytes) -> str:
        out: list[bytes] = [
            gkey,
            page.route.encode(),
            page.template.encode(),
            f"{page.lang}|{page.indexed}|{page.listed}|{page.anywhere}|{page.script}".encode(),
        ]
        self.feed(page.inputs() if page.inputs is not None else page.context(), out)
        return hashlib.sha1(b"\x1e".join(out)).hexdigest()


# --- nothing to do ----------------------------------------------------------------------


def read_inputs(site: SiteData) -> Inputs:
    """What this build read, from the bytes it read (not the files as they are now): the manifest's record.

    Why from what was read: an entry saved while the build ran, and saved back
    before it ended, must not leave a record that matches a site built from
    the other version.
    """
    kb = site.kb
    digests = {os.path.abspath(doc.path): doc.digest or "unread" for doc in kb.documents}
    texts = kb.source_texts
    for entry in kb.sources.values():
        text = texts.get(entry.model.id)
        digests[str(kb.source_path(entry.model))] = text.sha256 if text is not None else "absent"
    digests.update((path, text_digest(text)) for path, text in site.documents.items())
    return Inputs(epoch=os.environ.get("SOURCE_DATE_EPOCH", ""), files=dict(sorted(digests.items())))


def text_digest(text: str | None) -> str:
    """What stands for a document as the site read it (decoded, newlines translated); "absent" for none."""
    return content_digest(text.encode("utf-8")) if text is not None else "absent"


#: The largest file a build reads (a transcript); a path recorded in the manifest is read at most this far.
_READ_LIMIT = max(MAX_SOURCE_BYTES, MAX_ENTRY_BYTES)


def _disk_digest(path: str, docs: set[str], repo: Path) -> str:
    """The digest of a file the manifest says the build read: only a regular file inside the repository."""
    try:
        if path in docs and not os.path.lexists(path):
            return text_digest(None)
        data = read_regular(Path(path), _READ_LIMIT, inside=repo)
        if path in docs:  # read as text by the About page (SiteData.method)
            return text_digest(read_document(Path(path)))
        return content_digest(data)
    except (InputError, OSError, UnicodeDecodeError):
        return "unreadable"


def _mtime(path: str) -> int:
    stamp = file_stamp(path)
    return stamp[3] if stamp is not None else 0


def same_inputs(recorded: Inputs, entries: Path) -> bool:
    """Whether the files a build would read are the ones `recorded` (by `read_inputs`), byte for byte.

    The newest files are hashed first: after an edit, the answer is known after
    hashing about one file, not 10,000.
    """
    files = recorded.files
    if recorded.epoch != os.environ.get("SOURCE_DATE_EPOCH", ""):
        return False
    registries, sources, stories = entry_paths(entries)
    docs = {str(path) for path in document_paths(entries)}
    listed = {os.path.abspath(p) for p in (*registries, *sources, *stories)} | docs
    # Every file listed now was read last time; the other recorded files are the transcripts the sources
    # named (a source that now names another changes its own digest) and entries since deleted (absent now).
    if not listed <= files.keys():
        return False
    repo = entries.resolve().parent
    for path in sorted(files, key=_mtime, reverse=True):
        if _disk_digest(path, docs, repo) != files[path]:
            return False
    return True


def same_files(recorded: dict[str, str], paths: Iterable[str], entries: Path) -> bool:
    """Whether each of `paths` still has the digest `recorded` for it (read as `same_inputs` reads it)."""
    docs = {str(path) for path in document_paths(entries)}
    repo = entries.resolve().parent
    return all(_disk_digest(path, docs, repo) == recorded[path] for path in paths)


def up_to_date(store: ManifestStore | None, out: Path, gkey: str, entries: Path) -> bool:
    """Whether a build would write nothing: same code and templates, same inputs, every file as written.

    Costs reading the entries (about a second for 10,000 stories) when nothing changed, not loading them;
    the pages' stamps are read from the store only once the inputs are found to be the same.
    """
    if store is None:
        return False
    header = store.header
    if header.global_key != gkey or header.inputs is None:
        return False
    if not same_inputs(header.inputs, entries):
        return False
    files, stamps = store.files_and_stamps()
    root = str(out)
    if not files and not header.extras:
        return False
    if any(file_stamp(f"{root}/{rel}") != tuple(stamp) for rel, stamp in zip(files, stamps)):
        return False
    return all(file_stamp(f"{root}/{rel}") == rec.stamp for rel, rec in header.extras.items())
