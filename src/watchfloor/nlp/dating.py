"""Date an article from its content when it carries no dateline.

Place in the flow: called by ``clean`` when it found no publication date; the
result becomes ``Article.published`` (with ``published_evidence`` saying why),
so that ``nlp.times`` can resolve "on Wednesday" and "since October".

The reasoning is the one a reader does: "Shoigu flew to Minsk on Saturday" was
written within the six days after 3 December 2022, the day of that visit;
"the UN report released on Wednesday" of 7 December narrows it further. Each
sentence that mentions an event of ``nlp.chronology`` together with a relative
time expression constrains the publication date to a set of days; absolute
dates the text reports as past, and known events it reports as past, bound it
from below. The constraints are intersected, and an answer is given only when
they agree and pin the date to one week (then the day: see below) or one
calendar month. Never a guess: no chronology or dated evidence, contradicting
evidence, or evidence that leaves more than a month open all give None.

How a time expression constrains the publication date (P), given the event's
date E:

- expressions counted from P ("on Saturday", "yesterday", "last week", "this
  month", "two years ago") are resolved by ``nlp.times`` against candidate
  publication dates around E; the candidates under which the expression lands
  on E are the allowed ones. So the tense rules are those of ``times``: "on
  Saturday" is the latest Saturday on or before P unless the sentence looks
  ahead with a strong cue ("will", "is due to").
- a month named without a year ("in February", "since October", "on 24
  February") is read here, not by ``times``, whose nearest-month default is a
  fair guess for resolving but too loose to rule dates out: the month is at
  most eleven months before P (after it, when the clause looks ahead); "last
  February" is one to thirteen months before P, "next February" after it.

When the constraints leave a window of at most a week, the publication day is
the latest day in it that the article names as a bare weekday ("on
Wednesday"): news names the day it is written on, and a later day in the
window would have been named if the article were written then. Without such a
weekday a single remaining day is the answer, and otherwise the month if the
window lies within one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from watchfloor.nlp.chronology import ChronologyEvent, events_in
from watchfloor.nlp.times import Anchor, find_times_in_text
from watchfloor.records import Article, LineRole, TimeRef

__all__ = ["infer_published"]

_FAR_PAST = date(1, 1, 1)
_FAR_FUTURE = date(9999, 12, 31)

# A time expression counts for an event only when it stands this close (in
# characters) to the event's core term: a sentence often carries a second,
# unrelated date ("announced on Monday that, since the invasion, ...").
_NEAR = 110
# Candidate publication days around an event for day- and week-level expressions:
# enough for "three weeks ago", "the week before last".
_DAY_REACH = 35
_MONTH_REACH = 14  # months, for "last month", "earlier this month"
_YEAR_REACH = 15  # years, for "two years ago", "last year"

_MONTH_WORDS = [
    *("january", "february", "march", "april", "may", "june"),
    *("july", "august", "september", "october", "november", "december"),
]
_MONTH_NAME = re.compile(
    r"\b(?:(?P<full>" + "|".join(_MONTH_WORDS) + r")|(?P<abbr>jan|feb|mar|apr|jun|jul|aug|"
    r"sept?|oct|nov|dec)\.?)\b",
    re.IGNORECASE,
)
_MONTH_NUMBER = {name: i for i, name in enumerate(_MONTH_WORDS, 1)} | {
    name[:3]: i for i, name in enumerate(_MONTH_WORDS, 1)
}
_MONTH_NUMBER["sept"] = 9
_DAY_NUMBER = re.compile(r"(?<![\d,.])(\d{1,2})(?:st|nd|rd|th)?\b(?![,.]?\d)")
_WEEKDAY_ONLY = re.compile(
    r"^(?:on\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day"
    r"(?:\s+(?:morning|afternoon|evening|night))?$",
    re.IGNORECASE,
)
# States, not events: "Russian troops are now in Belarus" says nothing of when they came.
_STATE_WORDS = re.compile(r"^(?:now|currently|at present|at the moment|nowadays)$", re.I)
_RELDAY_WITH_DATE = re.compile(r"^(?P<rel>yesterday|today)\b", re.I)
# A clause that looks ahead (for month names, which ``times`` does not settle).
_FUTURE_CLAUSE = re.compile(
    r"\b(?:will|shall|going to|(?:is|are) due to|set to|scheduled|plans? to|planned|"
    r"expected to|is to|are to|upcoming|next)\b|['’]ll\b",
    re.I,
)
# A sentence that speaks of what may, will or would happen: its events and
# dates are not yet past, so they bound nothing from below. ("may" only in
# lower case: "May" is the month.)
_NOT_PAST = re.compile(
    r"\b(?:will|would|could|might|shall|going to|(?:is|are) due to|set to|scheduled|"
    r"plans? to|planned|expected to|likely to|if|whether|possible|possibly|potential|"
    r"upcoming|ahead of)\b|"
    r"['’]ll\b|\b(?-i:may)\b(?!\s+\d)",
    re.I,
)
_DEADLINE_BEFORE = re.compile(r"\b(?:by|until|till|before|through|ahead of)\s+(?:the\s+)?$", re.I)
_SENTENCE_END = re.compile(
    r"(?<!\b[A-Z])(?<!\bMr)(?<!\bMrs)(?<!\bDr)(?<!\bSt)(?<!\bGen)(?<!\bLt)(?<!\bCol)"
    r"[.!?][\"'”’)]*\s+(?=[\"“‘'(]?[A-Z0-9])"
)


# --- date sets ----------------------------------------------------------------------------

_Days = list[tuple[date, date]]  # disjoint inclusive intervals, sorted


def _normalise(intervals: Iterable[tuple[date, date]]) -> _Days:
    out: _Days = []
    for lo, hi in sorted(intervals):
        if out and lo <= out[-1][1] + timedelta(days=1):
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _intersect(a: _Days, b: _Days) -> _Days:
    out: _Days = []
    i = j = 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if lo <= hi:
            out.append((lo, hi))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def _month_span(n: int) -> tuple[date, date]:
    """The days of month number n (year * 12 + month - 1)."""
    y, m = divmod(n, 12)
    first = date(y, m + 1, 1)
    ny, nm = divmod(n + 1, 12)
    return first, date(ny, nm + 1, 1) - timedelta(days=1)


def _months(lo: int, hi: int) -> _Days:
    return [(_month_span(lo)[0], _month_span(hi)[1])]


def _month_no(d: date) -> int:
    return d.year * 12 + d.month - 1


def _value_span(value: str) -> tuple[date, date] | None:
    """The days an ISO value of ``times`` covers: day, ISO week, month, year, or a/b range."""
    if "/" in value:
        a, b = value.split("/", 1)
        first, last = _value_span(a), _value_span(b)
        return (first[0], last[1]) if first and last else None
    try:
        if "W" in value:
            y, w = value.split("-W")
            monday = date.fromisocalendar(int(y), int(w), 1)
            return monday, monday + timedelta(days=6)
        parts = [int(p) for p in value.split("-")]
    except ValueError:
        return None
    try:
        if len(parts) == 3:
            d = date(*parts)
            return d, d
        if len(parts) == 2:
            return _month_span(parts[0] * 12 + parts[1] - 1)
        return date(parts[0], 1, 1), date(parts[0], 12, 31)
    except ValueError:
        return None


# --- what the article says -----------------------------------------------------------


@dataclass(slots=True)
class _Constraint:
    days: _Days
    reason: str
    pins: bool  # bounded on both sides: it can date the article, not just bound it


# Scrapes keep no-break and thin spaces between words; the evidence patterns
# (and the grammar of ``times``) are written with plain ones.
_SPACES = str.maketrans({c: " " for c in "\u00a0\u2007\u2009\u202f\u200a\u3000"})


def _body_texts(article: Article) -> Iterator[str]:
    for line in article.lines:
        if line.role is LineRole.BODY and line.duplicate_of is None:
            yield line.text.translate(_SPACES)


def _sentences(article: Article) -> Iterator[str]:
    for text in _body_texts(article):
        start = 0
        for m in _SENTENCE_END.finditer(text):
            yield text[start : m.start() + 1]
            start = m.end()
        if text[start:].strip():
            yield text[start:]


def _distance(a: tuple[int, int], b: tuple[int, int]) -> int:
    if a[1] <= b[0]:
        return b[0] - a[1]
    if b[1] <= a[0]:
        return a[0] - b[1]
    return 0


def _same_ref(refs: list[TimeRef], start: int) -> TimeRef | None:
    for ref in refs:
        if ref.mention.start == start:
            return ref
    return None


def _anchors_for(ref: TimeRef, event: ChronologyEvent) -> Iterator[tuple[Anchor, date, date]]:
    """Candidate publication dates (as anchors for ``times``) and the days each stands for."""
    if ref.resolution in ("day", "week"):
        d = event.start - timedelta(days=_DAY_REACH)
        while d <= event.end + timedelta(days=_DAY_REACH):
            yield Anchor(d), d, d
            d += timedelta(days=1)
    elif ref.resolution == "month":
        for n in range(_month_no(event.start) - _MONTH_REACH, _month_no(event.end) + _MONTH_REACH):
            lo, hi = _month_span(n)
            yield Anchor(lo, "month"), lo, hi
    elif ref.resolution == "year":
        for y in range(event.start.year - 1, event.end.year + _YEAR_REACH + 1):
            yield Anchor(date(y, 1, 1), "year"), date(y, 1, 1), date(y, 12, 31)


def _tie_relative(sentence: str, ref: TimeRef, event: ChronologyEvent) -> _Days:
    """Publication dates under which ``times`` resolves ``ref`` onto the event's date."""
    allowed = []
    for anchor, lo, hi in _anchors_for(ref, event):
        resolved = _same_ref(find_times_in_text(sentence, anchor=anchor), ref.mention.start)
        span = _value_span(resolved.value) if resolved and resolved.value else None
        if span and span[0] <= event.end and event.start <= span[1]:
            allowed.append((lo, hi))
    return _normalise(allowed)


