"""The Jinja environment and the helpers every template gets.

Autoescaping is on for every template; content reaches a page only through
`tx()` (escaped text, marked `lang` when it falls back to the other
language), `md()` (safe Markdown) or `|tojson` (JSON-LD). Template syntax
inside content (`{{ }}`) is never evaluated: content is data passed to a
template, not part of one.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import BuiltinFunctionType, FunctionType, MethodType
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template, select_autoescape
from jinja2.runtime import Context, Macro
from markupsafe import Markup, escape

try:  # the C escaper markupsafe's own `escape` wraps (a private name: the pure-Python fallback otherwise)
    from markupsafe import _escape_inner
except ImportError:  # pragma: no cover - another markupsafe layout

    def _escape_inner(s: str, /) -> str:
        return str(escape(s))

from . import api as jsonapi
from . import jsonld, routes
from .i18n import Messages
from .markdown import mark_japanese, markdown_text, render_markdown
from .pages import Page
from .site import TEXT_ERRORS, VERDICT_ORDER, SiteData, Span, by_verdict, tally

#: Only what the site needs. Pages are static, so the policy is a <meta>; the
#: search page additionally runs Pagefind's WebAssembly.
CSP_BASE = (
    "default-src 'self'; script-src 'self'{wasm}; style-src 'self'; img-src 'self'; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'"
)


#: Stands, in fragments rendered once for many pages (cards), for the relative URL of the
#: site root; `Renderer.render` replaces it with the page's own `../` prefix (routes.prefix).
ROOT_MARK = "\x1f"


def csp(page: Page) -> str:
    return CSP_BASE.format(wasm=" 'wasm-unsafe-eval'" if page.script else "")


#: Callables of these types never ask Jinja for their context: C functions, the message catalogs (`t`)
#: and macros (Jinja's own `Context.call` finds no `pass_context` mark on them either).
_PLAIN_TYPES = frozenset({BuiltinFunctionType, Messages, Macro})


def _plain(obj: Any) -> bool:
    """Whether `obj` is called as is: not marked by `pass_context` and friends (`jinja_pass_arg`)."""
    kind = type(obj)
    if kind is FunctionType:
        return "jinja_pass_arg" not in obj.__dict__
    if kind is MethodType:
        return "jinja_pass_arg" not in getattr(obj.__func__, "__dict__", ())
    return kind in _PLAIN_TYPES


class _Context(Context):
    """Jinja's context, with calls to the site's own helpers made directly.

    Why: every `{{ f(x) }}` goes through `Context.call`, which inspects the
    callable (and its `__call__`) for `pass_context`-style markers on each
    call: about a microsecond, millions of times in a 10,000-story build.
    Anything not known to be plain (macros, callable objects, marked
    functions) takes Jinja's own path, so behaviour is unchanged.
    """

    def call(self, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        if not _plain(obj):
            return super().call(obj, *args, **kwargs)
        kwargs.pop("_block_vars", None)
        kwargs.pop("_loop_vars", None)
        try:
            return obj(*args, **kwargs)
        except StopIteration:
            return self.environment.undefined("value was undefined because a callable raised a StopIteration exception")


def escape_output(value: Any, /) -> str:
    """What `{{ value }}` writes into an autoescaped page: `markupsafe.escape(value)`, as a plain str.

    Why: compiled templates call `escape` on every output expression, and its result only ever
    goes into the page's `"".join` (Jinja emits it nowhere else), so the `Markup` wrapper it builds
    in Python (two Python calls per `{{ }}`, millions in a large build) is thrown away at once.
    Same text as markupsafe's: a str is escaped, anything with `__html__` is trusted, anything else
    is made a str and escaped.
    """
    if type(value) is str:
        return _escape_inner(value)
    if type(value) is Markup:
        return value
    html = getattr(value, "__html__", None)
    if html is not None:
        return html()
    return _escape_inner(str(value))


class _Template(Template):
    """A compiled template whose output expressions are escaped by `escape_output`."""

    @classmethod
    def _from_namespace(cls, environment: Environment, namespace: Any, globals: Any) -> Template:
        # The namespace is the compiled module's globals: its functions look `escape` up there at call time.
        namespace["escape"] = escape_output
        return super()._from_namespace(environment, namespace, globals)


def make_environment(templates: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(templates)),
        autoescape=select_autoescape(["html", "xml"], default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # A build's templates do not change under it: a change is a new build (and a live build
        # makes a new Renderer), so no stat of every template file on every page.
        auto_reload=False,
    )
    env.context_class = _Context
    env.template_class = _Template
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    return env


def _other(lang: str) -> str:
    return "en" if lang == "ja" else "ja"


@dataclass(slots=True)
class LineRun:
    """A run of a transcript line covered by the same quotes and claims (not models.Segment, a story's lines).

    An object, not a dict: templates read `run.text`, and Jinja tries an attribute before an
    item, so a dict would cost a failed attribute lookup per field (millions on a large site).
    """

    text: str
    kinds: str
    id: str | None
    #: The verdict the highlight is coloured by: of the claims covering it, the one VERDICT_ORDER ranks first.
    verdict: str | None = None
    #: Claims with a text-error verdict that end here: their correction follows the highlight.
    fixes: tuple[Span, ...] = ()


@dataclass
class Line:
    number: int
    runs: list[LineRun]
    backlinks: list[Span]

    @property
    def items(self) -> list[Span]:
        """The quotes and claims that start on this line, each once, in the order they appear."""
        seen: set[tuple[str, str, str]] = set()
        out = []
        for span in sorted(self.backlinks, key=lambda s: (s.start, s.kind, s.story, s.item)):
            key = (span.kind, span.story, span.item)
            if key not in seen:
                seen.add(key)
                out.append(span)
        return out

    @property
    def back_groups(self) -> list[tuple[str, list[tuple[Span, int]]]]:
        """Backlinks grouped by story: one story link, then a short numbered link per item.

        A line can carry a quote and several claims of one story; one title
        with "quote 1 · claim 1 · claim 2" reads better than the title repeated.
        """
        groups: dict[str, list[tuple[Span, int]]] = {}
        counts: dict[tuple[str, str], int] = {}
        for span in self.backlinks:
            key = (span.story, span.kind)
            counts[key] = counts.get(key, 0) + 1
            groups.setdefault(span.story, []).append((span, counts[key]))
        return list(groups.items())


def transcript_lines(text: Any, spans: list[Span]) -> list[Line]:
    """Each line of a transcript cut into runs, each with the spans covering it.

    One sweep over lines and sorted spans: O(lines + spans × overlap).
    """
    out: list[Line] = []
    starts = text.line_starts
    lines = text.lines
    by_line: dict[int, list[Span]] = {}
    for span in spans:
        by_line.setdefault(span.line, []).append(span)
    active: list[Span] = []
    pending = list(spans)
    pos = 0
    for index, line in enumerate(lines):
        lo = starts[index]
        hi = lo + len(line)
        while pos < len(pending) and pending[pos].start < hi:
            active.append(pending[pos])
            pos += 1
        active = [s for s in active if s.end > lo]
        here = [s for s in active if s.start < hi and s.end > lo]
        cuts = sorted({lo, hi} | {max(lo, min(hi, p)) for s in here for p in (s.start, s.end)})
        runs: list[LineRun] = []
        for a, b in itertools.pairwise(cuts):
            if a == b:
                continue
            cover = [s for s in here if s.start <= a and s.end >= b]
            starting = [s for s in cover if s.start == a]
            verdicts = {s.verdict for s in cover if s.verdict}
            runs.append(
                LineRun(
                    text.text[a:b],
                    " ".join(sorted({s.kind for s in cover})),
                    f"{starting[0].kind}-{starting[0].story}--{starting[0].item}" if starting else None,
                    next((v for v in VERDICT_ORDER if v in verdicts), None),
                    tuple(s for s in cover if s.end == b and s.verdict in TEXT_ERRORS),
                )
            )
        out.append(Line(index + 1, runs, by_line.get(index + 1, [])))
    return out


class Renderer:
    """Renders pages of one site: the environment, the data, the catalogs, the base URL."""

    def __init__(self, templates: Path, site: SiteData, messages: dict[str, Messages], base_url: str):
        self.env = make_environment(templates)
        self.site = site
        self.messages = messages
        self.base_url = base_url.rstrip("/") + "/"
        from urllib.parse import urlsplit

        self.base_path = urlsplit(self.base_url).path or "/"
        #: A `.invalid` host (the placeholder until a base URL is set) is never a real address:
        #: then pages get no canonical link, relative alternates, and the 404 pages relative links.
        self.base_known = not (urlsplit(self.base_url).hostname or "").endswith(".invalid")
        #: Claims rendered and still to be shown on another page: ("claim", lang, story, claim) -> [HTML, uses left].
        self.pending_claims: dict[tuple[str, str, str, str], list[Any]] = {}
        self._card_macros: dict[str, Any] = {}
        self._helpers_cache: dict[str, dict[str, Any]] = {}
        self._lang_helpers: dict[str, dict[str, Any]] = {}
        self._templates: dict[str, Template] = {}
        self._page_macros: dict[str, Any] = {}
        #: Layout parts rendered once per language: (lang, macro) -> (the routes its links go to, HTML).
        self._layout: dict[tuple[str, str], tuple[tuple[str, ...], Markup]] = {}
        #: The `url` of the page being rendered, which `page_macros` call.
        self._page_url: Any = None

    def warm(self, pages: Iterable[Page]) -> None:
        """Compile what rendering `pages` needs, before workers are forked: then they share it
        (copy-on-write) instead of each compiling every template again."""
        for template in {page.template for page in pages} - jsonapi.DOCUMENTS.keys():
            self._templates[template] = self.env.get_template(template)
        for lang in routes.LANGS:
            self.card_macros(lang)
            self.page_macros(lang)

    # -- cards ---------------------------------------------------------------------

    def forget(self, story_id: str) -> None:
        """Drop what was rendered of a story, which the live build has just changed in place."""
        for key in [k for k in self.pending_claims if k[2] == story_id]:  # keyed (kind, lang, story, …)
            del self.pending_claims[key]

    def card_macros(self, lang: str) -> Any:
        """macros.html with a language's helpers whose URLs start at ROOT_MARK (valid on any page)."""
        module = self._card_macros.get(lang)
        if module is None:
            ctx = self.lang_helpers(lang)
            module = self.env.get_template("macros.html").make_module(vars=ctx)
            self._card_macros[lang] = module
        return module

    def page_macros(self, lang: str) -> Any:
        """macros.html as pages of a language call it (`macros` in their context), made once per language.

        Why not `{% from "macros.html" import ... with context %}`: that runs macros.html again on
        every page. What the macros read of a page is only its language's helpers and its `url`
        (test_units checks their free names), so one module per language serves every page, its
        `url` calling the URL function of the page being rendered (`Renderer.render` sets it).
        """
        module = self._page_macros.get(lang)
        if module is None:

            def url(target: str) -> str:
                return self._page_url(target)

            helpers = {**self.lang_helpers(lang), **self.card_helpers_of(lang), "url": url}
            module = self._page_macros[lang] = self.env.get_template("macros.html").make_module(vars=helpers)
        return module

    def card_helpers_of(self, lang: str) -> dict[str, Any]:
        """The cached-card functions of a language (made once)."""
        helpers = self._helpers_cache.get(lang)
        if helpers is None:
            helpers = self._helpers_cache[lang] = self.card_helpers(lang)
        return helpers

    def card_helpers(self, lang: str) -> dict[str, Any]:
        """The card functions templates call instead of the macros they wrap, rendered with ROOT_MARK URLs.

        Story items and quote cards are rendered wherever shown, not kept: a cache of them saved
        no measurable CPU (each is shown on a few pages, kinds apart), while it held every card of
        a language in each worker for the whole build (about 15 MB of text per language at 1,000
        stories, ten times that at 10,000). Claims, shown more often and costlier, are kept until
        their last expected use (`claim_html`).
        """

        def story_card(story: Any, level: int = 2) -> Markup:
            return self.card_macros(lang).story_item(story, level)

        def quote_card(story: Any, quote: Any, show_speaker: bool = True) -> Markup:
            return self.card_macros(lang).quote_card(story, quote, show_speaker=show_speaker)

        pending = self.pending_claims

        def claim_html(story: Any, claim: Any) -> Markup:
            """A claim as its story's page, the claims list and the pages of its people all show it.

            Rendered once and dropped after its last expected use (SiteData.claim_uses: story page,
            claims list, the author's page, the pages of the people it is about; its own page renders
            it otherwise), so the cache holds only claims still to be shown; a use beyond those
            renders it again, which costs time, never correctness.
            """
            key = ("claim", lang, story.id, claim.id)
            held = pending.get(key)
            if held is None:
                html = self.card_macros(lang).claim_body(story, claim)
                uses = self.site.claim_uses(story, claim) - 1
                if uses > 0:
                    # Held as UTF-8: claim pages come first in the page list and the lists and people pages
                    # last, so a worker holds nearly every claim of its language at once (about 330 MB of
                    # str at 10,000 stories in the Japanese worker, whose HTML a str stores at 2 bytes a
                    # character); UTF-8 is 40 % smaller there, and decoding costs a microsecond a use.
                    pending[key] = [html.encode(), uses]
                return html
            held[1] -= 1
            if held[1] <= 0:
                del pending[key]
            return Markup(held[0].decode())

        def claim_card(story: Any, claim: Any) -> Markup:
            """A claim listed away from its story (claims list, author's page): the story's link, then the claim."""
            return self.card_macros(lang).claim_story(story, claim) + claim_html(story, claim)

        def layout(name: str) -> Markup:
            return self.layout_part(lang, name)

        return {
            "card_story": story_card,
            "card_quote": quote_card,
            "card_claim": claim_card,
            "claim_html": claim_html,
            "layout": layout,
        }

    def layout_part(self, lang: str, name: str) -> Markup:
        """A macro of macros.html taking no arguments (the site's header links, its footer), for the page
        being rendered: rendered once per language and reused wherever the page's `url` gives every
        link in it as on any other page (ROOT_MARK + route), rendered for the page itself otherwise
        (the pages it links to, where one link is `./`; the 404 pages, whose links are absolute).
        """
        key = (lang, name)
        held = self._layout.get(key)
        macros = self.page_macros(lang)
        page_url = self._page_url
        if held is None:
            targets: list[str] = []

            def record(target: str) -> str:
                targets.append(target)
                return ROOT_MARK + target

            self._page_url = record
            try:
                html = getattr(macros, name)()
            finally:
                self._page_url = page_url
            held = self._layout[key] = (tuple(targets), html)
        targets_seen, html = held
        for target in targets_seen:
            if page_url(target) != ROOT_MARK + target:
                return getattr(macros, name)()
        return html

    # -- per-page helpers ---------------------------------------------------------

    def helpers(self, page: Page) -> dict[str, Any]:
        """The helpers of one page: its language's (shared, memoised) plus its own `url`."""
        lang = page.lang or routes.DEFAULT_LANG
        if page.anywhere and self.base_known:

            def url(target: str) -> str:
                return routes.full(target, self.base_url)  # shown at any URL: absolute, works under a sub-path

        elif page.anywhere:

            def url(target: str) -> str:
                return routes.relative(target, page.route)

        else:
            route = page.route
            here = route if route.endswith("/") or route == "" else route[: route.rfind("/") + 1]

            def url(target: str) -> str:
                if target.startswith(here) and (target == here or target[len(here)] == "#"):
                    return routes.relative(target, route)  # this page: ./ or #fragment
                return ROOT_MARK + target

        return {**self.lang_helpers(lang), "lang": page.lang, "url": url}

    def lang_helpers(self, lang: str) -> dict[str, Any]:
        """Helpers that do not depend on the page, built once per language.

        Their URLs start at ROOT_MARK, which `render` replaces with the page's way to the site
        root, so what they return can be memoised and reused on any page.
        """
        cached = self._lang_helpers.get(lang)
        if cached is not None:
            return cached
        t = self.messages[lang]
        kb = self.site.kb
        other = _other(lang)

        def url(target: str) -> str:
            return ROOT_MARK + target

        def pick(value: Any) -> tuple[str, str] | None:
            if value is None:
                return None
            if isinstance(value, str):
                return value, lang
            text = getattr(value, lang, None)
            if text:
                return text, lang
            text = getattr(value, other, None)
            if text:
                return text, other
            return None

        def plain(value: Any, default: str = "") -> str:
            got = pick(value)
            return got[0] if got else default

        def tx(value: Any, default: str = "") -> Markup:
            got = pick(value)
            if got is None:
                return escape(default)
            return _tx(got[0], got[1], lang)

        def md(value: Any) -> Markup:
            got = pick(value)
            if got is None:
                return Markup("")
            text, which = got
            return _md_block(text, which, lang)

        def md_text(value: Any, default: str = "") -> str:
            """A Markdown field as plain text (meta descriptions, JSON-LD): `**Unit 1**` reads Unit 1."""
            got = pick(value)
            return markdown_text(got[0]) if got else default

        tags = kb.tags or {}

        def tag_name(tag_id: str) -> Markup:
            """A tag as the registry names it in this language (its slug only when it is not registered)."""
            tag = tags.get(tag_id)
            return tx(tag.name) if tag is not None else escape(tag_id)

        def tag_plain(tag_id: str) -> str:
            tag = tags.get(tag_id)
            return plain(tag.name) if tag is not None else tag_id

        def source_kind(kind: str) -> str:
            """A source's kind in words of this language (`note.com article` is the key note-com-article)."""
            key = "transcript_kind." + re.sub(r"[^a-z0-9]+", "-", kind.casefold()).strip("-")
            return t(key) if key in t.catalog else kind

        def document(text: str) -> Markup:
            """A repository document (docs/*.md) under the page's <h1>: headings demoted, relative links dropped."""
            return render_markdown(text, shift_headings=1, relative_links=False, lang=lang)

        def story_title(story: Any) -> str:
            return plain(story.title, t("story.untitled", number=story.segment.index))

        def story_tx(story: Any) -> Markup:
            return tx(story.title, t("story.untitled", number=story.segment.index))

        def entity_name(entity_id: str) -> Markup:
            if entity_id == "unknown":
                return escape(t("speaker.unknown"))
            if entity_id == "narrator":
                return escape(t("speaker.narrator"))
            name = kb.name_of(entity_id)
            return tx(name, entity_id) if name is not None else escape(entity_id)

        def entity_url(entity_id: str) -> str | None:
            kind = self.site.entity_kind(entity_id)
            if kind == "person":
                return url(routes.person(lang, entity_id))
            if kind == "organization":
                return url(routes.organization(lang, entity_id))
            return None

        links: dict[str, Markup] = {}

        def entity_link(entity_id: str) -> Markup:
            link = links.get(entity_id)
            if link is None:
                href = entity_url(entity_id)
                name = entity_name(entity_id)
                link = links[entity_id] = Markup('<a href="{}">{}</a>').format(href, name) if href else name
            return link

        def line_url(source_id: str, line: int | None) -> str:
            return ROOT_MARK + routes.source(lang, source_id) + (f"#L{line}" if line else "")

        def claim_url(story: Any, claim: Any) -> str:
            return ROOT_MARK + routes.claim(lang, story.id, claim.id)

        helpers = {
            "lang": lang,
            "ui_lang": lang,
            "other_lang": other,
            "t": t,
            "t_ja": self.messages["ja"],
            "t_en": self.messages["en"],
            "routes": routes,
            "url": url,
            "pick": pick,
            "plain": plain,
            "tx": tx,
            "md": md,
            "document": document,
            "md_text": md_text,
            "tag_name": tag_name,
            "tag_plain": tag_plain,
            "source_kind": source_kind,
            "date": t.date,
            "number": t.number,
            "month_label": t.month,
            "story_title": story_title,
            "story_tx": story_tx,
            "entity_name": entity_name,
            "entity_url": entity_url,
            "entity_link": entity_link,
            "line_url": line_url,
            "claim_url": claim_url,
            "full_url": lambda route: routes.full(route, self.base_url),
            "tally": tally,
            "by_verdict": by_verdict,
            "span_item": self.site.item,
            "href": _href,
            "transcript_lines": transcript_lines,
            "stories_by_id": self.site.story_index,
            "kb": kb,
        }
        self._lang_helpers[lang] = helpers
        return helpers

    def head(self, page: Page) -> dict[str, Any]:
        """Canonical URL, hreflang alternates, twin link and CSP of a page."""
        canonical = routes.full(page.route, self.base_url)  # JSON-LD ids are absolute either way
        if self.base_known:

            def where(route: str) -> str:
                return routes.full(route, self.base_url)

        else:  # no real address yet: no canonical link, and alternates relative to the page

            def where(route: str) -> str:
                return routes.relative(route, page.route)

        if page.lang is None:
            alternates = [{"hreflang": "x-default", "href": where(page.route)}] if page.listed else []
        else:
            alternates = [{"hreflang": lang, "href": where(routes.twin(page.route, lang))} for lang in routes.LANGS]
            alternates.append({"hreflang": "x-default", "href": where(routes.twin(page.route, routes.DEFAULT_LANG))})
        return {
            "page": page,
            "canonical": canonical,
            "canonical_link": canonical if self.base_known else None,
            "alternates": alternates,
            "twin_route": routes.twin(page.route, _other(page.lang)) if page.lang else None,
            "csp": csp(page),
        }

    def render(self, page: Page) -> str | bytes:
        document = jsonapi.DOCUMENTS.get(page.template)
        if document is not None:  # a JSON document or data file (api.py), not a template
            return document(page, self)
        lang = page.lang or routes.DEFAULT_LANG
        context = {**self.helpers(page), **self.card_helpers_of(lang), **self.head(page), **page.context()}
        self._page_url = context["url"]
        context["macros"] = self.page_macros(lang)
        context["jsonld"] = jsonld.for_page(page, context, self)
        template = self._templates.get(page.template)
        if template is None:
            template = self._templates[page.template] = self.env.get_template(page.template)
        html = template.render(context)
        root = self.base_url if page.anywhere and self.base_known else routes.prefix(page.route)
        return html.replace(ROOT_MARK, root)


@lru_cache(maxsize=8192)
def _tx(text: str, which: str, lang: str) -> Markup:
    """Escaped text for a `lang` page, marked with its own language when that differs (memoised).

    Bounded: the hits are mostly repeats close together (a story's names and titles on its own
    pages), so 8,192 entries keep 96 % of the hits of an unbounded cache, which would hold every
    text of the site in each worker (measured at 1,000 stories: same CPU either way).
    """
    if which != lang:
        return Markup('<span lang="{}">{}</span>').format(which, text)
    return mark_japanese(text) if lang == "en" else escape(text)


@lru_cache(maxsize=65536)
def _href(value: str) -> str:
    """An external URL made valid for an attribute: characters a URL may not hold are percent-encoded."""
    return quote(value, safe=":/?#[]@!$&'()*+,;=%~")


@lru_cache(maxsize=None)
def _md_block(text: str, which: str, lang: str) -> Markup:
    """Markdown of one summary or note in its <div> (memoised: the same text shows on many pages)."""
    html = render_markdown(text, lang=which)
    if which != lang:
        return Markup('<div lang="{}">{}</div>').format(which, html)
    return Markup("<div>{}</div>").format(html)
