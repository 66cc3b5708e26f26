"""End to end: the real Application from `askbot.bot.build_application`, the real model and a real index,
talking HTTP to FakeBotAPI on 127.0.0.1. Every assertion is about what a user would see.

Latency (update queued -> its sendMessage arriving) is collected over the module and printed at the end
(run with -s) and written to tests/.latency.json; nothing asserts on time except the 429 back-off.
"""

from __future__ import annotations

import asyncio
import dataclasses
import errno
import html
import json
import logging
import re
import shutil
import statistics
import threading
import time
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import BotHarness, make_workspace, running_bot

from askbot.articles import load_articles
from askbot.bot import api_urls
from askbot.config import Settings
from askbot.engine import Engine
from askbot.index import build_index, current_generation
from askbot.views import MESSAGE_LIMIT, TEXTS, Presenter, pick_language, short_label

ADMIN = 777
USER = 4242
OTHER = 4343
GROUP = -1001234567890
ENGLISH_QUESTION = "Why does Aktau matter for Baku?"
RUSSIAN_QUESTION = "Почему Актау важен для Азербайджана?"
ARTICLE_TITLE = "Почему Япония сделала ставку на Токаева и что это значит для Тюркского мира"
WEBFIXTURES = Path(__file__).parent / "webfixtures"
DEV_SET = Path(__file__).parent.parent / "eval" / "dev.jsonl"
LATENCY_FILE = Path(__file__).parent / ".latency.json"
LATENCIES: list[float] = []
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")  # PTB's own RetryAfter

LIGHTHOUSE = """Keepers of the Nolsoy lighthouse
The lighthouse on the southern tip of Nolsoy, an island in the Faroe Islands, was lit for the first time in 1893. \
Its lamp turned on a clockwork that the keepers had to wind every four hours through the night.
For almost a century three families lived beside the tower. Their children rowed to school in Torshavn when the \
sea allowed it and stayed with relatives for weeks when storms closed the strait.
The light was automated in 1989, and the last keeper, Jens Olsen, moved to the mainland with his collection of \
forty-two ship's bells. The keepers' houses are now a small museum run by volunteers.
"""
LIGHTHOUSE_QUESTION = "When was the Nolsoy lighthouse automated?"

SAFFRON = """---
title: Saffron harvest in Taliouine
source: https://example.org/saffron-taliouine
---
# Saffron harvest in Taliouine

Every November the villages around Taliouine in southern Morocco pick crocus flowers before sunrise, because \
the petals wilt in the afternoon heat. The women's cooperative of Tizgui sorts the flowers by hand the same morning.

About one hundred and fifty thousand flowers give a single kilogram of dried saffron threads. The cooperative \
sells most of its harvest at the saffron festival held in Taliouine at the end of the season.

Buyers test the threads in warm water: real saffron colours the water slowly and keeps its own red colour, \
while dyed safflower bleeds at once.
"""
SAFFRON_QUESTION = "How many flowers give a kilogram of saffron?"

BIKE_QUESTION = "How much will the bike lane network cost?"  # tests/webfixtures/article_en.html


def tides_article() -> str:
    """An interview whose one answer is a 4000-character paragraph (six long sentences, few passages to
    embed) full of characters HTML must escape."""
    long_answer = " ".join(
        f"At pier {n} the tide gauge reads < {n % 7 + 1} m & the ferry <Skarvur> waits for the flood while the "
        "crews of the fishing fleet check their moorings and the harbour office posts the times of high and low "
        "water on the board by the fish market and the pilots of the container quay compare the readings "
        "with the forecast from the weather service in Torshavn and the ferry company decides whether the "
        "evening crossing to the northern islands can leave on time or must wait for the next tide which "
        "happens more often in the winter months than the timetable admits and the passengers know it well "
        "enough to bring a book and a thermos of coffee to the waiting room next to the ticket office on the "
        f"quay (gauge {n})."
        for n in range(1, 7)
    )
    return (
        "Tides & <Harbours>: an interview with the harbour master\n"
        "The harbour master of Klaksvik explains how the tides rule the ferries, the fishing fleet and the "
        "new container quay.\n"
        "– What do the tide gauges say about the piers?\n"
        f"– {long_answer}\n"
        "The night ferry is the exception. It leaves at midnight whatever the gauges say because its berth was "
        "deepened in 2019 & the <Skarvur> crew can take it out at low water. " + " ".join(
            f"On night {n} of the winter timetable the crew logs the depth under the keel & the time it left the "
            "quay so that the harbour office can show the ministry that the deeper berth was worth its cost and "
            "that the island doctors and the mail can cross even in the worst spring tides of the year."
            for n in range(1, 6)) + "\n"
        "– And the container quay?\n"
        "– The container quay was dredged to eleven metres in 2021 & ships now berth at any tide.\n"
    )


def ferry_interview() -> str:
    """A Russian interview whose one answer is a single paragraph of some 3,000 letters with a ship emoji (two UTF-16
    units) in each sentence: within Telegram's 4,096 characters, but some 6,000 bytes in UTF-8."""
    long_answer = " ".join(
        f"На причале номер {n} 🚢 паромная компания каждое утро сверяет расписание с прогнозом погоды, потому что "
        "северный ветер на Каспии за несколько часов поднимает волну, при которой грузовые паромы не могут "
        "подойти к причалу, и тогда очередь грузовиков на въезде в порт растягивается на много километров, "
        "а водители ждут у шлагбаума по двое и по трое суток, пока диспетчер не объявит посадку на рейс "
        f"до Баку (причал {n})."
        for n in range(1, 9)
    )
    return (
        "Паромы Каспия: интервью с начальником морского вокзала\n"
        "Начальник морского вокзала рассказывает, как погода управляет паромами и очередями грузовиков.\n"
        "– Что решает, уйдёт ли паром вовремя?\n"
        f"– {long_answer}\n"
        "– А как изменился порт за последние годы?\n"
        "– Порт углубили до одиннадцати метров, и теперь суда швартуются при любой воде.\n"
    )


# -- fixtures -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module", autouse=True)
def latency_report() -> Iterator[None]:
    yield
    if not LATENCIES:
        return
    ordered = sorted(LATENCIES)
    report = {
        "answers": len(ordered),
        "median_s": round(statistics.median(ordered), 4),
        "p90_s": round(ordered[int(0.9 * (len(ordered) - 1))], 4),
        "worst_s": round(ordered[-1], 4),
        "what": "update queued on FakeBotAPI -> the bot's sendMessage arriving (tests/test_bot.py)",
    }
    LATENCY_FILE.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\nbot reply latency over {report['answers']} answers: median {report['median_s'] * 1000:.0f} ms, "
          f"p90 {report['p90_s'] * 1000:.0f} ms, worst {report['worst_s'] * 1000:.0f} ms")


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory, prebuilt_index: Path, embedder) -> tuple[Settings, Engine]:
    """One engine over the bundled articles for the tests that do not change the index."""
    settings = make_workspace(tmp_path_factory.mktemp("shared"), prebuilt_index)
    return settings, Engine.open(settings, embedder)


@pytest.fixture
def private_engine(workspace: Settings, embedder) -> Engine:
    """An engine over this test's own copy of the index (same embedder), for tests that change it."""
    return Engine.open(workspace, embedder)


@pytest.fixture
def web() -> Iterator[str]:
    """tests/webfixtures over HTTP on 127.0.0.1."""
    handler = partial(_QuietHandler, directory=str(WEBFIXTURES))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def bot(settings: Settings, engine: Engine, *, timed: bool = True, **kwargs):
    """The bot with ADMIN as its administrator; `timed`: its answers to questions go into LATENCIES
    (off where faults are injected on purpose)."""
    settings = settings.with_overrides(admin_ids=frozenset({ADMIN}))
    return running_bot(settings, engine, latencies=LATENCIES if timed else [], **kwargs)


# -- helpers --------------------------------------------------------------------------------------------


def buttons(message_or_params: dict) -> list[tuple[str, str]]:
    markup = message_or_params.get("reply_markup") or {}
    return [(b["text"], b["callback_data"]) for row in markup.get("inline_keyboard", []) for b in row]


def quotes(text: str) -> list[str]:
    return re.findall(r"<blockquote>(.*?)</blockquote>", text, flags=re.S)


def assert_answer(params: dict, *, more: str | None = "More", bold: bool = True) -> None:
    """An answer as the user sees it: HTML, a quoted passage with a bold sentence, title and source."""
    text = params["text"]
    assert params["parse_mode"] == "HTML"
    assert len(quotes(text)) >= 1, text
    if bold:  # the key sentence of a passage of several sentences
        assert re.search(r"<blockquote>.*<b>.+</b>.*</blockquote>", text, flags=re.S), text
    assert "— <i>" in text and "</i>" in text
    if more is not None:
        assert [label for label, _ in buttons(params)] == [more]


def assert_nothing_failed(api) -> None:
    """Every message the bot sent or edited was accepted (valid HTML, at most 4096 characters)."""
    for record in api.records():
        if record.method in ("sendMessage", "editMessageText"):
            assert record.ok, (record.method, record.error, record.params.get("text", "")[:300])
    for chat in (USER, ADMIN, OTHER, GROUP):
        for message in api.messages(chat):
            assert len(message.get("text", "")) <= MESSAGE_LIMIT


def sent_to(api, chat_id: int, method: str = "sendMessage") -> list[dict]:
    return [p for p in api.calls_of(method) if int(p["chat_id"]) == chat_id]


async def press_more(harness: BotHarness, message: dict) -> tuple[str, dict]:
    """Press the message's More button: ("edit", params) when it grew in place, ("send", params) when the
    next passage came as a new message because the old one was full."""
    api, chat_id = harness.api, message["chat"]["id"]
    [(_, data)] = [b for b in buttons(message) if b[1].startswith("more:")]
    before = len(sent_to(api, chat_id)), len(sent_to(api, chat_id, "editMessageText"))
    api.press_button(message, data)
    for _ in range(3000):
        now = len(sent_to(api, chat_id)), len(sent_to(api, chat_id, "editMessageText"))
        if now != before:
            how, method = ("edit", "editMessageText") if now[1] > before[1] else ("send", "sendMessage")
            record = await api.await_record(method, lambda p: int(p["chat_id"]) == chat_id, 30, ok=True)
            return how, record.params
        await asyncio.sleep(0.01)
    raise TimeoutError("no reaction to More")


# -- configuration --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "given",
    [
        "http://127.0.0.1:8081",
        "http://127.0.0.1:8081/",
        "http://127.0.0.1:8081/bot",
        "http://127.0.0.1:8081/bot/",
        "http://127.0.0.1:8081/bot{token}",
        "http://127.0.0.1:8081/bot123456789:AAFakeTokenForTestsOnly_abcdefghijklmno",
    ],
)
def test_api_base_url_spellings(given: str) -> None:
    token = "123456789:AAFakeTokenForTestsOnly_abcdefghijklmno"
    assert api_urls(given, token) == ("http://127.0.0.1:8081/bot", "http://127.0.0.1:8081/file/bot")


# -- private chat ---------------------------------------------------------------------------------------


async def test_start_lists_the_article_and_its_examples_answer(shared: tuple[Settings, Engine]) -> None:
    async with bot(*shared) as harness:
        api = harness.api
        russian = (await harness.ask(OTHER, "/start", language_code="ru")).params
        assert russian["text"].startswith(TEXTS["ru"]["greeting"])
        greeting = (await harness.ask(USER, "/start")).params
        assert greeting["parse_mode"] == "HTML"
        assert greeting["text"].startswith(TEXTS["en"]["greeting"])
        assert html.escape(ARTICLE_TITLE) in greeting["text"] and "365info.kz" in greeting["text"]
        examples = buttons(greeting)
        assert len(examples) == 3 and all(data.startswith("topic:") for _, data in examples)
        assert [c["command"] for c in api.commands()] == ["start", "help", "ask", "topics", "sources"]
        assert api.commands(language_code="ru")[0]["description"].startswith("Что я знаю")
        # the default list goes last: an emulator that ignores language_code (tgfake) keeps the last list it got,
        # and showed the Azerbaijani descriptions to everybody
        assert "language_code" not in api.calls_of("setMyCommands")[-1]

        label, data = examples[1]
        answer = (await harness.press(api.last_message(USER), data, method="sendMessage")).params
        assert answer["parse_mode"] == "HTML"
        header = answer["text"].split("\n\n", 1)[0]
        assert header.startswith("<b>") and label.rstrip("…") in html.unescape(header)
        [quoted] = quotes(answer["text"])
        assert quoted.startswith("– "), quoted  # the interviewee's answer to that question
        assert api.calls_of("answerCallbackQuery"), "the button's spinner is stopped"
        assert_nothing_failed(api)


async def test_the_helps_example_question_is_one_the_articles_answer(shared: tuple[Settings, Engine],
                                                                   tmp_path: Path, embedder) -> None:
    """/help (and /ask alone) showed "why does Aktau matter for Baku?" whatever was indexed: beside other articles
    than the seed interview the engine refuses it, the first thing a user tries. Now the example is the interface's
    own while the articles answer it, else one of theirs that the engine answers when typed. The hint a sticker or a
    photo gets shows the same one: it showed the first interview question, Russian in every interface and cut off
    at 60 characters ("e.g. “Если отбросить дипломатический этикет и посмотреть на…”"), no question to type."""
    async with bot(*shared, timed=False) as harness:
        api = harness.api
        for lang in ("en", "ru"):
            shown = (await harness.ask(USER, "/help", language_code=lang)).params["text"]
            assert f"<i>{TEXTS[lang]['example']}</i>" in shown
            hint = await harness.reply_to(USER, lambda lang=lang: api.send_sticker(USER, language_code=lang))
            assert html.unescape(hint.params["text"]) == TEXTS[lang]["media"].format(example=TEXTS[lang]["example"])
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "lighthouse.txt").write_text(LIGHTHOUSE, encoding="utf-8")
    (tmp_path / "articles" / "saffron.md").write_text(SAFFRON, encoding="utf-8")
    settings = dataclasses.replace(shared[0], articles_dir=tmp_path / "articles", index_dir=tmp_path / "index")
    engine = Engine.open(settings, embedder)
    assert not engine.ask(TEXTS["en"]["example"]).answered
    async with bot(settings, engine, timed=False) as harness:
        shown = html.unescape((await harness.ask(USER, "/help")).params["text"])
        example = re.search(r"e\.g\. <i>([^<]+)</i>", shown).group(1)
        assert "Aktau" not in example and engine.ask(example).answered, example
        usage = html.unescape((await harness.ask(USER, "/ask")).params["text"])
        assert usage == TEXTS["en"]["ask_usage"].format(example=example)
        hint = await harness.reply_to(USER, lambda: harness.api.send_sticker(USER))
        assert html.unescape(hint.params["text"]) == TEXTS["en"]["media"].format(example=example)
        assert_nothing_failed(harness.api)


async def test_english_question_then_more_until_the_passages_run_out(shared: tuple[Settings, Engine]) -> None:
    async with bot(*shared) as harness:
        api = harness.api
        record = await harness.ask(USER, ENGLISH_QUESTION)
        first = record.params
        assert_answer(first)
        assert "Актау" in quotes(first["text"])[0]
        assert html.escape(ARTICLE_TITLE) in first["text"] and "365info.kz" in first["text"]
        assert "link_preview_options" not in first, "turned off on Telegram's own servers only (test_link_previews)"
        assert "reply_parameters" not in first, "private answers do not quote the question"
        assert sent_to(api, USER, "sendChatAction")[0]["action"] == "typing"

        message, shown, presses = record.result, 1, 0
        while buttons(message):
            assert [label for label, _ in buttons(message)] == ["More"]
            how, params = await press_more(harness, message)
            presses += 1
            shown += 1
            assert params["parse_mode"] == "HTML"
            if how == "edit":  # the next passage appended to the same message
                assert params["message_id"] == message["message_id"]
                assert len(quotes(params["text"])) == shown
                assert params["text"].startswith(f"<blockquote>{quotes(first['text'])[0]}</blockquote>")
                message = api.message(USER, message["message_id"])
            else:  # the message was full: the next passage as a new message, the old button removed
                assert len(quotes(params["text"])) == 1
                assert not buttons(api.message(USER, message["message_id"]))
                message = api.last_message(USER)
            assert presses <= 10
        assert shown >= 3, "the article has more than two passages about Aktau and Baku"
        assert len(api.calls_of("answerCallbackQuery")) == presses
        assert_nothing_failed(api)


async def test_russian_question_gets_a_russian_interface(shared: tuple[Settings, Engine]) -> None:
    async with bot(*shared) as harness:
        record = await harness.ask(USER, RUSSIAN_QUESTION)  # the user's Telegram is in English
        assert_answer(record.params, more="Ещё")
        assert "Актау" in record.params["text"]
        [(_, data)] = buttons(record.params)
        edit = (await harness.press(record.result, data)).params
        assert len(quotes(edit["text"])) == 2
        assert [label for label, _ in buttons(edit)] == ["Ещё"], "More keeps the answer's language"
        assert_nothing_failed(harness.api)


@pytest.mark.parametrize(("question", "follow_up", "lang"), [
    ("Warum ist Aktau für Baku wichtig?", "Und für Japan?", "de"),
    ("Ақтау порты Әзербайжан үшін неге маңызды?", "Ал Жапония үшін ше?", "kk"),
])
async def test_german_and_kazakh_questions_get_the_interface_in_their_language(
        shared: tuple[Settings, Engine], question: str, follow_up: str, lang: str) -> None:
    """A German question got English buttons and a Kazakh one Russian: More, the line saying what a follow-up
    was read with, and a German or Kazakh user's /start, /help and command menu are in their language."""
    async with bot(*shared) as harness:
        record = await harness.ask(USER, question)  # the user's Telegram is in English
        assert_answer(record.params, more=TEXTS[lang]["more"], bold=False)
        edit = (await harness.press(record.result, buttons(record.params)[0][1])).params
        assert len(quotes(edit["text"])) == 2 and buttons(edit)[0][0] == TEXTS[lang]["more"]
        follow = (await harness.ask(USER, follow_up)).params
        assert read_with_line(follow, short_label(question), lang), follow["text"][:200]
        start = (await harness.ask(OTHER, "/start", language_code=lang)).params
        assert start["text"].startswith(TEXTS[lang]["greeting"]) and TEXTS[lang]["try"] in start["text"]
        help_ = (await harness.ask(OTHER, "/help", language_code=lang)).params
        assert help_["text"] == TEXTS[lang]["help"].format(mention="@askbot_test_bot", example=TEXTS[lang]["example"])
        assert harness.api.commands(language_code=lang)[2]["command"] == "ask"
        assert harness.api.commands(language_code=lang)[0]["description"] != harness.api.commands()[0]["description"]
        assert_nothing_failed(harness.api)


@pytest.mark.parametrize("question", ["Who won the football world cup?", "What's the weather in Paris tomorrow?"])
async def test_unanswerable_question_is_refused_with_suggestions(shared: tuple[Settings, Engine],
                                                                 question: str) -> None:
    """Depends on the refusal threshold (engine.RankingParams.threshold), which is being calibrated."""
    async with bot(*shared) as harness:
        refusal = (await harness.ask(USER, question)).params
        assert refusal["text"].startswith(TEXTS["en"]["no_answer"]), (
            f"answered instead of refused (threshold {shared[1].params.threshold}): {refusal['text'][:200]}")
        assert "<blockquote>" not in refusal["text"]
        suggestions = buttons(refusal)
        assert suggestions and all(data.startswith("topic:") for _, data in suggestions)
        answer = (await harness.press(harness.api.last_message(USER), suggestions[0][1],
                                      method="sendMessage")).params
        assert len(quotes(answer["text"])) == 1
        assert_nothing_failed(harness.api)


