"""Shared fixtures: the real embedder (loaded once per session), a prebuilt index of the bundled articles,
per-test working copies of both, and a harness running the real bot against FakeBotAPI.

The harness (`running_bot`, `BotHarness`) is plain code, so `scripts/bench_bot.py` reuses it outside pytest.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from askbot.config import Settings

try:  # tests/ is on sys.path (rootdir-less test dir); also works if tests/ becomes a package
    from fakebotapi import CallRecord, FakeBotAPI
except ImportError:  # pragma: no cover
    from tests.fakebotapi import CallRecord, FakeBotAPI  # type: ignore[no-redef,import-not-found,unused-ignore]

ARTICLES_DIR = Path(__file__).parent.parent / "articles"
INDEX_DIR = ARTICLES_DIR.parent / "index"


@pytest.fixture(autouse=True)
def niceness_requests(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """`askbot index` lowers its own CPU priority; run in-process by a test, it would lower pytest's (and that
    of every process the tests start after it). The requests are recorded instead."""
    requests: list[int] = []
    monkeypatch.setattr(os, "nice", lambda step: requests.append(step) or step)
    return requests


def bot_process_env(folder: Path, token: str, base_url: str, **extra: str) -> dict[str, str]:
    """Environment for an `askbot bot` process, configured by it alone (none of the developer's TELEGRAM_ or
    ASKBOT_ settings), on copies of the articles and the committed index in `folder`."""
    shutil.copytree(ARTICLES_DIR, folder / "articles")
    if INDEX_DIR.is_dir():
        shutil.copytree(INDEX_DIR, folder / "index")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ASKBOT_"))}
    env.update(TELEGRAM_BOT_TOKEN=token, TELEGRAM_API_BASE_URL=base_url, HF_HUB_OFFLINE="1",
               ASKBOT_ARTICLES_DIR=str(folder / "articles"), ASKBOT_INDEX_DIR=str(folder / "index"), **extra)
    return env


def base_settings(**changes: Any) -> Settings:
    """Settings that never touch the network: the bundled model, built into the user's cache once."""
    return Settings(hub_offline=True).with_overrides(**changes)


def load_real_embedder():
    from askbot.embeddings import load_embedder

    return load_embedder(base_settings())


def build_prebuilt_index(root: Path, embedder) -> Path:
    """An index of the bundled articles in `root/index`.

    Seeded with the live generation of the project's own index/ when there is one: the build then
    re-embeds only text whose vectors it cannot reuse (it checks model and text, so a stale seed is
    merely slower). Any trouble with the seed (e.g. rebuilt meanwhile) means a build from scratch.
    """
    from askbot.articles import load_articles
    from askbot.index import CURRENT_FILE, build_index, current_generation

    articles, skipped = load_articles(ARTICLES_DIR)
    index = root / "index"
    seed = ARTICLES_DIR.parent / "index"
    try:
        generation = current_generation(seed)
        if generation:
            shutil.copytree(seed / generation, index / generation)
            (index / CURRENT_FILE).write_text(generation + "\n", encoding="utf-8")
        build_index(index, articles, embedder, skipped=skipped)
    except Exception:
        shutil.rmtree(index, ignore_errors=True)
        build_index(index, articles, embedder, skipped=skipped)
    return index


def seed_beside(root: Path, extra: Path) -> Settings:
    """Settings for an articles folder in `root` holding the seed article and the articles in `extra`."""
    shutil.copytree(ARTICLES_DIR, root / "articles")
    for path in extra.iterdir():
        shutil.copy(path, root / "articles" / path.name)
    return base_settings(articles_dir=root / "articles", index_dir=root / "index")


def make_workspace(root: Path, prebuilt_index: Path) -> Settings:
    """A private copy of the articles folder and of the prebuilt index, so a test may change both."""
    shutil.copytree(ARTICLES_DIR, root / "articles")
    shutil.copytree(prebuilt_index, root / "index", ignore=shutil.ignore_patterns(".lock", ".tmp-*"))
    return base_settings(articles_dir=root / "articles", index_dir=root / "index")


@pytest.fixture(scope="session")
def embedder():
    """The real model (multilingual-e5-small), loaded once for the whole test session (~7 s)."""
    return load_real_embedder()


