"""Ingest with annotation of one huge article, as ratios against a normal article.

Issue 11 item 7: a 5 MB one-line report took 239 s and 1.0 GB to annotate, and a
45 MB one (under the default 50 MB cap) was still running at 420 s and 2 GB. This
bench generates, at run time in a temporary folder (never committed), a normal
news article (~4 KB in paragraphs), a 5 MB one-line article and a 45 MB one-line
article of the same sentences, and runs ``watchfloor ingest`` (with ``--nlp``)
on each into its own fresh SQLite store, each in its own subprocess. It prints
seconds and peak RSS (``ru_maxrss`` of that subprocess, from ``os.wait4``) and
their ratios to the normal article's, and the annotate outcome (skipped reason).

    .venv/bin/python bench/big_article.py [--sizes 5,45] [--timeout 900] [--json FILE]

A run over ``--timeout`` seconds is killed and reported as ``>TIMEOUT``; its
RSS is the peak reached until then. Runs the ``watchfloor`` importable by this
interpreter (set PYTHONPATH to measure another tree).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

# Sentences of the kind the dev corpus holds, with the names, numbers and dates that
# give every rule stage work; filled at random with a fixed seed.
SENTENCES = (
    "On February {d}, Belarus Defence Minister Viktor Khrenin said {n} Russian troops "
    "would stay near Brest.",
    "Satellite images from Maxar Technologies showed {n} vehicles at the Machulishchy "
    "airfield on {d} February.",
    "Ukraine's foreign ministry said Alexander Lukashenko met Vladimir Putin in Minsk, "
    "Reuters reported.",
    "About {n} soldiers moved towards Gomel and Mozyr, according to the Belarusian Hajun project.",
    "NATO officials warned that Iskander systems had been deployed {n} km from the border "
    "with Ukraine.",
)


def sentences(chars: int, *, seed: int = 11) -> list[str]:
    """Generated sentences adding up to about ``chars`` characters."""
    rng = random.Random(seed)
    out: list[str] = []
    total = 0
    while total < chars:
        s = rng.choice(SENTENCES).format(d=rng.randint(1, 28), n=rng.randint(2, 30_000))
        out.append(s)
        total += len(s) + 1
    return out


def write_normal(path: Path) -> None:
    """A normal article: a title and paragraphs of three sentences, about 4 KB."""
    said = sentences(4_000)
    paragraphs = [" ".join(said[i : i + 3]) for i in range(0, len(said), 3)]
    path.write_text("Troops in Belarus\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")


def write_one_line(path: Path, megabytes: float) -> None:
    """A title and one body line of ``megabytes`` MB, written in pieces (memory flat)."""
    with path.open("w", encoding="utf-8") as f:
        f.write("Troops in Belarus\n\n")
        written = 0
        seed = 0
        while written < megabytes * 1024 * 1024:
            piece = " ".join(sentences(100_000, seed=seed)) + " "
            f.write(piece)
            written += len(piece)
            seed += 1
        f.write("\n")


def measure(path: Path, *, timeout: float, workdir: Path) -> dict[str, Any]:
    """Ingest ``path`` into a fresh store in a subprocess: seconds, peak RSS, outcome."""
    db = workdir / f"{path.stem}.sqlite"
    command = [sys.executable, "-m", "watchfloor", "ingest", str(path), "--db", str(db)]
    command += ["--quiet", "--json"]
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    # stdout is read after the end: the JSON summary is one short line, no pipe fills
    timed_out = False
    deadline = started + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.send_signal(signal.SIGKILL)
            pid, status, usage = os.wait4(proc.pid, 0)
            timed_out = True
            break
        time.sleep(0.2)
    seconds = time.perf_counter() - started
    output = proc.stdout.read().decode() if proc.stdout else ""
    summary = json.loads(output) if output.strip() and not timed_out else {}
    return {
        "file": path.name,
        "mb": round(path.stat().st_size / 1024 / 1024, 1),
        "seconds": round(seconds, 1),
        "timed_out": timed_out,
        "rss_mb": round(usage.ru_maxrss / 1024),  # Linux reports KiB
        "exit": None if timed_out else os.waitstatus_to_exitcode(status),
        "annotated": summary.get("annotated"),
        "skipped": _skipped(db) if not timed_out else None,
    }


def _skipped(db: Path) -> str | None:
    """The stored annotate outcome of the store's one article: its skipped reason."""
    import sqlite3

    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT skipped FROM annotations").fetchone()
    return row[0] if row else "(not annotated)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="5,45", help="One-line article sizes in MB.")
    parser.add_argument("--timeout", type=float, default=900.0, help="Seconds per run.")
    parser.add_argument("--json", type=Path, help="Also write the results here.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="big_article_") as tmp:
        work = Path(tmp)
        normal = work / "normal.txt"
        write_normal(normal)
        results = [measure(normal, timeout=args.timeout, workdir=work)]
        for size in (float(s) for s in args.sizes.split(",")):
            big = work / f"one_line_{size:g}mb.txt"
            write_one_line(big, size)
            results.append(measure(big, timeout=args.timeout, workdir=work))
            big.unlink()
    base = results[0]
    print("| file | MB | seconds | x normal | peak RSS MB | x normal | exit | annotate outcome |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for r in results:
        seconds = f">{r['seconds']:g}" if r["timed_out"] else f"{r['seconds']:g}"
        print(
            f"| {r['file']} | {r['mb']:g} | {seconds} | {r['seconds'] / base['seconds']:.1f} "
            f"| {r['rss_mb']} | {r['rss_mb'] / base['rss_mb']:.2f} | {r['exit']} "
            f"| {'killed at the timeout' if r['timed_out'] else r['skipped'] or 'annotated'} |"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
