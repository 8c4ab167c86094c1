"""Learn the attribution cue lexicon from PolNeAR's training split.

PolNeAR (political news, 2016) marks every attribution relation as ``Source``,
``Cue`` and ``Content`` spans (BRAT standoff). This script parses the training
texts with the same spaCy model watchfloor runs (tagger, parser, lemmatizer; no
``ner``) and counts, per lemma and coarse part of speech, how often a token of
that lemma is (in) a gold cue, by what the token governs (``speakers.frame``: a
clause, an infinitive, an object, a preposition): ``P(cue | lemma, pos, frame)``,
a lookup-table classifier the statement finder reads. Only these
counts go into ``src/watchfloor/nlp/data/attribution.json``, with the surface
forms seen for each kept lemma (so a sentence can be tested for a cue before it
is parsed): no text of the corpus.

    .venv/bin/python scripts/train_attribution.py [--data ../shared/data/polnear/train]
        [--out src/watchfloor/nlp/data/attribution.json] [--min-count 4] [--min-p 0.3]

The train split only: the dev split is what ``bench/polnear.py`` measures on.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent.parent / "shared" / "data" / "polnear" / "train"
DEFAULT_OUT = HERE.parent / "src" / "watchfloor" / "nlp" / "data" / "attribution.json"
# parts of speech a cue can be (``speakers.coarse_pos``, from the fine tag): verbs
# ("said"), nouns ("claims"), prepositions, adjectives ("aware")
POS = ("VERB", "NOUN", "ADP", "ADJ")


def relations(ann: Path) -> list[tuple[list[tuple[int, int]], list[tuple[int, int]]]]:
    """(cue spans, content spans) of every relation of one annotation file."""
    spans: dict[str, list[tuple[int, int]]] = {}
    out = []
    for raw in ann.read_text(encoding="utf-8").splitlines():
        parts = raw.split("\t")
        if len(parts) > 1 and parts[0].startswith("T"):
            offsets = parts[1].split(" ", 1)[1]
            spans[parts[0]] = [(int(a), int(b)) for a, b in (x.split() for x in offsets.split(";"))]
        elif len(parts) > 1 and parts[0].startswith("E"):
            args = dict(arg.split(":", 1) for arg in parts[1].split()[1:])
            out.append((spans.get(args.get("Cue", ""), []), spans.get(args.get("Content", ""), [])))
    return out


def _words(doc_text: str, spans: list[tuple[int, int]]) -> set[int]:
    return {m.start() for a, b in spans for m in re.finditer(r"\w+", doc_text[a:b])}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--min-count", type=int, default=4)
    parser.add_argument("--min-p", type=float, default=0.3)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)

    from watchfloor.nlp.speakers import coarse_pos, content_span, frame, parser_nlp

    chosen: dict[str, Path] = {}
    for ann in sorted((args.data / "attributions").glob("*.ann")):
        chosen.setdefault(re.sub(r"_[0-9a-f]{4}$", "", ann.stem), ann)
    names = sorted(chosen)[: args.limit]
    texts = [(args.data / "text" / f"{n}.txt").read_text(encoding="utf-8") for n in names]
    seen: Counter[tuple[str, str, str]] = Counter()
    hit: Counter[tuple[str, str, str]] = Counter()  # cues whose frame span is the content
    cue: Counter[tuple[str, str, str]] = Counter()
    forms: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
    nlp = parser_nlp()
    for name, doc in zip(names, nlp.pipe(texts, batch_size=16), strict=True):
        rels = relations(chosen[name])
        for tok in doc:
            pos = coarse_pos(tok)
            if pos not in POS:
                continue
            fr = frame(tok)
            key = (tok.lemma_.lower(), pos, fr)
            seen[key] += 1
            forms[key][tok.lower_] += 1
            a, b = tok.idx, tok.idx + len(tok)
            rel = next((r for r in rels if any(s <= a and b <= e for s, e in r[0])), None)
            if rel is None:
                continue
            cue[key] += 1
            span, _ = content_span(tok, fr)
            if span is not None and span[0] < span[1]:
                ours = (doc[span[0]].idx, doc[span[1] - 1].idx + len(doc[span[1] - 1]))
                gold = _words(doc.text, rel[1])
                if gold and len(_words(doc.text, [ours]) & gold) >= len(gold) / 2:
                    hit[key] += 1
    lemmas = {
        "/".join(key): [
            round(cue[key] / n, 3),
            n,
            round(hit[key] / cue[key], 3) if key[2] != "-" else None,
        ]
        for key, n in sorted(seen.items())
        if n >= args.min_count and cue[key] / n >= args.min_p
    }
    kept = {tuple(k.split("/")) for k in lemmas}
    out = {
        "about": (
            "P(cue | lemma, part of speech, frame) learned from PolNeAR's train split by "
            "scripts/train_attribution.py: [P, tokens seen, share of the cues whose content "
            "is the frame's span]; the frame is what the word "
            "governs (speakers.frame); forms: the surface forms of the kept keys. Counts "
            "only, no text of the corpus."
        ),
        "documents": len(names),
        "min_count": args.min_count,
        "min_p": args.min_p,
        "lemmas": lemmas,
        "forms": {"/".join(k): sorted(forms[k]) for k in sorted(kept)},  # type: ignore[index]
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(names)} documents, {len(lemmas)} cue lemmas -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
