"""`askbot bot` as a user runs it: a real process, configured only by environment, against a Bot API
server on 127.0.0.1 (TELEGRAM_API_BASE_URL), stopped with Ctrl-C."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from fakebotapi import FakeBotAPI

ROOT = Path(__file__).resolve().parent.parent


def test_bot_process_answers_and_stops_cleanly(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "articles", tmp_path / "articles")
    if (ROOT / "index").is_dir():
        shutil.copytree(ROOT / "index", tmp_path / "index")
    with FakeBotAPI() as api:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ASKBOT_"))}
        env.update(TELEGRAM_BOT_TOKEN=api.token, TELEGRAM_API_BASE_URL=api.base_url, HF_HUB_OFFLINE="1",
                   ASKBOT_ARTICLES_DIR=str(tmp_path / "articles"), ASKBOT_INDEX_DIR=str(tmp_path / "index"))
        api.send_text(4242, "why does Aktau matter for Baku?")  # waiting before the bot even starts
        process = subprocess.Popen([sys.executable, "-m", "askbot.cli", "bot"], env=env, cwd=tmp_path,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
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
