"""Clean stage: RawDoc -> Article.

1. decode the bytes (``sources.encoding``: the one place encodings are decided),
2. by kind: web pages through trafilatura (``html``), Markdown with its front
   matter (``markdown``), plain-text scrapes by line features (``text``),
3. every line keeps its number and gets a role; repeated body lines are marked;
4. an article whose input states no publisher gets its URL's (``publisher``).

An article without a dateline is dated from its content by the next stage
(``nlp.dating``), which the orchestrator (``watchfloor.ingest``) runs after this one.
"""

from __future__ import annotations

from dataclasses import replace

from watchfloor.clean.publisher import host_of, publisher_for_url
from watchfloor.records import Article, DocKind, RawDoc
from watchfloor.sources.encoding import decode_bytes
from watchfloor.theatres import Theatre


def decoded(raw: RawDoc) -> str:
    """The document as text; bytes are decoded with a detected encoding.

    Raises InputError when they are empty or binary.
    """
    if raw.text is not None:
        return raw.text
    return decode_bytes(raw.data or b"", declared=raw.encoding, origin=raw.origin)


def clean(raw: RawDoc, *, theatre: Theatre | None = None) -> Article:
    """Clean one document. Raises InputError when its bytes cannot be read as text.

    ``theatre`` knows outlets' web hosts, for an article that names no publisher.
    """
    article = _clean(raw)
    # trafilatura names a page without site metadata by its host ("reuters.com"): the
    # pack may know whose host it is
    named = (article.outlet or "").casefold().removeprefix("www.")
    outlet = publisher_for_url(article.url, theatre=theatre)
    if outlet and (not named or named == host_of(article.url)):
        article = replace(article, outlet=outlet)
    return article


def _clean(raw: RawDoc) -> Article:
    text = decoded(raw)
    if raw.kind is DocKind.HTML:
        from watchfloor.clean.html import clean_html

        return clean_html(text, doc=raw.name, origin=raw.origin, hints=raw.hints)
    if raw.kind is DocKind.MARKDOWN:
        from watchfloor.clean.markdown import clean_markdown

        return clean_markdown(text, doc=raw.name, origin=raw.origin, hints=raw.hints)
    if raw.kind is DocKind.MESSAGE:
        from watchfloor.clean.text import clean_message

        return clean_message(text, doc=raw.name, origin=raw.origin, hints=raw.hints)
    from watchfloor.clean.text import clean_text

    return clean_text(text, doc=raw.name, origin=raw.origin, hints=raw.hints)
