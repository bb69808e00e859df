"""Finding registry people, organisations and products in text by name or alias.

Matching is exact on the aliases recorded in the registries (they are written
exactly as transcripts spell them); near-misses are the validator's business
(a likely transcription error), not the loader's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal

from ahocorasick_rs import AhoCorasick, MatchKind

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


def _is_katakana(ch: str) -> bool:
    return "ァ" <= ch <= "ヺ" or ch == "ー"


def _inside_word(text: str, start: int, end: int, size: int) -> bool:
    """Whether text[start:end] begins or ends with a letter that goes on into a longer word: Latin script
    (Fan in Fanta), or katakana (ファン in ステファン or ファンド), whose words are written without spaces too."""
    for inside in (_is_word, _is_katakana):
        if (inside(text[start]) and start > 0 and inside(text[start - 1])) or (
            inside(text[end - 1]) and end < size and inside(text[end])
        ):
            return True
    return False


def _every_match(text: str, automaton: AhoCorasick) -> list[tuple[int, int]]:
    """The spans `EntityIndex.find` keeps, from every (overlapping) match: the longest alias at each start, leftmost
    first, skipping those inside a Latin word (an alias starting inside a skipped one can still match)."""
    longest: dict[int, int] = {}
    for _, start, end in automaton.find_matches_as_indexes(text, overlapping=True):
        if longest.get(start, -1) < end:
            longest[start] = end
    size = len(text)
    spans: list[tuple[int, int]] = []
    pos = 0
    for start in sorted(longest):
        end = longest[start]
        if start >= pos and not _inside_word(text, start, end, size):
            spans.append((start, end))
            pos = end
    return spans


class EntityIndex:
    """All names of all registry entities, matched longest-first without overlaps.

    `related` ties entities the registries link (a person and the
    organisations they belong to, a product and its maker), both ways: the
    segmenter reads a line about a company's CEO as going on with the company.
    """

    related: Mapping[str, frozenset[str]] = MappingProxyType({})

    def __init__(self, names: Iterable[Name], links: Iterable[tuple[str, str]] = ()):
        related: dict[str, set[str]] = {}
        for a, b in links:
            related.setdefault(a, set()).add(b)
            related.setdefault(b, set()).add(a)
        if related:
            self.related = {k: frozenset(v) for k, v in sorted(related.items())}
        unique = {(n.alias, n.id): n for n in names if n.alias}
        self.names = sorted(unique.values(), key=lambda n: (-len(n.alias), n.alias, n.id))
        self.by_alias: dict[str, list[Name]] = {}
        for n in self.names:
            self.by_alias.setdefault(n.alias, []).append(n)
        self._automata: tuple[AhoCorasick, AhoCorasick] | None = None

    def __getstate__(self) -> dict[str, Any]:
        """The index without its automata (native objects that do not pickle): rebuilt on first use."""
        return {**self.__dict__, "_automata": None}

    def prepare(self) -> tuple[AhoCorasick, AhoCorasick] | None:
        """What `find` searches with, built now (on first use otherwise): compiled automata of every alias, one
        for the leftmost-longest matches and one for every match (overlapping).

        Cheap to build (a few milliseconds for 20,000 names, unlike an
        alternation regex, which takes ~1 s to compile), so a run that
        validates one story does not pay for the whole registry. Built before
        the validator forks its workers, which share it.
        """
        if self._automata is None and self.by_alias:
            aliases = list(self.by_alias)
            leftmost = AhoCorasick(aliases, matchkind=MatchKind.LeftmostLongest)
            self._automata = (leftmost, AhoCorasick(aliases, matchkind=MatchKind.Standard))
        return self._automata

    def find(self, text: str, offset: int = 0) -> list[Hit]:
        """Every non-overlapping mention in `text`; offsets are shifted by `offset`.

        Matches what the alternation of all aliases, longest first, would
        match (tests compare the two): the leftmost position where an alias starts, then the longest
        alias there. A match with a Latin-script letter on either side inside
        a Latin word is skipped (the search resumes one character later).
        The automaton finds the leftmost-longest matches in one native pass; a
        skipped match (rare: a name inside a longer Latin word) sends the
        search back to the every-match walk, which can resume mid-text.
        """
        scan = self.prepare()
        if scan is None:
            return []
        leftmost, every = scan
        found = leftmost.find_matches_as_indexes(text)
        if not found:
            return []
        size = len(text)
        spans: list[tuple[int, int]] = []
        for _, start, end in found:
            if _inside_word(text, start, end, size):
                spans = _every_match(text, every)
                break
            spans.append((start, end))
        by_alias = self.by_alias
        hits: list[Hit] = []
        for start, end in spans:
            alias = text[start:end]
            for name in by_alias[alias]:
                hits.append(Hit(start + offset, end + offset, name.id, name.kind, alias))
        return hits

    def ids(self, kind: Kind | None = None) -> set[str]:
        return {n.id for n in self.names if kind is None or n.kind == kind}


#: Words a name pattern can match that are not names.
NOT_NAMES = frozenset(
    {
        "彼",
        "彼女",
        "みんな",
        "皆",
        "私",
        "僕",
        "俺",
        "誰",
        "記事",
        "噂",
        "同社",
        "関係者",
        "情報筋",
        "専門家",
        "ニュース",
        "客",
        "皆様",
        "皆さん",
        # the unnamed side of an interview or press conference
        "聞き手",
        "司会",
        "質問者",
        "インタビュアー",
        "記者",
        "会場",
        "同",
        # katakana nouns a subject pattern can take for a name (その方のコメントが、「…」と)
        "コメント",
        "メッセージ",
        "インタビュー",
        "ユーザー",
        "メンバー",
        "チーム",
        "スタッフ",
        "ファン",
        "ネット",
        "レポート",
        "ブログ",
        "リリース",
        "アカウント",
        # katakana words for what someone does, not who they are (Acmeのエンジニアは「…」)
        "エンジニア",
        "デザイナー",
        "アナリスト",
        "リサーチャー",
        "プログラマー",
        "ディレクター",
        "マネージャー",
        "プロデューサー",
        "クリエイター",
        "イラストレーター",
        "アーティスト",
        "リーダー",
        "オーナー",
        "パートナー",
        "ジャーナリスト",
        "コンサルタント",
        "エコノミスト",
        "ストラテジスト",
        "トレーダー",
        "ライター",
        "レポーター",
        "キャスター",
        "アナウンサー",
        "コメンテーター",
        "ゲスト",
        "ホスト",
        "リスナー",
        "ユーチューバー",
        "インフルエンサー",
        "スポークスパーソン",
        "スポークスマン",
        "アシスタント",
        "ナビゲーター",
        "パーソナリティ",
        # katakana words for a kind of organisation, not its name (ベンチャーキャピタルの担当者は「…」)
        "ベンチャーキャピタル",
        "スタートアップ",
        "メーカー",
        "ベンダー",
        "プラットフォーム",
        "グループ",
        "コミュニティ",
        "サービス",
        "アプリ",
        "サイト",
        "メディア",
        "ファンド",
        "エージェンシー",
        "コンサル",
        "ベンチャー",
    }
)
