"""YAML in and out: safe loading with positions, and stable greppable dumping.

Loading keeps the line and column of every value (so a schema error can point
at the offending line), rejects duplicate keys (PyYAML silently keeps the
last), refuses anchors/aliases (the classic alias bomb; entries never need
them) and oversized files, and notes YAML 1.1's implicit conversions that
silently change meaning (`12:30` → 750, `no` → False).

Dumping is canonical: UTF-8 with Japanese unescaped, no line folding, keys in
model order, so load-then-dump is byte-identical and `grep` finds a quote's
whole text on one line.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from enum import Enum
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .cache import atomic_path, atomic_paths, read_json, write_json
from .canonical_yaml import NotCanonical, read_canonical
from .errors import InputError
from .files import read_regular

try:  # the C parser is several times faster; fall back where libyaml is absent
    from yaml import CSafeDumper as _BaseDumper
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on the platform's PyYAML build
    from yaml import SafeDumper as _BaseDumper  # type: ignore[assignment]
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_ENTRY_BYTES = 2 * 1024 * 1024
SCHEMA_DIR = "_schema"
#: Deepest nesting of collections an entry may have (entries need about 6; deeper is an attack on the stack).
MAX_DEPTH = 64
#: Tags an entry may carry explicitly: YAML's core types. `!!binary`, `!!set`, `!!python/...`, `!foo` are refused.
ALLOWED_TAGS = frozenset(
    f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "value")
)

Path_ = tuple[str | int, ...]


@dataclass
class Implicit:
    """A plain scalar that YAML turned into something other than the text written."""

    path: Path_
    line: int
    column: int
    written: str
    became: Any


class Document:
    """A parsed YAML file: its data, the position of every value (computed on demand), and notes.

    Loading takes a fast path that builds plain data only; the line and column
    of every value are recorded by a second, slower parse that runs the first
    time a position is asked for (in practice: when a diagnostic is reported
    in this file). The text for that parse is kept when the document was
    parsed from a string, and re-read from `path` otherwise.
    """

    __slots__ = ("path", "data", "implicit", "digest", "invisible", "_text", "_marks", "_key_marks")

    def __init__(
        self,
        path: Path,
        data: Any,
        marks: dict[Path_, tuple[int, int]] | None = None,
        key_marks: dict[Path_, tuple[int, int]] | None = None,
        implicit: list[Implicit] | None = None,
        text: str | None = None,
    ):
        self.path = path
        self.data = data
        self.implicit: list[Implicit] = implicit if implicit is not None else []
        #: `content_digest` of the bytes read, when read from a file (what an incremental build records).
        self.digest: str | None = None
        #: Whether the text read holds an invisible formatting character (`INVISIBLE`) or an escape that can
        #: write one; None when not known. False lets a check for such characters skip the file's values.
        self.invisible: bool | None = None
        self._text = text
        self._marks = marks
        self._key_marks = key_marks

    def __repr__(self) -> str:
        return f"Document(path={self.path!r})"

    @property
    def lazy(self) -> bool:
        """Parsed by the fast path (positions not computed yet)."""
        return self._marks is None

    def _locate(self) -> None:
        if self._marks is not None:
            return
        text = self._text
        if text is None:
            try:
                text = self.path.read_bytes().decode("utf-8").removeprefix("\ufeff")
            except (OSError, UnicodeDecodeError):
                text = ""
        try:
            located = _parse_with_positions(text, self.path)
        except InputError:
            located = Document(self.path, None, {}, {})
        self._marks, self._key_marks = located._marks, located._key_marks
        self._text = None

    @property
    def marks(self) -> dict[Path_, tuple[int, int]]:
        self._locate()
        assert self._marks is not None
        return self._marks

    @property
    def key_marks(self) -> dict[Path_, tuple[int, int]]:
        self._locate()
        assert self._key_marks is not None
        return self._key_marks

    def position(self, path: Path_) -> tuple[int, int]:
        """Line and column (1-based) of the value at `path`, or of its nearest parent."""
        marks = self.marks
        probe = tuple(path)
        while probe:
            if probe in marks:
                return marks[probe]
            probe = probe[:-1]
        return marks.get((), (1, 1))


_SURPRISING_BOOL = re.compile(r"^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")


def _surprising(node: yaml.ScalarNode, value: Any) -> bool:
    """Is this a plain scalar whose typed value hides what the author wrote?"""
    if node.style:  # quoted or block; plain is None in PyYAML's parser but "" in libyaml's
        return False
    text = node.value
    if isinstance(value, bool):
        return bool(_SURPRISING_BOOL.match(text))
    if isinstance(value, (int, float)):
        return ":" in text or bool(re.match(r"^[-+]?0[0-7xob_]", text) and text not in ("0", "0.0"))
    return False


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    pass


class _Fallback(Exception):
    """The fast path met something only the positional parse reports exactly (an error, a conversion)."""


_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"
#: First characters of plain scalars that some YAML 1.1 implicit resolver may claim.
_RESOLVABLE_FIRST = frozenset(k for k in _BaseLoader.yaml_implicit_resolvers if k is not None) | {""}


class _FastLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """The C loader with a quicker tag resolver for the common case (a plain string)."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:  # type: ignore[override]
        if kind is yaml.ScalarNode:
            if not implicit[0] or (value[:1] not in _RESOLVABLE_FIRST and value):
                return _STR_TAG
        return super().resolve(kind, value, implicit)  # type: ignore[no-any-return]


