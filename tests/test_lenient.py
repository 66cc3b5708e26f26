"""Bot API answers from emulators that leave out fields Telegram always sends are repaired; Telegram's own
answers are not touched."""

from __future__ import annotations

import copy
import json

from telegram import Bot, Message, Update, User

from askbot.lenient import LenientRequest, repair

TELEGRAM_MESSAGE = {
    "message_id": 7, "date": 1764500000, "text": "hi",
    "from": {"id": 42, "is_bot": False, "first_name": "Ann", "language_code": "en"},
    "chat": {"id": 42, "type": "private", "first_name": "Ann"},
    "link_preview_options": {"is_disabled": True},
    "reply_markup": {"inline_keyboard": [[{"text": "More", "callback_data": "more:abc:1"}]]},
}
BOT = Bot("123:abc")


def test_telegram_answers_pass_unchanged() -> None:
    payloads = [
        {"ok": True, "result": {"id": 666, "is_bot": True, "first_name": "askbot", "username": "askbot_bot"}},
        {"ok": True, "result": TELEGRAM_MESSAGE},
        {"ok": True, "result": [{"update_id": 1, "message": TELEGRAM_MESSAGE},
                                {"update_id": 2, "callback_query": {"id": "9", "chat_instance": "-5",
                                                                    "from": TELEGRAM_MESSAGE["from"],
                                                                    "message": TELEGRAM_MESSAGE,
                                                                    "data": "more:abc:1"}}]},
        {"ok": True, "result": True},
        {"ok": False, "error_code": 400, "description": "Bad Request: message is not modified"},
    ]
    for payload in payloads:
        assert repair(copy.deepcopy(payload)) == payload


def test_get_me_without_is_bot() -> None:
    """telegram-test-api's getMe: {"username", "first_name", "id"}; python-telegram-bot needs is_bot."""
    payload = repair({"ok": True, "result": {"username": "TestNameBot", "first_name": "Test", "id": 666}})
    user = User.de_json(payload["result"], BOT)
    assert user.is_bot and user.username == "TestNameBot"


def test_get_me_without_username() -> None:
    """tg-mock's getMe is a made-up user, sometimes without a username; commands need one."""
    payload = repair({"ok": True, "result": {"id": 100000001, "is_bot": False, "first_name": "Mary Ann"}})
    assert payload["result"]["username"] == "MaryAnn"


def test_sent_message_echoing_the_request() -> None:
    """An emulator that answers sendMessage with the request's own fields: JSON-encoded objects, chat_id
    as text, a date in milliseconds, a chat without a type."""
    echoed = {"chat_id": "42", "text": "<b>answer</b>", "parse_mode": "HTML",
              "link_preview_options": json.dumps({"is_disabled": True}),
              "reply_markup": {"inline_keyboard": [[{"text": "More", "callback_data": "more:abc:1"}]]},
              "entities": "not json", "message_id": 3, "date": 1764500000123,
              "chat": {"id": 42, "first_name": "Bot"}}
    message = Message.de_json(repair({"ok": True, "result": echoed})["result"], BOT)
    assert message.message_id == 3 and message.chat.type == "private"
    assert message.date.year == 2025
    assert message.link_preview_options.is_disabled
    assert message.reply_markup.inline_keyboard[0][0].callback_data == "more:abc:1"


def test_ok_without_result_means_done() -> None:
    assert repair({"ok": True, "result": None})["result"] is True
    assert repair({"ok": True})["result"] is True


def test_updates_with_sparse_users_chats_and_callbacks() -> None:
    updates = [
        {"update_id": 5, "message": {"message_id": 1, "date": 1764500000, "text": "/start",
                                     "from": {"id": 42, "first_name": "Ann"}, "chat": {"id": -100, "title": "G"}}},
        {"update_id": 6, "callback_query": {"id": 17, "from": {"id": 42, "first_name": "Ann"},
                                            "message": {"chat": {"id": 42}}, "data": "more:abc:1"}},
        {"update_id": 7, "message": {"message_id": 2, "text": "no date, no chat", "from": {"id": 42}}},
    ]
    parsed = [Update.de_json(u, BOT) for u in repair({"ok": True, "result": updates})["result"]]
    assert parsed[0].message.from_user.is_bot is False and parsed[0].message.chat.type == "group"
    query = parsed[1].callback_query
    assert query.id == "17" and query.chat_instance == "42" and query.message is None  # no message_id: dropped
    assert parsed[2].message.chat.id == 42 and parsed[2].message.chat.type == "private"


def test_request_class_parses_through_repair() -> None:
    raw = json.dumps({"ok": True, "result": {"id": 1, "first_name": "x"}}).encode()
    assert LenientRequest().parse_json_payload(raw)["result"]["is_bot"] is True


