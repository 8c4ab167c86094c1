"""Clean stage for plain-text scrapes: every line gets a role from its features.

Place in the flow: ``watchfloor.clean.clean`` hands a decoded plain-text
document here and gets an :class:`~watchfloor.records.Article` back;
``clean.markdown`` reuses :func:`article_from_lines` after reading front matter.

A scrape has no markup, so nothing says where the story is. The stages:

1. split on ``"\\n"`` (line numbers are fixed from here on) and measure each
   line: length, sentence punctuation, capitalisation, furniture vocabulary,
   picture-credit marks;
2. mark what is furniture or a credit wherever it stands;
3. find the body region: clusters of long prose lines, the heaviest cluster
   wins and absorbs heavy neighbours (a newsletter box in mid-story does not
   cut the story in two, a teaser list next to it is not absorbed, nothing is
   merged across a comment section); short full sentences inside the region
   are body too;
4. read the tail for author bios, the head (lines before the body) for the
   title, bylines and the dateline, then mark captions beside their credits
   (after the title, so a headline above a lead photo stays the headline);
5. give every line its role and mark body lines that repeat an earlier one;
6. metadata: what the container stated (hints, front matter) wins over what
   the text says.

The thresholds below were set on the gold corpus and checked on held-out
pages (trafilatura's evaluation set flattened to plain text, 990 pages):
moving any of them changes F by under 0.02 there, so none is tuned to a
single page.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from watchfloor.clean.dates import iso_date
from watchfloor.clean.frontmatter import FrontMatter, front_matter
from watchfloor.clean.wrapped import paragraph_blocks
from watchfloor.lang import every_month
from watchfloor.records import Article, DocKind, Hints, Line, LineRole

log = logging.getLogger(__name__)

# --- thresholds -------------------------------------------------------------
# A "long prose line" is a paragraph of the story: teasers and captions are one
# short sentence, paragraphs of news prose are rarely under 15 words.
PROSE_MIN_WORDS = 15
# Share of capitalised content words up to which a long full sentence is still prose.
NAMED_LEDE_MAX_TITLE_CASE = 0.75
PROSE_MIN_CHARS = 80
# Non-prose lines tolerated between two prose lines of one cluster (blank lines
# are free, furniture lines cost double): room for a caption with its credit
# or a subhead, not for a block of site chrome.
CLUSTER_GAP_COST = 3
# A neighbouring cluster joins the main one when it carries at least this share
# of the main cluster's words: the rest of a story cut by an inline box does,
# a list of one-sentence teasers does not.
MERGE_SHARE = 0.2
MERGE_MAX_GAP = 30
# The head is read for a title only this far: titles sit near the top, and the
# pairwise repeat check must not turn quadratic on a huge head.
HEAD_SCAN = 60
TAIL_SCAN = 8  # non-blank lines after the body read for author bios
OUTLET_MAX_WORDS = 4

# --- vocabularies -------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Site chrome: each phrase is something a site says to its reader (sign up, log
# in, read more), not something a report says about the world, so a short line
# carrying one is furniture wherever it stands. Kept as a list so a new site's
# chrome is one more phrase, not one more rule.
_FURNITURE_PHRASES = (
    # accounts and paywalls
    r"subscribe|subscriber|subscription|unsubscribe",
    r"sign[ -]?(?:up|in)|log[ -]?(?:in|out)|create an? (?:\w+ )?account|your account",
    r"newsletters?|your (?:email|inbox)|opt out",
    # legal boilerplate
    r"privacy policy|terms of (?:use|service)|cookie (?:policy|settings)",
    r"(?:use|accept) (?:all )?cookies|use of cookies|all rights reserved",
    # comment sections
    r"view comments|show comments|comment guidelines|commenting|join the conversation",
    r"leave a (?:reply|replay|comment)|\d+ comments|^comments$|^reply$",
    # navigation and teaser blocks
    r"read more|read next|more on this topic|also read|see also|more stories",
    r"related (?:articles|stories|posts|content|coverage|topics)",
    r"most (?:read|popular|viewed)|recommended for you",
    r"skip to (?:main )?content|exit mobile version|back to top|share (?:this|on)",
    r"follow us|click here|download (?:the|our) app|mobile app|bookmark",
    r"^advertisement$|^sponsored\b",
)
# Matched against the lower-cased line: re's IGNORECASE makes this alternation
# several times slower, and every line of every document passes through it.
_FURNITURE = re.compile(r"\b(?:" + "|".join(_FURNITURE_PHRASES) + r")\b")
# Section names of news sites: a short line made mostly of them is a breadcrumb
# or menu ("Home > World > Europe"), however headline-like its capitals look.
_NAV_WORDS = _words(
    "home news world europe politics business economy opinion sport sports culture "
    "science tech technology video videos podcasts latest live analysis defence defense "
    "security menu search topics sections international region regions uk us"
)
_CRUMB_SEPARATORS = re.compile(r"\s[>»/|•·]\s")
# Where a comment section starts the story has ended: long prose after it is
# readers' comments, never to be merged into the body.
_COMMENTS_START = re.compile(
    r"\b(?:(?:view|show|load|read) comments|leave a (?:reply|replay|comment)|\d+ comments"
    r"|comments? \(\d+\)|join the conversation|comment guidelines)\b|^comments$",
    re.IGNORECASE,
)

# Picture credits: "Photo: ...", "... / Picture from", "(c) Agency", "AP/Name".
_CREDIT = re.compile(
    r"^(?:photo(?:graph)?s?|pictures?|images?|pic|illustration|graphic|map|video|footage"
    r"|credit|source)\s*:"
    r"|/\s*(?:picture|photo|image)s?\s+(?:from|by|credit)\b"
    r"|\((?:c|photo)\)|©|getty images|shutterstock|alamy stock",
    re.IGNORECASE,
)
# "Photo by Jane Doe" is a credit; "Images by Maxar showed ..." is a sentence.
_CREDIT_BY = re.compile(r"^(?:photo(?:graph)?s?|pictures?|images?)\s+by\b", re.IGNORECASE)
# "AP/Sputnik/Pavel Bednyakov", "Archyde.com/Gleb Garanich": agency/photographer.
_SLASH_CREDIT = re.compile(r"^[\w.&'’-]+(?: [\w.&'’-]+)?(?:/[\w.&'’-]+(?: [\w.&'’-]+){0,2})+$")
# "© 2022 Polesie Wire": the site's copyright footer, not a picture's credit.
_COPYRIGHT_FOOTER = re.compile(r"(?:©|\(c\)|copyright)\s*\d{4}", re.IGNORECASE)

# Section labels that some sites prefix to a headline ("Analysis: ...").
_LABEL = re.compile(
    r"^(?:analysis|opinion|comment|commentary|explainer|exclusive|interview|review|feature"
    r"|editorial|breaking|live|update|watch|video|podcast|perspective|argument|essay"
    r"|factbox|fact check|q&a|special report|insight|in depth|column|obituary)"
    r"\s*[:|–—-]\s+(?P<title>\S.*)$",
    re.IGNORECASE,
)

_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")
_INNER_SENTENCE = re.compile(r"[.!?][\"'”’)]?\s+[\"“‘(]?[A-Z]")
_CLAUSE_END = re.compile(r"[:;]$")
_SEPARATOR = re.compile(r"^[^\w]*$")  # "|", "---", "* * *": no letters or digits at all

# "By Jane Doe in Kyiv": where the reporter filed from, not part of the name.
_PLACE_SUFFIX = re.compile(r"\s+in\s+[A-Z][\w-]+(?:\s+[A-Z][\w-]+)*\s*$")
_BYLINE = re.compile(
    r"^(?:by|words by|written by|reporting by|report by)\s+(?P<rest>\S.*)$", re.IGNORECASE
)
# Words that name a newsroom role, not a person or an outlet ("Staff Reporter").
_ROLE_WORDS = _words(
    "staff reporter reporters correspondent correspondents editor editors desk team "
    "writer writers contributor our"
)
# Words that make a byline name an organisation rather than a person.
_ORG_WORDS = _words(
    "news press times post media agency online wire daily weekly journal herald tribune "
    "service report network group review policy magazine radio tv channel institute "
    "centre center foundation council ministry bulletin monitor gazette courier chronicle "
    "dispatch ledger observer digest"
)
_NAME_PARTICLES = _words("de van von der den da di du la le bin ibn al dos das del")
_NAME_JOINERS = _NAME_PARTICLES | {"and"}
_SMALL_WORDS = _words("a an the of in on at to for and or but by with from as is are vs via")


@functools.cache
def _date() -> re.Pattern[str]:
    """Dates with a day, month and year only: a dateline states all three, and anything
    less would be a guess about the publication day. Month names are every language
    pack's (a dateline is read before the article's language is known), built on first
    use so that importing the cleaner loads no locale data."""
    months = "(?:" + "|".join(sorted(every_month(), key=len, reverse=True)) + ")"
    return re.compile(
        rf"\b(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{months})\.?,?\s+(?P<y1>\d{{4}})"
        rf"|(?P<m2>{months})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})"
        r"|(?P<y3>\d{4})-(?P<m3>\d{1,2})-(?P<d3>\d{1,2})"
        r"|(?P<d4>\d{1,2})\.(?P<m4>\d{1,2})\.(?P<y4>\d{4})"
        r"|(?P<a5>\d{1,2})/(?P<b5>\d{1,2})/(?P<y5>\d{4}))\b",
        re.IGNORECASE,
    )


_TIME = re.compile(
    r"\b\d{1,2}[.:]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s*(?:GMT|UTC|CET|EET|MSK|BST|EST|EDT|ET))?\b"
    r"|\b\d{1,2}\s*[ap]\.?m\.?(?!\w)",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(
    r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:mon|tue|wed|thu|fri|sat|sun)\b\.?",
    re.IGNORECASE,
)
_DATE_WORDS = re.compile(
    r"\b(?:first published|last updated|published|posted|updated|modified|date|on|at)\b",
    re.IGNORECASE,
)
_UPDATED = re.compile(r"\b(?:updated|modified|edited)\b", re.IGNORECASE)
_PUBLISHED = re.compile(r"\b(?:published|posted|created|date)\b", re.IGNORECASE)
_DATELINE_START = re.compile(
    r"^(?:by|published|posted|updated|first published|last updated|date|on)\b", re.IGNORECASE
)
# Residue words a dateline may carry besides the date ("By Jane Doe, 9 February 2022").
DATELINE_MAX_RESIDUE = 5

_BIO = re.compile(
    r"^(?P<name>[A-Z][\w'’.-]+(?: (?:[A-Z][\w'’.-]+|de|van|von|al|bin|da|di)){1,3})"
    r" (?:is|was|has been|writes|reports|covers)\b"
)
# A bio says what its subject does for a living or where to follow them; a
# story sentence "X is a town ..." does not.
_BIO_ROLE = re.compile(
    r"\b(?:journalist|reporter|writer|correspondent|editor|fellow|author|analyst|researcher"
    r"|professor|contributor|columnist|lecturer|photographer|freelance|twitter|@\w+)",
    re.IGNORECASE,
)
# Tokens of a furniture line that name the outlet sit just before these words:
# "a Foreign Policy subscription", "Get the free oDR newsletter".
_OUTLET_CUE = re.compile(
    r"\b(?:subscription|subscriber|account|newsletters?|emails|articles|app|membership)\b",
    re.IGNORECASE,
)
# Capitalised words that start a prompt, not an outlet's name ("Get oDR emails").
_PROMPT_VERBS = _words(
    "get join create sign subscribe read follow download try start support your our the "
    "free already"
)

# A prompt addresses the reader: one of these words makes a furniture line one.
_PROMPT_WORDS = _words(
    "get join create sign subscribe subscribed read follow download try start support "
    "your you our login log register save free"
)
# A copyright line that credits a picture names the photographer's agency, not the site.
_PICTURE_CREDIT = re.compile(
    r"/|\b(?:photo|photos|photograph|image|images|picture|pictures|pic|video|stock|"
    r"getty|alamy|shutterstock|epa|via)\b",
    re.IGNORECASE,
)


@dataclass(slots=True, kw_only=True)
class Stated:
    """Metadata a container stated (hints, front matter); it wins over inference."""

    title: str | None = None
    published: str | None = None
    published_evidence: str | None = None
    outlet: str | None = None
    authors: list[str] = field(default_factory=list)
    url: str | None = None

    @classmethod
    def from_hints(cls, hints: Hints | None) -> Stated:
        hints = hints or Hints()
        return cls(
            title=hints.title or None,
            published=hints.published or None,
            published_evidence=hints.published or None,
            outlet=hints.outlet or None,
            authors=list(hints.authors),
            url=hints.url,
        )

    def hints(self) -> Hints:
        """What is stated, as a container's hints (for a second reading of the text)."""
        return Hints(
            title=self.title,
            published=self.published,
            outlet=self.outlet,
            authors=list(self.authors),
            url=self.url,
        )

    def take(self, found: FrontMatter) -> int:
        """Fill what is not yet stated from a front-matter block; the lines it spans.

        An author that is an organisation ("author: Flank Institute", "ISW") is
        also the publisher when no publisher key names one: think tanks sign so.
        """
        self.title = self.title or found.title
        if not self.published and found.published:
            self.published, self.published_evidence = found.published, found.published_evidence
        self.outlet = (
            self.outlet or found.publisher or next(filter(_organisation, found.authors), None)
        )
        self.authors = self.authors or found.authors
        self.url = self.url or found.url
        return found.lines


