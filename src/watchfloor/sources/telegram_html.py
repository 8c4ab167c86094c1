"""Telegram Desktop exports in HTML (``messages.html``, ``messages2.html``...) -> RawDocs.

Telegram Desktop's "Export chat history" in HTML writes one page per thousand
messages, ``messages.html`` first; the pages of one folder are one export, read in
order (``export_pages``), so that a message "joined" to the one before it (no
sender of its own) takes its sender from the previous page too. In a page:

- the chat's name (``div.page_header div.text.bold``) is every message's publisher;
- each ``div.message.default`` (id ``message<N>``) is one message; its date is its
  ``div.date`` title, ``21.02.2022 14:03:11 UTC+03:00``, written in UTC like the JSON
  export's ``date_unixtime`` (a title without a zone is kept as the local time it is);
  its text is its ``div.text`` (a media caption too), ``<br>`` a new line, a link's
  address after its words as in the JSON export;
- a forward (``div.forwarded.body``) has its text inside, and its ``div.from_name``
  names the channel it relays (``Hints.forwarded_from``);
- a reply's ``div.reply_to`` link ``#go_to_message<N>`` names the message it answers
  (``Hints.reply_to``, that message's doc);
- ``div.message.service`` (dates, pins, joins) and messages without text (a sticker
  or photo alone) are passed over.

Every message's doc is ``<path to messages.html>#<id>``, whichever page it is on: as
in the JSON export, the same message keeps its name when a later export pages it
differently. The pages are parsed with lxml's HTML parser without network access;
HTML is not XML, so no entity is resolved from outside. A page lxml cannot parse,
or a message without an id or with an unreadable date, is one SourceError naming
the file (and the message id); the rest is read.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone

import lxml.etree
import lxml.html

from watchfloor.records import DocKind, Hints, RawDoc, Skipped, SourceError
from watchfloor.sources.encoding import not_text
from watchfloor.sources.options import too_large
from watchfloor.sources.telegram import NO_TEXT, title_of

log = logging.getLogger(__name__)

FIRST_PAGE = "messages.html"
_PAGE = re.compile(r"^messages(\d*)\.html$", re.IGNORECASE)
# What every page of Telegram's HTML export starts with, within its first bytes.
_MARKERS = (b'class="page_wrap"', b'class="history"')
SNIFF_BYTES = 1 << 14
_DATE = re.compile(
    r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?"
    r"(?:\s*UTC\s*([+-])(\d{1,2}):?(\d{2}))?\s*$"
)
_MESSAGE_ID = re.compile(r"^message(-?\d+)$")
_REPLY = re.compile(r"#go_to_message(\d+)$")
_BREAK = "\x00"  # a <br>, kept apart from the markup's own line breaks until the end


def page_number(filename: str) -> int | None:
    """1 for ``messages.html``, N for ``messagesN.html``, None for any other name."""
    found = _PAGE.match(filename)
    if found is None:
        return None
    return int(found.group(1)) if found.group(1) else 1


def looks_like_export(head: bytes) -> bool:
    """Whether a page's first bytes are those of Telegram's HTML export."""
    return all(marker in head for marker in _MARKERS)


def is_export_page(path: str) -> bool:
    """Whether ``path`` is named and starts like a page of Telegram's HTML export."""
    if page_number(os.path.basename(path)) is None:
        return False
    try:
        with open(path, "rb") as handle:
            return looks_like_export(handle.read(SNIFF_BYTES))
    except OSError:
        return False  # reading it as a page says why


def later_page(path: str) -> bool:
    """Whether ``path`` is ``messagesN.html`` (N > 1) beside the ``messages.html`` of an
    HTML export: a folder walk leaves it to that first page."""
    number = page_number(os.path.basename(path))
    first = os.path.join(os.path.dirname(path), FIRST_PAGE)
    return number is not None and number > 1 and is_export_page(first) and is_export_page(path)


def export_pages(first: str) -> list[str]:
    """The pages of the export whose first page is ``first``, in order."""
    folder = os.path.dirname(first)
    try:
        names = os.listdir(folder or ".")
    except OSError:
        return [first]
    numbered = sorted((n, name) for name in names if (n := page_number(name)) is not None and n > 1)
    return [first, *(os.path.join(folder, name) for _, name in numbered)]


