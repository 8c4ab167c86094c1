"""Sources: files, folders, JSON, feeds and WARCs -> RawDocs, and every bad input -> one error.

All offline; every fixture is written into tmp_path by the test that uses it.
HTTP is in test_sources_http.py.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import re
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from watchfloor.clean import decoded
from watchfloor.errors import InputError
from watchfloor.records import DocKind, RawDoc, SourceError
from watchfloor.sources import (
    SourceOptions,
    expand_inputs,
    iter_sources,
    read_input,
    scan_inputs,
)
from watchfloor.sources import files as files_module
from watchfloor.sources.encoding import declared_in_markup, decode_bytes
from watchfloor.sources.options import human_size, too_large

Found = RawDoc | SourceError

PARA = (
    "Satellite images released on Tuesday showed new field hospitals beside the "
    "garrisons in southern Belarus, some 40 km from the border with Ukraine."
)

# English with Cyrillic, as a Minsk outlet's bilingual page would be: 48 Cyrillic words.
CYRILLIC_REPORT = "\n".join(
    [
        "Minsk, 20 February. The Belarusian defence ministry said on Sunday that the joint "
        "exercises would continue.",
        "Министерство обороны Беларуси заявило в воскресенье, что совместные учения с Россией "
        "продолжатся у южной границы.",
        "Железнодорожники насчитали не менее сорока эшелонов с бронетехникой на станциях Гомель, "
        "Мозырь и Брест за последнюю неделю.",
        "NATO estimates that thirty thousand Russian troops are now in the country.",
        "Аналитики в Вильнюсе считают, что войска могут быть использованы для наступления на "
        "Киев с севера.",
        "",
    ]
)

LATIN1_REPORT = (
    "Rencontre à Minsk: le président a déclaré que les troupes resteraient "
    "jusqu'à la fin des exercices, selon un porte-parole du ministère.\n"
)

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>Laughs</title>
<item><title>&lol9;</title><description>&lol9;</description></item>
</channel></rss>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>x</title>
<item><title>t</title><description>&secret;</description></item></channel></rss>"""

RSS = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Minsk Daily</title><link>https://minsk.example/</link>
<item>
  <title>Trains counted at Gomel</title>
  <link>https://minsk.example/trains</link>
  <guid>minsk-101</guid>
  <pubDate>Sun, 20 Feb 2022 01:30:00 +0300</pubDate>
  <dc:creator>Alena Kovalenko</dc:creator>
  <description>Short teaser.</description>
  <content:encoded><![CDATA[<p>{PARA}</p>
    <p>Railway workers counted <b>forty</b> trains.</p>]]></content:encoded>
</item>
<item>
  <title>Exercises extended</title>
  <link>https://minsk.example/extended</link>
  <guid>minsk-102</guid>
  <pubDate>Mon, 21 Feb 2022 10:00:00 +0000</pubDate>
  <author>desk@minsk.example (Ivan Petrov)</author>
  <description>The exercises were extended, the ministry said.</description>
</item>
<item>
  <title>Link only</title>
  <link>https://minsk.example/link-only</link>
  <guid>minsk-103</guid>
</item>
</channel></rss>""".encode()

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Polesie Wire</title><id>tag:polesie.example,2022:feed</id>
<updated>2022-02-22T09:30:00Z</updated>
<entry>
  <id>tag:polesie.example,2022:1</id>
  <title type="html">Field &lt;i&gt;hospitals&lt;/i&gt; near the border</title>
  <link href="https://polesie.example/hospitals"/>
  <published>2022-02-22T09:30:00+02:00</published>
  <updated>2022-02-23T09:30:00Z</updated>
  <author><name>Jane Doe</name></author>
  <author><name>John Roe</name></author>
  <content type="html">&lt;p&gt;{PARA}&lt;/p&gt;</content>
</entry>
</feed>""".encode()


# --- helpers ---------------------------------------------------------------


def read(item: str | Path, **options: object) -> list[Found]:
    return list(read_input(str(item), options=SourceOptions(**options)))  # type: ignore[arg-type]


def docs_of(found: list[Found]) -> list[RawDoc]:
    return [f for f in found if isinstance(f, RawDoc)]


def errors_of(found: list[Found]) -> list[SourceError]:
    return [f for f in found if isinstance(f, SourceError)]


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def html_page(title: str, body: str = PARA) -> str:
    return (
        f"<!doctype html><html><head><title>{title}</title></head><body><p>{body}</p></body></html>"
    )


