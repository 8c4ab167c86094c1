"""The gazetteer: name keys, look-ups over the built-in index, the cache, GeoNames dumps."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from watchfloor.errors import InputError
from watchfloor.nlp.gazetteer import (
    Gazetteer,
    default_cache_dir,
    haversine_km,
    load_geonames,
    name_key,
)
from watchfloor.theatres import Theatre


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    # The real built-in index, from the user's cache (built once, about 30 s).
    return Gazetteer.open()


@pytest.fixture(scope="session")
def small(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    # Towns of 100,000 people or more: builds in seconds, for cache and dump tests.
    return Gazetteer.open(cache_dir=tmp_path_factory.mktemp("small"), min_population=100_000)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Homyel’", "homyel"),
        ("HOMYEL'", "homyel"),
        ("Kyïv", "kyiv"),
        ("Ivano-Frankivsk", "ivano frankivsk"),
        ("Łódź", "lodz"),
        ("the Netherlands", "netherlands"),
        ("U.S.", "u s"),
    ],
)
def test_name_key(text: str, key: str) -> None:
    assert name_key(text) == key


@pytest.mark.parametrize(
    ("name", "canonical", "country", "feature"),
    [
        ("Kyiv", "Kyiv", "UA", "city"),
        ("Kiev", "Kyiv", "UA", "city"),
        ("Homyel", "Homyel'", "BY", "city"),
        ("Gomel", "Homyel'", "BY", "city"),
        ("Belarus", "Belarus", "BY", "country"),
        ("US", "United States", "US", "country"),
        ("U.K.", "United Kingdom", "GB", "country"),
        ("Russian Federation", "Russia", "RU", "country"),
        ("Europe", "Europe", None, "region"),
        ("Donbas", "Donbas", "UA", "region"),
        ("South Ossetia", "South Ossetia", "GE", "region"),
        ("Chernihiv region", "Chernihiv Oblast", "UA", "region"),
        ("Chernihiv oblast", "Chernihiv Oblast", "UA", "region"),
        ("Gomel region", "Homyel' Oblast", "BY", "region"),
        ("Homyel Oblast", "Homyel' Oblast", "BY", "region"),
        ("Kyiv region", "Kyiv Oblast", "UA", "region"),
        ("Minsk region", "Minsk Oblast", "BY", "region"),
        ("California", "California", "US", "region"),
        ("Machulishchy airbase", "Machulishchy Air Base", "BY", "airbase"),
        ("Zyabrovka", "Zyabrovka Air Base", "BY", "airbase"),
        ("Lida air base", "Lida Air Base", "BY", "airbase"),
    ],
)
def test_lookup(
    gazetteer: Gazetteer, name: str, canonical: str, country: str | None, feature: str
) -> None:
    found = [(c.name, c.country, c.feature) for c in gazetteer.lookup(name)]
    assert (canonical, country, feature) in found


def test_situation_places_come_from_the_theatre(gazetteer: Gazetteer) -> None:
    # The airbases and named regions are the theatre's, laid over the cached index.
    bare = gazetteer.for_theatre(Theatre.empty())
    assert bare.lookup("Machulishchy airbase") == [] and bare.lookup("Donbas") == []
    assert len(bare) < len(gazetteer)
    assert gazetteer.for_theatre(None) is gazetteer  # the default theatre's, as opened
    assert bare.for_theatre(Theatre.empty()) is bare  # one view per theatre
    assert bare.lookup("Brest")[0].country == "BY"  # the index itself is the same


def test_lookup_orders_countries_then_population(gazetteer: Gazetteer) -> None:
    brest = gazetteer.lookup("Brest")
    assert [c.country for c in brest[:2]] == ["BY", "FR"]
    assert gazetteer.lookup("Georgia")[0].feature == "country"
    assert gazetteer.lookup("nowhere-at-all-xyz") == []


def test_regions_cover_their_towns(gazetteer: Gazetteer) -> None:
    chernihiv = gazetteer.lookup("Chernihiv")[0]
    assert chernihiv.admin1 is not None
    region = gazetteer.region("UA", chernihiv.admin1)
    assert region is not None and region.name == "Chernihiv Oblast"
    assert haversine_km(region.lat, region.lon, chernihiv.lat, chernihiv.lon) < 161


def test_border_point_lies_between_the_countries(gazetteer: Gazetteer) -> None:
    point = gazetteer.border_point("UA", "BY")
    assert point is not None
    # the Belarus-Ukraine border runs along about 51.5 N from 23.6 E to 31.8 E
    assert 51.0 < point[0] < 52.5 and 24.0 < point[1] < 31.0
    assert gazetteer.border_point("BY", "US") is None
    assert gazetteer.demonym_country("Ukrainian") == "UA"
    assert gazetteer.demonym_country("Polish") == "PL"


def test_country_points_are_inside_the_showcase_countries(gazetteer: Gazetteer) -> None:
    belarus = gazetteer.country("BY")
    assert belarus is not None
    assert haversine_km(belarus.lat, belarus.lon, 53.7098, 27.9534) < 50


# ---- the cache ------------------------------------------------------------------


def test_cache_is_reused_and_fast(small: Gazetteer, tmp_path: Path) -> None:
    import time

    directory = tmp_path / "c"
    Gazetteer.open(cache_dir=directory, min_population=100_000)
    started = time.perf_counter()
    again = Gazetteer.open(cache_dir=directory, min_population=100_000)
    assert time.perf_counter() - started < 1.0
    assert again.lookup("Minsk")[0].country == "BY"


@pytest.mark.parametrize(
    "garbage", [b"not a database at all", b"SQLite format 3\x00" + b"\x00" * 50]
)
def test_corrupt_cache_is_rebuilt(tmp_path: Path, garbage: bytes) -> None:
    first = Gazetteer.open(cache_dir=tmp_path, min_population=100_000)
    first.close()
    [cache] = list(tmp_path.glob("gazetteer-*.sqlite"))
    cache.write_bytes(garbage)
    rebuilt = Gazetteer.open(cache_dir=tmp_path, min_population=100_000)
    assert rebuilt.lookup("Vitebsk")[0].country == "BY"


def test_cache_dir_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("WATCHFLOOR_CACHE", str(tmp_path))
    assert default_cache_dir() == tmp_path


# ---- loading a GeoNames dump ------------------------------------------------------


def _row(
    gid: int,
    name: str,
    alt: str,
    lat: float,
    lon: float,
    fclass: str,
    fcode: str,
    cc: str,
    admin1: str,
    population: int,
) -> str:
    cols = [
        str(gid),
        name,
        name,
        alt,
        str(lat),
        str(lon),
        fclass,
        fcode,
        cc,
        "",
        admin1,
        "",
        "",
        "",
        str(population),
        "",
        "200",
        "Europe/Minsk",
        "2024-01-01",
    ]
    return "\t".join(cols)


DUMP = [
    _row(9000001, "Zyabrovka Airfield", "Ziabrauka", 52.30, 31.16, "S", "AIRB", "BY", "02", 0),
    _row(9000002, "Pribytki", "Prybytki", 52.39, 30.92, "P", "PPL", "BY", "02", 1200),
    _row(9000003, "Testopol", "Testopil,Тестополь", 50.0, 30.0, "P", "PPL", "UA", "13", 8000),
]


def test_load_geonames_counts_bad_lines(small: Gazetteer, tmp_path: Path) -> None:
    path = tmp_path / "cities.txt"
    malformed = "9000004\tBroken\tonly four columns"
    truncated = _row(9000005, "Cut", "", 51.0, 30.0, "P", "PPL", "UA", "13", 900)[:40]
    path.write_text("\n".join([*DUMP, malformed, truncated]), encoding="utf-8")
    report = load_geonames(path, cache_dir=tmp_path, base=small)
    assert (report.loaded, report.skipped) == (3, 2)
    assert report.problems[0].startswith("line 4: expected 19 tab-separated columns, found 3")
    assert "line 5" in report.problems[1] and "truncated" in report.problems[1]
    loaded = Gazetteer.open(cache_dir=tmp_path)
    assert loaded.source == str(path)
    assert loaded.lookup("Testopil")[0].name == "Testopol"
    assert loaded.lookup("Prybytki")[0].country == "BY"
    assert loaded.lookup("Zyabrovka Airfield")[0].feature == "airbase"
    assert loaded.lookup("Minsk")[0].country == "BY"  # the built-in places stay
    assert loaded.lookup("Belarus")[0].feature == "country"


def test_load_geonames_zip(small: Gazetteer, tmp_path: Path) -> None:
    path = tmp_path / "cities500.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("cities500.txt", "\n".join(DUMP) + "\n")
    report = load_geonames(path, cache_dir=tmp_path, base=small)
    assert (report.loaded, report.skipped) == (3, 0)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("name,lat,lon\nMinsk,53.9,27.56\n", "not a GeoNames dump: line 1: expected 19"),
        ("", "not a GeoNames dump: the file is empty"),
        ("x\ty\n" * 150, "not a GeoNames dump"),
    ],
)
def test_not_geonames_is_refused(
    small: Gazetteer, tmp_path: Path, content: str, reason: str
) -> None:
    path = tmp_path / "places.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=reason):
        load_geonames(path, cache_dir=tmp_path, base=small)
    assert not list(tmp_path.glob("gazetteer-geonames-*"))


def test_missing_and_broken_zip(small: Gazetteer, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_geonames(tmp_path / "absent.txt", cache_dir=tmp_path, base=small)
    path = tmp_path / "cut.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("cities500.txt", "\n".join(DUMP * 200))
    path.write_bytes(path.read_bytes()[:300])
    with pytest.raises(InputError):
        load_geonames(path, cache_dir=tmp_path, base=small)