@dataclass(slots=True)
class _Export:
    """What the pages of one export share while they are read in order."""

    base: str  # the doc name's part before "#": the path of messages.html
    outlet: str | None = None
    sender: str | None = None  # the last message's sender, for a "joined" message
    without_text: list[str] = field(default_factory=list)  # said in the log (-v) at the end


def read_export(path: str, *, max_bytes: int) -> Iterator[RawDoc | SourceError | Skipped]:
    """The messages of an HTML export: from ``messages.html``, every page of its folder
    in order, one page in memory at a time; a later page named on its own, that page
    (its docs still named after ``messages.html``). ``max_bytes`` caps each page."""
    first = os.path.join(os.path.dirname(path), FIRST_PAGE)
    pages = export_pages(path) if page_number(os.path.basename(path)) == 1 else [path]
    export = _Export(base=first)
    for page in pages:
        try:
            size = os.path.getsize(page)
            if size > max_bytes:
                yield SourceError(origin=page, reason=too_large(size, max_bytes))
                continue
            with open(page, "rb") as handle:
                data = handle.read(max_bytes + 1)
        except OSError as exc:
            yield SourceError(origin=page, reason=f"cannot read: {exc.strerror or exc}")
            continue
        yield from read_page(page, data, export=export, max_bytes=max_bytes)
    if export.without_text:
        shown = ", ".join(export.without_text[:10]) + ("…" if len(export.without_text) > 10 else "")
        log.info(
            "%s: passed over %d messages without text (a sticker, photo or file alone: %s)",
            first,
            len(export.without_text),
            shown,
        )


def read_page(
    path: str, data: bytes, *, export: _Export | None = None, max_bytes: int | None = None
) -> Iterator[RawDoc | SourceError | Skipped]:
    """The messages of one page's bytes (``export`` carries the pages before it)."""
    yield from _read_page(
        path,
        data,
        export=export or _Export(base=os.path.join(os.path.dirname(path), FIRST_PAGE)),
        max_bytes=max_bytes,
    )