def make_warc(*, gzipped: bool, big_body: int = 0) -> bytes:
    """A small crawl: pages that are articles, and records that are not."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzipped)

    def response(uri: str, body: bytes, content_type: str, status: str = "200 OK") -> None:
        headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            uri, "response", payload=io.BytesIO(body), http_headers=headers
        )
        writer.write_record(record)

    request = writer.create_warc_record(
        "https://polesie.example/a",
        "request",
        payload=io.BytesIO(b""),
        http_headers=StatusAndHeaders(
            "GET /a HTTP/1.1", [("Host", "polesie.example")], is_http_request=True
        ),
    )
    writer.write_record(request)
    response(
        "https://polesie.example/a",
        html_page("Page A").encode(),
        "text/html; charset=utf-8",
    )
    response("https://polesie.example/logo.png", PNG, "image/png")
    response(
        "https://polesie.example/gone", b"<html>Not found</html>", "text/html", "404 Not Found"
    )
    response(
        "https://minsk.example/ru.txt",
        CYRILLIC_REPORT.encode("cp1251"),
        "text/plain; charset=windows-1251",
    )
    if big_body:
        response(
            "https://polesie.example/big",
            html_page("Big", "word " * (big_body // 5)).encode(),
            "text/html",
        )
    response("https://polesie.example/b", html_page("Page B").encode(), "text/html")
    return buffer.getvalue()


WARC_PAGES = [
    "https://polesie.example/a",
    "https://minsk.example/ru.txt",
    "https://polesie.example/b",
]


# --- encoding --------------------------------------------------------------

DECODE_CASES = [
    pytest.param(b"Plain ASCII report.\n", None, "Plain ASCII report.\n", id="ascii"),
    pytest.param("Kyiv – “quoted”\n".encode(), None, "Kyiv – “quoted”\n", id="utf-8"),
    pytest.param(b"\xef\xbb\xbfWith BOM\n", None, "With BOM\n", id="utf-8-bom"),
    pytest.param(
        "\ufeffMinsk, Гомель\n".encode("utf-16-le"), None, "Minsk, Гомель\n", id="utf-16-le-bom"
    ),
    pytest.param(
        "\ufeffMinsk, Гомель\n".encode("utf-16-be"), None, "Minsk, Гомель\n", id="utf-16-be-bom"
    ),
    pytest.param("Minsk\n".encode("utf-32"), None, "Minsk\n", id="utf-32-bom"),
    pytest.param(b"one\r\ntwo\rthree\n", None, "one\ntwo\nthree\n", id="crlf-and-cr"),
    pytest.param(LATIN1_REPORT.encode("latin-1"), None, LATIN1_REPORT, id="latin-1-undeclared"),
    pytest.param(
        "He said \u201cno\u201d \u2013 twice.\n".encode("cp1252"),
        "iso-8859-1",
        "He said \u201cno\u201d \u2013 twice.\n",
        id="latin-1-declared-read-as-cp1252",
    ),
    pytest.param(
        "Café in Minsk\n".encode(), "iso-8859-1", "Café in Minsk\n", id="utf-8-mislabelled-latin-1"
    ),
    pytest.param(CYRILLIC_REPORT.encode("cp1251"), None, CYRILLIC_REPORT, id="cp1251-undeclared"),
    pytest.param(CYRILLIC_REPORT.encode("koi8_r"), None, CYRILLIC_REPORT, id="koi8-r-undeclared"),
    pytest.param(
        CYRILLIC_REPORT.encode("cp1251"), "windows-1251", CYRILLIC_REPORT, id="cp1251-declared"
    ),
    pytest.param(
        CYRILLIC_REPORT.encode("koi8_r"), "no-such-charset", CYRILLIC_REPORT, id="bogus-label"
    ),
    pytest.param(
        LATIN1_REPORT.encode("latin-1"), "utf-8", LATIN1_REPORT, id="utf-8-declared-but-latin-1"
    ),
]


def test_cyrillic_fixture_is_big_enough() -> None:
    cyrillic_words = [w for w in CYRILLIC_REPORT.split() if re.search("[а-яА-Я]", w)]
    assert len(cyrillic_words) >= 30


@pytest.mark.parametrize(("data", "declared", "expected"), DECODE_CASES)
def test_decode_bytes(data: bytes, declared: str | None, expected: str) -> None:
    assert decode_bytes(data, declared=declared, origin="doc") == expected


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        pytest.param(LATIN1_REPORT * 4000, "latin-1", id="1-MB-latin-1"),
        pytest.param(CYRILLIC_REPORT * 2000, "koi8_r", id="1-MB-koi8-r"),
        # The sample the guess is made on is all ASCII; the whole file is not.
        pytest.param(PARA * 5000 + "\n" + LATIN1_REPORT, "latin-1", id="accents-after-sample"),
    ],
)
def test_decode_large_legacy_text(text: str, encoding: str) -> None:
    assert decode_bytes(text.encode(encoding), origin="big.txt") == text


@given(
    st.text(
        alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufeff")
        | st.sampled_from("\n\r\t"),
        min_size=1,
    ).filter(str.strip)
)
def test_utf8_text_round_trips(text: str) -> None:
    expected = text.replace("\r\n", "\n").replace("\r", "\n")
    assert decode_bytes(text.encode(), origin="doc") == expected


@given(st.binary(max_size=3000), st.sampled_from(["utf-8", "latin-1", "klingon", None]))
def test_decode_bytes_gives_text_or_input_error(data: bytes, declared: str | None) -> None:
    try:
        text = decode_bytes(data, declared=declared, origin="doc")
    except InputError as exc:
        assert exc.reason in ("empty file", "binary content (not text)")
    else:
        assert text.strip() and "\r" not in text and "\x00" not in text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        pytest.param(b"", "empty file", id="empty"),
        pytest.param(b" \n\t\r\n ", "empty file", id="whitespace"),
        pytest.param("\ufeff  \n".encode("utf-16-le"), "empty file", id="utf-16-whitespace"),
        pytest.param(PNG, "binary content (not text)", id="png"),
        pytest.param(b"Some text\x00with a NUL\n" * 10, "binary content (not text)", id="nul"),
        pytest.param(
            random.Random(7).randbytes(4096), "binary content (not text)", id="random-bytes"
        ),
        pytest.param(
            bytes(b for b in random.Random(8).randbytes(6000) if b),
            "binary content (not text)",
            id="random-bytes-without-nul",
        ),
        pytest.param(zlib.compress(PARA.encode() * 50), "binary content (not text)", id="zlib"),
    ],
)
def test_decode_bytes_refuses(data: bytes, reason: str) -> None:
    with pytest.raises(InputError) as caught:
        decode_bytes(data, origin="reports/x.txt")
    assert caught.value.reason == reason
    assert str(caught.value) == f"reports/x.txt: {reason}"


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b'<html><head><meta charset="windows-1251">', "windows-1251"),
        (b"<meta http-equiv='Content-Type' content='text/html; charset=KOI8-R'>", "KOI8-R"),
        (b'<?xml version="1.0" encoding="ISO-8859-1"?><feed>', "ISO-8859-1"),
        (b'<meta charset="utf-16">', "utf-8"),  # readable as ASCII, so not UTF-16
        (b'<meta charset="klingon">', None),
        (b"<html><body>no declaration</body></html>", None),
    ],
)
def test_declared_in_markup(head: bytes, expected: str | None) -> None:
    assert declared_in_markup(head) == expected


@pytest.mark.parametrize(
    ("size", "limit", "expected"),
    [
        (200 * 1024 * 1024, 50 * 1024 * 1024, "too large (200.0 MB > 50.0 MB limit)"),
        (3000, 1024, "too large (2.9 KB > 1.0 KB limit)"),
        (None, 100, "too large (over the 100 bytes limit)"),
    ],
)
def test_too_large_wording(size: int | None, limit: int, expected: str) -> None:
    assert too_large(size, limit) == expected
    assert human_size(512) == "512 bytes"


# --- plain documents -------------------------------------------------------

DOCUMENT_CASES = [
    pytest.param("report.txt", "Minsk, 20 Feb\n\n" + PARA, DocKind.TEXT, id="txt"),
    pytest.param("report.md", "# Trains\n\n" + PARA, DocKind.MARKDOWN, id="md"),
    pytest.param("report.markdown", "---\ntitle: x\n---\n" + PARA, DocKind.MARKDOWN, id="markdown"),
    pytest.param("page.html", html_page("A page"), DocKind.HTML, id="html"),
    pytest.param("page.HTM", html_page("A page"), DocKind.HTML, id="htm-upper-case"),
    # The user chose .txt: a saved page's source is read as text.
    pytest.param("source.txt", html_page("A page"), DocKind.TEXT, id="html-in-txt-stays-text"),
    # Unknown extensions given explicitly are sniffed.
    pytest.param("page.php", html_page("A page"), DocKind.HTML, id="sniffed-html"),
    pytest.param("notes", PARA, DocKind.TEXT, id="sniffed-text"),
    pytest.param("front.page", "---\ntitle: x\n---\n" + PARA, DocKind.MARKDOWN, id="sniffed-md"),
    pytest.param(
        "broken.html",
        "<html><body><p>Unclosed <div><b>bold <table><tr><td>" + PARA,
        DocKind.HTML,
        id="malformed-html-is-still-a-doc",
    ),
]


@pytest.mark.parametrize(("filename", "content", "kind"), DOCUMENT_CASES)
def test_document_files(tmp_path: Path, filename: str, content: str, kind: DocKind) -> None:
    path = write(tmp_path / filename, content)
    [doc] = read(path)
    assert isinstance(doc, RawDoc)
    assert doc.kind is kind
    assert doc.origin == str(path)
    assert doc.name == filename
    assert decoded(doc) == content
    assert doc.data == content.encode()


def test_html_meta_charset_is_used(tmp_path: Path) -> None:
    page = f'<html><head><meta charset="windows-1251"></head><body><pre>{CYRILLIC_REPORT}</pre>'
    path = write(tmp_path / "ru.html", page.encode("cp1251"))
    [doc] = read(path)
    assert isinstance(doc, RawDoc)
    assert doc.encoding == "windows-1251"
    assert CYRILLIC_REPORT in decoded(doc)


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r"])
def test_cyrillic_file_decoded(tmp_path: Path, encoding: str) -> None:
    path = write(tmp_path / f"{encoding}.txt", CYRILLIC_REPORT.encode(encoding))
    [doc] = read(path)
    assert isinstance(doc, RawDoc)
    assert decoded(doc) == CYRILLIC_REPORT


# --- bad inputs: one error each, with the file and the reason ---------------


def _sparse(path: Path) -> None:
    with open(path, "wb") as handle:
        handle.truncate(200 * 1024 * 1024)


BAD_FILES: list[tuple[str, Callable[[Path], object], str]] = [
    ("image.png", lambda p: p.write_bytes(PNG), "binary content (not text)"),
    ("noise.txt", lambda p: p.write_bytes(random.Random(1).randbytes(2048)), "binary content"),
    ("empty.txt", lambda p: p.write_bytes(b""), "empty file"),
    ("blank.md", lambda p: p.write_bytes(b"\n\n   \n"), "empty file"),
    ("big.txt", lambda p: p.write_bytes(b"x" * 10240), "too large (10.0 KB > 4.0 KB limit)"),
    ("bomb.xml", lambda p: p.write_bytes(BILLION_LAUGHS), "unsafe XML: entity declarations"),
    ("xxe.rss", lambda p: p.write_bytes(EXTERNAL_ENTITY), "unsafe XML: entity declarations"),
    ("garbage.xml", lambda p: p.write_bytes(b"this is not a feed <at all"), "not"),
    ("sitemap.xml", lambda p: p.write_bytes(b"<urlset><url>x</url></urlset>"), "not an RSS/Atom"),
    (
        "no-entries.rss",
        lambda p: p.write_bytes(b'<rss version="2.0"><channel><title>t</title></channel></rss>'),
        "feed has no entries",
    ),
    ("broken.json", lambda p: p.write_text('{"text": "x",'), "invalid JSON"),
    ("number.json", lambda p: p.write_text("42"), "expected a JSON object"),
    ("notwarc.warc", lambda p: p.write_text(PARA), "not a WARC file"),
    ("missing.txt", lambda p: None, "no such file or directory"),
    ("empty-folder", lambda p: p.mkdir(), "folder has no readable files"),
]


@pytest.mark.parametrize(("filename", "make", "reason"), BAD_FILES, ids=[c[0] for c in BAD_FILES])
def test_bad_file_gives_one_error(
    tmp_path: Path, filename: str, make: Callable[[Path], object], reason: str
) -> None:
    path = tmp_path / filename
    make(path)
    found = read(path, max_bytes=4096)
    assert found == [SourceError(origin=str(path), reason=found[0].reason)]  # type: ignore[union-attr]
    assert reason in found[0].reason  # type: ignore[union-attr]
    assert "\n" not in found[0].reason  # type: ignore[union-attr]


def test_sparse_200_mb_file_refused_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.txt"
    _sparse(path)

    def no_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("a file over the limit must not be opened")

    monkeypatch.setattr(files_module, "open", no_open, raising=False)
    assert read(path) == [
        SourceError(origin=str(path), reason="too large (200.0 MB > 50.0 MB limit)")
    ]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path: Path) -> None:
    path = write(tmp_path / "secret.txt", PARA)
    path.chmod(0)
    try:
        assert read(path) == [SourceError(origin=str(path), reason="permission denied")]
    finally:
        path.chmod(0o644)


def test_special_file_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert read(fifo) == [SourceError(origin=str(fifo), reason="not a regular file")]


def test_batch_goes_on_past_every_bad_input(tmp_path: Path) -> None:
    """Good and bad inputs in one batch: each bad one is one error, every good doc is read."""
    good = [
        write(tmp_path / "a-good.txt", PARA),
        write(tmp_path / "latin1.txt", LATIN1_REPORT.encode("latin-1")),
        write(tmp_path / "broken.html", "<html><body><p>Unclosed <div>" + PARA),
        write(tmp_path / "z-good.md", "# Title\n\n" + PARA),
    ]
    bad: dict[str, str] = {}
    (tmp_path / "bad").mkdir()
    for filename, make, reason in BAD_FILES:
        make(tmp_path / "bad" / filename)
        bad[str(tmp_path / "bad" / filename)] = reason
    jsonl = write(
        tmp_path / "feed.jsonl",
        "\n".join(
            [
                json.dumps({"text": PARA, "title": "one"}),
                json.dumps({"text": PARA, "title": "two"}),
                '{"text": "cut off',
                json.dumps({"html": f"<p>{PARA}</p>", "title": "four"}),
            ]
        ),
    )
    warc = write(tmp_path / "crawl.warc", make_warc(gzipped=False)[:-300])
    inputs = [str(p) for p in good[:2]] + list(bad) + [str(jsonl), str(warc)]
    inputs += [str(p) for p in good[2:]]

    found = list(iter_sources(inputs, options=SourceOptions(max_bytes=4096)))

    errors = errors_of(found)
    for path, reason in bad.items():
        [error] = [e for e in errors if e.origin == path]
        assert reason in error.reason
    [jsonl_error] = [e for e in errors if e.origin.startswith(str(jsonl))]
    assert jsonl_error.origin == f"{jsonl}:3"
    [warc_error] = [e for e in errors if e.origin.startswith(str(warc))]
    assert warc_error.reason.startswith("truncated or corrupt WARC after")
    assert len(errors) == len(bad) + 2

    names = [d.name for d in docs_of(found)]
    assert names[:2] == ["a-good.txt", "latin1.txt"]
    assert names[-2:] == ["broken.html", "z-good.md"]
    assert [n for n in names if "jsonl" in n] == ["feed.jsonl#1", "feed.jsonl#2", "feed.jsonl#4"]
    assert [n for n in names if "://" in n] == WARC_PAGES[:2]
    latin1 = next(d for d in docs_of(found) if d.name == "latin1.txt")
    assert decoded(latin1) == LATIN1_REPORT


def test_read_input_never_raises(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def broken_reader(*args: object, **kwargs: object) -> object:
        raise RuntimeError("bug")

    monkeypatch.setattr("watchfloor.sources.read_path", broken_reader)
    [error] = read(tmp_path / "x.txt")
    assert isinstance(error, SourceError)
    assert error.reason.startswith("internal error while reading: RuntimeError")


# --- folders ---------------------------------------------------------------


def test_expand_inputs(tmp_path: Path) -> None:
    for rel in [
        "reports/b.txt",
        "reports/a.html",
        "reports/sub/c.md",
        "reports/sub/d.warc.gz",
        "reports/.hidden.txt",
        "reports/.git/config.txt",
        "reports/image.png",
        "reports/data.json",
        "reports/z.jsonl",
        "reports/feed.atom",
    ]:
        write(tmp_path / rel, PARA)
    (tmp_path / "empty").mkdir()
    root = tmp_path / "reports"
    explicit = tmp_path / "reports" / "image.png"
    items = expand_inputs(
        [
            str(root),
            "https://example.org/feed.xml",
            str(tmp_path / "missing.txt"),
            str(tmp_path / "empty"),
            str(explicit),
            str(root / "b.txt"),
        ]
    )
    assert items == [
        str(root / "a.html"),
        str(root / "b.txt"),
        str(root / "data.json"),
        str(root / "feed.atom"),
        str(root / "sub" / "c.md"),
        str(root / "sub" / "d.warc.gz"),
        str(root / "z.jsonl"),
        "https://example.org/feed.xml",
        str(tmp_path / "missing.txt"),
        str(tmp_path / "empty"),
        str(explicit),  # given explicitly: read (and sniffed) even with an unknown extension
    ]


def test_folder_read_directly(tmp_path: Path) -> None:
    write(tmp_path / "f" / "one.txt", PARA)
    write(tmp_path / "f" / "deep" / "two.md", PARA)
    assert [d.name for d in docs_of(read(tmp_path / "f"))] == ["two.md", "one.txt"]


# --- JSON and JSONL --------------------------------------------------------

JSON_CASES = [
    pytest.param(
        {
            "html": f"<p>{PARA}</p>",
            "title": "Hospitals",
            "url": "https://polesie.example/h",
            "published": "2022-02-22",
            "outlet": "Polesie Wire",
            "authors": ["Jane Doe", "John Roe"],
        },
        DocKind.HTML,
        ("Hospitals", "https://polesie.example/h", "2022-02-22", "Polesie Wire"),
        ["Jane Doe", "John Roe"],
        id="html-and-all-fields",
    ),
    pytest.param(
        {
            "content": f"<div>{PARA}</div>",
            "link": "https://x.example/1",
            "date": "2022-02-20T10:00:00Z",
            "source": {"id": "x", "name": "X News"},
            "author": "Ann Lee",
        },
        DocKind.HTML,
        (None, "https://x.example/1", "2022-02-20T10:00:00Z", "X News"),
        ["Ann Lee"],
        id="content-with-markup-newsapi-source",
    ),
    pytest.param(
        {"body": PARA, "site": "Minsk Daily", "authors": [{"name": "Ivan Petrov"}], "date": 0},
        DocKind.TEXT,
        (None, None, "1970-01-01T00:00:00+00:00", "Minsk Daily"),
        ["Ivan Petrov"],
        id="plain-body-epoch-date",
    ),
    pytest.param(
        {"text": "<b>not parsed</b> " + PARA, "headline": "H"},
        DocKind.TEXT,
        ("H", None, None, None),
        [],
        id="text-field-is-text",
    ),
]


@pytest.mark.parametrize(("item", "kind", "hints", "authors"), JSON_CASES)
def test_json_article_fields(
    tmp_path: Path,
    item: dict[str, object],
    kind: DocKind,
    hints: tuple[str | None, ...],
    authors: list[str],
) -> None:
    path = write(tmp_path / "one.json", json.dumps(item))
    [doc] = read(path)
    assert isinstance(doc, RawDoc)
    assert doc.kind is kind
    assert doc.origin == str(path)
    assert (doc.hints.title, doc.hints.url, doc.hints.published, doc.hints.outlet) == hints
    assert doc.hints.authors == authors
    assert doc.name == (doc.hints.url or "one.json")


@pytest.mark.parametrize(
    "wrap",
    [
        pytest.param(lambda items: items, id="list"),
        pytest.param(lambda items: {"articles": items, "count": 3}, id="articles"),
    ],
)
def test_json_list_with_a_bad_item(tmp_path: Path, wrap: Callable[[list[object]], object]) -> None:
    items: list[object] = [
        {"text": PARA, "title": "first"},
        {"title": "no text here", "text": "   "},
        {"text": PARA, "url": "https://x.example/3"},
    ]
    path = write(tmp_path / "batch.json", json.dumps(wrap(items)))
    found = read(path)
    assert [type(f).__name__ for f in found] == ["RawDoc", "SourceError", "RawDoc"]
    assert [f.origin for f in found] == [f"{path}#1", f"{path}#2", f"{path}#3"]
    assert found[1].reason.startswith("no text: expected a non-empty 'text'")  # type: ignore[union-attr]
    assert [d.name for d in docs_of(found)] == ["batch.json#1", "https://x.example/3"]


def test_jsonl_bad_line_named_by_number(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": PARA, "title": "one"}),
        "",
        '{"text": "cut off',
        "[1, 2]",
        json.dumps({"text": "é " + PARA, "title": "five"}),
        json.dumps({"text": "x" * 5000}),
        json.dumps({"html": f"<p>{PARA}</p>", "title": "seven"}),
    ]
    path = write(tmp_path / "feed.jsonl", "\ufeff" + "\r\n".join(lines) + "\n")
    found = read(path, max_bytes=1024)
    assert [(type(f).__name__, f.origin) for f in found] == [
        ("RawDoc", f"{path}#1"),
        ("SourceError", f"{path}:3"),
        ("SourceError", f"{path}:4"),
        ("RawDoc", f"{path}#5"),
        ("SourceError", f"{path}:6"),
        ("RawDoc", f"{path}#7"),
    ]
    reasons = [f.reason for f in errors_of(found)]
    assert reasons[0] == "invalid JSON: Invalid control character (column 18)"  # the CR
    assert reasons[1] == "expected a JSON object, got a list"
    assert reasons[2] == "too large (over the 1.0 KB limit)"
    assert decoded(docs_of(found)[1]).startswith("é ")
    assert docs_of(found)[2].kind is DocKind.HTML


# One bad line of each kind between two good ones: the bad line is one error naming
# it and why, the good lines on both sides are read (a parser failure that is not a
# JSONDecodeError used to end the file there).
HOSTILE_JSONL_LINES = [
    pytest.param(
        json.dumps({"title": "x \ud800", "text": PARA}),
        "lone surrogate \\ud800 in the 'title' field (not a character)",
        id="lone-surrogate-title",
    ),
    pytest.param(
        json.dumps({"text": PARA + " \udfff"}),
        "lone surrogate \\udfff in the 'text' field (not a character)",
        id="lone-surrogate-text",
    ),
    pytest.param(
        json.dumps({"content": PARA, "author": ["A \udc80"]}),
        "lone surrogate \\udc80 in the 'authors' field (not a character)",
        id="lone-surrogate-author",
    ),
    pytest.param(
        '{"text": "x", "n": ' + "[" * 100_000 + "]" * 100_000 + "}",
        "invalid JSON: nested too deeply to read",
        id="deep-nesting",
    ),
    pytest.param(
        "{" * 5000,
        "invalid JSON: Expecting property name enclosed in double quotes (column 2)",
        id="open-braces",
    ),
]


@pytest.mark.parametrize(("line", "reason"), HOSTILE_JSONL_LINES)
def test_jsonl_bad_line_between_good_ones(tmp_path: Path, line: str, reason: str) -> None:
    good = [json.dumps({"text": f"{PARA} ({n})"}) for n in (1, 3)]
    path = write(tmp_path / "feed.jsonl", "\n".join([good[0], line, good[1]]) + "\n")
    found = read(path)
    assert [f.origin for f in found] == [f"{path}#1", f"{path}:2", f"{path}#3"]
    assert errors_of(found) == [SourceError(origin=f"{path}:2", reason=reason)]


def test_jsonl_5000_digit_integer_does_not_cost_the_article(tmp_path: Path) -> None:
    big = json.dumps({"text": PARA})[:-1] + f', "views": {"9" * 5000}, "published": {"1" * 5000}}}'
    path = write(tmp_path / "feed.jsonl", big + "\n" + json.dumps({"text": PARA + " 2"}) + "\n")
    first, second = read(path)
    assert isinstance(first, RawDoc) and isinstance(second, RawDoc)
    assert first.hints.published is None  # a timestamp beyond any calendar is no date


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (json.dumps([{"title": "x \ud800", "text": PARA}, {"text": PARA}]), "#1"),
        ('{"articles": ' + "[" * 100_000 + "]" * 100_000 + "}", ""),
    ],
)
def test_json_bad_article_or_file_is_one_error(tmp_path: Path, text: str, reason: str) -> None:
    path = write(tmp_path / "batch.json", text)
    found = read(path)
    (error,) = errors_of(found)
    assert error.origin == f"{path}{reason}"
    assert len(docs_of(found)) == (1 if reason else 0)


def test_file_name_that_is_not_utf8_is_read_under_a_printable_name(tmp_path: Path) -> None:
    raw = os.path.join(os.fsencode(tmp_path), b"minsk-\xff\xfe.txt")
    with open(raw, "wb") as handle:
        handle.write(PARA.encode())
    (doc,) = read(os.fsdecode(raw))
    assert isinstance(doc, RawDoc)
    assert doc.name == "minsk-\\xff\\xfe.txt"
    assert doc.origin == f"{tmp_path}/minsk-\\xff\\xfe.txt"
    doc.origin.encode("utf-8")  # storable and printable
    missing = os.fsdecode(os.path.join(os.fsencode(tmp_path), b"gone-\xff.txt"))
    assert read(missing) == [
        SourceError(origin=f"{tmp_path}/gone-\\xff.txt", reason="no such file or directory")
    ]


def test_folder_scan_names_the_files_it_passes_over(tmp_path: Path) -> None:
    write(tmp_path / "report.txt", PARA)
    write(tmp_path / "sub" / "notes.PDF", b"%PDF")
    write(tmp_path / "Makefile", "all:\n")
    write(tmp_path / "README.md", "# About\n")
    write(tmp_path / ".hidden.txt", PARA)
    write(tmp_path / ".git" / "config.txt", PARA)
    items, skipped = scan_inputs([str(tmp_path), str(tmp_path)])
    assert items == [str(tmp_path / "report.txt")]
    assert [(Path(s.path).relative_to(tmp_path).as_posix(), s.reason) for s in skipped] == [
        ("Makefile", "unsupported type (no extension)"),
        ("README.md", "folder documentation"),
        ("sub/notes.PDF", "unsupported type .pdf"),
    ]


def test_jsonl_in_legacy_encoding(tmp_path: Path) -> None:
    line = json.dumps({"text": CYRILLIC_REPORT}, ensure_ascii=False)
    path = write(tmp_path / "ru.jsonl", line.encode("cp1251"))
    [doc] = read(path)
    assert isinstance(doc, RawDoc)
    assert decoded(doc) == CYRILLIC_REPORT


# --- feeds -----------------------------------------------------------------


def test_rss_entries(tmp_path: Path) -> None:
    path = write(tmp_path / "minsk.rss", RSS)
    found = read(path)
    first, second, third = found
    assert isinstance(first, RawDoc) and isinstance(second, RawDoc)
    assert first.origin == f"{path}#minsk-101"
    assert first.name == "https://minsk.example/trains"
    assert first.kind is DocKind.HTML
    assert "forty" in decoded(first) and PARA in decoded(first)  # content:encoded, not teaser
    assert first.hints.title == "Trains counted at Gomel"
    assert first.hints.url == "https://minsk.example/trains"
    assert first.hints.published == "2022-02-20T01:30:00+03:00"  # the stated day, not UTC's
    assert first.hints.outlet == "Minsk Daily"
    assert first.hints.authors == ["Alena Kovalenko"]
    assert second.kind is DocKind.TEXT
    assert decoded(second) == "The exercises were extended, the ministry said."
    assert second.hints.authors == ["Ivan Petrov"]
    assert third == SourceError(
        origin=f"{path}#minsk-103",
        reason="entry has no content or summary (follow_links fetches its link)",
    )


def test_atom_entry(tmp_path: Path) -> None:
    path = write(tmp_path / "polesie.atom", ATOM)
    [doc] = read(path)
    assert isinstance(doc, RawDoc)
    assert doc.origin == f"{path}#tag:polesie.example,2022:1"
    assert doc.kind is DocKind.HTML
    assert doc.hints.title == "Field hospitals near the border"
    assert doc.hints.published == "2022-02-22T09:30:00+02:00"
    assert doc.hints.authors == ["Jane Doe", "John Roe"]
    assert doc.hints.outlet == "Polesie Wire"


def test_feed_sniffed_from_unknown_extension(tmp_path: Path) -> None:
    path = write(tmp_path / "feed.php", RSS)
    assert len(docs_of(read(path))) == 2


def test_malformed_but_readable_feed(tmp_path: Path) -> None:
    data = b"""<rss version="2.0"><channel><title>Loose & sloppy</title>
