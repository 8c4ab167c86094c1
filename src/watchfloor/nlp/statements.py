"""Statements: who said what, for every attributed statement, not only numbers.

Place in the flow: beside ``nlp.claims``, after ``nlp.pipeline`` (mentions) and
``nlp.entities`` (people and organisations under canonical names); statements go
to ``extract --json`` under ``statements`` (see ``../shared/gold/SCHEMA.md``).
Pure functions over records: no model, no I/O. The speaker machinery (who is
the subject of a cue, states and capitals as governments, "officials" and
"sources" phrases, appositives, pronouns) is ``nlp.attribution``'s, shared with
``nlp.claims`` so a figure's source and a statement's speaker are found the same
way. The words (verbs, quotation marks, role nouns, hearers) come from the
language pack's ``attribution`` section.

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
4. the parse (``nlp.speakers``; the pipeline's parsed cues, ``cues=``, or a parse of
   the cue sentences here): the cue's subject (``nsubj``, an appositive cut off) is the
   speaker the rules then name; learned cues the word lists lack add statements
   (their clausal complement); "X added:" ending a paragraph takes the next one; a
   transcript's "NAME:" line and a quotation signed "― Name" are that person's;
5. the speaker: the cue's subject as an entity's canonical name, a state's
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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from watchfloor.lang import LanguagePack, alternation, load_language
from watchfloor.nlp.attribution import (
    UPPER,
    ArticleView,
    Line,
    Speaker,
    clause_start,
    in_phrase,
    resolve_pronoun,
    speaker_at,
    trim,
)
from watchfloor.nlp.lexicon import lexicon_for
from watchfloor.nlp.sentences import sentences
from watchfloor.nlp.speakers import MIN_CUE_P, ParsedCue, parse_cues
from watchfloor.records import Article, EntityRef, Mention, StatementRef
from watchfloor.theatres import Theatre

__all__ = ["StatementSpans", "find_statement_spans", "find_statements"]

STATEMENT_LABEL = "STATEMENT"

# Quotations shorter than this are names and scare quotes ("special military operation").
_MIN_QUOTE_WORDS = 4
_WORD = re.compile(r"[\w'’-]+")


# ---- the words of one pack -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Words:
    cue: re.Pattern[str]
    according: re.Pattern[str]
    noun_before: re.Pattern[str]  # "his claims", "media reports": the cue word is a noun
    adjective_before: re.Pattern[str]  # "198 alleged killings"
    compound: re.Pattern[str]  # "think tank"
    noun_of: re.Pattern[str]  # "reports of shelling"
    verb_with_of: re.Pattern[str]  # "think of"
    agent: re.Pattern[str]  # "written by"
    past_endings: tuple[str, ...]
    participle: tuple[str, ...]
    extracted: re.Pattern[str]  # "441 civilians it said were killed"
    adverbial: re.Pattern[str]  # "said on Monday (that)"
    that: re.Pattern[str]
    near_that: re.Pattern[str]  # "said during a rally in Michigan that"
    hearer: re.Pattern[str]  # "told reporters"
    nominal: re.Pattern[str]  # "the minister said"
    definite: re.Pattern[str]
    name_before: re.Pattern[str]
    name_after: re.Pattern[str]
    not_names: frozenset[str]
    not_speakers: frozenset[str]
    first_persons: frozenset[str]
    signature: re.Pattern[str]  # "“...” ― Jane Doe"
    quantifier: re.Pattern[str]  # "..., and some claim": a quantifier as the subject
    person_nouns: frozenset[str]  # "a former army major": one person, a "he" or "she"
    role_nouns: frozenset[str]  # "minister": a bare one names a person in some languages
    body: re.Pattern[str]  # "the company": a body the text named before
    quoting: re.Pattern[str]  # "cited the ministry as": the ministry speaks
    quoting_ahead: re.Pattern[str]  # "cited the ministry as saying", from the verb on
    report_by: re.Pattern[str]  # "according to a report by X": past the report to X
    coordinated: re.Pattern[str]  # "..., and claimed that"
    leading_adverbial: re.Pattern[str]  # "In a statement, the ministry said"
    closing: re.Pattern[str]  # "<content>, X said"
    first_phrase: re.Pattern[str]
    quote_ending: re.Pattern[str]
    openers: re.Pattern[str]  # only quotation marks before "according to"
    closers: tuple[str, ...]
    trim: str
    quote_marks: str


@cache
def _words(pack: LanguagePack) -> _Words:
    a = "attribution."
    p = pack.pattern
    verbs = [*pack.get(a + "speech_verbs", ()), *pack.get(a + "statement_verbs", ())]
    adverb = rf"\w+(?:{p(a + 'adverb_endings')})"
    before_cue = rf"(?:{adverb}\s+|(?:{p(a + 'before_cue')})\s+)*$"
    pairs = [str(x) for x in pack.get(a + "quote_pairs", ())]
    straight = "".join(pack.get(a + "straight_quotes", ()))
    closers = "".join(x[1] for x in pairs) + straight
    paired = "".join(pairs) + straight
    quote_marks = paired + "".join(pack.get(a + "other_quote_marks", ()))
    q_close, q_paired = _chars(closers), _chars(paired)
    name = (
        rf"(?P<name>(?:(?:{p(a + 'name_titles')})\.?\s+)?{UPPER}[\w'’.-]*"
        rf"(?:\s+(?:{UPPER}[\w'’.-]*|{p(a + 'name_particles')}))*)"
    )
    nations = lexicon_for(lang=pack, theatre=Theatre.empty()).nations
    hearer_modifiers = [*pack.get(a + "hearer_modifiers", ()), *nations]
    that = p(a + "complementizers")
    return _Words(
        cue=re.compile(
            rf"\b(?:{p(a + 'according_to')})\b|(?<![\w-])(?:{alternation(verbs)})(?![\w-])",
            re.I,
        ),
        according=re.compile(rf"(?:{p(a + 'according_to')})$", re.I),
        noun_before=re.compile(
            rf"(?:\b(?:{p(a + 'noun_determiners')})|(?:{p(a + 'possessives')}))\s+$", re.I
        ),
        adjective_before=re.compile(rf"\b(?:{p(a + 'adjective_determiners')}|\d[\d,.]*)\s+$", re.I),
        compound=re.compile(rf"(?:{p(a + 'not_cue_compounds')})\b", re.I),
        noun_of=re.compile(rf"\s+(?:{p(a + 'noun_of')})\b", re.I),
        verb_with_of=re.compile(rf"(?:{p(a + 'verbs_with_of')})$", re.I),
        agent=re.compile(rf"\s+(?:{p(a + 'agent')})\b", re.I),
        past_endings=tuple(pack.words(a + "past_endings")),
        participle=tuple(pack.words(a + "present_participle_endings")),
        extracted=re.compile(rf"\s+(?:{p(a + 'auxiliaries')})\b", re.I),
        adverbial=re.compile(
            rf"(?:\s*,?\s+(?:{p(a + 'adverbials')})\b(?:\s+(?:{p(a + 'determiners')}))?"
            rf"(?:\s+[\w'’-]+){{0,4}}?(?=\s+(?:{that})\b|\s*[,:.;!?]|\s*$))*",
            re.I,
        ),
        that=re.compile(rf"\s*,?\s*(?:(?:{that})\s+|:\s*|,\s*)?", re.I),
        near_that=re.compile(rf"[^,;:{q_paired}]{{0,90}}?\b(?:{that})\s+"),
        hearer=re.compile(
            rf"\s+(?:(?:{alternation(hearer_modifiers)})\s+)*"
            rf"(?:{UPPER}[\w.'’-]*(?:\s+{UPPER}[\w.'’-]*)*|{p(a + 'hearers')})"
        ),
        nominal=re.compile(
            rf"(?P<np>\b(?:{p(a + 'role_determiners')})\s+(?:[\w'’-]+\s+){{0,3}}?"
            rf"(?P<role>{p(a + 'role_nouns')})(?:{p('quantities.plural_endings')})?)"
            rf"(?:\s*,[^,]{{1,80}},)?\s+{before_cue}",
            re.I,
        ),
        definite=re.compile(rf"(?:{p(a + 'definite_articles')})\s", re.I),
        name_before=re.compile(name + rf"(?:\s*\([^)]{{1,30}}\))?\s+{before_cue}"),
        name_after=re.compile(r"\s+" + name),
        not_names=pack.words(a + "not_names"),
        not_speakers=pack.lower_words(a + "not_speakers"),
        first_persons=pack.lower_words(a + "first_persons"),
        signature=re.compile(rf"[\s{q_close}]*(?:{p(a + 'signature_dashes')})\s*"),
        quantifier=re.compile(
            rf"(?:^\W*|[,;:{q_paired}]\s*|\b(?:{p(a + 'clause_openers')})\s+)"
            rf"(?P<q>(?:{p(a + 'quantifier_subjects')}))\s+(?:{adverb}\s+)?$",
            re.I,
        ),
        person_nouns=pack.lower_words(a + "person_nouns"),
        role_nouns=pack.lower_words(a + "role_nouns"),
        body=re.compile(rf"(?:{p(a + 'definite_articles')})\s+(?:{p(a + 'body_nouns')})$", re.I),
        quoting=re.compile(
            rf"\b(?:{p(a + 'quoting_verbs')})\s+(?P<obj>[^,;:.!?]{{1,80}}?)\s+"
            rf"(?:{p(a + 'quoting_as')})\s+$",
            re.I,
        ),
        quoting_ahead=re.compile(
            rf"(?:{p(a + 'quoting_verbs')})\s+[^,;:.!?]{{1,80}}?\s+(?:{p(a + 'quoting_as')})"
            rf"\s+\w+(?:{p(a + 'present_participle_endings')})\b",
            re.I,
        ),
        report_by=re.compile(
            rf"\s*(?:[\w'’-]+\s+){{0,3}}?(?:{p(a + 'report_nouns')})\s+"
            rf"(?:{p(a + 'report_agents')})\s+",
            re.I,
        ),
        coordinated=re.compile(
            rf"(?:,\s*|\s+)(?:{p(a + 'coordinators')})\s+"
            rf"(?:{adverb}\s+|(?:{p(a + 'after_and')})\s+)?$"
        ),
        leading_adverbial=re.compile(rf"\s*(?:{p(a + 'leading_adverbials')})\b[^,]{{0,80}},\s*"),
        closing=re.compile(
            rf"(?P<mark>[,{q_close}])\s*(?:(?:{p(a + 'quote_dashes')})\s*)?"
            rf"(?P<subj>[^,{q_paired}]{{0,80}}?)\s*$"
        ),
        first_phrase=re.compile(
            rf"[,;:!?{q_close}(](?:\s|$)|\s\(|\.$|\s+(?:{p(a + 'phrase_enders')})\s"
        ),
        quote_ending=re.compile(rf"[\s,]*[{q_close}]?"),
        openers=re.compile(rf"[\s{_chars(quote_marks)}(]*"),
        closers=tuple(".!?:" + closers),
        trim=" \t\xa0,;:.—–-" + quote_marks,
        quote_marks=quote_marks,
    )


def _chars(marks: str) -> str:
    # a pack without quote marks (a new language's, still empty) gets a class that
    # matches only NUL, which clean never keeps: "[]" would not compile
    return "".join(re.escape(c) for c in marks) or r"\x00"


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
    # the resolved speaker with its source type, for a figure inside the content
    # (``nlp.claims``: a figure takes the speaker of the statement it is part of)
    speaker: Speaker | None = None


@dataclass(slots=True)
class _Found:
    line: int
    start: int
    end: int
    cue: tuple[int, int, str]  # start, end, text
    surface: Speaker | None  # as written at the cue (pronouns unresolved)
    surface_line: int
    speaker: Speaker | None
    direct: bool
    cue_line: int | None = None  # when the cue is on another line than the content


# ---- speakers -------------------------------------------------------------------------------


def _role_person(art: ArticleView, line: Line, at: int, role: str) -> Speaker | None:
    """ "the minister": the last person the text gave that title to, within a few lines."""
    for ln, limit in [(line, at), *((p, len(p.text)) for p in art.previous(line, 4))]:
        for m, ref in reversed(ln.entities):
            if m.end > limit or ref.type != "PERSON":
                continue
            title = ln.text[max(0, m.start - 60) : m.start] + ln.text[m.end : m.end + 60]
            if re.search(rf"\b{re.escape(role)}", title, re.I):
                return Speaker(ref.canonical, "official", m.start, m.end, "entity", "PERSON")
    return None


def _nominal(art: ArticleView, line: Line, lo: int, at: int) -> Speaker | None:
    w = _words(art.lang)
    m = w.nominal.search(line.text[lo:at])
    if m is None:
        return _bare_role(art, line, lo, at, subject=True)
    s, e = lo + m.start("np"), lo + m.end("np")
    phrase = line.text[s:e]
    if w.definite.match(phrase):
        person = _role_person(art, line, s, m.group("role"))
        if person is not None:
            return Speaker(person.name, "official", s, e, "role", "PERSON")
    return Speaker(phrase, "anonymous", s, e, "group")


def _bare_role(
    art: ArticleView,
    line: Line,
    lo: int,
    hi: int,
    *,
    subject: bool = False,
    as_written: bool = False,
) -> Speaker | None:
    """A role noun without a determiner in a language without articles, where it names
    one person as "the minister" does in English ("по словам министра", "министр
    заявил"): the last person the text gave that title to, within a few lines; with
    ``as_written`` and no such person, the role as written ("..., заявив міністр").
    Never in a pack with definite articles (there the bare noun is no reference:
    "ministers say"); with ``subject`` the role must open ``text[lo:hi]``.
    """
    if art.lang.get("attribution.definite_articles"):
        return None
    text = line.text
    s, e = _trim(art, text, lo, hi)
    words = list(_WORD.finditer(text, s, e))
    if not words or (subject and len(words) > 3):
        return None
    first = words[0].group().lower()
    roles = sorted(_words(art.lang).role_nouns, key=len, reverse=True)
    role = next((r for r in roles if first.startswith(r) and len(first) - len(r) <= 3), None)
    if role is None:
        return None
    person = _role_person(art, line, s, role)
    end = words[-1].end() if subject else e
    if person is None:
        return Speaker(text[s:end], "anonymous", s, end, "group") if as_written else None
    return Speaker(person.name, "official", s, end, "role", "PERSON")


def _resolve_person(art: ArticleView, line: Line, at: int, found: list[_Found]) -> Speaker | None:
    """He/she: the discourse subject, not the nearest name.

    1. The speaker of the last statement in this or the previous paragraph, when no
       sentence since then has another person as its subject ("X spoke to a magazine.
       He said ... a gamble for President Y. “...,” he said." is X's, Y being an object);
    2. else the person of the nearest sentence before that names people: the previous
       statement's speaker if among them, else its subject (a name opening the
       sentence), else its first name outside a prepositional phrase.
    """
    near = (line.number, *_previous(art, line))
    recent = [
        f
        for f in found
        if f.speaker is not None
        and _one_person(art, f.speaker)
        and (f.cue_line or f.line) in near
        and ((f.cue_line or f.line) != line.number or f.cue[0] < at)
    ]
    latest = max(recent, key=lambda f: (f.cue_line or f.line, f.cue[0]), default=None)
    last = latest.speaker if latest is not None else None
    last_at = (latest.cue_line or latest.line, latest.cue[0]) if latest is not None else None
    older = next(
        (
            f.speaker
            for f in reversed(found)
            if f.speaker is not None and f.speaker.entity_type == "PERSON"
        ),
        None,
    )
    stretches: list[tuple[Line, int, int]] = []
    for lo, hi in reversed(sentences(line.text)):
        if lo < at:
            stretches.append((line, lo, min(hi, at)))
    for prev in art.previous(line, 3):
        stretches += [(prev, lo, hi) for lo, hi in reversed(sentences(prev.text))]
    for ln, lo, hi in stretches:
        if last is not None and last_at is not None and last_at >= (ln.number, lo):
            return last  # back at the last statement: nobody else became the subject since
        people: list[tuple[Mention, EntityRef]] = [
            (m, ref)
            for m, ref in ln.entities
            if ref.type == "PERSON"
            and lo <= m.start
            and m.end <= hi
            and not any(a < m.start < b for a, b in ln.quotes)
            # "in the interview with Soloyev, he": a name in a prepositional phrase is not
            # who "he" is
            and not in_phrase(art, ln.text, lo, m.start)
        ]
        subjects = [
            (m, ref)
            for m, ref in people
            if _opens_sentence(ln.text, lo, m.start)
            or any(a <= m.start and m.end <= b for a, b in ln.subjects)
        ]
        if last is not None and last_at is not None:
            if subjects and subjects[0][1].canonical != last.name:
                m, ref = subjects[0]
                return Speaker(ref.canonical, "official", m.start, m.end, "entity", "PERSON")
            continue  # an object or a name inside a phrase does not take over from last
        if not people:
            continue
        names = {ref.canonical for _, ref in people}
        if older is not None and older.name in names:
            return older
        m, ref = (subjects or people)[0]
        return Speaker(ref.canonical, "official", m.start, m.end, "entity", "PERSON")
    return last


def _one_person(art: ArticleView, sp: Speaker) -> bool:
    """Whether a "he"/"she" can stand for ``sp``: a person, or an unnamed phrase headed by
    a noun of one person ("A former army major now living abroad")."""
    if sp.entity_type == "PERSON":
        return True
    if sp.kind != "group" or not sp.name:
        return False
    words = sp.name.lower().split()[:6]
    return words[0] in ("a", "an", "the", "one") and any(
        x in _words(art.lang).person_nouns for x in words[1:]
    )


_OPENS = re.compile(rf"\W*(?:(?:{UPPER}[\w'’.-]*|of|the)\s+){{0,4}}$")


def _opens_sentence(text: str, lo: int, at: int) -> bool:
    """Whether the name at ``at`` opens its sentence (after titles: "Defence Minister")."""
    return bool(_OPENS.fullmatch(text, lo, at))


def _subject(art: ArticleView, line: Line, lo: int, at: int) -> Speaker | None:
    """The speaker written before a cue in ``text[lo:at]``, unresolved."""
    if lo >= at:
        return None
    sp = speaker_at(art, line, lo, at, nearest="right")
    nominal = _nominal(art, line, lo, at)
    if nominal is not None and (sp is None or sp.end <= nominal.start):
        return nominal  # "Lukashenko's spokesman said": the spokesman speaks
    return sp or _written_name(art, line.text, lo, at, before=True)


def _written_name(art: ArticleView, text: str, lo: int, hi: int, *, before: bool) -> Speaker | None:
    """A capitalised name spaCy did not tag, right before (or after) the cue, as written."""
    stretch = text[lo:hi]
    w = _words(art.lang)
    m = (w.name_before.search if before else w.name_after.match)(stretch)
    if m is None or m.group("name").split()[0] in w.not_names:
        return None
    return Speaker(m.group("name"), "anonymous", lo + m.start("name"), lo + m.end("name"), "group")


def _named_body(art: ArticleView, line: Line, sp: Speaker) -> Speaker | None:
    """ "the company said": the organisation the text last named, in this line before the
    phrase or in the few lines before it; None when it named none there."""
    for ln, limit in [(line, sp.start), *((p, len(p.text)) for p in art.previous(line, 3))]:
        for m, ref in reversed(ln.entities):
            if m.end <= limit and ref.type == "ORG" and not art.is_outlet(ref.canonical):
                kind = art.org_source_type(ref.canonical, ln.text[max(0, m.start - 60) : m.end])
                return Speaker(ref.canonical, kind, sp.start, sp.end, "entity", "ORG")
    return None


def _resolve(
    art: ArticleView, line: Line, sp: Speaker | None, found: list[_Found]
) -> Speaker | None:
    if sp is not None and sp.kind == "group" and _words(art.lang).body.fullmatch(sp.name or ""):
        return _named_body(art, line, sp) or sp
    if sp is None or sp.kind != "pronoun":
        return sp
    if sp.entity_type == "person":
        return _resolve_person(art, line, sp.start, found)
    if sp.entity_type in ("organisation", "group"):
        return resolve_pronoun(art, line, sp)
    return None  # "we": the speaker is inside the quotation's world, not named


def _parsed_at(pcues: Sequence[ParsedCue], start: int, end: int) -> ParsedCue | None:
    return next((pc for pc in pcues if pc.start < end and start < pc.end), None)


def _structural(
    art: ArticleView, line: Line, pc: ParsedCue | None, regex: Speaker | None
) -> Speaker | None:
    """The speaker the parse gives a cue: its subject (or the subject of the verb it shares
    one with), named as ``speaker_at`` names it, else as written; the rule-found speaker
    when the parse has no subject for it."""
    if pc is None or pc.subject is None:
        return regex
    s, e = pc.subject
    text = line.text
    for a, b in line.quotes:
        if a <= s < b and not a <= pc.start < b:
            # the parse ran a quoted fragment ("One of the brightest members,") into the
            # subject of the cue after the quotation: who speaks is after the quotation
            s = b
    s, e = _trim(art, text, s, e)
    if s >= e:
        return regex
    if s >= pc.end and regex is not None and 0 <= regex.end <= pc.start:
        # a subject after the verb ("said ... on Fox and Friends") where the rules found
        # one in the subject's place before it ("Flynn, a surrogate, said"): theirs
        return regex
    if pc.antecedent is not None:
        # "the study, which notes": "which" as written, the study as the speaker
        a0, a1 = pc.antecedent
        named = _subject(art, line, a0, a1) or _as_written(art, text, a0, a1)
        if named is None:
            return None
        return Speaker(named.name, named.type, s, e, "entity", named.entity_type)
    if e <= pc.start:
        sp = _subject(art, line, s, pc.start)
        if sp is None or not (s <= sp.start and sp.end <= e):
            sp = speaker_at(art, line, s, e, nearest="right")
    else:
        # "..., said Carmel Martin, a vice president": the name after the verb
        sp = speaker_at(art, line, s, e, nearest="left")
        sp = sp or _written_name(art, text, s, e, before=False)
    if sp is not None and sp.kind == "group" and _word_count(sp.name or "") == 1:
        # a bare head noun before a name: "Human rights group Viasna" is Viasna, "the
        # analyst Jane Doe" Jane Doe (the parse cuts the name off as an appositive)
        limit = pc.start if e <= pc.start else e
        after = speaker_at(art, line, sp.end, limit, nearest="left")
        if after is not None and after.kind == "entity" and not text[sp.end : after.start].strip():
            return after
        named = _written_name(art, text, sp.end, limit, before=False)
        if named is not None and named.name and s <= sp.start:
            if (sp.name or "").lower() in _words(art.lang).person_nouns:
                return Speaker(named.name, sp.type, named.start, named.end, "group", "PERSON")
            kind = art.org_source_type(named.name, text[sp.start : named.end])
            return Speaker(named.name, kind, named.start, named.end, "group")
        if (
            (sp.name or "x")[0].islower()
            and _word_count(text[s:e]) > 1
            and s <= sp.start
            and sp.end <= e
        ):
            # "The exiled Cyber Partisans hacking group": the phrase, never "group"
            return _as_written(art, text, s, e) or sp
    if sp is not None and (sp.kind == "pronoun" or (s <= sp.start and sp.end <= e)):
        return sp
    return _as_written(art, text, s, e) or sp


def _quantifier(art: ArticleView, line: Line, lo: int, at: int) -> Speaker | None:
    """ "some claim", "..., but many believe": a quantifier standing alone right before
    the cue is its subject, an unnamed group as written; the parse often joins such a
    clause to the one before and hands it that clause's subject."""
    m = _words(art.lang).quantifier.search(line.text[lo:at])
    if m is None:
        return None
    return Speaker(m.group("q"), "anonymous", lo + m.start("q"), lo + m.end("q"), "group")


def _as_written(art: ArticleView, text: str, s: int, e: int) -> Speaker | None:
    """An unnamed speaker as written ("the website", "those close to him"), when the
    phrase holds a noun-like word: not "this" or "it"."""
    s, e = _trim(art, text, s, e)
    phrase = text[s:e]
    if not phrase or art.words.pronoun.fullmatch(phrase) or _word_count(phrase) > 12:
        return None
    w = _words(art.lang)
    if _word_count(phrase) == 1 and phrase.lower() in w.first_persons:
        return Speaker(None, "pronoun", s, e, "pronoun", "speaking_side")
    if _word_count(phrase) == 1 and phrase.lower() in w.not_speakers:
        return None
    return Speaker(phrase, _typed(art, phrase, phrase), s, e, "group")


def _typed(art: ArticleView, name: str, context: str) -> str:
    """The source type of a body named only as written ("the defence ministry": official),
    by the organisation words; "anonymous" when they do not tell."""
    # the pack's organisation heads are capitalised names ("Ministry"): a body written
    # in lower case is typed by the same words
    kind = art.org_source_type(name.title(), context)
    return "anonymous" if kind == "expert" else kind


# ---- content --------------------------------------------------------------------------------


def _trim(art: ArticleView, text: str, start: int, end: int) -> tuple[int, int]:
    s, e = trim(text, start, end, _words(art.lang).trim)
    # a mark that closes one opened inside the span stays: "групы «Гаюн»", not "«Гаюн"
    for opening, closing in art.words.pairs:
        if (
            opening != closing
            and e < end
            and text[e] == closing
            and text.count(opening, s, e) > text.count(closing, s, e)
        ):
            e += 1
    return s, e


def _word_count(text: str) -> int:
    return len(_WORD.findall(text))


def _quote_ending(art: ArticleView, line: Line, at: int) -> tuple[int, int] | None:
    """The quotation that closes right before ``at`` (", she said" follows it)."""
    for a, b in line.quotes:
        if b <= at and re.fullmatch(r"[\s,]*", line.text[b:at]):
            return a, b
        if a < at <= b and _words(art.lang).quote_ending.fullmatch(line.text[at - 2 : b]):
            return a, b
    return None


def _quote_after(line: Line, at: int) -> tuple[int, int] | None:
    for a, b in line.quotes:
        if a >= at and re.fullmatch(r"\s*[:,]?\s*", line.text[at:a]):
            return a, b
    return None


# ---- statements of one sentence --------------------------------------------------------------


def _first_phrase(w: _Words, text: str) -> str:
    # inside one sentence a period is an abbreviation ("Rep. Jim Clyburn"), not a stop
    stop = w.first_phrase.search(text)
    return text[: stop.start()] if stop else text


def _is_cue(
    art: ArticleView, text: str, lo: int, m: re.Match[str], quotes: list[tuple[int, int]]
) -> bool:
    w, aw = _words(art.lang), art.words
    word = m.group(0).lower()
    if any(a < m.start() < b for a, b in quotes):
        return False  # a verb inside someone's quotation is theirs
    before = text[max(lo, m.start() - 25) : m.start()]
    if w.according.match(m.group(0)):
        return True
    if w.noun_before.search(before):
        return False  # "his claims", "secretary of state": a noun
    if word.endswith(w.past_endings) and w.adjective_before.search(before):
        return False  # "198 alleged killings", "the reported strikes"
    if w.compound.match(text, m.start()):
        return False  # "think tank"
    if aw.not_cue_after.match(text, m.end(), m.end() + 30):
        return False
    if w.noun_of.match(text, m.end(), m.end() + 5) and not w.verb_with_of.match(word):
        return False  # "Estimates of the number", "reports of shelling": nouns
    if aw.negated.search(before) or aw.infinitive.search(text[max(lo, m.start() - 12) : m.start()]):
        return False
    passive = aw.passive.search(text[max(lo, m.start() - 20) : m.start()])
    return not passive or bool(w.agent.match(text, m.end(), m.end() + 5))


def _skip_to_clause(w: _Words, text: str, at: int, hi: int, *, told: bool) -> int:
    """Past what stands between a cue and its reported clause: the hearer of "told",
    when and where it was said, and "that"."""
    if told:
        hearer = w.hearer.match(text, at, hi)
        if hearer:
            at = hearer.end()
    # "said during a Friday evening rally in Michigan that ...": up to a near "that"
    that = w.near_that.match(text[at:hi])
    if that and _word_count(that.group(0)) <= 14:
        return at + that.end()
    adv = w.adverbial.match(text, at, hi)
    if adv and adv.end() > at:
        at = adv.end()
    lead = w.that.match(text, at, hi)
    return lead.end() if lead else at


def _sentence_statements(
    art: ArticleView,
    line: Line,
    lo: int,
    hi: int,
    found: list[_Found],
    pcues: Sequence[ParsedCue] = (),
) -> None:
    text = line.text
    w = _words(art.lang)
    cues = [m for m in w.cue.finditer(text, lo, hi) if _is_cue(art, text, lo, m, line.quotes)]
    sentence_speaker: Speaker | None = None
    for i, m in enumerate(cues):
        next_cue = cues[i + 1].start() if i + 1 < len(cues) else hi
        cue = (m.start(), m.end(), m.group(0))
        word = m.group(0).lower()
        if w.according.match(m.group(0)):
            _according(art, line, lo, hi, m, found)
            continue
        rest = text[m.end() : hi]
        if w.extracted.match(rest):
            continue  # "civilians it said were killed": the content's subject is outside it
        pre = text[lo : m.start()]
        told = word in art.words.telling
        quoting = w.quoting.search(text, lo, m.start()) if word.endswith(w.participle) else None
        if w.quoting_ahead.match(text, m.start(), hi):
            continue  # "cited the ministry as saying": the ministry is no content of "cited"
        if quoting is not None:
            # "Interfax cited the ministry as saying ...": the one quoted speaks
            s0, e0 = quoting.start("obj"), quoting.end("obj")
            surface = speaker_at(art, line, s0, e0, nearest="left")
            if surface is None or (surface.kind == "group" and surface.type == "anonymous"):
                surface = _as_written(art, text, s0, e0) or surface
            if _forward(art, line, found, m, hi, next_cue, cue, surface, told=told):
                sentence_speaker = sentence_speaker or surface
            continue
        if word.endswith(w.participle):
            # "Russia launched ... saying" / "..., adding that": the sentence's subject speaks
            surface = sentence_speaker or speaker_at(art, line, lo, m.start(), nearest="left")
            surface = _structural(art, line, _parsed_at(pcues, m.start(), m.end()), surface)
            own = speaker_at(art, line, lo, m.start(), nearest="right")
            if own is not None and own.kind == "entity" and not text[own.end : m.start()].strip():
                # "within days of Lukashenko telling his commanders that": the participle's
                # own subject, right before it
                surface = own
            if _forward(art, line, found, m, hi, next_cue, cue, surface, told=told):
                sentence_speaker = sentence_speaker or surface
            continue
        # a closing cue: "<content>, X said (in a statement)." / "“...,” said X."
        closing = w.closing.search(pre)
        by = art.words.agent.match(rest)
        if by and not closing:
            continue  # "a song written by X": not a report of speech
        if closing:
            subj_lo = lo + closing.start("subj")
            surface = _subject(art, line, subj_lo, m.start()) if subj_lo < m.start() else None
            after = m.end()
            if by or (surface is None and not closing.group("subj").strip()):
                # "..., said Lukashenko" / "..., as reported by BelTA": the name after
                at = m.end() + (by.end() if by else 0)
                phrase = _first_phrase(w, text[at:hi])
                named = speaker_at(art, line, at, at + len(phrase), nearest="left")
                named = named or _written_name(art, text, m.end(), at + len(phrase), before=False)
                # "..., заявив міністр": a bare role in a language without articles
                named = named or _bare_role(art, line, at, at + len(phrase), as_written=True)
                end = at + len(phrase)
                if named is None and not by and not art.lang.get("attribution.definite_articles"):
                    # "— написал в Telegram командующий X": a language without articles
                    # puts the inverted subject after the verb's adverbials; a short rest
                    # of the sentence is read for the name
                    t0, t1 = _trim(art, text, at, hi)
                    if _word_count(text[t0:t1]) <= 8:
                        named = speaker_at(art, line, at, hi, nearest="left")
                        end = max(end, named.end) if named is not None else end
                if named is not None:
                    surface, after = named, end
            pc = _parsed_at(pcues, m.start(), m.end())
            if not (by and surface is not None and surface.start >= m.end()):
                # the agent of a passive cue ("..., as reported by BelTA") is the speaker;
                # the parse's subject there is the content's ("troops and equipment")
                surface = _structural(art, line, pc, surface)
            surface = _quantifier(art, line, lo, m.start()) or surface
            if pc is not None and pc.subject is not None and pc.subject[0] >= m.end():
                # "..., said Jane Doe, an analyst at X.": past the parsed name
                after = max(after, pc.subject[1])
            else:
                after = _skip_to_clause(w, text, after, hi, told=told)
            # after an inverted name an appositive may follow: "said X (D-S.C.), the leader"
            if re.match(r"\s*(?:[,;.!?()]|$)", text[after:hi]) or after >= hi:
                content_end = lo + closing.start("mark")
                quote = _quote_ending(art, line, content_end + 1)
                if quote is not None:
                    s, e = _trim(art, text, quote[0], quote[1])
                    direct = True
                else:
                    start = _content_start(text, lo, content_end, found, line.number)
                    s, e = _trim(art, text, start, content_end)
                    direct = False
                if _word_count(text[s:e]) >= 2:
                    _add(art, line, found, s, e, cue, surface, direct)
                    sentence_speaker = sentence_speaker or surface
                continue
        if by:
            continue
        if w.coordinated.search(pre):
            # "he expressed support ..., and claimed that": the first verb's subject
            lead = w.leading_adverbial.match(text, lo, m.start())
            start = lead.end() if lead else lo
            surface = speaker_at(art, line, start, m.start(), nearest="left")
        else:
            surface = _subject(art, line, clause_start(art, text, lo, m.start()), m.start())
        pc = _parsed_at(pcues, m.start(), m.end())
        surface = _structural(art, line, pc, surface)
        surface = _quantifier(art, line, lo, m.start()) or surface
        if pc is not None and pc.closing and pc.content is not None and pc.p >= MIN_CUE_P:
            # the parse has the content before the cue ("“...,” Jane Doe, an analyst,
            # said on Monday"): what follows the verb is when and where
            if _closing_content(art, line, found, pc, cue, surface):
                sentence_speaker = sentence_speaker or surface
            at = _skip_to_clause(w, text, m.end(), hi, told=told)
            quote_after = _quote_after(line, at)
            clause = any(m.end() <= q.start < hi for q in pcues)  # a verb with a subject
            if not clause and (quote_after is None or quote_after[0] - at >= 3):
                continue  # "..., she said, “<more>”" and "..., she said, adding" go on
        if _forward(art, line, found, m, hi, next_cue, cue, surface, told=told):
            sentence_speaker = sentence_speaker or surface


def _closing_content(
    art: ArticleView,
    line: Line,
    found: list[_Found],
    pc: ParsedCue,
    cue: tuple[int, int, str],
    surface: Speaker | None,
) -> bool:
    """The parsed content before a closing cue: the quotation it is in, else the clause."""
    assert pc.content is not None
    text = line.text
    s, e = pc.content
    quote = next(((a, b) for a, b in line.quotes if a <= s < b or s <= a < e), None)
    if quote is not None:
        s, e = _trim(art, text, *quote)
    else:
        s, e = _trim(art, text, s, e)
    if _word_count(text[s:e]) < 2:
        return False
    _add(art, line, found, s, e, cue, surface, quote is not None)
    return True


def _forward(
    art: ArticleView,
    line: Line,
    found: list[_Found],
    m: re.Match[str],
    hi: int,
    next_cue: int,
    cue: tuple[int, int, str],
    surface: Speaker | None,
    *,
    told: bool,
) -> bool:
    """Reported speech after its cue: "X said (on Monday) (that) <content>"."""
    text = line.text
    at = _skip_to_clause(_words(art.lang), text, m.end(), hi, told=told)
    quote = _quote_after(line, at)
    if quote is not None and quote[0] - at < 3:
        s, e = _trim(art, text, quote[0], quote[1])
        direct = True
    else:
        end = next_cue
        if end < hi:
            # the next cue's clause is its own: "..., adding that", "..., X said"
            comma = text.rfind(",", at, end)
            end = comma if comma > at else end
        s, e = _trim(art, text, at, end)
        direct = False
    if _word_count(text[s:e]) < 2:
        if re.fullmatch(r"[^.!?]*:\s*", text[m.end() :]):
            return _lead_in(art, line, found, cue, surface)
        return False
    _add(art, line, found, s, e, cue, surface, direct)
    return True


def _lead_in(
    art: ArticleView,
    line: Line,
    found: list[_Found],
    cue: tuple[int, int, str],
    surface: Speaker | None,
) -> bool:
    """ "The governor added:" ending a paragraph: the next paragraph is what was said."""
    nxt = art.next_line(line)
    if nxt is None:
        return False
    s, e = _trim(art, nxt.text, 0, len(nxt.text))
    if _word_count(nxt.text[s:e]) < 2:
        return False
    speaker = _resolve(art, line, surface, found)
    found.append(_Found(nxt.number, s, e, cue, surface, line.number, speaker, True))
    # the cue stands on the line before the content's: the spans say where it is
    found[-1].cue_line = line.number
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
    art: ArticleView, line: Line, lo: int, hi: int, m: re.Match[str], found: list[_Found]
) -> None:
    text = line.text
    stop = re.search(r"[,;.](?:\s|$)", text[m.end() : hi])
    name_end = m.end() + stop.start() if stop else hi
    by = _words(art.lang).report_by.match(text, m.end(), name_end)
    # "according to a report by the news agency X": the agent, not the report's words
    name_lo = by.end() if by else m.end()
    surface = speaker_at(art, line, name_lo, name_end, nearest="left")
    if surface is not None and surface.kind == "group":
        # "the campaign group Rail Watch": the name after the group's noun
        named = _written_name(art, text, surface.end, name_end, before=False)
        if named is not None and named.name:
            kind = art.org_source_type(named.name, text[surface.start : named.end])
            surface = Speaker(named.name, kind, named.start, named.end, "group")
    if surface is None:
        # "по словам министра": the minister the text named before
        surface = _bare_role(art, line, name_lo, name_end)
    if surface is None:
        s0, e0 = _trim(art, text, name_lo, name_end)
        if s0 < e0 and _word_count(text[s0:e0]) <= 8:
            surface = Speaker(text[s0:e0], "anonymous", s0, e0, "group")
    cue = (m.start(), m.end(), m.group(0))
    direct = False
    only_marks = _words(art.lang).openers.fullmatch(text[lo : m.start()])
    if only_marks or _word_count(text[lo : m.start()]) < 2:
        s, e = _trim(art, text, name_end, hi)  # "According to X, <content>."
    else:
        s, e = _trim(art, text, lo, m.start())  # "<content>, according to X."
        prior = [f.end for f in found if f.line == line.number and lo <= f.end <= m.start()]
        if prior:
            return  # "X said A, according to Y": Y relays X's statement; it is X's
        # a quotation of several sentences whose closing mark is lost right before the
        # attribution ("“A. B, “According to X, ..."): all of it is X's
        quote = next(((a, b) for a, b in line.quotes if a < s <= b and b <= m.start()), None)
        if quote is not None and re.fullmatch(r"[\s,\W]*", text[e : m.start()]):
            s, e = _trim(art, text, quote[0], e)
            direct = True
    if _word_count(text[s:e]) >= 3:
        _add(art, line, found, s, e, cue, surface, direct)


