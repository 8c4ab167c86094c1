"""The ``watchfloor`` command: a thin shell that parses options and calls the library.

Exit codes: 0 success; 1 some inputs failed (the rest was processed);
2 bad usage; 3 the store or a requested item could not be used.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from watchfloor import __version__, query
from watchfloor.errors import WatchfloorError
from watchfloor.export import article_json, extraction
from watchfloor.records import LineRole, SourceError
from watchfloor.store import DEFAULT_DB, MARK_END, MARK_START, Store

app = typer.Typer(
    help="watchfloor: turn a pile of news reports into a situation picture an analyst can check.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False)

EXIT_INPUTS_FAILED = 1
EXIT_ERROR = 3

DbOption = Annotated[
    str,
    typer.Option(
        "--db",
        envvar="WATCHFLOOR_DB",
        help="Store: a SQLite file path, or a postgresql:// URL.",
        show_default=True,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON Lines, one object per row.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]


def _version(value: bool) -> None:
    if value:
        out.print(f"watchfloor {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    verbose: Annotated[
        int, typer.Option("--verbose", "-v", count=True, help="More logging: -v info, -vv debug.")
    ] = 0,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """watchfloor: turn a pile of news reports into a situation picture an analyst can check."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(
        level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )


def _open(db: str) -> Store:
    return Store.open(db)


def _print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")


def _snippet(text: str) -> str:
    """A search snippet with its match markers as terminal highlights (text escaped first)."""
    return escape(text).replace(MARK_START, "[bold yellow]").replace(MARK_END, "[/bold yellow]")


@app.command()
def ingest(
    inputs: Annotated[
        list[str],
        typer.Argument(help="Files, folders, feed or page URLs, WARC files.", show_default=False),
    ],
    db: DbOption = DEFAULT_DB,
    allow_private: Annotated[
        bool,
        typer.Option(help="Allow fetching URLs on loopback and private networks."),
    ] = False,
    follow_links: Annotated[
        bool,
        typer.Option(help="Fetch the linked page of feed entries that carry only a summary."),
    ] = False,
    max_mb: Annotated[
        float, typer.Option(help="Largest file, page or WARC record to read, in MB.")
    ] = 50.0,
    batch_size: Annotated[int, typer.Option(help="Articles stored per transaction.", min=1)] = 200,
    workers: Annotated[
        int, typer.Option(help="Processes cleaning in parallel (1: no worker processes).", min=1)
    ] = 1,
    quiet: QuietOption = False,
    as_json: JsonOption = False,
) -> None:
    """Read reports, clean them and store them; prints stored / duplicates / errors."""
    from watchfloor.ingest import ingest as run_ingest
    from watchfloor.sources import SourceOptions

    options = SourceOptions(
        max_bytes=int(max_mb * 1024 * 1024),
        allow_private=allow_private,
        follow_links=follow_links,
    )
    store = _open(db)
    progress = Progress(
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[counts]}"),
        TimeElapsedColumn(),
        console=err,
        disable=quiet,
        transient=True,
    )
    task = progress.add_task("ingest", total=None, counts="")

    def on_progress(p: Any) -> None:
        r = p.run
        progress.update(
            task,
            total=p.inputs_total,
            completed=p.inputs_done,
            counts=f"stored {r.stored} · dup {r.duplicates} · errors {r.failed}",
        )

    with progress:
        result = run_ingest(
            inputs,
            store=store,
            options=options,
            batch_size=batch_size,
            workers=workers,
            on_progress=on_progress,
        )
    run = result.run
    if as_json:
        _print_json(
            {
                "run": run.id,
                "stored": run.stored,
                "versions": run.versions,
                "duplicates": run.duplicates,
                "errors": [{"origin": e.origin, "reason": e.reason} for e in result.errors],
                "db": db,
            }
        )
    else:
        for e in result.errors:
            err.print(f"[red]error[/red] {escape(str(e))}")
        err.print(
            f"ingest run {run.id}: stored {run.stored}, new versions {run.versions}, "
            f"duplicates {run.duplicates}, errors {run.failed}  → {escape(db)}"
        )
    if result.errors:
        raise typer.Exit(EXIT_INPUTS_FAILED)


@app.command()
def articles(
    db: DbOption = DEFAULT_DB,
    limit: Annotated[int | None, typer.Option(help="Show at most this many.", min=1)] = None,
    offset: Annotated[int, typer.Option(help="Skip this many first.", min=0)] = 0,
    as_json: JsonOption = False,
) -> None:
    """List stored articles: id, outlet, published, title, body words."""
    rows = query.articles(_open(db), limit=limit, offset=offset)
    if as_json:
        for row in rows:
            _print_json(row)
        return
    table = Table(box=None)
    table.add_column("id", justify="right")
    table.add_column("outlet", max_width=22, overflow="ellipsis", no_wrap=True)
    table.add_column("published", no_wrap=True)
    table.add_column("title", overflow="fold", min_width=20)
    table.add_column("words", justify="right")
    for row in rows:
        table.add_row(
            str(row["id"]),
            escape(row["outlet"] or "—"),
            row["published"] or "—",
            escape(row["title"] or row["doc"]),
            str(row["body_words"]),
        )
    out.print(table)
    if not rows:
        err.print("no articles stored yet: run 'watchfloor ingest PATH' first")


