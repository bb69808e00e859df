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

This module is the entry point the loader and the validator call; the rules
live in modules named for what they hold: `spans` (the brackets and the
windows around them), `names` (name shapes), `forms` (the narration's words
around a quote), `statements` (statement or term), `referents` (who a window
names) and `attribution` (who said each statement).
"""

from .attribution import attribute
from .spans import Span, Statement, Unbalanced, find_spans
from .statements import is_label, is_statement

__all__ = ["Span", "Statement", "Unbalanced", "attribute", "find_spans", "is_label", "is_statement"]
