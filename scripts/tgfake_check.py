"""The real `askbot bot` process against tgfake, a third-party Bot API emulator: a fixed conversation, a line per step.

    python scripts/tgfake_check.py /path/to/tgfake        # or TGFAKE=/path/to/tgfake python scripts/tgfake_check.py

tgfake (github.com/EvilFreelancer/tgfake, Go) serves the Bot API at /bot<token>/<method> and a simulation API at
/sim/: it injects what a user types or taps and keeps every call the bot made with the status it answered. It is
strict where a bot can go wrong (4096 characters, a reply to a message that is not there, an edit that changes
nothing, an answer to a callback query twice) and schedules faults (429 with retry_after, 5xx, 4xx) for any method.

The bot starts with a 502 on its first getMe (--plain-start: without), must register its English command list
last (tgfake keeps one list, whatever the language), then each step injects messages or button taps, waits until
the bot has gone quiet and checks the calls it made: the replies it should have sent (once each), nothing refused
that no fault asked for. Last, the bot is stopped, asked while down and started again: that question is answered
once, nothing earlier again. The bot's log must hold no traceback. Exit status 0 when every check passed.

Works on a copy of articles/ and a fresh index in a temporary folder (the first start builds it: a minute on 2
cores). tgfake injects texts and button taps only: photos, documents, stickers, edits and forwards are left to
tests/test_bot.py. With a tgfake that shows no chat page or model stub (a build of its Bot API and sim API only)
everything here still works.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "123456789:AAtgfakeCheckTokenNotARealOne_0123456"
ALICE, ADMIN = 4242, 777  # tgfake's default user; the admin of ASKBOT_ADMIN_IDS
GROUP = -1001234
QUIET = 2.5  # seconds without a new call: the bot is done with a step
STEP_TIMEOUT = 60.0
REPLIES = {"sendMessage", "editMessageText", "editMessageReplyMarkup", "sendPhoto", "sendDocument"}


@dataclass
class Call:
    seq: int
    method: str
    params: dict[str, str]
    status: int

    @property
    def text(self) -> str:
        return self.params.get("text", "")


class Sim:
    """The person's side of tgfake: inject, read the outbox."""

    def __init__(self, origin: str) -> None:
        self.origin = origin

    def request(self, method: str, path: str, body: dict | None = None) -> dict:
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.origin + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                return json.loads(resp.read() or b"{}")
        except urllib.error.HTTPError as exc:
            return {"error": exc.read().decode(errors="replace"), "status": exc.code}

    def message(self, text: str, **fields: object) -> dict:
        return self.request("POST", "/sim/message", {"text": text, **fields})

    def tap(self, **fields: object) -> dict:
        return self.request("POST", "/sim/callback", fields)

    def fault(self, **fields: object) -> dict:
        return self.request("POST", "/sim/fault", fields)

    def calls(self, since: int = 0) -> list[Call]:
        rows = self.request("GET", f"/sim/outbox?since={since}").get("calls", [])
        return [Call(r["seq"], r["method"], r.get("params") or {}, r["status"]) for r in rows]

    def chat(self, chat_id: int) -> dict:
        return self.request("GET", f"/sim/chat/{chat_id}")

    def button(self, chat_id: int, label: str) -> int | None:
        """The newest message in the chat that shows a button with this label."""
        for message in reversed(self.chat(chat_id).get("messages", [])):
            if not message.get("deleted") and any(b.get("text") == label for row in message.get("keyboard") or []
                                                  for b in row):
                return message["message_id"]
        return None


def settled(sim: Sim, since: int, want: int, timeout: float = STEP_TIMEOUT) -> list[Call]:
    """The calls after `since` (getUpdates left out) once at least `want` replies came and QUIET passed with
    no new call, or once the timeout passed."""
    deadline = time.monotonic() + timeout
    last_count, last_change = -1, time.monotonic()
    while True:
        calls = [c for c in sim.calls(since) if c.method != "getUpdates"]
        if len(calls) != last_count:
            last_count, last_change = len(calls), time.monotonic()
        replies = [c for c in calls if c.method in REPLIES and c.status == 200]
        if len(replies) >= want and time.monotonic() - last_change >= QUIET:
            return calls
        if time.monotonic() > deadline:
            return calls
        time.sleep(0.2)


@dataclass
class Step:
    name: str
    act: Callable[[Sim], None]
    replies: int  # successful reply calls expected (sendMessage, edits)
    check: Callable[[list[Call]], str | None] = lambda calls: None  # a problem, or None
    refusals: set[str] = field(default_factory=set)  # methods a fault of this step makes fail


def sent(calls: list[Call]) -> list[Call]:
    return [c for c in calls if c.method in REPLIES and c.status == 200]


