"""Who a window of narration names: registry hits, the discourse's referents, the narrator.

References back (a role alone, a family name, 同社/同省, 彼) resolve through `Referents`, the people and
organisations the transcript has named so far, the most recent one that fits; `Resolver` turns a window into the
speaker it names (the person nearest the quote, else an organisation as the subject); `narrators` reads the name
the narrator gives in the greeting, for quotes of themself.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..source import SourceText
from .mentions import NOT_NAMES, EntityIndex, Hit
from .names import (
    APPOSED_ORG,
    AUTHOR_OF,
    BRACKETED_ORG,
    BY,
    CHANNEL_SUBJECT,
    HONORIFIC,
    INTRODUCED_BODY,
    KIND_BEFORE_NAME,
    KATAKANA_NAME,
    KIND_NOT_NAME,
    LATIN_FULL_NAME,
    LATIN_MENTION,
    LATIN_NAME,
    LATIN_ORG_WORD,
    LATIN_PERSON_NAME,
    NAME_RUN,
    NOT_A_KANJI_NAME,
    ORG_MENTION,
    ORG_WORD,
    PERSON_NAME,
    PUBLICATION,
    SPOKESPERSON,
    TITLE_BEFORE,
    NAME_CHAR,
    Candidate,
    _unregistered,
    short_names,
)
from .spans import _mask_quotes


class HitIndex:
    """Registry hits by kind, sorted, for "the last X before here" in logarithmic time."""

    def __init__(self, hits: list[Hit], publications: set[str]):
        self.lists: dict[str, list[Hit]] = {}
        for h in hits:
            self.lists.setdefault(h.kind, []).append(h)
            if h.kind == "organization" and h.id in publications:
                self.lists.setdefault("publication", []).append(h)
        self.ends = {k: [h.end for h in v] for k, v in self.lists.items()}
        self.starts = {k: [h.start for h in v] for k, v in self.lists.items()}

    def last(self, kinds: tuple[str, ...], before: int, after: int = -1) -> Hit | None:
        """The last hit of one of `kinds` lying within [after, before]."""
        best: Hit | None = None
        for kind in kinds:
            hits = self.lists.get(kind)
            if not hits:
                continue
            i = bisect.bisect_right(self.ends[kind], before) - 1
            if i >= 0 and hits[i].start >= after and (best is None or hits[i].start > best.start):
                best = hits[i]
        return best

    def within(self, kinds: tuple[str, ...], a: int, b: int) -> list[Hit]:
        """Every hit of `kinds` lying within [a, b], in order (callers pass short windows)."""
        out: list[Hit] = []
        for kind in kinds:
            hits = self.lists.get(kind, [])
            i = bisect.bisect_left(self.starts.get(kind, []), a)
            while i < len(hits) and hits[i].end <= b:
                out.append(hits[i])
                i += 1
        return sorted(out, key=lambda h: h.start)


#: A reference back to an organisation named before (同社は, 同省によると): the suffix says which kind; a museum or
#: library is 同館, an association 同会 (…を守る会, …協会: the last named whose name ends in 会).
SAME_ORG = re.compile(
    r"同(?P<kind>社|省|庁|大学|大|機構|協会|行|紙|誌|局|団体|研究所|グループ|委員会|評議会|審議会|協議会|学会|連盟|会議|財団|"
    r"連合|組合|館|会"
    # … or any kanji word the name of the organisation last named ends in (国家…弁公室 … 同弁公室, …州車両局 … 同局)
    r"|[一-龥]{2,3})"
    r"(?=は|が|も|の|によると|によりますと|によれば)"
)
#: The words of 同X that name the kind of body itself, not the last word of its name (同社 is any company's): for the
#: others (同館, 同会, 同財団, 同協議会…) a body named as a subject whose name ends in the word is the one meant.
SAME_ANY = frozenset({"社", "グループ", "行", "誌", "紙", "大"})
#: A name of any script as a clause's subject (串本町の南紀くろしお自然館が、, 社会福祉法人あかね雲会は、).
SUBJECT_NAME = re.compile(r"(?P<name>" + NAME_RUN + r")(?=[はが])")
#: How far back (characters) 同X looks for a subject whose name ends in X: the story's last few lines.
SUBJECT_BACK = 600
#: A body word standing alone as the subject at the start of a clause (委員会は, 連盟も): like 同委員会, the
#: organisation last named whose name ends in it; only words that end a body's name, never 会社 or a single kanji.
BARE_BODY = re.compile(
    r"(?<![^。、\s」』!！?？])(?P<kind>委員会|評議会|審議会|協議会|連盟|機構|協会|会議|機関|財団|学会|組合)"
    r"(?=は|が|も|によると|によりますと|によれば)"
)
#: A job title standing alone as a subject at the start of a clause (社長は…): the person last named with it
#: (not XのCEOは…, which names X's CEO, whoever the transcript named last with that title).
ROLE = r"(?:社長|会長|副社長|CEO|ＣＥＯ|CTO|COO|CFO|教授|准教授|博士|議員|大統領|首相|大臣|長官|代表|所長|部長|室長|局長|監督|先生|創業者)"
ROLE_SUBJECT = re.compile(
    rf"(?<![^。、\s」』!！?？])(?P<role>{ROLE})(?=は|が|も|によると|によりますと|によれば|いわく|曰く)"
)
ROLES = frozenset(re.findall(r"[^|()?:]+", ROLE))
#: The same company's officer (同社の社長は): the person last named with that title.
SAME_ORG_ROLE = re.compile(rf"同社の(?P<role>{ROLE})(?=は|が|も|によると|によりますと|によれば)")
#: 同氏 (the same person): the person last named.
SAME_PERSON = re.compile(r"同氏(?=は|が|も|に|の|によると|によりますと|によれば)")
#: A spokesperson or staff standing alone as a clause's subject (Googleも…選んでて、担当者は「…」, その広報は): the
#: body the narration named last, just before: a body speaks through its staff (SPOKESPERSON after its name).
BARE_CHANNEL = re.compile(rf"(?<![^。、\s」』])(?:その)?{SPOKESPERSON}(?=は|が|も)")
#: How many lines back a bare spokesperson looks for its body: its own and the one before.
CHANNEL_LINES = 2
#: The honorific or title right after a name.
TITLE_AFTER = re.compile(r"\s?" + HONORIFIC)
#: What joins a name to the person named right after it as its modifier (杜氏の梶木良平さん, 森氏の秘書の山田さん):
#: の, at most a short noun and の again between; the person after it is the one the words are of.
MODIFIER = re.compile(r"の(?:[^、。「」『』\s]{1,6}の)?")
#: How many earlier mentions a reference back looks through (the referent is always recent).
LOOKBACK = 64


@dataclass(frozen=True)
class Referent:
    """Someone the narration names, in order: the discourse's referents."""

    start: int
    end: int
    kind: str  # "person" | "organization"
    name: str
    """The name as written (the alias for a registry hit)."""
    hit: Hit | None = None
    title: str = ""
    """The honorific or title written right after the name (社長, CEO, さん…), or a job title written before it."""
    publication: bool = False
    """Named as the author of something quoted (Xの記事)."""
    introduced: bool = False
    """Introduced as a body by where its name stands (`INTRODUCED_BODY`), not by its shape nor a registry."""


