"""The rule registry: every diagnostic code is declared exactly once, here or by a decorator.

`newskb rules`, docs/validation.md and the severity of each finding all come
from this one table, so a code cannot be emitted without a description, and a
rule cannot be documented without existing. Adding a rule means writing one
function in the module of its family and decorating it with `@rule(...)`.

Some codes are found upstream, while the knowledge base is read (YAML syntax,
schema errors in kb.py/store.py); those are `declare()`d in the module of their
family so they are listed and documented like the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from .context import Context

Check = Callable[["Context"], Iterable[Diagnostic]]

#: Code prefix → family name, in the order rules are listed.
FAMILIES: dict[str, str] = {
    "Y": "YAML and schema",
    "Q": "Quotes",
    "S": "Speakers",
    "D": "Dates",
    "B": "Bilingual text",
    "R": "References",
    "C": "Claims and reviews",
}


@dataclass(frozen=True)
class Rule:
    code: str
    description: str
    severity: Severity
    fixable: bool
    check: Check | None
    """None when the finding is produced while the knowledge base is read (kb.py, store.py)."""

    @property
    def family(self) -> str:
        return FAMILIES[self.code[0]]


RULES: dict[str, Rule] = {}


def _register(code: str, description: str, severity: Severity, fixable: bool, check: Check | None) -> None:
    if len(code) != 4 or code[0] not in FAMILIES or not code[1:].isdigit():
        raise ValueError(f"rule code {code!r} must be a family letter and three digits")
    if code in RULES:
        raise ValueError(f"rule {code} is declared twice")
    RULES[code] = Rule(code, description, severity, fixable, check)


def rule(
    code: str, description: str, severity: Severity = Severity.error, fixable: bool = False
) -> Callable[[Check], Check]:
    """Declare a rule and the function that checks it (the function yields this code only)."""

    def wrap(fn: Check) -> Check:
        _register(code, description, severity, fixable, fn)
        return fn

    return wrap


def declare(code: str, description: str, severity: Severity = Severity.error) -> None:
    """Declare a code that is reported while entries are read, so it is listed and documented."""
    _register(code, description, severity, False, None)


def rules() -> list[Rule]:
    """All rules in a stable order: by family, then code."""
    order = list(FAMILIES)
    return sorted(RULES.values(), key=lambda r: (order.index(r.code[0]), r.code))


def matches(code: str, selectors: Iterable[str]) -> bool:
    """Ruff-style selection: `Q` selects the family, `Q2` a range, `Q201` one rule."""
    return any(code.startswith(s) for s in selectors)
