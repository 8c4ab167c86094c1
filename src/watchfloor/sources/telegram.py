"""Telegram Desktop exports ("Export chat history", JSON) -> RawDocs, one per message.

An export is ``result.json``: one chat (``{"name", "type", "id", "messages": [...]}``)
or a whole account (``{"chats": {"list": [chat, ...]}}``, and ``left_chats`` alike).
Every message of ``"type": "message"`` with text is one RawDoc:

- its text is the concatenated ``text`` of its ``text_entities`` (else its ``text``,
  a string or a list of strings and ``{"type", "text"}`` objects; an entity of a
  type we do not know keeps its text); a ``text_link`` keeps its address after its
  words, ``words (https://...)``; a media caption is part of the text; service
  messages and messages without text (a photo or a sticker alone) are passed over;
- the chat's ``name`` is its publisher; its date is ``date_unixtime`` in UTC
  (``date`` carries no time zone); a group member's ``from`` is its author; a
  forward's ``forwarded_from`` is the channel whose report it relays
  (``Hints.forwarded_from``: ``link.independence`` counts it as that channel's);
  a reply's ``reply_to_message_id`` is not kept on the report (the replied-to
  message is its own report, found by its id);
- its name and origin are the export's path as given, then ``#<message id>``
  (``exports/bbc/result.json#73196``); in a whole-account export, where message
  ids repeat across chats, ``#<chat id>/<message id>``. A channel's or
  supergroup's message also gets its address, ``https://t.me/c/<chat id>/<id>``,
  the same in every later export of the channel: an edited message read again
  from a newer export (wherever it was saved) is a new text at the same place,
  which the store keeps as a new version; unchanged messages are duplicates.

A file is streamed (``stream_export``, with ijson) when its first bytes show an
export (``sniff_export``), so that memory stays flat however many messages it
holds; ``max_bytes`` then caps each message's text, not the file. A message that
cannot be read (wrong types, a date out of range, a text over the limit) is one
SourceError naming the file and the message id; the rest of the export is read.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import IO, Any

import ijson

from watchfloor.records import DocKind, Hints, RawDoc, Skipped, SourceError
from watchfloor.sources.encoding import not_text
from watchfloor.sources.options import too_large

log = logging.getLogger(__name__)

# A title is the text's first line, cut at a word before this many characters.
TITLE_CHARS = 120
_CHAT_LISTS = ("chats", "left_chats")
_SENTENCE_END = re.compile(r"[.!?](?= )")
# Bytes read to tell an export from an ordinary JSON file: Telegram writes a chat's
# name, type and id before its messages, and an account's personal_information first.
SNIFF_BYTES = 1 << 16
# Chat types whose messages have a t.me address (``t.me/c/<chat id>/<message id>``).
_ADDRESSED = ("channel", "supergroup")
_CHAT_FIELDS = ("name", "type", "id")
_SCALARS = frozenset({"string", "number", "boolean", "null"})
# Why a message without text is passed over, in the run's summary ("skipped").
NO_TEXT = "Telegram message without text (a sticker, photo or file alone)"


def is_telegram_export(value: object) -> bool:
    """Whether a parsed ``.json`` file has the shape of a Telegram Desktop export.

    A single chat: an object with a ``messages`` list and a chat's ``id``, ``type``
    or ``name``, whose messages (if any) are objects with ``id`` and ``type``. A
    whole account: ``chats`` holding a ``list``. An ordinary article (or list of
    articles) has neither.
    """
    if not isinstance(value, dict):
        return False
    if any(isinstance(value.get(k), dict) and "list" in value[k] for k in _CHAT_LISTS):
        return True
    messages = value.get("messages")
    if not isinstance(messages, list) or not any(k in value for k in _CHAT_FIELDS):
        return False
    first = next((m for m in messages if isinstance(m, dict)), None)
    return first is None or ("id" in first and "type" in first)


class ExportShape(StrEnum):
    """What ``sniff_export`` saw at the start of a file."""

    CHAT = "chat"  # one chat: its messages at the top
    ACCOUNT = "account"  # a whole account: chats.list[].messages


def sniff_export(head: bytes) -> ExportShape | None:
    """Whether a JSON file's first bytes are a Telegram export's, and which kind.

    A chat: a top-level ``messages`` list after the chat's ``name``, ``type`` or
    ``id`` (Telegram's order), whose first message (if seen) starts with ``id`` and
    ``type``. An account: a top-level ``chats``, ``left_chats`` holding a ``list``,
    or Telegram's ``personal_information``. Anything else (an article, an unusual key
    order) is None: the whole file is then parsed and looked at again
    (``is_telegram_export``), as before streaming.
    """
    keys: list[str] = []
    first: list[str] | None = None
    try:
        # use_float: without it, ijson 3.6.0's C parser crashes (SIGSEGV) on an integer of
        # more than 4,300 digits; with it, such an integer is a clean "integer overflow"
        start = io.BytesIO(head.removeprefix(b"\xef\xbb\xbf"))
        for prefix, event, value in ijson.parse(start, use_float=True):
            if prefix == "" and event == "map_key":
                keys.append(value)
                if value == "personal_information":
                    return ExportShape.ACCOUNT
            elif event == "map_key" and prefix in _CHAT_LISTS and value == "list":
                return ExportShape.ACCOUNT
            elif prefix == "messages" and event != "end_array":
                if not any(k in keys for k in _CHAT_FIELDS):
                    return None
                if event != "start_array":  # not a list: streaming says so, naming the file
                    return ExportShape.CHAT
                first = []
            elif prefix == "messages.item" and first is not None:
                if event == "map_key":
                    first.append(value)
                    if {"id", "type"} <= set(first):
                        break
                elif event != "start_map":
                    break  # the first message ended (or is no object): judged below
            elif prefix == "messages" and event == "end_array":
                break
            elif prefix == "" and event == "start_array":
                return None  # a list of articles
    except (ijson.JSONError, ijson.IncompleteJSONError, UnicodeDecodeError, ValueError):
        pass  # the head ends mid-value, or is no JSON: judged on what was seen
    if first is None:
        return None
    if first and not {"id", "type"} <= set(first):
        return None
    return ExportShape.CHAT


@dataclass(slots=True)
class _Chat:
    """What a chat's messages share: where they are named, their publisher, their type."""

    origin: str
    prefix: str = ""  # "<chat id>/" in a whole-account export
    outlet: str | None = None
    chat_type: str = ""
    chat_id: str | None = None
    max_bytes: int | None = None
    # messages passed over, said in the log (-v) at the chat's end
    service: int = 0
    without_text: list[str] = field(default_factory=list)

    def log_passed_over(self) -> None:
        if self.service or self.without_text:
            shown = ", ".join(self.without_text[:10]) + ("…" if len(self.without_text) > 10 else "")
            log.info(
                "%s%s: passed over %d service messages and %d messages without text "
                "(a sticker, photo or file alone%s)",
                self.origin,
                f"#{self.prefix.rstrip('/')}" if self.prefix else "",
                self.service,
                len(self.without_text),
                f": {shown}" if shown else "",
            )

    @classmethod
    def of(
        cls, chat: Mapping[str, Any], *, origin: str, prefix: str, max_bytes: int | None
    ) -> _Chat:
        name, kind = chat.get("name"), chat.get("type")
        return cls(
            origin=origin,
            prefix=prefix,
            outlet=name.strip() if isinstance(name, str) and name.strip() else None,
            chat_type=kind if isinstance(kind, str) else "",
            chat_id=_id_text(chat.get("id")),
            max_bytes=max_bytes,
        )


