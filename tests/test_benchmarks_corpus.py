"""The synthetic benchmark corpus (benchmarks/corpus.py) is deterministic and is a valid knowledge base.

The benchmarks are only meaningful if the generated entries are the kind a
user would have: entries that load strictly, quotes and claims that are
verbatim in their transcripts, and nothing the loader would still change.
"""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path

import pytest

from conftest import REPO, run_cli
from newskb.kb import load_kb
from newskb.source import read_source

N = 3
SEED = 7


def _corpus_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("newskb_bench_corpus", REPO / "benchmarks" / "corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


corpus = _corpus_module()


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus") / "kb"
    corpus.generate(N, SEED, out, jobs=1)
    return out


@pytest.fixture(scope="module")
def two_transcripts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough stories for two transcripts and every statement form."""
    out = tmp_path_factory.mktemp("corpus") / "kb"
    corpus.generate(14, SEED, out, jobs=1)
    return out


def test_generation_is_deterministic(small: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    corpus.generate(N, SEED, again, jobs=1)
    assert _files(again) == _files(small)


def test_parallel_generation_is_identical(
    two_transcripts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(corpus, "POOL_MIN_TASKS", 1)  # the pool is skipped for small corpora otherwise
    out = tmp_path / "parallel"
    corpus.generate(14, SEED, out, jobs=2)
    assert _files(out) == _files(two_transcripts)


def test_a_different_seed_gives_a_different_corpus(small: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    corpus.generate(N, SEED + 1, other, jobs=1)
    assert _files(other) != _files(small)


def test_transcripts_have_the_real_layout(two_transcripts: Path) -> None:
    seeds = sorted((two_transcripts / "seeds").glob("*.txt"))
    assert len(seeds) >= 2
    for path in seeds:
        lines = path.read_bytes().decode("utf-8").split("\n")
        assert lines[-1] == "" and lines[-2] == "この記事が気に入ったらサポートをしてみませんか?"
        body = lines[2:-2]
        declared = int(lines[1].removesuffix(" 文字").replace(",", ""))
        assert declared == sum(len(line) for line in body)
        text = "\n".join(body)
        assert "本題に入る" in text and "とにかく、今日のニュースはこれくらいや" in text
        assert any(unit in text for unit in ("億", "兆")) and "%" in text
        assert read_source(path).declared_length == read_source(path).body_length


def test_entries_load_strictly_and_statements_are_verbatim(two_transcripts: Path) -> None:
    kb = load_kb(two_transcripts / "entries", strict=True)
    assert len(kb.stories) == 14 and not kb.problems
    attributions = set()
    for entry in kb.stories:
        story = entry.model
        source = read_source(two_transcripts / kb.sources[story.source].model.file)
        assert story.title and story.summary and story.date and story.tags
        for item in [*story.quotes, *story.claims]:
            assert item.text.en and item.anchor is not None
            assert source.text[item.anchor.start : item.anchor.end] == item.text.ja
            assert story.segment.first_line <= item.anchor.line <= story.segment.last_line
        for quote in story.quotes:
            attributions.add(quote.attribution.value)
            assert quote.speaker in kb.people or quote.speaker in kb.organizations
            assert quote.en_is is not None and quote.en_is.value == "translation"
        for claim in story.claims:
            assert claim.review is not None and claim.review.sources
            assert all(c.url.startswith("https://example.com/") for c in claim.review.sources)
        for pid in story.people:
            assert pid in kb.people
        for oid in story.organizations:
            assert oid in kb.organizations
    assert {"direct", "dialogue", "continuation", "article"} <= attributions
    for person in kb.people.values():
        assert all(link.url.startswith("https://example.com/") for link in person.links)


def test_the_loader_would_change_nothing(two_transcripts: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(two_transcripts)
    seeds = [f"seeds/{p.name}" for p in sorted((two_transcripts / "seeds").glob("*.txt"))]
    result = run_cli("load", "--check", *seeds, "--entries", "entries")
    assert result.code == 0, result.out + result.err
    assert "note:" not in result.err
    assert corpus.verify(two_transcripts) == []


def test_validate_accepts_the_corpus(small: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(small)
    result = run_cli("validate", "--entries", "entries")
    assert result.code == 0, result.out + result.err


def test_no_transcript_is_left_with_a_single_story() -> None:
    """A leftover of one story joins the transcript before it: a one-story narration draws the loader's
    "no story transitions" note, on which generation fails (--stories 600 --seed 2 did)."""
    for seed in range(1, 21):
        for n in range(2, 40):
            rng = random.Random(f"newskb-registry:{seed}")
            plans = corpus.plan_corpus(n, corpus.build_registry(n, rng), rng)
            sizes = [len(p) for p in plans]
            assert sum(sizes) == n and min(sizes) >= 2, (seed, n, sizes)
            assert all([p.index for p in t] == list(range(1, len(t) + 1)) for t in plans)


@pytest.mark.slow
@pytest.mark.parametrize(("seed", "n"), [(1, 13), (2, 13), (3, 13), (4, 13), (1, 2), (7, 6)])
def test_every_seed_generates_a_corpus_validate_accepts(
    seed: int, n: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """13 stories leave one story over on seeds 1-4 (after a transcript of 5-7); 2 and 6 stories plan fewer
    entities than the registries' floor sizes (8 organisations), which were written unreferenced (R605)."""
    out = tmp_path / "kb"
    corpus.generate(n, seed, out, jobs=1)
    kb = load_kb(out / "entries", strict=True)
    assert len(kb.stories) == n and not kb.problems
    monkeypatch.chdir(out)
    result = run_cli("validate", "--entries", "entries")
    assert result.code == 0 and "no findings" in result.out, result.out + result.err


def test_a_corpus_of_one_story_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "kb"
    with pytest.raises(ValueError, match="at least 2 stories"):
        corpus.generate(1, 1, out, jobs=1)
    assert not out.exists()
    with pytest.raises(SystemExit) as exc:
        corpus.main(["--stories", "1", "--out", str(out)])
    assert exc.value.code == 2 and not out.exists()


@pytest.mark.slow
@pytest.mark.parametrize("seed", [4, 5, 6, 7])
def test_the_loader_keeps_every_generated_story_whole_on_other_seeds(tmp_path: Path, seed: int) -> None:
    # Other seeds draw other sentences: on 4-6 the segmenter once read a common noun (会社) or an acronym (AGI) in
    # a story's narration as a new subject and split the story there, which verify() reports as moved quotes.
    out = tmp_path / "kb"
    corpus.generate(60, seed, out, jobs=1)
    assert corpus.verify(out) == []


#: A told item: its news, a voice, one more line.
TOLD = ["まずはボルト社です。九州に新しい工場を建てます。", "山田社長は「雇用を増やす」としています。", "工場では三百人が働く予定です。"]


@pytest.mark.parametrize(
    "item, opening",
    [
        # a topic shift: a line sharing no word with the item, the next line going on with its own
        (
            TOLD,
            ["東北のさくら農機は、田植え機を自動で走らせる仕組みを発表しました。", "仕組みは一台あたり十分で設定できるということです。"],
        ),
        # a cohesion break: a body with an institution word as subject after an item of two lines
        (
            TOLD[:2],
            ["全国書道連盟は、展覧会に生成画像を出すことを禁じると決めました。", "同連盟は「筆の跡を大切にしたい」としています。"],
        ),
    ],
)
def test_the_generator_splits_at_cues_only(tmp_path: Path, item: list[str], opening: list[str]) -> None:
    # the generated narration is drawn at random and now and then reads as a cue-less new item; every such signal
    # must be off while the generator loads its transcripts (at 10,000 stories one was not, and generation failed)
    from loader_support import make_source
    from newskb.extract.mentions import EntityIndex, Name
    from newskb.extract.segments import split_sections

    index = EntityIndex([Name("ボルト社", "bolt", "organization"), Name("山田", "yamada", "person")], [("yamada", "bolt")])
    source = make_source(tmp_path, [*item, *opening])
    assert len([s for s in split_sections(source, index) if s.kind == "story"]) == 2  # the loader as users run it
    with corpus._registry_kb(None):  # type: ignore[arg-type]
        assert len([s for s in split_sections(source, index) if s.kind == "story"]) == 1
