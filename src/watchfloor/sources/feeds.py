"""RSS and Atom feeds -> RawDocs, one per entry (from a file or a fetched URL).

Feeds come from strangers, so the XML is first checked with defusedxml,
which refuses entity declarations (billion laughs, external entities that
read local files), and only then parsed by feedparser, which copes with the
malformed feeds real sites publish. Each entry's fullest text (content:encoded,
content, or summary) becomes a RawDoc; its title, link, date and authors
become Hints, with the feed's title as the outlet. With ``follow_links``, an
entry that carries only a teaser has its linked page fetched instead.
"""

from __future__ import annotations

import io
import logging
import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree as safe_xml
import feedparser
from defusedxml import DefusedXmlException

from watchfloor.errors import InputError
from watchfloor.records import DocKind, Hints, RawDoc, SourceError
from watchfloor.sources.encoding import charset_from_content_type, declared_in_markup, decode_bytes
from watchfloor.sources.http import fetch
from watchfloor.sources.options import SourceOptions

log = logging.getLogger(__name__)

# An entry shorter than this is a teaser worth replacing by its linked page.
TEASER_WORDS = 40

_MARKUP = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_TAG = re.compile(r"<[^<>]*>")
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.I)
_EMAIL_WITH_NAME = re.compile(r"^\S+@\S+\s*\((.+)\)$")
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_EMAIL = re.compile(r"^\S+@\S+$")


def read_feed(
    data: bytes,
    *,
    origin: str,
    name: str,
    options: SourceOptions,
    url: str | None = None,
    content_type: str | None = None,
) -> Iterator[RawDoc | SourceError]:
    """Every entry of an RSS/Atom document, or one error saying why there are none.

    ``url`` (where the feed was fetched from) resolves relative links.
    """
    unsafe = unsafe_xml_reason(data)
    if unsafe:
        yield SourceError(origin=origin, reason=unsafe)
        return
    headers = {}
    if content_type:
        headers["content-type"] = content_type
    if url:
        headers["content-location"] = url
    try:
        # A file-like object, never bytes or str: given a string, feedparser
        # would treat it as a URL or a path and open it itself.
        parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    except Exception as exc:
        # feedparser crashes on some garbled input (a mangled encoding name in
        # the XML declaration, a NUL in it); the feed is as unreadable as if
        # it had said so.
        detail = " ".join(str(exc).split()) or type(exc).__name__
        yield SourceError(origin=origin, reason=f"not a valid RSS/Atom feed: {detail}")
        return
    entries = parsed.get("entries") or []
    if not entries:
        yield SourceError(origin=origin, reason=_no_entries_reason(parsed))
        return
    outlet = _plain(parsed.get("feed", {}).get("title"))
    base = os.path.basename(name) if "://" not in name else name
    seen_ids: set[str] = set()
    for number, entry in enumerate(entries, 1):
        entry_id = (entry.get("id") or "").strip()
        if not entry_id or entry_id in seen_ids or any(c.isspace() for c in entry_id):
            entry_id = str(number)  # ids are meant to be unique; when not, the position is
        seen_ids.add(entry_id)
        yield _entry_doc(
            entry,
            origin=f"{origin}#{entry_id}",
            fallback_name=f"{base}#{number}",
            outlet=outlet,
            options=options,
        )


def unsafe_xml_reason(data: bytes) -> str | None:
    """Why an XML document must not be parsed, or None when it is safe.

    A well-formed document goes through defusedxml. One that expat cannot
    parse (feedparser's lenient parser may still read it) is searched for
    entity declarations directly, also with NUL bytes removed so that a
    UTF-16 document cannot hide them.
    """
    try:
        safe_xml.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        return f"unsafe XML: {_defused_reason(exc)}"
    except (ParseError, ValueError, LookupError):  # LookupError: an unknown encoding
        if _ENTITY_DECLARATION.search(data) or _ENTITY_DECLARATION.search(
            data.replace(b"\x00", b"")
        ):
            return "unsafe XML: entity declarations are not allowed"
    return None


def _defused_reason(exc: DefusedXmlException) -> str:
    name = type(exc).__name__
    if name == "EntitiesForbidden":
        return "entity declarations are not allowed"
    if name == "ExternalReferenceForbidden":
        return "external references are not allowed"
    if name == "DTDForbidden":
        return "DTDs are not allowed"
    return str(exc)


def _no_entries_reason(parsed: Any) -> str:
    if parsed.get("bozo") and not parsed.get("version"):
        problem = parsed.get("bozo_exception")
        detail = getattr(problem, "getMessage", lambda: str(problem))()
        return f"not a valid RSS/Atom feed: {' '.join(str(detail).split())}"
    if not parsed.get("version"):
        return "not an RSS/Atom feed"
    return "feed has no entries"


