"""A Hugo project that renders the same content as `newskb build` for a newskb corpus.

    python3 hugo_same_content.py CORPUS_DIR OUTDIR [--templates NEWSKB/templates] [--build] [--check SITE]
    cd OUTDIR && hugo --quiet -d public

CORPUS_DIR is a newskb knowledge base (entries/ and seeds/, e.g. from
benchmarks/corpus.py). OUTDIR becomes a plain Hugo project (no theme, nothing
fetched) whose pages carry newskb's visible content, kind by kind:

* data/ holds the entries themselves: every story file copied byte for byte
  (data/stories/<file>.yaml), the sources (data/sources/), and the three
  registries keyed by id (data/people.yaml, ...). Hugo parses each entry once,
  as newskb does; the templates read quotes, claims, reviews and sources from it.
* content/<lang>/ holds one stub page per page newskb writes: a story stub per
  story and language (title, date, summary as its Markdown body, and taxonomy
  terms: tags, the people and organisations it names, its transcript), an
  _index.md per person, organisation, tag and transcript (taxonomy term pages,
  so registry entries no story names still get a page), the list pages, and one
  stub per page of the claims and quotes lists (Hugo paginates only pages, not
  claims or quotes; their slices are cut by the templates).
* seeds/ holds the transcripts; the transcript page reads them with readFile
  and highlights every quote and claim in its line, as newskb does.
* layouts/ are plain Go templates written below: Markdown through
  .Content/RenderString, JSON-LD ClaimReview graphs built with dict/slice and
  jsonify, Hugo's paginator and taxonomies wherever Hugo has them. Entity links
  and JSON-LD nodes come from per-language tables built once; story cards,
  quote cards and claim bodies are rendered on every page that shows them
  (newskb renders each once per language and reuses it, but Hugo's
  partialCached is an LRU of 1,000 entries, far fewer than the claims).

Differences that remain: links are root-relative (newskb's are relative); the
site root is Hugo's redirect to /ja/ (newskb: a language chooser) and Hugo also
writes a redirect at page/1/ of every paginated list (page_kinds.py counts these
as "redirect", not as pages); Hugo's sitemap is an index plus one file per
language and lists no paginated pages; feed entry ids are URLs, not uuid5 URNs.

--build runs Hugo into OUTDIR/public and prints its page census; --check SITE
(a newskb output directory) also prints newskb's beside it. compare_sites.py
compares the two sites page by page (5,217 of newskb's 5,218 pages at N=1000
are identical after normalising whitespace and link prefixes; the root differs).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import yaml

try:
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as Loader  # type: ignore[assignment]

LANGS = ("ja", "en")
PAGE_SIZE = 50  # newskb's PAGE_SIZE: stories, quotes, claims per list page (200 names per index page)
BASE_URL = "https://newskb.invalid/"

# --- reading the corpus ----------------------------------------------------------------


def story_stub(path: str) -> dict:
    """What the content stubs of one story need (its data file is copied as is)."""
    with open(path, encoding="utf-8") as fh:
        s = yaml.load(fh, Loader=Loader)
    named = set(s.get("people") or []) | set(s.get("organizations") or []) | set(s.get("products") or [])
    named |= {m["id"] for m in s.get("mentions") or []}
    named |= {q["speaker"] for q in s.get("quotes") or []} | {q["via"] for q in s.get("quotes") or [] if q.get("via")}
    named |= {c.get("by", "narrator") for c in s.get("claims") or []}
    return {
        "key": Path(path).stem,
        "id": s["id"],
        "source": s["source"],
        "date": str(s["date"]) if s.get("date") else None,
        "title": s.get("title") or {},
        "summary": s.get("summary") or {},
        "tags": sorted(set(s.get("tags") or [])),
        "named": sorted(named),
        "quotes": len(s.get("quotes") or []),
        "claims": len(s.get("claims") or []),
        "claim_ids": [c["id"] for c in s.get("claims") or []],
    }


def load_registry(path: Path, key: str) -> dict[str, dict]:
    with open(path, encoding="utf-8") as fh:
        items = (yaml.load(fh, Loader=Loader) or {}).get(key) or []
    return {item["id"]: item for item in items}


def default_templates() -> Path:
    """newskb's templates/ (locales and assets): beside the installed package, else the current checkout's."""
    try:
        import newskb  # noqa: PLC0415

        here = Path(newskb.__file__).resolve().parents[2] / "templates"
        if (here / "locales").is_dir():
            return here
    except ImportError:
        pass
    return Path.cwd() / "templates"


# --- writing the project ------------------------------------------------------------------


def dump(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1 << 20), encoding="utf-8")


def page(path: Path, front: dict, body: str = "") -> None:
    """A content file: JSON front matter (valid for Hugo, no escaping surprises), then the body."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(front, ensure_ascii=False) + "\n" + body, encoding="utf-8")


def i18n_catalog(locale_file: Path) -> dict[str, str]:
    """newskb's message catalog flattened for Hugo: {"nav.home": "Stories", ...}, {name} -> {{ .name }}.

    `count` is renamed `cnt`: Hugo treats a `count` argument as a plural count and then wants
    plural forms the catalogs do not have.
    """
    with open(locale_file, encoding="utf-8") as fh:
        tree = yaml.safe_load(fh)
    flat: dict[str, str] = {}

    def walk(prefix: str, node: object) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(f"{prefix}.{k}" if prefix else str(k), v)
        elif prefix.startswith("search."):  # filled in by the search script, not by templates
            flat[prefix] = str(node)
        else:
            text = re.sub(r"\{(\w+)\}", lambda m: "{{ ." + ("cnt" if m.group(1) == "count" else m.group(1)) + " }}", str(node))
            flat[prefix] = text

    walk("", tree)
    return flat


def config(lang_names: dict[str, str]) -> str:
    return f"""# Written by hugo_same_content.py: the same site as `newskb build`, in Hugo.
baseURL: {BASE_URL}
title: News Knowledge Base
defaultContentLanguage: ja
defaultContentLanguageInSubdir: true
enableRobotsTXT: true
disableHugoGeneratorInject: true
disableKinds: [RSS]
paginate: {PAGE_SIZE}
paginatePath: page
timeZone: UTC
taxonomies:
  tag: tags
  person: people
  organization: organizations
  source: sources
mediaTypes:
  application/atom+xml:
    suffixes: [xml]
outputFormats:
  Atom:
    mediaType: application/atom+xml
    baseName: feed
    isPlainText: true
    rel: alternate
outputs:
  home: [HTML, Atom]
  section: [HTML]
  taxonomy: [HTML]
  term: [HTML]
  page: [HTML]
markup:
  goldmark:
    extensions:
      definitionList: false
      footnote: false
      linkify: false
      strikethrough: false
      table: true
      taskList: false
      typographer: false
    renderer:
      unsafe: false
params:
  base: {BASE_URL}
languages:
  ja:
    weight: 1
    languageName: {lang_names['ja']}
    contentDir: content/ja
    params: {{dateformat: "2006年1月2日", monthformat: "2006年1月"}}
  en:
    weight: 2
    languageName: {lang_names['en']}
    contentDir: content/en
    params: {{dateformat: "2 January 2006", monthformat: "January 2006"}}
"""


