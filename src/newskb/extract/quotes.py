"""Quoted statements and who said them.

A transcript marks quotations with 「…」 and quotations inside them with 『…』;
the same brackets also mark terms and titles (「GPT-3の瞬間」, 『開ける』,
『ハンガー・ゲーム』). A span is a *statement* when it stands as a sentence of
its own: it closes a sentence (nothing, 。 or a speech verb such as
…』と彼は強調しました / …」って言うてはった follows it) and either opens one
(it starts a line, follows an attribution such as …こう言うてはったわ。,
ジム・ファンさん:, Xによると or Xさんも, or follows the end of a sentence) or
is sentence-sized. Anything else is a *term* (「GPT-3の瞬間」が…, 『開ける』って言葉…).

Attribution follows the narration's own forms, in this order (the rules of
docs/loader.md): dialogue (`名前さん:「…」`), continuation (a line that is
nothing but a quote, right after a quote line, keeps that speaker), an article
quoted as a whole (記事にはこう書いてあるで。「…」, attributed to the
publication the story names), according-to (`Xによると「…」`), a direct
attribution (the person named before a speech verb: `Xさんはこう言うてはった。「…」`),
an after-quote attribution (`「…」とXさんは述べた`, `Xさんも「…」って言うてはった`),
and statements nested inside another quote (the person the outer text names).
References back — a role alone (社長:), a family name (田中CEO, 佐々木さん),
同社/同省 — resolve through `Referents`, the people and organisations the
transcript has named so far: the most recent one that fits.
A span that the words around it call a caption, slogan, title, hashtag or
name (`is_label`) is never a statement. An organisation speaks through its
spokesperson or official account (OpenAIの広報担当者は → OpenAI); the narrator
quoting themself (私、前の動画で「…」って言った) is the name given in the greeting
(`narrators`); a voice is its named source's (Xさんから「…」って質問) or nobody's.
The speaker is a registry person or organisation found by alias; a name the
registries do not have (a katakana, Latin or kanji name with an honorific or
title: さん, 氏, 社長, CEO…) is kept as written in `name` with the speaker
`unknown`, for the loader to propose. When no form applies the speaker is
unknown — never guessed.

Every window the rules look at is bounded (`WINDOW` characters around a span,
hits found by bisection), so the work is linear in the number of quotes even
when thousands of them share one line.
"""

from __future__ import annotations

import bisect
import re
import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from ..models import UNKNOWN, Attribution
from ..source import SourceText
from .mentions import NOT_NAMES, EntityIndex, Hit
from .segments import Section

OPEN_TO_CLOSE = {"「": "」", "『": "』"}

#: How far before or after a span the rules look (a sentence is far shorter).
WINDOW = 240

#: Text right before a quote that says "it is written": with ARTICLE_WORD, the speaker is the publication.
ARTICLE_CUE = re.compile(
    r"(書いて|書かれて|伝えて|報じて|報道して|載って|続け|続く|紹介され|引用され)[^。「」『』]*[。:：]\s*$"
)
ARTICLE_WORD = re.compile(
    r"記事|レポート|報道|論文|ブログ|声明|発表文|プレスリリース|報告書|報告|資料|投稿|サイト|"
    r"改訂版|指針|ガイドライン|利用規約|規約"  # a body's own rules or guideline document
)
#: Text right before a quote that reports speech: the speaker is the person just named.
SPEECH_VERB = (
    r"(?:言う(?!言葉|こと)|言っ|言い(?!方)|言わ|言うて|話し|話して|述べ|語っ|語り|警告|主張|強調|批判|発言|投稿|ツイート|"
    r"コメント|説明|指摘|明かし|答え|付け加え|呼びかけ|訴え|断言|認め|発表|書い|書き(?!方)|綴っ|綴り|記し|つぶやい|つぶやき|"
    r"つぶやく|振り返|話してい|話す|語る|述懐|強く|分析|解説|予測|予想|打ち明け|こぼし|こぼす|こぼれ|伝え|報じ|"
    r"ポスト|茶化|ちゃか|からか|皮肉|反論|問いかけ|返し|返信|応じ|書き込|謝罪|表明|釘を刺|念を押|補足|力説|熱弁|"
    r"豪語|言い切|断じ|語りかけ|ツッコ|つっこ|突っ込|疑問を呈|警鐘を鳴ら|評価|評し|苦言|称賛|絶賛|歓迎|疑問視|否定|反発|"
    r"一蹴|太鼓判を押|褒め|ほめ|称え|たたえ|けな|こき下ろ|励ま|続け|続ける)"
)
SPEECH_CUE = re.compile(SPEECH_VERB + r"[^。「」『』]*[。:：]\s*$")
#: Text right before a quote that gives its source: Xによると「…」, X曰く「…」.
#: The source-giving particles: Xによると, Xによりますと, Xによれば, Xいわく.
BY = r"(?:によると|によりますと|によれば|いわく|曰く|に言わせると|に言わせれば|の話では|の話だと|に聞くと|に聞いたところ)"
ACCORDING_TO = re.compile(BY + r"[、,]?\s*$")
#: Dialogue form: the line opens with a name and a colon.
DIALOGUE = re.compile(
    r"^\s*(?P<name>[^「」『』。、:：【】]{1,40}?)\s*[:：]\s*$|^\s*【(?P<label>[^「」『』。、:：【】]{1,40}?)】\s*[:：]?\s*$"
)
#: Verbs of manner that, after a quote, report it as said (…」って笑ってはった, …」と胸を張った,
#: …」との考えを示しました).
MANNER_VERB = (
    r"(?:笑っ|笑い|笑顔で|苦笑|胸を張|意気込|力を込め|声を弾ませ|ぼやい|嘆い|漏らし|叫ん|明言|宣言|回想|締めくく|"
    r"(?:期待|自信|意欲|懸念|不安|決意|考え|見方|見通し|認識|方針|姿勢|立場)を(?:込め|示|見せ|強調|明らか))"
)
#: Text right after a quote that reports speech (…』と彼は強調しました, …」ってXさんが言うてはった); not という /
#: っていう, which make the bracket a name (「ミナト」という新製品を発表した: the product is announced, not said).
SPEECH_AFTER = re.compile(
    r"^\s*(?:と(?!いう|いった)|って(?!いう)|とも|なんて|などと)、?(?P<who>[^。「」『』]{0,30}?)(?:"
    + SPEECH_VERB
    + "|"
    + MANNER_VERB
    + ")"
)
#: The Kansai quotative: 「…」っちゅう声 is 「…」という声, 「…」っちゅうてはった is 「…」って言うてはった.
KANSAI_TO_IU = r"(?:っちゅう|ちゅう|っちゅー)"
#: Text right after a quote given as hearsay (Xによると「…」らしいで, …とのことです).
HEARSAY_AFTER = re.compile(
    r"^\s*(?:らしい|そうや|そうです|そうだ|だそう|なんだそう|やそう|とのこと|って話|という話|ってこと|ということ|という[。、]|だという[。、]|だということ|だといいます|だとのこと|といいます|んやて|んだって|んですって|やって|やて|だって|ですって)"
)
#: Text right after a quote that reports it as something people said (…」という質問も出ました, …』って声も).
#: What people said, as a noun (声, 質問, ツッコミ…): a voice after a quote.
VOICE_NOUN = (
    r"(?:(?<![音発])声|質問|意見|コメント|指摘|反応|書き込み|見方|見解|懸念|ツッコミ|突っ込み|つっこみ|苦情|批判|悲鳴|歓声|反響|投稿|ポスト|ツイート|"
    r"リプライ|リプ|感想|要望|不満|不安|疑問の声|苦言|怒り|嘆き)"
)
VOICE_AFTER = re.compile(
    r"^\s*(?:って|という|なんて|との|みたいな|のような|といった|"
    + KANSAI_TO_IU
    + r")[^。「」『』]{0,8}?"
    + VOICE_NOUN
    + r"|^\s*と(?:驚く|喜ぶ|嘆く|戸惑う|戸惑い|期待する|歓迎する|心配する|不安がる|冷める|あきれる|呆れる)(?:声|反応)"
    r"|^\s*の(?:声|意見)(?:が|も|は|を)"  # 会場からは「…」の声が上がった
    r"|^\s*が口癖"
)
#: A quotative, then the people who voice it or the voice itself, any verb between (「…」と首をかしげる人も多い,
#: 「…」と不安視する声も上がる): unnamed people's words, for words that end as a sentence; not words written or
#: shown (「…」と書かれた札を持つ人).
PEOPLE_VOICE_AFTER = re.compile(
    r"^\s*(?:と|って)(?!書|描|貼|掲|記|刻|印刷|表示|呼|名付|名づけ)[^。「」『』、]{0,10}?"
    r"(?:(?<![音発])声|反応|人|人々|人たち|向き|ユーザー|利用者|住民|ファン)(?=が|も|は|を|に|、|。|$)"
)
#: Text right after a quote that names what it is as a label, not speech: a caption, slogan, hashtag, title or name
#: (「…」ってテロップ, 「…」ってキャッチコピーが書いてあった, 「…」という名前) — the words shown, not someone's statement.
LABEL = (
    r"(?:キャッチコピー|キャッチフレーズ|コピー|スローガン|標語|合言葉|謳い文句|うたい文句|見出し|タイトル|題名|テロップ|字幕|ハッシュタグ|"
    r"タグ|看板|ロゴ|名前|名称|愛称|呼び名|商品名|製品名|サービス名|社名|番組名|チャンネル名|"
    # an idea or a question named as a theme (「…」という発想, 「学習は自由か」という問い), not asked of anyone
    r"発想|問い(?!かけ|合わせ))"
)
LABEL_AFTER = re.compile(r"^\s*(?:って|という|っていう|といった|との|の|と|" + KANSAI_TO_IU + r")?\s*" + LABEL)
#: Text right before a quote that introduces it as a label (テロップには「…」, キャッチコピーは「…」, 画面に「…」).
LABEL_BEFORE = re.compile(
    LABEL + r"(?:は|が|も|に|にも|で|には)?[、:：]?\s*$"
    r"|(?:画面|画面上|箱|パッケージ|看板|ポスター|張り紙|貼り紙|チラシ|Tシャツ|ラベル|垂れ幕|横断幕|のぼり|ステッカー)"
    r"(?:に|には|にも|上に)[、]?(?:大きく|でかでかと)?\s*$"
    # a verdict or rating given as a label (判定は「ミスリーディング」とします)
    r"|(?:判定|格付け|区分|等級)(?:は|を|が)[、]?\s*$"
)
#: Survey wording: the words as the answer people chose, on the noun counting them (「…」と答えた高校生は48%).
SURVEY_AFTER = re.compile(r"^\s*(?:と|って)(?:答え|回答し)た(?=[一-龥ァ-ヴー])(?!後|あと|上)")
#: A naming verb after the quote (「…」と呼んだ, 「…」と名付けた, 「…」と題された): the bracket holds a name.
NAMING_AFTER = re.compile(
    r"^\s*(?:と|って)(?:呼(?!びかけ|び掛け)|名付け|名づけ|命名|称し|称す|題し|題され|銘打|うた[っいう]|謳"
    # … or shown: 「Hello, world!」と表示される, 「エラー」って出た
    r"|表示|出る|出て|出た|出ま|映し出|印刷|刻ま|点灯)"
)
#: Utterance nouns after a quote (「…」という一言, 「…」との発言): the words of the person the sentence names.
UTTERANCE_AFTER = re.compile(
    r"^\s*(?:という|っていう|って|との|なんて|みたいな|"
    + KANSAI_TO_IU
    + r")[^。「」『』]{0,6}?(?:一言|ひとこと|発言|セリフ|台詞|名言|言葉を残|"
    r"メッセージ|お便り|おたより|メール|感想|問いかけ|答え|回答|返事)"
)
#: Quotes listed together before a voice noun (「…」とか「…」とか、いろんな声; 「…」や「…」といった意見).
VOICE_LIST = re.compile(
    r"^\s*(?:(?:とか|や|など|、)[、]?|(?=[「『]))(?:[「『][^「」『』]*[」』](?:とか|や|など)?[、]?)*"
    r"[^。「」『』]{0,12}?" + VOICE_NOUN
)
#: A quote closed by と / って with the speech verb left out (…その方のコメントが、「…」と。).
ELLIPTIC_AFTER = re.compile(r"^\s*(?:と|って)[。!！]")
#: Text right after a quote that reports a statement (…」としています, …」とした, …」としてはります).
STANCE_AFTER = re.compile(r"^\s*と(?:して(?:い|は[りるっ]|お[りる]|る)|し(?:た|ま))")
#: A quotative particle after a quote followed by some predicate (…」って注文をつけてはった, …」とみています,
#: …」と疑問を投げかけました): with a subject before the quote and words that end as a sentence inside, the words
#: are that subject's, whatever the verb (no verb list can be complete). Not と as "with / as / than" (と同じ,
#: とは, との, とか, という: other rules read those), nor a naming (is_label wins first).
QUOTATIVE_AFTER = re.compile(
    r"^\s*(?:とも|などと|なんて|だと|って|と|"
    + KANSAI_TO_IU
    + r")(?!\s*(?:同じ|同様|比べ|比較|並[ぶびん]|共に|ともに|一緒|いう|いっ|言う|言っ|の(?!立場|考え|姿勢|方針|認識|見通し|意向|見方|見解|声明|コメント|談話|メッセージ)[^ぁ-ゖ]|"
    r"(?:言葉|言い回し|表現|フレーズ|単語|意味)(?=が|は|の|で|と|も|、)|"
    r"は|か|して(?!い|は|お|る)|なる|なっ|なり|、\s*[「『]|[。,!！?？」』]))[、]?[^。「」『』]{1,40}?(?:[。!！?？]|$)"
)
#: A topic set off by a comma, then a longer stretch before the quote (X博士は、発表された数字について「…」と…):
#: the comma closes the subject, so what follows it up to the quote is the clause's adverbial, not a new subject.
TOPIC_IN_CLAUSE = re.compile(r"(?:は|も|が)[、,][^。「」『』]{0,32}$")
#: A quote first, then と / って, the speaker with an honorific or title as the subject, any predicate
#: (「…」と森社長は首をかしげた, 「…」ってXさんが苦笑いしとった).
QUOTATIVE_NAMED_AFTER = re.compile(
    r"^\s*(?:と|って|とも)、?(?P<who>[^。「」『』、]{1,30}?"
    + r"(?:さん|氏|様|社長|会長|CEO|教授|准教授|博士|議員|代表|所長|"
    r"弁護士|医師|先生|記者|監督|選手|知事|市長|大臣|首相|大統領))(?:は|が|も)[、,]?[^。「」『』]{1,40}?(?:[。!！?？]|$)"
)
#: A span shorter than this after a quotative (『開ける』って動詞) is a word, unless it holds punctuation.
QUOTATIVE_MIN_CHARS = 6
#: A span this long or containing sentence punctuation is a statement even mid-sentence.
STATEMENT_MIN_CHARS = 20
#: Before a quote closed by a speech verb: the subject that says it (Xさんも「, Xさんは「, Xが「).
SUBJECT_BEFORE = re.compile(r"(?:は|も|が|" + BY + r")[、,]?\s*$")

