"""`newskb validate` as CI uses it: formats, summary, exit codes, --strict, --fix, `newskb rules`, docs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from newskb.validate import RULES
from newskb.validate.command import rules_markdown
from validate_support import STORY1, STORY2, TODAY, copy_clean, replace, run

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def kb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy_clean(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSKB_TODAY", TODAY)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return tmp_path


def break_three_ways() -> None:
    """Errors in two files and one warning."""
    replace(
        STORY1, "20年間の研究", "21年間の研究"
    )  # Q201; so the statement is uncovered (Q204) and 21 ≠ 20 years (B502)
    replace(STORY2, "speaker: hanako-suzuki", "speaker: taro-yamada")  # S302
    replace(STORY1, "value: 6600000000", "value: 12:30")  # Y120 (a warning: 750 is still a number)


def test_clean_exits_0_with_a_summary(kb: Path) -> None:
    result = run("validate")
    assert result.code == 0
    assert result.out.splitlines() == ["All checks passed: 8 files checked, no findings."]


def test_text_format_is_file_line_col_severity_code_message_sorted(kb: Path) -> None:
    break_three_ways()
    result = run("validate")
    assert result.code == 1
    *lines, summary = result.out.splitlines()
    pattern = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (error|warning) (?P<code>[A-Z]\d{3}) .+$")
    keys = []
    for line in lines:
        m = pattern.match(line)
        assert m, line
        keys.append((m["file"], int(m["line"]), int(m["col"]), m["code"]))
    assert keys == sorted(keys)
    assert {k[3] for k in keys} == {"Q201", "Q204", "B502", "S302", "Y120"}
    assert summary == "Found 4 errors and 1 warning in 2 files (8 checked)."
    assert run("validate").out == result.out  # stable


def test_json_format_parses_and_carries_the_summary(kb: Path) -> None:
    break_three_ways()
    result = run("validate", "--format", "json")
    doc = json.loads(result.out)
    assert result.code == 1
    assert {"path", "line", "column", "severity", "code", "message", "fix"} <= set(doc["diagnostics"][0])
    assert doc["summary"]["errors"] == sum(d["severity"] == "error" for d in doc["diagnostics"])
    assert doc["summary"]["warnings"] == 1
    assert result.err.strip() == doc["summary"]["text"]


def test_github_format_annotates_and_ends_with_totals(kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    summary_file = kb / "step-summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary_file))
    break_three_ways()
    result = run("validate", "--format", "github")
    *annotations, last = result.out.splitlines()
    assert result.code == 1
    assert annotations and all(
        re.match(r"^::(error|warning) file=[^,]+,line=\d+,col=\d+,title=newskb [A-Z]\d{3}::", a) for a in annotations
    )
    assert any(a.startswith("::warning ") and "Y120" in a for a in annotations)
    assert last.startswith("Found ") and "1 warning" in last
    assert "| location | severity | code | message |" in summary_file.read_text()


def test_github_annotations_escape_newlines_and_percent() -> None:
    from newskb.diagnostics import Diagnostic
    from newskb.report import github_annotation

    line = github_annotation(Diagnostic("a,b:c.yaml", 1, 2, "Q201", "100% wrong\nsecond line"))
    assert line == "::error file=a%2Cb%3Ac.yaml,line=1,col=2,title=newskb Q201::100%25 wrong%0Asecond line"


def test_strict_turns_warnings_into_errors(kb: Path) -> None:
    replace(STORY1, "date: 2024-09-20\n", "")  # D406 warning (+ R606 warning)
    assert run("validate").code == 0
    strict = run("validate", "--strict")
    assert strict.code == 1 and " error D406 " in strict.out


def test_select_and_ignore(kb: Path) -> None:
    break_three_ways()
    assert {d["code"] for d in json.loads(run("validate", "--format", "json", "--select", "Q").out)["diagnostics"]} == {
        "Q201",
        "Q204",
    }
    ignored = json.loads(run("validate", "--format", "json", "--ignore", "Q,S,Y").out)["diagnostics"]
    assert not [d for d in ignored if d["code"][0] in "QSY"]


@pytest.mark.parametrize(
    "args, env",
    [
        (("validate", "--entries", "no-such-dir"), {}),
        (("validate", "--select", "Z9"), {}),
        (("validate", "--format", "xml"), {}),
        (("validate",), {"NEWSKB_TODAY": "2024-13-01"}),
    ],
)
def test_usage_and_input_errors_exit_2_with_one_line(kb: Path, monkeypatch: pytest.MonkeyPatch, args, env) -> None:  # type: ignore[no-untyped-def]
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    result = run(*args)
    assert result.code == 2
    assert "Traceback" not in result.err and result.out == ""


def test_fix_rewrites_drifted_anchors_only_and_says_so(kb: Path) -> None:
    before = Path(STORY1).read_text(encoding="utf-8")
    replace(STORY1, "start: 138, end: 169", "start: 1, end: 9")
    replace(STORY1, "prefix: 「, suffix: 」}", "prefix: x, suffix: y}")
    result = run("validate", "--fix")
    assert result.code == 0, result.out
    assert Path(STORY1).read_text(encoding="utf-8") == before
    assert "fixed" in result.err and "taro-yamada-l5" in result.err and "taro-yamada-l6" in result.err


def test_fix_adds_a_missing_anchor_and_never_touches_text(kb: Path) -> None:
    before = Path(STORY1).read_text(encoding="utf-8")
    text = re.sub(r"\n  anchor: \{line: 5, [^\n]*", "", before, count=1)
    text = text.replace("20年間の研究", "21年間の研究")  # a text error --fix must leave alone
    Path(STORY1).write_text(text, encoding="utf-8")
    result = run("validate", "--fix")
    after = Path(STORY1).read_text(encoding="utf-8")
    assert "21年間の研究" in after
    assert result.code == 1 and "Q201" in result.out
    assert "anchor added" not in result.err  # the text is not in the source: nothing to anchor it to


def test_fix_adds_an_anchor_when_the_text_is_found(kb: Path) -> None:
    before = Path(STORY1).read_text(encoding="utf-8")
    Path(STORY1).write_text(re.sub(r"\n  anchor: \{line: 5, [^\n]*", "", before, count=1), encoding="utf-8")
    result = run("validate", "--fix")
    assert result.code == 0 and "anchor added" in result.err
    assert Path(STORY1).read_text(encoding="utf-8") == before


def test_rules_lists_every_rule_once() -> None:
    result = run("rules")
    listed = [line.split()[0] for line in result.out.splitlines()]
    assert result.code == 0 and listed == sorted(RULES, key=lambda c: ("YQSDBRC".index(c[0]), c))
    assert len(json.loads(run("rules", "--format", "json").out)) == len(RULES)


def test_docs_list_every_rule_as_generated_from_the_registry() -> None:
    doc = (REPO / "docs" / "validation.md").read_text(encoding="utf-8")
    section = doc.split("<!-- rules -->\n", 1)[1].split("<!-- /rules -->", 1)[0]
    assert section == rules_markdown(), "docs/validation.md is stale: regenerate with `newskb rules --format markdown`"
    for code in RULES:
        assert f"`{code}`" in section


def test_pre_commit_hook_runs_validate() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "newskb-validate")
    assert hook["entry"].startswith("newskb validate") and hook["pass_filenames"] is False
