"""Statements: who said what, for every attributed statement, not only numbers.

Place in the flow: beside ``nlp.claims``, after ``nlp.pipeline`` (mentions) and
``nlp.entities`` (people and organisations under canonical names); statements go
to ``extract --json`` under ``statements`` (see ``../shared/gold/SCHEMA.md``).
Pure functions over records: no model, no I/O. The speaker machinery (who is
the subject of a cue, states and capitals as governments, "officials" and
"sources" phrases, appositives, pronouns) is ``nlp.claims``'s, reused here so a
figure's source and a statement's speaker are found the same way.

Per body line (repeated lines skipped), per sentence:

1. cues of saying ("said", "told", "denied", "warned", "according to"...); a
   cue inside a quotation, negated ("did not say"), an infinitive ("declined
   to say"), a passive ("was told") or a noun ("his claims") is no cue;
2. the content, by where the cue stands:
   - reported speech after the cue: "X said (on Monday) (that) <content>"; for
     "told" the hearer is skipped ("told reporters that ...");
   - a closing cue: "<content>, X said." / "<content>, said X." / "“<quote>,” the
     minister told reporters."; a quotation right before the cue is the content
     even when it spans several sentences;
   - "according to X, <content>" and "<content>, according to X";
   - a participle ("..., adding that <content>") speaks with the sentence's
     speaker;
3. a quotation no cue claimed (four words or more, so not a scare quote such as
   “special military operation”) is a statement of the speaker of the statement
   just before it in the same or previous line; with none, its speaker is None:
   never the nearest name;
4. the speaker: the cue's subject as an entity's canonical name, a state's
   government, an unnamed group as written ("Western officials"), a role noun
   ("the minister") resolved to the person of that title named before, else as
   written; "he"/"she" resolve to the person named in the nearest sentence
   before that names one (the previous statement's speaker when it is there,
   else that sentence's first person), "it"/"they" to the last organisation or
   group; unresolved pronouns give None.

Content is an exact substring of its line: without the quotation marks of a
direct quotation, a leading "that", and the closing punctuation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from watchfloor.nlp.claims import (
    _IN_PHRASE,
    _NOT_CUE_AFTER,
    _Article,
    _clause_start,
    _forms,
    _Line,
    _resolve_pronoun,
    _Speaker,
    _speaker_at,
)
from watchfloor.nlp.sentences import sentences
from watchfloor.records import Article, EntityRef, Mention, StatementRef

__all__ = ["StatementSpans", "find_statement_spans", "find_statements", "statement_json"]

STATEMENT_LABEL = "STATEMENT"

# ---- cues -----------------------------------------------------------------------------------

_VERBS = sorted(
    {
        "stated",
        "stating",
        *_forms("add", "claim", "report", "warn", "announce", "declare", "note"),
        *_forms("insist", "argue", "explain", "confirm", "acknowledge", "suggest", "deny"),
        *_forms("allege", "predict", "assert", "stress", "emphasise", "emphasize", "reiterate"),
        *_forms("admit", "promise", "pledge", "vow", "reply", "respond", "tweet", "believe"),
        *_forms("estimate", "conclude", "recall", "observe", "complain", "concede", "assure"),
        *_forms("say", "tell", "write", "think", "mention", "announce", "threaten", "maintain"),
        "said",
        "says",
        "told",
        "tells",
        "telling",
        "wrote",
        "writes",
        "written",
        "thought",
        "denies",
        "denied",
        "replied",
        "replies",
        "admitted",
        "admitting",
    },
    key=len,
    reverse=True,
)
_CUE = re.compile(
    r"\baccording\s+to\b|(?<![\w-])(?:" + "|".join(re.escape(v) for v in _VERBS) + r")(?![\w-])",
    re.I,
)
# Forms that are also nouns: "his claims", "media reports", "the warning".
_NOUN_BEFORE = re.compile(
    r"(?:\b(?:the|a|an|his|her|its|their|our|these|those|such|earlier|recent|media|news|"
    r"unconfirmed|press|any|no|of|latest|new|first|final|official|annual|this|that|UN|U\.N\.)|['’]s?)\s+$",
    re.I,
)
_ADJECTIVE_BEFORE = re.compile(
    r"\b(?:the|a|an|some|many|additional|other|these|those|\d[\d,.]*)\s+$", re.I
)
# "441 civilians it said were killed": a relative clause whose subject is outside it.
_EXTRACTED = re.compile(
    r"\s+(?:were|was|had|have|has|is|are|would|will|could|might|to\s+be)\b", re.I
)
_NEGATED = re.compile(r"\b(?:not|n[o']t|never|no)\s+(?:\w+ly\s+)?(?:\w+\s+)?$", re.I)
# "declined to say", "expected to announce": not (yet) said.
_INFINITIVE = re.compile(r"\bto\s+(?:\w+ly\s+)?$", re.I)
# "was told", "has been reported": the hearer or an impersonal report, not a speaker.
_PASSIVE = re.compile(r"\b(?:been|was|were|being|is|are|be)\s+(?:\w+ly\s+)?$", re.I)
_PARTICIPLE = re.compile(r"ing$", re.I)
# Between a cue and its reported clause: when and where it was said, and to whom.
_ADVERBIAL = re.compile(
    r"(?:\s*,?\s+(?:on|last|this|late|earlier|in|at|during|after|before|from|via|while|also|"
    r"again|repeatedly|publicly|previously|recently|separately|yesterday|today|on\s+Twitter)"
    r"\b(?:\s+(?:a|an|the|his|her|its|their))?(?:\s+[\w'’-]+){0,4}?(?=\s+that\b|\s*[,:.;!?]|\s*$))*",
    re.I,
)
_THAT = re.compile(r"\s*,?\s*(?:that\s+|:\s*|,\s*)?", re.I)
_HEARER = re.compile(
    r"\s+(?:(?:the|a|an|his|her|their|its|state|local|foreign|Western|Russian|Belarusian|"
    r"Ukrainian)\s+)*(?:[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*|reporters|journalists|"
    r"(?:news\s+)?(?:conference|briefing|agency|newspaper|media|press|parliament|lawmakers|"
    r"audience|crowd|supporters|troops|soldiers|officials|him|her|them|us|me|viewers))"
)
_ROLES = (
    r"minister|ministry|president|spokes(?:man|woman|person)|official|ambassador|general|"
    r"commander|chancellor|secretary|chief|leader|premier|governor|mayor|envoy|diplomat|"
    r"adviser|advisor|aide|analyst|expert|source|officer|head|director|chairman|senator|"
    r"lawmaker|campaign|department|government|agency|army|military|army"
)
# An unnamed speaker as written: "the minister", "a senior official", "the Kremlin's spokesman".
_NOMINAL = re.compile(
    r"(?P<np>\b(?:the|a|an|one|another|his|her|their|its|a\s+senior|two|several|some)\s+"
    r"(?:[\w'’-]+\s+){0,3}?(?P<role>" + _ROLES + r")s?)"
    r"(?:\s*,[^,]{1,80},)?\s+(?:\w+ly\s+|has\s+|had\s+|have\s+|also\s+|later\s+)*$",
    re.I,
)
_NAME = (
    r"(?P<name>(?:(?:Mr|Mrs|Ms|Dr|Rep|Sen|Gov|Gen|Col|Lt|Maj|Capt|Adm|Prof|St)\.?\s+)?"
    r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|von|van|al|bin))*)"
)
_NAME_BEFORE = re.compile(
    _NAME + r"(?:\s*\([^)]{1,30}\))?\s+(?:\w+ly\s+|has\s+|had\s+|have\s+|also\s+|now\s+)*$"
)
_NAME_AFTER = re.compile(r"\s+" + _NAME)
# Capitalised words that begin sentences, not names.
_NOT_NAMES = frozenset(
    {"The", "A", "An", "But", "And", "In", "On", "At", "It", "He", "She", "They", "We", "I"}
    | {"This", "That", "These", "Those", "There", "Here", "If", "When", "While", "As", "After"}
    | {"Before", "Some", "Many", "Most", "Other", "Such", "So", "Yet", "Still", "Also", "Both"}
    | {"Each", "No"}
)
_COORDINATED = re.compile(r"(?:,\s*|\s+)and\s+(?:\w+ly\s+|also\s+|then\s+)?$")
_LEADING_ADVERBIAL = re.compile(
    r"\s*(?:In|At|On|During|After|Before|Since|With|Earlier|Later|Meanwhile|However|Yet|But)\b"
    r"[^,]{0,80},\s*"
)
_PERSON_PRONOUNS = frozenset({"he", "she"})
_QUOTE_MARKS = "\"“”‘’'"
_TRIM = " \t\xa0,;:.—–-" + _QUOTE_MARKS
_WORD = re.compile(r"[\w'’-]+")
# Quotations shorter than this are names and scare quotes ("special military operation").
_MIN_QUOTE_WORDS = 4


# ---- records --------------------------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class StatementSpans:
    """A statement with where its cue and its speaker stand in the text.

    ``source`` is the speaker as written (a pronoun stays "he"; a speaker named
    in an earlier sentence points there), None when no one is named. Benchmarks
    that score spans (PolNeAR, PARC) need these; the product stores ``statement``.
    """

    statement: StatementRef
    cue: Mention
    source: Mention | None


@dataclass(slots=True)
class _Found:
    line: int
    start: int
    end: int
    cue: tuple[int, int, str]  # start, end, text
    surface: _Speaker | None  # as written at the cue (pronouns unresolved)
    surface_line: int
    speaker: _Speaker | None
    direct: bool


# ---- speakers -------------------------------------------------------------------------------


def _role_person(art: _Article, line: _Line, at: int, role: str) -> _Speaker | None:
    """ "the minister": the last person the text gave that title to, within a few lines."""
    for ln, limit in [(line, at), *((p, len(p.text)) for p in art.previous(line, 4))]:
        for m, ref in reversed(ln.entities):
            if m.end > limit or ref.type != "PERSON":
                continue
            title = ln.text[max(0, m.start - 60) : m.start] + ln.text[m.end : m.end + 60]
            if re.search(rf"\b{role}", title, re.I):
                return _Speaker(ref.canonical, "official", m.start, m.end, "entity", "PERSON")
    return None


def _nominal(art: _Article, line: _Line, lo: int, at: int) -> _Speaker | None:
    m = _NOMINAL.search(line.text[lo:at])
    if m is None:
        return None
    s, e = lo + m.start("np"), lo + m.end("np")
    phrase = line.text[s:e]
    if re.match(r"(?i)the\s", phrase):
        person = _role_person(art, line, s, m.group("role"))
        if person is not None:
            return _Speaker(person.name, "official", s, e, "role", "PERSON")
    return _Speaker(phrase, "anonymous", s, e, "group")


def _resolve_person(art: _Article, line: _Line, at: int, found: list[_Found]) -> _Speaker | None:
    """He/she: the person of the nearest sentence before that names people; when it names
    several, the previous statement's speaker if among them, else its first (the subject)."""
    last = next(
        (
            f.speaker
            for f in reversed(found)
            if f.speaker is not None and f.speaker.entity_type == "PERSON"
        ),
        None,
    )
    stretches: list[tuple[_Line, int, int]] = []
    for lo, hi in reversed(sentences(line.text)):
        if lo < at:
            stretches.append((line, lo, min(hi, at)))
    for prev in art.previous(line, 3):
        stretches += [(prev, lo, hi) for lo, hi in reversed(sentences(prev.text))]
    for ln, lo, hi in stretches:
        people: list[tuple[Mention, EntityRef]] = [
            (m, ref)
            for m, ref in ln.entities
            if ref.type == "PERSON"
            and lo <= m.start
            and m.end <= hi
            and not any(a < m.start < b for a, b in ln.quotes)
            # "in the interview with Soloyev, he": a name in a prepositional phrase is not
            # who "he" is
            and not _IN_PHRASE.search(ln.text[max(lo, m.start - 30) : m.start])
        ]
        if not people:
            continue
        names = {ref.canonical for _, ref in people}
        if last is not None and last.name in names:
            return last
        m, ref = people[0]
        return _Speaker(ref.canonical, "official", m.start, m.end, "entity", "PERSON")
    return None


