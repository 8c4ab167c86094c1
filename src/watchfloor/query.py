"""Read-side functions shared by the CLI, the report, the exports and the web app.

Each returns typed rows built from the store, so every shell renders the same view of
the corpus. A finding's row is its record's fields (``watchfloor.records``) with the
article it was found in and the line (:class:`Finding`); its JSON is derived from the
dataclass (``watchfloor.jsonform.row_json``) and the web app's models wrap the same
dataclasses, so no field list is written out a second time. Rows are values that nothing
changes once built, yet not frozen: a frozen dataclass takes five times as long to build,
and the estimate series build one row per claim of the corpus.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

from watchfloor.figures import figure
from watchfloor.lang import load_language
from watchfloor.link.estimates import estimate_series, scale
from watchfloor.link.independence import Backing, independent_units, judge, name_key, recycling
from watchfloor.link.places import PlaceSummary, summarise_places
from watchfloor.nlp.gazetteer import country_words, haversine_km
from watchfloor.nlp.gazetteer import name_key as gazetteer_key
from watchfloor.records import EVENT_MODALITIES, EVENT_TYPES, Annotation
from watchfloor.store import SearchHit, Store, StoredArticle, StoredLine

if TYPE_CHECKING:
    from watchfloor.theatres import Theatre

__all__ = ["PlaceSummary", "SearchHit", "StoredArticle"]  # rows the store and stages give


# ---- the rows ------------------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class ArticleRow:
    """A stored article's metadata: a row of ``watchfloor articles``."""

    id: int
    doc: str
    outlet: str | None
    published: str | None
    title: str | None
    body_words: int
    authors: list[str]
    url: str | None
    origin: str
    kind: str
    version_of: int | None


@dataclass(slots=True, kw_only=True)
class Finding:
    """Where a finding comes from: the article it was found in, and the line."""

    article_id: int
    doc: str
    title: str | None
    outlet: str | None
    published: str | None
    line: int
    forwarded_from: str | None = None  # a forwarded post's original channel


@dataclass(slots=True, kw_only=True)
class ClaimRow(Finding):
    """A number an article states (``records.ClaimRef``), with the sentence it is in and
    its ``figure`` as a reader writes it ("~30,000", "40-50", "2,000+")."""

    value: float | None
    value_low: float | None
    value_high: float | None
    unit: str
    subject: str
    hedged: bool
    source: str | None
    source_type: str
    via: str | None
    as_of: str | None
    quote: str
    figure: str


@dataclass(slots=True, kw_only=True)
class EventRow(Finding):
    """A dated happening (``records.EventRef``) with its quote."""

    date: str | None
    type: str
    actors: list[str]
    place: str | None
    quote: str
    date_text: str | None
    modality: str | None  # records.EVENT_MODALITIES; None in rows stored before it existed
    date_evidence: str | None


@dataclass(slots=True, kw_only=True)
class MappedEventRow(EventRow):
    """An event with its place's coordinates, when the article mentions that place with them."""

    lat: float | None
    lon: float | None


@dataclass(slots=True, kw_only=True)
class StatementRow(Finding):
    """Who said what (``records.StatementRef``): the speaker, the cue and the content.

    The same statement (the same speaker, as the corpus' entities resolve the name, and
    overlapping words) reported by several articles is one ``group``: ``reports`` the
    articles that carry it, ``sources`` how many of them are independent
    (``link.independence``: a publisher's repeat or a recycled article is not), and,
    for a report that does not count, the article it counts with and the ``reason``."""

    speaker: str | None
    cue: str
    content: str
    direct: bool
    group: int = 0
    reports: int = 1
    sources: int = 1
    counts_with: int | None = None
    reason: str = ""


@dataclass(slots=True, kw_only=True)
class PlaceMentionRow(Finding):
    """One mention of a place (``records.PlaceRef``): the words written, ``text``."""

    canonical: str
    country: str | None
    feature: str
    geonames_id: int | None
    text: str


@dataclass(slots=True, kw_only=True)
class PlaceEvidence:
    """A place as :func:`places` gives it, with every mention of it."""

    place: PlaceSummary
    mentions: list[PlaceMentionRow]


@dataclass(slots=True, kw_only=True)
class EntityRow:
    """One real-world person or organisation across the corpus, with its spellings."""

    id: int
    canonical: str
    type: str
    names: list[str]
    mentions: int
    articles: int