def write_project(corpus: Path, out: Path, templates: Path, jobs: int) -> dict[str, int]:
    entries = corpus / "entries"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    # data: the entries themselves
    story_files = sorted((entries / "stories").glob("*.yaml"))
    (out / "data/stories").mkdir(parents=True)
    for f in story_files:
        shutil.copyfile(f, out / "data/stories" / f.name)
    (out / "data/sources").mkdir(parents=True)
    sources: dict[str, dict] = {}
    for f in sorted((entries / "sources").glob("*.yaml")):
        shutil.copyfile(f, out / "data/sources" / f.name)
        with open(f, encoding="utf-8") as fh:
            sources[f.stem] = yaml.load(fh, Loader=Loader)
    people = load_registry(entries / "people.yaml", "people")
    orgs = load_registry(entries / "organizations.yaml", "organizations")
    products = load_registry(entries / "products.yaml", "products")
    dump(out / "data/people.yaml", people)
    dump(out / "data/organizations.yaml", orgs)
    dump(out / "data/products.yaml", products)
    # the transcripts, read by the transcript pages
    for src in sources.values():
        target = out / src["file"]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(corpus / src["file"], target)
    # what the stubs need from the stories
    if jobs > 1 and len(story_files) > 200:
        with ProcessPoolExecutor(jobs) as pool:
            stubs = list(pool.map(story_stub, map(str, story_files), chunksize=64))
    else:
        stubs = [story_stub(str(f)) for f in story_files]
    n_quotes = sum(s["quotes"] for s in stubs)
    n_claims = sum(s["claims"] for s in stubs)
    # i18n, assets, config, layouts
    catalogs = {lang: i18n_catalog(templates / "locales" / f"{lang}.yaml") for lang in LANGS}
    for lang, cat in catalogs.items():
        dump(out / "i18n" / f"{lang}.yaml", cat)
    shutil.copytree(templates / "assets", out / "static/assets")
    (out / "hugo.yaml").write_text(
        config({lang: catalogs[lang][f"lang.name_{lang}"] for lang in LANGS}), encoding="utf-8"
    )
    fmt = {"ja": catalogs["ja"], "en": catalogs["en"], "base": BASE_URL, "csp": CSP}
    layouts = LAYOUTS
    (out / "static/404.html").write_text(ROOT_404.format(**fmt), encoding="utf-8")
    for rel, text in layouts.items():
        p = out / "layouts" / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text.lstrip("\n"), encoding="utf-8")
    # content stubs, per language
    tags = sorted({t for s in stubs for t in s["tags"]})
    claim_pages = max(1, math.ceil(n_claims / PAGE_SIZE))
    quote_pages = max(1, math.ceil(n_quotes / PAGE_SIZE))
    for lang in LANGS:
        c = out / "content" / lang
        t = catalogs[lang]
        page(c / "_index.md", {"title": t["home.title"]})
        page(c / "stories/_index.md", {"build": {"render": "never"}})
        for s in stubs:
            front = {
                "title": s["title"].get(lang) or s["title"].get("ja") or s["id"],
                "story": s["key"],
                "sid": s["id"],
                # the story's source id, as a string: go-yaml (YAML 1.1, as Hugo reads data/) takes
                # an unquoted id such as 01614_13293488796391494e19 for a float; PyYAML does not
                "src": s["source"],
                "tags": s["tags"],
                "people": [e for e in s["named"] if e in people],
                "organizations": [e for e in s["named"] if e in orgs],
                "sources": [s["source"]],
            }
            if s["date"]:
                front["date"] = s["date"]
            summary = s["summary"].get(lang) or s["summary"].get("ja") or ""
            page(c / "stories" / f"{s['id']}.md", front, summary + "\n")
            for ci, cid in enumerate(s["claim_ids"]):  # newskb's claim pages (routes.claim)
                page(
                    c / "claimpages" / f"{s['id']}--{cid}.md",
                    {
                        "title": cid,
                        "type": "claimpage",
                        "url": f"/{lang}/stories/{s['id']}/claims/{cid}/",
                        "story": s["key"],
                        "sid": s["id"],
                        "src": s["source"],
                        "ci": ci,
                        "stitle": front["title"],
                    },
                )
        page(c / "claimpages/_index.md", {"build": {"render": "never", "list": "local"}})
        page(c / "people/_index.md", {"title": t["people.title"]})
        for pid, p in people.items():
            page(c / "people" / pid / "_index.md", {"title": p["name"][lang], "name_en": p["name"]["en"].casefold()})
        page(c / "organizations/_index.md", {"title": t["organizations.title"]})
        for oid, o in orgs.items():
            page(c / "organizations" / oid / "_index.md", {"title": o["name"][lang], "name_en": o["name"]["en"].casefold()})
        page(c / "tags/_index.md", {"title": t["tags.title"]})
        for tag in tags:
            page(c / "tags" / tag / "_index.md", {"title": tag})
        page(c / "sources/_index.md", {"build": {"render": "never"}})
        for sid, src in sources.items():
            title = src["title"].get(lang) or src["title"]["ja"]
            page(c / "sources" / sid / "_index.md", {"title": title})
        page(c / "timeline/_index.md", {"title": t["timeline.title"]})
        for section, count in (("claims", claim_pages), ("quotes", quote_pages)):
            page(c / section / "_index.md", {"title": t[f"{section}.title"], "pagenum": 1, "pages": count})
            for k in range(2, count + 1):
                page(
                    c / section / f"page-{k}.md",
                    {"title": t[f"{section}.title"], "url": f"/{lang}/{section}/page/{k}/", "pagenum": k, "pages": count},
                )
        page(c / "about.md", {"title": t["about.title"], "layout": "about"})
        # newskb's search page names every Pagefind shard (2,000 indexed pages each), even unbuilt
        shards = max(1, math.ceil((len(stubs) + len(people) + len(orgs)) / 2000))
        page(c / "search.md", {"title": t["search.title"], "layout": "search", "shards": shards})
    return {
        "stories": len(stubs),
        "quotes": n_quotes,
        "claims": n_claims,
        "people": len(people),
        "organizations": len(orgs),
        "products": len(products),
        "sources": len(sources),
        "tags": len(tags),
    }


# --- the layouts ------------------------------------------------------------------------------
# Plain Go templates; links are root-relative. Written with a few macros, expanded by expand():
#   [[head]]       $lang, $other (the other language), $df (the language's date layout), and the
#                  language's lookup tables $links (id -> linked name) and $nodes (id -> JSON-LD node),
#                  and the formats of messages shown per quote or claim ($fql, $fcl, $fpub: i18n once
#                  per page, then printf)
#   [[txs X]]      newskb's tx() of a string: escaped; on English pages runs of Japanese get lang="ja"
#   [[tx X]]       tx() of a bilingual value: the page language's text, else the other one marked lang
#   [[plain X]]    plain(): the text of a bilingual value in the page language, else the other (an expression)
#   [[md X]]       md(): Markdown of a bilingual value in its <div>, rendered once per text and language
#   [[link X]]     entity_link(): a person's or organisation's name linked to its page, anyone else's name
#   [[node X]]     the JSON-LD node of a person or organisation, else false (an expression)
# Hugo's partialCached is an LRU of 1,000 entries per language (0.111 to this day), so it is used
# only for what has few variants (Markdown of a repeated note, the per-language tables, the story
# list); cards and claim bodies are rendered inline wherever shown (newskb renders each once per
# language and reuses it). Partial caches are per language, so keys need no language. Hot paths
# are inlined: in Hugo 0.111 each partial call runs in its own goroutine.

JA_RE = r"[\x{3000}-\x{303f}\x{3040}-\x{30ff}\x{31f0}-\x{31ff}\x{3400}-\x{4dbf}\x{4e00}-\x{9fff}\x{ff00}-\x{ffef}]+"
MARK_JA = '`' + JA_RE + '` `<span lang="ja">$0</span>`'


def _txs(x: str) -> str:
    return '{{ if eq $lang "en" }}{{ replaceRE %s (htmlEscape %s) | safeHTML }}{{ else }}{{ %s }}{{ end }}' % (MARK_JA, x, x)


MACROS = {
    "head": lambda _: '{{- $lang := site.Language.Lang }}{{ $other := cond (eq $lang "ja") "en" "ja" }}'
    '{{ $df := site.Language.Params.dateformat }}{{ $links := partialCached "entity-links.html" . }}'
    '{{ $nodes := partialCached "entity-nodes.html" . }}{{ $fql := i18n "quote.line" (dict "line" "%v") }}'
    '{{ $fcl := i18n "claim.line" (dict "line" "%v") }}{{ $fpub := i18n "claim.published" (dict "date" "%s") -}}',
    "txs": _txs,
    "tx": lambda x: "{{ with index %s $lang }}%s{{ else }}<span lang=\"{{ $other }}\">{{ index %s $other }}</span>{{ end }}"
    % (x, _txs("."), x),
    "plain": lambda x: "(or (index %s $lang) (index %s $other))" % (x, x),
    "md": lambda x: '{{ with index %s $lang }}{{ partialCached "md.html" . . }}{{ else }}'
    '{{ with index %s $other }}{{ partialCached "md-other.html" . . }}{{ end }}{{ end }}' % (x, x),
    "link": lambda x: "{{ with index $links %s }}{{ . }}{{ else }}{{ %s }}{{ end }}" % (x, x),
    "node": lambda x: "(index $nodes %s)" % x,
}


def expand(text: str) -> str:
    return re.sub(r"\[\[(\w+) ?([^\]]*)\]\]", lambda m: MACROS[m.group(1)](m.group(2).strip()), text)


LAYOUTS: dict[str, str] = {}

LAYOUTS["_default/baseof.html"] = r"""
[[head]]
{{- $pager := partial "pager.html" . -}}
{{- .Store.Set "pager" $pager -}}
{{- $self := .RelPermalink -}}{{ with $pager }}{{ $self = .self }}{{ end -}}
{{- $rest := strings.TrimPrefix (printf "/%s/" $lang) $self -}}
{{- $base := site.Params.base -}}
<!DOCTYPE html>
<html lang="{{ $lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src &#39;self&#39;; script-src &#39;self&#39;{{ if eq .Layout "search" }} &#39;wasm-unsafe-eval&#39;{{ end }}; style-src &#39;self&#39;; img-src &#39;self&#39;; font-src &#39;self&#39;; connect-src &#39;self&#39;; object-src &#39;none&#39;; base-uri &#39;none&#39;; form-action &#39;self&#39;">
<meta name="referrer" content="strict-origin-when-cross-origin">
<title>{{ block "title" . }}{{ .Title }}{{ end }}{{ with $pager }}{{ if gt .number 1 }} · {{ i18n "pagination.position" (dict "number" (lang.FormatNumber 0 .number) "cnt" (lang.FormatNumber 0 .count)) }}{{ end }}{{ end }} | {{ i18n "site.name" }}</title>
<meta name="description" content="{{ block "description" . }}{{ i18n "site.description" }}{{ end }}">
{{ with $pager }}{{ with .prev }}<link rel="prev" href="{{ . }}">
{{ end }}{{ with .next }}<link rel="next" href="{{ . }}">
{{ end }}{{ end -}}
<link rel="alternate" hreflang="ja" href="/ja/{{ $rest }}">
<link rel="alternate" hreflang="en" href="/en/{{ $rest }}">
<link rel="alternate" hreflang="x-default" href="/en/{{ $rest }}">
<link rel="alternate" type="application/atom+xml" title="{{ i18n "feed.title" }}" href="/{{ $lang }}/feed.xml">
<link rel="stylesheet" href="/assets/site.css">
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
{{ block "jsonld" . }}{{ end -}}
</head>
<body>
<a class="skip" href="#main">{{ i18n "nav.skip" }}</a>
<header class="site-header">
<a class="brand" href="/{{ $lang }}/">{{ i18n "site.name" }}</a>
<nav aria-label="{{ i18n "nav.label" }}">
<ul>
<li><a href="/{{ $lang }}/">{{ i18n "nav.home" }}</a></li>
<li><a href="/{{ $lang }}/people/">{{ i18n "nav.people" }}</a></li>
<li><a href="/{{ $lang }}/organizations/">{{ i18n "nav.organizations" }}</a></li>
<li><a href="/{{ $lang }}/tags/">{{ i18n "nav.tags" }}</a></li>
<li><a href="/{{ $lang }}/timeline/">{{ i18n "nav.timeline" }}</a></li>
<li><a href="/{{ $lang }}/claims/">{{ i18n "nav.claims" }}</a></li>
<li><a href="/{{ $lang }}/quotes/">{{ i18n "nav.quotes" }}</a></li>
<li><a href="/{{ $lang }}/about/">{{ i18n "nav.about" }}</a></li>
<li><a href="/{{ $lang }}/search/">{{ i18n "nav.search" }}</a></li>
</ul>
</nav>
<a class="lang-switch" href="/{{ $other }}/{{ $rest }}" hreflang="{{ $other }}" lang="{{ $other }}" rel="alternate" aria-label="{{ i18n "lang.switch_label" }}">{{ i18n "lang.switch" }}</a>
</header>
<main id="main"{{ if or (eq .Type "stories") (and (eq .Kind "term") (in (slice "people" "organizations") .Data.Plural)) }} data-pagefind-body{{ end }}>
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer">
<p>{{ i18n "footer.source" }} <a href="/{{ $lang }}/about/#cite">{{ i18n "footer.cite" }}</a> · <a href="/{{ $lang }}/feed.xml">{{ i18n "footer.feed" }}</a> · <a href="/{{ $lang }}/data/">{{ i18n "footer.data" }}</a></p>
</footer>
</body>
</html>
"""

