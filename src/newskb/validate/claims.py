"""C7xx — claims and reviews: every verdict is sourced, and likely transcription errors are addressed.

A review is only as good as what it cites: each has a verdict and at least one
http(s) source. A transcript made by speech recognition misspells names
("Pixar-12B" for Pixtral 12B, "SEQOIA Capital"); such a mention fuzzy-matches
a registry name or alias without matching any exactly, and must be covered by
a claim whose review has the verdict `transcription-error` (so the site can
show the correction) — otherwise the knowledge base silently repeats the error.

Mentions are Latin-script runs of the narration (names of companies and
models are written in Latin script) and katakana names written with ・
(サム・オルトマン for サム・アルトマン); runs that contain an exact registry
name are left alone, and case or separator differences alone (OpenAI O1 vs
OpenAI o1, Qwen-2.5 vs Qwen 2.5, サムアルトマン vs サム・アルトマン) are not errors.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from rapidfuzz import fuzz, process

from ..diagnostics import Diagnostic, Severity
from ..extract.mentions import EntityIndex, Name
from ..models import Claim, EnglishKind, Quote, Verdict
from .context import Context, SourceAnalysis
from .registry import declare, rule

#: A mention scoring at least this (rapidfuzz ratio, case and separators folded) against a name is suspect.
SUSPECT_SCORE = 78.0
#: Mentions shorter than this (AI, LLM, CEO, SMR) are too short to judge.
MIN_CHARS = 4
#: Longest mention considered, in words.
MAX_WORDS = 4
#: Folded mentions whose nearest name a matcher remembers (then it starts again).
NEAREST_MEMO = 1 << 16

declare("C701", "review has no verdict")
declare("C703", "source URL is not http(s)")

_LATIN_WORD = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.\-_&']*[A-Za-z0-9])?")
_LATIN_RUN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.\-_&' ]*[A-Za-z0-9])?")


def fold(name: str) -> str:
    """Case and separators folded: differences here are spelling conventions, not transcription errors."""
    return re.sub(r"[-_.\s]+", " ", name.casefold()).strip()


@dataclass(frozen=True)
class Suspect:
    """A Latin-script mention that looks like a registry name without being one."""

    start: int
    end: int
    written: str
    name: Name
    score: float


#: A katakana name as transcripts write it, with or without ・ (サム・オルトマン, サムアルトマン).
_KANA_RUN = re.compile(r"[ァ-ヴ][ァ-ヴー]*(?:[・＝][ァ-ヴー]+)*")
#: Katakana names this short (ラボ, ロボット) are too short to judge.
MIN_KANA = 5


def fold_kana(name: str) -> str:
    """The dot between the parts of a katakana name folded away: a spelling convention, not an error."""
    return re.sub(r"[・＝=\s]", "", name)


class NameMatcher:
    """Latin-script and katakana registry names, folded once, for fuzzy lookup."""

    def __init__(self, names: list[Name]):
        latin = [n for n in names if re.search(r"[A-Za-z]", n.alias) and n.alias.isascii()]
        self.by_fold: dict[str, Name] = {}
        for n in latin:
            self.by_fold.setdefault(fold(n.alias), n)
        self.choices = sorted(self.by_fold)
        self.kana: dict[str, Name] = {}
        for n in names:
            if _KANA_RUN.fullmatch(n.alias) and "・" in n.alias:
                self.kana.setdefault(fold_kana(n.alias), n)
        self.kana_choices = sorted(self.kana)
        #: The nearest name of each folded mention looked up so far: transcripts repeat the same few runs
        #: (a product name on every other line), and the fuzzy search over every name is the costly part.
        self._nearest: dict[tuple[str, bool], tuple[str, float] | None] = {}

    def _nearest_name(self, folded: str, kana: bool) -> tuple[str, float] | None:
        """The choice (folded) scoring highest against `folded`, at least SUSPECT_SCORE, and its score."""
        key = (folded, kana)
        if key not in self._nearest:
            if len(self._nearest) >= NEAREST_MEMO:
                self._nearest.clear()
            best = process.extractOne(
                folded, self.kana_choices if kana else self.choices, scorer=fuzz.ratio, score_cutoff=SUSPECT_SCORE
            )
            self._nearest[key] = None if best is None else (best[0], best[1])
        return self._nearest[key]

    def kana_suspects(self, text: str, offset: int, exact: list[tuple[int, int]]) -> list[Suspect]:
        """Near-misses of katakana names with ・ (サム・オルトマン for サム・アルトマン), as C704 finds Latin ones."""
        found: list[Suspect] = []
        for run in _KANA_RUN.finditer(text):
            s, e = run.start() + offset, run.end() + offset
            written = run.group()
            folded = fold_kana(written)
            if "・" not in written or len(folded) < MIN_KANA or folded in self.kana:
                continue
            if any(s < b and a < e for a, b in exact):
                continue
            best = self._nearest_name(folded, True)
            if best is not None:
                found.append(Suspect(s, e, written, self.kana[best[0]], best[1]))
        return found

    def suspects(self, text: str, offset: int, exact: list[tuple[int, int]]) -> list[Suspect]:
        """Near-miss mentions in one line of text (offsets shifted by `offset`)."""
        found: list[Suspect] = []
        for run in _LATIN_RUN.finditer(text):
            words = [(run.start() + m.start(), run.start() + m.end()) for m in _LATIN_WORD.finditer(run.group())]
            for i in range(len(words)):
                for j in range(i, min(i + MAX_WORDS, len(words))):
                    s, e = words[i][0] + offset, words[j][1] + offset
                    if any(s < b and a < e for a, b in exact):
                        break
                    written = text[s - offset : e - offset]
                    folded = fold(written)
                    if len(folded) < MIN_CHARS or not re.search(r"[a-z]", folded) or folded in self.by_fold:
                        continue
                    best = self._nearest_name(folded, False)
                    if best is not None:
                        found.append(Suspect(s, e, written, self.by_fold[best[0]], best[1]))
        found += self.kana_suspects(text, offset, exact)
        chosen: list[Suspect] = []
        for sus in sorted(found, key=lambda x: (-x.score, x.start, -(x.end - x.start))):
            if all(sus.end <= c.start or c.end <= sus.start for c in chosen):
                chosen.append(sus)
        return sorted(chosen, key=lambda x: x.start)


#: One matcher per entity index: the validator's groups share their registries' index, so the
#: names are folded once per run, not once per group (forked workers inherit it).
_MATCHERS: WeakKeyDictionary[EntityIndex, NameMatcher] = WeakKeyDictionary()


def name_matcher(index: EntityIndex) -> NameMatcher:
    """The index's Latin-script and katakana names, folded once per entity index."""
    matcher = _MATCHERS.get(index)
    if matcher is None:
        matcher = _MATCHERS[index] = NameMatcher(index.names)
    return matcher


