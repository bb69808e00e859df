"""Every rule, specified by a failing fixture (one deliberate change to a clean knowledge base) and a passing one.

`CASES` maps each rule code to the change that must trigger it and the file the
finding must name. A rule registered without a case here fails
`test_every_rule_has_a_failing_fixture`, so a new rule cannot ship untested.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from newskb.diagnostics import Severity
from newskb.validate import RULES
from validate_support import (
    ORGS,
    PEOPLE,
    PRODUCTS,
    SOURCE,
    STORY1,
    STORY2,
    TODAY,
    TRANSCRIPT,
    copy_clean,
    edit,
    line_of,
    replace,
    validate_json,
)


@pytest.fixture
def kb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy_clean(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSKB_TODAY", TODAY)
    return tmp_path


def story1_quote(i: int) -> Callable[[dict], dict]:  # type: ignore[type-arg]
    def get(d: dict) -> dict:  # type: ignore[type-arg]
        return d["quotes"][i]

    return get


def _del(d: dict, *path: object) -> None:  # type: ignore[type-arg]
    for key in path[:-1]:
        d = d[key]  # type: ignore[index]
    del d[path[-1]]  # type: ignore[arg-type]


UNVERIFIED = "kind: official-statement\n      unverified: {ja: 保存コピーなし, en: No stored copy}"


def misleading_note(en: str) -> None:
    """STORY1's first claim made `misleading`, with this English note and no correction."""
    edit(STORY1, lambda d: d["claims"][0]["review"].update(verdict="misleading", note={"ja": "注記。", "en": en}))
    replace(STORY1, "      kind: official-statement\n", "      kind: official-statement\n      excerpt: Zeta-7B.\n")


def _fifo(path: str) -> None:
    """Replace an entry by a FIFO: reading it would block forever."""
    import os

    Path(path).unlink()
    os.mkfifo(path)


def _link_outside(path: str) -> None:
    """Replace an entry by a symlink to a copy of it outside the repository."""
    import tempfile

    outside = Path(tempfile.mkdtemp(prefix="newskb-outside-")) / "story.yaml"
    outside.write_bytes(Path(path).read_bytes())
    Path(path).unlink()
    Path(path).symlink_to(outside)


