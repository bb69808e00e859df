"""Y1xx — YAML and schema: what is wrong before any meaning can be checked.

These findings are produced while the knowledge base is read (store.py keeps a
line and column for every value; kb.py maps pydantic error paths back to them),
so this module declares the codes and turns the reader's problems into
findings. The reader reports schema errors as data (kb.SchemaError: where,
pydantic's error type, its message); the code is given here, from the error's
type and path. A few belong to a later family because that is where an editor
looks for them (an id that is not a slug is a reference problem, a review
without a verdict a claims problem, a date that is not one a date problem).
"""

from __future__ import annotations

from collections.abc import Iterable

from ..diagnostics import Diagnostic, Severity
from ..kb import Problem, SchemaError
from .context import Context
from .registry import RULES, declare

declare("Y101", "YAML syntax error (reported with line and column)")
declare("Y102", "duplicate key in a mapping (YAML would silently keep the last)")
declare("Y103", "YAML anchors, aliases and merge keys are refused (alias bombs; entries never need them)")
declare("Y104", "entry file larger than the size limit")
declare("Y105", "entry file is not valid UTF-8")
declare("Y106", "entry file cannot be read")
declare("Y114", "YAML nesting deeper than the limit (entries need a few levels; deeper is an attack on the parser)")
declare("Y115", "a character YAML refuses (NUL, other control characters), reported where it is")
declare("Y116", "a YAML tag other than the core types (!!binary, !!set, !!python/…, !foo) is refused")
declare("Y117", "entry file is not a regular file (a FIFO, socket or device, or a symlink to one)")
declare("Y118", "entry file resolves outside the repository (a symlink out of it)")
declare("Y110", "unknown field (a typo in a key is an error, not ignored data)")
declare("Y111", "missing required field")
declare("Y112", "field has the wrong type or form")
declare("Y113", "an entry file must be a mapping")
declare(
    "Y120",
    "plain YAML scalar silently converted (12:30 → 750, yes/no → booleans, 0755 → octal); quote it",
    Severity.warning,
)

#: Fields whose values are ids or references: a value that is not a slug is a reference problem (R602).
_ID_FIELDS = frozenset({"id", "source", "speaker", "via", "by", "maker"})
#: Lists of ids: an item that is not a slug is a reference problem too.
_ID_LISTS = frozenset({"people", "organizations", "affiliations", "tags"})
#: Fields that hold dates: a value that is not a calendar date is a date problem (D401).
_DATE_FIELDS = frozenset({"date", "published", "earliest", "latest"})


def schema_code(err: SchemaError) -> str:
    """The code of a schema error, from what it is and where (the family an editor would look in)."""
    loc, last = err.loc, (err.loc[-1] if err.loc else None)
    if err.kind == "extra_forbidden":
        return "Y110"
    if err.kind == "missing":
        return "C701" if loc[-2:] == ("review", "verdict") else "Y111"
    if err.kind.startswith("date") or last in _DATE_FIELDS:
        return "D401"
    if err.kind == "string_pattern_mismatch" and (
        last in _ID_FIELDS or (isinstance(last, int) and len(loc) > 1 and loc[-2] in _ID_LISTS)
    ):
        return "R602"
    if err.kind == "value_error" and str(last).endswith("url"):
        return "C703"  # models.http_url: the one check of a URL field
    return "Y112"


def schema_finding(err: SchemaError) -> Diagnostic:
    code = schema_code(err)
    if code == "D401":
        message = f"`{err.where}` is not a real calendar date in ISO 8601 (YYYY-MM-DD): {err.detail}"
    else:
        message = err.message
    return Diagnostic(err.path, err.line, err.column, code, message, RULES[code].severity)


def reader_finding(problem: Problem) -> Diagnostic:
    """A problem found while reading, as a finding: schema errors get their code here; unknown reader codes Y106."""
    if isinstance(problem, SchemaError):
        return schema_finding(problem)
    code = problem.code if problem.code in RULES else "Y106"
    severity = RULES[code].severity
    if code == problem.code and severity == problem.severity:
        return problem
    return Diagnostic(problem.path, problem.line, problem.column, code, problem.message, severity, problem.fix)


def reader_findings(ctx: Context) -> Iterable[Diagnostic]:
    """Problems found while reading entries (kb.load_kb) and transcripts (Context.analyses)."""
    ctx.analyses  # noqa: B018 - reading the transcripts records their problems
    for problem in [*ctx.kb.problems, *ctx.read_problems]:
        yield reader_finding(problem)
