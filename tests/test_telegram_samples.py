"""The sample Telegram exports in Russian, Belarusian (JSON) and Ukrainian (HTML): every
field a reader relies on, through the sources and through the store."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from watchfloor.cli import app
from watchfloor.records import RawDoc, Skipped, SourceError
from watchfloor.sources import read_input
from watchfloor.sources.telegram import NO_TEXT

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
RU = EXAMPLES / "telegram-ru" / "result.json"
BE = EXAMPLES / "telegram-be" / "result.json"
UK = EXAMPLES / "telegram-uk"
UK_FIRST = UK / "messages.html"

runner = CliRunner()


def wf(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def docs(path: Path) -> dict[str, RawDoc]:
    found = list(read_input(str(path)))
    assert not [f for f in found if isinstance(f, SourceError)]
    return {f.name.rsplit("#", 1)[1]: f for f in found if isinstance(f, RawDoc)}


def passed_over(path: Path) -> list[str]:
    """The messages without text (a sticker or photo alone) the reader passed over."""
    return [f.path.rsplit("#", 1)[1] for f in read_input(str(path)) if isinstance(f, Skipped)]


def test_the_russian_json_sample() -> None:
    found = docs(RU)
    # 1 is a service message, 4 a sticker alone: passed over (4 said in the summary)
    assert list(found) == ["2", "3", "5", "6", "7", "8"]
    assert passed_over(RU) == ["4"]
    first = found["2"]
    assert first.name == first.origin == f"{RU}#2"
    assert first.hints.outlet == "Наблюдатель Полесья (пример)"
    assert first.hints.authors == []  # a channel's own posts have no author but itself
    assert first.hints.url == "https://t.me/c/700200/2"
    # date_unixtime in UTC: 21:10 in Minsk is 18:10 UTC
    assert first.hints.published == "2022-02-18T18:10:00+00:00"
    assert first.text == (
        "В пятницу вечером через Калинковичи прошли три эшелона с бронетехникой в сторону "
        "Мозыря. Наш подсчёт за неделю здесь (https://polesie-nablyudatel.example/podschet)."
    )
    assert first.hints.title is not None and first.hints.title.startswith("В пятницу вечером")
    # text from text_entities: a bold name is plain text
    assert found["3"].text is not None and found["3"].text.startswith(
        "Министр обороны Беларуси Виктор Хренин заявил"
    )
    # a photo's caption, edited: its last text
    assert found["5"].text is not None and "около 30 тысяч военных" in found["5"].text
    forward = found["6"]
    assert forward.hints.forwarded_from == "Чыгуначны дазор (узор)"
    assert forward.hints.outlet == "Наблюдатель Полесья (пример)"
    assert found["7"].hints.reply_to == f"{RU}#6"
    # entity types beyond the common ones keep their text
    assert found["8"].text is not None and found["8"].text.endswith("самолётов. #Мачулищи✈")
    # 23:55 in Minsk on 23 February is still 23 February in UTC (20:55)
    assert found["8"].hints.published == "2022-02-23T20:55:00+00:00"


def test_the_belarusian_json_sample_latin_script_and_mixed_words_are_stored() -> None:
    found = docs(BE)
    assert list(found) == ["2", "3", "4", "5", "6", "8"]  # 1 service, 7 a photo alone
    assert passed_over(BE) == ["7"]
    assert found["4"].text is not None and found["4"].text.endswith(
        "Запіс https://pravda-uzor.example/zajava"
    )
    assert found["5"].text == "Kala Homiela bačyli kalonu z 50 hruzavikoŭ, jany išli na poŭdzień."
    assert found["6"].text is not None and "Мiнска" in found["6"].text  # Latin i, as typed
    assert found["6"].hints.reply_to == f"{BE}#3"
    assert found["8"].hints.forwarded_from == "Палескія чыгуначнікі (узор)"


def test_the_ukrainian_html_sample_read_as_one_export_over_two_pages() -> None:
    found = docs(UK)
    # 103 is a sticker alone; the service entries carry no message id of a post
    assert list(found) == ["101", "102", "104", "105", "106", "107"]
    assert passed_over(UK) == ["103"]
    # every doc is named after messages.html, whichever page holds it
    assert {d.name.split("#")[0] for d in found.values()} == {str(UK_FIRST)}
    first = found["101"]
    assert first.hints.outlet == "Залізничний дозор (зразок)"
    assert first.hints.published == "2022-02-21T16:40:00+00:00"  # 19:40 UTC+03:00
    assert first.text == (
        "Увечері через Калинковичі пройшли три ешелони з технікою в бік Мозиря. "
        "Фото тут (https://zalizny-dozor.example/101).\nДжерело: залізничники."
    )
    assert first.hints.url is None  # the HTML export names no chat id
    # a joined post with a photo: its caption; 01:30 at UTC+03:00 is the day before in UTC
    caption = found["102"]
    assert caption.text == (
        "На станції Єльськ уночі розвантажували понад 20 вагонів із бронетехнікою."
    )
    assert caption.hints.published == "2022-02-21T22:30:00+00:00"
    assert caption.hints.authors == []  # the joined post's sender is the channel itself
    forward = found["104"]
    assert forward.hints.forwarded_from == "Білоруський моніторинг (зразок)"
    assert forward.text == (
        "За даними моніторингу, біля Мозиря зосереджено близько 30 тисяч військових."
    )
    assert found["105"].hints.reply_to == f"{UK_FIRST}#101"
    assert found["105"].text == "Оновлення: ще два ешелони, до двох батальйонів."
    # a link whose words are its address is written once
    assert found["106"].text is not None and found["106"].text.endswith(
        "Текст заяви: https://mod-sample.example/statement"
    )
    assert found["107"].text == (
        "Терміново: колона техніки перетнула кордон біля Виступовичів.\n\nПодробиці згодом."
    )


def test_messages_passed_over_are_counted_in_the_log(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    # another test's logging configuration (dictConfig) may have disabled these loggers
    for name in ("watchfloor.sources.telegram", "watchfloor.sources.telegram_html"):
        monkeypatch.setattr(logging.getLogger(name), "disabled", False)
    caplog.set_level(logging.INFO, logger="watchfloor.sources")
    docs(RU)
    docs(UK)
    said = [r.getMessage() for r in caplog.records]
    assert f"{RU}: passed over 1 service messages and 1 messages without text" in said[0]
    assert said[0].endswith("(a sticker, photo or file alone: 4)")
    assert said[1] == (
        f"{UK_FIRST}: passed over 1 messages without text (a sticker, photo or file alone: 103)"
    )


def test_the_second_page_named_alone_is_read_alone_with_the_same_doc_names() -> None:
    found = docs(UK / "messages2.html")
    assert list(found) == ["106", "107"]
    assert found["106"].name == f"{UK_FIRST}#106"


def jsonl(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_the_samples_through_the_store(tmp_path: Path) -> None:
    db = str(tmp_path / "w.db")
    code, out, err = wf(
        "ingest", str(EXAMPLES / "telegram-ru"), str(EXAMPLES / "telegram-be"), str(UK),
        "--db", db, "--no-nlp", "--quiet", "--json",
    )  # fmt: skip
    assert code == 0, out + err
    summary = json.loads(out)
    assert (summary["stored"], summary["errors"]) == (18, [])
    # the later page is read with messages.html, and the stickers and photos alone are
    # passed over: each said in the summary
    said = {(s["path"], s["reason"]) for s in summary["skipped"]}
    assert (
        str(UK / "messages2.html"),
        "page of a Telegram export, read with its messages.html",
    ) in said
    assert {p for p, r in said if r == NO_TEXT} == {f"{RU}#4", f"{BE}#7", f"{UK_FIRST}#103"}
    rows = {r["doc"]: r for r in jsonl(wf("articles", "--db", db, "--json")[1])}
    forward = rows[f"{RU}#6"]
    code, out, err = wf("show", str(forward["id"]), "--db", db, "--json")
    assert code == 0, err
    shown = json.loads(out)
    assert shown["forwarded_from"] == "Чыгуначны дазор (узор)"
    assert shown["outlet"] == "Наблюдатель Полесья (пример)"
    reply = json.loads(wf("show", str(rows[f"{UK_FIRST}#105"]["id"]), "--db", db, "--json")[1])
    assert reply["reply_to"] == f"{UK_FIRST}#101"
    assert reply["published"] == "2022-02-22"