def _subject(art: _Article, line: _Line, lo: int, at: int) -> _Speaker | None:
    """The speaker written before a cue in ``text[lo:at]``, unresolved."""
    if lo >= at:
        return None
    sp = _speaker_at(art, line, lo, at, nearest="right")
    nominal = _nominal(art, line, lo, at)
    if nominal is not None and (sp is None or sp.end <= nominal.start):
        return nominal  # "Lukashenko's spokesman said": the spokesman speaks
    return sp or _written_name(line.text, lo, at, before=True)


def _written_name(text: str, lo: int, hi: int, *, before: bool) -> _Speaker | None:
    """A capitalised name spaCy did not tag, right before (or after) the cue, as written."""
    stretch = text[lo:hi]
    m = (_NAME_BEFORE.search if before else _NAME_AFTER.match)(stretch)
    if m is None or m.group("name").split()[0] in _NOT_NAMES:
        return None
    return _Speaker(m.group("name"), "anonymous", lo + m.start("name"), lo + m.end("name"), "group")


def _resolve(
    art: _Article, line: _Line, sp: _Speaker | None, found: list[_Found]
) -> _Speaker | None:
    if sp is None or sp.kind != "pronoun":
        return sp
    if sp.entity_type in _PERSON_PRONOUNS:
        return _resolve_person(art, line, sp.start, found)
    if sp.entity_type in ("it", "they"):
        return _resolve_pronoun(art, line, sp)
    return None  # "we": the speaker is inside the quotation's world, not named


