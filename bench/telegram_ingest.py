"""Ingest of a Telegram Desktop export of many short posts, as ratios against a baseline.

Issue 14: "Many short posts are the norm: measure ingest on an export of 100,000
messages." This bench generates, at run time in a temporary folder (never committed), a
single-channel ``result.json`` of ``--messages`` posts (short sentences of the kind a
monitoring channel posts, with a link now and then, a service message every 50th), and
times in its own subprocess each of:

- baseline: ``json.loads`` of the file and a walk over every message's text entities,
  the least any reader must do;
- ingest: ``watchfloor ingest FILE --no-nlp --max-mb 1000`` into a fresh SQLite store;
- again: the same command a second time (every message a duplicate: nothing stored).

- stream: the reader alone (``read_input``, ijson), every message a RawDoc, no store.

It prints seconds and peak RSS (``ru_maxrss`` of that subprocess, from ``os.wait4``) and
the ratios of ingest and again to the baseline, for a tenth, a half and all of
``--messages`` (10,000, 50,000, 100,000 by default), then how peak RSS grows between the
smallest and the largest (memory flat: the ratio stays near 1 while the baseline's grows
with the file). The export is always read streamed: its size does not count against the
input cap (``--max-mb`` caps each message).

    .venv/bin/python bench/telegram_ingest.py [--messages 100000] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

POSTS = (
    "Echelon of {n} flatcars with armour passed Kalinkovichi towards Mozyr at {h}:{m:02d}.",
    "Quiet night in Gomel region. No movement at the station.",
    "Two Il-76 landed at Machulishchy at {h}:{m:02d}, {n} troops seen leaving the apron.",
    "Column of {n} trucks on the M10 near Rechytsa, heading east.",
    "Source: residents of Yelsk report {n} tents in the forest south of the town.",
)


def write_export(path: Path, messages: int, *, seed: int = 5) -> None:
    """The export, written a message at a time: the bench's own process must stay small,
    since a child's peak RSS (``ru_maxrss``) counts what it had before ``exec``."""
    rng = random.Random(seed)
    start = 1_643_673_600  # 2022-02-01 00:00 UTC
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '{"name": "Rail Watch South", "type": "public_channel", "id": 1000, "messages": ['
        )
        for i in range(1, messages + 1):
            out.write(",\n" if i > 1 else "\n")
            out.write(json.dumps(_message(i, start + i * 60, rng), ensure_ascii=False))
        out.write("\n]}\n")


def _message(i: int, when: int, rng: random.Random) -> dict[str, Any]:
    if i % 50 == 0:
        return {"id": i, "type": "service", "date_unixtime": str(when), "text": ""}
    text = rng.choice(POSTS).format(
        n=rng.randint(2, 400), h=rng.randint(0, 23), m=rng.randint(0, 59)
    )
    entities: list[dict[str, Any]] = [{"type": "plain", "text": text}]
    if i % 7 == 0:
        entities.append({"type": "plain", "text": " Map: "})
        entities.append({"type": "link", "text": f"https://maps.example/p/{i}"})
    return {
        "id": i,
        "type": "message",
        "date": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(when)),
        "date_unixtime": str(when),
        "from": "Rail Watch South",
        "from_id": "channel1000",
        "text": "".join(e["text"] for e in entities),
        "text_entities": entities,
    }


STREAM = (
    "import sys\n"
    "from watchfloor.sources import read_input\n"
    "n = sum(len(d.text or '') for d in read_input(sys.argv[1]) if hasattr(d, 'text'))\n"
)

BASELINE = (
    "import json, sys\n"
    "data = json.loads(open(sys.argv[1], encoding='utf-8').read())\n"
    "n = sum(len(''.join(e.get('text', '') for e in m.get('text_entities', [])))\n"
    "        for m in data['messages'])\n"
)


def timed(argv: list[str]) -> tuple[float, float]:
    """Seconds and peak RSS (MiB) of one subprocess."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        raise SystemExit(f"{argv[:4]} failed: {err[-500:]}")
    return seconds, usage.ru_maxrss / 1024


def run(size: int, folder: Path) -> dict[str, Any]:
    export = folder / f"export-{size}" / "result.json"
    export.parent.mkdir()
    write_export(export, size)
    db = str(folder / f"store-{size}.db")
    cli = [sys.executable, "-m", "watchfloor", "ingest", str(export), "--no-nlp"]
    cli += ["--quiet", "--db", db]
    base = timed([sys.executable, "-c", BASELINE, str(export)])
    stream = timed([sys.executable, "-c", STREAM, str(export)])
    ingest = timed(cli)
    again = timed(cli)
    return {
        "messages": size,
        "mb": round(export.stat().st_size / 2**20, 1),
        "baseline": base,
        "stream": stream,
        "ingest": ingest,
        "again": again,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--messages", type=int, default=100_000)
    ap.add_argument("--json", help="also write the numbers here")
    args = ap.parse_args()
    sizes = sorted({max(args.messages // 10, 1), max(args.messages // 2, 1), args.messages})
    with tempfile.TemporaryDirectory() as tmp:
        rows = [run(size, Path(tmp)) for size in sizes]
    print(
        "| messages | MB | baseline s / MiB | stream s / MiB (x) "
        "| ingest s / MiB (x) | again s / MiB (x) |"
    )
    print("|---:|---:|---|---|---|---|")
    for r in rows:
        (bs, bm) = r["baseline"]
        cells = [f"{bs:.1f} / {bm:.0f}"]
        for name in ("stream", "ingest", "again"):
            sec, mib = r[name]
            cells.append(f"{sec:.1f} / {mib:.0f} ({sec / bs:.1f}x, {mib / bm:.1f}x)")
        print(f"| {r['messages']:,} | {r['mb']} | " + " | ".join(cells) + " |")
    small, big = rows[0], rows[-1]
    times = big["messages"] / small["messages"]
    print(
        f"ingest per message: {small['ingest'][0] / small['messages'] * 1e6:.0f} µs at "
        f"{small['messages']:,}, {big['ingest'][0] / big['messages'] * 1e6:.0f} µs at "
        f"{big['messages']:,}"
    )
    for name in ("baseline", "stream", "ingest"):
        print(
            f"peak RSS of {name}: x{big[name][1] / small[name][1]:.2f} for x{times:.0f} "
            f"the messages ({small[name][1]:.0f} -> {big[name][1]:.0f} MiB)"
        )
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
