"""Limits on what one input or one option can cost: numeric options are usage
errors outside their range (exit 2, the range named), and an article too long to
annotate is stored, searchable, and skipped by the language stages with the reason.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from watchfloor.cli import app

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
