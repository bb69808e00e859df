"""Bad input never crashes `newskb validate`: the only outcomes are findings (exit 0/1) or one line and exit 2.

Explicit cases cover what the issue names (alias bombs, oversized files,
non-UTF-8, entries of the wrong shape, unreadable transcripts); a
property-based test feeds random bytes, randomly mutated entries and
transcripts, and entries with random values in every field.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newskb.store import dump_yaml
from validate_support import CLEAN, SOURCE, STORY1, STORY2, TODAY, TRANSCRIPT, copy_clean, run, validate_json

FILES = [
    STORY1,
    STORY2,
    SOURCE,
    "entries/people.yaml",
    "entries/organizations.yaml",
    "entries/products.yaml",
    TRANSCRIPT,
]


@pytest.fixture
def kb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy_clean(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSKB_TODAY", TODAY)
    return tmp_path


def assert_clean_outcome(result) -> None:  # type: ignore[no-untyped-def]
    assert "Traceback" not in result.err
    assert result.code in (0, 1, 2), result
    if result.code == 2:  # a usage error (one line), or findings that include a file not readable as YAML
        from newskb.validate.command import UNREADABLE

        one_line = len(result.err.strip().splitlines()) == 1 and result.out == ""
        assert one_line or any(code in result.out for code in UNREADABLE), result


ALIAS_BOMB = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
"""


@pytest.mark.parametrize(
    "name, content, code",
    [
        ("alias bomb", ALIAS_BOMB.encode(), "Y103"),
        ("oversized", b"# " + b"x" * (3 * 1024 * 1024), "Y104"),
        ("latin-1", "id: caf\xe9\n".encode("latin-1"), "Y105"),
        ("a list", b"- 1\n- 2\n", "Y113"),
        ("a scalar", b"just text\n", "Y113"),
        ("empty", b"", "Y113"),
        (
            "quotes of the wrong shape",
            b"id: x\nsource: fixture\nsegment: {index: 1, first_line: 4, last_line: 6}\nquotes: 5\n",
            "Y112",
        ),
        ("a tab", b"id:\t[x\n", "Y101"),
        ("binary", bytes(range(256)), "Y105"),
    ],
)
def test_bad_entry_files_are_findings_not_crashes(kb: Path, name: str, content: bytes, code: str) -> None:
    Path(STORY1).write_bytes(content)
    result = validate_json()
    assert_clean_outcome(result)
    from newskb.validate.command import UNREADABLE

    # a file that cannot be read as an entry at all is bad input: exit 2 (README), with every finding still listed
    assert result.code == (2 if code in UNREADABLE else 1) and code in result.codes(), (name, result.codes())


@pytest.mark.parametrize(
    "content, file",
    [
        (b"\xff\xfe\x00broken", None),
        (b"", None),
        (b"x" * (6 * 1024 * 1024), None),
        (None, "/dev/zero"),
        (None, "../outside.txt"),
        (None, "seeds"),
    ],
)
def test_bad_transcripts_are_r603(kb: Path, content: bytes | None, file: str | None) -> None:
    if content is not None:
        Path(TRANSCRIPT).write_bytes(content)
    if file is not None:
        text = Path(SOURCE).read_text().replace("file: seeds/fixture.txt", f"file: {file}")
        Path(SOURCE).write_text(text)
    result = validate_json()
    assert_clean_outcome(result)
    assert "R603" in result.codes()


# --- property-based ---------------------------------------------------------------

ORIGINALS = {f: (CLEAN / f).read_bytes() for f in FILES}
SPECIAL = list(":-[]{}&*!|>'\"#%@`,?\n\t 　「」『』。0123456789") + [
    "2024-02-30",
    "12:30",
    "yes",
    "~",
    "null",
    "- ",
    ": ",
]


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    """One file of the clean knowledge base with a few random edits (or replaced by random bytes)."""
    name = draw(st.sampled_from(FILES))
    data = bytearray(ORIGINALS[name])
    if draw(st.integers(0, 9)) == 0:
        return name, draw(st.binary(max_size=400))
    for _ in range(draw(st.integers(1, 4))):
        pos = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(["insert", "delete", "replace"]))
        piece = draw(st.one_of(st.sampled_from(SPECIAL), st.text(max_size=6))).encode("utf-8", "surrogatepass")
        if op == "insert":
            data[pos:pos] = piece
        elif op == "delete":
            del data[pos : pos + draw(st.integers(1, 40))]
        else:
            data[pos : pos + len(piece)] = piece
    return name, bytes(data)


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 10**12)
    | st.floats(allow_nan=False)
    | st.text(max_size=20)
    | st.dates(),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=10,
)


@st.composite
def story_with_random_values(draw: st.DrawFn) -> tuple[str, bytes]:
    """The first story with one field, at any depth, replaced by a random value of any type."""
    data = yaml.safe_load(ORIGINALS[STORY1])
    node = data
    while True:
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        if not keys:
            break
        key = draw(st.sampled_from(keys))
        if isinstance(node[key], (dict, list)) and node[key] and draw(st.booleans()):
            node = node[key]
            continue
        node[key] = draw(JSON_VALUES)
        break
    return STORY1, dump_yaml(data).encode("utf-8")


@pytest.mark.slow
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes=st.lists(st.one_of(mutated(), story_with_random_values()), min_size=1, max_size=3))
def test_random_and_mutated_input_gives_findings_or_exit_2(changes: list[tuple[str, bytes]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = copy_clean(Path(tmp))
        for name, content in changes:
            (root / name).write_bytes(content)
        result = run("validate", "--entries", str(root / "entries"), "--format", "json")
        assert_clean_outcome(result)
        if result.code != 2:
            import json

            json.loads(result.out)
        shutil.rmtree(root / "entries")
