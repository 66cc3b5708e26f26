"""Bot API answers from servers that are not Telegram: fill in what python-telegram-bot needs and they omit.

Telegram always sends `User.is_bot`, `Message.date` (in seconds), `Chat.type` and
`CallbackQuery.chat_instance`. Bot API emulators used for testing (telegram-test-api from npm, for one)
leave some of them out or send dates in milliseconds, and python-telegram-bot then cannot parse the
answer: the bot would not even get past getMe. Only missing or impossible values are filled in, so a real
Telegram answer passes through unchanged.
"""

from __future__ import annotations

import asyncio
import collections
import copy
import json
import logging
import math
import re
import time
from collections.abc import Callable, Hashable
from typing import Any

from telegram import Update
from telegram.error import InvalidToken, RetryAfter, TelegramError, TimedOut
from telegram.request import HTTPXRequest, RequestData

from askbot.question import LONE_SURROGATE

log = logging.getLogger("askbot.lenient")
USER_KEYS = frozenset({"from", "user", "forward_from", "via_bot", "left_chat_member", "new_chat_members"})
CHAT_KEYS = frozenset({"chat", "sender_chat", "forward_from_chat"})
CHAT_TYPES = frozenset({"private", "group", "supergroup", "channel"})
DROPPED_POLL_GRACE = 0.5  # seconds a server may take to notice a dropped long poll
MAX_RETRY_AFTER = 86_400  # seconds: the longest flood wait taken from a 429 as it stands
POLL_BACKOFF = (1.0, 1.5, 30.0)  # seconds between failed polls: the first, the factor, the longest (as the library's)
MILLISECONDS = 10**11  # a Unix time in seconds reaches this only in the year 5138
# A bot command at the start of a text, as Telegram marks it with a bot_command entity
COMMAND = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{1,64})?(?![\w/@])")
# Message fields that are objects or lists; an emulator that echoes the request sends them JSON-encoded.
OBJECT_FIELDS = frozenset({"reply_markup", "entities", "caption_entities", "link_preview_options",
                           "reply_parameters"})


class TokenRejected(TelegramError):
    """getUpdates answered 401 or 404 while the bot was running: the token was revoked or the bot deleted.

    python-telegram-bot raises InvalidToken there, which ends its polling task without a word to the
    Application: the process ran on, heard nothing and answered nothing. This error is handed to the
    application's error handler instead, which stops the bot (`askbot.bot.on_error`).

    `refuses_polling`: a 404 before any poll worked. getMe worked moments before with the same address and
    token, so it is a server that does not serve getUpdates (one that delivers updates by webhook only)."""

    def __init__(self, message: str, *, refuses_polling: bool = False) -> None:
        super().__init__(message)
        self.refuses_polling = refuses_polling


REMEMBERED = 10_000  # update ids (to drop repeats) and own group messages (to know replies) kept in memory


class Recent:
    """The last `size` keys seen, oldest forgotten first: a bounded memory of ids."""

    def __init__(self, size: int = REMEMBERED) -> None:
        self.size = size
        self._keys: collections.OrderedDict[Hashable, None] = collections.OrderedDict()

    def add(self, key: Hashable) -> None:
        self._keys[key] = None
        while len(self._keys) > self.size:
            self._keys.popitem(last=False)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._keys