@dataclass(slots=True, kw_only=True)
class RelationRow:
    """Two related articles: ``a`` recycles ``b`` (``records.Relation``), with both
    articles' ids, URLs, outlets and dates."""

    kind: str
    evidence: str
    score: float | None
    a_id: int
    a: str
    a_url: str | None
    a_outlet: str | None
    a_published: str | None
    b_id: int
    b: str
    b_url: str | None
    b_outlet: str | None
    b_published: str | None


@dataclass(slots=True, kw_only=True)
class CitedRow:
    """An outlet or body an outlet's articles cite, and how often."""

    cited: str
    kind: str
    times: int


@dataclass(slots=True, kw_only=True)
class DerivedRow:
    """An outlet whose reporting an article recycles: article ``a`` derives from ``b``."""

    kind: str
    outlet: str | None
    a: str
    b: str


@dataclass(slots=True, kw_only=True)
class SourceRow:
    """An outlet: its articles, what they cite, and whose reporting they recycle."""

    outlet: str | None
    articles: int
    cites: list[CitedRow]
    derives_from: list[DerivedRow]


@dataclass(slots=True, kw_only=True)
class OutletCount:
    outlet: str | None
    articles: int


@dataclass(slots=True, kw_only=True)
class Overview:
    """The corpus at a glance."""

    articles: int
    undated: int
    first_published: str | None
    last_published: str | None
    outlets: list[OutletCount]
    body_words: int


@dataclass(slots=True, kw_only=True)
class FacetValue:
    value: str
    count: int


@dataclass(slots=True, kw_only=True)
class ArticleSearch:
    """A search's page of ``hits`` (best first), how many matched, and per facet
    (outlet, place, entity) the values among the matches, most first."""

    hits: list[SearchHit]
    total: int
    facets: dict[str, list[FacetValue]]


@dataclass(slots=True, kw_only=True)
class EstimateRow:
    """One claim in an estimate series: ``echo_of`` the article it counts with when it is
    not a source of its own, and ``reason`` why ("recycles article 9", "same publisher
    as article 12 (its own earlier report)"); ``backers`` the independent sources stating it."""

    claim: ClaimRow
    independent: bool
    echo_of: int | None
    backers: int
    reason: str = ""
    # what the claim's values are multiplied by to be in the series' measure (miles in a
    # series of km): charts draw value * scale
    scale: float = 1.0


@dataclass(slots=True, kw_only=True)
class SeriesRow:
    """Claims about the same thing (``label``), oldest first, and how many independent
    sources state them."""

    label: str
    sources: int
    estimates: list[EstimateRow]
    key: str = ""  # the series' id, as ``extract --json`` gives it under ``series``


# ---- the read side ---------------------------------------------------------------------


def articles(store: Store, *, limit: int | None = None, offset: int = 0) -> list[ArticleRow]:
    return [ArticleRow(**r) for r in store.list_articles(limit=limit, offset=offset)]


def article(store: Store, article_id: int) -> StoredArticle:
    return store.get_article(article_id)


@dataclass(slots=True, kw_only=True)
class ArticlePage:
    """A page of one article: its metadata (``stored``, without lines), ``lines`` from
    a line offset (each cut at a length, with how much was cut), what was found on
    those lines (None if the article is not annotated), and the article's totals."""

    stored: StoredArticle
    lines: list[StoredLine]
    total_lines: int
    annotation: Annotation | None
    counts: dict[str, int]


def article_page(
    store: Store, article_id: int, *, offset: int, limit: int, line_chars: int
) -> ArticlePage:
    """Lines ``offset + 1`` to ``offset + limit`` of an article, each cut at ``line_chars``
    characters, with their annotations: the work is bounded by the page, not the article."""
    stored = store.get_article(article_id, lines=False)  # NotFound for a missing id
    shown = store.article_lines(article_id, offset=offset, limit=limit, max_chars=line_chars)
    # the lines shown (none past the end): the annotation's rows on them only
    span = (shown[0].line.number, shown[-1].line.number) if shown else (0, -1)
    annotation = store.annotation(article_id, lines=span)
    counts = store.count_annotations(article_id) if annotation else {}
    return ArticlePage(
        stored=stored,
        lines=shown,
        total_lines=store.count_lines(article_id),
        annotation=annotation,
        counts={k: counts.get(k, 0) for k in ("entities", "places", "times", "claims", "events")},
    )


def search(store: Store, query: str, *, limit: int = 20) -> list[SearchHit]:
    return store.search(query, limit=limit)


def overview(store: Store) -> Overview:
    """The corpus at a glance: how many reports, which period, which outlets."""
    found = store.corpus_overview()
    found["outlets"] = [OutletCount(**o) for o in found["outlets"]]
    return Overview(**found)


