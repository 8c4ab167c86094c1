"""Case forms of Cyrillic names back to the nominative, for gazetteer lookups and names.

Russian, Ukrainian and Belarusian inflect names: "в Гомеле", "под Мозырем", "у
Мазыры", "Виктора Хренина". The gazetteer and the theatre know the nominative
(Гомель, Мозырь, Мазыр, Виктор Хренин), so a word not found as written is tried
in its base forms:

- from a dictionary: pymorphy3's Russian one (installed with watchfloor), its
  Ukrainian one only when the optional ``uk`` extra (``pymorphy3-dicts-uk``, GPL) is
  installed; there is no Belarusian dictionary on the package index;
- else from the language pack's ``names.case_endings`` rules (ending -> nominative
  endings), which also catch what the dictionary guesses wrong (it reads Мачулищах
  as a plural of "мачулище").

Analysers load lazily, once per process (a quarter of a second and 25 MB for Russian).
Pure functions otherwise.
"""

from __future__ import annotations

import functools
import itertools
import logging
import re
from typing import Any

from watchfloor.lang import LanguagePack, morphology
from watchfloor.nlp.translit import has_cyrillic

log = logging.getLogger(__name__)

# Grammemes of pymorphy3's tags this module reads.
_NAME_TAGS = ("Name", "Surn", "Patr")
# Candidate base forms kept per word: more is more lookups for nothing.
MAX_FORMS = 8


@functools.cache  # one log line per language, not per word
def analyzer(code: str) -> Any | None:
    """pymorphy3's analyser for ``code`` (ru; uk with the optional dictionary), else None.

    The language pack's own (``lang.morphology``, which times read verb tenses with),
    so a dictionary is loaded once per process.
    """
    if code not in ("ru", "uk"):
        return None
    found = morphology(code)
    if found is None:
        log.info("no %s dictionary: case forms by the pack's endings", code)
    return found


def _analyzer_for(lang: LanguagePack | None, word: str) -> Any | None:
    code = lang.code if lang is not None else "ru"
    found = analyzer(code)
    if found is None and code not in ("uk", "be") and has_cyrillic(word):
        found = analyzer("ru")  # Cyrillic in an article labelled otherwise: read as Russian
    return found