def read_export(
    value: dict[str, Any], *, origin: str, max_bytes: int | None = None
) -> Iterator[RawDoc | SourceError | Skipped]:
    """The messages of a parsed Telegram export (``is_telegram_export``)."""
    if not any(isinstance(value.get(k), dict) and "list" in value[k] for k in _CHAT_LISTS):
        yield from _read_chat(value, origin=origin, prefix="", max_bytes=max_bytes)
        return
    found = False
    for key in _CHAT_LISTS:
        holder = value.get(key)
        if not isinstance(holder, dict) or "list" not in holder:
            continue
        chats = holder["list"]
        if not isinstance(chats, list):
            yield SourceError(origin=origin, reason=f"Telegram export: {key}.list is not a list")
            continue
        for number, chat in enumerate(chats, 1):
            found = True
            where = f"{origin}#{key}[{number}]"
            if not isinstance(chat, dict):
                yield SourceError(origin=where, reason="Telegram export: a chat is not an object")
                continue
            chat_id = _id_text(chat.get("id"))
            if chat_id is None:
                yield SourceError(origin=where, reason="Telegram export: a chat without an id")
                continue
            yield from _read_chat(chat, origin=origin, prefix=f"{chat_id}/", max_bytes=max_bytes)
    if not found:
        yield SourceError(origin=origin, reason="Telegram export: no chats")


