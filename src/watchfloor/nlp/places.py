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

import math
import re
from collections import Counter
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from watchfloor.nlp.gazetteer import Candidate, Gazetteer, haversine_km, name_key
from watchfloor.records import Mention, PlaceRef

DEFAULT_FOCUS = ("BY", "UA", "RU", "PL", "LT")

# Labels of the mentions find_place_mentions makes. REGION marks a name that the
# text says is a region though it reads as a town ("the Kyiv, Sumy and Chernihiv
# regions"); spaCy never produces it.
LABEL_PLACE = "GPE"
LABEL_REGION = "REGION"
LABEL_BORDER = "LOC"
LABEL_AIRBASE = "FAC"

# ---- what is not a place ----------------------------------------------------------


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Common English words that GeoNames also knows as towns of 15,000 people or more
# (Nice, Reading, Mobile, Most, Split...), and words that stand capitalised in
# reports without being places. Smaller towns are already left out unless the
# article is about their country (see _accept).
STOPWORDS = _wordset(
    """
    a an the of in on at to by for from with and or but as is it its be are was were
    he she we they his her their our you your i me my us them this that these those
    man nice reading mobile most best split bath bar date sale march may june july august
    jan feb mar apr jun jul aug sep sept oct nov dec
    april deal battle ware wells bury enterprise surprise mission hope union liberty
    independence commerce industry providence concord harmony paradise spring temple eagle
    bend normal sandy pleasant marina opportunity progress unity victory peace justice
    freedom welcome mercy vista chance energy power gap bay lake forest golden green
    central federal republic imperial liberal superior summit sunrise sunset university
    police metro midway mentor mine mint moss much pace pearl peer pen plantation posse
    prosper revere rich rugby salt same savage say semi sterling tank terrace time tire
    torrent tours uptown van walnut wedding young alliance along anthem apex annex archway
    bake bear bell billings boom bow brick buy butterfly clay commonwealth confederation
    crystal defiance delta dome fate fleet flint fountain gay hale hem highland holiday
    hook horn hub humble hurricane jam male manage mango marks mascot officer oral orange
    overland paramount parole plaque plum plunge pop pout reservoir retreat rouge seaside
    shaping simmering warder zion home office state city county town village capital
    north south east west northern southern eastern western centre center middle
    president minister ministry defence defense security council army navy forces force
    general colonel governor mayor king queen prince lord sir mr mrs ms dr saint st
    monday tuesday wednesday thursday friday saturday sunday january february september
    october november december today news post times daily herald press review journal
    telegram twitter facebook google apple amazon reuters xinhua interfax tass belta ria
    ukrinform log login sign read view join exit subscribe share follow more baltic
    said says new old great grand big little high low upper lower
    """
)

# Given names that are also towns: at the start of a run of capitalised words
# ("Vladimir Putin", "Alexander Lukashenko") they begin a person's name.
GIVEN_NAMES = _wordset(
    """
    alexander alexandra vladimir victoria florence sofia charlotte elizabeth austin madison
    jackson lincoln george paris chester eugene orlando lafayette marion clinton douglas
    adrian adam anna arnold brad bryan david donna gilbert graham harvey howard kennedy
    logan lucas martin mary nancy sidney stanley stella teresa tracy tyler wayne whitney
    regina lindsay ramona sue dmitry sergei sergey viktor victor alexei aleksandr andrei
    mikhail pavel boris ivan igor oleg yuri olga irina natalia tatiana maria marina vera
    norma hanna jens joe joseph john james william henry richard robert charles thomas
    """
)

# Words that make a run of capitalised words a person's name when they precede it.
TITLES = _wordset(
    """
    president minister premier chancellor governor mayor senator sen rep representative
    general gen colonel col lieutenant lt major maj captain capt sergeant admiral marshal
    mr mrs ms dr prof professor king queen prince princess sir lord lady pope bishop
    father saint st secretary spokesman spokeswoman ambassador commander chief judge
    """
)

# Words after a town's name that make the run an organisation or a feature named
# after the town ("Minsk Tractor Works", "Kyiv Post", "Boston University").
ORG_WORDS = _wordset(
    """
    times post herald tribune journal daily news gazette press review telegraph
    university college institute school academy hospital museum centre center
    council committee ministry government administration police court office
    agreement agreements accord accords protocol format declaration summit talks process
    airport station port harbour harbor bridge street road avenue square park zoo stadium
    river lake sea bay mountains mountain hills valley
    club fc united city county region oblast province district
    group company bank exchange works factory plant corporation
    """
)

# Words before a name that are part of where it is ("Western Ukraine", "Greater London").
DIRECTIONS = _wordset(
    """
    north south east west northern southern eastern western central greater upper lower
    northeastern northwestern southeastern southwestern occupied
    """
)

