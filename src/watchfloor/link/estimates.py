"""Estimate series: claims about one quantity, across articles, oldest first.

"Russian troops in Belarus": 30,000 per NATO's Secretary General in February
2022, about 10,000 per a Minsk analyst, 2,500 in earlier exercises. A claim's
quantity (``quantity_key``) is read from its subject and unit, as the claims stage
wrote them:

- what is counted: the counted noun, its family (troops, soldiers and servicemen are
  one; battalions and "battalion tactical groups" are not troops), and the words
  that change what is counted ("civilian deaths" are not "deaths"), not those that do
  not ("combat", "additional");
- whose: a country (by its name, adjective or possessive, one ISO code) or an owner of
  the theatre ("NATO", "Wagner");
- where: the place scope after the noun ("in Belarus", "on the border with Ukraine";
  "in", "into", "to" are one scope), or the one the claims stage inferred for a
  foreign force in the country its article is about ("Russian troops (in Belarus)");
- the measure: people and things counted, distance (km, miles converted), area,
  duration (hours, days and weeks in days), money (by currency), share. A target
  ("the army will grow to 100,000") is its own quantity.

A subject that names nothing counted ("unspecified", a bare owner) is in no series,
rather than in the nearest one. The key is a function of the claim alone, so
``extract --json`` gives equal quantities in different files the same ``series``
(``series_keys``) and the store, API, CLI and report group the same way.

Independence (``link.independence``): a claim is no source of its own when its
article recycles one stating the same value (``relations``: near duplicate or
derived), when its publisher or speaker said the same value earlier (a daily
update repeating its figure), or when it only relays an outlet already counted;
such claims are shown with the reason but not counted as sources.

Written by hand: grouping short noun phrases by their head, owner and place is
a few rules, and no library does it for claims' subjects. The words are the language
pack's (``names.counted_families``, ``names.counted_fillers``, the quantities
section's units of distance, area, duration and money); owners that are no
nationality ("NATO troops", "Wagner fighters") are the theatre's entries with an
``owner`` word.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from watchfloor.lang import LanguagePack, alternation, load_language
from watchfloor.link.independence import Backing, independent_units, judge, name_key, recycling
from watchfloor.nlp.gazetteer import Gazetteer, GazetteerError, country_words, demonyms
from watchfloor.nlp.gazetteer import name_key as country_key  # the gazetteer's, for countries
from watchfloor.theatres import Theatre, default_theatre


@dataclass(frozen=True, slots=True)
class _Words:
    families: Mapping[str, str]  # counted nouns that count one thing -> its name
    fillers: frozenset[str]  # words that do not change what is counted
    countries: Mapping[str, str]  # country names and adjectives (name keys) -> ISO code
    owners: Mapping[str, str]  # the theatre's owner words (lower-cased) -> as written
    theatre: Theatre  # whose places a scope's place names are read against
    place_kinds: frozenset[str]  # "airfield", "region" after a place name
    scope: re.Pattern[str]  # the preposition that opens a place scope
    same_scope: frozenset[str]  # "in", "into", "to": one scope
    scope_only: frozenset[str]  # the words that open a scope and "the": no place alone
    owner_joiners: frozenset[str]  # "and" between two owners
    scope_motion: frozenset[str]  # "to", "into": where a force went is where it is
    scope_word: str
    articles: frozenset[str]
    share_of: str  # "share of "
    distance: Mapping[str, float]  # unit word -> km
    area: Mapping[str, float]  # unit word -> square km
    area_openers: frozenset[str]
    area_units: frozenset[str]
    duration: Mapping[str, float]  # unit word -> days
    currencies: frozenset[str]  # ISO codes of the pack's currencies
    target_mark: str
    money_mark: str
    death_nouns: frozenset[str]  # nouns that count the dead themselves ("deaths")
    death_words: frozenset[str]  # "killed", "dead" after a noun: its dead
    times: frozenset[str]  # "times": a multiplier
    adjectives: Mapping[str, str]  # ISO code -> the country's adjective ("Russian")


def _floats(table: Mapping[str, Any]) -> dict[str, float]:
    return {str(k).lower(): float(v) for k, v in table.items()}


@functools.cache
def _words(lang: LanguagePack, theatre: Theatre) -> _Words:
    q = "quantities."
    owners = {
        str(e.get("owner")).lower(): str(e.get("owner"))
        for kind in ("organisation", "unit")
        for e in theatre.entries(kind)
        if e.get("owner")
    }
    preps = [*lang.get("places.place_prepositions", ()), *lang.get(q + "place_prepositions", ())]
    preps += [*lang.get("places.counted_ends", ()), *lang.get(q + "distance_from", ())]
    return _Words(
        families={k.lower(): v for k, v in lang.mapping("names.counted_families").items()},
        fillers=lang.lower_words("names.counted_fillers"),
        countries=country_words(lang),
        owners=owners,
        theatre=theatre,
        place_kinds=lang.lower_words("names.place_kind_nouns"),
        scope=re.compile(
            rf"\s+(?:(?:{alternation(sorted(set(preps)))})\b"
            rf"|(?:{lang.pattern(q + 'directions')})\s+(?:{lang.pattern(q + 'direction_of')})\b)",
            re.IGNORECASE,
        ),
        same_scope=lang.lower_words("names.scope_same"),
        owner_joiners=lang.lower_words("names.owner_joiners"),
        scope_motion=lang.lower_words("names.scope_motion"),
        scope_only=frozenset(p.lower() for p in preps) | lang.lower_words("places.articles"),
        scope_word=str(lang.get("names.scope_word", "in")),
        articles=lang.lower_words("places.articles"),
        share_of=" ".join(lang.get(q + "share_of", ())).lower() + " ",
        distance=_floats(lang.mapping(q + "distance_units")),
        area=_floats(lang.mapping(q + "area_sizes")),
        area_openers=lang.lower_words(q + "area_openers"),
        area_units=lang.lower_words(q + "area_units"),
        duration=_floats(lang.mapping(q + "duration_days")),
        currencies=frozenset(
            str(c)
            for table in ("currency_signs", "currency_words")
            for c in lang.mapping(q + table).values()
        ),
        target_mark=str(lang.get(q + "target_mark", "target")),
        money_mark=str(lang.get(q + "money_mark", "money")),
        death_nouns=frozenset(w.lower() for w in lang.mapping(q + "units").get("deaths", ())),
        death_words=lang.lower_words(q + "death_verbs"),
        times=lang.lower_words(q + "times"),
        adjectives=_adjectives(lang),
    )


def _adjectives(lang: LanguagePack) -> dict[str, str]:
    """The adjective a series label gives each country ("Russian troops in Belarus")."""
    irregular = {country_key(k) for k in lang.mapping("places.demonyms")}
    out: dict[str, str] = {}
    # the forms the pack's rules make are the usual ones ("Belarusian"); its irregular
    # list also holds variant spellings ("Belarussian"), used where no rule gives one
    for form, code in demonyms(lang).items():
        if form not in irregular:
            out.setdefault(code, form.title())
    for form, code in demonyms(lang).items():
        out.setdefault(code, form.title())
    return out


def _words_for(lang: LanguagePack | None, theatre: Theatre | None) -> _Words:
    return _words(lang or load_language("en"), theatre or default_theatre())


@dataclass(frozen=True, slots=True)
class SeriesKey:
    """Which quantity a figure measures: equal keys, one estimate series."""

    what: str  # the thing counted, its family: "troops", "civilian deaths", "distance"
    owner: str = ""  # an ISO code or a theatre owner; "" when the subject names none
    place: str = ""  # the scope, normalised: "in belarus"; "" when it names none
    measure: str = ""  # "" (a count), "km", "km²", "days", "share", a currency, "target"
    # how the first claim of the series wrote it ("Russian troops in Belarus")
    name: str = field(default="", compare=False, hash=False)

    @property
    def label(self) -> str:
        base = self.name or " ".join(x for x in (self.owner, self.what, self.place) if x)
        base = base[:1].upper() + base[1:]
        if self.measure in ("", "share", "target"):
            return f"{base} (target)" if self.measure == "target" else base
        return f"{base} ({self.measure})"

    @property
    def id(self) -> str:
        """An opaque string for ``extract --json``'s ``series``: equal for equal keys."""
        return "|".join((self.what, self.owner, self.place, self.measure))


