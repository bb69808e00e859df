"""The ClaimReview feed's compressed pieces per group of stories, kept between builds (claimreview.feed_gzip).

Why: rebuilding the feed after one edit serialised and gzipped every story's
items again (about 14 s at 10,000 stories); with this cache, an edit costs
its own group's items and the concatenation of the others' stored bytes.

A group's pieces are reused only when all of these hold for each of its
stories (the group is the same stories: its key is their ids), so a stale
record can cost time but never change the feed:
- the cache was made by the same code (feed, gzip and model code), zlib
  and level, catalogue strings and base URL (the file's `key`);
- the story file's bytes hash as recorded (`Document.digest`);
- what its items show from outside the file (its source's title and date,
  its claims' authors' registry records, claimreview.source_facts and
  author_facts) hashes as recorded;
- each piece's compressed bytes have the CRC-32 recorded for them.

The file is data only (cache.py's rules): a fixed magic line, the length of
a JSON header, the header (the key, then per group its stories' digests,
sources and authors and, per language, where its piece lies in the blob with the
text's CRC and length), then the compressed bytes. It is read bounded,
checked field by field, and anything wrong with it is one notice and a
rebuild of the pieces, never an error.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..cache import code_fingerprint, notice
from ..kb import Entry, KnowledgeBase
from ..models import Story
from ..render import routes
from ..render.i18n import Messages
from . import claimreview, gzip_chunks, piece_file

VERSION = 2
MAGIC = b"newskb feed pieces\n"
_PACKAGE = Path(__file__).resolve().parent.parent
#: The code the pieces' bytes depend on.
_CODE = (
    _PACKAGE / "export" / "claimreview.py",
    _PACKAGE / "export" / "gzip_chunks.py",
    _PACKAGE / "export" / "tables.py",
    _PACKAGE / "ratings.py",
    _PACKAGE / "models.py",
    _PACKAGE / "render" / "routes.py",
)

#: One language's piece: [offset, length, crc of the compressed bytes, crc of the text, text length], or None.
_PieceRecord = list[int] | None


@lru_cache(maxsize=1)
def _code() -> str:
    return code_fingerprint(*_CODE, extra=(VERSION, gzip_chunks.FINGERPRINT))


def _digest(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _is_piece(value: Any, blob: int) -> bool:
    return value is None or piece_file.is_place(value, blob)


def _is_member(value: Any) -> bool:
    """[story id, file digest, facts digest, source id, [author ids]]."""
    return (
        isinstance(value, list)
        and len(value) == 5
        and all(isinstance(v, str) for v in value[:4])
        and isinstance(value[4], list)
        and all(isinstance(a, str) for a in value[4])
    )


def _is_record(key: Any, value: Any, blob: int) -> bool:
    if not (isinstance(key, str) and isinstance(value, dict) and value.keys() == {"members", "pieces"}):
        return False
    members, pieces = value["members"], value["pieces"]
    if not (isinstance(members, list) and members and all(_is_member(m) for m in members)):
        return False
    if key != "\n".join(m[0] for m in members):
        return False
    return (
        isinstance(pieces, dict)
        and pieces.keys() == set(routes.LANGS)
        and all(_is_piece(p, blob) for p in pieces.values())
    )


def group_key(group: list[Entry[Story]]) -> str:
    return "\n".join(e.model.id for e in group)


class FeedCache:
    """The pieces of one build: read once, looked up per story and language, written back if changed."""

    def __init__(self, path: Path, messages: dict[str, Messages], base_url: str):
        self.path = path
        self.messages = messages
        self.base_url = base_url
        self.key = _digest([_code(), claimreview.catalogue_facts(messages), base_url])
        self._records: dict[str, dict[str, Any]] | None = None
        self._blob = memoryview(b"")
        #: Group key -> its record, and (group key, language) -> piece, of this build, for `save`.
        self._new: dict[str, dict[str, Any]] = {}
        self._pieces: dict[tuple[str, str], gzip_chunks.Piece | None] = {}
        self._valid: dict[str, bool] = {}
        self._facts: dict[str, str] = {}
        self.changed = False

    # -- reading -------------------------------------------------------------------------------

    def _load(self) -> dict[str, dict[str, Any]]:
        if self._records is None:
            self._records = self._read()
        return self._records

    def _read(self) -> dict[str, dict[str, Any]]:
        found = piece_file.read(self.path, MAGIC)
        if found is None:
            return {}
        header, blob = found
        if not (
            isinstance(header, dict) and header.get("version") == VERSION and isinstance(header.get("stories"), dict)
        ):
            notice(self.path, "unexpected shape")
            return {}
        if header.get("key") != self.key:
            return {}  # made by other code, catalogue or base URL: silently stale
        stories = header["stories"]
        if not all(_is_record(key, rec, len(blob)) for key, rec in stories.items()):
            notice(self.path, "unexpected shape")
            return {}
        self._blob = blob
        return stories

    def _story_facts(self, kb: KnowledgeBase, source: str, authors: list[str]) -> str:
        """One digest of what a story's items show from outside its file (memoised per source and author)."""
        parts = [self._fact("source:" + source, lambda: claimreview.source_facts(kb, source))]
        for a in authors:
            parts.append(
                self._fact("author:" + a, lambda a=a: claimreview.author_facts(kb, a, self.messages, self.base_url))
            )
        return ",".join(parts)

    def _fact(self, key: str, compute: Any) -> str:
        found = self._facts.get(key)
        if found is None:
            found = self._facts[key] = _digest(compute())
        return found

    def _matches(self, kb: KnowledgeBase, group: list[Entry[Story]], record: dict[str, Any] | None) -> bool:
        if record is None:
            return False
        for entry, (_, digest, facts, source, authors) in zip(group, record["members"]):
            if entry.doc.digest is None or digest != entry.doc.digest:
                return False
            if facts != self._story_facts(kb, source, authors):
                return False
        return True

    def get(self, kb: KnowledgeBase, group: list[Entry[Story]], lang: str) -> gzip_chunks.Piece | None | Any:
        """The stored piece of a group in `lang` (None: it has no items), or claimreview._MISSING."""
        key = group_key(group)
        record = self._load().get(key)
        valid = self._valid.get(key)
        if valid is None:
            valid = self._valid[key] = self._matches(kb, group, record)
        if not valid:
            return claimreview._MISSING
        assert record is not None
        where = record["pieces"][lang]
        if where is None:
            piece = None
        else:
            offset, length, zcrc, crc, size = where
            data = bytes(self._blob[offset : offset + length])
            if zlib.crc32(data) != zcrc:
                notice(self.path, f"a damaged piece (stories {key.split(chr(10))[0]}…)")
                self._valid[key] = False
                self.changed = True
                return claimreview._MISSING
            piece = gzip_chunks.Piece(data, crc, size)
        self._pieces[(key, lang)] = piece
        return piece

    # -- writing -------------------------------------------------------------------------------

    def put(self, kb: KnowledgeBase, group: list[Entry[Story]], lang: str, piece: gzip_chunks.Piece | None) -> None:
        """Record a piece this build made (stored only if every story file of the group has a digest)."""
        self.changed = True
        if any(e.doc.digest is None for e in group):
            return
        key = group_key(group)
        self._pieces[(key, lang)] = piece
        if key not in self._new:
            members = []
            for entry in group:
                story = entry.model
                authors = claimreview.authors(story)
                members.append(
                    [story.id, entry.doc.digest, self._story_facts(kb, story.source, authors), story.source, authors]
                )
            self._new[key] = {"members": members}

    def save(self, groups: list[list[Entry[Story]]]) -> None:
        """Write the pieces of `groups` (the others are dropped), if anything changed; best-effort."""
        records = self._load()
        if not self.changed and len(groups) == len(records):
            return
        out: dict[str, Any] = {}
        blob: list[bytes] = []
        offset = 0
        for group in groups:
            key = group_key(group)
            record = self._new.get(key) or records.get(key)
            if record is None or not all((key, lang) in self._pieces for lang in routes.LANGS):
                continue
            pieces: dict[str, _PieceRecord] = {}
            for lang in routes.LANGS:
                piece = self._pieces[(key, lang)]
                if piece is None:
                    pieces[lang] = None
                    continue
                pieces[lang] = [offset, len(piece.data), zlib.crc32(piece.data), piece.crc, piece.size]
                blob.append(piece.data)
                offset += len(piece.data)
            out[key] = {"members": record["members"], "pieces": pieces}
        piece_file.write(self.path, MAGIC, {"version": VERSION, "key": self.key, "stories": out}, blob)
