"""Splitting a transcript into intro, stories and outro by the narration's own transitions.

This module is the one place the segmentation rules live (docs/loader.md
describes them for editors; `newskb load --explain` prints which rule made
each split). News narrations announce each item with a spoken transition, in
Kansai or standard Japanese, at the start of a paragraph line — or, in written
digests and show notes, with a heading line. Every line is judged on its
narration: a host's label (A: / 司会:) and spoken fillers come off first.

1. **Intro.** Lines before an intro-ending cue (さっそく本題に入るで,
   それでは見ていきましょう, …) are the intro. Transitions inside the intro
   are its preview of what is coming (…次に…, 最後に…) and start nothing.
   Without an intro-ending cue, the leading lines that greet, introduce the
   host, count or preview the items (まいど!, アシスタントのユミです。, 今週は4本
   お送りします, 今日は…を紹介します, a list of the items closing on their count:
   Xの…、Yの…、それとZの話の五本や。) are the intro, up to the first line with
   an item cue or anything else; so is an opening chapter heading, and a table
   of contents (`_contents`: two or more bare title headings in a row opening
   the body, 1. Appleの… / 03:15 次は…: its cues and names start nothing).
   A first line the greeting rule does not know (この記事は…を訳したもの
   です) is the intro when the next line announces the FIRST item (`FIRST_ITEM`:
   最初のニュースは, まずは, まず米国から, 一本目).
2. **Headings** (`HEADING`: 【1】, ■, ①, (2), 1., 03:15 …) start a story, the
   heading line being its first line. In a transcript with two or more, the
   headings are its structure: cues, connectives and topic shifts under a
   heading are part of its item (■おまけ … 最後におまけ。…).
   A time stamp that opens (nearly) every line — a caption's [02:25] — is
   layout, not a heading (`_Narration`, decided from the whole
   transcript): it comes off every line and the cues after it are read.
3. **Item cues.** After the intro, a line that opens with a transition in
   `STORY_CUES` starts a story (まずは, 次に, ordinals such as 一本目 / 一発目 / 三つ目は / 一つめ / 三コ目 /
   トピック2 / 第3位は, 続いて, 最後に / ほな最後。, さて, もう一つ / Xの話はもう一個ある,
   ほかにも, Xと言えば, ところで, 話を欧州に移そう / 目を日本に転じると,
   the next item's field as a sentence of its own: ここで、ゲーム業界のニュースです。, the headline item or a
   slot of short items announced: 今週の目玉は / ひとことニュースです。, the talk turned to a field "about now":
   ここらで電力の話もしとこか。, the item's headline said aloud, whatever word orders it (`HEADLINE`: しめくくりは
   空の話や。 / 結びのネタは図書館からです。), …).
   Inside a story retelling an exchange (`EXCHANGE`: a press conference, a
   Q&A, an interview), a line that asks or answers (`QA_STEP`: 最初の質問は… /
   次に、…記者が「…」と尋ねました) is its next step, whatever cue it opens with.
3b. **A transition inside a line** (`_inline_cue`): a later sentence that opens
   with an explicit transition (`MIDLINE_CUE`: じゃあ二本目, では次。) or follows
   a sentence closing the item in hand (`WRAP_UP`: …はここまで。 / 以上、Xの
   ニュースでした。) starts a story at that line: the line belongs to the story
   that begins in it. So does an anchor's hand-back (`HANDBACK`: 北村さん、ありがとう
   ございました。) with more narration after it.
3c. **Connectives** (`CONNECTIVE_CUES`: 一方, それから, あと / それと) are words
   that open a new item as often as they go on with the current one; they
   start a story only with evidence of a new topic in the line's first
   sentence (`_new_topic`), never when the line reacts to the item, refers
   back or brings one more voice on it (Xさんも「…」); あと / それと only on a
   new subject, never on new words alone (`SUBJECT_ONLY`).
4. **Topic shift** (fallback, where no cue is given). A line starts a story
   when it opens by naming registry entities (people, organisations,
   products) that the current story has not mentioned, names none that it
   has, the next line stays on the new entities or names someone or something
   the registries tie to them (Anthropicは… then Dario Amodei氏は…), or, for
   a new organisation or product, takes up a word of the line's narration (any
   of its sentences) the story never used; and the line does not open with a connective (でも, つまり, それに, せやけど, もっとも,
   その…), a reply (なるほど, へえ) or a name called out (田中先生、…), quote
   anyone (`QUOTING`: a span opening the sentence or followed by と / って; a
   product's name in brackets, チップ「Rubin」を発表, is no quote), say the new
   subject does "the same" (Xも…), or name only products or people the
   registries tie to the story's entities (its CEO, its next chip).
   A new organisation named as the subject also goes on when the next line
   refers back to it (`REFERS_BACK`: 「…」。同社の責任者は…), and a line is an
   item of its own when the next line opens the next item (a cue or heading,
   not the sign-off) and the line quotes no one or its rest refers back to
   its new subject (…が3億ドルを調達した。同社は「…」). A registered
   organisation opening a line that quotes no one, as the subject of a first
   sentence with no word of the story, needs no next line at all unless that
   line goes back to the story's entities (a comparison inside the item).
   A story naming no registry entity gives way to a registered organisation
   only as the subject of a first sentence with no word of the story.
   With no registry name, the subject may be a setting (`SETTING`: 欧州連合では、 / EUでは、; a bare country,
   中国では、, only when the next line refers back to a body the line names, 同弁公室は…), the subject of the
   line's second sentence after a lead naming none (日本の政府も動いてはります。総務省が、…), and a body
   introduced by its kind (`INTRODUCED`: ソフトウェア企業のXは…, then 同社の…) may share one word with the story.
4b. **The count the intro says** (`ANNOUNCED`: 今日は二本や): with exactly one item fewer found, the one line
   inside a story with no connective, quote or reference back and no word of its story before it, taken up by
   the next line, starts the missing item (`_announced_missing`).
5. **Outro.** A sign-off line (とにかく、今日のニュースはこれくらいや,
   以上、今日のニュースでした, ご視聴ありがとう…) starts the outro, and so do
   the closing lines that end the body (`CLOSING`: それでは、また来週。, …は次回
   改めて取り上げたい, 高評価お願いします, a script's last words naming the show:
   テクノロジーのニュースでした。) after the last story's first line, and a
   column's summing-up drawing the items together (`SUMMING_UP`: 三つのニュースを
   並べてみると、… / これらの動きから… / どの / いずれの動きも…) and a recap
   announced as such (ここで今日のまとめです。…) or naming the own entities of
   two or more earlier stories (`_recap`).
6. **Update notes** (`UPDATE_NOTE`: ※追記:…, 【訂正】…) and a fact-checker's
   verdicts (`VERDICT`: 【判定:不正確】…, 【結論】…) are annotations: they
   belong to the item they follow (the intro's before the first item, the
   outro's after the sign-off), and are never a cue, heading or new subject.

A new kind of transcript gets new cues here, never line numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..source import SourceText
from .mentions import NOT_NAMES, EntityIndex, Hit

#: The line that leaves the intro and starts the first story.
INTRO_END = re.compile(
    r"本題に入る|本題に入ろ|本題へ|それでは始め|では早速|では、早速|さっそく(?:見て|いって|行って|紹介)|"
    r"早速(?:見て|いって|行って|紹介)|それでは、?(?:見て|いって|行って|ニュースを)|ほな、?(?:いこ|行こ|見て)"
)
#: A first line that only greets or previews: the intro, when the next line opens with a transition.
GREETING = re.compile(
    # (はいどうも、 / はいこんばんは: the はい a host opens with, without the comma the filler rule needs; おう、 / やあ、:
    # a casual host's hail; みんな元気しとったか: the audience asked how they have been)
    r"^(?:はい、?|(?:おう|よう|やあ)、)?(?:こんにちは|こんばんは|おはよう|どうも|毎度|まいど|おこしやす|ようこそ|みなさん|皆さん|みんな、"
    r"|みんな元気|今日は|今日も|今回は|"
    r"本日は|本日の|今週は|今週も|今週の)"
    r"|(?:お届け|紹介|まとめ|伝え)(?:する|します|る|ていく|ていきます)[でよね]?。$"
    # how many items the show has (今日は2本立てでいきます / 今週は4本お送りします / 今回は三本や), not a count
    # inside an item (注目点は3つです)
    # (今週気になったAIの話題を三つ取り上げる。: the items' kind said before the count)
    r"|(?:今日|今回|今週|本日|今夜|番組)[^。]{0,14}?(?:[0-9０-９]+|[一二三四五六七八九十]+)(?:本|つ|件|個|本立て)"
    r"(?:の(?:ニュース|話題))?(?:を|で)?、?(?:お送り|お届け|紹介|いき|いく|立て|や|です|だ|取り上げ)"
    # the items themselves counted (…の話題を三つ書き留めておく / ネタを四本、手短に): whatever the verb, a count of
    # news items is the show's, never an item's own things (新モデルを三つ発表した)
    r"|(?:ニュース|話題|ネタ|トピック)を、?(?:[2-9２-９]|[二三四五六七八九十])+(?:本|つ|件|個)(?!目)"
    # the items listed, closing on their count (Xのブラウザ、Yの通訳、それとZの話の五本や。 / A、B、Cの3本です。): a
    # preview without a cue word. The count right before the copula — not …の三つのモデルを出した, an item's things
    r"|^[^。「」『』]*、[^。「」『』]*、[^。「」『』]*の(?:[0-9０-９]+|[一二三四五六七八九十]+)(?:本|つ|件|個|本立て)"
    r"(?:や|です|だ|でお送りします|をお届けします|を紹介します)(?:で|よ|ね)?[。!！]$"
    # a host introducing themself by their part in the show (アシスタントのユミです。 / 司会の田中です。)
    r"|^(?:アシスタント|司会|進行|ナビゲーター|パーソナリティ|MC|キャスター|相方|ホスト|聞き手)(?:役|担当)?の"
    r"[^、。「」のはが]{1,8}です[。!！]"
)
#: Prefixes a spoken transition may carry (さて、まずは / ほんなら一本目 / そして最後に / さあ二本目いこか).
_LEAD = r"^(?:(?:さて|さあ|ほな|ほんなら|ほんで|では|それでは|じゃあ|そして|まず|今回|今日|本日|今週)、?(?:の)?)?"
#: The counter and the 目 that make a number an ordinal (つ目 / 本目 / 番目 / 個目 / コ目 / 発目), also with a kana め
#: (一つめ / 三コめ; not めっちゃ or めんどい after it, nor 番め: 一番めんどいのは…).
_TH = r"(?:(?:つ|本|個|コ|件|発)(?:目|め(?![っんちゃ]))|番目|ぽん目)"
#: An ordinal: 一つ目, 2本目, 三番目, みっつ目, 一発目, 一つめ, 三コ目…
_ORDINAL = r"(?:[一二三四五六七八九十1-9１-９]|ひと|ふた|みっ|よっ|いっ)" + _TH
#: "First" as an item cue (最初に / 最初は / いっちゃん最初は / 最初のニュースは): 最初の only before an item word — before
#: anything else it is a thing of the item in hand (最初の工場は再来年に動き出す / 最初のモデルは三年前に出た).
_FIRST = (
    r"(?:いっちゃん|一番|いちばん)?(?:最初に|最初は|最初の(?:ニュース|話題|話|お話|トピック|ネタ|記事|一本|質問)|はじめに|初めに)"
)
#: "The first thing we take up is" (まず取り上げるのは / まずご紹介するのは / まず取り上げますのは, plain or polite).
_TAKEN_FIRST = r"まず(?:取り上げ(?:る|ます)|ご?紹介(?:する|します)|お伝え(?:する|します)|見てい(?:る|く|きます))の(?:は|が)"
#: What a narration calls its items (話 / お話 / 話題 / ニュース / ネタ / トピック).
_ITEM = r"(?:お?話|話題|ニュース|ネタ|トピック)"
#: A copula and the sentence-final particles after it (や / です / だ / どす / である, やで / やのし / ですね).
_COPULA = r"(?:や|です|だ|どす|である)?(?:の?し|で|よ|ね|な|わ|ぞ)*[。!！]"
#: The show's own span, a pointer back or the item's own matter, which a headline's topic never is (今日は…の話です。
#: greets, これは…話や / こっちは…の話題や remark on the item in hand, 結局はお金の話や / つまりは… / 問題は電気代の話や
#: sum it up, 今のところは噂の話や says how far it has got).
_NOT_AN_ITEM = (
    r"(?!(?:今日|今回|今週|本日|今夜|今朝|番組|この動画)"
    r"|(?:この|その|これ|それ|あの|あれ|こっち|そっち|こちら|そちら|同じ|結局|要は|つまり|実は|今のところ|いまのところ)"
    r"|(?:問題|課題|ポイント|焦点|狙い|理由|背景|要点|論点|争点|本質)は)"
)
#: The next item's headline said aloud as the line's first sentence: a copula sentence that names the item as such,
#: as its predicate or as its topic, whatever word orders it — しめくくりは空の話や。 / 締めの一本は熊野古道の話やのし。
#: / 国内からは、アオバ電子の話題です。 / 結びのニュースは図書館からです。 / 次のネタはAlibaba。 — or the item counted
#: "here" (ここで、ちょっと硬い話を一つ。). A headline is a topic and a name, with no clause in it (no は / が after the
#: topic: …できても、やっていいかは別の話だ is a remark) and nothing pointing back (それは別の話や): inside an item the
#: narrator tells news and reactions, not what the item is called. Not the show's span (今日はAIの話です, 今週の
#: ニュースは以上です: the greeting and the sign-off), a count (五つの話題です: the preview), a demonstrative as the name
#: (Xさんの話はこうや) or a person's talk.
HEADLINE = re.compile(
    r"^(?:(?:さて|さあ|ほな|ほんなら|ほんで|では|それでは|じゃあ|そして|で)、?)?(?:"
    # (a) the item as the predicate: [order]は [field]の話 (しめくくりは空の話や。 / 国内からは、アオバ電子の話題です。)
    + _NOT_AN_ITEM
    # (no clause in the topic: が only inside a kana word, しんがりは, not after a subject, 各社がこぞって出すのは)
    # (nor an appraisal: 気になるのは / 大事なのは / おもろいのは…の話や, what matters in the item in hand — but まず
    # お聞きいただきたいのは, a wish, presents the next)
    + r"(?:[^、。「」『』はが]|(?<=[ぁ-ん])が(?=[ぁ-ん])){1,12}?(?<!こんにち)(?<!こんばん)"
    r"(?<!なの)(?<!なん)(?<!になるの)(?<!になるん)(?<![^た]いの)(?<![^た]いん)は、?"
    r"(?![一二三四五六七八九十0-9０-９]+(?:つ|本|件|個))"
    r"(?!この|その|あの|同じ|別の)"
    # (the item noun after the name of its field, Xの話: not 大きな話題です or 地元でも話題です, "much talked about",
    # nor 先の話 / 別の話 / 昔の話 / 去年の話, a remark on when or whether)
    r"(?:[^。、「」『』はが]|「[^「」]*」|『[^『』]*』){1,24}?(?<![先別昔前後])(?<!去年)(?<!昨年)(?<!当時)(?<!以前)の"
    + _ITEM
    # (b) the item as the topic: [order]の話題は [name] (結びのニュースは図書館からです。 / 次のネタはAlibaba。)
    + r"|(?!(?:今日|今回|今週|本日|今夜|今朝|番組)の" + _ITEM + r")" + _NOT_AN_ITEM
    + r"[^、。「」『』はがを]{1,12}?(?<!さん)(?<!氏)(?<!先生)の" + _ITEM + r"は、?"
    r"(?!こう|そう|ああ|こんな|そんな|以上|ここまで|これで|この(?:へん|辺))(?:[^。「」『』はがを]|「[^「」]*」){1,30}?"
    # (a name, not a clause: 新製品の話は少なめだった。 / 値上げの話は前からあったんや。 tell how the item went)
    r"(?:(?<=[一-龥ァ-ヴーA-Za-z0-9０-９」])|(?<=から))"
    # (c) an item counted "here" (ここで、ちょっと硬い話を一つ。 / ここで短いのを一本。)
    + r"|(?:ここで|ここらで)、?[^。「」『』はが]{0,16}?(?:" + _ITEM + r"|の)を、?(?:一つ|ひとつ|1つ|一本|1本|一件)"
    + r")"
    + _COPULA
)
#: Item cues: transitions that introduce the next news item, as (name shown by --explain, pattern at line start).
#: They start a story wherever they open a line after the intro.
STORY_CUES: list[tuple[str, re.Pattern[str]]] = [
    (name, re.compile(pattern))
    for name, pattern in [
        (
            "まずは",
            # (まず取り上げるのは / まず取り上げますのは: `_TAKEN_FIRST`)
            _LEAD
            + r"(?:まずは|まず最初に|まず、|まず\S{1,12}(?:から|の話)|"
            + _TAKEN_FIRST
            + "|"
            + _FIRST
            + ")",
        ),
        # (次いきます。 / ほな次な。 / お次。: "next", bare or with "let's go", as its own clause)
        (
            "次に",
            _LEAD
            + r"(?:次に|次は|次の|その次|お次は|お次の|お?次(?:(?:いき|行き)(?:ます|ましょう)|(?:いこ|行こ)[うか]?"
            r"|(?:いっ|行っ)てみよ[うか]?|(?:いく|行く)(?:で|よ|ぞ|わ)?|な|や|ね|です|だ)?[。、!！]"
            # the next one praised in a short sentence of its own (ほんで次がおもろいで。 / 次が本命です。); not 次が
            # 出るのは来年や, the item's next model
            r"|次が[^。、「」はをにのがで]{1,6}(?:で|や|です|だ|よ|ね|わ)*[。!！])",
        ),
        ("一つ目", _LEAD + _ORDINAL),
        # a numbered item said as such (トピック2: / ニュース3、 / その2。 / 第3位は): a count of items, not of reasons
        (
            "トピック1",
            _LEAD
            + r"(?:(?:トピック|ニュース|話題|その)[0-9０-９一二三四五六七八九十]{1,2}|第[0-9０-９一二三四五六七八九十]{1,2}位"
            r"|第[0-9０-９一二三四五六七八九十]{1,2}の(?:話題|ニュース|トピック))(?:[:：、。!！ ]|は)",
        ),
        # (続く話題は農業である。: "the item that follows is")
        ("続いて", r"^(?:続いて|続きまして|つづいて|続く(?:話題|ニュース|トピック|ネタ)(?:は|です|、))"),
        (
            "最後に",
            _LEAD
            # (ラスト一本は / ラストを飾るのは: the last item counted or "closing the show"; Kyoto しまいは / おしまいに、 —
            # not しまいには or a bare しまいに, "in the end")
            + r"(?:最後に|最後は|最後の|最後[。!！、]|ラストは|ラストの|ラストに|ラスト[、。!！]|締めくくりは|締めは|(?:大)?トリは"
            r"|ラスト(?:一本|1本|１本|ひとつ|一つ|1つ)は|(?:ラスト|トリ|最後)を飾るの(?:は|が)|(?:お)?しまいは|おしまいに、"
            # (オーラスは: the mahjong "all last", the show's last item in Kansai talk)
            r"|オーラスは)",
        ),
        ("さて", r"^さて"),
        (
            "もう一つ",
            r"^(?:(?:話題|ニュース)(?:は|を)?、?)?(?:もう一つ|もうひとつ|もう1つ|もう一個|もう1個|もう一本|もう1本|もう一件|もう1件)",
        ),
        # another item on the same subject, said as such (ソフトバンクの話はもう一個あるねん / Googleのニュースは
        # もう一つあります): a new item although it names the same company as the one before
        (
            "…の話はもう一つ",
            (
                r"^[^。、]{0,20}?(?:の話|の話題|のニュース|関連)(?:は|が|も)、?(?:もう|あと)"
                r"(?:一つ|ひとつ|1つ|一個|1個|いっこ|一本|1本|一件)(?:ある|あり|あん)"
            ),
        ),
        ("ほかにも", r"^(?:ほかにも|他にも|ほかには|他には|そのほか|その他)"),
        ("ほかの…ニュース", r"^(?:ほか|他|別)の\S{0,8}?(?:ニュース|話題|トピック)"),
        ("Xと言えば", r"^\S{1,20}(?:と言えば|といえば)、"),
        ("ところで", r"^ところで"),
        # news breaking in (ここで速報です。 / ニュース速報が入りました): a new item whatever it is about
        ("速報", r"^(?:ここで、?)?(?:ニュース)?速報(?:です|が入|。|、|!|！)"),
        (
            "話は変わって",
            (
                r"^(?:ここで、?|さて、?)?(?:話題?(?:は|が|を)?(?:変わ|かわ|変え|かえ|移)|(?:ところ|所)(?:変わ|かわ)って"
                # the talk taken somewhere else (話を欧州に移そう / 舞台をアジアに移します / 目を日本に転じると)
                r"|(?:話題?|舞台|目)を[^。、「」]{1,10}?に(?:移|転じ|向け)"
                # the talk moving to the next field of its own accord (話題は医療に移ります / 話は欧州に移って…)
                r"|話題?は、?[^。、「」]{1,10}?に(?:移り|移る|移っ|移ろ)"
                # the talk moving on to a field named as its own (ここで港の話題に移ります / 次は医療の話に移ろう)
                r"|[^。、「」『』]{1,10}?の(?:話題?|ニュース)(?:に|へ)、?(?:移り|移る|移っ|移ろ|移します|移しま))"
            ),
        ),
        ("…のニュース", r"^(?:続いての|今日の|ここからは)"),
        # the headline item announced as such (今週の目玉は / トップニュースは): the show's first item. Only the
        # word alone before は — 目玉の機能は is the item's own highlight
        ("目玉は", _LEAD + r"(?:目玉|トップニュース)(?:は|です|、)"),
        # a slot of short items announced (ひとことニュースです / 短いニュースを一つ挟みます): the next item, however
        # short
        # (ここで短いのを一本。: a short one, counted)
        (
            "ひとことニュース",
            # (こちらも短いニュースです。: one more of the slot, after another short item)
            _LEAD + r"(?:ここで、?|(?:こちら|これ)も、?)?(?:(?:ひとこと|一言|ショート|短い|手短な)(?:ニュース|話題|ネタ)"
            r"|短いの(?:を|も)?、?(?:一本|1本|一つ|ひとつ|1つ|一件))",
        ),
        # the talk turned to the next field "about now" (ここらで電力の話もしとこか / ここで教育の話をしましょう):
        # only with ここらで / ここで — 株価の話もしとこか alone is one more side of the item in hand
        (
            "ここらで…の話",
            r"^(?:ここらで|ここいらで|このへんで|この辺で|ここで)、?(?!この|その|あの|同じ)[^。、「」『』]{1,14}?の"
            r"(?:話|話題|ニュース)(?:も|を)、?(?:しとこ|しとき|しよ|しましょう|しておき|しておこ|させて)",
        ),
        # the next item announced by its field, as a sentence of its own (ここで、ゲーム業界のニュースです。 / 医療の
        # 話題です。): a heading said aloud. Only a field — no particle inside it (これは大きなニュースです。), no time
        # (去年のニュースです。: the item in hand's past) and no bare 話 (ほんまの話や。: a remark)
        (
            "Xのニュースです",
            _LEAD + r"(?:ここで|ここからは)?、?(?!(?:去年|昨年|先週|先月|昨日|前回|以前|当時|昔)の)[^。、「」『』はがをにもで]{1,14}?"
            r"の(?:ニュース|話題|トピック)(?:です|や|だ|ですね|やで)?[。!！]",
        ),
        # the item's headline said aloud (`HEADLINE`: しめくくりは空の話や。 / 結びのニュースは図書館からです。)
        ("…は…の話や", HEADLINE.pattern),
    ]
]
#: Transitions that open a new item in the middle of a line (ありがとうございます。じゃあ二本目、… / …。では次。X…):
#: only the explicit ones — a lead-in with 次 / 続いて / 最後 / an ordinal, a count word for news items (二本目,
#: 三件目), 話題を変えて, 次のニュース. A bare 次に or まずは inside a line is far more often a step of the story
#: (まずは米国の英語版から始まります。).
MIDLINE_CUE = re.compile(
    r"^(?:(?:では|それでは|じゃあ|ほな|ほんなら|さて)、?(?:次|続いて|最後|ラスト|" + _ORDINAL + r")"
    r"|[二三四五六七八九十2-9２-９](?:本目|件目)|(?:ここで、?)?話題?(?:は|を)?(?:変わ|変え|かわ|かえ|移)"
    r"|続いては|続いての(?:ニュース|話題|トピック)|続きまして|次の(?:ニュース|話題|トピック)|お次は)"
)
#: A sentence that closes the item in hand (OpenAIの話はここまで。 / ここまでがOpenAIの話でした。 / 以上、
#: ソニーの話でした。): when more narration follows it on the same line, the next item begins in that line.
WRAP_UP = re.compile(
    r"(?:^ここまでが[^。]{0,24}(?:話|ニュース|話題)(?:でした|です|や|だ|やった)"
    r"|^以上、[^。]{1,24}の(?:話|ニュース|話題)(?:でした|です|や|だ)"
    r"|(?:は|の話は|の話題は|のニュースは|については)(?:(?:ここまで|以上)(?:です|でした|や|やで|だ|だよ|ね|にしとこ)?"
    r"|(?:ここまで|以上|このへん|この辺|これくらい|これぐらい)(?:に(?:しとこか?|しよう|して|しといて|しておいて)|で)))"
    r"[。!！、]?$"
)
#: A closing line at the end of the body, however it starts: a farewell (それでは、また来週。 / ほなまたな!), a
#: promise for the next episode (…は次回改めて取り上げたい), a call to like or subscribe. Only the trailing run of
#: such lines is the outro: the same request in the middle of an item (みんなはもう試した?教えてほしいな) is not.
CLOSING = re.compile(
    r"(?:^|[。!！?？]\s*)(?:それでは|では|じゃあ|ほな|ほんなら|それじゃ)?、?(?:また(?:来週|明日|次回|今度|ね|な|ねー)"
    r"|さようなら|バイバイ|ばいばい)[!！。〜ー]*$|(?:^|[。!！?？]\s*)(?:それでは|では|じゃあ|ほな|ほんなら|それじゃ)、?また[!！。〜ー]*$"
    r"|次回(?:も|は|、|に)?[^。]{0,20}(?:取り上げ|紹介|お伝え|お届け|お話し|話そう|話す|見て)(?:たい|ます|ましょう|るで|よう|る予定)"
    r"|お楽しみに|(?:高評価|チャンネル登録|グッドボタン|フォロー)[^。]{0,16}(?:お願い|してね|してや|してくれ|よろしく)"
    r"|ご視聴ありがとう|見てくれてありがとう|聞いてくれてありがとう|(?:お聞き|お読み)いただき(?!たい)"
    # the show naming itself as it ends, in a line of its own (テクノロジーのニュースでした。 / 以上、夜のニュースを
    # お伝えしました。): a TV or radio script's last words
    r"|^(?:以上、)?[^。「」『』、]{0,16}(?:ニュース|特集|コーナー|番組)(?:でした|をお伝えしました|をお送りしました)[。!！]?$"
)
#: Connectives: words that may open a new item but more often go on with the current one (一方で、外部の
#:研究者からは… / 一方、同社のCEOは…). They start a story only with evidence of a new topic (`_new_topic`).
CONNECTIVE_CUES: list[tuple[str, re.Pattern[str]]] = [
    ("一方", re.compile(r"^一方(?:、|で、|で)")),
    ("それから", re.compile(r"^それから、")),
    # "and also" (あとな、ソニーが… / それと、…の話もあんねん): as often a new item as one more fact of this one
    ("あと", re.compile(r"^(?:あと|それと)(?:な|ね|は)?、")),
    # "that reminds me" (そういえば、…の…が調査を始めたんですよ): how talk turns to the next thing, or recalls one
    # more fact of the thing in hand (そういえば、去年も同じ話があったな)
    ("そういえば", re.compile(r"^(?:そういえば|そう言えば|そういや)、?")),
]
#: Connectives that open a new item only on a new subject, never on new words alone: あと、価格は… adds a fact to
#: the item far more often than it changes the topic.
SUBJECT_ONLY = frozenset({"あと"})
#: The line that starts the sign-off.
OUTRO_START = re.compile(
    # (the "so" that leads into it, however it is said: というわけで / そんなわけで / ってことで)
    r"^(?:(?:[^、。「」『』]{0,4}(?:わけで|ことで)|では|それでは|じゃあ)、?)?"
    r"(?:とにかく、今日の|今日のニュースはこれ|今日はここまで|今回はここまで|というわけで、(?:今日|今回)は|"
    r"見てくれてありがとう|ご視聴ありがとう|ご覧いただき|以上、|以上[がで](?:今日|今回|本日|今週|す)|それでは、?また|ほな、?また|"
    # (今日のお話はこれでおしまいどす / 今週はこんなもんや: "that is it", Kyoto and Kansai)
    r"(?:ほな、?)?(?:今日|今回|今週|本日|今夜)(?:の\S{1,12})?は(?:この(?:へん|辺)|こんなとこ|こんな感じ|こんなもん|ここまで|以上"
    r"|これで(?:おしまい|終わり|しまい)))"
)
#: Spoken fillers and back-channels a line may open with (えー、まあ、 / えーと、 / はい、): a cue comes after them.
FILLER = re.compile(r"^(?:(?:え[ーっ]+と?|ええと|えっと|まあ|ま|あの[ー〜]*|うん|はい|で|いや[ー〜]*)[、,]\s*)+")


#: A speaker label opening a line of a conversation write-up (A: / B: / 司会: / 田中先生：): the host's line is
#: narration, and a cue comes after the label (A: じゃあ一本目。). Only a short name-like label — Latin letters,
#: or katakana/kanji with an optional honorific — so that a cue or a heading with a colon (■おまけ：…,
#: 【2】Googleの続報：…, まずはこちら：…) is never taken for one.
LABEL = re.compile(
    r"^(?:[A-Za-zＡ-Ｚ]{1,12}|[ァ-ヴー・一-龥]{1,8}(?:さん|先生|くん|ちゃん|氏)?)(?:[（(][^（()）]{1,8}[)）])?\s*[:：]\s*"
)


def clean(text: str) -> str:
    """The line without its speaker label and leading fillers (A: えー、それでは次。 -> それでは次。): what cues
    are matched on."""
    text = text.strip()
    return FILLER.sub("", LABEL.sub("", text, count=1) if not HEADING.match(text) else text)


#: A heading line: a bracketed label or number (【1】, 【速報】, ［2］, 〈3〉), a bullet mark (■ ◆ ● ▼ ▶ ★ …),
#: a Markdown hash and a space (a hashtag, #AI時代, is none), a circled number (①), a number with a closing mark
#: ((1), 1., ２）), or a chapter time stamp (03:15 / [1:02:03]). Written digests and show notes put one before each item, so a heading is the first line of its story; the rest
#: of the line may carry the whole item.
HEADING = re.compile(
    r"^(?:【[^】]{1,20}】|[［\[〈＜<《][0-9０-９一二三四五六七八九十]{1,2}[］\]〉＞>》]|[■□◆◇●○◎▼▽▶►★☆◉◼︎]"
    r"|[#＃]{1,3}\s+(?=\S)|[①-⑳]|[（(][0-9０-９]{1,2}[)）]|[0-9０-９]{1,2}[.．)）]\s*(?=\D)"
    r"|\[?[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?\]?(?=\s))"
)
#: A time stamp: the one heading mark that says nothing of the content (subtitles and captions stamp every line).
TIME_STAMP = re.compile(r"^\[?[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?\]?")


def _mark_kind(mark: str) -> str:
    """What makes two heading marks "the same mark" (【1】 ~ 【2】, [00:12] ~ [01:05], ■ ~ ■)."""
    return "time" if TIME_STAMP.match(mark) else re.sub(r"[0-9０-９一二三四五六七八九十]+", "0", mark.strip())


class _Narration:
    """The transcript's lines without a layout mark that opens (nearly) every one of them.

    A time stamp that opens every line — a caption's `[02:25]` — is layout,
    not a heading: it tells nothing about where an item begins, and read as a
    heading it makes each line a story. Whether it is layout is decided from
    the whole transcript: time stamps opening at least `LAYOUT_SHARE` of four
    or more body lines. The cues are then read after the stamp, as if it were
    not there. A bullet or number before every line stays a heading: a digest
    of one-line items (■A社が… / ■B社が…) looks just like that.
    """

    LAYOUT_SHARE = 0.8

    def __init__(self, source: SourceText) -> None:
        self.source = source
        self.body_lines = source.body_lines
        marks = [HEADING.match(source.line(n).strip()) for n in self.body_lines]
        kinds = [_mark_kind(m.group(0)) for m in marks if m is not None]
        top = max(set(kinds), key=kinds.count) if kinds else ""
        share = kinds.count(top) / len(marks) if marks else 0.0
        self.share = share
        # only time stamps: a number or bullet before every line is a digest of one-line items (■A社が… / ■B社が…)
        self.layout = top if top == "time" and len(marks) >= 4 and share >= self.LAYOUT_SHARE else ""

    def line(self, number: int) -> str:
        text = self.source.line(number)
        if self.layout and (m := HEADING.match(text.strip())) is not None and _mark_kind(m.group(0)) == self.layout:
            return text.strip()[m.end() :].strip()
        return text


#: A note added to the text after publication or by its editor (※9月26日追記: / 【追記】 / ※訂正: / (編集部注)…):
#: an annotation of the text it follows, never a cue, heading or new subject. In the body it belongs to the item
#: whose end it is appended to; before the first item it is the intro's (the note announcing the updates); after
#: the sign-off it is the outro's (a story is a contiguous run of lines).
UPDATE_NOTE = re.compile(
    r"^(?:※\s*[^:：、。]{0,12}?(?:追記|訂正|更新|補足|修正|注記|お詫び)[^:：、。]{0,8}?[:：]|※"
    r"|[【\[［〔(（]\s*[^】\]］〕)）]{0,12}?(?:追記|訂正|更新|補足|修正|注記|お詫び|編集部注|訳注)[^】\]］〕)）]{0,8}?[】\]］〕)）])"
)


#: A fact-checker's verdict label opening a line (【判定:不正確】…, 【結論】…, [評価:誤り]): the checker's comment on the
#: claim just checked, so the last line of that item — like an update note, never a heading, cue or new subject.
VERDICT = re.compile(r"^[【\[［〔]\s*(?:判定|結論|評価|検証結果|真偽|レーティング)[^】\]］〕]{0,16}[】\]］〕]")


def is_update_note(text: str) -> bool:
    """Whether the line is an update or editor's note (※追記:…, 【訂正】…) or a verdict on the item (【判定:…】), not
    narration: an annotation of the item it follows."""
    return UPDATE_NOTE.match(text.strip()) is not None or VERDICT.match(text.strip()) is not None


#: A heading that names the show's opening or ending rather than an item (00:00 オープニング / ■エンディング).
HEADING_OPENING = re.compile(r"^(?:オープニング|イントロ|あいさつ|挨拶|前置き)")
HEADING_ENDING = re.compile(r"^(?:エンディング|アウトロ|おわりに|終わりに|締めのあいさつ)")


def is_heading(text: str) -> bool:
    """Whether the line opens with a heading mark (【1】Googleの続報, ■NVIDIAの決算…); an update note
    (【追記】…) is none."""
    return HEADING.match(text.strip()) is not None and not is_update_note(text)


def _opening_heading(title: str) -> bool:
    """Whether a heading before any item is the show's opening (■オープニング / ■今週もよろしく): a greeting's words
    (今週の / 今日の) opening a title that announces the first item (`FIRST_ITEM`: ■今週の目玉は… / ■今日の一本目は…)
    make it that item's heading, as the same line unheaded is the first item's cue and no greeting; so does a title
    that goes on to tell news (■みんな、…と思う?北摂の連盟が、…), as the same line unheaded begins the first item."""
    if HEADING_OPENING.match(title) is not None:
        return True
    first_item = FIRST_ITEM.search(title) is not None and not _is_preview(title)
    return GREETING.search(title) is not None and not first_item and not _tells_news_after_greeting(title)


def _item_heading(text: str) -> bool:
    """Whether the line is a heading of an item, not of the show's opening or ending (00:00 オープニング)."""
    if (m := HEADING.match(text.strip())) is None or is_update_note(text):
        return False
    title = text.strip()[m.end() :].strip()
    return not (HEADING_OPENING.match(title) or HEADING_ENDING.match(title) or CLOSING.search(title))


