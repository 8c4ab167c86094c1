"""One name across scripts: transliteration, canonical names, search both ways."""

from __future__ import annotations

import pytest

from tests.conftest import make_article
from watchfloor import query
from watchfloor.lang import load_language
from watchfloor.nlp.entities import article_entities, cyrillic_person, org_names
from watchfloor.nlp.morph import person_nominative
from watchfloor.nlp.translit import match_key, to_latin
from watchfloor.records import Annotation, EntityRef, Mention
from watchfloor.store import Store
from watchfloor.theatres import Theatre

RU, UK, BE = (load_language(c) for c in ("ru", "uk", "be"))


@pytest.mark.parametrize(
    ("cyrillic", "lang", "latin"),
    [
        ("Хренин", "ru", "Khrenin"),
        ("Сергей Шойгу", "ru", "Sergei Shoigu"),
        ("Дмитрий Песков", "ru", "Dmitry Peskov"),
        ("Евгений", "ru", "Yevgeny"),
        ("Київ", "uk", "Kyiv"),
        ("Олексій", "uk", "Oleksii"),
        ("Харків", "uk", "Kharkiv"),
        ("Аляксандр Лукашэнка", "be", "Aliaksandr Lukashenka"),
        ("Святлана Ціханоўская", "be", "Sviatlana Tsikhanouskaya"),
        ("ШОЙГУ", "ru", "SHOIGU"),
    ],
)
def test_transliteration_writes_names_as_english_news_does(
    cyrillic: str, lang: str, latin: str
) -> None:
    assert to_latin(cyrillic, lang=lang) == latin


def test_one_key_for_one_name_in_either_script() -> None:
    assert len({match_key(n) for n in ("Лукашенко", "Лукашэнка", "Lukashenka", "Lukashenko")}) == 1
    assert match_key("Хренин") == match_key("Хрэнін") == match_key("Khrenin")
    assert match_key("Мінск") == match_key("Minsk")
    assert match_key("Гомель") == match_key("Homyel") == match_key("Gomel")
    assert match_key("Мазыр") == match_key("Mozyr")
    assert match_key("Łukašenka") == match_key("Лукашенко")  # Belarusian łacinka
    # other names stay apart
    assert match_key("Хренин") != match_key("Khrushchev")
    assert match_key("Putin") != match_key("Patton")


def test_person_names_come_to_the_nominative() -> None:
    assert person_nominative("Виктора Хренина", RU) == "Виктор Хренин"
    assert person_nominative("Светланы Тихановской", RU) == "Светлана Тихановская"
    assert person_nominative("Лукашенко", RU) == "Лукашенко"


def test_canonical_name_is_the_theatres_english_name_else_the_transliteration() -> None:
    assert cyrillic_person("Лукашенко", lang=RU) == "Alexander Lukashenko"
    assert cyrillic_person("Лукашэнка", lang=BE) == "Alexander Lukashenko"
    assert cyrillic_person("Виктора Хренина", lang=RU) == "Viktor Khrenin"
    none = Theatre.empty()
    assert cyrillic_person("Виктора Хренина", lang=RU, theatre=none) == "Viktor Khrenin"
    assert cyrillic_person("Хренин", lang=RU, theatre=none) == "Khrenin"
    assert cyrillic_person("Игоря Петрова", lang=RU, theatre=none) == "Igor Petrov"


def test_organisations_in_cyrillic_get_the_theatres_name() -> None:
    assert org_names("Министерства обороны Беларуси", lang=RU) == ["Ministry of Defence of Belarus"]
    assert org_names("НАТО", lang=RU) == ["NATO"]
    assert org_names("Міноборони України", lang=UK) == ["Ministry of Defence of Ukraine"]


def test_entities_of_a_russian_article_keep_the_original_spellings() -> None:
    mentions = [
        Mention(line=1, start=0, end=15, text="Виктора Хренина", label="PERSON"),
        Mention(line=2, start=0, end=6, text="Хренин", label="PERSON"),
    ]
    [ref] = article_entities(mentions, lang=RU)
    assert ref.canonical == "Viktor Khrenin"
    assert [m.text for m in ref.mentions] == ["Виктора Хренина", "Хренин"]


def test_english_names_are_left_as_they_were() -> None:
    mentions = [Mention(line=1, start=0, end=19, text="Alexander Lukashenka", label="PERSON")]
    assert [r.canonical for r in article_entities(mentions)] == ["Alexander Lukashenka"]


def _annotated(*names: str, language: str = "ru") -> Annotation:
    refs = [
        EntityRef(
            canonical=name,
            type="PERSON",
            mentions=[Mention(line=1, start=0, end=len(name), text=name, label="PERSON")],
        )
        for name in names
    ]
    return Annotation(
        language=language, skipped=None, entities=refs, places=[], times=[], events=[],
        claims=[], citations=[], statements=[],
    )  # fmt: skip


