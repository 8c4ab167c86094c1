"""The spaCy pipeline: labels the small model gets wrong, offsets, bad input.

The model is loaded once for the module (``get_nlp`` caches it per process);
every sentence here was written for the tests.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator

import pytest
from spacy.language import Language

from watchfloor.nlp import pipeline
from watchfloor.nlp.entities import article_entities
from watchfloor.nlp.pipeline import (
    MAX_DOC_CHARS,
    UNDETERMINED,
    annotate_articles,
    annotate_mentions,
    detect_language,
    get_nlp,
)
from watchfloor.records import Article, LineRole, Mention

from .conftest import make_article

# What the gazetteer would feed: the places of the showcase situation.
PLACES = ("Kyiv", "Kiev", "Minsk", "Machulishchy", "Brest", "Vitebsk", "Belarus", "Ukraine")


@pytest.fixture(scope="module")
def nlp() -> Iterator[Language]:
    yield get_nlp(extra_place_patterns=PLACES)


def mentions_of(text: str) -> list[Mention]:
    return annotate_mentions([make_article([text])], extra_place_patterns=PLACES)[0]


def labels(text: str) -> dict[str, str]:
    return {m.text: m.label for m in mentions_of(text)}


def test_model_loaded_once_without_unused_components(nlp: Language) -> None:
    assert get_nlp(extra_place_patterns=list(PLACES)) is nlp
    assert "lemmatizer" not in nlp.pipe_names
    names = nlp.pipe_names
    assert names.index("entity_ruler") < names.index("ner") < names.index("watchfloor_places")


def test_unknown_component_is_named() -> None:
    with pytest.raises(ValueError, match=r"unknown spaCy component.*'parsr'"):
        get_nlp(components=("parsr", "ner"))
    with pytest.raises(ValueError, match="'ner' component is required"):
        get_nlp(components=("tagger",))


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        # the small model alone: PERSON, PRODUCT, ORG
        ("The column turned back towards Kyiv, which had braced for a second push.", "Kyiv", "GPE"),
        (
            "Two jets were parked at the airfield in Machulishchy, south of Minsk.",
            "Machulishchy",
            "GPE",
        ),
        (
            "Analysts counted two MiG-31K interceptors at the base that week.",
            "MiG-31K",
            "EQUIPMENT",
        ),
        ("Satellite photos showed a Tor-M2 battery and several T-72 tanks.", "Tor-M2", "EQUIPMENT"),
        (
            "Belarusian volunteers joined the Kastus Kalinouski Regiment last spring.",
            "Kastus Kalinouski Regiment",
            "UNIT",
        ),
        ("The figure was reported by the state news agency BelTA on Monday.", "BelTA", "ORG"),
        (
            "The company Maxar Technologies published new images on Tuesday.",
            "Maxar Technologies",
            "ORG",
        ),
        (
            "Vadzim Kabanchuk, a deputy commander, expects the war to widen.",
            "Vadzim Kabanchuk",
            "PERSON",
        ),
        (
            "Artyom, a former lieutenant colonel, spoke on condition of anonymity.",
            "Artyom",
            "PERSON",
        ),
        ("The Allied Resolve exercises ran for ten days in February.", "Allied Resolve", "EVENT"),
        ("Channels on Telegram tracked the trains from the east.", "Telegram", "PRODUCT"),
    ],
)
def test_labels_fixed_on_evidence(nlp: Language, text: str, name: str, label: str) -> None:
    assert labels(text).get(name) == label


def test_state_military_as_adjective_is_not_the_armed_forces(nlp: Language) -> None:
    found = labels("Convoys of Russian military equipment crossed into Belarus overnight.")
    assert "Russian military" not in found
    found = labels("Observers said the Belarusian military was not ready to fight.")
    assert found.get("Belarusian military") == "ORG"


def test_offsets_point_into_the_line(nlp: Language) -> None:
    article = make_article(
        [
            "President Alexander Lukashenko met the Belarus\xa0Security\xa0Council in Minsk.",
            "Lukashenko's spokesman said NATO had massed troops near Brest and Vitebsk.",
        ]
    )
    lines = {line.number: line for line in article.lines}
    found = annotate_mentions([article], extra_place_patterns=PLACES)[0]
    assert found
    for m in found:
        assert lines[m.line].role is LineRole.BODY
        assert lines[m.line].text[m.start : m.end] == m.text
        assert m.text == m.text.strip()
    texts = {m.text for m in found}
    assert "Belarus\xa0Security\xa0Council" in texts  # one name across no-break spaces
    assert "Lukashenko" in texts  # without the possessive


def test_a_name_across_a_line_break_is_read_whole(nlp: Language) -> None:
    # hard-wrapped wire copy: one paragraph over several lines
    paragraph = [
        "MINSK, Feb 20 - The Belarusian leader said on Sunday that the drills",
        "would go on for as long as needed, and that he had agreed it with Vladimir",
        "Putin in a telephone call late on Saturday, officials said in a statement",
        "that was read out on state television in the evening news on Sunday.",
        "    The statement gave no figure for the troops taking part in them and",
        "said only that the exercises were defensive, as they had been before.",
    ]
    article = make_article(paragraph)
    found = annotate_mentions([article], extra_place_patterns=PLACES)[0]
    people = [e for e in article_entities(found, article=article) if e.type == "PERSON"]
    assert [e.canonical for e in people] == ["Vladimir Putin"]
    assert len({m.line for m in people[0].mentions}) == 2


def test_all_caps_text(nlp: Language) -> None:
    found = mentions_of(
        "PRESIDENT ALEXANDER LUKASHENKO SAID ON TUESDAY THAT NATO WAS MASSING TROOPS "
        "NEAR BREST AND THAT THE BELARUSIAN ARMY WOULD RESPOND. KYIV DENIED IT."
    )
    by_text = {m.text: m.label for m in found}
    assert by_text.get("ALEXANDER LUKASHENKO") == "PERSON"
    assert by_text.get("NATO") == "ORG"
    assert by_text.get("KYIV") == "GPE"
    # all-caps words are not all names
    assert not {"SAID", "TROOPS", "MASSING", "DENIED"} & set(by_text)
    people = [e.canonical for e in article_entities(found) if e.type == "PERSON"]
    assert people == ["Alexander Lukashenko"]


def test_text_with_no_entities(nlp: Language) -> None:
    found = mentions_of("the weather was mild and the market was quiet, with little to report.")
    assert [m for m in found if m.label in ("PERSON", "ORG", "GPE")] == []
    assert article_entities(found) == []


def test_article_without_body(nlp: Language) -> None:
    article = make_article([])
    [result] = annotate_articles([article], extra_place_patterns=PLACES)
    assert result.mentions == [] and result.skipped is None
    assert result.language == UNDETERMINED


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The army said the exercises would end on Sunday, as planned, near the border.", "en"),
        (
            "Der belarussische Machthaber hat am Dienstag erklärt, die Armee bleibe an der Grenze.",
            "de",
        ),
        ("Лукашенко заявил, что белорусская армия не будет участвовать в войне.", "ru"),
        ("Лукашэнка заявіў, што беларускае войска не будзе ўдзельнічаць у вайне.", "be"),
        # a short post py3langid doubts is still one of the Cyrillic packs, not English
        ("Уточнение: платформ было сорок две, до двух батальонов.", "ru"),
        # Belarusian in Latin letters (łacinka): no pack reads it, so undetermined
        ("Ešalony z technikaj prybyli ŭ Homiel u piatnicu, kaža kanał.", UNDETERMINED),
        ("Kyiv", UNDETERMINED),  # too short to tell
        ("Shr 78 cts vs 1.16 dlrs Net 6.7 mln vs 9.5 mln Revs 278 mln vs 290 mln", UNDETERMINED),
        ("THE ARMY SAID THE EXERCISES WOULD END ON SUNDAY, AS PLANNED, NEAR THE BORDER.", "en"),
    ],
)
def test_detect_language(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_non_english_article_is_detected_and_skipped_or_read_by_natasha(nlp: Language) -> None:
    german = make_article(
        [
            "Der belarussische Machthaber Alexander Lukaschenko hat am Dienstag erklärt, "
            "dass die Nato Truppen an der Grenze zusammenziehe."
        ]
    )
    russian = make_article(
        [
            "Президент Белоруссии Александр Лукашенко заявил во вторник в Минске, что "
            "НАТО стягивает войска к границе."
        ]
    )
    english = make_article(
        [
            "Alexander Lukashenko said on Tuesday that NATO was massing troops on the border "
            "and that the army would answer any provocation from the west."
        ]
    )
    results = annotate_articles([german, russian, english], extra_place_patterns=PLACES)
    # German: no language pack, no model for it: skipped, saying why
    assert results[0].language == "de"
    assert results[0].mentions == []
    assert results[0].skipped is not None and "'de'" in results[0].skipped
    # Russian: its pack sends it to natasha
    assert results[1].language == "ru" and results[1].skipped is None
    assert ("Александр Лукашенко", "PERSON") in {(m.text, m.label) for m in results[1].mentions}
    assert results[2].language == "en" and results[2].skipped is None
    assert {m.text for m in results[2].mentions} >= {"Alexander Lukashenko", "NATO"}


def test_article_language_recorded_by_clean_is_trusted(nlp: Language) -> None:
    article = make_article(["Alexander Lukashenko said on Tuesday that NATO was massing troops."])
    article.language = "fr"  # whatever clean said wins over detection
    [result] = annotate_articles([article], extra_place_patterns=PLACES)
    assert result.language == "fr" and result.mentions == []


def long_article(words: int) -> Article:
    sentence = (
        "Lukashenko told reporters in Minsk that the army would stay near Brest for weeks "
        "while NATO watched the border and Kyiv counted the trains arriving from the east."
    )
    per = len(sentence.split())
    return make_article([" ".join([sentence] * (words // per + 1))])  # one 100,000-word line


def test_long_line_is_cut_into_bounded_docs() -> None:
    article = long_article(100_000)
    units = list(pipeline._units(0, article, {}))
    assert len(units) > 1
    assert max(len(u.text) for u in units) <= MAX_DOC_CHARS
    # the pieces cover the line once, in order
    line = article.body_lines[0]
    covered = "".join(
        line.text[p.line_start : p.line_start + p.length] for u in units for p in u.pieces
    )
    assert covered == line.text


_LONG_RUN = """
import json, resource, sys
sys.path.insert(0, {root!r})
from tests.test_pipeline import long_article
from watchfloor.nlp.pipeline import get_nlp, iter_annotated

get_nlp(components=("ner",))
article = long_article(100_000)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
# past nlp.limits' bound on purpose: spaCy's docs stay bounded whatever the bound
[(_, result)] = iter_annotated([article], components=("ner",), max_chars=10**9)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
text = article.body_lines[0].text
print(json.dumps({{
    "words": article.body_words,
    "mentions": len(result.mentions),
    "offsets_ok": all(text[m.start:m.end] == m.text for m in result.mentions),
    "growth_mib": (after - before) / 1024,
}}))
"""


def test_100000_word_article_completes_in_bounded_memory() -> None:
    # In a fresh process, so that its peak RSS is this run's alone; "ner" only, to
    # keep the suite quick (the docs are cut the same way whatever runs on them).
    from .conftest import ROOT

    done = subprocess.run(
        [sys.executable, "-c", _LONG_RUN.format(root=str(ROOT))],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["words"] >= 100_000
    assert report["mentions"] > 10_000
    assert report["offsets_ok"]
    # bounded by batch size x MAX_DOC_CHARS, not by the article: ~150 MiB measured
    assert report["growth_mib"] < 600