@app.command()
def show(
    article_id: Annotated[int, typer.Argument(help="Article id (see 'watchfloor articles').")],
    db: DbOption = DEFAULT_DB,
    all_lines: Annotated[
        bool, typer.Option("--all-lines", help="Show every line with its role, not only the body.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """One article: its metadata and clean body, with line numbers."""
    store = _open(db)
    stored = query.article(store, article_id)
    art = stored.article
    if as_json:
        data = article_json(art, article_id=stored.id)
        data["sightings"] = store.sightings(stored.id)
        data["version_of"] = stored.version_of
        _print_json(data)
        return
    out.print(f"[bold]{escape(art.title or art.doc)}[/bold]")
    meta = [
        ("outlet", art.outlet),
        ("published", f"{art.published}  ({art.published_evidence})" if art.published else None),
        ("authors", ", ".join(art.authors) or None),
        ("source", art.url or art.origin),
        ("version of", str(stored.version_of) if stored.version_of else None),
    ]
    for key, value in meta:
        if value:
            out.print(f"[dim]{key:>10}[/dim]  {escape(value)}")
    out.print()
    for line in art.lines:
        if all_lines:
            if line.role is not LineRole.BLANK:
                mark = f" (repeats {line.duplicate_of})" if line.duplicate_of else ""
                out.print(
                    f"[dim]{line.number:>4} {line.role.value:<9}[/dim] {escape(line.text)}{mark}"
                )
        elif line.role is LineRole.BODY and line.duplicate_of is None:
            out.print(f"[dim]{line.number:>4}[/dim]  {escape(line.text)}")
        elif line.role is LineRole.SUBHEAD:
            out.print(f"[dim]{line.number:>4}[/dim]  [bold]{escape(line.text)}[/bold]")


@app.command()
def search(
    words: Annotated[str, typer.Argument(help='Words to find; "quoted phrase" for a phrase.')],
    db: DbOption = DEFAULT_DB,
    limit: Annotated[int, typer.Option(help="Show at most this many.", min=1)] = 20,
    as_json: JsonOption = False,
) -> None:
    """Full-text search over titles and bodies, best matches first, with snippets."""
    hits = query.search(_open(db), words, limit=limit)
    if as_json:
        for hit in hits:
            _print_json(
                {
                    "id": hit.id,
                    "doc": hit.doc,
                    "title": hit.title,
                    "outlet": hit.outlet,
                    "published": hit.published,
                    "snippet": hit.snippet.replace(MARK_START, "").replace(MARK_END, ""),
                }
            )
        return
    for hit in hits:
        out.print(
            f"[bold]{hit.id}[/bold]  {escape(hit.title or hit.doc)}  "
            f"[dim]{escape(hit.outlet or '—')} · {hit.published or 'undated'}[/dim]"
        )
        out.print(f"     {_snippet(hit.snippet)}")
    if not hits:
        err.print(f"no article matches {words!r}")


@app.command()
def extract(
    files: Annotated[list[str], typer.Argument(help="Report files (or URLs) to extract.")],
    as_json: Annotated[
        bool, typer.Option("--json", help="JSON Lines in ../shared/gold/SCHEMA.md form.")
    ] = False,
    allow_private: Annotated[
        bool, typer.Option(help="Allow fetching URLs on loopback and private networks.")
    ] = False,
) -> None:
    """Extract reports without storing them: one JSON object per article ("doc" = file name)."""
    from watchfloor.ingest import read_articles
    from watchfloor.sources import SourceOptions

    failed = False
    for found in read_articles(files, options=SourceOptions(allow_private=allow_private)):
        if isinstance(found, SourceError):
            failed = True
            err.print(f"[red]error[/red] {escape(str(found))}")
            continue
        data = extraction(found)
        if as_json:
            _print_json(data)
        else:
            out.print(f"[bold]{escape(data['doc'])}[/bold]: {escape(str(data['title']))}")
            for key in ("outlet", "authors", "published", "body_lines", "duplicate_lines"):
                out.print(f"  [dim]{key}[/dim] {escape(json.dumps(data[key], ensure_ascii=False))}")
    if failed:
        raise typer.Exit(EXIT_INPUTS_FAILED)


@app.command()
def report(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Where to write the report.")
    ] = Path("sitrep.html"),
    db: DbOption = DEFAULT_DB,
    title: Annotated[str, typer.Option(help="The report's heading.")] = "Situation report",
) -> None:
    """Write a self-contained HTML situation report (opens offline)."""
    from watchfloor.report.html import render_report

    page = render_report(_open(db), title=title)
    try:
        output.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise WatchfloorError(f"cannot write {output}: {exc.strerror}") from exc
    err.print(f"report written to {escape(str(output.resolve()))}")


@app.command()
def runs(
    db: DbOption = DEFAULT_DB,
    limit: Annotated[int, typer.Option(help="Show the last this many runs.", min=1)] = 10,
    as_json: JsonOption = False,
) -> None:
    """Ingest history: when, what, counts, and each run's errors."""
    store = _open(db)
    for run in store.runs(limit=limit):
        errors = store.run_errors(run.id) if run.id is not None else []
        if as_json:
            _print_json(
                {
                    "id": run.id,
                    "started": run.started,
                    "finished": run.finished,
                    "status": run.status,
                    "inputs": run.inputs,
                    "stored": run.stored,
                    "versions": run.versions,
                    "duplicates": run.duplicates,
                    "errors": [{"origin": e.origin, "reason": e.reason} for e in errors],
                }
            )
            continue
        out.print(
            f"[bold]run {run.id}[/bold] {run.started} {run.status}: stored {run.stored}, "
            f"versions {run.versions}, duplicates {run.duplicates}, errors {run.failed}"
        )
        for e in errors:
            out.print(f"   [red]error[/red] {escape(str(e))}")


def main() -> None:
    """Console entry point: library errors become one line on stderr."""
    try:
        app()
    except WatchfloorError as exc:
        err.print(f"[red]error[/red] {escape(str(exc))}")
        sys.exit(EXIT_ERROR)
