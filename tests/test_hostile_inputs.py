"""Hostile and unlucky inputs never cost a batch (issue 11, items 1, 2, 4, 5, 11, 14).

A corpus is generated here, at test time, with every bad input beside good files:
a file name that is not UTF-8, lone surrogates in JSON and JSON Lines, a JSON Lines
line with a 5,000-digit integer and one nested 100,000 deep, a file of an unsupported
type. Every good record must be stored, each bad one named once in the run's errors,
the run closed with its true status, and nothing stored earlier lost or duplicated,
on SQLite and on PostgreSQL. Two ingests of the same inputs at once must each finish
and store every article once.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from watchfloor.cli import EXIT_INPUTS_FAILED, EXIT_RUN_FAILED, app
from watchfloor.ingest import IngestResult, ingest
from watchfloor.records import IngestRun
from watchfloor.store import Store
from watchfloor.theatres import load_theatre

from .conftest import pg_schema_url

STORY = (
    "Russian units moved another {n} armoured vehicles to a base near Homyel on Sunday, "
    "according to railway workers who counted the trains passing through the station."
)
NO_THEATRE = load_theatre("none")


def report(n: int) -> str:
    """A plain-text report, distinct for each n."""
    return (
        f"Armour arrives near Homyel, report {n}\n\nBy Polesie Wire February 23, 2022\n\n"
        + "\n\n".join(STORY.format(n=n * 10 + k) for k in range(3))
        + "\n"
    )


def record(n: int, **fields: object) -> str:
    """A JSON Lines line: one article object (``fields`` added or overriding)."""
    obj: dict[str, object] = {"title": f"Report {n}", "text": report(n)}
    obj.update(fields)
    return json.dumps(obj)


LONE_TITLE = record(101).replace('"Report 101"', '"Report \\ud800 101"')
LONE_TEXT = record(103).replace("Armour arrives", "Armour \\udfff arrives")
DEEP = "[" * 100_000 + "]" * 100_000


def hostile_corpus(folder: Path) -> tuple[set[str], set[str]]:
    """Write the corpus; returns (docs that must be stored, error origins, relative)."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(3):
        (folder / f"good-{n}.txt").write_text(report(n), encoding="utf-8")
    # 1. a file name that is not UTF-8 (Latin-1 "ÿ"): its text is a good report
    with open(os.path.join(os.fsencode(folder), b"bad-\xff.txt"), "wb") as handle:
        handle.write(report(50).encode())
    # 2. lone surrogates in JSON Lines (title, text) and in a JSON list
    (folder / "lone.jsonl").write_text(
        "\n".join([LONE_TITLE, record(102), LONE_TEXT]) + "\n", encoding="utf-8"
    )
    lone_json = "[" + LONE_TITLE.replace("101", "111") + "," + record(112) + "]"
    (folder / "lone.json").write_text(lone_json, encoding="utf-8")
    # 4. a 5,000-digit integer (an ignored field: the article is good), deep nesting
    big = record(201)[:-1] + ', "views": ' + "9" * 5000 + "}"
    (folder / "bignum.jsonl").write_text(
        "\n".join([record(200), big, record(202)]) + "\n", encoding="utf-8"
    )
    (folder / "deep.jsonl").write_text(
        '{"title": "deep", "nested": ' + DEEP + "}\n" + record(301) + "\n", encoding="utf-8"
    )
    (folder / "deep.json").write_text('{"articles": ' + DEEP + "}", encoding="utf-8")
    # 14. a file of a type no reader knows
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4 not a report")
    stored = {
        "good-0.txt",
        "good-1.txt",
        "good-2.txt",
        "bad-\\xff.txt",
        "lone.jsonl#2",
        "lone.json#2",
        "bignum.jsonl#1",
        "bignum.jsonl#2",
        "bignum.jsonl#3",
        "deep.jsonl#2",
    }
    errors = {"lone.jsonl:1", "lone.jsonl:3", "lone.json#1", "deep.jsonl:1", "deep.json"}
    return stored, errors


def relative(origin: str, folder: Path) -> str:
    return os.path.relpath(origin, folder)


def stored_docs(store: Store) -> list[str]:
    return sorted(a.article.doc for a in store.iter_articles())


