"""Guarded HTTP fetch: the one way watchfloor reads a URL (inputs, feed links).

URLs come from users and, through feeds, from strangers, so a fetch must not
become a way into the machine's own network (server-side request forgery):
only http and https; the host is resolved here and every address checked
(loopback, private, link-local, multicast and reserved ranges are refused
unless ``allow_private``); the connection goes to the checked address, so a
second DNS answer cannot swap it; redirects are followed by hand, each hop
checked the same way. Bodies are streamed and cut off past ``max_bytes``.
A whole fetch ends within ``options.fetch_deadline`` seconds: a watchdog shuts
its sockets then, since a socket timeout only bounds the wait between bytes.
Every failure is an InputError with a one-line reason.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import threading
from typing import Any, NamedTuple
from urllib.parse import quote, urljoin, urlsplit

import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.exceptions import (
    ConnectTimeoutError,
    DecodeError,
    HTTPError,
    MaxRetryError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
    SSLError,
)

from watchfloor import __version__
from watchfloor.errors import InputError
from watchfloor.sources.options import SourceOptions, too_large

USER_AGENT = f"watchfloor/{__version__}"
ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"
)
REDIRECTS = {301, 302, 303, 307, 308}
_URL_SAFE = "/%?=&;:@!$'()*+,~[]"
CHUNK = 64 * 1024


class Fetched(NamedTuple):
    """A fetched response body, its Content-Type (maybe ``""``) and the URL after redirects."""

    body: bytes
    content_type: str
    url: str


class _Target(NamedTuple):
    scheme: str
    host: str
    port: int
    path: str  # path and query, as sent in the request line


class _Deadline:
    """The end of one fetch: when it passes, every socket the fetch opened is shut.

    A read timeout counts the seconds between bytes, so a server trickling one
    byte every few seconds would hold a fetch (and the web app's one-at-a-time
    job queue behind it) for hours. Shutting the socket wakes the blocked read
    at once, in whatever phase it is: TLS handshake, headers or body. Each
    socket is watched through a duplicate of its descriptor, so the socket
    cannot be closed and its number reused by another connection meanwhile.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    @property
    def reason(self) -> str:
        return f"timed out: the fetch took more than {self.seconds:g} s"

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock.dup())
            if self.expired:
                _shut(self._sockets[-1])

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)

    def close(self) -> None:
        self._timer.cancel()
        with self._lock:
            for sock in self._sockets:
                sock.close()
            self._sockets.clear()


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed by the other side
        sock.shutdown(socket.SHUT_RDWR)