def sentences(text: str) -> list[str]:
    """The line's sentences, each with its closing mark (。 ! ? and their full-width forms), brackets kept whole:
    where a transition in the middle of a line (…はここまで。では次。X…) is found."""
    out: list[str] = []
    depth, start = 0, 0
    for i, ch in enumerate(text):
        if ch in "「『":
            depth += 1
        elif ch in "」』":
            depth = max(0, depth - 1)
        elif not depth and ch in "。!！?？" and (i + 1 >= len(text) or text[i + 1] not in "!！?？」』"):
            out.append(text[start : i + 1])
            start = i + 1
    if text[start:].strip():
        out.append(text[start:])
    return [t.strip() for t in out if t.strip()]


#: Openings that continue the current story even when they bring in new names.
CONNECTIVE = re.compile(
    r"^(?:でも|しかし|つまり|それに|そして|また|さらに|しかも|ただ|なお|この|その|これ|それ|彼|同社|ほかの|他の"
    # "but" / "and so" / "on the other hand" in Kansai and plain styles (せやけど、X社は… / もっとも、… / とはいえ、…):
    # the item goes on with a contrast or one more fact, whoever becomes the subject
    r"|せやけど|そやけど|せやのに|せやから|ほんで|ほいで|だけど|だが、|ところが|とはいえ|もっとも|それでも|加えて"
    # a reply to what was just said (なるほどね。/ へえ、/ そうそう。/ ありがとうございます。): a conversation going on
    r"|なるほど|へえ|へー|ほう|そうそう|そうですね|そうなんや|確かに|たしかに|ありがとう)"
)


