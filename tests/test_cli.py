"""User mistakes get one sentence and exit code 2; `askbot chat` answers as the bot does."""

from __future__ import annotations

import html
import io
import json
import os
import random
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from askbot import embeddings
from askbot.charsets import decoded_lines
from askbot.cli import cli
from askbot.config import _SETTINGS_READ, KNOWN_SETTINGS, Settings, load_settings
from askbot.errors import AskbotError
from askbot.views import TEXTS

ROOT = Path(__file__).resolve().parent.parent
ASKBOT = [sys.executable, "-m", "askbot.cli"]


def run_askbot(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None,
               prefix: Sequence[str] = ()) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ASKBOT_"))}
    full_env.update(env or {})
    return subprocess.run([*prefix, *ASKBOT, *args], capture_output=True, text=True, env=full_env, cwd=cwd,
                          timeout=120)


def unprivileged() -> list[str]:
    """A command prefix that takes away root's power to read any folder: CI runs the tests as root."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: a folder cannot be made unreadable")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner"]


def assert_one_line_error(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0]


def test_bot_without_token(tmp_path: Path) -> None:
    assert_one_line_error(run_askbot("bot", cwd=tmp_path), "TELEGRAM_BOT_TOKEN", "@BotFather")


@pytest.mark.parametrize("secret", ["not-a-token-s3cr3t-value", "１２３:s3cr3t"])  # full-width digits are no digits
def test_bot_with_malformed_token_never_prints_it(tmp_path: Path, secret: str) -> None:
    result = run_askbot("bot", env={"TELEGRAM_BOT_TOKEN": secret}, cwd=tmp_path)
    assert_one_line_error(result, "TELEGRAM_BOT_TOKEN does not look like a bot token")
    assert secret not in result.stderr + result.stdout


def test_any_token_for_an_emulator_but_one_that_fits_in_a_url() -> None:
    """Bot API emulators (tgfake, telegram-test-api) take any token, and tests hand the bot "fake" or
    "test-token": with TELEGRAM_API_BASE_URL set the bot refused to start. Telegram's own shape is still
    checked without it, and a token that cannot go into the URL path is refused either way."""
    emulator = "http://127.0.0.1:18790"
    assert Settings(telegram_token="fake-token", telegram_api_base_url=emulator).require_token() == "fake-token"
    for settings in (Settings(telegram_token="fake-token"),
                     Settings(telegram_token="fake/token", telegram_api_base_url=emulator),
                     Settings(telegram_token="fake token", telegram_api_base_url=emulator)):
        with pytest.raises(AskbotError, match="does not look like a bot token"):
            settings.require_token()


@pytest.mark.parametrize("token", ["123:abc", "123456:AA" + "b" * 34])
def test_short_token_is_refused_for_telegrams_own_server(token: str) -> None:
    """A truncated token ("123:abc", one character missing from the 35-character key) passed the shape check
    and the bot only failed once it reached Telegram; an explicit api.telegram.org is Telegram's own server."""
    for base in (None, "https://api.telegram.org/bot"):
        with pytest.raises(AskbotError, match=r"35-character key.*@BotFather.*in \.env"):
            Settings(telegram_token=token, telegram_api_base_url=base).require_token()
    assert Settings(telegram_token="123456:AA" + "b" * 33).require_token().endswith("b" * 33)
    assert Settings(telegram_token=token, telegram_api_base_url="http://127.0.0.1:8081").require_token() == token


def test_a_bad_value_from_dotenv_names_the_file(tmp_path: Path) -> None:
    """"ASKBOT_TOP_K must be a whole number" read the same whether the value came from `.env` or the shell, and
    the user looked for it in the wrong place; the environment's own value still names no file."""
    from askbot.config import load_settings

    dotenv = tmp_path / ".env"
    dotenv.write_text("ASKBOT_TOP_K=abc\n")
    with pytest.raises(AskbotError, match=r"got 'abc' \(in .*\.env\)\.$"):
        load_settings(env={}, dotenv_path=dotenv)
    with pytest.raises(AskbotError, match=r"got 'xyz'\.$"):
        load_settings(env={"ASKBOT_TOP_K": "xyz"}, dotenv_path=dotenv)
    # every setting says so, not only those whose message began with the variable's name: ASKBOT_OFFLINE was read
    # apart from the others, and a folder's message begins with the folder
    for line, said in (("ASKBOT_OFFLINE=maybe", "ASKBOT_OFFLINE must be"),
                       ("ASKBOT_INDEX_DIR=~no-such-user-here/index", "~no-such-user-here/index"),
                       ("ASKBOT_CACHE_DIR=~no-such-user-here/cache", "~no-such-user-here/cache"),
                       ("ASKBOT_WEBHOOK_PORT=99999", "ASKBOT_WEBHOOK_PORT")):
        dotenv.write_text(line + "\n")
        with pytest.raises(AskbotError, match=rf"{re.escape(said)}.* \(in .*\.env\)\.$"):
            load_settings(env={}, dotenv_path=dotenv)


def test_token_from_dotenv_file_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("TELEGRAM_BOT_TOKEN=also-malformed\n")
    result = run_askbot("bot", cwd=tmp_path)
    assert_one_line_error(result, "does not look like a bot token")


def test_missing_articles_folder(tmp_path: Path) -> None:
    result = run_askbot("index", env={"ASKBOT_ARTICLES_DIR": str(tmp_path / "nope")}, cwd=tmp_path)
    assert_one_line_error(result, "nope", "does not exist")


def test_bad_number_setting(tmp_path: Path) -> None:
    assert_one_line_error(run_askbot("ask", "x", env={"ASKBOT_TOP_K": "many"}, cwd=tmp_path), "ASKBOT_TOP_K")


def test_unknown_model(tmp_path: Path) -> None:
    result = run_askbot("index", env={"ASKBOT_MODEL": "nobody/no-such-model", "HF_HUB_OFFLINE": "1",
                                      "ASKBOT_ARTICLES_DIR": str(ROOT / "articles"),
                                      "ASKBOT_INDEX_DIR": str(tmp_path / "index")}, cwd=tmp_path)
    assert_one_line_error(result, "ASKBOT_MODEL")


def test_help_documents_commands_and_environment() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for word in ("ask", "chat", "index", "bot", "eval", "add", "sources", "remove", "model",
                 "ASKBOT_INDEX_DIR", "ASKBOT_MODEL", "TELEGRAM_BOT_TOKEN"):
        assert word in result.output


def test_remove_help_names_every_way_to_name_an_article() -> None:
    """The README says `askbot remove` takes an id, a file name, the path of the file it was added from or a
    source URL; its --help left the path out, so a user who added drafts/note.txt did not know to give that."""
    result = CliRunner().invoke(cli, ["remove", "--help"], terminal_width=200)
    assert result.exit_code == 0
    for words in ("askbot sources", "file name", "the path of the file it was added from", "source URL"):
        assert words in " ".join(result.output.split())


def test_chat_help_names_every_command_it_answers() -> None:
    """The README says `/topics`, `/sources`, `/help` and `/ask` work in `askbot chat`; its --help left /ask out."""
    result = CliRunner().invoke(cli, ["chat", "--help"], terminal_width=200)
    assert result.exit_code == 0
    for command in ("/topics", "/sources", "/help", "/ask", "exit"):
        assert command in result.output


def test_bot_help_names_the_token_and_the_admins() -> None:
    """The README says each command's --help lists the main environment variables; `askbot bot --help` named only
    ASKBOT_WEBHOOK_URL, not the token the command cannot run without."""
    result = CliRunner().invoke(cli, ["bot", "--help"])
    assert result.exit_code == 0
    for word in ("TELEGRAM_BOT_TOKEN", "ASKBOT_ADMIN_IDS", "ASKBOT_WEBHOOK_URL", ".env.example"):
        assert word in result.output


def test_help_says_what_readme_says() -> None:
    """`askbot --help` gave ~/.cache/askbot as the cache's default (XDG_CACHE_HOME wins), left out ASKBOT_OFFLINE and
    called the rest "the bot's settings"; `askbot eval --help` left out the first-passage length it reports."""
    root = CliRunner().invoke(cli, ["--help"]).output
    assert "$XDG_CACHE_HOME/askbot, else ~/.cache/askbot" in root and "ASKBOT_OFFLINE" in root
    assert "the bot's settings" not in root
    assert "first-passage length" in " ".join(CliRunner().invoke(cli, ["eval", "--help"]).output.split())


