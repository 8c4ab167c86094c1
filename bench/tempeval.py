"""Temporal expressions on TimeBank + AQUAINT (TempEval-3 training data, TimeML).

Each ``.tml`` file under ``tempeval3-train/`` holds one news story: the document
creation time (the ``TIMEX3`` with ``functionInDocument="CREATION_TIME"``, the
DCT), and in ``<TEXT>`` the story with every temporal expression marked as a
``TIMEX3`` with its ``type`` (DATE, TIME, DURATION, SET) and normalised
``value``. The tags are stripped to plain text, keeping each gold TIMEX3's
character span; ``watchfloor.nlp.times.find_times_in_text`` runs on that text
with the DCT's day as the anchor (the publication date, as in an article).

Scores, as TempEval-3 Task A defines them:

- extraction: predicted and gold spans paired one to one, strictly (the same
  span) and relaxed (overlapping); precision, recall and F1;
- value accuracy: of the relaxed pairs, how many carry the gold value;
- value F1: correct values over all predicted (P) and over all gold (R) expressions,
  which is the figure HeidelTime's ~0.77 on the TempEval-3 platinum test is.

Twice: over every type (the TempEval-3 figure), and over DATE alone (a gold
DATE and a predicted DATE; a predicted DATE overlapping a gold TIME/DURATION/SET
is left out of the DATE table, neither right nor wrong there).

Value mapping: watchfloor writes ISO values, TimeML its own. Before comparing,

- gold week numbers are zero-padded (TimeBank writes ``2000-W7``);
- a range of exactly one calendar quarter (``1989-07/1989-09``) is ``1989-Q3``;
  of a half (``1989-01/1989-06``) ``1989-H1``; a season (spring 03-05, summer
  06-08, autumn 09-11, winter 12-02) ``YYYY-SP/SU/FA/WI``; a Saturday-Sunday range
  ``YYYY-Www-WE``; any other range is right when the gold value is one of its
  ends (TimeML marks the two ends of "from 10 to 20 February" as two
  expressions);
- watchfloor resolves "now" / "currently" to the publication day; the DCT's day
  therefore stands for TimeML's ``PRESENT_REF``;
- watchfloor writes "the end of 1990" / "by year-end" as that year's December;
  TimeML as the year with ``mod="END"``: a December whose text says "end" also
  stands for its year;
- decades in durations: TimeML ``P1DE`` is ``P10Y``, ``P1CE`` ``P100Y``.

Nothing else is mapped: a gold ``1998-10-XX`` or ``PAST_REF`` is never matched
(watchfloor gives no value for "recently").

    .venv/bin/python bench/tempeval.py [--data DIR] [--json FILE] [--misses FILE]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml import ElementTree

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
# HeidelTime's value F1 on the TempEval-3 platinum test set (all types), as
# ../shared/data/README.md lists it ("about 0.77"); a different split from this one.
HEIDELTIME_VALUE_F1 = 0.77
CORPORA = ("TimeBank", "AQUAINT")  # TBAQ-cleaned/testpipeline repeats a TimeBank file


@dataclass(slots=True)
class Timex:
    start: int
    end: int
    text: str
    type: str
    value: str | None


@dataclass(slots=True)
class Doc:
    name: str
    dct: date
    text: str
    gold: list[Timex]


def _walk(node: Element, parts: list[str], pos: list[int], out: list[Timex]) -> None:
    """Collect the text under ``node``, recording each TIMEX3's span in it."""
    start = pos[0]
    if node.text:
        parts.append(node.text)
        pos[0] += len(node.text)
    for child in node:
        _walk(child, parts, pos, out)
        if child.tail:
            parts.append(child.tail)
            pos[0] += len(child.tail)
    if node.tag == "TIMEX3" and node.get("functionInDocument") != "CREATION_TIME":
        text = "".join(parts)[start : pos[0]]
        out.append(Timex(start, pos[0], text, node.get("type", ""), node.get("value")))


def read_doc(path: Path) -> Doc | None:
    root = ElementTree.parse(path).getroot()
    dct_value = None
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            dct_value = timex.get("value")
            break
    body = root.find("TEXT")
    if dct_value is None or body is None:
        return None
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", dct_value)
    if not m:
        return None
    parts: list[str] = []
    gold: list[Timex] = []
    _walk(body, parts, [0], gold)
    return Doc(path.stem, date(*map(int, m.groups())), "".join(parts), gold)


def corpus_files(root: Path) -> list[Path]:
    files: list[Path] = []
    for name in CORPORA:
        for folder in root.rglob(name):
            files.extend(sorted(folder.glob("*.tml")))
    return files or sorted(root.rglob("*.tml"))


def read_corpus(root: Path) -> Iterator[Doc]:
    for path in corpus_files(root):
        doc = read_doc(path)
        if doc is not None:
            yield doc


# --- value mapping ---------------------------------------------------------------------

_SEASON = {3: "SP", 6: "SU", 9: "FA", 12: "WI"}


