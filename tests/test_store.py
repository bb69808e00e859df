"""YAML in and out: safe parsing with positions, canonical greppable dumping, atomic writes."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from pathlib import Path

import pytest

from loader_support import ENTRIES
from newskb import store
from newskb.errors import InputError
from newskb.models import FILE_MODELS, Anchor, Quantity, Quote, StatementText
from newskb.store import Flow, dump_yaml, parse_yaml, read_yaml, schema_ref, to_data, write_atomic

REGISTRY_KIND = {
    "people.yaml": "people",
    "organizations.yaml": "organizations",
    "products.yaml": "products",
    "tags.yaml": "tags",
}


def entry_kind(path: Path) -> str:
    if path.parent == ENTRIES:
        return REGISTRY_KIND[path.name]
    return {"sources": "source", "stories": "story"}[path.parent.name]


ENTRY_FILES = sorted(p for p in ENTRIES.rglob("*.yaml") if store.SCHEMA_DIR not in p.parts)


def test_the_repository_has_entry_files_of_every_kind():
    kinds = {entry_kind(p) for p in ENTRY_FILES}
    assert kinds == {"people", "organizations", "products", "tags", "source", "story"}


# --- load-then-dump is byte-identical ---------------------------------------------------


@pytest.mark.parametrize("path", ENTRY_FILES, ids=lambda p: str(p.relative_to(ENTRIES)))
def test_shipped_entry_round_trips_byte_for_byte(path):
    kind = entry_kind(path)
    model = FILE_MODELS[kind].model_validate(read_yaml(path).data)
    text = dump_yaml(to_data(model), schema_ref(path, kind, ENTRIES))
    assert text.encode("utf-8") == path.read_bytes()


@pytest.mark.parametrize("path", ENTRY_FILES, ids=lambda p: str(p.relative_to(ENTRIES)))
def test_entry_starts_with_a_schema_header_that_resolves_to_a_file(path):
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    m = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert m, first
    target = (path.parent / m.group(1)).resolve()
    assert target.is_file()
    assert target.name == f"{entry_kind(path)}.schema.json"


@pytest.mark.parametrize("path", [p for p in ENTRY_FILES if p.parent.name == "stories"], ids=lambda p: p.name)
def test_every_quote_is_on_one_line_of_its_file_unescaped(path):
    raw = path.read_text(encoding="utf-8")
    assert "\\u" not in raw and "\\x" not in raw, "Japanese must not be escaped"
    lines = raw.splitlines()
    story = FILE_MODELS["story"].model_validate(read_yaml(path).data)
    for quote in story.quotes:
        assert any(quote.text.ja in line for line in lines), quote.id
    for claim in story.claims:
        assert any(claim.text.ja in line for line in lines), claim.id


def test_grep_finds_the_three_mile_island_story():
    result = subprocess.run(
        ["grep", "-rn", "スリーマイル", "entries/"], cwd=ENTRIES.parent, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    files = {line.split(":", 1)[0] for line in result.stdout.splitlines()}
    assert any(f.startswith("entries/stories/") for f in files), files


# --- dumping ------------------------------------------------------------------------------


def test_dump_keeps_japanese_unescaped_and_long_lines_unfolded():
    long = "これは折り返されてはいけないとても長い日本語の文です。" * 20
    text = dump_yaml({"ja": long})
    assert text == f"ja: {long}\n"


def test_dump_writes_multiline_text_as_a_literal_block():
    assert dump_yaml({"note": "一行目\n二行目"}) == "note: |-\n  一行目\n  二行目\n"


def test_dump_never_emits_anchors_for_shared_objects():
    shared = {"a": 1}
    text = dump_yaml({"x": shared, "y": shared})
    assert "&" not in text and "*" not in text


def test_dump_adds_the_schema_header_first():
    assert dump_yaml({"id": "x"}, "../_schema/story.schema.json") == (
        "# yaml-language-server: $schema=../_schema/story.schema.json\nid: x\n"
    )


def test_to_data_keeps_model_order_drops_empty_and_puts_small_records_on_one_line():
    quote = Quote(
        id="q", speaker="unknown", text=StatementText(ja="発言"), anchor=Anchor(line=3, start=10, end=12, prefix="「")
    )
    data = to_data(quote)
    assert list(data) == ["id", "speaker", "attribution", "text", "anchor"]  # via/en_is/... omitted
    assert isinstance(data["anchor"], Flow)
    assert dump_yaml(data).splitlines()[-1] == "anchor: {line: 3, start: 10, end: 12, prefix: 「, suffix: ''}"


def test_to_data_writes_enum_values_and_integral_numbers():
    q = Quantity(as_written="2〜3年", value=2, high=3, unit="year")
    assert (
        dump_yaml({"q": to_data(q)}) == "q: {as_written: 2〜3年, value: 2, high: 3, unit: year, approximate: false}\n"
    )


def test_dates_are_dumped_as_iso_dates_and_read_back_as_dates(tmp_path):
    text = dump_yaml({"date": dt.date(2024, 9, 20)})
    assert text == "date: 2024-09-20\n"
    assert parse_yaml(text, tmp_path / "x.yaml").data == {"date": dt.date(2024, 9, 20)}


def test_schema_ref_is_relative_to_the_entry(tmp_path):
    root = tmp_path / "entries"
    assert schema_ref(root / "stories" / "a.yaml", "story", root) == "../_schema/story.schema.json"
    assert schema_ref(root / "people.yaml", "people", root) == "_schema/people.schema.json"


# --- parsing --------------------------------------------------------------------------------


def _parse_error(text: str, tmp_path: Path) -> InputError:
    with pytest.raises(InputError) as info:
        parse_yaml(text, tmp_path / "e.yaml")
    return info.value


def test_positions_of_values_are_recorded(tmp_path):
    doc = parse_yaml("id: a\nquotes:\n- id: q1\n  speaker: x\n", tmp_path / "e.yaml")
    assert doc.position(("quotes", 0, "speaker")) == (4, 12)
    assert doc.key_marks[("quotes", 0, "speaker")] == (4, 3)
    assert doc.position(("quotes", 0, "missing")) == (3, 3)  # nearest parent


def test_duplicate_key_names_the_line_of_the_second_key(tmp_path):
    err = _parse_error("id: a\nsource: s\nid: b\n", tmp_path)
    assert err.line == 3
    assert "duplicate key 'id'" in err.message and "line 1" in err.message


def test_nested_duplicate_key_is_found_too(tmp_path):
    err = _parse_error("text:\n  ja: あ\n  en: a\n  ja: い\n", tmp_path)
    assert err.line == 4


def test_alias_bomb_is_refused(tmp_path):
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for name, prev in zip("bcdefghi", "abcdefgh"):
        bomb += f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]\n"
    err = _parse_error(bomb, tmp_path)
    assert "aliases are not allowed" in err.message


def test_a_single_alias_is_refused(tmp_path):
    err = _parse_error("a: &x hello\nb: *x\n", tmp_path)
    assert "aliases" in err.message


def test_merge_keys_are_refused(tmp_path):
    err = _parse_error("base: {a: 1}\nother:\n  <<: {a: 1}\n", tmp_path)
    assert "merge keys" in err.message
    assert err.line == 3


def test_syntax_error_names_line_and_column(tmp_path):
    err = _parse_error("id: a\nlist: [1, 2\nnext: x\n", tmp_path)
    assert err.line is not None and err.line >= 2
    assert "YAML syntax error" in err.message


def test_yaml_11_implicit_conversions_are_noted(tmp_path):
    doc = parse_yaml("time: 12:30\nflag: no\nquoted: 'no'\nreal: true\nn: 3\n", tmp_path / "e.yaml")
    noted = {i.path: (i.written, i.became) for i in doc.implicit}
    assert noted == {("time",): ("12:30", 750), ("flag",): ("no", False)}


def test_impossible_date_is_kept_as_text_for_the_schema_to_report(tmp_path):
    assert parse_yaml("date: 2024-02-30\n", tmp_path / "e.yaml").data == {"date": "2024-02-30"}


def test_empty_document_has_no_data(tmp_path):
    assert parse_yaml("# only a comment\n", tmp_path / "e.yaml").data is None


def test_read_yaml_refuses_non_utf8_naming_the_line(tmp_path):
    path = tmp_path / "e.yaml"
    path.write_bytes(b"id: a\ntitle: " + "発言".encode("shift_jis") + b"\n")
    with pytest.raises(InputError) as info:
        read_yaml(path)
    assert info.value.line == 2


def test_read_yaml_tolerates_a_bom(tmp_path):
    path = tmp_path / "e.yaml"
    path.write_bytes(b"\xef\xbb\xbfid: a\n")
    assert read_yaml(path).data == {"id": "a"}


def test_read_yaml_refuses_oversized_files(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "MAX_ENTRY_BYTES", 4)
    path = tmp_path / "e.yaml"
    path.write_text("id: abcdef\n", encoding="utf-8")
    with pytest.raises(InputError, match="limit"):
        read_yaml(path)


def test_read_yaml_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such entry file"):
        read_yaml(tmp_path / "nope.yaml")


# --- writing ---------------------------------------------------------------------------------


def test_write_atomic_leaves_an_identical_file_untouched(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("id: a\n", encoding="utf-8")
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    assert write_atomic(path, "id: a\n") is False
    assert path.stat().st_mtime_ns == 1_000_000_000


def test_write_atomic_replaces_a_different_file_and_leaves_no_temporaries(tmp_path):
    path = tmp_path / "sub" / "a.yaml"
    assert write_atomic(path, "id: あ\n") is True
    assert path.read_bytes() == "id: あ\n".encode()
    assert write_atomic(path, "id: い\n") is True
    assert path.read_text(encoding="utf-8") == "id: い\n"
    assert sorted(p.name for p in path.parent.iterdir()) == ["a.yaml"]


def test_write_atomic_gives_new_files_the_umask_mode_and_keeps_an_existing_mode(tmp_path):
    umask = os.umask(0o022)
    try:
        new = tmp_path / "new.yaml"
        write_atomic(new, "a: 1\n")
        assert new.stat().st_mode & 0o777 == 0o644
        old = tmp_path / "old.yaml"
        old.write_text("a: 1\n")
        old.chmod(0o640)
        write_atomic(old, "a: 2\n")
        assert old.stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(umask)


# --- the parse cache ------------------------------------------------------------


def test_parse_cache_returns_the_same_data_and_skips_parsing(tmp_path, monkeypatch):
    from newskb import store

    entry = tmp_path / "e.yaml"
    entry.write_text("id: a\nwhen: 2024-09-20\nitems: [1, 2]\n", encoding="utf-8")
    cache = store.ParseCache(tmp_path / "cache")
    first = store.read_yaml(entry, cache)
    calls = []
    monkeypatch.setattr(store, "parse_yaml", lambda *a, **k: calls.append(a))
    second = store.read_yaml(entry, cache)
    assert calls == [], "an unchanged file must not be parsed again"
    assert second.data == first.data
    assert second.position(("items", 1)) == (3, 12)  # positions still come from the file


def test_parse_cache_misses_when_the_bytes_change(tmp_path):
    from newskb import store

    entry = tmp_path / "e.yaml"
    cache = store.ParseCache(tmp_path / "cache")
    entry.write_text("id: a\n", encoding="utf-8")
    store.read_yaml(entry, cache)
    entry.write_text("id: b\n", encoding="utf-8")
    assert store.read_yaml(entry, cache).data == {"id": "b"}


def test_parse_cache_never_stores_a_file_with_something_to_report(tmp_path):
    from newskb import store

    entry = tmp_path / "e.yaml"
    entry.write_text("time: 12:30\n", encoding="utf-8")  # YAML 1.1 reads this as 750
    cache = store.ParseCache(tmp_path / "cache")
    assert store.read_yaml(entry, cache).implicit
    assert store.read_yaml(entry, cache).implicit, "the warning must survive a second read"
    assert not [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]


def test_a_tampered_parse_cache_entry_is_a_miss_not_code(tmp_path):
    import os
    import pickle

    from newskb import store

    entry = tmp_path / "e.yaml"
    entry.write_text("id: a\n", encoding="utf-8")
    cache = store.ParseCache(tmp_path / "cache")
    store.read_yaml(entry, cache)
    key = cache.key(store.content_digest(entry.read_bytes()))
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    cache._path(key).write_bytes(pickle.dumps(Evil()))
    assert store.read_yaml(entry, cache).data == {"id": "a"}
    assert not marker.exists()


def test_the_parse_cache_is_json_that_gives_back_the_same_data_and_types(tmp_path):
    import datetime as dt
    import json

    from newskb import store

    entry = tmp_path / "e.yaml"
    entry.write_text("id: a\ndate: 2024-09-20\nn: 3\nf: 1.5\nok: true\nl:\n- x\n", encoding="utf-8")
    cache = store.ParseCache(tmp_path / "cache")
    first = store.read_yaml(entry, cache).data
    key = cache.key(store.content_digest(entry.read_bytes()))
    stored = json.loads(cache._path(key).read_text(encoding="utf-8"))  # plain JSON, readable by anything
    assert stored["key"] == key
    again = store.read_yaml(entry, cache).data
    assert again == first and type(again["date"]) is dt.date and type(again["n"]) is int


def test_a_parse_cache_entry_stored_under_another_key_or_with_a_bad_tag_is_a_miss(tmp_path, capsys):
    import json

    from newskb import store

    entry = tmp_path / "e.yaml"
    entry.write_text("id: a\n", encoding="utf-8")
    cache = store.ParseCache(tmp_path / "cache")
    key = cache.key(store.content_digest(entry.read_bytes()))
    path = cache._path(key)
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"key": "other", "data": {"id": "planted"}}), encoding="utf-8")
    assert store.read_yaml(entry, cache).data == {"id": "a"}
    path.write_text(json.dumps({"key": key, "data": {"id": {"\u0000t": "python", "v": "os.system"}}}), encoding="utf-8")
    assert store.read_yaml(entry, cache).data == {"id": "a"}
    assert "cache ignored" in capsys.readouterr().err


@pytest.mark.parametrize(
    "text, invisible",
    [
        ("title: plain text, 日本語\n", False),
        ("title: 'a \\x41 is not an escape here'\n", False),
        ('title: "\\xe9 writes no invisible character"\n', False),
        ("title: a\u202eb\n", True),  # raw, as the text holds it
        ("title: zero\u200bwidth\n", True),
        ('title: "\\u2066"\n', True),  # an escape that writes one
        ('title: "\\U0000202E"\n', True),
        ("# a comment \u200f\ntitle: x\n", True),  # anywhere in the text: a cheap check errs towards looking
    ],
)
def test_read_yaml_notes_whether_the_text_can_hold_an_invisible_character(tmp_path, text, invisible):
    path = tmp_path / "e.yaml"
    path.write_text(text, encoding="utf-8")
    assert store.read_yaml(path).invisible is invisible
    cache = store.ParseCache(tmp_path / "cache")
    store.read_yaml(path, cache)
    assert store.read_yaml(path, cache).invisible is invisible  # a cache hit too (the text is read anyway)
