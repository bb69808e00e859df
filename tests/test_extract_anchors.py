"""Anchors (extract/anchors.py): where a text sits in the transcript, shared by `load` and `validate`."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from loader_support import SEED, write_transcript
from newskb.extract.anchors import CONTEXT_CHARS, find_text, make_anchor
from newskb.models import Anchor
from newskb.source import read_source

SRC = Path(__file__).resolve().parent.parent / "src" / "newskb"


@pytest.fixture(scope="module")
def seed_src():
    return read_source(SEED)


def test_find_text_prefers_the_occurrence_nearest_the_old_anchor(seed_src):
    # 「GPT-3の瞬間」 occurs twice on line 4 and once on line 30.
    first = find_text(seed_src, "GPT-3の瞬間", None, range(4, 5))
    second = find_text(seed_src, "GPT-3の瞬間", Anchor(line=4, start=first[0] + 40, end=first[0] + 48), None)
    assert seed_src.line_of(first[0]) == seed_src.line_of(second[0]) == 4
    assert second[0] > first[0]
    in_story = find_text(seed_src, "GPT-3の瞬間", None, range(30, 43))
    assert seed_src.line_of(in_story[0]) == 30
    assert find_text(seed_src, "存在しない文", None, None) is None
    assert find_text(seed_src, "", None, None) is None


def test_an_anchors_context_stops_at_its_own_line(tmp_path):
    source = read_source(write_transcript(tmp_path, ["前の行の文章です。", "短い「引用」です。", "次の行の文章です。"]))
    start = source.text.index("引用")
    anchor = make_anchor(source, start, start + 2)
    assert (anchor.line, anchor.prefix, anchor.suffix) == (4, "短い「", "」です。")
    long = read_source(write_transcript(tmp_path, ["あ" * 40 + "目印" + "い" * 40], name="long"))
    at = long.text.index("目印")
    anchor = make_anchor(long, at, at + 2)
    assert anchor.prefix == "あ" * CONTEXT_CHARS and anchor.suffix == "い" * CONTEXT_CHARS


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [(n.module or "", [a.name for a in n.names]) for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]


def test_the_validator_takes_anchors_from_extract_not_from_the_loader():
    for path in sorted((SRC / "validate").glob("*.py")):
        for module, names in _imports(path):
            if module.endswith("loader"):
                assert not {"find_text", "make_anchor"} & set(names), path
    loader = (SRC / "loader.py").read_text(encoding="utf-8")
    assert "def find_text" not in loader and "def make_anchor" not in loader
