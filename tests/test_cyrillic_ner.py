"""Russian, Ukrainian and Belarusian articles read by natasha's NER (``nlp.cyrillic``).

Every sentence here was written for the tests.
"""

from __future__ import annotations

from collections.abc import Iterator

from watchfloor.lang import load_language
from watchfloor.nlp.cyrillic import entity_spans, letter_table, not_names
from watchfloor.nlp.pipeline import MAX_DOC_CHARS, annotate_articles, iter_annotated
from watchfloor.records import Article, Mention

from .conftest import make_article

PLACES = ("Minsk", "Brest", "Belarus", "Ukraine")

RU = (
    "Министр обороны Белоруссии Виктор Хренин заявил в Минске, что совместные учения "
    "с российскими войсками завершатся в воскресенье."
)
RU_ORG = "Об этом в пятницу сообщило государственное агентство БелТА."
UK = (
    "Речник Генштабу ЗСУ В'ячеслав Ткаченко сказав журналістам, що біля Гомеля "
    "немає нових підрозділів."
)
BE = (
    "Аляксандр Лукашэнка сустрэўся ў Мінску з міністрам абароны і абмеркаваў вынікі "
    "вучэнняў каля мяжы."
)
EN = (
    "Alexander Lukashenko said on Tuesday that NATO was massing troops on the border "
    "and that the army would answer any provocation from the west."
)


def found(article: Article) -> list[Mention]:
    [result] = annotate_articles([article], extra_place_patterns=PLACES)
    assert result.skipped is None
    return result.mentions


def assert_in_lines(article: Article, mentions: list[Mention]) -> None:
    lines = {line.number: line.text for line in article.lines}
    for m in mentions:
        assert lines[m.line][m.start : m.end] == m.text


