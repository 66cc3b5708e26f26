"""Adding articles from files, pages and feeds (served on 127.0.0.1), re-adding, replacing, removing."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from askbot import embeddings
from askbot.articles import load_articles
from askbot.cli import cli
from askbot.config import Settings
from askbot.errors import AskbotError
from askbot.htmltext import ExtractedArticle
from askbot.library import Library

FIXTURES = Path(__file__).parent / "webfixtures"


class Pages(SimpleHTTPRequestHandler):
    """webfixtures/ plus one article whose text the test can change, and a feed."""

    state: dict

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, directory=str(FIXTURES), **kwargs)

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        base = f"http://{self.headers['Host']}"
        if self.path == "/changing":
            body = self.state["changing"].encode("windows-1251")
            content_type = "text/html; charset=windows-1251"
        elif self.path == "/feed.xml":
            body = (FIXTURES / "rss.xml").read_text(encoding="utf-8").replace("{base}", base).encode()
            content_type = "application/rss+xml"
        else:
            super().do_GET()
            return
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def page(headline: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<html lang="ru"><head><title>{headline}</title>'
            f'<link rel="canonical" href="https://news.example/aktau-ferry"></head>'
            f"<body><nav>Главная | Политика | Спорт</nav><article><h1>{headline}</h1>{body}</article>"
            f"<footer>© Вестник</footer></body></html>")


FERRY = [
    "Паромная компания объявила, что с весны новый паром будет ходить между портами Актау и Баку дважды в неделю.",
    "Судно вмещает сорок железнодорожных вагонов и двести пассажиров, а рейс займёт около двадцати часов.",
    "Билеты поступят в продажу в марте, сообщили в пресс-службе порта Актау.",
]


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, dict]]:
    state = {"changing": page("Новый паром Актау – Баку", FERRY)}
    handler = type("Handler", (Pages,), {"state": state})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", state
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def embedder():
    return embeddings.load_embedder(Settings())


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, embedder, tmp_path: Path):
    monkeypatch.setattr(embeddings, "load_embedder", lambda settings, show_progress=False: embedder)
    (tmp_path / "articles").mkdir()
    monkeypatch.setenv("ASKBOT_ARTICLES_DIR", str(tmp_path / "articles"))
    monkeypatch.setenv("ASKBOT_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("ASKBOT_FETCH_TIMEOUT", "3")

    def invoke(*args: str):
        return CliRunner().invoke(cli, list(args), catch_exceptions=False)

    invoke.articles = tmp_path / "articles"
    return invoke


def sources(run) -> list[dict]:
    return json.loads(run("sources", "--json").stdout)


def test_add_page_readd_change_remove(run, server) -> None:
    base, state = server
    result = run("add", f"{base}/changing")
    assert result.exit_code == 0, result.output
    assert "added: Новый паром Актау – Баку" in result.stdout
    stored = list(run.articles.iterdir())
    assert len(stored) == 1 and stored[0].suffix == ".md"
    text = stored[0].read_text(encoding="utf-8")
    assert "source: https://news.example/aktau-ferry" in text and "Главная" not in text
    listed = sources(run)
    assert [(s["title"], s["source"]) for s in listed] == [("Новый паром Актау – Баку", "https://news.example/aktau-ferry")]
    answer = json.loads(run("ask", "--json", "How many wagons does the new ferry carry?").stdout)
    assert any("сорок железнодорожных вагонов" in a["text"] for a in answer["answers"])

    again = run("add", f"{base}/changing")
    assert "unchanged" in again.stdout
    assert len(list(run.articles.iterdir())) == 1

    state["changing"] = page("Новый паром Актау – Баку", [FERRY[0], FERRY[1].replace("сорок", "шестьдесят"), FERRY[2]])
    changed = run("add", f"{base}/changing")
    assert "replaced" in changed.stdout and "1 updated" in changed.stdout
    assert len(list(run.articles.iterdir())) == 1
    answer = json.loads(run("ask", "--json", "Сколько вагонов вмещает паром?").stdout)
    assert any("шестьдесят железнодорожных вагонов" in a["text"] for a in answer["answers"])
    assert not any("сорок железнодорожных" in a["text"] for a in answer["answers"])

    removed = run("remove", "https://news.example/aktau-ferry")
    assert removed.exit_code == 0 and "1 removed" in removed.stdout
    assert sources(run) == []


def test_add_feed_skips_broken_item(run, server) -> None:
    base, _ = server
    result = run("add", f"{base}/feed.xml")
    assert result.exit_code == 0, result.output
    assert result.stdout.count("added:") == 2
    assert "skipped" in result.stderr and "404" in result.stderr
    assert len(sources(run)) == 2


def test_bad_inputs_touch_nothing(run, server) -> None:
    base, _ = server
    assert run("add", f"{base}/changing").exit_code == 0
    before = sorted(p.read_bytes() for p in run.articles.iterdir())
    index_before = sources(run)
    for bad in (f"{base}/report.pdf", f"{base}/missing-page", f"{base}/short.html", "ftp://example.com/x",
                "http://127.0.0.1:9/closed", "no-such-file.txt"):
        result = run("add", bad)
        assert result.exit_code == 2, (bad, result.output)
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert "Traceback" not in result.output
        assert len(lines) == 1 and lines[0].startswith("askbot: "), (bad, lines)  # the reason, said once
    result = run("add", f"{base}/missing-page", "no-such-file.txt")
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 3 and "404" in lines[0] and "no-such-file.txt" in lines[1], lines
    assert lines[2] == "askbot: Nothing was added."
    assert sorted(p.read_bytes() for p in run.articles.iterdir()) == before
    assert sources(run) == index_before


def test_adding_a_folder_says_it_is_one(run, tmp_path) -> None:
    """`askbot add drafts/` was "drafts/ is neither a file nor an http(s) URL": true, and no help."""
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "ferry.md").write_text("# Паром\n\n" + " ".join(FERRY), encoding="utf-8")
    result = run("add", f"{tmp_path / 'drafts'}/")
    assert result.exit_code == 2 and result.stdout == "", result.output
    flags = f"--articles {run.articles} --index {tmp_path / 'index'}"  # as the command was given them (by env here)
    assert result.stderr.strip() == (f"askbot: {tmp_path / 'drafts'}/ is a folder: add the articles in it by name "
                                     f"(askbot add {flags} {tmp_path / 'drafts'}/*.md), or copy them into the "
                                     f"articles folder and run askbot index {flags}.")
    assert not any(run.articles.iterdir())
    (tmp_path / "drafts" / "ferry.md").unlink()  # the kinds of articles it holds, not .md whatever it holds
    for name in ("ferry.txt", "bridge.html", "notes.TXT", "readme"):
        (tmp_path / "drafts" / name).write_text("x", encoding="utf-8")
    (tmp_path / "drafts" / "old.md").mkdir()
    patterns = " ".join(f"{tmp_path / 'drafts'}/*{suffix}" for suffix in (".TXT", ".html", ".txt"))
    assert f"(askbot add {flags} {patterns}), or" in run("add", str(tmp_path / "drafts")).stderr
    (tmp_path / "empty").mkdir()
    assert f"(askbot add {flags} {tmp_path / 'empty'}/*), or" in run("add", str(tmp_path / "empty")).stderr


def test_a_problem_with_a_long_url_names_it_shortened(tmp_path, server) -> None:
    """A URL of 100,000 characters was said whole in its problem, a screenful of one sentence."""
    base, _ = server
    url = f"{base}/feed.xml?" + "q" * 100_000
    (problem,) = Library(tmp_path / "articles").add([url], timeout=2, max_bytes=1_000_000).problems
    assert problem == f"could not download {base}/feed.xml?{'q' * (199 - len(base) - 10)}…: URL too long."


def test_a_page_saved_as_a_feed_says_what_it_is(tmp_path) -> None:
    """It was "not an article format (.rss): use a .txt, .md or .html file, or an RSS/Atom feed", of a file its
    user took for a feed."""
    saved = tmp_path / "gazette.rss"
    saved.write_bytes((FIXTURES / "article_en.html").read_bytes())
    (problem,) = Library(tmp_path / "articles").add([str(saved)], timeout=1, max_bytes=1_000_000).problems
    assert problem == (f"{saved} was not added: it is a web page (HTML), not an RSS/Atom feed: rename it to .html to "
                       "add it as an article.")


def test_a_broken_symbolic_link_says_so(tmp_path) -> None:
    """It was "neither a file nor an http(s) URL", of a name `ls` lists; the other items are still added."""
    (tmp_path / "gone.html").symlink_to(tmp_path / "deleted.html")
    (tmp_path / "loop.html").symlink_to("loop.html")
    items = [str(tmp_path / "gone.html"), str(tmp_path / "loop.html"), str(FIXTURES / "article_en.html")]
    result = Library(tmp_path / "articles").add(items, timeout=1, max_bytes=1_000_000)
    assert result.problems == [
        f"{tmp_path / 'gone.html'} was not added: it is a symbolic link to {tmp_path / 'deleted.html'}, which leads "
        "to no file.",
        f"{tmp_path / 'loop.html'} was not added: it is a symbolic link to loop.html, which leads to no file."]
    assert [s.status for s in result.stored] == ["added"]


def test_add_local_html_file(run) -> None:
    result = run("add", str(FIXTURES / "article_en.html"))
    assert result.exit_code == 0, result.output
    [article] = sources(run)
    assert article["title"] == "Council approves cross-town bike lane network"
    assert article["published"] == "2024-03-12"


def test_a_saved_feed_file_is_read_as_a_feed(run, server, tmp_path) -> None:
    """`askbot add feed.xml`: the feed's items, not its XML as one article (which `askbot index` would have
    skipped, and whose markup then answered "What is the weather in Paris?")."""
    base, _ = server
    saved = tmp_path / "gazette.xml"
    saved.write_text((FIXTURES / "rss.xml").read_text(encoding="utf-8").replace("{base}", base), encoding="utf-8")
    result = run("add", str(saved))
    assert result.exit_code == 0, result.output
    assert result.stdout.count("added:") == 2 and "<?xml" not in result.stdout
    assert all("<" not in a["title"] for a in sources(run)) and len(sources(run)) == 2
    other = tmp_path / "notes.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    refused = run("add", str(other))
    assert refused.exit_code == 2 and "not an article format (.csv)" in refused.stderr
    assert len(sources(run)) == 2

FILLER = ("Подробности обещали сообщить позже, а пока жителей просят следить за новостями и сообщениями властей. "
          "Мы будем обновлять эту заметку по мере того, как появятся новые сведения.\n")


def test_two_local_files_with_one_title_are_both_kept(run, tmp_path) -> None:
    """Same first line (title), different bodies: the second `askbot add` stored over the first (the name hashed
    the title alone) while saying "added". Both stay, each under its own file's name; adding one again is
    "unchanged"."""
    first, second = tmp_path / "a" / "volcano_ru.txt", tmp_path / "b" / "volcano_ru.txt"
    first.parent.mkdir()
    second.parent.mkdir()
    first.write_text("Извержение вулкана\n\nВулкан Ключевская Сопка выбросил пепел на высоту десяти километров "
                     "над уровнем моря, сообщили вулканологи.\n\n" + FILLER, encoding="utf-8")
    second.write_text("Извержение вулкана\n\nНа Исландии вулкан у Гриндавика снова излил лаву, жителей городка "
                      "эвакуировали, сообщила полиция.\n\n" + FILLER, encoding="utf-8")
    assert "added:" in run("add", "--no-index", str(first)).stdout
    result = run("add", "--no-index", str(second))
    assert result.exit_code == 0 and "added:" in result.stdout, result.output
    [clash] = stored = [p.name for p in run.articles.iterdir() if p.name != "volcano_ru.md"]
    assert len(list(run.articles.iterdir())) == 2, stored
    assert re.fullmatch(r"volcano_ru-[0-9a-f]{6}\.md", clash), stored
    bodies = " ".join(p.read_text(encoding="utf-8") for p in run.articles.iterdir())
    assert "Ключевская" in bodies and "Гриндавика" in bodies
    again = run("add", "--no-index", str(second))
    assert "unchanged:" in again.stdout and len(list(run.articles.iterdir())) == 2
    assert run("index").exit_code == 0
    assert len(sources(run)) == 2
    assert "matches 2 articles" in run("remove", "volcano_ru.txt").stderr  # the name both were added under
    removed = run("remove", "volcano_ru.md")  # the id names one
    assert removed.exit_code == 0, removed.output
    assert [p.name for p in run.articles.iterdir()] == [clash]
    assert "Гриндавика" in (run.articles / clash).read_text(encoding="utf-8")


def test_an_edited_local_file_added_again_replaces_its_article(run, tmp_path) -> None:
    """The user fixes a typo in the file and adds it again: the article is replaced, not kept twice (both
    versions would answer, the old one with the wrong figure)."""
    note = tmp_path / "bridge.txt"
    note.write_text("Новый мост\n\nМост через реку откроют для машин в мае, сообщила мэрия города.\n\n" + FILLER,
                    encoding="utf-8")
    assert "added: Новый мост (bridge.md)" in run("add", "--no-index", str(note)).stdout
    note.write_text(note.read_text(encoding="utf-8").replace("в мае", "в июне"), encoding="utf-8")
    result = run("add", "--no-index", str(note))
    assert result.exit_code == 0 and "replaced: Новый мост (bridge.md)" in result.stdout, result.output
    [stored] = run.articles.iterdir()
    assert "в июне" in stored.read_text(encoding="utf-8") and "в мае" not in stored.read_text(encoding="utf-8")
    elsewhere = tmp_path / "other" / "bridge.txt"  # the same name from another folder is another article
    elsewhere.parent.mkdir()
    elsewhere.write_text(note.read_text(encoding="utf-8").replace("мэрия города", "губернатор"), encoding="utf-8")
    assert "added:" in run("add", "--no-index", str(elsewhere)).stdout
    assert len(list(run.articles.iterdir())) == 2


def test_another_article_saved_at_the_same_path_is_kept_beside(run, tmp_path) -> None:
    """downloads/article.txt reused for a different story: that is no edit, and must not delete the first one."""
    path = tmp_path / "article.txt"
    path.write_text("Маяк Актау\n\nСтарый маяк на мысе Меловой отремонтируют к лету, сообщили в акимате.\n\n" + FILLER,
                    encoding="utf-8")
    assert "added:" in run("add", "--no-index", str(path)).stdout
    path.write_text("Каспийские паромы\n\nНовый паром между Актау и Баку будет ходить с весны, пассажиров возьмёт "
                    "двести человек, а вагонов сорок.\n\nБилеты поступят в продажу в марте, а расписание опубликуют "
                    "на сайте порта за неделю до первого рейса.\n", encoding="utf-8")
    second = run("add", "--no-index", str(path))
    assert "added: Каспийские паромы" in second.stdout, second.output
    assert len(list(run.articles.iterdir())) == 2


def test_removing_by_a_file_name_two_files_share_is_no_guess(run, tmp_path) -> None:
    """news/ports.txt and drafts/ports.txt, both added: `remove ports.txt` removed one of them without a word."""
    for folder, text in (("news", "Маяк Актау\n\nСтарый маяк на мысе Меловой отремонтируют к лету.\n\n"),
                         ("drafts", "Каспийские паромы\n\nНовый паром между Актау и Баку будет ходить с весны.\n\n")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "ports.txt").write_text(text + FILLER, encoding="utf-8")
        assert "added:" in run("add", "--no-index", str(tmp_path / folder / "ports.txt")).stdout
    stored = sorted(p.name for p in run.articles.iterdir())
    ambiguous = run("remove", "ports.txt")
    assert ambiguous.exit_code == 2 and "matches 2 articles" in ambiguous.stderr
    assert all(name in ambiguous.stderr for name in stored), ambiguous.stderr
    removed = run("remove", str(tmp_path / "drafts" / "ports.txt"))  # the file it came from names it
    assert "removed: Каспийские паромы" in removed.stdout, removed.output
    assert len(list(run.articles.iterdir())) == 1


def test_an_empty_or_unprintable_name_to_remove_is_said_plainly(tmp_path) -> None:
    """`askbot remove ""` was "No article '' in articles"; a name of bytes that are not UTF-8 printed '\\udcff', and
    a folder name's control character reached the terminal raw."""
    from askbot.articles import check_articles_folder
    from askbot.errors import AskbotError

    (tmp_path / "articles").mkdir()
    library = Library(tmp_path / "articles")
    with pytest.raises(AskbotError, match="No article was named: give its id"):
        library.remove("  ")
    with pytest.raises(AskbotError, match="No article '\ufffd' in"):
        library.remove("\udcff")
    with pytest.raises(AskbotError, match=r"articles folder \S*/\\x01 does not exist"):
        check_articles_folder(tmp_path / "\x01")