def _read_chat(
    chat: Mapping[str, Any], *, origin: str, prefix: str, max_bytes: int | None
) -> Iterator[RawDoc | SourceError | Skipped]:
    messages = chat.get("messages")
    if not isinstance(messages, list):
        yield _no_messages(origin, prefix, messages)
        return
    about = _Chat.of(chat, origin=origin, prefix=prefix, max_bytes=max_bytes)
    for number, message in enumerate(messages, 1):
        found = _message_doc(message, number=number, chat=about)
        if found is not None:
            yield found
    about.log_passed_over()


def _no_messages(origin: str, prefix: str, messages: object) -> SourceError:
    where = f"{origin}#{prefix.rstrip('/')}" if prefix else origin
    got = "no" if messages is None else "a non-list"
    return SourceError(origin=where, reason=f"Telegram export: chat has {got} 'messages' list")


# ---- streaming -------------------------------------------------------------------------


@dataclass(slots=True)
class _Streamed:
    """A chat as the stream reaches it: its fields as they come, and its messages (held
    back only while the fields that name and attribute them are still missing)."""

    base: str  # the chat's prefix in ijson's events: "" or "chats.list.item"
    where: str  # how errors name the chat before its id is known: "#chats[3]"
    fields: dict[str, Any] = field(default_factory=dict)
    messages: str = "none"  # none | list | other: what its "messages" held
    count: int = 0
    held: list[Any] = field(default_factory=list)
    about: _Chat | None = None

    def at(self, name: str) -> str:
        return f"{self.base}.{name}" if self.base else name


class _IntegerOverflow(Exception):
    """The C parser met an integer beyond 64 bits (a counter, an id): read again in Python."""


def stream_export(
    handle: IO[bytes], *, origin: str, shape: ExportShape, max_bytes: int | None = None
) -> Iterator[RawDoc | SourceError | Skipped]:
    """The messages of a Telegram export read from ``handle`` one at a time (ijson).

    One message is built at a time. A chat whose name, type and id come before its
    messages (Telegram's order) has its messages built by ijson's C code
    (``ijson.items``), the fast path; a whole account, or a chat in another order, is
    walked event by event (a chat whose fields come after its messages has them held
    until its end). A file that breaks off after some messages yields those, then one
    SourceError saying where it broke. ijson's C parser refuses integers beyond 64
    bits, which JSON allows: from the first such integer on, the file is read again
    with ijson's Python parser (slower, exact), passing over what was already yielded.
    """
    start = handle.tell() if handle.seekable() else 0
    fields = _chat_head(handle) if shape is ExportShape.CHAT and handle.seekable() else None
    if handle.seekable():
        handle.seek(start)

    def read(backend: Any) -> Iterator[RawDoc | SourceError | Skipped]:
        if fields is not None:
            return _stream_chat(handle, fields, origin=origin, max_bytes=max_bytes, backend=backend)
        return _stream(handle, origin=origin, shape=shape, max_bytes=max_bytes, backend=backend)

    done = 0
    try:
        for found in read(None):
            done += 1
            yield found
        return
    except _IntegerOverflow:
        if not handle.seekable():
            yield SourceError(origin=origin, reason="invalid JSON: an integer beyond 64 bits")
            return
    handle.seek(start)
    for number, found in enumerate(read(ijson.get_backend("python"))):
        if number >= done:
            yield found


