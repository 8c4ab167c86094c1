"""Speakers across sentences and paragraphs, passive and quantified cues, broken quotation
marks, and figures that take their statement's speaker (issue 12, part 3).

The sentences are written for these tests; the articles run through the real pipeline
(spaCy with its parser) once per module.
"""

from __future__ import annotations

import pytest

from tests.conftest import make_article
from watchfloor.nlp.claims import find_claims
from watchfloor.nlp.entities import article_entities
from watchfloor.nlp.pipeline import annotate_articles
from watchfloor.nlp.statements import StatementSpans, find_statement_spans
from watchfloor.records import ClaimRef, StatementRef

Q1, Q2 = "\u201c", "\u201d"

CASES: dict[str, list[str]] = {
    # "he" is the man the paragraph is about, not the president he mentions as an object
    "discourse_subject": [
        "Pavel Orlik, a former army officer who defected last year, spoke with a weekly "
        "magazine. He said sending troops across the border would be a huge gamble for "
        f"President Anton Varga. {Q1}Varga is doing his best to stay out of this war,{Q2} "
        "he said.",
    ],
    # "he" after an unnamed speaker who is one person
    "unnamed_person": [
        "Defence minister Ivan Sokol also visited the capital at the start of the month.",
        "A former army major now living abroad, named by the newspaper only as Pavel, told "
        "the paper that the president guards his loyal officers. "
        f"{Q1}He will not spend them in this war unless someone forces him,{Q2} he said.",
    ],
    # "the company": the body named before, not an anonymous group
    "named_body": [
        "Skyview Imaging Inc released new satellite pictures of the Polesie region on Monday.",
        "A day earlier, the company had reported more than 80 trucks at a depot near Mazyr.",
    ],
    # the agent of a passive cue, never a noun of the content
    "passive_agent": [
        "Trains carrying tanks and fuel trucks arrived in Gomel on Tuesday, as reported by "
        "the state news agency Polesie Press.",
    ],
    "report_by": [
        "Two road bridges near the border were closed, according to a report by the "
        "monitoring group Rail Watch.",
    ],
    # a quantifier is the subject as written, not the subject of the clause before
    "quantifier": [
        "The swampy river valley will be hard to cross for any army, and some claim that "
        "the new mines were laid only last month.",
    ],
    # a quotation that lost its closing mark, with its attribution inside; the next
    # paragraph, a bare quotation, is the same expert's
    "broken_marks": [
        "Some observers think the army is not ready for war.",
        f"{Q1}Frankly, the army has never been put to a real test, {Q1}According to Marek "
        "Sowa, a military expert with the Eastern Institute, only simulations of a "
        "counterattack have been run.",
        f"{Q1}The officers know they would lose any real battle against a modern army.{Q2}",
    ],
    # a bare quotation after a group's indirect statement: nobody's
    "after_a_group": [
        "Some observers believe the drills are a cover for an invasion.",
        f"{Q1}Nobody in the town knows how long the soldiers will stay here.{Q2}",
    ],
    # "Human rights group Zorka reported": the named group, never "group"
    "group_name": [
        "Human rights group Zorka reported that dozens of people were detained in Brest.",
    ],
    # figures inside a statement take its speaker
    "nested_figure": [
        "Jane Doe told Foreign Policy that Viktor Khrenin had said 20,000 troops would stay "
        "until March.",
    ],
    "cited_as_saying": [
        "Interfax cited the defence ministry as saying that 3,000 troops had arrived in Gomel.",
    ],
}


Parsed = dict[str, tuple[list[StatementSpans], list[ClaimRef]]]