def test_a_name_typed_in_another_unicode_form_than_the_files_is_removed(tmp_path) -> None:
    """A file named "café.txt" with e plus a combining accent (as macOS writes names) is listed by `askbot sources`
    exactly like the "café.txt" a keyboard types (one letter é), yet `askbot remove café.txt` said "No article
    'café.txt'": no way to type the name it wanted. Both forms name it now; two files that differ only so are
    still each removed by their own exact name."""
    import unicodedata

    articles = tmp_path / "articles"
    articles.mkdir()
    body = "Aktau\n" + "The port of Aktau on the Caspian Sea handles growing container traffic. " * 5 + "\n"
    decomposed, composed = unicodedata.normalize("NFD", "café.txt"), unicodedata.normalize("NFC", "café.txt")
    (articles / decomposed).write_text(body, encoding="utf-8")
    (articles / "kept.txt").write_text(body.replace("Aktau\n", "Kept\n"), encoding="utf-8")
    assert Library(articles).remove(composed).id == decomposed
    assert sorted(path.name for path in articles.iterdir()) == ["kept.txt"]
    (articles / decomposed).write_text(body, encoding="utf-8")
    (articles / composed).write_text(body.replace("Aktau\n", "Other\n"), encoding="utf-8")
    assert Library(articles).remove(composed).id == composed
    assert sorted(path.name for path in articles.iterdir()) == sorted([decomposed, "kept.txt"])


