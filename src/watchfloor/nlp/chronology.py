"""Known events: dated happenings a sentence can be recognised to mention.

Place in the flow: read by ``nlp.dating``, which ties an undated report's relative
dates ("on Saturday") to the known events its sentences mention. Known events come
from two places, one type for both: a situation pack's chronology (the ``event``
entries of ``theatres/<name>/chronology.toml``, which documents their fields) and the
events that dated reports of the corpus put on a day (``link.corpus_dates``).

An event is recognised in a sentence by its evidence: case-blind regular expressions
that must *all* match within the sentence, and optionally one that must not. The first
is the core term: a time expression is tied to the event only when it stands near it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache, cached_property

from watchfloor.theatres import Theatre, default_theatre

__all__ = ["KnownEvent", "chronology", "events_in"]


def _parse_bound(text: str, *, end: bool) -> date:
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        return date(parts[0], parts[1], parts[2])
    if len(parts) == 2:
        y, m = parts
        if not end:
            return date(y, m, 1)
        return date(y + m // 12, m % 12 + 1, 1) - timedelta(days=1)
    return date(parts[0], 12, 31) if end else date(parts[0], 1, 1)


@dataclass(frozen=True)
class KnownEvent:
    """One dated event, the words that identify a mention of it, and where it is known from."""

    key: str
    when: str  # ISO: YYYY-MM-DD, YYYY-MM, or start/end
    what: str
    evidence: tuple[str, ...]  # all must match in one sentence; the first is the core term
    unless: str | None = None  # a sentence matching this is about something else
    source: str = ""  # the chronology's citation, or the report that dated it
    _compiled: tuple[re.Pattern[str], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "_compiled", tuple(re.compile(p, re.IGNORECASE) for p in self.evidence)
        )

    @cached_property
    def start(self) -> date:
        return _parse_bound(self.when.split("/")[0], end=False)

    @cached_property
    def end(self) -> date:
        return _parse_bound(self.when.split("/")[-1], end=True)

    @property
    def day_resolution(self) -> bool:
        """Whether the date is known to the day (a range of days counts)."""
        return all(len(part.split("-")) == 3 for part in self.when.split("/"))

    def core_spans(self, sentence: str) -> list[tuple[int, int]]:
        """Where the core term stands in ``sentence``; [] unless all the evidence is there."""
        if self.unless and re.search(self.unless, sentence, re.IGNORECASE):
            return []
        if not all(p.search(sentence) for p in self._compiled):
            return []
        return [m.span() for m in self._compiled[0].finditer(sentence)]


@cache
def _chronology(theatre: Theatre) -> tuple[KnownEvent, ...]:
    return tuple(
        KnownEvent(
            key=str(e.get("key") or e.name),
            when=str(e.get("date")),
            what=e.name,
            evidence=tuple(e.get("evidence", ())),
            unless=e.get("unless"),
            source=e.source,
        )
        for e in theatre.entries("event")
        if e.get("evidence")  # an event nothing can recognise dates nothing
    )


def chronology(theatre: Theatre | None = None) -> tuple[KnownEvent, ...]:
    """The theatre's chronology (the default theatre's when None; none for no theatre)."""
    return _chronology(theatre if theatre is not None else default_theatre())


def events_in(
    sentence: str, events: Iterable[KnownEvent]
) -> list[tuple[KnownEvent, list[tuple[int, int]]]]:
    """The ``events`` that ``sentence`` mentions, each with the spans of its core term."""
    found = []
    for event in events:
        spans = event.core_spans(sentence)
        if spans:
            found.append((event, spans))
    return found
