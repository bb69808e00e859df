"""Who said each statement: the narration's forms of attribution, tried in order.

`attribute` walks every span of the narration, keeps the statements (`statements.is_statement`) and gives each
its speaker by the first form that applies (the order is docs/loader.md's): dialogue, interview answers, quote
boards, continuation, a cue line before, an article quoted as a whole, according-to, a speech verb before,
stance, a speech verb after, a quotative with any verb, hearsay, claims, utterances, voices, a sentence after.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..models import UNKNOWN, Attribution
from ..source import SourceText
from .forms import (
    ACCORDING_TO,
    ARTICLE_CUE,
    ARTICLE_SUBJECT,
    ARTICLE_WORD,
    ASKS_THIS,
    CHAINED,
    CLEFT_AFTER,
    CLEFT_BEFORE,
    CREDIT_NAME,
    DIALOGUE,
    DROPPED_PARTICLE,
    ELLIPTIC_AFTER,
    FIRST_PERSON,
    FROM_SOURCE,
    GOES_ON,
    HEARSAY_AFTER,
    ISSUED_NOUN,
    ISSUED_WORD,
    LISTED_SPEECH_AFTER,
    NAMED_ELLIPTIC,
    QUOTATIVE_AFTER,
    QUOTATIVE_NAMED_AFTER,
    REPORTED_BEFORE,
    REPORTS_A_QUOTE,
    SENTENCE_LIKE,
    SPEECH_AFTER,
    SPEECH_CUE,
    STANCE_AFTER,
    SUBJECT_IN_CLAUSE,
    UTTERANCE_AFTER,
    VOICE_AFTER,
    VOICE_LIST,
    announced_after,
    article_sentence,
    asked_before,
    board_credit,
    claim,
    cue_line_before,
    gist,
    headline_named,
    interviewee,
    name_line,
    named_opening,
    original_words,
    owned_after,
    people_voice,
    previous_sentence,
    product_said,
    quotative,
    reported_opening,
    sourced_hearsay,
    translation,
    words_closing,
    words_of,
)
from .mentions import EntityIndex
from .names import HONORIFIC, KATAKANA_NAME, PRONOUN, SPOKESPERSON, Candidate, issuer_name
from .referents import HOST_LABEL, HitIndex, Resolver, _dialogue
from .segments import Section
from .spans import (
    WINDOW,
    Span,
    Statement,
    Unbalanced,
    _after,
    _after_is_empty,
    _before,
    _before_is_whole,
    _ceiling,
    _clause_start,
    _mask_quotes,
    _sentence_start,
    find_spans,
)
from .statements import is_statement

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
        own = [x for x in back if x.kind == "organization" and x.hit is None and x.start >= floor]
        # the one named as a subject (Xが、データセンターの…報告書を公表した: X, not データセンター), else the last
        subject = next((x for x in own if re.match(r"[はがも]", who.source.text[x.end : x.end + 1])), None)
        x = subject or next(iter(own), None)
        if x is not None and (h is None or x.start > h.start):
            return who._refer(Candidate(x.start, x.end, name=x.name), x)
    return Candidate(h.start, h.end, hit=h, kind=h.kind) if h is not None else None


def _document_issuer(
    who: Resolver, source: SourceText, span: Span, section_of: Mapping[int, Section]
) -> Candidate | None:
    """Who issued the document the clause before a quote gives as its subject or its place (改訂版は「…」と明記した,
    発表文では「…」としています): the organisation the story names last, though the sentence names none; else None.
    """
    before = _before(source, span)
    sentence = before[before.rfind("。") + 1 :]
    if CHAINED.search(sentence):
        # 報告書は、…を「…」と名付け、「…」と結論づけた: the document is the subject of the clause the quote goes on
        sentence = re.sub(r"「[^「」]*」|『[^『』]*』", "", sentence)
    m = ARTICLE_SUBJECT.search(sentence)
    if m is None or not ISSUED_WORD.search(m.group(0)):
        return None
    section = section_of.get(span.line)
    floor = source.line_starts[section.first_line - 1] if section else 0
    word = ISSUED_WORD.search(m.group(0))
    assert word is not None
    return _publisher(who, source, word.group(0), span, floor) or _issuer(who.hits, span, floor, who)


def _publisher(who: Resolver, source: SourceText, word: str, span: Span, floor: int) -> Candidate | None:
    """The organisation an earlier sentence of the story gives as the subject that issued the same document
    (Xが…報告書『…』を公表した。…報告書は「…」): its publisher, whoever the story names between; else None.
    The sentences that mention the document are read back to the story's start (a bounded walk: one story)."""
    text = source.text
    at = max(text.rfind("。", floor, span.start), text.rfind("\n", floor, span.start)) + 1
    while (at := text.rfind(word, floor, at)) >= 0:
        head = max(text.rfind("。", floor, at), text.rfind("\n", floor, at), floor - 1) + 1
        subjects = [
            c
            for c in who.candidates(head, at)
            if c.kind == "organization" and re.match(r"[はが]", text[c.end : c.end + 1])
        ]
        if subjects:
            return subjects[0]
        at = head
    return None


