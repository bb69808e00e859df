"""Count the files of a built site by page kind: files and bytes per kind.

    python3 page_kinds.py SITE_DIR [SITE_DIR2]          # one column per site
    python3 page_kinds.py --json SITE_DIR               # {kind: [files, bytes]}

Works for both newskb's site/ and the Hugo peer's output (same routes:
<lang>/stories/<id>/, <lang>/people/<id>/, <lang>/claims/page/<k>/, ...).
Kinds: home (and its pages), story, claim (a claim's own page), people-index, person, orgs-index, org,
tags-index, tag (every page of every tag), timeline, claims, quotes,
transcript, about, search, 404, root, feed, sitemap, robots, asset, other;
and "redirect": a small HTML file that only redirects (Hugo's alias pages,
e.g. the root and page/1/ of each paginated list), not counted as a page.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter

LANGS = ("ja", "en")
#: Kinds listed in this order; the HTML ones first.
ORDER = (
    "home", "story", "claim", "people-index", "person", "orgs-index", "org", "tags-index", "tag",
    "timeline", "claims", "quotes", "transcript", "about", "search", "404", "root",
    "feed", "sitemap", "robots", "asset", "redirect", "other",
)
HTML_KINDS = ORDER[:17]


def is_redirect(path: str) -> bool:
    """A tiny HTML file whose only job is a meta refresh (Hugo's alias pages)."""
    if os.path.getsize(path) > 1024:
        return False
    with open(path, "rb") as fh:
        return b'http-equiv="refresh"' in fh.read()


def kind_of(rel: str) -> str:
    """The page kind of a file, from its path relative to the site root."""
    parts = rel.split("/")
    name = parts[-1]
    if parts[0] == "assets" or name.endswith((".css", ".js", ".svg", ".png", ".ico")):
        return "asset"
    if name == "robots.txt":
        return "robots"
    if name.startswith("sitemap") and name.endswith(".xml"):
        return "sitemap"
    if name.endswith(".xml"):
        return "feed"
    if not name.endswith(".html"):
        return "other"
    if name == "404.html":
        return "404"
    if parts[0] not in LANGS:
        return "root"
    rest = parts[1:-1]  # directories below the language
    if not rest or rest[0] == "page":
        return "home"
    section = rest[0]
    if section == "stories":
        if len(rest) == 4 and rest[2] == "claims":
            return "claim"  # a claim's own page: <lang>/stories/<id>/claims/<claim>/
        return "story" if len(rest) == 2 else "other"
    if section in ("people", "organizations"):
        index = len(rest) == 1 or rest[1] == "page"
        if section == "people":
            return "people-index" if index else "person"
        return "orgs-index" if index else "org"
    if section == "tags":
        return "tags-index" if len(rest) == 1 or rest[1] == "page" else "tag"
    if section in ("timeline", "claims", "quotes", "about", "search"):
        return section
    if section == "sources":
        return "transcript" if len(rest) == 2 else "other"
    return "other"


def census(root: str) -> dict[str, list[int]]:
    """{kind: [files, bytes]} for every file under root."""
    files: Counter[str] = Counter()
    size: Counter[str] = Counter()
    for dirpath, _, names in os.walk(root):
        for name in names:
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root).replace(os.sep, "/")
            k = kind_of(rel)
            if k not in ("asset", "feed", "sitemap", "robots", "other") and is_redirect(path):
                k = "redirect"
            files[k] += 1
            size[k] += os.path.getsize(path)
    return {k: [files[k], size[k]] for k in ORDER if files[k]}


def totals(c: dict[str, list[int]]) -> tuple[int, int, int, int]:
    """(HTML pages, HTML bytes, all files, all bytes)."""
    pages = sum(v[0] for k, v in c.items() if k in HTML_KINDS)
    pbytes = sum(v[1] for k, v in c.items() if k in HTML_KINDS)
    return pages, pbytes, sum(v[0] for v in c.values()), sum(v[1] for v in c.values())


def table(sites: list[str]) -> str:
    cs = [census(s) for s in sites]
    head = f"{'kind':<13}" + "".join(f"{os.path.basename(s.rstrip('/'))[:22]:>34}" for s in sites)
    sub = f"{'':<13}" + "".join(f"{'files':>10}{'bytes':>14}{'avg B':>10}" for _ in sites)
    lines = [head, sub]
    for k in ORDER:
        if not any(k in c for c in cs):
            continue
        row = f"{k:<13}"
        for c in cs:
            n, b = c.get(k, [0, 0])
            row += f"{n:>10,}{b:>14,}{(b // n if n else 0):>10,}"
        lines.append(row)
    for label, (i, j) in (("HTML pages", (0, 1)), ("all files", (2, 3))):
        row = f"{label:<13}"
        for c in cs:
            t = totals(c)
            row += f"{t[i]:>10,}{t[j]:>14,}{(t[j] // t[i] if t[i] else 0):>10,}"
        lines.append(row)
    if len(cs) == 2:
        a, b = totals(cs[0]), totals(cs[1])
        lines.append(f"ratio of HTML bytes (2nd/1st): {b[1] / a[1]:.2f}; of all bytes: {b[3] / a[3]:.2f}")
    return "\n".join(lines)


if __name__ == "__main__":
    args = sys.argv[1:]
    if args and args[0] == "--json":
        print(json.dumps({s: census(s) for s in args[1:]}, indent=1))
    elif args:
        print(table(args))
    else:
        sys.exit(__doc__)