def _tie_month_name(sentence: str, ref: TimeRef, event: ChronologyEvent) -> _Days:
    """Publication dates a month named without a year allows, if it is the event's month."""
    text = ref.mention.text
    named = set()
    for m in _MONTH_NAME.finditer(text):
        word = (m["full"] or m["abbr"]).lower()
        named.add(_MONTH_NUMBER[word])
    day = _DAY_NUMBER.search(_MONTH_NAME.sub(" ", text))
    qualifier = text.split()[0].lower()
    clause = sentence[max(0, ref.mention.start - 40) : ref.mention.end + 40]
    ahead = _FUTURE_CLAUSE.search(clause) is not None
    allowed: _Days = []
    for n in range(_month_no(event.start), _month_no(event.end) + 1):
        y, m0 = divmod(n, 12)
        if m0 + 1 not in named:
            continue
        if day and event.day_resolution:
            try:
                named_day = date(y, m0 + 1, int(day.group(1)))
            except ValueError:
                continue
            if not event.start <= named_day <= event.end:
                continue
        if qualifier == "last":
            allowed += _months(n + 1, n + 13)
        elif qualifier == "next":
            allowed += _months(n - 13, n - 1)
        elif qualifier == "this":
            allowed += _months(y * 12, y * 12 + 11)
        elif ahead:
            allowed += _months(n - 11, n)
        else:
            allowed += _months(n, n + 11)
    return _normalise(allowed)