def test_a_huge_saved_feed_is_refused_without_reading_it_all(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A 3 GB sparse file starting as a feed was read whole into memory, then cut to the size limit."""
    feed = tmp_path / "feed.xml"
    feed.write_bytes(b'<rss version="2.0"><channel>')
    with feed.open("r+b") as file:
        file.truncate(20_000_000)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail(f"{self} was read whole"))
    result = Library(tmp_path / "articles").add([str(feed)], timeout=3, max_bytes=10**6)
    assert len(result.problems) == 1 and "is larger than" in result.problems[0], result.problems


def test_text_askbot_stored_reads_back_as_stored(run, tmp_path) -> None:
    """Stored articles are .md files: their text must not be read as Markdown ("O`zbekiston" lost its apostrophe,
    "> 50%" its sign), or adding the same file again found it changed."""
    path = tmp_path / "cargo.txt"
    path.write_text("Грузы через Актау\n\nO`zbekiston va Qozog`iston yuklari: > 50% of the cargo goes via __init__ "
                    "and *Aktau*, said the port.\n\n" + FILLER, encoding="utf-8")
    assert "added:" in run("add", "--no-index", str(path)).stdout
    again = run("add", "--no-index", str(path))
    assert "unchanged:" in again.stdout, again.output
    [stored] = run.articles.iterdir()
    assert "O`zbekiston va Qozog`iston yuklari: > 50% of the cargo goes via __init__ and *Aktau*" in \
        stored.read_text(encoding="utf-8")


def test_a_local_file_is_stored_under_its_own_name(run, tmp_path) -> None:
    note = tmp_path / "city notes.txt"
    note.write_text("Новый мост\n\nМост через реку откроют для машин в мае, сообщила мэрия города.\n\n" + FILLER,
                    encoding="utf-8")
    result = run("add", "--no-index", str(note))
    assert result.exit_code == 0 and "(city_notes.md)" in result.stdout, result.output
    assert [p.name for p in run.articles.iterdir()] == ["city_notes.md"]
    assert run("remove", "city notes.txt").exit_code == 0
    assert list(run.articles.iterdir()) == []


def test_stored_articles_get_the_umask_mode_not_0600(tmp_path) -> None:
    """A bot running as another user could not read what `askbot add` stored: mkstemp made every file 0600."""
    note = tmp_path / "bridge.txt"
    note.write_text("Новый мост\n\nМост через реку откроют для машин в мае, сообщила мэрия города.\n\n" + FILLER,
                    encoding="utf-8")
    previous = os.umask(0o022)
    try:
        result = Library(tmp_path / "articles").add([str(note)], timeout=3, max_bytes=10**6)
    finally:
        os.umask(previous)
    assert [s.status for s in result.stored] == ["added"], result.lines()
    assert stat.S_IMODE((tmp_path / "articles" / "bridge.md").stat().st_mode) == 0o644
    assert [p.name for p in (tmp_path / "articles").iterdir()] == ["bridge.md"]  # no temporary file left


def test_a_name_taken_by_another_add_meanwhile_is_not_written_over(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two `askbot add` of files of one name at once (city/x.txt and sport/x.txt) both found x.md free and both
    stored there: the second replaced the first, and each said "added" (2 of 12 tries lost an article)."""
    other = "Другая статья\n\nСтадион в городе закроют на ремонт до осени, сообщили в клубе.\n\n" + FILLER
    choose = Library._free_name

    def taken_meanwhile(self, *args, **kwargs):
        name = choose(self, *args, **kwargs)
        if name == "bridge.md":  # the other add stores its x.md between this one's choice and its write
            (self.directory / name).write_text(other, encoding="utf-8")
        return name

    monkeypatch.setattr(Library, "_free_name", taken_meanwhile)
    note = tmp_path / "bridge.txt"
    note.write_text("Новый мост\n\nМост через реку откроют для машин в мае, сообщила мэрия города.\n\n" + FILLER,
                    encoding="utf-8")
    (tmp_path / "articles").mkdir()
    result = Library(tmp_path / "articles").add([str(note)], timeout=3, max_bytes=10**6)
    assert [s.status for s in result.stored] == ["added"], result.lines()
    [stored] = result.stored
    assert stored.article_id != "bridge.md", result.lines()
    assert (tmp_path / "articles" / "bridge.md").read_text(encoding="utf-8") == other
    assert "Новый мост" in (tmp_path / "articles" / stored.article_id).read_text(encoding="utf-8")
    assert sorted(p.name for p in (tmp_path / "articles").iterdir()) == sorted(["bridge.md", stored.article_id])


def test_stored_articles_keep_no_control_characters(tmp_path) -> None:
    """An added file's terminal escapes and control characters were stored, and shown by `askbot ask` as they were."""
    note = tmp_path / "bridge.txt"
    note.write_text("Новый \x1b[1mмост\x1b[0m\x07\n\nМост через реку откроют\x08 для машин в мае, сообщила мэрия.\n\n"
                    + FILLER, encoding="utf-8")
    result = Library(tmp_path / "articles").add([str(note)], timeout=3, max_bytes=10**6)
    assert result.lines() == ["added: Новый мост (bridge.md)"]
    stored = (tmp_path / "articles" / "bridge.md").read_text(encoding="utf-8")
    assert "Мост через реку откроют для машин" in stored
    assert not any(ord(ch) < 32 for ch in stored if ch != "\n")


def test_odd_file_names_are_added_or_named_in_one_line(tmp_path) -> None:
    """A name of bytes that are not UTF-8 stopped `add` with "surrogates not allowed", a 300-byte one with "File
    name too long" for every file given; ".txt" alone was "no extension", "" "a folder"."""
    names = [b"\xff\xfe.txt", ("я" * 125 + ".txt").encode(), ("𠀀" * 62 + ".txt").encode(), b".txt", b"$(rm).txt"]
    for number, name in enumerate(names):
        with open(os.path.join(os.fsencode(tmp_path), name), "w", encoding="utf-8") as file:
            file.write(f"Новый мост {number}\n\nМост {number} через реку откроют для машин в мае.\n\n" + FILLER)
    items = [os.fsdecode(os.path.join(os.fsencode(tmp_path), name)) for name in names]
    too_long = str(tmp_path / ("b" * 300 + ".txt"))
    os.mkfifo(tmp_path / "pipe.txt")
    library = Library(tmp_path / "articles")
    result = library.add([*items, too_long, "", " ", str(tmp_path / "pipe.txt")], timeout=3, max_bytes=10**6)
    assert [s.status for s in result.stored] == ["added"] * len(names), result.lines()
    assert all(len(os.fsencode(p.name)) <= 255 for p in (tmp_path / "articles").iterdir())
    assert len(result.problems) == 4 and result.problems[0].endswith("… was not added: File name too long.")
    assert result.problems[3].endswith("pipe.txt was not added: not a regular file (a pipe, a socket or a device).")
    assert len(result.problems[0]) < 300 and result.problems[1].startswith("An empty name was given")
    assert library.remove(items[0]).title == "Новый мост 0"  # known again by the path it was added from


def test_an_edited_title_or_date_alone_replaces_the_added_article(tmp_path) -> None:
    """`add` of the edited file said "unchanged" and kept the old title: only the paragraphs were compared."""
    note = tmp_path / "bridge.md"
    body = "Мост через реку откроют для машин в мае, сообщила мэрия города.\n\n" + FILLER
    note.write_text(f"---\ntitle: Новый мост\ndate: 2026-11-20\n---\n{body}", encoding="utf-8")
    library = Library(tmp_path / "articles")
    assert library.add([str(note)], timeout=3, max_bytes=10**6).lines() == ["added: Новый мост (bridge.md)"]
    assert library.add([str(note)], timeout=3, max_bytes=10**6).lines() == ["unchanged: Новый мост (bridge.md)"]
    note.write_text(f"---\ntitle: Мост откроют в мае\ndate: 2026-11-20\n---\n{body}", encoding="utf-8")
    assert library.add([str(note)], timeout=3, max_bytes=10**6).lines() == ["replaced: Мост откроют в мае (bridge.md)"]
    note.write_text(f"---\ntitle: Мост откроют в мае\ndate: 2026-11-21\n---\n{body}", encoding="utf-8")
    assert library.add([str(note)], timeout=3, max_bytes=10**6).lines() == ["replaced: Мост откроют в мае (bridge.md)"]
    [stored] = library._existing()
    assert (stored.title, stored.published) == ("Мост откроют в мае", "2026-11-21")
    copy = tmp_path / "copy" / "bridge.txt"  # the same text from elsewhere is still stored once
    copy.parent.mkdir()
    copy.write_text(f"Другой заголовок\n{body}", encoding="utf-8")
    assert library.add([str(copy)], timeout=3, max_bytes=10**6).lines() == [
        "duplicate: Другой заголовок has the same text as Мост откроют в мае (bridge.md), so it was not stored again"]
    assert len(library._existing()) == 1


@pytest.fixture
def unnamed(monkeypatch: pytest.MonkeyPatch, embedder, tmp_path: Path):
    """`askbot ...` run in tmp_path/work with no folder named anywhere (./articles, the default, holds
    bridge.txt), and an index idx built from tmp_path/elsewhere (holding ports.txt)."""
    monkeypatch.setattr(embeddings, "load_embedder", lambda settings, show_progress=False: embedder)
    for name in ("ASKBOT_ARTICLES_DIR", "ASKBOT_INDEX_DIR"):
        monkeypatch.delenv(name, raising=False)
    for folder, name, text in (("work/articles", "bridge.txt", "Новый мост\n\nМост через реку откроют в мае.\n\n"),
                               ("elsewhere", "ports.txt", "Маяк Актау\n\nСтарый маяк на мысе отремонтируют.\n\n")):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / name).write_text(text + FILLER, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "work")

    def invoke(*args: str):
        return CliRunner().invoke(cli, list(args), catch_exceptions=False)

    invoke.elsewhere = (tmp_path / "elsewhere").resolve()
    assert invoke("index", "--articles", str(invoke.elsewhere), "--index", "idx").exit_code == 0
    return invoke


