"""The validator: every rule run over a knowledge base read once, findings sorted and stable.

Rules live one family per module (yaml_rules, quotes, speakers, dates,
bilingual, references, claims) and declare themselves in `registry`; this
module only imports them, runs them and applies the run's options
(--select/--ignore, --strict). `check_group` is the one way rules are run:
on a whole knowledge base here, on one group at a time by the incremental
engine (engine.py), which then combines the corpus rules' parts as `validate` does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, Severity
from ..kb import KnowledgeBase, load_kb
from ..store import Document
from . import attribution, bilingual, citations, claims, dates, quotes, references, speakers, text_safety, yaml_rules  # noqa: F401 - registers rules
from .context import Context
from .registry import RULES, SCOPES, Rule, Scope, matches, rules

__all__ = [
    "RULES",
    "Context",
    "Result",
    "Rule",
    "check_group",
    "checked_files",
    "combine",
    "finish",
    "rules",
    "run",
    "validate",
]


@dataclass
class Result:
    diagnostics: list[Diagnostic]
    files_checked: int
    context: Context = field(repr=False)

    @property
    def errors(self) -> int:
        return sum(d.severity == Severity.error for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return sum(d.severity == Severity.warning for d in self.diagnostics)


def validate(
    kb: KnowledgeBase,
    today: dt.date | None = None,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    strict: bool = False,
) -> Result:
    """Run every selected rule; the findings come back sorted, deduplicated, with severities applied."""
    ctx = Context(kb, today or dates.today())
    select, ignore = tuple(select), tuple(ignore)
    found, parts = check_group(ctx, select, ignore)
    documents = {str(d.path): d for d in kb.documents}
    found.extend(combine({code: [part] for code, part in parts.items()}, kb.display, documents))
    return Result(finish(found, select, ignore, strict), len(checked_files(ctx)), ctx)


def _chosen(code: str, select: tuple[str, ...], ignore: tuple[str, ...]) -> bool:
    return not (select and not matches(code, select)) and not matches(code, ignore)


def check_group(
    ctx: Context,
    select: tuple[str, ...] = (),
    ignore: tuple[str, ...] = (),
    scopes: Collection[Scope] = SCOPES,
) -> tuple[list[Diagnostic], dict[str, Any]]:
    """The findings of the reader and of every story- and source-scope rule on this knowledge base (or group),
    and each corpus rule's part of it (plain data, by code).

    `scopes` limits the run to rules of those scopes (the engine runs the story scope on the stories that
    changed, the source scope on their whole group); the reader's findings are per file, so they go with `story`.
    """
    found: list[Diagnostic] = list(yaml_rules.reader_findings(ctx)) if "story" in scopes else []
    parts: dict[str, Any] = {}
    for r in rules():
        if not _chosen(r.code, select, ignore) or r.scope not in scopes:
            continue
        if r.per_group:
            assert r.check is not None
            found.extend(r.check(ctx))
        elif r.part is not None:
            parts[r.code] = r.part(ctx)
    return found, parts


class UnknownFile(ValueError):
    """A corpus rule's finding names a file that is not an entry file of this run (a part read from a bad cache)."""


def combine(
    parts: dict[str, list[Any]],
    display: Callable[[Path], str],
    documents: Mapping[str, Document] | None = None,
    files: set[str] | frozenset[str] = frozenset(),
) -> list[Diagnostic]:
    """The corpus rules' findings from the parts of every group (by code, in group order), placed at their lines.

    `documents` are the parsed files at hand (by path); another file a finding is in is read for positions
    only if it is one of `files` (else UnknownFile: parts come from a cache, which is untrusted input).
    """
    docs: dict[str, Document] = dict(documents or {})

    def at(file: str, path: tuple[str | int, ...]) -> tuple[int, int]:
        if file not in docs:
            if file not in files:
                raise UnknownFile(file)
            docs[file] = Document(Path(file), None)
        return docs[file].position(path)

    out: list[Diagnostic] = []
    for code, chunks in sorted(parts.items()):
        combine_fn = RULES[code].combine
        assert combine_fn is not None
        for f in combine_fn(chunks):
            message = f.message
            if f.refer is not None:
                message = message.replace("{refer}", f"{display(Path(f.refer[0]))}:{at(*f.refer)[0]}")
            line, column = at(f.file, f.path)
            out.append(Diagnostic(display(Path(f.file)), line, column, f.code, message, RULES[f.code].severity, f.fix))
    return out


def checked_files(ctx: Context) -> set[str]:
    """The files a run read, as diagnostics name them: entry files (parsed or not) and transcripts."""
    kb = ctx.kb
    return (
        {kb.display(doc.path) for doc in kb.documents}
        | {d.path for d in kb.problems}
        | {kb.display(a.text.path) for a in ctx.analyses.values()}
    )


def finish(
    found: Iterable[Diagnostic], select: tuple[str, ...] = (), ignore: tuple[str, ...] = (), strict: bool = False
) -> list[Diagnostic]:
    """Findings with the run's options applied: selected, not ignored, warnings raised under --strict; sorted, unique."""
    kept: list[Diagnostic] = []
    for d in set(found):
        if (select and not matches(d.code, select)) or matches(d.code, ignore):
            continue
        if strict and d.severity == Severity.warning:
            d = Diagnostic(d.path, d.line, d.column, d.code, d.message, Severity.error, d.fix)
        kept.append(d)
    return sorted(set(kept))


def run(root: str | Path = "entries", **options: object) -> Result:
    """Load the knowledge base under `root` and validate it."""
    return validate(load_kb(root), **options)  # type: ignore[arg-type]
