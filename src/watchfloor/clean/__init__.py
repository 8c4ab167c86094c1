"""Clean stage: RawDoc -> Article.

1. decode the bytes (detected encoding),
2. by kind: web pages through trafilatura (``html``), Markdown with its front
   matter (``markdown``), plain-text scrapes by line features (``text``),
3. every line keeps its number and gets a role; repeated body lines are marked.
"""

from __future__ import annotations

from watchfloor.records import Article, DocKind, RawDoc


def clean(raw: RawDoc) -> Article:
    """Clean one document. Raises InputError when its bytes cannot be read as text."""
    text = raw.decoded()
    if raw.kind is DocKind.HTML:
        from watchfloor.clean.html import clean_html

        return clean_html(text, doc=raw.name, origin=raw.origin, hints=raw.hints)
    if raw.kind is DocKind.MARKDOWN:
        from watchfloor.clean.markdown import clean_markdown

        return clean_markdown(text, doc=raw.name, origin=raw.origin, hints=raw.hints)
    from watchfloor.clean.text import clean_text

    return clean_text(text, doc=raw.name, origin=raw.origin, hints=raw.hints)
