"""Date an article from its content when it carries no dateline.

Place in the flow: called by ``clean`` when it found no publication date, with the
situation pack's chronology as the known events (``infer_published``); and by
``link.corpus_dates`` after annotation, with the events that dated reports of the
corpus put on a day as well. The result becomes ``Article.published`` (with
``published_evidence`` saying why), so that ``nlp.times`` can resolve "on
Wednesday" and "since October".

The reasoning is the one a reader does: "Shoigu flew to Minsk on Saturday" was
written within the six days after 3 December 2022, the day of that visit;
"the UN report released on Wednesday" of 7 December narrows it further. Each
sentence that mentions a known event (``nlp.chronology``) together with a relative
time expression constrains the publication date to a set of days; absolute
dates the text reports as past, and known events it reports as past, bound it
from below. The constraints are intersected, and an answer is given only when
they agree and pin the date to one week (then the day: see below) or one
calendar month. Never a guess: no known event or dated evidence, contradicting
evidence, or evidence that leaves more than a month open all leave the date
open, with the reason.

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
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from watchfloor.lang import LanguagePack, alternation, load_language
from watchfloor.nlp.chronology import KnownEvent, chronology, events_in
from watchfloor.nlp.limits import too_long
from watchfloor.nlp.sentences import sentences
from watchfloor.nlp.times import Anchor, find_times_in_text
from watchfloor.records import Article, LineRole, TimeRef
from watchfloor.theatres import Theatre

__all__ = ["Dating", "date_from_content", "infer_published"]

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


@dataclass(frozen=True, eq=False)
class _Words:
    """The language's patterns for dating (``lang/<code>/times.toml``), built once per pack."""

    pack: LanguagePack
    month_name: re.Pattern[str]
    day_number: re.Pattern[str]
    weekday: re.Pattern[str]
    weekday_only: re.Pattern[str]
    state: re.Pattern[str]  # "now", "currently": states, not events
    written_day: re.Pattern[str]  # "Yesterday, 22 February 2022": the day it was said
    future_clause: re.Pattern[str]  # a clause that looks ahead (for month names)
    not_past: re.Pattern[str]  # a sentence of what may, will or would happen
    deadline_before: re.Pattern[str]


