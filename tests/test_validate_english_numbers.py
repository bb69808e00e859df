"""Reading the numbers of an English text, as the bilingual check (B502, B503) compares them."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newskb.validate import english_numbers as en
from newskb.validate.english_numbers import english_numbers, vague_scales


@pytest.mark.parametrize(
    "text, values",
    [
        ("6.6 billion", [6.6e9]),
        ("$6.5 billion in funding", [6.5e9]),
        ("166,000 GPUs", [166000.0]),
        ("two to three years", [2.0, 3.0]),
        ("Twenty-five people, 90%", [25.0, 90.0]),
        ("$20–30k", [20.0, 30000.0, 20000.0]),  # the shared scale applies to the low end too
        ("a gigawatt, twice as much", [1.0, 2.0]),
        ("an hour and 3m users", [1.0, 3e6]),
        ("Seven hundred", [700.0]),
        ("someone often wrote nothing", []),  # number words inside other words are not numbers
        ("", []),
    ],
)
def test_values_of_the_numbers_a_text_states(text, values):
    assert english_numbers(text) == values


def test_vague_magnitudes():
    assert vague_scales("billions of dollars and tens of thousands") == [10**9, 10**3]


#: The token pattern without the lookahead that lets the search skip positions where no number starts.
_UNFILTERED = re.compile(en._TOKEN.pattern.replace(f"(?=[\\d{en._FIRST}])", "", 1), re.VERBOSE | re.IGNORECASE)

_WORDS = ["one", "Twenty", "ninety-nine", "hundred", "k", "bn", "a", "an", "per", "ONCE", "half", "year", "ſix", "٣"]
_TEXTS = st.lists(st.sampled_from([*_WORDS, " ", "-", ",", ".", "$", "7", "12", "1,000", "3.5", "x", "é", "語"]))


def test_the_lookahead_is_in_the_pattern():
    assert _UNFILTERED.pattern != en._TOKEN.pattern


@settings(max_examples=400, deadline=None)
@given(_TEXTS.map("".join))
def test_the_skipping_search_finds_what_the_plain_alternation_finds(text):
    def tokens(pattern: re.Pattern[str]) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
        return [(m.span(), m.groupdict()) for m in pattern.finditer(text)]

    assert tokens(en._TOKEN) == tokens(_UNFILTERED)
