"""Whether a bracketed span is a statement or a term.

A span is a *statement* when it stands as a sentence of its own: it closes a sentence (nothing, 。 or a speech
verb follows it) and either opens one (it starts a line, follows an attribution or the end of a sentence) or is
sentence-sized. A span the words around it call a caption, slogan, title, hashtag or name (`is_label`) is never a
statement; anything else is a *term* (「GPT-3の瞬間」が…, 『開ける』って言葉…).
"""

from __future__ import annotations

import re

from ..source import SourceText
from .forms import (
    ACCORDING_TO,
    ASKED,
    CHAINED,
    CLEFT_AFTER,
    DASH,
    DROPPED_PARTICLE,
    ELLIPTIC_AFTER,
    ENGLISH_SENTENCE,
    FIGURE,
    FIRST_PERSON,
    FROM_SOURCE,
    GOES_ON,
    HEARSAY_AFTER,
    LABEL_AFTER,
    LABEL_BEFORE,
    LISTED_BEFORE,
    LISTED_SPEECH_AFTER,
    NAMED_ELLIPTIC,
    NAMED_OPENING,
    NAMING_AFTER,
    QUOTATIVE_AFTER,
    QUOTATIVE_MIN_CHARS,
    QUOTATIVE_NAMED_AFTER,
    SAYABLE_AFTER,
    SENTENCE_END,
    SENTENCE_LIKE,
    SENTENCE_MARK,
    SPEECH_AFTER,
    STANCE_AFTER,
    STATEMENT_MIN_CHARS,
    SUBJECT_BEFORE,
    SUBJECT_IN_CLAUSE,
    SURVEY_AFTER,
    UTTERANCE_AFTER,
    VOICE_AFTER,
    VOICE_LIST,
    VOICE_PLACE,
    WORDS_SUBJECT,
    announced_after,
    article_sentence,
    board_credit,
    claim,
    gist,
    machine_said,
    headline_named,
    people_voice,
    quotative,
    reported_opening,
    said_as_sentence,
    sourced_hearsay,
    words_closing,
)
from .spans import Span, _after, _after_is_empty, _before, _before_is_whole


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
    if machine_said(before, after):
        return False  # 「ご用件をどうぞ」って、AIが話してくれる: what a product does, shown in its own words
    if SAYABLE_AFTER.match(after):
        return False  # 『AIのせい』と言い切れる証拠はない: what could be said, nobody's words
    inner = source.text[span.start : span.end]
    if len(inner.strip()) <= WORD_MAX_CHARS and not SENTENCE_MARK.search(inner):
        own = before[max(before.rfind(c) for c in "。」』") + 1 :]
        voice = VOICE_AFTER.match(after) or VOICE_LIST.match(after)  # 「遅い」とか「高い」とか、いろんな意見
        if not voice and not SUBJECT_IN_CLAUSE.search(own) and not FIRST_PERSON.search(own):
            return False  # …の意味を聞いたら、ちゃんと「捨てる」って答えよった; 社長は「秋です」と語った is his
    said_after = bool(SPEECH_AFTER.match(after) or ELLIPTIC_AFTER.match(after) or NAMED_ELLIPTIC.match(after))
    said_after |= bool(LISTED_SPEECH_AFTER.match(after))  # Xは「…」「…」と述べた: the first of the list
    closes = _after_is_empty(source, span) or (after.lstrip()[:1] in tuple("。！？!?」』")) or said_after
    # a sentence closed inside the brackets and followed by a space (「We are close.」 英語の…): English-style
    closes |= bool(SENTENCE_END.search(inner)) and after[:1].isspace()
    closes |= bool(ENGLISH_SENTENCE.fullmatch(inner))  # 「We are close.」英語のまま…: no space needed
    closes |= bool(DASH.match(after)) and announced_after(source, span) is not None  # 「…」――Xはそう語った
    # 「…」――名前 / 「…」(…名前…): a quote board, for words that end as a sentence (「Nova Pro」(エーシー) is a name)
    closes |= board_credit(source, span) is not None and bool(SENTENCE_LIKE.search(inner))
    clause = before[before.rfind("。") + 1 :]
    subject = bool(SUBJECT_IN_CLAUSE.search(clause)) or bool(FIRST_PERSON.search(clause))
    subject |= bool(DROPPED_PARTICLE.search(clause))  # Xさん、「…」やって
    # Xによると「…」らしい; Xは「…」やて only for words that end as a sentence (Xは「AIの父」だそうだ names X)
    hearsay = bool(HEARSAY_AFTER.match(after)) and (
        bool(ACCORDING_TO.search(before))
        or (subject or article_sentence(before))
        and bool(SENTENCE_LIKE.search(inner))
    )
    # …の蔀さん。「…」とのことどす / …さんにも聞いてみたで。 then 「…」とのこと。: words opening their sentence, reported
    hearsay |= reported_opening(source, span, before, after)
    # Xによりますと、規則は…で、「…」ということです: a source at the sentence's head, a predicate, a hearsay ending
    hearsay |= sourced_hearsay(before, after, inner) is not None
    closes |= hearsay
    voiced = bool(VOICE_AFTER.match(after) or VOICE_LIST.match(after) or UTTERANCE_AFTER.match(after))
    voiced |= people_voice(inner, after) or claim(inner, after)
    # 動画のコメントに『…』ってのがあって: words where people leave theirs, then a quotative
    voiced |= bool(VOICE_PLACE.search(before) and QUOTATIVE_AFTER.match(after)) and said_as_sentence(inner)
    closes |= voiced or bool(STANCE_AFTER.match(after))
    opens = (not before.strip() and _before_is_whole(source, span)) or bool(re.search(r"[。！？!?:：]\s*$", before))
    opens |= hearsay or bool(CHAINED.search(before)) or bool(FROM_SOURCE.search(before))
    opens |= (
        _before_is_whole(source, span) and span.parent is None and bool(re.fullmatch(r"\s*【[^】]{1,40}】\s*", before))
    )
    stance = bool(STANCE_AFTER.match(after)) and bool(SUBJECT_IN_CLAUSE.search(clause))
    opens |= voiced or stance or bool(ACCORDING_TO.search(before))
    opens |= _before_is_whole(source, span) and span.parent is None and bool(NAMED_OPENING.match(before))
    opens |= headline_named(source, span) is not None  # ▼…、新工場 森社長「…」
    opens |= said_after and (bool(SUBJECT_BEFORE.search(before) or DROPPED_PARTICLE.search(before)) or subject)
    opens |= said_after and bool(ASKED.search(clause))  # Xさんに話を聞くと、「…」と答えてくれた
    # Xさんは「…」。 / X氏の答えは「…」でした。: the quote closes the sentence after a titled subject or someone's words
    said = bool(SENTENCE_LIKE.search(inner)) or bool(WORDS_SUBJECT.search(before) and FIGURE.search(inner))
    closing = words_closing(before, after) is not None and said
    closes |= closing
    opens |= closing
    # Xは「…」「…」と述べた: the next of the list, words of some length ending as a sentence
    listed = bool(LISTED_BEFORE.search(before)) and len(inner.strip()) >= QUOTATIVE_MIN_CHARS
    opens |= said_after and listed and bool(SENTENCE_LIKE.search(inner))
    # 「…」と首を振るのは、X氏だ: a cleft after the quote names its speaker, whatever the predicate
    cleft = bool(CLEFT_AFTER.match(after)) and bool(SENTENCE_LIKE.search(inner)) and len(inner.strip()) > WORD_MAX_CHARS
    closes |= cleft
    opens |= cleft
    # …と語りました。さらに「…」と続けました: a clause saying only that the speech goes on
    opens |= said_after and bool(GOES_ON.match(clause)) and bool(SENTENCE_LIKE.search(inner))
    quoted = quotative(source, span, before, after) or (
        bool(QUOTATIVE_NAMED_AFTER.match(after))
        and bool(SENTENCE_LIKE.search(inner))
        and len(inner.strip()) >= QUOTATIVE_MIN_CHARS
    )
    closes |= quoted
    opens |= quoted
    # Xによると、「…」っちゅうのがきっかけや / 「…」というのが、X側の言い分だ: the quote is the copula's subject
    copula = gist(source, span, before, after) is not None
    closes |= copula
    opens |= copula
    sentence_sized = len(inner) >= STATEMENT_MIN_CHARS or bool(SENTENCE_MARK.search(inner))
    return closes and (opens or sentence_sized)
