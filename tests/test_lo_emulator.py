"""`askbot bot` against a second third-party emulator: lo-bot-api-emulator (PyPI), a strict request-contract one,
in polling and in webhook mode.

It refuses every parameter and update kind its contract does not list (`allowed_updates` with kinds newer than
it knows, `link_preview_options`), keeps no message text, and judges a run from its journal: the verdict fails
on any refused request. So this test checks what the bot sends, not what it says: a conversation in a private
chat and a group, commands with and without their entity, and a button press, all accepted.
"""

from __future__ import annotations

import itertools
import json
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest import bot_process_env
from test_emulator import free_port

TOKEN = "123456:LoEmulatorToken"
ANN = {"id": 4242, "is_bot": False, "first_name": "Ann", "language_code": "en"}
BOB = {"id": 5151, "is_bot": False, "first_name": "Bob", "language_code": "ru"}
GROUP = {"id": -100777, "type": "supergroup", "title": "Readers"}
FORUM = {"id": -100888, "type": "supergroup", "title": "Forum", "is_forum": True}
EMULATOR = shutil.which("lo-bot-api-emulator") or str(Path(sys.executable).with_name("lo-bot-api-emulator"))

pytestmark = pytest.mark.skipif(not Path(EMULATOR).exists(), reason="lo-bot-api-emulator is not installed "
                                "(`pip install -e .[test]`, which ./dev test does)")


class LoEmulator:
    def __init__(self, url: str, journal: Path) -> None:
        self.url, self.journal = url, journal
        self.message_ids = itertools.count(100)

    def push(self, update: dict) -> None:
        httpx.post(f"{self.url}/__fixture/updates", json={"token": TOKEN, "update": update}).raise_for_status()

    def say(self, text: str, *, user: dict = ANN, chat: dict | None = None, entity: bool = True,
            **fields: object) -> None:
        message = {"message_id": next(self.message_ids), "date": int(time.time()), "from": user, "text": text,
                   "chat": chat or {"id": user["id"], "type": "private", "first_name": user["first_name"]}, **fields}
        if entity and text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        self.push({"message": message})

    def records(self, method: str) -> list[dict]:
        if not self.journal.exists():
            return []
        lines = self.journal.read_text(encoding="utf-8").splitlines()
        return [r for r in map(json.loads, lines) if r.get("method") == method]

    def wait_for(self, method: str, count: int, timeout: float = 60) -> list[dict]:
        deadline = time.monotonic() + timeout
        while len(self.records(method)) < count:
            assert time.monotonic() < deadline, f"{len(self.records(method))} of {count} {method} within {timeout} s"
            time.sleep(0.2)
        return self.records(method)


@pytest.fixture
def lo(tmp_path: Path) -> Iterator[LoEmulator]:
    """The emulator as it starts by default: like Telegram, it refuses a webhook on plain HTTP."""
    yield from _running_emulator(tmp_path)


@pytest.fixture
def lo_loopback(tmp_path: Path) -> Iterator[LoEmulator]:
    """The emulator delivering to a plain-HTTP webhook on 127.0.0.1 (its `--allow-insecure-loopback-webhooks`)."""
    yield from _running_emulator(tmp_path, "--allow-insecure-loopback-webhooks")


