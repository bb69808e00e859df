"""YAML readers side by side on a corpus's entry files: which one `store.read_yaml` should use (issue #16).

Each reader parses the same sample of files, interleaved over several rounds
(one round runs every reader once, so a busy machine slows them alike), and
the median round is reported as MB/s and as seconds per 10,000 files. Beside
the speed, what each reader keeps of the store's guarantees (see store.py's
docstring): the same data as PyYAML's C safe loader on these files, duplicate
keys and anchors/aliases refused, YAML 1.1's surprising implicit conversions
noticed (`yes`, `012`, `1:30`), and line/column positions.

Positions are never computed on the fast path: every reader here hands a file
it declines (or one with a finding to report) to the store's full positional
parse, so "positions" means whether the reader could give them itself.

    python3 benchmarks/yaml_readers.py --corpus /work/bench/n1000-s1/entries --files 500 --rounds 3

rapidyaml (`ryml`) and yaml-rs (`yaml_rs`) are not dependencies: install them to measure them
(`python3 -m pip install rapidyaml yaml-rs`); a reader that is not installed is listed as such.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from newskb.canonical_yaml import NotCanonical, _plain_value, read_canonical  # noqa: E402
from newskb.store import _Fallback, _libyaml_data  # noqa: E402


class Declined(Exception):
    """The reader gives the file to the full parse (what `NotCanonical`/`_Fallback` mean in the store)."""


def canonical(text: str) -> Any:
    try:
        return read_canonical(text)
    except NotCanonical:
        raise Declined from None


def libyaml_checked(text: str) -> Any:
    try:
        return _libyaml_data(text)
    except _Fallback:
        raise Declined from None


def libyaml_plain(text: str) -> Any:
    return yaml.load(text, Loader=yaml.CSafeLoader)


def ryml_reader() -> tuple[Callable[[str], Any], Callable[[str], Any]] | None:
    """rapidyaml: its parse alone, and its tree walked into Python data with the store's checks."""
    try:
        import ryml  # type: ignore[import-not-found]
    except ImportError:
        return None
    none = ryml.NONE

    def convert(tree: Any, node: int) -> Any:
        if tree.has_val_anchor(node) or tree.is_val_ref(node) or tree.has_val_tag(node):
            raise Declined
        if tree.is_map(node):
            out: dict[str, Any] = {}
            child = tree.first_child(node)
            while child != none:
                if tree.has_key_anchor(child) or tree.is_key_ref(child) or tree.has_key_tag(child):
                    raise Declined
                key = bytes(tree.key(child)).decode()
                if not tree.is_key_quoted(child):
                    try:
                        if not isinstance(_plain_value(key), str):
                            raise Declined
                    except NotCanonical:
                        raise Declined from None
                if key in out or key == "<<":
                    raise Declined
                out[key] = convert(tree, child)
                child = tree.next_sibling(child)
            return out
        if tree.is_seq(node):
            items = []
            child = tree.first_child(node)
            while child != none:
                items.append(convert(tree, child))
                child = tree.next_sibling(child)
            return items
        if tree.val_is_null(node):
            return None
        value = bytes(tree.val(node)).decode()
        if tree.is_val_quoted(node) or tree.is_val_literal(node) or tree.is_val_folded(node):
            return value
        try:
            return _plain_value(value)  # YAML 1.1 resolution, declining what the store would comment on
        except NotCanonical:
            raise Declined from None

    def parse_only(text: str) -> Any:
        return ryml.parse_in_arena(text.encode())

    def walked(text: str) -> Any:
        tree = ryml.parse_in_arena(text.encode())
        return convert(tree, tree.root_id())

    return parse_only, walked


# --- rapidyaml -> JSON (in C++) -> orjson, with the checks that keep the store's guarantees -------------
#
# Measured for issue #16 and not adopted (see docs/performance.md): YAML 1.2 and JSON lose what the store
# must keep (YAML 1.1 types, dates, duplicate keys, which orjson drops silently), so the checks below give
# up on whatever the two could read differently, and the Python walk they need costs most of what the
# native parse saves. rapidyaml also prints its syntax errors on standard error (hence `_quiet_stderr`).

