"""factRuEval-2016 dev: Russian names (PER, ORG, LOC), natasha alone and through watchfloor.

factRuEval-2016 (``../shared/data/factrueval-2016-dev/devset``: 122 news texts, their
tokens, spans and object mentions) is the data set natasha reports its NER on:
PER .959, LOC .915, ORG .825 (slovnet's README, ``factru`` column). Those numbers
come from natasha's evaluation tool, naeval, and this bench scores the same way:

- gold as naeval's ``adapt_factru`` makes it: a Person object's whole extent is PER;
  an Org object's ``org_name`` spans are ORG; a LocOrg or Location object's
  ``loc_name`` spans are LOC; of overlapping spans the first (longest) is kept, and
  spans not on razdel's token boundaries are dropped;
- the score is naeval's: per type, precision and recall over **tokens** (razdel's),
  a token being inside or outside a span of that type, summed over the texts.

An exact-span score (a predicted span counts when start, end and type are the
gold's) is printed beside it, since that is what a reader of mentions sees.

Two systems on the same texts: (a) natasha's ``NewsNERTagger`` on each whole text,
as naeval runs it; (b) watchfloor's path, ``pipeline.iter_annotated`` over Articles
built from the texts (one line per paragraph, the language detected as in ingest),
its mentions put back into the text, PERSON/ORG/GPE read as PER/ORG/LOC.

    python bench/factrueval.py [--data ../shared/data] [--limit N]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from razdel import tokenize

from watchfloor.nlp.cyrillic import ner_tagger
from watchfloor.nlp.pipeline import iter_annotated
from watchfloor.records import Article, DocKind, Line, LineRole

PUBLISHED = {"PER": 0.959, "LOC": 0.915, "ORG": 0.825}  # slovnet README, factru
TYPES = ("PER", "ORG", "LOC")
BACK = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC"}

Span = tuple[int, int, str]


@dataclass(slots=True)
class Text:
    name: str
    text: str
    gold: list[Span]


def _no_overlaps(spans: Iterable[Span]) -> list[Span]:
    """naeval's ``filter_overlapping``: sorted by start (longest first), a span that
    overlaps the last one kept is dropped."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s[0], -s[1])):
        if kept and kept[-1][1] > span[0]:
            continue
        kept.append(span)
    return kept


def _aligned(spans: Iterable[Span], text: str) -> list[Span]:
    """Spans that start and end on razdel's token boundaries (naeval drops the rest)."""
    tokens = list(tokenize(text))
    starts, stops = {t.start for t in tokens}, {t.stop for t in tokens}
    return [s for s in spans if s[0] in starts and s[1] in stops]


def read_texts(folder: Path) -> list[Text]:
    texts = []
    for path in sorted(folder.glob("book_*.txt"), key=lambda p: int(p.stem.split("_")[1])):
        text = path.read_text(encoding="utf-8")
        spans: dict[str, tuple[str, int, int]] = {}
        for line in path.with_suffix(".spans").read_text(encoding="utf-8").splitlines():
            fields = line.split()
            if len(fields) >= 4:
                spans[fields[0]] = (fields[1], int(fields[2]), int(fields[2]) + int(fields[3]))
        gold: list[Span] = []
        for line in path.with_suffix(".objects").read_text(encoding="utf-8").splitlines():
            fields = line.split("#")[0].split()
            if len(fields) < 3:
                continue
            kind, parts = fields[1], [spans[i] for i in fields[2:] if i in spans]
            if not parts:
                continue
            if kind == "Person":
                gold.append((min(p[1] for p in parts), max(p[2] for p in parts), "PER"))
            elif kind == "Org":
                names = [(s, e, "ORG") for t, s, e in parts if t == "org_name"]
                gold.extend(_no_overlaps(names))
            elif kind in ("LocOrg", "Location"):
                names = [(s, e, "LOC") for t, s, e in parts if t == "loc_name"]
                gold.extend(_no_overlaps(names))
        texts.append(Text(path.stem, text, _aligned(_no_overlaps(gold), text)))
    return texts


def natasha_alone(texts: Sequence[Text]) -> list[list[Span]]:
    tagger = ner_tagger()
    out = []
    for t in texts:
        spans = [(s.start, s.stop, s.type) for s in tagger(t.text).spans if s.type in TYPES]
        out.append(_aligned(_no_overlaps(spans), t.text))
    return out


