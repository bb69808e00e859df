"""Finding registry people, organisations and products in text by name or alias.

Matching is exact on the aliases recorded in the registries (they are written
exactly as transcripts spell them); near-misses are the validator's business
(a likely transcription error), not the loader's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Literal

Kind = Literal["person", "organization", "product"]


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    id: str
    kind: Kind
    alias: str


@dataclass(frozen=True)
class Name:
    alias: str
    id: str
    kind: Kind


def _is_word(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "-_.")


class EntityIndex:
    """All names of all registry entities, matched longest-first without overlaps."""

    def __init__(self, names: Iterable[Name]):
        unique = {(n.alias, n.id): n for n in names if n.alias}
        self.names = sorted(unique.values(), key=lambda n: (-len(n.alias), n.alias, n.id))
        self.by_alias: dict[str, list[Name]] = {}
        for n in self.names:
            self.by_alias.setdefault(n.alias, []).append(n)
        if self.names:
            self._pattern = re.compile("|".join(re.escape(a) for a in dict.fromkeys(n.alias for n in self.names)))
        else:
            self._pattern = None

    def find(self, text: str, offset: int = 0) -> list[Hit]:
        """Every non-overlapping mention in `text`; offsets are shifted by `offset`."""
        if self._pattern is None:
            return []
        hits: list[Hit] = []
        pos = 0
        while (m := self._pattern.search(text, pos)) is not None:
            alias = m.group(0)
            start, end = m.span()
            ascii_edges = _is_word(alias[0]) and start > 0 and _is_word(text[start - 1])
            ascii_edges |= _is_word(alias[-1]) and end < len(text) and _is_word(text[end])
            if ascii_edges:
                pos = start + 1
                continue
            for name in self.by_alias[alias]:
                hits.append(Hit(start + offset, end + offset, name.id, name.kind, alias))
            pos = end
        return hits

    def ids(self, kind: Kind | None = None) -> set[str]:
        return {n.id for n in self.names if kind is None or n.kind == kind}
