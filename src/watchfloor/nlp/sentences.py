"""Sentences of a line: the one splitter that claims, statements, events, times and dating use.

A line of a clean article is a paragraph. It is split where a sentence-ending mark and
space are followed by a capital or a digit (after any opening quote or bracket), unless
the word before the mark is an abbreviation of the article's language ("Gen. Khrenin",
"U.S. President") or a single letter (an initial: "A. Lukashenko"). The abbreviations
come from the language pack's ``sentences.abbreviations``; the test for a capital is the
script's own (``str.isupper``), so Cyrillic text splits the same way.
"""

from __future__ import annotations

import re
import unicodedata

from watchfloor.lang import LanguagePack, load_language

# A candidate end: the mark, closing quotes or brackets, then space (or an emoji: channel
# posts write "...эшелонов.⚡️ Ещё"). Whether a sentence starts after it is decided in
# code, by the script's own notion of a capital.
_END = re.compile(r"[.!?…][\"'”’»)\]]*(?:[\s\xa0]+|(?=[\u2600-\u27bf\U0001f000-\U0001faff]))")
_OPENERS = "\"“‘'«([„"
_WORD_BEFORE = re.compile(r"([\w.]+)[.!?…]$")


def sentences(text: str, *, lang: LanguagePack | None = None) -> list[tuple[int, int]]:
    """Sentence spans of one line (a paragraph), as (start, end) offsets into it."""
    abbreviations = (lang or load_language("en")).lower_words("sentences.abbreviations")
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        if not _starts_sentence(text, m.end()):
            continue
        if text[m.start()] == ".":
            word = _WORD_BEFORE.search(text, start, m.start() + 1)
            if word is not None:
                w = word.group(1).lower()
                if w in abbreviations or (len(w) == 1 and w.isalpha()):
                    continue
        spans.append((start, m.start() + 1))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def sentence_around(
    text: str, start: int, end: int, *, lang: LanguagePack | None = None, reach: int = 400
) -> tuple[int, int]:
    """The sentence of ``text`` holding ``text[start:end]``, at most ``reach`` either side."""
    for lo, hi in sentences(text, lang=lang):
        if lo <= start and end <= max(hi, lo + 1):
            return max(lo, start - reach), min(hi, end + reach)
    return max(0, start - reach), min(len(text), end + reach)


def _starts_sentence(text: str, at: int) -> bool:
    while at < len(text) and (text[at] in _OPENERS or _is_mark(text[at])):
        at += 1
    return at < len(text) and (text[at].isupper() or text[at].isdigit())


def _is_mark(c: str) -> bool:
    """An emoji or flag that opens a post's sentence ("⚡️ Колонна ..."), with its joiners,
    variation selectors and the spaces after it: channel posts start sentences so."""
    return unicodedata.category(c) in ("So", "Sk", "Mn", "Cf") or (c.isspace() and c != "\n")
