"""Quantities: numbers as reports write them, their hedges, and what they count.

Place in the flow: used by ``nlp.claims`` (every figure a report states) on body
sentences; no model, no I/O. Every word comes from the language pack's
``quantities`` section (``lang/<code>/quantities.toml``); the grammar below only
says how the pack's words combine, built once per pack:

1. a number: digits with the pack's digit groups and decimal mark ("30,000", "2.5"),
   number words ("two", "twenty-five"), either with scale words ("2.5 million", "five
   thousand") or a counting group ("a dozen");
2. a figure (``numbers``): a share ("eight out of 10" -> 0.8), a percentage ("30%" ->
   0.3), a range ("40-50", "between 10,000 and 15,000", "six or seven"), a vague
   amount at its least ("thousands" -> 2000, "tens of thousands", "several"), or a
   single number; numbers glued to letters ("MiG-31K", "S-400") are designations,
   except the pack's units ("30km", "40-km");
3. a hedge before it (``hedge_before``): "more than" makes the value a low bound,
   "up to" a high bound, "about" an approximation; modal words in the clause
   ("likely", "estimated": ``has_modal``) make it an estimate;
4. what it counts (``counted``): the noun phrase after it, its head mapped to one of
   the pack's units ("Russian soldiers" -> soldiers).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache

from watchfloor.lang import LanguagePack, alternation, load_language

__all__ = [
    "Hedge",
    "Number",
    "counted",
    "has_modal",
    "hedge_after",
    "hedge_before",
    "is_year",
    "numbers",
    "sign_before",
]


@dataclass(slots=True)
class Number:
    """A figure in a text: its span, value (or bounds) and how it is written."""

    start: int
    end: int
    value: float | None
    low: float | None
    high: float | None
    hedged: bool  # a vague amount is an estimate in itself
    kind: str  # single | range | vague | share | pct
    first_word: str  # lower-cased, how the figure begins ("one", "several", "30")


@dataclass(frozen=True, slots=True)
class Hedge:
    """An approximator right before a number: where it starts, and what it makes of the
    value: ``low`` (at least), ``high`` (at most) or ``about``."""

    start: int
    kind: str


_YEAR = re.compile(r"^(?:1[89]\d\d|20\d\d)$")


def is_year(text: str) -> bool:
    """Whether ``text`` (digits) reads as a year of modern history."""
    return bool(_YEAR.match(text))


def numbers(
    text: str, lo: int = 0, hi: int | None = None, *, lang: LanguagePack | None = None
) -> Iterator[Number]:
    """The figures in ``text[lo:hi]``, in order (see the module doc)."""
    g = _grammar(lang or load_language("en"))
    hi = len(text) if hi is None else hi
    for m in g.number.finditer(text, lo, hi):
        start, end = m.start(), m.end()
        glued_before = start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-–/.#")
        if glued_before and not (text[start - 1] == "-" and start == 1):
            continue
        glued_after = end < len(text) and text[end].isalpha() and not text[end - 1].isspace()
        if glued_after and not g.glued_units.match(text, end):
            continue
        hyphen_after = end + 1 < len(text) and text[end] in "-/" and text[end + 1].isalnum()
        if hyphen_after and not g.hyphen_units.match(text, end + 1):
            continue  # "MiG-31K", "2-1", "24/7"
        first = m.group(0).split()[0].lower()
        value = low = high = None
        kind = "single"
        if m.group("share"):
            a, b = g.value(m.group("sa")), g.value(m.group("sb"))
            if a is None or not b:
                continue
            value, kind = round(a / b, 4), "share"
        elif m.group("pct"):
            v = g.value(m.group("pv"))
            if v is None:
                continue
            value, kind = round(v / 100, 4), "pct"
        elif m.group("range"):
            a, b = g.value(m.group("ra")), g.value(m.group("rb"))
            if a is None or b is None:
                continue
            rb_first = g.value(m.group("rb").split()[0])
            if (
                g.scale.search(m.group("rb"))
                and not g.scale.search(m.group("ra"))
                and rb_first
                and a < rb_first
            ):
                # "10 to 15 thousand", "от 10 до 15 тысяч": the scale belongs to both ends
                a *= b / rb_first
            if not a < b or (is_year(m.group("ra")) and is_year(m.group("rb"))):
                continue
            if g.is_list(m.group(0)):
                continue  # "two and three" is a list, not a range
            low, high, kind = a, b, "range"
        elif m.group("vague"):
            low, kind = g.vague_low(m.group("vague")), "vague"
        else:
            value = g.value(m.group("single"))
            if value is None:
                continue
        yield Number(start, end, value, low, high, kind == "vague", kind, first)


def hedge_before(
    text: str, at: int, *, lo: int = 0, reach: int = 30, lang: LanguagePack | None = None
) -> Hedge | None:
    """The approximator ending right before ``at`` ("more than 25,000"), looking back at
    most ``reach`` characters and not before ``lo``."""
    g = _grammar(lang or load_language("en"))
    start = max(lo, at - reach)
    h = g.hedge.search(text, start, at)
    if h is None:
        return None
    return Hedge(h.start("h"), g.hedge_kinds[" ".join(h.group("h").lower().split())])


@cache
def _signs(pack: LanguagePack) -> str:
    """A regex of a sign written right before a figure ("$", "US$ "); never matches when the
    pack lists none (``quantities.signs``)."""
    signs = [str(x) for x in pack.mapping("quantities.signs").get("currency", ())]
    if not signs:
        return r"(?!)"
    escaped = sorted((re.escape(x) for x in signs), key=len, reverse=True)
    return rf"(?:{'|'.join(escaped)})\s?"


@cache
def _sign_before(pack: LanguagePack) -> re.Pattern[str]:
    return re.compile(rf"(?:^|(?<=[\s(]))(?:{_signs(pack)})$")


def sign_before(text: str, at: int, *, lang: LanguagePack | None = None) -> int:
    """Where a sign right before the figure at ``at`` begins ("$46,800"), else ``at``."""
    m = _sign_before(lang or load_language("en")).search(text[max(0, at - 5) : at])
    return at - len(m.group(0)) if m else at


def hedge_after(text: str, at: int, hi: int, *, lang: LanguagePack | None = None) -> bool:
    """Whether a hedge follows the figure whose counted phrase ends at ``at`` ("5,000 men,
    maybe a bit more"), read up to ``hi``."""
    return bool(_hedge_after(lang or load_language("en")).match(text, at, hi))


@cache
def _hedge_after(pack: LanguagePack) -> re.Pattern[str]:
    words = pack.mapping("quantities.hedges_after").get("words", ())
    if not words:
        return re.compile(r"(?!)")
    return re.compile(rf"\s*,?\s*(?:{alternation(words)})\b", re.I)


def has_modal(text: str, *, lang: LanguagePack | None = None) -> bool:
    """Whether ``text`` (a clause) has a word that makes its figure an estimate."""
    return bool((lang or load_language("en")).regex("quantities.modal").search(text))


def counted(
    text: str, at: int, hi: int, *, lang: LanguagePack | None = None
) -> tuple[str, tuple[int, int] | None]:
    """The unit and the noun phrase (its span) that the number ending at ``at`` counts,
    read up to ``hi``: ("soldiers", span of "Russian soldiers"), ("other", None)."""
    pack = lang or load_language("en")
    g = _grammar(pack)
    stops = pack.lower_words("quantities.phrase_stops")
    not_verbs = pack.lower_words("quantities.not_verbs")
    verb_endings = tuple(pack.words("quantities.verb_endings"))
    adverb_endings = tuple(pack.words("quantities.adverb_endings"))
    openers = pack.lower_words("quantities.phrase_openers")
    of = pack.lower_words("quantities.of")
    times = pack.lower_words("quantities.times")
    words = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text, at, min(hi, len(text)))]
    # stop at punctuation between words: the phrase is contiguous
    taken: list[tuple[int, int, str]] = []
    cursor = at
    skipped_of = False
    for k, (s, e, w) in enumerate(words):
        gap = text[cursor:s]
        if gap.strip(" \xa0") and not (gap.strip() == "-" and not taken):
            break
        lw = w.lower().strip("'’")
        if not taken and not skipped_of and (lw in openers or lw in times):
            if lw in times:
                return "other", (s, e)  # "seven times more"
            skipped_of = lw in of
            cursor = e
            continue
        if lw in stops or (lw.endswith(adverb_endings) and lw not in not_verbs):
            break
        if lw.endswith(verb_endings) and lw not in not_verbs and lw not in g.unit_of:
            nxt = words[k + 1][2].lower() if k + 1 < len(words) else ""
            if not nxt or nxt in stops or nxt.endswith(verb_endings):
                break
            if text[e : words[k + 1][0]].strip():
                break
        taken.append((s, e, w))
        cursor = e
        if len(taken) >= 6:
            break
    if not taken:
        return "other", None
    last = taken[-1][2]
    head = last.lower().rstrip("'’s") if last.endswith(("'", "’")) else last.lower()
    unit = g.unit_of.get(head)
    if unit is None:
        # the phrase ran on into a verb ("soldiers took part"): the last plural unit noun
        plural = tuple(pack.words("quantities.plural_endings"))
        for k in range(len(taken) - 2, -1, -1):
            w = taken[k][2].lower()
            if w in g.unit_of and w.endswith(plural):
                taken = taken[: k + 1]
                unit = g.unit_of[w]
                break
    if unit is None:
        # "km" then a noun: "40 km stretch"; "fighter jets": the first unit word counts
        for _, _, w in taken:
            if g.unit_of.get(w.lower()) in ("km", "jets"):
                unit = g.unit_of[w.lower()]
                break
    if head in pack.lower_words("quantities.time_units"):
        unit = "other"
    return unit or "other", (taken[0][0], taken[-1][1])


