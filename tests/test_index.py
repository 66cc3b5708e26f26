"""The spine: articles folder -> index on disk -> answers, with the real model (no mocks)."""

from __future__ import annotations

import faulthandler
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import faiss
import numpy as np
import pytest
from click.testing import CliRunner

from askbot import embeddings
from askbot.articles import Skipped, load_articles
from askbot.chunking import chunk_article
from askbot.cli import cli
from askbot.config import Settings
from askbot.engine import Engine, RankingParams
from askbot.errors import AskbotError
from askbot.index import (
    FORMAT_VERSION,
    ArticleRecord,
    build_index,
    current_generation,
    load_index,
    newest_first,
    refuse_to_empty,
)

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "articles" / "000_30da5d738366707b.txt"
AKTAU_EFFECT = "мультипликативный эффект для Азербайджана"

NEW_ARTICLE = """Harbour cats of Valletta get a new shelter
The city council of Valletta opened a shelter for the harbour cats on Monday, after years of complaints from fishermen.
The shelter stands next to the old customs house and has room for sixty cats, a small clinic and a feeding station.
Volunteers from the Malta Cat Society will run it; the council pays for food and for two part-time veterinarians.
Fishermen say the cats keep rats away from the boats, so they welcomed the plan rather than opposing it.
"""

CHANGED_ARTICLE = NEW_ARTICLE.replace("sixty cats", "one hundred and twenty cats").replace(
    "on Monday", "on Friday"
)


@pytest.fixture(scope="module")
def embedder():
    return embeddings.load_embedder(Settings())


@pytest.fixture
def workspace(tmp_path: Path) -> Settings:
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(SEED, articles / SEED.name)
    return Settings(articles_dir=articles, index_dir=tmp_path / "index")


@pytest.fixture
def run_cli(monkeypatch: pytest.MonkeyPatch, embedder, workspace: Settings):
    """`askbot ...` in-process with the already loaded real model (loading it per command costs seconds)."""
    monkeypatch.setattr(embeddings, "load_embedder", lambda settings, show_progress=False: embedder)
    monkeypatch.setenv("ASKBOT_ARTICLES_DIR", str(workspace.articles_dir))
    monkeypatch.setenv("ASKBOT_INDEX_DIR", str(workspace.index_dir))

    def run(*args: str, input: str | None = None):
        result = CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
        return result

    return run