#: A line turning to someone by name (田中先生、どうですか? / ユミさん、これどう思う?): a host asking a guest or
#: co-host, the conversation on the item going on — never a new item, though the name is new to the story.
VOCATIVE = re.compile(r"^[^、。「」]{1,12}(?:先生|さん|くん|ちゃん|氏)、")


@dataclass(frozen=True)
class Section:
    kind: str  # "intro" | "story" | "outro"
    index: int  # 1-based story number; 0 for intro and outro
    first_line: int
    last_line: int
    cue: str = ""
    """Why the section starts here (the cue or evidence), for `newskb load --explain`."""

    @property
    def lines(self) -> range:
        return range(self.first_line, self.last_line + 1)


@dataclass(frozen=True)
class Split:
    """The sections of a transcript and the cues it saw but did not split on (with why)."""

    sections: list[Section]
    ignored: list[tuple[int, str]]

    @property
    def warnings(self) -> list[str]:
        stories = [s for s in self.sections if s.kind == "story"]
        if len(stories) == 1 and not stories[0].cue.startswith("cue"):
            return ["no story transitions found: the whole narration is one story"]
        return []


def story_cue(text: str) -> str | None:
    """The name of the item cue a line opens with, if any (connectives are `connective_cue`'s)."""
    for name, pattern in STORY_CUES:
        if pattern.search(text):
            return name
    return None


def connective_cue(text: str) -> re.Match[str] | None:
    """The connective (一方、 / それから、) a line opens with, if any."""
    for _name, pattern in CONNECTIVE_CUES:
        if (m := pattern.search(text)) is not None:
            return m
    return None


def _connective_name(m: re.Match[str]) -> str:
    return next(name for name, pattern in CONNECTIVE_CUES if pattern is m.re)


def _names(index: EntityIndex | None, text: str) -> list[str]:
    return [h.id for h in index.find(text)] if index is not None else []


def _opening(text: str) -> str:
    """The line's first sentence: where a new topic names its subject."""
    cut = text.find("。")
    return text if cut < 0 else text[: cut + 1]


#: Content words (kanji compounds, katakana words) that tie a line to the next one.
WORD = re.compile(r"[一-龥]{2,}|[ァ-ヴー]{3,}")


def _also(text: str, end: int) -> bool:
    """Whether the name ending at `end` is followed by も (Xも, X社も, Xさんも): it joins the item in hand."""
    return text[end : end + 3].lstrip("社氏さん").startswith("も")


#: After a name: it does what the item's subject does (Xも同じような…, X社も同様に…): a comparison inside the
#: item, where a bare Xも (ハサビス氏も、先月の講演で…) may well open a new one.
SAME_AS = re.compile(r"(?:社|氏|さん)?も(?:同じ|同様|似た|似たよう)")