def _fast_data(text: str) -> Any:
    """Plain data of `text`, without positions; raises _Fallback for anything unusual.

    Files in the store's own canonical dump format (nearly all of them) are read
    by `canonical_yaml`, several times faster than libyaml with Python
    callbacks; whatever that reader declines goes through `_libyaml_data`.
    """
    try:
        return read_canonical(text)
    except NotCanonical:
        return _libyaml_data(text)


def _libyaml_data(text: str) -> Any:
    """Plain data of `text` by the C loader, without positions; raises _Fallback for anything unusual."""
    loader = _FastLoader(text)
    try:
        try:
            root = loader.get_single_node()
        except (yaml.YAMLError, RecursionError):
            raise _Fallback from None
        if root is None:
            return None
        seen: set[int] = set()
        MappingNode, SequenceNode, ScalarNode = yaml.MappingNode, yaml.SequenceNode, yaml.ScalarNode

        def build(node: Any, depth: int = 0) -> Any:
            if id(node) in seen or depth > MAX_DEPTH or node.tag not in ALLOWED_TAGS:
                raise _Fallback
            seen.add(id(node))
            cls = node.__class__
            if cls is ScalarNode:
                if node.tag == _STR_TAG:
                    return node.value
                try:
                    value = loader.construct_object(node, deep=True)
                except (yaml.YAMLError, ValueError):
                    raise _Fallback from None
                if _surprising(node, value):
                    raise _Fallback
                return value
            if cls is MappingNode:
                out: dict[Any, Any] = {}
                for key_node, value_node in node.value:
                    if key_node.__class__ is not ScalarNode or key_node.tag == _MERGE_TAG:
                        raise _Fallback
                    key = key_node.value
                    if key in out or id(key_node) in seen:
                        raise _Fallback
                    seen.add(id(key_node))
                    out[key] = build(value_node, depth + 1)
                return out
            if cls is SequenceNode:
                return [build(item, depth + 1) for item in node.value]
            raise _Fallback  # pragma: no cover - the composer makes only these three

        return build(root)
    finally:
        loader.dispose()


def parse_yaml(text: str, path: Path, keep_text: bool = True) -> Document:
    """Parse YAML text into a Document, or raise InputError naming file and line.

    Positions are computed lazily (see `Document`); with `keep_text` false the
    text is not held and is re-read from `path` when a position is needed.
    """
    try:
        data = _fast_data(text)
    except (_Fallback, RecursionError):
        return _parse_with_positions(text, path)
    return Document(path=path, data=data, text=text if keep_text else None)


