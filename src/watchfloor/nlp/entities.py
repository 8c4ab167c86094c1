"""People and organisations: one entity per real-world person or organisation.

Place in the flow: ``nlp.pipeline`` gives each article's mentions (PERSON, ORG,
UNIT, TITLE and the rest); here

1. ``article_entities`` turns one article's mentions into :class:`EntityRef`
   records: names are cleaned (titles, possessives, editorial brackets
   stripped), a name the article mostly uses as a place or an event is dropped
   (one sense per article), surname-only mentions join the full name the
   article gave ("Lukashenko" -> "Alexander Lukashenko"), a bare title joins
   the person it titled, acronyms join the organisation they abbreviate, and
   organisations get one canonical name however they are worded ("Belarus'
   Foreign Affairs Ministry" -> "Ministry of Foreign Affairs of Belarus");
2. ``resolve_entities`` groups those records across articles into
   :class:`Cluster` records: names are compared by a transliteration key
   (Lukashenko / Lukashenka, Aleksandr / Alexander / Aliaksandr, Artjom /
   Artyom, Schraibman / Shraibman) and, for typos, by edit distance
   (Solovyev / Soloyev); a surname alone joins the one full name it can
   belong to, but a given name alone never joins a full name (the defector
   "Artyom" is not the analyst Artyom Shraibman), since only the article that
   names someone can say who its "Artyom" is.

Everything here is pure functions over records: no model, no I/O.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from watchfloor.lang import LanguagePack, load_language
from watchfloor.nlp.lexicon import Lexicon, lexicon_for
from watchfloor.nlp.morph import base_forms, person_nominative
from watchfloor.nlp.translit import has_cyrillic, match_key, to_latin
from watchfloor.records import Article, EntityRef, Mention
from watchfloor.theatres import Theatre, default_theatre

PERSON = "PERSON"
ORG = "ORG"
# Labels whose mentions can be entities here; UNIT is an organisation, TITLE an
# office that stands for its holder.
ENTITY_LABELS = frozenset({PERSON, ORG, "UNIT", "TITLE"})
# Labels that say a name is not a person or organisation when an article uses it
# so more often than as one ("Belarus" GPE 20 times, PERSON once).
OTHER_LABELS = frozenset(
    {"GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT", "EQUIPMENT", "WORK_OF_ART", "LAW", "LANGUAGE"}
)

# Surnames closer than this (Damerau-Levenshtein on transliteration keys) are one
# name misspelt, if long enough that one letter is a small share of them.
TYPO_DISTANCE = 1
TYPO_MIN_LENGTH = 6
# Keys with the same consonant skeleton are one name transliterated two ways when
# their letters mostly agree (Aliaksandr / Aleksander 0.84, Shoigu / Shoygu 0.83;
# Petro / Peter 0.8 and Putin / Patton 0.6 are other names), or when one vowel
# differs in a name long enough for that to be a spelling (Lukashenko / Lukashenka,
# not Red / Riyad).
SKELETON_MIN_SIMILARITY = 0.82
VOWEL_SWAP_MIN_LENGTH = 5
# A title and the name it precedes are at most this many characters apart ("] ").
TITLE_GAP = 2
# Transliteration keys kept per name tables before the memo starts afresh.
KEY_MEMO = 65_536


# ---- text keys ---------------------------------------------------------------------

_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss"})


def fold(text: str) -> str:
    """Lower case, accents off ("Lukašenka" -> "lukasenka"), whitespace collapsed."""
    text = unicodedata.normalize("NFKD", text.translate(_FOLD))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.lower().split())


# Ordered: longer spellings first, so "shch" is not read as "s" + "hch".
_TRANSLIT_RULES: tuple[tuple[str, str], ...] = (
    (r"shch|sch|szcz", "sh"),
    (r"tsch|tch|cz", "ch"),
    (r"sz", "sh"),
    (r"^u(?=l[aeiouy])", "v"),  # Belarusian Uladzimir = Vladimir
    (r"kh", "h"),
    (r"ck", "k"),
    (r"c(?=[eiy])", "ts"),  # Latin-script Slavic c is ts
    (r"c(?!h)", "k"),  # Victor = Viktor
    (r"x", "ks"),  # Alexander = Aleksander
    (r"q", "k"),
    (r"w", "v"),  # German-style Kyjiw, Schraibman's Polish cousins
    (r"ph", "f"),
    (r"dz", "d"),  # Belarusian Dzmitry = Dmitry, Vadzim = Vadim
    (r"tz", "ts"),
    (r"ts(?=[iy])", "t"),  # Belarusian Artsiom = Artiom
    (r"j", "y"),  # Artjom = Artyom
    (r"([a-z])\1", r"\1"),  # double letters: Kyyiv, Aleksandr / Aleksanddr
    (r"yi", "i"),  # Ukrainian Kyiv, Yi-
    (r"(?<=[aeiou])y(?=[aeiou])", ""),  # the y between vowels is a glide
    (r"[iy]e", "e"),  # Solovyev / Soloviev = Solovev
    (r"[iy]o", "e"),  # Artyom / Artiom = Artem
    (r"[iy]u", "u"),  # Liubakova = Lyubakova
    (r"[iy]a(?=.)", "a"),  # Aliaksandr / Alyaksandr
    (r"(?<=[ao])u(?=[^aeiouy]|$)", "v"),  # Belarusian Kalinouski, Stanislau
    (r"(?:iy|ii|y)$", "i"),  # Dmitriy / Dmitrii / Dmitry = Dmitri
    (r"([a-z])\1", r"\1"),
)
_COMPILED_RULES = tuple((re.compile(p), r) for p, r in _TRANSLIT_RULES)


class _Names:
    """A lexicon's tables as this stage looks them up: folded, with a memo of keys."""

    def __init__(
        self, lex: Lexicon, lang: LanguagePack | None = None, theatre: Theatre | None = None
    ) -> None:
        self.lex = lex
        self.lang = lang
        # Cyrillic names: the theatre's people by the script-free key of each spelling
        # (and of each surname, for a surname alone), and organisations by the
        # nominative of each word ("Минобороны Беларуси" as "Министерства обороны...").
        self.people: dict[str, str] = {}
        surnames: dict[str, set[str]] = defaultdict(set)
        for entry in theatre.entries("person") if theatre is not None else ():
            for name in entry.names:
                key = match_key(name)
                self.people.setdefault(key, entry.name)
                if key:
                    surnames[key.split()[-1]].add(entry.name)
        self.surnames = {k: next(iter(v)) for k, v in surnames.items() if len(v) == 1}
        self.org_lemmas: dict[str, str] = {}
        for table in (lex.organisations, lex.outlets):
            for canonical, names in table.items():
                for name in names:
                    if has_cyrillic(name):
                        self.org_lemmas.setdefault(_lemma_key(name, lang), canonical)
        self.nations = {fold(word): state for word, state in lex.nations.items()}
        self.exonyms = {fold(old): fold(new) for old, new in lex.exonyms.items()}
        # given-name form -> the first form of its name ("Mykhailo" -> "mikhail")
        self.given_forms = {fold(f): fold(fs[0]) for fs in lex.given_name_forms for f in fs}
        self.aliases: dict[str, str] = {}
        for table in (lex.organisations, lex.outlets):
            for canonical, names in table.items():
                for name in (canonical, *names):
                    self.aliases.setdefault(re.sub(r"[^\w ]", "", fold(name)), canonical)
        self._keys: dict[str, str] = {}

    def key(self, word: str) -> str:
        """``translit_key``, memoised: the same names are keyed over and over."""
        key = self._keys.get(word)
        if key is None:
            if len(self._keys) >= KEY_MEMO:
                self._keys.clear()
            key = self._keys[word] = _translit(word, self.exonyms)
        return key


