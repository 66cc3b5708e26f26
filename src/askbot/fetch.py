"""Download articles from the web: a page gives one article, a feed gives one per item.

Every failure becomes a one-sentence FetchError naming the URL, because the bot shows it to a person
as is. A feed is read item by item so one dead link does not cost the other articles.
"""

from __future__ import annotations

import contextlib
import html
import io
import re
import socket
import threading
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from http import HTTPStatus
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit, urlunsplit

import feedparser
import httpx

from askbot.errors import FetchError
from askbot.htmltext import (
    ExtractedArticle,
    decode_bytes,
    extract_html,
    extract_plain_text,
    normalize_language,
)

USER_AGENT = "askbot/0.1 (+news Q&A bot)"
MAX_BYTES = 5 * 1024 * 1024
# A feed item whose own content has at least this much text is the whole story, not a teaser,
# so its page need not be downloaded.
FULL_CONTENT_CHARS = 800
# Items read from one feed: news feeds carry 10 to 50. A feed of 10,000 items (an archive dump, a hostile one) took
# four minutes to store and printed 10,000 lines, and its index update took far longer.
MAX_FEED_ITEMS = 100
MAX_REDIRECTS = 10
# Sites that may fail to answer in time before a feed's other items are read from its own text without asking
# theirs: each costs a whole timeout.
MAX_UNANSWERED_SITES = 3

_ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"
)
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})
# Types servers send when they do not know better: the body decides what it is.
_VAGUE_TYPES = frozenset(
    {"", "application/octet-stream", "binary/octet-stream", "application/xml", "text/xml"}
)
# A doctype may declare entities in brackets (feedparser expands none of them: no "billion laughs", no local file).
_PROLOG = rb"(?:\s|<\?xml[^>]*>|<!--.*?-->|<!doctype[^>\[]*(?:\[.*?\]\s*)?>)*"
_FEED_START = re.compile(_PROLOG + rb"<(?:rss|feed|rdf:rdf)\b", re.IGNORECASE | re.DOTALL)
_HTML_START = re.compile(_PROLOG + rb"<(?:html|head|body)\b", re.IGNORECASE | re.DOTALL)
_HTML_DOCTYPE = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<!doctype\s+html", re.IGNORECASE | re.DOTALL)
_ERRNO = re.compile(r"^\[Errno -?\d+\]\s*")
# h11 quotes the line it could not parse as Python does: "illegal header line: bytearray(b'Content-Type html')"
_BYTES_REPR = re.compile(r"""bytearray\(b(['"])(.*?)(?:\\r\\n)?\1\)""")


@dataclass(frozen=True)
class FetchResult:
    """What a URL gave: the articles, and one line per feed item that had to be skipped or that was read from
    the feed's own text because its link failed."""

    articles: list[ExtractedArticle]
    problems: list[str]


@dataclass(frozen=True)
class _Response:
    url: str  # after redirects
    media_type: str  # lower case, without parameters; "" when the server sent none
    charset: str | None
    body: bytes


def _human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.3g} MB"
    if size >= 1024:
        return f"{size / 1024:.3g} KB"
    return f"{size} bytes"


_URL_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")


def _http_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def _without_credentials(result: FetchResult) -> FetchResult:
    """The articles with sources that name no user and password (`http://user:secret@host/a`): a source is stored
    in the articles folder and shown to everyone the bot answers."""
    return replace(result, articles=[replace(a, source=_public_url(a.source)) for a in result.articles])


def _public_url(url: str | None) -> str | None:
    parts = urlsplit(url) if url else None
    if parts is None or "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


def _check_url(url: str) -> None:
    # nor one with control characters: httpx refuses them too, but its message printed the escape codes raw
    if not _http_url(url) or _URL_CONTROLS.search(url):
        raise FetchError(f"{url!r} is not an http(s) URL.")