def by_label(mentions: list[Mention]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for m in mentions:
        out.setdefault(m.label, set()).add(m.text)
    return out


def test_russian_article_gets_people_organisations_and_places() -> None:
    article = make_article([RU, RU_ORG])
    [result] = annotate_articles([article], extra_place_patterns=PLACES)
    assert result.language == "ru" and result.skipped is None
    assert_in_lines(article, result.mentions)
    labels = by_label(result.mentions)
    assert "Виктор Хренин" in labels["PERSON"]
    assert {"Белоруссии", "Минске"} <= labels["GPE"]
    assert "БелТА" in labels["ORG"]
    assert {m.line for m in result.mentions if m.text == "БелТА"} == {4}


def test_ukrainian_article_gets_a_person_and_a_place() -> None:
    article = make_article([UK])
    mentions = found(article)
    assert_in_lines(article, mentions)
    labels = by_label(mentions)
    # the original spelling is kept, apostrophe and all
    assert "В'ячеслав Ткаченко" in labels["PERSON"]
    assert "Гомеля" in labels["GPE"]


def test_belarusian_article_gets_a_person_and_a_place() -> None:
    article = make_article([BE])
    mentions = found(article)
    assert_in_lines(article, mentions)
    labels = by_label(mentions)
    assert "Аляксандр Лукашэнка" in labels["PERSON"]
    assert "Мінску" in labels["GPE"]


def test_letter_tables_keep_offsets() -> None:
    for code in ("uk", "be"):
        table = letter_table(load_language(code))
        assert table is not None
        assert all(len(v) == 1 for v in table.values())
        assert len(UK.translate(table)) == len(UK)
    assert letter_table(load_language("ru")) is None


def test_mixed_stream_keeps_order_and_english_results() -> None:
    english = make_article([EN], doc="en.txt")
    [alone] = annotate_articles([english], extra_place_patterns=PLACES)
    stream = [
        make_article([RU], doc="ru1.txt"),
        english,
        make_article([UK], doc="uk.txt"),
        make_article([RU_ORG, RU], doc="ru2.txt"),
        make_article([EN], doc="en2.txt"),
    ]
    results = annotate_articles(stream, extra_place_patterns=PLACES)
    assert [r.language for r in results] == ["ru", "en", "uk", "ru", "en"]
    assert results[1].mentions == alone.mentions and results[1].cues == alone.cues
    assert results[4].mentions == alone.mentions
    assert "Виктор Хренин" in by_label(results[0].mentions)["PERSON"]
    assert "Виктор Хренин" in by_label(results[3].mentions)["PERSON"]
    # the Russian ones were not read by the English parser
    assert results[0].cues is None


def test_empty_russian_article() -> None:
    article = make_article(["", "   "])
    article.language = "ru"
    [result] = annotate_articles([article], extra_place_patterns=PLACES)
    assert result.language == "ru" and result.mentions == [] and result.skipped is None


def test_very_long_russian_line_is_cut_and_mapped_back() -> None:
    line = " ".join([RU] * (3 * MAX_DOC_CHARS // len(RU) + 2))
    article = make_article([line, RU_ORG])
    mentions = found(article)
    assert_in_lines(article, mentions)
    people = [m for m in mentions if m.text == "Виктор Хренин"]
    assert len(people) >= line.count("Виктор Хренин") - 2  # a cut may fall inside one
    assert any(m.text == "БелТА" and m.line == 4 for m in mentions)


def test_words_mixing_latin_and_cyrillic() -> None:
    # "Хренин" with a Latin "e", "Mинск" with a Latin "M": one word, two scripts
    text = "Министр обороны Виктор Хрeнин заявил в Mинске, что учения завершатся. Бpест."
    article = make_article([text])
    article.language = "ru"
    mentions = found(article)
    assert_in_lines(article, mentions)


def test_spans_of_paragraphs_do_not_cross() -> None:
    [spans] = entity_spans([RU])
    for start, end, label in spans:
        assert RU[start:end].strip() == RU[start:end]
        assert label in ("PERSON", "ORG", "GPE")


def test_annotate_stage_reads_russian_with_its_pack() -> None:
    from watchfloor.ingest import annotate_stream
    from watchfloor.nlp.gazetteer import Gazetteer

    articles = [make_article([RU, RU_ORG], doc="ru.txt"), make_article([EN], doc="en.txt")]
    done = list(annotate_stream(articles, gazetteer=Gazetteer.open()))
    assert [a.doc for a, _ in done] == ["ru.txt", "en.txt"]
    russian, english = (annotation for _, annotation in done)
    # read, not skipped: the stages ran with the Russian pack (whatever they find in it)
    assert russian.language == "ru" and russian.skipped is None
    assert english.language == "en" and english.skipped is None
    # the person natasha found is an entity (named in English or as written), its
    # mention kept as written
    assert any(
        r.type == "PERSON" and any(m.text == "Виктор Хренин" for m in r.mentions)
        for r in russian.entities
    )


def test_a_long_russian_stream_is_yielded_as_it_goes() -> None:
    # memory stays flat: the first article comes out long before the stream is read
    read = 0

    def stream() -> Iterator[Article]:
        nonlocal read
        for i in range(400):
            read += 1
            yield make_article([RU_ORG], doc=f"ru{i}.txt")

    first = next(iter_annotated(stream(), extra_place_patterns=PLACES))
    assert first[0].doc == "ru0.txt" and first[1].skipped is None
    assert read < 200


def test_words_that_are_never_names_are_not_names() -> None:
    # a capitalised pronoun or adverb at a sentence start, unknown to the Russian
    # model, is not a person; a name after one keeps its own words
    text = "Він приїхав до міста ввечері. Утім, Андрій Коваль нічого не сказав."
    article = make_article([text])
    article.language = "uk"
    mentions = found(article)
    assert_in_lines(article, mentions)
    assert not {"Він", "Утім"} & {m.text for m in mentions}
    table = letter_table(load_language("uk"))
    assert table is not None
    [raw] = entity_spans([text], letters=table)
    [kept] = entity_spans([text], letters=table, stop=not_names(load_language("uk")))
    assert len(kept) <= len(raw)
    assert all(text[s:e].split()[0].lower() not in ("він", "утім") for s, e, _ in kept)
