"""The plain-text and Markdown clean stages: tables of small made-up scrapes.

Every input here is invented for the test (a fictional outlet, "Polesie
Wire"); the real corpus is scored separately in ``test_gold_clean.py``.
"""

from __future__ import annotations

import time

import pytest

from watchfloor.clean.markdown import clean_markdown, read_front_matter
from watchfloor.clean.text import clean_text, dateline_date, split_lines, wire_dateline
from watchfloor.records import Article, DocKind, Hints, LineRole

# Story paragraphs: long sentence-case prose, each distinct.
P = [
    "Railway workers in the south counted four more military trains on Tuesday, each "
    "carrying armoured vehicles towards the river crossing near the border.",
    "Local officials said the exercises would end on schedule, although they declined to "
    "say how many soldiers had arrived or where the convoys were heading next.",
    "A defence analyst in the capital estimated that about 5,000 troops were now in the "
    "region, well above the numbers seen during last year's summer drills.",
    "Residents of two villages near the forest reported new roads cut through the trees, "
    "and satellite pictures taken on Monday appear to confirm their accounts.",
    "The ministry has not commented on the reports, and its spokesman cancelled a weekly "
    "briefing that had been expected to address the movements in some detail.",
    "Neighbouring governments have asked for clarification through diplomatic channels, "
    "but no reply had been received by the time this report was published.",
]
TITLE = "Convoys move south as drills near their end"


def roles(article: Article) -> dict[int, LineRole]:
    return {line.number: line.role for line in article.lines}


def clean(lines: list[str], **kwargs: object) -> Article:
    return clean_text("\n".join(lines), doc="t.txt", origin="t.txt", **kwargs)  # type: ignore[arg-type]


# --- datelines and bylines -----------------------------------------------------

DATELINES = [
    # (head lines between title and story, published, authors, outlet)
    (
        ["By Jane Doe and John Roe", "February 23, 2022"],
        "2022-02-23",
        ["Jane Doe", "John Roe"],
        None,
    ),
    (["By Polesie Wire February 23, 2022"], "2022-02-23", [], "Polesie Wire"),
    (["By bne Polesie 23 February 2022"], "2022-02-23", [], "bne Polesie"),
    (["Anna Kowal", "9 February 2022, 10.10am"], "2022-02-09", ["Anna Kowal"], None),
    (["Published 12 Oct 2022 | Updated 13 Oct 2022"], "2022-10-12", [], None),
    (["Updated 13 Oct 2022"], None, [], None),  # an update is not the publication
    (["Posted on March 3, 2022 by Jane Doe"], "2022-03-03", ["Jane Doe"], None),
    (["Jane Doe | 23.02.2022"], "2022-02-23", ["Jane Doe"], None),
    (["2022-02-23"], "2022-02-23", [], None),
    (["Wednesday 23 Feb. 2022 14.30 GMT"], "2022-02-23", [], None),
    (["BY JANE DOE"], None, ["Jane Doe"], None),
    (["By Jane Doe, Defence Correspondent"], None, ["Jane Doe"], None),
    (["By Jane Doe in Kyiv"], None, ["Jane Doe"], None),
    (["By Reuters"], None, [], "Reuters"),
    (["By Staff Reporter"], None, [], None),
    ([], None, [], None),  # no dateline: no guess
]


@pytest.mark.parametrize(("head", "published", "authors", "outlet"), DATELINES)
def test_datelines_and_bylines(
    head: list[str], published: str | None, authors: list[str], outlet: str | None
) -> None:
    art = clean([TITLE, "", *head, "", *P])
    assert art.published == published
    assert art.authors == authors
    assert art.outlet == outlet
    assert art.title == TITLE
    if published:
        assert art.published_evidence in head
    for number in range(3, 3 + len(head)):
        assert art.lines[number - 1].role is LineRole.BYLINE


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("By Polesie Wire February 23, 2022", "2022-02-23"),
        ("9 February 2022, 10.10am", "2022-02-09"),
        ("Published 12 Oct 2022 | Updated 13 Oct 2022", "2022-10-12"),
        ("Updated 13 Oct 2022 | Published 12 Oct 2022", "2022-10-12"),
        ("Last updated: 1 March 2022", None),
        ("31 February 2022", None),  # not a day of the calendar
        ("February 2022", None),  # no day: not a dateline's precision
        ("Sept 5th, 2022", "2022-09-05"),
    ],
)
def test_dateline_date(text: str, expected: str | None) -> None:
    assert dateline_date(text) == expected


