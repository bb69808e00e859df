"""Finding registry entities by their recorded names and aliases."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loader_support import ENTRIES
from newskb.extract.mentions import EntityIndex, Hit, Name
from newskb.kb import load_kb


def index(*items: tuple[str, str, str]) -> EntityIndex:
    return EntityIndex(Name(alias, i, kind) for alias, i, kind in items)  # type: ignore[arg-type]


def found(idx: EntityIndex, text: str) -> list[tuple[str, str]]:
    return [(text[h.start : h.end], h.id) for h in idx.find(text)]


def test_the_longest_alias_wins_and_matches_do_not_overlap():
    idx = index(("OpenAI", "openai", "organization"), ("OpenAI O1 Mini", "o1-mini", "product"), ("O1", "o1", "product"))
    assert found(idx, "OpenAI O1 Miniみたいな、OpenAIのO1モデル") == [
        ("OpenAI O1 Mini", "o1-mini"),
        ("OpenAI", "openai"),
        ("O1", "o1"),
    ]


def test_ascii_aliases_need_word_boundaries():
    idx = index(("GPT-4", "gpt-4", "product"), ("GPT-3", "gpt-3", "product"))
    assert found(idx, "GPT-4oとGPT-3.5とGPT-3の瞬間") == [("GPT-3", "gpt-3")]


def test_a_name_can_start_inside_a_skipped_latin_match():
    # "Aサン" is skipped (inside the word "OpenA"); "サンダース", starting within it, still matches
    idx = index(("Aサン", "a-san", "product"), ("サンダース", "william-saunders", "person"))
    assert found(idx, "OpenAサンダースとAサン") == [("サンダース", "william-saunders"), ("Aサン", "a-san")]


def test_offsets_count_characters_outside_the_basic_plane():
    idx = index(("サンダース", "william-saunders", "person"))
    (hit,) = idx.find("😀𠮷サンダース")
    assert (hit.start, hit.end) == (2, 7)


def test_katakana_aliases_need_katakana_boundaries():
    # a surname alias (ファン for Jim Fan) is no mention inside a longer katakana word (ステファン, ファンド), as a
    # Latin alias is none inside a Latin word; next to kanji, kana, Latin or ・ it is
    idx = index(("ファン", "jim-fan", "person"))
    assert found(idx, "ステファン・ルルーさんとファンドの話、ファン氏、ジム・ファン") == [("ファン", "jim-fan"), ("ファン", "jim-fan")]


def test_japanese_aliases_match_inside_running_text():
    idx = index(("サンダース", "william-saunders", "person"))
    assert found(idx, "サンダースさんはこう言うてはった") == [("サンダース", "william-saunders")]


def test_an_alias_shared_by_two_entities_yields_both():
    idx = index(("GRIN", "grin-moe", "product"), ("GRIN", "grin-org", "organization"))
    assert {h.id for h in idx.find("GRINっていう")} == {"grin-moe", "grin-org"}


def test_offsets_are_shifted():
    idx = index(("NVIDIA", "nvidia", "organization"))
    (hit,) = idx.find("次にNVIDIAの", offset=100)
    assert (hit.start, hit.end) == (102, 108)


def test_an_index_in_use_can_be_copied_and_pickled():
    import copy
    import pickle

    idx = index(("NVIDIA", "nvidia", "organization"))
    assert found(idx, "NVIDIAの") == [("NVIDIA", "nvidia")]  # its automata are built
    for twin in (copy.deepcopy(idx), pickle.loads(pickle.dumps(idx))):
        assert found(twin, "次にNVIDIAの") == [("NVIDIA", "nvidia")]


def test_empty_index_finds_nothing():
    assert EntityIndex([]).find("マイクロソフト") == []


_CHARS = st.sampled_from(list("abAB12-_. 。サンダスオープンAI") + ["ー", "\n", "😀", "𠮷"])


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.text(_CHARS, min_size=1, max_size=6), st.sampled_from(["p", "q", "r"])), max_size=12),
    st.text(_CHARS, max_size=80),
    st.integers(0, 50),
)
def test_find_matches_what_the_trie_regex_matches(aliases, text, offset):
    idx = EntityIndex(Name(alias, i, "product") for alias, i in aliases)
    assert idx.find(text, offset) == find_by_pattern(idx, text, offset)


def find_by_pattern(idx: EntityIndex, text: str, offset: int = 0) -> list[Hit]:
    """The reference: one regex alternating every alias, longest first, with the Latin-word edge rule."""
    if not idx.by_alias:
        return []
    pattern = re.compile("|".join(re.escape(a) for a in sorted(idx.by_alias, key=lambda a: (-len(a), a))))

    def latin(ch: str) -> bool:
        return ch.isascii() and (ch.isalnum() or ch in "-_.")

    def katakana(ch: str) -> bool:
        return "ァ" <= ch <= "ヺ" or ch == "ー"

    def inside(alias: str, start: int, end: int) -> bool:
        return any(
            (word(alias[0]) and start > 0 and word(text[start - 1]))
            or (word(alias[-1]) and end < len(text) and word(text[end]))
            for word in (latin, katakana)
        )

    hits: list[Hit] = []
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        alias, (start, end) = m.group(0), m.span()
        if inside(alias, start, end):
            pos = start + 1
            continue
        hits += [Hit(start + offset, end + offset, n.id, n.kind, alias) for n in idx.by_alias[alias]]
        pos = end
    return hits


@pytest.fixture(scope="module")
def real_index():
    return load_kb(ENTRIES, strict=True).entity_index


@pytest.mark.parametrize(
    "line, entity",
    [
        (7, "joe-dominguez"),
        (13, "sundar-pichai"),
        (14, "sundar-pichai"),  # ピチャイさんはこう言うてはったわ
        (11, "sam-altman"),  # transcribed サム・オルトマン
        (31, "jim-fan"),
        (43, "the-decoder"),
        (43, "william-saunders"),
        (51, "william-saunders"),  # サンダースさんは…
        (26, "qwen2-5"),  # transcribed Qwen-2.5
    ],
)
def test_registry_names_are_found_on_the_transcript_lines_that_use_them(real_index, seed_lines, line, entity):
    assert entity in {h.id for h in real_index.find(seed_lines[line - 1])}


@pytest.mark.parametrize(
    "line, entity",
    [
        (23, "pixtral-12b"),  # transcribed Pixar-12B: a near miss, left to the validator
        (27, "llama-3-1-405b"),  # transcribed Llama 2.1 105B
    ],
)
def test_near_miss_transcriptions_are_not_matched(real_index, seed_lines, line, entity):
    assert entity not in {h.id for h in real_index.find(seed_lines[line - 1])}