def _chat_head(handle: IO[bytes]) -> dict[str, Any] | None:
    """A chat's name, type and id, and whether its ``messages`` is a list, when all come
    before its messages; None otherwise (the event-by-event path then reads it)."""
    fields: dict[str, Any] = {}
    try:
        for prefix, event, value in ijson.parse(handle, use_float=True):
            if prefix in _CHAT_FIELDS and event in _SCALARS:
                fields[prefix] = value
            elif prefix == "messages":
                fields["messages"] = event == "start_array"
                break
    except (ijson.JSONError, ijson.IncompleteJSONError, ValueError):
        return None
    return fields if {*_CHAT_FIELDS, "messages"} <= set(fields) else None


def _stream_chat(
    handle: IO[bytes],
    fields: Mapping[str, Any],
    *,
    origin: str,
    max_bytes: int | None,
    backend: Any,
) -> Iterator[RawDoc | SourceError | Skipped]:
    about = _Chat.of(fields, origin=origin, prefix="", max_bytes=max_bytes)
    if not fields["messages"]:
        yield _no_messages(origin, "", [])
        return
    items = backend.items if backend is not None else ijson.items
    try:
        for number, message in enumerate(items(handle, "messages.item", use_float=True), 1):
            found = _message_doc(message, number=number, chat=about)
            if found is not None:
                yield found
    except (ijson.JSONError, ijson.IncompleteJSONError, ValueError) as exc:
        yield _broken(exc, origin=origin, backend=backend)
        return
    about.log_passed_over()


def _broken(exc: Exception, *, origin: str, backend: Any) -> SourceError:
    """Where the JSON broke; the C parser's integer overflow is raised to read again."""
    if backend is None and "integer overflow" in str(exc):
        raise _IntegerOverflow from None
    # ValueError too: Python's int() refuses 4,300 digits and more
    return SourceError(origin=origin, reason=f"invalid JSON: {_first_line(exc)}")


def _stream(
    handle: IO[bytes],
    *,
    origin: str,
    shape: ExportShape,
    max_bytes: int | None,
    backend: Any = None,
) -> Iterator[RawDoc | SourceError | Skipped]:
    account = shape is ExportShape.ACCOUNT
    chat: _Streamed | None = None if account else _Streamed(base="", where="")
    chats = dict.fromkeys(_CHAT_LISTS, 0)
    builder: Any = None  # an ijson.ObjectBuilder while inside one message
    depth = 0
    try:
        parse = backend.parse if backend is not None else ijson.parse
        for prefix, event, value in parse(handle, use_float=True):
            if builder is not None:
                builder.event(event, value)
                depth += event in ("start_map", "start_array")
                depth -= event in ("end_map", "end_array")
                if depth == 0 and chat is not None:
                    yield from _streamed_message(chat, builder.value, origin, max_bytes)
                    builder = None
                continue
            if chat is not None:
                if prefix == chat.at("messages.item"):
                    chat.count += 1
                    if event in ("start_map", "start_array"):
                        builder, depth = ijson.ObjectBuilder(), 1
                        builder.event(event, value)
                    else:
                        yield from _streamed_message(chat, value, origin, max_bytes)
                elif prefix == chat.at("messages") and event != "end_array":
                    chat.messages = "list" if event == "start_array" else "other"
                elif prefix in {chat.at(f) for f in _CHAT_FIELDS} and event in _SCALARS:
                    chat.fields[prefix.rsplit(".", 1)[-1]] = value
                elif account and prefix == chat.base and event == "end_map":
                    yield from _end_chat(chat, origin, max_bytes)
                    chat = None
                continue
            for key in _CHAT_LISTS:
                if prefix == f"{key}.list" and event not in ("start_array", "end_array"):
                    yield SourceError(
                        origin=origin, reason=f"Telegram export: {key}.list is not a list"
                    )
                elif prefix == f"{key}.list.item" and event not in ("end_map", "end_array"):
                    chats[key] += 1
                    where = f"#{key}[{chats[key]}]"
                    if event == "start_map":
                        chat = _Streamed(base=prefix, where=where)
                    else:
                        yield SourceError(
                            origin=f"{origin}{where}",
                            reason="Telegram export: a chat is not an object",
                        )
    except (ijson.JSONError, ijson.IncompleteJSONError, ValueError) as exc:
        yield _broken(exc, origin=origin, backend=backend)
        return
    if not account and chat is not None:
        yield from _end_chat(chat, origin, max_bytes)
    elif account and not any(chats.values()):
        yield SourceError(origin=origin, reason="Telegram export: no chats")