def index_json(run_cli) -> dict:
    result = run_cli("index", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_seed_article_reads_with_title_and_source() -> None:
    articles, skipped = load_articles(SEED.parent)
    seed = next(a for a in articles if a.id == SEED.name)
    assert seed.title.startswith("Почему Япония сделала ставку на Токаева")
    assert seed.source == "365info.kz"
    assert not any("появились сначала" in p for p in seed.paragraphs)
    assert skipped == []


def test_why_aktau_matters_for_baku(run_cli) -> None:
    result = run_cli("ask", "--json", "why Aktau matters for Baku")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["question"] == "why Aktau matters for Baku"
    texts = [a["text"] for a in answer["answers"]]
    assert len(texts) == 3
    assert any(AKTAU_EFFECT in text for text in texts), texts
    first = answer["answers"][0]
    assert set(first) >= {"text", "score", "article", "title", "source", "paragraph"}
    assert first["article"] == SEED.name and first["source"] == "365info.kz"


def test_add_change_remove_follow_in_summary_and_answers(run_cli, workspace: Settings) -> None:
    first = index_json(run_cli)
    first_chunks = first["chunks"]
    assert first == {"added": 1, "updated": 0, "removed": 0, "unchanged": 0, "chunks": first_chunks, "skipped": []}
    assert index_json(run_cli) == {"added": 0, "updated": 0, "removed": 0, "unchanged": 1,
                                   "chunks": first_chunks, "skipped": []}

    (workspace.articles_dir / "cats.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    summary = index_json(run_cli)
    assert (summary["added"], summary["updated"], summary["removed"], summary["unchanged"]) == (1, 0, 0, 1)
    assert summary["chunks"] > first_chunks
    answer = json.loads(run_cli("ask", "--json", "How many cats fit in the Valletta shelter?").stdout)
    assert any("sixty cats" in a["text"] for a in answer["answers"])

    (workspace.articles_dir / "cats.txt").write_text(CHANGED_ARTICLE, encoding="utf-8")
    summary = index_json(run_cli)
    assert (summary["added"], summary["updated"], summary["removed"], summary["unchanged"]) == (0, 1, 0, 1)
    answer = json.loads(run_cli("ask", "--json", "How many cats fit in the Valletta shelter?").stdout)
    assert any("one hundred and twenty cats" in a["text"] for a in answer["answers"])
    assert not any("sixty cats" in a["text"] for a in answer["answers"])

    (workspace.articles_dir / "cats.txt").unlink()
    summary = index_json(run_cli)
    assert (summary["added"], summary["updated"], summary["removed"], summary["unchanged"]) == (0, 0, 1, 1)
    assert summary["chunks"] == first_chunks
    answer = json.loads(run_cli("ask", "--json", "How many cats fit in the Valletta shelter?").stdout)
    assert not any("cats" in a["text"] for a in answer["answers"])


def test_incremental_update_embeds_only_new_text(embedder, workspace: Settings) -> None:
    articles, _ = load_articles(workspace.articles_dir)
    first = build_index(workspace.index_dir, articles, embedder)
    assert first.embedded == len({c.embed_text for a in articles for c in chunk_article(a)}) > 0
    (workspace.articles_dir / "cats.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    articles, _ = load_articles(workspace.articles_dir)
    second = build_index(workspace.index_dir, articles, embedder)
    assert second.added == 1 and second.unchanged == 1
    seed_texts = {c.embed_text for a in articles if a.id != "cats.txt" for c in chunk_article(a)}
    new_texts = {c.embed_text for a in articles if a.id == "cats.txt" for c in chunk_article(a)} - seed_texts
    assert 0 < second.embedded == len(new_texts)  # only the new article's text went to the model



def test_an_article_of_tiny_sentences_is_fitted_and_said(embedder, workspace: Settings, monkeypatch: pytest.MonkeyPatch,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    """One article of thousands of tiny sentences made 209,000 passages and hours of embedding, and nothing
    said why: its sentences are merged within the limit, and one warning names the file."""
    from askbot import chunking

    monkeypatch.setattr(chunking, "MAX_PASSAGES_PER_ARTICLE", 300)
    words = [chr(0x4E00 + i) for i in range(3000)]
    text = "".join(f"{words[i]}{words[(i * 7) % 3000]}{words[(i * 13) % 3000]}。" for i in range(1200))
    (workspace.articles_dir / "tiny.txt").write_text(f"标题\n\n{text}\n", encoding="utf-8")
    articles, _ = load_articles(workspace.articles_dir)
    with caplog.at_level("WARNING", logger="askbot.index"):
        build_index(workspace.index_dir, articles, embedder)
    warnings = [r.getMessage() for r in caplog.records if "tiny.txt" in r.getMessage()]
    assert len(warnings) == 1 and "merged" in warnings[0], caplog.text
    snapshot = load_index(workspace.index_dir)
    assert 0 < sum(c.article_id == "tiny.txt" for c in snapshot.chunks) <= 300
    assert not any(SEED.name in r.getMessage() for r in caplog.records)  # an ordinary article is not fitted


def test_a_build_waiting_for_another_says_so(embedder, workspace: Settings,
                                             caplog: pytest.LogCaptureFixture) -> None:
    """`ask` or `bot` beside a long `askbot index` waited silently for its lock."""
    import fcntl
    import threading

    articles, _ = load_articles(workspace.articles_dir)
    workspace.index_dir.mkdir(parents=True, exist_ok=True)
    with open(workspace.index_dir / ".lock", "w") as other:
        fcntl.flock(other, fcntl.LOCK_EX)  # another process's build
        waiting = threading.Thread(target=build_index, args=(workspace.index_dir, articles, embedder))
        waiting.start()
        waiting.join(timeout=1.0)
        assert waiting.is_alive(), "the build must wait for the lock"
        assert any("waiting for it to finish" in r.getMessage() for r in caplog.records)
        fcntl.flock(other, fcntl.LOCK_UN)
    waiting.join(timeout=60)
    assert not waiting.is_alive() and current_generation(workspace.index_dir) is not None


def test_index_runs_at_a_lower_cpu_priority(run_cli, workspace: Settings, niceness_requests: list[int]) -> None:
    """A rebuild beside a running bot must not slow its answers (scripts/bench_bot.py --reindex)."""
    (workspace.articles_dir / "cats.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    result = run_cli("index")
    assert result.exit_code == 0, result.output
    assert niceness_requests == [10]

def test_the_newest_articles_come_first(embedder, workspace: Settings) -> None:
    """/sources, /start and /topics lead with what just came in; undated articles follow in index order.
    (Two questions each: one dashed question alone is no interview, `chunking.interview_layout`.)"""
    for name, published in [("old.md", "2025-03-01"), ("new.md", "2026-11-29")]:
        interview = ("– Why does the port matter?\n– Because the ferry line to Baku starts there, and the "
                     "customs terminal is being rebuilt with new scanners and a digital queue for trucks. "
                     "Drivers used to wait two days at the gate; the new queue lets them book an hour.\n"
                     "– And what comes next?\n– A second berth for the ferries, and a rail siding to the terminal "
                     "so that wagons no longer wait on the main line behind the grain trains.")
        (workspace.articles_dir / name).write_text(f"---\ntitle: Interview {published}\npublished: {published}\n"
                                                   f"---\n{interview}\n", encoding="utf-8")
    build_index(workspace.index_dir, load_articles(workspace.articles_dir)[0], embedder)
    engine = Engine(embedder, workspace.index_dir, load_index(workspace.index_dir))
    assert [a.published for a in engine.articles()] == ["2026-11-29", "2025-03-01", None]
    assert list(dict.fromkeys(t.article_id for t in engine.topics()))[:2] == ["new.md", "old.md"]

class Unloadable:
    """The model a LazyEmbedder would load on first touch: any use of it fails the test."""

    def __init__(self, name: str) -> None:
        self.name = name

    @property
    def dimension(self) -> int:
        raise AssertionError("the model was loaded")

    def embed_passages(self, texts, show_progress=False):
        raise AssertionError("the model was loaded")


def test_removing_an_article_needs_no_model(embedder, workspace: Settings) -> None:
    """Every vector left is in the previous generation: a removal must not wait for the model to load."""
    (workspace.articles_dir / "cats.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    build_index(workspace.index_dir, load_articles(workspace.articles_dir)[0], embedder)
    question = embedder.embed_queries(["Who runs the cat shelter?"])
    (workspace.articles_dir / "cats.txt").unlink()
    report = build_index(workspace.index_dir, load_articles(workspace.articles_dir)[0], Unloadable(embedder.name))
    assert report.removed == 1 and report.embedded == 0
    snapshot = load_index(workspace.index_dir)
    assert snapshot is not None and "cats.txt" not in snapshot.articles
    assert snapshot.vectors.d == embedder.dimension and snapshot.vectors.ntotal == len(snapshot.chunks)
    _, rows = snapshot.vectors.search(question, 1)
    assert snapshot.chunks[rows[0][0]].article_id != "cats.txt"

@pytest.mark.parametrize("rebuild", [False, True])
def test_an_empty_folder_needs_no_model(embedder, tmp_path: Path, rebuild: bool) -> None:
    """No text at all (an empty or all-skipped folder): `askbot index` wrote an empty index only after a
    seconds-long model load. The index it writes takes the first articles added later like any other."""
    folder, index_dir = tmp_path / "articles", tmp_path / "index"
    folder.mkdir()
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4 binary")
    articles, skipped = load_articles(folder)
    for _ in range(2 if rebuild else 1):
        report = build_index(index_dir, articles, Unloadable(embedder.name), skipped=skipped, rebuild=rebuild)
        assert report.chunks == report.embedded == 0 and len(report.skipped) == 1
    snapshot = load_index(index_dir)
    assert snapshot is not None and not snapshot.articles and snapshot.vectors.ntotal == 0
    shutil.copy(SEED, folder / SEED.name)
    report = build_index(index_dir, load_articles(folder)[0], embedder)
    assert report.added == 1 and report.embedded > 0
    snapshot = load_index(index_dir)
    assert snapshot is not None and snapshot.vectors.d == embedder.dimension == snapshot.manifest.dimension
    answer = Engine(embedder, index_dir, snapshot).ask("Почему Актау важен для Азербайджана?")
    assert answer.answered and AKTAU_EFFECT in " ".join(p.text for p in answer.passages)


def test_an_index_folder_named_like_a_uri_is_a_folder(embedder, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """`--index file:news` (a relative folder with a colon): SQLite read "file:…" as a URI and failed with a
    traceback, "unable to open database file"."""
    monkeypatch.chdir(tmp_path)
    build_index(Path("file:news"), [], Unloadable(embedder.name))
    snapshot = load_index(Path("file:news"))
    assert snapshot is not None and not snapshot.articles


def test_index_command_on_an_empty_folder_loads_no_model(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def load_embedder(settings, show_progress=False):
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(embeddings, "load_embedder", load_embedder)
    (tmp_path / "articles").mkdir()
    result = CliRunner().invoke(cli, ["index", "--articles", str(tmp_path / "articles"),
                                      "--index", str(tmp_path / "index")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "0 search units" in result.stdout
    # not that alone: a first run, or the wrong folder, is told what to do
    assert "warning: there are no articles in " in result.stderr and "run `askbot index --articles" in result.stderr


def test_repeated_text_is_embedded_once(embedder, workspace: Settings) -> None:
    """Boilerplate repeated in an article (or across articles) costs one embedding, and every copy gets it."""
    sent: list[str] = []

    class Counting:
        name, dimension = embedder.name, embedder.dimension

        def embed_passages(self, texts, show_progress=False):
            sent.extend(texts)
            return embedder.embed_passages(texts)

    paragraph = "Subscribe to our newsletter for the latest news about the port of Aktau and its ferries."
    body = "\n".join(f"Story part {i}: the port handled a record number of ships this week.\n{paragraph}"
                     for i in range(6))
    (workspace.articles_dir / "repeats.txt").write_text(f"Port news\n{body}\n", encoding="utf-8")
    articles, _ = load_articles(workspace.articles_dir)
    report = build_index(workspace.index_dir, articles, Counting())
    assert len(sent) == len(set(sent)) == report.embedded < report.chunks
    snapshot = load_index(workspace.index_dir)
    assert snapshot is not None
    copies = [i for i, c in enumerate(snapshot.chunks) if c.embed_text == paragraph]
    assert len(copies) > 1
    vectors = np.stack([snapshot.vectors.reconstruct(i) for i in copies])
    assert np.allclose(vectors, vectors[0]) and np.linalg.norm(vectors[0]) > 0.5


def test_bad_files_are_skipped_and_the_rest_indexed(run_cli, workspace: Settings) -> None:
    folder = workspace.articles_dir
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.txt").write_bytes(bytes(range(256)) * 20)
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4 binary")
    cp1251 = ("Новый паром между Актау и Баку\n"
              "Паромная компания объявила, что с весны новый паром будет ходить между портами Актау и Баку "
              "дважды в неделю. Судно вмещает сорок железнодорожных вагонов и двести пассажиров.\n"
              "По словам капитана, рейс займёт около двадцати часов, а билеты поступят в продажу в марте.\n")
    (folder / "ferry.txt").write_bytes(cp1251.encode("windows-1251"))
    summary = index_json(run_cli)
    reasons = {item["path"]: item["reason"] for item in summary["skipped"]}
    assert set(reasons) == {"empty.txt", "image.txt", "notes.pdf"}
    assert "empty" in reasons["empty.txt"] and "binary" in reasons["image.txt"]
    assert summary["added"] == 2
    answer = json.loads(run_cli("ask", "--json", "Сколько вагонов вмещает новый паром?").stdout)
    assert "сорок железнодорожных вагонов" in answer["answers"][0]["text"]
    human = run_cli("index")
    assert "askbot: warning: skipped empty.txt: empty file" in human.stderr  # as `ask` says it


def test_the_refusal_for_one_unreadable_file_is_english(tmp_path: Path) -> None:
    """One file left, and unreadable: the sentence said "Not one of the file in …"."""
    with pytest.raises(AskbotError) as refused:
        refuse_to_empty([], [Skipped("a.txt", "empty file")], tmp_path, held=True)
    assert str(refused.value) == (f"The one file in {tmp_path} could not be read as an article (a.txt: empty file), "
                                  "so the index was left as it is: fix it, or remove it to empty the index.")


def test_index_keeps_the_index_when_no_file_can_be_read_any_more(run_cli, workspace: Settings) -> None:
    """Every article emptied or turned binary (a sync gone wrong): `askbot index` removed them all, and a running
    bot switched to an index with nothing to answer from. It now refuses in one sentence; removing the files, or
    an empty folder, still empties the index."""
    assert run_cli("index").exit_code == 0
    live = current_generation(workspace.index_dir)
    (workspace.articles_dir / SEED.name).write_bytes(b"")
    (workspace.articles_dir / "scan.txt").write_bytes(b"%PDF-1.4 binary")
    refused = run_cli("index")
    assert refused.exit_code == 2
    said = refused.stderr.splitlines()[-1]
    assert said.startswith(f"askbot: Not one of the 2 files in {workspace.articles_dir} could be read as an article ("
                           f"{SEED.name}: empty file; scan.txt: binary file"), said
    assert said.endswith("), so the index was left as it is: fix them, or remove them to empty the index."), said
    assert "skipped scan.txt: binary file" in refused.stderr
    assert current_generation(workspace.index_dir) == live
    for name in (SEED.name, "scan.txt"):
        (workspace.articles_dir / name).unlink()
    assert index_json(run_cli)["removed"] == 1


def test_ask_reads_many_questions_from_stdin(run_cli) -> None:
    result = run_cli("ask", "--json", input="why Aktau matters for Baku\n\nКакие металлы обсуждали?\n")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["question"] for line in lines] == ["why Aktau matters for Baku", "Какие металлы обсуждали?"]
    assert all(len(line["answers"]) == 3 for line in lines)


def test_killed_build_leaves_the_old_index_answering(embedder, workspace: Settings) -> None:
    articles, _ = load_articles(workspace.articles_dir)
    build_index(workspace.index_dir, articles, embedder)
    before = current_generation(workspace.index_dir)
    (workspace.articles_dir / "cats.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    # A real SIGKILL at the worst moment: new generation written, CURRENT not yet switched.
    script = textwrap.dedent(f"""
        import os, signal
        from pathlib import Path
        from askbot import embeddings
        from askbot.articles import load_articles
        from askbot.config import Settings
        from askbot.index import build_index
        articles, _ = load_articles(Path({str(workspace.articles_dir)!r}))
        embedder = embeddings.load_embedder(Settings())
        build_index(Path({str(workspace.index_dir)!r}), articles, embedder,
                    before_switch=lambda: os.kill(os.getpid(), signal.SIGKILL))
    """)
    process = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=300)
    assert process.returncode == -9, process.stderr.decode()[-2000:]
    assert current_generation(workspace.index_dir) == before
    engine = Engine(embedder, workspace.index_dir, load_index(workspace.index_dir))
    answer = engine.ask("why Aktau matters for Baku")
    assert answer.answered and any(AKTAU_EFFECT in p.text for p in answer.passages[:3])
    assert not any("cats" in p.text for p in answer.passages)
    # The next build cleans up and succeeds.
    articles, _ = load_articles(workspace.articles_dir)
    report = build_index(workspace.index_dir, articles, embedder)
    assert report.added == 1 and current_generation(workspace.index_dir) != before


def test_killed_during_embedding_leaves_no_trace(embedder, workspace: Settings) -> None:
    articles, _ = load_articles(workspace.articles_dir)
    build_index(workspace.index_dir, articles, embedder)
    before = sorted(p.name for p in workspace.index_dir.iterdir())

    class Crash(Exception):
        pass

    class Exploding:
        name, dimension = embedder.name, embedder.dimension

        def embed_passages(self, texts, show_progress=False):
            raise Crash

    (workspace.articles_dir / "cats.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    with pytest.raises(Crash):
        build_index(workspace.index_dir, load_articles(workspace.articles_dir)[0], Exploding())
    assert sorted(p.name for p in workspace.index_dir.iterdir()) == before


def test_model_mismatch_is_a_clear_error(run_cli, workspace: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_cli("index").exit_code == 0
    manifest_path = workspace.index_dir / current_generation(workspace.index_dir) / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["model"] = "someone/else"
    manifest_path.write_text(json.dumps(manifest))
    for command in (["ask", "why Aktau matters for Baku"], ["index"]):
        result = run_cli(*command)
        assert result.exit_code == 2, result.output
        assert "someone/else" in result.stderr and "askbot index --rebuild" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    result = run_cli("index", "--rebuild", "--json")
    assert json.loads(result.stdout)["updated"] == 1 and json.loads(result.stdout)["added"] == 0
    assert run_cli("ask", "why Aktau matters for Baku").exit_code == 0


def test_a_model_that_cannot_be_found_is_said_before_the_index_of_another_model(
        run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """ASKBOT_MODEL mistyped, with an index built: "built with another model: run `askbot index --rebuild`", and the
    rebuild, done as said, failed on the model."""
    assert run_cli("index").exit_code == 0
    monkeypatch.setenv("ASKBOT_MODEL", "nobody/no-such-model")
    monkeypatch.setenv("ASKBOT_OFFLINE", "1")
    for command in (["ask", "why Aktau matters for Baku"], ["index"]):
        result = run_cli(*command)
        assert result.exit_code == 2, result.output
        [line] = result.stderr.splitlines()
        assert "ASKBOT_MODEL='nobody/no-such-model' is not a local folder" in line and "--rebuild" not in line, line


@pytest.mark.parametrize("damage", ["manifest.json", "vectors.faiss", "meta.sqlite", "format"])
def test_a_damaged_index_is_rebuilt_from_the_articles(run_cli, workspace: Settings, damage: str) -> None:
    """Builds are atomic, so damage comes from outside (a bad copy, a full disk, an older askbot): `ask`
    and `index` rebuild from the articles instead of failing; without articles, one sentence."""
    assert run_cli("index").exit_code == 0
    folder = workspace.index_dir / current_generation(workspace.index_dir)
    if damage == "format":
        manifest = json.loads((folder / "manifest.json").read_text())
        manifest["format_version"] = 0
        (folder / "manifest.json").write_text(json.dumps(manifest))
    else:
        (folder / damage).write_bytes((folder / damage).read_bytes()[:40])
    answer = run_cli("ask", "--json", "why Aktau matters for Baku")
    assert answer.exit_code == 0, answer.output
    assert "мультипликативный эффект" in json.loads(answer.stdout)["answers"][0]["text"]

    folder = workspace.index_dir / current_generation(workspace.index_dir)
    (folder / "manifest.json").write_text("{not json")
    assert index_json(run_cli)["added"] == 1  # `askbot index` rebuilds too

    folder = workspace.index_dir / current_generation(workspace.index_dir)
    (folder / "meta.sqlite").write_bytes(b"garbage")
    shutil.rmtree(workspace.articles_dir)
    result = run_cli("ask", "why Aktau matters for Baku")
    assert result.exit_code == 2 and "askbot index --rebuild" in result.stderr, result.output
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.fixture
def no_hang():
    """A test that would block for good (reading a named pipe) ends the run after two minutes, with the tracebacks of
    where it blocked, instead of hanging (a signal is no help: the read that blocks may be C code's, in any thread)."""
    faulthandler.dump_traceback_later(120, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


def seeded(workspace: Settings) -> None:
    """The committed index of the seed article in the workspace: a build then re-embeds nothing it has."""
    shutil.copytree(ROOT / "index", workspace.index_dir, ignore=shutil.ignore_patterns(".lock", ".tmp-*"))


INCONSISTENT = {
    "paragraphs": "UPDATE articles SET paragraphs='notjson'",
    "ghost-article": "UPDATE chunks SET article_id='ghost' WHERE row < 50",  # KeyError at a question
    "null-text": "UPDATE chunks SET text=NULL",  # TypeError at a question
    "no-paragraphs": "UPDATE articles SET paragraphs='[]'",  # answered with an empty passage
}


def damage_index(index_dir: Path, damage: str) -> None:
    """Damage from outside that reading the index used to stumble over with a traceback."""
    generation = current_generation(index_dir)
    folder = index_dir / generation
    if damage == "current-bytes":
        (index_dir / "CURRENT").write_bytes(b"\xff\xfe\x00garbage\x9c")
    elif damage in ("current-folder", "current-pipe"):  # failed every question of a running bot, or blocked it
        (index_dir / "CURRENT").unlink()
        if damage == "current-folder":
            (index_dir / "CURRENT").mkdir()
        else:
            os.mkfifo(index_dir / "CURRENT")
    elif damage == "current-outside":  # a complete generation, but outside the index folder: not followed
        shutil.copytree(folder, index_dir.parent / "elsewhere" / generation)
        (index_dir / "CURRENT").write_text(f"../elsewhere/{generation}\n")
    elif damage == "manifest-bytes":
        (folder / "manifest.json").write_bytes(b"\xff\xfe{\x00\x9c")
    elif damage == "manifest-null":  # JSON, but no object: reading what folder it recorded failed with a traceback
        (folder / "manifest.json").write_text("null")
    elif damage == "manifest-articles":
        manifest = json.loads((folder / "manifest.json").read_text())
        manifest["articles"] = [1]
        (folder / "manifest.json").write_text(json.dumps(manifest))
    elif damage in INCONSISTENT:  # each part reads fine, they do not fit together: failed only at a question
        with sqlite3.connect(folder / "meta.sqlite") as db:
            db.execute(INCONSISTENT[damage])
        db.close()
    elif damage == "faiss-dimension":  # as many vectors, of another dimension: FAISS asserted on search
        vectors = faiss.IndexFlatIP(512)
        vectors.add(np.zeros((faiss.read_index(str(folder / "vectors.faiss")).ntotal, 512), dtype=np.float32))
        faiss.write_index(vectors, str(folder / "vectors.faiss"))
    elif damage == "manifest-dimension":
        manifest = json.loads((folder / "manifest.json").read_text())
        manifest["dimension"] = 512
        (folder / "manifest.json").write_text(json.dumps(manifest))
    elif damage in ("faiss-pipe", "meta-pipe", "faiss-device"):  # reading them blocked (or hashed /dev/zero) for good
        name = "vectors.faiss" if damage.startswith("faiss") else "meta.sqlite"
        (folder / name).unlink()
        if damage == "faiss-device":
            (folder / name).symlink_to("/dev/zero")
        else:
            os.mkfifo(folder / name)


@pytest.mark.parametrize("damage", ["current-bytes", "current-folder", "current-pipe", "current-outside",
                                    "manifest-bytes", "manifest-null", "manifest-articles",
                                    *INCONSISTENT, "faiss-dimension", "manifest-dimension",
                                    "faiss-pipe", "meta-pipe", "faiss-device"])
def test_more_damage_is_rebuilt_too(run_cli, workspace: Settings, damage: str, no_hang) -> None:
    """`index` rebuilds it (it used to crash, follow CURRENT out of the index, call it unchanged, or wait for ever
    on a named pipe), and so does `ask`; without the articles, `sources` says to rebuild in one sentence."""
    seeded(workspace)
    damage_index(workspace.index_dir, damage)
    summary = index_json(run_cli)
    assert (summary["added"], summary["unchanged"]) == (1, 0), summary
    assert (workspace.index_dir / "CURRENT").read_text().strip() == current_generation(workspace.index_dir)
    assert current_generation(workspace.index_dir).startswith("gen-")

    damage_index(workspace.index_dir, damage)
    answer = run_cli("ask", "--json", "why Aktau matters for Baku")
    assert answer.exit_code == 0, answer.output
    assert AKTAU_EFFECT in json.loads(answer.stdout)["answers"][0]["text"]

    damage_index(workspace.index_dir, damage)
    result = run_cli("sources")
    assert result.exit_code == 2 and "askbot index --rebuild" in result.stderr, result.output
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("where", ["faiss", "faiss-quota", "sqlite", "fsync"])
def test_a_full_disk_leaves_the_old_index_live(embedder, workspace: Settings, monkeypatch: pytest.MonkeyPatch,
                                               where: str) -> None:
    import errno
    import os

    import faiss

    from askbot import index as index_module
    from askbot.errors import AskbotError

    seeded(workspace)
    before = sorted(p.name for p in workspace.index_dir.iterdir())
    (workspace.articles_dir / "cats.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    if where.startswith("faiss"):  # what FAISS raises when a write fails with ENOSPC (or EDQUOT: its strerror)
        said = "Disk quota exceeded" if where == "faiss-quota" else "No space left on device"

        def write_index(index, path: str) -> None:
            raise RuntimeError("Error in faiss::FileIOWriter::operator()(const void*, size_t, size_t) at "
                               f"faiss/impl/io.cpp:116: Error: 'ret == nitems' failed: write error in {path}: "
                               f"0 != 1 ({said})")
        monkeypatch.setattr(faiss, "write_index", write_index)
    elif where == "sqlite":  # a real SQLITE_FULL: the database may not grow past its first pages
        connect = index_module._connect

        def small_disk(path: Path) -> sqlite3.Connection:
            connection = connect(path)
            connection.execute("PRAGMA max_page_count = 3")
            return connection
        monkeypatch.setattr(index_module, "_connect", small_disk)
    else:
        def fsync(fd: int) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(AskbotError, match=r"No space left on the disk of .*index: free space and run `askbot index`"
                                          r".*a new index is written beside it, so about \d+\.\d MB more must be free"):
        build_index(workspace.index_dir, load_articles(workspace.articles_dir)[0], embedder)
    after = sorted(p.name for p in workspace.index_dir.iterdir() if p.name != ".lock")
    assert after == before  # no temporary generation left
    snapshot = load_index(workspace.index_dir)
    assert snapshot is not None and "cats.txt" not in snapshot.articles


@pytest.mark.parametrize("where", ["faiss", "sqlite"])
def test_a_file_size_limit_leaves_the_old_index_live(embedder, workspace: Settings, monkeypatch: pytest.MonkeyPatch,
                                                     caplog: pytest.LogCaptureFixture, where: str) -> None:
    """`ulimit -f`: Python ignores SIGXFSZ, so the write fails with EFBIG; that was a traceback (FAISS's
    RuntimeError "File too large", SQLite's "disk I/O error"), and `ask` did not answer from the old index."""
    import resource

    seeded(workspace)
    before = sorted(p.name for p in workspace.index_dir.iterdir())
    (workspace.articles_dir / "cats.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    if where == "sqlite":  # vectors small enough to pass, so that the metadata is what passes the limit
        monkeypatch.setattr(faiss, "write_index", lambda index, path: Path(path).write_bytes(b"v"))
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, hard))
    try:
        with pytest.raises(AskbotError, match=r"larger than this process may write \(ulimit -f: 65,536 bytes\)"):
            build_index(workspace.index_dir, load_articles(workspace.articles_dir)[0], embedder)
        with caplog.at_level("WARNING", logger="askbot.engine"):
            engine = Engine.open(workspace, embedder)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    assert sorted(p.name for p in workspace.index_dir.iterdir() if p.name != ".lock") == before
    assert "cats.txt" not in engine.snapshot.articles
    assert AKTAU_EFFECT in engine.ask("why Aktau matters for Baku").passages[0].text
    assert any("ulimit -f" in r.getMessage() and "answering from it as it is" in r.getMessage()
               for r in caplog.records), caplog.text


def read_only_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a read-only mount (`mount -o remount,ro`) answers to each write a build makes: EROFS, even to
    unlinking a file that is not there."""
    import builtins
    import errno
    import os

    from askbot import index as index_module

    def refuse(path) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))

    def writing_open(file, mode: str = "r", *args, **kwargs):
        if any(flag in mode for flag in "wax+"):
            refuse(file)
        return builtins.open(file, mode, *args, **kwargs)

    def mkdir(self: Path, mode: int = 0o777, parents: bool = False, exist_ok: bool = False) -> None:
        if not (exist_ok and self.is_dir()):
            refuse(self)

    monkeypatch.setattr(index_module, "open", writing_open, raising=False)
    monkeypatch.setattr(Path, "mkdir", mkdir)
    monkeypatch.setattr(Path, "unlink", lambda self, missing_ok=False: refuse(self))


def test_an_index_on_a_read_only_disk(run_cli, embedder, workspace: Settings,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Up to date, `askbot index` says so (it failed creating its lock file: "Read-only file system (…/.lock)");
    with work to do, one sentence naming the index, before embedding anything (the cleanup's own EROFS hid why,
    naming .CURRENT.tmp)."""
    seeded(workspace)
    live = current_generation(workspace.index_dir)
    (workspace.index_dir / ".lock").unlink(missing_ok=True)  # a copy of the index made without it
    read_only_disk(monkeypatch)
    result = run_cli("index", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["unchanged"] == 1
    (workspace.articles_dir / "cats.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    monkeypatch.setattr(embedder, "embed_passages", lambda *args, **kwargs: pytest.fail("embedded for nothing"))
    result = run_cli("index")
    assert result.exit_code == 2, result.output
    assert result.stderr.strip() == (f"askbot: The disk of the index in {workspace.index_dir} is read-only: make it "
                                     "writable and run `askbot index` again (the index in use was not changed).")
    assert current_generation(workspace.index_dir) == live


def test_a_build_with_nothing_to_do_removes_what_a_killed_rebuild_left(run_cli, workspace: Settings) -> None:
    """`kill -9` of `askbot index --rebuild` while it writes left index/.tmp-gen-*, and an `askbot index` with
    nothing to do never removed it (only a build that changed something did)."""
    assert run_cli("index").exit_code == 0
    live = current_generation(workspace.index_dir)
    script = textwrap.dedent(f"""
        import os, signal
        from pathlib import Path
        from askbot import embeddings, index
        from askbot.articles import load_articles
        from askbot.config import Settings

        write = index._write_generation

        def write_then_die(*args, **kwargs):
            write(*args, **kwargs)
            os.kill(os.getpid(), signal.SIGKILL)

        index._write_generation = write_then_die
        articles, _ = load_articles(Path({str(workspace.articles_dir)!r}))
        index.build_index(Path({str(workspace.index_dir)!r}), articles, embeddings.load_embedder(Settings()),
                          rebuild=True)
    """)
    process = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=300)
    assert process.returncode == -9, process.stderr.decode()[-2000:]
    assert list(workspace.index_dir.glob(".tmp-gen-*")), "the killed rebuild left no temp folder to clean up"
    result = index_json(run_cli)
    assert (result["added"], result["updated"], result["removed"]) == (0, 0, 0)
    assert not list(workspace.index_dir.glob(".tmp-gen-*"))
    assert current_generation(workspace.index_dir) == live


def test_nothing_to_do_leaves_a_running_builds_temp_folder_alone(embedder, workspace: Settings) -> None:
    """While another build holds the lock its .tmp-gen-* is being written: the no-change run waits for it."""
    import fcntl
    import threading

    articles, _ = load_articles(workspace.articles_dir)
    live = build_index(workspace.index_dir, articles, embedder).generation
    writing = workspace.index_dir / ".tmp-gen-20990101000000-running"
    with open(workspace.index_dir / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # a build in another process, mid-write
        shutil.copytree(workspace.index_dir / live, writing)
        reports = []
        waiting = threading.Thread(target=lambda: reports.append(build_index(workspace.index_dir, articles, embedder)))
        waiting.start()
        waiting.join(1.0)
        assert waiting.is_alive() and writing.is_dir()
        writing.rename(workspace.index_dir / "gen-20990101000000-running")  # that build finishes its write
        (workspace.index_dir / "CURRENT").write_text("gen-20990101000000-running\n")  # and switches to it
        fcntl.flock(lock, fcntl.LOCK_UN)
    waiting.join(30)
    assert reports and reports[0].generation == "gen-20990101000000-running"
    assert (workspace.index_dir / "gen-20990101000000-running").is_dir()


def test_a_build_with_nothing_to_do_removes_a_generation_a_killed_build_never_switched_to(
        embedder, workspace: Settings) -> None:
    """A build killed after writing its generation, before switching CURRENT to it: the generation stayed on disk
    until the next build that changed something. The live one and the one it replaced stay."""
    articles, _ = load_articles(workspace.articles_dir)
    build_index(workspace.index_dir, articles, embedder)
    (workspace.articles_dir / "cats.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    articles, _ = load_articles(workspace.articles_dir)
    live = build_index(workspace.index_dir, articles, embedder).generation
    kept = {p.name for p in workspace.index_dir.glob("gen-*")}
    assert len(kept) == 2 and live in kept
    orphan = workspace.index_dir / "gen-20990101000000-killed0"  # written after the live one, never switched to
    shutil.copytree(workspace.index_dir / live, orphan)
    report = build_index(workspace.index_dir, articles, embedder)
    assert not report.changed and report.generation == live
    assert {p.name for p in workspace.index_dir.glob("gen-*")} == kept


def test_a_build_with_nothing_to_do_removes_what_a_build_killed_after_its_switch_left(
        embedder, workspace: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """`kill -9` of a build after it switched CURRENT, before it pruned: the generation the replaced one had itself
    replaced stayed on disk (three generations in all) until the next build that changed something, since one with
    nothing to do could not tell it from the replaced one. The live one and the one it replaced stay."""
    from askbot import index as index_module

    articles, _ = load_articles(workspace.articles_dir)
    build_index(workspace.index_dir, articles, embedder)
    (workspace.articles_dir / "cats.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    articles, _ = load_articles(workspace.articles_dir)
    replaced = build_index(workspace.index_dir, articles, embedder).generation
    (workspace.articles_dir / "cats.txt").unlink()  # a removal: no text to embed
    articles, _ = load_articles(workspace.articles_dir)
    prune = index_module._prune

    def killed_before_pruning(*args, **kwargs) -> None:
        raise KeyboardInterrupt  # what is on disk when `kill -9` lands between the switch and the pruning

    monkeypatch.setattr(index_module, "_prune", killed_before_pruning)
    with pytest.raises(KeyboardInterrupt):
        build_index(workspace.index_dir, articles, embedder)
    monkeypatch.setattr(index_module, "_prune", prune)
    live = current_generation(workspace.index_dir)
    assert live != replaced and len(list(workspace.index_dir.glob("gen-*"))) == 3
    report = build_index(workspace.index_dir, articles, embedder)
    assert not report.changed and report.generation == live
    assert {p.name for p in workspace.index_dir.glob("gen-*")} == {live, replaced}


def test_a_new_date_or_language_alone_is_indexed(run_cli, workspace: Settings) -> None:
    """Only the front matter's date changed: `askbot index` said "updated": 0 and `sources` kept the old date.
    The text is the same, so its vectors are reused: nothing goes to the model."""
    article = workspace.articles_dir / "cats.md"
    body = NEW_ARTICLE.split("\n", 1)[1]
    article.write_text(f"---\ntitle: Harbour cats\ndate: 2026-11-20\nlang: en\n---\n{body}", encoding="utf-8")
    assert index_json(run_cli)["added"] == 2
    for old, new in (("date: 2026-11-20", "date: 2026-11-21"), ("lang: en", "lang: mt")):
        article.write_text(article.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        summary = index_json(run_cli)
        assert (summary["added"], summary["updated"], summary["unchanged"]) == (0, 1, 1), summary
    [cats] = [s for s in json.loads(run_cli("sources", "--json").stdout) if s["title"] == "Harbour cats"]
    assert (cats["published"], cats["language"]) == ("2026-11-21", "mt"), cats


def test_dates_in_any_form_sort_as_dates() -> None:
    """An index built before dates were read as ISO: "29.11.2026" sorted before "2026-11-28" and "November 30,
    2026" after it. Dates that cannot be read follow the dated articles, the undated come last."""
    dates = [None, "2026-11-28", "someday", "29.11.2026", "November 30, 2026", "Sat, 27 Nov 2026 10:00:00 +0000",
             "2026-11-28T08:00+05:00", "2026-11-28T20:00+05:00", "2026-11-28 23:00",
             "Sat, 28 Nov 2026 22:00:00 +0000"]
    records = [ArticleRecord(f"a{i}", "t", None, date, None, "", (), 1) for i, date in enumerate(dates)]
    assert [a.published for a in newest_first(records)] == [  # one day's by their time, across time zones
        "November 30, 2026", "29.11.2026", "2026-11-28 23:00", "Sat, 28 Nov 2026 22:00:00 +0000",
        "2026-11-28T20:00+05:00", "2026-11-28T08:00+05:00", "2026-11-28", "Sat, 27 Nov 2026 10:00:00 +0000",
        "someday", None]


class OtherModel:
    """An embedder of another name, as `askbot index --rebuild` run with another ASKBOT_MODEL uses."""

    name = "someone/else"
    dimension = 384

    def embed_passages(self, texts, show_progress=False):
        vectors = np.random.default_rng(0).normal(size=(len(texts), self.dimension)).astype(np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_a_running_engine_keeps_answering_when_the_index_is_rebuilt_with_another_model(
        embedder, workspace: Settings, caplog: pytest.LogCaptureFixture) -> None:
    """A bot (or `askbot chat`) raised out of every question once another model's generation went live."""
    articles, _ = load_articles(workspace.articles_dir)
    build_index(workspace.index_dir, articles, embedder)
    engine = Engine(embedder, workspace.index_dir, load_index(workspace.index_dir))
    loaded = engine.snapshot.generation
    build_index(workspace.index_dir, articles, OtherModel(), rebuild=True)
    assert current_generation(workspace.index_dir) != loaded
    with caplog.at_level("WARNING", logger="askbot.engine"):
        for _ in range(3):
            answer = engine.ask("why Aktau matters for Baku")
            assert answer.answered and AKTAU_EFFECT in answer.passages[0].text
    assert engine.snapshot.generation == loaded
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert len(warnings) == 1, warnings  # once, not per question
    assert "someone/else" in warnings[0] and "restart" in warnings[0]
    build_index(workspace.index_dir, articles, embedder, rebuild=True)  # rebuilt with this model: switched to
    assert engine.reload_if_changed() and engine.snapshot.generation == current_generation(workspace.index_dir)


@pytest.mark.parametrize("failure", ["ENOSPC", "EDQUOT", "EROFS", "full-disk"])
def test_an_index_that_cannot_be_written_still_answers(embedder, workspace: Settings, monkeypatch: pytest.MonkeyPatch,
                                                       caplog: pytest.LogCaptureFixture, failure: str) -> None:
    """A new article and a full (or read-only) disk: `ask` failed with "No space left…" (exit 2), although the
    index as it was built could answer, as it does for a user who may only read it."""
    import errno
    import os

    from askbot import engine as engine_module

    seeded(workspace)
    (workspace.articles_dir / "cats.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    if failure == "full-disk":  # the real build, whose writes fail: it raises its "No space left" error
        def fsync(fd: int) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        monkeypatch.setattr(os, "fsync", fsync)
    else:
        code = getattr(errno, failure)

        def update_index_from(*args, **kwargs):
            raise OSError(code, os.strerror(code))
        monkeypatch.setattr(engine_module, "update_index_from", update_index_from)
    with caplog.at_level("WARNING", logger="askbot.engine"):
        engine = Engine.open(workspace, embedder)
    assert "cats.txt" not in engine.snapshot.articles
    assert AKTAU_EFFECT in engine.ask("why Aktau matters for Baku").passages[0].text
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert any("answering from it as it is" in w and "askbot index" in w for w in warnings), warnings


def test_the_generation_replaced_is_the_one_kept(embedder, workspace: Settings,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Pruning kept the newest *name*: two builds in one second sort by their random suffix, and a generation a
    killed build renamed but never switched to sorts after the live one; either way the generation just
    replaced (which a running bot may still be loading) was deleted and a stray one kept."""
    import time
    import uuid
    from types import SimpleNamespace

    seeded(workspace)
    seed = current_generation(workspace.index_dir)
    killed = workspace.index_dir / "gen-30000101000000-killed00"  # renamed by a build killed before the switch
    shutil.copytree(workspace.index_dir / seed, killed)
    # three builds within one second (2999-01-01 00:00:00 UTC), whose random suffixes happen to descend
    second = time.gmtime(32472144000)
    monkeypatch.setattr(time, "gmtime", lambda *args: second)
    suffixes = iter(["cccccccc", "bbbbbbbb", "aaaaaaaa"])
    monkeypatch.setattr(uuid, "uuid4", lambda: SimpleNamespace(hex=next(suffixes) + "0" * 24))

    def generations() -> set[str]:
        return {p.name for p in workspace.index_dir.glob("gen-*")}

    cats = workspace.articles_dir / "cats.txt"
    cats.write_text(NEW_ARTICLE, encoding="utf-8")
    build_index(workspace.index_dir, load_articles(workspace.articles_dir)[0], embedder)
    assert generations() == {seed, "gen-29990101000000-cccccccc"}
    cats.unlink()
    build_index(workspace.index_dir, load_articles(workspace.articles_dir)[0], embedder)
    assert generations() == {"gen-29990101000000-cccccccc", "gen-29990101000000-bbbbbbbb"}
    cats.write_text(NEW_ARTICLE, encoding="utf-8")
    build_index(workspace.index_dir, load_articles(workspace.articles_dir)[0], embedder)
    assert generations() == {"gen-29990101000000-bbbbbbbb", "gen-29990101000000-aaaaaaaa"}
    assert current_generation(workspace.index_dir) == "gen-29990101000000-aaaaaaaa"


def test_an_article_copied_under_another_name_is_quoted_and_listed_once(embedder, workspace: Settings) -> None:
    """The same text in two files was indexed twice: More quoted the identical passage again and /topics listed
    every interview question twice."""
    from askbot.views import Presenter

    articles, _ = load_articles(workspace.articles_dir)
    build_index(workspace.index_dir, articles, embedder)
    single = Presenter(Engine(embedder, workspace.index_dir, load_index(workspace.index_dir))).topics("en")
    shutil.copy(SEED, workspace.articles_dir / "copy_of_the_interview.txt")
    articles, _ = load_articles(workspace.articles_dir)
    build_index(workspace.index_dir, articles, embedder)
    engine = Engine(embedder, workspace.index_dir, load_index(workspace.index_dir))
    assert len(engine.snapshot.articles) == 2
    answer = engine.ask("why Aktau matters for Baku", top_k=5)
    texts = [" ".join(p.text.split()) for p in answer.passages]
    assert len(texts) == 5 and len(set(texts)) == 5, texts
    assert AKTAU_EFFECT in answer.passages[0].text
    topics = Presenter(engine).topics("en")
    assert [b.label for b in topics.buttons] == [b.label for b in single.buttons]
    for near in (None, engine.embed_question("Japanese investment in Kazakhstan")):  # /start; after a refusal
        suggested = [s.question for s in engine.suggestions(3, near=near)]
        assert len(set(suggested)) == 3, suggested


@pytest.fixture
def run_here(monkeypatch: pytest.MonkeyPatch, embedder, tmp_path: Path):
    """`askbot ...` run in tmp_path/work, with no folder in the environment: ./articles is the default folder."""
    monkeypatch.setattr(embeddings, "load_embedder", lambda settings, show_progress=False: embedder)
    for name in ("ASKBOT_ARTICLES_DIR", "ASKBOT_INDEX_DIR"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "work" / "articles").mkdir(parents=True)
    (tmp_path / "work" / "articles" / "cats.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "work")
    (tmp_path / "elsewhere").mkdir()
    shutil.copy(SEED, tmp_path / "elsewhere" / SEED.name)

    def run(*args: str, input: str | None = None):
        return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)

    return run


def engine_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelname == "WARNING" and r.name == "askbot.engine"]


@pytest.mark.parametrize("command", ["ask", "chat"])
def test_an_index_built_from_another_folder_is_not_replaced_by_the_default_one(
        run_here, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
        command: str) -> None:
    """`askbot index --articles elsewhere --index X`, then `askbot ask --index X`: X was silently rebuilt from
    ./articles. It answers as built now, and says which folder it was built from and how to use the other."""
    elsewhere, here = (tmp_path / "elsewhere").resolve(), (tmp_path / "work" / "articles").resolve()
    assert run_here("index", "--articles", str(elsewhere), "--index", "idx").exit_code == 0
    built = current_generation(Path("idx"))
    assert load_index(Path("idx")).manifest.articles_dir == str(elsewhere)
    with caplog.at_level("WARNING", logger="askbot.engine"):
        if command == "ask":
            result = run_here("ask", "--json", "--index", "idx", "why Aktau matters for Baku")
            assert AKTAU_EFFECT in json.loads(result.stdout)["answers"][0]["text"]
        else:
            monkeypatch.setenv("ASKBOT_INDEX_DIR", "idx")
            result = run_here("chat", input="why Aktau matters for Baku\n")
            assert AKTAU_EFFECT in result.stdout
    assert result.exit_code == 0, result.output
    assert current_generation(Path("idx")) == built and set(load_index(Path("idx")).articles) == {SEED.name}
    [warning] = engine_warnings(caplog)
    assert str(elsewhere) in warning and str(here) in warning
    assert "--articles articles" in warning and "askbot index --index idx --articles articles" in warning
    # `askbot index` does what it is told: from the default folder, now recorded, and `ask` says nothing more
    monkeypatch.delenv("ASKBOT_INDEX_DIR", raising=False)
    assert run_here("index", "--index", "idx").exit_code == 0
    assert set(load_index(Path("idx")).articles) == {"cats.txt"}
    caplog.clear()
    with caplog.at_level("WARNING", logger="askbot.engine"):
        assert run_here("ask", "--index", "idx", "Who runs the cat shelter?").exit_code == 0
    assert engine_warnings(caplog) == []


@pytest.mark.parametrize("given", ["flag", "environment", "dotenv"])
def test_an_articles_folder_given_on_purpose_refreshes_the_index(
        run_here, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
        given: str) -> None:
    assert run_here("index", "--articles", str(tmp_path / "elsewhere"), "--index", "idx").exit_code == 0
    flags = ["--articles", "articles"] if given == "flag" else []
    if given == "environment":
        monkeypatch.setenv("ASKBOT_ARTICLES_DIR", "articles")
    elif given == "dotenv":
        Path(".env").write_text("ASKBOT_ARTICLES_DIR=articles\n", encoding="utf-8")
    with caplog.at_level("WARNING", logger="askbot.engine"):
        result = run_here("ask", "--json", "--index", "idx", *flags, "Who runs the cat shelter?")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["answers"][0]["article"] == "cats.txt"
    snapshot = load_index(Path("idx"))
    assert set(snapshot.articles) == {"cats.txt"}
    assert snapshot.manifest.articles_dir == str((tmp_path / "work" / "articles").resolve())
    assert engine_warnings(caplog) == []


def test_an_index_from_an_older_askbot_is_refreshed_and_then_records_its_folder(
        run_here, embedder, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """No folder recorded (as every index built before): refreshed from ./articles as before, which records it."""
    build_index(Path("idx"), load_articles(tmp_path / "elsewhere")[0], embedder)
    manifest_path = Path("idx") / current_generation(Path("idx")) / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    for key in ("articles_dir", "articles_from_index"):
        del manifest[key]  # byte for byte what the previous version wrote
    manifest_path.write_text(json.dumps(manifest))
    assert load_index(Path("idx")).manifest.articles_dir is None
    with caplog.at_level("WARNING", logger="askbot.engine"):
        assert run_here("ask", "--index", "idx", "Who runs the cat shelter?").exit_code == 0
    assert engine_warnings(caplog) == []
    snapshot = load_index(Path("idx"))
    assert set(snapshot.articles) == {"cats.txt"}
    assert snapshot.manifest.articles_dir == str((tmp_path / "work" / "articles").resolve())


def test_a_project_moved_with_its_index_still_refreshes_from_its_articles(
        run_here, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """A clone of the project (its committed index/ records the folder of whoever built it) is the same folder
    seen from the index: ./index next to ./articles."""
    assert run_here("index").exit_code == 0
    shutil.move(tmp_path / "work", tmp_path / "moved")
    monkeypatch.chdir(tmp_path / "moved")
    shutil.copy(SEED, Path("articles") / SEED.name)
    with caplog.at_level("WARNING", logger="askbot.engine"):
        assert run_here("ask", "why Aktau matters for Baku").exit_code == 0
    assert engine_warnings(caplog) == []
    snapshot = load_index(Path("index"))
    assert set(snapshot.articles) == {"cats.txt", SEED.name}
    assert snapshot.manifest.articles_dir == str((tmp_path / "moved" / "articles").resolve())


def test_indexing_the_same_articles_from_another_folder_records_it_without_the_model(
        embedder, tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    shutil.copy(SEED, first / SEED.name)
    shutil.copytree(first, second)
    build_index(tmp_path / "index", load_articles(first)[0], embedder, articles_dir=first)
    built = current_generation(tmp_path / "index")
    report = build_index(tmp_path / "index", load_articles(second)[0], Unloadable(embedder.name), articles_dir=second)
    assert report.unchanged == 1 and report.embedded == 0 and report.generation != built
    assert load_index(tmp_path / "index").manifest.articles_dir == str(second.resolve())
    report = build_index(tmp_path / "index", load_articles(second)[0], Unloadable(embedder.name), articles_dir=second)
    assert report.generation == current_generation(tmp_path / "index")  # nothing to do: no new generation


def test_an_index_from_an_older_askbot_records_the_folder_it_is_indexed_from_even_unchanged(
        run_here, embedder, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """The committed index/ records no folder: `askbot index --articles elsewhere --index idx` with the same
    articles kept it as it was, so `ask` (./articles not named) still made idx a copy of ./articles."""
    elsewhere = tmp_path / "elsewhere"
    build_index(Path("idx"), load_articles(elsewhere)[0], embedder)  # no folder recorded, as before
    built = current_generation(Path("idx"))
    report = build_index(Path("idx"), load_articles(elsewhere)[0], Unloadable(embedder.name), articles_dir=elsewhere)
    assert report.unchanged == 1 and report.embedded == 0 and report.generation != built
    assert load_index(Path("idx")).manifest.articles_dir == str(elsewhere.resolve())
    recorded = current_generation(Path("idx"))
    with caplog.at_level("WARNING", logger="askbot.engine"):
        assert run_here("ask", "--index", "idx", "why Aktau matters for Baku").exit_code == 0
    assert current_generation(Path("idx")) == recorded and set(load_index(Path("idx")).articles) == {SEED.name}
    assert len(engine_warnings(caplog)) == 1


def test_folders_whose_names_are_not_utf8_are_indexed(embedder, tmp_path: Path) -> None:
    """Folders named in an old codepage ("Статьи" in cp1251 bytes): writing the articles folder's name into the
    manifest and the metadata failed the build with UnicodeEncodeError, a traceback; its name must read back as the
    same folder. FAISS takes no such file name: such an index was "damaged (TypeError)" and could not be written."""
    import os

    def old_codepage(name: str) -> Path:
        return Path(os.fsdecode(os.fsencode(tmp_path) + f"/{name}".encode("cp1251")))

    folder = old_codepage("Статьи")
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    index_dir = old_codepage("Индекс")
    shutil.copytree(ROOT / "index", index_dir, ignore=shutil.ignore_patterns(".lock", ".tmp-*"))
    articles, skipped = load_articles(folder)
    assert not skipped
    report = build_index(index_dir, articles, embedder, articles_dir=folder)  # records the folder: a new generation
    assert report.unchanged == 1 and report.generation == current_generation(index_dir)
    again = build_index(index_dir, articles, embedder, articles_dir=folder)
    assert again.generation == report.generation  # the same folder, not "built from another one"
    assert "000_30da5d738366707b.txt" in load_index(index_dir).articles
    (folder / "cats.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    added = build_index(index_dir, load_articles(folder)[0], embedder, articles_dir=folder)
    assert (added.added, added.unchanged, added.embedded > 0) == (1, 1, True)
    assert set(load_index(index_dir).articles) == {"000_30da5d738366707b.txt", "cats.txt"}


def test_an_empty_index_from_another_folder_says_where_articles_go(run_here, tmp_path: Path) -> None:
    """An index built from an empty folder E, asked without naming one: "put articles in articles (or `askbot
    add URL`)" sent people to ./articles, which that index does not read, and to an `add` that refuses."""
    empty = (tmp_path / "empty").resolve()
    empty.mkdir()
    assert run_here("index", "--articles", str(empty), "--index", "idx").exit_code == 0
    result = run_here("ask", "--index", "idx", "why Aktau matters for Baku")
    assert result.exit_code == 2
    line = result.stderr.splitlines()[-1]
    assert f"built from {empty}; put .txt, .md or .html articles there" in line, line
    assert f"`askbot add --articles {empty} --index idx URL`" in line  # not ./index either
    listed = run_here("sources", "--index", "idx")  # the same advice, not ./articles and a refused `add`
    assert listed.exit_code == 0, listed.output
    assert f"articles in {empty} (or `askbot add --articles {empty} --index idx URL`)" in listed.output


def test_a_model_mismatch_names_the_index_and_articles_to_rebuild(run_here, tmp_path: Path) -> None:
    """"run `askbot index --rebuild`", said after `ask --index idx` of an index built from another folder with
    another model: done as said, it rebuilt ./index from ./articles and left idx as it was."""
    elsewhere = (tmp_path / "elsewhere").resolve()
    assert run_here("index", "--articles", str(elsewhere), "--index", "idx").exit_code == 0
    manifest_path = Path("idx") / current_generation(Path("idx")) / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest_path.write_text(json.dumps({**manifest, "model": "someone/else"}))
    advice = f"`askbot index --rebuild --index idx --articles {elsewhere}`"
    for command in (["ask", "--index", "idx", "why"], ["ask", "--index", "idx", "--articles", str(elsewhere), "why"],
                    ["index", "--index", "idx", "--articles", str(elsewhere)]):
        result = run_here(*command)
        assert result.exit_code == 2, result.output
        [line] = result.stderr.splitlines()
        assert "someone/else" in line and advice in line, line
    assert run_here("index", "--rebuild", "--index", "idx", "--articles", str(elsewhere)).exit_code == 0
    assert run_here("ask", "--index", "idx", "why Aktau matters for Baku").exit_code == 0


def test_damage_and_format_messages_name_the_index_and_articles_to_rebuild(run_here, tmp_path: Path) -> None:
    """A damaged index, or one of another format, read with `--index idx`: "run `askbot index --rebuild`", done as
    said, rebuilt ./index from ./articles and left idx as it was."""
    elsewhere = (tmp_path / "elsewhere").resolve()
    assert run_here("index", "--articles", str(elsewhere), "--index", "idx").exit_code == 0
    advice = f"`askbot index --rebuild --index idx --articles {elsewhere}`"

    def said(*command: str) -> str:
        result = run_here(*command)
        assert result.exit_code == 2, result.output
        [line] = result.stderr.splitlines()
        assert advice in line, line
        return line

    manifest_path = Path("idx") / current_generation(Path("idx")) / "manifest.json"
    manifest = manifest_path.read_text()
    manifest_path.write_text(json.dumps({**json.loads(manifest), "format_version": FORMAT_VERSION - 1}))
    assert "has format version" in said("sources", "--index", "idx")
    manifest_path.write_text(manifest)
    newer_format(Path("idx"))
    for command in (["sources", "--index", "idx"], ["ask", "--index", "idx", "--articles", str(elsewhere), "why"],
                    ["index", "--index", "idx", "--articles", str(elsewhere)]):
        assert "newer askbot" in said(*command)
    assert run_here("index", "--rebuild", "--index", "idx", "--articles", str(elsewhere)).exit_code == 0
    (Path("idx") / current_generation(Path("idx")) / "meta.sqlite").write_bytes(b"")
    assert "is damaged" in said("sources", "--index", "idx")
    shutil.rmtree("articles")  # nothing to rebuild it from here: said, not rebuilt
    assert "is damaged" in said("ask", "--index", "idx", "why")


def test_a_damaged_index_from_another_folder_is_not_rebuilt_from_the_default_one(run_here, tmp_path: Path) -> None:
    """An index built from elsewhere whose metadata is damaged: `askbot ask` rebuilt it from ./articles, making it
    the copy of ./articles that an intact one is kept from becoming. One sentence naming the folder instead."""
    elsewhere = (tmp_path / "elsewhere").resolve()
    assert run_here("index", "--articles", str(elsewhere), "--index", "idx").exit_code == 0
    built = current_generation(Path("idx"))
    (Path("idx") / built / "meta.sqlite").write_bytes(b"")
    result = run_here("ask", "--index", "idx", "why Aktau matters for Baku")
    assert result.exit_code == 2, result.output
    [line] = result.stderr.splitlines()
    assert "is damaged" in line and f"built from {elsewhere}, not from " in line, line
    assert f"`askbot index --rebuild --index idx --articles {elsewhere}`" in line
    assert current_generation(Path("idx")) == built
    assert run_here("index", "--rebuild", "--index", "idx", "--articles", str(elsewhere)).exit_code == 0
    assert set(load_index(Path("idx")).articles) == {SEED.name}


def newer_format(index_dir: Path) -> Path:
    """The live generation as a newer askbot might write it: a higher format, a field gone, a field added."""
    manifest_path = index_dir / current_generation(index_dir) / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["format_version"] += 1
    del manifest["chunking"]
    manifest["shards"] = [{"vectors": "vectors-0.faiss"}]
    manifest_path.write_text(json.dumps(manifest))
    return manifest_path


def test_an_index_of_a_newer_askbot_is_refused_not_rebuilt(run_cli, workspace: Settings, tmp_path: Path) -> None:
    """An older askbot took a newer format for damage and rebuilt it from the articles in silence: the newer askbot
    answering from the same folder then found its index replaced. Every command refuses it; `--rebuild` replaces it."""
    seeded(workspace)
    manifest_path = newer_format(workspace.index_dir)
    before = manifest_path.read_text()
    built = current_generation(workspace.index_dir)
    (tmp_path / "cats.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    for args, given in ((["ask", "why Aktau matters for Baku"], None), (["chat"], "why Aktau matters?\n"),
                        (["index"], None), (["sources"], None), (["add", str(tmp_path / "cats.txt")], None),
                        (["remove", SEED.name], None), (["eval", str(ROOT / "eval" / "dev.jsonl")], None)):
        result = run_cli(*args, input=given)
        assert result.exit_code == 2, (args, result.output)
        [line] = result.stderr.splitlines()
        assert f"was built by a newer askbot (format {FORMAT_VERSION + 1}; " in line, (args, line)
        assert "upgrade askbot" in line and "askbot index --rebuild" in line
        assert current_generation(workspace.index_dir) == built and manifest_path.read_text() == before
    assert sorted(p.name for p in workspace.articles_dir.iterdir()) == [SEED.name]
    assert run_cli("index", "--rebuild").exit_code == 0  # replaced when asked to
    assert load_index(workspace.index_dir).manifest.format_version == FORMAT_VERSION


@pytest.mark.parametrize("damage", ["current-folder", "current-pipe"])
def test_a_running_engine_keeps_answering_when_current_is_no_file(embedder, workspace: Settings, damage: str) -> None:
    """CURRENT made a folder or a named pipe under a running bot: each question failed with IsADirectoryError, or
    blocked for good reading the pipe; the generation loaded answers on."""
    seeded(workspace)
    engine = Engine.open(workspace, embedder)
    damage_index(workspace.index_dir, damage)
    assert AKTAU_EFFECT in engine.ask("why Aktau matters for Baku").passages[0].text


def test_a_running_engine_passes_over_a_generation_of_a_newer_askbot(embedder, workspace: Settings,
                                                                     caplog: pytest.LogCaptureFixture) -> None:
    seeded(workspace)
    engine = Engine.open(workspace, embedder)
    loaded = engine.snapshot.generation
    shutil.copytree(workspace.index_dir / loaded, workspace.index_dir / "gen-by-a-newer-askbot")  # as published
    (workspace.index_dir / "CURRENT").write_text("gen-by-a-newer-askbot\n")
    newer_format(workspace.index_dir)
    with caplog.at_level("WARNING", logger="askbot.engine"):
        assert engine.reload_if_changed() is False
    assert engine.snapshot.generation == loaded
    [warning] = engine_warnings(caplog)
    assert "newer askbot" in warning and "upgrade askbot and restart it" in warning


def test_an_unreadable_manifest_of_another_folder_is_not_rebuilt_from_the_default_one(
        run_here, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Garbage in the live manifest hid the folder it recorded, so `ask` rebuilt an index of elsewhere from
    ./articles. The generation kept beside it still says which folder it was: one sentence naming it."""
    elsewhere = (tmp_path / "elsewhere").resolve()
    assert run_here("index", "--articles", str(elsewhere), "--index", "idx").exit_code == 0
    (elsewhere / "cats.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    assert run_here("index", "--articles", str(elsewhere), "--index", "idx").exit_code == 0  # two generations now
    built = current_generation(Path("idx"))
    (Path("idx") / built / "manifest.json").write_text("{not json")
    for command in (["ask", "--index", "idx", "why Aktau matters for Baku"], ["add", "--index", "idx", SEED.name]):
        result = run_here(*command)
        assert result.exit_code == 2, result.output
        [line] = result.stderr.splitlines()
        assert f"built from {elsewhere}, not from " in line, line
        assert current_generation(Path("idx")) == built
    # named on purpose, the folder is used
    assert run_here("ask", "--index", "idx", "--articles", str(elsewhere), "Who runs the cat shelter?").exit_code == 0
    assert set(load_index(Path("idx")).articles) == {SEED.name, "cats.txt"}


def test_an_index_whose_folder_no_manifest_says_is_rebuilt_from_the_default_one_saying_so(
        run_here, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Nothing says where it came from: rebuilt from ./articles (a project's own index, damaged, keeps answering),
    and the warning names that folder and how to rebuild it from another."""
    assert run_here("index", "--articles", str(tmp_path / "elsewhere"), "--index", "idx").exit_code == 0
    (Path("idx") / current_generation(Path("idx")) / "manifest.json").write_text("{not json")
    with caplog.at_level("WARNING", logger="askbot.engine"):
        assert run_here("ask", "--index", "idx", "Who runs the cat shelter?").exit_code == 0
    [warning] = engine_warnings(caplog)
    here = (tmp_path / "work" / "articles").resolve()
    assert f"no manifest in it says which articles folder it was built from: rebuilding it from {here}" in warning
    assert "askbot index --rebuild --index idx --articles FOLDER" in warning
    assert set(load_index(Path("idx")).articles) == {"cats.txt"}


@pytest.mark.parametrize("gone", ["meta", "manifest"])
def test_a_generation_replaced_twice_while_it_loads_is_not_called_damaged(
        embedder, workspace: Settings, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
        gone: str) -> None:
    """A running bot loads generation B; two builds in a row publish C and prune B under it. The reader failed on
    B's missing files and warned "damaged" (and kept the old generation), or found no index at all."""
    import askbot.index as index_module

    seeded(workspace)
    engine = Engine.open(workspace, embedder)
    loaded = engine.snapshot.generation
    for name in ("gen-b", "gen-c"):
        shutil.copytree(workspace.index_dir / loaded, workspace.index_dir / name)
    (workspace.index_dir / "CURRENT").write_text("gen-b\n")

    def replace_b() -> None:
        (workspace.index_dir / "CURRENT").write_text("gen-c\n")
        shutil.rmtree(workspace.index_dir / "gen-b")

    if gone == "meta":  # B pruned between reading its manifest and its metadata
        read_meta = index_module._read_meta

        def racing_read_meta(folder: Path):
            if folder.name == "gen-b":
                replace_b()
            return read_meta(folder)

        monkeypatch.setattr(index_module, "_read_meta", racing_read_meta)
    else:  # B pruned between load_index reading CURRENT and finding its manifest (the check before it saw B)
        is_file, looks = Path.is_file, []

        def racing_is_file(path: Path) -> bool:
            if path.parent.name == "gen-b" and path.name == "manifest.json" and path.parent.exists():
                looks.append(path)
                if len(looks) == 2:
                    replace_b()
            return is_file(path)

        monkeypatch.setattr(Path, "is_file", racing_is_file)
    with caplog.at_level("WARNING", logger="askbot.engine"):
        assert engine.reload_if_changed() is True
    assert engine.snapshot.generation == "gen-c"
    assert engine_warnings(caplog) == []


def test_an_english_question_about_the_russian_interview_is_not_pulled_to_an_english_article(
        embedder, workspace: Settings) -> None:
    """Beside an English article, English questions about the Russian interview were answered from it: the model
    scores same-language pairs higher, and the English article's short closing paragraph came first for "Why is the
    Middle Corridor so important now?". Its title is far from the question, the interview's near."""
    shutil.copy(ROOT / "eval" / "articles2" / "102_tartu_tram.txt", workspace.articles_dir)
    articles, _ = load_articles(workspace.articles_dir)
    build_index(workspace.index_dir, articles, embedder)
    engine = Engine(embedder, workspace.index_dir, load_index(workspace.index_dir), RankingParams(title_weight=0.75))
    for question in ("Why is the Middle Corridor so important now?", "Who is being interviewed here?"):
        assert engine.rank(question, 1)[0].article_id == SEED.name, question
    assert engine.rank("How much will a tram ticket cost?", 1)[0].article_id == "102_tartu_tram.txt"


def test_the_title_prior_leaves_one_article_as_it_was(embedder, workspace: Settings) -> None:
    """With one article every title is the nearest: the scores the refusal threshold was tuned on stay."""
    articles, _ = load_articles(workspace.articles_dir)
    build_index(workspace.index_dir, articles, embedder)
    snapshot = load_index(workspace.index_dir)
    question = "Why is the Middle Corridor so important now?"
    on = Engine(embedder, workspace.index_dir, snapshot, RankingParams(title_weight=0.75)).rank(question, 5)
    off = Engine(embedder, workspace.index_dir, snapshot, RankingParams(title_weight=0.0)).rank(question, 5)
    assert [(p.text, p.score) for p in on] == [(p.text, p.score) for p in off]


def test_an_article_removed_and_put_back_is_not_embedded_again(embedder, workspace: Settings) -> None:
    """Its vectors are in the generation the removal replaced, still on disk beside the live one: putting it back
    embedded all of it again."""
    (workspace.articles_dir / "cats.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    build_index(workspace.index_dir, load_articles(workspace.articles_dir)[0], embedder)
    question = embedder.embed_queries(["Who runs the cat shelter?"])
    (workspace.articles_dir / "cats.txt").unlink()
    build_index(workspace.index_dir, load_articles(workspace.articles_dir)[0], Unloadable(embedder.name))
    (workspace.articles_dir / "cats.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    report = build_index(workspace.index_dir, load_articles(workspace.articles_dir)[0], Unloadable(embedder.name))
    assert report.added == 1 and report.embedded == 0
    snapshot = load_index(workspace.index_dir)
    assert snapshot is not None and snapshot.vectors.ntotal == len(snapshot.chunks)
    _, rows = snapshot.vectors.search(question, 1)
    assert snapshot.chunks[rows[0][0]].article_id == "cats.txt"  # the right vectors, not just some


def test_a_rebuild_counts_the_articles_it_held_as_updated(embedder, workspace: Settings) -> None:
    """`askbot index --rebuild` said "2 added" of the 2 articles the index already held: nothing was added."""
    (workspace.articles_dir / SEED.name).unlink()
    (workspace.articles_dir / "cats.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    build_index(workspace.index_dir, load_articles(workspace.articles_dir)[0], embedder)
    more = CHANGED_ARTICLE.replace("Valletta", "Mdina")
    (workspace.articles_dir / "more_cats.txt").write_text(more, encoding="utf-8")
    report = build_index(workspace.index_dir, load_articles(workspace.articles_dir)[0], embedder, rebuild=True)
    assert (report.added, report.updated, report.removed, report.unchanged) == (1, 1, 0, 0)
    assert report.embedded > 0  # embedded again, not reused


@pytest.mark.parametrize("made", ["folder", "pipe"])
def test_a_lock_file_that_is_no_file_is_one_sentence(run_cli, workspace: Settings, made: str) -> None:
    """An index folder's .lock made a folder or a named pipe by hand: a folder failed every build with "Is a
    directory" and no way out; a pipe held every build for good (here a reader is kept open on it, so that the
    build, before the fix, went on and said nothing instead of hanging the test)."""
    assert run_cli("index").exit_code == 0
    lock = workspace.index_dir / ".lock"
    lock.unlink()
    reader = None
    if made == "folder":
        lock.mkdir()
    else:
        os.mkfifo(lock)
        reader = os.open(lock, os.O_RDONLY | os.O_NONBLOCK)
    try:
        result = run_cli("index")
    finally:
        if reader is not None:
            os.close(reader)
    assert result.exit_code == 2, result.output
    [line] = result.stderr.splitlines()
    assert "lock file" in line and "remove it" in line, line
    lock.rmdir() if made == "folder" else lock.unlink()
    assert run_cli("index").exit_code == 0


@pytest.mark.parametrize("work", [False, True])
def test_a_folder_where_the_new_current_is_written_is_removed(run_cli, workspace: Settings, work: bool) -> None:
    """A folder at index/.CURRENT.tmp (where a build writes the pointer it then renames to CURRENT) failed every
    build, one with nothing to do too, with "Is a directory"; the build lock is held, so it is no running build's."""
    assert run_cli("index").exit_code == 0
    (workspace.index_dir / ".CURRENT.tmp" / "x").mkdir(parents=True)
    if work:
        (workspace.articles_dir / "cats.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    result = run_cli("index", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["added"] == int(work)
    assert not (workspace.index_dir / ".CURRENT.tmp").exists()


def test_vectors_changed_on_disk_are_damage_not_wrong_answers(embedder, workspace: Settings) -> None:
    """A zeroed block in vectors.faiss (a bad disk, a bad copy) read as a well-formed index: every score was 0 and
    every question refused, or answered by the wrong passage, without a word. The manifest's checksums tell it."""
    articles, _ = load_articles(workspace.articles_dir)
    first = build_index(workspace.index_dir, articles, embedder)
    vectors = workspace.index_dir / current_generation(workspace.index_dir) / "vectors.faiss"
    data = bytearray(vectors.read_bytes())
    data[200:-100] = bytes(len(data) - 300)
    vectors.write_bytes(bytes(data))
    with pytest.raises(AskbotError, match=r"vectors\.faiss is not what was written"):
        load_index(workspace.index_dir)
    report = build_index(workspace.index_dir, articles, embedder)
    assert (report.added, report.unchanged, report.embedded) == (1, 0, first.embedded)  # all again, none copied
    assert load_index(workspace.index_dir) is not None


def test_index_where_there_is_no_articles_folder_names_the_recorded_one(run_here, tmp_path: Path) -> None:
    """`askbot index --index X` run where there is no ./articles, X built with --articles elsewhere: the error
    named only ./articles, not the folder X was built from nor how to give it."""
    elsewhere = (tmp_path / "elsewhere").resolve()
    assert run_here("index", "--articles", str(elsewhere), "--index", "idx").exit_code == 0
    shutil.rmtree("articles")
    result = run_here("index", "--index", "idx")
    assert result.exit_code != 0
    assert str(elsewhere) in result.output and "--articles" in result.output


def test_a_build_keeps_user_folders_in_the_index_folder_even_named_gen(embedder, workspace: Settings) -> None:
    """Pruning old generations deleted every `gen-*` folder: a user's `gen-notes/` (or anything of theirs in a
    folder --index was pointed at) went with them. Only folders named as askbot names its generations go."""
    articles, _ = load_articles(workspace.articles_dir)
    build_index(workspace.index_dir, articles, embedder)
    for name in ("gen-notes", "notes", ".tmp-gen-mine"):
        (workspace.index_dir / name).mkdir()
        (workspace.index_dir / name / "keep.txt").write_text("mine", encoding="utf-8")
    for text in ("first change", "second change"):
        (workspace.articles_dir / "cats.txt").write_text(NEW_ARTICLE + text, encoding="utf-8")
        articles, _ = load_articles(workspace.articles_dir)
        assert build_index(workspace.index_dir, articles, embedder).changed
    for name in ("gen-notes", "notes", ".tmp-gen-mine"):
        assert (workspace.index_dir / name / "keep.txt").read_text(encoding="utf-8") == "mine"
    assert len([p for p in workspace.index_dir.glob("gen-2*")]) == 2


def _while_another_build_holds_the_lock(index_dir: Path, build, change) -> None:
    """Run `build` in a thread while the lock is held by "another build"; `change` the folder while it waits."""
    import fcntl
    import threading

    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / ".lock", "w") as other:
        fcntl.flock(other, fcntl.LOCK_EX)
        waiting = threading.Thread(target=build)
        waiting.start()
        waiting.join(timeout=1.0)
        assert waiting.is_alive(), "the build must wait for the lock"
        change()
        fcntl.flock(other, fcntl.LOCK_UN)
    waiting.join(timeout=120)
    assert not waiting.is_alive()


def test_a_cli_build_that_waited_does_not_bring_back_an_article_removed_meanwhile(run_cli, workspace: Settings) -> None:
    """`askbot index` (or a cron `askbot add`) read the folder, then waited for the lock of a running build; meanwhile
    `askbot remove` deleted an article. The waiting build then published the folder as it was before: the removed
    article was back in the index, and the running bot quoted it and listed it in /sources."""
    from askbot.cli_library import update_index
    from askbot.index import read_manifest

    (workspace.articles_dir / "cats.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    assert run_cli("index").exit_code == 0
    _while_another_build_holds_the_lock(workspace.index_dir, lambda: update_index(workspace, quiet=True),
                                        (workspace.articles_dir / "cats.txt").unlink)
    assert set(read_manifest(workspace.index_dir).articles) == {SEED.name}


def test_the_bots_reindex_that_waited_does_not_drop_an_article_added_meanwhile(embedder, workspace: Settings) -> None:
    """The bot's /reindex read the folder, then waited for `askbot index`; an article added meanwhile (and indexed by
    that build) vanished again from the index the waiting /reindex published."""
    articles, _ = load_articles(workspace.articles_dir)
    build_index(workspace.index_dir, articles, embedder, articles_dir=workspace.articles_dir)
    engine = Engine.open(workspace, embedder)
    _while_another_build_holds_the_lock(
        workspace.index_dir, lambda: engine.reindex(workspace.articles_dir),
        lambda: (workspace.articles_dir / "cats.txt").write_text(NEW_ARTICLE, encoding="utf-8"))
    assert "cats.txt" in engine.snapshot.articles


def test_a_start_up_build_that_waited_does_not_bring_back_an_article_removed_meanwhile(embedder,
                                                                                     workspace: Settings) -> None:
    """`askbot bot` (or `ask`) started while `askbot remove` updated the index: it read the folder, waited for the
    lock, then published the removed article again."""
    seeded(workspace)
    (workspace.articles_dir / "cats.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    opened: list[Engine] = []
    _while_another_build_holds_the_lock(workspace.index_dir, lambda: opened.append(Engine.open(workspace, embedder)),
                                        (workspace.articles_dir / "cats.txt").unlink)
    assert set(opened[0].snapshot.articles) == {SEED.name}


def folder_contents(folder: Path) -> dict[str, bytes | None]:
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None) for p in sorted(folder.rglob("*"))}


def leveldb_like(folder: Path, current: str) -> None:
    """A folder of another program with its own CURRENT (LevelDB's names its MANIFEST file)."""
    folder.mkdir(parents=True)
    if current == "folder":
        (folder / "CURRENT").mkdir()
        (folder / "CURRENT" / "notes.txt").write_text("mine", encoding="utf-8")
    else:
        (folder / "CURRENT").write_text(current, encoding="utf-8")
    (folder / "MANIFEST-000001").write_bytes(b"\x00leveldb")
    (folder / "000003.log").write_bytes(b"data")
    (folder / "LOCK").write_bytes(b"")


@pytest.mark.parametrize("current", ["MANIFEST-000001\n", "", "folder"])
@pytest.mark.parametrize("command", [["index"], ["index", "--rebuild"], ["ask", "why Aktau matters for Baku"],
                                     ["sources"], ["bot"]])
def test_a_folder_with_a_current_of_its_own_is_refused_not_rebuilt(run_cli, workspace: Settings, monkeypatch,
                                                                    current: str, command: list[str]) -> None:
    """--index pointed at another program's folder that has a CURRENT file: taken for a damaged index, it was
    rebuilt, writing over the user's CURRENT. One sentence, exit 2, and nothing written into the folder."""
    from askbot import bot

    def started(settings: Settings) -> None:  # not run: it would end pytest's process (`exit_at_once`) at its end
        raise AssertionError("the bot started")

    monkeypatch.setattr(bot, "run_bot", started)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:" + "A" * 35)
    leveldb_like(workspace.index_dir, current)
    before = folder_contents(workspace.index_dir)
    result = run_cli(*command)
    assert result.exit_code == 2, result.output
    [line] = result.stderr.splitlines()
    assert f"{workspace.index_dir} is not an askbot index" in line and "nothing was written into it" in line, line
    assert folder_contents(workspace.index_dir) == before


def test_a_folder_with_a_current_of_its_own_is_refused_by_the_library_too(embedder, workspace: Settings) -> None:
    """The bot's start (Engine.open) and a build called directly refuse the same way, before the lock file is made."""
    from askbot.errors import NotAnIndexError

    leveldb_like(workspace.index_dir, "MANIFEST-000001\n")
    before = folder_contents(workspace.index_dir)
    with pytest.raises(NotAnIndexError):
        Engine.open(workspace, embedder)
    articles, _ = load_articles(workspace.articles_dir)
    for rebuild in (False, True):
        with pytest.raises(NotAnIndexError):
            build_index(workspace.index_dir, articles, embedder, rebuild=rebuild)
    assert folder_contents(workspace.index_dir) == before
    assert current_generation(workspace.index_dir) is None  # a running bot's check before a question: no index


def test_an_index_whose_current_names_a_generation_gone_is_still_built(embedder, workspace: Settings) -> None:
    """A CURRENT naming a generation in askbot's way is askbot's, though the generation is gone: built as before."""
    workspace.index_dir.mkdir()
    (workspace.index_dir / "CURRENT").write_text("gen-20260101000000-0123abcd\n", encoding="utf-8")
    articles, _ = load_articles(workspace.articles_dir)
    assert build_index(workspace.index_dir, articles, embedder).added == 1
    assert current_generation(workspace.index_dir).startswith("gen-2")


@pytest.mark.parametrize("outside", ["../outside", "../../outside", "absolute"])
def test_a_replaced_generation_outside_the_index_folder_is_not_followed(embedder, workspace: Settings,
                                                                        outside: str) -> None:
    """A hand-edited manifest whose "replaced" leads out of the index folder: its vectors were copied into the
    new generation. Only a generation folder inside the index is the one it replaced; anything else is none."""
    (workspace.articles_dir / "cats.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    build_index(workspace.index_dir, load_articles(workspace.articles_dir)[0], embedder)
    with_cats = current_generation(workspace.index_dir)
    (workspace.articles_dir / "cats.txt").unlink()
    build_index(workspace.index_dir, load_articles(workspace.articles_dir)[0], embedder)
    live = workspace.index_dir / current_generation(workspace.index_dir)
    target = (workspace.index_dir / outside).resolve() if outside != "absolute" else workspace.index_dir.parent / "x"
    shutil.move(workspace.index_dir / with_cats, target)  # the cats' vectors now only outside the index
    manifest = json.loads((live / "manifest.json").read_text())
    manifest["replaced"] = str(target) if outside == "absolute" else outside
    (live / "manifest.json").write_text(json.dumps(manifest))
    (workspace.articles_dir / "cats.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    report = build_index(workspace.index_dir, load_articles(workspace.articles_dir)[0], embedder)
    assert report.added == 1 and report.embedded > 0  # embedded, not copied from outside
    assert (target / "manifest.json").is_file()  # and what is outside is left alone


def users_folder(folder: Path) -> None:
    """A folder of the user's own (~/Documents) that --index was pointed at by mistake."""
    (folder / "photos").mkdir(parents=True)
    (folder / "photos" / "cat.jpg").write_bytes(b"\xff\xd8 a photo")
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    (folder / "gen-ideas").mkdir()  # named like a generation, but no folder of askbot's
    (folder / ".hidden").write_text("mine too", encoding="utf-8")


def index_folder_of(kind: str, workspace: Settings) -> tuple[Path, str]:
    """The folder --index names for `kind`, made as such, and what the refusal says of it."""
    if kind == "the user's files":
        users_folder(workspace.index_dir)
        return workspace.index_dir, "(it already holds gen-ideas, notes.txt, photos)"
    if kind == "the articles folder":
        return workspace.articles_dir, "(it is the articles folder)"
    return workspace.articles_dir.parent, f"(the articles folder {workspace.articles_dir} is inside it)"


FOREIGN_KINDS = ["the user's files", "the articles folder", "holds the articles folder"]


@pytest.mark.parametrize("kind", FOREIGN_KINDS)
@pytest.mark.parametrize("command", [["index"], ["index", "--rebuild"], ["ask", "why Aktau matters for Baku"],
                                     ["sources"], ["bot"], ["add", "ADD"], ["remove", SEED.name]])
def test_an_index_folder_of_the_users_own_is_refused_with_nothing_written(run_cli, workspace: Settings, monkeypatch,
                                                                          kind: str, command: list[str]) -> None:
    """`askbot index --index ~/Documents` or `--index articles` wrote .lock, a generation and CURRENT among the
    user's own files (the articles folder's: read as articles at the next update). One sentence, exit 2, before
    anything is written (or an article added or removed), by every command that may build."""
    from askbot import bot

    def started(settings: Settings) -> None:  # not run: it would end pytest's process (`exit_at_once`) at its end
        raise AssertionError("the bot started")

    monkeypatch.setattr(bot, "run_bot", started)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:" + "A" * 35)
    folder, said = index_folder_of(kind, workspace)
    to_add = workspace.articles_dir.parent / "cats.txt"
    to_add.write_text(NEW_ARTICLE, encoding="utf-8")
    command = [str(to_add) if word == "ADD" else word for word in command]
    before = folder_contents(workspace.articles_dir.parent)
    result = run_cli(*command, "--index", str(folder))
    assert result.exit_code == 2, result.output
    [line] = result.stderr.splitlines()
    assert f"The folder {folder} is not an askbot index {said}, so nothing was written into it" in line, line
    assert "an empty or new one" in line, line
    assert folder_contents(workspace.articles_dir.parent) == before


@pytest.mark.parametrize("kind", FOREIGN_KINDS)
def test_an_index_folder_of_the_users_own_is_refused_by_the_library_too(embedder, workspace: Settings,
                                                                        kind: str) -> None:
    """The bot's start (Engine.open) and a build given its articles folder refuse the same way, before the lock file
    is made; a running bot's check before a question sees no index there."""
    from askbot.errors import NotAnIndexError

    folder, said = index_folder_of(kind, workspace)
    settings = workspace.with_overrides(index_dir=folder)
    before = folder_contents(workspace.articles_dir.parent)
    with pytest.raises(NotAnIndexError, match=re.escape(said)):
        Engine.open(settings, embedder)
    articles, _ = load_articles(workspace.articles_dir)
    for rebuild in (False, True):
        with pytest.raises(NotAnIndexError, match=re.escape(said)):
            build_index(folder, articles, embedder, rebuild=rebuild, articles_dir=workspace.articles_dir)
    assert folder_contents(workspace.articles_dir.parent) == before
    assert current_generation(folder) is None


def test_a_folder_holding_the_articles_folder_hidden_or_not_yet_made_is_refused(embedder, tmp_path: Path) -> None:
    """Not for what else it holds: an index folder the articles folder is (or would be) made in is refused alone."""
    from askbot.errors import NotAnIndexError

    box = tmp_path / "box"
    (box / ".articles").mkdir(parents=True)
    shutil.copy(SEED, box / ".articles" / SEED.name)
    for articles_dir in (box / ".articles", box / "later" / "articles"):
        with pytest.raises(NotAnIndexError, match="is inside it"):
            build_index(box, load_articles(box / ".articles")[0], embedder, articles_dir=articles_dir)
    assert folder_contents(box) == {".articles": None, f".articles/{SEED.name}": SEED.read_bytes()}


def test_an_index_inside_the_articles_folder_is_built_and_read_past(embedder, workspace: Settings) -> None:
    """`--index articles/index` stays allowed: the articles are read past the index's own files (no warning about
    CURRENT or the generation's files, no article of them), and a second start has nothing to do."""
    settings = workspace.with_overrides(index_dir=workspace.articles_dir / "index")
    engine = Engine.open(settings, embedder)
    assert set(engine.snapshot.articles) == {SEED.name}
    assert current_generation(settings.index_dir) is not None
    articles, skipped = load_articles(workspace.articles_dir)
    assert [a.id for a in articles] == [SEED.name] and skipped == []
    report = build_index(settings.index_dir, articles, embedder, articles_dir=workspace.articles_dir)
    assert (report.added, report.unchanged, report.changed) == (0, 1, False)


@pytest.mark.parametrize("entries", [[".DS_Store"], [".stfolder/"], ["lost+found/"],
                                     ["gen-20260101000000-0123abcd/"], ["gen-by-an-older-askbot/manifest.json"]])
def test_hidden_entries_lost_found_and_generations_are_no_users_files(embedder, workspace: Settings,
                                                                       entries: list[str]) -> None:
    """A folder holding only hidden entries, a disk's lost+found, or the generations of an index that lost its
    CURRENT (a damaged index, or a first build killed before its switch) is built in as before."""
    for entry in entries:
        path = workspace.index_dir / entry.rstrip("/")
        if entry.endswith("/"):
            path.mkdir(parents=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("{}", encoding="utf-8")
    articles, _ = load_articles(workspace.articles_dir)
    assert build_index(workspace.index_dir, articles, embedder, articles_dir=workspace.articles_dir).added == 1
    assert current_generation(workspace.index_dir) is not None


def test_a_generation_left_beside_the_users_files_does_not_make_them_an_index(embedder, workspace: Settings) -> None:
    """A first build of an older askbot killed in ~/Documents before it wrote CURRENT left a generation there: the
    user's files are still no index folder."""
    from askbot.errors import NotAnIndexError

    users_folder(workspace.index_dir)
    (workspace.index_dir / "gen-20260101000000-0123abcd").mkdir()
    before = folder_contents(workspace.index_dir)
    with pytest.raises(NotAnIndexError, match=re.escape("(it already holds gen-ideas, notes.txt, photos)")):
        build_index(workspace.index_dir, load_articles(workspace.articles_dir)[0], embedder)
    assert folder_contents(workspace.index_dir) == before


def test_an_index_already_in_the_articles_folder_keeps_working(run_cli, embedder, workspace: Settings) -> None:
    """An index of askbot's (its own CURRENT) that an older askbot built in the articles folder itself, or in one
    holding it, is no folder of the user's: it is still read, answered from and updated."""
    articles, _ = load_articles(workspace.articles_dir)
    build_index(workspace.index_dir, articles, embedder, articles_dir=workspace.articles_dir)
    for entry in workspace.index_dir.iterdir():
        shutil.move(entry, workspace.articles_dir / entry.name)
    workspace.index_dir.rmdir()
    folder = str(workspace.articles_dir)
    result = run_cli("ask", "--json", "--index", folder, "why Aktau matters for Baku")
    assert result.exit_code == 0, result.output
    assert any(AKTAU_EFFECT in a["text"] for a in json.loads(result.stdout)["answers"])
    assert SEED.name in run_cli("sources", "--index", folder).stdout
    (workspace.articles_dir / "cats.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    result = run_cli("index", "--json", "--index", folder)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["added"] == 1 and json.loads(result.stdout)["skipped"] == []
    settings = workspace.with_overrides(index_dir=workspace.articles_dir)
    assert set(Engine.open(settings, embedder).snapshot.articles) == {SEED.name, "cats.txt"}
