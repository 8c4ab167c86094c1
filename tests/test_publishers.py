"""Publishers: what the input states, else the URL host; never a body named in the text."""

from __future__ import annotations

from pathlib import Path

from watchfloor.clean import clean
from watchfloor.clean.markdown import clean_markdown
from watchfloor.clean.publisher import host_of, publisher_for_url
from watchfloor.clean.text import clean_text
from watchfloor.records import DocKind, Hints, LineRole, RawDoc
from watchfloor.sources.files import read_path
from watchfloor.sources.options import SourceOptions
from watchfloor.theatres import load_theatre

STORY = (
    "Russian troops stayed on in Belarus after the joint drills ended, the defence "
    "ministry in Minsk said in a short statement on Sunday evening.\n\n"
    "The ministry gave no number, but officials in Kyiv put the force at about "
    "thirty thousand soldiers spread over several camps near the border.\n"
)


def test_a_text_file_with_front_matter_states_its_publisher(tmp_path: Path) -> None:
    path = tmp_path / "update.txt"
    path.write_text(
        "---\npublisher: Flank Institute\nauthor: Jane Roe\ndate: 2022-02-10\n---\n"
        "Drills go on near the border\n\n" + STORY
    )
    [raw] = list(read_path(str(path), options=SourceOptions()))
    assert isinstance(raw, RawDoc)
    article = clean(raw)
    assert article.outlet == "Flank Institute"
    assert article.authors == ["Jane Roe"]
    assert article.published == "2022-02-10"
    assert article.title == "Drills go on near the border"
    fenced = article.lines[:5]
    assert [line.role for line in fenced] == [LineRole.FURNITURE] * 5
    assert "publisher" not in article.body


def test_front_matter_publisher_keys_and_an_organisation_as_author() -> None:
    for key in ("publisher", "outlet", "site"):
        text = f"---\n{key}: Dnieper Daily\n---\n# Drills go on\n\n{STORY}"
        assert clean_markdown(text, doc="a.md", origin="a.md").outlet == "Dnieper Daily"
    text = f"---\nauthor: Flank Institute\n---\nDrills go on\n\n{STORY}"
    assert clean_text(text, doc="a.txt", origin="a.txt").outlet == "Flank Institute"
    text = f"---\nauthor: Jane Roe\n---\nDrills go on\n\n{STORY}"
    assert clean_text(text, doc="a.txt", origin="a.txt").outlet is None


def test_the_url_host_stands_in_when_nothing_names_the_publisher() -> None:
    theatre = load_theatre("belarus-2022")
    assert host_of("https://www.understandingwar.org/backgrounder/x") == "understandingwar.org"
    assert host_of("file:///tmp/x.txt") is None
    assert (
        publisher_for_url("https://www.understandingwar.org/backgrounder/x", theatre=theatre)
        == "Institute for the Study of War"
    )
    assert publisher_for_url("https://news.bbc.co.uk/1/x.stm", theatre=theatre) == "BBC"
    assert publisher_for_url("https://www.smallsite.example/a", theatre=theatre) == (
        "smallsite.example"
    )
    raw = RawDoc(
        origin="x",
        name="x.txt",
        kind=DocKind.TEXT,
        text="Drills go on\n\n" + STORY,
        hints=Hints(url="https://www.reuters.com/world/europe/x"),
    )
    assert clean(raw, theatre=theatre).outlet == "Reuters"
    # a stated publisher wins over the host
    raw.hints.outlet = "Polesie Wire"
    assert clean(raw, theatre=theatre).outlet == "Polesie Wire"


def test_an_organisation_named_in_the_text_is_not_the_publisher() -> None:
    text = (
        "Belarus drills worry the alliance\n\n"
        "(c) NATO / Alamy Stock Photo. All rights reserved\n\n"
        + STORY
        + "\nRelated: Finland's NATO membership bid explained\n"
    )
    assert clean_text(text, doc="a.txt", origin="a.txt").outlet is None
    text = "Belarus drills worry the alliance\n\nBelarus drills worry the alliance - NATO says\n\n"
    assert clean_text(text + STORY, doc="a.txt", origin="a.txt").outlet is None
    # the site's own footer and prompts still name it
    text = "Belarus drills go on\n\n" + STORY + "\nGet the free Polesie Wire newsletter\n"
    assert clean_text(text, doc="a.txt", origin="a.txt").outlet == "Polesie Wire"
    text = "Belarus drills go on\n\n" + STORY + "\n© 2022 Polesie Wire. All rights reserved.\n"
    assert clean_text(text, doc="a.txt", origin="a.txt").outlet == "Polesie Wire"


def _page(head: str) -> str:
    story = " ".join(["Russian troops stayed in Belarus after the drills, the ministry said."] * 4)
    return (
        f"<html><head><title>Drills go on</title>{head}</head><body><article>"
        f"<h1>Drills go on</h1><p>{story}</p></article></body></html>"
    )


def test_a_web_page_states_its_publisher_in_its_metadata() -> None:
    theatre = load_theatre("belarus-2022")
    pages = {
        '<meta property="og:site_name" content="Polesie Wire">': "Polesie Wire",
        '<script type="application/ld+json">{"@context": "https://schema.org", '
        '"@type": "NewsArticle", "headline": "Drills go on", "publisher": '
        '{"@type": "Organization", "name": "Dnieper Daily"}}</script>': "Dnieper Daily",
        # no site metadata: the host, named by the pack when it knows it
        "": "Reuters",
    }
    for head, outlet in pages.items():
        raw = RawDoc(
            origin="x",
            name="x.html",
            kind=DocKind.HTML,
            text=_page(head),
            hints=Hints(url="https://www.reuters.com/world/x"),
        )
        assert clean(raw, theatre=theatre).outlet == outlet


def test_a_json_item_names_its_publisher() -> None:
    from watchfloor.sources.jsondocs import read_json

    data = (
        b'[{"title": "Drills", "text": "Troops stayed.", "publisher": {"name": "Flank Institute"}}]'
    )
    [raw] = list(read_json(data, origin="a.json", name="a.json"))
    assert isinstance(raw, RawDoc) and raw.hints.outlet == "Flank Institute"


def test_a_site_name_in_the_page_title_and_over_the_dateline_is_the_publisher() -> None:
    text = (
        "Drills go on near the border - Marsh Evening Post\n\n"
        "Marsh Evening Post\nDrills go on near the border\n"
        "Posted 10/02/2022 by Jane Roe\n\n" + STORY
    )
    article = clean_text(text, doc="a.txt", origin="a.txt")
    assert article.title == "Drills go on near the border"
    assert article.outlet == "Marsh Evening Post"
    text = "Drills go on near the border\n\nPripyat Morning Bulletin\n10 February 2022\n\n" + STORY
    article = clean_text(text, doc="a.txt", origin="a.txt")
    assert article.outlet == "Pripyat Morning Bulletin"
    assert "Pripyat Morning Bulletin" not in article.authors