def _read_page(
    path: str, data: bytes, *, export: _Export, max_bytes: int | None
) -> Iterator[RawDoc | SourceError | Skipped]:
    parser = lxml.html.HTMLParser(
        encoding="utf-8", no_network=True, remove_comments=True, remove_pis=True
    )
    try:
        root = lxml.html.document_fromstring(data, parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        yield SourceError(origin=path, reason=f"Telegram HTML export: cannot parse: {exc}")
        return
    header = root.xpath(
        "//div[contains(concat(' ', @class, ' '), ' page_header ')]"
        "//div[contains(concat(' ', @class, ' '), ' text ')]"
    )
    if header and export.outlet is None:
        name = _spaced(header[0].text_content())
        export.outlet = name or None
    messages = root.xpath("//div[contains(concat(' ', @class, ' '), ' message ')]")
    if not messages:
        yield SourceError(origin=path, reason="Telegram HTML export: no messages on this page")
        return
    for number, element in enumerate(messages, 1):
        classes = set((element.get("class") or "").split())
        if "default" not in classes:
            continue  # service messages: dates, pins, joins
        found = _message(element, number=number, path=path, export=export, max_bytes=max_bytes)
        if found is not None:
            yield found


def _message(
    element: lxml.html.HtmlElement,
    *,
    number: int,
    path: str,
    export: _Export,
    max_bytes: int | None,
) -> RawDoc | SourceError | Skipped | None:
    matched = _MESSAGE_ID.match(element.get("id") or "")
    if matched is None:
        return SourceError(
            origin=f"{path}#[{number}]", reason="Telegram HTML export: a message without an id"
        )
    message_id = matched.group(1)
    doc = f"{export.base}#{message_id}"
    body = _child(element, "body")
    if body is None:
        return SourceError(origin=doc, reason=f"Telegram message {message_id}: no body")
    sender_el = _child(body, "from_name")
    if sender_el is not None:
        export.sender = _spaced(sender_el.text_content()) or export.sender
    forwarded_el = _child(body, "forwarded")
    forwarded_from = None
    holder = body
    if forwarded_el is not None:
        holder = forwarded_el
        name_el = _child(forwarded_el, "from_name")
        if name_el is not None:
            forwarded_from = _spaced(_without_dates(name_el)) or None
    text_el = _child(holder, "text")
    text = _text(text_el) if text_el is not None else ""
    try:
        published = _published(_child(body, "date"))
    except ValueError as exc:
        return SourceError(origin=doc, reason=f"Telegram message {message_id}: {exc}")
    if not text.strip():
        export.without_text.append(message_id)
        return Skipped(doc, NO_TEXT)  # a sticker, photo or file without a caption: counted
    if max_bytes is not None and len(text.encode("utf-8", errors="surrogatepass")) > max_bytes:
        size = len(text.encode("utf-8", errors="surrogatepass"))
        return SourceError(
            origin=doc, reason=f"Telegram message {message_id}: {too_large(size, max_bytes)}"
        )
    sender = export.sender
    hints = Hints(
        title=title_of(text),
        published=published,
        outlet=export.outlet,
        authors=[sender] if sender and sender != export.outlet else [],
        forwarded_from=forwarded_from,
        reply_to=_reply_to(body, export.base),
    )
    broken = not_text(text, hints)
    if broken is not None:
        return SourceError(origin=doc, reason=f"Telegram message {message_id}: {broken}")
    return RawDoc(origin=doc, name=doc, kind=DocKind.MESSAGE, text=text, hints=hints)


def _child(element: lxml.html.HtmlElement, css_class: str) -> lxml.html.HtmlElement | None:
    """The first child ``div`` of ``element`` with ``css_class`` among its classes."""
    for child in element.iterchildren("div"):
        if css_class in (child.get("class") or "").split():
            return child
    return None


def _text(element: lxml.html.HtmlElement) -> str:
    """A ``div.text`` as plain text: ``<br>`` a line break, links' addresses kept."""
    parts: list[str] = []
    _walk(element, parts)
    lines = "".join(parts).split(_BREAK)
    return "\n".join(_spaced(line) for line in lines).strip("\n")


def _walk(element: lxml.html.HtmlElement, parts: list[str]) -> None:
    if element.text:
        parts.append(element.text)
    for child in element:
        if not isinstance(child.tag, str) or child.tag in ("script", "style"):
            pass  # comments, processing instructions, and what is code, not text
        elif child.tag == "br":
            parts.append(_BREAK)
        else:
            start = len(parts)
            _walk(child, parts)
            href = (child.get("href") or "").strip() if child.tag == "a" else ""
            words = "".join(parts[start:])
            # the link's address after its words, unless the words are the address
            if href and not href.startswith("#") and href not in words:
                parts.append(f" ({href})")
        if child.tail:
            parts.append(child.tail)


def _spaced(text: str) -> str:
    """Runs of white space (the markup's indentation and line breaks) as one space."""
    return " ".join(text.split())


def _without_dates(element: lxml.html.HtmlElement) -> str:
    """An element's text without its ``span.date`` (a forward's original date)."""
    parts = [element.text or ""]
    for child in element:
        if "date" not in (child.get("class") or "").split():
            parts.append(child.text_content())
        parts.append(child.tail or "")
    return "".join(parts)


def _published(element: lxml.html.HtmlElement | None) -> str | None:
    """The date's title (``21.02.2022 14:03:11 UTC+03:00``) in UTC, ISO; without a zone,
    the local time as written."""
    if element is None:
        return None
    title = element.get("title") or ""
    found = _DATE.match(title)
    if found is None:
        if not title.strip():
            return None
        raise ValueError(f"unreadable date {title.strip()[:40]!r}")
    day, month, year, hour, minute, second, sign, zone_h, zone_m = found.groups()
    try:
        zone = None
        if sign:
            offset = timedelta(hours=int(zone_h), minutes=int(zone_m))
            zone = timezone(-offset if sign == "-" else offset)
        when = datetime(
            int(year), int(month), int(day), int(hour), int(minute), int(second or 0), tzinfo=zone
        )
    except ValueError:
        raise ValueError(f"date out of range {title.strip()[:40]!r}") from None
    return when.astimezone(UTC).isoformat() if zone else when.isoformat()


def _reply_to(body: lxml.html.HtmlElement, base: str) -> str | None:
    reply = _child(body, "reply_to")
    if reply is None:
        return None
    for link in reply.iter("a"):
        found = _REPLY.search(link.get("href") or "")
        if found:
            return f"{base}#{found.group(1)}"
    return None
