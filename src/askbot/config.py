"""Configuration, read once from the environment and an optional `.env`, then passed down."""

from __future__ import annotations

import difflib
import io
import math
import os
import re
import shlex
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from dotenv import dotenv_values
from dotenv.parser import parse_stream

from askbot.errors import AskbotError
from askbot.question import echoed

DEFAULT_MODEL = "intfloat/multilingual-e5-small"
# Tokens @BotFather issues look like "123456789:AA...": a numeric bot id, a colon, a 35-character url-safe key.
# Checked only against api.telegram.org: local Bot API servers and emulators hand out other shapes.
TOKEN_PATTERN = re.compile(r"[0-9]+:[A-Za-z0-9_-]{35}")  # fullmatch; ASCII digits only (not "１２３")
DEFAULT_API_HOST = "api.telegram.org"
# An emulator (TELEGRAM_API_BASE_URL) may take any token ("fake", "test-token"): one that fits in a URL path
EMULATOR_TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_.:~-]+")  # fullmatch
MAX_TOP_K = 20  # passages per question, for ASKBOT_TOP_K and `ask -k` alike
MAX_PORT = 65535
_DOTENV_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f]")  # but tab and the line's end
MAX_SETTING_INT = 10**18  # past any count of bytes a setting may name
MAX_DOTENV_BYTES = 1_000_000  # a settings file is a few lines; a bigger one is something else, maybe endless
MAX_SECONDS = 86_400  # a timeout over a day is a typo (ms for s, an extra zero), and waits as if hung


def default_cache_dir(env: Mapping[str, str]) -> Path:
    """Per-user cache folder (XDG), where built models live. A user with no home (a container run as a bare
    uid, `docker --user 4242`) gets one in the temporary folder rather than a traceback."""
    if xdg := env.get("XDG_CACHE_HOME"):
        return Path(xdg) / "askbot"
    if home := env.get("HOME"):
        return Path(home) / ".cache" / "askbot"
    try:
        return Path.home() / ".cache" / "askbot"
    except (RuntimeError, KeyError):
        return Path(tempfile.gettempdir()) / f"askbot-cache-{os.getuid()}"


def folder_path(value: str) -> Path:
    """A folder setting (or --articles/--index); `~/askbot-cache` means the home folder's, not a folder "~" here."""
    try:
        return Path(value).expanduser()
    except RuntimeError:  # no home to expand to: this user's (`~/x`), or another user's (`~bob/x`), who may not exist
        user = value[1:].split("/", 1)[0]
        whose = f"there is no user {user!r} on this machine" if user else "this user has no home folder"
        raise AskbotError(f"{_shown(value)} starts with ~ but {whose}: give a full path.") from None


# Every setting askbot reads: an ASKBOT_ name not among them is a typo, and would silently change nothing.
KNOWN_SETTINGS = (
    "ASKBOT_ARTICLES_DIR", "ASKBOT_INDEX_DIR", "ASKBOT_MODEL", "ASKBOT_CACHE_DIR", "ASKBOT_HUB_TIMEOUT",
    "ASKBOT_OFFLINE", "ASKBOT_TOP_K", "ASKBOT_ADMIN_IDS", "ASKBOT_WEBHOOK_URL", "ASKBOT_WEBHOOK_SECRET",
    "ASKBOT_WEBHOOK_LISTEN", "ASKBOT_WEBHOOK_PORT", "ASKBOT_FETCH_TIMEOUT", "ASKBOT_FETCH_MAX_BYTES",
)