def suspects_in(ctx: Context, analysis: SourceAnalysis, matcher: NameMatcher) -> list[Suspect]:
    src = analysis.text
    out: list[Suspect] = []
    for n in src.body_lines:
        base = src.line_starts[n - 1]
        line = src.line(n)
        exact = [(h.start, h.end) for h in ctx.kb.entity_index.find(line, base)]
        out += matcher.suspects(line, base, exact)
    return out


@rule("C702", "review cites no source", scope="story")
def review_without_sources(ctx: Context) -> Iterable[Diagnostic]:
    for loc, claim in ctx.claims:
        if claim.review is not None and not claim.review.sources:
            yield ctx.at(
                "C702",
                loc.story,
                (*loc.path, "review", "verdict"),
                f"claim `{claim.id}`: the review cites no source",
                "add `sources: [{url: https://…, title: …}]`",
            )


@dataclass(frozen=True)
class Finding:
    suspect: Suspect
    analysis: SourceAnalysis
    covered: bool


def transcription_suspects(ctx: Context) -> list[Finding]:
    """Every near-miss mention of every source, and whether a transcription-error claim covers it (memoised)."""

    def compute() -> list[Finding]:
        matcher = name_matcher(ctx.kb.entity_index)
        if not matcher.choices:
            return []
        out: list[Finding] = []
        for sid, analysis in ctx.analyses.items():
            covering = [
                loc.span
                for loc in ctx.located_by_source.get(sid, [])
                if loc.kind == "claims"
                and loc.span is not None
                and isinstance(loc.item, Claim)
                and loc.item.review is not None
                and loc.item.review.verdict == Verdict.transcription_error
            ]
            for sus in suspects_in(ctx, analysis, matcher):
                covered = any(a <= sus.start and sus.end <= b for a, b in covering)
                out.append(Finding(sus, analysis, covered))
        return out

    return ctx.memo("transcription_suspects", compute)


