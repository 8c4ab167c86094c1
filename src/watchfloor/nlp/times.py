"""Temporal expressions: find them in an article's lines, resolve them against its publication date.

Place in the flow: after ``clean`` (which reads the publication date), before
events and claims, which take their ``date`` / ``as_of`` from these. ``extract
--json`` lists every expression under ``times`` (line, text, ISO value,
resolution, type; see ``../shared/gold/SCHEMA.md``).

Why a hand-written grammar and not ``dateparser.search``: on news prose the
search misfires in ways no filter fixes cheaply. It reads "we" as Wednesday,
"15 years in" and bare quantities as dates, "may" (the verb) as May; it resolves
"on Sunday" against today's clock rather than the publication date, has no
notion of the sentence's tense ("announced on Sunday" is a past Sunday, "will
meet on Sunday" a coming one), and has no week, quarter, season, range,
duration or set values. The grammar below is a set of regular expressions with
named groups; each rule's handler validates its match (capitalisation, context)
and resolves it.

The stages:

1. every rule scans the text; each handler returns a candidate (span, value,
   resolution, type) or rejects the match;
2. the longest candidates win, without overlap;
3. neighbours are merged: "Yesterday, 22 February" is one day, "from 10 to
   20 February" / "between 2014 and 2016" one range;
4. expressions relative to another one ("the next day", "a year earlier",
   "the quarter") are resolved in reading order against the last date
   mentioned (the reference time), the rest against the publication date.

Resolution rules (the anchor is the publication date):

- Weekdays: "on Sunday" is the latest Sunday on or before the anchor (news
  names today's day too), unless the sentence speaks of the future with a
  strong cue ("will", "is due to", "expected", "next"...), then the first one
  on or after it; "last Sunday" / "next Sunday" are strictly before / after.
  (TimeBank: 15 of 313 weekdays lie after the publication date.)
- A month, or a day and month, without a year ("in February", "on 24
  February", "since October") takes the year that puts it nearest the anchor's
  month, a tie going to the past, so it is never more than six months ahead.
  The sentence's tense moves it: a tense cue within the clause (30 characters
  either side: "will begin on 10 March", "launched ... in February") puts it
  on or after / on or before the anchor's month, and a sentence that only
  looks back (past cues, no future ones) keeps it in the past. "since X" is
  always past; "last February" skips the month just gone (said in March it is
  a year back); "next February" is after. So a January article's "in
  December" is the December before. A 29 February steps to the nearest leap
  year in the same direction.
- "last/this/next week" are ISO weeks (``2022-W07``); "last/this/next month",
  "earlier this month" months; "this/last/next year", "early next year",
  "two years ago" years; "the end of the year" / "year-end" is its December
  (month resolution), "the end of October" October. "the past week", "the
  next two days" are durations, not calendar weeks.
- Counted from the last date mentioned (the reference time): "the next day",
  "the same day", "a day later", "the following week"; with none mentioned,
  no value. "the day before the interview" keeps its mention, value None.
  In a report on quarterly results, "a year ago" / "the year-earlier period"
  is the quarter last spoken of, a year back; "the quarter" that quarter.
- Ranges are ``start/end`` (resolution ``range``); seasons are meteorological
  (northern) month ranges: spring ``YYYY-03/YYYY-05``, summer 06-08, autumn
  09-11, winter ``YYYY-12/YYYY+1-02``; quarters and halves are month ranges
  too ("the third quarter" ``YYYY-07/YYYY-09``); a weekend is its Saturday to
  Sunday.
- Durations are ISO durations (``P3D``, ``P15Y``, ``P1.5Y``, ``PT5H``; ``PXY``
  when the count is vague, ``PXDE`` for "decades"), resolution their unit; an
  age ("44-year-old") is not one. Sets are their period (``P1W`` for "every
  week", "weekly"; ``XXXX-WXX-7`` for "every Sunday").
- "now", "currently", "at present" are the publication day. Not extracted:
  clock times, decades ("the 1990s"), centuries, spelled-out years, and
  "recently" / "soon" / "the future", which have no calendar value.
- Without an anchor, absolute dates still resolve and relative ones keep their
  mention with value None. With a month-only anchor (``2022-12``), expressions
  finer than a month that count from the anchor ("yesterday", "on Sunday",
  "last week") resolve to the anchor's month: the best the date allows.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from watchfloor.records import Line, LineRole, Mention, TimeRef

__all__ = ["Anchor", "find_times", "find_times_in_text", "parse_anchor", "time_json"]

# --- anchor -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Anchor:
    """The publication date expressions resolve against, and how much of it is known.

    ``resolution`` is ``day``, ``month`` or ``year``; for a coarser date ``day``
    is its first day and only its known part is used.
    """

    day: date
    resolution: str = "day"


_ISO_ANCHOR = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def parse_anchor(published: str | date | None) -> Anchor | None:
    """'2022-02-23' / '2022-02-23T10:00Z' / '2022-12' / '2022' -> Anchor; None if unreadable."""
    if published is None:
        return None
    if isinstance(published, date):
        return Anchor(published)
    m = _ISO_ANCHOR.match(published)
    if not m:
        return None
    year, month, day = m.groups()
    try:
        if day:
            return Anchor(date(int(year), int(month), int(day)))
        if month:
            return Anchor(date(int(year), int(month), 1), "month")
        return Anchor(date(int(year), 1, 1), "year")
    except ValueError:
        return None


# --- vocabularies ---------------------------------------------------------------


def _words(text: str) -> list[str]:
    return text.split()


_MONTH_NAMES = _words(
    "january february march april may june july august september october november december"
)
_MONTHS = {name: i for i, name in enumerate(_MONTH_NAMES, 1)} | {
    name[:3]: i for i, name in enumerate(_MONTH_NAMES, 1) if name != "may"
}
_MONTHS["sept"] = 9
# Month names that are also verbs, modals or given names: alone they need a
# temporal word beside them ("in May", "early March", "May 2022").
_AMBIGUOUS_MONTHS = frozenset({"march", "may", "april", "june", "august"})
_WEEKDAYS = {
    name: i
    for i, name in enumerate(_words("monday tuesday wednesday thursday friday saturday sunday"))
}
# A weekday that names something else: "Bloody Sunday", "the Sunday Times".
_WEEKDAY_NAMES_BEFORE = re.compile(r"(?:good|black|bloody|super|cyber|ash|easter|palm)\s+$", re.I)
_WEEKDAY_NAMES_AFTER = re.compile(
    r"^\s+(?:times|telegraph|express|mirror|post|herald|mail|independent|observer|"
    r"people|sport|world|star|night\s+football|school|service|edition|paper)\b",
    re.I,
)
_NUMBER_WORDS: dict[str, float] = {
    word: i
    for i, word in enumerate(
        _words(
            "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
            "fifteen sixteen seventeen eighteen nineteen"
        ),
        1,
    )
}
_NUMBER_WORDS |= {
    word: 10 * i
    for i, word in enumerate(_words("twenty thirty forty fifty sixty seventy eighty ninety"), 2)
}
_NUMBER_WORDS |= {"a": 1, "an": 1, "hundred": 100, "a hundred": 100, "a couple of": 2}
_NUMBER_WORDS |= {"a couple": 2, "a dozen": 12, "half a": 0.5}
_VAGUE_NUMBERS = frozenset(
    {"a few", "few", "several", "some", "many", "a number of", "the past few", "the last few"}
)
_UNIT_CODE = {
    "second": ("T", "S", 1),
    "minute": ("T", "M", 1),
    "hour": ("T", "H", 1),
    "day": ("", "D", 1),
    "night": ("", "D", 1),
    "week": ("", "W", 1),
    "month": ("", "M", 1),
    "year": ("", "Y", 1),
    "decade": ("", "Y", 10),
    "century": ("", "Y", 100),
}
_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
_ORDINALS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "final": 4,
}

# --- regular-expression pieces ---------------------------------------------------


def _month(g: str) -> str:
    return (
        rf"(?P<{g}>(?:january|february|march|april|may|june|july|august|september|october|"
        rf"november|december)\b|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)(?:\.|\b))"
    )


def _day(g: str) -> str:
    # Not a piece of a longer number, a clock time, a decimal or a percentage.
    return rf"(?<![\d.,:$£€/])(?P<{g}>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b(?![.,:/]\d|\s*%)"


def _year(g: str) -> str:
    return rf"(?<![\d.,:$£€/])(?P<{g}>(?:1[6-9]|20)\d\d)(?![\d%]|,\d|[-–]\d)"


_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_NUM = (
    r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|"
    r"ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|"
    r"six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|"
    r"eighteen|nineteen|a hundred|hundred|a couple(?: of)?|a dozen|half an?|an?)"
)
_VAGUE = r"(?:a few|few|several|some|many|a number of)"
_UNIT = r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|months?|years?|decades?|centur(?:y|ies))"
_RANGE_SEP = r"\s*(?:-|–|—|to|until|till|through|and)\s*"
_MONTH_MOD = (
    r"(?P<mod>early|mid|late|earlier in|later in|(?:the\s+)?(?:end|beginning|start|middle|close|"
    r"turn|first half|second half|first week|last week|first days|last days)\s+of)"
)

_CONTEXT_PREP = re.compile(
    r"(?:\b(?:in|since|until|till|by|from|to|through|during|before|after|of|between|and|"
    r"early|late|mid|last|this|next|around|throughout|for|on|into|last|past|coming|or|"
    r"beginning|end|start|middle)\s+|mid-|"
    # a list of months: "in March, May and June"
    r"(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december),\s*)$",
    re.I,
)


# --- candidates ----------------------------------------------------------------------


@dataclass(slots=True)
class _Found:
    """One candidate expression: its span, value and what the merges need to know."""

    start: int
    end: int
    value: str | None
    resolution: str
    type: str = "DATE"
    kind: str = ""  # what it is, for the merges: day, weekday, relday, month, year, ...
    explicit_year: bool = True  # the value's year is written in the text
    priority: int = 0  # among equally long candidates, the higher wins
    # resolved in reading order against the reference time (last date mentioned)
    deferred: Callable[[_Refs], tuple[str | None, str]] | None = None


@dataclass(slots=True)
class _Refs:
    """The reference time while reading: the last date and the last quarter mentioned."""

    anchor: Anchor | None
    day: date | None = None
    resolution: str | None = None
    quarter: tuple[int, int] | None = None  # (year, quarter)


# --- date arithmetic -------------------------------------------------------------------


def _iso_day(d: date) -> str:
    return d.isoformat()


def _iso_month(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


def _iso_week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def _valid_day(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _month_range(y: int, m: int, months: int) -> str:
    ey, em = _add_months(y, m, months - 1)
    return f"{_iso_month(y, m)}/{_iso_month(ey, em)}"


def _coarse(anchor: Anchor) -> tuple[str, str]:
    """The anchor's own value at its own resolution (for relative days it cannot place)."""
    if anchor.resolution == "month":
        return _iso_month(anchor.day.year, anchor.day.month), "month"
    return f"{anchor.day.year:04d}", "year"


