"""`newskb load` and `newskb schema` from the command line: idempotence, --check, human edits, bad input."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from loader_support import ENTRIES, SEED_NAME, bracket_text, raw_lines, run_cli, snapshot
from newskb.models import FILE_MODELS, Bilingual, Claim, Quantity, Quote, Review, StatementText, Story
from newskb.store import dump_yaml, read_yaml, schema_ref, to_data


def story_file(repo: Path, index: int) -> Path:
    """The story entry for segment `index` of the seed (file names are chosen by curators)."""
    for path in sorted((repo / "entries" / "stories").glob("*.yaml")):
        story = Story.model_validate(read_yaml(path).data)
        if story.source == SEED_NAME and story.segment.index == index:
            return path
    raise AssertionError(f"no story for segment {index}")


def write_story(repo: Path, path: Path, story: Story) -> bytes:
    data = dump_yaml(to_data(story), schema_ref(path, "story", repo / "entries")).encode("utf-8")
    path.write_bytes(data)
    return data


def offset_in_seed(text: str) -> tuple[int, int, int]:
    """(line, start, end) of the only occurrence of `text`, computed from the raw lines."""
    lines = raw_lines()
    hits = [(n, line.index(text)) for n, line in enumerate(lines, 1) if text in line]
    assert len(hits) == 1 and lines[hits[0][0] - 1].count(text) == 1
    n, col = hits[0]
    start = sum(len(line) + 1 for line in lines[: n - 1]) + col
    return n, start, start + len(text)


# --- idempotence ------------------------------------------------------------------------------


def test_load_on_the_shipped_entries_changes_nothing(repo, seed_arg):
    before = snapshot(repo)
    result = run_cli("load", seed_arg)
    assert result.code == 0, result.err
    assert result.out == ""  # nothing "wrote …"
    assert snapshot(repo) == before  # bytes and mtimes


def test_second_load_changes_nothing(repo, seed_arg):
    path = story_file(repo, 2)
    path.write_text(path.read_text(encoding="utf-8").replace("first_line: 19", "first_line: 18"), encoding="utf-8")
    first = run_cli("load", seed_arg)
    assert first.code == 0 and first.out == f"wrote {Path('entries/stories') / path.name}\n"
    before = snapshot(repo)
    second = run_cli("load", seed_arg)
    assert second.code == 0
    assert second.out == ""
    assert snapshot(repo) == before


def test_check_exits_0_on_the_shipped_entries(repo, seed_arg):
    result = run_cli("load", "--check", seed_arg)
    assert result.code == 0, result.out
    assert result.out == ""


def test_check_exits_1_and_lists_a_tampered_file_writing_nothing(repo, seed_arg):
    path = story_file(repo, 5)
    text = path.read_text(encoding="utf-8")
    tampered, n = re.subn(
        r"anchor: \{line: (\d+), start: (\d+),",
        lambda m: f"anchor: {{line: {m[1]}, start: {int(m[2]) + 1},",
        text,
        count=1,
    )
    assert n == 1
    path.write_text(tampered, encoding="utf-8")
    before = snapshot(repo)
    result = run_cli("load", "--check", seed_arg)
    assert result.code == 1
    rel = str(Path("entries/stories") / path.name)
    assert f"--- {rel}" in result.out and f"+++ {rel}" in result.out
    assert "1 of 8 entry files out of date" in result.err
    assert snapshot(repo) == before


def test_check_notices_a_file_with_crlf_line_endings_that_load_would_rewrite(repo, seed_arg):
    path = story_file(repo, 3)
    original = path.read_bytes()
    path.write_bytes(original.replace(b"\n", b"\r\n"))
    assert run_cli("load", "--check", seed_arg).code == 1
    assert run_cli("load", seed_arg).code == 0
    assert path.read_bytes() == original
    assert run_cli("load", "--check", seed_arg).code == 0


def test_load_restores_a_tampered_machine_field(repo, seed_arg):
    path = story_file(repo, 1)
    original = path.read_bytes()
    path.write_bytes(original.replace(b"segment: {index: 1, first_line: 6,", b"segment: {index: 1, first_line: 2,"))
    assert path.read_bytes() != original
    assert run_cli("load", seed_arg).code == 0
    assert path.read_bytes() == original


# --- human edits survive ------------------------------------------------------------------------


def test_human_edits_survive_a_load_byte_for_byte(repo, seed_arg):
    path = story_file(repo, 1)
    story = Story.model_validate(read_yaml(path).data)
    line7, line15 = bracket_text(7), bracket_text(15)

    def edit(q: Quote) -> Quote:
        if q.text.ja == line7:  # the English text of Joe Dominguez's quote
            return q.model_copy(update={"text": q.text.model_copy(update={"en": "EDITED: the English text"})})
        if q.text.ja == line15:  # the speaker of a continuation
            return q.model_copy(update={"speaker": "google"})
        return q

    orphan = Quote(
        id="not-in-transcript", speaker="unknown", text=StatementText(ja="この発言は書き起こしのどこにもありません")
    )
    claim_text = "最大規模のデータセンターの多くが90%近くカーボンフリーで運用されています"
    n, start, end = offset_in_seed(claim_text)
    line = raw_lines()[n - 1]
    col = line.index(claim_text)
    claim = Claim(
        id="ninety-percent",
        text=StatementText(ja=claim_text, en="many of the largest data centers run nearly 90% carbon-free"),
        quantities=[Quantity(as_written="90%", value=90, unit="percent")],
        review=Review(verdict="misleading", note=Bilingual(ja="編集したレビューのメモ", en="EDITED review note")),
        anchor={
            "line": n,
            "start": start,
            "end": end,
            "prefix": line[max(0, col - 16) : col],
            "suffix": line[col + len(claim_text) : col + len(claim_text) + 16],
        },
    )
    claims = [
        c.model_copy(
            update={"review": c.review.model_copy(update={"note": Bilingual(ja="編集したメモ", en="EDITED note")})}
        )
        if c.review
        else c
        for c in story.claims
    ]
    edited = story.model_copy(
        update={
            "title": Bilingual(ja="編集したタイトル", en="EDITED title"),
            "quotes": [edit(q) for q in story.quotes] + [orphan],
            "claims": [*claims, claim],
        }
    )
    written = write_story(repo, path, edited)
    for needed in (
        "EDITED: the English text",
        "speaker: google",
        "EDITED title",
        "EDITED review note",
        "not-in-transcript",
    ):
        assert needed.encode() in written

    result = run_cli("load", seed_arg)
    assert result.code == 0, result.err
    assert path.read_bytes() == written  # every edit kept, nothing else touched
    assert "quote not-in-transcript is no longer in the transcript" in result.err

    # a machine field tampered next to the edits is recomputed, the edits stay
    tampered = written.replace(
        f"anchor: {{line: {n}, start: {start}, end: {end},".encode(), f"anchor: {{line: {n}, start: 1, end: 2,".encode()
    )
    assert tampered != written
    path.write_bytes(tampered)
    assert run_cli("load", seed_arg).code == 0
    assert path.read_bytes() == written


# --- bad input -------------------------------------------------------------------------------------


def _tamper_story(repo: Path, make) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    path = story_file(repo, 2)
    text, expected_line = make(path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    where = str(Path("entries/stories") / path.name)
    return "seeds/" + SEED_NAME + ".txt", f"{where}:{expected_line}" if expected_line else where


def _seed(repo: Path, data: bytes) -> tuple[str, str]:
    (repo / "seeds" / "bad.txt").write_bytes(data)
    return "seeds/bad.txt", "seeds/bad.txt"


def _bomb(text: str) -> tuple[str, int | None]:
    bomb = 'x: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for name, prev in zip("bcdefghi", "abcdefgh"):
        bomb += f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]\n"
    return bomb, None


BAD_INPUT = {
    "missing transcript": lambda repo: ("seeds/missing.txt", "seeds/missing.txt"),
    "empty transcript": lambda repo: _seed(repo, b""),
    "binary transcript": lambda repo: _seed(repo, "題\n".encode() + b"\x00\x00\xff"),
    "shift-jis transcript": lambda repo: (
        _seed(repo, "題\n12 文字\n".encode() + "原子力発電".encode("shift_jis"))[0],
        "seeds/bad.txt:3",
    ),
    "malformed entry yaml": lambda repo: _tamper_story(repo, lambda t: (t + "quotes: [unclosed\n", None)),
    "duplicate key": lambda repo: _tamper_story(
        repo, lambda t: (t.replace("\nsource: ", "\nid: again\nsource: ", 1), 3)
    ),
    "entry that is a list": lambda repo: _tamper_story(repo, lambda t: ("- id: a\n- id: b\n", 1)),
    "alias bomb": lambda repo: _tamper_story(repo, _bomb),
    "unknown field": lambda repo: _tamper_story(
        repo, lambda t: (t.replace("\nsource: ", "\nsauce: typo\nsource: ", 1), 3)
    ),
}


@pytest.mark.parametrize("case", BAD_INPUT, ids=list(BAD_INPUT))
def test_bad_input_is_one_line_on_stderr_exit_2_and_nothing_written(repo, case):
    seed, where = BAD_INPUT[case](repo)
    before = snapshot(repo)
    result = run_cli("load", seed)
    assert result.code == 2
    assert "Traceback" not in result.err
    assert len(result.err_lines) == 1, result.err
    (line,) = result.err_lines
    assert line.startswith(f"{where}:"), line
    assert ": error: " in line
    assert result.out == ""
    assert snapshot(repo) == before


def test_bad_input_under_check_is_also_exit_2(repo):
    (repo / "seeds" / "bad.txt").write_bytes(b"\x00")
    result = run_cli("load", "--check", "seeds/bad.txt")
    assert result.code == 2 and len(result.err_lines) == 1


def test_missing_entries_directory_is_exit_2(repo, seed_arg):
    result = run_cli("load", "--entries", "nowhere", seed_arg)
    assert result.code == 2
    assert result.err_lines == ["nowhere: error: no such entries directory"]


def test_load_without_a_transcript_is_a_usage_error(repo):
    assert run_cli("load").code == 2


# --- the declared length ----------------------------------------------------------------------------


def test_wrong_length_header_is_reported_as_a_note(repo):
    lines = raw_lines()
    lines[1] = "6,000 文字"
    (repo / "seeds" / "wrong_header.txt").write_text("\n".join(lines), encoding="utf-8")
    result = run_cli("load", "--check", "seeds/wrong_header.txt")
    assert "note: seeds/wrong_header.txt:2: header declares 6000 characters; the narration has 6491" in result.err_lines


def test_shipped_transcript_gets_no_length_note(repo, seed_arg):
    assert not [line for line in run_cli("load", "--check", seed_arg).err_lines if "header declares" in line]


# --- schema ----------------------------------------------------------------------------------------------


def test_schema_writes_a_json_schema_per_entry_kind(tmp_path):
    result = run_cli("schema", "--out", tmp_path / "schemas")
    assert result.code == 0
    written = sorted(p.name for p in (tmp_path / "schemas").iterdir())
    assert written == sorted(f"{kind}.schema.json" for kind in FILE_MODELS)
    for kind in FILE_MODELS:
        schema = json.loads((tmp_path / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["additionalProperties"] is False  # unknown fields are errors for editors too
    again = run_cli("schema", "--out", tmp_path / "schemas")
    assert again.out == ""  # unchanged files are not rewritten


def test_shipped_schemas_are_up_to_date_with_the_models(tmp_path):
    run_cli("schema", "--out", tmp_path)
    stale = [
        p.name for p in sorted(tmp_path.iterdir()) if p.read_bytes() != (ENTRIES / "_schema" / p.name).read_bytes()
    ]
    assert stale == [], "run `newskb schema` and commit entries/_schema"


def test_every_shipped_entry_is_valid_against_the_generated_schema_of_its_kind(tmp_path):
    import jsonschema  # in the test extra: editors check entries against these schemas

    run_cli("schema", "--out", tmp_path)
    for path in sorted(ENTRIES.rglob("*.yaml")):
        header = path.read_text(encoding="utf-8").split("\n", 1)[0]
        name = Path(header.split("$schema=", 1)[1]).name
        schema = json.loads((tmp_path / name).read_text(encoding="utf-8"))
        data = json.loads(json.dumps(read_yaml(path).data, default=str))  # dates as ISO text, as editors see them
        errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
        assert errors == [], f"{path}: {errors[0].message[:300] if errors else ''}"


def test_schema_output_is_readable_by_others(tmp_path):
    umask = os.umask(0o022)
    try:
        run_cli("schema", "--out", tmp_path / "s")
    finally:
        os.umask(umask)
    assert all(p.stat().st_mode & 0o044 == 0o044 for p in (tmp_path / "s").iterdir())