def folder_state(*folders: Path) -> list[tuple[str, bytes]]:
    return sorted((str(p), p.read_bytes()) for folder in folders for p in folder.rglob("*") if p.is_file())


@pytest.mark.parametrize("command", [["add", str(FIXTURES / "article_en.html")], ["remove", "bridge.txt"]])
def test_add_and_remove_do_not_turn_an_index_from_another_folder_into_a_copy_of_articles(
        unnamed, command: list[str]) -> None:
    """`askbot add PATH --index idx` stored into ./articles and rebuilt idx (built from elsewhere) from there: idx
    silently became a copy of ./articles. Refused now, naming the folder to give, with nothing touched."""
    before = folder_state(Path("articles"), unnamed.elsewhere, Path("idx"))
    result = unnamed(*command, "--index", "idx")
    assert result.exit_code == 2, result.output
    [line] = result.stderr.splitlines()
    assert line.startswith(f"askbot: The index in idx was built from {unnamed.elsewhere}, not from "
                           f"{Path('articles').absolute()}"), line
    assert f"give --articles {unnamed.elsewhere} " in line and result.stdout == ""
    assert folder_state(Path("articles"), unnamed.elsewhere, Path("idx")) == before
    # named on purpose: done as told, into (from) the folder named
    if command[0] == "add":
        named = unnamed(*command, "--index", "idx", "--articles", str(unnamed.elsewhere))
        assert named.exit_code == 0 and "1 added" in named.stdout, named.output
        assert len(list(unnamed.elsewhere.iterdir())) == 2
        assert {s["title"] for s in json.loads(unnamed("sources", "--json", "--index", "idx").stdout)} == {
            "Маяк Актау", "Council approves cross-town bike lane network"}
    else:
        named = unnamed(*command, "--index", "idx", "--articles", "articles")
        assert named.exit_code == 0 and not Path("articles/bridge.txt").exists(), named.output
        assert json.loads(unnamed("sources", "--json", "--index", "idx").stdout) == []  # a copy of ./articles