def _streamed_message(
    chat: _Streamed, message: object, origin: str, max_bytes: int | None
) -> Iterator[RawDoc | SourceError | Skipped]:
    if chat.about is None:
        # Telegram's order: name, type, id, then messages; until all three are seen
        # (an unusual file), the messages wait for the chat's end
        if not set(_CHAT_FIELDS) <= set(chat.fields):
            chat.held.append(message)
            return
        chat.about = _streamed_chat(chat, origin, max_bytes)
        if chat.about is None:
            return
    found = _message_doc(message, number=chat.count, chat=chat.about)
    if found is not None:
        yield found


def _streamed_chat(chat: _Streamed, origin: str, max_bytes: int | None) -> _Chat | None:
    prefix = ""
    if chat.base:
        chat_id = _id_text(chat.fields.get("id"))
        if chat_id is None:
            return None
        prefix = f"{chat_id}/"
    return _Chat.of(chat.fields, origin=origin, prefix=prefix, max_bytes=max_bytes)


def _end_chat(
    chat: _Streamed, origin: str, max_bytes: int | None
) -> Iterator[RawDoc | SourceError | Skipped]:
    about = chat.about or _streamed_chat(chat, origin, max_bytes)
    if about is None:  # an account's chat without an id: its messages cannot be named
        yield SourceError(
            origin=f"{origin}{chat.where}", reason="Telegram export: a chat without an id"
        )
        return
    if chat.messages != "list":
        yield _no_messages(origin, about.prefix, None if chat.messages == "none" else [])
        return
    for number, message in enumerate(chat.held, chat.count - len(chat.held) + 1):
        found = _message_doc(message, number=number, chat=about)
        if found is not None:
            yield found
    chat.held.clear()
    about.log_passed_over()


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]


# ---- one message -----------------------------------------------------------------------


def _message_doc(
    message: object, *, number: int, chat: _Chat
) -> RawDoc | SourceError | Skipped | None:
    """One message as a RawDoc; None for a service message (no report), Skipped for
    one without text (a sticker alone: counted in the run's summary)."""
    origin, prefix = chat.origin, chat.prefix
    if not isinstance(message, dict):
        return SourceError(
            origin=f"{origin}#{prefix}[{number}]",
            reason="Telegram export: a message is not an object",
        )
    message_id = _id_text(message.get("id"))
    if message_id is None:
        return SourceError(
            origin=f"{origin}#{prefix}[{number}]",
            reason="Telegram export: a message without a valid id",
        )
    doc = f"{origin}#{prefix}{message_id}"
    if message.get("type") != "message":
        chat.service += 1
        return None  # service messages (joined, pinned, created...) are no reports
    try:
        text = message_text(message)
        published = _published(message)
    except ValueError as exc:
        return SourceError(origin=doc, reason=f"Telegram message {message_id}: {exc}")
    if not text.strip():
        chat.without_text.append(message_id)
        return Skipped(doc, NO_TEXT)  # a photo, sticker or file without a caption: counted
    if chat.max_bytes is not None and len(text) * 4 > chat.max_bytes:
        size = len(text.encode("utf-8", errors="surrogatepass"))
        if size > chat.max_bytes:
            return SourceError(
                origin=doc,
                reason=f"Telegram message {message_id}: {too_large(size, chat.max_bytes)}",
            )
    sender = message.get("from")
    authors = (
        [sender.strip()]
        if isinstance(sender, str)
        and sender.strip()
        and sender.strip() != chat.outlet
        and "channel" not in chat.chat_type
        else []
    )
    forwarded = message.get("forwarded_from")
    hints = Hints(
        title=title_of(text),
        published=published,
        outlet=chat.outlet,
        authors=authors,
        url=_address(chat, message_id),
        forwarded_from=forwarded.strip()
        if isinstance(forwarded, str) and forwarded.strip()
        else None,
        reply_to=_reply_to(message, chat),
    )
    broken = not_text(text, hints)
    if broken is not None:
        return SourceError(origin=doc, reason=f"Telegram message {message_id}: {broken}")
    return RawDoc(origin=doc, name=doc, kind=DocKind.MESSAGE, text=text, hints=hints)


