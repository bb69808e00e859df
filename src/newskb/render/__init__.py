"""Rendering the knowledge base as a bilingual static site.

The one public entry point is `build.build_site`; `newskb build` and
`newskb serve` are thin wrappers. Modules: `routes` (every URL, one place),
`i18n` (message catalogs, locale formatting), `markdown` (safe Markdown),
`site` (indexes the pages need, computed once), `pages` (the page list),
`jsonld`, `feeds`, `search` (Pagefind), `build` (temp dir, atomic swap,
determinism, --check), `serve` (local preview).
"""
