"""Every URL of the site, in one place.

A route is a path relative to the site root: directories end in `/` (pretty
URLs, written as `<dir>/index.html`), files do not. Pages link to each other
with *relative* URLs computed by `relative()`, so the site works under any
base path and from a plain static file server; only the 404 pages, which a
server may show at any URL, use root-relative links (see `absolute()`).
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote

LANGS: tuple[str, ...] = ("ja", "en")
#: The language x-default alternates point at (the root chooser offers both).
DEFAULT_LANG = "en"


@lru_cache(maxsize=1 << 17)
def _seg(value: str) -> str:
    return quote(value, safe="-_.~")


def root() -> str:
    return ""


def home(lang: str) -> str:
    return f"{lang}/"


def story(lang: str, story_id: str) -> str:
    return f"{lang}/stories/{_seg(story_id)}/"


def claim(lang: str, story_id: str, claim_id: str) -> str:
    """A claim's own page, under its story's (a claim id is unique within its story only)."""
    return f"{lang}/stories/{_seg(story_id)}/claims/{_seg(claim_id)}/"


def people(lang: str) -> str:
    return f"{lang}/people/"


def person(lang: str, person_id: str) -> str:
    return f"{lang}/people/{_seg(person_id)}/"


def organizations(lang: str) -> str:
    return f"{lang}/organizations/"


def organization(lang: str, org_id: str) -> str:
    return f"{lang}/organizations/{_seg(org_id)}/"


def tags(lang: str) -> str:
    return f"{lang}/tags/"


def tag(lang: str, tag_id: str) -> str:
    return f"{lang}/tags/{_seg(tag_id)}/"


def timeline(lang: str) -> str:
    return f"{lang}/timeline/"


def claims(lang: str) -> str:
    return f"{lang}/claims/"


def quotes(lang: str) -> str:
    return f"{lang}/quotes/"


def source(lang: str, source_id: str) -> str:
    return f"{lang}/sources/{_seg(source_id)}/"


def about(lang: str) -> str:
    return f"{lang}/about/"


def search(lang: str) -> str:
    return f"{lang}/search/"


def data(lang: str) -> str:
    """The Data page: what the published database, feed and JSON API hold."""
    return f"{lang}/data/"


def data_file(name: str) -> str:
    """A published data file (database, ClaimReview feed), language-neutral."""
    return f"data/{name}"


def api_index() -> str:
    """The static JSON API's index: every story, person and organisation with its document."""
    return "api/index.json"


def api_story(story_id: str) -> str:
    return f"api/stories/{_seg(story_id)}.json"


def api_person(person_id: str) -> str:
    return f"api/people/{_seg(person_id)}.json"


def api_organization(org_id: str) -> str:
    return f"api/organizations/{_seg(org_id)}.json"


def paged(base: str, number: int) -> str:
    """Page `number` (1-based) of a paginated list whose first page is the route `base`."""
    return base if number == 1 else f"{base}page/{number}/"


def not_found(lang: str | None) -> str:
    return f"{lang}/404.html" if lang else "404.html"


def feed(lang: str) -> str:
    return f"{lang}/feed.xml"


def sitemap() -> str:
    return "sitemap.xml"


def asset(name: str) -> str:
    return f"assets/{name}"


def pagefind_dir(lang: str, shard: int = 1) -> str:
    """A language's search bundle; a large site has several (search.SHARD_PAGES), merged by the search page."""
    return f"{lang}/pagefind/" if shard == 1 else f"{lang}/pagefind-{shard}/"


# --- path arithmetic -----------------------------------------------------------


def file_for(route: str) -> str:
    """The file a route is written to, relative to the site root."""
    return route + "index.html" if route == "" or route.endswith("/") else route


def lang_of(route: str) -> str | None:
    head = route.split("/", 1)[0]
    return head if head in LANGS else None


def twin(route: str, lang: str) -> str:
    """The same page in another language (routes mirror each other page for page)."""
    current = lang_of(route)
    if current is None:
        return route
    return lang + route[len(current) :]


def prefix(current: str) -> str:
    """The relative URL of the site root from the page at route `current`."""
    return "../" * current.count("/")


def relative(target: str, current: str) -> str:
    """A relative URL from the page at route `current` to route `target` (keeps a #fragment).

    Always up to the site root, then down to the target: the result depends only on how deep
    the current page is, so a fragment rendered for one page is valid on every page as deep
    (and is one string concatenation). A link to the current page itself is `./` or `#fragment`.
    """
    target, _, fragment = target.partition("#")
    here = current if current.endswith("/") or current == "" else current[: current.rfind("/") + 1]
    if target == here:
        if fragment:
            return "#" + fragment
        return "./"
    rel = "../" * here.count("/") + target
    return (rel or "./") + ("#" + fragment if fragment else "")


def absolute(target: str, base_path: str) -> str:
    """A root-relative URL under the site's base path (for pages shown at any URL)."""
    return base_path.rstrip("/") + "/" + target


def full(target: str, base_url: str) -> str:
    """An absolute URL (canonical, alternates, feeds, sitemap)."""
    return base_url.rstrip("/") + "/" + target
