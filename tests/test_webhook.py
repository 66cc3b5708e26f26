"""askbot's webhook endpoint (`askbot.webhook`) in-process, on 127.0.0.1, with raw HTTP requests as a Bot API server
or anyone else might send them."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from types import SimpleNamespace

import httpx
import pytest
from tornado.httpserver import HTTPServer
from tornado.testing import bind_unused_port

from askbot.webhook import SECRET_HEADER, web_application

SECRET = "s3cret"


def message(update_id: int, text: str = "/help") -> dict:
    return {"update_id": update_id, "message": {"message_id": update_id, "date": int(time.time()), "text": text,
                                                "chat": {"id": 42, "type": "private"},
                                                "from": {"id": 42, "is_bot": False, "first_name": "A"}}}


@pytest.fixture
async def endpoint() -> AsyncIterator[SimpleNamespace]:
    """The endpoint of https://bot.example/askbot, and the queue the updates it takes in end up in."""
    app = SimpleNamespace(update_queue=asyncio.Queue(), bot=None)
    accepting = asyncio.Event()
    accepting.set()
    server = HTTPServer(web_application(app, "https://bot.example/askbot", SECRET, accepting))
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