# A word of running text in any alphabet.
_WORD = re.compile(r"[^\W\d_][\w'’\-]*")


# ---- the grammar of one pack -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Grammar:
    number: re.Pattern[str]
    hedge: re.Pattern[str]
    hedge_kinds: Mapping[str, str]
    scale: re.Pattern[str]
    glued_units: re.Pattern[str]
    hyphen_units: re.Pattern[str]
    lists: tuple[tuple[re.Pattern[str], str], ...]  # (joiner, the opener that makes a range)
    values: Mapping[str, float]  # number words
    multipliers: Mapping[str, float]  # scales, abbreviations, groups
    indefinite: frozenset[str]
    separators: tuple[str, ...]
    decimals: tuple[str, ...]
    vague: Mapping[str, float]
    vague_heads: Mapping[str, float]
    plural_scales: Mapping[str, float]
    of: frozenset[str]
    few: Mapping[str, float]
    unit_of: Mapping[str, str]

    def value(self, text: str) -> float | None:
        """The value of a number in digits, words, or both ("2.5 million", "five thousand")."""
        text = text.lower()
        for sep in self.separators:
            # only between digit groups: a space separator ("30 000") also parts words
            text = re.sub(rf"(?<=\d){re.escape(sep)}(?=\d{{3}}(?!\d))", "", text)
        for mark in self.decimals:
            text = re.sub(rf"(?<=\d){re.escape(mark)}(?=\d)", ".", text)
        words = text.replace("-", " ").split()
        total = current = 0.0
        seen = False
        for w in words:
            if w in self.indefinite:
                current = current or 1
                seen = True
            elif _DECIMAL.fullmatch(w):
                current += float(w)
                seen = True
            elif w in self.values:
                current += self.values[w]
                seen = True
            elif w in self.multipliers:
                scale = self.multipliers[w]
                current = (current or 1) * scale
                if scale >= 1000:
                    total += current
                    current = 0.0
            else:
                return None
        return total + current if seen else None

    def vague_low(self, text: str) -> float:
        """The least a vague amount means: "thousands" 2000, "tens of thousands" 20,000."""
        words = text.lower().split()
        phrase = " ".join(words)
        if phrase in self.vague:
            return self.vague[phrase]
        if len(words) >= 3 and words[1] in self.of:
            return self.vague_heads[words[0]] * self.plural_scales[words[2]]
        if len(words) == 2 and words[0] in self.vague_heads and words[1] in self.plural_scales:
            return self.vague_heads[words[0]] * self.plural_scales[words[1]]
        for few, least in self.few.items():
            if phrase.startswith(few + " "):
                return least * self.multipliers.get(words[-1], 1)
        return self.vague.get(words[0], 0.0)

    def is_list(self, text: str) -> bool:
        lowered = text.lower()
        return any(j.search(text) and not lowered.startswith(o) for j, o in self.lists)