#: A subject earlier in the clause before a quote closed by a speech verb (Xは声明で「…」と発表した).
SUBJECT_IN_CLAUSE = re.compile(r"(?:は|も|が)[、,]?[^。「」『』]{0,16}$")
#: The narrator as the subject of the clause, its particle often dropped in speech (私、前の動画で「…」って言った).
FIRST_PERSON = re.compile(
    r"(?<![一-龥ァ-ヴー])(?:私|僕|俺|わたし|あたし|ぼく|おれ|うち|ウチ|ワイ|わい|わし|オレ|ボク|自分)(?:は|も|が|[、,])[^。「」『』]{0,16}$"
)
#: Sentence punctuation inside a span: full width, or a half-width ? / ! right after Japanese (大丈夫なんか?), as
#: transcripts type it; not after Latin letters (「Yahoo!」, 「Who?」 are names).
SENTENCE_MARK = re.compile(r"[。！？]|(?<=[ぁ-ゖァ-ヴー一-龥])[?!]")
#: A sentence that ends inside the brackets (English included: …we're close.).
SENTENCE_END = re.compile(r"[。！？!?.]\s*$")
#: Words that end as a sentence does: a predicate's kana ending or sentence punctuation (a noun phrase does not).
SENTENCE_LIKE = re.compile(r"[ぁ-ゖ。！？!?.]\s*$")
#: A dash after a quote, the sentence that names its speaker after it (「…」――Xはそう言い切った).
DASH = re.compile(r"\s*[―—–]{1,2}\s*")
#: English words ending as a sentence does (two words at least: 「Yahoo!」 is a name).
ENGLISH_SENTENCE = re.compile(r"\s*[A-Za-z][^ぁ-ゖァ-ヴー一-龥]*\s[^ぁ-ゖァ-ヴー一-龥]*[.!?]\s*")
#: Honorifics and titles that follow a name (and are not part of it).
HONORIFIC = (
    r"(?:さん|氏|様|さま|くん|君|ちゃん|社長|会長|副社長|CEO|ＣＥＯ|CTO|COO|CFO|教授|准教授|博士|"
    r"(?:上院|下院|衆議院|参議院|衆院|参院|州|市|県|都)?議員|"
    r"大統領|首相|大臣|長官|代表|所長|部長|室長|局長|記者|選手|監督|先生|創業者|研究員|研究者|氏ら|弁護士|医師|判事|"
    r"裁判官|検事|知事|市長|町長|村長|会計士|税理士|講師|助教|学長|総裁|理事長|委員長|議長|副学長|学部長|教諭|校長|教頭|"
    r"園長|院長|理事|顧問|主任|課長|係長|支店長|店長|編集長|特任教授|名誉教授|社外取締役|取締役|執行役員|専務|常務|"
    r"(?<=[一-龥々])[一二三四五六七八九]段|名人|竜王)"  # a shogi or go player's rank (早乙女翔太七段)
)
#: A name's reading in parentheses between it and its honorific (石動遥(いするぎ・はるか)氏): not part of the name.
READING = r"(?:[(（][ぁ-ゖァ-ヴー・\s]{2,24}[)）])?"
#: A quote closed by と and the speaker's name and title, the verb left out (「…」と、開発者の山田さん。).
NAMED_ELLIPTIC = re.compile(r"^\s*(?:と|って)、?(?P<who>[^。「」『』]{1,30}?" + HONORIFIC + r")\s*(?:[。!！]|$)")
#: What a title's prefix or a kanji role noun is, never a name (副学長, 元社長; 視聴者さん, 店員さん, 学生さん).
NOT_A_KANJI_NAME = re.compile(
    r"[副元前現新同初]|共同|筆頭|[一-龥]{1,2}[者員民手]|学生|生徒|職人|農家|大家|若者|友人|知人|主婦|子供|子ども"
)
#: Dialogue without a colon: the line opens with a name and its title, then the quote (石井さん「…」).
NAMED_OPENING = re.compile(r"^\s*(?P<name>[^「」『』。、:：\s]{0,30}?" + HONORIFIC + r")\s*$")
KATAKANA_NAME = r"[ァ-ヴー][ァ-ヴー]+(?:[・＝=][ァ-ヴー]+)*"
LATIN_NAME = r"[A-ZÀ-Þ][A-Za-zÀ-ÿ.\-]+(?: [A-ZÀ-Þ][A-Za-zÀ-ÿ.\-]+){0,3}"  # accents too: Théo, Zoë
#: A kanji name: up to five characters where kanji begin after kana or punctuation (研究する小野寺真理准教授),
#: else the last four (so a title or place written before it is not taken in).
#: (A title's first character is not the name's last: 中川里美|准教授, 田村|社長兼CEO.)
KANJI_NAME = (
    r"(?<![一-龥々])[一-龥々]{2,5}(?<![准副兼])(?=" + READING + r"\s?" + HONORIFIC + r")"
    # six kanji right after の or 、 that close a title (衆議院議員の大河内誠一郎氏): a long family name, whole
    + r"|(?<=[の、])[一-龥々]{6}(?<![准副兼])(?=" + READING + r"\s?" + HONORIFIC + r")"
    + r"|[一-龥々]{1,4}(?<![准副兼])"
)
#: A kanji family name with a given name in hiragana (佐々木ゆかり): the kana never opens with a particle nor
#: ends as a verb or adjective does (担当した教授, 取材した記者 are no names).
_KANA_GIVEN = (
    r"(?<![たてだでいうくすずぬむん])"
    r"(?<!する|れる|ける|せる|める|べる|てる|ねる|げる|える|いる|なる|ある|きる|じる|びる|みる)"
)
KANJI_KANA_NAME = (
    r"(?:[一-龥々]{2,3}(?![のはがをにでともやへ])(?:(?!っ)[ぁ-ゖ]){2,3}"
    + _KANA_GIVEN
    # … or ending in one kanji (川端ゆり子, 石田まな美), right before the honorific
    + r"|[一-龥々]{2,3}(?![のはがをにでともやへ])(?:(?!っ)[ぁ-ゖ]){1,2}"
    + _KANA_GIVEN
    + r"[一-龥々](?=\s?"
    + HONORIFIC
    + "))"
)
#: A pen name or handle mixing katakana and kanji (ロボ太郎様); a kanji tail naming a trade (工学者, 担当員) is no name.
PEN_NAME = r"[ァ-ヴー]{2,}[一-龥々]{0,2}(?<![者家員官士師長手人])[一-龥々](?<![者家員官士師長手人])"
#: An organisation's name with a Latin acronym inside it (欧州AIオフィス, 日本DXアライアンス).
MIXED_ORG = r"(?!公式)[一-龥]{1,4}[A-Z][A-Za-z0-9]*[一-龥]{0,4}[ァ-ヴー]{2,}(?:・[ァ-ヴー]+)*"  # 欧州AI監査フォーラム too
#: A kanji family name with a katakana given name (林田ケンジ): the kanji not a role noun (研究者ケンジ is none).
KANJI_KATAKANA_NAME = r"(?<![一-龥々])[一-龥々]{1,3}(?<![者員家手民])[ァ-ヴー]{2,5}(?=\s?" + HONORIFIC + ")"
#: A kanji family name with a kana given name ending as a verb might (国枝ゆう), before さん/氏/様 only: no verb
#: stands right before those.
KANJI_KANA_NAME_POLITE = r"[一-龥々]{2,3}(?![のはがをにでともやへ])(?:(?!っ)[ぁ-ゖ]){2,3}(?<![たてだで])(?=さん|氏|様)"
#: An unregistered person: a name followed by an honorific or title.
PERSON_NAME = re.compile(
    rf"(?P<name>{PEN_NAME}|{KATAKANA_NAME}|{LATIN_NAME}|{KANJI_KATAKANA_NAME}|{KANJI_KANA_NAME}|"
    rf"{KANJI_KANA_NAME_POLITE}|{KANJI_NAME}){READING}\s?{HONORIFIC}(?!会|団|クラブ)"  # 日本医師会, 弁護士会: a body
)
#: Latin words that end an organisation's name, not a person's (Hugging Face, Mistral AI, Acme Labs).
LATIN_ORG_WORD = (
    r"(?:Inc|Corp|Co|Ltd|LLC|Labs?|AI|Group|Systems|Technologies|Tech|Robotics|Research|Institute|Foundation|Capital|"
    r"Ventures|Platforms|Networks|Media|News|Studios?|Energy|Motors|Health|Bank|University|Cloud|Dynamics|"
    r"Analytics|Intelligence|Computing|Software|Semiconductors?|Partners|Holdings|Times|Post|Journal|Review)"
)
LATIN_ORG_NAME = re.compile(rf"\b{LATIN_ORG_WORD}\b")
#: A person's name in Latin script: given name and family name, each capitalised (John Smith, Margaret Holloway).
LATIN_FULL_NAME = r"[A-ZÀ-Þ][a-zß-ÿ]+(?: [A-ZÀ-Þ][a-zß-ÿ]+)+"
#: An unregistered person named without honorific, as the subject right before a quote or a speech verb.
BARE_PERSON = re.compile(
    rf"(?P<name>{KATAKANA_NAME}|{LATIN_FULL_NAME}"
    # a kanji name right after the job it holds (弁護士の久我山透子は, 作家の…): a noun for a person, then の
    r"|(?<=[者家士員師手官]の)[一-龥々]{3,5})(?=(?:は|が|も)[、,]?)"
)
#: A family name in Latin script alone (Smithは): a person only as the short form of a full name written before.
LATIN_SURNAME = re.compile(r"(?<![A-Za-z] )(?<![A-Za-z])(?P<name>[A-Z][a-z]+)(?=(?:は|が|も)[、,]?)")
#: A pen name given as one (ペンネーム、しろくま先輩さん / ラジオネーム:ぽんず様): whatever script it is written in.
PEN_NAME_GIVEN = re.compile(
    r"(?:ペンネーム|ラジオネーム|ハンドルネーム|ユーザー名|アカウント名|リスナーの|視聴者の|読者の)[、:：\s]*(?P<name>[^、。「」『』\s]{1,12}?)"
    r"(?=さん|様|さま|くん|ちゃん)"
)
#: A name written in brackets with an honorific (ラジオネーム「ぽんず」さん): a pen name, a person.
BRACKETED_NAME = re.compile(r"[「『](?P<name>[^「」『』。、!！?？\s]{1,12})[」』](?=さん|様|さま|くん|君|ちゃん)")
#: How an organisation speaks: its spokesperson, staff or official account (OpenAIの広報担当者は, Xの公式アカウントも).
CHANNEL = (
    r"(?:広報担当者|広報担当|広報部|広報|報道官|担当者|公式(?:X|Ｘ|Twitter|ツイッター|ブログ|サイト|YouTube|"
    r"インスタグラム|Instagram)?(?:アカウント)?)"
)
CHANNEL_SUBJECT = re.compile(r"の?" + CHANNEL + r"(?=は|が|も|" + BY + ")")
#: An unregistered name that speaks as an organisation: through a channel (ピクセリアの公式Xは), or bare, without
#: honorific, in an official statement or account (ピクセリアは公式Xで, ヴァルダ・ラボは声明で), or with an acronym
#: inside (欧州AIオフィスは).
ORG_VOICE = re.compile(
    rf"(?P<name>{MIXED_ORG})(?=(?:は|が|も)[、,]?|の)"
    rf"|(?P<inst>{KATAKANA_NAME}|{LATIN_NAME})(?=の?{CHANNEL}(?:は|が|も|で|{BY})|(?:は|が|も)[、,]?"
    r"(?:公式|声明|プレスリリース|発表文|リリース)|の(?:声明|発表|プレスリリース|談話|コメント))"
)
#: An unregistered organisation: a company name with 社, or a name the text gives as a source (Xによると).
_INSTITUTION = (
    r"(?P<inst>(?!同)[一-龥ァ-ヴーA-Za-z0-9](?:[一-龥ァ-ヴーA-Za-z0-9]|・(?=[ァ-ヴー])){0,13}(?:機構|協会|委員会|評議会|審議会|協議会|学会|連盟|連合会|議会|[師士]会|組合|研究所|財団|連合|当局|庁|省|大学|銀行|新聞|"
    r"精機|電子|電機|工業|製作所|運輸|商事|重工|製薬|証券|物産|"
    # a government office or a police force (州水資源局, 著作権局, 大阪府警), a news agency or paper (…通信, …新報),
    # a maker named for its trade (…光学, …計測, …化学): words that end only an organisation's name
    r"(?<!事務)(?<!編集)局|[府県道]警|警察|通信社?|新報|日報|光学|計測|化学))"
)
ORG_NAME = re.compile(
    rf"(?P<name>{KATAKANA_NAME}|{LATIN_NAME})(?:社)|"
    + _INSTITUTION
    # an acronym in brackets may follow the name: 米連邦取引委員会(FTC)は
    + r"(?=(?:[(（][A-Za-z0-9・ー\s]{1,12}[)）])?(?:は|が|も|によると|によりますと|によれば|の(?:声明|発表)|の?"
    + CHANNEL
    + r"(?:は|が|も|"
    + BY
    + ")))"
)
#: An organisation the narration names, as a referent for 同社/同省 (any particle may follow: カモメ精機の社長…).
ORG_MENTION = re.compile(
    rf"(?P<name>{KATAKANA_NAME}|{LATIN_NAME})(?:社)|(?P<mixed>{MIXED_ORG})(?=[ぁ-ゖ、])|"
    + _INSTITUTION
    + r"(?=[ぁ-ゖ、])"
)
#: An organisation named by what it is (国内のスタートアップ北斗インテリジェンスは, ミナモっていう会社): a referent.
APPOSED_ORG = re.compile(
    r"(?:スタートアップ|新興企業|企業|会社|メーカー|団体)(?:、|の)?"
    # the name may end in a kanji trade word (ミライ計測, ヒカリ光学)
    r"(?P<name>[一-龥]{0,3}[ァ-ヴー][ァ-ヴー・]+(?:[一-龥]{2}(?=[はがも、]))?|[A-Z][A-Za-z]+)"
    r"(?=[はがもの、を])"
    rf"|(?P<inst>{KATAKANA_NAME}|{LATIN_NAME})(?:っていう|という|といった)(?:会社|企業|スタートアップ|メーカー)"
)
#: A publication the narration quotes (The Informationの記事によると): the author of a later 記事はさらに…。「…」.
AUTHOR_OF = re.compile(r"の(?:記事|報道|レポート|取材|調べ|報告)|誌")
PUBLICATION = re.compile(rf"(?P<name>{KATAKANA_NAME}|{LATIN_NAME})(?={AUTHOR_OF.pattern})")
#: A job title written before a name (社長は林浩之さん, CEOのデミス・ハサビスさん): the person's title.
TITLE_BEFORE = re.compile(
    r"(?P<role>社長|会長|副社長|CEO|ＣＥＯ|CTO|COO|CFO|教授|准教授|博士|代表|所長|部長|創業者)(?:は|の|、|である)?$"
)
SOURCE_NAME = re.compile(
    rf"(?P<name>{KATAKANA_NAME}|{LATIN_NAME})(?=(?:の(?:記事|発表|声明|報道|ブログ))?(?:によると|によりますと|によれば))"
)
#: The last word of a katakana name that makes it an organisation (ヴォルタ・エナジー, ヘリックス・ラボ).
ORG_WORD = re.compile(
    r"(?:エナジー|エネルギー|ラボ|ラボズ|ロボティクス|テクノロジー|テクノロジーズ|システムズ|エレクトロニクス|モーターズ|"
    r"ソフト|ネットワークス|グループ|ホールディングス|インダストリーズ|コーポレーション|パワー|バイオ|メディア|ニュース|"
    r"スタジオ|スタジオズ|キャピタル|ファンド|ベンチャーズ|アナリティクス|ダイナミクス|AI|オフィス|センター|"
    r"インスティテュート|ファウンデーション|アソシエーション|コンソーシアム|アライアンス|イニシアチブ|ネットワーク|ジャパン|フォーラム|トラスト|"
    r"モビリティ|ソリューションズ|パートナーズ|ワークス|インク)$"
)
#: Pronouns that refer back to the last person named.
PRONOUN = re.compile(r"(?:彼|彼女|同氏|この人)(?:は|が|も)")