@dataclass(frozen=True)
class Settings:
    """Everything askbot can be told; built by `load_settings`, never read from deep inside."""

    articles_dir: Path = Path("articles")
    # False only when `load_settings` fell back to the default folder (no ASKBOT_ARTICLES_DIR, no --articles):
    # `ask`, `chat` and `bot` then leave an index built from another folder as it is.
    articles_dir_given: bool = True
    index_dir: Path = Path("index")
    model: str = DEFAULT_MODEL
    cache_dir: Path = field(default_factory=lambda: default_cache_dir(os.environ))
    hub_timeout: float = 3.0
    hub_offline: bool = False
    top_k: int = 3
    telegram_token: str | None = None
    telegram_api_base_url: str | None = None
    admin_ids: frozenset[int] = frozenset()
    webhook_url: str | None = None
    webhook_secret: str | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    fetch_timeout: float = 15.0
    fetch_max_bytes: int = 5 * 1024 * 1024
    warnings: tuple[str, ...] = ()  # settings that look mistyped: the CLI prints them, nothing else reads them

    def with_overrides(self, **changes: object) -> Settings:
        """A copy with the non-None values of `changes` applied (for CLI flags); an articles folder named so is
        one given on purpose."""
        given = {k: v for k, v in changes.items() if v is not None}
        if "articles_dir" in given:
            given.setdefault("articles_dir_given", True)
        return replace(self, **given)

    def require_token(self) -> str:
        """The bot token, or one clear sentence about what to set."""
        token = self.telegram_token
        if not token:
            raise AskbotError(
                "TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and put its token "
                "in the environment or in .env (see .env.example)."
            )
        custom = bool(self.telegram_api_base_url) and (
            urlsplit(self.telegram_api_base_url.strip()).hostname or "").lower() != DEFAULT_API_HOST
        shape = EMULATOR_TOKEN_PATTERN if custom else TOKEN_PATTERN
        if not shape.fullmatch(token):
            raise AskbotError(
                "TELEGRAM_BOT_TOKEN does not look like a bot token (expected digits, a colon and "
                "a 35-character key, e.g. 123456789:AA...): copy it again from @BotFather and set it "
                "in the environment or in .env."
            )
        return token


def flag_for(name: str, folder: str | Path | None, default: str) -> str:
    """The flag (" --name FOLDER", shell-quoted) of a command a message advises; "" for no folder or the default."""
    if folder is None or Path(folder) == Path(default):
        return ""
    return f" --{name} {shlex.quote(str(folder))}"


WEBHOOK_SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,256}")  # fullmatch; what setWebhook's secret_token takes


def check_webhook(settings: Settings) -> None:
    """ASKBOT_WEBHOOK_URL and ASKBOT_WEBHOOK_SECRET as the Bot API will take them, or one sentence, before the slow
    model load: the server took "hello world" or a secret with spaces (an emulator), or refused them only after it."""
    url = settings.webhook_url
    if not url:
        return
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is no number or over 65535
    except ValueError:
        parts = None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname or any(
            ch.isspace() for ch in url):
        raise AskbotError(f"ASKBOT_WEBHOOK_URL must be the bot's public https:// address, e.g. "
                          f"https://bot.example.com/askbot, got {_shown(url)}.")
    if parts.scheme.lower() != "https" and not settings.telegram_api_base_url:
        raise AskbotError(f"ASKBOT_WEBHOOK_URL must start with https:// (Telegram sends updates over HTTPS only), "
                          f"got {_shown(url)}.")
    secret = settings.webhook_secret
    if secret is not None and secret != "off" and not WEBHOOK_SECRET_PATTERN.fullmatch(secret):
        raise AskbotError("ASKBOT_WEBHOOK_SECRET must be 1-256 characters, only letters, digits, _ and - (or off), "
                          f"as Telegram takes it; got {len(secret)} characters.")


def _shown(value: str) -> str:
    """A setting's value as a sentence quotes it: at most 60 characters (one of 5,000 digits filled the screen)."""
    return repr(echoed(value, 60))


def _parse_int(name: str, value: str, minimum: int = 0, maximum: int | None = None) -> int:
    if re.fullmatch(r"[0-9]{19,}", value.strip()):  # int() refuses over 4,300 digits; no setting is this big
        raise AskbotError(f"{name} must be at most {maximum or MAX_SETTING_INT}, got {_shown(value.strip())}.")
    try:
        number = int(value.strip())
    except ValueError:
        raise AskbotError(f"{name} must be a whole number, got {_shown(value)}.") from None
    if number < minimum:
        raise AskbotError(f"{name} must be at least {minimum}, got {number}.")
    if maximum is not None and number > maximum:
        raise AskbotError(f"{name} must be at most {maximum}, got {number}.")
    return number


def _parse_float(name: str, value: str) -> float:
    """A positive, finite number of seconds, at most a day: "nan" and "inf" parse as floats but fail later, far
    from the setting."""
    try:
        number = float(value.strip())
    except ValueError:
        raise AskbotError(f"{name} must be a number, got {_shown(value)}.") from None
    if math.isnan(number) or number <= 0:
        raise AskbotError(f"{name} must be a positive number of seconds, got {_shown(value.strip())}.")
    if number > MAX_SECONDS:
        raise AskbotError(f"{name} must be at most {MAX_SECONDS} seconds (a day), got {_shown(value.strip())}.")
    return number