# Subjects the claims stage could not name: no series of their own.
UNNAMED = "unspecified"

# A subject's trailing note in parentheses: a place the claims stage inferred
# ("(in Belarus)"), a currency ("(USD)"), a target.
_NOTE = re.compile(r"\s*\(([^()]*)\)\s*$")
_TOKEN = re.compile(r"[^\W_][\w'’²\-]*|\$|€|£")


def _scope_words(written: Sequence[str], words: _Words) -> list[str]:
    """A scope's words for its key: place names under the gazetteer's spelling, the
    kind of place after a name left out (its name says it), articles left out."""
    out: list[str] = []
    after_name = False
    for w in written:
        lower = w.lower()
        if lower in words.articles or (after_name and lower in words.place_kinds):
            continue
        after_name = w[:1].isupper()
        out.append(_place_name(w, words.theatre) if after_name else lower)
    return out


_GAZETTEER_LOCK = threading.Lock()  # one index read at a time: web requests share it


@functools.cache
def _gazetteer(theatre: Theatre) -> Gazetteer | None:
    try:
        return Gazetteer.open().for_theatre(theatre)
    except (GazetteerError, OSError):
        return None  # no index to read: places stay as written


@functools.lru_cache(maxsize=8192)
def _place_name(word: str, theatre: Theatre) -> str:
    """One place under any spelling, for a series' scope: "Mozyr" and "Mazyr" are
    "mazyr", "Kiev" and "Kyiv" one key (the gazetteer's name, the theatre's places
    first); a word the gazetteer does not know stays as written, lower-cased."""
    with _GAZETTEER_LOCK:
        gazetteer = _gazetteer(theatre)
        found = gazetteer.lookup(word) if gazetteer is not None else []
    if not found:
        return word.lower()
    best = next((c for c in found if c.situation), found[0])
    return best.name.lower()


