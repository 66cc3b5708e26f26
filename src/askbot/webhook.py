"""Webhook mode: askbot's own small HTTP endpoint in front of the Application, instead of python-telegram-bot's.

The library's endpoint parses each posted update strictly, answers 400 to one it cannot read (a Bot API
emulator's callback without `chat_instance`, a date in milliseconds) and refuses a missing secret or a
Content-Type other than exactly application/json with a 403 it logs only at debug level. Behind such a
server the bot heard nothing and said nothing, and telegram-test-api's node process exits on the 400. Here
every posted update is read as polling reads getUpdates (`askbot.lenient`), and every refusal is one warning
that says what to change. This is python-telegram-bot's documented custom-webhook pattern: the Application
runs without an Updater and gets the updates through its update_queue.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import re
import signal
import socket
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, urlsplit

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application
from tornado.httpserver import HTTPServer
from tornado.iostream import IOStream
from tornado.web import Application as WebApplication
from tornado.web import RequestHandler, stream_request_body

from askbot.errors import AskbotError
from askbot.lenient import Recent, repair
from askbot.question import echoed

log = logging.getLogger("askbot.webhook")
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY = 1 << 20  # bytes; Telegram's updates are a few KiB
# seconds a request may take to send its body, and a kept-alive connection may sit idle: tornado waits for ever
# and an hour, so clients that never finish a request each held a connection (a file descriptor) for good
BODY_TIMEOUT = 30.0
IDLE_TIMEOUT = 120.0
DRAIN_BODY = 32 << 20  # bytes of a body too big that are still read (and thrown away), for the 413 to be heard
WARN_EVERY = 60.0  # seconds between two warnings of the same kind


class Warnings:
    """At most one warning of each kind (its template) a minute, the next one saying how many were held back: a
    scanner or a misconfigured server posting to the webhook many times a second filled the log, a line each."""

    def __init__(self, every: float = WARN_EVERY, clock: Callable[[], float] = time.monotonic) -> None:
        self.every = every
        self.clock = clock
        self.kinds: dict[tuple[str, str], tuple[float, int]] = {}  # kind -> when last logged, how many held back

    def warning(self, template: str, *args: object, kind: str = "") -> None:
        """Log unless a warning of this template (and `kind`, where one template words several) was logged in
        the last minute."""
        now = self.clock()
        last, held = self.kinds.get((template, kind), (float("-inf"), 0))
        if now - last < self.every:
            self.kinds[template, kind] = (last, held + 1)
            return
        self.kinds[template, kind] = (now, 0)
        more = f" ({held} more like it in the last {now - last:.0f} s were not logged)" if held else ""
        log.warning(template + more, *args)


@stream_request_body
class UpdateReceiver(RequestHandler):
    """POST <path>: one update, as JSON. 200 once it is queued, or skipped as unreadable (a server re-posts an
    update it got no 2xx for, and an unreadable one would come back forever); 403 without the secret; 503 once
    the bot is stopping (the server keeps the update and posts it again later)."""

    def initialize(self, telegram_app: Application, secret: str | None, url: str, accepting: asyncio.Event,
                   recent: Recent) -> None:
        self.telegram_app = telegram_app
        self.recent = recent
        self.secret = secret
        self.url = url
        self.accepting = accepting
        self.body = bytearray()
        self.warn = self.application.settings["warnings"].warning

    def prepare(self) -> None:
        """A body over MAX_BODY is refused with 413: tornado answered 400 Bad Request (logged at debug level only),
        which says nothing of the size, and closed the connection while the client was still sending, so that
        the client often saw no answer at all. Up to DRAIN_BODY the body is read and thrown away, for the client
        to hear the 413; a bigger one, or one announced with `Expect: 100-continue`, is refused at once."""
        self.size = 0
        length = self.request.headers.get("Content-Length", "").strip()
        too_big = length.isdigit() and int(length) > MAX_BODY
        if too_big and (int(length) > DRAIN_BODY or self.request.headers.get("Expect", "").lower() == "100-continue"):
            self.size = int(length)
            self.refuse_too_big()
            self.set_header("Connection", "close")
            self.finish()
        else:
            self.request.connection.set_max_body_size(DRAIN_BODY)

    def data_received(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size <= MAX_BODY:
            self.body += chunk
        else:
            self.body.clear()

    def refuse_too_big(self) -> None:
        self.warn("a request to the webhook of %d bytes was refused: an update is at most %d bytes", self.size,
                    MAX_BODY)
        self.set_status(413)

    async def post(self) -> None:
        if self.size > MAX_BODY:
            self.refuse_too_big()
            return
        if not self.accepting.is_set():
            self.set_status(503)
            self.set_header("Connection", "close")
            return
        given = self.request.headers.get(SECRET_HEADER)
        if self.secret is not None and not hmac.compare_digest((given or "").encode(), self.secret.encode()):
            reason = "it did not include the secret token" if given is None else "its secret token was wrong"
            self.warn("refused an update posted to the webhook: %s, the one askbot registered with setWebhook. "
                        "If this Bot API server does not send it back (an emulator, a test server), set "
                        "ASKBOT_WEBHOOK_SECRET=off; on the open internet, check who is posting to %s", reason, self.url)
            self.set_status(403)
            return
        try:
            payload = json.loads(self.body)
            updates = repair({"ok": True, "result": [payload]}, updates=True)["result"]
        except (ValueError, RecursionError):  # not UTF-8, not JSON, or nested too deep to be an update
            self.warn("a request to the webhook was not a JSON update (%d bytes); ignored", len(self.body))
            self.set_status(400)
            return
        for item in updates:
            # a server posts an update again when its 2xx got lost or came late: each copy was handled
            if item["update_id"] in self.recent:
                log.info("update %s was posted again; it was taken in already, so not handled twice", item["update_id"])
                continue
            self.recent.add(item["update_id"])
            await self.telegram_app.update_queue.put(Update.de_json(item, self.telegram_app.bot))
        self.set_status(200)


def log_request(handler: RequestHandler) -> None:
    """tornado's line per request, for the refusals askbot does not word itself (a wrong path, GET): tornado logged
    every 4xx, so each refusal UpdateReceiver had explained came out as two warnings."""
    status = handler.get_status()
    if status < 400 or (isinstance(handler, UpdateReceiver) and status in (400, 403, 413, 503)):
        return
    request = handler.request
    handler.application.settings["warnings"].warning(
        "%d %s %s (%s): the webhook takes POST to %s", status, request.method, echoed(request.uri or "", 80),
        request.remote_ip, handler.application.settings.get("webhook_path", "/"), kind=str(status))


def web_application(application: Application, url: str, secret: str | None,
                    accepting: asyncio.Event) -> WebApplication:
    """The endpoint at the URL's path (its query string is the server's business: routes match paths only)."""
    # as it comes in the request line: a path not in ASCII ("/бот") percent-encoded, and was never matched (404)
    path = quote(urlsplit(url).path.strip("/"), safe="/%!$&'()*+,;=:@~")
    route = rf"/{re.escape(path)}/?" if path else r"/"
    return WebApplication([(route, UpdateReceiver, {"telegram_app": application, "secret": secret, "url": url,
                                                    "accepting": accepting, "recent": Recent()})],
                          log_function=log_request, webhook_path="/" + path, warnings=Warnings())


TLS_HANDSHAKE = b"\x16"  # the first byte of a TLS record that opens a handshake; no HTTP request begins with it


async def opens_with_tls(sock: socket.socket) -> bool:
    """Whether the client's first byte, once it comes, opens a TLS handshake (peeked at: tornado still reads it)."""
    loop = asyncio.get_running_loop()
    readable = loop.create_future()
    loop.add_reader(sock.fileno(), lambda: readable.done() or readable.set_result(None))
    try:
        await asyncio.wait_for(readable, BODY_TIMEOUT)
        return sock.recv(1, socket.MSG_PEEK) == TLS_HANDSHAKE
    except (TimeoutError, OSError):  # silent or gone: tornado's own timeouts deal with it
        return False
    finally:
        loop.remove_reader(sock.fileno())