class _Watched:
    """A connection whose socket its fetch's deadline can shut (an HTTPS one's before TLS
    wraps it); mixed in before urllib3's connection class."""

    def __init__(self, *args: Any, deadline: _Deadline, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline = deadline

    def _new_conn(self) -> socket.socket:
        sock: socket.socket = super()._new_conn()  # type: ignore[misc]
        self._deadline.watch(sock)
        return sock


class _WatchedHTTPConnection(_Watched, HTTPConnection):
    pass


class _WatchedHTTPSConnection(_Watched, HTTPSConnection):
    pass


class _HTTPPool(urllib3.HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _HTTPSPool(urllib3.HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


def fetch(url: str, *, options: SourceOptions) -> Fetched:
    """GET ``url`` within the options' limits; raises InputError(url, reason) on any failure."""
    deadline = _Deadline(options.fetch_deadline)
    try:
        fetched = _fetch(url, options=options, deadline=deadline)
    except InputError:
        # a shut socket reads as a broken connection (or, unsized, as the body's end)
        if deadline.expired:
            raise InputError(url, deadline.reason) from None
        raise
    finally:
        deadline.close()
    if deadline.expired:
        raise InputError(url, deadline.reason)
    return fetched


def _fetch(url: str, *, options: SourceOptions, deadline: _Deadline) -> Fetched:
    current = url
    for _hop in range(options.max_redirects + 1):
        target = _target(url, current)
        addresses = _resolve(url, current, target, options=options)
        response = _request(url, target, addresses, options=options, deadline=deadline)
        try:
            if response.status in REDIRECTS:
                location = response.headers.get("Location")
                if not location:
                    raise InputError(url, f"HTTP {response.status} redirect without a Location")
                current = urljoin(current, location.strip())
                continue
            if response.status >= 400:
                raise InputError(url, f"HTTP {response.status} {response.reason or ''}".strip())
            if not 200 <= response.status < 300:
                raise InputError(url, f"unexpected HTTP {response.status}")
            body = _read_body(url, response, options=options)
            return Fetched(body, response.headers.get("Content-Type", ""), current)
        finally:
            # Pools are not reused (each is pinned to one checked address), so
            # the connection is closed, never drained: a redirect's body may be huge.
            response.close()
    raise InputError(url, f"too many redirects (more than {options.max_redirects})")


def _target(url: str, current: str) -> _Target:
    where = "" if current == url else f"redirect to {current}: "
    try:
        parts = urlsplit(current)
        port = parts.port
    except ValueError as exc:
        raise InputError(url, f"{where}invalid URL: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise InputError(url, f"{where}unsupported URL scheme {scheme!r} (http and https only)")
    if not parts.hostname:
        raise InputError(url, f"{where}URL has no host")
    try:
        # Headers and the request line are ASCII: IDNA for the host,
        # percent-escapes (existing ones kept) for the path.
        host = parts.hostname.encode("idna").decode("ascii")
    except UnicodeError:
        raise InputError(url, f"{where}invalid host name {parts.hostname!r}") from None
    path = quote(parts.path or "/", safe=_URL_SAFE)
    if parts.query:
        path += "?" + quote(parts.query, safe=_URL_SAFE)
    return _Target(scheme, host, port or (443 if scheme == "https" else 80), path)


def _resolve(url: str, current: str, target: _Target, *, options: SourceOptions) -> list[str]:
    """The host's addresses, refused if any is not public (unless allow_private)."""
    try:
        infos = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise InputError(
            url, f"cannot connect: cannot resolve host {target.host!r} ({exc})"
        ) from None
    addresses: list[str] = []
    for info in infos:
        address = str(info[4][0]).split("%", 1)[0]  # drop an IPv6 zone (fe80::1%eth0)
        if address not in addresses:
            addresses.append(address)
    if not options.allow_private:
        for address in addresses:
            kind = non_public_kind(address)
            if kind:
                via = "" if current == url else f"redirect to {current}: "
                named = address if target.host == address else f"{target.host} ({address})"
                raise InputError(
                    url,
                    f"{via}refused: {named} is a {kind} address (allow_private permits it)",
                )
    return addresses


def non_public_kind(address: str) -> str | None:
    """What kind of non-public address this is (``loopback``, ``private``...), or None if public."""
    ip: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    for attribute, kind in (
        ("is_loopback", "loopback"),
        ("is_link_local", "link-local"),
        ("is_multicast", "multicast"),
        ("is_unspecified", "unspecified"),
        ("is_reserved", "reserved"),
        ("is_private", "private"),
    ):
        if getattr(ip, attribute):
            return kind
    if not ip.is_global:
        return "non-public"  # shared address space (100.64/10) and the like
    return None


def _request(
    url: str, target: _Target, addresses: list[str], *, options: SourceOptions, deadline: _Deadline
) -> Any:
    """Send the GET to the first address that accepts a connection; the response is unread."""
    timeout = urllib3.Timeout(connect=options.timeout, read=options.timeout)
    host_header = f"[{target.host}]" if ":" in target.host else target.host
    if target.port != (443 if target.scheme == "https" else 80):
        host_header += f":{target.port}"
    headers = {
        "Host": host_header,
        "User-Agent": USER_AGENT,
        "Accept": ACCEPT,
        "Accept-Encoding": "gzip, deflate",
    }
    failure = "no address"
    for address in addresses:
        pool: urllib3.HTTPConnectionPool
        if target.scheme == "https":
            # Connect to the checked address, but verify the certificate
            # (and send SNI) for the host name.
            pool = _HTTPSPool(
                address,
                target.port,
                timeout=timeout,
                retries=False,
                server_hostname=target.host,
                assert_hostname=target.host,
                deadline=deadline,
            )
        else:
            pool = _HTTPPool(
                address, target.port, timeout=timeout, retries=False, deadline=deadline
            )
        try:
            return pool.urlopen(
                "GET",
                target.path,
                headers=headers,
                redirect=False,
                preload_content=False,
                assert_same_host=False,
            )
        except (NewConnectionError, ConnectTimeoutError) as exc:
            failure = _connect_reason(exc, options)
            continue  # another address of the host may answer
        except MaxRetryError as exc:
            if isinstance(exc.reason, NewConnectionError | ConnectTimeoutError):
                failure = _connect_reason(exc.reason, options)
                continue
            raise InputError(url, _http_reason(exc.reason or exc, options)) from None
        except HTTPError as exc:
            raise InputError(url, _http_reason(exc, options)) from None
    raise InputError(url, f"cannot connect: {failure}")


def _read_body(url: str, response: Any, *, options: SourceOptions) -> bytes:
    limit = options.max_bytes
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise InputError(url, too_large(int(declared), limit))
    chunks: list[bytes] = []
    size = 0
    try:
        # Decoded (gunzipped) chunks are counted, so a compression bomb
        # stops at the limit too.
        for chunk in response.stream(CHUNK, decode_content=True):
            size += len(chunk)
            if size > limit:
                raise InputError(url, too_large(None, limit))
            chunks.append(chunk)
    except HTTPError as exc:
        raise InputError(url, _http_reason(exc, options)) from None
    return b"".join(chunks)


def _connect_reason(exc: Exception, options: SourceOptions) -> str:
    # NewConnectionError subclasses ConnectTimeoutError, so it is asked first.
    if isinstance(exc, ConnectTimeoutError) and not isinstance(exc, NewConnectionError):
        return f"timed out after {options.timeout:g} s"
    cause = exc.__cause__ or exc.__context__
    if isinstance(cause, OSError) and cause.strerror:
        return cause.strerror.lower()
    text = str(exc)
    return text.rsplit("] ", 1)[-1] if "] " in text else text


def _http_reason(exc: BaseException, options: SourceOptions) -> str:
    if isinstance(exc, ReadTimeoutError):
        return f"timed out after {options.timeout:g} s waiting for the server"
    if isinstance(exc, SSLError):
        return f"cannot connect: TLS error: {_one_line(exc)}"
    if isinstance(exc, NewConnectionError | ConnectTimeoutError):
        return f"cannot connect: {_connect_reason(exc, options)}"
    if isinstance(exc, DecodeError):
        return f"cannot decode the response: {_one_line(exc)}"
    if isinstance(exc, ProtocolError):
        return f"connection broken: {_one_line(exc)}"
    return _one_line(exc)


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