# The pager of a paginated page as a dict: number, count, self, prev, next (root-relative URLs).
# Hugo's paginator where Hugo can paginate (pages: home, timeline, tag pages, the people,
# organisation and tag indexes); the stub's number for the claims and quotes lists.
LAYOUTS["partials/pager.html"] = r"""
{{- $pg := false -}}
{{- if .IsHome -}}
  {{- $pg = .Paginate (partialCached "stories.html" .) 50 -}}
{{- else if and (eq .Kind "section") (eq .Section "timeline") -}}
  {{- $pg = .Paginate (partialCached "stories.html" .) 50 -}}
{{- else if and (eq .Kind "term") (eq .Data.Plural "tags") -}}
  {{- $pg = .Paginate (partial "story-order.html" .Pages) 50 -}}
{{- else if and (eq .Kind "taxonomy") (eq .Data.Plural "tags") -}}
  {{- $pg = .Paginate .Pages.ByTitle 200 -}}
{{- else if eq .Kind "taxonomy" -}}
  {{- $pg = .Paginate (.Pages.ByParam "name_en") 200 -}}
{{- end -}}
{{- $out := false -}}
{{- with $pg -}}
  {{- $out = dict "number" .PageNumber "count" .TotalPages "self" .URL "prev" "" "next" "" -}}
  {{- if .HasPrev }}{{ $out = merge $out (dict "prev" .Prev.URL) }}{{ end -}}
  {{- if .HasNext }}{{ $out = merge $out (dict "next" .Next.URL) }}{{ end -}}
{{- else -}}
  {{- with .Params.pagenum -}}
    {{- $n := int . -}}{{- $count := int $.Params.pages -}}
    {{- $root := printf "/%s/%s/" $.Lang $.Section -}}
    {{- $self := cond (eq $n 1) $root (printf "%spage/%d/" $root $n) -}}
    {{- $out = dict "number" $n "count" $count "self" $self "prev" "" "next" "" -}}
    {{- if gt $n 1 }}{{ $out = merge $out (dict "prev" (cond (eq $n 2) $root (printf "%spage/%d/" $root (sub $n 1)))) }}{{ end -}}
    {{- if lt $n $count }}{{ $out = merge $out (dict "next" (printf "%spage/%d/" $root (add $n 1))) }}{{ end -}}
  {{- end -}}
{{- end -}}
{{- return $out -}}
"""

LAYOUTS["partials/pagination.html"] = r"""
{{- with . }}{{ if gt .count 1 -}}
<nav class="pagination" aria-label="{{ i18n "pagination.label" }}">
<ul>
{{ with .prev }}<li><a href="{{ . }}" rel="prev">{{ i18n "pagination.previous" }}</a></li>{{ end }}<li>{{ i18n "pagination.position" (dict "number" (lang.FormatNumber 0 .number) "cnt" (lang.FormatNumber 0 .count)) }}</li>{{ with .next }}<li><a href="{{ . }}" rel="next">{{ i18n "pagination.next" }}</a></li>{{ end }}
</ul>
</nav>
{{ end }}{{ end -}}
"""

# Every story page of the language in newskb's order (newest first, then by id), once per language.
LAYOUTS["partials/stories.html"] = r"""
{{- return partial "story-order.html" (where site.RegularPages "Section" "stories") -}}
"""

# Stories in newskb's order: date descending, id ascending (Hugo's page sorts are stable).
LAYOUTS["partials/story-order.html"] = r"""
{{- return (.ByParam "sid").Reverse.ByDate.Reverse -}}
"""

# Markdown of one text in the page language (context: the text), in its <div>.
LAYOUTS["partials/md.html"] = r"""
{{- $html := string (site.Home.RenderString (dict "display" "block") .) -}}
{{- if eq site.Language.Lang "en" }}{{ $html = replaceRE """ + MARK_JA + r""" $html }}{{ end -}}
<div>{{ $html | safeHTML }}</div>
"""

# The same for a text in the other language (a fallback), marked with its language.
LAYOUTS["partials/md-other.html"] = r"""
{{- $w := cond (eq site.Language.Lang "ja") "en" "ja" -}}
{{- $html := string (site.Home.RenderString (dict "display" "block") .) -}}
{{- if eq $w "en" }}{{ $html = replaceRE """ + MARK_JA + r""" $html }}{{ end -}}
<div lang="{{ $w }}">{{ $html | safeHTML }}</div>
"""

# entity_link() of every registry entry (and the narrator / unknown speaker): id -> HTML, built
# once per language (one cache entry; other ids are shown as they are). People win over
# organisations over products, as in newskb.
LAYOUTS["partials/entity-links.html"] = r"""
{{- $lang := site.Language.Lang }}{{ $other := cond (eq $lang "ja") "en" "ja" -}}
{{- $m := newScratch -}}
{{- range $id, $e := site.Data.products }}{{ $m.SetInMap "t" $id (partial "tx-name.html" $e.name) }}{{ end -}}
{{- range $id, $e := site.Data.organizations }}{{ $m.SetInMap "t" $id (printf `<a href="/%s/organizations/%s/">%s</a>` $lang $id (partial "tx-name.html" $e.name) | safeHTML) }}{{ end -}}
{{- range $id, $e := site.Data.people }}{{ $m.SetInMap "t" $id (printf `<a href="/%s/people/%s/">%s</a>` $lang $id (partial "tx-name.html" $e.name) | safeHTML) }}{{ end -}}
{{- $m.SetInMap "t" "unknown" (i18n "speaker.unknown") }}{{ $m.SetInMap "t" "narrator" (i18n "speaker.narrator") -}}
{{- return $m.Get "t" -}}
"""

# tx() of a registry name (used while building the tables).
LAYOUTS["partials/tx-name.html"] = r"""
{{- $lang := site.Language.Lang }}{{ $other := cond (eq $lang "ja") "en" "ja" -}}
[[tx .]]
"""

# The JSON-LD node of every person and organisation: id -> node, built once per language.
LAYOUTS["partials/entity-nodes.html"] = r"""
{{- $lang := site.Language.Lang }}{{ $other := cond (eq $lang "ja") "en" "ja" -}}
{{- $m := newScratch }}{{ $m.SetInMap "t" "narrator" false -}}
{{- range $id, $e := site.Data.organizations }}{{ $m.SetInMap "t" $id (dict "@type" "Organization" "@id" (printf "%s%s/organizations/%s/#organization" site.Params.base $lang $id) "name" [[plain $e.name]]) }}{{ end -}}
{{- range $id, $e := site.Data.people }}{{ $m.SetInMap "t" $id (dict "@type" "Person" "@id" (printf "%s%s/people/%s/#person" site.Params.base $lang $id) "name" [[plain $e.name]]) }}{{ end -}}
{{- return $m.Get "t" -}}
"""

# entity_name(id): the name alone (for "via").
LAYOUTS["partials/entity-name.html"] = r"""
{{- $lang := site.Language.Lang }}{{ $other := cond (eq $lang "ja") "en" "ja" -}}
{{- $id := . }}{{ $e := or (index site.Data.people $id) (index site.Data.organizations $id) (index site.Data.products $id) -}}
{{- if eq $id "unknown" }}{{ i18n "speaker.unknown" }}{{ else if eq $id "narrator" }}{{ i18n "speaker.narrator" }}{{ else if $e }}[[tx $e.name]]{{ else }}{{ $id }}{{ end -}}
"""

# newskb's quote_text macro, inlined where a quote is shown ($q: the quote).
QUOTE_TEXT = r"""{{ if and (eq $lang "en") $q.text.en }}
<blockquote class="quote-text"><p>[[txs $q.text.en]]</p></blockquote>
<p class="en-kind">{{ if eq $q.en_is "original" }}{{ i18n "quote.en_original" }}{{ with $q.en_source }}: <a href="{{ .url }}" rel="external noopener">[[txs .title]]</a>{{ end }}{{ else }}{{ i18n "quote.en_translation" }}{{ end }}</p>
<details class="original"><summary>{{ i18n "quote.original" }}</summary><blockquote lang="ja"><p>{{ $q.text.ja }}</p></blockquote></details>
{{ else if eq $lang "en" }}
<blockquote class="quote-text" lang="ja"><p>{{ $q.text.ja }}</p></blockquote>
<p class="pending">{{ i18n "quote.translation_pending" }}</p>
{{ else }}
<blockquote class="quote-text"><p>{{ $q.text.ja }}</p></blockquote>
{{ end }}"""

# A quote listed away from its story ($q, $story: its page, $src: its source id).
QUOTE_CARD = r"""<li class="quote-card">
SPEAKER""" + QUOTE_TEXT + r"""
<p class="meta"><a href="{{ $story.RelPermalink }}#quote-{{ $q.id }}">{{ $story.Title }}</a>
{{ with $q.anchor }} · <a href="/{{ $lang }}/sources/{{ $src }}/#L{{ .line }}">{{ printf $fql .line }}</a>{{ end }}</p>
</li>
"""
SPEAKER = r"""<p class="speaker">[[link $q.speaker]]{{ with $q.via }} <span class="via">({{ i18n "quote.via" (dict "name" (partial "entity-name.html" .)) }})</span>{{ end }}</p>
"""
QUOTE_CARD_SPEAKER = QUOTE_CARD.replace("SPEAKER", SPEAKER)
QUOTE_CARD_NO_SPEAKER = QUOTE_CARD.replace("SPEAKER", "")

