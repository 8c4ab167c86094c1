"""One TOML file of a pack (a language pack or a situation pack), read with a one-line
error naming the file: the two loaders share it and stay independent of each other."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from watchfloor.errors import WatchfloorError


def read_toml(path: Path, *, error: type[WatchfloorError]) -> dict[str, Any]:
    """The table in ``path``; ``error`` (the loader's own) when it cannot be read or parsed."""
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise error(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{path}: not valid TOML ({exc})") from exc
