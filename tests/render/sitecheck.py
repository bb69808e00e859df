"""Reading a built site without newskb: pages, their links, ids and metadata."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

BASE_URL = "https://kb.example.org/"  # a configured base URL (the .invalid placeholder gets no canonical links)
LINK_ATTRS = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("form", "action")}


@dataclass
class Parsed:
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)  # (tag, url, attrs)
    scripts: list[dict[str, str]] = field(default_factory=list)
    script_text: list[str] = field(default_factory=list)
    attrs: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    html_lang: str | None = None


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out = Parsed()
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.out.attrs.append((tag, a))
        if tag == "html":
            self.out.html_lang = a.get("lang")
        if "id" in a:
            self.out.ids.add(a["id"])
        for t, attr in LINK_ATTRS:
            if tag == t and attr in a:
                self.out.links.append((tag, a[attr], a))
        if tag == "script":
            self.out.scripts.append(a)
            self._in_script = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.out.script_text.append(data)


def parse(path: Path) -> Parsed:
    p = _Parser()
    p.feed(path.read_text(encoding="utf-8"))
    return p.out


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html"))


def url_of(site: Path, page: Path) -> str:
    rel = page.relative_to(site).as_posix()
    if rel == "index.html" or rel.endswith("/index.html"):
        rel = rel[: -len("index.html")]
    return "/" + rel


def target_file(site: Path, path: str) -> Path | None:
    """The file a site path serves, as a static server would."""
    local = site / unquote(path).lstrip("/")
    if path.endswith("/") or local.is_dir():
        local = local / "index.html"
    return local if local.is_file() else None


def internal(url: str) -> str | None:
    """The site path of an internal absolute URL, or None for an external one."""
    if url.startswith(BASE_URL):
        return "/" + url[len(BASE_URL) :]
    return None


def broken_links(site: Path) -> list[str]:
    """Every internal link or #anchor that does not resolve, as 'page: url (why)'."""
    cache: dict[Path, Parsed] = {}

    def parsed(path: Path) -> Parsed:
        if path not in cache:
            cache[path] = parse(path)
        return cache[path]

    problems: list[str] = []
    for page in pages(site):
        here = url_of(site, page)
        for tag, url, attrs in parsed(page).links:
            if page.name == "404.html":
                resolved = urljoin(here, url)
            elif url.startswith(("http://", "https://", "mailto:")):
                path = internal(url)
                if path is None:
                    continue
                resolved = path
            else:
                assert not url.startswith("/"), f"{page}: root-relative link {url} on a normal page"
                resolved = urljoin(here, url)
            parts = urlsplit(resolved)
            target = target_file(site, parts.path)
            where = f"{page.relative_to(site)}: {url}"
            if target is None:
                problems.append(f"{where} (no such file)")
                continue
            if parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in parsed(target).ids:
                problems.append(f"{where} (no id {parts.fragment!r})")
        for tag, attrs in parsed(page).attrs:
            if "data-bundle" in attrs:
                bundle = urlsplit(urljoin(here, attrs["data-bundle"])).path
                if target_file(site, bundle + "pagefind.js") is None:
                    problems.append(f"{page.relative_to(site)}: search bundle {bundle} missing")
    return problems