@dataclass(slots=True)
class _Shape:
    """What a line looks like, measured once."""

    text: str  # stripped feature text
    words: int
    letters: int
    sentence: bool  # ends like a sentence (or a clause leading into one)
    caps: bool  # mostly capitals: a shouted subhead or a button
    title_case: float  # share of content words that start with a capital
    furniture: bool  # carries a chrome phrase ("Sign up", "Read more")
    nav: bool  # a breadcrumb or menu of section names
    credit: bool

    @property
    def blank(self) -> bool:
        return not self.text

    @property
    def separator(self) -> bool:
        return bool(self.text) and _SEPARATOR.match(self.text) is not None

    @property
    def running(self) -> bool:
        """A short paragraph of the story's kind: a full sentence in sentence case."""
        return (
            self.sentence
            and self.words >= 8
            and self.title_case < 0.5
            and not (self.furniture or self.nav or self.credit or self.caps)
        )

    @property
    def prose(self) -> bool:
        """A paragraph of running prose: long, sentence-punctuated, sentence case.

        A full sentence may carry more capitals than a headline-like line: a news
        lede is often half names ("Belarusian leader Alexander Lukashenko met
        Russian defence minister Sergei Shoigu in Minsk on Sunday, 20 February.").
        """
        if self.furniture or self.nav or self.credit or self.caps:
            return False
        if self.title_case >= (NAMED_LEDE_MAX_TITLE_CASE if self.sentence else 0.6):
            return False
        if self.words < PROSE_MIN_WORDS or len(self.text) < PROSE_MIN_CHARS:
            return False
        ends = _SENTENCE_END.search(self.text) is not None
        return ends or (self.words >= 25 and _INNER_SENTENCE.search(self.text) is not None)


