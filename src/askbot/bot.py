"""The Telegram face: thin handlers that parse an update, call the core off the event loop, render.

Everything the bot says comes from `askbot.views.Presenter`, the same object `askbot chat` prints.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import html
import logging
import mimetypes
import os
import re
import secrets
import signal
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import httpx
from telegram import (
    BotCommand,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    MessageEntity,
    Update,
    User,
)
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from askbot.articles import ARTICLE_SUFFIXES, within_bytes
from askbot.config import Settings
from askbot.engine import Engine, unwritable_reason, update_refusal
from askbot.errors import AskbotError
from askbot.lenient import LenientRequest, Recent, TokenRejected, not_a_bot
from askbot.views import (
    MESSAGE_LIMIT,
    URL_ONLY,
    Presenter,
    Reply,
    pick_language,
    plain_text,
    shown_units,
    split_html,
    t,
)
from askbot.webhook import run_webhook

log = logging.getLogger("askbot.bot")
T = TypeVar("T")
SEND_ATTEMPTS = 4  # tries of a Bot API call that fails on the way or on the server's side (a 5xx)
RETRY_PAUSE = 1.0  # seconds before its second try, doubled before each next one
RETRY_PAUSE_MAX = 8.0
RATE_LIMIT_RETRIES = 10  # 429s waited out per request before it fails
EMPTY_POLL_PAUSE = 0.2  # seconds between polls of a server that does not hold empty polls open (emulators)
STOP_GRACE = 10.0  # seconds a stopping bot still answers the updates waiting for their chat
DOUBLE_TAP = 3.0  # seconds within which a second press of the same button (More, a topic) is the same request
# words up to which a question in reply to someone's message is about that message ("@bot is this true?")
REPLY_CONTEXT_WORDS = 6
REPLIED_CHARS = 600  # of the message replied to, with the question: well inside the 1000 a question may have
CONNECT_ATTEMPTS = 8  # getMe at start, a second apart, while the server refuses connections (not started yet)
MAX_UPLOAD_NAME_BYTES = 200  # of the name an upload is saved under; a file name may have 255
MAX_SUFFIX_CHARS = 10  # ".markdown" and the like; a longer "suffix" is part of the name
MIN_PART_UNITS = 256  # the shortest messages a reply refused as too long even as plain text is cut into
TYPING_WAIT = 1.0  # seconds an answer waits for its typing indicator to go out (so it does not come after)
# The update kinds the handlers read. Asking for no others (Update.ALL_TYPES) keeps the bot working with Bot API
# servers that refuse kinds newer than they know ("Invalid allowed_updates"), and Telegram sends nothing unused.
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]

COMMANDS = {
    "en": [("start", "What I know and example questions"), ("help", "How to ask, also in groups"),
           ("ask", "Ask a question (in groups)"), ("topics", "Questions the interview covers"),
           ("sources", "The articles I know")],
    "ru": [("start", "Что я знаю и примеры вопросов"), ("help", "Как спрашивать, в том числе в группах"),
           ("ask", "Задать вопрос (в группах)"), ("topics", "Вопросы интервью"), ("sources", "Статьи, которые я знаю")],
    "uk": [("start", "Що я знаю і приклади запитань"), ("help", "Як питати, зокрема в групах"),
           ("ask", "Поставити запитання (у групах)"), ("topics", "Запитання інтерв’ю"),
           ("sources", "Статті, які я знаю")],
    "kk": [("start", "Не білетінім және сұрақ үлгілері"), ("help", "Қалай сұрау керек, топтарда да"),
           ("ask", "Сұрақ қою (топтарда)"), ("topics", "Сұхбаттағы сұрақтар"), ("sources", "Мен білетін мақалалар")],
    "de": [("start", "Was ich weiß, und Beispielfragen"), ("help", "Wie man fragt, auch in Gruppen"),
           ("ask", "Eine Frage stellen (in Gruppen)"), ("topics", "Die Fragen des Interviews"),
           ("sources", "Die Artikel, die ich kenne")],
    "tr": [("start", "Bildiklerim ve örnek sorular"), ("help", "Nasıl sorulur, gruplarda da"),
           ("ask", "Soru sor (gruplarda)"), ("topics", "Röportajdaki sorular"), ("sources", "Bildiğim makaleler")],
    "az": [("start", "Bildiklərim və nümunə suallar"), ("help", "Necə soruşmalı, qruplarda da"),
           ("ask", "Sual ver (qruplarda)"), ("topics", "Müsahibədəki suallar"), ("sources", "Bildiyim məqalələr")],
}


class MessageRateLimiter(AIORateLimiter):
    """python-telegram-bot's rate limiter, for messages only. Telegram's limits (about 20 messages a minute in
    a group) are about messages; counting typing indicators too halved what a busy group got answered. An
    indicator that Telegram refuses is logged and forgotten (`typing`).

    A 429 is waited out by the request it refused, `retries` times. python-telegram-bot's limiter waits it
    out by holding every request of every chat: one group over its 20 a minute (a retry_after of 30 s or
    more) kept every private chat waiting too. A 429 from the bot's overall limit refuses the other chats'
    messages as well, and each of them waits in turn. Once the bot is stopping, a wait that would outlast
    STOP_GRACE is given up: a retry_after of minutes kept the process from exiting for as long."""

    def __init__(self, retries: int = RATE_LIMIT_RETRIES) -> None:
        super().__init__(max_retries=0)  # the library's own retries are the ones that hold every chat
        self.retries = retries
        self.running: Callable[[], bool] = lambda: True  # the Application's `running`, set once it is built
        self._stopping_since: float | None = None

    async def wait_out(self, seconds: float, what: str) -> None:
        """Sleep `seconds`, unless the bot is not running (stops meanwhile, or has not started yet: the command menu
        is registered before) and the wait would go past STOP_GRACE from when that was first seen."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            if not self.running():
                self._stopping_since = self._stopping_since or time.monotonic()
                if deadline > self._stopping_since + STOP_GRACE:
                    raise TelegramError(f"not running (starting or stopping): {what} given up, flood control "
                                        f"would hold it {left:.0f} s more")
            await asyncio.sleep(min(left, 0.25))

    async def process_request(self, callback: Callable[..., Any], args: Any, kwargs: dict[str, Any], endpoint: str,
                              data: dict[str, Any], rate_limit_args: int | None) -> Any:
        if self.running():  # a grace counted while starting is over: stopping gets its own STOP_GRACE
            self._stopping_since = None
        if endpoint == "sendChatAction":
            return await callback(*args, **kwargs)

        async def patiently(*call_args: Any, **call_kwargs: Any) -> Any:
            for attempt in range(self.retries + 1):
                try:
                    return await callback(*call_args, **call_kwargs)
                except RetryAfter as exc:
                    if attempt == self.retries:  # not a RetryAfter: the library would log it as its own retries
                        raise TelegramError(f"still refused by flood control after {self.retries} retries "
                                            f"({exc})") from None
                    wait = exc._retry_after.total_seconds() + 0.1  # as the library reads it, without its warning
                    what = f"{endpoint} in chat {data.get('chat_id')}"
                    log.info("%s: flood control, retrying in %.1f s", what, wait)
                    await self.wait_out(wait, what)
            raise AssertionError("unreachable")

        return await super().process_request(patiently, args, kwargs, endpoint, data, rate_limit_args)


class InOrderPerChat(BaseUpdateProcessor):
    """The updates of one chat are handled one after another, in the order they came; chats run side by side.

    With python-telegram-bot's plain concurrent updates, a /help sent right after a question was answered
    first (the question takes longer), and in a private chat, where answers are not quoted, the reader could
    not tell which reply belonged to what.

    Updates waiting for their chat hold one of the library's concurrency slots, so there are enough slots that
    a flood in one chat never holds up another (the work itself is bounded by the worker pool). Once the bot is
    stopping, updates still waiting after STOP_GRACE seconds are dropped: a flooded group throttled to 20
    replies a minute would otherwise keep the process alive for many minutes."""

    def __init__(self, running: Callable[[], bool] = lambda: True) -> None:
        super().__init__(max_concurrent_updates=100_000)
        self.running = running  # the Application's `running`, set once it is built
        self._chats: dict[int, tuple[asyncio.Lock, int]] = {}  # chat id -> (its lock, updates holding or awaiting it)
        self._stopping_since: float | None = None

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await coroutine
            return
        lock, users = self._chats.get(chat.id, (asyncio.Lock(), 0))
        self._chats[chat.id] = (lock, users + 1)
        try:
            async with lock:  # asyncio.Lock wakes its waiters first come, first served
                if self._too_late():
                    log.warning("stopping: update %s of chat %s dropped unanswered", update.update_id, chat.id)
                    if asyncio.iscoroutine(coroutine):
                        coroutine.close()
                    return
                await coroutine
        finally:
            lock, users = self._chats[chat.id]
            if users == 1:
                del self._chats[chat.id]
            else:
                self._chats[chat.id] = (lock, users - 1)

    def _too_late(self) -> bool:
        if self.running():
            return False
        self._stopping_since = self._stopping_since or time.monotonic()
        return time.monotonic() - self._stopping_since > STOP_GRACE

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""


