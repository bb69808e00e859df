"""The build manifest is untrusted input: only plain relative page paths are accepted."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError

from newskb.cache import is_plain_relative
from newskb.render.manifest import SitePath

PATHS = [
    "index.html",
    "en/stories/a/index.html",
    "a/.b/c.html",
    "...",
    ".a",
    "..a",
    ".",
    "..",
    "a/../b",
    "a/./b",
    "/etc/hostname",
    "a//b",
    "a/",
    "",
    "a\\b",
    "a\x00b",
    "a/..",
    "../x",
]


@pytest.mark.parametrize("path", PATHS)
def test_a_page_path_is_accepted_exactly_when_it_is_plain_and_relative(path: str) -> None:
    adapter = TypeAdapter(SitePath)
    try:
        adapter.validate_python(path)
        accepted = True
    except ValidationError:
        accepted = False
    assert accepted == is_plain_relative(path)