def _measure(text: str) -> _Shape:
    stripped = text.strip()
    tokens = stripped.split()
    letters = sum(map(str.isalpha, stripped))
    upper = sum(map(str.isupper, stripped))
    content = [t for t in tokens if t[:1].isalpha() and t.lower() not in _SMALL_WORDS]
    capitalised = sum(1 for t in content if t[0].isupper())
    words = len(tokens)
    ends = _SENTENCE_END.search(stripped) is not None
    clause = words >= 8 and _CLAUSE_END.search(stripped) is not None
    hits = len(_FURNITURE.findall(stripped.lower())) if stripped else 0
    # One chrome phrase in a long sentence may be the story's own word
    # ("the Telegram channel's newsletter"); two, or a short line, are chrome.
    furniture = hits > 0 and (words <= 25 or hits >= 2 or not ends)
    nav = False
    if not ends and 2 <= words <= 12:
        sections = sum(1 for t in tokens if t.strip(",:>»|").lower() in _NAV_WORDS)
        nav = len(_CRUMB_SEPARATORS.findall(stripped)) >= 2 or sections * 2 >= words
    credit = (
        bool(stripped)
        and words <= 25
        and _COPYRIGHT_FOOTER.search(stripped) is None
        and (
            _CREDIT.search(stripped) is not None
            or (not ends and _CREDIT_BY.match(stripped) is not None)
            or (not ends and words <= 8 and _SLASH_CREDIT.match(stripped) is not None)
        )
    )
    return _Shape(
        text=stripped,
        words=words,
        letters=letters,
        sentence=ends or clause,
        caps=letters >= 4 and upper / letters > 0.8,
        title_case=capitalised / len(content) if content else 0.0,
        furniture=furniture,
        nav=nav,
        credit=credit,
    )


# --- small text helpers ------------------------------------------------------