def _add(
    art: ArticleView,
    line: Line,
    found: list[_Found],
    s: int,
    e: int,
    cue: tuple[int, int, str],
    surface: Speaker | None,
    direct: bool,
) -> None:
    if s >= e or any(f.line == line.number and f.start == s and f.end == e for f in found):
        return
    speaker = _resolve(art, line, surface, found)
    found.append(_Found(line.number, s, e, cue, surface, line.number, speaker, direct))


def _loose_quotes(art: ArticleView, line: Line, found: list[_Found]) -> None:
    """Quotations no cue claimed: the previous statement's speaker's, else no one's."""
    text = line.text
    for a, b in [*_continued(art, line), *line.quotes]:
        s, e = _trim(art, text, a, b)
        if _word_count(text[s:e]) < _MIN_QUOTE_WORDS:
            continue
        if any(f.line == line.number and f.start < e and s < f.end for f in found):
            continue
        # a quotation inside a sentence that no cue attributes is the writer's phrase
        before = text[:a].rstrip()
        if before and not before.endswith(_words(art.lang).closers):
            continue
        signed = _signature(art, line, b)
        if signed is not None:
            found.append(_Found(line.number, s, e, (a, a, ""), signed, line.number, signed, True))
            continue
        prior = [
            f
            for f in found
            if f.line == line.number or (f.line in _previous(art, line) and _continues(f))
        ]
        speaker = prior[-1].speaker if prior else None
        surface = prior[-1].surface if prior else None
        surface_line = prior[-1].surface_line if prior else line.number
        found.append(_Found(line.number, s, e, (a, a, ""), surface, surface_line, speaker, True))


