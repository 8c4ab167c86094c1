"""Cyrillic names in Latin letters, and one key for a name in either script.

Two things the stages and the queries need:

- ``to_latin("Хренин") == "Khrenin"``: a Cyrillic name as English news writes it, for
  a canonical name when the theatre does not know the person. Russian follows the
  BGN/PCGN style without diacritics, with the news habits for -ий/-ей (Dmitry,
  Sergei); Ukrainian the official 2010 table (Kyiv, Kharkiv, Oleksii); Belarusian the
  2000/BGN style news uses for Belarusian names (Sviatlana Tsikhanouskaya, Aliaksandr
  Lukashenka, Homiel).
- ``match_key(name)``: a script-free key that Лукашенко, Лукашэнка, Lukashenka and
  Lukashenko share, as do Хренин and Khrenin, Мінск and Minsk: for search and for
  matching a name across scripts, never for display.

Hand-written on purpose: of the packages on the index, ``iuliia`` reads Russian only,
``cyrtranslit`` writes scholarly letters (č, š, ž) where news writes ch, sh, zh, and
``unidecode``/``anyascii`` map letter by letter without a language's position rules
(Ukrainian є is ye at a word's start and ie inside it). Three small tables do it.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Letters each language writes one way wherever they stand.
_COMMON = {
    "а": "a",
    "б": "b",
    "в": "v",
    "д": "d",
    "ж": "zh",
    "з": "z",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ь": "",
    "ъ": "",
    "'": "",
    "’": "",
    "ʼ": "",
}
_TABLES: dict[str, dict[str, str]] = {
    "ru": {**_COMMON, "г": "g", "е": "e", "ё": "yo", "и": "i", "й": "y", "ы": "y", "э": "e"},
    "uk": {**_COMMON, "г": "h", "ґ": "g", "е": "e", "є": "ie", "и": "y", "і": "i", "ї": "i"},
    "be": {**_COMMON, "г": "h", "ґ": "g", "е": "ie", "ё": "io", "і": "i", "ы": "y", "ў": "u"},
}
_TABLES["uk"].update({"й": "i", "ю": "iu", "я": "ia"})
_TABLES["be"].update({"й": "i", "ю": "iu", "я": "ia", "э": "e"})
_TABLES["ru"].update({"ю": "yu", "я": "ya"})
# Iotated vowels at a word's start, and in Russian and Belarusian after a vowel or a
# soft/hard sign too, are written with y: Yevgeny, Yaroslav, Podyachev; the Ukrainian
# table writes y at a word's start only (Yizhakevych, but Kyiv, Yuliia, Oleksii).
_INITIAL: dict[str, dict[str, str]] = {
    "ru": {"е": "ye", "ё": "yo", "ю": "yu", "я": "ya"},
    "uk": {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"},
    "be": {"е": "ye", "ё": "yo", "ю": "yu", "я": "ya", "й": "y"},
}
# A letter a language does not have (и in a Belarusian-labelled text) is read as the
# language that has it.
_ANY = {**_TABLES["be"], **_TABLES["uk"], **_TABLES["ru"]}
_VOWELS = frozenset("аеёиіїоуыэюяєў")
_SEPARATORS = frozenset("ьъ'’ʼ")
_AFTER_IOTATED = _VOWELS | _SEPARATORS
# Russian endings news writes its own way: Dmitry, Yury, Gorky (not -iy, -yy);
# Sergei, Andrei, Nikolai (й after a vowel is i).
_RU_END = {"ий": "y", "ый": "y"}
_CYRILLIC = re.compile(r"[\u0400-\u04ff\u0500-\u052f]")


def has_cyrillic(text: str) -> bool:
    return bool(_CYRILLIC.search(text))


# Latin letters drawn like Cyrillic ones. A word typed with both ("Мiнска" with a Latin
# i, common in posts typed on two keyboards, or spoofed) is read with the Cyrillic
# letter, one for one, so offsets hold; the text as written is kept.
_LOOKALIKES = str.maketrans(
    "aceiopxyABCEHIKMOPTXY",
    "асеіорхуАВСЕНІКМОРТХУ",
)
_MIXED_WORD = re.compile(r"[^\W\d_]+")


def cyrillic_lookalikes(text: str) -> str:
    """``text`` with the Latin look-alike letters of its mostly Cyrillic words made
    Cyrillic ("Мiнска" -> "Мінска"); words wholly in one script are left alone."""
    if not has_cyrillic(text) or text.isascii():
        return text

    def fold(match: re.Match[str]) -> str:
        word = match.group()
        latin = sum(c.isascii() for c in word)
        if latin == 0 or latin * 2 >= len(word):
            return word
        return word.translate(_LOOKALIKES)

    return _MIXED_WORD.sub(fold, text)


def guess_language(text: str) -> str:
    """ru, uk or be, from the letters only one of them has (ru when none tells)."""
    lower = text.lower()
    if any(c in lower for c in "їєґ"):
        return "uk"
    if "ў" in lower or ("і" in lower and any(c in lower for c in "ыэ")):
        return "be"
    if "і" in lower:
        return "uk"
    return "ru"


def to_latin(text: str, *, lang: str | None = None) -> str:
    """``text`` with its Cyrillic words in Latin letters as English news writes names.

    ``lang`` (ru, uk, be) picks the table; None guesses it per word from its letters.
    Latin text is returned as it is; capitals stay capitals ("ШОЙГУ" -> "SHOIGU").
    """
    if not has_cyrillic(text):
        return text
    text = unicodedata.normalize("NFC", text)  # й written as и + breve is one letter
    code = lang if lang in _TABLES else guess_language(text)  # the whole name tells more
    return re.sub(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*", lambda m: _word(m.group(), code), text)


@functools.lru_cache(maxsize=1 << 14)
def _word(word: str, lang: str | None) -> str:
    if not has_cyrillic(word):
        return word
    code = lang if lang in _TABLES else guess_language(word)
    table, initial = _TABLES[code], _INITIAL[code]
    lower = word.lower()
    out: list[str] = []
    i = 0
    while i < len(lower):
        c = lower[i]
        prev = lower[i - 1] if i else ""
        if code == "ru" and lower[i : i + 2] in _RU_END and i + 2 == len(lower) and i:
            piece, step = _RU_END[lower[i : i + 2]], 2
        elif code != "uk" and c == "й" and prev in _VOWELS:
            piece, step = "i", 1  # Sergei, Shoigu
        elif c in initial and (
            not prev or (code != "uk" and (prev in _VOWELS or prev in _SEPARATORS))
        ):
            piece, step = initial[c], 1
        else:
            piece, step = table.get(c, _ANY.get(c, c)), 1
        source = word[i : i + step]
        if source[:1].isupper() and piece:
            # the whole word in capitals stays so; else only the first letter
            piece = piece.upper() if word.isupper() and len(word) > 1 else piece.capitalize()
        out.append(piece)
        i += step
    return "".join(out)


# Spelling differences that are no difference between names: the rules act on the
# Latin form, longest spellings first.
_KEY_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"x", "ks"),  # Alexander = Aleksandr
        (r"w", "v"),
        (r"ph", "f"),
        (r"shch|sch", "sh"),
        (r"kh", "x"),  # Khrenin = Хренин, kept apart from h...
        (r"(?<![csz])h", "g"),  # ...which is Russian g: Homiel = Gomel, Hrodna = Grodno
        (r"ck", "k"),
        (r"j", "y"),
        (r"dz(?=[ieя])", "d"),  # Belarusian Dzmitry = Dmitry
        (r"([a-z])\1", r"\1"),  # doubled letters: Zelenskyy
        (r"(?<=[aeiou])u(?=[^aeiouy]|$)", "v"),  # Belarusian ў: Kalinouski = Kalinovski
        (r"[iy]([aeiou])", r"\1"),  # iotated vowels: Yevgeny, Homyel, Aliaksandr
        (r"y", "i"),
        (r"ii+", "i"),
        (r"o", "a"),  # Belarusian akanye: Lukashenka = Lukashenko, Mazyr = Mozyr
    )
)


_SCHOLARLY = str.maketrans(
    {
        "š": "sh",
        "Š": "Sh",
        "č": "ch",
        "Č": "Ch",
        "ž": "zh",
        "Ž": "Zh",
        "ŭ": "u",
        "Ŭ": "U",
        "ł": "l",
        "Ł": "L",
    }
)


@functools.lru_cache(maxsize=1 << 16)
def match_key(name: str) -> str:
    """A key one name shares in Latin and Cyrillic spellings (for matching, not display).

    ``match_key("Лукашэнка") == match_key("Lukashenko")``,
    ``match_key("Хренин") == match_key("Khrenin")``; words keep their order.
    """
    # scholarly and łacinka letters as news writes them (Łukašenka = Lukashenka)
    text = unicodedata.normalize("NFKD", to_latin(name).translate(_SCHOLARLY))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"['’ʼ`]", "", text)
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    out = []
    for word in words:
        for pattern, replacement in _KEY_RULES:
            word = pattern.sub(replacement, word)
        out.append(word)
    return " ".join(out)