@dataclass
class Span:
    """One bracketed span: offsets are of the inner text, in the whole source."""

    open: str
    start: int
    end: int
    line: int
    depth: int
    parent: Span | None = None
    statement: bool = False


@dataclass
class Statement:
    """A quoted statement with its speaker as the source gives it."""

    span: Span
    text: str
    speaker: str = UNKNOWN
    attribution: Attribution = Attribution.unattributed
    via: str | None = None
    evidence: list[Hit] = field(default_factory=list)
    name: str | None = None
    """A speaker the text names but no registry has: the name as written, without honorific."""
    name_kind: str | None = None
    """`person` or `organization`, for `name`."""
    written: str | None = None
    """The short form the text uses here for `name` (佐々木 for 佐々木ゆかり), to propose as an alias."""

    @property
    def line(self) -> int:
        return self.span.line


@dataclass
class Unbalanced:
    line: int
    column: int
    char: str


def find_spans(source: SourceText, lines: range) -> tuple[list[Span], list[Unbalanced]]:
    """Every 「…」/『…』 span on the given lines (spans do not cross lines)."""
    spans: list[Span] = []
    problems: list[Unbalanced] = []
    for n in lines:
        base = source.line_starts[n - 1]
        stack: list[Span] = []
        for i, ch in enumerate(source.line(n)):
            if ch in OPEN_TO_CLOSE:
                span = Span(ch, base + i + 1, -1, n, len(stack), stack[-1] if stack else None)
                stack.append(span)
            elif ch in OPEN_TO_CLOSE.values():
                if stack and OPEN_TO_CLOSE[stack[-1].open] == ch:
                    span = stack.pop()
                    span.end = base + i
                    spans.append(span)
                else:
                    problems.append(Unbalanced(n, i + 1, ch))
        for span in stack:
            problems.append(Unbalanced(n, span.start - base, span.open))
    spans.sort(key=lambda s: s.start)
    return spans, problems


def _floor(source: SourceText, span: Span) -> int:
    return span.parent.start if span.parent else source.line_starts[span.line - 1]


def _ceiling(source: SourceText, span: Span) -> int:
    return span.parent.end if span.parent else source.line_starts[span.line - 1] + len(source.line(span.line))


def _before(source: SourceText, span: Span) -> str:
    """Text between the enclosing boundary (line start or outer span start) and the span, at most WINDOW."""
    return source.text[max(_floor(source, span), span.start - 1 - WINDOW) : span.start - 1]


def _before_is_whole(source: SourceText, span: Span) -> bool:
    """Whether `_before` reaches the enclosing boundary (it was not cut at WINDOW)."""
    return span.start - 1 - WINDOW <= _floor(source, span)


#: A translation in parentheses right after a quote (「We need …」(「…が必要だ」)と書いた): the quote's rendering.
TRANSLATION_AFTER = re.compile(r"\s*[(（]\s*「[^「」『』]*」\s*[)）]")
#: The opening of a translation in parentheses, right after the original's closing bracket.
TRANSLATION_BEFORE = re.compile(r"[」』]\s*[(（]\s*$")


def _after(source: SourceText, span: Span) -> str:
    """Text after the span up to the enclosing boundary, at most WINDOW; a translation given in parentheses right
    after it is skipped, so the original is framed by the words that frame the pair."""
    end = min(_ceiling(source, span), span.end + 1 + WINDOW)
    m = TRANSLATION_AFTER.match(source.text, span.end + 1, end)
    return source.text[m.end() if m else span.end + 1 : end]


def _translation(source: SourceText, span: Span, previous: Statement | None, last_top: Span | None) -> bool:
    """The translation in parentheses of the statement right before it (「We need …」(「…」)と書いた): the same
    speaker's words as rendered, so a statement whenever the original is one; a name's reading stays a term."""
    if previous is None or last_top is None or span.parent is not None or previous.span is not last_top:
        return False
    if previous.line != span.line or not TRANSLATION_BEFORE.search(source.text, max(0, span.start - 9), span.start - 1):
        return False
    return source.text[span.end + 1 : span.end + 3].lstrip()[:1] in (")", "）")


def _after_is_empty(source: SourceText, span: Span) -> bool:
    after = _after(source, span)
    return not after.strip() and span.end + 1 + WINDOW >= _ceiling(source, span)


def is_label(source: SourceText, span: Span) -> bool:
    """Whether the span holds words shown or named, not said: a caption, slogan, hashtag, title or name.

    The words around it say so (「…」ってテロップ, テロップにも「…」, 「…」と呼んだ,
    「…」というキャッチコピー), or it is a hashtag (「#…」); even a full
    sentence in such brackets is nobody's statement.
    """
    inner = source.text[span.start : span.end].lstrip()
    if inner[:1] in ("#", "＃"):
        return True
    after = _after(source, span)
    before = _before(source, span)
    return bool(
        LABEL_AFTER.match(after) or NAMING_AFTER.match(after) or LABEL_BEFORE.search(before) or SURVEY_AFTER.match(after)
    )


#: At most this many characters with no sentence mark and no subject in its own clause is a word given or
#: discussed (ちゃんと「捨てる」って答えよった), not a statement: no corpus transcript has a statement so short.
WORD_MAX_CHARS = 3


