"""Places named in Russian, Ukrainian and Belarusian text, in their case forms."""

from __future__ import annotations

import pytest

from watchfloor.lang import load_language
from watchfloor.nlp.gazetteer import Gazetteer
from watchfloor.nlp.morph import base_forms
from watchfloor.nlp.places import find_place_mentions, lookup, resolve_places
from watchfloor.records import Mention


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.open()


def _found(gazetteer: Gazetteer, code: str, *lines: str) -> dict[str, str]:
    lang = load_language(code)
    mentions = find_place_mentions(list(lines), gazetteer=gazetteer, lang=lang)
    refs = resolve_places(mentions, gazetteer=gazetteer, lang=lang)
    return {r.mention.text: r.canonical for r in refs}


def test_cyrillic_names_of_towns_and_countries_are_in_the_index(gazetteer: Gazetteer) -> None:
    for name, place in [
        ("Гомель", "Homyel'"),
        ("Мінск", "Minsk"),
        ("Київ", "Kyiv"),
        ("Киев", "Kyiv"),
        ("Мозырь", "Mazyr"),
        ("Мачулищи", "Machulishchy"),
        ("Беларусь", "Belarus"),
        ("Україна", "Ukraine"),
        ("Россия", "Russia"),  # a common name from the ru pack, not pycountry's official one
    ]:
        assert gazetteer.lookup(name)[0].name == place, name
    # English names are found as before
    assert gazetteer.lookup("Gomel")[0].name == "Homyel'"


