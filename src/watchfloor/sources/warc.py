"""WARC crawls (``.warc``, ``.warc.gz``) -> RawDocs, one per captured page.

A crawl holds every request, redirect, image and script a crawler saw; only
the pages are articles: ``response`` records with HTTP 200 and an HTML or
plain-text body, ``resource`` records of those types, and the plain-text
``conversion`` records of WET files. Everything else is skipped without a
word. The file is streamed record by record, so ``max_bytes`` caps each
record, not the crawl.

warcio stops silently at a truncated file, so truncation is detected here:
a record whose block ends early, or bytes left over after the last whole
record. Then the pages read so far are kept and one error says where the
crawl broke.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from watchfloor.errors import InputError
from watchfloor.records import DocKind, Hints, RawDoc, SourceError
from watchfloor.sources.encoding import charset_from_content_type, declared_in_markup, decode_bytes
from watchfloor.sources.options import SourceOptions, too_large

PAGE_TYPES = {
    "text/html": DocKind.HTML,
    "application/xhtml+xml": DocKind.HTML,
    "text/plain": DocKind.TEXT,
}
_HEAD_BYTES = 512


class _Broken(Exception):
    """The archive ends or breaks inside a record."""


def read_warc(
    stream: IO[bytes], *, origin: str, options: SourceOptions
) -> Iterator[RawDoc | SourceError]:
    """Every page a WARC holds, then one error if the archive is truncated or corrupt.

    ``stream`` must be seekable (a file, or BytesIO), for the checks at both ends.
    """
    start = stream.tell()
    head = stream.read(_HEAD_BYTES)
    stream.seek(start)
    if not head.strip():
        yield SourceError(origin=origin, reason="empty file")
        return
    if not starts_like_warc(head):
        # warcio would read other text as an (old, ARC) archive of nonsense.
        yield SourceError(origin=origin, reason="not a WARC file")
        return
    archive = ArchiveIterator(stream)
    records = iter(archive)
    complete = 0  # whole records read
    pages = 0
    end = 0  # where the last whole record ends, in the file's own bytes
    while True:
        try:
            record = next(records, None)
        except _DAMAGE as exc:
            yield SourceError(origin=origin, reason=_broken(complete, _describe(exc)))
            return
        if record is None:
            break
        number = complete + 1
        declared_length = record.rec_headers.get_header("Content-Length") or ""
        if record.format != "warc" or not declared_length.strip().isdigit():
            # What warcio makes of a header cut short: a record without a length.
            yield SourceError(
                origin=origin, reason=_broken(complete, f"record {number} is incomplete")
            )
            return
        found = _page(record, origin=f"{origin}#record-{number}", options=options)
        try:
            archive.read_to_end()  # warcio would on the next step; the offsets need it now
            if getattr(record.raw_stream, "limit", 0) > 0:
                raise _Broken(f"record {number} is incomplete")
        except _BROKEN_OR_DAMAGE as exc:
            yield SourceError(origin=origin, reason=_broken(complete, _describe(exc)))
            return
        offset, length = archive.member_info
        end = offset + length
        complete += 1
        if found is not None:
            pages += isinstance(found, RawDoc)
            yield found
    leftover = _leftover(stream, end)
    if leftover:
        yield SourceError(origin=origin, reason=_broken(complete, leftover))
    elif pages == 0:
        yield SourceError(
            origin=origin, reason=f"no HTML or text pages among its {_records(complete)}"
        )


# What warcio raises on a damaged file: its own load errors, zlib/gzip errors
# (OSError, EOFError), and an AttributeError when a record header is cut short.
_DAMAGE: tuple[type[Exception], ...] = (
    ArchiveLoadFailed,
    OSError,
    EOFError,
    ValueError,
    AttributeError,
)
_BROKEN_OR_DAMAGE: tuple[type[Exception], ...] = (_Broken, *_DAMAGE)


def starts_like_warc(head: bytes) -> bool:
    """Whether a file's first bytes are a WARC record header (also gzipped)."""
    if head.startswith(b"\x1f\x8b"):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
        except zlib.error:
            return False
    return head.startswith(b"WARC/")


def _page(record: Any, *, origin: str, options: SourceOptions) -> RawDoc | SourceError | None:
    """The record as a page, an error for a page that cannot be read, or None if no page."""
    uri = record.rec_headers.get_header("WARC-Target-URI")
    if record.rec_type == "response":
        http = record.http_headers
        if http is None or http.get_statuscode() != "200":
            return None
        content_type = http.get_header("Content-Type") or ""
    elif record.rec_type in ("resource", "conversion"):
        content_type = record.rec_headers.get_header("Content-Type") or ""
    else:
        return None
    kind = PAGE_TYPES.get(content_type.split(";")[0].strip().lower())
    if kind is None or (uri or "").endswith("/robots.txt"):
        return None  # robots.txt is the crawler's housekeeping, in every crawl, never a report
    try:
        payload = record.content_stream().read(options.max_bytes + 1)
    except Exception as exc:  # a broken chunked or gzip body spoils this record only
        return SourceError(origin=origin, reason=f"unreadable payload: {_describe(exc)}")
    if len(payload) > options.max_bytes:
        length = record.length if record.length and record.length > options.max_bytes else None
        return SourceError(origin=origin, reason=too_large(length, options.max_bytes))
    if not payload.strip():
        return None  # crawls are full of empty 200s (beacons, placeholders); not articles
    declared = charset_from_content_type(content_type)
    if declared is None and kind is DocKind.HTML:
        declared = declared_in_markup(payload)
    try:
        text = decode_bytes(payload, declared=declared, origin=origin)
    except InputError as exc:
        return SourceError(origin=origin, reason=exc.reason)
    return RawDoc(
        origin=origin,
        name=uri or origin,
        kind=kind,
        data=payload,
        text=text,
        encoding=declared,
        hints=Hints(url=uri),
    )


def _leftover(stream: IO[bytes], end: int) -> str | None:
    """Why the bytes after the last whole record are not just padding, or None."""
    try:
        stream.seek(end)
        rest = stream.read(4096)
    except (OSError, ValueError):
        return None  # not seekable: only the per-record check applies
    if rest.strip(b"\r\n \t"):
        return f"incomplete record at byte {end}"
    return None


def _broken(complete: int, detail: str) -> str:
    return f"truncated or corrupt WARC after {_records(complete)}: {detail}"


def _records(count: int) -> str:
    return f"{count} record" if count == 1 else f"{count} records"


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else "unreadable"


def _describe(exc: BaseException) -> str:
    if isinstance(exc, AttributeError):
        return "unreadable record header"
    if isinstance(exc, _Broken):
        return str(exc)
    return _first_line(str(exc)) if str(exc) else type(exc).__name__