#: Someone asked, right before the quote of their answer (Xにコメントを求めたところ、「…」との回答だった, Xに問い合わせたら
#: 「…」と返ってきた).
ASKED_BODY = re.compile(r"に(?:コメントを求め|確認し|問い合わせ|取材し|尋ね|聞い|質問し)[^。「」『』]{0,10}?[、,]?\s*$")


def _asked_body(who: Resolver, source: SourceText, span: Span) -> Candidate | None:
    """The person or organisation asked right before the quote of their answer (Xにコメントを求めたところ、「…」), its
    name ending right before に; else None."""
    before = _before(source, span)
    if (m := ASKED_BODY.search(before)) is None:
        return None
    at = span.start - 1 - len(before) + m.start()
    found = who.candidates(_clause_start(source, span), at, subject_only=True)
    return found[-1] if found and found[-1].end == at else None


def _keep(st: Statement, other: Statement) -> None:
    """`st` is said by whoever said `other` (the same speaker, through the same publication, under the same name)."""
    st.speaker, st.via, st.evidence = other.speaker, other.via, other.evidence
    st.name, st.name_kind, st.written = other.name, other.name_kind, other.written


def _goes_on(
    who: Resolver, source: SourceText, span: Span, previous: Statement | None, said_after: re.Match[str]
) -> bool:
    """Whether a quote with a speech verb after it, in a sentence that names no subject (nothing, or only a word
    saying the speech goes on: さらに, また、), continues the statement of the sentence right before it (on its
    line or ending the line before), nobody named between them nor after the quote; not words people voice
    (また、「…」と言う人もいる, 「…」って書き込み)."""
    if previous is None or previous.span.parent is not None or span.parent is not None:
        return False
    if previous.speaker == UNKNOWN and previous.name is None or previous.line not in (span.line, span.line - 1):
        return False
    before, after = _before(source, span), _after(source, span)
    if not GOES_ON.match(before[before.rfind("。") + 1 :]):
        return False
    if re.search(r"[^はがも、\s][はがも]", said_after.group("who")):
        return False  # 「…」と、ある記者は語った: someone else is named after the quote
    if people_voice(source.text[span.start : span.end], after) or VOICE_AFTER.match(after):
        return False
    if source.text[previous.span.end + 1 : span.start - 1].count("。") > 1:
        return False  # another sentence stands between them
    return who.speaker(previous.span.end + 1, span.start - 1) is None


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


