"""The orchestrator: one flow for ingest, extract and annotate; the --theatre option."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import make_article
from watchfloor import ingest as flow
from watchfloor.ingest import Progress, annotate, extract, ingest, update_findings
from watchfloor.nlp.gazetteer import Gazetteer
from watchfloor.records import Article, SourceError
from watchfloor.sources import SourceOptions
from watchfloor.store import Store
from watchfloor.theatres import Theatre, load_theatre

from .test_cli import jsonl, wf, write_report


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    for n in range(2):
        write_report(folder, f"r{n}.txt", n)
    (folder / "empty.txt").write_bytes(b"")
    return folder


def test_ingest_reports_progress_by_stage_and_stores_once(reports: Path, tmp_path: Path) -> None:
    seen: list[Progress] = []
    with Store.open(tmp_path / "w.db") as store:
        result = ingest([str(reports)], store=store, on_progress=seen.append)
        again = ingest([str(reports)], store=store)
    assert result.run.stored == 2 and result.run.failed == 1
    assert [str(e) for e in result.errors] == [f"{reports / 'empty.txt'}: empty file"]
    assert result.findings is None  # no nlp asked
    assert {p.stage for p in seen} == {"ingest"}
    assert seen[-1].done == seen[-1].total == 3 and seen[-1].run is result.run
    assert again.run.stored == 0 and again.run.duplicates == 2


def test_extract_without_nlp_keeps_input_order_and_errors(reports: Path) -> None:
    found = list(extract([str(reports)], nlp=False))
    assert isinstance(found[0], SourceError)  # empty.txt sorts first
    docs = [f[0].doc for f in found if not isinstance(f, SourceError)]
    assert docs == ["r0.txt", "r1.txt"]
    assert all(f[1] is None for f in found if not isinstance(f, SourceError))


def test_a_theatre_goes_to_worker_processes_by_its_folder() -> None:
    shipped = load_theatre("belarus-2022")
    assert flow._portable(shipped) == str(shipped.path)
    assert load_theatre(flow._portable(shipped)) is shipped
    assert flow._portable(Theatre.empty()) == "none"
    made = Theatre(name="made in memory", settings={"focus_countries": ["AM"]})
    assert flow._portable(made) is made


def test_workers_clean_and_date_like_one_process(reports: Path) -> None:
    options = SourceOptions()
    one = list(flow.read_articles([str(reports)], options=options))
    two = list(flow.read_articles([str(reports)], options=options, workers=2))
    assert one == two


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.open()


def test_an_article_without_a_language_pack_is_skipped_with_the_reason(
    gazetteer: Gazetteer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(flow, "pack_for", lambda language: None)
    article = make_article(["Lukashenko met Shoigu in Minsk on Sunday."])
    [annotation] = annotate([article], gazetteer=gazetteer)
    assert (annotation.skipped or "").endswith(": no language pack")
    assert annotation.entities == annotation.places == []


def test_update_findings_opens_the_gazetteer_only_for_new_articles(tmp_path: Path) -> None:
    seen: list[str] = []
    with Store.open(tmp_path / "w.db") as store:
        store.add([make_article(["Trains arrived in Homyel on Sunday."], doc="a.txt")])
        first = update_findings(store, on_progress=lambda p: seen.append(p.stage))
        assert first.annotated.articles == 1 and first.linked.articles == 1
        assert seen[0] == "gazetteer" and "annotate" in seen and "link" in seen
        seen.clear()
        again = update_findings(store, on_progress=lambda p: seen.append(p.stage))
    assert again.annotated.articles == 0 and again.linked.articles == 0
    assert seen == []


# ---- the command line -----------------------------------------------------------------


@pytest.mark.parametrize("command", ["ingest", "extract", "annotate", "report"])
def test_a_bad_theatre_is_a_usage_error_naming_the_choices(
    command: str, reports: Path, tmp_path: Path
) -> None:
    args = {
        "ingest": ["ingest", str(reports), "--db", str(tmp_path / "w.db")],
        "extract": ["extract", str(reports / "r0.txt")],
        "annotate": ["annotate", "--db", str(tmp_path / "w.db")],
        "report": ["report", "--db", str(tmp_path / "w.db"), "-o", str(tmp_path / "r.html")],
    }[command]
    code, _, err = wf(*args, "--theatre", "atlantis")
    assert code == 2
    assert "no theatre 'atlantis'" in err and "belarus-2022" in err
    assert not (tmp_path / "w.db").exists()  # refused before anything is opened


def test_ingest_with_no_theatre(reports: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "w.db")
    code, out, _ = wf("ingest", str(reports / "r0.txt"), "--db", db, "--json", "--theatre", "none")
    assert code == 0 and jsonl(out)[0]["stored"] == 1 and jsonl(out)[0]["annotated"] == 1
    report = tmp_path / "r.md"
    code, _, err = wf("report", "--db", db, "-o", str(report), "--format", "md", "--theatre=none")
    assert code == 0, err
    assert report.read_text(encoding="utf-8").startswith("# Situation report\n")


def test_theatre_info(tmp_path: Path) -> None:
    code, out, _ = wf("theatre", "info", "--json")
    data = json.loads(out)
    assert code == 0 and data["name"] == "belarus-2022" and data["title"]
    assert data["counts"] == load_theatre("belarus-2022").counts()
    assert "belarus-2022" in data["shipped"]
    code, out, _ = wf("theatre", "info", "none")
    assert code == 0 and out.startswith("none")
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "theatre.toml").write_text('name = "test"\ntitle = "A test situation"\n')
    (folder / "actors.toml").write_text(
        'source = "written for the test"\n[[actor]]\nname = "A"\n[[actor]]\nname = "B"\n'
    )
    code, out, _ = wf("theatre", "info", str(folder), "--json")
    assert code == 0 and json.loads(out)["counts"] == {"actor": 2}
    code, _, err = wf("theatre", "info", "atlantis")
    assert code == 2 and "no theatre 'atlantis'" in err


def test_extract_articles_are_records(reports: Path) -> None:
    # extract yields the records the CLI renders; nothing is stored on the way
    for found in extract([str(reports / "r1.txt")], nlp=False):
        assert not isinstance(found, SourceError)
        article, annotation = found
        assert isinstance(article, Article) and annotation is None