def test_half_an_emoji_is_read_as_the_replacement_character() -> None:
    """JSON may carry half a UTF-16 pair ("\\ud83d", from a client that cut a message inside an emoji). Python reads
    it as a lone surrogate, which no UTF-8 encoder takes: the tokenizer failed on the question (a traceback and the
    apology) and so did any reply quoting it. Every text of the answer has U+FFFD there instead; a whole pair
    stays the emoji it is."""
    raw = (b'{"ok": true, "result": [{"update_id": 1, "message": {"message_id": 1, "date": 1764500000, '
           b'"chat": {"id": 42, "type": "private"}, "text": "why \\ud83d Aktau \\ud83d\\ude00?", '
           b'"from": {"id": 42, "is_bot": false, "first_name": "\\udc00Ann"}}}]}')
    [update] = [Update.de_json(u, BOT) for u in LenientRequest().parse_json_payload(raw)["result"]]
    assert update.message.text == "why \ufffd Aktau \U0001f600?" and update.message.from_user.first_name == "\ufffdAnn"
    update.message.text.encode("utf-8")


def test_instant_empty_polls_are_paced(monkeypatch) -> None:
    """A server that answers an empty getUpdates at once is asked a few times a second, not in a busy loop;
    updates, other methods and Telegram's long polls (which take their time) are not delayed."""
    import asyncio
    import time

    from telegram.request import HTTPXRequest

    answers = {"empty": b'{"ok": true, "result": []}', "update": b'{"ok": true, "result": [{"update_id": 1}]}'}
    answer = {"body": answers["empty"], "delay": 0.0}

    async def fake_do_request(self, url, method, request_data=None, *args, **kwargs):
        await asyncio.sleep(answer["delay"])
        return 200, answer["body"]

    monkeypatch.setattr(HTTPXRequest, "do_request", fake_do_request)
    request = LenientRequest(empty_poll_pause=0.2)

    def timed(url: str) -> float:
        started = time.monotonic()
        asyncio.run(request.do_request(url, "POST"))
        return time.monotonic() - started

    assert timed("http://127.0.0.1/bot1:a/getUpdates") >= 0.2
    assert timed("http://127.0.0.1/bot1:a/sendMessage") < 0.1
    answer["body"] = answers["update"]
    assert timed("http://127.0.0.1/bot1:a/getUpdates") < 0.1
    answer.update(body=answers["empty"], delay=0.3)  # a long poll that ran out: no pause after it
    assert timed("http://127.0.0.1/bot1:a/getUpdates") < 0.45


def test_an_unreadable_update_is_skipped_not_fatal() -> None:
    """One update the library cannot parse must not fail the whole getUpdates answer (asked again and again,
    it would stop the bot for good): it becomes an empty update, and its neighbours are read."""
    poll = {"id": "p", "question": "?", "options": [], "total_voter_count": 0, "is_closed": False,
            "is_anonymous": True, "type": "regular", "allows_multiple_answers": False}  # lacks a newer field
    payload = {"ok": True, "result": [{"update_id": 1, "poll": poll},
                                      {"update_id": 2, "message": copy.deepcopy(TELEGRAM_MESSAGE)}]}
    result = repair(json.loads(json.dumps(payload)), updates=True)["result"]
    assert result[0] == {"update_id": 1}
    updates = Update.de_list(result, BOT)
    assert [u.update_id for u in updates] == [1, 2] and updates[1].message.text == "hi"


def test_update_ids_the_poller_cannot_count_on() -> None:
    """The poller confirms what it read by adding 1 to the last update_id: an id sent as text ("10001") would
    stop polling for good (TypeError), so it is read as the number; an item with no usable id is dropped."""
    message = copy.deepcopy(TELEGRAM_MESSAGE)
    payload = {"ok": True, "result": [None, {"update_id": "abc", "message": message}, {"message": message},
                                      {"update_id": " 10001", "message": message}, 7,
                                      {"update_id": 10002.0, "message": message},  # a JSON library's float
                                      {"update_id": 10003.5, "message": message}]}
    result = repair(json.loads(json.dumps(payload)), updates=True)["result"]
    updates = Update.de_list(result, BOT)
    assert [u.update_id for u in updates] == [10001, 10002] and updates[0].message.text == "hi"
    assert isinstance(updates[-1].update_id + 1, int)
    # other methods' lists (getMyCommands, sendMediaGroup) are not updates and stay as they are
    commands = {"ok": True, "result": [{"command": "start", "description": "x"}]}
    assert repair(copy.deepcopy(commands)) == commands


