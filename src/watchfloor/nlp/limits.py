"""How long an article the language stages read: one bound for all of them.

Dating from content (flow stages 4 and 8, ``nlp.dating``) and annotation (stage
6, ``nlp.pipeline`` and the rule stages) read an article's lines whole, and some
compare each sentence with the others: a 5 MB one-line report took 239 s and
1 GB to annotate, a 45 MB one ran past 420 s and 2 GB. An article longer than
the bound is still stored and searchable; the stages leave it alone and say why.
Light on purpose (no spaCy), so that stage 4 can ask before spaCy is loaded.
"""

from __future__ import annotations

from watchfloor.records import Article

# Characters of all an article's lines: about 33,000 words, twice the longest news
# features; annotating one this long takes seconds, not minutes.
MAX_ANNOTATED_CHARS = 200_000


def too_long(article: Article, *, max_chars: int = MAX_ANNOTATED_CHARS) -> str | None:
    """Why the language stages leave the article alone (too long), or None."""
    size = sum(len(line.text) for line in article.lines)
    if size <= max_chars:
        return None
    return f"too long to annotate: {size:,} characters (the limit is {max_chars:,})"
