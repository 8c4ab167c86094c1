"""Run the real pipeline (spaCy mentions, entities, gazetteer, times) over test articles
and return their events: shared by the event tests that write their own sentences."""

from __future__ import annotations

from tests.conftest import make_article
from watchfloor.nlp.entities import article_entities
from watchfloor.nlp.events import find_events
from watchfloor.nlp.gazetteer import Gazetteer
from watchfloor.nlp.pipeline import annotate_mentions
from watchfloor.nlp.places import find_place_mentions, resolve_places
from watchfloor.nlp.times import find_times
from watchfloor.records import Article, EventRef, LineRole


def run_events(
    cases: dict[str, list[str]], *, published: str | None
) -> dict[str, tuple[Article, list[EventRef]]]:
    """One article per case (name -> body lines), all published on ``published``."""
    articles = [
        make_article(body, doc=f"{name}.txt", published=published) for name, body in cases.items()
    ]
    gazetteer = Gazetteer.open()
    out: dict[str, tuple[Article, list[EventRef]]] = {}
    for article, mentions in zip(articles, annotate_mentions(articles), strict=True):
        wanted = {ln.number for ln in article.lines if ln.role in (LineRole.TITLE, LineRole.BODY)}
        found = find_place_mentions(
            [ln.text for ln in article.lines], gazetteer=gazetteer, lines=wanted
        )
        out[article.doc.removesuffix(".txt")] = (
            article,
            find_events(
                article,
                mentions=mentions,
                entities=article_entities(mentions, article=article),
                places=resolve_places(found, gazetteer=gazetteer),
                times=find_times(article.lines, published=article.published),
            ),
        )
    return out