def _event_ties(sentence: str, refs: list[TimeRef]) -> Iterator[_Constraint]:
    """One constraint per sentence that ties a time expression to a chronology event.

    Every expression near an event's core term is tried against every event the
    sentence may mean; the allowed dates are the union of those that fit, since
    any of them may be the one meant. Expressions that fit no event say nothing.
    """
    if _NOT_PAST.search(sentence):
        return  # a hypothetical ("could visit Minsk on Saturday") dates nothing
    relative = [
        r
        for r in refs
        if r.type == "DATE"
        and r.value is None
        and r.resolution != "range"
        and not _STATE_WORDS.match(r.mention.text)
    ]
    if not relative:
        return
    allowed: _Days = []
    reasons = []
    for event, spans in events_in(sentence):
        for ref in relative:
            where = (ref.mention.start, ref.mention.end)
            if min(_distance(where, s) for s in spans) > _NEAR:
                continue
            if _MONTH_NAME.search(ref.mention.text):
                days = _tie_month_name(sentence, ref, event)
            else:
                days = _tie_relative(sentence, ref, event)
            if days:
                allowed += days
                reasons.append(f"'{ref.mention.text}' = {event.what} ({event.when})")
    if allowed:
        yield _Constraint(_normalise(allowed), " or ".join(dict.fromkeys(reasons)), True)