def repair(payload: Any, updates: bool = False) -> Any:
    """The parsed answer with the fields filled in (in place; returned for convenience). `updates`: it is
    getUpdates' answer, whose unreadable updates are skipped (`_readable`)."""
    if isinstance(payload, dict):
        if updates and payload.get("ok") is True and not isinstance(payload.get("result"), list):
            # "no updates" as null, {} or "": python-telegram-bot logged each such poll as CRITICAL and polled
            # ever more slowly (up to 30 s apart), so a question came seconds late
            odd = payload.get("result")
            if odd not in (None, {}, "", False) and type(odd) not in _ODD_POLLS_TOLD:
                _ODD_POLLS_TOLD.add(type(odd))  # once: the server may answer every poll so
                log.warning("getUpdates answered %.80r, not a list of updates; read as none", odd)
            payload["result"] = []
        if payload.get("ok") is True and payload.get("result", None) is None:
            payload["result"] = True  # "ok" with nothing: the documented answer of edits and other actions
        result = payload.get("result")
        bare_user = isinstance(result, dict) and {"id", "first_name"} <= result.keys()
        if bare_user and not result.keys() & {"message_id", "type"}:  # not a Message, not a Chat
            result.setdefault("is_bot", True)  # getMe: the only method whose result is a bare User, the bot
            if not result.get("username"):  # python-telegram-bot's command filter needs one ("/ask@name")
                result["username"] = re.sub(r"\W", "", str(result["first_name"])) or "bot"
        if isinstance(parameters := payload.get("parameters"), dict) and "retry_after" in parameters:
            parameters["retry_after"] = _retry_seconds(parameters["retry_after"])
        _walk(payload, None)
        _replace_lone_surrogates(payload)
        if updates and isinstance(result, list):
            payload["result"] = [update for item in result if (update := _readable(item)) is not None]
    return payload


