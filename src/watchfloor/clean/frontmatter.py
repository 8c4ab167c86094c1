"""Front matter: the ``---`` YAML block that opens a Markdown file, or a plain-text one.

Place in the flow: the Markdown and plain-text cleaners read it before the lines'
roles are decided; its lines are metadata (furniture), never story. What it states
wins over anything read from the text: title, date, publisher, authors, URL.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

import yaml

log = logging.getLogger(__name__)

_FENCE = re.compile(r"^\s*(?:---|\.\.\.)\s*$")

# Keys that name the publisher, most explicit first ("site" is how static-site
# generators and scrapers call it; "source" is left out: it is often the wire or a URL).
PUBLISHER_KEYS = ("publisher", "outlet", "site_name", "sitename", "site", "channel")


@dataclass(slots=True, kw_only=True)
class FrontMatter:
    """What a front-matter block states (None or empty when it does not)."""

    lines: int = 0  # how many lines the block spans, fences included
    title: str | None = None
    published: str | None = None
    published_evidence: str | None = None  # the front-matter line that states it
    publisher: str | None = None
    authors: list[str] = field(default_factory=list)
    url: str | None = None


def read_front_matter(lines: Sequence[str]) -> tuple[int, Mapping[str, object] | None]:
    """(lines the front matter spans, its fields) for a ``---`` ... ``---`` block.

    Returns ``(0, None)`` when the text has no front matter. A block whose YAML
    is malformed, or is not a mapping, still spans its lines (it is metadata,
    not story) but gives no fields: bad metadata must not stop the article.
    """
    if not lines or lines[0].strip() != "---":
        return 0, None
    for end in range(1, len(lines)):
        if _FENCE.match(lines[end]):
            break
    else:
        return 0, None  # a lone "---" is a thematic break, not front matter
    try:
        fields = yaml.safe_load("\n".join(lines[1:end]))
    # YAMLError for bad syntax; ValueError when a value cannot be built
    # ("date: 2022-02-30"); RecursionError for pathologically nested input.
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        log.debug("front matter is not valid YAML, ignoring its fields: %s", exc)
        return end + 1, None
    if not isinstance(fields, dict):
        return end + 1, None
    return end + 1, {str(k).lower(): v for k, v in fields.items()}


def front_matter(lines: Sequence[str]) -> FrontMatter:
    """The front matter of a text's lines, read into its facts (``lines == 0``: none)."""
    end, fields = read_front_matter(lines)
    found = FrontMatter(lines=end)
    if not fields:
        return found
    found.title = _as_text(fields.get("title"))
    for key in ("published", "date"):
        if (value := _as_text(fields.get(key))) is not None:
            found.published = value
            found.published_evidence = _front_matter_line(lines, end, (key,)) or value
            break
    found.publisher = next(
        (name for key in PUBLISHER_KEYS if (name := _as_name(fields.get(key)))), None
    )
    found.authors = _as_names(fields.get("authors") or fields.get("author"))
    found.url = _as_text(fields.get("url") or fields.get("link"))
    return found


def _as_text(value: object) -> str | None:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        text = str(value).strip()
        return text or None
    return None


def _as_name(value: object) -> str | None:
    """'Dnieper Daily' or {'name': 'Dnieper Daily', 'url': ...} -> the name."""
    if isinstance(value, dict):
        value = value.get("name")
    return _as_text(value)


def _as_names(value: object) -> list[str]:
    """'Jane Doe', ['Jane Doe', 'John Roe'] or [{'name': 'Jane Doe'}] -> names."""
    items = value if isinstance(value, list) else [value]
    return [name for item in items if (name := _as_name(item))]


def _front_matter_line(lines: Sequence[str], end: int, keys: Sequence[str]) -> str | None:
    """The front-matter line stating one of ``keys``: evidence for a date."""
    for line in lines[1:end]:
        key = line.split(":", 1)[0].strip().lower()
        if key in keys:
            return line.strip()
    return None