# A claim as its story page, the claims list and its author's page show it (newskb's claim_body;
# $c: the claim, $src: its source id).
CLAIM_BODY = r"""<p class="claim-text">{{ if and (eq $lang "en") $c.text.en }}[[txs $c.text.en]]{{ else }}<span{{ if ne $lang "ja" }} lang="ja"{{ end }}>{{ $c.text.ja }}</span>{{ end }}</p>
<p class="meta">{{ i18n "claim.by" }}: [[link (or $c.by "narrator")]]
{{ with $c.anchor }} · <a href="/{{ $lang }}/sources/{{ $src }}/#L{{ .line }}">{{ printf $fcl .line }}</a>{{ end }}</p>
{{ with $c.review -}}
<p><span class="badge badge-{{ .verdict }}">{{ i18n (print "verdict." .verdict) }}</span></p>
{{ with .correction }}<div class="correction"><strong>{{ i18n "claim.correction" }}:</strong> [[md .]]</div>{{ end }}<div class="note">[[md .note]]</div>
{{ with .sources -}}
<p class="sources-label">{{ i18n "claim.sources" }}:</p>
<ul class="sources">
{{ range . }}<li><a href="{{ .url }}" rel="external noopener">[[txs .title]]</a>{{ with .publisher }}, [[txs .]]{{ end }}{{ with .published }} ({{ printf $fpub (time.Format $df .) }}){{ end }}</li>
{{ end -}}
</ul>
{{ end -}}
{{ else -}}
<p><span class="badge badge-unreviewed">{{ i18n "verdict.unreviewed" }}</span></p>
{{ end -}}"""

# A claim listed away from its story ($it: {story, c, src}): the story's link, then the claim.
CLAIM_CARD = r"""{{ $c := $it.c }}{{ $src := $it.src -}}
<p class="meta claim-story"><a href="{{ $it.story.RelPermalink }}#claim-{{ $c.id }}">{{ $it.story.Title }}</a></p>
""" + CLAIM_BODY

# A story in a list (home, tag, person, organisation pages; $sp: the story page).
STORY_CARD = r"""{{ $ss := index site.Data.stories $sp.Params.story -}}
<li class="story-item">
<hN><a href="{{ $sp.RelPermalink }}">{{ $sp.Title }}</a></hN>
<p class="meta">
<time datetime="{{ $sp.Date.Format "2006-01-02" }}">{{ $sp.Date | time.Format $df }}</time>
{{ with $ss.quotes }} · {{ i18n "story.quote_count" (dict "cnt" (lang.FormatNumber 0 (len .))) }}{{ end }}
{{ with $ss.claims }} · {{ i18n "story.claim_count" (dict "cnt" (lang.FormatNumber 0 (len .))) }}{{ end }}
</p>
{{ with $sp.Content }}<div class="summary"><div>{{ . }}</div></div>{{ end }}
</li>
"""

# newskb's story_list(stories, 3) ($stories: the pages).
STORY_LIST_H3 = r"""{{ with $stories -}}
<ul class="stories">
{{ range . }}{{ $sp := . }}""" + STORY_CARD.replace("hN", "h3") + r"""{{ end }}
</ul>
{{ else -}}
<p class="empty">{{ i18n "person.none" }}</p>
{{ end -}}"""

LAYOUTS["index.html"] = r"""
{{ define "title" }}{{ i18n "home.title" }}{{ end }}
{{ define "main" -}}
[[head]]
{{ $pager := .Store.Get "pager" -}}
<h1>{{ i18n "home.title" }}</h1>
<p class="intro">{{ i18n "home.intro" }} {{ i18n "home.count" (dict "cnt" (lang.FormatNumber 0 .Paginator.TotalNumberOfElements)) }}</p>
{{ with .Paginator.Pages -}}
<ul class="stories">
{{ range . }}{{ $sp := . }}""" + STORY_CARD.replace("hN", "h2") + r"""{{ end }}
</ul>
{{ partial "pagination.html" $pager }}
{{- else -}}
<p class="empty">{{ i18n "home.empty" }}</p>
{{ end -}}
{{ end }}
"""

LAYOUTS["stories/single.html"] = r"""
{{ define "description" }}{{ with .RawContent }}{{ trim . " \n\t" }}{{ else }}{{ i18n "site.description" }}{{ end }}{{ end }}
{{ define "jsonld" }}{{ partial "story-jsonld.html" . }}{{ end }}
{{ define "main" -}}
[[head]]
{{ $p := . }}{{ $s := index site.Data.stories .Params.story -}}
{{ $srcurl := printf "/%s/sources/%s/" $lang .Params.src -}}
<article class="story">
<h1 data-pagefind-meta="title">{{ .Title }}</h1>
<p class="meta">
<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date | time.Format $df }}</time>{{ with $s.date_kind }} ({{ i18n (print "date_kind." .) }}){{ end }}
{{ with index site.Data.sources .Params.src }} · {{ i18n "story.source" }}: <a href="{{ $srcurl }}#L{{ $s.segment.first_line }}">[[tx .title]]</a>{{ end }}
</p>
{{ with $s.tags -}}
<p class="tags">{{ i18n "story.tags" }}: {{ range $i, $t := . }}{{ if $i }}, {{ end }}<a href="/{{ $lang }}/tags/{{ $t }}/">{{ $t }}</a>{{ end }}</p>
{{ end }}
<section aria-labelledby="summary-h">
<h2 id="summary-h">{{ i18n "story.summary" }}</h2>
{{ with .Content }}<div>{{ . }}</div>{{ else }}<p class="empty">{{ i18n "story.no_summary" }}</p>{{ end }}<p><a href="{{ $srcurl }}#L{{ $s.segment.first_line }}">{{ i18n "story.read_transcript" }}</a> ({{ i18n "story.in_source" (dict "number" $s.segment.index "first" $s.segment.first_line "last" $s.segment.last_line) }})</p>
</section>
{{ if or $s.people $s.organizations $s.products }}
<section aria-labelledby="who-h">
<h2 id="who-h">{{ i18n "story.involved" }}</h2>
<ul class="inline">
{{ range $s.people }}<li>[[link .]]</li>{{ end }}{{ range $s.organizations }}<li>[[link .]]</li>{{ end }}{{ range $s.products }}<li>[[link .]]</li>{{ end }}</ul>
</section>
{{ end -}}
{{ with $s.quotes }}
<section aria-labelledby="quotes-h">
<h2 id="quotes-h">{{ i18n "story.quotes" }}</h2>
<ol class="quotes">
{{ range . -}}{{ $q := . -}}
<li class="quote" id="quote-{{ .id }}">
""" + SPEAKER + QUOTE_TEXT + r"""
{{ with .note }}<div class="note">[[md .]]</div>{{ end }}<p class="meta">{{ with .anchor }}<a class="to-line" href="{{ $srcurl }}#L{{ .line }}">{{ printf $fql .line }}</a>{{ else }}{{ i18n "quote.not_located" }}{{ end }}</p>
</li>
{{ end -}}
</ol>
</section>
{{ end -}}
{{ with $s.claims }}
<section aria-labelledby="claims-h">
<h2 id="claims-h">{{ i18n "story.claims" }}</h2>
<ol class="claims">
{{ range . -}}
<li class="claim verdict-{{ with .review }}{{ .verdict }}{{ else }}unreviewed{{ end }}" id="claim-{{ .id }}">
{{ $c := . }}{{ $src := $p.Params.src }}""" + CLAIM_BODY + r"""
</li>
{{ end -}}
</ol>
</section>
{{ end -}}
</article>
{{ end }}
"""

# The story's schema.org graph: NewsArticle, a Quotation per quote, a ClaimReview per reviewed claim.
LAYOUTS["partials/story-jsonld.html"] = r"""
[[head]]
{{- $s := index site.Data.stories .Params.story -}}
{{- $page := .Permalink -}}
{{- $src := printf "%s%s/sources/%s/" site.Params.base $lang .Params.src -}}
{{- $art := newScratch -}}
{{- $art.Set "@type" "NewsArticle" }}{{ $art.Set "@id" (print $page "#article") }}{{ $art.Set "url" $page }}{{ $art.Set "headline" .Title -}}
{{- $art.Set "inLanguage" $lang }}{{ $art.Set "isBasedOn" $src }}{{ $art.Set "keywords" ($s.tags | default slice) -}}
{{- if $s.date }}{{ $art.Set "dateCreated" (.Date.Format "2006-01-02") }}{{ end -}}
{{- with .RawContent }}{{ $art.Set "description" (trim . " \n\t") }}{{ end -}}
{{- $mentions := slice -}}
{{- range sort (union ($s.people | default slice) ($s.organizations | default slice)) }}{{ with [[node .]] }}{{ $mentions = $mentions | append . }}{{ end }}{{ end -}}
{{- with $mentions }}{{ $art.Set "mentions" . }}{{ end -}}
{{- $graph := slice $art.Values -}}
{{- $partOf := dict "@id" (print $page "#article") -}}
{{- range $s.quotes -}}
  {{- $id := print $page "#quote-" .id }}{{ $text := [[plain .text]] }}{{ $who := [[node .speaker]] -}}
  {{- if and $who .anchor -}}
    {{- $graph = $graph | append (dict "@type" "Quotation" "@id" $id "text" $text "isPartOf" $partOf "creator" $who "isBasedOn" (print $src "#L" .anchor.line)) -}}
  {{- else -}}
    {{- $n := dict "@type" "Quotation" "@id" $id "text" $text "isPartOf" $partOf -}}
    {{- with $who }}{{ $n = merge $n (dict "creator" .) }}{{ end -}}
    {{- with .anchor }}{{ $n = merge $n (dict "isBasedOn" (print $src "#L" .line)) }}{{ end -}}
    {{- $graph = $graph | append $n -}}
  {{- end -}}
{{- end -}}
{{- range $s.claims }}{{ $c := . -}}
  {{- with .review -}}
    {{- $text := [[plain $c.text]] }}{{ $who := [[node (or $c.by "narrator")]] -}}
    {{- $claim := dict "@type" "Claim" "text" $text -}}
    {{- with $c.anchor -}}
      {{- $app := dict "@type" "CreativeWork" "url" (print $src "#L" .line) -}}
      {{- if $who }}{{ $claim = dict "@type" "Claim" "text" $text "appearance" $app "author" $who }}{{ else }}{{ $claim = dict "@type" "Claim" "text" $text "appearance" $app }}{{ end -}}
    {{- else -}}{{ with $who }}{{ $claim = dict "@type" "Claim" "text" $text "author" . }}{{ end }}{{ end -}}
    {{- $rid := print $page "#claim-" $c.id -}}
    {{- $rating := dict "@type" "Rating" "textualRating" (i18n (print "verdict." .verdict)) -}}
    {{- if .sources -}}
      {{- $cites := slice }}{{ range .sources }}{{ $cites = $cites | append (dict "@type" "CreativeWork" "url" .url "name" .title) }}{{ end -}}
      {{- $graph = $graph | append (dict "@type" "ClaimReview" "@id" $rid "url" $rid "claimReviewed" $text "itemReviewed" $claim "reviewRating" $rating "reviewBody" [[plain .note]] "inLanguage" $lang "citation" $cites) -}}
    {{- else -}}
      {{- $graph = $graph | append (dict "@type" "ClaimReview" "@id" $rid "url" $rid "claimReviewed" $text "itemReviewed" $claim "reviewRating" $rating "reviewBody" [[plain .note]] "inLanguage" $lang) -}}
    {{- end -}}
  {{- end -}}
{{- end }}
<script type="application/ld+json">{{ dict "@context" "https://schema.org" "@graph" $graph | jsonify | safeJS }}</script>
"""