def _lower_bounds(sentence: str, refs: list[TimeRef]) -> Iterator[_Constraint]:
    """Publication is not before what the sentence reports as past: its dates and known events."""
    if _NOT_PAST.search(sentence):
        return
    for ref in refs:
        if (
            ref.type != "DATE"
            or ref.value is None
            or ref.resolution not in ("day", "month", "year")
        ):
            continue
        if _DEADLINE_BEFORE.search(sentence[max(0, ref.mention.start - 16) : ref.mention.start]):
            continue
        span = _value_span(ref.value)
        if span:
            yield _Constraint([(span[0], _FAR_FUTURE)], f"'{ref.mention.text}' is past", False)
        rel = _RELDAY_WITH_DATE.match(ref.mention.text)
        if span and rel and span[0] == span[1] and re.search(r"\d{4}", ref.mention.text):
            # "Yesterday, 22 February 2022": the written date fixes the day it was said
            said = span[0] + timedelta(days=1 if rel["rel"].lower() == "yesterday" else 0)
            yield _Constraint([(said, said)], f"'{ref.mention.text}' dates the writing", True)
    events = events_in(sentence)
    if events:
        earliest = min(events, key=lambda e: e[0].start)[0]
        # the sentence may mean any of them: only the earliest bound is certain
        yield _Constraint(
            [(earliest.start, _FAR_FUTURE)],
            f"mentions {earliest.what} ({earliest.when}) as past",
            False,
        )


def _weekday_named(article: Article, window: tuple[date, date]) -> tuple[date, str] | None:
    """The latest day of ``window`` the article names as a bare, past weekday ("on Wednesday")."""
    lo, hi = window
    best: tuple[date, str] | None = None
    for text in _body_texts(article):
        if not re.search(r"day\b", text):
            continue
        for ref in find_times_in_text(text, anchor=hi):
            if not _WEEKDAY_ONLY.match(ref.mention.text) or not ref.value:
                continue
            d = date.fromisoformat(ref.value)
            if d == hi:
                # the anchor's own weekday: a past reading ("said on Friday", today)
                # or a future one ("will meet on Friday"); a day earlier, the past
                # reading moves a week back and the future one stays
                before = _same_ref(
                    find_times_in_text(text, anchor=hi - timedelta(days=1)), ref.mention.start
                )
                if before is not None and before.value == ref.value:
                    continue
            if lo <= d <= hi and (best is None or d > best[0]):
                best = (d, ref.mention.text)
    return best


def infer_published(article: Article) -> tuple[str, str] | None:
    """(ISO date, evidence) for an article without a dateline, from what its content dates.

    The date is a day (``YYYY-MM-DD``) or a month (``YYYY-MM``), as far as the
    evidence goes; None when there is no chronology or dated evidence, when the
    evidence contradicts itself, or when it leaves more than a month open.
    """
    constraints: list[_Constraint] = []
    for sentence in _sentences(article):
        refs = find_times_in_text(sentence, anchor=None)
        constraints.extend(_event_ties(sentence, refs))
        constraints.extend(_lower_bounds(sentence, refs))
    pins = [c for c in constraints if c.pins]
    if not pins:
        return None
    allowed: _Days = [(_FAR_PAST, _FAR_FUTURE)]
    for c in constraints:
        allowed = _intersect(allowed, c.days)
    if not allowed:
        return None
    lo, hi = allowed[0][0], allowed[-1][1]
    # the narrowest ties are the ones that settle it; the rest only agree
    pins.sort(key=lambda c: sum((b - a).days for a, b in c.days))
    why = "; ".join(dict.fromkeys(c.reason for c in pins[:3]))
    if len(pins) > 3:
        why += f" (and {len(pins) - 3} more agreeing)"
    binding = [c for c in constraints if not c.pins and c.days[0][0] == lo]
    if binding:
        why += f"; not before {lo.isoformat()}: {binding[0].reason}"
    window = f"publication between {lo.isoformat()} and {hi.isoformat()}"
    if lo == hi:
        return lo.isoformat(), f"inferred: {why}"
    if (hi - lo).days <= 6:
        named = _weekday_named(article, (lo, hi))
        if named and any(a <= named[0] <= b for a, b in allowed):
            # News names the day it is written on ("said on Wednesday"); taking the
            # latest named day keeps every weekday the article mentions in the week
            # before it, as written. It is a lower estimate: a piece written the
            # day after its latest named day comes out a day early.
            return named[0].isoformat(), (
                f"inferred: {why}; {window}; latest weekday mentioned "
                f"'{named[1]}' = {named[0].isoformat()}"
            )
    if (lo.year, lo.month) == (hi.year, hi.month):
        return f"{lo.year:04d}-{lo.month:02d}", f"inferred: {why}; {window}"
    return None