def _line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a code-point offset in `text`."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _parse_with_positions(text: str, path: Path) -> Document:
    """The full parse: data, the position of every value and key, implicit conversions, exact errors."""
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.reader.ReaderError as exc:  # a NUL or another character YAML refuses: one line, where it is
        # the C reader counts `position` in bytes, the Python one in characters: locate the character itself
        found = text.find(chr(exc.character)) if isinstance(exc.character, int) else -1
        line, col = _line_col(text, found if found >= 0 else min(exc.position, len(text)))
        char = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        raise InputError(path, f"character {char} is not allowed in YAML ({exc.reason})", line, col, code="Y115") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = (exc.problem or "invalid YAML").replace("\n", " ")
        if mark is None:
            raise InputError(path, f"YAML syntax error: {problem}", code="Y101") from None
        raise InputError(path, f"YAML syntax error: {problem}", mark.line + 1, mark.column + 1, code="Y101") from None
    except yaml.YAMLError as exc:
        raise InputError(path, "YAML error: " + " ".join(str(exc).split()), code="Y101") from None
    except RecursionError:
        raise InputError(path, f"YAML nesting is deeper than {MAX_DEPTH} levels", code="Y114") from None
    doc = Document(path=path, data=None, marks={}, key_marks={})
    if root is None:
        return doc
    seen: set[int] = set()

    def build(node: yaml.Node, here: Path_) -> Any:
        if len(here) > MAX_DEPTH:
            raise InputError(
                path, f"YAML nesting is deeper than {MAX_DEPTH} levels", node.start_mark.line + 1, code="Y114"
            )
        if node.tag not in ALLOWED_TAGS:
            raise InputError(
                path,
                f"YAML tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not allowed in entries",
                node.start_mark.line + 1,
                node.start_mark.column + 1,
                code="Y116",
            )
        if id(node) in seen:
            # The composer shares a node object between an anchor and each alias.
            raise InputError(
                path, "YAML anchors and aliases are not allowed in entries", node.start_mark.line + 1, code="Y103"
            )
        seen.add(id(node))
        doc.marks[here] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise InputError(path, "mapping keys must be plain scalars", key_node.start_mark.line + 1, code="Y101")
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise InputError(
                        path, "YAML merge keys (<<) are not allowed in entries", key_node.start_mark.line + 1, code="Y103"
                    )
                key = key_node.value
                if key in out:
                    first = doc.key_marks[(*here, key)][0]
                    raise InputError(
                        path,
                        f"duplicate key {key!r} (first defined on line {first})",
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                        code="Y102",
                    )
                doc.key_marks[(*here, key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                out[key] = build(value_node, (*here, key))
            return out
        if isinstance(node, yaml.SequenceNode):
            return [build(item, (*here, i)) for i, item in enumerate(node.value)]
        try:
            value = loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError):
            # e.g. `2024-02-30` matches YAML's timestamp pattern but is no date:
            # keep the text so the schema check reports it at its line.
            value = node.value
        if _surprising(node, value):
            line, col = doc.marks[here]
            doc.implicit.append(Implicit(here, line, col, node.value, value))
        return value

    doc.data = build(root, ())
    loader.dispose()
    return doc


class ParseCache:
    """Parsed data of entry files, keyed by a hash of their bytes.

    An unchanged file is not parsed again: at 10,000 stories YAML parsing is
    most of the cost of loading a knowledge base. Only files that took the
    fast path (plain data, nothing to report) are cached, so a cache hit can
    never hide a finding; positions are still computed lazily from the file.
    Entries are JSON (dates tagged, see `_encode`), read back through the
    cache layer (newskb.cache: bounded, checked, never code); a file that does
    not decode to the data of the key it is stored under is a miss.
    """

    #: Bump when what the fast path produces changes.
    VERSION = b"newskb-parse-2"

    def __init__(self, directory: Path):
        self.directory = directory

    def key(self, digest: str) -> str:
        """The cache key of a file whose bytes have this `content_digest`."""
        return hashlib.blake2b(self.VERSION + yaml.__version__.encode() + digest.encode(), digest_size=20).hexdigest()

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> Any:
        found = read_json(self._path(key), _parse_entry_ok, MAX_ENTRY_BYTES * 4, object_hook=_decode)
        if found is None or found["key"] != key:
            return _MISS
        return found["data"]

    def put(self, key: str, data: Any) -> None:
        """Store best-effort: a cache that cannot be written only costs speed; data JSON cannot hold is not stored."""
        if not _encodable(data):
            return
        write_json(self._path(key), {"key": key, "data": data}, default=_encode)


_MISS = object()
#: The key that marks a tagged value in the parse cache's JSON; YAML data never has it (`_encodable`).
_TAG_KEY = "\u0000t"


def _encodable(data: Any, depth: int = 0) -> bool:
    """Whether `data` is plain YAML data that `_encode`/`_decode` give back exactly."""
    if depth > MAX_DEPTH:
        return False
    kind = type(data)
    if kind is dict:
        return all(type(k) is str and k != _TAG_KEY and _encodable(v, depth + 1) for k, v in data.items())
    if kind is list:
        return all(_encodable(v, depth + 1) for v in data)
    return kind in (str, int, float, bool, dt.date, dt.datetime) or data is None


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {_TAG_KEY: "datetime", "v": value.isoformat()}
    if isinstance(value, dt.date):
        return {_TAG_KEY: "date", "v": value.isoformat()}
    raise TypeError(type(value).__name__)


def _decode(obj: dict[str, Any]) -> Any:
    tag = obj.get(_TAG_KEY)
    if tag is None:
        return obj
    if len(obj) != 2 or not isinstance(obj.get("v"), str):
        raise ValueError("malformed tagged value")
    if tag == "date":
        return dt.date.fromisoformat(obj["v"])
    if tag == "datetime":
        return dt.datetime.fromisoformat(obj["v"])
    raise ValueError(f"unknown tag {tag!r}")


def _parse_entry_ok(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"key", "data"} and isinstance(value["key"], str)


#: Codes of what `read_yaml` refuses before parsing (see files.read_regular).
_READ_CODES = {"outside": "Y118", "special": "Y117", "size": "Y104"}


def read_yaml(path: str | Path, cache: ParseCache | None = None, inside: Path | None = None) -> Document:
    """Read and parse one entry file: a regular file (inside `inside`, when given), size-limited, UTF-8."""
    path = Path(path)
    text, digest = read_entry_text(path, inside)
    return parse_entry(path, text, digest, cache)


def read_entry_text(path: Path, inside: Path | None = None) -> tuple[str, str]:
    """An entry file's text and the `content_digest` of its bytes, refused as `read_yaml` refuses it."""
    data = read_regular(path, MAX_ENTRY_BYTES, "entry file", inside=inside, code="Y106", codes=_READ_CODES)
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(path, f"not valid UTF-8 (byte 0x{data[exc.start]:02x})", line=line, code="Y105") from None
    return text, content_digest(data)


def parse_entry(path: Path, text: str, digest: str, cache: ParseCache | None = None) -> Document:
    """The Document of an entry file read by `read_entry_text` (parsed, or from the parse cache)."""
    if cache is None:
        doc = parse_yaml(text, path, keep_text=False)
    else:
        key = cache.key(digest)
        hit = cache.get(key)
        if hit is not _MISS:
            doc = Document(path=path, data=hit)
        else:
            doc = parse_yaml(text, path, keep_text=False)
            if doc.lazy and not doc.implicit:
                cache.put(key, doc.data)
    doc.digest = digest
    doc.invisible = "\\u" in text or "\\U" in text or _INVISIBLE.search(text) is not None
    return doc


#: Invisible formatting characters: the bidirectional controls (U+061C, U+200E/U+200F, U+202A–U+202E,
#: U+2066–U+2069), zero-width characters (U+200B–U+200D, U+2060–U+2064) and the BOM.
INVISIBLE = "\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
#: A value can hold one only if the text does, raw or written as a `\u`/`\U` escape (a double-quoted
#: scalar's other escapes write none of them). Searched apart: an alternation would be three times slower.
_INVISIBLE = re.compile(f"[{INVISIBLE}]")


def content_digest(data: bytes) -> str:
    """The hash that stands for a file's bytes (the parse cache's key, the build's record of its inputs)."""
    return hashlib.sha256(data).hexdigest()


# --- dumping -----------------------------------------------------------------


class Flow(dict):  # type: ignore[type-arg]
    """A mapping dumped on one line (anchors, quantities): compact, still greppable."""


class _Dumper(_BaseDumper):  # type: ignore[misc,valid-type]
    def ignore_aliases(self, data: Any) -> bool:  # never emit &anchors, even for shared objects
        return True


def _repr_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


def _repr_flow(dumper: yaml.SafeDumper, value: Flow) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", value.items(), flow_style=True)


def _repr_dict(dumper: yaml.SafeDumper, value: dict[str, Any]) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", value.items(), flow_style=False)


def _repr_date(dumper: yaml.SafeDumper, value: dt.date) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


_Dumper.add_representer(str, _repr_str)
_Dumper.add_representer(Flow, _repr_flow)
_Dumper.add_representer(dict, _repr_dict)
_Dumper.add_representer(dt.date, _repr_date)


def dump_yaml(data: Any, schema: str | None = None) -> str:
    """Canonical YAML text for `data`, with an editor schema header when given."""
    body = yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=1_000_000,
        indent=2,
    )
    header = f"# yaml-language-server: $schema={schema}\n" if schema else ""
    return header + body