def is_statement(source: SourceText, span: Span) -> bool:
    """A span is a statement when it closes as a sentence and opens as one (or is sentence-sized)."""
    if is_label(source, span):
        return False
    before, after = _before(source, span), _after(source, span)
    inner = source.text[span.start : span.end]
    if len(inner.strip()) <= WORD_MAX_CHARS and not SENTENCE_MARK.search(inner):
        own = before[max(before.rfind(c) for c in "。」』") + 1 :]
        voice = VOICE_AFTER.match(after) or VOICE_LIST.match(after)  # 「遅い」とか「高い」とか、いろんな意見
        if not voice and not SUBJECT_IN_CLAUSE.search(own) and not FIRST_PERSON.search(own):
            return False  # …の意味を聞いたら、ちゃんと「捨てる」って答えよった; 社長は「秋です」と語った is his
    said_after = bool(SPEECH_AFTER.match(after) or ELLIPTIC_AFTER.match(after) or NAMED_ELLIPTIC.match(after))
    closes = _after_is_empty(source, span) or (after.lstrip()[:1] in tuple("。！？!?」』")) or said_after
    # a sentence closed inside the brackets and followed by a space (「We are close.」 英語の…): English-style
    closes |= bool(SENTENCE_END.search(inner)) and after[:1].isspace()
    closes |= bool(ENGLISH_SENTENCE.fullmatch(inner))  # 「We are close.」英語のまま…: no space needed
    closes |= bool(DASH.match(after)) and _announced_after(source, span) is not None  # 「…」――Xはそう語った
    # 「…」――名前 / 「…」(…名前…): a quote board, for words that end as a sentence (「Nova Pro」(エーシー) is a name)
    closes |= _board_credit(source, span) is not None and bool(SENTENCE_LIKE.search(inner))
    clause = before[before.rfind("。") + 1 :]
    subject = bool(SUBJECT_IN_CLAUSE.search(clause)) or bool(FIRST_PERSON.search(clause))
    # Xによると「…」らしい; Xは「…」やて only for words that end as a sentence (Xは「AIの父」だそうだ names X)
    hearsay = bool(HEARSAY_AFTER.match(after)) and (
        bool(ACCORDING_TO.search(before))
        or (subject or _article_sentence(before))
        and bool(SENTENCE_LIKE.search(inner))
    )
    # …の堀之内さんにも聞いてみたんや。「…」やって: the answer of the person the sentence before asked
    hearsay |= bool(HEARSAY_AFTER.match(after)) and _asked_before(before) >= 0 and bool(SENTENCE_LIKE.search(inner))
    closes |= hearsay
    voiced = bool(VOICE_AFTER.match(after) or VOICE_LIST.match(after) or UTTERANCE_AFTER.match(after))
    voiced |= _people_voice(inner, after) or _claim(inner, after)
    closes |= voiced or bool(STANCE_AFTER.match(after))
    opens = (not before.strip() and _before_is_whole(source, span)) or bool(re.search(r"[。！？!?:：]\s*$", before))
    opens |= hearsay or bool(CHAINED.search(before)) or bool(FROM_SOURCE.search(before))
    opens |= (
        _before_is_whole(source, span) and span.parent is None and bool(re.fullmatch(r"\s*【[^】]{1,40}】\s*", before))
    )
    stance = bool(STANCE_AFTER.match(after)) and bool(SUBJECT_IN_CLAUSE.search(clause))
    opens |= voiced or stance or bool(ACCORDING_TO.search(before))
    opens |= _before_is_whole(source, span) and span.parent is None and bool(NAMED_OPENING.match(before))
    opens |= said_after and (bool(SUBJECT_BEFORE.search(before)) or subject)
    quoted = _quotative(source, span, before, after) or (
        bool(QUOTATIVE_NAMED_AFTER.match(after))
        and bool(SENTENCE_LIKE.search(inner))
        and len(inner.strip()) >= QUOTATIVE_MIN_CHARS
    )
    closes |= quoted
    opens |= quoted
    sentence_sized = len(inner) >= STATEMENT_MIN_CHARS or bool(SENTENCE_MARK.search(inner))
    return closes and (opens or sentence_sized)


#: Words for what an organisation issues itself (its report speaks for it), unlike 記事 written about others.
ISSUED_WORD = re.compile(r"報告書|報告|レポート|声明|ブログ|発表文|プレスリリース|資料|論文|白書|改訂版|指針|ガイドライン|規約")
#: An article word as the subject of the clause before a quote (報告書は「…」と結論づけた, 記事は「…」).
ARTICLE_SUBJECT = re.compile(
    r"(?:" + ARTICLE_WORD.pattern + r")(?:(?:で|の中で|では|には)?(?:は|も|が)|には|にも|では)[、,]?[^。「」『』]{0,16}$"
)
#: A quote that itself reports someone's quote (「ヴァイス氏は『…』と述べ、…」): the reporter's words, not theirs.
REPORTS_A_QUOTE = re.compile(r"(?:は|が|も)[、,]?『[^『』]+』(?:と|って|とも)")


def _article_sentence(before: str) -> bool:
    """The sentence right before the quote names an article (Xも記事にしとった。「…」やて): the article speaks."""
    if not re.search(r"[。:：]\s*$", before):
        return False
    body = before.rstrip().rstrip("。:：")
    return bool(ARTICLE_WORD.search(body[body.rfind("。") + 1 :]))


#: A translator's note giving the original of what was just quoted (訳注:原文は「…」, 原文では「…」).
ORIGINAL_BEFORE = re.compile(r"原文(?:で|では|は|だと|を見ると)?[、,:：]?\s*$")


def _original_words(source: SourceText, span: Span, previous: Statement | None, last_top: Span | None) -> bool:
    """The original wording of the statement right before (訳注:原文は「…」): the same statement, so its speaker's.

    Only when the bracket just before is that statement, on this line or the one before, and this one holds a
    sentence (several words); 原語は「Errand」 after a product's name is a term.
    """
    if previous is None or last_top is None or span.parent is not None or previous.span is not last_top:
        return False
    if span.line - previous.line > 1 or not ORIGINAL_BEFORE.search(_before(source, span)):
        return False
    inner = source.text[span.start : span.end].strip()
    return len(inner.split()) >= 3 or len(inner) >= QUOTATIVE_MIN_CHARS and bool(re.search(r"[ぁ-ゖ]", inner))


#: A claim or report as a noun after the quote (「…」という投稿です, 「…」という記事, 「…」という内容でした):
#: the words are a statement, of whoever the clause says reported or said them, else of nobody named.
CLAIM_AFTER = re.compile(
    r"^\s*(?:という|との|っていう|といった|" + KANSAI_TO_IU + r")(?:投稿|話|記事|噂|うわさ|情報|主張|内容|報道|デマ|書き込み)"
)
#: A cleft before the quote naming who said it (アルトマン氏がポッドキャストで語ったのは「…」).
CLEFT_BEFORE = re.compile(SPEECH_VERB + r"[^。「」『』、]{0,6}?(?:のは|んは)[、,]?\s*$")
#: A speech verb right before the quote, in a relative clause on it (台北経済新報が報じた「…」という記事).
REPORTED_BEFORE = re.compile(SPEECH_VERB + r"[たっ]?た\s*$")


def _claim(inner: str, after: str) -> bool:
    """Words reported as a claim, a post or what someone said (「…」という投稿): sentence-like words of some length."""
    sized = len(inner.strip()) >= QUOTATIVE_MIN_CHARS and bool(SENTENCE_LIKE.search(inner))
    return sized and bool(CLAIM_AFTER.match(after))


def _people_voice(inner: str, after: str) -> bool:
    """Unnamed people voicing the words (「…」と首をかしげる人も): sentence-like words of some length only."""
    sized = len(inner.strip()) >= QUOTATIVE_MIN_CHARS and bool(SENTENCE_LIKE.search(inner))
    return sized and bool(PEOPLE_VOICE_AFTER.match(after))


def _quotative(source: SourceText, span: Span, before: str, after: str) -> bool:
    """A subject in the clause, words ending as a sentence, then と / って and any predicate: a statement."""
    if not QUOTATIVE_AFTER.match(after):
        return False
    inner = source.text[span.start : span.end]
    clause = before[before.rfind("。") + 1 :]
    subject = bool(SUBJECT_IN_CLAUSE.search(clause) or TOPIC_IN_CLAUSE.search(clause) or FIRST_PERSON.search(clause))
    # a word or two in brackets is a word discussed (『開ける』って動詞), not a statement
    sized = len(inner.strip()) >= QUOTATIVE_MIN_CHARS or bool(re.search(r"[、。！？]", inner))
    # English words as a sentence: three or more, one in lower case (a title or product capitalises every word)
    words = re.findall(r"[A-Za-z']+", inner)
    english = len(words) >= 3 and any(w.islower() and len(w) > 1 for w in words)
    english = english and not re.search(r"[ぁ-ゖァ-ヴー一-龥]", inner)
    return subject and (english or sized and bool(SENTENCE_LIKE.search(inner)))


class HitIndex:
    """Registry hits by kind, sorted, for "the last X before here" in logarithmic time."""

    def __init__(self, hits: list[Hit], publications: set[str]):
        self.lists: dict[str, list[Hit]] = {}
        for h in hits:
            self.lists.setdefault(h.kind, []).append(h)
            if h.kind == "organization" and h.id in publications:
                self.lists.setdefault("publication", []).append(h)
        self.ends = {k: [h.end for h in v] for k, v in self.lists.items()}
        self.starts = {k: [h.start for h in v] for k, v in self.lists.items()}

    def last(self, kinds: tuple[str, ...], before: int, after: int = -1) -> Hit | None:
        """The last hit of one of `kinds` lying within [after, before]."""
        best: Hit | None = None
        for kind in kinds:
            hits = self.lists.get(kind)
            if not hits:
                continue
            i = bisect.bisect_right(self.ends[kind], before) - 1
            if i >= 0 and hits[i].start >= after and (best is None or hits[i].start > best.start):
                best = hits[i]
        return best

    def within(self, kinds: tuple[str, ...], a: int, b: int) -> list[Hit]:
        """Every hit of `kinds` lying within [a, b], in order (callers pass short windows)."""
        out: list[Hit] = []
        for kind in kinds:
            hits = self.lists.get(kind, [])
            i = bisect.bisect_left(self.starts.get(kind, []), a)
            while i < len(hits) and hits[i].end <= b:
                out.append(hits[i])
                i += 1
        return sorted(out, key=lambda h: h.start)


@dataclass
class Candidate:
    """Someone a window names: a registry hit, or a name no registry has."""

    start: int
    end: int
    hit: Hit | None = None
    name: str | None = None
    kind: str = "person"
    written: str | None = None
    """For a name resolved to a full name written earlier: the short form this window writes (佐々木)."""


def _unregistered(text: str, offset: int, taken: list[tuple[int, int]], subject_only: bool) -> list[Candidate]:
    """Names in `text` that no registry hit covers: people with an honorific, companies with 社, sources."""
    out: list[Candidate] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    raw, text = text, _mask_quotes(text)  # a name inside someone's quoted words is not who says them
    patterns: list[tuple[re.Pattern[str], str]] = [(PERSON_NAME, "person"), (ORG_NAME, "organization")]
    patterns += [(SOURCE_NAME, "organization"), (ORG_VOICE, "organization")]
    patterns += [(BARE_PERSON, "person"), (LATIN_SURNAME, "surname")] if subject_only else []
    # pen names first: what they are written in is anyone's guess (しろくま先輩さん)
    for m in [*PEN_NAME_GIVEN.finditer(text), *BRACKETED_NAME.finditer(raw)]:
        a, b = offset + m.start("name"), offset + m.end("name")
        if free(a, b):
            out.append(Candidate(a, b, name=m.group("name"), kind="person"))
            taken.append((a, b))
    for pattern, kind in patterns:
        for m in pattern.finditer(text):
            group = next(g for g in ("inst", "mixed", "name") if g in pattern.groupindex and m.group(g))
            name = m.group(group).strip()
            a, b = offset + m.start(group), offset + m.end()
            if (
                name in NOT_NAMES
                or len(name) < 2
                and not re.match(r"[一-龥]", name)
                or NOT_A_KANJI_NAME.fullmatch(name)
            ):
                continue
            if m.start(group) > 0 and text[m.start(group) - 1] in "おご御":
                continue  # お客様, ご本人: polite nouns, not names
            # a person's title may hold a registered name (ロバート・ケイン上院議員: 上院 is the Senate): the name decides
            if free(a, offset + m.end(group) if pattern is PERSON_NAME else b):
                if pattern is BARE_PERSON and (ORG_WORD.search(name) or LATIN_ORG_NAME.search(name)):
                    kind = "organization"
                out.append(Candidate(a, b, name=name, kind=kind))
                taken.append((a, b))
                kind = {PERSON_NAME: "person", BARE_PERSON: "person"}.get(pattern, kind)
    return sorted(out, key=lambda c: c.start)


