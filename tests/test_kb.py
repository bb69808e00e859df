"""The knowledge base as the build loads it: without the parsed documents' data, with repeated
values shared — and with exactly the same models as the validator's full load."""

from __future__ import annotations

from pathlib import Path

from newskb.kb import load_kb

ENTRIES = Path(__file__).resolve().parents[1] / "entries"


def test_a_build_load_has_the_same_models_and_keeps_no_parsed_data() -> None:
    full = load_kb(ENTRIES)
    lean = load_kb(ENTRIES, keep_data=False)
    assert [e.model for e in lean.stories] == [e.model for e in full.stories]
    assert lean.people == full.people and lean.organizations == full.organizations
    assert {k: e.model for k, e in lean.sources.items()} == {k: e.model for k, e in full.sources.items()}
    assert all(e.doc.data is None for e in lean.stories)
    assert all(isinstance(e.doc.data, dict) for e in full.stories)


def test_field_sets_and_short_strings_are_shared_between_models() -> None:
    lean = load_kb(ENTRIES, keep_data=False)
    claims = [c for e in lean.stories for c in e.model.claims]
    reviewed = [c.review for c in claims if c.review is not None]
    shapes = {id(r.__pydantic_fields_set__) for r in reviewed}
    assert len(shapes) < len(reviewed) / 4  # a handful of distinct field sets, not one per review
    narrators = [c.by for c in claims if c.by == "narrator"]
    assert len(narrators) > 1 and len({id(b) for b in narrators}) == 1
    # what the loader and validator see is untouched: every model has its own set
    full = load_kb(ENTRIES)
    own = [c.review for e in full.stories for c in e.model.claims if c.review is not None]
    assert len({id(r.__pydantic_fields_set__) for r in own}) == len(own)


def test_a_position_is_still_found_after_the_data_was_dropped() -> None:
    lean = load_kb(ENTRIES, keep_data=False)
    entry = lean.stories[0]
    line, column = entry.doc.position(("title", "en"))
    text = entry.path.read_text(encoding="utf-8").splitlines()[line - 1]
    assert text.lstrip().startswith("en:") and column >= 1


def test_loading_pauses_the_cyclic_gc_and_restores_it() -> None:
    """A load makes a million objects at 10,000 stories: the collector is off while it runs, back on after."""
    import gc

    from newskb import kb as kb_module

    seen: list[bool] = []
    parse = kb_module._parse

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        return parse(*args, **kwargs)

    assert gc.isenabled()
    kb_module._parse = spy  # type: ignore[assignment]
    try:
        load_kb(ENTRIES)
    finally:
        kb_module._parse = parse  # type: ignore[assignment]
    assert seen and not any(seen)
    assert gc.isenabled()
    gc.disable()
    try:
        load_kb(ENTRIES)
        assert not gc.isenabled()  # a caller's own setting is kept
    finally:
        gc.enable()


def test_display_resolves_a_path_once_per_working_directory(tmp_path, monkeypatch):
    # Why: a cold `validate` at 10,000 stories displays every file several times; resolving it each time was 3 %.
    from newskb.kb import KnowledgeBase

    (tmp_path / "a" / "entries").mkdir(parents=True)
    story = tmp_path / "a" / "entries" / "s.yaml"
    story.write_text("id: x\n")
    kb = KnowledgeBase(root=tmp_path / "a" / "entries")
    monkeypatch.chdir(tmp_path / "a")
    resolved = []
    real_resolve = Path.resolve
    monkeypatch.setattr(Path, "resolve", lambda self, *a: resolved.append(self) or real_resolve(self, *a))
    assert kb.display(story) == "entries/s.yaml"
    assert kb.display(story) == "entries/s.yaml"
    assert len(resolved) == 2  # the file and the working directory, once
    monkeypatch.chdir(tmp_path)
    assert kb.display(story) == "a/entries/s.yaml"  # another working directory: shown from there
    monkeypatch.chdir("/")
    assert kb.display(Path("relative/x.yaml")) == "relative/x.yaml"


def test_schema_errors_are_reported_as_data_without_a_code(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The reader says where and what (pydantic's error type and path); which code that is, the validator decides."""
    import shutil

    from newskb.kb import SchemaError

    shutil.copytree(Path(__file__).parent / "fixtures" / "validate" / "clean", tmp_path, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    story = tmp_path / "entries" / "stories" / "2024-09-20-acorp-zeta-7b.yaml"
    text = story.read_text(encoding="utf-8")
    story.write_text(text.replace("date_kind: announcement\n", "date_kind: announcement\ntitel: oops\n"), encoding="utf-8")
    kb = load_kb(tmp_path / "entries")
    (problem,) = kb.problems
    assert isinstance(problem, SchemaError) and not hasattr(problem, "code")
    line = text.split("\n").index("date_kind: announcement") + 2
    assert (problem.path, problem.line, problem.column) == ("entries/stories/2024-09-20-acorp-zeta-7b.yaml", line, 1)
    assert (problem.kind, problem.loc) == ("extra_forbidden", ("titel",))
    assert problem.severity.value == "error" and problem.render().endswith("error unknown field `titel`")


def test_without_interning_the_field_sets_are_still_shared_and_the_models_the_same() -> None:
    """What a one-shot build loads (kb.share_fields): the field sets shared as `compact` shares them."""
    full = load_kb(ENTRIES)
    fields_only = load_kb(ENTRIES, keep_data=False, intern=False)
    assert [e.model for e in fields_only.stories] == [e.model for e in full.stories]
    claims = [c for e in fields_only.stories for c in e.model.claims]
    reviewed = [c.review for c in claims if c.review is not None]
    assert len({id(r.__pydantic_fields_set__) for r in reviewed}) < len(reviewed) / 4
    quotes = [q for e in fields_only.stories for q in e.model.quotes]
    assert len({id(q.__pydantic_fields_set__) for q in quotes}) < len(quotes) / 4
