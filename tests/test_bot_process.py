"""`askbot bot` as a user runs it: a real process, configured only by environment, against a Bot API
server on 127.0.0.1 (TELEGRAM_API_BASE_URL), stopped with Ctrl-C."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import bot_process_env
from fakebotapi import FakeBotAPI


def start_bot(tmp_path: Path, api: FakeBotAPI) -> subprocess.Popen[str]:
    """`askbot bot` as a user starts it, configured only by environment, talking to `api`."""
    return subprocess.Popen([sys.executable, "-m", "askbot.cli", "bot"], env=bot_process_env(tmp_path, api.token,
                            api.base_url), cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def run_bot(tmp_path: Path, api: FakeBotAPI) -> subprocess.CompletedProcess[str]:
    """`askbot bot` run until it exits by itself (a start-up it cannot get past)."""
    return subprocess.run([sys.executable, "-m", "askbot.cli", "bot"], env=bot_process_env(tmp_path, api.token,
                          api.base_url), cwd=tmp_path, capture_output=True, text=True, timeout=180)


def test_bot_process_answers_and_stops_cleanly(tmp_path: Path) -> None:
    with FakeBotAPI() as api:
        api.send_text(4242, "why does Aktau matter for Baku?")  # waiting before the bot even starts
        process = start_bot(tmp_path, api)
        try:
            sent = api.wait_for("sendMessage", lambda p: str(p.get("chat_id")) == "4242", timeout=120)
            assert "<blockquote>" in sent["text"] and sent["parse_mode"] == "HTML"
            assert api.calls_of("setMyCommands")
            api.send_text(4242, "/start")
            start = api.wait_for("sendMessage", lambda p: str(p.get("chat_id")) == "4242", timeout=30)
            assert "Почему Япония сделала ставку" in start["text"]
        finally:
            time.sleep(0.5)
            process.send_signal(signal.SIGINT)
            out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err[-3000:]
    assert api.token not in out + err  # the token is in every Bot API URL, never in the log
    assert "Traceback" not in err


def test_a_server_that_refuses_to_start_polling_is_one_sentence(tmp_path: Path) -> None:
    """getMe works, then deleteWebhook (the first call of polling) is refused: exit 2 with one sentence."""
    with FakeBotAPI() as api:
        api.fail_next("deleteWebhook", 400, "Bad Request: method is not supported here", times=20)
        result = run_bot(tmp_path, api)
    assert result.returncode == 2, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("askbot: The Telegram Bot API refused to start the bot") and "not supported" in last.lower()
    assert api.token not in result.stderr


def test_a_getme_that_is_no_bot_ends_the_start_in_one_plain_sentence(tmp_path: Path) -> None:
    """getMe answered with a "bot" without id or name (an emulator's, a proxy's): exit 2 with one sentence that says
    what came and what to check, no traceback and none of python-telegram-bot's reading error ("User.__init__()
    missing 2 required positional arguments")."""
    with FakeBotAPI() as api:
        api.set_method_handler("getMe", lambda params: {"is_bot": True})
        result = run_bot(tmp_path, api)
    assert result.returncode == 2, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("askbot: The Bot API server answered getMe with an object without id, first_name, not "
                           "with a bot: check that TELEGRAM_API_BASE_URL"), last
    assert "__init__" not in result.stderr and "positional" not in result.stderr
    assert api.token not in result.stderr