def schema_ref(entry_path: Path, kind: str, entries_root: Path) -> str:
    """Relative path from an entry file to its JSON Schema, for the editor header."""
    target = entries_root / SCHEMA_DIR / f"{kind}.schema.json"
    return os.path.relpath(target, entry_path.parent).replace(os.sep, "/")


def write_atomic(path: Path, text: str) -> bool:
    """Write `text` to `path` through one rename (cache.atomic_path); leave an identical file untouched.

    Returns whether the file changed. Untouched files keep their mtime, so
    tools that sync by timestamp only move what really changed.
    """
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return True


def write_all(files: dict[Path, str]) -> list[Path]:
    """Write several files all or nothing (as far as a filesystem allows); the paths that changed, sorted.

    Why: `newskb load` rewrites a source and its stories together; a full disk
    after the first of seven files must not leave entries that disagree.
    cache.atomic_paths writes every new content beside its target and, only
    when all are written and flushed, renames them into place (renames need
    no space); a failure before that removes them and changes nothing.
    """
    changed: list[tuple[Path, bytes]] = []
    for path, text in sorted(files.items()):
        data = text.encode("utf-8")
        try:
            if path.read_bytes() == data:
                continue
        except OSError:
            pass
        changed.append((path, data))
    try:
        with atomic_paths([path for path, _ in changed]) as temps:
            for (path, data), tmp in zip(changed, temps):
                tmp.write_bytes(data)
    except OSError as exc:
        raise InputError(exc.filename or path, f"cannot write: {exc.strerror}; no entry file was changed") from None
    return [path for path, _ in changed]


# --- models to canonical data ------------------------------------------------


def to_data(value: Any) -> Any:
    """Plain data for dumping: model field order, no empty values, small records on one line.

    Empty lists and None are omitted so a skeleton stays short; everything
    else, defaults included, is written out so `grep` sees the whole entry.
    """
    from pydantic import BaseModel

    from .models import Anchor, Mention, Quantity, Segment

    if isinstance(value, BaseModel):
        out: dict[str, Any] = {}
        for name in type(value).model_fields:
            item = getattr(value, name)
            if item is None or (isinstance(item, list) and not item):
                continue
            out[name] = to_data(item)
        return Flow(out) if isinstance(value, (Anchor, Quantity, Segment, Mention)) else out
    if isinstance(value, list):
        return [to_data(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, float) and value.is_integer():
        return value
    return value
