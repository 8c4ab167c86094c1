"""URL inputs: the guarded fetch and routing by Content-Type, against a local http.server.

The server listens on 127.0.0.1, which the guard refuses by default, so the
tests that read from it pass ``allow_private=True``; the refusals themselves
are tested too (loopback, private redirect hops, schemes).
"""

from __future__ import annotations

import contextlib
import gzip
import json
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from watchfloor.clean import decoded
from watchfloor.errors import InputError
from watchfloor.records import DocKind, RawDoc, SourceError
from watchfloor.sources import SourceOptions, fetch, read_input
from watchfloor.sources import http as http_module

PARA = (
    "Satellite images released on Tuesday showed new field hospitals beside the "
    "garrisons in southern Belarus, some 40 km from the border with Ukraine."
)
PAGE = (
    f"<!doctype html><html><head><title>Hospitals</title></head><body><p>{PARA}</p></body></html>"
)


def feed(base: str) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Polesie Wire</title>
<item><title>Hospitals</title><link>{base}/page.html</link><guid>tag:polesie,2022:h1</guid>
<description>Field hospitals seen.</description></item>
<item><title>Gone</title><link>{base}/missing</link><guid>tag:polesie,2022:h2</guid></item>
</channel></rss>""".encode()


class Handler(BaseHTTPRequestHandler):
    """Routes: each path answers the way a real server might."""

    def do_GET(self) -> None:
        base = f"http://127.0.0.1:{self.server.server_port}"  # type: ignore[attr-defined]
        path = self.path
        if path in ("/page.html", "/%D1%81%D1%82%D0%B0%D1%82%D1%8C%D1%8F?q=%D0%B0"):
            self._send(200, PAGE.encode(), "text/html; charset=utf-8")
        elif path == "/cp1251.html":
            text = "<html><body><p>Военные учения продолжаются у границы, сообщили в Минске.</p>"
            self._send(200, text.encode("cp1251"), "text/html; charset=windows-1251")
        elif path == "/notes.txt":
            self._send(200, PARA.encode(), "text/plain")
        elif path == "/feed.xml":
            self._send(200, feed(base), "application/rss+xml")
        elif path == "/feed-as-xml":
            self._send(200, feed(base), "text/xml")
        elif path == "/articles.json":
            body = json.dumps({"articles": [{"text": PARA, "title": "One"}]}).encode()
            self._send(200, body, "application/json")
        elif path == "/gzipped.html":
            self._send(200, gzip.compress(PAGE.encode()), "text/html", {"Content-Encoding": "gzip"})
        elif path == "/bomb.html":
            body = gzip.compress(b" " * (2 * 1024 * 1024))
            self._send(200, body, "text/html", {"Content-Encoding": "gzip"})
        elif path == "/image.png":
            self._send(200, b"\x89PNG\r\n\x1a\n\x00\x00", "image/png")
        elif path == "/redirect":
            self._send(302, b"", "text/plain", {"Location": "/page.html"})
        elif path == "/loop":
            self._send(302, b"", "text/plain", {"Location": "/loop"})
        elif path == "/to-metadata":
            location = "http://169.254.169.254/latest/meta-data/"
            self._send(302, b"", "text/plain", {"Location": location})
        elif path == "/to-file":
            self._send(302, b"", "text/plain", {"Location": "file:///etc/passwd"})
        elif path == "/big":
            self._send(200, b"x" * 10_000, "text/plain")
        elif path == "/big-unsized":
            self._send(200, b"x" * 10_000, "text/plain", sized=False)
        elif path == "/slow":
            time.sleep(1.5)
            self._send(200, PARA.encode(), "text/plain")
        elif path == "/empty":
            self._send(200, b"", "text/html")
        else:
            self._send(404, b"not here", "text/plain")

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str,
        headers: dict[str, str] | None = None,
        *,
        sized: bool = True,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if sized:
            self.send_header("Content-Length", str(len(body)))
        else:
            self.send_header("Connection", "close")  # the body ends when the connection does
        self.end_headers()
        self.wfile.write(body)

    def handle(self) -> None:
        # The client stops reading past its limit, as it should.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            super().handle()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


LOCAL = SourceOptions(allow_private=True, timeout=5)


def read(url: str, options: SourceOptions = LOCAL) -> list[RawDoc | SourceError]:
    return list(read_input(url, options=options))


def test_html_page(server: str) -> None:
    url = f"{server}/page.html"
    [doc] = read(url)
    assert isinstance(doc, RawDoc)
    assert (doc.origin, doc.name, doc.kind) == (url, url, DocKind.HTML)
    assert doc.hints.url == url
    assert decoded(doc) == PAGE
    assert doc.encoding == "utf-8"


@pytest.mark.parametrize(
    ("path", "kind", "expected"),
    [
        ("/notes.txt", DocKind.TEXT, PARA),
        ("/gzipped.html", DocKind.HTML, PAGE),
        ("/cp1251.html", DocKind.HTML, "Военные учения продолжаются"),
    ],
)
def test_routed_by_content_type(server: str, path: str, kind: DocKind, expected: str) -> None:
    [doc] = read(server + path)
    assert isinstance(doc, RawDoc)
    assert doc.kind is kind
    assert expected in decoded(doc)


def test_non_ascii_path_is_escaped(server: str) -> None:
    [doc] = read(f"{server}/статья?q=а")
    assert isinstance(doc, RawDoc)
    assert decoded(doc) == PAGE


def test_redirect_followed(server: str) -> None:
    [doc] = read(f"{server}/redirect")
    assert isinstance(doc, RawDoc)
    assert doc.origin == f"{server}/redirect"
    assert doc.hints.url == f"{server}/page.html"


@pytest.mark.parametrize("path", ["/feed.xml", "/feed-as-xml"])
def test_feed_url(server: str, path: str) -> None:
    found = read(server + path)
    doc, error = found
    assert isinstance(doc, RawDoc)
    assert doc.origin == f"{server}{path}#tag:polesie,2022:h1"
    assert doc.name == f"{server}/page.html"
    assert doc.kind is DocKind.TEXT
    assert decoded(doc) == "Field hospitals seen."
    assert doc.hints.outlet == "Polesie Wire"
    assert isinstance(error, SourceError)
    assert error.origin == f"{server}{path}#tag:polesie,2022:h2"


def test_feed_follow_links(server: str) -> None:
    options = SourceOptions(allow_private=True, timeout=5, follow_links=True)
    doc, error = read(f"{server}/feed.xml", options)
    assert isinstance(doc, RawDoc)
    assert doc.kind is DocKind.HTML
    assert decoded(doc) == PAGE  # the linked page, not the teaser
    assert doc.hints.title == "Hospitals"
    assert doc.hints.url == f"{server}/page.html"
    assert error == SourceError(
        origin=f"{server}/feed.xml#tag:polesie,2022:h2",
        reason="entry has no text and its link failed: HTTP 404 Not Found",
    )


def test_json_url(server: str) -> None:
    [doc] = read(f"{server}/articles.json")
    assert isinstance(doc, RawDoc)
    assert doc.origin == f"{server}/articles.json#1"
    assert doc.hints.title == "One"


BAD_URLS = [
    ("/missing", LOCAL, "HTTP 404 Not Found"),
    ("/image.png", LOCAL, "unsupported content type image/png"),
    ("/empty", LOCAL, "empty file"),
    ("/loop", LOCAL, "too many redirects (more than 5)"),
    ("/redirect", SourceOptions(allow_private=True, max_redirects=0), "too many redirects"),
    ("/to-file", LOCAL, "unsupported URL scheme 'file' (http and https only)"),
    ("/big", SourceOptions(allow_private=True, max_bytes=1000), "too large (9.8 KB > 1000 bytes"),
    (
        "/big-unsized",
        SourceOptions(allow_private=True, max_bytes=1000),
        "too large (over the 1000 bytes limit)",
    ),
    # 2 MB of spaces gzipped to 2 KB: the decoded size is what counts.
    ("/bomb.html", SourceOptions(allow_private=True, max_bytes=100_000), "too large (over"),
    ("/slow", SourceOptions(allow_private=True, timeout=0.3), "timed out after 0.3 s"),
    ("/page.html", SourceOptions(), "refused: 127.0.0.1 is a loopback address"),
]


@pytest.mark.parametrize(("path", "options", "reason"), BAD_URLS, ids=[b[0] for b in BAD_URLS])
def test_bad_url_gives_one_error(
    server: str, path: str, options: SourceOptions, reason: str
) -> None:
    url = server + path
    [error] = read(url, options)
    assert isinstance(error, SourceError)
    assert error.origin == url
    assert reason in error.reason


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1:9/", "cannot connect: connection refused"),
        (
            "http://no-such-host.invalid/",
            "cannot connect: cannot resolve host 'no-such-host.invalid'",
        ),
        ("ftp://example.org/report.txt", "unsupported URL scheme 'ftp' (http and https only)"),
        ("http:///no-host", "URL has no host"),
        ("http://example.org:99999/", "invalid URL"),
    ],
)
def test_unreachable_urls(url: str, reason: str, monkeypatch: pytest.MonkeyPatch) -> None:
    real = socket.getaddrinfo

    def offline_dns(host: str, *args: Any, **kwargs: Any) -> Any:
        # .invalid never resolves; answering here keeps the test off the network.
        if host.endswith(".invalid"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(http_module.socket, "getaddrinfo", offline_dns)
    [error] = read(url)
    assert isinstance(error, SourceError)
    assert error.origin == url
    assert error.reason.startswith(reason)


def test_redirect_to_private_address_refused(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first hop passes the guard; the redirect to the metadata service does not."""
    real = http_module.non_public_kind
    monkeypatch.setattr(
        http_module, "non_public_kind", lambda a: None if a == "127.0.0.1" else real(a)
    )
    url = f"{server}/to-metadata"
    [error] = read(url, SourceOptions())
    assert error == SourceError(
        origin=url,
        reason="redirect to http://169.254.169.254/latest/meta-data/: "
        "refused: 169.254.169.254 is a link-local address (allow_private permits it)",
    )


