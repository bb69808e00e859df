"""`newskb validate --fix`: rewrite anchors that drifted (Q202) or are missing (Q207) — nothing else.

Anchors are machine-derived (line, offsets, prefix, suffix of where the text
sits), so a tool may rewrite them; texts, speakers and reviews are what people
wrote and are never touched. An existing anchor is replaced on its own line
(the store writes anchors as one-line flow mappings), so comments and layout
elsewhere in the file survive. A missing anchor is added only when the file is
in the store's canonical form, by re-dumping the entry through the store. The
result is re-read and compared with the original: if anything but anchors
differs, nothing is written.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from ..kb import Entry
from ..loader import render_entry
from ..models import Anchor, Story
from ..store import Flow, dump_yaml, parse_yaml, to_data, write_atomic
from .context import Context, Located

_FLOW_ANCHOR = re.compile(r"^(?P<lead>\s*(?:-\s+)?anchor:\s*)\{.*\}\s*$")


@dataclass
class Change:
    path: Path
    description: str


def _flow(anchor: Anchor) -> str:
    text = dump_yaml({"anchor": Flow(to_data(anchor))})
    return text.split(":", 1)[1].strip()


def _without_anchors(data: object) -> object:
    if isinstance(data, dict):
        return {k: _without_anchors(v) for k, v in data.items() if k != "anchor"}
    if isinstance(data, list):
        return [_without_anchors(v) for v in data]
    return data


def _fix_story(ctx: Context, story: Entry[Story], locs: list[Located]) -> list[Change]:
    path = story.path
    original = path.read_text(encoding="utf-8")
    lines = original.split("\n")
    missing: list[Located] = []
    notes: list[str] = []
    for loc in locs:
        new = loc.expected_anchor
        assert new is not None
        if loc.item.anchor is None:
            missing.append(loc)
            continue
        line_no = story.doc.position((*loc.path, "anchor"))[0]
        m = _FLOW_ANCHOR.match(lines[line_no - 1])
        if m is None:
            notes.append(f"{loc.label}: anchor is not on one line; run `newskb load` instead")
            continue
        lines[line_no - 1] = m.group("lead") + _flow(new)
        notes.append(
            f"{loc.label}: anchor line {loc.item.anchor.line}→{new.line}, start {loc.item.anchor.start}→{new.start}"
        )
    text = "\n".join(lines)
    if missing:
        canonical = render_entry(ctx.kb.root, path, "story", story.model)
        if canonical != original:
            notes += [
                f"{loc.label}: cannot add an anchor to a hand-formatted file; run `newskb load`" for loc in missing
            ]
        else:
            model = story.model
            for loc in missing:
                items = list(getattr(model, loc.kind))
                items[loc.index] = items[loc.index].model_copy(update={"anchor": loc.expected_anchor})
                model = model.model_copy(update={loc.kind: items})
            text = render_entry(ctx.kb.root, path, "story", model)
            notes += [f"{loc.label}: anchor added" for loc in missing]
    if text != original:
        before = _without_anchors(story.doc.data)
        after = _without_anchors(parse_yaml(text, path).data)
        if before != after:  # pragma: no cover - a guard: a fix must never change text
            return [Change(path, "not fixed: the rewrite would change more than anchors")]
        write_atomic(path, text)
    return [Change(path, n) for n in notes]


def fix_anchors(ctx: Context) -> list[Change]:
    """Rewrite drifted and missing anchors; returns what was (or could not be) changed."""
    todo: dict[int, list[Located]] = defaultdict(list)
    stories: dict[int, Entry[Story]] = {}
    for loc in ctx.located:
        if loc.expected_anchor is not None and loc.item.anchor != loc.expected_anchor:
            todo[id(loc.story)].append(loc)
            stories[id(loc.story)] = loc.story
    changes: list[Change] = []
    for key, locs in todo.items():
        changes += _fix_story(ctx, stories[key], locs)
    return changes