# code -> (file the finding names, change)
CASES: dict[str, tuple[str, Callable[[], None]]] = {
    # Y1xx YAML and schema
    "Y101": (STORY1, lambda: replace(STORY1, "tags:\n- models", "tags: [models")),
    "Y102": (STORY1, lambda: replace(STORY1, "date_kind: announcement", "date_kind: announcement\ndate_kind: release")),
    "Y103": (STORY1, lambda: replace(STORY1, "tags:\n- models", "tags:\n- &t models\n- *t")),
    "Y114": (STORY1, lambda: replace(STORY1, "tags:\n- models", "tags:\n- " + "[" * 200 + "]" * 200)),
    "Y115": (STORY1, lambda: replace(STORY1, "tags:\n- models", "tags:\n- mod\0els")),
    "Y116": (STORY1, lambda: replace(STORY1, "tags:\n- models", "tags:\n- !!binary bW9kZWxz")),
    "Y117": (STORY1, lambda: _fifo(STORY1)),
    "Y118": (STORY1, lambda: _link_outside(STORY1)),
    "Y104": (STORY1, lambda: Path(STORY1).write_text(Path(STORY1).read_text() + "#" * (2 * 1024 * 1024 + 1))),
    "Y105": (STORY1, lambda: Path(STORY1).write_bytes(Path(STORY1).read_bytes() + b"# \xff\xfe\n")),
    "Y106": ("entries/stories/broken.yaml", lambda: Path("entries/stories/broken.yaml").mkdir()),
    "Y110": (STORY1, lambda: replace(STORY1, "date_kind: announcement", "date_kind: announcement\ntitel: oops")),
    "Y111": (STORY1, lambda: replace(STORY1, "source: fixture\n", "")),
    "Y112": (STORY1, lambda: replace(STORY1, "segment: {index: 1,", "segment: {index: first,")),
    "Y113": (STORY1, lambda: Path(STORY1).write_text("- just\n- a list\n")),
    "Y120": (STORY1, lambda: replace(STORY1, "value: 6600000000", "value: 12:30")),
    # Q2xx quotes
    "Q201": (STORY1, lambda: replace(STORY1, "20年間の研究", "21年間の研究")),
    "Q202": (STORY1, lambda: replace(STORY1, "start: 138, end: 169", "start: 140, end: 171")),
    "Q203": (STORY1, lambda: edit(STORY1, lambda d: d["quotes"].append({**d["quotes"][0], "id": "again"}))),
    "Q204": (STORY1, lambda: edit(STORY1, lambda d: d["quotes"].pop(1) and None)),
    "Q205": (STORY1, lambda: replace(STORY1, "ja: パラメータは66億個やねん", "ja: パラメータは67億個やねん")),
    "Q206": (STORY1, lambda: replace(STORY1, "ja: パラメータは66億個やねん", "ja: 来年リリースされるらしいで")),
    "Q207": (STORY1, lambda: edit(STORY1, lambda d: _del(d, "quotes", 0, "anchor"))),
    # S3xx speakers
    "S301": (STORY1, lambda: replace(STORY1, "speaker: taro-yamada", "speaker: taro-yamad")),
    "S302": (STORY1, lambda: replace(STORY1, "speaker: taro-yamada", "speaker: ichiro-sato")),
    "S303": (STORY1, lambda: replace(STORY1, "speaker: taro-yamada", "speaker: unknown")),
    "S304": (STORY1, lambda: replace(STORY1, "attribution: direct", "attribution: dialogue")),
    # 鈴木花子 is in no registry any more, and the quote the transcript gives her (line 7) is `unknown`
    "S305": (
        STORY2,
        lambda: (
            replace(PEOPLE, "    ja: 鈴木花子\n", "    ja: 鈴木はなこ\n"),
            replace(PEOPLE, "  - 鈴木花子\n  - 鈴木\n", "  - 鈴木はなこ\n"),
            replace(STORY2, "speaker: hanako-suzuki", "speaker: unknown"),
        ),
    ),
    # a narrator claim made on the text of 山田太郎's quote
    "S306": (STORY1, lambda: replace(STORY1, "    ja: パラメータは66億個やねん\n", "    ja: 精度は90%に達しました\n")),
    # the narration's own sentence, given to 山田太郎
    "S307": (STORY1, lambda: replace(STORY1, "- id: zeta-parameters\n  by: narrator", "- id: zeta-parameters\n  by: taro-yamada")),
    # D4xx dates
    "D401": (STORY1, lambda: replace(STORY1, "date: 2024-09-20", "date: 2024-02-30")),
    "D402": (STORY1, lambda: replace(STORY1, "published: 2024-09-20", "published: 2099-01-01")),
    "D403": (STORY1, lambda: replace(STORY1, "date: 2024-09-20", "date: 2024-09-26")),
    "D404": (STORY1, lambda: replace(STORY1, "date: 2024-09-20", "date: 2024-06-01")),
    "D405": (SOURCE, lambda: replace(SOURCE, "earliest: 2024-09-22", "earliest: 2024-09-28")),
    "D406": (STORY1, lambda: replace(STORY1, "date: 2024-09-20\n", "")),
    # B5xx bilingual text
    "B501": (STORY1, lambda: edit(STORY1, lambda d: _del(d, "quotes", 0, "text", "en"))),
    "B502": (STORY1, lambda: replace(STORY1, "the result of 20 years", "the result of 30 years")),
    "B503": (
        STORY1,
        lambda: edit(STORY1, lambda d: d["summary"].update(ja="投資は数十億ドル規模だ。", en="A big investment.")),
    ),
    "B504": (STORY1, lambda: edit(STORY1, lambda d: _del(d, "title"))),
    "B505": (STORY1, lambda: edit(STORY1, lambda d: _del(d, "summary"))),
    "B506": (STORY1, lambda: edit(STORY1, lambda d: d["title"].update(en=d["title"]["en"] + "\u202e"))),
    # R6xx references
    "R601": (STORY2, lambda: replace(STORY2, "id: zeta-regulation", "id: acorp-zeta-7b")),
    "R602": (STORY1, lambda: replace(STORY1, "id: acorp-zeta-7b", "id: ACorp Zeta")),
    "R603": (SOURCE, lambda: replace(SOURCE, "file: seeds/fixture.txt", "file: seeds/missing.txt")),
    "R604": (STORY1, lambda: replace(STORY1, "organizations:\n- acorp", "organizations:\n- acorp\n- no-such-org")),
    "R605": (
        PRODUCTS,
        lambda: edit(PRODUCTS, lambda d: d["products"].append({"id": "omega", "name": {"ja": "Omega", "en": "Omega"}})),
    ),
    "R606": ("entries/stories/misnamed.yaml", lambda: Path(STORY1).rename("entries/stories/misnamed.yaml")),
    "R607": (SOURCE, lambda: replace(SOURCE, "sha256: c", "sha256: d")),
    "R608": (STORY1, lambda: replace(STORY1, "last_line: 6}", "last_line: 60}")),
    "R609": (STORY1, lambda: replace(STORY1, "tags:\n- models", "tags:\n- models\n- no-such-tag")),
    # C7xx claims and reviews
    "C701": (STORY1, lambda: replace(STORY1, "    verdict: accurate\n", "")),
    "C702": (STORY1, lambda: edit(STORY1, lambda d: d["claims"][0]["review"].update(sources=[]))),
    "C703": (STORY1, lambda: replace(STORY1, "url: https://example.com/acorp", "url: ftp://example.com/acorp")),
    "C704": (STORY2, lambda: edit(STORY2, lambda d: _del(d, "claims"))),
    "C705": (STORY2, lambda: edit(STORY2, lambda d: _del(d, "claims", 0, "review", "correction"))),
    "C706": (STORY1, lambda: replace(STORY1, "en_is: translation", "en_is: original")),
    "C707": (STORY1, lambda: edit(STORY1, lambda d: _del(d, "claims", 0, "review"))),
    # C71x citations: kinds, excerpts, corrections
    "C710": (STORY1, lambda: replace(STORY1, "      kind: official-statement\n", "")),
    "C711": (STORY2, lambda: replace(STORY2, "kind: news-report", "kind: aggregator")),
    "C712": (STORY2, lambda: edit(STORY2, lambda d: _del(d, "claims", 0, "review", "sources", 0, "excerpt"))),
    "C713": (STORY1, lambda: misleading_note("The figure should be 7 billion.")),
    "C714": (
        STORY2,
        lambda: (
            replace(STORY2, "verdict: transcription-error", "verdict: translation-error"),
            edit(STORY2, lambda d: _del(d, "claims", 0, "review", "correction")),
        ),
    ),
    "C715": (STORY1, lambda: replace(STORY1, "kind: official-statement", UNVERIFIED)),
}


