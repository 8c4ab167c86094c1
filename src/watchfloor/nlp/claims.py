"""Claims and citations: every number a report states about the world, who asserts it, and
the outlets, agencies, think tanks, government bodies and channels it relays.

Place in the flow: after ``nlp.pipeline`` (mentions), ``nlp.entities`` (people
and organisations under canonical names) and ``nlp.times`` (time expressions
resolved against the publication date); claims and citations go to the store
and to ``extract --json`` under ``claims`` / ``citations`` (see
``../shared/gold/SCHEMA.md``). Pure functions over records: no model, no I/O.

Claims, per body line (repeated lines skipped), per sentence:

1. numbers are found by a grammar of their own (``_NUMBER``): digits ("30,000",
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
   ``value_low``, "up to" -> ``value_high``), a vague amount, or a modal in the
   clause ("likely", "estimated");
4. unit and subject: the noun phrase after the number ("thousands of Russian
   soldiers"), its head mapped to a unit; a place after "in"/"at"/"near"
   joins the subject; no noun but "died"/"were killed" after is ``deaths``;
5. the source (``_Attribution``), in this order:
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
6. ``via``: an outlet the speaker talked to or was relayed by ("told Foreign
   Policy", "as reported by the news agency BelTA", "according to Reuters"
   around someone else's words), anywhere in the article for a person; the
   article's own outlet is never ``via``;
7. ``as_of``: the dated time expression nearest the number in its sentence
   (not "since X", which runs up to now, nor "until X"), "the beginning of the
   war" for the 2022 invasion (February 2022), else the publication date at
   month resolution, which is what a count in a news report describes; a
   distance between places has none.

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

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from watchfloor.nlp import lexicon
from watchfloor.nlp.events import event_date
from watchfloor.nlp.sentences import sentences
from watchfloor.records import (
    Article,
    CitationRef,
    ClaimRef,
    EntityRef,
    LineRole,
    Mention,
    TimeRef,
)

__all__ = ["citation_json", "claim_json", "find_citations", "find_claims"]

CLAIM_LABEL = "CLAIM"
CITATION_LABEL = "CITATION"

# ---- numbers ------------------------------------------------------------------------------

_UNITS_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS_WORDS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
# Vague amounts: the lowest value the word can mean ("thousands" is at least two
# thousand, as SCHEMA.md says), times the scale after it.
_VAGUE = {"dozens": 24, "hundreds": 200, "thousands": 2_000, "millions": 2_000_000, "tens": 20}

_WORD_NUM = (
    r"(?:(?:"
    + "|".join(_TENS_WORDS)
    + r")(?:[-\s](?:"
    + "|".join(list(_UNITS_WORDS)[1:10])
    + r"))?"
    r"|" + "|".join(sorted(_UNITS_WORDS, key=len, reverse=True)) + r")"
)
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_SCALE = r"(?:\s+(?:hundred|thousand|million|billion)\b|\s*(?:bn|m)\b)?"
_ONE = rf"(?:{_DIGITS}|{_WORD_NUM}\b)(?:\s+(?:hundred|thousand|million|billion)\b)*"
_ONE_DIGITS = rf"{_DIGITS}{_SCALE}"
_NUM = rf"(?:{_ONE_DIGITS}|{_ONE}|an?\s+(?:hundred|thousand|million|dozen)\b)"

_NUMBER = re.compile(
    rf"""
    (?P<share>(?P<sa>{_NUM})\s+(?:out\s+of|in(?:\s+every)?)\s+(?P<sb>{_NUM})(?=\s+[a-z]))
    | (?P<pct>(?P<pv>{_DIGITS})\s*(?:%|per\s?cent\b|percent\b))
    | (?P<range>(?:between\s+|from\s+)?(?P<ra>{_NUM})
        \s*(?:-|–|—|\s+to\s+|\s+and\s+|\s+or\s+)\s*(?P<rb>{_NUM}))
    | (?P<vague>(?:(?:tens|hundreds)\s+of\s+(?:thousands|millions))
        | (?:(?:several|a\s+few)\s+(?:hundred|thousand|million|dozen)\b)
        | (?:several|dozens|hundreds|thousands|millions)\b)
    | (?P<single>{_NUM})
    """,
    re.I | re.X,
)

# An approximator before the number: (pattern, what it makes of the value).
_HEDGES: tuple[tuple[str, str], ...] = (
    (r"(?:far\s+|much\s+)?(?:larger|greater|higher|bigger)\s+than", "low"),
    (r"(?:far\s+|much\s+)?(?:smaller|lower)\s+than", "high"),
    (r"more\s+than|over|upwards\s+of|in\s+excess\s+of|at\s+least|no\s+fewer\s+than", "low"),
    (r"(?:just|well)\s+(?:over|under)|an\s+estimated|estimated", "about"),
    (r"up\s+to|as\s+many\s+as|fewer\s+than|less\s+than|under|at\s+most|no\s+more\s+than", "high"),
    (r"about|around|approximately|roughly|some|nearly|almost|close\s+to|perhaps|maybe", "about"),
    (r"an?\s+(?:approximate|estimated)|approx\.?|circa|c\.", "about"),
)
_HEDGE_BEFORE = re.compile(
    r"(?:^|(?<=\W))(?P<h>" + "|".join(p for p, _ in _HEDGES) + r")\s+$", re.I
)
# Words in the clause that make the figure an estimate ("two jets were likely parked").
_MODAL = re.compile(
    r"\b(?:likely|probably|possibly|reportedly|estimated|estimates?|believed|approximately)\b",
    re.I,
)

# ---- what is counted ----------------------------------------------------------------------

_UNIT_OF: dict[str, str] = {}
for _unit, _words in {
    "troops": ("troops", "troop"),
    "soldiers": [
        "soldiers",
        "soldier",
        "servicemen",
        "serviceman",
        "personnel",
        "conscripts",
        "reservists",
        "paratroopers",
        "men",
        "fighters",
        "mercenaries",
        "marines",
        "recruits",
        "officers",
        "volunteers",
    ],
    "trains": ("trains", "train", "trainloads", "echelons"),
    "battalions": ("battalions", "battalion", "btgs", "btg"),
    "jets": (
        [
            "jets",
            "jet",
            "aircraft",
            "planes",
            "warplanes",
            "fighter",
            "interceptors",
            "bombers",
            "airplanes",
        ]
    ),
    "km": ("km", "kilometres", "kilometers", "kilometre", "kilometer", "kms"),
    "people": [
        "people",
        "civilians",
        "residents",
        "persons",
        "refugees",
        "belarusians",
        "ukrainians",
        "russians",
        "citizens",
        "protesters",
        "detainees",
        "prisoners",
    ],
    "deaths": ("deaths", "death", "killings", "dead", "fatalities", "casualties", "killed"),
}.items():
    for _w in _words:
        _UNIT_OF[_w] = _unit

_DEATH_VERB = re.compile(r"\b(?:died|killed|dead|perished|lost\s+their\s+lives)\b", re.I)
_HUMAN_UNITS = frozenset({"troops", "soldiers", "people"})
# Units for which "one" is a figure ("one train a day"), not an article or pronoun.
_ONE_UNITS = frozenset({"troops", "soldiers", "trains", "battalions", "jets", "km", "deaths"})
# Time units after a number: a duration, as a claim's unit "other".
_TIME_UNITS = frozenset(
    [
        "second",
        "seconds",
        "minute",
        "minutes",
        "hour",
        "hours",
        "day",
        "days",
        "night",
        "nights",
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "years",
        "decade",
        "decades",
    ]
)

# Words that end the noun phrase after a number: function words, auxiliaries and
# the commonest verbs of news prose.
_NP_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "their",
        "its",
        "his",
        "her",
        "our",
        "my",
        "your",
        "it",
        "they",
        "he",
        "she",
        "we",
        "you",
        "i",
        "who",
        "whom",
        "which",
        "what",
        "whose",
        "there",
        "here",
        "and",
        "or",
        "but",
        "nor",
        "so",
        "yet",
        "as",
        "than",
        "then",
        "in",
        "on",
        "at",
        "to",
        "from",
        "by",
        "with",
        "for",
        "of",
        "into",
        "onto",
        "near",
        "over",
        "under",
        "up",
        "down",
        "out",
        "off",
        "about",
        "across",
        "after",
        "before",
        "since",
        "until",
        "till",
        "during",
        "through",
        "throughout",
        "between",
        "among",
        "against",
        "along",
        "around",
        "behind",
        "beyond",
        "toward",
        "towards",
        "via",
        "per",
        "within",
        "without",
        "upon",
        "including",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "am",
        "have",
        "has",
        "had",
        "having",
        "do",
        "does",
        "did",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
        "not",
        "no",
        "never",
        "also",
        "already",
        "still",
        "now",
        "currently",
        "just",
        "only",
        "even",
        "said",
        "says",
        "say",
        "told",
        "tell",
        "reported",
        "reports",
        "according",
        "estimated",
        "estimate",
        "estimates",
        "believes",
        "believe",
        "claimed",
        "claims",
        "claim",
        "warned",
        "announced",
    ]
)
_NOUN_LIKE_ED = frozenset({"armed", "unmanned", "tracked", "wheeled", "red", "bed", "shed"})

# ---- speech, estimates and reports --------------------------------------------------------


def _forms(*bases: str) -> list[str]:
    out: list[str] = []
    for b in bases:
        if " " in b:
            out.append(b)
            continue
        root = b[:-1] if b.endswith("e") else b
        out += [b, b + "s", root + "ed", root + "ing"]
    return out


_CUE_WORDS = sorted(
    {
        *_forms("state", "add", "estimate", "believe", "claim", "report", "warn", "announce"),
        *_forms("declare", "note", "count", "insist", "argue", "explain", "confirm"),
        *_forms("acknowledge", "suggest", "indicate", "record", "document", "calculate"),
        *_forms("assess", "mention", "deny", "reckon", "allege", "predict", "assert"),
        *_forms("think", "show", "verify", "tally", "put", "write", "say", "tell"),
        "said",
        "says",
        "say",
        "saying",
        "told",
        "tells",
        "thinks",
        "thought",
        "wrote",
        "writes",
        "written",
        "shown",
        "denies",
        "denied",
        "verified",
        "verifies",
        "tallied",
        "puts",
    },
    key=len,
    reverse=True,
)
_CUE = re.compile(
    r"\baccording\s+to\b"
    r"|\bgave\b(?=(?:\s+[\w-]+){0,4}?\s+(?:figure|estimate|number|count|tally|assessment)s?\b)"
    r"|\b(?:" + "|".join(re.escape(w) for w in _CUE_WORDS) + r")\b",
    re.I,
)
# Cue words that only count with a clause or a figure after them, not an object
# ("claimed responsibility", "put pressure", "showed restraint").
_NOT_CUE_AFTER = re.compile(
    r"^\s+(?:responsibility|pressure|restraint|in\s+place|an?\s+end|support|signs?|interest|"
    r"solidarity)\b",
    re.I,
)
# "put" reports a figure only as "put the number at"; "put up", "put on" do not.
_PHRASAL_PUT = re.compile(r"^\s+(?:up|off|on|down|forward|out|in|into|aside)\b", re.I)
# An infinitive ("to declare a new front") is what someone may do, not what they said.
_INFINITIVE = re.compile(r"\bto\s+$", re.I)
_PASSIVE = re.compile(r"\b(?:been|was|were|being|is|are|be)\s+(?:\w+ly\s+)?$", re.I)
# ... unless it is counting: "OHCHR was working to verify 198 killings" is OHCHR's figure.
_COUNTING = ("verif", "count", "record", "document", "tall", "estimat", "calculat", "confirm")
_NEGATED = re.compile(r"\b(?:not|n[o']t|never|no)\s+(?:\w+ly\s+)?(?:\w+\s+)?$", re.I)
_PRONOUNS = {"he": "PERSON", "she": "PERSON", "it": "ORG", "they": "ANY", "we": "ANY"}
_RELATIVES = frozenset({"which", "who", "that"})
# Unnamed speakers: the head noun of a phrase, and its source type.
_GROUP_HEADS = {
    "sources": "anonymous",
    "source": "anonymous",
    "insiders": "anonymous",
    "officials": "official",
    "official": "official",
    "authorities": "official",
    "representatives": "official",
    "government": "official",
    "diplomats": "official",
    "ministry": "official",
    "spokesman": "official",
    "spokeswoman": "official",
    "spokesperson": "official",
    "analysts": "expert",
    "analyst": "expert",
    "experts": "expert",
    "expert": "expert",
    "observers": "expert",
    "researchers": "expert",
    "estimates": "expert",
    "intelligence": "intelligence",
    "military": "military",
    "army": "military",
    "commanders": "military",
    "commander": "military",
    "group": "ngo",
    "channel": "media",
    "channels": "media",
    "outlet": "media",
    "media": "media",
    "newspaper": "media",
    "agency": "media",
    "monitors": "ngo",
    "activists": "ngo",
    "residents": "anonymous",
    "locals": "anonymous",
    "villagers": "anonymous",
    "eyewitnesses": "anonymous",
    "watchers": "media",
    "witnesses": "anonymous",
}
_MEDIA_WORDS = re.compile(
    r"\b(?:read|channel|channels|telegram|newspaper|outlet|media|blog|site|website|agency|"
    r"broadcaster|tv|radio|publication)\b",
    re.I,
)

# Capitals used for their governments ("Kyiv believes", "Minsk said").
_CAPITALS = {
    "Kyiv": "Ukraine",
    "Kiev": "Ukraine",
    "Moscow": "Russia",
    "Minsk": "Belarus",
    "Warsaw": "Poland",
    "Vilnius": "Lithuania",
    "Riga": "Latvia",
    "Tallinn": "Estonia",
    "Washington": "United States",
    "London": "United Kingdom",
    "Berlin": "Germany",
    "Paris": "France",
    "Beijing": "China",
    "Chisinau": "Moldova",
    "Tbilisi": "Georgia",
}
_THE_STATES = frozenset({"United States", "United Kingdom", "Netherlands", "Czech Republic"})

_AGENCIES = frozenset(
    {
        "BelTA",
        "Interfax",
        "TASS",
        "RIA Novosti",
        "Reuters",
        "Associated Press",
        "Agence France-Presse",
        "Ukrinform",
        "UNIAN",
        "Sputnik",
    }
)
_THINK_TANKS = frozenset(
    {
        "Institute for the Study of War",
        "Atlantic Council",
        "Rochan Consulting",
        "Royal United Services Institute",
        "Chatham House",
        "Carnegie Endowment for International Peace",
        "Carnegie Russia Eurasia Center",
        "Center for Strategic and International Studies",
        "International Institute for Strategic Studies",
        "Jamestown Foundation",
        "RAND Corporation",
        "Belarus Security Blog",
        "Conflict Intelligence Team",
        "Bellingcat",
    }
)
_CHANNELS = frozenset({"Belaruski Hajun"})
_NGOS = frozenset(
    {"Viasna", "Amnesty International", "Human Rights Watch", "Cyber Partisans", "Bellingcat"}
)
_INTELLIGENCE = frozenset({"KGB", "FSB", "GRU", "SBU", "GUR"})
_GOVERNMENT_WORDS = re.compile(
    r"\b(?:Ministry|Ministries|Council|Government|Kremlin|White House|Pentagon|Department|"
    r"Committee|Office of the President|Parliament|Assembly|Commission|Service|Staff|"
    r"Embassy|Presidency|Administration|Guard|Prosecutor)\b"
)
_MILITARY_WORDS = re.compile(
    r"\b(?:Armed Forces|Army|Military|Air Force|Navy|Regiment|Brigade|Battalion|Command|"
    r"General Staff|Military District)\b"
)
_OUTLET_WORDS = re.compile(
    r"\b(?:News|Wire|Post|Times|Monitor|Daily|Brief|Press|Journal|Gazette|Herald|Ledger|"
    r"Review|Telegraph|Tribune|Radio|TV|Media|Pravda|Independent)\b"
)
_THINK_TANK_WORDS = re.compile(
    r"\b(?:Institute|Centre|Center|Consulting|Foundation|Council|Studies|Endowment)\b"
)

# A person's role, from the words around their first full mention.
_ROLE_TYPES: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"\b(?:Secretary|Minister|President|spokes(?:man|woman|person)|Ambassador|"
            r"Chancellor|Prime)\b"
        ),
        "official",
    ),
    (
        re.compile(
            r"\b(?:expert|analyst|fellow|researcher|scholar|professor|think[\s-]tank|"
            r"political scientist|economist|historian)\b",
            re.I,
        ),
        "expert",
    ),
    (re.compile(r"\bintelligence\b", re.I), "intelligence"),
    (
        re.compile(
            r"\b(?:commander|colonel|lieutenant|general|major|captain|sergeant|officer|"
            r"soldier|regiment|brigade|battalion|defector|veteran|military|army)\b",
            re.I,
        ),
        "military",
    ),
    (
        re.compile(
            r"\b(?:journalist|reporter|editor|correspondent|blogger|presenter|columnist)\b", re.I
        ),
        "media",
    ),
    (re.compile(r"\b(?:activist|rights|campaigner|volunteer group|ngo)\b", re.I), "ngo"),
)

_DISTANCE_FROM = re.compile(r"^\s*(?:away\b|from\b)|^\s*(?:north|south|east|west)\w*\s+of\b", re.I)
_SINCE_UNTIL = re.compile(r"\b(?:since|until|till|through|from)\s+(?:the\s+)?$", re.I)
_WAR_START = re.compile(
    r"\b(?:beginning|start|outset|first\s+days?|eve)\s+of\s+(?:the\s+)?"
    r"(?:war|invasion|full-scale\s+invasion)\b",
    re.I,
)
# The 2022 invasion, the war this product follows, began on 24 February 2022.
WAR_START = "2022-02"

# Spans in which a number is part of an address, a phone number, a clock time or an age.
_NOT_FIGURES = re.compile(
    r"""
    https?://\S+ | www\.\S+ | \b[\w.-]+@[\w.-]+\.\w+ | \b[\w-]+(?:\.[\w-]+)+/\S*
    | \b[\w-]+\.(?:com|org|net|io|by|ru|ua|example|info|eu)\b\S*
    | (?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,5}\)[\s.-]?)?\d{2,4}(?:[\s.-]\d{2,4}){2,}
    | \b\d{1,2}[:.]\d{2}(?:\s*(?:[ap]\.?m\.?|GMT|CET|UTC|EET|MSK))?\b | \b\d{1,2}\s*[ap]\.m\.
    | \b\d{1,2}\s*[ap]m\b
    | \b\d+(?:-|\s)years?(?:-|\s)old\b | \baged\s+\d+ | \b\d+s\b | \b\d+(?:st|nd|rd|th)\b
    | \(\s*\d{1,3}\s*\)
    """,
    re.I | re.X,
)
_ANAPHORIC = re.compile(
    r"\b(?:the|these|those|both|its|their|his|her|our|all|each\s+of\s+the|first|last)\s+$", re.I
)
_YEAR = re.compile(r"^(?:1[89]\d\d|20\d\d)$")
_NAME_LABELS = frozenset(
    {"EQUIPMENT", "PRODUCT", "LAW", "WORK_OF_ART", "EVENT", "ORG", "FAC", "UNIT", "PERSON", "GPE"}
)
_SPOKEN_TIME_LABELS = frozenset({"DATE", "TIME"})
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’\-]*")
_QUOTE_TRIM = " \t\xa0,;:.\"“”‘’'()[]—–-"

# ---- records of one article ------------------------------------------------------------------


@dataclass(slots=True)
class _Speaker:
    name: str | None
    type: str
    start: int  # where the speaker's words are in the line (-1: not in this line)
    end: int
    kind: str = "entity"  # entity | state | group | pronoun
    entity_type: str | None = None  # PERSON | ORG for entities


@dataclass(slots=True)
class _Cue:
    start: int
    end: int
    speaker: _Speaker | None
    according: bool = False  # "according to X": the content is the rest of the sentence


@dataclass(slots=True)
class _Line:
    number: int
    text: str
    entities: list[tuple[Mention, EntityRef]] = field(default_factory=list)
    places: list[Mention] = field(default_factory=list)
    names: list[Mention] = field(default_factory=list)  # spans a number is part of a name in
    times: list[TimeRef] = field(default_factory=list)
    spoken_times: list[Mention] = field(default_factory=list)
    quotes: list[tuple[int, int]] = field(default_factory=list)


class _Article:
    """An article's body lines with the records that point into them."""

    def __init__(
        self,
        article: Article,
        mentions: Sequence[Mention],
        entities: Sequence[EntityRef],
        times: Sequence[TimeRef],
    ) -> None:
        self.article = article
        self.own_outlet = (article.outlet or "").casefold()
        self.lines: list[_Line] = []
        by_number: dict[int, _Line] = {}
        for ln in article.lines:
            if ln.role is LineRole.BODY and ln.duplicate_of is None:
                line = _Line(ln.number, ln.text, quotes=_quote_spans(ln.text))
                self.lines.append(line)
                by_number[ln.number] = line
        self.entity_types: dict[str, str] = {}
        for ref in entities:
            self.entity_types[ref.canonical] = ref.type
            for m in ref.mentions:
                if m.line in by_number:
                    by_number[m.line].entities.append((m, ref))
        for m in mentions:
            owner = by_number.get(m.line)
            if owner is None:
                continue
            if m.label in ("GPE", "LOC", "FAC"):
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
                before = text[max(0, m.start - 100) : m.start]
                before = before[before.rfind(".") + 1 :]  # not the sentence before
                after = text[m.end : m.end + 110]
                after = after.split(". ")[0]
                if not after.startswith((",", " (", " —", " –")):
                    after = ""
                window = before + " " + after
                for pattern, kind in _ROLE_TYPES:
                    if pattern.search(window):
                        roles[ref.canonical] = kind
                        break
                if ref.canonical in roles:
                    break
            if ref.canonical not in roles and _GOVERNMENT_ROLE.search(
                " ".join(m.text for m in ref.mentions)
            ):
                roles[ref.canonical] = "official"
        return roles

    def _person_outlets(self) -> dict[str, str]:
        """Outlets a person talked to anywhere in the article ("X told Foreign Policy")."""
        out: dict[str, str] = {}
        for line in self.lines:
            for m in _TOLD.finditer(line.text):
                outlet = self.outlet_at(line, m.end())
                if outlet is None:
                    continue
                person = self.entity_before(line, m.start(), "PERSON")
                if person is not None:
                    out.setdefault(person, outlet)
        return out

    def outlet_at(self, line: _Line, at: int) -> str | None:
        """The outlet named right at ``at`` ("the official news agency BelTA"), if any; "the
        outlet" / "the newspaper" is the last outlet named before."""
        if _OUTLET_ANAPHOR.match(line.text[at : at + 20]):
            for ln, limit in [(line, at), *((p, len(p.text)) for p in self.previous(line, 3))]:
                named = [
                    r.canonical
                    for m, r in ln.entities
                    if m.end <= limit and _is_outlet(r.canonical)
                ]
                if named:
                    return None if named[-1].casefold() == self.own_outlet else named[-1]
            return None
        for m, ref in line.entities:
            if at <= m.start <= at + 40 and _is_outlet(ref.canonical):
                between = line.text[at : m.start]
                if re.fullmatch(r"[\s\w'’-]*", between) and len(between.split()) <= 5:
                    if ref.canonical.casefold() == self.own_outlet:
                        return None
                    return ref.canonical
        return None

    def entity_before(self, line: _Line, at: int, type_: str) -> str | None:
        found = None
        for m, ref in line.entities:
            if m.end <= at and ref.type == type_:
                found = ref.canonical
        return found

    def previous(self, line: _Line, k: int) -> list[_Line]:
        """Up to ``k`` body lines before ``line``, nearest first."""
        i = self.index[line.number]
        return self.lines[max(0, i - k) : i][::-1]