#: A sentence opening on its subject, a place or kind before it (韓国の漢江都市鉄道が、): a body of any name's shape,
#: the one a 同社 opening the next sentence refers to; the particle's comma says the subject governs the sentence.
OPENING_SUBJECT = re.compile(
    r"\s*(?:[^、。「」『』\s]{1,8}?の)?(?P<name>[一-龥ァ-ヴーA-Za-z0-9・]{3,12})(?:が|は)[、,]"
)
#: A Latin-script full name with an honorific or title (Jane Doe氏, Omar bin Said博士).
TITLED_LATIN = re.compile(rf"(?<![A-Za-zÀ-ÿĀ-ſḀ-ỿ])(?P<name>{LATIN_PERSON_NAME})\s?{HONORIFIC}")
#: A katakana name followed by a particle (ハナダ・ロボティクスの…): a referent for 同社 when `_org_shaped`.
KATAKANA_MENTION = re.compile(rf"(?<![ァ-ヴー・])(?P<name>{KATAKANA_NAME})(?=[ぁ-ゖ、])")


def _org_shaped(name: str) -> bool:
    """Whether a katakana name ends in an organisation word after words of its own (ハナダ・ロボティクス, not ラボ)."""
    m = ORG_WORD.search(name)
    return m is not None and m.start() > 0


#: A Latin name's last word that makes it an organisation's (Ferrovia Labs, Orvane Health), after words of its own.
LATIN_ORG_END = re.compile(rf"(?<=\S) {LATIN_ORG_WORD}$")


#: How far after a body's mention (characters) its name written again is looked for: the story that named it.
AGAIN_WINDOW = 1200


def _overlaps(spans: list[tuple[int, int]], a: int, b: int) -> bool:
    """Whether [a, b) overlaps one of the sorted, disjoint `spans`: a name another mention holds is left to it."""
    i = bisect.bisect_right(spans, (a, float("inf"))) - 1
    return (i >= 0 and spans[i][1] > a) or (i + 1 < len(spans) and spans[i + 1][0] < b)


