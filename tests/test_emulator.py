"""`askbot bot` against a third-party Bot API emulator: telegram-test-api (npm), not our own fake.

The emulator answers like Telegram only roughly (getMe without is_bot, sendMessage echoing the request with
a date in milliseconds, no sendChatAction or setMyCommands, edits answered with null), which is the point:
the bot must work with servers that are not Telegram, and say nothing wrong to the user when they differ.
`./dev test` installs the emulator with npm (tests/emulator/package-lock.json); without Node.js the test is
skipped and says so.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from conftest import bot_process_env

EMULATOR = Path(__file__).resolve().parent / "emulator"
TOKEN = "123456:EmulatorToken"
USER = {"id": 4242, "first_name": "Ann", "username": "ann", "is_bot": False, "language_code": "en"}
CHAT = {"id": 4242, "first_name": "Ann", "username": "ann", "type": "private"}

pytestmark = pytest.mark.skipif(
    shutil.which("node") is None or not (EMULATOR / "node_modules" / "telegram-test-api").is_dir(),
    reason="telegram-test-api is not installed: `./dev test` installs it with npm (needs Node.js)",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Emulator:
    url: str

    def say(self, text: str, *, command: bool = False, chat: dict = CHAT) -> None:
        message = {"botToken": TOKEN, "from": USER, "chat": chat, "date": int(time.time()), "text": text}
        if command:
            message["entities"] = [{"offset": 0, "length": len(text.split()[0]), "type": "bot_command"}]
        httpx.post(f"{self.url}/{'sendCommand' if command else 'sendMessage'}", json=message).raise_for_status()

    def press(self, data: str, message_id: int) -> None:
        query = {"botToken": TOKEN, "from": USER, "data": data, "date": int(time.time()),
                 "message": {"message_id": message_id, "chat": CHAT, "date": int(time.time())}}
        httpx.post(f"{self.url}/sendCallback", json=query).raise_for_status()

    def replies(self, count: int = 1, timeout: float = 60, chat: dict = CHAT) -> list[dict]:
        """The next `count` messages the bot sent to `chat` (the emulator's stored requests)."""
        got: list[dict] = []
        deadline = time.monotonic() + timeout
        while len(got) < count and time.monotonic() < deadline:
            answer = httpx.post(f"{self.url}/getUpdates", json={"token": TOKEN, "chatId": chat["id"]}).json()
            got += [{**item["message"], "message_id": item["messageId"]} for item in answer["result"]]
            time.sleep(0.1)
        assert len(got) >= count, f"the bot sent {len(got)} of {count} messages within {timeout} s"
        return got

    def press_more(self, answer: dict, timeout: float = 30) -> None:
        """Press the answer's More button and wait until the answer holds its second passage."""
        [[more]] = answer["reply_markup"]["inline_keyboard"]
        self.press(more["callback_data"], answer["message_id"])
        deadline = time.monotonic() + timeout
        while self.stored(answer["message_id"])["text"].count("<blockquote>") < 2:
            assert time.monotonic() < deadline, "More did not edit the answer"
            time.sleep(0.2)

    def stored(self, message_id: int) -> dict:
        """A bot message as it stands now (edits applied)."""
        history = httpx.post(f"{self.url}/getUpdatesHistory", json={"token": TOKEN}).json()["result"]
        return next(item for item in history if item.get("messageId") == message_id)["message"]


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    port = free_port()
    server = subprocess.Popen(["node", "server.js", str(port)], cwd=EMULATOR, stdout=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline() if server.stdout else ""
        assert line.startswith("listening"), line
        yield Emulator(f"http://127.0.0.1:{port}")
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def bot_process(emulator: Emulator, tmp_path: Path) -> Iterator[subprocess.Popen]:
    env = bot_process_env(tmp_path, TOKEN, emulator.url)
    process = subprocess.Popen([sys.executable, "-m", "askbot.cli", "bot"], env=env, cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    yield process
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
    process.communicate(timeout=60)


def test_a_conversation_through_telegram_test_api(emulator: Emulator, bot_process: subprocess.Popen) -> None:
    emulator.say("/start", command=True)
    [start] = emulator.replies(timeout=120)  # the model loads first
    assert start["text"].startswith("Hi! I answer questions about news articles")
    assert start["reply_markup"]["inline_keyboard"], "example questions as buttons"

    emulator.say("why Aktau matters for Baku")
    [answer] = emulator.replies()
    assert "мультипликативный эффект для Азербайджана" in answer["text"]
    assert answer["text"].count("<blockquote>") == 1 and answer["parse_mode"] == "HTML"
    [[_more]] = answer["reply_markup"]["inline_keyboard"]

    emulator.press_more(answer)

    emulator.say("привет")
    [greeting] = emulator.replies()
    assert greeting["text"].startswith("Привет!")

    emulator.say("What's the weather in Paris tomorrow?")
    [refusal] = emulator.replies()
    assert refusal["text"].startswith("I could not find anything in the articles")

    group = {"id": -1001, "title": "Readers", "type": "supergroup"}
    emulator.say("why Aktau matters for Baku", chat=group)  # group chatter without a mention: ignored
    emulator.say("@TestNameBot why Aktau matters for Baku", chat=group)
    [in_group] = emulator.replies(chat=group)
    assert "мультипликативный эффект для Азербайджана" in in_group["text"]
    assert json.loads(in_group["reply_parameters"])["message_id"], "in a group the answer quotes the question"

    time.sleep(1.0)  # nothing else may follow: an apology would mean a reply failed on the bot's side
    for chat in (CHAT, group):
        leftover = httpx.post(f"{emulator.url}/getUpdates", json={"token": TOKEN, "chatId": chat["id"]}).json()
        assert leftover["result"] == []
    bot_process.send_signal(signal.SIGINT)
    _, err = bot_process.communicate(timeout=60)
    assert bot_process.returncode == 0, err[-3000:]
    assert "Traceback" not in err and "failed" not in err.replace("typing indicator failed", ""), err[-3000:]
    assert TOKEN not in err


def test_help_names_the_bot_the_emulator_says_it_is(emulator: Emulator, tmp_path: Path) -> None:
    """The bot's username comes from the emulator's getMe (which lacks is_bot); the server URL is given the
    other accepted way, ending in /bot."""
    env = bot_process_env(tmp_path, TOKEN, emulator.url + "/bot")
    process = subprocess.Popen([sys.executable, "-m", "askbot.cli", "bot"], env=env, cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        emulator.say("/help", command=True)
        [help_] = emulator.replies(timeout=120)
        assert "@TestNameBot" in help_["text"]
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
    assert process.returncode == 0 and "Traceback" not in err, err[-3000:]


@dataclass
class WebhookBot:
    log: list[str]  # its log lines as they come
    process: subprocess.Popen
    url: str


@contextlib.contextmanager
def webhook_bot(emulator: Emulator, tmp_path: Path, path: str = "/askbot-hook",
                **settings: str) -> Iterator[WebhookBot]:
    """`askbot bot` in webhook mode behind the emulator, started."""
    port = free_port()
    url = f"http://127.0.0.1:{port}{path}"
    env = bot_process_env(tmp_path, TOKEN, emulator.url, ASKBOT_WEBHOOK_URL=url, ASKBOT_WEBHOOK_LISTEN="127.0.0.1",
                          ASKBOT_WEBHOOK_PORT=str(port), **settings)
    process = subprocess.Popen([sys.executable, "-m", "askbot.cli", "bot"], env=env, cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    log: list[str] = []
    reader = threading.Thread(target=lambda: log.extend(iter(process.stderr.readline, "")), daemon=True)
    reader.start()
    try:
        # The emulator posts an update at once, or keeps it for polling when no webhook is set yet: wait
        # until the bot has registered its webhook and started ("Application started").
        deadline = time.monotonic() + 120
        while not any("Application started" in line for line in log):
            assert process.poll() is None and time.monotonic() < deadline, "".join(log)[-3000:]
            time.sleep(0.2)
        yield WebhookBot(log, process, url)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
        process.wait(timeout=60)
        reader.join(timeout=10)
    err = "".join(log)
    assert process.returncode == 0 and "Traceback" not in err, err[-3000:]


def test_webhook_mode_through_the_emulator(emulator: Emulator, tmp_path: Path) -> None:
    """Webhook mode: the emulator posts updates to the bot's own HTTP server. It cannot send Telegram's
    secret header, hence ASKBOT_WEBHOOK_SECRET=off (for test servers only)."""
    with webhook_bot(emulator, tmp_path, ASKBOT_WEBHOOK_SECRET="off"):
        emulator.say("why Aktau matters for Baku")
        [answer] = emulator.replies()
        assert "мультипликативный эффект для Азербайджана" in answer["text"]


def test_webhook_updates_are_read_leniently(emulator: Emulator, tmp_path: Path) -> None:
    """The emulator's callback has no chat_instance: python-telegram-bot's own webhook answered 400 and the
    emulator's node process exited. Now More works in webhook mode, and a body that is no JSON or no update is
    refused or skipped with one warning, without stopping the bot."""
    # a path with a regular expression's characters and a query string: routed by its path, taken literally
    with webhook_bot(emulator, tmp_path, path="/tg+hook(1)?src=tg", ASKBOT_WEBHOOK_SECRET="off") as bot:
        emulator.say("why Aktau matters for Baku")
        [answer] = emulator.replies()
        emulator.press_more(answer)
        hook = bot.url
        assert httpx.post(hook, content=b"\xff not json").status_code == 400
        assert httpx.post(hook, content=b"[" * 100_000 + b"]" * 100_000).status_code == 400  # no RecursionError
        assert httpx.post(hook, json={"no": "update"}).status_code == 200  # skipped: re-posting would not help
        date_ms = int(time.time() * 1000)  # a date in milliseconds, a sender without is_bot, a chat without type
        update = {"update_id": 99, "message": {"message_id": 5, "date": date_ms, "text": "привет",
                                               "from": {"id": 4242, "first_name": "Ann"}, "chat": {"id": 4242}}}
        assert httpx.post(hook, json=update).status_code == 200
        [greeting] = emulator.replies()
        assert greeting["text"].startswith("Привет")
        assert any("was not a JSON update" in line for line in bot.log)
        assert any("without a numeric update_id" in line for line in bot.log)


def test_a_webhook_bot_stops_while_updates_keep_coming(emulator: Emulator, tmp_path: Path) -> None:
    """Telegram delivers over kept-alive connections. An update taken in after the Application's last one would
    never be handled, and stopping waited for it forever (only SIGKILL ended the bot): once stopping, the
    endpoint answers 503 (the server keeps the update) and closes its connections."""
    with webhook_bot(emulator, tmp_path, ASKBOT_WEBHOOK_SECRET="off") as bot, httpx.Client() as client:
        def update(n: int) -> dict:
            message = {"message_id": 500 + n, "date": int(time.time()), "text": "why Aktau matters for Baku",
                       "from": USER, "chat": CHAT}
            return {"update_id": 1000 + n, "message": message}

        assert [client.post(bot.url, json=update(n)).status_code for n in range(3)] == [200, 200, 200]
        bot.process.send_signal(signal.SIGTERM)
        codes = []
        for n in range(3, 40):  # on the same connection, as long as the bot takes them
            try:
                codes.append(client.post(bot.url, json=update(n)).status_code)
            except httpx.TransportError:
                break
            time.sleep(0.02)
        assert bot.process.wait(timeout=30) == 0
        assert set(codes) <= {200, 503}, codes


def test_a_webhook_without_the_secret_says_what_to_do(emulator: Emulator, tmp_path: Path) -> None:
    """With the default secret, an emulator's updates are refused (403): the log says so, and what to set,
    instead of a bot that silently hears nothing (python-telegram-bot logs this only at debug level). This
    emulator gives up on a refused update (its node process exits), so nothing more is asked of it."""
    with webhook_bot(emulator, tmp_path) as bot:
        log = bot.log
        emulator.say("why Aktau matters for Baku")
        deadline = time.monotonic() + 30
        while not any("ASKBOT_WEBHOOK_SECRET=off" in line for line in log):
            assert time.monotonic() < deadline, "".join(log)[-3000:]
            time.sleep(0.2)
        [refusal] = [line for line in log if "ASKBOT_WEBHOOK_SECRET=off" in line]
        assert "WARNING" in refusal and "did not include the secret token" in refusal