def _product_said(source: SourceText, span: Span, hits: HitIndex) -> bool:
    """Whether a registered product utters the quote, as its sentence's subject or the one prompted (Novaは「…」と
    答えた, Novaに聞くと「…」, 「…」と、Novaが返した): a machine's output, a term, as `machine_said` says of a machine
    word (a product's name tells no company from a model, the registry does)."""
    text = source.text
    start = max(_sentence_start(source, span), span.start - 1 - 64)
    for h in hits.within(("product",), start, span.start - 1):
        if product_said(text[h.end : span.start - 1]):
            return True
    close = span.end + 1
    for h in hits.within(("product",), close, min(close + 24, len(text))):
        if product_said(text[h.end : h.end + 4], text[close : h.start]):
            return True
    return False


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
        original = original_words(source, span, previous, last_top) or translation(source, span, previous, last_top)
        span.statement = original or (is_statement(source, span) and not _product_said(source, span, hits))
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
        said_after = NAMED_ELLIPTIC.match(after) or SPEECH_AFTER.match(after) or QUOTATIVE_NAMED_AFTER.match(after)
        said_after = said_after or LISTED_SPEECH_AFTER.match(after)  # Xは「…」「…」と述べた
        if original:
            assert previous is not None
            # (訳注:原文は「Honestly, …」): the same speaker's words as written before translation
            _keep(st, previous)
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
            if outer and outer.speaker == UNKNOWN and outer.name is None and claim(outer.text, _after(source, span.parent)):
                named = None  # 「Xが『…』と言った」という投稿: words a rumour puts in X's mouth are not X's
            _set(st, named, Attribution.nested)
            st.via = outer.speaker if outer and outer.speaker != UNKNOWN else None
        elif (
            _before_is_whole(source, span)
            and (m := DIALOGUE.match(before) or named_opening(span, before))
            and not HOST_LABEL.fullmatch(_label(m).strip())
        ):
            st.attribution = Attribution.unattributed
            g = "label" if "label" in m.re.groupindex and m.group("label") else "name"  # 【名前】「…」
            a = line_start + m.start(g)
            named = _named_after(who, span, said_after) or _cleft_after(who, source, span, said_after)
            if named is not None:
                # ケン: 「…」ってアルトマンさんが投稿してた / 「…」って言うてたのが、Xさんです — the host reports it
                _set(st, named, Attribution.direct)
            else:
                _set(st, _dialogue(who, m.group(g), a), Attribution.dialogue)
        elif (headline := headline_named(source, span)) is not None:
            _set(st, who.speaker(*headline, last=False, orgs=False), Attribution.direct)  # ▼… 森社長「…」; 関係者: nobody
        elif not before.strip() and (asked := interviewee(source, span)) is not None:
            _set(st, who.speaker(*asked), Attribution.direct)  # ――question / 「answer」: the interviewee's
        elif not before.strip() and (credit := board_credit(source, span)) is not None:
            _set(st, _credited(who, source, *credit), Attribution.direct)  # 「…」――ダリオ・アモデイ
        elif not before.strip() and (m := name_line(source, span)) is not None:
            a = source.line_starts[span.line - 2] + m.start("name")
            _set(
                st,
                _dialogue(who, m.group("name"), a),
                Attribution.dialogue,
            )
        elif (
            not before.strip()
            and _continues(source, previous, span)
            # 「…」。そう語るのは…: the line names its own speaker (a sentence naming nobody does not)
            and ((ann := announced_after(source, span)) is None or who.speaker(*ann, last=False) is None)
            and _owned(who, source, span) is None  # 「…」。これはXの発表や
            and _named_after(who, span, said_after) is None
            and _cleft_after(who, source, span, said_after) is None  # 「…」と話すのは、…Xさんです: X's
        ):
            assert previous is not None
            _keep(st, previous)
            st.attribution = Attribution.continuation
        elif not before.strip() and cue_line_before(source, span):
            prev_start = source.line_starts[span.line - 2]
            prev = source.line(span.line - 1)
            cut = prev.rstrip().rstrip("。:：").rfind("。")
            _set(st, who.speaker(prev_start + cut + 1, prev_start + len(prev)), Attribution.direct)
        elif (words := words_of(source, span)) is not None and (named := who.speaker(*words)) is not None:
            _set(st, named, Attribution.direct)  # Xの言葉がええねん。「…」。 (記事の…の発言も: the article's)
        elif (ARTICLE_CUE.search(before) and ARTICLE_WORD.search(before)) or article_sentence(before):
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
        elif (head := sourced_hearsay(before, after, st.text)) is not None:
            # Xによると、料金は「…」にする予定だという: the source the sentence opens with
            a = span.start - 1 - len(before) + before.rfind("。") + 1
            _set(st, who.speaker(a, a + head.end("source")), Attribution.direct)
        elif (copula := gist(source, span, before, after)) is not None and "who" in copula.re.groupindex:
            a = span.end + 1 + copula.start("who")  # 「…」っちゅうのが、ノースブリッジ側の言い分や
            _set(st, _owner(who, source, a, a + len(copula.group("who"))), Attribution.direct)
        elif SPEECH_CUE.search(before):
            sentence_start = _sentence_start(source, span)
            named = who.speaker(sentence_start, span.start - 1)
            if named is None:
                named = who.speaker(max(line_start, span.start - 1 - WINDOW), span.start - 1)
            _set(st, named, Attribution.direct)
        elif STANCE_AFTER.match(after) and SUBJECT_IN_CLAUSE.search(before[before.rfind("。") + 1 :]):
            named = who.speaker(_clause_start(source, span), span.start - 1)
            if named is None:
                named = _document_issuer(who, source, span, section_of)  # 発表文では「…」としています
            _set(st, named, Attribution.direct)
        elif said_after:
            a = span.end + 1 + said_after.start("who")
            named = who.speaker(a, a + len(said_after.group("who")), last=False)
            if named is None and CHAINED.search(before) and previous is not None and previous.line == span.line:
                # Xは「…」と断言し、「…」とも強調した: the second quote goes on with the first one's speaker
                _keep(st, previous)
                st.attribution = previous.attribution
                statements.append(st)
                by_span[span.start] = st
                previous = st
                continue
            if named is None:
                named = _cleft_after(who, source, span, said_after)
            if named is None:
                named = who.speaker(_clause_start(source, span), span.start - 1)
            if named is None:
                named = _document_issuer(who, source, span, section_of)  # 改訂版は「…」と明記した: the body that issued it
            if named is None and PRONOUN.match(said_after.group("who").strip()):
                named = who.speaker(max(line_start, span.start - 1 - WINDOW), span.start - 1, orgs=False)
            if named is None and (p := PRONOUN.search(source.text[_clause_start(source, span) : span.start - 1])):
                named = who.pronoun(_clause_start(source, span) + p.start())  # 彼はさらに「…」とも書いています
            if named is None:
                # Xは、記者から「…」と問われ、「…」と答えた: the sentence's subject answers
                named = who.speaker(_sentence_start(source, span), span.start - 1, orgs=False)
            if named is None and POST_SUBJECT.search(before):
                named = _poster(who, source, span)  # Xが投稿してはってん。投稿には「…」って書いてあった
            if named is None and _goes_on(who, source, span, previous, said_after):
                # Xは「…」と語りました。さらに「…」と続けました: the sentence with no subject goes on with X
                _keep(st, previous)  # type: ignore[arg-type]
                st.attribution = Attribution.direct
                statements.append(st)
                by_span[span.start] = st
                previous = st
                continue
            _set(st, named, Attribution.direct)
        elif QUOTATIVE_AFTER.match(after) and quotative(source, span, before, after):
            # Xは「…」って注文をつけてはった: the subject of the clause, whatever the verb
            named = who.speaker(_clause_start(source, span), span.start - 1)
            if named is None and CHAINED.search(before):
                # X氏は、…を「…」と名付け、「…」と結論づけた: the subject of the clause the quote is chained to
                named = who.speaker(_sentence_start(source, span), span.start - 1)
            if named is None:
                named = _document_issuer(who, source, span, section_of)  # Xが報告書を公開した。報告書は「…」と結論づけた
            if named is None and POST_SUBJECT.search(before):
                named = _poster(who, source, span)  # Xが投稿してはってん。投稿には「…」って書いてあった
            if named is None and (p := PRONOUN.search(source.text[_clause_start(source, span) : span.start - 1])):
                named = who.pronoun(_clause_start(source, span) + p.start())
            if named is None:
                named = _asked_body(who, source, span)  # Xに問い合わせたら「…」と返ってきた
            _set(st, named, Attribution.direct)
        elif ELLIPTIC_AFTER.match(after):
            _set(st, who.speaker(_sentence_start(source, span), span.start - 1, orgs=False), Attribution.direct)
        elif HEARSAY_AFTER.match(after) and (asked := asked_before(before)) >= 0:
            # …さんにも聞いてみたんや。「…」やって: the person asked answers
            a = span.start - 1 - len(before) + asked
            _set(st, who.speaker(a, span.start - 1), Attribution.direct)
        elif reported_opening(source, span, before, after) and (prev := previous_sentence(before)) >= 0:
            # 作らはったんは、…の蔀湊太さん。「…」とのことどす: the person the sentence before introduces reports them
            a = span.start - 1 - len(before) + prev
            if not ASKS_THIS.search(before[prev:]):  # Xに記者がこう尋ねた。「…」やて: the reporter's question
                _set(st, who.speaker(a, span.start - 1, orgs=False), Attribution.direct)
        elif (
            HEARSAY_AFTER.match(after)
            and (SUBJECT_IN_CLAUSE.search(before[before.rfind("。") + 1 :]) or DROPPED_PARTICLE.search(before))
            and SENTENCE_LIKE.search(st.text)
        ):
            _set(st, who.speaker(_clause_start(source, span), span.start - 1), Attribution.direct)  # Xは「…」やて
        elif claim(st.text, after):
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
            if named is None:
                # Xにコメントを求めたところ、「…」との回答だった: the one asked answers, an organisation too
                named = _asked_body(who, source, span)
            _set(st, named, Attribution.direct)
        elif VOICE_AFTER.match(after) or VOICE_LIST.match(after) or people_voice(st.text, after):
            _set(st, _voice_source(who, source, span), Attribution.direct)
        elif (owner := _owned(who, source, span)) is not None:
            _set(st, owner, Attribution.direct)  # 「…」。これは、市バスの予測を始めた洛北交通の発表どす
        elif (announced := announced_after(source, span)) is not None:
            _set(st, who.speaker(*announced, last=False), Attribution.direct)
        elif CLEFT_AFTER.match(after):
            _set(st, _cleft_after(who, source, span, None), Attribution.direct)  # 「…」と首を振るのは、Xだ
        elif (m := words_closing(before, after)) is not None:
            # Xさんは「…」。 / X氏の答えは「…」でした。: the person the clause names
            _set(st, who.speaker(_clause_start(source, span), span.start - len(before) - 1 + m.end()), Attribution.direct)
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
            _keep(st, said)
            st.attribution = Attribution.continuation
        if st.speaker != UNKNOWN or st.name is not None:
            said_before.setdefault(st.text, st)
        statements.append(st)
        by_span[span.start] = st
        if span.parent is None:
            previous = st
    return statements, problems