def test_every_setting_is_documented_with_its_default(tmp_path: Path) -> None:
    """README's Configuration table and .env.example list every variable askbot reads, and the values .env.example
    fills in are the defaults (copied to .env, it changes nothing): the table gave no default for
    ASKBOT_WEBHOOK_LISTEN and ASKBOT_WEBHOOK_PORT."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    rows = {row.split("|")[1]: row.split("|")[2] for row in section.splitlines() if row.startswith("| `")}
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    defaults = Settings(cache_dir=tmp_path)
    for name in (*KNOWN_SETTINGS, "TELEGRAM_BOT_TOKEN", "TELEGRAM_API_BASE_URL", "HF_HUB_OFFLINE"):
        row = next((default for names, default in rows.items() if f"`{name}`" in names), None)
        assert row is not None and row.strip(), f"{name} has no row with a default in README's Configuration"
        assert name == "HF_HUB_OFFLINE" or re.search(rf"^{name}=", example, re.MULTILINE), f"{name} not in .env.example"
    for name, field_name, _ in _SETTINGS_READ:
        row = next(default for names, default in rows.items() if f"`{name}`" in names)
        value = getattr(defaults, field_name)
        if isinstance(value, (int, float, str, Path)) and not isinstance(value, bool) and field_name != "articles_dir":
            shown = f"{value:g}" if isinstance(value, float) else str(value)
            assert f"`{shown}`" in row, f"README gives {name} the default {row.strip()}, not {shown}"
    (tmp_path / ".env").write_text(example, encoding="utf-8")
    loaded = load_settings(env={}, dotenv_path=tmp_path / ".env")
    assert loaded.warnings == ()
    assert replace(loaded, cache_dir=tmp_path) == replace(defaults, articles_dir_given=False)


@pytest.fixture(scope="module")
def embedder():
    return embeddings.load_embedder(Settings())


@pytest.fixture
def chat_workspace(monkeypatch: pytest.MonkeyPatch, embedder, tmp_path: Path) -> pytest.MonkeyPatch:
    """`askbot chat` in-process on a copy of the articles, with the module's embedder; set LANG on the result."""
    monkeypatch.setattr(embeddings, "load_embedder", lambda settings, show_progress=False: embedder)
    shutil.copytree(ROOT / "articles", tmp_path / "articles")
    monkeypatch.setenv("ASKBOT_ARTICLES_DIR", str(tmp_path / "articles"))
    monkeypatch.setenv("ASKBOT_INDEX_DIR", str(tmp_path / "index"))
    return monkeypatch


