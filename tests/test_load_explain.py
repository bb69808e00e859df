"""`newskb load --explain`: every split with its line and the evidence that made it, and every cue it saw but did
not split on (with why) — for the round-4 evidence: headings, a transition inside a line, closing lines."""

from __future__ import annotations

from pathlib import Path

from loader_support import run_cli

BODY = [
    "こんにちは、今週もテックの話をお届けします。",  # 2 intro
    "■エーシー社の新型電池",  # 3 story 1: a heading
    "まずはこれ。エーシー社が新しい電池を出しました。",  # 4 a cue under the heading
    "電池の話はここまで。では次。ボルト社が工場を建てるそうです。",  # 5 story 2: a transition inside the line
    "■ボルト社の工場",  # 6 story 3: a heading
    "工場は九州です。",  # 7
    "皆さんはどう思いますか?それでは、また来週。",  # 8 outro: closing lines
]


def explain(repo: Path, name: str, body: list[str]) -> list[str]:
    """The lines `newskb load --explain` prints for a transcript titled 今週のテック with this narration."""
    (repo / "seeds" / name).write_text("\n".join(["今週のテック", *body]) + "\n", encoding="utf-8")
    result = run_cli("load", f"seeds/{name}", "--explain")
    assert result.code == 0, result.err
    return result.out.splitlines()


def test_explain_prints_headings_transitions_inside_a_line_and_closing_lines(repo: Path) -> None:
    lines = explain(repo, "round4.txt", BODY)
    assert "seeds/round4.txt:2: intro (lines 2-2): before the first story" in lines
    assert "seeds/round4.txt:3: story 1 (lines 3-5): heading: ■エーシー社の新型電池" in lines
    assert "seeds/round4.txt:4: cue まずは ignored: part of the item under the heading at line 3" in lines
    # two headings make the transcript headed: the transition inside line 5 is part of story 1's item
    assert (
        "seeds/round4.txt:5: cue in the line: では次。 ignored: part of the item under the heading at line 3" in lines
    )
    assert "seeds/round4.txt:6: story 2 (lines 6-7): heading: ■ボルト社の工場" in lines
    assert "seeds/round4.txt:8: outro (lines 8-8): closing lines: 皆さんはどう思いますか?それでは" in lines


def test_explain_prints_a_transition_inside_a_line(repo: Path) -> None:
    body = [
        "まずはエーシー社の電池です。",  # 2 story 1
        "電池の話はここまで。では次。ボルト社が工場を建てるそうです。",  # 3 story 2
        "以上、ボルト社のニュースでした。",  # 4 closes the item: another follows
        "続いて、ロボットの話です。",  # 5 story 3
    ]
    lines = explain(repo, "inline.txt", body)
    assert "seeds/inline.txt:3: story 2 (lines 3-4): cue in the line: では次。" in lines
    assert "seeds/inline.txt:4: sign-off 以上、 ignored: closes an item, more narration follows" in lines
    assert "seeds/inline.txt:5: story 3 (lines 5-5): cue 続いて: 続いて、ロボットの話です" in lines


def test_explain_prints_update_notes_and_the_steps_of_an_exchange(repo: Path) -> None:
    body = [
        "まずはエーシー社の電池です。",  # 2 story 1
        "※追記:発売日は十月になりました。",  # 3 an update note: part of story 1
        "次は、ボルト社の記者会見です。",  # 4 story 2: an exchange
        "最初の質問は地元紙の記者からでした。「工場はどこですか」",  # 5 a step of the exchange
        "今日はここまでです。",  # 6 outro
        "※訂正:工場は熊本でした。",  # 7 the outro's
    ]
    lines = explain(repo, "notes.txt", body)
    assert "seeds/notes.txt:2: story 1 (lines 2-3): cue まずは: まずはエーシー社の電池で" in lines
    assert "seeds/notes.txt:3: update note ※追記:発売日は: part of story 1" in lines
    assert "seeds/notes.txt:5: cue まずは ignored: a step of the exchange in story 2 (の質問)" in lines
    assert "seeds/notes.txt:6: outro (lines 6-7): sign-off: 今日はここまで" in lines


def test_explain_prints_a_table_of_contents_and_verdicts(repo: Path) -> None:
    body = [
        "こんにちは。先に目次を載せておきます。",  # 2 intro
        "1. エーシー社の電池",  # 3 the table of contents: intro
        "2. ボルト社の噂",  # 4
        "まずはエーシー社の電池です。",  # 5 story 1
        "次はボルト社の噂です。「工場を閉める」という投稿がありました。",  # 6 story 2
        "【判定:誤り】工場は動いています。",  # 7 a verdict: part of story 2
    ]
    lines = explain(repo, "toc.txt", body)
    assert "seeds/toc.txt:2: intro (lines 2-4): before the first story" in lines
    assert "seeds/toc.txt:3: lines 3-4: a table of contents (titles in a row), part of the intro" in lines
    assert "seeds/toc.txt:6: story 2 (lines 6-7): cue 次に: 次はボルト社の噂です。「" in lines
    assert "seeds/toc.txt:7: verdict 【判定:誤り】: part of story 2" in lines