#: `short_names` of each entity index alive: the incremental validator shares one index across every
#: group, and recomputing this per group made a cold run quadratic in the corpus (37 % of it at 10k).
_SHORT_NAMES: weakref.WeakKeyDictionary[EntityIndex, Mapping[str, Hit]] = weakref.WeakKeyDictionary()


def short_names(index: EntityIndex) -> Mapping[str, Hit]:
    """A registered person by a short form of the name: the family name of ジョー・ドミンゲス (ドミンゲス), of 森健二 (森).

    Only forms that one person alone has are kept; they are used only for a
    name written with an honorific or title (アルトマン氏, 森社長). Computed
    once per index (an index does not change once built), read-only.
    """
    found = _SHORT_NAMES.get(index)
    if found is None:
        found = _SHORT_NAMES[index] = MappingProxyType(_short_names(index))
    return found


def _short_names(index: EntityIndex) -> dict[str, Hit]:
    seen: dict[str, set[str]] = {}
    for n in index.names:
        if n.kind != "person":
            continue
        forms: set[str] = set()
        if "・" in n.alias:
            forms.add(n.alias.rsplit("・", 1)[1])
        elif re.fullmatch(r"[一-龥々]{3,5}", n.alias):
            forms |= {n.alias[:k] for k in range(1, len(n.alias) - 1)}
        for f in forms:
            if len(f) >= 2 or re.fullmatch(r"[一-龥]", f):
                seen.setdefault(f, set()).add(n.id)
    return {f: Hit(0, 0, next(iter(ids)), "person", f) for f, ids in seen.items() if len(ids) == 1}


BRACKET = re.compile("[「『」』]")


def _mask_quotes(text: str) -> str:
    """`text` with everything inside 「…」/『…』 blanked (same length, so offsets still hold).

    Walks the brackets only (a whole transcript is masked once per load).
    """
    if "「" not in text and "『" not in text and "」" not in text and "』" not in text:
        return text
    out: list[str] = []
    depth, pos = 0, 0
    for m in BRACKET.finditer(text):
        i = m.start()
        out.append(" " * (i - pos) if depth else text[pos:i])
        out.append(m.group(0))
        depth = depth + 1 if m.group(0) in "「『" else max(0, depth - 1)
        pos = i + 1
    out.append(" " * (len(text) - pos) if depth else text[pos:])
    return "".join(out)


#: A reference back to an organisation named before (同社は, 同省によると): the suffix says which kind.
SAME_ORG = re.compile(
    r"同(?P<kind>社|省|庁|大学|大|機構|協会|行|紙|誌|局|団体|研究所|グループ|委員会|評議会|審議会|協議会|学会|連盟|会議|財団|"
    r"連合|組合)"
    r"(?=は|が|も|の|によると|によりますと|によれば)"
)
#: A job title standing alone as a subject at the start of a clause (社長は…): the person last named with it
#: (not XのCEOは…, which names X's CEO, whoever the transcript named last with that title).
ROLE = r"(?:社長|会長|副社長|CEO|ＣＥＯ|CTO|COO|CFO|教授|准教授|博士|議員|大統領|首相|大臣|長官|代表|所長|部長|室長|局長|監督|先生|創業者)"
ROLE_SUBJECT = re.compile(
    rf"(?<![^。、\s」』!！?？])(?P<role>{ROLE})(?=は|が|も|によると|によりますと|によれば|いわく|曰く)"
)
ROLES = frozenset(re.findall(r"[^|()?:]+", ROLE))
#: The same company's officer (同社の社長は): the person last named with that title.
SAME_ORG_ROLE = re.compile(rf"同社の(?P<role>{ROLE})(?=は|が|も|によると|によりますと|によれば)")
#: 同氏 (the same person): the person last named.
SAME_PERSON = re.compile(r"同氏(?=は|が|も|に|の|によると|によりますと|によれば)")
#: The honorific or title right after a name.
TITLE_AFTER = re.compile(r"\s?" + HONORIFIC)
#: How many earlier mentions a reference back looks through (the referent is always recent).
LOOKBACK = 64


@dataclass(frozen=True)
class Referent:
    """Someone the narration names, in order: the discourse's referents."""

    start: int
    end: int
    kind: str  # "person" | "organization"
    name: str
    """The name as written (the alias for a registry hit)."""
    hit: Hit | None = None
    title: str = ""
    """The honorific or title written right after the name (社長, CEO, さん…), or a job title written before it."""
    publication: bool = False
    """Named as the author of something quoted (Xの記事)."""


class Referents:
    """The people and organisations a transcript names, in order, for resolving references back.

    A role (社長:), a family name (田中CEO, 佐々木さん) or 同社/同省 refers to
    someone named earlier in the same transcript: the most recent mention that
    fits wins, so a full name the narration has just introduced is preferred
    over another registry person with the same family name.
    """

    def __init__(self, source: SourceText, hits: HitIndex):
        text = _mask_quotes(source.text)  # a name inside someone's quoted words introduces nobody
        found: list[Referent] = []
        taken: list[tuple[int, int]] = []
        for kind in ("person", "organization"):
            for h in hits.lists.get(kind, []):
                if text[h.start : h.end].strip():
                    title = TITLE_AFTER.match(text, h.end, h.end + 8)
                    written = title.group(0).strip() if title else ""
                    publication = kind == "organization" and bool(AUTHOR_OF.match(text, h.end, h.end + 8))
                    found.append(Referent(h.start, h.end, kind, h.alias, h, written, publication))
                    taken.append((h.start, h.end))
        taken.sort()
        # one pass per pattern; a later pattern takes no span an earlier one took (taken is re-sorted between)
        patterns = ((PERSON_NAME, "person"), (ORG_MENTION, "organization"))
        patterns += ((APPOSED_ORG, "organization"), (PUBLICATION, "organization"))
        for pattern, kind in patterns:
            if pattern is APPOSED_ORG:
                taken = sorted(taken + [(x.start, x.end) for x in found if x.hit is None])
            for m in pattern.finditer(text):
                group = next(g for g in ("inst", "mixed", "name") if g in pattern.groupindex and m.group(g))
                a, b = m.start(group), m.end(group)
                i = bisect.bisect_right(taken, (a, float("inf"))) - 1
                if (i >= 0 and taken[i][1] > a) or (i + 1 < len(taken) and taken[i + 1][0] < b):
                    continue
                name = m.group(group)
                if name in NOT_NAMES or name.startswith("同"):
                    continue
                found.append(
                    Referent(a, b, kind, name, None, text[b : m.end()].strip(), publication=pattern is PUBLICATION)
                )
        for i, x in enumerate(found):
            # a title written before the name, where the name itself carries only an honorific (社長は林浩之さん)
            if (
                x.kind == "person"
                and x.title not in ROLES
                and (t := TITLE_BEFORE.search(text, max(0, x.start - 6), x.start))
            ):
                found[i] = Referent(x.start, x.end, x.kind, x.name, x.hit, t.group("role"), x.publication)
        found.sort(key=lambda x: x.start)
        self.mentions = found
        self.starts = [x.start for x in found]

    def _back(self, before: int) -> list[Referent]:
        i = bisect.bisect_left(self.starts, before)
        return self.mentions[max(0, i - LOOKBACK) : i][::-1]

    def by_title(self, title: str, before: int) -> Referent | None:
        """The person last named with this title (森健二社長 … 社長:)."""
        return next((x for x in self._back(before) if x.kind == "person" and x.title == title), None)

    def publication(self, before: int, after: int) -> Referent | None:
        """The publication last named as the author of something quoted, within [after, before)."""
        return next((x for x in self._back(before) if x.publication and x.start >= after), None)

    def org_named(self, name: str, before: int) -> Referent | None:
        """An earlier mention of `name` as an organisation (ミナモっていう会社 … ミナモは「…」)."""
        return next((x for x in self._back(before) if x.kind == "organization" and x.name == name), None)

    def last_person(self, before: int) -> Referent | None:
        return next((x for x in self._back(before) if x.kind == "person"), None)

    def by_family_name(self, form: str, before: int) -> Referent | None:
        """The person last named in full whose name this short form is part of (佐々木ゆかり … 佐々木さん)."""
        for x in self._back(before):
            if x.kind != "person" or len(x.name) <= len(form):
                continue
            if x.name.startswith(form) and re.match(r"[一-龥々]", form) or x.name.rsplit("・", 1)[-1] == form:
                return x
            if x.name.rsplit(" ", 1)[-1] == form and form.isascii():  # Margaret Holloway … Holloway
                return x
        return None

    def same_org(self, kind: str, before: int) -> Referent | None:
        """The organisation 同社/同省… refers to: the last one named (with that suffix, for 同省, 同大学…)."""
        for x in self._back(before):
            if x.kind != "organization":
                continue
            if x.publication and kind not in ("誌", "紙"):
                continue  # Bloombergの記事によると… 同社は: the company the article is about, not its publisher
            if kind in ("社", "グループ", "行") or x.name.endswith(kind) or kind == "大" and x.name.endswith("大学"):
                return x
            if kind in ("誌", "紙") and x.publication:
                return x  # The Informationの記事によると… 同誌は
        return None


class Resolver:
    """Who a window of narration names as the speaker."""

    def __init__(self, source: SourceText, hits: HitIndex, index: EntityIndex):
        self.source = source
        self.hits = hits
        self.short = short_names(index)
        self.referents = Referents(source, hits)
        self.narrators = narrators(source, index)

    def first_person(self, line: int) -> Candidate | None:
        """Who 私 / 僕 is on this line: the speaker its label names (リョウ: …), the host a label stands for (A:
        after A: どうも、ケンです), else the one narrator the greeting names."""
        m = LINE_LABEL.match(self.source.line(line))
        if m is None:
            return self.narrators.get(None)
        if HOST_LABEL.fullmatch(m.group("name")):
            return self.narrators.get(m.group("name"))
        return _dialogue(self, m.group("name"), self.source.line_starts[line - 1] + m.start("name"))

    def _refer(self, c: Candidate, x: Referent, short_form: bool = False) -> Candidate:
        """`c` resolved to the earlier mention `x` it refers to; `short_form`: `c` is a short form of the name."""
        if x.hit is not None:
            return Candidate(c.start, c.end, hit=Hit(c.start, c.end, x.hit.id, x.hit.kind, c.name or ""), kind=x.kind)
        written = c.name if short_form and c.name != x.name else None
        return Candidate(c.start, c.end, name=x.name, kind=x.kind, written=written)

    def _registered(self, h: Hit) -> Candidate:
        """A registry hit; a short form (田中, an alias of one 田中) that the narration has just given in full for
        someone else (田中誠CEO … 田中CEO:) is that someone: the transcript's own introduction beats a namesake."""
        c = Candidate(h.start, h.end, hit=h, kind=h.kind)
        if h.kind != "person":
            return c
        form = self.source.text[h.start : h.end]
        x = self.referents.by_family_name(form, h.start)
        if x is None or x.hit is not None and x.hit.id == h.id:
            return c
        return self._refer(Candidate(h.start, h.end, name=form), x, short_form=True)

    def candidates(self, a: int, b: int, subject_only: bool = False) -> list[Candidate]:
        found = [self._registered(h) for h in self.hits.within(("person", "organization"), a, b)]
        taken = [(c.start, c.end) for c in found]
        text = self.source.text
        masked = _mask_quotes(text[a:b])
        taken += [(a + m.start(), a + m.end()) for m in CHANNEL_SUBJECT.finditer(masked)]  # 公式アカウント is no name
        for m in SAME_ORG_ROLE.finditer(masked):
            x = self.referents.by_title(m.group("role"), a + m.start())
            if x is not None:
                found.append(self._refer(Candidate(a + m.start(), a + m.end(), name=m.group(0)), x))
                taken.append((a + m.start(), a + m.end()))
        for m in SAME_ORG.finditer(masked):
            if any(s <= a + m.start() < e for s, e in taken):
                continue
            x = self.referents.same_org(m.group("kind"), a + m.start())
            if x is not None:
                found.append(self._refer(Candidate(a + m.start(), a + m.end(), name=m.group(0)), x))
            taken.append((a + m.start(), a + m.end()))
        for pattern, refer in ((ROLE_SUBJECT, self.referents.by_title), (SAME_PERSON, None)):
            for m in pattern.finditer(masked):
                at = a + m.start()
                if any(s <= at < e for s, e in taken):
                    continue
                x = refer(m.group("role"), at) if refer is not None else self.referents.last_person(at)
                if x is not None:
                    found.append(self._refer(Candidate(at, a + m.end(), name=m.group(0)), x))
                taken.append((at, a + m.end()))
        for c in _unregistered(text[a:b], a, taken, subject_only):
            if c.kind == "surname":
                x = self.referents.by_family_name(c.name or "", c.start)
                if x is not None and x.kind == "person":
                    found.append(self._refer(Candidate(c.start, c.end, name=c.name), x, short_form=True))
                continue
            if c.kind == "person" and c.name:
                x = self.referents.by_family_name(c.name, c.start)
                if x is not None:
                    c = self._refer(c, x, short_form=True)
                elif c.name in self.short:
                    h = self.short[c.name]
                    c = Candidate(c.start, c.end, hit=Hit(c.start, c.end, h.id, "person", c.name), kind="person")
                elif self.referents.org_named(c.name, c.start) is not None:
                    c = Candidate(c.start, c.end, name=c.name, kind="organization")  # ミナモっていう会社 … ミナモは
            found.append(c)
        return sorted(found, key=lambda c: c.start)

    def pronoun(self, at: int) -> Candidate | None:
        """彼 / 彼女 / この人 at `at`: the person last named before it, on any earlier line."""
        x = self.referents.last_person(at)
        return self._refer(Candidate(at, at + 1, name="彼"), x) if x is not None else None

    def by_role(self, role: str, at: int) -> Candidate | None:
        """A speaker given by role alone (社長:): the person the transcript last named with that title."""
        x = self.referents.by_title(role, at)
        return self._refer(Candidate(at, at + len(role), name=role), x) if x is not None else None

    def speaker(self, a: int, b: int, last: bool = True, orgs: bool = True) -> Candidate | None:
        """The speaker a window [a, b) names: the person nearest the quote, else a subject organisation."""
        found = self.candidates(a, b, subject_only=True)
        people = [c for c in found if c.kind == "person"]
        if people:
            return people[-1] if last else people[0]
        if not orgs:
            return None
        text = self.source.text
        subjects = [
            c
            for c in found
            if re.match(
                r"(?:[(（][A-Za-z0-9・ー\s]{1,12}[)）])?(?:社|側)?(?:の"
                + SPOKESPERSON
                + r")?(?:は|が|も|"
                + BY
                + r"|の(?:記事|発表|声明|コメント|談話|回答|見解)"
                # the organisation asked, then its spokesperson answers (Xに確認したところ、広報担当者は)
                + r"|に(?:確認|問い合わせ|取材|尋ね|聞い|質問)[^。「」『』]{0,10}?[、,]\s*"
                + SPOKESPERSON
                + r"(?:は|が|も))",
                text[c.end : c.end + 32],
            )
            or CHANNEL_SUBJECT.match(text, c.end, c.end + 16)
        ]
        if subjects:
            return subjects[-1] if last else subjects[0]
        return None