# ---- content --------------------------------------------------------------------------------


def _trim(text: str, start: int, end: int, *, keep_quotes: bool = False) -> tuple[int, int]:
    chars = _TRIM.replace(_QUOTE_MARKS, "") if keep_quotes else _TRIM
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _quote_ending(line: _Line, at: int) -> tuple[int, int] | None:
    """The quotation that closes right before ``at`` (", she said" follows it)."""
    for a, b in line.quotes:
        if b <= at and re.fullmatch(r"[\s,]*", line.text[b:at]):
            return a, b
        if a < at <= b and re.fullmatch(r"[\s,]*[”\"]?", line.text[at - 2 : b]):
            return a, b
    return None


def _quote_after(line: _Line, at: int) -> tuple[int, int] | None:
    for a, b in line.quotes:
        if a >= at and re.fullmatch(r"\s*[:,]?\s*", line.text[at:a]):
            return a, b
    return None


# ---- statements of one sentence --------------------------------------------------------------


def _first_phrase(text: str) -> str:
    # inside one sentence a period is an abbreviation ("Rep. Jim Clyburn"), not a stop
    stop = re.search(r"[,;:!?”\"(](?:\s|$)|\s\(|\.$|\s+(?:that|who|which|on|in|said|says)\s", text)
    return text[: stop.start()] if stop else text