def _key(text: str) -> str:
    """Comparison key: case, compatibility forms (non-breaking spaces), edge punctuation ignored."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(text.split()).strip(" .,:;|–—-")


def _looks_like_person(name: str) -> bool:
    """'Jane Doe', 'Anna de la Cruz', 'J. R. Hartley'; not 'bne IntelliNews' or 'Reuters'."""
    tokens = name.split()
    if not 2 <= len(tokens) <= 4:
        return False
    for token in tokens:
        bare = token.strip(",.")
        if bare.lower() in _NAME_PARTICLES:
            continue
        if bare.lower() in _ORG_WORDS or bare.lower() in _ROLE_WORDS:
            return False
        if not bare[:1].isupper() or not bare[:1].isalpha():
            return False
        if len(bare) > 1 and bare.isupper():  # an acronym: "BBC", "AFP"
            return False
        if any(c.isdigit() for c in bare):
            return False
    return True


def _organisation(name: str) -> bool:
    """'Flank Institute', 'ISW', 'Reuters News': a body's name, not a person's."""
    tokens = [t.strip(",.") for t in name.split()]
    if any(t.lower() in _ORG_WORDS for t in tokens):
        return True
    return len(tokens) == 1 and len(tokens[0]) > 1 and tokens[0].isupper()


def _split_names(raw: str) -> list[str]:
    parts = re.split(r"\s*(?:,|;|\||&|\band\b|\s[–—-]\s)\s*", raw)
    return [p.strip(" .") for p in parts if p and p.strip(" .")]


def _byline_parts(rest: str) -> tuple[list[str], str | None]:
    """'Jane Doe and John Roe' -> authors; 'bne IntelliNews' -> outlet; roles dropped."""
    rest = _PLACE_SUFFIX.sub("", rest)
    authors: list[str] = []
    outlet: str | None = None
    for part in _split_names(rest):
        lowered = {t.lower() for t in part.split()}
        if lowered & _ROLE_WORDS:
            continue
        if part.isupper() and _looks_like_person(part.title()):
            authors.append(part.title())  # "JANE DOE": a shouted byline
        elif _looks_like_person(part):
            authors.append(part)
        elif outlet is None and len(part.split()) <= 5:
            outlet = part
    return authors, outlet


def _date_of(match: re.Match[str]) -> str | None:
    g = match.groupdict()
    try:
        if g["y1"]:
            found = date(int(g["y1"]), every_month()[g["m1"].lower()], int(g["d1"]))
        elif g["y2"]:
            found = date(int(g["y2"]), every_month()[g["m2"].lower()], int(g["d2"]))
        elif g["y3"]:
            found = date(int(g["y3"]), int(g["m3"]), int(g["d3"]))
        elif g["y4"]:  # d.m.yyyy is day-first wherever it is written
            found = date(int(g["y4"]), int(g["m4"]), int(g["d4"]))
        else:
            # a/b/yyyy is day-first in Europe and month-first in the US; only
            # a part above 12 says which, and a guess would be a wrong date.
            a, b = int(g["a5"]), int(g["b5"])
            if a > 12 >= b:
                found = date(int(g["y5"]), b, a)
            elif b > 12 >= a:
                found = date(int(g["y5"]), a, b)
            else:
                return None
    except (ValueError, KeyError):
        return None
    return found.isoformat()


def _residue(text: str) -> str:
    """What a line says besides its dates, times and dateline words."""
    for pattern in (_date(), _TIME, _WEEKDAY, _DATE_WORDS):
        text = pattern.sub(" ", text)
    return " ".join(re.sub(r"[^\w\s'’.-]", " ", text).split())


def dateline_date(text: str) -> str | None:
    """The publication date a dateline states, as YYYY-MM-DD, or None.

    'By bne IntelliNews February 23, 2022' -> '2022-02-23';
    'Published 12 Oct 2022 | Updated 13 Oct 2022' -> '2022-10-12'. A date
    that follows "Updated" is not the publication date, so a line stating
    only an update gives None.
    """
    start = 0
    for match in _date().finditer(text):
        before = text[start : match.start()]
        start = match.end()
        updated = list(_UPDATED.finditer(before))
        published = list(_PUBLISHED.finditer(before))
        if updated and (not published or published[-1].start() < updated[-1].start()):
            continue
        found = _date_of(match)
        if found:
            return found
    return None


# A wire dateline opens the first paragraph: a place, a comma, the full date, perhaps the
# agency in brackets, then a dash or a full stop ("MINSK, Feb 20, 2022 (Reuters) -",
# "Минск, 21 февраля 2022 года. ..."). Up to four words of place, each capitalised, and
# perhaps its country after a second comma.
_WIRE_PLACE = re.compile(
    r"^(?:[^\W\d_][\w'’.-]*(?:[ -][^\W\d_][\w'’.-]*){0,3},\s+){1,2}"  # "KYIV, Ukraine, "
)
# What may stand between the date and the dash: a year word ("года", "р.", "г."), the
# agency in brackets; at most this many characters.
WIRE_DATELINE_GAP = 20
_WIRE_END = re.compile(r"\s*(?:\([^()]{1,40}\)\s*)?(?:[-–—.:]\s|[-–—]$)")


def wire_dateline(text: str) -> tuple[str, str] | None:
    """(date, evidence) of a wire dateline opening a paragraph, or None.

    'MINSK, Feb 20, 2022 (Reuters) - The ministry ...' -> ('2022-02-20', 'MINSK, Feb 20,
    2022 (Reuters) -'). The place must be capitalised and the date full (day, month,
    year), so a sentence that opens with a place and a date ("In Minsk, 20 February 2022
    was ...") is not one: it has no comma right after its first capitalised words.
    """
    place = _WIRE_PLACE.match(text)
    if place is None or not all(w[:1].isupper() for w in place.group().replace(",", " ").split()):
        return None
    date_match = _date().match(text, place.end())
    if date_match is None:
        return None
    for gap in range(0, WIRE_DATELINE_GAP + 1):
        end = _WIRE_END.match(text, date_match.end() + gap)
        if end is not None:
            between = text[date_match.end() : date_match.end() + gap]
            if between.strip() and not re.fullmatch(r"\s*[^\W\d_]{1,6}\.?", between):
                return None  # more than a year word: not a dateline
            found = _date_of(date_match)
            return (found, text[: end.end()].strip()) if found else None
    return None


def _is_dateline(shape: _Shape) -> bool:
    if shape.words > 20 or _date().search(shape.text) is None:
        return False
    if _DATELINE_START.match(shape.text):
        return True
    # A teaser headline may mention a date; a dateline is little else.
    return len(_residue(shape.text).split()) <= DATELINE_MAX_RESIDUE


# --- the body region ----------------------------------------------------------


@dataclass(slots=True)
class _Cluster:
    first: int
    last: int
    weight: int  # words of prose


def _clusters(shapes: Sequence[_Shape], prose: Sequence[bool]) -> list[_Cluster]:
    """Runs of prose lines, in order."""
    clusters: list[_Cluster] = []
    current: _Cluster | None = None
    cost = 0
    for i, shape in enumerate(shapes):
        if prose[i]:
            if current is not None and cost > CLUSTER_GAP_COST:
                clusters.append(current)
                current = None
            if current is None:
                current = _Cluster(first=i, last=i, weight=0)
            current.last, cost = i, 0
            current.weight += shape.words
        elif not shape.blank and _COMMENTS_START.search(shape.text):
            # A comment section is a hard edge: prose after it is readers'.
            # (It does not disqualify later prose from being the story: a
            # "74 comments" link often sits in the header above it.)
            cost = CLUSTER_GAP_COST + 1
        elif current is not None and not shape.blank and not shape.running:
            # Short full sentences (wire-style one-sentence paragraphs) keep a
            # cluster together; chrome pulls it apart faster than other lines.
            cost += 2 if shape.furniture or shape.separator else 1
    if current is not None:
        clusters.append(current)
    return clusters


def _body_region(shapes: Sequence[_Shape], prose: Sequence[bool]) -> tuple[int, int] | None:
    """Index span of the story: the heaviest cluster plus heavy neighbours."""
    clusters = _clusters(shapes, prose)
    if not clusters:
        return None
    main = max(range(len(clusters)), key=lambda k: clusters[k].weight)
    floor = clusters[main].weight * MERGE_SHARE
    lo = hi = main

    def joinable(a: int, b: int) -> bool:
        between = [shapes[i] for i in range(a + 1, b) if not shapes[i].blank]
        if len(between) > MERGE_MAX_GAP:
            return False
        return not any(_COMMENTS_START.search(s.text) for s in between)

    while lo > 0 and clusters[lo - 1].weight >= floor:
        if not joinable(clusters[lo - 1].last, clusters[lo].first):
            break
        lo -= 1
    while hi < len(clusters) - 1 and clusters[hi + 1].weight >= floor:
        if not joinable(clusters[hi].last, clusters[hi + 1].first):
            break
        hi += 1
    return clusters[lo].first, clusters[hi].last


def _next_nonblank(shapes: Sequence[_Shape], i: int, step: int) -> int | None:
    j = i + step
    while 0 <= j < len(shapes):
        if not shapes[j].blank:
            return j
        j += step
    return None


# --- head and tail ------------------------------------------------------------


@dataclass(slots=True)
class _Facts:
    """What the head and tail of a scrape say about the article."""

    title: str | None = None
    title_outlet: str | None = None  # from "Title | Outlet"
    authors: list[str] = field(default_factory=list)
    bio_authors: list[str] = field(default_factory=list)
    byline_outlet: str | None = None
    published: str | None = None
    evidence: str | None = None


def _may_carry_title(i: int, shapes: Sequence[_Shape], roles: Sequence[LineRole | None]) -> bool:
    """Unassigned lines, and nav crumbs a scrape ran into the headline ("Home World <title>")."""
    if shapes[i].blank:
        return False
    return roles[i] is None or (roles[i] is LineRole.FURNITURE and shapes[i].nav)


def _headline_shaped(shape: _Shape) -> bool:
    if not 3 <= shape.words <= 30 or shape.letters < 10:
        return False
    if shape.furniture or shape.nav or shape.credit or shape.caps or shape.separator:
        return False
    if shape.text[-1] in ".,;:" and not shape.text.endswith("..."):
        return False  # headlines do not end in a full stop; teasers and decks do
    return not _looks_like_person(shape.text)


def _strip_label(title: str) -> str:
    match = _LABEL.match(title)
    return match.group("title").strip() if match else title


def _suffix_outlet(longer: str, title: str) -> str | None:
    """'Title | Outlet' (a page-title line) names the outlet after the separator."""
    if not _key(longer).startswith(_key(title)):
        return None
    rest = longer.strip()[len(title.strip()) :].strip()
    if rest[:1] in ("|", "–", "—", "-", "·", ":") and 1 <= len(rest[1:].split()) <= 5:
        name = rest[1:].strip()
        # "Title - NATO says" runs the headline on; a site's name ends on a capital
        # word ("bne IntelliNews", "Eastern Flank Monitor", "oDR: Analysis")
        last = name.split()[-1]
        return name if any(c.isupper() for c in last) or last[:1].isdigit() else None
    return None


def _runs_on_after_separator(longer: str, key: str) -> bool:
    """Whether ``longer`` is another line ending in ``key`` after a separator ("... | key")."""
    if longer == key or not longer.endswith(" " + key):
        return False
    return longer[: -len(key)].rstrip()[-1:] in ("|", "–", "—", "-", "·")


def _find_title(
    head: Sequence[int], shapes: Sequence[_Shape], roles: Sequence[LineRole | None]
) -> tuple[str | None, list[int], str | None]:
    """The headline among head lines: (title, its lines, outlet from a page-title line)."""
    scan = [i for i in head[:HEAD_SCAN] if _may_carry_title(i, shapes, roles)]
    candidates = [i for i in scan if roles[i] is None and _headline_shaped(shapes[i])]
    keys = {i: _key(shapes[i].text) for i in scan}
    # A headline a scrape repeats (page title, then <h1>; or a nav crumb run
    # into it) is the strongest signal: teasers and decks appear once.
    for i in candidates:
        k = keys[i]
        partners = [
            j
            for j in scan
            if j != i and (keys[j] == k or keys[j].endswith(" " + k) or keys[j].startswith(k + " "))
        ]
        if partners and all(_runs_on_after_separator(keys[j], k) for j in partners):
            continue  # "<headline> - Yerevan Evening Post": this line is the site's name
        if partners:
            title = shapes[i].text
            suffixes = (_suffix_outlet(shapes[j].text, title) for j in partners)
            outlet = next((o for o in suffixes if o), None)
            return _strip_label(title), sorted([i, *partners]), outlet
    for i in candidates:
        if _LABEL.match(shapes[i].text):
            return _strip_label(shapes[i].text), [i], None
    for i in candidates:
        # A teaser list separates its items with "|" lines; the headline is
        # followed by a byline, a deck or the story instead.
        after = _next_nonblank(shapes, i, 1)
        if after is not None and shapes[after].separator:
            continue
        return shapes[i].text, [i], None
    return None, [], None


def _title_lines(
    head: Sequence[int], shapes: Sequence[_Shape], roles: Sequence[LineRole | None], title: str
) -> list[int]:
    """Head lines that carry a stated title (alone, or after a nav crumb or label)."""
    k = _key(title)
    if not k:
        return []
    found = []
    for i in head[:HEAD_SCAN]:
        if not _may_carry_title(i, shapes, roles):
            continue
        line = _key(shapes[i].text)
        if line == k or line.endswith(" " + k) or line.startswith(k + " "):
            found.append(i)
    return found


def _read_head(
    head: Sequence[int], shapes: Sequence[_Shape], roles: list[LineRole | None], facts: _Facts
) -> None:
    """Bylines and datelines among the head lines; marks them BYLINE."""
    datelines = []
    for i in head:
        shape = shapes[i]
        if roles[i] is not None or shape.blank or shape.words > 20:
            continue
        byline = _BYLINE.match(shape.text)
        is_dateline = _is_dateline(shape)
        if byline and not shape.text.endswith("."):
            rest = byline.group("rest")
            has_date = _date().search(rest) is not None
            names = _PLACE_SUFFIX.sub("", _residue(rest) if has_date else rest)
            # "By the end of the year, ..." is a sentence, not a byline: names
            # start with capitals (an outlet like "bne IntelliNews" may not,
            # but then a date follows on the same line).
            tokens = [t for t in names.split() if t.lower() not in _NAME_JOINERS]
            if has_date or (tokens and all(t[:1].isupper() for t in tokens)):
                authors, outlet = _byline_parts(names)
                facts.authors.extend(a for a in authors if a not in facts.authors)
                facts.byline_outlet = facts.byline_outlet or outlet
                roles[i] = LineRole.BYLINE
        if is_dateline:
            roles[i] = LineRole.BYLINE
            datelines.append(i)
            if facts.published is None and (found := dateline_date(shape.text)):
                facts.published, facts.evidence = found, shape.text
            if not byline:
                residue = _residue(shape.text)
                inner = re.search(r"\bby\s+(?P<rest>\S.*)$", residue, re.IGNORECASE)
                if inner:  # "Posted on 9 February 2022 by Jane Doe"
                    found_authors, outlet = _byline_parts(inner.group("rest"))
                    facts.byline_outlet = facts.byline_outlet or outlet
                elif _looks_like_person(residue):  # "Jane Doe | 9 February 2022"
                    found_authors = [residue]
                else:
                    found_authors = []
                facts.authors.extend(a for a in found_authors if a not in facts.authors)
    # A bare name right next to the dateline is the byline ("Igor Ilyash").
    for i in datelines:
        for step in (-1, 1):
            j = _next_nonblank(shapes, i, step)
            if j is None or j not in head or roles[j] is not None:
                continue
            if _looks_like_person(shapes[j].text):
                roles[j] = LineRole.BYLINE
                if shapes[j].text not in facts.authors:
                    facts.authors.append(shapes[j].text)
            elif _organisation(shapes[j].text) and shapes[j].words <= OUTLET_MAX_WORDS:
                # "Baku Morning Bulletin" over the dateline: the site's own name
                roles[j] = LineRole.BYLINE
                facts.byline_outlet = facts.byline_outlet or shapes[j].text


def _read_tail(
    tail: Sequence[int], shapes: Sequence[_Shape], roles: list[LineRole | None], facts: _Facts
) -> None:
    """Author bios and late datelines right after the story."""
    seen = 0
    for i in tail:
        shape = shapes[i]
        if shape.blank:
            continue
        seen += 1
        if seen > TAIL_SCAN:
            break
        if roles[i] is not None or shape.words > 45:
            continue
        bio = _BIO.match(shape.text)
        if bio and _BIO_ROLE.search(shape.text) and _looks_like_person(bio.group("name")):
            roles[i] = LineRole.BYLINE
            facts.bio_authors.append(bio.group("name"))
        elif seen <= 3 and _DATELINE_START.match(shape.text) and _is_dateline(shape):
            roles[i] = LineRole.BYLINE
            if facts.published is None and (found := dateline_date(shape.text)):
                facts.published, facts.evidence = found, shape.text


_COPYRIGHT_HOLDER = re.compile(
    r"^(?:(?:©|\(c\)|copyright)\s*(?:\d{4}\s+)?(?P<after>[^.,|©]{2,40}?)"
    r"|(?P<before>[^.,|©]{2,40}?)\s*(?:©|\(c\)|copyright)\s*\d{4})"
    r"\s*(?:[.,|]|all rights reserved|$)",
    re.IGNORECASE,
)


def _copyright_outlet(indices: Sequence[int], shapes: Sequence[_Shape]) -> str | None:
    """The site named in its copyright footer: '© 2022 Polesie Wire', 'Dnieper Daily (c) 2022'."""
    for i in reversed(indices):  # footers are at the end
        match = _COPYRIGHT_HOLDER.match(shapes[i].text.strip())
        if match:
            name = (match.group("after") or match.group("before") or "").strip()
            if _PICTURE_CREDIT.search(shapes[i].text):
                continue  # "(c) NATO / Alamy Stock Photo": whose picture, not whose page
            if name and name[:1].isupper() and len(name.split()) <= OUTLET_MAX_WORDS:
                return name
    return None


def _furniture_outlet(indices: Sequence[int], shapes: Sequence[_Shape]) -> str | None:
    """The outlet a site's own prompts name: 'a Foreign Policy subscription'."""
    names: Counter[str] = Counter()
    for i in indices:
        shape = shapes[i]
        if shape.caps or shape.words > 60:
            continue  # shouted buttons run words together ("AN FP SUBSCRIBER")
        if not _PROMPT_WORDS.intersection(re.findall(r"[a-z]+", shape.text.lower())):
            # a related-story link ("Finland's NATO membership bid explained") names
            # what the story is about; a prompt asks the reader to do something
            continue
        for cue in _OUTLET_CUE.finditer(shape.text):
            tokens = shape.text[: cue.start()].split()
            run: list[str] = []
            for token in reversed(tokens):
                if not any(c.isupper() for c in token) or not token[:1].isalnum():
                    break
                run.append(token)
            while run and run[-1].lower() in _PROMPT_VERBS:
                run.pop()  # the run is reversed: its end is the first word
            if len(run) < len(tokens) and tokens[-len(run) - 1].lower() in ("our", "my"):
                continue  # "our Belarus newsletter": a topic, not the outlet's name
            # Outlet names are short; a long run of capitalised words is a
            # share bar or menu ("Facebook Link Email Newsletter").
            if 0 < len(run) <= OUTLET_MAX_WORDS:
                names[" ".join(reversed(run))] += 1
    if not names:
        return None
    # A full name beats its abbreviation ("Foreign Policy" over "FP").
    return max(names, key=lambda n: (len(n.split()), len(n), names[n]))


# --- assembly -----------------------------------------------------------------


def split_lines(text: str) -> list[str]:
    """The stored lines of a text: split on "\\n" exactly, one trailing "\\r" dropped.

    A leading byte-order mark is dropped too: it is an encoding artefact that
    would otherwise stick to the first word of the headline.
    """
    text = text.removeprefix("\ufeff")
    return [line.removesuffix("\r") for line in text.split("\n")]


def article_from_lines(
    lines: Sequence[str],
    *,
    doc: str,
    origin: str,
    kind: DocKind,
    stated: Stated,
    preset: Mapping[int, LineRole] | None = None,
    feature_text: Sequence[str] | None = None,
) -> Article:
    """Roles for already-split lines, then the Article; shared by text and Markdown.

    ``preset`` fixes the role of some lines by index (front matter, headings);
    ``feature_text`` is what each line is measured by when the stored text
    carries syntax (Markdown emphasis, link targets) that would skew its
    shape.
    """
    preset = preset or {}
    measured = feature_text if feature_text is not None else lines
    shapes = [_measure(t) for t in measured]
    roles: list[LineRole | None] = [preset.get(i) for i in range(len(lines))]

    # Stage 2: furniture and credits wherever they stand, and prompts' blurbs.
    for i, shape in enumerate(shapes):
        if roles[i] is not None:
            continue
        if shape.blank:
            roles[i] = LineRole.BLANK
        elif shape.credit:
            roles[i] = LineRole.CAPTION
        elif shape.separator or shape.furniture or shape.nav:
            roles[i] = LineRole.FURNITURE
    for i, shape in enumerate(shapes):
        # A prompt's heading is followed by its blurb ("Get the free newsletter"
        # / "A weekly summary of ..."): one short statement, chrome too. A
        # headline under a "Subscribe" button is not a blurb: it has no stop.
        if roles[i] is LineRole.FURNITURE and shape.furniture:
            j = _next_nonblank(shapes, i, 1)
            if j is not None and roles[j] is None and _blurb_like(shapes[j]):
                roles[j] = LineRole.FURNITURE
    prose = [roles[i] is None and s.prose for i, s in enumerate(shapes)]

    # Stage 3: the body region; with no long prose at all, fall back to any
    # full sentences so that a short note still has a body.
    region = _body_region(shapes, prose)
    if region is None:
        relaxed = [
            roles[i] is None and s.sentence and s.words >= 6 and s.title_case < 0.6
            for i, s in enumerate(shapes)
        ]
        region = _body_region(shapes, relaxed)
        prose = relaxed
    start, end = region if region else (len(lines), len(lines) - 1)
    facts = _Facts()
    _read_tail(range(end + 1, len(lines)), shapes, roles, facts)
    start, end = _extend(start, end, shapes, roles)

    # Stage 4: the head, then captions beside their credits.
    head = range(start)
    _read_head(head, shapes, roles, facts)
    if stated.title:
        title_lines = _title_lines(head, shapes, roles, stated.title)
    else:
        facts.title, title_lines, facts.title_outlet = _find_title(head, shapes, roles)
    for i in title_lines:
        roles[i] = LineRole.TITLE
    _mark_captions(shapes, roles)

    # Stage 5: roles for the rest.
    for i, shape in enumerate(shapes):
        if roles[i] is not None:
            continue
        if i < start or i > end:
            roles[i] = LineRole.FURNITURE
        elif prose[i] or _body_like(shape):
            roles[i] = LineRole.BODY
        else:
            roles[i] = LineRole.SUBHEAD
    if region is None and LineRole.BODY not in roles:
        _keep_tabular_body(shapes, roles)
    article_lines = _with_duplicates(lines, roles)

    # Stage 6: metadata.
    furniture = [i for i, r in enumerate(roles) if r is LineRole.FURNITURE]
    if facts.published is None:
        body = (s.text for s, r in zip(shapes, roles, strict=True) if r is LineRole.BODY)
        first_body = next(body, None)
        if first_body is not None and (wire := wire_dateline(first_body)):
            facts.published, facts.evidence = wire
    published, evidence = _published(stated, facts)
    authors = stated.authors or facts.authors or facts.bio_authors
    return Article(
        doc=doc,
        origin=origin,
        kind=kind,
        title=stated.title or facts.title,
        outlet=stated.outlet
        or facts.byline_outlet
        or facts.title_outlet
        or _copyright_outlet(furniture, shapes)
        or _furniture_outlet(furniture, shapes),
        authors=list(authors),
        published=published,
        published_evidence=evidence,
        url=stated.url,
        lines=article_lines,
    )


def _keep_tabular_body(shapes: Sequence[_Shape], roles: list[LineRole | None]) -> None:
    """A report with no prose at all (an earnings table, a list of figures) keeps its rows.

    Refusing it would lose exactly the numbers a situation picture wants; only
    lines that are furniture by their words (prompts, credits, separators),
    the title and bylines, and one-word sign-offs ("Reuter") stay out.
    """
    for i, shape in enumerate(shapes):
        if roles[i] in (LineRole.FURNITURE, LineRole.SUBHEAD, None) and not (
            shape.blank or shape.furniture or shape.credit or shape.separator or shape.words < 2
        ):
            roles[i] = LineRole.BODY


def _blurb_like(shape: _Shape) -> bool:
    return not shape.prose and shape.words < 20 and shape.text[-1:] in (".", "!")


def _mark_captions(shapes: Sequence[_Shape], roles: list[LineRole | None]) -> None:
    """A caption sits next to its credit line.

    Before the credit, or after it when the line before is story prose. The
    line after is only taken when it is a clause long enough not to be the
    next section's subhead.
    """
    for i, shape in enumerate(shapes):
        if not shape.credit or roles[i] is not LineRole.CAPTION:
            continue
        before = _next_nonblank(shapes, i, -1)
        after = _next_nonblank(shapes, i, 1)
        if before is not None and roles[before] is None and _caption_like(shapes[before]):
            roles[before] = LineRole.CAPTION
        elif (
            after is not None
            and roles[after] is None
            and _caption_like(shapes[after])
            and shapes[after].words >= 8
        ):
            roles[after] = LineRole.CAPTION


def _caption_like(shape: _Shape) -> bool:
    return not shape.blank and not shape.prose and not shape.sentence and shape.words <= 30


def _body_like(shape: _Shape) -> bool:
    """A non-prose line inside the story region that still belongs to the story."""
    if shape.caps or shape.words < 3:
        return False  # "CALCULUS CHANGING": a shouted subhead
    if shape.sentence:
        return True  # a short paragraph or a one-line quote
    # A paragraph that lost its final stop is still long running prose.
    return shape.words >= PROSE_MIN_WORDS and shape.title_case < 0.5


def _extend(
    start: int, end: int, shapes: Sequence[_Shape], roles: list[LineRole | None]
) -> tuple[int, int]:
    """Grow the region over short full sentences that touch it (a one-line lede or ending)."""
    if start > end:
        return start, end

    def takes(i: int, min_words: int) -> bool:
        s = shapes[i]
        return roles[i] is None and s.sentence and s.words >= min_words and s.title_case < 0.6

    for _ in range(3):
        j = _next_nonblank(shapes, start, -1)
        if j is None or not takes(j, 8):
            break
        start = j
    for _ in range(3):
        j = _next_nonblank(shapes, end, 1)
        if j is None or not takes(j, 5):
            break
        end = j
    return start, end


def _with_duplicates(lines: Sequence[str], roles: Sequence[LineRole | None]) -> list[Line]:
    seen: dict[str, int] = {}
    out: list[Line] = []
    for i, (text, role) in enumerate(zip(lines, roles, strict=True)):
        number = i + 1
        assert role is not None  # every line got a role in stage 5
        duplicate_of = None
        if role is LineRole.BODY:
            key = " ".join(text.casefold().split())
            duplicate_of = seen.get(key)
            seen.setdefault(key, number)
        out.append(Line(number=number, text=text, role=role, duplicate_of=duplicate_of))
    return out


def _published(stated: Stated, facts: _Facts) -> tuple[str | None, str | None]:
    if stated.published:
        found = iso_date(stated.published)
        if found:
            return found, stated.published_evidence or stated.published
        log.debug("unreadable stated date %r; reading the text instead", stated.published)
    return facts.published, facts.evidence


def clean_message(text: str, *, doc: str, origin: str, hints: Hints | None = None) -> Article:
    """A chat post (a Telegram message) as an Article: its text is all post.

    A post has no headline, byline or page furniture around it, and a short
    one ("Quiet night at the crossing.") is still a report: every non-blank
    line is body (repeats marked), and the metadata is what the export stated.
    """
    lines = split_lines(text)
    stated = Stated.from_hints(hints)
    roles = [LineRole.BODY if line.strip() else LineRole.BLANK for line in lines]
    published, evidence = _published(stated, _Facts())
    return Article(
        doc=doc,
        origin=origin,
        kind=DocKind.MESSAGE,
        title=stated.title,
        outlet=stated.outlet,
        authors=list(stated.authors),
        published=published,
        published_evidence=evidence,
        url=stated.url,
        lines=_with_duplicates(lines, roles),
        forwarded_from=hints.forwarded_from if hints else None,
        reply_to=hints.reply_to if hints else None,
    )


def clean_text(
    text: str,
    *,
    doc: str,
    origin: str,
    kind: DocKind = DocKind.TEXT,
    hints: Hints | None = None,
) -> Article:
    """A plain-text scrape as an Article: every line numbered and given a role.

    Hints (from a feed entry or a JSON container) win over what the text
    says; without them the title, bylines and dateline are read from the
    lines before the story and author bios from the lines after it. The
    publication date is only taken from a dateline: a scrape without one
    gets ``published=None`` rather than a guess.
    """
    lines = split_lines(text)
    stated = Stated.from_hints(hints)
    fenced = stated.take(front_matter(lines))
    if fenced:
        # A scrape saved with a front-matter block: its lines are read as blank (they
        # are metadata, never a headline or a byline) and kept as furniture.
        blanked = [""] * fenced + lines[fenced:]
        article = clean_text(
            "\n".join(blanked), doc=doc, origin=origin, kind=kind, hints=stated.hints()
        )
        kept = [
            replace(line, text=lines[i], role=LineRole.FURNITURE if lines[i].strip() else line.role)
            if i < fenced
            else line
            for i, line in enumerate(article.lines)
        ]
        return replace(article, lines=kept)
    blocks = paragraph_blocks(lines)
    if blocks is None:
        return article_from_lines(lines, doc=doc, origin=origin, kind=kind, stated=stated)
    # Hard-wrapped: clean whole paragraphs, then give each line its paragraph's role.
    joined = [" ".join(lines[i].strip() for i in block) for block in blocks]
    by_paragraph = article_from_lines(joined, doc=doc, origin=origin, kind=kind, stated=stated)
    first_line = [block[0] + 1 for block in blocks]
    unwrapped = []
    for block, paragraph in zip(blocks, by_paragraph.lines, strict=True):
        repeats = paragraph.duplicate_of
        for i in block:
            unwrapped.append(
                Line(
                    number=i + 1,
                    text=lines[i],
                    role=paragraph.role,
                    duplicate_of=first_line[repeats - 1] if repeats is not None else None,
                )
            )
    return replace(by_paragraph, lines=unwrapped)