def test_name_resolving_to_loopback_refused() -> None:
    [error] = read("http://localhost:8080/admin", SourceOptions())
    assert isinstance(error, SourceError)
    assert "refused: localhost (" in error.reason
    assert "is a loopback address" in error.reason


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("127.9.9.9", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "link-local"),
        ("224.0.0.1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("240.0.0.1", "reserved"),
        ("100.64.0.1", "non-public"),
        ("::1", "loopback"),
        ("fe80::1", "link-local"),
        ("fc00::1", "private"),
        ("ff02::1", "multicast"),
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:10.0.0.1", "private"),
        ("93.184.215.14", None),
        ("2606:4700::1111", None),
    ],
)
def test_non_public_kind(address: str, kind: str | None) -> None:
    assert http_module.non_public_kind(address) == kind


def test_fetch_returns_body_type_and_final_url(server: str) -> None:
    fetched = fetch(f"{server}/redirect", options=LOCAL)
    assert fetched.body == PAGE.encode()
    assert fetched.content_type == "text/html; charset=utf-8"
    assert fetched.url == f"{server}/page.html"
    assert tuple(fetched) == (fetched.body, fetched.content_type, fetched.url)  # a plain tuple too


def test_fetch_raises_input_error(server: str) -> None:
    with pytest.raises(InputError) as caught:
        fetch(f"{server}/missing", options=LOCAL)
    assert caught.value.origin == f"{server}/missing"
    assert caught.value.reason == "HTTP 404 Not Found"


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
def test_https_connects_to_the_checked_address_but_verifies_the_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The guard pins the resolved address; TLS must still check the certificate's host name."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost"),
            *("-addext", "subjectAltName=DNS:localhost"),
        ],
        check=True,
        capture_output=True,
    )
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    port = httpd.server_address[1]
    try:
        [untrusted] = read(f"https://localhost:{port}/page.html")
        assert isinstance(untrusted, SourceError)
        assert untrusted.reason.startswith("cannot connect: TLS error:")
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # trust the test's own certificate
        [doc] = read(f"https://localhost:{port}/page.html")
        assert isinstance(doc, RawDoc)
        assert decoded(doc) == PAGE
        [wrong_name] = read(f"https://127.0.0.1:{port}/page.html")
        assert isinstance(wrong_name, SourceError)
        assert "doesn't match 'localhost'" in wrong_name.reason
    finally:
        httpd.shutdown()
        httpd.server_close()


