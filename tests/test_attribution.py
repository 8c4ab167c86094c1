"""Attribution: quotations, speakers, cues and sources, with words from the pack and
sources from the theatre. Entities are written by hand here (no model)."""

from __future__ import annotations

import copy
from collections.abc import Sequence

import pytest

from tests.conftest import make_article
from watchfloor.lang import LanguagePack, load_language
from watchfloor.nlp.attribution import (
    ArticleView,
    Sources,
    attribute,
    cues,
    quote_spans,
    speaker_at,
    state_name,
)
from watchfloor.records import EntityRef, Mention
from watchfloor.theatres import Theatre, default_theatre


def _entity(article_line: int, text: str, line_text: str, canonical: str, type_: str) -> EntityRef:
    start = line_text.index(text)
    mention = Mention(line=article_line, start=start, end=start + len(text), text=text, label=type_)
    return EntityRef(canonical=canonical, type=type_, mentions=[mention])


def _view(body: list[str], entities: Sequence[tuple[str, str, str]] = ()) -> ArticleView:
    """An article of ``body`` lines (line 3 onwards) with entities (text, canonical, type)
    found on the first line that holds them."""
    article = make_article(body)
    refs = []
    for text, canonical, type_ in entities:
        number, line = next((i + 3, t) for i, t in enumerate(body) if text in t)
        refs.append(_entity(number, text, line, canonical, type_))
    return ArticleView(article, [], refs, ())


def test_quote_spans_pairs_and_straight_marks() -> None:
    text = 'He said “we will stay” and "no more".'
    spans = quote_spans(text)
    assert [text[a:b] for a, b in spans] == ["“we will stay”", '"no more"']


def test_an_open_quotation_runs_to_the_end_of_the_line() -> None:
    text = "“We will stay, and"
    assert quote_spans(text) == [(0, len(text))]


def test_quotation_marks_come_from_the_pack() -> None:
    en = load_language("en")
    sections = copy.deepcopy({k: dict(v) for k, v in en.sections.items()})
    sections["attribution"]["quote_pairs"] = ["«»", "„“"]
    pack = LanguagePack(code="xx", name="test", path=None, sections=sections)
    text = "Он сказал: «мы останемся» и „нет“."
    assert [text[a:b] for a, b in quote_spans(text, lang=pack)] == ["«мы останемся»", "„нет“"]


@pytest.mark.parametrize(
    ("state", "name"),
    [("Ukraine", "Government of Ukraine"), ("United Kingdom", "Government of the United Kingdom")],
)
def test_state_name(state: str, name: str) -> None:
    assert state_name(state) == name


def test_sources_come_from_the_theatre() -> None:
    shipped = Sources.of(default_theatre())
    assert "Institute for the Study of War" in shipped.think_tanks
    assert "BelTA" in shipped.agencies
    empty = Sources.of(Theatre.empty())
    assert not empty.think_tanks and not empty.agencies


@pytest.mark.parametrize(
    ("sentence", "entities", "speaker", "type_"),
    [
        (
            "Hanna Liubakova, a Belarus expert with the Atlantic Council, said the troops stay.",
            [
                ("Hanna Liubakova", "Hanna Liubakova", "PERSON"),
                ("Atlantic Council", "Atlantic Council", "ORG"),
            ],
            "Hanna Liubakova",
            "expert",
        ),
        (
            "Ukrainian security sources say the troops stay.",
            [],
            "Ukrainian security sources",
            "anonymous",
        ),
        (
            "Western officials said the troops stay.",
            [],
            "Western officials",
            "official",
        ),
        (
            "According to the Institute for the Study of War, the troops stay.",
            [("Institute for the Study of War", "Institute for the Study of War", "ORG")],
            "Institute for the Study of War",
            "expert",
        ),
    ],
)
def test_cue_speakers(
    sentence: str, entities: list[tuple[str, str, str]], speaker: str, type_: str
) -> None:
    view = _view([sentence], entities)
    line = view.lines[0]
    found = [c for c in cues(view, line, 0, len(sentence)) if c.speaker is not None]
    assert found and found[0].speaker is not None
    assert (found[0].speaker.name, found[0].speaker.type) == (speaker, type_)


def test_negated_and_infinitive_cues_are_no_cues() -> None:
    for sentence in ("Minsk has not claimed the strike.", "Minsk declined to say more."):
        view = _view([sentence])
        assert not any(
            c.start == sentence.index(w)
            for c in cues(view, view.lines[0], 0, len(sentence))
            for w in ("claimed", "say")
            if w in sentence
        )


def test_pronoun_speaker_resolves_to_the_person_before() -> None:
    body = ["Olga Ivanova is an analyst.", "“About 400 soldiers arrived,” she said."]
    view = _view(body, [("Olga Ivanova", "Olga Ivanova", "PERSON")])
    line = view.lines[1]
    text = line.text
    at = text.index("400")
    result = attribute(view, line, (at, at + 3), at + 12, (0, len(text)), [(0, len(text))])
    assert result.source == "Olga Ivanova"


def test_capital_speaks_for_its_state_but_not_inside_a_name() -> None:
    text = "Kyiv believes 30,000 troops are there, under the Vienna Document."
    article = make_article([text])
    places = [
        Mention(line=3, start=0, end=4, text="Kyiv", label="GPE"),
        Mention(line=3, start=49, end=55, text="Vienna", label="GPE"),
    ]
    view = ArticleView(article, places, [], ())
    sp = speaker_at(view, view.lines[0], 0, 13, nearest="right")
    assert sp is not None and sp.name == "Kyiv (Government of Ukraine)"
    assert speaker_at(view, view.lines[0], 40, len(text), nearest="left") is None
