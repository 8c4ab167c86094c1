"""Places: find toponyms in an article's lines and resolve them to coordinates.

Two pure functions over the gazetteer (``watchfloor.nlp.gazetteer``):

- ``find_place_mentions`` finds place names without a statistical model: runs of
  capitalised words looked up in the gazetteer, kept or dropped by what the text
  around them says (a common word at the start of a sentence, a person's name,
  an organisation's name, how prominent the place is). spaCy's entities can be
  added to its mentions by the caller; ``resolve_places`` takes either.
- ``resolve_places`` picks one place per mention: the article's other places
  (same country, nearby) first, then the situation's focus countries, then
  population. "Brest" beside Minsk and Vitebsk is Brest, Belarus.

Borders ("the Belarus-Ukraine border") and regions ("Chernihiv region", "the
Kyiv, Sumy and Chernihiv regions", "Donbas") resolve too. The conventions follow
the gold annotations in ``../shared/gold``: country names are places wherever
they stand ("the Belarus Security Council"), adjectives are not ("Belarusian
territory", "the Ukrainian border"), and "the Ukraine border" names Ukraine.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections import Counter
from collections.abc import Container, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import spacy.util

from watchfloor.lang import LanguagePack, load_language
from watchfloor.nlp.gazetteer import Candidate, Gazetteer, haversine_km, name_key
from watchfloor.nlp.morph import adjective_endings, base_forms, respellings
from watchfloor.nlp.translit import cyrillic_lookalikes, has_cyrillic
from watchfloor.records import Mention, PlaceRef
from watchfloor.theatres import Theatre, default_theatre

if TYPE_CHECKING:  # places_geojson's argument; it moves to the JSON forms' module
    pass

# Labels of the mentions find_place_mentions makes. REGION marks a name that the
# text says is a region though it reads as a town ("the Kyiv, Sumy and Chernihiv
# regions"); spaCy never produces it.
LABEL_PLACE = "GPE"
LABEL_REGION = "REGION"
LABEL_BORDER = "LOC"
LABEL_AIRBASE = "FAC"

# ---- what is not a place ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Words:
    """The words of one language pack and situation that place finding reads."""

    not_places: frozenset[str]  # common words that are also towns (Nice, Reading, Most)
    given: frozenset[str]  # given names: a run starting with one is a person's name
    titles: frozenset[str]  # words before a person's name
    org_words: frozenset[str]  # words after a town that make an organisation of it
    directions: frozenset[str]  # "Western Ukraine", "Greater London"
    region_words: frozenset[str]
    region_lookup: tuple[str, ...]  # words after a name the gazetteer indexes regions by
    airbase_words: frozenset[str]  # one or two words: "airfield", "air base"
    border_words: frozenset[str]
    articles: frozenset[str]
    abbreviations: frozenset[str]  # "St." joins St. Petersburg
    joiners: tuple[str, ...]  # what stands between names of a list
    border_pair: re.Pattern[str]  # "the Belarus-Ukraine border"
    border_between: re.Pattern[str]  # "the border between A and B"
    border_one: re.Pattern[str]  # "the Ukraine border", "Russia's western border"
    region_suffix: re.Pattern[str]  # "Chernihiv region"
    leading_article: re.Pattern[str]
    lang: LanguagePack  # the pack whose case endings bring a Cyrillic name to its nominative


@functools.cache
def _words(lang: LanguagePack, theatre: Theatre) -> _Words:
    names = [*(form for forms in lang.get("names.given_names", ()) for form in forms)]
    names += lang.get("names.given_names_also_places", ())
    # spaCy's stop words, the calendar and the names of platforms and outlets are
    # capitalised words that are no places either
    not_places = {
        *lang.lower_words("places.not_places"),
        *_stop_words(lang),
        *lang.months,
        *lang.weekdays,
        *lang.lower_words("names.platforms"),
        *(n.lower() for n in theatre.names("outlet") if " " not in n),
        # prepositions and conjunctions, for languages spaCy has no stop words for
        *lang.lower_words("names.function_words"),
    }
    article = rf"(?:(?:{lang.pattern('places.articles')})\s+)?"
    borders = lang.pattern("places.border_words")
    regions = lang.pattern("places.region_words")
    name = r"[^\W\d_][\w'’ .]*?"
    return _Words(
        not_places=frozenset(not_places),
        given=frozenset(n.lower() for n in names),
        titles=lang.lower_words("names.titles"),
        org_words=lang.lower_words("places.org_words"),
        directions=lang.lower_words("places.directions"),
        region_words=lang.lower_words("places.region_words"),
        region_lookup=tuple(lang.get("places.index_region_words", ())),
        airbase_words=frozenset(name_key(w) for w in lang.get("places.airbase_words", ())),
        border_words=lang.lower_words("places.border_words"),
        articles=lang.lower_words("places.articles"),
        abbreviations=lang.lower_words("places.abbreviations"),
        joiners=(
            ", ",
            *(f"{sep}{w} " for w in lang.get("places.conjunctions", ()) for sep in (" ", ", ")),
        ),
        border_pair=re.compile(
            rf"^{article}(?P<a>{name})\s*[-–—/]\s*(?P<b>{name})\s+(?:{borders})$", re.I
        ),
        border_between=re.compile(
            rf"^{article}(?:{borders})\s+(?:{lang.pattern('places.between')})\s+(?P<a>.+?)"
            rf"\s+(?:{lang.pattern('places.conjunctions')})\s+(?P<b>.+)$",
            re.I,
        ),
        border_one=re.compile(
            rf"^{article}(?P<a>{name})(?:['’]s?)?\s+(?:\w+\s+)?(?:{borders})$", re.I
        ),
        region_suffix=re.compile(rf"^{article}(?P<name>.+?)\s+(?:{regions})$", re.I),
        leading_article=re.compile(rf"^(?:{lang.pattern('places.articles')})\s+", re.I),
        lang=lang,
    )


def _stop_words(lang: LanguagePack) -> frozenset[str]:
    """spaCy's stop words of the pack's language (none when spaCy has no such language)."""
    try:
        defaults = spacy.util.get_lang_class(lang.code).Defaults
    except ImportError:
        return frozenset()
    return frozenset(defaults.stop_words)


# A word: letters, with apostrophes inside (D'Aunoy, Kyiv's); or an initialism (U.S.).
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_]+(?:['’][^\W\d_]+)*")
# What may stand between two words of one name: a space, a hyphen.
_JOIN = re.compile(r"^(?: |-|–|\. )$")
_SENTENCE_BREAK = re.compile(r"[.!?:;\"“”‘(|—]|^\s*-")
_POSSESSIVE = re.compile(r"['’]s$")


@dataclass(slots=True)
class _Token:
    text: str
    start: int
    end: int
    key: str
    cap: bool  # starts with a capital letter
    upper: bool  # all capitals (an acronym or a shouted headline)
    sentence_start: bool


def _tokens(line: str) -> list[_Token]:
    out: list[_Token] = []
    prev_end = 0
    for m in _TOKEN.finditer(line):
        text, start, end = m.group(), m.start(), m.end()
        if _POSSESSIVE.search(text) and len(text) > 3:  # Kyiv's -> Kyiv
            text, end = text[:-2], end - 2
        gap = line[prev_end:start]
        out.append(
            _Token(
                text=text,
                start=start,
                end=end,
                key=name_key(text),
                cap=text[:1].isupper(),
                upper=text.isupper() and len(text) > 1,
                sentence_start=not out or bool(_SENTENCE_BREAK.search(gap)),
            )
        )
        prev_end = m.end()
    return out


def _headline(tokens: list[_Token]) -> bool:
    """Title Case Or ALL CAPS lines: capitals there say nothing about names."""
    long_words = [t for t in tokens if len(t.text) > 3]
    return len(long_words) >= 4 and sum(t.cap for t in long_words) >= 0.8 * len(long_words)


@dataclass(slots=True)
class _Span:
    line: int
    first: int  # token indexes, inclusive
    last: int
    start: int  # characters
    end: int
    candidates: list[Candidate]
    label: str = LABEL_PLACE
    kind: str = ""  # "", "region", "border", "airbase"


# ---- finding mentions --------------------------------------------------------------


def find_place_mentions(
    text_lines: Sequence[str],
    *,
    gazetteer: Gazetteer,
    lines: Container[int] | None = None,
    focus_countries: Sequence[str] | None = None,
    adjectival_borders: bool = False,
    lang: LanguagePack | None = None,
    theatre: Theatre | None = None,
) -> list[Mention]:
    """Place-name mentions in ``text_lines`` (line 1 is ``text_lines[0]``).

    ``lines`` limits the search to those line numbers (the body and title; the
    gold leaves teasers and navigation out). ``adjectival_borders`` also reports
    "the Ukrainian border" as a border (the gold does not count adjectives).
    ``theatre`` adds its places to the gazetteer's, and its ``focus_countries``
    setting is the default of ``focus_countries`` (the countries whose smaller
    towns are places even when the article names no other place there).
    """
    lang, theatre = lang or load_language("en"), theatre or default_theatre()
    gazetteer = gazetteer.for_theatre(theatre)
    words = _words(lang, theatre)
    if focus_countries is None:
        focus_countries = theatre.setting("focus_countries", ())
    numbered = [(n, text) for n, text in enumerate(text_lines, 1) if lines is None or n in lines]
    tokenised = [(n, text, _tokens(text)) for n, text in numbered]
    # Words the article writes in lower case are common words, not names, when
    # they stand capitalised at the start of a sentence ("Most agree...").
    lower_words = {t.key for _, _, toks in tokenised for t in toks if not t.cap and not t.upper}
    spans: list[tuple[_Span, list[_Token], bool]] = []
    for n, text, toks in tokenised:
        headline = _headline(toks)
        for span in _line_spans(n, text, toks, gazetteer, words, adjectival_borders):
            spans.append((span, toks, headline))
    # Countries the article is about: named outright, or a large town or region's.
    context = set(focus_countries)
    for span, _, _ in spans:
        top = span.candidates[0] if span.candidates else None
        if (
            top
            and top.country
            and (top.feature != "city" or top.population >= 100_000)
            and (span.last > span.first or top.feature in ("country", "region"))
        ):
            context.add(top.country)
    blocked = _person_words(tokenised, gazetteer, words)
    out: list[Mention] = []
    for span, toks, headline in spans:
        if _accept(span, toks, headline, context, lower_words, blocked, words):
            text = next(t for n, t, _ in tokenised if n == span.line)
            out.append(
                Mention(
                    line=span.line,
                    start=span.start,
                    end=span.end,
                    text=text[span.start : span.end],
                    label=span.label,
                )
            )
    return out


def _line_spans(
    n: int,
    text: str,
    toks: list[_Token],
    gazetteer: Gazetteer,
    words: _Words,
    adjectival_borders: bool,
) -> list[_Span]:
    """Longest gazetteer matches in one line, left to right, with borders and
    region designators attached."""
    spans: list[_Span] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if not t.cap or not t.key or t.key in words.articles:
            i += 1
            continue
        border = _border_at(n, text, toks, i, gazetteer, words, adjectival_borders)
        if border is not None:
            spans.append(border)
            i = border.last + 1
            continue
        match = _longest_match(text, toks, i, gazetteer, words)
        if match is None:
            i += 1
            continue
        last, candidates = match
        span = _Span(n, i, last, t.start, toks[last].end, candidates)
        nxt = toks[last + 1] if last + 1 < len(toks) else None
        if nxt is not None and _joined(text, toks[last], nxt, words):
            if nxt.key in words.region_words:
                span.kind, span.label = "region", LABEL_REGION
                span.last, span.end = last + 1, nxt.end
                if nxt.key.endswith("s"):  # "the Kyiv, Sumy and Chernihiv regions"
                    _mark_listed_regions(text, spans, span.start, words)
            else:
                # "<town> airfield", "<town> air base": the airfield, if the gazetteer has it
                for end in (last + 2, last + 1):
                    after = " ".join(tok.key for tok in toks[last + 1 : end + 1])
                    if end < len(toks) and after in words.airbase_words:
                        found = gazetteer.lookup(text[t.start : toks[end].end])
                        if any(c.feature == "airbase" for c in found):
                            span.kind, span.label = "airbase", LABEL_AIRBASE
                            span.candidates, span.last, span.end = found, end, toks[end].end
                        break
        spans.append(span)
        i = span.last + 1
    return spans


def _joined(text: str, a: _Token, b: _Token, words: _Words) -> bool:
    gap = text[a.end : b.start]
    if gap == ". ":  # only after abbreviations: St. Petersburg
        return a.key in words.abbreviations
    return bool(_JOIN.match(gap))


def _longest_match(
    text: str, toks: list[_Token], i: int, gazetteer: Gazetteer, words: _Words
) -> tuple[int, list[Candidate]] | None:
    longest = min(gazetteer.longest_name(toks[i].key.split()[0]) + 2, 7, len(toks) - i)
    for size in range(longest, 0, -1):
        last = i + size - 1
        if any(not _joined(text, toks[k], toks[k + 1], words) for k in range(i, last)):
            continue
        found = lookup(gazetteer, text[toks[i].start : toks[last].end], words.lang)
        # Names end in a capitalised word ("Rio de Janeiro", not "Rio de"), except
        # regions written with a common noun ("the Baltic states", "Kyiv region").
        if found and (toks[last].cap or any(c.feature != "city" for c in found)):
            return last, found
    return None


def _border_at(
    n: int,
    text: str,
    toks: list[_Token],
    i: int,
    gazetteer: Gazetteer,
    words: _Words,
    adjectival: bool,
) -> _Span | None:
    """ "Belarus-Ukraine border", "the Russia–Belarus frontier"; with
    ``adjectival``, "the Ukrainian border" too."""
    a = toks[i]
    if (
        i + 2 < len(toks)
        and text[a.end : toks[i + 1].start] in ("-", "–", "—", "/")
        and toks[i + 1].cap
        and toks[i + 2].key in words.border_words
        and text[toks[i + 1].end : toks[i + 2].start] == " "
        and _country_code(a.text, gazetteer)
        and _country_code(toks[i + 1].text, gazetteer)
    ):
        return _Span(n, i, i + 2, a.start, toks[i + 2].end, [], label=LABEL_BORDER, kind="border")
    if (
        adjectival
        and i + 1 < len(toks)
        and toks[i + 1].key in words.border_words
        and gazetteer.demonym_country(a.text)
    ):
        return _Span(n, i, i + 1, a.start, toks[i + 1].end, [], label=LABEL_BORDER, kind="border")
    return None


def _mark_listed_regions(text: str, spans: list[_Span], start: int, words: _Words) -> None:
    """Earlier names joined by commas and "and" to a name with a plural "regions"
    (which starts at ``start``) are regions too."""
    following = start
    for span in reversed(spans):
        if text[span.end : following] not in words.joiners:
            break
        span.kind, span.label = "region", LABEL_REGION
        following = span.start


def _person_words(
    tokenised: list[tuple[int, str, list[_Token]]], gazetteer: Gazetteer, words: _Words
) -> set[str]:
    """Surnames: the last word of each "Given Surname" or "Title Surname" run, so
    that a later "Costello said" is no town either."""
    out: set[str] = set()
    for _, text, toks in tokenised:
        if _headline(toks):
            continue
        for run in _runs(text, toks, words):
            if _leading_function_word(toks, run[0], words):
                run = run[1:]
            if len(run) < 2:
                continue
            first = toks[run[0]].key
            if first in words.given or first in words.titles or not gazetteer.has_key(first):
                last = toks[run[-1]].key
                if not any(c.feature == "country" for c in gazetteer.lookup_key(last)):
                    out.add(last)
    return out


def _leading_function_word(toks: list[_Token], k: int, words: _Words) -> bool:
    """Whether token ``k`` is a preposition or conjunction capitalised only because it
    starts a sentence: "В Гомеле", "У Мазыры" ("В" is not a given name before a
    surname). Cyrillic only, so English results stay as they were."""
    t = toks[k]
    return t.sentence_start and has_cyrillic(t.text) and t.key in words.not_places


def _runs(text: str, toks: list[_Token], words: _Words) -> list[list[int]]:
    """Runs of capitalised words joined by single spaces or hyphens."""
    runs: list[list[int]] = []
    for k, t in enumerate(toks):
        if not t.cap:
            continue
        if runs and runs[-1][-1] == k - 1 and _joined(text, toks[k - 1], t, words):
            runs[-1].append(k)
        else:
            runs.append([k])
    return runs


def _accept(
    span: _Span,
    toks: list[_Token],
    headline: bool,
    context: set[str],
    lower_words: set[str],
    blocked: set[str],
    words: _Words,
) -> bool:
    """Whether a gazetteer match is a place here (see the module docstring)."""
    if span.kind in ("border", "airbase"):
        return True
    cands = span.candidates
    features = {c.feature for c in cands}
    is_country = "country" in features
    named_region = any(c.feature == "region" and c.population == 0 for c in cands)
    own_region = any(c.feature == "region" for c in cands)  # California, Abkhazia
    single = span.first == span.last or (span.kind == "region" and span.last == span.first + 1)
    head = toks[span.first]
    key = head.key if single else ""
    if single and head.upper and not is_country:
        return False  # acronyms are places only when countries (US, UK, UAE)
    if single and key in words.not_places and not is_country:
        return False
    if single and key in blocked and not is_country:
        return False
    if "airbase" in features or any(c.situation for c in cands):
        # the theatre lists only places its reports name (airfields, villages too
        # small for the index's population floor, a river): a place wherever written
        return True
    run_first, run_last = _run_of_tokens(toks, span)
    if not is_country and (run_first, run_last) != (span.first, span.last):
        before = [toks[k].key for k in range(run_first, span.first)]
        after = [toks[k].key for k in range(span.last + 1, run_last + 1)]
        before = [w for w in before if w not in words.directions]
        if _leading_function_word(toks, run_first, words):
            before = before[1:]
        # A person's name, in a headline too: "President Biden", "Vladimir Putin".
        if before and (before[-1] in words.titles or before[-1] in words.given):
            return False
        if span.first == run_first and key in words.given and after:
            return False
        if not headline and not (named_region or own_region):
            if before:
                return False  # "Norma Costello", "Foreign Minister Lavrov"
            if after and not all(w in words.org_words for w in after):
                return False  # "Harvard Kennedy School", "Sergei Shoigu"
    if is_country or own_region or named_region:
        # "North" at a sentence's start is a word, not North (a region of somewhere)
        return is_country or not (single and head.sentence_start and key in lower_words)
    # Towns: prominent ones anywhere, smaller ones only in the article's countries.
    best = max(cands, key=lambda c: c.population)
    in_context = [c for c in cands if c.country in context and c.population >= 1000]
    if single and head.sentence_start:
        if key in lower_words:
            return False
        return bool(in_context) or best.population >= 50_000
    if not single:
        return bool(in_context) or best.population >= 500
    return bool(in_context) or best.population >= 15_000


def _run_of_tokens(toks: list[_Token], span: _Span) -> tuple[int, int]:
    first, last = span.first, span.last
    while first > 0 and toks[first - 1].cap and toks[first - 1].end + 1 == toks[first].start:
        first -= 1
    while (
        last + 1 < len(toks) and toks[last + 1].cap and toks[last].end + 1 == toks[last + 1].start
    ):
        last += 1
    return first, last


# ---- resolving --------------------------------------------------------------------

# Case forms tried for a name of several words: each word's first few base forms.
_FORMS_PER_WORD = 2
_MAX_COMBINATIONS = 12


def lookup(gazetteer: Gazetteer, text: str, lang: LanguagePack | None = None) -> list[Candidate]:
    """``gazetteer.lookup``, and for a Cyrillic name not found as written, its case
    forms brought back to the nominative (``nlp.morph``): "в Гомеле" finds Гомель,
    "у Мазыры" Мазыр; the first form the gazetteer knows wins. Then a region named by
    its capital's adjective ("Брестской области"). Latin names: the gazetteer's answer."""
    found = gazetteer.lookup(text)
    if not has_cyrillic(text) or (found and not _only_villages(found)):
        return found
    if not found and (cyrillic := cyrillic_lookalikes(text)) != text:
        return lookup(gazetteer, cyrillic, lang)  # "Мiнска", a Latin i typed inside
    words = text.split()
    if found:
        # A case form that is also some village's name ("Молдове"): the nominative's
        # place (Moldova) when it is a country or a region. (Not a town: "Мир" is the
        # village Mir, not the Italian Mira its rare plural reading would give.)
        for form in base_forms(text, lang, nouns=True) if len(words) == 1 else ():
            other = [c for c in gazetteer.lookup(form) if c.feature in ("country", "region")]
            if other:
                return [*other, *found]
        return found
    if len(words) == 1:
        options: list[str] = list(base_forms(text, lang, nouns=True))
    else:
        first = [words[0], *base_forms(words[0], lang)[:_FORMS_PER_WORD]]
        if _may_start_name(gazetteer, first, words):
            per_word = [first, *([w, *base_forms(w, lang)[:_FORMS_PER_WORD]] for w in words[1:])]
            combinations = itertools.product(*per_word)
            options = [" ".join(c) for c in combinations][1 : _MAX_COMBINATIONS + 1]
        else:
            options = []
    for form in options:
        found = gazetteer.lookup(form)
        if found:
            return found
    # Neither as written nor in a case form: the Russian spelling of a Belarusian or
    # Ukrainian name (у Калінкавічах -> Калінкавічы -> Калинкавичы), which GeoNames
    # may have when it lacks the language's own.
    for form in [text, *options]:
        for russian in respellings(form, lang):
            found = gazetteer.lookup(russian)
            if found:
                return found
    if len(words) == 2:
        return _adjective_region(gazetteer, words, lang)
    return []


def _may_start_name(gazetteer: Gazetteer, first: list[str], words: list[str]) -> bool:
    """Whether a name of ``len(words)`` words (or more) in the index can start with one
    of ``first`` (the first word as written and its base forms). When none can, no
    combination of case forms is worth making: reducing the other words to their base
    forms was most of the time Cyrillic place finding took, for lookups that cannot
    succeed. The gazetteer's ``longest_name`` knows every name's first word."""
    # the key of any combination has at least this many words (a dash has none)
    least = 1 + sum(1 for w in words[1:] if name_key(w))
    if least < 2:
        return True
    for form in first:
        key = name_key(form).split()
        if len(key) != 1 or key[0] == "the":
            return True  # not a plain single word: leave it to the lookups
        if gazetteer.longest_name(key[0]) >= least:
            return True
    return False


# A place this small found under a Cyrillic case form may be a village that happens
# to be spelt so; its nominative is tried too, for a country or region.
_VILLAGE = 15_000


def _only_villages(found: list[Candidate]) -> bool:
    return all(c.feature == "city" and c.population < _VILLAGE for c in found)


def _adjective_region(
    gazetteer: Gazetteer, words: list[str], lang: LanguagePack | None
) -> list[Candidate]:
    """ "Брестской области", "Київська область", "Гомельскай вобласці": a region named
    by an adjective of its capital. The pack's ``names.region_adjective_endings`` take
    the adjective back to the town's name (Брестской -> Брест), which the index knows
    with a region word after it ("Брест region" is Brest Oblast)."""
    if lang is None:
        return []
    adjective = words[0].lower()
    endings = [(end, r) for end, r in adjective_endings(lang) if adjective.endswith(end)]
    if not endings:  # checked first: it is cheap, and the noun's base forms are not
        return []
    region_words = lang.lower_words("names.region_words")
    noun = words[1].lower()
    if noun not in region_words and not region_words.intersection(base_forms(noun, lang)):
        return []
    index_words = gazetteer.lang.get("places.index_region_words", ())
    for end, replacements in endings:
        if len(adjective) - len(end) < 2:
            continue
        for replacement in replacements:
            town = adjective[: len(adjective) - len(end)] + replacement
            for word in index_words:
                found = [c for c in gazetteer.lookup(f"{town} {word}") if c.feature == "region"]
                if found:
                    return found
    return []


def _country_code(text: str, gazetteer: Gazetteer) -> str | None:
    """The country a name or an adjective stands for: "Belarus", "Ukrainian" -> code."""
    for c in gazetteer.lookup(text):
        if c.feature == "country":
            return c.country
    return gazetteer.demonym_country(text)


@dataclass(slots=True)
class _Pending:
    mention: Mention
    candidates: list[Candidate]
    kind: str = ""  # "", "border"
    border: tuple[str, ...] = ()  # country codes named in a border mention
    capitals: set[Candidate] = field(default_factory=set)


def resolve_places(
    mentions: Sequence[Mention],
    *,
    gazetteer: Gazetteer,
    focus_countries: Sequence[str] | None = None,
    keep_unresolved: bool = False,
    lang: LanguagePack | None = None,
    theatre: Theatre | None = None,
) -> list[PlaceRef]:
    """One place for each mention, chosen with the article's other places in mind.

    A candidate scores for its population (log scale), for being a country (a bare
    country name means the country), for lying in a country the article names or
    near a place it names, and for lying in one of ``focus_countries``; the two
    passes let unambiguous mentions ("Minsk", "Vitebsk") settle ambiguous ones
    ("Brest"). Mentions no place answers to are dropped, or kept with no
    coordinates with ``keep_unresolved``. ``theatre`` adds its places to the
    gazetteer's, and its ``focus_countries`` setting is the default of
    ``focus_countries``.
    """
    lang, theatre = lang or load_language("en"), theatre or default_theatre()
    gazetteer = gazetteer.for_theatre(theatre)
    words = _words(lang, theatre)
    pending = [_candidates(m, gazetteer, words) for m in mentions]
    if focus_countries is None:
        focus_countries = theatre.setting("focus_countries", ())
    focus = set(focus_countries)
    # Mentions of one name in one article mean one place, so each distinct name
    # is resolved once against the others: a 100,000-word report naming Minsk
    # 2,000 times costs as much as one naming it once (per mention, resolution
    # was quadratic in the mentions and took minutes).
    groups: dict[tuple[str, str], list[int]] = {}
    for k, p in enumerate(pending):
        groups.setdefault((p.kind, name_key(p.mention.text)), []).append(k)
    members = list(groups.values())
    heads = [pending[ks[0]] for ks in members]
    sizes = [len(ks) for ks in members]
    border_total: Counter[str] = Counter()
    for head, size in zip(heads, sizes, strict=True):
        for code in head.border:
            border_total[code] += size
    # Pass 1: the unambiguous mentions set the scene.
    chosen: list[Candidate | None] = [_obvious(head.candidates) for head in heads]
    for _ in range(2):
        countries: Counter[str] = Counter()
        for c, size in zip(chosen, sizes, strict=True):
            if c is not None and c.country:
                countries[c.country] += size
        new: list[Candidate | None] = []
        for g, head in enumerate(heads):
            if not head.candidates:
                new.append(None)
                continue
            # the context is every other mention (the name's other mentions too)
            mine = countries + border_total
            own = chosen[g]
            if own is not None and own.country:
                mine[own.country] -= 1
            for code in head.border:
                mine[code] -= 1
            mine = +mine  # drop the zero counts
            others = [c for j, c in enumerate(chosen) if (j != g or sizes[g] > 1) and c is not None]
            new.append(max(head.candidates, key=lambda c: _score(c, head, mine, others, focus)))
        chosen = new
    by_mention: list[Candidate | None] = [None] * len(pending)
    for ks, c in zip(members, chosen, strict=True):
        for k in ks:
            by_mention[k] = c
    out: list[PlaceRef] = []
    context = Counter(c.country for c in by_mention if c is not None and c.country)
    for p, c in zip(pending, by_mention, strict=True):
        if p.kind == "border":
            out.append(_border_place(p, gazetteer, context))
        elif c is not None:
            out.append(
                PlaceRef(
                    mention=p.mention,
                    canonical=c.name,
                    country=c.country,
                    feature=c.feature,
                    lat=c.lat,
                    lon=c.lon,
                    geonames_id=c.geonames_id,
                )
            )
        elif keep_unresolved:
            out.append(
                PlaceRef(
                    mention=p.mention,
                    canonical=p.mention.text,
                    country=None,
                    feature="other",
                    lat=None,
                    lon=None,
                )
            )
    return out


def _candidates(m: Mention, gazetteer: Gazetteer, words: _Words) -> _Pending:
    text = re.sub(r"['’]s\b", "", m.text.strip())  # Kyiv's region -> Kyiv region
    if name_key(text) in words.border_words | words.region_words:
        return _Pending(m, [])  # "the border", "the region": no place by themselves
    pair = words.border_pair.match(text) or words.border_between.match(text)
    if pair:
        codes = [
            _country_code(pair.group("a"), gazetteer),
            _country_code(pair.group("b"), gazetteer),
        ]
        if all(codes):
            return _Pending(m, [], kind="border", border=tuple(c for c in codes if c))
    one = words.border_one.match(text)
    if one:
        code = _country_code(one.group("a"), gazetteer)
        if code:
            return _Pending(m, [], kind="border", border=(code,))
    found = lookup(gazetteer, text, words.lang)
    # The theatre's place is the one its reports mean ("Martuni" in Karabakh, not the
    # larger Martuni in Armenia); an airbase only where an airfield word follows its
    # town's name, as the index's town stays the town.
    found = [c for c in found if c.situation and c.feature != "airbase"] or found
    region = words.region_suffix.match(text)
    if m.label == LABEL_REGION or region:
        name = region.group("name") if region else text
        found = [c for c in found if c.feature == "region"] or _regions_of(name, gazetteer, words)
    if not found:
        stripped = _POSSESSIVE.sub("", words.leading_article.sub("", text))
        found = gazetteer.lookup(stripped)
    # An adjective handed over by a tagger ("French", "Canadian") means its country
    # more often than a town of that name (Canadian, Texas).
    place = gazetteer.adjective_place(text)
    if place is not None and place not in found:
        found = [*found, place]
    return _Pending(m, found, capitals={c for c in found if gazetteer.is_capital(c)})


def _regions_of(name: str, gazetteer: Gazetteer, words: _Words) -> list[Candidate]:
    """The regions a name with "region" after it can mean: a region of that name
    (Donbas), else the first-level regions of the towns of that name."""
    found = gazetteer.lookup(name)
    regions = [c for c in found if c.feature == "region"]
    if regions:
        return regions
    for word in words.region_lookup:
        regions = gazetteer.lookup(f"{name} {word}")
        if regions:
            return regions
    out: list[Candidate] = []
    for c in found:
        if c.feature == "city" and c.country and c.admin1:
            r = gazetteer.region(c.country, c.admin1)
            if r is not None and r not in out:
                out.append(r)
    return out or found


def _obvious(candidates: list[Candidate]) -> Candidate | None:
    """The candidate when there is no real choice: one, a country, or ten times the rest."""
    if not candidates:
        return None
    if len(candidates) == 1 or candidates[0].feature == "country":
        return candidates[0]
    ranked = sorted(candidates, key=lambda c: -c.population)
    if ranked[0].population >= 10 * max(ranked[1].population, 1):
        return ranked[0]
    return None


def _score(
    c: Candidate,
    p: _Pending,
    countries: Counter[str],
    others: list[Candidate],
    focus: set[str],
) -> float:
    score = math.log10(c.population + 10)
    if c.feature == "country":
        score += 3.0
    elif c.feature == "airbase":
        score += 4.5  # the table holds airbases reports name by their town's name
    elif c.feature == "region" and c.population == 0:
        score += 5.0  # a named region (Donbas, Crimea): the reason it is in the table
    elif c.feature == "city":
        # A town over the region of the same name (New York), a capital over all
        # (Washington): what a bare name in the news usually means.
        score += 1.0 + (1.5 if c in p.capitals else 0.0)
    if c.country and countries.get(c.country):
        score += min(3.0, 1.5 + 0.5 * countries[c.country])
    if c.country in focus:
        score += 1.5
    if name_key(c.name) == name_key(p.mention.text):
        score += 0.5  # its own name, not one of its alternate names
    near = min(
        (
            haversine_km(c.lat, c.lon, o.lat, o.lon)
            for o in others
            if o.feature not in ("country",) and o is not c
        ),
        default=math.inf,
    )
    if near < 50:
        score += 2.0
    elif near < 250:
        score += 1.0
    return score


def _border_place(p: _Pending, gazetteer: Gazetteer, context: Counter[str]) -> PlaceRef:
    """A border: the point where the two countries' border towns meet; the other
    country, when the text names one ("the Ukrainian border"), is the neighbour
    the article talks about most."""
    codes = list(dict.fromkeys(p.border))
    if len(codes) == 1:
        a = codes[0]
        partners = [(n, context[n]) for n in gazetteer.neighbours(a) if context.get(n) and n != a]
        if partners:
            codes.append(max(partners, key=lambda t: t[1])[0])
    countries = [gazetteer.country(code) for code in codes]
    names = [c.name if c else code for c, code in zip(countries, codes, strict=True)]
    point: tuple[float, float] | None = None
    if len(codes) == 2:
        point = gazetteer.border_point(codes[0], codes[1])
        if point is None and all(countries):
            # No towns face each other (a sea border, or far apart): the midpoint of
            # the two countries' points is the least wrong single point.
            a_, b_ = countries[0], countries[1]
            assert a_ is not None and b_ is not None
            point = ((a_.lat + b_.lat) / 2, (a_.lon + b_.lon) / 2)
    elif countries and countries[0] is not None:
        point = (countries[0].lat, countries[0].lon)
    return PlaceRef(
        mention=p.mention,
        canonical="-".join(names) + " border",
        country=codes[0] if len(codes) == 1 else None,
        feature="border",
        lat=None if point is None else point[0],
        lon=None if point is None else point[1],
    )
