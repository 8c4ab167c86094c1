"""A forwarded Telegram post is relayed reporting: it counts as the channel it forwards,
not as a second source, in every independence verdict."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from tests.conftest import make_article
from watchfloor import query
from watchfloor.link.happenings import Report, independent_sources
from watchfloor.link.independence import Backing, independent_units, judge, recycling
from watchfloor.records import Annotation, ClaimRef, EventRef, Mention
from watchfloor.store import Store


def test_a_forward_counts_with_the_channel_it_forwards() -> None:
    items = [
        Backing(article_id=3, content=40, publisher="Rail Watch", published="2022-02-21"),
        Backing(
            article_id=8,
            content=40,
            publisher="Polesie Observer",
            forwarded_from="Rail Watch",
            published="2022-02-21",
        ),
        Backing(article_id=9, content=40, publisher="Gomel Notes", published="2022-02-22"),
    ]
    verdicts = judge(items)
    assert [v.independent for v in verdicts] == [True, False, True]
    assert verdicts[1].counts_with == 3
    assert verdicts[1].reason == "forwards Rail Watch (article 3)"
    assert independent_units(items, verdicts) == 2


def test_a_forward_whose_original_is_not_in_the_store_is_the_original_channels_report() -> None:
    items = [
        Backing(
            article_id=1, content=40, publisher="Polesie Observer", forwarded_from="Rail Watch"
        ),
        Backing(article_id=2, content=40, publisher="Gomel Notes", forwarded_from="rail watch"),
        # the forwarding channel's own later report of the figure is its own
        Backing(article_id=5, content=40, publisher="Polesie Observer", published="2022-03-01"),
    ]
    verdicts = judge(items)
    assert verdicts[0].independent and verdicts[0].unit == "rail watch"
    assert verdicts[1].reason == "forwards rail watch, as article 1 does"
    assert verdicts[2].independent
    assert independent_units(items, verdicts) == 2


def test_a_named_source_in_a_forward_stays_the_unit() -> None:
    items = [
        Backing(article_id=1, content=1, publisher="A", source="Viktor Khrenin"),
        Backing(
            article_id=2, content=1, publisher="B", source="Viktor Khrenin", forwarded_from="A"
        ),
    ]
    verdicts = judge(items)
    assert verdicts[1].reason == "same source (Viktor Khrenin) as article 1"


def test_a_forward_relation_counts_as_recycling() -> None:
    items = [
        Backing(article_id=1, content=5, publisher="A"),
        Backing(article_id=2, content=5, publisher="B"),
    ]
    verdicts = judge(items, recycles=recycling([{"a_id": 2, "b_id": 1, "kind": "forward"}]))
    assert verdicts[1].reason == "forwards article 1"


def claim(value: float) -> Annotation:
    text = f"About {value:,.0f} flatcars were unloaded at Yelsk."
    return Annotation(
        language="en",
        skipped=None,
        entities=[],
        places=[],
        times=[],
        events=[],
        claims=[
            ClaimRef(
                mention=Mention(line=3, start=0, end=len(text), text=text, label="CLAIM"),
                value=value,
                value_low=None,
                value_high=None,
                unit="other",
                subject="flatcars unloaded at Yelsk",
                hedged=True,
                source=None,
                source_type="unknown",
                via=None,
                as_of="2022-02-21",
            )
        ],
        citations=[],
        statements=[],
    )


def test_estimates_from_the_store_count_a_stored_forward_as_the_original_channel(
    tmp_path: Path,
) -> None:
    store = Store.open(tmp_path / "w.db")
    # the original was edited after the forward, so the texts differ: two articles
    original = make_article(["About 40 flatcars were unloaded at Yelsk, more coming."],
                            doc="rail#3", outlet="Rail Watch", published="2022-02-21")  # fmt: skip
    forward = replace(
        make_article(["About 40 flatcars were unloaded at Yelsk (first count)."],
                     doc="observer#6", outlet="Polesie Observer", published="2022-02-21"),
        forwarded_from="Rail Watch",
    )  # fmt: skip
    other = make_article(["Some 40 flatcars at Yelsk, our people counted."], doc="gomel#2",
                         outlet="Gomel Notes", published="2022-02-22")  # fmt: skip
    ids = [a.article_id for a in store.add([original, forward, other])]
    store.add_annotations(list(zip(ids, [claim(40), claim(40), claim(40)], strict=True)))
    assert store.get_article(ids[1]).article.forwarded_from == "Rail Watch"
    [series] = query.estimates(store)
    verdicts = {e.claim.doc: e for e in series.estimates}
    assert verdicts["observer#6"].claim.forwarded_from == "Rail Watch"
    assert verdicts["observer#6"].echo_of == ids[0]
    assert verdicts["observer#6"].reason == f"forwards Rail Watch (article {ids[0]})"
    assert verdicts["gomel#2"].independent
    assert series.sources == 2
    store.close()


def test_a_forward_is_no_extra_source_of_a_happening() -> None:
    quote = "Three trains passed Kalinkavichy."
    event = EventRef(
        mention=Mention(line=1, start=0, end=len(quote), text=quote, label="EVENT"),
        type="movement",
        actors=[],
        place="Kalinkavichy",
        date="2022-02-21",
        date_text=None,
    )
    original = Report(article=1, event=event, outlet="Rail Watch")
    forward = Report(article=2, event=event, outlet="Polesie Observer", forwarded_from="Rail Watch")
    own = Report(article=3, event=event, outlet="Polesie Observer")
    assert independent_sources([original, forward]) == 1
    assert independent_sources([original, forward, own]) == 2
