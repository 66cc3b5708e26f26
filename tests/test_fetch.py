"""Fetching articles over real HTTP from a local server: pages, encodings, feeds and every failure."""

from __future__ import annotations

import contextlib
import functools
import gzip
import queue
import re
import socket
import threading
import time
import tracemalloc
import zlib
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from askbot import fetch as fetch_module
from askbot.errors import FetchError
from askbot.fetch import USER_AGENT, fetch
from askbot.htmltext import decode_bytes, extract_html

FIXTURES = Path(__file__).parent / "webfixtures"
EN_CANONICAL = "https://riverside-gazette.example/news/2024/03/12/council-approves-bike-lanes"
RU_CANONICAL = "https://vestnik-prirechya.example/culture/2024/02/05/biblioteka-arhiv"
SLOW_SECONDS = 4.0

# Boilerplate around the English article: none of it may reach the extracted text.
EN_BOILERPLATE = [
    "Subscribe to our morning newsletter",  # navigation
    "Politics",
    "Ferry timetable changes from Sunday",  # sidebar
    "Nordic Furniture",  # advertisement
    "waste of taxpayer money",  # comments
    "My kids can ride to school",
    "All rights reserved",  # footer
    "Privacy policy",
    "Share on social media",
]


class _Handler(SimpleHTTPRequestHandler):
    """Static files from webfixtures/ plus routes that misbehave the way real servers do."""

    release: threading.Event
    user_agents: list[str]
    drips: queue.Queue[str]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, directory=str(FIXTURES), **kwargs)

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _send(self, body: bytes, content_type: str, *, length: bool = True) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _drip(self, start: bytes, piece: bytes) -> None:
        """`start`, then `piece` five times a second for SLOW_SECONDS, then the end of an answer (headers
        first); `drips` hears "cut" when the client hung up before, "whole" when it waited it out."""
        stop = time.monotonic() + SLOW_SECONDS
        try:
            self.wfile.write(start)
            while time.monotonic() < stop and not self.release.wait(0.2):
                self.wfile.write(piece)
        except OSError:  # the client hung up, as it should
            self.drips.put("cut")
        else:
            self.drips.put("whole")
            with contextlib.suppress(OSError):
                self.wfile.write(b"Content-Type: text/plain\r\n\r\n" if piece.endswith(b"\r\n") else b"")
                self.wfile.write((FIXTURES / "plain.txt").read_bytes())
        self.close_connection = True

    def _send_compressed(self, coding: str) -> None:
        """The English article compressed as `coding` says; "gzip-in-gzip" is 100 MB of zeros gzipped twice, 340
        bytes sent as "Content-Encoding: gzip, gzip"; "redirect-bomb" is that body under a redirect."""
        english = (FIXTURES / "article_en.html").read_bytes()
        path_is_redirect = coding == "redirect-bomb"
        if coding in ("gzip-in-gzip", "redirect-bomb"):
            body, coding = _gzip_bomb(), "gzip, gzip"
        elif coding == "raw-deflate":  # what some servers send as "deflate": no zlib header
            compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
            body, coding = compressor.compress(english) + compressor.flush(), "deflate"
        elif coding == "gzip-cut":  # the first half of the stream, its length told right: a cache's truncated copy
            body, coding = _gzip(english)[: len(_gzip(english)) // 2], "gzip"
        elif coding == "gzip-not":  # a plain page that its server calls gzip
            body, coding = english, "gzip"
        elif coding == "gzip-corrupt":  # a valid header, then garbage
            body, coding = _gzip(english)[:20] + bytes(range(256)) * 4, "gzip"
        else:
            body = _gzip(english) if coding == "gzip" else zlib.compress(english) if coding == "deflate" else english
        self.send_response(302 if path_is_redirect else 200)
        if path_is_redirect:
            self.send_header("Location", "/article_en.html")
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Encoding", coding)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self.user_agents.append(self.headers.get("User-Agent", ""))
        base = f"http://{self.headers['Host']}"
        russian = (FIXTURES / "article_ru.html").read_text(encoding="utf-8")
        path = self.path.split("?", 1)[0]
        if path == "/ru/header-charset":
            self._send(russian.encode("cp1251"), "text/html; charset=windows-1251")
        elif path == "/ru/meta-charset":
            page = russian.replace("<head>", '<head>\n<meta charset="windows-1251">', 1)
            self._send(page.encode("cp1251"), "text/html")
        elif path in ("/ru/koi8-r-said-windows-1251", "/ru/windows-1251-said-koi8-r", "/ru/windows-1251-said-latin-1"):
            actual, declared = path.removeprefix("/ru/").split("-said-")
            page = russian.replace("<head>", f'<head>\n<meta charset="{declared}">', 1)
            self._send(page.encode(actual, "xmlcharrefreplace"), "text/html")  # koi8-r has no «»
        elif path == "/ru/undeclared":
            self._send(russian.encode("cp1251"), "text/html")
        elif path in ("/feeds/rss.xml", "/feeds/atom.xml", "/feeds/rss-octet"):
            name = "atom.xml" if "atom" in path else "rss.xml"
            feed = (FIXTURES / name).read_text(encoding="utf-8").replace("{base}", base)
            kind = {"rss.xml": "application/rss+xml", "atom.xml": "application/atom+xml"}[name]
            self._send(feed.encode(), "application/octet-stream" if path.endswith("octet") else kind)
        elif path == "/feeds/dead-links.xml":
            feed = (FIXTURES / "rss_dead_links.xml").read_text(encoding="utf-8").replace("{base}", base)
            self._send(feed.encode(), "application/rss+xml")
        elif path == "/feeds/entities.xml":  # what a vague type hides: the body says it is a feed
            self._send(_feed_with_entities().encode(), "text/xml")
        elif path == "/feeds/slow-links.xml":  # three items whose pages take too long, each with a long description
            items = "".join(f"<item><title>Ferry {n}</title><link>{base}/slow?item={n}</link>"
                            f"<description><![CDATA[{_ferry_story(n)}]]></description></item>" for n in (1, 2, 3))
            if "sites=2" in self.path:  # the third on another site: the same server by another name
                items = items.replace(f"{base}/slow?item=3", base.replace("127.0.0.1", "localhost") + "/slow?item=3")
            self._send(f'<rss version="2.0"><channel><title>Slow</title>{items}</channel></rss>'.encode(),
                       "application/rss+xml")
        elif path == "/feeds/many.xml":  # five items, each its own story in full
            self._send(_feed_of(5).encode(), "application/rss+xml")
        elif path == "/slow":
            self.release.wait(SLOW_SECONDS)
            self._send(b"<html><body>too late</body></html>", "text/html")
        elif path == "/drip-headers":  # each header line in time for a per-read timeout, all of them too late
            self._drip(b"HTTP/1.1 200 OK\r\n", b"X-Drip: 1\r\n")
        elif path == "/drip-body":
            self._drip(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n", b"Every word in time. ")
        elif path in ("/gzip", "/deflate", "/raw-deflate", "/gzip-in-gzip", "/br", "/redirect-bomb", "/gzip-cut",
                      "/gzip-not", "/gzip-corrupt"):
            self._send_compressed(path[1:])
        elif path == "/cut-short":  # promises the whole page, sends half and hangs up
            page = (FIXTURES / "article_en.html").read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page[: len(page) // 2])
            self.close_connection = True
        elif path == "/report":
            self._send((FIXTURES / "report.pdf").read_bytes(), "application/pdf")
        elif path == "/report-said-html":
            self._send(b"%PDF-1.4\n" + b"BT /F1 12 Tf (A long line of the report's text.) Tj ET\n" * 50, "text/html")
        elif path == "/big":
            self._send(b"<html><body>" + b"<p>word</p>" * 20_000 + b"</body></html>", "text/html")
        elif path == "/big-stream":  # no Content-Length: only counting the stream can stop it
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(200):
                self.wfile.write(b"<p>" + b"x" * 8192 + b"</p>")
        elif path == "/huge":  # declares 6 MB; the client must give up before reading it
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(6 * 1024 * 1024))
            self.end_headers()
            try:
                for _ in range(6 * 128):
                    self.wfile.write(b"x" * 8192)
            except OSError:
                pass  # the client hung up, as it should
        elif path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/article_en.html")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path in ("/moved-away", "/to-javascript"):  # to a port nobody listens on; to no web address
            self.send_response(302)
            self.send_header("Location", "http://127.0.0.1:1/article" if path == "/moved-away" else "javascript:x()")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/bad-header":  # no colon
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type text/html\r\n\r\n<p>text</p>")
            self.close_connection = True
        elif path == "/server-error":
            self.send_error(503)
        elif path.startswith("/status/"):
            self.send_error(int(path.removeprefix("/status/")))
        else:
            super().do_GET()


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


@functools.cache
def _gzip_bomb() -> bytes:
    return _gzip(_gzip(bytes(100 * 1024 * 1024)))


def _feed_with_entities() -> str:
    """An RSS feed whose doctype declares a "billion laughs" (a billion "lol"s from 1 KB) and an external entity
    naming a local file; its one item uses both."""
    laughs = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    story = ("<p>The harbour swimming pool opens for the season on Saturday, with a new slide and a children's "
             "pool.</p><p>Entry costs three euros, and season tickets are on sale at the harbour office until the "
             "end of May; lifeguards will be on duty from nine in the morning to eight in the evening.</p>")
    return (f'<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY lol0 "lol">{laughs}\n'
            f'<!ENTITY local SYSTEM "{(FIXTURES / "plain.txt").as_uri()}">\n]>\n'
            '<rss version="2.0"><channel><title>Pools</title><item><title>Harbour pool opens</title>'
            f"<description><![CDATA[{story}]]>&lol9;&local;</description></item></channel></rss>")


def _ferry_story(n: int) -> str:
    """Ferry `n`'s story, long enough for an article, in HTML."""
    return "".join(f"<p>Ferry number {n} will call at pier {pier} every {pier + 10} minutes from Sunday, and "
                   f"its crew of {pier + n} will sell tickets on board, the harbour office said.</p>"
                   for pier in range(9))


def _feed_of(count: int) -> str:
    """An RSS feed of `count` items without links, each a whole story in its description."""
    items = "".join(f"<item><title>Ferry {n}</title><description><![CDATA[{_ferry_story(n)}]]></description></item>"
                    for n in range(1, count + 1))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Ferries</title>{items}</channel></rss>'


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients hanging up mid-body (size limits, timeouts) are what several tests are about."""


@pytest.fixture(scope="module")
def drips() -> queue.Queue[str]:
    """How each dripping answer ended (`_Handler._drip`)."""
    return queue.Queue()


@pytest.fixture(scope="module")
def server(drips: queue.Queue[str]) -> Iterator[tuple[str, list[str]]]:
    release = threading.Event()
    user_agents: list[str] = []
    handler = type("Handler", (_Handler,), {"release": release, "user_agents": user_agents, "drips": drips})
    httpd = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", user_agents
    finally:
        release.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


@pytest.fixture
def base(server: tuple[str, list[str]]) -> str:
    return server[0]


def test_news_page_gives_the_story_without_boilerplate(server: tuple[str, list[str]]) -> None:
    base, user_agents = server
    article = fetch(f"{base}/article_en.html").articles[0]
    assert article.title == "Council approves cross-town bike lane network"
    assert article.published == "2024-03-12"
    assert article.source == EN_CANONICAL
    assert article.language == "en"
    assert "voted nine to four on Monday night" in article.text
    assert "information campaign before issuing fines" in article.text
    for junk in EN_BOILERPLATE:
        assert junk not in article.text
    lines = article.text.split("\n")
    assert len(lines) == 7  # one line per paragraph, the headline is the title and not repeated
    assert lines[0].startswith("Riverside's city council voted")
    assert all(line == line.strip() and line for line in lines)
    assert USER_AGENT in user_agents


def test_redirect_is_followed(base: str) -> None:
    article = fetch(f"{base}/moved").articles[0]
    assert article.source == EN_CANONICAL


@pytest.mark.parametrize("route", ["/ru/header-charset", "/ru/meta-charset", "/ru/undeclared",
                                   # a <meta> that misstates the charset: every byte was a letter in both
                                   "/ru/koi8-r-said-windows-1251", "/ru/windows-1251-said-koi8-r",
                                   "/ru/windows-1251-said-latin-1"])
def test_windows_1251_page_is_decoded(base: str, route: str) -> None:
    article = fetch(base + route).articles[0]
    assert article.title == "Областная библиотека оцифрует архив дореволюционных газет"
    assert "Областная научная библиотека начинает оцифровку архива газет" in article.text
    assert "с ятями и десятеричным «и»" in article.text
    assert "Лучше бы дороги починили" not in article.text  # a reader's comment
    assert "Подписаться на рассылку" not in article.text  # navigation
    assert article.language == "ru"
    assert article.published == "2024-02-05"
    assert article.source == RU_CANONICAL


def test_rss_feed_reads_items_and_reports_the_broken_one(base: str) -> None:
    result = fetch(f"{base}/feeds/rss.xml")
    titles = [a.title for a in result.articles]
    assert titles == [
        "Heat pump grants double as winter bills bite",
        "Council approves cross-town bike lane network",
    ]
    heat, bikes = result.articles
    # Full content in content:encoded is used as is: its link would answer 404.
    assert "twice as much as last year" in heat.text
    assert heat.published == "2024-03-11"
    assert heat.source == f"{base}/news/heat-pump-grants"
    assert heat.language == "en"
    # A teaser-only item is read from its page.
    assert "voted nine to four" in bikes.text
    assert "waste of taxpayer money" not in bikes.text
    assert bikes.source == EN_CANONICAL
    assert len(result.problems) == 1
    problem = result.problems[0]
    assert problem.startswith('feed item 3 ("Old ferry terminal to become a market hall") skipped: ')
    assert f"{base}/news/this-page-was-deleted was not found (HTTP 404)" in problem
    assert "\n" not in problem and "Traceback" not in problem


def test_feed_text_stands_in_for_a_link_that_cannot_be_fetched(base: str) -> None:
    """An item whose page is gone but whose feed text is long enough for an article (content or description)
    is kept, with a line saying so; with only a teaser it is still skipped, saying why."""
    result = fetch(f"{base}/feeds/dead-links.xml")
    depot, pool, market = result.articles
    assert depot.title == "Old tram depot to become a climbing hall"
    assert "sixteen metres high" in depot.text and "listed facade" in depot.text
    assert depot.source == f"{base}/news/gone/tram-depot" and depot.published == "2024-03-14"
    assert pool.title == "Harbour swimming pool opens for the season"
    assert "three euros" in pool.text and "<p>" not in pool.text and pool.language == "en"
    assert market.source is None and "eighty stalls" in market.text  # no link at all: its description
    assert len(result.problems) == 3
    for number, (problem, article) in enumerate(zip(result.problems[:2], (depot, pool), strict=True), start=1):
        assert problem == (f'feed item {number} ("{article.title}"): its link gave no article '
                           f"({base}/news/gone/{article.source.rsplit('/', 1)[-1]} was not found (HTTP 404): "
                           "check the address); "
                           f"the text the feed carries was used ({len(article.text)} characters).")
    assert result.problems[2] == (f'feed item 3 ("Night buses return") skipped: '
                                  f"{base}/news/gone/night-buses was not found (HTTP 404): check the address.")


def test_feed_is_recognised_by_its_body(base: str) -> None:
    result = fetch(f"{base}/feeds/rss-octet")
    assert len(result.articles) == 2 and len(result.problems) == 1


def test_atom_feed(base: str) -> None:
    result = fetch(f"{base}/feeds/atom.xml")
    trains, library = result.articles
    assert trains.title == "Rail operator orders twelve battery trains"
    assert "twelve battery-electric trains" in trains.text
    assert trains.published == "2024-02-01"
    assert library.title == "Областная библиотека оцифрует архив дореволюционных газет"
    assert "120 тысяч страниц" in library.text
    assert library.language == "ru"
    assert result.problems == [
        'feed item 3 ("Timetable changes this weekend") skipped: '
        "it has no link and no content long enough to be an article."
    ]


def test_a_long_feed_is_read_up_to_its_cap(base: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A feed of 10,000 items took minutes to store and printed a line per item; only the first MAX_FEED_ITEMS
    are read, and one line says how many were not."""
    monkeypatch.setattr(fetch_module, "MAX_FEED_ITEMS", 3, raising=False)
    result = fetch(f"{base}/feeds/many.xml")
    assert [a.title for a in result.articles] == ["Ferry 1", "Ferry 2", "Ferry 3"]
    assert result.problems == [f"{base}/feeds/many.xml has 5 items: only the first 3 were read, the other 2 skipped."]


def test_a_feed_declaring_entities_is_read_without_expanding_them(base: str) -> None:
    """A feed served as text/xml whose doctype declares entities was "not a web page or feed": the sniffing of its
    first bytes stopped at the doctype's brackets. Read, its entities stay unexpanded: no billion "lol"s, no local
    file's text."""
    result = fetch(f"{base}/feeds/entities.xml")
    (article,) = result.articles
    assert article.title == "Harbour pool opens" and "three euros" in article.text
    assert "lollol" not in article.text and "ferry" not in article.text.lower()


def test_a_feed_does_not_wait_again_for_a_site_that_did_not_answer(base: str) -> None:
    """A feed of 100 items whose site hangs took 100 times the timeout (25 minutes at 15 s): after the first
    item's page, the others are read from the feed's text at once."""
    result = fetch(f"{base}/feeds/slow-links.xml", timeout=1)
    assert [a.title for a in result.articles] == ["Ferry 1", "Ferry 2", "Ferry 3"]
    host = base.removeprefix("http://")
    assert result.problems[0].startswith(f'feed item 1 ("Ferry 1"): its link gave no article ({base}/slow?item=1 '
                                         "did not answer within 1 s)")
    for n in (2, 3):
        assert result.problems[n - 1].startswith(
            f'feed item {n} ("Ferry {n}"): its link gave no article ({base}/slow?item={n} was not asked: {host} '
            f"did not answer within 1 s for {base}/slow?item=1)")


def test_a_feed_stops_asking_once_sites_enough_did_not_answer(base: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each site that hangs costs a whole timeout: a feed linking to a hundred took a hundred timeouts."""
    monkeypatch.setattr(fetch_module, "MAX_UNANSWERED_SITES", 1, raising=False)
    result = fetch(f"{base}/feeds/slow-links.xml?sites=2", timeout=1)
    assert len(result.articles) == 3
    other = base.replace("127.0.0.1", "localhost")
    assert result.problems[2].startswith(f'feed item 3 ("Ferry 3"): its link gave no article ({other}/slow?item=3 was '
                                         "not asked: 1 site did not answer within 1 s for earlier items)")


def test_plain_text_page(base: str) -> None:
    article = fetch(f"{base}/plain.txt").articles[0]
    assert article.title == "Ferry timetable changes from Sunday"
    assert article.text.split("\n")[0].startswith("The harbour ferry will run every twenty minutes")
    assert len(article.text.split("\n")) == 3
    assert article.source == f"{base}/plain.txt"


def test_the_source_names_no_password(base: str) -> None:
    """A URL with a user name and password gave an article whose source kept them, stored in the articles folder
    and shown with every answer quoting it."""
    article = fetch(base.replace("http://", "http://reader:s3cret@") + "/plain.txt").articles[0]
    assert article.source == f"{base}/plain.txt"


def _fails(url: str, **kwargs: float) -> str:
    with pytest.raises(FetchError) as caught:
        fetch(url, **kwargs)  # type: ignore[arg-type]
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    return message


def test_http_errors_say_what_they_mean_and_what_to_do(base: str) -> None:
    """"answered HTTP 403" left the user to know the codes, and whether trying again could help."""
    said = {
        "/no-such-page": "was not found (HTTP 404): check the address.",
        "/status/410": "was removed from its site (HTTP 410 Gone): check the address.",
        "/status/403": "is forbidden (HTTP 403): its site does not let askbot read it; save the page from a browser "
                       "and add the file.",
        "/status/500": "did not load: its server failed (HTTP 500); try again later.",
        "/server-error": "did not load: its server failed (HTTP 503); try again later.",
        "/status/429": "was refused: its site got too many requests (HTTP 429); try again later.",
        "/status/418": "answered HTTP 418 (I'm a Teapot).",
    }
    assert {route: _fails(base + route) for route in said} == {route: f"{base}{route} {what}"
                                                               for route, what in said.items()}


def test_a_header_line_that_is_none_is_quoted_as_text(base: str) -> None:
    """It was quoted as Python shows bytes: "illegal header line: bytearray(b'Content-Type text/html')"."""
    assert _fails(f"{base}/bad-header") == (
        f'could not download {base}/bad-header: illegal header line: "Content-Type text/html".')


def test_slow_server_times_out(base: str) -> None:
    started = time.monotonic()
    assert _fails(f"{base}/slow", timeout=1) == f"{base}/slow did not answer within 1 s."
    assert time.monotonic() - started < SLOW_SECONDS - 1


@pytest.mark.parametrize("route", ["/drip-headers", "/drip-body"])
def test_a_server_that_drips_is_cut_off_at_the_deadline(base: str, drips: queue.Queue[str], route: str) -> None:
    """httpx's timeout counts per read: headers sent a line every 0.2 s were waited for as long as they came
    (a server dripping forever held `askbot add`, and the bot's admin, forever)."""
    assert _fails(base + route, timeout=1) == f"{base}{route} did not answer within 1 s."
    assert drips.get(timeout=2 * SLOW_SECONDS) == "cut"  # not waited out


def test_pdf_is_refused(base: str) -> None:
    message = _fails(f"{base}/report")
    assert message == f"{base}/report is not a web page or feed (content type application/pdf)."


def test_a_pdf_served_as_html_is_refused(base: str) -> None:
    """A server that calls every file text/html: the PDF's text streams were extracted as an article."""
    message = _fails(f"{base}/report-said-html")
    assert message == f"{base}/report-said-html is a PDF, not a web page or feed (though its server says text/html)."


@pytest.mark.parametrize("route", ["/big", "/big-stream"])
def test_size_limit(base: str, route: str) -> None:
    assert _fails(base + route, max_bytes=50_000) == f"{base}{route} is larger than 48.8 KB."


@pytest.mark.parametrize("route", ["/gzip", "/deflate", "/raw-deflate"])
def test_a_compressed_page(base: str, route: str) -> None:
    assert fetch(base + route).articles[0].title == "Council approves cross-town bike lane network"


def test_a_compression_bomb_is_stopped_at_the_size_limit_without_filling_the_memory(base: str) -> None:
    """340 bytes that are 100 MB of zeros gzipped twice: httpx inflated each read whole, 100 MB at once before any
    limit could look (2 GB from 3 KB, a MemoryError, with a larger bomb)."""
    _gzip_bomb()  # made before the count starts: the server runs in this process
    tracemalloc.start()
    try:
        message = _fails(f"{base}/gzip-in-gzip", max_bytes=1_000_000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert message == f"{base}/gzip-in-gzip is larger than 977 KB."
    assert peak < 20_000_000


def test_the_body_of_a_redirect_is_not_read(base: str) -> None:
    """httpx read a redirect's whole body before following it: the 100 MB of zeros gzipped twice came whole."""
    _gzip_bomb()
    tracemalloc.start()
    try:
        article = fetch(f"{base}/redirect-bomb").articles[0]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert article.title == "Council approves cross-town bike lane network"
    assert peak < 20_000_000


def test_a_page_cut_off_or_damaged_on_the_way_is_refused_and_may_be_tried_again(base: str) -> None:
    """Half a gzip stream was inflated without a word and stored as the whole article; a plain page sent as gzip
    was "its compressed body is broken (Error -3 while decompressing data: incorrect header check)"."""
    assert _fails(f"{base}/gzip-cut") == (f"the page from {base}/gzip-cut arrived cut off: its gzip-compressed body "
                                          "stops mid-way, so part of it is missing; try again.")
    assert _fails(f"{base}/gzip-not") == (f"the page from {base}/gzip-not arrived damaged: its server said it was "
                                          "gzip-compressed, but it is not (incorrect header check); try again later.")
    assert _fails(f"{base}/gzip-corrupt").startswith(f"the page from {base}/gzip-corrupt arrived damaged: its "
                                                     "gzip-compressed body is corrupt (")
    length = len((FIXTURES / "article_en.html").read_bytes())
    assert _fails(f"{base}/cut-short") == (f"the page from {base}/cut-short arrived cut off: its server closed the "
                                           f"connection before the end (received {length // 2} bytes, expected "
                                           f"{length}); try again.")


def test_a_compression_askbot_did_not_ask_for_is_refused(base: str) -> None:
    """It was read as if it were not compressed: "too short to be an article", or its bytes as text."""
    assert _fails(f"{base}/br") == f"{base}/br came compressed as 'br', which askbot does not read."


def test_default_size_limit_stops_at_the_declared_length(base: str) -> None:
    assert _fails(f"{base}/huge") == f"{base}/huge is larger than 5 MB."


def test_short_page_is_not_an_article(base: str) -> None:
    message = _fails(f"{base}/short.html")
    assert message.startswith(f"{base}/short.html is too short to be an article")


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.com/news.html",
        "file:///etc/passwd",
        "news.example.com/a",
        "http://[::1",
        "http://h:99999/",
        "http://localhost/\x1b]0;title\x07",  # httpx's own refusal printed the escape codes raw
    ],
)
def test_non_http_url(url: str) -> None:
    assert _fails(url) == f"{url!r} is not an http(s) URL."


def test_closed_port() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/article"
    message = _fails(url, timeout=2)
    assert message.startswith(f"could not reach {url}: ")
    assert "refused" in message.lower()


def test_a_redirect_that_leads_nowhere_names_where_it_led(base: str) -> None:
    """It was "could not reach {base}/moved-away: Connection refused", of a server that had just answered."""
    assert _fails(f"{base}/moved-away", timeout=2) == (
        f"could not reach http://127.0.0.1:1/article (where {base}/moved-away redirected): Connection refused.")


def test_a_redirect_to_a_script_is_no_http_address(base: str) -> None:
    """It was "could not download …: For absolute URLs, path must be empty or begin with '/'"."""
    assert _fails(f"{base}/to-javascript") == f"{base}/to-javascript redirected to an address that is not http(s)."


@pytest.mark.parametrize("host", ["a..example.com", "x" * 64 + ".com"])
def test_a_host_name_no_domain_can_have_is_one_sentence(host: str) -> None:
    """An empty label or one over 63 characters: a UnicodeError from the system's name lookup (the "idna" codec),
    which httpx lets through; `askbot add` ended in a traceback, the bot in its apology."""
    url = f"https://{host}/news"
    assert _fails(url, timeout=2).startswith(f"could not reach {url}: its host name is no domain name")


def test_extract_html_from_a_local_file() -> None:
    html = (FIXTURES / "article_en.html").read_bytes()
    assert extract_html(html).source == EN_CANONICAL
    without_canonical = html.replace(b'<link rel="canonical"', b'<link rel="alternate"')
    assert extract_html(without_canonical).source is None
    assert (
        extract_html(without_canonical, url="https://mirror.example/a").source == "https://mirror.example/a"
    )


def test_extract_html_resolves_a_relative_canonical() -> None:
    html = (FIXTURES / "article_en.html").read_text(encoding="utf-8")
    html = html.replace(EN_CANONICAL, "/news/bike-lanes")
    assert (
        extract_html(html, url="https://gazette.example/x?id=1").source
        == "https://gazette.example/news/bike-lanes"
    )


def test_footer_year_is_not_taken_for_a_date() -> None:
    html = (FIXTURES / "article_en.html").read_text(encoding="utf-8")
    html = re.sub(
        r'<meta property="article:published_time"[^>]*>|<p class="byline">.*?</p>', "", html, flags=re.DOTALL
    )
    html = html.replace(EN_CANONICAL, "https://riverside-gazette.example/news/bike-lanes")
    assert "© 2024" in html and "2024-03-12" not in html and "2024/03/12" not in html
    assert extract_html(html).published is None


def test_decode_bytes() -> None:
    text = "Съешь же ещё этих мягких французских булок, да выпей чаю. " * 5
    cp1251 = text.encode("cp1251")
    assert decode_bytes(cp1251, "windows-1251") == text
    assert decode_bytes(b'<meta charset="windows-1251">' + cp1251).endswith(text)
    assert decode_bytes(cp1251) == text  # detected
    assert decode_bytes(text.encode("utf-8"), "no-such-charset") == text
    assert decode_bytes(text.encode("utf-8"), "windows-1251") != text  # the server's word is trusted
    # a <meta> left over from before the file was saved as UTF-8 is not
    assert decode_bytes(b'<meta charset="windows-1251">' + text.encode("utf-8")).endswith(text)
    assert decode_bytes(b"\xef\xbb\xbf" + text.encode("utf-8")) == text
    assert decode_bytes("café".encode("cp1252"), "iso-8859-1") == "café"


@pytest.mark.parametrize("charset", ["base64", "rot13", "undefined", "utf-7", "unicode-escape", "idna"])
def test_a_codec_that_is_no_page_charset_is_ignored(charset: str) -> None:
    # Python knows these codecs, but they decode no page: a traceback ("base64 is not a text encoding"), or text
    # holding half a surrogate pair ("+2AA-" in UTF-7) that could not be stored
    text = "Aktau matters to Baku: 1+2AA- more ships, see C:\\ud800 at www.xn--zz.example. " * 5
    page = f'<meta charset="{charset}"><p>{text}</p>'
    assert decode_bytes(page.encode("utf-8")) == page
    assert decode_bytes(text.encode("utf-8"), charset) == text
    assert decode_bytes(text.encode("utf-8"), "utf-8\x00") == text


def test_ruby_readings_are_no_text() -> None:
    """Japanese news marks kanji with their readings (<ruby>港<rt>こう</rt></ruby>): the readings were read into every
    sentence ("クリク港こうとアラト港こう"), and the page's paragraphs ran together with its title as one line."""
    sentences = ("<ruby>カスピ海<rt>かすぴかい</rt></ruby>のクリク<ruby>港<rp>(</rp><rt>こう</rt><rp>)</rp></ruby>と"
                 "アラト<ruby>港<rt>こう</rt></ruby>を<ruby>結<rt>むす</rt></ruby>ぶ新しいフェリーが今月就航した。"
                 "<ruby>船<rt>ふね</rt></ruby>は一度に<ruby>貨車<rt>かしゃ</rt></ruby>五十両を運ぶことができる。")
    page = (f'<html lang="ja"><head><title>新フェリー</title></head><body><article><h1>新フェリー</h1>'
            f"<p>{sentences}</p>"
            "<p>運航会社によると、来年には二隻目の投入を予定している。片道の所要時間は約十八時間だという。</p>"
            "</article></body></html>")
    article = extract_html(page)
    assert article.text.split("\n") == [
        "カスピ海のクリク港とアラト港を結ぶ新しいフェリーが今月就航した。船は一度に貨車五十両を運ぶことができる。",
        "運航会社によると、来年には二隻目の投入を予定している。片道の所要時間は約十八時間だという。"]
