"""Recycled reporting: copies, edited copies, relays, and the index that finds them.

All texts are written for these tests (fictional outlets, invented people).
"""

from __future__ import annotations

import pytest

from watchfloor.link import RecycledIndex, ReportText, find_relations, report_text
from watchfloor.link.recycled import find_quotations, names_and_numbers
from watchfloor.records import Article, CitationRef, DocKind, Line, LineRole, Mention


def unwrap(text: str) -> str:
    """Paragraphs wrapped for the source file -> one line per paragraph, as clean stores them."""
    return "\n".join(" ".join(p.split()) for p in text.strip().split("\n\n"))


FEATURE = unwrap(
    """
Engineers of the Lakeland Railway counted eleven freight trains heading south past Zhlobin
on Tuesday night, the largest number since the spring, according to a volunteer who keeps a
log at the station.

The trains carried covered vehicles and fuel tankers, the volunteer said, and each was
guarded by soldiers in winter uniforms who did not leave the platforms during the stop.

"We have never seen so many tankers in one night. Somebody is planning a long journey and
wants the fuel to be there first," said Pavel Ostrovsky, who has kept the log for two years.

Officials in the regional administration declined to comment on the movements, and the
defence ministry said only that planned exercises were under way across the country.

Ostrovsky said the volunteers had moved their counting point twice since October after
police questioned two of them near the depot.

"Every number we publish costs us something, but people across the border read it before
breakfast," he added, standing beside a frozen signal box.

The log, which the group shares with a small circle of journalists, lists the time, the
direction and the visible cargo of every train that passes in daylight or under floodlights.
"""
)

REWRITE = unwrap(
    """
A group of rail enthusiasts who watch the line near Zhlobin say the army is moving fuel
south at a pace not seen for months.

According to the Gomel Courier, the volunteers logged eleven freight trains on Tuesday
night, many of them loaded with tankers and covered lorries.

Pavel Ostrovsky, who runs the log, told the Courier: "We have never seen so many tankers in
one night. Somebody is planning a long journey and wants the fuel to be there first."

The regional authorities would not say what the trains were for, and the defence ministry
again pointed to routine drills.

The volunteers say police pressure has forced them to move twice this autumn.
"""
)

OTHER_WIRE = unwrap(
    """
MINSK, Nov 9 - Belarus said on Tuesday that troops would hold readiness drills in the Gomel
region this week, the latest in a series of exercises announced since the autumn.

The defence ministry said units would practise crossing water obstacles and setting up field
camps, and that the drills were planned in advance and posed no threat to neighbours.

A ministry spokesman told reporters in Minsk that "the exercises are defensive" and gave no
figure for the number of soldiers taking part.

Ukraine's border service said it was watching the area closely but had seen no sign of a
strike group being formed.
"""
)

SAME_EVENT_WIRE = unwrap(
    """
KYIV, Nov 9 - Ukrainian officials are monitoring new military drills across the border in
southern Belarus, a spokesman for the State Border Guard Service said on Tuesday.

Minsk announced earlier in the day that its forces would train in the Gomel region,
including river crossings, and described the activity as routine.

The spokesman said the situation on the northern frontier remained under control and that no
offensive grouping had been detected, while engineers continued to fortify the border.

Belarus has hosted Russian units since October under a joint regional force, and Kyiv has
repeatedly warned that the north could become a front again.
"""
)


def report(
    doc: str,
    body: str,
    *,
    outlet: str | None = None,
    published: str | None = None,
    cited: list[str] | None = None,
) -> ReportText:
    return ReportText(doc=doc, outlet=outlet, published=published, body=body, cited=cited or [])


def edited(text: str) -> str:
    """A light edit: one sentence gone, a boilerplate line added, two paragraphs swapped."""
    lines = text.splitlines()
    del lines[3]
    lines[0], lines[1] = lines[1], lines[0]
    return "\n".join(["Subscribe to our newsletter for daily updates.", *lines])


def test_identical_text_is_a_near_duplicate_with_the_later_one_deriving() -> None:
    older = report("lakeland-1.txt", FEATURE, published="2022-11-09")
    copy = report("mirror.txt", FEATURE.upper().replace("\n", "\n\n"), published="2022-11-10")
    (relation,) = find_relations([copy, older])
    assert relation.kind == "near_duplicate"
    assert relation.evidence == "identical text"
    assert (relation.a, relation.b, relation.score) == ("mirror.txt", "lakeland-1.txt", 1.0)


def test_lightly_edited_copy_is_a_near_duplicate() -> None:
    (relation,) = find_relations([report("a.txt", FEATURE), report("b.txt", edited(FEATURE))])
    assert relation.kind == "near_duplicate"
    assert relation.evidence.startswith("Jaccard 0.")
    assert relation.evidence.endswith("of 5-word shingles")
    assert 0.5 <= relation.score < 1.0
    assert (relation.a, relation.b) == ("b.txt", "a.txt")  # no dates: the one indexed later


def test_two_reports_of_the_same_event_are_not_related() -> None:
    reports = [
        report("minsk-wire.txt", OTHER_WIRE, outlet="Minsk Wire", published="2022-11-09"),
        report("kyiv-wire.txt", SAME_EVENT_WIRE, outlet="Kyiv Wire", published="2022-11-09"),
    ]
    assert find_relations(reports) == []