def as_article(t: Text) -> tuple[Article, list[int]]:
    """The text as a cleaned article (one line per paragraph) and each line's offset."""
    lines, offsets, at = [], [], 0
    for number, part in enumerate(t.text.split("\n"), 1):
        role = LineRole.BODY if part.strip() else LineRole.BLANK
        lines.append(Line(number=number, text=part, role=role))
        offsets.append(at)
        at += len(part) + 1
    article = Article(
        doc=t.name,
        origin=t.name,
        kind=DocKind.TEXT,
        title=None,
        outlet=None,
        authors=[],
        published=None,
        published_evidence=None,
        url=None,
        lines=lines,
    )
    return article, offsets


def through_watchfloor(texts: Sequence[Text]) -> tuple[list[list[Span]], Counter[str]]:
    built = [as_article(t) for t in texts]
    out: list[list[Span]] = []
    languages: Counter[str] = Counter()
    stream = iter_annotated(a for a, _ in built)
    for t, (_, offsets), (_, result) in zip(texts, built, stream, strict=True):
        languages[result.language] += 1
        spans = [
            (offsets[m.line - 1] + m.start, offsets[m.line - 1] + m.end, BACK[m.label])
            for m in result.mentions
            if m.label in BACK
        ]
        out.append(_aligned(_no_overlaps(spans), t.text))
    return out, languages


def token_scores(
    texts: Sequence[Text], preds: Sequence[list[Span]]
) -> dict[str, tuple[float, float, float]]:
    """naeval's score: per type, P/R/F1 over razdel tokens inside a span of the type."""
    counts = {k: [0, 0, 0] for k in TYPES}  # both, predicted, gold
    for t, pred in zip(texts, preds, strict=True):
        for token in tokenize(t.text):
            for kind in TYPES:
                p = any(s <= token.start and token.stop <= e for s, e, k in pred if k == kind)
                g = any(s <= token.start and token.stop <= e for s, e, k in t.gold if k == kind)
                counts[kind][0] += p and g
                counts[kind][1] += p
                counts[kind][2] += g
    return {k: _prf(*counts[k]) for k in TYPES}


def span_scores(
    texts: Sequence[Text], preds: Sequence[list[Span]]
) -> dict[str, tuple[float, float, float]]:
    counts = {k: [0, 0, 0] for k in TYPES}
    for t, pred in zip(texts, preds, strict=True):
        gold = set(t.gold)
        for kind in TYPES:
            p = {s for s in pred if s[2] == kind}
            g = {s for s in gold if s[2] == kind}
            counts[kind][0] += len(p & g)
            counts[kind][1] += len(p)
            counts[kind][2] += len(g)
    return {k: _prf(*counts[k]) for k in TYPES}


def _prf(both: int, predicted: int, gold: int) -> tuple[float, float, float]:
    p = both / predicted if predicted else 0.0
    r = both / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data"
    )
    ap.add_argument("--limit", type=int, default=None, help="first N texts only")
    args = ap.parse_args()
    folder = args.data / "factrueval-2016-dev" / "devset"
    if not folder.is_dir():
        print(f"factRuEval-2016 dev not found at {folder} (use --data)", file=sys.stderr)
        return 2
    texts = read_texts(folder)[: args.limit]
    gold_count = Counter(k for t in texts for _, _, k in t.gold)
    print(f"factRuEval-2016 dev: {len(texts)} texts, gold {dict(gold_count)}")

    started = time.perf_counter()
    alone = natasha_alone(texts)
    alone_s = time.perf_counter() - started
    started = time.perf_counter()
    ours, languages = through_watchfloor(texts)
    ours_s = time.perf_counter() - started
    print(f"languages detected by watchfloor: {dict(languages)}")
    print(f"seconds: natasha alone {alone_s:.1f}, watchfloor path {ours_s:.1f}\n")

    for title, scorer in (("tokens (naeval's score)", token_scores), ("exact spans", span_scores)):
        a, b = scorer(texts, alone), scorer(texts, ours)
        print(f"{title}:")
        print("type  published F1 | natasha alone P / R / F1 | watchfloor P / R / F1")
        for kind in TYPES:
            pa, ra, fa = a[kind]
            pb, rb, fb = b[kind]
            pub = f"{PUBLISHED[kind]:.3f}" if scorer is token_scores else "  -  "
            print(
                f"{kind:4}  {pub:>12} | {pa:.3f} / {ra:.3f} / {fa:.3f}         "
                f"| {pb:.3f} / {rb:.3f} / {fb:.3f}"
            )
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