@cache
def _words(pack: LanguagePack) -> _Words:
    def alt(key: str) -> str:
        return pack.pattern(f"times.{key}")

    # dateparser's forms can be abbreviations ("sept", "tues") of the full names
    weekdays = [
        w for w in pack.weekdays if not any(o != w and o.startswith(w) for o in pack.weekdays)
    ]
    return _Words(
        pack=pack,
        month_name=re.compile(rf"\b(?:{alternation(pack.months)})\b", re.I),
        day_number=re.compile(
            rf"(?<![\d,.])(\d{{1,2}})(?:{alt('ordinal_suffixes')})?\b(?![,.]?\d)", re.I
        ),
        weekday=re.compile(rf"\b(?:{alternation(weekdays)})\b", re.I),
        weekday_only=re.compile(
            rf"^(?:(?:{alt('on')})\s+)?(?:{alternation(weekdays)})(?:\s+(?:{alt('day_parts')}))?$",
            re.I,
        ),
        state=re.compile(rf"^(?:{alt('present_states')})$", re.I),
        written_day=re.compile(rf"^(?:{alt('relative_days')})\b", re.I),
        future_clause=re.compile(rf"\b(?:{alt('dating_future')})(?!\w)", re.I),
        not_past=re.compile(
            rf"\b(?:{alt('dating_not_past')})(?!\w)|"
            rf"\b(?-i:{alt('dating_not_past_lower')})\b(?!\s+\d)",
            re.I,
        ),
        deadline_before=re.compile(
            rf"\b(?:{alt('deadline_before')})\s+(?:(?:{alt('the')})\s+)?$", re.I
        ),
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


def _body_texts(article: Article) -> Iterator[tuple[int, str]]:
    for line in article.lines:
        if line.role is LineRole.BODY and line.duplicate_of is None:
            yield line.number, line.text.translate(_SPACES)


def _sentences(article: Article, pack: LanguagePack) -> Iterator[tuple[int, str]]:
    for number, text in _body_texts(article):
        for start, end in sentences(text, lang=pack):
            yield number, text[start:end]


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


def _anchors_for(ref: TimeRef, event: KnownEvent) -> Iterator[tuple[Anchor, date, date]]:
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


def _tie_relative(w: _Words, sentence: str, ref: TimeRef, event: KnownEvent) -> _Days:
    """Publication dates under which ``times`` resolves ``ref`` onto the event's date."""
    allowed = []
    for anchor, lo, hi in _anchors_for(ref, event):
        found = find_times_in_text(sentence, anchor=anchor, lang=w.pack)
        resolved = _same_ref(found, ref.mention.start)
        span = _value_span(resolved.value) if resolved and resolved.value else None
        if span and span[0] <= event.end and event.start <= span[1]:
            allowed.append((lo, hi))
    return _normalise(allowed)


def _tie_month_name(w: _Words, sentence: str, ref: TimeRef, event: KnownEvent) -> _Days:
    """Publication dates a month named without a year allows, if it is the event's month."""
    text = ref.mention.text
    named = {w.pack.months[m.group().lower()] for m in w.month_name.finditer(text)}
    day = w.day_number.search(w.month_name.sub(" ", text))
    direction = w.pack.mapping("times.relative").get(text.split()[0].lower())
    clause = sentence[max(0, ref.mention.start - 40) : ref.mention.end + 40]
    ahead = w.future_clause.search(clause) is not None
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
        if direction == "last":
            allowed += _months(n + 1, n + 13)
        elif direction == "next":
            allowed += _months(n - 13, n - 1)
        elif direction == "this":
            allowed += _months(y * 12, y * 12 + 11)
        elif ahead:
            allowed += _months(n - 11, n)
        else:
            allowed += _months(n, n + 11)
    return _normalise(allowed)


def _event_ties(
    w: _Words, line: int, sentence: str, refs: list[TimeRef], known: Sequence[KnownEvent]
) -> Iterator[_Constraint]:
    """One constraint per sentence that ties a time expression to a known event.

    Every expression near an event's core term is tried against every event the
    sentence may mean; the allowed dates are the union of those that fit, since
    any of them may be the one meant. Expressions that fit no event say nothing.
    """
    if w.not_past.search(sentence):
        return  # a hypothetical ("could visit Minsk on Saturday") dates nothing
    relative = [
        r
        for r in refs
        if r.type == "DATE"
        and r.value is None
        and r.resolution != "range"
        and not w.state.match(r.mention.text)
    ]
    if not relative:
        return
    allowed: _Days = []
    reasons = []
    for event, spans in events_in(sentence, known):
        for ref in relative:
            where = (ref.mention.start, ref.mention.end)
            if min(_distance(where, s) for s in spans) > _NEAR:
                continue
            if w.month_name.search(ref.mention.text):
                days = _tie_month_name(w, sentence, ref, event)
            else:
                days = _tie_relative(w, sentence, ref, event)
            if days:
                allowed += days
                reasons.append(f"'{ref.mention.text}' = {_named(event)}")
    if allowed:
        why = " or ".join(dict.fromkeys(reasons))
        yield _Constraint(_normalise(allowed), f"line {line}: {why}", True)


def _named(event: KnownEvent) -> str:
    """An event as the evidence names it: what, when, and where that is known from."""
    return (
        f"{event.what} ({event.when}; {event.source})"
        if event.source
        else f"{event.what} ({event.when})"
    )


def _lower_bounds(
    w: _Words, sentence: str, refs: list[TimeRef], known: Sequence[KnownEvent]
) -> Iterator[_Constraint]:
    """Publication is not before what the sentence reports as past: its dates and known events."""
    if w.not_past.search(sentence):
        return
    for ref in refs:
        if (
            ref.type != "DATE"
            or ref.value is None
            or ref.resolution not in ("day", "month", "year")
        ):
            continue
        if w.deadline_before.search(sentence[max(0, ref.mention.start - 16) : ref.mention.start]):
            continue
        span = _value_span(ref.value)
        if span:
            yield _Constraint([(span[0], _FAR_FUTURE)], f"'{ref.mention.text}' is past", False)
        rel = w.written_day.match(ref.mention.text)
        if span and rel and span[0] == span[1] and re.search(r"\d{4}", ref.mention.text):
            # "Yesterday, 22 February 2022": the written date fixes the day it was said
            offset = int(
                w.pack.mapping("times.relative_days")[" ".join(rel.group().lower().split())]
            )
            said = span[0] - timedelta(days=offset)
            yield _Constraint([(said, said)], f"'{ref.mention.text}' dates the writing", True)
    events = events_in(sentence, known)
    if events:
        earliest = min(events, key=lambda e: e[0].start)[0]
        # the sentence may mean any of them: only the earliest bound is certain
        yield _Constraint(
            [(earliest.start, _FAR_FUTURE)], f"mentions {_named(earliest)} as past", False
        )


def _weekday_named(
    w: _Words, article: Article, window: tuple[date, date]
) -> tuple[date, str] | None:
    """The latest day of ``window`` the article names as a bare, past weekday ("on Wednesday")."""
    lo, hi = window
    best: tuple[date, str] | None = None
    for _, text in _body_texts(article):
        if not w.weekday.search(text):
            continue
        for ref in find_times_in_text(text, anchor=hi, lang=w.pack):
            if not w.weekday_only.match(ref.mention.text) or not ref.value:
                continue
            d = date.fromisoformat(ref.value)
            if d == hi:
                # the anchor's own weekday: a past reading ("said on Friday", today)
                # or a future one ("will meet on Friday"); a day earlier, the past
                # reading moves a week back and the future one stays
                before = _same_ref(
                    find_times_in_text(text, anchor=hi - timedelta(days=1), lang=w.pack),
                    ref.mention.start,
                )
                if before is not None and before.value == ref.value:
                    continue
            if lo <= d <= hi and (best is None or d > best[0]):
                best = (d, ref.mention.text)
    return best


@dataclass(frozen=True, slots=True)
class Dating:
    """What an article's content says of its publication date.

    ``published`` is a day (``YYYY-MM-DD``) or a month (``YYYY-MM``), or None when
    the evidence does not settle it; ``evidence`` says why either way ("inferred: ..."
    for a date, the reason for none).
    """

    published: str | None
    evidence: str


def date_from_content(
    article: Article, known: Iterable[KnownEvent], *, lang: LanguagePack | None = None
) -> Dating:
    """The publication date an article's content gives, tying its relative dates to
    ``known`` events (a chronology, events dated by other reports, or both); none for
    an article too long for the language stages (``nlp.limits``)."""
    if reason := too_long(article):
        return Dating(None, reason)
    w = _words(lang if lang is not None else load_language("en"))
    events = tuple(known)
    constraints: list[_Constraint] = []
    for line, sentence in _sentences(article, w.pack):
        refs = find_times_in_text(sentence, anchor=None, lang=w.pack)
        constraints.extend(_event_ties(w, line, sentence, refs, events))
        constraints.extend(_lower_bounds(w, sentence, refs, events))
    pins = [c for c in constraints if c.pins]
    if not pins:
        return Dating(None, "no known event tied to a relative date")
    allowed: _Days = [(_FAR_PAST, _FAR_FUTURE)]
    for c in constraints:
        narrowed = _intersect(allowed, c.days)
        if not narrowed:
            earlier = [
                p.reason for p in pins if p is not c and p.days and _intersect(p.days, c.days) == []
            ]
            against = f" against {earlier[0]}" if earlier else ""
            return Dating(None, f"conflicting evidence: {c.reason}{against}")
        allowed = narrowed
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
        return Dating(lo.isoformat(), f"inferred: {why}")
    if (hi - lo).days <= 6:
        named = _weekday_named(w, article, (lo, hi))
        if named and any(a <= named[0] <= b for a, b in allowed):
            # News names the day it is written on ("said on Wednesday"); taking the
            # latest named day keeps every weekday the article mentions in the week
            # before it, as written. It is a lower estimate: a piece written the
            # day after its latest named day comes out a day early.
            return Dating(
                named[0].isoformat(),
                f"inferred: {why}; {window}; latest weekday mentioned "
                f"'{named[1]}' = {named[0].isoformat()}",
            )
    if (lo.year, lo.month) == (hi.year, hi.month):
        return Dating(f"{lo.year:04d}-{lo.month:02d}", f"inferred: {why}; {window}")
    return Dating(None, f"the evidence leaves more than a month open: {window}")


def infer_published(
    article: Article, *, lang: LanguagePack | None = None, theatre: Theatre | None = None
) -> tuple[str, str] | None:
    """(ISO date, evidence) for an article without a dateline, from what its content dates.

    The known events are the theatre's chronology (the default theatre's when None;
    with no theatre only a written "Yesterday, 22 February 2022" dates an article).
    The date is a day (``YYYY-MM-DD``) or a month (``YYYY-MM``), as far as the
    evidence goes; None when the evidence does not settle it.
    """
    found = date_from_content(article, chronology(theatre), lang=lang)
    return (found.published, found.evidence) if found.published else None