def _replace_lone_surrogates(node: Any) -> None:
    """Half an emoji (a JSON escape "\\ud83d" without its pair, as a client cut at a UTF-16 unit sends it) becomes
    U+FFFD in every text of the answer. Python reads it as a lone surrogate, which no UTF-8 encoder takes: the
    tokenizer failed on such a question (TypeError, a traceback and the apology), and so did every reply that
    quoted it, the apology included."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in list(items):
        if isinstance(value, str):
            if LONE_SURROGATE.search(value):
                node[key] = LONE_SURROGATE.sub("\ufffd", value)
        else:
            _replace_lone_surrogates(value)


_ODD_POLLS_TOLD: set[type] = set()  # the kinds of getUpdates answers that were no list, already warned about


def _retry_seconds(value: Any) -> int:
    """A 429's retry_after as the whole seconds python-telegram-bot can wait: Telegram sends a number, an emulator
    may send it as text ("2"), which failed the reply (a str has no total_seconds), or send nonsense; a wait of
    days (1e308 overflowed the library's timedelta) is a day. At least 1: python-telegram-bot ignores 0."""
    try:
        seconds = float(value) if not isinstance(value, bool) else 1.0
    except (TypeError, ValueError):
        seconds = 1.0
    if math.isnan(seconds):
        seconds = 1.0
    return math.ceil(min(max(seconds, 1.0), MAX_RETRY_AFTER))


def _readable(item: Any) -> dict | None:
    """An update python-telegram-bot cannot read (a newer Bot API's shape, an emulator's invention) would fail
    the whole getUpdates answer, every time it is asked again, and stop the bot for good. It becomes an
    empty update with the same id instead: skipped, and the updates after it are read. An id given as text
    ("10001") is read as the number; an item with no usable id (null, a bare value, "abc") is dropped, since
    the poller adds 1 to the last id to confirm what it read and would stop at anything but a number."""
    update_id = item.get("update_id") if isinstance(item, dict) else None
    as_text = isinstance(update_id, str) and re.fullmatch(r"\d{1,18}", update_id.strip())
    as_float = isinstance(update_id, float) and update_id.is_integer() and 0 <= update_id < 2**53  # 10001.0
    if as_text or as_float:
        update_id = item["update_id"] = int(update_id)
    if not isinstance(update_id, int) or isinstance(update_id, bool):
        log.warning("an update without a numeric update_id (%s) was skipped", str(item)[:80])
        return None
    message = item.get("message")
    if isinstance(message, dict) and _is_edited(message) and "edited_message" not in item:
        # an edit delivered as a new message (telegram-test-api can send nothing else): answered a second time,
        # where Telegram's edited_message is not answered at all
        item["edited_message"] = item.pop("message")
    kinds = ", ".join(k for k in item if k != "update_id") or "nothing"
    try:
        update = _parsed(item)
    except Exception as exc:  # whatever the parser raises, the update is unreadable as it is
        trimmed, left_out = _without_extras(item)
        if left_out:
            try:
                update = _parsed(trimmed)
            except Exception:  # the first error is the one worth telling
                pass
            else:
                log.warning("update %s (%s) read without its %s, which could not be read (%s: %s)",
                            item["update_id"], kinds, ", ".join(left_out), type(exc).__name__, _first_line(exc))
                return trimmed if _has_chat(update, item) else {"update_id": item["update_id"]}
        log.warning("update %s (%s) cannot be read (%s: %s); skipped", item["update_id"], kinds,
                    type(exc).__name__, _first_line(exc))
        return {"update_id": item["update_id"]}
    return item if _has_chat(update, item) else {"update_id": item["update_id"]}


def _is_edited(message: dict) -> bool:
    """The message says when it was edited: Telegram gives edit_date only to a message edited since it was sent."""
    edited = message.get("edit_date")
    return isinstance(edited, int | float) and not isinstance(edited, bool) and edited > 0


def _parsed(item: dict) -> Update:
    return Update.de_json(copy.deepcopy(item), None)


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else ""


def _has_chat(update: Update, item: dict) -> bool:
    """A message in no chat (no chat, no chat_id, no sender) cannot be answered: every handler would fail on
    it, and so would the error handler's apology. Skipped with a warning."""
    message = update.effective_message
    if message is None or message.chat is not None:
        return True
    log.warning("update %s (%s) has a message without a chat; skipped", item["update_id"],
                ", ".join(k for k in item if k != "update_id"))
    return False


# Parts of a message the bot can do without: when one cannot be read (an entity without offset, a reply_to_message
# that is a bare id or text), the message is read without it rather than skipped, and its question answered.
EXTRAS = ("reply_to_message", "external_reply", "quote", "entities", "caption_entities", "forward_origin",
          "reply_markup", "link_preview_options", "pinned_message", "sender_chat", "via_bot", "forward_from",
          "forward_from_chat", "reply_to_story", "story",
          # python-telegram-bot 22 requires a poll's Bot API 9.6 and 10.0 fields (persistent_id, members_only): a poll
          # from a server without them was skipped, and a private chat got no hint that the bot reads text only
          "poll")


def _without_extras(item: dict) -> tuple[dict, list[str]]:
    """A copy of the update with the EXTRAS of its message (or its button's message) left out, repaired again
    (a command's entity is added back), and the names of those left out."""
    trimmed = copy.deepcopy(item)
    left_out: list[str] = []
    for kind, value in trimmed.items():
        messages = [value] if kind != "callback_query" else [value.get("message")] if isinstance(value, dict) else []
        for message in messages:
            if isinstance(message, dict):
                left_out += [key for key in EXTRAS if message.pop(key, None) is not None]
    _walk(trimmed, None)
    return trimmed, sorted(set(left_out))


def _walk(node: Any, key: str | None) -> None:
    if isinstance(node, list):
        for item in node:
            _walk(item, key)
        return
    if not isinstance(node, dict):
        return
    if key in USER_KEYS:
        node.setdefault("is_bot", False)
        node.setdefault("first_name", "")
        if not isinstance(node.get("language_code", ""), str):  # 5, {…}: no language; read, it failed every reply
            del node["language_code"]
    elif key in CHAT_KEYS and "id" in node:
        chat_id = node["id"]
        kind = node.get("type")
        if isinstance(kind, str) and kind.strip().lower() in CHAT_TYPES:  # "Private", "SUPERGROUP": an emulator's
            node["type"] = kind.strip().lower()
        else:  # none, or one Telegram has not ("user", 1): a message in it reached no handler, so got no answer
            node["type"] = "private" if isinstance(chat_id, int) and chat_id > 0 else "group"
    elif key == "quote" and "text" in node and not isinstance(node["text"], str):  # as a message's text
        node["text"] = json.dumps(node["text"], ensure_ascii=False) if isinstance(node["text"], dict | list) \
            else str(node["text"])
    elif key == "callback_query":
        node["id"] = str(node.get("id", ""))
        if (data := node.get("data")) is not None and not isinstance(data, str):  # 5 or {"x": 1}: read as text
            node["data"] = json.dumps(data, ensure_ascii=False) if isinstance(data, dict | list) else str(data)
        sender = node.get("from")
        node.setdefault("chat_instance", str(sender.get("id", "")) if isinstance(sender, dict) else "")
        message = node.get("message")
        # nothing to edit, or no chat to say it in (a chat taken from the message's sender would be the bot's
        # own id): the handler answers in a new message in the presser's private chat instead
        if isinstance(message, dict) and ("message_id" not in message or not _chat_given(message)):
            del node["message"]
    if "message_id" in node and node.keys() & {"chat", "chat_id", "from", "text", "date"}:
        _message(node)  # a Message (a bare {"message_id"} is a MessageId or reply parameters)
    for child_key, child in list(node.items()):
        _walk(child, child_key)


def _message(node: dict) -> None:
    for field in OBJECT_FIELDS & node.keys():
        if isinstance(node[field], str):
            try:
                node[field] = json.loads(node[field])
            except ValueError:
                del node[field]
    for field in ("text", "caption"):  # a number or an object sent as the text: read as text
        if field in node and node[field] is not None and not isinstance(node[field], str):
            node[field] = json.dumps(node[field], ensure_ascii=False) if isinstance(node[field], dict | list) \
                else str(node[field])
    text = node.get("text")
    if isinstance(text, str) and (command := COMMAND.match(text)):
        _mark_command(node, len(command.group(0)))
    thread = node.get("message_thread_id")
    if isinstance(thread, str) and re.fullmatch(r"[0-9]{1,18}", thread):  # as an emulator echoes a form field
        node["message_thread_id"] = int(thread)
    chat = node.get("chat")
    if (isinstance(chat, dict) and chat.get("is_forum") is True and "is_topic_message" not in node
            and isinstance(node.get("message_thread_id"), int) and "reply_to_message" not in node):
        # In a forum, Telegram marks a message in a topic with is_topic_message, and python-telegram-bot puts
        # a reply into the message's topic only then: a server that gives the topic's id alone had the answer
        # posted in the General topic. (Telegram's own General-topic messages with a thread id are replies;
        # they are left as they are.)
        node["is_topic_message"] = True
    date = node.get("date")
    if not isinstance(date, int | float):
        node["date"] = int(time.time())
    elif date > MILLISECONDS:
        node["date"] = int(date // 1000)
    chat = node.get("chat")
    if isinstance(chat, int | str) and not isinstance(chat, bool) and re.fullmatch(r"-?[0-9]+|@\w+", str(chat)):
        node["chat"] = _chat(chat)  # the chat's id alone
    elif not isinstance(chat, dict):  # none, null or nonsense: the chat of its chat_id or, in private, its sender
        node.pop("chat", None)
        sender = node.get("from")
        chat_id = node.get("chat_id") or (sender.get("id") if isinstance(sender, dict) else None)
        if chat_id is not None:
            node["chat"] = _chat(chat_id)


def _mark_command(node: dict, length: int) -> None:
    """A text that starts with a command of `length` characters gets its bot_command entity as Telegram marks it.
    python-telegram-bot's command handlers look only at the first entity: a server that leaves it out would get
    every command answered as a question, and one whose entity runs past the command ("/ask why?" marked whole)
    or comes after others had "/ask why?" taken for the unknown command "ask why?" (silence in a group)."""
    entities = node.get("entities")
    if not entities:
        node["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return
    if not isinstance(entities, list):
        return
    marks = [e for e in entities if isinstance(e, dict) and e.get("type") == "bot_command" and e.get("offset") == 0]
    if marks:
        marks[0]["length"] = length
        entities.remove(marks[0])
        entities.insert(0, marks[0])


def _chat_given(message: dict) -> bool:
    """The message says which chat it is in (not only who sent it)."""
    chat = message.get("chat")
    if isinstance(chat, dict):
        return "id" in chat
    return bool(message.get("chat_id")) or (isinstance(chat, int | str) and not isinstance(chat, bool))


# Methods whose answer is the message sent or edited
MESSAGE_METHODS = frozenset({"sendMessage", "editMessageText", "editMessageReplyMarkup"})
# Parameters a reply can do without: when a server refuses one as unsupported, the reply goes out without it.
# A reply in a forum topic carries message_thread_id (python-telegram-bot adds it): a server without topics
# refused it, and the answer with it; in the chat's main thread it is at least seen.
OPTIONAL_PARAMETERS = ("link_preview_options", "reply_parameters", "message_thread_id")
UNSUPPORTED = re.compile(r"not (?:yet )?supported|unsupported|unknown (?:field|parameter)|not allowed", re.IGNORECASE)


def _refused_parameter(code: int, body: bytes, request_data: RequestData | None) -> str | None:
    """The optional parameter a 400 answer says the server does not support, if that is what it says."""
    if code != 400 or request_data is None:
        return None
    try:
        answer = json.loads(body)
        description, details = str(answer.get("description", "")), answer.get("parameters") or {}
    except (ValueError, AttributeError):
        return None
    sent = request_data.parameters
    for name in OPTIONAL_PARAMETERS:
        named = name in description.lower() or (isinstance(details, dict) and details.get("parameter") == name)
        if name in sent and named and UNSUPPORTED.search(description + " " + json.dumps(details)):
            return name
    return None


class LenientRequest(HTTPXRequest):
    """python-telegram-bot's HTTP client, parsing answers through `repair`.

    `empty_poll_pause`: Telegram holds an empty getUpdates open for its whole timeout (long polling); a
    server that answers an empty poll at once would be asked again at once, hundreds of times a second.
    After such an instant empty answer the poller waits this long, so it asks a few times a second.

    A reply refused because of a parameter the server does not support (a strict emulator refuses
    `link_preview_options`) is sent again without it, and so is every later request: no link-preview
    setting is better than no answer.
    """

    def __init__(self, *args: Any, empty_poll_pause: float = 0.0, reads_updates: bool = False,
                 leave_out: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.empty_poll_pause = empty_poll_pause
        self.reads_updates = reads_updates  # the poller's own client: every answer is getUpdates'
        # Set by the application (`askbot.bot.build_application`): whether it is polling (not yet stopping), and
        # where a refused poll is reported (its error handler, as python-telegram-bot's polling loop reports it)
        self.polling: Callable[[], bool] = lambda: False
        self.poll_failed: Callable[[TelegramError], None] = lambda error: None
        self.unsupported: set[str] = set(leave_out)  # optional parameters not sent (refused, or left out)
        self._cancelled_poll = -DROPPED_POLL_GRACE  # when a long poll was last dropped
        self._polls_in_flight = 0
        self._polled = False  # a getUpdates has been answered (200)
        self.get_me_answer: bytes | None = None  # getMe's last answer as it came, for `not_a_bot`

    async def post(self, url: str, request_data: RequestData | None = None, *args: Any, **kwargs: Any) -> Any:
        """getUpdates, while polling, asked again until it is answered: a 429 after its retry_after, another
        refusal (409 Conflict, a 5xx, an answer that is no JSON) reported and asked again after a back-off.

        python-telegram-bot's polling loop waits those out itself, between polls, where stopping cannot cut the
        wait short: a SIGTERM during a getUpdates 429 with a retry_after of 60 s took a minute to end the bot, and
        after a few refused polls (its back-off grows to 30 s) up to 30 s. Waited out here, inside the poll, the
        wait ends with the poll, which stopping cancels at once. A token the server rejects and a timeout are the
        library's to handle, as before. The last poll, once stopping, only confirms what was read: refused, it is
        a warning that says so (the library logged an ERROR on a clean stop, e.g. while another bot polled)."""
        backoff, factor, longest = POLL_BACKOFF
        while True:
            try:
                return await super().post(url, request_data, *args, **kwargs)  # type: ignore[misc]
            except TelegramError as exc:
                if not self.reads_updates:
                    raise
                if not self.polling():
                    log.warning("the last getUpdates, which confirms the updates read, was refused (%s: %.200s); "
                                "the server may hand them over again", type(exc).__name__, exc)
                    return []
                if isinstance(exc, InvalidToken | TokenRejected | TimedOut):
                    raise
                if isinstance(exc, RetryAfter):
                    wait = exc._retry_after.total_seconds()  # as the library reads it, without its warning
                    log.info("getUpdates: flood control, polling again in %.0f s", wait)
                else:
                    self.poll_failed(exc)
                    wait, backoff = backoff, min(longest, backoff * factor)
            await asyncio.sleep(wait)

    def parse_json_payload(self, payload: bytes) -> dict:
        # python-telegram-bot logs the whole answer at ERROR when it is no JSON: a web page is dozens of lines
        try:
            answer = json.loads(payload.decode("utf-8", "replace"))
        except ValueError:
            start = " ".join(payload[:60].decode("utf-8", "replace").split())
            raise TelegramError(f"the answer is not a Bot API answer (JSON) but {start!r}…") from None
        return repair(answer, updates=self.reads_updates)

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        # On shutdown the poller drops its long poll and at once asks getUpdates again, to confirm what it read.
        # Telegram ends the old poll for the new one; a server that notices the dropped connection only after
        # a moment (an emulator) refuses the new one with 409 meanwhile. Give it that moment.
        is_poll = url.endswith("/getUpdates")
        if is_poll:
            deadline = time.monotonic() + DROPPED_POLL_GRACE
            while self._polls_in_flight and time.monotonic() < deadline:  # being cancelled, not yet gone
                await asyncio.sleep(0.01)
            if (wait := self._cancelled_poll + DROPPED_POLL_GRACE - time.monotonic()) > 0:
                await asyncio.sleep(wait)
        started = time.monotonic()
        request_data = self._without_unsupported(request_data)
        self._polls_in_flight += is_poll
        try:
            code, body = await super().do_request(url, method, request_data, *args, **kwargs)
        except asyncio.CancelledError:
            if is_poll:
                self._cancelled_poll = time.monotonic()
            raise
        finally:
            self._polls_in_flight -= is_poll
        code = _status_of_refusal(code, body)
        if url.endswith("/getMe"):
            self.get_me_answer = body[:4096]
        if self.reads_updates and code in (401, 404):
            raise TokenRejected(f"{_description(body) or 'Unauthorized'} ({code})",
                                refuses_polling=code == 404 and not self._polled)
        self._polled = self._polled or (is_poll and code == 200)
        if code == 404 and url.endswith("/deleteWebhook"):
            # Polling starts with deleteWebhook. getMe worked with the same address and token, so a 404 here is a
            # server without webhooks (python-telegram-bot took it for a wrong token and would not start)
            log.warning("the Bot API server does not know deleteWebhook (%s); polling without it",
                        _description(body) or "404")
            return 200, b'{"ok": true, "result": true}'
        if refused := _refused_parameter(code, body, request_data):
            log.warning("the Bot API server does not support %s; sending without it from now on", refused)
            self.unsupported.add(refused)
            request_data = self._without_unsupported(request_data)
            code, body = await super().do_request(url, method, request_data, *args, **kwargs)
            code = _status_of_refusal(code, body)
        if code == 200 and request_data is not None and url.rsplit("/", 1)[-1] in MESSAGE_METHODS:
            body = _as_message(body, request_data.parameters)
        if (self.empty_poll_pause and is_poll and code == 200
                and time.monotonic() - started < self.empty_poll_pause and _no_updates(body)):
            await asyncio.sleep(self.empty_poll_pause)
        return code, body

    def _without_unsupported(self, request_data: RequestData | None) -> RequestData | None:
        if request_data is None or not self.unsupported.intersection(request_data.parameters):
            return request_data
        # RequestData has no public way to drop a parameter; python-telegram-bot is pinned to 22.x
        return RequestData([p for p in request_data._parameters if p.name not in self.unsupported])


def _status_of_refusal(code: int, body: bytes) -> int:
    """A refusal ({"ok": false}) sent with HTTP 200, as some emulators do, under its error_code (400 if it has
    none): python-telegram-bot read it as a success without a result (KeyError: 'result', a traceback and the
    apology), where a 400 "message to be replied not found" is one the bot gets past."""
    if code != 200 or not body.lstrip().startswith(b"{"):
        return code
    try:
        answer = json.loads(body)
    except ValueError:
        return code
    if not isinstance(answer, dict) or answer.get("ok") is not False:
        return code
    error_code = answer.get("error_code")
    return error_code if isinstance(error_code, int) and 400 <= error_code <= 599 else 400


def _as_message(body: bytes, sent: dict[str, Any]) -> bytes:
    """A sent or edited message as Telegram answers it. A server that answers with less (only the message_id,
    {}, the id as a bare number, a word such as "ok") gets the chat filled in from the request: python-telegram-bot
    could not read the answer, so a reply the server had delivered counted as failed, and the user got the apology
    after it. `true`, an edit's documented answer, stays as it is."""
    try:
        answer = json.loads(body)
    except ValueError:
        return body
    result = answer.get("result") if isinstance(answer, dict) else None
    if isinstance(result, int | float | str) and not isinstance(result, bool) and "chat_id" in sent:
        number = str(result).strip()
        result = answer["result"] = {"message_id": int(number)} if re.fullmatch(r"[0-9]{1,18}", number) else {}
    if not isinstance(result, dict) or "chat" in result or "chat_id" not in sent:
        return body
    chat_id = sent["chat_id"]
    result.setdefault("message_id", sent.get("message_id", 0))
    result["chat"] = _chat(chat_id)
    return json.dumps(answer).encode()  # `repair` adds the date and the chat type


def _chat(chat_id: Any) -> dict[str, Any]:
    """A chat object from a chat_id as requests carry it (a number, its text, or an @username)."""
    return {"id": int(chat_id) if re.fullmatch(r"-?[0-9]+", str(chat_id)) else chat_id}


def _description(body: bytes) -> str:
    try:
        return str(json.loads(body).get("description") or "")[:200]
    except (ValueError, AttributeError):
        return ""


def _no_updates(body: bytes) -> bool:
    try:
        result = json.loads(body).get("result")
        return result == [] or not isinstance(result, list)  # null, {}: none either (`repair`)
    except (ValueError, AttributeError):
        return False


BOT_FIELDS = ("id", "first_name", "is_bot")  # what Telegram's getMe gives the bot, at the least


def not_a_bot(answer: bytes | None) -> str:
    """What a getMe answer that python-telegram-bot could not read as a bot was, in a few words for the one sentence
    `askbot bot` ends with ("a web page", "true", "an object without id"): its own error ("User.__init__() missing
    1 required positional argument", "'result'") says nothing to someone who set an address or a token."""
    if answer is None:
        return "no answer"
    try:
        payload = json.loads(answer.decode("utf-8", "replace"))
    except ValueError:
        return "a web page" if answer.lstrip()[:1] == b"<" else "text that is not JSON"
    if not isinstance(payload, dict) or "ok" not in payload:
        return "JSON that is not a Bot API answer"
    result = payload.get("result")
    if isinstance(result, dict):
        missing = [field for field in BOT_FIELDS if field not in result]
        return f"an object without {', '.join(missing)}" if missing else "an object that is not a bot"
    if result is None:
        return "no result"
    if isinstance(result, bool):
        return json.dumps(result)
    return {str: "a text", list: "a list"}.get(type(result), "a number")