def _is_cue(text: str, lo: int, m: re.Match[str], quotes: list[tuple[int, int]]) -> bool:
    word = m.group(0).lower()
    if any(a < m.start() < b for a, b in quotes):
        return False  # a verb inside someone's quotation is theirs
    before = text[max(lo, m.start() - 25) : m.start()]
    if word.startswith("according"):
        return True
    if _NOUN_BEFORE.search(before):
        return False  # "his claims", "secretary of state": a noun
    if word.endswith("ed") and _ADJECTIVE_BEFORE.search(before):
        return False  # "198 alleged killings", "the reported strikes"
    if word.startswith("think") and re.match(r"\s+tanks?\b", text[m.end() : m.end() + 8]):
        return False
    if _NOT_CUE_AFTER.match(text[m.end() : m.end() + 30]):
        return False
    if re.match(r"\s+(?:of|for)\b", text[m.end() : m.end() + 5]) and not word.startswith("think"):
        return False  # "Estimates of the number", "reports of shelling": nouns
    if _NEGATED.search(before) or _INFINITIVE.search(text[max(lo, m.start() - 12) : m.start()]):
        return False
    passive = _PASSIVE.search(text[max(lo, m.start() - 20) : m.start()])
    return not passive or bool(re.match(r"\s+by\b", text[m.end() : m.end() + 5]))


def _skip_to_clause(text: str, at: int, hi: int, *, told: bool) -> int:
    """Past what stands between a cue and its reported clause: the hearer of "told",
    when and where it was said, and "that"."""
    if told:
        hearer = _HEARER.match(text, at, hi)
        if hearer:
            at = hearer.end()
    # "said during a Friday evening rally in Michigan that ...": up to a near "that"
    that = re.match(r"[^,;:“”\"]{0,90}?\bthat\s+", text[at:hi])
    if that and _words(that.group(0)) <= 14:
        return at + that.end()
    adv = _ADVERBIAL.match(text, at, hi)
    if adv and adv.end() > at:
        at = adv.end()
    lead = _THAT.match(text, at, hi)
    return lead.end() if lead else at


