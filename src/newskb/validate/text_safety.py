"""B506 — invisible characters that reorder text: the "Trojan Source" trick in titles, aliases and notes.

Bidirectional controls (U+202A–U+202E embeddings and overrides, U+2066–U+2069
isolates, U+200E/U+200F/U+061C marks) make a browser show text in another
order than it is stored: an alias can read as one name and match another, a
claim can show a number reversed. Japanese and English never need them, so
any occurrence in any text field of an entry is an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ..diagnostics import Diagnostic
from ..kb import Entry
from .context import Context, find_values
from .registry import rule

#: Bidirectional formatting characters (Unicode's Bidi_Control property).
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@rule(
    "B506",
    "a text contains a bidirectional control character (U+202A–U+202E, U+2066–U+2069, …) that reorders it",
    scope="story",
)
def bidi_controls(ctx: Context) -> Iterable[Diagnostic]:
    kb = ctx.kb
    for entry in [*kb.stories, *kb.sources.values(), *kb.registry_docs.values()]:
        # Nearly no entry has one: a file whose text has no such character nor an escape that could write one
        # (the reader notes it, store.INVISIBLE) is skipped; else pydantic's JSON of the model (every string,
        # written unescaped) is searched in one native pass, and only an entry with a hit is walked string by string.
        if entry.doc.invisible is False or BIDI_CONTROLS.search(entry.model.model_dump_json()) is None:
            continue
        yield from _in_entry(ctx, entry)


def _in_entry(ctx: Context, entry: Entry[Any]) -> Iterable[Diagnostic]:
    for path, value in find_values(entry.model, (str,)):
        m = BIDI_CONTROLS.search(value)
        if m is None:
            continue
        where = ".".join(map(str, path))
        yield ctx.at(
            "B506",
            entry,
            path,
            f"`{where}` contains U+{ord(m.group()):04X}, a bidirectional control that shows the text in another order",
            "remove the character",
        )