def series_key(
    subject: str,
    unit: str,
    *,
    lang: LanguagePack | None = None,
    theatre: Theatre | None = None,
) -> SeriesKey | None:
    """The quantity of a claim's subject and unit, or None when it names nothing counted:
    ``series_key("Russian combat troops in Belarus", "troops")`` is Russian (RU) troops in
    Belarus."""
    return quantity_key(subject, unit, _words_for(lang, theatre))


def quantity_key(subject: str, unit: str, words: _Words) -> SeriesKey | None:
    """:func:`series_key` with the words already built (see the module doc)."""
    text = " ".join((subject or "").split())
    notes: list[str] = []
    while m := _NOTE.search(text):
        notes.insert(0, m.group(1).strip())
        text = text[: m.start()]
    if not text or text.casefold() == UNNAMED:
        return None
    measure = ""
    if text.casefold().startswith(words.share_of):
        measure, text = "share", text[len(words.share_of) :]
    implied = ""
    for note in notes:
        first = note.split()[0].lower() if note.split() else ""
        if note in words.currencies or note == words.money_mark:
            measure = note
        elif note == words.target_mark:
            # a target of money keeps its currency: "budget (RUB target)"
            measure = f"{measure} {note}" if measure and measure != "share" else note
        elif first in words.same_scope:
            implied = note
    cut = words.scope.search(text)
    head, scope = (text[: cut.start()], text[cut.start() :].strip()) if cut else (text, "")
    tokens = _TOKEN.findall(head)
    if tokens and tokens[0].lower() in words.times:
        return None  # "seven times more": a ratio, no count
    if len(tokens) > 1 and tokens[0].lower() in words.duration:
        return None  # "a four-day war": a name, no count
    owners: list[str] = []
    owner_texts: list[str] = []
    owner_at = -1  # where the owner stands among the kept words, for the name
    kept: list[str] = []  # the words that say what is counted, as written
    for k, tok in enumerate(tokens):
        bare = re.sub(r"['’]s?$", "", tok)
        code = words.countries.get(country_key(bare)) if bare[:1].isupper() else None
        if code and k < len(tokens) - 1:
            # "Belarusian and Russian troops": both sides, one figure
            if code not in owners:
                owners.append(code)
                owner_texts.append(words.adjectives.get(code, tok))
                owner_at = len(kept) if owner_at < 0 else owner_at
            continue
        if bare.lower() in words.owners and k < len(tokens) - 1:
            if words.owners[bare.lower()] not in owners:
                owners.append(words.owners[bare.lower()])
                owner_texts.append(tok)
                owner_at = len(kept) if owner_at < 0 else owner_at
            continue
        if owners and tok.lower() in words.owner_joiners and not kept:
            continue
        if k < len(tokens) - 1 and tok.lower() in words.fillers:
            continue
        kept.append(tok)
    owner = "+".join(sorted(owners))
    joiner = f" {sorted(words.owner_joiners)[0]} " if words.owner_joiners else " "
    owner_text = joiner.join(owner_texts)
    if kept and kept[-1].lower() in words.death_words and len(kept) > 1:
        kept.pop()  # "2,300 servicemen killed" count the dead servicemen
        unit = "deaths"
    if not kept:
        return None
    noun = kept[-1].lower()
    if measure != "share":
        if (kept[0].lower() in words.area_openers and noun in words.area) or (
            noun in words.area_units
        ):
            measure, kept = "km²", []
        elif noun in words.distance or unit == "km":
            measure, kept = "km", []
        elif noun in words.duration:
            if len(kept) > 1:
                return None  # "a four-day war": a name, no count
            measure, kept = "days", []
    if kept:
        kept[-1] = words.families.get(noun, kept[-1])
        if unit == "deaths" and noun not in words.death_nouns:
            kept.append("killed")  # "441 civilians" killed: the dead, not the living
    elif not scope and not implied:
        return None  # "60 km", "two days": of what cannot be told
    what = " ".join(dict.fromkeys(w.lower() for w in kept))
    place_text = scope or implied
    written = _TOKEN.findall(place_text)  # the scope as the subject writes it, for the name
    place_words = list(written)
    if written and measure not in ("km", "days") and written[0].lower() in words.scope_motion:
        written[0] = words.scope_word  # "sent to Belarus" is named "in Belarus"
    if place_words and measure not in ("km", "days") and place_words[0].lower() in words.same_scope:
        place_words[0] = words.scope_word
    place = " ".join(_scope_words(place_words, words))
    if all(w.lower() in words.scope_only for w in place_words):
        place = ""  # "5 miles away": a scope with no place in it
    if (
        not owner
        and not place
        and measure.split(" ")[0] not in words.currencies
        and (len(kept) <= 1 or unit in _PEOPLE_UNITS)
    ):
        # "30,000 troops", "24 civilians": whose or where cannot be told, and two such
        # figures are seldom one quantity
        return None
    if measure in ("km", "km²", "days"):
        noun_name = {"km": "distance", "km²": "area", "days": "duration"}[measure]
        what, name = noun_name, " ".join([noun_name, *written])
    else:
        at = max(owner_at, 0)
        named = list(dict.fromkeys(kept))
        named = [*named[:at], owner_text, *named[at:]] if owner_text else named
        name = " ".join(x for x in (*named, " ".join(written)) if x)
        if measure == "share":
            name = f"{words.share_of}{name}"
    return SeriesKey(what=what, owner=owner, place=place, measure=measure, name=name)