def _sentence_statements(art: _Article, line: _Line, lo: int, hi: int, found: list[_Found]) -> None:
    text = line.text
    cues = [m for m in _CUE.finditer(text, lo, hi) if _is_cue(text, lo, m, line.quotes)]
    sentence_speaker: _Speaker | None = None
    for i, m in enumerate(cues):
        next_cue = cues[i + 1].start() if i + 1 < len(cues) else hi
        cue = (m.start(), m.end(), m.group(0))
        word = m.group(0).lower()
        if word.startswith("according"):
            _according(art, line, lo, hi, m, found)
            continue
        rest = text[m.end() : hi]
        if _EXTRACTED.match(rest):
            continue  # "civilians it said were killed": the content's subject is outside it
        pre = text[lo : m.start()]
        told = word.startswith(("told", "tell"))
        if _PARTICIPLE.search(word):
            # "Russia launched ... saying" / "..., adding that": the sentence's subject speaks
            surface = sentence_speaker or _speaker_at(art, line, lo, m.start(), nearest="left")
            if _forward(art, line, found, m, hi, next_cue, cue, surface, told=told):
                sentence_speaker = sentence_speaker or surface
            continue
        # a closing cue: "<content>, X said (in a statement)." / "“...,” said X."
        closing = re.search(r"(?P<mark>[,”\"])\s*(?P<subj>[^,”\"“]{0,80}?)\s*$", pre)
        by = re.match(r"\s+by\s+", rest)
        if by and not closing:
            continue  # "a song written by X": not a report of speech
        if closing:
            subj_lo = lo + closing.start("subj")
            surface = _subject(art, line, subj_lo, m.start()) if subj_lo < m.start() else None
            after = m.end()
            if by or (surface is None and not closing.group("subj").strip()):
                # "..., said Lukashenko" / "..., as reported by BelTA": the name after
                at = m.end() + (by.end() if by else 0)
                phrase = _first_phrase(text[at:hi])
                named = _speaker_at(art, line, at, at + len(phrase), nearest="left")
                named = named or _written_name(text, m.end(), at + len(phrase), before=False)
                if named is not None:
                    surface, after = named, at + len(phrase)
            after = _skip_to_clause(text, after, hi, told=told)
            # after an inverted name an appositive may follow: "said X (D-S.C.), the leader"
            if re.match(r"\s*(?:[,;.!?()]|$)", text[after:hi]) or after >= hi:
                content_end = lo + closing.start("mark")
                quote = _quote_ending(line, content_end + 1)
                if quote is not None:
                    s, e = _trim(text, quote[0], quote[1])
                    direct = True
                else:
                    start = _content_start(text, lo, content_end, found, line.number)
                    s, e = _trim(text, start, content_end)
                    direct = False
                if _words(text[s:e]) >= 2:
                    _add(art, line, found, s, e, cue, surface, direct)
                    sentence_speaker = sentence_speaker or surface
                continue
        if by:
            continue
        if _COORDINATED.search(pre):
            # "he expressed support ..., and claimed that": the first verb's subject
            lead = _LEADING_ADVERBIAL.match(text, lo, m.start())
            start = lead.end() if lead else lo
            surface = _speaker_at(art, line, start, m.start(), nearest="left")
        else:
            surface = _subject(art, line, _clause_start(text, lo, m.start()), m.start())
        if _forward(art, line, found, m, hi, next_cue, cue, surface, told=told):
            sentence_speaker = sentence_speaker or surface


def _forward(
    art: _Article,
    line: _Line,
    found: list[_Found],
    m: re.Match[str],
    hi: int,
    next_cue: int,
    cue: tuple[int, int, str],
    surface: _Speaker | None,
    *,
    told: bool,
) -> bool:
    """Reported speech after its cue: "X said (on Monday) (that) <content>"."""
    text = line.text
    at = _skip_to_clause(text, m.end(), hi, told=told)
    quote = _quote_after(line, at)
    if quote is not None and quote[0] - at < 3:
        s, e = _trim(text, quote[0], quote[1])
        direct = True
    else:
        end = next_cue
        if end < hi:
            # the next cue's clause is its own: "..., adding that", "..., X said"
            comma = text.rfind(",", at, end)
            end = comma if comma > at else end
        s, e = _trim(text, at, end)
        direct = False
    if _words(text[s:e]) < 2:
        return False
    _add(art, line, found, s, e, cue, surface, direct)
    return True


def _content_start(text: str, lo: int, end: int, found: list[_Found], number: int) -> int:
    """Where a closing cue's content begins: the sentence start, or after a statement this
    sentence already reported ("X said A, and B, Y added")."""
    start = lo
    for f in found:
        if f.line == number and lo <= f.end < end:
            start = max(start, f.end)
    return start


