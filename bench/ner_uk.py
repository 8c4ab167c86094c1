"""ner-uk: Ukrainian names read by natasha's Russian model through watchfloor's path.

ner-uk 2.0 (``../shared/data/ner-uk-train/v2.0/iob/train.iob``, lang-uk's corpus of
Ukrainian news and fiction in IOB, one token a line) is used here to measure only,
never to train or tune a rule on. There is no Ukrainian NER model on the package
index, so ``pipeline.iter_annotated`` reads Ukrainian with the Russian one
(``nlp.cyrillic``); this bench says how well, and what the Ukrainian pack's letter
table (``lang/uk/ner.toml``) adds, one step at a time:

    none         the text as it is
    letters      і ї є ґ spelt и и е г for the model
    apostrophe   and the apostrophe (' ʼ ’) spelt ъ
    pack         whatever ``lang/uk/ner.toml`` holds now: those letters, and the
                 words that are never names (``not_names``) dropped from the spans

The tokens are joined by spaces into lines (a sentence a line: ner-uk's paragraph
marks are not kept throughout the file), 40 lines an article, each article
recorded as Ukrainian. PERS, ORG and LOC are scored (PERSON, ORG, GPE in
watchfloor); ner-uk's other types (dates, money, jobs...) are not names.
Scores: exact spans (start, end and type, conlleval's entity F1) and tokens
(naeval's: a token inside a span of the type or not).

    python bench/ner_uk.py [--data ../shared/data] [--limit N] [--only letters,...]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

from watchfloor.lang import load_language
from watchfloor.nlp import cyrillic
from watchfloor.nlp.pipeline import iter_annotated
from watchfloor.records import Article, DocKind, Line, LineRole

BEFORE = {"PERS": 0.70, "ORG": 0.43, "LOC": 0.43}  # measured before this change (brief)
TYPES = ("PERS", "ORG", "LOC")
BACK = {"PERSON": "PERS", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC"}
LINES_PER_ARTICLE = 40
# a run of blank lines ends a line: ner-uk separates sentences by 2 and paragraphs by
# 5, but not everywhere (a news part of the file is one "paragraph" of 8,000 lines)
PARAGRAPH_BLANKS = 1

Span = tuple[int, int, int, str]  # line, start, end, type

VARIANTS: dict[str, dict[str, str] | None] = {
    "none": {},
    "letters": {"і": "и", "ї": "и", "є": "е", "ґ": "г"},
    "apostrophe": {"і": "и", "ї": "и", "є": "е", "ґ": "г", "'": "ъ", "ʼ": "ъ", "’": "ъ"},
    "pack": None,  # lang/uk/ner.toml as shipped
}


@dataclass(slots=True)
class Doc:
    lines: list[str]
    gold: list[Span]
    tokens: list[tuple[int, int, int]]  # line, start, end of every token


def read_iob(path: Path) -> Iterator[Doc]:
    lines: list[str] = []
    gold: list[Span] = []
    tokens: list[tuple[int, int, int]] = []
    words: list[str] = []
    open_span: list[int | str] | None = None
    blanks = 0

    def end_line() -> None:
        nonlocal words, open_span
        if open_span is not None:
            gold.append((len(lines), int(open_span[0]), int(open_span[1]), str(open_span[2])))
            open_span = None
        if words:
            lines.append(" ".join(words))
            words = []

    for raw in path.read_text(encoding="utf-8").splitlines():
        parts = raw.split()
        if len(parts) < 2:
            blanks += 1
            continue
        if blanks >= PARAGRAPH_BLANKS:
            end_line()
            if len(lines) >= LINES_PER_ARTICLE:
                yield Doc(lines, gold, tokens)
                lines, gold, tokens = [], [], []
        blanks = 0
        word, tag = parts[0], parts[-1]
        start = sum(len(w) + 1 for w in words)
        end = start + len(word)
        words.append(word)
        tokens.append((len(lines), start, end))
        kind = tag[2:] if tag[:2] in ("B-", "I-") else None
        if open_span is not None and (tag.startswith("B-") or kind != open_span[2]):
            gold.append((len(lines), int(open_span[0]), int(open_span[1]), str(open_span[2])))
            open_span = None
        if kind in TYPES:
            if open_span is None:
                open_span = [start, end, kind]
            else:
                open_span[1] = end
    end_line()
    if lines:
        yield Doc(lines, gold, tokens)


def as_article(i: int, doc: Doc) -> Article:
    return Article(
        doc=f"ner-uk-{i}",
        origin=f"ner-uk-{i}",
        kind=DocKind.TEXT,
        title=None,
        outlet=None,
        authors=[],
        published=None,
        published_evidence=None,
        url=None,
        lines=[
            Line(number=n, text=text, role=LineRole.BODY) for n, text in enumerate(doc.lines, 1)
        ],
        language="uk",
    )


def predict(docs: Sequence[Doc], letters: Mapping[str, str] | None) -> list[list[Span]]:
    articles = (as_article(i, d) for i, d in enumerate(docs))
    if letters is None:
        results = [r for _, r in iter_annotated(articles)]
    else:  # the table given to the model for this run, in place of the pack's
        table = {ord(a): b for a, b in letters.items()}
        table |= {ord(a.upper()): b.upper() for a, b in letters.items() if a.upper() != a}
        with (
            mock.patch.object(cyrillic, "letter_table", lambda lang: table or None),
            mock.patch.object(cyrillic, "not_names", lambda lang: frozenset()),
        ):
            results = [r for _, r in iter_annotated(articles)]
    skipped = [r.skipped for r in results if r.skipped]
    if skipped:
        print(f"  {len(skipped)} articles not read: {skipped[0]}")
    return [
        [(m.line - 1, m.start, m.end, BACK[m.label]) for m in r.mentions if m.label in BACK]
        for r in results
    ]


def scores(docs: Sequence[Doc], preds: Sequence[list[Span]]) -> dict[str, tuple[float, ...]]:
    counts = {k: [0, 0, 0, 0, 0, 0] for k in TYPES}  # spans: both, pred, gold; tokens: same
    for doc, pred in zip(docs, preds, strict=True):
        for kind in TYPES:
            p = {s for s in pred if s[3] == kind}
            g = {s for s in doc.gold if s[3] == kind}
            counts[kind][0] += len(p & g)
            counts[kind][1] += len(p)
            counts[kind][2] += len(g)
        by_line: dict[int, list[Span]] = {}
        for span in (*pred, *doc.gold):
            by_line.setdefault(span[0], [])
        pred_at = {ln: [s for s in pred if s[0] == ln] for ln in by_line}
        gold_at = {ln: [s for s in doc.gold if s[0] == ln] for ln in by_line}
        for line, start, end in doc.tokens:
            for kind in TYPES:
                inp = any(
                    s <= start and end <= e and k == kind for _, s, e, k in pred_at.get(line, ())
                )
                ing = any(
                    s <= start and end <= e and k == kind for _, s, e, k in gold_at.get(line, ())
                )
                counts[kind][3] += inp and ing
                counts[kind][4] += inp
                counts[kind][5] += ing
    return {k: (*_prf(*c[:3]), *_prf(*c[3:])) for k, c in counts.items()}


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
    ap.add_argument("--limit", type=int, default=None, help="first N articles only")
    ap.add_argument("--only", default=",".join(VARIANTS), help="variants, comma-separated")
    args = ap.parse_args()
    path = args.data / "ner-uk-train" / "v2.0" / "iob" / "train.iob"
    if not path.is_file():
        print(f"ner-uk not found at {path} (use --data)", file=sys.stderr)
        return 2
    docs = list(read_iob(path))[: args.limit]
    gold = {k: sum(1 for d in docs for s in d.gold if s[3] == k) for k in TYPES}
    print(f"ner-uk train: {len(docs)} articles, {sum(len(d.lines) for d in docs)} lines, {gold}")
    print(f"the pack's letters: {dict(load_language('uk').mapping('ner.letters'))}")
    print(f"before: F1 PERS/ORG/LOC {BEFORE['PERS']} / {BEFORE['ORG']} / {BEFORE['LOC']}\n")
    print("variant      type  spans P / R / F1      tokens P / R / F1   seconds")
    for name in args.only.split(","):
        started = time.perf_counter()
        preds = predict(docs, VARIANTS[name])
        seconds = time.perf_counter() - started
        for kind, (p, r, f, tp, tr, tf) in scores(docs, preds).items():
            print(
                f"{name:12} {kind:4}  {p:.3f} / {r:.3f} / {f:.3f}   "
                f"{tp:.3f} / {tr:.3f} / {tf:.3f}   {seconds:.1f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
