"""How many factRuEval-2016 location names the gazetteer resolves to a place.

factRuEval-2016's dev set (``../shared/data/factrueval-2016-dev``, by path, not copied)
marks Location and LocOrg objects in Russian news; their ``loc_name`` spans are the
names ("Москвы", "Тверской"). For each object this counts whether its name, as
written (a case form: "Москвы"), resolves to a gazetteer place:

- ``as written``: ``Gazetteer.lookup`` alone (the Cyrillic alternate names only);
- ``endings only``: ``nlp.places.lookup`` without pymorphy3's dictionary (the pack's
  case endings alone: what Belarusian, and Ukrainian without the extra, get);
- ``case forms``: ``nlp.places.lookup`` with the Russian pack (pymorphy3 forms,
  then the pack's case endings), as place finding does.

Streets, squares and districts are LOC objects too and no gazetteer holds them, so
100% is not the ceiling; the number compares index versions, not systems. Runs with
an older checkout too (then "with case forms" is "as written").

Then place finding in running text (``find_place_mentions`` + ``resolve_places`` on
each document, gazetteer only, no NER): precision and recall against the loc_name
spans of the Location and LocOrg objects, a mention counting when it overlaps one.

    PYTHONPATH=src python bench/cyrillic_places.py [--data PATH]
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "factrueval-2016-dev"


def names(devset: Path) -> list[tuple[str, str]]:
    """(object type, loc_name text) for every Location and LocOrg object."""
    out: list[tuple[str, str]] = []
    for objects in sorted(devset.glob("*.objects")):
        spans: dict[str, tuple[str, str]] = {}
        for line in objects.with_suffix(".spans").read_text(encoding="utf-8").splitlines():
            head, _, tail = line.partition("#")
            cols = head.split()
            if len(cols) < 6:
                continue
            words = tail.split()[int(cols[5]) :]
            spans[cols[0]] = (cols[1], " ".join(words))
        for line in objects.read_text(encoding="utf-8").splitlines():
            head = line.partition("#")[0].split()
            if len(head) < 3 or head[1] not in ("Location", "LocOrg"):
                continue
            found = [spans[s][1] for s in head[2:] if spans.get(s, ("", ""))[0] == "loc_name"]
            if found:
                out.append((head[1], " ".join(found)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    args = parser.parse_args()
    from watchfloor.lang import load_language
    from watchfloor.nlp.gazetteer import Gazetteer

    try:
        from watchfloor.nlp import morph
        from watchfloor.nlp.places import lookup
    except ImportError:  # a checkout from before case forms
        lookup = None
    devset = args.data / "devset"
    gold = names(devset)
    gz = Gazetteer.open()
    ru = load_language("ru")
    raw: Counter[str] = Counter()
    endings: Counter[str] = Counter()
    cased: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for kind, text in gold:
        total[kind] += 1
        raw[kind] += bool(gz.lookup(text))
    if lookup is not None:
        real = morph.analyzer
        morph.analyzer = lambda code: None  # type: ignore[assignment]
        for kind, text in gold:
            endings[kind] += bool(lookup(gz, text, ru))
        morph.analyzer = real  # type: ignore[assignment]
        morph.base_forms.cache_clear()
    started = time.perf_counter()
    for kind, text in gold:
        cased[kind] += bool(lookup(gz, text, ru) if lookup else gz.lookup(text))
    seconds = time.perf_counter() - started
    n = sum(total.values())
    print(f"factRuEval-2016 dev: {n} location objects in {devset}")
    print(f"{'objects':<10} {'n':>5} {'as written':>11} {'endings only':>13} {'case forms':>11}")
    rows = [(kind, total[kind], raw[kind], endings[kind], cased[kind]) for kind in total]
    rows.append(("all", n, sum(raw.values()), sum(endings.values()), sum(cased.values())))
    for kind, k, a, b, c in rows:
        print(f"{kind:<10} {k:>5} {a / k:>11.3f} {b / k:>13.3f} {c / k:>11.3f}")
    print(f"lookups with case forms: {seconds:.2f} s, {1000 * seconds / n:.2f} ms a name")
    running_text(devset, gz, ru)


def _gold_spans(objects: Path) -> list[tuple[int, int]]:
    spans: dict[str, tuple[str, int, int]] = {}
    for line in objects.with_suffix(".spans").read_text(encoding="utf-8").splitlines():
        cols = line.partition("#")[0].split()
        if len(cols) >= 6:
            spans[cols[0]] = (cols[1], int(cols[2]), int(cols[2]) + int(cols[3]))
    out = set()
    for line in objects.read_text(encoding="utf-8").splitlines():
        head = line.partition("#")[0].split()
        if len(head) >= 3 and head[1] in ("Location", "LocOrg"):
            for s in head[2:]:
                if s in spans and spans[s][0] == "loc_name":
                    out.add(spans[s][1:])
    return sorted(out)


def running_text(devset: Path, gz: object, lang: object) -> None:
    from watchfloor.nlp.places import find_place_mentions, resolve_places

    found = right = gold_n = recalled = 0
    started = time.perf_counter()
    for objects in sorted(devset.glob("*.objects")):
        text = objects.with_suffix(".txt").read_text(encoding="utf-8")
        lines = text.split("\n")
        starts = [0]
        for line in lines[:-1]:
            starts.append(starts[-1] + len(line) + 1)
        mentions = find_place_mentions(lines, gazetteer=gz, lang=lang)  # type: ignore[arg-type]
        refs = resolve_places(mentions, gazetteer=gz, lang=lang)  # type: ignore[arg-type]
        predicted = [
            (
                starts[r.mention.line - 1] + r.mention.start,
                starts[r.mention.line - 1] + r.mention.end,
            )
            for r in refs
        ]
        gold = _gold_spans(objects)
        found += len(predicted)
        right += sum(any(a < e and s < b for s, e in gold) for a, b in predicted)
        gold_n += len(gold)
        recalled += sum(any(a < e and s < b for a, b in predicted) for s, e in gold)
    seconds = time.perf_counter() - started
    p = right / found if found else 0.0
    r = recalled / gold_n if gold_n else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    print(
        f"place finding in running text (gazetteer only): predicted {found}, gold {gold_n}; "
        f"P {p:.3f} R {r:.3f} F1 {f:.3f} ({seconds:.1f} s)"
    )


if __name__ == "__main__":
    main()