@functools.cache
def _names(lang: LanguagePack, theatre: Theatre) -> _Names:
    return _Names(lexicon_for(lang=lang, theatre=theatre), lang, theatre)


def _lemma_key(name: str, lang: LanguagePack | None) -> str:
    """A Cyrillic name with each word in its first dictionary form, folded: one key
    for "Министерство обороны Беларуси" and "Министерства обороны Беларуси"."""
    words = re.findall(r"[^\W_]+", name.lower())
    return fold(" ".join((base_forms(w, lang) or (w,))[0] for w in words))


# A case ending is at most this many letters after a name's stem (Резнікова, Зеленського
# -> zelensk+aga), and a stem this long at least, so short names never match this way.
_CASE_ENDING_MAX = 3
_STEM_MIN = 4


def _inflected_person(key: str, n: _Names) -> str | None:
    """The one listed person whose name this is in a case form the dictionary could not
    read (Ukrainian without its optional dictionary, Belarusian): every word is the
    listed word's stem (without its final vowels) and a short ending."""
    words = key.split()
    found = {
        name
        for known, name in n.people.items()
        if len(known.split()) == len(words)
        and all(_stem_of(w, k) for w, k in zip(words, known.split(), strict=True))
    }
    if not found and len(words) == 1:
        found = {name for sur, name in n.surnames.items() if _stem_of(words[0], sur)}
    return found.pop() if len(found) == 1 else None


