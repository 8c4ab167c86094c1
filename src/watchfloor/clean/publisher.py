"""The publisher of an article that states none: the web host it came from.

Place in the flow: the last step of ``clean``, after the cleaners have read what the
input states (front matter, page metadata, feed title, byline, copyright line). Only
when none of those names a publisher does the URL's host stand in: the outlet whose
``hosts`` (a theatre pack's fact about it) hold that host, else the bare host without
"www." ("understandingwar.org"). An article with neither a stated publisher nor a URL
keeps none: an organisation merely named in the text is never its publisher.
"""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

from watchfloor.theatres import Theatre

# Prefixes a host carries that no reader says ("www.reuters.com" is Reuters' site).
_HOST_PREFIXES = ("www.", "www1.", "www2.", "m.", "mobile.", "amp.", "en.")


def host_of(url: str | None) -> str | None:
    """The host of a web address, lower-case and without "www."; None for other URLs."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or "." not in host:
        return None
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") > 1:
            host = host[len(prefix) :]
            break
    return host


@functools.cache
def _hosts(theatre: Theatre) -> dict[str, str]:
    """Every host a theatre's entries list, to the entry's name."""
    found: dict[str, str] = {}
    for entries in theatre.by_kind.values():
        for entry in entries:
            for host in entry.get("hosts", ()) or ():
                found.setdefault(str(host).lower().removeprefix("www."), entry.name)
    return found


def publisher_for_url(url: str | None, *, theatre: Theatre | None = None) -> str | None:
    """The outlet a URL's host belongs to (``theatre``'s ``hosts``), else the bare host."""
    host = host_of(url)
    if host is None:
        return None
    known = _hosts(theatre) if theatre is not None else {}
    labels = host.split(".")
    # "news.bbc.co.uk" is the BBC's: try the host, then each parent domain
    for i in range(len(labels) - 1):
        if (name := known.get(".".join(labels[i:]))) is not None:
            return name
    return host