def says(*words: str, chat: int | None = None) -> Callable[[list[Call]], str | None]:
    """Every word (a regular expression, case-insensitive) in the step's replies."""
    def check(calls: list[Call]) -> str | None:
        texts = " ".join(c.text for c in sent(calls) if chat is None or c.params.get("chat_id") == str(chat))
        missing = [w for w in words if not re.search(w, texts, re.IGNORECASE)]
        return f"replies lack {missing}" if missing else None
    return check


def quoted(calls: list[Call]) -> str | None:
    """Group replies quote the question."""
    bare = [c for c in sent(calls) if c.method == "sendMessage" and "reply_parameters" not in c.params
            and "reply_to_message_id" not in c.params]
    return f"{len(bare)} group reply(ies) not quoting the question" if bare else None


def every(*checks: Callable[[list[Call]], str | None]) -> Callable[[list[Call]], str | None]:
    def check(calls: list[Call]) -> str | None:
        return next((p for c in checks if (p := c(calls))), None)
    return check


def tap_label(label: str, chat: int = ALICE, user: int = ALICE) -> Callable[[Sim], None]:
    def act(sim: Sim) -> None:
        message_id = sim.button(chat, label)
        if message_id is None:
            raise RuntimeError(f"no {label!r} button in chat {chat}")
        sim.tap(chat_id=chat, user_id=user, message_id=message_id, label=label)
    return act


def say(text: str, **fields: object) -> Callable[[Sim], None]:
    def act(sim: Sim) -> None:
        answer = sim.message(text, **fields)
        if "error" in answer:
            raise RuntimeError(f"tgfake refused the message: {answer['error']}")
    return act


def both(*acts: Callable[[Sim], None]) -> Callable[[Sim], None]:
    def act(sim: Sim) -> None:
        for a in acts:
            a(sim)
    return act


def last_bot_message(sim: Sim, chat: int) -> int:
    return next(m["message_id"] for m in reversed(sim.chat(chat)["messages"]) if m["from"] == "bot")


def reply_to_answer(text: str) -> Callable[[Sim], None]:
    def act(sim: Sim) -> None:
        sim.message(text, reply_to_message_id=last_bot_message(sim, ALICE))
    return act


def faulty(fault: dict, then: Callable[[Sim], None]) -> Callable[[Sim], None]:
    def act(sim: Sim) -> None:
        sim.fault(**fault)
        then(sim)
    return act


GROUP_CHAT = {"chat_id": GROUP, "chat_type": "supergroup", "chat_title": "Caspian watchers"}
AKTAU = r"Актау|Aktau"

