"""FakeBotAPI proven against the real python-telegram-bot Application (no mocks)."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dtm
import json
import threading
import time
import urllib.error
import urllib.request
import warnings
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from telegram import BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, EndPointNotFound, Forbidden, RetryAfter
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBDeprecationWarning

try:  # tests/ is on sys.path (rootdir-less test dir); also works if tests/ becomes a package
    from fakebotapi import FakeApiError, FakeBotAPI, UploadedFile, parse_formatting
except ImportError:  # pragma: no cover
    from tests.fakebotapi import FakeApiError, FakeBotAPI, UploadedFile, parse_formatting  # type: ignore[no-redef,import-not-found,unused-ignore]

CHAT = 4242
GROUP = -1001234567890


def _server_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("FakeBotAPI")]


@pytest.fixture
def api() -> Iterator[FakeBotAPI]:
    with FakeBotAPI() as fake:
        yield fake
    assert fake.internal_errors == []
    assert _server_threads() == [], "FakeBotAPI left threads running"


def _seconds(value: int | float | dtm.timedelta) -> float:
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


class EchoBot:
    """A tiny bot exercising every method the fake serves; records what its handlers saw."""

    def __init__(self) -> None:
        self.errors: list[BaseException] = []
        self.retry_afters: list[float] = []

    def register(self, app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        app.add_handler(CommandHandler("start", self.start))
        app.add_handler(CommandHandler("typing", self.typing))
        app.add_handler(CommandHandler("flood", self.flood))
        app.add_handler(CommandHandler("html", self.html))
        app.add_handler(MessageHandler(filters.Document.ALL, self.document))
        app.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE & filters.TEXT, self.edited))
        app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, self.echo))
        app.add_handler(CallbackQueryHandler(self.button))

    async def start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(f"hello from @{context.bot.username}")

    async def echo(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        assert message is not None and message.text is not None
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Again", callback_data="again")]])
        await message.reply_text(f"echo: {message.text}", reply_markup=keyboard, do_quote=True)

    async def button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer("pressed!")
        await query.edit_message_text(f"pressed {query.data}")

    async def typing(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_chat is not None and update.effective_message is not None
        try:
            await context.bot.send_chat_action(update.effective_chat.id, ChatAction.TYPING)
        except BadRequest as exc:
            self.errors.append(exc)
            await update.effective_message.reply_text("chat action failed")
            return
        await update.effective_message.reply_text("typing sent")

    async def flood(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_chat is not None
        for _attempt in range(3):
            try:
                await context.bot.send_message(update.effective_chat.id, "made it through")
                return
            except RetryAfter as exc:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", PTBDeprecationWarning)
                    wait = _seconds(exc.retry_after)
                self.retry_afters.append(wait)
                await asyncio.sleep(wait)

    async def html(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(
            "<b>Quote</b> from <i>the article</i>", parse_mode=ParseMode.HTML
        )
        try:
            await update.effective_message.reply_text("<b>broken", parse_mode=ParseMode.HTML)
        except BadRequest as exc:
            self.errors.append(exc)

    async def document(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        assert message is not None and message.document is not None
        tg_file = await message.document.get_file()
        data = await tg_file.download_as_bytearray()
        await message.reply_text(
            f"{message.document.file_name}: {len(data)} bytes, starts {bytes(data[:4])!r}"
        )

    async def edited(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        assert message is not None
        await context.bot.send_message(message.chat_id, f"you edited to: {message.text}")


def build_app(api: FakeBotAPI) -> Application[Any, Any, Any, Any, Any, Any]:
    return (
        Application.builder().token(api.token).base_url(api.base_url).base_file_url(api.base_file_url).build()
    )


@contextlib.asynccontextmanager
async def running(api: FakeBotAPI, bot: EchoBot | None = None) -> AsyncIterator[EchoBot]:
    bot = bot or EchoBot()
    app = build_app(api)
    bot.register(app)
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0.0, timeout=1)
        try:
            yield bot
        finally:
            await app.updater.stop()
            await app.stop()


async def test_echo_and_bootstrap_calls(api: FakeBotAPI) -> None:
    async with running(api):
        sent = api.send_text(CHAT, "hi there")
        params = await api.await_call("sendMessage")
    assert params["chat_id"] == CHAT
    assert params["text"] == "echo: hi there"
    assert params["reply_parameters"]["message_id"] == sent["message_id"]
    methods = [method for method, _ in api.calls]
    assert methods[:2] == ["getMe", "deleteWebhook"]
    assert "sendMessage" in methods
    shown = api.last_message(CHAT)
    assert shown["text"] == "echo: hi there"
    assert shown["from"]["username"] == "askbot_test_bot"
    assert shown["reply_to_message"]["text"] == "hi there"
    assert shown["reply_markup"] == {"inline_keyboard": [[{"text": "Again", "callback_data": "again"}]]}
    assert "entities" not in shown
    assert api.pending_updates() == []


async def test_command_entities_private_and_group(api: FakeBotAPI) -> None:
    async with running(api):
        private = api.send_text(CHAT, "/start")
        assert private["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
        first = await api.await_call("sendMessage")
        group = api.send_text(GROUP, "/start@askbot_test_bot please, @askbot_test_bot", user_id=7)
        second = await api.await_call("sendMessage")
    assert first["text"] == second["text"] == "hello from @askbot_test_bot"
    assert second["chat_id"] == GROUP
    assert group["chat"]["type"] == "supergroup"
    assert group["from"]["id"] == 7
    assert [e["type"] for e in group["entities"]] == ["bot_command", "mention"]


async def test_button_press_answers_and_edits(api: FakeBotAPI) -> None:
    async with running(api):
        api.send_text(CHAT, "question")
        record = await api.await_record("sendMessage")
        query = api.press_button(record.result, "again")
        answer = await api.await_call("answerCallbackQuery")
        edit = await api.await_call("editMessageText")
    assert answer == {"callback_query_id": query["id"], "text": "pressed!"}
    assert edit["message_id"] == record.result["message_id"]
    (shown,) = api.messages(CHAT)
    assert shown["text"] == "pressed again"
    assert "reply_markup" not in shown  # editMessageText without reply_markup drops the keyboard
    assert "edit_date" in shown
    with pytest.raises(ValueError, match="no button"):
        api.press_button(shown, "again")


async def test_failed_chat_action_is_a_bad_request(api: FakeBotAPI) -> None:
    api.fail_next("sendChatAction", description="Bad Request: chat not found")
    bot = EchoBot()
    async with running(api, bot):
        api.send_text(CHAT, "/typing")
        failed = await api.await_record("sendChatAction")
        reply = await api.await_call("sendMessage")
        api.send_text(CHAT, "/typing")
        succeeded = await api.await_record("sendChatAction")
        second = await api.await_call("sendMessage")
    assert failed.status == 400 and failed.ok is False
    assert failed.params == {"chat_id": CHAT, "action": "typing"}
    assert reply["text"] == "chat action failed"
    assert len(bot.errors) == 1 and isinstance(bot.errors[0], BadRequest)
    assert bot.errors[0].message == "Chat not found"  # PTB's BadRequest capitalises the description
    assert succeeded.ok and second["text"] == "typing sent"


# PTB's own RetryAfter.__init__ reads the deprecated int-valued attribute
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_rate_limit_surfaces_as_retry_after_and_retry_gets_through(api: FakeBotAPI) -> None:
    api.rate_limit_next("sendMessage", retry_after=1)
    bot = EchoBot()
    async with running(api, bot):
        api.send_text(CHAT, "/flood")
        limited = await api.await_record("sendMessage")
        delivered = await api.await_record("sendMessage", ok=True)
    assert limited.status == 429
    assert limited.error == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 1",
        "parameters": {"retry_after": 1},
    }
    assert bot.retry_afters == [1.0]
    assert delivered.params["text"] == "made it through"
    first, second = api.call_times("sendMessage")
    assert second - first >= 1.0
    assert [m["text"] for m in api.messages(CHAT)] == ["made it through"]


async def test_html_parse_mode_entities_and_errors(api: FakeBotAPI) -> None:
    bot = EchoBot()
    async with running(api, bot):
        api.send_text(CHAT, "/html")
        await api.await_call("sendMessage", ok=True)
        await api.await_call("sendMessage", ok=False)
    (shown,) = api.messages(CHAT)
    assert shown["text"] == "Quote from the article"
    assert shown["entities"] == [
        {"type": "bold", "offset": 0, "length": 5},
        {"type": "italic", "offset": 11, "length": 11},
    ]
    assert len(bot.errors) == 1 and isinstance(bot.errors[0], BadRequest)
    assert "parse entities" in bot.errors[0].message


async def test_document_download_via_get_file(api: FakeBotAPI) -> None:
    payload = b"%PDF-1.7 fake article bytes"
    async with running(api):
        api.send_document(CHAT, "article.pdf", payload, "application/pdf", caption="read this")
        get_file = await api.await_record("getFile")
        reply = await api.await_call("sendMessage")
    assert get_file.result["file_path"].endswith(".pdf")
    assert reply["text"] == f"article.pdf: {len(payload)} bytes, starts {b'%PDF'!r}"


async def test_edited_message_update(api: FakeBotAPI) -> None:
    async with running(api):
        original = api.send_text(CHAT, "first")
        await api.await_call("sendMessage")
        edited = api.edit_text(original, "second")
        reply = await api.await_call("sendMessage", lambda p: p["text"].startswith("you edited"))
    assert edited["message_id"] == original["message_id"]
    assert reply["text"] == "you edited to: second"


async def test_bot_methods_without_polling(api: FakeBotAPI) -> None:
    app = build_app(api)
    async with app:
        bot = app.bot
        assert bot.username == "askbot_test_bot"
        assert bot.id == 123456789
        assert bot.can_join_groups is True
        commands = [BotCommand("ask", "Ask about the news"), BotCommand("help", "How to use me")]
        assert await bot.set_my_commands(commands)
        assert await bot.get_my_commands() == tuple(commands)
        assert api.commands() == [c.to_dict() for c in commands]
        assert await bot.get_my_commands(language_code="ru") == ()

        with pytest.raises(EndPointNotFound):
            await bot.do_api_request("definitelyNotAMethod")
        with pytest.raises(BadRequest, match="Message text is empty"):
            await bot.send_message(CHAT, "   ")
        with pytest.raises(BadRequest, match="Button_data_invalid"):
            await bot.send_message(
                CHAT,
                "x",
                reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("b", callback_data="x" * 65)]]),
            )
        message = await bot.send_message(CHAT, "same")
        with pytest.raises(BadRequest, match="Message is not modified"):
            await bot.edit_message_text("same", chat_id=CHAT, message_id=message.message_id)
        with pytest.raises(BadRequest, match="Query is too old"):
            await bot.answer_callback_query("12345")

        api.block_chat(CHAT)
        with pytest.raises(Forbidden, match="blocked"):
            await bot.send_message(CHAT, "hello?")
        api.unblock_chat(CHAT)
        assert await bot.delete_message(CHAT, message.message_id)
        assert api.messages(CHAT) == []
        assert await bot.close()
        assert await bot.log_out()
    assert ("definitelyNotAMethod", {}) in api.calls


async def test_multipart_upload_reaches_a_custom_handler(api: FakeBotAPI) -> None:
    def send_document(params: dict[str, Any]) -> dict[str, Any]:
        upload = params["document"]
        assert isinstance(upload, UploadedFile)
        document = {
            "file_id": api.register_file(upload.data),
            "file_unique_id": "u1",
            "file_name": upload.filename,
        }
        return api.add_bot_message(params["chat_id"], document=document, caption=params["caption"])

    api.set_method_handler("sendDocument", send_document)
    app = build_app(api)
    async with app:
        sent = await app.bot.send_document(
            CHAT, b"line1\r\n--not-a-boundary\x00\xff", filename="a.txt", caption="123"
        )
    params = api.wait_for("sendDocument")
    assert params["chat_id"] == CHAT and params["caption"] == "123"
    assert params["document"].data == b"line1\r\n--not-a-boundary\x00\xff"
    assert params["document"].filename == "a.txt"
    assert sent.document is not None and sent.document.file_name == "a.txt"
    assert api.last_message(CHAT)["caption"] == "123"


def _post(url: str, body: bytes, content_type: str) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(url, data=body, headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_raw_http_shapes(api: FakeBotAPI) -> None:
    url = f"{api.base_url}{api.token}"
    status, body = _post(
        f"{url}/sendMessage", json.dumps({"chat_id": 5, "text": "123"}).encode(), "application/json"
    )
    assert status == 200 and body["ok"] is True
    assert body["result"]["text"] == "123" and body["result"]["chat"] == {
        "id": 5,
        "type": "private",
        "first_name": "User5",
        "username": "user5",
    }
    status, body = _post(f"{url}/sendMessage", b"chat_id=5&text=123", "application/x-www-form-urlencoded")
    assert status == 200 and body["result"]["text"] == "123"  # text stays a string
    assert body["result"]["message_id"] == 2
    status, body = _post(f"{url}/nope", b"", "application/json")
    assert (status, body) == (
        404,
        {"ok": False, "error_code": 404, "description": "Not Found: method not found"},
    )
    status, body = _post(f"{api.base_url}123:wrong/getMe", b"", "application/json")
    assert status == 401 and body["ok"] is False
    api.fail_next("getMe", 403, times=2)
    assert _post(f"{url}/getMe", b"", "application/json")[0] == 403
    assert _post(f"{url}/getMe", b"", "application/json")[0] == 403
    assert _post(f"{url}/getMe", b"", "application/json")[0] == 200


def test_get_updates_offset_and_long_poll(api: FakeBotAPI) -> None:
    url = f"{api.base_url}{api.token}/getUpdates"
    first = api.send_text(CHAT, "one")
    api.send_text(CHAT, "two")
    status, body = _post(url, b"timeout=0", "application/x-www-form-urlencoded")
    updates = body["result"]
    assert status == 200 and [u["message"]["text"] for u in updates] == ["one", "two"]
    assert updates[0]["message"] == first
    offset = updates[-1]["update_id"] + 1
    results: list[Any] = []

    def poll() -> None:
        results.append(_post(url, f"offset={offset}&timeout=5".encode(), "application/x-www-form-urlencoded"))

    started = time.monotonic()
    poller = threading.Thread(target=poll)
    poller.start()
    time.sleep(0.2)
    api.send_text(CHAT, "three")
    poller.join(timeout=5)
    assert time.monotonic() - started < 2
    assert [u["message"]["text"] for u in results[0][1]["result"]] == ["three"]
    assert api.wait_for("getUpdates", lambda p: p.get("offset") == offset)["timeout"] == 5


def test_stop_releases_a_pending_long_poll(api: FakeBotAPI) -> None:
    url = f"{api.base_url}{api.token}/getUpdates"
    results: list[Any] = []
    poller = threading.Thread(
        target=lambda: results.append(_post(url, b'{"timeout": 30}', "application/json")), daemon=True
    )
    poller.start()
    time.sleep(0.2)
    started = time.monotonic()
    api.stop()
    poller.join(timeout=5)
    assert time.monotonic() - started < 2
    assert results == [(200, {"ok": True, "result": []})]
    assert _server_threads() == []


def test_wait_for_times_out_with_context(api: FakeBotAPI) -> None:
    with pytest.raises(TimeoutError, match="sendMessage"):
        api.wait_for("sendMessage", timeout=0.1)


def test_formatting_parsers() -> None:
    assert parse_formatting("*bold* and \\. [link](https://example.com)", "MarkdownV2") == (
        "bold and . link",
        [
            {"type": "bold", "offset": 0, "length": 4},
            {"type": "text_link", "offset": 11, "length": 4, "url": "https://example.com"},
        ],
    )
    with pytest.raises(FakeApiError, match=r"Character '\.' is reserved"):
        parse_formatting("end.", "MarkdownV2")
    # offsets are UTF-16 code units: the emoji counts twice
    assert parse_formatting("😀 <code>x &lt; y</code>", "HTML") == (
        "😀 x < y",
        [{"type": "code", "offset": 3, "length": 5}],
    )
    with pytest.raises(FakeApiError, match="Unsupported start tag"):
        parse_formatting("a <div>b</div>", "HTML")