@pytest.mark.parametrize(
    ("opening", "expected"),
    [
        ("MINSK, Feb 20, 2022 (Reuters) - The ministry said nothing.", "2022-02-20"),
        ("KYIV, Ukraine, March 3, 2022 — Officials said the talks would go on.", "2022-03-03"),
        ("Минск, 20 февраля 2022 года. Министр обороны заявил, что учения идут.", "2022-02-20"),
        ("Київ, 23 лютого 2022 р. — Міністр сказав, що війська готові.", "2022-02-23"),
        ("Мінск, 21 лютага 2022 г. Міністр абароны заявіў пра вучэнні.", "2022-02-21"),
        # a sentence that opens with a place and a date is no dateline
        ("Minsk, 20 February 2022 was the day the drills were to end.", None),
        ("In Minsk, 20 February 2022 was cold and grey, and the station was quiet.", None),
        ("MINSK, Feb 20 (Reuters) - No year: not the publication day.", None),
    ],
)
def test_a_wire_dateline_opening_the_first_paragraph_dates_the_article(
    opening: str, expected: str | None
) -> None:
    story = [opening, "", *P[:2]]
    text = "\n".join(["A headline about the drills", "", *story])
    art = clean_text(text, doc="t.txt", origin="t")
    assert art.published == expected
    if expected:
        assert art.published_evidence and opening.startswith(art.published_evidence)
        found = wire_dateline(opening)
        assert found is not None and found[0] == expected


def test_dates_in_the_story_or_teasers_are_not_the_publication_date() -> None:
    story = [
        P[0],
        "",
        "The drills began on 10 February 2022, officials said, and will last ten days.",
        "",
    ]
    teasers = ["Read more", "Minsk parade planned for 3 July 2023, officials say", "|"]
    art = clean([TITLE, "", *story, *P[1:], "", *teasers])
    assert art.published is None
    assert art.published_evidence is None


# --- titles ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "title", "title_lines"),
    [
        ([TITLE, "", TITLE], TITLE, [1, 3]),  # repeated: page title, then the headline
        ([f"Home World {TITLE}", "", TITLE], TITLE, [1, 3]),  # a nav crumb run into it
        ([f"{TITLE} | Polesie Wire", TITLE], TITLE, [1, 2]),
        ([f"Analysis: {TITLE}"], TITLE, [1]),  # a section label is not the title
        (["Threat or drill?: Convoys move south"], "Threat or drill?: Convoys move south", [1]),
        (
            [
                "Teaser one about another story today",
                "|",
                "Teaser two on a different matter",
                "|",
                TITLE,
            ],
            TITLE,
            [5],
        ),
        (["Home > World > Europe", TITLE, "Sign up"], TITLE, [2]),
        (["Subscribe", TITLE], TITLE, [2]),  # a button above the headline
        ([], None, []),  # the story starts at line 1
    ],
)
def test_titles(head: list[str], title: str | None, title_lines: list[int]) -> None:
    art = clean([*head, "", *P])
    assert art.title == title
    assert [n for n, r in roles(art).items() if r is LineRole.TITLE] == title_lines
    if head and "Polesie Wire" in head[0]:
        assert art.outlet == "Polesie Wire"


def test_stated_metadata_wins() -> None:
    hints = Hints(
        title="A title from the feed",
        published="Wed, 23 Feb 2022 10:00:00 GMT",
        outlet="Feed Outlet",
        authors=["Feed Author"],
        url="https://example.org/a",
    )
    art = clean([TITLE, "By Jane Doe 1 March 2022", "", *P], hints=hints)
    assert art.title == "A title from the feed"
    assert art.published == "2022-02-23"
    assert art.published_evidence == "Wed, 23 Feb 2022 10:00:00 GMT"
    assert (art.outlet, art.authors, art.url) == ("Feed Outlet", ["Feed Author"], hints.url)
    assert art.kind is DocKind.TEXT


def test_stated_title_marks_its_line() -> None:
    art = clean([f"Analysis: {TITLE}", "", *P], hints=Hints(title=TITLE))
    assert art.lines[0].role is LineRole.TITLE


