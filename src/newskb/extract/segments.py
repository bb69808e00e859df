"""Splitting a transcript into intro, stories and outro by the narration's own transitions.

AI-news narrations announce each item with a small set of spoken transitions
(さっそく本題に入るで, さて、, ほかにも, ほかのAIニュース, Xと言えば, …) and
close with a sign-off (とにかく、今日のニュースはこれくらいや). The cue lists
below are the whole rule set: a new kind of transcript gets new cues here, not
line numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..source import SourceText

#: The line that leaves the intro and starts the first story.
INTRO_END = re.compile(r"本題に入る|本題に入ろ|それでは始め|では早速")
#: A line that starts a new story (only looked for after the intro).
STORY_START = re.compile(r"^(?:さて、|次に、|ほかにも|他にも|ほかの\S{0,8}ニュース|他の\S{0,8}ニュース|\S{1,20}と言えば、|続いて、)")
#: The line that starts the sign-off.
OUTRO_START = re.compile(r"^(?:とにかく、今日の|今日のニュースはこれ|というわけで、今日は|見てくれてありがとう)")


@dataclass(frozen=True)
class Section:
    kind: str  # "intro" | "story" | "outro"
    index: int  # 1-based story number; 0 for intro and outro
    first_line: int
    last_line: int

    @property
    def lines(self) -> range:
        return range(self.first_line, self.last_line + 1)


def split_sections(source: SourceText) -> list[Section]:
    """Intro, stories and outro covering the body lines, in order, without gaps."""
    body = list(source.body_lines)
    if not body:
        return []
    starts: list[tuple[int, str]] = []
    in_intro = any(INTRO_END.search(source.line(n)) for n in body)
    for n in body:
        text = source.line(n).strip()
        if in_intro:
            if INTRO_END.search(text):
                in_intro = False
                starts.append((n, "story"))
            continue
        if OUTRO_START.search(text):
            starts.append((n, "outro"))
            break
        if STORY_START.search(text) or not starts:
            starts.append((n, "story"))
    sections: list[Section] = []
    if starts and starts[0][0] > body[0]:
        sections.append(Section("intro", 0, body[0], starts[0][0] - 1))
    number = 0
    for i, (first, kind) in enumerate(starts):
        last = starts[i + 1][0] - 1 if i + 1 < len(starts) else body[-1]
        if kind == "story":
            number += 1
        sections.append(Section(kind, number if kind == "story" else 0, first, last))
    return sections


def stories(source: SourceText) -> list[Section]:
    return [s for s in split_sections(source) if s.kind == "story"]