def _continues(f: _Found) -> bool:
    """Whether a bare quotation opening the next paragraph goes on with ``f``'s speaker:
    only a quotation's named speaker, not a group's indirect statement ("some observers
    believe ...") before a paragraph of someone else's words."""
    return f.direct and f.speaker is not None and f.speaker.kind != "group"


def _continued(art: ArticleView, line: Line) -> list[tuple[int, int]]:
    """A quotation the paragraph before left open and this one closes: "... “We will
    not attack anyone." / "Nobody should fear these drills,” he said." gives the
    start of this line up to its closing mark."""
    prev = art.previous(line, 1)
    if not prev or not prev[0].quotes:
        return []
    p = prev[0]
    a, b = p.quotes[-1]
    pairs = art.words.pairs
    opened = p.text[a] in {o for o, _ in pairs} and not p.text[b - 1 :].endswith(
        tuple(c for _, c in pairs)
    )
    if not opened or b != len(p.text):
        return []
    closers = {c for _, c in pairs}
    openers = {o for o, _ in pairs}
    for i, c in enumerate(line.text):
        if c in openers:
            return []
        if c in closers:
            return [(0, i + 1)]
    return []


def _signature(art: ArticleView, line: Line, at: int) -> Speaker | None:
    """The name signing a quotation that closes at ``at``: "“...” ― Jane Doe"."""
    text = line.text
    dash = _words(art.lang).signature.match(text, at)
    if dash is None:
        return None
    end = len(text)
    stop = re.search(r"[,.;(]\s|[.]?\s*$", text[dash.end() :])
    if stop is not None:
        end = dash.end() + stop.start()
    sp = speaker_at(art, line, dash.end(), end, nearest="left")
    return sp or _written_name(art, text, dash.end(), end, before=False)