def _stem_of(word: str, known: str) -> bool:
    stem = known.rstrip("aeiou")
    return (
        len(stem) >= _STEM_MIN
        and word.startswith(stem)
        and len(word) - len(stem) <= _CASE_ENDING_MAX
    )


def cyrillic_person(
    name: str, *, lang: LanguagePack | None = None, theatre: Theatre | None = None
) -> str:
    """The canonical name of a person written in Cyrillic: the theatre's English name
    when it lists the person ("Лукашенко", "Аляксандр Лукашэнка" -> "Alexander
    Lukashenko"), else the nominative in Latin letters as news writes it
    ("Виктора Хренина" -> "Viktor Khrenin" without the theatre)."""
    return _cyrillic_person(name, _names_for(lang, theatre))


def _cyrillic_person(name: str, n: _Names) -> str:
    nominative = person_nominative(name, n.lang)
    key = match_key(nominative)
    known = n.people.get(key)
    if known is None and len(key.split()) == 1:
        known = n.surnames.get(key)  # a surname alone, one listed person's
    if known is None:
        known = _inflected_person(key, n)
    if known is not None:
        return known
    code = n.lang.code if n.lang is not None else None
    return to_latin(nominative, lang=code)


def _names_for(lang: LanguagePack | None, theatre: Theatre | None) -> _Names:
    return _names(lang or load_language("en"), theatre or default_theatre())


def translit_key(
    word: str, *, lang: LanguagePack | None = None, theatre: Theatre | None = None
) -> str:
    """One spelling for the ways English writes one Cyrillic name.

    Spelling rules (``_TRANSLIT_RULES``), after known exonyms ("Kiev" -> "Kyiv", the
    pack's ``names.exonyms``): "Lukashenka" and "Lukashenko" keep different keys
    (their vowels differ), which ``same_name_word`` then reads as one name.
    """
    return _names_for(lang, theatre).key(word)


def _translit(word: str, exonyms: dict[str, str]) -> str:
    folded = fold(word)
    key = re.sub(r"[^a-z0-9]", "", exonyms.get(folded, folded))
    for pattern, replacement in _COMPILED_RULES:
        key = pattern.sub(replacement, key)
    return key


def _skeleton(key: str) -> str:
    return re.sub(r"[aeiouy]", "", key)


def _one_vowel_apart(a: str, b: str) -> bool:
    """One vowel for another, the rest equal: Lukashenko / Lukashenka, Kyiv / Kiev."""
    if len(a) != len(b):
        return False
    differ = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    return len(differ) == 1 and all(c in "aeiouy" for c in differ[0])