@pytest.mark.parametrize(("message", "lang"), [("привет", "ru"), ("thanks!", "en"), ("test", "en")])
async def test_small_talk_gets_a_greeting_not_a_passage(shared: tuple[Settings, Engine], message: str,
                                                        lang: str) -> None:
    """Chat is not a question: the bot says what it does and offers examples, instead of quoting at random."""
    async with bot(*shared) as harness:
        reply = (await harness.ask(USER, message)).params
        assert reply["text"].startswith(TEXTS[lang]["greeting"]), reply["text"][:200]
        assert "<blockquote>" not in reply["text"]
        assert buttons(reply) and all(data.startswith("topic:") for _, data in buttons(reply))
        assert_nothing_failed(harness.api)


async def test_a_message_of_invisible_characters_only_asks_for_a_question(shared: tuple[Settings, Engine]) -> None:
    """Zero-width joiners, a variation selector or the fillers people send as an "empty" message (Hangul filler,
    blank braille) were read as small talk and answered with the greeting, while direction marks alone were
    asked for a question. Each asks for a question now, in a group after the bot's mention too."""
    async with bot(*shared, timed=False) as harness:
        for text in ("\u200d\u200c", "\u3164", "\u2800\u2800", "\ufe0f", "\u200f"):
            reply = (await harness.ask(USER, text)).params
            assert html.unescape(reply["text"]) == TEXTS["en"]["empty"], repr(text)
        reply = (await harness.ask(GROUP, "@askbot_test_bot \u200d")).params
        assert html.unescape(reply["text"]) == TEXTS["en"]["empty"]
        # an empty text (Telegram sends none; an emulator may) was told "I can only read text", as a photo is
        reply = (await harness.ask(USER, "")).params
        assert html.unescape(reply["text"]) == TEXTS["en"]["empty"]


async def test_a_bare_number_where_nothing_was_offered_says_so(shared: tuple[Settings, Engine]) -> None:
    """"2" as a first message, or after a refusal (whose buttons have no numbers), was small talk: the greeting
    and its example buttons, as if "2" had been understood. It is no question and chooses nothing, and says so;
    in Russian for a Russian user, and in a group in reply to an answer too."""
    async with bot(*shared, timed=False) as harness:
        for text in ("2", " 3. ", "#1"):
            reply = (await harness.ask(USER, text)).params
            assert html.unescape(reply["text"]) == TEXTS["en"]["no_choice"], repr(text)
            assert not buttons(reply)
        refusal = (await harness.ask(USER, "What is the weather in Paris tomorrow?")).params
        assert buttons(refusal)
        reply = (await harness.ask(USER, "3")).params
        assert html.unescape(reply["text"]) == TEXTS["en"]["no_choice"]
        reply = (await harness.ask(OTHER, "2", language_code="ru")).params
        assert html.unescape(reply["text"]) == TEXTS["ru"]["no_choice"]
        answer = await harness.ask(GROUP, "@askbot_test_bot why does Aktau matter for Baku?")
        reply = (await harness.ask(GROUP, "2", reply_to_message=answer.result)).params
        assert html.unescape(reply["text"]) == TEXTS["en"]["no_choice"]
        assert_nothing_failed(harness.api)


async def test_topics_and_sources(shared: tuple[Settings, Engine]) -> None:
    async with bot(*shared) as harness:
        api = harness.api
        topics = (await harness.ask(USER, "/topics")).params
        assert topics["text"] == TEXTS["en"]["topics"]
        listed = buttons(topics)
        assert len(listed) == len(shared[1].topics()) >= 5
        assert all(len(label) <= 60 for label, _ in listed)
        aktau = next(topic for topic in shared[1].topics() if "Актау" in topic.question)
        data = Presenter.topic_data(aktau.key, aktau.question)
        assert data in [data for _, data in listed]
        press = await harness.press(api.last_message(USER), data, method="sendMessage")
        answer = press.params
        assert "Актау" in answer["text"] and len(quotes(answer["text"])) == 1
        if buttons(answer):  # the interview answer goes on: More keeps the question on top
            edit = (await harness.press(api.last_message(USER), buttons(answer)[0][1])).params
            assert edit["text"].split("\n\n", 1)[0] == answer["text"].split("\n\n", 1)[0]
            assert len(quotes(edit["text"])) == 2
        # the question pressed is the presser's previous question, as if typed
        typed = (await harness.ask(USER, "а почему?")).params
        assert read_with_line(typed, short_label(aktau.question), "ru"), typed["text"][:200]
        # a follow-up in reply to a topic's answer goes on from the topic's question
        follow = (await harness.ask(USER, "а почему?", reply_to_message=press.result)).params
        assert read_with_line(follow, short_label(aktau.question), "ru", "read_with_reply"), follow["text"][:200]

        sources = (await harness.ask(USER, "/sources")).params
        assert sources["text"].startswith(TEXTS["en"]["sources"])
        assert f"1. <i>{html.escape(ARTICLE_TITLE)}</i>, 365info.kz" in sources["text"]
        help_ = (await harness.ask(USER, "/help")).params
        assert "@askbot_test_bot" in help_["text"]
        assert_nothing_failed(api)


async def test_dev_set_questions_each_get_one_wellformed_reply(shared: tuple[Settings, Engine]) -> None:
    """A sample of eval/dev.jsonl through the bot (also the latency sample): an answer or a refusal, in the
    question's language, always accepted by Telegram. Which passage is right is `askbot eval`'s business. A More
    button only where there is more: "С кем вообще это интервью?" is answered by the one interview's lead alone."""
    rows = [json.loads(line) for line in DEV_SET.read_text(encoding="utf-8").splitlines() if line.strip()]
    engine = shared[1]
    async with bot(*shared) as harness:
        for row in rows[::4]:
            params = (await harness.ask(USER, row["question"])).params
            lang = pick_language(row["question"], "en")
            refusals = tuple(TEXTS[lang][key] for key in ("no_answer", "no_number", "no_time", "greeting"))
            if params["text"].startswith(refusals):  # refused
                assert "<blockquote>" not in params["text"] and buttons(params)
            else:
                alone = len(engine.ask(row["question"]).passages) == 1
                assert_answer(params, more=None if alone else TEXTS[lang]["more"], bold=False)
                assert not alone or not buttons(params)
        assert_nothing_failed(harness.api)


# -- follow-up questions ---------------------------------------------------------------------------------

AKTAU_FOR_JAPAN = ("Японская логистика работает как часы", "Участие Японии в этом уравнении",
                   "лучшие системы Smart-Port в мире")  # eval/followup.jsonl, fu-en-01


def read_with_line(params: dict, previous: str, lang: str = "en", key: str = "read_with") -> bool:
    """Whether the answer says, in its first line, which previous question it was read with (`key`: "read_with_reply"
    when it is the question of the answer replied to)."""
    line = TEXTS[lang][key].format(previous=previous)
    return params["text"].split("\n", 1)[0] == f"<i>{html.escape(line)}</i>"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_a_follow_up_is_read_with_the_previous_question(shared: tuple[Settings, Engine]) -> None:
    """"And for Japan?" after "Why does Aktau matter for Baku?" is about Aktau, and says so in one line;
    a thanks between them changes nothing; a question of its own is answered alone and is the one to follow
    up next; ten minutes later the previous question is forgotten."""
    async with bot(*shared) as harness:
        clock = FakeClock()
        harness.app.bot_data["core"].presenter.dialogue.clock = clock
        first = (await harness.ask(USER, ENGLISH_QUESTION)).params
        assert not first["text"].startswith("<i>")
        await harness.ask(USER, "thanks!")
        follow = (await harness.ask(USER, "And for Japan?")).params
        assert read_with_line(follow, ENGLISH_QUESTION), follow["text"][:200]
        assert any(phrase in quotes(follow["text"])[0] for phrase in AKTAU_FOR_JAPAN), follow["text"]
        assert_answer(follow)
        russian = (await harness.ask(USER, "а почему?")).params  # the interface in the follow-up's language
        assert read_with_line(russian, ENGLISH_QUESTION, "ru")
        alone = (await harness.ask(USER, "Who is Badamov?")).params
        assert not alone["text"].startswith("<i>"), "a question of its own"
        assert read_with_line((await harness.ask(USER, "and why?")).params, "Who is Badamov?")
        clock.now += 601
        late = (await harness.ask(USER, "And for Japan?")).params
        assert not late["text"].startswith("<i>"), "forgotten after ten minutes"
        assert_nothing_failed(harness.api)


async def test_the_bots_mention_in_a_private_chat_is_no_part_of_the_question(shared: tuple[Settings, Engine]) -> None:
    """People used to groups write "@bot question" in a private chat too. The mention stayed in the question: a
    follow-up showed it as the previous question ("«@askbot_test_bot why does…»"), and a link after it was
    searched for as a question instead of being one to add."""
    async with bot(*shared) as harness:
        api = harness.api
        first = (await harness.ask(USER, f"@askbot_test_bot {ENGLISH_QUESTION}")).params
        assert_answer(first)
        follow = (await harness.ask(USER, "And for Japan?")).params
        assert read_with_line(follow, ENGLISH_QUESTION), follow["text"][:200]
        captioned = await harness.reply_to(USER, lambda: api.send_photo(
            USER, b"\xff\xd8\xff\xe0 fake jpeg", caption=f"{ENGLISH_QUESTION} @AskBot_Test_Bot"))
        assert_answer(captioned.params)
        assert read_with_line((await harness.ask(USER, "And for Japan?")).params, ENGLISH_QUESTION)
        # "is this true?" in reply to a message forwarded here, or to a quote from another chat: about that message
        claim = {"message_id": 9097, "date": int(time.time()), "chat": {"id": USER, "type": "private"},
                 "from": {"id": USER, "is_bot": False, "first_name": "Ann"},
                 "forward_origin": {"type": "user", "date": int(time.time()), "sender_user": {
                     "id": OTHER, "is_bot": False, "first_name": "Bob"}},
                 "text": "Говорят, Токаев привлёк японцев к модернизации порта Актау"}
        await harness.reply_to(USER, lambda: api.queue_update({"message": claim}))  # answered as it is
        checked = (await harness.ask(USER, "is this true?", reply_to_message=claim)).params
        assert_answer(checked)
        assert "Актау" in quotes(checked["text"])[0]
        # so do "/ask is this true?" and a bare /ask, as in a group: the first got the greeting, the second the usage
        for asked in ("/ask is this true?", "/ask"):
            by_command = (await harness.ask(USER, asked, reply_to_message=claim)).params
            assert quotes(by_command["text"]) == quotes(checked["text"]), (asked, by_command["text"][:200])
        quoted = await harness.reply_to(USER, lambda: api.queue_update({"message": {
            "message_id": 9098, "date": int(time.time()), "chat": {"id": USER, "type": "private"},
            "from": {"id": USER, "is_bot": False, "first_name": "Ann"}, "text": "is this true?",
            "quote": {"text": "Говорят, Токаев привлёк японцев к модернизации порта Актау", "position": 0},
            "external_reply": {"origin": {"type": "channel", "date": int(time.time()), "message_id": 5,
                                          "chat": {"id": -1007777, "type": "channel", "title": "News"}}}}}))
        assert_answer(quoted.params)
        # a reply to the bot's answer on a server that makes up the sender of the bot's messages: still a follow-up
        answer = await harness.ask(USER, ENGLISH_QUESTION)
        made_up = {**answer.result, "from": {"id": 100000009, "is_bot": False, "first_name": "Kim"}}
        follow = await harness.reply_to(USER, lambda: api.queue_update({"message": {
            "message_id": 9096, "date": int(time.time()), "chat": {"id": USER, "type": "private"},
            "from": {"id": USER, "is_bot": False, "first_name": "Ann"}, "text": "And for Japan?",
            "reply_to_message": made_up}}))
        assert read_with_line(follow.params, ENGLISH_QUESTION, key="read_with_reply"), follow.params["text"][:200]
        link = (await harness.ask(USER, "@askbot_test_bot https://example.com/news/aktau")).params
        assert html.unescape(link["text"]) == TEXTS["en"]["add_denied"]
        assert_nothing_failed(api)


async def test_a_follow_up_in_reply_to_an_answer_goes_on_from_that_answer(shared: tuple[Settings, Engine]) -> None:
    """A reply to an older answer asks on from the question that answer answered, not from the last one; in a
    group each person's previous question is their own."""
    async with bot(*shared) as harness:
        api = harness.api
        aktau = await harness.ask(USER, ENGLISH_QUESTION)
        await harness.ask(USER, "What is the Tokyo Initiative?")
        follow = (await harness.ask(USER, "And for Japan?", reply_to_message=aktau.result)).params
        assert read_with_line(follow, ENGLISH_QUESTION, key="read_with_reply"), follow["text"][:200]
        assert any(phrase in quotes(follow["text"])[0] for phrase in AKTAU_FOR_JAPAN)

        await harness.ask(GROUP, f"@askbot_test_bot {ENGLISH_QUESTION}", user_id=USER)
        other = (await harness.ask(GROUP, "@askbot_test_bot and for Japan?", user_id=OTHER)).params
        assert not other["text"].startswith("<i>"), "another person's question is not theirs to go on from"
        own = (await harness.ask(GROUP, "@askbot_test_bot and for Japan?", user_id=USER)).params
        assert read_with_line(own, ENGLISH_QUESTION)
        # someone else replying to the answer goes on from the answer's question
        answer = api.last_message(GROUP)
        replied = (await harness.ask(GROUP, "what about the ferry?", user_id=OTHER, reply_to_message=answer)).params
        assert read_with_line(replied, ENGLISH_QUESTION, key="read_with_reply"), "not 'your previous question'"
        assert_nothing_failed(api)


CHANNEL_BOT = 136817688  # Telegram's stand-in sender of messages posted in a group on behalf of a channel
ANONYMOUS_ADMIN = 1087968824  # GroupAnonymousBot: the stand-in sender of a group's anonymous admins


async def test_channels_and_anonymous_admins_in_a_group_each_have_their_own_previous_question(
        shared: tuple[Settings, Engine]) -> None:
    """Messages posted in a group on behalf of a channel all come from one stand-in user (Channel_Bot), those of
    anonymous admins from another (GroupAnonymousBot): keyed by that user, one channel's follow-up went on from
    another channel's question. Each channel has its own previous question now (`sender_chat`), anonymous admins
    share the group's, and a member's is their own. A button press carries the real user who pressed it, even an
    anonymous admin's: a topic pressed under the list an anonymous admin asked for was only that user's previous
    question, and the anonymous admins' next "and why?" went on from the question before it. It goes on from the
    topic now, as does the presser's own."""
    async with bot(*shared) as harness:
        api = harness.api
        api.set_user(CHANNEL_BOT, is_bot=True, first_name="Channel", username="Channel_Bot")
        api.set_user(ANONYMOUS_ADMIN, is_bot=True, first_name="Group", username="GroupAnonymousBot")
        group = {"id": GROUP, "type": "supergroup", "title": "Port talk"}
        port_news = {"id": -1007000000001, "type": "channel", "title": "Port news"}
        ferry_news = {"id": -1007000000002, "type": "channel", "title": "Ferry news"}
        as_port = {"user_id": CHANNEL_BOT, "sender_chat": port_news}
        as_ferry = {"user_id": CHANNEL_BOT, "sender_chat": ferry_news}
        as_admin = {"user_id": ANONYMOUS_ADMIN, "sender_chat": group}
        mention = "@askbot_test_bot"
        tokyo = "What is the Tokyo Initiative?"

        for asker, question in ((as_port, ENGLISH_QUESTION), (as_ferry, "Who is Badamov?"), (as_admin, tokyo)):
            first = await harness.ask(GROUP, f"{mention} {question}", **asker)
            assert not first.params["text"].startswith("<i>"), (question, first.params["text"][:200])
            if asker is as_port:  # More under a channel's answer works for whoever presses it (keyed by the answer)
                how, more = await press_more(harness, first.result)
                assert how == "edit" and len(quotes(more["text"])) == 2
        port = (await harness.ask(GROUP, f"{mention} and for Japan?", **as_port)).params
        assert read_with_line(port, ENGLISH_QUESTION), port["text"][:200]
        assert any(phrase in quotes(port["text"])[0] for phrase in AKTAU_FOR_JAPAN), port["text"]
        ferry = (await harness.ask(GROUP, f"{mention} and why?", **as_ferry)).params
        assert read_with_line(ferry, "Who is Badamov?"), ferry["text"][:200]
        admin = (await harness.ask(GROUP, f"{mention} and why?", **as_admin)).params  # any anonymous admin
        assert read_with_line(admin, tokyo), admin["text"][:200]
        member = (await harness.ask(GROUP, f"{mention} and for Japan?", user_id=USER)).params
        assert not member["text"].startswith("<i>"), "a member who asked nothing goes on from no one's question"

        # a button press names the real user (ADMIN); the list it belongs to was asked by the anonymous admins
        topics = await harness.ask(GROUP, "/topics@askbot_test_bot", **as_admin)
        [(pressed, data), *_] = buttons(topics.params)
        await harness.press(topics.result, data, method="sendMessage", user_id=ADMIN)
        admin = (await harness.ask(GROUP, f"{mention} and why?", **as_admin)).params
        assert read_with_line(admin, pressed), admin["text"][:200]
        own = (await harness.ask(GROUP, f"{mention} and why?", user_id=ADMIN)).params
        assert read_with_line(own, pressed), own["text"][:200]
        assert_nothing_failed(api)


async def test_a_follow_up_in_reply_to_an_answer_resent_by_more_goes_on_from_its_question(
        shared: tuple[Settings, Engine]) -> None:
    """More on an answer that can no longer be edited sends the passages as a new message: a reply to that
    message, long after the question was asked, still asks on from the question it answers."""
    async with bot(*shared) as harness:
        api = harness.api
        clock = FakeClock()
        harness.app.bot_data["core"].presenter.dialogue.clock = clock
        answer = await harness.ask(USER, ENGLISH_QUESTION)
        api.fail_next("editMessageText", 400, "Bad Request: message to edit not found")
        [(_, data)] = [b for b in buttons(answer.params) if b[1].startswith("more:")]
        api.press_button(answer.result, data)
        resent = await api.await_record("sendMessage", lambda p: int(p["chat_id"]) == USER
                                        and len(quotes(p["text"])) == 2, 30, ok=True)
        clock.now += 3600  # the asker's previous question is forgotten; the answer's is not
        follow = (await harness.ask(USER, "And for Japan?", reply_to_message=resent.result)).params
        assert read_with_line(follow, ENGLISH_QUESTION, key="read_with_reply"), follow["text"][:200]


# -- groups ---------------------------------------------------------------------------------------------