def test_every_rule_has_a_failing_fixture() -> None:
    assert sorted(CASES) == sorted(RULES)


def test_the_clean_fixture_passes_every_rule(kb: Path) -> None:
    result = validate_json("--strict")
    assert result.findings == []
    assert result.code == 0


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_fails_on_its_fixture(kb: Path, code: str) -> None:
    where, change = CASES[code]
    change()
    result = validate_json()
    hits = [d for d in result.findings if d["code"] == code]
    assert hits, f"{code} not reported; got {sorted(result.codes())}"
    assert all(Path(d["path"]).as_posix().endswith(where.split("/", 1)[1]) for d in hits), hits
    assert all(d["line"] >= 1 and d["column"] >= 1 for d in hits)
    assert {d["severity"] for d in hits} == {RULES[code].severity.value}
    if RULES[code].severity == Severity.error:
        from newskb.validate.command import UNREADABLE

        assert result.code == (2 if code in UNREADABLE else 1)
    else:
        assert validate_json("--strict").code == 1


@pytest.mark.parametrize(
    "code, needle",
    [
        ("Q201", "ja: このモデルは"),
        ("S302", "speaker: ichiro-sato"),
        ("D401", "date: 2024-02-30"),
        ("Y102", "date_kind: release"),
        ("Y110", "titel: oops"),
        ("B502", "the result of 30 years"),
        ("C703", "url: ftp://"),
    ],
)
def test_findings_point_at_the_offending_line(kb: Path, code: str, needle: str) -> None:
    CASES[code][1]()
    line = line_of(STORY1, needle)
    assert any(d["code"] == code and d["line"] == line for d in validate_json().findings)