class BotCore:
    """What the handlers share: the engine, the presenter, a worker pool and the settings."""

    def __init__(self, settings: Settings, engine: Engine, workers: int = 4) -> None:
        self.settings = settings
        self.engine = engine
        self.presenter = Presenter(engine)
        self.executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="askbot-worker")
        self.reindex_lock = asyncio.Lock()
        self.seen_updates = Recent()
        # (chat, message) the bot wrote (answers, a topic's or More's new messages): a reply to one is known for a
        # reply to the bot even when the server does not say who wrote the replied-to message (test servers make up
        # a random sender)
        self.sent_messages = Recent()
        self.button_presses: dict[Hashable, float] = {}  # (chat, message, data) -> when last handled
        self.albums = Recent()  # (chat, media_group_id) of the albums already replied to: one reply per album

    def first_of_album(self, message: Message) -> bool:
        """Whether `message` is the first item of its album (Telegram sends an album of photos or files as one
        message per item, with a shared `media_group_id`) to be replied to; True for a message in no album. An
        album of ten photos got ten hints, and ten files from someone who may not add articles ten refusals."""
        if not message.media_group_id:
            return True
        key = (message.chat_id, message.media_group_id)
        if key in self.albums:
            return False
        self.albums.add(key)
        return True

    def is_double_tap(self, key: Hashable, now: float) -> bool:
        """The same button of the same message pressed again within DOUBLE_TAP seconds: one answer is enough."""
        for old in [k for k, at in self.button_presses.items() if now - at > DOUBLE_TAP]:
            del self.button_presses[old]
        if key in self.button_presses:
            return True
        self.button_presses[key] = now
        return False

    def is_this_bot(self, user: User | None, bot_id: int, username: str | None) -> bool:
        """`user` is the bot itself: by the id getMe gave, by the id its token starts with (an emulator's getMe may
        give another: telegram-test-api says 666), or, for a bot account, by its username, which is unique."""
        if user is None:
            return False
        token_id = (self.settings.telegram_token or "").split(":", 1)[0]  # a token starts with the bot's id
        if user.id == bot_id or str(user.id) == token_id:
            return True
        return bool(user.is_bot and username and user.username and user.username.lower() == username.lower())

    def is_reply_to_bot(self, message: Message, bot_id: int) -> bool:
        replied = message.reply_to_message
        if replied is None:
            return False
        if (message.chat_id, replied.message_id) in self.sent_messages:
            return True
        token_id = (self.settings.telegram_token or "").split(":", 1)[0]  # a token starts with the bot's id
        sender = replied.from_user
        return sender is not None and (sender.id == bot_id or str(sender.id) == token_id)

    async def run(self, func: Callable[..., T], *args: Any) -> T:
        """Blocking work (embedding, search, indexing) in the worker pool, never on the event loop."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.executor, functools.partial(func, *args))

    def is_admin(self, update: Update) -> bool:
        user = update.effective_user
        return user is not None and user.id in self.settings.admin_ids


def core_of(context: ContextTypes.DEFAULT_TYPE) -> BotCore:
    return context.application.bot_data["core"]


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(b.label, callback_data=b.data)] for b in reply.buttons])


async def with_retries(call: Callable[[], Awaitable[T]], what: str, *, repeatable: bool = True,
                       attempts: int = SEND_ATTEMPTS) -> T | None:
    """Retry transient errors: no connection, a timeout, the server's own error (a 5xx such as "Bad Gateway",
    which python-telegram-bot raises as a plain NetworkError); a rejected request (400/403) is not retried. 429s
    never get here: the application's rate limiter waits them out for every Bot API call.

    A failed try is a DEBUG line, a call that went through after failing an INFO line. The last failure is raised
    with a note of the tries ("sendMessage: 4 attempts"), for the one ERROR line `on_error` writes: every try was
    a WARNING before, seven lines for one answer and its apology.

    A request that was sent but not answered in time (a read timeout) may have been carried out: a message
    sent again would arrive twice. Unless `repeatable`, it is logged and given up (None)."""
    failed: NetworkError | None = None
    for attempt in range(1, attempts + 1):
        try:
            result = await call()
        except (BadRequest, Forbidden, InvalidToken, ChatMigrated):
            raise
        except NetworkError as exc:
            if not repeatable and isinstance(exc, TimedOut) and isinstance(exc.__cause__, httpx.ReadTimeout):
                log.warning("%s: no answer in time; not sent again, since it may have arrived", what)
                return None
            if attempt == attempts:
                exc.add_note(f"{what}: {attempt} attempt{'s' if attempt > 1 else ''}")
                raise
            failed, pause = exc, min(RETRY_PAUSE * 2 ** (attempt - 1), RETRY_PAUSE_MAX)
            log.debug("%s: attempt %d of %d failed (%s: %.300s); trying again in %.1f s", what, attempt, attempts,
                      type(exc).__name__, exc, pause)
            await asyncio.sleep(pause)
        else:
            if failed is not None:
                log.info("%s went through at attempt %d of %d (before: %s: %.300s)", what, attempt, attempts,
                         type(failed).__name__, failed)
            return result
    raise AssertionError("unreachable")


def rendered(reply: Reply, *, edit: bool = False, plain: bool = False) -> dict[str, Any]:
    """How every reply goes out, sent or edited: HTML, its buttons, no link previews. An edit without buttons
    says so with an empty keyboard: Telegram drops the old one when none is given, but not every server does.
    `plain`: the same words without markup, for a server that cannot parse it."""
    markup = keyboard(reply)
    text, mode = (plain_text(reply.html), None) if plain else (reply.html, ParseMode.HTML)
    sent = {"text": text, "parse_mode": mode, "reply_markup": markup,
            "link_preview_options": LinkPreviewOptions(is_disabled=True)}
    if edit and markup is None:  # python-telegram-bot would leave an empty InlineKeyboardMarkup out
        sent["api_kwargs"] = {"reply_markup": {"inline_keyboard": []}}
    return sent


def parts_of(reply: Reply) -> list[Reply]:
    """A reply as the messages it goes out as: one, or, longer than Telegram's limit (a whole interview answer
    quoted, a passage full of "&" and "<" in a message that also has its header), several (`split_html`),
    the buttons under the last, which is the one More's edit changes."""
    pieces = split_html(reply.html)
    return [replace(reply, html=piece, buttons=reply.buttons if n == len(pieces) - 1 else ())
            for n, piece in enumerate(pieces)]


async def send(message: Message, reply: Reply, *, quote: bool = False, plain: bool = False,
               attempts: int = SEND_ATTEMPTS) -> Message | None:
    """`send_parts`; the last message sent (the one with the buttons), if it is known."""
    sent = await send_parts(message, reply, quote=quote, plain=plain, attempts=attempts)
    return sent[-1] if sent else None


async def send_parts(message: Message, reply: Reply, *, quote: bool = False, plain: bool = False,
                     attempts: int = SEND_ATTEMPTS) -> list[Message]:
    """The reply in as many messages as it takes (`parts_of`), in order; in a group the first quotes the question.
    The messages sent, as far as the server said. `attempts`: tries of each (`with_retries`)."""
    sent = []
    for n, part in enumerate(parts_of(reply)):
        sent += await send_one(message, part, quote=quote and n == 0, plain=plain, attempts=attempts)
    return sent


def refusal(exc: Exception) -> str:
    """A Bot API refusal as words to match: lower case, and an error Telegram passes on by its raw name
    ("Bad Request: TOPIC_DELETED", "MESSAGE_TOO_LONG", "MESSAGE_NOT_MODIFIED", as Telegram itself, a self-hosted
    server or an emulator may word it) in words, as the Bot API's own descriptions are. Matched as words only,
    "TOPIC_DELETED" was an ERROR and an apology into the deleted topic, not the answer outside it."""
    return str(exc).lower().replace("_", " ")


# The question's forum topic is gone: deleted, or the group's topics turned off
TOPIC_GONE = re.compile(r"thread not found|topic deleted|topic id invalid|message thread invalid")
# The question quoted is gone: "message to be replied not found", "REPLY_MESSAGE_ID_INVALID"
QUOTE_GONE = re.compile(r"(?:replied|reply message|reply to)\b.*(?:not found|invalid)")