async def test_group_answers_only_mentions_replies_and_ask(shared: tuple[Settings, Engine]) -> None:
    async with bot(*shared) as harness:
        api = harness.api
        api.send_text(GROUP, "Morning all, who is bringing the coffee?")
        api.send_text(GROUP, "@askbot_test_bot_helper why does Aktau matter for Baku?")  # another bot
        await harness.quiet()
        assert sent_to(api, GROUP) == [] and sent_to(api, GROUP, "sendChatAction") == []

        asked = api.send_text(GROUP, "@askbot_test_bot why does Aktau matter for Baku?")
        record = await harness.api.await_record("sendMessage", lambda p: int(p["chat_id"]) == GROUP, 30, ok=True)
        assert_answer(record.params)
        assert record.params["reply_parameters"]["message_id"] == asked["message_id"], "quotes the question"

        reply = await harness.ask(GROUP, "And what about Japanese investments?", reply_to_message=record.result)
        assert_answer(reply.params)
        # a server that makes up the sender of the bot's messages (tg-mock's faker does): the reply is still
        # known for one by the replied-to message, and a reply to a person's message is still not
        asker = {"id": 555, "is_bot": False, "first_name": "Ann"}
        anonymous = {**reply.result, "from": {"id": 100000007, "is_bot": False, "first_name": "Kim"}}
        api.queue_update({"message": {"message_id": 9001, "date": int(time.time()), "chat": asked["chat"],
                                      "from": asker, "text": "Why is Japan interested?",
                                      "reply_to_message": anonymous}})
        follow_up = await api.await_record("sendMessage", lambda p: int(p["chat_id"]) == GROUP
                                           and p.get("reply_parameters", {}).get("message_id") == 9001, 30, ok=True)
        assert_answer(follow_up.params)
        person = api.send_text(GROUP, "I think it is about logistics")
        before = len(sent_to(api, GROUP))
        api.send_text(GROUP, "Why do you think so?", reply_to_message=person)
        await harness.quiet()
        assert len(sent_to(api, GROUP)) == before
        for thanks in ("спасибо!", "👍"):  # a reply to an answer that is no question: no greeting in the group
            api.send_text(GROUP, thanks, reply_to_message=record.result)
        await harness.quiet()
        assert len(sent_to(api, GROUP)) == before

        for text in ("/ask why does Aktau matter for Baku?", "/ask@askbot_test_bot почему Актау важен для Баку?"):
            answer = (await harness.ask(GROUP, text)).params
            assert_answer(answer, more="Ещё" if "почему" in text else "More")

        usage = (await harness.ask(GROUP, "/ask")).params
        assert html.unescape(usage["text"]) == TEXTS["en"]["ask_usage"].format(example=TEXTS["en"]["example"])
        usage = (await harness.ask(GROUP, "/ask@askbot_test_bot")).params
        assert html.unescape(usage["text"]) == TEXTS["en"]["ask_usage"].format(example=TEXTS["en"]["example"])

        # user text with markup characters: the answer must still parse as HTML
        tricky = (await harness.ask(GROUP, "@askbot_test_bot <b>& why did Japan choose Kazakhstan?</b>")).params
        assert "reply_parameters" in tricky
        bare = (await harness.ask(GROUP, "@askbot_test_bot")).params  # a mention alone: how to ask
        assert "/ask" in bare["text"]

        await harness.quiet(0.2)
        assert len(sent_to(api, GROUP)) == 9, "one reply per question, none for chatter"
        assert_nothing_failed(api)



async def test_group_habits_replies_forwards_commands_and_joining(shared: tuple[Settings, Engine]) -> None:
    """How people use a bot in a group, beyond a plain mention: a short question (or a bare mention or /ask)
    in reply to someone's message asks about that message; a linked channel's post forwarded into the group is
    nobody's question; a mistyped command addressed to the bot gets the help; a bot added to a group says how
    to ask; "thanks" to an answer shows no typing indicator; a button press without data is still answered."""
    async with bot(*shared) as harness:
        api = harness.api
        bot_user = api.bot_user
        claim = api.send_text(GROUP, "Говорят, Токаев привлёк японцев к модернизации порта Актау", user_id=OTHER)
        checked = await harness.ask(GROUP, "@askbot_test_bot is this true?", reply_to_message=claim)
        assert_answer(checked.params)  # not the greeting: the claim is the question; the interface is the asker's
        assert "Актау" in quotes(checked.params["text"])[0]
        long_claim = api.send_text(GROUP, "Говорят, Токаев привлёк японцев к модернизации порта Актау. " * 15,
                                   user_id=OTHER)
        assert_answer((await harness.ask(GROUP, "@askbot_test_bot is this true?", reply_to_message=long_claim)).params)
        # a reply in another chat (a channel's post, quoted): Telegram gives the quote and no reply_to_message
        elsewhere = await harness.reply_to(GROUP, lambda: api.queue_update({"message": {
            "message_id": 9099, "date": int(time.time()), "chat": checked.result["chat"],
            "from": {"id": USER, "is_bot": False, "first_name": "Ann"}, "text": "@askbot_test_bot is this true?",
            "quote": {"text": "Говорят, Токаев привлёк японцев к модернизации порта Актау", "position": 0},
            "external_reply": {"origin": {"type": "channel", "date": int(time.time()), "message_id": 5,
                                          "chat": {"id": -1007777, "type": "channel", "title": "News"}}}}}))
        assert_answer(elsewhere.params)
        assert "Актау" in quotes(elsewhere.params["text"])[0]
        chatter = api.send_text(GROUP, "Nice port!", user_id=OTHER)
        own = (await harness.ask(GROUP, "@askbot_test_bot what is the population of Aktau?",
                                 reply_to_message=chatter)).params  # the asker's own question, with its check
        assert html.unescape(own["text"]).startswith(TEXTS["en"]["no_number"])
        question = api.send_text(GROUP, "why does Aktau matter for Baku?", user_id=OTHER)
        assert_answer((await harness.ask(GROUP, "@askbot_test_bot", reply_to_message=question)).params)
        assert_answer((await harness.ask(GROUP, "/ask", reply_to_message=question)).params)
        mentioned = (await harness.ask(GROUP, "/ask @askbot_test_bot почему Актау важен для Баку?")).params
        assert_answer(mentioned, more="Ещё")  # the mention is no part of the question, nor of its language

        before, typing_before = len(sent_to(api, GROUP)), len(sent_to(api, GROUP, "sendChatAction"))
        api.queue_update({"message": {
            "message_id": 9100, "date": int(time.time()), "chat": checked.result["chat"],
            "from": {"id": 777000, "is_bot": False, "first_name": "Telegram"},
            "sender_chat": {"id": -1009999, "type": "channel", "title": "Port news"},
            "is_automatic_forward": True, "text": "Ask @askbot_test_bot anything about the port of Aktau!"}})
        for n, post in enumerate(({"text": "/topics", "entities": [{"type": "bot_command", "offset": 0, "length": 7}]},
                                  {"photo": [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}],
                                   "caption": "/ask@askbot_test_bot why does Aktau matter for Baku?"})):
            api.queue_update({"message": {  # a channel's post that is (or starts with) a command: no one asked
                "message_id": 9102 + n, "date": int(time.time()), "chat": checked.result["chat"],
                "from": {"id": 777000, "is_bot": False, "first_name": "Telegram"},
                "sender_chat": {"id": -1009999, "type": "channel", "title": "Port news"},
                "is_automatic_forward": True, **post}})
        api.send_text(GROUP, "/hlep")  # maybe another bot's
        api.send_text(GROUP, "спасибо!", reply_to_message=checked.result)
        await harness.quiet()
        assert len(sent_to(api, GROUP)) == before
        assert len(sent_to(api, GROUP, "sendChatAction")) == typing_before, "no typing… before silence"

        mistyped = (await harness.ask(GROUP, "/hlep@askbot_test_bot")).params
        assert "/ask" in mistyped["text"] and "/topics" in mistyped["text"]
        joined = await harness.reply_to(GROUP, lambda: api.queue_update({"message": {
            "message_id": 9101, "date": int(time.time()), "chat": checked.result["chat"],
            "from": {"id": ADMIN, "is_bot": False, "first_name": "Admin"},
            "new_chat_members": [{"id": bot_user["id"], "is_bot": True, "first_name": "askbot",
                                  "username": bot_user["username"]}]}}))
        assert "/ask" in joined.params["text"]

        answered = len(api.calls_of("answerCallbackQuery"))
        api.queue_update({"callback_query": {"id": "game-1", "chat_instance": "1", "game_short_name": "tetris",
                                             "from": {"id": USER, "is_bot": False, "first_name": "Ann"}}})
        await harness.quiet()
        assert len(api.calls_of("answerCallbackQuery")) == answered + 1, "every press is answered"
        assert_nothing_failed(api)

async def test_a_reply_to_a_topics_answer_in_a_group_on_a_server_that_makes_up_senders(
        shared: tuple[Settings, Engine]) -> None:
    """A topic button's answer (and More's new message) goes out as a new message. On a server that makes up the
    sender of the bot's messages (tg-mock), a reply to it in a group was not known for a reply to the bot, since only
    answers to typed questions were remembered: the follow-up went unanswered."""
    async with bot(*shared) as harness:
        api = harness.api
        topics = await harness.ask(GROUP, "/topics@askbot_test_bot")
        [(_, data), *_] = buttons(topics.params)
        pressed = await harness.press(topics.result, data, method="sendMessage")
        made_up = {**pressed.result, "from": {"id": 100000009, "is_bot": False, "first_name": "Kim"}}
        follow = await harness.reply_to(GROUP, lambda: api.queue_update({"message": {
            "message_id": 9050, "date": int(time.time()), "chat": pressed.result["chat"], "text": "And why is that?",
            "from": {"id": OTHER, "is_bot": False, "first_name": "Bob"}, "reply_to_message": made_up}}))
        assert follow.params["text"].startswith("<i>"), follow.params["text"][:200]  # read with the topic's question
        assert_nothing_failed(api)


async def test_in_a_forum_topic_everything_stays_in_the_topic(shared: tuple[Settings, Engine]) -> None:
    """A forum supergroup's topics are threads: a reply or a typing indicator sent without message_thread_id
    shows in the General topic, away from the question."""
    forum = {"id": -1005550001, "type": "supergroup", "title": "Forum", "is_forum": True}
    mention = "@askbot_test_bot why does Aktau matter for Baku?"
    async with bot(*shared) as harness:
        api = harness.api
        asked = await harness.reply_to(forum["id"], lambda: api.queue_update({"message": {
            "message_id": 9200, "date": int(time.time()), "chat": forum, "message_thread_id": 77,
            "is_topic_message": True, "from": {"id": USER, "is_bot": False, "first_name": "Ann"}, "text": mention,
            "entities": [{"type": "mention", "offset": 0, "length": len("@askbot_test_bot")}]}}))
        assert_answer(asked.params)
        assert int(asked.params["message_thread_id"]) == 77
        typing = [p for p in api.calls_of("sendChatAction") if int(p["chat_id"]) == forum["id"]]
        assert [int(p.get("message_thread_id", 0)) for p in typing] == [77]
        how, more = await press_more(harness, asked.result)
        assert how == "edit" or int(more["message_thread_id"]) == 77


async def test_a_forum_topic_given_by_its_id_alone_and_a_topic_that_is_gone(shared: tuple[Settings, Engine]) -> None:
    """An emulator's message in a forum topic with message_thread_id but without Telegram's is_topic_message: the
    answer went to the General topic (python-telegram-bot keeps the topic only for a marked message). A topic
    Telegram no longer knows ("message thread not found": deleted, or topics turned off): the answer failed,
    and the apology too. Telegram's own reply in the General topic, with a thread id and no mark, stays there."""
    forum = {"id": -1005550002, "type": "supergroup", "title": "Forum", "is_forum": True}
    mention = "@askbot_test_bot why does Aktau matter for Baku?"
    user = {"id": USER, "is_bot": False, "first_name": "Ann"}
    async with bot(*shared, timed=False) as harness:
        api = harness.api

        def ask(message_id: int, **fields: object) -> None:
            api.queue_update({"message": {"message_id": message_id, "date": int(time.time()), "chat": forum,
                                          "from": user, "text": mention, **fields}})

        asked = await harness.reply_to(forum["id"], lambda: ask(9300, message_thread_id=78))
        assert_answer(asked.params)
        assert int(asked.params["message_thread_id"]) == 78
        assert int(asked.params["reply_parameters"]["message_id"]) == 9300

        api.fail_next("sendMessage", 400, "Bad Request: message thread not found")
        moved = await harness.reply_to(forum["id"], lambda: ask(9301, message_thread_id=79, is_topic_message=True))
        assert_answer(moved.params)
        assert "message_thread_id" not in moved.params
        assert int(moved.params["reply_parameters"]["message_id"]) == 9301

        earlier = {"message_id": 9200, "date": int(time.time()), "chat": forum, "from": user, "text": "hi"}
        general = await harness.reply_to(forum["id"], lambda: ask(9302, message_thread_id=9200,
                                                                  reply_to_message=earlier))
        assert_answer(general.params)
        assert "message_thread_id" not in general.params
        assert [r.status for r in api.records("sendMessage")] == [200, 400, 200, 200]

        # a topic's button under the bot's message as an emulator echoes it: the topic's id as text, no mark
        topics = await harness.reply_to(forum["id"], lambda: api.queue_update({"message": {
            "message_id": 9303, "date": int(time.time()), "chat": forum, "from": user, "text": "/topics",
            "message_thread_id": 80, "is_topic_message": True}}))
        assert int(topics.params["message_thread_id"]) == 80
        [(_, data), *_] = buttons(topics.params)
        echoed = {"message_id": topics.result["message_id"], "date": int(time.time()), "chat": forum,
                  "text": topics.params["text"], "message_thread_id": "80"}
        pressed = await harness.reply_to(forum["id"], lambda: api.queue_update({"callback_query": {
            "id": "in-topic", "from": user, "chat_instance": "c", "data": data, "message": echoed}}))
        assert int(pressed.params["message_thread_id"]) == 80


# -- admin: updating the library ----------------------------------------------------------------------


async def test_admin_reindex_picks_up_a_new_article(workspace: Settings, private_engine: Engine) -> None:
    (workspace.articles_dir / "lighthouse.txt").write_text(LIGHTHOUSE, encoding="utf-8")
    (workspace.articles_dir / "draft.txt").write_text("")
    generation = current_generation(workspace.index_dir)
    async with bot(workspace, private_engine, ) as harness:
        refused = (await harness.ask(USER, "/reindex")).params
        assert html.unescape(refused["text"]) == TEXTS["en"]["reindex_denied"]
        assert current_generation(workspace.index_dir) == generation, "nothing rebuilt for a non-admin"

        done = (await harness.ask(ADMIN, "/reindex")).params
        assert done["text"].startswith("Index updated: 1 added, 0 updated, 0 removed, 1 unchanged")
        assert "draft.txt: empty file" in done["text"]  # the admin has no shell: skipped files are named
        assert current_generation(workspace.index_dir) != generation
        again = (await harness.ask(ADMIN, "/reindex")).params  # e.g. after a shell rebuild did the work
        assert again["text"].startswith("The index was already up to date: 0 added, 0 updated, 0 removed, 2 unch")
        # in a group the reply quotes the command, as every other group reply does (tgfake's chat showed it loose)
        for who in (USER, ADMIN):
            in_group = (await harness.ask(GROUP, "/reindex@askbot_test_bot", user_id=who)).params
            assert "reply_parameters" in in_group, in_group["text"]

        answer = (await harness.ask(ADMIN, LIGHTHOUSE_QUESTION)).params
        assert_answer(answer, more=None)
        assert "Nolsoy" in quotes(answer["text"])[0]
        assert "<i>Keepers of the Nolsoy lighthouse</i>" in answer["text"]
        assert_nothing_failed(harness.api)


async def test_a_reindex_that_waits_for_another_build_says_so(workspace: Settings, private_engine: Engine) -> None:
    """/reindex while `askbot index` ran in the shell: the admin saw only "typing…" for as long as that build took
    (40 s with a new article), as if the bot hung; now one line says an update is running and this one follows."""
    import fcntl

    (workspace.articles_dir / "lighthouse.txt").write_text(LIGHTHOUSE, encoding="utf-8")
    with open(workspace.index_dir / ".lock", "w") as other:
        fcntl.flock(other, fcntl.LOCK_EX)  # another process's build
        async with bot(workspace, private_engine) as harness:
            waiting = (await harness.ask(ADMIN, "/reindex")).params
            assert html.unescape(waiting["text"]) == TEXTS["en"]["reindex_waiting"]
            fcntl.flock(other, fcntl.LOCK_UN)  # that build is done
            done = await harness.api.await_record("sendMessage", lambda p: int(p["chat_id"]) == ADMIN, 60, ok=True)
            assert done.params["text"].startswith("Index updated: 1 added")
            again = (await harness.ask(ADMIN, "/reindex")).params  # no build running: no note
            assert again["text"].startswith("The index was already up to date")
            assert_nothing_failed(harness.api)


