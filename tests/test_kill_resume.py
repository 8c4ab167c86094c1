"""A kill -9 at any stage of ``watchfloor ingest``, then a plain re-run, leaves the store
as one uninterrupted run leaves it: the same articles, annotations, entities, dates
found from the corpus and recycled-reporting relations.

Each kill is real: ``python -m watchfloor ingest`` runs in a subprocess through a small
wrapper script written here, which wraps one function of the flow so that the process
sends itself SIGKILL at that function's Nth call (before it runs, or just after it
returns). The library has no test hook; the wrapper only patches what it kills in.
The corpus is generated (three short reports, one of them undated and dated by the
other two) beside a few files of the project's sample corpus (two of which recycle
each other), read with no situation pack so that only the corpus dates the undated one.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect, select, text

import watchfloor
from tests.conftest import make_article, pg_schema_url
from watchfloor.ingest import annotate_store
from watchfloor.records import Annotation, EntityRef, Mention
from watchfloor.store import Store
from watchfloor.theatres import Theatre

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "belarus-2022"
SAMPLE_FILES = [
    "newsroll-europe-2022-12-22-belarus-battalions.txt",  # derived from the next one
    "polesie-wire-2022-12-08-reluctant-army.txt",
    "polesie-wire-2022-02-23-troops-stay.txt",
    "html/dnieper-daily-2022-12-05-shoigu-in-minsk.html",
]
GENERATED = {
    "wire-shoigu.txt": (
        "Shoigu in Minsk\n\nBy Polesie Wire December 4, 2022\n\n"
        "Russian defence minister Sergei Shoigu flew to Minsk on Saturday for talks with "
        "his Belarusian counterpart Viktor Khrenin about the regional grouping of forces.\n\n"
        "The two ministers discussed air defence and training.\n"
    ),
    "daily-shoigu.txt": (
        "Minister visits\n\nBy Dnieper Daily December 6, 2022\n\n"
        "Sergei Shoigu flew to Minsk on Saturday, the ministry said. Shoigu met Alexander "
        "Lukashenko and Viktor Khrenin.\n\nNo details of the talks were released.\n"
    ),
    # no dateline: stage 8 dates it 2022-12-05 from the two reports above
    "undated-talks.txt": (
        "Talks in Minsk\n\n"
        "The Russian defence minister, Sergei Shoigu, flew to Minsk on Saturday for talks.\n\n"
        "Officials in Minsk said on Monday that the border crossings stayed open.\n"
    ),
}

# Runs ``watchfloor`` with one function wrapped to SIGKILL the process at its Nth call.
# argv: module, attribute path, N, "before"|"after", then watchfloor's own arguments.
WRAPPER = """
import importlib, os, signal, sys

module, path, nth, when = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
owner = importlib.import_module(module)
*parents, name = path.split(".")
for parent in parents:
    owner = getattr(owner, parent)
original = getattr(owner, name)
calls = 0

def killing(*args, **kwargs):
    global calls
    calls += 1
    if calls == nth and when == "before":
        os.kill(os.getpid(), signal.SIGKILL)
    result = original(*args, **kwargs)
    if calls == nth and when == "after":
        os.kill(os.getpid(), signal.SIGKILL)
    return result