def _label(m: re.Match[str]) -> str:
    """The name a dialogue match gives (田中: or 【田中】)."""
    return m.group("label") if "label" in m.re.groupindex and m.group("label") else m.group("name")


def _named_after(who: Resolver, span: Span, said_after: re.Match[str] | None) -> Candidate | None:
    """The speaker a speech verb after the quote names (「…」ってXさんが言うてた), not a pronoun; else None."""
    if said_after is None or not said_after.group("who").strip() or PRONOUN.match(said_after.group("who").strip()):
        return None
    a = span.end + 1 + said_after.start("who")
    return who.speaker(a, a + len(said_after.group("who")), last=False)


#: The cleft after a speech verb (…と話すのは、X / …って言うてたのが、X): with が, only before a comma, so the words
#: after it name the speaker (「…」と言ったのが印象的だった is no cleft).
CLEFT = re.compile(r"[^。、「」『』]{0,12}?(?:(?:のは|んは)[、,]?|(?:のが|んが)[、,])")


def _cleft_after(
    who: Resolver, source: SourceText, span: Span, said_after: re.Match[str] | None
) -> Candidate | None:
    """The speaker named after a cleft (「…」と話すのは、開発責任者の山田太郎さんだ, 「…」と首を振るのは、…), in that
    sentence; else None."""
    if said_after is not None:
        cleft = CLEFT.match(_after(source, span), said_after.end())
    else:
        cleft = CLEFT_AFTER.match(_after(source, span))  # any predicate before the cleft
    if cleft is None:
        return None
    c = span.end + 1 + cleft.end()
    end = min(_ceiling(source, span), c + WINDOW)
    stop = source.text.find("。", c, end)
    return who.speaker(c, stop if stop >= 0 else end, last=False)


