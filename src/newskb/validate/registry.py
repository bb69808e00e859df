"""The rule registry: every diagnostic code is declared exactly once, here or by a decorator.

`newskb rules`, docs/validation.md and the severity of each finding all come
from this one table, so a code cannot be emitted without a description, and a
rule cannot be documented without existing. Adding a rule means writing one
function in the module of its family and decorating it with `@rule(...)`.

Every rule declares its scope: what its findings depend on, which is what lets
the incremental validator (engine.py) check a knowledge base one group (a
source with its stories, beside the registries) at a time and cache the
result, without knowing any rule by name:

- `story`: one entry file (a story, a source or a registry file) with its
  source's transcript and the registries;
- `source`: the stories of one source compared with each other (and with it);
- `corpus`: entries of different sources (unique ids, references to sources,
  registry entries nothing uses). Such a rule is two functions: `part(ctx)`,
  run on each group, returns plain data (JSON: it is cached with the group),
  and the decorated `combine(parts)` turns the parts of every group into
  findings. The whole knowledge base read at once is one group, so `validate`
  and the incremental engine give the same findings by construction.

Some codes are found upstream, while the knowledge base is read (YAML syntax,
schema errors in kb.py/store.py); those are `declare()`d in the module of their
family so they are listed and documented like the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from ..diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from .context import Context

Check = Callable[["Context"], Iterable[Diagnostic]]
Part = Callable[["Context"], Any]
"""A corpus rule's look at one group: plain data (lists, dicts, strings, numbers), JSON-serialisable."""
Combine = Callable[[list[Any]], Iterable["Unplaced"]]
"""A corpus rule's findings from the parts of every group."""
Scope = Literal["story", "source", "corpus"]
SCOPES: tuple[Scope, ...] = ("story", "source", "corpus")

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
    """None when the finding is produced while the knowledge base is read (kb.py, store.py), or for a corpus rule."""
    scope: Scope = "story"
    part: Part | None = None
    combine: Combine | None = None
    part_shape: Any = Any
    """The type of a part (what a part read back from the cache is validated against)."""

    @property
    def family(self) -> str:
        return FAMILIES[self.code[0]]

    @property
    def per_group(self) -> bool:
        """Checked on each group alone (a story- or source-scope rule with a check)."""
        return self.check is not None and self.scope != "corpus"


RULES: dict[str, Rule] = {}


def _register(rule: Rule) -> None:
    code = rule.code
    if len(code) != 4 or code[0] not in FAMILIES or not code[1:].isdigit():
        raise ValueError(f"rule code {code!r} must be a family letter and three digits")
    if code in RULES:
        raise ValueError(f"rule {code} is declared twice")
    if rule.scope not in SCOPES:
        raise ValueError(f"rule {code}: scope {rule.scope!r} is not one of {', '.join(SCOPES)}")
    if (rule.scope == "corpus") != (rule.part is not None):
        raise ValueError(f"rule {code}: a corpus rule, and only a corpus rule, has a `part`")
    RULES[code] = rule


def rule(
    code: str,
    description: str,
    severity: Severity = Severity.error,
    fixable: bool = False,
    *,
    scope: Scope,
    part: Part | None = None,
    part_shape: Any = Any,
) -> Callable[[Any], Any]:
    """Declare a rule and the function that checks it (the function yields this code only).

    For `scope="corpus"` the decorated function is `combine(parts)` and `part`
    is required (`part_shape`, its type, validates parts read from the cache);
    otherwise it is `check(ctx)`. The scope has no default: a rule that looks
    across sources and said nothing would be checked per group.
    """

    def wrap(fn: Any) -> Any:
        if scope == "corpus":
            _register(Rule(code, description, severity, fixable, None, scope, part, fn, part_shape))
        else:
            _register(Rule(code, description, severity, fixable, fn, scope, part))
        return fn

    return wrap


def unregister(code: str) -> None:
    """Forget a rule (tests that declare one of their own remove it again)."""
    del RULES[code]


def declare(code: str, description: str, severity: Severity = Severity.error) -> None:
    """Declare a code that is reported while entries are read, so it is listed and documented."""
    _register(Rule(code, description, severity, False, None))


@dataclass(frozen=True)
class Unplaced:
    """A finding of a corpus rule's `combine`, named by file and YAML path, placed at its line by the caller.

    Why not a Diagnostic: a line and column cost a second, slower parse of the
    file (store.Document), so parts name values by YAML path and only the few
    files a finding is in are parsed for positions. `{refer}` in the message
    becomes `file:line` of `refer` (another value, by file and YAML path).
    """

    code: str
    file: str
    path: tuple[str | int, ...]
    message: str
    fix: str | None = None
    refer: tuple[str, tuple[str | int, ...]] | None = None


def finding(
    code: str,
    file: str,
    path: Any,
    message: str,
    fix: str | None = None,
    refer: tuple[str, Any] | None = None,
) -> Unplaced:
    """A finding of a corpus rule's `combine`, at the value at YAML `path` of `file` (as its part named them)."""
    return Unplaced(code, file, tuple(path), message, fix, None if refer is None else (refer[0], tuple(refer[1])))


def rules() -> list[Rule]:
    """All rules in a stable order: by family, then code."""
    order = list(FAMILIES)
    return sorted(RULES.values(), key=lambda r: (order.index(r.code[0]), r.code))


def matches(code: str, selectors: Iterable[str]) -> bool:
    """Ruff-style selection: `Q` selects the family, `Q2` a range, `Q201` one rule."""
    return any(code.startswith(s) for s in selectors)
