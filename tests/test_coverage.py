"""Honest coverage: every view says which reports were analysed in which language and
which were not (and why), and shows a non-English sentence as written with the names
and figures extracted from it beside it (no translation is offered)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tests.conftest import make_article
from watchfloor import query
from watchfloor.cli import app as cli
from watchfloor.records import (
    Annotation,
    ClaimRef,
    EntityRef,
    Mention,
    PlaceRef,
    StatementRef,
)
from watchfloor.store import Store
from watchfloor.store.db import ResolvedEntity

# Sample lines written for these tests (not copied from any report).
RU_LINE = "Министр обороны Хренин заявил, что в Гомеле находятся около 30 тысяч военных."
RU_QUOTE = "около 30 тысяч военных"
RU_SAID = "в Гомеле находятся около 30 тысяч военных"
EN_LINE = "Viktor Khrenin said 30,000 troops were in Gomel."
DE_LINE = "Der Minister sagte, in Gomel seien etwa 30.000 Soldaten."
SKIP_DE = "language 'de': no language pack"


def _at(text: str, part: str, *, line: int = 3, label: str) -> Mention:
    start = text.index(part)
    return Mention(line=line, start=start, end=start + len(part), text=part, label=label)


def ru_annotation() -> Annotation:
    """A Russian article as the stages (natasha, the ru pack) would record it."""
    return Annotation(
        language="ru",
        skipped=None,
        entities=[
            EntityRef(
                canonical="Хренин",  # the article's own name for him, resolved across scripts
                type="PERSON",
                mentions=[_at(RU_LINE, "Хренин", label="PERSON")],
            )
        ],
        places=[
            PlaceRef(
                mention=_at(RU_LINE, "Гомеле", label="GPE"),
                canonical="Gomel",
                country="BY",
                feature="city",
                lat=52.43,
                lon=30.98,
            )
        ],
        times=[],
        events=[],
        claims=[
            ClaimRef(
                mention=_at(RU_LINE, RU_QUOTE, label="CLAIM"),
                value=30000,
                value_low=None,
                value_high=None,
                unit="troops",
                subject="troops in Gomel",
                hedged=True,
                source="Viktor Khrenin",
                source_type="official",
                via=None,
                as_of="2022-02-21",
            )
        ],
        citations=[],
        statements=[
            StatementRef(
                mention=_at(
                    RU_LINE, "в Гомеле находятся около 30 тысяч военных", label="STATEMENT"
                ),
                speaker="Viktor Khrenin",
                cue="заявил",
                direct=False,
            )
        ],
    )


def en_annotation() -> Annotation:
    return Annotation(
        language="en",
        skipped=None,
        entities=[
            EntityRef(
                canonical="Viktor Khrenin",
                type="PERSON",
                mentions=[_at(EN_LINE, "Viktor Khrenin", label="PERSON")],
            )
        ],
        places=[],
        times=[],
        events=[],
        claims=[
            ClaimRef(
                mention=_at(EN_LINE, "30,000 troops", label="CLAIM"),
                value=30000,
                value_low=None,
                value_high=None,
                unit="troops",
                subject="troops in Gomel",
                hedged=False,
                source="Viktor Khrenin",
                source_type="official",
                via=None,
                as_of="2022-02-21",
            )
        ],
        citations=[],
        statements=[],
    )


def skipped(language: str, reason: str) -> Annotation:
    return Annotation(
        language=language, skipped=reason, entities=[], places=[], times=[], events=[],
        claims=[], citations=[], statements=[],
    )  # fmt: skip


def analysed_empty(language: str) -> Annotation:
    return Annotation(
        language=language, skipped=None, entities=[], places=[], times=[], events=[],
        claims=[], citations=[], statements=[],
    )  # fmt: skip


def fill(store: Store) -> dict[str, int]:
    """Two English reports, one Russian, two German ones the stages skipped (for one
    reason), one too long, and one stored but not annotated yet."""
    docs = {
        "en1": EN_LINE,
        "en2": "Nothing moved near Brest, officials said.",
        "ru": RU_LINE,
        "de1": DE_LINE,
        "de2": "Die Lage an der Grenze bleibt ruhig.",
        "long": "A very long report.",
        "new": "Not annotated yet.",
    }
    added = store.add(
        [make_article([text], doc=f"{doc}.txt", title=None) for doc, text in docs.items()]
    )
    ids = dict(zip(docs, (a.article_id for a in added), strict=True))
    store.add_annotations(
        [
            (ids["en1"], en_annotation()),
            (ids["en2"], analysed_empty("en")),
            (ids["ru"], ru_annotation()),
            (ids["de1"], skipped("de", SKIP_DE)),
            (ids["de2"], skipped("de", SKIP_DE)),
            (ids["long"], skipped("en", "too long: 9,000,000 characters (over 1,000,000)")),
        ]
    )
    # entity resolution (h3's cross-script matching) joins Хренин with Viktor Khrenin
    refs = [ref_id for _, found in store.entity_refs() for ref_id, _ in found]
    store.replace_entities(
        [
            ResolvedEntity(
                canonical="Viktor Khrenin",
                type="PERSON",
                names=["Viktor Khrenin", "Хренин"],
                mentions=2,
                articles=2,
                ref_ids=refs,
            )
        ],
        answers=store.entities_stale(),
    )
    return ids


# ---- the coverage summary ------------------------------------------------------------


def test_coverage_counts_each_language_analysed_and_not_with_reasons(store: Store) -> None:
    fill(store)
    found = query.coverage(store)
    assert (found.articles, found.analysed, found.not_analysed, found.not_annotated) == (7, 3, 3, 1)
    rows = {r.language: r for r in found.languages}
    assert rows["ru"].analysed == 1 and rows["ru"].name == "Russian"
    assert rows["ru"].ner == "natasha" and rows["ru"].stages == list(query.ANALYSIS_STAGES)
    assert rows["ru"].found["claims"] == 1 and rows["ru"].found["places"] == 1
    assert rows["ru"].found["statements"] == 1 and rows["ru"].found["entities"] == 1
    # not analysed: grouped by reason, the language named though no pack exists
    assert rows["de"].analysed == 0 and rows["de"].ner is None and rows["de"].stages == []
    assert [(r.reason, r.articles) for r in rows["de"].not_analysed] == [(SKIP_DE, 2)]
    assert rows["de"].name == "German"
    # English is not assumed analysed: one English report was skipped as too long
    assert rows["en"].analysed == 2
    assert [r.articles for r in rows["en"].not_analysed] == [1]
    assert rows["en"].found["claims"] == 1
    # stored without an annotation or a language recorded: counted, under no language
    assert sum(r.not_annotated for r in found.languages) == 0
    assert found.articles == sum(r.articles for r in found.languages) + 1


def test_coverage_line_names_every_language_and_outcome(store: Store) -> None:
    fill(store)
    line = query.coverage_line(query.coverage(store, found=False))
    assert line.startswith("Coverage: 2 reports in English (en) analysed;")
    assert "1 in Russian (ru) analysed" in line
    assert "2 in German (de) not analysed (no language pack)" in line
    assert "1 in English (en) not analysed (too long" in line
    assert line.endswith("; 1 not annotated yet (language not yet detected)")


def test_an_empty_store_says_so(store: Store) -> None:
    found = query.coverage(store)
    assert found.languages == [] and query.coverage_line(found) == "Coverage: no reports"


@pytest.mark.parametrize(
    ("language", "annotated", "skipped", "said"),
    [
        ("ru", True, None, "analysed in Russian"),
        ("be", True, None, "analysed in Belarusian"),
        ("de", True, SKIP_DE, f"not analysed: {SKIP_DE}"),
        ("und", True, None, "analysed as English (language undetermined)"),
        (None, False, None, "not annotated yet"),
    ],
)
def test_one_article_says_what_the_stages_did(
    language: str | None, annotated: bool, skipped: str | None, said: str
) -> None:
    assert query.article_coverage(language, annotated=annotated, skipped=skipped) == said


def test_a_language_without_pack_or_iso_name_is_shown_by_its_code() -> None:
    assert query.language_name("de") == "German"
    assert query.language_name("qq") == "qq"


# ---- original-language sentences ------------------------------------------------------


def test_a_russian_line_gets_its_canonical_names_and_figures_beside_it() -> None:
    asides = query.line_asides(ru_annotation(), resolved={"Хренин": "Viktor Khrenin"})
    assert asides[3].names == ["Viktor Khrenin", "Gomel"]
    assert asides[3].figures == ["~30,000 troops"]
    # not resolved (yet): the article's own name
    assert query.line_asides(ru_annotation())[3].names == ["Хренин", "Gomel"]


def test_an_english_line_needs_no_aside() -> None:
    assert query.line_asides(en_annotation()) == {}
    assert query.line_asides(skipped("de", SKIP_DE)) == {}


def test_listings_get_asides_for_non_english_quotes_only(store: Store) -> None:
    ids = fill(store)
    rows = query.claims(store)
    asides = query.finding_asides(store, rows)
    assert set(asides) == {(ids["ru"], 3)}
    assert asides[(ids["ru"], 3)].names == ["Viktor Khrenin", "Gomel"]


# ---- the command line ----------------------------------------------------------------

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "wf.db")
    with Store.open(path) as store:
        fill(store)
    return path


def wf(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_coverage_command_lists_languages_reasons_and_models(db: str) -> None:
    code, out, _ = wf("coverage", "--db", db)
    assert code == 0
    assert "Russian (ru): 1 report(s), 1 analysed, names by natasha" in out
    assert f"not analysed 2: {SKIP_DE}" in out
    assert "found: 1 places, 1 entities, 0 times, 1 statements, 0 events, 1 claims" in out
    assert "No translation is offered" in out
    code, out, _ = wf("coverage", "--db", db, "--json")
    found = json.loads(out)
    assert found["analysed"] == 3 and found["not_analysed"] == 3
    assert {r["language"] for r in found["languages"]} == {"en", "ru", "de"}


@pytest.mark.parametrize(
    "command",
    [
        ["claims"],
        ["statements"],
        ["timeline"],
        ["timeline", "--mentions"],
        ["entities"],
        ["places"],
    ],
)
def test_listings_end_with_the_coverage_line(db: str, command: list[str]) -> None:
    code, _, err = wf(*command, "--db", db)
    assert code == 0
    assert "2 in German (de) not analysed (no language pack)" in err


def test_a_russian_quote_is_shown_as_written_with_names_and_figures(db: str) -> None:
    _, out, _ = wf("claims", "--db", db)
    assert RU_QUOTE in out
    assert "(Russian, as written) names: Viktor Khrenin, Gomel; figures: ~30,000 troops" in out
    # an English quote gets no aside
    assert out.count("as written") == 1
    _, out, _ = wf("statements", "--db", db)
    assert "(Russian, as written) names: Viktor Khrenin, Gomel" in out


def test_show_says_what_the_stages_did_and_puts_asides_under_russian_lines(db: str) -> None:
    with Store.open(db) as store:
        ids = {row.doc: row.id for row in query.articles(store)}
    _, out, _ = wf("show", str(ids["ru.txt"]), "--db", db)
    assert "analysis  analysed in Russian" in out
    assert RU_LINE in out
    assert "names: Viktor Khrenin, Gomel; figures: ~30,000 troops" in out
    _, out, _ = wf("show", str(ids["de1.txt"]), "--db", db, "--json")
    assert json.loads(out)["analysis"] == f"not analysed: {SKIP_DE}"
    _, out, _ = wf("show", str(ids["new.txt"]), "--db", db, "--json")
    assert json.loads(out)["analysis"] == "not annotated yet"


def test_json_listings_stay_rows_only(db: str) -> None:
    _, out, err = wf("claims", "--db", db, "--json")
    assert all("figure" in json.loads(line) for line in out.splitlines())
    assert "Coverage" not in err


# ---- the web app ---------------------------------------------------------------------


@pytest.fixture
def client(db: str) -> TestClient:
    from watchfloor.web import create_app

    return TestClient(create_app(db))


def test_api_coverage_and_the_dashboard_give_the_languages(client: TestClient) -> None:
    found = client.get("/api/coverage").json()
    assert found["translation"] is False
    assert "2 in German (de) not analysed (no language pack)" in found["summary"]
    rows = {r["language"]: r for r in found["coverage"]["languages"]}
    assert rows["ru"]["analysed"] == 1 and rows["de"]["not_analysed"][0]["articles"] == 2
    dashboard = client.get("/api/dashboard").json()
    assert {r["language"] for r in dashboard["coverage"]["languages"]} == {"en", "ru", "de"}
    assert "<b>3</b> of 7 analysed" in client.get("/").text
    html = client.get("/coverage").text
    assert "Russian (ru)" in html and "natasha" in html and "No translation is offered" in html


@pytest.mark.parametrize("path", ["/", "/claims", "/timeline", "/statements", "/entities"])
def test_every_page_says_the_coverage(client: TestClient, path: str) -> None:
    html = client.get(path).text
    assert '<p class="coverage">' in html
    assert "2 in German (de) not analysed (no language pack)" in html


def test_the_article_page_says_what_the_stages_did(client: TestClient, db: str) -> None:
    with Store.open(db) as store:
        ids = {row.doc: row.id for row in query.articles(store)}
    ru = client.get(f"/api/articles/{ids['ru.txt']}").json()
    assert ru["coverage"] == "analysed in Russian"
    assert ru["asides"]["3"] == {
        "language": "ru",
        "names": ["Viktor Khrenin", "Gomel"],
        "figures": ["~30,000 troops"],
    }
    html = client.get(f"/articles/{ids['ru.txt']}").text
    assert "Министр обороны" in html  # the line as written
    assert "names: Viktor Khrenin, Gomel; figures: ~30,000 troops" in html
    assert 'title="person: Viktor Khrenin">Хренин</mark>' in html
    assert "no translation is offered" in html
    de = client.get(f"/articles/{ids['de1.txt']}").text
    assert f"not analysed: {SKIP_DE}".replace("'", "&#39;") in de
    en = client.get(f"/api/articles/{ids['en1.txt']}").json()
    assert en["coverage"] == "analysed in English" and en["asides"] == {}


def test_claims_and_statements_pages_put_extractions_beside_russian_quotes(
    client: TestClient, db: str
) -> None:
    with Store.open(db) as store:
        ru = next(row.id for row in query.articles(store) if row.doc == "ru.txt")
    claims = client.get("/api/claims").json()
    assert set(claims["asides"]) == {f"{ru}:3"}
    html = client.get("/claims").text
    assert RU_QUOTE in html
    assert "(Russian, as written; no translation) names: Viktor Khrenin, Gomel" in html
    statements = client.get("/api/statements").json()
    assert statements["asides"][f"{ru}:3"]["figures"] == ["~30,000 troops"]


def test_an_aside_is_escaped(store: Store, tmp_path: Path) -> None:
    hostile = ru_annotation()
    hostile.entities[0].canonical = "<script>alert(1)</script>"
    [added] = store.add([make_article([RU_LINE], doc="x.txt", title=None)])
    store.add_annotations([(added.article_id, hostile)])
    if store.dialect != "sqlite":
        pytest.skip("the web app is tested on SQLite")
    from watchfloor.web import create_app

    url = str(store.engine.url.database)
    html = TestClient(create_app(url)).get(f"/articles/{added.article_id}").text
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# ---- the report ------------------------------------------------------------------------


@pytest.mark.parametrize("form", ["html", "md"])
def test_the_report_has_a_coverage_section_and_asides(db: str, tmp_path: Path, form: str) -> None:
    target = tmp_path / f"sitrep.{form}"
    code, _, err = wf("report", "--db", db, "--format", form, "-o", str(target))
    assert code == 0 and "Coverage: " in err
    page = target.read_text(encoding="utf-8")
    assert "Coverage" in page and "No translation is offered" in page
    assert "7 (0 undated); 3 analysed" in page
    assert "2 in German (de) not analysed (no language pack)" in page
    assert "Russian (ru)" in page and "natasha" in page
    # the Russian quote as written, with its names and figures beside it
    assert RU_QUOTE in page
    assert "Russian as written, no translation: names Viktor Khrenin, Gomel" in page
    # the list of reports (and the HTML texts' headings) say what the stages did with each
    assert "analysed in Russian" in page
    said = f"not analysed: {SKIP_DE}"
    assert (said.replace("'", "&#39;") if form == "html" else said) in page


# ---- end to end: the real stages ---------------------------------------------------------

GERMAN = (
    "Die Regierung in Minsk hat am Montag erklärt, dass die gemeinsamen Übungen mit den "
    "russischen Truppen bis zum Ende des Monats fortgesetzt werden. Beobachter an der "
    "Grenze berichten von zahlreichen Zügen mit Fahrzeugen, die in der vergangenen Woche "
    "durch den Bahnhof gefahren sind, und von neuen Zelten in der Nähe der Stadt."
)
ENGLISH = (
    "Belarus said on Monday that joint exercises with Russian troops would continue until "
    "the end of the month. Observers near the border reported many trains carrying "
    "vehicles through the station last week, and new tents near the town of Brest."
)


def test_ingest_says_which_reports_were_not_analysed(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "de.txt").write_text(f"Übungen gehen weiter\n\n{GERMAN}\n", encoding="utf-8")
    (folder / "en.txt").write_text(f"Exercises go on\n\n{ENGLISH}\n", encoding="utf-8")
    db = str(tmp_path / "wf.db")
    code, _, err = wf("ingest", str(folder), "--db", db, "--quiet", "--theatre", "none")
    assert code == 0, err
    last = err.strip().splitlines()[-1]
    assert last.startswith("Coverage: 1 report in ")
    assert "in English (en) analysed" in last and "in German (de) not analysed (" in last
    _, out, _ = wf("ingest", str(folder), "--db", db, "--quiet", "--json", "--theatre", "none")
    languages = {r["language"]: r for r in json.loads(out)["coverage"]["languages"]}
    assert languages["de"]["analysed"] == 0 and languages["de"]["not_analysed"]


def test_a_statement_links_to_its_line(client: TestClient, db: str) -> None:
    with Store.open(db) as store:
        ru = next(row.id for row in query.articles(store) if row.doc == "ru.txt")
    assert f'href="/articles/{ru}#L3"' in client.get("/statements").text


def test_a_web_ingest_job_says_which_reports_were_not_analysed(tmp_path: Path) -> None:
    import time

    from watchfloor.web import create_app

    app = create_app(str(tmp_path / "jobs.db"), ingest_token="secret")
    with TestClient(app) as client:
        files = {"file": ("bericht.txt", f"Übungen gehen weiter\n\n{GERMAN}\n".encode())}
        auth = {"Authorization": "Bearer secret"}
        job = client.post("/api/ingest", files=files, headers=auth).json()["job"]
        for _ in range(600):
            state = client.get(f"/api/ingest/{job}").json()
            if state["status"] in ("done", "failed"):
                break
            time.sleep(0.1)
    assert state["status"] == "done", state
    assert [line.split(":")[0] for line in state["not_analysed"]] == ["bericht.txt"]
    assert "1 report in German (de) not analysed" in state["coverage"]