def test_chat_answers_like_the_bot(chat_workspace: pytest.MonkeyPatch) -> None:
    chat_workspace.setenv("LANG", "en_US.UTF-8")
    session = ("why does Aktau matter for Baku?\n1\n/topics\n1\nWhat is the weather in Paris tomorrow?\n"
               "who won the football match\nexit\n")
    result = CliRunner().invoke(cli, ["chat"], input=session, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Hi! I answer questions" in out  # the /start greeting
    assert "фигура речи" not in out.split("\n> ")[0], "its examples mean something without the interview around them"
    assert "[1] More" in out  # the bot's button, as a numbered choice
    first, after_more = out.split("\n> 1\n")[0], out.split("\n> 1\n")[1].split("\n> /topics")[0]
    assert first.count("— <") == 0 and after_more.count("— Почему Япония") == 2  # More added a second passage
    assert "**" in out  # the key sentence marked, as the bot makes it bold
    assert "I could not find anything in the articles" in out
    refusal = out.split("> who won the football match")[1]
    assert "фигура речи" not in refusal, "what it offers instead means something alone"
    assert "Questions the interview covers" in out


def test_chat_replies_as_the_bot_does_to_commands_and_links(chat_workspace: pytest.MonkeyPatch) -> None:
    """The interface language comes from each message (else the locale, as the bot's from the user's Telegram
    language), never from the one before; /ask alone, a link alone and /reindex get the bot's replies to a
    user who is not its admin, and a link also `askbot add`'s hint on stderr."""
    chat_workspace.setenv("LANG", "ru_RU.UTF-8")
    session = "why does Aktau matter for Baku?\n9\n/help\n/ask\nhttps://example.com/news/1\n/reindex\nexit\n"
    result = CliRunner().invoke(cli, ["chat"], input=session, catch_exceptions=False)
    out = result.stdout
    replies = dict(part.split("\n", 1) for part in out.split("\n> ")[1:])
    assert "[1] More" in replies["why does Aktau matter for Baku?"]  # an English question: English buttons
    assert TEXTS["ru"]["choose_one"] in out  # "9", no such button: said in the locale's language
    assert replies["/help"].startswith("**Как спросить**")  # a command: the locale's language, as in the bot
    assert TEXTS["ru"]["ask_usage"].format(example=TEXTS["ru"]["example"]) in replies["/ask"]
    assert html.unescape(TEXTS["ru"]["add_denied"]) in replies["https://example.com/news/1"]
    # the terminal's user is the admin: the CLI's own way to add the page is said beside the bot's reply
    assert "`askbot add https://example.com/news/1` adds that page" in result.stderr
    assert TEXTS["ru"]["reindex_denied"] in replies["/reindex"]


def test_chat_speaks_german_and_kazakh_as_the_bot_does(chat_workspace: pytest.MonkeyPatch) -> None:
    """A German and a Kazakh question get the interface in their language, whatever the locale (a German
    question got English, a Kazakh one Russian); a German locale's commands and greeting are German."""
    chat_workspace.setenv("LANG", "de_DE.UTF-8")
    session = ("/help\nWarum ist Aktau für Baku wichtig?\n1\nUnd für Japan?\n"
               "Ақтау порты Әзербайжан үшін неге маңызды?\nал неге?\n/sources\nexit\n")
    out = CliRunner().invoke(cli, ["chat"], input=session, catch_exceptions=False).output
    replies = dict(part.split("\n", 1) for part in out.split("\n> ")[1:])
    assert out.startswith(TEXTS["de"]["greeting"])
    assert replies["/help"].startswith("**So fragen Sie**")
    assert f"[1] {TEXTS['de']['more']}" in replies["Warum ist Aktau für Baku wichtig?"]
    assert replies["1"].count("— Почему Япония") == 2  # More added a second passage
    said = TEXTS["de"]["read_with"].format(previous="Warum ist Aktau für Baku wichtig?")
    assert replies["Und für Japan?"].startswith(said + "\n"), replies["Und für Japan?"][:200]
    kazakh = replies["Ақтау порты Әзербайжан үшін неге маңызды?"]
    assert f"[1] {TEXTS['kk']['more']}" in kazakh and "More" not in kazakh and "Ещё" not in kazakh
    said = TEXTS["kk"]["read_with"].format(previous="Ақтау порты Әзербайжан үшін неге маңызды?")
    assert replies["ал неге?"].startswith(said + "\n"), replies["ал неге?"][:200]
    assert replies["/sources"].startswith(TEXTS["de"]["sources"]) and "Textstellen)" in replies["/sources"]


def test_a_line_of_invisible_characters_does_not_end_the_session(chat_workspace: pytest.MonkeyPatch) -> None:
    """A line of only a byte-order mark (a file saved on Windows) or a zero-width space ended `ask`'s stdin
    batch and `chat` with "The question is empty": the questions after it were never answered."""
    chat_workspace.setenv("LANG", "en_US.UTF-8")
    lines = "\ufeffwhy does Aktau matter for Baku?\n\ufeff\n\u200b\u200e\nwho is Tokayev?\n"  # a file with a BOM
    asked = CliRunner().invoke(cli, ["ask", "--json"], input=lines, catch_exceptions=False)
    assert asked.exit_code == 0, asked.output
    assert [json.loads(line)["question"] for line in asked.stdout.splitlines()] == [
        "why does Aktau matter for Baku?", "who is Tokayev?"]
    chat = CliRunner().invoke(cli, ["chat"], input=lines + "exit\n", catch_exceptions=False)
    assert chat.exit_code == 0, chat.output
    assert chat.output.count(TEXTS["en"]["empty"]) == 2 and "> who is Tokayev?" in chat.output


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be-bom", "cp1251", "koi8-r"])
def test_questions_piped_in_another_encoding_are_read_in_it(chat_workspace: pytest.MonkeyPatch, encoding: str) -> None:
    """A questions file Notepad saved as "Unicode" (UTF-16) was one question of NULs and mojibake, a windows-1251
    one a row of U+FFFD; each was answered with passages. They are read as article files are."""
    chat_workspace.setenv("LANG", "en_US.UTF-8")
    within = "\u2028" if encoding.startswith("utf") else " "  # a line separator U+2028 does not end the question
    lines = f"почему Актау важен для Баку?\r\nwho is Tokayev?\rwhy{within}Aktau?\r\n"  # an old Mac's CR ends one
    data = "\ufeff".encode("utf-16-be") + lines.encode("utf-16-be") if encoding == "utf-16-be-bom" \
        else lines.encode(encoding)
    asked = CliRunner().invoke(cli, ["ask", "--json"], input=data, catch_exceptions=False)
    assert asked.exit_code == 0, asked.output
    assert [json.loads(line)["question"] for line in asked.stdout.splitlines()] == [
        "почему Актау важен для Баку?", "who is Tokayev?", "why Aktau?"]
    chat = CliRunner().invoke(cli, ["chat"], input=data, catch_exceptions=False)
    assert "> почему Актау важен для Баку?\n" in chat.output and "> who is Tokayev?\n" in chat.output


def test_a_piped_question_echoes_no_escape_sequence_or_control_character(chat_workspace: pytest.MonkeyPatch) -> None:
    """`ask`'s "? …" line and chat's "> …" printed a piped question as it came: its OSC sequence set the
    terminal's title and its BEL rang; `--json` carried its NUL. Titles and passages were cleaned, questions not."""
    chat_workspace.setenv("LANG", "en_US.UTF-8")
    lines = "why does\x00Aktau matter\x07 for Baku?\x1b]0;PWNED\x07\x1b[31m\n"
    text = CliRunner().invoke(cli, ["ask", "-k", "1"], input=lines, catch_exceptions=False).output
    assert text.startswith("? why does Aktau matter for Baku?\n"), text[:200]
    asked = CliRunner().invoke(cli, ["ask", "--json", "-k", "1"], input=lines, catch_exceptions=False).stdout
    assert json.loads(asked)["question"] == "why does Aktau matter for Baku?"
    chat = CliRunner().invoke(cli, ["chat"], input=lines, catch_exceptions=False).output
    assert "\n> why does Aktau matter for Baku?\n" in chat
    for out in (text, asked, chat):
        assert not set(out) & {"\x00", "\x07", "\x1b"} and "PWNED" not in out


class EndlessZeros(io.RawIOBase):
    """`/dev/zero`: a stream that never ends a line; reading it whole is a failure, not a hang."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        self.read_so_far = getattr(self, "read_so_far", 0) + len(buffer)
        assert self.read_so_far < 50_000_000, "read on and on into memory"
        buffer[:] = bytes(len(buffer))
        return len(buffer)


def test_a_stream_that_never_ends_a_line_is_refused_not_read_into_memory() -> None:
    """`askbot ask < /dev/zero` read one endless line until memory ran out."""
    with pytest.raises(AskbotError, match="Line 1 of stdin is longer than 1 MB"):
        next(decoded_lines(io.BufferedReader(EndlessZeros())))
    utf16 = io.BytesIO("\ufeffwhy?\n".encode("utf-16-le") + "a".encode("utf-16-le") * 1_100_000)
    with pytest.raises(AskbotError, match="Line 2 of stdin is longer than 1 MB"):
        list(decoded_lines(utf16))


def test_binary_data_on_stdin_is_refused_at_its_first_line() -> None:
    """`head -c 50M /dev/urandom | askbot ask`: some 200,000 "lines" of noise, each guessed a charset and answered."""
    noise = random.Random(7).randbytes(2_000_000)
    lines = decoded_lines(io.BytesIO(noise))
    with pytest.raises(AskbotError, match="of stdin is binary data, not text"):
        for _ in range(10):  # the first long line of noise: random bytes hold a control character in eight
            next(lines)
    with pytest.raises(AskbotError, match="Line 1 of stdin is binary data"):
        list(decoded_lines(io.BytesIO(bytes(5000) + b"\nwhy?\n")))
    assert list(decoded_lines(io.BytesIO(b"why does\x00Aktau matter\x07 for Baku?\x1b[31m\n"))) == [
        "why does\x00Aktau matter\x07 for Baku?\x1b[31m"]  # a stray control character is no binary file


def test_a_question_over_a_megabyte_is_refused_at_once(chat_workspace: pytest.MonkeyPatch) -> None:
    """Piped or given as an argument (10 MB took seconds to tidy, then was echoed back whole)."""
    for args, given in ((["ask", "a" * 10**7], None), (["ask"], b"why?\n" + b"a" * 3_000_000 + b"\nwho?\n"),
                        (["chat"], b"a" * 3_000_000)):
        result = CliRunner().invoke(cli, args, input=given)
        assert result.exit_code == 2, result.output[-300:]
        assert "longer than 1 MB" in result.stderr and "Traceback" not in result.output
        assert len(result.stdout) < 100_000


def test_a_long_question_is_quoted_back_in_300_characters(chat_workspace: pytest.MonkeyPatch) -> None:
    """A pasted 100 kB question was printed whole in `ask`'s "? …" line and chat's "> …" echo."""
    chat_workspace.setenv("LANG", "en_US.UTF-8")
    question = "why does Aktau matter for Baku " + "and why " * 12_500 + "?\n"
    asked = CliRunner().invoke(cli, ["ask", "-k", "1"], input=question, catch_exceptions=False).output
    chat = CliRunner().invoke(cli, ["chat"], input=question, catch_exceptions=False).output
    for out, mark in ((asked, "? "), (chat, "> ")):
        echo = next(line for line in out.splitlines() if line.startswith(mark))
        assert echo.startswith(mark + "why does Aktau") and echo.endswith("…") and len(echo) <= 302, echo[:400]
        assert len(out) < 10_000


def test_a_link_alone_is_no_question_but_a_page_to_add(chat_workspace: pytest.MonkeyPatch) -> None:
    """`askbot ask https://…` searched the articles for the words of the address."""
    alone = CliRunner().invoke(cli, ["ask", "https://example.com/news/aktau"])
    assert alone.exit_code == 2 and alone.stdout == ""
    assert alone.stderr == ("askbot: https://example.com/news/aktau is a link, not a question: `askbot add "
                            "https://example.com/news/aktau` adds that page to the articles; then ask about it.\n")
    lines = "https://example.com/a\nwhy does Aktau matter for Baku?\n"
    piped = CliRunner().invoke(cli, ["ask", "-k", "1"], input=lines)
    assert piped.exit_code == 0 and piped.stdout.startswith("? why does Aktau matter for Baku?")
    assert piped.stderr.count("is a link, not a question") == 1
    only = CliRunner().invoke(cli, ["ask"], input="https://example.com/a\n")
    assert only.exit_code == 2 and only.stderr.count("askbot:") == 1 and only.stdout == ""


def test_chat_reads_a_superscript_digit_as_text_not_a_button(chat_workspace: pytest.MonkeyPatch) -> None:
    """"²" (or "①") while buttons were shown: a digit to str.isdigit, so chat pressed button int("²"): a traceback."""
    chat_workspace.setenv("LANG", "en_US.UTF-8")
    result = CliRunner().invoke(cli, ["chat"], input="/topics\n²\n①\nexit\n", catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "> ²\n" in result.output and "> ①\n" in result.output


def test_chat_a_number_with_no_such_choice_is_said_or_asked(chat_workspace: pytest.MonkeyPatch) -> None:
    """A number of 5,000 digits while buttons were shown: int() refused it, a traceback; a number with no such
    button was missing from the piped transcript."""
    chat_workspace.setenv("LANG", "en_US.UTF-8")
    huge = "9" * 5000
    result = CliRunner().invoke(cli, ["chat"], input=f"/topics\n{huge}\n99\n0\n/help\n3\nexit\n",
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output[-2000:]
    out = result.output
    chosen = out.split("> /topics")[1].split("> /help")[0]  # /topics shows 7 buttons
    assert chosen.count(TEXTS["en"]["choose"].format(count="7")) == 3 and "\n> 99\n" in out and "\n> 0\n" in out
    assert f"> {huge[:250]}" in out and huge not in out
    # no buttons under /help: "3" chooses nothing and is no question (it was small talk: the greeting and its buttons)
    assert out.split("> /help")[1].split("\n> 3\n")[1].startswith(TEXTS["en"]["no_choice"])


def test_chat_a_number_beside_one_button_names_it(chat_workspace: pytest.MonkeyPatch) -> None:
    """Under an answer, whose one button is More, "2" was answered "Choose a number from 1 to 1." (in Russian
    "Выберите число от 1 до 1.")."""
    chat_workspace.setenv("LANG", "ru_RU.UTF-8")
    result = CliRunner().invoke(cli, ["chat"], input="почему Актау важен для Баку?\n2\nexit\n",
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output[-2000:]
    after = result.output.split("\n> 2\n")[1]
    assert after.startswith("Введите 1, чтобы нажать кнопку.") and "от 1 до 1" not in result.output


def test_chat_reads_a_follow_up_with_the_previous_question_as_the_bot_does(chat_workspace: pytest.MonkeyPatch) -> None:
    """"And for Japan?" after a question is read with it, in one line saying so; `ask` with questions on stdin
    answers each line alone (a batch, not a conversation)."""
    chat_workspace.setenv("LANG", "en_US.UTF-8")
    session = "Why does Aktau matter for Baku?\nAnd for Japan?\nWho is Badamov?\nexit\n"
    out = CliRunner().invoke(cli, ["chat"], input=session, catch_exceptions=False).output
    replies = dict(part.split("\n", 1) for part in out.split("\n> ")[1:])
    said = TEXTS["en"]["read_with"].format(previous="Why does Aktau matter for Baku?")
    assert replies["And for Japan?"].startswith(said + "\n"), replies["And for Japan?"][:200]
    passage = replies["And for Japan?"].split("\n\n")[1].replace("**", "")
    assert any(p in passage for p in ("Японская логистика", "Участие Японии в этом уравнении", "Smart-Port")), passage
    assert "read with" not in replies["Why does Aktau matter for Baku?"] + replies["Who is Badamov?"]
    asked = CliRunner().invoke(cli, ["ask", "--json", "-k", "1"], input=session.replace("exit\n", ""),
                               catch_exceptions=False)
    assert [json.loads(line)["question"] for line in asked.stdout.splitlines()][1] == "And for Japan?"


def test_chat_a_topic_pressed_is_the_question_a_follow_up_goes_on_from(chat_workspace: pytest.MonkeyPatch) -> None:
    """A topic chosen from /topics is the previous question, as in the bot: "and why?" next is read with it."""
    chat_workspace.setenv("LANG", "en_US.UTF-8")
    out = CliRunner().invoke(cli, ["chat"], input="/topics\n1\nand why?\nexit\n", catch_exceptions=False).output
    follow = out.split("\n> and why?\n", 1)[1]
    assert follow.startswith(TEXTS["en"]["read_with"].split("«")[0] + "«"), follow[:200]


def test_bot_logs_never_carry_the_token() -> None:
    import logging

    from askbot.bot import RedactingFormatter

    token = "123456789:AAsecretKEY_for_the_test"
    record = logging.LogRecord("httpx", logging.INFO, __file__, 1,
                               "HTTP Request: POST http://127.0.0.1/bot%s/getMe", (token,), None)
    line = RedactingFormatter(token, "%(name)s: %(message)s").format(record)
    assert token not in line and "bot<token>/getMe" in line

    # an emulator's token may be a plain word, which the bot's own name can hold ("@tgfake_bot")
    record = logging.LogRecord("askbot.bot", logging.INFO, __file__, 1,
                               "connected to the Bot API as @tgfake_bot via /botfake/getMe (token fake)", None, None)
    line = RedactingFormatter("fake", "%(message)s").format(record)
    assert line == "connected to the Bot API as @tgfake_bot via /bot<token>/getMe (token <token>)"


def test_bot_with_unreachable_api_server(tmp_path: Path) -> None:
    result = run_askbot("bot", env={"TELEGRAM_BOT_TOKEN": "123:abc", "TELEGRAM_API_BASE_URL": "http://127.0.0.1:9/bot"},
                        cwd=tmp_path)
    assert_one_line_error(result, "Cannot reach the Telegram Bot API", "TELEGRAM_API_BASE_URL")


@pytest.mark.parametrize(("status", "said"), [(501, "Not Implemented (501)"), (200, "answered getMe with a web page")])
def test_bot_api_address_of_a_web_server(tmp_path: Path, status: int, said: str) -> None:
    """TELEGRAM_API_BASE_URL pointing at a web server, not a Bot API: python-telegram-bot logged the whole HTML
    page at ERROR, and the sentence after it quoted the page again."""
    import http.server
    import threading

    class WebPage(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<!DOCTYPE html>\n<html>\n<body>\n<h1>It works!</h1>\n</body>\n</html>\n" * 20)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), WebPage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/bot"
        result = run_askbot("bot", env={"TELEGRAM_BOT_TOKEN": "123:abc", "TELEGRAM_API_BASE_URL": url}, cwd=tmp_path)
    finally:
        server.shutdown()
    assert_one_line_error(result, said, "TELEGRAM_API_BASE_URL")
    assert len(result.stderr) < 400, result.stderr


def test_bot_api_server_failing_get_me_is_its_error_not_unreachable(tmp_path: Path) -> None:
    """getMe answered 502 in JSON again and again (asked again for a few seconds first): the server answered, so
    not "Cannot reach the Telegram Bot API"."""
    from fakebotapi import FakeBotAPI

    with FakeBotAPI() as api:
        api.fail_next("getMe", 502, "Bad Gateway", times=20)
        result = run_askbot("bot", env={"TELEGRAM_BOT_TOKEN": api.token, "TELEGRAM_API_BASE_URL": api.base_url},
                            cwd=tmp_path)
        assert len(api.records("getMe")) > 1
    assert_one_line_error(result, "answered with an error (Bad Gateway)", "TELEGRAM_API_BASE_URL")


def test_bot_api_server_refusing_get_me_is_a_refusal(tmp_path: Path) -> None:
    """getMe answered 403 at start: the server refused, it did not answer "not as Telegram does"."""
    from fakebotapi import FakeBotAPI

    with FakeBotAPI() as api:
        api.fail_next("getMe", 403, "Forbidden: this bot may not use this server", times=20)
        result = run_askbot("bot", env={"TELEGRAM_BOT_TOKEN": api.token, "TELEGRAM_API_BASE_URL": api.base_url},
                            cwd=tmp_path)
    assert_one_line_error(result, "refused to start the bot", "may not use this server", "TELEGRAM_BOT_TOKEN")
    assert "as Telegram does" not in result.stderr and api.token not in result.stderr


def test_more_user_mistakes_are_one_line(tmp_path: Path) -> None:
    env = {"ASKBOT_ARTICLES_DIR": str(ROOT / "articles"), "ASKBOT_INDEX_DIR": str(tmp_path / "index")}
    assert_one_line_error(run_askbot("ask", "   ", env=env, cwd=tmp_path), "question is empty")
    assert_one_line_error(run_askbot("index", "--articles", str(ROOT / "README.md"), env=env, cwd=tmp_path),
                          "is a file, not a folder")
    (tmp_path / "afile").write_text("")
    assert_one_line_error(run_askbot("index", "--index", "afile", env=env, cwd=tmp_path),
                          "--index afile is a file, not an index folder")
    (tmp_path / "bad.jsonl").write_text("not json\n")
    assert_one_line_error(run_askbot("eval", "bad.jsonl", env=env, cwd=tmp_path), "bad.jsonl:1")


def test_empty_articles_folder_says_what_to_do(tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    env = {"ASKBOT_ARTICLES_DIR": str(tmp_path / "articles"), "ASKBOT_INDEX_DIR": str(tmp_path / "index"),
           "HF_HUB_OFFLINE": "1"}
    result = run_askbot("ask", "why Aktau matters for Baku", env=env, cwd=tmp_path)
    assert result.returncode == 2 and "No articles are indexed" in result.stderr.splitlines()[-1]


def test_an_empty_index_suggests_commands_for_the_folders_given(tmp_path: Path) -> None:
    """`ask --articles A --index I` on an index of no articles said "(or `askbot add URL`)": done as said, the
    article went into ./articles and ./index, and the next `ask` found none again. `sources --index I` said to run
    `askbot index --articles A`, which updates ./index."""
    (tmp_path / "my articles").mkdir()
    folders = ["--articles", "my articles", "--index", "idx"]
    assert run_askbot("index", *folders, env={"HF_HUB_OFFLINE": "1"}, cwd=tmp_path).returncode == 0
    asked = run_askbot("ask", *folders, "why Aktau matters for Baku", env={"HF_HUB_OFFLINE": "1"}, cwd=tmp_path)
    assert_one_line_error(asked, "No articles are indexed", "`askbot add --articles 'my articles' --index idx URL`")
    listed = run_askbot("sources", "--index", "idx", env={"HF_HUB_OFFLINE": "1"}, cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    recorded = shlex.quote(str(tmp_path / "my articles"))  # the folder the index records, named in full
    assert f"`askbot add --articles {recorded} --index idx URL`" in listed.stdout, listed.stdout
    assert f"`askbot index --articles {recorded} --index idx`" in listed.stdout, listed.stdout
    # the defaults need no flags
    (tmp_path / "articles").mkdir()
    assert run_askbot("index", env={"HF_HUB_OFFLINE": "1"}, cwd=tmp_path).returncode == 0
    assert_one_line_error(run_askbot("ask", "why", env={"HF_HUB_OFFLINE": "1"}, cwd=tmp_path), "`askbot add URL`")


def indexed_copy(tmp_path: Path) -> dict[str, str]:
    """Copies of the articles and of the committed index, as the environment of an `askbot` process."""
    shutil.copytree(ROOT / "articles", tmp_path / "articles")
    shutil.copytree(ROOT / "index", tmp_path / "index", ignore=shutil.ignore_patterns(".lock", ".tmp-*"))
    return {"ASKBOT_ARTICLES_DIR": str(tmp_path / "articles"), "ASKBOT_INDEX_DIR": str(tmp_path / "index"),
            "HF_HUB_OFFLINE": "1"}


def index_state(index_dir: Path) -> tuple[str, list[str]]:
    return (index_dir / "CURRENT").read_text(), sorted(p.name for p in index_dir.iterdir())


@pytest.mark.parametrize(("command", "unreadable"), [("ask", "."), ("index", "sub"), ("index", "sub/deeper")])
def test_an_unreadable_articles_folder_leaves_the_index_alone(tmp_path: Path, command: str, unreadable: str) -> None:
    """Python's folder walk skips a folder it cannot list: the update saw no articles and emptied the index."""
    env = indexed_copy(tmp_path)
    articles = tmp_path / "articles"
    (articles / "sub" / "deeper").mkdir(parents=True)
    (articles / "sub" / "deeper" / "kept.txt").write_text((ROOT / "articles" / "000_30da5d738366707b.txt").read_text())
    if unreadable != ".":  # the nested article is indexed first, so losing it would show as "removed"
        assert run_askbot("index", env=env, cwd=tmp_path).returncode == 0
    before = index_state(tmp_path / "index")
    folder = articles / unreadable
    folder.chmod(0)
    try:
        args = ["ask", "why Aktau matters for Baku"] if command == "ask" else ["index"]
        result = run_askbot(*args, env=env, cwd=tmp_path, prefix=unprivileged())
    finally:
        folder.chmod(0o755)
    assert_one_line_error(result, f"{folder} cannot be read", "fix its permissions")
    assert index_state(tmp_path / "index") == before


def test_an_index_this_user_cannot_update_still_answers(tmp_path: Path) -> None:
    """The bot's user may only read the index its owner builds: a changed article is not worth no answer at all."""
    env = indexed_copy(tmp_path)
    (tmp_path / "articles" / "new.txt").write_text((ROOT / "eval" / "distractors" / next(
        p.name for p in (ROOT / "eval" / "distractors").iterdir() if p.suffix in {".txt", ".md"})).read_text(
        encoding="utf-8"), encoding="utf-8")
    before = index_state(tmp_path / "index")
    (tmp_path / "index").chmod(0o555)
    try:
        result = run_askbot("ask", "why Aktau matters for Baku", env=env, cwd=tmp_path, prefix=unprivileged())
    finally:
        (tmp_path / "index").chmod(0o755)
    assert result.returncode == 0, result.stderr
    assert "мультипликативный эффект" in result.stdout
    assert "cannot update the index" in result.stderr and "askbot index" in result.stderr
    assert "Traceback" not in result.stderr
    assert index_state(tmp_path / "index") == before


def test_remove_or_add_on_an_index_this_user_cannot_update_touches_nothing(tmp_path: Path) -> None:
    """`askbot remove` deleted the article's file, then failed on the index's lock ("Permission denied
    (index/.lock): check the folders given by --articles/--index"): the index kept answering from it."""
    env = indexed_copy(tmp_path)
    (tmp_path / "index").chmod(0o555)
    draft = tmp_path / "ferry.txt"
    draft.write_text("Паром\n" + "Паромная компания объявила о новом рейсе между Актау и Баку. " * 5, encoding="utf-8")
    try:
        removed = run_askbot("remove", "000_30da5d738366707b.txt", env=env, cwd=tmp_path, prefix=unprivileged())
        added = run_askbot("add", "ferry.txt", env=env, cwd=tmp_path, prefix=unprivileged())
    finally:
        (tmp_path / "index").chmod(0o755)
    assert_one_line_error(removed, "cannot update the index", "nothing was removed", "owner")
    assert_one_line_error(added, "cannot update the index", "nothing was added", "--no-index")
    assert sorted(p.name for p in (tmp_path / "articles").iterdir()) == ["000_30da5d738366707b.txt"]


def test_a_wrong_or_emptied_articles_folder_does_not_empty_the_index(tmp_path: Path) -> None:
    """`ask --articles WRONG` answered from the old index without a word, and `ask --articles EMPTY` emptied the
    index a bot answers from. A folder named on the command line must exist; an empty one (or a missing one
    from the settings: an index shipped alone) is answered from the index as built, with a warning."""
    env = indexed_copy(tmp_path)
    before = index_state(tmp_path / "index")
    wrong = run_askbot("ask", "--articles", str(tmp_path / "typo"), "why Aktau matters for Baku", env=env,
                       cwd=tmp_path)
    assert_one_line_error(wrong, f"{tmp_path / 'typo'} does not exist")
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "scan.txt").write_bytes(b"\x00\x01 a scan saved as text")  # skipped: say why
    emptied = run_askbot("ask", "--articles", str(tmp_path / "empty"), "why Aktau matters for Baku", env=env,
                         cwd=tmp_path)
    gone = run_askbot("ask", "why Aktau matters for Baku", env={**env, "ASKBOT_ARTICLES_DIR": str(tmp_path / "gone")},
                      cwd=tmp_path)
    for result, warning in ((emptied, "the articles folder"), (gone, "there is no articles folder")):
        assert result.returncode == 0 and "мультипликативный эффект" in result.stdout, result.stderr
        assert f"askbot: warning: {warning}" in result.stderr and "Traceback" not in result.stderr
    assert "skipped scan.txt: binary file" in emptied.stderr
    # a file in the folder's place is a mistake, said as `--articles FILE` says it, not "there is no articles folder"
    (tmp_path / "notes.txt").write_text("not a folder")
    a_file = run_askbot("ask", "why Aktau matters for Baku", cwd=tmp_path,
                        env={**env, "ASKBOT_ARTICLES_DIR": str(tmp_path / "notes.txt")})
    assert_one_line_error(a_file, "notes.txt is a file, not a folder")
    assert index_state(tmp_path / "index") == before


