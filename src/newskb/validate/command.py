"""The `newskb validate` and `newskb rules` commands (registered in cli.py).

Exit codes: 0 no errors (warnings alone do not fail unless --strict), 1
findings, 2 usage or input error (raised as InputError and printed by cli.main
as one line).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..errors import InputError
from ..report import FORMATS, Summary
from .registry import FAMILIES, RULES, rules


def _selectors(value: str, option: str) -> tuple[str, ...]:
    out = tuple(s.strip().upper() for s in value.split(",") if s.strip())
    for s in out:
        if not any(code.startswith(s) for code in RULES):
            raise InputError(option, f"{s!r} matches no rule (see `newskb rules`)")
    return out


def run_validate(args: argparse.Namespace) -> int:
    from ..diagnostics import Severity
    from . import finish
    from .dates import today
    from .incremental import findings

    select = _selectors(args.select, "--select")
    ignore = _selectors(args.ignore, "--ignore")
    root = Path(args.entries)
    day = today()
    if args.fix:
        from ..kb import load_kb
        from . import validate
        from .fix import fix_anchors

        first = validate(load_kb(root), day, select=("Q",))
        for change in fix_anchors(first.context):
            print(f"fixed {first.context.kb.display(change.path)}: {change.description}", file=sys.stderr)
    from ..progress import step

    with step("validating", quiet=getattr(args, "quiet", False)):
        outcome = findings(root, day, use_cache=not getattr(args, "no_cache", False))
    diagnostics = finish(outcome.diagnostics, select, ignore, args.strict)
    sys.stdout.write(FORMATS[args.format](diagnostics, outcome.files_checked))
    if args.format in ("json", "sarif"):
        print(Summary.of(diagnostics, outcome.files_checked).line(), file=sys.stderr)
    if any(d.code in UNREADABLE for d in diagnostics):
        return 2  # bad input, as the README promises: the file could not be read as YAML at all
    return 1 if any(d.severity == Severity.error for d in diagnostics) else 0


#: Findings that mean a file could not be read as an entry at all (exit 2, not 1).
UNREADABLE = frozenset({"Y101", "Y102", "Y103", "Y104", "Y105", "Y106", "Y113", "Y114", "Y115", "Y116", "Y117", "Y118"})


def rules_markdown() -> str:
    """The rule table of docs/validation.md, generated from the registry."""
    out: list[str] = []
    for prefix, family in FAMILIES.items():
        out += [f"### {prefix} — {family}", "", "| code | severity | fixable | rule |", "| --- | --- | --- | --- |"]
        for r in rules():
            if r.code.startswith(prefix):
                out.append(f"| `{r.code}` | {r.severity.value} | {'yes' if r.fixable else ''} | {r.description} |")
        out.append("")
    return "\n".join(out)


def run_rules(args: argparse.Namespace) -> int:
    if args.format in ("json", "sarif"):
        data = [
            {
                "code": r.code,
                "family": r.family,
                "severity": r.severity.value,
                "fixable": r.fixable,
                "description": r.description,
            }
            for r in rules()
        ]
        print(json.dumps(data, ensure_ascii=False, indent=2))
    elif args.format == "markdown":
        print(rules_markdown(), end="")
    else:
        for r in rules():
            print(f"{r.code}  {r.severity.value:<7}  {r.description}{' [fixable]' if r.fixable else ''}")
    return 0
