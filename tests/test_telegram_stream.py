"""Telegram exports read as a stream (ijson), re-read when newer, and bad inputs in them:
each bad message one line naming the file and the message, the rest read."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from watchfloor.cli import app
from watchfloor.records import RawDoc, Skipped, SourceError
from watchfloor.sources import SourceOptions, read_input
from watchfloor.sources.options import MB
from watchfloor.sources.telegram import (
    NO_TEXT,
    ExportShape,
    read_export,
    sniff_export,
    stream_export,
)
from watchfloor.sources.telegram_html import read_page

runner = CliRunner()


def wf(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def post(i: int, text: Any, **extra: Any) -> dict[str, Any]:
    return {"id": i, "type": "message", "date_unixtime": str(1645435800 + i * 60), "text": text}


def chat(messages: list[Any], **fields: Any) -> dict[str, Any]:
    return {
        "name": "Rail Watch",
        "type": "public_channel",
        "id": 1001,
        **fields,
        "messages": messages,
    }


def write(path: Path, value: object) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
    return str(path)


def key(found: RawDoc | SourceError | Skipped) -> tuple[Any, ...]:
    if isinstance(found, SourceError):
        return ("error", found.origin, found.reason)
    if isinstance(found, Skipped):
        return ("skipped", found.path, found.reason)
    return ("doc", found.name, found.text, found.hints)


def test_the_stream_reads_what_the_whole_file_reads(tmp_path: Path) -> None:
    account = {
        "about": "Here is the data you requested.",
        "personal_information": {"first_name": "A"},
        "chats": {
            "about": "This page lists all chats from this export.",
            "list": [
                chat([post(1, "First."), post(2, ["a ", {"type": "bold", "text": "b"}])]),
                {"name": "Group", "type": "private_supergroup", "id": 2002, "messages": [
                    {**post(1, "From a member."), "from": "Ales"}, "not a message"]},
                {"name": "No id", "type": "public_channel", "messages": [post(1, "Lost.")]},
                "not a chat",
                {"name": "Late id", "type": "public_channel", "messages": [post(3, "Held.")],
                 "id": 3003},
            ],
        },
        "left_chats": {"list": [chat([post(9, "Left.")], id=4004)]},
    }  # fmt: skip
    path = write(tmp_path / "result.json", account)
    data = Path(path).read_bytes()
    assert sniff_export(data[:200]) is ExportShape.ACCOUNT
    streamed = [key(f) for f in read_input(path)]
    whole = [key(f) for f in read_export(json.loads(data), origin=path)]
    assert sorted(streamed, key=str) == sorted(whole, key=str)
    names = [k[1] for k in streamed if k[0] == "doc"]
    assert names == [f"{path}#1001/1", f"{path}#1001/2", f"{path}#2002/1", f"{path}#3003/3",
                     f"{path}#4004/9"]  # fmt: skip
    assert ("doc", f"{path}#2002/1") == streamed[2][:2] and streamed[2][3].authors == ["Ales"]


MESSAGE = st.one_of(
    st.fixed_dictionaries(
        {"id": st.integers(0, 50), "type": st.sampled_from(["message", "service"])},
        optional={
            "date_unixtime": st.one_of(st.integers(0, 2**31).map(str), st.just("x")),
            "text": st.one_of(st.text(max_size=20), st.lists(st.text(max_size=5), max_size=3)),
            "forwarded_from": st.one_of(st.none(), st.text(max_size=8)),
            "reply_to_message_id": st.integers(0, 50),
        },
    ),
    st.integers(),
    st.none(),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(MESSAGE, max_size=6), st.booleans(), st.booleans())
def test_streaming_any_chat_gives_what_parsing_it_whole_gives(
    messages: list[Any], account: bool, late_fields: bool
) -> None:
    value: dict[str, Any] = chat(messages)
    if late_fields:  # the chat's type and id after its messages: held until its end
        value = {"name": "Rail Watch", "messages": messages, "type": "public_channel", "id": 1}
    if account:
        value = {"chats": {"list": [value]}}
    data = json.dumps(value).encode()
    shape = ExportShape.ACCOUNT if account else ExportShape.CHAT
    assert sniff_export(data) is shape
    streamed = [key(f) for f in stream_export(io.BytesIO(data), origin="r.json", shape=shape)]
    assert streamed == [key(f) for f in read_export(value, origin="r.json")]


def test_ordinary_json_is_not_sniffed_as_an_export() -> None:
    assert sniff_export(b'[{"title": "A", "text": "B"}]') is None
    assert sniff_export(b'{"title": "A", "text": "B", "messages": []}') is None  # no chat field
    assert sniff_export(b'{"id": 1, "messages": [{"body": "hi"}]}') is None
    assert sniff_export(b'{"name": "Ch", "id": 1, "messages": [{"id": 1, "type": "mes') is (
        ExportShape.CHAT
    )


def test_an_export_broken_off_keeps_the_messages_before_the_break(tmp_path: Path) -> None:
    path = tmp_path / "result.json"
    whole = json.dumps(chat([post(1, "One."), post(2, "Two."), post(3, "Three.")]))
    path.write_text(whole[: whole.index("Three") - 30], encoding="utf-8")
    found = list(read_input(str(path)))
    assert [f.name for f in found if isinstance(f, RawDoc)] == [f"{path}#1", f"{path}#2"]
    [error] = [f for f in found if isinstance(f, SourceError)]
    assert error.origin == str(path) and error.reason.startswith("invalid JSON")


def test_an_export_larger_than_the_file_limit_is_streamed_message_by_message(
    tmp_path: Path,
) -> None:
    # 20 MB in one message, and a megabyte of ordinary ones after it
    big = "Колонна техники. " * (20 * MB // 32)
    messages = [post(1, big), *(post(i, f"Сообщение {i}.") for i in range(2, 20_000))]
    path = write(tmp_path / "result.json", chat(messages))
    options = SourceOptions(max_bytes=10 * MB)
    found = list(read_input(path, options=options))
    [error] = [f for f in found if isinstance(f, SourceError)]
    # the one message over the limit is refused with the limit named; the rest is read
    assert error.origin == f"{path}#1"
    assert error.reason.startswith("Telegram message 1: too large (")
    assert "10.0 MB limit" in error.reason
    assert len(found) == 19_999 and isinstance(found[-1], RawDoc)


def test_bad_inputs_each_one_line_and_the_rest_read(tmp_path: Path) -> None:
    messages: list[Any] = [
        post(1, "Plain text as a bare string is valid Telegram."),
        {**post(2, ""), "text_entities": [{"type": "spoiler_2030", "text": "Unknown kind."}]},
        {**post(3, ""), "sticker_emoji": "👍", "file": "stickers/s.webp", "media_type": "sticker"},
        post(4, "Пераход на łacinku: Kala Homiela bačyli kalonu."),
        post(5, "Мixed Latin М: Мinsk, Гoмель."),
        {**post(6, "Bad date."), "date_unixtime": "soon"},
        post(7, 42),
    ]
    path = write(tmp_path / "result.json", chat(messages))
    found = list(read_input(path))
    docs = {f.name.rsplit("#")[1]: f for f in found if isinstance(f, RawDoc)}
    errors = [str(f) for f in found if isinstance(f, SourceError)]
    assert list(docs) == ["1", "2", "4", "5"]
    # 3 is a sticker alone: passed over, and said in the run's summary
    assert [f for f in found if isinstance(f, Skipped)] == [Skipped(f"{path}#3", NO_TEXT)]
    assert docs["2"].text == "Unknown kind."
    assert errors == [
        f"{path}#6: Telegram message 6: date_unixtime is not a Unix time: 'soon'",
        f"{path}#7: Telegram message 7: text is neither a string nor a list",
    ]


def test_integers_beyond_64_bits_are_read(tmp_path: Path) -> None:
    views = 10**30
    messages = [post(1, "One."), {**post(2, "Two."), "views": views}, post(3, "Three.")]
    path = write(tmp_path / "result.json", chat(messages))
    found = list(read_input(path))
    assert [f.name for f in found] == [f"{path}#{n}" for n in (1, 2, 3)]
    # thousands of digits (which Python will not convert) end the file with one line
    Path(path).write_text(
        json.dumps(chat([post(1, "One.")])).replace('"One."', '"One.", "views": ' + "9" * 5000)
    )
    [error] = list(read_input(path))
    assert isinstance(error, SourceError) and error.reason.startswith("invalid JSON")


def test_a_chat_without_messages_is_one_line(tmp_path: Path) -> None:
    path = write(tmp_path / "result.json", {"name": "Ch", "type": "public_channel", "id": 5,
                                            "messages": {"oops": 1}})  # fmt: skip
    [error] = list(read_input(path))
    assert str(error) == f"{path}: Telegram export: chat has a non-list 'messages' list"
    account = {"chats": {"list": [{"name": "Ch", "type": "public_channel", "id": 5}]}}
    path = write(tmp_path / "a" / "result.json", account)
    [error] = list(read_input(path))
    assert str(error) == f"{path}#5: Telegram export: chat has no 'messages' list"


def test_a_newer_export_stores_only_new_and_edited_messages(tmp_path: Path) -> None:
    db = str(tmp_path / "w.db")
    old = [post(1, "Two trains at Kalinkavichy."), post(2, "Column near Gomel."),
           post(3, "Quiet night.")]  # fmt: skip
    first = write(tmp_path / "ChatExport_2022-02-21" / "result.json", chat(old))
    code, out, err = wf("ingest", first, "--db", db, "--no-nlp", "--quiet", "--json")
    assert code == 0, err
    assert json.loads(out)["stored"] == 3
    # a week later, saved elsewhere: message 2 edited, 4 and 5 new
    edited = {**old[1], "text": "Column near Gomel: sixty trucks.", "edited_unixtime": "1645500000"}
    newer = [old[0], edited, old[2], post(4, "Three more trains."), post(5, "Tents at Yelsk.")]
    second = write(tmp_path / "ChatExport_2022-02-28" / "result.json", chat(newer))
    code, out, err = wf("ingest", second, "--db", db, "--no-nlp", "--quiet", "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert (summary["stored"], summary["versions"], summary["duplicates"]) == (2, 1, 2)
    rows = [json.loads(line) for line in wf("articles", "--db", db, "--json")[1].splitlines()]
    assert len(rows) == 6
    [version] = [r for r in rows if r["version_of"] is not None]
    assert version["url"] == "https://t.me/c/1001/2"
    assert version["title"] == "Column near Gomel: sixty trucks."


PAGE = """<html><head><meta charset="utf-8"/></head><body><div class="page_wrap">
<div class="page_header"><div class="content"><div class="text bold">Ch</div></div></div>
<div class="page_body chat_page"><div class="history">{}</div></div></div></body></html>"""


def message(n: str, text: str, *, date: str = "21.02.2022 14:03:11 UTC+03:00") -> str:
    return (
        f'<div class="message default clearfix" id="message{n}"><div class="body">'
        f'<div class="pull_right date details" title="{date}">14:03</div>'
        f'<div class="from_name">Ch</div><div class="text">{text}</div></div></div>'
    )


NO_ID = "p.html#[1]: Telegram HTML export: a message without an id"
BAD_DATE = "p.html#3: Telegram message 3: unreadable date 'soon'"
NO_DAY = "p.html#5: Telegram message 5: date out of range '31.02.2022 10:00:00'"
SCRIPT = 'Words<script>alert(1)</script> <img src="http://x.invalid/a.png"/>'


@pytest.mark.parametrize(
    ("body", "texts", "errors"),
    [
        # no id, an unreadable date, a date out of range: one line each, the rest read
        (message("x", "No id.") + message("2", "Fine."), {"2": "Fine."}, [NO_ID]),
        (message("3", "Bad.", date="soon") + message("4", "Fine."), {"4": "Fine."}, [BAD_DATE]),
        (message("5", "Bad.", date="31.02.2022 10:00:00"), {}, [NO_DAY]),
        # cut off mid-message: what lxml recovers is read
        (message("7", "Fine.") + message("8", "Cut off")[:-18], {"7": "Fine.", "8": "Cut off"}, []),
        # a script is no text, and an image is not fetched
        (message("9", SCRIPT), {"9": "Words"}, []),
    ],
)
def test_malformed_html_pages(body: str, texts: dict[str, str], errors: list[str]) -> None:
    found = list(read_page("p.html", PAGE.format(body).encode()))
    docs = {f.name.split("#")[1]: f.text for f in found if isinstance(f, RawDoc)}
    assert docs == texts
    said = [str(f).replace("messages.html", "p.html") for f in found if isinstance(f, SourceError)]
    assert said == errors


def test_a_page_without_messages_is_one_line() -> None:
    [error] = list(read_page("p.html", b"<html><body><p>Not an export"))
    assert str(error) == "p.html: Telegram HTML export: no messages on this page"


EXPORT = json.dumps(
    chat([post(1, "One."), {**post(2, ["a", {"type": "bold", "text": "b"}]), "views": 7}])
).encode()


@settings(max_examples=80, deadline=None)
@given(st.integers(0, len(EXPORT)), st.integers(0, len(EXPORT) - 1), st.binary(max_size=8))
def test_a_damaged_export_never_raises(cut: int, at: int, noise: bytes) -> None:
    data = (EXPORT[:at] + noise + EXPORT[at + len(noise) :])[:cut] if noise else EXPORT[:cut]
    for shape in ExportShape:
        found = list(stream_export(io.BytesIO(data), origin="r.json", shape=shape))
        assert all(isinstance(f, RawDoc | SourceError | Skipped) for f in found)


@settings(max_examples=80, deadline=None)
@given(st.binary(max_size=300), st.text(max_size=200))
def test_any_html_page_never_raises(data: bytes, text: str) -> None:
    for page in (data, PAGE.format(message("1", text)).encode("utf-8", errors="replace")):
        found = list(read_page("p.html", page))
        assert all(isinstance(f, RawDoc | SourceError | Skipped) for f in found)