def _named_again(text: str, found: list[Referent]) -> list[Referent]:
    """The later mentions of each body the narration named with no registry (出版社の青柿舎が、… 青柿舎は声明で「…」): its
    name written again, whole, within `AGAIN_WINDOW`, is the same body, whatever its name's shape, so it speaks there
    as a subject as its first mention would (`introduced`); a span another mention holds is left to it."""
    spans = sorted((x.start, x.end) for x in found)
    out: list[Referent] = []
    for x in found:
        if x.kind != "organization" or x.hit is not None or x.publication:
            continue
        again = re.compile(rf"(?<![{NAME_CHAR}]){re.escape(x.name)}(?![{NAME_CHAR}])")
        for m in again.finditer(text, x.end, x.end + AGAIN_WINDOW):
            if _overlaps(spans, m.start(), m.end()):
                continue
            out.append(Referent(m.start(), m.end(), "organization", x.name, introduced=True))
            bisect.insort(spans, (m.start(), m.end()))
    return out


class Referents:
    """The people and organisations a transcript names, in order, for resolving references back.

    A role (社長:), a family name (田中CEO, 佐々木さん) or 同社/同省 refers to
    someone named earlier in the same transcript: the most recent mention that
    fits wins, so a full name the narration has just introduced is preferred
    over another registry person with the same family name.
    """

    def __init__(self, source: SourceText, hits: HitIndex):
        text = _mask_quotes(source.text)  # a name inside someone's quoted words introduces nobody
        found: list[Referent] = []
        taken: list[tuple[int, int]] = []
        # a firm named in brackets (スタートアップ「X」が): its name, not words, so a registered one still introduces it
        bracketed = {(m.start("name"), m.end("name")) for m in BRACKETED_ORG.finditer(source.text)}
        for kind in ("person", "organization"):
            for h in hits.lists.get(kind, []):
                if text[h.start : h.end].strip() or kind == "organization" and (h.start, h.end) in bracketed:
                    title = TITLE_AFTER.match(text, h.end, h.end + 8)
                    written = title.group(0).strip() if title else ""
                    publication = kind == "organization" and bool(AUTHOR_OF.match(text, h.end, h.end + 8))
                    found.append(Referent(h.start, h.end, kind, h.alias, h, written, publication))
                    taken.append((h.start, h.end))
        taken.sort()
        # one pass per pattern; a later pattern takes no span an earlier one took (taken is re-sorted between)
        patterns = ((PERSON_NAME, "person"), (INTRODUCED_BODY, "organization"), (ORG_MENTION, "organization"))
        patterns += ((APPOSED_ORG, "organization"), (BRACKETED_ORG, "organization"), (PUBLICATION, "organization"))
        patterns += ((KATAKANA_MENTION, "organization"), (LATIN_MENTION, "organization"))
        for pattern, kind in patterns:
            if pattern is INTRODUCED_BODY or pattern is APPOSED_ORG or pattern is KATAKANA_MENTION:
                taken = sorted(taken + [(x.start, x.end) for x in found if x.hit is None])
            # a firm's name in brackets is read on the text as written (the mask blanks every bracket's inside)
            for m in pattern.finditer(source.text if pattern is BRACKETED_ORG else text):
                group = next(g for g in ("inst", "mixed", "kanji", "name") if g in pattern.groupindex and m.group(g))
                a, b = m.start(group), m.end(group)
                if _overlaps(taken, a, b):
                    continue
                name = m.group(group)
                if pattern is INTRODUCED_BODY and (kind_word := KIND_BEFORE_NAME.match(name)):
                    a, name = a + kind_word.end(), name[kind_word.end() :]  # 団体X: X
                if name in NOT_NAMES or name.startswith("同"):
                    continue
                if pattern is INTRODUCED_BODY and (KIND_NOT_NAME.search(name) or TITLE_AFTER.match(text, b)):
                    continue  # a kind of body (音声スタジオ), a person named so (…さん)
                if group == "kanji" and (
                    len(name) < 2
                    or KIND_NOT_NAME.search(name)
                    or NOT_A_KANJI_NAME.fullmatch(name)
                    or re.fullmatch(HONORIFIC, name)
                ):
                    continue  # after its kind, a person of the body (会社の社長が、, 団体の研究者は、) or 会社の仲が、 names none
                if pattern is KATAKANA_MENTION and not _org_shaped(name):
                    continue  # a katakana name is a company's only when it ends in an organisation word
                if pattern is LATIN_MENTION and not LATIN_ORG_END.search(name):
                    continue  # … and so is a Latin one (Ferrovia Labs; John Smith is nobody's company)
                found.append(
                    Referent(
                        a,
                        b,
                        kind,
                        name,
                        None,
                        text[b : m.end()].strip(),
                        publication=pattern is PUBLICATION,
                        introduced=pattern is INTRODUCED_BODY,
                    )
                )
        found += _named_again(text, found)
        for i, x in enumerate(found):
            # a title written before the name, where the name itself carries only an honorific (社長は林浩之さん)
            if (
                x.kind == "person"
                and x.title not in ROLES
                and (t := TITLE_BEFORE.search(text, max(0, x.start - 6), x.start))
            ):
                found[i] = Referent(x.start, x.end, x.kind, x.name, x.hit, t.group("role"), x.publication)
        found.sort(key=lambda x: x.start)
        self.text = text
        self.mentions = found
        self.starts = [x.start for x in found]

    def _back(self, before: int) -> list[Referent]:
        i = bisect.bisect_left(self.starts, before)
        return self.mentions[max(0, i - LOOKBACK) : i][::-1]

    def introduced_within(self, a: int, b: int) -> list[Referent]:
        """The bodies the narration introduces within [a, b) (`INTRODUCED_BODY`), in order."""
        i = bisect.bisect_left(self.starts, a)
        out: list[Referent] = []
        while i < len(self.mentions) and self.mentions[i].start < b:
            x = self.mentions[i]
            if x.introduced and x.end <= b:
                out.append(x)
            i += 1
        return out

    def by_title(self, title: str, before: int) -> Referent | None:
        """The person last named with this title (森健二社長 … 社長:)."""
        return next((x for x in self._back(before) if x.kind == "person" and x.title == title), None)

    def publication(self, before: int, after: int) -> Referent | None:
        """The publication last named as the author of something quoted, within [after, before)."""
        return next((x for x in self._back(before) if x.publication and x.start >= after), None)

    def org_named(self, name: str, before: int) -> Referent | None:
        """An earlier mention of `name` as an organisation (ミナモっていう会社 … ミナモは「…」)."""
        return next((x for x in self._back(before) if x.kind == "organization" and x.name == name), None)

    def last_org(self, before: int, after: int) -> Referent | None:
        """The organisation last named within [after, before), not as the author of an article (Xの記事によると)."""
        return next(
            (x for x in self._back(before) if x.kind == "organization" and not x.publication and x.start >= after), None
        )

    def last_person(self, before: int) -> Referent | None:
        return next((x for x in self._back(before) if x.kind == "person"), None)

    def by_family_name(self, form: str, before: int) -> Referent | None:
        """The person last named in full whose name this short form is part of (佐々木ゆかり … 佐々木さん)."""
        for x in self._back(before):
            if x.kind != "person" or len(x.name) <= len(form):
                continue
            # ジョー・ドミンゲス … ドミンゲス; a family name of several parts too (ヨハン・ファン・ダイク … ファン・ダイク)
            if x.name.startswith(form) and re.match(r"[一-龥々]", form) or x.name.endswith("・" + form):
                return x
            # Margaret Holloway … Holloway; a family name of several words too (Maarten De Smedt … De Smedt)
            if x.name.endswith(" " + form) and re.fullmatch(LATIN_NAME, form):
                return x
        return None

    def opening_subject(self, at: int) -> Referent | None:
        """The subject the sentence right before `at` opens on (韓国の漢江都市鉄道が、…を始めた。同社は…): when 同社
        opens its own sentence, the body that sentence was about, whatever its name's shape, if the sentence names
        no other organisation the registry or a name's shape knows; else None."""
        text = self.text
        head = max(text.rfind("。", 0, at), text.rfind("\n", 0, at)) + 1
        if text[head:at].strip() or head < 2:
            return None  # 同社 does not open its sentence
        end = head - 1 if text[head - 1] == "。" else text.rfind("。", 0, head - 1)
        if end < 0 or text[end] != "。":
            return None
        start = max(text.rfind("。", 0, end), text.rfind("\n", 0, end)) + 1
        m = OPENING_SUBJECT.match(text, start, end)
        if m is None or any(x.kind == "organization" and start <= x.start < end for x in self._back(end)):
            return None
        name = m.group("name")
        if name in NOT_NAMES or NOT_A_KANJI_NAME.fullmatch(name) or TITLE_AFTER.match(text, m.end("name")):
            return None
        if re.search(r"[者員人家手師士]$", name):
            return None  # a person named by what they do (研究者が、…) is no body
        return Referent(m.start("name"), m.end("name"), "organization", name)

    def same_org(self, kind: str, before: int) -> Referent | None:
        """The organisation 同社/同省… refers to: the last one named (with that suffix, for 同省, 同大学…)."""
        for x in self._back(before):
            if x.kind != "organization":
                continue
            if x.publication and kind not in ("誌", "紙"):
                continue  # Bloombergの記事によると… 同社は: the company the article is about, not its publisher
            if kind in ("社", "グループ", "行") or x.name.endswith(kind) or kind == "大" and x.name.endswith("大学"):
                return x
            if kind in ("誌", "紙") and x.publication:
                return x  # The Informationの記事によると… 同誌は
        return None if kind in SAME_ANY else self.subject_ending(kind, before)

    def subject_ending(self, kind: str, before: int) -> Referent | None:
        """The body last named as a clause's subject, whatever its name's script, whose name ends in `kind`
        (串本町の南紀くろしお自然館が、…を公開した。同館は「…」): 同 and the word say a body was just named and how its name
        ends, so the subject that ends so is that body though no shape or registry knew it; a kind of body written
        before the name is not part of it (社会福祉法人あかね雲会は … 同会: あかね雲会); else None."""
        floor = max(0, before - SUBJECT_BACK)
        found = None
        for m in SUBJECT_NAME.finditer(self.text, floor, before):
            name = m.group("name")
            if (k := KIND_BEFORE_NAME.match(name)) is not None:
                name = name[k.end() :]
            if name.endswith(kind) and len(name) > len(kind) and not name.startswith("同") and name not in NOT_NAMES:
                found = Referent(m.end() - len(name), m.end(), "organization", name)
        return found


