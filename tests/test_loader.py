"""`plan_load`/`apply`: transcript → entries, machine fields recomputed, human fields kept."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from loader_support import EXPECTED, SEED_NAME, bracket_text, contents, raw_lines, write_transcript
from newskb.errors import InputError
from newskb.extract.anchors import make_anchor
from newskb.kb import load_kb
from newskb.loader import apply, diff, merge_quotes, plan_load, refresh_claim
from newskb.models import Anchor, Claim, Quote, StatementText, Story
from newskb.source import read_source
from newskb.store import read_yaml

STORY_LINES = [(6, 18), (19, 22), (23, 29), (30, 42), (43, 52), (53, 56), (57, 58)]  # 57: 最後に (issue #12)


@pytest.fixture
def fresh(repo: Path) -> Path:
    """The repository copy with only the registries: no source entry, no stories yet."""
    shutil.rmtree(repo / "entries" / "stories")
    shutil.rmtree(repo / "entries" / "sources")
    return repo


def stories_of(plan) -> dict[Path, Story]:  # type: ignore[no-untyped-def]
    from newskb.store import parse_yaml

    return {p: Story.model_validate(parse_yaml(t, p).data) for p, t in plan.files.items() if p.parent.name == "stories"}


# --- a first load ---------------------------------------------------------------------------


def test_first_load_creates_one_skeleton_per_story(fresh, seed_arg):
    plan = plan_load(seed_arg, "entries")
    stories = stories_of(plan)
    assert sorted(p.name for p in stories) == [f"undated-{SEED_NAME}-{n}.yaml" for n in range(1, 8)]
    segs = sorted((s.segment.index, s.segment.first_line, s.segment.last_line) for s in stories.values())
    assert segs == [(i, a, b) for i, (a, b) in enumerate(STORY_LINES, 1)]
    assert all(s.source == SEED_NAME and s.title is None for s in stories.values())


def test_first_load_finds_the_20_statements_with_their_speakers(fresh, seed_arg):
    quotes = [(s.segment, q) for s in stories_of(plan_load(seed_arg, "entries")).values() for q in s.quotes]
    got = sorted((q.anchor.line, q.speaker, q.attribution.value, q.via, q.text.ja) for _, q in quotes)
    expected = sorted((line, who, how, via, bracket_text(line, br)) for line, who, how, via, br in EXPECTED)
    assert got == expected
    for segment, q in quotes:  # each quote sits in the story whose lines hold it
        assert segment.first_line <= q.anchor.line <= segment.last_line
    assert len({q.id for _, q in quotes}) == 20


def test_first_load_writes_the_source_entry_with_machine_fields(fresh, seed_arg, seed_path):
    plan = plan_load(seed_arg, "entries")
    path = Path("entries/sources") / f"{SEED_NAME}.yaml"
    data = read_yaml_text(plan.files[path], path)
    assert data["id"] == SEED_NAME
    assert data["file"] == f"seeds/{SEED_NAME}.txt"
    assert data["sha256"] == hashlib.sha256(seed_path.read_bytes()).hexdigest()
    assert data["title"] == {"ja": raw_lines()[0]}
    assert (data["declared_length"], data["body_length"], data["lines"]) == (6491, 6491, 60)
    assert data["kind"] == "note.com article"


def read_yaml_text(text: str, path: Path) -> dict:
    from newskb.store import parse_yaml

    return parse_yaml(text, path).data


def test_anchors_point_at_the_quote_with_context_from_its_own_line(fresh, seed_arg):
    source = read_source(seed_arg)
    lines = raw_lines()
    for story in stories_of(plan_load(seed_arg, "entries")).values():
        for q in story.quotes:
            a = q.anchor
            assert source.text[a.start : a.end] == q.text.ja
            line = lines[a.line - 1]
            col = source.column_of(a.start) - 1
            assert line[col : col + len(q.text.ja)] == q.text.ja
            assert a.prefix == line[max(0, col - 16) : col]
            assert a.suffix == line[col + len(q.text.ja) : col + len(q.text.ja) + 16]


def test_mentions_list_each_entity_with_the_lines_that_name_it(fresh, seed_arg):
    stories = {s.segment.index: s for s in stories_of(plan_load(seed_arg, "entries")).values()}
    saunders = {m.id: m.lines for m in stories[5].mentions}
    # サンダース on lines 43, 44, 45, 46, 50, 51 (read off the transcript); The Decoder only on 43.
    assert saunders["william-saunders"] == [43, 44, 45, 46, 50, 51]
    assert saunders["the-decoder"] == [43]
    jim = {m.id: m.lines for m in stories[4].mentions}
    assert jim["jim-fan"] == [30, 31, 36, 37]
    assert all(30 <= n <= 42 for lines in jim.values() for n in lines)


# --- loading again ----------------------------------------------------------------------------


def test_load_after_load_plans_no_change(fresh, seed_arg):
    first = apply(plan_load(seed_arg, "entries"))
    assert len(first) == 8  # the source and its 7 stories
    again = plan_load(seed_arg, "entries")
    assert diff(again) == []
    assert apply(again) == []


def test_shipped_entries_are_what_a_load_produces(repo, seed_arg):
    assert diff(plan_load(seed_arg, "entries")) == []


def test_planning_writes_nothing(repo, seed_arg):
    before = contents(repo)
    plan_load(seed_arg, "entries")
    assert contents(repo) == before


def test_bom_and_crlf_transcript_gives_the_same_stories(repo, seed_arg):
    seed = repo / seed_arg
    seed.write_bytes(b"\xef\xbb\xbf" + seed.read_bytes().replace(b"\n", b"\r\n"))
    plan = plan_load(seed_arg, "entries")
    changed = {p.as_posix() for p in map(Path, (d.split("\n", 1)[0][4:] for d in diff(plan)))}
    assert changed == {f"entries/sources/{SEED_NAME}.yaml"}  # only its sha256
    src = read_yaml_text(plan.files[Path(f"entries/sources/{SEED_NAME}.yaml")], Path("x"))
    assert src["sha256"] == hashlib.sha256(seed.read_bytes()).hexdigest()
    assert src["body_length"] == 6491


# --- notes ----------------------------------------------------------------------------------------


def test_wrong_length_header_is_noted(fresh):
    seed = write_transcript(fresh / "seeds", ["さっそく本題に入るで。", "本文です。"], name="wrong", header=False)
    text = seed.read_text(encoding="utf-8").split("\n")
    text.insert(1, "9,999 文字")
    seed.write_text("\n".join(text), encoding="utf-8")
    plan = plan_load("seeds/wrong.txt", "entries")
    assert any(
        n.startswith("seeds/wrong.txt:2:") and "9999" in n and str(len("さっそく本題に入るで。本文です。")) in n
        for n in plan.notes
    )


def test_correct_length_header_is_not_noted(fresh, seed_arg):
    assert not [n for n in plan_load(seed_arg, "entries").notes if "header declares" in n]


def test_unbalanced_bracket_is_noted_with_line_and_column(fresh):
    write_transcript(fresh / "seeds", ["さっそく本題に入るで。", "彼は「閉じない引用"], name="unbal")
    plan = plan_load("seeds/unbal.txt", "entries")
    assert "seeds/unbal.txt:4:3: unbalanced 「" in plan.notes


def test_story_whose_text_is_gone_is_kept_noted_and_not_reused(repo, seed_arg):
    # Stories are matched by content (issue #12): a story none of whose quotes or claims is in the
    # transcript is kept as it was and reported, and no section takes its place.
    path = repo / "entries" / "stories" / "2024-09-18-microsoft-grin-moe.yaml"
    story = Story.model_validate(read_yaml(path).data)
    gone = story.model_copy(
        update={"claims": [c.model_copy(update={"text": StatementText(ja=f"消えた文{i}", en="gone")}) for i, c in enumerate(story.claims)]}
    )
    from newskb.loader import render_entry

    path.write_text(render_entry(repo / "entries", path, "story", gone), encoding="utf-8")
    plan = plan_load(seed_arg, "entries")
    assert any(str(path).endswith(n.split(":")[0]) and "kept as it was, not re-used" in n for n in plan.notes)
    assert path not in {p.resolve() for p in plan.files}
    new = [s for p, s in stories_of(plan).items() if p.name.startswith("undated-")]
    # the GRIN section (19-22) comes back as a new skeleton, with none of the old story's human fields
    assert [(s.segment.first_line, s.segment.last_line) for s in new if s.segment.first_line == 19] == [(19, 22)]
    assert all(s.title is None and not s.claims for s in new)


# --- refused input ----------------------------------------------------------------------------------


def test_transcript_with_an_empty_title_line_is_an_input_error(fresh):
    (fresh / "seeds" / "notitle.txt").write_text("\n本文。\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        plan_load("seeds/notitle.txt", "entries")
    assert info.value.line == 1


def test_transcript_whose_name_is_not_an_id_is_an_input_error(fresh):
    (fresh / "seeds" / "My Video.txt").write_text("題\n本文。\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a valid source id"):
        plan_load("seeds/My Video.txt", "entries")


# --- the merge, unit by unit -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_src():
    from loader_support import SEED

    return read_source(SEED)


def _statements(seed_src, lines: range):  # type: ignore[no-untyped-def]
    from loader_support import ENTRIES
    from newskb.extract.quotes import attribute
    from newskb.extract.segments import split_sections

    kb = load_kb(ENTRIES, strict=True)
    found, _ = attribute(seed_src, split_sections(seed_src), kb.entity_index, kb.publications)
    return [s for s in found if s.line in lines]


def test_merge_keeps_human_fields_and_refreshes_machine_ones(seed_src):
    (st,) = _statements(seed_src, range(7, 8))
    stored = Quote(
        id="joe",
        speaker="someone-else",
        attribution="unattributed",
        text=StatementText(ja=st.text, en="My English"),
        en_is="translation",
        anchor=Anchor(line=1, start=0, end=1),
    )
    notes: list[str] = []
    (q,) = merge_quotes(seed_src, [stored], [st], notes, "story")
    assert (q.id, q.speaker, q.text.en, q.en_is.value) == ("joe", "someone-else", "My English", "translation")
    assert q.attribution.value == "direct"
    assert q.anchor == make_anchor(seed_src, st.span.start, st.span.end)
    assert notes == []


def test_merge_rematches_a_slightly_corrected_quote_and_notes_it(seed_src):
    (st,) = _statements(seed_src, range(16, 17))
    old_text = st.text.replace("楽観的", "楽天的")
    stored = Quote(id="pichai", speaker="sundar-pichai", text=StatementText(ja=old_text, en="kept"))
    notes: list[str] = []
    (q,) = merge_quotes(seed_src, [stored], [st], notes, "story")
    assert (q.id, q.text.ja, q.text.en) == ("pichai", st.text, "kept")
    assert notes == ["story: quote pichai re-anchored to changed text on line 16"]


def test_merge_keeps_an_orphan_quote_last_and_notes_it(seed_src):
    sts = _statements(seed_src, range(14, 17))
    orphan = Quote(id="made-up", speaker="unknown", text=StatementText(ja="この発言は書き起こしにありません"))
    notes: list[str] = []
    merged = merge_quotes(seed_src, [orphan], sts, notes, "story")
    assert [q.anchor.line for q in merged[:-1]] == [14, 15, 16]
    assert merged[-1] == orphan
    assert notes == ["story: quote made-up is no longer in the transcript; kept as it was"]


def test_new_quote_ids_are_speaker_and_line_and_never_collide(seed_src):
    sts = [s for s in _statements(seed_src, range(45, 46))]
    existing = [Quote(id="the-decoder-l45", speaker="x", text=StatementText(ja="別の発言です"))]
    merged = merge_quotes(seed_src, existing, sts, [], "story")
    assert sorted(q.id for q in merged) == ["the-decoder-l45", "the-decoder-l45-2", "william-saunders-l45"]


def test_claim_is_anchored_and_its_quantities_read(seed_src):
    claim = Claim(id="ppa", text=StatementText(ja="コンステレーション社と20年間の電力購入契約を結んで"))
    notes: list[str] = []
    out = refresh_claim(seed_src, claim, range(3, 6), notes, "story")
    assert out.anchor.line == 3
    assert seed_src.text[out.anchor.start : out.anchor.end] == claim.text.ja
    assert [(q.as_written, q.value, q.unit) for q in out.quantities] == [("20年間", 20, "year")]
    assert notes == []


def test_claim_no_longer_in_the_transcript_keeps_its_anchor_and_is_noted(seed_src):
    old = Anchor(line=3, start=5, end=9)
    claim = Claim(id="gone", text=StatementText(ja="書き起こしに無い主張の文"), anchor=old)
    notes: list[str] = []
    out = refresh_claim(seed_src, claim, range(3, 6), notes, "story")
    assert out.anchor == old
    assert notes == ["story: claim gone text is no longer in the transcript; anchor left as it was"]
