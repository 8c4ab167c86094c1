"""JSON and JSON Lines exports -> RawDocs, one per article object.

Scrapers and news APIs export articles as JSON objects whose fields already
say the title, URL, date, outlet and authors; these become the RawDoc's
Hints, which clean trusts over what it would infer from the text. A bad
object or line is one SourceError (``export.jsonl:3``); the others are read.

Accepted shapes: one object, a list of objects, or an object holding the list
under ``articles`` (or ``items``, ``entries``, ``documents``); a Telegram
Desktop export (``result.json``) is handed to ``telegram``.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import IO, Any

from watchfloor.errors import InputError
from watchfloor.records import DocKind, Hints, RawDoc, Skipped, SourceError
from watchfloor.sources.encoding import decode_bytes, not_text
from watchfloor.sources.options import SourceOptions, too_large
from watchfloor.sources.telegram import is_telegram_export, read_export

# Field name -> how its text is read; None: by whether it holds markup.
TEXT_FIELDS: tuple[tuple[str, DocKind | None], ...] = (
    ("text", DocKind.TEXT),
    ("html", DocKind.HTML),
    ("markdown", DocKind.MARKDOWN),
    ("content", None),
    ("body", None),
)
URL_FIELDS = ("url", "link")
DATE_FIELDS = ("published", "date")
OUTLET_FIELDS = ("publisher", "outlet", "site_name", "sitename", "source", "site")
AUTHOR_FIELDS = ("authors", "author")
LIST_FIELDS = ("articles", "items", "entries", "documents")

_MARKUP = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_NO_TEXT = "no text: expected a non-empty " + ", ".join(repr(f) for f, _ in TEXT_FIELDS) + " field"
_SHAPES = 'expected a JSON object, a list of objects, or {"articles": [...]}'
# Integers longer than this are read as floats: Python refuses to convert more than
# 4,300 digits (and converting them costs quadratic time), and no field watchfloor
# reads needs an exact integer that long; an export's view counter must not cost
# the article.
_LONGEST_INT = 64


def _parse_int(digits: str) -> int | float:
    return int(digits) if len(digits) <= _LONGEST_INT else float(digits)


def _loads(text: str) -> Any:
    """``json.loads`` whose every failure is a ValueError with a one-line reason.

    Deep nesting exhausts the parser's recursion (RecursionError, not a
    ValueError): without this, one such line ended the whole file.
    """
    try:
        return json.loads(text, parse_int=_parse_int)
    except RecursionError:
        raise ValueError("invalid JSON: nested too deeply to read") from None


def read_json(data: bytes, *, origin: str, name: str) -> Iterator[RawDoc | SourceError | Skipped]:
    """The articles of a ``.json`` file: one object, a list, or a wrapped list."""
    try:
        text = decode_bytes(data, origin=origin)
    except InputError as exc:
        yield SourceError(origin=origin, reason=exc.reason)
        return
    try:
        value = _loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        yield SourceError(origin=origin, reason=f"invalid JSON: {_message(exc)} ({where})")
        return
    except ValueError as exc:
        yield SourceError(origin=origin, reason=str(exc))
        return
    if is_telegram_export(value):  # before articles: an export is no article
        yield from read_export(value, origin=origin)
        return
    if isinstance(value, dict):
        listed = next((value[k] for k in LIST_FIELDS if isinstance(value.get(k), list)), None)
        if listed is None:
            yield article_doc(value, origin=origin, name=name)
            return
        value = listed
    if not isinstance(value, list):
        yield SourceError(origin=origin, reason=f"{_SHAPES}, got {_json_type(value)}")
        return
    base = os.path.basename(name)
    for number, item in enumerate(value, 1):
        yield article_doc(item, origin=f"{origin}#{number}", name=f"{base}#{number}")


def read_jsonl(
    handle: IO[bytes], *, origin: str, name: str, options: SourceOptions
) -> Iterator[RawDoc | SourceError | Skipped]:
    """The articles of a JSON Lines stream, one object per line, read line by line."""
    base = os.path.basename(name)
    number = 0
    found = False
    while True:
        line = handle.readline(options.max_bytes + 1)
        if not line:
            break
        number += 1
        if len(line) > options.max_bytes and not line.endswith(b"\n"):
            _skip_line(handle)
            yield SourceError(
                origin=f"{origin}:{number}", reason=too_large(None, options.max_bytes)
            )
            found = True
            continue
        if number == 1:
            line = line.removeprefix(b"\xef\xbb\xbf")
        if not line.strip():
            continue
        found = True
        where = f"{origin}:{number}"
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            # JSON is UTF-8 by definition, but exports from old tools are not always.
            try:
                text = decode_bytes(line, origin=where)
            except InputError as exc:
                yield SourceError(origin=where, reason=exc.reason)
                continue
        try:
            value = _loads(text)
        except json.JSONDecodeError as exc:
            yield SourceError(
                origin=where, reason=f"invalid JSON: {_message(exc)} (column {exc.colno})"
            )
            continue
        except ValueError as exc:  # the next line is read all the same
            yield SourceError(origin=where, reason=str(exc))
            continue
        if not isinstance(value, dict):
            yield SourceError(
                origin=where, reason=f"expected a JSON object, got {_json_type(value)}"
            )
            continue
        yield article_doc(
            value, origin=f"{origin}#{number}", name=f"{base}#{number}", error_at=where
        )
    if not found:
        yield SourceError(origin=origin, reason="empty file")


def _skip_line(handle: IO[bytes]) -> None:
    while True:
        chunk = handle.readline(1 << 20)
        if not chunk or chunk.endswith(b"\n"):
            return


def article_doc(
    item: object, *, origin: str, name: str, error_at: str | None = None
) -> RawDoc | SourceError:
    """One article object -> RawDoc with its fields as Hints (or why it cannot be one).

    ``name`` is used when the object has no URL; ``error_at`` names the
    object in errors (a JSONL line number reads better than ``#3``).
    """
    where = error_at or origin
    if not isinstance(item, dict):
        return SourceError(origin=where, reason=f"expected a JSON object, got {_json_type(item)}")
    picked = _text_field(item)
    if picked is None:
        return SourceError(origin=where, reason=_NO_TEXT)
    field_name, text, kind = picked
    url = _first_str(item, URL_FIELDS)
    hints = Hints(
        title=_first_str(item, ("title", "headline")),
        url=url,
        published=_published(item),
        outlet=_outlet(item),
        authors=_authors(item),
    )
    broken = not_text(text, hints, text_field=field_name)
    if broken is not None:
        return SourceError(origin=where, reason=broken)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return RawDoc(origin=origin, name=url or name, kind=kind, text=text, hints=hints)


def _text_field(item: Mapping[str, Any]) -> tuple[str, str, DocKind] | None:
    for field_name, kind in TEXT_FIELDS:
        value = item.get(field_name)
        if isinstance(value, str) and value.strip():
            if kind is None:
                kind = DocKind.HTML if _MARKUP.search(value) else DocKind.TEXT
            return field_name, value, kind
    return None


def _first_str(item: Mapping[str, Any], fields: tuple[str, ...]) -> str | None:
    for field_name in fields:
        value = item.get(field_name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _published(item: Mapping[str, Any]) -> str | None:
    for field_name in DATE_FIELDS:
        value = item.get(field_name)
        if isinstance(value, str) and value.strip():
            return value.strip()  # as stated; clean parses and normalises it
        if isinstance(value, int | float) and not isinstance(value, bool):
            # A Unix timestamp: seconds, or milliseconds as JavaScript writes them.
            seconds = value / 1000 if value > 1e11 else value
            try:
                return datetime.fromtimestamp(seconds, tz=UTC).isoformat()
            except (OverflowError, OSError, ValueError):
                return None
    return None


def _outlet(item: Mapping[str, Any]) -> str | None:
    for field_name in OUTLET_FIELDS:
        value = item.get(field_name)
        if isinstance(value, dict):  # NewsAPI: "source": {"id": ..., "name": ...}
            value = value.get("name")
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _authors(item: Mapping[str, Any]) -> list[str]:
    for field_name in AUTHOR_FIELDS:
        value = item.get(field_name)
        values = value if isinstance(value, list) else [value]
        names: list[str] = []
        for entry in values:
            if isinstance(entry, dict):  # schema.org style: {"name": ...}
                entry = entry.get("name")
            if isinstance(entry, str) and entry.strip() and entry.strip() not in names:
                names.append(entry.strip())
        if names:
            return names
    return []


def _message(exc: json.JSONDecodeError) -> str:
    # Some messages end in " at" before the position json appends itself.
    return exc.msg.removesuffix(" at")


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"