def _topic_shift(
    index: EntityIndex | None,
    source: _Narration,
    n: int,
    seen: set[str],
    last: int,
    said: set[str] | None = None,
    narrated: set[str] | None = None,
    first: int | None = None,
) -> str | None:
    """Evidence that line `n` opens a new topic although no cue says so (rule 3), else None. `first` is the
    story's first line: a story that has told no more than it (a bare cue line) is not yet an item to leave.

    Either the first sentence names, outside quotes, a subject new to the story
    (and none of its entities), or the first sentence names no one and the
    line's narration names only entities new to the story with not one content
    word the story's narration used (「AIエージェント」という言葉を…。Google
    DeepMindの…も…). In both the next line must go on with the new subject.
    """
    if index is None or n + 1 > last:
        return None
    if not seen and first is not None and n - first < 2:
        # right after a bare cue line naming no one (じゃあ二本目、話題を変えてオープンな技術の話。) the line is that
        # item's first news, whatever body it names, registered or not
        return None
    text = clean(source.line(n))
    if CONNECTIVE.search(text) or VOCATIVE.match(text):
        return None
    opening = _opening(text)
    if any(h.id in seen for h in index.find(text)):
        return None
    hits = index.find(opening)
    if hits:
        if _quotes(opening) or text[len(opening) :].lstrip().startswith(("「", "『")):
            # a first sentence that quotes someone, or announces the quote that follows it
            # (Xさんはこう言うてはったわ。「…」), goes on with the item it is part of
            return None
        if not seen:
            # a story on bodies no registry has: a registered name is new to it whatever it is, so only a
            # registered organisation as the subject, in a first sentence sharing no word with the story's
            # narration, says the topic changed
            if not narrated or _stems(set(WORD.findall(_narration(opening)))) & _stems(narrated):
                return None
            if not any(h.kind == "organization" and _subject_at(opening, h.end) for h in hits):
                return None
        new = hits
        if any(_also(opening, h.end) for h in new):
            return None
        if all(h.kind != "organization" for h in new) and _related(index, {h.id for h in new}) & seen:
            # only products or people the registries tie to the story (「Rubin」は前の世代の「Blackwell」より…, its
            # CEO): the item goes on; a new company opens a new one even when the story named its product
            return None
        if _story_words_kept(opening, new, narrated or set()):
            return None
    else:
        if not _narration(opening).strip("。!！?？ "):
            # a first sentence that is only someone's words (「…」。同社の責任者、X氏はこう説明しています。): a voice
            # on the item, whoever the rest of the line names — registered or not
            return None
        narration = _narration(text)
        new = index.find(narration)
        words = set(WORD.findall(narration))
        shared = _stems(words) & _stems(narrated or set())
        if not narrated or len(words) < 3 or (shared and not _introduced(source, n, last, len(shared))):
            return None
        shift = _narrated_shift(index, source, n, last, seen, narrated, shared, first)
        if not new or (shift is not None and not _related(index, {h.id for h in new}) & seen):
            return shift
        if any(SAME_AS.match(narration, h.end) for h in new):
            return None  # …Xも同じような技術を開発してる: a competitor doing the same, inside the item
        if _related(index, {h.id for h in new}) & seen:
            return None
        if all(h.kind == "person" for h in new) and REFERS_BACK.search(narration) is not None:
            # …。同社は「…」としている。会場では、来場者の田中さんが…: the line goes on with the story's body (its first
            # sentence names no other), so the people it then names are voices of that item, registered or not
            return None
    following = set(_names(index, source.line(n + 1)))
    # the next line names the new subject, or someone or something the registries tie to it (Anthropicは… then
    # Dario Amodei氏は…), or refers back to the new company as the subject just named (同社のCTOは…)
    # — only for a subject whose first sentence shares no word with the story and does not point back at it
    # (エーシー社は、この計画に懸念を示した。 then 同社の広報は…: a party reacting to the item)
    organisation = any(h.kind == "organization" and _subject_at(opening, h.end) for h in new)
    shared_words = _stems(set(WORD.findall(_narration(opening)))) & _stems(narrated or set())
    # (a body introduced by its kind, `_introduced`, may share one word: as it may when no registry has it)
    apart = not shared_words or _introduced(source, n, last, len(shared_words))
    # a registered organisation opening the line as its subject (Googleは、検索に…を加えました。), after an item with
    # entities of its own (not right after a bare cue line, 続いてのニュースです。, whose item this line begins), in a
    # first sentence with no word of the story, in a line quoting no one, the next line not going back to them: the
    # news is the company's own — a party to the item in hand shares its words, points back at it, speaks on it, or
    # is a comparison the next line leaves for the item's own company again. "An item with entities of its own" or one
    # that has told lines after its first (`told`, as `_narrated_shift` has it): a story on bodies no registry has is
    # left as surely as one on registered names
    told = bool(seen) or (first is not None and n - first >= 2)
    when = WHEN.match(opening)
    begins = when.end() if when is not None else 0
    leads = any(h.kind == "organization" and h.start == begins and _subject_at(opening, h.end) for h in new)
    leads = leads or _its_person_leads(opening, new, begins)
    quiet = not any(_quotes(t) for t in sentences(text)) and not following & _related(index, seen)
    quiet = quiet and RESPONDS.search(_narration(text)) is None
    # or the line goes on to let the company speak on its own news (Microsoftは、…を発表しました。同社は「…」として
    # います。): the rest's first sentence refers back to the subject just named, the next line not going back
    own_voice = (
        REFERS_BACK.search(_opening(_narration(text[len(opening) :]).lstrip("。、 "))) is not None
        and RESPONDS.search(_narration(opening)) is None
        and not following & _related(index, seen)
    )
    if (
        apart
        and not POINTS_BACK.search(opening)
        and ((organisation and _goes_on_with_it(source, n, last)) or (leads and told and (quiet or own_voice)))
    ):
        pass
    elif not following & _related(index, {h.id for h in new}):
        # or the next line takes up a word of this one that the story so far never used (牧場…, 牧場を営む…)
        # — only for a new organisation or product: a new person is most often someone of the same story
        # (the line's later sentences count: Googleは同じ週に新版を出した。数学が強なった。 then 数学オリンピック…)
        fresh = set(WORD.findall(_narration(text))) - (said or set())
        if all(h.kind == "person" for h in new) or not fresh & set(WORD.findall(source.line(n + 1))):
            return None
    return f"topic shift: {', '.join(sorted({h.id for h in new}))} after {', '.join(sorted(seen)[:4])}"


def _story_words_kept(opening: str, new: list[Hit], narrated: set[str]) -> bool:
    """Whether a first sentence naming registry entities new to the story still goes on with it by the story's own
    words, as the same sentence would with the names unregistered (a line sharing a word of the story opens no item
    on a name no registry has): its topic — the words before the first は / が / 、 — is a word of the story
    (モンテイロさんが使いよるんは、米国のX社が作ったAIやって。: the item's person, named by the surname alone, goes on),
    or it names only new people and repeats a word of the story (お披露目の場では、住職のYさんと、ロボットを作った
    Zさんの、こんなやりとりが…: the item's voices introduced). Confirming a proposed name must not move a split."""
    story = _stems(narrated)
    topic = re.split("[はが、]", _narration(opening))[0]
    if _stems(set(WORD.findall(topic))) & story:
        return True
    return all(h.kind == "person" for h in new) and bool(_stems(set(WORD.findall(_narration(opening)))) & story)


def _registered_stranger(
    index: EntityIndex | None, source: _Narration, n: int, seen: set[str], last: int, narrated: set[str], first: int
) -> str | None:
    """`_stranger_after_voices` for a line whose first sentence names a registry entity, none of the story's or tied
    to it, when `_topic_shift` found no other evidence: a body introduced after the story's voices (英国のX銀行では、…
    then 同行の…) starts an item registered as unregistered — confirming a proposed body must not move a split. So
    does a body presented by its kind (大阪のスタートアップ、X社が… then …。同社は「…」, `_stranger_referred_back`)
    after an item that has told news of its own, as the unregistered evidence has it (`_narrated_shift`)."""
    if index is None or n + 1 > last:
        return None
    text = clean(source.line(n))
    hits = index.find(_opening(text))
    if not hits or CONNECTIVE.search(text) or VOCATIVE.match(text) or _related(index, {h.id for h in hits}) & seen:
        return None
    if _stems(set(WORD.findall(_narration(text)))) & _stems(narrated):
        return None  # the line shares a word of the story, as the unregistered evidence may not (`_narrated_shift`)
    told = bool(seen) or n - first >= 2
    if told and not _quotes(_opening(text)) and _stranger_referred_back(source, n, last):
        return f"topic shift: new subject {', '.join(sorted({h.id for h in hits}))}, introduced and referred back"
    return _stranger_after_voices(source, n, last, first)


#: A Latin letter, with the accented letters of European names (Robótica / Šimkutė / Hörwerk / Kędzierzawski): a
#: diacritic is part of the word, not a break in it.
_LATIN_LETTER = r"A-Za-zÀ-ÖØ-öø-ÿĀ-ž"
#: Latin words of three letters or more (Anthropic, NVIDIA, Quillmark): content words as much as katakana and kanji
#: ones; the titles every item's people carry (CEO, CTO) tie no line to another.
LATIN = re.compile(f"[{_LATIN_LETTER}][{_LATIN_LETTER}0-9]{{2,}}")
TITLES = frozenset({"CEO", "CTO", "COO", "CFO"})
#: A person as the subject of the line's narration (…さんは / 利用者の一人は / 担当者が): with a quote, a voice.
VOICE = re.compile(r"(?:さん|氏|様|CEO|CTO|COO|社長|会長|代表|教授|博士|議員|担当者|責任者|広報|一人|者|人)(?:は|が|も)")
#: Words given on a report's authority (…の記事によると / 報道によれば): the press on the item in hand.
REPORTED = re.compile(r"によると|によれば|記事|報道|伝え")
AUDIENCE = re.compile(r"^(?:みなさん|皆さん|みなさま|皆様|皆さま)、")
#: The next line referring back to a body, whatever office word its name ends in (同社は / 同連盟は / 同会議の): not a
#: person (同氏), who is as often the story's own voice.
BODY_BACK = re.compile(r"^(?:[^、。「」『』]{0,12}、)?同(?!氏|日|時|様|じ)[一-龥ァ-ヴー]{1,6}(?:は|が|の|も|に|で|によると)")


#: A word written in kanji with its okurigana inside it (語り部 / 吹き替え / 埋め立て / 受け付け / 焼き加減): one content
#: word, where `WORD` sees only single kanji. Only the kana a verb's stem ends in (り, き, み, け, え…): not a particle
#: between two words (話を英語 / 人と一緒), an adjective before its noun (若い人 / 同じ日) or an adverb (少し先 / 再び).
OKURIGANA = re.compile(r"[一-龥]+(?:[りきちみけえせげねめれ][一-龥]+)+")
#: The narration's own time, by its stem (今週 / 今週末 / 先月 / 今年 / 今回): every item of a weekly show happens "this
#: week", so a time word ties a line to no item — as a place ties none.
SHOW_TIME = frozenset(
    {
        *("今週", "先週", "来週", "今月", "先月", "来月", "今年", "去年", "昨年", "来年"),
        *("今日", "昨日", "明日", "本日", "今朝", "今夜", "今回", "前回", "次回", "週末", "最近"),
    }
)


def _content_words(text: str) -> set[str]:
    """A line's content words of every script (`WORD`, `OKURIGANA`, `LATIN`), by their stems (`_stems`); titles, the
    words referring back (同社, 同連盟), places (欧州, アメリカ: two items in a row are as often in one region) and the
    narration's own time (`SHOW_TIME`: 今週, 先月) left out: they tie a line to whatever was named before it."""
    words = set(WORD.findall(text)) | set(OKURIGANA.findall(text)) | (set(LATIN.findall(text)) - TITLES)
    return _stems({w for w in words if not w.startswith("同") and not PLACE_NAME.match(w)}) - ITEM_WORDS - SHOW_TIME


@dataclass(frozen=True)
class _Lexicon:
    """A text's content words (`_content_words`) and its long kanji compounds, for lexical cohesion: a compound
    shares a word with another text when it holds one of that text's words whole (国際港湾協会 ~ 港湾: the stem,
    the first two characters, misses a word inside the compound)."""

    stems: frozenset[str]
    compounds: frozenset[str]

    @classmethod
    def of(cls, *texts: str) -> _Lexicon:
        stems: set[str] = set()
        compounds: set[str] = set()
        for text in texts:
            stems |= _content_words(text)
            compounds |= {w for w in re.findall(r"[一-龥]{3,}", text) if not w.startswith("同")}
        return cls(frozenset(stems), frozenset(compounds))

    def meets(self, other: _Lexicon) -> bool:
        """Whether the two texts share a content word, whole or inside a compound."""
        return bool(self.shared(other))

    def shared(self, other: _Lexicon) -> set[str]:
        """The content words the two texts share, whole or inside a compound (by this text's stem or theirs)."""
        kanji = [w for w in self.stems if "一" <= w[0] <= "龥"]
        theirs = [w for w in other.stems if "一" <= w[0] <= "龥"]
        inside_theirs = {w for w in kanji if any(w in c for c in other.compounds)}
        inside_mine = {w for w in theirs if any(w in c for c in self.compounds)}
        return set(self.stems & other.stems) | inside_theirs | inside_mine


#: A sentence that names the talk's topic and nothing else (お待ちかねは「AI疲れ」の話。 / おまけでフェリーの話も
#: しとこか。 / 次は港の話題です。): what the narration is about to tell, said before it is told.
TOPIC_TALK = re.compile(
    r"の(?:話|話題|ニュース|トピック)(?:も|を)?、?(?:です|や|だ|やで|だよ|ですね"
    r"|しとこか?|しよか?|しようか?|しましょう|しておきましょう|しときます|いこか?|いきましょう)?[。!！]$"
)


def _topic_named(sentence: str) -> str:
    """The topic a sentence announces (`TOPIC_TALK`): the bracketed term or the content words before its の話, or ""
    when the sentence announces nothing or names no topic (ほんまの話や。: a remark)."""
    if (m := TOPIC_TALK.search(sentence)) is None or _quotes(sentence):
        return ""
    head = sentence[: m.start()]
    if (term := re.search(r"[「『]([^「『」』]+)[」』]$", head)) is not None:
        return term.group(1)
    words = _content_words(_narration(head))
    return min(words) if words else ""


def _takes_up(topic: str, text: str) -> bool:
    """Whether `text` takes up the topic announced (its bracketed term, or one of its content words)."""
    return bool(topic) and (topic in text or bool(_content_words(topic) & _content_words(text)))


#: The words a narration calls its items by (…の話題です / 短いニュースです): every item's lead may say them, so they
#: tie no line to the story in hand.
ITEM_WORDS = frozenset({"ニュース", "話題", "トピック"})


def _names_an_item(sentence: str) -> bool:
    """Whether a sentence announces an item (`HEADLINE`, `TOPIC_TALK`): after a connective (せやけど、しまいのお話は
    お寺のロボットどす。…) the line still begins the item it names."""
    opening = _opening(sentence)
    return HEADLINE.match(opening) is not None or bool(_topic_named(opening))


def _cohesion_break(source: _Narration, n: int, last: int, first: int) -> str | None:
    """`_break_in_words` at line `n`, or at the next line when line `n` only announces the topic that line takes up
    (`_announcing_line`: 気になるのは「デジタル断食」の話。 then the news): the item begins on the announcement, as it
    does on a cue line, and the announcement's words, which the news repeats, are the new item's, not the story's."""
    if n + 1 <= last and _announcing_line(source, n + 1, first) == n:
        if (why := _break_in_words(source, n + 1, last, first, n)) is not None:
            return f"{why}; its topic announced on line {n}"
    return _break_in_words(source, n, last, first, n)