class Resolver:
    """Who a window of narration names as the speaker."""

    def __init__(self, source: SourceText, hits: HitIndex, index: EntityIndex):
        self.source = source
        self.hits = hits
        self.short = short_names(index)
        self.referents = Referents(source, hits)
        self.narrators = narrators(source, index)
        masked = _mask_quotes(source.text)
        #: The Latin-script full names the transcript writes with an honorific or title (Jane Doe氏): its way of
        #: writing a person, which a bare Latin name it never writes so does not follow.
        self.titled_latin = {m.group("name") for m in TITLED_LATIN.finditer(masked)}

    def _latin_body(self, c: Candidate) -> bool:
        """Whether a bare Latin full name taken as a person (Sonora Collectiveが, no honorific) is rather a body: the
        transcript writes its Latin-script people with an honorific (Jane Doe氏) and never this name so, nor gives
        it after a noun for a person (評論家John Smithは)."""
        if c.kind != "person" or c.hit is not None or c.written is not None or not c.name:
            return False
        if not re.fullmatch(LATIN_FULL_NAME, c.name) or TITLE_AFTER.match(self.source.text, c.end, c.end + 8):
            return False
        if not self.titled_latin or any(t == c.name or t.endswith(" " + c.name) for t in self.titled_latin):
            return False  # (CEO Jane Doe氏 … Jane Doeは: the same person)
        return self.source.text[c.start - 1 : c.start] not in tuple("者家士員師手官")

    def first_person(self, line: int) -> Candidate | None:
        """Who 私 / 僕 is on this line: the speaker its label names (リョウ: …), the host a label stands for (A:
        after A: どうも、ケンです), else the one narrator the greeting names."""
        m = LINE_LABEL.match(self.source.line(line))
        if m is None:
            return self.narrators.get(None)
        if HOST_LABEL.fullmatch(m.group("name")):
            return self.narrators.get(m.group("name"))
        return _dialogue(self, m.group("name"), self.source.line_starts[line - 1] + m.start("name"))

    def _refer(self, c: Candidate, x: Referent, short_form: bool = False) -> Candidate:
        """`c` resolved to the earlier mention `x` it refers to; `short_form`: `c` is a short form of the name."""
        if x.hit is not None:
            return Candidate(c.start, c.end, hit=Hit(c.start, c.end, x.hit.id, x.hit.kind, c.name or ""), kind=x.kind)
        written = c.name if short_form and c.name != x.name else None
        return Candidate(c.start, c.end, name=x.name, kind=x.kind, written=written)

    def _registered(self, h: Hit) -> Candidate:
        """A registry hit; a short form (田中, an alias of one 田中) that the narration has just given in full for
        someone else (田中誠CEO … 田中CEO:) is that someone: the transcript's own introduction beats a namesake."""
        c = Candidate(h.start, h.end, hit=h, kind=h.kind)
        if h.kind != "person":
            return c
        form = self.source.text[h.start : h.end]
        x = self.referents.by_family_name(form, h.start)
        if x is None or x.hit is not None and x.hit.id == h.id:
            return c
        return self._refer(Candidate(h.start, h.end, name=form), x, short_form=True)

    def candidates(self, a: int, b: int, subject_only: bool = False) -> list[Candidate]:
        found = [self._registered(h) for h in self.hits.within(("person", "organization"), a, b)]
        taken = [(c.start, c.end) for c in found]
        text = self.source.text
        masked = _mask_quotes(text[a:b])
        taken += [(a + m.start(), a + m.end()) for m in CHANNEL_SUBJECT.finditer(masked)]  # 公式アカウント is no name
        for m in SAME_ORG_ROLE.finditer(masked):
            x = self.referents.by_title(m.group("role"), a + m.start())
            if x is not None:
                found.append(self._refer(Candidate(a + m.start(), a + m.end(), name=m.group(0)), x))
                taken.append((a + m.start(), a + m.end()))
        for m in SAME_ORG.finditer(masked):
            if any(s <= a + m.start() < e for s, e in taken):
                continue
            x = self.referents.same_org(m.group("kind"), a + m.start())
            if m.group("kind") == "社" and (y := self.referents.opening_subject(a + m.start())) is not None:
                x = y if x is None or x.start < y.start else x  # the subject of the sentence before wins
            if x is not None:
                found.append(self._refer(Candidate(a + m.start(), a + m.end(), name=m.group(0)), x))
            taken.append((a + m.start(), a + m.end()))
        for m in BARE_CHANNEL.finditer(masked):
            # 担当者は「…」 with no body before it in its clause: the body named last, on this line or the one before
            at = a + m.start()
            if at > 0 and text[at - 1] not in "。、 \n」』" or any(c.start <= at < c.end for c in found):
                continue  # Xの担当者は: X's, the name before it speaks
            line = self.source.line_of(at)
            floor = self.source.line_starts[max(self.source.body_lines.start, line - CHANNEL_LINES + 1) - 1]
            own = [c for c in found if c.kind == "organization" and c.end <= at]
            if own:
                continue  # the window names the body itself (「OpenAIは…。広報担当者は『…』」): that one speaks
            x = self.referents.last_org(at, floor)
            if x is not None:
                found.append(self._refer(Candidate(at, a + m.end(), name=m.group(0)), x))
            taken.append((at, a + m.end()))
        for m in BARE_BODY.finditer(masked):
            # 英国選挙委員会が…。委員会は「…」: the body word alone, the organisation last named with it
            if any(s <= a + m.start() < e for s, e in taken):
                continue
            x = self.referents.same_org(m.group("kind"), a + m.start())
            if x is not None and x.name != m.group("kind"):
                found.append(self._refer(Candidate(a + m.start(), a + m.end(), name=m.group(0)), x))
                taken.append((a + m.start(), a + m.end()))
        for pattern, refer in ((ROLE_SUBJECT, self.referents.by_title), (SAME_PERSON, None)):
            for m in pattern.finditer(masked):
                at = a + m.start()
                if any(s <= at < e for s, e in taken):
                    continue
                x = refer(m.group("role"), at) if refer is not None else self.referents.last_person(at)
                if x is not None:
                    found.append(self._refer(Candidate(at, a + m.end(), name=m.group(0)), x))
                taken.append((at, a + m.end()))
        for x in self.referents.introduced_within(a, b):
            # a body the narration introduces right here (埠頭を運営しとうXの担当者は): its name whole, whatever its shape
            if all(x.end <= s or x.start >= e for s, e in taken):
                found.append(Candidate(x.start, x.end, name=x.name, kind="organization"))
                taken.append((x.start, x.end))
        for c in _unregistered(text[a:b], a, taken, subject_only):
            if c.kind == "surname":
                x = self.referents.by_family_name(c.name or "", c.start)
                if x is not None and x.kind == "person":
                    found.append(self._refer(Candidate(c.start, c.end, name=c.name), x, short_form=True))
                else:
                    # one Latin word as the subject, no full name before it (Waymoは、…と発表した): a company, as
                    # Japanese news names a person in Latin script in full
                    found.append(Candidate(c.start, c.end, name=c.name, kind="organization"))
                continue
            if c.kind == "person" and c.name:
                x = self.referents.by_family_name(c.name, c.start)
                if x is not None:
                    c = self._refer(c, x, short_form=True)
                elif c.name in self.short:
                    h = self.short[c.name]
                    c = Candidate(c.start, c.end, hit=Hit(c.start, c.end, h.id, "person", c.name), kind="person")
                elif self.referents.org_named(c.name, c.start if "・" in c.name else c.end) is not None:
                    # ミナモっていう会社 … ミナモは, or one word named as a firm right here (通販大手のミナモは「…」;
                    # 開発会社のジョン・ミラーは is a person's given and family names, the firm's man)
                    c = Candidate(c.start, c.end, name=c.name, kind="organization")
                elif self._latin_body(c):
                    c = Candidate(c.start, c.end, name=c.name, kind="organization")
            found.append(c)
        return sorted(found, key=lambda c: c.start)

    def _modifies(self, c: Candidate, d: Candidate) -> bool:
        """Whether the name `c` only modifies the person `d` named right after it (杜氏の梶木良平さん)."""
        return MODIFIER.fullmatch(self.source.text, c.end, d.start) is not None

    def _bare(self, c: Candidate) -> bool:
        """A person candidate named only by the shape of a bare word (no registry, no honorific or title after it)."""
        return c.hit is None and c.written is None and TITLE_AFTER.match(self.source.text, c.end, c.end + 8) is None

    def pronoun(self, at: int) -> Candidate | None:
        """彼 / 彼女 / この人 at `at`: the person last named before it, on any earlier line."""
        x = self.referents.last_person(at)
        return self._refer(Candidate(at, at + 1, name="彼"), x) if x is not None else None

    def by_role(self, role: str, at: int) -> Candidate | None:
        """A speaker given by role alone (社長:): the person the transcript last named with that title."""
        x = self.referents.by_title(role, at)
        return self._refer(Candidate(at, at + len(role), name=role), x) if x is not None else None

    def speaker(self, a: int, b: int, last: bool = True, orgs: bool = True) -> Candidate | None:
        """The speaker a window [a, b) names: the person nearest the quote, else a subject organisation."""
        found = self.candidates(a, b, subject_only=True)
        people = [c for c in found if c.kind == "person"]
        # XのYさん: Y is the one named, X what Y is or whose (杜氏の梶木良平さん, 森氏の秘書の山田さん)
        people = [c for c, d in zip(people, [*people[1:], None]) if d is None or not self._modifies(c, d)]
        if people and not orgs:
            return people[-1] if last else people[0]
        text = self.source.text
        subjects = [
            c
            for c in found
            if c.kind != "person"
            and re.match(
                # a title's closing bracket may stand between (業界紙『電子時報』は), an acronym in brackets too
                r"(?:[」』](?=[はがも]))?(?:[(（][A-Za-z0-9・ー\s]{1,12}[)）])?(?:社|側)?(?:の"
                + SPOKESPERSON
                + r")?(?:は|が|も|"
                + BY
                + r"|の(?:記事|発表|声明|コメント|談話|回答|見解)"
                # the organisation asked, then its spokesperson answers (Xに確認したところ、広報担当者は)
                + r"|に(?:確認|問い合わせ|取材|尋ね|聞い|質問)[^。「」『』]{0,10}?[、,]\s*"
                + SPOKESPERSON
                + r"(?:は|が|も))",
                text[c.end : c.end + 32],
            )
            or c.kind != "person"
            and CHANNEL_SUBJECT.match(text, c.end, c.end + 16)
        ]
        if not orgs:
            subjects = []
        if people:
            person = people[-1] if last else people[0]
            if last and subjects and subjects[-1].start > person.end and self._bare(person):
                return subjects[-1]  # エージェントは…噂も出たけど、Anthropicは「…」: the subject nearest the quote
            return person
        if subjects:
            s = subjects[-1] if last else subjects[0]
            if re.match(BY, text[s.end : s.end + 8]) and UNNAMED_SUBJECT.search(_mask_quotes(text[s.end : b])):
                return None  # Xによると、Yの幹部が「…」と話した: the source reports someone it does not name
            return s
        return None


