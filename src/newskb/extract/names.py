"""The shapes of names: people, organisations, publications, and the titles that follow them.

A speaker no registry has is recognised by the shape of its name (a katakana, Latin or kanji person name with an
honorific or title, a company name with 社, an institution word such as 委員会 or 局, a katakana name ending in an
organisation word) rather than by a list of names, so a transcript naming people never seen before still gets
them proposed. `_unregistered` finds those names in a window; `short_names` gives the family-name forms of the
registered people.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from .mentions import NOT_NAMES, EntityIndex, Hit
from .spans import _mask_quotes

#: The source-giving particles: Xによると, Xによりますと, Xによれば, Xいわく.
BY = (
    r"(?:によると|によりますと|によれば|いわく|曰く|に言わせると|に言わせれば|に言わせたら|の話では|の話だと|に聞くと|"
    r"に聞いたところ)"
)
#: Honorifics and titles that follow a name (and are not part of it); 委員 (a commissioner) only after a katakana or
#: Latin name: after kanji it is a committee member's job (選考委員, 専門委員), no name.
HONORIFIC = (
    r"(?:さん|氏|様|さま|くん|君|ちゃん|社長|会長|副社長|CEO|ＣＥＯ|CTO|COO|CFO|教授|准教授|博士|"
    r"(?:上院|下院|衆議院|参議院|衆院|参院|州|市|県|都)?議員|"
    r"大統領|首相|副大臣|大臣|外相|財務相|防衛相|経済相|法相|厚労相|文科相|経産相|農相|環境相|国防相|内相|"
    r"事務次官|次官|政務官|副長官|長官|"
    r"代表|所長|部長|室長|局長|記者|選手|監督|先生|創業者|研究員|研究者|氏ら|弁護士|医師|判事|"
    r"裁判官|検事|知事|市長|町長|村長|会計士|税理士|講師|助教|学長|総裁|理事長|委員長|(?<=[ァ-ヴーA-Za-zÀ-ÿĀ-ſḀ-ỿ])委員(?!会)|議長|副学長|学部長|教諭|校長|教頭|"
    r"園長|院長|理事|顧問|主任|課長|係長|支店長|店長|編集長|特任教授|名誉教授|社外取締役|取締役|執行役員|専務|常務|"
    # a temple's, shrine's or church's head and an inn's mistress (観月住職, 鷹司宮司, 女将)
    r"副住職|住職|宮司|神主|牧師|神父|女将|"
    r"(?<=[一-龥々])[一二三四五六七八九]段|名人|竜王)"  # a shogi or go player's rank (早乙女翔太七段)
)
#: A name's reading in parentheses between it and its honorific (石動遥(いするぎ・はるか)氏): not part of the name.
READING = r"(?:[(（][ぁ-ゖァ-ヴー・\s]{2,24}[)）])?"
#: What a title's prefix or a kanji role noun is, never a name (副学長, 元社長; 視聴者さん, 店員さん, 学生さん).
NOT_A_KANJI_NAME = re.compile(
    r"[副元前現新同初]|共同|筆頭|[一-龥]{1,2}[者員民手]|学生|生徒|職人|農家|大家|若者|友人|知人|主婦|子供|子ども"
)
#: A katakana name, its parts joined by ・ or ＝, a Latin middle initial allowed between them (ジョン・D・スミス);
#: its first part may be one syllable when a part of its own follows (a Korean or Vietnamese family name: イ・ミンジュ).
KATAKANA_NAME = r"[ァ-ヴー](?:[ァ-ヴー]+|(?=[・＝=][ァ-ヴー]{2}))(?:[・＝=](?:[A-Z][.．]?[・＝=])?[ァ-ヴー]+)*"
#: Latin letters a name may hold beyond ASCII: Latin-1, Extended-A and Extended Additional (Théo, Marković, Nguyễn).
_UP = "A-ZÀ-ÞĀ-ſḀ-ỿ"
_ANY = "A-Za-zÀ-ÿĀ-ſḀ-ỿ"
_LOW = "a-zß-ÿĀ-ſḀ-ỿ"
LATIN_NAME = rf"[{_UP}][{_ANY}.\-]+(?: [{_UP}][{_ANY}.\-]+){{0,3}}"
#: A person's Latin name may hold a lowercase particle of one to three letters between its capitalised words
#: (Ludwig van Beethoven, Ana de la Cruz, Omar bin Said): the family name's, part of the name.
LATIN_PERSON_NAME = rf"[{_UP}][{_ANY}.\-]+(?: (?:[{_LOW}]{{1,3}} ){{0,2}}[{_UP}][{_ANY}.\-]+){{0,3}}"
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
_VERB_ENDING = r"(?<!する|れる|ける|せる|める|べる|てる|ねる|げる|える|いる|なる|ある|きる|じる|びる|みる)"
_KANA_GIVEN = r"(?<![たてだでいうくすずぬむん])" + _VERB_ENDING
#: … before one kanji closing the name ず is a given name's kana (しず江, かず子), not a negation: no verb in ず is
#: followed by a kanji and a title.
_KANA_GIVEN_BEFORE_KANJI = r"(?<![たてだでいうくすぬむん])" + _VERB_ENDING
KANJI_KANA_NAME = (
    r"(?:[一-龥々]{2,3}(?![のはがをにでともやへ])(?:(?!っ)[ぁ-ゖ]){2,3}"
    + _KANA_GIVEN
    # … or ending in one kanji (川端ゆり子, 石田まな美), right before the honorific
    + r"|[一-龥々]{2,3}(?![のはがをにでともやへ])(?:(?!っ)[ぁ-ゖ]){1,2}"
    + _KANA_GIVEN_BEFORE_KANJI
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
#: stands right before those. The given name may begin with a particle's sound (小野寺はるみ, 西園寺ともみ, 森やよい)
#: but is no particle before みなさん (店主はみなさん: everyone). It may end in た before さん (真砂ひなたさん, 森ゆうたさん),
#: where no past tense stands; not before 氏 or 様 (登録した氏名, 驚いた様子).
KANJI_KANA_NAME_POLITE = (
    r"[一-龥々]{2,3}(?![のがをにでへ])(?![はともや]?みな(?:さん|さま|様))(?:(?!っ)[ぁ-ゖ]){2,3}"
    r"(?:(?<![たてだで])(?=さん|氏|様)|(?<=た)(?=さん))"
)
#: An unregistered person: a name followed by an honorific or title.
PERSON_NAME = re.compile(
    rf"(?P<name>{PEN_NAME}|{KATAKANA_NAME}|{LATIN_PERSON_NAME}|{KANJI_KATAKANA_NAME}|{KANJI_KANA_NAME}|"
    rf"{KANJI_KANA_NAME_POLITE}|{KANJI_NAME}){READING}\s?{HONORIFIC}(?!会|団|クラブ)"  # 日本医師会, 弁護士会: a body
)
#: Latin words that end an organisation's name, not a person's (Hugging Face, Mistral AI, Acme Labs).
LATIN_ORG_WORD = (
    r"(?:Inc|Corp|Co|Ltd|LLC|Labs?|AI|Group|Systems|Technologies|Tech|Robotics|Research|Institute|Foundation|Capital|"
    r"Ventures|Platforms|Networks|Media|News|Studios?|Energy|Motors|Health|Bank|University|Cloud|Dynamics|"
    r"Analytics|Intelligence|Computing|Software|Semiconductors?|Partners|Holdings|Times|Post|Journal|Review|"
    # a legal form that closes a European company's name (Hörwerk AG, Nordlicht GmbH, Keller plc, Saimaa Oyj)
    r"AG|GmbH|plc|PLC|Oyj?|SpA)"
)
#: … or opens it, as an article does (The Verge, The Information): a publication's, never a person's.
LATIN_ORG_NAME = re.compile(rf"\b{LATIN_ORG_WORD}\b|^The ")
#: A person's name in Latin script: given name and family name, each capitalised (John Smith, Margaret Holloway).
LATIN_FULL_NAME = rf"[{_UP}][{_LOW}]+(?: [{_UP}][{_LOW}]+)+"
#: An unregistered person named without honorific, as the subject right before a quote or a speech verb.
BARE_PERSON = re.compile(
    rf"(?P<name>{KATAKANA_NAME}|{LATIN_FULL_NAME}"
    # a kanji name right after the job it holds (弁護士の久我山透子は, 作家の…): a noun for a person, then の
    r"|(?<=[者家士員師手官]の)[一-龥々]{3,5})(?=側?(?:は|が|も)[、,]?)"  # X側は: X's side speaks
)
#: The kinds of body a name is given after, or said to be (スタートアップX, 出版社のX, 財団X, 団体、X, Xっていう会社):
#: one list for every rule that reads a name beside its kind.
BODY_KIND = r"(?:スタートアップ|ベンチャー|新興企業|企業|会社|メーカー|団体|組合|法人|財団|NPO|NGO|出版社|新聞社|通信社)"
#: A body named right after the kind of body it is, as the subject (地元の環境団体ミドリ・ノ・カイは, 漁師の団体、
#: シオカゼ・ユニオン大阪は, 研究者の団体である日本気候データネットワークは): an organisation's name whatever it ends
#: in, with the kanji written onto its katakana (a prefix such as 日本気候, a place such as 大阪 after it); not after
#: の (開発会社のジョン・ミラーは is a person in the company).
DESCRIBED_ORG = re.compile(
    BODY_KIND + r"(?:、|である|という|っていう)?"
    rf"(?!{BODY_KIND})(?P<inst>[一-龥]{{0,6}}{KATAKANA_NAME}[一-龥]{{0,4}}|{LATIN_NAME})(?=(?:は|が|も)[、,]?)"
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
#: A publication named by its title in brackets right after the kind of publication it is (業界紙『電子時報』は,
#: ニュースサイト「テック日報」によると): the paper speaks, as a bare name would; so does a body named so (朗読家の団体
#: 「声の会」は).
TITLED_PUBLICATION = re.compile(
    r"(?:紙|誌|新聞|雑誌|メディア|サイト|通信|ブログ|団体|組合|グループ|協会)[「『](?P<name>[^「」『』。、!！?？]{2,20})[」』]"
    r"(?=(?:は|が|も)[、,]?|" + BY + r"|の(?:記事|報道))"
)
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
    r"(?P<inst>(?!同|大手|手(?<=大手))[一-龥ァ-ヴーA-Za-z0-9](?:[一-龥ァ-ヴーA-Za-z0-9]|・(?=[一-龥ァ-ヴー])){0,13}(?:機構|協会|委員会|評議会|審議会|協議会|学会|連盟|連合会|議会|[師士]会|組合|研究所|財団|連合|当局|庁|省|大学|銀行|新聞|"
    r"精機|電子|電機|工業|製作所|運輸|商事|重工|製薬|証券|物産|政府|株式会社|合同会社|有限会社|"
    # a brewery or an insurer by its trade (月読酒造, ミナト損保; 大手損保 is a kind), a museum or library by its kind
    # of hall (…美術館, …図書館: a bare 美術館 has no name before it)
    r"酒造|損保|生保|美術館|博物館|図書館|科学館|記念館|資料館|"
    # a government (フランス政府), a government office or a police force (州水資源局, 著作権局, 大阪府警), a news
    # agency or paper (…通信, …新報),
    # a maker named for its trade (…光学, …計測, …化学): words that end only an organisation's name
    r"(?<!事務)(?<!編集)局|"
    # a body named by its scope and field (欧州宇宙機関, 欧州データ保護会議, 国際エネルギー機関): a kanji field word
    # after a word of its own, or a katakana one after a kanji scope word (研究機関, 金融機関, 首脳会議 are kinds of
    # body; オンライン会議, テレビ会議 are meetings)
    r"(?:(?<=[一-龥ァ-ヴーA-Za-z][一-龥]{2})|(?<=[一-龥][ァ-ヴー]{2})|(?<=[一-龥][ァ-ヴー]{3})|(?<=[一-龥][ァ-ヴー]{4})"
    r"|(?<=[一-龥][ァ-ヴー]{5})|(?<=[一-龥][ァ-ヴー]{6}))(?:機関|会議)|[府県道]警|警察|弁公室|通信社?|新報|日報|光学|計測|化学|"
    # a prefecture as its government (兵庫県は「…」とコメント): two kanji at least before 県 (各県, 他県 are none)
    r"(?<=[一-龥]{2})県))"
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
#: The characters of a name's script (kanji, katakana, Latin, digits): a name is a whole run of them.
NAME_CHAR = r"一-龥々ァ-ヴー・A-Za-zÀ-ÿĀ-ſḀ-ỿ0-9０-９"
#: Hiragana written inside a body's name or opening it (南紀くろしお自然館, あかね雲会): two to four, no particle among
#: them, not ending as a verb or an adjective does (…を営む社会福祉法人, 新しい会社: a clause or a word before a name).
_KANA_IN_NAME = r"(?:(?![のはがをにでとへもやっ])[ぁ-ゖ]){2,4}(?<![うくすつぬむゆるただい])"
_NAME_PART = rf"(?:[{NAME_CHAR}]|(?<=[{_ANY}]) (?=[{_UP}]))+"
#: A name whatever its script, whole (`NAME_RUN`): a run of a name's characters, Latin words joined by spaces
#: (Nakasu Loop), kana inside it or opening it; nothing of a name's script before it, nor kana but の.
NAME_RUN = (
    rf"(?<![{NAME_CHAR}])(?:(?<![ぁ-ゖ])|(?<=の)|(?=[{NAME_CHAR}]))"
    rf"(?:{_KANA_IN_NAME})?{_NAME_PART}(?:{_KANA_IN_NAME}{_NAME_PART})*"
)
#: An organisation named by what it is (国内のスタートアップ北斗インテリジェンスは, ミナモっていう会社): a referent.
APPOSED_ORG = re.compile(
    # … a kind of firm named by its trade (出版社, 通信社) or as its trade's major (製薬大手の: no person follows; 大手スーパー
    # is no name)
    r"(?:" + BODY_KIND + r"(?:、|の)?|大手[、の])"
    # the name may end in a kanji trade word (ミライ計測, ヒカリ光学); & joins a firm's founders' names (ミナト&カワセ);
    # a Latin one may run to several words (スタートアップAcme Robotics Worksが)
    r"(?P<name>[一-龥]{0,3}[ァ-ヴー][ァ-ヴー・]+(?:[&＆][ァ-ヴー][ァ-ヴー・]+)*(?:[一-龥]{2}(?=[はがも、]))?"
    r"|[A-Z][A-Za-z]+(?: [A-ZÀ-ÞĀ-ſḀ-ỿ][A-Za-zÀ-ÿĀ-ſḀ-ỿ.\-]+){0,3})"
    r"(?=[はがもの、をと])"
    # a name in kanji alone (or kana in it), set off by the comma of an apposition as the subject (台湾のスタートアップ、
    # 緑光智能が), or after its kind and の as the subject the sentence is about, set off by a comma (京都の出版社の青柿舎が、);
    # a kind that is an item of a list (大学、企業、自治体が) is no apposition
    r"|(?<![、,])" + BODY_KIND + r"(?:、|(?:の|である)(?=(?:" + NAME_RUN + r")[はが][、,]))"
    r"(?P<kanji>" + NAME_RUN + r")(?=[はがも])"
    # … or said to be one (ミナモっていう会社, 東山テキスタイル工房いう会社, Nakasu Loopっていう会社, 摩耶港運ゆう創業九十年の
    # 荷役会社): the whole name before the quotative, whatever its script (`NAME_RUN`); the Kansai いう / ゆう drop the
    # と; a place or what the firm is may stand between (堺の, 創業九十年の), a field may not (メタバースという分野の企業
    # names a field, not a firm); the kind may be named by its trade (荷役会社, 調査会社)
    r"|(?P<inst>" + NAME_RUN + r")(?:(?:って|と)?(?:いう|ゆう)|っちゅう|といった)"
    r"(?:(?!分野|領域|業界|業種|技術)[^、。「」『』\s]{1,8}?の)?[一-龥ァ-ヴー]{0,6}?" + BODY_KIND
)
#: … its name in brackets, as the subject or the one something is of (ノルウェーのスタートアップ「Acme Orbital」が), or
#: after the clause saying who make it up (声優らでつくる「声の権利を守る会」が, 酒蔵でつくる団体「X」は, 農家が結成した
#: 「X」: its members, people or firms, with で, or its founding; AIで作る「X」 is a thing made with a tool): the brackets
#: give the body's name, not anyone's words; read on the unmasked text.
MADE_UP_OF = (
    r"(?:(?:[らち者社家員民蔵]|団体|企業|自治体)で(?:つくる|作る|つくっている|作っている|組織する)|が(?:結成|設立)した)"
)
BRACKETED_ORG = re.compile(
    r"(?:" + BODY_KIND + r"(?:、|の)?|" + MADE_UP_OF + BODY_KIND + r"?)"
    r"[「『](?P<name>[^「」『』。、!！?？]{2,30})[」』](?=[はがもの、])"
)
#: A Latin name ending in an organisation word (Ferrovia Labs, Orvane Health) followed by a particle: a referent.
LATIN_MENTION = re.compile(rf"(?<![A-Za-zÀ-ÿĀ-ſḀ-ỿ.\- ])(?P<name>{LATIN_NAME})(?=[ぁ-ゖ、])")
#: Someone who speaks for an organisation (Xの広報担当者は「…」): the organisation speaks.
SPOKESPERSON = r"(?:広報担当者|広報担当|広報|報道官|広報部|担当者|関係者|代理人|スポークスマン|スポークスパーソン)"
#: A body's name as Japanese writes one no registry has: a katakana or Latin core with kanji written onto it before
#: (中部オートモビリティ, 日本文芸翻訳者ギルド) or after (ハヤテ便, ポートアイランド物流), whole: nothing of a name's
#: script on either side (`NAME_CHAR`).


def _body_name(group: str) -> str:
    """BODY_NAME as the named group `group` (one pattern's alternatives cannot share a group name)."""
    return (
        rf"(?<![{NAME_CHAR}])(?P<{group}>[一-龥々]{{0,8}}(?:{KATAKANA_NAME}|{LATIN_NAME})[一-龥々]{{0,3}})"
        rf"(?![{NAME_CHAR}\-])"
    )


#: What a body does, said of it as the subject (Xが…を発表した, Xは…の提供を始めた, Xが声明を出した): a company's
#: or an institution's acts, not a person's or a product's.
BODY_ACT = (
    r"(?:発表|導入|開始|始め|運営|運行|提供|公開|発売|開発|声明|リリース|買収|出資|提携|設立|展開|投入|打ち出|決め|策定|まとめ|"
    r"提訴|(?:談話|見解|コメント)を(?:出|発表|公表|発))"
)
#: The narration introducing a body (the discourse model's "new organisation"), whatever its name's shape, by where
#: the name stands rather than by what it ends in:
#: - as the focus of a cleft (広告を出してたのは、サプリ通販のX。 / 運行してるのはXで、 / 調べたのは、…のXである): the one
#:   who did it;
#: - right after a clause that says what it does (埠頭を運営しとうXの担当者は): a relative clause on the name, its
#:   spokesperson or staff speaking;
#: - as the subject, opening its sentence, set off by a comma after what it is (ロンドンの音声スタジオ、Xが、…を
#:   発表した) or after a clause on it (提訴されたXは、…とのコメントを出した), of a body's act later in the sentence.
#: A name with an honorific after it is a person's (PERSON_NAME), never introduced so; nor a name after の, which may
#: be a person of the body before it (開発会社のジョン・ミラーは…を発表した).
INTRODUCED_BODY = re.compile(
    r"(?:のは|んは)[、,]?(?:[^、。「」『』\s]{1,12}?の)?" + _body_name("name") + r"(?=\s*(?:。|で[、,]|である|だ|や|です|でした))"
    r"|(?<=[ぁ-ゖ])(?<!の)" + _body_name("mixed") + r"(?=の?" + SPOKESPERSON + r"(?:は|が|も))"
    # (the comma of an apposition follows a noun: in ハーロウ&グレイが、AIが下書きを…, AI is no body introduced)
    r"|(?:^|(?<=[。!！?？\n])|(?<=[一-龥々ァ-ヴーA-Za-z]、)|(?<=[ぁ-ゖ])(?<!の))\s*" + _body_name("inst")
    + r"(?=(?:が|は)[、,]?[^。\n]{0,80}?" + BODY_ACT + r")",
    re.M,
)
#: A name that is a kind of body or of person, not one body's (音声スタジオ, AI企業, 研究チーム, 翻訳者); or a name with
#: 社 written after it (ミドリヤ社), which ORG_MENTION takes without the 社.
KIND_NOT_NAME = re.compile(
    r"(?<=[ァ-ヴーA-Za-z])社$|(?:会社|企業|団体|組合|法人|メーカー|スタートアップ|ベンチャー|チーム|グループ|スタジオ|サービス|システム|アプリ|モデル|"
    r"[者員人家手師士官])$"
)
#: A body's name written bare, closing the phrase that names who issued something (…を始めた洛北交通の発表): the whole
#: run of a name's script, four kanji at least or katakana or Latin in it (政府, 警察, 事務局 are kinds of body, no
#: name); `issuer_name` also leaves out a kind (運営会社, 研究チーム), a reference back (同社) and a time (昨年十月の発表).
ISSUER_NAME = re.compile(
    rf"(?<![{NAME_CHAR}])(?P<name>[一-龥々]{{4,16}}|(?=[{NAME_CHAR}]*[ァ-ヴA-Za-zÀ-ÿĀ-ſḀ-ỿ])[{NAME_CHAR}]{{2,24}})$"
)
#: A time written in kanji (昨年十月, 今年春, 3月末, 先週): when something was said, not who said it.
TIME_WORDS = re.compile(r"[0-9０-９一二三四五六七八九十百]+[年月日]|[昨今去来]年|[先今来]月|[先今来]週|[昨今明本]日|[年月日週末頃春夏秋冬]$")


def issuer_name(phrase: str) -> re.Match[str] | None:
    """The body's name closing `phrase` (`ISSUER_NAME`), else None."""
    m = ISSUER_NAME.search(phrase)
    if m is None or m.group("name") in NOT_NAMES or m.group("name").startswith("同") or TIME_WORDS.search(m.group("name")):
        return None
    return None if KIND_NOT_NAME.search(m.group("name")) or NOT_A_KANJI_NAME.fullmatch(m.group("name")) else m


#: The kind of body written onto the front of a name (団体ソングライツ・アライアンス, 企業X): what it is, not its name.
#: It is cut where the script changes (社会福祉法人あかね雲会: あかね雲会); a name run into its kind in the same script
#: has no edge to cut at (出版社青柿舎), and a katakana word opening with a kind is one word (ベンチャーキャピタル).
KIND_BEFORE_NAME = re.compile(
    r"^[一-龥々]{0,4}?" + BODY_KIND + r"(?:(?<=[一-龥々])(?=[ァ-ヴーA-Za-zぁ-ゖ])|(?<=[ァ-ヴー])(?=[A-Za-zぁ-ゖ一-龥々]))"
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
ORG_WORDS = (
    r"(?:エナジー|エネルギー|ラボ|ラボズ|ロボティクス|テクノロジー|テクノロジーズ|システムズ|エレクトロニクス|モーターズ|"
    r"ソフト|ネットワークス|グループ|ホールディングス|インダストリーズ|コーポレーション|パワー|バイオ|メディア|ニュース|"
    r"スタジオ|スタジオズ|キャピタル|ファンド|ベンチャーズ|アナリティクス|ダイナミクス|AI|オフィス|センター|"
    r"インスティテュート|ファウンデーション|アソシエーション|コンソーシアム|アライアンス|イニシアチブ|ネットワーク|ジャパン|フォーラム|トラスト|"
    r"モビリティ|ソリューションズ|パートナーズ|ワークス|インク|カンパニー|"
    # a food firm's or a farm's, as a part of its own after ・ (ハルモニ・キッチン, ミナミ・フーズ, アオバ・ファーム): no
    # person's name; run into one word (システムキッチン, ソーラーファーム) it is a thing
    r"(?<=・)(?:キッチン|フーズ|ファーム|ブルワリー|ベーカリー)|"
    # a drug maker's or a campaign group's (ノヴァ・ファーマ, グリーン・アクション): no person's family name
    r"ファーマ|ファーマシューティカルズ|セラピューティクス|ヘルスケア|アクション|"
    # a newspaper's or magazine's (ニューヨーク・タイムズ, ウォール・ストリート・ジャーナル)
    r"タイムズ|タイムス|ポスト|ジャーナル|ヘラルド|トリビューン|ガーディアン|クロニクル|ガゼット|マガジン|レビュー)"
)
ORG_WORD = re.compile(ORG_WORDS + "$")
#: A katakana name ending in an organisation word with kanji written onto it, as the subject: a kanji prefix
#: (国際気象データネットワーク) or a place after it (ネクサス・ラボ東京) is part of the organisation's name; so is a
#: Latin name whose last word is an organisation word or a legal form in capitals (Hörwerk AG, Vela AI), which no
#: person's name pattern takes.
ORG_SHAPED = re.compile(
    rf"(?P<inst>(?<![一-龥々])[一-龥々]{{2,6}}[ァ-ヴー][ァ-ヴー・]*{ORG_WORDS}(?![ァ-ヴー])"
    rf"|(?<![ァ-ヴー・])(?:[ァ-ヴー]+・)*[ァ-ヴー]*{ORG_WORDS}[一-龥々]{{2,3}}"
    rf"|(?<![{_ANY}.\- ])(?:[{_UP}][{_ANY}.\-]* ){{1,3}}{LATIN_ORG_WORD}(?![{_ANY}]))(?=(?:は|が|も)[、,]?)"
)
#: Pronouns that refer back to the last person named (the particle may be dropped: 彼、「…」って).
PRONOUN = re.compile(r"(?:彼|彼女|同氏|この人)(?:は|が|も|、)")


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


#: A kanji name, a middle dot, then the person's affiliation and title (西園寺薫・ハナダ大学教授は), as Japanese news
#: writes it: the name before the dot is the person, the body after it does not speak.
NAME_THEN_AFFILIATION = re.compile(
    r"(?<![一-龥々])(?P<name>[一-龥々]{2,5})・[^\s、。「」『』・]{2,16}?" + HONORIFIC + r"(?=(?:は|が|も)[、,]?)"
)
#: A person's affiliation or title in parentheses after their honorific (トム・リー氏(ハナダ・ロボティクスCEO)は): an
#: aside about the person, whose names are not the speaker.
AFFILIATION = re.compile(r"(" + HONORIFIC + r")([(（][^()（）「」『』]{1,30}[)）])")


def _unregistered(text: str, offset: int, taken: list[tuple[int, int]], subject_only: bool) -> list[Candidate]:
    """Names in `text` that no registry hit covers: people with an honorific, companies with 社, sources."""
    out: list[Candidate] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    raw, text = text, _mask_quotes(text)  # a name inside someone's quoted words is not who says them
    text = AFFILIATION.sub(lambda m: m.group(1) + " " * len(m.group(2)), text)  # X氏(…CEO)は: X speaks
    patterns: list[tuple[re.Pattern[str], str]] = [(NAME_THEN_AFFILIATION, "person"), (PERSON_NAME, "person")]
    patterns += [(ORG_NAME, "organization")]
    patterns += [(SOURCE_NAME, "organization"), (ORG_VOICE, "organization")]
    if subject_only:
        patterns += [(DESCRIBED_ORG, "organization"), (ORG_SHAPED, "organization"), (BARE_PERSON, "person")]
        patterns += [(LATIN_SURNAME, "surname")]
    # pen names first: what they are written in is anyone's guess (しろくま先輩さん)
    for m in [*PEN_NAME_GIVEN.finditer(text), *BRACKETED_NAME.finditer(raw), *TITLED_PUBLICATION.finditer(raw)]:
        a, b = offset + m.start("name"), offset + m.end("name")
        if m.re is TITLED_PUBLICATION:
            b = offset + m.end()  # the closing bracket too, so the particle after it makes the paper the subject
        if free(a, b):
            kind = "organization" if m.re is TITLED_PUBLICATION else "person"
            out.append(Candidate(a, b, name=m.group("name"), kind=kind))
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
                # a title before a title (同社の顧問弁護士、X氏は): the role is no name; the person is named after it
                or pattern is PERSON_NAME
                and re.fullmatch(HONORIFIC, name)
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

