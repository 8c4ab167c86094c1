"""The README documents every command and every option the CLI has."""

from __future__ import annotations

import typer.core
import typer.main

from watchfloor.cli import app

from .conftest import ROOT


def test_every_command_and_option_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    missing = []
    for name, command in group.commands.items():
        if f"watchfloor {name}" not in readme:
            missing.append(f"command {name}")
        for param in command.params:
            if isinstance(param, typer.core.TyperOption):
                for opt in param.opts:
                    if opt.startswith("--") and f"`{opt}`" not in readme and opt != "--help":
                        missing.append(f"{name} {opt}")
    for param in group.params:
        for opt in getattr(param, "opts", []):
            if opt.startswith("--") and f"`{opt}`" not in readme and opt != "--help":
                missing.append(f"global {opt}")
    assert not missing, f"undocumented in README.md: {missing}"


def test_changelog_exists_and_has_an_entry() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## " in text
