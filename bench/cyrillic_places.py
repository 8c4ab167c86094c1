"""How many factRuEval-2016 location names the gazetteer resolves to a place.

factRuEval-2016's dev set (``../shared/data/factrueval-2016-dev``, by path, not copied)
marks Location and LocOrg objects in Russian news; their ``loc_name`` spans are the
names ("Москвы", "Тверской"). For each object this counts whether its name, as
written (a case form: "Москвы"), resolves to a gazetteer place:

- ``as written``: ``Gazetteer.lookup`` alone (the Cyrillic alternate names only);
- ``with case forms``: ``nlp.places.lookup`` with the Russian pack (pymorphy3 forms,
  then the pack's case endings), as place finding does.

Streets, squares and districts are LOC objects too and no gazetteer holds them, so
100% is not the ceiling; the number compares index versions, not systems. Runs with
an older checkout too (then "with case forms" is "as written").

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
        from watchfloor.nlp.places import lookup
    except ImportError:  # a checkout from before case forms
        lookup = None
    devset = args.data / "devset"
    gold = names(devset)
    gz = Gazetteer.open()
    ru = load_language("ru")
    raw: Counter[str] = Counter()
    cased: Counter[str] = Counter()
    total: Counter[str] = Counter()
    started = time.perf_counter()
    for kind, text in gold:
        total[kind] += 1
        if gz.lookup(text):
            raw[kind] += 1
        if lookup(gz, text, ru) if lookup else gz.lookup(text):
            cased[kind] += 1
    seconds = time.perf_counter() - started
    print(f"factRuEval-2016 dev: {sum(total.values())} location objects in {devset}")
    print(f"{'objects':<10} {'n':>5} {'as written':>11} {'with case forms':>16}")
    for kind in ("Location", "LocOrg"):
        n = total[kind]
        print(f"{kind:<10} {n:>5} {raw[kind] / n:>11.3f} {cased[kind] / n:>16.3f}")
    n = sum(total.values())
    print(f"{'all':<10} {n:>5} {sum(raw.values()) / n:>11.3f} {sum(cased.values()) / n:>16.3f}")
    print(f"lookups: {seconds:.2f} s for {n} names ({1000 * seconds / n:.2f} ms each)")


if __name__ == "__main__":
    main()