def timeml_values(value: str | None, dct: date, text: str = "") -> set[str]:
    """The TimeML values a watchfloor value stands for (see the module docstring)."""
    if value is None:
        return set()
    out = {value}
    if value == dct.isoformat():
        out.add("PRESENT_REF")
    if re.fullmatch(r"\d{4}-12", value) and re.search(r"\bend\b", text, re.I):
        out.add(value[:4])  # "the end of 1990": TimeML writes 1990 (mod END)
    if "/" not in value:
        return out
    a, b = value.split("/", 1)
    out |= {a, b}
    months = re.fullmatch(r"(\d{4})-(\d{2})", a), re.fullmatch(r"(\d{4})-(\d{2})", b)
    if months[0] and months[1]:
        y1, m1 = int(months[0][1]), int(months[0][2])
        y2, m2 = int(months[1][1]), int(months[1][2])
        span = (y2 * 12 + m2) - (y1 * 12 + m1) + 1
        if span == 3 and m1 in (1, 4, 7, 10):
            out.add(f"{y1:04d}-Q{(m1 - 1) // 3 + 1}")
        if span == 6 and m1 in (1, 7):
            out.add(f"{y1:04d}-H{(m1 - 1) // 6 + 1}")
        if span == 3 and m1 in _SEASON:
            out.add(f"{y1:04d}-{_SEASON[m1]}")
    days = re.fullmatch(r"\d{4}-\d{2}-\d{2}", a), re.fullmatch(r"\d{4}-\d{2}-\d{2}", b)
    if days[0] and days[1]:
        sat, sun = date.fromisoformat(a), date.fromisoformat(b)
        if sat.weekday() == 5 and (sun - sat).days == 1:
            y, w, _ = sat.isocalendar()
            out.add(f"{y:04d}-W{w:02d}-WE")
    return out


def gold_value(value: str | None) -> str | None:
    if value is None:
        return None
    value = re.sub(r"-W(\d)(?!\d)", r"-W0\1", value)
    value = re.sub(r"^P(\d+)DE$", lambda m: f"P{int(m[1]) * 10}Y", value)
    return re.sub(r"^P(\d+)CE$", lambda m: f"P{int(m[1]) * 100}Y", value)


# --- scoring ---------------------------------------------------------------------------


@dataclass(slots=True)
class Tally:
    gold: int = 0
    pred: int = 0
    strict: int = 0
    relaxed: int = 0
    value_ok: int = 0

    def row(self) -> dict[str, float | int]:
        def prf(tp: int) -> tuple[float, float, float]:
            p = tp / self.pred if self.pred else 0.0
            r = tp / self.gold if self.gold else 0.0
            return p, r, (2 * p * r / (p + r) if p + r else 0.0)

        sp, sr, sf = prf(self.strict)
        rp, rr, rf = prf(self.relaxed)
        vp, vr, vf = prf(self.value_ok)
        return {
            "gold": self.gold,
            "pred": self.pred,
            "strict_p": round(sp, 3),
            "strict_r": round(sr, 3),
            "strict_f1": round(sf, 3),
            "relaxed_p": round(rp, 3),
            "relaxed_r": round(rr, 3),
            "relaxed_f1": round(rf, 3),
            "value_acc": round(self.value_ok / self.relaxed, 3) if self.relaxed else 0.0,
            "value_p": round(vp, 3),
            "value_r": round(vr, 3),
            "value_f1": round(vf, 3),
        }


@dataclass(slots=True)
class Result:
    all: Tally = field(default_factory=Tally)
    date: Tally = field(default_factory=Tally)
    by_type: Counter[str] = field(default_factory=Counter)
    misses: list[dict[str, Any]] = field(default_factory=list)


def _pairs(gold: list[Timex], pred: list[Timex]) -> list[tuple[Timex, Timex]]:
    """One-to-one pairs of overlapping spans; exact spans are paired first."""
    used: set[int] = set()
    pairs: list[tuple[Timex, Timex]] = []
    for exact in (True, False):
        for g in gold:
            if any(g is x for x, _ in pairs):
                continue
            for i, p in enumerate(pred):
                if i in used:
                    continue
                hit = (
                    (p.start, p.end) == (g.start, g.end)
                    if exact
                    else p.start < g.end and g.start < p.end
                )
                if hit:
                    used.add(i)
                    pairs.append((g, p))
                    break
    return pairs