#: How far back the full name of a short form is looked for (the story that wrote it in full).
FULL_NAME_BACK = 1200


def _owner(who: Resolver, source: SourceText, a: int, b: int, issued: bool = False) -> Candidate | None:
    """Whose words a predicate names (X側の言い分, Xの主張): the name it writes, or a katakana name cut to its first
    word (ノースブリッジ側 for ノースブリッジ・レコード, named in full before): that full name, as a surname alone is
    its person's; a person when the full name had an honorific, else an organisation. With `issued` (words a body
    issues: Xの発表, Xの声明) a bare name of any shape closing the phrase is that body (…を始めた洛北交通)."""
    found = who.candidates(a, b)
    if found:
        return found[-1]
    if issued and (m := issuer_name(source.text[a:b])) is not None:
        return Candidate(a + m.start("name"), a + m.end("name"), name=m.group("name"), kind="organization")
    form = source.text[a:b].strip()
    if not re.fullmatch(KATAKANA_NAME, form) or "・" in form:
        return None
    text = _mask_quotes(source.text[max(0, a - FULL_NAME_BACK) : a])
    full = [*re.finditer(rf"(?<![ァ-ヴー・]){form}(?:・[ァ-ヴー]+)+", text)]
    if not full:
        return None
    m = full[-1]
    kind = "person" if re.match(r"\s?" + HONORIFIC, text[m.end() :]) else "organization"
    return Candidate(a, b, name=m.group(0), kind=kind, written=form)