def _entry_doc(
    entry: Any, *, origin: str, fallback_name: str, outlet: str | None, options: SourceOptions
) -> RawDoc | SourceError:
    link = (entry.get("link") or "").strip() or None
    hints = Hints(
        title=_plain(entry.get("title")),
        url=link,
        published=_published(entry),
        outlet=outlet,
        authors=_authors(entry),
    )
    name = link or fallback_name
    text = _fullest_text(entry)
    if link and options.follow_links and _word_count(text) < TEASER_WORDS:
        fetched = _fetch_linked(link, origin=origin, name=name, hints=hints, options=options)
        if isinstance(fetched, RawDoc):
            return fetched
        if not text.strip():
            return SourceError(
                origin=origin, reason=f"entry has no text and its link failed: {fetched.reason}"
            )
        log.warning("%s: using the entry's summary: %s", origin, fetched.reason)
    if not text.strip():
        return SourceError(
            origin=origin,
            reason="entry has no content or summary (follow_links fetches its link)",
        )
    kind = DocKind.HTML if _MARKUP.search(text) else DocKind.TEXT
    return RawDoc(origin=origin, name=name, kind=kind, text=text, hints=hints)


def _fullest_text(entry: Any) -> str:
    """content:encoded / Atom content / summary, whichever says most."""
    candidates = [c.get("value") or "" for c in entry.get("content") or []]
    candidates.append(entry.get("summary") or "")
    return max(candidates, key=len).replace("\r\n", "\n").replace("\r", "\n")


def _fetch_linked(
    link: str, *, origin: str, name: str, hints: Hints, options: SourceOptions
) -> RawDoc | SourceError:
    try:
        fetched = fetch(link, options=options)
    except InputError as exc:
        return SourceError(origin=origin, reason=exc.reason)
    mime = fetched.content_type.split(";")[0].strip().lower()
    if mime not in ("text/html", "application/xhtml+xml", "text/plain", ""):
        return SourceError(origin=origin, reason=f"linked page is {mime}, not HTML or text")
    declared = charset_from_content_type(fetched.content_type) or declared_in_markup(fetched.body)
    try:
        text = decode_bytes(fetched.body, declared=declared, origin=origin)
    except InputError as exc:
        return SourceError(origin=origin, reason=f"linked page: {exc.reason}")
    hints.url = fetched.url
    return RawDoc(
        origin=origin,
        name=name,
        kind=DocKind.TEXT if mime == "text/plain" else DocKind.HTML,
        data=fetched.body,
        text=text,
        encoding=declared,
        hints=hints,
    )


def _published(entry: Any) -> str | None:
    """The entry's date as ISO 8601, keeping the feed's own UTC offset.

    feedparser converts dates to UTC, which moves an article published at
    01:00 in Minsk to the previous day; the stated string is read first.
    """
    for key in ("published", "updated", "created"):
        raw = (entry.get(key) or "").strip()
        if raw:
            stated = _parse_stated(raw)
            if stated:
                return stated
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            year, month, day, hour, minute, second = parsed[:6]  # feedparser's is in UTC
            return datetime(year, month, day, hour, minute, second, tzinfo=UTC).isoformat()
        if raw:
            return raw
    return None


def _parse_stated(raw: str) -> str | None:
    if _DATE_ONLY.match(raw):
        return raw  # a date without a time stays a date
    try:
        return datetime.fromisoformat(raw).isoformat()  # Atom: RFC 3339
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(raw).isoformat()  # RSS: RFC 822
    except (TypeError, ValueError, IndexError):
        return None


def _authors(entry: Any) -> list[str]:
    names: list[str] = []
    raw = entry.get("author") or ""
    for author in entry.get("authors") or []:
        name = _author_name((author or {}).get("name") or "")
        if (author or {}).get("email") and _EMAIL_WITH_NAME.match(raw):
            # feedparser splits ``desk@minsk.example (Ivan Petrov)`` wrongly
            # when the domain's last label is long; its raw string is exact.
            name = _author_name(raw)
        if name and name not in names:
            names.append(name)
    if not names:
        name = _author_name(entry.get("author") or "")
        if name:
            names.append(name)
    return names


def _author_name(raw: str) -> str | None:
    """A person's name from an author field, or None.

    RSS ``<author>`` is an email: ``ann@x.org (Ann Lee)`` -> ``Ann Lee``; a bare
    address names no one.
    """
    raw = _plain(raw) or ""
    match = _EMAIL_WITH_NAME.match(raw)
    if match:
        return match.group(1).strip()
    if _EMAIL.match(raw):
        return None
    return raw or None


def _plain(value: str | None) -> str | None:
    """A title or name without markup (Atom allows HTML titles)."""
    if not value:
        return None
    text = " ".join(_TAG.sub(" ", value).split())
    return text or None


def _word_count(text: str) -> int:
    return len(_TAG.sub(" ", text).split())
