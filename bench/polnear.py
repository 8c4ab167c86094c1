"""Statements (who said what) on PolNeAR dev, scored as BBC Citron reports on PARC 3.0.

Data: ``../shared/data/polnear/dev`` (PolNeAR: political news from 2016, attribution
relations in BRAT standoff: ``Source``, ``Cue``, ``Content`` spans, character
offsets into ``text/<name>.txt``). Each text is read as an article whose title is
its first line and whose body is one line per paragraph; it goes through the real
pipeline (spaCy mentions, ``entities.article_entities``) and
``nlp.statements.find_statement_spans``. A document annotated by two annotators
is scored against the first annotation file (sorted by name) only.

Scores, summed over the documents:

- content exact: a predicted content matches a gold one with the same span
  (matched one to one). ``strict`` compares raw character spans, as Citron
  does; ``trimmed`` first strips both of surrounding whitespace, punctuation,
  quotation marks and a leading "that", since watchfloor's content leaves those
  out by design and PolNeAR keeps them. A gold content in several fragments
  (a quotation broken by "he said") never matches exactly: ours is one span on
  one line;
- content overlap (Citron's overlap metric): word tokens of predicted contents
  that lie in gold contents over all predicted content tokens (P), over all gold
  content tokens (R);
- schema match: ``../shared/gold/score.py``'s statement rule (same line, content
  sharing at least half the shorter one's words; the gold content's first line);
- source: for the schema-matched pairs whose gold relation names a source,
  accuracy = our speaker as written (a pronoun stays "he", which is how PolNeAR
  marks it) overlaps the gold source span; source F1 = Citron's rule: a
  prediction is right when its cue overlaps a gold cue and its source span
  equals the gold source span (``exact``, after trimming) or overlaps it
  (``overlap``).

PolNeAR annotates attribution broadly (beliefs, findings, "called for",
"features", "wants"...) where watchfloor looks for speech, so recall is bounded
by the cue list; Citron's figures are on PARC 3.0 test, another corpus (Penn
Treebank WSJ text) with other annotation rules: set side by side, not compared.

    .venv/bin/python bench/polnear.py [--data ../shared/data/polnear/dev] [--limit N] [--show]
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent.parent / "shared" / "data" / "polnear" / "dev"
DEFAULT_GOLD = HERE.parent.parent / "shared" / "gold"

# Published: Citron (BBC R&D), model en_2021-11-15, PARC 3.0 test partition.
CITRON = {"source F1": 0.82, "content F1 exact": 0.59, "content F1 overlap": 0.83}

_TRIM = " \t\xa0\n,;:.—–-\"“”‘’'"
_TOKEN = re.compile(r"\w+")


@dataclass(slots=True)
class GoldRelation:
    cue: list[tuple[int, int]]
    source: list[tuple[int, int]]
    content: list[tuple[int, int]]


@dataclass(slots=True)
class Doc:
    name: str
    text: str
    relations: list[GoldRelation]
    line_starts: list[int] = field(default_factory=list)


def load(data: Path, limit: int | None) -> list[Doc]:
    chosen: dict[str, Path] = {}
    for ann in sorted((data / "attributions").glob("*.ann")):
        name = re.sub(r"_[0-9a-f]{4}$", "", ann.stem)
        chosen.setdefault(name, ann)  # two annotators: the first file only
    docs: list[Doc] = []
    for name, ann in sorted(chosen.items())[:limit]:
        text = (data / "text" / f"{name}.txt").read_text(encoding="utf-8")
        spans: dict[str, list[tuple[int, int]]] = {}
        events: list[dict[str, str]] = []
        for raw in ann.read_text(encoding="utf-8").splitlines():
            parts = raw.split("\t")
            if parts[0].startswith("T"):
                _, offsets = parts[1].split(" ", 1)
                spans[parts[0]] = [
                    (int(a), int(b)) for a, b in (s.split() for s in offsets.split(";"))
                ]
            elif parts[0].startswith("E"):
                events.append(dict(arg.split(":", 1) for arg in parts[1].split()[1:]))
        relations = [
            GoldRelation(
                cue=spans.get(e.get("Cue", ""), []),
                source=spans.get(e.get("Source", ""), []),
                content=spans.get(e.get("Content", ""), []),
            )
            for e in events
            if e.get("Content") in spans
        ]
        docs.append(Doc(name, text, relations))
    return docs


def article_of(doc: Doc) -> Any:
    """The text as an article: line 1 the title, every other non-blank line a body line."""
    from watchfloor.records import Article, DocKind, Line, LineRole

    lines = []
    seen: dict[str, int] = {}
    offset = 0
    for i, text in enumerate(doc.text.split("\n"), start=1):
        doc.line_starts.append(offset)
        offset += len(text) + 1
        if i == 1:
            role = LineRole.TITLE
        elif text.strip():
            role = LineRole.BODY
        else:
            role = LineRole.BLANK
        dup = seen.get(text) if role is LineRole.BODY else None
        if role is LineRole.BODY:
            seen.setdefault(text, i)
        lines.append(Line(number=i, text=text, role=role, duplicate_of=dup))
    return Article(
        doc=doc.name,
        origin=doc.name,
        kind=DocKind.TEXT,
        title=lines[0].text,
        outlet=None,
        authors=[],
        published=None,
        published_evidence=None,
        url=None,
        lines=lines,
    )


def predict(docs: list[Doc]) -> list[list[Any]]:
    from watchfloor.nlp.annotate import place_patterns
    from watchfloor.nlp.entities import article_entities
    from watchfloor.nlp.pipeline import iter_annotated
    from watchfloor.nlp.statements import find_statement_spans

    articles = [article_of(d) for d in docs]
    out: list[list[Any]] = []
    for article, found in iter_annotated(articles, extra_place_patterns=place_patterns()):
        entities = article_entities(found.mentions, article=article)
        out.append(
            find_statement_spans(
                article, mentions=found.mentions, entities=entities, cues=found.cues
            )
        )
    return out


# ---- scoring --------------------------------------------------------------------------------


def trimmed(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in _TRIM:
        a += 1
    while b > a and text[b - 1] in _TRIM:
        b -= 1
    if re.match(r"that\s", text[a:b], re.I):
        a += 4
        while a < b and text[a] in _TRIM:
            a += 1
    return a, b


def tokens(text: str, spans: Iterable[tuple[int, int]]) -> set[int]:
    out: set[int] = set()
    for a, b in spans:
        out |= {m.start() for m in _TOKEN.finditer(text, a, b)}
    return out


def overlaps(xs: Iterable[tuple[int, int]], ys: Iterable[tuple[int, int]]) -> bool:
    ys = list(ys)
    return any(a < d and c < b for a, b in xs for c, d in ys)


@dataclass(slots=True)
class Count:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return p, r, 2 * p * r / (p + r) if p + r else 0.0

    def row(self, name: str) -> str:
        p, r, f = self.prf()
        return (
            f"  {name:<26} P={p:.3f} R={r:.3f} F1={f:.3f}  (tp={self.tp} fp={self.fp} fn={self.fn})"
        )


def one_to_one(gold: list[Any], pred: list[Any], same: Any) -> list[tuple[int, int]]:
    pairs: list[tuple[int, int]] = []
    used: set[int] = set()
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            if j not in used and same(g, p):
                pairs.append((i, j))
                used.add(j)
                break
    return pairs


def load_score(gold: Path) -> Any:
    spec = importlib.util.spec_from_file_location("gold_score", gold / "score.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"no score.py in {gold}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def evaluate(docs: list[Doc], preds: list[list[Any]], gold_dir: Path, show: bool) -> dict[str, Any]:
    score = load_score(gold_dir)
    strict, trim, schema = Count(), Count(), Count()
    src_exact, src_overlap = Count(), Count()
    overlap_tp = pred_tokens = gold_tokens = 0
    src_right = src_n = 0
    for doc, spans in zip(docs, preds, strict=True):
        text = doc.text

        def absolute(m: Any, doc: Doc = doc) -> tuple[int, int]:
            base = doc.line_starts[m.line - 1]
            return base + m.start, base + m.end

        pred_content = [absolute(s.statement.mention) for s in spans]
        gold_content = [r.content for r in doc.relations]
        # content exact
        for count, norm in ((strict, False), (trim, True)):

            def same(
                g: list[tuple[int, int]], p: tuple[int, int], norm: bool = norm, text: str = text
            ) -> bool:
                if len(g) != 1:
                    return False
                if norm:
                    return trimmed(text, *g[0]) == trimmed(text, *p)
                return g[0] == p

            pairs = one_to_one(gold_content, pred_content, same)
            count.tp += len(pairs)
            count.fp += len(pred_content) - len(pairs)
            count.fn += len(gold_content) - len(pairs)
        # content token overlap
        pt = tokens(text, pred_content)
        gt = tokens(text, [s for g in gold_content for s in g])
        overlap_tp += len(pt & gt)
        pred_tokens += len(pt)
        gold_tokens += len(gt)
        # schema rule: same line, half the shorter content's words
        gold_rows = []
        lines = text.split("\n")
        for r in doc.relations:
            a, b = r.content[0][0], r.content[-1][1]
            line = _line_of(doc, a)
            line_end = doc.line_starts[line - 1] + len(lines[line - 1])
            gold_rows.append((line, text[a : min(b, line_end)], r))
        pred_rows = [(s.statement.mention.line, s.statement.mention.text, s) for s in spans]
        pairs = one_to_one(
            gold_rows,
            pred_rows,
            lambda g, p: g[0] == p[0] and score.content_overlap(g[1], p[1]) >= 0.5,
        )
        schema.tp += len(pairs)
        schema.fp += len(pred_rows) - len(pairs)
        schema.fn += len(gold_rows) - len(pairs)
        for gi, pi in pairs:
            rel, s = gold_rows[gi][2], pred_rows[pi][2]
            if not rel.source:
                continue
            src_n += 1
            if s.source is not None and overlaps([absolute(s.source)], rel.source):
                src_right += 1
        # source F1, Citron's rule: cue overlaps a gold cue and the source spans match
        for count, exact in ((src_exact, True), (src_overlap, False)):

            def same_source(g: GoldRelation, s: Any, exact: bool = exact, text: str = text) -> bool:
                if s.source is None or not g.source or not g.cue:
                    return False
                if not overlaps([absolute(s.cue)], g.cue):
                    return False
                p = absolute(s.source)
                if exact:
                    return len(g.source) == 1 and trimmed(text, *g.source[0]) == trimmed(text, *p)
                return overlaps([p], g.source)

            with_source = [r for r in doc.relations if r.source]
            pairs = one_to_one(with_source, list(spans), same_source)
            count.tp += len(pairs)
            count.fp += sum(1 for s in spans if s.source is not None) - len(pairs)
            count.fn += len(with_source) - len(pairs)
        if show:
            _show(doc, spans, absolute)
    op = overlap_tp / pred_tokens if pred_tokens else 0.0
    orr = overlap_tp / gold_tokens if gold_tokens else 0.0
    of = 2 * op * orr / (op + orr) if op + orr else 0.0
    return {
        "strict": strict,
        "trim": trim,
        "schema": schema,
        "overlap": (op, orr, of),
        "source_acc": (src_right / src_n if src_n else 0.0, src_n),
        "src_exact": src_exact,
        "src_overlap": src_overlap,
    }


def _line_of(doc: Doc, at: int) -> int:
    line = 1
    for i, start in enumerate(doc.line_starts, start=1):
        if start <= at:
            line = i
    return line


def _show(doc: Doc, spans: list[Any], absolute: Any) -> None:
    print(f"=== {doc.name}")
    for s in spans:
        st = s.statement
        src = s.source.text if s.source is not None else None
        print(
            f"  + {st.mention.line:>3} {'D' if st.direct else 'R'} [{st.speaker}] "
            f"<{st.cue}> src={src!r} :: {st.mention.text[:120]}"
        )
    pred = [absolute(s.statement.mention) for s in spans]
    for r in doc.relations:
        if not overlaps(r.content, pred):
            src = " | ".join(doc.text[a:b] for a, b in r.source)
            cue = " | ".join(doc.text[a:b] for a, b in r.cue)
            content = " | ".join(doc.text[a:b] for a, b in r.content)
            print(f"  - [{src}] <{cue}> :: {content[:120]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="for its score.py")
    parser.add_argument("--limit", type=int, default=None, help="first N documents only")
    parser.add_argument("--show", action="store_true", help="print predictions and misses")
    args = parser.parse_args(argv)
    if not (args.data / "attributions").is_dir():
        print(f"PolNeAR not found: looked in {args.data} (pass --data DIR)", file=sys.stderr)
        return 2
    docs = load(args.data, args.limit)
    t0 = time.perf_counter()
    preds = predict(docs)
    elapsed = time.perf_counter() - t0
    r = evaluate(docs, preds, args.gold, args.show)
    n_gold = sum(len(d.relations) for d in docs)
    n_pred = sum(len(p) for p in preds)
    print(
        f"PolNeAR dev: {len(docs)} documents, {n_gold} gold attributions, "
        f"{n_pred} predicted statements, {elapsed:.1f}s (spaCy included)"
    )
    print(r["strict"].row("content exact (strict)"))
    print(r["trim"].row("content exact (trimmed)"))
    op, orr, of = r["overlap"]
    print(f"  {'content overlap (tokens)':<26} P={op:.3f} R={orr:.3f} F1={of:.3f}")
    print(r["schema"].row("schema match (score.py)"))
    acc, n = r["source_acc"]
    print(f"  {'source accuracy':<26} {acc:.3f} (n={n} matched statements with a gold source)")
    print(r["src_exact"].row("source F1 (exact span)"))
    print(r["src_overlap"].row("source F1 (overlap)"))
    print(
        "Citron on PARC 3.0 test (published; another corpus and annotation scheme): "
        + ", ".join(f"{k} {v:.2f}" for k, v in CITRON.items())
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