async def test_a_reindex_that_fails_or_skips_a_file_tells_the_admin_and_the_log(
        workspace: Settings, private_engine: Engine, caplog: pytest.LogCaptureFixture,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A file skipped, or a rebuild refused, was told to the admin alone: the bot's log (its stderr) kept nothing.
    A system error (a full disk) was "Something went wrong" for the admin, the reason only in a traceback."""
    caplog.set_level(logging.WARNING)
    (workspace.articles_dir / "draft.txt").write_text("")
    async with bot(workspace, private_engine, timed=False) as harness:
        done = html.unescape((await harness.ask(ADMIN, "/reindex")).params["text"])
        assert "draft.txt: empty file" in done
        assert [r for r in caplog.records if r.levelno == logging.WARNING
                and "draft.txt" in r.getMessage() and "empty file" in r.getMessage()]

        articles = workspace.articles_dir.rename(workspace.articles_dir.with_name("unmounted"))
        failed = html.unescape((await harness.ask(ADMIN, "/reindex")).params["text"])
        assert failed.startswith("The index update failed: The articles folder ") and "does not exist" in failed
        reason = failed.removeprefix("The index update failed: ")
        assert [r for r in caplog.records if r.levelno == logging.WARNING and reason in r.getMessage()]
        articles.rename(workspace.articles_dir)

        def disk_full(articles_dir: Path) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(private_engine, "reindex", disk_full)
        failed = html.unescape((await harness.ask(ADMIN, "/reindex")).params["text"])
        assert failed == (f"The index update failed: the index cannot be updated in {workspace.index_dir} (No space "
                          "left on device): free space and run `askbot index`; the bot answers from the index as it "
                          "was."), failed
        assert [r for r in caplog.records if r.levelno == logging.WARNING and "No space left" in r.getMessage()]
        assert not [r for r in caplog.records if r.levelno >= logging.ERROR], [r.getMessage() for r in caplog.records]
        assert_nothing_failed(harness.api)


async def test_a_reindex_where_no_file_can_be_read_leaves_the_index_alone(workspace: Settings,
                                                                         private_engine: Engine) -> None:
    """Every article emptied or unreadable (a sync gone wrong): /reindex emptied the index the bot answers from,
    where `askbot index` refuses. It refuses too, in one sentence naming the files, and the bot answers on."""
    for path in workspace.articles_dir.iterdir():
        path.write_text("")
    generation = current_generation(workspace.index_dir)
    async with bot(workspace, private_engine, timed=False) as harness:
        failed = html.unescape((await harness.ask(ADMIN, "/reindex")).params["text"])
        assert failed.startswith("The index update failed: The one file in") and ": empty file" in failed, failed
        assert "the index was left as it is" in failed and "\n" not in failed
        assert current_generation(workspace.index_dir) == generation
        assert_answer((await harness.ask(USER, ENGLISH_QUESTION)).params)
        assert_nothing_failed(harness.api)


async def test_admin_uploads_a_markdown_file(workspace: Settings, private_engine: Engine) -> None:
    # TELEGRAM_API_BASE_URL as the bare server address: the bot must add /bot and /file/bot itself
    async with bot(workspace, private_engine, base_url=lambda api: f"http://127.0.0.1:{api.port}/") as harness:
        api = harness.api
        denied = await harness.reply_to(OTHER, lambda: api.send_document(OTHER, "saffron.md", SAFFRON.encode()))
        assert html.unescape(denied.params["text"]) == TEXTS["en"]["add_denied"]
        hint = await harness.reply_to(OTHER, lambda: api.send_document(OTHER, "report.pdf", b"%PDF-1.4"))
        assert hint.params["text"].startswith("I can only read text.")
        link = (await harness.ask(OTHER, "https://example.org/news/1")).params  # a link alone: also an upload
        assert html.unescape(link["text"]) == TEXTS["en"]["add_denied"]
        assert not list(workspace.articles_dir.glob("saffron*"))
        # an admin sharing a file in a group shares it with the people there: nothing is added or said
        api.send_document(GROUP, "saffron.md", SAFFRON.encode(), user_id=ADMIN)
        api.send_document(GROUP, "report.pdf", b"%PDF-1.4", user_id=ADMIN)
        await harness.quiet()
        assert sent_to(api, GROUP) == [] and not list(workspace.articles_dir.glob("saffron*"))

        added = await harness.reply_to(ADMIN, lambda: api.send_document(ADMIN, "saffron.md", SAFFRON.encode(),
                                                                         mime_type="text/markdown"))
        text = html.unescape(added.params["text"])
        assert text.startswith("Done:") and "added: Saffron harvest in Taliouine" in text and "1 added" in text
        empty = await harness.reply_to(ADMIN, lambda: api.send_document(ADMIN, "notes.txt", b"   "))
        assert "notes.txt" in empty.params["text"] and "askbot-upload-" not in empty.params["text"]
        assert api.calls_of("getFile"), "the file was downloaded through the Bot API"

        answer = (await harness.ask(USER, SAFFRON_QUESTION)).params
        assert_answer(answer, more=None)
        assert "fifty thousand flowers" in quotes(answer["text"])[0]
        assert '<a href="https://example.org/saffron-taliouine">example.org</a>' in answer["text"]

        again = await harness.reply_to(ADMIN, lambda: api.send_document(ADMIN, "saffron.md", SAFFRON.encode()))
        assert html.unescape(again.params["text"]).startswith("Nothing was added:\nunchanged: Saffron")

        # a file without a source link, sent again after an edit, replaces what it added
        notice = ("Ferry timetable\n\nFrom December the ferry to Nolsoy leaves the harbour at seven in the morning "
                  "and at five in the evening, the island council said on Monday. ") * 3
        first = await harness.reply_to(ADMIN, lambda: api.send_document(ADMIN, "ferry.txt", notice.encode()))
        assert "added: Ferry timetable" in html.unescape(first.params["text"])
        edited = notice.replace("seven in the morning", "eight in the morning")
        fixed = await harness.reply_to(ADMIN, lambda: api.send_document(ADMIN, "ferry.txt", edited.encode()))
        assert "replaced: Ferry timetable" in html.unescape(fixed.params["text"])
        [stored] = workspace.articles_dir.glob("ferry*")
        assert "eight in the morning" in stored.read_text(encoding="utf-8")

        wrong = await harness.reply_to(ADMIN, lambda: api.send_document(ADMIN, "scan.pdf", b"%PDF-1.4"))
        assert "send a .txt, .md or .html file" in wrong.params["text"]
        assert_nothing_failed(api)


async def test_a_gif_or_a_nameless_file_is_media_not_an_article(workspace: Settings, private_engine: Engine) -> None:
    """Telegram sends a GIF as an `animation` and, for old clients, as a `document` too, often without a file name.
    A nameless document was taken for "article.txt": a user's GIF got "Only the bot's administrators can add
    articles", and an admin's was downloaded and added as an article. A GIF is media (the hint), and a nameless
    document is named after its type: a video is no article, plain text still is."""
    now = int(time.time())
    async with bot(workspace, private_engine) as harness:
        api = harness.api

        def gif(chat_id: int, **named: str) -> dict:
            file_id = api.register_file(b"\x00\x00\x00\x18ftypmp42 fake mp4", kind="animations")
            media = {"file_id": file_id, "file_unique_id": "gif1", "mime_type": "video/mp4", **named}
            return api.queue_update({"message": {
                "message_id": 9000 + len(api.calls), "date": now, "chat": {"id": chat_id, "type": "private"},
                "from": {"id": chat_id, "is_bot": False, "first_name": "Ann", "language_code": "en"},
                "animation": {**media, "width": 320, "height": 240, "duration": 2}, "document": media}})

        def nameless(chat_id: int, data: bytes, mime_type: str) -> dict:
            file_id = api.register_file(data)
            return api.queue_update({"message": {
                "message_id": 9100 + len(api.calls), "date": now, "chat": {"id": chat_id, "type": "private"},
                "from": {"id": chat_id, "is_bot": False, "first_name": "Ann", "language_code": "en"},
                "document": {"file_id": file_id, "file_unique_id": f"u{len(api.calls)}", "mime_type": mime_type,
                             "file_size": len(data)}}})

        for sender in (OTHER, ADMIN):
            for named in ({}, {"file_name": "giphy.mp4"}):
                hint = await harness.reply_to(sender, lambda sender=sender, named=named: gif(sender, **named))
                assert hint.params["text"].startswith("I can only read text."), hint.params["text"]
        video = await harness.reply_to(OTHER, lambda: nameless(OTHER, b"\x00fake", "video/mp4"))
        assert video.params["text"].startswith("I can only read text."), video.params["text"]
        assert api.calls_of("getFile") == [], "nothing downloaded"
        notice = ("Ferry timetable\n\nFrom December the ferry to Nolsoy leaves the harbour at seven in the morning "
                  "and at five in the evening, the island council said on Monday. ") * 3
        added = await harness.reply_to(ADMIN, lambda: nameless(ADMIN, notice.encode(), "text/plain"))
        assert "added: Ferry timetable" in html.unescape(added.params["text"])
        assert [p.name for p in workspace.articles_dir.iterdir() if "ferry" in p.read_text(errors="replace").lower()
                ] != [], "the plain-text file was added"
        assert_nothing_failed(api)


async def test_an_upload_with_a_name_too_long_for_the_system_is_added(workspace: Settings,
                                                                     private_engine: Engine) -> None:
    """A name of 200 Cyrillic letters (400 bytes) was saved as it came: "File name too long", and no reply."""
    name = "паром" * 40 + ".txt"
    notice = ("Ferry timetable\n\nFrom December the ferry to Nolsoy leaves the harbour at seven in the morning "
              "and at five in the evening, the island council said on Monday. ") * 3
    async with bot(workspace, private_engine) as harness:
        api = harness.api
        added = await harness.reply_to(ADMIN, lambda: api.send_document(ADMIN, name, notice.encode()))
        assert "added: Ferry timetable" in html.unescape(added.params["text"])
        assert all(len(p.name.encode()) <= 255 for p in workspace.articles_dir.iterdir())
        assert_nothing_failed(api)


@pytest.mark.parametrize("name", ["паром" * 40 + ".txt", "a." + "x" * 300, "x" * 300, ".txt", "notes.md"])
def test_an_upload_is_saved_under_a_name_the_system_takes(name: str) -> None:
    """Within 200 bytes, its format's suffix kept; a 300-letter "suffix" ("a.xxx…") made the shortening loop
    forever, and the bot never answered."""
    from askbot.bot import MAX_UPLOAD_NAME_BYTES, upload_name

    saved = upload_name(name)
    assert 0 < len(saved.encode()) <= MAX_UPLOAD_NAME_BYTES and "/" not in saved
    if name.endswith((".txt", ".md")):
        assert saved.endswith(name[name.rindex("."):])


async def test_an_upload_the_server_will_not_hand_over_is_answered_with_why(workspace: Settings,
                                                                            private_engine: Engine) -> None:
    """A server without getFile answers 404 (which python-telegram-bot raises as InvalidToken) and one may
    refuse the file: the admin hears that the file could not be downloaded, not "could not answer", and
    nothing is added."""
    async with bot(workspace, private_engine) as harness:
        api = harness.api
        api.fail_next("getFile", 404, "Not Found: method not found")
        missing = await harness.reply_to(ADMIN, lambda: api.send_document(ADMIN, "saffron.md", SAFFRON.encode()))
        text = html.unescape(missing.params["text"])
        assert text.startswith("The index update failed: saffron.md: could not download the file"), text
        api.fail_next("getFile", 400, "Bad Request: file is too big")
        big = await harness.reply_to(ADMIN, lambda: api.send_document(ADMIN, "saffron.md", SAFFRON.encode()))
        assert "could not download the file (File is too big)" in html.unescape(big.params["text"])
        assert TEXTS["en"]["error"] not in [p["text"] for p in sent_to(api, ADMIN)]
        assert not list(workspace.articles_dir.glob("saffron*"))


async def test_a_download_refused_with_a_page_is_told_without_the_page(workspace: Settings,
                                                                     private_engine: Engine) -> None:
    """getFile works but the file server answers the download with its own page, not the Bot API's JSON (tg-mock
    answers 404 "File not found"; a proxy in front of a self-hosted server serves an HTML 404 page):
    python-telegram-bot's error then quotes the whole body ("Parsing the server response b'<html>…' failed").
    The admin hears the status only."""
    async with bot(workspace, private_engine) as harness:
        api = harness.api
        api.refuse_next_download()
        plain = await harness.reply_to(ADMIN, lambda: api.send_document(ADMIN, "saffron.md", SAFFRON.encode()))
        text = html.unescape(plain.params["text"])
        assert text == "The index update failed: saffron.md: could not download the file (Not Found (404))", text
        page = b"<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1>"
        api.refuse_next_download(404, page + b"</center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
                                 "text/html")
        proxied = await harness.reply_to(ADMIN, lambda: api.send_document(ADMIN, "saffron.md", SAFFRON.encode()))
        assert html.unescape(proxied.params["text"]).endswith("could not download the file (Not Found (404))")
        api.refuse_next_download(502, b"Bad Gateway")
        gateway = await harness.reply_to(ADMIN, lambda: api.send_document(ADMIN, "saffron.md", SAFFRON.encode()))
        assert "Parsing" not in html.unescape(gateway.params["text"]), gateway.params["text"]
        assert not list(workspace.articles_dir.glob("saffron*"))


async def test_admin_sends_a_url(workspace: Settings, private_engine: Engine, web: str) -> None:
    async with bot(workspace, private_engine) as harness:
        added = (await harness.ask(ADMIN, f"{web}/article_en.html")).params
        text = html.unescape(added["text"])
        assert text.startswith("Done:") and "added: Council approves cross-town bike lane network" in text

        answer = (await harness.ask(USER, BIKE_QUESTION)).params
        assert_answer(answer, more=None)
        assert "38 million euros" in answer["text"]

        broken = (await harness.ask(ADMIN, f"{web}/missing.html")).params
        assert html.unescape(broken["text"]).startswith("Nothing was added:") and "404" in broken["text"]
        assert_nothing_failed(harness.api)


async def test_admin_actions_leave_an_index_built_from_another_folder_alone(workspace: Settings, embedder,
                                                                          tmp_path: Path) -> None:
    """A bot started without naming its articles folder answers from an index built from another folder as built;
    /reindex or an article sent to it rebuilt that index from the default folder (a copy of it plus the new one).
    Refused in one line saying how to restart the bot, with nothing stored and the index as it was."""
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(workspace.articles_dir, elsewhere)
    (elsewhere / "lighthouse.txt").write_text(LIGHTHOUSE, encoding="utf-8")  # what a rebuild from ./articles drops
    build_index(workspace.index_dir, load_articles(elsewhere)[0], embedder, articles_dir=elsewhere)
    settings = dataclasses.replace(workspace, articles_dir_given=False)  # the default folder, nobody named it
    engine = Engine.open(settings, embedder)
    generation, stored = current_generation(workspace.index_dir), sorted(workspace.articles_dir.iterdir())
    async with bot(settings, engine) as harness:
        api = harness.api
        for refused in ((await harness.ask(ADMIN, "/reindex")).params,
                        (await harness.reply_to(ADMIN, lambda: api.send_document(ADMIN, "saffron.md",
                                                                                 SAFFRON.encode()))).params,
                        (await harness.ask(ADMIN, "https://example.org/news/1")).params):
            text = html.unescape(refused["text"])
            assert text.startswith("The index update failed: the index ") and "\n" not in text, text
            assert f"built from {elsewhere.resolve()}, not from {workspace.articles_dir.absolute()}" in text
            assert f"restart the bot with --articles {elsewhere.resolve()}" in text
            assert current_generation(workspace.index_dir) == generation
            assert sorted(workspace.articles_dir.iterdir()) == stored
        answer = (await harness.ask(USER, LIGHTHOUSE_QUESTION)).params  # answered from the index as built
        assert "Nolsoy" in quotes(answer["text"])[0]
        assert_nothing_failed(api)


async def test_running_bot_follows_an_index_built_from_the_shell(workspace: Settings,
                                                                 private_engine: Engine, embedder) -> None:
    async with bot(workspace, private_engine) as harness:
        before = (await harness.ask(USER, "/sources")).params["text"]
        assert "Nolsoy" not in before

        # what `askbot index` does in another process: a new generation in the same folder
        (workspace.articles_dir / "lighthouse.txt").write_text(LIGHTHOUSE, encoding="utf-8")
        articles, skipped = load_articles(workspace.articles_dir)
        report = build_index(workspace.index_dir, articles, embedder, skipped=skipped)
        assert report.added == 1

        answer = (await harness.ask(USER, LIGHTHOUSE_QUESTION)).params
        assert_answer(answer, more=None)
        assert "Nolsoy" in quotes(answer["text"])[0]
        assert "<i>Keepers of the Nolsoy lighthouse</i>" in answer["text"]
        after = (await harness.ask(USER, "/sources")).params["text"]
        assert "Keepers of the Nolsoy lighthouse" in after
        assert_nothing_failed(harness.api)


# -- what the user should never notice -------------------------------------------------------------------


async def test_a_rejected_or_slow_typing_indicator_does_not_stop_the_answer(
        shared: tuple[Settings, Engine]) -> None:
    async with bot(*shared, timed=False) as harness:
        api = harness.api
        api.fail_next("sendChatAction", 400, "Bad Request: not enough rights to send chat actions")
        assert_answer((await harness.ask(USER, ENGLISH_QUESTION)).params)
        assert [r.status for r in api.records("sendChatAction")] == [400]

        api.delay_next("sendChatAction", 20)  # a hanging request: the answer does not wait for it
        assert_answer((await harness.ask(USER, ENGLISH_QUESTION, timeout=10)).params)


async def test_flood_control_is_waited_out(shared: tuple[Settings, Engine]) -> None:
    async with bot(*shared, timed=False) as harness:
        api = harness.api
        api.rate_limit_next("sendMessage", retry_after=1)
        answer = (await harness.ask(USER, ENGLISH_QUESTION)).params
        assert_answer(answer)
        records = api.records("sendMessage")
        assert [r.status for r in records] == [429, 200]
        assert records[1].time - records[0].time >= 1.0, "retried only after retry_after"
        assert records[0].params["text"] == records[1].params["text"]


async def test_flood_control_with_a_retry_after_given_as_text(shared: tuple[Settings, Engine]) -> None:
    """An emulator's 429 with retry_after "1" (text) or nonsense: the wait failed the reply ('str' object has no
    attribute 'total_seconds') and the user got the apology. It is waited out as a number, at least a second."""
    async with bot(*shared, timed=False) as harness:
        api = harness.api
        for retry_after in ("1", "soon"):
            api.fail_next("sendMessage", 429, "Too Many Requests: retry after 1",
                          parameters={"retry_after": retry_after})
            before = len(api.records("sendMessage"))
            assert_answer((await harness.ask(USER, ENGLISH_QUESTION)).params)
            records = api.records("sendMessage")[before:]
            assert [r.status for r in records] == [429, 200]
            assert records[1].time - records[0].time >= 1.0, "retried only after a second"


async def test_one_chats_flood_control_holds_up_no_other_chat(shared: tuple[Settings, Engine]) -> None:
    """Telegram's 429 for a group over its 20 messages a minute is about that group: python-telegram-bot's
    limiter held every chat's replies until it was over. Now only the group's answer waits."""
    from fakebotapi import FakeApiError

    async with bot(*shared, timed=False) as harness:
        api = harness.api
        send_message, refused = api._send_message, []

        def group_over_its_limit(params: dict) -> dict:
            if int(params["chat_id"]) == GROUP and not refused:
                refused.append(time.monotonic())
                raise FakeApiError(429, "Too Many Requests: retry after 4", {"retry_after": 4})
            return send_message(params)

        api.set_method_handler("sendMessage", group_over_its_limit)
        api.send_text(GROUP, "@askbot_test_bot why does Aktau matter for Baku?")
        for _ in range(300):
            if refused:
                break
            await asyncio.sleep(0.05)
        other = await harness.ask(OTHER, "/help")
        assert other.time - refused[0] < 2, "the private chat did not wait for the group's flood control"
        answer = await api.await_record("sendMessage", lambda p: int(p["chat_id"]) == GROUP, 30, ok=True)
        assert_answer(answer.params)
        assert answer.time - refused[0] >= 4, "the group's answer waited retry_after"


async def test_stopping_gives_up_a_long_flood_wait(shared: tuple[Settings, Engine], monkeypatch) -> None:
    """SIGTERM while a reply waits out a retry_after of minutes: the process stayed until the wait was over
    (docker stop kills it after 10 s). Once stopping, a wait past STOP_GRACE is given up."""
    import askbot.bot as botmodule

    monkeypatch.setattr(botmodule, "STOP_GRACE", 1.0)
    async with bot(*shared, timed=False) as harness:
        harness.api.rate_limit_next("sendMessage", retry_after=120)
        harness.api.send_text(USER, ENGLISH_QUESTION)
        await harness.api.await_record("sendMessage", lambda p: int(p["chat_id"]) == USER, 30)
        started = time.monotonic()
    assert time.monotonic() - started < 10, "stopped without waiting out the 120 s"


async def test_a_flood_wait_while_starting_leaves_stopping_its_own_grace(monkeypatch) -> None:
    """A 429 before the bot runs (the command menu is registered before it starts) counted as stopping, and the
    moment was kept: when the bot really stopped, long after, a reply under way gave up even a flood wait of a
    second (its answer lost) instead of waiting out what fits into STOP_GRACE."""
    from telegram.error import TelegramError

    import askbot.bot as botmodule

    monkeypatch.setattr(botmodule, "STOP_GRACE", 0.3)
    limiter = botmodule.MessageRateLimiter()
    state = {"running": False}
    limiter.running = lambda: state["running"]
    with pytest.raises(TelegramError, match="given up"):  # starting: a long wait is not waited out
        await limiter.wait_out(5.0, "setMyCommands")
    state["running"] = True

    async def sent() -> bool:
        return True

    assert await limiter.process_request(sent, (), {}, "sendMessage", {"chat_id": USER}, None)
    await asyncio.sleep(0.5)  # the bot runs, for longer than STOP_GRACE
    state["running"] = False  # and stops: a reply under way waits out a flood wait within STOP_GRACE
    await limiter.wait_out(0.2, "sendMessage")


async def test_stopping_cuts_short_a_flood_wait_of_getupdates(shared: tuple[Settings, Engine],
                                                             caplog: pytest.LogCaptureFixture) -> None:
    """getUpdates answered 429: python-telegram-bot's polling loop waited the retry_after out between two polls,
    where stopping could not cut it short, so a SIGTERM took the whole retry_after (a minute for 60 s) to end the
    bot. The poll waits it out itself now: a short one is waited out and the next question answered, a long one
    ends as soon as the bot stops. The last poll, which confirms what was read, refused as well, was an ERROR."""
    caplog.set_level(logging.INFO, logger="askbot.lenient")
    running = bot(*shared, timed=False)
    harness = await running.__aenter__()
    try:
        api = harness.api
        api.rate_limit_next("getUpdates", retry_after=1)
        await api.await_record("getUpdates", None, 30, ok=False)
        assert_answer((await harness.ask(USER, ENGLISH_QUESTION)).params)
        api.rate_limit_next("getUpdates", retry_after=3600, times=2)  # the last poll, on stopping, too
        await api.await_record("getUpdates", None, 30, ok=False)
        for _ in range(3000):  # the bot has read the refusal: the poll now waits out an hour
            if any("polling again in 3600 s" in r.getMessage() for r in caplog.records):
                break
            await asyncio.sleep(0.01)
    except BaseException:
        await running.__aexit__(None, None, None)
        raise
    # it stopped an hour later; a minute stands for "at once" on the slowest machine
    stopping = asyncio.ensure_future(running.__aexit__(None, None, None))
    done, _ = await asyncio.wait({stopping}, timeout=60)
    assert done, "still stopping a minute later: it waits out the hour of flood control"
    stopping.result()
    # the last poll, which only confirms what was read, refused: a warning that says so, no ERROR on a clean stop
    assert [r for r in caplog.records if "the last getUpdates, which confirms the updates read, was refused" in
            r.getMessage()]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], [r.getMessage() for r in caplog.records]


async def test_media_gets_one_hint_and_edits_are_not_answered_again(shared: tuple[Settings, Engine]) -> None:
    async with bot(*shared, every_kind=True) as harness:  # edits arrive (a server that ignores allowed_updates)
        api = harness.api
        sticker = await harness.reply_to(USER, lambda: api.send_sticker(USER))
        assert sticker.params["text"].startswith("I can only read text.")
        assert len(sticker.params["text"]) < 400
        photo = await harness.reply_to(USER, lambda: api.send_photo(USER, b"\xff\xd8\xff\xe0 fake jpeg"))
        assert photo.params["text"] == sticker.params["text"]
        api.send_sticker(GROUP)  # in a group a sticker is nobody's question
        await harness.quiet()
        assert len(sent_to(api, USER)) == 2 and sent_to(api, GROUP) == []

        asked = api.send_text(USER, ENGLISH_QUESTION)
        await api.await_call("sendMessage", lambda p: int(p["chat_id"]) == USER, 30, ok=True)
        api.edit_text(asked, "Why does Aktau matter for Astana?")
        await harness.quiet()
        assert len(sent_to(api, USER)) == 3, "an edited question is not answered a second time"
        assert_nothing_failed(api)


async def test_an_album_gets_one_reply_not_one_per_photo(shared: tuple[Settings, Engine]) -> None:
    """Telegram sends an album as one message per photo or file, with a shared media_group_id. Ten photos got ten
    "I can only read text" hints, and five files from someone who may not add articles five refusals. Now an album
    gets one hint (or one refusal); a caption in it is still answered as a question, and then no hint follows."""
    now = int(time.time())
    user = {"id": OTHER, "is_bot": False, "first_name": "Ann", "language_code": "en"}
    private = {"id": OTHER, "type": "private", "first_name": "Ann"}

    def item(n: int, album: str, **kind: object) -> dict:
        return {"message": {"message_id": 9000 + n, "date": now, "chat": private, "from": user,
                            "media_group_id": album, **kind}}

    def photo(n: int) -> dict:
        return {"photo": [{"file_id": f"p{n}", "file_unique_id": f"u{n}", "width": 90, "height": 90}]}

    def document(n: int) -> dict:
        return {"document": {"file_id": f"d{n}", "file_unique_id": f"v{n}", "file_name": f"part{n}.txt",
                             "mime_type": "text/plain"}}

    async with bot(*shared, timed=False) as harness:
        api = harness.api
        for n in range(10):
            api.queue_update(item(n, "album-1", **photo(n)))
        await harness.quiet(1.5)
        assert [p["text"][:22] for p in sent_to(api, OTHER)] == ["I can only read text. "]
        for n in range(10, 15):
            api.queue_update(item(n, "album-2", **document(n)))
        await harness.quiet(1.5)
        assert len(sent_to(api, OTHER)) == 2 and "admin" in sent_to(api, OTHER)[1]["text"]
        api.queue_update(item(20, "album-3", caption=ENGLISH_QUESTION, **photo(20)))
        for n in range(21, 24):
            api.queue_update(item(n, "album-3", **photo(n)))
        await harness.quiet(1.5)
        assert len(sent_to(api, OTHER)) == 3
        assert_answer(sent_to(api, OTHER)[2])
        api.queue_update(item(30, "album-4", caption="/ask " + ENGLISH_QUESTION, **photo(30)))
        api.queue_update(item(31, "album-4", **photo(31)))
        await harness.quiet(1.5)
        assert len(sent_to(api, OTHER)) == 4
        assert_answer(sent_to(api, OTHER)[3])
        hint = await harness.reply_to(OTHER, lambda: api.queue_update({"message": {
            "message_id": 9040, "date": now, "chat": private, "from": user, **photo(40)}}))
        assert hint.params["text"].startswith("I can only read text."), "a photo in no album still gets its hint"
        assert_nothing_failed(api)


async def test_a_caption_is_a_question_and_a_mistyped_command_gets_help(shared: tuple[Settings, Engine]) -> None:
    async with bot(*shared) as harness:
        api = harness.api
        answer = await harness.reply_to(USER, lambda: api.send_photo(USER, b"\xff\xd8\xff\xe0 fake jpeg",
                                                                     caption=ENGLISH_QUESTION))
        assert_answer(answer.params)
        assert "Актау" in answer.params["text"]
        help_ = (await harness.ask(USER, "/hlep")).params
        assert help_["text"] == core_help(shared)
        api.send_text(GROUP, "/hlep")  # in a group an unknown command may be another bot's
        await harness.quiet()
        assert sent_to(api, GROUP) == []
        assert_nothing_failed(api)


async def test_a_command_for_another_bot_and_a_channels_post_are_not_answered(shared: tuple[Settings, Engine]) -> None:
    """`/start@other_bot` in a private chat is the other bot's: it got this bot's help. A post in a channel handed
    over as a plain message (an emulator's; Telegram sends channel_post, not asked for) got its command answered into
    the channel. Neither is answered; this bot's own `/start@askbot_test_bot` still is."""
    channel = -1001112223334
    async with bot(*shared, timed=False) as harness:
        api = harness.api
        for text in ("/start@other_bot", "/hlep@other_bot", "/help@Other_Bot why?"):
            api.send_text(USER, text)
        for text in ("/start", "/ask why does Aktau matter for Baku?", "/hlep@askbot_test_bot",
                     f"@askbot_test_bot {ENGLISH_QUESTION}"):
            api.send_text(channel, text, chat_type="channel")
        await harness.quiet()
        assert sent_to(api, USER) == [] and sent_to(api, channel) == []
        start = (await harness.ask(USER, "/start@askbot_test_bot")).params
        assert start["text"].startswith(TEXTS["en"]["greeting"])
        assert (await harness.ask(USER, "/hlep@AskBot_Test_Bot")).params["text"] == core_help(shared)
        marked = [{"type": "bot_command", "offset": 0, "length": 6}]  # as a server may mark it, the "@" with it
        assert (await harness.ask(USER, "/hlep@", entities=marked)).params["text"] == core_help(shared), "no bot named"
        assert_nothing_failed(api)


async def test_added_to_a_group_under_another_id_the_bot_still_says_how_to_ask(shared: tuple[Settings, Engine]) -> None:
    """An emulator's getMe may give an id that is not the one its token starts with (telegram-test-api: 666), and a
    test adding the bot to a group gives one or the other: the bot, added under an id it did not expect, said
    nothing. It knows itself by its username too; another bot added says nothing."""
    async with bot(*shared, timed=False) as harness:
        api = harness.api

        def added(message_id: int, member: dict) -> None:
            api.queue_update({"message": {"message_id": message_id, "date": int(time.time()),
                                          "chat": {"id": GROUP, "type": "supergroup", "title": "Readers"},
                                          "from": {"id": USER, "is_bot": False, "first_name": "Ann"},
                                          "new_chat_members": [member]}})

        added(9401, {"id": 555000111, "is_bot": True, "first_name": "Other", "username": "other_bot"})
        added(9402, {"id": 555000112, "is_bot": False, "first_name": "Kim", "username": "Askbot_Test_Bot"})
        await harness.quiet()
        assert sent_to(api, GROUP) == [], "another bot, or a person, joining is nobody's business"
        joined = await harness.reply_to(GROUP, lambda: added(9403, {"id": 666, "is_bot": True, "first_name": "askbot",
                                                                    "username": "Askbot_Test_Bot"}))
        assert "/ask" in joined.params["text"]
        assert_nothing_failed(api)


async def test_a_repeated_update_is_answered_once(shared: tuple[Settings, Engine]) -> None:
    """A server that ignores getUpdates' offset sends an update again; it is not answered again."""
    async with bot(*shared) as harness:
        api = harness.api
        message = api.send_text(USER, ENGLISH_QUESTION)
        await api.await_call("sendMessage", lambda p: int(p["chat_id"]) == USER, 30, ok=True)
        for _ in range(2):
            api.queue_update({"update_id": 10**6, "message": {**message, "message_id": message["message_id"] + 100}})
        # its answer may take a second more than the quiet's half second (right after another test, it did)
        await api.await_call("sendMessage", lambda p: int(p["chat_id"]) == USER, 30, ok=True)
        await harness.quiet(1.5)
        assert len(sent_to(api, USER)) == 2, "the repeated update is answered once, not twice"
        assert_nothing_failed(api)


async def test_updates_of_other_kinds_are_ignored_quietly(shared: tuple[Settings, Engine],
                                                          caplog: pytest.LogCaptureFixture) -> None:
    """Inline queries, channel posts, membership changes, polls, a button from nowhere and kinds this
    python-telegram-bot does not know: no reply, no error, and the next question is answered."""
    caplog.set_level(logging.WARNING)
    user = {"id": USER, "is_bot": False, "first_name": "Ann"}
    now = int(time.time())
    channel = {"id": -1001234567890, "type": "channel", "title": "News"}
    async with bot(*shared, timed=False, every_kind=True) as harness:
        api = harness.api
        for update in (
            {"inline_query": {"id": "1", "from": user, "query": "Aktau", "offset": ""}},
            {"channel_post": {"message_id": 1, "date": now, "chat": channel, "text": "why Aktau matters?"}},
            {"my_chat_member": {"chat": {"id": GROUP, "type": "group", "title": "G"}, "from": user, "date": now,
                                "old_chat_member": {"status": "left", "user": api.bot_user},
                                "new_chat_member": {"status": "member", "user": api.bot_user}}},
            {"poll": {"id": "p", "question": "?", "options": [], "total_voter_count": 0, "is_closed": False,
                      "is_anonymous": True, "type": "regular", "allows_multiple_answers": False}},
            {"callback_query": {"id": "2", "from": user, "chat_instance": "c", "data": "no-such-button"}},
            {"business_message_of_the_future": {"anything": 1}},
        ):
            api.queue_update(update)
        await harness.quiet()
        assert api.calls_of("sendMessage") == [] and api.calls_of("editMessageText") == []
        assert_answer((await harness.ask(USER, ENGLISH_QUESTION)).params)
        assert not [r for r in caplog.records if r.levelno >= logging.ERROR], [r.getMessage() for r in caplog.records]


async def test_the_bots_own_messages_handed_back_are_not_answered(shared: tuple[Settings, Engine]) -> None:
    """An emulator that hands the bot's sent messages back as updates: each answer was taken for a question and
    answered, and that answer too, without end. The bot's own messages are skipped; the user's are answered."""
    async with bot(*shared, timed=False) as harness:
        api = harness.api
        answer = await harness.ask(USER, ENGLISH_QUESTION)
        under_another_id = {**api.bot_user, "id": 666}  # an emulator whose getMe id is not the token's
        for update_id, chat, sender in ((50_001, answer.result["chat"], api.bot_user),
                                        (50_002, {"id": GROUP, "type": "supergroup"}, api.bot_user),
                                        (50_003, {"id": GROUP, "type": "supergroup"}, under_another_id)):
            api.queue_update({"update_id": update_id, "message": {
                **answer.result, "chat": chat, "from": sender,
                "text": f"@askbot_test_bot {ENGLISH_QUESTION}"}})
        await harness.quiet()
        assert len(sent_to(api, USER)) == 1 and sent_to(api, GROUP) == []
        assert_answer((await harness.ask(USER, RUSSIAN_QUESTION)).params, more="Ещё")
        await harness.quiet(2)  # an answer in the group would have come by now
        assert sent_to(api, GROUP) == []


async def test_a_bot_without_username_still_explains_and_answers(shared: tuple[Settings, Engine]) -> None:
    """Some emulators' getMe has no username, and python-telegram-bot's command filter then failed on every
    command: the username is made from the bot's first name, and commands, /ask and replies work."""
    async with bot(*shared, bot_username=None) as harness:
        api = harness.api
        help_ = (await harness.ask(USER, "/help")).params["text"]
        assert "None" not in help_ and "@AskBotTest" in help_
        answer = await harness.ask(GROUP, "/ask why does Aktau matter for Baku?")
        assert_answer(answer.params)
        assert_answer((await harness.ask(GROUP, "And Japan?", reply_to_message=answer.result)).params)
        assert_nothing_failed(api)


async def alert(harness, message: dict, data: str) -> str:
    """Press a button whose answer is a notice for the presser alone: the alert's text. Nothing is posted."""
    before, answered = len(harness.api.calls_of("sendMessage")), len(harness.api.records("answerCallbackQuery"))
    harness.api.press_button(message, data, strict=False)
    await harness.quiet()
    for _ in range(300):
        if len(records := harness.api.records("answerCallbackQuery")) > answered:
            break
        await asyncio.sleep(0.1)
    record = records[answered]
    assert record.params.get("show_alert") in (True, "true", "True")
    assert len(harness.api.calls_of("sendMessage")) == before, "a dead button posts nothing into the chat"
    return record.params["text"]


def core_help(shared: tuple[Settings, Engine]) -> str:
    presenter = Presenter(shared[1])
    presenter.bot_mention = "@askbot_test_bot"
    return presenter.help("en").html


async def test_a_failing_update_is_logged_and_the_next_is_answered(shared: tuple[Settings, Engine],
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="askbot.bot")
    async with bot(*shared, timed=False) as harness:
        api = harness.api
        api.fail_next("sendMessage", 400, "Bad Request: message to be replied not found")
        apology = (await harness.ask(USER, ENGLISH_QUESTION)).params
        assert apology["text"] == TEXTS["en"]["error"]
        failed = [r for r in caplog.records if r.levelno == logging.ERROR and "failed" in r.getMessage()]
        assert failed and "BadRequest" in failed[0].getMessage()
        assert failed[0].exc_info is None  # Telegram's refusal, not a bug: one line, no traceback

        answer = await harness.ask(USER, ENGLISH_QUESTION)
        assert_answer(answer.params)

        # a button whose data the bot never made (old client, forged query): "ask again", no crash
        assert await alert(harness, answer.result, "more:zz") == TEXTS["en"]["expired"]
        assert await alert(harness, answer.result, "more:0123456789ab:1") == TEXTS["en"]["expired"]
        assert not buttons(api.message(USER, answer.result["message_id"])), "the dead More button is gone"
        # said out loud: a server that keeps a keyboard an edit does not mention (telegram-test-api) drops it too
        assert api.calls_of("editMessageReplyMarkup")[-1]["reply_markup"] in ({"inline_keyboard": []},
                                                                              '{"inline_keyboard": []}')
        assert_answer((await harness.ask(USER, RUSSIAN_QUESTION)).params, more="Ещё")


async def test_a_user_who_blocked_the_bot_is_a_warning_not_an_error(shared: tuple[Settings, Engine],
                                                                    caplog: pytest.LogCaptureFixture) -> None:
    """403 "bot was blocked by the user": the user's choice, not a failure of the bot. One warning, no apology
    tried into the same closed chat, and the other chats are answered. So for a group that took the bot's right
    to write, and for a forum topic its admins closed (an ERROR and an apology into the same closed topic)."""
    caplog.set_level(logging.INFO, logger="askbot.bot")
    async with bot(*shared, timed=False) as harness:
        api = harness.api
        api.block_chat(USER)
        api.send_text(USER, ENGLISH_QUESTION)
        await api.await_record("sendMessage", lambda p: int(p["chat_id"]) == USER, 30)
        assert_answer((await harness.ask(OTHER, ENGLISH_QUESTION)).params)
        assert [r.status for r in api.records("sendMessage") if int(r.params["chat_id"]) == USER] == [403]
        # a group whose admins took the bot's right to write: Telegram refuses with a 400, not a 403
        api.fail_next("sendMessage", 400, "Bad Request: not enough rights to send text messages to the chat")
        api.send_text(GROUP, f"@askbot_test_bot {ENGLISH_QUESTION}")
        await api.await_record("sendMessage", lambda p: int(p["chat_id"]) == GROUP, 30)
        await harness.quiet()
        assert [r.status for r in api.records("sendMessage") if int(r.params["chat_id"]) == GROUP] == [400]
        # a forum topic its admins closed: Telegram refuses a bot that is no admin there with "TOPIC_CLOSED"
        forum = {"id": -1005550002, "type": "supergroup", "title": "Forum", "is_forum": True}
        api.fail_next("sendMessage", 400, "Bad Request: TOPIC_CLOSED")
        api.queue_update({"message": {"message_id": 9300, "date": int(time.time()), "chat": forum,
                                      "message_thread_id": 78, "is_topic_message": True,
                                      "text": f"/ask {ENGLISH_QUESTION}",
                                      "from": {"id": USER, "is_bot": False, "first_name": "Ann"}}})
        await api.await_record("sendMessage", lambda p: int(p["chat_id"]) == forum["id"], 30)
        await harness.quiet()
        assert [r.status for r in api.records("sendMessage") if int(r.params["chat_id"]) == forum["id"]] == [400]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], [r.getMessage() for r in caplog.records]
    assert sum("may not write to that chat" in r.getMessage() for r in caplog.records) == 3


