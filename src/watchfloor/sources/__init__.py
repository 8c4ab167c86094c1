"""Sources: the first stage of the flow, inputs -> RawDoc (or SourceError).

1. ``expand_inputs`` turns the command line into a list of files and URLs
   (folders walked), so that progress can be counted,
2. ``read_input`` reads one of them: a path through ``files`` (which hands
   JSON, feeds and WARCs to ``jsondocs``, ``feeds`` and ``warc``), a URL
   through the guarded fetch in ``http``, routed by its Content-Type,
3. every document found is a RawDoc; every input, entry or record that
   cannot be read is a SourceError with a one-line reason, and the rest of
   the batch (and of the container) goes on.

Decoding bytes to text happens here too (``encoding``), so that binary and
empty inputs are reported where they were found.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import replace

from watchfloor.errors import InputError
from watchfloor.records import RawDoc, Skipped, SourceError
from watchfloor.sources.encoding import charset_from_content_type, not_text, printable_name
from watchfloor.sources.files import (
    Format,
    docs_from_bytes,
    read_path,
    scan_paths,
    sniff_format,
)
from watchfloor.sources.http import Fetched, fetch
from watchfloor.sources.options import DEFAULT_OPTIONS, SourceOptions

__all__ = [
    "Fetched",
    "Skipped",
    "SourceOptions",
    "expand_inputs",
    "fetch",
    "is_url",
    "iter_sources",
    "read_input",
    "scan_inputs",
]

log = logging.getLogger(__name__)

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")

# Content-Type -> format; XML types are sniffed (a feed, or XHTML).
CONTENT_TYPES: dict[str, Format | None] = {
    "text/html": Format.HTML,
    "application/xhtml+xml": Format.HTML,
    "text/plain": Format.TEXT,
    "text/markdown": Format.MARKDOWN,
    "application/rss+xml": Format.FEED,
    "application/atom+xml": Format.FEED,
    "application/rdf+xml": Format.FEED,
    "application/x-rss+xml": Format.FEED,
    "application/xml": None,
    "text/xml": None,
    "application/json": Format.JSON,
    "application/x-ndjson": Format.JSONL,
    "application/jsonl": Format.JSONL,
    "application/warc": Format.WARC,
    "application/octet-stream": None,
    "": None,
}


def is_url(item: str) -> bool:
    """Whether an input names a URL (any scheme; only http and https are read)."""
    return bool(_URL.match(item))


def expand_inputs(inputs: Sequence[str]) -> list[str]:
    """Files and URLs to read, in order: folders walked, everything else kept as given.

    Folders are walked recursively in sorted order, skipping hidden files
    and folders and files of unknown extensions. A missing path, an empty
    folder or an unreadable one stays in the list, so that reading it
    reports why. An item listed twice is read once.
    """
    return scan_inputs(inputs)[0]


def scan_inputs(inputs: Sequence[str]) -> tuple[list[str], list[Skipped]]:
    """``expand_inputs``, and the files the folder walks passed over, with the reason
    (unsupported type, folder documentation), their paths printable."""
    items: list[str] = []
    passed_over: list[Skipped] = []
    for item in inputs:
        expanded, skipped = ([item], []) if is_url(item) else scan_paths([item])
        items.extend(expanded)
        passed_over.extend(skipped)
    items = list(dict.fromkeys(items))
    read = set(items)  # a file passed over in a folder but named on its own is read
    unique = {s.path: s for s in passed_over if s.path not in read}
    return items, [Skipped(printable_name(s.path), s.reason) for s in unique.values()]


def read_input(
    item: str, *, options: SourceOptions = DEFAULT_OPTIONS
) -> Iterator[RawDoc | SourceError | Skipped]:
    """Every document one input holds; never raises for a bad input.

    A file, folder or URL that cannot be read yields one SourceError; in a
    container (JSONL, feed, WARC) a bad item yields one error and the good
    items are still yielded. Every origin and name is printable text (see
    ``printable``), whatever bytes the file name held.
    """
    for found in _read_input(item, options=options):
        yield printable(found)


def _read_input(item: str, *, options: SourceOptions) -> Iterator[RawDoc | SourceError | Skipped]:
    try:
        if is_url(item):
            yield from _read_url(item, options=options)
        else:
            yield from read_path(item, options=options)
    except InputError as exc:
        yield SourceError(origin=exc.origin, reason=exc.reason)
    except Exception as exc:  # a bug in one reader must not sink the batch
        log.exception("reading %s failed", printable_name(item))
        yield SourceError(origin=item, reason=f"internal error while reading: {exc!r}")


def printable(found: RawDoc | SourceError | Skipped) -> RawDoc | SourceError | Skipped:
    """A document or error whose strings can all be stored and printed as UTF-8.

    A file name whose bytes are not UTF-8 reaches us with lone surrogates
    (PEP 383): its origin and name are written with ``\\xff`` escapes and the
    document is read as usual. A document whose text or metadata holds a lone
    surrogate (which no reader should let through) becomes an error naming it.
    """
    if isinstance(found, SourceError):
        return SourceError(origin=printable_name(found.origin), reason=printable_name(found.reason))
    if isinstance(found, Skipped):
        return Skipped(printable_name(found.path), found.reason)
    origin, name = printable_name(found.origin), printable_name(found.name)
    broken = not_text(found.text, found.hints)
    if broken is not None:
        return SourceError(origin=origin, reason=broken)
    if (origin, name) == (found.origin, found.name):
        return found
    return replace(found, origin=origin, name=name)


def iter_sources(
    inputs: Sequence[str], *, options: SourceOptions = DEFAULT_OPTIONS
) -> Iterator[RawDoc | SourceError | Skipped]:
    """Every document (or error) the inputs hold: ``expand_inputs`` then ``read_input``."""
    for item in expand_inputs(inputs):
        yield from read_input(item, options=options)


def _read_url(url: str, *, options: SourceOptions) -> Iterator[RawDoc | SourceError | Skipped]:
    try:
        fetched = fetch(url, options=options)
    except InputError as exc:
        yield SourceError(origin=url, reason=exc.reason)
        return
    mime = fetched.content_type.split(";")[0].strip().lower()
    if mime not in CONTENT_TYPES:
        yield SourceError(origin=url, reason=f"unsupported content type {mime}")
        return
    fmt = CONTENT_TYPES[mime] or sniff_format(fetched.body[:4096])
    yield from docs_from_bytes(
        fetched.body,
        fmt=fmt,
        origin=url,
        name=url,
        options=options,
        declared=charset_from_content_type(fetched.content_type),
        url=fetched.url,
        content_type=fetched.content_type,
    )
