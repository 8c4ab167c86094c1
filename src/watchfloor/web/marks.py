"""Article text with its extractions marked: escaped piece by piece, never trusted.

Offsets come from the store (``Mention.start``/``end`` within a line). The line
is cut at every mark boundary, each piece is HTML-escaped on its own, and only
then are ``<mark>`` tags put between the pieces, so nothing in an article's
text can become markup. Overlapping marks (a claim inside an event) nest; marks
that cross are closed and reopened so the HTML stays well formed.
"""

from __future__ import annotations

import itertools

from markupsafe import Markup, escape

from watchfloor.figures import figure
from watchfloor.records import Annotation, Mention
from watchfloor.web.models import Mark

# outer first when two marks start together: the longer one wraps the shorter
_KIND_ORDER = {"event": 0, "claim": 1, "entity": 2, "place": 3, "time": 4}


def marks_by_line(
    annotation: Annotation | None, *, resolved: dict[str, str] | None = None
) -> dict[int, list[Mark]]:
    """The article's entities, places, times, claims and events, as marks per line number;
    ``resolved``: the article's entity names -> the corpus entities' canonical names (an
    article in Russian names "Хренин", the corpus "Viktor Khrenin")."""
    found: dict[int, list[Mark]] = {}
    if annotation is None:
        return found
    resolved = resolved or {}

    def add(kind: str, m: Mention, title: str) -> None:
        found.setdefault(m.line, []).append(
            Mark(kind=kind, label=m.label, start=m.start, end=m.end, text=m.text, title=title)
        )

    for entity in annotation.entities:
        for m in entity.mentions:
            name = resolved.get(entity.canonical, entity.canonical)
            add("entity", m, f"{entity.type.lower()}: {name}")
    for p in annotation.places:
        where = f" at {p.lat:.3f}, {p.lon:.3f}" if p.lat is not None and p.lon is not None else ""
        add("place", p.mention, f"place: {p.canonical} ({p.country or '?'}, {p.feature}){where}")
    for t in annotation.times:
        add("time", t.mention, f"time: {t.value or 'unresolved'} ({t.resolution})")
    for c in annotation.claims:
        number = figure(c.value, c.value_low, c.value_high, hedged=c.hedged, unit=c.unit)
        via = f" via {c.via}" if c.via else ""
        add(
            "claim",
            c.mention,
            f"claim: {number} · {c.subject} · source {c.source or 'the outlet'}"
            f" ({c.source_type}){via} · as of {c.as_of or '?'}",
        )
    for e in annotation.events:
        who = f" · {', '.join(e.actors)}" if e.actors else ""
        where = f" · {e.place}" if e.place else ""
        add("event", e.mention, f"event: {e.type} · {e.date or 'undated'}{who}{where}")
    for marks in found.values():
        marks.sort(key=lambda m: (m.start, -m.end, _KIND_ORDER.get(m.kind, 9)))
    return found


def highlight(text: str, marks: list[Mark]) -> Markup:
    """``text`` as safe HTML with each mark a ``<mark class="kind" title="...">``."""
    valid = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    cuts = sorted({0, len(text), *(m.start for m in valid), *(m.end for m in valid)})
    out: list[str] = []
    open_marks: list[Mark] = []
    # a sweep over the pieces keeps the marks covering the current one (``active``, as
    # indexes into ``valid``): asking every mark for every piece took minutes on a
    # long line with thousands of marks
    by_start = sorted(range(len(valid)), key=lambda i: valid[i].start)
    started = 0
    active: list[int] = []
    for left, right in itertools.pairwise(cuts):
        while started < len(by_start) and valid[by_start[started]].start <= left:
            active.append(by_start[started])
            started += 1
        active = [i for i in active if right <= valid[i].end]
        wanted = [valid[i] for i in sorted(active)]
        # keep the open marks that still cover this piece, as long as the order allows
        keep = 0
        while keep < len(open_marks) and keep < len(wanted) and open_marks[keep] is wanted[keep]:
            keep += 1
        for _ in range(len(open_marks) - keep):
            out.append("</mark>")
        open_marks = open_marks[:keep]
        for m in wanted[keep:]:
            out.append(
                f'<mark class="{escape(m.kind)}" data-label="{escape(m.label)}"'
                f' title="{escape(m.title)}">'
            )
            open_marks.append(m)
        out.append(str(escape(text[left:right])))
    out.extend("</mark>" for _ in open_marks)
    return Markup("".join(out))
