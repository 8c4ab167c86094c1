"""Situation packs ("theatres"): the facts of one situation, as data a user can write.

A theatre is a folder of TOML files. ``theatre.toml`` names it and holds its settings
(``[settings]``: the countries it is about, dates such as the start of a war); every
other file holds arrays of tables, one array per *kind* of entry::

    source = "default source for the entries of this file"

    [[actor]]
    name = "Alexander Lukashenko"
    aliases = ["Lukashenka", "Aleksandr Lukashenko"]
    type = "person"            # anything else is kept in ``Entry.attrs``
    source = "https://..."     # overrides the file's default

Kinds are whatever the stages ask for (``actor``, ``outlet``, ``unit``, ``place``,
``equipment``, ``exercise``, ``event`` for the chronology...): the loader only checks
that every entry has a name (or, for ``event``, a date) and a source, and says which
file and entry when one does not. A theatre with no entries of a kind simply has none,
and :meth:`Theatre.empty` (``--theatre none``) has none of anything: every stage works
without a theatre, it only knows less.

Which theatre is used: ``--theatre PATH|NAME|none`` on the commands that annotate, else
the ``WATCHFLOOR_THEATRE`` setting, else the shipped ``belarus-2022`` (the sample
corpus's situation).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from watchfloor.errors import WatchfloorError
from watchfloor.packfile import read_toml

_SHIPPED = Path(__file__).parent
_META = "theatre.toml"
DEFAULT = "belarus-2022"
NONE = "none"


class TheatreError(WatchfloorError):
    """A situation pack is missing or malformed; the message names the file and entry."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One named thing of a situation: an actor, outlet, unit, place, exercise, event..."""

    kind: str
    name: str
    source: str
    aliases: tuple[str, ...] = ()
    attrs: Mapping[str, Any] = field(default_factory=dict)

    @property
    def names(self) -> tuple[str, ...]:
        """The name and every alias, as written."""
        return (self.name, *self.aliases)

    def get(self, key: str, default: Any = None) -> Any:
        return self.attrs.get(key, default)


@dataclass(frozen=True, eq=False)
class Theatre:
    """A situation pack. Compared and hashed by identity, so stages can cache per theatre."""

    name: str
    title: str = ""
    path: Path | None = None
    settings: Mapping[str, Any] = field(default_factory=dict)
    by_kind: Mapping[str, tuple[Entry, ...]] = field(default_factory=dict)

    @classmethod
    def empty(cls) -> Theatre:
        return _EMPTY

    @property
    def is_empty(self) -> bool:
        return not self.by_kind and not self.settings

    def entries(self, kind: str) -> tuple[Entry, ...]:
        """Every entry of ``kind`` (none for a kind the pack does not have)."""
        return self.by_kind.get(kind, ())

    def names(self, kind: str, **attrs: Any) -> tuple[str, ...]:
        """Every name and alias of the entries of ``kind`` whose attributes match ``attrs``."""
        return tuple(
            n
            for e in self.entries(kind)
            if all(e.attrs.get(k) == v for k, v in attrs.items())
            for n in e.names
        )

    def setting(self, key: str, default: Any = None) -> Any:
        return self.settings.get(key, default)

    def date_setting(self, key: str) -> date | None:
        """A date setting (``war_start = 2022-02-24``), or None."""
        value = self.settings.get(key)
        if value is None or isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError as exc:
            raise TheatreError(f"theatre {self.name!r}: setting {key!r} is not a date") from exc

    def counts(self) -> dict[str, int]:
        """How many entries of each kind: what ``theatre info`` and the benchmarks show."""
        return {kind: len(entries) for kind, entries in sorted(self.by_kind.items())}


_EMPTY = Theatre(name=NONE, title="no situation pack")


def shipped_theatres() -> list[str]:
    """The names of the theatres that ship with watchfloor."""
    return sorted(p.parent.name for p in _SHIPPED.glob(f"*/{_META}"))


def load_theatre(spec: str | os.PathLike[str] | None) -> Theatre:
    """The theatre named by ``spec``: a folder, a shipped name, ``none``, or None (default).

    Loaded once per folder and cached, so stages that cache per theatre stay warm.
    """
    if spec is None:
        spec = os.environ.get("WATCHFLOOR_THEATRE") or DEFAULT
    text = os.fspath(spec)
    if text.lower() == NONE:
        return _EMPTY
    folder = Path(text)
    if not (folder / _META).is_file():
        if (_SHIPPED / text / _META).is_file():
            folder = _SHIPPED / text
        elif folder.exists():
            raise TheatreError(f"{folder}: not a theatre (it has no {_META})")
        else:
            known = ", ".join(shipped_theatres())
            raise TheatreError(f"no theatre {text!r}: give a folder, 'none', or one of {known}")
    return _read_cached(folder.resolve())


def default_theatre() -> Theatre:
    """The theatre the settings choose (``WATCHFLOOR_THEATRE``, else belarus-2022)."""
    return load_theatre(None)


@cache
def _read_cached(folder: Path) -> Theatre:
    return read_theatre(folder)


def read_theatre(folder: Path) -> Theatre:
    """Read one theatre folder (not cached)."""
    meta = read_toml(folder / _META, error=TheatreError)
    by_kind: dict[str, list[Entry]] = {}
    for path in sorted(folder.glob("*.toml")):
        if path.name == _META:
            continue
        data = read_toml(path, error=TheatreError)
        default_source = data.get("source")
        for kind, items in data.items():
            if kind == "source":
                continue
            if not isinstance(items, list):
                raise TheatreError(f"{path}: {kind!r} must be an array of tables ([[{kind}]])")
            for number, item in enumerate(items, 1):
                by_kind.setdefault(kind, []).append(
                    _entry(kind, item, default_source, where=f"{path}: {kind} #{number}")
                )
    return Theatre(
        name=str(meta.get("name") or folder.name),
        title=str(meta.get("title") or ""),
        path=folder,
        settings=dict(meta.get("settings", {})),
        by_kind={kind: tuple(entries) for kind, entries in by_kind.items()},
    )


def _entry(kind: str, item: Any, default_source: Any, *, where: str) -> Entry:
    if not isinstance(item, dict):
        raise TheatreError(f"{where}: must be a table")
    attrs = dict(item)
    name = attrs.pop("name", None)
    if name is None and "date" in attrs:  # chronology events are named by their text
        name = attrs.get("text") or str(attrs["date"])
    source = attrs.pop("source", default_source)
    if not name or not isinstance(name, str):
        raise TheatreError(f"{where}: has no name")
    if not source:
        raise TheatreError(f"{where} ({name}): has no source (give one, or a file default)")
    aliases = attrs.pop("aliases", [])
    if isinstance(aliases, str) or not all(isinstance(a, str) for a in aliases):
        raise TheatreError(f"{where} ({name}): aliases must be a list of strings")
    return Entry(kind=kind, name=name, source=str(source), aliases=tuple(aliases), attrs=attrs)
