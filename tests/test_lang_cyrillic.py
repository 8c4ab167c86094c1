"""Russian, Ukrainian and Belarusian text through the rule stages (issue 14, part 2).

Datelines, time expressions, figures with their hedges, speech cues and statements, and
events, each read by the tables of ``lang/{ru,uk,be}/*.toml`` with no word of those
languages in stage code. The sentences are written for these tests. Names are given as
hand-made mentions (the Cyrillic NER is another stage's), so these tests run without a
model; figures, statements and events are found as ``nlp.annotate`` finds them.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.conftest import make_article
from watchfloor.clean.text import clean_text
from watchfloor.lang import load_language
from watchfloor.nlp.claims import find_claims
from watchfloor.nlp.entities import article_entities
from watchfloor.nlp.events import find_events
from watchfloor.nlp.quantities import numbers
from watchfloor.nlp.sentences import sentences
from watchfloor.nlp.statements import find_statement_spans
from watchfloor.nlp.times import find_times, find_times_in_text
from watchfloor.records import Annotation, Mention

# A Wednesday: "в пятницу" is the Friday before it, "в следующий вторник" 1 March.
PUBLISHED = "2022-02-23"


def annotate(code: str, body: list[str], names: dict[str, str]) -> Annotation:
    """The rule stages over ``body`` in language ``code``, ``names`` (text -> label) as
    the mentions a NER would give, in the order ``nlp.annotate.annotate_article`` runs them
    (no gazetteer: places are not under test here)."""
    lang = load_language(code)
    article = make_article(body, published=PUBLISHED, title=None)
    mentions = []
    for line in article.lines:
        taken: list[tuple[int, int]] = []
        for name in sorted(names, key=len, reverse=True):
            for m in re.finditer(re.escape(name), line.text):
                if not any(s < m.end() and m.start() < e for s, e in taken):
                    taken.append((m.start(), m.end()))
                    mentions.append(
                        Mention(
                            line=line.number,
                            start=m.start(),
                            end=m.end(),
                            text=name,
                            label=names[name],
                        )
                    )
    entities = article_entities(mentions, article=article, lang=lang)
    times = find_times(article.lines, published=article.published, lang=lang)
    spoken = find_statement_spans(article, mentions=mentions, entities=entities, lang=lang)
    return Annotation(
        language=code,
        skipped=None,
        entities=entities,
        places=[],
        times=times,
        events=find_events(
            article, mentions=mentions, entities=entities, places=[], times=times, lang=lang
        ),
        claims=find_claims(
            article,
            mentions=mentions,
            entities=entities,
            times=times,
            lang=lang,
            statements=spoken,
        ),
        citations=[],
        statements=[st.statement for st in spoken],
    )


# ---- datelines -----------------------------------------------------------------------------

# Story paragraphs of each language: long prose lines, so the cleaner finds a body.
STORY = {
    "ru": [
        "Колонны грузовиков с военной техникой всю ночь шли по трассе на юг, и местные "
        "жители насчитали не меньше сорока машин у въезда в город.",
        "Представители министерства отказались комментировать передвижения войск, "
        "сославшись на то, что все учения проходят по заранее утверждённому плану.",
        "Соседние государства направили запросы по дипломатическим каналам, но ответа "
        "к моменту публикации этого материала так и не получили.",
    ],
    "uk": [
        "Колони вантажівок з військовою технікою всю ніч рухалися трасою на південь, і "
        "місцеві мешканці нарахували щонайменше сорок машин біля в'їзду до міста.",
        "Представники міністерства відмовилися коментувати пересування військ, "
        "пославшись на те, що всі навчання відбуваються за заздалегідь затвердженим планом.",
        "Сусідні держави надіслали запити дипломатичними каналами, але відповіді на момент "
        "публікації цього матеріалу так і не отримали.",
    ],
    "be": [
        "Калоны грузавікоў з ваеннай тэхнікай усю ноч ішлі па трасе на поўдзень, і "
        "мясцовыя жыхары налічылі не менш за сорак машын каля ўезду ў горад.",
        "Прадстаўнікі міністэрства адмовіліся каментаваць перамяшчэнні войскаў, "
        "спаслаўшыся на тое, што ўсе вучэнні праходзяць паводле загадзя зацверджанага плана.",
        "Суседнія дзяржавы накіравалі запыты па дыпламатычных каналах, але адказу на момант "
        "публікацыі гэтага матэрыялу так і не атрымалі.",
    ],
}


@pytest.mark.parametrize(
    ("code", "title", "dateline", "published"),
    [
        ("ru", "Колонны идут на юг", "Минск, 21 февраля 2022 года.", "2022-02-21"),
        ("uk", "Колони рухаються на південь", "Київ, 23 лютого 2022 р.", "2022-02-23"),
        ("be", "Калоны ідуць на поўдзень", "Мінск, 21 лютага 2022 г.", "2022-02-21"),
    ],
)
def test_a_cyrillic_dateline_is_the_publication_date(
    code: str, title: str, dateline: str, published: str
) -> None:
    text = "\n".join([title, "", dateline, "", *STORY[code]])
    art = clean_text(text, doc="t.txt", origin="t.txt")
    assert art.published == published
    assert art.published_evidence == dateline
    assert art.title == title


def test_a_channel_post_splits_at_emoji_led_sentences() -> None:
    text = "⚡️В Гомель прибыли 12 эшелонов. ⚡️ Ещё 5 ожидаются завтра. 🇧🇾Минобороны молчит."
    spans = sentences(text, lang=load_language("ru"))
    assert [text[a:b] for a, b in spans] == [
        "⚡️В Гомель прибыли 12 эшелонов.",
        "⚡️ Ещё 5 ожидаются завтра.",
        "🇧🇾Минобороны молчит.",
    ]


# ---- time expressions -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "text", "expression", "value"),
    [
        ("ru", "Колонна прибыла в пятницу.", "пятницу", "2022-02-18"),
        ("ru", "Совещание прошло 23 февраля.", "23 февраля", "2022-02-23"),
        ("ru", "Это случилось в минувшую среду.", "минувшую среду", "2022-02-16"),
        ("ru", "На прошлой неделе было тихо.", "прошлой неделе", "2022-W07"),
        ("ru", "Вчера границу закрыли.", "Вчера", "2022-02-22"),
        ("ru", "Три дня назад поезда ушли.", "Три дня назад", "2022-02-20"),
        # a unit with no count before "ago" is one of it
        ("ru", "Неделю назад поезда ушли.", "Неделю назад", "2022-W07"),
        ("uk", "Рік тому було тихо.", "Рік тому", "2021"),
        ("ru", "Переговоры пройдут в следующий вторник.", "следующий вторник", "2022-03-01"),
        # a perfective future ("прибудут") looks ahead with no auxiliary
        ("ru", "Войска прибудут в пятницу.", "пятницу", "2022-02-25"),
        ("ru", "В конце марта учения закончатся.", "конце марта", "2022-03"),
        ("uk", "Минулого тижня війська прибули.", "Минулого тижня", "2022-W07"),
        ("uk", "У суботу було тихо.", "суботу", "2022-02-19"),
        ("uk", "Це сталося у п’ятницю.", "п’ятницю", "2022-02-18"),
        ("uk", "Два дні тому кордон закрили.", "Два дні тому", "2022-02-21"),
        # the Ukrainian synthetic future ("-тимуть") looks ahead without a dictionary
        ("uk", "Війська розміщуватимуть у п'ятницю.", "п'ятницю", "2022-02-25"),
        ("be", "У суботу было ціха.", "суботу", "2022-02-19"),
        ("be", "На мінулым тыдні войскі прыбылі.", "мінулым тыдні", "2022-W07"),
        ("be", "Вучэнні пачнуцца ў сакавіку.", "сакавіку", "2022-03"),
    ],
)
def test_time_expressions_resolve_against_the_publication_date(
    code: str, text: str, expression: str, value: str
) -> None:
    found = find_times_in_text(text, anchor=date(2022, 2, 23), lang=load_language(code))
    assert [(t.mention.text, t.value) for t in found] == [(expression, value)]


def test_a_lower_case_month_is_a_date_in_russian_but_not_in_english() -> None:
    ru = find_times_in_text("Учения начнутся в марте.", anchor=date(2022, 2, 23), lang=None)
    assert ru == []  # read as English: no Russian month names, no date
    ru = find_times_in_text(
        "Учения начнутся в марте.", anchor=date(2022, 2, 23), lang=load_language("ru")
    )
    assert [t.value for t in ru] == ["2022-03"]
    # English keeps its capital: "may" is a verb
    en = find_times_in_text("Troops may stay.", anchor=date(2022, 2, 23), lang=None)
    assert en == []


# ---- figures and their hedges -----------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "sentence", "quote", "value", "low", "high", "unit"),
    [
        ("ru", "В страну прибыли около 30 тысяч военных.", "около 30 тысяч военных",
         30000, None, None, "soldiers"),
        ("ru", "Колонна прошла более 10 км за ночь.", "более 10 км", 10, 10, None, "km"),
        ("ru", "К границе перебросили до двух батальонов.", "до двух батальонов",
         2, None, 2, "battalions"),
        ("ru", "На полигоне находятся 30 000 военнослужащих.", "30 000 военнослужащих",
         30000, None, None, "soldiers"),
        ("uk", "До країни прибули понад 20 тисяч військових.", "понад 20 тисяч військових",
         20000, 20000, None, "soldiers"),
        ("be", "У краіну прыбылі каля 30 тысяч вайскоўцаў.", "каля 30 тысяч вайскоўцаў",
         30000, None, None, "soldiers"),
    ],
)  # fmt: skip
def test_figures_with_hedges(
    code: str,
    sentence: str,
    quote: str,
    value: float,
    low: float | None,
    high: float | None,
    unit: str,
) -> None:
    (claim,) = annotate(code, [sentence], {}).claims
    assert claim.mention.text == quote
    assert (claim.value, claim.value_low, claim.value_high) == (value, low, high)
    assert claim.unit == unit
    assert claim.hedged == (quote.split()[0].lower() in {"около", "более", "до", "понад", "каля"})


def test_ranges_and_vague_amounts_in_russian() -> None:
    ru = load_language("ru")
    text = "От 10 до 15 тысяч солдат и десятки тысяч беженцев, всего 2,5 тыс. человек."
    found = [(text[n.start : n.end], n.value, n.low, n.high) for n in numbers(text, lang=ru)]
    assert found == [
        ("От 10 до 15 тысяч", None, 10000, 15000),  # the scale belongs to both ends
        ("десятки тысяч", None, 20000, None),
        ("2,5 тыс", 2500, None, None),  # a decimal comma
    ]


def test_english_digit_groups_are_unchanged() -> None:
    text = "about 1,500,000 people and 2.5 million more, 10 to 15 thousand troops"
    found = [(text[n.start : n.end], n.value, n.low, n.high) for n in numbers(text)]
    assert found == [
        ("1,500,000", 1500000, None, None),
        ("2.5 million", 2500000, None, None),
        ("10 to 15 thousand", None, 10000, 15000),
    ]


# ---- speech cues and statements ---------------------------------------------------------

KHRENIN = {"Виктор Хренин": "PERSON", "Хренин": "PERSON"}


@pytest.mark.parametrize(
    ("code", "sentence", "names", "cue", "content"),
    [
        ("ru", "Министр обороны Виктор Хренин заявил, что учения носят оборонительный "
         "характер.", KHRENIN, "заявил", "учения носят оборонительный характер"),
        ("ru", "Как сообщил Виктор Хренин, колонны уже вернулись в места дислокации.",
         KHRENIN, "Как сообщил", "колонны уже вернулись в места дислокации"),
        ("ru", "По словам Хренина, войска останутся до конца учений.",
         {"Хренина": "PERSON"}, "По словам", "войска останутся до конца учений"),
        ("uk", "За даними Генштабу, колони рухаються на південь.", {"Генштабу": "ORG"},
         "За даними", "колони рухаються на південь"),
        ("uk", "Як повідомив Генштаб, колони рухаються на південь.", {"Генштаб": "ORG"},
         "Як повідомив", "колони рухаються на південь"),
        ("be", "Паводле Мінабароны, калоны рухаюцца на поўдзень.", {"Мінабароны": "ORG"},
         "Паводле", "калоны рухаюцца на поўдзень"),
    ],
)  # fmt: skip
def test_speech_cues_give_the_speaker(
    code: str, sentence: str, names: dict[str, str], cue: str, content: str
) -> None:
    (st,) = annotate(code, [sentence], names).statements
    assert st.cue == cue
    assert st.mention.text == content
    assert st.speaker is not None
    assert not st.direct


@pytest.mark.parametrize(
    ("code", "sentence", "quote"),
    [
        ("ru", "«Никакой угрозы для соседей нет и не будет», — сказал Хренин журналистам.",
         "Никакой угрозы для соседей нет и не будет"),
        ("ru", "Хренин сказал: „Учения носят оборонительный характер и скоро закончатся“.",
         "Учения носят оборонительный характер и скоро закончатся"),
        ("uk", "«Загрози для сусідів немає і не буде», — сказав Хренін журналістам.",
         "Загрози для сусідів немає і не буде"),
        ("be", "«Пагрозы для суседзяў няма і не будзе», — сказаў Хрэнін журналістам.",
         "Пагрозы для суседзяў няма і не будзе"),
    ],
)  # fmt: skip
def test_quotations_in_guillemets_and_low_quotes(code: str, sentence: str, quote: str) -> None:
    names = {"Хренин": "PERSON", "Хренін": "PERSON", "Хрэнін": "PERSON"}
    (st,) = annotate(code, [sentence], names).statements
    assert st.direct
    assert st.mention.text == quote
    assert st.speaker is not None
    assert st.speaker in {e.canonical for e in annotate(code, [sentence], names).entities}


@pytest.mark.parametrize(
    ("code", "sentence"),
    [
        ("ru", "Виктор Хренин заявил, что в страну прибыли около 30 тысяч военных."),
        ("uk", "Як повідомив Генштаб, до країни прибули понад 20 тисяч військових."),
        ("be", "Паводле Мінабароны, у краіну прыбылі каля 30 тысяч вайскоўцаў."),
    ],
)
def test_a_figure_inside_a_statement_takes_its_speaker(code: str, sentence: str) -> None:
    names = {**KHRENIN, "Генштаб": "ORG", "Мінабароны": "ORG"}
    ann = annotate(code, [sentence], names)
    (st,) = ann.statements
    (claim,) = ann.claims
    assert st.speaker is not None
    assert claim.source == st.speaker
    assert st.mention.start <= claim.mention.start < st.mention.end


def test_a_bare_role_is_the_person_given_that_title() -> None:
    # Russian has no article: "министра" is "the minister" named in the line before
    body = [
        "Министр обороны Виктор Хренин провёл совещание в Минске.",
        "По словам министра, учения продлятся до 20 марта.",
        "Министр также заявил, что войска вернутся в места дислокации.",
        "По словам экспертов, это ложь и провокация.",
    ]
    ann = annotate("ru", body, {"Виктор Хренин": "PERSON"})
    (khrenin,) = ann.entities
    speakers = [(st.cue, st.speaker) for st in ann.statements]
    assert speakers == [
        ("По словам", khrenin.canonical),
        ("заявил", khrenin.canonical),
        ("По словам", "экспертов"),  # no one was called an expert: as written
    ]


def test_a_name_in_guillemets_keeps_its_closing_mark() -> None:
    ann = annotate(
        "be", ["Паводле маніторынгавай групы «Гаюн», у пятніцу прыбылі 12 эшалонаў."], {}
    )
    (st,) = ann.statements
    (claim,) = ann.claims
    assert st.speaker == claim.source == "маніторынгавай групы «Гаюн»"


def test_a_figure_without_a_cue_has_no_source() -> None:
    (claim,) = annotate("ru", ["В страну прибыли около 30 тысяч военных."], {}).claims
    assert claim.source is None


# ---- events ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "sentence", "kind", "when", "modality"),
    [
        ("ru", "В пятницу в страну прибыли российские войска.", "deployment", "2022-02-18",
         "asserted"),
        ("ru", "Армия нанесла удар по аэродрому в среду.", "strike", "2022-02-23", "asserted"),
        ("ru", "В субботу начались совместные учения.", "exercise", "2022-02-19", "asserted"),
        ("ru", "Войска прибудут в Гомель в пятницу.", "deployment", "2022-02-25", "planned"),
        ("ru", "Учения отменили в понедельник.", "exercise", "2022-02-21", "cancelled"),
        ("ru", "Армия не атаковала в субботу.", "strike", "2022-02-19", "denied"),
        ("ru", "Если соседи нападут, армия нанесёт удар в пятницу.", "strike", "2022-02-25",
         "conditional"),
        ("uk", "У суботу війська прибули до міста.", "deployment", "2022-02-19", "asserted"),
        ("uk", "Армія завдала удару по аеродрому в суботу.", "strike", "2022-02-19",
         "asserted"),
        ("uk", "Навчання почалися в понеділок.", "exercise", "2022-02-21", "asserted"),
        ("uk", "Навчання триватимуть у п'ятницю.", "exercise", "2022-02-25", "planned"),
        ("be", "У пятніцу ў краіну прыбылі расійскія войскі.", "deployment", "2022-02-18",
         "asserted"),
        ("be", "Армія нанесла ўдар па аэрадроме ў сераду.", "strike", "2022-02-23",
         "asserted"),
        ("be", "Вучэнні пройдуць у сакавіку.", "exercise", "2022-03", "planned"),
    ],
)  # fmt: skip
def test_events_with_date_and_modality(
    code: str, sentence: str, kind: str, when: str | None, modality: str
) -> None:
    events = annotate(code, [sentence], {}).events
    assert [(e.type, e.date, e.modality) for e in events] == [(kind, when, modality)]


def test_a_source_phrase_is_no_statement_event() -> None:
    # "як повідомив X": the verb of saying names the source; the happening is the arrival
    ann = annotate(
        "uk",
        ["Як повідомив Генштаб, у суботу до міста прибули російські війська."],
        {"Генштаб": "ORG"},
    )
    assert [e.type for e in ann.events] == ["deployment"]