def _relative(anchor: Anchor | None, unit: str, k: int) -> tuple[str | None, str]:
    """k units from the anchor: 'day' -1 is yesterday, 'week' -1 last week, 'year' 1 next year."""
    if anchor is None:
        return None, unit
    a = anchor.day
    fine = {"day": 0, "week": 0, "month": 1, "year": 2}[unit]
    known = {"day": 0, "month": 1, "year": 2}[anchor.resolution]
    if fine < known:
        return _coarse(anchor)
    if unit == "day":
        return _iso_day(a + timedelta(days=k)), "day"
    if unit == "week":
        return _iso_week(a + timedelta(days=7 * k)), "week"
    if unit == "month":
        y, m = _add_months(a.year, a.month, k)
        return _iso_month(y, m), "month"
    if not 1 <= a.year + k <= 9999:
        raise ValueError("year out of range")
    return f"{a.year + k:04d}", "year"


def _month_year(anchor: Anchor, month: int, mode: str) -> int:
    """The year of a month named without one, compared with the anchor at month level.

    mode: past -> not after the anchor's month; future -> not before; neutral -> the
    nearest (a tie goes to the past); last / next -> before / after ("last February"
    skips the month just gone); this -> the anchor's year.
    """
    y, am = anchor.day.year, anchor.day.month
    if anchor.resolution == "year":
        return y
    if mode == "future":
        return y if month >= am else y + 1
    if mode == "last":
        # "last February" said in March is a year back: last month would be "last month"
        return y if month < am - 1 else y - 1
    if mode == "next":
        return y if month > am else y + 1
    if mode == "this":
        return y
    if mode == "past":
        return y if month <= am else y - 1
    # no tense either way: the nearest, the past on a tie (never more than 6 months ahead)
    diff = month - am
    if -6 <= diff < 6:
        return y
    return y + 1 if diff < 0 else y - 1


def _weekday_date(anchor: date, wd: int, mode: str) -> date:
    diff = anchor.weekday() - wd
    if mode == "future":
        return anchor + timedelta(days=(-diff) % 7)
    if mode == "last":
        return anchor - timedelta(days=(diff - 1) % 7 + 1)
    if mode == "next":
        return anchor + timedelta(days=(-diff - 1) % 7 + 1)
    if mode == "this":
        return anchor - timedelta(days=diff)
    return anchor - timedelta(days=diff % 7)


def _number(word: str) -> float | None:
    w = " ".join(word.lower().replace("-", " ").split())
    if w in _NUMBER_WORDS:
        return _NUMBER_WORDS[w]
    if w.startswith("half a"):
        return 0.5
    try:
        return float(w.replace(",", ""))
    except ValueError:
        pass
    parts = w.split()
    if len(parts) == 2 and parts[0] in _NUMBER_WORDS and parts[1] in _NUMBER_WORDS:
        return _NUMBER_WORDS[parts[0]] + _NUMBER_WORDS[parts[1]]
    return None


def _unit_name(unit: str) -> str:
    u = unit.lower()
    if u.startswith("centur"):
        return "century"
    return u[:-1] if u.endswith("s") else u


def _duration(n: float | None, unit: str) -> str:
    t, code, scale = _UNIT_CODE[_unit_name(unit)]
    if n is None:
        return f"P{t}X{code}" if scale == 1 else f"P{t}X{'DE' if scale == 10 else 'CE'}"
    amount = n * scale
    text = str(int(amount)) if amount == int(amount) else f"{amount:g}"
    return f"P{t}{text}{code}"


# --- tense of the sentence -------------------------------------------------------------

