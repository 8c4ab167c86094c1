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
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cache, cached_property
from typing import Any

from watchfloor.lang import LanguagePack, load_language
from watchfloor.nlp.sentences import sentences
from watchfloor.records import Line, LineRole, Mention, TimeRef
from watchfloor.theatres import Theatre

__all__ = ["Anchor", "find_times", "find_times_in_text", "parse_anchor"]

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


# --- the language's words -----------------------------------------------------------
#
# Every word comes from the pack: month and weekday names from ``pack.months`` /
# ``pack.weekdays``, the rest from ``lang/<code>/times.toml``. Rule patterns below are
# templates in which ``<<key>>`` stands for the alternation of the table ``times.key``
# (or of a computed one: ``<<month_full>>``, ``<<weekday>>``, ``<<num>>``...); a
# ``_Grammar`` compiles them once per pack.

_PLACEHOLDER = re.compile(r"<<(\w+)>>")
_ISO_CODES = {  # unit -> (time marker, ISO designator, scale): ISO 8601, not language
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
# Sub-day units: "three hours ago" is a clock time, which the grammar does not date.
_CLOCK_UNITS = frozenset({"second", "minute", "hour", "night"})
_DIRECTION_K = {"last": -1, "this": 0, "next": 1}


def _full_forms(names: Mapping[str, int], full: frozenset[str] = frozenset()) -> frozenset[str]:
    """The forms that are not abbreviations: an abbreviation starts a longer form of its
    month or day ("sept" / "september"); case forms ("января", "январь") are all full, and
    so are those of ``full``, a nominative that its own case forms extend ("март" /
    "марта": the pack's ``calendar.full_forms``)."""
    return frozenset(
        n
        for n, k in names.items()
        if n in full or not any(o != n and o.startswith(n) and names[o] == k for o in names)
    )


def _phrases(words: Iterable[str]) -> str:
    """An alternation in which a space matches any run of spaces and an apostrophe
    either apostrophe ("new year's" / "new year’s")."""
    parts = []
    for word in sorted(set(words), key=lambda w: (-len(w), w)):
        body = re.escape(word.replace("’", "'")).replace(r"\ ", r"\s+")
        parts.append(body.replace("'", "['’]"))
    return "|".join(parts) or r"(?!)"


@dataclass(frozen=True, eq=False)
class _Grammar:
    """One language's tables and compiled rules (built once per pack by ``_grammar``)."""

    pack: LanguagePack
    months: Mapping[str, int]
    weekdays: Mapping[str, int]
    numbers: Mapping[str, float]
    units: Mapping[str, str]
    relative: Mapping[str, str]
    relative_units: Mapping[str, str]
    alternations: dict[str, str] = field(default_factory=dict, repr=False)
    compiled: dict[tuple[str, int], re.Pattern[str]] = field(default_factory=dict, repr=False)
    rules: list[tuple[re.Pattern[str], _Handler, int]] = field(default_factory=list, repr=False)

    def words(self, key: str) -> frozenset[str]:
        return self.pack.lower_words(f"times.{key}")

    @cached_property
    def capitalised(self) -> bool:
        return bool(self.pack.get("calendar.capitalised", True))

    def mapping(self, key: str) -> Mapping[str, Any]:
        return self.pack.mapping(f"times.{key}")

    def alt(self, key: str) -> str:
        found = self.alternations.get(key)
        if found is None:
            found = self.alternations[key] = _phrases(self.pack.get(f"times.{key}", ()))
        return found

    def compile(self, template: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
        return re.compile(_PLACEHOLDER.sub(lambda m: f"(?:{self.alt(m[1])})", template), flags)

    @cached_property
    def full_months(self) -> frozenset[str]:
        return _full_forms(self.months, self.pack.lower_words("calendar.full_forms"))

    @cached_property
    def full_weekdays(self) -> frozenset[str]:
        return _full_forms(self.weekdays, self.pack.lower_words("calendar.full_forms"))

    def regex(self, template: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
        """A handler's own pattern, compiled once per pack (handlers run per match)."""
        found = self.compiled.get((template, flags))
        if found is None:
            found = self.compiled[(template, flags)] = self.compile(template, flags)
        return found


@cache
def _grammar(pack: LanguagePack) -> _Grammar:
    g = _Grammar(
        pack=pack,
        months=pack.months,
        weekdays=pack.weekdays,
        numbers={k.lower(): float(v) for k, v in pack.mapping("times.numbers").items()},
        units={k.lower(): str(v) for k, v in pack.mapping("times.units").items()},
        relative={k.lower(): str(v) for k, v in pack.mapping("times.relative").items()},
        relative_units={
            k.lower(): str(v)
            for k, v in {
                **pack.mapping("times.relative"),
                **pack.mapping("times.relative_unit_only"),
            }.items()
        },
    )
    abbreviations = [m for m in g.months if m not in g.full_months]
    tens, units = g.alt("number_tens"), g.alt("number_units")
    g.alternations.update(
        month_full=_phrases(g.full_months),
        month_abbr=_phrases(abbreviations),
        weekday=_phrases(g.full_weekdays),
        relative_all=_phrases(g.relative_units),
        num=(
            rf"\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|(?:{tens})(?:[- ](?:{units}))?|"
            + g.alt("numbers")
        ),
        weekend=_phrases(
            k for k, v in pack.mapping("times.calendar_units").items() if v == "weekend"
        ),
        quarter_word=_phrases(
            k for k, v in pack.mapping("times.quarter_units").items() if v == "quarter"
        ),
        quarter_year_back=_phrases(
            [*pack.get("times.year_back", ()), *pack.get("times.prior_year", ())]
        ),
        quarter_rel=_phrases(
            [
                *pack.get("times.quarter_latest", ()),
                *pack.get("times.quarter_current", ()),
                *pack.get("times.quarter_last", ()),
                *pack.get("times.year_back", ()),
                *pack.get("times.prior_year", ()),
            ]
        ),
        holiday=_phrases([*pack.mapping("times.holidays"), *pack.get("times.thanksgiving", ())]),
    )
    for template, handler, priority in _RULES:
        g.rules.append((g.compile(_expand(template)), handler, priority))
    return g


def _lang(lang: LanguagePack | None) -> _Grammar:
    return _grammar(lang if lang is not None else load_language("en"))


# --- regular-expression pieces ---------------------------------------------------
#
# Written into the rule templates by ``_expand``: {month:g}, {day:g}, {year:g}.


def _month(g: str) -> str:
    return rf"(?P<{g}>(?:<<month_full>>)\b|(?:<<month_abbr>>)(?:\.|\b))"


def _day(g: str) -> str:
    # Not a piece of a longer number, a clock time, a decimal or a percentage.
    return (
        rf"(?<![\d.,:$£€/])(?P<{g}>[12]\d|3[01]|0?[1-9])(?:<<ordinal_suffixes>>)?\b"
        r"(?![.,:/]\d|\s*%)"
    )


def _year(g: str) -> str:
    return rf"(?<![\d.,:$£€/])(?P<{g}>(?:1[6-9]|20)\d\d)(?![\d%]|,\d|[-–]\d)"


_PIECE = re.compile(r"\{(month|day|year):(\w+)\}")
_PIECES = {"month": _month, "day": _day, "year": _year}


def _expand(template: str) -> str:
    return _PIECE.sub(lambda m: _PIECES[m[1]](m[2]), template)


_RANGE_SEP = r"\s*(?:-|–|—|<<range_joiners>>)\s*"
_MONTH_MOD = r"(?P<mod><<month_modifiers>>|(?:<<the>>\s+)?(?:<<month_parts>>))"


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


def _number(g: _Grammar, word: str) -> float | None:
    w = " ".join(word.lower().replace("-", " ").split())
    if w in g.numbers:
        return g.numbers[w]
    try:
        return float(w.replace(",", ""))
    except ValueError:
        pass
    parts = w.split()
    if len(parts) == 2 and parts[0] in g.numbers and parts[1] in g.numbers:
        return g.numbers[parts[0]] + g.numbers[parts[1]]
    return None


def _unit_name(g: _Grammar, unit: str) -> str:
    return g.units[" ".join(unit.lower().split())]


def _duration(n: float | None, unit: str) -> str:
    t, code, scale = _ISO_CODES[unit]
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
_CUE = (
    r"\b(?:(?P<strong><<strong_future>>)|(?P<weak><<weak_future>>)|"
    r"(?P<past><<past_cues>>|[^\W\d_]{3,}(?:<<past_suffixes>>)))\b"
)
# "will be paid", "is expected", "to be completed": a participle after a form of
# "be" is a passive, whose tense is the auxiliary's, not a past.
_PASSIVE_BEFORE = r"\b(?:<<passive_auxiliaries>>)\s+(?:\w+(?:<<adverb_suffixes>>)\s+)?$"
_CLAUSE = 30  # characters either side of a month in which a tense cue counts


def _cues(
    g: _Grammar, text: str, lo: int, hi: int, start: int, end: int
) -> Iterator[tuple[int, str, bool]]:
    """(distance, 'past' | 'future', strong) for each tense cue of text[lo:hi] outside the span."""
    not_past = g.words("not_past")
    passive = g.regex(_PASSIVE_BEFORE)
    for m in g.regex(_CUE).finditer(text, lo, hi):
        if m.start() < end and m.end() > start:
            continue
        if m.group("past"):
            if m.group("past").lower() in not_past:
                continue
            if passive.search(text, max(0, m.start() - 24), m.start()):
                continue
            kind, strong = "past", True
        else:
            kind, strong = "future", m.group("weak") is None
        yield (start - m.end() if m.end() <= start else m.start() - end), kind, strong
    if g.pack.knows_tenses:
        # a verb's own tense by the pack's dictionary: "войска прибудут в пятницу" looks
        # ahead with no auxiliary to list; reporting verbs stay out as above
        for m in _WORD.finditer(text, lo, hi):
            if m.start() < end and m.end() > start:
                continue
            tense = g.pack.verb_tense(m.group())
            if tense == "future":
                kind, strong = "future", True
            elif tense == "past" and m.group().lower() not in not_past:
                kind, strong = "past", True
            else:
                continue
            yield (start - m.end() if m.end() <= start else m.start() - end), kind, strong


_WORD = re.compile(r"[^\W\d_]+")


def _tense(
    g: _Grammar, text: str, bounds: tuple[int, int], start: int, end: int, *, strong_only: bool
) -> str:
    """'past', 'future' or 'neutral': the nearest tense cue within ``bounds`` (a sentence)."""
    best: tuple[int, str] | None = None
    for dist, kind, strong in _cues(g, text, *bounds, start, end):
        if strong_only and not strong:
            continue
        if best is None or dist < best[0]:
            best = (dist, kind)
    return best[1] if best else "neutral"


def _around(spans: list[tuple[int, int]], length: int, start: int, end: int) -> tuple[int, int]:
    """The sentence holding text[start:end] (``spans`` its sentences), at most 400
    characters either side (as ``nlp.sentences.sentence_around``, from spans made once)."""
    k = bisect.bisect_right(spans, (start, length + 1)) - 1
    if k >= 0 and spans[k][0] <= start and end <= max(spans[k][1], spans[k][0] + 1):
        lo, hi = spans[k]
        return max(lo, start - 400), min(hi, end + 400)
    return max(0, start - 400), min(length, end + 400)


# --- the grammar -------------------------------------------------------------------------


@dataclass(slots=True)
class _Ctx:
    text: str
    anchor: Anchor | None
    g: _Grammar
    _sentences: list[tuple[int, int]] | None = None

    def before(self, i: int, n: int = 40) -> str:
        return self.text[max(0, i - n) : i]

    def after(self, i: int, n: int = 40) -> str:
        return self.text[i : i + n]

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        if self._sentences is None:
            # split once per text: a TimeBank document is one text of many sentences
            self._sentences = sentences(self.text, lang=self.g.pack)
        return _around(self._sentences, len(self.text), start, end)

    def tense(self, start: int, end: int, *, weekday: bool = False) -> str:
        """The tense a weekday reads in its whole sentence, from strong cues only; the
        tense a month (or a day of one) reads in its clause: cues within 30 characters.

        Measured on TimeBank: month names and dates read against the whole sentence
        pick up verbs that belong to other clauses, and go wrong more often than
        they go right; the nearest-month default is right for most of them.
        """
        g = self.g
        if g.regex(r"\b<<since>>\s+$").search(self.before(start, 8)):
            return "past"
        whole = self.sentence(start, end)
        if weekday:
            return _tense(g, self.text, whole, start, end, strong_only=True)
        lo, hi = max(0, start - _CLAUSE), min(len(self.text), end + _CLAUSE)
        window = self.text[lo:hi]
        near_bounds = _around(sentences(window, lang=g.pack), len(window), start - lo, end - lo)
        near = _tense(g, window, near_bounds, start - lo, end - lo, strong_only=False)
        if near != "neutral":
            return near
        # a sentence that only looks back keeps its months in the past
        kinds = {kind for _, kind, _ in _cues(g, self.text, *whole, start, end)}
        return "past" if kinds == {"past"} else "neutral"

    def determiner_follows(self, i: int, key: str, *, digits: bool) -> bool:
        """Whether an object follows ("two days before the vote", "the day before
        Christmas"): a word starting with a determiner of ``key``, or a capital."""
        m = re.match(r"\s+(\w)", self.after(i, 6))
        if m is None:
            return False
        rest = self.after(i + m.start(1), 6)
        return (
            m[1].isupper()
            or (digits and m[1].isdigit())
            or any(rest.startswith(w) for w in self.g.words(key))
        )


_Handler = Callable[[re.Match[str], _Ctx], "_Found | None"]
_RULES: list[tuple[str, _Handler, int]] = []


def _rule(template: str, priority: int = 0) -> Callable[[_Handler], _Handler]:
    """Register a handler for a rule template (compiled per language by ``_grammar``)."""

    def register(handler: _Handler) -> _Handler:
        _RULES.append((template, handler, priority))
        return handler

    return register


def _capitalised(ctx: _Ctx, word: str) -> bool:
    """Whether a month, weekday or holiday name is written as a name. English capitalises
    them ("may" is a verb, "May" the month); a pack whose language writes them in lower
    case ("21 февраля") says so with ``calendar.capitalised = false``."""
    return word[:1].isupper() or not ctx.g.capitalised


def _month_of(ctx: _Ctx, word: str) -> int:
    return ctx.g.months[word.lower().rstrip(".")]


def _direction(ctx: _Ctx, rel: str | None) -> str | None:
    """'last', 'this' or 'next' for a relative word before a month, weekday or season."""
    return ctx.g.relative.get(" ".join((rel or "").lower().split())) if rel else None


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


@_rule(r"\b(?P<the><<the>>\s+)?{day:d}(?:\s+<<of>>)?\s+{month:m}(?:,?\s+{year:y})?")
def _day_month(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    if not _capitalised(ctx, m["m"]):
        return None
    y = int(m["y"]) if m["y"] else None
    found = _day_value(ctx, m, y, _month_of(ctx, m["m"]), int(m["d"]))
    if found and m["the"]:
        found.start = m.start("d")
    return found


@_rule(r"\b{month:m}\s+(?:<<the>>\s+)?{day:d}(?:,?\s+{year:y})?")
def _month_day(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    if not _capitalised(ctx, m["m"]):
        return None
    y = int(m["y"]) if m["y"] else None
    return _day_value(ctx, m, y, _month_of(ctx, m["m"]), int(m["d"]))


def _range_of_days(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    if not _capitalised(ctx, m["m"]):
        return None
    g = ctx.g
    mo, d1, d2 = _month_of(ctx, m["m"]), int(m["d1"]), int(m["d2"])
    if d1 >= d2 or _valid_day(2000, mo, d2) is None:
        return None
    joiner = m.string[m.end("d1") : m.start("d2")].strip().lower()
    lead = (m["from"] or "").strip().lower()
    if (joiner in g.words("range_and")) != (lead in g.words("range_between")):
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
    rf"(?P<from>\b(?:<<range_from>>|<<range_between>>)\s+)?{{day:d1}}{_RANGE_SEP}{{day:d2}}"
    r"(?:\s+<<of>>)?\s+{month:m}(?:,?\s+{year:y})?"
)(_range_of_days)
_rule(
    r"(?P<from>\b(?:<<range_from>>|<<range_between>>)\s+)?\b{month:m}\s+{day:d1}"
    rf"{_RANGE_SEP}{{day:d2}}(?:,?\s+{{year:y}})?"
)(_range_of_days)


@_rule(
    rf"\b(?:{_MONTH_MOD}[\s-]+|(?P<rel><<relative>>)\s+)?"
    r"{month:m}(?:,?\s+(?:<<of>>\s+)?{year:y})?"
)
def _month_name(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    word = m["m"]
    if not _capitalised(ctx, word):
        return None
    g = ctx.g
    key = word.lower().rstrip(".")
    qualified = bool(m["mod"] or m["rel"] or m["y"])
    if not qualified:
        if key not in g.full_months:
            return None  # a bare abbreviation ("Jan", "Dec") is a name more often than a month
        before = ctx.before(m.start(), 20)
        preposition = (
            g.regex(
                r"(?:\b(?:<<month_context>>)\s+|\b<<month_prefixes>>|(?:<<month_full>>),\s*)$"
            ).search(before)
            is not None
        )
        if key in g.words("ambiguous_months") and not preposition:
            return None
        # "April Ryan said": a month followed by a capitalised name is a name
        nxt = re.match(r"\s+(\w+)", ctx.after(m.end(), 20))
        name = nxt and re.match(r"\w[^\W\d_A-Z]+", nxt.group(1))
        if (
            name
            and name.group()[0].isupper()
            and not preposition
            and name.group().lower() not in g.months
            and name.group().lower() not in g.full_weekdays
        ):
            return None
    mo = _month_of(ctx, word)
    start = m.start()
    if m["y"]:
        return _Found(start, m.end(), _iso_month(int(m["y"]), mo), "month", kind="month")
    anchor = ctx.anchor
    if anchor is None:
        return _Found(start, m.end(), None, "month", kind="month", explicit_year=False)
    mode = _direction(ctx, m["rel"]) or ctx.tense(m.start(), m.end())
    y = _month_year(anchor, mo, mode)
    return _Found(start, m.end(), _iso_month(y, mo), "month", kind="month", explicit_year=False)


@_rule(
    r"\b(?:(?P<rel><<relative>>)\s+)?(?P<wd><<weekday>>)(?!<<possessive>>\b)"
    r"(?:\s+(?P<part><<day_parts>>))?"
)
def _weekday(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    if not _capitalised(ctx, m["wd"]):
        return None
    g = ctx.g
    if (
        g.regex(r"\b(?:<<weekday_names_before>>)\s+$").search(ctx.before(m.start(), 12))
        and not m["rel"]
    ):
        return None
    if g.regex(r"^\s+(?:<<weekday_names_after>>)\b").match(ctx.after(m.end("wd"), 30)):
        return None
    anchor = ctx.anchor
    wd = g.weekdays[m["wd"].lower()]
    if anchor is None:
        return _Found(m.start(), m.end(), None, "day", kind="weekday", explicit_year=False)
    if anchor.resolution != "day":
        value, res = _coarse(anchor)
        return _Found(m.start(), m.end(), value, res, kind="weekday", explicit_year=False)
    direction = _direction(ctx, m["rel"])
    if direction is not None:
        found = _weekday_date(anchor.day, wd, direction)
    elif g.regex(_SCHEDULED_PRESENT).search(ctx.before(m.start(), 24)):
        # "the drills open on Thursday": a timetable in the present tense is ahead
        found = _weekday_date(anchor.day, wd, "future")
    else:
        found = _weekday_date(anchor.day, wd, ctx.tense(m.start(), m.end(), weekday=True))
    return _Found(m.start(), m.end(), _iso_day(found), "day", kind="weekday", explicit_year=False)


# A plural subject's timetable verb right before "on <weekday>": present tense, so
# the day is ahead ("manoeuvres open on Thursday", "talks resume on Monday"). Only
# the plural forms: "opens on" in a singular headline is as often the past.
_SCHEDULED_PRESENT = r"\b(?:<<scheduled_present>>)\s+(?:<<on>>\s+)?$"


# A weekday's possessive ("Sunday's vote") is still that day.
@_rule(r"\b(?:(?P<rel><<relative>>)\s+)?(?P<wd><<weekday>>)(?=<<possessive>>\b)(?P<part>(?!))?")
def _weekday_possessive(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    return _weekday(m, ctx)


@_rule(r"\b(?:(?P<mod><<relative_day_modifiers>>)\s+)?(?P<rd><<relative_days>>)\b")
def _relative_day(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    k = int(ctx.g.mapping("relative_days")[" ".join(m["rd"].lower().split())])
    value, res = _relative(ctx.anchor, "day", k)
    return _Found(m.start(), m.end(), value, res, kind="relday", explicit_year=False)


@_rule(r"\b(?:<<present>>)\b")
def _now(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    g = ctx.g
    word = " ".join(m.group(0).lower().split())
    # "now that", "just now", "now and then", "now-defunct" are not the present day
    if word in g.words("now") and (
        g.regex(r"\s+(?:<<now_not_after>>)\b|-").match(ctx.after(m.end(), 12))
        or g.regex(r"\b(?:<<now_not_before>>)\s+$").search(ctx.before(m.start(), 10))
    ):
        return None
    value, res = _relative(ctx.anchor, "day", 0)
    return _Found(m.start(), m.end(), value, res, kind="now", explicit_year=False, priority=-1)


def _part(ctx: _Ctx, mod: str | None) -> str:
    """'end' for "the end of", "the close of"...; 'start' for "the beginning of"; else ''."""
    words = " ".join((mod or "").lower().split())
    if any(words.endswith(p) for p in ctx.g.words("end_parts")):
        return "end"
    if any(words.endswith(p) for p in ctx.g.words("start_parts")):
        return "start"
    return ""


@_rule(
    r"\b(?:(?P<mod><<unit_modifiers>>|(?:<<the>>\s+)?(?:<<unit_parts>>))[\s-]+(?:<<in>>\s+)?)?"
    r"(?P<the><<the>>\s+)?(?P<rel><<relative_all>>)\s+(?P<unit><<calendar_units>>)\b"
)
def _relative_unit(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    g = ctx.g
    rel = " ".join(m["rel"].lower().split())
    unit = str(g.mapping("calendar_units")[m["unit"].lower()])
    direction = g.relative_units[rel]
    if m["the"] and rel in g.words("relative_stretch") and not m["mod"] and unit != "weekend":
        # "the past week", "the next year": a stretch of time, not a calendar week
        return _Found(m.start(), m.end(), _duration(1, unit), unit, "DURATION", kind="duration")
    if rel in g.words("relative_reference") or (m["the"] and direction != "this"):
        if unit == "weekend":  # "the following weekend": the grammar keeps no weekend reference
            return _Found(m.start(), m.end(), None, "range", kind="ref", explicit_year=False)
        return _deferred_offset(m.start(), m.end(), unit, _DIRECTION_K[direction])
    if unit == "weekend":
        return _weekend(m.start(), m.end(), ctx, direction)
    value, res = _relative(ctx.anchor, unit, _DIRECTION_K[direction])
    value, res = _with_end(value, res, unit, _part(ctx, m["mod"]))
    return _Found(m.start(), m.end(), value, res, kind=unit, explicit_year=False)


def _with_end(value: str | None, res: str, unit: str, part: str) -> tuple[str | None, str]:
    """'the end of the year' is its December, 'the beginning of the year' its January."""
    if unit == "year" and value and res == "year":
        if part == "end":
            return f"{value}-12", "month"
        if part == "start":
            return f"{value}-01", "month"
    return value, res


@_rule(
    r"\b(?P<mod>(?:<<the>>\s+)?(?:<<the_unit_parts>>))\s+<<the>>\s+"
    r"(?P<unit><<calendar_units>>)\b|\b(?P<ye><<year_end>>)\b"
)
def _end_of_the(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    unit = str(ctx.g.mapping("calendar_units")[m["unit"].lower()]) if m["unit"] else "year"
    if unit == "weekend":
        return None
    part = _part(ctx, m["mod"]) if m["mod"] else "end"
    value, res = _relative(ctx.anchor, unit, 0)
    value, res = _with_end(value, res, unit, part)
    return _Found(m.start(), m.end(), value, res, kind=unit, explicit_year=False)


def _weekend(start: int, end: int, ctx: _Ctx, direction: str | None) -> _Found:
    anchor = ctx.anchor
    if anchor is None:
        return _Found(start, end, None, "range", kind="weekend", explicit_year=False)
    if anchor.resolution != "day":
        value, res = _coarse(anchor)
        return _Found(start, end, value, res, kind="weekend", explicit_year=False)
    a = anchor.day
    if direction in ("last", "next"):
        mode = direction
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


@_rule(r"\b(?:<<over>>\s+)?(?P<w><<the>>\s+<<weekend>>)\b")
def _the_weekend(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    return _weekend(m.start("w"), m.end(), ctx, None)


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


@_rule(r"\b(?:<<reference_days>>)\b")
def _reference_day(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    if ctx.determiner_follows(m.end(), "determiners_reference", digits=True):
        # "the day before the interview": counted from an event this module does not date
        return _Found(m.start(), m.end(), None, "day", kind="ref", explicit_year=False)
    k = int(ctx.g.mapping("reference_days")[" ".join(m.group(0).lower().split())])
    return _deferred_offset(m.start(), m.end(), "day", k)


@_rule(r"\b(?P<n><<num>>|<<vague_numbers>>)[\s-]+(?P<unit><<units>>)\s+(?P<dir><<counted>>)\b")
def _ago(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    g = ctx.g
    unit = _unit_name(g, m["unit"])
    word = " ".join(m["dir"].lower().split())
    direction = g.mapping("counted")[word]
    n = _number(g, m["n"])
    if unit in _CLOCK_UNITS:
        return None
    k_sign = -1 if direction == "back" else 1
    # "two days before the vote": anchored on an event this module does not date
    if word in g.words("counted_prepositions") and ctx.determiner_follows(
        m.end(), "determiners", digits=False
    ):
        return None
    cal = {"decade": "year", "century": "year"}.get(unit, unit)
    scale = {"decade": 10, "century": 100}.get(unit, 1)
    if n is None or n != int(n):
        return _Found(m.start(), m.end(), None, cal, kind="ago", explicit_year=False)
    k = k_sign * int(n) * scale
    if direction == "ahead":
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


@_rule(r"\b(?P<unit><<bare_units>>)\s+(?P<dir><<counted>>)\b")
def _bare_ago(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    """A unit with no count before "ago": one of it, in a language that says "a week
    ago" without the "a" ("неделю назад", "тиждень тому"); the pack's ``bare_units``."""
    g = ctx.g
    if g.mapping("counted")[" ".join(m["dir"].lower().split())] != "back":
        return None  # "неделю спустя": counted from a date this rule does not keep
    unit = _unit_name(g, m["unit"])
    if unit not in ("day", "week", "month", "year"):
        return None
    value, res = _relative(ctx.anchor, unit, -1)
    return _Found(m.start(), m.end(), value, res, kind="ago", explicit_year=False)


@_rule(
    r"\b(?P<the><<the>>\s+<<stretch_leads>>\s+)?"
    r"(?P<n><<num>>|<<vague_numbers>>)(?P<nhalf>\s+<<and_a_half>>)?(?P<sep>[\s-]+)(?P<unit><<units>>)\b"
    r"(?P<half>\s+<<and_a_half>>\b)?"
)
def _duration_rule(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    g = ctx.g
    after = ctx.after(m.end(), 12)
    if g.regex(r"[\s-]+(?:<<age>>)\b").match(after):
        return None  # an age, not a stretch of time
    n_text = " ".join(m["n"].lower().split())
    unit = _unit_name(g, m["unit"])
    if m["sep"].startswith("-") and m["unit"].lower() != unit:
        return None  # "three-days": a plural unit is never hyphened to its count
    if g.regex(r"\b<<on>>\s+$").search(ctx.before(m.start(), 6)):
        return None  # "on one day last week": a day, not a stretch of time
    indefinite = n_text in g.words("indefinite")
    one_day = unit == "day" and n_text in g.numbers and g.numbers[n_text] == 1
    if (indefinite or one_day) and not m["the"]:
        # "a year" is a duration after "for", "in", "over"...; elsewhere mostly not
        if not g.regex(r"\b(?:<<duration_context>>)\s+$").search(ctx.before(m.start(), 24)):
            return None
        if g.regex(r"\s+(?:<<indefinite_not_duration>>)\b").match(after):
            return None
    if g.regex(r"\s+(?:<<not_duration>>)\b").match(after):
        return None  # the ago rule takes it
    if n_text in g.words("vague_numbers"):
        if not m["the"] and n_text in g.words("weak_vague_numbers"):
            return None
        n: float | None = None
    else:
        n = _number(g, m["n"])
        if n is None:
            return None
        if unit == "night" and n > 31:
            return None
        if m["half"] or m["nhalf"]:
            n += 0.5
    start = m.start() if m["the"] else m.start("n")
    return _Found(start, m.end(), _duration(n, unit), unit, "DURATION", kind="duration")


@_rule(
    r"\b(?:(?:<<vague_stretch_preps>>)\s+(?P<pre><<vague_stretch>>)\s+|"
    r"(?P<for><<vague_duration_preps>>)\s+)(?P<unit><<vague_units>>)\b"
)
def _vague_duration(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    start = m.start("pre") if m["pre"] else m.start("unit")
    unit = _unit_name(ctx.g, m["unit"])
    resolution = "year" if unit == "decade" else unit
    return _Found(start, m.end(), _duration(None, unit), resolution, "DURATION", kind="duration")


@_rule(
    r"\b(?:(?P<q><<set_every>>)\s+(?:<<set_other>>\s+)?(?P<unit><<set_units>>|<<weekday>>)|"
    r"(?P<adv><<set_adverbs>>)|"
    r"(?P<n><<set_counts>>|\d+\s+<<set_times>>)\s+(?:<<set_per>>)\s+"
    r"(?P<unit2><<set_count_units>>))\b"
)
def _set(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    g = ctx.g
    if m["adv"] and not m["adv"].islower():
        return None  # "Daily Mail", "Weekly Standard"
    if m["adv"]:
        unit = str(g.mapping("set_adverbs")[m["adv"]])
    else:
        word = (m["unit"] or m["unit2"]).lower()
        if word in g.full_weekdays:
            return _Found(
                m.start(), m.end(), f"XXXX-WXX-{g.weekdays[word] + 1}", "day", "SET", kind="set"
            )
        unit = str(g.mapping("set_units").get(word, word))
    value = "XXXX-WXX-WE" if unit == "weekend" else _duration(1, unit)
    resolution = unit if unit in ("day", "week", "month", "year") else "day"
    return _Found(m.start(), m.end(), value, resolution, "SET", kind="set")


_QUANTITY_BEFORE = r"\b(?:<<quantity_before>>)\s+$|[$€£#]\s*$"
_QUANTITY_AFTER = r"^\s*(?:<<quantity_after>>)(?!\w)"


@_rule(
    r"\b(?:(?P<mod><<year_modifiers>>|(?:<<the>>\s+)?(?:(?P<part><<year_parts>>)|"
    r"(?P<season><<seasons>>)\s+<<of>>))[\s-]+|(?P<lead>(?:<<the>>\s+)?(?:<<year_leads>>)\s+))?"
    r"{year:y}(?!\s*[-–]\s*\d)"
)
def _year_rule(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    g = ctx.g
    y = int(m["y"])
    after = ctx.after(m.end(), 20)
    if g.regex(r"(?:<<decade_suffixes>>)\b").match(after):
        return None  # the 1990s: a decade
    if not (m["mod"] or m["lead"]):
        if g.regex(_QUANTITY_BEFORE).search(ctx.before(m.start(), 20)) or g.regex(
            _QUANTITY_AFTER
        ).match(after):
            return None
        if ctx.anchor is not None and y > ctx.anchor.day.year + 30:
            return None  # a quantity written like a year, far in the future
    if m["season"]:
        return _Found(m.start(), m.end(), _season_value(g, y, m["season"]), "range", kind="season")
    value, res = _with_end(f"{y:04d}", "year", "year", _part(ctx, m["part"]))
    return _Found(m.start(), m.end(), value, res, kind="year")


@_rule(
    r"\b(?P<lead><<range_from>>\s+|<<range_between>>\s+)?(?<![\d.,$])(?P<y1>(?:1[6-9]|20)\d\d)"
    r"\s*(?P<joiner>[-–—]|<<year_range_joiners>>)\s*(?P<y2>(?:1[6-9]|20)?\d\d)(?![\d%])"
)
def _year_span(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    g = ctx.g
    y1 = int(m["y1"])
    y2s = m["y2"]
    y2 = int(y2s) if len(y2s) == 4 else (y1 // 100) * 100 + int(y2s)
    if y2 <= y1 or y2 - y1 > 100:
        return None
    joiner = m["joiner"].lower()
    lead = " ".join((m["lead"] or "").lower().split())
    if joiner in g.words("range_and") and lead not in g.words("range_between"):
        return None
    if joiner[:1].isalpha() and joiner not in g.words("range_and") and len(y2s) == 2:
        return None  # "2014 to 16" is a count; "2014-16" a span
    if g.regex(_QUANTITY_AFTER).match(ctx.after(m.end(), 20)):
        return None
    return _Found(m.start(), m.end(), f"{y1:04d}/{y2:04d}", "range", kind="range")


def _season_value(g: _Grammar, y: int, season: str) -> str:
    return _month_range(y, int(g.mapping("seasons")[season.lower()]), 3)


@_rule(
    r"\b(?:(?P<rel><<season_leads>>)[\s-]+(?:(?:<<season_modifiers>>)[\s-]+)?)?"
    r"(?P<s><<seasons>>)(?:\s+(?:<<of>>\s+)?{year:y})?\b"
)
def _season(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    g = ctx.g
    season = m["s"].lower()
    rel = (m["rel"] or "").lower()
    direction = g.relative.get(rel)
    if (
        not rel
        and not m["y"]
        and not g.regex(r"\b(?:<<season_context>>)\s+$").search(ctx.before(m.start(), 12))
    ):
        return None
    is_the = rel in g.words("the")
    if season in g.words("ambiguous_seasons") and not m["y"]:
        if direction is None and g.regex(r"\s+<<of>>\b").match(ctx.after(m.end(), 6)):
            return None  # "the fall of Kabul"
        if (not rel or is_the) and not g.regex(
            r"\b(?:<<ambiguous_season_context>>)\s+(?:<<the>>\s+)?$"
        ).search(ctx.before(m.start(), 16)):
            return None
    if (
        season not in g.words("ambiguous_seasons")
        and is_the
        and g.regex(r"\s+<<of>>\s+(?!(?:1[6-9]|20)\d\d)").match(ctx.after(m.end(), 12))
    ):
        return None
    start = m.start()
    if m["y"]:
        return _Found(start, m.end(), _season_value(g, int(m["y"]), season), "range", kind="season")
    anchor = ctx.anchor
    if anchor is None:
        return _Found(start, m.end(), None, "range", kind="season", explicit_year=False)
    a = anchor.day
    first = int(g.mapping("seasons")[season])
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
    if direction == "last":
        y = a.year
        while bounds(y)[1] >= a_index:
            y -= 1
    elif direction == "next":
        y = a.year - 1
        while bounds(y)[0] <= a_index:
            y += 1
    elif containing is not None:
        y = containing
    elif direction == "this":
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
        start, m.end(), _season_value(g, y, season), "range", kind="season", explicit_year=False
    )


def _quarter_value(y: int, q: int) -> str:
    return _month_range(y, 3 * q - 2, 3)


@_rule(
    r"\b(?P<the><<the>>\s+)?(?:(?:<<fiscal>>)\s+)?(?P<ord><<ordinals>>)[\s-]+"
    r"(?P<unit><<quarter_units>>)(?:\s+(?:<<of>>\s+)?(?:(?:<<fiscal>>)\s+)?{year:y})?"
    r"(?![\s-]+(?:<<of>>\s+(?!(?:1[6-9]|20)\d\d)|<<quarter_not_before>>))"
)
def _quarter(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    g = ctx.g
    unit = str(g.mapping("quarter_units")[m["unit"].lower()])
    ordinal = int(g.mapping("ordinals")[m["ord"].lower()])
    if unit == "half" and ordinal > 2:
        return None
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


def _normal(text: str | None) -> str:
    return " ".join((text or "").lower().replace("-", " ").split())


@_rule(r"\b(?P<the><<the>>\s+)?(?P<rel><<quarter_rel>>)?\s*(?P<w><<quarter_word>>|<<period>>)\b")
def _the_quarter(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    g = ctx.g

    def among(key: str) -> bool:
        return rel in {_normal(w) for w in g.words(key)}

    rel = _normal(m["rel"])
    year_back = among("year_back") or among("prior_year")
    if m["w"].lower() in g.words("period") and not (year_back or among("quarter_latest")):
        return None
    if not m["the"] and not rel:
        return None
    if not rel and g.regex(r"\s+(?:<<quarter_not_after>>)\b").match(ctx.after(m.end(), 10)):
        return None
    if g.regex(r"\b(?:<<quarter_not_counted>>)[\s-]+$").search(ctx.before(m.start(), 8)):
        return None
    start, end = m.start(), m.end()
    shift = -1 if year_back else 0
    last = among("quarter_last")
    current = among("quarter_current")
    latest = among("quarter_latest")

    def resolve(refs: _Refs) -> tuple[str | None, str]:
        if refs.quarter and not last and not current and not latest:
            qy, q = refs.quarter
            return _quarter_value(qy + shift, q), "range"
        if refs.anchor is None:
            return None, "range"
        a = refs.anchor.day
        q = (a.month - 1) // 3 + 1
        qy = a.year
        if not current:  # the latest reported quarter: the one before
            q -= 1
            if q == 0:
                qy, q = qy - 1, 4
        return _quarter_value(qy + shift, q), "range"

    kind = "quarter_shifted" if shift else "quarter_ref"
    return _Found(start, end, None, "range", kind=kind, explicit_year=False, deferred=resolve)


@_rule(
    r"\b(?P<the><<the>>\s+)?(?:(?:<<quarter_same>>)\s+)?(?:(?P<y>(?:1[6-9]|20)\d\d)|"
    r"(?P<rel><<relative>>)\s+<<year_word>><<possessive>>|(?P<ago><<quarter_year_back>>))\s+"
    r"(?:(?P<ord><<ordinals>>)[\s-]+)?(?:<<fiscal>>\s+)?"
    r"(?P<unit><<quarter_units>>|<<period>>)\b"
)
def _year_quarter(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    """'the 1988 third quarter', "this year's third quarter", 'the year-ago period'."""
    g = ctx.g
    word = m["unit"].lower()
    unit = "period" if word in g.words("period") else str(g.mapping("quarter_units")[word])
    ordinal = int(g.mapping("ordinals")[m["ord"].lower()]) if m["ord"] else None
    if unit == "half" and (ordinal is None or ordinal > 2):
        return None
    if unit == "period" and ordinal is not None:
        return None
    start, end = m.start(), m.end()
    written = int(m["y"]) if m["y"] else None
    direction = _direction(ctx, m["rel"])
    rel = _DIRECTION_K[direction] if direction else None

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


@_rule(r"\b(?:<<year_back>>)\b")
def _year_earlier_adjective(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    """'the year-earlier $4.5 million': the quarter spoken of, or the year, a year back."""

    def resolve(refs: _Refs) -> tuple[str | None, str]:
        if refs.quarter:
            return _quarter_value(refs.quarter[0] - 1, refs.quarter[1]), "range"
        return _relative(refs.anchor, "year", -1)

    return _Found(
        m.start(), m.end(), None, "year", kind="ago", explicit_year=False, deferred=resolve
    )


@_rule(r"\b{month:m}(?:\s+<<of>>)?\s+(?P<rel><<relative>>)\s+<<year_word>>\b")
def _month_of_relative_year(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    """'July last year', 'December of next year'."""
    if not _capitalised(ctx, m["m"]):
        return None
    k = _DIRECTION_K[_direction(ctx, m["rel"]) or "this"]
    if ctx.anchor is None:
        return _Found(m.start(), m.end(), None, "month", kind="month", explicit_year=False)
    y = ctx.anchor.day.year + k
    return _Found(m.start(), m.end(), _iso_month(y, _month_of(ctx, m["m"])), "month", kind="month")


@_rule(r"\b(?P<h><<holiday>>)(?:,?\s+{year:y})?\b")
def _holiday(m: re.Match[str], ctx: _Ctx) -> _Found | None:
    g = ctx.g
    name = " ".join(m["h"].lower().replace("’", "'").split())
    if not _capitalised(ctx, m["h"]):
        return None
    if g.regex(r"\s+(?:<<holiday_not_before>>)").match(ctx.after(m.end(), 10)):
        return None  # "Christmas tree"
    y = int(m["y"]) if m["y"] else None
    if name in g.words("thanksgiving"):

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
    holidays = {k.replace("’", "'").lower(): v for k, v in g.mapping("holidays").items()}
    mo, d = (int(p) for p in str(holidays[name]).split("-"))
    return _day_value(ctx, m, y, mo, d)


# --- selection and merges ------------------------------------------------------------------

_WEEK_OF = r"\b(?:<<the>>\s+)?<<week_of>>\s+$"
_PREFIX_JOIN = r"^(?:,\s*|\s*\(\s*|\s+(?:<<the>>\s+)?)$"
_RANGE_JOIN = r"^\s*(?:-|–|—|<<range_joiners>>)\s*$"
_RANGE_LEAD = r"\b(?P<w><<range_from>>|<<range_between>>)\s+$"
_DASHES = frozenset("-–—")


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


def _merge_prefix(g: _Grammar, text: str, found: list[_Found]) -> list[_Found]:
    """'Yesterday, 22 February' / 'Sunday, Feb. 20': one day, the written date's value."""
    prefix_join = g.regex(_PREFIX_JOIN, 0)
    out: list[_Found] = []
    for f in found:
        if out:
            prev = out[-1]
            gap = text[prev.end : f.start]
            if (
                prev.kind in ("relday", "weekday")
                and f.kind == "day"
                and prefix_join.match(gap)
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


def _merge_ranges(g: _Grammar, text: str, found: list[_Found]) -> list[_Found]:
    """'from January to March', 'between 10 February and 3 March 2022': one range."""
    range_join, range_lead = g.regex(_RANGE_JOIN), g.regex(_RANGE_LEAD)
    joiners_alone = _DASHES | g.words("range_joiners_alone")
    and_, between, from_ = g.words("range_and"), g.words("range_between"), g.words("range_from")
    out: list[_Found] = []
    for f in found:
        if out:
            prev = out[-1]
            gap = text[prev.end : f.start]
            lead = range_lead.search(text[max(0, prev.start - 10) : prev.start])
            lead_word = lead["w"].lower() if lead else ""
            joiner = " ".join(gap.lower().split())
            kinds = (_RANGE_KINDS.get(prev.kind), _RANGE_KINDS.get(f.kind))
            if (
                range_join.match(gap)
                and kinds[0] is not None
                and kinds[0] == kinds[1]
                and prev.resolution == f.resolution
                and (lead or (joiner not in and_ and joiner in joiners_alone))
                and (lead_word not in between or joiner in and_)
                and (lead_word not in from_ or joiner not in and_)
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


def _scan(g: _Grammar, text: str, anchor: Anchor | None, refs: _Refs, line: int) -> list[TimeRef]:
    ctx = _Ctx(text, anchor, g)
    found: list[_Found] = []
    for pattern, handler, priority in g.rules:
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
    chosen = _merge_ranges(g, text, _merge_prefix(g, text, _select(found)))
    week_of_before = g.regex(_WEEK_OF)
    for f in chosen:
        week_of = week_of_before.search(text, max(0, f.start - 16), f.start)
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


def find_times_in_text(
    text: str, *, anchor: date | Anchor | None, line: int = 1, lang: LanguagePack | None = None
) -> list[TimeRef]:
    """Every temporal expression in ``text``, resolved against ``anchor``.

    ``anchor`` is the publication date (a ``date``, or an :class:`Anchor` when
    only its month or year is known); with None only absolute dates get a
    value. Mentions carry ``line`` and character offsets into ``text``.
    ``lang`` is the text's language pack (English when None).
    """
    a = Anchor(anchor) if isinstance(anchor, date) else anchor
    return _scan(_lang(lang), text, a, _Refs(a), line)


def find_times(
    lines: Sequence[Line],
    *,
    published: str | None,
    include_duplicates: bool = False,
    lang: LanguagePack | None = None,
    theatre: Theatre | None = None,
) -> list[TimeRef]:
    """Temporal expressions of an article's body lines, resolved against ``published``.

    ``published`` is the article's ISO publication date (``YYYY-MM-DD`` or
    coarser); lines repeating an earlier body line are skipped unless
    ``include_duplicates``. The reference time ("the next day") carries from
    line to line. ``lang`` is the article's language pack (English when None);
    ``theatre`` is taken as every stage takes it, and unused: a calendar holds
    no facts of one situation.
    """
    g = _lang(lang)
    anchor = parse_anchor(published)
    refs = _Refs(anchor)
    out: list[TimeRef] = []
    for ln in lines:
        if ln.role is not LineRole.BODY or (ln.duplicate_of is not None and not include_duplicates):
            continue
        out.extend(_scan(g, ln.text, anchor, refs, ln.number))
    return out
