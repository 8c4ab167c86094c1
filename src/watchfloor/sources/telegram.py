"""Telegram Desktop exports ("Export chat history", JSON) -> RawDocs, one per message.

An export is ``result.json``: one chat (``{"name", "type", "id", "messages": [...]}``)
or a whole account (``{"chats": {"list": [chat, ...]}}``, and ``left_chats`` alike).
Every message of ``"type": "message"`` with text is one RawDoc:

- its text is the concatenated ``text`` of its ``text_entities`` (else its ``text``,
  a string or a list of strings and ``{"type", "text"}`` objects); a ``text_link``
  keeps its address after its words, ``words (https://...)``; a media caption is
  part of the text; service messages and messages without text (a photo or a
  sticker alone) are passed over;
- the chat's ``name`` is its publisher; its date is ``date_unixtime`` in UTC
  (``date`` carries no time zone); a group member's ``from`` is its author;
- its name and origin are the export's path as given, then ``#<message id>``
  (``exports/bbc/result.json#73196``); in a whole-account export, where message
  ids repeat across chats, ``#<chat id>/<message id>``. An edited message read
  again from a newer export at the same path is a new text at the same place:
  the store keeps it as a new version of the message.

A message that cannot be read (wrong types, a date out of range) is one
SourceError naming the file and the message id; the rest of the export is read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

from watchfloor.records import DocKind, Hints, RawDoc, SourceError
from watchfloor.sources.encoding import not_text

# A title is the text's first line, cut at a word before this many characters.
TITLE_CHARS = 120
_CHAT_LISTS = ("chats", "left_chats")
_SENTENCE_END = re.compile(r"[.!?](?= )")


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
    if not isinstance(messages, list) or not any(k in value for k in ("id", "type", "name")):
        return False
    first = next((m for m in messages if isinstance(m, dict)), None)
    return first is None or ("id" in first and "type" in first)


def read_export(value: dict[str, Any], *, origin: str) -> Iterator[RawDoc | SourceError]:
    """The messages of a parsed Telegram export (``is_telegram_export``)."""
    if not any(isinstance(value.get(k), dict) and "list" in value[k] for k in _CHAT_LISTS):
        yield from _read_chat(value, origin=origin, prefix="")
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
            if not isinstance(chat, dict):
                yield SourceError(
                    origin=f"{origin}#{key}[{number}]",
                    reason="Telegram export: a chat is not an object",
                )
                continue
            chat_id = _id_text(chat.get("id"))
            if chat_id is None:
                yield SourceError(
                    origin=f"{origin}#{key}[{number}]",
                    reason="Telegram export: a chat without an id",
                )
                continue
            yield from _read_chat(chat, origin=origin, prefix=f"{chat_id}/")
    if not found:
        yield SourceError(origin=origin, reason="Telegram export: no chats")


def _read_chat(
    chat: Mapping[str, Any], *, origin: str, prefix: str
) -> Iterator[RawDoc | SourceError]:
    messages = chat.get("messages")
    where = f"{origin}#{prefix.rstrip('/')}" if prefix else origin
    if not isinstance(messages, list):
        got = "no" if messages is None else "a non-list"
        yield SourceError(origin=where, reason=f"Telegram export: chat has {got} 'messages' list")
        return
    name = chat.get("name")
    outlet = name.strip() if isinstance(name, str) and name.strip() else None
    kind = chat.get("type")
    chat_type = kind if isinstance(kind, str) else ""
    for number, message in enumerate(messages, 1):
        found = _message_doc(
            message, number=number, origin=origin, prefix=prefix, outlet=outlet, chat_type=chat_type
        )
        if found is not None:
            yield found


def _message_doc(
    message: object, *, number: int, origin: str, prefix: str, outlet: str | None, chat_type: str
) -> RawDoc | SourceError | None:
    """One message as a RawDoc; None for what is not an article (service, no text)."""
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
        return None  # service messages (joined, pinned, created...) are no reports
    try:
        text = message_text(message)
        published = _published(message)
    except ValueError as exc:
        return SourceError(origin=doc, reason=f"Telegram message {message_id}: {exc}")
    if not text.strip():
        return None  # a photo, sticker or file without a caption
    sender = message.get("from")
    authors = (
        [sender.strip()]
        if isinstance(sender, str)
        and sender.strip()
        and sender.strip() != outlet
        and "channel" not in chat_type
        else []
    )
    hints = Hints(title=title_of(text), published=published, outlet=outlet, authors=authors)
    broken = not_text(text, hints)
    if broken is not None:
        return SourceError(origin=doc, reason=f"Telegram message {message_id}: {broken}")
    return RawDoc(origin=doc, name=doc, kind=DocKind.MESSAGE, text=text, hints=hints)


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