def test_iso_datetime_hint_is_normalised() -> None:
    art = clean([TITLE, "", *P], hints=Hints(published="2022-02-23T10:00:00+00:00"))
    assert art.published == "2022-02-23"


# --- line roles -------------------------------------------------------------------

SCRAPE = [
    "Home News Europe",  # 1 nav
    TITLE,  # 2
    "Photo: Anna Kowal/Polesie Wire",  # 3 credit
    "By Jane Doe",  # 4
    "",
    P[0],  # 6
    "Officials said nothing more.",  # 7 short sentence inside the story
    P[1],  # 8
    "",
    "WHAT COMES NEXT",  # 10 shouted subhead
    "",
    P[2],  # 12
    "Get the free Polesie Wire newsletter",  # 13 prompt
    "A weekly summary of the stories we covered.",  # 14 its blurb
    P[3],  # 15
    "A convoy near the river crossing on Monday",  # 16 caption
    "AP/Polesie/Anna Kowal",  # 17 credit
    "Villages on edge",  # 18 sentence-case subhead
    P[4],  # 19
    "By the end of the week, the last trains had left the depot.",  # 20 body, not a byline
    "  railway workers in the south counted four MORE military trains on Tuesday, each "
    "carrying armoured vehicles towards the river crossing near the border.",  # 21 repeat of 6
    P[5],  # 22
    "Jane Doe is a freelance journalist based in Warsaw. Twitter: @janedoe",  # 23 bio
    "View Comments",  # 24
    "Log In",  # 25
    "Read More",  # 26
    "Another story entirely about grain exports.",  # 27 teaser
    "|",  # 28
    "Exit mobile version",  # 29
]
EXPECTED_ROLES = {
    1: LineRole.FURNITURE,
    2: LineRole.TITLE,
    3: LineRole.CAPTION,
    4: LineRole.BYLINE,
    5: LineRole.BLANK,
    6: LineRole.BODY,
    7: LineRole.BODY,
    8: LineRole.BODY,
    10: LineRole.SUBHEAD,
    12: LineRole.BODY,
    13: LineRole.FURNITURE,
    14: LineRole.FURNITURE,
    15: LineRole.BODY,
    16: LineRole.CAPTION,
    17: LineRole.CAPTION,
    18: LineRole.SUBHEAD,
    19: LineRole.BODY,
    20: LineRole.BODY,
    21: LineRole.BODY,
    22: LineRole.BODY,
    23: LineRole.BYLINE,
    24: LineRole.FURNITURE,
    25: LineRole.FURNITURE,
    26: LineRole.FURNITURE,
    27: LineRole.FURNITURE,
    28: LineRole.FURNITURE,
    29: LineRole.FURNITURE,
}


@pytest.mark.parametrize(("number", "role"), sorted(EXPECTED_ROLES.items()))
def test_line_roles(number: int, role: LineRole) -> None:
    assert roles(clean(SCRAPE))[number] is role


def test_scrape_metadata_and_duplicates() -> None:
    art = clean(SCRAPE)
    assert art.title == TITLE
    assert art.authors == ["Jane Doe"]  # the byline; the bio names the same person
    assert art.outlet == "Polesie Wire"  # named by its own newsletter prompt
    assert art.published is None
    assert art.lines[20].duplicate_of == 6  # whitespace and case do not hide a repeat
    assert [line.number for line in art.body_lines if line.duplicate_of] == [21]
    assert art.body.count("four more military trains") == 1


def test_bio_names_the_author_when_there_is_no_byline() -> None:
    bio = "Anna Kowal is a visiting fellow at a research institute. Twitter: @akowal"
    art = clean([TITLE, "", *P, bio, "Subscribe"])
    assert art.authors == ["Anna Kowal"]
    assert art.lines[-2].role is LineRole.BYLINE


def test_story_sentences_about_people_are_not_bios() -> None:
    line = "Anna Kowal is a farmer whose fields border the new forest road."
    art = clean([TITLE, "", P[0], line, *P[1:]])
    assert art.authors == []
    assert art.lines[3].role is LineRole.BODY


def test_one_sentence_paragraphs_stay_one_story() -> None:
    short = [f"Witness {n} said the trains passed the station before dawn." for n in range(6)]
    art = clean([TITLE, "", P[0], *short, P[1], *short[:2], P[2]])
    assert [line.number for line in art.body_lines] == list(range(3, 3 + 1 + 6 + 1 + 2 + 1))