async def test_a_chat_the_bot_cannot_reach_is_one_warning(shared: tuple[Settings, Engine],
                                                         caplog: pytest.LogCaptureFixture) -> None:
    """400 "chat not found" (a basic group the bot was removed from) or "PEER_ID_INVALID": an ERROR per question,
    and an apology tried into the same chat and refused the same way. One warning now, and the next is answered."""
    caplog.set_level(logging.INFO, logger="askbot.bot")
    async with bot(*shared, timed=False) as harness:
        api = harness.api
        for refusal in ("Bad Request: chat not found", "Bad Request: PEER_ID_INVALID"):
            api.fail_next("sendMessage", 400, refusal)
            api.send_text(USER, ENGLISH_QUESTION)
            await api.await_record("sendMessage", lambda p: int(p["chat_id"]) == USER, 30)
            await harness.quiet()
        assert [r.status for r in api.records("sendMessage")] == [400, 400], "no apology tried"
        assert_answer((await harness.ask(USER, ENGLISH_QUESTION)).params)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], [r.getMessage() for r in caplog.records]
    assert sum("may not write to that chat" in r.getMessage() for r in caplog.records) == 2


async def test_refusals_worded_by_telegrams_raw_error_names(shared: tuple[Settings, Engine],
                                                            caplog: pytest.LogCaptureFixture) -> None:
    """Telegram (and servers and emulators after it) passes some refusals on by their raw names: "TOPIC_DELETED"
    for a forum topic deleted while the question was answered, "MESSAGE_TOO_LONG", "REPLY_MESSAGE_ID_INVALID",
    "MESSAGE_NOT_MODIFIED", "CHAT_SEND_PLAIN_FORBIDDEN". Only the worded forms were recognised: the deleted topic's
    answer was an ERROR and an apology into the same topic, "too long" the apology instead of the answer as plain
    text, the quote of a deleted question the apology, a second tap on More a second copy of the passages, and a
    group that forbids text an ERROR. Each now goes as its worded form does."""
    caplog.set_level(logging.INFO, logger="askbot.bot")
    now = int(time.time())
    user = {"id": USER, "is_bot": False, "first_name": "Ann", "language_code": "en"}
    forum = {"id": -1005550003, "type": "supergroup", "title": "Forum", "is_forum": True}
    async with bot(*shared, timed=False) as harness:
        api = harness.api
        api.fail_next("sendMessage", 400, "Bad Request: TOPIC_DELETED")
        outside = await harness.reply_to(forum["id"], lambda: api.queue_update({"message": {
            "message_id": 9400, "date": now, "chat": forum, "from": user, "message_thread_id": 81,
            "is_topic_message": True, "text": f"/ask {ENGLISH_QUESTION}"}}))
        assert_answer(outside.params)
        assert "message_thread_id" not in outside.params, "the answer goes outside the deleted topic"

        api.fail_next("sendMessage", 400, "Bad Request: MESSAGE_TOO_LONG")
        plain = await harness.ask(USER, ENGLISH_QUESTION)
        assert "parse_mode" not in plain.params and "<blockquote>" not in plain.params["text"]
        assert [label for label, _ in buttons(plain.params)] == ["More"]

        api.fail_next("sendMessage", 400, "Bad Request: REPLY_MESSAGE_ID_INVALID")
        unquoted = await harness.ask(GROUP, f"@askbot_test_bot {ENGLISH_QUESTION}")
        assert_answer(unquoted.params)
        assert "reply_parameters" not in unquoted.params

        answer = await harness.ask(OTHER, ENGLISH_QUESTION)
        [(_, data)] = buttons(answer.params)
        api.fail_next("editMessageText", 400, "Bad Request: MESSAGE_NOT_MODIFIED")
        api.press_button(answer.result, data)
        await api.await_record("editMessageText", lambda p: int(p["chat_id"]) == OTHER, 30)
        await harness.quiet()
        assert len(sent_to(api, OTHER)) == 1, "the passages shown already are not sent again"

        api.fail_next("sendMessage", 400, "Bad Request: CHAT_SEND_PLAIN_FORBIDDEN")
        api.send_text(GROUP, f"@askbot_test_bot {ENGLISH_QUESTION}")
        await api.await_record("sendMessage", lambda p: int(p["chat_id"]) == GROUP, 30, ok=False)
        await harness.quiet()
        assert len(sent_to(api, GROUP)) == 3, "no apology into a group that forbids the bot's texts"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], [r.getMessage() for r in caplog.records]
    assert sum("may not write to that chat" in r.getMessage() for r in caplog.records) == 1


