"""Finding registry people, organisations and products in text by name or alias.

Matching is exact on the aliases recorded in the registries (they are written
exactly as transcripts spell them); near-misses are the validator's business
(a likely transcription error), not the loader's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

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
        self._scan: tuple[re.Pattern[str], frozenset[str], int] | None = None

    def prepare(self) -> tuple[re.Pattern[str], frozenset[str], int] | None:
        """What `find` walks, built now (on first use otherwise): the aliases' first characters, every proper prefix.

        Cheap to build: no large regex to compile (an alternation or trie
        regex of 20,000 names takes ~1 s to build and compile, which a run that
        validates one story would pay for just to search a few lines).
        """
        if self._scan is None and self.by_alias:
            prefixes = {alias[:k] for alias in self.by_alias for k in range(1, len(alias))}
            firsts = sorted({alias[0] for alias in self.by_alias})
            starts = re.compile("[" + "".join(re.escape(ch) for ch in firsts) + "]")
            self._scan = (starts, frozenset(prefixes), max(map(len, self.by_alias)))
        return self._scan

    def find(self, text: str, offset: int = 0) -> list[Hit]:
        """Every non-overlapping mention in `text`; offsets are shifted by `offset`.

        Matches what the alternation of all aliases, longest first, would
        match (tests compare the two): the leftmost position where an alias starts, then the longest
        alias there. A match with a Latin-script letter on either side inside
        a Latin word is skipped (the search resumes one character later).
        """
        scan = self.prepare()
        if scan is None:
            return []
        starts, prefixes, longest = scan
        by_alias = self.by_alias
        size = len(text)
        hits: list[Hit] = []
        pos = 0
        while (m := starts.search(text, pos)) is not None:
            start = m.start()
            stop = min(size, start + longest)
            end = 0
            k = start + 1
            while k <= stop:
                piece = text[start:k]
                if piece in by_alias:
                    end = k
                elif piece not in prefixes:
                    break
                k += 1
            if not end:
                pos = start + 1
                continue
            alias = text[start:end]
            ascii_edges = _is_word(alias[0]) and start > 0 and _is_word(text[start - 1])
            ascii_edges |= _is_word(alias[-1]) and end < size and _is_word(text[end])
            if ascii_edges:
                pos = start + 1
                continue
            for name in by_alias[alias]:
                hits.append(Hit(start + offset, end + offset, name.id, name.kind, alias))
            pos = end
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