_REGION_WORDS = {
    "region",
    "regions",
    "oblast",
    "oblasts",
    "voblast",
    "voblasts",
    "province",
    "provinces",
    "krai",
    "governorate",
}
_AIRBASE_WORDS = {"airbase", "airfield", "airport"}
_BORDER_WORDS = {"border", "borders", "frontier"}

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
    focus_countries: Sequence[str] = DEFAULT_FOCUS,
    adjectival_borders: bool = False,
) -> list[Mention]:
    """Place-name mentions in ``text_lines`` (line 1 is ``text_lines[0]``).

    ``lines`` limits the search to those line numbers (the body and title; the
    gold leaves teasers and navigation out). ``adjectival_borders`` also reports
    "the Ukrainian border" as a border (the gold does not count adjectives).
    """
    numbered = [(n, text) for n, text in enumerate(text_lines, 1) if lines is None or n in lines]
    tokenised = [(n, text, _tokens(text)) for n, text in numbered]
    # Words the article writes in lower case are common words, not names, when
    # they stand capitalised at the start of a sentence ("Most agree...").
    lower_words = {t.key for _, _, toks in tokenised for t in toks if not t.cap and not t.upper}
    spans: list[tuple[_Span, list[_Token], bool]] = []
    for n, text, toks in tokenised:
        headline = _headline(toks)
        for span in _line_spans(n, text, toks, gazetteer, adjectival_borders):
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
    blocked = _person_words(tokenised, gazetteer)
    out: list[Mention] = []
    for span, toks, headline in spans:
        if _accept(span, toks, headline, context, lower_words, blocked):
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
    n: int, text: str, toks: list[_Token], gazetteer: Gazetteer, adjectival_borders: bool
) -> list[_Span]:
    """Longest gazetteer matches in one line, left to right, with borders and
    region designators attached."""
    spans: list[_Span] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if not t.cap or not t.key or t.key == "the":
            i += 1
            continue
        border = _border_at(n, text, toks, i, gazetteer, adjectival_borders)
        if border is not None:
            spans.append(border)
            i = border.last + 1
            continue
        match = _longest_match(text, toks, i, gazetteer)
        if match is None:
            i += 1
            continue
        last, candidates = match
        span = _Span(n, i, last, t.start, toks[last].end, candidates)
        nxt = toks[last + 1] if last + 1 < len(toks) else None
        if nxt is not None and _joined(text, toks[last], nxt):
            if nxt.key in _REGION_WORDS:
                span.kind, span.label = "region", LABEL_REGION
                span.last, span.end = last + 1, nxt.end
                if nxt.key.endswith("s"):  # "the Kyiv, Sumy and Chernihiv regions"
                    _mark_listed_regions(text, spans, span.start)
            elif nxt.key in _AIRBASE_WORDS or (
                nxt.key == "air" and last + 2 < len(toks) and toks[last + 2].key == "base"
            ):
                found = gazetteer.lookup(text[t.start : nxt.end])
                if not found and nxt.key == "air":
                    found = gazetteer.lookup(text[t.start : toks[last + 2].end])
                if any(c.feature == "airbase" for c in found):
                    span.kind, span.label = "airbase", LABEL_AIRBASE
                    span.candidates = found
                    span.last = last + (2 if nxt.key == "air" else 1)
                    span.end = toks[span.last].end
        spans.append(span)
        i = span.last + 1
    return spans


def _joined(text: str, a: _Token, b: _Token) -> bool:
    gap = text[a.end : b.start]
    if gap == ". ":  # only after abbreviations: St. Petersburg
        return a.key in ("st", "ft", "mt")
    return bool(_JOIN.match(gap))


def _longest_match(
    text: str, toks: list[_Token], i: int, gazetteer: Gazetteer
) -> tuple[int, list[Candidate]] | None:
    longest = min(gazetteer.longest_name(toks[i].key.split()[0]) + 2, 7, len(toks) - i)
    for size in range(longest, 0, -1):
        last = i + size - 1
        if any(not _joined(text, toks[k], toks[k + 1]) for k in range(i, last)):
            continue
        found = gazetteer.lookup(text[toks[i].start : toks[last].end])
        # Names end in a capitalised word ("Rio de Janeiro", not "Rio de"), except
        # regions written with a common noun ("the Baltic states", "Kyiv region").
        if found and (toks[last].cap or any(c.feature != "city" for c in found)):
            return last, found
    return None