# people/<id>/ and organizations/<id>/: taxonomy term pages whose .Pages are the stories naming them.
LAYOUTS["people/term.html"] = r"""
{{ define "jsonld" -}}
[[head]]
{{ $p := index site.Data.people .Data.Term }}{{ $name := [[plain $p.name]] -}}
{{ $node := newScratch -}}
{{ $node.Set "@context" "https://schema.org" }}{{ $node.Set "@type" "Person" }}{{ $node.Set "@id" (print .Permalink "#person") }}{{ $node.Set "url" .Permalink }}{{ $node.Set "name" $name -}}
{{ $node.Set "alternateName" (sort (complement (slice $name) (uniq (slice $p.name.ja $p.name.en)))) -}}
{{ with $p.role }}{{ $node.Set "jobTitle" [[plain .]] }}{{ end -}}
{{ $orgs := slice }}{{ range $p.affiliations }}{{ with [[node .]] }}{{ $orgs = $orgs | append . }}{{ end }}{{ end -}}
{{ with $orgs }}{{ $node.Set "affiliation" . }}{{ end -}}
{{ with $p.links }}{{ $urls := slice }}{{ range . }}{{ $urls = $urls | append .url }}{{ end }}{{ $node.Set "sameAs" $urls }}{{ end -}}
<script type="application/ld+json">{{ $node.Values | jsonify | safeJS }}</script>
{{ end }}
{{ define "main" -}}
[[head]]
{{ $id := .Data.Term }}{{ $p := index site.Data.people $id -}}
<h1 data-pagefind-meta="title">[[tx $p.name]]</h1>
{{ if eq $lang "en" }}<p class="alt-name" lang="ja">{{ $p.name.ja }}</p>{{ else }}<p class="alt-name" lang="en">{{ $p.name.en }}</p>{{ end -}}
<dl class="facts">
{{ with $p.role }}<dt>{{ i18n "person.role" }}</dt><dd>[[tx .]]</dd>{{ end }}{{ with $p.affiliations }}<dt>{{ i18n "person.affiliations" }}</dt><dd>{{ range $i, $a := . }}{{ if $i }}, {{ end }}[[link $a]]{{ end }}</dd>{{ end }}{{ with $p.links }}<dt>{{ i18n "person.links" }}</dt><dd>{{ range $i, $l := . }}{{ if $i }}, {{ end }}<a href="{{ $l.url }}" rel="external noopener">[[txs $l.title]]</a>{{ end }}</dd>{{ end }}</dl>
{{ $stories := partial "story-order.html" .Pages }}{{ $quotes := slice }}{{ $claims := slice -}}
{{ range $stories }}{{ $sp := . }}{{ $s := index site.Data.stories .Params.story -}}
  {{ range $s.quotes }}{{ if eq .speaker $id }}{{ $quotes = $quotes | append (dict "story" $sp "q" . "src" $sp.Params.src) }}{{ end }}{{ end -}}
  {{ range $s.claims }}{{ if eq .by $id }}{{ $claims = $claims | append (dict "story" $sp "c" . "src" $sp.Params.src) }}{{ end }}{{ end -}}
{{ end -}}
<section aria-labelledby="said-h">
<h2 id="said-h">{{ i18n "person.quotes" }}</h2>
{{ with $quotes -}}
<ul class="quote-cards">
{{ range . }}{{ $q := .q }}{{ $story := .story }}{{ $src := .src }}""" + QUOTE_CARD_NO_SPEAKER + r"""{{ end }}
</ul>
{{ else }}<p class="empty">{{ i18n "person.none" }}</p>{{ end }}
</section>
{{ with $claims -}}
<section aria-labelledby="claims-h">
<h2 id="claims-h">{{ i18n "person.claims" }}</h2>
<ul class="claims">
{{ range . }}{{ $it := . }}<li class="claim">""" + CLAIM_CARD + r"""</li>{{ end }}
</ul>
</section>
{{ end -}}
<section aria-labelledby="stories-h">
<h2 id="stories-h">{{ i18n "person.stories" }}</h2>
""" + STORY_LIST_H3 + r"""
</section>
{{ end }}
"""

LAYOUTS["organizations/term.html"] = r"""
{{ define "main" -}}
[[head]]
{{ $id := .Data.Term }}{{ $o := index site.Data.organizations $id -}}
<h1 data-pagefind-meta="title">[[tx $o.name]]</h1>
{{ if eq $lang "en" }}<p class="alt-name" lang="ja">{{ $o.name.ja }}</p>{{ else }}<p class="alt-name" lang="en">{{ $o.name.en }}</p>{{ end -}}
<dl class="facts">
<dt>{{ i18n "organization.kind" }}</dt><dd>{{ i18n (print "org_kind." $o.kind) }}</dd>
{{ with $o.role }}<dt>{{ i18n "person.role" }}</dt><dd>[[tx .]]</dd>{{ end }}{{ with index (partialCached "affiliations.html" .) $id }}<dt>{{ i18n "organization.people" }}</dt><dd>{{ range $i, $a := . }}{{ if $i }}, {{ end }}[[link $a]]{{ end }}</dd>{{ end }}{{ with $o.links }}<dt>{{ i18n "person.links" }}</dt><dd>{{ range $i, $l := . }}{{ if $i }}, {{ end }}<a href="{{ $l.url }}" rel="external noopener">[[txs $l.title]]</a>{{ end }}</dd>{{ end }}</dl>
{{ $stories := partial "story-order.html" .Pages }}{{ $quotes := slice -}}
{{ range $stories }}{{ $sp := . }}{{ $s := index site.Data.stories .Params.story -}}
  {{ range $s.quotes }}{{ if eq .speaker $id }}{{ $quotes = $quotes | append (dict "story" $sp "q" . "src" $sp.Params.src) }}{{ end }}{{ end -}}
{{ end -}}
{{ with $quotes -}}
<section aria-labelledby="said-h">
<h2 id="said-h">{{ i18n "organization.quotes" }}</h2>
<ul class="quote-cards">
{{ range . }}{{ $q := .q }}{{ $story := .story }}{{ $src := .src }}""" + QUOTE_CARD_NO_SPEAKER + r"""{{ end }}
</ul>
</section>
{{ end -}}
<section aria-labelledby="stories-h">
<h2 id="stories-h">{{ i18n "organization.stories" }}</h2>
""" + STORY_LIST_H3 + r"""
</section>
{{ end }}
"""

# Organisation id -> ids of the people affiliated with it (sorted by id), built once.
LAYOUTS["partials/affiliations.html"] = r"""
{{- $m := newScratch -}}
{{- range $id, $p := site.Data.people }}{{ range uniq ($p.affiliations | default slice) }}{{ $m.Add . (slice $id) }}{{ end }}{{ end -}}
{{- return $m.Values -}}
"""

LAYOUTS["people/taxonomy.html"] = r"""
{{ define "title" }}{{ i18n "people.title" }}{{ end }}
{{ define "main" -}}
[[head]]
<h1>{{ i18n "people.title" }}</h1>
<p class="intro">{{ i18n "people.intro" }}</p>
{{ with .Paginator.Pages -}}
<ul class="entities">
{{ range . }}{{ $p := index site.Data.people .Data.Term }}<li><a href="{{ .RelPermalink }}">[[tx $p.name]]</a>{{ with $p.role }} — [[tx .]]{{ end }}</li>
{{ end -}}
</ul>
{{ partial "pagination.html" ($.Store.Get "pager") }}
{{- else -}}
<p class="empty">{{ i18n "people.empty" }}</p>
{{ end -}}
{{ end }}
"""

LAYOUTS["organizations/taxonomy.html"] = r"""
{{ define "title" }}{{ i18n "organizations.title" }}{{ end }}
{{ define "main" -}}
[[head]]
<h1>{{ i18n "organizations.title" }}</h1>
<p class="intro">{{ i18n "organizations.intro" }}</p>
{{ with .Paginator.Pages -}}
<ul class="entities">
{{ range . }}{{ $o := index site.Data.organizations .Data.Term }}<li><a href="{{ .RelPermalink }}">[[tx $o.name]]</a> — {{ i18n (print "org_kind." $o.kind) }}</li>
{{ end -}}
</ul>
{{ partial "pagination.html" ($.Store.Get "pager") }}
{{- else -}}
<p class="empty">{{ i18n "organizations.empty" }}</p>
{{ end -}}
{{ end }}
"""

