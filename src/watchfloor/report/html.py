"""The situation report as one self-contained HTML file: no scripts, no external links.

Rendering only: the data comes from ``watchfloor.query``. Every piece of
article text is escaped, since reports are untrusted input.
"""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape
from importlib.resources import files

from watchfloor import __version__, query
from watchfloor.records import LineRole
from watchfloor.store import Store


def _e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def render_report(store: Store, *, title: str = "Situation report") -> str:
    """The whole report page for the store's corpus."""
    view = query.overview(store)
    css = files("watchfloor.report").joinpath("report.css").read_text(encoding="utf-8")
    period = (
        f"{_e(view['first_published'])} to {_e(view['last_published'])}"
        if view["first_published"]
        else "no dated reports"
    )
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        # The report embeds no script; the policy makes sure none can run
        # even if an escaping bug let markup from an article through.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title><style>{css}</style></head><body>",
        f"<header><h1>{_e(title)}</h1>",
        f"<p class=meta>Generated {_e(datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC'))}"
        f" by watchfloor {_e(__version__)}</p></header>",
        "<section id=overview><h2>Overview</h2><dl>",
        f"<dt>Reports</dt><dd>{view['articles']} ({view['undated']} undated)</dd>",
        f"<dt>Period</dt><dd>{period}</dd>",
        f"<dt>Words of body text</dt><dd>{view['body_words']:,}</dd>",
        "<dt>Outlets</dt><dd><ul>",
        *(f"<li>{_e(o['outlet'])}: {o['articles']}</li>" for o in view["outlets"]),
        "</ul></dd></dl></section>",
        "<section id=corpus><h2>Reports</h2><table><thead><tr>",
        "<th>Published</th><th>Outlet</th><th>Title</th><th>Words</th><th>Source</th>",
        "</tr></thead><tbody>",
    ]
    rows = query.articles(store)
    for row in rows:
        parts.append(
            f"<tr><td>{_e(row['published'] or '—')}</td><td>{_e(row['outlet'] or '—')}</td>"
            f'<td><a href="#a{row["id"]}">{_e(row["title"] or row["doc"])}</a></td>'
            f"<td class=num>{row['body_words']}</td><td class=src>{_e(row['doc'])}</td></tr>"
        )
    parts.append("</tbody></table></section><section id=articles><h2>Texts</h2>")
    for row in rows:
        stored = query.article(store, row["id"])
        art = stored.article
        byline = ", ".join(art.authors)
        parts.append(
            f'<article id="a{stored.id}"><h3>{_e(art.title or art.doc)}</h3>'
            f"<p class=meta>{_e(art.outlet or 'unknown outlet')} · "
            f"{_e(art.published or 'undated')}"
            + (f" · {_e(byline)}" if byline else "")
            + f" · <span class=src>{_e(art.url or art.origin)}</span></p>"
        )
        for line in art.lines:
            if line.role is LineRole.BODY and line.duplicate_of is None:
                parts.append(
                    f'<p id="a{stored.id}-l{line.number}"><span class=ln>{line.number}</span>'
                    f"{_e(line.text)}</p>"
                )
            elif line.role is LineRole.SUBHEAD:
                parts.append(f"<h4>{_e(line.text)}</h4>")
        parts.append('<p class=top><a href="#corpus">back to the list</a></p></article>')
    parts.append("</section></body></html>")
    return "\n".join(parts)