def _break_in_words(source: _Narration, n: int, last: int, first: int, told: int) -> str | None:
    """Evidence that line `n` opens a new item although no cue, connective or registered name says so: lexical
    cohesion. The line shares not one content word (katakana, Latin or kanji, registered or not) with the story so
    far, while the next lines share words with it or refer back to the body it introduced (同社は… / 同連盟は…). An
    item's lines repeat its words (its company, its product, its field); a new item, however it opens — a date and a
    place, a question to the audience, someone's words before their name, a company named with no transition —
    brings words of its own and its next lines go on with them.

    Guarded so that the item's own lines do not split: the line must not open with a connective (`CONNECTIVE`:
    せやけど、 / ほんで、 / ただ、 — the narrator saying the item goes on, whoever becomes the subject) unless what follows
    it names the item it begins (`_names_an_item`: ほんで、しまいのお話は…); the story must have told two lines at
    least, and after only two it may still be telling its news — a line of new words there is as often one more side
    of it (地元の人たちは、…に驚いています / 大手銀行は、…融資を増やします), so it leaves the item only when its first
    sentence names a body new to the story as its subject (`_new_subject`: 全日本俳句連盟は、…); the line must narrate (two content
    words of its own outside quotes: a bare voice, 客の一人は「…」, is a reaction), react to nothing (`REACTS`), point
    back at nothing (`POINTS_BACK`, `REFERS_BACK`) and not be a voice that "also" speaks (`ALSO_SAYS`); neither the
    next line nor a line taken as going on with the new words may go back to the story's words. The story is its
    lines before line `told` (`n`, or the line announcing the topic of line `n`).
    """
    if told - first < 2 or n + 1 > last:
        return None
    text = clean(source.line(n))
    if (joint := CONNECTIVE.match(text)) is not None and not _names_an_item(text[joint.end() :].lstrip("、, ")):
        return None
    narration = _narration(text)
    # (the audience addressed, みなさん、…ますか?, is no co-host spoken to; その場で… deep in the sentence points at nothing)
    spoken_to = VOCATIVE.match(text) is not None and AUDIENCE.match(text) is None
    if spoken_to or REACTS.search(narration) or POINTS_BACK.search(re.split("[はが、]", _opening(narration))[0]):
        return None
    if REFERS_BACK.search(narration) or ALSO_SAYS.search(narration) or re.match(r"^同[氏社]", narration):
        return None
    if told - first < 3 and _new_subject(_opening(narration), False) is None:
        return None  # an item of two lines may still be telling its news: only a new body as subject leaves it
    story = _Lexicon.of(*(clean(source.line(k)) for k in range(first, told)))
    words = _Lexicon.of(text)
    common = words.shared(story)
    # a news lead on the event's own time and place (今月十日、ロサンゼルスで…) may share one word of the story (自動,
    # 問題: a word any item may use), as a body introduced by its kind may (`_introduced`): it opens an event
    lead = len(common) == 1 and DATELINE.match(narration) is not None
    if len(words.stems) < 3 or len(_content_words(narration)) < 2 or (common and not lead):
        return None
    ahead: list[str] = []  # the next three lines, up to the next item's cue or the closing
    for k in range(n + 1, min(n + 3, last) + 1):
        line = clean(source.line(k))
        if story_cue(line) is not None or is_heading(source.line(k)) or CLOSING.search(line):
            break
        if OUTRO_START.search(line):
            break
        ahead.append(line)
    if not ahead or _Lexicon.of(ahead[0]).meets(story):
        return None
    if (VOICE.search(narration) or REPORTED.search(narration)) and any(_quotes(t) for t in sentences(text)):
        # a person's voice (社長の…さんは会見で「…」って… / 主婦の一人は「…」) or a report's words (…の記事によると、「…」)
        # is one more on the item in hand, whatever words it uses; words before their speaker's name (「…」。そう語る
        # のは、X社のY氏です。) are not: who says them is still to be introduced
        return None
    # a line that takes up the new words while going back to the story's own (…規制の議論も… after Reatailは…) is
    # the item in hand mentioning them again, no evidence of a new one
    # — decided by the first of the next lines that shares a word with either: lines sharing none (葉っぱの写真を撮る
    # だけで、…教えてくれるんだって。, the new item's thing left unsaid) tell the same item on, whichever it is
    going_on = False
    for a in ahead:
        lex = _Lexicon.of(a)
        if lex.meets(words) or lex.meets(story):
            going_on = lex.meets(words) and not lex.meets(story)
            break
    # or the line announces its topic and goes on with it itself (おまけでフェリーの話もしとこか。…フェリーで、…)
    parts = sentences(text)
    announced = len(parts) > 1 and _takes_up(_topic_named(parts[0]), "".join(parts[1:]))
    if not (BODY_BACK.match(_narration(ahead[0])) or going_on or announced):
        return None
    how = "the next lines go on with its own" if going_on or not announced else "its topic announced and taken up"
    apart = "no word of the story"
    if common:
        apart = f"a lead of its own time and place, one word of the story ({min(common)})"
    return f"topic shift: {apart}, {how} ({'/'.join(sorted(words.stems)[:3])})"


def _narrated_shift(
    index: EntityIndex,
    source: _Narration,
    n: int,
    last: int,
    seen: set[str],
    narrated: set[str],
    shared: set[str],
    first: int | None,
) -> str | None:
    """Evidence that line `n`, whose first sentence names no registry entity, opens an item on a subject no registry
    has (`_unregistered_shift`), given the words it shares with the story (`shared`, at most the one `_introduced`
    allows). A registered body the line names after its first sentence gets the same evidence: confirming a proposed
    body must not move a split.

    A line that quotes someone goes on with the item it is part of — unless it is an item of its own: the first
    sentence narrates, and the rest lets the new subject speak (…を売り出します。同社の社長は「…」) before the next
    item opens, or the first sentence, quoting no one, tells the news and the voice comes after it in the line
    (欧州連合では、…規則が来月から適用されます。…担当する…氏は「…」と説明しました。): the whole line's narration
    shares no word with the story, so the voice is on the line's own news. Both only after an item that has told news
    of its own (named entities, or a line after its first): right after a bare cue line the line is that item's first
    news.
    """
    text = clean(source.line(n))
    opening = _opening(text)
    told = bool(seen) or (first is not None and n - first >= 2)
    speaks = told and _speaks_after(text)
    # self-contained — unless the next line goes back to the story's entities (one more party of the item)
    own = REFERS_BACK.search(_opening(_narration(text[len(opening) :]).lstrip("。、 "))) is not None
    own = own and not set(_names(index, source.line(n + 1))) & _related(index, seen)
    goes_on = not _quotes(opening) and (
        (speaks and own) or _goes_on_with_it(source, n, last) or _stranger_referred_back(source, n, last)
    )
    if _quotes(opening) or (BRACKET.search(text) and not goes_on and not speaks):
        return None
    shift = _unregistered_shift(source.line(n + 1), text, narrated, goes_on)
    if shift is not None and shared:  # `_introduced`: say which word of the story it shares
        shift = shift.replace("no word of the story", f"introduced, one word of the story ({min(shared)})")
    if shift is None and not shared and first is not None:
        shift = _stranger_after_voices(source, n, last, first)
    return shift


#: What a line's first sentence opens with as its topic or setting, set off by a comma (グリッドワークスっちゅう
#: アメリカの電力会社は、 / 神戸港で…を運営しとうみなと六甲ターミナルは、 / 英国のソーンベリー銀行では、): the
#: subject, however its name is written (katakana, kanji, hiragana, Latin) and however it is introduced.
TOPIC = re.compile(r"^(?P<name>[^、。「」『』]{2,30}?)(?:では|は|が)、")
#: A topic that is a person (…を率いる田中さんは、 / 開発担当者は、 / 見学した人は、): most often one more voice or
#: actor of the item in hand, never evidence of a new body.
PERSON_TOPIC = re.compile(
    r"(?:さん|氏|様|くん|ちゃん|CEO|CTO|COO|社長|会長|代表|教授|博士|先生|議員|記者|担当者|責任者|広報|人|者|家|員|長|彼|彼女)$"
)


def _stranger_after_voices(source: _Narration, n: int, last: int, first: int) -> str | None:
    """Evidence that line `n` starts an item on a subject no pattern names (`TOPIC`): the story it would leave has
    already had its voices (a line of it quotes someone), the first sentence quotes no one, reacts to nothing and
    shares no word with the story (the caller's `shared`), its topic is no person, and the next line's narration
    refers back to that topic as a body (同社は… / 同行の広報担当者は…). An item is told news first, voices after;
    after the voices, a body the narrator must introduce and then goes on with is the next item's subject — a party
    to the item in hand shares its words, reacts to it, or needs no introduction."""
    text = clean(source.line(n))
    opening = WHEN.sub("", _opening(text), count=1)
    m = TOPIC.match(opening)
    if m is None or _quotes(opening) or POINTS_BACK.search(m.group("name")):
        return None
    name = m.group("name")
    if PERSON_TOPIC.search(name) or not _is_body(name, False) or REACTS.search(_narration(opening)):
        return None
    voiced = any(_quotes(t) for k in range(first, n) for t in sentences(clean(source.line(k))))
    following = _narration(clean(source.line(n + 1))) if n + 1 <= last else ""
    if not voiced or REFERS_BACK.search(_opening(following.lstrip("。、 "))) is None:
        return None
    return f"topic shift: new subject {name}, after the story's voices"


def _stranger_referred_back(source: _Narration, n: int, last: int) -> bool:
    """Whether line `n`'s first sentence presents a body by the kind it is, as its subject (大阪のスタートアップ、
    ソテー・ラボが… / 家電メーカーの北斗工機は…), and the next line's narration refers back to it in any of its
    sentences (キャッチコピーは『…』。同社は「…」としとる。): the narrator introducing a stranger, then going on
    with it — a first mention, where a party to the item in hand needs no introduction."""
    if n + 1 > last:
        return False
    opening = WHEN.sub("", _opening(clean(source.line(n))), count=1)
    m = APPOSED.search(opening) or INTRODUCED.match(opening)
    if m is None or not _is_body(m.group("name"), False):
        return False
    return REFERS_BACK.search(_narration(clean(source.line(n + 1)))) is not None


#: A title between a person's name and the particle that makes them the subject (…ピチャイCEOは / …森社長が).
PERSON_SUBJECT = re.compile(r"(?:氏|さん|CEO|CTO|COO|社長|会長|代表|副社長|教授|博士)?(?:は|が)")


def _its_person_leads(opening: str, hits: list[Hit], begins: int) -> bool:
    """Whether the sentence opens with an organisation's person as its subject (Googleのスンダル・ピチャイCEOは、…を
    発表しました。): the organisation leads the line as surely as when it is the subject itself."""
    for org in hits:
        if org.kind != "organization" or org.start != begins or not opening.startswith("の", org.end):
            continue
        for person in hits:
            if person.kind == "person" and org.end < person.start <= org.end + 24:
                between = opening[org.end + 1 : person.start]
                if not re.search("[、。「」『』はが]", between) and PERSON_SUBJECT.match(opening, person.end):
                    return True
    return False


#: A company answering for itself on the item in hand, without quoting (Googleは取材に対しコメントを控えました。 /
#: …は報道を否定しています): a party to the item, not the subject of a new one.
RESPONDS = re.compile(
    r"取材|コメント|回答|返答|反論|反発|否定|認め|歓迎|声明|報道|見解|明らかにしていない|答えていない"
)


#: A day of the month in either numerals (15日 / 十日 / 二十三日), and a day of the week (火曜 / 木曜日).
_DAY = r"(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})日"
_WEEKDAY = r"[月火水木金土日]曜(?:日)?"
#: A time said before the subject (今週、Googleは… / 現地時間の15日、… / 今月十日、… / 先週の火曜、…): the line still
#: opens with its subject.
_WHEN = (
    r"^(?:(?:今週|先週|今月|先月)の?" + _WEEKDAY + r"|(?:今月|先月)?(?:(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})月)?"
    + _DAY + r"|今週|先週|今月|先月|昨日|きのう|今日|きょう|この日|同じ日|週明け|(?:日本|米国|現地)時間の?" + _DAY
    + r")(?:に|には)?、"
)
WHEN = re.compile(_WHEN)
#: A news lead that opens on the event's time and place (今月十日、ロサンゼルスで… / 先週の火曜、ベルリンで…): the
#: anchor's way into a new event, where an item's later lines go on from the event it has told.
DATELINE = re.compile(_WHEN + r"[^、。「」『』はがをも]{1,12}?で(?!も)、?")


#: A bracketed span that is someone's words: opening the sentence, given on someone's authority (Xによると、「…」),
#: or followed by a quotative (「…」と語った / 「…」って / 「…」とも). A span followed by anything else (チップ「Rubin」を発表 / 『…』という報告書 / 「…」っていう
#: 新しいタブ) is a name
#: or a term, and the sentence may well open a new item.
QUOTING = re.compile(
    # words given on someone's authority (…の記事によると、「…」らしい / …によれば『…』): reported words, a quote
    r"^[「『]|(?:によると|によれば)、?\s*[「『]|[」』]\s*(?:と(?!いう|いった)|って(?!いう|いった|ゆう)|とも|などと|なんて|やて|だと|とか|言う|言っ|言わ|ゆう|ゆっ|いう(?!の|こと))"
)


def _quotes(sentence: str) -> bool:
    """Whether the sentence quotes someone (rather than naming a product or a title in brackets). A span still
    open where the sentence is cut (「…です。…」と) runs over a sentence: words, not a name."""
    opened = sum(sentence.count(c) for c in "「『") > sum(sentence.count(c) for c in "」』")
    return opened or QUOTING.search(sentence) is not None


#: A subject the registries do not have, opening a sentence: a katakana or Latin name, or a name with a company
#: or institution word, before は / が (ヴォルタ・エナジーは…, 北海精機が…). A katakana name needs its ・:
#: a bare katakana word is far more often a common noun (モデルが増えてる, チームは…).
SUBJECT = re.compile(
    r"(?:^|[、。])[^、。]{0,12}?(?<![一-龥ァ-ヴー" + _LATIN_LETTER + r"0-9])(?P<name>[ァ-ヴー]+・[ァ-ヴー・]+"
    r"|[A-ZÀ-ÖØ-ÞĀ-ž][" + _LATIN_LETTER + r"0-9]+(?: [A-ZÀ-ÖØ-ÞĀ-ž][" + _LATIN_LETTER + r"0-9]+)*"
    r"|[一-龥]{1,8}(?:社|精機|電子|電機|工業|製作所|重工|製薬|機構|協会|大学|研究所"
    # an institution, a bank or an agency (海洋未来財団 / 北都銀行 / 文化庁 / 大阪府警); not a paper or news agency,
    # far more often the source of the item in hand (…新聞が報じた) than a new one
    r"|財団|基金|銀行|証券|自動車|委員会|評議会|連合|連盟|組合|学会|病院|庁|省|府警|県警)"
    # a katakana name with its industry word, written without ・ (ニンバスロボティクス / ルナテクノロジーズ)
    r"|[ァ-ヴー]{2,}(?:ロボティクス|テクノロジーズ|テクノロジー|ラボ|システムズ|エナジー|モビリティ|ダイナミクス"
    r"|ソリューションズ|ネットワークス|セミコンダクター|ホールディングス|インダストリーズ|バイオ|ファーマ|メディカル))(?:社)?(?:は|が)"
)


