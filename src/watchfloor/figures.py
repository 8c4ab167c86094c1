"""A claim's number as a reader writes it: the one way the CLI, the report and the web show it.

"~30,000" (hedged: about, more than, at least...), "40-50" (a range), "2,000+" (a floor:
"thousands"), "up to 500" (a ceiling), "?" (no number). The unit follows when asked:
"~30,000 troops".
"""

from __future__ import annotations


def figure(
    value: float | None,
    low: float | None,
    high: float | None,
    *,
    hedged: bool,
    unit: str | None = None,
) -> str:
    """``value`` (else the range ``low``-``high``) with ``~`` when hedged, then ``unit``."""
    hedge = "~" if hedged else ""
    if value is not None:
        number = hedge + _number(value)
    elif low is not None and high is not None:
        number = f"{hedge}{_number(low)}-{_number(high)}"
    elif low is not None:
        number = f"{hedge}{_number(low)}+"
    elif high is not None:
        number = f"up to {_number(high)}"
    else:
        number = "?"
    return f"{number} {unit}" if unit else number


def _number(x: float) -> str:
    return f"{x:,.0f}" if x == int(x) else f"{x:,}"
