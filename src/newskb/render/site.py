"""What the pages need from the knowledge base, computed once in O(entries).

Every index is built in one pass over the stories and sorted, so each page
can be rendered independently from its own small context (an incremental
build can skip a page whose context did not change) and two builds see the
same order.
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..files import read_regular
from ..kb import KnowledgeBase
from ..models import Claim, Quote, Story, Verdict, entity_names
from ..source import SourceText
from . import routes

#: Verdicts that say the transcript itself is wrong (a garbled name, a mistranslation): every verdict
#: named `…-error`. Their correction is what the text should have said, so the transcript shows it inline.
TEXT_ERRORS: tuple[str, ...] = tuple(v.value for v in Verdict if v.value.endswith("-error"))
#: Claims page order: what the source got wrong first, so corrections are prominent; a verdict the
#: scale gains later is listed before "unreviewed" without a change here.
_RANKED = (Verdict.inaccurate.value, Verdict.misleading.value, Verdict.unverified.value, Verdict.accurate.value)
VERDICT_ORDER: tuple[str, ...] = (
    *TEXT_ERRORS,
    *(v for v in _RANKED if v in {x.value for x in Verdict}),
    *(v.value for v in Verdict if v.value not in TEXT_ERRORS and v.value not in _RANKED),
    "unreviewed",
)
#: Verdicts that mean the source is wrong: shown with their correction, highlighted.
CORRECTIONS = frozenset({*TEXT_ERRORS, Verdict.inaccurate.value, Verdict.misleading.value})


def _verdict_of_item(item: Claim | tuple[Story, Claim]) -> str:
    return verdict_of(item[1] if isinstance(item, tuple) else item)


def tally(items: Iterable[Claim | tuple[Story, Claim]]) -> list[tuple[str, int]]:
    """How many claims (or (story, claim) pairs) have each verdict, in VERDICT_ORDER; verdicts with none left out."""
    counts = Counter(_verdict_of_item(i) for i in items)
    return [(v, counts[v]) for v in VERDICT_ORDER if counts.get(v)]


def by_verdict(items: Iterable[Any]) -> list[tuple[str, list[Any]]]:
    """Claims (or (story, claim) pairs) grouped by verdict in VERDICT_ORDER, each group in its original order."""
    groups: dict[str, list[Any]] = defaultdict(list)
    for item in items:
        groups[_verdict_of_item(item)].append(item)
    return [(v, groups[v]) for v in VERDICT_ORDER if v in groups]


def claim_subjects(
    story: Story, claim: Claim, people: dict[str, Any], named: list[str] | None = None
) -> tuple[str, ...]:
    """The people a claim is about: those its story names whose name or alias its text contains.

    Why the text and not the story: a story about a power deal names Sam Altman once, but only the
    claim that says he invested in fusion is about him. The claim's author is not its subject.
    `named`: `sorted(named_entities(story))` when the caller has it (once per story, not per claim).
    """
    texts = [t for t in (claim.text.ja, claim.text.en) if t]
    out = []
    for pid in sorted(named_entities(story)) if named is None else named:
        person = people.get(pid)
        if person is None or pid == claim.by:
            continue
        if any(name in text for name in entity_names(person) for text in texts):
            out.append(pid)
    return tuple(out)


def method_path(entries: Path, lang: str) -> Path:
    """A language's methodology document: docs/method.<lang>.md beside entries/ (the About page shows it)."""
    return Path(os.path.abspath(entries.resolve().parent / "docs" / f"method.{lang}.md"))


def project_path(entries: Path) -> Path:
    """The pyproject.toml beside entries/, whose `[tool.newskb] report_url` the claim pages show."""
    return Path(os.path.abspath(entries.resolve().parent / "pyproject.toml"))


def document_paths(entries: Path) -> list[Path]:
    """Every document besides the entries that the pages read (SiteData.documents): watched and recorded."""
    return [*(method_path(entries, lang) for lang in routes.LANGS), project_path(entries)]