def test_add_without_the_index_stores_into_the_default_folder_whatever_the_index_records(unnamed) -> None:
    before = folder_state(unnamed.elsewhere, Path("idx"))
    result = unnamed("add", "--no-index", str(FIXTURES / "article_en.html"), "--index", "idx")
    assert result.exit_code == 0 and "added:" in result.stdout, result.output
    assert len(list(Path("articles").iterdir())) == 2 and folder_state(unnamed.elsewhere, Path("idx")) == before


@pytest.mark.parametrize("index", ["same folder", "no folder recorded", "no index yet"])
def test_add_and_remove_update_an_index_of_the_default_folder_as_before(
        unnamed, embedder, index: str) -> None:
    from askbot.articles import load_articles
    from askbot.index import build_index

    if index == "same folder":
        assert unnamed("index", "--index", "own").exit_code == 0
    elif index == "no folder recorded":  # as every index built before folders were recorded
        build_index(Path("own"), load_articles(Path("articles"))[0], embedder)
    added = unnamed("add", str(FIXTURES / "article_en.html"), "--index", "own")
    expected = "2 added" if index == "no index yet" else "1 added"  # built from ./articles, with what was added
    assert added.exit_code == 0 and f"own: {expected}" in added.stdout, added.output
    removed = unnamed("remove", "bridge.txt", "--index", "own")
    assert removed.exit_code == 0 and "1 removed" in removed.stdout, removed.output
    assert [s["title"] for s in json.loads(unnamed("sources", "--json", "--index", "own").stdout)] == [
        "Council approves cross-town bike lane network"]


