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

from watchfloor.errors import WatchfloorError
from watchfloor.figures import figure
from watchfloor.lang import load_language, pack_for
from watchfloor.link.estimates import estimate_series, scale
from watchfloor.link.independence import Backing, independent_units, judge, name_key, recycling
from watchfloor.link.places import PlaceSummary, summarise_places
from watchfloor.nlp.gazetteer import country_words, haversine_km
from watchfloor.nlp.gazetteer import name_key as gazetteer_key
from watchfloor.nlp.translit import has_cyrillic, match_key, to_latin
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
    """Articles matching every word of ``query``, and across scripts: a Cyrillic query
    also finds the articles that write it in Latin letters ("Хренин" finds "Khrenin"),
    and a name finds the articles that mention that person, organisation or place
    in any script ("Khrenin" finds the report saying "Виктора Хренина")."""
    hits = store.search(query, limit=limit)
    for alternative in _other_scripts(query):
        seen = {hit.id for hit in hits}
        hits += [h for h in store.search(alternative, limit=limit) if h.id not in seen]
    if len(hits) < limit:
        seen = {hit.id for hit in hits}
        for article_id in _articles_naming(store, query):
            if article_id not in seen and len(hits) < limit:
                hits.append(_hit(store, article_id))
    return hits[:limit]


def _articles_naming(store: Store, query: str) -> list[int]:
    """Articles that mention an entity or place whose name holds every word of
    ``query`` in either script (by the names the corpus resolved them to)."""
    key = match_key(query).split()
    if not key or len(key) > _NAME_QUERY_WORDS:
        return []
    names = {e["canonical"] for e in _entities_named(store, query)}
    names |= {n for n in store.place_names() if _same_name(query, n)}
    return store.articles_naming(names)


def _hit(store: Store, article_id: int) -> SearchHit:
    a = store.get_article(article_id, lines=False).article
    return SearchHit(
        id=article_id,
        doc=a.doc,
        title=a.title,
        outlet=a.outlet,
        published=a.published,
        snippet="",
    )


# Queries of more words than this are no name: no entity lookup for them.
_NAME_QUERY_WORDS = 4


def _other_scripts(query: str) -> list[str]:
    """The query written in the other script, where a word can be (Cyrillic to Latin
    only: Latin to Cyrillic has many spellings, found through entities and places)."""
    latin = to_latin(query) if has_cyrillic(query) else query
    return [latin] if latin != query else []


def _same_name(asked: str, name: str) -> bool:
    """Whether ``name`` holds every word of ``asked``, in either script."""
    words = asked.casefold().split()
    if all(w in name.casefold() for w in words):
        return True
    key, other = match_key(asked).split(), match_key(name)
    return bool(key) and all(w in other for w in key)


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
    if name:
        found = _entities_named(store, name, type=type)
        found = found[offset : offset + limit if limit is not None else None]
    else:
        found = store.list_entities(type=type, limit=limit, offset=offset)
    return [EntityRow(**r) for r in found]


def _entities_named(store: Store, name: str, *, type: str | None = None) -> list[dict[str, Any]]:
    """Entities with a spelling holding ``name`` (case-insensitive), or holding it in the
    other script: "Khrenin" finds "Хренин", "Лукашэнка" finds "Lukashenko"."""
    found = store.list_entities(type=type)
    needle, key = name.casefold(), match_key(name)
    return [
        row
        for row in found
        if any(needle in n.casefold() or (key and key in match_key(n)) for n in row["names"])
    ]


