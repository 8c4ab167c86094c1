"""The store's contract, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import contextlib
import threading

import pytest

from watchfloor.errors import NotFound, StoreError
from watchfloor.records import Outcome, SourceError, line_ranges
from watchfloor.store import MARK_END, MARK_START, Store, db

from .conftest import make_article


def test_same_text_twice_is_one_article(store: Store) -> None:
    a = make_article(["Russian troops moved closer to the border."], doc="a.txt")
    again = make_article(["Russian troops moved closer to the border."], doc="copy-of-a.txt")
    first = store.add([a])
    second = store.add([again, a])
    assert first[0].outcome is Outcome.STORED
    assert [r.outcome for r in second] == [Outcome.DUPLICATE, Outcome.DUPLICATE]
    assert {r.article_id for r in second} == {first[0].article_id}
    assert store.count_articles() == 1
    # Every place the text was found is remembered.
    origins = [s["origin"] for s in store.sightings(first[0].article_id)]
    assert origins == ["a.txt", "copy-of-a.txt", "a.txt"]


def test_duplicate_within_one_batch(store: Store) -> None:
    a = make_article(["Trains carried armour towards Homyel."], doc="a.txt")
    b = make_article(["Trains carried armour towards Homyel."], doc="b.txt")
    results = store.add([a, b])
    assert [r.outcome for r in results] == [Outcome.STORED, Outcome.DUPLICATE]
    assert store.count_articles() == 1


def test_changed_report_at_same_url_is_a_new_version(store: Store) -> None:
    url = "https://example.org/belarus-update"
    old = make_article(["About 10,000 troops remain."], url=url)
    new = make_article(["About 10,000 troops remain.", "Update: more arrived."], url=url)
    (first,) = store.add([old])
    (second,) = store.add([new])
    assert second.outcome is Outcome.VERSION
    assert store.get_article(second.article_id).version_of == first.article_id
    assert store.count_articles() == 2


def test_round_trip_keeps_lines_roles_and_metadata(store: Store) -> None:
    a = make_article(["First line.", "Second line.", "First line."], published="2022-10-12")
    (added,) = store.add([a])
    got = store.get_article(added.article_id).article
    assert got.title == a.title and got.outlet == a.outlet and got.published == "2022-10-12"
    assert [(ln.number, ln.text, ln.role, ln.duplicate_of) for ln in got.lines] == [
        (ln.number, ln.text, ln.role, ln.duplicate_of) for ln in a.lines
    ]
    assert got.body_words == 4  # the repeated line is not counted twice


def test_search_finds_words_with_snippet(store: Store) -> None:
    store.add(
        [
            make_article(["MiG-31K jets were seen at Machulishchy airfield."], doc="jets.txt"),
            make_article(["Railway workers counted trains near Gomel."], doc="trains.txt"),
        ]
    )
    hits = store.search("Machulishchy")
    assert [h.doc for h in hits] == ["jets.txt"]
    assert f"{MARK_START}Machulishchy{MARK_END}" in hits[0].snippet
    # Stemming: "train" finds "trains"; punctuation in a query is not a syntax error.
    assert [h.doc for h in store.search("train")] == ["trains.txt"]
    assert [h.doc for h in store.search('MiG-31K "airfield"')] == ["jets.txt"]
    assert store.search("nothing-like-this") == []
    assert store.search("   ") == []


def test_list_orders_by_publication_undated_last(store: Store) -> None:
    store.add(
        [
            make_article(["b"], doc="late.txt", published="2022-12-01"),
            make_article(["c"], doc="undated.txt", published=None),
            make_article(["a"], doc="early.txt", published="2022-02-10"),
        ]
    )
    assert [r["doc"] for r in store.list_articles()] == ["early.txt", "late.txt", "undated.txt"]
    assert [r["doc"] for r in store.list_articles(limit=1, offset=1)] == ["late.txt"]


def test_runs_record_counts_and_errors(store: Store) -> None:
    run = store.begin_run(["reports/"])
    store.record_errors(run, [SourceError(origin="reports/x.bin", reason="binary content")])
    run.stored, run.failed = 3, 1
    store.finish_run(run)
    (got,) = store.runs()
    assert (got.id, got.status, got.stored, got.failed, got.inputs) == (
        run.id,
        "done",
        3,
        1,
        ["reports/"],
    )
    assert [str(e) for e in store.run_errors(run.id or 0)] == ["reports/x.bin: binary content"]


def test_missing_article_is_not_found(store: Store) -> None:
    with pytest.raises(NotFound):
        store.get_article(12345)


def test_reopening_keeps_data_and_does_not_remigrate(tmp_path) -> None:
    path = tmp_path / "w.db"
    with Store.open(path) as s:
        s.add([make_article(["kept"])])
    with Store.open(path) as s:
        assert s.migrate() == []
        assert s.count_articles() == 1


def test_bad_store_location_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(tmp_path / "no" / "such" / "dir" / "w.db")


@pytest.mark.parametrize(
    ("numbers", "bridge", "expected"),
    [
        ([5, 6, 7, 9], set(), [[5, 7], [9, 9]]),
        ([5, 7, 9], {6, 8}, [[5, 9]]),
        ([5, 9], {6, 7}, [[5, 5], [9, 9]]),  # line 8 is not blank: the range breaks
        ([], set(), []),
    ],
)
def test_line_ranges(numbers: list[int], bridge: set[int], expected: list[list[int]]) -> None:
    assert line_ranges(numbers, bridge=bridge) == expected


def _second_store(store: Store) -> Store:
    """Another Store (its own connections) on the same database."""
    return Store.open(store.engine.url.render_as_string(hide_password=False))


def test_two_writers_adding_the_same_articles_at_once_store_each_once(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each writer looks up the batch's hashes, then inserts what it did not find. Both
    writers are held after their look-ups until the other has looked too (or for a
    second when it cannot, because the first holds the store): without a write lock
    both find nothing, both insert, and the second dies on the unique content hash."""
    batch = [
        make_article([f"Column {n} crossed the border at dawn."], doc=f"{n}.txt") for n in range(5)
    ]
    barrier = threading.Barrier(2)
    held: set[int] = set()
    record_values = db._record_values

    def after_lookups(record: object, table: object) -> dict[str, object]:
        if threading.get_ident() not in held:
            held.add(threading.get_ident())
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait(timeout=1)
        return record_values(record, table)  # type: ignore[arg-type]

    monkeypatch.setattr(db, "_record_values", after_lookups)
    outcomes: list[list[Outcome]] = []
    failures: list[BaseException] = []

    def write(target: Store) -> None:
        try:
            outcomes.append([added.outcome for added in target.add(batch)])
        except BaseException as exc:
            failures.append(exc)

    with _second_store(store) as other:
        threads = [threading.Thread(target=write, args=(s,)) for s in (store, other)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert not failures, failures
    assert sorted(outcomes) == [[Outcome.DUPLICATE] * 5, [Outcome.STORED] * 5]
    assert store.count_articles() == 5


def test_runs_left_running_by_a_dead_process_are_marked_interrupted(store: Store) -> None:
    killed = store.begin_run(["a/"])
    going = store.begin_run(["b/"])
    done = store.begin_run(["c/"])
    store.finish_run(done)
    assert (killed.pid, killed.host) != (None, None)  # the process is recorded

    stale = store.close_stale_runs(alive=lambda run: run.id == going.id)

    assert [run.id for run in stale] == [killed.id]
    status = {run.id: (run.status, run.finished is not None) for run in store.runs()}
    assert status == {
        killed.id: ("interrupted", True),
        going.id: ("running", False),
        done.id: ("done", True),
    }
    (closed,) = store.close_stale_runs(alive=lambda run: False)
    assert closed.id == going.id and closed.status == "interrupted"
