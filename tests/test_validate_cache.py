"""The incremental validator and its cache never change results.

`newskb validate` checks a knowledge base one source group at a time, caching
each group's findings by the content hash of its files (see
newskb/validate/engine.py). Whatever the state of the cache — warm,
cold, disabled — and after editing, deleting or breaking files, changing a
registry or a transcript, its output must be exactly that of validating the
whole knowledge base in memory.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import shutil
import sys
from pathlib import Path

import pytest

from newskb.kb import load_kb
from newskb.validate import engine, findings_cache, finish, incremental, validate
from validate_support import run

pytestmark = pytest.mark.slow  # the cache suite validates a generated multi-source corpus warm, cold and uncached (2-10 s a test)

REPO = Path(__file__).resolve().parents[1]
TODAY = "2024-06-30"  # some synthetic stories are "in the future" then: D402 findings to compare too
DAY = dt.date.fromisoformat(TODAY)


def _corpus_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("newskb_bench_corpus_cache", REPO / "benchmarks" / "corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("cache") / "kb"
    _corpus_module().generate(20, 1, out, jobs=1)
    return out


@pytest.fixture
def kb(generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "kb"
    shutil.copytree(generated, root)
    monkeypatch.chdir(root)
    monkeypatch.setenv("NEWSKB_TODAY", TODAY)
    return root


def expected(day: dt.date = DAY) -> str:
    result = validate(load_kb("entries"), day)
    return _render(result.diagnostics, result.files_checked)


def _render(diagnostics, files_checked) -> str:  # type: ignore[no-untyped-def]
    from newskb.report import format_json

    return format_json(finish(diagnostics), files_checked)


def incremental_out(use_cache: bool, jobs: int | None = None) -> str:
    outcome = incremental.findings(Path("entries"), dt.date.fromisoformat(TODAY), use_cache=use_cache, jobs=jobs)
    return _render(outcome.diagnostics, outcome.files_checked)


def check_all_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    want = expected()
    assert incremental_out(use_cache=False) == want  # no cache
    assert incremental_out(use_cache=True) == want  # cold or partly warm
    assert incremental_out(use_cache=True) == want  # warm
    monkeypatch.setattr(engine, "PARALLEL_MIN_GROUPS", 1)
    shutil.rmtree(incremental.cache_root(Path("entries")), ignore_errors=True)
    assert incremental_out(use_cache=True, jobs=2) == want  # cold, in a process pool
    monkeypatch.setattr(engine, "PARALLEL_MIN_GROUPS", 64)
    # and the command line says the same with a warm cache and without one
    assert run("validate", "--format", "json").out == run("validate", "--format", "json", "--no-cache").out


def _stories(root: Path) -> list[Path]:
    return sorted((root / "entries" / "stories").glob("*.yaml"))


def test_cache_states_agree_with_in_memory_validation(kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    check_all_ways(monkeypatch)
    assert '"diagnostics": []' not in expected()  # the comparison covers real findings


def test_after_editing_deleting_and_breaking_files(kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    check_all_ways(monkeypatch)
    stories = _stories(kb)
    # edit a quote's Japanese text (Q201 …) and an English title
    text = stories[0].read_text(encoding="utf-8")
    stories[0].write_text(text.replace("    ja: ", "    ja: 改", 1), encoding="utf-8")
    check_all_ways(monkeypatch)
    # delete a story
    stories[1].unlink()
    check_all_ways(monkeypatch)
    # duplicate a story id in another file (R601 across files)
    shutil.copy(stories[2], stories[2].with_name("undated-copy.yaml"))
    check_all_ways(monkeypatch)
    # break one file's YAML, and write one whose source line the fast grouping cannot read
    stories[3].write_text("id: [unclosed\n", encoding="utf-8")
    text = stories[4].read_text(encoding="utf-8")
    source_line = next(line for line in text.splitlines() if line.startswith("source: "))
    stories[4].write_text(text.replace(source_line, f"source: \"{source_line.split(': ', 1)[1]}\""), encoding="utf-8")
    check_all_ways(monkeypatch)


def test_after_changing_a_registry_or_a_transcript(kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    check_all_ways(monkeypatch)
    people = kb / "entries" / "people.yaml"
    text = people.read_text(encoding="utf-8")
    first_alias = next(line for line in text.splitlines() if line.startswith("  - ") or line.startswith("  aliases:"))
    people.write_text(text.replace(first_alias, first_alias + "x", 1), encoding="utf-8")
    check_all_ways(monkeypatch)
    seed = sorted((kb / "seeds").glob("*.txt"))[0]
    lines = seed.read_text(encoding="utf-8").split("\n")
    lines[5] = lines[5].replace("。", "、", 1) + "追記"
    seed.write_text("\n".join(lines), encoding="utf-8")
    check_all_ways(monkeypatch)
    seed.unlink()
    check_all_ways(monkeypatch)


def test_stories_sharing_an_id_across_groups_and_a_broken_file_named_like_a_registry(
    kb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    check_all_ways(monkeypatch)
    sources = sorted((kb / "entries" / "sources").glob("*.yaml"))
    stories = _stories(kb)
    other = sources[-1].stem
    text = stories[0].read_text(encoding="utf-8")
    assert f"\nsource: {other}\n" not in text
    source_line = next(line for line in text.splitlines() if line.startswith("source: "))
    # the same story id (and quote/claim ids) in another source's group: R601 across groups
    copy = stories[0].with_name("undated-zz-copy.yaml")
    copy.write_text(text.replace(source_line, f"source: {other}", 1), encoding="utf-8")
    check_all_ways(monkeypatch)
    # a story file named like a registry that does not parse: references to people are not judged then
    (kb / "entries" / "stories" / "people.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    check_all_ways(monkeypatch)


def test_file_signatures_are_reused_only_while_the_stat_is_unchanged(kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    monkeypatch.setattr(findings_cache, "RACY_SECONDS", -3600.0)  # trust even files written just now
    check_all_ways(monkeypatch)
    story = _stories(kb)[0]
    info = story.stat()
    text = story.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("  en: "))
    same_size = title[:-1] + ("x" if title[-1] != "x" else "y")
    story.write_text(text.replace(title, same_size, 1), encoding="utf-8")
    os.utime(story, ns=(info.st_atime_ns, info.st_mtime_ns))  # same size and mtime: the ctime still differs
    assert story.stat().st_size == info.st_size
    check_all_ways(monkeypatch)


def _in_memory_on(day: dt.date) -> list[tuple[str, int, str, str]]:
    return sorted((d.path, d.line, d.code, d.message) for d in validate(load_kb("entries"), day).diagnostics)


def test_the_date_changes_no_finding_but_those_of_dates_after_it(kb: Path) -> None:
    """What lets findings of another day be reused (`findings_cache.holds_on`): only D402 reads the date."""
    late, later = _in_memory_on(dt.date(2031, 1, 1)), _in_memory_on(dt.date(2040, 1, 1))
    assert late == later and not [f for f in late if f[2] == "D402"]
    today = _in_memory_on(DAY)
    assert [f for f in today if f[2] != "D402"] == late
    assert [f for f in today if f[2] == "D402"]  # the corpus has stories after TODAY: the test can see a difference


def test_findings_of_another_day_are_reused_where_every_date_is_before_both_days(kb: Path) -> None:
    entries = Path("entries")
    first = incremental.findings(entries, dt.date(2031, 1, 1))
    assert first.checked == first.groups
    again = incremental.findings(entries, dt.date(2031, 1, 1))
    assert again.checked == 0
    later = incremental.findings(entries, dt.date(2031, 6, 1))  # the next CI run, months on
    assert later.checked == 0
    assert _render(later.diagnostics, later.files_checked) == expected(dt.date(2031, 6, 1))
    # back on a day the latest entry is dated after: its group, and only the groups like it, are checked again
    latest = max(
        dt.date.fromisoformat(m)
        for d in validate(load_kb("entries"), DAY).diagnostics
        if d.code == "D402"
        for m in re.findall(r"is (\d{4}-\d\d-\d\d), after today", d.message)
    )
    today = latest - dt.timedelta(days=1)
    dated_after = {d.path for d in validate(load_kb("entries"), today).diagnostics if d.code == "D402"}

    def group_of(path: str) -> str | None:
        """A story's group is its source's; a source entry's, its own; a registry is in none."""
        key = "source:" if "/stories/" in path else "id:" if "/sources/" in path else None
        if key is None:
            return None
        lines = (kb / path).read_text(encoding="utf-8").splitlines()
        return next(line.split(":", 1)[1].strip() for line in lines if line.startswith(key))

    sources = {group_of(path) for path in dated_after} - {None}
    outcome = incremental.findings(entries, today)
    assert 0 < outcome.checked == len(sources) < outcome.groups
    assert _render(outcome.diagnostics, outcome.files_checked) == expected(today)
    assert incremental_out(use_cache=True) == expected()  # and on TODAY, with more groups dated after it