setattr(owner, name, killing)
# small batches, so that a kill lands between two committed ones
import watchfloor.ingest
watchfloor.ingest.annotate_store.__kwdefaults__["batch_size"] = 2
watchfloor.ingest.SAVE_EVERY = 3
sys.argv = ["watchfloor", *sys.argv[5:]]
from watchfloor.cli import main
main()
"""

# (stage, module, function, N, before/after): where each kill lands
KILLS = [
    ("clean", "watchfloor.ingest", "cleaned", 5, "before"),  # 2 batches of 2 stored
    ("store", "watchfloor.store.db", "Store.add", 2, "after"),
    ("annotate", "watchfloor.store.db", "Store.add_annotations", 3, "before"),
    ("annotated, not resolved", "watchfloor.store.db", "Store.add_annotations", 4, "after"),
    ("entity resolution", "watchfloor.nlp.entities", "resolve_entities", 1, "before"),
    ("corpus dating", "watchfloor.store.db", "Store.set_published", 1, "after"),
    # the second resolution: after the article the corpus dated was annotated again
    ("entity resolution after dating", "watchfloor.nlp.entities", "resolve_entities", 2, "before"),
    ("link", "watchfloor.store.db", "Store.add_links", 2, "before"),
]

# Columns that differ between two runs however right they are: row ids of tables the
# stages rebuild, timestamps, the run that stored an article.
VOLATILE = {"id", "ref_id", "entity_id", "run_id", "ingested", "annotated", "linked", "updated"}
TABLES = [
    "articles",
    "lines",
    "annotations",
    "entities",
    "entity_refs",
    "entity_mentions",
    "places",
    "times",
    "events",
    "claims",
    "citations",
    "statements",
    "relations",
    "linked",
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for name in SAMPLE_FILES:
        shutil.copy(SAMPLE / name, folder / Path(name).name)
    for name, content in GENERATED.items():
        (folder / name).write_text(content, encoding="utf-8")
    return folder


def ingest_command(corpus: Path, db: str) -> list[str]:
    # --workers 1: the kill must land in this process, where the wrapper patched
    return ["ingest", str(corpus), "--db", db, "--quiet", "--theatre", "none",
            "--batch-size", "2", "--workers", "1"]  # fmt: skip


def env() -> dict[str, str]:
    src = str(Path(watchfloor.__file__).resolve().parents[1])
    return {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")}


def run_ingest(corpus: Path, db: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "watchfloor", *ingest_command(corpus, db)],
        env=env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr


def killed_ingest(corpus: Path, db: str, kill: tuple[str, str, str, int, str], tmp: Path) -> None:
    _, module, function, nth, when = kill
    wrapper = tmp / "killing_wrapper.py"
    wrapper.write_text(WRAPPER, encoding="utf-8")
    proc = subprocess.run(
        [
            sys.executable,
            str(wrapper),
            module,
            function,
            str(nth),
            when,
            *ingest_command(corpus, db),
        ],
        env=env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    # a run that finished was never killed: the test would prove nothing
    assert proc.returncode == -signal.SIGKILL, f"not killed at {kill}: {proc.stderr}"


def snapshot(db: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row that matters of every table the stages write, in a comparable form:
    row ids and timestamps dropped, references to entities and entity references
    replaced by what they name."""
    url = db if "://" in db else f"sqlite:///{db}"
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    out: dict[str, list[tuple[Any, ...]]] = {}
    try:
        with engine.connect() as conn:
            names = dict(conn.execute(text("SELECT id, canonical FROM entities")).all())
            refs = {
                row.id: (row.article_id, row.canonical, row.type)
                for row in conn.execute(text("SELECT * FROM entity_refs"))
            }
            for table in TABLES:
                columns = [c["name"] for c in inspect(conn).get_columns(table)]
                rows = []
                for row in conn.execute(text(f"SELECT * FROM {table}")).mappings():
                    kept: list[Any] = [(c, row[c]) for c in columns if c not in VOLATILE]
                    if "entity_id" in columns:
                        kept.append(("entity", names.get(row["entity_id"])))
                    if "ref_id" in columns:
                        kept.append(("ref", refs[row["ref_id"]]))
                    rows.append(tuple(kept))
                out[table] = sorted(rows, key=repr)
            out["pending"] = sorted(
                conn.execute(select(text("name")).select_from(text("index_state"))).scalars()
            )
    finally:
        engine.dispose()
    return out


