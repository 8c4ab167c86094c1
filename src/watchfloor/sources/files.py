"""Local files and folders -> RawDocs: the first step of ingest for paths.

A path's format comes from its extension (the user chose it: a ``.txt`` that
holds HTML is read as text), or, for an unknown extension given explicitly,
from its first bytes. Plain documents become one RawDoc each; containers
(JSON, JSONL, feeds, WARC) are handed to their readers, which yield one
RawDoc per article. A Telegram Desktop export is told by its first bytes: a
``result.json`` is streamed message by message (``telegram``; ``max_bytes`` then
caps a message, not the file), and the ``messages*.html`` pages of an HTML export
are read together from ``messages.html`` (``telegram_html``). Everything that goes
wrong is one SourceError naming the path and the reason; nothing here raises for
a bad input.
"""

from __future__ import annotations

import io
import json
import os
import stat
from collections.abc import Iterator, Sequence
from enum import StrEnum
from pathlib import Path

from watchfloor.errors import InputError
from watchfloor.records import DocKind, Hints, RawDoc, Skipped, SourceError
from watchfloor.sources.encoding import declared_in_markup, decode_bytes, html_bytes
from watchfloor.sources.feeds import read_feed
from watchfloor.sources.jsondocs import read_json, read_jsonl
from watchfloor.sources.options import SourceOptions, too_large
from watchfloor.sources.telegram import SNIFF_BYTES, ExportShape, sniff_export, stream_export
from watchfloor.sources.telegram_html import is_export_page as is_html_export_page
from watchfloor.sources.telegram_html import later_page
from watchfloor.sources.telegram_html import read_export as read_html_export
from watchfloor.sources.warc import read_warc, starts_like_warc


class Format(StrEnum):
    """How an input's bytes are laid out; decides which reader gets them."""

    TEXT = "text"
    MARKDOWN = "markdown"
    HTML = "html"
    JSON = "json"
    JSONL = "jsonl"
    FEED = "feed"
    WARC = "warc"


EXTENSIONS: dict[str, Format] = {
    ".txt": Format.TEXT,
    ".md": Format.MARKDOWN,
    ".markdown": Format.MARKDOWN,
    ".html": Format.HTML,
    ".htm": Format.HTML,
    ".json": Format.JSON,
    ".jsonl": Format.JSONL,
    ".xml": Format.FEED,
    ".rss": Format.FEED,
    ".atom": Format.FEED,
    ".warc": Format.WARC,
    ".warc.gz": Format.WARC,
}

DOCUMENT_KINDS = {
    Format.TEXT: DocKind.TEXT,
    Format.MARKDOWN: DocKind.MARKDOWN,
    Format.HTML: DocKind.HTML,
}

# Read record by record, so a large crawl or export is fine: max_bytes caps
# each record (line) rather than the file.
STREAMED = {Format.WARC, Format.JSONL}

_SNIFF_BYTES = 4096


def format_for_name(name: str) -> Format | None:
    """The format a file name's extension states, or None for an unknown extension."""
    lower = name.lower()
    if lower.endswith(".warc.gz"):
        return Format.WARC
    return EXTENSIONS.get(os.path.splitext(lower)[1])


def sniff_format(head: bytes) -> Format:
    """Guess a format from a document's first bytes (for unknown extensions and content types)."""
    if starts_like_warc(head):
        return Format.WARC
    if head.startswith(b"\x1f\x8b"):
        return Format.TEXT  # other gzipped files are refused as binary when decoded
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(b"<?xml"):
        if b"<html" in start and not (b"<rss" in start or b"<feed" in start):
            return Format.HTML
        return Format.FEED
    if start.startswith((b"<rss", b"<feed", b"<rdf:rdf")):
        return Format.FEED
    if start.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<!--")):
        return Format.HTML
    if start.startswith((b"{", b"[")):
        return _sniff_json(start)
    if start.startswith(b"---\n") or start.startswith(b"---\r\n"):
        return Format.MARKDOWN  # YAML front matter
    return Format.TEXT


