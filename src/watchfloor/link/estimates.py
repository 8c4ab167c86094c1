"""Estimate series: claims about the same thing, across articles, oldest first.

"Russian troops in Belarus": 30,000 per NATO's Secretary General in February
2022, about 10,000 per a Minsk analyst, 2,500 in earlier exercises. Each claim's
subject ("Russian combat troops in Belarus", "troops into Belarus") is reduced
to a key: what is counted (the unit, with troops and soldiers one family),
whose (the nationality named, if any) and where (the place after "in", "into",
"to"...). Claims with the same key form a series; a claim without a
nationality joins the series of its unit and place when only one nationality
has one.

Independence: a claim in an article that recycles another (``relations``: near
duplicate or derived) is an echo when the article it recycles states the same
value in the same series; echoes are shown but not counted as sources.

Written by hand: grouping short noun phrases by their head, owner and place is
a few rules, and no library does it for claims' subjects.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

# Units that count the same thing under two names.
_UNIT_FAMILY = {"soldiers": "troops", "troops": "troops", "servicemen": "troops"}
_PLACE_AFTER = re.compile(
    r"\b(?:in|into|inside|to|at|near|on|across|along|from)\s+(?:the\s+)?"
    r"(?P<place>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)"
)
_NATIONALITY = re.compile(
    r"\b(?P<nation>Russian|Belarusian|Ukrainian|Polish|Lithuanian|Latvian|Estonian|"
    r"American|British|German|French|NATO|Wagner)\b"
)
# A capitalised first word of a subject is not a place ("Troops in ...").
_STOP_PLACES = frozenset({"The"})


@dataclass(frozen=True, slots=True)
class SeriesKey:
    unit: str
    owner: str  # "" when the subject names no nationality
    place: str  # "" when it names no place

    @property
    def label(self) -> str:
        what = f"{self.owner} {self.unit}".strip()
        return f"{what} in {self.place}" if self.place else what


_BEFORE_PLACE = re.compile(
    r"\s+(?:in|into|inside|to|at|near|on|across|along|from|of|for|than)\b", re.IGNORECASE
)
# Subjects the claims stage could not name: no series of their own.
UNNAMED = "unspecified"


def _counted(subject: str) -> str:
    """The counted noun of a subject: "military vehicles near Mozyr" -> "vehicles"."""
    words = re.findall(r"[A-Za-z][A-Za-z-]*", _BEFORE_PLACE.split(subject, maxsplit=1)[0])
    return words[-1].lower() if words else UNNAMED


def series_key(subject: str, unit: str) -> SeriesKey:
    """The key of a claim's subject: ``("troops", "Russian", "Belarus")``.

    A claim whose unit is "other" is counted by its subject's noun ("tanks",
    "vehicles"), so unlike things never share a series.
    """
    if unit == "other":
        unit = _counted(subject)
    place = ""
    for m in _PLACE_AFTER.finditer(subject):
        if m.group("place") not in _STOP_PLACES:
            place = m.group("place")
    owner = ""
    nation = _NATIONALITY.search(subject)
    if nation is not None and (not place or nation.start() < subject.find(place)):
        owner = nation.group("nation")
    return SeriesKey(unit=_UNIT_FAMILY.get(unit, unit), owner=owner, place=place)


@dataclass(slots=True, kw_only=True)
class Estimate:
    """One claim in a series, with whether it counts as a source of its own."""

    claim: dict[str, Any]  # a row of ``Store.list_claims``
    echo_of: int | None = None  # the article this value is recycled from
    backers: int = 0  # independent sources in the series that state this value

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
) -> list[EstimateSeries]:
    """Claims grouped into series, each oldest first; series with most sources first.

    ``claims`` are rows of ``Store.list_claims`` (oldest first); ``relations``
    rows of ``Store.list_relations``; ``about`` keeps the series whose label
    has all its words (case-insensitive, "troops in Belarus").
    """
    rows = list(claims)
    keys = [series_key(row["subject"], row["unit"]) for row in rows]
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
    recycles: dict[int, set[int]] = {}
    for rel in relations:
        recycles.setdefault(rel["a_id"], set()).add(rel["b_id"])
    for s in series.values():
        _mark_echoes(s, recycles)
        _count_backers(s)
        s.sources = len({_source(e.claim) for e in s.estimates if e.independent})
    found = [s for s in series.values() if len(s.estimates) >= min_claims and s.key.unit != UNNAMED]
    found = series_about(found, about)
    return sorted(found, key=lambda s: (-s.sources, -len(s.estimates), s.label))


def series_about(series: Iterable[EstimateSeries], about: str | None) -> list[EstimateSeries]:
    """The series whose label has every word of ``about`` (case-insensitive), in order."""
    words = (about or "").casefold().split()
    return [s for s in series if all(w in s.label.casefold() for w in words)]


def _mark_echoes(series: EstimateSeries, recycles: dict[int, set[int]]) -> None:
    values: dict[int, set[tuple[Any, Any, Any]]] = {}
    for e in series.estimates:
        values.setdefault(e.claim["article_id"], set()).add(_value(e.claim))
    for e in series.estimates:
        for source in sorted(recycles.get(e.claim["article_id"], ())):
            if _value(e.claim) in values.get(source, set()):
                e.echo_of = source
                break


def _source(claim: dict[str, Any]) -> str:
    return str(claim["source"] or claim["outlet"] or claim["doc"]).casefold()


def _count_backers(series: EstimateSeries) -> None:
    by_value: dict[tuple[Any, Any, Any], set[str]] = {}
    for e in series.estimates:
        if e.independent:
            by_value.setdefault(_value(e.claim), set()).add(_source(e.claim))
    for e in series.estimates:
        e.backers = len(by_value.get(_value(e.claim), ()))


def _value(claim: dict[str, Any]) -> tuple[Any, Any, Any]:
    return (claim["value"], claim["value_low"], claim["value_high"])