def test_a_token_revoked_while_running_stops_the_bot_with_one_sentence(tmp_path: Path) -> None:
    """getUpdates answers 401 once the bot runs (the token was revoked): python-telegram-bot ended its polling
    without a word and the process ran on, deaf. It now stops by itself: exit 2, one sentence."""
    with FakeBotAPI() as api:
        api.send_text(4242, "/help")
        process = start_bot(tmp_path, api)
        try:
            api.wait_for("sendMessage", lambda p: str(p.get("chat_id")) == "4242", timeout=120)
            api.fail_next("getUpdates", 401, "Unauthorized", times=1000)
            _out, err = process.communicate(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
    assert process.returncode == 2, err[-3000:]
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith("askbot: Telegram rejected TELEGRAM_BOT_TOKEN")
    assert api.token not in err


def test_a_server_that_refuses_polling_is_not_a_rejected_token(tmp_path: Path) -> None:
    """getMe works but the very first getUpdates answers 404 (a server that delivers updates by webhook only):
    it said "Telegram rejected TELEGRAM_BOT_TOKEN", though the token had just worked. It names polling."""
    with FakeBotAPI() as api:
        api.fail_next("getUpdates", 404, "Not Found: method not found", times=1000)
        result = run_bot(tmp_path, api)
    assert result.returncode == 2, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("askbot: The Bot API server answered getMe but not getUpdates")
    assert "ASKBOT_WEBHOOK_URL" in last
    assert "rejected TELEGRAM_BOT_TOKEN" not in result.stderr and api.token not in result.stderr


def test_a_second_ctrl_c_while_stopping_is_no_traceback(tmp_path: Path) -> None:
    """Ctrl-C pressed twice: the second one broke off python-telegram-bot's shutdown halfway, with a traceback;
    one in the last moments of the exit ended the process as killed."""
    with FakeBotAPI() as api:
        api.send_text(4242, "/help")
        process = start_bot(tmp_path, api)
        try:
            api.wait_for("sendMessage", lambda p: str(p.get("chat_id")) == "4242", timeout=120)
            process.send_signal(signal.SIGINT)
            deadline = time.monotonic() + 60
            while process.poll() is None and time.monotonic() < deadline:  # and again, until it has exited
                time.sleep(0.05)
                process.send_signal(signal.SIGTERM)
            _out, err = process.communicate(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
    assert process.returncode == 0, err[-3000:]
    assert "Traceback" not in err and "Task was destroyed" not in err, err[-3000:]
    assert "Application.stop() complete" in err


def test_a_server_without_delete_webhook_is_polled_anyway(tmp_path: Path) -> None:
    """Polling starts with deleteWebhook; a server that does not know it (404 after a working getMe) was taken
    for a wrong token: "Telegram rejected TELEGRAM_BOT_TOKEN", exit 2. It is polled without it."""
    with FakeBotAPI() as api:
        api.fail_next("deleteWebhook", 404, "Not Found: method not found", times=20)
        api.send_text(4242, "/help")
        process = start_bot(tmp_path, api)
        try:
            sent = api.wait_for("sendMessage", lambda p: str(p.get("chat_id")) == "4242", timeout=120)
            assert "/ask" in sent["text"]
        finally:
            process.send_signal(signal.SIGINT)
            _out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err[-3000:]
    assert "does not know deleteWebhook" in err and "Traceback" not in err


def test_stopped_while_it_loads_the_model_is_exit_0(tmp_path: Path) -> None:
    """A supervisor stopping the bot while it still starts: SIGTERM ended the process as killed (-15)."""
    with FakeBotAPI(record_get_updates=True) as api:
        process = start_bot(tmp_path, api)
        try:
            api.wait_for("getMe", timeout=60)
            time.sleep(1)
            process.send_signal(signal.SIGTERM)
            _out, err = process.communicate(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
        assert api.calls_of("getUpdates") == [], "stopped before polling"
    assert process.returncode == 0, err[-3000:]
    assert "Traceback" not in err


def test_sigterm_stops_the_bot_within_a_second_also_while_it_answers(tmp_path: Path) -> None:
    """`docker stop` or systemd: SIGTERM, then SIGKILL if the process is still there (after 10 s, or less). The
    bot stopped within a second but the process took 4-5 s more to exit: Python's teardown freeing the model's
    tokenizer. Idle (a long poll open) and with a question under way (answered first), it exits 0 at once."""
    with FakeBotAPI() as api:
        api.send_text(4242, "/help")
        process = start_bot(tmp_path, api)
        try:
            api.wait_for("sendMessage", lambda p: str(p.get("chat_id")) == "4242", timeout=120)
            api.send_text(4242, "why does Aktau matter for Baku?")
            api.wait_for("sendChatAction", timeout=30)  # the answer is being worked out
            stopped = time.monotonic()
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=60)
            took = time.monotonic() - stopped
            _out, err = process.communicate(timeout=10)
            answer = api.wait_for("sendMessage", lambda p: str(p.get("chat_id")) == "4242", timeout=1)
        finally:
            if process.poll() is None:
                process.kill()
    assert process.returncode == 0, err[-3000:]
    assert "Traceback" not in err and "Application.stop() complete" in err
    assert "<blockquote>" in answer["text"], "the answer under way was sent before the bot stopped"
    assert took < 2.5, f"{took:.1f} s from SIGTERM to exit"
