"""End-to-end: entities, places, timeline, extract and the gazetteer, as a user types them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from watchfloor.nlp.gazetteer import Gazetteer, default_cache_dir

from .test_cli import jsonl, wf
from .test_gazetteer import DUMP

REPORTS = {
    "first.txt": (
        "Lukashenko meets Shoigu in Minsk\n\nBy Polesie Wire February 23, 2022\n\n"
        "Belarusian leader Alexander Lukashenko met Russian defence minister Sergei Shoigu "
        "in Minsk on Sunday, 20 February.\n\n"
        "Lukashenko said Russian troops would stay in Belarus after the drills.\n\n"
        "NATO estimates that about 30,000 Russian troops are now in Belarus.\n"
    ),
    "second.txt": (
        "Trains reach Homyel\n\nBy Homel Region Monitor February 8, 2022\n\n"
        "Aleksandr Lukashenka denied on Monday that Belarus would join any war.\n\n"
        "Trains carrying armour arrived in Homyel, near the Ukrainian border, "
        "on 2 February, railway workers said.\n"
    ),
    "german.txt": (
        "Truppen bleiben\n\nVon Polesie Wire, 21. Februar 2022\n\n"
        "Der belarussische Machthaber hat am Sonntag erklärt, dass die russischen Truppen "
        "länger im Land bleiben werden als zunächst angekündigt worden war.\n\n"
        "Die Manöver sollten ursprünglich am 20. Februar enden, teilte das Ministerium mit.\n"
    ),
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("reports")
    for name, text in REPORTS.items():
        (path / name).write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def db(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    Gazetteer.open().close()  # built once per machine, outside the command's timing
    path = str(tmp_path_factory.mktemp("store") / "w.db")
    code, out, err = wf("ingest", str(folder), "--db", path, "--quiet", "--json")
    assert code == 0, err
    assert jsonl(out)[0]["annotated"] == 3
    return path


def test_ingest_says_what_it_skipped(folder: Path, tmp_path: Path) -> None:
    code, _, err = wf("ingest", str(folder), "--db", str(tmp_path / "x.db"), "--quiet")
    assert code == 0
    assert "skipped" in err and "german.txt" in err and "'de'" in err
    assert "annotated 3 article(s)" in err


def test_entities_are_one_per_person(db: str) -> None:
    code, out, _ = wf("entities", "--db", db, "--type", "person", "--json")
    assert code == 0
    rows = jsonl(out)
    lukashenko = [r for r in rows if "Lukashenko" in r["canonical"]]
    assert len(lukashenko) == 1
    assert lukashenko[0]["articles"] == 2
    assert "Aleksandr Lukashenka" in lukashenko[0]["names"]
    assert all(r["type"] == "PERSON" for r in rows)
    code, out, _ = wf("entities", "--db", db, "--name", "shoig")
    assert code == 0 and "Sergei Shoigu" in out


def test_entities_rejects_an_unknown_type(db: str) -> None:
    code, _, err = wf("entities", "--db", db, "--type", "PLACE")
    assert code == 2 and "PERSON or ORG" in err


def test_places_with_coordinates_and_geojson(db: str, tmp_path: Path) -> None:
    out_file = tmp_path / "places.geojson"
    code, out, _ = wf("places", "--db", db, "--json", "--geojson", str(out_file))
    assert code == 0
    rows = {r["canonical"]: r for r in jsonl(out)}
    minsk = rows["Minsk"]
    assert minsk["country"] == "BY" and abs(minsk["lat"] - 53.9) < 0.1
    gomel = next(r for r in rows.values() if "Homyel" in r["spellings"])
    assert gomel["country"] == "BY"
    collection = json.loads(out_file.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    names = {f["properties"]["name"] for f in collection["features"]}
    assert "Minsk" in names
    lon, lat = next(
        f["geometry"]["coordinates"]
        for f in collection["features"]
        if f["properties"]["name"] == "Minsk"
    )
    assert abs(lat - 53.9) < 0.1 and abs(lon - 27.57) < 0.1  # GeoJSON is lon, lat


def test_timeline_is_in_date_order_with_sources(db: str) -> None:
    code, out, _ = wf("timeline", "--db", db, "--json", "--mentions")
    assert code == 0
    rows = jsonl(out)
    assert rows, "no events found"
    dates = [r["date"] for r in rows]
    assert dates == sorted(dates)
    for row in rows:
        assert row["doc"] in REPORTS and row["line"] >= 1 and row["quote"]
    code, out, _ = wf("timeline", "--db", db, "--json", "--mentions", "--since", "2022-02-10")
    assert all(r["date"] >= "2022-02-10" for r in jsonl(out))


def test_timeline_shows_happenings_each_with_its_reports(db: str) -> None:
    code, out, _ = wf("timeline", "--db", db, "--json")
    assert code == 0
    found = jsonl(out)
    assert found, "no happenings found"
    assert [h["date"] for h in found] == sorted(h["date"] for h in found)
    code, out, _ = wf("timeline", "--db", db, "--json", "--mentions")
    mentions = jsonl(out)
    # every event record is a report of exactly one happening
    reports = [(r["doc"], r["line"], r["quote"]) for h in found for r in h["reports"]]
    assert sorted(reports) == sorted((r["doc"], r["line"], r["quote"]) for r in mentions)
    for h in found:
        assert h["key"] and h["sources"] >= 1 and h["reports"]
    code, out, _ = wf("timeline", "--db", db)
    assert code == 0 and "source" in out and "article" in out
    code, _, err = wf("timeline", "--db", db, "--since", "last week")
    assert code == 2 and "YYYY" in err


def test_annotate_does_nothing_twice(db: str) -> None:
    code, out, _ = wf("annotate", "--db", db, "--quiet", "--json")
    assert code == 0 and jsonl(out)[0]["annotated"] == 0
    code, out, _ = wf("annotate", "--db", db, "--quiet", "--json", "--redo")
    assert code == 0 and jsonl(out)[0]["annotated"] == 3
    code, out, _ = wf("entities", "--db", db, "--json", "--name", "lukash")
    assert len(jsonl(out)) == 1  # redone, not doubled


def test_extract_json_has_the_gold_keys(folder: Path) -> None:
    code, out, _ = wf("extract", str(folder / "first.txt"), str(folder / "german.txt"), "--json")
    assert code == 0
    first, german = jsonl(out)
    assert {"entities", "places", "events", "times"} <= first.keys()
    assert any(p["mention"] == "Minsk" and p["country"] == "BY" for p in first["places"])
    assert any(t["value"] == "2022-02-20" for t in first["times"])
    assert german["language"] == "de" and "entities" not in german
    code, out, _ = wf("extract", str(folder / "first.txt"), "--json", "--no-nlp")
    assert "entities" not in jsonl(out)[0]


def test_ingest_without_nlp_then_annotate(folder: Path, tmp_path: Path) -> None:
    path = str(tmp_path / "later.db")
    code, out, _ = wf("ingest", str(folder), "--db", path, "--quiet", "--json", "--no-nlp")
    assert code == 0 and jsonl(out)[0]["annotated"] is None
    code, out, _ = wf("places", "--db", path, "--json")
    assert out == ""
    code, out, _ = wf("annotate", "--db", path, "--quiet", "--json")
    assert jsonl(out)[0]["annotated"] == 3
    code, out, _ = wf("places", "--db", path, "--json")
    assert any(r["canonical"] == "Minsk" for r in jsonl(out))


# ---- the gazetteer -------------------------------------------------------------------


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private cache dir holding a copy of the built-in index (no minute-long rebuild)."""
    Gazetteer.open(loaded=False).close()
    cache = tmp_path / "cache"
    cache.mkdir()
    for built in default_cache_dir().glob("gazetteer-*.sqlite"):
        shutil.copy(built, cache / built.name)
    monkeypatch.setenv("WATCHFLOOR_CACHE", str(cache))
    return cache


