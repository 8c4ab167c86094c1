"""Publication dates as ISO strings, from whatever form a container states them in."""

from __future__ import annotations

import re
from datetime import datetime
from email.utils import parsedate_to_datetime

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def iso_date(value: str | None) -> str | None:
    """'2022-02-23T10:00:00Z', 'Wed, 23 Feb 2022 10:00:00 GMT', '2022-02' -> ISO date.

    Keeps the resolution the value has (a bare '2022-02' stays a month);
    returns None for anything it cannot read rather than guessing.
    """
    if not value:
        return None
    value = value.strip()
    m = _ISO.match(value)
    if m:
        year, month, day = m.groups()
        try:
            datetime(int(year), int(month or 1), int(day or 1))
        except ValueError:
            return None
        return "-".join(p for p in (year, month, day) if p)
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    import dateparser  # slow to import; only for free-form dates

    parsed = dateparser.parse(value, settings={"STRICT_PARSING": True})
    return parsed.date().isoformat() if parsed else None