def test_an_articles_link_to_itself_is_a_sentence_not_a_traceback(unnamed) -> None:
    """./articles a link that leads to itself, the index built from elsewhere: `add` raised RuntimeError
    (Symlink loop) from Path.resolve while deciding whether the folder was the recorded one."""
    shutil.rmtree("articles")
    Path("articles").symlink_to("articles")
    result = unnamed("add", str(FIXTURES / "article_en.html"), "--index", "idx")
    assert result.exit_code == 2, result.output
    [line] = result.stderr.splitlines()
    assert line.startswith("askbot: The index in idx was built from "), line


@pytest.mark.parametrize("title", ['"Japan bets on Aktau"', "'Aktau'", "[Aktau, Baku]", "|", ">", "''"])
def test_a_stored_title_reads_back_as_it_was(tmp_path, title: str) -> None:
    """Titles were written into the front matter as they were: a quoted one read back without its quotes, a list
    as its items, and "|" or ">" as nothing, so that the article's first paragraph became its title."""
    first = "Паром из Актау в Баку пойдёт по новому расписанию с июня, сообщили в порту."
    article = ExtractedArticle(title, f"{first}\n{FILLER}", "https://news.example/ferry", None, None)
    Library(tmp_path).store(article)
    [stored], skipped = load_articles(tmp_path)
    assert (stored.title, stored.paragraphs[0], skipped) == (title, first, [])