async def test_a_bot_api_server_error_is_retried_and_logged_in_one_line(shared: tuple[Settings, Engine],
                                                                      caplog: pytest.LogCaptureFixture,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A Bot API server that answers sendMessage with a 5xx for a moment (api.telegram.org's passing "Bad Gateway"):
    the answer is sent again and arrives, with one INFO line saying so (the failed tries are DEBUG lines). One that
    keeps failing is one ERROR line naming the tries, without a traceback, and the apology is tried once. Every
    try was a WARNING, and the apology went through a whole series of its own: 8 requests for one question."""
    import askbot.bot as botmodule

    monkeypatch.setattr(botmodule, "RETRY_PAUSE", 0.01)  # the pauses between tries, not what is tried
    caplog.set_level(logging.DEBUG, logger="askbot.bot")
    attempts = botmodule.SEND_ATTEMPTS
    async with bot(*shared, timed=False) as harness:
        api = harness.api
        api.fail_next("sendMessage", 502, "Bad Gateway", times=2)
        assert_answer((await harness.ask(USER, ENGLISH_QUESTION)).params)
        assert [r.status for r in api.records("sendMessage")] == [502, 502, 200]
        await harness.quiet(0.2)  # the INFO line is written once the server's 200 is read, after the fake saw it
        said = [(r.levelno, r.getMessage()) for r in caplog.records if r.name == "askbot.bot"]
        assert [level for level, line in said if "attempt" in line] == [logging.DEBUG, logging.DEBUG, logging.INFO]
        assert [line for level, line in said if level >= logging.INFO] == [
            f"sendMessage went through at attempt 3 of {attempts} (before: NetworkError: Bad Gateway)"]

        # failing every try: one ERROR line, and one try of the apology, which fails too
        api.clear_calls()
        api.fail_next("sendMessage", 502, "Bad Gateway", times=attempts + 1)
        api.send_text(USER, ENGLISH_QUESTION)
        for _ in range(attempts + 1):
            await api.await_record("sendMessage", lambda p: int(p["chat_id"]) == USER, 30, ok=False)
        await harness.quiet()
        assert [r.status for r in api.records("sendMessage")] == [502] * (attempts + 1)

        # the same, with a server that is back for the apology: it arrives, at its one try
        api.clear_calls()
        api.fail_next("sendMessage", 502, "Bad Gateway", times=attempts)
        apology = (await harness.ask(USER, ENGLISH_QUESTION)).params
        assert apology["text"] == TEXTS["en"]["error"]
        assert [r.status for r in api.records("sendMessage")] == [502] * attempts + [200]
        assert_answer((await harness.ask(USER, ENGLISH_QUESTION)).params)  # and the next question is answered

    records = [r for r in caplog.records if r.name == "askbot.bot"]
    errors = [r for r in records if r.levelno >= logging.WARNING]
    assert [r.levelno for r in errors] == [logging.ERROR, logging.ERROR], [r.getMessage() for r in errors]
    for record in errors:
        assert re.fullmatch(rf"update \d+ failed: NetworkError: Bad Gateway \(sendMessage: {attempts} attempts\)",
                            record.getMessage()), record.getMessage()
        assert record.exc_info is None and "\n" not in record.getMessage()  # one line, no traceback
    assert sum("the apology was not sent either" in r.getMessage() for r in records) == 1
    assert sum(r.levelno == logging.DEBUG and "failed (NetworkError: Bad Gateway)" in r.getMessage()
               for r in records) == 2 + 2 * (attempts - 1)


async def test_a_second_bot_on_the_same_token_is_one_plain_line(shared: tuple[Settings, Engine],
                                                                 caplog: pytest.LogCaptureFixture) -> None:
    """Telegram answers getUpdates with 409 Conflict while another process polls with the same token: the log
    says so in one line, without a traceback, and the bot answers once the other one is gone."""
    caplog.set_level(logging.INFO, logger="askbot.bot")
    async with bot(*shared, timed=False) as harness:
        harness.api.fail_next("getUpdates", 409, "Conflict: terminated by other getUpdates request; make sure "
                                                 "that only one bot instance is running", times=2)
        assert_answer((await harness.ask(USER, ENGLISH_QUESTION, timeout=60)).params)
    conflicts = [r for r in caplog.records if "another process is reading this bot's updates" in r.getMessage()]
    assert conflicts and all(r.exc_info is None for r in conflicts)
    assert not [r for r in caplog.records if r.exc_info], [r.getMessage() for r in caplog.records]

async def test_a_double_tap_on_more_shows_the_next_passage_once(shared: tuple[Settings, Engine]) -> None:
    async with bot(*shared) as harness:
        api = harness.api
        answer = await harness.ask(USER, ENGLISH_QUESTION)
        [(_, data)] = buttons(answer.params)
        api.press_button(answer.result, data)
        api.press_button(answer.result, data)  # before the first press was handled
        await api.await_call("editMessageText", timeout=30, ok=True)
        await harness.quiet()
        shown = api.message(USER, answer.result["message_id"])  # as the chat shows it: entities, not tags
        assert [e["type"] for e in shown["entities"]].count("blockquote") == 2
        assert len(sent_to(api, USER)) == 1, "no apology, no duplicate"
        assert len(api.calls_of("answerCallbackQuery")) == 2
        # the second press is not tried as an edit that changes nothing: Telegram (and tgfake) refuse it, 400
        assert [r.status for r in api.records("editMessageText")] == [200]


async def test_a_double_tap_on_more_that_sends_a_new_message_sends_it_once(workspace: Settings, embedder) -> None:
    """When the next passage no longer fits the answer, More sends it as a new message: a second press of the
    same button before the first was handled sent it twice (tgfake showed the passage twice in the chat)."""
    (workspace.articles_dir / "tides.txt").write_text(tides_article(), encoding="utf-8")
    articles, skipped = load_articles(workspace.articles_dir)
    build_index(workspace.index_dir, articles, embedder, skipped=skipped)
    async with bot(workspace, Engine.open(workspace, embedder)) as harness:
        api = harness.api
        listed = buttons((await harness.ask(USER, "/topics")).params)
        data = next(data for label, data in listed if label.startswith("What do the tide gauges say"))
        await harness.press(api.last_message(USER), data, method="sendMessage")
        # the second of the two messages the long answer takes
        long_topic = (await api.await_record("sendMessage", lambda p: int(p["chat_id"]) == USER, 30, ok=True)).result
        [(_, more)] = buttons(long_topic)
        before, answered = len(sent_to(api, USER)), len(api.calls_of("answerCallbackQuery"))
        api.press_button(long_topic, more)
        api.press_button(long_topic, more)  # before the first press was handled
        await api.await_call("sendMessage", lambda p: int(p["chat_id"]) == USER and "night ferry" in p["text"],
                             30, ok=True)
        await harness.quiet()
        assert len(sent_to(api, USER)) == before + 1, "the next passage once"
        assert len(api.calls_of("answerCallbackQuery")) == answered + 2, "both presses stop their spinner"


async def test_long_passages_and_markup_in_articles_stay_within_limits(workspace: Settings, embedder) -> None:
    (workspace.articles_dir / "tides.txt").write_text(tides_article(), encoding="utf-8")
    articles, skipped = load_articles(workspace.articles_dir)
    build_index(workspace.index_dir, articles, embedder, skipped=skipped)
    engine = Engine.open(workspace, embedder)
    async with bot(workspace, engine) as harness:
        api = harness.api
        sources = (await harness.ask(USER, "/sources")).params["text"]
        assert "<i>Tides &amp; &lt;Harbours&gt;: an interview with the harbour master</i>" in sources

        listed = buttons((await harness.ask(USER, "/topics")).params)
        data = next(data for label, data in listed if label.startswith("What do the tide gauges say"))
        first = await harness.press(api.last_message(USER), data, method="sendMessage")
        second = await api.await_record("sendMessage", lambda p: int(p["chat_id"]) == USER, 30, ok=True)
        # the 4000-character paragraph under its question is longer than a message: it comes whole, in two
        parts = [first.params, second.params]
        assert not buttons(parts[0]) and buttons(parts[1])
        shown = [message["text"] for message in api.messages(USER)[-2:]]  # what the chat shows, markup parsed
        assert all(len(text) <= MESSAGE_LIMIT for text in shown) and "…" not in "".join(shown)
        assert "At pier 1 the tide gauge reads < 2 m & the ferry <Skarvur>" in shown[0] and "(gauge 6)" in shown[1]
        assert all(part["text"].count("<blockquote>") == part["text"].count("</blockquote>") == 1 for part in parts)
        long_topic = api.last_message(USER)
        # the answer goes on in the next paragraph, which no longer fits: More sends it as a new message
        how, rest = await press_more(harness, long_topic)
        assert how == "send" and len(quotes(rest["text"])) == 1 and "night ferry" in rest["text"]
        assert not buttons(api.message(USER, long_topic["message_id"])), "the old More button is gone"
        assert not buttons(rest)

        answer = (await harness.ask(USER, "What does the tide gauge read at pier 4?")).params
        assert_answer(answer, more=None, bold=False)  # a one-sentence passage has nothing to set in bold
        message = api.last_message(USER)
        for _ in range(10):
            if not buttons(message):
                break
            await press_more(harness, message)
            message = api.last_message(USER)
        assert_nothing_failed(api)


async def test_group_captions_and_addresses(shared: tuple[Settings, Engine]) -> None:
    """A photo whose caption asks the bot is a question in a group too; an e-mail address that ends in the bot's
    name is not a mention."""
    async with bot(*shared) as harness:
        api = harness.api
        api.send_text(GROUP, "write to info@askbot_test_bot please")
        api.send_photo(GROUP, b"\xff\xd8\xff\xe0 fake jpeg", caption="look at this port")
        await harness.quiet()
        assert sent_to(api, GROUP) == []
        answer = await harness.reply_to(GROUP, lambda: api.send_photo(
            GROUP, b"\xff\xd8\xff\xe0 fake jpeg", caption="@askbot_test_bot why does Aktau matter for Baku?"))
        assert_answer(answer.params)
        assert "reply_parameters" in answer.params
        # a command in a caption is a command, as in a text (python-telegram-bot reads commands in texts only)
        asked = await harness.reply_to(GROUP, lambda: api.send_photo(
            GROUP, b"\xff\xd8\xff\xe0 fake jpeg", caption="/ask why does Aktau matter for Baku?"))
        assert_answer(asked.params)
        api.send_photo(GROUP, b"\xff\xd8\xff\xe0 fake jpeg", caption="/ask@other_bot why?")
        api.send_photo(GROUP, b"\xff\xd8\xff\xe0 fake jpeg", caption="/hlep")
        await harness.quiet()
        assert len(sent_to(api, GROUP)) == 2, "another bot's command and a bare mistyped one: nothing"
        helped = await harness.reply_to(USER, lambda: api.send_photo(USER, b"\xff\xd8\xff\xe0 fake jpeg",
                                                                     caption="/help"))
        assert "/topics" in helped.params["text"] and "/ask" in helped.params["text"]
        assert_nothing_failed(api)


async def test_a_command_after_the_bots_mention_is_that_command(shared: tuple[Settings, Engine]) -> None:
    """"@bot /help" in a group (Telegram's own autocomplete writes the mention first), in a text or in a photo's or
    a file's caption: it was answered as the question "/help". It is the command, as "/help@bot" is."""
    async with bot(*shared) as harness:
        api = harness.api
        photo = b"\xff\xd8\xff\xe0 fake jpeg"
        assert (await harness.ask(GROUP, "@askbot_test_bot /help")).params["text"] == core_help(shared)
        topics = (await harness.ask(GROUP, "@askbot_test_bot, /topics")).params
        assert buttons(topics) and all(data.startswith("topic:") for _, data in buttons(topics))
        sources = (await harness.ask(GROUP, "@askbot_test_bot /sources")).params
        assert sources["text"].startswith(TEXTS["en"]["sources"])
        assert_answer((await harness.ask(GROUP, "@askbot_test_bot /ask why does Aktau matter for Baku?")).params)
        assert (await harness.ask(GROUP, "@askbot_test_bot /hlep")).params["text"] == core_help(shared)
        captioned = await harness.reply_to(GROUP, lambda: api.send_photo(GROUP, photo,
                                                                         caption="@askbot_test_bot /help"))
        assert captioned.params["text"] == core_help(shared) and "reply_parameters" in captioned.params
        filed = await harness.reply_to(GROUP, lambda: api.send_document(GROUP, "port.pdf", b"%PDF-1.4",
                                                                        caption="@askbot_test_bot /sources"))
        assert filed.params["text"].startswith(TEXTS["en"]["sources"])
        asked = await harness.reply_to(GROUP, lambda: api.send_document(
            GROUP, "port.pdf", b"%PDF-1.4", caption="@askbot_test_bot why does Aktau matter for Baku?"))
        assert_answer(asked.params)
        assert (await harness.ask(USER, "@askbot_test_bot /help")).params["text"] == core_help(shared)
        api.send_text(GROUP, "@askbot_test_bot_helper /help")  # another bot's
        api.send_photo(GROUP, photo, caption="@someone /help")
        await harness.quiet()
        assert len(sent_to(api, GROUP)) == 8
        assert_nothing_failed(api)


async def test_ask_after_the_mention_and_ask_to_a_malformed_bot_name_in_text_and_caption(
        shared: tuple[Settings, Engine]) -> None:
    """"@bot /ask why does Aktau matter" under a photo in a group is the question, as in a text. "/ask@bot@x why …"
    (a name run on past the bot's) was ignored, in a text and under a photo alike: the command is the bot's when the
    first name after it is, another bot's (ignored) when it is not; with Telegram's entity over "/ask@bot" only, the
    "@x" is no part of the question. "/hlep@bot@x" gets the help, as "/hlep@bot" does."""
    async with bot(*shared, timed=False) as harness:
        api = harness.api
        photo = b"\xff\xd8\xff\xe0 fake jpeg"
        question = "why does Aktau matter"
        expected = quotes((await harness.ask(GROUP, f"@askbot_test_bot {question}")).params["text"])
        captioned = await harness.reply_to(GROUP, lambda: api.send_photo(
            GROUP, photo, caption=f"@askbot_test_bot /ask {question}"))
        assert quotes(captioned.params["text"]) == expected
        texted = await harness.ask(GROUP, f"@askbot_test_bot /ask {question}")
        assert quotes(texted.params["text"]) == expected

        malformed = f"/ask@askbot_test_bot@x {question}"
        assert quotes((await harness.ask(GROUP, malformed)).params["text"]) == expected
        telegram_marked = [{"type": "bot_command", "offset": 0, "length": len("/ask@askbot_test_bot")}]
        marked = await harness.ask(GROUP, malformed, entities=telegram_marked)
        assert quotes(marked.params["text"]) == expected
        assert quotes((await harness.reply_to(GROUP, lambda: api.send_photo(
            GROUP, photo, caption=malformed))).params["text"]) == expected
        assert quotes((await harness.ask(USER, malformed)).params["text"]) == expected  # in a private chat too
        helped = await harness.ask(GROUP, "/hlep@askbot_test_bot@x")
        assert helped.params["text"] == core_help(shared)
        before = len(sent_to(api, GROUP))
        api.send_text(GROUP, f"/ask@other_bot@askbot_test_bot {question}")
        api.send_text(GROUP, f"/ask@other_bot@askbot_test_bot {question}",
                      entities=[{"type": "bot_command", "offset": 0, "length": len("/ask@other_bot")}])
        api.send_photo(GROUP, photo, caption=f"/ask@other_bot@askbot_test_bot {question}")
        api.send_text(GROUP, "/hlep@other_bot@askbot_test_bot")
        await harness.quiet()
        assert len(sent_to(api, GROUP)) == before, "another bot's commands: nothing"
        assert_nothing_failed(api)


async def test_ask_with_no_space_before_its_question(shared: tuple[Settings, Engine]) -> None:
    """"/ask,why does Aktau matter for Baku?", "/ask:why …", "/ask—why …" or an invisible space after /ask: Telegram
    marks "/ask" as the command, and the question was taken as the words after the first, without "why"
    ("does Aktau matter for Baku?" got another passage). The whole rest of the text is the question now, in a group
    too; "/ask@bot why …" and a question on the lines under the command are read as before."""
    async with bot(*shared, timed=False) as harness:
        expected = quotes((await harness.ask(USER, ENGLISH_QUESTION)).params["text"])[0]
        for glue in (",", ":", "—", "\u200b", "\u00a0", "@askbot_test_bot ", "\n\n"):
            answer = await harness.ask(USER, f"/ask{glue}{ENGLISH_QUESTION}")
            assert_answer(answer.params)
            assert quotes(answer.params["text"])[0] == expected, repr(glue)
            one_word = await harness.ask(USER, f"/ask{glue}Aktau?")  # its only word was lost: the usage came
            assert_answer(one_word.params)
        in_group = await harness.ask(GROUP, f"/ask@askbot_test_bot,{ENGLISH_QUESTION}")
        assert quotes(in_group.params["text"])[0] == expected
        assert "Write the question after the command" in (await harness.ask(USER, "/ask,")).params["text"]
        assert_nothing_failed(harness.api)


async def test_commands_without_entities_and_other_private_messages(shared: tuple[Settings, Engine]) -> None:
    """A server that sends "/topics" without its bot_command entity still gets the command; a dice in a private
    chat gets the hint, as a sticker does."""
    async with bot(*shared) as harness:
        api = harness.api
        topics = await harness.reply_to(USER, lambda: api.send_text(USER, "/topics", entities=[]))
        assert buttons(topics.params) and all(data.startswith("topic:") for _, data in buttons(topics.params))
        asked = await harness.reply_to(GROUP, lambda: api.send_text(GROUP, "/ask why does Aktau matter for Baku?",
                                                                    entities=[]))
        assert_answer(asked.params)
        whole = [{"type": "bot_command", "offset": 0, "length": len(f"/ask {ENGLISH_QUESTION}")}]  # not the command's
        asked = await harness.reply_to(GROUP, lambda: api.send_text(GROUP, f"/ask {ENGLISH_QUESTION}", entities=whole))
        assert_answer(asked.params)
        user = {"id": USER, "is_bot": False, "first_name": "Ann", "language_code": "en"}
        dice = await harness.reply_to(USER, lambda: api.queue_update({"message": {
            "message_id": 7001, "date": int(time.time()), "chat": {"id": USER, "type": "private"}, "from": user,
            "dice": {"emoji": "🎲", "value": 3}}}))
        assert dice.params["text"].startswith("I can only read text.")
        poll = {"id": "p1", "question": "Aktau or Baku?", "options": [{"text": "Aktau", "voter_count": 0}],
                "total_voter_count": 0, "is_closed": False, "is_anonymous": True, "type": "regular",
                "allows_multiple_answers": False}  # as a server before Bot API 9.6 sends it
        polled = await harness.reply_to(USER, lambda: api.queue_update({"message": {
            "message_id": 7002, "date": int(time.time()), "chat": {"id": USER, "type": "private"}, "from": user,
            "poll": poll}}))
        assert polled.params["text"].startswith("I can only read text.")
        assert_nothing_failed(api)


async def test_unusual_messages_a_telegram_server_sends(shared: tuple[Settings, Engine],
                                                       caplog: pytest.LogCaptureFixture) -> None:
    """Messages a real server sends that the other tests do not: a location or a contact (a hint in private,
    nothing in a group), a sender without username or language, a message of one 4096-character word, the bot's
    own removal from a group, a press of a button whose message the server no longer gives (date 0). One reply
    each where one is due, none elsewhere, and nothing logged as an error."""
    caplog.set_level(logging.WARNING)
    now = int(time.time())
    bare = {"id": USER, "is_bot": False, "first_name": "Ann"}  # no username, no language_code
    private = {"id": USER, "type": "private", "first_name": "Ann"}
    group = {"id": GROUP, "type": "supergroup", "title": "G"}
    async with bot(*shared, timed=False) as harness:
        api = harness.api
        for n, kind in enumerate(({"location": {"latitude": 43.65, "longitude": 51.2}},
                                  {"contact": {"phone_number": "+77001234567", "first_name": "Port"}})):
            hint = await harness.reply_to(USER, lambda kind=kind, n=n: api.queue_update({"message": {
                "message_id": 8000 + n, "date": now, "chat": private, "from": bare, **kind}}))
            assert hint.params["text"].startswith("I can only read text.")
            api.queue_update({"message": {"message_id": 8010 + n, "date": now, "chat": group, "from": bare, **kind}})
        answer = await harness.reply_to(USER, lambda: api.queue_update({"message": {
            "message_id": 8002, "date": now, "chat": private, "from": bare, "text": ENGLISH_QUESTION}}))
        assert_answer(answer.params)
        await harness.reply_to(USER, lambda: api.send_text(USER, "Актау" * 819 + "А"))
        long_word = "@askbot_test_bot " + "b" * (MESSAGE_LIMIT - len("@askbot_test_bot "))
        assert "reply_parameters" in (await harness.ask(GROUP, long_word)).params
        api.queue_update({"message": {"message_id": 8020, "date": now, "chat": group, "from": bare,
                                      "left_chat_member": api.bot_user}})
        await harness.quiet()
        assert len(sent_to(api, GROUP)) == 1 and len(sent_to(api, USER)) == 4
        answered = len(api.calls_of("answerCallbackQuery"))
        api.queue_update({"callback_query": {"id": "gone-1", "from": bare, "chat_instance": "c", "data": answer.params[
            "reply_markup"]["inline_keyboard"][0][0]["callback_data"].replace("more:", "more:0"),
            "message": {"message_id": 1, "date": 0, "chat": private}}})
        await harness.quiet()
        assert len(api.calls_of("answerCallbackQuery")) == answered + 1 and len(sent_to(api, USER)) == 4
        assert_nothing_failed(api)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], [r.getMessage() for r in caplog.records]


async def test_messages_with_a_broken_or_missing_part(shared: tuple[Settings, Engine],
                                                     caplog: pytest.LogCaptureFixture) -> None:
    """What an emulator's tester sends by hand: a message in no chat (nor a sender to find its private chat in),
    a chat of null, a button whose message has no chat. Each failed in the handler and again in the error
    handler's apology (two tracebacks). A message whose entity lacks its offset, or whose reply_to_message is a
    bare id, was skipped whole: its question went unanswered. Now the first are skipped with a warning, the
    button's answer goes to the presser, and the others are read without the broken part and answered."""
    caplog.set_level(logging.WARNING)
    now = int(time.time())
    user = {"id": USER, "is_bot": False, "first_name": "Ann", "language_code": "en"}
    private = {"id": USER, "type": "private", "first_name": "Ann"}
    async with bot(*shared, timed=False) as harness:
        api = harness.api
        api.queue_update({"message": {"message_id": 8100, "date": now, "text": ENGLISH_QUESTION}})
        api.queue_update({"message": {"message_id": 8101, "date": now, "text": ENGLISH_QUESTION, "chat": None}})
        await harness.quiet()
        assert api.calls_of("sendMessage") == []
        topics = (await harness.ask(USER, "/topics")).params
        [(_, data), *_] = buttons(topics)
        answer = await harness.reply_to(USER, lambda: api.queue_update({"callback_query": {
            "id": "no-chat", "from": user, "chat_instance": "c", "data": data,
            "message": {"message_id": 1, "date": now}}}))
        assert answer.params["text"].startswith("<b>")  # the topic's answer, in the presser's chat
        helped = await harness.reply_to(USER, lambda: api.queue_update({"message": {
            "message_id": 8102, "date": now, "chat": private, "from": user, "text": "/help",
            "entities": [{"type": "bot_command"}]}}))
        assert "/topics" in helped.params["text"], "read as the command it is, without the broken entity"
        replied = await harness.reply_to(USER, lambda: api.queue_update({"message": {
            "message_id": 8103, "date": now, "chat": private, "from": user, "text": ENGLISH_QUESTION,
            "reply_to_message": {"message_id": 1}}}))
        assert_answer(replied.params)
        assert_nothing_failed(api)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == []
    skipped = [r.getMessage() for r in caplog.records if "without a chat" in r.getMessage()]
    assert len(skipped) == 2, [r.getMessage() for r in caplog.records]
    assert any("read without its entities" in r.getMessage() for r in caplog.records)


async def test_a_chat_type_telegram_does_not_use_and_a_quote_that_is_no_text(shared: tuple[Settings, Engine],
                                                                             caplog: pytest.LogCaptureFixture) -> None:
    """An emulator's chat whose type is written in capitals ("Private", "SUPERGROUP") or is one Telegram has not
    ("user", 1): the message reached no handler and got no answer, with nothing in the log. A quote whose text is
    a number: the question failed ('int' object is not subscriptable) and got the apology. Each is answered now,
    the group's question as a group's (quoting it)."""
    caplog.set_level(logging.WARNING)
    now = int(time.time())
    user = {"id": USER, "is_bot": False, "first_name": "Ann", "language_code": "en"}
    async with bot(*shared, timed=False) as harness:
        api = harness.api
        for n, kind in enumerate(("Private", "PRIVATE", "user", 1)):
            answer = await harness.reply_to(USER, lambda n=n, kind=kind: api.queue_update({"message": {
                "message_id": 8300 + n, "date": now, "chat": {"id": USER, "type": kind, "first_name": "Ann"},
                "from": user, "text": ENGLISH_QUESTION}}))
            assert_answer(answer.params)
        in_group = await harness.reply_to(GROUP, lambda: api.queue_update({"message": {
            "message_id": 8310, "date": now, "chat": {"id": GROUP, "type": "SuperGroup", "title": "G"},
            "from": user, "text": f"@askbot_test_bot {ENGLISH_QUESTION}"}}))
        assert_answer(in_group.params)
        assert "reply_parameters" in in_group.params
        quoted = await harness.reply_to(USER, lambda: api.queue_update({"message": {
            "message_id": 8320, "date": now, "chat": {"id": USER, "type": "private"}, "from": user,
            "text": "is this true?", "quote": {"text": 2027, "position": 0},
            "reply_to_message": {"message_id": 8319, "date": now, "chat": {"id": USER, "type": "private"},
                                 "from": {"id": OTHER, "is_bot": False, "first_name": "Bo"}, "text": "2027"}}}))
        assert "Something went wrong" not in quoted.params["text"]
        assert_nothing_failed(api)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], [r.getMessage() for r in caplog.records]


async def test_a_sender_whose_language_code_is_no_text(shared: tuple[Settings, Engine],
                                                     caplog: pytest.LogCaptureFixture) -> None:
    """An emulator's user with a `language_code` that is a number or an object: the interface language was read from
    it ('int' object has no attribute 'lower'), the question failed with an ERROR, and so did the apology: no reply
    at all. It is read as no language; the question is answered, and a button pressed by such a user works."""
    caplog.set_level(logging.WARNING)
    now = int(time.time())
    private = {"id": USER, "type": "private", "first_name": "Ann"}
    async with bot(*shared, timed=False) as harness:
        api = harness.api
        for n, code in enumerate((5, {"lang": "en"}, ["ru"])):
            user = {"id": USER, "is_bot": False, "first_name": "Ann", "language_code": code}
            answer = await harness.reply_to(USER, lambda n=n, user=user: api.queue_update({"message": {
                "message_id": 8200 + n, "date": now, "chat": private, "from": user, "text": ENGLISH_QUESTION}}))
            assert_answer(answer.params)
        topics = await harness.ask(USER, "/topics")
        [(_, data), *_] = buttons(topics.params)
        pressed = await harness.reply_to(USER, lambda: api.queue_update({"callback_query": {
            "id": "odd-language", "chat_instance": "c", "data": data, "message": topics.result,
            "from": {"id": USER, "is_bot": False, "first_name": "Ann", "language_code": 7}}}))
        assert pressed.params["text"].startswith("<b>")  # the topic's answer
        assert_nothing_failed(api)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], [r.getMessage() for r in caplog.records]


