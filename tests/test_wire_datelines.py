"""A wire dateline dates the report and names no actor; a title's country is no part of a
person's name. Whole-stage checks, on reports written for the test."""

from __future__ import annotations

import pytest

from watchfloor.clean.text import clean_text
from watchfloor.ingest import annotate
from watchfloor.nlp.gazetteer import Gazetteer
from watchfloor.records import Annotation

STORY_EN = [
    "Belarus says Russian troops will stay after the drills",
    "",
    "MINSK, Feb 20, 2022 (Reuters) - Belarus Defence Minister Viktor Khrenin said on Sunday "
    "that about 30,000 Russian troops would stay in the country after the exercises ended.",
    "",
    "According to a source in the ministry, more than 20 trains with equipment arrived in "
    "Gomel on Friday, and more were expected before the end of the month.",
]
STORY_RU = [
    "Российские войска останутся в Белоруссии после учений",
    "",
    "Минск, 20 февраля 2022 года. Министр обороны Белоруссии Виктор Хренин заявил в "
    "воскресенье, что около 30 тысяч российских военных останутся в стране после учений.",
    "",
    "По словам источника в министерстве, в Гомель в пятницу прибыли более 20 эшелонов с "
    "техникой, и до конца месяца ожидаются новые.",
]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.open()


def _annotated(lines: list[str], gazetteer: Gazetteer) -> tuple[str | None, Annotation]:
    article = clean_text("\n".join(lines), doc="t.txt", origin="t.txt")
    [annotation] = annotate([article], gazetteer=gazetteer)
    return article.published, annotation


@pytest.mark.parametrize("story", [STORY_EN, STORY_RU], ids=["en", "ru"])
def test_the_dateline_dates_the_report_and_the_minister_states_the_figure(
    story: list[str], gazetteer: Gazetteer
) -> None:
    published, annotation = _annotated(story, gazetteer)
    assert published == "2022-02-20"
    troops = next(c for c in annotation.claims if c.value == 30_000)
    assert troops.source == "Viktor Khrenin"
    # the dateline's date is the report's, no happening of its own
    assert all("20" not in (e.date_text or "") for e in annotation.events)
    # "Friday" and "пятницу" are read against the dateline's day
    arrival = next(e for e in annotation.events if e.type == "deployment")
    assert arrival.date == "2022-02-18"
    names = {e.canonical for e in annotation.entities}
    assert "MINSK" not in names and "Reuters" not in names


def test_a_country_before_a_surname_is_no_part_of_the_name(gazetteer: Gazetteer) -> None:
    lines = [
        "Хренін про навчання",
        "",
        "Київ, 21 лютого 2022 р. Міністр оборони Білорусі Хренін заявив, що навчання "
        "тривають за планом, а війська залишаться у таборах до кінця місяця.",
    ]
    _, annotation = _annotated(lines, gazetteer)
    people = [e for e in annotation.entities if e.type == "PERSON"]
    assert [p.canonical for p in people] == ["Viktor Khrenin"]
    assert {p.mention.text for p in annotation.places} >= {"Білорусі"}