_TRANSCRIPT = re.compile(rf"\W{{0,2}}(?P<name>{UPPER}[\w'’.-]*(?:\s+{UPPER}[\w'’.-]*){{0,2}}):\s+")


def _transcript(art: ArticleView, line: Line, found: list[_Found]) -> None:
    """A transcript's line, "PENCE: Well, look, ...": the rest of the line is what the
    person named before the colon said. Only a person the article names (as a person
    entity, or by the surname of one in capitals): "UPDATE:" and "Poll:" name no one."""
    m = _TRANSCRIPT.match(line.text)
    if m is None:
        return
    s0, e0 = m.start("name"), m.end("name")
    name = m.group("name")
    speaker = next(
        (
            Speaker(ref.canonical, "official", s0, e0, "entity", "PERSON")
            for mention, ref in line.entities
            if ref.type == "PERSON" and mention.start <= s0 and e0 <= mention.end
        ),
        None,
    )
    if speaker is None and name.isupper() and len(name) > 2:
        surnames = {
            ref.canonical.split()[-1].upper(): ref.canonical
            for ln in art.lines
            for _, ref in ln.entities
            if ref.type == "PERSON"
        }
        canonical = surnames.get(name.split()[-1])
        if canonical is not None:
            speaker = Speaker(canonical, "official", s0, e0, "entity", "PERSON")
    if speaker is None:
        return
    s, e = _trim(art, line.text, m.end(), len(line.text))
    if _word_count(line.text[s:e]) < 2 or any(f.line == line.number for f in found):
        return
    found.append(_Found(line.number, s, e, (e0, e0 + 1, ":"), speaker, line.number, speaker, True))


