"""`newskb validate --format sarif`: SARIF 2.1.0 as GitHub code scanning ingests it.

Validated offline against the OASIS SARIF 2.1.0 JSON Schema vendored in
tests/fixtures/sarif/ (origin in its README), then checked for what GitHub
needs beyond the schema: rule ids with descriptions, levels, regions, and
relative artifact URIs.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import unquote

import jsonschema
import pytest

from newskb.cli import main
from newskb.diagnostics import Diagnostic, Severity
from newskb.report import format_sarif
from newskb.validate.registry import RULES

HERE = Path(__file__).resolve().parent
SCHEMA = json.loads((HERE / "fixtures" / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
CLEAN = HERE / "fixtures" / "validate" / "clean"


def validate(doc: dict) -> None:
    jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(doc)


def test_the_schema_rejects_what_is_not_sarif() -> None:
    """The validator really checks: a log without runs, or a result with a bad level, is refused."""
    with pytest.raises(jsonschema.ValidationError):
        validate({"version": "2.1.0"})
    doc = json.loads(format_sarif([Diagnostic("a.yaml", 1, 1, "Q201", "m")], 1))
    doc["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        validate(doc)


@pytest.fixture
def broken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "kb"
    shutil.copytree(CLEAN, root)
    story = next((root / "entries" / "stories").glob("*.yaml"))
    text = story.read_text(encoding="utf-8")
    story.write_text(text.replace("date: 2024-09-20", "date: 2024-02-30", 1), encoding="utf-8")
    monkeypatch.chdir(root)
    return story


def test_findings_of_a_real_run_validate_and_carry_rule_level_and_region(
    broken: Path, capsys: pytest.CaptureFixture
) -> None:
    assert main(["validate", "--format", "sarif", "--no-cache", "-q"]) == 1
    doc = json.loads(capsys.readouterr().out)
    validate(doc)
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(RULES, key=lambda c: ("YQSDBRC".index(c[0]), c))
    assert all(r["shortDescription"]["text"] == RULES[r["id"]].description for r in rules)
    assert run["results"], "the broken date must be found"
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] == RULES[result["ruleId"]].severity.value
        loc = result["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        path = Path(unquote(loc["artifactLocation"]["uri"]))
        assert not path.is_absolute() and path.is_file()
        assert loc["region"]["startLine"] >= 1 and loc["region"]["startColumn"] >= 1
    dated = [r for r in run["results"] if r["ruleId"] == "D401"]
    assert dated and Path(unquote(dated[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])).name == broken.name
    line = dated[0]["locations"][0]["physicalLocation"]["region"]["startLine"]
    assert "2024-02-30" in broken.read_text(encoding="utf-8").splitlines()[line - 1]


def test_a_clean_run_is_valid_sarif_with_no_results(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    shutil.copytree(CLEAN, tmp_path / "kb")
    monkeypatch.chdir(tmp_path / "kb")
    assert main(["validate", "--format", "sarif", "--no-cache"]) == 0
    doc = json.loads(capsys.readouterr().out)
    validate(doc)
    assert doc["runs"][0]["results"] == []


def test_paths_that_need_escaping_stay_valid_uris() -> None:
    doc = json.loads(
        format_sarif(
            [
                Diagnostic("entries/stories/a b#c.yaml", 3, 5, "Y101", "bad", Severity.error, fix="do x"),
                Diagnostic("/abs/ストーリー.yaml", 0, 0, "Q201", "moved", Severity.warning),
            ],
            2,
        )
    )
    validate(doc)
    results = doc["runs"][0]["results"]
    assert results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "entries/stories/a%20b%23c.yaml"
    assert results[0]["message"]["text"] == "bad (fix: do x)"
    second = results[1]["locations"][0]["physicalLocation"]
    assert second["artifactLocation"]["uri"].startswith("file:///abs/") and "uriBaseId" not in second["artifactLocation"]
    assert second["region"] == {"startLine": 1, "startColumn": 1}
    assert results[1]["level"] == "warning"
