"""Hostile and huge articles in the store and the web app, on SQLite and PostgreSQL: a NUL
character or a text of millions of distinct words is stored with its batch, a search or an
article page does work bounded by a window however long one article is, a request has a
deadline, and the server stops on SIGTERM with a request still open."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from tests.conftest import make_article, pg_schema_url
from watchfloor.errors import NotFound
from watchfloor.records import Outcome
from watchfloor.store import MARK_START, StatementTimeout, Store, deadline
from watchfloor.store.db import SNIPPET_WINDOW
from watchfloor.web import create_app
from watchfloor.web.views import ARTICLE_LINES, LINE_CHARS

SRC = Path(__file__).resolve().parent.parent / "src"


def _filler(count: int, *, start: int = 0) -> list[str]:
    """Distinct lines (a repeated line is not body text) that match no search below."""
    return [f"Paragraph {i} of filler text about nothing." for i in range(start, start + count)]


# ---- NUL characters and huge texts where text enters the store ------------------------------


def test_nul_characters_never_cost_the_report_or_its_batch(store: Store) -> None:
    nul = make_article(
        ["Troops moved \x00 near the border on Monday."],
        doc="nul.txt",
        title="Nul \x00 title",
        outlet="Out\x00let",
        url="https://example.com/a\x00b",
    )
    nul.authors = ["Au\x00thor"]
    good = make_article(["A good report about wheat exports."], doc="good.txt")
    added = store.add([nul, good])
    assert [a.outcome for a in added] == [Outcome.STORED, Outcome.STORED]
    kept = store.get_article(added[0].article_id).article
    assert (kept.url, kept.outlet, kept.authors, kept.title) == (
        "https://example.com/ab",
        "Outlet",
        ["Author"],
        "Nul  title",
    )
    assert "\x00" not in kept.text
    assert [h.id for h in store.search("troops")] == [added[0].article_id]
    # a NUL in what a user searches for is no word, never an error
    assert [h.id for h in store.search("wheat\x00")] == [added[1].article_id]
    assert store.snippets("\x00", [added[0].article_id]) == {}


def test_a_long_text_of_distinct_words_is_stored_and_searchable(store: Store) -> None:
    # about 3 MB of words that never repeat: PostgreSQL's tsvector holds 1 MB of them
    words = [f"w{i:07x}" for i in range(340_000)]
    lines = [" ".join(words[i : i + 100]) for i in range(0, len(words), 100)]
    big = make_article(lines, doc="big.txt")
    added = store.add([big, make_article(["Wheat exports rose."], doc="small.txt")])
    assert [a.outcome for a in added] == [Outcome.STORED, Outcome.STORED]
    assert sum(len(line) for line in lines) > 3_000_000
    assert [h.id for h in store.search("w0000001")] == [added[0].article_id]
    assert len(store.get_article(added[0].article_id).article.lines) == len(lines) + 2


def test_ids_beyond_what_the_database_holds_are_not_found(store: Store) -> None:
    (added,) = store.add([make_article(["Wheat exports rose."])])
    for huge in (2**31, 2**31 + added.article_id, 2**63):
        with pytest.raises(NotFound, match=f"no article with id {huge}"):
            store.get_article(huge)
        with pytest.raises(NotFound):
            store.set_published(huge, "2022-02-02", "test")
        assert store.annotation(huge) is None
        assert store.sightings(huge) == []
        assert store.article_lines(huge, limit=10, max_chars=10) == []
    assert store.snippets("wheat", [added.article_id, 2**40]).keys() == {added.article_id}


# ---- search: snippets from a bounded window, for the hits returned only ---------------------


def test_snippets_come_from_a_window_at_the_start_of_the_body(store: Store) -> None:
    filler = _filler(800)  # more than SNIPPET_WINDOW characters
    assert sum(len(line) + 1 for line in filler) > 2 * SNIPPET_WINDOW
    early, late = store.add(
        [
            make_article(["Tanks crossed the border at dawn.", *filler], doc="early.txt"),
            make_article([*_filler(800, start=1000), "Tanks crossed a river."], doc="late.txt"),
        ]
    )
    hits = {h.id: h.snippet for h in store.search("tanks")}
    assert hits.keys() == {early.article_id, late.article_id}  # the index has every word
    assert f"{MARK_START}Tanks" in hits[early.article_id]
    # the late match lies beyond the window a snippet is made from: its snippet is the
    # article's opening, made without reading further
    assert MARK_START not in hits[late.article_id]
    assert hits[late.article_id].startswith("Paragraph 1000 of filler")
    assert "Tanks" not in hits[late.article_id]


def test_search_makes_snippets_for_the_hits_it_returns_only(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.add([make_article([f"Tanks moved {i} times."], doc=f"t{i}.txt") for i in range(6)])
    asked: list[list[int]] = []
    made = Store._snippets

    def counted(self: Store, query: str, article_ids: list[int]) -> dict[int, str]:
        asked.append(list(article_ids))
        return made(self, query, article_ids)

    monkeypatch.setattr(Store, "_snippets", counted)
    hits = store.search("tanks", limit=2)
    assert len(hits) == 2 and all(MARK_START in h.snippet for h in hits)
    assert asked == [[h.id for h in hits]]  # not one for each of the six matches


# ---- deadlines ------------------------------------------------------------------------------


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "test.db")
    else:
        with pg_schema_url() as url:
            yield url


ENDLESS = {
    "sqlite": "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) "
    "SELECT count(*) FROM n",
    "postgresql": "SELECT pg_sleep(3600)",
}


def test_a_statement_past_the_timeout_is_stopped(store_url: str) -> None:
    with Store.open(store_url, statement_timeout=0.2) as store:
        with store.engine.connect() as conn, pytest.raises(StatementTimeout, match=r"0\.2 s"):
            conn.execute(text(ENDLESS[store.dialect]))
        store.add([make_article(["Wheat exports rose."])])  # the store goes on
        assert [h.title for h in store.search("wheat")] == ["A report"]
        with deadline(-1), pytest.raises(StatementTimeout, match="deadline passed"):
            store.search("wheat")  # a request whose deadline has passed reads no more


# ---- the web app: 400 and 404 for NUL and huge ids, an article a page at a time -------------


@pytest.fixture
def big_client(store_url: str) -> Iterator[tuple[TestClient, dict[str, int]]]:
    with Store.open(store_url) as store:
        one_line = "Tanks crossed the border. " + "word " * 200_000  # a 1 MB line
        many = [f"Line {i}: tanks moved toward the border." for i in range(1000)]
        ids = [
            a.article_id
            for a in store.add(
                [
                    make_article([one_line], doc="one-line.txt"),
                    make_article(many, doc="many-lines.txt"),
                ]
            )
        ]
    with TestClient(create_app(store_url)) as client:
        yield client, {"one_line": ids[0], "many": ids[1]}


@pytest.mark.parametrize(
    "path",
    [
        "/api/search?q=%00",
        "/api/search?q=tanks&outlet=a%00b",
        "/api/claims?about=%00",
        "/api/entities?name=x%00",
        "/api/timeline?%00=1",
    ],
)
def test_a_nul_in_a_parameter_is_a_json_400(
    big_client: tuple[TestClient, dict[str, int]], path: str
) -> None:
    client, _ = big_client
    response = client.get(path)
    assert response.status_code == 400
    assert response.json()["ok"] is False and "NUL" in response.json()["error"]
    assert client.get(path.removeprefix("/api")).status_code == 400  # the HTML twin too


def test_an_id_beyond_the_database_is_a_404_or_400(
    big_client: tuple[TestClient, dict[str, int]],
) -> None:
    client, _ = big_client
    for huge in (2**31 - 1, 2**31, 2**63 - 1):
        response = client.get(f"/api/articles/{huge}")
        assert response.status_code == 404
        assert response.json() == {"ok": False, "error": f"no article with id {huge}"}
    assert client.get(f"/api/articles/{2**63}").status_code == 400
    assert client.get(f"/articles/{2**31}").status_code == 404


def test_a_long_article_comes_a_page_at_a_time(
    big_client: tuple[TestClient, dict[str, int]],
) -> None:
    client, ids = big_client
    page = client.get(f"/api/articles/{ids['many']}").json()
    assert page["paging"] == {"total": 1002, "offset": 0, "limit": ARTICLE_LINES}
    assert [line["number"] for line in page["lines"]] == list(range(1, ARTICLE_LINES + 1))
    later = client.get(f"/api/articles/{ids['many']}?offset=990").json()
    assert [line["number"] for line in later["lines"]] == list(range(991, 1003))
    html = client.get(f"/articles/{ids['many']}?offset=990").text
    assert 'id="L1002"' in html and 'id="L990"' not in html and "← earlier" in html

    (line,) = [
        x for x in client.get(f"/api/articles/{ids['one_line']}").json()["lines"] if x["cut"]
    ]
    assert len(line["text"]) == LINE_CHARS  # the page reads a window of the 1 MB line
    assert line["cut"] == 26 + 5 * 200_000 - LINE_CHARS
    assert "more characters not shown" in client.get(f"/articles/{ids['one_line']}").text


def test_searching_a_huge_article_reads_a_window_of_it(
    big_client: tuple[TestClient, dict[str, int]],
) -> None:
    client, ids = big_client
    found = client.get("/api/search", params={"q": "tanks"}).json()
    snippets = {hit["id"]: hit["snippet"] for hit in found["hits"]}
    assert snippets.keys() == set(ids.values())
    assert all(len(snippet) < 400 for snippet in snippets.values())


# ---- the server stops on SIGTERM with a request still open ----------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_the_server_stops_on_sigterm_while_a_request_is_open(tmp_path: Path) -> None:
    db = tmp_path / "serve.db"
    Store.open(db).close()
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    server = subprocess.Popen(
        [sys.executable, "-m", "watchfloor", "serve", "--db", str(db), "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(600):  # up to a minute for the app to start
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/dashboard", timeout=1).is_success:
                    break
            except httpx.TransportError:
                server.wait(timeout=0.1) if server.poll() is not None else None
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                continue
        # An upload that never finishes: "100 Continue" says the app is reading its body.
        client = socket.create_connection(("127.0.0.1", port), timeout=30)
        client.sendall(
            b"POST /api/ingest HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
            b"Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 1000000\r\n\r\n"
        )
        assert client.recv(100).startswith(b"HTTP/1.1 100")
        client.sendall(b'--b\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\n')
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)  # uvicorn waited for the upload for ever
        client.close()
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