def _owned(who: Resolver, source: SourceText, span: Span) -> Candidate | None:
    """Whose words the sentence after a quote says it is (「…」。これは、…を始めた洛北交通の発表どす / それがX社長の
    言葉だった, `owned_after`): the owner it names, a body's name of any shape for words a body issues; else None."""
    owned = owned_after(source, span)
    if owned is None:
        return None
    return _owner(who, source, owned[0], owned[1], issued=ISSUED_NOUN.fullmatch(owned[2]) is not None)


def _credited(who: Resolver, source: SourceText, a: int, b: int) -> Candidate | None:
    """Who a credit names: a person (registered, with a title, or a bare full name opening it); the company or
    role beside the name (NVIDIA) does not speak, and a credit naming no one (出どころは不明) leaves it unknown."""
    if (m := CREDIT_NAME.match(source.text, a, b)) is not None:
        # the name the credit opens with, not a titled one further in (…、ベック研究所代表)
        named = who.speaker(m.start("name"), min(b, m.end("name") + 4), last=False, orgs=False)
        return named or Candidate(m.start("name"), m.end("name"), name=m.group("name"), kind="person")
    return who.speaker(a, b, last=False, orgs=False)


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


def _by_narrator(source: SourceText, span: Span) -> bool:
    """Whether the clause before the quote has the narrator (私, 僕…) as its subject."""
    before = _before(source, span)
    return bool(FIRST_PERSON.search(before[before.rfind("。") + 1 :]))
