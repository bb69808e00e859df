"""Markdown for summaries and notes, rendered safely.

CommonMark with raw HTML off (tags show as text), images off (the CSP allows
no third-party images), and links limited to http(s), mailto and relative
targets: `javascript:`, `data:` and every other scheme is refused, so the text
of such a link renders without the link.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markupsafe import Markup, escape

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})


def safe_link(url: str) -> bool:
    """Whether a link target is allowed (control characters and whitespace tricks included)."""
    cleaned = re.sub(r"[\x00-\x20\x7f]+", "", url)
    match = _SCHEME.match(cleaned)
    if match is None:
        # Relative or fragment link; refuse protocol-relative //host, which leaves the site.
        return not cleaned.startswith("//") and not cleaned.startswith("\\")
    return match.group(1).lower() in ALLOWED_SCHEMES


def external_link(url: str) -> bool:
    """Only absolute http(s)/mailto links: for documents written for the repository, whose relative links do not exist on the site."""
    return safe_link(url) and _SCHEME.match(url.strip()) is not None


#: Runs of Japanese script (kana, kanji, CJK punctuation, full-width forms).
JAPANESE_RUN = re.compile(r"[\u3000-\u303f\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+")


def mark_japanese(text: str) -> Markup:
    """Escape `text` for an English page, marking Japanese runs in it with lang="ja"."""
    escaped = str(escape(text))
    return Markup(JAPANESE_RUN.sub(lambda m: f'<span lang="ja">{m.group(0)}</span>', escaped))


@lru_cache(maxsize=4)
def _parser(relative_links: bool = True, mark_ja: bool = False) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["image", "html_block", "html_inline"])
    md.validateLink = safe_link if relative_links else external_link  # type: ignore[method-assign]
    md.enable("table")
    if mark_ja:
        md.add_render_rule("text", lambda self, tokens, idx, options, env: str(mark_japanese(tokens[idx].content)))
        md.add_render_rule(
            "code_inline",
            lambda self, tokens, idx, options, env: "<code>" + str(mark_japanese(tokens[idx].content)) + "</code>",
        )
    return md


def render_markdown(text: str, shift_headings: int = 0, relative_links: bool = True, lang: str | None = None) -> Markup:
    """Markdown → HTML that is safe to embed; memoised (the same summary or note shows on many pages)."""
    return _render_markdown(text, shift_headings, relative_links, lang == "en")


@lru_cache(maxsize=None)
def _render_markdown(text: str, shift_headings: int, relative_links: bool, mark_ja: bool) -> Markup:
    """Markdown → HTML that is safe to embed (raw HTML escaped, unsafe links dropped).

    `shift_headings` demotes headings (1: # becomes <h2>) so a document can sit under a page's <h1>.
    With `lang="en"`, Japanese runs inside the text are marked `lang="ja"`.
    """
    md = _parser(relative_links, mark_ja)
    tokens = md.parse(text)
    if shift_headings:
        for token in tokens:
            if token.type in ("heading_open", "heading_close"):
                token.tag = f"h{min(6, int(token.tag[1]) + shift_headings)}"
    return Markup(md.renderer.render(tokens, md.options, {}))


@lru_cache(maxsize=None)
def markdown_text(text: str) -> str:
    """A Markdown field as plain text, for places that take no markup (meta descriptions, JSON-LD).

    Why: `**Unit 1**` in a summary must read "Unit 1" there, not show its asterisks. The text of
    every inline token is kept (link text without the URL, code without backticks); blocks are
    joined with a space.
    """
    blocks: list[str] = []
    for token in _parser().parse(text):
        if token.type == "inline" and token.children is not None:
            parts = []
            for child in token.children:
                if child.type in ("text", "code_inline"):
                    parts.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    parts.append(" ")
            blocks.append("".join(parts).strip())
    return " ".join(b for b in blocks if b)
