"""The validator gives the reader's schema errors their codes, from the error's type and path (no message matching)."""

from __future__ import annotations

import pytest

from newskb.kb import SchemaError
from newskb.validate.yaml_rules import reader_finding, schema_code


def error(kind: str, *loc: str | int, detail: str = "whatever pydantic says") -> SchemaError:
    return SchemaError("entries/x.yaml", 3, 5, kind, loc, detail)


@pytest.mark.parametrize(
    ("err", "code"),
    [
        (error("extra_forbidden", "titel"), "Y110"),
        (error("missing", "quotes", 0, "speaker"), "Y111"),
        (error("missing", "claims", 1, "review", "verdict"), "C701"),
        (error("missing", "date"), "Y111"),  # a missing date is a missing field, not a wrong date
        (error("date_from_datetime_parsing", "date"), "D401"),
        (error("int_parsing", "published", "earliest"), "D401"),
        (error("string_pattern_mismatch", "claims", 0, "by"), "R602"),
        (error("string_pattern_mismatch", "people", 2), "R602"),
        (error("string_pattern_mismatch", "title", "en"), "Y112"),  # a pattern, but not an id
        (error("value_error", "claims", 0, "review", "sources", 0, "url"), "C703"),
        (error("string_type", "claims", 0, "review", "sources", 0, "url"), "Y112"),
        (error("int_parsing", "segment", "index"), "Y112"),
    ],
)
def test_schema_codes_follow_the_kind_and_path_of_the_error(err: SchemaError, code: str) -> None:
    assert schema_code(err) == code
    finding = reader_finding(err)
    assert (finding.path, finding.line, finding.column, finding.code) == ("entries/x.yaml", 3, 5, code)


def test_messages_say_what_and_where() -> None:
    assert reader_finding(error("missing", "source")).message == "missing required field `source`"
    assert reader_finding(error("int_parsing", "segment", "index", detail="bad")).message == "`segment.index`: bad"
    assert reader_finding(error("date_type", "date", detail="bad")).message == (
        "`date` is not a real calendar date in ISO 8601 (YYYY-MM-DD): bad"
    )