#: Someone who speaks for an organisation (Xの広報担当者は「…」): the organisation speaks.
SPOKESPERSON = r"(?:広報担当者|広報担当|広報|報道官|広報部|担当者|関係者|代理人|スポークスマン|スポークスパーソン)"


#: What a person posts themself (投稿には「…」): written by whoever the narration just said posted it.
POST_WORD = re.compile(r"投稿|ポスト|ツイート|書き込み")
#: A post as the place the quote is in, right before it (投稿には「…」, ポストでは「…」).
POST_SUBJECT = re.compile(r"(?:^|[。、,]\s*)(?:" + POST_WORD.pattern + r")(?:の中)?(?:には|では|で|は|も)[、,]?\s*$")


def _poster(who: Resolver, source: SourceText, span: Span) -> Candidate | None:
    """Who wrote the post a quote comes from: the speaker named in the last sentence before it, on its line or the
    line before, that says someone posted (Xが…って投稿してはってん。); else None."""
    a = source.line_starts[max(source.body_lines.start, span.line - 1) - 1]
    b = _clause_start(source, span)
    text = source.text[a:b]
    end = len(text)
    while end > 0:
        start = text.rfind("。", 0, max(0, end - 1)) + 1
        sentence = text[start:end]
        if POST_WORD.search(_mask_quotes(sentence)):
            return who.speaker(a + start, a + end)
        end = start - 1 if start > 0 else 0
    return None


def _issuer(hits: HitIndex, span: Span, floor: int, who: Resolver | None = None) -> Candidate | None:
    """Who issued the report or statement a quote comes from: the organisation last named in the story.

    With `who`, an unregistered organisation the story names later than any registered one wins
    (文化庁が指針の改訂版をまとめた。改訂版は「…」と明記した: 文化庁, even in no registry).
    """
    h = hits.last(("organization",), span.start - 1, floor)
    if who is not None:
        back = who.referents._back(span.start - 1)
        x = next((x for x in back if x.kind == "organization" and x.hit is None and x.start >= floor), None)
        if x is not None and (h is None or x.start > h.start):
            return who._refer(Candidate(x.start, x.end, name=x.name), x)
    return Candidate(h.start, h.end, hit=h, kind=h.kind) if h is not None else None


def _set(st: Statement, who: Candidate | None, how: Attribution) -> None:
    if who is None:
        return
    if who.hit is not None:
        st.speaker, st.evidence = who.hit.id, [who.hit]
    else:
        st.name, st.name_kind, st.written = who.name, who.kind, who.written
    st.attribution = how


def _continues(source: SourceText, previous: Statement | None, span: Span) -> bool:
    """A line that opens with a quote continues the quote that closed the line before."""
    if previous is None or previous.span.parent is not None or previous.line != span.line - 1:
        return False
    if _after_is_empty(source, previous.span):
        return True
    # …「…」と述べた。 ends its line: the next quote line goes on with the same speaker
    after = _after(source, previous.span)
    said = SPEECH_AFTER.match(after)
    return (
        bool(said)
        and previous.attribution != Attribution.unattributed
        and re.fullmatch(r"[^。「」『』]*[。！!]?\s*", after[said.end() :]) is not None
    )


def _sentence_start(source: SourceText, span: Span) -> int:
    """Start offset of the sentence that introduces `span` (after the previous 。)."""
    before = _before(source, span)
    cut = max(before.rfind("。", 0, max(0, len(before.rstrip()) - 1)), -1)
    return span.start - 1 - len(before) + cut + 1


def _clause_start(source: SourceText, span: Span) -> int:
    """Start offset of the clause right before `span` (after the previous 。 or closing bracket)."""
    before = _before(source, span)
    cut = max(before.rfind("。"), before.rfind("」"), before.rfind("』"))
    return span.start - 1 - len(before) + cut + 1