def test_scripts_the_packs_do_not_read_stay_out_of_the_index(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("ミンスク") == []  # Minsk in Japanese: no pack reads it


def test_russian_case_forms_resolve(gazetteer: Gazetteer) -> None:
    found = _found(
        gazetteer,
        "ru",
        "Колонна техники прошла через Гомель и остановилась под Мозырем.",
        "Учения в Гомеле и у Бреста продолжатся; самолёты стоят в Мачулищах.",
    )
    assert found == {
        "Гомель": "Homyel'",
        "Мозырем": "Mazyr",
        "Гомеле": "Homyel'",
        "Бреста": "Brest",
        "Мачулищах": "Machulishchy",
    }


def test_belarusian_case_forms_resolve_by_the_packs_endings(gazetteer: Gazetteer) -> None:
    # no Belarusian dictionary: the be pack's case endings do it
    found = _found(gazetteer, "be", "У Мазыры і ў Гомелі бачылі калону, Мінск маўчыць.")
    assert found == {"Мазыры": "Mazyr", "Гомелі": "Homyel'", "Мінск": "Minsk"}


def test_ukrainian_case_forms_resolve_without_the_optional_dictionary(
    gazetteer: Gazetteer,
) -> None:
    found = _found(gazetteer, "uk", "У Києві та Харкові кажуть, що біля Мозиря бачили техніку.")
    assert found == {"Києві": "Kyiv", "Харкові": "Kharkiv", "Мозиря": "Mazyr"}


def test_a_sentence_starting_preposition_does_not_hide_the_place(gazetteer: Gazetteer) -> None:
    # "В" starts the sentence capitalised; it is no given name before a surname
    assert _found(gazetteer, "ru", "В Витебске прошли учения.") == {"Витебске": "Vitebsk"}


def test_surnames_are_not_places(gazetteer: Gazetteer) -> None:
    found = _found(gazetteer, "ru", "Министр обороны Виктор Хренин прибыл в Гомель.")
    assert found == {"Гомель": "Homyel'"}


def test_a_tagger_mention_in_a_case_form_resolves(gazetteer: Gazetteer) -> None:
    # natasha's LOC spans come as written: "Мозыре"
    mention = Mention(line=1, start=2, end=8, text="Мозыре", label="GPE")
    refs = resolve_places([mention], gazetteer=gazetteer, lang=load_language("ru"))
    assert [(r.canonical, r.country) for r in refs] == [("Mazyr", "BY")]


def test_latin_words_have_no_case_forms(gazetteer: Gazetteer) -> None:
    assert base_forms("Gomel") == ()
    assert lookup(gazetteer, "Nowhereville", load_language("ru")) == []


@pytest.mark.parametrize(
    ("code", "name", "region"),
    [
        ("ru", "Брестской области", "Brest Oblast"),
        ("ru", "Минской области", "Minsk Oblast"),  # the oblast, not the city of Minsk
        ("uk", "Київській області", "Kyiv Oblast"),
        ("be", "Гомельскай вобласці", "Homyel' Oblast"),
        ("be", "Брэсцкая вобласць", "Brest Oblast"),
    ],
)
def test_a_region_named_by_its_capitals_adjective(
    gazetteer: Gazetteer, code: str, name: str, region: str
) -> None:
    assert [c.name for c in lookup(gazetteer, name, load_language(code))][:1] == [region]


def test_a_region_in_running_text_is_a_region(gazetteer: Gazetteer) -> None:
    lang = load_language("ru")
    mentions = find_place_mentions(
        ["Учения прошли в Брестской области и под Гомелем."], gazetteer=gazetteer, lang=lang
    )
    refs = resolve_places(mentions, gazetteer=gazetteer, lang=lang)
    assert [(r.mention.text, r.feature) for r in refs] == [
        ("Брестской области", "region"),
        ("Гомелем", "city"),
    ]


def test_a_russian_article_gets_its_places_and_english_names(gazetteer: Gazetteer) -> None:
    # the first two steps of annotate_article: places from the gazetteer, then entities
    # from what natasha gives (h1's path maps PER -> PERSON, LOC -> GPE)
    from watchfloor.nlp.entities import article_entities

    ru = load_language("ru")
    line = "Министр обороны Виктор Хренин прибыл в Мачулищи, под Гомелем прошли учения."
    start = line.index("Виктор Хренин")
    person = Mention(line=1, start=start, end=start + 13, text="Виктор Хренин", label="PERSON")
    places = resolve_places(
        find_place_mentions([line], gazetteer=gazetteer, lang=ru), gazetteer=gazetteer, lang=ru
    )
    assert [(p.mention.text, p.canonical) for p in places] == [
        ("Мачулищи", "Machulishchy"),
        ("Гомелем", "Homyel'"),
    ]
    entities = article_entities([person, *(p.mention for p in places)], lang=ru)
    assert [(e.canonical, [m.text for m in e.mentions]) for e in entities] == [
        ("Viktor Khrenin", ["Виктор Хренин"])
    ]


def test_named_regions_and_countries_in_case_forms(gazetteer: Gazetteer) -> None:
    ru = load_language("ru")
    assert [c.name for c in lookup(gazetteer, "Калифорнии", ru)][:1] == ["California"]
    # "Молдове" is also a village's name; the country comes first
    assert [c.name for c in lookup(gazetteer, "Молдове", ru)][:1] == ["Moldova"]
    # a village's own name stays the village
    assert [c.country for c in lookup(gazetteer, "Мир", ru)][:1] == ["BY"]


def test_belarusian_places_in_the_genitive_plural(gazetteer: Gazetteer) -> None:
    # places named in the plural lose their ending in the genitive plural
    found = _found(
        gazetteer,
        "be",
        "Каля Мачулішч зноў гулі самалёты, а з Баранавіч выехала калона.",
        "Ля Хойнік і ў Нароўлі паставілі пасты.",
    )
    assert found == {
        "Мачулішч": "Machulishchy",
        "Баранавіч": "Baranovichi",
        "Хойнік": "Khoyniki",
        "Нароўлі": "Narovlya",
    }


def test_a_belarusian_name_finds_the_russian_spelling_geonames_has(
    gazetteer: Gazetteer,
) -> None:
    # GeoNames has no Калінкавічы: the be pack's lookup letters give Калинкавичы
    assert gazetteer.lookup("Калінкавічы") == []
    found = _found(gazetteer, "be", "Цягнік з тэхнікай стаіць у Калінкавічах другі дзень.")
    assert found == {"Калінкавічах": "Kalinkovichi"}


def test_a_ukrainian_name_finds_the_russian_spelling(gazetteer: Gazetteer) -> None:
    # uk і is ru и: Наровлі -> Наровля
    assert lookup(gazetteer, "Наровлі", load_language("uk"))[0].name == "Narovlya"
    assert lookup(gazetteer, "Наровлі", load_language("ru")) == []  # no such letters in ru


def test_lookup_letters_are_for_lookups_only(gazetteer: Gazetteer) -> None:
    from watchfloor.nlp.morph import respellings

    be, uk, ru = (load_language(c) for c in ("be", "uk", "ru"))
    assert respellings("Калінкавічы", be) == ("Калинкавичы",)
    # uk и is ru и or ы: both, и first
    found = respellings("Виступовичі", uk)
    assert found[0] == "Виступовичи" and "Выступовичи" in found
    assert respellings("Житомир", uk) == ("Житомыр",)  # after ж Russian writes и
    assert respellings("Калинковичи", ru) == ()  # Russian has no table
    assert respellings("Мазыр", be) == ()  # nothing to change
    # the place keeps the text as written
    found = find_place_mentions(
        ["Учора ў Калінкавічах бачылі тэхніку."], gazetteer=gazetteer, lang=be
    )
    assert [m.text for m in found] == ["Калінкавічах"]


def test_a_name_of_several_words_in_a_case_form(gazetteer: Gazetteer) -> None:
    # the first word can start a name of two words: both words' case forms are tried
    ru = load_language("ru")
    assert [c.name for c in lookup(gazetteer, "Нижнем Новгороде", ru)][:1] == ["Nizhniy Novgorod"]
    # no name of two words starts with "однако" or its forms: nothing to try, nothing found
    assert lookup(gazetteer, "Однако Гомелем", ru) == []


def test_a_latin_letter_typed_inside_a_cyrillic_place_name_still_finds_it() -> None:
    from watchfloor.lang import load_language
    from watchfloor.nlp.gazetteer import Gazetteer
    from watchfloor.nlp.places import lookup

    gazetteer = Gazetteer.open()
    # "Мiнска" with a Latin i, as a post typed on two keyboards has it
    [first, *_] = lookup(gazetteer, "Мiнска", load_language("be"))
    assert first.name == "Minsk"