def _according(
    art: _Article, line: _Line, lo: int, hi: int, m: re.Match[str], found: list[_Found]
) -> None:
    text = line.text
    stop = re.search(r"[,;.](?:\s|$)", text[m.end() : hi])
    name_end = m.end() + stop.start() if stop else hi
    surface = _speaker_at(art, line, m.end(), name_end, nearest="left")
    if surface is None:
        s0, e0 = _trim(text, m.end(), name_end)
        if s0 < e0 and _words(text[s0:e0]) <= 8:
            surface = _Speaker(text[s0:e0], "anonymous", s0, e0, "group")
    cue = (m.start(), m.end(), m.group(0))
    if re.fullmatch(r"[\s\"“‘(]*", text[lo : m.start()]) or _words(text[lo : m.start()]) < 2:
        s, e = _trim(text, name_end, hi)  # "According to X, <content>."
    else:
        s, e = _trim(text, lo, m.start())  # "<content>, according to X."
        prior = [f.end for f in found if f.line == line.number and lo <= f.end <= m.start()]
        if prior:
            return  # "X said A, according to Y": Y relays X's statement; it is X's
    if _words(text[s:e]) >= 3:
        _add(art, line, found, s, e, cue, surface, False)


def _add(
    art: _Article,
    line: _Line,
    found: list[_Found],
    s: int,
    e: int,
    cue: tuple[int, int, str],
    surface: _Speaker | None,
    direct: bool,
) -> None:
    if s >= e or any(f.line == line.number and f.start == s and f.end == e for f in found):
        return
    speaker = _resolve(art, line, surface, found)
    found.append(_Found(line.number, s, e, cue, surface, line.number, speaker, direct))


def _loose_quotes(art: _Article, line: _Line, found: list[_Found]) -> None:
    """Quotations no cue claimed: the previous statement's speaker's, else no one's."""
    text = line.text
    for a, b in line.quotes:
        s, e = _trim(text, a, b)
        if _words(text[s:e]) < _MIN_QUOTE_WORDS:
            continue
        if any(f.line == line.number and f.start < e and s < f.end for f in found):
            continue
        # a quotation inside a sentence that no cue attributes is the writer's phrase
        before = text[:a].rstrip()
        if before and not before.endswith((".", "!", "?", ":", "”", '"')):
            continue
        prior = [f for f in found if f.line in (line.number, *_previous(art, line))]
        speaker = prior[-1].speaker if prior else None
        surface = prior[-1].surface if prior else None
        surface_line = prior[-1].surface_line if prior else line.number
        found.append(_Found(line.number, s, e, (a, a, ""), surface, surface_line, speaker, True))


def _previous(art: _Article, line: _Line) -> list[int]:
    return [p.number for p in art.previous(line, 1)]


# ---- the public functions --------------------------------------------------------------------


def find_statement_spans(
    article: Article, *, mentions: Sequence[Mention], entities: Sequence[EntityRef]
) -> list[StatementSpans]:
    """Every attributed statement of the article's body, with its cue and speaker as written."""
    art = _Article(article, mentions, entities, ())
    found: list[_Found] = []
    for line in art.lines:
        for lo, hi in sentences(line.text):
            _sentence_statements(art, line, lo, hi, found)
        _loose_quotes(art, line, found)
    texts = {line.number: line.text for line in art.lines}
    out: list[StatementSpans] = []
    for f in sorted(found, key=lambda f: (f.line, f.start)):
        text = texts[f.line]
        mention = Mention(
            line=f.line, start=f.start, end=f.end, text=text[f.start : f.end], label=STATEMENT_LABEL
        )
        cs, ce, cue_text = f.cue
        source = None
        if f.surface is not None and f.surface.start >= 0:
            st = texts[f.surface_line]
            source = Mention(
                line=f.surface_line,
                start=f.surface.start,
                end=f.surface.end,
                text=st[f.surface.start : f.surface.end],
                label="SOURCE",
            )
        out.append(
            StatementSpans(
                statement=StatementRef(
                    mention=mention,
                    speaker=f.speaker.name if f.speaker is not None else None,
                    cue=cue_text,
                    direct=f.direct,
                ),
                cue=Mention(line=f.line, start=cs, end=ce, text=cue_text, label="CUE"),
                source=source,
            )
        )
    return out


def find_statements(
    article: Article, *, mentions: Sequence[Mention], entities: Sequence[EntityRef]
) -> list[StatementRef]:
    """Every attributed statement of the article's body: direct quotations and reported
    speech, with speaker (canonical name, or None when the text names no one) and cue."""
    return [
        s.statement for s in find_statement_spans(article, mentions=mentions, entities=entities)
    ]


def statement_json(s: StatementRef) -> dict[str, Any]:
    """One statement as ``extract --json`` lists it under ``statements`` (see SCHEMA.md)."""
    return {
        "line": s.mention.line,
        "speaker": s.speaker,
        "cue": s.cue,
        "content": s.mention.text,
        "direct": s.direct,
    }