def _parsed_statements(
    art: ArticleView, line: Line, found: list[_Found], pcues: Sequence[ParsedCue]
) -> None:
    """Statements of learned cues the word lists do not hold ("the website noted",
    "critics argue"): the cue's clausal complement, spoken by its subject."""
    text = line.text
    mine = [f for f in found if f.line == line.number]
    for pc in pcues:
        if pc.content is None or pc.p < MIN_CUE_P or any(a < pc.start < b for a, b in line.quotes):
            continue
        if any(f.cue[0] < pc.end and pc.start < f.cue[1] for f in mine):
            continue  # the rules read this cue already
        if _words(art.lang).quoting_ahead.match(text, pc.start):
            continue  # "cited the ministry as saying": the ministry is no content
        s, e = _trim(art, text, *pc.content)
        lead = _words(art.lang).that.match(text, s, e)  # "contended that <content>"
        s = lead.end() if lead else s
        if _word_count(text[s:e]) < 2 or any(f.start < e and s < f.end for f in mine):
            continue
        direct = any(a <= s and e <= b for a, b in line.quotes)
        surface = _quantifier(art, line, 0, pc.start) or _structural(art, line, pc, None)
        cue = (pc.start, pc.end, text[pc.start : pc.end])
        _add(art, line, found, s, e, cue, surface, direct)
        mine.append(found[-1])