async def send_one(message: Message, reply: Reply, *, quote: bool = False, plain: bool = False,
                   in_topic: bool = True, attempts: int = SEND_ATTEMPTS) -> list[Message]:
    """Reply in the message's chat; quoted (groups), but sent anyway if the question was deleted meanwhile.
    A group that became a supergroup meanwhile gets the reply at its new id.

    Two refusals still let the answer through: a server that ignores allow_sending_without_reply refuses a
    quote of a deleted question (sent unquoted), and one that cannot parse the HTML (an emulator that does
    not know <blockquote>) gets the same words as plain text. So does one that calls a reply "too long" when
    its text is not (it counts the markup; Telegram counts only the text `fit` keeps within the limit).
    Either way the user sees the answer, not the apology. So does a question whose forum topic Telegram no longer
    knows ("message thread not found": the topic deleted, or the group's topics turned off): the answer goes
    to the chat without the topic (`in_topic`), quoting the question where there is one. A server whose limit is
    below Telegram's (one that counts UTF-8 bytes: a Russian answer of 2,500 letters is 5,000) refuses even the
    plain text as too long: the words go out in shorter messages (`shorter_parts`), not as the apology.

    The messages sent, as far as the server said: one, or the parts a refused reply was split into."""
    topic = {} if in_topic else {"message_thread_id": None}  # python-telegram-bot's default: the message's topic
    try:
        sent = await with_retries(lambda: message.reply_text(**rendered(reply, plain=plain), do_quote=quote,
                                                             allow_sending_without_reply=True, **topic),
                                  "sendMessage", repeatable=False, attempts=attempts)
    except ChatMigrated as exc:
        new_chat = exc.new_chat_id
        log.info("chat %s is now %s; replying there", message.chat_id, new_chat)
        sent = await with_retries(lambda: message.get_bot().send_message(new_chat, **rendered(reply, plain=plain)),
                                  "sendMessage", repeatable=False, attempts=attempts)
    except BadRequest as exc:
        problem = refusal(exc)
        if in_topic and TOPIC_GONE.search(problem) and message.is_topic_message:
            log.info("the topic of the question in chat %s is gone (%s); replying outside it", message.chat_id, exc)
            return await send_one(message, reply, quote=quote, plain=plain, in_topic=False, attempts=attempts)
        if quote and QUOTE_GONE.search(problem):  # "message to be replied not found"
            log.info("the question in chat %s is gone (%s); replying without quoting it", message.chat_id, exc)
            return await send_one(message, reply, plain=plain, in_topic=in_topic, attempts=attempts)
        if not plain and ("entit" in problem or "too long" in problem):  # "can't parse entities", "ENTITY_BOUNDS_…"
            log.warning("the Bot API server refused the reply's HTML (%s); sending it as plain text", exc)
            return await send_one(message, reply, quote=quote, plain=True, in_topic=in_topic, attempts=attempts)
        if plain and "too long" in problem and (parts := shorter_parts(reply)):
            log.warning("the Bot API server refused the reply as too long even as plain text (%s); sending it in %d "
                        "shorter messages", exc, len(parts))
            sent_parts: list[Message] = []
            for n, part in enumerate(parts):
                sent_parts += await send_one(message, part, quote=quote and n == 0, plain=True, in_topic=in_topic,
                                             attempts=attempts)
            return sent_parts
        raise
    return [sent] if isinstance(sent, Message) else []