def check_hostile_run(store: Store, folder: Path) -> None:
    expected_docs, expected_errors = hostile_corpus(folder)
    # an article stored by an earlier run must not be lost or stored again
    earlier = ingest([str(folder / "good-0.txt")], store=store, theatre=NO_THEATRE)
    assert earlier.run.stored == 1 and earlier.run.status == "done"

    result = ingest([str(folder)], store=store, theatre=NO_THEATRE)

    run = result.run
    assert run.status == "done"
    assert (run.stored, run.duplicates, run.failed) == (9, 1, len(expected_errors))
    origins = [relative(e.origin, folder) for e in result.errors]
    assert sorted(origins) == sorted(expected_errors)  # each bad record named once
    reasons = {relative(e.origin, folder): e.reason for e in result.errors}
    assert "lone surrogate" in reasons["lone.jsonl:1"]
    assert "title" in reasons["lone.jsonl:1"] and "text" in reasons["lone.jsonl:3"]
    assert "nested too deeply" in reasons["deep.jsonl:1"]
    assert all("\n" not in reason for reason in reasons.values())
    assert [(s.path, s.reason) for s in result.skipped] == [
        (str(folder / "notes.pdf"), "unsupported type .pdf")
    ]
    assert stored_docs(store) == sorted(expected_docs)
    (recorded,) = [r for r in store.runs() if r.id == run.id]
    assert recorded.status == "done" and recorded.finished is not None
    assert sorted(relative(e.origin, folder) for e in store.run_errors(run.id or 0)) == sorted(
        expected_errors
    )
    # the file whose name is not UTF-8 keeps a name that says which bytes it had
    (odd,) = [a for a in store.iter_articles() if a.article.doc == "bad-\\xff.txt"]
    assert odd.article.origin == str(folder / "bad-\\xff.txt")

    again = ingest([str(folder)], store=store, theatre=NO_THEATRE)
    assert (again.run.stored, again.run.duplicates, again.run.failed) == (0, 10, 5)
    assert stored_docs(store) == sorted(expected_docs)
    assert store.count_articles() == 10


def test_hostile_corpus_on_sqlite(tmp_path: Path) -> None:
    with Store.open(tmp_path / "w.db") as store:
        check_hostile_run(store, tmp_path / "corpus")


@pytest.mark.postgres
def test_hostile_corpus_on_postgresql(tmp_path: Path) -> None:
    with pg_schema_url() as url, Store.open(url) as store:
        check_hostile_run(store, tmp_path / "corpus")


