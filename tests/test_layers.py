"""The layering contracts of pyproject.toml hold (``make lint`` runs them too)."""

from __future__ import annotations

import pytest

from .conftest import ROOT


def test_import_contracts_are_kept(capsys: pytest.CaptureFixture[str]) -> None:
    cli = pytest.importorskip("importlinter.cli", reason="import-linter is a dev dependency")
    code = cli.lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True)
    assert code == 0, capsys.readouterr().out