# The verb nearest an expression says whether it looks back or ahead: "announced
# on Sunday" is a past Sunday, "will meet on Sunday" a coming one. Strong cues
# (will, is due to, next...) are needed to move a weekday into the future, since
# news names past days far more often (TimeBank: 15 future weekdays in 313);
# months and days of a month also listen to the weak ones (would, later, soon).
# Reporting verbs ("said", "told") are no cue: they date the report, not what
# it reports ("the accession in early March, an official said").
_STRONG_FUTURE = (
    r"will|won['’]?t|wo\s+n['’]t|shall|['’]ll|going\s+to|expect|expects|expected|scheduled|"
    r"due|set\s+to|slated|upcoming|forthcoming|plans?\s+to|intends?\s+to|to\s+be\s+held|next|"
    r"tomorrow"
)
_WEAK_FUTURE = (
    r"would|later|soon|ahead|coming|hopes?\s+to|aims?\s+to|prepares?\s+to|promised\s+to|"
    r"pledged\s+to|vowed\s+to|threatened\s+to|planning|payable|effective|expire|expires|intended"
)
_PAST_CUES = (
    r"was|were|had|did|ago|earlier|previously|already|since|been|came|went|began|"
    r"begun|took|taken|made|met|saw|seen|left|held|gave|given|sent|got|became|fled|led|won|"
    r"lost|fought|flew|flown|brought|thought|felt|found|kept|spoke|wrote|written|ran|rose|fell|"
    r"paid|sold|bought|struck|shot|stood|knew|known|grew|drew|threw|broke|chose|sought|caught|"
    r"meant|built|spent|last|recently|arrived|[a-z]{3,}ed"
)
_CUE = re.compile(
    rf"\b(?:(?P<strong>{_STRONG_FUTURE})|(?P<weak>{_WEAK_FUTURE})|(?P<past>{_PAST_CUES}))\b", re.I
)
_NOT_PAST = frozenset(
    _words(
        # reporting verbs (see above), and -ed words that are mostly adjectives or
        # look ahead ("supposed to", "proposed")
        "announced reported stated added claimed noted supposed proposed needed required "
        "designed aimed based related united limited concerned interested hundred indeed "
        "speed naked sacred wicked armed alleged advanced detailed experienced embed prepared"
    )
)
_CLAUSE = 30  # characters either side of a month in which a tense cue counts
_SENTENCE_END = re.compile(r"[.!?;]['\"”’)]*\s+(?=[A-Z\"“‘'(\d])|\n\s*\n")


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around text[start:end], at most 400 characters either side."""
    lo = 0
    for m in _SENTENCE_END.finditer(text, max(0, start - 400), start):
        lo = m.end()
    if lo == 0 and start > 400:
        lo = start - 400
    m2 = _SENTENCE_END.search(text, end, end + 400)
    return lo, (m2.start() + 1 if m2 else min(len(text), end + 400))


# "will be paid", "is expected", "to be completed": a participle after a form of
# "be" is a passive, whose tense is the auxiliary's, not a past.
_PASSIVE_BEFORE = re.compile(r"\b(?:is|are|am|be|being|['’]s)\s+(?:\w+ly\s+)?$", re.I)


def _cues(text: str, lo: int, hi: int, start: int, end: int) -> Iterator[tuple[int, str, bool]]:
    """(distance, 'past' | 'future', strong) for each tense cue of text[lo:hi] outside the span."""
    for m in _CUE.finditer(text, lo, hi):
        if m.start() < end and m.end() > start:
            continue
        if m.group("past"):
            if m.group("past").lower() in _NOT_PAST:
                continue
            if _PASSIVE_BEFORE.search(text, max(0, m.start() - 24), m.start()):
                continue
            kind, strong = "past", True
        else:
            kind, strong = "future", m.group("weak") is None
        yield (start - m.end() if m.end() <= start else m.start() - end), kind, strong


def _tense(text: str, start: int, end: int, *, strong_only: bool = False) -> str:
    """'past', 'future' or 'neutral': the nearest tense cue in the expression's sentence."""
    lo, hi = _sentence(text, start, end)
    best: tuple[int, str] | None = None
    for dist, kind, strong in _cues(text, lo, hi, start, end):
        if strong_only and not strong:
            continue
        if best is None or dist < best[0]:
            best = (dist, kind)
    return best[1] if best else "neutral"


def _only_past(text: str, start: int, end: int) -> bool:
    lo, hi = _sentence(text, start, end)
    return {kind for _, kind, _ in _cues(text, lo, hi, start, end)} == {"past"}


# --- the grammar -------------------------------------------------------------------------


@dataclass(slots=True)
class _Ctx:
    text: str
    anchor: Anchor | None

    def before(self, i: int, n: int = 40) -> str:
        return self.text[max(0, i - n) : i]

    def after(self, i: int, n: int = 40) -> str:
        return self.text[i : i + n]

    def tense(self, start: int, end: int, *, weekday: bool = False) -> str:
        """The tense a weekday reads in its whole sentence, from strong cues only; the
        tense a month (or a day of one) reads in its clause: cues within 30 characters.

        Measured on TimeBank: month names and dates read against the whole sentence
        pick up verbs that belong to other clauses, and go wrong more often than
        they go right; the nearest-month default is right for most of them.
        """
        if re.search(r"\bsince\s+$", self.before(start, 8), re.I):
            return "past"
        if weekday:
            return _tense(self.text, start, end, strong_only=True)
        lo, hi = max(0, start - _CLAUSE), min(len(self.text), end + _CLAUSE)
        near = _tense(self.text[lo:hi], start - lo, end - lo)
        if near != "neutral":
            return near
        # a sentence that only looks back keeps its months in the past
        return "past" if _only_past(self.text, start, end) else "neutral"


_Handler = Callable[[re.Match[str], _Ctx], "_Found | None"]
_RULES: list[tuple[re.Pattern[str], _Handler, int]] = []


def _rule(pattern: str, priority: int = 0) -> Callable[[_Handler], _Handler]:
    def register(handler: _Handler) -> _Handler:
        _RULES.append((re.compile(pattern, re.I), handler, priority))
        return handler

    return register


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _month_of(word: str) -> int:
    return _MONTHS[word.lower().rstrip(".")]


def _day_value(ctx: _Ctx, m: re.Match[str], y: int | None, mo: int, d: int) -> _Found | None:
    """A day and month, with or without a written year."""
    if _valid_day(2000, mo, d) is None:  # 31 April, 30 February: not a date
        return None
    if y is not None:
        found = _valid_day(y, mo, d)
        if found is None:
            return None
        return _Found(m.start(), m.end(), _iso_day(found), "day", kind="day")
    anchor = ctx.anchor
    if anchor is None:
        return _Found(m.start(), m.end(), None, "day", kind="day", explicit_year=False)
    mode = ctx.tense(m.start(), m.end())
    year = _month_year(anchor, mo, mode)
    step = 1 if mode == "future" else -1
    found = _valid_day(year, mo, d)
    for _ in range(8):  # 29 February: the nearest leap year in the text's direction
        if found is not None:
            break
        year += step
        found = _valid_day(year, mo, d)
    value = _iso_day(found) if found else None  # None only at the ends of the calendar
    return _Found(m.start(), m.end(), value, "day", kind="day", explicit_year=False)