#: An unnamed person as a clause's subject (幹部が, エンジニアの一人が, 社員らは): someone a source reports, not the source.
UNNAMED_SUBJECT = re.compile(
    r"(?:幹部|社員|従業員|職員|エンジニア|技術者|開発者|研究者|元社員|メンバー|一人|ひとり)(?:ら|たち)?(?:は|が|も)[、,]?"
)
#: A podcast host's placeholder label (A: / B:): the line is narration, not the label's statement.
HOST_LABEL = re.compile(r"[A-ZＡ-Ｚ]")
#: A narrator introducing themself in the greeting (どうもー、ハルです。 / こんにちは、案内役の森です) or signing off
#: by name (ハルでした。): the name a self-quote (私、前の動画で「…」って言った) is attributed to.
SELF_INTRODUCTION = re.compile(
    r"(?:どうも|こんにちは|こんばんは|おはようございます|はじめまして|初めまして|まいど|おおきに|やあ|はい)[ーっ〜~!！、,\s]*"
    r"(?:(?:[「『][^」』]*[」』]|[^、。「」『』\s]{1,12})の)?"
    r"(?P<name>[ァ-ヴー]{2,8}|[一-龥々]{2,5}|[ぁ-ゖ]{2,4})(?:です|やで|だよ|でーす|と申します)"
    r"|(?:^|[。!！]\s*)(?:[A-ZＡ-Ｚ]\s*[:：]\s*)?(?:MC|司会|ナビゲーター|案内役|アシスタント|パーソナリティ|進行役?|ホスト|"
    r"キャスター|アナウンサー|担当)の(?P<intro>[ァ-ヴー]{2,8}|[一-龥々]{2,5}|[ぁ-ゖ]{2,4})(?:です|やで|だよ|でーす|と申します)"
    r"|(?:^|[。!！\s])(?P<signoff>[ァ-ヴー]{2,8})でした[。!！]?\s*$"
)
#: How many lines at each end of the narration may hold the narrator's greeting or sign-off.
GREETING_LINES = 3
#: A line's speaker label (A: / ケン: / 田中先生：).
LINE_LABEL = re.compile(r"^\s*(?P<name>[^「」『』。、:：\s]{1,12})\s*[:：]")