def _reason(exc: Exception) -> str:
    """The OS's or library's words without errno prefixes, so the sentence reads as one."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return _BYTES_REPR.sub(r'"\2"', _ERRNO.sub("", text)).rstrip(".")


def _download(client: _Client, url: str, timeout: float, max_bytes: int) -> _Response:
    """GET a URL, stopping as soon as the body passes max_bytes or the whole exchange passes timeout; a host that
    did not answer in time is not asked again by the same client (a feed's other items that link to it), nor
    any once MAX_UNANSWERED_SITES did not.

    httpx's timeout counts per read, so a server sending its headers or body a byte a second never passed it:
    at the deadline a timer cuts the client's connections, whatever the client was waiting for.
    """
    host = urlsplit(url).netloc
    if earlier := client.unanswered.get(host):
        raise FetchError(f"{url} was not asked: {host} did not answer within {timeout:g} s for {earlier}.")
    if len(client.unanswered) >= MAX_UNANSWERED_SITES:  # a feed linking to a hundred hanging sites
        sites = f"{len(client.unanswered)} site{'s' if len(client.unanswered) > 1 else ''}"
        raise FetchError(f"{url} was not asked: {sites} did not answer within {timeout:g} s for earlier items.")
    try:
        return _download_in_time(client, url, timeout, max_bytes)
    except _TooSlow:
        client.unanswered[host] = url
        raise


class _TooSlow(FetchError):
    """A download that passed its deadline."""


def _download_in_time(client: _Client, url: str, timeout: float, max_bytes: int) -> _Response:
    too_slow = _TooSlow(f"{url} did not answer within {timeout:g} s.")
    expired = threading.Event()

    def expire() -> None:
        expired.set()
        client.cut_connections()

    timer = threading.Timer(timeout, expire)
    timer.daemon = True
    timer.start()
    try:
        response = _receive(client, url, max_bytes)
    except FetchError:
        if expired.is_set():  # whatever the cut connection made httpx say
            raise too_slow from None
        raise
    finally:
        timer.cancel()
    if expired.is_set():  # a body read until the connection closes ends early when it is cut
        raise too_slow
    return response


def _receive(client: httpx.Client, url: str, max_bytes: int) -> _Response:
    """The response to a GET of `url`, redirects followed, its body at most max_bytes; every failure a FetchError.

    Redirects are followed here, not by httpx, which reads a redirect's whole body first: 3 KB of "gzip, gzip"
    (or an endless body) under a 302 filled the memory before any limit could look."""
    try:
        request = client.build_request("GET", url)
        for _ in range(MAX_REDIRECTS + 1):
            response = client.send(request, stream=True)
            try:
                if not response.has_redirect_location:
                    return _body(response, url, max_bytes)
                request = response.next_request  # not read: closed with its body unread
            finally:
                response.close()
        raise FetchError(f"{url} redirected too many times.")
    except httpx.TimeoutException:
        raise _TooSlow(f"{url} did not answer within {client.timeout.read:g} s.") from None
    except httpx.UnsupportedProtocol:
        raise FetchError(f"{url} redirected to an address that is not http(s).") from None
    except httpx.ConnectError as exc:
        raise FetchError(f"could not reach {_failed_address(url, exc)}: {_reason(exc)}.") from None
    except httpx.RemoteProtocolError as exc:
        if (cut := _CUT_OFF.search(str(exc))) is None:
            raise FetchError(f"could not download {_failed_address(url, exc)}: {_reason(exc)}.") from None
        raise FetchError(f"the page from {_failed_address(url, exc)} arrived cut off: its server closed the connection "
                         f"before the end{f' ({cut[1]})' if cut[1] else ''}; try again.") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"could not download {_failed_address(url, exc)}: {_reason(exc)}.") from None
    except httpx.InvalidURL as exc:
        if _is_httpx_url(url):  # so it was where it redirected ("javascript:…")
            raise FetchError(f"{url} redirected to an address that is not http(s).") from None
        raise FetchError(f"could not download {url}: {_reason(exc)}.") from None
    except UnicodeError:  # raised by the system's name lookup ("idna" codec), past httpx's checks
        raise FetchError(f"could not reach {url}: its host name is no domain name (a part of it is empty, longer "
                         "than 63 characters, or holds characters no domain may).") from None


# h11's words for a body that ended before its Content-Length (or its last chunk): "(received 10 bytes, expected 20)"
_CUT_OFF = re.compile(r"without sending complete message body(?: \((.*)\))?")
# Windows bits of zlib for each content coding askbot asks for: zlib's format for "deflate" (raw deflate tried
# when the body has no zlib header, as httpx does), gzip's for "gzip".
_CODINGS = {"gzip": zlib.MAX_WBITS | 16, "x-gzip": zlib.MAX_WBITS | 16, "deflate": zlib.MAX_WBITS}
_ACCEPT_ENCODING = "gzip, deflate"
_PIECE = 64 * 1024  # of decompressed body at a time


def _body(response: httpx.Response, url: str, max_bytes: int) -> _Response:
    """A final response, its body read until it passes max_bytes."""
    too_big = FetchError(f"{url} is larger than {_human_size(max_bytes)}.")
    if response.status_code >= 300:
        raise FetchError(_status_problem(url, response.status_code))
    length = response.headers.get("content-length", "")
    if length.isascii() and length.isdigit() and int(length) > max_bytes:  # "²" is a digit too
        raise too_big
    chunks: list[bytes] = []
    size = 0
    for chunk in _decoded(response, url):
        size += len(chunk)
        if size > max_bytes:
            raise too_big
        chunks.append(chunk)
    media_type = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    return _Response(str(response.url), media_type, response.charset_encoding, b"".join(chunks))


def _status_problem(url: str, status: int) -> str:
    """What an HTTP error status means for the person who gave the URL, and what to do: "answered HTTP 403" left
    them to know the codes (and to guess whether trying again could help)."""
    if status == 404:
        return f"{url} was not found (HTTP 404): check the address."
    if status == 410:
        return f"{url} was removed from its site (HTTP 410 Gone): check the address."
    if status == 401:
        return (f"{url} needs a login (HTTP 401), which askbot cannot give: save the page from a browser and add "
                "the file.")
    if status == 403:
        return (f"{url} is forbidden (HTTP 403): its site does not let askbot read it; save the page from a browser "
                "and add the file.")
    if status == 429:
        return f"{url} was refused: its site got too many requests (HTTP 429); try again later."
    if status >= 500:
        return f"{url} did not load: its server failed (HTTP {status}); try again later."
    with contextlib.suppress(ValueError):
        return f"{url} answered HTTP {status} ({HTTPStatus(status).phrase})."
    return f"{url} answered HTTP {status}."


def _decoded(response: httpx.Response, url: str) -> Iterator[bytes]:
    """The body, decompressed here in pieces of at most _PIECE bytes, so that the size limit counts them as they
    come. httpx inflates each read whole: 3 KB sent as "Content-Encoding: gzip, gzip" became 2 GB in one call
    (a MemoryError, or the bot killed for memory), and one gzip read of 64 KB 64 MB."""
    codings = [c.strip().lower() for c in response.headers.get("content-encoding", "").split(",")]
    codings = [c for c in codings if c and c != "identity"]
    if unknown := [c for c in codings if c not in _CODINGS]:  # not asked for: the server's mistake
        raise FetchError(f"{url} came compressed as {unknown[0]!r}, which askbot does not read.")
    pieces: Iterator[bytes] = response.iter_raw()
    for coding in reversed(codings):  # the last applied comes off first
        pieces = _inflate(pieces, coding, url)
    return pieces


_ZLIB_PREFIX = re.compile(r"^Error -?\d+ while decompressing data:?\s*")
# zlib's words for a body whose very first bytes are no gzip or zlib header
_NOT_COMPRESSED = re.compile(r"header|unknown compression method|invalid window size")


def _inflate(compressed: Iterator[bytes], coding: str, url: str) -> Iterator[bytes]:
    """`compressed` decompressed, yielding at most _PIECE bytes at a time whatever each input holds.

    A stream that stops before its end (a connection cut mid-way, a proxy's truncated cache) raises FetchError
    once its last piece is out: zlib yields what it has without a word, and half an article was stored as if whole.
    """
    wbits = _CODINGS[coding]
    decompressor: Any = None
    try:
        for data in compressed:
            if decompressor is None and data:
                raw = wbits == zlib.MAX_WBITS and (data[0] & 0x0F != 8 or int.from_bytes(data[:2], "big") % 31)
                decompressor = zlib.decompressobj(-zlib.MAX_WBITS if raw else wbits)
            while data and decompressor is not None and not decompressor.eof:
                if piece := decompressor.decompress(data, _PIECE):
                    yield piece
                data = decompressor.unconsumed_tail
        if decompressor is not None and (rest := decompressor.flush()):
            yield rest
    except zlib.error as exc:
        reason = _ZLIB_PREFIX.sub("", _reason(exc))
        if _NOT_COMPRESSED.search(reason):  # a plain page sent as compressed, or a proxy's error page
            raise FetchError(f"the page from {url} arrived damaged: its server said it was {coding}-compressed, but "
                             f"it is not ({reason}); try again later.") from None
        raise FetchError(f"the page from {url} arrived damaged: its {coding}-compressed body is corrupt ({reason}); "
                         "try again.") from None
    if decompressor is not None and not decompressor.eof:
        raise FetchError(f"the page from {url} arrived cut off: its {coding}-compressed body stops mid-way, so part "
                         "of it is missing; try again.")


def _is_httpx_url(url: str) -> bool:
    try:
        httpx.URL(url)
    except httpx.InvalidURL:  # "URL too long", "Invalid IPv4 address"
        return False
    return True


def _failed_address(url: str, exc: httpx.HTTPError) -> str:
    """`url`, or the address it redirected to when that one failed: "could not reach URL: Name or service not
    known" blamed the page that had answered, not the host it sent us to."""
    try:
        failed = exc.request.url
    except RuntimeError:  # no request attached
        return url
    return url if failed == httpx.URL(url) else f"{failed} (where {url} redirected)"


def _kind(response: _Response, url: str) -> Literal["html", "feed", "text"]:
    """What the body is: the declared type decides, and the body's first bytes when it is vague."""
    head = response.body[:2048].lstrip(b"\xef\xbb\xbf")
    media = response.media_type
    if media in _FEED_TYPES or (media not in _HTML_TYPES and _FEED_START.match(head)):
        return "feed"
    if media in _HTML_TYPES:
        return "html"
    if (media in _VAGUE_TYPES or media == "text/plain") and looks_like_html(head):
        return "html"
    if media == "text/plain":
        return "text"
    shown = media or "unknown"
    raise FetchError(f"{url} is not a web page or feed (content type {shown}).")


def _article(response: _Response, kind: Literal["html", "text"]) -> ExtractedArticle:
    from askbot.articles import binary_kind

    if what := binary_kind(response.body):  # a server that calls every file text/html: no page of its streams
        raise FetchError(f"{response.url} is {what}, not a web page or feed (though its server says "
                         f"{response.media_type or 'nothing of its type'}).")
    text = decode_bytes(response.body, response.charset)
    if kind == "html":
        return extract_html(text, url=response.url)
    return extract_plain_text(text, url=response.url)


class _Client(httpx.Client):
    """httpx's client (`_receive` follows redirects), whose connections another thread can cut (`_download`'s
    deadline): it remembers the socket of every connection it opens, through httpcore's trace hook."""

    def __init__(self, timeout: float) -> None:
        headers = {"User-Agent": USER_AGENT, "Accept": _ACCEPT, "Accept-Encoding": _ACCEPT_ENCODING}
        super().__init__(timeout=timeout, headers=headers, event_hooks={"request": [self._trace]})
        self._sockets: list[socket.socket] = []
        self.unanswered: dict[str, str] = {}  # host -> the URL it did not answer in time

    def _trace(self, request: httpx.Request) -> None:
        request.extensions["trace"] = self._remember_socket  # each request, redirects too

    def _remember_socket(self, event: str, info: dict[str, Any]) -> None:
        stream = info.get("return_value")  # of "connection.connect_tcp.complete", "….start_tls.complete"
        if event.endswith(".complete") and hasattr(stream, "get_extra_info"):
            sock = stream.get_extra_info("socket")
            if isinstance(sock, socket.socket):
                self._sockets = [s for s in self._sockets if s.fileno() != -1] + [sock]

    def cut_connections(self) -> None:
        """Shut down every connection still open, waking a read blocked on any (closing would not, on Linux).
        The idle ones a feed's earlier items left are cut too: the pool opens new ones."""
        for sock in list(self._sockets):
            with contextlib.suppress(OSError):  # closed meanwhile
                socket.socket.shutdown(sock, socket.SHUT_RDWR)  # the plain socket's, also on an SSL one


def fetch(url: str, *, timeout: float = 15.0, max_bytes: int = MAX_BYTES) -> FetchResult:
    """Articles at a URL: one for a page, one per readable item for an RSS/Atom feed.

    Raises FetchError when the URL itself fails; failed feed items land in `problems` instead.
    """
    url = url.strip()
    _check_url(url)
    with _Client(timeout) as client:
        response = _download(client, url, timeout, max_bytes)
        kind = _kind(response, url)
        if kind == "feed":
            return _without_credentials(_read_feed(client, response, url, timeout, max_bytes))
        return _without_credentials(FetchResult(articles=[_article(response, kind)], problems=[]))


def looks_like_feed(head: bytes) -> bool:
    """An RSS, Atom or RDF document, by its first element (what a saved feed file starts with)."""
    return _FEED_START.match(head) is not None


def looks_like_html(head: bytes) -> bool:
    """A web page, by its doctype or first element."""
    head = head.lstrip(b"\xef\xbb\xbf")
    return _HTML_START.match(head) is not None or _HTML_DOCTYPE.match(head) is not None


def read_feed_file(path: Path, *, timeout: float = 15.0, max_bytes: int = MAX_BYTES) -> FetchResult:
    """A feed saved to disk: its items, each from its own content or from the page it links to."""
    with path.open("rb") as file:  # not read whole and then cut: a sparse file of gigabytes filled the memory
        body = file.read(max_bytes + 1)
    if len(body) > max_bytes:
        raise FetchError(f"{path} is larger than {_human_size(max_bytes)}.")
    with _Client(timeout) as client:  # for the pages its items link to
        response = _Response(url=path.resolve().as_uri(), media_type="application/xml", charset=None, body=body)
        return _without_credentials(_read_feed(client, response, str(path), timeout, max_bytes))


def _read_feed(
    client: _Client, response: _Response, url: str, timeout: float, max_bytes: int
) -> FetchResult:
    # A stream, not bytes: feedparser treats a bytes or str argument that looks like a path or URL
    # as something to open.
    headers = {"content-type": response.media_type, "content-location": response.url}
    if response.charset:
        headers["content-type"] += f"; charset={response.charset}"
    parsed = feedparser.parse(io.BytesIO(response.body), response_headers=headers)
    if not parsed.entries:
        if parsed.bozo:
            reason = _reason(parsed.get("bozo_exception") or ValueError("malformed XML"))
            raise FetchError(f"{url} looks like a feed but could not be read: {reason}.")
        raise FetchError(f"{url} is a feed with no items.")
    feed_language = normalize_language(parsed.feed.get("language"))
    articles: list[ExtractedArticle] = []
    problems: list[str] = []
    if len(parsed.entries) > MAX_FEED_ITEMS:
        problems.append(f"{url} has {len(parsed.entries):,} items: only the first {MAX_FEED_ITEMS} were read, the "
                        f"other {len(parsed.entries) - MAX_FEED_ITEMS:,} skipped.")
    seen: dict[str, int] = {}
    for number, entry in enumerate(parsed.entries[:MAX_FEED_ITEMS], start=1):
        title = " ".join(str(entry.get("title") or "").split())
        label = title if len(title) <= 80 else title[:77].rstrip() + "..."
        link = _entry_link(entry, response.url)
        try:
            if link and link in seen:
                raise FetchError(f"it links to the same page as item {seen[link]}.")
            if link:
                seen[link] = number
            article, note = _entry_article(client, entry, title, link, feed_language, timeout, max_bytes)
            articles.append(article)
            if note:
                problems.append(f'feed item {number} ("{label or "untitled"}"): {note}.')
        except FetchError as exc:
            problems.append(f'feed item {number} ("{label or "untitled"}") skipped: {str(exc).rstrip(".")}.')
    return FetchResult(articles=articles, problems=problems)


def _entry_link(entry: Any, base: str) -> str | None:
    link = str(entry.get("link") or "").strip()
    if not link:
        return None
    try:
        absolute = urljoin(base, link)
    except ValueError:
        return None
    return absolute if _http_url(absolute) else None


def _entry_date(entry: Any) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return time.strftime("%Y-%m-%d", parsed) if parsed else None


def _as_html(value: str, kind: str | None) -> str:
    """Feed text as HTML: plain text (type text/plain) becomes one <p> per blank-line-separated paragraph."""
    if kind != "text/plain":
        return value
    paragraphs = re.split(r"\n\s*\n", value)
    return "".join(f"<p>{html.escape(p.strip())}</p>" for p in paragraphs if p.strip())


def _entry_content(entry: Any) -> tuple[str, str | None]:
    """The entry's longest full content (content:encoded or Atom <content>) as HTML, and its language."""
    best: tuple[str, str | None] = ("", None)
    for detail in entry.get("content") or []:
        value = _as_html(str(detail.get("value") or ""), detail.get("type"))
        if len(value) > len(best[0]):
            best = (value, normalize_language(detail.get("language")))
    return best


def _entry_summary(entry: Any) -> str:
    """The entry's summary (RSS <description>, Atom <summary>) as HTML: often a teaser, sometimes the story."""
    detail = entry.get("summary_detail") or {}
    return _as_html(str(entry.get("summary") or ""), detail.get("type"))


def _feed_article(text: str, title: str, link: str | None, language: str | None) -> ExtractedArticle | None:
    """The feed's own text of an item as an article; None when it is shorter than an article must be
    (MIN_ARTICLE_CHARS, as for any page)."""
    if not text:
        return None
    escaped = html.escape(title)
    page = (
        f'<html lang="{language or ""}"><head><title>{escaped}</title></head>'
        f"<body><article><h1>{escaped}</h1>{text}</article></body></html>"
    )
    try:
        return replace(extract_html(page, url=link), source=link)
    except FetchError:
        return None


def _linked_article(client: _Client, link: str, timeout: float, max_bytes: int) -> ExtractedArticle:
    response = _download(client, link, timeout, max_bytes)
    kind = _kind(response, link)
    if kind == "feed":
        raise FetchError(f"{link} is a feed, not an article page.")
    return _article(response, kind)


def _entry_article(
    client: _Client,
    entry: Any,
    title: str,
    link: str | None,
    feed_language: str | None,
    timeout: float,
    max_bytes: int,
) -> tuple[ExtractedArticle, str | None]:
    """Article for one feed item: from its own full content, else from the page it links to; when that page
    cannot be had, from the text the feed carries (content or summary) if it is long enough for an article,
    with a note saying so (None when the item was read as usual)."""
    content, content_language = _entry_content(entry)
    language = content_language or feed_language
    from_content = _feed_article(content, title, link, language)
    note = None
    if from_content is not None and (len(from_content.text) >= FULL_CONTENT_CHARS or not link):
        article = from_content
    elif not link:
        if (from_summary := _feed_article(_entry_summary(entry), title, link, language)) is None:
            raise FetchError("it has no link and no content long enough to be an article.")
        article = from_summary
    else:
        try:
            article = _linked_article(client, link, timeout, max_bytes)
        except FetchError as exc:  # read only now: extracting every item's summary would slow a healthy feed
            candidates = (from_content, _feed_article(_entry_summary(entry), title, link, language))
            if (own := max((a for a in candidates if a), key=lambda a: len(a.text), default=None)) is None:
                raise
            article = own
            note = (f"its link gave no article ({str(exc).rstrip('.')}); the text the feed carries "
                    f"was used ({len(own.text)} characters)")
    # The feed's title and date are clean metadata; the page's own language declaration wins.
    article = replace(
        article,
        title=title or article.title,
        published=_entry_date(entry) or article.published,
        language=article.language or language,
    )
    return article, note