async def test_button_presses_with_data_that_is_no_text_or_without_a_sender(shared: tuple[Settings, Engine],
                                                                             caplog: pytest.LogCaptureFixture) -> None:
    """An emulator's button press whose data is a number or an object failed ('int' object has no attribute
    'startswith') and got the apology; one with neither a sender nor a message failed at the presser's id. Each is
    answered (the spinner stops) and nothing is posted or logged as an error."""
    caplog.set_level(logging.WARNING)
    user = {"id": USER, "is_bot": False, "first_name": "Ann"}
    async with bot(*shared, timed=False) as harness:
        api = harness.api
        topics = await harness.ask(USER, "/topics")
        [(_, data), *_] = buttons(topics.params)
        for n, press in enumerate(({"data": 5, "from": user, "message": topics.result},
                                   {"data": {"topic": 1}, "from": user, "message": topics.result},
                                   {"data": data})):
            api.queue_update({"callback_query": {"id": f"odd-{n}", "chat_instance": "c", **press}})
        await harness.quiet()
        assert len(api.calls_of("answerCallbackQuery")) == 3
        assert len(api.calls_of("sendMessage")) == 1, "the topics alone: no apology, no answer sent nowhere"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], [r.getMessage() for r in caplog.records]


async def test_the_error_handler_never_fails_itself(shared: tuple[Settings, Engine],
                                                   caplog: pytest.LogCaptureFixture) -> None:
    """An update the handlers fail on in a way that also fails the apology (a message in no chat, built past
    askbot.lenient): python-telegram-bot logged "an uncaught error was raised while handling the error" with a
    second traceback. The apology is only tried where there is a chat, and its own failure is one line."""
    from telegram import Update

    caplog.set_level(logging.WARNING)
    async with bot(*shared, timed=False) as harness:
        no_chat = {"update_id": 60_001, "message": {"message_id": 1, "date": int(time.time()), "text": "hi"}}
        await harness.app.process_update(Update.de_json(no_chat, harness.app.bot))
        assert_answer((await harness.ask(USER, ENGLISH_QUESTION)).params)
    assert not [r for r in caplog.records if "uncaught error" in r.getMessage()], [r.getMessage() for r in
                                                                                  caplog.records]


async def test_update_ids_as_text_and_junk_items_do_not_stop_polling(shared: tuple[Settings, Engine]) -> None:
    """An emulator that sends update_id as a string and items that are no updates: python-telegram-bot would add
    1 to the string and stop polling for good, silently. Both questions are answered."""
    async with bot(*shared, timed=False) as harness:
        api = harness.api
        original = api._get_updates

        def stringly(params: dict) -> list:
            updates = original(params)
            return [None, {"no": "id"}, *({**u, "update_id": str(u["update_id"])} for u in updates)] if updates else []

        api.set_method_handler("getUpdates", stringly)
        assert_answer((await harness.ask(USER, ENGLISH_QUESTION)).params)
        assert_answer((await harness.ask(USER, RUSSIAN_QUESTION)).params, more="Ещё")
        assert len(sent_to(api, USER)) == 2


async def test_a_server_that_says_no_updates_with_null_or_an_object(shared: tuple[Settings, Engine],
                                                                    caplog: pytest.LogCaptureFixture) -> None:
    """An emulator whose empty getUpdates is {"ok": true, "result": null} (or {}): python-telegram-bot logged
    each poll as CRITICAL ("Received data was *not* processed!") and backed off, polls up to 30 s apart, so a
    question waited seconds for its answer. Now it is no updates: polled a few times a second, answered at once."""
    caplog.set_level(logging.WARNING)
    async with bot(*shared, timed=False) as harness:
        api = harness.api
        original = api._get_updates
        for nothing in (None, {}):
            api.set_method_handler("getUpdates", lambda params, nothing=nothing: original(params) or nothing)
            await asyncio.sleep(3)  # empty polls, each answered at once
            polls = len(api.records("getUpdates"))
            started = time.monotonic()
            assert_answer((await harness.ask(USER, ENGLISH_QUESTION)).params)
            assert time.monotonic() - started < 3.0
            assert len(api.records("getUpdates")) - polls < 40, "paced, not asked in a busy loop"
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING], [r.getMessage() for r in caplog.records]


async def test_replies_that_fail_halfway(shared: tuple[Settings, Engine], caplog: pytest.LogCaptureFixture) -> None:
    """A reply Telegram took but answered too late is not sent twice; a group that became a supergroup gets the
    answer at its new id; an answer that cannot be edited any more gets its next passage as a new message."""
    caplog.set_level(logging.INFO, logger="askbot.bot")
    async with bot(*shared, timed=False) as harness:
        api = harness.api
        api.delay_next("sendMessage", 7)  # past python-telegram-bot's 5 s read timeout
        api.send_text(USER, ENGLISH_QUESTION)
        await api.await_call("sendMessage", lambda p: int(p["chat_id"]) == USER, 30, ok=True)
        await harness.quiet(8)
        assert len(sent_to(api, USER)) == 1, "sent once, no second copy and no apology"
        assert any("not sent again" in r.getMessage() for r in caplog.records)

        supergroup = -1009999999999
        api.fail_next("sendMessage", 400, "Bad Request: group chat was upgraded to a supergroup chat",
                      parameters={"migrate_to_chat_id": supergroup})
        api.send_text(GROUP, "@askbot_test_bot why does Aktau matter for Baku?")
        moved = await api.await_record("sendMessage", lambda p: int(p["chat_id"]) == supergroup, 30, ok=True)
        assert_answer(moved.params)

        answer = await harness.ask(USER, RUSSIAN_QUESTION)
        api.fail_next("editMessageText", 400, "Bad Request: message to edit not found")
        [(_, data)] = buttons(answer.params)
        api.press_button(answer.result, data)
        follow_up = await api.await_record("sendMessage", lambda p: int(p["chat_id"]) == USER
                                           and len(quotes(p["text"])) == 2, 30, ok=True)
        assert TEXTS["ru"]["error"] not in follow_up.params["text"]
        await harness.quiet()
        assert [p["text"] for p in sent_to(api, USER)].count(TEXTS["ru"]["error"]) == 0

        # a server that has no editMessageText (404, which python-telegram-bot raises as InvalidToken): the same
        answer = await harness.ask(USER, RUSSIAN_QUESTION)
        api.fail_next("editMessageText", 404, "Not Found: method not found")
        [(_, data)] = buttons(answer.params)
        api.press_button(answer.result, data)
        await api.await_record("sendMessage", lambda p: int(p["chat_id"]) == USER and len(quotes(p["text"])) == 2,
                               30, ok=True)
        await harness.quiet()
        assert [p["text"] for p in sent_to(api, USER)].count(TEXTS["ru"]["error"]) == 0

        # More pressed in a group that became a supergroup since its answer: the passage at the new id
        answer = await harness.ask(GROUP, "@askbot_test_bot why does Aktau matter for Baku?")
        api.fail_next("editMessageText", 400, "Bad Request: group chat was upgraded to a supergroup chat",
                      parameters={"migrate_to_chat_id": supergroup})
        api.fail_next("sendMessage", 400, "Bad Request: group chat was upgraded to a supergroup chat",
                      parameters={"migrate_to_chat_id": supergroup})
        [(_, data)] = buttons(answer.params)
        api.press_button(answer.result, data)
        await api.await_record("sendMessage", lambda p: int(p["chat_id"]) == supergroup
                               and len(quotes(p["text"])) == 2, 30, ok=True)


async def test_answers_get_past_a_refused_quote_or_refused_html(shared: tuple[Settings, Engine],
                                                               caplog: pytest.LogCaptureFixture) -> None:
    """A server that ignores allow_sending_without_reply refuses to quote a deleted question, and the apology
    quoting it too: the answer goes out unquoted. One that cannot parse the HTML gets the answer as plain text,
    with its More button; neither user sees the apology."""
    caplog.set_level(logging.INFO, logger="askbot.bot")
    async with bot(*shared, timed=False) as harness:
        api = harness.api
        api.fail_next("sendMessage", 400, "Bad Request: message to be replied not found")
        answer = await harness.ask(GROUP, "@askbot_test_bot why does Aktau matter for Baku?")
        assert_answer(answer.params)
        assert "reply_parameters" not in answer.params

        api.fail_next("sendMessage", 400, 'Bad Request: can\'t parse entities: Unsupported start tag "blockquote" '
                                          "at byte offset 0")
        plain = (await harness.ask(USER, ENGLISH_QUESTION)).params
        assert "parse_mode" not in plain and "<" not in plain["text"] and "Актау" in plain["text"]
        assert [label for label, _ in buttons(plain)] == ["More"]
        texts = [p["text"] for chat in (USER, GROUP) for p in sent_to(api, chat)]
        assert TEXTS["en"]["error"] not in texts
    assert any("plain text" in r.getMessage() for r in caplog.records)


async def test_a_refusal_sent_with_http_200(shared: tuple[Settings, Engine], caplog: pytest.LogCaptureFixture) -> None:
    """An emulator that answers every request with HTTP 200, refusals too ({"ok": false, "error_code": 400}):
    python-telegram-bot read a refused reply as a success without a result (KeyError: 'result', a traceback and
    the apology). Read as the refusal it is, "message to be replied not found" is got past as from Telegram."""
    caplog.set_level(logging.ERROR)
    async with bot(*shared, timed=False) as harness:
        api = harness.api
        dispatch, refusals = api._dispatch, ["Bad Request: message to be replied not found"]

        def in_200(method: str, params: dict) -> tuple[int, dict]:
            if method == "sendMessage" and refusals:
                return 200, {"ok": False, "error_code": 400, "description": refusals.pop()}
            return dispatch(method, params)

        api._dispatch = in_200
        answer = await harness.ask(GROUP, "@askbot_test_bot why does Aktau matter for Baku?")
        assert_answer(answer.params)
        assert "reply_parameters" not in answer.params, "sent again without the quote"
    assert not caplog.records, [r.getMessage() for r in caplog.records]