def _read_dotenv(path: Path) -> tuple[dict[str, str], tuple[str, ...]]:
    """The `.env` file's settings, and a warning for each line that is none (the rest are still read); one
    sentence naming the file when it cannot be read as UTF-8 text."""
    try:
        with path.open("rb") as file:
            data = file.read(MAX_DOTENV_BYTES + 1)
        if len(data) > MAX_DOTENV_BYTES:
            raise AskbotError(f"The settings file {path} is over {MAX_DOTENV_BYTES // 1_000_000} MB, no settings file: "
                              "keep NAME=value lines in it (or remove it).")
        text = data.decode("utf-8-sig")  # a byte-order mark, as Windows editors write, is no name
    except UnicodeDecodeError:
        raise AskbotError(f"The settings file {path} is not UTF-8 text: save it as UTF-8 (or remove it).") from None
    except OSError as exc:
        raise AskbotError(f"The settings file {path} cannot be read ({exc.strerror or exc}): fix its permissions "
                          "or remove it.") from None
    kept, warnings = [], []
    for binding in parse_stream(io.StringIO(text)):
        original = binding.original.string
        line = binding.original.line + len(original) - len(original.lstrip("\n"))  # past blank lines before it
        if problem := _dotenv_problem(binding.key, binding.value, original, binding.error):
            warnings.append(f"{path}:{line} {problem}, so it was ignored: write NAME=value")
        else:
            kept.append(original)
    values = dotenv_values(stream=io.StringIO("".join(kept)))  # python-dotenv's own reading of the good lines
    return {k: v for k, v in values.items() if v is not None}, tuple(warnings)


def _unread_dotenv(path: Path) -> str | None:
    """Why a `.env` that is there is no file to read settings from; None when there is none. It was passed over in
    silence, and "TELEGRAM_BOT_TOKEN is not set … put its token in .env" then sent the user to the file they had
    written: `docker run -v ./.env:/app/.env` with no `.env` beside it makes a folder of that name."""
    try:
        if path.is_dir():
            what = "is a folder, not a file (a Docker bind mount of a file that was missing makes one)"
        elif path.is_symlink() and not path.exists():
            what = "is a symbolic link that leads nowhere (a loop, or its target is gone)"
        elif path.exists():
            what = "is not a plain file (a pipe or a device)"
        else:
            return None
    except OSError as exc:
        what = f"cannot be read ({exc.strerror or exc})"
    return f"the settings file {path} {what}, so no setting was read from it: make it a file of NAME=value lines"


def _dotenv_problem(key: str | None, value: str | None, original: str, error: bool) -> str | None:
    """Why a statement of `.env` is no setting; python-dotenv skipped some with a warning naming neither the file
    nor what was wrong, and read a line without "=" as a setting of no value in silence."""
    if error:
        return "is not a setting (an unclosed quote, or no name before the =)"
    if key is not None and value is None:
        return f"has no = after {_shown_name(key)}"
    if _DOTENV_CONTROLS.search(original.rstrip("\r\n")):
        return "holds control characters (binary data)"
    return None


def _shown_name(text: str) -> str:
    """A name from `.env` as a warning shows it: printable, at most 40 characters."""
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return repr(echoed(text, 40))


def _parse_admin_ids(value: str) -> frozenset[int]:
    ids = set()
    for part in value.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        # not isdigit: "²" is a digit int() cannot read; an id is 64 bits, and int() refuses over 4,300 digits
        if not re.fullmatch(r"-?[0-9]{1,19}", part):
            raise AskbotError(
                f"ASKBOT_ADMIN_IDS must be comma-separated numeric Telegram user ids, got {_shown(part)}."
            )
        ids.add(int(part))
    return frozenset(ids)


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def _parse_bool(name: str, value: str) -> bool:
    word = value.strip().lower()
    if word not in {"1", "true", "yes", "on", "0", "false", "no", "off"}:
        raise AskbotError(f"{name} must be 1/true/yes/on or 0/false/no/off, got {_shown(value)}.")
    return _truthy(word)


def _unknown_settings(names: list[str]) -> tuple[str, ...]:
    """One warning per ASKBOT_ name askbot does not read, with the setting it probably meant."""
    warnings = []
    for name in sorted(n for n in names if n.startswith("ASKBOT_") and n not in KNOWN_SETTINGS):
        close = difflib.get_close_matches(name, KNOWN_SETTINGS, n=1, cutoff=0.7)
        hint = f": did you mean {close[0]}?" if close else " (see .env.example)"
        warnings.append(f"{name} is not an askbot setting and changes nothing{hint}")
    return tuple(warnings)


