"""Entities: names cleaned, linked within an article, resolved across articles.

Pure functions over hand-made mentions (no model), plus the gold floor, which
runs the whole pipeline over the gold corpus.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from watchfloor.nlp.entities import (
    Cluster,
    article_entities,
    entity_rows,
    org_names,
    person_name,
    resolve_entities,
    same_name_word,
    translit_key,
)
from watchfloor.records import EntityRef, Mention
from watchfloor.theatres import Theatre

GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold"
CORPUS = GOLD.parent / "corpus"
ENTITIES_F1_FLOOR = 0.85


def m(text: str, label: str = "PERSON", line: int = 1, start: int = 0) -> Mention:
    return Mention(line=line, start=start, end=start + len(text), text=text, label=label)


def ref(canonical: str, type_: str = "PERSON", *texts: str) -> EntityRef:
    return EntityRef(
        canonical=canonical, type=type_, mentions=[m(t or canonical, type_) for t in texts or ("",)]
    )


def canonicals(refs: list[EntityRef]) -> list[tuple[str, str]]:
    return [(r.canonical, r.type) for r in refs]


# ---- names ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Lukashenko", "Lukashenka"),
        ("Aleksandr", "Alexander"),
        ("Aliaksandr", "Alexander"),
        ("Alyaksandr", "Aleksandr"),
        ("Kyiv", "Kiev"),
        ("Kyiv", "Kyjiw"),
        ("Dmitry", "Dmitriy"),
        ("Dmitri", "Dzmitry"),
        ("Andriy", "Andrii"),
        ("Zelensky", "Zelenskyy"),
        ("Khrenin", "Hrenin"),
        ("Artyom", "Artjom"),
        ("Artyom", "Artsiom"),
        ("Shraibman", "Schraibman"),
        ("Tsikhanouskaya", "Tikhanovskaya"),
        ("Uladzimir", "Vladimir"),
        ("Victor", "Viktor"),
        ("Sergei", "Sergey"),
        ("Solovyev", "Soloyev"),  # a typo
        ("Liubakova", "Luibakova"),  # letters swapped
    ],
)
def test_one_name_in_two_spellings(a: str, b: str) -> None:
    assert same_name_word(translit_key(a), translit_key(b))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Putin", "Patton"),
        ("Petrov", "Petrova"),  # a feminine form is another person
        ("Alexander", "Andrei"),
        ("Artyom", "Shraibman"),
        ("Shoigu", "Lavrov"),
        ("Petro", "Peter"),
        ("Riyad", "Red"),
        ("B-1", "B-3"),
    ],
)
def test_different_names(a: str, b: str) -> None:
    assert not same_name_word(translit_key(a), translit_key(b))


@pytest.mark.parametrize(
    ("mention", "name"),
    [
        ("President Alexander Lukashenko", "Alexander Lukashenko"),
        ("Lukashenko's", "Lukashenko"),
        ("Lukashenka’s", "Lukashenka"),
        ("Russia’s Defence Minister Sergei Shoigu", "Sergei Shoigu"),
        ("Vladimir] Putin", "Vladimir Putin"),
        ("[Russian President Vladimir] Putin", "Vladimir Putin"),
        ("Gen. Viktor Gulevich", "Viktor Gulevich"),
        ("Defence Minister Oleksiy Reznikov", "Oleksiy Reznikov"),
        ("John W. Johnstone Jr.", "John W. Johnstone"),
        ("Belarus Defence Minister", ""),  # a title and nothing else
    ],
)
def test_person_name_strips_titles_and_possessives(mention: str, name: str) -> None:
    assert person_name(mention) == name


@pytest.mark.parametrize(
    ("mention", "names"),
    [
        ("Belarus' Foreign Affairs Ministry", ["Ministry of Foreign Affairs of Belarus"]),
        ("the Belarusian Ministry of Foreign Affairs", ["Ministry of Foreign Affairs of Belarus"]),
        ("British Ministry of Defense", ["Ministry of Defence of United Kingdom"]),
        ("UK Ministry of Defence", ["Ministry of Defence of United Kingdom"]),
        (
            "Russian foreign and defence ministries",
            ["Ministry of Foreign Affairs of Russia", "Ministry of Defence of Russia"],
        ),
        ("Belarus\xa0Security\xa0Council", ["Security Council of Belarus"]),
        ("Belarusian armed forces", ["Armed Forces of Belarus"]),
        ("Belarus’s military", ["Armed Forces of Belarus"]),
        ("Armed Forces of Ukraine", ["Armed Forces of Ukraine"]),
        ("Nato", ["NATO"]),
        ("the North Atlantic Treaty Organization", ["NATO"]),
        ("U.N.", ["United Nations"]),
        ("the Guardian", ["The Guardian"]),
        ("the Atlantic Council", ["Atlantic Council"]),
        ("Kastus Kalinouski Regiment", ["Kastus Kalinouski Regiment"]),
    ],
)
def test_organisation_names(mention: str, names: list[str]) -> None:
    assert org_names(mention) == names


# ---- one article -----------------------------------------------------------------------


def test_surname_joins_the_full_name_of_the_same_article() -> None:
    refs = article_entities(
        [
            m("President Aleksandr Lukashenko", line=1),
            m("Lukashenko", line=2),
            m("Lukashenko’s", line=3),
            m("Putin", line=3, start=20),
        ]
    )
    assert canonicals(refs) == [("Aleksandr Lukashenko", "PERSON"), ("Putin", "PERSON")]
    assert len(refs[0].mentions) == 3


def test_surname_tagged_as_organisation_is_the_person() -> None:
    refs = article_entities([m("Hanna Liubakova", line=1), m("Liubakova", "ORG", line=2)])
    assert canonicals(refs) == [("Hanna Liubakova", "PERSON")]
    assert len(refs[0].mentions) == 2


def test_typo_in_the_same_article_is_one_person() -> None:
    refs = article_entities([m("Solovyev", line=1), m("Soloyev", line=5)])
    assert canonicals(refs) == [("Solovyev", "PERSON")]


def test_a_title_before_a_name_is_not_an_entity_and_a_title_alone_is_its_holder() -> None:
    refs = article_entities(
        [
            m("Belarus Defence Minister", "TITLE", line=1),
            m("Russia’s Defence Minister", "TITLE", line=2, start=0),
            m("Sergei Shoigu", line=2, start=26),
            m("Russian Defence Minister", "TITLE", line=4),
        ]
    )
    assert canonicals(refs) == [
        ("Defence Minister of Belarus", "PERSON"),
        ("Sergei Shoigu", "PERSON"),
    ]
    assert [x.text for x in refs[1].mentions] == ["Sergei Shoigu", "Russian Defence Minister"]


def test_a_name_mostly_used_as_a_place_is_not_an_entity() -> None:
    refs = article_entities(
        [m("Belarus", "GPE", line=1), m("Belarus", "GPE", line=2), m("Belarus", "ORG", line=3)]
    )
    assert refs == []


def test_acronym_joins_the_organisation_it_abbreviates() -> None:
    refs = article_entities(
        [
            m("The Office of the High Commissioner for Human Rights", "ORG", line=1),
            m("OHCHR", "ORG", line=1, start=60),
            m("OHCHR", "ORG", line=3),
        ]
    )
    assert canonicals(refs) == [
        ("Office of the United Nations High Commissioner for Human Rights", "ORG")
    ]
    assert len(refs[0].mentions) == 3


def test_two_ministries_in_one_phrase() -> None:
    refs = article_entities([m("Russian foreign and defence ministries", "ORG")])
    assert canonicals(refs) == [
        ("Ministry of Foreign Affairs of Russia", "ORG"),
        ("Ministry of Defence of Russia", "ORG"),
    ]


def test_units_are_organisations() -> None:
    refs = article_entities([m("Kastus Kalinouski Regiment", "UNIT")])
    assert canonicals(refs) == [("Kastus Kalinouski Regiment", "ORG")]


def test_given_name_alone_joins_a_full_name_only_in_the_same_article() -> None:
    same = article_entities([m("Artyom Shraibman", line=1), m("Artyom", line=4)])
    assert canonicals(same) == [("Artyom Shraibman", "PERSON")]
    other = article_entities([m("Artyom", line=1), m("Artyom", line=4)])
    assert canonicals(other) == [("Artyom", "PERSON")]
    clusters = resolve_entities([same, other])
    assert sorted(c.canonical for c in clusters) == ["Artyom", "Artyom Shraibman"]


# ---- across articles ---------------------------------------------------------------------


def names_of(clusters: list[Cluster]) -> list[list[str]]:
    return sorted(sorted(c.names) for c in clusters)


def test_organisations_come_from_the_theatre_and_words_from_the_pack() -> None:
    assert org_names("Nato") == ["NATO"]  # the default theatre's alias
    assert org_names("Nato", theatre=Theatre.empty()) == ["Nato"]
    # the English pack alone still reads a state's ministry
    assert org_names("Belarus' Foreign Affairs Ministry", theatre=Theatre.empty()) == [
        "Ministry of Foreign Affairs of Belarus"
    ]


@pytest.mark.parametrize(
    ("articles", "expected"),
    [
        (  # transliterations, full and surname-only
            [
                [ref("Alexander Lukashenko")],
                [ref("Aleksandr Lukashenko")],
                [ref("Lukashenka")],
                [ref("Aliaksandr Lukashenka")],
            ],
            [
                [
                    "Aleksandr Lukashenko",
                    "Aliaksandr Lukashenka",
                    "Alexander Lukashenko",
                    "Lukashenka",
                ]
            ],
        ),
        (  # the defector Artyom is not the analyst Artyom Shraibman
            [[ref("Artyom")], [ref("Artjom Schraibman")], [ref("Artyom Shraibman")]],
            [["Artjom Schraibman", "Artyom Shraibman"], ["Artyom"]],
        ),
        (  # a typo
            [[ref("Vladimir Solovyev")], [ref("Soloyev")]],
            [["Soloyev", "Vladimir Solovyev"]],
        ),
        (  # Ukrainian and Russian forms of one given name
            [[ref("Mykhailo Podolyak")], [ref("Mikhail Podolyak")], [ref("Oleksandr Lukashenko")]],
            [["Mikhail Podolyak", "Mykhailo Podolyak"], ["Oleksandr Lukashenko"]],
        ),
        (  # "Jr" is not a surname
            [[ref("John Pope Jr")], [ref("John W. Johnstone Jr")]],
            [["John Pope Jr"], ["John W. Johnstone Jr"]],
        ),
        (  # same first name, different people
            [[ref("Sergei Shoigu")], [ref("Sergei Lavrov")]],
            [["Sergei Lavrov"], ["Sergei Shoigu"]],
        ),
        (  # a surname two people share stays apart from both
            [[ref("Viktor Khrenin")], [ref("Pavel Khrenin")], [ref("Khrenin")]],
            [["Khrenin"], ["Pavel Khrenin"], ["Viktor Khrenin"]],
        ),
        (  # organisation aliases and spellings
            [
                [ref("NATO", "ORG")],
                [ref("North Atlantic Treaty Organization", "ORG")],
                [ref("Ministry of Defence of Russia", "ORG")],
                [ref("Ministry of Defense of Russia", "ORG")],
                [ref("Kyiv Independent", "ORG")],
                [ref("Kiev Independent", "ORG")],
            ],
            [
                ["Kiev Independent", "Kyiv Independent"],
                ["Ministry of Defence of Russia", "Ministry of Defense of Russia"],
                ["NATO", "North Atlantic Treaty Organization"],
            ],
        ),
        (  # an acronym joins the one name it abbreviates
            [[ref("ISW", "ORG")], [ref("Institute for the Study of War", "ORG")]],
            [["ISW", "Institute for the Study of War"]],
        ),
        (  # unnamed office-holders: the same office of the same state
            [
                [
                    EntityRef(
                        canonical="Defence Minister of Belarus",
                        type="PERSON",
                        mentions=[m("Belarus Defence Minister", "TITLE")],
                    )
                ],
                [
                    EntityRef(
                        canonical="Defence Minister of Belarus",
                        type="PERSON",
                        mentions=[m("Belarusian Defence Minister", "TITLE")],
                    )
                ],
            ],
            [["Defence Minister of Belarus"]],
        ),
    ],
)
def test_resolve_entities(articles: list[list[EntityRef]], expected: list[list[str]]) -> None:
    assert names_of(resolve_entities(articles)) == sorted(sorted(names) for names in expected)


def test_cluster_counts_and_rows() -> None:
    clusters = resolve_entities(
        [
            [ref("Alexander Lukashenko", "PERSON", "Alexander Lukashenko", "Lukashenko")],
            [ref("Lukashenka", "PERSON", "Lukashenka")],
            [ref("NATO", "ORG")],
        ]
    )
    top = clusters[0]
    assert (top.canonical, top.type, top.mention_count, top.article_count) == (
        "Alexander Lukashenko",
        "PERSON",
        3,
        2,
    )
    assert entity_rows(clusters)[0] == {
        "canonical": "Alexander Lukashenko",
        "type": "PERSON",
        "mentions": 3,
        "articles": 2,
        "variants": ["Lukashenka"],
    }


# ---- the gold corpus ------------------------------------------------------------------------


@pytest.mark.gold
@pytest.mark.skipif(not GOLD.is_dir(), reason=f"no gold annotations at {GOLD}")
def test_entities_f1_on_gold(tmp_path: Path) -> None:
    """The whole pipeline, scored by the gold scorer; no place list (the gazetteer's
    names only make it better), so the floor holds for the model and lexicon alone."""
    from watchfloor.clean.text import clean_text
    from watchfloor.nlp.pipeline import annotate_articles

    docs = [
        json.loads(f.read_text(encoding="utf-8"))["doc"] for f in sorted(GOLD.glob("*.gold.json"))
    ]
    articles = [
        clean_text((CORPUS / d).read_text(encoding="utf-8"), doc=d, origin=str(CORPUS / d))
        for d in docs
    ]
    pred = tmp_path / "pred.jsonl"
    with pred.open("w", encoding="utf-8") as out:
        for article, result in zip(articles, annotate_articles(articles), strict=True):
            refs = article_entities(result.mentions, article=article)
            entities = [
                {"canonical": r.canonical, "type": r.type, "mentions": [x.text for x in r.mentions]}
                for r in refs
            ]
            out.write(json.dumps({"doc": article.doc, "entities": entities}) + "\n")
    done = subprocess.run(
        [
            sys.executable,
            str(GOLD / "score.py"),
            "--gold",
            str(GOLD),
            "--pred",
            str(pred),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    scores = json.loads(done.stdout)["entities"]
    assert scores["f1"] >= ENTITIES_F1_FLOOR, scores