def test_inline_box_does_not_cut_the_story() -> None:
    box = ["Related stories", "Grain deal talks stall", "Port reopens", "Bridge repairs", "Sign up"]
    art = clean([TITLE, "", *P[:3], *box, *P[3:]])
    body = {line.text for line in art.body_lines}
    assert set(P) <= body
    assert not body & set(box)


def test_readers_comments_are_not_the_story() -> None:
    comments = [
        "3 comments",
        "grainwatcher",
        "I live near the crossing and we have seen nothing like this since the summer, when "
        "the same kind of convoys came through every night for almost two weeks.",
        "Reply",
    ]
    art = clean([TITLE, "", *P, *comments])
    assert art.body_lines[-1].text == P[-1]


def test_teasers_before_and_after_are_not_the_story() -> None:
    teasers = [
        "Investors are losing patience with the central bank's slow response to inflation.",
        "|",
        "The summit will focus on expanding membership and reducing reliance on the dollar.",
        "|",
    ]
    art = clean([*teasers, TITLE, "Sign up", "", *P, "Read More", *teasers])
    assert [line.text for line in art.body_lines] == P
    assert art.title == TITLE


# --- edge cases -------------------------------------------------------------------


def test_crlf_lines_keep_numbers_and_lose_the_cr() -> None:
    lf = clean([TITLE, "", *P])
    crlf = clean_text("\r\n".join([TITLE, "", *P]), doc="t.txt", origin="t.txt")
    assert [(x.number, x.role, x.text) for x in crlf.lines] == [
        (x.number, x.role, x.text) for x in lf.lines
    ]
    assert crlf.content_hash == lf.content_hash
    assert split_lines("a\r\nb\r\n") == ["a", "b", ""]


def test_every_input_line_is_a_line() -> None:
    text = "\n".join([TITLE, "", *P]) + "\n"
    art = clean_text(text, doc="t.txt", origin="t.txt")
    assert [line.number for line in art.lines] == list(range(1, text.count("\n") + 2))
    assert art.text == text


@pytest.mark.parametrize("text", ["", "\n\n\n", "   \n\t\n", "\ufeff"])
def test_empty_and_blank_texts(text: str) -> None:
    art = clean_text(text, doc="t.txt", origin="t.txt")
    assert art.body_lines == []
    assert art.title is None
    assert art.published is None
    assert {line.role for line in art.lines} == {LineRole.BLANK}
    assert len(art.lines) == text.count("\n") + 1


def test_a_short_note_without_long_prose_still_has_a_body() -> None:
    art = clean([TITLE, "", "Four trains passed the station before dawn on Tuesday.", "Log In"])
    assert [line.number for line in art.body_lines] == [3]
    assert art.title == TITLE


def test_a_huge_text_is_cleaned_in_linear_time() -> None:
    block = ["Villages on edge", P[0], "", "Officials said nothing more that day.", "Sign up"]
    text = "\n".join(block * 20_000)  # 100,000 lines
    started = time.perf_counter()
    art = clean_text(text, doc="big.txt", origin="big.txt")
    elapsed = time.perf_counter() - started
    assert len(art.lines) == 100_000
    assert len(art.body_lines) == 40_000
    assert sum(1 for line in art.body_lines if line.duplicate_of) == 40_000 - 2
    assert elapsed < 30, f"{elapsed:.1f}s for 100,000 lines"


# --- Markdown ---------------------------------------------------------------------

FRONT = [
    "---",
    "title: Convoys move south",
    "date: 2022-02-23",
    "site: Polesie Wire",
    "authors: [Jane Doe, John Roe]",
    "url: https://example.org/convoys",
    "---",
]


def md(lines: list[str], hints: Hints | None = None) -> Article:
    return clean_markdown("\n".join(lines), doc="t.md", origin="t.md", hints=hints)


def test_markdown_front_matter() -> None:
    art = md([*FRONT, "", "# Convoys move south", "", *P])
    assert art.kind is DocKind.MARKDOWN
    assert art.title == "Convoys move south"
    assert art.published == "2022-02-23"
    assert art.published_evidence == "date: 2022-02-23"
    assert art.outlet == "Polesie Wire"
    assert art.authors == ["Jane Doe", "John Roe"]
    assert art.url == "https://example.org/convoys"
    assert all(line.role is LineRole.FURNITURE for line in art.lines[:7])
    assert art.lines[8].role is LineRole.TITLE
    assert [line.number for line in art.body_lines] == list(range(11, 11 + len(P)))


