"""A fake Telegram Bot API server for end-to-end tests of the bot (no internet, no mocks in PTB).

``FakeBotAPI`` is a real HTTP server on ``127.0.0.1`` (random free port) running in background
threads. A real python-telegram-bot ``Application`` talks to it exactly as it talks to Telegram:
it parses the form-encoded, JSON and multipart bodies PTB sends and answers with the Bot API's
JSON shapes (``{"ok": true, "result": ...}`` / ``{"ok": false, "error_code": ..., "description":
...}``), so PTB raises its real exceptions (``BadRequest``, ``Forbidden``, ``RetryAfter``, ...).

Wiring an Application::

    with FakeBotAPI() as api:
        app = (
            Application.builder()
            .token(api.token)
            .base_url(api.base_url)            # "http://127.0.0.1:PORT/bot"
            .base_file_url(api.base_file_url)  # "http://127.0.0.1:PORT/file/bot"
            .build()
        )
        async with app:
            await app.start()
            await app.updater.start_polling(poll_interval=0.0, timeout=1)
            api.send_text(42, "/start")
            params = await api.await_call("sendMessage")
            ...
            await app.updater.stop()
            await app.stop()

Lifecycle
    ``FakeBotAPI(*, token=..., bot_username="askbot_test_bot", bot_first_name="AskBot Test",
    record_get_updates=False)``; ``start() -> self`` / ``stop()`` (idempotent; wakes long polls and
    joins every server thread) or use it as a context manager. ``.token``, ``.base_url``,
    ``.base_file_url``, ``.port``, ``.bot_user`` (the getMe dict), ``.bot_id``, ``.bot_username``.

Queueing updates (each returns the Message / CallbackQuery dict it put into the update)
    ``send_text(chat_id, text, *, user_id=None, chat_type=None, language_code="en",
    reply_to_message=None, entities=None)`` -- a ``message`` update. ``bot_command``, ``mention``
    and ``url`` entities are detected automatically (UTF-16 offsets) unless ``entities`` is given.
    ``chat_type`` defaults to "private" for positive ids, "supergroup" for ids <= -10**12 and
    "group" otherwise; in private chats the sender defaults to (and must be) ``chat_id``; in groups
    to ``DEFAULT_USER_ID``.
    ``send_document(chat_id, file_name, data, mime_type="application/octet-stream", *, caption=...)``,
    ``send_photo(chat_id, data, *, caption=None, width=1280, height=960)``,
    ``send_sticker(chat_id, *, emoji="👍", data=b"...")`` -- the bytes are served by getFile + the
    file URL. ``edit_text(message, new_text)`` -- an ``edited_message`` update.
    ``press_button(message, callback_data, *, user_id=None, strict=True)`` -- a ``callback_query``
    carrying the bot message's *current* state (strict: the data must be on one of its buttons).
    ``queue_update(update)`` -- any raw update dict (``update_id`` is filled in).
    ``register_file(data, *, file_name=None) -> file_id``, ``set_user(user_id, **fields)``,
    ``add_bot_message(chat_id, **fields) -> Message`` (store a bot message, for custom handlers).

Inspecting what the bot did
    ``.calls`` -- ``[(method, params), ...]`` in arrival order (getUpdates omitted unless
    ``record_get_updates=True``); ``calls_of(method) -> [params, ...]``; ``records(method=None)``
    -> ``[CallRecord]`` with ``.time`` (``time.monotonic()`` at arrival), ``.status``, ``.result``,
    ``.error``, ``.ok``; ``call_times(method) -> [float]``; ``clear_calls()``. Failed attempts
    (injected faults, 4xx) are recorded too, so retries show up as separate calls.
    ``wait_for(method, predicate=None, timeout=10.0, *, ok=None) -> params`` blocks (threading
    Condition) until an *answered* call of ``method`` whose params satisfy ``predicate`` (and whose
    outcome matches ``ok`` when not None) exists that no earlier wait returned; every call is handed
    out once, so two ``wait_for("sendMessage")`` see two different messages. ``wait_for_call`` is
    the same but returns the ``CallRecord`` (``record.result`` is the Message the bot got back).
    ``await_call(...)`` / ``await_record(...)`` are asyncio-friendly (polling) twins. All of them
    raise ``TimeoutError`` listing the calls seen. ``pending_updates()``; ``wait_consumed(timeout)`` /
    ``await_consumed(timeout)``: until the bot confirmed (via getUpdates offset) every queued update.
    ``messages(chat_id)`` -- the bot's messages as the chat shows them now (edits applied, deleted
    ones gone; the reply_markup is an inline keyboard only, as in real Messages);
    ``last_message(chat_id)``; ``message(chat_id, message_id)`` (any sender);
    ``commands(scope=None, language_code="")`` -- what setMyCommands stored.

Fault injection
    ``fail_next(method, error_code=400, description=None, times=1, *, parameters=None)``,
    ``rate_limit_next(method, retry_after=1, times=1)`` (429 + ``parameters.retry_after``, which PTB
    turns into ``telegram.error.RetryAfter``), ``delay_next(method, seconds, times=1)``,
    ``block_chat(chat_id)`` / ``unblock_chat(chat_id)`` (403 on every send/edit/action there),
    ``refuse_next_download(status=404, body=b"File not found\\n")`` (a raw, non-JSON answer to the next
    file download). Faults are consumed FIFO per method. Compare ``call_times`` to check retry back-off.

Bot messages also get the url/mention/bot_command entities Telegram detects by itself.

Methods served: getMe, getUpdates (long poll honouring offset/limit/timeout/allowed_updates; a newer
poll terminates an older one with 409 like Telegram; returns at once on ``stop()``), deleteWebhook,
getWebhookInfo, setMyCommands, getMyCommands, deleteMyCommands, sendMessage, editMessageText,
editMessageReplyMarkup, deleteMessage, answerCallbackQuery, sendChatAction, getFile (+ file
downloads), close, logOut. Anything else -> 404 "Not Found: method not found" unless added with
``set_method_handler(name, func)`` (``func(params) -> result``; raise ``FakeApiError`` to fail;
uploaded files arrive in ``params`` as ``UploadedFile(filename, content_type, data)``).
``.internal_errors`` lists exceptions raised inside the fake (answered as 500): assert it is empty.
Text formatting is checked like Telegram does: ``parse_mode`` HTML / MarkdownV2 / Markdown is
parsed into entities (bad markup -> 400 "Bad Request: can't parse entities: ..."), text is stripped,
empty -> "message text is empty", > 4096 chars -> "message is too long", an identical edit ->
"message is not modified", callback_data > 64 bytes -> "BUTTON_DATA_INVALID". Like Telegram,
editMessageText without reply_markup removes the message's inline keyboard.
"""

from __future__ import annotations

import asyncio
import copy
import itertools
import json
import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

__all__ = [
    "DEFAULT_TOKEN",
    "DEFAULT_USER_ID",
    "CallRecord",
    "FakeApiError",
    "FakeBotAPI",
    "UploadedFile",
    "detect_entities",
    "parse_formatting",
]

_LOG = logging.getLogger(__name__)

JSONDict = dict[str, Any]

DEFAULT_TOKEN = "123456789:AAFakeTokenForTestsOnly_abcdefghijklmno"
DEFAULT_USER_ID = 1001
MAX_MESSAGE_LENGTH = 4096
MAX_CALLBACK_DATA_BYTES = 64
MAX_DOWNLOAD_SIZE = 20 * 1024 * 1024

# Update types Telegram leaves out when allowed_updates is empty / not given.
_NOT_DELIVERED_BY_DEFAULT = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
# PTB sends str-valued parameters raw and everything else JSON-encoded; these keep their raw text
# even if it happens to look like JSON (e.g. text="123").
_RAW_STRING_KEYS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "inline_message_id",
        "file_id",
        "action",
        "url",
        "language_code",
        "emoji",
        "title",
        "description",
        "short_description",
        "name",
        "query",
        "secret_token",
        "message_effect_id",
        "business_connection_id",
        "data",
        "photo",
        "document",
        "audio",
        "video",
        "voice",
        "sticker",
        "animation",
        "video_note",
        "thumbnail",
    }
)