import datetime as dt  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from contextlib import contextmanager  # noqa: E402

from newskb.canonical_yaml import _BAD_TEXT, _DATE, _RESOLVERS, _resolved_tag  # noqa: E402

#: Nesting beyond which this reader gives up (the store's full parse reports past store.MAX_DEPTH).
MAX_DEPTH = 32

#: Characters that start an anchor, alias, tag, complex key, directive or reserved token, and block headers.
_INDICATOR = re.compile("[&*!?%@`|>]")
#: What may precede an indicator inside a plain scalar without making it one (`90%`, `**bold**`, `a|b`).
_INSIDE = frozenset("\n :-[]{},")
_EXPONENT = re.compile(r"[\ \[{,][-+]?[0-9.][0-9._]*[eE][-+]?[0-9]+(?:\n|[,\]}]|\ \#)|[\ \[{,][-+]\.")


def _distrusted(text: str) -> bool:
    """Whether the text has syntax rapidyaml and PyYAML might read differently (see the module docstring)."""
    if "\\" in text or "<<" in text or "\n---" in text or "\n..." in text:
        return True
    for m in _INDICATOR.finditer(text):
        i = m.start()
        before = text[i - 1]
        if before not in _INSIDE:
            continue  # inside a word: `90%`, `a|b`
        if m.group() in "|>":
            if text[i - 2 : i] not in (": ", "- "):
                if text[: i].rstrip(" ")[-1:] == "\n":
                    return True  # a block scalar header on a line of its own
                continue
            if m.group() == "|" and (text.startswith("\n", i + 1) or text.startswith("-\n", i + 1)):
                continue  # `|` and `|-`: what the store writes
            return True
        if before == " ":  # `: &x`, `- *x`, `[ !t`, or indentation before `? key`; a space inside prose is not
            j = i - 1
            while text[j] == " ":
                j -= 1
            if text[j] not in ":-\n[{,":
                continue
        return True
    return False


#: First characters of a text the checks cannot see (they look after a line break): `&x`, `---`, `2024-…`.
_FIRST = frozenset("&*!?%@`-.0123456789 \n")
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]{0,127}")
#: First characters of strings some YAML 1.1 implicit resolver may claim.
_RESOLVABLE = frozenset(k for k in _RESOLVERS if k)
#: Strings, and keys, already known to be read as strings by YAML 1.1 (bounded: they repeat across entries).
_KNOWN: set[str] = set()
_KNOWN_KEYS: set[str] = set()
_KNOWN_MAX = 1 << 16
_BUFFER = bytearray(1 << 20)
_DEVNULL: int | None = None


