"""Independence: which of the reports backing one value or statement count as sources.

Place in the flow: read time, after ``link.recycled`` has related the articles. An
estimate series and a statement list hand over the items that back one value (or one
statement): who asserts it, who published it, when, and what it says. Each item is
judged, oldest first, against the items before it:

1. an article that recycles another (``relations``: near duplicate or derived) saying
   the same thing counts with it ("recycles article 9");
2. the independent unit is the asserting source (the speaker or body), else the
   publisher, else the article itself; an item whose source was only relayed to this
   publisher (``via``: "told Reuters") with no source of its own counts with the cited
   outlet ("relays Reuters (article 7)"); names are compared as one key per body (its
   aliases, and a site's name without its section: "Belarus Watch - Eastern Flank
   Monitor" is "Eastern Flank Monitor" when another item names it so); a forwarded
   chat post (``forwarded_from``: Telegram's "Forwarded from") with no source of its
   own counts as the channel it forwards, not the one that forwarded it ("forwards
   Rail Watch (article 7)");
3. a unit saying the same thing again counts once: the same publisher's earlier update,
   the same speaker reported twice ("same publisher as article 12 (its own earlier
   update)").

Every item that does not count gets a reason a reader can check against the articles
named. Pure: no store, no language; the callers pass rows in and show the verdicts.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

RECYCLED_KINDS = {"near_duplicate": "copies", "derived": "recycles", "forward": "forwards"}


@dataclass(frozen=True, slots=True, kw_only=True)
class Backing:
    """One item backing a value or statement: its article, who stands behind it, what it says."""

    article_id: int
    content: Hashable  # the value, or the statement's group key: equal means "the same thing"
    publisher: str | None = None  # the article's outlet
    source: str | None = None  # the person or body asserting it, if named
    via: str | None = None  # the outlet the source spoke to ("told Reuters"), if named
    forwarded_from: str | None = None  # the channel a forwarded post is from, if it is one
    published: str | None = None  # ISO date of the article, for "oldest first"


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether an item counts as a source of its own; if not, whom it counts with and why."""

    unit: str  # the independent unit it belongs to (a normalised name, or "article N")
    counts_with: int | None = None  # the article it counts with; None when independent
    reason: str = ""

    @property
    def independent(self) -> bool:
        return self.counts_with is None


def name_key(name: str | None) -> str:
    """A name as compared: compatibility forms, case, punctuation and a leading "the" ignored."""
    text = unicodedata.normalize("NFKC", name or "").casefold()
    text = re.sub(r"[^\w\s]", " ", text)
    words = text.split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def recycling(relations: Iterable[Mapping[str, object]]) -> dict[int, dict[int, str]]:
    """``relations`` rows (``a_id`` recycles ``b_id``, ``kind``) as {a: {b: kind}}."""
    found: dict[int, dict[int, str]] = {}
    for rel in relations:
        a, b = rel.get("a_id"), rel.get("b_id")
        if isinstance(a, int) and isinstance(b, int):
            found.setdefault(a, {}).setdefault(b, str(rel.get("kind") or "derived"))
    return found


def judge(
    items: Sequence[Backing],
    *,
    recycles: Mapping[int, Mapping[int, str]] | None = None,
    aliases: Mapping[str, str] | None = None,
) -> list[Verdict]:
    """A verdict for each item, in the order given; the oldest item of a unit counts.

    ``recycles`` is :func:`recycling` of the store's relations; ``aliases`` maps name
    keys (:func:`name_key`) to the one name they stand for ("isw" -> "institute for the
    study of war"), from the theatre pack or the corpus' entities.
    """
    recycles = recycles or {}
    names = _Names(items, aliases or {})
    order = sorted(
        range(len(items)),
        key=lambda i: (items[i].published is None, items[i].published or "", items[i].article_id),
    )
    verdicts: list[Verdict | None] = [None] * len(items)
    # the first item seen of each (unit, content) and of each (article, content); a relay
    # of Reuters has Reuters' unit, so it meets Reuters' own report here
    first_of_unit: dict[tuple[str, Hashable], int] = {}
    first_in_article: dict[tuple[int, Hashable], int] = {}
    for i in order:
        item = items[i]
        unit, relayed = _unit(item, names)
        verdict = Verdict(unit=unit)
        recycled = _recycled(item, items, first_in_article, recycles)
        if recycled is not None:
            b, kind = recycled
            verdict = Verdict(unit=unit, counts_with=b, reason=f"{kind} article {b}")
        elif (earlier := first_of_unit.get((unit, item.content))) is not None:
            verdict = Verdict(
                unit=unit,
                counts_with=items[earlier].article_id,
                reason=_repeat_reason(item, items[earlier], relayed=relayed),
            )
        verdicts[i] = verdict
        # a unit whose first word was itself recycled still says it only once
        first_of_unit.setdefault((unit, item.content), i)
        first_in_article.setdefault((item.article_id, item.content), i)
    return [v for v in verdicts if v is not None]