def _sniff_json(start: bytes) -> Format:
    first_line = start.split(b"\n", 1)[0].strip()
    try:
        json.loads(first_line)
    except (ValueError, RecursionError):
        # The first line is not a whole value: one JSON document spread
        # over lines (or text that starts with a brace, which the JSON
        # reader will then report).
        return Format.JSON
    return Format.JSONL if b"\n" in start.strip() and first_line.startswith(b"{") else Format.JSON


def read_path(path: str, *, options: SourceOptions) -> Iterator[RawDoc | SourceError | Skipped]:
    """Every document a file (or a folder, walked) holds, or the reason it cannot be read."""
    try:
        info = os.stat(path)
    except OSError as exc:
        yield SourceError(origin=path, reason=os_reason(exc))
        return
    if stat.S_ISDIR(info.st_mode):
        yield from _read_folder(path, options=options)
        return
    if not stat.S_ISREG(info.st_mode):
        yield SourceError(origin=path, reason="not a regular file")
        return
    fmt = format_for_name(path)
    if fmt in STREAMED:
        yield from _read_streamed(path, fmt, options=options)
        return
    if fmt is Format.JSON:
        shape = _telegram_shape(path)
        if shape is not None:  # streamed: max_bytes caps each message, not the export
            yield from _read_streamed(path, fmt, options=options, shape=shape)
            return
    if fmt is Format.HTML and is_html_export_page(path):
        # the export's pages are read together, from messages.html (see scan_folder)
        yield from read_html_export(path, max_bytes=options.max_bytes)
        return
    if info.st_size > options.max_bytes:
        # Decided from the size alone: a 200 MB file is refused unread.
        yield SourceError(origin=path, reason=too_large(info.st_size, options.max_bytes))
        return
    try:
        with open(path, "rb") as handle:
            # One byte more than allowed reveals a file that grew since stat.
            data = handle.read(options.max_bytes + 1)
    except OSError as exc:
        yield SourceError(origin=path, reason=os_reason(exc))
        return
    if len(data) > options.max_bytes:
        yield SourceError(origin=path, reason=too_large(None, options.max_bytes))
        return
    yield from docs_from_bytes(
        data,
        fmt=fmt or sniff_format(data[:_SNIFF_BYTES]),
        origin=path,
        name=os.path.basename(path),
        options=options,
    )


