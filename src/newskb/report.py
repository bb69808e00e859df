"""Diagnostics as people and machines read them: text, JSON, GitHub workflow annotations, SARIF.

Every format ends with a summary of totals. Text is the compiler/linter line
(`file:line:col: severity CODE message`), greppable and clickable in editors.
JSON carries the same fields plus the summary, for tools. GitHub annotations
put findings on the changed lines of a pull request; GitHub shows only the
first ten annotations of each kind per step, so the summary line states the
totals, and when the step summary file is available every finding is written
there as a table too. SARIF 2.1.0 is what GitHub code scanning (and editors'
SARIF viewers) ingest: every rule of the registry with its description and
default level, every finding with its file, line and column.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .diagnostics import Diagnostic, Severity


@dataclass(frozen=True)
class Summary:
    errors: int
    warnings: int
    files_with_findings: int
    files_checked: int

    @classmethod
    def of(cls, diagnostics: Sequence[Diagnostic], files_checked: int) -> Summary:
        return cls(
            errors=sum(d.severity == Severity.error for d in diagnostics),
            warnings=sum(d.severity == Severity.warning for d in diagnostics),
            files_with_findings=len({d.path for d in diagnostics}),
            files_checked=files_checked,
        )

    def line(self) -> str:
        def plural(n: int, word: str) -> str:
            return f"{n} {word}{'' if n == 1 else 's'}"

        if not self.errors and not self.warnings:
            return f"All checks passed: {plural(self.files_checked, 'file')} checked, no findings."
        return (
            f"Found {plural(self.errors, 'error')} and {plural(self.warnings, 'warning')} "
            f"in {plural(self.files_with_findings, 'file')} ({self.files_checked} checked)."
        )


def format_text(diagnostics: Sequence[Diagnostic], files_checked: int) -> str:
    lines = [d.render() for d in diagnostics]
    lines.append(Summary.of(diagnostics, files_checked).line())
    return "\n".join(lines) + "\n"


def format_json(diagnostics: Sequence[Diagnostic], files_checked: int) -> str:
    summary = Summary.of(diagnostics, files_checked)
    doc = {
        "diagnostics": [
            {
                "path": d.path,
                "line": d.line,
                "column": d.column,
                "severity": d.severity.value,
                "code": d.code,
                "message": d.message,
                "fix": d.fix,
            }
            for d in diagnostics
        ],
        "summary": {
            "errors": summary.errors,
            "warnings": summary.warnings,
            "files_with_findings": summary.files_with_findings,
            "files_checked": summary.files_checked,
            "text": summary.line(),
        },
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(d: Diagnostic) -> str:
    level = "error" if d.severity == Severity.error else "warning"
    props = f"file={_escape_property(d.path)},line={d.line},col={d.column},title={_escape_property('newskb ' + d.code)}"
    message = d.message + (f" (fix: {d.fix})" if d.fix else "")
    return f"::{level} {props}::{_escape_data(message)}"


def step_summary(diagnostics: Sequence[Diagnostic], files_checked: int) -> str:
    """Markdown for $GITHUB_STEP_SUMMARY: every finding, not only the ten GitHub annotates."""
    out = ["## newskb validate", "", Summary.of(diagnostics, files_checked).line(), ""]
    if diagnostics:
        out += ["| location | severity | code | message |", "| --- | --- | --- | --- |"]
        for d in diagnostics:
            msg = d.message.replace("|", "\\|")
            out.append(f"| `{d.path}:{d.line}:{d.column}` | {d.severity.value} | {d.code} | {msg} |")
    return "\n".join(out) + "\n"


def format_github(diagnostics: Sequence[Diagnostic], files_checked: int) -> str:
    lines = [github_annotation(d) for d in diagnostics]
    lines.append(Summary.of(diagnostics, files_checked).line())
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if target:
        try:
            with open(target, "a", encoding="utf-8") as fh:
                fh.write(step_summary(diagnostics, files_checked))
        except OSError:
            pass  # the summary file is a convenience; annotations are the report
    return "\n".join(lines) + "\n"


SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SARIF_LEVEL = {Severity.error: "error", Severity.warning: "warning"}


def _artifact_uri(path: str) -> dict[str, str]:
    """A finding's file as SARIF wants it: a relative URI under %SRCROOT% (the repository), else a file: URI."""
    from pathlib import Path
    from urllib.parse import quote

    p = Path(path)
    if p.is_absolute():
        return {"uri": p.as_uri()}
    return {"uri": quote(p.as_posix(), safe="/"), "uriBaseId": "%SRCROOT%"}


def sarif_log(diagnostics: Sequence[Diagnostic], files_checked: int) -> dict:
    """The SARIF 2.1.0 log (a dict): one run, the rule registry as the driver's rules."""
    from . import __version__, validate  # noqa: F401 - importing validate registers every rule
    from .validate.registry import FAMILIES, rules

    descriptors: list[dict] = []
    index: dict[str, int] = {}
    for r in rules():
        index[r.code] = len(descriptors)
        descriptors.append(
            {
                "id": r.code,
                "shortDescription": {"text": r.description},
                "fullDescription": {"text": f"{r.family}: {r.description}" + (" (fixable with --fix)" if r.fixable else "")},
                "defaultConfiguration": {"level": SARIF_LEVEL[r.severity]},
                "properties": {"tags": [r.family]},
            }
        )
    results = []
    for d in diagnostics:
        if d.code not in index:  # not in the registry (should not happen): still reported, described by itself
            index[d.code] = len(descriptors)
            family = FAMILIES.get(d.code[:1], "newskb")
            descriptors.append({"id": d.code, "shortDescription": {"text": d.code}, "properties": {"tags": [family]}})
        message = d.message + (f" (fix: {d.fix})" if d.fix else "")
        results.append(
            {
                "ruleId": d.code,
                "ruleIndex": index[d.code],
                "level": SARIF_LEVEL[d.severity],
                "message": {"text": message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": _artifact_uri(d.path),
                            "region": {"startLine": max(1, d.line), "startColumn": max(1, d.column)},
                        }
                    }
                ],
            }
        )
    summary = Summary.of(diagnostics, files_checked)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "newskb",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": descriptors,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
                "properties": {"filesChecked": summary.files_checked, "summary": summary.line()},
            }
        ],
    }


def format_sarif(diagnostics: Sequence[Diagnostic], files_checked: int) -> str:
    return json.dumps(sarif_log(diagnostics, files_checked), ensure_ascii=False, indent=2) + "\n"


FORMATS: dict[str, Callable[[Sequence[Diagnostic], int], str]] = {
    "text": format_text,
    "json": format_json,
    "github": format_github,
    "sarif": format_sarif,
}