def _parse(art: ArticleView) -> Mapping[int, Sequence[ParsedCue]]:
    """The parsed cues of every body line (English only: the parser is English)."""
    if art.lang.code != "en":
        return {}
    chunks: list[tuple[str, int]] = []
    owners: list[int] = []
    for line in art.lines:
        for lo, hi in sentences(line.text, lang=art.lang):
            chunks.append((line.text[lo:hi], lo))
            owners.append(line.number)
    out: dict[int, list[ParsedCue]] = {}
    also = _words(art.lang).cue.search
    for number, pcs in zip(owners, parse_cues(chunks, also=also), strict=True):
        out.setdefault(number, []).extend(pcs)
    return out


def _previous(art: ArticleView, line: Line) -> list[int]:
    return [p.number for p in art.previous(line, 1)]


# ---- the public functions --------------------------------------------------------------------


def find_statement_spans(
    article: Article,
    *,
    mentions: Sequence[Mention],
    entities: Sequence[EntityRef],
    lang: LanguagePack | None = None,
    theatre: Theatre | None = None,
    cues: Mapping[int, Sequence[ParsedCue]] | None = None,
) -> list[StatementSpans]:
    """Every attributed statement of the article's body, with its cue and speaker as written.

    ``cues``: the parsed cues per line number the pipeline found
    (``ArticleMentions.cues``); None parses the cue sentences here.
    """
    lang = lang or load_language("en")
    art = ArticleView(article, mentions, entities, (), lang=lang, theatre=theatre)
    found: list[_Found] = []
    parsed = _parse(art) if cues is None else cues
    for line in art.lines:
        line.subjects = [pc.subject for pc in parsed.get(line.number, []) if pc.subject]
    for line in art.lines:
        pcues = parsed.get(line.number, [])
        _transcript(art, line, found)
        for lo, hi in sentences(line.text, lang=lang):
            _sentence_statements(art, line, lo, hi, found, pcues)
        _parsed_statements(art, line, found, pcues)
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
                cue=Mention(
                    line=f.cue_line or f.line, start=cs, end=ce, text=cue_text, label="CUE"
                ),
                source=source,
                speaker=f.speaker,
            )
        )
    return out


def find_statements(
    article: Article,
    *,
    mentions: Sequence[Mention],
    entities: Sequence[EntityRef],
    lang: LanguagePack | None = None,
    theatre: Theatre | None = None,
    cues: Mapping[int, Sequence[ParsedCue]] | None = None,
) -> list[StatementRef]:
    """Every attributed statement of the article's body: direct quotations and reported
    speech, with speaker (canonical name, or None when the text names no one) and cue."""
    spans = find_statement_spans(
        article, mentions=mentions, entities=entities, lang=lang, theatre=theatre, cues=cues
    )
    return [s.statement for s in spans]
