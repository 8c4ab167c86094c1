"""Estimate series: claims about one thing across articles, with recycled values marked."""

from __future__ import annotations

from typing import Any

from watchfloor.link.estimates import SeriesKey, estimate_series, series_key


def claim(
    article_id: int,
    value: float,
    subject: str,
    *,
    unit: str = "troops",
    source: str | None = None,
    as_of: str | None = "2022-02",
) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "doc": f"a{article_id}.txt",
        "outlet": f"Outlet {article_id}",
        "value": value,
        "value_low": None,
        "value_high": None,
        "unit": unit,
        "subject": subject,
        "source": source,
        "as_of": as_of,
    }


def test_subjects_reduce_to_what_whose_and_where() -> None:
    key = series_key("Russian combat troops in Belarus", "troops")
    assert key == SeriesKey("troops", "RU", "in belarus")
    assert key is not None and key.label == "Russian troops in Belarus"
    # soldiers and servicemen are troops; "Russia's", "Russian" one owner; "to", "into",
    # "in" one scope
    assert series_key("Russia’s servicemen into Belarus", "soldiers") == key
    assert series_key("Russian soldiers (in Belarus)", "soldiers") == key
    # but battalions, another side or another place are other quantities
    assert series_key("Russian battalions in Belarus", "battalions") != key
    assert series_key("Belarusian troops in Belarus", "troops") != key
    assert series_key("Russian troops near the border", "troops") != key
    assert series_key("civilian deaths in Ukraine", "deaths") != series_key(
        "deaths in Ukraine", "deaths"
    )


def test_claims_about_one_thing_form_one_series_oldest_first() -> None:
    rows = [
        claim(1, 30000, "Russian troops in Belarus", source="Jens Stoltenberg"),
        claim(2, 10000, "Russian combat troops into Belarus", source="a Minsk analyst"),
        claim(3, 5000, "Belarusian troops at the border with Ukraine", source="BYPOL"),
        claim(4, 4, "trains to Belarus", unit="trains"),
        # no owner: not put into the Russian series just because it is the only one
        claim(5, 8000, "combat troops into Belarus", source="a blogger"),
    ]
    [series] = estimate_series(rows, about="russian troops in Belarus")
    assert series.label == "Russian troops in Belarus"
    assert [e.claim["value"] for e in series.estimates] == [30000, 10000]
    assert series.sources == 2


def test_a_recycled_value_is_not_a_second_source() -> None:
    rows = [
        claim(1, 30000, "Russian troops in Belarus", source="NATO"),
        claim(2, 30000, "Russian troops in Belarus"),  # relays article 1, names no source
        claim(3, 30000, "Russian troops in Belarus", source="Polish General Staff"),
    ]
    relations = [{"a_id": 2, "b_id": 1, "kind": "derived"}]
    [series] = estimate_series(rows, relations=relations)
    echoes = {e.claim["article_id"]: e.echo_of for e in series.estimates}
    assert echoes == {1: None, 2: 1, 3: None}
    assert series.sources == 2
    # 30,000 is backed by NATO and the Polish staff, not a third time by the relay
    assert [e.backers for e in series.estimates] == [2, 2, 2]
    # the same relation with a different value is a new figure, not an echo
    rows[1]["value"] = 25000
    [series] = estimate_series(rows, relations=relations)
    assert all(e.independent for e in series.estimates)


def test_unlike_things_counted_as_other_stay_apart() -> None:
    rows = [
        claim(1, 170, "tanks near Brest", unit="other"),
        claim(2, 100, "military vehicles near Brest", unit="other"),
        claim(3, 0.65, "unspecified", unit="other"),
        claim(4, 30000, "troops", unit="troops"),  # whose and where cannot be told
    ]
    labels = sorted(s.label for s in estimate_series(rows))
    assert labels == ["Tanks near Brest", "Vehicles near Brest"]


def test_a_body_and_the_head_who_speaks_for_it_are_one_source() -> None:
    # the shipped pack lists NATO's secretary general among its speakers
    (s,) = estimate_series(
        [
            claim(1, 30000, "Russian troops in Belarus", source="Jens Stoltenberg"),
            claim(2, 30000, "Russian troops in Belarus", source="NATO"),
            claim(3, 10000, "Russian troops in Belarus", source="a military analyst"),
        ]
    )
    assert s.sources == 2
    assert [e.independent for e in s.estimates] == [True, False, True]
