"""Registry proposals: a speaker the narration names but no registry holds becomes a proposed entry.

`newskb load` appends the proposal to entries/people.yaml or
entries/organizations.yaml with `proposed: true`, the name as written as its
first alias (then the short forms the transcript also uses for it, such as
the family name: 佐々木ゆかり … 佐々木さん), and an id romanised from the name (pykakasi: Hepburn for kana and
kanji; a name already in Latin script is its own English name, accents kept, and its id
is its ASCII fold: Sébastien Roux, `sebastien-roux`). The file's existing bytes, comments included, are kept exactly: the
proposal is appended after them, never merged into them. A proposal is not
used for attribution (kb.entity_index skips it) until a person checks it and
deletes `proposed: true`; loading again then attributes the quotes.

An id never replaces an existing one: when the romanised id is taken the
proposal gets the next free `-2`, `-3`… and a note says which entry holds the
id, so a person can tell a namesake from an alias the registry is missing.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import InputError
from .models import Bilingual, Organization, OrgKind, Person
from .store import dump_yaml, parse_yaml, to_data

#: Registry file and top-level key for each kind of speaker.
FILES = {"person": ("people.yaml", "people"), "organization": ("organizations.yaml", "organizations")}


@dataclass(frozen=True)
class Proposal:
    kind: str  # "person" | "organization"
    name: str
    id: str
    line: int
    note: str | None = None
    aliases: tuple[str, ...] = ()
    """Short forms the transcript also uses for the name (佐々木 for 佐々木ゆかり), proposed as aliases."""


@lru_cache(maxsize=1)
def _kakasi():  # type: ignore[no-untyped-def]
    import pykakasi

    return pykakasi.kakasi()


#: Latin letters NFKD does not split into a base letter and a mark, with the ASCII a reader spells them with.
_FOLD = str.maketrans("øØłŁđĐðÐı", "oOlLdDdDi") | str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th"}
)


def is_latin(text: str) -> bool:
    """Whether every letter of the name is a Latin one (accents allowed): a name already spelt as English writes it."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(unicodedata.name(c, "").startswith("LATIN") for c in letters)


def ascii_fold(text: str) -> str:
    """A Latin name's letters without their accents (Sébastien -> Sebastien, Ørsted -> Orsted), for an id."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def romanise(name: str) -> str:
    """The name in Latin letters (Hepburn), word breaks kept: ジョン・スミス -> "jon sumisu".

    A name already in Latin script is its own spelling, accents included: pykakasi would read an accented
    letter as a separate syllable (Sébastien -> "S E Bastien").
    """
    text = unicodedata.normalize("NFKC", name).replace("・", " ").replace("＝", " ").replace("=", " ")
    if is_latin(text):
        return " ".join(text.split())
    return " ".join(part["hepburn"] for part in _kakasi().convert(text)).replace("・", " ")


def slug_for(name: str, kind: str) -> str:
    """A registry id for a name; a placeholder `person-<hash>` when it romanises to nothing usable."""
    words = re.findall(r"[a-z0-9]+", ascii_fold(romanise(name)).lower())
    slug = "-".join(words)
    if not slug or len(slug) > 60:
        slug = f"{kind}-{hashlib.sha1(name.encode('utf-8')).hexdigest()[:8]}"
    return slug


def english_name(name: str) -> str:
    """A placeholder English name for the editor to correct: the romanised name, title-cased.

    A name written in Latin script already is the English name, spelt as written (Sébastien Roux, DeepMind).
    """
    spelt = romanise(name)
    if is_latin(unicodedata.normalize("NFKC", name)):
        return spelt or name
    return " ".join(w.capitalize() for w in spelt.split()) or name


def plan(
    wanted: list[tuple[str, str, int]],
    taken: dict[str, str],
    known: set[tuple[str, str]],
    short_forms: dict[tuple[str, str], set[str]] | None = None,
) -> list[Proposal]:
    """Proposals for (kind, name, line) not yet held (`known`: (kind, alias) of every entry, proposals too).

    `taken` maps every id in use (any registry) to a description of its entry;
    `short_forms` the other forms the transcript writes for a name (an alias
    another entry already holds is left out).
    """
    out: list[Proposal] = []
    seen: set[tuple[str, str]] = set()
    for kind, name, line in wanted:
        if (kind, name) in known or (kind, name) in seen:
            continue
        seen.add((kind, name))
        base = slug_for(name, kind)
        pid, n, note = base, 2, None
        while pid in taken:
            pid, n = f"{base}-{n}", n + 1
        if pid != base:
            note = (
                f"proposal for {name}: id `{base}` is already {taken[base]}; proposed as `{pid}` "
                f"(if it is the same {kind}, add the alias {name} to `{base}` and delete the proposal)"
            )
        taken[pid] = f"proposed for {name}"
        extra = sorted(f for f in (short_forms or {}).get((kind, name), set()) if f != name and (kind, f) not in known)
        out.append(Proposal(kind, name, pid, line, note, tuple(extra)))
    return out


def entry_of(p: Proposal) -> Person | Organization:
    name = Bilingual(ja=p.name, en=english_name(p.name))
    aliases = [p.name, *p.aliases]
    if p.kind == "person":
        return Person(id=p.id, name=name, aliases=aliases, proposed=True)
    return Organization(id=p.id, name=name, kind=org_kind(p.name), aliases=aliases, proposed=True)


def org_kind(name: str) -> OrgKind:
    """The kind a name's last word says (総務省: government, 東都大学: research); else company, for a person to check."""
    # a parliament or a ministry's council (審議会) governs; a 評議会 / 協議会 may be any body's (an industry's)
    if re.search(r"(?:省|庁|当局|政府|(?<![評協])議会|委員会)$", name):
        return OrgKind.government
    if re.search(r"(?:大学|研究所|学会)$", name):
        return OrgKind.research
    return OrgKind.company


def appended(path: Path, key: str, old: str | None, proposals: list[Proposal]) -> str:
    """The registry file's text with the proposals appended after its existing bytes (checked by parsing)."""
    items = dump_yaml([to_data(entry_of(p)) for p in proposals])
    if old is None:
        text = f"{key}:\n{items}"
    else:
        text = old + ("" if old.endswith("\n") or not old else "\n") + items
    before = parse_yaml(old, path).data if old else {key: []}
    after = parse_yaml(text, path).data
    ok = (
        isinstance(after, dict)
        and isinstance(before, dict)
        and after.get(key, [])[: len(before.get(key) or [])] == (before.get(key) or [])
        and len(after.get(key) or []) == len(before.get(key) or []) + len(proposals)
    )
    if not ok:
        raise InputError(
            path,
            f"cannot append proposed entries: `{key}:` is not the file's last block list; "
            f"add {', '.join(p.name for p in proposals)} by hand",
        )
    return text
