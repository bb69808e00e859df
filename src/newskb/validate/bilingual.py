"""B5xx — bilingual text: every displayed text exists in both languages and says the same numbers.

The site shows every text in Japanese and in English; a missing side is a hole
on a page. Numbers are the part of a translation a machine can check: each
quantity of the Japanese text (read by extract.quantities: 66億, 65億ドル,
2〜3年, 90%) must appear, by value, in the English text (6.6 billion, $6.5
billion, two to three years, 90%). Vague Japanese quantities (数十億ドル) only
need a matching magnitude word ("billions") and are warnings.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from ..diagnostics import Diagnostic, Severity
from ..extract.quantities import Found, find_quantities
from ..kb import Entry
from ..models import Bilingual, StatementText
from .context import Context, YamlPath
from .english_numbers import english_numbers, vague_scales
from .registry import rule


def texts(ctx: Context) -> Iterator[tuple[Entry[Any], YamlPath, Bilingual | StatementText]]:
    """Every displayed text of every entry, with its YAML path."""
    yield from ctx.of_type(Bilingual, StatementText)


@lru_cache(maxsize=1 << 16)
def _en_numbers(text: str) -> list[float]:
    return english_numbers(text)


@lru_cache(maxsize=1 << 16)
def _ja_quantities(text: str) -> list[Found]:
    return find_quantities(text)


def _label(path: YamlPath) -> str:
    return ".".join(map(str, path))


@rule("B501", "displayed text is missing or empty in Japanese or English", scope="story")
def missing_language(ctx: Context) -> Iterable[Diagnostic]:
    for entry, path, text in texts(ctx):
        for lang in ("ja", "en"):
            value = getattr(text, lang)
            if value is None or not value.strip():
                where = (*path, lang) if value is not None else path
                what = "is empty" if value is not None else "is missing"
                yield ctx.at(
                    "B501", entry, where, f"`{_label(path)}.{lang}` {what}", f"write the {lang} text", key=value is None
                )


def _present(q: Found, numbers: list[float]) -> bool:
    wanted = [q.value] + ([q.high] if q.high is not None else [])
    return all(any(math.isclose(float(w), n, rel_tol=1e-6) for n in numbers) for w in wanted)


def _fmt(q: Found) -> str:
    def num(v: float) -> str:
        return f"{v:,.0f}" if float(v).is_integer() else f"{v:,}"

    value = num(q.value) + (f"–{num(q.high)}" if q.high is not None else "")
    return f"{value} {q.unit}" if q.unit else value


@rule("B502", "a number of the Japanese text is missing from the English text", scope="story")
def number_mismatch(ctx: Context) -> Iterable[Diagnostic]:
    for entry, path, text in texts(ctx):
        if not text.en or not text.en.strip():
            continue
        exact = [q for q in _ja_quantities(text.ja) if not q.approximate]
        if not exact:  # most texts: no English numbers to read
            continue
        numbers = _en_numbers(text.en)
        for q in exact:
            if not _present(q, numbers):
                yield ctx.at(
                    "B502",
                    entry,
                    (*path, "en"),
                    f"`{_label(path)}`: `{q.as_written}` ({_fmt(q)}) has no counterpart in the English text",
                    "write the same number in English (e.g. 66億 → 6.6 billion, 2〜3年 → two to three years)",
                )


@rule(
    "B503", "a vague Japanese quantity (数十億) has no matching magnitude in English", Severity.warning, scope="story"
)
def vague_mismatch(ctx: Context) -> Iterable[Diagnostic]:
    for entry, path, text in texts(ctx):
        if not text.en or not text.en.strip():
            continue
        vague = [q for q in _ja_quantities(text.ja) if q.approximate]
        if not vague:
            continue
        numbers = _en_numbers(text.en)
        scales = vague_scales(text.en) + [n for n in numbers if n >= 100]
        for q in vague:
            low, high = float(q.value), float(q.high if q.high is not None else q.value * 10)
            if not any(low / 10 <= s <= high for s in scales):
                yield ctx.at(
                    "B503",
                    entry,
                    (*path, "en"),
                    f"`{_label(path)}`: `{q.as_written}` (between {low:,.0f} and {high:,.0f}) has no matching "
                    "magnitude in the English text",
                    "e.g. 数十億ドル → billions of dollars",
                )


@rule("B504", "story has no title", scope="story")
def no_title(ctx: Context) -> Iterable[Diagnostic]:
    for story in ctx.kb.stories:
        if story.model.title is None:
            yield ctx.at(
                "B504", story, ("id",), f"story `{story.model.id}` has no title", "add `title: {ja: …, en: …}`"
            )


@rule("B505", "story has no summary", Severity.warning, scope="story")
def no_summary(ctx: Context) -> Iterable[Diagnostic]:
    for story in ctx.kb.stories:
        if story.model.summary is None:
            yield ctx.at(
                "B505", story, ("id",), f"story `{story.model.id}` has no summary", "add `summary: {ja: …, en: …}`"
            )
