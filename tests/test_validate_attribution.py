"""S305–S307 on the shipped knowledge base: who made a claim is checked against the transcript (issue #12)."""

from __future__ import annotations

from pathlib import Path

from loader_support import run_cli

STORY = Path("entries/stories/2024-09-20-microsoft-constellation-three-mile-island.yaml")


def findings(code: str) -> list[str]:
    return [line for line in run_cli("validate", "--select", code).out.splitlines() if f" {code} " in line]


def set_by(claim_text: str, by: str) -> None:
    text = STORY.read_text(encoding="utf-8")
    head, sep, rest = text.partition(f"    ja: {claim_text}\n")
    assert sep, claim_text
    block_start = head.rindex("- id: ")
    block = head[block_start:]
    assert "  by: narrator\n" in block
    STORY.write_text(
        head[:block_start] + block.replace("  by: narrator\n", f"  by: {by}\n") + sep + rest, encoding="utf-8"
    )


def test_the_shipped_entries_have_no_attribution_findings(repo):
    assert findings("S30") == []


def test_a_narrator_sentence_given_to_sundar_pichai_is_reported(repo):
    # line 13: これはほんまに小さな原子力発電所みたいなもんや — the narrator's own comparison
    set_by("これはほんまに小さな原子力発電所みたいなもんや", "sundar-pichai")
    (line,) = findings("S307")
    assert "claim `" in line and "is by `sundar-pichai`, but its text (line 13) is the narration" in line
    assert line.endswith("(fix: by: narrator)")


def test_reported_speech_whose_sentence_names_the_speaker_may_be_theirs(repo):
    # line 13: スンダル・ピチャイさんも…探してるって言うてはった — the sentence names him
    set_by(
        "GoogleがAIシステムの電力源として新しいエネルギー源を探してるって言うてはった。その一つが小型モジュール炉(SMR)やねん",
        "sundar-pichai",
    )
    assert findings("S307") == []


def test_s305_reads_the_registries_only_for_an_unknown_speaker():
    # Why: the proposals S305 suggests come from a walk over every person and organisation; run once per
    # validated group of a 10,000-story corpus, that walk was a tenth of a cold `validate`.
    from newskb.kb import load_kb
    from newskb.validate.attribution import unknown_names_unregistered
    from newskb.validate.context import Context
    from newskb.validate.dates import today

    class Untouchable(dict):  # type: ignore[type-arg]
        def values(self):  # type: ignore[no-untyped-def]
            raise AssertionError("registry walked")

    kb = load_kb("entries")
    kb.stories = [e for e in kb.stories if all(q.speaker != "unknown" for q in e.model.quotes)]
    assert kb.stories and any(e.model.quotes for e in kb.stories)
    kb.entity_index, kb.publications  # derived from the registries once, as every run does
    kb.people, kb.organizations = Untouchable(kb.people), Untouchable(kb.organizations)
    assert list(unknown_names_unregistered(Context(kb, today()))) == []
