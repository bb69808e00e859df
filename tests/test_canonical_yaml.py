"""Specification of `canonical_yaml.read_canonical`, the fast reader for `store.dump_yaml`'s output.

The contract: for any text it either returns exactly what PyYAML's C safe
loader returns (same types, same key order) or gives up with NotCanonical;
it gives up on everything the store's full parse would reject or comment on;
and it does not give up on what the store actually writes.
"""

from __future__ import annotations

import datetime as dt
import math
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from loader_support import ENTRIES
from newskb import store
from newskb.canonical_yaml import NotCanonical, read_canonical
from newskb.errors import InputError
from newskb.store import Flow, dump_yaml

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def reference(text: str) -> Any:
    return yaml.load(text, Loader=yaml.CSafeLoader)


def same(a: Any, b: Any) -> bool:
    """Equal with the same types all the way down and dict keys in the same order (True is not 1)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    if isinstance(a, float):
        return a == b and math.copysign(1, a) == math.copysign(1, b)
    return bool(a == b)


def read_or_give_up(text: str) -> tuple[bool, Any]:
    """(gave_up, data), asserting the contract: the data is the reference loader's."""
    try:
        data = read_canonical(text)
    except NotCanonical:
        return True, None
    expected = reference(text)
    assert same(data, expected), f"{text!r}: read {data!r}, PyYAML {expected!r}"
    return False, data


# --- 1. property: whatever dump_yaml writes is read back exactly ---------------------

#: Keys YAML reads as strings, spelled as the store's field names are.
identifier_keys = st.from_regex(r"[A-Za-z_][A-Za-z0-9_-]{0,10}", fullmatch=True).filter(
    lambda k: list(reference(f"{k}: 1\n")) == [k]
)
TRICKY_STRINGS = [
    "", " ", " lead", "trail ", "yes", "no", "on", "off", "y", "n", "True", "NULL", "null", "~", "0", "12",
    "-7", "007", "0o17", "0x1f", "1e3", "1.5", ".inf", "1:30", "12:30:00", "2024-01-01", "2024-02-30",
    "2024-01-01 10:00:00", "a: b", "a:b", "a:", ":a", "a #b", "a#b", "#a", "- a", "-a", "-", "?a", "? a",
    "'q'", "q's", '"d"', 'say "hi"', "[x]", "{y}", "a, b", "&a", "*a", "!t", "|", ">", "%", "@", "`",
    "=", "<<", "---", "...", "日本語", "「引用」:で", "ＡＩ　の話", "\\", "back\\slash", "tab\there",
    "emoji 😀", "\u2028", "\x85", "\ufeff", "nul\x00", "\x7f", "a\u200bb",
]  # fmt: skip
#: Strings without control characters (and without line breaks): the text of real entries.
ordinary_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=30
) | st.sampled_from([s for s in TRICKY_STRINGS if s.isprintable() or s in ("ＡＩ　の話", "a\u200bb")])
#: Multi-line text as quotes and notes are written: a literal block in block context.
multiline_text = (
    st.lists(
        st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=12),
        min_size=2,
        max_size=4,
    )
    .map("\n".join)
    .filter(lambda s: not s.startswith((" ", "\n")) and not s.endswith("\n\n"))
)
any_text = st.text(max_size=20) | st.sampled_from(TRICKY_STRINGS)

ordinary_scalars = ordinary_text | st.integers() | st.dates() | st.booleans() | st.none() | st.floats(allow_nan=False)