# --- passing variants: what a rule must accept -----------------------------------------


def test_q201_same_text_under_normalisation_passes(kb: Path) -> None:
    """Full-width and half-width forms and stray spaces are the same text (normalize_for_match)."""
    replace(STORY1, "精度は90%に達しました", "精度は９０％に 達しました")
    assert "Q201" not in validate_json().codes()


def test_q201_suggests_the_nearest_passage(kb: Path) -> None:
    CASES["Q201"][1]()
    hit = next(d for d in validate_json().findings if d["code"] == "Q201")
    assert "did you mean «このモデルは20年間の研究の成果です" in hit["fix"]
    assert "fixture.txt:5" in hit["fix"] and "score 9" in hit["fix"]


def test_q201_orphan_with_nothing_similar_is_still_reported(kb: Path) -> None:
    replace(STORY1, "ja: 次の2〜3年で65億ドルを投資する予定です", "ja: まったく別の文章で原文のどこにもない")
    hits = [d for d in validate_json().findings if d["code"] == "Q201"]
    assert len(hits) == 1 and "orphan" in hits[0]["message"]


def test_s302_accepts_each_attribution_form(kb: Path) -> None:
    """direct (line 5), continuation (line 6), article (The publication named before), nested (the person in the outer quote)."""
    assert "S302" not in validate_json().codes()


def test_s302_nested_speaker_must_be_named_in_the_outer_quote(kb: Path) -> None:
    replace(STORY2, "speaker: hanako-suzuki", "speaker: taro-yamada")
    hits = [d for d in validate_json().findings if d["code"] == "S302"]
    assert len(hits) == 1 and line_of(STORY2, "speaker: taro-yamada") == hits[0]["line"]


def test_s302_continuation_inherits_the_context_of_its_first_quote(kb: Path) -> None:
    """Line 6 is only 「…」; its speaker is named on line 5, where the run begins."""
    replace(
        STORY1,
        "speaker: taro-yamada\n  attribution: continuation",
        "speaker: hanako-suzuki\n  attribution: continuation",
    )
    assert "S302" in validate_json().codes()


def test_b502_accepts_english_numerals_in_words_and_scales(kb: Path) -> None:
    """65億ドル ↔ $6.5 billion, 2〜3年 ↔ two to three years, 66億 ↔ 6.6 billion, 90% ↔ 90% (all in the fixture)."""
    assert "B502" not in validate_json().codes()
    replace(STORY1, "two to three years", "2-3 years")
    assert "B502" not in validate_json().codes()
    replace(STORY1, "$6.5 billion", "$6,500,000,000")
    assert "B502" not in validate_json().codes()


def test_b502_range_needs_both_ends(kb: Path) -> None:
    replace(STORY1, "two to three years", "two years")
    assert "B502" in validate_json().codes()


def test_c704_is_covered_by_a_transcription_error_claim_only(kb: Path) -> None:
    replace(STORY2, "verdict: transcription-error", "verdict: inaccurate")
    assert "C704" in validate_json().codes()


def test_c704_an_alias_makes_the_spelling_a_name(kb: Path) -> None:
    edit(STORY2, lambda d: _del(d, "claims"))
    replace(PRODUCTS, "  - Zeta-7B", "  - Zeta-7B\n  - Zeta-8B")
    assert "C704" not in validate_json().codes()


def test_r605_a_misspelt_mention_covered_by_a_claim_counts_as_a_reference(kb: Path) -> None:
    """The transcription-error claim about Zeta-8B refers to the product it should have named."""
    edit(STORY1, lambda d: d.update(mentions=[m for m in d["mentions"] if m["id"] != "zeta-7b"]))
    replace(TRANSCRIPT, "エイコープがZeta-7Bっていう", "エイコープがっていう")  # no exact mention left
    assert not [d for d in validate_json().findings if d["code"] == "R605" and "zeta-7b" in d["message"]]
    replace(STORY2, "verdict: transcription-error", "verdict: inaccurate")
    assert [d for d in validate_json().findings if d["code"] == "R605" and "zeta-7b" in d["message"]]