<item><title>Drills & trains</title><description>Forty trains & more.</description></item>"""
    [doc] = read(write(tmp_path / "loose.xml", data))
    assert isinstance(doc, RawDoc)
    assert decoded(doc) == "Forty trains & more."


def test_utf16_entity_declaration_refused(tmp_path: Path) -> None:
    data = BILLION_LAUGHS.decode().replace('<?xml version="1.0"?>', "").encode("utf-16")
    [error] = read(write(tmp_path / "bomb16.xml", data))
    assert isinstance(error, SourceError)
    assert error.reason.startswith("unsafe XML")


# --- WARC ------------------------------------------------------------------


@pytest.mark.parametrize(("gzipped", "suffix"), [(False, ".warc"), (True, ".warc.gz")])
def test_warc_pages(tmp_path: Path, gzipped: bool, suffix: str) -> None:
    path = write(tmp_path / f"crawl{suffix}", make_warc(gzipped=gzipped))
    found = read(path)
    assert not errors_of(found)
    docs = docs_of(found)
    assert [d.name for d in docs] == WARC_PAGES
    assert [d.hints.url for d in docs] == WARC_PAGES
    assert [d.kind for d in docs] == [DocKind.HTML, DocKind.TEXT, DocKind.HTML]
    assert docs[0].origin == f"{path}#record-2"  # record 1 is the request
    assert docs[1].encoding == "windows-1251"
    assert decoded(docs[1]) == CYRILLIC_REPORT
    assert docs[0].data is not None and docs[0].data.startswith(b"<!doctype html>")


def record_spans(warc: bytes) -> list[tuple[int, int]]:
    """(offset, length) of each record, as warcio reports them."""
    archive = ArchiveIterator(io.BytesIO(warc))
    spans = []
    for _record in archive:
        spans.append((archive.get_record_offset(), archive.get_record_length()))
    return spans


@pytest.mark.parametrize("gzipped", [False, True])
@pytest.mark.parametrize(
    ("cut_record", "pages"),
    [
        (1, []),  # inside the request: nothing read
        (2, []),  # inside page A
        (5, WARC_PAGES[:1]),  # inside the windows-1251 text
        (6, WARC_PAGES[:2]),  # inside page B, the last record
    ],
)
def test_truncated_warc_keeps_pages_read_so_far(
    tmp_path: Path, gzipped: bool, cut_record: int, pages: list[str]
) -> None:
    whole = make_warc(gzipped=gzipped)
    offset, length = record_spans(whole)[cut_record - 1]
    path = write(tmp_path / "cut.warc", whole[: offset + length // 2])
    found = read(path)
    assert [d.name for d in docs_of(found)] == pages
    error = found[-1]
    assert isinstance(error, SourceError)
    assert error.origin == str(path)
    complete = cut_record - 1
    records = "record" if complete == 1 else "records"
    assert error.reason.startswith(f"truncated or corrupt WARC after {complete} {records}: ")
    assert len(errors_of(found)) == 1


@pytest.mark.parametrize("gzipped", [False, True])
def test_truncated_warc_at_every_byte(tmp_path: Path, gzipped: bool) -> None:
    """Wherever a WARC is cut, the pages before the cut survive and one error follows.

    A cut between records (in the blank lines that end one, or between two
    gzip members) leaves a valid, shorter WARC: no error is owed there.
    """
    whole = make_warc(gzipped=gzipped)
    starts = [m.start() for m in re.finditer(rb"WARC/1\.0\r\n", whole)][1:]
    starts.append(len(whole))
    path = tmp_path / "cut.warc"
    for cut in range(1, len(whole), 5 if gzipped else 7):
        path.write_bytes(whole[:cut])
        found = read(path)
        errors = errors_of(found)
        names = [d.name for d in docs_of(found)]
        assert names == WARC_PAGES[: len(names)], cut
        if gzipped:
            assert len(errors) <= 1, (cut, errors)
        elif not any(start - 4 <= cut <= start for start in starts):
            assert len(errors) == 1, (cut, errors)
        if errors:
            assert found[-1] is errors[0]


def test_oversized_warc_record_is_one_error(tmp_path: Path) -> None:
    path = write(tmp_path / "big.warc.gz", make_warc(gzipped=True, big_body=20_000))
    found = read(path, max_bytes=8192)
    [error] = errors_of(found)
    assert error.origin == f"{path}#record-6"
    assert error.reason == "too large (19.7 KB > 8.0 KB limit)"
    assert [d.name for d in docs_of(found)] == WARC_PAGES


def test_warc_without_pages(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    writer.write_record(writer.create_warcinfo_record("x.warc.gz", {"software": "test"}))
    path = write(tmp_path / "info.warc.gz", buffer.getvalue())
    assert read(path) == [
        SourceError(origin=str(path), reason="no HTML or text pages among its 1 record")
    ]


SUFFIXES = [".txt", ".md", ".html", ".json", ".jsonl", ".xml", ".warc", ".warc.gz", ".bin"]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.one_of(
        st.binary(max_size=2000),
        st.sampled_from([RSS, ATOM, make_warc(gzipped=True), make_warc(gzipped=False)]).flatmap(
            lambda whole: st.integers(0, len(whole)).map(lambda cut: whole[:cut])
        ),
    ),
    suffix=st.sampled_from(SUFFIXES),
)
def test_any_bytes_give_docs_or_errors(tmp_path: Path, data: bytes, suffix: str) -> None:
    """Whatever a file holds, reading it yields RawDocs and SourceErrors, never an exception."""
    path = write(tmp_path / f"input{suffix}", data)
    found = read(path, max_bytes=100_000)
    assert found
    for item in found:
        assert isinstance(item, RawDoc | SourceError)
        if isinstance(item, SourceError):
            assert item.origin.startswith(str(path))
            assert item.reason and "\n" not in item.reason
            assert not item.reason.startswith("internal error")


def test_gzipped_non_warc_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "notes.gz", gzip.compress(PARA.encode()))
    assert read(path) == [SourceError(origin=str(path), reason="binary content (not text)")]


def test_folder_documentation_is_skipped_unless_named(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# About these reports\n\nSample data.\n")
    (tmp_path / "LICENSE.txt").write_text("Licence text\n")
    (tmp_path / "report.txt").write_text("A report.\n")
    assert [Path(p).name for p in expand_inputs([str(tmp_path)])] == ["report.txt"]
    named = str(tmp_path / "README.md")
    assert expand_inputs([named]) == [named]


def test_declared_utf8_with_a_few_bad_bytes_is_read_as_utf8() -> None:
    text = "Лукашенко said the drills near Гомель would end. " * 40
    data = text.encode("utf-8")
    data = data[:100] + b"\xff" + data[100:]  # one stray byte, as broken CMSes emit
    decoded = decode_bytes(data, declared="utf-8", origin="page.html")
    assert "Лукашенко" in decoded and "Гомель" in decoded
    assert decoded.count("\ufffd") == 1


def test_html_with_stray_nul_bytes_is_not_binary(tmp_path: Path) -> None:
    page = "<html><body><p>" + "Troops moved to the border near Brest. " * 60 + "</p></body></html>"
    data = page.encode("utf-8")
    path = tmp_path / "page.html"
    path.write_bytes(data[:200] + b"\x00" * 3 + data[200:])
    (found,) = list(read_input(str(path)))
    assert isinstance(found, RawDoc) and "\x00" not in (found.text or "")
