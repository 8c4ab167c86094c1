"""Language packs: the words of one language that the stages use, as data.

A pack is a folder ``lang/<code>/`` of TOML files. ``pack.toml`` names the language and
the libraries that already carry its data (dateparser's locale, the spaCy model); every
other file is a *section* named by its stem (``calendar.toml`` is ``calendar``), and its
keys are word tables: a list of words, or a mapping from a word to a value. Stages ask
for a table by ``"section.key"`` and name no word themselves, so a second language is a
second folder, not a change of stage code.

Word entries are matched as written (``pack.words``) or through a regular expression
built from the list (``pack.regex``): there a word ending in ``*`` is a *stem* that takes
any ending, which is how a language with case endings lists its forms once ("заявил*"
matches заявил, заявила, заявили). Month and weekday names come from dateparser's locale
for the language (with its case forms), plus any the pack adds in ``calendar.months``.

Packs beyond the shipped ones are found in the folders named by ``WATCHFLOOR_LANG_PATH``
(separated by ``os.pathsep``), each holding ``<code>/pack.toml``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import Any

from watchfloor.errors import WatchfloorError
from watchfloor.packfile import read_toml

_SHIPPED = Path(__file__).parent
_META = "pack.toml"


class PackError(WatchfloorError):
    """A language pack is missing or malformed; the message names the file."""


@dataclass(frozen=True, eq=False)
class LanguagePack:
    """The word tables of one language. Compared and hashed by identity (packs are cached)."""

    code: str
    name: str
    path: Path | None
    sections: Mapping[str, Mapping[str, Any]]
    dateparser_locale: str | None = None
    spacy_model: str | None = None
    # which named-entity model reads the language: "spacy" (the pack's ``spacy``
    # model) or "natasha" (Russian, used for Ukrainian and Belarusian too: no
    # offline model for them is on the package index)
    ner: str = "spacy"
    # the script the language is written in (ISO 15924: "Latn", "Cyrl"); language
    # detection picks among the packs of a script when it is unsure
    script: str = "Latn"
    _cache: dict[tuple[str, str, int], Any] = field(default_factory=dict, repr=False)

    def get(self, key: str, default: Any = None) -> Any:
        """The table at ``"section.key"``, or ``default`` when the pack has none."""
        section, _, name = key.partition(".")
        return self.sections.get(section, {}).get(name, default)

    def table(self, key: str) -> Any:
        """The table at ``"section.key"``; a pack lacking it is an error naming both."""
        value = self.get(key)
        if value is None:
            raise PackError(f"language pack {self.code!r} has no table {key!r}")
        return value

    def words(self, key: str) -> frozenset[str]:
        """The words of a list (or the keys of a mapping) as written; empty when absent."""
        return self._cached("words", key, 0, lambda: frozenset(self.get(key, ())))

    def lower_words(self, key: str) -> frozenset[str]:
        """The same, lower-cased, for case-blind look-ups."""
        return self._cached(
            "lower", key, 0, lambda: frozenset(w.lower() for w in self.get(key, ()))
        )

    def mapping(self, key: str) -> Mapping[str, Any]:
        """A mapping table; empty when absent."""
        value = self.get(key, {})
        if not isinstance(value, Mapping):
            raise PackError(f"language pack {self.code!r}: {key!r} is a list, not a mapping")
        return value

    def pattern(self, key: str) -> str:
        """A regex alternation of the words of ``key``, longest first; ``*`` ends a stem."""
        return alternation(self.get(key, ()))

    def regex(self, key: str, *, flags: int = re.IGNORECASE) -> re.Pattern[str]:
        """``pattern(key)`` between word boundaries, compiled once per pack."""
        return self._cached(
            "regex", key, flags, lambda: re.compile(rf"\b(?:{self.pattern(key)})\b", flags)
        )

    def _cached(self, what: str, key: str, flags: int, build: Callable[[], Any]) -> Any:
        # Stages ask for the same table per sentence: build it once per pack.
        value = self._cache.get((what, key, flags))
        if value is None:
            value = self._cache[(what, key, flags)] = build()
        return value

    @property
    def knows_tenses(self) -> bool:
        """Whether ``verb_tense`` can tell anything: the pack names a dictionary or
        endings of the future."""
        return bool(self.get("grammar.morphology") or self.get("grammar.future_endings"))

    def verb_tense(self, word: str) -> str | None:
        """'past', 'present' or 'future' when ``word`` is a finite verb by the pack's
        morphological dictionary (``grammar.morphology``: pymorphy3's "ru", or "uk" with
        the optional dictionary), else 'future' when it ends in one of the pack's
        ``grammar.future_endings`` (the Ukrainian "-тиме", "-тимуть"), else None.
        Russian and Ukrainian say the future of a perfective verb with its own endings
        ("прибудут", "нанесёт"), which no word list of auxiliaries catches; without a
        dictionary the stages read the pack's words alone."""
        if not word[:1].isalpha():
            return None
        lower = word.lower()
        code = self.get("grammar.morphology")
        found = _tense_of(str(code), lower) if code else None
        if found is None and any(
            lower.endswith(e) and len(lower) >= len(e) + 3 for e in self._future_endings
        ):
            return "future"
        return found

    @cached_property
    def _future_endings(self) -> tuple[str, ...]:
        # read after a stem of three letters or more ("триватиме"; not "тиме" alone)
        return tuple(str(e) for e in self.get("grammar.future_endings", ()))

    @cached_property
    def months(self) -> Mapping[str, int]:
        """Lower-cased month names and abbreviations (every case form) to 1-12."""
        return self._calendar("months", _MONTH_KEYS)

    @cached_property
    def weekdays(self) -> Mapping[str, int]:
        """Lower-cased weekday names to 0 (Monday) - 6."""
        return self._calendar("weekdays", _WEEKDAY_KEYS)

    def _calendar(self, table: str, keys: tuple[str, ...]) -> Mapping[str, int]:
        names: dict[str, int] = {}
        info = _dateparser_info(self.dateparser_locale)
        for number, key in enumerate(keys):
            for form in info.get(key, ()):
                names[form.lower()] = number + (1 if table == "months" else 0)
        # The pack's own forms are added, and dateparser's forms that are words of
        # running text ("we", "mo", "sat") are dropped by ``calendar.not_names``.
        for form, number in self.mapping(f"calendar.{table}").items():
            names[form.lower()] = int(number)
        for form in self.lower_words("calendar.not_names"):
            names.pop(form, None)
        return names


