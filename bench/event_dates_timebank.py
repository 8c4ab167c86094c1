"""Which happening a date belongs to, against TimeBank's event-time links (TempEval-3 train).

TimeBank links events to the time expressions that contain them (TLINK
``IS_INCLUDED``, ``DURING``, ``SIMULTANEOUS``: "troops *arrived* on *Monday*").
Each TimeBank story runs through watchfloor's pipeline as an article (one line
per paragraph, published on its creation date) and ``nlp.events.find_events``
dates its events. For every event watchfloor dates from a time expression of
its sentence, the gold time expression overlapping that one decides:

- **right**: a gold event inside the event's quote is linked to it;
- **wrong**: it is linked only to other events of the sentence (the date went
  to the wrong happening);
- undecided (not counted): TimeBank links it to no event of the sentence.

watchfloor's events are a subset of TimeBank's (a trigger lexicon for a
security situation, and only dated ones), so this measures how well a date
finds its happening, not how many happenings are found.

    .venv/bin/python bench/event_dates_timebank.py [--data DIR] [--show N]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import Element

from defusedxml import ElementTree

from watchfloor.nlp.entities import article_entities
from watchfloor.nlp.events import find_events
from watchfloor.nlp.gazetteer import Gazetteer
from watchfloor.nlp.pipeline import annotate_mentions
from watchfloor.nlp.places import find_place_mentions, resolve_places
from watchfloor.nlp.sentences import sentences
from watchfloor.nlp.times import find_times
from watchfloor.records import Article, DocKind, Line, LineRole

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
LINKED = frozenset({"IS_INCLUDED", "DURING", "SIMULTANEOUS"})


@dataclass(slots=True)
class Span:
    start: int
    end: int
    key: str  # eid or tid


def _walk(
    node: Element, parts: list[str], pos: list[int], events: list[Span], timexes: list[Span]
) -> None:
    start = pos[0]
    if node.text:
        parts.append(node.text)
        pos[0] += len(node.text)
    for child in node:
        _walk(child, parts, pos, events, timexes)
        if child.tail:
            parts.append(child.tail)
            pos[0] += len(child.tail)
    if node.tag == "EVENT":
        events.append(Span(start, pos[0], node.get("eid", "")))
    elif node.tag == "TIMEX3":
        timexes.append(Span(start, pos[0], node.get("tid", "")))


@dataclass(slots=True)
class Story:
    name: str
    dct: str
    text: str
    events: list[Span]
    timexes: list[Span]
    links: set[tuple[str, str]]  # (eid, tid)


def read(path: Path) -> Story | None:
    root = ElementTree.parse(path).getroot()
    dct = next(
        (
            t.get("value", "")[:10]
            for t in root.iter("TIMEX3")
            if t.get("functionInDocument") == "CREATION_TIME"
        ),
        "",
    )
    body = root.find("TEXT")
    if body is None or len(dct) != 10:
        return None
    parts: list[str] = []
    events: list[Span] = []
    timexes: list[Span] = []
    _walk(body, parts, [0], events, timexes)
    instance = {mi.get("eiid", ""): mi.get("eventID", "") for mi in root.iter("MAKEINSTANCE")}
    links = {
        (instance.get(tl.get("eventInstanceID", ""), ""), tl.get("relatedToTime", ""))
        for tl in root.iter("TLINK")
        if tl.get("relType") in LINKED and tl.get("eventInstanceID") and tl.get("relatedToTime")
    }
    return Story(path.stem, dct, "".join(parts), events, timexes, links)


def article_of(story: Story) -> tuple[Article, list[int]]:
    """The story as an article, one line per paragraph; and each line's start offset."""
    lines: list[Line] = []
    starts: list[int] = []
    at = 0
    for n, text in enumerate(story.text.split("\n"), start=1):
        role = LineRole.BODY if text.strip() else LineRole.BLANK
        lines.append(Line(number=n, text=text, role=role, duplicate_of=None))
        starts.append(at)
        at += len(text) + 1
    article = Article(
        doc=story.name,
        origin=story.name,
        kind=DocKind.TEXT,
        title=None,
        outlet=None,
        authors=[],
        published=story.dct,
        published_evidence="TimeBank creation time",
        url=None,
        lines=lines,
        language="en",
    )
    return article, starts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA / "tempeval3-train")
    ap.add_argument("--show", type=int, default=0, help="print this many wrong ones")
    args = ap.parse_args(argv)
    paths = sorted(p for p in args.data.rglob("*.tml") if p.parent.name == "TimeBank")
    stories = [s for s in (read(p) for p in paths) if s is not None]
    if not stories:
        print(f"no TimeBank stories under {args.data}", file=sys.stderr)
        return 1
    built = [article_of(s) for s in stories]
    articles = [a for a, _ in built]
    gazetteer = Gazetteer.open()
    right = wrong = undecided = undated = 0
    shown = 0
    for story, (article, starts), mentions in zip(
        stories, built, annotate_mentions(articles), strict=True
    ):
        wanted = {ln.number for ln in article.lines if ln.role is LineRole.BODY}
        found = find_place_mentions(
            [ln.text for ln in article.lines], gazetteer=gazetteer, lines=wanted
        )
        events = find_events(
            article,
            mentions=mentions,
            entities=article_entities(mentions, article=article),
            places=resolve_places(found, gazetteer=gazetteer),
            times=find_times(article.lines, published=article.published),
        )
        for e in events:
            if not e.date_text or getattr(e, "date_evidence", None) is not None:
                undated += 1
                continue
            base = starts[e.mention.line - 1]
            line = article.lines[e.mention.line - 1].text
            # the time expression: its words in the quote, else nearest the quote in the line
            q0, q1 = base + e.mention.start, base + e.mention.end
            hits = [i for i in range(len(line)) if line.startswith(e.date_text, i)]  # few per line
            if not hits:
                undecided += 1
                continue
            at = min(hits, key=lambda i: abs(base + i - q0) if not q0 <= base + i < q1 else -1)
            t0, t1 = base + at, base + at + len(e.date_text)
            timex = [t for t in story.timexes if t.start < t1 and t0 < t.end]
            sentence = next(
                ((base + a, base + b) for a, b in sentences(line) if base + a <= t0 < base + b),
                (base, base + len(line)),
            )
            tids = {t.key for t in timex}
            linked = [
                ev
                for ev in story.events
                if sentence[0] <= ev.start < sentence[1]
                and any((ev.key, tid) in story.links for tid in tids)
            ]
            if not linked:
                undecided += 1
            elif any(q0 <= ev.start < q1 for ev in linked):
                right += 1
            else:
                wrong += 1
                if shown < args.show:
                    shown += 1
                    gold = ", ".join(story.text[ev.start : ev.end] for ev in linked)
                    print(f"wrong: {e.date_text!r} -> “{e.mention.text}” (gold: {gold})")
    decided = right + wrong
    print(
        f"TimeBank: {len(stories)} stories; dated events {decided + undecided}, "
        f"decided {decided}: right {right}, wrong {wrong}, "
        f"accuracy {right / decided if decided else 0:.3f} (undecided {undecided}, "
        f"not dated by their sentence {undated})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