#: A name set off by what it is (深圳のスタートアップ、蒼竜ロボティクスが… / 老舗メーカー、北斗工機は…): a body
#: introduced as the subject, whatever its name is written in.
APPOSED = re.compile(
    r"(?:スタートアップ|新興企業|企業|メーカー|会社|ベンチャー|団体|研究機関|シンクタンク)、"
    r"(?P<name>[^、。「」『』はがのもを]{2,16}?)(?:社)?(?:は|が)"
)


#: A body or a place as the setting the line opens with (欧州連合では、… / 国際通貨基金では、… / EUでは、… / 中国では、…):
#: the news happens there, as with a body that is the subject. Names with an institution word, katakana with ・, a
#: Latin acronym (as a setting a body or a region, EU / NASA, not a technical term) or a country or region (…国, …州,
#: or one of `PLACE`'s names); not a bare kanji noun (記事では、 / 調査では、: a source inside the item). A place is
#: as often one more side of the item in hand (米国では、船の規制が…。担当の…氏は「…」): it opens an item only with
#: the evidence a new body needs most (`_goes_on_with_it`: the next line refers back to the body the line names,
#: 中国では、…。…弁公室は、…。 then 同弁公室は…, or the line is a one-line item before the next cue).
PLACE = (
    r"(?![各全両他自同本外母祖諸])[一-龥]{1,3}(?:国|州)|日本|台湾|香港|アメリカ|ヨーロッパ|アジア|アフリカ|中東|インド"
    r"|ドイツ|フランス|イギリス|イタリア|カナダ|ブラジル|オーストラリア|シンガポール|ロシア"
)
SETTING = re.compile(
    r"^(?P<name>[一-龥]{1,6}(?:連合|委員会|評議会|機構|協会|財団|基金|銀行|学会|庁|省)|[ァ-ヴー]+・[ァ-ヴー・]+"
    r"|[A-Z]{2,5}|" + PLACE + r")では、"
)
PLACE_NAME = re.compile(f"^(?:{PLACE})$")


#: A body introduced by the kind it is, opening the line as its subject (ソフトウェア企業のサクラギ・システムズは、… /
#: 家電メーカー、北斗工機が…): a first mention, the narrator telling the listener who the body is.
INTRODUCED = re.compile(
    r"^[^、。「」『』はが]{0,12}?(?:企業|メーカー|会社|スタートアップ|ベンチャー|団体|研究機関|シンクタンク)(?:の|、|である)"
    r"(?P<name>[^、。「」『』はがのもを]{2,16}?)(?:社)?(?:は|が)"
)


def _introduced(source: _Narration, n: int, last: int, shared: int) -> bool:
    """Whether line `n` opens a new item although its narration shares a word with the story: a body introduced by its
    kind as the subject of its first sentence (`INTRODUCED`), the next line referring back to it (同社の広報担当者は…),
    and only one word in common (社内, 開発: a word any item may use). A competitor brought into the item in hand
    shares its words (the product, the market) and is seldom presented as a stranger."""
    text = clean(source.line(n))
    m = INTRODUCED.match(WHEN.sub("", _opening(text), count=1))
    if shared > 1 or m is None or not _is_body(m.group("name"), False) or _quotes(_opening(text)):
        return False
    following = _narration(clean(source.line(n + 1))) if n + 1 <= last else ""
    return REFERS_BACK.search(_opening(following.lstrip("。、 "))) is not None


def _speaks_after(text: str) -> bool:
    """Whether the line's first sentence quotes no one and names a body as its subject or setting, the quotes coming
    only after it: the news told, then a voice on it."""
    opening = _opening(text)
    if _quotes(opening):
        return False
    m = SUBJECT.search(opening) or APPOSED.search(opening) or SETTING.match(opening)
    return m is not None and _is_body(m.group("name"))


#: A company or institution word after a word that names no one body (会社, 子会社, 同社, 各大学, 本社, 新聞社): a
#: generic noun the `SUBJECT` pattern's kanji part takes in (投資家たちは会社が受け入れる以上の…), not a name.
GENERIC_BODY = re.compile(
    r"^(?:[同各他自本当弊御両全貴][一-龥]?(?:社|大学|研究所|協会|機構|財団|銀行|病院|委員会|連合|庁|省)|[一-龥]*会社"
    r"|商社|神社|出版社|新聞社|通信社|支社|結社|[一-龥]?(?:地元|全国|地方|業界|大手|経済|英字|夕刊|朝刊)(?:紙|新聞|銀行|病院))$"
)
#: A Latin acronym (AGI, LLM, GPU): far more often a technical term than a company's name. It is a new subject only
#: with evidence that a body is meant (`_goes_on_with_it`: the next line refers back to it with 同社, or the line is
#: an item of its own before the next cue): a registered acronym company is the registries' to find.
ACRONYM = re.compile(r"^[A-Z]{2,5}[0-9]?$")


def _is_body(name: str, goes_on: bool = True) -> bool:
    """Whether a name the subject patterns found may name a body new to the story (not 彼, 会社, or AGI alone)."""
    if name in NOT_NAMES or GENERIC_BODY.match(name):
        return False
    return goes_on or ACRONYM.match(name) is None


def _new_subject(sentence: str, goes_on: bool) -> str | None:
    """The body or place a sentence names as its subject or setting, if it may be new to the story: a setting's Latin
    acronym (EUでは、) is a body or a region, a subject's (AGIは) only with `goes_on`; a bare place (中国では、) only
    with `goes_on` too."""
    if (m := SUBJECT.search(sentence) or APPOSED.search(sentence)) is not None:
        return m.group("name") if _is_body(m.group("name"), goes_on) else None
    if (m := SETTING.match(sentence)) is not None and (goes_on or PLACE_NAME.match(m.group("name")) is None):
        return m.group("name") if _is_body(m.group("name")) else None
    return None


def _unregistered_shift(following: str, text: str, narrated: set[str], goes_on: bool = False) -> str | None:
    """A new subject no registry has: the first sentence names it as subject and shares no word with the
    story's narration, and the next line takes the name or a word of the sentence up again — or `goes_on`
    (`_goes_on_with_it`: the next line refers back to it, or the line is a one-line item).

    A first sentence naming no subject may be the item's lead said first (日本の政府も動いてはります。総務省が、…):
    the subject is then that of the line's second sentence, and the words of both are the item's."""
    opening = _opening(text)
    name = _new_subject(opening, goes_on)
    if name is None and not (SUBJECT.search(opening) or APPOSED.search(opening) or SETTING.match(opening)):
        second = _opening(_narration(text[len(opening) :]).lstrip("。、 "))
        m = SUBJECT.search(second) or APPOSED.search(second)
        if m is not None and _is_body(m.group("name"), goes_on):
            name, opening = m.group("name"), opening + second
    if name is None:
        return None
    fresh = _stems(set(WORD.findall(opening))) - _stems(narrated)
    if not goes_on and name not in following and not fresh & _stems(set(WORD.findall(following))):
        return None
    return f"topic shift: new subject {name}, no word of the story"


def _subject_at(text: str, end: int) -> bool:
    """Whether the name ending at `end` is a subject (Xは / Xが / X社は), not an object or a modifier."""
    return text[end : end + 3].lstrip("社").startswith(("は", "が"))


#: A first sentence pointing back at the item in hand (この計画 / その発表 / 同じ… / 発表されたGPU): whatever it names,
#: it is about it.
POINTS_BACK = re.compile(
    # (also the thing the item reported, as a modifier: 発表されたGPU / 公開されたばかりのモデル)
    r"この|その|同じ|同様|これ|それ|(?:発表|公開|発売|導入|提供)(?:された|したばかり|済み)"
)
#: Words referring back to the company or body just named (同社の…, 同団体は…), also by the office word its name ends
#: in (同省は… / 同弁公室は… / 同委員会の…: 同 and a kanji run closing on a body word; not 同時 / 同日 / 同様).
REFERS_BACK = re.compile(
    # (同行の…: the bank just named)
    r"同社|同団体|同グループ|同行(?:の|は|が|も)|同機構|同協会"
    r"|同[一-龥]{0,3}(?:省|庁|局|室|委員会|政府|当局|大学|研究所|財団|組合|学会)(?:は|が|の|も|に|で)"
)


def _only_closes_an_item(text: str) -> bool:
    """Whether the line says nothing but that the item in hand is over (この話はここまで。 / 以上、…の話でした。)."""
    parts = [FILLER.sub("", t) for t in sentences(text)]
    return bool(parts) and all(WRAP_UP.search(t) and not _ends_the_show(t) for t in parts)


def _goes_on_with_it(source: _Narration, n: int, last: int) -> bool:
    """Whether what follows line `n`'s first sentence goes on with its new subject: the next line refers back to
    it (同社は…), or the next line opens an item of its own (a cue, a heading) and this line, quoting
    no one or referring back to the subject in its rest, is a one-line item."""
    text = clean(source.line(n))
    rest = _narration(text[len(_opening(text)) :])
    if n + 1 > last:
        return REFERS_BACK.search(rest) is not None
    following = clean(source.line(n + 1))
    if REFERS_BACK.search(_opening(_narration(following).lstrip("。、 "))):
        return True  # 同社は… / 「…」。同社の責任者は…: the first sentence of the next line's narration
    # the next line opens an item of its own: this line cannot go on into it, so it is an item of its own when it
    # refers back to its subject or quotes no one (a voice on the item in hand is no item). Not before the
    # sign-off: the last line before it is as often the narrator's own remark on the last item (地元の会社が…)
    after = n + 1
    while after < last and _only_closes_an_item(clean(source.line(after))):
        after += 1  # この話はここまで。 alone on the next line: what opens after it decides
    opens = story_cue(clean(source.line(after))) is not None or is_heading(source.line(after))
    quiet = not any(_quotes(t) for t in sentences(text))
    return bool(opens) and (REFERS_BACK.search(rest) is not None or quiet)


#: Words after a connective that tie the line to the item in hand: a reaction to it (…からは慎重な声も),
#: a stance on it (一方で、国内の北斗インテリジェンスは慎重だ。), a reference back (その, 同社, 彼…).
GOES_ON = re.compile(
    r"(?:声|反応|意見|批判|懸念|指摘|疑問|見方|期待)(?:も|が)|^(?:その|この|同社|同氏|彼|これ|それ)"
    r"|(?:は|も)(?:慎重|懐疑的|否定的|批判的|冷ややか|冷静|楽観的|悲観的|反対|警戒)(?:だ|です|な姿勢|の姿勢|を示)"
)

#: A first sentence reacting to the item in hand (地元の漁協は、排水に懸念を示している。 / …は、計画の見直しを求めて
#: いる。): a party to it, however new its name — with `RESPONDS` and `GOES_ON`.
REACTS = re.compile(
    RESPONDS.pattern + "|" + GOES_ON.pattern + r"|懸念|反対|批判|求め|要望|要求|抗議|警戒|慎重|不安|注文|釘を刺"
)


BRACKET = re.compile("[「『」』]")
#: A person who "also" speaks (…のCTO、ラファエル・ソウザさんもXで「…」): one more voice on the item in hand.
ALSO_SAYS = re.compile(r"(?:さん|氏|CEO|CTO|社長|会長|教授|博士|先生|代表)も")


def _narration(text: str) -> str:
    """`text` without what is inside 「…」/『…』: the narrator's own words (walks the brackets only)."""
    if BRACKET.search(text) is None:
        return text
    out: list[str] = []
    depth, pos = 0, 0
    for m in BRACKET.finditer(text):
        if not depth:
            out.append(text[pos : m.start()])
        depth = depth + 1 if m.group(0) in "「『" else max(0, depth - 1)
        pos = m.end()
    if not depth:
        out.append(text[pos:])
    return "".join(out)


#: The acts every news item reports (発表 / 公開 / 発売 / 開始 / 提供 / 導入 / 開催 / 登場 / 投入), by their stems: a
#: word two items' lead sentences share as often as one item's lines do (NVIDIAが工場を建てると発表しました。 …
#: Anthropicは…を始めると発表しました。), so it ties no line to the story in hand and proves no new topic either.
NEWS_ACTS = frozenset({"発表", "公開", "発売", "開始", "提供", "導入", "開催", "登場", "投入"})


def _stems(words: set[str]) -> set[str]:
    """What makes a word "already said": a kanji compound by its first two characters (研究 ~ 研究者); the acts
    every item reports (`NEWS_ACTS`) are left out."""
    return {w[:2] if "一" <= w[0] <= "龥" else w for w in words} - NEWS_ACTS


def _related(index: EntityIndex, ids: set[str]) -> set[str]:
    """The entities the story talks about and those the registries tie to them (a CEO and the company)."""
    out = set(ids)
    for i in ids:
        out |= index.related.get(i, frozenset())
    return out


def _new_topic(
    index: EntityIndex | None, rest: str, seen: set[str], narrated: set[str], following: str = ""
) -> tuple[bool, str]:
    """Whether a line opening with a connective starts a new item (rule 2b), and the evidence either way.

    `rest` is the line after the connective. It goes on with the current item
    when its first sentence names an entity the story talks about (or one the
    registries tie to it), reacts to it, or refers back; it starts a new item
    when it names only entities new to the story, or when it quotes no one and
    none of its content words (of the whole line, if the first sentence has
    fewer than two) was said in the story's narration so far.
    Without evidence it goes on.
    """
    raw = _opening(rest.lstrip("、, "))
    opening = _narration(raw)
    if (m := GOES_ON.search(opening)) is not None:
        return False, f"refers back or reacts: {m.group(0)}"
    hits = index.find(opening) if index is not None else []
    if index is not None and hits:
        known = _related(index, seen)
        if same := sorted({h.id for h in hits if h.id in known}):
            return False, f"names {', '.join(same)} of the story"
        if also := sorted({h.id for h in hits if _also(opening, h.end)}):
            return False, f"{', '.join(also)} does the same (Xも)"  # 一方、ボルト社も同じ機能を…
        if (m := ALSO_SAYS.search(re.split("[「『]", raw, maxsplit=1)[0])) is not None and BRACKET.search(raw):
            return False, f"someone else also speaks on the item ({m.group(0)}「…」)"
        if all(h.kind == "person" for h in hits) and _quotes(raw):
            # a new person's words on the item (一方、数学者の…教授は「…」と慎重な見方を示しました。(訳注:…)): a
            # counter-voice, registered or not (the unregistered one is the quote branch below), however much follows
            return False, f"{', '.join(sorted({h.id for h in hits}))} speaks on the item"
        ids = {h.id for h in hits}
        onward = set(_names(index, following)) & _related(index, ids)
        if _quotes(raw) and len(sentences(rest.lstrip("、, "))) == 1 and not onward:
            # the whole line is one voice on the item (一方、B社の広報担当者は「同様の機能を年内に出す」と
            # コメントした。): a counter-voice; a new item goes on to narrate its own news, in the line or the next
            return False, f"{', '.join(sorted({h.id for h in hits}))} only speaks on the item"
        return True, f"new subject {', '.join(sorted({h.id for h in hits}))}"
    if "「" in raw or "『" in raw:
        return False, "quotes someone on the item"  # a counter-voice: 一方、住民の山口さんは「…」と話す
    words = set(WORD.findall(opening))
    if len(words) < 2:  # a short first sentence (…についても触れておきます。): the line's words say it
        words = set(WORD.findall(_narration(rest)))
    if len(words) >= 2 and not _stems(words) & _stems(narrated):
        return True, f"new words {'/'.join(sorted(words)[:3])}"
    return False, "no new subject or words"


