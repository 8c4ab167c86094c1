"""Bytes -> text, for every source: the one place encodings are decided.

Files, WARC records and HTTP bodies arrive as bytes; ``decode_bytes`` turns
them into text with LF line endings, or refuses them as empty or binary, so
that a bad input fails at the source with a clear reason instead of
producing garbage lines later. Order of trust, as in browsers: a byte-order
mark, then the encoding the container declared, then strict UTF-8, then a
statistical guess (charset-normalizer).
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from watchfloor.errors import InputError
from watchfloor.records import Hints

EMPTY = "empty file"
BINARY = "binary content (not text)"

# Longest BOM first: the UTF-32-LE BOM begins with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Browsers read a declared latin-1 or ASCII as windows-1252 (WHATWG Encoding
# standard): servers say "iso-8859-1" for pages that use curly quotes at 0x93.
_WESTERN_DECLARED = {"iso8859-1", "ascii", "cp1252"}  # codecs.lookup() names

# When several code pages decode the bytes equally well, the one most used on
# the web is the likeliest; charset-normalizer ranks near-ties arbitrarily
# (French comes out as cp1250 or DOS Baltic cp775, German as cp1257).
_PREFERRED_GUESSES = (
    "cp1252",
    "cp1251",
    "cp1250",
    "koi8_r",
    "koi8_u",
    "iso8859_15",
    "cp1253",
    "cp1254",
    "cp1257",
)
_NEAR_TIE_CHAOS = 0.06
_NEAR_TIE_COHERENCE = 0.05
_GUESS_SAMPLE = 256 * 1024

# Control characters other than tab, newlines, form feed and escape: text has
# almost none, decoded binary has many.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f]")
_BINARY_SAMPLE = 65536
_BINARY_CONTROL_RATIO = 0.05

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(
    rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I
)
_CONTENT_TYPE_CHARSET = re.compile(r"""charset\s*=\s*["']?([^"';\s]+)""", re.I)


# UTF-16 surrogate code points: never text on their own. Python hands them over for
# file names whose bytes are not UTF-8 (U+DC80-U+DCFF, one per byte: PEP 383) and
# json.loads for a "\ud800" escape; neither can be stored or printed as UTF-8.
_SURROGATE = re.compile("[\ud800-\udfff]")


def lone_surrogate(text: str) -> str | None:
    """The first lone surrogate in ``text``, escaped (``\\ud800``), or None."""
    found = _SURROGATE.search(text)
    return f"\\u{ord(found.group()):04x}" if found else None


def not_text(text: str | None, hints: Hints, *, text_field: str = "text") -> str | None:
    """Why a document's text or metadata cannot be stored, or None if it can.

    A ``"\\ud800"`` escape is valid JSON but no character: UTF-8 (the store,
    the terminal) refuses it, so the document is one error, not a crash later.
    """
    fields = (
        (text_field, text),
        ("title", hints.title),
        ("url", hints.url),
        ("published", hints.published),
        ("outlet", hints.outlet),
        *(("authors", author) for author in hints.authors),
    )
    for field_name, value in fields:
        found = lone_surrogate(value) if value else None
        if found is not None:
            return f"lone surrogate {found} in the {field_name!r} field (not a character)"
    return None


def printable_name(name: str) -> str:
    """A path or name as text that can be stored and printed.

    Bytes of a file name that are not UTF-8 are written as ``\\xff``, so that
    two such files keep two names and the user can tell which bytes they had;
    the path itself (with its surrogates) is still what opens the file.
    """
    if _SURROGATE.search(name) is None:
        return name
    return _SURROGATE.sub(_escaped, name)


def _escaped(found: re.Match[str]) -> str:
    code = ord(found.group())
    if 0xDC80 <= code <= 0xDCFF:  # one undecodable byte (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"


def decode_bytes(data: bytes, *, declared: str | None = None, origin: str) -> str:
    """Decode a document's bytes to text with ``\\n`` line endings.

    Raises InputError(origin, "empty file") for empty or whitespace-only
    input and InputError(origin, "binary content (not text)") for data no
    text encoding explains.
    """
    if not data.strip():
        raise InputError(origin, EMPTY)
    text = _decode(data, declared=declared, origin=origin)
    if _looks_binary(text):
        raise InputError(origin, BINARY)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(origin, EMPTY)
    return text


def html_bytes(data: bytes) -> bytes:
    """A page's bytes as the decoder should see them: a few stray NULs dropped.

    A few NULs in markup are a broken CMS, not binary data (UTF-16 would
    have one in every two bytes), so up to one in 100 bytes are removed.
    """
    if 0 < data.count(b"\x00") <= len(data) // 100:
        return data.replace(b"\x00", b"")
    return data


def _decode(data: bytes, *, declared: str | None, origin: str) -> str:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                break  # a BOM followed by garbage: let the guesses decide
    if declared:
        text = _decode_declared(data, declared)
        if text is not None:
            return text
    if b"\x00" in data:
        # UTF-16 and UTF-32 without a BOM are the only text with NUL bytes,
        # and they are rare enough that NULs mean binary (as git assumes).
        raise InputError(origin, BINARY)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return _guess(data, origin=origin)


def _decode_declared(data: bytes, declared: str) -> str | None:
    """The text in the declared encoding, or None when the declaration cannot be right."""
    try:
        codec = codecs.lookup(declared.strip()).name
    except LookupError:
        return None
    if codec in _WESTERN_DECLARED:
        try:
            utf8 = data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            # Non-ASCII bytes that happen to form valid UTF-8 are all but
            # impossible in real latin-1 text, while UTF-8 pages labelled
            # iso-8859-1 by a server default are common.
            if not utf8.isascii():
                return utf8
        for western in ("cp1252", "latin-1"):
            try:
                return data.decode(western)
            except UnicodeDecodeError:
                continue
        return None
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        if codec == "utf-8":
            return _mostly_utf8(data)
        return None


def _mostly_utf8(data: bytes) -> str | None:
    """A declared UTF-8 text with a few bad bytes, decoded as browsers do (U+FFFD).

    Guessing another encoding for the whole page because of three stray
    bytes would garble every non-ASCII character in it.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    return text if bad <= max(3, len(text) // 10_000) else None


def _guess(data: bytes, *, origin: str) -> str:
    """Decode with charset-normalizer's best guess, judged on a sample for speed.

    A long legacy-encoded report is uniform: the first few hundred KB say
    which code page it is (seconds saved on a 50 MB file). If the whole then
    does not decode with it, the whole is judged.
    """
    sample = data
    if len(data) > _GUESS_SAMPLE:
        sample = data[:_GUESS_SAMPLE]
        # End the sample at a line break, not inside a multi-byte character.
        sample = sample[: sample.rfind(b"\n") + 1] or sample
    encoding = _best_encoding(sample, origin=origin)
    if sample is not data:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            encoding = _best_encoding(data, origin=origin)
    return data.decode(encoding, errors="replace")


def _best_encoding(data: bytes, *, origin: str) -> str:
    matches = list(from_bytes(data))
    if not matches:
        raise InputError(origin, BINARY)
    best = matches[0]
    near_ties = [
        m
        for m in matches
        if m.chaos <= best.chaos + _NEAR_TIE_CHAOS
        and m.coherence >= best.coherence - _NEAR_TIE_COHERENCE
    ]
    for preferred in _PREFERRED_GUESSES:
        for match in near_ties:
            if match.encoding == preferred:
                return preferred
    return best.encoding


def _looks_binary(text: str) -> bool:
    sample = text[:_BINARY_SAMPLE]
    if "\x00" in sample:
        return True
    controls = len(_CONTROL.findall(sample))
    return controls > len(sample) * _BINARY_CONTROL_RATIO


def charset_from_content_type(content_type: str | None) -> str | None:
    """``text/html; charset=UTF-8`` -> ``UTF-8``."""
    if not content_type:
        return None
    match = _CONTENT_TYPE_CHARSET.search(content_type)
    return match.group(1) if match else None


def declared_in_markup(data: bytes) -> str | None:
    """The encoding an HTML or XML document declares in its first bytes, if any.

    Reads ``<meta charset>``, ``<meta http-equiv content="...; charset=">``
    and ``<?xml encoding=?>`` in the first 4 KB, as browsers pre-scan.
    A declared UTF-16 or UTF-32 is ignored: if the declaration could be read
    as ASCII, the document is not in UTF-16 (browsers read it as UTF-8).
    """
    head = data[:4096]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if not match:
        return None
    label = match.group(1).decode("ascii", "replace")
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        return None
    if codec.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return label
