"""Typed errors of the library; the CLI and web translate them once, at the boundary."""

from __future__ import annotations


class WatchfloorError(Exception):
    """Base of every error watchfloor raises on purpose."""


class InputError(WatchfloorError):
    """One input (file, URL, feed entry, WARC record) cannot be read.

    The message is one line naming the input and the reason, fit for a
    summary; the rest of the batch goes on.
    """

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason


class StoreError(WatchfloorError):
    """The store cannot be opened or written (bad URL, wrong schema version...)."""


class NotFound(WatchfloorError):
    """A requested article or item does not exist."""