class FakeApiError(Exception):
    """A Bot API error answer; raise it from a custom method handler to fail the call."""

    def __init__(self, error_code: int, description: str, parameters: JSONDict | None = None) -> None:
        super().__init__(f"{error_code} {description}")
        self.error_code = error_code
        self.description = description
        self.parameters = parameters

    def payload(self) -> JSONDict:
        body: JSONDict = {"ok": False, "error_code": self.error_code, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def _bad_request(what: str) -> FakeApiError:
    return FakeApiError(400, f"Bad Request: {what}")


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart request (as PTB uploads InputFile objects)."""

    filename: str
    content_type: str
    data: bytes


@dataclass
class CallRecord:
    """One Bot API call as the server saw it."""

    index: int
    method: str
    params: JSONDict
    time: float  # time.monotonic() when the request arrived
    status: int | None = None  # HTTP status of the answer; None while still being processed
    result: Any = None  # the "result" of a successful answer
    error: JSONDict | None = None  # the whole error body of a failed answer

    @property
    def ok(self) -> bool | None:
        """True/False once answered (2xx or not), None while in flight."""
        if self.status is None:
            return None
        return 200 <= self.status < 300


@dataclass
class _Fault:
    error_code: int | None  # None: delay only
    description: str
    parameters: JSONDict | None
    delay: float
    remaining: int


@dataclass
class _StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes


# --------------------------------------------------------------------------------------------------
# Text helpers: UTF-16 offsets, automatic entities, HTML / MarkdownV2 / Markdown parsing
# --------------------------------------------------------------------------------------------------


def _u16(text: str) -> int:
    """Length of ``text`` in UTF-16 code units (the unit of Telegram entity offsets)."""
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


_COMMAND_RE = re.compile(r"(?<![^\s(])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/@])")
_MENTION_RE = re.compile(r"(?<![\w@/])@[A-Za-z0-9_]{5,32}(?![\w@])")
_URL_RE = re.compile(r"(?<![\w@/])https?://[^\s<>\"]+", re.IGNORECASE)
_URL_TRAILING = ".,;:!?'\")]}»"


def detect_entities(text: str) -> list[JSONDict]:
    """The entities Telegram adds by itself: bot_command, mention (@username) and url (http/https)."""
    found: list[tuple[int, int, str]] = []
    for regex, kind in ((_COMMAND_RE, "bot_command"), (_MENTION_RE, "mention"), (_URL_RE, "url")):
        for match in regex.finditer(text):
            start, end = match.span()
            if kind == "url":
                while end > start and text[end - 1] in _URL_TRAILING:
                    # keep a closing parenthesis that belongs to the URL, e.g. wiki links
                    if text[end - 1] == ")" and text[start:end].count("(") >= text[start:end].count(")"):
                        break
                    end -= 1
            if any(start < o_end and o_start < end for o_start, o_end, _ in found):
                continue
            found.append((start, end, kind))
    found.sort()
    return [{"type": kind, "offset": _u16(text[:s]), "length": _u16(text[s:e])} for s, e, kind in found]


def _sort_entities(entities: list[JSONDict]) -> list[JSONDict]:
    return sorted(entities, key=lambda e: (e["offset"], -e["length"]))


class _ParseError(Exception):
    pass


class _TextBuilder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.u16 = 0

    def add(self, piece: str) -> None:
        self.parts.append(piece)
        self.u16 += _u16(piece)

    def text(self) -> str:
        return "".join(self.parts)


_HTML_ENTITY_RE = re.compile(r"&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|(lt|gt|amp|quot));")
_HTML_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_HTML_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_WS = " \t\r\n"


def _html_unescape(text: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(text):
        if text[i] == "&":
            decoded, consumed = _html_entity_at(text, i)
            if decoded is not None:
                out.append(decoded)
                i += consumed
                continue
        out.append(text[i])
        i += 1
    return "".join(out)


def _html_entity_at(text: str, i: int) -> tuple[str | None, int]:
    match = _HTML_ENTITY_RE.match(text, i)
    if not match:
        return None, 0
    dec, hexa, named = match.groups()
    if named:
        return _HTML_NAMED[named], match.end() - i
    code = int(dec) if dec else int(hexa, 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None, 0
    return chr(code), match.end() - i


@dataclass
class _OpenTag:
    tag: str
    kind: str
    start: int  # UTF-16 offset in the output
    extra: JSONDict = field(default_factory=dict)


def _parse_html(text: str) -> tuple[str, list[JSONDict]]:
    out = _TextBuilder()
    stack: list[_OpenTag] = []
    entities: list[JSONDict] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "&":
            decoded, consumed = _html_entity_at(text, i)
            if decoded is not None:
                out.add(decoded)
                i += consumed
                continue
        if char != "<":
            out.add(char)
            i += 1
            continue
        byte_pos = _byte_offset(text, i)
        if i + 1 < n and text[i + 1] == "/":
            end = text.find(">", i + 2)
            if end == -1:
                raise _ParseError(f"Unclosed end tag at byte offset {byte_pos}")
            name = text[i + 2 : end].strip().lower()
            if not stack:
                raise _ParseError(f"Unexpected end tag at byte offset {byte_pos}")
            top = stack.pop()
            if name != top.tag:
                raise _ParseError(
                    f'Unmatched end tag at byte offset {byte_pos}, expected "</{top.tag}>", found "</{name}>"'
                )
            _close_html_tag(top, stack, out.u16, entities)
            i = end + 1
            continue
        j = i + 1
        while j < n and text[j].isascii() and (text[j].isalnum() or text[j] == "-"):
            j += 1
        name = text[i + 1 : j].lower()
        if name not in _HTML_TAGS:
            raise _ParseError(f'Unsupported start tag "{name}" at byte offset {byte_pos}')
        attrs: dict[str, str] = {}
        while True:
            while j < n and text[j] in _WS:
                j += 1
            if j >= n:
                raise _ParseError(f"Unclosed start tag at byte offset {byte_pos}")
            if text[j] == ">":
                j += 1
                break
            k = j
            while k < n and text[k].isascii() and (text[k].isalnum() or text[k] in "-_"):
                k += 1
            if k == j:
                raise _ParseError(f'Empty attribute name in the tag "{name}" at byte offset {byte_pos}')
            attr = text[j:k].lower()
            j = k
            while j < n and text[j] in _WS:
                j += 1
            value = ""
            if j < n and text[j] == "=":
                j += 1
                while j < n and text[j] in _WS:
                    j += 1
                if j >= n:
                    raise _ParseError(f"Unclosed start tag at byte offset {byte_pos}")
                if text[j] in "\"'":
                    close = text.find(text[j], j + 1)
                    if close == -1:
                        raise _ParseError(f"Unclosed start tag at byte offset {byte_pos}")
                    value = _html_unescape(text[j + 1 : close])
                    j = close + 1
                else:
                    k = j
                    while k < n and text[k] not in _WS and text[k] != ">":
                        k += 1
                    value = _html_unescape(text[j:k])
                    j = k
            attrs[attr] = value
        kind = _HTML_TAGS[name]
        extra: JSONDict = {}
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise _ParseError(f'Unsupported start tag "{name}" at byte offset {byte_pos}')
        if name == "a":
            extra["url"] = attrs.get("href", "")
        elif name == "code" and attrs.get("class", "").startswith("language-"):
            extra["language"] = attrs["class"][len("language-") :]
        elif name == "tg-emoji":
            if not attrs.get("emoji-id"):
                raise _ParseError(
                    f'Custom emoji entity must have "emoji-id" attribute at byte offset {byte_pos}'
                )
            extra["custom_emoji_id"] = attrs["emoji-id"]
        elif name == "blockquote" and "expandable" in attrs:
            kind = "expandable_blockquote"
        stack.append(_OpenTag(name, kind, out.u16, extra))
        i = j
    if stack:
        raise _ParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].tag}"')
    return out.text(), _sort_entities(entities)


def _close_html_tag(top: _OpenTag, stack: list[_OpenTag], end: int, entities: list[JSONDict]) -> None:
    length = end - top.start
    if length <= 0:
        return
    if top.tag == "a":
        url = top.extra.get("url", "")
        if not url:
            return
        if url.startswith("tg://user?id="):
            user_id = url.split("=", 1)[1]
            if user_id.isdigit():
                entities.append(
                    {
                        "type": "text_mention",
                        "offset": top.start,
                        "length": length,
                        "user": {"id": int(user_id), "is_bot": False, "first_name": "User"},
                    }
                )
                return
        entities.append({"type": "text_link", "offset": top.start, "length": length, "url": url})
        return
    if top.tag == "code" and "language" in top.extra and stack and stack[-1].tag == "pre":
        pre = stack[-1]
        if pre.start == top.start and "language" not in pre.extra:
            pre.extra["language"] = top.extra["language"]
            return
    entity: JSONDict = {"type": top.kind, "offset": top.start, "length": length}
    if top.kind == "pre" and top.extra.get("language"):
        entity["language"] = top.extra["language"]
    if top.kind == "custom_emoji":
        entity["custom_emoji_id"] = top.extra["custom_emoji_id"]
    entities.append(entity)


_MDV2_RESERVED = "_*[]()~`>#+-=|{}.!"
_MDV2_NAMES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "text_link": "TextUrl",
    "code": "Code",
    "pre": "Pre",
    "custom_emoji": "CustomEmoji",
}


@dataclass
class _OpenMd:
    kind: str
    start: int  # UTF-16 offset in the output
    byte_pos: int
    text_start: int  # index into the output text (for [url] without (...))
    language: str = ""


def _reserved_error(char: str) -> _ParseError:
    return _ParseError(f"Character '{char}' is reserved and must be escaped with the preceding '\\'")


def _at(text: str, i: int) -> str:
    return text[i] if 0 <= i < len(text) else ""


def _parse_markdown_v2(text: str) -> tuple[str, list[JSONDict]]:
    out = _TextBuilder()
    stack: list[_OpenMd] = []
    entities: list[JSONDict] = []
    quote_start: int | None = None
    i, n = 0, len(text)

    def in_code() -> bool:
        return bool(stack) and stack[-1].kind in ("code", "pre")

    while i < n:
        char = text[i]
        nxt = _at(text, i + 1)
        if char == "\\" and nxt and 0 < ord(nxt) <= 126:
            out.add(nxt)
            i += 2
            continue
        if char == "\n" and not in_code():
            if quote_start is not None and _at(text, i + 1) != ">":
                if out.u16 > quote_start:
                    entities.append(
                        {"type": "blockquote", "offset": quote_start, "length": out.u16 - quote_start}
                    )
                quote_start = None
            out.add(char)
            i += 1
            continue
        if char == ">" and not in_code() and (i == 0 or text[i - 1] == "\n"):
            if quote_start is None:
                quote_start = out.u16
            i += 1
            continue
        reserved = "`" if in_code() else _MDV2_RESERVED
        if char not in reserved:
            out.add(char)
            i += 1
            continue
        is_end = False
        if stack:
            kind = stack[-1].kind
            is_end = {
                "bold": char == "*",
                "italic": char == "_" and nxt != "_",
                "code": char == "`",
                "pre": char == "`" and nxt == "`" and _at(text, i + 2) == "`",
                "text_link": char == "]",
                "custom_emoji": char == "]",
                "underline": char == "_" and nxt == "_",
                "strikethrough": char == "~",
                "spoiler": char == "|" and nxt == "|",
            }[kind]
        byte_pos = _byte_offset(text, i)
        if not is_end:
            language = ""
            if char == "_":
                kind = "underline" if nxt == "_" else "italic"
                i += 2 if nxt == "_" else 1
            elif char == "*":
                kind, i = "bold", i + 1
            elif char == "~":
                kind, i = "strikethrough", i + 1
            elif char == "|":
                if nxt != "|":
                    raise _reserved_error(char)
                kind, i = "spoiler", i + 2
            elif char == "[":
                kind, i = "text_link", i + 1
            elif char == "!":
                if nxt != "[":
                    raise _reserved_error(char)
                kind, i = "custom_emoji", i + 2
            elif char == "`":
                if nxt == "`" and _at(text, i + 2) == "`":
                    kind = "pre"
                    i += 3
                    lang_end = i
                    while lang_end < n and text[lang_end] not in " \t\r\n`":
                        lang_end += 1
                    if lang_end != i and lang_end < n and text[lang_end] != "`":
                        language = text[i:lang_end]
                        i = lang_end
                    if _at(text, i) in ("\n", "\r"):
                        pair = _at(text, i + 1)
                        i += 2 if pair in ("\n", "\r") and pair != text[i] else 1
                else:
                    kind, i = "code", i + 1
            else:
                raise _reserved_error(char)
            stack.append(_OpenMd(kind, out.u16, byte_pos, len(out.text()), language))
            continue
        top = stack.pop()
        skip = out.u16 == top.start
        entity: JSONDict = {"type": top.kind, "offset": top.start, "length": out.u16 - top.start}
        if top.kind == "underline" or top.kind == "spoiler":
            i += 2
        elif top.kind == "pre":
            i += 3
            if top.language:
                entity["language"] = top.language
        elif top.kind in ("text_link", "custom_emoji"):
            i += 1
            url = ""
            if _at(text, i) == "(":
                i += 1
                url_begin = _byte_offset(text, i)
                chars: list[str] = []
                while i < n and text[i] != ")":
                    if text[i] == "\\" and _at(text, i + 1) and 0 < ord(text[i + 1]) <= 126:
                        chars.append(text[i + 1])
                        i += 2
                        continue
                    chars.append(text[i])
                    i += 1
                if i >= n:
                    raise _ParseError(f"Can't find end of a URL at byte offset {url_begin}")
                i += 1
                url = "".join(chars)
            elif top.kind == "text_link":
                url = out.text()[top.text_start :]
            if top.kind == "custom_emoji":
                match = re.fullmatch(r"tg://emoji\?id=(\d+)", url)
                if not match:
                    raise _ParseError("Custom emoji entity must contain a tg://emoji URL")
                entity["custom_emoji_id"] = match.group(1)
            else:
                url = url.strip()
                if not url or any(c in _WS for c in url):
                    skip = True
                elif "://" not in url and not url.startswith("tg:"):
                    url = "http://" + url
                entity["url"] = url
        else:
            i += 1
        if not skip:
            entities.append(entity)
    if stack:
        top = stack[-1]
        raise _ParseError(f"Can't find end of {_MDV2_NAMES[top.kind]} entity at byte offset {top.byte_pos}")
    if quote_start is not None and out.u16 > quote_start:
        entities.append({"type": "blockquote", "offset": quote_start, "length": out.u16 - quote_start})
    return out.text(), _sort_entities(entities)


def _parse_markdown_v1(text: str) -> tuple[str, list[JSONDict]]:
    out = _TextBuilder()
    entities: list[JSONDict] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "\\" and _at(text, i + 1) in ("_", "*", "`", "["):
            out.add(text[i + 1])
            i += 2
            continue
        if char not in "_*`[":
            out.add(char)
            i += 1
            continue
        begin = _byte_offset(text, i)
        end_char = "]" if char == "[" else char
        is_pre = False
        language = ""
        i += 1
        if char == "`" and _at(text, i) == "`" and _at(text, i + 1) == "`":
            i += 2
            is_pre = True
            lang_end = i
            while lang_end < n and text[lang_end] not in " \t\r\n`":
                lang_end += 1
            if lang_end != i and lang_end < n and text[lang_end] != "`":
                language = text[i:lang_end]
                i = lang_end
            if _at(text, i) in ("\n", "\r"):
                i += 1
        start = out.u16
        while i < n and (
            text[i] != end_char or (is_pre and not (_at(text, i + 1) == "`" and _at(text, i + 2) == "`"))
        ):
            out.add(text[i])
            i += 1
        if i >= n:
            raise _ParseError(f"Can't find end of the entity starting at byte offset {begin}")
        i += 1
        if is_pre:
            i += 2
        length = out.u16 - start
        if char == "[":
            url = ""
            if _at(text, i) == "(":
                close = text.find(")", i + 1)
                if close == -1:
                    raise _ParseError(f"Can't find end of a URL at byte offset {_byte_offset(text, i)}")
                url = text[i + 1 : close]
                i = close + 1
            if length and url:
                entities.append({"type": "text_link", "offset": start, "length": length, "url": url})
            continue
        if not length:
            continue
        kind = {"_": "italic", "*": "bold"}.get(char, "pre" if is_pre else "code")
        entity: JSONDict = {"type": kind, "offset": start, "length": length}
        if language:
            entity["language"] = language
        entities.append(entity)
    return out.text(), _sort_entities(entities)


def parse_formatting(text: str, parse_mode: str | None) -> tuple[str, list[JSONDict]]:
    """Turn ``text`` + ``parse_mode`` into (plain text, entities) like Telegram, before stripping.

    Raises ``FakeApiError`` 400 "Bad Request: can't parse entities: ..." on malformed markup.
    """
    if not parse_mode:
        return text, []
    mode = parse_mode.lower()
    parsers: dict[str, Callable[[str], tuple[str, list[JSONDict]]]] = {
        "html": _parse_html,
        "markdownv2": _parse_markdown_v2,
        "markdown": _parse_markdown_v1,
    }
    parser = parsers.get(mode)
    if parser is None:
        raise _bad_request("unsupported parse_mode")
    try:
        return parser(text)
    except _ParseError as exc:
        raise _bad_request(f"can't parse entities: {exc}") from None


def _strip_text(text: str, entities: list[JSONDict]) -> tuple[str, list[JSONDict]]:
    stripped = text.strip()
    if stripped == text:
        return text, entities
    lead = _u16(text[: len(text) - len(text.lstrip())])
    total = _u16(stripped)
    result: list[JSONDict] = []
    for entity in entities:
        start = max(entity["offset"] - lead, 0)
        end = min(entity["offset"] + entity["length"] - lead, total)
        if end > start:
            result.append({**entity, "offset": start, "length": end - start})
    return stripped, result


def _with_detected(text: str, entities: list[JSONDict]) -> list[JSONDict]:
    """Add url/mention/bot_command entities Telegram detects, except inside code/pre/links."""
    blocking = [e for e in entities if e["type"] in ("code", "pre", "text_link", "url", "text_mention")]
    merged = list(entities)
    for detected in detect_entities(text):
        d_start, d_end = detected["offset"], detected["offset"] + detected["length"]
        if any(d_start < b["offset"] + b["length"] and b["offset"] < d_end for b in blocking):
            continue
        merged.append(detected)
    return _sort_entities(merged)


# --------------------------------------------------------------------------------------------------
# Request parsing
# --------------------------------------------------------------------------------------------------


def _decode_value(key: str, value: str) -> Any:
    if key in _RAW_STRING_KEYS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


_DISPOSITION_PARAM_RE = re.compile(r';\s*([A-Za-z0-9_*-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))')


def _header_params(value: str) -> dict[str, str]:
    params: dict[str, str] = {}
    for match in _DISPOSITION_PARAM_RE.finditer(value):
        raw = match.group(2) if match.group(2) is not None else match.group(3)
        params[match.group(1).lower()] = unquote(re.sub(r"\\(.)", r"\1", raw))
    return params


def _parse_multipart(content_type: str, body: bytes) -> JSONDict:
    boundary = _header_params(content_type).get("boundary")
    if not boundary:
        raise _bad_request("multipart boundary is missing")
    params: JSONDict = {}
    delimiter = b"--" + boundary.encode("latin-1")
    for chunk in body.split(delimiter)[1:]:
        if chunk.startswith(b"--"):
            break
        part = chunk[2:] if chunk.startswith(b"\r\n") else chunk
        if part.endswith(b"\r\n"):
            part = part[:-2]
        head, _, data = part.partition(b"\r\n\r\n")
        headers: dict[str, str] = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            header, sep, value = line.partition(":")
            if sep:
                headers[header.strip().lower()] = value.strip()
        disposition = _header_params(headers.get("content-disposition", ""))
        name = disposition.get("name")
        if not name:
            continue
        if "filename" in disposition:
            params[name] = UploadedFile(
                disposition["filename"], headers.get("content-type", "application/octet-stream"), data
            )
        else:
            params[name] = _decode_value(name, data.decode("utf-8", "replace"))
    return params


def _parse_body(content_type: str, body: bytes) -> JSONDict:
    if not body:
        return {}
    media_type = content_type.partition(";")[0].strip().lower()
    if media_type == "application/json":
        try:
            data = json.loads(body)
        except ValueError:
            raise _bad_request("can't parse JSON request body") from None
        if not isinstance(data, dict):
            raise _bad_request("JSON request body must be an object")
        return data
    if media_type == "multipart/form-data":
        return _parse_multipart(content_type, body)
    pairs = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
    return {key: _decode_value(key, value) for key, value in pairs}


def _as_int(params: JSONDict, key: str, *, required: bool = True) -> int | None:
    value = params.get(key)
    if value is None or value == "":
        if required:
            raise _bad_request(f"{key} is empty" if key != "chat_id" else "chat not found")
        return None
    if isinstance(value, bool):
        raise _bad_request(f"wrong parameter {key}")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        return int(value)
    if key == "chat_id":
        raise _bad_request("chat not found")
    raise _bad_request(f"wrong parameter {key} specified")


def _as_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.lower() in ("true", "1")
    return bool(value)


# --------------------------------------------------------------------------------------------------
# HTTP plumbing
# --------------------------------------------------------------------------------------------------


class _Server(ThreadingHTTPServer):
    daemon_threads = False  # server_close() joins every handler thread
    block_on_close = True
    request_queue_size = 64
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], api: FakeBotAPI) -> None:
        super().__init__(address, _Handler)
        self.api = api

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        threading.current_thread().name = "FakeBotAPI-handler"
        super().process_request_thread(request, client_address)

    def handle_error(self, request: Any, client_address: Any) -> None:
        _LOG.debug("FakeBotAPI: error while handling a request from %s", client_address, exc_info=True)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    timeout = 30  # socket timeout: a stuck client can't keep a handler thread alive forever
    server_version = "FakeBotAPI/1.0"
    protocol_version = "HTTP/1.0"  # one request per connection: no idle keep-alive threads

    def log_message(self, format: str, *args: Any) -> None:
        _LOG.debug("FakeBotAPI: " + format, *args)

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _handle(self) -> None:
        api = self.server.api
        split = urlsplit(self.path)
        path = unquote(split.path)
        try:
            body = self._read_body()
            if path.startswith("/file/bot"):
                token, _, file_path = path[len("/file/bot") :].partition("/")
                if token != api.token:
                    raise FakeApiError(401, "Unauthorized")
                refusal = api._download_refusal()
                if refusal is not None:
                    self._send(*refusal)
                    return
                data = api._file_bytes(file_path)
                if data is None:
                    raise FakeApiError(404, "Not Found")
                self._send(200, data, "application/octet-stream")
                return
            if not path.startswith("/bot"):
                raise FakeApiError(404, "Not Found")
            token, _, method = path[len("/bot") :].partition("/")
            if ":" not in token:
                raise FakeApiError(404, "Not Found")
            if token != api.token:
                raise FakeApiError(401, "Unauthorized")
            if not method or "/" in method:
                raise FakeApiError(404, "Not Found: method not found")
            params: JSONDict = {k: _decode_value(k, v) for k, v in parse_qsl(split.query)}
            params.update(_parse_body(self.headers.get("Content-Type", ""), body))
        except FakeApiError as exc:
            self._send_json(exc.error_code, exc.payload())
            return
        status, payload = api._dispatch(method, params)
        self._send_json(status, payload)

    def _send_json(self, status: int, payload: JSONDict) -> None:
        self._send(status, json.dumps(payload, ensure_ascii=False).encode("utf-8"), "application/json")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.close_connection = True
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            _LOG.debug("FakeBotAPI: client went away before the answer was sent")


# --------------------------------------------------------------------------------------------------
# The fake
# --------------------------------------------------------------------------------------------------


def _update_type(update: JSONDict) -> str:
    return next((key for key in update if key != "update_id"), "")


class FakeBotAPI:
    """A fake Telegram Bot API server; see the module docstring for the whole API."""

    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        bot_username: str | None = "askbot_test_bot",
        bot_first_name: str = "AskBot Test",
        record_get_updates: bool = False,
        host: str = "127.0.0.1",
    ) -> None:
        bot_id, sep, secret = token.partition(":")
        if not (sep and bot_id.isdigit() and secret):
            raise ValueError(f"token must look like '<bot id>:<secret>', got {token!r}")
        self.token = token
        self.host = host
        self.bot_id = int(bot_id)
        self.bot_username = bot_username
        self._bot_user: JSONDict = {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        if bot_username is None:  # an emulator's made-up bot: no username
            del self._bot_user["username"]
        self._record_get_updates = record_get_updates

        self._cond = threading.Condition()
        self._stop_event = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._stopped = False

        self._log: list[CallRecord] = []
        self._handed_out: set[int] = set()  # CallRecord.index values already returned by a wait
        self._call_counter = itertools.count()
        self._faults: dict[str, list[_Fault]] = {}
        self._blocked: set[int] = set()
        self.internal_errors: list[BaseException] = []

        self._update_ids = itertools.count(10_001)
        self._pending: list[JSONDict] = []
        self._poll_generation = 0
        self._allowed_updates: list[str] = []

        self._chats: dict[int, JSONDict] = {}
        self._users: dict[int, JSONDict] = {}
        self._chat_messages: dict[int, dict[int, JSONDict]] = {}
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._callback_ids = itertools.count(1)
        self._open_queries: set[str] = set()
        self._answered_queries: set[str] = set()
        self._files: dict[str, _StoredFile] = {}
        self._file_paths: dict[str, str] = {}
        self._file_counter = itertools.count(1)
        self._download_refusals: list[tuple[int, bytes, str]] = []
        self._commands: dict[tuple[str, str], list[JSONDict]] = {}

        handlers: dict[str, Callable[[JSONDict], Any]] = {
            "getMe": lambda _params: copy.deepcopy(self._bot_user),
            "getUpdates": self._get_updates,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_callback_query,
            "sendChatAction": self._send_chat_action,
            "getFile": self._get_file,
            "close": lambda _params: True,
            "logOut": lambda _params: True,
        }
        self._handlers: dict[str, tuple[str, Callable[[JSONDict], Any]]] = {
            name.lower(): (name, func) for name, func in handlers.items()
        }

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> FakeBotAPI:
        """Bind a free port on 127.0.0.1 and serve in a background thread."""
        if self._server is not None or self._stopped:
            raise RuntimeError("FakeBotAPI can be started only once")
        self._server = _Server((self.host, 0), self)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="FakeBotAPI-server",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Wake every long poll, stop serving and join all server threads (idempotent)."""
        if self._stopped:
            return
        self._stopped = True
        self._stop_event.set()
        with self._cond:
            self._cond.notify_all()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()  # joins handler threads (block_on_close)
        if self._thread is not None:
            self._thread.join(timeout=10)

    def __enter__(self) -> FakeBotAPI:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("FakeBotAPI is not started")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """For ``ApplicationBuilder.base_url``: PTB appends the token and ``/method``."""
        return f"http://{self.host}:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """For ``ApplicationBuilder.base_file_url``: PTB appends the token and ``/file_path``."""
        return f"http://{self.host}:{self.port}/file/bot"

    @property
    def bot_user(self) -> JSONDict:
        return copy.deepcopy(self._bot_user)

    # ------------------------------------------------------------------ extension

    def set_method_handler(self, method: str, func: Callable[[JSONDict], Any]) -> None:
        """Serve (or override) ``method`` with ``func(params) -> result``; raise FakeApiError to fail."""
        with self._cond:
            self._handlers[method.lower()] = (method, func)

    # ------------------------------------------------------------------ dispatch

    def _dispatch(self, raw_method: str, params: JSONDict) -> tuple[int, JSONDict]:
        with self._cond:
            canonical, handler = self._handlers.get(raw_method.lower(), (raw_method, None))
            record = CallRecord(next(self._call_counter), canonical, params, time.monotonic())
            self._log.append(record)
            fault = self._take_fault(canonical)
        status: int
        payload: JSONDict
        try:
            if fault is not None:
                if fault.delay > 0:
                    self._stop_event.wait(fault.delay)
                if fault.error_code is not None:
                    raise FakeApiError(fault.error_code, fault.description, fault.parameters)
            if handler is None:
                raise FakeApiError(404, "Not Found: method not found")
            result = handler(params)
            status, payload = 200, {"ok": True, "result": result}
        except FakeApiError as exc:
            status, payload = exc.error_code, exc.payload()
        except Exception as exc:  # a bug in the fake or in a custom handler: make it loud
            _LOG.exception("FakeBotAPI: %s crashed", canonical)
            self.internal_errors.append(exc)
            status = 500
            payload = {"ok": False, "error_code": 500, "description": f"Internal Server Error: {exc!r}"}
        with self._cond:
            record.status = status
            if payload.get("ok"):
                record.result = copy.deepcopy(payload["result"])
            else:
                record.error = payload
            self._cond.notify_all()
        return status, payload

    def _take_fault(self, method: str) -> _Fault | None:
        queue = self._faults.get(method)
        if not queue:
            return None
        fault = queue[0]
        fault.remaining -= 1
        if fault.remaining <= 0:
            queue.pop(0)
        return fault

    # ------------------------------------------------------------------ fault injection

    def fail_next(
        self,
        method: str,
        error_code: int = 400,
        description: str | None = None,
        times: int = 1,
        *,
        parameters: JSONDict | None = None,
    ) -> None:
        """The next ``times`` calls of ``method`` fail with ``error_code`` (PTB: 400 BadRequest,
        403 Forbidden, 409 Conflict, other codes NetworkError; a 5xx is the server's own failure, e.g.
        ``fail_next("sendMessage", 502, times=2)`` for api.telegram.org's passing "Bad Gateway")."""
        if description is None:
            description = {
                400: "Bad Request: injected failure",
                401: "Unauthorized",
                403: "Forbidden: bot was blocked by the user",
                404: "Not Found",
                409: "Conflict: terminated by other getUpdates request",
                429: "Too Many Requests: retry after 1",
                502: "Bad Gateway",
                503: "Service Unavailable",
                504: "Gateway Timeout",
            }.get(error_code, "Internal Server Error")
        if error_code == 429 and parameters is None:
            parameters = {"retry_after": 1}
        self._add_fault(method, _Fault(error_code, description, parameters, 0.0, times))

    def rate_limit_next(self, method: str, retry_after: int = 1, times: int = 1) -> None:
        """The next ``times`` calls of ``method`` get 429 with ``parameters.retry_after``."""
        self._add_fault(
            method,
            _Fault(
                429,
                f"Too Many Requests: retry after {retry_after}",
                {"retry_after": retry_after},
                0.0,
                times,
            ),
        )

    def delay_next(self, method: str, seconds: float, times: int = 1) -> None:
        """The next ``times`` calls of ``method`` are answered (normally) only after ``seconds``."""
        self._add_fault(method, _Fault(None, "", None, seconds, times))

    def _add_fault(self, method: str, fault: _Fault) -> None:
        if fault.remaining < 1:
            raise ValueError("times must be >= 1")
        with self._cond:
            canonical = self._handlers.get(method.lower(), (method, None))[0]
            self._faults.setdefault(canonical, []).append(fault)

    def block_chat(self, chat_id: int) -> None:
        """Every send/edit/chat action into ``chat_id`` fails with 403 until ``unblock_chat``."""
        with self._cond:
            self._blocked.add(chat_id)

    def unblock_chat(self, chat_id: int) -> None:
        with self._cond:
            self._blocked.discard(chat_id)

    # ------------------------------------------------------------------ inspection

    @property
    def calls(self) -> list[tuple[str, JSONDict]]:
        """``[(method, params), ...]`` in arrival order (getUpdates only if record_get_updates)."""
        with self._cond:
            return [(r.method, r.params) for r in self._log if self._visible(r)]

    def _visible(self, record: CallRecord) -> bool:
        return self._record_get_updates or record.method != "getUpdates"

    def calls_of(self, method: str) -> list[JSONDict]:
        """Params of every call of ``method``, in order (failed attempts included)."""
        with self._cond:
            return [r.params for r in self._log if r.method == method]

    def records(self, method: str | None = None) -> list[CallRecord]:
        """Full records (time, status, result/error) of all calls or those of ``method``."""
        with self._cond:
            return [r for r in self._log if (method is None and self._visible(r)) or r.method == method]

    def call_times(self, method: str) -> list[float]:
        """``time.monotonic()`` arrival times of every call of ``method``."""
        with self._cond:
            return [r.time for r in self._log if r.method == method]

    def clear_calls(self) -> None:
        """Forget every recorded call (pending waits only see later calls)."""
        with self._cond:
            self._log.clear()

    def _find_call(
        self, method: str, predicate: Callable[[JSONDict], bool] | None, ok: bool | None
    ) -> CallRecord | None:
        for record in self._log:
            if record.method != method or record.status is None or record.index in self._handed_out:
                continue
            if ok is not None and record.ok != ok:
                continue
            if predicate is not None and not predicate(record.params):
                continue
            self._handed_out.add(record.index)
            return record
        return None

    def _timeout_error(self, method: str, timeout: float) -> TimeoutError:
        seen = ", ".join(f"{r.method}[{r.status}]" for r in self._log if self._visible(r)) or "none"
        return TimeoutError(f"no new matching {method} call within {timeout}s; calls seen: {seen}")

    def wait_for_call(
        self,
        method: str,
        predicate: Callable[[JSONDict], bool] | None = None,
        timeout: float = 10.0,
        *,
        ok: bool | None = None,
    ) -> CallRecord:
        """Block until a not-yet-handed-out answered call of ``method`` matches; return its record."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                record = self._find_call(method, predicate, ok)
                if record is not None:
                    return record
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise self._timeout_error(method, timeout)
                self._cond.wait(remaining)

    def wait_for(
        self,
        method: str,
        predicate: Callable[[JSONDict], bool] | None = None,
        timeout: float = 10.0,
        *,
        ok: bool | None = None,
    ) -> JSONDict:
        """Like ``wait_for_call`` but returns the call's params."""
        return self.wait_for_call(method, predicate, timeout, ok=ok).params

    async def await_record(
        self,
        method: str,
        predicate: Callable[[JSONDict], bool] | None = None,
        timeout: float = 10.0,
        *,
        ok: bool | None = None,
    ) -> CallRecord:
        """Asyncio twin of ``wait_for_call`` (polls; never blocks the event loop)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            with self._cond:
                record = self._find_call(method, predicate, ok)
                if record is not None:
                    return record
                if loop.time() >= deadline:
                    raise self._timeout_error(method, timeout)
            await asyncio.sleep(0.01)

    async def await_call(
        self,
        method: str,
        predicate: Callable[[JSONDict], bool] | None = None,
        timeout: float = 10.0,
        *,
        ok: bool | None = None,
    ) -> JSONDict:
        """Asyncio twin of ``wait_for``: the params of the matching call."""
        return (await self.await_record(method, predicate, timeout, ok=ok)).params

    def wait_consumed(self, timeout: float = 10.0) -> None:
        """Block until the bot confirmed (getUpdates offset) every queued update.

        Confirmation happens when PTB fetches again, i.e. after it *received* the updates, not after
        its handlers finished.
        """
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._pending:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"{len(self._pending)} update(s) still unconfirmed after {timeout}s")
                self._cond.wait(remaining)

    async def await_consumed(self, timeout: float = 10.0) -> None:
        """Asyncio twin of ``wait_consumed``."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            with self._cond:
                if not self._pending:
                    return
                if loop.time() >= deadline:
                    raise TimeoutError(f"{len(self._pending)} update(s) still unconfirmed after {timeout}s")
            await asyncio.sleep(0.01)

    def messages(self, chat_id: int) -> list[JSONDict]:
        """The bot's messages in ``chat_id`` as the chat shows them now, oldest first."""
        with self._cond:
            stored = self._chat_messages.get(chat_id, {})
            return [
                copy.deepcopy(m)
                for _, m in sorted(stored.items())
                if m.get("from", {}).get("id") == self.bot_id
            ]

    def last_message(self, chat_id: int) -> JSONDict:
        """The bot's newest message in ``chat_id``; raises LookupError if there is none."""
        messages = self.messages(chat_id)
        if not messages:
            raise LookupError(f"the bot has no messages in chat {chat_id}")
        return messages[-1]

    def message(self, chat_id: int, message_id: int) -> JSONDict:
        """Any stored message (user's or bot's) in its current state; KeyError if unknown."""
        with self._cond:
            return copy.deepcopy(self._chat_messages[chat_id][message_id])

    def commands(self, scope: JSONDict | None = None, language_code: str = "") -> list[JSONDict]:
        """The commands setMyCommands stored for ``scope`` (default scope) and ``language_code``."""
        with self._cond:
            return copy.deepcopy(self._commands.get(self._commands_key(scope, language_code), []))

    # ------------------------------------------------------------------ building updates

    def set_user(self, user_id: int, **fields: Any) -> JSONDict:
        """Create/override a user's fields (first_name, last_name, username, language_code, ...)."""
        with self._cond:
            user = self._ensure_user(user_id, fields.get("language_code"))
            user.update(fields)
            return copy.deepcopy(user)

    def register_file(self, data: bytes, *, file_name: str | None = None, kind: str = "documents") -> str:
        """Make ``data`` downloadable via getFile; returns its file_id."""
        with self._cond:
            return self._store_file(data, kind, file_name).file_id

    def add_bot_message(self, chat_id: int, **fields: Any) -> JSONDict:
        """Store a new message *from the bot* in ``chat_id`` and return it (as a Message dict).

        For custom method handlers, e.g. a ``sendDocument`` handler returning
        ``api.add_bot_message(params["chat_id"], document={...}, caption=...)``.
        """
        with self._cond:
            message: JSONDict = {
                "message_id": self._next_message_id(chat_id),
                "from": copy.deepcopy(self._bot_user),
                "chat": copy.deepcopy(self._ensure_chat(chat_id, None)),
                "date": int(time.time()),
                **copy.deepcopy(fields),
            }
            self._chat_messages.setdefault(chat_id, {})[message["message_id"]] = message
            return copy.deepcopy(message)

    def queue_update(self, update: JSONDict) -> JSONDict:
        """Queue a raw update (``update_id`` added when missing); returns the queued dict."""
        with self._cond:
            return copy.deepcopy(self._queue(dict(update)))

    def send_text(
        self,
        chat_id: int,
        text: str,
        *,
        user_id: int | None = None,
        chat_type: str | None = None,
        language_code: str = "en",
        reply_to_message: JSONDict | None = None,
        entities: list[JSONDict] | None = None,
        sender_chat: JSONDict | None = None,
    ) -> JSONDict:
        """Queue a text message from a user; returns the Message dict. ``sender_chat``: posted on behalf of a
        chat (a channel, or the group itself for an anonymous admin), as Telegram sets it; ``user_id`` is then
        Telegram's stand-in sender (136817688 for channels, 1087968824 for anonymous admins)."""
        with self._cond:
            message = self._new_user_message(chat_id, user_id, chat_type, language_code, reply_to_message)
            if sender_chat is not None:
                message["sender_chat"] = copy.deepcopy(sender_chat)
            message["text"] = text
            found = detect_entities(text) if entities is None else copy.deepcopy(entities)
            if found:
                message["entities"] = found
            return self._queue_message(message)

    def send_document(
        self,
        chat_id: int,
        file_name: str,
        data: bytes,
        mime_type: str = "application/octet-stream",
        *,
        user_id: int | None = None,
        caption: str | None = None,
        chat_type: str | None = None,
        language_code: str = "en",
    ) -> JSONDict:
        """Queue a document message; its bytes are served via getFile."""
        with self._cond:
            message = self._new_user_message(chat_id, user_id, chat_type, language_code, None)
            stored = self._store_file(data, "documents", file_name)
            message["document"] = {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "file_name": file_name,
                "mime_type": mime_type,
                "file_size": len(data),
            }
            self._add_caption(message, caption)
            return self._queue_message(message)

    def send_photo(
        self,
        chat_id: int,
        data: bytes,
        *,
        user_id: int | None = None,
        caption: str | None = None,
        width: int = 1280,
        height: int = 960,
        chat_type: str | None = None,
        language_code: str = "en",
    ) -> JSONDict:
        """Queue a photo message (a thumbnail + a full size, both downloading ``data``)."""
        with self._cond:
            message = self._new_user_message(chat_id, user_id, chat_type, language_code, None)
            sizes = []
            for scale in (max(width, height) / 90, 1):
                stored = self._store_file(data, "photos", None, suffix=".jpg")
                sizes.append(
                    {
                        "file_id": stored.file_id,
                        "file_unique_id": stored.file_unique_id,
                        "file_size": len(data),
                        "width": max(1, round(width / scale)),
                        "height": max(1, round(height / scale)),
                    }
                )
            message["photo"] = sizes
            self._add_caption(message, caption)
            return self._queue_message(message)

    def send_sticker(
        self,
        chat_id: int,
        *,
        emoji: str = "👍",
        data: bytes = b"RIFF\x00\x00\x00\x00WEBPVP8 ",
        user_id: int | None = None,
        set_name: str | None = None,
        chat_type: str | None = None,
        language_code: str = "en",
    ) -> JSONDict:
        """Queue a (static, regular) sticker message."""
        with self._cond:
            message = self._new_user_message(chat_id, user_id, chat_type, language_code, None)
            stored = self._store_file(data, "stickers", None, suffix=".webp")
            sticker: JSONDict = {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "type": "regular",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
                "emoji": emoji,
                "file_size": len(data),
            }
            if set_name:
                sticker["set_name"] = set_name
            message["sticker"] = sticker
            return self._queue_message(message)

    def edit_text(self, original_message: JSONDict, new_text: str) -> JSONDict:
        """Queue an ``edited_message`` update: the user edited ``original_message`` to ``new_text``."""
        with self._cond:
            original = self._unwrap_message(original_message)
            chat_id = original["chat"]["id"]
            stored = self._chat_messages.get(chat_id, {}).get(original["message_id"])
            if stored is None:
                raise ValueError("edit_text: unknown message (pass what send_text returned)")
            if stored.get("from", {}).get("id") == self.bot_id:
                raise ValueError("edit_text edits a user's message; the bot edits its own via the API")
            if "text" not in stored:
                raise ValueError("edit_text: the message has no text")
            stored["text"] = new_text
            stored["edit_date"] = max(int(time.time()), stored["date"] + 1)
            found = detect_entities(new_text)
            if found:
                stored["entities"] = found
            else:
                stored.pop("entities", None)
            self._queue({"edited_message": copy.deepcopy(stored)})
            return copy.deepcopy(stored)

    def press_button(
        self,
        message: JSONDict,
        callback_data: str,
        *,
        user_id: int | None = None,
        strict: bool = True,
    ) -> JSONDict:
        """Queue a callback_query for a button of the bot's ``message``; returns the CallbackQuery."""
        with self._cond:
            given = self._unwrap_message(message)
            chat_id = given["chat"]["id"]
            current = self._chat_messages.get(chat_id, {}).get(given["message_id"], given)
            if current.get("from", {}).get("id") != self.bot_id:
                raise ValueError("press_button needs a message sent by the bot")
            if strict:
                buttons = [
                    button.get("callback_data")
                    for row in current.get("reply_markup", {}).get("inline_keyboard", [])
                    for button in row
                ]
                if callback_data not in buttons:
                    raise ValueError(
                        f"message {current['message_id']} has no button with callback_data "
                        f"{callback_data!r}; buttons: {buttons}"
                    )
            chat = current["chat"]
            if user_id is None:
                user_id = chat_id if chat["type"] == "private" else DEFAULT_USER_ID
            user = self._ensure_user(user_id, None)
            query_id = str(4_200_000_000_000_000_000 + next(self._callback_ids))
            self._open_queries.add(query_id)
            query: JSONDict = {
                "id": query_id,
                "from": copy.deepcopy(user),
                "message": copy.deepcopy(current),
                "chat_instance": str(abs(chat_id) * 7919 + 17),
                "data": callback_data,
            }
            self._queue({"callback_query": query})
            return copy.deepcopy(query)

    # -- helpers (call with the lock held)

    def _queue(self, update: JSONDict) -> JSONDict:
        if "update_id" not in update:
            update = {"update_id": next(self._update_ids), **update}
        self._pending.append(update)
        self._cond.notify_all()
        return update

    def _queue_message(self, message: JSONDict) -> JSONDict:
        self._chat_messages.setdefault(message["chat"]["id"], {})[message["message_id"]] = message
        self._queue({"message": copy.deepcopy(message)})
        return copy.deepcopy(message)

    def _unwrap_message(self, obj: JSONDict) -> JSONDict:
        for key in ("message", "edited_message", "channel_post"):
            if "update_id" in obj and isinstance(obj.get(key), dict):
                inner: JSONDict = obj[key]
                return inner
        if "message_id" not in obj or "chat" not in obj:
            raise ValueError("expected a Message dict (or an Update carrying one)")
        return obj

    def _ensure_chat(self, chat_id: int, chat_type: str | None) -> JSONDict:
        if chat_type is None:
            known = self._chats.get(chat_id)
            if known is not None:
                return known
            chat_type = "private" if chat_id > 0 else "supergroup" if chat_id <= -(10**12) else "group"
        if chat_type not in ("private", "group", "supergroup", "channel"):
            raise ValueError(f"unknown chat_type {chat_type!r}")
        if (chat_type == "private") != (chat_id > 0):
            raise ValueError(f"chat {chat_id}: private chats have positive ids, groups negative ones")
        chat = self._chats.get(chat_id)
        if chat is None or chat["type"] != chat_type:
            if chat_type == "private":
                user = self._ensure_user(chat_id, None)
                chat = {"id": chat_id, "type": "private", "first_name": user["first_name"]}
                if "username" in user:
                    chat["username"] = user["username"]
            else:
                chat = {"id": chat_id, "type": chat_type, "title": f"Test {chat_type} {abs(chat_id)}"}
            self._chats[chat_id] = chat
        return chat

    def _ensure_user(self, user_id: int, language_code: str | None) -> JSONDict:
        user = self._users.get(user_id)
        if user is None:
            user = {
                "id": user_id,
                "is_bot": False,
                "first_name": f"User{user_id}",
                "username": f"user{user_id}",
                "language_code": language_code or "en",
            }
            self._users[user_id] = user
        elif language_code:
            user["language_code"] = language_code
        return user

    def _next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    def _new_user_message(
        self,
        chat_id: int,
        user_id: int | None,
        chat_type: str | None,
        language_code: str,
        reply_to_message: JSONDict | None,
    ) -> JSONDict:
        chat = self._ensure_chat(chat_id, chat_type)
        if chat["type"] == "private":
            if user_id is not None and user_id != chat_id:
                raise ValueError(
                    f"in a private chat the sender is the chat itself ({chat_id}), not {user_id}"
                )
            user_id = chat_id
        elif user_id is None:
            user_id = DEFAULT_USER_ID
        user = self._ensure_user(user_id, language_code)
        message: JSONDict = {
            "message_id": self._next_message_id(chat_id),
            "from": copy.deepcopy(user),
            "chat": copy.deepcopy(chat),
            "date": int(time.time()),
        }
        if reply_to_message is not None:
            message["reply_to_message"] = self._reply_copy(chat_id, self._unwrap_message(reply_to_message))
        return message

    def _reply_copy(self, chat_id: int, target: JSONDict) -> JSONDict:
        stored = self._chat_messages.get(chat_id, {}).get(target["message_id"], target)
        reply = copy.deepcopy(stored)
        reply.pop("reply_to_message", None)  # Telegram never nests replies
        return reply

    def _add_caption(self, message: JSONDict, caption: str | None) -> None:
        if caption:
            message["caption"] = caption
            found = detect_entities(caption)
            if found:
                message["caption_entities"] = found

    def _store_file(self, data: bytes, kind: str, file_name: str | None, suffix: str = "") -> _StoredFile:
        number = next(self._file_counter)
        prefix = {"photos": "AgACAgIAAxkBAAI", "stickers": "CAACAgIAAxkBAAI"}.get(kind, "BQACAgIAAxkBAAI")
        if file_name and "." in file_name:
            suffix = "." + file_name.rsplit(".", 1)[1]
        stored = _StoredFile(
            file_id=f"{prefix}{number:06d}FakeFileId",
            file_unique_id=f"AgAD{number:06d}",
            file_path=f"{kind}/file_{number}{suffix}",
            data=bytes(data),
        )
        self._files[stored.file_id] = stored
        self._file_paths[stored.file_path] = stored.file_id
        return stored

    def refuse_next_download(self, status: int = 404, body: bytes = b"File not found\n",
                             content_type: str = "text/plain; charset=utf-8") -> None:
        """The next file download (``/file/bot<token>/<path>``, after a working getFile) is answered with
        ``status`` and this raw body instead of the file: a file server's or proxy's own error page, not the
        Bot API's JSON (tg-mock answers every download 404 "File not found")."""
        with self._cond:
            self._download_refusals.append((status, body, content_type))

    def _download_refusal(self) -> tuple[int, bytes, str] | None:
        with self._cond:
            return self._download_refusals.pop(0) if self._download_refusals else None

    def _file_bytes(self, file_path: str) -> bytes | None:
        with self._cond:
            file_id = self._file_paths.get(file_path)
            return self._files[file_id].data if file_id is not None else None

    # ------------------------------------------------------------------ Bot API methods

    def _get_updates(self, params: JSONDict) -> list[JSONDict]:
        offset = _as_int(params, "offset", required=False) or 0
        limit = min(max(_as_int(params, "limit", required=False) or 100, 1), 100)
        timeout_value = params.get("timeout") or 0
        try:
            timeout = max(float(timeout_value), 0.0)
        except (TypeError, ValueError):
            raise _bad_request("wrong parameter timeout specified") from None
        allowed = params.get("allowed_updates")
        deadline = time.monotonic() + timeout
        with self._cond:
            if isinstance(allowed, list):
                self._allowed_updates = [str(kind) for kind in allowed]
            self._poll_generation += 1
            generation = self._poll_generation
            if offset > 0:
                self._pending = [u for u in self._pending if u["update_id"] >= offset]
            elif offset < 0:
                self._pending = self._pending[offset:]
            self._cond.notify_all()
            while True:
                if self._stopped:
                    return []
                if generation != self._poll_generation:
                    raise FakeApiError(
                        409,
                        "Conflict: terminated by other getUpdates request; "
                        "make sure that only one bot instance is running",
                    )
                self._pending = [u for u in self._pending if self._is_allowed(u)]
                if self._pending:
                    return copy.deepcopy(self._pending[:limit])
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return []
                self._cond.wait(remaining)

    def _is_allowed(self, update: JSONDict) -> bool:
        kind = _update_type(update)
        if self._allowed_updates:
            return kind in self._allowed_updates
        return kind not in _NOT_DELIVERED_BY_DEFAULT

    def _delete_webhook(self, params: JSONDict) -> bool:
        if _as_bool(params.get("drop_pending_updates", False)):
            with self._cond:
                self._pending.clear()
                self._cond.notify_all()
        return True

    def _get_webhook_info(self, _params: JSONDict) -> JSONDict:
        with self._cond:
            return {"url": "", "has_custom_certificate": False, "pending_update_count": len(self._pending)}

    @staticmethod
    def _commands_key(scope: Any, language_code: Any) -> tuple[str, str]:
        if not scope:
            scope = {"type": "default"}
        return json.dumps(scope, sort_keys=True), str(language_code or "")

    def _set_my_commands(self, params: JSONDict) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise _bad_request('parameter "commands" must be an array')
        if len(commands) > 100:
            raise _bad_request("too many commands specified")
        cleaned = []
        for command in commands:
            if not isinstance(command, dict):
                raise _bad_request("can't parse BotCommand")
            name = str(command.get("command", ""))
            description = str(command.get("description", ""))
            if not re.fullmatch(r"[a-z0-9_]{1,32}", name):
                raise _bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(description) <= 256:
                raise _bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
            cleaned.append({"command": name, "description": description})
        with self._cond:
            self._commands[self._commands_key(params.get("scope"), params.get("language_code"))] = cleaned
        return True

    def _get_my_commands(self, params: JSONDict) -> list[JSONDict]:
        return self.commands(params.get("scope") or None, params.get("language_code") or "")

    def _delete_my_commands(self, params: JSONDict) -> bool:
        with self._cond:
            self._commands.pop(self._commands_key(params.get("scope"), params.get("language_code")), None)
        return True

    def _check_writable(self, chat_id: int) -> None:
        if chat_id in self._blocked:
            if chat_id > 0:
                raise FakeApiError(403, "Forbidden: bot was blocked by the user")
            raise FakeApiError(403, "Forbidden: bot was kicked from the group chat")

    def _chat_for_send(self, chat_id: int) -> JSONDict:
        self._check_writable(chat_id)
        return copy.deepcopy(self._ensure_chat(chat_id, None))

    def _formatted(self, params: JSONDict, text_key: str, entities_key: str) -> tuple[str, list[JSONDict]]:
        raw = params.get(text_key)
        if raw is None:
            raw = ""
        text = str(raw)
        given = params.get(entities_key)
        if given:
            if not isinstance(given, list):
                raise _bad_request(f"can't parse {entities_key} JSON object")
            entities = _sort_entities([dict(e) for e in given])
        else:
            text, entities = parse_formatting(text, params.get("parse_mode"))
        text, entities = _strip_text(text, entities)
        if not text:
            raise _bad_request("message text is empty")
        if _u16(text) > MAX_MESSAGE_LENGTH:  # Telegram counts UTF-16 code units: an emoji may count two
            raise _bad_request("message is too long")
        return text, _with_detected(text, entities)

    @staticmethod
    def _check_reply_markup(markup: Any) -> JSONDict | None:
        if markup is None or markup == "":
            return None
        if not isinstance(markup, dict):
            raise _bad_request("can't parse reply keyboard markup JSON object")
        if "inline_keyboard" in markup:
            rows = markup["inline_keyboard"]
            if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
                raise _bad_request('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array')
            for row in rows:
                for button in row:
                    if not isinstance(button, dict) or not button.get("text"):
                        raise _bad_request("can't parse inline keyboard button: Text buttons are unallowed")
                    data = button.get("callback_data")
                    if (
                        data is not None
                        and not 1 <= len(str(data).encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES
                    ):
                        raise _bad_request("BUTTON_DATA_INVALID")
                    actions = set(button) - {"text", "style", "icon_custom_emoji_id"}
                    if len(actions) != 1:
                        raise _bad_request(
                            "can't parse inline keyboard button: "
                            "InlineKeyboardButton must have exactly one of optional fields"
                        )
        return markup

    @staticmethod
    def _shown_markup(markup: JSONDict | None) -> JSONDict | None:
        """Messages carry only inline keyboards (and only non-empty ones)."""
        if markup and markup.get("inline_keyboard") and any(markup["inline_keyboard"]):
            return copy.deepcopy(markup)
        return None

    def _send_message(self, params: JSONDict) -> JSONDict:
        chat_id = _as_int(params, "chat_id")
        assert chat_id is not None
        text, entities = self._formatted(params, "text", "entities")
        markup = self._check_reply_markup(params.get("reply_markup"))
        with self._cond:
            chat = self._chat_for_send(chat_id)
            reply_to = self._reply_target(chat_id, params)
            message: JSONDict = {
                "message_id": self._next_message_id(chat_id),
                "from": copy.deepcopy(self._bot_user),
                "chat": chat,
                "date": int(time.time()),
                "text": text,
            }
            if entities:
                message["entities"] = entities
            if reply_to is not None:
                message["reply_to_message"] = reply_to
            if params.get("message_thread_id"):
                message["message_thread_id"] = params["message_thread_id"]
            shown = self._shown_markup(markup)
            if shown is not None:
                message["reply_markup"] = shown
            self._chat_messages.setdefault(chat_id, {})[message["message_id"]] = message
            return copy.deepcopy(message)

    def _reply_target(self, chat_id: int, params: JSONDict) -> JSONDict | None:
        reply_parameters = params.get("reply_parameters")
        message_id: Any = None
        allow_without = _as_bool(params.get("allow_sending_without_reply", False))
        if isinstance(reply_parameters, dict):
            message_id = reply_parameters.get("message_id")
            allow_without = allow_without or _as_bool(
                reply_parameters.get("allow_sending_without_reply", False)
            )
            other_chat = reply_parameters.get("chat_id")
            if other_chat not in (None, chat_id):
                return None
        elif params.get("reply_to_message_id") is not None:
            message_id = params["reply_to_message_id"]
        if message_id is None:
            return None
        target = self._chat_messages.get(chat_id, {}).get(int(message_id))
        if target is None:
            if allow_without:
                return None
            raise _bad_request("message to be replied not found")
        return self._reply_copy(chat_id, target)

    def _editable(self, params: JSONDict) -> JSONDict | None:
        """The stored bot message addressed by chat_id+message_id; None for inline messages."""
        if params.get("inline_message_id"):
            return None
        chat_id = _as_int(params, "chat_id")
        message_id = _as_int(params, "message_id")
        assert chat_id is not None and message_id is not None
        self._check_writable(chat_id)
        stored = self._chat_messages.get(chat_id, {}).get(message_id)
        if stored is None:
            raise _bad_request("message to edit not found")
        if stored.get("from", {}).get("id") != self.bot_id:
            raise _bad_request("message can't be edited")
        return stored

    def _edit_message_text(self, params: JSONDict) -> JSONDict | bool:
        text, entities = self._formatted(params, "text", "entities")
        markup = self._shown_markup(self._check_reply_markup(params.get("reply_markup")))
        with self._cond:
            stored = self._editable(params)
            if stored is None:
                return True
            if "text" not in stored:
                raise _bad_request("there is no text in the message to edit")
            if (
                stored["text"] == text
                and stored.get("entities", []) == entities
                and stored.get("reply_markup") == markup
            ):
                raise _bad_request(
                    "message is not modified: specified new message content and reply markup are exactly "
                    "the same as a content and reply markup of the current message"
                )
            stored["text"] = text
            self._set_or_pop(stored, "entities", entities or None)
            self._set_or_pop(stored, "reply_markup", markup)
            stored["edit_date"] = max(int(time.time()), stored["date"])
            return copy.deepcopy(stored)

    def _edit_message_reply_markup(self, params: JSONDict) -> JSONDict | bool:
        markup = self._shown_markup(self._check_reply_markup(params.get("reply_markup")))
        with self._cond:
            stored = self._editable(params)
            if stored is None:
                return True
            if stored.get("reply_markup") == markup:
                raise _bad_request(
                    "message is not modified: specified new message content and reply markup are exactly "
                    "the same as a content and reply markup of the current message"
                )
            self._set_or_pop(stored, "reply_markup", markup)
            stored["edit_date"] = max(int(time.time()), stored["date"])
            return copy.deepcopy(stored)

    @staticmethod
    def _set_or_pop(target: JSONDict, key: str, value: Any) -> None:
        if value is None:
            target.pop(key, None)
        else:
            target[key] = value

    def _delete_message(self, params: JSONDict) -> bool:
        chat_id = _as_int(params, "chat_id")
        message_id = _as_int(params, "message_id")
        with self._cond:
            assert chat_id is not None and message_id is not None
            if self._chat_messages.get(chat_id, {}).pop(message_id, None) is None:
                raise _bad_request("message to delete not found")
        return True

    def _answer_callback_query(self, params: JSONDict) -> bool:
        query_id = str(params.get("callback_query_id") or "")
        text = params.get("text")
        if text is not None and len(str(text)) > 200:
            raise _bad_request("MESSAGE_TOO_LONG")
        with self._cond:
            if query_id not in self._open_queries or query_id in self._answered_queries:
                raise _bad_request("query is too old and response timeout expired or query ID is invalid")
            self._answered_queries.add(query_id)
        return True

    def _send_chat_action(self, params: JSONDict) -> bool:
        chat_id = _as_int(params, "chat_id")
        assert chat_id is not None
        if params.get("action") not in _CHAT_ACTIONS:
            raise _bad_request("wrong parameter action in request")
        with self._cond:
            self._check_writable(chat_id)
        return True

    def _get_file(self, params: JSONDict) -> JSONDict:
        file_id = str(params.get("file_id") or "")
        with self._cond:
            stored = self._files.get(file_id)
            if stored is None:
                raise _bad_request("invalid file_id")
            if len(stored.data) > MAX_DOWNLOAD_SIZE:
                raise _bad_request("file is too big")
            return {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "file_size": len(stored.data),
                "file_path": stored.file_path,
            }

    def pending_updates(self) -> list[JSONDict]:
        """Queued updates the bot has not confirmed yet."""
        with self._cond:
            return copy.deepcopy(self._pending)