LAYOUTS["tags/taxonomy.html"] = r"""
{{ define "title" }}{{ i18n "tags.title" }}{{ end }}
{{ define "main" -}}
<h1>{{ i18n "tags.title" }}</h1>
<p class="intro">{{ i18n "tags.intro" }}</p>
{{ with .Paginator.Pages -}}
<ul class="tag-cloud">
{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ lang.FormatNumber 0 (len .Pages) }})</li>
{{ end -}}
</ul>
{{ partial "pagination.html" ($.Store.Get "pager") }}
{{- else -}}
<p class="empty">{{ i18n "tags.empty" }}</p>
{{ end -}}
{{ end }}
"""

LAYOUTS["tags/term.html"] = r"""
{{ define "title" }}{{ i18n "tag.title" (dict "tag" .Title) }}{{ end }}
{{ define "main" -}}
[[head]]
<h1>{{ i18n "tag.title" (dict "tag" .Title) }}</h1>
{{ with .Paginator.Pages -}}
<ul class="stories">
{{ range . }}{{ $sp := . }}""" + STORY_CARD.replace("hN", "h2") + r"""{{ end }}
</ul>
{{ else -}}
<p class="empty">{{ i18n "person.none" }}</p>
{{ end -}}
{{ partial "pagination.html" (.Store.Get "pager") }}
{{- end }}
"""

LAYOUTS["timeline/list.html"] = r"""
{{ define "title" }}{{ i18n "timeline.title" }}{{ end }}
{{ define "main" -}}
[[head]]
<h1>{{ i18n "timeline.title" }}</h1>
<p class="intro">{{ i18n "timeline.intro" }}</p>
{{ $month := "" -}}
{{ range .Paginator.Pages -}}
{{ $m := .Date.Format "2006-01" -}}
{{ if ne $m $month -}}
{{ if $month }}</ol>
</section>
{{ end -}}
<section class="month">
<h2><time datetime="{{ $m }}">{{ .Date | time.Format site.Language.Params.monthformat }}</time></h2>
<ol class="timeline">
{{ $month = $m }}{{ end -}}
<li><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date | time.Format $df }}</time> <a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end -}}
{{ if $month }}</ol>
</section>
{{ else -}}
<p class="empty">{{ i18n "home.empty" }}</p>
{{ end -}}
{{ partial "pagination.html" (.Store.Get "pager") }}
{{- end }}
"""

# Every claim of the language's site, grouped by verdict (corrections first), with the table of
# contents of the claims pages (each verdict, its count, its offset): built once per language.
LAYOUTS["partials/all-claims.html"] = r"""
{{- $g := newScratch -}}
{{- range partialCached "stories.html" . -}}{{- $sp := . -}}{{- $s := index site.Data.stories .Params.story -}}
  {{- range $s.claims -}}
    {{- $v := "unreviewed" }}{{ with .review }}{{ $v = .verdict }}{{ end -}}
    {{- $g.Add $v (slice (dict "story" $sp "c" . "v" $v "src" $sp.Params.src)) -}}
  {{- end -}}
{{- end -}}
{{- $all := slice -}}{{- $toc := slice -}}
{{- range slice "transcription-error" "inaccurate" "misleading" "unverified" "accurate" "unreviewed" -}}
  {{- with $g.Get . -}}
    {{- $toc = $toc | append (dict "v" (index . 0).v "n" (len .) "off" (len $all)) -}}
    {{- $all = $all | append . -}}
  {{- end -}}
{{- end -}}
{{- return dict "all" $all "toc" $toc -}}
"""

LAYOUTS["claims/list.html"] = r"""
{{ define "title" }}{{ i18n "claims.title" }}{{ end }}
{{ define "main" -}}
[[head]]
{{ $pager := .Store.Get "pager" -}}
{{ $data := partialCached "all-claims.html" . -}}
{{ $lo := mul 50 (sub $pager.number 1) }}{{ $hi := add $lo 50 -}}
<h1>{{ i18n "claims.title" }}</h1>
<p class="intro">{{ i18n "claims.intro" }}</p>
{{ with $data.toc -}}
<nav class="toc" aria-label="{{ i18n "claim.verdict" }}">
<ul>
{{ range . }}{{ $start := add (div .off 50) 1 }}<li><a href="{{ if eq $start $pager.number }}{{ else if eq $start 1 }}/{{ $lang }}/claims/{{ else }}/{{ $lang }}/claims/page/{{ $start }}/{{ end }}#verdict-{{ .v }}">{{ i18n (print "verdict." .v) }}</a> ({{ lang.FormatNumber 0 .n }})</li>{{ end }}
</ul>
</nav>
{{ range . -}}
{{ $a := math.Max .off $lo | int }}{{ $b := math.Min (add .off .n) $hi | int -}}
{{ if lt $a $b -}}
<section class="verdict-group{{ if in (slice "transcription-error" "inaccurate" "misleading") .v }} corrections{{ end }}" id="verdict-{{ .v }}" aria-labelledby="verdict-{{ .v }}-h">
<h2 id="verdict-{{ .v }}-h"><span class="badge badge-{{ .v }}">{{ i18n (print "verdict." .v) }}</span></h2>
<p class="help">{{ i18n (print "verdict_help." .v) }}</p>
<ol class="claims">
{{ range first (sub $b $a) (after $a $data.all) }}{{ $it := . }}<li class="claim verdict-{{ .v }}">""" + CLAIM_CARD + r"""</li>
{{ end -}}
</ol>
</section>
{{ end -}}
{{ end -}}
{{ partial "pagination.html" $pager }}
{{- else -}}
<p class="empty">{{ i18n "claims.empty" }}</p>
{{ end -}}
{{ end }}
"""
LAYOUTS["claims/single.html"] = LAYOUTS["claims/list.html"]

# Every quote of the language's site in story order, built once per language.
LAYOUTS["partials/all-quotes.html"] = r"""
{{- $all := slice -}}
{{- range partialCached "stories.html" . -}}{{- $sp := . -}}{{- $s := index site.Data.stories .Params.story -}}
  {{- range $s.quotes }}{{ $all = $all | append (dict "story" $sp "q" . "src" $sp.Params.src) }}{{ end -}}
{{- end -}}
{{- return $all -}}
"""

LAYOUTS["quotes/list.html"] = r"""
{{ define "title" }}{{ i18n "quotes.title" }}{{ end }}
{{ define "main" -}}
[[head]]
{{ $pager := .Store.Get "pager" -}}
<h1>{{ i18n "quotes.title" }}</h1>
<p class="intro">{{ i18n "quotes.intro" }}</p>
{{ with partialCached "all-quotes.html" . -}}
<ul class="quote-cards">
{{ range first 50 (after (mul 50 (sub $pager.number 1)) .) }}{{ $q := .q }}{{ $story := .story }}{{ $src := .src }}""" + QUOTE_CARD_SPEAKER + r"""{{ end }}
</ul>
{{ partial "pagination.html" $pager }}
{{- else -}}
<p class="empty">{{ i18n "quotes.empty" }}</p>
{{ end -}}
{{ end }}
"""
LAYOUTS["quotes/single.html"] = LAYOUTS["quotes/list.html"]