@functools.cache
def _endings(lang: LanguagePack | None, key: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The pack's ending rules under ``key``, longest ending first."""
    if lang is None:
        return ()
    table = lang.mapping(f"names.{key}")
    rules = [(str(end), tuple(str(r) for r in repl)) for end, repl in table.items()]
    return tuple(sorted(rules, key=lambda r: -len(r[0])))


def adjective_endings(lang: LanguagePack) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The pack's ``names.region_adjective_endings``: an adjective's ending -> the
    endings of the town it is made from (Брестская -> Брест, Минская -> Минск)."""
    return _endings(lang, "region_adjective_endings")


@functools.lru_cache(maxsize=1 << 15)
def base_forms(
    word: str, lang: LanguagePack | None = None, *, nouns: bool = False
) -> tuple[str, ...]:
    """Lower-cased forms ``word`` may be a case form of, most likely first; not the
    word itself. Latin words have none (English names do not inflect).

    ``nouns``: only the forms of nouns that are no person's name, for a word standing
    alone: "Новой" (an adjective, as in a newspaper's name) and "Виктора" (a given
    name) are no case forms of the villages Novyy and Victor. An adjective's forms
    keep its gender ("Новой" -> "новая", for "Новой Зеландии"). The pack's ending
    rules are for words the dictionary does not know (Мачулищах, or any word without
    a dictionary), not for the words it knows, which it reads better.
    """
    if not has_cyrillic(word) or len(word) < 3:
        return ()
    lower = word.lower()
    out: dict[str, None] = {}
    known = False
    morph = _analyzer_for(lang, word)
    if morph is not None:
        known, forms = _dictionary_forms(morph, lower)
        for form, alone in forms:
            if alone or not nouns:
                out.setdefault(form)
    if not known:
        for end, replacements in _endings(lang, "case_endings"):
            if lower.endswith(end) and len(lower) - len(end) >= 2:
                for r in replacements:
                    out.setdefault(lower[: len(lower) - len(end)] + r)
    out.pop(lower, None)
    return tuple(out)[:MAX_FORMS]


@functools.lru_cache(maxsize=1 << 16)
def _parses(morph: Any, word: str) -> tuple[Any, ...]:
    """pymorphy3's readings of ``word``, once per word: parsing is the costly part of
    Cyrillic place finding (a pure-Python dictionary walk), and the same words come
    back in every article, as a name's first word and standing alone."""
    return tuple(morph.parse(word))


@functools.lru_cache(maxsize=1 << 15)
def _dictionary_forms(morph: Any, lower: str) -> tuple[bool, tuple[tuple[str, bool], ...]]:
    """Whether the dictionary knows ``lower``, and the base forms it gives in order,
    each with whether it stands for a word alone (a noun that is no person's name:
    see ``base_forms``). Worked out once for both of ``base_forms``' readings."""
    known = False
    forms: list[tuple[str, bool]] = []
    for p in _parses(morph, lower):
        known = known or p.is_known
        alone = not any(t in p.tag for t in _NAME_TAGS)
        if p.tag.POS == "NOUN":
            forms.append((p.normal_form, alone))
            if "plur" in p.tag:  # Мачулищах: a place named in the plural
                plural = p.inflect({"plur", "nomn"})
                if plural is not None:
                    forms.append((plural.word, alone))
        elif p.tag.POS == "ADJF":
            nominative = p.inflect({"nomn"})
            if nominative is not None:
                forms.append((nominative.word, False))  # a word alone takes no adjective
    return known, tuple(forms)


# Respellings tried per name at most: each ambiguous letter doubles them.
MAX_RESPELLINGS = 8


@functools.cache
def _letters(lang: LanguagePack) -> tuple[re.Pattern[str], dict[str, tuple[str, ...]]] | None:
    table: dict[str, tuple[str, ...]] = {}
    for k, v in lang.mapping("names.lookup_letters").items():
        table[str(k)] = (str(v),) if isinstance(v, str) else tuple(str(x) for x in v)
    if not table:
        return None
    # both cases: names are capitalised, the table is written in lower case
    table.update(
        {k[:1].upper() + k[1:]: tuple(x[:1].upper() + x[1:] for x in v) for k, v in table.items()}
    )
    # longest first, so "чи" (Ukrainian и after ч is Russian и) wins over "и"
    keys = sorted(table, key=lambda k: (-len(k), k))
    return re.compile("|".join(re.escape(k) for k in keys)), table


def respellings(name: str, lang: LanguagePack | None) -> tuple[str, ...]:
    """``name`` in the Russian letters the pack's ``names.lookup_letters`` give for its
    own ("Калінкавічы" -> "Калинкавичы"; Ukrainian и is Russian и or ы, so
    "Виступовичі" -> "Виступовичи", "Выступовичи"), most likely first, at most
    ``MAX_RESPELLINGS``; none when the pack has no such table or nothing changes. For
    gazetteer lookups only, when the name as written is not in the index: GeoNames
    often has only the Russian spelling of a Belarusian or Ukrainian place. Never
    shown to anyone."""
    letters = _letters(lang) if lang is not None else None
    if letters is None:
        return ()
    pattern, table = letters
    # one pass, all letters at once: uk и -> ы and і -> и do not feed each other
    parts: list[tuple[str, ...]] = []
    at = 0
    for m in pattern.finditer(name):
        parts += [(name[at : m.start()],), table[m.group()]]
        at = m.end()
    parts.append((name[at:],))
    out = dict.fromkeys("".join(p) for p in itertools.islice(itertools.product(*parts), 64))
    out.pop(name, None)
    return tuple(out)[:MAX_RESPELLINGS]


def _restore_case(form: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return form.upper()
    if like[:1].isupper():
        return "-".join(p[:1].upper() + p[1:] for p in form.split("-"))
    return form


def person_nominative(name: str, lang: LanguagePack | None = None) -> str:
    """A Cyrillic person's name in the nominative: "Виктора Хренина" -> "Виктор Хренин",
    "Светланы Тихановской" -> "Светлана Тихановская". Names the dictionary cannot
    read, and Latin names, come back as written."""
    words = name.split()
    if not words or not has_cyrillic(name):
        return name
    morph = _analyzer_for(lang, name)
    if morph is None:
        return _by_endings(words, lang)
    case, gender = None, None
    out: list[str] = []
    pending: list[int] = []  # words the dictionary does not know as names
    for k, w in enumerate(words):
        parses = [p for p in _parses(morph, w) if any(t in p.tag for t in _NAME_TAGS)]
        if not parses:
            out.append(w)
            pending.append(k)
            continue
        p = parses[0]
        case = case or p.tag.case
        gender = gender or p.tag.gender
        nominative = p.inflect({"nomn"}) if p.tag.case != "nomn" else p
        out.append(_restore_case(nominative.word if nominative else w.lower(), w))
    if case and case != "nomn" and pending:
        # The given name says the case; a surname the dictionary lacks takes the
        # pack's surname endings for that case and gender (Хренина -> Хренин).
        for k in pending:
            out[k] = _surname(words[k], case, gender, lang)
    return " ".join(out)


def _surname(word: str, case: str, gender: str | None, lang: LanguagePack | None) -> str:
    lower = word.lower()
    key = f"surname_endings_{'femn' if gender == 'femn' else 'masc'}"
    for end, replacements in _endings(lang, key):
        if lower.endswith(end) and replacements and len(lower) > len(end) + 1:
            return _restore_case(lower[: len(lower) - len(end)] + replacements[0], word)
    return word


def _by_endings(words: list[str], lang: LanguagePack | None) -> str:
    """Without a dictionary (Belarusian, Ukrainian without the extra), a name is
    kept as written: ending rules alone cannot tell a case form from a nominative
    that happens to end the same way (Лукашэнка is nominative)."""
    return " ".join(words)