def attribute(
    source: SourceText,
    sections: list[Section],
    index: EntityIndex,
    publications: set[str],
) -> tuple[list[Statement], list[Unbalanced]]:
    """All quoted statements in the narration, each with its speaker and how it was attributed."""
    body = source.body_lines
    spans, problems = find_spans(source, body)
    hits = HitIndex(index.find(source.text), publications)
    who = Resolver(source, hits, index)
    section_of = {n: s for s in sections for n in s.lines}
    statements: list[Statement] = []
    previous: Statement | None = None
    by_span: dict[int, Statement] = {}
    said_before: dict[str, Statement] = {}  # words already attributed, by their text
    last_top: Span | None = None  # the bracket before this one, outside any other
    for span in spans:
        original = _original_words(source, span, previous, last_top) or _translation(source, span, previous, last_top)
        span.statement = original or is_statement(source, span)
        if span.parent is None:
            last_top = span
        if not span.statement:
            continue
        if span.parent is not None and not span.parent.statement:
            continue  # a statement inside a term is part of that term
        st = Statement(span, source.text[span.start : span.end])
        line_start = source.line_starts[span.line - 1]
        before = _before(source, span)
        after = _after(source, span)
        said_after = SPEECH_AFTER.match(after) or NAMED_ELLIPTIC.match(after) or QUOTATIVE_NAMED_AFTER.match(after)
        if original:
            assert previous is not None
            # (訳注:原文は「Honestly, …」): the same speaker's words as written before translation
            st.speaker, st.via, st.evidence = previous.speaker, previous.via, previous.evidence
            st.name, st.name_kind, st.written = previous.name, previous.name_kind, previous.written
            st.attribution = Attribution.continuation
        elif span.parent is not None:
            outer = by_span.get(span.parent.start)
            st.attribution = Attribution.nested
            named = who.speaker(span.parent.start, span.start - 1, orgs=False)
            if named is None and re.search("(?:の|^|[。、])" + SPOKESPERSON + r"(?:は|が|も)[、,]?\s*$", before):
                # 「Xの広報担当者は『…』と…」, 「Xは…。広報担当者は『…』と…」: X
                named = who.speaker(span.parent.start, span.start - 1)
            if said_after and said_after.group("who").strip() and not PRONOUN.match(said_after.group("who").strip()):
                a = span.end + 1 + said_after.start("who")
                named = who.speaker(a, a + len(said_after.group("who")), last=False, orgs=False) or named
            if outer and outer.speaker == UNKNOWN and outer.name is None and _claim(outer.text, _after(source, span.parent)):
                named = None  # 「Xが『…』と言った」という投稿: words a rumour puts in X's mouth are not X's
            _set(st, named, Attribution.nested)
            st.via = outer.speaker if outer and outer.speaker != UNKNOWN else None
        elif (
            _before_is_whole(source, span)
            and (m := DIALOGUE.match(before) or _named_opening(span, before))
            and not HOST_LABEL.fullmatch(_label(m).strip())
        ):
            st.attribution = Attribution.unattributed
            g = "label" if "label" in m.re.groupindex and m.group("label") else "name"  # 【名前】「…」
            a = line_start + m.start(g)
            if (named := _named_after(who, span, said_after)) is not None:
                _set(st, named, Attribution.direct)  # ケン: 「…」ってアルトマンさんが投稿してた — the host reports it
            else:
                _set(st, _dialogue(who, m.group(g), a), Attribution.dialogue)
        elif not before.strip() and (asked := _interviewee(source, span)) is not None:
            _set(st, who.speaker(*asked), Attribution.direct)  # ――question / 「answer」: the interviewee's
        elif not before.strip() and (credit := _board_credit(source, span)) is not None:
            _set(st, _credited(who, source, *credit), Attribution.direct)  # 「…」――ダリオ・アモデイ
        elif not before.strip() and (m := _name_line(source, span)) is not None:
            a = source.line_starts[span.line - 2] + m.start("name")
            _set(
                st,
                _dialogue(who, m.group("name"), a),
                Attribution.dialogue,
            )
        elif (
            not before.strip()
            and _continues(source, previous, span)
            and _announced_after(source, span) is None  # 「…」。そう語るのは…: the line names its own speaker
            and _named_after(who, span, said_after) is None
            and _cleft_after(who, source, span, said_after) is None  # 「…」と話すのは、…Xさんです: X's
        ):
            assert previous is not None
            st.speaker, st.via, st.evidence = previous.speaker, previous.via, previous.evidence
            st.name, st.name_kind, st.written = previous.name, previous.name_kind, previous.written
            st.attribution = Attribution.continuation
        elif not before.strip() and _cue_line_before(source, span):
            prev_start = source.line_starts[span.line - 2]
            prev = source.line(span.line - 1)
            cut = prev.rstrip().rstrip("。:：").rfind("。")
            _set(st, who.speaker(prev_start + cut + 1, prev_start + len(prev)), Attribution.direct)
        elif (words := _words_of(source, span)) is not None and (named := who.speaker(*words)) is not None:
            _set(st, named, Attribution.direct)  # Xの言葉がええねん。「…」。 (記事の…の発言も: the article's)
        elif (ARTICLE_CUE.search(before) and ARTICLE_WORD.search(before)) or _article_sentence(before):
            named = who.speaker(_sentence_start(source, span), span.start - 1)
            if named is not None and named.hit is not None and REPORTS_A_QUOTE.search(st.text):
                named = None  # テック・クーリエが…ヴァイスさんのコメントを紹介しとる。「ヴァイス氏は『…』と述べ…」
            if named is not None and (named.hit is None or named.hit.id not in publications):
                _set(st, named, Attribution.direct if named.kind == "person" else Attribution.article)
                statements.append(st)
                by_span[span.start] = st
                previous = st
                continue
            section = section_of.get(span.line)
            floor = source.line_starts[section.first_line - 1] if section else 0
            pub = hits.last(("publication",), span.start - 1, floor)
            if pub is not None:
                st.speaker, st.evidence = pub.id, [pub]
            elif (x := who.referents.publication(span.start - 1, floor)) is not None:
                # The Informationの記事によると「…」。 … 記事はさらにこう続ける。「…」
                _set(st, who._refer(Candidate(x.start, x.end, name=x.name), x), Attribution.article)
            elif ISSUED_WORD.search(source.text[_sentence_start(source, span) : span.start]):
                _set(st, _issuer(hits, span, floor, who), Attribution.article)  # Xが報告書を出した。報告書には「…」
            st.attribution = Attribution.article
        elif ACCORDING_TO.search(before):
            _set(st, who.speaker(_clause_start(source, span), span.start - 1), Attribution.direct)
        elif SPEECH_CUE.search(before):
            sentence_start = _sentence_start(source, span)
            named = who.speaker(sentence_start, span.start - 1)
            if named is None:
                named = who.speaker(max(line_start, span.start - 1 - WINDOW), span.start - 1)
            _set(st, named, Attribution.direct)
        elif STANCE_AFTER.match(after) and SUBJECT_IN_CLAUSE.search(before[before.rfind("。") + 1 :]):
            _set(st, who.speaker(_clause_start(source, span), span.start - 1), Attribution.direct)
        elif said_after:
            a = span.end + 1 + said_after.start("who")
            named = who.speaker(a, a + len(said_after.group("who")), last=False)
            if named is None and CHAINED.search(before) and previous is not None and previous.line == span.line:
                # Xは「…」と断言し、「…」とも強調した: the second quote goes on with the first one's speaker
                st.speaker, st.via, st.evidence = previous.speaker, previous.via, previous.evidence
                st.name, st.name_kind, st.written = previous.name, previous.name_kind, previous.written
                st.attribution = previous.attribution
                statements.append(st)
                by_span[span.start] = st
                previous = st
                continue
            if named is None:
                named = _cleft_after(who, source, span, said_after)
            if named is None:
                named = who.speaker(_clause_start(source, span), span.start - 1)
            clause = before[before.rfind("。") + 1 :]
            if named is None and (m := ARTICLE_SUBJECT.search(clause)) and ISSUED_WORD.search(m.group(0)):
                section = section_of.get(span.line)
                floor = source.line_starts[section.first_line - 1] if section else 0
                named = _issuer(hits, span, floor, who)  # 改訂版は「…」と明記した: the body that issued it
            if named is None and PRONOUN.match(said_after.group("who").strip()):
                named = who.speaker(max(line_start, span.start - 1 - WINDOW), span.start - 1, orgs=False)
            if named is None and (p := PRONOUN.search(source.text[_clause_start(source, span) : span.start - 1])):
                named = who.pronoun(_clause_start(source, span) + p.start())  # 彼はさらに「…」とも書いています
            if named is None:
                # Xは、記者から「…」と問われ、「…」と答えた: the sentence's subject answers
                named = who.speaker(_sentence_start(source, span), span.start - 1, orgs=False)
            if named is None and POST_SUBJECT.search(before):
                named = _poster(who, source, span)  # Xが投稿してはってん。投稿には「…」って書いてあった
            _set(st, named, Attribution.direct)
        elif QUOTATIVE_AFTER.match(after) and _quotative(source, span, before, after):
            # Xは「…」って注文をつけてはった: the subject of the clause, whatever the verb
            named = who.speaker(_clause_start(source, span), span.start - 1)
            clause = before[before.rfind("。") + 1 :]
            if named is None and (m := ARTICLE_SUBJECT.search(clause)) and ISSUED_WORD.search(m.group(0)):
                section = section_of.get(span.line)
                floor = source.line_starts[section.first_line - 1] if section else 0
                named = _issuer(hits, span, floor, who)  # Xが報告書を公開した。報告書は「…」と結論づけた
            if named is None and POST_SUBJECT.search(before):
                named = _poster(who, source, span)  # Xが投稿してはってん。投稿には「…」って書いてあった
            if named is None and (p := PRONOUN.search(source.text[_clause_start(source, span) : span.start - 1])):
                named = who.pronoun(_clause_start(source, span) + p.start())
            _set(st, named, Attribution.direct)
        elif ELLIPTIC_AFTER.match(after):
            _set(st, who.speaker(_sentence_start(source, span), span.start - 1, orgs=False), Attribution.direct)
        elif HEARSAY_AFTER.match(after) and (asked := _asked_before(before)) >= 0:
            # …さんにも聞いてみたんや。「…」やって: the person asked answers
            a = span.start - 1 - len(before) + asked
            _set(st, who.speaker(a, span.start - 1), Attribution.direct)
        elif (
            HEARSAY_AFTER.match(after)
            and SUBJECT_IN_CLAUSE.search(before[before.rfind("。") + 1 :])
            and SENTENCE_LIKE.search(st.text)
        ):
            _set(st, who.speaker(_clause_start(source, span), span.start - 1), Attribution.direct)  # Xは「…」やて
        elif _claim(st.text, after):
            # Xが報じた「…」という記事 / Xが語ったのは「…」という内容: X's; 「…」という投稿です: nobody named
            clause = before[before.rfind("。") + 1 :]
            named = None
            if CLEFT_BEFORE.search(clause) or REPORTED_BEFORE.search(clause):
                named = who.speaker(_clause_start(source, span), span.start - 1)
            _set(st, named, Attribution.direct)
        elif UTTERANCE_AFTER.match(after):
            # ハサビスさんの講演で印象的だったのが、「…」という一言: the words of the person the sentence names
            named = _voice_source(who, source, span)  # …さんから「…」というお便り
            named = named or who.speaker(_sentence_start(source, span), span.start - 1, orgs=False)
            _set(st, named, Attribution.direct)
        elif VOICE_AFTER.match(after) or VOICE_LIST.match(after) or _people_voice(st.text, after):
            _set(st, _voice_source(who, source, span), Attribution.direct)
        elif (announced := _announced_after(source, span)) is not None:
            _set(st, who.speaker(*announced, last=False), Attribution.direct)
        if (
            st.speaker == UNKNOWN
            and st.name is None
            and st.attribution in (Attribution.unattributed, Attribution.direct)
            and span.parent is None
            and _by_narrator(source, span)
        ):
            _set(st, who.first_person(span.line), Attribution.direct)  # 私、前の動画で「…」って言っちゃった
        if st.speaker == UNKNOWN and st.name is None and (said := said_before.get(st.text)) is not None:
            # the recap repeats someone's words word for word (「…」という声が上がっています): still theirs
            st.speaker, st.via, st.evidence = said.speaker, said.via, said.evidence
            st.name, st.name_kind, st.written = said.name, said.name_kind, said.written
            st.attribution = Attribution.continuation
        if st.speaker != UNKNOWN or st.name is not None:
            said_before.setdefault(st.text, st)
        statements.append(st)
        by_span[span.start] = st
        if span.parent is None:
            previous = st
    return statements, problems


#: A podcast host's placeholder label (A: / B:): the line is narration, not the label's statement.
HOST_LABEL = re.compile(r"[A-ZＡ-Ｚ]")
#: A quote that follows another one's speech verb in the same sentence (…」と断言し、「…」とも強調した).
CHAINED = re.compile(r"[」』](?:と|って|とも)[^。「」『』]{0,12}[、,]\s*$")


def _label(m: re.Match[str]) -> str:
    """The name a dialogue match gives (田中: or 【田中】)."""
    return m.group("label") if "label" in m.re.groupindex and m.group("label") else m.group("name")


def _named_after(who: Resolver, span: Span, said_after: re.Match[str] | None) -> Candidate | None:
    """The speaker a speech verb after the quote names (「…」ってXさんが言うてた), not a pronoun; else None."""
    if said_after is None or not said_after.group("who").strip() or PRONOUN.match(said_after.group("who").strip()):
        return None
    a = span.end + 1 + said_after.start("who")
    return who.speaker(a, a + len(said_after.group("who")), last=False)


CLEFT = re.compile(r"[^。、「」『』]{0,4}?(?:のは|んは)[、,]?")


def _cleft_after(
    who: Resolver, source: SourceText, span: Span, said_after: re.Match[str] | None
) -> Candidate | None:
    """The speaker named after a cleft (「…」と話すのは、開発責任者の山田太郎さんだ), in that sentence; else None."""
    if said_after is None or (cleft := CLEFT.match(_after(source, span), said_after.end())) is None:
        return None
    c = span.end + 1 + cleft.end()
    end = min(_ceiling(source, span), c + WINDOW)
    stop = source.text.find("。", c, end)
    return who.speaker(c, stop if stop >= 0 else end, last=False)


#: A line that is nothing but a speaker's name (dialogue with the name on its own line).
NAME_LINE = re.compile(r"^\s*(?P<name>[^「」『』。、:：!！?？\s]{2,24})\s*$")


def _name_line(source: SourceText, span: Span) -> re.Match[str] | None:
    """The line before a quote-only line, when it is only a name (田中美咲教授 / 「…」 on the next line)."""
    if span.parent is not None or span.line < 2 or not _after_is_empty(source, span):
        return None
    m = NAME_LINE.match(source.line(span.line - 1))
    if m is None or not re.search(HONORIFIC + r"$|・", m.group("name")):
        return None
    return m


def _cue_line_before(source: SourceText, span: Span) -> bool:
    """Whether a quote-only line follows a line that ends announcing speech (…こう話してはった。)."""
    if span.parent is not None or span.line < 2:
        return False
    prev = source.line(span.line - 1)
    if "「" in prev or "『" in prev:
        return False
    last = prev.rstrip().rstrip("。:：")
    last = last[last.rfind("。") + 1 :]
    # …こう話してはった。 / Xの声明は次の通り。: a speech verb, or a statement's noun, with the announcing word;
    # or the announcing word in the sentence's closing predicate, whatever its verb (…に聞いたら、こう返ってきた)
    announced = bool(SPEECH_CUE.search(prev)) or bool(STATEMENT_NOUN.search(last))
    # or someone asked (…の北村葵さんに話を聞きました。 / …に直接尋ねると、): the next line is the answer, unless
    # the line announces the question itself (Xに記者がこう尋ねた。「…」 is the reporter's)
    if ASKS_THIS.search(last):
        return False
    return bool(ANNOUNCES.search(last)) and announced or bool(ANNOUNCING_PREDICATE.search(last) or ASKED.search(last))


#: A sentence about someone's words, announcing the quote that follows it (X CEOの言葉がええねん。「…」).
WORDS_OF = re.compile(
    r"(?P<who>[^。「」『』]{1,40}?)の(?:言葉|発言|コメント|一言|ひとこと|談話|メッセージ)(?:が|は|も)"
)


def _words_of(source: SourceText, span: Span) -> tuple[int, int] | None:
    """Where the sentence right before a quote that is a sentence of its own (on the same line) names whose words
    it is about; [start, end) of that name, else None."""
    if span.parent is not None:
        return None
    before = _before(source, span)
    after = _after(source, span)
    if not re.search(r"。\s*$", before) or not (not after.strip() or after.lstrip()[:1] == "。"):
        return None
    body = before.rstrip().rstrip("。")
    cut = body.rfind("。") + 1
    m = WORDS_OF.match(body, cut)
    if m is None or "「" in body[cut:] or "『" in body[cut:]:
        return None
    at = span.start - 1 - len(before)
    return at + m.start("who"), at + m.end("who")


#: A question line of an interview: the interviewer's words after a dash (――まず、狙いを教えてください。).
QUESTION_LINE = re.compile(r"\s*[―—]{1,2}")
#: A line that is nothing but a quote (an interview's answer).
QUOTE_LINE = re.compile(r"\s*「[^」]*」\s*")
#: The line announcing an interview, naming the interviewee (…の森健二社長へのインタビューです).
INTERVIEW = re.compile(r"(?P<who>[^。「」『』]{1,40}?)(?:への|との|に)(?:単独|独占)?(?:インタビュー|対談)")
#: How far back an answer may be from the line announcing its interview.
INTERVIEW_LINES = 40


def _interviewee(source: SourceText, span: Span) -> tuple[int, int] | None:
    """Where the interviewee of a bare answer is named: a line that is only 「…」, after a run of ―― question lines
    (at least one) and other answers back to the line announcing the interview; [start, end) of the name, else None.
    """
    if span.parent is not None or not _after_is_empty(source, span) or _before(source, span).strip():
        return None
    first = source.body_lines.start
    asked = False
    n = span.line - 1
    while n >= max(first, span.line - INTERVIEW_LINES):
        text = source.line(n)
        if QUESTION_LINE.match(text):
            asked = True
        elif not QUOTE_LINE.fullmatch(text):
            break
        n -= 1
    else:
        return None
    m = INTERVIEW.search(source.line(n)) if asked else None
    if m is None:
        return None
    start = source.line_starts[n - 1]
    who = m.group("who")
    cut = max(who.rfind("、"), who.rfind(","))
    return start + m.start("who") + cut + 1, start + m.end("who")