@pytest.mark.parametrize("relay_first", [False, True])
def test_paraphrase_sharing_a_quotation_and_citing_the_outlet_is_derived(
    relay_first: bool,
) -> None:
    source = report("courier.txt", FEATURE, outlet="The Gomel Courier", published="2022-11-09")
    relay = report("roundup.txt", REWRITE, outlet="Newsroll", cited=["Gomel Courier"])
    reports = [relay, source] if relay_first else [source, relay]
    (relation,) = find_relations(reports)
    assert relation.kind == "derived"
    # the citing report derives, whatever the order and even without its date
    assert (relation.a, relation.b) == ("roundup.txt", "courier.txt")
    assert "cites The Gomel Courier" in relation.evidence
    assert "We have never seen so many tankers in one night" in relation.evidence
    assert 0.5 < relation.score <= 1.0


def test_a_name_in_the_text_is_a_citation_without_annotations() -> None:
    source = report("courier.txt", FEATURE, outlet="Gomel Courier")
    relay = report(
        "roundup.txt", REWRITE, outlet="Newsroll"
    )  # says "According to the Gomel Courier"
    (relation,) = find_relations([source, relay])
    assert (relation.kind, relation.a) == ("derived", "roundup.txt")


def test_a_shared_quotation_without_a_citation_is_not_derived() -> None:
    relay = report(
        "roundup.txt", REWRITE.replace("Gomel Courier", "paper").replace("Courier", "paper")
    )
    assert find_relations([report("courier.txt", FEATURE, outlet="Gomel Courier"), relay]) == []


def test_report_text_from_an_article_and_its_citations() -> None:
    lines = [
        Line(number=1, text="Trains roll south", role=LineRole.TITLE),
        *(
            Line(number=i + 2, text=t, role=LineRole.BODY)
            for i, t in enumerate(REWRITE.splitlines())
        ),
        Line(number=20, text="Share this story", role=LineRole.FURNITURE),
    ]
    article = Article(
        doc="roundup.txt",
        origin="x/roundup.txt",
        kind=DocKind.TEXT,
        title="Trains roll south",
        outlet="Newsroll",
        authors=[],
        published="2022-11-12",
        published_evidence=None,
        url=None,
        lines=lines,
    )
    mention = Mention(line=3, start=16, end=29, text="Gomel Courier", label="ORG")
    text = report_text(
        article, [CitationRef(mention=mention, cited="Gomel Courier", kind="outlet")]
    )
    assert text.cited == ["Gomel Courier"]
    assert "Share this story" not in text.body
    source = report("courier.txt", FEATURE, outlet="Gomel Courier", published="2022-11-09")
    (relation,) = find_relations([text, source])
    assert (relation.kind, relation.a, relation.b) == ("derived", "roundup.txt", "courier.txt")


def corpus() -> list[ReportText]:
    return [
        report("courier.txt", FEATURE, outlet="Gomel Courier", published="2022-11-09"),
        report("minsk-wire.txt", OTHER_WIRE, outlet="Minsk Wire", published="2022-11-09"),
        report("copy.txt", edited(FEATURE), outlet="Aggregator", published="2022-11-10"),
        report("kyiv-wire.txt", SAME_EVENT_WIRE, outlet="Kyiv Wire", published="2022-11-09"),
        report("roundup.txt", REWRITE, outlet="Newsroll", published="2022-11-12"),
        report("mirror.txt", OTHER_WIRE, outlet="Minsk Wire", published="2022-11-09"),
    ]


def test_incremental_index_gives_the_batch_relations() -> None:
    index = RecycledIndex()
    incremental = [r for item in corpus() for r in index.add(item.doc, item)]
    batch = find_relations(corpus())
    assert incremental == batch
    assert {(r.a, r.b, r.kind) for r in batch} == {
        ("copy.txt", "courier.txt", "near_duplicate"),
        ("roundup.txt", "courier.txt", "derived"),
        ("mirror.txt", "minsk-wire.txt", "near_duplicate"),
    }
    assert len(index) == 6 and "roundup.txt" in index
    assert index.add("roundup.txt", corpus()[4]) == []  # re-adding a key changes nothing


def test_serialise_restore_round_trip() -> None:
    items = corpus()
    whole = RecycledIndex()
    for item in items[:3]:
        whole.add(item.doc, item)
    restored = RecycledIndex.from_bytes(whole.to_bytes())
    assert len(restored) == 3
    for item in items[3:]:
        assert restored.add(item.doc, item) == whole.add(item.doc, item)
    assert len(restored) == len(whole) == len(items)


def test_restore_refuses_other_bytes() -> None:
    import pickle

    with pytest.raises(ValueError, match="not a pickled RecycledIndex"):
        RecycledIndex.from_bytes(pickle.dumps({"version": 1}))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "we will stay" and left.', ["we will stay"]),
        ("“Curly quotes,” she said, „German ones“ too.", ["Curly quotes,", "German ones"]),
        (
            '"A quotation that runs on\n"into the next paragraph."',
            ["A quotation that runs on", "into the next paragraph."],
        ),
        ("No quotation here, only an apostrophe's.", []),
    ],
)
def test_find_quotations(text: str, expected: list[str]) -> None:
    assert find_quotations(text) == expected


def test_names_and_numbers_skip_sentence_openers() -> None:
    terms = names_and_numbers(
        "The trains passed Zhlobin. About 9,000 soldiers came with Ostrovsky's group."
    )
    assert terms == {"zhlobin", "9,000", "ostrovsky"}
