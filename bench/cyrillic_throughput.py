"""Cyrillic throughput: the whole annotate stage against natasha's NER alone.

Russian articles per second through watchfloor's NER step alone
(``pipeline.iter_annotated``) and through ``watchfloor.ingest.annotate`` (natasha's NER
in ``pipeline.iter_annotated``, then every rule stage with the ru pack: places
from the gazetteer, entities, times, events, claims, statements), as a ratio to
natasha's ``NewsNERTagger`` alone on the same texts, timed in the same run.

Texts: the 122 factRuEval-2016 dev texts (read by path at run time, never kept),
or with ``--source generated`` articles assembled from sentences written for this
bench. Both are timed ``--rounds`` times, in turn, and the best of each is kept.

    python bench/cyrillic_throughput.py [--data ../shared/data] [--source factru|generated]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

from watchfloor.ingest import annotate
from watchfloor.nlp.annotate import place_patterns
from watchfloor.nlp.cyrillic import ner_tagger
from watchfloor.nlp.gazetteer import Gazetteer
from watchfloor.nlp.pipeline import iter_annotated
from watchfloor.records import Article, DocKind, Line, LineRole

# Sentences written for this bench (no one's reporting).
PEOPLE = ("Виктор Хренин", "Александр Лукашенко", "Сергей Шойгу", "Николай Волков")
PLACES = ("Минске", "Гомеле", "Бресте", "Мозыре", "Витебске", "Барановичах")
BODIES = ("Министерство обороны Белоруссии", "агентство БелТА", "Госпогранкомитет")
TEMPLATES = (
    "{person} заявил в {place}, что учения завершатся в воскресенье.",
    "По словам {person}, около 30 тысяч военных остаются у границы.",
    "{body} сообщило, что колонна техники прошла через город накануне вечером.",
    "В {place} в пятницу прошли учения, в которых участвовали до двух батальонов.",
    "Как сообщает {body}, более 10 км дороги у {place} закрыты для движения.",
    "«Никаких угроз нет», — сказал журналистам {person} после встречи в {place}.",
)


def generated(n: int, *, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(n):
        paragraphs = []
        for _ in range(rng.randint(3, 8)):
            sentences = [
                rng.choice(TEMPLATES).format(
                    person=rng.choice(PEOPLE), place=rng.choice(PLACES), body=rng.choice(BODIES)
                )
                for _ in range(rng.randint(1, 4))
            ]
            paragraphs.append(" ".join(sentences))
        texts.append("\n\n".join(paragraphs))
    return texts


def as_article(i: int, text: str) -> Article:
    return Article(
        doc=f"ru-{i}",
        origin=f"ru-{i}",
        kind=DocKind.TEXT,
        title=None,
        outlet=None,
        authors=[],
        published="2022-02-21",
        published_evidence="2022-02-21",
        url=None,
        lines=[
            Line(number=n, text=t, role=LineRole.BODY if t.strip() else LineRole.BLANK)
            for n, t in enumerate(text.split("\n"), 1)
        ],
        language="ru",
    )


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data"
    )
    ap.add_argument("--source", choices=("factru", "generated"), default="factru")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--generated", type=int, default=200, help="articles to generate")
    args = ap.parse_args()
    if args.source == "factru":
        folder = args.data / "factrueval-2016-dev" / "devset"
        if not folder.is_dir():
            print(f"factRuEval-2016 dev not found at {folder} (use --data)", file=sys.stderr)
            return 2
        texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("book_*.txt"))]
    else:
        texts = generated(args.generated)
    chars = sum(len(t) for t in texts)
    print(f"{len(texts)} Russian articles ({args.source}), {chars:,} chars, best of {args.rounds}")

    gazetteer = Gazetteer.open()
    tagger = ner_tagger()
    warm = [as_article(0, texts[0])]
    annotate(warm, gazetteer=gazetteer)  # models, packs and patterns loaded before the clock

    # the two in turn, each round, and the best time of each: the machine is shared,
    # and a neighbour's burst then slows one round of both rather than one side
    alone = ner = stage = float("inf")
    first_alone = first_stage = 0.0
    annotations = []
    for _ in range(args.rounds):
        started = time.perf_counter()
        for text in texts:
            tagger(text)
        alone = min(alone, time.perf_counter() - started)
        first_alone = first_alone or time.perf_counter() - started
        articles = [as_article(i, t) for i, t in enumerate(texts)]
        started = time.perf_counter()
        for _ in iter_annotated(articles, extra_place_patterns=place_patterns(None)):
            pass
        ner = min(ner, time.perf_counter() - started)
        started = time.perf_counter()
        annotations = annotate(articles, gazetteer=gazetteer)
        stage = min(stage, time.perf_counter() - started)
        # the first round is the one a fresh process ingesting new texts sees: the
        # stages' per-word caches (morphology, gazetteer) are still empty
        first_stage = first_stage or time.perf_counter() - started
    skipped = sum(1 for a in annotations if a.skipped)
    found = sum(len(a.entities) for a in annotations)

    print(f"natasha NER alone:      {len(texts) / alone:8.1f} articles/s ({alone:.1f} s)")
    print(f"iter_annotated (NER):   {len(texts) / ner:8.1f} articles/s ({ner:.1f} s)")
    print(f"whole annotate stage:   {len(texts) / stage:8.1f} articles/s ({stage:.1f} s)")
    print(f"ratio (NER / alone):    {alone / ner:8.2f} of natasha's speed")
    print(f"ratio (stage / alone):  {alone / stage:8.2f} of natasha's speed")
    print(f"ratio (stage / alone), first round, caches cold: {first_alone / first_stage:5.2f}")
    print(f"skipped {skipped}, entities {found}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
