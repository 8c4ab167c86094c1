"""Clean stage: RawDoc -> Article.

1. decode the bytes (detected encoding),
2. by kind: web pages through trafilatura (``html``), Markdown with its front
   matter (``markdown``), plain-text scrapes by line features (``text``),
3. every line keeps its number and gets a role; repeated body lines are marked,
4. an article without a dateline is dated from its content where that settles
   it (``nlp.dating``: relative dates tied to well-known events), else left None.
"""

from __future__ import annotations

from dataclasses import replace

from watchfloor.records import Article, DocKind, RawDoc


def clean(raw: RawDoc) -> Article:
    """Clean one document. Raises InputError when its bytes cannot be read as text."""
    text = raw.decoded()
    if raw.kind is DocKind.HTML:
        from watchfloor.clean.html import clean_html

        article = clean_html(text, doc=raw.name, origin=raw.origin, hints=raw.hints)
    elif raw.kind is DocKind.MARKDOWN:
        from watchfloor.clean.markdown import clean_markdown

        article = clean_markdown(text, doc=raw.name, origin=raw.origin, hints=raw.hints)
    else:
        from watchfloor.clean.text import clean_text

        article = clean_text(text, doc=raw.name, origin=raw.origin, hints=raw.hints)
    if article.published is None:
        # Without a dateline every "on Wednesday" stays unresolved; the content
        # may still settle the date. (Pure Python: no spaCy is loaded here.)
        from watchfloor.nlp.dating import infer_published

        inferred = infer_published(article)
        if inferred is not None:
            article = replace(article, published=inferred[0], published_evidence=inferred[1])
    return article