#: A credit after a quote that opens its line: ――名前… to the line's end, or (…名前…) closing the line.
BOARD_CREDIT = re.compile(
    r"^\s*(?:[―—–]{1,2}\s*(?P<dash>[^「」『』]+?)|[(（](?P<paren>[^「」『』()（）]+)[)）])\s*[。]?\s*$"
)
#: A name opening a credit, written without honorific (――ノーラ・ベックマン(…代表)): someone in no registry.
CREDIT_NAME = re.compile(
    rf"\s*(?P<name>{KATAKANA_NAME}・{KATAKANA_NAME}|{LATIN_FULL_NAME})(?=$|[\s(（、,]|" + HONORIFIC + ")"
)


def _board_credit(source: SourceText, span: Span) -> tuple[int, int] | None:
    """The credit of a quote on a quote board: the quote opens its line and the rest of the line is ――credit or
    (credit), so the line reads as words, then who said them; the [start, end) of that credit, else None."""
    if span.parent is not None or _before(source, span).strip() or not _before_is_whole(source, span):
        return None
    if span.end + 1 + WINDOW < _ceiling(source, span):
        return None
    m = BOARD_CREDIT.match(_after(source, span))
    if m is None:
        return None
    g = "dash" if m.group("dash") else "paren"
    return span.end + 1 + m.start(g), span.end + 1 + m.end(g)


def _credited(who: Resolver, source: SourceText, a: int, b: int) -> Candidate | None:
    """Who a credit names: a person (registered, with a title, or a bare full name opening it); the company or
    role beside the name (NVIDIA) does not speak, and a credit naming no one (出どころは不明) leaves it unknown."""
    if (m := CREDIT_NAME.match(source.text, a, b)) is not None:
        # the name the credit opens with, not a titled one further in (…、ベック研究所代表)
        named = who.speaker(m.start("name"), min(b, m.end("name") + 4), last=False, orgs=False)
        return named or Candidate(m.start("name"), m.end("name"), name=m.group("name"), kind="person")
    return who.speaker(a, b, last=False, orgs=False)


#: A sentence after a quote that says who said it: it refers back with a speech verb (こう指摘するのは…, このように
#: 述べました, Xはこう言って…), or names the speaker in a cleft (言うたんは、…さんやで / 話したのは…).
ANNOUNCED_AFTER = re.compile(
    r"^\s*(?:このように|こう|そう)[、,]?[^。「」『』]{0,24}?"
    + SPEECH_VERB
    + "|(?:このように|こう|そう)"
    + SPEECH_VERB
    + "|"
    + SPEECH_VERB
    + r"[^。、「」『』]{0,6}?(?:のは|んは)"
)
#: How many sentences after a quote may pass before the one that names its speaker (これ、…の一言や。言うたんは…).
ANNOUNCED_WITHIN = 2


def _announced_after(source: SourceText, span: Span) -> tuple[int, int] | None:
    """The sentence after a quote that says who said it (「…」。記者会見で、森健二社長はこのように述べました。).

    Only for a quote that opens its sentence and ends it (。 after the
    bracket, or a sentence closed inside it and a space: 「…close.」 Xは…),
    and one of the next ANNOUNCED_WITHIN sentences of its line that refers
    back to it with a speech verb or names its speaker in a cleft (言うたんは…).
    Sentences that quote someone else stop the search.
    """
    if span.parent is not None:
        return None
    after = _after(source, span)
    inner = source.text[span.start : span.end]
    if after.startswith("。"):
        a = span.end + 2
    elif (dash := DASH.match(after)) is not None:
        a = span.end + 1 + dash.end()  # 「…」――森社長はそう言い切った
    elif SENTENCE_END.search(inner) and after[:1].isspace():
        a = span.end + 1
    else:
        return None
    before = _before(source, span)
    if before.strip() and not re.search(r"[。！？!?]\s*$", before):
        return None
    line_end = min(source.line_starts[span.line - 1] + len(source.line(span.line)), a + WINDOW)
    for _ in range(ANNOUNCED_WITHIN):
        if a >= line_end:
            return None
        cut = source.text.find("。", a, line_end)
        b = cut if cut >= 0 else line_end
        sentence = source.text[a:b]
        if "「" in sentence or "『" in sentence:
            return None
        if ANNOUNCED_AFTER.search(sentence):
            return a, b
        a = b + 1
    return None


#: A quote's source given with から / より right before it (…さんから「…」って, 読者より「…」).
FROM_SOURCE = re.compile(r"(?:から|より)(?:は|も)?[、,]?\s*$")


def _voice_source(who: Resolver, source: SourceText, span: Span) -> Candidate | None:
    """A voice with a named source (リスナーのロボ太郎様からは「…」って質問): that source; else nobody.

    A voice from the floor or a comment section (会場からは, コメント欄でも,
    学生から) names no one, and stays unknown.
    """
    before = _before(source, span)
    m = FROM_SOURCE.search(before)
    if m is None:
        return None
    at = span.start - 1 - len(before) + m.start()
    named = who.speaker(_sentence_start(source, span), at)
    if named is None or not re.fullmatch(r"[」』]?\s?(?:" + HONORIFIC + r")?\s?", source.text[named.end : at]):
        return None
    return named


#: A narrator introducing themself in the greeting (どうもー、ハルです。 / こんにちは、案内役の森です) or signing off
#: by name (ハルでした。): the name a self-quote (私、前の動画で「…」って言った) is attributed to.
SELF_INTRODUCTION = re.compile(
    r"(?:どうも|こんにちは|こんばんは|おはようございます|はじめまして|初めまして|まいど|おおきに|やあ|はい)[ーっ〜~!！、,\s]*"
    r"(?:(?:[「『][^」』]*[」』]|[^、。「」『』\s]{1,12})の)?"
    r"(?P<name>[ァ-ヴー]{2,8}|[一-龥々]{2,5}|[ぁ-ゖ]{2,4})(?:です|やで|だよ|でーす|と申します)"
    r"|(?:^|[。!！]\s*)(?:[A-ZＡ-Ｚ]\s*[:：]\s*)?(?:MC|司会|ナビゲーター|案内役|アシスタント|パーソナリティ|進行役?|ホスト|"
    r"キャスター|アナウンサー|担当)の(?P<intro>[ァ-ヴー]{2,8}|[一-龥々]{2,5}|[ぁ-ゖ]{2,4})(?:です|やで|だよ|でーす|と申します)"
    r"|(?:^|[。!！\s])(?P<signoff>[ァ-ヴー]{2,8})でした[。!！]?\s*$"
)
#: How many lines at each end of the narration may hold the narrator's greeting or sign-off.
GREETING_LINES = 3
#: A line's speaker label (A: / ケン: / 田中先生：).
LINE_LABEL = re.compile(r"^\s*(?P<name>[^「」『』。、:：\s]{1,12})\s*[:：]")


def narrators(source: SourceText, index: EntityIndex) -> dict[str | None, Candidate]:
    """Who the narrator says they are, by the name given in the greeting or the sign-off (key None, when one name
    alone is given), and which host each placeholder label stands for (A: どうも、ケンです → key "A").

    Two different names (a podcast's two hosts: ケンです / ユミです) give no
    narrator: a self-quote on an unlabelled line could be either host's.
    """
    body = list(source.body_lines)
    lines = body[:GREETING_LINES] + body[-GREETING_LINES:]
    found: dict[str, int] = {}
    labels: dict[str, str] = {}
    for n in dict.fromkeys(lines):
        text = _mask_quotes(source.line(n))
        label = LINE_LABEL.match(text)
        for m in SELF_INTRODUCTION.finditer(text):
            group = next(g for g in ("name", "intro", "signoff") if m.group(g))
            if m.group(group) not in NOT_NAMES:
                found.setdefault(m.group(group), source.line_starts[n - 1] + m.start(group))
                if label is not None and HOST_LABEL.fullmatch(label.group("name")):
                    labels.setdefault(label.group("name"), m.group(group))

    def person(name: str) -> Candidate:
        at = found[name]
        hits = [h for h in index.find(name) if h.kind == "person" and h.alias == name]
        if hits:
            return Candidate(at, at + len(name), hit=Hit(at, at + len(name), hits[0].id, "person", name), kind="person")
        return Candidate(at, at + len(name), name=name, kind="person")

    out: dict[str | None, Candidate] = {label: person(name) for label, name in labels.items()}
    if len(found) == 1:
        out[None] = person(next(iter(found)))
    return out


def _by_narrator(source: SourceText, span: Span) -> bool:
    """Whether the clause before the quote has the narrator (私, 僕…) as its subject."""
    before = _before(source, span)
    return bool(FIRST_PERSON.search(before[before.rfind("。") + 1 :]))


#: The words of a sentence that announces the quote to come (こう話してはった, 次のように語った, 声明は次の通り).
ANNOUNCES = re.compile(
    r"こう|こんな(?:ふう|風)に|こんな(?=答え|返事|返答|回答|感想|言葉|一言|コメント)|次のように|以下のように|このように|(?:次|以下)の(?:通り|とおり)"
)
#: The announcing word opening a sentence's closing predicate (…に聞いてみたら、こう返ってきたで / …は、こんなふうに
#: 笑ってはった): the words on the next line answer it, whatever the verb; not こうした / こういう / こうなる (this kind
#: of, it turned out so), which announce no words.
ANNOUNCING_PREDICATE = re.compile(
    r"(?:^|[、,\s])(?:こう|このように|次のように|以下のように|こんな(?:ふう|風)に)(?!し[たて]|い[うっ]|な[っるりら])"
    r"[^、。「」『』]{1,16}$"
)
def _asked_before(before: str) -> int:
    """Where the sentence right before the quote starts, in `before`, if it says someone was asked; else -1."""
    if not re.search(r"[。！？!?]\s*$", before) or "「" in before[-80:] or "『" in before[-80:]:
        return -1
    body = before.rstrip()[:-1]
    start = max(body.rfind("。"), body.rfind("！"), body.rfind("？")) + 1
    last = body[start:]
    return start if ASKED.search(last) and not ASKS_THIS.search(last) else -1


#: Someone asked in the line's last sentence (Xさんに話を聞きました, Xに直接尋ねると、, Xにも意見を聞いてみた).
ASKED = re.compile(
    r"(?:に|にも|へ)[、,]?[^。「」『』]{0,12}?(?:聞い|聞き|聞く|聞け|尋ね|たずね|質問し|取材し|インタビューし|問う|問い|問いかけ)"
)
#: A line announcing a question (…にこう尋ねた, 次のように質問した): the next line is the asker's, not the asked's.
ASKS_THIS = re.compile(
    r"(?:こう|このように|次のように|以下のように|こんな(?:ふう|風)に)[^、。]{0,4}?(?:聞|尋|たずね|質問|問)"
)
#: What holds someone's words, announced without a verb (Xの声明は次の通り。 / 投稿の全文は以下のとおり).
STATEMENT_NOUN = re.compile(
    r"声明|投稿|発表|コメント|メッセージ|全文|談話|発言|(?<![会電対])話(?=は|を|が|も)|言葉|言い分|主張|見解|答え|返事|"
    r"返答|回答|感想|一言"
)


def _named_opening(span: Span, before: str) -> re.Match[str] | None:
    return NAMED_OPENING.match(before) if span.parent is None else None


def _dialogue(who: Resolver, name: str, offset: int) -> Candidate | None:
    """The speaker of a dialogue line: a name (with title), a role alone (社長: the 社長 named before), or none."""
    role = name.strip()
    if re.fullmatch(HONORIFIC, role):
        return who.by_role(role, offset)
    return who.speaker(offset, offset + len(name) + 6, orgs=True) or _bare(name, offset)


def _bare(name: str, offset: int) -> Candidate | None:
    """A dialogue name no registry has: the name before the colon, without honorific."""
    name = re.sub(HONORIFIC + r"$", "", name.strip()).strip()
    if not name or name in NOT_NAMES or re.fullmatch(r"[\d０-９一二三四五六七八九十]+", name):
        return None
    return Candidate(offset, offset + len(name), name=name, kind="person")
