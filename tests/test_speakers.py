"""Speakers from the sentence's structure (``nlp.speakers`` through ``nlp.statements``).

The sentences are written for these tests. The articles run through the real
pipeline (spaCy with its parser: mentions and parsed cues), once per module, and
``find_statements`` gets the pipeline's cues as ``annotate`` hands them on.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from tests.conftest import make_article
from watchfloor.nlp.entities import article_entities
from watchfloor.nlp.pipeline import DEFAULT_COMPONENTS, annotate_articles
from watchfloor.nlp.speakers import MIN_CUE_P, cue_lexicon
from watchfloor.nlp.statements import find_statements
from watchfloor.records import StatementRef

Q1, Q2 = "\u201c", "\u201d"

CASES: dict[str, list[str]] = {
    # two speakers, two figures, one sentence: each figure is its own speaker's
    "two_speakers": [
        "Jane Doe, an analyst at the Minsk Institute, said 20,000 troops had arrived, "
        "while Defence Minister Viktor Khrenin said that only 5,000 soldiers remained.",
    ],
    # a quotation that runs over two paragraphs, closed in the second
    "across_paragraphs": [
        f"{Q1}The exercises are purely defensive,{Q2} Viktor Khrenin said. "
        f"{Q1}Our neighbours have nothing to fear from them.",
        f"We have invited foreign observers to every stage of the drills.{Q2}",
    ],
    # a quotation nobody is said to have spoken; a person named nearby is not its speaker
    "no_speaker": [
        "Viktor Khrenin inspected the base near Brest on Monday.",
        f"{Q1}The tanks left in the night and nobody told us where they were going.{Q2}",
    ],
    # an appositive between the name and the verb; "some observers" elsewhere
    "apposition": [
        "Some observers doubt the figures, but Jane Doe, a senior analyst at the "
        "Minsk Institute, said the brigade had moved north of the river.",
    ],
    # nested attribution: the inner content is the inner speaker's
    "nested": [
        "Jane Doe told Foreign Policy that Viktor Khrenin had said the drills would end in March.",
    ],
    # a subject that names no entity is the speaker as written
    "unnamed_subject": [
        "The monitoring website noted that three trains of armour crossed the border.",
    ],
    # a cue the word lists do not hold, learned from the PolNeAR training split
    "learned_cue": [
        "Jane Doe contended that the brigade had never left its barracks in Pechi.",
    ],
    # "X added:" closing a paragraph: the next paragraph is what was said
    "lead_in": [
        "Viktor Khrenin spoke to reporters at the base near Brest on Monday. He added:",
        "The troops will go home when the exercises end, and not one day later.",
    ],
    # a quotation of several sentences before its cue: a fragment inside the quotation
    # ("One of the ...") is not the cue's subject
    "quoted_fragment": [
        f"{Q1}The drills are over. Not paused, over. One of the largest exercises in years,"
        f"{Q2} Defence Minister Viktor Khrenin said in a phone interview.",
    ],
    # the subject before the verb, a programme's name after it
    "name_after_the_verb": [
        f"{Q1}Nobody in this government wants a war with the neighbours,{Q2} Jane Doe, "
        f"an analyst at the Minsk Institute, said on Monday on the {Q1}Morning Hour{Q2} show.",
    ],
    # a transcript's line, by the surname of a person the article names
    "transcript": [
        "Viktor Khrenin answered questions from the host on state television.",
        "KHRENIN: We will not attack anyone, and we have said so many times.",
    ],
}


@pytest.fixture(scope="module")
def found() -> dict[str, list[StatementRef]]:
    articles = [make_article(body, doc=f"{name}.txt") for name, body in CASES.items()]
    out: dict[str, list[StatementRef]] = {}
    for name, article, result in zip(CASES, articles, annotate_articles(articles), strict=True):
        entities = article_entities(result.mentions, article=article)
        out[name] = find_statements(
            article, mentions=result.mentions, entities=entities, cues=result.cues
        )
    return out


def _by_content(statements: list[StatementRef], words: str) -> StatementRef:
    hits = [s for s in statements if words in s.mention.text]
    assert hits, f"no statement with {words!r} in {[s.mention.text for s in statements]}"
    return hits[0]


def test_the_parser_runs_in_the_pipeline() -> None:
    assert "parser" in DEFAULT_COMPONENTS


def test_two_speakers_two_figures_each_get_their_own(found: dict[str, list[StatementRef]]) -> None:
    st = found["two_speakers"]
    assert _by_content(st, "20,000").speaker == "Jane Doe"
    assert _by_content(st, "5,000").speaker == "Viktor Khrenin"
    assert "5,000" not in _by_content(st, "20,000").mention.text


def test_a_quote_spanning_paragraphs_keeps_its_speaker(
    found: dict[str, list[StatementRef]],
) -> None:
    st = found["across_paragraphs"]
    second = _by_content(st, "foreign observers")
    assert second.speaker == "Viktor Khrenin"
    assert second.direct


def test_a_quote_with_no_determinable_speaker_has_none(
    found: dict[str, list[StatementRef]],
) -> None:
    quote = _by_content(found["no_speaker"], "tanks left")
    assert quote.speaker is None  # never the person merely named before it


def test_an_appositive_belongs_to_the_named_person(found: dict[str, list[StatementRef]]) -> None:
    st = _by_content(found["apposition"], "brigade had moved")
    assert st.speaker == "Jane Doe"


def test_nested_attribution_gives_the_inner_content_the_inner_speaker(
    found: dict[str, list[StatementRef]],
) -> None:
    st = found["nested"]
    inner = [s for s in st if s.mention.text.startswith("the drills")]
    assert inner and inner[0].speaker == "Viktor Khrenin"
    outer = [s for s in st if "Viktor Khrenin" in s.mention.text]
    assert outer and outer[0].speaker == "Jane Doe"


def test_an_unnamed_subject_is_the_speaker_as_written(
    found: dict[str, list[StatementRef]],
) -> None:
    st = _by_content(found["unnamed_subject"], "three trains")
    assert st.speaker == "The monitoring website"


def test_a_learned_cue_finds_a_statement(found: dict[str, list[StatementRef]]) -> None:
    st = _by_content(found["learned_cue"], "never left its barracks")
    assert st.speaker == "Jane Doe"
    assert st.cue == "contended"


def test_a_colon_lead_in_takes_the_next_paragraph(found: dict[str, list[StatementRef]]) -> None:
    st = _by_content(found["lead_in"], "troops will go home")
    assert st.speaker == "Viktor Khrenin"
    assert st.mention.line == 4  # the second body line (1: title, 2: blank)


def test_a_fragment_inside_the_quotation_is_not_its_speaker(
    found: dict[str, list[StatementRef]],
) -> None:
    st = _by_content(found["quoted_fragment"], "largest exercises")
    assert st.speaker == "Viktor Khrenin"


def test_the_subject_before_the_verb_speaks(found: dict[str, list[StatementRef]]) -> None:
    st = _by_content(found["name_after_the_verb"], "wants a war")
    assert st.speaker == "Jane Doe"


def test_a_transcript_line_is_the_named_persons(found: dict[str, list[StatementRef]]) -> None:
    st = _by_content(found["transcript"], "not attack anyone")
    assert st.speaker == "Viktor Khrenin"


def test_statements_without_a_parse_from_the_pipeline_parse_themselves() -> None:
    article = make_article(["The monitoring website noted that three trains crossed the border."])
    result = annotate_articles([article])[0]
    entities = article_entities(result.mentions, article=article)
    st = find_statements(article, mentions=result.mentions, entities=entities)
    assert st and st[0].speaker == "The monitoring website"


def test_the_cue_lexicon_is_shipped_package_data_with_counts_only() -> None:
    data_file = resources.files("watchfloor.nlp").joinpath("data", "attribution.json")
    data = json.loads(data_file.read_text("utf-8"))
    lex = cue_lexicon()
    assert lex.prob("say", "VERB", "ccomp") > 0.8
    assert lex.prob("eat", "VERB", "dobj") < MIN_CUE_P
    assert "said" in lex.forms
    # counts and words only: every entry is [P, count, share], no sentences of the corpus
    for key, value in data["lemmas"].items():
        assert len(key.split("/")) == 3 and len(value) == 3
    assert all(" " not in f for forms in data["forms"].values() for f in forms)


def test_pyproject_ships_the_cue_lexicon() -> None:
    pyproject = (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text()
    assert '"nlp/data/*.json"' in pyproject