@pytest.fixture(scope="module")
def parsed() -> Parsed:
    articles = [make_article(body, doc=f"{name}.txt") for name, body in CASES.items()]
    out: dict[str, tuple[list[StatementSpans], list[ClaimRef]]] = {}
    for name, article, result in zip(CASES, articles, annotate_articles(articles), strict=True):
        entities = article_entities(result.mentions, article=article)
        spans = find_statement_spans(
            article, mentions=result.mentions, entities=entities, cues=result.cues
        )
        claims = find_claims(
            article, mentions=result.mentions, entities=entities, times=[], statements=spans
        )
        out[name] = (spans, claims)
    return out


def _said(parsed: Parsed, case: str, words: str) -> StatementRef:
    hits = [s.statement for s in parsed[case][0] if words in s.statement.mention.text]
    assert hits, f"no statement with {words!r}: {[s.statement for s in parsed[case][0]]}"
    return hits[0]


def _claim(parsed: Parsed, case: str, words: str) -> ClaimRef:
    hits = [c for c in parsed[case][1] if words in c.mention.text]
    assert hits, f"no claim with {words!r}: {parsed[case][1]}"
    return hits[0]


def test_he_is_the_discourse_subject_not_a_name_in_the_object(parsed: Parsed) -> None:
    assert _said(parsed, "discourse_subject", "huge gamble").speaker == "Pavel Orlik"
    assert _said(parsed, "discourse_subject", "doing his best").speaker == "Pavel Orlik"


def test_he_can_be_an_unnamed_person_who_spoke_before(parsed: Parsed) -> None:
    st = _said(parsed, "unnamed_person", "not spend them")
    assert st.speaker == "A former army major"  # not the minister of the paragraph before


def test_the_agent_of_a_passive_cue_speaks(parsed: Parsed) -> None:
    assert _said(parsed, "passive_agent", "arrived in Gomel").speaker == "Polesie Press"


def test_according_to_a_report_by_gives_the_reporting_body(parsed: Parsed) -> None:
    assert _said(parsed, "report_by", "bridges").speaker == "Rail Watch"


def test_a_quantifier_subject_is_an_anonymous_group_as_written(parsed: Parsed) -> None:
    assert _said(parsed, "quantifier", "new mines").speaker == "some"


def test_a_quotation_with_lost_marks_is_its_inner_attributions(parsed: Parsed) -> None:
    assert _said(parsed, "broken_marks", "never been put").speaker == "Marek Sowa"
    # the next paragraph, a bare quotation, goes on with the named expert
    assert _said(parsed, "broken_marks", "lose any real battle").speaker == "Marek Sowa"


def test_a_bare_quotation_does_not_inherit_a_groups_indirect_statement(parsed: Parsed) -> None:
    assert _said(parsed, "after_a_group", "Nobody in the town").speaker is None


def test_a_group_noun_before_a_name_gives_the_name(parsed: Parsed) -> None:
    assert _said(parsed, "group_name", "detained").speaker == "Zorka"


def test_a_figure_takes_the_speaker_of_the_statement_it_is_in(parsed: Parsed) -> None:
    inner = _said(parsed, "nested_figure", "20,000")
    claim = _claim(parsed, "nested_figure", "20,000")
    assert inner.speaker == claim.source == "Viktor Khrenin"
    assert claim.via == "Foreign Policy"


def test_cited_as_saying_is_the_cited_bodys_via_the_outlet(parsed: Parsed) -> None:
    st = _said(parsed, "cited_as_saying", "3,000")
    assert st.speaker == "the defence ministry"
    claim = _claim(parsed, "cited_as_saying", "3,000")
    assert claim.source == "the defence ministry"
    assert claim.source_type == "official"
    assert claim.via == "Interfax"
    # "Interfax cited the defence ministry": the ministry is not what was said
    assert not any(
        s.statement.mention.text == "the defence ministry" for s in parsed["cited_as_saying"][0]
    )


def test_the_company_is_the_body_named_before(parsed: Parsed) -> None:
    assert _said(parsed, "named_body", "80 trucks").speaker == "Skyview Imaging Inc"
    assert _claim(parsed, "named_body", "80 trucks").source == "Skyview Imaging Inc"
