"""Limits on what one input or one option can cost: numeric options are usage
errors outside their range (exit 2, the range named), and an article too long to
annotate is stored, searchable, and skipped by the language stages with the reason.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from watchfloor.cli import app
from watchfloor.ingest import INDEX_NAME
from watchfloor.link.recycled import RecycledIndex
from watchfloor.store import Store

runner = CliRunner()

BAD_OPTIONS = [
    (["ingest", "in.txt", "--workers", "1000000"], "--workers", "allowed 1 to 32"),
    (["ingest", "in.txt", "--workers", "0"], "--workers", "allowed 1 to 32"),
    (["annotate", "--workers", "1000000"], "--workers", "allowed 1 to 32"),
    (["ingest", "in.txt", "--max-mb", "0"], "--max-mb", "allowed more than 0 and at most 4096"),
    (["ingest", "in.txt", "--max-mb", "-5"], "--max-mb", "allowed more than 0 and at most 4096"),
    (["ingest", "in.txt", "--max-mb", "inf"], "--max-mb", "allowed more than 0 and at most 4096"),
    (["ingest", "in.txt", "--max-mb", "nan"], "--max-mb", "allowed more than 0 and at most 4096"),
    (["ingest", "in.txt", "--max-mb", "5000"], "--max-mb", "allowed more than 0 and at most 4096"),
    (["ingest", "in.txt", "--batch-size", "0"], "--batch-size", "allowed 1 to 100000"),
    (["articles", "--limit", "99999999999999999999"], "--limit", "allowed 1 to 2147483647"),
    (["articles", "--offset", "-1"], "--offset", "allowed 0 to 2147483647"),
    (["articles", "--offset", "99999999999999999999"], "--offset", "allowed 0 to 2147483647"),
    (["search", "x", "--limit", "99999999999999999999"], "--limit", "allowed 1 to 2147483647"),
    (["runs", "--limit", "0"], "--limit", "allowed 1 to 2147483647"),
    (["entities", "--limit", "99999999999999999999"], "--limit", "allowed 1 to 2147483647"),
    (["claims", "--limit", "99999999999999999999"], "--limit", "allowed 1 to 2147483647"),
    (["timeline", "--limit", "99999999999999999999"], "--limit", "allowed 1 to 2147483647"),
    (["serve", "--port", "0"], "--port", "allowed 1 to 65535"),
]


@pytest.mark.parametrize(("args", "option", "allowed"), BAD_OPTIONS, ids=lambda a: str(a))
def test_option_out_of_range_is_a_usage_error(
    tmp_path: Path, args: list[str], option: str, allowed: str
) -> None:
    """Exit 2 with one line naming the option, the value and the range; nothing runs
    (the store is not even created)."""
    db = tmp_path / "w.db"
    result = runner.invoke(app, [*args, "--db", str(db)])
    assert result.exit_code == 2, result.output
    value = args[args.index(option) + 1]
    assert f"Invalid value for '{option}': {value} is out of range: {allowed}" in result.stderr
    assert "Traceback" not in result.output
    assert not db.exists()


def test_option_at_its_bound_is_accepted(tmp_path: Path) -> None:
    db = str(tmp_path / "w.db")
    result = runner.invoke(app, ["articles", "--limit", "2147483647", "--offset", "0", "--db", db])
    assert result.exit_code == 0, result.output


# ---- an article too long to annotate ----------------------------------------------

SENTENCE = (
    "About {n} Russian troops moved towards Gomel on Monday, Belarus Defence Minister "
    "Viktor Khrenin told reporters in Minsk. "
)


def test_too_long_article_is_stored_searchable_and_skipped_with_the_reason(
    tmp_path: Path,
) -> None:
    """A one-line report past MAX_ANNOTATED_CHARS is stored and found by search; the
    language stages leave it alone (its annotation is recorded as skipped, with the
    reason: bench/big_article.py measures what that saves), and the normal report
    beside it is annotated as ever."""
    import json

    from watchfloor.nlp.limits import MAX_ANNOTATED_CHARS

    folder = tmp_path / "in"
    folder.mkdir()
    line = "".join(SENTENCE.format(n=n) for n in range(2_000, 4_000))
    assert len(line) > MAX_ANNOTATED_CHARS
    (folder / "long.txt").write_text(f"Troops near Gomel\n\n{line}zanzibarite\n", encoding="utf-8")
    normal = " ".join(SENTENCE.format(n=n) for n in (30_000, 31_000))
    (folder / "normal.txt").write_text(f"Troops in Belarus\n\n{normal}\n", encoding="utf-8")
    db = str(tmp_path / "w.db")
    result = runner.invoke(app, ["ingest", str(folder), "--db", db, "--quiet"])
    assert result.exit_code == 0, result.output
    size = len("Troops near Gomel") + len(line) + len("zanzibarite")
    reason = f"too long to annotate: {size:,} characters (the limit is {MAX_ANNOTATED_CHARS:,})"
    assert f"skipped long.txt: {reason}" in result.stderr
    assert "annotated 2 article(s)" in result.stderr
    hits = runner.invoke(app, ["search", "zanzibarite", "--db", db, "--json"]).stdout
    assert [json.loads(h)["doc"] for h in hits.splitlines()] == ["long.txt"]
    claims = runner.invoke(app, ["claims", "--db", db, "--json"]).stdout
    docs = {json.loads(c)["doc"] for c in claims.splitlines()}
    assert docs == {"normal.txt"}  # the normal report's claims, none from the long one
    # `annotate` takes neither up again; the long one is not in the recycled-reporting
    # index (the normal one is), which is saved without its text
    again = runner.invoke(app, ["annotate", "--db", db, "--json", "--quiet"])
    assert json.loads(again.stdout)["annotated"] == 0
    with Store.open(db) as store:
        assert store.unlinked_ids() == []
        index = RecycledIndex.from_bytes(store.index_state(INDEX_NAME) or b"")
        assert len(index) == 1 and "zanzibarite" not in index.to_bytes().decode("latin-1")


def test_too_long_article_is_not_dated_from_its_content() -> None:
    """Dating from content (flow stages 4 and 8) reads every sentence against the
    chronology: past the bound it answers at once, with the reason."""
    from watchfloor.nlp.dating import Dating, date_from_content
    from watchfloor.nlp.limits import MAX_ANNOTATED_CHARS

    from .conftest import make_article

    dated = "Two days after the invasion of Ukraine began, troops moved towards Gomel. "
    short = make_article([dated], published=None)
    assert date_from_content(short, []).evidence != ""  # read: no known event given
    line = dated * (MAX_ANNOTATED_CHARS // len(dated) + 1)
    article = make_article([line], title=None, published=None)
    assert date_from_content(article, []) == Dating(
        None,
        f"too long to annotate: {len(line):,} characters (the limit is {MAX_ANNOTATED_CHARS:,})",
    )
