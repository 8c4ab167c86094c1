"""Claim attributes on text the rules were not written from: ``as_of``, ``source_type``,
the hedge (and the quote keeping its hedge word) and ``via``.

Every sentence here is written for these tests. The articles run through the real
pipeline (spaCy mentions, entities, times against the publication date), once per module.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import make_article
from watchfloor.jsonform import claim_json
from watchfloor.nlp.claims import find_claims
from watchfloor.nlp.entities import article_entities
from watchfloor.nlp.pipeline import annotate_mentions
from watchfloor.nlp.times import find_times
from watchfloor.theatres import load_theatre

PUBLISHED = "2023-03-15"  # a Wednesday

CASES: dict[str, list[str]] = {
    # ---- as_of ----
    "present_count": ["Roughly 4,000 marines are stationed on the island, the navy says."],
    "perfect_since": ["About 600 engineers have worked at the dam since 3 January."],
    "past_month": ["In February the port handled 41 tankers, the harbour office said."],
    "past_year": ["The garrison had 2,500 soldiers in 2019."],
    "future_target": ["The navy plans to grow to 12,000 sailors by 2030."],
    "last_week": ["Some 300 refugees crossed the river last week, volunteers said."],
    "other_clause_time": [
        "The audit, published in January, found 70 missing rifles in December.",
    ],
    "said_on_day": ["The governor said on Monday that 18 villages lack power."],
    "war_start_in_clause": [
        "The ministry said on Monday that at the start of the war 30,000 troops crossed.",
    ],
    "aside_time": [
        "The garrison, which the navy began building in October, now holds 900 sailors.",
    ],
    "restrictive_time": [
        "The commission said 61 percent of those who voted in the 12 March poll backed the plan.",
    ],
    "statement_time_not_inherited": [
        "The minister said in January that there was no cause for alarm. A harbour pilot "
        "told us the fleet was down to 12 ships.",
    ],
    "paragraph_time": [
        "Shelling hit the market on Saturday morning. Rescuers pulled 14 people from the rubble.",
    ],
    "past_no_time": ["Rescuers pulled 14 people from the rubble."],
    "distance": ["The convoy halted about 30 km from the frontier."],
    "cue_only_past": ["Harbour pilots counted 35 warships."],
    # ---- source_type ----
    "unofficial_channel": [
        "An unofficial Telegram channel claimed that 900 paratroopers landed near the lake.",
    ],
    "think_tank_analyst": [
        "Marta Kovalenko, an analyst at the Baltic Security Institute, estimates that 6,000 "
        "reservists were called up.",
    ],
    "familiar_source": [
        "A source familiar with the plans said 40 tanks would move north.",
    ],
    "anonymous_officials": [
        "Officials who spoke on condition of anonymity said 25 drones were shot down.",
    ],
    "anonymous_channel": [
        "An anonymous Telegram channel said 12 trains had passed through the junction.",
    ],
    "spokesman": [
        "Defence ministry spokesman Pavel Horak said 120 recruits had signed contracts.",
    ],
    "military_spokesman": [
        "General Staff spokesman Oleksandr Shtupun said 300 soldiers were rotated.",
    ],
    "general_staff": [
        "Ukraine's General Staff said its forces destroyed 11 armoured vehicles.",
    ],
    "commander": [
        "Colonel Ivan Drozd, the brigade commander, said 300 of his men were ready.",
    ],
    "ombudsman": [
        "Lena Marsh, the region's human rights ombudsman, said 2,000 families had fled.",
    ],
    "specialist": [
        "Tomas Berg, a missile specialist who has studied the footage, estimates that 16 "
        "launchers were used.",
    ],
    "introduced_then_named": [
        "We spoke to a former navy captain who left the fleet in 2021. He asked to be named "
        "only as Oleg. Oleg said 14 ships were fit to sail.",
    ],
    "private_person": [
        '"About 40 shells fell on our street," Mariam Petrosyan, a teacher in Goris, said.',
    ],
    "clause_word_not_role": [
        "Sending the army abroad was unthinkable for Igor Sakhno. Sakhno said 300 volunteers "
        "had signed up.",
    ],
    "described_org": [
        "The campaign group Clean Rivers Alliance said nearly 3,000 people marched in Lviv.",
    ],
    "bureau": ["The National Police Bureau of Moldova said 14 smugglers were caught."],
    "outlet_itself": ["Nine bridges were damaged in the storm."],
    "outlet_reported": [
        "As Caucasus Wire reported on Tuesday, 45 fishing boats stayed in port.",
    ],
    # ---- hedges ----
    "about_money": ["The bounty rose to about $46,800 last month."],
    "nearly": ["Nearly 700 homes were flooded."],
    "reportedly": ["The brigade reportedly lost 80 vehicles."],
    "range_hedged": ["Between 200 and 300 volunteers joined, organisers said."],
    "plain": ["The council has 27 members."],
    "hedge_after": ["That makes 5,000 men, maybe a bit more."],
    # ---- via ----
    "via_told": [
        "Anna Weiss, a defence expert, told Reuters that 15 frigates are ready.",
    ],
    "via_quoted": ["Reuters quoted Oleksii Reznikov as saying 40 frigates are ready."],
    "via_closing": ["Oleksii Reznikov said 40 frigates are ready, Reuters reported."],
    "via_citing": [
        "Citing Reuters, port officials said 300 sailors were on leave.",
    ],
}


@pytest.fixture(scope="module")
def found() -> dict[str, list[dict[str, Any]]]:
    articles = [
        make_article(body, doc=f"{name}.txt", published=PUBLISHED, outlet="Polesie Wire")
        for name, body in CASES.items()
    ]
    theatre = load_theatre("belarus-2022")  # its war start: 24 February 2022
    out = {}
    for article, mentions in zip(articles, annotate_mentions(articles), strict=True):
        entities = article_entities(mentions, article=article)
        times = find_times(article.lines, published=article.published)
        claims = find_claims(
            article, mentions=mentions, entities=entities, times=times, theatre=theatre
        )
        out[article.doc.removesuffix(".txt")] = [claim_json(c) for c in claims]
    return out


def one(found: dict[str, list[dict[str, Any]]], name: str) -> dict[str, Any]:
    claims = found[name]
    assert len(claims) == 1, claims
    return claims[0]


# ---- as_of -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "as_of"),
    [
        ("present_count", "2023-03-15"),  # a count in the present: the report's day
        ("perfect_since", "2023-03-15"),  # "since X" runs up to the report
        ("past_month", "2023-02"),
        ("past_year", "2019"),
        ("future_target", "2030"),  # a target: the time it is set for
        ("last_week", "2023-03"),
        ("other_clause_time", "2022-12"),  # the figure's clause, not the audit's
        ("said_on_day", "2023-03-13"),  # the statement's time
        ("war_start_in_clause", "2022-02"),  # the theatre's war start governs the clause
        ("aside_time", "2023-03-15"),  # a time in an aside is the aside's
        ("restrictive_time", "2023-03-12"),  # ... in what is counted, the figure's
        ("statement_time_not_inherited", "2023-03"),  # when someone else spoke
        ("paragraph_time", "2023-03-11"),  # a past figure: the paragraph's time
        ("past_no_time", "2023-03"),  # past, no time anywhere: the report's month
        ("cue_only_past", "2023-03"),  # only the cue gives the tense
        ("distance", None),  # geography has no time
    ],
)
def test_as_of(found: dict[str, list[dict[str, Any]]], name: str, as_of: str | None) -> None:
    assert one(found, name)["as_of"] == as_of


# ---- source_type -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "source_type"),
    [
        ("unofficial_channel", "media"),
        ("think_tank_analyst", "expert"),
        ("familiar_source", "anonymous"),
        ("anonymous_officials", "anonymous"),
        ("anonymous_channel", "media"),  # a channel, however anonymous, is a medium
        ("spokesman", "official"),
        ("general_staff", "military"),
        ("military_spokesman", "military"),  # a military body's spokesman speaks for it
        ("commander", "military"),
        ("ombudsman", "official"),
        ("specialist", "expert"),
        # described first, named in the next sentence
        ("introduced_then_named", "military"),
        # an unknown organisation: the words before its name
        ("described_org", "ngo"),
        ("bureau", "official"),
        # a private person is no official
        ("private_person", "anonymous"),
        # a word of the clause before a name ("the army") is not the person's role (a
        # person with no role words is taken for an official)
        ("clause_word_not_role", "official"),
        ("outlet_itself", "outlet"),
        ("outlet_reported", "media"),  # an outlet read as a person's name is still media
    ],
)
def test_source_type(found: dict[str, list[dict[str, Any]]], name: str, source_type: str) -> None:
    assert one(found, name)["source_type"] == source_type


# ---- hedges ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "word"),
    [
        ("about_money", "about"),
        ("nearly", "Nearly"),
        ("reportedly", None),
        ("range_hedged", None),
        ("hedge_after", None),
    ],
)
def test_hedge_kept(found: dict[str, list[dict[str, Any]]], name: str, word: str | None) -> None:
    c = one(found, name)
    assert c["hedged"] is True
    if word is not None:
        assert c["quote"].startswith(word)


def test_plain_count_is_not_hedged(found: dict[str, list[dict[str, Any]]]) -> None:
    assert one(found, "plain")["hedged"] is False


def test_the_quote_keeps_the_currency_sign(found: dict[str, list[dict[str, Any]]]) -> None:
    assert one(found, "about_money")["quote"].startswith("about $46,800")


def test_an_outlet_read_as_a_person_is_no_via_of_itself(
    found: dict[str, list[dict[str, Any]]],
) -> None:
    assert one(found, "outlet_reported")["via"] is None


# ---- via ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["via_told", "via_citing", "via_quoted", "via_closing"])
def test_via_names_the_relaying_outlet(found: dict[str, list[dict[str, Any]]], name: str) -> None:
    assert one(found, name)["via"] == "Reuters"


def test_an_unofficial_channel_is_not_named_official(
    found: dict[str, list[dict[str, Any]]],
) -> None:
    source = one(found, "unofficial_channel")["source"]
    assert "channel" in source and not source.startswith("official")