def independent_units(items: Sequence[Backing], verdicts: Sequence[Verdict]) -> int:
    """How many distinct independent units the items hold."""
    return len({v.unit for v in verdicts if v.independent})


# "Minsk (Government of Belarus)": the claims stage gives the body a name stands for
_STANDS_FOR = re.compile(r"\((?P<body>[^()]+)\)\s*$")


# Where a site's name is joined to a section's: "Belarus Watch - Eastern Flank Monitor",
# "Northern Front Review: Analysis".
_SECTION_SEPARATOR = re.compile(r"\s+[-|–—·:]\s+|:\s+")


class _Names:
    """One key per publisher or source, however the items write it."""

    def __init__(self, items: Sequence[Backing], aliases: Mapping[str, str]) -> None:
        self.aliases = aliases
        self.known = {
            name_key(n)
            for item in items
            for n in (item.publisher, item.source, item.via, item.forwarded_from)
            if n
        }

    def key(self, name: str | None) -> str:
        """A name's key: the pack's or the corpus' name for it, and a site's name without
        its section when another item names the site alone (two words at least, so
        that "Reuters: World" and "AP: World" do not meet on "World")."""
        key = name_key(name)
        for part in _SECTION_SEPARATOR.split(name or ""):
            part_key = name_key(part)
            if part_key != key and part_key in self.known and len(part_key.split()) >= 2:
                key = part_key
                break
        return self.aliases.get(key, key)


def _unit(item: Backing, names: _Names) -> tuple[str, str]:
    """The independent unit of an item, and how it only relays it: "via" (a relay's
    citation), "forward" (a forwarded post), or "" (its own)."""
    if name_key(item.source):
        body = _STANDS_FOR.search(item.source or "")
        return names.key(body.group("body") if body else item.source), ""
    if name_key(item.via):
        return names.key(item.via), "via"
    if name_key(item.forwarded_from):
        return names.key(item.forwarded_from), "forward"
    if name_key(item.publisher):
        return names.key(item.publisher), ""
    return f"article {item.article_id}", ""


def _recycled(
    item: Backing,
    items: Sequence[Backing],
    first_in_article: Mapping[tuple[int, Hashable], int],
    recycles: Mapping[int, Mapping[int, str]],
) -> tuple[int, str] | None:
    """The article this item's article recycles that says the same thing, with the verb."""
    for b, kind in sorted(recycles.get(item.article_id, {}).items()):
        if b != item.article_id and (b, item.content) in first_in_article:
            return b, RECYCLED_KINDS.get(kind, "recycles")
    return None


def _repeat_reason(item: Backing, earlier: Backing, *, relayed: str) -> str:
    # the names as the item writes them: the reader finds them in the articles
    if earlier.article_id == item.article_id:
        return f"said again in the same article ({earlier.article_id})"
    if relayed == "forward":
        if name_key(item.forwarded_from) == name_key(earlier.publisher) and not name_key(
            earlier.forwarded_from
        ):
            return f"forwards {item.forwarded_from} (article {earlier.article_id})"
        return f"forwards {item.forwarded_from}, as article {earlier.article_id} does"
    if relayed:
        said = {name_key(earlier.publisher), name_key(earlier.source)}
        if name_key(item.via) in said:
            return f"relays {item.via} (article {earlier.article_id})"
        return f"relays {item.via}, as article {earlier.article_id} does"
    if name_key(item.source):
        return f"same source ({item.source}) as article {earlier.article_id}"
    if name_key(item.publisher):
        return (
            f"same publisher ({item.publisher}) as article {earlier.article_id}"
            " (its own earlier report)"
        )
    return f"same as article {earlier.article_id}"
