"""The typed records every stage exchanges.

Flow: a source yields :class:`RawDoc` (or :class:`SourceError`), ``clean``
turns a RawDoc into an :class:`Article`, the store keeps Articles and
:class:`IngestRun` records. Each record is a plain dataclass; the store's
tables and the JSON output are derived from these field lists (see
``watchfloor.store.schema``) so a field is declared once, here.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum


class DocKind(StrEnum):
    """How a document's bytes are to be read by ``clean``."""

    TEXT = "text"  # a plain-text scrape: lines, no markup
    MARKDOWN = "markdown"  # Markdown, maybe with YAML front matter
    HTML = "html"  # a web page, through trafilatura
    MESSAGE = "message"  # a chat post (Telegram): every line of its text is body


@dataclass(slots=True, kw_only=True)
class Hints:
    """Metadata a container already states (JSON fields, feed entries, front matter).

    Clean prefers these to what it infers from the text, since the container's
    author stated them explicitly.
    """

    title: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date (or datetime) as stated
    outlet: str | None = None
    authors: list[str] = field(default_factory=list)
    # the channel a forwarded chat post was first published in (Telegram's
    # "Forwarded from"): the report is that channel's, relayed by ``outlet``
    forwarded_from: str | None = None
    # the doc of the chat post this one answers (Telegram's "In reply to")
    reply_to: str | None = None


@dataclass(slots=True, kw_only=True)
class RawDoc:
    """One document as a source found it, before any cleaning.

    ``origin`` says where it came from precisely enough to find it again
    (``reports/a.txt``, ``feed.xml#entry-3``, ``crawl.warc.gz#record-12``,
    ``https://...``); ``name`` is the short name users and gold files use
    (the file name, or the URL).
    """

    origin: str
    name: str
    kind: DocKind
    data: bytes | None = None  # raw bytes; ``clean.decoded`` reads them as text
    text: str | None = None  # already-decoded text (JSON fields, feed content)
    encoding: str | None = None  # declared encoding, if the container said one
    hints: Hints = field(default_factory=Hints)


@dataclass(slots=True, frozen=True)
class Skipped:
    """A file a folder scan passed over, or an item a reader passed over (a Telegram
    sticker alone), and why: said in the run's summary, so that a folder of PDFs does
    not look like a folder with nothing in it. Not an error: the run does not fail."""

    path: str
    reason: str  # "unsupported type .pdf", "folder documentation"


@dataclass(slots=True, kw_only=True)
class SourceError:
    """An input that could not be read; reported, never fatal to the batch."""

    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


class LineRole(StrEnum):
    """What a line of an article is, as told by ``clean``."""

    BODY = "body"
    TITLE = "title"
    BYLINE = "byline"  # author and/or dateline
    CAPTION = "caption"  # photo captions and credits
    SUBHEAD = "subhead"  # section headings inside the story
    FURNITURE = "furniture"  # navigation, prompts, teasers, comments, share bars
    BLANK = "blank"


@dataclass(slots=True, kw_only=True)
class Line:
    """One line of an article's stored text, numbered from 1 as stored.

    Line numbers never change after cleaning, so every later extraction can
    point at ``(article, line)`` and a reader can find the sentence.
    """

    number: int
    text: str
    role: LineRole
    duplicate_of: int | None = None  # the earlier body line this one repeats