_DECIMAL = re.compile(r"\d+(?:\.\d+)?")


def _numbers_of(table: Mapping[str, object]) -> dict[str, float]:
    return {str(k).lower(): float(v) for k, v in table.items()}  # type: ignore[arg-type]


def _bounded(words: object) -> str:
    """An alternation of ``words`` that ends at a word boundary after a word character and
    anywhere after a sign ("%")."""
    return rf"(?:{alternation(words)})(?:(?<=\W)|\b)"  # type: ignore[arg-type]


@cache
def _grammar(pack: LanguagePack) -> _Grammar:
    q = "quantities."
    ones = _numbers_of(pack.mapping(q + "ones"))
    tens = _numbers_of(pack.mapping(q + "tens"))
    scales = _numbers_of(pack.mapping(q + "scales"))
    abbreviations = _numbers_of(pack.mapping(q + "scale_abbreviations"))
    groups = _numbers_of(pack.mapping(q + "groups"))
    separators = tuple(pack.get(q + "thousands_separators", ()))
    decimals = tuple(pack.get(q + "decimal_marks", ()))

    sep, dec = alternation(separators), alternation(decimals)
    digits = rf"(?:\d{{1,3}}(?:(?:{sep})\d{{3}})+(?:(?:{dec})\d+)?|\d+(?:(?:{dec})\d+)?)"
    small = [w for w, v in ones.items() if 1 <= v <= 9]
    words = rf"(?:(?:{alternation(tens)})(?:[-\s](?:{alternation(small)}))?|{alternation(ones)})"
    scale = rf"(?:{alternation(scales)})\b"
    one_digits = rf"{digits}(?:\s+{scale}|\s*(?:{alternation(abbreviations)})\b)?"
    one = rf"(?:{digits}|{words}\b)(?:\s+{scale})*"
    indefinite = alternation(pack.get(q + "indefinite", ()))
    num = rf"(?:{one_digits}|{one}|\b(?:{indefinite})\s+(?:{alternation([*scales, *groups])})\b)"
    p = pack.pattern
    # "tens of thousands"; a language without the "of" ("десятки тысяч") lists none
    of_ = rf"(?:{p(q + 'of')})\s+" if pack.get(q + "of") else ""
    number = re.compile(
        rf"(?P<share>(?P<sa>{num})\s+(?:{p(q + 'share_joiners')})\s+(?P<sb>{num})"
        r"(?=\s+[^\W\d_]))"
        rf"|(?P<pct>(?P<pv>{digits})\s*{_bounded(pack.get(q + 'percent', ()))})"
        rf"|(?P<range>(?:\b(?:{p(q + 'range_openers')})\s+)?(?P<ra>{num})"
        rf"\s*(?:-|–|—|\s+(?:{p(q + 'range_joiners')})\s+)\s*(?P<rb>{num}))"
        rf"|(?P<vague>(?:(?:{alternation(pack.mapping(q + 'vague_heads'))})\s+"
        rf"{of_}(?:{alternation(pack.mapping(q + 'plural_scales'))}))"
        rf"|(?:\b(?:{alternation(pack.mapping(q + 'few'))})\s+"
        rf"(?:{alternation([*scales, *groups])})\b)"
        rf"|(?:\b(?:{alternation(pack.mapping(q + 'vague'))})\b))"
        rf"|(?P<single>{num})",
        re.I,
    )
    kinds = {
        " ".join(phrase.lower().split()): kind
        for kind, phrases in pack.mapping(q + "hedges").items()
        for phrase in phrases
    }
    # a currency sign may stand between the hedge and the number ("about $46,800")
    hedge = re.compile(rf"(?:^|(?<=\W))(?P<h>{alternation(kinds)})\s+(?:{_signs(pack)})?$", re.I)
    unit_of = {
        word.lower(): unit for unit, nouns in pack.mapping(q + "units").items() for word in nouns
    }
    return _Grammar(
        number=number,
        hedge=hedge,
        hedge_kinds=kinds,
        scale=re.compile(rf"\b{scale}", re.I),
        glued_units=re.compile(rf"(?:{p(q + 'glued_units')})\b", re.I),
        hyphen_units=re.compile(rf"(?:{p(q + 'hyphen_units')})", re.I),
        lists=tuple(
            (re.compile(rf"\s(?:{re.escape(joiner)})\s", re.I), str(opener).lower())
            for joiner, opener in pack.mapping(q + "list_joiners").items()
        ),
        values={**ones, **tens},
        multipliers={**scales, **abbreviations, **groups},
        indefinite=pack.lower_words(q + "indefinite"),
        separators=separators,
        decimals=decimals,
        vague=_numbers_of(pack.mapping(q + "vague")),
        vague_heads=_numbers_of(pack.mapping(q + "vague_heads")),
        plural_scales=_numbers_of(pack.mapping(q + "plural_scales")),
        of=pack.lower_words(q + "of"),
        few=_numbers_of(pack.mapping(q + "few")),
        unit_of=unit_of,
    )
