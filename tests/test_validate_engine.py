"""The incremental engine over rule scopes: cached findings are the uncached ones, after every kind of edit.

The corpus: the clean fixture's source and stories, and two more sources
made from it (their own transcripts, their own copies of both stories), so
rules that look across sources have something to see. Beside the real corpus
rules (R601 unique ids, R604 references, R605 registry entries used), a corpus
rule declared here (R690: the same English title in stories of different
sources) is one the engine has never heard of: it must be run across groups.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newskb.kb import load_kb
from newskb.validate import Context, engine, validate
from newskb.validate.registry import RULES, finding, rule, unregister
from validate_support import SOURCE, STORY1, STORY2, TRANSCRIPT, copy_clean, replace

DAY = dt.date(2024, 12, 31)
OTHERS = ("fixture-b", "fixture-c")


def _title_part(ctx: Context) -> list[list[Any]]:
    return [[str(story.path), story.model.title.en, story.model.source] for story in ctx.kb.stories]


#: How many parts each call of R690's combine was given (a per-group run would give one each time).
CALLS: list[int] = []


def _same_title(parts: list[list[list[Any]]]) -> Iterator[Any]:
    CALLS.append(len(parts))
    first: dict[str, tuple[str, str]] = {}
    for file, title, source in sorted(s for part in parts for s in part):
        if title in first and first[title][1] != source:
            yield finding("R690", file, ["title", "en"], f"title also used by {first[title][0]} (another source)")
        first.setdefault(title, (file, source))


@pytest.fixture
def title_rule() -> Iterator[None]:
    rule("R690", "the same English title in stories of different sources", scope="corpus", part=_title_part)(
        _same_title
    )
    try:
        yield
    finally:
        unregister("R690")
        CALLS.clear()


def _add_source(sid: str, stories: tuple[str, ...] = (STORY1, STORY2)) -> None:
    """A source `sid` made from the fixture's: its own transcript, and copies of the stories (ids suffixed)."""
    shutil.copy(TRANSCRIPT, f"seeds/{sid}.txt")
    text = Path(SOURCE).read_text(encoding="utf-8")
    text = text.replace("id: fixture\n", f"id: {sid}\n").replace("file: seeds/fixture.txt", f"file: seeds/{sid}.txt")
    Path(f"entries/sources/{sid}.yaml").write_text(text, encoding="utf-8")
    for story in stories:
        text = Path(story).read_text(encoding="utf-8")
        old_id = text.split("\n")[1].removeprefix("id: ")
        text = text.replace(f"\nid: {old_id}\n", f"\nid: {old_id}-{sid}\n", 1)
        text = text.replace("\nsource: fixture\n", f"\nsource: {sid}\n", 1)
        Path(story.replace(old_id, f"{old_id}-{sid}")).write_text(text, encoding="utf-8")


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, title_rule: None) -> Path:
    copy_clean(tmp_path)
    monkeypatch.chdir(tmp_path)
    for sid in OTHERS:
        _add_source(sid)
    return tmp_path


def _all(diagnostics: list[Any]) -> list[tuple[Any, ...]]:
    """Every field of every finding (severity and fix too), sorted."""
    return sorted((d.path, d.line, d.column, d.code, d.message, d.severity.value, d.fix) for d in set(diagnostics))


def _engine(use_cache: bool, jobs: int | None = 1) -> tuple[list[tuple[Any, ...]], engine.Outcome]:
    outcome = engine.findings(Path("entries"), DAY, use_cache=use_cache, jobs=jobs)
    return _all(outcome.diagnostics), outcome


def agree(monkeypatch: pytest.MonkeyPatch) -> engine.Outcome:
    """Cached (warm, then warm again), uncached, forked and in-memory findings are the same, finding for finding."""
    cached, outcome = _engine(use_cache=True)
    uncached, plain = _engine(use_cache=False)
    assert cached == uncached
    assert outcome.files_checked == plain.files_checked
    in_memory = validate(load_kb("entries"), DAY)
    assert uncached == _all(in_memory.diagnostics) and plain.files_checked == in_memory.files_checked
    again, warm = _engine(use_cache=True)
    assert again == cached and warm.checked == 0
    monkeypatch.setattr(engine, "PARALLEL_MIN_GROUPS", 1)
    forked, _ = _engine(use_cache=False, jobs=2)
    monkeypatch.setattr(engine, "PARALLEL_MIN_GROUPS", 64)
    assert forked == cached
    return outcome


