"""The typed data model: the one place the entry schema lives.

Every entry file is parsed into these pydantic models with unknown fields
rejected, so a typo in a key is an error rather than silently ignored data.
JSON Schema for editors is exported from here (`newskb schema`).

Fields are either *human* (written by an editor, never overwritten by the
loader) or *machine* (recomputed from the transcript on every `newskb load`;
the loader's merge says which).
"""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

SLUG_RE = re.compile(r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$")
Slug = Annotated[str, StringConstraints(pattern=SLUG_RE.pattern, min_length=1, max_length=120)]
NonEmpty = Annotated[str, StringConstraints(min_length=1)]

#: Speaker value for a statement whose speaker the source does not give.
UNKNOWN = "unknown"
#: Author value for a claim made by the narration itself.
NARRATOR = "narrator"


_HTTP_URL = re.compile(r"^https?://[^\s/]+\.[^\s]+$")


def _http_url(value: str) -> str:
    if not _HTTP_URL.match(value):
        raise ValueError("must be an http(s) URL")
    return value


HttpUrl = Annotated[str, AfterValidator(_http_url)]


class Model(BaseModel):
    """Base for every entry type: unknown fields are errors, values are validated on assignment."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, use_attribute_docstrings=True)


class Bilingual(Model):
    """A displayed text in both languages; neither may be empty."""

    ja: NonEmpty
    en: NonEmpty


class StatementText(Model):
    """The text of a quote or claim.

    The Japanese side is verbatim from the transcript (machine-checked); the
    English side is written by a person and may still be pending on a fresh
    skeleton — the validator reports a missing English text as an error.
    """

    ja: NonEmpty
    en: NonEmpty | None = None


#: Bounds of line numbers and code-point offsets into a transcript (at most 5 MB, source.MAX_SOURCE_BYTES):
#: a number past them cannot point into any transcript, and unbounded ones reach the renderer's number
#: formatting (10^23 raised decimal.InvalidOperation there).
MAX_LINE = 10_000_000
MAX_OFFSET = 10_000_000


class Anchor(Model):
    """Where a text sits in its source: W3C Web Annotation selectors plus a line number.

    TextQuoteSelector's `exact` is the entry's own `text.ja`, so it is not
    stored twice; `prefix`/`suffix` let a quote be re-found after the
    transcript is corrected; `start`/`end` are TextPositionSelector offsets in
    code points of the normalised source text.
    """

    line: int = Field(ge=1, le=MAX_LINE)
    start: int = Field(ge=0, le=MAX_OFFSET)
    end: int = Field(ge=0, le=MAX_OFFSET)
    prefix: str = ""
    suffix: str = ""


class SourceKind(str, Enum):
    """What a cited page is, so a reader can weigh it (docs/method.en.md, "Source kinds")."""

    primary_record = "primary-record"
    """Filings, hearing records, testimony, papers, model cards, datasets."""
    official_statement = "official-statement"
    """Press releases, company blog posts, an organisation's own announcement."""
    news_report = "news-report"
    """A newsroom's article."""
    analysis = "analysis"
    """Commentary, newsletters, blogs."""
    reference = "reference"
    """Encyclopedias, glossaries, Wikipedia."""
    aggregator = "aggregator"
    """Aggregators, mirrors, auto-rewritten copies."""
    social_post = "social-post"
    """X/Twitter, LinkedIn, forum posts."""


class Citation(Model):
    """A source a reader can follow: where a verdict or an original quote comes from."""

    url: HttpUrl
    title: NonEmpty
    publisher: str | None = None
    published: dt.date | None = None
    kind: SourceKind | None = None
    """What the page is; optional here so older files parse, required by the validator (C710)."""
    excerpt: NonEmpty | None = None
    """The sentence that supports the verdict, verbatim from the stored copy of the page."""
    archive_url: HttpUrl | None = None
    """An archived copy's address, recorded only when seen in a stored copy or search result."""
    unverified: Bilingual | None = None
    """Why the page could not be confirmed in any stored copy (set when it could not be found)."""


class Verdict(str, Enum):
    """The rating scale of a claim review (documented in docs/method.md)."""

    accurate = "accurate"
    inaccurate = "inaccurate"
    misleading = "misleading"
    unverified = "unverified"
    transcription_error = "transcription-error"
    """The words were mis-heard or mis-transcribed (Pixar-12B for Pixtral 12B)."""
    translation_error = "translation-error"
    """The Japanese translation distorts what the English original said ("plausible" as 十分にある)."""


class Review(Model):
    verdict: Verdict
    note: Bilingual
    correction: Bilingual | None = None
    """What the source should have said (required for transcription and translation errors)."""
    sources: list[Citation] = Field(default_factory=list)


class Quantity(Model):
    """A number as written in Japanese and its typed value (machine-derived)."""

    as_written: NonEmpty
    value: float | int
    high: float | int | None = None
    """Upper bound of a range such as 2〜3年."""
    unit: str | None = None
    approximate: bool = False


class Attribution(str, Enum):
    """How the source attributes a statement (machine-derived)."""

    direct = "direct"  # …さんはこう言うてはったわ。「…」
    dialogue = "dialogue"  # ジム・ファンさん:「…」
    continuation = "continuation"  # a quote that continues the previous speaker's
    article = "article"  # 記事にはこう書いてあるで。「…」
    nested = "nested"  # 『…』 inside another statement, e.g. a person an article quotes
    unattributed = "unattributed"


class EnglishKind(str, Enum):
    original = "original"
    translation = "translation"


class SpeakerSetBy(str, Enum):
    """Who set a quote's speaker: the loader derives it again on every load; an editor's is never overwritten."""

    loader = "loader"
    editor = "editor"


class Quote(Model):
    id: Slug
    speaker: Slug
    """A person or organisation id, or `unknown` when the source does not say."""
    speaker_set_by: SpeakerSetBy | None = None
    """`loader`: derived from the transcript and the registries, re-derived on every load. `editor` (or absent,
    as in files written before this field existed): set by a person, never overwritten by the loader."""
    speaker_name: NonEmpty | None = None
    """Machine-derived: the name the source gives for an `unknown` speaker that no registry entry holds
    (as written, without honorific); `load` proposes an entry for it."""
    attribution: Attribution = Attribution.unattributed
    via: Slug | None = None
    """The publication an article-quoted statement comes through."""
    text: StatementText
    en_is: EnglishKind | None = None
    en_source: Citation | None = None
    """Required when `en_is: original`: the source that has the speaker's own words."""
    note: Bilingual | None = None
    anchor: Anchor | None = None


class Claim(Model):
    id: Slug
    by: Slug = NARRATOR
    text: StatementText
    quantities: list[Quantity] = Field(default_factory=list)
    review: Review | None = None
    anchor: Anchor | None = None


class DateKind(str, Enum):
    announcement = "announcement"
    release = "release"
    hearing = "hearing"
    publication = "publication"
    interview = "interview"
    report = "report"


class Segment(Model):
    """Which lines of the source the story covers (machine-derived)."""

    index: int = Field(ge=1, le=MAX_LINE)
    first_line: int = Field(ge=1, le=MAX_LINE)
    last_line: int = Field(ge=1, le=MAX_LINE)


class Mention(Model):
    """A registry entity named in the story's lines (machine-derived)."""

    id: Slug
    kind: Literal["person", "organization", "product"]
    lines: list[Annotated[int, Field(ge=1, le=MAX_LINE)]]


class Story(Model):
    id: Slug
    source: Slug
    segment: Segment
    date: dt.date | None = None
    date_kind: DateKind | None = None
    date_source: Citation | None = None
    """Where the event's date comes from."""
    title: Bilingual | None = None
    summary: Bilingual | None = None
    tags: list[Slug] = Field(default_factory=list)
    people: list[Slug] = Field(default_factory=list)
    organizations: list[Slug] = Field(default_factory=list)
    products: list[Slug] = Field(default_factory=list)
    """Products and models the story is about (registry ids)."""
    mentions: list[Mention] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)