def test_entity_search_crosses_scripts_both_ways(store: Store) -> None:
    from watchfloor.ingest import annotate_store

    ids = [a.article_id for a in store.add([make_article(["Хренин прибыл в Гомель."])])]
    store.add_annotations([(ids[0], _annotated("Хренин", "Jens Stoltenberg"))])
    annotate_store(store, theatre=Theatre.empty())
    assert [e.canonical for e in query.entities(store, name="Khrenin")] == ["Хренин"]
    assert [e.canonical for e in query.entities(store, name="Столтенберг")] == ["Jens Stoltenberg"]
    assert query.entities(store, name="Khrushchev") == []


def test_a_cyrillic_query_finds_latin_text(store: Store) -> None:
    store.add([make_article(["Viktor Khrenin arrived in Minsk."], doc="en.txt")])
    assert [h.doc for h in query.search(store, "Хренин")] == ["en.txt"]


def test_a_latin_name_finds_the_reports_that_write_it_in_cyrillic(store: Store) -> None:
    from watchfloor.ingest import annotate_store

    ru = make_article(["Заявление Виктора Хренина."], doc="ru.txt")
    other = make_article(["Погода в Минске."], doc="other.txt")
    ids = [a.article_id for a in store.add([ru, other])]
    ref = EntityRef(
        canonical="Viktor Khrenin",
        type="PERSON",
        mentions=[Mention(line=1, start=11, end=26, text="Виктора Хренина", label="PERSON")],
    )
    annotation = _annotated()
    annotation.entities.append(ref)
    store.add_annotations([(ids[0], annotation), (ids[1], _annotated())])
    annotate_store(store, theatre=Theatre.empty())
    assert [h.doc for h in query.search(store, "Khrenin")] == ["ru.txt"]
    assert [h.doc for h in query.search(store, "Хренин")] == ["ru.txt"]
    assert query.search(store, "Khrushchev") == []


def test_statements_by_a_speaker_in_either_script() -> None:
    assert query._same_name("Khrenin", "Виктор Хренин")
    assert query._same_name("Лукашэнка", "Alexander Lukashenko")
    assert not query._same_name("Khrenin", "Viktor Gulevich")


def test_a_place_asked_for_in_cyrillic_finds_it_under_its_english_name(store: Store) -> None:
    from watchfloor.records import PlaceRef

    ids = [a.article_id for a in store.add([make_article(["Troops massed near Gomel."])])]
    annotation = _annotated(language="en")
    annotation.places.append(
        PlaceRef(
            mention=Mention(line=1, start=19, end=24, text="Gomel", label="GPE"),
            canonical="Homyel'",
            country="BY",
            feature="city",
            lat=52.43,
            lon=31.0,
        )
    )
    store.add_annotations([(ids[0], annotation)])
    asked = query.region(store, place="Гомель")
    assert asked is not None and "homyel'" in asked.names
    asked = query.region(store, place="Мінск")
    assert asked is not None and "homyel'" not in asked.names


def test_article_search_with_facets_crosses_scripts(store: Store) -> None:
    store.add([make_article(["Viktor Khrenin arrived in Minsk."], doc="en.txt")])
    found = query.find_articles(store, q="Хренин")
    assert [h.doc for h in found.hits] == ["en.txt"] and found.total == 1
    assert "Khrenin" in found.hits[0].snippet


def test_case_forms_without_a_dictionary_find_the_listed_person() -> None:
    # Ukrainian without the optional dictionary, Belarusian without any
    assert cyrillic_person("Олексія Резнікова", lang=UK) == "Oleksii Reznikov"
    assert cyrillic_person("Зеленського", lang=UK) == "Volodymyr Zelensky"
    assert cyrillic_person("Лукашэнкі", lang=BE) == "Alexander Lukashenko"
    assert cyrillic_person("Віктара Хрэніна", lang=BE) == "Viktor Khrenin"
    # a longer name that starts like a listed one is someone else
    assert cyrillic_person("Путинцева", lang=RU) == "Putintsev"


def test_a_speaker_written_in_cyrillic_is_the_entity_named_in_english(store: Store) -> None:
    from watchfloor.ingest import annotate_store

    ids = [a.article_id for a in store.add([make_article(["Viktor Khrenin spoke."])])]
    store.add_annotations([(ids[0], _annotated("Viktor Khrenin", "Viktor Gulevich"))])
    annotate_store(store, theatre=Theatre.empty())
    names, crossed = query._entity_names(store), query._cross_script_names(store)
    assert query._speaker_key("Хренин", names, crossed) == "viktor khrenin"
    assert query._speaker_key("Министр Виктор Хренин", names, crossed) == "viktor khrenin"
    assert query._speaker_key("Гулевич", names, crossed) == "viktor gulevich"
    # no such entity: the speaker stays itself
    assert query._speaker_key("Шойгу", names, crossed) not in {"viktor khrenin", "viktor gulevich"}


def test_latin_lookalikes_in_a_cyrillic_word_are_read_as_cyrillic() -> None:
    from watchfloor.nlp.translit import cyrillic_lookalikes

    # a Latin "i" typed inside Мінска: read as the Cyrillic letter, offsets kept
    assert cyrillic_lookalikes("каля Мiнска") == "каля Мінска"
    # words wholly in one script, and words mostly Latin, are left as written
    for text in ("Kyiv and Київ", "Su-35 і МіГ-31K", "Ešalony z technikaj prybyli"):
        assert cyrillic_lookalikes(text) == text