#: A repository document (docs/method.*.md, pyproject.toml) larger than this is refused, like an entry file.
MAX_DOCUMENT_BYTES = 1024 * 1024


def read_document(path: Path) -> str | None:
    """A repository document as the site shows it (None when there is none).

    Read like every other input (files.read_regular): a regular file whose resolved path lies inside the
    repository (the folder holding entries/, docs/ and pyproject.toml), bounded in size, so a symlink to a
    device or to a file elsewhere is one line and exit 2, never a hang or a leak onto the About page.
    """
    if not os.path.lexists(path):
        return None
    repo = path.parent.parent if path.parent.name == "docs" else path.parent
    data = read_regular(path, MAX_DOCUMENT_BYTES, "document", inside=repo)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"document is not valid UTF-8 (byte {exc.start})") from None


def named_entities(story: Story) -> set[str]:
    """Every person, organisation or product a story involves, quotes, cites or mentions."""
    ids = set(story.people) | set(story.organizations) | set(story.products)
    ids |= {m.id for m in story.mentions}
    ids |= {q.speaker for q in story.quotes} | {q.via for q in story.quotes if q.via}
    ids |= {c.by for c in story.claims}
    return ids


def verdict_of(claim: Claim) -> str:
    return claim.review.verdict.value if claim.review else "unreviewed"


def _rebind(value: Any, swap: dict[int, Any], seen: set[int]) -> Any:
    """`value` with every object of `swap` replaced: lists and dicts in place, a tuple by a new one (returned)."""
    new = swap.get(id(value))
    if new is not None:
        return new
    kind = type(value)
    if kind is list or kind is dict:
        if id(value) in seen:
            return value
        seen.add(id(value))
        items = enumerate(value) if kind is list else list(value.items())
        for key, item in items:
            got = _rebind(item, swap, seen)
            if got is not item:
                value[key] = got
        return value
    if kind is tuple:
        got_all = [_rebind(item, swap, seen) for item in value]
        if any(g is not i for g, i in zip(got_all, value, strict=True)):
            return tuple(got_all)
    return value


@dataclass(frozen=True)
class Span:
    """A highlighted stretch of a transcript: a quote or a claim of a story."""

    start: int
    end: int
    kind: str  # "quote" | "claim"
    story: str
    item: str
    line: int
    #: A claim's verdict ("unreviewed" when it has none); None for a quote.
    verdict: str | None = None


