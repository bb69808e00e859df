"""The narration's forms around a quote: speech verbs, quotatives, voices, labels, announcements, layouts.

These are the words before and after a bracket that say what it is (someone's statement, a voice, a caption, a
name) and where its speaker is named (before it, after it, on the line before, in an interview's announcement, in
a quote board's credit). They read only the text; who a name refers to is `referents`' job.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..source import SourceText
from .names import BY, HONORIFIC, KATAKANA_NAME, LATIN_FULL_NAME
from .spans import (
    TRANSLATION_BEFORE,
    WINDOW,
    Span,
    Statement,
    _after,
    _after_is_empty,
    _before,
    _before_is_whole,
    _ceiling,
)

#: Text right before a quote that says "it is written": with ARTICLE_WORD, the speaker is the publication.
ARTICLE_CUE = re.compile(
    r"(書いて|書かれて|伝えて|報じて|報道して|載って|続け|続く|紹介され|引用され)[^。「」『』]*[。:：]\s*$"
)
ARTICLE_WORD = re.compile(
    r"記事|レポート|報道|論文|ブログ|声明|発表文|プレスリリース|報告書|報告|資料|投稿|サイト|訴状|"
    r"改訂版|指針|ガイドライン|利用規約|規約"  # a body's own rules or guideline document
    # … or its draft (案では, 指針案では「…」としています; not 思案 / 懸案 / 名案 / 答案 / 図案)
    r"|(?<![一-龥])[一-龥]{0,3}(?<![思懸名妙答図])案(?![一-龥])|ルール案"
)
#: Text right before a quote that reports speech: the speaker is the person just named.
SPEECH_VERB = (
    r"(?:言う(?!言葉|こと)|言っ|言い(?!方)|言わ|言うて|ゆ[うー](?:て|た|と[っるう])|ゆって|ゆった|ゆわ|話し|話して|述べ|語っ|語り|警告|主張|強調|批判|発言|投稿|ツイート|"
    r"コメント|説明|指摘|明かし|答え|付け加え|呼びかけ|訴え|断言|認め|発表|書い|(?<![一-龥々])書き(?!方)|綴っ|綴り|記し|つぶやい|つぶやき|"
    r"つぶやく|振り返|話してい|話す|語る|述懐|強く|分析|解説|予測|予想|打ち明け|こぼし|こぼす|こぼれ|伝え|報じ|"
    r"ポスト|茶化|ちゃか|からか|皮肉|反論|問いかけ|返し|返信|応じ|書き込|謝罪|表明|釘を刺|くぎを刺|クギを刺|念を押|補足|力説|熱弁|"
    r"豪語|言い切|断じ|語りかけ|ツッコ|つっこ|突っ込|疑問を呈|警鐘を鳴ら|評価|評し|苦言|称賛|絶賛|歓迎|疑問視|否定|反発|"
    r"一蹴|太鼓判を押|褒め|ほめ|称え|たたえ|けな|こき下ろ|励ま|続け|続ける)"
)
SPEECH_CUE = re.compile(SPEECH_VERB + r"[^。「」『』]*[。:：]\s*$")
#: Text right before a quote that gives its source: Xによると「…」, X曰く「…」.
ACCORDING_TO = re.compile(BY + r"[、,]?\s*$")
#: Dialogue form: the line opens with a name and a colon.
DIALOGUE = re.compile(
    r"^\s*(?P<name>[^「」『』。、:：【】]{1,40}?)\s*[:：]\s*$|^\s*【(?P<label>[^「」『』。、:：【】]{1,40}?)】\s*[:：]?\s*$"
)
#: Verbs of manner that, after a quote, report it as said (…」って笑ってはった, …」と胸を張った,
#: …」との考えを示しました).
MANNER_VERB = (
    r"(?:笑っ|笑い|笑う|笑顔で|苦笑|喜ん|喜び|喜ぶ|胸を張|意気込|力を込め|声を弾ませ|ぼやい|嘆い|漏らし|叫ん|明言|宣言|回想|締めくく|"
    r"(?:期待|自信|意欲|懸念|不安|決意|考え|見方|見通し|認識|方針|姿勢|立場)を(?:込め|示|見せ|強調|明らか))"
)
#: The Kyoto / Kansai quotative て, its small っ dropped (「…」て喜んではる, 「…」て、えらい驚いてはった); not the て of
#: ている / てる / ておく / ては / ても / てき / てく after a verb's stem.
KYOTO_TE = r"て(?!い|る|お|は|も|き|く)"
#: Text right after a quote that reports speech (…』と彼は強調しました, …」ってXさんが言うてはった); not という /
#: っていう, which make the bracket a name (「ミナト」という新製品を発表した: the product is announced, not said).
SPEECH_AFTER = re.compile(
    r"^\s*(?:と(?!いう|いった)|って(?!いう)|とも|なんて|などと|"
    + KYOTO_TE
    # … or no quotative at all before a conjugated 言う, as speech drops it (「…」言うてはった, the Kobe / Osaka
    # 「…」ゆうとった / ゆーとった / 言うとう; 「X」言う会社 names X)
    + r"|(?=(?:言う|ゆう|ゆー)(?:て|た|と[っるう])|(?:言|ゆ)(?:って|った)|言(?:いよ|いはっ)))、?(?P<who>[^。「」『』]{0,30}?)(?:"
    + SPEECH_VERB
    + "|"
    + MANNER_VERB
    + ")"
)
#: Quotes listed side by side before one speech verb (Xは「…」「…」と述べた): the verb after the last closes each.
LISTED_SPEECH_AFTER = re.compile(r"^(?:\s*[、,]?\s*「[^「」]*」)+" + SPEECH_AFTER.pattern.removeprefix("^"))
#: The end of the quote listed right before this one (「…」「…」と述べた).
LISTED_BEFORE = re.compile(r"」\s*[、,]?\s*$")
#: The Kansai quotative: 「…」っちゅう声 is 「…」という声, 「…」っちゅうてはった is 「…」って言うてはった; speech drops
#: the と of という too (「…」いう声も出てる), right after the bracket.
KANSAI_TO_IU = r"(?:っちゅう|ちゅう|っちゅー|いう)"
#: Text right after a quote given as hearsay (Xによると「…」らしいで, …とのことです).
HEARSAY_AFTER = re.compile(
    r"^\s*(?:らしい|そうや|そうです|そうだ|そうどす|だそう|なんだそう|やそう|とのこと|って話|という話|ってこと|ということ|という[。、]|だという[。、]|だということ|だといいます|だとのこと|といいます|んやて|んだって|んですって|やって|やて|だって|ですって)"
)
#: A source at the head of the quote's sentence, with words between (Xによりますと、規則は…見通しで、それまでに「…」):
#: with HEARSAY_LATER after the quote, the source's reported words; `source` ends at the source's particle.
SOURCE_AT_HEAD = re.compile(r"(?P<source>" + BY + r")[、,][^。「」『』]{0,60}$")
#: A hearsay ending closing the sentence after a short predicate (「…」にする予定だという, 「…」見通しだということ
#: です, 「…」になったそうです, 「…」にとどまっているそうだ, 「…」なんだって): no particle in it that makes the quote a
#: thing done or named (「AI店長」を導入したという), and no quotative (「…」と答えたという: someone in the clause
#: answered, not the source); the が of a verb (下がった, 広がる) is no particle. The そう of hearsay follows a plain
#: form (なった, いる, 高い), the Kyoto そうどす too; after a verb's stem it is a guess (超えそう), not words reported.
HEARSAY_LATER = re.compile(
    r"^\s*(?:(?![とっ])(?:が(?=[らりるれろっ])|[^。「」『』、をがはの]){1,10}?)?"
    r"(?:という(?:[。、]|$|こと)|とのこと|といいます|だそう|やそう|なそう|(?<=[うくぐすつぬぶむるたい])そう(?=で|だ|や|な|ど)"
    r"|らしい|ん(?:だって|ですって|やて|やって)"
    # … or a noun predicate and the colloquial hearsay closing the sentence (「…」になる見通しやて, …予定だって; not the
    # verb やる after a te-form, 見てやって)
    r"|(?<![てで])(?:やて|やって|だって|ですって)(?=[。!！?？\s]|$))"
)


#: A figure in the quote: a number, in digits or kanji, with a unit or counter (約300億円, 三倍以内, 五分の一,
#: 二千枚), or a ratio said without one (前の年の倍, 前の半分ほど, 半減). A source's figure given in brackets is its
#: words, though it does not end as a sentence; a digit in a name (Helix-7B, GPT-5) has no unit after it.
FIGURE = re.compile(
    r"(?:[0-9０-９][0-9０-９,.]*|(?<![一-龥])[一二三四五六七八九十百千万]+)[万億兆]?"
    r"(?:円|ドル|ユーロ|倍|割|分の|枚|件|人|台|基|個|本|社|店|か所|カ所|%|％|パーセント|キロ|グラム|トン|メートル|リットル|ワット|時間|日|週間|か月|カ月|年)"
    r"|(?<=の)倍|半分|半数|半減|倍増"
)


def sourced_hearsay(before: str, after: str, inner: str) -> re.Match[str] | None:
    """The source at the head of the sentence whose hearsay the quote is (Xによると、料金は「…」にする予定だという),
    for words of some length ending as a sentence does, or for a figure (Xによると、費用は「約300億円」やて); else None."""
    if not (said_as_sentence(inner) or FIGURE.search(inner)):
        return None
    if not (HEARSAY_LATER.match(after) or HEARSAY_AFTER.match(after)):
        return None
    return SOURCE_AT_HEAD.search(before[before.rfind("。") + 1 :])


#: A quote made the subject of a copula, "that … is what it was" (「…」っちゅうのがきっかけやった, 「…」というのが、X側
#: の言い分だ): the words are a statement, of the source given before them or of whoever the predicate says they are.
GIST_AFTER = re.compile(r"^\s*(?:という|っていう|って|との|" + KANSAI_TO_IU + r")の(?:が|は)[、,]?")
#: The predicate after GIST_AFTER that says whose words they are (X側の言い分や, Xの主張だ): `who` names them.
GIST_OWNER = re.compile(
    r"(?P<who>[^。「」『』、]{1,30}?)側?の(?:言い分|主張|説明|言葉|考え|見解|立場|意見|反論|言い訳|答え|回答)"
)


def gist(source: SourceText, span: Span, before: str, after: str) -> re.Match[str] | None:
    """A quote as the subject of a copula (GIST_AFTER) whose words are someone's: the source given before it
    (Xによると、「…」というのが理由だ) or the owner the predicate names (GIST_OWNER); the match of GIST_OWNER, or of
    GIST_AFTER when the source is before, else None. Only words of some length that end as a sentence."""
    m = GIST_AFTER.match(after)
    inner = source.text[span.start : span.end].strip()
    if m is None or not said_as_sentence(inner):
        return None
    if ACCORDING_TO.search(before):
        return m
    return GIST_OWNER.match(after, m.end())


#: A machine as the subject that utters the words: an AI, an agent, a robot, an assistant (not a company whose name
#: ends in AI: OpenAI, Mistral AI, ミストラルAI), or a model named by one Latin word, a dash or space and its version
#: (GPT-9, Llama 4: a company's name carries none; G7 and COP29 are no model).
MACHINE_WORD = (
    r"(?:(?<![A-Za-zァ-ヴー・])(?<![A-Za-z] )(?:AI|ＡＩ)?(?:エージェント|ロボット|アシスタント|チャットボット|ボット)"
    r"|(?<![A-Za-zァ-ヴー・])(?<![A-Za-z] )(?:AI|ＡＩ)|(?<![一-龥])(?:機械|音声)"
    r"|(?<![A-Za-z0-9.\- ])[A-Za-z][A-Za-z.]+(?:-|\s)\d+(?:\.\d+)*[A-Za-z]?(?![A-Za-z0-9]))"
)
#: The particle making a machine the clause's subject (エージェントが, AIは).
MACHINE_SUBJECT = r"(?:が|は|も)[、,]?"
MACHINE = MACHINE_WORD + MACHINE_SUBJECT
#: … right before the quote, in its clause (エージェントが『全部きれいにしました』と報告してきた), or right after its
#: quotative (「ご用件をどうぞ」って、AIが話してくれる).
MACHINE_BEFORE = re.compile(MACHINE + r"[^。「」『』]{0,12}$")
MACHINE_AFTER = re.compile(r"^\s*(?:と|って|とも)[、,]?[^。「」『』、]{0,12}?" + MACHINE)
#: A machine asked or set a task earlier in the quote's sentence (ChatGPTに聞くと「…」と返してきた, AIに献立を頼んだら
#: 「…」と返ってきた): what comes back is its output. The one asked is a machine word or a product's name — one Latin
#: word, a version allowed (ChatGPT, Claude 3) — right before に; a company is asked through its people
#: (Xの広報担当者に聞くと) and a person with an honorific (Jane Doe氏に聞くと), so both still answer.
PROMPT = r"に[^。「」『』]{0,16}?(?:聞|訊|尋ね|質問|頼ん|頼む|頼み|お願い|入力|指示|打ち込|話しかけ)"
PROMPTED = re.compile(
    r"(?:" + MACHINE_WORD + r"|(?<![A-Za-z0-9.\- ])[A-Za-z][A-Za-z0-9.\-]*(?:\s\d+(?:\.\d+)*)?)" + PROMPT
)


def machine_said(before: str, after: str) -> bool:
    """Whether a machine utters the words: a phrase that shows what a product does, a term, not a statement (no
    person or organisation says it)."""
    sentence = before[before.rfind("。") + 1 :]
    return bool(MACHINE_BEFORE.search(sentence) or MACHINE_AFTER.match(after) or PROMPTED.search(sentence))


def product_said(between: str, after_quote: str | None = None) -> bool:
    """Whether a registered product named in the quote's sentence utters it, as a machine does: `between` is the text
    from the product's name to the quote (Novaは「…」, Novaに聞くと「…」) or, with `after_quote`, from the quote's
    close to the name (「…」と、Novaが返した) and `between` the text after the name."""
    if after_quote is not None:
        lead = re.fullmatch(r"\s*(?:と|って|とも)[、,]?[^。「」『』、]{0,12}?", after_quote)
        return lead is not None and re.match(MACHINE_SUBJECT, between) is not None
    return bool(re.fullmatch(MACHINE_SUBJECT + r"[^。「」『』]{0,12}", between) or re.match(PROMPT, between))


#: Text right after a quote that reports it as something people said (…」という質問も出ました, …』って声も).
#: What people said, as a noun (声, 質問, ツッコミ…): a voice after a quote.
VOICE_NOUN = (
    r"(?:(?<![音発])声|質問|意見|コメント|指摘|反応|書き込み|見方|見解|懸念|ツッコミ|突っ込み|つっこみ|苦情|批判|悲鳴|歓声|反響|投稿|ポスト|ツイート|"
    r"リプライ|リプ|感想|要望|不満|不安|疑問の声|苦言|怒り|嘆き|反論|反発)"
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
#: The things words are printed or shown on (画面に「…」, 「…」ってラベル): a quote on one is words shown, whichever
#: side of the quote the thing is named on.
SURFACE = r"(?:画面|画面上|箱|パッケージ|看板|ポスター|張り紙|貼り紙|チラシ|Tシャツ|ラベル|垂れ幕|横断幕|のぼり|ステッカー)"
#: A work named by its title (「…」って本を書いた, 「…」て動画を出してはる, 「…」という曲が流れた): the title, as the subject or
#: object, not the words of whoever made it; 「…」って動画で話してた is speech in the video.
WORK = r"(?:本|曲|歌|映画|番組|動画|小説|アルバム|作品|絵本|漫画|マンガ|ドラマ|アニメ|ゲーム|アプリ|コーナー|企画|連載|特集)"
LABEL_AFTER = re.compile(
    r"^\s*(?:って|という|っていう|といった|との|の|と|" + KANSAI_TO_IU + r")?\s*" + LABEL
    # … a surface only after a quotative that makes the quote its content (「…」ってラベルを貼る, 「…」というステッカー)
    + r"|^\s*(?:って|という|っていう|といった|との|" + KANSAI_TO_IU + r")\s*" + SURFACE
    + r"|^\s*(?:って|という|っていう|といった|" + KYOTO_TE + "|" + KANSAI_TO_IU + r")\s*" + WORK + r"(?=を|が|は|も)"
)
#: Text right before a quote that introduces it as a label (テロップには「…」, キャッチコピーは「…」, 画面に「…」).
LABEL_BEFORE = re.compile(
    LABEL + r"(?:は|が|も|に|にも|で|には)?[、:：]?\s*$"
    r"|" + SURFACE + r"(?:に|には|にも|上に)[、]?(?:大きく|でかでかと)?\s*$"
    # a verdict or rating given as a label (判定は「ミスリーディング」とします)
    r"|(?:判定|格付け|区分|等級)(?:は|を|が)[、]?\s*$"
)
#: A speech verb in its potential form after the quote (『AIのせい』と言い切れる証拠はない, 「わからない」と言えるAI, …って
#: 言えること): words that could be said, of nobody — what they would assert is discussed, a term.
SAYABLE_AFTER = re.compile(r"^\s*(?:と|って)(?:は|も)?[、,]?(?:言え|言い切れ|言いきれ|断言でき|断定でき)")
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
#: Where people leave their words, right before the quote (動画のコメントに『…』ってのがあって, レビューにも「…」と): with a
#: quotative after it, the words are a voice, of whoever left them, though no subject is named.
VOICE_PLACE = re.compile(
    r"(?:コメント|コメント欄|書き込み|レビュー|口コミ|クチコミ|投稿|返信|リプライ|リプ|感想)(?:に|には|にも|では|でも)[、,]?\s*$"
)
#: Quotes listed together before a voice noun (「…」とか「…」とか、いろんな声; 「…」や「…」といった意見).
VOICE_LIST = re.compile(
    r"^\s*(?:(?:とか|や|など|、)[、]?|(?=[「『]))(?:[「『][^「」『』]*[」』](?:とか|や|など)?[、]?)*"
    r"[^。「」『』]{0,12}?" + VOICE_NOUN
)
#: A quote closed by と / って with the speech verb left out (…その方のコメントが、「…」と。).
ELLIPTIC_AFTER = re.compile(r"^\s*(?:と|って)[。!！]")
#: Text right after a quote that reports a statement (…」としています, …」とした, …」としてはります; the spoken
#: …」としてて, していて with its い dropped).
STANCE_AFTER = re.compile(r"^\s*と(?:して(?:い|て|は[りるっ]|お[りる]|る)|し(?:た|ま))")
#: A quotative particle after a quote followed by some predicate (…」って注文をつけてはった, …」とみています,
#: …」と疑問を投げかけました): with a subject before the quote and words that end as a sentence inside, the words
#: are that subject's, whatever the verb (no verb list can be complete). Not と as "with / as / than" (と同じ,
#: とは, との, とか, という: other rules read those), nor a naming (is_label wins first).
#: A statement a body or person issues, named right after the quote (「…」という声明を出した, 「…」という見解を示した):
#: the quote is the subject's statement, as with との声明.
ISSUED_STATEMENT = r"(?:声明|談話|見解|コメント)を(?:出|発表|公表|示|発|寄せ)"
QUOTATIVE_AFTER = re.compile(
    # (not the bare いう: 「…」いう会社 names a noun, as という does)
    r"^\s*(?:とも|などと|なんて|だと|って|と|"
    + KYOTO_TE  # 「…」て、えらい驚いてはりました
    + "|"
    + KANSAI_TO_IU.replace("|いう", "")
    + r")(?!\s*(?:同じ|同様|比べ|比較|並[ぶびん]|共に|ともに|一緒|いう(?!" + ISSUED_STATEMENT + r")|いっ|言う|言っ|の(?!立場|考え|姿勢|方針|認識|見通し|意向|見方|見解|声明|コメント|談話|メッセージ)[^ぁ-ゖ]|"
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
SUBJECT_BEFORE = re.compile(r"(?:は|も|が|なんか|なんて|ったら|" + BY + r")[、,]?\s*$")  # Xさんなんか「…」って
#: A person as the subject with its particle dropped, as speech drops it (彼、「…」とまで言うてはった, Xさん、「…」って笑って
#: はった): a pronoun, or a name's honorific or title, then a comma right before the quote.
DROPPED_PARTICLE = re.compile(r"(?:" + HONORIFIC + r"|彼女|彼|同氏)[、,]\s*$")
#: Someone's words as the subject right before a quote closing its sentence (X氏の答えは「…」。): a figure alone is
#: their statement too (X氏の答えは「およそ三分の一」。), as after によると.
WORDS_SUBJECT = re.compile(
    r"の(?:言葉|発言|コメント|一言|ひとこと|談話|メッセージ|答え|回答|返事|見解|主張)(?:は|が|も)[、,]?\s*$"
)
#: A quote closing its sentence with no verb after a titled subject or someone's words (Xさんは「…」。,
#: X氏の答えは「…」。): the words are that person's, as news writes them.
TITLED_SUBJECT = re.compile(r"(?:" + HONORIFIC + r")(?:は|も|が)[、,]?\s*$|" + WORDS_SUBJECT.pattern)
#: A copula closing the sentence right after the quote (「…」でした。, 「…」やった。, 「…」どす。).
COPULA_AFTER = re.compile(r"^\s*(?:です|でした|だ|だった|や|やった|どす|どした|である|であった)[ねよな]?\s*(?:[。!！]|$)")


def words_closing(before: str, after: str) -> re.Match[str] | None:
    """The titled subject or someone's words (TITLED_SUBJECT) whose words a quote closing its sentence is (Xさんは
    「…」。, X氏の答えは「…」。), its match in `before`; after someone's words a copula may close it too (X氏の答えは
    「…」でした。: the answer was those words), not after a titled subject alone (森社長は「やる気満々」でした describes
    him). Else None."""
    if closes_sentence(after):
        return TITLED_SUBJECT.search(before)
    return WORDS_SUBJECT.search(before) if COPULA_AFTER.match(after) else None


#: A clause before a quote that names no subject, only that the speech goes on (さらに, また、, 続けて, その上で; or
#: nothing, the quote opening the sentence): the speaker is the one of the statement right before.
GOES_ON = re.compile(r"\s*(?:(?:さらに|また|そして|加えて|続けて|その上で|そのうえで|ほんで|それから|ほかにも|他にも)[、,]?)?\s*$")
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


def said_as_sentence(inner: str) -> bool:
    """Words of some length (QUOTATIVE_MIN_CHARS) that end as a sentence does: what someone said, not a word or a
    name given (『開ける』, 「工場の父」)."""
    return len(inner.strip()) >= QUOTATIVE_MIN_CHARS and bool(SENTENCE_LIKE.search(inner))


#: A dash after a quote, the sentence that names its speaker after it (「…」――Xはそう言い切った).
DASH = re.compile(r"\s*[―—–]{1,2}\s*")
#: English words ending as a sentence does (two words at least: 「Yahoo!」 is a name).
ENGLISH_SENTENCE = re.compile(r"\s*[A-Za-z][^ぁ-ゖァ-ヴー一-龥]*\s[^ぁ-ゖァ-ヴー一-龥]*[.!?]\s*")
#: A quote closed by と and the speaker's name and title, the verb left out (「…」と、開発者の山田さん。), or with a
#: relative clause on the person (「…」と笑う店主の田中さん。, 「…」と話す、漁協のXさん。: a comma only after the verb's
#: attributive form; after a sentence's end, 「…」って言うてたで、田中さん。, the name is someone spoken to).
NAMED_ELLIPTIC = re.compile(
    r"^\s*(?:と|って)、?(?P<who>(?:[^。「」『』、]{1,20}?[うくぐすつぬぶむるた]、)?[^。「」『』、]{1,30}?"
    + HONORIFIC
    + r")\s*(?:[。!！]|$)"
)
#: Dialogue without a colon: the line opens with a name and its title, then the quote (石井さん「…」).
NAMED_OPENING = re.compile(r"^\s*(?P<name>[^「」『』。、:：\s]{0,30}?" + HONORIFIC + r")\s*$")


def translation(source: SourceText, span: Span, previous: Statement | None, last_top: Span | None) -> bool:
    """The translation in parentheses of the statement right before it (「We need …」(「…」)と書いた): the same
    speaker's words as rendered, so a statement whenever the original is one; a name's reading stays a term."""
    if previous is None or last_top is None or span.parent is not None or previous.span is not last_top:
        return False
    if previous.line != span.line or not TRANSLATION_BEFORE.search(source.text, max(0, span.start - 9), span.start - 1):
        return False
    return source.text[span.end + 1 : span.end + 3].lstrip()[:1] in (")", "）")


#: Words for what an organisation issues itself (its report speaks for it), unlike 記事 written about others.
ISSUED_WORD = re.compile(
    r"報告書|報告|レポート|声明|ブログ|発表文|プレスリリース|資料|論文|白書|改訂版|指針|ガイドライン|規約|訴状"
    r"|(?<![一-龥])[一-龥]{0,3}(?<![思懸名妙答図])案(?![一-龥])|ルール案"  # a draft a body publishes (指針案では)
)
#: An article word as the subject of the clause before a quote (報告書は「…」と結論づけた, 記事は「…」).
ARTICLE_SUBJECT = re.compile(
    # … itself (報告書自身も「…」と認めている)
    r"(?:" + ARTICLE_WORD.pattern + r")(?:自身|自体)?(?:(?:で|の中で|では|には)?(?:は|も|が)|には|にも|では)"
    # … a topic closed by a comma stays the subject across a longer adverbial (案では、…広告について「…」), as
    # TOPIC_IN_CLAUSE says of a person
    r"(?:[、,]?[^。「」『』]{0,16}|[、,][^。「」『』]{17,32})$"
)
#: A quote that itself reports someone's quote (「ヴァイス氏は『…』と述べ、…」): the reporter's words, not theirs.
REPORTS_A_QUOTE = re.compile(r"(?:は|が|も)[、,]?『[^『』]+』(?:と|って|とも)")


def article_sentence(before: str) -> bool:
    """The sentence right before the quote names an article (Xも記事にしとった。「…」やて): the article speaks."""
    if not re.search(r"[。:：]\s*$", before):
        return False
    body = before.rstrip().rstrip("。:：")
    return bool(ARTICLE_WORD.search(body[body.rfind("。") + 1 :]))


#: A translator's note giving the original of what was just quoted (訳注:原文は「…」, 原文では「…」).
ORIGINAL_BEFORE = re.compile(r"原文(?:で|では|は|だと|を見ると)?[、,:：]?\s*$")


def original_words(source: SourceText, span: Span, previous: Statement | None, last_top: Span | None) -> bool:
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


def claim(inner: str, after: str) -> bool:
    """Words reported as a claim, a post or what someone said (「…」という投稿): sentence-like words of some length."""
    return said_as_sentence(inner) and bool(CLAIM_AFTER.match(after))


def people_voice(inner: str, after: str) -> bool:
    """Unnamed people voicing the words (「…」と首をかしげる人も): sentence-like words of some length only."""
    return said_as_sentence(inner) and bool(PEOPLE_VOICE_AFTER.match(after))


def quotative(source: SourceText, span: Span, before: str, after: str) -> bool:
    """A subject in the clause (or the one asked, or the clause of a quote it is chained to), words ending as a
    sentence, then と / って and any predicate: a statement."""
    if not QUOTATIVE_AFTER.match(after):
        return False
    inner = source.text[span.start : span.end]
    clause = before[before.rfind("。") + 1 :]
    subject = bool(SUBJECT_IN_CLAUSE.search(clause) or TOPIC_IN_CLAUSE.search(clause) or FIRST_PERSON.search(clause))
    # … or the quote is chained to a quotative clause before it (報告書は、…を「…」と名付け、「…」と結論づけた): that
    # clause's subject goes on
    subject |= bool(CHAINED.search(clause))
    # … or someone asked in it answers (Xさんに聞いたら「…」って返ってきた)
    subject |= bool(ASKED.search(clause))
    # a word or two in brackets is a word discussed (『開ける』って動詞), not a statement
    sized = len(inner.strip()) >= QUOTATIVE_MIN_CHARS or bool(re.search(r"[、。！？]", inner))
    # English words as a sentence: three or more, one in lower case (a title or product capitalises every word)
    words = re.findall(r"[A-Za-z']+", inner)
    english = len(words) >= 3 and any(w.islower() and len(w) > 1 for w in words)
    english = english and not re.search(r"[ぁ-ゖァ-ヴー一-龥]", inner)
    return subject and (english or sized and bool(SENTENCE_LIKE.search(inner)))


#: A quote that follows another one's speech verb in the same sentence (…」と断言し、「…」とも強調した).
CHAINED = re.compile(r"[」』](?:と|って|とも)[^。「」『』]{0,12}[、,]\s*$")
#: A line that is nothing but a speaker's name (dialogue with the name on its own line).
NAME_LINE = re.compile(r"^\s*(?P<name>[^「」『』。、:：!！?？\s]{2,24})\s*$")


def name_line(source: SourceText, span: Span) -> re.Match[str] | None:
    """The line before a quote-only line, when it is only a name (田中美咲教授 / 「…」 on the next line)."""
    if span.parent is not None or span.line < 2 or not _after_is_empty(source, span):
        return None
    m = NAME_LINE.match(source.line(span.line - 1))
    if m is None or not re.search(HONORIFIC + r"$|・", m.group("name")):
        return None
    return m


def cue_line_before(source: SourceText, span: Span) -> bool:
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
    if WORDS_PRESENTED.search(last):
        return True  # ここで、Xさんのコメントを紹介します。: the next line is X's words
    return bool(ANNOUNCES.search(last)) and announced or bool(ANNOUNCING_PREDICATE.search(last) or ASKED.search(last))


#: A line presenting someone's words as its object (Xさんのコメントを紹介します, Xの声明を読み上げます): the quote-only
#: line after it is those words.
WORDS_PRESENTED = re.compile(
    r"の(?:言葉|発言|コメント|一言|ひとこと|談話|メッセージ|声明|投稿|回答|答え)(?:を|も)[^。「」『』]{0,16}$"
)
#: A sentence about someone's words, announcing the quote that follows it (X CEOの言葉がええねん。「…」).
WORDS_OF = re.compile(
    r"(?P<who>[^。「」『』]{1,40}?)の(?:言葉|発言|コメント|一言|ひとこと|談話|メッセージ)(?:が|は|も)"
)


def words_of(source: SourceText, span: Span) -> tuple[int, int] | None:
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


def interviewee(source: SourceText, span: Span) -> tuple[int, int] | None:
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


def board_credit(source: SourceText, span: Span) -> tuple[int, int] | None:
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


#: A sentence after a quote that says who said it: it refers back with a speech verb (こう指摘するのは…, このように
#: 述べました, Xはこう言って…), or names the speaker in a cleft (言うたんは、…さんやで / 話したのは…).
ANNOUNCED_AFTER = re.compile(
    r"^\s*(?:このように|こう|そう)[、,]?[^。「」『』]{0,24}?(?:"
    + SPEECH_VERB
    + "|"
    + MANNER_VERB  # 「…」。Xはこう締めくくった
    + ")|(?:このように|こう|そう)(?:"
    + SPEECH_VERB
    + "|"
    + MANNER_VERB
    + ")|"
    + SPEECH_VERB
    + r"[^。、「」『』]{0,6}?(?:のは|んは)"
    # a subject, then こう / そう and any verb (「…」。X氏はそう首を振る)
    + r"|(?:は|が|も)[、,]?(?:このように|こう|そう)[^。「」『』]{1,16}[うくぐすつぬむぶるた]\s*$"
    # こう / そう, any verb, then a cleft (「…」。そう話さはるのは、X氏どす): the cleft names the speaker, whatever the
    # verb's form or dialect
    + r"|^\s*(?:このように|こう|そう)[^。「」『』、]{1,12}?(?:のは|んは)[、,]?"
    # a titled person as the subject and a verb of manner closing the sentence, こう / そう left out (「…」。大槻さんは
    # 目を細める, 「…」。X氏は胸を張った): a feature's way of saying who spoke
    + r"|^\s*[^。「」『』]{0,30}?(?:"
    + HONORIFIC
    + r")(?:は|が|も)[、,]?(?:"
    + MANNER_VERB
    + r"|目を細め|うなず|頷)[^。「」『』、]{0,8}$"
)
#: A quotative, any predicate, then a cleft after the quote (「…」と首を振るのは、X氏だ): the cleft names the speaker.
CLEFT_AFTER = re.compile(r"^\s*(?:と|って)(?!いう|いった|呼|名付)[^。「」『』、]{1,12}?(?:のは|んは)[、,]?")
#: How many sentences after a quote may pass before the one that names its speaker (これ、…の一言や。言うたんは…).
ANNOUNCED_WITHIN = 2


def _sentences_after(source: SourceText, span: Span) -> Iterator[tuple[int, int]]:
    """The next ANNOUNCED_WITHIN sentences of a quote's line, [start, end) each, when the quote opens its sentence and
    ends it (。 after the bracket, a dash, or a sentence closed inside it and a space: 「…close.」 Xは…); a sentence
    that quotes someone else ends them."""
    if span.parent is not None:
        return
    after = _after(source, span)
    inner = source.text[span.start : span.end]
    if after.startswith("。"):
        a = span.end + 2
    elif (dash := DASH.match(after)) is not None:
        a = span.end + 1 + dash.end()  # 「…」――森社長はそう言い切った
    elif SENTENCE_END.search(inner) and after[:1].isspace():
        a = span.end + 1
    else:
        return
    before = _before(source, span)
    if before.strip() and not re.search(r"[。！？!?]\s*$", before):
        return
    line_end = min(source.line_starts[span.line - 1] + len(source.line(span.line)), a + WINDOW)
    for _ in range(ANNOUNCED_WITHIN):
        if a >= line_end:
            return
        cut = source.text.find("。", a, line_end)
        b = cut if cut >= 0 else line_end
        sentence = source.text[a:b]
        if "「" in sentence or "『" in sentence:
            return
        yield a, b
        a = b + 1


def announced_after(source: SourceText, span: Span) -> tuple[int, int] | None:
    """The sentence after a quote that says who said it (「…」。記者会見で、森健二社長はこのように述べました。): one of
    `_sentences_after` that refers back to it with a speech verb or names its speaker in a cleft (言うたんは…)."""
    return next(((a, b) for a, b in _sentences_after(source, span) if ANNOUNCED_AFTER.search(source.text[a:b])), None)


#: A sentence after a quote saying whose words they are (「…」。これは、市バスの予測を始めた洛北交通の発表どす / それが
#: X社長の言葉だった): the owner, a name or a name and its honorific right before the noun for the words, then a
#: copula (これ、ソニーの発表会での一言や names where, not who; これ、ある声優さんの言葉や names nobody).
OWNED_AFTER = re.compile(
    r"\s*(?:これ|それ)(?:は|が|も)?(?![、,]?\s*(?:ある|とある|或る|某))[、,]?\s*(?P<owner>(?![、,\s])[^。「」『』]{0,40}?(?:[一-龥々ァ-ヴーA-Za-zÀ-ÿĀ-ſḀ-ỿ0-9]|さん|様|ちゃん|くん))の"
    r"(?P<noun>発表|声明|コメント|談話|言葉|発言|一言|ひとこと|メッセージ)"
    r"(?:なん)?(?:だ|や|です|どす|でした|だった|やった|である)(?:よ|ね|な|わ|ねん|で|って)?\s*$"
)
#: The words a body issues (発表, 声明): their owner is an organisation whatever its name's shape.
ISSUED_NOUN = re.compile(r"発表|声明")


def owned_after(source: SourceText, span: Span) -> tuple[int, int, str] | None:
    """Whose words the sentence after a quote (one of `_sentences_after`) says the quote is (`OWNED_AFTER`): [start,
    end) of the owner and the noun for the words, else None."""
    for a, b in _sentences_after(source, span):
        if (m := OWNED_AFTER.match(source.text[a:b])) is not None:
            return a + m.start("owner"), a + m.end("owner"), m.group("noun")
    return None


#: A quote's source given with から / より right before it (…さんから「…」って, 読者より「…」).
FROM_SOURCE = re.compile(r"(?:から|より)(?:は|も)?[、,]?\s*$")
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


def previous_sentence(before: str) -> int:
    """Where the sentence right before the quote starts, in `before`, when the quote opens a sentence right after
    it and the sentence quotes nothing near the quote; else -1."""
    if not re.search(r"[。！？!?]\s*$", before) or "「" in before[-80:] or "『" in before[-80:]:
        return -1
    body = before.rstrip()[:-1]
    return max(body.rfind("。"), body.rfind("！"), body.rfind("？")) + 1


def asked_before(before: str) -> int:
    """Where the sentence right before the quote starts, in `before`, if it says someone was asked; else -1."""
    start = previous_sentence(before)
    if start < 0:
        return -1
    last = before.rstrip()[start:-1]
    return start if ASKED.search(last) and not ASKS_THIS.search(last) else -1


def reported_opening(source: SourceText, span: Span, before: str, after: str) -> bool:
    """A quote opening its sentence, closed by a hearsay ending (…大学院生の蔀湊太さん。「…」とのことどす, …さんにも聞いて
    みたで。 then 「…」とのこと。 on a line of its own): words reported as said, for words of some length ending as a
    sentence (。「ととのう」らしい is a word going round), though their clause names no subject; whose they are is the
    attribution's to find; an answer may be shorter (…さんにも聞いてみた。「無理です」やって, or on the line after one
    announcing it). Not ってこと, which glosses what was said (「自分で確かめろ」ってことや: what it comes to)."""
    if not HEARSAY_AFTER.match(after) or after.lstrip().startswith("ってこと"):
        return False
    inner = source.text[span.start : span.end]
    whole = not before.strip() and _before_is_whole(source, span)
    if not (whole or re.search(r"[。！？!?]\s*$", before)) or not SENTENCE_LIKE.search(inner):
        return False
    return said_as_sentence(inner) or asked_before(before) >= 0 or whole and cue_line_before(source, span)


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


def named_opening(span: Span, before: str) -> re.Match[str] | None:
    return NAMED_OPENING.match(before) if span.parent is None else None


#: A headline's attribution, the way headlines quote: a name and its title, or an unnamed source, written with no
#: particle right before the quote that closes the line, after a space or a comma (▼…、日本に拠点 リサ・モーガン氏「…」,
#: ▼… 関係者「…」); the headline's first words are its topic, not the speaker.
SOURCE_NOUN = r"(?:関係者|関係筋|消息筋|幹部|担当者)"
HEADLINE_NAMED = re.compile(r"(?:^|[\s、])(?P<name>[^\s「」『』。、:：]{0,30}?(?:" + HONORIFIC + "|" + SOURCE_NOUN + r"))\s*$")


def headline_named(source: SourceText, span: Span) -> tuple[int, int] | None:
    """Where a headline names whose words its closing quote is (▼… 森社長「…」): [start, end) of the name, else None."""
    if span.parent is not None or not _before_is_whole(source, span) or span.end + 1 + WINDOW < _ceiling(source, span):
        return None
    if _after(source, span).strip() not in ("", "。"):
        return None
    before = _before(source, span)
    m = HEADLINE_NAMED.search(before)
    if m is None:
        return None
    at = span.start - 1 - len(before)
    return at + m.start("name"), at + m.end("name")


def closes_sentence(after: str) -> bool:
    """Whether nothing but the sentence's end follows the quote (。, or the line's end)."""
    return after.strip() in ("", "。") or after.lstrip()[:1] == "。"
