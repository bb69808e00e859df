"""Y1xx — YAML and schema: what is wrong before any meaning can be checked.

These findings are produced while the knowledge base is read (store.py keeps a
line and column for every value; kb.py maps pydantic error paths back to them),
so this module declares the codes and turns the reader's problems into
findings. A few schema errors belong to a later family because that is where
an editor looks for them (an id that is not a slug is a reference problem, a
review without a verdict a claims problem): `recode` moves them there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..diagnostics import Diagnostic, Severity
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

#: Schema errors that belong to another family: (code, pattern on the kb message).
_RECODE: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    (
        "Y112",
        "R602",
        re.compile(
            r"^`(?:[^`]*\.)?(?:id|source|speaker|via|by|maker|people\.\d+|organizations\.\d+|"
            r"affiliations\.\d+|tags\.\d+)`: String should match pattern"
        ),
    ),
    ("Y111", "C701", re.compile(r"^missing required field `(?:[^`]*\.)?review\.verdict`")),
    ("Y112", "C703", re.compile(r"^`[^`]*url`: .*http\(s\) URL")),
)


def recode(diag: Diagnostic) -> Diagnostic:
    """Move a reader finding to the family an editor would look in; unknown reader codes become Y106."""
    code = diag.code
    for old, new, pattern in _RECODE:
        if code == old and pattern.search(diag.message):
            code = new
            break
    if code not in RULES:
        code = "Y106"
    severity = RULES[code].severity
    if code == diag.code and severity == diag.severity:
        return diag
    return Diagnostic(diag.path, diag.line, diag.column, code, diag.message, severity, diag.fix)


def reader_findings(ctx: Context) -> Iterable[Diagnostic]:
    """Problems found while reading entries (kb.load_kb) and transcripts (Context.analyses)."""
    ctx.analyses  # noqa: B018 - reading the transcripts records their problems
    for diag in [*ctx.kb.problems, *ctx.read_problems]:
        yield recode(diag)
