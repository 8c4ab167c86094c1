"""Every dev measurement in one table: the headline numbers of the quality and speed benches.

Runs, each in its own process, the dev gold (``watchfloor extract --json`` scored by
``../shared/gold/score.py``), TempEval-3 train, GeoWebNews, PolNeAR dev, the BBC
duplicates, Reuters ingest into SQLite and the annotate stage's throughput on Reuters,
and prints one Markdown table of their headline numbers. The benches print their own
full reports; this script only reads the lines that carry the headline (the patterns
below), so a bench that changes its wording shows here as "?" rather than a wrong number.

    .venv/bin/python bench/dev_table.py                       # with the default theatre
    .venv/bin/python bench/dev_table.py --theatre none        # with no situation pack
    .venv/bin/python bench/dev_table.py --only gold,tempeval --save /tmp/after.json
    .venv/bin/python bench/dev_table.py --compare /tmp/before.json /tmp/after.json

``--theatre`` sets ``WATCHFLOOR_THEATRE`` for every bench. ``--compare`` prints two saved
runs side by side with the difference.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PY = sys.executable

# (bench, metric, regex over its output; the first group is the number)
METRICS: list[tuple[str, str, str]] = [
    ("gold", "body F1", r"^body .*f1=([\d.]+)"),
    ("gold", "places F1", r"^places .*f1=([\d.]+)"),
    ("gold", "places within 161 km", r"^place_acc161\s+acc=([\d.]+)"),
    ("gold", "entities F1", r"^entities .*f1=([\d.]+)"),
    ("gold", "events F1", r"^events .*f1=([\d.]+)"),
    ("gold", "event dates right", r"^event_date\s+acc=([\d.]+)"),
    ("gold", "claims F1", r"^claims .*f1=([\d.]+)"),
    ("gold", "claim source right", r"^claim_source\s+acc=([\d.]+)"),
    ("gold", "claim as-of right", r"^claim_as_of\s+acc=([\d.]+)"),
    ("gold", "citations F1", r"^citations .*f1=([\d.]+)"),
    ("gold", "published right", r"^published\s+acc=([\d.]+)"),
    ("tempeval", "strict F1 (all types)", r"^all types .*?/([\d.]+)\s+[\d.]+/"),
    ("tempeval", "value F1 (all types)", r"^all types .*\s([\d.]+)\s*$"),
    ("geowebnews", "recognition F1 (overlap)", r"^\s+overlap .*F1 ([\d.]+)"),
    ("geowebnews", "resolution acc@161 km", r"watchfloor \(all toponyms\)\s+([\d.]+)"),
    ("polnear", "content F1 (token overlap)", r"content overlap .*F1=([\d.]+)"),
    ("polnear", "schema match F1", r"schema match .*F1=([\d.]+)"),
    ("polnear", "source accuracy", r"source accuracy\s+([\d.]+)"),
    ("bbc", "heavy variants recall", r"heavy\s+recall \d+/\d+ = ([\d.]+)"),
    ("bbc", "near-duplicate precision", r"near_duplicate precision \d+/\d+ = ([\d.]+)"),
    ("reuters", "SQLite ingest x parse (lower is faster)", r"^sqlite(?:\s+\S+){4}\s+([\d.]+)x"),
    ("reuters", "SQLite ingest art/s", r"^sqlite\s+\d+\s+[\d.]+\s+(\d+)"),
    ("annotate", "annotate x spaCy (lower is faster)", r"^annotate\s+[\d.]+\s+[\d.]+\s+([\d.]+)"),
    ("annotate", "annotate art/s", r"^annotate\s+([\d.]+)"),
]


def _gold_command(out: Path) -> str:
    docs = " ".join(
        str(SHARED / "corpus" / (g.name.removesuffix(".gold.json") + ".txt"))
        for g in sorted((SHARED / "gold").glob("*.gold.json"))
    )
    return (
        f"{PY} -m watchfloor extract {docs} --json > {out} && "
        f"{PY} {SHARED / 'gold' / 'score.py'} --gold {SHARED / 'gold'} --pred {out}"
    )


BENCHES = {
    "tempeval": f"{PY} bench/tempeval.py",
    "geowebnews": f"{PY} bench/geowebnews.py",
    "polnear": f"{PY} bench/polnear.py",
    "bbc": f"{PY} bench/bbc_duplicates.py",
    "reuters": f"{PY} bench/reuters_ingest.py --backend sqlite",
    "annotate": f"{PY} bench/nlp_throughput.py --limit 1000 --configs spacy,annotate",
}


def run(names: list[str], *, theatre: str | None) -> dict[str, str]:
    env = dict(os.environ, HF_HUB_OFFLINE="1")
    if theatre is not None:
        env["WATCHFLOOR_THEATRE"] = theatre
    results: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            command = _gold_command(Path(tmp) / "pred.jsonl") if name == "gold" else BENCHES[name]
            print(f"running {name} ...", file=sys.stderr, flush=True)
            done = subprocess.run(
                command, shell=True, cwd=ROOT, env=env, capture_output=True, text=True
            )
            results[name] = done.stdout + done.stderr
            if done.returncode:
                print(f"  {name} exited {done.returncode}", file=sys.stderr)
    values: dict[str, str] = {}
    for bench, metric, pattern in METRICS:
        if bench in results:
            m = re.search(pattern, results[bench], re.M)
            values[f"{bench}: {metric}"] = m.group(1) if m else "?"
    return values


def table(columns: dict[str, dict[str, str]]) -> str:
    names = list(columns)
    rows = [f"| measurement | {' | '.join(names)} |", "|---" * (len(names) + 1) + "|"]
    keys = [k for k in columns[names[0]]]
    for key in keys:
        rows.append(f"| {key} | {' | '.join(columns[n].get(key, '') for n in names)} |")
    return "\n".join(rows)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", default=",".join(["gold", *BENCHES]), help="comma-separated benches")
    ap.add_argument("--theatre", default=None, help="WATCHFLOOR_THEATRE for every bench")
    ap.add_argument("--save", type=Path, help="also write the numbers as JSON here")
    ap.add_argument("--compare", nargs="+", type=Path, help="print saved runs side by side")
    args = ap.parse_args()
    if args.compare:
        columns = {p.stem: json.loads(p.read_text()) for p in args.compare}
        print(table(columns))
        return 0
    if not (SHARED / "data").is_dir():
        print(f"no data at {SHARED / 'data'}", file=sys.stderr)
        return 2
    values = run(args.only.split(","), theatre=args.theatre)
    if args.save:
        args.save.write_text(json.dumps(values, indent=1))
    print(table({args.theatre or "default theatre": values}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