@rule(
    "C704",
    "likely transcription error (a near-miss of a registry name) not covered by a transcription-error claim",
    scope="source",
)
def uncovered_transcription_error(ctx: Context) -> Iterable[Diagnostic]:
    for finding in transcription_suspects(ctx):
        if finding.covered:
            continue
        sus, analysis = finding.suspect, finding.analysis
        src = analysis.text
        line = src.line_of(sus.start)
        where = f"{ctx.kb.display(src.path)}:{line}:{src.column_of(sus.start)}"
        message = (
            f"{where}: `{sus.written}` looks like `{sus.name.alias}` ({sus.name.kind} `{sus.name.id}`, "
            f"score {sus.score:.0f}) but is not a registry name: a likely transcription error"
        )
        fix = "add a claim quoting that text with review verdict `transcription-error`, or add the spelling as an alias"
        owner = next(
            (
                s
                for s in ctx.kb.stories
                if s.model.source == analysis.entry.model.id
                and s.model.segment.first_line <= line <= s.model.segment.last_line
            ),
            None,
        )
        if owner is not None:
            path = ("claims",) if owner.model.claims else ("segment",)
            yield ctx.at("C704", owner, path, message, fix, key=True)
        else:
            yield ctx.at("C704", analysis.entry, ("file",), message, fix)


def without_correction(ctx: Context, code: str, verdict: Verdict, needs: str) -> Iterable[Diagnostic]:
    """Reviews with this verdict and no `correction`: a verdict that says the text is wrong must say what is right."""
    for loc, claim in ctx.claims:
        if claim.review and claim.review.verdict == verdict and claim.review.correction is None:
            yield ctx.at(code, loc.story, (*loc.path, "review", "verdict"), f"claim `{claim.id}`: {needs}")


@rule("C705", "a transcription-error review has no correction", scope="story")
def transcription_error_without_correction(ctx: Context) -> Iterable[Diagnostic]:
    needs = "a transcription error needs `correction` (what the source should have said)"
    return without_correction(ctx, "C705", Verdict.transcription_error, needs)


@rule("C706", "a quote whose English is `original` names no source for the speaker's own words", scope="story")
def original_without_source(ctx: Context) -> Iterable[Diagnostic]:
    for loc in ctx.located:
        item = loc.item
        if isinstance(item, Quote) and item.en_is == EnglishKind.original and item.en_source is None:
            yield ctx.at(
                "C706",
                loc.story,
                (*loc.path, "en_is"),
                f"quote `{item.id}`: `en_is: original` needs `en_source` (where the speaker's English words are)",
                "add `en_source: {url: …, title: …}` or set `en_is: translation`",
            )


@rule("C707", "claim has no review yet", Severity.warning, scope="story")
def claim_without_review(ctx: Context) -> Iterable[Diagnostic]:
    for loc, claim in ctx.claims:
        if claim.review is None:
            yield ctx.at("C707", loc.story, (*loc.path, "id"), f"claim `{claim.id}` has no review", "add `review:`")
