"""Statements: who said what, direct or reported, with the speaker's canonical name.

Texts are written for these tests. The articles run through the real pipeline
(spaCy mentions, entities), once per module.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import make_article
from watchfloor.jsonform import statement_json
from watchfloor.nlp.entities import article_entities
from watchfloor.nlp.pipeline import annotate_mentions
from watchfloor.nlp.statements import find_statements

# One article per case: (name, body lines). Run through the pipeline together.
CASES: dict[str, list[str]] = {
    "reported": [
        "Alexander Lukashenko said the exercises would end on Sunday as planned.",
    ],
    "closing_quote": [
        "Defence Minister Viktor Khrenin visited the border on Monday.",
        "\u201cOur army will not attack anyone,\u201d the minister told reporters.",
    ],
    "denial": [
        "Kremlin spokesman Dmitry Peskov denied that Moscow planned to open a new front.",
    ],
    "according_to": [
        "According to the Ukrainian General Staff, the convoy turned back towards Gomel.",
    ],
    "pronoun": [
        "Olga Ivanova, a researcher at the Minsk Institute, visited the town in March.",
        "She said the mood among conscripts was grim.",
    ],
    "no_speaker": [
        "The road to the border was quiet on Tuesday.",
        "\u201cNobody here wants a war with our neighbours.\u201d",
    ],
    "closing_reported": [
        "The drills will last two weeks, Belarusian officials said.",
    ],
    "numbers_only": [
        "Some 30,000 troops and 40 trains arrived near Brest in February.",
    ],
}


@pytest.fixture(scope="module")
def found() -> dict[str, list[dict[str, Any]]]:
    articles = [make_article(body, doc=f"{name}.txt") for name, body in CASES.items()]
    mentions = annotate_mentions(articles)
    out: dict[str, list[dict[str, Any]]] = {}
    for name, article, ms in zip(CASES, articles, mentions, strict=True):
        entities = article_entities(ms, article=article)
        statements = find_statements(article, mentions=ms, entities=entities)
        for s in statements:
            line = next(ln for ln in article.lines if ln.number == s.mention.line)
            # content is an exact stretch of its line, wherever it was found
            assert line.text[s.mention.start : s.mention.end] == s.mention.text
            assert s.mention.text in line.text
        out[name] = [statement_json(s) for s in statements]
    return out


def only(found: dict[str, list[dict[str, Any]]], name: str) -> dict[str, Any]:
    assert len(found[name]) == 1, found[name]
    return found[name][0]


@pytest.mark.parametrize(
    ("name", "speaker", "cue", "content", "direct"),
    [
        (
            "reported",
            "Alexander Lukashenko",
            "said",
            "the exercises would end on Sunday as planned",
            False,
        ),
        ("closing_quote", "Viktor Khrenin", "told", "Our army will not attack anyone", True),
        ("denial", "Dmitry Peskov", "denied", "Moscow planned to open a new front", False),
        ("pronoun", "Olga Ivanova", "said", "the mood among conscripts was grim", False),
        # a state's officials speak for its government, as claims.py names them
        (
            "closing_reported",
            "Government of Belarus",
            "said",
            "The drills will last two weeks",
            False,
        ),
    ],
)
def test_statement(
    found: dict[str, list[dict[str, Any]]],
    name: str,
    speaker: str | None,
    cue: str,
    content: str,
    direct: bool,
) -> None:
    s = only(found, name)
    assert s["cue"] == cue
    assert s["content"] == content
    assert s["direct"] is direct
    if speaker is not None:
        assert s["speaker"] == speaker


def test_according_to(found: dict[str, list[dict[str, Any]]]) -> None:
    s = only(found, "according_to")
    assert s["cue"] == "According to"
    assert s["content"] == "the convoy turned back towards Gomel"
    assert s["speaker"] and "General Staff" in s["speaker"]


def test_quote_without_speaker_is_no_ones(found: dict[str, list[dict[str, Any]]]) -> None:
    s = only(found, "no_speaker")
    assert s["speaker"] is None
    assert s["direct"] is True
    assert s["content"] == "Nobody here wants a war with our neighbours"


def test_numbers_without_speech_are_not_statements(
    found: dict[str, list[dict[str, Any]]],
) -> None:
    assert found["numbers_only"] == []


def test_json_keys(found: dict[str, list[dict[str, Any]]]) -> None:
    s = only(found, "reported")
    assert set(s) == {"line", "speaker", "cue", "content", "direct"}
    assert s["line"] == 3  # title, blank, then the body line
