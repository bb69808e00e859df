"""The knowledge base as relational tables: the one declaration every export format reads.

Each `Table` names its columns (with a type and an English and a Japanese
description), its primary key, its foreign keys and the columns searched by
full-text search; `rows()` turns a loaded knowledge base into the rows of
every table. SQLite, CSV and JSON Lines are written from the same rows, so the
formats cannot disagree.

Keys are the entries' own ids, never positions, so a row keeps its key when
other entries are added: a story is its id, a quote or claim
`<story id>/<quote or claim id>` (ids are unique within a story), a citation
`<owner key>/<role>/<n>`. Rows come out sorted by key (stories by id, items in
file order), so the same entries give the same tables in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError
from ..kb import KnowledgeBase
from ..models import Citation, Claim, Story
from ..render import routes

Row = dict[str, Any]


@dataclass(frozen=True)
class Column:
    name: str
    type: type
    en: str
    ja: str


@dataclass(frozen=True)
class Table:
    name: str
    en: str
    ja: str
    columns: tuple[Column, ...]
    pk: str | tuple[str, ...]
    #: (column, other table, other column)
    foreign_keys: tuple[tuple[str, str, str], ...] = ()
    #: Columns indexed for full-text search (both languages side by side).
    fts: tuple[str, ...] = ()
    not_null: frozenset[str] = field(default_factory=frozenset)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _c(name: str, kind: type, en: str, ja: str) -> Column:
    return Column(name, kind, en, ja)


def _bi(prefix: str, en: str, ja: str) -> tuple[Column, Column]:
    """A bilingual text as two columns side by side: `<prefix>_ja`, `<prefix>_en`."""
    return (_c(f"{prefix}_ja", str, f"{en} (Japanese)", f"{ja}(日本語)"), _c(f"{prefix}_en", str, f"{en} (English)", f"{ja}(英語)"))


def _anchor() -> tuple[Column, ...]:
    return (
        _c("anchor_line", int, "Line of the transcript the text is on (1-based)", "文字起こしの行番号(1始まり)"),
        _c("anchor_start", int, "Start offset in the transcript, in code points", "文字起こし内の開始位置(コードポイント)"),
        _c("anchor_end", int, "End offset in the transcript (exclusive)", "文字起こし内の終了位置(この位置を含まない)"),
    )


_URL_EN = _c("url_en", str, "Page on the site (English)", "サイト上のページ(英語)")
_URL_JA = _c("url_ja", str, "Page on the site (Japanese)", "サイト上のページ(日本語)")

SOURCES = Table(
    "sources",
    "Transcripts the stories come from",
    "記事の元になった文字起こし",
    (
        _c("id", str, "Source id", "ソースID"),
        _c("file", str, "Transcript file in the repository", "リポジトリ内の文字起こしファイル"),
        _c("sha256", str, "SHA-256 of the transcript", "文字起こしのSHA-256"),
        _c("kind", str, "What the transcript is (e.g. a note.com article)", "文字起こしの種類(例: note.comの記事)"),
        *_bi("title", "Title", "タイトル"),
        _c("declared_length", int, "Length the transcript declares, in characters", "文字起こしが示す文字数"),
        _c("body_length", int, "Measured body length, in characters", "実測した本文の文字数"),
        _c("lines", int, "Lines in the transcript", "文字起こしの行数"),
        _c("translates_url", str, "URL of what it translates, if known", "翻訳元のURL(判明している場合)"),
        _c("translates_verified", int, "1 when what it translates was identified", "翻訳元を特定できた場合は1"),
        _c("published_earliest", str, "Earliest possible publication date", "公開日の最も早い可能性"),
        _c("published_latest", str, "Latest possible publication date", "公開日の最も遅い可能性"),
        *_bi("description", "Description", "説明"),
        _URL_EN,
        _URL_JA,
    ),
    "id",
)

PEOPLE = Table(
    "people",
    "People quoted, mentioned or making claims",
    "引用・言及された人物、主張をした人物",
    (
        _c("id", str, "Person id", "人物ID"),
        *_bi("name", "Name", "名前"),
        *_bi("role", "Role", "役職・立場"),
        _c("aliases", str, "Names as transcripts spell them (JSON array)", "文字起こしでの表記(JSON配列)"),
        _c("links", str, "Links about the person (JSON array of {url, title})", "人物についてのリンク(JSON配列)"),
        _URL_EN,
        _URL_JA,
    ),
    "id",
)

ORGANIZATIONS = Table(
    "organizations",
    "Organisations, publications included",
    "組織(報道機関を含む)",
    (
        _c("id", str, "Organisation id", "組織ID"),
        *_bi("name", "Name", "名前"),
        _c("kind", str, "company, publication, government, investor, studio or research", "種類(企業・報道機関・政府など)"),
        *_bi("role", "Role", "役割"),
        _c("aliases", str, "Names as transcripts spell them (JSON array)", "文字起こしでの表記(JSON配列)"),
        _c("links", str, "Links (JSON array of {url, title})", "リンク(JSON配列)"),
        _URL_EN,
        _URL_JA,
    ),
    "id",
)

PRODUCTS = Table(
    "products",
    "Products and models",
    "製品・モデル",
    (
        _c("id", str, "Product id", "製品ID"),
        *_bi("name", "Name", "名前"),
        _c("maker", str, "Organisation that makes it", "開発・製造した組織"),
        *_bi("description", "Description", "説明"),
        _c("aliases", str, "Names as transcripts spell them (JSON array)", "文字起こしでの表記(JSON配列)"),
        _c("links", str, "Links (JSON array of {url, title})", "リンク(JSON配列)"),
    ),
    "id",
    (("maker", "organizations", "id"),),
)

AFFILIATIONS = Table(
    "affiliations",
    "Which organisations each person belongs to",
    "人物の所属組織",
    (
        _c("person", str, "Person id", "人物ID"),
        _c("organization", str, "Organisation id", "組織ID"),
    ),
    ("person", "organization"),
    (("person", "people", "id"), ("organization", "organizations", "id")),
)

STORIES = Table(
    "stories",
    "Stories: one news item of a transcript each",
    "記事: 文字起こしのニュース1件ずつ",
    (
        _c("id", str, "Story id", "記事ID"),
        _c("source", str, "Transcript the story is in", "記事を含む文字起こし"),
        _c("segment_index", int, "Position of the story in its transcript (1-based)", "文字起こし内での順番(1始まり)"),
        _c("first_line", int, "First line of the story in the transcript", "文字起こし内の最初の行"),
        _c("last_line", int, "Last line of the story in the transcript", "文字起こし内の最後の行"),
        _c("date", str, "Date of the event (ISO 8601)", "出来事の日付(ISO 8601)"),
        _c("date_kind", str, "What the date is: announcement, release, hearing, …", "日付の種類(発表・リリース・公聴会など)"),
        *_bi("title", "Title", "タイトル"),
        *_bi("summary", "Summary (Markdown)", "要約(Markdown)"),
        _URL_EN,
        _URL_JA,
    ),
    "id",
    (("source", "sources", "id"),),
    fts=("title_ja", "title_en", "summary_ja", "summary_en"),
)

TAGS = Table(
    "tags",
    "Tags",
    "タグ",
    (_c("id", str, "Tag", "タグ"), _c("stories", int, "Stories with the tag", "タグの付いた記事数"), _URL_EN, _URL_JA),
    "id",
)

STORY_TAGS = Table(
    "story_tags",
    "Tags of each story",
    "記事ごとのタグ",
    (_c("story", str, "Story id", "記事ID"), _c("tag", str, "Tag", "タグ")),
    ("story", "tag"),
    (("story", "stories", "id"), ("tag", "tags", "id")),
)

STORY_ENTITIES = Table(
    "story_entities",
    "People, organisations and products each story is about (as its editors listed them)",
    "記事が扱う人物・組織・製品(編集者が挙げたもの)",
    (
        _c("story", str, "Story id", "記事ID"),
        _c("entity", str, "Person, organisation or product id", "人物・組織・製品のID"),
        _c("kind", str, "person, organization or product", "種類(person・organization・product)"),
        _c("person", str, "The person, when it is one", "人物の場合はそのID"),
        _c("organization", str, "The organisation, when it is one", "組織の場合はそのID"),
        _c("product", str, "The product, when it is one", "製品の場合はそのID"),
    ),
    ("story", "entity"),
    (
        ("story", "stories", "id"),
        ("person", "people", "id"),
        ("organization", "organizations", "id"),
        ("product", "products", "id"),
    ),
)

MENTIONS = Table(
    "mentions",
    "Where the transcript names a registry entity (machine-derived)",
    "文字起こしで人物・組織・製品が言及された箇所(自動抽出)",
    (
        _c("story", str, "Story id", "記事ID"),
        _c("entity", str, "Person, organisation or product id", "人物・組織・製品のID"),
        _c("kind", str, "person, organization or product", "種類"),
        _c("person", str, "The person, when it is one", "人物の場合はそのID"),
        _c("organization", str, "The organisation, when it is one", "組織の場合はそのID"),
        _c("product", str, "The product, when it is one", "製品の場合はそのID"),
        _c("first_line", int, "First line it is named on", "最初に言及された行"),
        _c("lines", str, "Every line it is named on (JSON array)", "言及されたすべての行(JSON配列)"),
    ),
    ("story", "entity"),
    (
        ("story", "stories", "id"),
        ("person", "people", "id"),
        ("organization", "organizations", "id"),
        ("product", "products", "id"),
    ),
)

_SPEAKER_NOTE_EN = "a person or organisation id, `unknown` or `narrator`"
_SPEAKER_NOTE_JA = "人物・組織のID、または unknown(不明)・narrator(ナレーター)"

QUOTES = Table(
    "quotes",
    "Quoted statements, anchored to the transcript",
    "文字起こし中の位置つきの引用発言",
    (
        _c("id", str, "Key: <story>/<quote>", "キー: <記事>/<引用>"),
        _c("story", str, "Story id", "記事ID"),
        _c("quote", str, "Quote id within the story", "記事内の引用ID"),
        _c("speaker", str, f"Speaker: {_SPEAKER_NOTE_EN}", f"話者: {_SPEAKER_NOTE_JA}"),
        _c("speaker_person", str, "The speaker, when a person", "話者が人物の場合はそのID"),
        _c("speaker_organization", str, "The speaker, when an organisation", "話者が組織の場合はそのID"),
        _c("attribution", str, "How the transcript attributes it (direct, dialogue, article, …)", "文字起こしでの帰属のしかた"),
        _c("via", str, "Publication it is quoted through", "引用元の報道機関"),
        *_bi("text", "Text (Japanese verbatim from the transcript)", "本文(日本語は文字起こしのまま)"),
        _c("en_is", str, "original (the speaker's own words) or translation", "英語がoriginal(本人の言葉)かtranslation(翻訳)か"),
        *_bi("note", "Editor's note", "編集者の注記"),
        *_anchor(),
        _URL_EN,
        _URL_JA,
    ),
    "id",
    (
        ("story", "stories", "id"),
        ("speaker_person", "people", "id"),
        ("speaker_organization", "organizations", "id"),
        ("via", "organizations", "id"),
    ),
    fts=("text_ja", "text_en"),
)

CLAIMS = Table(
    "claims",
    "Checkable claims the transcript makes",
    "文字起こし中の検証可能な主張",
    (
        _c("id", str, "Key: <story>/<claim>", "キー: <記事>/<主張>"),
        _c("story", str, "Story id", "記事ID"),
        _c("claim", str, "Claim id within the story", "記事内の主張ID"),
        _c("by", str, f"Who makes it: {_SPEAKER_NOTE_EN}", f"主張した人: {_SPEAKER_NOTE_JA}"),
        _c("by_person", str, "Who makes it, when a person", "主張者が人物の場合はそのID"),
        _c("by_organization", str, "Who makes it, when an organisation", "主張者が組織の場合はそのID"),
        *_bi("text", "Text (Japanese verbatim from the transcript)", "本文(日本語は文字起こしのまま)"),
        _c("verdict", str, "The review's verdict, or `unreviewed`", "検証結果(未検証はunreviewed)"),
        *_anchor(),
        _URL_EN,
        _URL_JA,
    ),
    "id",
    (("story", "stories", "id"), ("by_person", "people", "id"), ("by_organization", "organizations", "id")),
    fts=("text_ja", "text_en"),
)

REVIEWS = Table(
    "reviews",
    "Reviews of claims: verdict, note, correction",
    "主張の検証: 判定・注記・訂正",
    (
        _c("claim", str, "The claim reviewed (its key)", "検証した主張(キー)"),
        _c("story", str, "Story id", "記事ID"),
        _c(
            "verdict",
            str,
            "accurate, inaccurate, misleading, unverified, transcription-error or translation-error",
            "判定(正確・不正確・誤解を招く・未確認・書き起こしの誤り・翻訳の誤り)",
        ),
        *_bi("note", "Why (Markdown)", "理由(Markdown)"),
        *_bi("correction", "What the source should have said", "本来の正しい内容"),
        _c("sources", int, "Citations the verdict rests on", "判定の根拠となった出典の数"),
        _c("url", str, "The review on the site (the ClaimReview URL)", "サイト上の検証(ClaimReviewのURL)"),
    ),
    "claim",
    (("claim", "claims", "id"), ("story", "stories", "id")),
    fts=("note_ja", "note_en", "correction_ja", "correction_en"),
)

QUANTITIES = Table(
    "quantities",
    "Numbers in claims, as written and as values (machine-derived)",
    "主張に含まれる数値(表記と値、自動抽出)",
    (
        _c("claim", str, "Claim key", "主張のキー"),
        _c("position", int, "Order within the claim (1-based)", "主張内の順番(1始まり)"),
        _c("as_written", str, "As written in Japanese", "日本語での表記"),
        _c("value", float, "Value", "値"),
        _c("high", float, "Upper bound of a range", "範囲の上限"),
        _c("unit", str, "Unit", "単位"),
        _c("approximate", int, "1 when approximate (約, ほど, …)", "概数の場合は1"),
    ),
    ("claim", "position"),
    (("claim", "claims", "id"),),
)

CITATIONS = Table(
    "citations",
    "Sources a reader can follow: for verdicts, original quotes, dates, transcripts",
    "読者がたどれる出典: 判定・原文の引用・日付・文字起こしの根拠",
    (
        _c("id", str, "Key: <owner>/<role>/<n>", "キー: <所有者>/<役割>/<番号>"),
        _c(
            "role",
            str,
            "review (a verdict's source), en_source (a quote's original words), date_source, source (about a transcript)",
            "役割(review: 判定の出典、en_source: 引用の原文、date_source: 日付、source: 文字起こしについて)",
        ),
        _c("position", int, "Order among the owner's citations (1-based)", "順番(1始まり)"),
        _c("review", str, "The review it supports (claim key)", "根拠とする検証(主張のキー)"),
        _c("quote", str, "The quote whose original words it holds", "原文を示す引用"),
        _c("story", str, "The story (of the review, quote or date)", "記事"),
        _c("source", str, "The transcript it is about", "関係する文字起こし"),
        _c("url", str, "URL", "URL"),
        _c("title", str, "Title", "タイトル"),
        _c("publisher", str, "Publisher", "発行元"),
        _c("published", str, "Publication date (ISO 8601)", "公開日(ISO 8601)"),
        _c("kind", str, "What kind of source it is", "出典の種類"),
        _c("excerpt", str, "The passage relied on", "根拠とした箇所の抜粋"),
        _c("archive_url", str, "An archived copy", "アーカイブのURL"),
        _c("unverified", int, "1 when the citation itself could not be checked", "出典そのものを確認できなかった場合は1"),
    ),
    "id",
    (
        ("review", "reviews", "claim"),
        ("quote", "quotes", "id"),
        ("story", "stories", "id"),
        ("source", "sources", "id"),
    ),
)

#: Every table, in an order where each one's foreign keys point at tables before it.
TABLES: tuple[Table, ...] = (
    SOURCES,
    PEOPLE,
    ORGANIZATIONS,
    PRODUCTS,
    AFFILIATIONS,
    STORIES,
    TAGS,
    STORY_TAGS,
    STORY_ENTITIES,
    MENTIONS,
    QUOTES,
    CLAIMS,
    REVIEWS,
    QUANTITIES,
    CITATIONS,
)


# --- rows ---------------------------------------------------------------------------


def _pair(prefix: str, value: Any) -> Row:
    return {f"{prefix}_ja": getattr(value, "ja", None), f"{prefix}_en": getattr(value, "en", None)}


def _date(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _links(links: list[Any]) -> list[dict[str, str]]:
    return [{"url": link.url, "title": link.title} for link in links]


def _urls(route: Any, *args: str, base_url: str) -> Row:
    return {"url_en": routes.full(route("en", *args), base_url), "url_ja": routes.full(route("ja", *args), base_url)}


def _flag(value: Any) -> int | None:
    return None if value is None else int(bool(value))


def citation_row(citation: Citation, key: str, role: str, position: int, **owners: str | None) -> Row:
    """A citation; `kind`, `excerpt`, `archive_url`, `unverified` are read only where the model has them."""
    row: Row = {"id": f"{key}/{role}/{position}", "role": role, "position": position}
    row.update({name: owners.get(name) for name in ("review", "quote", "story", "source")})
    row.update(
        url=citation.url,
        title=citation.title,
        publisher=citation.publisher,
        published=_date(citation.published),
        kind=_enum(getattr(citation, "kind", None)),
        excerpt=getattr(citation, "excerpt", None),
        archive_url=getattr(citation, "archive_url", None),
        unverified=_flag(getattr(citation, "unverified", None)),
    )
    return row


def _enum(value: Any) -> Any:
    return getattr(value, "value", value)


def review_url(base_url: str, lang: str, story_id: str, claim_id: str) -> str:
    """Where a review lives on the site: the claim's own page (the one the site's ClaimReview JSON-LD names)."""
    return routes.full(routes.claim(lang, story_id, claim_id), base_url)


def _who(kb: KnowledgeBase, entity_id: str, prefix: str) -> Row:
    return {
        f"{prefix}_person": entity_id if entity_id in kb.people else None,
        f"{prefix}_organization": entity_id if entity_id in kb.organizations else None,
    }


def _kind_of(kb: KnowledgeBase, entity_id: str) -> str | None:
    if entity_id in kb.people:
        return "person"
    if entity_id in kb.organizations:
        return "organization"
    if entity_id in kb.products:
        return "product"
    return None


def _entity_refs(kb: KnowledgeBase, entity_id: str) -> Row:
    """The entity in the column of its kind (the foreign key Datasette follows); the others empty."""
    known = _kind_of(kb, entity_id)
    return {
        "person": entity_id if known == "person" else None,
        "organization": entity_id if known == "organization" else None,
        "product": entity_id if known == "product" else None,
    }


def registry_rows(kb: KnowledgeBase, base_url: str) -> dict[str, list[Row]]:
    """The rows that come from the registries and sources, not from stories (the sources' citations unsorted)."""
    out: dict[str, list[Row]] = {name: [] for name in ("sources", "citations", "people", "affiliations", "organizations", "products")}
    for sid, entry in sorted(kb.sources.items()):
        s = entry.model
        tr = s.translates
        pub = s.published
        out["sources"].append(
            {
                "id": s.id,
                "file": s.file,
                "sha256": s.sha256,
                "kind": s.kind,
                **_pair("title", s.title),
                "declared_length": s.declared_length,
                "body_length": s.body_length,
                "lines": s.lines,
                "translates_url": tr.url if tr else None,
                "translates_verified": _flag(tr.verified) if tr else None,
                "published_earliest": _date(pub.earliest) if pub else None,
                "published_latest": _date(pub.latest) if pub else None,
                **_pair("description", s.description),
                **_urls(routes.source, sid, base_url=base_url),
            }
        )
        for n, c in enumerate(s.sources, 1):
            out["citations"].append(citation_row(c, f"source:{sid}", "source", n, source=sid))
    for p in sorted(kb.people.values(), key=lambda p: p.id):
        out["people"].append(
            {
                "id": p.id,
                **_pair("name", p.name),
                **_pair("role", p.role),
                "aliases": list(p.aliases),
                "links": _links(p.links),
                **_urls(routes.person, p.id, base_url=base_url),
            }
        )
        for org in dict.fromkeys(p.affiliations):
            out["affiliations"].append({"person": p.id, "organization": org})
    for o in sorted(kb.organizations.values(), key=lambda o: o.id):
        out["organizations"].append(
            {
                "id": o.id,
                **_pair("name", o.name),
                "kind": o.kind.value,
                **_pair("role", o.role),
                "aliases": list(o.aliases),
                "links": _links(o.links),
                **_urls(routes.organization, o.id, base_url=base_url),
            }
        )
    for p in sorted(kb.products.values(), key=lambda p: p.id):
        out["products"].append(
            {
                "id": p.id,
                **_pair("name", p.name),
                "maker": p.maker,
                **_pair("description", p.description),
                "aliases": list(p.aliases),
                "links": _links(p.links),
            }
        )
    return out


def rows(kb: KnowledgeBase, base_url: str) -> dict[str, list[Row]]:
    """Every table's rows, sorted by key: what every export format writes."""
    out: dict[str, list[Row]] = {t.name: [] for t in TABLES}
    for name, found in registry_rows(kb, base_url).items():
        out[name].extend(found)
    tag_stories: dict[str, int] = {}
    for story in sorted((e.model for e in kb.stories), key=lambda s: s.id):
        _story_rows(kb, story, base_url, out)
        for tag in sorted(set(story.tags)):
            tag_stories[tag] = tag_stories.get(tag, 0) + 1
    out["tags"] = [
        {"id": tag, "stories": n, **_urls(routes.tag, tag, base_url=base_url)} for tag, n in sorted(tag_stories.items())
    ]
    out["citations"].sort(key=lambda r: r["id"])
    check_keys(kb, out)
    return out


def check_keys(kb: KnowledgeBase, out: dict[str, list[Row]]) -> None:
    """Refuse two rows with one key (ids repeated in a story or registry: validator rule R601).

    Loading does not catch a repeated id; the validator does. Without this, the database would
    stop on a constraint error mid-write and CSV rows would silently share a key.
    """
    for table in TABLES:
        pk = table.pk if isinstance(table.pk, tuple) else (table.pk,)
        seen: set[tuple[Any, ...]] = set()
        for row in out[table.name]:
            key = tuple(row[c] for c in pk)
            if key in seen:
                story = row.get("story") or (row.get("claim") or "").split("/")[0]
                entry = kb.stories_by_id.get(story)
                where: Any = entry.path if entry else kb.root
                shown = "/".join(str(k) for k in key)
                raise InputError(where, f"two {table.name} rows share the key `{shown}` (run `newskb validate`: R601)")
            seen.add(key)


def _story_rows(kb: KnowledgeBase, story: Story, base_url: str, out: dict[str, list[Row]]) -> None:
    sid = story.id
    out["stories"].append(
        {
            "id": sid,
            "source": story.source,
            "segment_index": story.segment.index,
            "first_line": story.segment.first_line,
            "last_line": story.segment.last_line,
            "date": _date(story.date),
            "date_kind": _enum(story.date_kind),
            **_pair("title", story.title),
            **_pair("summary", story.summary),
            **_urls(routes.story, sid, base_url=base_url),
        }
    )
    if story.date_source:
        out["citations"].append(citation_row(story.date_source, f"story:{sid}", "date_source", 1, story=sid))
    for tag in sorted(set(story.tags)):
        out["story_tags"].append({"story": sid, "tag": tag})
    listed = dict.fromkeys([*story.people, *story.organizations, *story.products])
    for entity in sorted(listed):
        kind = _kind_of(kb, entity)  # a listed id is in a registry: the build and export refuse entries otherwise
        out["story_entities"].append({"story": sid, "entity": entity, "kind": kind, **_entity_refs(kb, entity)})
    for m in sorted(story.mentions, key=lambda m: m.id):
        out["mentions"].append(
            {
                "story": sid,
                "entity": m.id,
                "kind": m.kind,
                **_entity_refs(kb, m.id),
                "first_line": min(m.lines) if m.lines else None,
                "lines": list(m.lines),
            }
        )
    for q in story.quotes:
        key = f"{sid}/{q.id}"
        a = q.anchor
        out["quotes"].append(
            {
                "id": key,
                "story": sid,
                "quote": q.id,
                "speaker": q.speaker,
                **_who(kb, q.speaker, "speaker"),
                "attribution": q.attribution.value,
                "via": q.via,
                **_pair("text", q.text),
                "en_is": _enum(q.en_is),
                **_pair("note", q.note),
                "anchor_line": a.line if a else None,
                "anchor_start": a.start if a else None,
                "anchor_end": a.end if a else None,
                "url_en": routes.full(routes.story("en", sid), base_url) + f"#quote-{q.id}",
                "url_ja": routes.full(routes.story("ja", sid), base_url) + f"#quote-{q.id}",
            }
        )
        if q.en_source:
            out["citations"].append(citation_row(q.en_source, f"quote:{key}", "en_source", 1, quote=key, story=sid))
    for c in story.claims:
        _claim_rows(kb, sid, c, base_url, out)


def _claim_rows(kb: KnowledgeBase, sid: str, c: Claim, base_url: str, out: dict[str, list[Row]]) -> None:
    key = f"{sid}/{c.id}"
    a = c.anchor
    out["claims"].append(
        {
            "id": key,
            "story": sid,
            "claim": c.id,
            "by": c.by,
            **_who(kb, c.by, "by"),
            **_pair("text", c.text),
            "verdict": c.review.verdict.value if c.review else "unreviewed",
            "anchor_line": a.line if a else None,
            "anchor_start": a.start if a else None,
            "anchor_end": a.end if a else None,
            "url_en": review_url(base_url, "en", sid, c.id),
            "url_ja": review_url(base_url, "ja", sid, c.id),
        }
    )
    for n, qty in enumerate(c.quantities, 1):
        out["quantities"].append(
            {
                "claim": key,
                "position": n,
                "as_written": qty.as_written,
                "value": float(qty.value),
                "high": float(qty.high) if qty.high is not None else None,
                "unit": qty.unit,
                "approximate": int(qty.approximate),
            }
        )
    r = c.review
    if r is None:
        return
    out["reviews"].append(
        {
            "claim": key,
            "story": sid,
            "verdict": r.verdict.value,
            **_pair("note", r.note),
            **_pair("correction", r.correction),
            "sources": len(r.sources),
            "url": review_url(base_url, "en", sid, c.id),
        }
    )
    for n, cit in enumerate(r.sources, 1):
        out["citations"].append(citation_row(cit, f"review:{key}", "review", n, review=key, story=sid))