def damerau(a: str, b: str, *, limit: int = 2) -> int:
    """Optimal string alignment distance (a swap of two letters counts one).

    Gives up past ``limit`` (returns ``limit + 1``): only "close or not" is asked.
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


@functools.lru_cache(maxsize=262_144)
def same_name_word(a: str, b: str) -> bool:
    """Whether two name words (keys) are one name: transliterated or misspelt.

    A feminine form is another person ("Petrov" / "Petrova"), not a typo.
    """
    if a == b:
        return True
    if not a or not b or a[0] != b[0]:
        return False
    if a + "a" == b or b + "a" == a:
        return False
    if _skeleton(a) == _skeleton(b) and (
        (len(a) >= VOWEL_SWAP_MIN_LENGTH and _one_vowel_apart(a, b))
        or SequenceMatcher(None, a, b).ratio() >= SKELETON_MIN_SIMILARITY
    ):
        return True
    return (
        min(len(a), len(b)) >= TYPO_MIN_LENGTH
        and damerau(a, b, limit=TYPO_DISTANCE) <= TYPO_DISTANCE
    )


# ---- cleaning names --------------------------------------------------------------------

_QUOTES = "\"“”«»„‘’'`<>"  # and the wire's <TICKER> brackets
_BRACKETS = re.compile(r"[\[\]()]")
_POSSESSIVE = re.compile(r"(?:['’]s|s['’]|['’])$")
_NATION_POSSESSIVE = re.compile(r"^(.+?)(?:['’]s|['’])$")


def _words(text: str) -> list[str]:
    text = _BRACKETS.sub(" ", text.replace("\xa0", " "))
    return [w.strip(_QUOTES + ",;:") for w in text.split() if w.strip(_QUOTES + ",;:")]


def _strip_possessive(word: str) -> str:
    if word.endswith(("'s", "’s")):
        return word[:-2]
    if word.endswith(("'", "’")):
        return word[:-1]
    return word


def _is_title_word(word: str, n: _Names) -> bool:
    bare = _strip_possessive(word)
    return bare.lower() in n.lex.titles or fold(bare) in n.nations


def person_name(
    text: str, *, lang: LanguagePack | None = None, theatre: Theatre | None = None
) -> str:
    """A person mention as a bare name.

    "President Alexander Lukashenko's" -> "Alexander Lukashenko".
    """
    return _person_name(text, _names_for(lang, theatre))


def _person_name(text: str, n: _Names) -> str:
    words = _words(text)
    while words and _is_title_word(words[0], n):
        words.pop(0)
    while len(words) > 1 and words[-1].lower() in n.lex.name_suffixes:
        words.pop()  # "John Pope Jr": the surname is Pope
    if words:
        words[-1] = _strip_possessive(words[-1])
    return " ".join(w for w in words if w)


def _org_words(text: str, n: _Names) -> list[str]:
    words = _words(text)
    if words and words[0].lower() == "the":
        words.pop(0)
    if words and words[-1] not in n.lex.possessives:
        words[-1] = _strip_possessive(words[-1])
    return [w for w in words if w and w not in n.lex.possessives]


def _org_key(name: str, n: _Names) -> str:
    """Comparison key of an organisation name: folded, unpunctuated, one spelling
    (the pack's ``names.org_spellings``: defense / defence)."""
    words = re.sub(r"[^\w ]", "", fold(name)).split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(n.lex.org_spellings.get(w, w) for w in words)


def _department(words: list[str], n: _Names) -> str | None:
    text = " ".join(w.lower() for w in words)
    for canonical, variants in n.lex.departments.items():
        for variant in sorted(variants, key=len, reverse=True):
            if re.search(rf"\b{variant.lower()}\b", text):
                return canonical
    return None


def _state(words: list[str], n: _Names) -> str | None:
    """The state a name's words qualify it by ("Belarus'", "BELARUSIAN" -> "Belarus")."""
    for word in words:
        state = n.nations.get(fold(_strip_possessive(word)))
        if state is not None:
            return state
    return None


def org_names(
    text: str, *, lang: LanguagePack | None = None, theatre: Theatre | None = None
) -> list[str]:
    """Canonical names of the organisations an ORG mention names (usually one).

    "Belarus' Foreign Affairs Ministry" -> ["Ministry of Foreign Affairs of Belarus"];
    "Russian foreign and defence ministries" -> the two ministries; "Nato" -> ["NATO"];
    "Belarusian military" -> ["Armed Forces of Belarus"]; otherwise the name itself.
    """
    return _org_names(text, _names_for(lang, theatre))


def _org_names(text: str, n: _Names) -> list[str]:
    words = _org_words(text, n)
    if not words:
        return []
    name = " ".join(words)
    alias = n.aliases.get(re.sub(r"[^\w ]", "", fold(name)))
    if alias is None and has_cyrillic(name):
        alias = n.org_lemmas.get(_lemma_key(name, n.lang))
    if alias is not None:
        return [alias]
    lower = [w.lower() for w in words]
    state = _state(words, n)
    of_state = f" of {state}" if state else ""
    if lower[-1] == "ministries" and "and" in lower:
        depts = [_department([w], n) for w in words[:-1]]
        return [f"Ministry of {d}{of_state}" for d in dict.fromkeys(d for d in depts if d)]
    if "ministry" in lower:
        dept = _department(words, n)
        if dept is not None:
            return [f"Ministry of {dept}{of_state}"]
    if state is not None:
        rest = " ".join(lower)
        if any(re.search(rf"\b{m}$", rest) for m in n.lex.military_words) or rest.startswith(
            "armed forces of"
        ):
            return [f"Armed Forces of {state}"]
        for body in n.lex.state_bodies:
            if body.lower() in rest and "ministry" not in body.lower():
                return [f"{body} of {state}"]
    return [name]


def _title_name(text: str, n: _Names) -> tuple[str | None, str]:
    """A title as (state, office): "Russia's Defence Minister" -> ("Russia", "Defence Minister")."""
    words = _words(text)
    state = _state(words, n)
    dept = _department(words, n)
    lower = " ".join(w.lower() for w in words)
    if dept is not None and "minister" in lower:
        return state, f"{dept} Minister"
    for office in sorted(n.lex.offices, key=len, reverse=True):
        if office.lower() in lower:
            return state, office
    rest = [w for w in words if _strip_possessive(w) not in n.lex.nations]
    return state, " ".join(rest)


def _initials(name: str, n: _Names) -> str:
    """Initials of the capitalised words: "Institute for the Study of War" -> "ISW"."""
    skip = n.lex.initials_skip
    return "".join(w[0] for w in name.split() if w[:1].isupper() and w.lower() not in skip)


def _is_acronym(name: str) -> bool:
    bare = name.replace(".", "")
    return 2 <= len(bare) <= 8 and bare.isupper() and bare.isalpha()


# ---- one article ---------------------------------------------------------------------


@dataclass(slots=True)
class _Group:
    type: str
    names: list[str] = field(default_factory=list)  # cleaned names, one per mention
    mentions: list[Mention] = field(default_factory=list)
    role: tuple[str | None, str] | None = None  # an unnamed office-holder's title

    distinct: dict[str, None] = field(default_factory=dict)  # names in order, once each

    def add(self, name: str, mention: Mention) -> None:
        self.names.append(name)
        self.mentions.append(mention)
        self.distinct.setdefault(name)

    def canonical(self) -> str:
        if self.role is not None and not self.names:
            state, office = self.role
            return f"{office} of {state}" if state else office
        # the longest full form the article gives ("Aleksandr Lukashenko", not "Lukashenko")
        name = max(self.names, key=lambda n: (len(n.split()), len(n), -self.names.index(n)))
        if self.type == PERSON and name.isupper():
            # all-caps text: "ALEXANDER LUKASHENKO" is named as a reader writes it
            name = " ".join("-".join(p.capitalize() for p in w.split("-")) for w in name.split())
        return name


def _join_wrapped(
    mentions: list[Mention], article: Article | None
) -> list[tuple[Mention, str, list[Mention]]]:
    """(mention, full text, continuation parts): a name cut by a line break read whole.

    The pipeline gives a name that runs over a line break as one mention per
    line; with the article's lines, a mention that ends its line and one of the
    same label that starts the next are read as one name.
    """
    out: list[tuple[Mention, str, list[Mention]]] = []
    lines = {line.number: line.text for line in article.lines} if article is not None else {}
    for m in mentions:
        if out and lines:
            head, text, parts = out[-1]
            prev = parts[-1] if parts else head
            prev_line, line = lines.get(prev.line, ""), lines.get(m.line, "")
            if (
                m.line == prev.line + 1
                and m.label == prev.label
                and prev.end == len(prev_line.rstrip())
                and m.start == len(line) - len(line.lstrip())
            ):
                out[-1] = (head, f"{text} {m.text}", [*parts, m])
                continue
        out.append((m, m.text, []))
    return out


def _surface(text: str) -> str:
    return fold(" ".join(_strip_possessive(w) for w in _words(text)))


def article_entities(
    mentions: Sequence[Mention],
    *,
    article: Article | None = None,
    lang: LanguagePack | None = None,
    theatre: Theatre | None = None,
) -> list[EntityRef]:
    """The people and organisations one article mentions, each under one canonical name.

    ``mentions`` are the article's mentions of every label (other labels are
    evidence: a name the article mostly tags GPE is a place). ``article``, when
    given, lets a name cut by a line break be read whole. ``lang`` gives the words
    around names (titles, states, offices), ``theatre`` the organisations' and
    outlets' canonical names.
    """
    nt = _names_for(lang, theatre)
    tkey = nt.key
    ordered = sorted(mentions, key=lambda m: (m.line, m.start, m.end))
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for m in ordered:
        kind = ORG if m.label == "UNIT" else m.label
        if kind in ENTITY_LABELS or kind in OTHER_LABELS:
            votes[_surface(m.text)][kind if kind in ENTITY_LABELS else "OTHER"] += 1

    def is_other(text: str) -> bool:
        counts = votes.get(_surface(text))
        if not counts or not counts["OTHER"]:
            return False
        return counts["OTHER"] >= counts[PERSON] + counts[ORG] + counts["TITLE"]

    joined = _join_wrapped(ordered, article)
    continued = {id(m): parts for m, _, parts in joined if parts}
    candidates = [
        (m, text) for m, text, _ in joined if m.label in ENTITY_LABELS or m.label in OTHER_LABELS
    ]

    people: list[_Group] = []
    orgs: dict[str, _Group] = {}
    titles: list[tuple[Mention, tuple[str | None, str]]] = []
    singles: list[tuple[Mention, str]] = []  # one-word person names, linked after full names
    others: list[tuple[Mention, str]] = []  # one-word non-entity names that may be surnames
    for k, (m, text) in enumerate(candidates):
        if m.label == "TITLE":
            nxt = candidates[k + 1][0] if k + 1 < len(candidates) else None
            named = (
                nxt is not None
                and nxt.label == PERSON
                and nxt.line == m.line
                and 0 <= nxt.start - m.end <= TITLE_GAP
            )
            if named and nxt is not None:
                titles.append((nxt, _title_name(text, nt)))  # the title of this person
            else:
                titles.append((m, _title_name(text, nt)))
            continue
        if m.label in OTHER_LABELS:
            name = _person_name(text, nt)
            if len(name.split()) == 1:
                others.append((m, name))
            continue
        if is_other(text):
            continue
        if m.label == PERSON:
            name = _person_name(text, nt)
            if not name or not any(c.isupper() for c in name):
                continue
            if has_cyrillic(name):
                # one name across scripts: the English one (the mention keeps the original)
                name = _cyrillic_person(name, nt)
            if len(name.split()) == 1:
                singles.append((m, name))
                continue
            for group in people:
                if name in group.distinct or any(_same_person(name, d, nt) for d in group.distinct):
                    group.add(name, m)
                    break
            else:
                group = _Group(PERSON)
                group.add(name, m)
                people.append(group)
        else:
            for name in _org_names(text, nt):
                if not any(c.isupper() for c in name):
                    continue  # a proper name has a capital: "cts" is cents, not a company
                group = orgs.setdefault(_org_key(name, nt), _Group(ORG))
                group.add(name, m)

    # One-word names: a surname of a full name in this article joins it; so does a
    # given name, when one full name alone has it (the article said who it is). An
    # ORG or GPE tag on a surname of a named person was the model's mistake.
    surname_of: dict[str, list[_Group]] = defaultdict(list)
    given_of: dict[str, list[_Group]] = defaultdict(list)
    for group in people:
        for name in group.distinct:
            words = name.split()
            surname_of[tkey(words[-1])].append(group)
            given_of[tkey(words[0])].append(group)
    for key in surname_of:
        surname_of[key] = list({id(g): g for g in surname_of[key]}.values())
    for key in given_of:
        given_of[key] = list({id(g): g for g in given_of[key]}.values())

    def full_name_for(word: str) -> _Group | None:
        word_key = tkey(word)
        found = surname_of.get(word_key) or [
            g for k, gs in surname_of.items() if same_name_word(k, word_key) for g in gs
        ]
        if len(found) == 1:
            return found[0]
        if not found and len(given_of.get(word_key, [])) == 1:
            return given_of[word_key][0]
        return None

    single_groups: list[_Group] = []
    for m, name in singles:
        target = full_name_for(name)
        if target is None:
            key = tkey(name)
            target = next((g for g in single_groups if same_name_word(tkey(g.names[0]), key)), None)
            if target is None:
                target = _Group(PERSON)
                single_groups.append(target)
        target.add(name, m)
    for key, group in list(orgs.items()):
        if all(len(n.split()) == 1 and not _is_acronym(n) for n in group.distinct):
            target = full_name_for(group.names[0])
            if target is not None:  # "Liubakova" tagged ORG, with "Hanna Liubakova" named
                for name, m in zip(group.names, group.mentions, strict=True):
                    target.add(name, m)
                del orgs[key]
    for m, name in others:
        key = tkey(name)
        target = (
            None if not surname_of.get(key) or len(surname_of[key]) != 1 else surname_of[key][0]
        )
        if target is not None and name[:1].isupper():
            target.add(name, m)

    # Titles: one before a name titles that person; one alone is the office-holder,
    # the person the article gave that title to if it did.
    group_of = {id(x): g for g in (*people, *single_groups) for x in g.mentions}
    held: dict[tuple[str | None, str], _Group] = {}
    for m, role in titles:
        if m.label == PERSON and id(m) in group_of:
            held.setdefault(role, group_of[id(m)])
    role_groups: dict[tuple[str | None, str], _Group] = {}
    for m, role in titles:
        if m.label == PERSON:
            continue
        owner = held.get(role)
        if owner is None and role[0] is None:
            continue  # "Defence Minister" of no stated country: whose?
        if owner is None:
            owner = role_groups.setdefault(role, _Group(PERSON, role=role))
            owner.mentions.append(m)
        else:
            owner.add(owner.canonical(), m)

    # Acronyms: "OHCHR" joins "Office of the High Commissioner for Human Rights".
    for key, group in list(orgs.items()):
        acronym = next((n.replace(".", "") for n in group.names if _is_acronym(n)), None)
        if acronym is None or not all(_is_acronym(n) for n in group.names):
            continue
        targets = [
            g
            for k, g in orgs.items()
            if k != key and any(_initials(n, nt) == acronym for n in g.names)
        ]
        if len(targets) == 1:
            for name, m in zip(group.names, group.mentions, strict=True):
                targets[0].add(name, m)
            del orgs[key]

    refs: list[EntityRef] = []
    for group in [*people, *single_groups, *role_groups.values(), *orgs.values()]:
        if not group.mentions:
            continue
        parts = [p for m in group.mentions for p in continued.get(id(m), ())]
        mentions_sorted = sorted([*group.mentions, *parts], key=lambda m: (m.line, m.start))
        refs.append(
            EntityRef(canonical=group.canonical(), type=group.type, mentions=mentions_sorted)
        )
    refs.sort(key=lambda r: (r.mentions[0].line, r.mentions[0].start))
    return refs


def _name_words(name: str, n: _Names) -> list[str]:
    """A person's name as words, without "Jr"/"III" after the surname."""
    words = name.split()
    while len(words) > 1 and words[-1].lower() in n.lex.name_suffixes:
        words.pop()
    return words


def _same_person(a: str, b: str, n: _Names) -> bool:
    """Two full names of one person: surnames one name, given names compatible."""
    wa, wb = _name_words(a, n), _name_words(b, n)
    if not same_name_word(n.key(wa[-1]), n.key(wb[-1])):
        return False
    return _given_compatible(wa[:-1], wb[:-1], n)


def _given_compatible(ga: list[str], gb: list[str], n: _Names) -> bool:
    """Given names agree: equal keys, an initial of the other, or none on one side."""
    if not ga or not gb:
        return True
    a, b = ga[0].rstrip("."), gb[0].rstrip(".")
    if len(a) == 1 or len(b) == 1:
        return a[0].lower() == b[0].lower()
    forms = n.given_forms.get(fold(a)), n.given_forms.get(fold(b))
    if forms[0] is not None and forms[0] == forms[1]:
        return True  # Mykhailo / Mikhail, Oleksandr / Aleksandr
    return same_name_word(n.key(a), n.key(b))


# ---- across articles -------------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class Cluster:
    """One real-world person or organisation across articles."""

    canonical: str
    type: str  # PERSON | ORG
    names: list[str]  # every canonical name the articles used, most used first
    members: list[tuple[int, EntityRef]]  # (index of the article, its reference)

    @property
    def mention_count(self) -> int:
        return sum(len(ref.mentions) for _, ref in self.members)

    @property
    def article_count(self) -> int:
        return len({index for index, _ in self.members})


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _block(key: str) -> tuple[str, str]:
    """Where a name key is compared: the same first letter and first two consonants.

    Transliterations and typos keep both (Lukashenko / Lukashenka "lk", Solovyev /
    Soloyev "sl"), and the comparisons stay few on a large corpus.
    """
    return key[:1], _skeleton(key)[:2]


def _pairs_within(blocks: Iterable[list[str]]) -> Iterable[tuple[str, str]]:
    for block in blocks:
        for x, a in enumerate(block):
            for b in block[x + 1 :]:
                yield a, b


def resolve_entities(
    per_article: Sequence[Sequence[EntityRef]],
    *,
    lang: LanguagePack | None = None,
    theatre: Theatre | None = None,
) -> list[Cluster]:
    """Entities of many articles grouped into one cluster per real-world entity.

    People: full names match when their surnames are one name (transliteration
    key, or a typo) and their given names agree; a one-word name joins the one
    full name whose surname it is, and otherwise stays with other one-word
    names like it, so a bare given name never joins someone's full name.
    Unnamed office-holders ("Defence Minister of Belarus") match the same office.
    Organisations: the same canonical name (aliases, spelling variants, a word
    transliterated differently), or an acronym of exactly one other name.
    Clusters come most mentioned first.

    Names are compared once per distinct spelling, within blocks (``_block``),
    so a corpus of thousands of articles resolves in about a second. ``lang`` and
    ``theatre`` give the name tables (see ``article_entities``).
    """
    nt = _names_for(lang, theatre)
    tkey = nt.key
    items: list[tuple[int, EntityRef]] = [
        (i, ref) for i, refs in enumerate(per_article) for ref in refs
    ]
    # Distinct names per kind: every comparison is between names, not references.
    full: dict[str, list[int]] = defaultdict(list)
    single: dict[str, list[int]] = defaultdict(list)
    roles: dict[str, list[int]] = defaultdict(list)
    orgs: dict[str, list[int]] = defaultdict(list)
    for k, (_, ref) in enumerate(items):
        if ref.type != PERSON:
            orgs[_org_key(ref.canonical, nt)].append(k)
        elif _is_role(ref):
            roles[fold(ref.canonical)].append(k)
        elif len(ref.canonical.split()) > 1:
            full[ref.canonical].append(k)
        elif ref.canonical:
            single[ref.canonical].append(k)

    uf = _UnionFind(len(items))
    for table in (full, single, roles, orgs):
        for ks in table.values():
            for k in ks[1:]:
                uf.union(ks[0], k)

    def join(a: str, table_a: dict[str, list[int]], b: str, table_b: dict[str, list[int]]) -> None:
        uf.union(table_a[a][0], table_b[b][0])

    # Full names whose surnames are one name and whose given names agree.
    surname = {name: tkey(_name_words(name, nt)[-1]) for name in full}
    person_blocks: dict[tuple[str, str], list[str]] = defaultdict(list)
    for name, key in surname.items():
        person_blocks[_block(key)].append(name)
    for a, b in _pairs_within(person_blocks.values()):
        if _same_person(a, b, nt):
            join(a, full, b, full)

    # One-word names: the surname of exactly one (resolved) full-name cluster;
    # else they stay among themselves.
    unattached: list[str] = []
    for name in single:
        key = tkey(name)
        candidates = [n for n in person_blocks.get(_block(key), ()) if surname[n] == key]
        if not candidates:
            candidates = [
                n for n in person_blocks.get(_block(key), ()) if same_name_word(surname[n], key)
            ]
        roots = {uf.find(full[n][0]) for n in candidates}
        if len(roots) == 1:
            uf.union(single[name][0], roots.pop())
        else:
            unattached.append(name)
    single_blocks: dict[tuple[str, str], list[str]] = defaultdict(list)
    for name in unattached:
        single_blocks[_block(tkey(name))].append(name)
    for a, b in _pairs_within(single_blocks.values()):
        if same_name_word(tkey(a), tkey(b)):
            join(a, single, b, single)

    # Organisations spelt differently word by word ("Kyiv Independent" / "Kiev Independent").
    org_blocks: dict[tuple[int, str, str], list[str]] = defaultdict(list)
    for key, ks in orgs.items():
        words = key.split()
        if words and not _is_acronym(items[ks[0]][1].canonical):
            org_blocks[(len(words), *_block(tkey(words[0])))].append(key)
    for a, b in _pairs_within(org_blocks.values()):
        if _same_org_key(a, b, nt):
            join(a, orgs, b, orgs)
    # Acronyms join the one organisation whose initials they are.
    by_initials: dict[str, set[int]] = defaultdict(set)
    acronyms: list[tuple[str, str]] = []
    for key, ks in orgs.items():
        name = items[ks[0]][1].canonical
        if _is_acronym(name):
            acronyms.append((key, name.replace(".", "")))
        else:
            by_initials[_initials(name, nt)].add(ks[0])
    for key, acronym in acronyms:
        roots = {uf.find(k) for k in by_initials.get(acronym, ())}
        if len(roots) == 1:
            uf.union(orgs[key][0], roots.pop())

    groups: dict[int, list[int]] = defaultdict(list)
    for k in range(len(items)):
        groups[uf.find(k)].append(k)
    clusters = [_cluster([items[k] for k in ks]) for ks in groups.values()]
    clusters.sort(key=lambda c: (-c.mention_count, c.canonical))
    return clusters


def _same_org_key(a: str, b: str, n: _Names) -> bool:
    """Two organisation keys that differ only in how a word is transliterated or typed."""
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb) or wa == wb:
        return wa == wb
    return all(x == y or same_name_word(n.key(x), n.key(y)) for x, y in zip(wa, wb, strict=True))


def _is_role(ref: EntityRef) -> bool:
    """An unnamed office-holder: every mention is a title."""
    return ref.type == PERSON and all(m.label == "TITLE" for m in ref.mentions)


def _cluster(members: list[tuple[int, EntityRef]]) -> Cluster:
    weights: Counter[str] = Counter()
    for _, ref in members:
        weights[ref.canonical] += len(ref.mentions)
    names = sorted(weights, key=lambda n: (-weights[n], n))
    types = Counter(ref.type for _, ref in members)
    # the most used full form names the cluster; a lone surname only if nothing fuller
    canonical = max(names, key=lambda n: (len(n.split()) > 1, weights[n], len(n)))
    return Cluster(
        canonical=canonical, type=types.most_common(1)[0][0], names=names, members=members
    )


def entity_rows(clusters: Iterable[Cluster]) -> list[dict[str, object]]:
    """Clusters as rows for ``watchfloor entities``: name, type, mentions, articles, variants."""
    return [
        {
            "canonical": c.canonical,
            "type": c.type,
            "mentions": c.mention_count,
            "articles": c.article_count,
            "variants": [n for n in c.names if n != c.canonical],
        }
        for c in clusters
    ]