def score_doc(doc: Doc, pred: list[Timex], result: Result) -> None:
    pairs = _pairs(doc.gold, pred)
    paired_pred = {id(p) for _, p in pairs}
    paired_gold = {id(g) for g, _ in pairs}
    for tally, keep_gold, keep_pred in (
        (result.all, lambda g: True, lambda p: True),
        (result.date, lambda g: g.type == "DATE", lambda p: p.type == "DATE"),
    ):
        tally.gold += sum(1 for g in doc.gold if keep_gold(g))
        # a predicted DATE paired with a gold non-DATE is out of the DATE table
        excluded = {id(p) for g, p in pairs if not keep_gold(g)} if tally is result.date else set()
        tally.pred += sum(1 for p in pred if keep_pred(p) and id(p) not in excluded)
        for g, p in pairs:
            if not (keep_gold(g) and keep_pred(p)):
                continue
            tally.relaxed += 1
            tally.strict += (g.start, g.end) == (p.start, p.end)
            if gold_value(g.value) in timeml_values(p.value, doc.dct, p.text):
                tally.value_ok += 1
    for g, p in pairs:
        ok = gold_value(g.value) in timeml_values(p.value, doc.dct, p.text)
        result.by_type[f"{g.type} pairs"] += 1
        result.by_type[f"{g.type} value ok"] += ok
        if not ok:
            result.misses.append(_miss(doc, "value", g, p))
    for g in doc.gold:
        if id(g) not in paired_gold:
            result.by_type[f"{g.type} missed"] += 1
            result.misses.append(_miss(doc, "missed", g, None))
    for p in pred:
        if id(p) not in paired_pred:
            result.misses.append(_miss(doc, "spurious", None, p))


def _miss(doc: Doc, kind: str, g: Timex | None, p: Timex | None) -> dict[str, Any]:
    either = g or p
    at = either.start if either is not None else 0
    return {
        "doc": doc.name,
        "dct": doc.dct.isoformat(),
        "kind": kind,
        "gold": None if g is None else {"text": g.text, "type": g.type, "value": g.value},
        "pred": None if p is None else {"text": p.text, "type": p.type, "value": p.value},
        "context": " ".join(doc.text[max(0, at - 80) : at + 80].split()),
    }


def predict(doc: Doc) -> list[Timex]:
    from watchfloor.nlp.times import find_times_in_text

    found = find_times_in_text(doc.text, anchor=doc.dct)
    return [Timex(t.mention.start, t.mention.end, t.mention.text, t.type, t.value) for t in found]


def run(docs: Iterable[Doc]) -> tuple[Result, int, float]:
    result = Result()
    n = 0
    elapsed = 0.0
    for doc in docs:
        t0 = time.perf_counter()
        pred = predict(doc)
        elapsed += time.perf_counter() - t0
        score_doc(doc, pred, result)
        n += 1
    return result, n, elapsed


def _table(result: Result) -> str:
    rows = [("all types", result.all.row()), ("DATE", result.date.row())]
    head = (
        f"{'':10s} {'gold':>5s} {'pred':>5s}  {'strict P/R/F1':>17s}  {'relaxed P/R/F1':>17s}"
        f"  {'value acc':>9s}  {'value F1':>8s}"
    )
    lines = [head]
    for name, r in rows:
        lines.append(
            f"{name:10s} {r['gold']:5d} {r['pred']:5d}  "
            f"{r['strict_p']:.3f}/{r['strict_r']:.3f}/{r['strict_f1']:.3f}  "
            f"{r['relaxed_p']:.3f}/{r['relaxed_r']:.3f}/{r['relaxed_f1']:.3f}  "
            f"{r['value_acc']:9.3f}  {r['value_f1']:8.3f}"
        )
    lines.append(
        f"{'HeidelTime':10s} {'':5s} {'':5s}  {'':17s}  {'':17s}  {'':9s}  "
        f"{HEIDELTIME_VALUE_F1:8.2f}   (TempEval-3 platinum test, all types)"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help="folder holding tempeval3-train/"
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the results as JSON")
    parser.add_argument(
        "--misses", type=Path, default=None, help="write every disagreement as JSONL"
    )
    parser.add_argument("--limit", type=int, default=None, help="only the first N documents")
    args = parser.parse_args(argv)
    root = args.data / "tempeval3-train"
    if not root.is_dir() or not corpus_files(root):
        print(f"TempEval-3 data not found: looked for *.tml under {root}", file=sys.stderr)
        return 2
    docs: Iterable[Doc] = read_corpus(root)
    if args.limit:
        docs = list(docs)[: args.limit]
    result, n, elapsed = run(docs)
    print(f"TimeBank + AQUAINT: {n} documents, {elapsed:.2f} s in find_times_in_text")
    print(_table(result))
    by = result.by_type
    for t in ("DATE", "TIME", "DURATION", "SET"):
        pairs = by[f"{t} pairs"]
        acc = by[f"{t} value ok"] / pairs if pairs else 0.0
        print(f"  {t:9s} found {pairs:4d}, missed {by[f'{t} missed']:4d}, value acc {acc:.3f}")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "documents": n,
                    "seconds": round(elapsed, 2),
                    "all": result.all.row(),
                    "date": result.date.row(),
                    "by_type": dict(by),
                    "heideltime_te3_platinum_value_f1": HEIDELTIME_VALUE_F1,
                },
                indent=2,
            ),
            encoding="utf-8",
        )
    if args.misses:
        with args.misses.open("w", encoding="utf-8") as out:
            for miss in result.misses:
                out.write(json.dumps(miss, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
