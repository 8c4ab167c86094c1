"""Estimate series: claims about the same thing, across articles, oldest first.

"Russian troops in Belarus": 30,000 per NATO's Secretary General in February
2022, about 10,000 per a Minsk analyst, 2,500 in earlier exercises. Each claim's
subject ("Russian combat troops in Belarus", "troops into Belarus") is reduced
to a key: what is counted (the unit, with troops and soldiers one family),
whose (the nationality named, if any) and where (the place after "in", "into",
"to"...). Claims with the same key form a series; a claim without a
nationality joins the series of its unit and place when only one nationality
has one.

Independence (``link.independence``): a claim is no source of its own when its
article recycles one stating the same value (``relations``: near duplicate or
derived), when its publisher or speaker said the same value earlier (a daily
update repeating its figure), or when it only relays an outlet already counted;
such claims are shown with the reason but not counted as sources.

Written by hand: grouping short noun phrases by their head, owner and place is
a few rules, and no library does it for claims' subjects. The words are the language
pack's (prepositions before a place, nouns that count one thing, the adjectives of
countries the gazetteer knows); owners that are no nationality ("NATO troops",
"Wagner fighters") are the theatre's entries with an ``owner`` word.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from watchfloor.lang import LanguagePack, alternation, load_language
from watchfloor.link.independence import Backing, independent_units, judge, name_key, recycling
from watchfloor.nlp.gazetteer import demonyms
from watchfloor.theatres import Theatre, default_theatre


@dataclass(frozen=True, slots=True)
class _Words:
    families: dict[str, str]  # counted nouns that count one thing -> its name
    place_after: re.Pattern[str]  # "in Belarus"
    owner: re.Pattern[str]  # "Russian", "NATO"
    before_place: re.Pattern[str]  # where the counted noun ends
    not_places: frozenset[str]  # a capitalised article is no place ("The")


@functools.cache
def _words(lang: LanguagePack, theatre: Theatre) -> _Words:
    articles = lang.pattern("places.articles")
    owners = [form.title() for form in demonyms(lang)]
    owners += [
        str(e.get("owner"))
        for kind in ("organisation", "unit")
        for e in theatre.entries(kind)
        if e.get("owner")
    ]
    before = [*lang.get("places.place_prepositions", ()), *lang.get("places.counted_ends", ())]
    return _Words(
        families=dict(lang.mapping("names.counted_families")),
        place_after=re.compile(
            rf"\b(?:{lang.pattern('places.place_prepositions')})\s+(?:(?:{articles})\s+)?"
            r"(?P<place>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)"
        ),
        owner=re.compile(rf"\b(?P<nation>{alternation(owners)})\b"),
        before_place=re.compile(rf"\s+(?:{alternation(before)})\b", re.IGNORECASE),
        not_places=frozenset(w.title() for w in lang.words("places.articles")),
    )


def _words_for(lang: LanguagePack | None, theatre: Theatre | None) -> _Words:
    return _words(lang or load_language("en"), theatre or default_theatre())


@dataclass(frozen=True, slots=True)
class SeriesKey:
    unit: str
    owner: str  # "" when the subject names no nationality
    place: str  # "" when it names no place

    @property
    def label(self) -> str:
        what = f"{self.owner} {self.unit}".strip()
        return f"{what} in {self.place}" if self.place else what


# Subjects the claims stage could not name: no series of their own.
UNNAMED = "unspecified"


def _counted(subject: str, words: _Words) -> str:
    """The counted noun of a subject: "military vehicles near Mozyr" -> "vehicles"."""
    found = re.findall(r"[A-Za-z][A-Za-z-]*", words.before_place.split(subject, maxsplit=1)[0])
    return found[-1].lower() if found else UNNAMED


def series_key(
    subject: str,
    unit: str,
    *,
    lang: LanguagePack | None = None,
    theatre: Theatre | None = None,
) -> SeriesKey:
    """The key of a claim's subject: ``("troops", "Russian", "Belarus")``.

    A claim whose unit is "other" is counted by its subject's noun ("tanks",
    "vehicles"), so unlike things never share a series.
    """
    return _series_key(subject, unit, _words_for(lang, theatre))


def _series_key(subject: str, unit: str, words: _Words) -> SeriesKey:
    if unit == "other":
        unit = _counted(subject, words)
    place = ""
    for m in words.place_after.finditer(subject):
        if m.group("place") not in words.not_places:
            place = m.group("place")
    owner = ""
    nation = words.owner.search(subject)
    if nation is not None and (not place or nation.start() < subject.find(place)):
        owner = nation.group("nation")
    return SeriesKey(unit=words.families.get(unit, unit), owner=owner, place=place)


@dataclass(slots=True, kw_only=True)
class Estimate:
    """One claim in a series, with whether it counts as a source of its own."""

    claim: dict[str, Any]  # a row of ``Store.list_claims``
    # the article this claim counts with when it is no source of its own (it recycles
    # it, relays the same outlet, or repeats the same publisher's or speaker's figure)
    echo_of: int | None = None
    backers: int = 0  # independent sources in the series that state this value
    reason: str = ""  # why it is no source of its own ("recycles article 9"); "" if it is

    @property
    def independent(self) -> bool:
        return self.echo_of is None


@dataclass(slots=True, kw_only=True)
class EstimateSeries:
    key: SeriesKey
    estimates: list[Estimate] = field(default_factory=list)
    # distinct independent sources (the person or body, else the outlet), counted once
    # the echoes are marked: readers ask for it often and a series can be long
    sources: int = 0

    @property
    def label(self) -> str:
        return self.key.label


def estimate_series(
    claims: Iterable[dict[str, Any]],
    *,
    relations: Sequence[dict[str, Any]] = (),
    about: str | None = None,
    min_claims: int = 1,
    lang: LanguagePack | None = None,
    theatre: Theatre | None = None,
) -> list[EstimateSeries]:
    """Claims grouped into series, each oldest first; series with most sources first.

    ``claims`` are rows of ``Store.list_claims`` (oldest first); ``relations``
    rows of ``Store.list_relations``; ``about`` keeps the series whose label
    has all its words (case-insensitive, "troops in Belarus"). ``lang`` and
    ``theatre`` give the words subjects are read with (English and the default
    theatre when None).
    """
    words = _words_for(lang, theatre)
    rows = list(claims)
    keys = [_series_key(row["subject"], row["unit"], words) for row in rows]
    owners: dict[tuple[str, str], set[str]] = {}
    for key in keys:
        if key.owner:
            owners.setdefault((key.unit, key.place), set()).add(key.owner)
    series: dict[SeriesKey, EstimateSeries] = {}
    for row, key in zip(rows, keys, strict=True):
        if not key.owner:
            # "troops into Belarus" joins "Russian troops in Belarus" when that is the
            # only nationality counted there
            known = owners.get((key.unit, key.place), set())
            if len(known) == 1:
                key = SeriesKey(unit=key.unit, owner=next(iter(known)), place=key.place)
        series.setdefault(key, EstimateSeries(key=key)).estimates.append(Estimate(claim=row))
    recycles = recycling(relations)
    for s in series.values():
        _judge_series(s, recycles, aliases=source_aliases(theatre or default_theatre()))
    found = [s for s in series.values() if len(s.estimates) >= min_claims and s.key.unit != UNNAMED]
    found = series_about(found, about)
    return sorted(found, key=lambda s: (-s.sources, -len(s.estimates), s.label))


def series_about(series: Iterable[EstimateSeries], about: str | None) -> list[EstimateSeries]:
    """The series whose label has every word of ``about`` (case-insensitive), in order."""
    words = (about or "").casefold().split()
    return [s for s in series if all(w in s.label.casefold() for w in words)]


# Kinds of theatre entries that name a body that can assert or publish a figure.
_SOURCE_KINDS = ("organisation", "outlet", "agency", "think_tank", "intelligence", "ngo")


@functools.cache
def source_aliases(theatre: Theatre) -> dict[str, str]:
    """Every alias of the theatre's bodies (name key) -> the body's name key ("isw" ->
    "institute for the study of war"), so that one body is one source."""
    found: dict[str, str] = {}
    for kind in _SOURCE_KINDS:
        for entry in theatre.entries(kind):
            for alias in entry.aliases:
                found.setdefault(name_key(alias), name_key(entry.name))
    return found


def _judge_series(
    series: EstimateSeries,
    recycles: Mapping[int, Mapping[int, str]],
    *,
    aliases: Mapping[str, str],
) -> None:
    """Each estimate's verdict (``link.independence``), its backers, the series' sources."""
    items = [
        Backing(
            article_id=e.claim["article_id"],
            content=_value(e.claim),
            publisher=e.claim.get("outlet"),
            source=e.claim.get("source"),
            via=e.claim.get("via"),
            published=e.claim.get("published"),
        )
        for e in series.estimates
    ]
    verdicts = judge(items, recycles=recycles, aliases=aliases)
    by_value: dict[tuple[Any, Any, Any], set[str]] = {}
    for e, verdict in zip(series.estimates, verdicts, strict=True):
        e.echo_of, e.reason = verdict.counts_with, verdict.reason
        if verdict.independent:
            by_value.setdefault(_value(e.claim), set()).add(verdict.unit)
    for e in series.estimates:
        e.backers = len(by_value.get(_value(e.claim), ()))
    series.sources = independent_units(items, verdicts)


def _value(claim: dict[str, Any]) -> tuple[Any, Any, Any]:
    return (claim["value"], claim["value_low"], claim["value_high"])
