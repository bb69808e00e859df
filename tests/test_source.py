"""Reading a transcript: decoding, normalisation, line structure, note.com metadata."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loader_support import write_transcript
from newskb import source as source_mod
from newskb.errors import InputError
from newskb.source import decode, normalize_for_match, read_source

# --- the real transcript ------------------------------------------------------------


def test_real_transcript_has_60_lines_and_its_title_is_line_1(seed_source, seed_lines):
    assert len(seed_lines) == 60
    assert len(seed_source.lines) == 60
    assert seed_source.title == "マイクロソフトの原子力発電AIや! ロボット工学の「GPT-3の瞬間」、元OpenAI従業員の告発"
    assert seed_source.title == seed_lines[0]


def test_real_transcript_declares_6491_characters_on_line_2(seed_source, seed_lines):
    assert seed_lines[1] == "6,491 文字"
    assert seed_source.declared_length == 6491


def test_note_com_footer_is_recognised_and_excluded_from_the_body(seed_source, seed_lines):
    assert seed_lines[59] == "この記事が気に入ったらサポートをしてみませんか?"
    assert seed_source.has_footer
    assert seed_source.body_lines == range(3, 60)  # lines 3..59


def test_declared_length_equals_narration_length_without_line_breaks(seed_source, seed_lines):
    # note.com counts the characters of the body (lines 3-59) without newlines.
    independent = sum(len(line) for line in seed_lines[2:59])
    assert independent == 6491
    assert seed_source.body_length == independent == seed_source.declared_length


def test_sha256_is_of_the_file_bytes(seed_source, seed_path):
    assert seed_source.sha256 == hashlib.sha256(seed_path.read_bytes()).hexdigest()


def test_source_id_is_the_file_stem(seed_source):
    assert seed_source.id == "000_e554cb74c4a6e450"


def test_line_and_column_of_an_offset(seed_source, seed_lines):
    # The first 「 of line 7 (Joe Dominguez's quote), located by hand.
    line7 = seed_lines[6]
    col = line7.index("「") + 1
    offset = sum(len(line) + 1 for line in seed_lines[:6]) + col - 1
    assert seed_source.text[offset] == "「"
    assert seed_source.line_of(offset) == 7
    assert seed_source.column_of(offset) == col
    assert seed_source.line(7) == line7


def test_line_starts_are_offsets_of_each_line(seed_source):
    for n, start in enumerate(seed_source.line_starts, 1):
        assert seed_source.text[start:].split("\n", 1)[0] == seed_source.line(n)
        assert seed_source.line_of(start) == n


# --- tolerated encodings ---------------------------------------------------------------


def _variant(tmp_path: Path, seed_path: Path, name: str, transform) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path / f"{name}.txt"
    path.write_bytes(transform(seed_path.read_bytes()))
    return path


@pytest.mark.parametrize(
    "name, transform",
    [
        ("bom", lambda b: b"\xef\xbb\xbf" + b),
        ("crlf", lambda b: b.replace(b"\n", b"\r\n")),
        ("bom_crlf", lambda b: b"\xef\xbb\xbf" + b.replace(b"\n", b"\r\n")),
        ("cr", lambda b: b.replace(b"\n", b"\r")),
        ("final_newlines", lambda b: b + b"\n\n"),
    ],
)
def test_bom_and_crlf_give_the_same_text_and_offsets_as_lf(tmp_path, seed_path, seed_source, name, transform):
    other = read_source(_variant(tmp_path, seed_path, name, transform))
    assert other.text == seed_source.text
    assert other.line_starts == seed_source.line_starts
    assert other.body_length == seed_source.body_length == 6491
    assert other.declared_length == 6491
    assert other.body_lines == seed_source.body_lines


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.characters(blacklist_characters="\r\n\x00\ufeff", codec="utf-8"), max_size=12),
        min_size=1,
        max_size=8,
    )
)
def test_line_endings_and_bom_never_change_the_decoded_text(lines):
    lf = "\n".join(lines).encode("utf-8")
    if not lf.strip() or not "\n".join(lines).strip():
        return  # empty transcripts are refused; covered below
    expected = decode(lf, Path("x.txt"))
    assert decode(lf.replace(b"\n", b"\r\n"), Path("x.txt")) == expected
    assert decode(b"\xef\xbb\xbf" + lf, Path("x.txt")) == expected
    assert "\r" not in expected and not expected.startswith("\ufeff")


# --- refused input ------------------------------------------------------------------------


def _error(path: Path) -> InputError:
    with pytest.raises(InputError) as info:
        read_source(path)
    assert str(path) in info.value.render()
    assert "\n" not in info.value.render()
    return info.value


def test_missing_transcript_is_an_input_error_naming_the_file(tmp_path):
    err = _error(tmp_path / "nope.txt")
    assert "no such transcript" in err.message


def test_directory_is_not_a_transcript(tmp_path):
    assert "directory" in _error(tmp_path).message


@pytest.mark.parametrize("data", [b"", b"\n\n", b"   \r\n\t", b"\xef\xbb\xbf", b"\xef\xbb\xbf\r\n \n"])
def test_empty_transcript_is_refused(tmp_path, data):
    path = tmp_path / "empty.txt"
    path.write_bytes(data)
    assert "empty" in _error(path).message


def test_binary_transcript_is_refused_naming_the_line_of_the_first_nul(tmp_path):
    path = tmp_path / "bin.txt"
    path.write_bytes("タイトル\n本文\n".encode() + b"\x00\x01\x02")
    err = _error(path)
    assert "binary" in err.message
    assert err.line == 3


def test_shift_jis_transcript_is_refused_naming_the_line(tmp_path):
    path = tmp_path / "sjis.txt"
    path.write_bytes("title\n6 文字\n".encode() + "原子力発電".encode("shift_jis") + b"\n")
    err = _error(path)
    assert "UTF-8" in err.message
    assert err.line == 3
    assert err.render().startswith(f"{path}:3: error:")


def test_oversized_transcript_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(source_mod, "MAX_SOURCE_BYTES", 10)
    path = tmp_path / "big.txt"
    path.write_text("タイトル\n" + "あ" * 10, encoding="utf-8")
    assert "limit" in _error(path).message


# --- structure of synthetic transcripts ---------------------------------------------------


def test_transcript_without_header_or_footer_has_body_from_line_2(tmp_path):
    src = read_source(write_transcript(tmp_path, ["一行目。", "二行目。"], header=False, footer=False))
    assert src.declared_length is None
    assert not src.has_footer
    assert src.body_lines == range(2, 4)
    assert src.body_length == len("一行目。二行目。")


def test_trailing_blank_lines_are_not_body(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("題\n3 文字\nあいう\n\n\n", encoding="utf-8")
    src = read_source(path)
    assert src.body_lines == range(3, 4)
    assert src.body_length == 3


def test_length_header_with_full_width_spacing_variants(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("題\n  12,345文字 \nあ\n", encoding="utf-8")
    assert read_source(path).declared_length == 12345


def test_normalize_for_match_folds_width_and_drops_whitespace():
    assert normalize_for_match("ジム・ファンさん：「ＧＰＴ－３ の 瞬間」") == normalize_for_match(
        "ジム・ファンさん:「GPT-3の瞬間」"
    )
    assert normalize_for_match("a b\tc\n") == "abc"