@pytest.fixture(scope="module")
def uninterrupted(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db = str(tmp_path_factory.mktemp("uninterrupted") / "w.db")
    run_ingest(corpus, db)
    return snapshot(db)


def test_the_corpus_exercises_every_stage(uninterrupted: dict[str, Any]) -> None:
    # without these the kills below would land in stages that do nothing
    assert len(uninterrupted["articles"]) == 7
    assert uninterrupted["entities"] and uninterrupted["claims"]
    assert len(uninterrupted["relations"]) >= 1
    published = {dict(row)["doc"]: dict(row)["published"] for row in uninterrupted["articles"]}
    assert published["undated-talks.txt"] == "2022-12-05"


@pytest.mark.parametrize("kill", KILLS, ids=[k[0] for k in KILLS])
def test_a_rerun_after_a_kill_leaves_the_store_of_an_uninterrupted_run(
    kill: tuple[str, str, str, int, str],
    corpus: Path,
    uninterrupted: dict[str, Any],
    tmp_path: Path,
) -> None:
    db = str(tmp_path / "w.db")
    killed_ingest(corpus, db, kill, tmp_path)
    run_ingest(corpus, db)
    resumed = snapshot(db)
    for table, rows in uninterrupted.items():
        assert resumed[table] == rows, f"{table} differs after a kill at {kill[0]}"


@pytest.mark.postgres
@pytest.mark.parametrize("kill", [KILLS[4], KILLS[5]], ids=[KILLS[4][0], KILLS[5][0]])
def test_a_rerun_after_a_kill_resumes_on_postgresql(
    kill: tuple[str, str, str, int, str], corpus: Path, tmp_path: Path
) -> None:
    # compared with an uninterrupted run on PostgreSQL too: the two databases give
    # some columns different Python types
    with pg_schema_url() as db:
        run_ingest(corpus, db)
        expected = snapshot(db)
    with pg_schema_url() as db:
        killed_ingest(corpus, db, kill, tmp_path)
        run_ingest(corpus, db)
        resumed = snapshot(db)
    for table, rows in expected.items():
        assert resumed[table] == rows, f"{table} differs after a kill at {kill[0]}"


# ---- the same resumption in-process, on both databases, without spaCy ----------------


class Killed(BaseException):
    """Stands for the kill: not an Exception, so nothing on the way catches it."""


def annotated_with(*names: str) -> Annotation:
    refs = [
        EntityRef(
            canonical=name,
            type="PERSON",
            mentions=[Mention(line=1, start=0, end=len(name), text=name, label="PERSON")],
        )
        for name in names
    ]
    return Annotation(
        language="en", skipped=None, entities=refs, places=[], times=[], events=[],
        claims=[], citations=[], statements=[],
    )  # fmt: skip


def test_a_resolution_cut_short_is_done_by_the_next_run(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = [a.article_id for a in store.add([make_article(["Shoigu flew to Minsk."])])]
    store.add_annotations([(ids[0], annotated_with("Sergei Shoigu", "Viktor Khrenin"))])
    from watchfloor.nlp import entities

    def killed(*args: object, **kwargs: object) -> None:
        raise Killed

    with monkeypatch.context() as patched:
        patched.setattr(entities, "resolve_entities", killed)
        with pytest.raises(Killed):
            annotate_store(store, theatre=Theatre.empty())
    assert store.count_entities() == 0
    # nothing is left to annotate: the store's mark says the entities are not resolved
    result = annotate_store(store, theatre=Theatre.empty())
    assert result.articles == 0 and result.entities == 2
    assert {e["canonical"] for e in store.list_entities()} == {"Sergei Shoigu", "Viktor Khrenin"}
    assert store.entities_stale() is None
    # and once resolved, a run with nothing new does not resolve again
    monkeypatch.setattr(entities, "resolve_entities", killed)
    assert annotate_store(store, theatre=Theatre.empty()).entities == 2


def test_a_resolution_keeps_the_mark_of_a_change_it_did_not_see(store: Store) -> None:
    ids = [a.article_id for a in store.add([make_article(["Shoigu flew to Minsk."])])]
    store.add_annotations([(ids[0], annotated_with("Sergei Shoigu"))])
    seen = store.entities_stale()
    assert seen is not None
    # another run annotates between this resolution's reading and its writing
    store.add_annotations([(ids[0], annotated_with("Viktor Khrenin"))])
    store.replace_entities([], answers=seen)
    assert store.entities_stale() not in (None, seen)
    # comparing every article afresh forgets the links, not that mark
    store.clear_links()
    assert store.entities_stale() is not None


def test_a_date_found_from_the_corpus_drops_annotations_read_without_it(store: Store) -> None:
    ids = [a.article_id for a in store.add([make_article(["Talks on Saturday."], published=None)])]
    store.add_annotations([(ids[0], annotated_with("Sergei Shoigu"))])
    assert store.article_ids(unannotated=True) == []
    store.set_published(ids[0], "2022-12-05", "inferred: from the corpus")
    # killed now, the next run's stage 6 annotates it again against its date
    assert store.article_ids(unannotated=True) == ids
    assert store.annotation(ids[0]) is None
    assert store.entities_stale() is not None


def test_a_store_from_before_the_mark_resolves_its_entities_once(tmp_path: Path) -> None:
    # a store annotated by an older watchfloor, maybe killed before resolving
    with Store.open(tmp_path / "old.db") as store:
        ids = [a.article_id for a in store.add([make_article(["Shoigu flew to Minsk."])])]
        store.add_annotations([(ids[0], annotated_with("Sergei Shoigu"))])
        with store.engine.begin() as conn:
            conn.execute(text("DELETE FROM index_state"))
            conn.execute(text("DELETE FROM schema_migrations WHERE name LIKE '%entities_stale%'"))
    with Store.open(tmp_path / "old.db") as store:
        assert store.entities_stale() is not None
        assert annotate_store(store, theatre=Theatre.empty()).entities == 1