def narrators(source: SourceText, index: EntityIndex) -> dict[str | None, Candidate]:
    """Who the narrator says they are, by the name given in the greeting or the sign-off (key None, when one name
    alone is given), and which host each placeholder label stands for (A: どうも、ケンです → key "A").

    Two different names (a podcast's two hosts: ケンです / ユミです) give no
    narrator: a self-quote on an unlabelled line could be either host's.
    """
    body = list(source.body_lines)
    lines = body[:GREETING_LINES] + body[-GREETING_LINES:]
    found: dict[str, int] = {}
    labels: dict[str, str] = {}
    for n in dict.fromkeys(lines):
        text = _mask_quotes(source.line(n))
        label = LINE_LABEL.match(text)
        for m in SELF_INTRODUCTION.finditer(text):
            group = next(g for g in ("name", "intro", "signoff") if m.group(g))
            if m.group(group) not in NOT_NAMES:
                found.setdefault(m.group(group), source.line_starts[n - 1] + m.start(group))
                if label is not None and HOST_LABEL.fullmatch(label.group("name")):
                    labels.setdefault(label.group("name"), m.group(group))

    def person(name: str) -> Candidate:
        at = found[name]
        hits = [h for h in index.find(name) if h.kind == "person" and h.alias == name]
        if hits:
            return Candidate(at, at + len(name), hit=Hit(at, at + len(name), hits[0].id, "person", name), kind="person")
        return Candidate(at, at + len(name), name=name, kind="person")

    out: dict[str | None, Candidate] = {label: person(name) for label, name in labels.items()}
    if len(found) == 1:
        out[None] = person(next(iter(found)))
    return out