def test_a_file_to_add_that_cannot_be_read_is_named(tmp_path: Path) -> None:
    """`askbot add feed.xml` of a file this user may not read blamed the --articles/--index folders."""
    (tmp_path / "articles").mkdir()
    feed = tmp_path / "feed.xml"
    feed.write_text("<rss></rss>")
    feed.chmod(0)
    result = run_askbot("add", "feed.xml", cwd=tmp_path, prefix=unprivileged())
    assert_one_line_error(result, "feed.xml was not added: cannot be read (Permission denied)")
    assert "--articles" not in result.stderr


def test_sources_of_a_file_says_it_is_a_file(tmp_path: Path) -> None:
    """`askbot sources --index notes.txt` said to run `askbot index`, which then refused the file."""
    (tmp_path / "notes.txt").write_text("not an index")
    assert_one_line_error(run_askbot("sources", "--index", "notes.txt", cwd=tmp_path),
                          "notes.txt is a file, not an index folder", "--index")


@pytest.mark.parametrize("command", [["index"], ["ask", "x"], ["sources"], ["chat"]])
def test_an_index_folder_that_can_be_none_is_one_sentence(tmp_path: Path, command: list[str]) -> None:
    """`--index /dev/null` was "File exists (/dev/null): check the folders…", and an index inside an article file
    "Not a directory"; `sources` said to run `askbot index` there."""
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "note.txt").write_text("a note")
    for index, said in (("/dev/null", "/dev/null is a device or a pipe"),
                        ("articles/note.txt/index", "articles/note.txt/index is inside articles/note.txt, a file")):
        assert_one_line_error(run_askbot(*command, "--index", index, cwd=tmp_path), f"--index {said}")
        result = run_askbot(*command, env={"ASKBOT_INDEX_DIR": index}, cwd=tmp_path)
        assert_one_line_error(result, said.replace("articles/", f"{tmp_path}/articles/" if command == ["sources"]
                                                   else "articles/"))


