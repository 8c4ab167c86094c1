"""A second situation, as data: the 2020 Nagorno-Karabakh sample and its situation pack.

The same code that reads the Belarus sample reads examples/karabakh-2020/ with the
pack examples/karabakh-2020/theatre/ chosen by WATCHFLOOR_THEATRE. What a user relies
on is asserted here: every report stored, places resolved into Azerbaijan and Armenia,
spellings joined, numbers with who said them, a timeline of the war, a report and
``extract --json``. Expectations the code does not meet yet are marked xfail (strict)
with the reason, so that each turns into a pass the day its cause is fixed.

The folder is ingested and annotated once for the module (a few seconds).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pytest
from typer.testing import CliRunner

from watchfloor import query
from watchfloor.cli import app
from watchfloor.ingest import IngestResult, ingest
from watchfloor.link.places import PlaceSummary
from watchfloor.report.html import render_report
from watchfloor.sources.files import EXTENSIONS, is_folder_documentation
from watchfloor.store import Store
from watchfloor.theatres import load_theatre

from .conftest import EXAMPLES

FOLDER = EXAMPLES / "karabakh-2020"
PACK = FOLDER / "theatre"
ORIGINAL = "caucasus-wire-2020-11-10-trilateral-statement.txt"
DERIVED = "newsline-caucasus-2020-11-12-after-the-deal.txt"
UNDATED = "highland-notes-kalbajar-departures.txt"


@dataclass
class Corpus:
    store: Store
    result: IngestResult


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    with pytest.MonkeyPatch.context() as mp:
        # the setting stays on while the tests read the store: stages that look the
        # theatre up late (the report, queries) see the same pack as the ingest
        mp.setenv("WATCHFLOOR_THEATRE", str(PACK))
        with Store.open(tmp_path_factory.mktemp("karabakh") / "k.db") as store:
            result = ingest([str(FOLDER)], store=store, theatre=load_theatre(PACK), nlp=True)
            yield Corpus(store=store, result=result)


def expected_reports() -> int:
    """Reports in the folder: one per file of a known format, one per line of a JSONL."""
    count = 0
    for path in FOLDER.rglob("*"):
        if not path.is_file() or is_folder_documentation(path.name):
            continue
        if path.suffix == ".jsonl":
            count += sum(1 for line in path.read_text("utf-8").splitlines() if line.strip())
        elif path.suffix in EXTENSIONS:
            count += 1
    return count


def place_spelt(corpus: Corpus, spelling: str) -> PlaceSummary:
    found = [p for p in query.places(corpus.store) if spelling in p.spellings]
    assert len(found) == 1, f"{spelling}: {found}"
    return found[0]


def article_named(corpus: Corpus, doc: str) -> dict:
    return next(a for a in query.articles(corpus.store) if a.doc == doc)


# --- the pack -------------------------------------------------------------------


def test_pack_loads_with_its_settings_and_every_entry_has_a_source() -> None:
    theatre = load_theatre(PACK)
    assert theatre.name == "karabakh-2020"
    assert theatre.setting("focus_countries") == ["AZ", "AM"]
    assert theatre.date_setting("war_start") == date(2020, 9, 27)
    counts = theatre.counts()
    for kind in ("actor", "outlet", "unit", "equipment", "place", "event"):
        assert counts.get(kind), f"no {kind} entries"
    for kind in counts:
        for entry in theatre.entries(kind):
            assert entry.source.strip(), f"{kind} {entry.name} has no source"


def test_pack_places_lie_in_the_region_and_events_in_the_war() -> None:
    theatre = load_theatre(PACK)
    for place in theatre.entries("place"):
        assert 38.5 < place.get("lat") < 41.5 and 43.5 < place.get("lon") < 50.5, place.name
        assert place.get("country") in ("AZ", "AM"), place.name
    for event in theatre.entries("event"):
        first = date.fromisoformat(event.get("date").split("/")[0])
        assert date(2020, 9, 27) <= first <= date(2020, 12, 31), event.name
        for pattern in (*event.get("evidence"), event.get("unless") or "x"):
            re.compile(pattern)  # a broken pattern is a broken pack


def test_every_outlet_the_reports_name_is_in_the_pack(corpus: Corpus) -> None:
    listed = set(load_theatre(PACK).names("outlet", fictional=True))
    named = {a.outlet for a in query.articles(corpus.store) if a.outlet}
    assert named and named <= listed


# --- ingest -----------------------------------------------------------------------


def test_every_report_is_stored_and_none_failed(corpus: Corpus) -> None:
    run = corpus.result.run
    assert not corpus.result.errors
    assert run.failed == 0 and run.duplicates == 0
    assert run.stored == expected_reports() == len(query.articles(corpus.store))
    # the pack's TOML files and the folder's README are not reports
    assert not any(a.doc.endswith((".toml", "README.md")) for a in query.articles(corpus.store))


def test_dated_reports_carry_their_dateline_dates(corpus: Corpus) -> None:
    dates = {a.doc: a.published for a in query.articles(corpus.store)}
    assert dates[ORIGINAL] == "2020-11-10"
    assert dates["aras-monitor-2020-10-05-stepanakert-ganja.txt"] == "2020-10-05"
    assert dates["south-caucasus-daily-2020-10-10-moscow-truce.html"] == "2020-10-10"
    assert dates["kura-review-2020-10-23-putin-five-thousand.md"] == "2020-10-23"


# --- places -----------------------------------------------------------------------


def test_places_resolve_into_azerbaijan_and_armenia(corpus: Corpus) -> None:
    stepanakert = place_spelt(corpus, "Stepanakert")
    assert stepanakert.country == "AZ"
    assert abs(stepanakert.lat - 39.82) < 0.1 and abs(stepanakert.lon - 46.75) < 0.1
    assert place_spelt(corpus, "Shusha").country == "AZ"
    for name in ("Ganja", "Barda", "Fuzuli", "Jabrayil", "Kalbajar"):
        assert place_spelt(corpus, name).country == "AZ", name
    for name in ("Yerevan", "Goris"):
        assert place_spelt(corpus, name).country == "AM", name
    # most of what the reports name is in the two countries the war was about
    places = query.places(corpus.store)
    local = sum(p.mentions for p in places if p.country in ("AZ", "AM"))
    assert local > 0.7 * sum(p.mentions for p in places)


def test_spelling_variants_are_one_place(corpus: Corpus) -> None:
    assert {"Stepanakert", "Khankendi"} <= set(place_spelt(corpus, "Stepanakert").spellings)
    assert {"Shusha", "Shushi"} <= set(place_spelt(corpus, "Shusha").spellings)


def test_spelling_variants_are_one_entity(corpus: Corpus) -> None:
    aliyev = [e for e in query.entities(corpus.store) if e.canonical == "Ilham Aliyev"]
    assert len(aliyev) == 1
    assert {"Ilham Aliyev", "Ilham Aliev"} <= set(aliyev[0].names)
    assert aliyev[0].articles >= 5


def test_pack_places_fill_the_gazetteer_gaps(corpus: Corpus) -> None:
    assert place_spelt(corpus, "Hadrut").country == "AZ"
    assert place_spelt(corpus, "Martakert").country == "AZ"
    assert place_spelt(corpus, "Aras").country in ("AZ", "AM")


def test_martuni_is_the_karabakh_town(corpus: Corpus) -> None:
    martuni = place_spelt(corpus, "Martuni")
    assert martuni.country == "AZ"
    assert abs(martuni.lon - 47.11) < 0.1


@pytest.mark.xfail(
    strict=True,
    reason=(
        "words that are no places become places: 'Human rights groups' -> Uman (UA), "
        "'Red Cross' -> a town in the US, 'Ararat Mirzoyan' -> the Ararat region; a "
        "capitalised word before a common noun, and a given name the English pack does "
        "not know, are limits of the place finder, not of the pack"
    ),
)
def test_no_places_made_of_other_words(corpus: Corpus) -> None:
    spellings = {s for p in query.places(corpus.store) for s in p.spellings}
    assert not spellings & {"Human", "Red Cross", "Osa", "Ararat"}


# --- entities ---------------------------------------------------------------------


def test_place_names_are_not_people_or_organisations(corpus: Corpus) -> None:
    names = {n.casefold() for e in query.entities(corpus.store) for n in e.names}
    assert not names & {"stepanakert", "hadrut", "karabakh"}


def test_the_two_defence_ministries_are_two_entities(corpus: Corpus) -> None:
    names = {e.canonical for e in query.entities(corpus.store)}
    assert "Ministry of Defence" not in names


# --- claims -----------------------------------------------------------------------


def test_claims_carry_numbers_and_named_speakers(corpus: Corpus) -> None:
    claims = query.claims(corpus.store)
    assert claims and all(c.quote for c in claims)
    by_source: dict[str, list[dict]] = {}
    for c in claims:
        by_source.setdefault(c.source or "", []).append(c)
    putin = by_source.get("Vladimir Putin", [])
    assert any(c.value == 5000 and c.hedged for c in putin), putin
    assert any(c.value == 16 for c in by_source.get("Arayik Harutyunyan", []))
    assert any(c.unit == "km" and c.hedged for c in claims)
    named = [c for c in claims if c.source and c.source_type != "outlet"]
    assert len(named) >= 5
    # what the aggregator relays from the original carries the original's name
    assert any(c.doc == DERIVED and c.via == "Caucasus Wire" for c in claims)


def test_the_peacekeepers_figure_is_a_claim(corpus: Corpus) -> None:
    claims = query.claims(corpus.store)
    assert any(c.value == 1960 and c.doc == ORIGINAL for c in claims)


def test_recycled_reporting_is_found(corpus: Corpus) -> None:
    pairs = {(r.a, r.b, r.kind) for r in query.relations(corpus.store)}
    assert (DERIVED, ORIGINAL, "derived") in pairs


# --- timeline and dating --------------------------------------------------------


def test_timeline_covers_the_war(corpus: Corpus) -> None:
    events = query.timeline(corpus.store, since="2020-09-27", until="2020-11-10")
    months = {e.date[:7] for e in events}
    assert {"2020-09", "2020-10", "2020-11"} <= months
    by_day: dict[str, list[dict]] = {}
    for e in events:
        by_day.setdefault(e.date, []).append(e)
    # "on Sunday" in reports of the 28th and 30th September: the day the war began
    assert len({e.doc for e in by_day.get("2020-09-27", [])}) >= 2
    # the Moscow truce, agreed "early on Saturday", dated by its own report
    assert any("ceasefire" in e.quote for e in by_day.get("2020-10-10", []))
    # Aliyev's address on Shusha, "on Sunday" in the report of Monday 9 November
    assert any("Ilham Aliyev" in e.actors for e in by_day.get("2020-11-08", []))


@pytest.mark.xfail(
    strict=True,
    reason=(
        "the pack's chronology is read now, but dating finds 'conflicting evidence': "
        "'since last week' matches two events (the trilateral statement and the first "
        "peacekeepers), and their windows do not meet the kalbajar-delay Sunday's"
    ),
)
def test_the_undated_report_is_dated_from_the_pack_chronology(corpus: Corpus) -> None:
    published = article_named(corpus, UNDATED).published
    assert published is not None and published.startswith("2020-11")


@pytest.mark.xfail(
    strict=True,
    reason="'Posted 12/11/2020 16:40 CET' gives no date: a numeric date that reads either "
    "way is rejected, though the CET zone (and the content: peacekeepers 'on Wednesday' "
    "after 10 November) says day first",
)
def test_a_day_first_dateline_is_read(corpus: Corpus) -> None:
    assert article_named(corpus, DERIVED).published == "2020-11-12"


# --- titles and outlets -----------------------------------------------------------


def test_an_outlet_line_under_the_page_title_is_not_the_title(corpus: Corpus) -> None:
    article = article_named(corpus, "yerevan-evening-post-2020-09-30-su25-claim.txt")
    assert article.title.startswith("Armenia says Turkish jet downed its Su-25")
    assert article.outlet == "Yerevan Evening Post"


def test_an_outlet_line_is_not_an_author(corpus: Corpus) -> None:
    article = article_named(corpus, "baku-morning-bulletin-2020-11-09-shusha.txt")
    assert article.authors == ["Kamran Abbasov"]
    assert article.outlet == "Baku Morning Bulletin"


# --- what a user reads ------------------------------------------------------------


def test_report_renders_the_situation(corpus: Corpus) -> None:
    page = render_report(corpus.store)
    assert "Stepanakert" in page and "Shusha" in page
    # the period runs from the first report; the last may be one dated from its content
    assert re.search(r"2020-09-28 to 2020-1[12]-\d\d", page)
    # nothing of the other situation leaks into this one
    for word in ("Belarus", "Lukashenk", "Ukraine"):
        assert word not in page, word


def test_extract_json_gives_entities_places_and_claims() -> None:
    result = CliRunner().invoke(
        app, ["extract", str(FOLDER / ORIGINAL), "--json"], env={"WATCHFLOOR_THEATRE": str(PACK)}
    )
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert found["outlet"] == "Caucasus Wire" and found["published"] == "2020-11-10"
    people = {e["canonical"] for e in found["entities"] if e["type"] == "PERSON"}
    assert {"Nikol Pashinyan", "Ilham Aliyev", "Arayik Harutyunyan"} <= people
    places = {p["mention"]: p for p in found["places"]}
    assert places["Stepanakert"]["country"] == "AZ"
    assert places["Shushi"]["country"] == "AZ"
    assert any(c["value"] == 380 for c in found["claims"])
    assert any(s["speaker"] == "Nikol Pashinyan" for s in found["statements"])