def shorter_parts(reply: Reply) -> list[Reply]:
    """The reply in messages of half its length, cut as `split_html` cuts (between paragraphs, lines, sentences or
    words; never inside a character, so never between the two UTF-16 units of an emoji), its buttons under the
    last: for a server that refused it as too long when Telegram would not have. Each part refused again is halved
    again, down to MIN_PART_UNITS; [] below that (a server that refuses every length gets the refusal raised)."""
    limit = min(MESSAGE_LIMIT, (shown_units(reply.html) + 1) // 2)
    if limit < MIN_PART_UNITS:
        return []
    pieces = split_html(reply.html, limit)
    return [replace(reply, html=piece, buttons=reply.buttons if n == len(pieces) - 1 else ())
            for n, piece in enumerate(pieces)] if len(pieces) > 1 else []


async def typing(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """In the message's forum topic, where the answer will be (else Telegram shows it in the General topic).
    Non-essential: a failure is logged and forgotten."""
    chat, message = update.effective_chat, update.effective_message
    if chat is None:
        return
    try:
        if isinstance(message, Message):
            await message.reply_chat_action(ChatAction.TYPING)  # with the message's topic, as reply_text
        else:
            await context.bot.send_chat_action(chat.id, ChatAction.TYPING)
    except TelegramError as exc:
        log.info("typing indicator failed in chat %s: %s", chat.id, exc)


def language(update: Update, text: str | None = None) -> str:
    user = update.effective_user
    return pick_language(text, user.language_code if user else None)


def in_group(update: Update) -> bool:
    chat = update.effective_chat
    return chat is not None and chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)


async def answer_question(update: Update, context: ContextTypes.DEFAULT_TYPE, question: str, *,
                          ignore_small_talk: bool = False, lang: str | None = None, follows: bool = True) -> None:
    """Answer `question` in the message's chat; `lang`: the interface language, when the question's own
    words (not a message it quotes) should pick it. `follows`: a follow-up ("and for Japan?") is read with the
    asker's previous question, or with the question of the answer it replies to; not when the question already
    carries a message it is about (`with_replied`)."""
    core = core_of(context)
    message = update.effective_message
    if message is None:
        return
    lang = lang or language(update, question)
    view = core.presenter.answer_unless_chat if ignore_small_talk else core.presenter.answer
    if follows:
        view = functools.partial(view, who=conversation_of(update), replied_to=replied_answer(update, context))
    # while the answer is computed, not before; not for what may be chatter ("спасибо!" in reply to an answer):
    # "typing…" and then silence
    maybe_chatter = ignore_small_talk and "?" not in question
    indicator = None if maybe_chatter else asyncio.create_task(typing(update, context))
    try:
        reply = await core.run(view, question, lang)
    except AskbotError as exc:
        log.warning("question failed: %s", exc)
        reply = Reply(t(lang, "error"))
    finally:
        if indicator is not None:  # a typing action arriving after the answer would show under it for 5 s
            _done, pending = await asyncio.wait({indicator}, timeout=TYPING_WAIT)
            for task in pending:
                task.cancel()
    if reply is not None:
        sent = await send_parts(message, reply, quote=in_group(update))
        remember_sent(core, sent)
        if sent and sent[0].chat_id != message.chat_id:  # the group became a supergroup: its conversations go on
            core.presenter.dialogue.moved(message.chat_id, sent[0].chat_id)
        remember_answered(core, sent, reply)


def remember_sent(core: BotCore, sent: list[Message]) -> None:
    """The bot's messages, known for its own when a reply to one comes from a server that does not say who wrote the
    replied-to message (`BotCore.is_reply_to_bot`): an answer, and a topic's or More's new message. In a private
    chat too: a short reply there was taken for a question about the answer's text, not a follow-up of it."""
    for part in sent:
        core.sent_messages.add((part.chat_id, part.message_id))  # the new id if the group migrated


def remember_answered(core: BotCore, sent: list[Message], reply: Reply) -> None:
    """A reply to the answer `sent` (any of its messages) asks on from its question: whichever way it went out
    (plain, unquoted, to a migrated chat, as a More or topic button's new message)."""
    for part in sent if reply.question else ():
        core.presenter.dialogue.answered((part.chat_id, part.message_id), reply.question)


def conversation_of(update: Update) -> Hashable:
    """Whose previous question a follow-up goes on from: the asker's in this chat (in a group several people
    talk at once, each about their own question). The asker is the message's sender as the group shows it
    (`effective_sender`): a channel a member posts as, or the group itself for its anonymous admins. By
    `from_user` every channel posting in a group was one asker (Telegram's generic channel bot, 136817688) and
    took up the others' previous questions; anonymous admins (GroupAnonymousBot) share the group's, since
    nothing tells them apart. A button press carries only the real user who pressed it: a topic pressed is that
    user's previous question and that of whoever asked for the message it is under (`asker_of`); admin checks use
    the real user (`BotCore.is_admin`)."""
    chat, sender = update.effective_chat, update.effective_sender
    return (chat.id if chat else None, sender.id if sender else None)


def asker_of(message: Message | None, core: BotCore, context: ContextTypes.DEFAULT_TYPE) -> Hashable | None:
    """The conversation (`conversation_of`) of the question the bot's `message` answers, by the question it quotes
    (in a group every reply quotes it); None when it quotes none (a private chat, a More's new message).

    A button press names the real user who pressed it, never the chat a member asked as: a topic an anonymous admin
    pressed under the list they asked for became the previous question of their real account, and their next
    "and why?", asked anonymously like the list, went on from the question before it. A topic pressed now goes on
    from where the message it belongs to was asked (and from the presser's own, `on_button`)."""
    replied = message.reply_to_message if message is not None else None
    if replied is None or core.is_this_bot(replied.from_user, context.bot.id, context.bot.username):
        return None
    sender = replied.sender_chat or replied.from_user
    return (message.chat_id, sender.id) if message is not None and sender is not None else None


def replied_answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Hashable | None:
    """The bot's message this one replies to, as the key its question is remembered by (None: no such reply)."""
    message = update.effective_message
    replied = message.reply_to_message if message else None
    if message is None or replied is None or not core_of(context).is_reply_to_bot(message, context.bot.id):
        return None
    return (message.chat_id, replied.message_id)


# -- handlers ----------------------------------------------------------------------------------------


async def skip_repeats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An update seen before is dropped: Telegram never repeats one, but a server that ignores getUpdates'
    offset does, and each repeat would be answered again. So is the bot's own message handed back as an update
    (an emulator that echoes what the bot sends): an answer taken for a question was answered in turn, and that
    answer too, without end. So is a post a linked channel forwards into its discussion group: only its mentions of
    the bot were ignored, and one that was or began with a command ("/topics", a photo captioned "/ask …") was
    answered in the group."""
    seen = core_of(context).seen_updates
    if update.update_id in seen:
        log.info("update %s came again; skipped", update.update_id)
        raise ApplicationHandlerStop
    seen.add(update.update_id)
    message = update.effective_message
    sender = message.from_user if isinstance(message, Message) and update.callback_query is None else None
    # by getMe's id, the token's or the username: an emulator may echo the bot's messages under another id, and its
    # help names the bot, so in a group it was taken for a question
    if core_of(context).is_this_bot(sender, context.bot.id, context.bot.username):
        log.info("update %s is the bot's own message; skipped", update.update_id)
        raise ApplicationHandlerStop
    if isinstance(message, Message) and update.callback_query is None and message.is_automatic_forward:
        raise ApplicationHandlerStop  # a linked channel's post in its discussion group: no one asked, even "/topics"
    if isinstance(message, Message) and update.callback_query is None and message.chat.type == ChatType.CHANNEL:
        # a channel's post handed over as a plain message (an emulator's; Telegram sends channel_post, which the bot
        # does not ask for): "/start" there was answered into the channel, for all its subscribers to read
        log.info("update %s is a post in channel %s; skipped", update.update_id, message.chat_id)
        raise ApplicationHandlerStop


async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await show(update, context, core_of(context).presenter.start)


async def on_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.effective_message:
        await send(update.effective_message, await help_for(update, context), quote=in_group(update))


async def help_for(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Reply:
    """The help in the user's language; in the worker pool, since its example question may be embedded first."""
    return await core_of(context).run(core_of(context).presenter.help, language(update))


async def on_topics(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await show(update, context, core_of(context).presenter.topics)


async def on_sources(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await show(update, context, core_of(context).presenter.sources)


async def show(update: Update, context: ContextTypes.DEFAULT_TYPE, view: Callable[[str], Reply]) -> None:
    """A command's reply; views may first switch to a newer index, so they run in the worker pool."""
    if update.effective_message:
        reply = await core_of(context).run(view, language(update))
        await send(update.effective_message, reply, quote=in_group(update))


async def on_ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/ask QUESTION; also a bare /ask, or a short one, in reply to someone's message (in a group) or to a message
    forwarded into a private chat: asks about that message, as the same words without /ask do (`with_replied`).
    In a private chat "/ask is this true?" was the greeting, and a bare /ask the usage."""
    message = update.effective_message
    if message is None:
        return
    own = mention_of(context.bot.username).sub(" ", command_rest(message, context.args)).strip()
    question = with_replied(message, own, core_of(context), context.bot.id)
    if not question:
        usage = await core_of(context).run(core_of(context).presenter.ask_usage, language(update))
        await send(message, usage, quote=in_group(update))
        return
    await answer_question(update, context, question, lang=language(update, own), follows=question == own)


# What may stand between a command and its words when no space does: "/ask,why…", "/ask:why…", "/ask—why…"
COMMAND_GLUE = " \t\n\u00a0\u200b\u2060,.:;!?-\u2013\u2014"


def command_rest(message: Message, args: list[str] | None) -> str:
    """The words after a text's command: all that follows its bot_command entity. python-telegram-bot's
    `context.args` are the text's words after the first, which lost the first word of the question when nothing
    but punctuation or an invisible space stood between them ("/ask,why does Aktau matter?" asked "does Aktau
    matter?", "/ask\u200bwhy Aktau?" only "Aktau?"). A command read from a caption or after the bot's mention
    ("@bot /ask …") has its words in `args`. A name run on past the bot's ("/ask@bot@x why", Telegram marking
    "/ask@bot" alone) is no part of the question."""
    text = message.text or ""
    entity = message.entities[0] if message.entities else None
    if entity is None or entity.type != MessageEntity.BOT_COMMAND or entity.offset != 0 or not text.startswith("/"):
        return " ".join(args or [])
    return RUN_ON_NAME.sub("", text[len(message.parse_entity(entity)):]).lstrip(COMMAND_GLUE)


async def on_private_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None or not message.text:
        return
    if await unmarked_command(update, context, message.text):
        return
    core = core_of(context)
    own = unmentioned(message.text, context.bot.username)
    if own != message.text and await run_command(update, context, own, addressed=True):
        return  # "@bot /help": the command, as in a group
    if match := URL_ONLY.match(own):  # a link alone: an article to add
        if core.is_admin(update):
            await add_articles(update, context, [match.group(1)])
        else:
            await send(message, Reply(html.escape(t(language(update), "add_denied"))))
        return
    own = own or message.text  # a mention alone: as said (the greeting)
    # "is this true?" in reply to a forwarded post, or to a quote from another chat: asks about it, as in a group
    question = with_replied(message, own, core, context.bot.id)
    await answer_question(update, context, question, lang=language(update, own), follows=question == own)


async def on_group_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is not None and message.text and not await unmarked_command(update, context, message.text):
        await group_question(update, context, message.text)


async def unmarked_command(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> bool:
    """A text that starts with a command python-telegram-bot's CommandHandler did not see as one: "/ask@bot@x why"
    (a name run on past the bot's) has no bot_command entity from a server that marks only well-formed commands,
    and was ignored in a group (no mention: "@bot" there follows a letter). It is the command of the first name
    after it, as it is in a caption (`run_command`). True when it was one (and handled, or another bot's)."""
    return text.startswith("/") and await run_command(update, context, text, addressed=False)


def mention_of(username: str | None) -> re.Pattern[str]:
    """"@askbot" as a word: not inside "@askbot_helper" (usernames are letters, digits and "_") nor in an
    e-mail address ("info@askbot"). Without a username, a pattern that matches nothing."""
    if not username:
        return re.compile(r"(?!)")
    return re.compile(rf"(?<![\w@.])@{re.escape(username)}(?![A-Za-z0-9_])", re.IGNORECASE)


def unmentioned(text: str, username: str | None) -> str:
    """`text` without the bot's mention ("@askbot where is Aktau?", as people write in a private chat too, out of
    a group's habit): the mention is no part of the question, of the previous question a follow-up shows, nor of
    a link an admin sends."""
    mention = mention_of(username)
    return mention.sub(" ", text).strip() if mention.search(text) else text


def with_replied(message: Message, question: str, core: BotCore, bot_id: int) -> str:
    """A short question in reply to someone else's message ("@bot is this true?", a bare mention or /ask)
    asks about that message: its quoted part, or its text, goes with the question. So does the quoted part of a
    message of another chat replied to (Telegram's "reply in another chat" gives only the quote, no
    reply_to_message). A reply to the bot's own answer is a follow-up of its own."""
    replied = message.reply_to_message
    quoted = message.quote.text if message.quote else None
    if ((replied is None and not quoted) or len(question.split()) > REPLY_CONTEXT_WORDS
            or core.is_reply_to_bot(message, bot_id)):
        return question
    about = quoted or (replied.text or replied.caption if replied else None) or ""
    # the asker's own words first, where the checks read a question's opening; the message asked about cut to
    # size, so that a long one is not taken for a preamble and left out
    return f"{question}\n{about[:REPLIED_CHARS]}".strip()


async def group_question(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
    """In groups only a mention of the bot or a reply to it is a question (a text, or a photo's caption);
    other chatter is ignored (and a linked channel's posts forwarded into its discussion group never get here)."""
    message = update.effective_message
    if message is None:
        return
    core = core_of(context)
    is_reply = core.is_reply_to_bot(message, context.bot.id)
    own = unmentioned(text, context.bot.username)
    mentioned = own != text
    if not (is_reply or mentioned):
        return
    own = own.strip()
    if mentioned and await run_command(update, context, own, addressed=True):  # "@bot /help"
        return
    question = with_replied(message, own, core, context.bot.id)
    if not question:
        await send(message, await help_for(update, context), quote=True)
        return
    # "спасибо!" in reply to an answer is not a question; "@bot hi" is a greeting that asks for one
    await answer_question(update, context, question, ignore_small_talk=not mentioned, lang=language(update, own),
                          follows=question == own)


async def on_media(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """In a private chat, a caption is the question (a screenshot with "what does this mean?"); media
    alone gets a hint. In groups a caption is a question like a text (when it mentions the bot or replies
    to it); media alone is nobody's question. An album (one message per photo or file) gets one hint, none once
    an item's caption was answered."""
    message = update.effective_message
    if message is None:
        return
    if await caption_command(update, context):
        core_of(context).first_of_album(message)  # "/ask …" under an album's first photo: no hint for the others
        return
    if in_group(update):
        if message.caption:
            await group_question(update, context, message.caption)
        return
    if message.chat.type != ChatType.PRIVATE:
        return
    if message.text is not None:  # an empty text (an emulator's; Telegram sends none): no media, no question either
        await answer_question(update, context, message.text)
        return
    core = core_of(context)
    if message.caption and message.caption.strip():  # a question, also in an album whose hint was given
        core.first_of_album(message)  # the album's other items, without a caption, need no hint then
        await answer_question(update, context, unmentioned(message.caption, context.bot.username) or message.caption)
        return
    if core.first_of_album(message):
        await send(message, await core.run(core.presenter.media_hint, language(update)))


# "/ask@bot why", also with a name run on past the bot's ("/ask@bot@x why"): the first name says whose it is
CAPTION_COMMAND = re.compile(r"^/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]+)(?:@[A-Za-z0-9_]*)*)?(?:\s+(.*))?$", re.DOTALL)
# What a name run on past the command's own leaves at the start of its words ("@x" of "/ask@bot@x why")
RUN_ON_NAME = re.compile(r"^(?:@[A-Za-z0-9_]*)+")


async def caption_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """A photo's caption that starts with a command ("/ask what is this port?") is that command: Telegram marks
    it as one, but python-telegram-bot's CommandHandler reads texts only. True when it was one (and handled)."""
    message = update.effective_message
    return message is not None and await run_command(update, context, message.caption or "", addressed=False)


async def run_command(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str, *, addressed: bool) -> bool:
    """`text` that starts with a command is that command. `addressed`: it came after the bot's mention, taken out
    ("@bot /help": python-telegram-bot's CommandHandler sees no command there, and it was answered as the question
    "/help"); a mistyped one then gets the help in a group too. True when it was one (and handled)."""
    message = update.effective_message
    match = CAPTION_COMMAND.match(text.lstrip(" \t\n,:;").strip()) if message else None
    if message is None or match is None:
        return False
    name, addressee, rest = match.group(1).lower(), match.group(2), match.group(3) or ""
    username = context.bot.username or ""
    if addressee and addressee.lower() != username.lower():
        return True  # another bot's
    handler = COMMAND_HANDLERS.get(name)
    if handler is None:
        if addressed or addressee or not in_group(update):  # a mistyped command for this bot
            await send(message, await help_for(update, context), quote=in_group(update))
        return True
    context.args = rest.split()
    await handler(update, context)
    return True


async def on_unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A mistyped command: the help, rather than silence. In a group only one addressed to this bot
    (`/hlep@askbot`): a bare `/hlep` may be another bot's. One addressed to another bot (`/start@otherbot`) is
    that bot's, in a private chat too: it got this bot's help (python-telegram-bot's CommandHandler leaves it
    here, even for a command this bot has)."""
    message = update.effective_message
    if message is None or not message.text:
        return
    username = (context.bot.username or "").lower()
    command = message.text.split(maxsplit=1)[0].lower() if message.text.strip() else ""
    addressee = command.partition("@")[2].partition("@")[0]  # the first name: "/hlep@bot@x" is this bot's
    if addressee and addressee != username:  # another bot's
        return
    if in_group(update) and not (username and addressee == username):
        return
    await send(message, await help_for(update, context), quote=in_group(update))


async def on_joined(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Added to a group (or a group created with the bot in it): how to ask here, once. The bot is known by its id,
    its token's id or its username: added with the id its token starts with, on an emulator whose getMe gives
    another id, it said nothing."""
    message = update.effective_message
    if message is None:
        return
    core = core_of(context)
    if message.group_chat_created or any(core.is_this_bot(member, context.bot.id, context.bot.username)
                                         for member in message.new_chat_members):
        await send(message, await help_for(update, context))


async def on_migrated(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A group became a supergroup (Telegram says so in both: migrate_to_chat_id in the old one, migrate_from_chat_id
    in the new one): its people's previous questions go to the new chat id, so that "and for Japan?" asked there
    next still goes on from them. Only an answer that hit the move itself (ChatMigrated) moved them before."""
    message = update.effective_message
    if message is None:
        return
    if message.migrate_to_chat_id:
        old, new = message.chat_id, message.migrate_to_chat_id
    elif message.migrate_from_chat_id:
        old, new = message.migrate_from_chat_id, message.chat_id
    else:
        return
    log.info("chat %s is now %s", old, new)
    core_of(context).presenter.dialogue.moved(old, new)


async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Admins add articles by sending a .txt/.md/.html file in a private chat; others are told only admins
    can. In a group a document is just media (a file shared there is for the people in it)."""
    message = update.effective_message
    core = core_of(context)
    if message is None or message.document is None:
        return
    if message.animation is not None:  # a GIF: Telegram gives it as a document too, often without a name
        await on_media(update, context)
        return
    document = message.document
    name = document_name(document.file_name, document.mime_type)
    is_article = name.lower().endswith(tuple(ARTICLE_SUFFIXES))
    if message.chat.type != ChatType.PRIVATE or not (core.is_admin(update) or is_article):
        await on_media(update, context)
        return
    lang = language(update)
    if not core.is_admin(update):
        if core.first_of_album(message):  # one refusal for an album of files
            await send(message, Reply(html.escape(t(lang, "add_denied"))))
        return
    if not is_article:
        error = f"{name}: send a .txt, .md or .html file"
        await send(message, Reply(html.escape(t(lang, "reindex_failed", error=error))))
        return
    if document.file_size and document.file_size > core.settings.fetch_max_bytes:
        error = f"{name} is larger than the size limit"
        await send(message, Reply(html.escape(t(lang, "reindex_failed", error=error))))
        return
    try:
        file = await with_retries(lambda: context.bot.get_file(document.file_id), "getFile")
        data = bytes(await file.download_as_bytearray())
    # "file is too big" (the Bot API serves at most 20 MB), a server without getFile (a 404, which
    # python-telegram-bot raises as InvalidToken), a download that kept failing: the admin hears why
    except (BadRequest, InvalidToken, NetworkError) as exc:
        log.warning("could not download %s: %s: %s", name, type(exc).__name__, exc)
        error = f"{name}: could not download the file ({without_body(exc)})"
        await send(message, Reply(html.escape(t(lang, "reindex_failed", error=error))))
        return
    with tempfile.TemporaryDirectory(prefix="askbot-upload-") as folder:
        path = Path(folder) / upload_name(name)
        path.write_bytes(data)
        await add_articles(update, context, [str(path)], shown_as={str(path): name})


# The article formats a document without a file name may be sent as, by its MIME type
ARTICLE_TYPES = {"text/plain": ".txt", "text/markdown": ".md", "text/x-markdown": ".md", "text/html": ".html"}


def document_name(file_name: str | None, mime_type: str | None) -> str:
    """What a document is called: its file name, else a name made from its type (Telegram's `file_name` is
    optional). Every nameless document was "article.txt": a GIF or a video without a name was taken for an article
    to add (a user was told only admins add articles; an admin's was downloaded as one). Without a type either,
    it may still be text: "article.txt"."""
    if file_name and (name := Path(file_name).name):
        return name
    kind = (mime_type or "").split(";")[0].strip().lower()
    if not kind or kind in ARTICLE_TYPES:
        return "article" + ARTICLE_TYPES.get(kind, ".txt")
    return "document" + (mimetypes.guess_extension(kind) or "")


def upload_name(name: str) -> str:
    """The name an upload is saved under for `Library.add`: no path, and short enough for the system (a name of
    200 Cyrillic letters is 400 bytes, over the 255 a file name may have: "File name too long", no reply)."""
    safe = re.sub(r"[^\w.\-]+", "_", name)
    stem, suffix = os.path.splitext(safe)
    if len(suffix) > MAX_SUFFIX_CHARS:  # "a.xxx…" of 300 letters: no format's suffix; the name is cut as a whole
        stem, suffix = safe, ""
    return within_bytes(stem, MAX_UPLOAD_NAME_BYTES - len(suffix.encode())) + suffix


def without_body(exc: Exception) -> str:
    """An error as the admin hears it: python-telegram-bot's message for an answer that is not the Bot API's JSON
    (a file server's "File not found", a proxy's HTML 404 page) ends in that whole body ("Not Found (404).
    Parsing the server response b'<html>…' failed"); the status says it. The log keeps the body."""
    return re.sub(r"\. Parsing the server response .* failed$", "", str(exc), flags=re.DOTALL)


async def add_articles(update: Update, context: ContextTypes.DEFAULT_TYPE, items: list[str], *,
                       shown_as: dict[str, str] | None = None) -> None:
    """Add files or links to the library and switch to the new index; `shown_as` names an uploaded file
    by the name it was sent with, not by the temporary path it was saved at, and is where it came from:
    an edited file sent again under that name replaces it."""
    from askbot.library import Library

    core = core_of(context)
    message = update.effective_message
    lang = language(update)
    if message is None:
        return
    if await refused_update(core, message, lang):  # nothing stored: the index would be replaced
        return
    await typing(update, context)
    settings = core.settings
    async with core.reindex_lock:
        await say_if_waiting(core, message, lang)
        library = Library(settings.articles_dir)
        origins = {path: f"telegram:{name}" for path, name in (shown_as or {}).items()}
        result = await core.run(functools.partial(library.add, items, timeout=settings.fetch_timeout,
                                                  max_bytes=settings.fetch_max_bytes, origins=origins))
        lines = result.lines()
        if result.changed:
            try:
                report = await core.run(core.engine.reindex, settings.articles_dir)
                lines.append(report.summary())
            except (AskbotError, OSError) as exc:
                error = update_failure(exc, settings.index_dir)
                log.warning("the index update after adding articles failed: %s", error)
                lines.append(error)
    text = "\n".join(lines) or "-"
    for path, name in (shown_as or {}).items():
        text = text.replace(path, name)
    await send(message, Reply(html.escape(t(lang, "added" if result.changed else "not_added", what=text))))


async def refused_update(core: BotCore, message: Message, lang: str, *, quote: bool = False) -> bool:
    """An admin's update refused, in one reply, when the index was built from another folder than the bot's
    default one (`update_refusal`): it would become a copy of that folder."""
    if refusal := update_refusal(core.settings, running_bot=True):
        log.warning("an admin's index update was refused: %s", refusal)
        await send(message, Reply(html.escape(t(lang, "reindex_failed", error=refusal))), quote=quote)
    return refusal is not None


def update_failure(exc: AskbotError | OSError, index_dir: Path) -> str:
    """Why an admin's index update failed, in the one sentence the admin hears and the bot's log keeps. A system
    error (a full or read-only disk, no permission) was no AskbotError: the admin got "Something went wrong" and
    only the log its traceback. The index in use is never touched by a failed build."""
    if isinstance(exc, AskbotError):
        return str(exc)
    if (why := unwritable_reason(exc)) is not None:
        who, reason, advice = why
        return f"{who} in {index_dir} ({reason}): {advice}; the bot answers from the index as it was."
    where = f" ({exc.filename})" if exc.filename else ""
    return f"{exc.strerror or exc}{where}: the bot answers from the index as it was."


async def say_if_waiting(core, message: Message, lang: str, *, quote: bool = False) -> None:
    """A note before an update that will wait for another build (`askbot index` from the shell, a cron `askbot add`):
    the admin saw nothing but "typing…" for as long as that build ran (40 s and more), as if the bot had hung."""
    from askbot.index import build_running

    if build_running(core.settings.index_dir):
        await send(message, Reply(html.escape(t(lang, "reindex_waiting"))), quote=quote)


async def on_reindex(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    core = core_of(context)
    message = update.effective_message
    if message is None:
        return
    lang, quote = language(update), in_group(update)  # in a group, quoted like every reply there
    if not core.is_admin(update):
        await send(message, Reply(t(lang, "reindex_denied")), quote=quote)
        return
    if await refused_update(core, message, lang, quote=quote):
        return
    await typing(update, context)
    async with core.reindex_lock:
        await say_if_waiting(core, message, lang, quote=quote)
        try:
            report = await core.run(core.engine.reindex, core.settings.articles_dir)
        except (AskbotError, OSError) as exc:  # said to the admin, and kept in the log: the admin may not read it
            error = update_failure(exc, core.settings.index_dir)
            log.warning("/reindex failed: %s", error)
            await send(message, Reply(html.escape(t(lang, "reindex_failed", error=error))), quote=quote)
            return
    await send(message, core.presenter.reindexed(report, lang), quote=quote)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if query is None:
        return
    core = core_of(context)
    lang = pick_language(None, query.from_user.language_code if query.from_user else None)
    message = query.message if isinstance(query.message, Message) else None
    data = query.data or ""
    # a second press of the same button before the first was handled: a second edit that changes nothing (refused,
    # 400), or the same passage or topic answer sent twice
    if (data.startswith(("more:", "topic:")) and message is not None
            and core.is_double_tap((message.chat_id, message.message_id, data), time.monotonic())):
        await answer_button(query)
        return
    if data.startswith("more:"):
        reply = await core.run(core.presenter.more, data, lang)  # may switch to a newer index first
    elif data.startswith("topic:"):
        presser, owner = conversation_of(update), asker_of(message, core, context)
        reply = await core.run(core.presenter.topic, data, lang, owner or presser)
        if reply is not None and not reply.notice and reply.question and owner not in (None, presser):
            core.presenter.dialogue.asked(presser, reply.question)
    else:  # not a button of this bot's (a game's, an empty one): only the spinner to stop
        await answer_button(query)
        return
    if reply is None or reply.notice:  # forgotten, changed or used up: the presser alone hears it
        await answer_button(query, html.unescape(reply.html if reply else t(lang, "expired")))
        if data.startswith("more:") and message is not None:  # the dead More button goes
            await remove_buttons(message)
        return
    await answer_button(query)
    if data.startswith("topic:"):
        await reply_to_button(context, query, message, reply)
    elif reply.edit and message is not None:
        try:
            await with_retries(lambda: message.edit_text(**rendered(reply, edit=True)), "editMessageText")
        # a group that became a supergroup: `send` finds it; a server without editMessageText answers 404, which
        # python-telegram-bot raises as InvalidToken (the token itself works: it got this button press)
        except (BadRequest, ChatMigrated, InvalidToken) as exc:
            if "not modified" in refusal(exc):  # a double tap: the first press already showed it
                return
            # deleted, too old to edit, or a server that cannot edit: the passages as a new message
            log.info("could not edit the answer (%s); sending it anew", exc)
            await reply_to_button(context, query, message, replace(reply, edit=False))
    else:
        if message is not None:  # the next passage comes as a new message, with the More button
            await remove_buttons(message)
        await reply_to_button(context, query, message, replace(reply, edit=False))


async def remove_buttons(message: Message) -> None:
    """Take a message's buttons away: with an empty keyboard said out loud, as `rendered` does for edits (left
    out, Telegram drops the keyboard but not every server does). Non-essential: a failure is only logged."""
    try:
        await message.edit_reply_markup(reply_markup=None, api_kwargs={"reply_markup": {"inline_keyboard": []}})
    except TelegramError as exc:
        log.info("could not remove the buttons of message %s: %s", message.message_id, exc)


async def answer_button(query: CallbackQuery, notice: str | None = None) -> None:
    """Stop the button's spinner (Telegram expects every press answered); `notice` as an alert to the presser."""
    try:
        await query.answer(text=notice, show_alert=notice is not None)
    except TelegramError as exc:  # the spinner just stays a little longer
        log.info("answerCallbackQuery failed: %s", exc)


async def reply_to_button(context: ContextTypes.DEFAULT_TYPE, query: CallbackQuery, message: Message | None,
                          reply: Reply) -> None:
    """A new message under the one whose button was pressed or, when that message is not given (too old,
    or a server that leaves it out), in the presser's private chat; with neither (an emulator's press without a
    sender), nowhere: the spinner was answered, and that is all there is to do."""
    if message is not None:
        sent = await send_parts(message, reply)
    elif query.from_user is None:
        log.info("a button press without its message or its sender; nowhere to reply")
        return
    else:
        sent = []
        for part in parts_of(reply):
            one = await with_retries(functools.partial(context.bot.send_message, query.from_user.id,
                                                       **rendered(part)), "sendMessage", repeatable=False)
            sent += [one] if isinstance(one, Message) else []
    remember_sent(core_of(context), sent)
    remember_answered(core_of(context), sent, reply)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """One failed update is logged with its id, in one line; the bot goes on, after an apology in the chat.

    A Bot API call that kept failing on the way or on the server's side (a 5xx: `with_retries` gave up) is one
    ERROR line with the tries made ("update 7 failed: NetworkError: Bad Gateway (sendMessage: 4 attempts)"), and
    its apology is tried once: a whole second series of tries into a server that just failed them all doubled
    the requests and the time, and a WARNING line each.

    An error while polling (no update) is the server's answer, not a bug here: one line, no traceback, and
    for the commonest one, a second bot reading the same token's updates, what to do about it. A token the
    server no longer accepts stops the bot: polling would never work again."""
    if update is None and isinstance(context.error, TelegramError):
        if isinstance(context.error, TokenRejected):  # run_bot says it in one sentence once stopped
            if context.error.refuses_polling:
                log.error("the Bot API server does not serve getUpdates (%s); stopping", context.error)
            else:
                log.error("the Bot API no longer accepts this bot's token (%s); stopping", context.error)
            context.application.bot_data["token_rejected"] = context.error
            context.application.stop_running()
        elif isinstance(context.error, Conflict):
            log.error("another process is reading this bot's updates (%s): only one bot may run per token; "
                      "stop the other one (another askbot bot, or a webhook set elsewhere)", context.error)
        else:
            log.warning("reading updates failed (%s: %.300s); trying again", type(context.error).__name__,
                        context.error)  # a proxy's error page in it is no part of a log line
        return
    update_id = update.update_id if isinstance(update, Update) else None
    if may_not_write(context.error):  # blocked by the user, removed from the group, muted there: theirs to decide
        log.warning("update %s not answered: the bot may not write to that chat (%s)", update_id, context.error)
        return  # nor may the apology
    error = context.error
    if isinstance(error, TelegramError):  # Telegram refused a reply (gone, bad request) or failed it: no bug
        tries = "; ".join(getattr(error, "__notes__", None) or [])  # `with_retries`'s ("sendMessage: 4 attempts")
        # a proxy's error page in it ("Bad Gateway (502). Parsing the server response b'<html>…'") is cut short
        log.error("update %s failed: %s: %.300s%s", update_id, type(error).__name__, error,
                  f" ({tries})" if tries else "")
    else:
        log.error("update %s failed: %s", update_id, error, exc_info=error)
    if isinstance(update, Update) and update.effective_message and update.effective_chat:
        server_failed = isinstance(error, NetworkError) and not isinstance(error, BadRequest)
        try:
            await send(update.effective_message, Reply(html.escape(t(language(update), "error"))),
                       quote=in_group(update), attempts=1 if server_failed else SEND_ATTEMPTS)
        except TelegramError as exc:
            log.debug("update %s: the apology was not sent either (%s: %.300s)", update_id, type(exc).__name__, exc)
        except Exception as exc:  # the apology is a courtesy: its failure is a line, not a second traceback
            log.warning("update %s: the apology could not be sent either (%s: %s)", update_id,
                        type(exc).__name__, exc)


# How Telegram refuses a message to a group whose admins took the bot's right to write (a 400, not a 403), to a
# forum topic they closed, or to a chat the bot is not in or cannot reach (removed from a basic group, a user who
# never started it: "chat not found", "PEER_ID_INVALID")
NO_RIGHTS = re.compile(r"not enough rights|have no rights|chat write forbidden|chat send \w+ forbidden"
                       r"|chat restricted|topic closed|chat not found|peer id invalid")


def may_not_write(error: object) -> bool:
    """The chat does not let the bot write: it was blocked, removed (403), muted in a group (400 "not enough
    rights to send text messages"), the question's forum topic was closed (400 "TOPIC_CLOSED"), or the chat is not
    one the bot can reach (400 "chat not found", "PEER_ID_INVALID"). The 400s were an ERROR per question, and an
    apology tried into the same chat, refused the same way."""
    return isinstance(error, Forbidden) or (isinstance(error, BadRequest)
                                            and NO_RIGHTS.search(refusal(error)) is not None)


async def post_init(application: Application) -> None:
    """Register the command menu; non-essential, so a failure is only logged."""
    core: BotCore = application.bot_data["core"]
    core.presenter.bot_mention = f"@{application.bot.username}"  # askbot.lenient makes sure there is one
    # /help's example in each language, worked out before the first update: else the first /help waits for an
    # embedding behind the questions in the worker pool
    await core.run(core.presenter.examples)
    # the default (English) list last: a server that ignores language_code keeps the last list it was given
    for lang, commands in sorted(COMMANDS.items(), key=lambda item: item[0] == "en"):
        try:
            await application.bot.set_my_commands([BotCommand(c, d) for c, d in commands],
                                                  language_code=None if lang == "en" else lang)
        except TelegramError as exc:
            log.warning("could not register the command menu (%s): %s", lang, exc)


async def post_shutdown(application: Application) -> None:
    application.bot_data["core"].executor.shutdown(wait=False, cancel_futures=True)


def api_urls(base_url: str, token: str | None = None) -> tuple[str, str]:
    """PTB's base_url and base_file_url (it appends the token) for TELEGRAM_API_BASE_URL.

    A Bot API server answers at <server>/bot<token>/<method> and serves files at
    <server>/file/bot<token>/<path>; accepted spellings: "http://host:8081", "http://host:8081/bot",
    with or without a trailing slash, with "/bot<token>" or "/bot{token}" at the end.
    """
    server = base_url.strip().rstrip("/")
    for tail in ("{token}", token):
        if tail and server.endswith("/bot" + tail):
            server = server[: -len(tail)]
    if server.endswith("/bot"):
        server = server[: -len("/bot")]
    return server + "/bot", server + "/file/bot"


def new_poller() -> LenientRequest:
    """The client getUpdates goes through: one connection; a server's instant empty answers paced."""
    return LenientRequest(connection_pool_size=1, empty_poll_pause=EMPTY_POLL_PAUSE, reads_updates=True)


def builder_for(settings: Settings, poller: LenientRequest | None = None) -> ApplicationBuilder:
    """Token, optional local Bot API server, rate limiter: how this bot talks to Telegram; `poller`: the client
    getUpdates goes through (`new_poller`).

    Answers are parsed leniently (`askbot.lenient`), so Bot API emulators that omit fields work too.
    """
    poller = poller or new_poller()
    # Link previews are turned off for Telegram's own servers only: a strict emulator refuses the parameter,
    # and a refused request fails its check even when the reply then goes out without it.
    leave_out = ("link_preview_options",) if settings.telegram_api_base_url else ()
    builder = (Application.builder().token(settings.require_token())
               .rate_limiter(MessageRateLimiter())
               .request(LenientRequest(leave_out=leave_out)).get_updates_request(poller))
    if settings.telegram_api_base_url:
        base_url, base_file_url = api_urls(settings.telegram_api_base_url, settings.telegram_token)
        builder = builder.base_url(base_url).base_file_url(base_file_url)
    return builder


# The bot's commands, in texts and in captions alike
COMMAND_HANDLERS: dict[str, Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[None]]] = {
    "start": on_start, "help": on_help, "topics": on_topics, "sources": on_sources, "ask": on_ask,
    "reindex": on_reindex,
}


def build_application(settings: Settings, engine: Engine) -> Application:
    """One builder: how to reach Telegram, concurrent updates, hooks and the handlers."""
    in_order = InOrderPerChat()
    poller = new_poller()
    builder = (builder_for(settings, poller).concurrent_updates(in_order).post_init(post_init)
               .post_shutdown(post_shutdown))
    application = builder.build()
    in_order.running = lambda: application.running
    # a refused poll is waited out inside the poll, which stopping cancels (`LenientRequest.post`), and reported to
    # the error handler as python-telegram-bot's polling loop reports it
    poller.polling = lambda: application.updater is not None and application.updater.running
    poller.poll_failed = lambda error: application.create_task(application.process_error(update=None, error=error))
    if isinstance(limiter := application.bot.rate_limiter, MessageRateLimiter):
        limiter.running = in_order.running
    application.bot_data["core"] = BotCore(settings, engine)

    private = filters.ChatType.PRIVATE
    groups = filters.ChatType.GROUPS
    new_message = filters.UpdateType.MESSAGE  # edited messages are not answered twice
    application.add_handler(TypeHandler(Update, skip_repeats), group=-1)
    for name, handler in COMMAND_HANDLERS.items():  # the same commands in a photo's caption: `caption_command`
        application.add_handler(CommandHandler(name, handler, filters=new_message))
    application.add_handler(MessageHandler(new_message & private & filters.TEXT & ~filters.COMMAND, on_private_text))
    application.add_handler(MessageHandler(new_message & groups & filters.TEXT & ~filters.COMMAND, on_group_text))
    application.add_handler(MessageHandler(new_message & filters.Document.ALL, on_document))
    media = (filters.Sticker.ALL | filters.PHOTO | filters.VOICE | filters.AUDIO | filters.VIDEO
             | filters.VIDEO_NOTE | filters.ANIMATION | filters.LOCATION | filters.CONTACT)
    application.add_handler(MessageHandler(new_message & media, on_media))
    application.add_handler(MessageHandler(new_message & filters.COMMAND, on_unknown_command))
    joined = filters.StatusUpdate.NEW_CHAT_MEMBERS | filters.StatusUpdate.CHAT_CREATED
    application.add_handler(MessageHandler(new_message & groups & joined, on_joined))
    application.add_handler(MessageHandler(new_message & filters.StatusUpdate.MIGRATE, on_migrated))
    # anything else said in private (a dice, a poll, a story): the hint, not silence; service messages are no one's
    application.add_handler(MessageHandler(new_message & private & ~filters.StatusUpdate.ALL, on_media))
    application.add_handler(CallbackQueryHandler(on_button))
    application.add_error_handler(on_error)
    return application


class RedactingFormatter(logging.Formatter):
    """Defence in depth: the token is part of every Bot API URL; no log line may carry it.

    python-telegram-bot logs the Bot API errors it retries (a refused or unreachable server) with a full
    traceback; those become one line with the error, since they are about the server, not a bug here.
    """

    def __init__(self, secret: str, fmt: str) -> None:
        super().__init__(fmt)
        self.secret = secret

    def format(self, record: logging.LogRecord) -> str:
        if record.exc_info and record.name.startswith("telegram") and record.exc_info[1] is not None:
            error = record.exc_info[1]
            record = logging.makeLogRecord(record.__dict__)
            record.msg = f"{record.getMessage()} ({type(error).__name__}: {error})"
            record.args, record.exc_info, record.exc_text = None, None, None
        return redacted(super().format(record), self.secret)


def redacted(text: str, secret: str) -> str:
    """`text` without `secret`: in a Bot API path ("/bot<token>/"), and as a word of its own. Not inside other
    words: an emulator's token may be as short as "fake", which "@tgfake_bot" holds."""
    text = text.replace("bot" + secret, "bot<token>")
    return re.sub(rf"(?<![\w]){re.escape(secret)}(?![\w])", "<token>", text)


def configure_logging(token: str) -> None:
    logging.basicConfig(level=logging.INFO, force=True)
    for handler in logging.getLogger().handlers:
        handler.setFormatter(RedactingFormatter(token, "%(asctime)s %(levelname)s %(name)s: %(message)s"))
    # tornado.access: the webhook server's line per request; askbot logs the refusals that matter itself
    for noisy in ("httpx", "httpcore", "sentence_transformers", "transformers", "huggingface_hub", "tornado.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def run_bot(settings: Settings) -> None:
    """Check the connection, load the model and index once, then poll (or serve the webhook) until stopped."""
    configure_logging(settings.require_token())
    stop_quietly_while_starting()
    try:
        # getMe first, before the slow model load: a wrong token or server address is one sentence at once.
        asyncio.run(_check_connection(builder_for(settings).build()))
        engine = Engine.open(settings, show_progress=True)
        engine.warm_up()
        log.info("index %s: %d article(s), %d search units", engine.snapshot.generation, len(engine.snapshot.articles),
                 len(engine.snapshot.chunks))
        application = build_application(settings, engine)
        if settings.webhook_url:
            # "off": no secret, for Bot API emulators that do not send it back (never on the open internet)
            secret = None if settings.webhook_secret == "off" else settings.webhook_secret or secrets.token_urlsafe(32)
            run_webhook(application, url=settings.webhook_url, listen=settings.webhook_listen,
                        port=settings.webhook_port, secret=secret, allowed_updates=ALLOWED_UPDATES)
        else:
            asyncio.set_event_loop(loop := asyncio.new_event_loop())  # run_polling runs (and closes) this loop
            stop_once_on_signals(loop)
            application.run_polling(allowed_updates=ALLOWED_UPDATES, bootstrap_retries=3, stop_signals=None)
        ignore_stop_signals()  # stopped: one more Ctrl-C while the process exits would only break off the exit
        if rejected := application.bot_data.get("token_rejected"):
            if rejected.refuses_polling:
                raise AskbotError(f"The Bot API server answered getMe but not getUpdates ({rejected}): it may "
                                  "deliver updates by webhook only; set ASKBOT_WEBHOOK_URL, or check "
                                  "TELEGRAM_API_BASE_URL.")
            raise InvalidToken()
    except InvalidToken:
        raise AskbotError("Telegram rejected TELEGRAM_BOT_TOKEN: copy the token again from @BotFather.") from None
    except (BadRequest, Forbidden) as exc:  # subclasses of NetworkError, but the server did answer
        raise AskbotError(f"The Telegram Bot API refused to start the bot ({exc}): check "
                          "TELEGRAM_API_BASE_URL and TELEGRAM_BOT_TOKEN.") from None
    except NetworkError as exc:
        # an HTTP status: the server did answer ("Not Found (404)"; with a page that is no JSON, python-telegram-bot
        # adds the whole page, which is no part of one sentence)
        answered = re.match(r"[^()]*\(\d{3}\)(?=$|\. Parsing the server response)", str(exc))
        if is_server_error(exc):  # in JSON, which has the description alone ("Bad Gateway"), no status
            answered = re.match(".{0,300}", str(exc))
        if answered and (exc.__cause__ is None or answered.end() < len(str(exc))):
            raise AskbotError(f"The Bot API server answered with an error ({answered.group(0)}): check that "
                              "TELEGRAM_API_BASE_URL is a Bot API server's address, e.g. "
                              "http://127.0.0.1:8081/bot, and TELEGRAM_BOT_TOKEN.") from None
        raise AskbotError(f"Cannot reach the Telegram Bot API ({exc}): check the network or "
                          "TELEGRAM_API_BASE_URL.") from None
    except TelegramError as exc:  # any other refusal while starting, e.g. of deleteWebhook
        raise AskbotError(f"The Telegram Bot API refused to start the bot ({exc}): check "
                          "TELEGRAM_API_BASE_URL and TELEGRAM_BOT_TOKEN.") from None


def exit_at_once(code: int) -> NoReturn:
    """End the process once the bot has stopped (every answer under way sent, the updates read confirmed): its
    output flushed, but without Python's teardown of the loaded model, where freeing the tokenizer's vocabulary
    (a trie of 250,000 pieces, in the Rust `tokenizers`) alone took 4 s. A `docker stop` or systemd waited that
    long after SIGTERM; with a short stop timeout it ended the bot with SIGKILL instead of exit 0."""
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # a closed or broken pipe: nothing more can be said
            stream.flush()
    os._exit(code)


def stop_once_on_signals(loop: asyncio.AbstractEventLoop) -> None:
    """Ctrl-C or SIGTERM stops the bot as python-telegram-bot's own handlers do (a SystemExit it catches);
    a second one while it stops is ignored. With the library's handlers, a second Ctrl-C broke off the
    shutdown halfway: the last updates were not confirmed, and the log ended in a traceback."""
    stopping = False

    def stop() -> None:
        nonlocal stopping
        if stopping:
            log.info("already stopping; the answers under way are finished first")
            return
        stopping = True
        raise SystemExit(0)

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGABRT):
        loop.add_signal_handler(sig, stop)


def stop_quietly_while_starting() -> None:
    """SIGTERM while the model loads (a supervisor stopping a bot that is still starting) ended the process as
    killed, and Ctrl-C with "Aborted." or as killed, depending on where it came; it is a plain exit 0 now, as
    once the bot runs. The event loop's own handlers take over when polling or the webhook starts."""
    def stop(signum: int, frame: object) -> None:
        raise SystemExit(0)

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, stop)


def ignore_stop_signals() -> None:
    """Once the bot has stopped, its event loop (and the handlers on it) are gone, and a second Ctrl-C or
    SIGTERM during the last moments of the exit ended the process with a traceback or as killed."""
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, signal.SIG_IGN)


async def _check_connection(application: Application, attempts: int = CONNECT_ATTEMPTS) -> None:
    """getMe. A server that refuses the connection is asked again for a few seconds: a Bot API server (an
    emulator) started together with the bot may not be listening yet, and the bot exited at once. So is one
    that answers with a server error (api.telegram.org's passing "Bad Gateway"), which stopped the bot too."""
    for attempt in range(1, attempts + 1):
        try:
            await _get_me(application)
            return
        except NetworkError as exc:
            if attempt == attempts or not (isinstance(exc.__cause__, httpx.ConnectError) or is_server_error(exc)):
                raise
            # DEBUG: a wrong address still ends in the one sentence that says so, not in a line per attempt
            log.debug("the Bot API server is not ready yet (%s); trying again", exc)
            await asyncio.sleep(1.0)


def is_server_error(exc: NetworkError) -> bool:
    """The server's own answer with an error status python-telegram-bot has no class for: a 5xx (an answer in
    JSON, so no cause), not a refusal (400, 409: subclasses), a timeout (a subclass) or a connection error."""
    return type(exc) is NetworkError and exc.__cause__ is None


async def _get_me(application: Application) -> None:
    """getMe. An answer that is no bot (a web page, `true`, an object without an id) ends the start in one sentence
    that says what came and what to check: it quoted python-telegram-bot's reading error ("User.__init__() missing
    1 required positional argument: 'first_name'", "'result'"), which is no help to whoever set the address."""
    try:
        async with application.bot:  # initialize() calls getMe; leaving shuts the connection pool down again
            log.info("connected to the Bot API as @%s", application.bot.username)
    except (InvalidToken, NetworkError, Forbidden):  # an answer run_bot words: a 403 is a refusal, not a misreading
        raise
    except (TelegramError, TypeError, ValueError, KeyError, AttributeError) as exc:
        log.debug("getMe could not be read: %s: %s", type(exc).__name__, exc)
        request = application.bot.request
        what = not_a_bot(request.get_me_answer if isinstance(request, LenientRequest) else None)
        raise AskbotError(f"The Bot API server answered getMe with {what}, not with a bot: check that "
                          "TELEGRAM_API_BASE_URL is the address of a Bot API server (such as "
                          "http://127.0.0.1:8081/bot) and that TELEGRAM_BOT_TOKEN is this bot's token.") from None