@_rule(
    r"(?<![\d-])(?P<y>(?:1[6-9]|20)\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])(?![\d-])"
)
def _iso(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    found = _valid_day(int(m["y"]), int(m["m"]), int(m["d"]))
    if found is None:
        return None
    return _Found(m.start(), m.end(), _iso_day(found), "day", kind="day")


@_rule(
    r"(?<![\d.,/])(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})(?P=sep)(?P<y>(?:1[6-9]|20)\d\d)(?![\d/]|\.\d)"
)
def _numeric(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    if m["sep"] == "." or a > 12 >= b:  # d.m.yyyy is day-first wherever it is written
        day, month = a, b
    elif b > 12 >= a:
        day, month = b, a
    else:  # a/b/yyyy: day-first in Europe, month-first in the US; a guess would be a wrong date
        if a == b:
            day, month = a, b
        else:
            return _Found(m.start(), m.end(), None, "day", kind="day")
    found = _valid_day(y, month, day)
    if found is None:
        return None
    return _Found(m.start(), m.end(), _iso_day(found), "day", kind="day")


@_rule(rf"\b(?:the\s+)?{_day('d')}(?:\s+of)?\s+{_month('m')}(?:,?\s+{_year('y')})?")
def _day_month(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    if not _capitalised(m["m"]):
        return None
    y = int(m["y"]) if m["y"] else None
    found = _day_value(ctx, m, y, _month_of(m["m"]), int(m["d"]))
    if found and m.group(0).lower().startswith("the "):
        found.start = m.start("d")
    return found


@_rule(rf"\b{_month('m')}\s+(?:the\s+)?{_day('d')}(?:,?\s+{_year('y')})?")
def _month_day(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    if not _capitalised(m["m"]):
        return None
    y = int(m["y"]) if m["y"] else None
    return _day_value(ctx, m, y, _month_of(m["m"]), int(m["d"]))


def _range_of_days(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    if not _capitalised(m["m"]):
        return None
    mo, d1, d2 = _month_of(m["m"]), int(m["d1"]), int(m["d2"])
    if d1 >= d2 or _valid_day(2000, mo, d2) is None:
        return None
    joiner = m.string[m.end("d1") : m.start("d2")].strip().lower()
    lead = (m["from"] or "").strip().lower()
    if (joiner == "and") != (lead == "between"):
        return None  # "April 24 and 25" is two days; "between 10 to 20" is not English
    if m["y"]:
        y: int | None = int(m["y"])
    elif ctx.anchor is not None:
        y = _month_year(ctx.anchor, mo, ctx.tense(m.start(), m.end()))
    else:
        y = None
    start = m.start("from") if m["from"] else m.start()
    if y is None:
        return _Found(start, m.end(), None, "range", kind="range", explicit_year=False)
    a, b = _valid_day(y, mo, d1), _valid_day(y, mo, d2)
    if a is None or b is None:
        return None
    return _Found(
        start,
        m.end(),
        f"{_iso_day(a)}/{_iso_day(b)}",
        "range",
        kind="range",
        explicit_year=bool(m["y"]),
    )


_rule(
    rf"(?P<from>\b(?:from|between)\s+)?{_day('d1')}{_RANGE_SEP}{_day('d2')}(?:\s+of)?\s+"
    rf"{_month('m')}(?:,?\s+{_year('y')})?"
)(_range_of_days)
_rule(
    rf"(?P<from>\b(?:from|between)\s+)?\b{_month('m')}\s+{_day('d1')}{_RANGE_SEP}{_day('d2')}"
    rf"(?:,?\s+{_year('y')})?"
)(_range_of_days)


@_rule(
    rf"\b(?:{_MONTH_MOD}[\s-]+|(?P<rel>last|this|next|past|coming|previous)\s+)?"
    rf"{_month('m')}(?:,?\s+(?:of\s+)?{_year('y')})?"
)
def _month_name(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    word = m["m"]
    if not _capitalised(word):
        return None
    key = word.lower().rstrip(".")
    qualified = bool(m["mod"] or m["rel"] or m["y"])
    if not qualified:
        if len(key) <= 4 and key != "may" and key != "june" and key != "july":
            return None  # a bare abbreviation ("Jan", "Dec") is a name more often than a month
        before = ctx.before(m.start(), 20)
        preposition = _CONTEXT_PREP.search(before) is not None
        if key in _AMBIGUOUS_MONTHS and not preposition:
            return None
        # "April Ryan said": a month followed by a capitalised name is a name
        nxt = re.match(r"\s+([A-Z][a-z]+)", ctx.after(m.end(), 20))
        if (
            nxt
            and not preposition
            and nxt.group(1).lower() not in _MONTHS
            and nxt.group(1).lower() not in _WEEKDAYS
        ):
            return None
    mo = _month_of(word)
    start = m.start()
    if m["y"]:
        return _Found(start, m.end(), _iso_month(int(m["y"]), mo), "month", kind="month")
    anchor = ctx.anchor
    if anchor is None:
        return _Found(start, m.end(), None, "month", kind="month", explicit_year=False)
    rel = (m["rel"] or "").lower()
    if rel in ("last", "past", "previous"):
        mode = "last"
    elif rel in ("next", "coming"):
        mode = "next"
    elif rel == "this":
        mode = "this"
    else:
        mode = ctx.tense(m.start(), m.end())
    y = _month_year(anchor, mo, mode)
    return _Found(start, m.end(), _iso_month(y, mo), "month", kind="month", explicit_year=False)


@_rule(
    rf"\b(?:(?P<rel>last|this|next|past|coming|previous)\s+)?(?P<wd>{_WEEKDAY})(?!['’]s\b)"
    r"(?:\s+(?P<part>morning|afternoon|evening|night))?"
)
def _weekday(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    if not _capitalised(m["wd"]):
        return None
    if _WEEKDAY_NAMES_BEFORE.search(ctx.before(m.start(), 12)) and not m["rel"]:
        return None
    if _WEEKDAY_NAMES_AFTER.match(ctx.after(m.end("wd"), 30)):
        return None
    anchor = ctx.anchor
    wd = _WEEKDAYS[m["wd"].lower()]
    if anchor is None:
        return _Found(m.start(), m.end(), None, "day", kind="weekday", explicit_year=False)
    if anchor.resolution != "day":
        value, res = _coarse(anchor)
        return _Found(m.start(), m.end(), value, res, kind="weekday", explicit_year=False)
    rel = (m["rel"] or "").lower()
    mode = {"last": "last", "past": "last", "previous": "last", "next": "next", "coming": "next"}
    if rel == "this":
        found = _weekday_date(anchor.day, wd, "this")
    elif not rel and _SCHEDULED_PRESENT.search(ctx.before(m.start(), 24)):
        # "the drills open on Thursday": a timetable in the present tense is ahead
        found = _weekday_date(anchor.day, wd, "future")
    else:
        tense = ctx.tense(m.start(), m.end(), weekday=True)
        found = _weekday_date(anchor.day, wd, mode.get(rel) or tense)
    return _Found(m.start(), m.end(), _iso_day(found), "day", kind="weekday", explicit_year=False)


# A plural subject's timetable verb right before "on <weekday>": present tense, so
# the day is ahead ("manoeuvres open on Thursday", "talks resume on Monday"). Only
# the plural forms: "opens on" in a singular headline is as often the past.
_SCHEDULED_PRESENT = re.compile(
    r"\b(?:open|begin|start|end|resume|close|kick\s+off|take\s+place|get\s+under\s+way)"
    r"\s+(?:on\s+)?$",
    re.I,
)


# A weekday's possessive ("Sunday's vote") is still that day.
@_rule(
    rf"\b(?:(?P<rel>last|this|next|past|coming|previous)\s+)?(?P<wd>{_WEEKDAY})(?=['’]s\b)(?P<part>(?!))?"
)
def _weekday_possessive(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    return _weekday(m, ctx)


_RELATIVE_DAYS = {
    "the day before yesterday": -2,
    "the day after tomorrow": 2,
    "yesterday": -1,
    "today": 0,
    "tomorrow": 1,
    "tonight": 0,
    "last night": -1,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
}


@_rule(
    r"\b(?:(?P<mod>early|late|earlier|later)\s+)?(?P<rd>the\s+day\s+before\s+yesterday|the\s+day\s+"
    r"after\s+tomorrow|yesterday|today|tomorrow|tonight|last\s+night|this\s+morning|"
    r"this\s+afternoon|this\s+evening)\b"
)
def _relative_day(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    k = _RELATIVE_DAYS[" ".join(m["rd"].lower().split())]
    value, res = _relative(ctx.anchor, "day", k)
    return _Found(m.start(), m.end(), value, res, kind="relday", explicit_year=False)


@_rule(r"\b(?:right\s+now|now|currently|at\s+present|nowadays)\b")
def _now(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    word = m.group(0).lower()
    after = ctx.after(m.end(), 12).lower()
    # "now that", "just now", "now and then", "now-defunct" are not the present day
    if word == "now" and (
        re.match(r"\s+(?:that|and\s+then|or\s+never)\b|-", after)
        or re.search(r"\b(?:until|till|by|from|up\s+to)\s+$", ctx.before(m.start(), 10).lower())
    ):
        return None
    value, res = _relative(ctx.anchor, "day", 0)
    return _Found(m.start(), m.end(), value, res, kind="now", explicit_year=False, priority=-1)


_REL_UNIT_K = {
    "last": -1,
    "past": -1,
    "previous": -1,
    "this": 0,
    "current": 0,
    "next": 1,
    "coming": 1,
    "following": 1,
}


@_rule(
    r"\b(?:(?P<mod>early|earlier|late|later|mid|(?:the\s+)?(?:end|beginning|start|middle|rest|"
    r"remainder|turn|close|first\s+half|second\s+half)\s+of)[\s-]+(?:in\s+)?)?"
    r"(?P<the>the\s+)?(?P<rel>last|this|next|past|coming|previous|current|following)\s+"
    r"(?P<unit>week|weekend|month|year)\b"
)
def _relative_unit(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    rel, unit = m["rel"].lower(), m["unit"].lower()
    mod = " ".join((m["mod"] or "").lower().split())
    if m["the"] and rel in ("last", "past", "next", "coming") and not mod and unit != "weekend":
        # "the past week", "the next year": a stretch of time, not a calendar week
        return _Found(m.start(), m.end(), _duration(1, unit), unit, "DURATION", kind="duration")
    if rel in ("following", "previous") or (m["the"] and rel != "current"):
        if unit == "weekend":  # "the following weekend": the grammar keeps no weekend reference
            return _Found(m.start(), m.end(), None, "range", kind="ref", explicit_year=False)
        return _deferred_offset(m.start(), m.end(), unit, _REL_UNIT_K[rel])
    k = _REL_UNIT_K[rel]
    if unit == "weekend":
        return _weekend(m.start(), m.end(), ctx, rel)
    value, res = _relative(ctx.anchor, unit, k)
    value, res = _with_end(value, res, unit, mod)
    return _Found(m.start(), m.end(), value, res, kind=unit, explicit_year=False)


def _with_end(value: str | None, res: str, unit: str, mod: str) -> tuple[str | None, str]:
    """'the end of the year' is its December, 'the beginning of the year' its January."""
    if unit == "year" and value and res == "year":
        if mod.endswith(("end of", "close of", "turn of")):
            return f"{value}-12", "month"
        if mod.endswith(("beginning of", "start of")):
            return f"{value}-01", "month"
    return value, res


@_rule(
    r"\b(?P<mod>(?:the\s+)?(?:end|beginning|start|middle|close|turn)\s+of)\s+the\s+"
    r"(?P<unit>week|month|year)\b|\b(?P<ye>year[\s-]end)\b"
)
def _end_of_the(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    unit = (m["unit"] or "year").lower()
    mod = " ".join((m["mod"] or "end of").lower().split())
    value, res = _relative(ctx.anchor, unit, 0)
    value, res = _with_end(value, res, unit, mod)
    return _Found(m.start(), m.end(), value, res, kind=unit, explicit_year=False)


def _weekend(start: int, end: int, ctx: _Ctx, rel: str) -> _Found:
    anchor = ctx.anchor
    if anchor is None:
        return _Found(start, end, None, "range", kind="weekend", explicit_year=False)
    if anchor.resolution != "day":
        value, res = _coarse(anchor)
        return _Found(start, end, value, res, kind="weekend", explicit_year=False)
    a = anchor.day
    if rel in ("last", "past", "previous"):
        mode = "last"
    elif rel in ("next", "coming"):
        mode = "next"
    elif a.weekday() >= 5:
        mode = "this"
    else:
        mode = ctx.tense(start, end, weekday=True)
    if mode == "this":
        sat = a - timedelta(days=a.weekday() - 5)
    elif mode in ("past", "neutral", "last"):
        sat = a - timedelta(days=(a.weekday() - 5) % 7 or (7 if mode == "last" else 0))
        if mode == "last" and a.weekday() >= 5:
            sat = a - timedelta(days=a.weekday() - 5 + 7)
    else:
        sat = a + timedelta(days=(5 - a.weekday()) % 7 or 7)
    return _Found(
        start,
        end,
        f"{_iso_day(sat)}/{_iso_day(sat + timedelta(days=1))}",
        "range",
        kind="weekend",
        explicit_year=False,
    )


@_rule(r"\b(?:over\s+)?the\s+weekend\b")
def _the_weekend(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    start = m.start() if not m.group(0).lower().startswith("over") else m.end() - len("the weekend")
    return _weekend(start, m.end(), ctx, "")


def _deferred_offset(start: int, end: int, unit: str, k: int) -> _Found:
    """'the following week', 'the next day': counted from the last date mentioned."""

    def resolve(refs: _Refs) -> tuple[str | None, str]:
        if refs.day is None or refs.resolution is None:
            return None, unit
        order = {"day": 0, "week": 0, "month": 1, "year": 2}
        if order.get(refs.resolution, 3) > order[unit]:
            return None, unit
        return _relative(Anchor(refs.day), unit, k)

    return _Found(start, end, None, unit, kind="ref", explicit_year=False, deferred=resolve)


@_rule(
    r"\b(?:the\s+(?:next|following|previous|preceding)\s+day|the\s+day\s+(?:before|after)|"
    r"the\s+same\s+day)\b"
)
def _reference_day(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    t = m.group(0).lower()
    if re.match(r"\s+(?:the|a|an|his|her|its|their|this|that|[A-Z\d])", ctx.after(m.end(), 6)):
        # "the day before the interview": counted from an event this module does not date
        return _Found(m.start(), m.end(), None, "day", kind="ref", explicit_year=False)
    k = 0 if "same" in t else (-1 if ("previous" in t or "preceding" in t or "before" in t) else 1)
    return _deferred_offset(m.start(), m.end(), "day", k)


@_rule(
    rf"\b(?P<n>{_NUM}|{_VAGUE})[\s-]+(?P<unit>{_UNIT})\s+(?P<dir>ago|earlier|before|later|"
    r"after|from\s+now|hence)\b"
)
def _ago(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    unit = _unit_name(m["unit"])
    direction = " ".join(m["dir"].lower().split())
    n = _number(m["n"])
    if unit in ("second", "minute", "hour", "night"):
        return None
    k_sign = -1 if direction in ("ago", "earlier", "before") else 1
    # "two days before the vote": anchored on an event this module does not date
    if direction in ("before", "after") and re.match(
        r"\s+(?:the|a|an|his|her|its|their|[A-Z])", ctx.after(m.end(), 6)
    ):
        return None
    cal = {"decade": "year", "century": "year"}.get(unit, unit)
    scale = {"decade": 10, "century": 100}.get(unit, 1)
    if n is None or n != int(n):
        return _Found(m.start(), m.end(), None, cal, kind="ago", explicit_year=False)
    k = k_sign * int(n) * scale
    if k_sign > 0 and direction != "from now" and direction != "hence":
        # "two days later": counted from the last date mentioned, if any

        def resolve_later(refs: _Refs) -> tuple[str | None, str]:
            if refs.day is None or refs.resolution is None:
                return None, cal
            order = {"day": 0, "week": 0, "month": 1, "year": 2}
            if order[refs.resolution] > order[cal]:
                return None, cal
            return _relative(Anchor(refs.day), cal, k)

        return _Found(
            m.start(), m.end(), None, cal, kind="ago", explicit_year=False, deferred=resolve_later
        )
    if unit == "year" and int(n) == 1:
        # in a report on quarterly results "a year ago" is that quarter a year back

        def resolve_ago(refs: _Refs) -> tuple[str | None, str]:
            if refs.quarter:
                qy, q = refs.quarter
                return _quarter_value(qy - 1, q), "range"
            return _relative(refs.anchor, cal, k)

        return _Found(
            m.start(), m.end(), None, cal, kind="ago", explicit_year=False, deferred=resolve_ago
        )
    value, res = _relative(ctx.anchor, cal, k)
    return _Found(m.start(), m.end(), value, res, kind="ago", explicit_year=False)


@_rule(
    rf"\b(?P<the>the\s+(?:past|last|next|first|coming|previous|following|final)\s+)?"
    rf"(?P<n>{_NUM}|{_VAGUE}|few)(?P<nhalf>\s+and\s+a\s+half)?(?P<sep>[\s-]+)(?P<unit>{_UNIT})\b"
    r"(?P<half>\s+and\s+a\s+half\b)?"
)
def _duration_rule(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    after = ctx.after(m.end(), 12).lower()
    if re.match(r"[\s-]+old\b", after):
        return None  # an age, not a stretch of time
    n_text = " ".join(m["n"].lower().split())
    unit = _unit_name(m["unit"])
    if m["sep"].startswith("-") and m["unit"].lower().endswith("s"):
        return None
    if re.search(r"\bon\s+$", ctx.before(m.start(), 6), re.I):
        return None  # "on one day last week": a day, not a stretch of time
    if (n_text in ("a", "an") or (n_text == "one" and unit == "day")) and not m["the"]:
        # "a year" is a duration after "for", "in", "over"...; elsewhere mostly not
        before = ctx.before(m.start(), 24).lower()
        if not re.search(
            r"\b(?:for|over|within|in|after|about|nearly|almost|than|just|only|barely|"
            r"least|around|roughly|some|spent|took|takes|lasted|last)\s+$",
            before,
        ):
            return None
        if re.match(r"\s+(?:ago|earlier|later|before)\b", after):
            return None
    if re.match(r"\s+(?:ago|from\s+now|hence)\b", after):
        return None  # the ago rule takes it
    if n_text in _VAGUE_NUMBERS or n_text == "few":
        if not m["the"] and n_text in ("some", "many"):
            return None
        n: float | None = None
    else:
        n = _number(m["n"])
        if n is None:
            return None
        if unit == "night" and n > 31:
            return None
        if m["half"] or m["nhalf"]:
            n += 0.5
    start = m.start() if m["the"] else m.start("n")
    return _Found(start, m.end(), _duration(n, unit), unit, "DURATION", kind="duration")


@_rule(
    r"\b(?:(?:for|over|in)\s+(?P<pre>recent|the\s+past|the\s+last|the\s+coming)\s+|"
    r"(?P<for>for|over)\s+)(?P<unit>days|weeks|months|years|decades)\b"
)
def _vague_duration(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    start = m.start("pre") if m["pre"] else m.start("unit")
    unit = _unit_name(m["unit"])
    resolution = "year" if unit == "decade" else unit
    return _Found(start, m.end(), _duration(None, unit), resolution, "DURATION", kind="duration")


@_rule(
    rf"\b(?:(?P<q>every|each)\s+(?:other\s+)?(?P<unit>day|week|month|year|morning|night|evening|"
    rf"weekend|{_WEEKDAY})|(?P<adv>daily|weekly|monthly|annually|yearly|hourly|nightly)|"
    r"(?P<n>once|twice|three\s+times|four\s+times|\d+\s+times)\s+(?:a|per|every)\s+"
    r"(?P<unit2>day|week|month|year))\b"
)
def _set(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    if m["adv"] and not m["adv"].islower():
        return None  # "Daily Mail", "Weekly Standard"
    if m["adv"]:
        unit = {
            "daily": "day",
            "weekly": "week",
            "monthly": "month",
            "annually": "year",
            "yearly": "year",
            "hourly": "hour",
            "nightly": "day",
        }[m["adv"]]
    else:
        unit = (m["unit"] or m["unit2"]).lower()
    if unit in _WEEKDAYS:
        value = f"XXXX-WXX-{_WEEKDAYS[unit] + 1}"
    elif unit == "weekend":
        value = "XXXX-WXX-WE"
    else:
        unit = {"morning": "day", "evening": "day", "night": "day"}.get(unit, unit)
        value = _duration(1, unit)
    resolution = unit if unit in ("day", "week", "month", "year") else "day"
    return _Found(m.start(), m.end(), value, resolution, "SET", kind="set")


_QUANTITY_BEFORE = re.compile(
    r"\b(?:about|some|more\s+than|over|nearly|almost|up\s+to|at\s+least|around|approximately|"
    r"roughly|only|just|exactly|than|estimated|total\s+of|No\.|number|some\s+of|of\s+the)\s+$|[$€£#]\s*$",
    re.I,
)
_QUANTITY_AFTER = re.compile(
    r"^\s*(?:%|percent|per\s+cent|troops|soldiers|people|men|women|children|civilians|km|kms|"
    r"kilomet(?:er|re)s|miles|metres|meters|tons|tonnes|dollars|euros|rubles|roubles|vehicles|"
    r"tanks|units|cases|deaths|casualties|servicemen|personnel|refugees|votes|members|GMT|UTC|"
    r"hours|hrs|h\b|local\s+time|EST|EDT|BST|CET|MSK)",
    re.I,
)


@_rule(
    r"\b(?:(?P<mod>early|mid|late|(?:the\s+)?(?:end|beginning|start|middle|close|turn|first\s+half|"
    r"second\s+half|spring|summer|autumn|fall|winter)\s+of)[\s-]+|(?P<lead>(?:the\s+)?(?:year|"
    rf"fiscal(?:\s+year)?)\s+))?{_year('y')}(?!\s*[-–]\s*\d)"
)
def _year_rule(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    y = int(m["y"])
    after = ctx.after(m.end(), 20)
    if re.match(r"['’]?s\b", after):
        return None  # the 1990s: a decade
    if not (m["mod"] or m["lead"]):
        if _QUANTITY_BEFORE.search(ctx.before(m.start(), 20)) or _QUANTITY_AFTER.match(after):
            return None
        if ctx.anchor is not None and y > ctx.anchor.day.year + 30:
            return None  # a quantity written like a year, far in the future
    mod = " ".join((m["mod"] or "").lower().split())
    season = mod.split(" ")[-2] if mod.endswith(" of") else ""
    if season in _SEASONS:
        return _Found(m.start(), m.end(), _season_value(y, season), "range", kind="season")
    value, res = _with_end(f"{y:04d}", "year", "year", mod)
    return _Found(m.start(), m.end(), value, res, kind="year")


@_rule(
    r"\b(?:from\s+|between\s+)?(?<![\d.,$])(?P<y1>(?:1[6-9]|20)\d\d)\s*(?:[-–—]|to|and)\s*"
    r"(?P<y2>(?:1[6-9]|20)?\d\d)(?![\d%])"
)
def _year_span(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    y1 = int(m["y1"])
    y2s = m["y2"]
    y2 = int(y2s) if len(y2s) == 4 else (y1 // 100) * 100 + int(y2s)
    if y2 <= y1 or y2 - y1 > 100:
        return None
    joiner = m.group(0)[m.end("y1") - m.start() : m.start("y2") - m.start()].strip().lower()
    lead = m.group(0).lower()
    if joiner == "and" and not lead.startswith("between"):
        return None
    if joiner == "to" and len(y2s) == 2:
        return None
    if _QUANTITY_AFTER.match(ctx.after(m.end(), 20)):
        return None
    return _Found(m.start(), m.end(), f"{y1:04d}/{y2:04d}", "range", kind="range")


def _season_value(y: int, season: str) -> str:
    return _month_range(y, _SEASONS[season], 3)


@_rule(
    r"\b(?:(?P<rel>this|last|next|past|coming|the|early|late|mid)[\s-]+(?:(?:early|late|mid)[\s-]+)?)?"
    rf"(?P<s>spring|summer|autumn|fall|winter)(?:\s+(?:of\s+)?{_year('y')})?\b"
)
def _season(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    season = m["s"].lower()
    rel = (m["rel"] or "").lower()
    if (
        not rel
        and not m["y"]
        and not re.search(
            r"\b(?:in|during|since|until|by|through|this|last|next)\s+$",
            ctx.before(m.start(), 12),
            re.I,
        )
    ):
        return None
    if season == "fall" and not m["y"]:
        if rel in ("", "the", "early", "late", "mid") and re.match(
            r"\s+of\b", ctx.after(m.end(), 6)
        ):
            return None  # "the fall of Kabul"
        if (not rel or rel == "the") and not re.search(
            r"\b(?:in|during|since|until|by|through)\s+(?:the\s+)?$",
            ctx.before(m.start(), 16),
            re.I,
        ):
            return None
    if (
        season != "fall"
        and rel == "the"
        and re.match(r"\s+of\s+(?!(?:1[6-9]|20)\d\d)", ctx.after(m.end(), 12))
    ):
        return None
    start = m.start()
    if m["y"]:
        return _Found(start, m.end(), _season_value(int(m["y"]), season), "range", kind="season")
    anchor = ctx.anchor
    if anchor is None:
        return _Found(start, m.end(), None, "range", kind="season", explicit_year=False)
    a = anchor.day
    first = _SEASONS[season]
    # instances by starting year; which one contains the anchor's month?
    a_index = a.year * 12 + a.month - 1

    def bounds(y: int) -> tuple[int, int]:
        s = y * 12 + first - 1
        return s, s + 2

    containing = None
    for y in (a.year - 1, a.year):
        s, e = bounds(y)
        if s <= a_index <= e:
            containing = y
    if rel in ("last", "past"):
        y = a.year
        while bounds(y)[1] >= a_index:
            y -= 1
    elif rel in ("next", "coming"):
        y = a.year - 1
        while bounds(y)[0] <= a_index:
            y += 1
    elif containing is not None:
        y = containing
    elif rel == "this":
        y = a.year
    else:
        mode = ctx.tense(m.start(), m.end())
        if mode == "future":
            y = a.year - 1
            while bounds(y)[0] <= a_index:
                y += 1
        else:
            y = a.year
            while bounds(y)[0] > a_index:
                y -= 1
    if anchor.resolution == "year":
        return _Found(start, m.end(), f"{a.year:04d}", "year", kind="season", explicit_year=False)
    return _Found(
        start, m.end(), _season_value(y, season), "range", kind="season", explicit_year=False
    )


def _quarter_value(y: int, q: int) -> str:
    return _month_range(y, 3 * q - 2, 3)


@_rule(
    r"\b(?P<the>the\s+)?(?:(?:fiscal|calendar)\s+)?(?P<ord>first|second|third|fourth|final|1st|2nd|"
    r"3rd|4th)[\s-]+(?P<unit>quarter|half)(?:\s+(?:of\s+)?(?:(?:fiscal|calendar)\s+)?"
    rf"{_year('y')})?(?![\s-]+(?:of\s+(?!(?:1[6-9]|20)\d\d)|century|mile))"
)
def _quarter(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    unit = m["unit"].lower()
    ordinal = _ORDINALS[m["ord"].lower()]
    if unit == "half":
        if ordinal > 2:
            return None
        ordinal = 2 if m["ord"].lower() == "final" else ordinal
    start = m.start()
    if m["y"]:
        y = int(m["y"])
    elif ctx.anchor is None:
        return _Found(start, m.end(), None, "range", kind="quarter", explicit_year=False)
    else:
        a = ctx.anchor.day
        first_month = 3 * ordinal - 2 if unit == "quarter" else 6 * ordinal - 5
        mode = ctx.tense(m.start(), m.end())
        y = a.year
        if first_month > a.month and mode != "future":
            y -= 1
    if unit == "half":
        return _Found(start, m.end(), _month_range(y, 6 * ordinal - 5, 6), "range", kind="half")
    return _Found(
        start,
        m.end(),
        _quarter_value(y, ordinal),
        "range",
        kind="quarter",
        explicit_year=bool(m["y"]),
    )


@_rule(
    r"\b(?:the\s+)?(?P<rel>latest|current|last|previous|past|this|year[\s-]earlier|year[\s-]ago|"
    r"prior[\s-]year)?\s*(?P<w>quarter|period)\b"
)
def _the_quarter(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    text = m.group(0).lower()
    rel = " ".join((m["rel"] or "").lower().replace("-", " ").split())
    if m["w"].lower() == "period" and not rel.startswith(("year", "prior", "latest")):
        return None
    if not text.startswith("the") and not rel:
        return None
    if not rel and re.match(r"\s+(?:of|century|mile|final)\b", ctx.after(m.end(), 10)):
        return None
    if re.search(r"\b(?:a|one|three)[\s-]+$", ctx.before(m.start(), 8).lower()):
        return None
    start, end = m.start(), m.end()
    shift = -1 if rel.startswith(("year", "prior")) else 0
    last = rel in ("last", "previous", "past")

    def resolve(refs: _Refs) -> tuple[str | None, str]:
        if refs.quarter and not last and rel not in ("current", "this", "latest"):
            qy, q = refs.quarter
            return _quarter_value(qy + shift, q), "range"
        if refs.anchor is None:
            return None, "range"
        a = refs.anchor.day
        q = (a.month - 1) // 3 + 1
        qy = a.year
        if rel not in ("current", "this"):  # the latest reported quarter: the one before
            q -= 1
            if q == 0:
                qy, q = qy - 1, 4
        return _quarter_value(qy + shift, q), "range"

    kind = "quarter_shifted" if shift else "quarter_ref"
    return _Found(start, end, None, "range", kind=kind, explicit_year=False, deferred=resolve)


@_rule(
    r"\b(?P<the>the\s+)?(?:(?:comparable|corresponding|same)\s+)?(?:(?P<y>(?:1[6-9]|20)\d\d)|"
    r"(?P<rel>this|last|next)\s+year['’]s|(?P<ago>year[\s-](?:ago|earlier)|prior[\s-]year))\s+"
    r"(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+)?(?:fiscal\s+)?"
    r"(?P<unit>quarter|period|half)\b"
)
def _year_quarter(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    """'the 1988 third quarter', "this year's third quarter", 'the year-ago period'."""
    unit = m["unit"].lower()
    ordinal = _ORDINALS[m["ord"].lower()] if m["ord"] else None
    if unit == "half" and (ordinal is None or ordinal > 2):
        return None
    if unit == "period" and ordinal is not None:
        return None
    start, end = m.start(), m.end()
    written = int(m["y"]) if m["y"] else None
    rel = {"this": 0, "last": -1, "next": 1}.get((m["rel"] or "").lower())

    def resolve(refs: _Refs) -> tuple[str | None, str]:
        if written is not None:
            year = written
        elif rel is not None and refs.anchor is not None:
            year = refs.anchor.day.year + rel
        elif refs.quarter is not None:
            year = refs.quarter[0] - 1
        elif refs.anchor is not None:
            year = refs.anchor.day.year - 1
        else:
            return None, "range"
        if unit == "half":
            return _month_range(year, 6 * (ordinal or 1) - 5, 6), "range"
        q = ordinal or (refs.quarter[1] if refs.quarter else None)
        if q is None and refs.anchor is not None:
            q = (refs.anchor.day.month - 1) // 3 or 4
        if q is None:
            return None, "range"
        return _quarter_value(year, q), "range"

    kind = "quarter" if (ordinal and (written or rel is not None)) else "quarter_shifted"
    return _Found(start, end, None, "range", kind=kind, explicit_year=False, deferred=resolve)


@_rule(r"\byear[\s-](?:earlier|ago)\b")
def _year_earlier_adjective(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    """'the year-earlier $4.5 million': the quarter spoken of, or the year, a year back."""

    def resolve(refs: _Refs) -> tuple[str | None, str]:
        if refs.quarter:
            return _quarter_value(refs.quarter[0] - 1, refs.quarter[1]), "range"
        return _relative(refs.anchor, "year", -1)

    return _Found(
        m.start(), m.end(), None, "year", kind="ago", explicit_year=False, deferred=resolve
    )


@_rule(rf"\b{_month('m')}(?:\s+of)?\s+(?P<rel>last|this|next)\s+year\b")
def _month_of_relative_year(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    """'July last year', 'December of next year'."""
    if not _capitalised(m["m"]):
        return None
    k = {"last": -1, "this": 0, "next": 1}[m["rel"].lower()]
    if ctx.anchor is None:
        return _Found(m.start(), m.end(), None, "month", kind="month", explicit_year=False)
    y = ctx.anchor.day.year + k
    return _Found(m.start(), m.end(), _iso_month(y, _month_of(m["m"])), "month", kind="month")


_HOLIDAYS = {
    "christmas eve": (12, 24),
    "christmas day": (12, 25),
    "christmas": (12, 25),
    "new year's eve": (12, 31),
    "new year's day": (1, 1),
    "boxing day": (12, 26),
    "valentine's day": (2, 14),
    "halloween": (10, 31),
    "independence day": (7, 4),
    "victory day": (5, 9),
}


@_rule(
    r"\b(?P<h>Christmas(?:\s+(?:Eve|Day))?|New\s+Year['’]s\s+(?:Eve|Day)|Boxing\s+Day|"
    r"Valentine['’]s\s+Day|Halloween|Independence\s+Day|Victory\s+Day|Thanksgiving(?:\s+Day)?)"
    rf"(?:,?\s+{_year('y')})?\b"
)
def _holiday(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    name = " ".join(m["h"].lower().replace("’", "'").split())
    if not _capitalised(m["h"]):
        return None
    if name.startswith("christmas") and re.match(
        r"\s+(?:tree|card|market|present|gift)", ctx.after(m.end(), 10), re.I
    ):
        return None
    y = int(m["y"]) if m["y"] else None
    if name.startswith("thanksgiving"):

        def day_of(year: int) -> date:
            first = date(year, 11, 1)
            return first + timedelta(days=(3 - first.weekday()) % 7 + 21)

        if y is None:
            if ctx.anchor is None:
                return _Found(m.start(), m.end(), None, "day", kind="day", explicit_year=False)
            y = _month_year(ctx.anchor, 11, ctx.tense(m.start(), m.end()))
        return _Found(
            m.start(), m.end(), _iso_day(day_of(y)), "day", kind="day", explicit_year=bool(m["y"])
        )
    mo, d = _HOLIDAYS[name]
    return _day_value(ctx, m, y, mo, d)


# --- selection and merges ------------------------------------------------------------------

_WEEK_OF = re.compile(r"\b(?:the\s+)?week\s+of\s+$", re.I)
_PREFIX_JOIN = re.compile(r"^(?:,\s*|\s*\(\s*|\s+(?:the\s+)?)$")
_RANGE_JOIN = re.compile(r"^\s*(?:-|–|—|to|until|till|through|and)\s*$", re.I)
_RANGE_LEAD = re.compile(r"\b(?P<w>from|between)\s+$", re.I)


def _select(found: list[_Found]) -> list[_Found]:
    """The longest candidates, without overlap; among equals the higher priority."""
    chosen: list[_Found] = []
    starts: list[int] = []  # the chosen spans, disjoint, kept sorted by start
    ends: list[int] = []
    for f in sorted(found, key=lambda f: (-(f.end - f.start), -f.priority, f.start)):
        i = bisect.bisect_left(starts, f.end)  # spans starting before f ends
        if i and ends[i - 1] > f.start:  # the last of them reaches into f
            continue
        starts.insert(i, f.start)
        ends.insert(i, f.end)
        chosen.append(f)
    return sorted(chosen, key=lambda f: f.start)


def _merge_prefix(text: str, found: list[_Found]) -> list[_Found]:
    """'Yesterday, 22 February' / 'Sunday, Feb. 20': one day, the written date's value."""
    out: list[_Found] = []
    for f in found:
        if out:
            prev = out[-1]
            gap = text[prev.end : f.start]
            if (
                prev.kind in ("relday", "weekday")
                and f.kind == "day"
                and _PREFIX_JOIN.match(gap)
                and prev.resolution in ("day", "month", "year")
            ):
                end = f.end
                if "(" in gap and text[end : end + 1] == ")":
                    end += 1
                value = f.value
                if not f.explicit_year and prev.value and f.value and prev.resolution == "day":
                    # the relative day knows the year; the written date the day
                    value = _same_day_nearest(prev.value, f.value)
                out[-1] = replace(
                    f, start=prev.start, end=end, value=value or prev.value, kind="day"
                )
                continue
        out.append(f)
    return out


def _same_day_nearest(relative: str, written: str) -> str:
    r = date.fromisoformat(relative)
    w = date.fromisoformat(written)
    options = [d for d in (_valid_day(r.year + k, w.month, w.day) for k in (-1, 0, 1)) if d]
    if not options:  # 29 February with no leap year beside the relative day
        return written
    return _iso_day(min(options, key=lambda d: abs((d - r).days)))


_RANGE_KINDS = {
    "day": "day",
    "weekday": "day",
    "relday": "day",
    "month": "month",
    "year": "year",
}


def _merge_ranges(text: str, found: list[_Found]) -> list[_Found]:
    """'from January to March', 'between 10 February and 3 March 2022': one range."""
    out: list[_Found] = []
    for f in found:
        if out:
            prev = out[-1]
            gap = text[prev.end : f.start]
            lead = _RANGE_LEAD.search(text[max(0, prev.start - 10) : prev.start])
            joiner = gap.strip().lower()
            kinds = (_RANGE_KINDS.get(prev.kind), _RANGE_KINDS.get(f.kind))
            if (
                _RANGE_JOIN.match(gap)
                and kinds[0] is not None
                and kinds[0] == kinds[1]
                and prev.resolution == f.resolution
                and (lead or joiner not in ("and",))
                and (lead or joiner in ("-", "–", "—", "to", "through"))
                and (lead is None or lead["w"].lower() != "between" or joiner == "and")
                and (lead is None or lead["w"].lower() != "from" or joiner != "and")
            ):
                start_value = prev.value
                if start_value and f.value and not prev.explicit_year and f.explicit_year:
                    start_value = _with_year_of(start_value, f.value)
                end_value = f.value
                if start_value and end_value and start_value > end_value:
                    if not f.explicit_year and prev.kind != "relday":
                        end_value = _year_later(end_value)
                    elif not prev.explicit_year:
                        start_value = _year_earlier(start_value)
                    else:
                        out.append(f)
                        continue
                value = f"{start_value}/{end_value}" if start_value and end_value else None
                start = prev.start - len(lead.group(0)) if lead else prev.start
                out[-1] = _Found(
                    start,
                    f.end,
                    value,
                    "range",
                    kind="range",
                    explicit_year=prev.explicit_year and f.explicit_year,
                )
                continue
        out.append(f)
    return out


def _with_year_of(value: str, other: str) -> str:
    return other[:4] + value[4:]


def _year_later(value: str) -> str:
    y = int(value[:4]) + 1
    if value[4:] == "-02-29" and _valid_day(y, 2, 29) is None:
        return f"{y:04d}-02-28"
    return f"{y:04d}{value[4:]}"


def _year_earlier(value: str) -> str:
    y = int(value[:4]) - 1
    if value[4:] == "-02-29" and _valid_day(y, 2, 29) is None:
        return f"{y:04d}-02-28"
    return f"{y:04d}{value[4:]}"


_OUT_OF_CALENDAR = re.compile(r"(?:^|/)(?:\d{5}|0000|-)")


def _resolve_in_order(found: list[_Found], refs: _Refs) -> None:
    for f in found:
        if f.deferred is not None:
            try:
                f.value, f.resolution = f.deferred(refs)
            except (OverflowError, ValueError):
                f.value = None  # beyond the years a date can hold
            f.deferred = None
        if f.value and _OUT_OF_CALENDAR.search(f.value):
            f.value = None  # a year past 9999 or before 1, at the ends of the calendar
        if f.type != "DATE" or not f.value:
            continue
        if f.kind in ("quarter_shifted", "ago") and f.resolution == "range":
            continue  # "a year ago" beside a quarter is not the quarter spoken of
        if f.kind in ("quarter", "quarter_ref"):
            start = f.value.split("/")[0]
            refs.quarter = (int(start[:4]), (int(start[5:7]) - 1) // 3 + 1)
            continue
        if f.kind == "now" or f.resolution not in ("day", "month", "year"):
            continue
        if "/" in f.value or "W" in f.value:
            continue
        parts = [int(p) for p in f.value.split("-")]
        refs.day = date(
            parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1
        )
        refs.resolution = f.resolution


def _scan(text: str, anchor: Anchor | None, refs: _Refs, line: int) -> list[TimeRef]:
    ctx = _Ctx(text, anchor)
    found: list[_Found] = []
    for pattern, handler, priority in _RULES:
        for m in pattern.finditer(text):
            if m.end() == m.start():
                continue
            try:
                f = handler(m, ctx)
            except (OverflowError, ValueError):
                continue  # "2,000 years ago" in year 1000: no date before year 1 or after 9999
            if f is not None and f.end > f.start:
                f.priority += priority
                found.append(f)
    chosen = _merge_ranges(text, _merge_prefix(text, _select(found)))
    for f in chosen:
        week_of = _WEEK_OF.search(text, max(0, f.start - 16), f.start)
        if f.kind == "day" and week_of and week_of.end() == f.start:
            f.start = week_of.start()
            f.kind = "week"
            if f.value:
                f.value, f.resolution = _iso_week(date.fromisoformat(f.value)), "week"
    for f in chosen:
        f.start, f.end = _trim(text, f.start, f.end)
    _resolve_in_order(chosen, refs)
    out: list[TimeRef] = []
    for f in chosen:
        out.append(
            TimeRef(
                mention=Mention(
                    line=line, start=f.start, end=f.end, text=text[f.start : f.end], label=f.type
                ),
                value=f.value,
                resolution=f.resolution,
                type=f.type,
            )
        )
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


# --- public API ----------------------------------------------------------------------------


def find_times_in_text(text: str, *, anchor: date | Anchor | None, line: int = 1) -> list[TimeRef]:
    """Every temporal expression in ``text``, resolved against ``anchor``.

    ``anchor`` is the publication date (a ``date``, or an :class:`Anchor` when
    only its month or year is known); with None only absolute dates get a
    value. Mentions carry ``line`` and character offsets into ``text``.
    """
    a = Anchor(anchor) if isinstance(anchor, date) else anchor
    return _scan(text, a, _Refs(a), line)


def find_times(
    lines: Sequence[Line], *, published: str | None, include_duplicates: bool = False
) -> list[TimeRef]:
    """Temporal expressions of an article's body lines, resolved against ``published``.

    ``published`` is the article's ISO publication date (``YYYY-MM-DD`` or
    coarser); lines repeating an earlier body line are skipped unless
    ``include_duplicates``. The reference time ("the next day") carries from
    line to line.
    """
    anchor = parse_anchor(published)
    refs = _Refs(anchor)
    out: list[TimeRef] = []
    for ln in lines:
        if ln.role is not LineRole.BODY or (ln.duplicate_of is not None and not include_duplicates):
            continue
        out.extend(_scan(ln.text, anchor, refs, ln.number))
    return out


def time_json(ref: TimeRef) -> dict[str, str | int | None]:
    """One expression as ``extract --json`` lists it under ``times`` (see SCHEMA.md)."""
    return {
        "line": ref.mention.line,
        "text": ref.mention.text,
        "value": ref.value,
        "resolution": ref.resolution,
        "type": ref.type,
    }
