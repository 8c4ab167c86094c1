"""Hard-wrapped plain text: paragraphs found, every line kept with its paragraph's role."""

from __future__ import annotations

import textwrap

from watchfloor.clean.text import clean_text, split_lines
from watchfloor.clean.wrapped import paragraph_blocks
from watchfloor.records import LineRole

PARAGRAPHS = [
    "Railway workers in southern Belarus reported on Tuesday that at least "
    "twelve trains carrying armour and fuel tankers had passed through the "
    "junction at Kalinkavichy during the previous week, several times more than "
    "in a normal week of freight traffic on that line.",
    "The monitoring group said the trains came from the east and were unloaded "
    "at sidings near Mazyr, some 50 km from the border with Ukraine, where field "
    "camps have grown since the joint exercises ended last month.",
    "Officials in Minsk declined to comment on the figures, saying only that "
    "the movements were part of planned training of the regional grouping.",
]


def wire_story(indent: str = "    ", blank: bool = False) -> str:
    """A wire story wrapped at 70 columns, paragraphs marked by indentation or blank lines."""
    out = ["Armour trains reach southern Belarus, monitors say", ""]
    for n, paragraph in enumerate(PARAGRAPHS):
        wrapped = textwrap.wrap(paragraph, 70)
        if n and not blank:
            wrapped[0] = indent + wrapped[0]
        out.extend(wrapped)
        if blank:
            out.append("")
    out.append(" Reuter")
    return "\n".join(out)


def test_indented_paragraphs_are_grouped() -> None:
    lines = split_lines(wire_story())
    blocks = paragraph_blocks(lines)
    assert blocks is not None
    texts = [" ".join(lines[i].strip() for i in block) for block in blocks]
    for paragraph in PARAGRAPHS:
        assert paragraph in texts


def test_wrapped_story_keeps_all_its_words_as_body() -> None:
    for story in (wire_story(), wire_story(blank=True)):
        art = clean_text(story, doc="wire.txt", origin="wire.txt")
        body_words = " ".join(art.body.split())
        for paragraph in PARAGRAPHS:
            assert paragraph in body_words
        assert art.title == "Armour trains reach southern Belarus, monitors say"
        assert [ln.number for ln in art.lines] == list(range(1, len(split_lines(story)) + 1))
        assert art.lines[-1].role is not LineRole.BODY  # the " Reuter" sign-off


def test_one_paragraph_per_line_is_not_treated_as_wrapped() -> None:
    scrape = "\n\n".join(["A headline of the day", *PARAGRAPHS])
    assert paragraph_blocks(split_lines(scrape)) is None


def test_menus_of_short_lines_are_not_treated_as_wrapped() -> None:
    menu = "\n".join(["Home", "News", "World", "Europe", "Belarus", "Opinion", "Video"])
    assert paragraph_blocks(split_lines(menu)) is None