#: A story that sets up an exchange — a press conference, a Q&A, an interview — retold as narration: its
#: questions and answers are counted off with the same words as items (最初の質問は… / 次に、…記者が「…」と尋ねました
#: / 最後の質問は…), and each is a step of that one event, not a new item.
EXCHANGE = re.compile(r"会見|質疑|一問一答|インタビュー|対談|公聴会|討論会|記者団|Q&A|Ｑ＆Ａ")
#: A sentence that asks or answers (the narration outside the brackets): what a cue counts inside an exchange.
#: The act, not the words: 質問に答える機能 is a product's news, 最初の質問は / …と尋ねました / 答えはこう is a step.
QA_STEP = re.compile(
    r"質問(?:は|が|で|には|に対し|者)|の質問|問い(?:は|が|に対し)|尋ね|たずね|聞かれ|問われ"
    r"|答え(?:は|が|、|て)|の答え|と答え|が答え|に答え(?:て|、)|回答(?:は|が|し)|と回答|返答|質疑"
)


def _exchange_step(text: str) -> str | None:
    """The question or answer word of the line's first sentence, outside quotes (最初の質問は…), if any."""
    m = QA_STEP.search(_narration(_opening(text)))
    return m.group(0) if m is not None else None


#: Later items announced inside one line (まずはA、次にB、最後にC): the line is a preview, not item 1.
PREVIEW = re.compile(r"、\s*(?:次に|次は|続いて|それから|最後に|最後は|ラストは|二つ目|2つ目|二本目)")


def _is_preview(text: str) -> bool:
    return story_cue(text) in ("まずは", "一つ目") and PREVIEW.search(text) is not None


def _greeting_end(source: _Narration, body: list[int]) -> int | None:
    """The last line of an intro that only greets or previews, before the first item (no intro-ending cue)."""
    end = None
    for n in body[:-1]:
        text = clean(source.line(n))
        if is_update_note(text):
            end = n  # the note announcing the updates (※9月26日追記:…) is the intro's
            continue
        if "「" in text and GREETING.match(text) is None:
            break  # a line that quotes someone says more than hello, unless it opens with a greeting
        if not _is_preview(text) and (not GREETING.search(text) or story_cue(text) is not None):
            break
        if _tells_news_after_greeting(text):
            break
        end = n
    return end


def _tells_news_after_greeting(text: str) -> bool:
    """Whether a line the greeting rule takes goes on, after its first sentence, to tell news: a later sentence, itself
    no greeting or preview, names a body as its subject (みんな、…と思う?北摂の連盟が、…を試したんや。). The opening
    sentence was the item's hook (a question to the audience), not the show's hello: the first item begins there."""
    for sentence in sentences(_narration(text))[1:]:
        if GREETING.search(sentence) or _is_preview(sentence):
            continue
        m = SUBJECT.search(sentence) or APPOSED.search(sentence)
        if m is not None and _is_body(m.group("name"), False):
            return True
    return False


#: A cue that announces the FIRST item (まずは, 最初のニュースは, 一本目, ひとつ目): whatever comes before it is the intro.
FIRST_ITEM = re.compile(
    _LEAD
    + r"(?:まずは|まず最初に|まず、|まず[^。、「」]{1,12}?(?:から|の話)|"
    + _TAKEN_FIRST
    + "|"
    + _FIRST
    + r"|(?:一|1|１|ひと|いっ)"
    + _TH
    + r"|第(?:一|1|１)の(?:話題|ニュース|トピック)|(?:目玉|トップニュース)(?:は|です|、))"
)


def _headings_begin(source: _Narration, lines: list[int]) -> bool:
    """Whether the first of `lines` is an item heading and another follows: a headed transcript's items begin
    there, as they do after まずは (one heading alone is no layout)."""
    return bool(lines) and _item_heading(source.line(lines[0])) and any(_item_heading(source.line(n)) for n in lines[1:])


def _talk_before_first_item(source: _Narration, body: list[int], end: int, index: EntityIndex | None) -> int:
    """The intro's last line, given the greeting's (`end`): also the one or two lines after the greeting that talk
    to the audience — naming no one and no body, no cue or heading (コメントもどんどんください。 / 今日は雨ですね) —
    when the line after them announces the FIRST item (`FIRST_ITEM`: じゃあ一個目いきましょう / まずは…, or an item
    heading when another follows: ■一個目… / ■二個目…). The
    narration says there where its items begin, and a line naming nothing is no news told before it."""
    for k in (1, 2):
        i = body.index(end) + k
        if i >= len(body) - 1:
            return end
        talk = [clean(source.line(n)) for n in body[body.index(end) + 1 : i + 1]]
        if any(story_cue(t) or is_heading(t) or connective_cue(t) or is_update_note(t) for t in talk):
            return end
        if any(_names(index, t) or _subject_of(t) for t in talk):
            return end
        following = clean(source.line(body[i + 1]))
        if FIRST_ITEM.search(following) is not None and not _is_preview(following):
            return body[i]
        if _headings_begin(source, body[i + 1 :]):
            return body[i]  # a headed transcript: its first item heading says what まずは says
    return end


def _subject_of(text: str) -> str:
    """The body no registry has that the line's narration names as a subject (北海精機が… / ヴォルタ・エナジーは…), if
    any."""
    m = SUBJECT.search(_narration(text)) or APPOSED.search(_narration(text))
    return m.group("name") if m is not None and _is_body(m.group("name")) else ""


def _before_first_item(source: _Narration, body: list[int], index: EntityIndex | None) -> int | None:
    """The first line as the intro when it is an opening the greeting rule does not know (この記事は…を訳した
    ものです) and the next line announces the first item: the narration says there where the items begin. Only
    one line, and one that names no one: two or more lines before まずは, or a line on a company (OpenAIが…を
    発表しました。 then まずは性能から。), may well be news. An item heading on the next line says the same as
    まずは when the transcript is headed (another item heading follows): headings are where its items begin."""
    first = clean(source.line(body[0]))
    if len(body) < 3 or is_heading(source.line(body[0])) or story_cue(first) is not None:
        return None
    if _names(index, first) or ((m := SUBJECT.search(_narration(first))) is not None and _is_body(m.group("name"))):
        return None
    if _headings_begin(source, body[1:]):
        return body[0]
    text = clean(source.line(body[1]))
    return body[0] if FIRST_ITEM.search(text) is not None and not _is_preview(text) else None


#: A sign-off naming a span of the show (以上、今日のニュースでした / 今週はここまで), not one item.
SHOW_SPAN = re.compile(r"今日|今回|今週|本日|今夜|今月|今朝|番組|この動画|ダイジェスト")


def _ends_the_show(sentence: str) -> bool:
    """Whether a sentence closing something closes the show (今日はここまでや。 / 以上、今週のダイジェストでした。)
    rather than the item in hand (以上、ソニーのニュースでした。)."""
    if OUTRO_START.search(sentence) is None:
        return False
    item = sentence.startswith("以上、") and WRAP_UP.search(sentence) and not SHOW_SPAN.search(sentence)
    return not item


#: An anchor handing back from a reporter (北村さん、ありがとうございました。): the reporter's item is over, and
#: narration after it on the same line begins the next one.
HANDBACK = re.compile(r"^[^、。「」]{1,12}(?:さん|記者|アナ|キャスター)、?(?:どうも)?ありがとうございました[。!！]$")


#: A clause closing the item in hand inside a sentence (ソフトバンクの話はこのへんにしといて、次はソニーや。).
WRAP_CLAUSE = re.compile(
    r"(?:は|については)(?:ここまで|以上|このへん|この辺|これくらい|これぐらい)に(?:して|しといて|しておいて)、"
)


def _clauses(sentence: str) -> list[str]:
    """The sentence, cut after a clause that closes the item (…はこのへんにしといて、 | 次はソニーや。)."""
    if (m := WRAP_CLAUSE.search(sentence)) is None or m.end() >= len(sentence):
        return [sentence]
    return [sentence[: m.end()], sentence[m.end() :]]


def _inline_cue(text: str) -> tuple[str, str] | None:
    """Evidence that the next item begins inside the line, after its first sentence: an explicit transition
    (`MIDLINE_CUE`), or a sentence closing the item in hand (`WRAP_UP`) with more narration after it that is no
    sign-off. The line then belongs to the story that begins in it. Returned with the line from where the new
    item begins: only that part speaks for the new story's words and names."""
    parts = [FILLER.sub("", c) for t in sentences(text) for c in _clauses(t)]
    for i in range(1, len(parts)):
        if OUTRO_START.search(parts[i]):
            return None  # …はここまで。今日はこのへんで。: the show ends, no item begins
        if MIDLINE_CUE.match(parts[i]):
            return f"cue in the line: {parts[i][:12]}", "".join(parts[i:])
        if (WRAP_UP.search(parts[i - 1]) or HANDBACK.match(parts[i - 1])) and not _ends_the_show(parts[i - 1]):
            return f"item closed in the line: {parts[i - 1][:16]}", "".join(parts[i:])
    return None


#: A line that draws the items together (三つのニュースを並べてみると、… / これらの話題から見えるのは… / どの
#: ニュースも…): a column's or a show's summing-up of all its items, so the outro, not the last item's end. Not
#: 今週の動きが… — that may as well be the last item's own week.
SUMMING_UP = re.compile(
    r"^(?:(?:[二三四五六七八九十2-9２-９]|ふた|みっ|よっ)つの|[二三四五六七八九十2-9２-９](?:本|件)の|これら(?:の)?|以上の)"
    r"(?:ニュース|話題|話|ネタ|トピック|出来事|動き)(?:を|から|に|は|が)"
    r"|^(?:どの|いずれの)(?:ニュース|話題|トピック|動き|出来事)も"
    # a recap announced as such before the sign-off (ここで今日のまとめです。… / 最後に今週のおさらい): it re-tells
    # every item, so it is the outro, not the last item's end
    r"|^(?:ここで、?|最後に、?)?(?:今日|今回|今週|本日|今夜|今月)の(?:まとめ|おさらい|振り返り)(?:です|を|や|だ|。|、)"
)


def _closing_start(source: _Narration, lines: list[int], after: int) -> int | None:
    """The first of the closing lines (`CLOSING`, `SUMMING_UP`) that end `lines`, if any comes after line
    `after` (the last story's first line: a closing never takes a whole story)."""
    first = None
    for n in reversed(lines):
        text = clean(source.line(n))
        if n > after and is_update_note(text):
            continue  # a note appended at the end (※訂正:…) is no closing line, but does not hide one
        if n <= after or (CLOSING.search(text) is None and SUMMING_UP.search(text) is None):
            break
        first = n
    return first


def _contents(source: _Narration, body: list[int]) -> tuple[int, int] | None:
    """The first and last lines of a table of contents opening the transcript, if there is one: two or more heading lines in a
    row that are only titles (1. Appleの翻訳イヤホン / 03:15 次はミストラルAIの新モデル), starting within the first
    lines of the body, with narration after them. Items are told in lines of narration, so a run of bare titles with
    nothing told between them previews the items (a chapter list, 目次): it is the intro, its cues and names start
    nothing, and its headings do not structure the transcript."""
    run: list[int] = []
    for n in body:
        raw = source.line(n).strip()
        titled = is_heading(raw) and not any(ch in raw for ch in "。!！?？")
        if titled:
            run.append(n)
            continue
        if len(run) >= 2:
            break
        run = []
        if n - body[0] >= 3:
            return None  # the run must open the body, after at most a greeting or two
    after = [n for n in body if run and n > run[-1] and not is_heading(source.line(n))]
    return (run[0], run[-1]) if len(run) >= 2 and run[0] - body[0] <= 3 and len(after) >= 2 else None


def _recap(index: EntityIndex | None, source: _Narration, lines: list[int], after: int, told: list[set[str]]) -> str:
    """Evidence that the last line of `lines` recaps the show rather than ends its last story: it comes after line
    `after` (the last story's first line) and names entities of two or more earlier stories, each story's own
    (Appleの…、Microsoftの…、水の問題も…): a recap before the sign-off re-tells every item."""
    if index is None or len(told) < 2 or not lines or lines[-1] <= after:
        return ""
    named = set(_names(index, source.line(lines[-1])))
    own = [ids - set().union(*(o for j, o in enumerate(told) if j != i)) for i, ids in enumerate(told)]
    hit = [i for i, ids in enumerate(own) if named & ids]
    return f"recap: names stories {', '.join(str(i + 1) for i in hit)}" if len(hit) >= 2 else ""


#: How many items the intro announces (今日は二本や / 今回は六つの話題を取り上げます / 短めのネタを六つ紹介するで).
ANNOUNCED = re.compile(
    r"(?P<n>[二三四五六七八九]|[2-9２-９])(?:本|つ|件|個)(?:の(?:ニュース|話題|ネタ|トピック))?"
    r"(?:を|で|立て|や|です|だ|、|。|お送り|お届け|紹介|取り上げ|いき|いく)"
)
_NUMERAL = {c: i + 2 for i, c in enumerate("二三四五六七八九")} | {str(i): i for i in range(2, 10)}
_NUMERAL |= {chr(ord("０") + i): i for i in range(2, 10)}


def _announced(view: _Narration, lines: list[int]) -> int | None:
    """The number of items the intro's lines announce, if one of them says it (今日は三本や)."""
    for n in lines:
        text = _narration(clean(view.line(n)))
        if (m := ANNOUNCED.search(text)) is not None and re.search("今日|今回|今週|本日|今夜|ニュース|話題|ネタ", text):
            return _NUMERAL[m.group("n")]
    return None


