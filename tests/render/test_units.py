"""Routes, message catalogs, Markdown safety: the pieces, without building a site."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from newskb.render import routes
from newskb.render.build import DEFAULT_TEMPLATES
from newskb.render.i18n import load_catalog, load_messages, placeholders
from newskb.render.markdown import mark_japanese, render_markdown, safe_link

TEMPLATES = DEFAULT_TEMPLATES
CATALOGS = {lang: load_catalog(TEMPLATES / "locales" / f"{lang}.yaml") for lang in routes.LANGS}


# --- routes ------------------------------------------------------------------------


def test_routes_are_pretty_and_mirror_each_other() -> None:
    assert routes.story("en", "microsoft-grin-moe") == "en/stories/microsoft-grin-moe/"
    assert routes.file_for("en/stories/x/") == "en/stories/x/index.html"
    assert routes.file_for("") == "index.html"
    assert routes.file_for("en/feed.xml") == "en/feed.xml"
    assert routes.twin("en/people/jim-fan/", "ja") == "ja/people/jim-fan/"
    assert routes.twin("sitemap.xml", "ja") == "sitemap.xml"
    assert routes.source("ja", "000_e554cb74c4a6e450") == "ja/sources/000_e554cb74c4a6e450/"


@pytest.mark.parametrize(
    ("target", "current", "expected"),
    [
        ("en/stories/a/", "en/stories/b/", "../../../en/stories/a/"),
        ("en/", "en/stories/b/", "../../../en/"),
        ("en/", "en/", "./"),
        ("en/claims/page/2/", "en/claims/", "../../en/claims/page/2/"),
        ("ja/stories/b/", "en/stories/b/", "../../../ja/stories/b/"),
        ("en/stories/b/#quote-x", "en/stories/b/", "#quote-x"),
        ("assets/site.css", "en/", "../assets/site.css"),
        ("en/", "", "en/"),
        ("", "en/", "../"),
        ("en/feed.xml", "en/stories/a/", "../../../en/feed.xml"),
        ("en/sources/s/#L7", "en/people/p/", "../../../en/sources/s/#L7"),
    ],
)
def test_relative_links(target: str, current: str, expected: str) -> None:
    assert routes.relative(target, current) == expected


def test_ids_with_unusual_characters_are_escaped_in_urls() -> None:
    assert routes.story("en", "a b") == "en/stories/a%20b/"


# --- message catalogs -----------------------------------------------------------------


def test_both_catalogs_have_the_same_keys_and_placeholders() -> None:
    ja, en = CATALOGS["ja"], CATALOGS["en"]
    assert sorted(set(ja) - set(en)) == [] and sorted(set(en) - set(ja)) == []
    for key in ja:
        assert placeholders(ja[key]) == placeholders(en[key]), key
        assert ja[key].strip() and en[key].strip(), key


def _template_sources() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(TEMPLATES.glob("*.html"))}


def test_every_message_a_template_uses_exists() -> None:
    used: set[str] = set()
    for text in _template_sources().values():
        used |= set(re.findall(r"""\bt(?:_ja|_en)?\(\s*'([a-z_.-]+)'""", text))
    assert used, "no t('...') calls found"
    missing = sorted(k for k in used if k not in CATALOGS["en"] and not k.endswith("."))
    assert missing == []
    # dynamic keys: 'verdict.' ~ v, 'org_kind.' ~ k, 'date_kind.' ~ k
    from newskb.models import DateKind, OrgKind, Verdict

    for v in [*(x.value for x in Verdict), "unreviewed"]:
        assert f"verdict.{v}" in CATALOGS["en"] and f"verdict_help.{v}" in CATALOGS["en"]
    for k in OrgKind:
        assert f"org_kind.{k.value}" in CATALOGS["en"]
    for k in DateKind:
        assert f"date_kind.{k.value}" in CATALOGS["en"]
    for kind in ("quote", "claim"):  # 'source_item.' ~ span.kind on the transcript page
        assert f"source_item.{kind}" in CATALOGS["en"]


def test_no_ui_text_is_hard_coded_in_templates() -> None:
    """Outside Jinja tags and HTML tags, templates hold only punctuation and spaces."""
    allowed = re.compile(r"^[\s·—/:,.()|↩&;#-]*$")
    for name, text in _template_sources().items():
        stripped = re.sub(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", "", text, flags=re.DOTALL)
        stripped = re.sub(r"<script\b.*?</script>", "", stripped, flags=re.DOTALL)
        stripped = re.sub(r"<[^>]*>", "", stripped, flags=re.DOTALL)
        stripped = stripped.replace("&nbsp;", " ")
        assert allowed.match(stripped), f"{name}: hard-coded text {stripped.strip()[:80]!r}"


def test_dates_and_numbers_in_each_locale() -> None:
    messages = load_messages(TEMPLATES / "locales", routes.LANGS)
    assert messages["ja"].date(dt.date(2024, 9, 20)) == "2024年9月20日"
    assert messages["en"].date(dt.date(2024, 9, 20)) == "20 September 2024"
    assert messages["ja"].month(dt.date(2024, 9, 1)) == "2024年9月"
    assert messages["en"].month(dt.date(2024, 9, 1)) == "September 2024"
    assert messages["en"].number(166000) == "166,000"
    assert messages["ja"]("story.untitled", number=3) == "無題の記事3"  # no space between Japanese and digits (docs/site.md, Typography)


# --- Markdown --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](java\tscript:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](data:text/html,<script>alert(1)</script>)",
        "[x](vbscript:msgbox(1))",
        "<javascript:alert(1)>",
        "![x](https://tracker.example/x.png)",
        '<a href="javascript:alert(1)">x</a>',
        "[x](//evil.example/)",
    ],
)
def test_markdown_is_inert(source: str) -> None:
    html = str(render_markdown(source))
    assert "<script" not in html and "<img" not in html and '<a href="javascript' not in html.lower()
    assert not re.search(r"<[^>]+\son\w+=", html)
    assert not re.search(r'href="(?!https?:|mailto:|[./#a-z])', html)
    assert "javascript:" not in re.findall(r'href="([^"]*)"', html.lower().replace("\t", ""))


def test_markdown_keeps_safe_links_and_formatting() -> None:
    html = str(render_markdown("**Unit 1** and [SEC](https://www.sec.gov/x) `code`"))
    assert "<strong>Unit 1</strong>" in html and 'href="https://www.sec.gov/x"' in html and "<code>code</code>" in html
    assert safe_link("https://a.b/c") and safe_link("../x/") and safe_link("#L7") and safe_link("mailto:a@b.c")
    assert not safe_link("javascript:x") and not safe_link(" javascript:x") and not safe_link("//evil.example")


def test_markdown_demotes_headings_and_drops_relative_links_for_documents() -> None:
    html = str(
        render_markdown(
            "# Title\n\n## Part\n\n[doc](docs/x.md) [ok](https://a.b/)", shift_headings=1, relative_links=False
        )
    )
    assert "<h2>Title</h2>" in html and "<h3>Part</h3>" in html
    assert 'href="docs/x.md"' not in html and 'href="https://a.b/"' in html


def test_japanese_runs_are_marked_in_english_text() -> None:
    assert str(mark_japanese("the 「GPT-3の瞬間」 & <b>")) == (
        'the <span lang="ja">「</span>GPT-3<span lang="ja">の瞬間」</span> &amp; &lt;b&gt;'
    )
    html = str(render_markdown("a **原子力** b", lang="en"))
    assert '<strong><span lang="ja">原子力</span></strong>' in html


def test_the_fast_template_context_calls_helpers_as_jinja_would(tmp_path) -> None:
    """Plain helpers are called directly; anything asking for the context still gets it."""
    from jinja2 import pass_context, pass_environment

    from newskb.render.templating import make_environment

    env = make_environment(tmp_path)

    @pass_context
    def who(context, name: str) -> str:
        return f"{context['greeting']}, {name}"

    @pass_environment
    def env_name(environment) -> str:
        return "env" if environment is env else "other"

    def plain(value: str, *, suffix: str = "") -> str:
        return value.upper() + suffix

    def stop() -> str:
        raise StopIteration

    class Callable:
        def __call__(self, x: int) -> int:
            return x * 2

    template = env.from_string(
        "{{ who('Ada') }}|{{ env_name() }}|{{ plain('a', suffix='!') }}|{{ double(21) }}"
        "|{{ 'x,y'.split(',')|join('+') }}|{% for i in [1] %}{{ who(i) }}{% endfor %}|{{ stop() is undefined }}"
    )
    out = template.render(greeting="Hi", who=who, env_name=env_name, plain=plain, double=Callable(), stop=stop)
    assert out == "Hi, Ada|env|A!|42|x+y|Hi, 1|True"


def test_a_bound_method_marked_for_the_context_still_gets_it(tmp_path) -> None:
    from jinja2 import pass_context

    from newskb.render.templating import make_environment

    class Helper:
        @pass_context
        def greet(self, context, name: str) -> str:
            return f"{context['greeting']}, {name}"

        def shout(self, name: str) -> str:
            return name.upper()

    h = Helper()
    out = (
        make_environment(tmp_path)
        .from_string("{{ greet('Ada') }} {{ shout('b') }}")
        .render(greeting="Hi", greet=h.greet, shout=h.shout)
    )
    assert out == "Hi, Ada B"


@pytest.mark.parametrize(
    "value",
    ["plain", "<script>alert('x') & \"y\"</script>", "", "日本語<b>", 42, 3.5, None, ["<a>"]],
)
def test_fast_output_escaping_writes_what_markupsafe_escape_would(value, tmp_path) -> None:
    """Templates escape `{{ }}` with escape_output: the same text as markupsafe.escape, for any value."""
    from markupsafe import Markup, escape

    from newskb.render.templating import escape_output, make_environment

    assert escape_output(value) == str(escape(value))
    env = make_environment(tmp_path)
    template = env.from_string("{{ v }}|{{ m }}|{% set b %}<{{ v }}>{% endset %}{{ b }}|{% macro k(x) %}{{ x }}{% endmacro %}{{ k(v) }}")
    out = template.render(v=value, m=Markup("<i>safe</i>"))
    assert out == f"{escape(value)}|<i>safe</i>|<{escape(value)}>|{escape(value)}"


def test_a_value_that_is_its_own_html_is_trusted_and_a_strict_undefined_still_fails(tmp_path) -> None:
    from jinja2 import UndefinedError

    from newskb.render.templating import make_environment

    class Html:
        def __html__(self) -> str:
            return "<b>ok</b>"

    env = make_environment(tmp_path)
    assert env.from_string("{{ h }}").render(h=Html()) == "<b>ok</b>"
    with pytest.raises(UndefinedError):
        env.from_string("{{ missing }}").render()



def test_the_shared_macros_read_nothing_of_a_page_but_its_language_helpers_and_url(tmp_path) -> None:
    """Renderer.page_macros makes macros.html once per language, not per page: that is only the same
    as importing it `with context` while its free names are the language's helpers and `url`."""
    from jinja2 import meta

    from newskb.render.build import BuildConfig, prepare

    from .support import FIXTURE_KB

    renderer = prepare(BuildConfig(entries=FIXTURE_KB / "entries", out=tmp_path / "site", search=False)).renderer
    env = renderer.env
    free = meta.find_undeclared_variables(env.parse(env.loader.get_source(env, "macros.html")[0]))
    shared = set(renderer.lang_helpers("en")) | set(renderer.card_helpers_of("en")) | {"url"}
    assert free - {"own"} <= shared, sorted(free - shared)  # `own` is a local {% set %} the parser reports too


def test_the_layout_rendered_once_per_language_is_not_reused_where_a_link_would_differ(tmp_path) -> None:
    """The header is rendered once and reused, but the page it links to as `./` gets its own (in any order)."""
    from newskb.render.build import BuildConfig, prepare

    from .support import FIXTURE_KB

    prep = prepare(BuildConfig(entries=FIXTURE_KB / "entries", out=tmp_path / "site", search=False))
    by_route = {page.route: page for page in prep.pages}
    story = next(p for p in prep.pages if p.template == "story.html" and p.lang == "en")
    for order in ([story.route, "en/", "en/people/"], ["en/people/", "en/", story.route]):
        renderer = prepare(BuildConfig(entries=FIXTURE_KB / "entries", out=tmp_path / "site", search=False)).renderer
        html = {route: renderer.render(by_route[route]) for route in order}
        assert '<li><a href="./">Stories</a></li>' in html["en/"]
        assert '<li><a href="./">People</a></li>' in html["en/people/"]
        assert '<li><a href="../../../en/">Stories</a></li>' in html[story.route]
        assert '<li><a href="../../../en/people/">People</a></li>' in html[story.route]