@contextmanager
def _quiet_stderr() -> Iterator[None]:
    """File descriptor 2 pointed at /dev/null for the duration (rapidyaml prints its errors there)."""
    global _DEVNULL
    if _DEVNULL is None:
        _DEVNULL = os.open(os.devnull, os.O_WRONLY | getattr(os, "O_CLOEXEC", 0))
    saved = os.dup(2)
    try:
        os.dup2(_DEVNULL, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _json(data: bytes) -> tuple[bytes, int]:
    """rapidyaml's JSON of `data` and the number of nodes of its tree (NotCanonical on a syntax error)."""
    global _BUFFER
    try:
        with _quiet_stderr():
            tree = ryml.parse_in_arena(data)
    except Exception:  # ryml.ExceptionParse and its kind: the store's own parse reports it exactly
        raise Declined("rapidyaml refused it") from None
    size = tree.size()
    while True:
        try:
            return bytes(ryml.emit_json_in_place(tree, _BUFFER)), size
        except IndexError:  # the buffer is too small for this file: grow it and emit again
            if len(_BUFFER) > 64 * len(data) + (1 << 20):
                raise Declined("rapidyaml's JSON did not fit") from None
            _BUFFER = bytearray(2 * len(_BUFFER))


def _string(value: str, dates: set[str]) -> Any:
    """A string as YAML 1.1 would have read it plain: itself, a date, or NotCanonical when typed otherwise."""
    if value in _KNOWN:
        return value
    tag = _resolved_tag(value)
    if tag is None:
        if len(_KNOWN) < _KNOWN_MAX:
            _KNOWN.add(value)
        return value
    m = _DATE.fullmatch(value)
    if m is None or tag != "tag:yaml.org,2002:timestamp":
        raise Declined(value)
    try:
        day = dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:  # 2024-02-30: the full parse keeps the text for the schema to report
        raise Declined(value) from None
    dates.add(value)
    return day


def _check_key(key: str) -> None:
    """Give up on a key that is not a plain identifier YAML 1.1 reads as a string (JSON keeps `1:` or `yes:` as text)."""
    if key in _KNOWN_KEYS:
        return
    if not _KEY.fullmatch(key) or _resolved_tag(key) is not None:
        raise Declined(key)
    if len(_KNOWN_KEYS) < _KNOWN_MAX:
        _KNOWN_KEYS.add(key)


def _walk(node: Any, depth: int, dates: set[str], floats: list[float]) -> int:
    """Check and convert `node` in place; the number of nodes below it (as rapidyaml counts them).

    Collects the date strings it turned into dates and the floats it met, for `_written_plain` and `_EXPONENT`.
    Hot: it visits every value of every file, so the common cases are tested inline.
    """
    if depth > MAX_DEPTH:
        raise Declined("nested too deeply")
    count = len(node)
    if type(node) is dict:
        if not _KNOWN_KEYS.issuperset(node):
            for key in node:
                _check_key(key)
        items: Any = node.items()
    else:
        items = enumerate(node)
    resolvable = _RESOLVABLE
    for key, value in items:
        kind = type(value)
        if kind is str:
            if value and value[0] in resolvable and value not in _KNOWN:
                converted = _string(value, dates)
                if converted is not value:
                    node[key] = converted  # a date: same key, so iterating on is safe
        elif kind is dict or kind is list:
            count += _walk(value, depth + 1, dates, floats)
        elif kind is float:
            floats.append(value)
    return count


#: What follows a plain scalar that is a whole value, and what precedes one.
_VALUE_END = frozenset("\n,]}")
_VALUE_START = (": ", "- ", ", ")


def _written_plain(text: str, day: str) -> bool:
    """Whether every place `day` is written as a whole value is a plain scalar (JSON cannot tell `'2024-01-01'`)."""
    i = text.find(day)
    while i >= 0:
        end = i + len(day)
        before = text[i - 1]
        if before in "'\"" and text[end] == before:
            return False  # quoted: a string, not a date
        if text[end] in _VALUE_END or text.startswith(" #", end):
            if text[i - 2 : i] not in _VALUE_START and before not in "[{":
                if text[:i].rstrip(" ")[-1:] == "\n":
                    return False  # a line of its own: a literal block's text, or a continuation
        i = text.find(day, end)
    return True


def _ryml_json(text: str, data: bytes | None = None) -> dict[str, Any]:
    """The data of an entry file (a mapping at the top), exactly as PyYAML's safe loader reads it, or NotCanonical.

    `data` is the file's bytes when the caller has them (`text` is their UTF-8 decoding, BOM removed).
    """
    if not text.endswith("\n") or " \n" in text or text[0] in _FIRST or _BAD_TEXT.search(text) or _distrusted(text):
        raise Declined("outside what rapidyaml and YAML 1.1 read alike")
    raw = data if data is not None and not data.startswith(b"\xef\xbb\xbf") else text.encode("utf-8")
    emitted, nodes = _json(raw)
    try:
        out = orjson.loads(emitted)
    except orjson.JSONDecodeError:  # an empty document, a number JSON cannot hold (+5, 01.5, 2**64)
        raise Declined("rapidyaml's JSON is not data") from None
    if type(out) is not dict:
        raise Declined("not a mapping")
    dates: set[str] = set()
    floats: list[float] = []
    if _walk(out, 1, dates, floats) + 1 != nodes:
        raise Declined("a duplicate key")
    if floats and _EXPONENT.search(text):  # `1e3` and `-.5` are strings in YAML 1.1, numbers to rapidyaml
        raise Declined("a number YAML 1.1 reads as a string")
    for day in dates:
        if not _written_plain(text, day):
            raise Declined(day)
    return out


def ryml_json_reader() -> Callable[[str], Any] | None:
    """rapidyaml's tree emitted as JSON in C++, read by orjson, checked and converted in Python."""
    global ryml, orjson
    try:
        import orjson  # type: ignore[import-not-found,no-redef]
        import ryml  # type: ignore[import-not-found,no-redef]
    except ImportError:
        return None
    return _ryml_json


def yaml_rs_reader() -> Callable[[str], Any] | None:
    try:
        import yaml_rs  # type: ignore[import-not-found]
    except ImportError:
        return None
    return yaml_rs.loads  # type: ignore[no-any-return]


#: reader -> (positions itself, duplicate keys refused, aliases refused, YAML 1.1 notes), checked by hand
#: and by the probes below; "same data" is measured on the corpus.
GUARANTEES = {
    "canonical reader (newskb, adopted)": ("no", "yes", "yes", "yes"),
    "PyYAML CSafeLoader + store checks": ("yes*", "yes", "yes", "yes"),
    "PyYAML CSafeLoader, plain yaml.load": ("yes*", "no", "no", "no"),
    "rapidyaml parse only (no Python data)": ("yes*", "n/a", "n/a", "n/a"),
    "rapidyaml tree -> Python + store checks": ("yes*", "yes", "yes", "yes"),
    "rapidyaml JSON -> orjson + store checks": ("yes*", "yes", "yes", "yes"),
    "yaml-rs loads": ("no", "yes", "no", "no"),
}

#: Texts on which a reader must decline or refuse (or, for plain yaml.load, shows what it lets through).
PROBES = {
    "duplicate key": "a: 1\na: 2\n",
    "alias": "a: &x 1\nb: *x\n",
    "yes": "a: yes\n",
    "octal": "a: 012\n",
    "sexagesimal": "a: 1:30\n",
    "quoted date stays a string": "a: '2024-01-01'\n",
}


def probe(fn: Callable[[str], Any]) -> str:
    """The probes the reader accepts without declining or refusing: what the store would miss with it."""
    wrong = []
    for name, text in PROBES.items():
        try:
            got = fn(text)
        except Exception:  # declined or refused: the store then reports it exactly
            continue
        if name == "quoted date stays a string" and got == {"a": "2024-01-01"}:
            continue
        wrong.append(name)
    return ", ".join(wrong) or "none"


#: Seeds for `mangled`: the shapes entry files have.
SEEDS = [
    "a: 1\nb: [x, y]\nc: {d: 2024-01-01, e: 'q'}\n",
    "t:\n  ja: あ\n  en: x\nl:\n- k: v\n  m: |-\n    x\n    y\n",
    "a: true\nb: null\nc: -7\nd: 1.5\ne: [1, 2]\n",
]


def mangled(fn: Callable[[str], Any], count: int) -> tuple[int, int]:
    """(accepted, accepted though PyYAML refuses or reads otherwise) over `count` random edits of the seeds."""
    import random

    rng = random.Random(1)
    chars = list(": -'\"[]{},#&*!|>\n 0123456789.e+yesno~")
    accepted = wrong = 0
    for _ in range(count):
        text = list(rng.choice(SEEDS))
        for _ in range(rng.randint(1, 3)):
            pos = rng.randrange(len(text) + 1)
            if rng.random() < 0.5:
                text.insert(pos, rng.choice(chars))
            elif text:
                del text[min(pos, len(text) - 1)]
        joined = "".join(text)
        try:
            got = fn(joined)
        except Exception:  # declined or refused
            continue
        accepted += 1
        try:
            wrong += repr(got) != repr(libyaml_plain(joined))  # repr: nan equals nan, True is not 1
        except yaml.YAMLError:
            wrong += 1
    return accepted, wrong


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--corpus", type=Path, default=Path("entries"), help="an entries/ folder")
    p.add_argument("--files", type=int, default=500, help="how many story files to sample (evenly spread)")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--mangle", type=int, default=3000, help="randomly edited texts per reader (0: skip)")
    args = p.parse_args()

    paths = sorted((args.corpus / "stories").glob("*.yaml")) or sorted(args.corpus.rglob("*.yaml"))
    paths = paths[:: max(1, len(paths) // args.files)][: args.files]
    texts = [path.read_bytes().decode("utf-8") for path in paths]
    megabytes = sum(len(t.encode()) for t in texts) / 1e6
    expected = [libyaml_plain(t) for t in texts]

    readers: dict[str, Callable[[str], Any] | None] = {
        "canonical reader (newskb, adopted)": canonical,
        "PyYAML CSafeLoader + store checks": libyaml_checked,
        "PyYAML CSafeLoader, plain yaml.load": libyaml_plain,
    }
    ry = ryml_reader()
    readers["rapidyaml parse only (no Python data)"] = ry[0] if ry else None
    readers["rapidyaml tree -> Python + store checks"] = ry[1] if ry else None
    readers["rapidyaml JSON -> orjson + store checks"] = ryml_json_reader()
    readers["yaml-rs loads"] = yaml_rs_reader()

    times: dict[str, list[float]] = {name: [] for name, fn in readers.items() if fn is not None}
    same: dict[str, str] = {}
    for name, fn in readers.items():
        if fn is None:
            continue
        ok = declined = 0
        for text, want in zip(texts, expected):
            try:
                ok += fn(text) == want
            except Declined:
                declined += 1
        same[name] = "n/a" if "parse only" in name else f"{ok}/{len(texts)}" + (f" ({declined} declined)" if declined else "")
    for _ in range(args.rounds):
        for name in times:
            fn = readers[name]
            assert fn is not None
            started = time.perf_counter()
            for text in texts:
                try:
                    fn(text)
                except Declined:
                    pass
            times[name].append(time.perf_counter() - started)

    print(f"{len(texts)} files, {megabytes:.1f} MB from {args.corpus}; median of {args.rounds} interleaved rounds")
    for name, fn in readers.items():
        if fn is not None and "parse only" not in name and "plain yaml.load" not in name and args.mangle:
            with _quiet_stderr():  # rapidyaml prints each syntax error
                ok, bad = mangled(fn, args.mangle)
            print(f"  {name}: {ok} of {args.mangle} randomly edited texts accepted, {bad} of them not as PyYAML reads them")
    head = f"{'reader':42} {'MB/s':>6} {'s/10k files':>11}  {'same data':>10}  positions dup-keys aliases 1.1-notes  accepts silently"
    print(head)
    print("-" * len(head))
    for name, fn in readers.items():
        pos, dup, alias, notes = GUARANTEES[name]
        if fn is None:
            print(f"{name:42} {'not installed':>18}")
            continue
        t = statistics.median(times[name])
        wrong = "n/a" if "parse only" in name else probe(fn)
        print(
            f"{name:42} {megabytes / t:6.1f} {t / len(texts) * 10_000:11.2f}  {same[name]:>10}  "
            f"{pos:>9} {dup:>8} {alias:>7} {notes:>9}  {wrong}"
        )
    print("yes* = the parser knows positions (PyYAML marks, rapidyaml locations); the store asks for them only")
    print("       when it reports a finding, through its full PyYAML parse, whichever reader took the fast path.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