_MONTH_KEYS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first so that "Su-35S" wins over "Su-35".

    A word ending in ``*`` is a stem: it matches with any (word-character) ending.
    Spaces match any run of whitespace, so a phrase survives a wrapped line.
    """
    parts = []
    for word in sorted(set(words), key=lambda w: (-len(w), w)):
        stem = word.endswith("*")
        body = re.escape(word.rstrip("*")).replace(r"\ ", r"\s+")
        parts.append(body + (r"\w*" if stem else ""))
    return "|".join(parts) or r"(?!)"


_TENSES = {"past": "past", "pres": "present", "futr": "future"}


@cache
def morphology(code: str) -> Any | None:
    """pymorphy3's analyser for ``code``, loaded once (a tenth of a second, ~15 MB);
    None when its dictionary is not installed (the GPL Ukrainian one is an extra)."""
    import importlib.util

    if importlib.util.find_spec(f"pymorphy3_dicts_{code}") is None:
        return None
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=code)


@lru_cache(maxsize=1 << 15)
def _tense_of(code: str, word: str) -> str | None:
    morph = morphology(code)
    if morph is None:
        return None
    # the likeliest reading only: "стали" (steel / became) is no verb cue when the
    # dictionary thinks it a noun first
    tag = morph.parse(word)[0].tag
    if tag.POS != "VERB":
        return None
    return _TENSES.get(str(tag.tense)) if tag.tense else None


def _dateparser_info(locale: str | None) -> Mapping[str, Any]:
    if not locale:
        return {}
    from dateparser.languages.loader import default_loader

    info: Mapping[str, Any] = default_loader.get_locale(locale).info
    return info


def _search_path() -> list[Path]:
    extra = os.environ.get("WATCHFLOOR_LANG_PATH", "")
    return [Path(p) for p in extra.split(os.pathsep) if p] + [_SHIPPED]


def available_languages() -> list[str]:
    """The codes of every pack on the search path."""
    codes = {p.parent.name for d in _search_path() for p in d.glob(f"*/{_META}")}
    return sorted(codes)


@cache
def load_language(code: str) -> LanguagePack:
    """The pack for ``code`` ("en"); :class:`PackError` naming the known codes if none."""
    for folder in _search_path():
        if (folder / code / _META).is_file():
            return read_pack(folder / code)
    raise PackError(
        f"no language pack {code!r}: packs are {', '.join(available_languages()) or 'none'}"
    )


@cache
def every_month() -> Mapping[str, int]:
    """Month names of every pack, lower-cased, to 1-12: for stages that run before an
    article's language is known (a dateline is read while cleaning)."""
    names: dict[str, int] = {}
    for code in available_languages():
        names.update(load_language(code).months)
    return names


@cache
def every_weekday() -> Mapping[str, int]:
    """Weekday names of every pack, lower-cased, to 0 (Monday) - 6."""
    names: dict[str, int] = {}
    for code in available_languages():
        names.update(load_language(code).weekdays)
    return names


def pack_for(language: str | None) -> LanguagePack | None:
    """The pack of an article's detected language, or None when there is none to use.

    An article with no detected language is read as English (the project's first pack);
    one in a language without a pack gets None, and the stages skip it saying why.
    """
    code = (language or "en").split("-")[0].lower()
    try:
        return load_language(code)
    except PackError:
        return None


def read_pack(folder: Path) -> LanguagePack:
    """Read one pack folder (not cached: ``load_language`` caches)."""
    meta = read_toml(folder / _META, error=PackError)
    sections: dict[str, Mapping[str, Any]] = {}
    for path in sorted(folder.glob("*.toml")):
        if path.name != _META:
            sections[path.stem] = read_toml(path, error=PackError)
    code = str(meta.get("code") or folder.name)
    return LanguagePack(
        code=code,
        name=str(meta.get("name") or code),
        path=folder,
        sections=sections,
        dateparser_locale=meta.get("dateparser"),
        spacy_model=meta.get("spacy"),
        ner=str(meta.get("ner") or "spacy"),
        script=str(meta.get("script") or "Latn"),
    )
