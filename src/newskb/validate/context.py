"""What every rule needs, computed once per run: sources, their statements, where each text sits.

Rules are small because the expensive work lives here, behind cached
properties: each transcript is read and attributed once, each quote and claim
is located in its source once, and everything is indexed by source so the
cost grows with the size of the knowledge base, not with its square.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal, TypeVar, get_args

from pydantic import BaseModel

from ..diagnostics import Diagnostic
from ..errors import InputError
from ..extract.quotes import Statement, attribute
from ..extract.segments import Section, split_sections
from ..kb import Entry, KnowledgeBase
from ..extract.anchors import find_text, make_anchor
from ..models import Anchor, Attribution, Claim, Quote, Source, Story
from ..source import SourceText, normalize_for_match
from .registry import RULES

YamlPath = tuple[str | int, ...]
T = TypeVar("T")


@dataclass
class SourceAnalysis:
    """One transcript with the statements the extractor finds in it (computed once)."""

    entry: Entry[Source]
    text: SourceText
    sections: list[Section]
    statements: list[Statement]
    normalized: str

    @cached_property
    def by_start(self) -> dict[int, Statement]:
        return {st.span.start: st for st in self.statements}

    @cached_property
    def _by_line(self) -> dict[int, list[Statement]]:
        out: dict[int, list[Statement]] = {}
        for st in self.statements:
            out.setdefault(st.line, []).append(st)
        return out

    @cached_property
    def run_heads(self) -> dict[int, Statement]:
        """Each top-level statement's run head (by `id` of the statement): the first of a run of continuations,
        the one whose attribution names the speaker (computed once per source: a scan per quote was quadratic)."""
        heads: dict[int, Statement] = {}
        head: Statement | None = None
        for s in self.statements:
            if s.span.parent is not None:
                continue
            if s.attribution != Attribution.continuation or head is None:
                head = s
            heads[id(s)] = head
        return heads

    def statements_on(self, line: int) -> list[Statement]:
        """The statements of one line (spans never cross lines)."""
        return self._by_line.get(line, [])

    def section_of(self, line: int) -> Section | None:
        for section in self.sections:
            if line in section.lines:
                return section
        return None


@dataclass
class Located:
    """A quote or claim of a story, with where its Japanese text sits in the story's source."""

    story: Entry[Story]
    kind: Literal["quotes", "claims"]
    index: int
    item: Quote | Claim
    analysis: SourceAnalysis | None
    found: bool
    """The text occurs in the source under `normalize_for_match` (the verbatim test)."""
    span: tuple[int, int] | None
    """Raw offsets of the occurrence nearest the stored anchor, when the raw text occurs."""

    @property
    def path(self) -> YamlPath:
        return (self.kind, self.index)

    @property
    def label(self) -> str:
        return f"{self.kind[:-1]} `{self.item.id}`"

    @cached_property
    def expected_anchor(self) -> Anchor | None:
        if self.span is None or self.analysis is None:
            return None
        return make_anchor(self.analysis.text, *self.span)


def _may_hold(annotation: Any, targets: tuple[type, ...], seen: set[Any]) -> bool:
    """Can a field of this annotation contain (at any depth) a value of one of `targets`?"""
    if isinstance(annotation, type):
        if issubclass(annotation, targets):
            return True
        if issubclass(annotation, BaseModel):
            if annotation in seen:
                return False
            seen.add(annotation)
            return any(_may_hold(f.annotation, targets, seen) for f in annotation.model_fields.values())
        return False
    return any(_may_hold(arg, targets, seen) for arg in get_args(annotation))


_RELEVANT: dict[tuple[type, tuple[type, ...]], tuple[str, ...]] = {}


def _relevant_fields(cls: type[BaseModel], targets: tuple[type, ...]) -> tuple[str, ...]:
    key = (cls, targets)
    if key not in _RELEVANT:
        _RELEVANT[key] = tuple(name for name, f in cls.model_fields.items() if _may_hold(f.annotation, targets, set()))
    return _RELEVANT[key]


def find_values(value: Any, targets: tuple[type, ...], path: YamlPath = ()) -> list[tuple[YamlPath, Any]]:
    """The values of the given types inside a model, with their YAML paths, in walk order.

    Yields what `walk` yields filtered by type, but only descends into the
    fields whose declared types can hold such a value. A list built by plain
    recursion, not nested generators: `of_type(str)` visits every string of
    every entry (300,000 at 1,000 stories), and a `yield from` per level was
    most of its cost. Fields are read from the model's `__dict__` (where
    pydantic keeps them) and a path is built only for a value kept or entered.
    """
    out: list[tuple[YamlPath, Any]] = []
    fields = _FIELDS.get(targets)
    if fields is None:
        fields = _FIELDS[targets] = {}
    _collect(value, targets, path, out, fields)
    return out


#: Per targets, per model class: the names of the fields that can hold them (`_relevant_fields`).
_FIELDS: dict[tuple[type, ...], dict[type, tuple[str, ...]]] = {}