def _reply_to(message: Mapping[str, Any], chat: _Chat) -> str | None:
    """The doc of the message this one answers, when it is in the same chat."""
    peer = message.get("reply_to_peer_id")  # "channel123" when the answer is elsewhere
    here = (chat.chat_id or "").lstrip("-")
    if isinstance(peer, str | int) and re.sub(r"\D", "", str(peer)) != here:
        return None  # a reply to another chat's message: not in this export
    replied = _id_text(message.get("reply_to_message_id"))
    return f"{chat.origin}#{chat.prefix}{replied}" if replied is not None else None


def _address(chat: _Chat, message_id: str) -> str | None:
    """``https://t.me/c/<chat id>/<message id>`` for a channel's or supergroup's message:
    Telegram's own link to it (for members), and the same in every export."""
    if chat.chat_id is None or not any(k in chat.chat_type for k in _ADDRESSED):
        return None
    if not (chat.chat_id.lstrip("-").isdigit() and message_id.isdigit()):
        return None
    return f"https://t.me/c/{chat.chat_id.lstrip('-')}/{message_id}"


def message_text(message: Mapping[str, Any]) -> str:
    """A message's text: its entities' text with links kept; raises ValueError on wrong types."""
    entities = message.get("text_entities")
    if entities is not None and not isinstance(entities, list):
        raise ValueError("text_entities is not a list")
    if entities:
        text = _joined(entities, field="text_entities")
    else:
        plain = message.get("text")
        if plain is None or isinstance(plain, str):
            text = plain or ""
        elif isinstance(plain, list):
            text = _joined(plain, field="text")
        else:
            raise ValueError("text is neither a string nor a list")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _joined(parts: list[Any], *, field: str) -> str:
    out: list[str] = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
            continue
        if not isinstance(part, dict):
            raise ValueError(f"{field} holds a {_kind(part)}, not text")
        words = part.get("text", "")
        if not isinstance(words, str):
            raise ValueError(f"{field} holds an entity whose text is not a string")
        out.append(words)
        href = part.get("href")
        link = href.strip() if isinstance(href, str) else ""
        # the link's address after its words, unless the words are the address
        if part.get("type") == "text_link" and link and link not in words:
            out.append(f" ({link})")
    return "".join(out)


def _published(message: Mapping[str, Any]) -> str | None:
    """``date_unixtime`` (a string of digits in exports, or a number) as UTC ISO."""
    value = message.get("date_unixtime")
    if value is None:
        return None
    if isinstance(value, str) and value.strip().isdigit():
        if len(value.strip()) > 12:
            raise ValueError(f"date_unixtime out of range: {value.strip()[:20]}")
        seconds: int | float = int(value.strip())
    elif isinstance(value, int | float) and not isinstance(value, bool):
        seconds = value
    else:
        raise ValueError(f"date_unixtime is not a Unix time: {str(value)[:40]!r}")
    try:
        return datetime.fromtimestamp(seconds, tz=UTC).isoformat()
    except (OverflowError, OSError, ValueError):
        raise ValueError(f"date_unixtime out of range: {str(seconds)[:20]}") from None


def title_of(text: str) -> str | None:
    """The text's first non-blank line; a longer one cut to ``TITLE_CHARS`` at its last
    sentence end (if not too early), else at a word, with "…"."""
    first = next((line.strip() for line in text.split("\n") if line.strip()), None)
    if first is None or len(first) <= TITLE_CHARS:
        return first
    head = first[:TITLE_CHARS]
    # the first sentence when it fits and says something; else words, then "…"
    ends = [m.start() for m in _SENTENCE_END.finditer(head) if m.start() >= TITLE_CHARS // 3]
    if ends:
        return head[: ends[0] + 1]
    cut = head.rsplit(" ", 1)[0].rstrip(" ,;:-")
    return (cut or head) + "…"


def _id_text(value: object) -> str | None:
    """A message or chat id as written in a doc name; None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and abs(value) < 10**20:
        return str(value)
    if isinstance(value, str) and value.strip() and len(value) <= 40:
        stripped = value.strip()
        if all(c.isalnum() or c in "-_" for c in stripped):
            return stripped
    return None


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return "list" if isinstance(value, list) else type(value).__name__
