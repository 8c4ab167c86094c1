"""Telegram Desktop exports (``result.json``): one article per message, through the CLI."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from watchfloor.cli import app
from watchfloor.records import RawDoc, SourceError
from watchfloor.sources import read_input
from watchfloor.sources.telegram import is_telegram_export, message_text, title_of

runner = CliRunner()


def wf(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def jsonl(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def plain(text: str) -> list[dict[str, str]]:
    return [{"type": "plain", "text": text}]


RAIL = [
    {
        "id": 1,
        "type": "service",
        "date": "2022-02-20T10:00:00",
        "date_unixtime": "1645351200",
        "actor": "Rail Watch",
        "action": "create_channel",
        "text": "",
        "text_entities": [],
    },
    {
        "id": 2,
        "type": "message",
        "date": "2022-02-21T09:30:00",
        "date_unixtime": "1645435800",  # 2022-02-21 09:30 UTC
        "from": "Rail Watch",
        "from_id": "channel1001",
        "text": [
            "Two trains with fuel tanks passed Kalinkavichy towards Mazyr this morning, see ",
            {"type": "text_link", "text": "the count", "href": "https://example.org/r/2"},
            ".",
        ],
        "text_entities": [
            {
                "type": "plain",
                "text": "Two trains with fuel tanks passed Kalinkavichy towards Mazyr "
                "this morning, see ",
            },
            {"type": "text_link", "text": "the count", "href": "https://example.org/r/2"},
            {"type": "plain", "text": "."},
        ],
    },
    {  # a photo alone: no text, no article
        "id": 3,
        "type": "message",
        "date": "2022-02-21T11:00:00",
        "date_unixtime": "1645441200",
        "from": "Rail Watch",
        "photo": "photos/photo_1@21-02-2022_11-00-00.jpg",
        "width": 800,
        "height": 600,
        "text": "",
        "text_entities": [],
    },
    {  # a photo with a caption, edited
        "id": 4,
        "type": "message",
        "date": "2022-02-21T23:50:00",
        "date_unixtime": "1645487400",  # 23:50 UTC: the date is UTC's, not a local one
        "edited": "2022-02-21T23:55:00",
        "edited_unixtime": "1645487700",
        "from": "Rail Watch",
        "photo": "photos/photo_2@21-02-2022_23-50-00.jpg",
        "text": "Column of trucks seen near Gomel station.\nAbout forty vehicles, no markings.",
        "text_entities": plain(
            "Column of trucks seen near Gomel station.\nAbout forty vehicles, no markings."
        ),
    },
]

BORDER = [
    {
        "id": 2,  # the same id as a Rail Watch message: ids are per chat
        "type": "message",
        "date": "2022-02-23T07:00:00",
        "date_unixtime": "1645599600",
        "from": "Border Monitor",
        "forwarded_from": "Rail Watch",
        "text": "Fuel trains reported again on the line to Mazyr, Rail Watch says.",
        "text_entities": plain("Fuel trains reported again on the line to Mazyr, Rail Watch says."),
    },
    {  # older exports: text as a bare string, no entities
        "id": 5,
        "type": "message",
        "date": "2022-02-23T09:00:00",
        "date_unixtime": "1645606800",
        "from": "Border Monitor",
        "text": "No movement at the Mozyr crossing overnight.",
    },
]


def account_export(rail: list[Any] | None = None) -> dict[str, Any]:
    return {
        "about": "Here is the data you requested.",
        "chats": {
            "about": "This page lists all chats from this export.",
            "list": [
                {
                    "name": "Rail Watch",
                    "type": "public_channel",
                    "id": 1001,
                    "messages": rail or RAIL,
                },
                {
                    "name": "Border Monitor",
                    "type": "public_channel",
                    "id": 2002,
                    "messages": BORDER,
                },
            ],
        },
    }


def write(path: Path, value: object) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
    return str(path)


@pytest.fixture
def in_tmp(tmp_path: Path) -> Any:
    cwd = os.getcwd()
    os.chdir(tmp_path)
    yield tmp_path
    os.chdir(cwd)


def test_whole_account_export_through_ingest_and_extract(in_tmp: Path) -> None:
    write(in_tmp / "export" / "result.json", account_export())
    db = str(in_tmp / "w.db")
    code, out, err = wf("ingest", "export/result.json", "--db", db, "--no-nlp", "--quiet", "--json")
    assert code == 0, err
    summary = json.loads(out)
    # service message and the bare photo skipped; the forward is its own text
    assert (summary["stored"], summary["versions"], summary["errors"]) == (4, 0, [])

    code, out, err = wf("extract", "export/result.json", "--json", "--no-nlp")
    assert code == 0, err
    docs = {d["doc"]: d for d in jsonl(out)}
    assert sorted(docs) == [
        "export/result.json#1001/2",
        "export/result.json#1001/4",
        "export/result.json#2002/2",
        "export/result.json#2002/5",
    ]
    linked = docs["export/result.json#1001/2"]
    assert linked["outlet"] == "Rail Watch"
    assert linked["published"] == "2022-02-21"
    assert linked["title"] == (
        "Two trains with fuel tanks passed Kalinkavichy towards Mazyr this morning, "
        "see the count (https://example.org/r/2)."
    )
    late = docs["export/result.json#1001/4"]
    assert late["published"] == "2022-02-21"  # 23:50 UTC, whatever the local zone
    assert late["title"] == "Column of trucks seen near Gomel station."
    assert docs["export/result.json#2002/5"]["outlet"] == "Border Monitor"
    assert docs["export/result.json#2002/2"]["published"] == "2022-02-23"

    code, out, _ = wf("ingest", "export/result.json", "--db", db, "--no-nlp", "--quiet", "--json")
    again = json.loads(out)
    assert (again["stored"], again["versions"], again["duplicates"]) == (0, 0, 4)


def test_an_edited_message_in_a_newer_export_is_a_new_version(in_tmp: Path) -> None:
    chat = {"name": "Rail Watch", "type": "public_channel", "id": 1001, "messages": RAIL}
    path = write(in_tmp / "rail" / "result.json", chat)
    db = str(in_tmp / "w.db")
    code, out, err = wf("ingest", path, "--db", db, "--no-nlp", "--quiet", "--json")
    assert code == 0, err
    assert json.loads(out)["stored"] == 2

    edited = [dict(m) for m in RAIL]
    edited[3]["text_entities"] = plain("Column of trucks seen near Gomel station: sixty vehicles.")
    edited[3]["edited_unixtime"] = "1645490000"
    new = {"id": 6, "type": "message", "date_unixtime": "1645520000", "text": "Quiet night."}
    write(in_tmp / "rail" / "result.json", {**chat, "messages": [*edited, new]})
    code, out, err = wf("ingest", path, "--db", db, "--no-nlp", "--quiet", "--json")
    assert code == 0, out + err
    summary = json.loads(out)
    assert (summary["stored"], summary["versions"], summary["duplicates"]) == (1, 1, 1)

    rows = jsonl(wf("articles", "--db", db, "--json")[1])
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_doc.setdefault(row["doc"], []).append(row)
    assert set(by_doc) == {f"{path}#2", f"{path}#4", f"{path}#6"}
    assert len(by_doc[f"{path}#4"]) == 2


def read(path: str) -> list[RawDoc | SourceError]:
    return list(read_input(path))


def test_bad_messages_are_one_line_each_and_the_rest_is_read(tmp_path: Path) -> None:
    messages: list[Any] = [
        {"id": 10, "type": "message", "date_unixtime": "99999999999999999999", "text": "Too far."},
        {"id": 11, "type": "message", "date_unixtime": "1645599600", "text": 42},
        {"id": 12, "type": "message", "date_unixtime": "1645599600", "text_entities": "oops"},
        {"id": 13, "type": "message", "date_unixtime": 1e308, "text": "Huge float."},
        {"id": 14, "type": "message", "text_entities": [7]},
        "not a message",
        {"type": "message", "text": "no id"},
        {"id": 15, "type": "message", "date_unixtime": "1645599600", "text": "Still read."},
        {"id": 16, "type": "message", "sticker_emoji": "👍", "file": "stickers/s.webp"},
        {
            "id": 17,
            "type": "message",
            "date_unixtime": "1645599600",
            "text_entities": [{"type": "some_future_kind", "text": "Unknown kinds read as text."}],
        },
    ]
    path = write(
        tmp_path / "c" / "result.json",
        {"name": "Ch", "type": "public_channel", "id": 1, "messages": messages},
    )
    found = read(path)
    docs = [f for f in found if isinstance(f, RawDoc)]
    errors = [f for f in found if isinstance(f, SourceError)]
    assert [d.name for d in docs] == [f"{path}#15", f"{path}#17"]
    assert docs[1].text == "Unknown kinds read as text."
    assert [e.origin for e in errors] == [
        f"{path}#10",
        f"{path}#11",
        f"{path}#12",
        f"{path}#13",
        f"{path}#14",
        f"{path}#[6]",
        f"{path}#[7]",
    ]
    assert all("\n" not in e.reason and e.reason for e in errors)
    assert "date_unixtime" in errors[0].reason and "message 10" in errors[0].reason


def test_a_lone_surrogate_is_replaced_or_one_message_error(tmp_path: Path) -> None:
    message = b'{"id": 1, "type": "message", "date_unixtime": "1645599600", "text": "x \\ud800"},'
    fine = b'{"id": 2, "type": "message", "date_unixtime": "1645599600", "text": "Fine."}'
    path = tmp_path / "result.json"
    path.write_bytes(
        b'{"name": "Ch", "type": "public_channel", "id": 1, "messages": [' + message + fine + b"]}"
    )
    # streamed, the broken character is replaced (ijson's C parser writes "?") and read
    bad, good = read(str(path))
    assert isinstance(bad, RawDoc) and bad.text == "x ?"
    assert isinstance(good, RawDoc) and good.text == "Fine."
    # parsed whole (the chat's fields after its messages: not streamed), it is one error
    path.write_bytes(b'{"messages": [' + message + fine + b'], "name": "Ch", "id": 1, "type": "x"}')
    bad, good = read(str(path))
    assert isinstance(bad, SourceError) and bad.origin == f"{path}#1"
    assert "lone surrogate" in bad.reason
    assert isinstance(good, RawDoc) and good.text == "Fine."


def test_broken_files_and_chats(tmp_path: Path) -> None:
    broken = tmp_path / "broken" / "result.json"
    broken.parent.mkdir()
    broken.write_text('{"name": "Ch", "type": "public_channel", "messages": [', encoding="utf-8")
    [error] = read(str(broken))
    assert isinstance(error, SourceError) and "invalid JSON" in error.reason

    account = {
        "chats": {
            "list": [
                {"name": "No messages", "type": "public_channel", "id": 7},
                {"name": "No id", "messages": []},
                "not a chat",
                {
                    "name": "Fine",
                    "type": "public_channel",
                    "id": 8,
                    "messages": [
                        {"id": 1, "type": "message", "date_unixtime": "1645599600", "text": "Read."}
                    ],
                },
            ]
        }
    }
    path = write(tmp_path / "acct" / "result.json", account)
    found = read(path)
    assert [f.name for f in found if isinstance(f, RawDoc)] == [f"{path}#8/1"]
    errors = [str(f) for f in found if isinstance(f, SourceError)]
    assert len(errors) == 3
    assert errors[0] == f"{path}#7: Telegram export: chat has no 'messages' list"


def test_ordinary_json_articles_are_not_telegram(tmp_path: Path) -> None:
    article = {"title": "A headline", "text": "Some text.", "type": "article", "id": 3}
    assert not is_telegram_export(article)
    assert not is_telegram_export([article])
    assert not is_telegram_export({"articles": [article]})
    # a chat log of another tool whose messages are not Telegram's
    assert not is_telegram_export({"id": 1, "messages": [{"body": "hi"}]})
    path = write(tmp_path / "a.json", {"articles": [article]})
    [doc] = read(path)
    assert isinstance(doc, RawDoc) and doc.hints.title == "A headline"


def test_text_and_titles() -> None:
    assert message_text({"text": ["a ", {"type": "bold", "text": "b"}, " c"]}) == "a b c"
    # a link whose words are its address is not written twice
    entity = {"type": "text_link", "text": "https://x.org/1", "href": "https://x.org/1"}
    assert message_text({"text_entities": [entity]}) == "https://x.org/1"
    assert message_text({"text_entities": [], "text": "fallback"}) == "fallback"
    assert title_of("\n  First line  \nsecond") == "First line"
    long = "word " * 60
    title = title_of(long)
    assert title is not None and len(title) <= 121 and title.endswith("word…")
    sentences = "Three trains passed Zhlobin at night with tracked vehicles. " * 3
    assert title_of(sentences) == "Three trains passed Zhlobin at night with tracked vehicles."


SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "telegram-sample" / "result.json"


def test_the_sample_export() -> None:
    code, out, err = wf("extract", str(SAMPLE), "--json", "--no-nlp")
    assert code == 0, err
    docs = jsonl(out)
    # the service message (1) and the photo without a caption (3) are passed over
    assert [d["doc"] for d in docs] == [f"{SAMPLE}#{n}" for n in (2, 4, 5, 6)]
    assert {d["outlet"] for d in docs} == {"Polesie Rail Notes"}
    assert [d["published"] for d in docs] == [
        "2022-02-17",
        "2022-02-19",
        "2022-02-20",
        "2022-02-22",
    ]
    # a channel's message has its t.me address: the same in every later export
    assert all(d["authors"] == [] for d in docs)
    assert [d["url"] for d in docs] == [f"https://t.me/c/500100/{n}" for n in (2, 4, 5, 6)]
    assert docs[0]["title"] == (
        "Evening count at Kalinkavichy junction: three flatcar trains with tracked vehicles "
        "heading south towards Mazyr."
    )
    assert [d["body_lines"] for d in docs] == [[[1, 1]], [[1, 2]], [[1, 1]], [[1, 1]]]
    found = [f for f in read_input(str(SAMPLE)) if isinstance(f, RawDoc)]
    assert found[0].text is not None and found[0].text.endswith(
        "Our earlier tally is pinned here (https://polesie-rail.example/tally)."
    )
    assert found[1].text is not None and "\nRailway staff say" in found[1].text