class PublishedWindow(Model):
    """When something was published, as a window where the exact date is not known."""

    earliest: dt.date | None = None
    latest: dt.date | None = None
    note: Bilingual | None = None


class Translates(Model):
    """What a transcript is a translation of, as far as it can be established."""

    title: str | None = None
    channel: str | None = None
    url: HttpUrl | None = None
    verified: bool = False
    published: PublishedWindow | None = None
    note: Bilingual | None = None


class Source(Model):
    id: Slug
    file: NonEmpty
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    language: Literal["ja"] = "ja"
    kind: NonEmpty
    title: StatementText
    """The Japanese title is line 1 of the transcript; the English one is written by a person."""
    declared_length: int | None = None
    body_length: int = 0
    lines: int = 0
    translates: Translates | None = None
    published: PublishedWindow | None = None
    description: Bilingual | None = None
    sources: list[Citation] = Field(default_factory=list)


class Link(Model):
    url: HttpUrl
    title: NonEmpty


class Person(Model):
    id: Slug
    name: Bilingual
    aliases: list[NonEmpty] = Field(default_factory=list)
    """Names exactly as they appear in transcripts; the loader attributes speakers through them."""
    role: Bilingual | None = None
    affiliations: list[Slug] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    proposed: bool | None = None
    """`true`: appended by `newskb load` for a speaker no registry had; not used for attribution until a person
    checks it and deletes `proposed: true` (absent, the default, is a confirmed entry: a `False` default would be
    written into every entry a canonical dump rewrites)."""


class OrgKind(str, Enum):
    company = "company"
    publication = "publication"
    government = "government"
    investor = "investor"
    studio = "studio"
    research = "research"


class Organization(Model):
    id: Slug
    name: Bilingual
    kind: OrgKind
    aliases: list[NonEmpty] = Field(default_factory=list)
    role: Bilingual | None = None
    links: list[Link] = Field(default_factory=list)
    proposed: bool | None = None
    """As for Person: a loader proposal, unused for attribution until `proposed: true` is deleted."""


class Product(Model):
    id: Slug
    name: Bilingual
    maker: Slug | None = None
    aliases: list[NonEmpty] = Field(default_factory=list)
    description: Bilingual | None = None
    links: list[Link] = Field(default_factory=list)


def entity_names(entity: Person | Organization | Product) -> tuple[str, ...]:
    """Every way a text may name a registry entry: its Japanese and English names, then its aliases, once each.

    The loader's attribution index, its proposals' clash check and the site's "claims about" all match texts
    against exactly these names, so they are derived here and nowhere else.
    """
    return tuple(dict.fromkeys(n for n in (entity.name.ja, entity.name.en, *entity.aliases) if n))


class Tag(Model):
    """A topic stories are tagged with: the slug is its URL, the names are what readers see."""

    id: Slug
    name: Bilingual


class TagsFile(Model):
    tags: list[Tag]


class PeopleFile(Model):
    people: list[Person]


class OrganizationsFile(Model):
    organizations: list[Organization]


class ProductsFile(Model):
    products: list[Product]


#: The entry kinds, their file model and their schema name (used by `newskb schema`).
FILE_MODELS: dict[str, type[Model]] = {
    "story": Story,
    "source": Source,
    "people": PeopleFile,
    "organizations": OrganizationsFile,
    "products": ProductsFile,
    "tags": TagsFile,
}