# A transcript, line by line: each line an anchored element, every quote and claim whose anchor
# still matches the text highlighted (<mark>; the first segment of each carries its id), and per
# line the links back to the stories (newskb's transcript_lines / back_groups). A quote's or
# claim's text has no newline, so each span lies in its anchor's line and is bucketed by it.
LAYOUTS["sources/term.html"] = r"""
{{ define "title" }}{{ i18n "source.title" }}: {{ .Title }}{{ end }}
{{ define "main" -}}
[[head]]
{{ $id := .Data.Term }}{{ $src := index site.Data.sources $id -}}
{{ $text := readFile $src.file | replaceRE "^\ufeff" "" | replaceRE "\r\n?" "\n" | strings.TrimRight "\n" -}}
{{ $stories := slice }}{{ range .Pages }}{{ $s := index site.Data.stories .Params.story }}{{ $stories = $stories | append (dict "i" $s.segment.index "p" . "s" $s) }}{{ end -}}
{{ $stories = sort $stories "i" -}}
{{ $titles := dict }}{{ range $stories }}{{ $titles = merge $titles (dict .s.id .p.Title) }}{{ end -}}
<h1>{{ i18n "source.title" }}: [[tx $src.title]]</h1>
<p class="intro">{{ i18n "source.intro" }}</p>
<dl class="facts">
<dt>{{ i18n "source.kind" }}</dt><dd>[[txs $src.kind]]</dd>
{{ with $src.published }}{{ if or .earliest .latest }}<dt>{{ i18n "source.published" }}</dt><dd>{{ if and .earliest .latest (ne .earliest .latest) }}{{ i18n "source.between" (dict "earliest" (time.Format $df .earliest) "latest" (time.Format $df .latest)) }}{{ else }}{{ time.Format $df (or .earliest .latest) }}{{ end }}</dd>
{{ end }}{{ end -}}
{{ with $src.translates }}{{ if or .title .url }}<dt>{{ i18n "source.translates" }}</dt><dd>{{ if .url }}<a href="{{ .url }}" rel="external noopener">{{ or .title .url }}</a>{{ else }}{{ .title }}{{ end }}{{ with .channel }} ({{ . }}){{ end }}</dd>
{{ end }}{{ end -}}
<dt>{{ i18n "source.stories" }}</dt><dd>
<ol class="inline">{{ range $stories }}<li><a href="{{ .p.RelPermalink }}">{{ .p.Title }}</a></li>{{ end }}</ol>
</dd>
</dl>
{{ with $src.description }}[[md .]]{{ end -}}
{{ $fback := i18n "source.back" (dict "title" "%s") }}{{ $fsq := i18n "source_item.quote" (dict "n" "%d") }}{{ $fsc := i18n "source_item.claim" (dict "n" "%d") -}}
{{ $byLine := newScratch -}}
{{ range $stories }}{{ $sid := .s.id -}}
  {{ range .s.quotes }}{{ $ja := .text.ja }}{{ $item := .id }}{{ with .anchor }}{{ $byLine.Add (string .line) (slice (dict "start" .start "end" .end "kind" "quote" "story" $sid "item" $item "ja" $ja "key" (add (mul .start 100000000) (mul (sub 9999999 .end) 10) 1))) }}{{ end }}{{ end -}}
  {{ range .s.claims }}{{ $ja := .text.ja }}{{ $item := .id }}{{ with .anchor }}{{ $byLine.Add (string .line) (slice (dict "start" .start "end" .end "kind" "claim" "story" $sid "item" $item "ja" $ja "key" (add (mul .start 100000000) (mul (sub 9999999 .end) 10)))) }}{{ end }}{{ end -}}
{{ end -}}
<div class="transcript"{{ if ne $lang "ja" }} lang="ja"{{ end }}>
{{ $lo := 0 -}}
{{ range $i, $line := split $text "\n" -}}
{{ $n := add $i 1 }}{{ $hi := add $lo (strings.RuneCount $line) -}}
{{ $spans := slice -}}
{{ with $byLine.Get (string $n) }}{{ $cand := . }}{{ if gt (len .) 1 }}{{ $cand = sort . "key" }}{{ end }}{{ range $cand -}}
  {{ if and (ge .start $lo) (le .end $hi) (lt .start .end) }}{{ if eq (substr $line (sub .start $lo) (sub .end .start)) .ja }}{{ $spans = $spans | append . }}{{ end }}{{ end -}}
{{ end }}{{ end -}}
<div class="line" id="L{{ $n }}"><a class="ln" href="#L{{ $n }}">{{ $n }}</a><span class="tx">
{{- if not $spans }}{{ $line }}{{ else -}}
{{ $cuts := slice $lo $hi }}{{ range $spans }}{{ $cuts = $cuts | append .start .end }}{{ end }}{{ $cuts = sort (uniq $cuts) -}}
{{ $a := -1 -}}
{{ range $cuts -}}
  {{ $b := . -}}
  {{ if ge $a 0 -}}
    {{ $q := false }}{{ $c := false }}{{ $segid := "" -}}
    {{ range $spans }}{{ if and (le .start $a) (ge .end $b) }}{{ if eq .kind "quote" }}{{ $q = true }}{{ else }}{{ $c = true }}{{ end }}{{ if and (eq .start $a) (not $segid) }}{{ $segid = print .kind "-" .story "--" .item }}{{ end }}{{ end }}{{ end -}}
    {{ $seg := substr $line (sub $a $lo) (sub $b $a) -}}
    {{ if or $q $c }}<mark class="{{ if and $c $q }}claim quote{{ else if $c }}claim{{ else }}quote{{ end }}"{{ with $segid }} id="{{ . }}"{{ end }}>{{ $seg }}</mark>{{ else }}{{ $seg }}{{ end -}}
  {{ end -}}
  {{ $a = $b -}}
{{ end -}}
{{ end }}</span>
{{ with $spans -}}
{{ $order := slice }}{{ range . }}{{ if not (in $order .story) }}{{ $order = $order | append .story }}{{ end }}{{ end -}}
<span class="back" lang="{{ $lang }}">{{ range $order }}{{ $st := . }}{{ $qn := 0 }}{{ $cn := 0 }}{{ $first := true }}<span class="back-story">{{ range $spans }}{{ if eq .story $st }}{{ if $first }}<a href="/{{ $lang }}/stories/{{ $st }}/#{{ .kind }}-{{ .item }}">{{ printf $fback (index $titles $st) }}</a>{{ $first = false }}{{ end }} <a class="back-item" href="/{{ $lang }}/stories/{{ $st }}/#{{ .kind }}-{{ .item }}">{{ if eq .kind "quote" }}{{ $qn = add $qn 1 }}{{ printf $fsq $qn }}{{ else }}{{ $cn = add $cn 1 }}{{ printf $fsc $cn }}{{ end }}</a>{{ end }}{{ end }}</span>{{ end }}</span>
{{- end }}</div>
{{ $lo = add $hi 1 -}}
{{ end -}}
</div>
{{- end }}
"""

LAYOUTS["_default/about.html"] = r"""
{{ define "main" -}}
[[head]]
<h1 data-pagefind-meta="title">{{ i18n "about.title" }}</h1>
<p class="intro">{{ i18n "about.intro" }}</p>
<section class="method">
<h2>{{ i18n "about.method_title" }}</h2>
<p>{{ i18n "about.method" }}</p>
<h3>{{ i18n "about.verdicts_title" }}</h3>
<dl class="verdicts">
{{ range slice "accurate" "inaccurate" "misleading" "unverified" "transcription-error" }}<dt><span class="badge badge-{{ . }}">{{ i18n (print "verdict." .) }}</span></dt><dd>{{ i18n (print "verdict_help." .) }}</dd>
{{ end -}}
</dl>
</section>
<section aria-labelledby="sources-h">
<h2 id="sources-h">{{ i18n "about.sources_title" }}</h2>
<ul>
{{ range $id, $s := site.Data.sources }}<li><a href="/{{ $lang }}/sources/{{ $id }}/">[[tx $s.title]]</a> — [[txs $s.kind]]{{ with $s.lines }}, {{ i18n "source.lines" (dict "cnt" (lang.FormatNumber 0 .)) }}{{ end }}</li>
{{ end -}}
</ul>
</section>
<section id="cite" aria-labelledby="cite-h">
<h2 id="cite-h">{{ i18n "about.cite_title" }}</h2>
<p>{{ i18n "about.cite" }}</p>
<p>{{ i18n "about.feed" }} <a href="/{{ $lang }}/feed.xml">{{ i18n "footer.feed" }}</a></p>
</section>
{{ end }}
"""

LAYOUTS["_default/search.html"] = r"""
{{ define "main" -}}
<h1>{{ i18n "search.title" }}</h1>
<form id="search-form" role="search" action="./" method="get"
      data-bundle="/{{ .Lang }}/pagefind/" data-base="/{{ .Lang }}/"
      data-shards="{{ $n := int (.Params.shards | default 1) }}{{ if ge $n 2 }}{{ range $i, $k := seq 2 $n }}{{ if $i }} {{ end }}/{{ $.Lang }}/pagefind-{{ $k }}/{{ end }}{{ end }}"
      data-msg-results="{{ i18n "search.results" }}" data-msg-none="{{ i18n "search.no_results" }}" data-msg-loading="{{ i18n "search.loading" }}">
<label for="search-q">{{ i18n "search.label" }}</label>
<input id="search-q" name="q" type="search" autocomplete="off">
<button type="submit">{{ i18n "search.button" }}</button>
</form>
<noscript><p class="noscript">{{ i18n "search.noscript" }}</p></noscript>
<p id="search-status" role="status" aria-live="polite"></p>
<ol id="search-results" class="search-results"></ol>
<script type="module" src="/assets/search.js"></script>
{{ end }}
"""

# A claim's own page (newskb's claim.html, routes.claim): its verdict, review, sources, the
# transcript line with the claim highlighted, how to cite it, and its ClaimReview.
CLAIM_PAGE_HEAD = r"""{{- $lang := site.Language.Lang }}{{ $other := cond (eq $lang "ja") "en" "ja" -}}
{{- $s := index site.Data.stories .Params.story }}{{ $c := index $s.claims (int .Params.ci) -}}
{{- $v := "unreviewed" }}{{ with $c.review }}{{ $v = .verdict }}{{ end -}}"""