# ---- a total deadline per fetch ----------------------------------------------------

TRICKLE_BYTES = 40
TRICKLE_EVERY = 0.15  # seconds: well inside the read timeout, so only a deadline stops it


@pytest.fixture
def trickler() -> Iterator[str]:
    """A server on 127.0.0.1 that sends its answer one byte every TRICKLE_EVERY s: the
    status line (``/headers``), a sized body (``/body``) or an unsized one (``/unsized``)."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def answer(conn: socket.socket) -> None:
        with conn, contextlib.suppress(OSError):
            request = b""
            while b"\r\n\r\n" not in request:
                request += conn.recv(1024)
            path = request.split(b" ", 2)[1]
            body = b"x" * TRICKLE_BYTES
            head = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
            if path == b"/unsized":
                head += b"Connection: close\r\n\r\n"
            else:
                head += b"Content-Length: %d\r\n\r\n" % len(body)
            if path == b"/headers":
                slow, body = head + body, b""
            else:
                conn.sendall(head)
                slow = body
            for i in range(len(slow)):
                if stop.is_set():
                    return
                conn.sendall(slow[i : i + 1])
                time.sleep(TRICKLE_EVERY)

    def serve() -> None:
        with contextlib.suppress(OSError):
            while True:
                conn, _ = listener.accept()
                threading.Thread(target=answer, args=(conn,), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    listener.close()


@pytest.mark.parametrize("path", ["/headers", "/body", "/unsized"])
def test_trickling_server_stops_at_the_fetch_deadline(trickler: str, path: str) -> None:
    """One byte every 0.15 s never trips a 2 s read timeout; the 0.5 s deadline ends the
    fetch in whichever part the server trickles, and an unsized body cut there is an
    error, not a short page."""
    options = SourceOptions(allow_private=True, timeout=2, deadline=0.5)
    started = time.monotonic()
    with pytest.raises(InputError) as caught:
        fetch(trickler + path, options=options)
    assert caught.value.reason == "timed out: the fetch took more than 0.5 s"
    assert time.monotonic() - started < 1.5  # the whole answer would take 6 s and more


def test_fetch_deadline_defaults_to_five_timeouts() -> None:
    assert SourceOptions().fetch_deadline == 100
    assert SourceOptions(timeout=3).fetch_deadline == 15
    assert SourceOptions(timeout=3, deadline=7.5).fetch_deadline == 7.5
    for bad in (0, -1, float("inf"), float("nan")):
        with pytest.raises(ValueError, match="deadline must be a positive number of seconds"):
            SourceOptions(deadline=bad)


def test_fast_fetch_within_the_deadline(server: str) -> None:
    """The watchdog does not touch a fetch that ends in time, redirects included."""
    fetched = fetch(f"{server}/redirect", options=SourceOptions(allow_private=True, deadline=5))
    assert fetched.body == PAGE.encode()
