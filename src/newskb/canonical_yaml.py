"""A fast reader for the one YAML dialect this project writes: `store.dump_yaml`'s canonical output.

Why it exists: loading a 10,000-story knowledge base is dominated by YAML
parsing. PyYAML's C loader scans in C but builds every node, resolves every
tag and constructs every value through Python callbacks (about 3 ms for a
20 KB story). Every entry file is written by `store.dump_yaml`, whose output
is a small, rigid subset of YAML; a line-based reader for exactly that subset
(one regular expression per line plus the indentation of its collection)
returns the same data several times faster.

The contract is "same data or give up": `read_canonical` either returns what
`yaml.load(text, Loader=yaml.CSafeLoader)` returns (same types, same key
order) for a file the store's fast path accepts without anything to report,
or raises `NotCanonical`, and the caller falls back to the full parser. When
in doubt it gives up; a give-up costs only speed.

Accepted (everything else gives up):

* `#` comment lines at the very start of the file (the schema header), then
  a block mapping or block sequence at column 0; the text ends with a newline.
* Block mappings whose keys are plain identifiers (`[A-Za-z_][A-Za-z0-9_-]*`, up to 128)
  that YAML 1.1 resolves to a string (not `yes`, `null`, ...), written
  `key: value` or `key:` followed by a deeper collection or by an indentless
  `- ` sequence at the key's column. Duplicate keys give up.
* Block sequences `- item`, including compact nested items (`- key: v`,
  `- - v`).
* Values on one line: single-quoted (`''` escape), double-quoted (the escapes
  libyaml's emitter writes: `\\0 \\a \\b \\t \\n \\v \\f \\r \\e \\" \\\\ \\N \\_ \\L
  \\P \\xXX \\uXXXX \\UXXXXXXXX`, plus `\\ `), flow mappings and sequences as the
  emitter writes them (`{k: v, k2: [1, 2]}`, `[]`, `{}`), and plain scalars.
* Literal block scalars `|`, `|-`, `|+` without an indentation indicator
  whose first content line is not empty.
* Plain scalars that YAML 1.1 resolves to a string; of the other types only
  the spellings the emitter writes and the store reads without comment:
  `true`/`false`, `null`/`~`, canonical integers (`0`, `42`, `-7`), decimal
  floats (`1.5`, `1.0e+20`, `.inf`, `-.inf`) and dates `YYYY-MM-DD` that are
  real dates.

Give-up rules, in short: any character YAML treats specially or that the
emitter never writes raw (tabs, CR, BOM, NEL, U+2028/9, C0/C1 controls),
trailing spaces, blank lines outside a block scalar, comments after content,
document markers, directives, tags, anchors and aliases, `?` keys, quoted or
non-identifier keys, merge keys, empty values, multi-line plain, quoted or
flow scalars, folded scalars, indentation indicators, unexpected indentation,
any plain scalar that resolves to something other than the spellings above
(`yes`, `on`, `012`, `0x1f`, `+5`, `1_000`, `1:30`, `2024-02-30`, timestamps
with a time, `=`, `<<`). (`0o17` and `1e3` are strings in YAML 1.1 and are read
as such.)
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

__all__ = ["NotCanonical", "read_canonical"]


class NotCanonical(Exception):
    """The text is outside the canonical subset; parse it with the full YAML loader instead."""


#: Characters allowed anywhere in the text: newline and the printable characters the emitter
#: writes raw. Excluded: tab, CR, C0/C1 controls (NEL included), DEL, U+2028/U+2029 (YAML line
#: breaks), U+FEFF (BOM), U+FFFE/U+FFFF and surrogates. A space before a newline is refused too.
_BAD_TEXT = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")

#: A block mapping entry, whole line: indentation, then `key:` or `key: value`.
_ENTRY = re.compile(r"( *)([A-Za-z_][A-Za-z0-9_-]{0,127}):(?: (.+))?")
_SINGLE = re.compile(r"'([^']*+(?:''[^']*+)*+)'")
_DOUBLE = re.compile(r'"([^"\\]*+(?:\\.[^"\\]*+)*+)"')
_ESCAPE = re.compile(r"\\(?:([0abtnvfre \"\\N_LP])|x([0-9A-Fa-f]{2})|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.?))")
_ESCAPES = {
    "0": "\0",
    "a": "\a",
    "b": "\b",
    "t": "\t",
    "n": "\n",
    "v": "\v",
    "f": "\f",
    "r": "\r",
    "e": "\x1b",
    " ": " ",
    '"': '"',
    "\\": "\\",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}
#: A plain scalar in a flow collection: no flow indicators, `:` or `?` (the emitter quotes those).
_FLOW_PLAIN = re.compile(r"(?:[^-?:,\[\]{}#&*!|>'\"%@` ]|-(?=[^ ,\[\]{}]))[^,:?\[\]{}]*")
#: A flow mapping entry: its key, `: `, and the value when it is plain (else the value starts at the end).
_FLOW_PAIR = re.compile(r"([A-Za-z_][A-Za-z0-9_-]{0,127}): (" + _FLOW_PLAIN.pattern + ")?")
#: First characters that cannot start a plain scalar in block context (`-?:` can, before a non-space).
_NOT_PLAIN_FIRST = frozenset(",[]{}#&*!|>'\"%@` ")

_FLOW_OPEN = frozenset("{['\"")
_INT = re.compile(r"0|-?[1-9][0-9]*")
#: Canonical integers short enough that no other resolver or conversion limit applies.
_SHORT_INT = re.compile(r"0|-?[1-9][0-9]{0,17}")
_INT_LIST = re.compile(r"\[((?:0|-?[1-9][0-9]{0,17})(?:, (?:0|-?[1-9][0-9]{0,17}))*)\]")
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+(?:e[-+][0-9]+)?")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_INF = {".inf": float("inf"), "-.inf": float("-inf")}
_BOOL = {"true": True, "false": False}

#: YAML 1.1 implicit resolvers (the same table for the C and pure-Python safe loaders).
_RESOLVERS: dict[Any, list[tuple[str, re.Pattern[str]]]] = yaml.SafeLoader.yaml_implicit_resolvers
_TAG = "tag:yaml.org,2002:"
#: First characters after which a block value is certainly a plain string if it has no `: `, ` #`
#: or final `:` (no indicator, no implicit resolver, not a quote, flow collection or block scalar).
_SPECIAL_FIRST = frozenset(_NOT_PLAIN_FIRST | set("-?:") | {k for k in _RESOLVERS if k is not None})


def _resolved_tag(text: str) -> str | None:
    """The implicit tag YAML 1.1 gives the plain scalar `text`, or None for a string (as PyYAML resolves)."""
    resolvers = _RESOLVERS.get(text[0])
    if resolvers:
        for tag, regexp in resolvers:
            if regexp.match(text):
                return tag
    return None


#: Keys already known to resolve to strings (bounded: keys repeat across entries).
_STR_KEYS: set[str] = set()


def _check_key(key: str) -> None:
    """Give up on a plain key that YAML 1.1 would not read as a string (`yes`, `null`, ...)."""
    if _resolved_tag(key) is not None:
        raise NotCanonical(key)
    if len(_STR_KEYS) < 4096:
        _STR_KEYS.add(key)


#: Plain scalars already read, with their values (all immutable: str, int, float, bool, None, date). Ids, kinds,
#: verdicts and dates repeat across entries; a lookup is cheaper than the resolvers. Bounded: it stops growing.
_PLAIN: dict[str, Any] = {}
_PLAIN_MAX = 1 << 14


def _plain_value(text: str) -> Any:
    """The value of a plain scalar, accepting only spellings the store reads without comment."""
    if text[0] not in _RESOLVERS:
        return text
    try:
        return _PLAIN[text]
    except KeyError:
        pass
    value = _resolve_plain(text)  # NotCanonical is not remembered: it is raised again the next time
    if len(_PLAIN) < _PLAIN_MAX:
        _PLAIN[text] = value
    return value


def _resolve_plain(text: str) -> Any:
    if _SHORT_INT.fullmatch(text):
        return int(text)
    tag = _resolved_tag(text)
    if tag is None:
        return text
    if tag == _TAG + "int":
        if _INT.fullmatch(text):
            try:
                return int(text)
            except ValueError:  # more digits than Python converts; the full parse keeps the text
                raise NotCanonical(text) from None
    elif tag == _TAG + "float":
        if _FLOAT.fullmatch(text):
            return float(text)
        if text in _INF:
            return _INF[text]
    elif tag == _TAG + "bool":
        if text in _BOOL:
            return _BOOL[text]
    elif tag == _TAG + "null":
        if text == "null" or text == "~":
            return None
    elif tag == _TAG + "timestamp":
        m = _DATE.fullmatch(text)
        if m:
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:  # 2024-02-30: the full parse keeps the text for the schema to report
                raise NotCanonical(text) from None
    raise NotCanonical(text)


def _block_plain(text: str) -> Any:
    """A plain scalar filling the rest of a block line."""
    first = text[0]
    if first in _NOT_PLAIN_FIRST or (first in "-?:" and (len(text) == 1 or text[1] == " ")):
        raise NotCanonical(text)
    if ": " in text or " #" in text or text[-1] == ":":
        raise NotCanonical(text)
    return _plain_value(text)


def _escape(m: re.Match[str]) -> str:
    simple, x, u, big, other = m.groups()
    if simple is not None:
        return _ESCAPES[simple]
    if other is not None:
        raise NotCanonical(m.group())
    code = int(x or u or big, 16)
    if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:  # libyaml rejects these
        raise NotCanonical(m.group())
    return chr(code)


def _quoted(text: str, pos: int) -> tuple[str, int]:
    """A single- or double-quoted scalar starting at `pos` and closing on the same line."""
    if text[pos] == "'":
        m = _SINGLE.match(text, pos)
        if m is None:
            raise NotCanonical(text)
        return m[1].replace("''", "'"), m.end()
    m = _DOUBLE.match(text, pos)
    if m is None:
        raise NotCanonical(text)
    body = m[1]
    return (_ESCAPE.sub(_escape, body) if "\\" in body else body), m.end()


def _flow_plain(text: str, pos: int) -> tuple[Any, int]:
    """A plain scalar inside a flow collection, ending before `,`, `]` or `}`."""
    m = _FLOW_PLAIN.match(text, pos)
    if m is None:
        raise NotCanonical(text)
    value = m.group()
    if value[-1] == " " or " #" in value:
        raise NotCanonical(text)
    return _plain_value(value), m.end()


#: Nesting this reader gives up beyond (flow levels, and block indentation in columns): the full parser
#: then reports it (store.MAX_DEPTH), and a deep file cannot exhaust the stack here.
MAX_FLOW_DEPTH = 32
MAX_INDENT = 128


def _flow_node(text: str, pos: int, depth: int = 0) -> tuple[Any, int]:
    """A flow collection or scalar at `pos` as the emitter writes it: `{k: v, k2: v2}`, `[a, b]`.

    Raises IndexError when the text ends before the collection closes.
    """
    if depth > MAX_FLOW_DEPTH:
        raise NotCanonical("nested too deeply")
    first = text[pos]
    if first == "{":
        pos += 1
        out: dict[str, Any] = {}
        if text[pos] == "}":
            return out, pos + 1
        while True:
            m = _FLOW_PAIR.match(text, pos)
            if m is None:
                raise NotCanonical(text)
            key, value = m.group(1, 2)
            if key in out:
                raise NotCanonical(key)
            if key not in _STR_KEYS:
                _check_key(key)
            pos = m.end()
            if value is None:  # quoted, a nested flow collection, or nothing valid
                out[key], pos = _flow_node(text, pos, depth + 1)
            elif value[-1] == " " or " #" in value:
                raise NotCanonical(text)
            else:
                out[key] = _plain_value(value)
            if text[pos] == "}":
                return out, pos + 1
            if text.startswith(", ", pos):
                pos += 2
                continue
            raise NotCanonical(text)
    if first == "[":
        m = _INT_LIST.match(text, pos)
        if m is not None:  # the common `lines: [16, 17, 19]`
            return [int(x) for x in m[1].split(", ")], m.end()
        pos += 1
        items: list[Any] = []
        if text[pos] == "]":
            return items, pos + 1
        while True:
            if text[pos] in _FLOW_OPEN:
                item, pos = _flow_node(text, pos, depth + 1)
            else:
                item, pos = _flow_plain(text, pos)
            items.append(item)
            if text[pos] == "]":
                return items, pos + 1
            if text.startswith(", ", pos):
                pos += 2
                continue
            raise NotCanonical(text)
    if first == "'" or first == '"':
        return _quoted(text, pos)
    return _flow_plain(text, pos)


class _Reader:
    """Recursive descent over the lines, one method per kind of block node.

    `i` is the index of the next line not yet consumed; each method leaves it
    on the first line after the node it read. Hot loops keep `i` in a local.
    """

    __slots__ = ("i", "lines", "n")

    def __init__(self, lines: list[str], start: int):
        self.lines = lines
        self.n = len(lines)
        self.i = start

    def mapping(self, indent: int, m: re.Match[str]) -> dict[str, Any]:
        """A block mapping at column `indent`; `m` is the `_ENTRY` match of its first entry (on line `i`)."""
        out: dict[str, Any] = {}
        lines, n, i = self.lines, self.n, self.i
        entry = _ENTRY.fullmatch
        while True:
            key, rest = m.group(2, 3)
            if key in out:
                raise NotCanonical(key)
            if key not in _STR_KEYS:
                _check_key(key)
            if rest is None:
                self.i = i + 1
                out[key] = self.nested(indent)
                i = self.i
            elif rest[0] not in _SPECIAL_FIRST:  # the common case, a plain string
                if ": " in rest or " #" in rest or rest[-1] == ":":
                    raise NotCanonical(rest)
                out[key] = rest
                i += 1
            else:
                self.i = i
                out[key] = self.inline(rest, indent)
                i = self.i
            if i == n:
                break
            line = lines[i]
            m = entry(line)  # type: ignore[assignment]
            if m is not None and m.end(1) == indent:
                continue
            if len(line) - len(line.lstrip(" ")) < indent:
                break
            raise NotCanonical(line)  # at this column but no `key:`, or deeper than a finished value
        self.i = i
        return out

    def sequence(self, indent: int, rest: str) -> list[Any]:
        """A block sequence whose `- ` is at column `indent`; `rest` follows the first `- ` (on line `i`)."""
        out: list[Any] = []
        lines, n, i = self.lines, self.n, self.i
        if indent > MAX_INDENT:
            raise NotCanonical("nested too deeply")
        inner = indent + 2
        prefix = " " * indent + "- "
        while True:
            if rest[0] not in _SPECIAL_FIRST and ":" not in rest:  # a plain string (no key in it)
                if " #" in rest:
                    raise NotCanonical(rest)
                out.append(rest)
                i += 1
            else:
                self.i = i
                if rest.startswith("- "):
                    out.append(self.sequence(inner, rest[2:]))
                else:
                    m = _ENTRY.fullmatch(rest)
                    if m is not None and m.end(1) == 0:
                        out.append(self.mapping(inner, m))
                    else:
                        out.append(self.inline(rest, indent))
                i = self.i
            if i == n:
                break
            line = lines[i]
            if line.startswith(prefix):
                rest = line[inner:]
                continue
            if len(line) - len(line.lstrip(" ")) <= indent:  # the end of an indentless sequence, or of this one
                break
            raise NotCanonical(line)
        self.i = i
        return out

    def nested(self, indent: int) -> Any:
        """The value of `key:` with nothing after the colon: a deeper collection or an indentless sequence."""
        i = self.i
        if i == self.n:
            raise NotCanonical("empty value")
        line = self.lines[i]
        k = len(line) - len(line.lstrip(" "))
        if k > MAX_INDENT:
            raise NotCanonical("nested too deeply")
        if k >= indent and line.startswith("- ", k):
            return self.sequence(k, line[k + 2 :])
        if k > indent:
            m = _ENTRY.fullmatch(line)
            if m is not None:
                return self.mapping(k, m)
        raise NotCanonical(line)  # an empty (null) value, or a multi-line scalar

    def inline(self, text: str, owner: int) -> Any:
        """The value `text` written after `key: ` or `- ` on line `i`, which it consumes.

        `owner` is the column of the collection holding it (a block scalar must be deeper).
        """
        first = text[0]
        if first == "|":
            return self.literal(text, owner)
        self.i += 1
        if first == "'" or first == '"':
            value, end = _quoted(text, 0)
        elif first == "{" or first == "[":
            try:
                value, end = _flow_node(text, 0)
            except IndexError:  # unclosed on this line
                raise NotCanonical(text) from None
        else:
            return _block_plain(text)
        if end != len(text):
            raise NotCanonical(text)
        return value

    def literal(self, header: str, owner: int) -> str:
        """A literal block scalar (`|`, `|-`, `|+`) whose content starts on the next line."""
        if header not in ("|", "|-", "|+"):
            raise NotCanonical(header)  # folded, indentation indicator, or a comment
        lines, n = self.lines, self.n
        start = self.i + 1
        if start == n:
            raise NotCanonical(header)
        first = lines[start]
        indent = len(first) - len(first.lstrip(" "))
        if indent <= owner or indent == len(first):
            raise NotCanonical(first)  # leading blank line, or content not deeper than its collection
        pad = " " * indent
        end = start
        while end < n:
            line = lines[end]
            if line and not line.startswith(pad):
                break
            end += 1
        self.i = end
        content = [line[indent:] for line in lines[start:end]]
        trailing = 0
        while not content[-1 - trailing]:
            trailing += 1
        body = "\n".join(content[: len(content) - trailing])
        if header == "|-":
            return body
        if header == "|":
            return body + "\n"
        return body + "\n" * (trailing + 1)  # keep: every trailing line break


def read_canonical(text: str) -> Any:
    """The data of `text`, exactly as PyYAML's safe loader returns it, or raise NotCanonical.

    Accepts only the canonical subset described in the module docstring.
    """
    if not text.endswith("\n") or " \n" in text or _BAD_TEXT.search(text):
        raise NotCanonical("characters outside the canonical subset, or trailing spaces")
    lines = text.split("\n")
    lines.pop()
    start = 0
    while start < len(lines) and lines[start].startswith("#"):  # the schema header
        start += 1
    if start == len(lines):
        raise NotCanonical("no content")
    reader = _Reader(lines, start)
    first = lines[start]
    try:
        if first.startswith("- "):
            data: Any = reader.sequence(0, first[2:])
        else:
            m = _ENTRY.fullmatch(first)
            if m is None or m.end(1) != 0:
                raise NotCanonical(first)
            data = reader.mapping(0, m)
    except (IndexError, RecursionError):  # a line ended early, or nesting deeper than Python recurses
        raise NotCanonical("unexpected structure") from None
    if reader.i != reader.n:
        raise NotCanonical(lines[reader.i])
    return data