_GOVERNMENT_ROLE = re.compile(
    r"\b(?:President|Minister|Ministry|spokes\w+|Secretary|Ambassador|Chancellor|official)\b"
)
_TOLD = re.compile(
    r"\b(?:told|tells|spoke\s+(?:to|with)|speaking\s+(?:to|with)|in\s+an?\s+interview\s+with|"
    r"(?:was\s+)?quoted\s+by|interviewed\s+by|wrote\s+(?:in|for))\b",
    re.I,
)
_RELAYED = re.compile(
    r"\b(?:(?:as\s+)?reported\s+by|according\s+to|quoted\s+by|cited\s+by|citing|"
    r"told|tells|spoke\s+(?:to|with)|in\s+an?\s+interview\s+with)\b",
    re.I,
)
_OUTLET_ANAPHOR = re.compile(
    r"\s*the\s+(?:outlet|newspaper|paper|agency|site|website|channel|broadcaster|magazine)\b", re.I
)
_AS_OUTLET_WRITES = re.compile(r"\bas\s+(?:the\s+)?$", re.I)


def _is_outlet(name: str) -> bool:
    """A news outlet: a listed one, or a name built like one ("Polesie Wire", "Kyiv Post")."""
    return name in lexicon.OUTLETS or name in _OUTLET_ALIASES or bool(_OUTLET_WORDS.search(name))