def codes(findings: list[tuple[Any, ...]]) -> set[str]:
    return {f[3] for f in findings}


@pytest.mark.slow
def test_cached_findings_are_the_uncached_ones_after_every_kind_of_edit(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = agree(monkeypatch)
    assert first.groups == 3 and first.checked == 3
    assert codes(_engine(False)[0]) == {"R690"}  # the clean fixture, thrice: only the test rule finds something

    # edit a story: a quote's Japanese text is no longer in the source; only its group is checked again
    story_b = "entries/stories/2024-09-20-acorp-zeta-7b-fixture-b.yaml"
    replace(story_b, "ja: このモデルは", "ja: あのモデルは")
    assert agree(monkeypatch).checked == 1
    assert "Q201" in codes(_engine(False)[0])

    # add a story: the same story id as one of another source (R601 across groups)
    text = Path(STORY1).read_text(encoding="utf-8").replace("\nsource: fixture\n", "\nsource: fixture-c\n", 1)
    Path("entries/stories/2024-09-21-zz-copy.yaml").write_text(text, encoding="utf-8")
    assert agree(monkeypatch).checked == 1
    r601 = [f for f in _engine(False)[0] if f[3] == "R601"]
    assert r601 and all("zz-copy.yaml" in f[0] and STORY1 in f[4] for f in r601)  # the later file is the duplicate

    # delete a story
    Path("entries/stories/2024-09-21-zeta-regulation-fixture-c.yaml").unlink()
    agree(monkeypatch)

    # edit a registry: an organisation's id changes (R604 in every group) and a person nobody names (R605)
    replace("entries/organizations.yaml", "id: acorp\n", "id: acorp-inc\n")
    people = Path("entries/people.yaml")
    people.write_text(
        people.read_text(encoding="utf-8") + "- id: nobody-at-all\n  name: {ja: 誰でもない, en: Nobody At All}\n",
        encoding="utf-8",
    )
    assert agree(monkeypatch).checked == 3
    found = _engine(False)[0]
    assert {"R604", "R605"} <= codes(found)
    assert len({f[0] for f in found if f[3] == "R604"}) >= 3  # stories of every source refer to `acorp`
    replace("entries/organizations.yaml", "id: acorp-inc\n", "id: acorp\n")
    agree(monkeypatch)

    # edit a transcript: its group alone is checked again (R607, the sha256 changed)
    transcript = Path("seeds/fixture-b.txt")
    transcript.write_text(transcript.read_text(encoding="utf-8") + "追記。\n", encoding="utf-8")
    assert agree(monkeypatch).checked == 1
    assert "R607" in codes(_engine(False)[0])

    # add a source (with one story): a new group
    _add_source("fixture-d", (STORY2,))
    outcome = agree(monkeypatch)
    assert outcome.groups == 4 and outcome.checked == 1

    # rename a file: R606 (the name no longer matches), and R601's "later file" is now another one
    Path("entries/stories/2024-09-21-zz-copy.yaml").rename("entries/stories/0000-acorp-zeta-7b.yaml")
    agree(monkeypatch)
    r601 = [f for f in _engine(False)[0] if f[3] == "R601"]
    assert r601 and all(f[0] == STORY1 and "0000-acorp-zeta-7b.yaml" in f[4] for f in r601)

    # break a source's YAML: references to sources are not judged anywhere while a source file is broken
    source_d = Path("entries/sources/fixture-d.yaml")
    good = source_d.read_text(encoding="utf-8")
    source_d.write_text("id: [unclosed\n", encoding="utf-8")
    agree(monkeypatch)
    assert "Y101" in codes(_engine(False)[0])
    # break a story's YAML, then fix both again
    broken_story = Path(STORY2)
    story_text = broken_story.read_text(encoding="utf-8")
    broken_story.write_text(story_text.replace("\nsource: fixture\n", "\nsource: [fixture\n", 1), encoding="utf-8")
    agree(monkeypatch)
    source_d.write_text(good, encoding="utf-8")
    broken_story.write_text(story_text, encoding="utf-8")
    agree(monkeypatch)
    assert "Y101" not in codes(_engine(False)[0])


def test_a_corpus_rule_is_run_once_across_groups_not_per_group(corpus: Path) -> None:
    found, outcome = _engine(use_cache=True)
    assert outcome.groups == 3
    r690 = [f for f in found if f[3] == "R690"]
    # each title is used in three sources (the first file by name, `…-fixture-b.yaml`, is the original):
    # each group alone would see only its own source, and find nothing
    assert {f[0] for f in r690} == {
        f"entries/stories/{name}{suffix}.yaml"
        for name in ("2024-09-20-acorp-zeta-7b", "2024-09-21-zeta-regulation")
        for suffix in ("", "-fixture-c")
    }
    assert CALLS == [outcome.groups + 1]  # one combine, given the part of every group and of the registries
    CALLS.clear()
    cached, warm = _engine(use_cache=True)
    assert warm.checked == 0 and cached == found and CALLS == [outcome.groups + 1]


def test_a_rule_declares_its_scope_and_a_corpus_rule_its_part() -> None:
    assert {code for code, r in RULES.items() if r.scope == "corpus"} >= {"R601", "R604", "R605"}
    with pytest.raises(TypeError):
        rule("R691", "no scope")  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="part"):
        rule("R691", "a corpus rule without a part", scope="corpus")(lambda parts: [])
    with pytest.raises(ValueError, match="scope"):
        rule("R691", "an unknown scope", scope="planet")(lambda ctx: [])  # type: ignore[arg-type]
    assert "R691" not in RULES


