"""Properties every cleaner keeps whatever the input: nothing lost, numbers stable."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from watchfloor.clean.html import clean_html
from watchfloor.clean.markdown import clean_markdown
from watchfloor.clean.text import clean_text, split_lines
from watchfloor.records import LineRole

LINE = st.one_of(
    st.text(max_size=120),
    st.sampled_from(
        [
            "",
            "By Jane Doe February 23, 2022",
            "Photo: Polesie Wire",
            "Sign up for our newsletter",
            "Troops moved closer to the border on Sunday, officials said.",
            "CALCULUS CHANGING",
            "---",
            "title: x",
            "|",
        ]
    ),
)
TEXT = st.lists(LINE, max_size=40).map("\n".join)


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_text_cleaner_keeps_every_line_with_its_number(text: str) -> None:
    art = clean_text(text, doc="x.txt", origin="x.txt")
    expected = split_lines(text)
    assert [ln.number for ln in art.lines] == list(range(1, len(expected) + 1))
    assert [ln.text for ln in art.lines] == expected
    for ln in art.lines:
        if ln.duplicate_of is not None:
            assert ln.role is LineRole.BODY and ln.duplicate_of < ln.number
        if not ln.text.strip():
            assert ln.role is LineRole.BLANK


@settings(max_examples=100, deadline=None)
@given(TEXT)
def test_markdown_cleaner_keeps_every_line_with_its_number(text: str) -> None:
    art = clean_markdown(text, doc="x.md", origin="x.md")
    assert [ln.number for ln in art.lines] == list(range(1, len(art.lines) + 1))
    assert [ln.text for ln in art.lines] == split_lines(text)


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=400))
def test_html_cleaner_never_raises(markup: str) -> None:
    art = clean_html(markup, doc="x.html", origin="x.html")
    assert [ln.number for ln in art.lines] == list(range(1, len(art.lines) + 1))
