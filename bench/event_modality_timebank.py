"""Event modality against TimeBank's event attributes (TempEval-3 training data).

TimeML marks every event word (``<EVENT>``) and gives each instance
(``<MAKEINSTANCE>``) a ``polarity`` (NEG for "did not attack"), a ``modality``
(the modal verb that governs it: would, could, may, must...) and a ``tense``
(FUTURE for "will attack"). That is not watchfloor's scheme (SCHEMA.md's
asserted / planned / forecast / conditional / denied / cancelled / hypothetical),
but three coarse classes line up:

- **NEG**: gold polarity NEG; watchfloor ``denied``;
- **MODAL**: gold modality present or tense FUTURE; watchfloor ``planned``,
  ``forecast``, ``conditional`` or ``hypothetical``;
- **FACT**: everything else; watchfloor ``asserted`` (and ``cancelled``: the event
  word itself is reported, TimeML has no cancelled).

Each gold event (verbs, and nouns with ``--nouns``) is given to
``watchfloor.nlp.events.event_modality`` with its sentence (``nlp.sentences``
over each paragraph); REPORTING events are typed ``statement`` (a saying that was
made is asserted). Known mismatches, by design: TimeML gives "plans to *deploy*"
or "expects to *cross*" no modality (the intention is on "plans"), where
watchfloor calls the deployment planned and the crossing a forecast; and TimeML
writes a NEG polarity on events watchfloor does not read as denied ("failed to").
The baseline is what the timeline did before issue 13: every event a fact.

TimeBank by default: in this cleaned AQUAINT half no event has a modality and
more than half are NEG ("exhorted citizens to *keep up* protests"), so its
attributes do not measure the same thing (``--corpus AQUAINT`` shows it).

    .venv/bin/python bench/event_modality_timebank.py [--data DIR] [--corpus C] [--nouns]
        [--show N]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import Element

from defusedxml import ElementTree

from watchfloor.nlp.events import event_modality
from watchfloor.nlp.sentences import sentences

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
CORPORA = ("TimeBank", "AQUAINT")  # TBAQ-cleaned/testpipeline repeats a TimeBank file
CLASSES = ("FACT", "MODAL", "NEG")
COARSE = {
    "asserted": "FACT",
    "cancelled": "FACT",
    "planned": "MODAL",
    "forecast": "MODAL",
    "conditional": "MODAL",
    "hypothetical": "MODAL",
    "denied": "NEG",
}


@dataclass(slots=True)
class Event:
    start: int
    end: int
    eid: str
    cls: str


def _walk(node: Element, parts: list[str], pos: list[int], out: list[Event]) -> None:
    """Collect the text under ``node``, recording each EVENT's span in it."""
    start = pos[0]
    if node.text:
        parts.append(node.text)
        pos[0] += len(node.text)
    for child in node:
        _walk(child, parts, pos, out)
        if child.tail:
            parts.append(child.tail)
            pos[0] += len(child.tail)
    if node.tag == "EVENT":
        out.append(Event(start, pos[0], node.get("eid", ""), node.get("class", "")))


def gold_class(instance: dict[str, str]) -> str:
    if instance.get("polarity", "POS").upper() == "NEG":
        return "NEG"
    modality = instance.get("modality", "").strip().lower()
    if (modality and modality != "none") or instance.get("tense", "").upper() == "FUTURE":
        return "MODAL"
    return "FACT"


def read(path: Path) -> tuple[str, list[tuple[Event, dict[str, str]]]]:
    root = ElementTree.parse(path).getroot()
    body = root.find("TEXT")
    if body is None:
        return "", []
    parts: list[str] = []
    found: list[Event] = []
    _walk(body, parts, [0], found)
    instances: dict[str, dict[str, str]] = {}
    for mi in root.iter("MAKEINSTANCE"):
        instances.setdefault(mi.get("eventID", ""), dict(mi.attrib))
    return "".join(parts), [(e, instances[e.eid]) for e in found if e.eid in instances]


def files(root: Path) -> list[Path]:
    out: list[Path] = []
    for name in CORPORA:
        for folder in root.rglob(name):
            out.extend(sorted(folder.glob("*.tml")))
    return out


def _sentence_of(text: str, at: int) -> tuple[int, int]:
    """The sentence around offset ``at``: ``nlp.sentences`` over its paragraph."""
    lo = text.rfind("\n", 0, at) + 1
    hi = text.find("\n", at)
    hi = len(text) if hi < 0 else hi
    for start, end in sentences(text[lo:hi]):
        if lo + start <= at < lo + end:
            return lo + start, lo + end
    return lo, hi


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA / "tempeval3-train")
    ap.add_argument("--nouns", action="store_true", help="score noun events too")
    ap.add_argument("--show", type=int, default=0, help="print this many misses per cell")
    ap.add_argument(
        "--corpus",
        choices=[*CORPORA, "all"],
        default="TimeBank",
        help="TimeBank (default), AQUAINT or all",
    )
    args = ap.parse_args(argv)
    confusion: Counter[tuple[str, str]] = Counter()
    shown: Counter[tuple[str, str]] = Counter()
    paths = [p for p in files(args.data) if args.corpus in ("all", p.parent.name)]
    if not paths:
        print(f"no .tml files under {args.data}", file=sys.stderr)
        return 1
    for path in paths:
        text, events = read(path)
        for e, inst in events:
            pos = inst.get("pos", "")
            if pos != "VERB" and not (args.nouns and pos == "NOUN"):
                continue
            kind = "statement" if e.cls == "REPORTING" else "other"
            predicted = event_modality(
                text,
                e.start,
                e.end,
                sentence=_sentence_of(text, e.start),
                kind=kind,
                noun=pos == "NOUN",
            )
            cell = (gold_class(inst), COARSE[predicted])
            confusion[cell] += 1
            if args.show and cell[0] != cell[1] and shown[cell] < args.show:
                shown[cell] += 1
                lo, hi = _sentence_of(text, e.start)
                sentence = text[lo : e.start] + "[[" + text[e.start : e.end] + "]]"
                sentence += text[e.end : hi]
                print(f"gold {cell[0]:<5} pred {predicted:<12} {' '.join(sentence.split())[:200]}")
    total = sum(confusion.values())
    right = sum(n for (g, p), n in confusion.items() if g == p)
    gold = Counter(g for g, _ in confusion.elements())
    print(f"{args.corpus}: {len(paths)} documents, {total} events")
    print(
        f"accuracy {right / total:.3f}   baseline (every event a fact) {gold['FACT'] / total:.3f}"
    )
    print("class   gold   pred     P      R      F1")
    for c in CLASSES:
        tp = confusion[(c, c)]
        pred = sum(n for (_, p), n in confusion.items() if p == c)
        p = tp / pred if pred else 0.0
        r = tp / gold[c] if gold[c] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{c:<6} {gold[c]:>6} {pred:>6}  {p:.3f}  {r:.3f}  {f:.3f}")
    print("confusion (rows gold, columns predicted):", " ".join(CLASSES))
    for g in CLASSES:
        print(f"  {g:<6}", " ".join(f"{confusion[(g, p)]:>6}" for p in CLASSES))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