class WebhookServer(HTTPServer):
    """tornado's HTTP server, but a TLS handshake on this plain-HTTP port (Telegram posting straight to it, with no
    HTTPS proxy in front) is one warning and the connection closed: tornado waited two minutes for a request line
    that never came, and the server's getWebhookInfo said only "Connection timed out"."""

    async def handle_stream(self, stream: IOStream, address: tuple) -> None:
        if await opens_with_tls(stream.socket):
            self.request_callback.settings["warnings"].warning(
                "a TLS connection came to the webhook's plain-HTTP port (from %s) and was closed: askbot serves "
                "HTTP only, so put an HTTPS reverse proxy in front of it and let it forward to this port",
                address[0] if address else "?")
            with contextlib.suppress(OSError):  # what it sent is read, so that closing is a FIN and not a reset
                stream.socket.recv(1 << 16)
            stream.close()
            return
        super().handle_stream(stream, address)


def http_server(application: Application, url: str, secret: str | None, accepting: asyncio.Event) -> HTTPServer:
    return WebhookServer(web_application(application, url, secret, accepting), max_body_size=MAX_BODY,
                      body_timeout=BODY_TIMEOUT, idle_connection_timeout=IDLE_TIMEOUT)


async def serve_webhook(application: Application, *, url: str, listen: str, port: int, secret: str | None,
                        allowed_updates: list[str], stop: asyncio.Event | None = None) -> None:
    """Register the webhook, serve it until SIGINT/SIGTERM (or `stop`), then stop the Application cleanly."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    accepting = asyncio.Event()
    accepting.set()
    server = http_server(application, url, secret, accepting)
    async with application:  # initialize (getMe) ... shutdown
        if application.post_init:
            await application.post_init(application)
        server.listen(port, address=listen)
        try:
            try:
                await application.bot.set_webhook(url=url, secret_token=secret, allowed_updates=allowed_updates)
            except TelegramError as exc:
                raise AskbotError(f"The Bot API server refused the webhook ({exc}): check ASKBOT_WEBHOOK_URL "
                                  "(Telegram wants HTTPS on port 443, 80, 88 or 8443) and ASKBOT_WEBHOOK_SECRET "
                                  "(1-256 characters: letters, digits, _ and -).") from None
            await application.start()
            log.info("serving the webhook for %s on %s:%d", url, listen, port)
            await stop.wait()
        finally:
            # No update may come in after the Application's last one: it would never be handled, and stopping
            # would wait for it forever. Kept-alive connections still deliver after the socket closes.
            accepting.clear()
            server.stop()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(server.close_all_connections(), timeout=5)
            if application.running:
                await application.stop()
    if application.post_shutdown:
        await application.post_shutdown(application)


def run_webhook(application: Application, **kwargs: Any) -> None:
    asyncio.run(serve_webhook(application, **kwargs))