def test_an_index_folder_of_the_users_own_is_one_sentence_and_left_as_it_is(tmp_path: Path) -> None:
    """`askbot index --index ~/Documents` (or the articles folder, or the folder holding it) wrote .lock, a
    generation and CURRENT among the user's files. Refused before any work, in one sentence, and nothing written."""
    shutil.copytree(ROOT / "articles", tmp_path / "articles")
    (tmp_path / "Documents").mkdir()
    (tmp_path / "Documents" / "letter.txt").write_text("Dear Sir,", encoding="utf-8")
    before = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    for folder, said in (("Documents", "(it already holds letter.txt)"), ("articles", "(it is the articles folder)"),
                         (".", "(the articles folder articles is inside it)")):
        for command in (["index"], ["index", "--rebuild"], ["ask", "why Aktau matters for Baku"]):
            result = run_askbot(*command, "--index", folder, env={"HF_HUB_OFFLINE": "1"}, cwd=tmp_path)
            assert_one_line_error(result, f"The folder {folder} is not an askbot index {said}, so nothing was "
                                  "written into it", "--index (or ASKBOT_INDEX_DIR)", "an empty or new one")
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == before


def test_sources_of_an_empty_index_says_so(tmp_path: Path) -> None:
    """It printed nothing at all."""
    (tmp_path / "articles").mkdir()
    env = {"ASKBOT_ARTICLES_DIR": str(tmp_path / "articles"), "ASKBOT_INDEX_DIR": str(tmp_path / "index"),
           "HF_HUB_OFFLINE": "1"}
    assert run_askbot("index", env=env, cwd=tmp_path).returncode == 0
    listed = run_askbot("sources", env=env, cwd=tmp_path)
    assert listed.returncode == 0 and listed.stdout.startswith("No articles are indexed in"), listed.stdout


def test_mistyped_and_odd_settings(tmp_path: Path) -> None:
    """A setting name with a typo changed nothing, silently; "~" was a folder named "~"."""
    from askbot.config import load_settings

    settings = load_settings({"ASKBOT_TOPK": "5", "HOME": str(tmp_path), "ASKBOT_CACHE_DIR": "~/models",
                              "ASKBOT_ARTICLES_DIR": "~/news"}, dotenv_path=None)
    assert settings.warnings == ("ASKBOT_TOPK is not an askbot setting and changes nothing: did you mean "
                                 "ASKBOT_TOP_K?",)
    assert settings.top_k == 3
    with pytest.raises(AskbotError, match="ASKBOT_OFFLINE must be"):
        load_settings({"ASKBOT_OFFLINE": "2"}, dotenv_path=None)
    result = run_askbot("sources", env={"ASKBOT_TOPK": "5", "ASKBOT_INDEX_DIR": str(ROOT / "index")}, cwd=tmp_path)
    assert result.returncode == 0 and "did you mean ASKBOT_TOP_K?" in result.stderr


def test_the_settings_say_whether_the_articles_folder_was_named(tmp_path: Path) -> None:
    """`ask`, `chat` and `bot` refresh an index built from another folder only from a folder named on purpose."""
    from askbot.config import load_settings

    assert not load_settings({}, dotenv_path=None).articles_dir_given
    assert not load_settings({}, dotenv_path=None).with_overrides(index_dir=Path("x")).articles_dir_given
    assert load_settings({}, dotenv_path=None).with_overrides(articles_dir=Path("x")).articles_dir_given  # --articles
    assert load_settings({"ASKBOT_ARTICLES_DIR": "news"}, dotenv_path=None).articles_dir_given
    (tmp_path / ".env").write_text("ASKBOT_ARTICLES_DIR=news\n", encoding="utf-8")
    assert load_settings({}, dotenv_path=tmp_path / ".env").articles_dir_given
    assert Settings(articles_dir=Path("news")).articles_dir_given  # a caller's own settings name it


def test_an_empty_variable_counts_as_unset(tmp_path: Path) -> None:
    """`export ASKBOT_INDEX_DIR=` hid the folder `.env` names: the index went to ./index instead."""
    from askbot.config import load_settings

    (tmp_path / ".env").write_text("ASKBOT_INDEX_DIR=news-index\nASKBOT_TOP_K=5\n", encoding="utf-8")
    settings = load_settings({"ASKBOT_INDEX_DIR": "", "ASKBOT_TOP_K": " ", "ASKBOT_ARTICLES_DIR": ""},
                             dotenv_path=tmp_path / ".env")
    assert (settings.index_dir, settings.top_k, settings.articles_dir) == (Path("news-index"), 5, Path("articles"))
    assert not settings.articles_dir_given
    assert load_settings({"ASKBOT_INDEX_DIR": "other"}, dotenv_path=tmp_path / ".env").index_dir == Path("other")