STEPS = [
    Step("/start", say("/start"), 1),
    Step("/help", say("/help"), 1),
    Step("/topics", say("/topics"), 1),
    Step("/sources", say("/sources"), 1),
    Step("English question", say("why Aktau matters for Baku"), 1, says(AKTAU)),
    Step("Russian question", say("Почему Актау важен для Баку?"), 1, says(AKTAU)),
    Step("German question", say("Warum ist Aktau für Baku wichtig?"), 1, says(AKTAU)),
    Step("More button", tap_label("Mehr"), 1),
    Step("More pressed three times at once", say("Почему Актау важен для Баку?"), 1),
    Step("  (the three presses)", lambda sim: [tap_label("Ещё")(sim) for _ in range(3)], 1,
         lambda calls: None if [c.method for c in calls].count("answerCallbackQuery") == 3 else "spinners left"),
    Step("follow-up", say("а для Японии?"), 1),
    Step("follow-up as a reply to the answer", reply_to_answer("и что дальше?"), 1),
    Step("/ask without text", say("/ask"), 1),
    Step("/ask with text", say("/ask why Aktau matters for Baku"), 1, says(AKTAU)),
    Step("emoji only", say("🙂🙂🙂"), 1),
    Step("very long message (6000 chars)", say("Почему Актау важен для Баку? " * 200), 1),
    Step("whitespace and punctuation", say(" ?!.. "), 1),
    Step("unknown command", say("/frobnicate"), 1),
    Step("command for another bot in private (the help)", say("/help@some_other_bot"), 1),
    Step("/reindex by a non-admin", say("/reindex"), 1),
    Step("group: chatter without mention", say("what a day", **GROUP_CHAT), 0),
    Step("group: mention with question", say("why Aktau matters for Baku", mention=True, **GROUP_CHAT), 1,
         every(says(AKTAU), quoted)),
    Step("group: bare mention", say("?", mention=True, **GROUP_CHAT), 1, quoted),
    Step("group: /start@bot", say("/start@tgfake_bot", **GROUP_CHAT), 1, quoted),
    Step("group: /ask@bot question", say("/ask@tgfake_bot Почему Актау важен для Баку?", **GROUP_CHAT), 1,
         every(says(AKTAU), quoted)),
    Step("group: /reindex@bot by a non-admin", say("/reindex@tgfake_bot", **GROUP_CHAT), 1, quoted),
    Step("group: /help@other_bot", say("/help@some_other_bot", **GROUP_CHAT), 0),
    Step("group: unknown /cmd without bot name", say("/frobnicate", **GROUP_CHAT), 0),
    Step("group: More button", tap_label("More", chat=GROUP), 1),
    Step("two users at once", both(say("why Aktau matters for Baku", user_id=5001, username="bob"),
                                   say("Почему Актау важен для Баку?", user_id=5002, username="carol")), 2,
         every(says(AKTAU, chat=5001), says(AKTAU, chat=5002))),
    Step("429 retry_after on sendMessage", faulty({"method": "sendMessage", "code": 429, "retry_after": 2,
                                                   "times": 1}, say("why Aktau matters for Baku")), 1,
         says(AKTAU), {"sendMessage"}),
    Step("500 on sendMessage", faulty({"method": "sendMessage", "code": 500, "times": 1},
                                      say("Почему Актау важен для Баку?")), 1, says(AKTAU), {"sendMessage"}),
    Step("502 on getUpdates", faulty({"method": "getUpdates", "code": 502, "times": 2}, say("/help")), 1,
         refusals={"getUpdates"}),
    Step("HTML refused once", faulty({"method": "sendMessage", "code": 400, "times": 1, "contains": "<",
                                      "description": "Bad Request: can't parse entities: unsupported start tag"},
                                     say("why Aktau matters for Baku")), 1, says(AKTAU), {"sendMessage"}),
    Step("403 blocked, then the next question", faulty({"method": "sendMessage", "code": 403, "times": 1},
                                                       both(say("/help"), lambda sim: time.sleep(1.5),
                                                            say("/sources"))), 1, refusals={"sendMessage"}),
    Step("answerCallbackQuery refused", faulty({"method": "answerCallbackQuery", "code": 400, "times": 1},
                                               both(say("why Aktau matters for Baku"), lambda sim: time.sleep(4),
                                                    tap_label("More"))), 2, refusals={"answerCallbackQuery"}),
    Step("editMessageText refused: sent anew", faulty(
        {"method": "editMessageText", "code": 400, "times": 1, "description": "Bad Request: message to edit not found"},
        both(say("Почему Актау важен для Баку?"), lambda sim: time.sleep(4), tap_label("Ещё"))), 2,
        refusals={"editMessageText"}),
    Step("sendChatAction failing", faulty({"method": "sendChatAction", "code": 500, "times": 3},
                                          say("why Aktau matters for Baku")), 1, says(AKTAU), {"sendChatAction"}),
    Step("/reindex by the admin", say("/reindex", user_id=ADMIN, username="admin"), 1),
    Step("after all that, a question", say("why Aktau matters for Baku"), 1, says(AKTAU)),
]


def run_step(sim: Sim, step: Step) -> str | None:
    since = max((c.seq for c in sim.calls()), default=0)
    try:
        step.act(sim)
    except Exception as exc:  # a step that cannot be played fails, the others go on
        return f"could not play: {exc}"
    calls = settled(sim, since, step.replies, timeout=STEP_TIMEOUT if step.replies else QUIET * 2)
    sim.request("DELETE", "/sim/fault")
    refused = [c for c in calls if c.status != 200 and c.method not in step.refusals]
    if refused:
        return "refused: " + "; ".join(f"{c.method} {c.status} {c.params.get('text', '')[:60]!r}" for c in refused)
    replies = sent(calls)
    if len(replies) != step.replies:
        return f"{len(replies)} replies, expected {step.replies}: " + " | ".join(c.text[:60] for c in replies)
    return step.check(calls)


def start_tgfake(binary: str, work: Path) -> tuple[subprocess.Popen, Sim]:
    with open(work / "tgfake.log", "w") as log:  # the child keeps its own copy of the file
        tgfake = subprocess.Popen([binary, "--addr", "127.0.0.1:0", "--poll-max", "5s", "--verbose"],
                                  stdout=subprocess.PIPE, stderr=log, text=True)
    banner = tgfake.stdout.readline() if tgfake.stdout else ""
    match = re.search(r"http://[0-9.:]+", banner)
    if not match:
        raise SystemExit(f"tgfake did not start: {banner!r}")
    return tgfake, Sim(match.group(0))