def _running_emulator(tmp_path: Path, *flags: str) -> Iterator[LoEmulator]:
    port, journal = free_port(), tmp_path / "journal.jsonl"
    server = subprocess.Popen([EMULATOR, "--port", str(port), "--enable-control", "--journal", str(journal), *flags],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.post(f"{url}/bot{TOKEN}/getMe").raise_for_status()
                break
            except httpx.HTTPError:
                assert server.poll() is None and time.monotonic() < deadline, "lo-bot-api-emulator did not start"
                time.sleep(0.2)
        yield LoEmulator(url, journal)
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.parametrize("mode", ["polling", "webhook"])
def test_a_conversation_the_strict_emulator_accepts(mode: str, request: pytest.FixtureRequest,
                                                    tmp_path: Path) -> None:
    lo: LoEmulator = request.getfixturevalue("lo" if mode == "polling" else "lo_loopback")
    webhook = {}
    if mode == "webhook":
        port = free_port()
        webhook = {"ASKBOT_WEBHOOK_URL": f"http://127.0.0.1:{port}/askbot", "ASKBOT_WEBHOOK_LISTEN": "127.0.0.1",
                   "ASKBOT_WEBHOOK_PORT": str(port)}
    env = bot_process_env(tmp_path, TOKEN, lo.url + "/bot", **webhook)
    bot = subprocess.Popen([sys.executable, "-m", "askbot.cli", "bot"], env=env, cwd=tmp_path,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        lo.say("/start")
        lo.wait_for("sendMessage", 1, timeout=120)  # the model loads first
        lo.say("why Aktau matters for Baku")
        lo.say("/help", entity=False)  # a server that leaves the command entity out
        lo.say("Почему Япония сделала ставку на Токаева?", user=BOB)
        lo.say("/ask why does Aktau matter for Baku?", chat=GROUP)
        lo.say("@Fixture who gave this interview?", chat=GROUP)  # the emulator's bot is @Fixture
        lo.say("/topics")
        lo.say("/sources")
        sent = lo.wait_for("sendMessage", 8)
        own = {"message_id": 1, "date": int(time.time()), "text": "x",
               "chat": {"id": ANN["id"], "type": "private", "first_name": "Ann"},
               "from": {"id": 123456, "is_bot": True, "first_name": "Fixture", "username": "Fixture"}}
        lo.push({"callback_query": {"id": "cb1", "from": ANN, "chat_instance": "c", "data": "more:0123456789ab:1",
                                    "message": own}})  # an answer the bot no longer remembers: "ask again"
        [alert] = lo.wait_for("answerCallbackQuery", 1)
        time.sleep(1)  # an alert to the presser, and nothing posted into the chat
        sent = lo.records("sendMessage")
    finally:
        bot.send_signal(signal.SIGINT)
        _, stderr = bot.communicate(timeout=60)
    assert bot.returncode == 0, stderr[-2000:]
    assert all(r["status"] == 200 for r in sent) and len(sent) == 8, sent
    assert alert["status"] == 200 and "show_alert" in alert["fields"] and "text" in alert["fields"], alert
    assert sum("reply_parameters" in r["fields"] for r in sent) == 2, "group answers quote their question"
    assert "Traceback" not in stderr, stderr[-3000:]
    if mode == "webhook":  # the updates came through the webhook, not by polling
        assert lo.records("setWebhook") and not lo.records("getUpdates")
    verdict = subprocess.run([EMULATOR, "verdict", str(lo.journal), "--require-response",
                              "--require-method", "answerCallbackQuery", "--require-method", "sendChatAction"],
                             capture_output=True, text=True)
    assert verdict.returncode == 0, verdict.stdout + verdict.stderr
    assert json.loads(verdict.stdout)["refusals"] == []


def test_a_forum_topic_on_a_server_without_topics(lo: LoEmulator, tmp_path: Path) -> None:
    """python-telegram-bot gives a reply in a forum topic its message_thread_id, and so does askbot the typing
    indicator; lo-bot-api-emulator has no topics and refuses the parameter. The bot sends again without it, so
    the question is answered (in the group's main thread), and leaves it out from then on."""
    env = bot_process_env(tmp_path, TOKEN, lo.url + "/bot")
    bot = subprocess.Popen([sys.executable, "-m", "askbot.cli", "bot"], env=env, cwd=tmp_path,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        in_topic = {"chat": FORUM, "message_thread_id": 77, "is_topic_message": True}
        lo.say("@Fixture why does Aktau matter for Baku?", **in_topic)
        lo.wait_for("sendMessage", 1, timeout=120)  # the model loads first
        lo.say("/topics", **in_topic)
        deadline = time.monotonic() + 60  # the answer and the topics, accepted
        while sum(r["status"] == 200 for r in lo.records("sendMessage")) < 2:
            assert time.monotonic() < deadline, lo.records("sendMessage")
            time.sleep(0.2)
    finally:
        bot.send_signal(signal.SIGINT)
        _, stderr = bot.communicate(timeout=60)
    assert bot.returncode == 0, stderr[-2000:]
    calls = lo.records("sendChatAction") + lo.records("sendMessage")
    refused = [r for r in calls if r["status"] != 200]
    assert len(refused) == 1 and "message_thread_id" in refused[0]["fields"], refused  # the first call only
    assert all("message_thread_id" not in r["fields"] for r in calls if r["status"] == 200)
    assert "does not support message_thread_id" in stderr and "Traceback" not in stderr, stderr[-3000:]


def test_a_refused_webhook_names_the_webhook_settings(lo: LoEmulator, tmp_path: Path) -> None:
    """lo-bot-api-emulator, like Telegram, refuses a webhook URL that is plain HTTP: one sentence that points at
    ASKBOT_WEBHOOK_URL, not at the token."""
    port = free_port()
    env = bot_process_env(tmp_path, TOKEN, lo.url + "/bot", ASKBOT_WEBHOOK_URL=f"http://127.0.0.1:{port}/hook",
                          ASKBOT_WEBHOOK_LISTEN="127.0.0.1", ASKBOT_WEBHOOK_PORT=str(port))
    done = subprocess.run([sys.executable, "-m", "askbot.cli", "bot"], env=env, cwd=tmp_path, capture_output=True,
                          text=True, timeout=180)
    assert done.returncode == 2, done.stderr[-2000:]
    [message] = [line for line in done.stderr.splitlines() if line.startswith("askbot:")]
    assert "refused the webhook" in message and "ASKBOT_WEBHOOK_URL" in message and "TOKEN" not in message
    assert "Traceback" not in done.stderr
