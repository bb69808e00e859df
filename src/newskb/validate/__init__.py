"""The validator: every rule run over a knowledge base read once, findings sorted and stable.

Rules live one family per module (yaml_rules, quotes, speakers, dates,
bilingual, references, claims) and declare themselves in `registry`; this
module only imports them, runs them and applies the run's options
(--select/--ignore, --strict).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic, Severity
from ..kb import KnowledgeBase, load_kb
from . import attribution, bilingual, citations, claims, dates, quotes, references, speakers, text_safety, yaml_rules  # noqa: F401 - registers rules
from .context import Context
from .registry import RULES, Rule, matches, rules

__all__ = ["RULES", "Context", "Result", "Rule", "finish", "rules", "run", "validate"]


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
    found: set[Diagnostic] = set(yaml_rules.reader_findings(ctx))
    for r in rules():
        if r.check is None or (select and not matches(r.code, select)) or matches(r.code, ignore):
            continue
        found.update(r.check(ctx))
    files = len(
        {kb.display(doc.path) for doc in kb.documents}
        | {d.path for d in kb.problems}
        | {kb.display(a.text.path) for a in ctx.analyses.values()}
    )
    return Result(finish(found, select, ignore, strict), files, ctx)


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