# Units whose figures count people: a count of people needs a side or a place.
_PEOPLE_UNITS = frozenset({"troops", "soldiers", "people", "deaths", "battalions"})


def scale(claim: Mapping[str, Any], *, lang: LanguagePack | None = None) -> float:
    """What a claim's values are multiplied by to be in its series' measure: miles to km,
    hours and weeks to days, hectares to square km; 1 otherwise."""
    words = _words_for(lang, None)
    key = quantity_key(claim["subject"], claim["unit"], words)
    if key is None:
        return 1.0
    subject = _NOTE.sub("", " ".join(str(claim["subject"]).split()))
    cut = words.scope.search(subject)
    head = (subject[: cut.start()] if cut else subject).split()
    noun = head[-1].lower() if head else ""
    table = {"km": words.distance, "km²": words.area, "days": words.duration}.get(key.measure)
    return table.get(noun, 1.0) if table else 1.0


def series_keys(
    claims: Iterable[Mapping[str, Any]],
    *,
    lang: LanguagePack | None = None,
    theatre: Theatre | None = None,
) -> list[str | None]:
    """The series id (:attr:`SeriesKey.id`) of each claim (``subject`` and ``unit``), None
    for one in no series: what ``extract --json`` gives as ``series``."""
    words = _words_for(lang, theatre)
    out: list[str | None] = []
    for c in claims:
        key = quantity_key(c["subject"], c["unit"], words)
        out.append(key.id if key is not None else None)
    return out


@dataclass(slots=True, kw_only=True)
class Estimate:
    """One claim in a series, with whether it counts as a source of its own."""

    claim: dict[str, Any]  # a row of ``Store.list_claims``
    # the article this claim counts with when it is no source of its own (it recycles
    # it, relays the same outlet, or repeats the same publisher's or speaker's figure)
    echo_of: int | None = None
    backers: int = 0  # independent sources in the series that state this value
    reason: str = ""  # why it is no source of its own ("recycles article 9"); "" if it is

    @property
    def independent(self) -> bool:
        return self.echo_of is None