def test_folder_flags_expand_the_home_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`--index=~/x` reaches askbot unexpanded (the shell expands ~ only at a word's start): it was a folder named
    "~" here, while ASKBOT_INDEX_DIR=~/x is the home folder's."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for name in ("ASKBOT_ARTICLES_DIR", "ASKBOT_INDEX_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    note = tmp_path / "note.txt"
    note.write_text("Новый мост\n\n" + "Мост через реку откроют для машин в мае, сообщила мэрия города. " * 5,
                    encoding="utf-8")
    added = CliRunner().invoke(cli, ["add", "--no-index", "--articles=~/library", str(note)], catch_exceptions=False)
    assert added.exit_code == 0, added.output
    assert (tmp_path / "home" / "library" / "note.md").is_file() and not (tmp_path / "~").exists()
    listed = CliRunner().invoke(cli, ["sources", "--index=~/idx"], catch_exceptions=False)
    assert f"There is no index in {tmp_path / 'home' / 'idx'}:" in listed.stderr, listed.output


def test_the_home_folder_of_a_user_who_does_not_exist_is_said_so() -> None:
    """ASKBOT_INDEX_DIR=~nosuchuser/index (or ~bob, mistyped): it said "this user has no home folder"."""
    from askbot.config import load_settings

    with pytest.raises(AskbotError, match=r"'~nosuchuser/index' starts with ~ but there is no user 'nosuchuser' on "
                                          r"this machine: give a full path\."):
        load_settings({"ASKBOT_INDEX_DIR": "~nosuchuser/index"}, dotenv_path=None)


def test_no_home_folder_is_no_traceback(tmp_path: Path) -> None:
    """`docker run --user 4242`: a uid with no passwd entry and no HOME; the model cache goes to the temp folder."""
    from askbot.config import default_cache_dir

    assert default_cache_dir({"XDG_CACHE_HOME": "/x"}) == Path("/x/askbot")
    assert default_cache_dir({"HOME": "/home/ann"}) == Path("/home/ann/.cache/askbot")
    setpriv = shutil.which("setpriv")
    if os.geteuid() != 0 or setpriv is None:
        pytest.skip("needs root and setpriv to run as a uid without a passwd entry")
    env = {k: v for k, v in os.environ.items() if k not in {"HOME", "XDG_CACHE_HOME"}
           and not k.startswith(("TELEGRAM_", "ASKBOT_"))}
    env["ASKBOT_INDEX_DIR"] = str(ROOT / "index")
    with tempfile.TemporaryDirectory() as folder:  # pytest's own temporary folders are root's alone
        Path(folder).chmod(0o755)
        result = subprocess.run([setpriv, "--reuid=4242", "--regid=4242", "--clear-groups", *ASKBOT, "sources"],
                                capture_output=True, text=True, env=env, cwd=folder, timeout=120)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr


def test_dev_keeps_relative_file_arguments_where_you_are(tmp_path: Path) -> None:
    """`./dev` changes into the project; `./dev add note.txt` from elsewhere said the file did not exist."""
    note = tmp_path / "drafts" / "note.txt"
    note.parent.mkdir()
    note.write_text("Новый мост\n\n" + "Мост через реку откроют для машин в мае, сообщила мэрия города. " * 5,
                    encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ASKBOT_"))}
    env["ASKBOT_ARTICLES_DIR"] = str(tmp_path / "library")
    result = subprocess.run([str(ROOT / "dev"), "add", "--no-index", "drafts/note.txt"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and "added: Новый мост" in result.stdout, result.stderr
    assert (tmp_path / "library" / "note.md").is_file()


def test_the_terminal_and_locale_conventions() -> None:
    from askbot.cli import locale_language

    assert locale_language({"LC_ALL": "ru_RU.UTF-8", "LANG": "en_US.UTF-8"}) == "ru"
    assert locale_language({"LANGUAGE": "ru:en", "LANG": "en_US.UTF-8"}) == "ru"
    assert locale_language({"LANG": "C.UTF-8"}) == locale_language({}) == "en"


def test_settings_out_of_range_are_refused() -> None:
    from askbot.config import load_settings

    for name in ("ASKBOT_HUB_TIMEOUT", "ASKBOT_FETCH_TIMEOUT"):
        for value in ("nan", "inf", "-inf", "0", "-5", "1e9", "86401"):
            with pytest.raises(AskbotError, match=name):
                load_settings({name: value}, dotenv_path=None)
    with pytest.raises(AskbotError, match="ASKBOT_ADMIN_IDS must be"):  # a digit to isdigit(), a traceback to int()
        load_settings({"ASKBOT_ADMIN_IDS": "12,²"}, dotenv_path=None)
    for name, value in [("ASKBOT_WEBHOOK_PORT", "99999"), ("ASKBOT_WEBHOOK_PORT", "0"), ("ASKBOT_TOP_K", "21")]:
        with pytest.raises(AskbotError, match=f"{name} must be at"):
            load_settings({name: value}, dotenv_path=None)
    settings = load_settings({"ASKBOT_WEBHOOK_PORT": "65535", "ASKBOT_TOP_K": "20", "ASKBOT_HUB_TIMEOUT": "0.5"},
                             dotenv_path=None)
    assert (settings.webhook_port, settings.top_k, settings.hub_timeout) == (65535, 20, 0.5)


def test_a_setting_of_thousands_of_digits_is_one_short_sentence(tmp_path: Path) -> None:
    """ASKBOT_ADMIN_IDS of 5,000 digits was a ValueError traceback (int() refuses over 4,300 digits); ASKBOT_TOP_K's
    "must be a whole number" (which it was) quoted all 5,000; a 300-letter ASKBOT_MODEL "File name too long: check
    the folders given by --articles/--index"."""
    from askbot.config import load_settings

    digits = "9" * 5000
    for name, said in [("ASKBOT_ADMIN_IDS", "numeric Telegram user ids"), ("ASKBOT_TOP_K", "at most 20"),
                       ("ASKBOT_FETCH_MAX_BYTES", "at most"), ("ASKBOT_FETCH_TIMEOUT", "at most 86400 seconds")]:
        with pytest.raises(AskbotError, match=f"{name} must be") as error:
            load_settings({name: digits}, dotenv_path=None)
        assert said in str(error.value) and len(str(error.value)) < 200
    result = run_askbot("model", env={"ASKBOT_MODEL": "x" * 300}, cwd=tmp_path)
    assert_one_line_error(result, "ASKBOT_MODEL='xxx", "is no folder name this system takes (File name too long)")
    assert "--articles" not in result.stderr and len(result.stderr) < 300


@pytest.mark.parametrize("content", [bytes(range(256)), "ASKBOT_TOP_K=5 # café\n".encode("latin-1"),
                                     "ASKBOT_TOP_K=5\n".encode("utf-16")])
def test_a_dotenv_that_is_not_utf8_is_one_sentence(tmp_path: Path, content: bytes) -> None:
    (tmp_path / ".env").write_bytes(content)
    assert_one_line_error(run_askbot("ask", "--help", cwd=tmp_path), ".env is not UTF-8 text")


def test_a_bad_line_of_a_dotenv_is_a_warning_naming_it_and_the_rest_is_read(tmp_path: Path) -> None:
    """python-dotenv read a line without "=" as a setting of no value in silence, and said of an unclosed quote
    "WARNING dotenv.main: python-dotenv could not parse statement starting at line 1", naming no file."""
    from askbot.config import load_settings

    dotenv = tmp_path / ".env"
    dotenv.write_bytes(b"\xef\xbb\xbfASKBOT_OFFLINE=1\nTELEGRAM_BOT_TOKEN\n\nX=\"open\nASKBOT_TOP_K=5\n"
                       b"Y=\x01\x00\x02\nASKBOT_ADMIN_IDS=7\n")
    settings = load_settings({}, dotenv_path=dotenv)
    assert (settings.hub_offline, settings.top_k, settings.admin_ids) == (True, 5, frozenset({7}))
    assert [w.split(" ", 1)[0] for w in settings.warnings] == [f"{dotenv}:2", f"{dotenv}:4", f"{dotenv}:6"]
    assert "has no = after 'TELEGRAM_BOT_TOKEN'" in settings.warnings[0]
    result = run_askbot("sources", env={"ASKBOT_INDEX_DIR": str(ROOT / "index")}, cwd=tmp_path)
    assert result.returncode == 0 and "Traceback" not in result.stderr and "dotenv.main" not in result.stderr
    assert [line.split(" ", 3)[2] for line in result.stderr.splitlines()] == [".env:2", ".env:4", ".env:6"]


def test_a_huge_dotenv_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    """A 3 GB sparse `.env` was read whole into memory (2 MB shows it)."""
    from askbot.config import load_settings

    dotenv = tmp_path / ".env"
    with dotenv.open("wb") as file:
        file.truncate(2_000_000)
    with pytest.raises(AskbotError, match=r"\.env is over 1 MB, no settings file"):
        load_settings({}, dotenv_path=dotenv)


@pytest.mark.parametrize("kind", ["folder", "dangling link", "device"])
def test_a_dotenv_that_is_no_file_is_a_warning(tmp_path: Path, kind: str) -> None:
    """A `.env` folder (what `docker run -v ./.env:/app/.env` makes when the file is missing), a link to nowhere or
    to a device was passed over in silence: the bot then said "TELEGRAM_BOT_TOKEN is not set … put its token in
    .env" of the file the user had written. The environment's settings are still read."""
    from askbot.config import load_settings

    dotenv = tmp_path / ".env"
    if kind == "folder":
        dotenv.mkdir()
    else:
        dotenv.symlink_to(tmp_path / "gone" if kind == "dangling link" else "/dev/zero")
    settings = load_settings({"ASKBOT_TOP_K": "5"}, dotenv_path=dotenv)
    assert settings.top_k == 5
    assert len(settings.warnings) == 1 and f"{dotenv} is " in settings.warnings[0]
    assert "no setting was read from it" in settings.warnings[0]
    result = run_askbot("sources", env={"ASKBOT_INDEX_DIR": str(ROOT / "index")}, cwd=tmp_path)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert [line for line in result.stderr.splitlines() if "warning" in line] == [
        f"askbot: warning: {settings.warnings[0].replace(str(dotenv), '.env')}"]
    assert load_settings({}, dotenv_path=tmp_path / "none" / ".env").warnings == ()


def test_a_reader_that_stops_reading_ends_askbot_quietly(tmp_path: Path) -> None:
    """`askbot ask < questions | head -c 10`: the broken pipe is the reader's choice, not a folder problem."""
    process = subprocess.Popen([*ASKBOT, "ask"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env={**os.environ, **indexed_copy(tmp_path)}, cwd=tmp_path)
    assert process.stdin and process.stdout and process.stderr
    process.stdin.write(b"why Aktau matters for Baku\n")
    process.stdin.flush()
    assert process.stdout.read(10)
    process.stdout.close()  # as `head -c 10` does, while askbot still has answers to write
    process.stdin.write(b"what metals were discussed?\nwho is Tokayev?\n")
    process.stdin.close()
    assert process.wait(timeout=120) == 0
    err = process.stderr.read().decode()
    assert "Traceback" not in err and "askbot:" not in err and "BrokenPipe" not in err, err


def test_askbot_alone_prints_its_help(tmp_path: Path) -> None:
    """Not "askbot: Usage: …" with "`askbot --help` says what it takes." stuck on its last line."""
    result = run_askbot(cwd=tmp_path)
    assert result.stderr.startswith("Usage: askbot") and "askbot:" not in result.stderr
    assert "says what it takes" not in result.stderr and "Quick start" in result.stderr


@pytest.mark.parametrize(("args", "stdin", "said"), [
    (["ask", "--jsn", "x"], None, "No such option '--jsn'. Did you mean '--json'? `askbot ask --help`"),
    (["eval"], None, "Missing argument 'FILE': `askbot eval --help` says what it takes"),
    # a question that reads as an option: "No such option '-1'", and --help tells nothing of `--`
    (["ask", "-1 degrees in Aktau?"], None, "No such option '-1': a question that starts with a dash goes after --"),
    # a file named "-notes.txt": "No such option '-n'", and nothing said of `--`
    (["remove", "-notes.txt"], None, "No such option '-n': an article name that starts with a dash goes after --: "
                                     "askbot remove -- -notes.txt"),
    (["add", "-notes.txt"], None, "a file name that starts with a dash goes after --: askbot add -- -notes.txt"),
    (["add", "--no-idx", "x"], None, "(Did you mean one of: '--index', '--no-index'?) `askbot add --help`"),
    # an option before the command: "`askbot --help` says what it takes", which lists none; --json got "Did you
    # mean '--version'?"
    (["--index", "elsewhere", "ask", "q"], None, "No such option '--index': it is an option of `askbot ask`: put "
                                                 "it after the command, askbot ask --index …"),
    (["--json", "sources"], None, "No such option '--json': it is an option of `askbot sources`: put it after"),
    (["ask"], subprocess.DEVNULL, "No question on stdin"),  # printed nothing, exit 0
    (["ask"], "closed", "No question on stdin"),  # `askbot ask <&-`: a traceback on sys.stdin being None
    # `askbot ask 0>/dev/null`: "Bad file descriptor: check the folders given by --articles/--index"
    (["ask"], "write-only", "No question on stdin"),
])
def test_usage_mistakes_are_one_line(tmp_path: Path, args: list[str], stdin: object, said: str) -> None:
    env = {**os.environ, **indexed_copy(tmp_path)}
    if stdin in ("closed", "write-only"):
        redirect = "<&-" if stdin == "closed" else "0>/dev/null"
        result = subprocess.run(["bash", "-c", f'exec "$@" {redirect}', "-", *ASKBOT, *args], capture_output=True,
                                text=True, env=env, cwd=tmp_path, timeout=120)
    else:
        result = subprocess.run([*ASKBOT, *args], stdin=stdin, capture_output=True, text=True, env=env, cwd=tmp_path,
                                timeout=120)
    lines = [line for line in result.stderr.splitlines() if line.startswith("askbot:")]
    assert result.returncode == 2 and len(lines) == 1 and said in lines[0], result.stderr
    assert "Traceback" not in result.stderr and "Usage:" not in result.stderr


def test_a_standard_output_open_for_reading_only_is_one_sentence(tmp_path: Path) -> None:
    """`askbot sources 1</dev/null` (stdout opened the wrong way round) said "Bad file descriptor: check the folders
    given by --articles/--index", after the work was done; it is said first, as what it is. A stderr opened so is
    written to nowhere, as a closed one, and the command runs."""
    with open(os.devnull) as read_only:
        result = subprocess.run([*ASKBOT, "--version"], stdout=read_only, stderr=subprocess.PIPE, text=True,
                                cwd=tmp_path, timeout=120)
        assert result.returncode == 2, result.stderr
        assert result.stderr.splitlines() == ["askbot: the output cannot be written (standard output is open for "
                                              "reading only): send it to a file or a pipe that takes it."]
        result = subprocess.run([*ASKBOT, "--version"], stdout=subprocess.PIPE, stderr=read_only, text=True,
                                cwd=tmp_path, timeout=120)
        assert result.returncode == 0 and result.stdout.startswith("askbot, version"), result.stdout


def test_a_huge_value_in_a_usage_mistake_is_quoted_short(tmp_path: Path) -> None:
    """click quoted `-k` of 5,000 digits, or an eval FILE of 5,000 letters, whole."""
    for args in (["ask", "-k", "9" * 5000, "x"], ["eval", "x" * 5000]):
        result = run_askbot(*args, cwd=tmp_path)
        assert_one_line_error(result, "Invalid value for", "…'")
        assert len(result.stderr) < 300, result.stderr[:400]


@pytest.mark.parametrize(("settings", "said"), [
    ({"ASKBOT_WEBHOOK_URL": "hello world"}, "ASKBOT_WEBHOOK_URL must be the bot's public https:// address"),
    ({"ASKBOT_WEBHOOK_URL": "ftp://bot.example/hook"}, "ASKBOT_WEBHOOK_URL must be the bot's public https:// address"),
    ({"ASKBOT_WEBHOOK_URL": "https:///hook"}, "ASKBOT_WEBHOOK_URL must be the bot's public https:// address"),
    ({"ASKBOT_WEBHOOK_URL": "https://bot.example:99999/hook"}, "ASKBOT_WEBHOOK_URL must be the bot's public https://"),
    ({"ASKBOT_WEBHOOK_URL": "http://bot.example/hook"}, "ASKBOT_WEBHOOK_URL must start with https://"),
    ({"ASKBOT_WEBHOOK_URL": "https://bot.example/hook", "ASKBOT_WEBHOOK_SECRET": "my secret!"},
     "ASKBOT_WEBHOOK_SECRET must be 1-256 characters"),
    ({"ASKBOT_WEBHOOK_URL": "https://bot.example/hook", "ASKBOT_WEBHOOK_SECRET": "a" * 257},
     "ASKBOT_WEBHOOK_SECRET must be 1-256 characters"),
])
def test_a_webhook_telegram_would_refuse_is_one_sentence_before_starting(tmp_path: Path, settings: dict[str, str],
                                                                         said: str) -> None:
    """Such a URL or secret was sent to setWebhook as it was, after the model had loaded: an emulator took
    "hello world" or a secret with spaces and the bot served a webhook no update would ever reach."""
    env = {"TELEGRAM_BOT_TOKEN": "123456:AAFakeTokenForTestsOnly_abcdefghijk", **settings}
    result = run_askbot("bot", env=env, cwd=tmp_path)
    assert_one_line_error(result, said)
    assert "my secret" not in result.stderr


@pytest.mark.parametrize("value", ["off", "OFF", " Off "])
def test_webhook_secret_off_in_any_case_turns_the_check_off(value: str) -> None:
    from askbot.config import load_settings

    assert load_settings({"ASKBOT_WEBHOOK_SECRET": value}, dotenv_path=None).webhook_secret == "off"


@pytest.mark.parametrize(("value", "address"), [("[::1]", "::1"), ("::", "::"), ("127.0.0.1", "127.0.0.1")])
def test_webhook_listen_takes_an_ipv6_address_in_brackets(value: str, address: str) -> None:
    import socket

    from askbot.config import load_settings

    listen = load_settings({"ASKBOT_WEBHOOK_LISTEN": value}, dotenv_path=None).webhook_listen
    assert listen == address
    socket.getaddrinfo(listen, 8443)  # an address tornado can bind


def test_a_plain_http_webhook_is_fine_for_a_bot_api_server_of_ones_own() -> None:
    from askbot.config import check_webhook, load_settings

    check_webhook(load_settings({"ASKBOT_WEBHOOK_URL": "http://127.0.0.1:8080/hook", "ASKBOT_WEBHOOK_SECRET": "a-b_9",
                                 "TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081/bot"}, dotenv_path=None))


@pytest.mark.parametrize("problem", ["port in use", "bad address"])
def test_webhook_listen_problems_are_named(tmp_path: Path, problem: str) -> None:
    import socket

    from conftest import bot_process_env
    from fakebotapi import FakeBotAPI

    with socket.socket() as taken, FakeBotAPI() as api:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        listen = "127.0.0.1" if problem == "port in use" else "garbage host"
        api.set_method_handler("setWebhook", lambda params: True)
        env = bot_process_env(tmp_path, api.token, api.base_url, ASKBOT_WEBHOOK_URL="https://bot.example/hook",
                              ASKBOT_WEBHOOK_LISTEN=listen, ASKBOT_WEBHOOK_PORT=str(port))
        result = subprocess.run([*ASKBOT, "bot"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=180)
    assert result.returncode == 2, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    if problem == "port in use":
        assert last.startswith(f"askbot: port {port} is already in use") and "ASKBOT_WEBHOOK_PORT" in last, last
    else:
        assert last.startswith("askbot: ASKBOT_WEBHOOK_LISTEN='garbage host' is not an address"), last
    assert "--articles" not in last


@pytest.mark.parametrize("args", [["index", "--index", ""], ["ask", "--articles", " ", "x"], ["sources", "--index", ""],
                                  ["add", "--articles", "", "a.txt"]])
def test_an_empty_folder_flag_is_not_the_current_folder(tmp_path: Path, args: list[str]) -> None:
    result = run_askbot(*args, cwd=tmp_path)
    assert_one_line_error(result, "is empty: give a folder")
    assert sorted(tmp_path.iterdir()) == []  # no index written into the current folder


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full to write to")
@pytest.mark.parametrize("args", [["--help"], ["--version"]])
def test_help_to_a_full_disk_is_one_line_not_a_traceback(tmp_path: Path, args: list[str]) -> None:
    """`askbot --help > /dev/full`: written while the flags are read, before any command, it was a traceback."""
    with open("/dev/full", "w") as full:
        result = subprocess.run([*ASKBOT, *args], stdout=full, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
                                timeout=120)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.strip() == ("askbot: the output could not be written (No space left on device): send it to "
                                     "a file or a pipe that takes it.")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full to write to")
@pytest.mark.parametrize("args", [["eval", "no-such-file.jsonl"], ["ask", ""]])
def test_a_mistake_said_to_a_full_stderr_still_exits_2(tmp_path: Path, args: list[str]) -> None:
    """`askbot ask "" 2>/dev/full`: the sentence is lost, but not the exit code of a mistake (a traceback made it 1)."""
    with open("/dev/full", "w") as full:
        result = subprocess.run([*ASKBOT, *args], stdout=subprocess.DEVNULL, stderr=full, cwd=tmp_path, timeout=120)
    assert result.returncode == 2


@pytest.mark.parametrize(("args", "env"), [
    (["index", "--index", "loop"], {}),  # was "File exists (loop)", once the articles were read
    (["ask", "--index", "loop", "why?"], {}),  # was "damaged, rebuilding it", then "File exists"
    (["sources"], {"ASKBOT_INDEX_DIR": "loop"}),  # was "damaged: run `askbot index --rebuild`", which failed
    (["index", "--articles", "loop"], {}),  # was "does not exist: create it", which fails
])
def test_a_folder_that_is_a_link_in_a_loop_is_said_so(tmp_path: Path, args: list[str], env: dict[str, str]) -> None:
    (tmp_path / "loop").symlink_to("loop")
    result = run_askbot(*args, env={"ASKBOT_OFFLINE": "1", **env}, cwd=tmp_path)
    assert_one_line_error(result, "loop is a symbolic link that leads nowhere (a loop, or its target is gone)")


@pytest.mark.parametrize(("folder", "shown"), [
    ("my\nindex", "my\\nindex"),  # was two lines
    ("\x1b[31mindex", "\\x1b[31mindex"),  # coloured the terminal red
])
def test_a_mistake_quoting_a_path_is_one_line_that_sets_nothing_on_the_terminal(
        tmp_path: Path, folder: str, shown: str) -> None:
    result = run_askbot("sources", "--index", folder, env={"ASKBOT_OFFLINE": "1"}, cwd=tmp_path)
    assert_one_line_error(result, f"There is no index in {tmp_path}/{shown}: run `askbot index --index '{shown}'` "
                                  "first.")
    assert "\x1b" not in result.stderr


def test_the_commands_a_mistake_advises_name_the_index_it_was_given(tmp_path: Path) -> None:
    """`askbot sources --index X` without an index advised `askbot index`, and `askbot remove --index X` of an unknown
    article `askbot sources`: both work on ./index, not on X."""
    (tmp_path / "mine").mkdir()
    result = run_askbot("sources", "--index", "built", env={"ASKBOT_OFFLINE": "1"}, cwd=tmp_path)
    assert_one_line_error(result, "run `askbot index --index built` first.")
    result = run_askbot("remove", "--articles", "mine", "--index", "built", "nothing", env={"ASKBOT_OFFLINE": "1"},
                        cwd=tmp_path)
    assert_one_line_error(result, "No article 'nothing' in mine: `askbot sources --index built` lists them.")
    result = run_askbot("remove", "--articles", "mine", "nothing", env={"ASKBOT_OFFLINE": "1"}, cwd=tmp_path)
    assert_one_line_error(result, "No article 'nothing' in mine: `askbot sources` lists them.")


def test_a_path_too_long_to_read_is_quoted_by_its_start_and_end(tmp_path: Path) -> None:
    """`--index "$(…)"` of 100 KB: the sentence quoted it whole (twice, with the rebuild it advised)."""
    folder = "deep/" * 200 + "index"  # 1,005 characters
    result = run_askbot("sources", "--index", folder, env={"ASKBOT_OFFLINE": "1"}, cwd=tmp_path)
    assert_one_line_error(result, "There is no index in ", "/deep/deep/", "…", "deep/index: run `askbot index --index",
                          "deep/index` first.")
    assert len(result.stderr) < 500, result.stderr  # both quotes of it shortened


@pytest.mark.parametrize("args", [["sources", "--index", "x" * 300], ["index", "--index", "x" * 300]])
def test_an_index_folder_name_too_long_for_the_system_is_said_so(tmp_path: Path, args: list[str]) -> None:
    """`sources` called it a damaged index and advised a rebuild, which failed on the name as well."""
    result = run_askbot(*args, env={"ASKBOT_OFFLINE": "1"}, cwd=tmp_path)
    assert_one_line_error(result, "is a name too long for this system, not an index folder")
    assert "rebuild" not in result.stderr


def test_an_articles_folder_that_is_a_device_is_said_so(tmp_path: Path) -> None:
    """`--articles /dev/null` was called "a file"."""
    result = run_askbot("index", "--articles", os.devnull, env={"ASKBOT_OFFLINE": "1"}, cwd=tmp_path)
    assert_one_line_error(result, f"The articles folder {os.devnull} is a device or a pipe, not a folder: point "
                                  "--articles / ASKBOT_ARTICLES_DIR at yours")  # not "create it", which cannot be done
    (tmp_path / "notes.md").write_text("x")
    result = run_askbot("index", "--articles", "notes.md", env={"ASKBOT_OFFLINE": "1"}, cwd=tmp_path)
    assert_one_line_error(result, "notes.md is a file, not a folder: point --articles / ASKBOT_ARTICLES_DIR at yours")
    result = run_askbot("index", "--articles", "nowhere", env={"ASKBOT_OFFLINE": "1"}, cwd=tmp_path)
    assert_one_line_error(result, "nowhere does not exist: create it and put .txt, .md or .html articles in it, or "
                                  "point --articles / ASKBOT_ARTICLES_DIR at yours")


def test_an_option_missing_its_value_points_at_its_commands_help(tmp_path: Path) -> None:
    """`askbot ask -k`: "`askbot --help` says what it takes", which does not list -k."""
    result = run_askbot("ask", "-k", env={"ASKBOT_OFFLINE": "1"}, cwd=tmp_path)
    assert_one_line_error(result, "Option '-k' requires an argument: `askbot ask --help` says what it takes.")


def test_a_message_on_stderr_shows_question_marks_for_what_the_console_cannot_show(tmp_path: Path) -> None:
    """README: a console that cannot show every character shows "?" for those. stdout did; a message on stderr
    (Python's backslashreplace there) showed "No such option '--\\u043a\\u043b…'" instead."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ASKBOT_"))}
    env["PYTHONIOENCODING"] = "latin-1"
    result = subprocess.run([*ASKBOT, "ask", "--ключ", "x"], capture_output=True, env=env, cwd=tmp_path, timeout=120)
    err = result.stderr.decode("latin-1")
    assert result.returncode == 2 and "Traceback" not in err, err
    assert "--????" in err and "\\u" not in err, err


@pytest.mark.parametrize(("args", "stdin"), [
    (["ask", "почему «Актау» важен для Баку?"], b""),
    (["chat"], "почему «Актау» важен для Баку?\n".encode()),
    (["eval", "questions.jsonl", "--show-misses"], b""),
], ids=["ask", "chat", "eval"])
def test_a_console_that_cannot_show_russian_gets_question_marks(tmp_path: Path, args: list[str],
                                                                stdin: bytes) -> None:
    """A cp1252 console (Windows) stopped `ask`, `chat` and `eval` with a UnicodeEncodeError traceback at the first
    Russian passage; what it cannot show is now "?", and the rest is printed."""
    (tmp_path / "questions.jsonl").write_text(json.dumps(
        {"question": "Почему «Актау» важен для Баку?", "expected": ["нет такой фразы"], "lang": "ru"},
        ensure_ascii=False) + "\n", encoding="utf-8")
    env = {**os.environ, **indexed_copy(tmp_path), "PYTHONIOENCODING": "cp1252"}
    result = subprocess.run([*ASKBOT, *args], input=stdin, capture_output=True, env=env, cwd=tmp_path, timeout=120)
    err = result.stderr.decode("cp1252", "replace")
    assert result.returncode == 0 and "Traceback" not in err, err
    out = result.stdout.decode("cp1252")
    assert "?????" in out and ("365info.kz" in out or "rank=" in out), out