def test_markdown_hints_win_over_front_matter() -> None:
    art = md([*FRONT, *P], hints=Hints(title="Feed title", outlet="Feed Outlet"))
    assert (art.title, art.outlet, art.published) == ("Feed title", "Feed Outlet", "2022-02-23")


@pytest.mark.parametrize(
    "front",
    [
        ["---", "title: [unclosed", "---"],
        ["---", "date: 2022-02-30", "---"],  # YAML builds dates, and this one cannot be
        ["---", "- just", "- a list", "---"],
        ["---", "title: Convoys move south", "..."],
    ],
)
def test_markdown_bad_front_matter_is_ignored_not_fatal(front: list[str]) -> None:
    art = md([*front, "# Heading from the text", "", *P])
    if front[-1] == "...":
        assert art.title == "Convoys move south"  # "..." also closes a YAML document
    else:
        assert art.title == "Heading from the text"
        assert art.published is None
    assert all(line.role is LineRole.FURNITURE for line in art.lines[: len(front)])
    assert len(art.lines) == len(front) + 2 + len(P)
    assert [line.text for line in art.body_lines] == P


def test_markdown_without_front_matter() -> None:
    lines = [
        "# Convoys *move* south",
        "",
        "By Jane Doe, 23 February 2022",
        "",
        f"{P[0][:40]}**{P[0][40:60]}**{P[0][60:]}",
        "",
        "![A convoy near the crossing](convoy.jpg)",
        "",
        "## What comes next",
        "",
        f"{P[1]} See [the ministry's statement](https://example.org/s).",
        "- Officials said nothing more about the trains.",
        "",
        "[Read the next story](https://example.org/next)",
        *P[2:],
    ]
    art = md(lines)
    assert art.title == "Convoys move south"
    assert (art.published, art.authors) == ("2022-02-23", ["Jane Doe"])
    r = roles(art)
    assert (r[1], r[3], r[7], r[9], r[14]) == (
        LineRole.TITLE,
        LineRole.BYLINE,
        LineRole.CAPTION,
        LineRole.SUBHEAD,
        LineRole.FURNITURE,
    )
    assert [n for n, role in r.items() if role is LineRole.BODY] == [5, 11, 12, 15, 16, 17, 18]
    assert art.lines[4].text == lines[4]  # markup stays in the stored text


def test_lone_rule_is_not_front_matter() -> None:
    assert read_front_matter(["---", "Just a story line."]) == (0, None)
    assert read_front_matter(["Text", "---"]) == (0, None)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Posted 22/12/2022 18:05 CET by Newsroll staff", "2022-12-22"),
        ("Posted 12/22/2022", "2022-12-22"),
        ("Posted 03/04/2022", None),  # day-first or month-first: not a guess
    ],
)
def test_slash_datelines_only_when_unambiguous(line: str, expected: str | None) -> None:
    assert dateline_date(line) == expected


def test_copyright_footer_names_the_outlet_not_a_newsletter_topic() -> None:
    body = " ".join(["Troops crossed the border near the river at dawn, officials said."] * 4)
    text = "\n".join(
        [
            "Headline about troop movements",
            "",
            body,
            "",
            body.replace("dawn", "dusk"),
            "",
            "Get our Belarus newsletter every Friday",
            "",
            "Dnieper Daily (c) 2022",
        ]
    )
    art = clean_text(text, doc="x.txt", origin="x.txt")
    assert art.outlet == "Dnieper Daily"


def test_a_report_with_no_prose_keeps_its_figures() -> None:
    text = "\n".join(
        [
            "Belaruskali quarterly results",
            "",
            "Potash output 2.1 mln tonnes vs 2.4 mln",
            "Exports via Lithuania 0.0 vs 1.8 mln tonnes",
            "Net 412 mln dlrs vs 655 mln",
            "Share this article",
            " Reuter",
        ]
    )
    art = clean_text(text, doc="table.txt", origin="table.txt")
    assert [ln.number for ln in art.body_lines] == [3, 4, 5]
    assert art.title == "Belaruskali quarterly results"
