"""The situation report as Markdown, for pasting into a document.

The same sections as the HTML report (``watchfloor.report.view``), as tables
and lists, without charts or map; every figure is followed by its source,
"(outlet, date, article N line L)". Article text is untrusted: ``md`` escapes
the characters that Markdown or the HTML it may contain would act on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from watchfloor.query import Finding, Region, coverage_parts
from watchfloor.report.view import PlaceView, Sitrep, aside_text, build, citation
from watchfloor.store import Store

# Markdown's active characters (CommonMark lets any ASCII punctuation be escaped);
# HTML's as entities, which every Markdown dialect leaves as text.
_ACTIVE = re.compile(r"([\\`*_\[\]|#!~])")
_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def md(value: object) -> str:
    """Text as inert Markdown on one line: no markup, links, HTML or table breaks."""
    text = " ".join(("" if value is None else str(value)).split())
    return _ACTIVE.sub(r"\\\1", text.translate(_ENTITIES))


def cite(found: Finding) -> str:
    return f"({md(citation(found))})"


def aside(report: Sitrep, found: Finding) -> str:
    """After a quote from an article not in English: what was extracted from its line."""
    extracted = report.aside(found)
    return f" ({md(aside_text(extracted))})" if extracted is not None else ""


def _coverage(report: Sitrep) -> list[str]:
    """The Coverage section: which reports were analysed in which language, and why
    the others were not."""
    found = report.coverage
    if found is None:
        return []
    parts = coverage_parts(found)
    out = ["## Coverage", "", (md("; ".join(parts)) + ".") if parts else "No reports.", ""]
    for row in found.languages:
        model = f", names by {row.ner}" if row.analysed and row.ner else ""
        line = f"- {md(row.name)} ({md(row.language)}): {row.analysed} of {row.articles} analysed"
        line += md(model)
        if row.found:
            line += "; found " + md(", ".join(f"{n} {stage}" for stage, n in row.found.items()))
        for why in row.not_analysed:
            line += f"; {why.articles} not analysed: {md(why.reason)}"
        if row.not_annotated:
            line += f"; {row.not_annotated} not annotated yet"
        out.append(line)
    out += [
        "",
        "Reports not analysed add nothing to the findings below. No translation is offered: "
        "a quote in another language is shown as written, with the names and figures found "
        "in its line after it in parentheses.",
        "",
    ]
    return out


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


def render_markdown(
    store: Store, *, title: str = "Situation report", region: Region | None = None
) -> str:
    """The whole report as one Markdown document (``region``: as ``view.build``)."""
    r = build(store, title=title, region=region)
    o = r.overview
    period = (
        f"{o.first_published} to {o.last_published}" if o.first_published else "no dated reports"
    )
    out = [
        f"# {md(r.title)}",
        "",
        f"Generated {r.generated} by watchfloor {r.version}. Sources are given as "
        "(outlet, date, article N line L); the articles are listed at the end.",
        "",
        *(
            [
                f"Limited to the region: {md(r.region)} "
                "(timeline, map, claims and estimate series).",
                "",
            ]
            if r.region
            else []
        ),
        "## Overview",
        "",
        f"- Reports: {o.articles} ({o.undated} undated)"
        + (f"; {r.coverage.analysed} analysed (see Coverage)" if r.coverage else ""),
        f"- Period: {period}",
        f"- Words of body text: {o.body_words:,}",
        f"- Findings: {len(r.claims)} claims in {len(r.series)} estimate series, "
        f"{len(r.timeline)} dated events in {len(r.happenings)} happenings, "
        f"{len(r.places)} places, {len(r.entities)} people and organisations, "
        f"{len(r.statements)} statements, {len(r.relations)} recycled-reporting relations",
        "- Outlets: " + "; ".join(f"{md(x.outlet)} ({x.articles})" for x in o.outlets),
        "",
        *_coverage(r),
        "## Estimate series",
        "",
    ]
    for s in r.series:
        out += [
            f"### {md(s.label)}",
            "",
            f"{len(s.estimates)} claim(s), {s.sources} independent source(s).",
            "",
        ]
        out += _table(
            ["As of", "Value", "Source", "Quote", "Independent"],
            (
                [
                    md(e.claim.as_of or "—"),
                    md(e.claim.figure),
                    md(e.claim.source or "(the outlet)"),
                    f"“{md(e.claim.quote)}”{aside(r, e.claim)} {cite(e.claim)}",
                    f"no: {md(e.reason or f'recycled from article {e.echo_of}')}"
                    if e.echo_of
                    else "yes",
                ]
                for e in s.estimates
            ),
        )
        out.append("")
    out += ["## Timeline", ""]
    out += _table(
        ["Date", "Type", "Actors", "Place", "Sources", "Reports"],
        (
            [
                md(h.date or "undated"),
                md(h.type),
                md(", ".join(h.actors)),
                md(h.place or ""),
                str(h.sources),
                "; ".join(
                    [f"“{md(e.quote)}”{aside(r, e)} {cite(e)}" for e in h.reports]
                    + [f"disagree: {md(note)}" for note in h.disagreements]
                ),
            ]
            for h in r.happenings
        ),
    )
    out += ["", "## Places", ""]
    out += _table(
        ["Place", "Kind", "Country", "Lat, lon", "Mentions", "Spellings", "Evidence"],
        (_place_row(found) for found in r.places),
    )
    out += ["", "## Claims", ""]
    out += _table(
        ["As of", "Value", "Unit", "Subject", "Source", "Source type", "Via", "Quote"],
        (
            [
                md(c.as_of or "—"),
                md(c.figure),
                md(c.unit),
                md(c.subject),
                md(c.source or "(the outlet)"),
                md(c.source_type),
                md(c.via or ""),
                f"“{md(c.quote)}”{aside(r, c)} {cite(c)}",
            ]
            for c in r.claims
        ),
    )
    out += ["", "## Sources", ""]
    out += _table(
        ["Outlet", "Reports", "Cites", "Recycles reporting of"],
        (
            [
                md(s.outlet or "(unknown outlet)"),
                str(s.articles),
                "; ".join(f"{md(c.cited)} ({md(c.kind)}, {c.times}×)" for c in s.cites),
                "; ".join(
                    f"{md(d.outlet or '(unknown outlet)')} ({md(d.kind)})" for d in s.derives_from
                ),
            ]
            for s in r.sources
        ),
    )
    if r.relations:
        out += ["", "Recycled reporting:", ""]
        out += [
            f"- article {rel.a_id} ({md(rel.a_outlet)}, {md(rel.a_published)}) "
            f"derives from article {rel.b_id} ({md(rel.b_outlet)}, "
            f"{md(rel.b_published)}), {md(rel.kind)}: {md(rel.evidence)}"
            for rel in r.relations
        ]
    out += ["", "## People and organisations", ""]
    out += _table(
        ["Name", "Type", "Mentions", "Reports", "Spellings"],
        (
            [
                md(e.canonical),
                md(e.type),
                str(e.mentions),
                str(e.articles),
                md(", ".join(e.names)),
            ]
            for e in r.entities
        ),
    )
    out += ["", "## Statements", ""]
    out += _table(
        ["Speaker", "Cue", "Statement"],
        (
            [
                md(st.speaker or "(unnamed)"),
                md(st.cue),
                f"“{md(st.content)}”"
                + ("" if st.direct else " (reported)")
                + f"{aside(r, st)} {cite(st)}",
            ]
            for st in r.statements
        ),
    )
    out += ["", "## Articles", ""]
    out += _table(
        ["Article", "Published", "Outlet", "Title", "Analysed", "Source"],
        (
            [
                str(a.id),
                md(a.published or "—"),
                md(a.outlet or "—"),
                md(a.title or a.doc),
                md(r.said(a.id)),
                md(a.url or a.doc),
            ]
            for a in r.articles
        ),
    )
    return "\n".join(out) + "\n"


def _place_row(found: PlaceView) -> list[str]:
    p = found.place
    where = f"{p.lat:.2f}, {p.lon:.2f}" if p.lat is not None and p.lon is not None else ""
    evidence = "; ".join(
        f"{md(a.outlet or 'unknown outlet')}, {md(a.published or 'undated')}, "
        f"article {a.article_id} line " + ", ".join(str(m.line) for m in a.mentions)
        for a in found.articles
    )
    return [
        md(p.canonical),
        md(p.feature),
        md(p.country or ""),
        where,
        str(p.mentions),
        md(", ".join(p.spellings)),
        evidence,
    ]