def test_a_command_without_its_entity_is_still_a_command() -> None:
    """Telegram marks "/topics" with a bot_command entity and python-telegram-bot's command handlers look only at
    that; a server that leaves it out would get every command answered as a question."""
    def parsed(text: object, **extra: object) -> Message:
        node = {"message_id": 1, "date": 1764500000, "chat": {"id": 42, "type": "private"}, "text": text, **extra}
        return Message.de_json(repair({"ok": True, "result": node})["result"], BOT)

    assert parsed("/topics").entities[0].type == "bot_command" and parsed("/topics").entities[0].length == 7
    assert parsed("/ask@askbot_test_bot why Aktau?").entities[0].length == len("/ask@askbot_test_bot")
    for text in ("why /topics?", "/usr/bin/env", "/", "/путь"):
        assert not parsed(text).entities, text
    bold = [{"type": "bold", "offset": 0, "length": 3}]
    assert parsed("/topics", entities=bold).entities[0].type == "bold"  # the server said what it is
    assert parsed(42).text == "42"  # a number for a text: read as text, not a TypeError in every handler
    # a bot_command entity over the whole text, or after another entity: the command is the first word
    whole = [{"type": "bot_command", "offset": 0, "length": 14}]
    assert [(e.type, e.length) for e in parsed("/ask why Aktau", entities=whole).entities] == [("bot_command", 4)]
    later = [{"type": "mention", "offset": 25, "length": 7}, {"type": "bot_command", "offset": 0, "length": 32}]
    assert [(e.type, e.offset, e.length) for e in parsed("/ask@askbot_test_bot ask @askbot", entities=later)
            .entities] == [("bot_command", 0, 20), ("mention", 25, 7)]


def test_a_parameter_the_server_does_not_support_is_dropped(monkeypatch) -> None:
    """A strict emulator refuses link_preview_options with a 400: the reply goes out again without it (no
    link-preview setting beats no answer), and later requests leave it out from the start."""
    import asyncio

    from telegram import LinkPreviewOptions
    from telegram.request import HTTPXRequest, RequestData
    from telegram.request._requestparameter import RequestParameter

    seen: list[set[str]] = []

    async def strict(self, url, method, request_data=None, *args, **kwargs):
        seen.append(set(request_data.parameters))
        if "link_preview_options" in request_data.parameters:
            return 400, json.dumps({"ok": False, "error_code": 400,
                                    "description": "Link_preview_options is not supported yet.",
                                    "parameters": {"reason": "unsupported_parameter",
                                                   "parameter": "link_preview_options"}}).encode()
        return 200, b'{"ok": true, "result": true}'

    monkeypatch.setattr(HTTPXRequest, "do_request", strict)
    request = LenientRequest()

    def reply(text: str) -> RequestData:
        return RequestData([RequestParameter.from_input("chat_id", 1), RequestParameter.from_input("text", text),
                            RequestParameter.from_input("link_preview_options", LinkPreviewOptions(is_disabled=True))])

    for text in ("first", "second"):
        assert asyncio.run(request.do_request("http://127.0.0.1/bot1:a/sendMessage", "POST", reply(text)))[0] == 200
    assert seen == [{"chat_id", "text", "link_preview_options"}, {"chat_id", "text"}, {"chat_id", "text"}]
    # another refusal (a wrong chat, a bad markup) is the answer as it is
    assert _refused(b'{"ok": false, "error_code": 400, "description": "Bad Request: chat not found"}') is None
    # a server without forum topics refuses the thread of a reply in a topic (lo-bot-api-emulator's words)
    from askbot.lenient import _refused_parameter

    topic = RequestData([RequestParameter.from_input("chat_id", -100888),
                         RequestParameter.from_input("message_thread_id", 77)])
    no_topics = json.dumps({"ok": False, "error_code": 400, "description": "Message_thread_id is not supported yet.",
                            "parameters": {"reason": "unsupported_parameter", "parameter": "message_thread_id"}})
    assert _refused_parameter(400, no_topics.encode(), topic) == "message_thread_id"
    not_found = b'{"ok": false, "error_code": 400, "description": "Bad Request: message thread not found"}'
    assert _refused_parameter(400, not_found, topic) is None  # Telegram's own: a deleted topic, no retry


def _refused(body: bytes):
    from telegram.request import RequestData
    from telegram.request._requestparameter import RequestParameter

    from askbot.lenient import _refused_parameter

    data = RequestData([RequestParameter.from_input("link_preview_options", {"is_disabled": True})])
    return _refused_parameter(400, body, data)


def test_an_edit_sent_as_a_new_message_is_read_as_an_edit() -> None:
    """A server that can only send `message` updates (telegram-test-api) sends an edited question as one with
    edit_date: it was answered again, where Telegram's edited_message is not answered at all. A message without
    edit_date (or with a null or zero one) stays a new message."""
    edited = {**copy.deepcopy(TELEGRAM_MESSAGE), "edit_date": 1764500100}
    plain = [copy.deepcopy(TELEGRAM_MESSAGE), {**copy.deepcopy(TELEGRAM_MESSAGE), "edit_date": None},
             {**copy.deepcopy(TELEGRAM_MESSAGE), "edit_date": 0}]
    payload = {"ok": True, "result": [{"update_id": 1, "message": edited},
                                      *({"update_id": n, "message": m} for n, m in enumerate(plain, 2))]}
    updates = Update.de_list(repair(json.loads(json.dumps(payload)), updates=True)["result"], BOT)
    assert updates[0].message is None and updates[0].edited_message.text == "hi"
    assert [u.message is not None and u.edited_message is None for u in updates[1:]] == [True] * 3