def latest(store: Store, *, limit: int) -> list[ArticleRow]:
    """The most recently published articles, undated ones last."""
    return [ArticleRow(**r) for r in store.list_articles(limit=limit, newest_first=True)]


def entities(
    store: Store,
    *,
    type: str | None = None,
    name: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[EntityRow]:
    """People and organisations across the corpus, most mentioned first."""
    found = store.list_entities(type=type, name=name, limit=limit, offset=offset)
    return [EntityRow(**r) for r in found]


def count_entities(store: Store, *, type: str | None = None, name: str | None = None) -> int:
    return store.count_entities(type=type, name=name)


def places(store: Store, *, limit: int | None = None) -> list[PlaceSummary]:
    """Places the corpus mentions, with coordinates, spellings and articles."""
    found = summarise_places(store.place_mentions())
    return found[:limit] if limit is not None else found


def claim_row(row: dict[str, Any]) -> ClaimRow:
    """A row of ``Store.list_claims`` with its figure."""
    number = figure(row["value"], row["value_low"], row["value_high"], hedged=row["hedged"])
    return ClaimRow(**row, figure=number)


def claims(
    store: Store,
    *,
    about: str | None = None,
    source: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[ClaimRow]:
    """Numbers the articles state, with who asserts them, oldest first."""
    found = store.list_claims(about=about, source=source, limit=limit, offset=offset)
    return [claim_row(r) for r in found]


def count_claims(store: Store, *, about: str | None = None, source: str | None = None) -> int:
    return store.count_claims(about=about, source=source)


def estimates(
    store: Store, *, about: str | None = None, source: str | None = None
) -> list[SeriesRow]:
    """Claims about the same thing grouped into series, recycled values marked."""
    found = estimate_series(
        store.list_claims(source=source), relations=store.list_relations(), about=about
    )
    return [
        SeriesRow(
            label=s.label,
            key=s.key.id,
            sources=s.sources,
            estimates=[
                EstimateRow(
                    claim=claim_row(e.claim),
                    independent=e.independent,
                    echo_of=e.echo_of,
                    backers=e.backers,
                    reason=e.reason,
                    scale=scale(e.claim),
                )
                for e in s.estimates
            ],
        )
        for s in found
    ]


def series_about(series: Iterable[SeriesRow], about: str | None) -> list[SeriesRow]:
    """The series whose label has every word of ``about`` (case-insensitive), in order:
    ``link.estimates.series_about`` over rows."""
    words = (about or "").casefold().split()
    return [s for s in series if all(w in s.label.casefold() for w in words)]


class KeptFindings:
    """:func:`estimates` and :func:`places` for a long-lived reader such as the web app.

    Both read every row of their kind (tens of thousands of claims or place mentions
    on a large corpus: a second or more), so they are kept and recomputed only when
    the store's claims, relations or places change (``Store.findings_stamp``).
    """

    KEEP = 32  # results kept (one per source asked about); the oldest computed goes first

    def __init__(self, store: Store) -> None:
        self.store = store
        self._kept: dict[tuple[Any, ...], tuple[tuple[int, ...], Any]] = {}
        # the web app calls from many threads: one computes while the others wait for
        # its result rather than each computing the same thing
        self._lock = threading.Lock()

    def series(self, *, about: str | None = None, source: str | None = None) -> list[SeriesRow]:
        found = self._get(("series", source), lambda: estimates(self.store, source=source))
        return series_about(found, about)

    def places(self, *, limit: int | None = None) -> list[PlaceSummary]:
        found: list[PlaceSummary] = self._get(("places",), lambda: places(self.store))
        return found[:limit] if limit is not None else found

    def happenings_of(
        self, rows: Iterable[EventRow], *, modality: str | None = None
    ) -> list[HappeningRow]:
        """The happenings that ``rows`` (a page of the timeline read with ``modality``)
        report, each with all its reports, in date order: the whole store's events of
        those statuses are grouped once and kept."""
        by_report: dict[tuple[int, int, str], HappeningRow] = self._get(
            ("happenings", modality), lambda: self._happening_index(modality)
        )
        found = {
            id(h): h
            for row in rows
            if (h := by_report.get((row.article_id, row.line, row.quote))) is not None
        }
        return sorted(found.values(), key=lambda h: (h.date or "", h.first_published or "", h.key))

    def _happening_index(self, modality: str | None) -> dict[tuple[int, int, str], HappeningRow]:
        return {
            (r.article_id, r.line, r.quote): h
            for h in happenings(self.store, modality=modality)
            for r in h.reports
        }

    def _get(self, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
        stamp = self.store.findings_stamp()
        with self._lock:
            kept = self._kept.get(key)
            if kept is None or kept[0] != stamp:
                kept = (stamp, compute())
                self._kept.pop(key, None)
                self._kept[key] = kept
                while len(self._kept) > self.KEEP:
                    del self._kept[next(iter(self._kept))]
        return kept[1]


def relations(store: Store) -> list[RelationRow]:
    """Related article pairs (``a`` recycles ``b``) with both articles' names and dates."""
    return [RelationRow(**r) for r in store.list_relations()]


def sources(store: Store) -> list[SourceRow]:
    """Outlets with their article counts, what they cite, and whose reporting they recycle."""
    derived: dict[str | None, list[DerivedRow]] = {}
    for rel in relations(store):
        derived.setdefault(rel.a_outlet, []).append(
            DerivedRow(kind=rel.kind, outlet=rel.b_outlet, a=rel.a, b=rel.b)
        )
    return [
        SourceRow(
            outlet=row["outlet"],
            articles=row["articles"],
            cites=[CitedRow(**c) for c in row["cites"]],
            derives_from=derived.get(row["outlet"], []),
        )
        for row in store.outlet_citations()
    ]


def statements(
    store: Store, *, by: str | None = None, limit: int | None = None
) -> list[StatementRow]:
    """Who said what, with the sentence it is in and how many independent reports carry
    it; ``by`` picks a speaker under any spelling the corpus' entities know
    ("Lukashenko" finds "Lukashenka")."""
    rows = [StatementRow(**r) for r in store.list_statements()]
    names = _entity_names(store)
    speakers = [_speaker_key(row.speaker, names) for row in rows]
    _judge_statements(rows, speakers, store.list_relations(), aliases=names)
    if by:
        wanted = {names[n] for e in store.list_entities(name=by) for n in _name_keys(e["names"])}
        words = by.casefold().split()
        rows = [
            row
            for row, key in zip(rows, speakers, strict=True)
            if row.speaker and (key in wanted or all(w in row.speaker.casefold() for w in words))
        ]
    return rows[:limit] if limit is not None else rows


def _name_keys(names: Iterable[str]) -> list[str]:
    return [k for n in names if (k := name_key(n))]


def _entity_names(store: Store) -> dict[str, str]:
    """Every spelling of every person and organisation (name key) -> the entity's canonical
    name key; the most mentioned entity keeps a spelling two share."""
    found: dict[str, str] = {}
    for entity in store.list_entities():
        canonical = name_key(entity["canonical"])
        for key in _name_keys([entity["canonical"], *entity["names"]]):
            found.setdefault(key, canonical)
    return found


def _speaker_key(speaker: str | None, names: dict[str, str]) -> str:
    """The entity a speaker's name resolves to: the whole name, else its longest run of
    words that is a known spelling ("President Alexander Lukashenka"); else the name."""
    key = name_key(speaker)
    if key in names:
        return names[key]
    words = key.split()
    for size in range(len(words) - 1, 0, -1):
        for start in range(len(words) - size + 1):
            part = " ".join(words[start : start + size])
            # a one-word part must be a surname-like spelling, not "president"
            if part in names and (size > 1 or len(part) > 3):
                return names[part]
    return key


# Words shorter than this say little about which statement it is ("the", "and", "was").
_CONTENT_MIN_LETTERS = 4
# Two reports of one statement share at least this share of the shorter one's words...
_SAME_STATEMENT_SHARE = 0.5
# ...and at least this many words, so that two three-word quotes are not one statement.
_SAME_STATEMENT_WORDS = 3


def _content_words(text: str) -> frozenset[str]:
    return frozenset(w for w in name_key(text).split() if len(w) >= _CONTENT_MIN_LETTERS)


def _particulars(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The names (capitalised words after the first) and numbers a statement states."""
    tokens = re.findall(r"[\w'’-]+", text)
    names = frozenset(t.casefold() for t in tokens[1:] if t[:1].isupper())
    numbers = frozenset(t.replace(",", "") for t in re.findall(r"\d[\d,.]*", text))
    return names, numbers


def _same_statement(
    words: tuple[frozenset[str], frozenset[str]], other: tuple[frozenset[str], frozenset[str]]
) -> bool:
    """Overlapping words, and no other place or figure: "had taken Fuzuli" and "had taken
    Jabrayil" share most words but are two statements."""
    (a, a_names), (b, b_names) = words, other
    shared = len(a & b)
    if (
        shared < _SAME_STATEMENT_WORDS
        or shared / (min(len(a), len(b)) or 1) < _SAME_STATEMENT_SHARE
    ):
        return False
    return bool(a_names & b_names) or not (a_names and b_names)


def _judge_statements(
    rows: list[StatementRow],
    speakers: list[str],
    relations: list[dict[str, Any]],
    *,
    aliases: dict[str, str],
) -> None:
    """Group the statements (same speaker, overlapping words) and judge each group's reports."""
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    words = []
    for row in rows:
        names, numbers = _particulars(row.content)
        words.append((_content_words(row.content), names | numbers))
    by_speaker: dict[str, list[int]] = {}
    for i, (row, key) in enumerate(zip(rows, speakers, strict=True)):
        if row.speaker and key:
            by_speaker.setdefault(key, []).append(i)
    for members in by_speaker.values():
        for n, i in enumerate(members):
            for j in members[n + 1 :]:
                if _same_statement(words[i], words[j]):
                    parent[find(j)] = find(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(rows)):
        groups.setdefault(find(i), []).append(i)
    recycles = recycling(relations)
    for root, members in groups.items():
        items = [
            Backing(
                article_id=rows[i].article_id,
                content=root,
                publisher=rows[i].outlet,
                forwarded_from=rows[i].forwarded_from,
                published=rows[i].published,
            )
            for i in members
        ]
        verdicts = judge(items, recycles=recycles, aliases=aliases)
        reports = len({rows[i].article_id for i in members})
        sources = independent_units(items, verdicts)
        for i, verdict in zip(members, verdicts, strict=True):
            row = rows[i]
            row.group, row.reports, row.sources = root + 1, reports, sources
            row.counts_with, row.reason = verdict.counts_with, verdict.reason


def event_modalities(asked: str | None) -> tuple[str, ...] | None:
    """The event statuses a timeline shows, from what a user asked.

    Nothing asked: only ``asserted`` events, the facts (issue 13: a plan, a
    forecast or a denial shown as a fact misleads); ``all``: every status (None);
    else a comma-separated list of ``records.EVENT_MODALITIES``.
    """
    if not asked:
        return ("asserted",)
    if asked.strip().lower() == "all":
        return None
    wanted = tuple(dict.fromkeys(w.strip().lower() for w in asked.split(",") if w.strip()))
    unknown = [w for w in wanted if w not in EVENT_MODALITIES]
    if unknown or not wanted:
        raise ValueError(
            f"unknown modality {', '.join(unknown) or asked!r}: "
            f"use all or {', '.join(EVENT_MODALITIES)}"
        )
    return wanted


def event_types(asked: str | None) -> tuple[str, ...] | None:
    """The event types a timeline shows: every one when nothing is asked, else a
    comma-separated list of ``records.EVENT_TYPES``."""
    if not asked or not asked.strip():
        return None
    wanted = tuple(dict.fromkeys(w.strip().lower() for w in asked.split(",") if w.strip()))
    unknown = [w for w in wanted if w not in EVENT_TYPES]
    if unknown or not wanted:
        raise ValueError(
            f"unknown event type {', '.join(unknown) or asked!r}: use {', '.join(EVENT_TYPES)}"
        )
    return wanted


_LAT_LON = re.compile(r"\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*")


def parse_near(text: str) -> tuple[float, float]:
    """``"LAT,LON"`` in decimal degrees (``"51.5,30.3"``) as a pair; ValueError otherwise."""
    found = _LAT_LON.fullmatch(text)
    if found is None:
        raise ValueError(f"not LAT,LON in decimal degrees: {text!r}")
    lat, lon = float(found[1]), float(found[2])
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"out of range (latitude -90..90, longitude -180..180): {text!r}")
    return lat, lon


@dataclass(frozen=True, slots=True, kw_only=True)
class Region:
    """Where a timeline or report is limited to: places named (and what lies within them:
    a country holds every place of that country) and/or a circle around a point."""

    label: str
    countries: frozenset[str] = frozenset()  # ISO alpha-2 codes: every place in them
    names: frozenset[str] = frozenset()  # casefolded place names: those places themselves
    near: tuple[float, float] | None = None
    within_km: float | None = None

    def holds(self, place: str | None, where: dict[str, PlaceSummary]) -> bool:
        """Whether the place called ``place`` lies in the region; ``where`` is
        :func:`place_index` (a place the corpus has no coordinates or country for lies
        only in a region that names it)."""
        if not place:
            return False
        known = where.get(place.casefold())
        if known is None:
            return place.casefold() in self.names and self.near is None
        return self.holds_place(known) or (place.casefold() in self.names and self.near is None)

    def holds_place(self, place: PlaceSummary) -> bool:
        """Whether a place of the corpus lies in the region: named by it or in one of its
        countries, and within its circle when it has one (a whole country never is)."""
        if self.names or self.countries:
            named = place.canonical.casefold() in self.names
            if not named and place.country not in self.countries:
                return False
        if self.near is not None and self.within_km is not None:
            # a country's coordinates are its centroid, no place an event happened at
            if place.lat is None or place.lon is None or place.feature == "country":
                return False
            return haversine_km(*self.near, place.lat, place.lon) <= self.within_km
        return True


def place_index(store: Store) -> dict[str, PlaceSummary]:
    """Every place the corpus names, by each of its names and spellings (casefolded):
    the most mentioned place keeps a name two share."""
    found: dict[str, PlaceSummary] = {}
    for p in places(store):
        for name in (p.canonical, *p.spellings):
            found.setdefault(name.casefold(), p)
    return found


@functools.cache
def _country_codes() -> dict[str, str]:
    """Country names (and the language pack's aliases) by name key -> ISO alpha-2."""
    return country_words(load_language("en"))


def region(
    store: Store,
    *,
    place: str | None = None,
    near: tuple[float, float] | None = None,
    within_km: float | None = None,
    where: dict[str, PlaceSummary] | None = None,
) -> Region | None:
    """The region a user asked for: ``place`` is one or a comma list of place names or
    ISO country codes ("Belarus", "BY,UA", "Gomel"); a country takes in its towns;
    ``near`` with ``within_km`` is a circle. None when nothing is asked; ValueError
    when a circle lacks its centre or radius."""
    if (near is None) != (within_km is None):
        raise ValueError("give both near=LAT,LON and within_km=R for a radius")
    if within_km is not None and not within_km > 0:
        raise ValueError(f"within_km must be more than 0, not {within_km}")
    parts = [p.strip() for p in (place or "").split(",") if p.strip()]
    if not parts and near is None:
        return None
    where = place_index(store) if where is None else where
    countries: set[str] = set()
    names: set[str] = set()
    for part in parts:
        names.add(part.casefold())
        known = where.get(part.casefold())
        if known is not None:
            names.add(known.canonical.casefold())
            if known.feature == "country" and known.country:
                countries.add(known.country)
        elif code := _country_codes().get(gazetteer_key(part)):
            countries.add(code)  # a country no article of the store names as a place
        elif len(part) == 2 and part.isalpha():
            countries.add(part.upper())  # an ISO code
    label = ", ".join(parts)
    if near is not None:
        circle = f"within {within_km:g} km of {near[0]:g},{near[1]:g}"
        label = f"{label}; {circle}" if label else circle
    return Region(
        label=label,
        countries=frozenset(countries),
        names=frozenset(names),
        near=near,
        within_km=within_km,
    )


def in_region(store: Store, asked: Region) -> Callable[[Finding], bool]:
    """Whether a finding (a claim, a statement) is about a place in ``asked``: a place its
    sentence names, else (a sentence naming none) its article's most mentioned place,
    the article's focus as the events stage takes it."""
    where = place_index(store)
    on_line: dict[tuple[int, int], set[str]] = {}
    per_article: dict[int, Counter[str]] = {}
    for m in store.list_place_mentions():
        on_line.setdefault((m["article_id"], m["line"]), set()).add(m["canonical"])
        per_article.setdefault(m["article_id"], Counter())[m["canonical"]] += 1
    focus = {a: counts.most_common(1)[0][0] for a, counts in per_article.items()}

    def test(found: Finding) -> bool:
        named = on_line.get((found.article_id, found.line))
        if named:
            return any(asked.holds(p, where) for p in named)
        return asked.holds(focus.get(found.article_id), where)

    return test


def _actor_test(store: Store, actor: str) -> Callable[[list[str]], bool]:
    """Whether an event's actors include ``actor``, under any spelling the corpus'
    entities know (as ``statements --by``): "Lukashenko" finds "Lukashenka"."""
    names = _entity_names(store)
    wanted = {names[n] for e in store.list_entities(name=actor) for n in _name_keys(e["names"])}
    words = actor.casefold().split()

    def test(actors: list[str]) -> bool:
        return any(
            _speaker_key(a, names) in wanted or all(w in a.casefold() for w in words)
            for a in actors
        )

    return test


def _event_test(
    store: Store,
    *,
    actor: str | None,
    place: str | None,
    near: tuple[float, float] | None,
    within_km: float | None,
) -> Callable[[EventRow], bool] | None:
    """The test an event row must pass for the filters the database cannot apply (actor
    spellings, places within a region or a radius); None when there are none."""
    asked_place = bool((place or "").strip()) or near is not None or within_km is not None
    where = place_index(store) if asked_place else {}
    asked = region(store, place=place, near=near, within_km=within_km, where=where)
    actor = (actor or "").strip() or None
    if asked is None and actor is None:
        return None
    of_actor = _actor_test(store, actor) if actor else None

    def test(row: EventRow) -> bool:
        if of_actor is not None and not of_actor(row.actors):
            return False
        return asked is None or asked.holds(row.place, where)

    return test


def timeline(
    store: Store,
    *,
    since: str | None = None,
    until: str | None = None,
    modality: str | None = None,
    type: str | None = None,  # the event field, as the CLI and API name it
    actor: str | None = None,
    place: str | None = None,
    near: tuple[float, float] | None = None,
    within_km: float | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[EventRow]:
    """Dated events in date order, each with its source article, line and quote;
    ``modality`` as :func:`event_modalities` reads it (asserted events when None),
    ``type`` as :func:`event_types`; ``actor`` keeps the events one of whose actors is
    that actor under any spelling; ``place``, ``near`` and ``within_km`` keep the events
    whose place lies in that :func:`region`."""
    kinds = event_types(type)
    modalities = event_modalities(modality)
    test = _event_test(store, actor=actor, place=place, near=near, within_km=within_km)
    if test is None:
        found = store.timeline(
            since=since,
            until=until,
            modalities=modalities,
            types=kinds,
            limit=limit,
            offset=offset,
        )
        return [EventRow(**r) for r in found]
    # these filters need Python: read the period's events, filter, then page
    every = store.timeline(since=since, until=until, modalities=modalities, types=kinds)
    kept = [row for r in every if test(row := EventRow(**r))]
    return kept[offset : offset + limit if limit is not None else None]


class EventFilters(TypedDict, total=False):
    """The timeline's filters, as :func:`timeline` reads them: one list of names for the
    functions that pass them on (the count, the happenings)."""

    since: str | None
    until: str | None
    modality: str | None
    type: str | None
    actor: str | None
    place: str | None
    near: tuple[float, float] | None
    within_km: float | None


def count_timeline(store: Store, **filters: Unpack[EventFilters]) -> int:
    """How many events :func:`timeline` gives for the same filters (every page)."""
    in_python = _event_test(
        store,
        actor=filters.get("actor"),
        place=filters.get("place"),
        near=filters.get("near"),
        within_km=filters.get("within_km"),
    )
    if in_python is None:
        return store.count_timeline(
            since=filters.get("since"),
            until=filters.get("until"),
            modalities=event_modalities(filters.get("modality")),
            types=event_types(filters.get("type")),
        )
    return len(timeline(store, **filters))


@dataclass(slots=True, kw_only=True)
class HappeningRow:
    """One real-world happening (``link.happenings``): the dated event records of every
    article that report it, oldest report first, with how many independent sources
    report it and where the reports disagree."""

    key: str
    date: str | None
    type: str
    actors: list[str]
    place: str | None
    sources: int
    first_published: str | None
    latest_published: str | None
    known: str | None  # the chronology's key, when a report names a known event
    disagreements: list[str]
    reports: list[EventRow]


def happenings_of(
    rows: Iterable[EventRow],
    *,
    theatre: Theatre | None = None,
    relations: Iterable[dict[str, Any]] = (),
) -> list[HappeningRow]:
    """``rows`` (event rows, as :func:`timeline` reads them) fused into happenings, in
    date order. The known events are the theatre's chronology (the default theatre's
    when None), recognised in each row's quote; ``relations`` (the store's) make a
    recycled report count with its origin in the number of independent sources."""
    from watchfloor.link.happenings import Report, group
    from watchfloor.nlp.chronology import chronology
    from watchfloor.records import EventRef, Mention

    by_report: dict[int, EventRow] = {}
    reports = []
    for row in rows:
        # the store keeps no offsets here: a row is told apart by its article, line and quote
        mention = Mention(line=row.line, start=0, end=len(row.quote), text=row.quote, label="EVENT")
        event = EventRef(
            mention=mention,
            type=row.type,
            actors=list(row.actors),
            place=row.place,
            date=row.date,
            date_text=row.date_text,
        )
        report = Report(
            article=row.article_id,
            event=event,
            outlet=row.outlet,
            published=row.published,
            forwarded_from=row.forwarded_from,
        )
        by_report[id(report)] = row
        reports.append(report)
    found = []
    for h in group(reports, known=chronology(theatre), recycles=recycling(relations)):
        members = [by_report[id(r)] for r in h.reports]
        found.append(
            HappeningRow(
                key=h.key,
                date=h.date,
                type=h.type,
                actors=h.actors,
                place=h.place,
                sources=h.sources,
                first_published=h.first.published,
                latest_published=h.latest.published,
                known=h.known,
                disagreements=list(h.disagreements),
                reports=members,
            )
        )
    found.sort(key=lambda h: (h.date or "", h.first_published or "", h.key))
    return found


def happenings(
    store: Store, *, theatre: Theatre | None = None, **filters: Unpack[EventFilters]
) -> list[HappeningRow]:
    """The timeline as happenings: every dated event of the period (of the statuses
    ``modality`` names: asserted when None; and of the type, actor and place asked, as
    :func:`timeline` filters them) fused with the other reports of the same happening
    that pass the same filters, in date order."""
    return happenings_of(
        timeline(store, **filters), theatre=theatre, relations=store.list_relations()
    )


def place_evidence(store: Store) -> list[PlaceEvidence]:
    """Places as :func:`places` gives them, each with its mentions: article, line, spelling."""
    by_place: dict[tuple[Any, ...], list[PlaceMentionRow]] = {}
    for row in store.list_place_mentions():
        mention = PlaceMentionRow(**row)
        key = (mention.geonames_id, mention.canonical, mention.country, mention.feature)
        by_place.setdefault(key, []).append(mention)
    return [
        PlaceEvidence(
            place=p,
            mentions=by_place.get((p.geonames_id, p.canonical, p.country, p.feature), []),
        )
        for p in places(store)
    ]


def events(store: Store, *, limit: int | None = None) -> list[MappedEventRow]:
    """Every event, dated or not (undated last), with its place's coordinates when known."""
    return [MappedEventRow(**r) for r in store.list_events(limit=limit)]


def totals(store: Store) -> dict[str, int]:
    """How many claims, events, place mentions, entities, statements and relations."""
    return store.count_findings()


SEARCH_CEILING = 1000  # matches read before facets filter them: the best this many


def find_articles(
    store: Store,
    *,
    q: str = "",
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
    place: str | None = None,
    entity: str | None = None,
    limit: int = 50,
) -> ArticleSearch:
    """Articles matching words (best first; all articles by date without words), narrowed
    by facets: outlet, publication period (ISO prefixes, as ``timeline``), a place
    and a person or organisation mentioned. The hits' snippets are empty without words."""
    worded = bool(q.split())
    if worded:
        hits = store.search(q, limit=SEARCH_CEILING, snippets=False)
    else:
        hits = [
            SearchHit(
                id=r["id"],
                doc=r["doc"],
                title=r["title"],
                outlet=r["outlet"],
                published=r["published"],
                snippet="",
            )
            for r in store.list_articles()
        ]
    tags: dict[int, dict[str, set[str]]] = {}
    # only the matches' tags: reading every article's would cost a search as much as
    # the whole corpus has places and names
    for article_id, kind, name in store.article_tags([hit.id for hit in hits] if worded else None):
        tags.setdefault(article_id, {"place": set(), "entity": set()})[kind].add(name)
    none: dict[str, set[str]] = {"place": set(), "entity": set()}

    def keep(hit: SearchHit) -> bool:
        mine = tags.get(hit.id, none)
        published = hit.published or ""
        return (
            (not outlet or (hit.outlet or "") == outlet)
            and (not since or (bool(published) and published >= since))
            and (not until or (bool(published) and published <= until + "\uffff"))
            and (not place or place in mine["place"])
            and (not entity or entity in mine["entity"])
        )

    matched = [hit for hit in hits if keep(hit)]
    facets: dict[str, Counter[str]] = {"outlet": Counter(), "place": Counter(), "entity": Counter()}
    for hit in matched:
        facets["outlet"][hit.outlet or ""] += 1
        mine = tags.get(hit.id, none)
        facets["place"].update(mine["place"])
        facets["entity"].update(mine["entity"])
    shown = matched[:limit]
    if worded:  # snippets for the page shown only: they cost more than the search
        snippets = store.snippets(q, [hit.id for hit in shown])
        shown = [dataclasses.replace(hit, snippet=snippets.get(hit.id, "")) for hit in shown]
    return ArticleSearch(
        hits=shown,
        total=len(matched),
        facets={
            name: [
                FacetValue(value=value, count=n)
                for value, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
            ]
            for name, counts in facets.items()
        },
    )