def _collect(
    value: Any,
    targets: tuple[type, ...],
    path: YamlPath,
    out: list[tuple[YamlPath, Any]],
    fields: dict[type, tuple[str, ...]],
) -> None:
    if isinstance(value, BaseModel):
        cls = type(value)
        names = fields.get(cls)
        if names is None:
            names = fields[cls] = _relevant_fields(cls, targets)
        values = value.__dict__
        for name in names:
            item = values[name]
            if item is None:
                continue
            if isinstance(item, targets):
                out.append(((*path, name), item))
            if isinstance(item, (BaseModel, list)):
                _collect(item, targets, (*path, name), out, fields)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, targets):
                out.append(((*path, i), item))
            if isinstance(item, (BaseModel, list)):
                _collect(item, targets, (*path, i), out, fields)


class Context:
    """The knowledge base plus the derived facts rules share; also the factory of diagnostics."""

    def __init__(self, kb: KnowledgeBase, today: dt.date, sources_of: Context | None = None):
        """`sources_of`: a context over the same sources (a whole group, when this one holds a few of its
        stories) whose transcript analyses are reused; its read problems stay its own."""
        self.kb = kb
        self.today = today
        self.read_problems: list[Diagnostic] = []
        self._memo: dict[str, Any] = {}
        self._sources_of = sources_of

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """A value computed once per run and shared by the rules of several families."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]  # type: ignore[no-any-return]

    # -- diagnostics ------------------------------------------------------------------

    def at(
        self, code: str, entry: Entry[Any], path: YamlPath, message: str, fix: str | None = None, key: bool = False
    ) -> Diagnostic:
        """A finding located at the YAML value (or, with `key`, the key) at `path` in an entry file."""
        if key and tuple(path) in entry.doc.key_marks:
            line, col = entry.doc.key_marks[tuple(path)]
        else:
            line, col = entry.doc.position(path)
        return Diagnostic(self.kb.display(entry.path), line, col, code, message, RULES[code].severity, fix)

    # -- sources ----------------------------------------------------------------------

    @cached_property
    def analyses(self) -> dict[str, SourceAnalysis]:
        """Each readable transcript with its statements; an unreadable one is an R603 finding."""
        if self._sources_of is not None:
            return self._sources_of.analyses
        out: dict[str, SourceAnalysis] = {}
        for sid, entry in sorted(self.kb.sources.items()):
            try:
                text = self.kb.read_transcript(entry)
            except InputError as exc:
                self.read_problems.append(self.at("R603", entry, ("file",), exc.message))
                continue
            sections = split_sections(text, self.kb.entity_index)
            statements, _ = attribute(text, sections, self.kb.entity_index, self.kb.publications)
            out[sid] = SourceAnalysis(entry, text, sections, statements, normalize_for_match(text.text))
        return out

    def analysis_for(self, story: Story) -> SourceAnalysis | None:
        return self.analyses.get(story.source)

    # -- quotes and claims ------------------------------------------------------------

    @cached_property
    def located(self) -> list[Located]:
        """Every quote and claim of every story, located once in its own source."""
        out: list[Located] = []
        for story in self.kb.stories:
            analysis = self.analysis_for(story.model)
            seg = story.model.segment
            lines = range(seg.first_line, seg.last_line + 1)
            for kind in ("quotes", "claims"):
                items: list[Quote] | list[Claim] = getattr(story.model, kind)
                for i, item in enumerate(items):
                    out.append(self._locate(story, kind, i, item, analysis, lines))  # type: ignore[arg-type]
        return out

    @staticmethod
    def _locate(
        story: Entry[Story],
        kind: Literal["quotes", "claims"],
        index: int,
        item: Quote | Claim,
        analysis: SourceAnalysis | None,
        lines: range,
    ) -> Located:
        if analysis is None:
            return Located(story, kind, index, item, None, False, None)
        text = item.text.ja
        needle = normalize_for_match(text)
        span = find_text(analysis.text, text, item.anchor, lines) if text else None
        found = span is not None or (bool(needle) and needle in analysis.normalized)
        return Located(story, kind, index, item, analysis, found, span)

    @cached_property
    def quotes(self) -> list[tuple[Located, Quote]]:
        return [(loc, loc.item) for loc in self.located if isinstance(loc.item, Quote)]

    @cached_property
    def claims(self) -> list[tuple[Located, Claim]]:
        return [(loc, loc.item) for loc in self.located if isinstance(loc.item, Claim)]

    @cached_property
    def located_by_source(self) -> dict[str, list[Located]]:
        out: dict[str, list[Located]] = defaultdict(list)
        for loc in self.located:
            out[loc.story.model.source].append(loc)
        return out

    # -- every value of every entry ------------------------------------------------------

    def of_type(self, *targets: type) -> list[tuple[Entry[Any], YamlPath, Any]]:
        """The values of these types inside every parsed entry, with their YAML paths (memoised)."""

        def compute() -> list[tuple[Entry[Any], YamlPath, Any]]:
            entries: list[Entry[Any]] = [*self.kb.stories, *self.kb.sources.values(), *self.kb.registry_docs.values()]
            return [(entry, path, value) for entry in entries for path, value in find_values(entry.model, targets)]

        return self.memo(f"of_type:{','.join(t.__qualname__ for t in targets)}", compute)

    # -- registries -------------------------------------------------------------------

    @property
    def speakers(self) -> frozenset[str]:
        """Ids a quote may name as its speaker: people and organisations."""
        return self.kb.speaker_ids

    @property
    def entity_ids(self) -> frozenset[str]:
        return self.kb.entity_ids