def _border_at(
    n: int, text: str, toks: list[_Token], i: int, gazetteer: Gazetteer, adjectival: bool
) -> _Span | None:
    """ "Belarus-Ukraine border", "the Russia–Belarus frontier"; with
    ``adjectival``, "the Ukrainian border" too."""
    a = toks[i]
    if (
        i + 2 < len(toks)
        and text[a.end : toks[i + 1].start] in ("-", "–", "—", "/")
        and toks[i + 1].cap
        and toks[i + 2].key in _BORDER_WORDS
        and text[toks[i + 1].end : toks[i + 2].start] == " "
        and _country_code(a.text, gazetteer)
        and _country_code(toks[i + 1].text, gazetteer)
    ):
        return _Span(n, i, i + 2, a.start, toks[i + 2].end, [], label=LABEL_BORDER, kind="border")
    if (
        adjectival
        and i + 1 < len(toks)
        and toks[i + 1].key in _BORDER_WORDS
        and gazetteer.demonym_country(a.text)
    ):
        return _Span(n, i, i + 1, a.start, toks[i + 1].end, [], label=LABEL_BORDER, kind="border")
    return None


def _mark_listed_regions(text: str, spans: list[_Span], start: int) -> None:
    """Earlier names joined by commas and "and" to a name with a plural "regions"
    (which starts at ``start``) are regions too."""
    following = start
    for span in reversed(spans):
        if text[span.end : following] not in (", ", " and ", ", and ", " or ", " & "):
            break
        span.kind, span.label = "region", LABEL_REGION
        following = span.start


def _person_words(tokenised: list[tuple[int, str, list[_Token]]], gazetteer: Gazetteer) -> set[str]:
    """Surnames: the last word of each "Given Surname" or "Title Surname" run, so
    that a later "Costello said" is no town either."""
    out: set[str] = set()
    for _, text, toks in tokenised:
        if _headline(toks):
            continue
        for run in _runs(text, toks):
            words = [toks[k] for k in run]
            if len(words) < 2:
                continue
            first = words[0].key
            if first in GIVEN_NAMES or first in TITLES or not gazetteer.has_key(first):
                last = words[-1].key
                if not any(c.feature == "country" for c in gazetteer.lookup_key(last)):
                    out.add(last)
    return out


def _runs(text: str, toks: list[_Token]) -> list[list[int]]:
    """Runs of capitalised words joined by single spaces or hyphens."""
    runs: list[list[int]] = []
    for k, t in enumerate(toks):
        if not t.cap:
            continue
        if runs and runs[-1][-1] == k - 1 and _joined(text, toks[k - 1], t):
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
    if single and key in STOPWORDS and not is_country:
        return False
    if single and key in blocked and not is_country:
        return False
    if "airbase" in features:
        return True  # the airbase table holds only names reports use for airfields
    run_first, run_last = _run_of_tokens(toks, span)
    if not is_country and (run_first, run_last) != (span.first, span.last):
        before = [toks[k].key for k in range(run_first, span.first)]
        after = [toks[k].key for k in range(span.last + 1, run_last + 1)]
        before = [w for w in before if w not in DIRECTIONS]
        # A person's name, in a headline too: "President Biden", "Vladimir Putin".
        if before and (before[-1] in TITLES or before[-1] in GIVEN_NAMES):
            return False
        if span.first == run_first and key in GIVEN_NAMES and after:
            return False
        if not headline and not (named_region or own_region):
            if before:
                return False  # "Norma Costello", "Foreign Minister Lavrov"
            if after and not all(w in ORG_WORDS for w in after):
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

_BORDER_PAIR = re.compile(
    r"^(?:the\s+)?(?P<a>[^\W\d_][\w'’ .]*?)\s*[-–—/]\s*(?P<b>[^\W\d_][\w'’ .]*?)\s+"
    r"(?:border|borders|frontier)$",
    re.I,
)
_BORDER_BETWEEN = re.compile(r"^(?:the\s+)?border\s+between\s+(?P<a>.+?)\s+and\s+(?P<b>.+)$", re.I)
_BORDER_ONE = re.compile(
    r"^(?:the\s+)?(?P<a>[^\W\d_][\w'’ .]*?)(?:['’]s?)?\s+(?:\w+\s+)?(?:border|borders|frontier)$",
    re.I,
)
_REGION_SUFFIX = re.compile(
    r"^(?:the\s+)?(?P<name>.+?)\s+(?:region|regions|oblast|oblasts|voblast|voblasts|"
    r"province|provinces|krai|governorate)$",
    re.I,
)


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
    focus_countries: Sequence[str] = DEFAULT_FOCUS,
    keep_unresolved: bool = False,
) -> list[PlaceRef]:
    """One place for each mention, chosen with the article's other places in mind.

    A candidate scores for its population (log scale), for being a country (a bare
    country name means the country), for lying in a country the article names or
    near a place it names, and for lying in one of ``focus_countries``; the two
    passes let unambiguous mentions ("Minsk", "Vitebsk") settle ambiguous ones
    ("Brest"). Mentions no place answers to are dropped, or kept with no
    coordinates with ``keep_unresolved``.
    """
    pending = [_candidates(m, gazetteer) for m in mentions]
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


