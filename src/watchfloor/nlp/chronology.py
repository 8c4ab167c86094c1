"""A chronology of well-known, publicly reported events of the Belarus/Ukraine situation.

Place in the flow: read by ``nlp.dating`` when ``clean`` found no dateline.
A report that says "Shoigu flew to Minsk on Saturday" was written within six
days after 3 December 2022; "the invasion last February" was written within a
year after February 2022. The chronology supplies the known dates, the article
the relative ones, and ``dating`` intersects what they allow.

Each entry has the date (ISO day, month, or ``start/end`` range when the event
spanned days or reports differ on the day), a short description, and the
evidence that a sentence mentions it: regular expressions that must *all*
match within one sentence (case-insensitive), and optionally one that must
not. The first pattern is the entry's core term: a time expression is tied to
the event only when it stands near that term.

Why entries that look redundant: a generic wording ("the presidential
election", "Shoigu in Minsk", "drone strike on Engels") matches several real
events, and listing all the ones that fit keeps such a mention ambiguous
(``dating`` takes the union of the events a sentence could mean) instead of
silently picking one. Only dates that are a matter of public record belong
here: a wrong date mis-dates every article that mentions the event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

__all__ = ["CHRONOLOGY", "ChronologyEvent", "events_in"]


def _parse_bound(text: str, *, end: bool) -> date:
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        return date(parts[0], parts[1], parts[2])
    if len(parts) == 2:
        y, m = parts
        if not end:
            return date(y, m, 1)
        return date(y + m // 12, m % 12 + 1, 1) - timedelta(days=1)
    return date(parts[0], 12, 31) if end else date(parts[0], 1, 1)


@dataclass(frozen=True)
class ChronologyEvent:
    """One dated event and the words that identify a mention of it."""

    key: str
    when: str  # ISO: YYYY-MM-DD, YYYY-MM, or start/end
    what: str
    evidence: tuple[str, ...]  # all must match in one sentence; the first is the core term
    unless: str | None = None  # a sentence matching this is about something else
    _compiled: tuple[re.Pattern[str], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "_compiled", tuple(re.compile(p, re.IGNORECASE) for p in self.evidence)
        )

    @cached_property
    def start(self) -> date:
        return _parse_bound(self.when.split("/")[0], end=False)

    @cached_property
    def end(self) -> date:
        return _parse_bound(self.when.split("/")[-1], end=True)

    @property
    def day_resolution(self) -> bool:
        """Whether the date is known to the day (a range of days counts)."""
        return all(len(part.split("-")) == 3 for part in self.when.split("/"))

    def core_spans(self, sentence: str) -> list[tuple[int, int]]:
        """Where the core term stands in ``sentence``; [] unless all the evidence is there."""
        if self.unless and re.search(self.unless, sentence, re.IGNORECASE):
            return []
        if not all(p.search(sentence) for p in self._compiled):
            return []
        return [m.span() for m in self._compiled[0].finditer(sentence)]


_E = ChronologyEvent

# Name variants the reports use.
_LUKASHENKO = r"Lukashenk[oa]"
_SHOIGU = r"\bSho[iy]gu\b"
_BELARUS = r"Belarus\w*|Minsk|Lukashenk[oa]"
_RUSSIA = r"Russia\w*|Moscow|Kremlin|Putin"

CHRONOLOGY: tuple[ChronologyEvent, ...] = (
    # --- presidential elections and the 2020 protests -----------------------------
    # Every Belarusian presidential vote falls on a Sunday and draws the same words;
    # all are listed so a bare "the election" stays ambiguous.
    _E(
        "by-election-2010",
        "2010-12-19",
        "Belarusian presidential election, followed by a crackdown on protesters in Minsk",
        (r"\belection", r"presidential|disputed|rigged|fraud\w*|stolen|falsified", _BELARUS),
    ),
    _E(
        "by-election-2015",
        "2015-10-11",
        "Belarusian presidential election giving Lukashenko a fifth term",
        (r"\belection", r"presidential|disputed|rigged|fraud\w*|stolen|falsified", _BELARUS),
    ),
    _E(
        "by-election-2020",
        "2020-08-09",
        "Belarusian presidential election; Lukashenko declared the winner amid fraud claims",
        (r"\belection", r"presidential|disputed|rigged|fraud\w*|stolen|falsified", _BELARUS),
    ),
    _E(
        "by-election-2025",
        "2025-01-26",
        "Belarusian presidential election giving Lukashenko a seventh term",
        (r"\belection", r"presidential|disputed|rigged|fraud\w*|stolen|falsified", _BELARUS),
    ),
    _E(
        "by-protests-2020",
        "2020-08-09/2020-12-31",
        "mass protests across Belarus against the disputed election result",
        (
            r"protest\w*|uprising|demonstrat\w*|unrest",
            _BELARUS,
            r"election|uprising|\bmass\b|popular|crackdown|opposition|2020",
        ),
        unless=r"Wagner|Prigozhin|anti-?war|mobili[sz]",
    ),
    _E(
        "by-protests-2010",
        "2010-12-19",
        "protest in Minsk on election night 2010, dispersed by riot police",
        (r"protest\w*|demonstrat\w*|rally", _BELARUS, r"2010|Independence Square"),
    ),
    _E(
        "tsikhanouskaya-leaves",
        "2020-08-11",
        "opposition candidate Tsikhanouskaya leaves Belarus for Lithuania",
        (
            r"Tsikhanouskaya|Tikhanovskaya|Tsikhanovskaya",
            r"Lithuania|Vilnius",
            r"\bfled\b|\bflee\b|\bleft\b|forced (?:out|to leave)",
        ),
    ),
    _E(
        "sochi-loan",
        "2020-09-14",
        "Putin receives Lukashenko in Sochi and promises a $1.5bn loan",
        (r"Sochi", r"Putin", _LUKASHENKO, r"\bloan|1\.5\s*(?:bn|billion)"),
    ),
    _E(
        "kalesnikava-seized",
        "2020-09-07",
        "opposition figure Maria Kalesnikava seized by masked men in Minsk",
        (r"Kalesnikava|Kolesnikova", r"abduct\w*|seiz\w*|kidnap\w*|snatched|passport"),
    ),
    _E(
        "kalesnikava-sentenced",
        "2021-09-06",
        "Kalesnikava sentenced to eleven years in prison",
        (r"Kalesnikava|Kolesnikova", r"sentenc\w*|jailed|\b11 years|eleven years"),
    ),
    # --- 2021 ---------------------------------------------------------------------
    _E(
        "ryanair-diversion",
        "2021-05-23",
        "Ryanair flight forced to land in Minsk; journalist Raman Pratasevich arrested",
        (
            r"Ryanair|Protasevich|Pratasevich|FR\s?4978",
            r"divert\w*|forced|land\w*|intercept\w*|arrest\w*|detain\w*|scrambl\w*",
        ),
    ),
    _E(
        "tsimanouskaya-olympics",
        "2021-08-01",
        "sprinter Krystsina Tsimanouskaya refuses to be flown home from the Tokyo Olympics",
        (r"Tsimanouskaya|Timanovskaya", r"Olympic\w*|Tokyo"),
    ),
    _E(
        "zapad-2017",
        "2017-09-14/2017-09-20",
        "Zapad-2017 Russian-Belarusian strategic exercise",
        (
            r"\bZapad\b(?![\s–—-]*20(?:09|13|21|25))",
            r"exercis\w*|drills?|manoeuvr\w*|maneuver\w*|war games",
        ),
    ),
    _E(
        "zapad-2021",
        "2021-09-10/2021-09-16",
        "Zapad-2021 Russian-Belarusian strategic exercise, main phase",
        (
            r"\bZapad\b(?![\s–—-]*20(?:09|13|17|25))",
            r"exercis\w*|drills?|manoeuvr\w*|maneuver\w*|war games",
        ),
    ),
    _E(
        "kuznica-crossing",
        "2021-11-08/2021-11-18",
        "migrants massed at the Kuźnica-Bruzgi crossing of the Belarus-Poland border",
        (r"Ku[zź]nica|Bruzgi", r"migrant\w*|refugee\w*|asylum"),
    ),
    # --- the build-up, January-February 2022 ---------------------------------------
    _E(
        "cyber-partisans-railway",
        "2022-01-24",
        "Belarusian Cyber Partisans claim a hack of the Belarusian Railway's systems",
        (
            r"Cyber[- ]?Partisans",
            r"rail\w*",
            r"hack\w*|attack\w*|encrypt\w*|ransomware|breach\w*|cyber-?attack",
        ),
    ),
    _E(
        "union-resolve-announced",
        "2022-01-17/2022-01-31",
        "joint Russian-Belarusian exercises announced; Russian troops start arriving in Belarus",
        (
            r"(?:Union|Allied) Resolve|joint (?:military )?(?:exercises?|drills)",
            r"announc\w*|arriv\w*|transferr\w*|deploy\w*",
            r"Russia\w*",
        ),
    ),
    _E(
        "union-resolve",
        "2022-02-10/2022-02-20",
        "Union (Allied) Resolve 2022 joint exercises in Belarus",
        (r"(?:Union|Allied) Resolve|Soyuznaya Reshimost",),
        unless=r"(?:Union|Allied) Resolve[\s–—-]*20(?:1\d|2[013-9])",
    ),
    _E(
        "nuclear-drill-feb-2022",
        "2022-02-19",
        "strategic nuclear forces drill watched by Putin and Lukashenko in Moscow",
        (r"nuclear|strategic (?:deterrence|forces)", r"drills?|exercis\w*", r"Putin", _LUKASHENKO),
    ),
    _E(
        "drills-extended",
        "2022-02-20",
        "Belarus says Russian troops stay on as the joint exercises are extended",
        (
            r"extend\w*|continu\w*|prolong\w*|\bstay\w*|\bremain\w*",
            r"exercis\w*|drills?",
            r"Russia\w*",
            r"Belarus\w*|Khrenin",
        ),
    ),
    _E(
        "recognition",
        "2022-02-21",
        "Putin recognises the Donetsk and Luhansk separatist republics",
        (
            r"recogni[sz]\w*",
            r"Donetsk|Luhansk|Lugansk|\bDNR\b|\bLNR\b|\bDPR\b|\bLPR\b|breakaway|separatist",
            _RUSSIA,
        ),
    ),
    # --- the invasion and the northern front, 2022 ------------------------------------
    _E(
        "invasion",
        "2022-02-24",
        "Russia begins the full-scale invasion of Ukraine, partly from Belarus",
        (
            # only wordings that report the invasion as having begun: before it,
            # "invasion" is everywhere as a possibility
            r"invaded|full-scale invasion|"
            r"launched (?:its|the|a|an|his)\s+[\"“”']?(?:full-scale\s+)?"
            r"(?:invasion|war|attack|offensive|special military operation)|"
            r"(?:start|beginning|outbreak|onset|first days?|early days|first weeks?) of "
            r"(?:the |its |Russia['’]s )?(?:full-scale )?(?:invasion|war)|"
            r"since (?:the |Russia['’]s )?(?:full-scale )?invasion|invasion (?:began|started)",
            r"Russia\w*|Moscow|Kremlin|Putin|Ukrain\w*|Kyiv|Kiev|war|invasion",
        ),
        unless=r"Crimea|Georgia|2014|2008",
    ),
    _E(
        "belarus-referendum-2022",
        "2022-02-27",
        "Belarusian constitutional referendum, dropping the country's non-nuclear status",
        (r"referendum", _BELARUS),
        unless=r"199[56]|2004",
    ),
    _E(
        "talks-gomel",
        "2022-02-28",
        "first Russia-Ukraine talks, on the Belarusian border in the Gomel region",
        (
            r"talks|negotiat\w*|delegations?",
            r"Gomel|Homel|Homyel|Pripyat|Pripiat|border with Belarus|Belarusian border",
            r"Ukrain\w*|Kyiv|Kiev",
        ),
    ),
    _E(
        "talks-belovezhskaya-2",
        "2022-03-03",
        "second round of Russia-Ukraine talks, in the Belovezhskaya Pushcha forest",
        (r"talks|negotiat\w*|delegations?", r"Belovezh\w*|Bia[lł]owie[zż]a|Brest"),
    ),
    _E(
        "talks-belovezhskaya-3",
        "2022-03-07",
        "third round of Russia-Ukraine talks, in the Belovezhskaya Pushcha forest",
        (r"talks|negotiat\w*|delegations?", r"Belovezh\w*|Bia[lł]owie[zż]a|Brest"),
    ),
    _E(
        "unga-es-11-1",
        "2022-03-02",
        "UN General Assembly demands Russia withdraw from Ukraine (141 votes)",
        (
            r"General Assembly",
            r"resolution|vot\w*|adopt\w*",
            r"\b141\b|aggression|withdraw\w*|deplor\w*|condemn\w*",
        ),
    ),
    _E(
        "istanbul-talks",
        "2022-03-29",
        "Istanbul talks; Russia says it will scale down operations near Kyiv and Chernihiv",
        (r"Istanbul", r"talks|negotiat\w*", r"Ukrain\w*|Russia\w*"),
        unless=r"grain",
    ),
    _E(
        "northern-withdrawal",
        "2022-03-29/2022-04-06",
        "Russian forces withdraw from the Kyiv, Chernihiv and Sumy regions",
        (
            r"withdr[ae]w\w*|retreat\w*|pull(?:ed|ing|s)?\s+(?:out|back)|expelled|driven\s+out|"
            r"pushed\s+back|liberat\w*|recaptur\w*|retook|retaken",
            r"Kyiv|Kiev|Chernihiv|Sumy",
            r"Russia\w*|troops|forces|soldiers",
        ),
        unless=r"Kherson|Kharkiv|Izium|Izyum|Lyman",
    ),
    _E(
        "moskva-sunk",
        "2022-04-13/2022-04-14",
        "Russian Black Sea flagship Moskva hit and sunk",
        (r"Moskva", r"\bsank\b|\bsunk\b|sinking|flagship|cruiser"),
    ),
    _E(
        "azovstal-surrender",
        "2022-05-16/2022-05-20",
        "last Ukrainian defenders leave the Azovstal steelworks in Mariupol",
        (
            r"Azovstal",
            r"surrender\w*|\bfell\b|last defenders|captur\w*|full control|evacuat\w*",
        ),
    ),
    _E(
        "iskander-promise",
        "2022-06-25",
        "Putin promises Lukashenko nuclear-capable Iskander-M missiles",
        (r"Iskander", r"Putin", r"promis\w*|pledg\w*|offer\w*"),
    ),
    _E(
        "grain-deal-signed",
        "2022-07-22",
        "Black Sea grain deal signed in Istanbul",
        (r"grain", r"deal|agreement|initiative|corridor", r"sign\w*|Istanbul|brokered"),
        unless=r"collaps\w*|expir\w*|withdr\w*|\bquit|suspend\w*|terminat\w*|pull\w* out",
    ),
    _E(
        "grain-deal-suspended",
        "2022-10-29",
        "Russia suspends its part in the grain deal after an attack on Sevastopol",
        (r"grain", r"deal|agreement|initiative|corridor", r"suspend\w*"),
    ),
    _E(
        "grain-deal-ended",
        "2023-07-17",
        "Russia quits the Black Sea grain deal",
        (
            r"grain",
            r"deal|agreement|initiative|corridor",
            r"\bquit|withdr\w*|pull\w* out|terminat\w*|exit\w*|expir\w*|collaps\w*|suspend\w*",
        ),
    ),
    _E(
        "kharkiv-counteroffensive",
        "2022-09-08/2022-09-11",
        "Ukraine retakes Balakliia, Kupiansk and Izium",
        (
            r"Iz[iy]um|Balakli\w*|Kup[iy]ansk",
            r"retook|retaken|recaptur\w*|liberat\w*|withdr\w*|retreat\w*|\bfell\b|regain\w*",
        ),
    ),
    _E(
        "mobilisation",
        "2022-09-21",
        "Putin orders a partial mobilisation in Russia",
        (
            r"partial mobili[sz]ation|mobili[sz]ation (?:order|decree)|"
            r"(?:announced|ordered|declared) (?:a |the )?(?:partial )?mobili[sz]ation",
            _RUSSIA,
        ),
    ),
    _E(
        "annexation-2022",
        "2022-09-30",
        "Putin proclaims the annexation of four Ukrainian regions",
        (
            r"annex\w*",
            r"Donetsk|Luhansk|Zaporizhzhia|Zaporozhye|Kherson|"
            r"four (?:Ukrainian |occupied )?regions",
            _RUSSIA,
        ),
    ),
    _E(
        "unga-annexation",
        "2022-10-12",
        "UN General Assembly condemns the annexations (143 votes)",
        (r"General Assembly", r"resolution|vot\w*|adopt\w*", r"annex\w*|\b143\b"),
    ),
    _E(
        "crimea-annexation",
        "2014-03-18",
        "Russia annexes Crimea",
        (r"annex\w*", r"Crimea\w*"),
    ),
    _E(
        "kerch-bridge-2022",
        "2022-10-08",
        "explosion damages the Kerch (Crimean) bridge",
        (r"Kerch|Crimean? bridge", r"explo\w*|blast|attack\w*|struck|damag\w*|bomb\w*"),
    ),
    _E(
        "kerch-bridge-2023",
        "2023-07-17",
        "sea-drone attack damages the Kerch (Crimean) bridge again",
        (r"Kerch|Crimean? bridge", r"explo\w*|blast|attack\w*|struck|damag\w*|bomb\w*|drone"),
    ),
    _E(
        "regional-grouping-announced",
        "2022-10-10",
        "Lukashenko announces a joint regional grouping of Belarusian and Russian troops",
        (
            r"regional grouping|joint (?:regional )?(?:military )?grouping|"
            r"regional group(?:ing)? of (?:troops|forces)|joint regional force",
            r"announc\w*|agree\w*|decid\w*|order\w*|form\w*|creat\w*|set up",
        ),
    ),
    _E(
        "regional-grouping-arrives",
        "2022-10-14/2022-10-31",
        "Russian troops of the joint regional grouping arrive in Belarus",
        (
            r"regional grouping|joint (?:regional )?(?:military )?grouping|"
            r"Russian (?:troops|soldiers|servicemen|forces|military)",
            r"arriv\w*|deploy\w*|stationed|began arriving|sent|based",
            r"Belarus\w*|regional grouping",
        ),
    ),
    _E(
        "mig31k-machulishchy",
        "2022-10-16",
        "first Russian MiG-31K Kinzhal carriers land at Machulishchy near Minsk",
        (
            r"MiG-?31K?|Kinzhal",
            r"Machul\w*|Belarus\w*",
            r"arriv\w*|\bland\w*|deploy\w*|relocat\w*|\bmoved|flown in",
        ),
    ),
    _E(
        "kherson-retaken",
        "2022-11-09/2022-11-11",
        "Russia withdraws from Kherson city; Ukrainian troops enter",
        (
            r"Kherson",
            r"liberat\w*|retook|retaken|recaptur\w*|withdr\w*|retreat\w*|pull(?:ed)? out|"
            r"entered|abandon\w*",
        ),
        unless=r"annex\w*",
    ),
    _E(
        "przewodow",
        "2022-11-15",
        "stray missile kills two people in Przewodów, Poland",
        (r"Przewod[oó]w",),
    ),
    _E(
        "makei-death",
        "2022-11-26",
        "sudden death of Belarusian foreign minister Uladzimir Makei",
        (r"\bMake[iy]\b", r"\bdied\b|death|\bdead\b|passed away|funeral"),
    ),
    _E(
        "shoigu-minsk-2022",
        "2022-12-03",
        "Shoigu flies to Minsk and signs changes to the regional-security agreement",
        (
            _SHOIGU,
            r"Minsk|Belarus\w*|Khrenin|Lukashenk[oa]",
            r"visit\w*|\bflew\b|\bflies\b|arriv\w*|\btrip\b|talks|\bmet\b|sign\w*|travel\w*",
        ),
    ),
    _E(
        "airbase-drone-strikes",
        "2022-12-05",
        "Ukrainian drones strike the Engels and Dyagilevo air bases deep in Russia",
        (
            r"drones?",
            r"Engels|Dyagilevo|Diaghilevo|Ryazan|two (?:air\s*bases|airfields|military airfields)",
        ),
    ),
    _E(
        "engels-second-strike",
        "2022-12-26",
        "second drone attack on the Engels air base",
        (r"Engels", r"drones?|attack\w*|strike\w*|explo\w*"),
    ),
    _E(
        "ohchr-killings-report",
        "2022-12-07",
        "UN human rights office report on killings of civilians around Kyiv, Chernihiv and Sumy",
        (
            r"human rights office|OHCHR|High Commissioner for Human Rights|UN human rights|"
            r"U\.N\. human rights",
            r"report",
            r"Kyiv|Kiev|Chernihiv|Sumy",
            r"kill\w*|execution\w*|murder\w*",
        ),
    ),
    _E(
        "putin-minsk-2022",
        "2022-12-19",
        "Putin visits Minsk for talks with Lukashenko, his first trip there in years",
        (
            r"Putin",
            r"Minsk|Belarus\w*",
            r"visit\w*|arriv\w*|\bflew\b|\btrip\b|travel\w*|received",
        ),
        unless=r"Sochi|St\.? Petersburg|Valaam",
    ),
    # --- 2023 ----------------------------------------------------------------------------
    _E(
        "unga-anniversary",
        "2023-02-23",
        "UN General Assembly again demands Russian withdrawal, on the war's anniversary",
        (
            r"General Assembly",
            r"resolution|vot\w*|adopt\w*",
            r"\b141\b|aggression|withdraw\w*|deplor\w*|condemn\w*",
        ),
    ),
    _E(
        "machulishchy-a50",
        "2023-02-26",
        "partisans claim a drone attack on a Russian A-50 radar plane at Machulishchy",
        (
            r"\bA-?50\b|AWACS|Beriev",
            r"Machul\w*|Belarus\w*",
            r"drones?|attack\w*|damag\w*|explo\w*|strike|sabotag\w*|partisan\w*|BYPOL",
        ),
    ),
    _E(
        "icc-warrant",
        "2023-03-17",
        "International Criminal Court issues an arrest warrant for Putin",
        (r"International Criminal Court|\bICC\b", r"warrant", r"Putin"),
    ),
    _E(
        "tactical-nukes-announced",
        "2023-03-25",
        "Putin announces that Russian tactical nuclear weapons will be stationed in Belarus",
        (
            r"tactical nuclear|nuclear (?:weapons|arms|warheads)",
            r"Belarus\w*",
            r"Putin",
            r"station\w*|deploy\w*|\bplac\w*|storage|\bstore",
        ),
    ),
    _E(
        "nuclear-storage-signed",
        "2023-05-25",
        "Shoigu and Khrenin sign the documents on storing Russian nuclear weapons in Belarus",
        (
            r"\bsign\w*|documents?",
            _SHOIGU + r"|Khrenin",
            r"nuclear",
        ),
    ),
    _E(
        "shoigu-minsk-2023",
        "2023-05-25",
        "Shoigu in Minsk for the signing of the nuclear-storage documents",
        (
            _SHOIGU,
            r"Minsk|Belarus\w*|Khrenin|Lukashenk[oa]",
            r"visit\w*|\bflew\b|\bflies\b|arriv\w*|\btrip\b|talks|\bmet\b|sign\w*|travel\w*",
        ),
    ),
    _E(
        "nukes-delivered",
        "2023-06-13/2023-06-16",
        "first Russian tactical nuclear warheads reported delivered to Belarus",
        (
            r"nuclear",
            r"Belarus\w*",
            r"deliver\w*|arriv\w*|received|transferred|\bmoved",
        ),
    ),
    _E(
        "wagner-mutiny",
        "2023-06-23/2023-06-24",
        "Wagner mutiny and march towards Moscow",
        (
            r"Wagner|Prigozhin",
            r"mutiny|rebellion|revolt|uprising|insurrection|march(?:ed)? (?:on|towards?) Moscow",
        ),
    ),
    _E(
        "wagner-deal",
        "2023-06-24",
        "Lukashenko brokers the deal that ends the Wagner mutiny",
        (r"Prigozhin|Wagner", _LUKASHENKO, r"\bdeal|broker\w*|mediat\w*|negotiat\w*"),
    ),
    _E(
        "prigozhin-in-belarus",
        "2023-06-27",
        "Lukashenko confirms that Prigozhin has arrived in Belarus",
        (r"Prigozhin", r"Belarus\w*|Minsk", r"arriv\w*|\blanded\b|\bflew\b"),
    ),
    _E(
        "wagner-arrives-belarus",
        "2023-07-01/2023-08-31",
        "Wagner fighters move to a camp in Belarus",
        (
            r"Wagner",
            r"Belarus\w*|Tsel|Asipovich\w*|Osipovich\w*",
            r"arriv\w*|convoys?|relocat\w*|\bmoved\b",
        ),
    ),
    _E(
        "prigozhin-death",
        "2023-08-23",
        "Prigozhin killed in a plane crash north of Moscow",
        (r"Prigozhin", r"crash\w*|\bkilled\b|\bdied\b|death|\bdead\b"),
    ),
)


def events_in(sentence: str) -> list[tuple[ChronologyEvent, list[tuple[int, int]]]]:
    """The chronology events ``sentence`` mentions, each with the spans of its core term."""
    found = []
    for event in CHRONOLOGY:
        spans = event.core_spans(sentence)
        if spans:
            found.append((event, spans))
    return found
