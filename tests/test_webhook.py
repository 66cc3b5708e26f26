"""askbot's webhook endpoint (`askbot.webhook`) in-process, on 127.0.0.1, with raw HTTP requests as a Bot API server
or anyone else might send them."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator
from types import SimpleNamespace

import httpx
import pytest
from tornado.testing import bind_unused_port

from askbot import webhook
from askbot.webhook import SECRET_HEADER, http_server

SECRET = "s3cret"


def message(update_id: int, text: str = "/help") -> dict:
    return {"update_id": update_id, "message": {"message_id": update_id, "date": int(time.time()), "text": text,
                                                "chat": {"id": 42, "type": "private"},
                                                "from": {"id": 42, "is_bot": False, "first_name": "A"}}}


@pytest.fixture
async def endpoint(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[SimpleNamespace]:
    """The endpoint of https://bot.example/askbot, and the queue the updates it takes in end up in."""
    app = SimpleNamespace(update_queue=asyncio.Queue(), bot=None)
    accepting = asyncio.Event()
    accepting.set()
    monkeypatch.setattr(webhook, "BODY_TIMEOUT", 1.0)
    server = http_server(app, "https://bot.example/askbot", SECRET, accepting)
    sock, port = bind_unused_port()
    server.add_sockets([sock])
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", headers={SECRET_HEADER: SECRET},
                                 timeout=10) as client:
        yield SimpleNamespace(client=client, queue=app.update_queue, port=port)
    server.stop()
    await server.close_all_connections()


async def test_an_update_posted_twice_is_handled_once(endpoint: SimpleNamespace) -> None:
    """A server posts an update again when its 2xx got lost or came late: the bot answered each copy."""
    for _ in range(2):
        response = await endpoint.client.post("/askbot", json=message(7))
        assert response.status_code == 200
    response = await endpoint.client.post("/askbot", json=message(8))
    assert response.status_code == 200
    ids = [endpoint.queue.get_nowait().update_id for _ in range(endpoint.queue.qsize())]
    assert ids == [7, 8]


async def test_a_client_that_never_finishes_its_body_is_let_go(endpoint: SimpleNamespace) -> None:
    """tornado waits for a body for ever by default: each such client held a connection for good."""
    reader, writer = await asyncio.open_connection("127.0.0.1", endpoint.port)
    writer.write(f"POST /askbot HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n{SECRET_HEADER}: {SECRET}\r\n\r\n{{"
                 .encode())
    await writer.drain()
    assert await asyncio.wait_for(reader.read(), timeout=5) == b""  # closed after BODY_TIMEOUT (1 s here)
    writer.close()
    response = await endpoint.client.post("/askbot", json=message(9))  # and the endpoint serves on
    assert response.status_code == 200 and endpoint.queue.qsize() == 1


async def test_a_body_too_big_is_refused_with_413_the_client_hears(endpoint: SimpleNamespace) -> None:
    """tornado answered 400 and closed the connection while the client was still sending: httpx saw no answer."""
    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: Transfer-Encoding: chunked
        for _ in range(20):
            yield b" " * 100_000

    for body in (b" " * (10 << 20), chunks()):
        response = await endpoint.client.post("/askbot", content=body)
        assert response.status_code == 413
    response = await endpoint.client.post("/askbot", content=json.dumps(message(9)).encode() + b" " * 500_000)
    assert response.status_code == 200 and endpoint.queue.qsize() == 1  # under a megabyte: taken


@pytest.mark.parametrize("path", ["/бот", "/ask%20bot", "/a+b/c"])
async def test_the_endpoint_is_where_a_server_posts_for_the_url(path: str) -> None:
    """A URL path not in ASCII comes percent-encoded in the request: it was matched as written, never found (404)."""
    app = SimpleNamespace(update_queue=asyncio.Queue(), bot=None)
    accepting = asyncio.Event()
    accepting.set()
    server = http_server(app, f"https://bot.example{path}", None, accepting)
    sock, port = bind_unused_port()
    server.add_sockets([sock])
    try:
        async with httpx.AsyncClient(timeout=10) as client:
            response = await client.post(f"http://127.0.0.1:{port}{path}", json=message(1))
    finally:
        server.stop()
    assert response.status_code == 200 and app.update_queue.qsize() == 1


async def test_each_refusal_is_one_warning(endpoint: SimpleNamespace, caplog: pytest.LogCaptureFixture) -> None:
    """tornado.access logged every 4xx too: a refusal askbot had explained came out as two warnings."""
    with caplog.at_level(logging.WARNING):
        assert (await endpoint.client.post("/askbot", json=message(1), headers={SECRET_HEADER: "x"})).status_code == 403
        assert (await endpoint.client.post("/askbot", content=b"no json")).status_code == 400
        assert (await endpoint.client.get("/askbot")).status_code == 405
        assert (await endpoint.client.post("/other", json=message(2))).status_code == 404
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 4, warnings
    assert "secret token was wrong" in warnings[0] and "not a JSON update" in warnings[1]
    assert warnings[2].startswith("405 GET /askbot") and warnings[3].startswith("404 POST /other")
    assert "the webhook takes POST to /askbot" in warnings[3]


async def test_a_flood_of_refusals_is_one_warning_a_minute(endpoint: SimpleNamespace,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    """A scanner posting garbage many times a second wrote a warning line for each request."""
    with caplog.at_level(logging.WARNING):
        for _ in range(20):
            assert (await endpoint.client.post("/askbot", content=b"no json")).status_code == 400
            assert (await endpoint.client.get("/wp-login.php")).status_code == 404
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 2, warnings
    assert "not a JSON update" in warnings[0] and warnings[1].startswith("404 GET /wp-login.php")


def test_a_warning_held_back_is_counted_in_the_next(caplog: pytest.LogCaptureFixture) -> None:
    now = [0.0]
    warnings = webhook.Warnings(every=60, clock=lambda: now[0])
    with caplog.at_level(logging.WARNING):
        for second in (0, 1, 2, 30, 61, 62, 200):
            now[0] = second
            warnings.warning("a request of %d bytes was refused", second)
    assert [r.getMessage() for r in caplog.records] == [
        "a request of 0 bytes was refused",
        "a request of 61 bytes was refused (3 more like it in the last 61 s were not logged)",
        "a request of 200 bytes was refused (1 more like it in the last 139 s were not logged)"]


async def test_a_tls_client_on_the_plain_port_is_told_and_let_go(endpoint: SimpleNamespace,
                                                                  caplog: pytest.LogCaptureFixture) -> None:
    """Telegram posting straight to the port, with no HTTPS proxy in front, waited two minutes in silence."""
    hello = bytes.fromhex("160301002a0100002603035a") + bytes(32)  # the start of a TLS ClientHello
    with caplog.at_level(logging.WARNING):
        reader, writer = await asyncio.open_connection("127.0.0.1", endpoint.port)
        writer.write(hello)
        assert await asyncio.wait_for(reader.read(), timeout=5) == b""  # closed, not left waiting
        writer.close()
        assert (await endpoint.client.post("/askbot", json=message(7))).status_code == 200  # HTTP still served
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "TLS connection came to the webhook's plain-HTTP port" in warnings[0], warnings
    assert "HTTPS reverse proxy" in warnings[0]