@pytest.mark.parametrize("item, told", [
    ("missing-article.txt", "missing-article.txt was not added: no such file; check the path, or give an http(s) URL."),
    ("example.com/news/1", "example.com/news/1 was not added: no such file; for a web page, give the whole URL: "
                           "https://example.com/news/1."),
    ("www.x.kz/a", "www.x.kz/a was not added: no such file; for a web page, give the whole URL: https://www.x.kz/a."),
])
def test_adding_what_is_not_there_says_what_to_do(run, item: str, told: str) -> None:
    """A missing file and a URL without https:// were both "neither a file nor an http(s) URL"."""
    result = run("add", item)
    assert result.exit_code == 2 and result.stdout == "", result.output
    assert result.stderr.strip() == f"askbot: {told}"


def test_a_path_outside_the_articles_folder_removes_no_article_of_its_name(run, tmp_path, monkeypatch) -> None:
    """`askbot remove other/dir/bridge.txt` removed articles/bridge.txt, another file that only shares its name,
    and said "removed"; it now says the path is not in the articles folder and how to remove the article."""
    (run.articles / "bridge.txt").write_text("Новый мост\n\nМост через реку откроют для машин в мае.\n\n" + FILLER,
                                             encoding="utf-8")
    other = tmp_path / "other" / "dir"
    other.mkdir(parents=True)
    (other / "bridge.txt").write_text("Другой текст\n\n" + FILLER, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    refused = run("remove", "other/dir/bridge.txt")
    assert refused.exit_code == 2, refused.output
    assert "other/dir/bridge.txt is not in the articles folder" in refused.stderr
    assert "`askbot remove --articles " in refused.stderr, refused.stderr
    assert " bridge.txt` removes it" in refused.stderr, refused.stderr
    assert (run.articles / "bridge.txt").exists()
    with pytest.raises(AskbotError, match=r"not in the articles folder .* `askbot sources` lists"):
        Library(run.articles).remove(str(other / "nothing.txt"))


@pytest.mark.parametrize("named", ["articles/bridge.txt", "./articles/bridge.txt", "{tmp}/articles/bridge.txt",
                                   "articles/bridge"])
def test_a_path_inside_the_articles_folder_still_removes_its_article(tmp_path, monkeypatch, named: str) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "bridge.txt").write_text("Новый мост\n\nМост через реку откроют для машин в мае.\n\n" + FILLER,
                                         encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert Library(Path("articles")).remove(named.format(tmp=tmp_path)).id == "bridge.txt"
    assert not (articles / "bridge.txt").exists()


@pytest.mark.parametrize(("content", "reason"), [(b"", "empty file"), (b"\x89PNG\r\n\x1a\n\x00\x00", "binary file")])
def test_removing_a_file_that_is_no_article_says_why(tmp_path, content: bytes, reason: str) -> None:
    """`askbot remove empty.txt` said "No article 'empty.txt' in articles" beside the empty.txt the user could see
    there; it says the file is none `askbot index` reads, why, and what to do."""
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "broken.txt").write_bytes(content)
    for named in ("broken.txt", str(articles / "broken.txt")):
        with pytest.raises(AskbotError) as raised:
            Library(articles).remove(named)
        message = str(raised.value)
        assert message.startswith("broken.txt in ") and reason in message and "delete it yourself" in message
    assert (articles / "broken.txt").exists()


@pytest.mark.parametrize("kind", ["file", "loop"])
def test_adding_into_an_articles_folder_that_can_be_none_says_so(run, tmp_path, kind: str) -> None:
    """`askbot add --articles news.txt` (a file) or a link in a loop said "no free file name for it in news.txt"."""
    folder = tmp_path / "news.txt"
    if kind == "file":
        folder.write_text("not a folder", encoding="utf-8")
    else:
        (tmp_path / "loop").symlink_to(folder)
        folder.symlink_to(tmp_path / "loop")
    note = tmp_path / "bridge.txt"
    note.write_text("Новый мост\n\nМост через реку откроют для машин в мае.\n\n" + FILLER, encoding="utf-8")
    result = run("add", "--no-index", "--articles", str(folder), str(note))
    assert result.exit_code == 2, result.output
    assert f"The articles folder {folder} is a" in result.stderr and "nothing was added" in result.stderr
    assert "no free file name" not in result.stderr
