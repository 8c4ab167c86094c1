"""Options shared by every source, and the wording of size limits.

Sources read one options object (not a dozen keyword arguments) so that the
CLI builds it once and every reader, down to a followed feed link, obeys the
same limits.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

MB = 1024 * 1024
# Without an explicit ``deadline``, a whole fetch gets this many read timeouts
# (100 s with the default 20 s timeout).
FETCH_TIMEOUTS = 5


@dataclass(slots=True, kw_only=True, frozen=True)
class SourceOptions:
    """Limits and permissions for reading inputs.

    ``max_bytes`` caps each file, HTTP response and WARC record; WARC and JSONL
    files are streamed, so for them it caps each record or line instead of the
    whole file. ``allow_private`` lets URLs reach loopback, private and
    link-local addresses (off by default: a feed must not be able to make
    watchfloor fetch ``http://169.254.169.254/`` or a service on localhost).
    ``follow_links`` fetches the linked page of feed entries that carry only a
    short summary. ``timeout`` bounds the wait to connect and between bytes;
    ``deadline`` bounds a whole fetch (every redirect hop, headers and body), so
    a server trickling a byte at a time cannot hold it open (None: five timeouts).
    """

    max_bytes: int = 50 * MB
    allow_private: bool = False
    timeout: float = 20.0  # seconds to connect, and between bytes of a response
    max_redirects: int = 5
    follow_links: bool = False
    deadline: float | None = None  # seconds for a whole fetch; None: FETCH_TIMEOUTS timeouts

    def __post_init__(self) -> None:
        if self.max_bytes <= 0:
            raise ValueError(f"max_bytes must be positive, got {self.max_bytes}")
        if not 0 < self.timeout < math.inf:  # NaN fails too
            raise ValueError(f"timeout must be a positive number of seconds, got {self.timeout}")
        if self.max_redirects < 0:
            raise ValueError(f"max_redirects must be 0 or more, got {self.max_redirects}")
        if self.deadline is not None and not 0 < self.deadline < math.inf:
            raise ValueError(f"deadline must be a positive number of seconds, got {self.deadline}")

    @property
    def fetch_deadline(self) -> float:
        """Seconds a whole fetch may take, redirects, headers and body together."""
        return self.deadline if self.deadline is not None else self.timeout * FETCH_TIMEOUTS


DEFAULT_OPTIONS = SourceOptions()


def human_size(size: int) -> str:
    """``52428800`` -> ``50.0 MB``; small sizes stay readable (``512 bytes``, ``1.5 KB``)."""
    if size >= MB:
        return f"{size / MB:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size} bytes"


def too_large(size: int | None, limit: int) -> str:
    """The reason for an input over ``max_bytes``; ``size`` is None when unknown (streamed)."""
    if size is None:
        return f"too large (over the {human_size(limit)} limit)"
    return f"too large ({human_size(size)} > {human_size(limit)} limit)"