# ---- the command line: one line per bad record, the exit code, extract ---------------


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}  # strict stdout, as in a pipe
    return subprocess.run(
        [sys.executable, "-m", "watchfloor", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_cli_ingest_of_the_hostile_corpus(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    _, expected_errors = hostile_corpus(folder)
    db = str(tmp_path / "w.db")
    proc = run_cli("ingest", str(folder), "--db", db, "--no-nlp", "--quiet", "--theatre", "none")
    assert proc.returncode == EXIT_INPUTS_FAILED, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    error_lines = [line for line in lines if line.startswith("error ")]
    assert len(error_lines) == len(expected_errors)
    for origin in expected_errors:
        assert sum(str(folder / origin) + ":" in line for line in error_lines) == 1
    summary = lines[-1]
    assert "stored 10" in summary and "errors 5" in summary
    assert "skipped 1 file (unsupported type .pdf)" in summary
    runs = [json.loads(line) for line in run_cli("runs", "--db", db, "--json").stdout.splitlines()]
    assert [r["status"] for r in runs] == ["done"]
    assert len(runs[0]["errors"]) == 5


def test_cli_verbose_lists_the_skipped_files(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "good.txt").write_text(report(1), encoding="utf-8")
    (folder / "notes.pdf").write_bytes(b"%PDF")
    (folder / "slides.pptx").write_bytes(b"PK")
    db = str(tmp_path / "w.db")
    args = ("ingest", str(folder), "--db", db, "--no-nlp", "--quiet", "--theatre", "none")
    quiet = run_cli(*args)
    assert quiet.returncode == 0, quiet.stderr
    assert "skipped 2 files (unsupported types .pdf, .pptx)" in quiet.stderr
    assert "notes.pdf" not in quiet.stderr
    verbose = run_cli("-v", *args)
    assert f"skipped {folder / 'notes.pdf'}: unsupported type .pdf" in verbose.stderr
    assert f"skipped {folder / 'slides.pptx'}: unsupported type .pptx" in verbose.stderr
    as_json = json.loads(run_cli(*args, "--json").stdout)
    assert as_json["skipped"] == [
        {"path": str(folder / "notes.pdf"), "reason": "unsupported type .pdf"},
        {"path": str(folder / "slides.pptx"), "reason": "unsupported type .pptx"},
    ]


def test_cli_extract_keeps_the_good_line_beside_a_lone_surrogate(tmp_path: Path) -> None:
    path = tmp_path / "lone.jsonl"
    path.write_text(LONE_TITLE + "\n" + record(102) + "\n", encoding="utf-8")
    proc = run_cli("extract", str(path), "--json", "--no-nlp", "--theatre", "none")
    assert proc.returncode == EXIT_INPUTS_FAILED, proc.stderr
    (line,) = proc.stdout.splitlines()
    assert json.loads(line)["doc"] == "lone.jsonl#2"
    (error,) = proc.stderr.splitlines()
    assert error.startswith(f"error {path}:1: ") and "lone surrogate" in error


def test_cli_extract_of_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    name = os.path.join(os.fsencode(tmp_path), b"bad-\xff.txt")
    with open(name, "wb") as handle:
        handle.write(report(7).encode())
    proc = run_cli("extract", os.fsdecode(name), "--json", "--no-nlp", "--theatre", "none")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["doc"] == "bad-\\xff.txt"


def test_a_run_that_fails_is_closed_as_failed_with_its_own_exit_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for n in range(3):
        (folder / f"good-{n}.txt").write_text(report(n), encoding="utf-8")
    db = str(tmp_path / "w.db")

    def broken(self: Store, run: IngestRun, errors: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Store, "record_errors", broken)
    result = CliRunner().invoke(
        app, ["ingest", str(folder), "--db", db, "--no-nlp", "--quiet", "--theatre", "none"]
    )
    assert result.exit_code == EXIT_RUN_FAILED
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr.strip().splitlines()[-1] == (
        "error ingest run 1 failed: RuntimeError: disk on fire"
    )
    with Store.open(db) as store:
        (run,) = store.runs()
        assert run.status == "failed" and run.finished is not None


# ---- the web app's ingest job -----------------------------------------------------------


def test_web_job_with_a_lone_surrogate_ends_done_with_the_good_line(tmp_path: Path) -> None:
    from watchfloor.web.jobs import IngestJobs

    path = tmp_path / "upload" / "lone.jsonl"
    path.parent.mkdir()
    path.write_text(LONE_TITLE + "\n" + record(102) + "\n", encoding="utf-8")
    with Store.open(tmp_path / "w.db") as store:
        jobs = IngestJobs(store, theatre=NO_THEATRE)
        job = jobs.submit([str(path)], cleanup=path.parent, nlp=False)
        deadline = time.monotonic() + 60
        while (state := jobs.get(job.job)) is not None and state.status not in ("done", "failed"):
            assert time.monotonic() < deadline
            time.sleep(0.05)
        jobs.shutdown()
        assert state is not None and state.status == "done", state
        assert state.stored == 1
        assert len(state.errors) == 1 and state.errors[0].startswith("lone.jsonl:1: ")
        (run,) = store.runs()
        assert run.status == "done"
        assert [a.article.doc for a in store.iter_articles()] == ["lone.jsonl#2"]


# ---- two ingests of the same inputs at once (item 5) -------------------------------------


def concurrent_ingests(url: str, folder: Path) -> list[IngestResult]:
    """Two ingests of the same folder in two threads, each with its own Store."""
    barrier = threading.Barrier(2)
    results: list[IngestResult] = []
    failures: list[BaseException] = []

    def one() -> None:
        with Store.open(url) as store:
            barrier.wait()
            try:
                results.append(ingest([str(folder)], store=store, theatre=NO_THEATRE, batch_size=3))
            except BaseException as exc:
                failures.append(exc)

    threads = [threading.Thread(target=one) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not failures, failures
    return results


def check_concurrent(url: str, folder: Path) -> None:
    folder.mkdir()
    for n in range(60):
        (folder / f"r{n:02}.txt").write_text(report(n), encoding="utf-8")
    Store.open(url).close()  # migrated, as the first of two real processes would leave it
    results = concurrent_ingests(url, folder)
    assert len(results) == 2
    for result in results:
        assert result.run.status == "done" and not result.errors
        assert result.run.stored + result.run.duplicates == 60
    assert sum(r.run.stored for r in results) == 60
    with Store.open(url) as store:
        assert store.count_articles() == 60
        assert len(set(stored_docs(store))) == 60


def test_two_ingests_at_once_on_sqlite(tmp_path: Path) -> None:
    check_concurrent(str(tmp_path / "w.db"), tmp_path / "corpus")


@pytest.mark.postgres
def test_two_ingests_at_once_on_postgresql(tmp_path: Path) -> None:
    with pg_schema_url() as url:
        check_concurrent(url, tmp_path / "corpus")


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def test_two_processes_open_and_ingest_a_fresh_store(tmp_path: Path, backend: str) -> None:
    """Two `watchfloor ingest` processes on a store neither has created yet."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for n in range(30):
        (folder / f"r{n:02}.txt").write_text(report(n), encoding="utf-8")

    def both(db: str) -> None:
        cmd = [sys.executable, "-m", "watchfloor", "ingest", str(folder), "--db", db]
        cmd += ["--no-nlp", "--quiet", "--json", "--batch-size", "2", "--theatre", "none"]
        procs = [
            subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)
        ]
        outputs = [proc.communicate(timeout=300) for proc in procs]
        for proc, (_, err) in zip(procs, outputs, strict=True):
            assert proc.returncode == 0, err
        counts = [json.loads(out) for out, _ in outputs]
        assert sum(c["stored"] for c in counts) == 30
        assert all(c["stored"] + c["duplicates"] == 30 for c in counts)
        with Store.open(db) as store:
            assert store.count_articles() == 30

    if backend == "sqlite":
        both(str(tmp_path / "w.db"))
    else:
        with pg_schema_url() as url:
            both(url)


# ---- killed runs (item 11) ----------------------------------------------------------------


def children_of(pid: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry))
    return found


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc")
def test_killed_ingest_is_marked_interrupted_and_its_workers_die(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for n in range(400):
        (folder / f"r{n:03}.txt").write_text(report(n), encoding="utf-8")
    db = str(tmp_path / "w.db")
    cmd = [sys.executable, "-m", "watchfloor", "ingest", str(folder), "--db", db, "--quiet"]
    cmd += ["--no-nlp", "--theatre", "none", "--batch-size", "5"]
    proc = subprocess.Popen([*cmd, "--workers", "2"], stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None and len(workers) < 2:
        time.sleep(0.05)
        workers = children_of(proc.pid)
    assert len(workers) >= 2, "the ingest should have started its workers"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    killed_at = time.monotonic()
    while time.monotonic() < killed_at + 10 and any(alive(w) for w in workers):
        time.sleep(0.05)
    survivors = [w for w in workers if alive(w)]
    for worker in survivors:  # a failing run must not leave them behind
        os.kill(worker, signal.SIGKILL)
    assert not survivors, "workers outlived their killed parent"
    assert time.monotonic() - killed_at < 5

    with Store.open(db) as store:
        (killed,) = store.runs()
        assert killed.status == "running"  # nobody has looked yet
    subprocess.run(cmd, check=True, timeout=300)
    with Store.open(db) as store:
        second, first = store.runs()
        assert first.id == killed.id and first.status == "interrupted"
        assert first.finished is not None
        assert second.status == "done"
        assert store.count_articles() == 400


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc")
def test_any_forked_worker_dies_with_its_parent() -> None:
    """spaCy starts its annotating workers with multiprocessing.Process, not our pool:
    those too must exit when the ingest is killed."""
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import multiprocessing, time, watchfloor.ingest\n"
            "worker = multiprocessing.get_context('fork').Process(target=time.sleep, args=(600,))\n"
            "worker.start()\n"
            "print(worker.pid, flush=True)\n"
            "time.sleep(600)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert parent.stdout is not None
    worker = int(parent.stdout.readline())
    assert alive(worker)
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    killed_at = time.monotonic()
    while time.monotonic() < killed_at + 10 and alive(worker):
        time.sleep(0.05)
    if alive(worker):
        os.kill(worker, signal.SIGKILL)
        pytest.fail("a forked worker outlived its killed parent")