@dataclass(slots=True, kw_only=True)
class Article:
    """A cleaned report: metadata plus numbered lines with their roles."""

    doc: str  # file name or URL, as in gold files
    origin: str
    kind: DocKind
    title: str | None
    outlet: str | None
    authors: list[str]
    published: str | None  # ISO 8601 date, YYYY-MM-DD or coarser; None if unknown
    published_evidence: str | None  # the text the date was read from
    url: str | None
    lines: list[Line]
    language: str | None = None
    forwarded_from: str | None = None  # a forward's original channel (``Hints``)
    reply_to: str | None = None  # the doc of the chat post it answers (``Hints``)

    @property
    def text(self) -> str:
        """The stored text, whose lines ``lines`` number."""
        return "\n".join(line.text for line in self.lines)

    @property
    def body_lines(self) -> list[Line]:
        return [line for line in self.lines if line.role is LineRole.BODY]

    @property
    def body(self) -> str:
        """The article's body, without repeated lines: what search and NLP read."""
        return "\n".join(line.text for line in self.body_lines if line.duplicate_of is None)

    @property
    def dateline(self) -> tuple[int, int] | None:
        """(line number, end offset) of the wire dateline opening one of the first body
        lines ("MINSK, Feb 20, 2022 (Reuters) -"), which the cleaner read as the
        publication date; None when the date came from elsewhere. The place and agency
        it names file the report: they are no actor or speaker in it."""
        evidence = self.published_evidence
        if evidence:
            for line in self.body_lines[:3]:
                if line.text.startswith(evidence):
                    return line.number, len(evidence)
        return None

    @property
    def body_words(self) -> int:
        return len(self.body.split())

    @property
    def content_hash(self) -> str:
        """Identity of a report: the same text is one article wherever it was found.

        Trailing whitespace and line-ending style are ignored so that a copy
        saved with CRLF endings is still the same report.
        """
        canonical = "\n".join(line.text.rstrip() for line in self.lines).strip()
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def line_ranges(
    numbers: list[int], *, bridge: set[int] | frozenset[int] = frozenset()
) -> list[list[int]]:
    """Inclusive ranges of consecutive numbers: [5, 6, 7, 9] -> [[5, 7], [9, 9]].

    Gaps made only of ``bridge`` numbers (blank lines between paragraphs) do
    not split a range: [5, 7] with bridge {6} -> [[5, 7]].
    """
    ranges: list[list[int]] = []
    for n in sorted(numbers):
        if ranges and all(k in bridge for k in range(ranges[-1][1] + 1, n)):
            ranges[-1][1] = n
        else:
            ranges.append([n, n])
    return ranges


class Outcome(StrEnum):
    """What ingest did with one article."""

    STORED = "stored"  # new text, new place
    VERSION = "version"  # new text at a URL/path already stored: a newer version
    DUPLICATE = "duplicate"  # this exact text is stored already


@dataclass(slots=True, kw_only=True)
class IngestRun:
    """One run of ``watchfloor ingest``: what was asked, what came of it."""

    id: int | None = None
    started: str  # ISO timestamp, UTC
    finished: str | None = None
    inputs: list[str] = field(default_factory=list)
    stored: int = 0
    versions: int = 0
    duplicates: int = 0
    failed: int = 0
    # running | done | failed (the run itself broke: see the exit codes) | interrupted
    # (Ctrl-C, or killed: found still "running" with its process gone by a later run)
    status: str = "running"
    host: str | None = None  # the machine and process that ran it, to tell a
    pid: int | None = None  # killed run from one still going


# ---- annotations (issue 3): what the NLP stages find in one article ----------


@dataclass(slots=True, kw_only=True)
class Mention:
    """A stretch of one line: where every extraction points back to.

    ``start``/``end`` are character offsets within the line's text, so
    ``line.text[start:end] == text``.
    """

    line: int
    start: int
    end: int
    text: str
    label: str  # PERSON, ORG, GPE, LOC, FAC, NORP, EQUIPMENT, UNIT, ...


@dataclass(slots=True, kw_only=True)
class EntityRef:
    """One person or organisation as one article mentions it, under one canonical name."""

    canonical: str
    type: str  # PERSON | ORG
    mentions: list[Mention]


@dataclass(slots=True, kw_only=True)
class PlaceRef:
    """A toponym mention resolved to a place with coordinates (or unresolved: lat None)."""

    mention: Mention
    canonical: str
    country: str | None  # ISO 3166-1 alpha-2
    feature: str  # city | region | country | airbase | border | other
    lat: float | None
    lon: float | None
    geonames_id: int | None = None


@dataclass(slots=True, kw_only=True)
class TimeRef:
    """A temporal expression, normalised against the publication date."""

    mention: Mention
    value: str | None  # ISO: YYYY-MM-DD, YYYY-MM, YYYY, YYYY-Www, or "start/end" for ranges
    resolution: str  # day | week | month | year | range
    type: str = "DATE"  # DATE | DURATION | SET