def start_bot(sim: Sim, work: Path, token: str = TOKEN) -> subprocess.Popen:
    """`askbot bot` on a copy of articles/ (the admin may add to it) and an index of its own."""
    articles = work / "articles"
    if not articles.exists():
        shutil.copytree(ROOT / "articles", articles)
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": token, "TELEGRAM_API_BASE_URL": sim.origin + "/bot",
           "ASKBOT_OFFLINE": "1", "ASKBOT_ARTICLES_DIR": str(articles), "ASKBOT_INDEX_DIR": str(work / "index"),
           "ASKBOT_ADMIN_IDS": str(ADMIN), "PYTHONPATH": str(ROOT / "src")}
    with open(work / "bot.log", "a") as log:
        return subprocess.Popen([sys.executable, "-c", "from askbot.cli import main; main()", "bot"], env=env,
                                stdout=log, stderr=subprocess.STDOUT)


def stop_bot(bot: subprocess.Popen) -> None:
    bot.terminate()
    try:
        bot.wait(timeout=30)
    except subprocess.TimeoutExpired:
        bot.kill()
        bot.wait()


def restart(sim: Sim, bot: subprocess.Popen, work: Path) -> tuple[subprocess.Popen, str | None]:
    """Stop the bot, ask while it is down, start it again: the question is answered once, and nothing answered
    before the stop is answered again (the updates it read were confirmed on the way out). Started again with
    a token as tgfake's own examples write one ("fake"), which tgfake takes like any other."""
    stop_bot(bot)
    since = max((c.seq for c in sim.calls()), default=0)
    sim.message("asked while the bot was down: why Aktau matters for Baku?")
    bot = start_bot(sim, work, token="fake")
    if not wait_until_polling(sim, bot, since):
        return bot, "the bot never polled again"
    calls = settled(sim, since, 1)
    refused = [c for c in calls if c.status != 200]
    replies = sent(calls)
    if refused or len(replies) != 1:
        return bot, f"{len(replies)} replies, refused {[(c.method, c.status) for c in refused]}"
    return bot, says(AKTAU)(calls)


def wait_until_polling(sim: Sim, bot: subprocess.Popen, since: int = 0, timeout: float = 600) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and bot.poll() is None:
        if any(c.method == "getUpdates" for c in sim.calls(since)):
            return True
        time.sleep(0.5)
    return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("tgfake", nargs="?", default=os.environ.get("TGFAKE"), help="a tgfake binary (or $TGFAKE)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (logs, index)")
    parser.add_argument("-k", dest="only", help="run only steps whose name contains this")
    parser.add_argument("--plain-start", action="store_true", help="no 502 on the first getMe")
    args = parser.parse_args()
    if not args.tgfake:
        parser.error("give the path to a tgfake binary, or set TGFAKE")
    work = Path(tempfile.mkdtemp(prefix="askbot-tgfake-"))
    tgfake, sim = start_tgfake(args.tgfake, work)
    if not args.plain_start:  # a passing 502 on the very first call: the bot asks again instead of exiting
        sim.fault(method="getMe", code=502, description="Bad Gateway", times=1)
    started = "start" if args.plain_start else "start (the first getMe answered 502)"
    bot = start_bot(sim, work)
    failed = 0
    try:
        if not wait_until_polling(sim, bot):
            print(f"FAIL {started}: the bot never polled; see {work / 'bot.log'}")
            return 1
        print(f"pass {started}", flush=True)
        time.sleep(1)  # the command menu is registered once polling starts
        # tgfake keeps one command list, the last one set, whatever its language_code: the default one, please
        commands = sim.request("GET", "/sim/state").get("commands") or [{}]
        menu_ok = commands[0].get("description") == "What I know and example questions"
        failed += not menu_ok
        print(f"{'pass' if menu_ok else 'FAIL'} command menu in English: {commands[0].get('description')!r}")
        for step in STEPS:
            if args.only and args.only not in step.name:
                continue
            problem = run_step(sim, step)
            failed += problem is not None
            print(f"{'FAIL' if problem else 'pass'} {step.name}" + (f": {problem}" if problem else ""), flush=True)
        if not args.only:
            bot, problem = restart(sim, bot, work)
            failed += problem is not None
            print(f"{'FAIL' if problem else 'pass'} restart (token 'fake'): a question asked while the bot was down"
                  + (f": {problem}" if problem else ""), flush=True)
    finally:
        stop_bot(bot)
        tgfake.terminate()
        tgfake.wait(timeout=10)
    log = (work / "bot.log").read_text(encoding="utf-8", errors="replace")
    tracebacks = log.count("Traceback")
    print(f"{'FAIL' if tracebacks else 'pass'} bot log: {tracebacks} traceback(s)")
    failed += bool(tracebacks)
    print(f"{failed} failed; logs in {work}" if failed or args.keep else "all passed")
    if not (failed or args.keep):
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
