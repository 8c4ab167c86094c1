"""Fuzzing every input parser: whatever bytes arrive, a reader gives documents or
one-line errors and never raises, and the cleaner gives an article or an InputError.

Each format gets inputs shaped like it (JSON values, feeds, WARC records, tag soup),
so the fuzzer gets past the first check of each reader, plus raw bytes of any kind.
The inputs the fuzzer found are kept below as explicit examples.

In the suite each test runs a few dozen examples; a longer run sets
``WATCHFLOOR_FUZZ_EXAMPLES`` (the run the changes note records used 20,000 per test).
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from watchfloor.clean import clean
from watchfloor.errors import InputError
from watchfloor.records import Article, RawDoc, Skipped, SourceError
from watchfloor.sources import SourceOptions
from watchfloor.sources.files import Format, docs_from_bytes, sniff_format

EXAMPLES = int(os.environ.get("WATCHFLOOR_FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
OPTIONS = SourceOptions(max_bytes=64 * 1024)  # small, so the size checks are reached too
NAMES = {
    Format.TEXT: "fuzz.txt",
    Format.MARKDOWN: "fuzz.md",
    Format.HTML: "fuzz.html",
    Format.JSON: "fuzz.json",
    Format.JSONL: "fuzz.jsonl",
    Format.FEED: "fuzz.xml",
    Format.WARC: "fuzz.warc",
}


def read_and_clean(data: bytes, fmt: Format) -> list[Article | SourceError]:
    """What ``ingest`` makes of ``data`` read as ``fmt``, checking on the way what a
    user relies on: errors are one line, articles keep every line with its number."""
    found: list[Article | SourceError] = []
    for doc in docs_from_bytes(data, fmt=fmt, origin=NAMES[fmt], name=NAMES[fmt], options=OPTIONS):
        if isinstance(doc, SourceError):
            assert doc.reason.strip() and "\n" not in doc.reason, doc
            found.append(doc)
            continue
        if isinstance(doc, Skipped):  # a Telegram message without text: passed over, said
            assert doc.reason.strip() and "\n" not in doc.reason, doc
            continue
        assert isinstance(doc, RawDoc)
        try:
            article = clean(doc)
        except InputError as exc:
            assert exc.reason.strip() and "\n" not in exc.reason
            continue
        assert [ln.number for ln in article.lines] == list(range(1, len(article.lines) + 1))
        # what the store writes must be UTF-8 (a lone surrogate is not)
        stored = [article.title, article.outlet, article.url, article.published, *article.authors]
        for text in [*stored, *(ln.text for ln in article.lines)]:
            (text or "").encode("utf-8")
        assert all(line in article.lines for line in article.body_lines)
        found.append(article)
    return found


# ---- strategies: inputs shaped like each format --------------------------------------

# Text with what breaks parsers: control characters, lone surrogates (in JSON escapes),
# markup characters, very long words, right-to-left and combining marks.
WORDS = st.sampled_from(
    ["Minsk", "By Jane Doe", "February 23, 2022", "<b>", "&amp;", "&#0;", "\x00", "&#xd800;",
     "&#55296;", "\u202e", "e\u0301", "\ufeff", "\r", "\t", "---", "# Heading", "* item",
     "|a|b|", "]]>", "x" * 300]
)  # fmt: skip
TEXT = st.lists(st.one_of(st.text(max_size=40), WORDS), max_size=30).map(" ".join)
LINES = st.lists(st.one_of(st.text(max_size=80), WORDS, TEXT), max_size=30).map("\n".join)
ENCODINGS = st.sampled_from(["utf-8", "utf-16", "cp1251", "latin-1", "koi8-r", "utf-8-sig"])


@st.composite
def encoded(draw: st.DrawFn, text: st.SearchStrategy[str]) -> bytes:
    return draw(text).encode(draw(ENCODINGS), errors="replace")


JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    TEXT,
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)
FIELDS = st.sampled_from(
    ["title", "text", "body", "content", "published", "date", "url", "outlet", "source",
     "author", "authors", "byline", "articles", "items", "language"]
)  # fmt: skip
ARTICLES = st.dictionaries(FIELDS, st.one_of(TEXT, JSON_VALUES), max_size=8)


def dumped(value: Any, ascii_only: bool) -> str:
    return json.dumps(value, ensure_ascii=ascii_only, allow_nan=True)


JSON_DOCS = st.builds(
    dumped, st.one_of(ARTICLES, st.lists(ARTICLES, max_size=4), JSON_VALUES), st.booleans()
)
# raw fragments a broken export holds: lone surrogate escapes, huge numbers, deep nesting
JSON_FRAGMENTS = st.sampled_from(
    ['"\\ud800"', '"x \\udfff y"', "1" * 5000, "[" * 3000 + "]" * 3000, "{", '{"title": ',
     "NaN", "1e99999", '"\\u0000"', "\x00"]
)  # fmt: skip


@st.composite
def jsonl_files(draw: st.DrawFn) -> bytes:
    lines = draw(
        st.lists(
            st.one_of(
                st.builds(dumped, ARTICLES, st.booleans()),
                JSON_DOCS,
                JSON_FRAGMENTS,
                st.builds(lambda f: '{"title": "t", "text": ' + f + "}", JSON_FRAGMENTS),
                st.text(max_size=30),
            ),
            max_size=8,
        )
    )
    return "\n".join(lines).encode("utf-8", errors="surrogatepass")


def xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


@st.composite
def feeds(draw: st.DrawFn) -> bytes:
    def field(tag: str) -> str:
        value = draw(st.one_of(TEXT, st.just(""), WORDS))
        return f"<{tag}>{value if draw(st.booleans()) else xml_text(value)}</{tag}>"

    cdata = f"<![CDATA[{draw(TEXT)}]]>"
    items = "".join(
        f"<item>{field('title')}{field('link')}{field('guid')}{field('pubDate')}"
        f"{field('author')}{field('description')}<content:encoded>{cdata}</content:encoded>"
        "</item>"
        for _ in range(draw(st.integers(0, 3)))
    )
    entries = "".join(
        f"<entry>{field('title')}{field('id')}{field('updated')}{field('published')}"
        f"<author>{field('name')}</author>{field('summary')}"
        f'<content type="html">{xml_text(draw(TEXT))}</content></entry>'
        for _ in range(draw(st.integers(0, 3)))
    )
    declaration = draw(
        st.sampled_from(
            ["", '<?xml version="1.0" encoding="utf-8"?>', '<?xml version="1.0" encoding="x"?>']
        )
    )
    body = draw(
        st.sampled_from(
            [
                f'<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
                f"<channel>{field('title')}{items}</channel></rss>",
                f'<feed xmlns="http://www.w3.org/2005/Atom">{field("title")}{entries}</feed>',
            ]
        )
    )
    data = (declaration + body).encode("utf-8", errors="replace")
    cut = draw(st.one_of(st.none(), st.integers(0, len(data))))
    return data if cut is None else data[:cut]


TAGS = st.sampled_from(
    ["<html>", "<head>", "<title>", "</title>", "<body>", "<article>", "</article>", "<p>",
     "</p>", "<h1>", "</h1>", "<div class='byline'>", "</div>", "<time datetime='2022-02-24'>",
     "<meta charset='koi8-r'>", '<meta property="article:published_time" content="x">',
     "<script>", "</script>", "<!--", "-->", "<table><tr><td>", "<br>", "<pre>", "<![CDATA[",
     "<svg><foreignObject>", "<a href='javascript:x'>"]
)  # fmt: skip
HTML_DOCS = st.lists(st.one_of(TAGS, TEXT), max_size=40).map("".join)


@st.composite
def warcs(draw: st.DrawFn) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=draw(st.booleans()))
    for number in range(draw(st.integers(0, 3))):
        payload = draw(st.one_of(encoded(HTML_DOCS), encoded(LINES), st.binary(max_size=200)))
        content_type = draw(
            st.sampled_from(["text/html", "text/plain; charset=koi8-r", "image/png", "", "x/y"])
        )
        uri = draw(st.sampled_from(["https://a.example/x", "", "https://a.example/robots.txt"]))
        rec_type = draw(st.sampled_from(["response", "resource", "metadata"]))
        http = None
        if rec_type == "response":
            status = draw(st.sampled_from(["200 OK", "404 Not Found", "200"]))
            http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            uri,
            rec_type,
            payload=io.BytesIO(payload),
            http_headers=http,
            warc_content_type=content_type if rec_type == "resource" else None,
            # fixed, so the same draws give the same bytes (Hypothesis replays them)
            warc_headers_dict={
                "WARC-Record-ID": f"<urn:uuid:00000000-0000-0000-0000-{number:012}>",
                "WARC-Date": "2022-02-24T04:00:00Z",
            },
        )
        writer.write_record(record)
    data = out.getvalue() or b"WARC/1.0\r\n"
    # damage: cut it short, or change one byte
    damage = draw(st.sampled_from(["none", "cut", "flip"]))
    if damage == "cut":
        data = data[: draw(st.integers(0, len(data)))]
    elif damage == "flip" and data:
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]
    return data


def shaped(fmt: Format) -> st.SearchStrategy[bytes]:
    kinds: dict[Format, st.SearchStrategy[bytes]] = {
        Format.TEXT: encoded(LINES),
        Format.MARKDOWN: st.builds(
            lambda front, body: f"---\n{front}\n---\n{body}".encode("utf-8", "surrogatepass"),
            LINES,
            LINES,
        )
        | encoded(LINES),
        Format.HTML: encoded(HTML_DOCS),
        Format.JSON: st.builds(
            lambda s: s.encode("utf-8", "surrogatepass"), st.one_of(JSON_DOCS, JSON_FRAGMENTS)
        ),
        Format.JSONL: jsonl_files(),
        Format.FEED: feeds(),
        Format.WARC: warcs(),
    }
    return st.one_of(kinds[fmt], st.binary(max_size=500))


def fuzz(fmt: Format) -> Callable[[bytes], None]:
    def run(data: bytes) -> None:
        read_and_clean(data, fmt)

    return run


# ---- what the fuzzer found ------------------------------------------------------------

GOOD_LINE = b'{"title": "Good", "text": "Troops moved closer to the border on Sunday."}'
# issue 11 item 4: Python refuses to read an integer of over 4,300 digits, and deep
# nesting exhausts the JSON parser's recursion; each raised out of the reader
HUGE_NUMBER = b'{"title": "t", "text": "x", "views": ' + b"1" * 5000 + b"}"
DEEP = b"[" * 3000 + b"]" * 3000
# issue 11 item 2: a lone surrogate reaches the article, and the store cannot write it
SURROGATE = b'{"title": "x \\ud800", "text": "Troops moved on Sunday."}'


# ---- one test per reader ---------------------------------------------------------------


@FUZZ
@given(shaped(Format.TEXT))
def test_text_reader_and_cleaner_never_raise(data: bytes) -> None:
    fuzz(Format.TEXT)(data)


@FUZZ
@given(shaped(Format.MARKDOWN))
def test_markdown_reader_and_cleaner_never_raise(data: bytes) -> None:
    fuzz(Format.MARKDOWN)(data)


# htmldate (trafilatura's date finder) failed on a page whose root element it drops:
# ``AssertionError`` in lxml's drop_tree, and the page was lost as an internal error
ROOT_DROPPED = [b"<svg><foreignObject><html>", b"<iframe src='v'></iframe>", b"<video><html>"]


@FUZZ
@given(shaped(Format.HTML))
@example(ROOT_DROPPED[0])
@example(ROOT_DROPPED[1])
@example(ROOT_DROPPED[2])
def test_html_reader_and_cleaner_never_raise(data: bytes) -> None:
    fuzz(Format.HTML)(data)


def test_a_page_that_is_one_embedded_element_keeps_its_text() -> None:
    text = "Troops moved closer to the border on Sunday, officials in Minsk said."
    (article,) = read_and_clean(f"<video><html><body><p>{text}</p>".encode(), Format.HTML)
    assert isinstance(article, Article)
    assert [line.text for line in article.body_lines] == [text]


@FUZZ
@given(shaped(Format.JSON))
@example(HUGE_NUMBER)
@example(DEEP)
@example(SURROGATE)
def test_json_reader_and_cleaner_never_raise(data: bytes) -> None:
    fuzz(Format.JSON)(data)


# Telegram exports: chats and messages with Telegram's fields holding anything
TELEGRAM_FIELDS = st.sampled_from(
    ["id", "type", "date", "date_unixtime", "edited_unixtime", "from", "forwarded_from",
     "text", "text_entities", "photo"]
)  # fmt: skip
ENTITY = st.fixed_dictionaries(
    {"type": st.sampled_from(["plain", "text_link", "bold", "x"]), "text": TEXT},
    optional={"href": st.one_of(TEXT, JSON_SCALARS)},
)
MESSAGE = st.one_of(
    st.fixed_dictionaries(
        {
            "id": st.one_of(st.integers(min_value=-(10**30), max_value=10**30), TEXT),
            "type": st.sampled_from(["message", "service", "x"]),
        },
        optional={
            "date_unixtime": st.one_of(JSON_SCALARS, st.integers().map(str)),
            "text": st.one_of(TEXT, st.lists(st.one_of(TEXT, ENTITY), max_size=4)),
            "text_entities": st.one_of(st.lists(st.one_of(ENTITY, JSON_VALUES), max_size=4)),
            "from": JSON_SCALARS,
        },
    ),
    st.dictionaries(TELEGRAM_FIELDS, JSON_VALUES, max_size=6),
    JSON_VALUES,
)
CHAT = st.fixed_dictionaries(
    {"id": JSON_SCALARS, "messages": st.lists(MESSAGE, max_size=5)},
    optional={"name": JSON_SCALARS, "type": st.just("public_channel")},
)
TELEGRAM = st.one_of(
    CHAT, st.builds(lambda chats: {"chats": {"list": chats}}, st.lists(CHAT, max_size=3))
)


@FUZZ
@given(st.builds(dumped, TELEGRAM, st.booleans()))
@example('{"id": 1, "type": "x", "messages": [{"id": 1, "type": "message", "text": "\\ud800"}]}')
def test_telegram_reader_and_cleaner_never_raise(text: str) -> None:
    read_and_clean(text.encode("utf-8", errors="surrogatepass"), Format.JSON)


@FUZZ
@given(shaped(Format.JSONL))
@example(HUGE_NUMBER + b"\n" + GOOD_LINE)
@example(DEEP + b"\n" + GOOD_LINE)
@example(SURROGATE + b"\n" + GOOD_LINE)
def test_jsonl_reader_and_cleaner_never_raise(data: bytes) -> None:
    found = read_and_clean(data, Format.JSONL)
    if data.endswith(GOOD_LINE):  # a bad line never costs the good one after it
        assert isinstance(found[-1], Article) and found[-1].title == "Good"


@FUZZ
@given(shaped(Format.FEED))
def test_feed_reader_and_cleaner_never_raise(data: bytes) -> None:
    fuzz(Format.FEED)(data)


@FUZZ
@given(shaped(Format.WARC))
def test_warc_reader_and_cleaner_never_raise(data: bytes) -> None:
    fuzz(Format.WARC)(data)


@FUZZ
@given(st.binary(max_size=300))
def test_any_bytes_read_as_their_sniffed_format(data: bytes) -> None:
    # what a file of unknown extension or an HTTP body of unknown type goes through
    fuzz(sniff_format(data[:4096]))(data)
