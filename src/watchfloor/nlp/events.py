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
   not dates) is attached to the nearest trigger of its sentence, a clause
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
4. a happening the text schedules without a date ("troops will soon conduct
   exercises") is an event with ``date`` None; a prediction hedged by belief
   ("believes Belarus will soon enter the war") or a bare "may" is not.

Actors are canonical names: a person or organisation as ``nlp.entities`` named
it, a state for its adjective or capital ("Russian forces", "Moscow" ->
"Russia"); the subject before the trigger, the agent after "by", and for a
statement the speaker after it ("..., said Lukashenko"); a pronoun subject is
the last actor named. The place is the resolved place in the clause (after "in",
"to", "at"...), else one in the sentence, else the country the article is most
about. Dates are never invented: only a time expression gives one, at its own
resolution (an ISO week becomes its month; a range the part its ends share).

Everything here is pure functions over records: no model, no I/O.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from watchfloor.nlp import lexicon
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

__all__ = ["event_json", "find_events"]

EVENT_LABEL = "EVENT"

# A trigger this far (in characters, after clause-boundary penalties) from a time
# expression is not the happening it dates; the clause becomes an ``other`` event.
MAX_ATTACH = 110
# What crossing one clause boundary costs, in characters of distance.
BOUNDARY_COST = 70

# ---- the trigger lexicon ---------------------------------------------------------------


def _verb(base: str, *irregular: str, double: bool = False) -> tuple[str, ...]:
    """A regular verb's forms (deploy -> deploys, deployed, deploying) and irregular ones."""
    if base.endswith("e"):
        forms = [base, base + "s", base + "d", base[:-1] + "ing"]
    elif base.endswith("y") and base[-2:-1] not in "aeiou":
        forms = [base, base[:-1] + "ies", base[:-1] + "ied", base + "ing"]
    elif double:
        forms = [base, base + "s", base + base[-1] + "ed", base + base[-1] + "ing"]
    elif base.endswith(("s", "sh", "ch", "x")):
        forms = [base, base + "es", base + "ed", base + "ing"]
    else:
        forms = [base, base + "s", base + "ed", base + "ing"]
    return (*forms, *irregular)


# Verbs by type. A verb is read in every form ("announce" finds "announced").
_VERBS: dict[str, tuple[tuple[str, ...], ...]] = {
    "deployment": (
        _verb("deploy"),
        _verb("redeploy"),
        _verb("station"),
        _verb("send", "sent"),
        _verb("transfer", double=True),
        _verb("transport"),
        _verb("move"),
        _verb("arrive"),
        _verb("enter"),
        _verb("withdraw", "withdrew", "withdrawn"),
        _verb("relocate"),
        ("massed",),
        _verb("amass"),
        _verb("dispatch"),
        _verb("reinforce"),
        _verb("park"),
        _verb("mobilise"),
        _verb("mobilize"),
        _verb("advance"),
        _verb("cross"),
        _verb("pull", "pulled"),
        _verb("pour"),
        _verb("roll", "rolled"),
    ),
    "exercise": (_verb("drill"), _verb("rehearse")),
    "meeting": (
        _verb("meet", "met"),
        _verb("visit"),
        _verb("fly", "flew", "flown", "flies"),
        _verb("travel", "travelled", "travelling"),
        _verb("host"),
    ),
    "statement": (
        _verb("say", "said"),
        _verb("announce"),
        _verb("declare"),
        _verb("state"),
        _verb("warn"),
        _verb("tell", "told"),
        _verb("claim"),
        _verb("accuse"),
        _verb("urge"),
        _verb("vow"),
        _verb("pledge"),
        _verb("threaten"),
        _verb("insist"),
        _verb("confirm"),
        _verb("report"),
        _verb("comment"),
        _verb("note"),
        _verb("stress"),
        _verb("add"),
        _verb("explain"),
        _verb("argue"),
        _verb("write", "wrote", "written"),
        _verb("tweet"),
        _verb("post"),
        _verb("express"),
        _verb("demand"),
        _verb("propose"),
        _verb("promise"),
        _verb("allege"),
        _verb("admit", double=True),
        _verb("acknowledge"),
    ),
    "denial": (
        _verb("deny", "denies", "denied"),
        _verb("reject"),
        _verb("dismiss"),
        _verb("refute"),
        _verb("rebuff"),
    ),
    "strike": (
        _verb("strike", "struck"),
        _verb("attack"),
        _verb("shell"),
        _verb("bomb"),
        _verb("invade"),
        _verb("kill"),
        _verb("fire"),
        _verb("shoot", "shot"),
        _verb("raid"),
        _verb("storm"),
        _verb("target"),
        _verb("sabotage"),
        _verb("destroy"),
    ),
    "agreement": (
        _verb("sign", "signed"),
        _verb("agree", "agreed"),
        _verb("ratify"),
    ),
    "restriction": (
        _verb("ban", double=True),
        _verb("sanction"),
        _verb("impose"),
        _verb("restrict"),
        _verb("close"),
        _verb("suspend"),
        _verb("halt"),
        _verb("block"),
        _verb("stop", double=True),
        _verb("shut", "shut", "shutting"),
        _verb("bar", double=True),
        _verb("outlaw"),
        _verb("detain"),
        _verb("arrest"),
    ),
    "publication": (_verb("release"), _verb("publish")),
    "other": (
        _verb("launch"),
        _verb("begin", "began", "begun"),
        _verb("start"),
        _verb("annex"),
        _verb("recognise"),
        _verb("recognize"),
        _verb("elect"),
        _verb("occupy", "occupies", "occupied"),
        _verb("capture"),
        _verb("retreat"),
        _verb("resume"),
        _verb("quell"),
        _verb("expel", double=True),
        _verb("repress"),
        _verb("die", "died", "dying", "dies"),
        _verb("prepare"),
        _verb("hold", "held"),
        _verb("conduct"),
        _verb("stage"),
        _verb("organise"),
        _verb("organize"),
    ),
}

# Nouns by type: a happening named as a thing ("the invasion on February 24").
_NOUNS: dict[str, tuple[str, ...]] = {
    "deployment": (
        "deployment",
        "deployments",
        "redeployment",
        "arrival",
        "arrivals",
        "withdrawal",
        "buildup",
        "build-up",
        "reinforcements",
        "transfer",
        "transfers",
        "movement",
        "movements",
        "mobilisation",
        "mobilization",
    ),
    "exercise": (
        "exercise",
        "exercises",
        "drill",
        "drills",
        "manoeuvres",
        "maneuvers",
        "manoeuvre",
        "maneuver",
        "wargames",
        "war games",
        "inspection",
        "inspections",
        "training",
    ),
    "meeting": ("meeting", "meetings", "talks", "visit", "summit", "call", "trip"),
    "statement": (
        "announcement",
        "statement",
        "comments",
        "remarks",
        "speech",
        "address",
        "interview",
        "warning",
        "declaration",
    ),
    "denial": ("denial", "denials"),
    "strike": (
        "strike",
        "strikes",
        "airstrike",
        "airstrikes",
        "attack",
        "attacks",
        "shelling",
        "bombing",
        "barrage",
        "invasion",
        "offensive",
        "assault",
        "raid",
        "raids",
        "explosion",
        "explosions",
        "blast",
        "blasts",
        "sabotage",
    ),
    "agreement": ("agreement", "deal", "treaty", "accord", "pact", "memorandum"),
    "restriction": ("ban", "sanctions", "restrictions", "closure", "embargo", "curfew"),
    "publication": ("report", "imagery", "images", "photos", "video", "footage"),
    "other": (
        "operation",
        "protests",
        "protest",
        "uprising",
        "election",
        "elections",
        "referendum",
        "war",
        "arrests",
        "crackdown",
        "coup",
    ),
}

# A "move"/"fly"/"arrive" is a visit when a person makes it, a deployment otherwise.
_TRAVEL = frozenset({"arrive", "fly", "travel", "enter", "visit"})

_TRIGGERS: dict[str, tuple[str, str, str]] = {}  # word -> (type, "verb"|"noun", base)
for _type, _verbs in _VERBS.items():
    for _forms in _verbs:
        for _form in _forms:
            _TRIGGERS.setdefault(_form, (_type, "verb", _forms[0]))
for _type, _nouns in _NOUNS.items():
    for _noun in _nouns:
        # a word both noun and verb ("attack", "report") is read by its context below
        _TRIGGERS.setdefault(_noun, (_type, "noun", _noun))
        if _noun in _TRIGGERS and _TRIGGERS[_noun][1] == "verb" and _TRIGGERS[_noun][2] == _noun:
            _TRIGGERS[_noun] = (_type, "noun", _noun)
assert all(t in EVENT_TYPES for t, _, _ in _TRIGGERS.values())

_IRREGULAR_PAST = frozenset(
    {"sent", "met", "flew", "flown", "told", "said", "struck", "shot", "withdrew", "withdrawn"}
    | {"began", "begun", "held", "wrote", "written", "shut", "died", "signed", "agreed"}
)

# Words that make a noun of the next word ("the attack", "a report", "its comments").
_DETERMINERS = frozenset(
    {"the", "a", "an", "its", "his", "her", "their", "this", "that", "these", "those"}
    | {"new", "latest", "recent", "first", "second", "joint", "military", "missile"}
    | {"drone", "massive", "major", "large-scale", "full-scale", "snap", "surprise"}
)
# Words before a verb form that make it a verb ("have entered", "will conduct").
_AUXILIARIES = frozenset(
    {"has", "have", "had", "was", "were", "is", "are", "be", "been", "being", "will"}
    | {"would", "could", "can", "may", "might", "must", "should", "to", "did", "does", "not"}
)

# Statement verbs whose "that" clause is reported content, and opinion verbs whose
# clause is a belief (a prediction, not a plan).
_OPINION = frozenset(
    {"believe", "believes", "believed", "think", "thinks", "thought", "expect", "expects"}
    | {"fear", "fears", "feared", "suspect", "suspects", "suggest", "suggests", "predict"}
    | {"predicts", "warned", "worried", "hope", "hopes", "doubt", "doubts", "assume"}
)

# Times that do not date a happening: "until" ends a state, "as of" dates a count.
_NOT_OCCURRENCE = re.compile(r"(?:\buntil|\btill|\bas\s+of|\bthrough)\s+(?:the\s+)?$", re.I)
# Times that are "the present": they date only a completed action.
_PRESENT = re.compile(r"^(?:now|currently|at\s+present|presently|at\s+the\s+moment)$", re.I)
# A clause scheduling a happening without a date.
# (a plan stated as fact: "will soon", not "may soon")
_SOON = re.compile(r"\b(?:will|shall|are\s+to|is\s+to|are\s+due\s+to)\s+soon\b|\bsoon\s+to\b", re.I)
_FUTURE = re.compile(
    r"\b(?:will|shall|'ll|next|upcoming|coming|plans?|planned|scheduled|due|expected|"
    r"set\s+to|going\s+to|intends?|would)\b",
    re.I,
)
# "hours after the strikes": the same day as the happening it is counted from.
_SAME_DAY_AFTER = re.compile(
    r"\b(?:hours|minutes|shortly|just|moments|soon)\s+(?:after|before)\s+(?:[\w-]+\s+){0,3}$",
    re.I,
)

# Clause boundaries inside a sentence: attachment across them costs BOUNDARY_COST.
_BOUNDARY = re.compile(
    r"\s*[;:]\s+|\s+[—–]\s+|\s*—\s*|,\s+(?=(?:and|but|while|whereas|although|though|yet|so|"
    r"or|which|who|whose|saying|adding|as|since|because|according|however)\b)|"
    r",\s+(?=[a-z]+ing\b)|"  # "..., turning the country into": a participle clause
    r"\s+(?=(?:while|whereas|although|though|because|which|who|saying|adding|citing)\b)|"
    r",?\s+(?=that\b)",
    re.I,
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
_QUOTE_TRIM = " \t\xa0,;:.\"“”‘’'()[]—–-"
_LEADING_JOINERS = re.compile(
    r"^(?:and|but|while|whereas|although|though|yet|so|or|that|as|because)\b[\s\xa0]+", re.I
)

# Capitals and seats of government that stand for their state as an actor.
_METONYMS: dict[str, str] = {
    "moscow": "Russia",
    "kremlin": "Russia",
    "minsk": "Belarus",
    "kyiv": "Ukraine",
    "kiev": "Ukraine",
    "warsaw": "Poland",
    "vilnius": "Lithuania",
    "riga": "Latvia",
    "washington": "United States",
    "white house": "United States",
    "pentagon": "United States",
    "london": "United Kingdom",
    "berlin": "Germany",
    "paris": "France",
    "beijing": "China",
}
_PRONOUNS = frozenset({"he", "she", "they", "it", "we"})
_LOCATIVE = frozenset(
    {"in", "into", "to", "from", "at", "near", "across", "inside", "within", "toward"}
    | {"towards", "around", "outside", "along", "via", "against", "off"}
)

# ---- the records of one sentence ----------------------------------------------------------


@dataclass(slots=True)
class _Trigger:
    start: int
    end: int
    word: str
    type: str
    pos: str  # "verb" | "noun"
    base: str

    @property
    def past(self) -> bool:
        return self.pos == "verb" and (self.word.endswith("ed") or self.word in _IRREGULAR_PAST)


@dataclass(slots=True)
class _Actor:
    start: int
    end: int
    name: str
    person: bool
    place_like: bool  # a state or city named as a place ("in Belarus") more than as an actor


@dataclass(slots=True)
class _Sentence:
    line: int
    text: str  # the whole line
    start: int
    end: int
    triggers: list[_Trigger] = field(default_factory=list)
    times: list[TimeRef] = field(default_factory=list)
    boundaries: list[int] = field(default_factory=list)  # offsets of clause boundaries


def _find_triggers(text: str, start: int, end: int) -> list[_Trigger]:
    found: list[_Trigger] = []
    words = list(_WORD.finditer(text, start, end))
    for k, m in enumerate(words):
        word = m.group().lower().rstrip("'’")
        entry = _TRIGGERS.get(word)
        if entry is None:
            continue
        kind, pos, base = entry
        prev = words[k - 1].group().lower() if k else ""
        if pos == "noun" and (word in _verb_forms() and prev in _AUXILIARIES):
            # "will report", "to attack": the verb reading of a noun-listed word
            pos = "verb"
        if pos == "verb" and word in _NOUNS.get(kind, ()) and prev in _DETERMINERS:
            pos = "noun"  # "the attack", "a report"
        if word in ("state", "states") and (
            prev in _DETERMINERS or m.group()[0].isupper() or prev in ("of", "union")
        ):
            continue  # "the state", "State Border Committee", "union state": not saying
        if word in ("post", "posts", "note", "notes", "add", "fire", "close", "hold", "call") and (
            prev in _DETERMINERS or prev in ("of", "in", "at", "on")
        ):
            continue  # "the post office", "a close ally", "on hold", "a call for"
        if word == "training" and prev in ("military", "the", "a"):
            pos = "noun"
        if word in ("war", "operation") and prev not in _DETERMINERS and prev != "military":
            continue  # "war crimes", "operation" only as a named happening
        found.append(_Trigger(m.start(), m.end(), m.group(), kind, pos, base))
    # "war games" is one trigger, not "war"
    return [
        t for t in found if not (t.word.lower() == "war" and text[t.end : t.end + 6] == " games")
    ]


_VERB_FORMS: set[str] = set()


def _verb_forms() -> set[str]:
    if not _VERB_FORMS:
        _VERB_FORMS.update(form for verbs in _VERBS.values() for forms in verbs for form in forms)
    return _VERB_FORMS


def _boundaries(text: str, start: int, end: int) -> list[int]:
    return [m.start() for m in _BOUNDARY.finditer(text, start, end)]


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


def _trimmed(text: str, lo: int, hi: int) -> tuple[int, int]:
    """A span without the punctuation and joining words at its edges."""
    while lo < hi and text[lo] in _QUOTE_TRIM:
        lo += 1
    while True:
        m = _LEADING_JOINERS.match(text, lo, hi)
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
    is what its two ends share ("2022-03/2022-05" -> "2022"), or its start when
    they share no year. Anything else (durations, sets) is no date.
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
        a, _, b = value.partition("/")
        a, b = event_date(a) or "", event_date(b) or ""
        for cut in (10, 7, 4):
            if len(a) >= cut and a[:cut] == b[:cut]:
                return a[:cut]
        return a or None
    return None


def _after(value: str, published: str) -> bool:
    """Whether a date lies wholly after the publication date, at their shared resolution."""
    n = min(len(value), len(published))
    return value[:n] > published[:n]


# ---- actors and places --------------------------------------------------------------------


def _actors_of_line(
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
        state = _state_of(m.text) if m.label in ("GPE", "NORP", "LOC", "ORG", "FAC") else None
        if state is not None:
            place_like = m.label != "NORP" and (m.start, m.end) in place_spans
            actors[(m.start, m.end)] = _Actor(m.start, m.end, state, False, place_like)
    return sorted(actors.values(), key=lambda a: a.start)


_NATIONS_LOWER = {k.lower(): v for k, v in lexicon.NATIONS.items()}


def _state_of(text: str) -> str | None:
    """The state a name stands for ("Russian" -> "Russia", "Moscow" -> "Russia")."""
    words = re.sub(r"['’]s?$", "", text.strip()).replace("\xa0", " ")
    key = words.lower().removeprefix("the ")
    if key in _METONYMS:
        return _METONYMS[key]
    if key in _NATIONS_LOWER:
        return _NATIONS_LOWER[key]
    first = key.split()[0] if key.split() else ""
    return _NATIONS_LOWER.get(first.rstrip("'’s")) if first in _NATIONS_LOWER else None


def _preceded_by_locative(text: str, start: int) -> bool:
    """Whether a name follows "in", "to", "from"... with only lower-case words between
    ("in Belarus", "to the capital Minsk", "from the northeastern city of Vitebsk")."""
    before = re.split(r"[,;:.()\"“”]", text[max(0, start - 45) : start])[-1]
    words = _WORD.findall(before)[-5:]
    for w in reversed(words):
        if w.lower() in _LOCATIVE:
            return True
        if not w.islower():
            return False
    return False


def _excluded_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Phrases whose names are not actors: a source ("According to Ukraine, ...")."""
    return [(m.start(), m.end()) for m in _ACCORDING_TO.finditer(text, start, end)]


_ACCORDING_TO = re.compile(r"\baccording\s+to\b[^,;.]*", re.I)


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


def find_events(
    article: Article,
    *,
    mentions: Sequence[Mention],
    entities: Sequence[EntityRef],
    places: Sequence[PlaceRef],
    times: Sequence[TimeRef],
) -> list[EventRef]:
    """The dated happenings of one article's body, in reading order.

    ``mentions`` are the article's spaCy mentions, ``entities`` its people and
    organisations (``nlp.entities.article_entities``), ``places`` its resolved
    places (``nlp.places.resolve_places``), ``times`` its time expressions
    (``nlp.times.find_times``, resolved against ``article.published``).
    """
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
    for t in sorted(times, key=lambda t: t.mention.start):
        times_by_line.setdefault(t.mention.line, []).append(t)
    places_by_line: dict[int, list[PlaceRef]] = {}
    for p in sorted(places, key=lambda p: p.mention.start):
        places_by_line.setdefault(p.mention.line, []).append(p)
    body_numbers = {ln.number for ln in body}
    default_place = _dominant_country([p for p in places if p.mention.line in body_numbers])

    events: list[EventRef] = []
    last_actors: list[str] = []
    for ln in body:
        line_places = places_by_line.get(ln.number, [])
        place_starts = [p.mention.start for p in line_places]
        line_times = times_by_line.get(ln.number, [])
        time_starts = [t.mention.start for t in line_times]
        actors = _actors_of_line(
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
        for start, end in sentences(ln.text):
            s = _Sentence(ln.number, ln.text, start, end)
            s.boundaries = _boundaries(ln.text, start, end)
            in_sentence = _starting_within(line_times, time_starts, start, end)
            s.times = [t for t in in_sentence if t.type == "DATE"]
            # "at the start of the month": a word of a time expression is no happening
            s.triggers = [
                trig
                for trig in _find_triggers(ln.text, start, end)
                if not any(t.mention.start <= trig.start < t.mention.end for t in in_sentence)
            ]
            found = _sentence_events(s, previous, article.published)
            drafts.extend(found)
            dated = [d for d in found if d.time is not None]
            previous = dated[-1] if dated else None
        drafts.sort(key=lambda d: d.anchor)
        for d in drafts:
            sentence = (d.sentence.start, d.sentence.end)
            names, subject_at = _actors_for(
                d, _starting_within(actors, actor_starts, *sentence), last_actors
            )
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


# Verbs that say little of what happened; their object does ("launched strikes").
_LIGHT = frozenset(
    {"launch", "begin", "start", "hold", "conduct", "stage", "organise", "organize", "prepare"}
    | {"resume"}
)


def _type_of(s: _Sentence, trig: _Trigger) -> str:
    """A light verb takes the type of the happening it governs: "launched strikes",
    "missile strikes, launched on Monday", "held talks", "conduct exercises"."""
    if trig.base not in _LIGHT:
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
    drafts: list[_Draft] = []
    taken: set[int] = set()  # triggers (by start) that have a date
    for t in s.times:
        span = (t.mention.start, t.mention.end)
        if _NOT_OCCURRENCE.search(text[max(s.start, span[0] - 12) : span[0]]):
            continue
        present = _PRESENT.match(t.mention.text.strip()) is not None
        best: _Trigger | None = None
        best_cost = MAX_ATTACH + 1
        for trig in s.triggers:
            cost = _distance(s, span, (trig.start, trig.end))
            if trig.pos == "noun":
                cost += 10  # the verb is the happening; its noun object ("sent troops") is not
            elif trig.word.endswith("ing") and _word_before(text, trig.start) not in _AUXILIARIES:
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
    return drafts


_WEEKDAY = re.compile(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b", re.I)


def _checked_date(
    value: str | None, t: TimeRef, trig: _Trigger | None, s: _Sentence, published: str | None
) -> str | None:
    """The date, unless it lies after publication where the text reports a thing done.

    "Lukashenko said on Monday" is a Monday gone, whatever "will" the sentence
    holds elsewhere: a weekday after the publication day steps back to the last
    one before it. Other dates after publication stay only when the clause looks
    ahead ("will", "next", "plans") or the expression gives its year.
    """
    if not value or not published or not _after(value, published):
        return value
    if re.search(r"\b\d{4}\b", t.mention.text):
        return value  # the text says so
    # "could be launched", "will be sent": a participle after a modal is not a thing done
    done = trig is not None and trig.past and _word_before(s.text, trig.start) not in _AUXILIARIES
    if not done:
        lo, hi = _clause(s, t.mention.start)
        if trig is not None:
            lo, hi = min(lo, _clause(s, trig.start)[0]), max(hi, _clause(s, trig.start)[1])
        if _FUTURE.search(s.text, lo, hi):
            return value
    if len(value) == 10 and len(published) == 10 and _WEEKDAY.search(t.mention.text):
        day, pub = date.fromisoformat(value), date.fromisoformat(published)
        while day > pub:
            day -= timedelta(days=7)
        return day.isoformat()
    return None


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
            cue = _SAME_DAY_AFTER.search(before)
            if cue is not None and other.start - max(trig.end, d.time.mention.end) < 80:
                taken.add(other.start)
                start = other.start - len(before) + cue.start()
                out.append(
                    _Draft(s, other, d.time, d.date, d.date_text, other.type, other.start, start)
                )
    return out


def _reported(s: _Sentence, d: _Draft, trig: _Trigger, taken: set[int]) -> list[_Draft]:
    """What a dated statement or report says is being done, at the statement's date.

    "announced on Wednesday that troops will be arriving", "a November report said
    two jets were parked". Not a past perfect ("showed that troops had moved"): that
    happened before the report, on a day the text does not give; not a clause with
    its own time, which dates it itself.
    """
    text = s.text
    m = re.compile(r"\bthat\b").search(text, trig.end, s.end)
    if m is None or m.start() - trig.end > 60:
        return []
    for other in s.triggers:
        if (
            other.start >= m.end()
            and other.start not in taken
            and other.type in ("deployment", "exercise", "strike", "restriction")
            and other.pos == "verb"
            and _clause(s, other.start)[0] <= m.end() + 1
            and not re.search(r"\bhad\b", text[m.end() : other.start])
            and not any(m.end() <= t.mention.start < s.end for t in s.times)
        ):
            taken.add(other.start)
            return [_Draft(s, other, d.time, d.date, d.date_text, other.type, other.start, m.end())]
    return []


def _continuation(s: _Sentence, previous: _Draft) -> list[_Draft]:
    """A sentence that goes on with the story by a pronoun keeps the date before it."""
    words = s.text[s.start : s.end].split(maxsplit=1)
    first = words[0].lower() if words else ""
    if first not in _PRONOUNS and first not in ("then", "later"):
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
    soon = _SOON.search(text, s.start, s.end)
    if soon is None:
        return []
    at = soon.start()
    before = {w.lower() for w in _WORD.findall(text[_clause(s, at)[0] : at])}
    if before & _OPINION:
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
    if comma >= 0:
        lo = comma + 1
    if d.trigger is not None:
        # the happening's own words end at the next comma ("..., Russian forces have also")
        hi = max(last, _phrase_end(text, last, hi))
    lo, hi = _trimmed(text, lo, hi)
    if hi <= lo:  # never an empty quote: at least the trigger or the time
        lo, hi = first, max(last, first + 1)
    return lo, hi


def _phrase_end(text: str, start: int, hi: int) -> int:
    """Where a noun phrase's modifiers end ("drone strikes on two airbases deep inside Russia")."""
    stop = re.search(
        r"[,;]|\.\s|\b(?:that|which|who|but|while)\b|\band\s+(?=(?:a|an|the|his|her|its|their)\b)",
        text[start:hi],
    )
    return start + stop.start() if stop else hi


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
    excluded = _excluded_spans(text, s.start, s.end)
    in_sentence = [
        a
        for a in actors
        if s.start <= a.start < s.end and not any(x <= a.start < y for x, y in excluded)
    ]
    names: list[str] = []
    subject_at: int | None = None
    words = [w.lower() for w in _WORD.findall(text[lo:at])]
    if words[:1] and words[0] in _PRONOUNS and last:
        names.extend(last)  # "He and Belarusian counterpart Viktor Khrenin signed"
        subject_at = lo
    for a in in_sentence:
        if lo <= a.start < at and (a.person or not _preceded_by_locative(text, a.start)):
            names.append(a.name)
            subject_at = a.start if subject_at is None else subject_at
    trig = d.trigger
    if trig is not None:
        after = text[trig.end : min(s.end, trig.end + 40)]
        by = re.match(r"[\s\xa0]+(?:[\w-]+[\s\xa0]+){0,3}?by[\s\xa0]+", after)
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
        states = set(_NATIONS_LOWER.values())
        unique = [n for n in unique if n in people or n not in states]
    return unique[:3], subject_at


def _refine_type(d: _Draft, names: list[str], people: set[str]) -> str:
    """A journey a person makes is a visit; one troops make, a deployment.

    ``people``: the names of the people the line names.
    """
    trig = d.trigger
    if trig is None:
        return d.type
    if trig.base in _TRAVEL and trig.pos == "verb":
        return "meeting" if names and names[0] in people else "deployment"
    return d.type


def _place_for(
    d: _Draft, span: tuple[int, int], places: Sequence[PlaceRef], default: str | None
) -> str | None:
    """The resolved place after "in", "to"... in the quote, else in the sentence, else the
    country the article is most about."""
    s = d.sentence
    lo, hi = span

    def rank(p: PlaceRef) -> tuple[int, int]:
        m = p.mention
        return (0 if lo <= m.start < hi else 1, abs(m.start - d.anchor))

    candidates = [
        p
        for p in places
        if s.start <= p.mention.start < s.end and _preceded_by_locative(s.text, p.mention.start)
    ]
    if candidates:
        return min(candidates, key=rank).canonical
    return default


def _dominant_country(places: Iterable[PlaceRef]) -> str | None:
    """The country the article names most, counting its towns and regions too."""
    counts: Counter[str] = Counter()
    names: dict[str, str] = {}
    for p in places:
        if p.country:
            counts[p.country] += 1
        if p.feature == "country" and p.country:
            names.setdefault(p.country, p.canonical)
    for code, _ in counts.most_common():
        if code in names:
            return names[code]
    return None


def event_json(event: EventRef) -> dict[str, Any]:
    """One event as ``extract --json`` lists it under ``events`` (see SCHEMA.md)."""
    return {
        "line": event.mention.line,
        "quote": event.mention.text,
        "type": event.type,
        "actors": list(event.actors),
        "place": event.place,
        "date": event.date,
        "date_text": event.date_text,
    }