def _announced_missing(
    view: _Narration, body: list[int], starts: list[tuple[int, str, str]]
) -> tuple[int, str, str] | None:
    """The start of the one item the segmentation missed, when the intro announces exactly one item more than it
    found (今日は二本や, one story found): the only line inside a story that opens with no connective, reference
    back or quote, whose narration shares no word with what its story told before it, and whose next line takes
    up a word of it (or that ends its story and names a body as the subject of its first sentence: a one-line
    item tells a body's news). The count is the narrator's own word on how many items there are; the line found
    is the one place a new item can begin with no cue (東京の大学で、AIで古文書を読む研究が…)."""
    firsts = [n for n, kind, _ in starts if kind == "story"]
    if not firsts or firsts[0] == body[0]:
        return None
    count = _announced(view, [n for n in body if n < firsts[0]])
    if count is None or count != len(firsts) + 1:
        return None
    ends = [n for n, _, _ in starts if n > firsts[0]] + [body[-1] + 1]
    candidates: list[tuple[int, int]] = []
    for first in firsts:
        end = min(e for e in ends if e > first)
        narrated = set(WORD.findall(_narration(clean(view.line(first)))))
        for m in range(first + 1, end):
            text = clean(view.line(m))
            words = set(WORD.findall(_narration(text)))
            opening = _opening(text)
            plain = not (
                CONNECTIVE.search(text) or VOCATIVE.match(text) or connective_cue(text) or is_update_note(text)
            )
            if plain and not _quotes(opening) and not GOES_ON.search(opening) and not POINTS_BACK.search(opening):
                fresh = _stems(words) - _stems(narrated)
                # the last line of its story has no next line to take it up: a one-line item tells a body's news,
                # so it names one as its subject (…ということです。, a remark on the item in hand, names none)
                if m + 1 >= end:
                    taken = _new_subject(_opening(_narration(text)), False) is not None
                else:
                    taken = bool(fresh & _stems(set(WORD.findall(view.line(m + 1)))))
                if len(fresh) >= 3 and not _stems(words) & _stems(narrated) and taken:
                    candidates.append((m, len(fresh)))
            narrated |= words
    if len(candidates) != 1:
        return None  # none, or several: the count says one is missing, not which
    line = candidates[0][0]
    return line, "story", f"announced {count} items: no word of the story before it"


def _announcing_line(view: _Narration, n: int, first: int) -> int | None:
    """The line before `n`, when it announces the topic line `n` tells: a line of one sentence that only names the
    topic (`TOPIC_TALK`: お待ちかねは「AI疲れ」の話。), after the story's first line, sharing no content word with the
    story before it, and whose topic line `n` takes up. A cue line with no subject is the item's first line, as a
    heading is."""
    before = n - 1
    if before <= first:
        return None
    text = clean(view.line(before))
    parts = sentences(text)
    if len(parts) != 1 or connective_cue(text) is not None or CONNECTIVE.search(text):
        return None
    topic = _topic_named(parts[0])
    if not _takes_up(topic, clean(view.line(n))):
        return None
    story = _Lexicon.of(*(clean(view.line(k)) for k in range(first, before)))
    return None if _Lexicon.of(text).meets(story) else before



def _cueless_start(
    index: EntityIndex | None,
    view: _Narration,
    n: int,
    seen: set[str],
    last: int,
    said: set[str],
    narrated: set[str],
    first: int,
) -> str | None:
    """The evidence that line `n` opens a new item although no cue says so, or None.

    Every cue-less signal is asked here and nowhere else, so whoever needs the
    split at cues alone (the benchmark corpus generator, whose narration is drawn
    at random and reads as a topic shift now and then) replaces one function.
    """
    return (
        _topic_shift(index, view, n, seen, last, said, narrated, first)
        or _registered_stranger(index, view, n, seen, last, narrated, first)
        or _cohesion_break(view, n, last, first)
    )


def split(source: SourceText, index: EntityIndex | None = None) -> Split:
    """Intro, stories and outro covering the body lines, in order, without gaps; with the evidence."""
    view = _Narration(source)
    body = list(view.body_lines)
    if not body:
        return Split([], [])
    starts: list[tuple[int, str, str]] = []
    ignored: list[tuple[int, str]] = []
    if view.layout:
        ignored.append((body[0], f"marks {view.layout} ignored: {view.share:.0%} of the lines open with one, layout"))
    intro_end = next((n for n in body if INTRO_END.search(view.line(n))), None)
    greeting_end = _greeting_end(view, body) if intro_end is None else None
    if intro_end is None and greeting_end is None:
        greeting_end = _before_first_item(view, body, index)
    elif greeting_end is not None:
        greeting_end = _talk_before_first_item(view, body, greeting_end, index)
    toc = _contents(view, body)
    contents = toc[1] if toc is not None else 0
    if toc is not None and (intro_end is None or intro_end <= contents):
        # a table of contents (目次, a chapter list) opening the transcript is the intro, up to its last title
        ignored.append((toc[0], f"lines {toc[0]}-{contents}: a table of contents (titles in a row), part of the intro"))
        intro_end, greeting_end = None, max(greeting_end or 0, contents)
    in_intro = intro_end is not None or greeting_end is not None
    seen: set[str] = set()
    said: set[str] = set()
    narrated: set[str] = set()
    # A transcript with two or more heading lines is structured by them: each heading starts an item, and a cue
    # or topic shift under a heading (■おまけ / 最後におまけ。…) is part of that heading's item.
    headed = sum(1 for n in body if n > contents and _item_heading(view.line(n))) >= 2
    heading_at, title_only = 0, False  # the last heading line met, and whether it is only a title
    # the first line from which only sign-offs and closing lines follow: a close before it is an item's, not the show's
    closing_from = body[-1] + 1
    for n in reversed(body):
        line = clean(view.line(n))
        if is_update_note(line):
            continue
        if not (OUTRO_START.search(line) or CLOSING.search(line)):
            break
        closing_from = n

    exchange = False  # whether the story in hand retells an exchange (a press conference's Q&A, an interview)
    told: list[set[str]] = []  # the entities each story before the one in hand named

    def start(n: int, text: str, why: str, tail: str | None = None) -> None:
        """Story from line `n`; what it has said so far is the line's (`tail`: its part after the transition)."""
        nonlocal seen, said, narrated, exchange
        if starts:
            told.append(seen)  # the entities the story ending here named
        starts.append((n, "story", why))
        text = text if tail is None else tail
        exchange = EXCHANGE.search(_narration(text)) is not None
        seen = set(_names(index, view.line(n) if tail is None else tail))  # the raw line: a host label's name
        said = set(WORD.findall(text))
        narrated = set(WORD.findall(_narration(text)))

    for n in body:
        text = clean(view.line(n))
        if in_intro:
            if n == intro_end:
                in_intro = False
                cue_end = INTRO_END.search(text)
                assert cue_end is not None
                rest = text[cue_end.end() :]
                rest = rest[rest.find("。") + 1 :] if "。" in rest else ""
                following = view.line(n + 1) if n + 1 <= body[-1] else ""
                if not rest.strip() and following and (story_cue(clean(following)) or is_heading(following)):
                    continue  # ほな、いこか。 alone on its line closes the intro; the next line's cue opens story 1
                start(n, text, f"intro end: {cue_end.group(0)}")
                continue
            if greeting_end is not None and n > greeting_end:
                in_intro = False  # fall through: this line starts story 1 (with its own cue, if any)
            else:
                if (cue := story_cue(text)) is not None:
                    ignored.append((n, f"cue {cue} ignored: inside the intro (a preview)"))
                continue
        if is_update_note(text) and not (starts and _inline_cue(text)):
            # an update note (※追記:…) belongs to the item it is appended to; before any item, to the intro (a
            # note that closes the item and begins the next in its line is that line's transition, below)
            if starts:
                verdict = VERDICT.match(text)  # named by its whole label (【判定:不正確】), a note by its opening
                what = f"verdict {verdict.group(0)}" if verdict else f"update note {text[:8]}"
                ignored.append((n, f"{what}: part of story {len(starts)}"))
                seen |= set(_names(index, view.line(n)))
                said |= set(WORD.findall(text))
                narrated |= set(WORD.findall(_narration(text)))
            continue
        inline = _inline_cue(text) if starts else None
        sign_off = OUTRO_START.search(text)
        if sign_off is not None and n + 1 < closing_from and not _ends_the_show(_opening(text)):
            # 以上、ソニーのニュースでした。 alone on its line, with more than closing lines after it: the item's close
            ignored.append((n, f"sign-off {sign_off.group(0)} ignored: closes an item, more narration follows"))
            sign_off = None
        if sign_off is not None and inline is None:
            starts.append((n, "outro", f"sign-off: {sign_off.group(0)}"))
            break
        raw = view.line(n).strip()
        heading = HEADING.match(raw)
        title = raw[heading.end() :].strip() if heading else ""
        if heading and not starts and _opening_heading(title):
            ignored.append((n, f"heading {raw[:12]} ignored: the opening, part of the intro"))
            continue
        if heading and (HEADING_ENDING.match(title) or OUTRO_START.search(title) or CLOSING.search(title)):
            starts.append((n, "outro", f"heading of the ending: {raw[:12]}"))
            break
        if heading:
            heading_at, title_only = n, not any(ch in raw for ch in "。!！?？")
            start(n, text, f"heading: {raw[:12]}")
            continue
        cue = story_cue(text)
        under = heading_at == n - 1 and title_only  # the line right after a heading that is only a title
        if headed or under:
            # a heading's item: its cues and shifts start nothing (■おまけ：… then 最後におまけ。…)
            where = f"the heading at line {heading_at}" if heading_at else "the lines before the first heading"
            if starts and cue is not None:
                ignored.append((n, f"cue {cue} ignored: part of the item under {where}"))
            elif starts and (m := connective_cue(text)) is not None:
                ignored.append((n, f"cue {_connective_name(m)} ignored: part of the item under {where}"))
            elif starts and inline is not None:
                ignored.append((n, f"{inline[0]} ignored: part of the item under {where}"))
            elif not starts:
                start(n, text, "first line of the narration")
                continue
            seen |= set(_names(index, view.line(n)))
            said |= set(WORD.findall(text))
            narrated |= set(WORD.findall(_narration(text)))
            continue
        if exchange and starts and starts[-1][1] == "story" and (step := _exchange_step(text)):
            # 最初の質問は… / 次に、…記者が「…」と尋ねました: the next question or answer of the event in hand — no
            # cue, connective or new name in it starts a new item; but the item closed after the step (…と答えています。
            # この話はここまで。二つ目のトピックに移ります。) begins the next one in the line, unless what follows the
            # transition is one more step (…と答えました。では次の質問。記者が…と尋ねると、…)
            if inline is not None and _exchange_step(inline[1]) is None:
                start(n, text, inline[0], inline[1])
                continue
            if cue is not None or inline is not None or connective_cue(text) is not None:
                what = f"cue {cue}" if cue is not None else (inline[0] if inline is not None else "connective")
                ignored.append((n, f"{what} ignored: a step of the exchange in story {len(starts)} ({step})"))
            seen |= set(_names(index, view.line(n)))
            said |= set(WORD.findall(text))
            narrated |= set(WORD.findall(_narration(text)))
            continue
        if cue is not None:
            start(n, text, f"cue {cue}: {text[:12]}")
            continue
        if not starts:
            start(n, text, "first line of the narration")
            continue
        if inline is not None:
            start(n, text, inline[0], inline[1])
            continue
        if (m := connective_cue(text)) is not None and starts[-1][1] == "story":
            name = _connective_name(m)
            following = view.line(n + 1) if n + 1 <= body[-1] else ""
            new, evidence = _new_topic(index, text[m.end() :], seen, narrated, following)
            if name in SUBJECT_ONLY and evidence.startswith(("new words", "no new subject")):
                subject = SUBJECT.search(_narration(_opening(text[m.end() :].lstrip("、, "))))
                who = subject.group("name") if subject is not None else ""
                if who and _is_body(who, False) and not _stems({who}) & _stems(narrated):  # それと、北海精機が…
                    new, evidence = True, f"new subject {who}"
                elif new:  # あと、価格は…: one more fact of the item
                    new, evidence = False, f"{evidence}, but {name} needs a new subject"
            if new:
                start(n, text, f"cue {name}: {text[:12]} ({evidence})")
                continue
            ignored.append((n, f"cue {name} ignored: goes on with story {len(starts)} ({evidence})"))
        elif starts[-1][1] == "story" and (
            shift := _cueless_start(index, view, n, seen, body[-1], said, narrated, starts[-1][0])
        ):
            start(n, text, shift)
            continue
        seen |= set(_names(index, view.line(n)))
        said |= set(WORD.findall(text))
        narrated |= set(WORD.findall(_narration(text)))
        exchange = exchange or EXCHANGE.search(_narration(text)) is not None
    # the intro announcing one item more than the cues and shifts found: the one line that can only be its start
    if (missing := _announced_missing(view, body, starts)) is not None:
        starts.append(missing)
        starts.sort(key=lambda s: s[0])
    # the closing lines before the sign-off, or ending the body where no sign-off was found, are the outro
    outro = starts.pop() if starts and starts[-1][1] == "outro" else None
    before = [n for n in body if outro is None or n < outro[0]]
    if starts and (tail := _closing_start(view, before, starts[-1][0])) is not None:
        outro = (tail, "outro", f"closing lines: {clean(view.line(tail))[:16]}")
    elif starts and starts[-1][1] == "story" and (recap := _recap(index, view, before, starts[-1][0], told)):
        outro = (before[-1], "outro", recap)
    if outro is not None:
        starts.append(outro)
    sections: list[Section] = []
    if starts and starts[0][0] > body[0]:
        sections.append(Section("intro", 0, body[0], starts[0][0] - 1, "before the first story"))
    number = 0
    for i, (first, kind, why) in enumerate(starts):
        last = starts[i + 1][0] - 1 if i + 1 < len(starts) else body[-1]
        if kind == "story":
            number += 1
        sections.append(Section(kind, number if kind == "story" else 0, first, last, why))
    return Split(sections, ignored)


def split_sections(source: SourceText, index: EntityIndex | None = None) -> list[Section]:
    """Intro, stories and outro covering the body lines, in order, without gaps or overlaps."""
    return split(source, index).sections


def stories(source: SourceText, index: EntityIndex | None = None) -> list[Section]:
    return [s for s in split_sections(source, index) if s.kind == "story"]