def trees(scalars: st.SearchStrategy[Any], keys: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    def extend(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        mappings = st.dictionaries(keys, children, max_size=4)
        return st.lists(children, max_size=4) | mappings | mappings.map(Flow)

    return st.recursive(scalars, extend, max_leaves=20)


def roots(tree: st.SearchStrategy[Any], keys: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    return st.dictionaries(keys, tree, min_size=1, max_size=5) | st.lists(tree, min_size=1, max_size=4)


@pytest.mark.slow
@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(roots(trees(ordinary_scalars | multiline_text, identifier_keys), identifier_keys), st.booleans())
def test_dumped_entry_shapes_are_read_back_exactly_and_never_given_up(data, header):
    text = dump_yaml(data, "../_schema/story.schema.json" if header else None)
    assume(not text.endswith("\n...\n"))  # `|+` as the very last value: the emitter closes the document
    gave_up, _ = read_or_give_up(text)
    assert not gave_up, text


@settings(max_examples=600, suppress_health_check=[HealthCheck.too_slow])
@given(
    roots(
        trees(
            any_text | st.integers() | st.dates() | st.booleans() | st.none() | st.floats(allow_nan=False),
            identifier_keys | any_text,
        ),
        identifier_keys | any_text,
    )
)
@pytest.mark.slow
def test_any_dumped_data_is_read_back_exactly_or_given_up(data):
    """Arbitrary keys and control characters may give up (see `--hypothesis-show-statistics`)."""
    gave_up, _ = read_or_give_up(dump_yaml(data))
    event("gave up" if gave_up else "read")


@given(st.floats(allow_nan=False) | st.integers() | st.dates())
def test_numbers_and_dates_come_back_with_their_type(value):
    gave_up, data = read_or_give_up(dump_yaml({"v": value, "f": Flow({"v": value}), "l": [value]}))
    assert not gave_up
    assert same(data, {"v": value, "f": {"v": value}, "l": [value]})


# --- 2. the shipped entries and the benchmark corpus -------------------------------


def _entry_files() -> list[Path]:
    return sorted(p for p in ENTRIES.rglob("*.yaml") if store.SCHEMA_DIR not in p.parts)


@pytest.mark.parametrize("path", _entry_files(), ids=lambda p: p.name)
def test_entry_files_are_read_exactly_without_giving_up(path):
    text = path.read_bytes().decode("utf-8")
    gave_up, _ = read_or_give_up(text)
    assert not gave_up


def test_the_sample_covers_shipped_entries():
    assert len(_entry_files()) >= 5


def test_a_generated_corpus_is_read_exactly_without_giving_up(tmp_path: Path) -> None:
    """The synthetic knowledge base the benchmarks load (benchmarks/corpus.py), generated here."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import corpus
    finally:
        sys.path.remove(str(BENCHMARKS))
    corpus.generate(40, 3, tmp_path / "kb", jobs=1)
    files = sorted((tmp_path / "kb" / "entries").rglob("*.yaml"))
    files = [p for p in files if store.SCHEMA_DIR not in p.parts]
    assert len(files) > 40
    for path in files:
        gave_up, _ = read_or_give_up(path.read_text(encoding="utf-8"))
        assert not gave_up, path.name


# --- 3. hand-written inputs: identical or given up -----------------------------------

#: Each text with whether the reader must give up (True), must read it (False), or may do either (None).
TRICKY: list[tuple[str, str, bool | None]] = [
    ("comment line", "a: 1\n# note\nb: 2\n", True),
    ("trailing comment", "a: x # note\n", True),
    ("header comment", "# yaml-language-server: $schema=x.json\na: 1\n", False),
    ("tab", "a:\tx\n", True),
    ("tab indent", "a:\n\tb: 1\n", True),
    ("flow list", "a: [1, x, 'y', \"z\"]\n", False),
    ("flow list with flow in it", "a: [[1], {b: c}, []]\n", False),
    ("flow list on two lines", "a: [1,\n  2]\n", True),
    ("flow without spaces", "a: {b: 1,c: 2}\n", True),
    ("flow with a colon value", "a: {b: c:d}\n", True),
    ("quoted key", "'a': 1\n", True),
    ("double-quoted key", '"a": 1\n', True),
    ("yes", "a: yes\n", True),
    ("on", "a: on\n", True),
    ("No", "a: No\n", True),
    ("yes in flow", "a: {b: yes}\n", True),
    ("yes as key", "yes: 1\n", True),
    ("null as key", "null: 1\n", True),
    ("0o17 is a string in YAML 1.1", "a: 0o17\n", False),  # not an int for PyYAML, so nothing to warn about
    ("old octal", "a: 017\n", True),
    ("hex", "a: 0x1f\n", True),
    ("float without sign", "a: 1e3\n", False),
    ("float exponent", "a: 1.0e+3\n", False),
    ("sexagesimal", "a: 1:30\n", True),
    ("impossible date", "a: 2024-02-30\n", True),
    ("impossible date in flow", "a: {d: 2024-02-30}\n", True),
    ("timestamp", "a: 2024-01-01 10:00:00\n", True),
    ("date", "a: 2024-02-29\n", False),
    ("tilde", "a: ~\n", None),
    ("null", "a: null\n", False),
    ("empty value", "a:\nb: 1\n", True),
    ("empty value at end", "a:\n", True),
    ("duplicate key", "a: 1\nb: 2\na: 3\n", True),
    ("nested duplicate key", "t:\n  ja: あ\n  ja: い\n", True),
    ("duplicate key in flow", "a: {b: 1, b: 2}\n", True),
    ("anchor and alias", "a: &x hi\nb: *x\n", True),
    ("alias in flow", "a: &x [1]\nb: [*x]\n", True),
    ("merge key", "base: {a: 1}\nother:\n  <<: {a: 1}\n", True),
    ("literal block", "a: |\n  x\n  y\nb: 1\n", False),
    ("literal block strip", "a: |-\n  x\n\n  y\n", False),
    ("literal block keep", "a: |+\n  x\n\nb: 1\n", False),
    ("literal block more indented line", "a: |-\n  x\n    y\n  z\n", False),
    ("literal block with indicator", "a: |2-\n   x\n", True),
    ("literal block with comment", "a: | # c\n  x\n", True),
    ("literal block not indented", "a:\n  b: |\n  x\n", True),
    ("folded block", "a: >\n  x\n  y\n", True),
    ("multi-document", "a: 1\n---\nb: 2\n", True),
    ("document start", "---\na: 1\n", True),
    ("document end", "a: 1\n...\n", True),
    ("trailing spaces", "a: x  \n", True),
    ("trailing space after key", "a: \n", True),
    ("CRLF", "a: 1\r\nb: 2\r\n", True),
    ("BOM", "\ufeffa: 1\n", True),
    ("no final newline", "a: 1", True),
    ("blank line", "a: 1\n\nb: 2\n", True),
    ("tag", "a: !!str 1\n", True),
    ("complex key", "? a\n: 1\n", True),
    ("plain continuation line", "a: x\n  y\n", True),
    ("single-quoted on two lines", "a: 'x\n  y'\n", True),
    ("double-quoted line continuation", 'a: "x\\\n  y"\n', True),
    ("double-quoted escapes", 'a: "\\t\\n\\x41\\u3042\\U0001F600\\\\\\"\\0\\e\\N\\_\\L\\P"\n', False),
    ("double-quoted surrogate escape", 'a: "\\uD800"\n', True),
    ("double-quoted unknown escape", 'a: "\\q"\n', True),
    ("single-quoted escape", "a: 'it''s'\n", False),
    ("mapping value in a value", "a: b: c\n", True),
    ("sequence in a value", "a: - b\n", True),
    ("indentless sequence", "a:\n- 1\n- x\nb: 2\n", False),
    ("indented sequence", "a:\n  - 1\n  - x\nb: 2\n", False),
    ("compact nested", "- - a\n  - b\n- k: v\n  l: w\n", False),
    ("wrong indentation", "a:\n  b: 1\n c: 2\n", True),
    ("deeper after value", "a: 1\n  b: 2\n", True),
    ("sequence after value", "a: 1\n- 2\n", True),
    ("top-level scalar", "hello\n", True),
    ("top-level flow", "{a: 1}\n", True),
    ("empty", "", True),
    ("only a comment", "# nothing\n", True),
    ("key with a space", "a b: 1\n", True),
    ("numeric key", "1: a\n", True),
    ("directive", "%YAML 1.1\n---\na: 1\n", True),
    ("NEL", "a: x\x85y\n", True),
    ("line separator", "a: x\u2028y\n", True),
    ("control character", "a: x\x07y\n", True),
    ("value indicator", "a: =\n", True),
    ("merge as value", "a: <<\n", True),
    ("plus int", "a: +5\n", True),
    ("int with underscore", "a: 1_000\n", True),
    ("true", "a: true\nb: [false]\n", False),
    ("Japanese", "ja: 「引用」です。:やで\nen: x:y\n", False),
    ("colon first", "a: :x\n", None),
    ("question first", "a: ?x\n", None),
    ("dash first", "a: -x\nb: [-x]\n", False),
]


@pytest.mark.parametrize("text,must_give_up", [(t, g) for _, t, g in TRICKY], ids=[n for n, _, _ in TRICKY])
def test_hand_written_inputs_are_read_exactly_or_given_up(text, must_give_up):
    gave_up, _ = read_or_give_up(text)
    if must_give_up is not None:
        assert gave_up is must_give_up


# --- 4. the store parses exactly as it did before the fast reader ---------------------


def _outcome(parse: Any, text: str, path: Path) -> tuple[Any, ...]:
    try:
        doc = parse(text, path)
    except InputError as exc:
        return ("error", exc.code, exc.message, exc.line, exc.column)
    implicit = [(i.path, i.line, i.column, i.written, i.became) for i in doc.implicit]
    return ("data", doc.data, implicit)


def _previous_parse_yaml(text: str, path: Path) -> store.Document:
    """`store.parse_yaml` as it was: the libyaml fast path, then the positional parse."""
    try:
        data = store._libyaml_data(text)
    except store._Fallback:
        return store._parse_with_positions(text, path)
    return store.Document(path=path, data=data, text=text)


@pytest.mark.parametrize("text", [t for _, t, _ in TRICKY], ids=[n for n, _, _ in TRICKY])
def test_parse_yaml_gives_the_same_data_errors_and_warnings_as_before(text, tmp_path):
    path = tmp_path / "e.yaml"
    before, after = _outcome(_previous_parse_yaml, text, path), _outcome(store.parse_yaml, text, path)
    assert before[0] == after[0] and before[1:] == after[1:]
    if before[0] == "data":
        assert same(before[1], after[1])


def test_positions_are_still_computed_for_canonically_read_files(tmp_path):
    text = dump_yaml({"id": "a", "quotes": [{"id": "q1", "speaker": "x"}]})
    doc = store.parse_yaml(text, tmp_path / "e.yaml")
    assert doc.lazy
    assert doc.position(("quotes", 0, "speaker")) == (4, 12)


def test_giving_up_is_what_sends_a_file_to_the_full_parse(monkeypatch, tmp_path):
    calls: list[str] = []
    original = store._libyaml_data

    def spy(text: str) -> Any:
        calls.append(text)
        return original(text)

    monkeypatch.setattr(store, "_libyaml_data", spy)
    store.parse_yaml("a: 1\nb: [x, y]\n", tmp_path / "e.yaml")
    assert calls == []
    store.parse_yaml("a: 1 # comment\n", tmp_path / "e.yaml")
    assert calls == ["a: 1 # comment\n"]


def test_dates_are_real_dates():
    assert read_canonical("d: 2024-09-20\n") == {"d": dt.date(2024, 9, 20)}


def test_a_plain_scalar_read_again_has_the_same_value_and_a_refused_one_is_refused_again():
    # plain scalars are remembered once read (ids, kinds and dates repeat across entries); what gives up must
    # give up every time, and the remembered values must keep their types (True is not 1, a date not a string)
    text = "a: 2024-01-02\nb: true\nc: 1.5\nd: null\ne: organization\nf: [0, on-device, 2024-01-02]\n"
    for _ in range(3):
        assert same(read_canonical(text), reference(text))
    for bad in ("a: 2024-02-30\n", "a: yes\n", "a: 012\n"):
        for _ in range(3):
            with pytest.raises(NotCanonical):
                read_canonical(bad)


def test_the_plain_scalar_memo_is_bounded():
    from newskb import canonical_yaml

    for i in range(canonical_yaml._PLAIN_MAX + 10):
        read_canonical(f"a: 1-{i}\n")
    assert len(canonical_yaml._PLAIN) <= canonical_yaml._PLAIN_MAX