def test_a_corrupt_cache_is_not_used(kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    entries = Path("entries")
    assert incremental_out(use_cache=True) == expected()
    index = incremental.cache_root(entries) / incremental.INDEX_FILE
    blob = index.read_bytes()
    for bad in (blob[:-1] + bytes([blob[-1] ^ 1]), blob[: len(blob) // 2], b"", b"not a cache"):
        index.write_bytes(bad)
        outcome = incremental.findings(entries, dt.date.fromisoformat(TODAY))
        assert outcome.checked == outcome.groups
    assert incremental_out(use_cache=True) == expected()


def test_a_cache_restored_into_a_fresh_checkout_is_reused(kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """CI restores `.newskb-cache/` into a new clone (docs/validation.md): every file has a new inode
    and mtime there, so each is hashed again, but unchanged groups are not checked again."""
    entries = Path("entries")
    want = incremental_out(use_cache=True)
    cache = incremental.cache_root(entries)
    saved = kb.parent / "saved-cache"
    shutil.move(str(cache), saved)
    fresh = kb.parent / "fresh"
    shutil.copytree(kb, fresh, copy_function=shutil.copy)  # new files: new inodes, mtimes of now
    monkeypatch.chdir(kb.parent)
    shutil.rmtree(kb)
    fresh.rename(kb)  # the same path, as a CI runner's workspace is
    monkeypatch.chdir(kb)
    shutil.copytree(saved, incremental.cache_root(entries))
    outcome = incremental.findings(entries, dt.date.fromisoformat(TODAY))
    assert outcome.checked == 0 < outcome.groups
    assert _render(outcome.diagnostics, outcome.files_checked) == want

    story = _stories(kb)[0]
    story.write_text(story.read_text(encoding="utf-8").replace("  en: ", "  en: Edited ", 1), encoding="utf-8")
    outcome = incremental.findings(entries, dt.date.fromisoformat(TODAY))
    assert outcome.checked == 1
    assert _render(outcome.diagnostics, outcome.files_checked) == expected()
