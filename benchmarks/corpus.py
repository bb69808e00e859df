"""A synthetic knowledge base for benchmarks: transcripts plus curated-looking entries.

    python benchmarks/corpus.py --stories 1000 --seed 1 --out benchmarks/corpus/n1000

writes OUT/seeds/*.txt and OUT/entries/ (sources/, stories/, people.yaml,
organizations.yaml, products.yaml, _schema/) shaped like the real repository:

* transcripts of the real kind: line 1 a title, line 2 `N,NNN 文字` (the true
  body length, newlines excluded), an intro, ~6 stories each opened by one of
  the narration transitions the loader recognises, an outro and the note.com
  footer; Kansai-dialect narration with 「…」 statements attributed in the
  loader's forms (direct, dialogue, continuation, article, nested 『…』) and
  quantities (億, 兆, ドル, 年間, %);
* the machine fields of every story come from the real loader
  (`newskb.loader.plan_load`, in-process); the human fields (titles,
  summaries, dates, tags, English quote texts, reviewed claims) are then
  filled programmatically, claims being verbatim sentences of the story's
  lines, anchored by the loader's own `refresh_claim`;
* registries that grow with N (~N/2 people, ~N/3 organisations, ~N/4
  products) whose aliases are exactly the names the transcripts use.

Everything is SYNTHETIC: generated names, every URL under https://example.com/,
every English text marked "[synthetic]". Output is byte-identical for a given
(--stories, --seed).

Speed: `plan_load` re-reads the whole entries directory (`load_kb`) for every
transcript, which would make generation O(N²) in the registry size. The
generator therefore hands `plan_load` one KnowledgeBase holding the full
registries (built once, entity index compiled once) and no stories — exactly
what a first `newskb load` of each seed sees — by patching `loader.load_kb`
for the duration of the call. `verify()` (used by the test) re-runs the
unpatched loader and checks it would change nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import re
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from newskb import loader as _loader
from newskb.kb import KnowledgeBase
from newskb.models import (
    FILE_MODELS,
    Bilingual,
    Citation,
    Claim,
    DateKind,
    EnglishKind,
    Link,
    Organization,
    OrganizationsFile,
    OrgKind,
    PeopleFile,
    Person,
    Product,
    ProductsFile,
    Review,
    Source,
    SourceKind,
    StatementText,
    Story,
    Verdict,
)
from newskb.source import read_source
from newskb.store import SCHEMA_DIR, dump_yaml, schema_ref, to_data

try:
    from yaml import CSafeLoader as _YamlLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _YamlLoader  # type: ignore[assignment]

EXAMPLE = "https://example.com/newskb-synthetic"
FOOTER = "この記事が気に入ったらサポートをしてみませんか?"
STORIES_PER_TRANSCRIPT = (5, 6, 6, 6, 7)
#: Every transcript holds two stories or more (`plan_corpus`), so a corpus does too.
MIN_STORIES = 2
MIN_STORIES_WHY = "the loader warns that a transcript of one story has no story transitions"

# --- names -----------------------------------------------------------------------

KANA = [
    ("ア", "a"),
    ("イ", "i"),
    ("ウ", "u"),
    ("エ", "e"),
    ("オ", "o"),
    ("カ", "ka"),
    ("キ", "ki"),
    ("ク", "ku"),
    ("ケ", "ke"),
    ("コ", "ko"),
    ("サ", "sa"),
    ("シ", "shi"),
    ("ス", "su"),
    ("セ", "se"),
    ("ソ", "so"),
    ("タ", "ta"),
    ("チ", "chi"),
    ("ツ", "tsu"),
    ("テ", "te"),
    ("ト", "to"),
    ("ナ", "na"),
    ("ニ", "ni"),
    ("ヌ", "nu"),
    ("ネ", "ne"),
    ("ノ", "no"),
    ("ハ", "ha"),
    ("ヒ", "hi"),
    ("フ", "fu"),
    ("ヘ", "he"),
    ("ホ", "ho"),
    ("マ", "ma"),
    ("ミ", "mi"),
    ("ム", "mu"),
    ("メ", "me"),
    ("モ", "mo"),
    ("ヤ", "ya"),
    ("ユ", "yu"),
    ("ヨ", "yo"),
    ("ラ", "ra"),
    ("リ", "ri"),
    ("ル", "ru"),
    ("レ", "re"),
    ("ロ", "ro"),
    ("ワ", "wa"),
    ("ガ", "ga"),
    ("ギ", "gi"),
    ("グ", "gu"),
    ("ゲ", "ge"),
    ("ゴ", "go"),
    ("ザ", "za"),
    ("ジ", "ji"),
    ("ズ", "zu"),
    ("ゼ", "ze"),
    ("ゾ", "zo"),
    ("ダ", "da"),
    ("デ", "de"),
    ("ド", "do"),
    ("バ", "ba"),
    ("ビ", "bi"),
    ("ブ", "bu"),
    ("ベ", "be"),
    ("ボ", "bo"),
    ("パ", "pa"),
    ("ピ", "pi"),
    ("プ", "pu"),
    ("ペ", "pe"),
    ("ポ", "po"),
]
LATIN_ON = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "th", "br", "kr", "st"]
LATIN_NU = ["a", "e", "i", "o", "u", "ai", "ea", "io"]
LATIN_CODA = ["", "", "n", "x", "r", "l", "s", "nt", "ck"]

ROLES = [
    ("最高経営責任者", "chief executive officer"),
    ("最高技術責任者", "chief technology officer"),
    ("上級研究員", "senior research scientist"),
    ("研究部門のリーダー", "head of research"),
    ("共同創業者", "co-founder"),
    ("プロダクト責任者", "head of product"),
    ("元エンジニア", "former engineer"),
    ("政策担当の責任者", "head of policy"),
]
ORG_KINDS = [
    (OrgKind.company, 0.62),
    (OrgKind.publication, 0.12),
    (OrgKind.investor, 0.08),
    (OrgKind.research, 0.08),
    (OrgKind.studio, 0.05),
    (OrgKind.government, 0.05),
]
TAGS = [
    "ai-models",
    "small-models",
    "open-source",
    "funding",
    "energy",
    "data-centers",
    "robotics",
    "ai-safety",
    "regulation",
    "hearing",
    "benchmarks",
    "multimodal",
    "chips",
    "partnerships",
    "film",
    "agents",
    "coding",
    "mathematics",
    "security",
    "privacy",
    "valuation",
    "ipo",
    "nuclear",
    "fusion",
    "geothermal",
    "humanoids",
    "startups",
    "china",
    "europe",
    "united-states",
    "cloud",
    "inference",
    "training-data",
    "compute",
    "mixture-of-experts",
    "distillation",
    "evaluation",
    "whistleblower",
    "policy",
    "investment",
    "media",
    "entertainment",
    "education",
    "healthcare",
    "translation",
    "speech",
    "search",
    "advertising",
    "devices",
    "smartphones",
    "semiconductors",
    "supply-chain",
    "labour",
    "productivity",
    "research",
    "licensing",
    "copyright",
    "synthetic-data",
    "alignment",
    "agi",
]


def _katakana(rng: random.Random, n: int) -> tuple[str, str]:
    parts = [rng.choice(KANA) for _ in range(n)]
    return "".join(k for k, _ in parts), "".join(r for _, r in parts)


def _latin(rng: random.Random, syllables: int) -> str:
    word = "".join(rng.choice(LATIN_ON) + rng.choice(LATIN_NU) for _ in range(syllables)) + rng.choice(LATIN_CODA)
    return word.capitalize()


# --- text templates (ja, en), with slots ---------------------------------------------
# Slots: {org} {org2} {prod} {money} {params} {tokens} {years} {pct} {users} {gw} {staff}
# Each narration/quote sentence has a key used for claim ids.

NARRATION: list[tuple[str, str, str]] = [
    ("new-model", "{org}が{prod}っていう新しいモデルを発表したんや", "{org} has announced a new model called {prod}"),
    (
        "small-params",
        "{prod}はパラメータが{params}個しかないのに、コーディングと数学のタスクでめっちゃええ成績を出すらしいねん",
        "{prod} has only {params} parameters yet reportedly scores very well on coding and maths tasks",
    ),
    (
        "funding-round",
        "{org}は{money}ドルの資金調達ラウンドを進めてるらしいで",
        "{org} is reportedly raising a {money}-dollar funding round",
    ),
    (
        "long-contract",
        "{org}は{org2}と{years}年間の契約を結んだんやて",
        "{org} has signed a {years}-year contract with {org2}",
    ),
    (
        "benchmark-parity",
        "ベンチマークでは{prod}がずっと大きいモデルと同じくらいの性能を出してるんやで",
        "on benchmarks {prod} performs about as well as much larger models",
    ),
    (
        "runs-on-phone",
        "このサイズのモデルやったら、ほんまにスマホで動かせるんや",
        "a model this size can really run on a phone",
    ),
    (
        "carbon-free",
        "{org}のデータセンターは{pct}近くカーボンフリーで運用されてるらしいで",
        "{org}'s data centers reportedly run close to {pct} carbon-free",
    ),
    (
        "oversubscribed",
        "投資家たちは会社が受け入れる準備ができてる以上の金額を投資したがってたんや",
        "investors wanted to put in more money than the company was ready to accept",
    ),
    (
        "invest-plan",
        "{org}はこの分野に{money}ドル以上を投資する計画やねん",
        "{org} plans to invest more than {money} dollars in this field",
    ),
    ("users", "利用者はもう{users}人を超えたって話やで", "users have reportedly passed {users}"),
    ("amazing", "これ、ほんまにすごいことやで", "this is really something"),
    (
        "power-needs",
        "{prod}の学習には{gw}ギガワットの電力が必要になるって言われてるんや",
        "training {prod} is said to need {gw} gigawatts of power",
    ),
    (
        "speedup",
        "前のモデルと比べて処理速度が{pct}上がったらしいねん",
        "processing speed reportedly rose {pct} over the previous model",
    ),
    (
        "competition",
        "{org2}も同じような技術を開発してるから、競争はますます激しくなってるんや",
        "{org2} is developing similar technology, so competition is getting fiercer",
    ),
    ("risks", "もちろん、リスクもあるわな", "of course, there are risks too"),
    (
        "open-weights",
        "{org}は{prod}をオープンソースで公開するって決めたんやて",
        "{org} has decided to release {prod} as open source",
    ),
    (
        "price-halved",
        "価格は前のモデルの半分くらいになるらしいで",
        "the price is said to be about half that of the previous model",
    ),
    (
        "training-tokens",
        "{prod}は{tokens}トークンのデータで学習されたんやて",
        "{prod} was trained on {tokens} tokens of data",
    ),
    (
        "regulation-debate",
        "規制の議論もこれからもっと盛り上がると思うわ",
        "the regulation debate will heat up from here, I think",
    ),
    ("stock-rise", "{org}の株価は発表の後に{pct}上がったんや", "{org}'s share price rose {pct} after the announcement"),
    (
        "race",
        "アメリカも中国も全速力でAIに突っ込んでるから、これからどうなっていくか見物やで",
        "the US and China are both charging into AI at full speed, so it will be something to watch",
    ),
    (
        "revenue",
        "この契約で{org}は毎年{money}ドルの売上を見込んでるらしいねん",
        "{org} reportedly expects {money} dollars a year in revenue from the deal",
    ),
    (
        "small-team",
        "開発チームは{staff}人くらいの小さなチームやったんやて",
        "the development team was a small one of about {staff} people",
    ),
    (
        "distillation",
        "新しい知識の蒸留方法がどんどん発見されてるから、小さくて効率的なモデルが増えてきてるんや",
        "new distillation methods keep being found, so small efficient models are multiplying",
    ),
    ("what-do-you-think", "みんなはどう思う?コメントで教えてな", "what do you all think? tell me in the comments"),
    (
        "film-deal",
        "{org}は{org2}と組んで、AIで映画やTVシリーズを作るパートナーシップを発表したんや",
        "{org} announced a partnership with {org2} to make films and TV series with AI",
    ),
    (
        "robots-cost",
        "人型ロボットは最大{money}円くらいまでなら導入する価値があるって計算もあるんや",
        "one estimate says humanoid robots are worth deploying at up to about {money} yen",
    ),
    ("ipo", "{org}が近いうちにIPOするんも驚かへんな", "it would not be surprising if {org} went public soon"),
    (
        "security-gap",
        "セキュリティ対策の不足はずっと前から言われてたことやねん",
        "a lack of security measures has been talked about for a long time",
    ),
    (
        "api",
        "{org}がAPIを公開したら、ほとんどの人が自分のデバイスでこれを動かせるようになるんやで",
        "once {org} releases an API, most people will be able to run this on their own devices",
    ),
    (
        "agi-soon",
        "AGIが早ければ{years}年以内にできるかもしれんって話もあるんや",
        "there is talk that AGI could arrive within {years} years at the earliest",
    ),
    ("chips", "{org}は新しいAIチップを{units}台注文したらしいで", "{org} has reportedly ordered {units} new AI chips"),
]

QUOTE: list[tuple[str, str, str]] = [
    (
        "efficient",
        "{prod}は今までのどのモデルよりも効率的に動くんです",
        "{prod} runs more efficiently than any model before it",
    ),
    (
        "years-of-work",
        "私たちはこの{years}年間、ずっとこの問題に取り組んできました",
        "we have worked on this problem for the past {years} years",
    ),
    (
        "compute-spend",
        "計算資源に{money}ドル以上を投資する予定です",
        "we plan to invest more than {money} dollars in compute",
    ),
    (
        "safety-time",
        "安全性のテストには十分な時間をかけるべきだと考えています",
        "we believe safety testing deserves enough time",
    ),
    ("daily-use", "ユーザーの{pct}がこの機能を毎日使っています", "{pct} of users use this feature every day"),
    (
        "big-change",
        "まだ大きな課題はありますが、次の{years}年で状況は大きく変わると思います",
        "there are still big challenges, but I think things will change a great deal in the next {years} years",
    ),
    ("big-step", "これは業界全体にとって大きな一歩なんです", "this is a big step for the whole industry"),
    (
        "partner",
        "{org2}とのパートナーシップを本当に楽しみにしています",
        "we are really looking forward to the partnership with {org2}",
    ),
    (
        "open-research",
        "オープンな研究が技術の進歩を加速させると信じています",
        "we believe open research accelerates progress",
    ),
    (
        "energy-limit",
        "エネルギーの問題を解決しないと、AIの成長は止まってしまいます",
        "unless we solve energy, AI's growth will stall",
    ),
    (
        "small-smart",
        "小さなモデルでも、正しいデータで学習させれば驚くほど賢くなるんです",
        "even small models become surprisingly capable when trained on the right data",
    ),
    (
        "regulate-right",
        "規制は必要ですが、イノベーションを止めるものであってはいけません",
        "regulation is needed, but it must not stop innovation",
    ),
    (
        "gigawatt",
        "今、{gw}ギガワット以上のデータセンターの開発に取り組んでるんです",
        "we are now working on data centers of over {gw} gigawatts",
    ),
    (
        "not-seen-yet",
        "まだそんなモデルは見たことないですけど、この瞬間が次の{years}年で来る可能性があると期待してます",
        "I have not seen such a model yet, but I hope this moment may come in the next {years} years",
    ),
    (
        "robots-learn",
        "一台のロボットが新しいスキルを学んだら、全体がそのスキルを獲得できるんです",
        "once one robot learns a new skill, the whole fleet can acquire it",
    ),
    (
        "talent",
        "世界中から{staff}人以上の研究者が集まってくれました",
        "more than {staff} researchers have joined us from around the world",
    ),
    ("growth", "売上は去年の{pct}増えました", "revenue grew {pct} on last year"),
    ("customers", "お客様が本当に必要としているものを作りたいんです", "we want to build what customers really need"),
]

ARTICLE: list[tuple[str, str, str]] = [
    (
        "round-closed",
        "{org}は{money}ドルの資金調達ラウンドを完了したそうです",
        "{org} has closed a {money}-dollar funding round",
    ),
    (
        "demand-billions",
        "ある情報筋によると、過剰な需要は数十億ドルに上ったそうです",
        "according to one source, excess demand ran to billions of dollars",
    ),
    (
        "launch-plan",
        "{org}は来年までに{prod}を世界中で提供する計画です",
        "{org} plans to offer {prod} worldwide by next year",
    ),
    (
        "valuation",
        "評価額は{money}ドルに達したと報じられています",
        "the valuation is reported to have reached {money} dollars",
    ),
    (
        "rushed",
        "厳密なテストをせずに、急いで開発することを優先したと指摘されています",
        "it is alleged that rapid development was put ahead of rigorous testing",
    ),
    (
        "hearing",
        "公聴会では{years}年以内に大きな変化が起きる可能性が議論されました",
        "the hearing discussed the possibility of major change within {years} years",
    ),
    ("share", "市場シェアは{pct}に達したそうです", "market share is said to have reached {pct}"),
]

TERMS = ["GPT-3の瞬間", "スケーリング則", "専門家の混合", "開ける", "ファスト&スロー", "知識の蒸留", "エージェント元年"]


@dataclass
class Registry:
    people: list[Person]
    orgs: list[Organization]
    products: list[Product]
    family_alias: dict[str, str]  # person id -> short alias used after first mention
    publications: list[Organization]
    companies: list[Organization]

    def org(self, oid: str) -> Organization:
        return self._orgs[oid]

    def __post_init__(self) -> None:
        self._orgs = {o.id: o for o in self.orgs}
        self.product_names = {p.id: p.name.en for p in self.products}
        self._people = {p.id: p for p in self.people}
        self._products = {p.id: p for p in self.products}

    def person(self, pid: str) -> Person:
        return self._people[pid]

    def product(self, pid: str) -> Product:
        return self._products[pid]


def _template_text() -> str:
    parts = [t for pool in (NARRATION, QUOTE, ARTICLE) for _, t, _ in pool]
    parts += TERMS + [r[0] for r in ROLES]
    parts += [TRANSITION_TEXT, INTRO_TEXT, OUTRO, "The Times Review"]
    return "\n".join(parts)


TRANSITION_TEXT = "さっそく本題に入るで。さて、次は ほかにも ほかのAIニュースやけど、と言えば、続いて、記事にはこう書いてあるで。こう言うてはったわ。"
INTRO_TEXT = "最初に、次に、最後に、の話やで。についても見ていくで。の記事がうまくまとめてるから、ちょっと見てみよか。"
OUTRO = (
    "とにかく、今日のニュースはこれくらいや。見てくれてありがとう。面白かったら「いいね」押してな。"
    "そして、これからもこんなAIニュースを見たいなら、チャンネル登録よろしくな!"
)


def build_registry(n_stories: int, rng: random.Random) -> Registry:
    """People (~N/2), organisations (~N/3) and products (~N/4) with collision-free aliases."""
    n_people = max(4, n_stories // 2)
    n_orgs = max(8, n_stories // 3)
    n_products = max(4, n_stories // 4)
    forbidden = _template_text()
    used_alias: set[str] = set()
    used_ids: set[str] = set()

    def fresh_id(base: str) -> str:
        cand, k = base, 2
        while cand in used_ids:
            cand, k = f"{base}-{k}", k + 1
        used_ids.add(cand)
        return cand

    # organisations: Latin single-word names (so `Xと言えば、` works), some with a 社 alias
    orgs: list[Organization] = []
    words: list[str] = []
    while len(orgs) < n_orgs:
        word = _latin(rng, rng.choice((2, 2, 3)))
        if len(word) < 5 or word in used_alias or word.lower() in forbidden.lower():
            continue
        r = rng.random()
        acc = 0.0
        kind = OrgKind.company
        for k, p in ORG_KINDS:
            acc += p
            if r < acc:
                kind = k
                break
        if kind == OrgKind.publication:
            name = f"The {word} Times" if rng.random() < 0.5 else f"{word} Review"
            aliases = [name]
        elif kind == OrgKind.government:
            name = f"{word}州政府"
            aliases = [name]
        else:
            name = word
            aliases = [word] + ([f"{word}社"] if rng.random() < 0.3 else [])
        used_alias.update(aliases)
        used_alias.add(word)
        words.append(word)
        oid = fresh_id(name.lower().replace(" ", "-").replace("州政府", "-state-government"))
        orgs.append(
            Organization(
                id=oid,
                name=Bilingual(ja=name, en=name.replace("州政府", " State Government")),
                kind=kind,
                aliases=aliases,
                role=Bilingual(ja=f"合成データの{kind.value}", en=f"Synthetic {kind.value}"),
                links=[Link(url=f"{EXAMPLE}/organizations/{oid}", title=f"{name} (synthetic)")],
            )
        )
    companies = [o for o in orgs if o.kind in (OrgKind.company, OrgKind.research, OrgKind.studio, OrgKind.investor)]
    publications = [o for o in orgs if o.kind == OrgKind.publication]
    if not publications:  # at least one, so the article form appears
        o = orgs[-1]
        name = f"The {o.name.en} Times"
        orgs[-1] = o.model_copy(
            update={"kind": OrgKind.publication, "name": Bilingual(ja=name, en=name), "aliases": [name]}
        )
        publications = [orgs[-1]]
        companies = [c for c in companies if c.id != o.id]

    products: list[Product] = []
    while len(products) < n_products:
        word = _latin(rng, 2)
        name = f"{word}-{rng.randint(2, 9)}"
        if word in used_alias or name in used_alias or word.lower() in forbidden.lower():
            continue
        used_alias.update((word, name))  # the bare word is reserved so no org alias can sit inside it
        maker = rng.choice(companies)
        pid = fresh_id(name.lower())
        products.append(
            Product(
                id=pid,
                name=Bilingual(ja=name, en=name),
                maker=maker.id,
                aliases=[name],
                description=Bilingual(ja=f"{maker.name.ja}の合成モデル", en=f"A synthetic model by {maker.name.en}"),
                links=[Link(url=f"{EXAMPLE}/products/{pid}", title=f"{name} (synthetic)")],
            )
        )

    # people: given (2 kana) ・ family (3 kana); family names unique and absent from the templates
    people: list[Person] = []
    family_alias: dict[str, str] = {}
    families: set[str] = set()
    while len(people) < n_people:
        given, given_r = _katakana(rng, 2)
        family, family_r = _katakana(rng, 3)
        if family in families or family in forbidden or given in forbidden:
            continue
        families.add(family)
        full = f"{given}・{family}"
        aliases = [full]
        pid = fresh_id(f"{given_r}-{family_r}")
        if rng.random() < 0.5:
            aliases.append(family)
            family_alias[pid] = family
        else:
            family_alias[pid] = full
        role = rng.choice(ROLES)
        aff = rng.choice(companies)
        people.append(
            Person(
                id=pid,
                name=Bilingual(ja=full, en=f"{given_r.capitalize()} {family_r.capitalize()}"),
                aliases=aliases,
                role=Bilingual(ja=f"{aff.name.ja}の{role[0]}", en=f"{role[1].capitalize()} of {aff.name.en}"),
                affiliations=[aff.id],
                links=[Link(url=f"{EXAMPLE}/people/{pid}", title=f"{full} (synthetic)")],
            )
        )
    return Registry(people, orgs, products, family_alias, publications, companies)


# --- per-story plans (assigned globally, so every registry entity is used) ----------


@dataclass
class StoryPlan:
    index: int  # 1-based within the transcript
    company: str
    other: str
    product: str | None
    speakers: list[str]
    publication: str | None


def _decks(rng: random.Random, items: list[str]) -> Iterator[str]:
    while True:
        deck = list(items)
        rng.shuffle(deck)
        yield from deck


def plan_corpus(n_stories: int, reg: Registry, rng: random.Random) -> list[list[StoryPlan]]:
    people = _decks(rng, [p.id for p in reg.people])
    companies = _decks(rng, [o.id for o in reg.companies])
    others = _decks(rng, [o.id for o in reg.orgs if o.kind != OrgKind.publication])
    products = _decks(rng, [p.id for p in reg.products])
    pubs = _decks(rng, [o.id for o in reg.publications])
    n_people, n_products = len(reg.people), len(reg.products)
    transcripts: list[list[StoryPlan]] = []
    left = n_stories
    while left > 0:
        k = min(left, rng.choice(STORIES_PER_TRANSCRIPT))
        if left - k == 1:  # never leave one story for a transcript of its own (MIN_STORIES_WHY)
            k = left
        plans = []
        for i in range(1, k + 1):
            company = next(companies)
            other = next(others)
            while other == company:
                other = next(others)
            speakers = [next(people)]
            if rng.random() < max(0.0, 2 * n_people / n_stories - 1):
                cand = next(people)
                if cand != speakers[0]:
                    speakers.append(cand)
            product = next(products) if rng.random() < min(1.0, 1.5 * n_products / n_stories + 0.3) else None
            publication = next(pubs) if rng.random() < 0.4 else None
            plans.append(StoryPlan(i, company, other, product, speakers, publication))
        transcripts.append(plans)
        left -= k
    return transcripts


def planned_only(reg: Registry, corpus: list[list[StoryPlan]]) -> Registry:
    """The registries without the entities no plan names.

    The registries have floor sizes (8 organisations for 2 stories), so a small
    corpus would carry entries nothing refers to (R605). From a few dozen
    stories on, the decks deal every entity and nothing is dropped.
    """
    plans = [p for t in corpus for p in t]
    people = {pid for p in plans for pid in p.speakers}
    products = {p.product for p in plans if p.product}
    orgs = {o for p in plans for o in (p.company, p.other, p.publication) if o}
    orgs |= {a for pid in people for a in reg.person(pid).affiliations}
    orgs |= {reg.product(i).maker for i in products}
    return Registry(
        [p for p in reg.people if p.id in people],
        [o for o in reg.orgs if o.id in orgs],
        [p for p in reg.products if p.id in products],
        {k: v for k, v in reg.family_alias.items() if k in people},
        [o for o in reg.publications if o.id in orgs],
        [o for o in reg.companies if o.id in orgs],
    )


# --- transcript text --------------------------------------------------------------


@dataclass
class Sentence:
    key: str
    ja: str
    en: str


@dataclass
class QuoteSpec:
    speaker: str
    sentences: list[Sentence]

    @property
    def ja(self) -> str:
        return "。".join(s.ja for s in self.sentences)

    @property
    def en(self) -> str:
        return ". ".join(s.en[:1].upper() + s.en[1:] for s in self.sentences) + "."


@dataclass
class StoryText:
    plan: StoryPlan
    lines: list[str] = field(default_factory=list)
    narration: list[tuple[Sentence, str]] = field(default_factory=list)  # (sentence, author)
    quotes: list[QuoteSpec] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)


class Writer:
    """Composes one transcript from its story plans with its own RNG."""

    def __init__(self, reg: Registry, rng: random.Random):
        self.reg = reg
        self.rng = rng
        self.people = {p.id: p for p in reg.people}
        self.orgs = {o.id: o for o in reg.orgs}
        self.products = {p.id: p for p in reg.products}

    def _alias(self, oid: str) -> str:
        o = self.orgs[oid]
        return self.rng.choice(o.aliases)

    def _slots(self, plan: StoryPlan) -> dict[str, tuple[str, str]]:
        r = self.rng
        money = r.choice([r.randint(2, 99), r.randint(100, 9900)])
        params = r.choice([r.randint(5, 95), r.randint(100, 4000)])
        org2 = self.orgs[plan.other]
        prod = self.products[plan.product].name.ja if plan.product else self.orgs[plan.company].name.ja
        staff = r.randint(12, 480)
        tokens = r.randint(2, 30)
        units = r.randint(2, 480)
        return {
            "org": (self._alias(plan.company), self.orgs[plan.company].name.en),
            "org2": (self._alias(plan.other), org2.name.en),
            "prod": (prod, prod),
            "money": (f"{money}億", f"{money / 10:g} billion"),
            "params": (f"{params}億", f"{params / 10:g} billion"),
            "tokens": (f"{tokens}兆", f"{tokens} trillion"),
            "years": (str(r.randint(2, 20)), ""),
            "pct": (f"{r.randint(3, 95)}%", ""),
            "users": (f"{r.randint(2, 900)}万", ""),
            "gw": (str(r.randint(1, 5)), ""),
            "staff": (str(staff), str(staff)),
            "units": (f"{units}万", f"{units * 10_000:,}"),
        }

    def _fill(self, pool: list[tuple[str, str, str]], slots: dict[str, tuple[str, str]], plan: StoryPlan) -> Sentence:
        while True:
            key, ja, en = self.rng.choice(pool)
            if "{prod}" in ja and plan.product is None and self.rng.random() < 0.7:
                continue
            break
        ja_v = {k: v[0] for k, v in slots.items()}
        en_v = {k: (v[1] or _en_num(k, v[0])) for k, v in slots.items()}
        return Sentence(key, ja.format(**ja_v), en.format(**en_v))

    def narration_line(
        self, st: StoryText, slots: dict[str, tuple[str, str]], prefix: str = "", n: int | None = None
    ) -> None:
        sents = [self._fill(NARRATION, slots, st.plan) for _ in range(n or self.rng.randint(2, 4))]
        if self.rng.random() < 0.15:  # a term in 「…」 inside the narration: not a statement
            term = self.rng.choice(TERMS)
            sents.append(
                Sentence(
                    "term", f"業界では「{term}」って呼ばれてるらしいで", f'the industry reportedly calls it "{term}"'
                )
            )
        st.lines.append(prefix + "。".join(s.ja for s in sents) + "。")
        st.narration.extend((s, "narrator") for s in sents if s.key != "term")

    def quote_block(self, st: StoryText, slots: dict[str, tuple[str, str]], form: str, pid: str | None = None) -> None:
        r = self.rng
        pid = pid or r.choice(st.plan.speakers)
        person = self.people[pid]
        short = self.reg.family_alias[pid]
        first = pid not in st.people
        name = person.aliases[0] if first else short
        if pid not in st.people:
            st.people.append(pid)
        n_cont = r.choice((0, 0, 0, 0, 1, 2))
        specs = [
            QuoteSpec(pid, [self._fill(QUOTE, slots, st.plan) for _ in range(r.randint(1, 3))])
            for _ in range(1 + n_cont)
        ]
        if form == "dialogue":
            st.lines.append(f"{name}さん:「{specs[0].ja}」")
        else:
            if first:
                aff = person.affiliations[0]
                if aff not in st.orgs:
                    st.orgs.append(aff)
                role = person.role.ja.split("の", 1)[1] if person.role else "担当者"
                intro = f"{self._alias(aff)}の{role}の{name}さんはこう言うてはったわ。"
            else:
                intro = r.choice((f"{name}さんはこう言うてはったわ。", f"{name}さんはこう話してはったんや。"))
            st.lines.append(f"{intro}「{specs[0].ja}」")
        for spec in specs[1:]:
            st.lines.append(f"「{spec.ja}」")
        st.quotes.extend(specs)
        if r.random() < 0.7:
            self.narration_line(st, slots, n=r.randint(1, 3))

    def article_block(self, st: StoryText, slots: dict[str, tuple[str, str]]) -> None:
        r = self.rng
        pub = st.plan.publication
        assert pub is not None
        if pub not in st.orgs:
            st.orgs.append(pub)
        st.lines.append(f"この話は{self._alias(pub)}の記事がうまくまとめてるから、ちょっと見てみよか。")
        specs = [QuoteSpec(pub, [self._fill(ARTICLE, slots, st.plan) for _ in range(r.randint(1, 3))])]
        st.lines.append(f"記事にはこう書いてあるで。「{specs[0].ja}」")
        st.quotes.extend(specs)
        if r.random() < 0.5:  # a continuation that itself quotes a person in 『…』
            pid = r.choice(st.plan.speakers)
            short = self.reg.family_alias[pid]
            inner = QuoteSpec(pid, [self._fill(QUOTE, slots, st.plan) for _ in range(r.randint(1, 2))])
            lead = Sentence("warned", f"{short}さんはこう警告しました", f"{self.people[pid].name.en} warned")
            if pid not in st.people:
                st.people.append(pid)
            outer = QuoteSpec(pub, [lead])
            st.lines.append(f"「{lead.ja}。『{inner.ja}』」")
            # the outer statement's text is the whole line between 「」; record it verbatim
            st.quotes.append(_Raw(pub, f"{lead.ja}。『{inner.ja}』", f'{lead.en}: "{inner.en}"'))
            st.quotes.append(inner)
            del outer

    def story(self, plan: StoryPlan, opener: str) -> StoryText:
        r = self.rng
        st = StoryText(plan)
        st.orgs.append(plan.company)
        slots = self._slots(plan)
        company = self._alias(plan.company)
        if opener == "{org}と言えば、":
            opener = f"{company}と言えば、"
        if plan.product:
            prod = self.products[plan.product]
            first = Sentence(
                "new-model",
                f"{company}から{prod.name.ja}っていう新しいモデルが発表されたで",
                f"{self.orgs[plan.company].name.en} has released a new model called {prod.name.en}",
            )
        else:
            first = Sentence(
                "announcement",
                f"{company}が新しい発表をしたで",
                f"{self.orgs[plan.company].name.en} has made a new announcement",
            )
        rest = [self._fill(NARRATION, slots, plan) for _ in range(r.randint(1, 3))]
        st.lines.append(opener + "。".join([first.ja] + [s.ja for s in rest]) + "。")
        st.narration.extend((s, "narrator") for s in rest)
        lead = opener if not opener.endswith("。") else ""
        st.narration.insert(0, (Sentence(first.key, lead + first.ja, first.en), "narrator"))
        target = r.randint(800, 1050)
        forms = ["narration"] * 7 + ["direct"] * 2 + ["dialogue"]
        did_article = False
        while sum(len(x) for x in st.lines) < target:
            if plan.publication and not did_article and r.random() < 0.35:
                self.article_block(st, slots)
                did_article = True
                continue
            form = r.choice(forms)
            if form == "narration":
                self.narration_line(st, slots)
            else:
                self.quote_block(st, slots, form)
        # every planned entity appears, so registries have no unreferenced entries (R605)
        if plan.publication and not did_article:
            self.article_block(st, slots)
        for pid in plan.speakers:
            if pid not in st.people:
                self.quote_block(st, slots, "direct", pid)
        text = "".join(st.lines)
        if not any(
            re.search(rf"(?<![A-Za-z0-9_.-]){re.escape(a)}(?![A-Za-z0-9_.-])", text)
            for a in self.orgs[plan.other].aliases
        ):
            key, ja, en = next(t for t in NARRATION if t[0] == "competition")
            sent = Sentence(key, ja.format(org2=slots["org2"][0]), en.format(org2=slots["org2"][1]))
            st.lines.append(sent.ja + "。")
            st.narration.append((sent, "narrator"))
        if plan.other not in st.orgs:
            st.orgs.append(plan.other)
        return st


@dataclass
class _Raw:
    """A statement whose text is given verbatim (an outer quote containing 『…』)."""

    speaker: str
    ja: str
    en: str
    sentences: list[Sentence] = field(default_factory=list)


def _en_num(key: str, ja: str) -> str:
    if key == "users":
        return f"{int(ja[:-1]) * 10_000:,} people"
    return ja


OPENERS = ["さて、", "ほかにも", "ほかのAIニュースやけど、", "{org}と言えば、", "続いて、", "次に、"]


@dataclass
class Transcript:
    id: str
    text: str
    stories: list[StoryText]
    title_en: str


def write_transcript(t_index: int, seed: int, plans: list[StoryPlan], reg: Registry) -> Transcript:
    rng = random.Random(f"newskb-corpus:{seed}:{t_index}")
    w = Writer(reg, rng)
    stories = []
    for plan in plans:
        opener = "せやから、さっそく本題に入るで。" if plan.index == 1 else rng.choice(OPENERS)
        stories.append(w.story(plan, opener))
    orgs = w.orgs
    heads = [orgs[s.plan.company].name.ja for s in stories[:3]]
    title = (
        f"{heads[0]}の新発表や! " + "、".join(f"{h}の最新ニュース" for h in heads[1:])
        if len(heads) > 1
        else f"{heads[0]}の新発表や!"
    )
    title_en = f"[synthetic] {orgs[stories[0].plan.company].name.en}'s new announcement and more AI news"
    intro = []
    for k, s in enumerate(stories[:3]):
        lead = ("最初に、", "次に、", "最後に、")[k]
        intro.append(
            f"{lead}{orgs[s.plan.company].name.ja}の話やで。{w._fill(NARRATION, w._slots(s.plan), s.plan).ja}。"
            f"この動画では、それが一体何なんかについても見ていくで。"
        )
    body = intro + [line for s in stories for line in s.lines] + [OUTRO]
    length = sum(len(line) for line in body)
    text = "\n".join([title, f"{length:,} 文字", *body, FOOTER]) + "\n"
    tid = f"{t_index:05d}_{hashlib.sha256(f'{seed}:{t_index}'.encode()).hexdigest()[:16]}"
    return Transcript(tid, text, stories, title_en)


# --- entries ----------------------------------------------------------------------

VERDICTS = [("accurate", 45), ("misleading", 20), ("unverified", 20), ("inaccurate", 8), ("transcription-error", 7)]
DATE_KINDS = ["announcement", "release", "hearing", "publication", "interview", "report"]


def _weighted(rng: random.Random, items: list[tuple[str, int]]) -> str:
    return rng.choices([i for i, _ in items], weights=[w for _, w in items])[0]


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() and c.isascii() else "-" for c in text.lower()).strip("-")


@contextmanager
def _registry_kb(kb: KnowledgeBase) -> Iterator[None]:
    """Make plan_load see `kb` (registries only) instead of re-reading the entries directory, and split
    stories at their cues only.

    Why the second: every generated story opens with a cue, but its narration is
    drawn at random from a small pool of sentences, which now and then reads as a
    cue-less topic shift to the loader's fallback (a competitor named with no
    word of the story). A benchmark corpus must have the stories it planned; the
    fallback's accuracy is measured on hand-written transcripts
    (benchmarks/loader_accuracy.py), not here. `verify()` runs the loader as
    users do, fallback included, and reports where the two differ.
    """
    from newskb.extract import segments

    original, shift = _loader.load_kb, segments._cueless_start
    _loader.load_kb = lambda root="entries", strict=False: kb  # type: ignore[assignment]
    segments._cueless_start = lambda *args, **kwargs: None  # type: ignore[assignment]
    try:
        yield
    finally:
        _loader.load_kb, segments._cueless_start = original, shift  # type: ignore[assignment]


def _citation(story_id: str, what: str, date: Any, verdict: str = "accurate") -> Citation:
    """A fictitious news report; a verdict other than `accurate` rests on a quoted sentence of it (C712)."""
    return Citation(
        url=f"{EXAMPLE}/{story_id}/{what}",
        title=f"Synthetic source for {story_id} ({what})",
        publisher="example.com (synthetic)",
        published=date,
        kind=SourceKind.news_report,
        excerpt=None if verdict == "accurate" else f"[synthetic] The sentence of {what} that the review rests on.",
    )


def fill_story(
    story: Story, st: StoryText, t: Transcript, rng: random.Random, source: Any, reg: Registry, orgs: dict
) -> Story:
    """The human fields, as an editor would write them after `newskb load`."""
    date = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 700))
    company = orgs[st.plan.company]
    slug = f"{_slug(company.name.en)}-{st.narration[0][0].key}-{t.id[:5]}-{st.plan.index}"
    # quotes: English (a translation), some with a note; speakers were set by the loader
    written = sorted((q.ja, q.speaker) for q in st.quotes)
    found = sorted((q.text.ja, q.speaker) for q in story.quotes)
    if written != found:
        raise AssertionError(f"{t.id} story {st.plan.index}: the loader found {found}, the generator wrote {written}")
    en_of = {q.ja: q.en for q in st.quotes}
    quotes = []
    for q in story.quotes:
        update: dict[str, Any] = {
            "text": q.text.model_copy(update={"en": f"[synthetic] {en_of[q.text.ja]}"}),
            "en_is": EnglishKind.translation,
        }
        if rng.random() < 0.3:
            update["note"] = Bilingual(
                ja="合成データ:英訳は日本語からの翻訳。原文の英語は存在しない。",
                en="Synthetic data: the English is a translation of the Japanese; no original English exists.",
            )
        quotes.append(q.model_copy(update=update))
    # claims: verbatim sentences of the story, narration and quoted
    candidates: list[tuple[Sentence, str]] = list(st.narration)
    for q in st.quotes:
        candidates.extend((s, q.speaker) for s in q.sentences)
    seen: set[str] = set()
    uniq = []
    for s, by in candidates:
        if len(s.ja) >= 8 and s.ja not in seen:
            seen.add(s.ja)
            uniq.append((s, by))
    k = min(len(uniq), rng.randint(10, 20))
    chosen = sorted(rng.sample(range(len(uniq)), k))
    claims = []
    lines = range(story.segment.first_line, story.segment.last_line + 1)
    notes: list[str] = []
    for n, i in enumerate(chosen, 1):
        s, by = uniq[i]
        verdict = _weighted(rng, VERDICTS)
        cid = f"{s.key}-{n}"
        review = Review(
            verdict=Verdict(verdict),
            note=Bilingual(
                ja=f"合成データのレビュー({verdict})。この主張は検証用に生成されたもので、実在の出来事を指さない。"
                f"参照先はexample.comの架空のページ。文字数を実データに近づけるための補足説明もここに入る。",
                en=f"Synthetic review ({verdict}). This claim was generated for benchmarking and refers to no real event; "
                f"the source below is a fictitious page under example.com. This sentence pads the note to a realistic length.",
            ),
            correction=Bilingual(
                ja="(合成)書き起こしの誤り。元の発言は別の語だった",
                en="[synthetic] a transcription error: the speaker used a different word",
            )
            if verdict == "transcription-error"
            else None,
            sources=[_citation(slug, cid, date, verdict)],
        )
        claim = Claim(id=cid, by=by, text=StatementText(ja=s.ja, en=f"[synthetic] {s.en}"), review=review)
        claims.append(_loader.refresh_claim(source, claim, lines, notes, slug))
    if notes:
        raise AssertionError(f"{t.id}: {notes}")
    people = list(st.people)
    org_ids = [o for o in st.orgs]
    tags = sorted(rng.sample(TAGS, rng.randint(5, 9)), key=TAGS.index)
    prod = reg.product_names[st.plan.product] if st.plan.product else None
    what_ja = f"新モデル{prod}" if prod else "新しい取り組み"
    what_en = f"the new model {prod}" if prod else "a new initiative"
    return story.model_copy(
        update={
            "id": slug,
            "date": date,
            "date_kind": DateKind(rng.choice(DATE_KINDS)),
            "date_source": _citation(slug, "date", date),
            "title": Bilingual(
                ja=f"{company.name.ja}、{what_ja}を発表(合成)", en=f"[synthetic] {company.name.en} announces {what_en}"
            ),
            "summary": Bilingual(
                ja=f"**合成データ**。{company.name.ja}は{date.isoformat()}、{what_ja}を発表した。"
                + "".join(s.ja + "。" for s, _ in st.narration[:3]),
                en=f"**Synthetic data.** On {date.isoformat()} {company.name.en} announced {what_en}. "
                + " ".join(s.en[:1].upper() + s.en[1:] + "." for s, _ in st.narration[:3]),
            ),
            "tags": tags,
            "people": people,
            "organizations": org_ids,
            "quotes": quotes,
            "claims": claims,
        }
    )


def generate_transcript(t_index: int, seed: int, plans: list[StoryPlan], reg: Registry, out: Path) -> dict[Path, str]:
    """Write one transcript, run the loader on it, fill the human fields; returns entry files (path -> text)."""
    t = write_transcript(t_index, seed, plans, reg)
    entries = out / "entries"
    kb = registry_kb(reg, entries, plans)
    seed_path = out / "seeds" / f"{t.id}.txt"
    seed_path.write_bytes(t.text.encode("utf-8"))
    with _registry_kb(kb):
        plan = _loader.plan_load(seed_path, entries)
    if plan.notes:
        raise AssertionError(f"{seed_path}: loader notes {plan.notes}")
    source = read_source(seed_path)
    rng = random.Random(f"newskb-entries:{seed}:{t_index}")
    orgs = {o.id: o for o in reg.orgs}
    files: dict[Path, str] = {}
    by_index = {st.plan.index: st for st in t.stories}
    for path, text in plan.files.items():
        data = yaml.load(text, Loader=_YamlLoader)
        if path.parent.name == "sources":
            src = Source.model_validate(data)
            src = src.model_copy(update={"title": src.title.model_copy(update={"en": t.title_en})})
            files[path] = _loader.render_entry(entries, path, "source", src)
            continue
        story = Story.model_validate(data)
        filled = fill_story(story, by_index[story.segment.index], t, rng, source, reg, orgs)
        new_path = _loader.story_path(entries, filled)
        files[new_path] = _loader.render_entry(entries, new_path, "story", filled)
    if len(files) != len(plans) + 1:
        raise AssertionError(f"{seed_path}: loader found {len(files) - 1} stories, wrote {len(plans)}")
    return files


def _worker(args: tuple[int, int, list[StoryPlan], Path]) -> dict[Path, str]:
    t_index, seed, plans, out = args
    return generate_transcript(t_index, seed, plans, _STATE["reg"], out)


_STATE: dict[str, Any] = {}
#: Below this many transcripts a process pool costs more than it saves.
POOL_MIN_TASKS = 8


def registry_kb(reg: Registry, entries: Path, plans: list[StoryPlan] | None = None) -> KnowledgeBase:
    """The registries as `load_kb` would read them: all of them, or only what `plans` can name.

    Restricting to the entities a transcript's plans use (companies, other
    organisations, products, speakers, their affiliations, publications) gives
    the loader the same mentions and attributions as the full registry,
    because generated aliases never occur in text that does not name them
    (family names are checked against the templates, Latin names are
    word-bounded and reserved); `verify()` checks this with the full loader.
    It keeps the loader's entity regex small: with the full registry at
    N=10,000 (~25,000 aliases) compiling it takes ~3 s and each search ~30 ms.
    """
    kb = KnowledgeBase(root=entries)
    if plans is None:
        kb.people.update((p.id, p) for p in reg.people)
        kb.organizations.update((o.id, o) for o in reg.orgs)
        kb.products.update((p.id, p) for p in reg.products)
        return kb
    people = {pid for pl in plans for pid in pl.speakers}
    orgs = {o for pl in plans for o in (pl.company, pl.other, pl.publication) if o}
    orgs |= {a for pid in people for a in reg.person(pid).affiliations}
    products = {pl.product for pl in plans if pl.product}
    kb.people.update((i, reg.person(i)) for i in sorted(people))
    kb.organizations.update((i, reg.org(i)) for i in sorted(orgs))
    kb.products.update((i, reg.product(i)) for i in sorted(products))
    return kb


def generate(n_stories: int, seed: int, out: Path, jobs: int = 1, quiet: bool = True) -> dict[str, float]:
    """Write the corpus to `out` (replacing it). Returns timings in seconds."""
    if n_stories < MIN_STORIES:
        raise ValueError(f"a corpus needs at least {MIN_STORIES} stories (got {n_stories}): {MIN_STORIES_WHY}")
    t0 = time.perf_counter()
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    entries = out / "entries"
    for d in (out / "seeds", entries / "sources", entries / "stories", entries / SCHEMA_DIR):
        d.mkdir(parents=True)
    rng = random.Random(f"newskb-registry:{seed}")
    reg = build_registry(n_stories, rng)
    corpus = plan_corpus(n_stories, reg, rng)
    reg = planned_only(reg, corpus)
    for name, key, model in (
        ("people.yaml", "people", PeopleFile(people=reg.people)),
        ("organizations.yaml", "organizations", OrganizationsFile(organizations=reg.orgs)),
        ("products.yaml", "products", ProductsFile(products=reg.products)),
    ):
        path = entries / name
        path.write_text(dump_yaml(to_data(model), schema_ref(path, key, entries)), encoding="utf-8")
    for kind, model in FILE_MODELS.items():  # as `newskb schema` writes them
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        (entries / SCHEMA_DIR / f"{kind}.schema.json").write_text(
            json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )
    t1 = time.perf_counter()
    tasks = [(i, seed, plans, out) for i, plans in enumerate(corpus)]
    _STATE.update(reg=reg)
    written = 0
    if jobs > 1 and len(tasks) >= POOL_MIN_TASKS:
        import multiprocessing as mp

        with mp.get_context("fork").Pool(jobs) as pool:
            for files in pool.imap(_worker, tasks, chunksize=8):
                written += _write(files)
    else:
        for task in tasks:
            written += _write(_worker(task))
    t2 = time.perf_counter()
    (out / STAMP).write_text(json.dumps(stamp(n_stories, seed), sort_keys=True) + "\n", encoding="utf-8")
    if not quiet:
        print(
            f"{out}: {len(corpus)} transcripts, {n_stories} stories, {len(reg.people)} people, "
            f"{len(reg.orgs)} organisations, {len(reg.products)} products; "
            f"registries {t1 - t0:.1f}s, transcripts+entries {t2 - t1:.1f}s",
            file=sys.stderr,
        )
    return {"registries_s": t1 - t0, "transcripts_s": t2 - t1, "transcripts": len(corpus), "files": written}


STAMP = "corpus.json"
#: Bump when a change to this file changes its output, so cached corpora are regenerated.
CORPUS_VERSION = 1


def stamp(n_stories: int, seed: int) -> dict[str, Any]:
    """What identifies a generated corpus: a cached one is reused only if this matches."""
    return {
        "stories": n_stories,
        "seed": seed,
        "version": CORPUS_VERSION,
        "synthetic": "generated by benchmarks/corpus.py; names are invented, URLs are under example.com",
    }


def is_current(out: Path, n_stories: int, seed: int) -> bool:
    try:
        return json.loads((Path(out) / STAMP).read_text(encoding="utf-8")) == stamp(n_stories, seed)
    except (OSError, ValueError):
        return False


def _write(files: dict[Path, str]) -> int:
    for path, text in files.items():
        path.write_bytes(text.encode("utf-8"))
    return len(files)


def verify(out: Path, seeds: list[Path] | None = None) -> list[str]:
    """Problems found by re-running the real, unpatched loader (`newskb load --check`) on the corpus."""
    problems: list[str] = []
    for seed in seeds or sorted((Path(out) / "seeds").glob("*.txt")):
        plan = _loader.plan_load(seed, Path(out) / "entries")
        problems += [f"{seed}: {n}" for n in plan.notes]
        problems += _loader.diff(plan)
    return problems


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--stories", type=int, required=True)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes (output is identical)")
    p.add_argument("--verify", type=int, default=0, metavar="K", help="re-run the real loader on K transcripts")
    args = p.parse_args(argv)
    if args.stories < MIN_STORIES:
        p.error(f"--stories must be at least {MIN_STORIES}: {MIN_STORIES_WHY}")
    generate(args.stories, args.seed, args.out, jobs=args.jobs, quiet=False)
    if args.verify:
        seeds = sorted((args.out / "seeds").glob("*.txt"))
        sample = random.Random(args.seed).sample(seeds, min(args.verify, len(seeds)))
        problems = verify(args.out, sorted(sample))
        for prob in problems:
            print(prob, file=sys.stderr)
        print(f"verify: {len(sample)} transcripts, {len(problems)} problems", file=sys.stderr)
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