def _read_streamed(
    path: str, fmt: Format, *, options: SourceOptions, shape: ExportShape | None = None
) -> Iterator[RawDoc | SourceError | Skipped]:
    """A file read as it streams: WARC, JSON Lines, or a Telegram export of ``shape``."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below, after the generator is drained
    except OSError as exc:
        yield SourceError(origin=path, reason=os_reason(exc))
        return
    with handle:
        if shape is not None:
            if handle.read(3) != b"\xef\xbb\xbf":  # a byte-order mark, as Windows writes
                handle.seek(0)
            yield from stream_export(handle, origin=path, shape=shape, max_bytes=options.max_bytes)
        elif fmt is Format.WARC:
            yield from read_warc(handle, origin=path, options=options)
        else:
            yield from read_jsonl(handle, origin=path, name=os.path.basename(path), options=options)


def _telegram_shape(path: str) -> ExportShape | None:
    try:
        with open(path, "rb") as handle:
            return sniff_export(handle.read(SNIFF_BYTES))
    except OSError:
        return None  # reading it as usual says why


def docs_from_bytes(
    data: bytes,
    *,
    fmt: Format,
    origin: str,
    name: str,
    options: SourceOptions,
    declared: str | None = None,
    url: str | None = None,
    content_type: str | None = None,
) -> Iterator[RawDoc | SourceError | Skipped]:
    """The documents in ``data`` read as ``fmt``: shared by files and HTTP responses.

    ``declared`` is the encoding the container stated (an HTTP charset);
    ``url`` where the bytes were fetched from, if they were.
    """
    if fmt in DOCUMENT_KINDS:
        kind = DOCUMENT_KINDS[fmt]
        if kind is DocKind.HTML:
            if declared is None:
                declared = declared_in_markup(data)
            data = html_bytes(data)
        try:
            text = decode_bytes(data, declared=declared, origin=origin)
        except InputError as exc:
            yield SourceError(origin=origin, reason=exc.reason)
            return
        # Decoded here, once, so that binary or empty inputs fail at the
        # source; the bytes stay for stages that want them.
        yield RawDoc(
            origin=origin,
            name=name,
            kind=kind,
            data=data,
            text=text,
            encoding=declared,
            hints=Hints(url=url),
        )
    elif fmt is Format.JSON:
        yield from read_json(data, origin=origin, name=name)
    elif fmt is Format.JSONL:
        yield from read_jsonl(io.BytesIO(data), origin=origin, name=name, options=options)
    elif fmt is Format.FEED:
        yield from read_feed(
            data, origin=origin, name=name, options=options, url=url, content_type=content_type
        )
    else:
        yield from read_warc(io.BytesIO(data), origin=origin, options=options)


def _read_folder(path: str, *, options: SourceOptions) -> Iterator[RawDoc | SourceError | Skipped]:
    files = walk_folder(path)
    if not files:
        known = " ".join(EXTENSIONS)
        yield SourceError(origin=path, reason=f"folder has no readable files (looked for {known})")
        return
    for file in files:
        # A folder's own path comes back only when it could not be listed.
        if file == path:
            yield SourceError(origin=path, reason="permission denied")
            continue
        yield from read_path(file, options=options)


# A folder of reports often carries its own README or LICENSE; those describe
# the folder and are not reports. Named explicitly, they are still read.
FOLDER_DOCUMENTATION = ("readme", "license", "licence", "changelog", "contributing")


# messages2.html... of a Telegram HTML export: read with its messages.html, in order.
TELEGRAM_PAGE = "page of a Telegram export, read with its messages.html"


def is_folder_documentation(filename: str) -> bool:
    return filename.lower().split(".")[0] in FOLDER_DOCUMENTATION


def walk_folder(path: str) -> list[str]:
    """The files of known formats under ``path``, sorted; hidden files and folders and
    the folder's own documentation (README, LICENSE...) skipped.

    A subfolder that cannot be listed is returned as itself, so that reading
    it reports the reason instead of skipping it silently.
    """
    return scan_folder(path)[0]


def scan_folder(path: str) -> tuple[list[str], list[Skipped]]:
    """``walk_folder``, and the files it passed over other than hidden ones, sorted.

    Hidden files and folders (``.git``, ``.DS_Store``) are passed over without
    a word, as ``ls`` and ``git`` do.
    """
    found: list[str] = []
    unreadable: list[str] = []
    skipped: list[Skipped] = []

    def on_error(exc: OSError) -> None:
        unreadable.append(exc.filename if isinstance(exc.filename, str) else path)

    # Symlinked folders are not followed: a link to an ancestor would loop.
    for folder, dirnames, filenames in os.walk(path, onerror=on_error):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for filename in filenames:
            if filename.startswith("."):
                continue
            file = os.path.join(folder, filename)
            if later_page(file):
                skipped.append(Skipped(file, TELEGRAM_PAGE))
            elif is_folder_documentation(filename):
                skipped.append(Skipped(file, "folder documentation"))
            elif format_for_name(filename) is not None:
                found.append(file)
            else:
                skipped.append(Skipped(file, f"unsupported type {_extension(filename)}"))
    skipped.sort(key=lambda s: Path(s.path).parts)
    return sorted(found + unreadable, key=lambda p: Path(p).parts), skipped


def _extension(filename: str) -> str:
    return os.path.splitext(filename)[1].lower() or "(no extension)"


def expand_paths(inputs: Sequence[str]) -> list[str]:
    """Folders replaced by the files they hold; everything else kept as given."""
    return scan_paths(inputs)[0]


def scan_paths(inputs: Sequence[str]) -> tuple[list[str], list[Skipped]]:
    """``expand_paths``, and the files of the folders it passed over (``scan_folder``)."""
    items: list[str] = []
    skipped: list[Skipped] = []
    for item in inputs:
        if os.path.isdir(item):
            found, passed_over = scan_folder(item)
            # An empty folder stays, so that reading it reports it.
            items.extend(found or [item])
            skipped.extend(passed_over)
        else:
            items.append(item)
    return items, skipped


def os_reason(exc: OSError) -> str:
    """A one-line reason for a failed file operation."""
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a folder"
    return f"cannot read: {exc.strerror or exc}"