def test_a_tampered_part_or_finding_in_the_cache_is_not_used(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json
    import os

    from newskb.validate.findings_cache import INDEX_FILE, cache_root

    want, _ = _engine(use_cache=True)
    index = cache_root(Path("entries")) / INDEX_FILE
    pristine = json.loads(index.read_text(encoding="utf-8"))
    key = next(k for k, g in pristine["groups"].items() if g["parts"]["R601"]["stories"])

    def tamper(change) -> None:  # type: ignore[no-untyped-def]
        data = json.loads(json.dumps(pristine))
        change(data["groups"][key])
        index.write_text(json.dumps(data), encoding="utf-8")
        found, outcome = _engine(use_cache=True)
        assert found == want and outcome.checked == 1  # the tampered group is checked again, the others reused

    tamper(lambda g: g["parts"]["R601"].update(stories="not a list"))  # not the shape R601 declares
    tamper(lambda g: g["parts"]["R601"]["stories"][0].__setitem__(1, 42))  # an id that is no string
    tamper(lambda g: g["parts"].pop("R604"))  # a corpus rule's part missing
    assert "unexpected shape" in capsys.readouterr().err
    fifo = corpus / "fifo"
    os.mkfifo(fifo)  # read for a position, it would block forever
    pristine_part = pristine["groups"][key]["parts"]["R601"]["stories"]
    planted = [str(fifo), *pristine_part[0][1:]]

    def plant(g):  # type: ignore[no-untyped-def]  # a duplicate story id in a file that is no entry
        g["parts"]["R601"]["stories"].append(planted)

    data = json.loads(json.dumps(pristine))
    plant(data["groups"][key])
    index.write_text(json.dumps(data), encoding="utf-8")
    found, outcome = _engine(use_cache=True)
    assert found == want and outcome.checked == outcome.groups  # all checked again, without the cache
    assert "not an entry file" in capsys.readouterr().err
    tamper(
        lambda g: g["findings"].append(
            {"path": "entries/people.yaml", "line": 1, "column": 1, "code": "R601", "message": "planted"}
        )
    )


# --- story scope and source scope are not the same thing ------------------------------------------

#: The story files R693 (story scope) was run on, and the stories of each group R694 (source scope) saw.
STORY_RUNS: list[str] = []
SOURCE_RUNS: list[list[str]] = []


def _draft_title(ctx: Context) -> Iterator[Any]:
    for story in ctx.kb.stories:
        STORY_RUNS.append(str(story.path))
        if story.model.title.en.endswith("(draft)"):
            yield ctx.at("R693", story, ("title", "en"), "a draft title")


def _same_title_in_one_source(ctx: Context) -> Iterator[Any]:
    SOURCE_RUNS.append(sorted(str(s.path) for s in ctx.kb.stories))
    first: dict[tuple[str, str], Any] = {}
    for story in sorted(ctx.kb.stories, key=lambda s: str(s.path)):
        key = (story.model.source, story.model.title.en)
        if key in first:
            yield ctx.at("R694", story, ("title", "en"), f"title also used by {first[key].path} (same source)")
        first.setdefault(key, story)


@pytest.fixture
def scoped_rules(corpus: Path) -> Iterator[Path]:
    rule("R693", "a draft title (a story-scope rule the engine has never heard of)", scope="story")(_draft_title)
    rule("R694", "the same title twice in one source (a source-scope rule)", scope="source")(_same_title_in_one_source)
    try:
        yield corpus
    finally:
        unregister("R693")
        unregister("R694")


def _runs() -> tuple[list[str], list[list[str]], engine.Outcome]:
    """What a cached run re-ran: the story files the story rule saw, the groups the source rule saw."""
    STORY_RUNS.clear()
    SOURCE_RUNS.clear()
    _, outcome = _engine(use_cache=True)
    return sorted(STORY_RUNS), sorted(g for g in SOURCE_RUNS if g), outcome  # (the registries: no stories)


def _stories(source: str) -> list[str]:
    """The story files of one source of the corpus (`fixture`, `fixture-b`, …), sorted."""
    suffix = "" if source == "fixture" else f"-{source}"
    return sorted(f"{s[:-5]}{suffix}.yaml" for s in (STORY1, STORY2))


@pytest.mark.slow
def test_a_story_rule_is_rerun_on_the_edited_story_and_a_source_rule_on_its_whole_group(
    scoped_rules: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cached == uncached after each kind of edit, and each scope re-run on exactly what it depends on.

    Conflating the scopes fails here: a source rule run per story misses R694 (the uncached run finds it),
    a story rule run per group re-runs on the edited story's siblings too."""
    every = sorted(s for sid in ("fixture", *OTHERS) for s in _stories(sid))
    stories, groups, outcome = _runs()
    assert stories == every and len(groups) == 3
    agree(monkeypatch)
    assert _runs()[:2] == ([], [])  # warm: nothing re-run

    # a story's title: the story rule on that story alone, the source rule on its group
    edited = _stories("fixture-b")[0]
    replace(edited, "en: ACorp announces Zeta-7B", "en: ACorp announces Zeta-7B (draft)")
    stories, groups, outcome = _runs()
    assert stories == [edited] and groups == [_stories("fixture-b")]
    assert (outcome.checked, outcome.stories_checked) == (1, 1)
    agree(monkeypatch)
    assert [f[0] for f in _engine(False)[0] if f[3] == "R693"] == [edited]

    # a title that repeats its sibling's, in the same source: only the source rule, over the group, can see it
    sibling = _stories("fixture-b")[1]
    text = Path(sibling).read_text(encoding="utf-8")
    old_title = text.split("\ntitle:\n", 1)[1].split("\n")[1].removeprefix("  en: ")
    replace(sibling, f"  en: {old_title}\n", "  en: ACorp announces Zeta-7B (draft)\n")
    stories, groups, _ = _runs()
    assert stories == [sibling] and groups == [_stories("fixture-b")]
    agree(monkeypatch)
    r694 = [f for f in _engine(False)[0] if f[3] == "R694"]
    assert [f[0] for f in r694] == [max(edited, sibling)]

    # the source entry (a comment: its bytes change): every story of that source, nothing else
    source = Path("entries/sources/fixture-c.yaml")
    source.write_text(source.read_text(encoding="utf-8") + "# reviewed\n", encoding="utf-8")
    stories, groups, _ = _runs()
    assert stories == _stories("fixture-c") and groups == [_stories("fixture-c")]
    agree(monkeypatch)

    # the transcript: the same
    transcript = Path("seeds/fixture.txt")
    transcript.write_text(transcript.read_text(encoding="utf-8") + "追記。\n", encoding="utf-8")
    stories, groups, _ = _runs()
    assert stories == _stories("fixture") and groups == [_stories("fixture")]
    agree(monkeypatch)

    # a registry: every story of every source
    people = Path("entries/people.yaml")
    people.write_text(people.read_text(encoding="utf-8") + "# reviewed\n", encoding="utf-8")
    stories, groups, _ = _runs()
    assert stories == every and len(groups) == 3
    agree(monkeypatch)

    # a new story: the story rule on it alone; a deleted one: on none, the source rule on what is left
    new = "entries/stories/2024-09-22-zz-new-fixture-c.yaml"
    text = Path(_stories("fixture-c")[0]).read_text(encoding="utf-8")
    Path(new).write_text(text.replace("\nid: ", "\nid: zz-new-", 1), encoding="utf-8")
    stories, groups, _ = _runs()
    assert stories == [new] and groups == [sorted([*_stories("fixture-c"), new])]
    agree(monkeypatch)
    Path(new).unlink()
    stories, groups, outcome = _runs()
    assert stories == [] and groups == [_stories("fixture-c")] and outcome.checked == 1
    agree(monkeypatch)

    # the edited story back as it was: its old findings are gone, everywhere
    replace(edited, "en: ACorp announces Zeta-7B (draft)", "en: ACorp announces Zeta-7B")
    assert _runs()[0] == [edited]
    agree(monkeypatch)
    found = _engine(False)[0]
    assert [f[0] for f in found if f[3] == "R693"] == [sibling] and [f[3] for f in found if f[3] == "R694"] == []


def test_a_tampered_story_record_in_the_cache_is_not_used(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A story's cached findings may name only that story file; a planted or malformed one re-runs that story."""
    import json

    from newskb.validate.findings_cache import INDEX_FILE, cache_root

    want, _ = _engine(use_cache=True)
    index = cache_root(Path("entries")) / INDEX_FILE
    pristine = json.loads(index.read_text(encoding="utf-8"))
    assert len(pristine["units"]) == 3 + 6  # each group's own files, and each story
    planted = {"path": "entries/people.yaml", "line": 1, "column": 1, "code": "Q201", "message": "planted", "severity": "error"}
    for change in (
        lambda u: u["findings"].append(planted),  # a finding in another file than the record's story
        lambda u: u.update(findings="not a list"),
        lambda u: u.pop("day"),
    ):
        data = json.loads(json.dumps(pristine))
        key = next(k for k, u in data["units"].items() if not u["findings"] and u["latest"])
        change(data["units"][key])
        index.write_text(json.dumps(data), encoding="utf-8")
        found, outcome = _engine(use_cache=True)
        assert found == want and outcome.checked == 1 and outcome.stories_checked in (1, 2)
    assert "unexpected shape" in capsys.readouterr().err


def test_each_unit_records_the_latest_date_of_its_own_files(corpus: Path) -> None:
    """A story's cached findings hold on a later day until a date of that story (not of its group) is passed."""
    replace(STORY1, "date: 2024-09-20", "date: 2024-12-30")
    _, groups = engine.plan(Path("entries"), engine.FileSigs({}, 0), "key")
    group = next(g for g in groups if g.name == "fixture")
    checked = engine.check(Path("entries"), group, DAY, load_kb("entries"))
    latest = {Path(path).name: checked.units[key].latest for path, key in group.story_keys.items()}
    assert latest == {Path(STORY1).name: dt.date(2024, 12, 30), Path(STORY2).name: dt.date(2024, 9, 21)}
    assert checked.units[group.own_key].latest == dt.date(2024, 9, 25)  # the source entry's own latest date