def _candidates(m: Mention, gazetteer: Gazetteer) -> _Pending:
    text = re.sub(r"['’]s\b", "", m.text.strip())  # Kyiv's region -> Kyiv region
    if name_key(text) in _BORDER_WORDS | _REGION_WORDS:
        return _Pending(m, [])  # "the border", "the region": no place by themselves
    pair = _BORDER_PAIR.match(text) or _BORDER_BETWEEN.match(text)
    if pair:
        codes = [
            _country_code(pair.group("a"), gazetteer),
            _country_code(pair.group("b"), gazetteer),
        ]
        if all(codes):
            return _Pending(m, [], kind="border", border=tuple(c for c in codes if c))
    one = _BORDER_ONE.match(text)
    if one:
        code = _country_code(one.group("a"), gazetteer)
        if code:
            return _Pending(m, [], kind="border", border=(code,))
    found = gazetteer.lookup(text)
    region = _REGION_SUFFIX.match(text)
    if m.label == LABEL_REGION or region:
        name = region.group("name") if region else text
        found = [c for c in found if c.feature == "region"] or _regions_of(name, gazetteer)
    if not found:
        stripped = _POSSESSIVE.sub("", re.sub(r"^the\s+", "", text, flags=re.I))
        found = gazetteer.lookup(stripped)
    # An adjective handed over by a tagger ("French", "Canadian") means its country
    # more often than a town of that name (Canadian, Texas).
    place = gazetteer.adjective_place(text)
    if place is not None and place not in found:
        found = [*found, place]
    return _Pending(m, found, capitals={c for c in found if gazetteer.is_capital(c)})


def _regions_of(name: str, gazetteer: Gazetteer) -> list[Candidate]:
    """The regions a name with "region" after it can mean: a region of that name
    (Donbas), else the first-level regions of the towns of that name."""
    found = gazetteer.lookup(name)
    regions = [c for c in found if c.feature == "region"]
    if regions:
        return regions
    for word in ("region", "oblast"):
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


# ---- output ------------------------------------------------------------------------


def place_json(place: PlaceRef) -> dict[str, Any]:
    """A place in the gold files' form (``../shared/gold/SCHEMA.md``)."""
    return {
        "mention": place.mention.text,
        "line": place.mention.line,
        "canonical": place.canonical,
        "country": place.country,
        "feature": place.feature,
        "lat": None if place.lat is None else round(place.lat, 4),
        "lon": None if place.lon is None else round(place.lon, 4),
        "geonames_id": place.geonames_id,
    }


@dataclass(slots=True, kw_only=True)
class PlaceSummary:
    """One place with every mention of it: a row of ``watchfloor places``."""

    canonical: str
    country: str | None
    feature: str
    lat: float | None
    lon: float | None
    geonames_id: int | None
    mentions: int
    spellings: list[str]
    docs: list[str]


def summarise_places(places: Iterable[tuple[str, PlaceRef]]) -> list[PlaceSummary]:
    """Places across articles (``(doc, place)`` pairs), most mentioned first."""
    by_place: dict[tuple[Any, ...], PlaceSummary] = {}
    # first-seen order kept in dicts: a place named in thousands of articles made
    # list membership tests quadratic
    spellings: dict[tuple[Any, ...], dict[str, None]] = {}
    docs: dict[tuple[Any, ...], dict[str, None]] = {}
    for doc, p in places:
        key = (p.geonames_id, p.canonical, p.country, p.feature)
        s = by_place.get(key)
        if s is None:
            s = by_place[key] = PlaceSummary(
                canonical=p.canonical,
                country=p.country,
                feature=p.feature,
                lat=p.lat,
                lon=p.lon,
                geonames_id=p.geonames_id,
                mentions=0,
                spellings=[],
                docs=[],
            )
            spellings[key], docs[key] = {}, {}
        s.mentions += 1
        spellings[key][p.mention.text] = None
        docs[key][doc] = None
    for key, s in by_place.items():
        s.spellings, s.docs = list(spellings[key]), list(docs[key])
    return sorted(by_place.values(), key=lambda s: (-s.mentions, s.canonical))


def places_geojson(summaries: Iterable[PlaceSummary]) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of the places that have coordinates."""
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(s.lon, 5), round(s.lat, 5)]},
            "properties": {
                "name": s.canonical,
                "country": s.country,
                "feature": s.feature,
                "geonames_id": s.geonames_id,
                "mentions": s.mentions,
                "spellings": s.spellings,
                "docs": s.docs,
            },
        }
        for s in summaries
        if s.lat is not None and s.lon is not None
    ]
    return {"type": "FeatureCollection", "features": features}