@dataclass
class SiteData:
    kb: KnowledgeBase
    stories: list[Story] = field(default_factory=list)

    #: Documents read for the pages, once each (absolute path -> text; the build records what it read).
    documents: dict[str, str | None] = field(default_factory=dict)
    #: Publish the database and ClaimReview feed under data/ (render/api.py; `build --no-data` does not).
    publish_data: bool = True

    def __post_init__(self) -> None:
        self.stories = [e.model for e in self.kb.stories]

    def method(self, lang: str) -> str | None:
        """The methodology document of a language (docs/method.<lang>.md beside entries/), read once."""
        path = method_path(self.kb.root, lang)
        key = str(path)
        if key not in self.documents:
            self.documents[key] = read_document(path)
        return self.documents[key]

    @cached_property
    def report_url(self) -> str | None:
        """Where readers report a mistake: `[tool.newskb] report_url` in the pyproject.toml beside entries/.

        Read as a document (recorded in the manifest like docs/method.*.md), so changing it rebuilds the
        pages that show it. None when unset: the pages then say how to report without a link.
        """
        path = project_path(self.kb.root)
        key = str(path)
        if key not in self.documents:
            self.documents[key] = read_document(path)
        text = self.documents[key]
        if not text:
            return None
        try:
            value = tomllib.loads(text).get("tool", {}).get("newskb", {}).get("report_url")
        except tomllib.TOMLDecodeError as exc:
            raise InputError(path, f"not valid TOML: {exc}") from None
        if value is None:
            return None
        if not isinstance(value, str) or not value.startswith(("https://", "http://", "mailto:")):
            raise InputError(path, f"[tool.newskb] report_url must be an http(s) or mailto URL, not {value!r}")
        return value

    # -- lookups ----------------------------------------------------------------

    @cached_property
    def story_index(self) -> dict[str, Story]:
        return {s.id: s for s in self.stories}

    def entity_kind(self, entity_id: str) -> str | None:
        if entity_id in self.kb.people:
            return "person"
        if entity_id in self.kb.organizations:
            return "organization"
        if entity_id in self.kb.products:
            return "product"
        return None

    # -- indexes (one pass each) --------------------------------------------------

    @cached_property
    def quotes_by_speaker(self) -> dict[str, list[tuple[Story, Quote]]]:
        out: dict[str, list[tuple[Story, Quote]]] = defaultdict(list)
        for story in self.stories:
            for quote in story.quotes:
                out[quote.speaker].append((story, quote))
        return dict(out)

    @cached_property
    def claims_by_author(self) -> dict[str, list[tuple[Story, Claim]]]:
        out: dict[str, list[tuple[Story, Claim]]] = defaultdict(list)
        for story in self.stories:
            for claim in story.claims:
                out[claim.by].append((story, claim))
        return dict(out)

    @cached_property
    def claims_about(self) -> dict[str, list[tuple[Story, Claim]]]:
        """The claims about each person (claim_subjects), in story order."""
        out: dict[str, list[tuple[Story, Claim]]] = defaultdict(list)
        people = self.kb.people
        for story in self.stories:
            if not story.claims:
                continue
            named = sorted(named_entities(story))
            for claim in story.claims:
                for pid in claim_subjects(story, claim, people, named):
                    out[pid].append((story, claim))
        return dict(out)

    def claim_uses(self, story: Story, claim: Claim) -> int:
        """How many pages show a claim as `claim_html` renders it: its story's, the claims list, the
        page of its author when a person, and the page of each person it is about: what the kinds of
        pages declare (pages.claim_uses)."""
        from .pages import claim_uses

        return claim_uses(self, story, claim)

    def item(self, span: Span) -> Quote | Claim | None:
        """The quote or claim a transcript span stands for."""
        story = self.story_index.get(span.story)
        if story is None:
            return None
        items = story.quotes if span.kind == "quote" else story.claims
        return next((i for i in items if i.id == span.item), None)

    def claim_line(self, story: Story, claim: Claim) -> tuple[str, str, str] | None:
        """The transcript line of a claim cut around it (before, claim, after), when its anchor still matches."""
        text = self.kb.source_texts.get(story.source)
        a = claim.anchor
        if text is None or a is None or not (0 <= a.start < a.end <= len(text.text)):
            return None
        if text.text[a.start : a.end] != claim.text.ja or not (1 <= a.line <= len(text.line_starts)):
            return None
        lo = text.line_starts[a.line - 1]
        line = text.lines[a.line - 1]
        hi = lo + len(line)
        if not (lo <= a.start and a.end <= hi):
            return None
        return line[: a.start - lo], line[a.start - lo : a.end - lo], line[a.end - lo :]

    @cached_property
    def stories_by_entity(self) -> dict[str, list[Story]]:
        """Stories that involve, quote, cite or mention each person, organisation or product."""
        out: dict[str, list[Story]] = defaultdict(list)
        for story in self.stories:
            for entity_id in sorted(named_entities(story)):
                out[entity_id].append(story)
        return dict(out)

    @cached_property
    def people_by_affiliation(self) -> dict[str, list]:
        """The people affiliated with each organisation, by id (one pass, not one scan per organisation)."""
        out: dict[str, list] = defaultdict(list)
        for person in sorted(self.kb.people.values(), key=lambda p: p.id):
            for org_id in dict.fromkeys(person.affiliations):
                out[org_id].append(person)
        return dict(out)

    @cached_property
    def stories_by_tag(self) -> dict[str, list[Story]]:
        out: dict[str, list[Story]] = defaultdict(list)
        for story in self.stories:
            for tag in sorted(set(story.tags)):
                out[tag].append(story)
        return dict(sorted(out.items()))

    @cached_property
    def timeline(self) -> list[tuple[dt.date | None, list[Story]]]:
        """Stories grouped by month, newest first; undated stories last."""
        groups: dict[dt.date | None, list[Story]] = defaultdict(list)
        for story in self.stories:
            groups[story.date.replace(day=1) if story.date else None].append(story)
        dated = sorted((k for k in groups if k is not None), reverse=True)
        out = [(k, groups[k]) for k in dated]
        if None in groups:
            out.append((None, groups[None]))
        return out

    @cached_property
    def claims_by_verdict(self) -> list[tuple[str, list[tuple[Story, Claim]]]]:
        groups: dict[str, list[tuple[Story, Claim]]] = defaultdict(list)
        for story in self.stories:
            for claim in story.claims:
                groups[verdict_of(claim)].append((story, claim))
        return [(v, groups[v]) for v in VERDICT_ORDER if groups.get(v)]

    @cached_property
    def timeline_stories(self) -> list[Story]:
        """The timeline's stories, month after month (the timeline pages list them in this order)."""
        return [s for _, stories in self.timeline for s in stories]

    @cached_property
    def verdict_claims(self) -> list[tuple[str, Story, Claim]]:
        """Every claim as (verdict, story, claim), verdict after verdict (the claims pages' order)."""
        return [(v, s, c) for v, items in self.claims_by_verdict for s, c in items]

    def replace(self, swap: dict[int, Any]) -> None:
        """Put new objects in place of old ones (`swap`: id(old) -> new) in every index, in place.

        Why: a live build that reads an edited story placed as before (pages.placement) swaps the new
        models in where the old ones were, so every page, whose context looks its entries up in these
        indexes when rendered, shows the new version; no model is written to.
        """
        seen: set[int] = set()
        for name, value in vars(self).items():
            if name != "kb" and isinstance(value, (list, dict)):
                _rebind(value, swap, seen)

    @cached_property
    def all_quotes(self) -> list[tuple[Story, Quote]]:
        return [(s, q) for s in self.stories for q in s.quotes]

    @cached_property
    def stories_by_source(self) -> dict[str, list[Story]]:
        out: dict[str, list[Story]] = defaultdict(list)
        for story in self.stories:
            out[story.source].append(story)
        return {k: sorted(v, key=lambda s: s.segment.index) for k, v in out.items()}

    def spans(self, source_id: str, text: SourceText) -> list[Span]:
        """Quote and claim spans of a source whose anchors still match the transcript."""
        out: list[Span] = []
        for story in self.stories_by_source.get(source_id, []):
            items: list[tuple[str, Quote | Claim]] = [("quote", q) for q in story.quotes]
            items += [("claim", c) for c in story.claims]
            for kind, item in items:
                a = item.anchor
                if a is None or not (0 <= a.start < a.end <= len(text.text)):
                    continue
                if text.text[a.start : a.end] != item.text.ja:
                    continue  # drifted: the validator reports it; link to the line only
                verdict = verdict_of(item) if isinstance(item, Claim) else None
                out.append(Span(a.start, a.end, kind, story.id, item.id, a.line, verdict))
        return sorted(out, key=lambda s: (s.start, -s.end, s.kind, s.story, s.item))

    @cached_property
    def latest_date(self) -> dt.date | None:
        """The newest date anywhere in the entries: the site's notion of 'now'."""
        dates: list[dt.date] = [s.date for s in self.stories if s.date]
        for story in self.stories:
            for claim in story.claims:
                if claim.review:
                    dates += [c.published for c in claim.review.sources if c.published]
        for entry in self.kb.sources.values():
            pub = entry.model.published
            if pub:
                dates += [d for d in (pub.earliest, pub.latest) if d]
        return max(dates) if dates else None