def count_entities(store: Store, *, type: str | None = None, name: str | None = None) -> int:
    if name:
        return len(_entities_named(store, name, type=type))
    return store.count_entities(type=type)


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
    crossed = _cross_script_names(store)
    speakers = [_speaker_key(row.speaker, names, crossed) for row in rows]
    _judge_statements(rows, speakers, store.list_relations(), aliases=names)
    if by:
        wanted = {names[n] for e in _entities_named(store, by) for n in _name_keys(e["names"])}
        rows = [
            row
            for row, key in zip(rows, speakers, strict=True)
            if row.speaker and (key in wanted or _same_name(by, row.speaker))
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


def _cross_script_names(store: Store) -> dict[str, str]:
    """``_entity_names`` by the script-free key of each spelling (``translit.match_key``):
    a speaker written "Хренин" is the entity Viktor Khrenin."""
    found: dict[str, str] = {}
    surnames: dict[str, set[str]] = {}
    for entity in store.list_entities():
        canonical = name_key(entity["canonical"])
        for name in (entity["canonical"], *entity["names"]):
            if key := match_key(name):
                found.setdefault(key, canonical)
                if entity["type"] == "PERSON" and " " in key:
                    surnames.setdefault(key.rsplit(" ", 1)[1], set()).add(canonical)
    for surname, owners in surnames.items():
        if len(owners) == 1:  # a surname alone ("Хренин said") names one person only
            found.setdefault(surname, owners.pop())
    return found


def _speaker_key(
    speaker: str | None, names: dict[str, str], crossed: dict[str, str] | None = None
) -> str:
    """The entity a speaker's name resolves to: the whole name, else its longest run of
    words that is a known spelling ("President Alexander Lukashenka"); a name in
    Cyrillic also by its script-free key (``crossed``); else the name."""
    key = name_key(speaker)
    found = _known_run(key, names)
    if found is None and crossed and speaker and has_cyrillic(speaker):
        found = _known_run(match_key(speaker), crossed)
    return key if found is None else found


def _known_run(key: str, names: dict[str, str]) -> str | None:
    if key in names:
        return names[key]
    words = key.split()
    for size in range(len(words) - 1, 0, -1):
        for start in range(len(words) - size + 1):
            part = " ".join(words[start : start + size])
            # a one-word part must be a surname-like spelling, not "president"
            if part in names and (size > 1 or len(part) > 3):
                return names[part]
    return None


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


def _known_place(where: dict[str, PlaceSummary], name: str) -> PlaceSummary | None:
    """A place of the index by one of its names, else by the same name in the other
    script ("Гомель" finds Homyel', "Mozyr" finds the place written "Мозыре")."""
    known = where.get(name.casefold())
    if known is None and (key := match_key(name)):
        known = next((p for n, p in where.items() if match_key(n) == key), None)
    return known


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
        known = _known_place(where, part)
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
    crossed = _cross_script_names(store)
    wanted = {names[n] for e in _entities_named(store, actor) for n in _name_keys(e["names"])}

    def test(actors: list[str]) -> bool:
        return any(
            _speaker_key(a, names, crossed) in wanted or _same_name(actor, a) for a in actors
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
            article=row.article_id, event=event, outlet=row.outlet, published=row.published
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
        # across scripts, as ``search``: the Latin form of a Cyrillic query, and the
        # reports that name the person, organisation or place in any script
        seen = {hit.id for hit in hits}
        for alternative in _other_scripts(q):
            more = store.search(alternative, limit=SEARCH_CEILING, snippets=False)
            hits += [h for h in more if h.id not in seen]
            seen |= {h.id for h in more}
        named = [i for i in _articles_naming(store, q) if i not in seen]
        hits += [_hit(store, i) for i in named[: max(0, SEARCH_CEILING - len(hits))]]
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
        for alternative in _other_scripts(q):
            rest = [hit.id for hit in shown if hit.id not in snippets]
            snippets.update(store.snippets(alternative, rest) if rest else {})
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


# ---- coverage: which reports the language stages read, in which language ---------------

# What the stages of ``nlp.annotate`` find in an article they read, in the order they run;
# the store's tables of findings by these names (entity mentions count the names).
ANALYSIS_STAGES = ("places", "entities", "times", "statements", "events", "claims")
_STAGE_TABLES = {
    "places": "places",
    "entities": "entity_mentions",
    "times": "times",
    "statements": "statements",
    "events": "events",
    "claims": "claims",
}
# Read as English by the stages: "und" is a text too short or too numeric to tell.
_READ_AS_ENGLISH = ("en", "und")


@dataclass(slots=True, kw_only=True)
class ReasonCount:
    """Why the stages did not read some articles, and how many."""

    reason: str
    articles: int


@dataclass(slots=True, kw_only=True)
class LanguageCoverage:
    """One language's reports: how many the stages read (``analysed``), how many they did
    not and why (``not_analysed``, most first), how many wait for ``watchfloor annotate``
    (``not_annotated``); the named-entity model that reads the language (``ner``: spacy or
    natasha; None without a language pack); the ``stages`` run over the analysed reports
    and what each found there (``found``: rows per stage)."""

    language: str  # ISO 639-1 code; "und" when the language could not be told
    name: str  # in English: "Russian"; the code when no name is known
    articles: int
    analysed: int
    not_analysed: list[ReasonCount]
    not_annotated: int
    ner: str | None
    stages: list[str]
    found: dict[str, int]


@dataclass(slots=True, kw_only=True)
class Coverage:
    """Which reports were analysed in which language and which were not, and why: what
    every view says beside its findings, so nothing is left out silently."""

    articles: int
    analysed: int
    not_analysed: int
    not_annotated: int  # with those whose language is not known yet (in no language's row)
    languages: list[LanguageCoverage]  # most reports first


def language_name(code: str | None) -> str:
    """A language's English name from its ISO 639 code ("ru": "Russian"): the language
    pack's name, else ISO 639's (pycountry); the code itself when neither knows it."""
    if not code or code == "und":
        return "undetermined language"
    try:
        return load_language(code).name
    except WatchfloorError:
        pass
    import pycountry

    found = pycountry.languages.get(alpha_2=code) if len(code) == 2 else None
    if found is None:
        found = pycountry.languages.get(alpha_3=code)
    return str(found.name) if found is not None else code


def _ner_of(code: str) -> str | None:
    # the stages read an undetermined language as English (``ingest.annotate_stream``)
    pack = pack_for(None if code == "und" else code)
    return pack.ner if pack is not None else None


def coverage(store: Store, *, found: bool = True) -> Coverage:
    """Per language, the stored reports the language stages analysed (an annotation
    with no ``skipped`` reason, whatever the language), those they did not with the
    reasons grouped, and those not annotated yet; with ``found``, what each stage found
    in the analysed ones (a page's coverage line leaves that out: it costs a count per
    table of findings)."""
    counted = store.language_coverage(found=found)
    by_language: dict[str, LanguageCoverage] = {}

    def of(code: str | None) -> LanguageCoverage:
        key = code or "und"
        if key not in by_language:
            by_language[key] = LanguageCoverage(
                language=key,
                name=language_name(key),
                articles=0,
                analysed=0,
                not_analysed=[],
                not_annotated=0,
                ner=_ner_of(key),
                stages=[],
                found={},
            )
        return by_language[key]

    reasons: dict[str, Counter[str]] = {}
    waiting = 0  # not annotated, no language recorded yet: under no language
    for code, annotated, skipped, n in counted["states"]:
        if not annotated and code is None:
            waiting += n
            continue
        row = of(code)
        row.articles += n
        if not annotated:
            row.not_annotated += n
        elif skipped is None:
            row.analysed += n
        else:
            reasons.setdefault(row.language, Counter())[skipped] += n
    for code, reason_counts in reasons.items():
        by_language[code].not_analysed = [
            ReasonCount(reason=reason, articles=n)
            for reason, n in sorted(reason_counts.items(), key=lambda kv: (-kv[1], kv[0]))
        ]
    rows_found: dict[tuple[str, str], int] = {
        (code or "und", kind): n for code, kind, n in counted["found"]
    }
    for row in by_language.values():
        if row.analysed:
            row.stages = list(ANALYSIS_STAGES)
            if found:
                row.found = {
                    stage: rows_found.get((row.language, table), 0)
                    for stage, table in _STAGE_TABLES.items()
                }
    languages = sorted(by_language.values(), key=lambda r: (-r.articles, r.language))
    return Coverage(
        articles=sum(r.articles for r in languages) + waiting,
        analysed=sum(r.analysed for r in languages),
        not_analysed=sum(n.articles for r in languages for n in r.not_analysed),
        not_annotated=sum(r.not_annotated for r in languages) + waiting,
        languages=languages,
    )


def short_reason(reason: str, language: str) -> str:
    """A skip reason without the language it starts with, for a line that names the
    language already: "language 'de': no language pack" under German is "no language pack"."""
    return re.sub(rf"^language '{re.escape(language)}':\s*", "", reason)


def coverage_parts(found: Coverage) -> list[str]:
    """The coverage summary as phrases, one per language and outcome, most reports
    first: "3 reports in English (en) analysed", "1 in German (de) not analysed (no
    language pack)", "2 in Russian (ru) not annotated yet"."""
    parts: list[str] = []
    for row in found.languages:
        label = f"{row.name} ({row.language})"
        if row.analysed:
            parts.append(f"{row.analysed} in {label} analysed")
        for why in row.not_analysed:
            parts.append(
                f"{why.articles} in {label} not analysed ({short_reason(why.reason, row.language)})"
            )
        if row.not_annotated:
            parts.append(f"{row.not_annotated} in {label} not annotated yet")
    unknown = found.not_annotated - sum(r.not_annotated for r in found.languages)
    if unknown:
        parts.append(f"{unknown} not annotated yet (language not yet detected)")
    if parts:
        # the first phrase names the unit: "3 reports in English..."
        count, _, rest = parts[0].partition(" ")
        parts[0] = f"{count} report{'s' if count != '1' else ''} {rest}"
    return parts


def coverage_line(found: Coverage) -> str:
    """The coverage summary in one line: "Coverage: 3 reports in English (en) analysed;
    1 in German (de) not analysed (no language pack)"; "Coverage: no reports" when empty."""
    parts = coverage_parts(found)
    return "Coverage: " + ("; ".join(parts) if parts else "no reports")


def article_coverage(language: str | None, *, annotated: bool, skipped: str | None) -> str:
    """What the stages did with one article: "analysed in Russian", "not analysed:
    language 'de': no language pack", "not annotated yet"."""
    if not annotated:
        return "not annotated yet"
    if skipped is not None:
        return f"not analysed: {skipped}"
    if language in (None, "und"):
        return "analysed as English (language undetermined)"
    return f"analysed in {language_name(language)}"


# ---- original-language sentences: what was extracted beside them -------------------------


@dataclass(slots=True, kw_only=True)
class SentenceAside:
    """What the stages extracted from one line written in a language other than English,
    shown beside the line as written (no translation is offered: none runs offline):
    the canonical ``names`` of its people, organisations and places, and its ``figures``
    ("30,000 troops")."""

    language: str
    names: list[str]
    figures: list[str]


def needs_aside(language: str | None) -> bool:
    """Whether text in this language is shown with its extractions beside it: any
    language the stages do not read as English."""
    return language not in (None, *_READ_AS_ENGLISH)


def line_asides(
    annotation: Annotation | None, *, resolved: dict[str, str] | None = None
) -> dict[int, SentenceAside]:
    """Per line number of a non-English article's annotation, what was extracted there;
    empty for an English (or unannotated, or skipped) one. ``resolved``: the article's
    entity names -> the canonical names of the corpus entities they were resolved to
    (``Store.resolved_names``), so that "Хренин" is shown as the corpus names him."""
    if annotation is None or annotation.skipped or not needs_aside(annotation.language):
        return {}
    resolved = resolved or {}
    names: dict[int, list[str]] = {}
    figures: dict[int, list[str]] = {}

    def add(found: dict[int, list[str]], line: int, text: str) -> None:
        kept = found.setdefault(line, [])
        if text and text not in kept:
            kept.append(text)

    # names in text order, entities and places together
    named = sorted(
        [
            (m.line, m.start, resolved.get(entity.canonical, entity.canonical))
            for entity in annotation.entities
            for m in entity.mentions
        ]
        + [(p.mention.line, p.mention.start, p.canonical) for p in annotation.places]
    )
    for line, _start, name in named:
        add(names, line, name)
    for c in sorted(annotation.claims, key=lambda c: (c.mention.line, c.mention.start)):
        number = figure(c.value, c.value_low, c.value_high, hedged=c.hedged, unit=c.unit)
        add(figures, c.mention.line, number)
    return {
        line: SentenceAside(
            language=annotation.language,
            names=names.get(line, []),
            figures=figures.get(line, []),
        )
        for line in sorted(set(names) | set(figures))
    }


def resolved_names(store: Store, article_id: int) -> dict[str, str]:
    """An article's names for its people and organisations -> the canonical names of the
    corpus entities they were resolved to (only those resolved)."""
    return store.resolved_names(article_id)


def article_asides(
    store: Store, article_id: int, annotation: Annotation | None
) -> dict[int, SentenceAside]:
    """:func:`line_asides` of an article's annotation (or of a page of it), its names as
    the corpus entities they were resolved to; empty, and no read, for English."""
    if annotation is None or annotation.skipped or not needs_aside(annotation.language):
        return {}
    return line_asides(annotation, resolved=store.resolved_names(article_id))


def article_analysis(
    store: Store, article_id: int, *, language: str | None = None
) -> tuple[str, dict[int, SentenceAside]]:
    """What the stages did with an article, in words (:func:`article_coverage`), and for
    one analysed in another language than English the asides of its lines. ``language``:
    the one ``clean`` recorded, said of an article not annotated yet."""
    state = store.annotation_states([article_id]).get(article_id)
    if state is None:
        return article_coverage(language, annotated=False, skipped=None), {}
    code, skipped = state
    said = article_coverage(code, annotated=True, skipped=skipped)
    if skipped is not None or not needs_aside(code):
        return said, {}
    return said, article_asides(store, article_id, store.annotation(article_id))


def finding_asides(store: Store, rows: Iterable[Finding]) -> dict[tuple[int, int], SentenceAside]:
    """For findings quoted from non-English articles, keyed by (article id, line), what
    was extracted on their line, names as the corpus entities they were resolved to: a
    listing shows it beside the quote as written. Two reads in all, however many rows:
    the articles' languages, then what was found on the quoted lines."""
    wanted: dict[int, set[int]] = {}
    for row in rows:
        wanted.setdefault(row.article_id, set()).add(row.line)
    states = store.annotation_states(wanted)
    foreign = {
        article_id: lines
        for article_id, lines in wanted.items()
        if (state := states.get(article_id)) is not None
        and state[1] is None
        and needs_aside(state[0])
    }
    out = {
        (article_id, line): SentenceAside(language=states[article_id][0], names=[], figures=[])
        for article_id, lines in foreign.items()
        for line in lines
    }
    if not out:
        return out
    found = store.on_lines(foreign)
    # names in text order, entities and places together
    names = sorted(
        [
            (r["article_id"], r["line"], r["start"], r["entity"] or r["canonical"])
            for r in found["names"]
        ]
        + [(r["article_id"], r["line"], r["start"], r["canonical"]) for r in found["places"]]
    )
    for article_id, line, _start, name in names:
        kept = out[(article_id, line)].names
        if name and name not in kept:
            kept.append(name)
    for r in found["claims"]:
        number = figure(
            r["value"], r["value_low"], r["value_high"], hedged=bool(r["hedged"]), unit=r["unit"]
        )
        kept = out[(r["article_id"], r["line"])].figures
        if number not in kept:
            kept.append(number)
    return out