def test_gazetteer_load_and_info(own_cache: Path, tmp_path: Path) -> None:
    dump = tmp_path / "cities.txt"
    dump.write_text("\n".join([*DUMP, "9000004\tBroken\tthree columns"]) + "\n", "utf-8")
    code, _, err = wf("gazetteer", "load", str(dump))
    assert code == 0, err
    assert "loaded 3 places" in err and "1 malformed lines skipped" in err
    assert "line 4" in err
    code, out, _ = wf("gazetteer", "info", "--json")
    assert jsonl(out)[0]["source"] == str(dump)


def test_gazetteer_load_refuses_what_is_not_geonames(own_cache: Path, tmp_path: Path) -> None:
    bogus = tmp_path / "notes.txt"
    bogus.write_text("just some notes\n" * 200, "utf-8")
    for path, reason in ((bogus, "not a GeoNames dump"), (tmp_path / "missing.txt", "no such")):
        proc = subprocess.run(
            [sys.executable, "-m", "watchfloor", "gazetteer", "load", str(path)],
            capture_output=True,
            text=True,
            env={**os.environ, "WATCHFLOOR_CACHE": str(own_cache)},
        )
        assert proc.returncode == 3
        [line] = proc.stderr.strip().splitlines()  # one clear line, no traceback
        assert path.name in line and reason in line


def test_claims_with_their_source_and_sentence(db: str) -> None:
    code, out, _ = wf("claims", "--db", db, "--json")
    assert code == 0
    rows = jsonl(out)
    assert rows, "no claims found"
    for row in rows:
        assert row["doc"] in REPORTS and row["quote"]
    [nato] = [r for r in rows if r["value"] == 30000]
    assert nato["hedged"] and nato["source"] == "NATO" and nato["unit"] == "troops"
    assert nato["line"] == 9 and "30,000" in nato["quote"]
    code, out, _ = wf("claims", "--db", db, "--json", "--about", "troops", "--source", "nato")
    assert [r["value"] for r in jsonl(out)] == [30000]
    code, out, _ = wf("claims", "--db", db, "--json", "--about", "no such subject")
    assert code == 0 and out == ""


def test_statements_by_a_speaker(db: str) -> None:
    code, out, _ = wf("statements", "--db", db, "--json", "--by", "lukashenko")
    assert code == 0
    rows = jsonl(out)
    said = [r for r in rows if "troops would stay" in r["content"]]
    assert said and said[0]["speaker"] == "Alexander Lukashenko" and said[0]["cue"] == "said"
    assert said[0]["doc"] == "first.txt" and not said[0]["direct"]
    # the speaker is one entity under both spellings: "Lukashenko" finds "Lukashenka" too
    assert {r["speaker"] for r in rows} == {"Alexander Lukashenko", "Aleksandr Lukashenka"}
    assert all(r["reports"] == 1 and r["sources"] == 1 and not r["reason"] for r in rows)


def test_claims_about_a_series(db: str) -> None:
    code, out, _ = wf("claims", "--db", db, "--json", "--about", "troops in Belarus")
    assert code == 0
    [row] = jsonl(out)
    assert row["series"] == "Russian troops in Belarus" and row["value"] == 30000
    assert row["independent"] and row["backers"] == 1
    code, _, err = wf("claims", "--db", db, "--about", "tanks in Latvia")
    assert code == 0 and "no estimate series" in err