@dataclass(slots=True, kw_only=True)
class EstimateSeries:
    key: SeriesKey
    estimates: list[Estimate] = field(default_factory=list)
    # distinct independent sources (the person or body, else the outlet), counted once
    # the echoes are marked: readers ask for it often and a series can be long
    sources: int = 0

    @property
    def label(self) -> str:
        return self.key.label


def estimate_series(
    claims: Iterable[dict[str, Any]],
    *,
    relations: Sequence[dict[str, Any]] = (),
    about: str | None = None,
    min_claims: int = 1,
    lang: LanguagePack | None = None,
    theatre: Theatre | None = None,
) -> list[EstimateSeries]:
    """Claims grouped into series, each oldest first; series with most sources first.

    ``claims`` are rows of ``Store.list_claims`` (oldest first); ``relations``
    rows of ``Store.list_relations``; ``about`` keeps the series whose label
    has all its words (case-insensitive, "troops in Belarus"). ``lang`` and
    ``theatre`` give the words subjects are read with (English and the default
    theatre when None).
    """
    words = _words_for(lang, theatre)
    series: dict[SeriesKey, EstimateSeries] = {}
    for row in claims:
        key = quantity_key(row["subject"], row["unit"], words)
        if key is None:
            continue  # nothing counted that can be told: in no series
        series.setdefault(key, EstimateSeries(key=key)).estimates.append(Estimate(claim=row))
    recycles = recycling(relations)
    for s in series.values():
        _judge_series(s, recycles, aliases=source_aliases(theatre or default_theatre()))
    found = [s for s in series.values() if len(s.estimates) >= min_claims]
    found = series_about(found, about)
    return sorted(found, key=lambda s: (-s.sources, -len(s.estimates), s.label))


def series_about(series: Iterable[EstimateSeries], about: str | None) -> list[EstimateSeries]:
    """The series whose label has every word of ``about`` (case-insensitive), in order."""
    words = (about or "").casefold().split()
    return [s for s in series if all(w in s.label.casefold() for w in words)]


# Kinds of theatre entries that name a body that can assert or publish a figure.
_SOURCE_KINDS = ("organisation", "outlet", "agency", "think_tank", "intelligence", "ngo")


@functools.cache
def source_aliases(theatre: Theatre) -> dict[str, str]:
    """Every alias of the theatre's bodies (name key) -> the body's name key ("isw" ->
    "institute for the study of war"), so that one body is one source; the people the
    pack lists as speaking for a body (its ``speakers``: "Jens Stoltenberg" for NATO) map
    to it too, since a head stating the body's estimate is the body stating it."""
    found: dict[str, str] = {}
    for kind in _SOURCE_KINDS:
        for entry in theatre.entries(kind):
            for alias in [*entry.aliases, *entry.get("speakers", ())]:
                found.setdefault(name_key(str(alias)), name_key(entry.name))
    return found


def _judge_series(
    series: EstimateSeries,
    recycles: Mapping[int, Mapping[int, str]],
    *,
    aliases: Mapping[str, str],
) -> None:
    """Each estimate's verdict (``link.independence``), its backers, the series' sources."""
    items = [
        Backing(
            article_id=e.claim["article_id"],
            content=_value(e.claim),
            publisher=e.claim.get("outlet"),
            source=e.claim.get("source"),
            via=e.claim.get("via"),
            forwarded_from=e.claim.get("forwarded_from"),
            published=e.claim.get("published"),
        )
        for e in series.estimates
    ]
    verdicts = judge(items, recycles=recycles, aliases=aliases)
    by_value: dict[tuple[Any, Any, Any], set[str]] = {}
    for e, verdict in zip(series.estimates, verdicts, strict=True):
        e.echo_of, e.reason = verdict.counts_with, verdict.reason
        if verdict.independent:
            by_value.setdefault(_value(e.claim), set()).add(verdict.unit)
    for e in series.estimates:
        e.backers = len(by_value.get(_value(e.claim), ()))
    series.sources = independent_units(items, verdicts)


def _value(claim: dict[str, Any]) -> tuple[Any, Any, Any]:
    return (claim["value"], claim["value_low"], claim["value_high"])