@pytest.fixture(scope="session")
def prebuilt_index(tmp_path_factory: pytest.TempPathFactory, embedder) -> Path:
    """The bundled articles indexed once; tests copy it instead of embedding again."""
    return build_prebuilt_index(tmp_path_factory.mktemp("prebuilt"), embedder)


@pytest.fixture
def workspace(tmp_path: Path, prebuilt_index: Path) -> Settings:
    """Settings pointing at this test's own copy of the articles and the index."""
    return make_workspace(tmp_path, prebuilt_index)


class BotHarness:
    """A running bot and the fake Telegram it talks to, with helpers that time each answer."""

    def __init__(self, api: FakeBotAPI, app: Any, latencies: list[float] | None = None) -> None:
        self.api = api
        self.app = app
        self.latencies = latencies if latencies is not None else []

    async def reply_to(self, chat_id: int, queue: Callable[[], Any], *, timeout: float = 30.0,
                       timed: bool = False) -> CallRecord:
        """Queue an update (`queue()`) and wait for the bot's next successful sendMessage in `chat_id`;
        `timed`: add the time from queueing to that sendMessage's arrival to `latencies`."""
        started = time.monotonic()
        queue()
        while True:  # a message sent before this update (and not awaited by the test) is not its reply
            record = await self.api.await_record("sendMessage", lambda p: int(p["chat_id"]) == chat_id, timeout,
                                                 ok=True)
            if record.time >= started:
                break
        if timed:
            self.latencies.append(record.time - started)
        return record

    async def ask(self, chat_id: int, text: str, *, timeout: float = 30.0, **kwargs: Any) -> CallRecord:
        """A text message from a user; the record of the bot's reply (`.params` sent, `.result` stored).
        Questions (not commands, not links) are timed."""
        question = not text.startswith("/") and not re.match(r"^\s*https?://", text)
        return await self.reply_to(chat_id, lambda: self.api.send_text(chat_id, text, **kwargs), timeout=timeout,
                                   timed=question)

    async def press(self, message: dict, data: str, *, method: str = "editMessageText",
                    timeout: float = 30.0, **kwargs: Any) -> CallRecord:
        """Press a button of a bot message; the record of the bot's `method` call that follows."""
        chat_id = message["chat"]["id"]
        self.api.press_button(message, data, **kwargs)
        return await self.api.await_record(method, lambda p: int(p["chat_id"]) == chat_id, timeout, ok=True)

    async def quiet(self, seconds: float = 0.5) -> None:
        """Let the bot take every queued update and finish what it does with them."""
        await self.api.await_consumed()
        await asyncio.sleep(seconds)


@contextlib.asynccontextmanager
async def running_bot(settings: Settings, engine, *, latencies: list[float] | None = None,
                      base_url: Callable[[FakeBotAPI], str] | None = None,
                      bot_username: str | None = "askbot_test_bot",
                      every_kind: bool = False) -> AsyncIterator[BotHarness]:
    """The real Application from `build_application`, polling a fresh FakeBotAPI on 127.0.0.1.

    `base_url(api)` gives TELEGRAM_API_BASE_URL (default: the fake's ".../bot" form); `bot_username=None`:
    a getMe without a username, as some emulators answer. The bot asks for the update kinds `askbot bot`
    asks for; `every_kind`: for all, as from a server that ignores allowed_updates.
    """
    from telegram import Update

    from askbot.bot import ALLOWED_UPDATES, build_application

    with FakeBotAPI(bot_username=bot_username) as api:
        url = base_url(api) if base_url else api.base_url
        app = build_application(replace(settings, telegram_token=api.token, telegram_api_base_url=url), engine)
        # what Application.run_polling does, step by step, including the post_* hooks it calls
        await app.initialize()
        if app.post_init:
            await app.post_init(app)
        await app.start()
        # run_polling hands an error of getUpdates to the application's error handlers, as here
        await app.updater.start_polling(
            poll_interval=0.0, timeout=1, allowed_updates=Update.ALL_TYPES if every_kind else ALLOWED_UPDATES,
            error_callback=lambda error: app.create_task(app.process_error(update=None, error=error)))
        try:
            yield BotHarness(api, app, latencies)
        finally:
            await app.updater.stop()
            await app.stop()
            if app.post_stop:
                await app.post_stop(app)
            await app.shutdown()
            if app.post_shutdown:
                await app.post_shutdown(app)
    assert api.internal_errors == []
