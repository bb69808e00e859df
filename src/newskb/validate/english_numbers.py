"""Numbers as English texts write them: "6.6 billion", "$6.5 billion", "166,000", "two to three years", "90%".

Only what the bilingual check needs: the values of the numbers in a text, so
that every quantity of the Japanese side can be looked up on the English side.
Units are not compared (a translation may say "20-year" or "for 20 years");
values are.
"""

from __future__ import annotations

import re

SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
SCALES = {"hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
SHORT_SCALES = {"k": 10**3, "m": 10**6, "mn": 10**6, "bn": 10**9, "b": 10**9, "tn": 10**12, "t": 10**12}
MULTIPLES = {
    "twice": 2, "double": 2, "doubled": 2, "triple": 3, "tripled": 3, "half": 0.5,
    # words that say "one" of a unit: 1台 → "per unit", 1人 → "a single narrator"
    "single": 1, "once": 1, "per": 1, "each": 1,
}  # fmt: skip
#: A range whose scale is written once, after the second number: "$20–30k", "2 to 3 billion".
_SHARED_SCALE = re.compile(
    r"(?<![\d.,])(?P<low>\d+(?:\.\d+)?)\s*(?:–|—|-|to)\s*\$?\d+(?:\.\d+)?[\s-]*"
    r"(?P<scale>hundred|thousand|million|billion|trillion|k|mn|m|bn|b|tn|t)\b",
    re.IGNORECASE,
)
#: Words after which "a"/"an" means one ("a gigawatt", "a year").
UNIT_WORDS = (
    r"(?:hundred|thousand|million|billion|trillion|gigawatts?|megawatts?|kilowatts?|years?|months?|weeks?|days?|"
    r"hours?|seconds?|milliseconds?|dollars?)"
)

_WORD_NUMBER = "|".join([*TENS, *SMALL])
#: What a number can start with: a digit, or the first letter of a number word, "a"/"an" or a multiple. Said
#: first, in a lookahead, so that the search rejects every other position before trying the four alternatives
#: (half the cost of reading a text's numbers; the matches are the same).
_FIRST = "".join(sorted({w[0] for w in [*TENS, *SMALL, *MULTIPLES, "a"]}))
_TOKEN = re.compile(
    rf"""
    (?=[\d{_FIRST}])
    (?:
    (?P<digits>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)
      (?:[\s-]*(?P<scale>hundred|thousand|million|billion|trillion)s?\b|(?P<short>k|mn|m|bn|b|tn|t)\b)?
    | \b(?P<word>(?:{"|".join(TENS)})(?:[-\s](?:{"|".join(k for k in SMALL if SMALL[k] < 10 and SMALL[k] > 0)}))?|{_WORD_NUMBER})\b
      (?:\s+(?P<wscale>hundred|thousand|million|billion|trillion)s?\b)?
    | \b(?P<article>an?)\s+(?=(?P<aunit>{UNIT_WORDS})\b)
    | \b(?P<multiple>twice|double|doubled|triple|tripled|half|single|once|per|each)\b
    )
    """,
    re.VERBOSE | re.IGNORECASE,
)
#: Plural magnitude words that stand for a vague quantity ("billions of dollars", "tens of thousands").
_VAGUE_SCALE = re.compile(r"\b(hundreds|thousands|millions|billions|trillions)\b", re.IGNORECASE)


def _word_value(word: str) -> int:
    parts = re.split(r"[-\s]", word.lower())
    return sum(TENS.get(p, SMALL.get(p, 0)) for p in parts)


def english_numbers(text: str) -> list[float]:
    """Every number an English text states, as a value (scales applied)."""
    out: list[float] = []
    for m in _TOKEN.finditer(text):
        if m.group("digits"):
            value = float(m.group("digits").replace(",", ""))
            if m.group("scale"):
                value *= SCALES[m.group("scale").lower()]
            elif m.group("short"):
                value *= SHORT_SCALES[m.group("short").lower()]
        elif m.group("word"):
            value = float(_word_value(m.group("word")))
            if m.group("wscale"):
                value *= SCALES[m.group("wscale").lower()]
        elif m.group("article"):
            value = float(SCALES.get(m.group("aunit").lower(), 1))
        else:
            value = float(MULTIPLES[m.group("multiple").lower()])
        out.append(value)
    for m in _SHARED_SCALE.finditer(text):
        scale = m.group("scale").lower()
        out.append(float(m.group("low")) * SCALES.get(scale, SHORT_SCALES.get(scale, 1)))
    return out


def vague_scales(text: str) -> list[int]:
    """Magnitudes named vaguely ("billions", "thousands"): for approximate Japanese quantities like 数十億."""
    return [SCALES[m.group(1).lower()[:-1]] for m in _VAGUE_SCALE.finditer(text)]