LAYOUTS["claimpage/single.html"] = r"""
{{ define "title" }}""" + CLAIM_PAGE_HEAD + r"""{{ i18n (print "verdict." $v) }}{{ i18n "punct.colon" }}{{ [[plain $c.text]] }}{{ end }}
{{ define "description" }}""" + CLAIM_PAGE_HEAD + r"""{{ with $c.review }}{{ [[plain .note]] }}{{ else }}{{ i18n "claim.unreviewed" }}{{ end }}{{ end }}
{{ define "jsonld" -}}
""" + CLAIM_PAGE_HEAD + r"""[[head]]
{{- with $c.review -}}
{{- $page := $.Permalink }}{{ $src := printf "%s%s/sources/%s/" site.Params.base $lang $.Params.src -}}
{{- $text := [[plain $c.text]] }}{{ $who := [[node (or $c.by "narrator")]] -}}
{{- $claim := dict "@type" "Claim" "text" $text -}}
{{- with $c.anchor }}{{ $claim = merge $claim (dict "appearance" (dict "@type" "CreativeWork" "url" (print $src "#L" .line))) }}{{ end -}}
{{- with $who }}{{ $claim = merge $claim (dict "author" .) }}{{ end -}}
{{- $rating := dict "@type" "Rating" "textualRating" (i18n (print "verdict." .verdict)) "alternateName" .verdict -}}
{{- with index (dict "inaccurate" 1 "transcription-error" 2 "translation-error" 2 "misleading" 3 "accurate" 5) .verdict }}{{ $rating = merge $rating (dict "ratingValue" . "bestRating" 5 "worstRating" 1) }}{{ end -}}
{{- $r := dict "@context" "https://schema.org" "@type" "ClaimReview" "@id" (print $page "#review") "url" $page "claimReviewed" $text "itemReviewed" $claim "reviewRating" $rating "reviewBody" [[plain .note]] "inLanguage" $lang "isPartOf" (dict "@id" (printf "%s%s/stories/%s/#article" site.Params.base $lang $.Params.sid)) -}}
{{- with .sources }}{{ $cites := slice }}{{ range . }}{{ $cites = $cites | append (dict "@type" "CreativeWork" "url" .url "name" .title) }}{{ end }}{{ $r = merge $r (dict "citation" $cites) }}{{ end }}
<script type="application/ld+json">{{ $r | jsonify | safeJS }}</script>
{{ end -}}
{{ end }}
{{ define "main" -}}
""" + CLAIM_PAGE_HEAD + r"""[[head]]
{{- $sid := .Params.sid }}{{ $srcid := .Params.src }}{{ $ident := print $sid "/" $c.id }}
<article class="claim-page verdict-{{ $v }}">
<p class="meta"><a href="/{{ $lang }}/stories/{{ $sid }}/#claim-{{ $c.id }}">{{ i18n "claim.from_story" (dict "title" .Params.stitle) }}</a></p>
<div class="claim-head">
<p class="claim-verdict"><span class="label">{{ i18n "claim.verdict" }}</span> <span class="badge badge-{{ $v }}">{{ i18n (print "verdict." $v) }}</span></p>
<h1 class="claim-text"><span class="label">{{ i18n "claim.label" }}</span> {{ if and (eq $lang "en") $c.text.en }}[[txs $c.text.en]]{{ else }}<span{{ if ne $lang "ja" }} lang="ja"{{ end }}>{{ $c.text.ja }}</span>{{ end }}</h1>
</div>
<p class="help">{{ i18n (print "verdict_help." $v) }}</p>
<p class="meta">{{ i18n "claim.by" }}{{ i18n "punct.colon" }}[[link (or $c.by "narrator")]] · <a class="permalink" href="./">{{ i18n "item.id" }} <code>{{ $ident }}</code></a></p>
{{ with $c.review -}}
{{ with .correction }}<div class="correction"><strong>{{ i18n "claim.correction" }}{{ i18n "punct.colon" }}</strong>[[md .]]</div>{{ end }}
<section aria-labelledby="review-h">
<h2 id="review-h">{{ i18n "claim.note" }}</h2>
[[md .note]]
{{ with .sources -}}
<h3>{{ i18n "claim.sources" }}</h3>
<ul class="sources">
{{ range . }}<li>{{ with .kind }}<span class="source-kind source-kind-{{ . }}">{{ i18n (print "source_kind." .) }}</span> {{ end }}<a href="{{ .url }}" rel="external noopener">[[txs .title]]</a>{{ with .publisher }}{{ i18n "punct.list" }}[[txs .]]{{ end }}{{ with .published }} ({{ printf $fpub (time.Format $df .) }}){{ end }}{{ with .excerpt }}
<blockquote class="excerpt"><p>{{ if reflect.IsMap . }}[[tx .]]{{ else }}[[txs .]]{{ end }}</p></blockquote>{{ end }}</li>
{{ end -}}
</ul>
{{ end -}}
</section>
{{ else -}}
<p class="pending">{{ i18n "claim.unreviewed" }}</p>
{{ end -}}
<section aria-labelledby="where-h">
<h2 id="where-h">{{ i18n "claim.in_transcript" }}</h2>
{{ with $c.anchor -}}
{{ $lines := partialCached "source-lines.html" $srcid $srcid }}{{ $line := index $lines (sub .line 1) | default "" -}}
{{ $hit := htmlEscape $c.text.ja }}{{ $esc := htmlEscape $line -}}
{{ if in $esc $hit -}}
{{ $fix := "" }}{{ with $c.review }}{{ if and (in (slice "transcription-error" "translation-error") .verdict) .correction }}{{ $fix = printf `<ins class="fix" lang="%s"><span class="label">%s%s</span>%s</ins>` $lang (i18n "claim.correction") (i18n "punct.colon") (htmlEscape (or (index .correction $lang) (index .correction $other))) }}{{ end }}{{ end -}}
<blockquote class="transcript-line" lang="ja"><p>{{ replace $esc $hit (printf `<mark class="claim v-%s">%s</mark>%s` $v $hit $fix) 1 | safeHTML }}</p></blockquote>
{{ else -}}
<blockquote class="transcript-line" lang="ja"><p>{{ $c.text.ja }}</p></blockquote>
{{ end -}}
{{ if and (eq $lang "en") $c.text.en }}<p class="en-kind">{{ i18n "quote.en_translation" }}{{ i18n "punct.colon" }}[[txs $c.text.en]]</p>{{ end }}<p><a href="/{{ $lang }}/sources/{{ $srcid }}/#L{{ .line }}">{{ printf $fcl .line }}</a>{{ with index site.Data.sources $srcid }} · [[tx .title]]{{ end }}</p>
{{ else -}}
<p>{{ i18n "quote.not_located" }}</p>
{{ end -}}
</section>
<section aria-labelledby="cite-h">
<h2 id="cite-h">{{ i18n "claim.cite_title" }}</h2>
<p class="cite">{{ i18n "claim.cite" (dict "site" (i18n "site.name") "verdict" (i18n (print "verdict." $v)) "story" .Params.stitle "id" $ident "url" .Permalink) }}</p>
<p class="report">{{ i18n "claim.report_how" (dict "id" $ident) }}</p>
</section>
</article>
{{ end }}
"""

# The lines of a transcript (context: the source id), read once per language.
LAYOUTS["partials/source-lines.html"] = r"""
{{- return split (readFile (index site.Data.sources .).file) "\n" -}}
"""

LAYOUTS["404.html"] = r"""
{{ define "title" }}{{ i18n "notfound.title" }}{{ end }}
{{ define "main" -}}
<h1>{{ i18n "notfound.title" }}</h1>
<p>{{ i18n "notfound.text" }}</p>
<p><a href="/{{ .Lang }}/">{{ i18n "notfound.home" }}</a></p>
{{ end }}
"""

CSP = ("default-src &#39;self&#39;; script-src &#39;self&#39;; style-src &#39;self&#39;; img-src &#39;self&#39;; font-src &#39;self&#39;; "
       "connect-src &#39;self&#39;; object-src &#39;none&#39;; base-uri &#39;none&#39;; form-action &#39;self&#39;")

# The site root's 404 page (newskb writes one beside the two languages'): static, both languages.
ROOT_404 = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="referrer" content="strict-origin-when-cross-origin">
<title>{en[notfound.title]} | {en[site.name]}</title>
<meta name="description" content="{en[site.description]}">
<link rel="canonical" href="{base}404.html">
<link rel="stylesheet" href="/assets/site.css">
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
</head>
<body>
<a class="skip" href="#main">{en[nav.skip]}</a>
<header class="site-header">
<span class="brand"><span lang="ja">{ja[site.name]}</span> / <span lang="en">{en[site.name]}</span></span>
</header>
<main id="main">
<h1><span lang="ja">{ja[notfound.title]}</span> / {en[notfound.title]}</h1>
<p lang="ja">{ja[notfound.text]} <a href="/ja/">{ja[notfound.home]}</a></p>
<p>{en[notfound.text]} <a href="/en/">{en[notfound.home]}</a></p>
</main>
<footer class="site-footer">
<p><a href="/ja/" lang="ja" hreflang="ja">{ja[root.enter]}</a> · <a href="/en/" lang="en" hreflang="en">{en[root.enter]}</a></p>
</footer>
</body>
</html>
"""

LAYOUTS["index.atom.xml"] = r"""<?xml version="1.0" encoding="utf-8"?>
{{- $lang := .Lang }}{{ $base := site.Params.base }}
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{{ $lang }}">
  <id>{{ $base }}{{ $lang }}/feed.xml</id>
  <title>{{ i18n "feed.title" | htmlEscape }}</title>
  <subtitle>{{ i18n "site.description" | htmlEscape }}</subtitle>
  {{ $stories := partialCached "stories.html" . -}}
  <updated>{{ with index $stories 0 }}{{ .Date.UTC.Format "2006-01-02T15:04:05Z" }}{{ end }}</updated>
  <link rel="self" type="application/atom+xml" href="{{ $base }}{{ $lang }}/feed.xml" />
  <link rel="alternate" type="text/html" hreflang="{{ $lang }}" href="{{ $base }}{{ $lang }}/" />
  <author>
    <name>{{ i18n "site.name" | htmlEscape }}</name>
  </author>
  <generator>hugo</generator>
  {{- range first 100 $stories }}
  <entry>
    <id>{{ .Permalink }}</id>
    <title>{{ .Title | htmlEscape }}</title>
    <updated>{{ .Date.UTC.Format "2006-01-02T15:04:05Z" }}</updated>
    <published>{{ .Date.UTC.Format "2006-01-02T15:04:05Z" }}</published>
    <link rel="alternate" type="text/html" hreflang="{{ $lang }}" href="{{ .Permalink }}" />
    {{- range (index site.Data.stories .Params.story).tags }}
    <category term="{{ . }}" />
    {{- end }}
    <content type="html">{{ .Content | htmlEscape }}</content>
  </entry>
  {{- end }}
</feed>
"""

LAYOUTS["robots.txt"] = """User-agent: *
Allow: /
Sitemap: {{ site.Params.base }}sitemap.xml
"""

LAYOUTS = {name: expand(text) for name, text in LAYOUTS.items()}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("corpus", type=Path, help="a newskb corpus: entries/ and seeds/")
    p.add_argument("out", type=Path, help="the Hugo project to write (replaced)")
    p.add_argument("--templates", type=Path, default=None, help="newskb's templates/ (locales, assets)")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    p.add_argument("--build", action="store_true", help="also run `hugo --quiet -d public` and print the census")
    p.add_argument("--check", type=Path, default=None, help="a newskb site to compare the built Hugo site with")
    args = p.parse_args(argv)
    templates = args.templates or default_templates()
    counts = write_project(args.corpus.resolve(), args.out.resolve(), templates, args.jobs)
    print("wrote", args.out, json.dumps(counts), file=sys.stderr)
    if args.build or args.check:
        public = args.out / "public"
        subprocess.run(["hugo", "--quiet", "-d", str(public.resolve())], cwd=args.out, check=True)
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import page_kinds  # noqa: PLC0415

        sites = [str(args.check), str(public)] if args.check else [str(public)]
        print(page_kinds.table(sites))
    return 0


if __name__ == "__main__":
    sys.exit(main())