def test_shorter_parts_halve_a_reply_between_words_and_keep_emoji_whole() -> None:
    """What a reply refused as too long even as plain text is cut into: about half its length each (in UTF-16 units,
    as Telegram counts), cut after a sentence or a word, an emoji (two units) never split, every word kept in order,
    the buttons under the last; nothing to cut below MIN_PART_UNITS."""
    from askbot.bot import MIN_PART_UNITS, shorter_parts
    from askbot.views import Button, Reply, plain_text, units

    words = " ".join(f"слово{n}🚢" for n in range(400))  # within 4096 units, as every part sent is
    reply = Reply(f"<blockquote>{words}</blockquote>", (Button("More", "more:k:1"),))
    parts = shorter_parts(reply)
    texts = [plain_text(part.html) for part in parts]
    assert 2 <= len(parts) <= 3 and all(units(text) <= (units(words) + 1) // 2 for text in texts)
    assert " ".join(texts).split() == words.split()
    assert all(text.encode("utf-16-le").decode("utf-16-le") == text for text in texts)  # no half emoji
    assert [part.buttons for part in parts] == [()] * (len(parts) - 1) + [reply.buttons]
    assert shorter_parts(Reply("x" * (2 * MIN_PART_UNITS - 2))) == []


async def test_an_answer_too_long_even_as_plain_text_goes_out_in_shorter_messages(workspace: Settings,
                                                                                   embedder) -> None:
    """A server that counts UTF-8 bytes against the 4096 limit (Telegram counts UTF-16 units) refuses a Russian
    answer of 3,000 letters (some 6,000 bytes) as "message is too long" in HTML and again as plain text: the user
    got the apology. The words now go out in shorter plain messages, cut between words, each within that server's
    limit, the emoji whole, the More button under the last."""
    from fakebotapi import FakeApiError

    (workspace.articles_dir / "ferry.txt").write_text(ferry_interview(), encoding="utf-8")
    articles, skipped = load_articles(workspace.articles_dir)
    build_index(workspace.index_dir, articles, embedder, skipped=skipped)
    async with bot(workspace, Engine.open(workspace, embedder), timed=False) as harness:
        api = harness.api
        send_message = api._send_message

        def counts_bytes(params: dict) -> dict:
            if len(str(params.get("text", "")).encode("utf-8")) > MESSAGE_LIMIT:
                raise FakeApiError(400, "Bad Request: message is too long")
            return send_message(params)

        api.set_method_handler("sendMessage", counts_bytes)
        listed = buttons((await harness.ask(USER, "/topics")).params)
        data = next(data for label, data in listed if label.startswith("Что решает, уйдёт ли паром"))
        api.press_button(api.last_message(USER), data)
        await api.await_call("sendMessage", lambda p: int(p["chat_id"]) == USER and "(причал 8)" in p["text"],
                             30, ok=True)
        await harness.quiet()
        parts = [r.params for r in api.records("sendMessage") if r.ok and int(r.params["chat_id"]) == USER][1:]
        assert len(parts) >= 2 and all("parse_mode" not in part for part in parts)
        shown = " ".join(part["text"] for part in parts)
        assert all(f"причале номер {n} 🚢" in shown and f"(причал {n})" in shown for n in range(1, 9))
        assert "\ufffd" not in shown and all(not part["text"][0].isspace() for part in parts)
        assert all(not buttons(part) for part in parts[:-1])
        assert TEXTS["en"]["error"] not in [p["text"] for p in sent_to(api, USER)]


async def test_an_answer_a_server_calls_too_long_goes_out_as_plain_text(shared: tuple[Settings, Engine]) -> None:
    """A server that counts the markup against the 4096 limit (Telegram counts the text) refuses an answer near
    the limit as "message is too long", the edit of More as well: the same words go out as plain text, whose
    length is what `fit` kept within the limit, instead of the apology."""
    async with bot(*shared, timed=False) as harness:
        api = harness.api
        api.fail_next("sendMessage", 400, "Bad Request: message is too long")
        plain = (await harness.ask(USER, ENGLISH_QUESTION)).params
        assert "parse_mode" not in plain and "<" not in plain["text"] and "Актау" in plain["text"]
        [(_, data)] = buttons(plain)
        api.fail_next("editMessageText", 400, "Bad Request: MESSAGE_TOO_LONG")
        api.fail_next("sendMessage", 400, "Bad Request: message is too long")
        api.press_button(api.records("sendMessage")[-1].result, data)
        more = await api.await_record("sendMessage", lambda p: "parse_mode" not in p and p["text"] != plain["text"],
                                      30, ok=True)
        assert "<" not in more.params["text"] and more.params["text"].strip()
        assert TEXTS["en"]["error"] not in [p["text"] for p in sent_to(api, USER)]


async def test_a_reply_to_an_answer_sent_to_a_migrated_group_is_a_follow_up(shared: tuple[Settings, Engine]) -> None:
    """An answer sent to the supergroup a group became is remembered there: a reply to it from a server that
    leaves out who sent the replied-to message is still to the bot, and a follow-up of its question (it was
    remembered under the old group's id, so the reply was ignored); the asker's previous question moves there too."""
    async with bot(*shared) as harness:
        api = harness.api
        supergroup = -1009999999999
        api.fail_next("sendMessage", 400, "Bad Request: group chat was upgraded to a supergroup chat",
                      parameters={"migrate_to_chat_id": supergroup})
        api.send_text(GROUP, f"@askbot_test_bot {ENGLISH_QUESTION}", user_id=USER)
        moved = await api.await_record("sendMessage", lambda p: int(p["chat_id"]) == supergroup, 30, ok=True)
        await harness.quiet()  # the bot notes the answer as its own once the server's reply reaches it
        replied = {"message_id": moved.result["message_id"], "date": moved.result["date"],
                   "chat": {"id": supergroup, "type": "supergroup", "title": "Group"}, "text": "…"}
        api.queue_update({"message": {"message_id": 90001, "date": int(time.time()), "text": "And for Japan?",
                                      "chat": {"id": supergroup, "type": "supergroup", "title": "Group"},
                                      "from": {"id": OTHER, "is_bot": False, "first_name": "Bob"},
                                      "reply_to_message": replied}})
        follow = await api.await_record("sendMessage", lambda p: int(p["chat_id"]) == supergroup
                                        and p["text"] != moved.params["text"], 30, ok=True)
        assert read_with_line(follow.params, ENGLISH_QUESTION, key="read_with_reply"), follow.params["text"][:200]
        # and the asker's own previous question went with the group to its new id
        own = (await harness.ask(supergroup, "@askbot_test_bot and why?", user_id=USER)).params
        assert read_with_line(own, ENGLISH_QUESTION), own["text"][:200]


async def test_a_group_that_became_a_supergroup_between_two_questions(shared: tuple[Settings, Engine]) -> None:
    """A group upgraded to a supergroup (made public, or given topics) gets a new chat id; Telegram says so with
    migrate_to_chat_id in the old chat and migrate_from_chat_id in the new one. "And why?" asked next in the
    supergroup went on from nothing: the asker's previous question stayed under the old id."""
    supergroup = {"id": -1009999999998, "type": "supergroup", "title": "Group"}
    old = {"id": -4009999, "type": "group", "title": "Group"}
    ann = {"id": USER, "is_bot": False, "first_name": "Ann", "language_code": "en"}
    async with bot(*shared) as harness:
        api = harness.api
        await harness.ask(old["id"], f"@askbot_test_bot {ENGLISH_QUESTION}", user_id=USER, chat_type="group")
        for n, (chat, field, value) in enumerate(((old, "migrate_to_chat_id", supergroup["id"]),
                                                  (supergroup, "migrate_from_chat_id", old["id"]))):
            api.queue_update({"message": {"message_id": 91000 + n, "date": int(time.time()), "chat": chat,
                                          "from": ann, field: value}})
        await harness.quiet()
        assert sent_to(api, supergroup["id"]) == [] and len(sent_to(api, old["id"])) == 1, "service messages: silence"
        own = (await harness.ask(supergroup["id"], "@askbot_test_bot and why?", user_id=USER,
                                 chat_type="supergroup")).params
        assert read_with_line(own, ENGLISH_QUESTION), own["text"][:200]
        assert_nothing_failed(api)


async def test_a_server_that_answers_a_sent_message_with_its_id_alone(shared: tuple[Settings, Engine]) -> None:
    """sendMessage answered with {"message_id": N} (or {}, N alone, "ok") instead of the Message: python-telegram-bot
    could not read it, so a delivered answer counted as failed and the apology followed it. Now it is one answer, and
    a reply to it in a group is still a follow-up."""
    async with bot(*shared, timed=False) as harness:
        api = harness.api
        send_message = api._send_message
        api.set_method_handler("sendMessage", lambda params: {"message_id": send_message(params)["message_id"]})
        api.send_text(GROUP, "@askbot_test_bot why does Aktau matter for Baku?")
        answer = await api.await_record("sendMessage", lambda p: int(p["chat_id"]) == GROUP, 30, ok=True)
        assert_answer(answer.params)
        api.set_method_handler("sendMessage", lambda params: send_message(params) and {})
        follow_up = await harness.ask(GROUP, "And Japan?", reply_to_message=api.last_message(GROUP))
        assert_answer(follow_up.params)
        # the message's id as a bare number, and a word for "done": a delivered answer, not a failure to apologise for
        api.set_method_handler("sendMessage", lambda params: send_message(params)["message_id"])
        by_number = await harness.ask(GROUP, "@askbot_test_bot why does Aktau matter for Baku?")
        assert_answer(by_number.params)
        assert_answer((await harness.ask(GROUP, "And Japan?", reply_to_message=api.last_message(GROUP))).params)
        api.set_method_handler("sendMessage", lambda params: send_message(params) and "ok")
        assert_answer((await harness.ask(GROUP, "@askbot_test_bot why does Aktau matter for Baku?")).params)
        await harness.quiet()
        assert TEXTS["en"]["error"] not in [p["text"] for p in sent_to(api, GROUP)]
        assert len(sent_to(api, GROUP)) == 5


async def test_replies_keep_the_order_of_the_questions(shared: tuple[Settings, Engine]) -> None:
    """Updates of one chat are handled in turn: /help sent right after a question is answered after it (the
    question takes longer), while another chat is not held up."""
    async with bot(*shared) as harness:
        api = harness.api
        api.send_text(USER, ENGLISH_QUESTION)
        api.send_text(USER, "/help")
        api.send_text(OTHER, "/help")
        await api.await_call("sendMessage", lambda p: int(p["chat_id"]) == USER and "<blockquote>" in p["text"],
                             30, ok=True)
        await harness.quiet()
        texts = [p["text"] for p in sent_to(api, USER)]
        assert len(texts) == 2 and "<blockquote>" in texts[0] and texts[1] == core_help(shared), texts
        calls = [(int(p["chat_id"]), "<blockquote>" in p["text"]) for p in api.calls_of("sendMessage")]
        assert calls.index((OTHER, False)) < calls.index((USER, True)), "the other chat did not wait"


async def test_the_last_passage_removes_the_more_button_explicitly(shared: tuple[Settings, Engine]) -> None:
    """Telegram drops an edited message's keyboard when the edit gives none; some servers keep it, so the last
    More says so with an empty keyboard."""
    async with bot(*shared) as harness:
        message = (await harness.ask(USER, ENGLISH_QUESTION)).result
        while True:
            how, params = await press_more(harness, message)
            if not buttons(params):
                break
            message = harness.api.message(USER, message["message_id"]) if how == "edit" else params
        assert how == "edit" and params["reply_markup"] == {"inline_keyboard": []}


def test_link_previews_are_turned_off_on_telegrams_servers_only(shared: tuple[Settings, Engine]) -> None:
    """Telegram would show a preview card of the source under every answer; a strict emulator refuses the
    parameter (lo-bot-api-emulator), and its refusal fails the emulator's check even when the reply goes out."""
    from askbot.bot import builder_for

    settings = shared[0].with_overrides(telegram_token="123456:AAFakeTokenForTestsOnly_abcdefghijk")
    telegram = builder_for(settings.with_overrides(telegram_api_base_url=None)).build()
    local = builder_for(settings.with_overrides(telegram_api_base_url="http://127.0.0.1:8081/bot")).build()
    assert telegram.bot.request.unsupported == set()
    assert local.bot.request.unsupported == {"link_preview_options"}


async def test_a_server_that_starts_after_the_bot_is_waited_for(shared: tuple[Settings, Engine]) -> None:
    """A Bot API server started together with the bot (an emulator in the same compose file) may not listen for
    a moment; getMe at start was refused and the bot exited at once. It asks again for a few seconds."""
    import socket

    from askbot.bot import _check_connection, builder_for

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    me = json.dumps({"ok": True, "result": {"id": 123456, "is_bot": True, "first_name": "Ask",
                                            "username": "askbot_test_bot"}}).encode()

    async def get_me(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        if length := re.search(rb"content-length: *(\d+)", head, re.IGNORECASE):
            await reader.readexactly(int(length.group(1)))
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
                     b"Content-Length: %d\r\n\r\n%s" % (len(me), me))
        await writer.drain()
        writer.close()

    async def listen_later() -> asyncio.Server:
        await asyncio.sleep(2)
        return await asyncio.start_server(get_me, "127.0.0.1", port)

    settings = shared[0].with_overrides(telegram_token="123456:AAFakeTokenForTestsOnly_abcdefghijk",
                                        telegram_api_base_url=f"http://127.0.0.1:{port}/bot")
    server = asyncio.create_task(listen_later())
    try:
        await _check_connection(builder_for(settings).build())
    finally:
        (await server).close()


async def test_a_server_error_on_the_first_getme_is_asked_again(shared: tuple[Settings, Engine]) -> None:
    """A Bot API server that answers getMe with a 5xx for a moment (api.telegram.org's "Bad Gateway", a fault
    tgfake injects) stopped the bot at once, saying it could not reach a server that had answered. It is asked
    again like one not listening yet; a server that keeps failing still ends the start with its error."""
    from fakebotapi import FakeBotAPI
    from telegram.error import InvalidToken, NetworkError

    from askbot.bot import _check_connection, builder_for

    with FakeBotAPI() as api:
        settings = shared[0].with_overrides(telegram_token=api.token, telegram_api_base_url=api.base_url)
        api.fail_next("getMe", 502, "Bad Gateway", times=2)
        await _check_connection(builder_for(settings).build())
        assert [r.status for r in api.records("getMe")] == [502, 502, 200]

        api.fail_next("getMe", 500, times=2)
        with pytest.raises(NetworkError, match="Internal Server Error"):
            await _check_connection(builder_for(settings).build(), attempts=2)
        api.fail_next("getMe", 401, times=5)  # a refusal is not asked again
        with pytest.raises(InvalidToken):
            await _check_connection(builder_for(settings).build())
        assert len(api.records("getMe")) == 3 + 2 + 1


@pytest.mark.parametrize(("status", "body", "said"), [
    (200, b'{"ok": true, "result": {"id": 123456, "is_bot": true}}', "an object without first_name"),
    (200, b'{"ok": true, "result": {"message_id": 1, "date": 1}}', "an object without id, first_name, is_bot"),
    (200, b'{"ok": true, "result": true}', "true"),
    (200, b'{"ok": true, "result": [1]}', "a list"),
    (200, b'{"ok": true}', "no result"),
    (200, b'{"hello": "world"}', "JSON that is not a Bot API answer"),
    (200, b"<!DOCTYPE html><html><body><h1>It works!</h1></body></html>", "a web page"),
])
async def test_a_getme_that_is_no_bot_is_one_plain_sentence(shared: tuple[Settings, Engine], status: int,
                                                             body: bytes, said: str) -> None:
    """getMe answered with something that is no bot (a bot without a name, a message, `true`, a list, some other
    service's JSON, a web server's page) ended the start with python-telegram-bot's reading error in the sentence
    ("User.__init__() missing 1 required positional argument: 'first_name'", "'result'", "argument after ** must
    be a mapping, not bool"). The sentence now says what came, and which two settings to check."""
    from askbot.bot import _check_connection, builder_for
    from askbot.errors import AskbotError

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        if length := re.search(rb"content-length: *(\d+)", head, re.IGNORECASE):
            await reader.readexactly(int(length.group(1)))
        kind = b"text/html" if body.startswith(b"<") else b"application/json"
        writer.write(b"HTTP/1.1 %d OK\r\nContent-Type: %s\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s"
                     % (status, kind, len(body), body))
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    settings = shared[0].with_overrides(telegram_token="123456:AAFakeTokenForTestsOnly_abcdefghijk",
                                        telegram_api_base_url=f"http://127.0.0.1:{port}/bot")
    try:
        with pytest.raises(AskbotError) as raised:
            await _check_connection(builder_for(settings).build())
    finally:
        server.close()
    sentence = str(raised.value)
    assert sentence == (f"The Bot API server answered getMe with {said}, not with a bot: check that "
                        "TELEGRAM_API_BASE_URL is the address of a Bot API server (such as http://127.0.0.1:8081/bot) "
                        "and that TELEGRAM_BOT_TOKEN is this bot's token.")


async def test_a_double_tap_on_a_topic_answers_once(shared: tuple[Settings, Engine]) -> None:
    async with bot(*shared) as harness:
        api = harness.api
        start = await harness.ask(USER, "/start")
        [(_, data), *_] = buttons(start.params)
        api.press_button(start.result, data)
        api.press_button(start.result, data)  # before the first press was answered
        await api.await_call("sendMessage", lambda p: int(p["chat_id"]) == USER and "<blockquote>" in p["text"],
                             30, ok=True)
        await harness.quiet()
        assert len(sent_to(api, USER)) == 2, "the greeting and one answer, not two"
        assert len(api.calls_of("answerCallbackQuery")) == 2, "both presses stop their spinner"


async def test_a_flooded_chat_holds_up_no_other_and_stopping_drops_its_backlog(monkeypatch) -> None:
    """Updates waiting for their chat must not use up the library's concurrency slots (256 waiting in a flooded,
    rate-limited group held up every private chat); once the bot stops, what still waits after STOP_GRACE is
    dropped instead of keeping the process alive for minutes."""
    from telegram import Chat, Message, Update

    import askbot.bot as botmodule
    from askbot.bot import InOrderPerChat

    def update(update_id: int, chat_id: int) -> Update:
        chat = Chat(chat_id, "supergroup" if chat_id < 0 else "private")
        return Update(update_id, message=Message(update_id, date=None, chat=chat, text="?"))

    running = {"value": True}
    processor = InOrderPerChat(running=lambda: running["value"])
    gate, handled = asyncio.Event(), []

    async def slow(n: int) -> None:
        await gate.wait()
        handled.append(n)

    flood = [asyncio.create_task(processor.process_update(update(n, GROUP), slow(n))) for n in range(400)]
    await asyncio.sleep(0.05)
    other = asyncio.create_task(processor.process_update(update(1000, USER), asyncio.sleep(0)))
    await asyncio.wait_for(other, timeout=2)  # not behind the group's 400

    monkeypatch.setattr(botmodule, "STOP_GRACE", 0.0)
    running["value"] = False
    gate.set()
    await asyncio.wait_for(asyncio.gather(*flood), timeout=5)
    assert handled == [0], "the one being handled finishes; the waiting ones are dropped"


async def test_typing_indicators_do_not_use_up_a_groups_message_budget() -> None:
    """AIORateLimiter lets about 20 requests a minute into a group; typing indicators are no messages."""
    from askbot.bot import MessageRateLimiter

    limiter = MessageRateLimiter()
    await limiter.initialize()

    async def call() -> bool:
        return True

    started = time.monotonic()
    for _ in range(30):
        assert await limiter.process_request(call, (), {}, "sendChatAction", {"chat_id": GROUP}, None)
    assert time.monotonic() - started < 1.5, "the group's budget of 20 a minute would have held the 21st"
    await limiter.shutdown()


async def test_old_buttons_after_the_article_changed(workspace: Settings, private_engine: Engine) -> None:
    """More on an answer whose article has since been edited says so instead of quoting the old text; a /topics
    button whose question was removed is gone, one whose question only moved still answers it."""
    async with bot(workspace, private_engine) as harness:
        api = harness.api
        answer = await harness.ask(USER, ENGLISH_QUESTION)
        topics = await harness.ask(USER, "/topics")
        by_label = {label: data for label, data in buttons(topics.params)}
        [rare] = [d for label, d in by_label.items() if "редкоземельных" in label]
        [green] = [d for label, d in by_label.items() if "декарбонизация" in label]

        article = next(workspace.articles_dir.iterdir())
        lines = article.read_text(encoding="utf-8").split("\n")
        rare_at = next(i for i, line in enumerate(lines) if "редкоземельных металлах" in line)
        del lines[rare_at:rare_at + 3]  # the question on rare earths and its two-paragraph answer
        article.write_text("\n".join(lines), encoding="utf-8")
        private_engine.reindex(workspace.articles_dir)

        [(_, more)] = buttons(answer.params)
        assert await alert(harness, answer.result, more) == TEXTS["en"]["changed"]
        assert await alert(harness, topics.result, rare) == TEXTS["en"]["expired"]
        moved = await harness.reply_to(USER, lambda: api.press_button(topics.result, green))
        assert "углеродной нейтральности" in moved.params["text"]
        assert_nothing_failed(api)
