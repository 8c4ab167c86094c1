"""Claims (figures with their source, hedge, unit, via and as_of) and citations.

Texts are written for these tests. The articles run through the real pipeline
(spaCy mentions, entities, times), once per module.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import make_article
from watchfloor.jsonform import citation_json, claim_json
from watchfloor.nlp.claims import find_citations, find_claims
from watchfloor.nlp.entities import article_entities
from watchfloor.nlp.pipeline import annotate_mentions
from watchfloor.nlp.times import find_times

PUBLISHED = "2022-03-02"

# One article per case: (name, body lines). Run through the pipeline together.
CASES: dict[str, list[str]] = {
    "hedged": [
        "NATO chief Jens Stoltenberg said that more than 25,000 Russian troops are in Belarus."
    ],
    "range": ["The convoy stopped 30-45 km from the border."],
    "between": ["Between 8,000 and 12,000 soldiers took part, the Defence Ministry said."],
    "vague": ["Thousands of civilians fled the region."],
    "number_word": ["Railway workers counted seven trains and two Su-35 jets near Gomel."],
    "year_like_count": ["About 1,960 peacekeepers and 2,000 vehicles crossed the border."],
    "share": ["Nine out of 10 conscripts do not want to fight."],
    "not_figures": [
        "The MiG-31K and the S-400 arrived in 2021, on 14 February at 10:30.",
        "Call +375 17 123 45 67 or visit https://example.org/report/2022/300 for details.",
    ],
    "anaphoric": ["The two countries signed an agreement."],
    "unattributed_quote": [
        "Vadim Petrov is a retired engineer from Brest.",
        "\u201cAbout 400 soldiers arrived by train last night.\u201d",
    ],
    "previous_speaker": [
        "Olga Ivanova, a Belarus expert with the Atlantic Council, believes the build-up is "
        "a bluff. \u201cThere are perhaps 5,000 soldiers there,\u201d she said."
    ],
    "via": [
        "Artyom Shraibman, a Belarus expert, told Foreign Policy that up to 12 battalions "
        "could be sent."
    ],
    "anonymous": ["Ukrainian security sources say about 40,000 troops are massed at the border."],
    "according_to_state": ["According to Ukraine, 15 trains arrived in Mazyr on Monday."],
    "citations": [
        "According to Reuters, the Institute for the Study of War said the drills were a ruse.",
        "Telegram channels run by Belarusian railway workers reported heavy traffic.",
        "The Belarusian Ministry of Defence announced new exercises.",
    ],
}


@pytest.fixture(scope="module")
def found() -> dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
    articles = [
        make_article(body, doc=f"{name}.txt", published=PUBLISHED, outlet="Polesie Wire")
        for name, body in CASES.items()
    ]
    out = {}
    for article, mentions in zip(articles, annotate_mentions(articles), strict=True):
        entities = article_entities(mentions, article=article)
        times = find_times(article.lines, published=article.published)
        claims = find_claims(article, mentions=mentions, entities=entities, times=times)
        citations = find_citations(article, mentions=mentions, entities=entities)
        for c in claims:  # the quote is a stretch of its line
            line = article.lines[c.mention.line - 1].text
            assert line[c.mention.start : c.mention.end] == c.mention.text
        out[article.doc.removesuffix(".txt")] = (
            [claim_json(c) for c in claims],
            [citation_json(x) for x in citations],
        )
    return out


def claims_of(found: dict[str, Any], name: str) -> list[dict[str, Any]]:
    return list(found[name][0])


def test_hedged_count_with_named_source(found: dict[str, Any]) -> None:
    (c,) = claims_of(found, "hedged")
    assert (c["value"], c["value_low"], c["unit"], c["hedged"]) == (25000, 25000, "troops", True)
    assert c["source"] == "Jens Stoltenberg"
    assert c["quote"] == "more than 25,000 Russian troops"
    assert "Belarus" in c["subject"]
    assert c["as_of"] == "2022-03-02"  # a count in the present, no time: the publication day


def test_range(found: dict[str, Any]) -> None:
    (c,) = claims_of(found, "range")
    assert (c["value_low"], c["value_high"], c["unit"]) == (30, 45, "km")
    assert c["source"] is None and c["source_type"] == "outlet"


def test_between_range_with_closing_attribution(found: dict[str, Any]) -> None:
    (c,) = claims_of(found, "between")
    assert (c["value_low"], c["value_high"], c["unit"]) == (8000, 12000, "soldiers")
    assert c["source"] == "Ministry of Defence"
    assert c["source_type"] == "official"


def test_vague_amount(found: dict[str, Any]) -> None:
    (c,) = claims_of(found, "vague")
    assert (c["value"], c["value_low"], c["unit"], c["hedged"]) == (None, 2000, "people", True)


def test_number_words(found: dict[str, Any]) -> None:
    got = {(c["value"], c["unit"]) for c in claims_of(found, "number_word")}
    assert got == {(7, "trains"), (2, "jets")}


def test_a_count_written_like_a_year_is_a_count(found: dict[str, Any]) -> None:
    # a year is never written with a thousands separator
    claims, _ = found["year_like_count"]
    assert {c["value"] for c in claims} == {1960, 2000}


def test_share(found: dict[str, Any]) -> None:
    (c,) = claims_of(found, "share")
    assert c["value"] == 0.9


@pytest.mark.parametrize("name", ["not_figures", "anaphoric"])
def test_not_claims(found: dict[str, Any], name: str) -> None:
    assert claims_of(found, name) == []


def test_quote_without_speaker_is_the_outlets(found: dict[str, Any]) -> None:
    (c,) = claims_of(found, "unattributed_quote")
    assert c["value"] == 400
    assert (c["source"], c["source_type"]) == (None, "outlet")


def test_quote_speaker_named_before(found: dict[str, Any]) -> None:
    (c,) = claims_of(found, "previous_speaker")
    assert c["value"] == 5000 and c["hedged"]
    assert (c["source"], c["source_type"]) == ("Olga Ivanova", "expert")


def test_told_outlet_sets_via(found: dict[str, Any]) -> None:
    (c,) = claims_of(found, "via")
    assert (c["value"], c["value_high"], c["unit"]) == (12, 12, "battalions")
    assert c["source"] == "Artyom Shraibman"
    assert c["via"] == "Foreign Policy"


def test_anonymous_sources(found: dict[str, Any]) -> None:
    (c,) = claims_of(found, "anonymous")
    assert (c["source"], c["source_type"]) == ("Ukrainian security sources", "anonymous")


def test_state_as_source_and_as_of_from_sentence(found: dict[str, Any]) -> None:
    (c,) = claims_of(found, "according_to_state")
    assert (c["value"], c["unit"]) == (15, "trains")
    assert c["source"] == "Government of Ukraine"
    assert c["as_of"] == "2022-02-28"  # "on Monday" before a Wednesday


def test_citations_with_kinds(found: dict[str, Any]) -> None:
    got = {(x["cited"], x["kind"]) for x in found["citations"][1]}
    assert ("Reuters", "agency") in got
    assert ("Institute for the Study of War", "think_tank") in got
    assert ("Telegram channels of Belarusian railway workers", "social_channel") in got
    assert any(kind == "government" and "Defence" in name for name, kind in got)


def test_own_outlet_and_people_are_not_citations(found: dict[str, Any]) -> None:
    names = {x["cited"] for x in found["via"][1]} | {x["cited"] for x in found["hedged"][1]}
    assert "Polesie Wire" not in names
    assert "Jens Stoltenberg" not in names
    assert "Foreign Policy" in names


def test_what_the_writer_counts_in_the_argument_is_not_a_claim() -> None:
    from tests.conftest import make_article
    from watchfloor.nlp.claims import find_claims

    article = make_article(
        [
            "Analysts see three possibilities for Minsk, and two different maps of the front.",
            "Three lessons stand out from the drills, in which 300 soldiers took part.",
        ]
    )
    claims = find_claims(article, mentions=[], entities=[], times=[])
    assert [c.value for c in claims] == [300]


def test_the_start_of_the_war_is_the_theatres() -> None:
    from tests.conftest import make_article
    from watchfloor.theatres import Theatre, load_theatre

    article = make_article(
        ["At the beginning of the war, 30,000 troops crossed the border."], published="2022-12-05"
    )
    shipped = find_claims(
        article, mentions=[], entities=[], times=[], theatre=load_theatre("belarus-2022")
    )
    assert [c.as_of for c in shipped] == ["2022-02"]
    # with no situation pack there is no war start: the count is the report's month's
    bare = find_claims(article, mentions=[], entities=[], times=[], theatre=Theatre.empty())
    assert [c.as_of for c in bare] == ["2022-12"]