def load_settings(env: Mapping[str, str] | None = None, dotenv_path: Path | None = Path(".env")) -> Settings:
    """Settings from `.env` (if present) overlaid by the real environment, which wins (unless set empty)."""
    merged: dict[str, str] = {}
    dotenv_warnings: tuple[str, ...] = ()
    values: dict[str, str] = {}
    if dotenv_path is not None and dotenv_path.is_file():
        values, dotenv_warnings = _read_dotenv(dotenv_path)
        merged.update(values)
    elif dotenv_path is not None and (problem := _unread_dotenv(dotenv_path)):
        dotenv_warnings = (problem,)
    # an empty variable (`export ASKBOT_INDEX_DIR=`) counts as unset: it does not hide the value `.env` gives
    merged.update((k, v) for k, v in (os.environ if env is None else env).items() if v.strip() or k not in merged)

    def get(name: str) -> str | None:
        value = merged.get(name)
        return value.strip() if value and value.strip() else None

    def parsed(name: str, parse: Callable[[str], object]) -> object | None:
        """The setting as `parse` reads it, None when unset; a bad value is said where the user fixes it: in the
        `.env` file when that is where it came from, not the environment."""
        if (value := get(name)) is None:
            return None
        try:
            return parse(value)
        except AskbotError as exc:
            if dotenv_path is not None and name in values and merged.get(name) == values[name]:
                raise AskbotError(f"{str(exc).rstrip('.')} (in {dotenv_path}).") from None
            raise

    cache_dir = parsed("ASKBOT_CACHE_DIR", folder_path) or default_cache_dir(merged)
    settings = Settings(cache_dir=cache_dir, warnings=dotenv_warnings + _unknown_settings(list(merged)),
                        articles_dir_given=False)
    changes = {field_name: parsed(name, parse) for name, field_name, parse in _SETTINGS_READ}
    changes["hub_offline"] = _truthy(get("HF_HUB_OFFLINE")) or bool(parsed("ASKBOT_OFFLINE", _parse_offline))
    changes["telegram_token"] = get("TELEGRAM_BOT_TOKEN")
    changes["telegram_api_base_url"] = get("TELEGRAM_API_BASE_URL")
    return settings.with_overrides(**changes)


def _parse_offline(value: str) -> bool:
    return _parse_bool("ASKBOT_OFFLINE", value)


def _webhook_secret(value: str) -> str:
    """"OFF" or "Off" is "off" too: as a secret of its own, no emulator sent it and every update got 403."""
    return "off" if value.lower() == "off" else value


def _listen_address(value: str) -> str:
    """"[::1]", as a URL writes an IPv6 address, was no address to listen on."""
    return re.sub(r"^\[(.*)\]$", r"\1", value)


# Each setting with a value to check: its variable, the Settings field it fills, and how its text is read (an
# AskbotError naming the variable for a bad one).
_SETTINGS_READ: tuple[tuple[str, str, Callable[[str], object]], ...] = (
    ("ASKBOT_ARTICLES_DIR", "articles_dir", folder_path),
    ("ASKBOT_INDEX_DIR", "index_dir", folder_path),
    ("ASKBOT_MODEL", "model", str),
    ("ASKBOT_HUB_TIMEOUT", "hub_timeout", lambda v: _parse_float("ASKBOT_HUB_TIMEOUT", v)),
    ("ASKBOT_TOP_K", "top_k", lambda v: _parse_int("ASKBOT_TOP_K", v, 1, MAX_TOP_K)),
    ("ASKBOT_ADMIN_IDS", "admin_ids", _parse_admin_ids),
    ("ASKBOT_WEBHOOK_URL", "webhook_url", str),
    ("ASKBOT_WEBHOOK_SECRET", "webhook_secret", _webhook_secret),
    ("ASKBOT_WEBHOOK_LISTEN", "webhook_listen", _listen_address),
    ("ASKBOT_WEBHOOK_PORT", "webhook_port", lambda v: _parse_int("ASKBOT_WEBHOOK_PORT", v, 1, MAX_PORT)),
    ("ASKBOT_FETCH_TIMEOUT", "fetch_timeout", lambda v: _parse_float("ASKBOT_FETCH_TIMEOUT", v)),
    ("ASKBOT_FETCH_MAX_BYTES", "fetch_max_bytes", lambda v: _parse_int("ASKBOT_FETCH_MAX_BYTES", v, 1)),
)
