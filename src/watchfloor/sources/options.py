"""Options shared by every source, and the wording of size limits.

Sources read one options object (not a dozen keyword arguments) so that the
CLI builds it once and every reader, down to a followed feed link, obeys the
same limits.
"""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(slots=True, kw_only=True, frozen=True)
class SourceOptions:
    """Limits and permissions for reading inputs.

    ``max_bytes`` caps each file, HTTP response and WARC record; WARC and JSONL
    files are streamed, so for them it caps each record or line instead of the
    whole file. ``allow_private`` lets URLs reach loopback, private and
    link-local addresses (off by default: a feed must not be able to make
    watchfloor fetch ``http://169.254.169.254/`` or a service on localhost).
    ``follow_links`` fetches the linked page of feed entries that carry only a
    short summary.
    """

    max_bytes: int = 50 * MB
    allow_private: bool = False
    timeout: float = 20.0  # seconds to connect, and between bytes of a response
    max_redirects: int = 5
    follow_links: bool = False

    def __post_init__(self) -> None:
        if self.max_bytes <= 0:
            raise ValueError(f"max_bytes must be positive, got {self.max_bytes}")
        if self.timeout <= 0:
            raise ValueError(f"timeout must be positive, got {self.timeout}")
        if self.max_redirects < 0:
            raise ValueError(f"max_redirects must be 0 or more, got {self.max_redirects}")


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