_OUTLET_ALIASES = frozenset(a for aliases in lexicon.OUTLETS.values() for a in aliases)


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Quotations of one line: curly pairs, then straight double quotes in pairs.

    A quotation still open at the end of the line runs to its end (a paragraph of
    speech whose closing mark is on the next line).
    """
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for i, c in enumerate(text):
        if c == "“" and opened is None:
            opened = i
        elif c == "”" and opened is not None:
            spans.append((opened, i + 1))
            opened = None
    if opened is not None:
        spans.append((opened, len(text)))
    straight = [i for i, c in enumerate(text) if c == '"']
    for a, b in zip(straight[::2], straight[1::2], strict=False):
        spans.append((a, b + 1))
    return sorted(spans)


# ---- numbers ------------------------------------------------------------------------------


def _word_value(text: str) -> float | None:
    """The value of a number written in digits, words, or both ("2.5 million", "five thousand")."""
    words = text.lower().replace(",", "").replace("-", " ").split()
    if not words:
        return None
    total = 0.0
    current = 0.0
    seen = False
    for w in words:
        if w in ("a", "an"):
            current = current or 1
            seen = True
        elif re.fullmatch(r"\d+(?:\.\d+)?", w):
            current += float(w)
            seen = True
        elif w in _UNITS_WORDS:
            current += _UNITS_WORDS[w]
            seen = True
        elif w in _TENS_WORDS:
            current += _TENS_WORDS[w]
            seen = True
        elif w == "dozen":
            current = (current or 1) * 12
        elif w in _SCALES or w in ("m", "bn"):
            scale = _SCALES.get(w) or (1_000_000 if w == "m" else 1_000_000_000)
            current = (current or 1) * scale
            if scale >= 1000:
                total += current
                current = 0.0
        else:
            return None
    return total + current if seen else None


def _vague_low(text: str) -> float:
    """The least a vague amount means: "thousands" 2000, "tens of thousands" 20,000."""
    words = text.lower().split()
    if words[0] in ("several", "a"):
        base = 3.0 if words[0] == "several" else 2.0
        scale = words[-1]
        if scale == "several":
            return 3.0
        return base * (12 if scale == "dozen" else _SCALES.get(scale, 1))
    if len(words) >= 3 and words[1] == "of":
        head = {"tens": 20, "hundreds": 200}[words[0]]
        return float(head * {"thousands": 1_000, "millions": 1_000_000}[words[2]])
    return float(_VAGUE[words[0]])


@dataclass(slots=True)
class _Number:
    start: int
    end: int
    value: float | None
    low: float | None
    high: float | None
    hedged: bool
    kind: str  # single | range | vague | share | pct
    first_word: str  # how the number is written (for "one" and "several")


def _numbers(text: str, lo: int, hi: int) -> Iterable[_Number]:
    for m in _NUMBER.finditer(text, lo, hi):
        start, end = m.start(), m.end()
        glued_before = start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-–/.#")
        if glued_before and not (text[start - 1] == "-" and start == 1):
            continue
        glued_after = end < len(text) and text[end].isalpha() and not text[end - 1].isspace()
        if glued_after and not re.match(r"(?:km|k)\b", text[end : end + 3]):
            continue
        hyphen_after = end + 1 < len(text) and text[end] in "-/" and text[end + 1].isalnum()
        if hyphen_after and not text[end + 1 :].lower().startswith(_HYPHEN_UNITS):
            continue  # "MiG-31K", "2-1", "24/7"
        first = m.group(0).split()[0].lower()
        value = low = high = None
        kind = "single"
        if m.group("share"):
            a, b = _word_value(m.group("sa")), _word_value(m.group("sb"))
            if a is None or not b:
                continue
            value, kind = round(a / b, 4), "share"
        elif m.group("pct"):
            v = _word_value(m.group("pv"))
            if v is None:
                continue
            value, kind = round(v / 100, 4), "pct"
        elif m.group("range"):
            a, b = _word_value(m.group("ra")), _word_value(m.group("rb"))
            if a is None or b is None:
                continue
            if b < a and re.search(r"\b(?:thousand|million|hundred)\b", m.group("rb"), re.I):
                # "10 to 15 thousand": the scale belongs to both ends
                scale = b / (_word_value(m.group("rb").split()[0]) or 1)
                a *= scale
            if not a < b or (_YEAR.match(m.group("ra")) and _YEAR.match(m.group("rb"))):
                continue
            if " and " in m.group(0) and not m.group(0).lower().startswith("between"):
                continue  # "two and three" is a list, not a range
            low, high, kind = a, b, "range"
        elif m.group("vague"):
            low, kind = _vague_low(m.group("vague")), "vague"
        else:
            value = _word_value(m.group("single"))
            if value is None:
                continue
        yield _Number(start, end, value, low, high, kind in ("vague",), kind, first)


# "40-km", "10-day": a hyphenated unit is a measure, not a designation.
_HYPHEN_UNITS = (
    "km",
    "kilomet",
    "mile",
    "day",
    "week",
    "month",
    "hour",
    "minute",
    "strong",
    "man",
    "member",
    "year",
)


def _overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def _excluded(line: _Line, n: _Number, figures_out: list[tuple[int, int]]) -> bool:
    """Whether the number at ``n`` is not a figure about the world (see the module doc)."""
    text = line.text
    raw = text[n.start : n.end]
    if any(_overlaps(n.start, n.end, a, b) for a, b in figures_out):
        return True
    for t in line.times:
        if t.type != "DURATION" and _overlaps(n.start, n.end, t.mention.start, t.mention.end):
            return True
    durations = [t for t in line.times if t.type == "DURATION"]
    for m in line.spoken_times:
        if _overlaps(n.start, n.end, m.start, m.end) and not any(
            _overlaps(n.start, n.end, d.mention.start, d.mention.end) for d in durations
        ):
            # spaCy's DATE covers durations too: drop only what reads as a date
            after_m = text[n.end : n.end + 12].lower()
            if not re.match(r"\s*(?:days?|weeks?|months?|hours?|years?)\b", after_m) or re.search(
                r"\bago\b", text[n.end : m.end + 6]
            ):
                return True
    for m in line.names:
        if m.start <= n.start and n.end <= m.end and m.label not in ("GPE",):
            return True
    if n.kind == "single" and _YEAR.match(raw.replace(",", "")):
        after = text[n.end : n.end + 20]
        if not re.match(r"\s+(?:[a-z-]+\s+)?(?:" + "|".join(_UNIT_OF) + r")\b", after):
            return True
    before = text[max(0, n.start - 40) : n.start]
    # a capitalised word right before a bare number names a thing ("Cargo 200", "Article 5")
    prev = re.search(r"([A-Za-z][\w’'-]*)\s+$", before)
    if (
        prev
        and prev.group(1)[0].isupper()
        and n.kind == "single"
        and re.fullmatch(r"\d+", raw)
        and prev.group(1).lower() not in _NP_STOP
        and not _HEDGE_BEFORE.search(before)
        and prev.group(1) not in _MONTHS
    ):
        return True
    if _ANAPHORIC.search(before) and not _in_duration(line, n):
        return True
    after = text[n.end : n.end + 40]
    if re.match(r"\s*(?:of\s+(?:them|those|these|the|us|our|their|its)\b)", after):
        # "one of them", "two of the regions", "several of the sites": part of a set
        # named elsewhere, not a figure
        return not n.first_word[:1].isdigit()
    if n.first_word in ("one", "a", "an") and n.kind == "single":
        unit, _ = _unit_and_phrase(text, n.end, n.end + 80)
        return unit not in _ONE_UNITS
    if n.first_word == "several":
        unit, _ = _unit_and_phrase(text, n.end, n.end + 80)
        return unit == "other" and not _in_duration(line, n)
    return False


def _in_duration(line: _Line, n: _Number) -> bool:
    return any(
        t.type == "DURATION"
        and t.value
        and _overlaps(n.start, n.end, t.mention.start, t.mention.end)
        for t in line.times
    )


_MONTH_NAMES = frozenset(
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
)
_MONTHS = frozenset(
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Sept",
        "Oct",
        "Nov",
        "Dec",
    ]
)


# ---- what is counted ----------------------------------------------------------------------


def _unit_and_phrase(text: str, at: int, hi: int) -> tuple[str, tuple[int, int] | None]:
    """The unit and the noun phrase (span) a number counts, read from ``at``."""
    words = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text, at, min(hi, len(text)))]
    # stop at punctuation between words: the phrase is contiguous
    taken: list[tuple[int, int, str]] = []
    cursor = at
    skipped_of = False
    for k, (s, e, w) in enumerate(words):
        gap = text[cursor:s]
        if gap.strip(" \xa0") not in ("",) and not (gap.strip() == "-" and not taken):
            break
        lw = w.lower().strip("'’")
        if not taken and not skipped_of and lw in ("of", "more", "times"):
            if lw == "times":
                return "other", (s, e)
            skipped_of = lw == "of"
            cursor = e
            continue
        if lw in _NP_STOP or (lw.endswith("ly") and lw not in ("jolly",)):
            break
        if lw.endswith(("ed", "ing")) and lw not in _NOUN_LIKE_ED and lw not in _UNIT_OF:
            nxt = words[k + 1][2].lower() if k + 1 < len(words) else ""
            if not nxt or nxt in _NP_STOP or nxt.endswith(("ed", "ing")):
                break
            if text[e : words[k + 1][0]].strip():
                break
        taken.append((s, e, w))
        cursor = e
        if len(taken) >= 6:
            break
    if not taken:
        return "other", None
    head = taken[-1][2].lower().rstrip("'’s") if taken[-1][2].endswith(("'", "’")) else None
    head = head or taken[-1][2].lower()
    unit = _UNIT_OF.get(head)
    if unit is None:
        # the phrase ran on into a verb ("soldiers took part"): the last plural unit noun
        for k in range(len(taken) - 2, -1, -1):
            w = taken[k][2].lower()
            if w in _UNIT_OF and w.endswith("s"):
                taken = taken[: k + 1]
                unit = _UNIT_OF[w]
                break
    if unit is None:
        # "km" then a noun: "40 km stretch"; "fighter jets": the first unit word counts
        for _, _, w in taken:
            if w.lower() in _UNIT_OF and _UNIT_OF[w.lower()] in ("km", "jets"):
                unit = _UNIT_OF[w.lower()]
                break
    if head in _TIME_UNITS:
        unit = "other"
    return unit or "other", (taken[0][0], taken[-1][1])


def _subject(
    line: _Line, n: _Number, phrase: tuple[int, int] | None, clause_end: int, sentence_start: int
) -> str:
    """What is counted, short: the counted phrase and the place it is in ("Russian troops in
    Belarus")."""
    text = line.text
    if phrase is None:
        if _DEATH_VERB.search(text[n.end : clause_end]):
            return "deaths"
        before = _WORD.findall(text[sentence_start : n.start])
        nouns = [w for w in before if w.lower() in _UNIT_OF]
        return nouns[-1] if nouns else "unspecified"
    subject = text[phrase[0] : phrase[1]]
    for m in line.places:
        if phrase[1] <= m.start < min(clause_end, phrase[1] + 60):
            prep = re.search(
                r"\b(in|at|near|to|into|inside|across|along|on)\s+(?:the\s+)?$",
                text[phrase[1] : m.start],
            )
            if prep:
                subject += f" {prep.group(1)} {m.text}"
                break
    return " ".join(subject.split())


# ---- attribution -------------------------------------------------------------------------


def _state_name(state: str) -> str:
    return f"Government of {'the ' if state in _THE_STATES else ''}{state}"


_NATIONS = dict(lexicon.NATIONS)


def _speaker_at(art: _Article, line: _Line, lo: int, hi: int, *, nearest: str) -> _Speaker | None:
    """The speaker named in ``text[lo:hi]``: the entity, state or group nearest one end.

    ``nearest`` is "right" (a subject before its verb: the last name before it) or
    "left" (a name after "according to" or an inverted "said X").
    """
    text = line.text
    cands: list[_Speaker] = []
    for m, ref in line.entities:
        if lo <= m.start and m.end <= hi:
            if ref.type == "PERSON":
                type_ = art.roles.get(ref.canonical, "official")
            else:
                type_ = _org_source_type(ref.canonical, text[max(lo, m.start - 40) : m.end])
            cands.append(_Speaker(ref.canonical, type_, m.start, m.end, "entity", ref.type))
    for m in line.places:
        if (
            lo <= m.start
            and m.end <= hi
            and not any(_overlaps(m.start, m.end, c.start, c.end) for c in cands)
        ):
            name = m.text.strip()
            state = _CAPITALS.get(name)
            if state is not None:
                cands.append(
                    _Speaker(f"{name} ({_state_name(state)})", "official", m.start, m.end, "state")
                )
            elif _NATIONS.get(name) == name or name in ("US", "U.S.", "UK", "U.K.", "Britain"):
                state = _NATIONS.get(name, name)
                cands.append(_Speaker(_state_name(state), "official", m.start, m.end, "state"))
    for g in _GROUP.finditer(text, lo, hi):
        inside = [c for c in cands if _overlaps(g.start(), g.end(), c.start, c.end)]
        if any(c.end > g.start("head") for c in inside if c.kind == "entity"):
            continue  # "the press service of the Ministry": the named body speaks
        # "Railway workers' Telegram channels", "representatives of Ukraine": the group
        cands = [c for c in cands if c not in inside]
        cands.append(_group_speaker(g))
    for p in re.finditer(r"\b(he|she|it|they|we)\b", text[lo:hi], re.I):
        s = lo + p.start()
        cands.append(_Speaker(None, "pronoun", s, lo + p.end(), "pronoun", p.group(1).lower()))
    if not cands:
        return None
    cands.sort(key=lambda c: (c.start, -c.end))
    if nearest == "left":
        first = cands[0]
        # "one widely read group" is the speaker, not a place named inside its phrase
        return first
    # an appositive between a person and the verb belongs to the person
    for c in cands:
        if c.entity_type == "PERSON":
            rest = text[c.end : hi]
            if re.match(r"\s*[,—–]", rest) and re.search(r"[,—–]\s*(?:\w+\s+)?$", rest):
                return c
    # a name inside a prepositional phrase ("images of Belarus", "residents in the capital
    # Minsk") is not the subject; the phrase's head before it is
    heads = [c for c in cands if not _IN_PHRASE.search(text[max(lo, c.start - 30) : c.start])]
    if not heads:
        heads = [c for c in cands if c.kind != "state"]
    if not heads:
        return None
    return max(heads, key=lambda c: (c.end, c.kind != "state"))


_IN_PHRASE = re.compile(
    r"\b(?:of|in|from|at|near|with|for|to|on|into|across|inside|about|against|over|"
    r"between)\s+(?:the\s+)?(?:[a-z]+\s+)?$"
)


def _group_speaker(g: re.Match[str]) -> _Speaker:
    phrase = g.group(0).strip()
    head = g.group("head").lower()
    words = phrase.split()
    state = next((_NATIONS[w] for w in words if w in _NATIONS), None)
    type_ = _GROUP_HEADS.get(head, "anonymous")
    if type_ == "ngo" and _MEDIA_WORDS.search(phrase):
        type_ = "media"
    if "intelligence" in phrase.lower() and type_ in ("anonymous", "official"):
        type_ = "intelligence" if type_ == "official" else type_
    name = phrase
    if state and head in ("officials", "authorities", "government", "representatives"):
        name = _state_name(state)
    return _Speaker(name, type_, g.start(), g.end(), "group")


_GROUP = re.compile(
    r"(?:\b(?i:one|two|several|some|many|most|other|the|a|an)\s+)?"
    r"(?:(?:(?!(?:In|On|At|The|A|An|But|And|" + "|".join(sorted(_MONTH_NAMES)) + r")\b)"
    r"[A-Z][\w’'-]*(?:['’]s?)?|(?i:widely|well|read|informed|senior|western|local|independent|"
    r"military|security|intelligence|government|diplomatic|defence|defense|official|unnamed|"
    r"anonymous|ukrainian|belarusian|russian|monitoring|rail|railway|transport|workers['’]?))\s+)"
    r"{0,4}"
    r"(?P<head>(?i:sources|source|officials|authorities|representatives|analysts|analyst|experts|"
    r"observers|researchers|insiders|diplomats|group|channel|channels|monitors|activists|"
    r"witnesses|residents|locals|villagers|eyewitnesses|government|estimates|watchers))\b"
    r"(?:\s+of\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*)?",
)


def _org_source_type(name: str, context: str) -> str:
    if name in _INTELLIGENCE or "intelligence" in context.lower() or "Intelligence" in name:
        return "intelligence"
    if _is_outlet(name) or name in _CHANNELS or _OUTLET_WORDS.search(name):
        return "media"
    if name in _THINK_TANKS or name in ("Maxar Technologies", "Planet Labs"):
        return "expert"
    if name in _NGOS:
        return "ngo"
    if _MILITARY_WORDS.search(name):
        return "military"
    return "official" if _GOVERNMENT_WORDS.search(name) or name in _UN_FAMILY else "expert"


_UN_FAMILY = frozenset(
    {
        "United Nations",
        "Office of the United Nations High Commissioner for Human Rights",
        "United Nations Security Council",
        "NATO",
        "European Union",
        "OSCE",
        "European Commission",
        "International Atomic Energy Agency",
        "International Committee of the Red Cross",
    }
)


def _cues(art: _Article, line: _Line, lo: int, hi: int) -> list[_Cue]:
    """Cues of saying or estimating in ``text[lo:hi]`` (a sentence), with their speakers."""
    text = line.text
    out: list[_Cue] = []
    for m in _CUE.finditer(text, lo, hi):
        word = m.group(0).lower()
        if word.startswith("according"):
            stop = re.search(r"[,;.](?:\s|$)|\s+(?:that|on|in)\s", text[m.end() : hi])
            end = m.end() + stop.start() if stop else hi
            sp = _speaker_at(art, line, m.end(), end, nearest="left")
            out.append(_Cue(m.start(), end, sp, according=True))
            continue
        if _NOT_CUE_AFTER.match(text[m.end() : m.end() + 30]):
            continue
        if word.startswith("put") and _PHRASAL_PUT.match(text[m.end() : m.end() + 12]):
            continue
        if _INFINITIVE.search(text[max(lo, m.start() - 4) : m.start()]) and not word.startswith(
            _COUNTING
        ):
            continue
        if _NEGATED.search(text[max(lo, m.start() - 25) : m.start()]):
            continue
        if any(a < m.start() < b for a, b in line.quotes):
            continue  # a verb inside someone's quotation is theirs, not a cue of the report
        # passive "reported by X", "counted by X": the agent after "by"
        by = re.match(r"\s+by\s+", text[m.end() : hi])
        if not by and _PASSIVE.search(text[max(lo, m.start() - 20) : m.start()]):
            continue  # "staff have been told to prepare": the hearer, not a speaker
        if by and word.endswith(("ed", "en", "ld")):
            end = _phrase_end(text, m.end() + by.end(), hi)
            sp = _speaker_at(art, line, m.end() + by.end(), end, nearest="left")
            out.append(_Cue(m.start(), m.end(), sp))
            continue
        # inverted "..., said Lukashenko": the name right after the verb
        after = re.match(r"\s+(?:the\s+)?", text[m.end() : hi])
        inverted = None
        if (
            after
            and word not in ("told", "tells", "tell")
            and re.search(r"[,”\"]\s*$", text[max(lo, m.start() - 3) : m.start()])
        ):
            end = _phrase_end(text, m.end() + after.end(), hi)
            inverted = _speaker_at(art, line, m.end(), end, nearest="left")
        if inverted is not None:
            out.append(_Cue(m.start(), m.end(), inverted))
            continue
        start = _clause_start(text, lo, m.start())
        sp = _speaker_at(art, line, start, m.start(), nearest="right")
        out.append(_Cue(m.start(), m.end(), sp))
    return out


def _phrase_end(text: str, at: int, hi: int) -> int:
    stop = re.search(r"[,;.:!?”\"](?:\s|$)|\s+(?:that|who|which|on|in|said|says)\s", text[at:hi])
    return at + stop.start() if stop else hi


_CLAUSE_BREAK = re.compile(r";|[”\"]\s|\bbut\b|\bwhile\b|\bwhereas\b|\bthat\b|\band\b(?=\s+[a-z])")


def _clause_start(text: str, lo: int, at: int) -> int:
    start = lo
    for m in _CLAUSE_BREAK.finditer(text, lo, at):
        # "Kyiv and its allies say": "and" inside a subject does not end the clause
        if m.group(0) == "and" and not re.search(r",\s*$", text[lo : m.start()]):
            continue
        start = m.end()
    return start


def _resolve_pronoun(art: _Article, line: _Line, sp: _Speaker) -> _Speaker | None:
    """He/she: the last person named before; it: the last organisation; they/we: either."""
    want = sp.entity_type
    if want in ("he", "she"):
        types: tuple[str, ...] = ("PERSON",)
    elif want == "it":
        types = ("ORG",)
    else:
        types = ("ORG", "GROUP")
    for ln, limit in [(line, sp.start), *((p, len(p.text)) for p in art.previous(line, 3))]:
        best: _Speaker | None = None
        for m, ref in ln.entities:
            if m.end <= limit and ref.type in types:
                if any(a < m.start < b for a, b in ln.quotes):
                    continue
                kind_type = (
                    art.roles.get(ref.canonical, "official")
                    if ref.type == "PERSON"
                    else _org_source_type(ref.canonical, ln.text[max(0, m.start - 40) : m.end])
                )
                if best is None or m.start > best.start:
                    best = _Speaker(ref.canonical, kind_type, m.start, m.end, "entity", ref.type)
        if "GROUP" in types:
            for g in _GROUP.finditer(ln.text, 0, limit):
                if best is None or g.start() > best.start:
                    best = _group_speaker(g)
        if best is not None:
            return best
    return None


def _concrete(art: _Article, line: _Line, sp: _Speaker | None) -> _Speaker | None:
    if sp is None:
        return None
    if sp.kind == "pronoun":
        return _resolve_pronoun(art, line, sp)
    return sp


def _quote_speaker(
    art: _Article, line: _Line, q: tuple[int, int], spans: list[tuple[int, int]]
) -> _Speaker | None:
    """Who speaks a quotation: a cue right after it, one right before it, or the speaker of
    the sentence before it."""
    text = line.text
    qa, qb = q
    after = text[qb : qb + 60]
    m = re.match(r"\s*[,.]?\s*([^.“”\"]{0,45}?)\b(" + "|".join(_SPEECH_AFTER) + r")\b", after)
    if m:
        cue_at = qb + m.start(2)
        subject = _speaker_at(art, line, qb, cue_at, nearest="right")
        if subject is None:
            end = _phrase_end(text, qb + m.end(2), len(text))
            subject = _speaker_at(art, line, qb + m.end(2), end, nearest="left")
        sp = _concrete(art, line, subject)
        if sp is not None:
            return sp
    before = text[max(0, qa - 80) : qa]
    if re.search(r"\b(?:" + "|".join(_SPEECH_AFTER) + r")\b[^.“”\"]{0,20}[,:]?\s*$", before):
        cue = [c for c in _cues(art, line, _sentence_start(spans, qa), qa) if c.speaker]
        if cue:
            sp = _concrete(art, line, cue[-1].speaker)
            if sp is not None:
                return sp
    # a lead-in ending in a colon: "X gave his own estimate: “...”"
    if re.search(r":\s*$", before):
        lead = _sentence_start(spans, qa)
        sp = _concrete(art, line, _speaker_at(art, line, lead, qa, nearest="left"))
        if sp is not None:
            return sp
    # the sentence before the quotation named its speaker
    i = max((k for k, (s, _) in enumerate(spans) if s <= qa), default=0)
    if i > 0:
        s0, s1 = spans[i - 1]
        cue = [c for c in _cues(art, line, s0, s1) if c.speaker]
        if cue:
            return _concrete(art, line, cue[-1].speaker)
    return None


_SPEECH_AFTER = (
    "said",
    "says",
    "added",
    "adds",
    "told",
    "tells",
    "explained",
    "noted",
    "wrote",
    "writes",
    "argued",
    "insisted",
    "warned",
    "stated",
    "continued",
    "concluded",
)


def _sentence_start(spans: list[tuple[int, int]], at: int) -> int:
    return max((s for s, _ in spans if s <= at), default=0)


@dataclass(slots=True)
class _Attribution:
    source: str | None
    source_type: str
    via: str | None


def _attribute(
    art: _Article,
    line: _Line,
    n: _Number,
    sentence: tuple[int, int],
    spans: list[tuple[int, int]],
    phrase: tuple[int, int] | None,
    unit: str,
) -> _Attribution:
    text = line.text
    lo, hi = sentence
    outlet = _Attribution(None, "outlet", None)
    # geography is the outlet's own
    end = phrase[1] if phrase else n.end
    if unit == "km" and _DISTANCE_FROM.match(text[end : end + 30]):
        return outlet
    cues = _cues(art, line, lo, hi)
    speaker: _Speaker | None = None
    # an agent right after the counted phrase ("deaths counted by the United Nations")
    for c in cues:
        adjacent = end <= c.start <= end + 25 and re.match(r"\s*(?:\w+\s+)?$", text[end : c.start])
        if adjacent and c.speaker is not None and not c.according:
            speaker = c.speaker
            break
    quote = next(((a, b) for a, b in line.quotes if a < n.start < b), None)
    if speaker is None and quote is not None:
        speaker = _quote_speaker(art, line, quote, spans)
        if speaker is None:
            return outlet
    if speaker is None:
        before = [c for c in cues if c.end <= n.start and c.speaker is not None]
        after = [
            c
            for c in cues
            if c.start >= n.end and c.speaker is not None and _closing(text, c, end, hi)
        ]
        if before:
            speaker = before[-1].speaker
        elif after:
            speaker = after[0].speaker
    speaker = _concrete(art, line, speaker)
    if speaker is None or not speaker.name:
        return outlet
    via = _via(art, line, sentence, speaker)
    return _Attribution(speaker.name, speaker.type, via)


def _closing(text: str, c: _Cue, end: int, hi: int) -> bool:
    """A cue after the figure that attributes the whole sentence: "..., NATO said." or
    "..., according to Reuters." at its end, not a cue of another clause."""
    assert c.speaker is not None
    lead = text[max(0, min(c.start, c.speaker.start) - 8) : min(c.start, c.speaker.start)]
    if c.speaker.start < end:
        return False
    tail = text[max(c.end, c.speaker.end) : hi].strip(" .\"”’'")
    return bool(re.search(r"[,”\"]\s*(?:the\s+)?$", lead, re.I)) and len(tail.split()) <= 4


def _via(art: _Article, line: _Line, sentence: tuple[int, int], speaker: _Speaker) -> str | None:
    """The outlet a speaker's words came through: in the sentence, or where the article
    says the person talked to it."""
    text = line.text
    lo, hi = sentence
    for m in _RELAYED.finditer(text, lo, hi):
        outlet = art.outlet_at(line, m.end())
        if outlet and outlet != speaker.name:
            return outlet
    for mention, ref in line.entities:
        if (
            lo <= mention.start < hi
            and _is_outlet(ref.canonical)
            and ref.canonical not in (speaker.name,)
            and ref.canonical.casefold() != art.own_outlet
            and _AS_OUTLET_WRITES.search(text[max(lo, mention.start - 10) : mention.start])
        ):
            return ref.canonical
    if speaker.entity_type == "PERSON" and speaker.name:
        return art.person_via.get(speaker.name)
    return None


# ---- as_of -----------------------------------------------------------------------------------


def _as_of(
    art: _Article, line: _Line, n: _Number, sentence: tuple[int, int], unit: str, end: int
) -> str | None:
    text = line.text
    if unit == "km" and _DISTANCE_FROM.match(text[end : end + 30]):
        return None
    lo, hi = sentence
    best: tuple[int, str] | None = None
    for t in line.times:
        m = t.mention
        if (
            t.type != "DATE"
            or not (lo <= m.start < hi)
            or _overlaps(n.start, n.end, m.start, m.end)
        ):
            continue
        value = event_date(t.value)
        if value is None:
            continue
        if _SINCE_UNTIL.search(text[max(lo, m.start - 12) : m.start]):
            continue
        distance = m.start - n.end if m.start >= n.end else n.start - m.end
        if best is None or distance < best[0]:
            best = (distance, value)
    if best is not None:
        return best[1]
    if _WAR_START.search(text[lo:hi]):
        return WAR_START
    published = art.article.published
    return published[:7] if published else None


# ---- the public functions --------------------------------------------------------------------


def find_claims(
    article: Article,
    *,
    mentions: Sequence[Mention],
    entities: Sequence[EntityRef],
    times: Sequence[TimeRef],
) -> list[ClaimRef]:
    """Every figure about the world in the article's body, with who asserts it (see module doc)."""
    art = _Article(article, mentions, entities, times)
    out: list[ClaimRef] = []
    for line in art.lines:
        text = line.text
        spans = sentences(text)
        figures_out = [(m.start(), m.end()) for m in _NOT_FIGURES.finditer(text)]
        for lo, hi in spans:
            for n in _numbers(text, lo, hi):
                if _excluded(line, n, figures_out) or _counts_discourse(text, n.end, hi):
                    continue
                out.append(_claim(art, line, n, (lo, hi), spans))
    return out


# Things an article counts in its own argument, not in the world: "three
# possibilities", "two different maps", "three lessons stand out".
_DISCOURSE_NOUNS = frozenset(
    [
        "answers",
        "aspects",
        "camps",
        "conclusions",
        "evils",
        "examples",
        "explanations",
        "factors",
        "ideas",
        "issues",
        "lessons",
        "maps",
        "messages",
        "options",
        "points",
        "possibilities",
        "problems",
        "questions",
        "reasons",
        "scenarios",
        "sides",
        "steps",
        "takeaways",
        "theories",
        "things",
        "versions",
        "views",
        "ways",
        "words",
    ]
)
_NEXT_WORDS = re.compile(r"\s+(?:(?:different|other|main|key|possible|big|basic)\s+)?([a-z]+)")


def _counts_discourse(text: str, at: int, hi: int) -> bool:
    m = _NEXT_WORDS.match(text, at, hi)
    return m is not None and m.group(1) in _DISCOURSE_NOUNS


def _claim(
    art: _Article, line: _Line, n: _Number, sentence: tuple[int, int], spans: list[tuple[int, int]]
) -> ClaimRef:
    text = line.text
    lo, hi = sentence
    unit, phrase = _unit_and_phrase(text, n.end, hi)
    if n.kind in ("share", "pct") or (
        unit in _HUMAN_UNITS
        and phrase is not None
        and (
            _DEATH_VERB.search(text[phrase[1] : min(hi, phrase[1] + 40)])
            and not re.search(r"\b(?:wounded|injured)\b", text[phrase[1] : min(hi, phrase[1] + 40)])
        )
    ):
        unit = "other" if n.kind in ("share", "pct") else "deaths"
    clause_end = _phrase_end(text, n.end, hi) if phrase is None else hi
    if phrase is None and _DEATH_VERB.search(text[n.end : min(hi, n.end + 30)]):
        unit = "deaths"
    subject = _subject(line, n, phrase, clause_end, lo)
    if n.kind in ("share", "pct"):
        subject = f"share of {subject}"
    elif re.match(r"\s+times\b", text[n.end : n.end + 8]):
        subject = " ".join(text[n.end : _phrase_end(text, n.end, hi)].split())
        unit = "other"
    value, low, high = n.value, n.low, n.high
    hedged = n.hedged
    start = n.start
    h = _HEDGE_BEFORE.search(text[max(lo, n.start - 30) : n.start])
    if h:
        start = n.start - len(text[max(lo, n.start - 30) : n.start]) + h.start()
        kind = next(k for p, k in _HEDGES if re.fullmatch(p, h.group("h"), re.I))
        hedged = True
        if value is not None and kind == "low":
            low = value
        elif value is not None and kind == "high":
            high = value
    clause = text[max(lo, n.start - 60) : _phrase_end(text, n.end, hi)]
    if _MODAL.search(clause):
        hedged = True
    end = phrase[1] if phrase else n.end
    attribution = _attribute(art, line, n, sentence, spans, phrase, unit)
    as_of = _as_of(art, line, n, sentence, unit, end)
    qs, qe = _trim_quote(text, start, end)
    return ClaimRef(
        mention=Mention(line=line.number, start=qs, end=qe, text=text[qs:qe], label=CLAIM_LABEL),
        value=value,
        value_low=low,
        value_high=high,
        unit=unit,
        subject=subject,
        hedged=hedged,
        source=attribution.source,
        source_type=attribution.source_type,
        via=attribution.via,
        as_of=as_of,
    )


def _trim_quote(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _QUOTE_TRIM:
        start += 1
    while end > start and text[end - 1] in _QUOTE_TRIM:
        end -= 1
    return start, end


def find_citations(
    article: Article, *, mentions: Sequence[Mention], entities: Sequence[EntityRef]
) -> list[CitationRef]:
    """Outlets, agencies, think tanks, government bodies and channels the article relays."""
    art = _Article(article, mentions, entities, ())
    out: list[CitationRef] = []
    seen: set[tuple[int, str]] = set()

    cited_spans: dict[int, list[tuple[int, int]]] = {}

    def add(line: _Line, start: int, end: int, name: str, kind: str) -> None:
        if name.casefold() == art.own_outlet or (line.number, name) in seen:
            return
        taken = cited_spans.setdefault(line.number, [])
        if any(_overlaps(start, end, a, b) for a, b in taken):
            return  # one phrase, one citation ("Railway workers' Telegram channels")
        taken.append((start, end))
        seen.add((line.number, name))
        s, e = _trim_quote(line.text, start, end)
        mention = Mention(
            line=line.number, start=s, end=e, text=line.text[s:e], label=CITATION_LABEL
        )
        out.append(CitationRef(mention=mention, cited=name, kind=kind))

    for line in art.lines:
        text = line.text
        spans = sentences(text)
        # channels first: their phrase names the owner, which a cue's subject may not
        for m in _PLATFORM_CHANNEL.finditer(text):
            owner = m.group("owner") or (m.group("pre") or "").rstrip("'’") or None
            name = f"{m.group('platform')} {m.group('what').lower()}"
            if owner:
                name += f" of {' '.join(owner.split())}"
            add(line, m.start(), m.end(), name, "social_channel")
        for lo, hi in spans:
            cue_people: list[_Speaker] = []
            for c in _cues(art, line, lo, hi):
                sp = c.speaker
                if sp is None or sp.kind == "pronoun" or not sp.name:
                    continue
                if sp.entity_type == "PERSON":
                    cue_people.append(sp)
                    continue
                kind = _citation_kind(sp)
                if kind is not None:
                    add(line, sp.start, sp.end, sp.name, kind)
            for m in _RELEASED.finditer(text, lo, hi):
                sp = _speaker_at(
                    art, line, _clause_start(text, lo, m.start()), m.start(), nearest="right"
                )
                if (
                    sp is not None
                    and sp.name
                    and sp.entity_type != "PERSON"
                    and sp.kind != "pronoun"
                ):
                    kind = _citation_kind(sp)
                    if kind is not None:
                        add(line, sp.start, sp.end, sp.name, kind)
            # a think tank a quoted expert works for
            for person in cue_people:
                for em, ref in line.entities:
                    if (
                        ref.type == "ORG"
                        and (
                            ref.canonical in _THINK_TANKS or _THINK_TANK_WORDS.search(ref.canonical)
                        )
                        and lo <= em.start < hi
                        and abs(em.start - person.end) < 120
                        and not _GOVERNMENT_WORDS.search(ref.canonical)
                    ):
                        add(line, em.start, em.end, ref.canonical, "think_tank")
        # outlets named in the body are relayed (the article's own is not)
        for em, ref in line.entities:
            if _is_outlet(ref.canonical):
                add(
                    line,
                    em.start,
                    em.end,
                    ref.canonical,
                    "agency" if ref.canonical in _AGENCIES else "outlet",
                )
            elif ref.canonical in _CHANNELS:
                add(line, em.start, em.end, ref.canonical, "social_channel")
    return out


_RELEASED = re.compile(
    r"\b(?:released|published|issued|posted|shared|provided|distributed)\s+"
    r"(?:(?:a|an|the|new|its|their|fresh|latest|commercial|updated)\s+){0,3}"
    r"(?:\w+\s+)?(?:imagery|images|report|data|figures|statement|video|footage|photos|"
    r"photographs|assessment|update|analysis|map|maps|estimate|estimates)\b",
    re.I,
)
_PLATFORM_CHANNEL = re.compile(
    r"(?:\b(?P<pre>(?:[A-Za-z-]+\s+){0,2}?[A-Za-z-]+s['’])\s+)?"
    r"\b(?P<platform>" + "|".join(lexicon.PLATFORMS) + r")\s+(?P<what>channels?|accounts?|groups?)"
    r"(?:\s+(?:set\s+up|run|operated|kept|maintained)\s+by\s+|\s+of\s+)?"
    r"(?P<owner>(?<=by\s)(?:[A-Za-z-]+\s+){0,3}[a-z]+s\b|(?<=of\s)(?:[A-Za-z-]+\s+){0,3}[a-z]+s\b)?",
)


def _citation_kind(sp: _Speaker) -> str | None:
    """What kind of body a speaker that is not a person is, or None for one not cited."""
    name = sp.name or ""
    if sp.kind == "state":
        return "government"
    if sp.kind == "group":
        if sp.type == "anonymous" and any(w in _NATIONS for w in name.split()):
            return "government"  # "Ukrainian security sources": a state's unnamed officials
        if name.startswith("Government of"):
            return "government"
        if sp.type == "media" and re.search(r"\b(?:channel|channels)\b", name, re.I):
            return "social_channel"
        return None
    if _is_outlet(name):
        return "agency" if name in _AGENCIES else "outlet"
    if name in _CHANNELS:
        return "social_channel"
    if name in _THINK_TANKS:
        return "think_tank"
    if name in _UN_FAMILY or name in ("Maxar Technologies", "Planet Labs") or name in _NGOS:
        return "agency"
    if _GOVERNMENT_WORDS.search(name) or _MILITARY_WORDS.search(name) or name in _INTELLIGENCE:
        return "government"
    if _OUTLET_WORDS.search(name):
        return "outlet"
    if _THINK_TANK_WORDS.search(name):
        return "think_tank"
    return "agency"


# ---- JSON ----------------------------------------------------------------------------------


def _number_json(x: float | None) -> float | int | None:
    if x is None:
        return None
    return int(x) if float(x).is_integer() else x


def claim_json(claim: ClaimRef) -> dict[str, Any]:
    """One claim as ``extract --json`` lists it under ``claims`` (see SCHEMA.md)."""
    return {
        "line": claim.mention.line,
        "quote": claim.mention.text,
        "value": _number_json(claim.value),
        "value_low": _number_json(claim.value_low),
        "value_high": _number_json(claim.value_high),
        "unit": claim.unit,
        "subject": claim.subject,
        "source": claim.source,
        "source_type": claim.source_type,
        "via": claim.via,
        "as_of": claim.as_of,
        "hedged": claim.hedged,
    }


def citation_json(citation: CitationRef) -> dict[str, Any]:
    """One citation as ``extract --json`` lists it under ``citations`` (see SCHEMA.md)."""
    return {"line": citation.mention.line, "cited": citation.cited, "kind": citation.kind}
