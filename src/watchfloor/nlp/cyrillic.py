"""Named entities in Russian, Ukrainian and Belarusian text: natasha's slovnet NER.

Place in the flow: ``nlp.pipeline.iter_annotated`` sends an article whose language
pack says ``ner = "natasha"`` here instead of to the English spaCy model; the text
comes cut into the same stretches (``pipeline._units``: lines of a paragraph
joined, long lines cut at sentence ends), so offsets map back to lines the same way.

1. ``ner_tagger`` loads natasha's news embedding and NER model (slovnet, MIT, the
   weights inside the wheels) once per process: about a second and 30 MB.
2. ``entity_spans`` tags texts and returns (start, end, label) spans with spaCy's
   labels, which the later stages read (``LABELS``), without the words a pack
   says are never names (``ner.not_names``).

Only the NER is used: natasha's ``MorphVocab`` needs pymorphy2, which does not
import on Python 3.11; lemmas, where a stage needs them, come from pymorphy3.

There is no Ukrainian or Belarusian model on the package index, so the Russian
model reads them too. Their letters that Russian lacks (і, ї, є, ґ, ў, the
apostrophe) are unknown to its vocabulary, so a pack may list a one-for-one
letter table (``ner.letters``) that spells the text the Russian way for the model
only: the offsets do not move and the mentions keep the original spelling.
Measured on ner-uk with ``bench/ner_uk.py`` (numbers in the notes of the change).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from watchfloor.nlp.translit import cyrillic_lookalikes

if TYPE_CHECKING:
    from watchfloor.lang import LanguagePack

# natasha's types -> the spaCy labels the stages read. LOC -> GPE: natasha has one
# type for every place, and in news nearly all of them are states, regions and
# towns (factRuEval's LocOrg and Location), which spaCy calls GPE and the stages
# treat as places and as states that act; spaCy's LOC is for borders, rivers and
# mountains, which places.py gives its own label (LABEL_BORDER).
LABELS: Mapping[str, str] = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE"}

# The value of ``ner`` in a pack.toml that sends the language here.
NATASHA = "natasha"

# Characters stripped from the edges of a span: natasha's tokenizer (razdel) keeps
# quotes and brackets apart, but a name at a paragraph's end may take its full stop.
_EDGE = " \t\n\"'«»„“”‘’()[].,;:!?-–—"


@functools.lru_cache(maxsize=1)
def ner_tagger() -> Any:
    """natasha's news NER, loaded once per process."""
    from natasha import NewsEmbedding, NewsNERTagger

    return NewsNERTagger(NewsEmbedding())


@functools.lru_cache(maxsize=8)
def letter_table(lang: LanguagePack | None) -> dict[int, str] | None:
    """The pack's one-for-one letter table as a ``str.translate`` table, or None.

    Entries that are not one letter for one letter are left out: they would move
    the offsets of everything after them.
    """
    if lang is None:
        return None
    table = {
        ord(a): b
        for a, b in lang.mapping("ner.letters").items()
        if isinstance(b, str) and len(a) == 1 and len(b) == 1
    }
    for a, b in list(table.items()):  # the capitals too, where they are one letter
        upper_a, upper_b = chr(a).upper(), b.upper()
        if len(upper_a) == 1 and len(upper_b) == 1 and ord(upper_a) not in table:
            table[ord(upper_a)] = upper_b
    return table or None


@functools.lru_cache(maxsize=8)
def not_names(lang: LanguagePack | None) -> frozenset[str]:
    """Lower-cased words that are never a name, nor a name's first or last word."""
    return lang.lower_words("ner.not_names") if lang is not None else frozenset()


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return start, end


def _without_words(text: str, start: int, end: int, words: frozenset[str]) -> tuple[int, int]:
    """The span without leading and trailing words of ``words`` (and their spaces)."""
    while start < end:
        first = text[start:end].split(maxsplit=1)[0]
        if first.lower() not in words:
            break
        start, end = _trim(text, start + len(first), end)
    while start < end:
        last = text[start:end].rsplit(maxsplit=1)[-1]
        if last.lower() not in words:
            break
        start, end = _trim(text, start, end - len(last))
    return start, end


def entity_spans(
    texts: Sequence[str],
    *,
    letters: Mapping[int, str] | None = None,
    stop: frozenset[str] = frozenset(),
) -> Iterator[list[tuple[int, int, str]]]:
    """For each text, its named entities as (start, end, spaCy label), in order.

    Each text is one paragraph or less (the caller cuts them): natasha reads
    tokens only, so a name could otherwise run from one paragraph into the next.
    ``letters``: see ``letter_table``; ``stop``: see ``not_names``.
    """
    tagger = ner_tagger()
    shown = [cyrillic_lookalikes(text) for text in texts]
    if letters:
        shown = [text.translate(letters) for text in shown]
    # ``map`` runs the texts 8 at a time, padded to the longest of the 8: by length,
    # a short paragraph is not padded to a long one's (profiled on 60 factRuEval
    # texts: the model's convolutions took 10.4 s in text order, 3.7 s by length),
    # and the results go back in order
    order = sorted(range(len(shown)), key=lambda i: len(shown[i]))
    markups: list[Any] = [None] * len(shown)
    for i, markup in zip(order, tagger.map([shown[i] for i in order]), strict=True):
        markups[i] = markup
    for text, seen, markup in zip(texts, shown, markups, strict=True):
        found = []
        # a table that changed the length would move every offset: read the text as it is
        if len(seen) != len(text):
            markup = tagger(text)
        for span in markup.spans:
            label = LABELS.get(span.type)
            if label is None:
                continue
            start, end = _trim(text, span.start, span.stop)
            if stop:
                start, end = _without_words(text, start, end, stop)
            if start < end:
                found.append((start, end, label))
        yield found