def _dialogue(who: Resolver, name: str, offset: int) -> Candidate | None:
    """The speaker of a dialogue line: a name (with title), a role alone (社長: the 社長 named before), or none.
    An aside in parentheses closing the name (トム・リー(ハナダ社CEO):) says who the person is, not who speaks."""
    name = DIALOGUE_ASIDE.sub("", name)
    role = name.strip()
    if ANONYMOUS_ROLE.fullmatch(role) and not re.fullmatch(r"[一-龥々]+" + HONORIFIC, re.sub(POLITE + "$", "", role)):
        return None
    if re.fullmatch(HONORIFIC, role):
        return who.by_role(role, offset)
    named = who.speaker(offset, offset + len(name) + 6, orgs=True) or _bare(name, offset)
    if named is not None and named.hit is None and named.kind == "person" and named.name:
        # ブルックス: after 司会のケイラ・ブルックスさん: a family name alone as the label is the person named in full
        x = who.referents.by_family_name(named.name, offset)
        if x is not None:
            return who._refer(named, x, short_form=True)
    return named


#: A dialogue label that names a role, not a person (お客さん:, 店員さん:, 記者:, 住民:, 観客の女性:): an unnamed voice,
#: never a name to propose. A polite prefix (お客, ご主人) or a kanji role noun (…者, …員, …民) with at most an
#: honorific, or such a noun then の and a man or woman; a name before a title (森記者:, 桂木研究員:) is a person.
ANONYMOUS_ROLE = re.compile(
    r"(?:(?:[おご御][一-龥]{1,2}|[一-龥]{0,3}(?:[者員民客]|学生|生徒|主婦|市民|店主|ファン))(?:の(?:男性|女性|方))?"
    r"|男性|女性|男の子|女の子)(?:さん|様|さま|ちゃん|くん)?"
)
#: The honorifics a role noun takes (店員さん, お客様), stripped before asking whether a title follows a name.
POLITE = r"(?:さん|様|さま|ちゃん|くん)"
#: An affiliation or title in parentheses closing a dialogue line's name (トム・リー(ハナダ社CEO):).
DIALOGUE_ASIDE = re.compile(r"\s*[(（][^()（）]{1,30}[)）]\s*$")


def _bare(name: str, offset: int) -> Candidate | None:
    """A dialogue name no registry has: the name before the colon, without honorific."""
    name = re.sub(HONORIFIC + r"$", "", name.strip()).strip()
    if not name or name in NOT_NAMES or re.fullmatch(r"[\d０-９一二三四五六七八九十]+", name):
        return None
    return Candidate(offset, offset + len(name), name=name, kind="person")