EVENT_TYPES = (
    "deployment",
    "exercise",
    "meeting",
    "statement",
    "strike",
    "agreement",
    "denial",
    "restriction",
    "publication",
    "other",
)

# The status of the happening an event describes (see SCHEMA.md): only an
# ``asserted`` one is a fact of the timeline.
EVENT_MODALITIES = (
    "asserted",
    "planned",
    "forecast",
    "conditional",
    "denied",
    "cancelled",
    "hypothetical",
)


@dataclass(slots=True, kw_only=True)
class EventRef:
    """A dated happening an article reports: what, who, where, when, and the words that say so.

    ``mention`` is the quote: a stretch of one body line (``label`` "EVENT").
    ``date`` is ISO at the resolution the text allows (None when it gives none);
    ``date_text`` is the expression it was read from; a range stays a range
    ("2022-02-26/2022-02-27"). ``modality`` is the happening's status (one of
    EVENT_MODALITIES). ``date_evidence`` says where a date not read from the
    sentence's own time expression came from (the report's date, an earlier
    sentence); None when the sentence gives it.
    """

    mention: Mention
    type: str  # one of EVENT_TYPES
    actors: list[str]
    place: str | None
    date: str | None
    date_text: str | None
    modality: str = "asserted"
    date_evidence: str | None = None


@dataclass(slots=True, kw_only=True)
class ClaimRef:
    """A number about the world that an article states, with who asserts it.

    ``mention`` is the quote (a stretch of one body line, ``label`` "CLAIM");
    ``value`` or ``value_low``/``value_high`` for ranges and vague amounts
    ("thousands": low 2000). ``source`` None means the outlet itself.
    """

    mention: Mention
    value: float | None
    value_low: float | None
    value_high: float | None
    unit: str  # troops | soldiers | trains | km | people | deaths | battalions | jets | other
    subject: str  # what is counted, short: "Russian troops in Belarus"
    hedged: bool  # about, more than, up to, at least, estimated...
    source: str | None
    # official | expert | military | intelligence | media | ngo | anonymous | outlet
    source_type: str
    via: str | None  # the outlet the claim is relayed through
    as_of: str | None  # ISO: the time the number describes


@dataclass(slots=True, kw_only=True)
class CitationRef:
    """Another outlet, agency, think tank, government body or channel the article relays."""

    mention: Mention
    cited: str
    kind: str  # outlet | agency | think_tank | government | social_channel


@dataclass(slots=True, kw_only=True)
class StatementRef:
    """Who said what: a direct quotation or reported speech, with its speaker.

    ``mention`` is the content (a stretch of one body line, ``label``
    "STATEMENT"); ``speaker`` the canonical name of the entity, or None when
    the text names no one (never the nearest name by default).
    """

    mention: Mention
    speaker: str | None
    cue: str  # the verb or phrase that introduces it: said, told, denied, according to
    direct: bool  # a direct quotation (in quotation marks)


@dataclass(slots=True, kw_only=True)
class Relation:
    """Two articles, one of which recycles the other: ``a`` derives from ``b``.

    ``kind``: near_duplicate (the same text, lightly changed) or derived (``a``
    relays ``b``'s reporting in its own words); ``evidence`` says what shows it.
    """

    a: str  # doc name (or URL) of the later / relaying article
    b: str
    kind: str  # near_duplicate | derived
    evidence: str
    score: float  # strength of the evidence, 0..1


@dataclass(slots=True, kw_only=True)
class Annotation:
    """What the language stages found in one article: the ``annotate`` stage's record.

    ``skipped`` says why the English-only stages did not run (another
    language); the lists are then empty.
    """

    language: str  # ISO 639-1, or "und" when it cannot be told
    skipped: str | None
    entities: list[EntityRef]
    places: list[PlaceRef]
    times: list[TimeRef]
    events: list[EventRef]
    claims: list[ClaimRef]
    citations: list[CitationRef]
    statements: list[StatementRef]