def test_d402_uses_newskb_today(kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSKB_TODAY", "2024-09-19")
    assert "D402" in validate_json().codes()
    monkeypatch.setenv("NEWSKB_TODAY", "not-a-date")
    assert validate_json().code == 2


def test_y1_recoded_schema_errors_keep_their_line(kb: Path) -> None:
    CASES["C701"][1]()
    hit = next(d for d in validate_json().findings if d["code"] == "C701")
    assert hit["line"] == line_of(STORY1, "review:") + 1 or hit["line"] == line_of(STORY1, "review:")


def test_registry_references_are_checked(kb: Path) -> None:
    replace(PEOPLE, "- acorp", "- no-such-company")
    hits = [d for d in validate_json().findings if d["code"] == "R604"]
    assert [(Path(d["path"]).name, d["line"]) for d in hits] == [("people.yaml", line_of(PEOPLE, "no-such-company"))]


def test_references_into_a_broken_registry_are_not_judged(kb: Path) -> None:
    """One broken file must not bury the editor in follow-on errors: the Y112 is the finding."""
    replace(ORGS, "kind: publication", "kind: newspaper")
    codes = validate_json().codes()
    assert "Y112" in codes and "R604" not in codes


def test_c711_one_source_that_is_not_an_aggregator_is_enough(kb: Path) -> None:
    CASES["C711"][1]()
    edit(STORY2, lambda d: d["claims"][0]["review"]["sources"].append({**d["claims"][0]["review"]["sources"][0], "kind": "news-report"}))
    assert "C711" not in validate_json().codes()


def test_c712_accurate_verdicts_and_unverified_citations_need_no_excerpt(kb: Path) -> None:
    """An accurate verdict needs no excerpt (STORY1 has none); nor does a page no stored copy holds."""
    CASES["C712"][1]()
    replace(STORY2, "kind: news-report", "kind: news-report\n      unverified: {ja: 保存コピーなし, en: No stored copy}")
    assert "C712" not in validate_json().codes()


@pytest.mark.parametrize(
    "note",
    [
        "Actually the model has 7 billion parameters.",
        "In fact it is larger.",
        "The correct figure is given by the maker.",
        "It is not a new model but an update.",
        "The model has 41.9 billion parameters in total.",  # a number the claim does not state
    ],
)
def test_c713_finds_a_fix_stated_in_the_note(kb: Path, note: str) -> None:
    misleading_note(note)
    assert "C713" in validate_json().codes()


@pytest.mark.parametrize(
    "note",
    [
        "Announced on 2024-09-20, in 2024, as one of two models.",  # dates, years and small counts are no fix
        "As announced: 6.6 billion parameters, but the count misleads.",  # the claim's own number
        "The figure is right but leaves out what matters.",
    ],
)
def test_c713_leaves_a_note_without_a_fix_alone(kb: Path, note: str) -> None:
    misleading_note(note)
    assert "C713" not in validate_json().codes()


def test_c713_a_correction_silences_it(kb: Path) -> None:
    CASES["C713"][1]()
    edit(STORY1, lambda d: d["claims"][0]["review"].update(correction={"ja": "70億", "en": "7 billion"}))
    assert "C713" not in validate_json().codes()


def test_c715_one_found_source_is_enough_and_unverified_verdicts_are_exempt(kb: Path) -> None:
    CASES["C715"][1]()
    edit(STORY1, lambda d: d["claims"][0]["review"].update(verdict="unverified"))
    assert "C715" not in validate_json().codes()


def test_r609_tags_are_not_judged_without_a_tag_registry(kb: Path) -> None:
    """A knowledge base without tags.yaml has no tag registry: its tags are not reported."""
    replace(STORY1, "tags:\n- models", "tags:\n- models\n- no-such-tag")
    Path("entries/tags.yaml").unlink()
    assert "R609" not in validate_json().codes()


# --- attribution of claims (issue #12) ------------------------------------------------------


def test_s307_accepts_a_claim_whose_sentence_names_its_author(kb: Path) -> None:
    """鈴木さんによると、規制が必要だそうです: a claim on it may be by 鈴木花子, inside the article's statement."""
    text = (Path(STORY2)).read_text(encoding="utf-8")
    claim = (
        "- id: regulation-needed\n  by: hanako-suzuki\n  text:\n    ja: 規制が必要だそうです\n    en: regulation is needed\n"
    )
    Path(STORY2).write_text(text.replace("claims:\n", "claims:\n" + claim, 1), encoding="utf-8")
    codes = validate_json().codes()
    assert "S307" not in codes and "S306" not in codes


def test_s307_rejects_a_claim_inside_an_article_quote_given_to_someone_its_sentence_does_not_name(kb: Path) -> None:
    text = (Path(STORY2)).read_text(encoding="utf-8")
    claim = "- id: regulation-needed\n  by: taro-yamada\n  text:\n    ja: 規制が必要だそうです\n    en: regulation is needed\n"
    Path(STORY2).write_text(text.replace("claims:\n", "claims:\n" + claim, 1), encoding="utf-8")
    assert "S307" in validate_json().codes()


def test_c704_reports_a_near_miss_of_a_katakana_name_and_not_a_missing_dot() -> None:
    from newskb.extract.mentions import Name
    from newskb.validate.claims import NameMatcher

    matcher = NameMatcher([Name("サム・アルトマン", "sam-altman", "person")])
    (sus,) = matcher.suspects("サム・オルトマンはこの種のエネルギーの大ファンや", 0, [])
    assert (sus.written, sus.name.id) == ("サム・オルトマン", "sam-altman")
    assert matcher.suspects("サムアルトマンさんは", 0, []) == []
    assert matcher.suspects("サム・アルトマンさんは", 0, [(0, 8)]) == []


def test_c704_looks_up_a_repeated_mention_once_with_the_same_result(monkeypatch: pytest.MonkeyPatch) -> None:
    from newskb.extract.mentions import Name
    from newskb.validate import claims

    matcher = claims.NameMatcher([Name("Pixtral 12B", "pixtral", "product"), Name("サム・アルトマン", "sam", "person")])
    searches: list[str] = []
    search = claims.process.extractOne
    monkeypatch.setattr(claims.process, "extractOne", lambda q, *a, **k: searches.append(q) or search(q, *a, **k))
    line = "Pixar-12BとPixar-12B、サム・オルトマンとサム・オルトマン"
    first = matcher.suspects(line, 0, [])
    assert [(s.written, s.name.id) for s in first] == [
        ("Pixar-12B", "pixtral"),
        ("Pixar-12B", "pixtral"),
        ("サム・オルトマン", "sam"),
        ("サム・オルトマン", "sam"),
    ]
    assert matcher.suspects(line, 0, []) == first
    assert len(searches) == len(set(searches))  # each folded run searched once, in both runs together


def test_b506_finds_an_escaped_control_deep_in_any_entry(kb: Path) -> None:
    """Only entries whose JSON shows a control are walked: an escape written in YAML, a nested field, a source."""
    replace(STORY1, "      publisher: ACorp\n", '      publisher: ACorp\n      excerpt: "before \\u2067after"\n')
    replace(SOURCE, "  en: A short transcript", '  en: "A short \\u200ftranscript')
    replace(SOURCE, "testing the validator.\n", 'testing the validator."\n')
    found = {(Path(d["path"]).name, d["message"].split("`")[1]) for d in validate_json().findings if d["code"] == "B506"}
    assert found == {
        (Path(STORY1).name, "claims.0.review.sources.0.excerpt"),
        (Path(SOURCE).name, "description.en"),
    }


def test_b502_b503_read_english_numbers_only_where_the_japanese_has_a_quantity(kb: Path) -> None:
    edit(STORY1, lambda d: d["summary"].update(ja="大きな投資だ。", en="Billions, 30 years, 7 billion."))
    codes = validate_json().codes()
    assert "B502" not in codes and "B503" not in codes
    edit(STORY1, lambda d: d["summary"].update(ja="投資は数十億ドルで66億個だ。", en="Billions and 6.6 billion."))
    codes = validate_json().codes()
    assert "B502" not in codes and "B503" not in codes
    edit(STORY1, lambda d: d["summary"].update(ja="投資は数十億ドルで66億個だ。", en="A big one."))
    assert {"B502", "B503"} <= validate_json().codes()
