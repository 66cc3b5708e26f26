"""Reading article files: encodings, titles, footers, front matter, and the reasons a file is skipped."""

from __future__ import annotations

import codecs
import os
import random
from dataclasses import replace
from pathlib import Path

import pytest
import trafilatura

from askbot import articles as articles_module
from askbot.articles import MAX_TITLE_CHARS, ArticleError, load_articles, parse_article, read_article
from askbot.chunking import chunk_article
from askbot.htmltext import decode_bytes, extract_plain_text

BODY = ("Паромная компания объявила, что с весны новый паром будет ходить между портами Актау и Баку. "
        "Судно вмещает сорок железнодорожных вагонов и двести пассажиров, рейс займёт двадцать часов.\n"
        "Билеты поступят в продажу в марте, сообщили в пресс-службе порта.")
TEXT = f"Новый паром Актау – Баку\n{BODY}\nСообщение Новый паром Актау – Баку появились сначала на example.kz.\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "windows-1251", "utf-16", "utf-16-be", "utf-16-le"])
def test_encodings_are_detected(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "ferry.txt"
    path.write_bytes(TEXT.encode(encoding))  # "utf-16-be" and "-le" without a byte-order mark
    article = read_article(path)
    assert article.title == "Новый паром Актау – Баку"
    assert article.source == "example.kz"  # the RSS footer is the source, not text
    assert article.paragraphs[0].startswith("Паромная компания")
    assert not any("появились сначала" in p for p in article.paragraphs)


@pytest.mark.parametrize("footer", [
    "The post Neue Fähre appeared first on example.kz.",
    "Der Beitrag Neue Fähre erschien zuerst auf example.kz.",
    "L’article Neue Fähre est apparu en premier sur example.kz.",
    "La entrada Neue Fähre se publicó primero en example.kz.",
    "L'articolo Neue Fähre proviene da example.kz.",
    "O post Neue Fähre apareceu primeiro em example.kz.",
    "Het bericht Neue Fähre verscheen eerst op example.kz.",
    "Neue Fähre yazısı ilk önce example.kz üzerinde ortaya çıktı.",
    "Source: example.kz",
    "Источник: example.kz.",
    "Quelle: example.kz",
    "https://example.kz",
])
def test_wordpress_footers_in_other_languages_are_the_source(tmp_path: Path, footer: str) -> None:
    """A German or Turkish site's feed footer, a "Source:" line or a link alone was the article's last paragraph,
    quoted as an answer, and the site was lost as its source."""
    path = tmp_path / "faehre.txt"
    path.write_text(f"Neue Fähre\n{BODY}\n{footer}\n", encoding="utf-8")
    article = read_article(path)
    assert article.source == ("https://example.kz" if footer.startswith("https") else "example.kz")
    assert article.paragraphs[-1] == BODY.rsplit("\n", 1)[-1]


WRAPPED = ("The port of Aktau on the Caspian Sea will double its container\ncapacity by 2027, the transport ministry "
           "said on Tuesday. The expansion\nis financed in part by a Japanese develop-\nment bank.\n\nCargo on the "
           "Middle Corridor grew by 62 percent last year, according\nto the ministry, and more ships are expected.\n")


@pytest.mark.parametrize(("name", "title"), [("wrapped.txt", "Port of Aktau expands"),
                                             ("wrapped.md", "# Port of Aktau expands")])
def test_a_hard_wrapped_text_is_read_by_paragraphs(tmp_path: Path, name: str, title: str) -> None:
    """Wrapped at 72 columns, each line was a paragraph: a passage was "capacity by 2027, the transport ministry said
    on Tuesday. The expansion", and a key sentence could not be marked. A title line is never joined to the text."""
    path = tmp_path / name
    path.write_text(f"{title}\n{WRAPPED}", encoding="utf-8")
    article = read_article(path)
    assert article.title == "Port of Aktau expands"
    assert article.paragraphs == (
        "The port of Aktau on the Caspian Sea will double its container capacity by 2027, the transport ministry said "
        "on Tuesday. The expansion is financed in part by a Japanese develop-ment bank.",
        "Cargo on the Middle Corridor grew by 62 percent last year, according to the ministry, and more ships are "
        "expected.")


def test_lines_that_end_their_sentences_stay_paragraphs(tmp_path: Path) -> None:
    """One paragraph a line (the seed's layout), an interview's dashes and a list are not joined, even without
    blank lines between them."""
    path = tmp_path / "lines.txt"
    lines = ["Паром", "Паромная компания объявила о новом рейсе", "– а когда начнутся продажи?",
             "– в марте, сообщили в порту.", "- билеты продаются онлайн", "- и в кассах порта", BODY]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert read_article(path).paragraphs[:5] == tuple(lines[1:6])
    path = tmp_path / "code.md"
    code = ("for port in ports", "if port open", "print port", "else skip")
    path.write_text(f"# Code\n\n{BODY}\n\n```\n" + "\n".join(code) + "\n```\n", encoding="utf-8")
    assert read_article(path).paragraphs[-4:] == code


def test_lines_of_signs_alone_are_no_paragraphs(tmp_path: Path) -> None:
    """"=====" under a title, "* * *" and "***" between sections were paragraphs: passages without a word."""
    path = tmp_path / "breaks.txt"
    path.write_text("=====\nНовый паром\n=====\n\n" + BODY.replace("\n", "\n\n* * *\n\n", 1) + "\n\n***\n🚢🚢\n",
                    encoding="utf-8")
    article = read_article(path)
    assert article.title == "Новый паром"
    assert article.paragraphs == tuple(BODY.split("\n"))


def test_markdown_notes_links_and_html_are_shown_as_text(tmp_path: Path) -> None:
    """A setext title's "=====", "[^1]", "[text][ref]", "[ref]: https://…" and inline HTML were quoted as written."""
    path = tmp_path / "notes.md"
    path.write_text("Port of Aktau expands\n=====================\n\nThe port will double its capacity.[^1] It is "
                    "financed by [a Japanese bank][jica].\n\n<div class=\"note\">Officials said the <b>new terminal"
                    "</b> would open in stages.<br>The first berth opens next spring.</div>\n\nSubheading\n---\n\n"
                    f"{BODY}\n\n[jica]: https://example.com/jica \"JICA\"\n[^1]: Ministry press release.\n",
                    encoding="utf-8")
    article = read_article(path)
    assert article.title == "Port of Aktau expands"
    assert article.paragraphs[:4] == (
        "The port will double its capacity. It is financed by a Japanese bank.",
        "Officials said the new terminal would open in stages. The first berth opens next spring.",
        "Subheading", BODY.split("\n")[0])
    assert article.paragraphs[-1] == "Ministry press release."


@pytest.mark.parametrize("name", ["a.md", "a.markdown", "A.MD"])
def test_front_matter_and_markdown_headings(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    meta = "title: Паром\nsource: https://example.kz/ferry\npublished: 2026-11-20"
    path.write_text(f"---\n{meta}\n---\n# Паром\n{BODY}\n")
    article = read_article(path)
    assert (article.title, article.source, article.published) == ("Паром", "https://example.kz/ferry", "2026-11-20")
    # a heading that repeats the title is no passage: "What is this article about?" was answered with "Паром"
    assert article.paragraphs[0].startswith("Паромная компания")
    path.write_text(f"---\n{meta}\n---\n\n## Новый  рейс\n{BODY}\n")
    assert read_article(path).paragraphs[0] == "Новый рейс"  # another heading stays, without its "##"
    path.write_text(f"---\ntitle: Новый рейс\n---\n\nНОВЫЙ РЕЙС\n\n{BODY}\n")  # askbot's stored copy: plain
    assert read_article(path.rename(tmp_path / "b.txt")).paragraphs[0].startswith("Паромная компания")


def test_markdown_as_static_site_generators_write_it(tmp_path: Path) -> None:
    """Hugo/Jekyll front matter (quoted values, "date") and inline markup: a passage quoted "**Важно**" and
    "[отчёт](https://…)" as they were, the title kept its quotes and the date was lost."""
    path = tmp_path / "hugo.md"
    path.write_text('---\ntitle: "Паром: новый рейс"\ndate: 2025-01-02\n---\n'
                    f"**Важно**: паром _уже_ ходит, см. [отчёт](https://example.kz/report \"PDF\").\n"
                    f"> {BODY}\n\n---\n`5 * 3` и snake_case_name остаются\n", encoding="utf-8")
    article = read_article(path)
    assert (article.title, article.published) == ("Паром: новый рейс", "2025-01-02")
    assert article.paragraphs[0] == "Важно: паром уже ходит, см. отчёт."
    assert article.paragraphs[1].startswith("Паромная компания")
    assert article.paragraphs[-1] == "5 * 3 и snake_case_name остаются"
    path.write_text('---\ntitle: "Aktau" and "Baku"\nurl: /posts/aktau/\n---\nO`zbekiston don`t\n' + BODY,
                    encoding="utf-8")
    article = read_article(path)
    assert (article.title, article.source) == ('"Aktau" and "Baku"', None)  # a site path is no source
    assert article.paragraphs[0] == "O`zbekiston don`t"  # backticks as apostrophes are no code


def test_hugo_toml_front_matter_is_read(tmp_path: Path) -> None:
    """Hugo's TOML front matter between `+++` lines: the title was "+++" and `title = "…"` the first passage."""
    path = tmp_path / "hugo.md"
    path.write_bytes(('+++\r\ntitle = "Паром \\"Актау\\" — Баку"\r\ndate = 2026-11-30T10:00:00+05:00\r\n'
                      'url = "/news/ferry/"\r\ntags = ["порт", "паром"]\r\nlanguage = \'ru\'\r\n[params]\r\n'
                      f'source = "https://wrong.example"\r\n+++\r\n\r\n{BODY}\r\n').encode())
    article = read_article(path)
    assert (article.title, article.published, article.language, article.source) == (
        'Паром "Актау" — Баку', "2026-11-30T10:00:00+05:00", "ru", None)  # a [table]'s keys are not the page's
    assert article.paragraphs[0].startswith("Паромная компания")
    path.write_text(f"+++\ntitle = \"Без конца\"\n{BODY}\n", encoding="utf-8")  # no closing +++: text
    assert read_article(path).title == 'title = "Без конца"'


def test_markdown_code_fences_and_table_rules_are_no_passages(tmp_path: Path) -> None:
    """"```python", "```" and "|---|---|" were passages of their own, with no words in them, and such a passage
    (and "| a | b |") outranked the article's text for unrelated questions."""
    path = tmp_path / "table.md"
    path.write_text(f"# Грузы\n\n| Порт | Грузы, млн т |\n|:---|---:|\n| Актау | 3,7 |\n\n```python\n"
                    f"print('hi')\n```\n~~~\nx = 1\n~~~\n\n{BODY}\n", encoding="utf-8")
    assert read_article(path).paragraphs[:4] == ("Порт | Грузы, млн т", "Актау | 3,7", "print('hi')", "x = 1")


@pytest.mark.parametrize(("content", "reason"), [
    (b"", "empty file"),
    (b"   \n\n ", "empty file"),
    (bytes(range(256)) * 8, "binary"),
    ("Заголовок\nКоротко.".encode(), "too short"),
    ("Только заголовок".encode(), "no article text"),
])
def test_unusable_files_say_why(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(ArticleError, match=reason):
        read_article(path)


@pytest.mark.parametrize("content", [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
                                     b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)) * 4])
def test_a_binary_file_saved_as_html_says_so(tmp_path: Path, content: bytes) -> None:
    """An image or an archive renamed .html was "too short to be an article (0 characters of main text)"."""
    path = tmp_path / "page.html"
    path.write_bytes(content)
    with pytest.raises(ArticleError, match="binary file, not text"):
        read_article(path)
    path.write_bytes(f"<html><body><article><p>{BODY}</p></article></body></html>".encode("utf-16"))
    assert read_article(path).paragraphs[0].startswith("Паромная компания")  # UTF-16's NULs are text


def test_a_deeply_nested_page_is_read_whole_or_refused_by_name(tmp_path: Path) -> None:
    """lxml's default limits stopped parsing 256 elements deep, without a word: a page of 1,000 unclosed <div>s
    was "too short to be an article (0 characters)", and one whose story went on below that depth was indexed
    cut off. 300,000 levels, past even huge_tree's 2,048, are refused by name, not indexed half."""
    story = "".join(f"<p>{line}</p>" for line in BODY.split("\n"))
    (tmp_path / "deep.html").write_text(f"<html><body>{'<div>' * 1000}{story}{'</div>' * 1000}</body></html>")
    (tmp_path / "deeper.html").write_text(f"<html><body><p>{BODY}</p>{'<div>' * 300_000}<p>{BODY}</p></body></html>")
    found, skipped = load_articles(tmp_path)
    assert [a.id for a in found] == ["deep.html"]
    assert found[0].paragraphs[0].startswith("Паромная компания")
    assert [(s.path, s.reason) for s in skipped] == [("deeper.html", (
        "the page is nested more than 2,048 elements deep (unclosed tags?), deeper than askbot can read, so its "
        "text could not be read whole."))]


def test_a_page_of_countless_elements_is_refused_by_name(tmp_path: Path) -> None:
    """A 17 MB file of empty tags took 43 s to extract (about 16 µs an element) before it was skipped as "too short",
    and again at every start of `ask`, `chat` or the bot; past 150,000 elements it is refused at once, by name."""
    story = "".join(f"<p>{line}</p>" for line in BODY.split("\n"))
    (tmp_path / "tags.html").write_text(f"<html><body>{story}<p>{'<b></b>' * 200_000}</p></body></html>")
    (tmp_path / "page.html").write_text(f"<html><body>{story}<p>{'<b>x</b> ' * 5_000}</p></body></html>")
    found, skipped = load_articles(tmp_path)
    assert [a.id for a in found] == ["page.html"]
    assert [(s.path, s.reason) for s in skipped] == [("tags.html", (
        "the page has more than 150,000 HTML elements, more than any article page, so it was not read: save the "
        "article's own page, or its text as a .txt file."))]


@pytest.mark.parametrize("name", ["report.html", "report.txt", "report.md"])
def test_a_pdf_without_nul_bytes_saved_as_text_says_so(tmp_path: Path, name: str) -> None:
    """A PDF of uncompressed text renamed .html or .txt has no NUL byte: it was "too short to be an article", or
    its text stream stored as one."""
    path = tmp_path / name
    stream = "".join(f"BT /F1 12 Tf 72 {700 - 14 * n} Td ({line}) Tj ET\n" for n, line in enumerate(BODY.split(". ")))
    path.write_text(f"%PDF-1.4\n1 0 obj << /Length {len(stream)} >>\nstream\n{stream}endstream\nendobj\n%%EOF\n",
                    encoding="utf-8")
    with pytest.raises(ArticleError, match=r"binary file, not text \(a PDF by its first bytes\)"):
        read_article(path)


@pytest.mark.parametrize(("name", "encoding", "opening"), [
    ("saved.txt", "utf-8", "<!DOCTYPE html>\n"), ("saved.md", "utf-8-sig", "\n  <!-- saved from url -->\n"),
    ("saved.txt", "utf-16-le", ""), ("saved.text", "windows-1251", '<?xml version="1.0"?>\n<!doctype HTML>')])
def test_a_web_page_saved_as_text_is_read_as_a_page(tmp_path: Path, name: str, encoding: str, opening: str) -> None:
    """"Save page as…" under a .txt name: its markup was indexed as the text, "<!DOCTYPE html>" as the title."""
    path = tmp_path / name
    charset = "" if encoding.startswith("utf") else f'<meta charset="{encoding}">'
    path.write_bytes(f"{opening}<html lang=ru><head>{charset}<title>Новый паром</title></head><body><nav>Меню</nav>"
                     f"<article><p>{BODY.replace(chr(10), '</p><p>')}</p></article></body></html>".encode(encoding))
    article = read_article(path)
    assert article.title == "Новый паром"
    assert article.paragraphs[0].startswith("Паромная компания") and "<" not in article.body
    path.write_text(f"Статья о тегах <html> и <!DOCTYPE html>\n{BODY}", encoding="utf-8")  # text about HTML stays text
    assert read_article(path).title == "Статья о тегах <html> и <!DOCTYPE html>"


def test_a_book_is_not_an_article(tmp_path: Path) -> None:
    """Half a million characters would take many minutes to embed: refused with a way out, not indexed."""
    path = tmp_path / "book.txt"
    paragraph = "The port handled another record number of ships, and the customs queue grew again. " * 10
    path.write_text("A book\n" + "\n".join(f"{i}. {paragraph}" for i in range(700)), encoding="utf-8")
    with pytest.raises(ArticleError, match="split it into several articles"):
        read_article(path)


def test_a_book_sized_text_is_refused_before_it_is_parsed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A 15 MB text file was parsed whole (minutes, see below) at every index, ask and bot start, then refused as
    too long: one with twice the limit of characters that are not spaces is refused before parsing."""
    monkeypatch.setattr(articles_module, "parse_article", lambda *args, **kwargs: pytest.fail("it was parsed"))
    path = tmp_path / "book.txt"
    path.write_text("A book\n" + "The port handled another record number of ships.\n" * 25_000, encoding="utf-8")
    with pytest.raises(ArticleError, match=r"more than the 500,000 .* split it into several articles"):
        read_article(path)


def test_a_long_text_wrapped_in_one_block_is_unwrapped_whole() -> None:
    """Each line of a wrapped block was added to its paragraph's string, copying it whole every time: 100,000 wrapped
    lines (5 MB) took 30 s and 400,000 over five minutes, in `askbot index`, `ask` and the bot's start alike. Now
    about a second for these 200,000 (`python scripts/bench_reading.py`; a timing is a benchmark, not a test)."""
    text = "Title\n" + "\n".join(["the port of aktau grows and ships more each year and"] * 200_000)
    paragraphs = articles_module.unwrap(text).split("\n")
    assert len(paragraphs) == 2 and paragraphs[1].count("aktau") == 200_000


def test_a_huge_front_matter_is_read_whole() -> None:
    """Each item of a front matter's list (and each wrapped line of a value) copied the list (the value) read so far:
    100,000 items took 10 s, 200,000 forty, at every start of `ask` and the bot; now well under a second
    (`python scripts/bench_reading.py`). The values read are the same."""
    from askbot.articles import split_front_matter

    meta, body = split_front_matter("---\ntitle:\n" + "- Aktau\n" * 200_000 + "source: https://a.example/x\n"
                                    + "  /more\n" * 200_000 + "---\nBody")
    assert meta["title"] == ", ".join(["Aktau"] * 200_000) and body.strip() == "Body"
    assert meta["source"] == "https://a.example/x" + " /more" * 200_000


def test_a_data_dump_is_skipped_but_an_article_with_a_table_is_not(tmp_path: Path) -> None:
    """5,000 log lines saved as .txt took four minutes and a GB to index, and then answered "how many ships did the
    port handle?" with log lines (score 0.80); a CSV export the same. An article with a long table, or a poem of
    short lines, is an article."""
    (tmp_path / "app.txt").write_text("Server log\n" + "".join(
        f"2024-03-{1 + n % 28:02d}T12:{n % 60:02d}:{n % 60:02d}Z INFO worker-{n % 8} GET /api/items/{n} 200 {n}ms\n"
        for n in range(5000)))
    (tmp_path / "prices.txt").write_text("date,port,open,close,volume\n" + "".join(
        f"2024-{1 + n % 12:02d}-{1 + n % 28:02d},Aktau,{n % 20}.30,{n % 19}.10,{1000 + n}\n" for n in range(5000)))
    rows = "".join(f"| Aktau | {2000 + n} | {n % 9},{n % 7} | {n * 3 % 100}.5 |\n" for n in range(300))
    prose = "\n\n".join(BODY.replace("\n", " ") for _ in range(8))
    (tmp_path / "table.md").write_text(f"# Порт Актау в цифрах\n\n{prose}\n\n| Порт | Год | Млн т | Рост |\n"
                                       f"|---|---|---|---|\n{rows}\n{prose}\n")
    (tmp_path / "poem.txt").write_text("Паром\n" + "".join(f"Плывёт паром {'далеко' if n % 2 else 'домой'}\n"
                                                          for n in range(150)))
    (tmp_path / "transcript.txt").write_text("Interview transcript\n" + "".join(
        f"00:{n // 60:02d}:{n % 60:02d} {'Host' if n % 2 else 'Guest'}: We spoke about the port of Aktau, part {n}.\n"
        for n in range(200)))
    found, skipped = load_articles(tmp_path)
    assert sorted(a.id for a in found) == ["poem.txt", "table.md", "transcript.txt"]
    assert "Aktau | 2299 | 2,5 | 97.5" in next(a for a in found if a.id == "table.md").paragraphs
    why = "lines are numbers, table rows or log entries rather than sentences, which would be quoted as answers to any "
    assert {s.path: s.reason for s in skipped} == {
        "app.txt": f"data, not an article: 5,000 of its 5,000 {why}question",
        "prices.txt": f"data, not an article: 5,000 of its 5,000 {why}question"}


def test_a_broken_link_is_reported(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(TEXT)
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    found, skipped = load_articles(tmp_path)
    assert [a.id for a in found] == ["good.txt"]
    assert [(s.path, "does not exist" in s.reason) for s in skipped] == [("gone.txt", True)]


def test_a_file_name_with_a_control_character_is_one_plain_line(tmp_path: Path) -> None:
    """"a\\nb.txt" was indexed under a two-line name (two lines in every warning and in `sources`), and a name or
    link target holding an escape sequence set the terminal's title when its warning was printed."""
    (tmp_path / "good.txt").write_text(TEXT)
    (tmp_path / "a\nb.txt").write_text(TEXT)
    (tmp_path / "\x1b]0;PWNED\x07.txt").write_text(TEXT)
    (tmp_path / "gone.txt").symlink_to("/x\x1b[2J")
    found, skipped = load_articles(tmp_path)
    assert [a.id for a in found] == ["good.txt"]
    rename = "file name holds a control character (a new line, an escape code): rename it"
    assert {s.path: s.reason for s in skipped} == {
        "a\\nb.txt": rename, "\\x1b]0;PWNED\\x07.txt": rename, "gone.txt": "a link to /x\\x1b[2J, which does not exist"}


def test_folder_skips_with_reasons_and_keeps_the_rest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "good.txt").write_text(TEXT)
    (tmp_path / "empty.md").write_text("")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (tmp_path / ".hidden.txt").write_text(TEXT)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "nested.txt").write_text(TEXT.replace("Новый паром", "Старый паром"))
    (tmp_path / "huge.txt").write_text(TEXT)
    monkeypatch.setattr(articles_module, "MAX_ARTICLE_BYTES", 100)
    found, skipped = load_articles(tmp_path)
    assert [a.id for a in found] == []  # every file is over the (patched) size limit or unusable
    monkeypatch.setattr(articles_module, "MAX_ARTICLE_BYTES", 10**6)
    (tmp_path / "huge.txt").unlink()
    found, skipped = load_articles(tmp_path)
    assert sorted(a.id for a in found) == ["good.txt", "sub/nested.txt"]
    assert {s.path: s.reason for s in skipped} == {
        "empty.md": "empty file", "photo.jpg": "not an article format (.jpg); use .txt, .md or .html"}


def test_chunks_are_chat_sized_and_know_their_place() -> None:
    seed = Path(__file__).resolve().parent.parent / "articles" / "000_30da5d738366707b.txt"
    article = read_article(seed)
    chunks = chunk_article(article)
    sections = [c for c in chunks if c.granularity == "section"]
    assert sections and all(len(c.text) <= 700 for c in sections)
    body = article.body
    for chunk in chunks:
        assert body[chunk.start:chunk.end].startswith(chunk.text[:20])
        assert 1 <= chunk.paragraph <= len(article.paragraphs)
    # interviewer questions are context, not passages
    assert not any(c.text.startswith("– Азер Джамалович") for c in sections)
    assert any("Почему это так важно для нас?" in c.context for c in chunks)
    assert chunk_article(article) == chunks  # pure


def test_text_without_full_stops_is_searchable_to_its_end() -> None:
    """A 20,000-character paragraph with no sentence end (a transcript, a flattened list) used to be one
    "sentence": shown cut at 700 characters, embedded only as far as the model's 512 tokens reach."""
    words = " ".join(f"слово{i} порт Актау груз" for i in range(1000))
    article = parse_article(f"Без точек\n{words} последнееслово\n", "nostops.txt")
    chunks = chunk_article(article)
    sections = [c for c in chunks if c.granularity == "section"]
    assert len(sections) > 20 and all(len(c.text) <= 700 for c in chunks)
    assert any("последнееслово" in c.embed_text and len(c.embed_text) <= 700 for c in sections)
    assert " ".join(c.text for c in sections).split() == article.paragraphs[0].split()  # every word, once


def test_parse_is_independent_of_files() -> None:
    assert parse_article(TEXT, "x").content_hash == parse_article(TEXT.replace("\n", "\r\n"), "y").content_hash


def test_button_labels_drop_the_interviewers_form_of_address() -> None:
    from askbot.views import short_label

    assert short_label("Азер Джамалович, давайте коснемся геополитики?") == "Давайте коснемся геополитики?"
    assert short_label("Why, then, did Japan act?") == "Why, then, did Japan act?"
    assert short_label("Вы думаете, это намеренный шаг, а не просто фигура речи?").startswith("Вы думаете,")
    assert len(short_label("слово " * 40)) <= 60


def test_a_first_line_too_long_for_a_title_stays_in_the_text(tmp_path: Path) -> None:
    """A file without a title line: its first paragraph must stay searchable, and the title fit a chat line."""
    first = "Порт Актау получит японскую систему Smart-Port к 2027 году. " + "Подробности проекта. " * 20
    path = tmp_path / "no-title.txt"
    path.write_text(f"{first}\n{BODY}\n", encoding="utf-8")
    article = read_article(path)
    assert article.title == "Порт Актау получит японскую систему Smart-Port к 2027 году."
    assert article.paragraphs[0] == first.strip()


@pytest.mark.parametrize("name", ["long.md", "long.html"])
def test_a_long_title_is_shortened_at_a_word(tmp_path: Path, name: str) -> None:
    title = "Очень длинный заголовок " * 30
    path = tmp_path / name
    if name.endswith(".md"):
        path.write_text(f"---\ntitle: {title}\n---\n{BODY}\n", encoding="utf-8")
    else:
        paragraphs = "".join(f"<p>{line}</p>" for line in BODY.splitlines())
        path.write_text(f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{paragraphs}"
                        "</article></body></html>", encoding="utf-8")
    article = read_article(path)
    kept = article.title.removesuffix("…")
    assert len(article.title) <= MAX_TITLE_CHARS and article.title.endswith("…"), article.title
    assert title.startswith(kept) and title[len(kept)] == " ", article.title  # cut between two words


def test_a_symbolic_link_loop_is_named(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(TEXT)
    (tmp_path / "loop1.txt").symlink_to("loop2.txt")
    (tmp_path / "loop2.txt").symlink_to("loop1.txt")
    found, skipped = load_articles(tmp_path)
    assert [a.id for a in found] == ["good.txt"]
    assert {s.path: s.reason for s in skipped} == {"loop1.txt": "a symbolic link loop",
                                                   "loop2.txt": "a symbolic link loop"}


def test_a_link_to_a_folder_is_named_not_passed_over(tmp_path: Path) -> None:
    """`articles/extra -> /data/news`: os.walk lists a link to a folder among the folders and does not enter it, so
    its articles were left out in silence. It is not followed (it may loop), but said; a linked index is not."""
    folder = tmp_path / "articles"
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "ferry.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "index" / "gen-1").mkdir(parents=True)
    (tmp_path / "index" / "gen-1" / "manifest.json").write_text("{}", encoding="utf-8")
    folder.mkdir()
    (folder / "ferry.txt").write_text(TEXT, encoding="utf-8")
    (folder / "extra").symlink_to(tmp_path / "news")
    (folder / "index").symlink_to(tmp_path / "index")
    articles, skipped = load_articles(folder)
    assert [a.id for a in articles] == ["ferry.txt"]
    assert [(s.path, s.reason) for s in skipped] == [
        ("extra", "a link to a folder, which is not followed: move or copy its articles into the articles folder")]


def test_a_folder_nested_a_thousand_deep_is_read(tmp_path: Path) -> None:
    """Python 3.11's os.walk recurses once per level: articles/a/a/a/… 1,100 deep (a runaway script, a bad sync)
    ended `askbot index`, `ask` and the bot's start with a RecursionError traceback. The article at the bottom is
    read, and the one beside the folder too."""
    folder = tmp_path / "articles"
    deep = folder
    for _ in range(1_100):
        deep = deep / "a"
        deep.mkdir(parents=deep.parent == folder)
    (deep / "deep.txt").write_text(TEXT, encoding="utf-8")
    (folder / "top.txt").write_text(TEXT.replace("Новый паром", "Старый паром"), encoding="utf-8")
    try:
        found, skipped = load_articles(folder)
        assert sorted(a.id.rsplit("/", 1)[-1] for a in found) == ["deep.txt", "top.txt"] and not skipped
    finally:  # Python 3.11's shutil.rmtree, which cleans tmp_path up, recurses once per level too
        (deep / "deep.txt").unlink()
        while deep != folder:
            deep.rmdir()
            deep = deep.parent


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="no /proc")
def test_a_link_to_a_file_of_proc_is_no_article(tmp_path: Path) -> None:
    """`ln -s /proc/self/status articles/status.txt`: a regular file to stat, it was indexed as an article ("Name:
    python"), different at every read, so every `askbot index` updated it and every `ask` loaded the model to
    re-embed it. Such a file is skipped, named by the link, and the rest is read."""
    (tmp_path / "good.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "status.txt").symlink_to("/proc/self/status")
    found, skipped = load_articles(tmp_path)
    assert [a.id for a in found] == ["good.txt"]
    assert [(s.path, s.reason) for s in skipped] == [
        ("status.txt", "a link to /proc/self/status, a view of the running system that changes as it is read, "
                       "not an article")]
    with pytest.raises(ArticleError, match="a link to /proc/self/status"):  # what `askbot add status.txt` says
        read_article(tmp_path / "status.txt")


def test_a_pipe_or_a_device_is_named_and_a_folder_named_txt_is_a_folder(tmp_path: Path) -> None:
    """A named pipe, or a link to /dev/zero, was passed over in silence; never read (it would never end)."""
    (tmp_path / "good.txt").write_text(TEXT)
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    (tmp_path / "folder.txt").mkdir()
    (tmp_path / "folder.txt" / "inner.txt").write_text(TEXT)
    found, skipped = load_articles(tmp_path)
    assert [a.id for a in found] == ["folder.txt/inner.txt", "good.txt"]
    assert {s.path: s.reason for s in skipped} == dict.fromkeys(
        ["pipe.txt", "zero.txt"], "not a regular file (a pipe, a socket or a device)")


def test_a_file_name_that_is_not_utf8_is_skipped(tmp_path: Path) -> None:
    """SQLite cannot store such a name: it stopped every build with a UnicodeEncodeError."""
    (tmp_path / "good.txt").write_text(TEXT)
    with open(bytes(tmp_path) + b"/x_\xff.txt", "w") as handle:
        handle.write(TEXT)
    found, skipped = load_articles(tmp_path)
    assert [a.id for a in found] == ["good.txt"]
    assert [(s.path, s.reason) for s in skipped] == [("x_\ufffd.txt", "file name is not valid UTF-8: rename it")]


def random_bytes(low: int, high: int) -> bytes:
    generator = random.Random(1)
    return bytes(generator.randrange(low, high) for _ in range(4000))


@pytest.mark.parametrize("content", [
    random_bytes(1, 256),  # no NUL byte to give it away
    random_bytes(1, 128),  # valid UTF-8, a quarter of it control characters
    codecs.BOM_UTF8 + random_bytes(1, 128),
])
def test_binary_without_nul_bytes_is_not_text(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "b.txt"
    path.write_bytes(content)
    with pytest.raises(ArticleError, match="binary"):
        read_article(path)


def test_real_text_in_single_byte_charsets_is_not_binary(tmp_path: Path) -> None:
    french = ("Le port d'Aktau s'agrandit\nLe café du port est très animé depuis l'arrivée des nouveaux ferries. "
              "Les dockers déchargent des céréales, du coton et des pièces détachées pour l'industrie. "
              "À l'été, la capitale régionale attend deux fois plus de navires qu'en hiver, dit le directeur.\n")
    path = tmp_path / "fr.txt"
    path.write_bytes(french.encode("latin-1"))
    assert read_article(path).title == "Le port d'Aktau s'agrandit"
    path.write_bytes(TEXT.replace("–", "-").encode("koi8-r"))
    assert read_article(path).title == "Новый паром Актау - Баку"
    path.write_bytes(("Title\n\x1b[1mBold\x1b[0m " + BODY).encode())  # terminal colour codes in UTF-8
    assert read_article(path).title == "Title"


@pytest.mark.parametrize(("body", "why"), [
    ("#" * 4000, "not a single word"),
    ("\u200b\u200b\u2060\n\u200b \u200d\n" * 100, "a title line and at least one paragraph"),
])
def test_text_without_words_is_no_article(tmp_path: Path, body: str, why: str) -> None:
    path = tmp_path / "signs.txt"
    path.write_text(f"Title\n{body}\n", encoding="utf-8")
    with pytest.raises(ArticleError, match=why):
        read_article(path)


def test_front_matter_without_its_end_is_text(tmp_path: Path) -> None:
    """The title was "---"."""
    path = tmp_path / "open.md"
    path.write_text(f"---\ntitle: Паром\nsource: x\n{BODY}\n", encoding="utf-8")
    article = read_article(path)
    assert (article.title, article.source) == ("title: Паром", None)
    assert article.paragraphs[0] == "source: x"


ENGLISH = ("Japan’s new corridor\nJapan’s “Middle Corridor” plans were discussed in Aktau, where officials said "
           "the port’s capacity would double by 2030. The ferries to Baku will run twice a week, the minister’s "
           "office said, and cargo trains will follow.\n")
FRENCH = ("Le café du port\nDéjà vu : la naïve idée d'un café au port est très animée à Aktau, où les dockers "
          "déchargent des céréales et des pièces détachées, dit le directeur. À l'été, deux fois plus de navires "
          "arrivent qu'en hiver, et les cafés du quai restent ouverts jusqu'à minuit.\n")


def damaged(text: str, at: int = 160) -> bytes:
    """UTF-8 with one invalid byte in it at byte `at` (in the text, not the title), as a bad copy leaves."""
    data = text.encode("utf-8")
    return data[:at] + b"\xff" + data[at:]


@pytest.mark.parametrize(("data", "title", "expected"), [
    (damaged(ENGLISH), "Japan’s new corridor", "the port’s capacity"),  # was Mac-Roman: "Japan‚Äôs"
    (damaged(ENGLISH, ENGLISH.encode().index("’s office".encode()) + 1), "Japan’s new corridor", "port’s"),
    (damaged(TEXT), "Новый паром Актау – Баку", "сорок железнодорожных"),  # was "binary file or unknown text"
    (FRENCH.encode("latin-1"), "Le café du port", "la naïve idée"),  # was a Baltic codepage: "déją naļve"
    ("Zażółć gęślą jaźń\nŁódź płynie po jeziorze spokojnie, a żółw śpi na brzegu, mówią rybacy z Gdańska, "
     "którzy widzieli go wczoraj. Świetnie się czuje, dodają, i je sałatę. Żółwie żyją długo, a ten ma "
     "podobno ponad sto lat, więc widział już niejedną łódź.\n".encode("cp1250"),
     "Zażółć gęślą jaźń", "żółw śpi"),
])
def test_text_encodings_are_read_as_people_write_them(tmp_path: Path, data: bytes, title: str, expected: str) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(data)
    article = read_article(path)
    assert article.title == title
    assert expected in article.body


@pytest.mark.parametrize(("text", "encoding"), [
    # a wrong Latin codepage turns letters into letters: "Cumhurbaþkaný", "következõ" read as windows-1252
    ("Cumhurbaşkanı açıkladı, ekonomi büyüyor ve işsizlik düşüyor; yatırımcılar güçlü bir görünüm bekliyor.",
     "cp1254"),
    ("A következő hónapban erősödik a gazdaság, és a fejlődés gyorsul. Különösen fontos ez az időszak.", "cp1250"),
    ("El gobierno anunció que la economía española crecerá más rápido. Además, habrá más inversión.", "latin-1"),
    # short Russian and accented Western text was guessed as Shift-JIS or Urdu (cp1006)
    ("Курс тенге\nНацбанк повысил ставку до 16,5%.", "koi8-r"),
    ("Новости", "cp1251"),
    ("Café crème", "cp1252"),
    ("déjà vu, naïve, très élevé", "latin-1"),
])
def test_single_byte_text_is_read_in_its_own_codepage(text: str, encoding: str) -> None:
    from askbot.charsets import decode_undeclared

    assert decode_undeclared(text.encode(encoding))[0] == text


def test_pages_without_a_charset_are_read_as_people_write_them() -> None:
    page = "<html><body><article><p>{}</p></article></body></html>"
    assert "la naïve idée" in decode_bytes(page.format(FRENCH).encode("latin-1"))
    assert "the port’s capacity" in decode_bytes(damaged(page.format(ENGLISH)))
    assert "сорок железнодорожных" in decode_bytes(damaged(page.format(TEXT)))


@pytest.mark.parametrize(("encoding", "newline"), [("utf-8-sig", "\n"), ("utf-8", "\r"), ("utf-8-sig", "\r\n")])
def test_front_matter_survives_a_byte_order_mark_and_old_line_ends(tmp_path: Path, encoding: str,
                                                                   newline: str) -> None:
    """Saved by Notepad (a BOM) or an old Mac editor (CR alone): the title was "title: Паром" and the source
    a passage."""
    path = tmp_path / "a.md"
    text = f"---\ntitle: Паром\nsource: https://example.kz/ferry\ndate: 2026-11-20\n---\n{BODY}\n"
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    article = read_article(path)
    assert (article.title, article.source, article.published) == ("Паром", "https://example.kz/ferry", "2026-11-20")
    assert article.paragraphs[0].startswith("Паромная компания")
    assert not any("example.kz" in p for p in article.paragraphs)


def test_a_yaml_block_value_is_read_from_its_lines(tmp_path: Path) -> None:
    """`source: >` with the URL on the next line stored ">" as the source."""
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: |-\n  Паром Актау –\n  Баку\nsource: >\n  https://example.kz/ferry\n"
                    f"lang: >-\n\ntags:\n  - port\n---\n{BODY}\n", encoding="utf-8")
    article = read_article(path)
    assert (article.title, article.source, article.language) == ("Паром Актау – Баку", "https://example.kz/ferry",
                                                                 None)


@pytest.mark.parametrize("front", [
    'title: [Паром Актау, "Баку, Азербайджан"]\ntags: [port, ferry]\nsource: ["https://example.kz/ferry", x]\n'
    "language: [ru]",
    "title:\n- Паром Актау\n- Баку, Азербайджан\ntags:\n  - port\nsource:\n  - https://example.kz/ferry\n"
    "  - https://example.kz/other\nlang:\n  - ru\n  - en",
])
def test_front_matter_lists_are_read_as_their_items(tmp_path: Path, front: str) -> None:
    """A YAML list was shown as written: the title "[Паром Актау, …]", the source "- https://… - https://…";
    a title of unindented `- ` items was lost and the body's first line became it."""
    path = tmp_path / "a.md"
    path.write_text(f"---\n{front}\n---\n{BODY}\n", encoding="utf-8")
    article = read_article(path)
    assert (article.title, article.source, article.language) == (
        "Паром Актау, Баку, Азербайджан", "https://example.kz/ferry", "ru")
    assert not any("[" in p or p.startswith("- ") for p in article.paragraphs)


def test_control_characters_are_not_read(tmp_path: Path) -> None:
    """`askbot ask` printed ESC and BEL from a title raw to the terminal; NUL bytes past the first 8 KiB (where
    the binary test looks) were indexed."""
    path = tmp_path / "a.txt"
    filler = "Паром ходит между Актау и Баку дважды в неделю, сообщили в порту. " * 150
    path.write_bytes(f"\x1b[31mНовый\x07 паром\x1b]0;title\x07\n{filler}\n\x00\x00Ак\x1bтау\x00 и\x0cБаку\n".encode())
    article = read_article(path)
    assert article.title == "Новый паром"
    assert article.paragraphs[-2:] == ("Актау и", "Баку")
    path = tmp_path / "b.md"
    path.write_text(f"---\ntitle: \x1b[2JПаром\x9b\x08\nsource: https://example.kz/\x7fferry\n---\n{BODY}\n",
                    encoding="utf-8")
    article = read_article(path)
    assert (article.title, article.source) == ("Паром", "https://example.kz/ferry")
    assert not any(ord(ch) < 32 for ch in article.title + article.body if ch != "\n")


def _with_invisible(text: str) -> str:
    """`text` as a page copied it: a soft hyphen in each long word, zero-width spaces beside spaces and a word
    joiner, a direction override around the first sentence."""
    words = [f"{w[:3]}\u00ad{w[3:6]}\u00ad{w[6:]}" if len(w) > 7 else w for w in text.split(" ")]
    return "\u202e" + " \u200b".join(words).replace("Актау", "Ак\u2060тау", 1).replace(". ", ".\u202c\u200e ", 1)


@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_invisible_characters_are_not_read(tmp_path: Path, suffix: str) -> None:
    """A page's soft hyphens (&shy;), zero-width spaces, word joiners and direction marks were kept in the article:
    questions drop them, so the tokenizer split the article's words the question spells whole ("Ка\u00adзах\u00adстан"),
    the name checks found no "Казахстан" there, and a right-to-left override turned the reply around. The text
    reads as if they were not there, and hashes so (an edit that only adds them is no change to embed)."""
    title = "Новый паром Актау – Баку"
    paragraphs = BODY.split("\n")
    if suffix == ".txt":
        data = "\n".join([_with_invisible(title), *map(_with_invisible, paragraphs)]).encode()
    else:
        body = "".join(f"<p>{_with_invisible(p).replace(chr(0xad), '&shy;')}</p>" for p in paragraphs)
        data = f"<html><head><title>{_with_invisible(title)}</title></head><body><article><h1>{title}</h1>{body}"\
               "</article></body></html>".encode()
    path = tmp_path / f"ferry{suffix}"
    path.write_bytes(data)
    article = read_article(path)
    (tmp_path / "clean.txt").write_text("\n".join([title, *paragraphs]), encoding="utf-8")
    clean = read_article(tmp_path / "clean.txt")
    assert article.title == title
    assert article.paragraphs == clean.paragraphs
    if suffix == ".txt":
        assert article.content_hash == clean.content_hash


def test_zero_width_space_parts_words_only_where_spaces_are_written(tmp_path: Path) -> None:
    """Between two words of a script written with spaces it is a space ("Is it\u200btrue" is two words); in Thai or
    Japanese, which write none, it only marks where a line may break, and goes."""
    thai = "ท่าเรือ\u200bอัคเตา\u200bเป็น\u200bท่าเรือ\u200bสำคัญ" * 20
    path = tmp_path / "zw.txt"
    path.write_text(f"Aktau\u200bport news\n{thai}\n{BODY}\n", encoding="utf-8")
    article = read_article(path)
    assert article.title == "Aktau port news"
    assert article.paragraphs[0] == thai.replace("\u200b", "")


@pytest.mark.parametrize("separator", ["\u2029", "\u2028", "\x85"])
def test_unicode_line_separators_part_paragraphs(tmp_path: Path, separator: str) -> None:
    """An article with U+2029 PARAGRAPH SEPARATOR (or U+2028, NEL) between its paragraphs, as Word and some CMS
    exports write it: U+2028/U+2029 were no new line, so the whole text was one paragraph, its first 200 characters
    the title, and passages quoted the raw separators."""
    paragraphs = [f"Паром номер {n} будет заходить в порт Актау каждые {n + 2} часа, сообщили в пресс-службе порта. "
                  f"Билеты на рейс номер {n} поступят в продажу в марте." for n in range(1, 9)]
    path = tmp_path / "ferry.txt"
    path.write_text(separator.join(["Новый паром Актау – Баку", *paragraphs]), encoding="utf-8")
    article = read_article(path)
    assert (article.title, article.paragraphs) == ("Новый паром Актау – Баку", tuple(paragraphs))
    chunks = chunk_article(article)
    assert max(len(c.text) for c in chunks) <= max(map(len, paragraphs)) + 100
    assert not any(ch in c.text for c in chunks for ch in "\u2028\u2029\x85")
    fetched = extract_plain_text(path.read_text(encoding="utf-8"), url="https://example.kz/ferry.txt")
    assert (fetched.title, fetched.text) == ("Новый паром Актау – Баку", "\n".join(paragraphs))  # was "too short"


def test_a_stray_nul_byte_does_not_make_utf8_text_utf16(tmp_path: Path) -> None:
    """One NUL at an odd place in the first 8 KiB: the UTF-8 article was read as UTF-16, all CJK garbage, and
    then skipped as a binary file, while NULs past the first 8 KiB were dropped and the article indexed."""
    path = tmp_path / "a.txt"
    path.write_bytes((TEXT + BODY).encode("utf-8").replace("паром".encode(), "паром\x00\x00".encode(), 1))
    (tmp_path / "clean.txt").write_text(TEXT + BODY, encoding="utf-8")
    article, clean = read_article(path), read_article(tmp_path / "clean.txt")
    assert (article.title, article.paragraphs) == (clean.title, clean.paragraphs)
    path.write_bytes(TEXT.encode("utf-16-le"))  # no byte-order mark: still UTF-16
    assert read_article(path).title == "Новый паром Актау – Баку"


def test_a_book_sized_page_is_refused_before_extraction(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """2 MB of text-heavy HTML was fully extracted (15-45 s, at every index, ask and bot start), then refused."""
    def extract(*args: object, **kwargs: object) -> None:
        raise AssertionError("the page was extracted")

    paragraph = "<p>The port handled another record number of ships, and the customs queue grew again.</p>\n"
    path = tmp_path / "book.html"
    path.write_text("<html><head><title>A book</title><script>var x = 1;</script></head><body>"
                    + paragraph * 8000 + "</body></html>", encoding="utf-8")
    monkeypatch.setattr(trafilatura, "bare_extraction", extract)
    found, skipped = load_articles(tmp_path)
    assert found == [] and len(skipped) == 1
    assert "more than the 500,000" in skipped[0].reason and "split it" in skipped[0].reason


@pytest.mark.parametrize(("written", "read"), [
    ("2026-11-28", "2026-11-28"),
    ("2026-11-28T10:00:00+05:00", "2026-11-28T10:00:00+05:00"),  # already ISO; the time orders one day's news
    ("29.11.2026", "2026-11-29"),
    ("November 30, 2026", "2026-11-30"),
    ("30 ноября 2026 г.", "2026-11-30"),
    ("30 ноября 2026 года", "2026-11-30"),
    ("Sat, 29 Nov 2026 10:00:00 +0000", "2026-11-29T10:00:00+00:00"),  # RSS: its time orders one day's items
    ("11/29/2026", "11/29/2026"),  # day or month first? kept as written
    ("на днях", "на днях"),
])
def test_front_matter_dates_are_read_as_iso(tmp_path: Path, written: str, read: str) -> None:
    """Dates sort as text (/sources lists the newest first): "29.11.2026" came before "2026-11-28"."""
    path = tmp_path / "a.md"
    path.write_text(f"---\ntitle: Паром\ndate: {written}\n---\n{BODY}\n", encoding="utf-8")
    assert read_article(path).published == read


def test_english_with_two_curly_quotes_and_a_damaged_byte_stays_utf8() -> None:
    """Two valid characters could not outweigh one bad byte, and the text became "Japanâ€™s"."""
    from askbot.charsets import decode_undeclared

    text, guessed = decode_undeclared(("Japan’s market " * 2).encode("utf-8") + b"\x92s")
    assert text == "Japan’s market Japan’s market \ufffds" and not guessed


@pytest.mark.parametrize(("written", "title"), [
    ('"Quoted \\"title\\" here"', 'Quoted "title" here'),  # was shown with its quotes and backslashes
    ("'It''s the port'", "It's the port"),
    ('"Aktau" and "Baku"', '"Aktau" and "Baku"'),  # only starts and ends with a quote: as written
    ('"Aktau \\ud83d\\ude80 port"', "Aktau \U0001f680 port"),  # a pair of escapes: one emoji
    ('"Aktau \\ud800 port"', "Aktau \ufffd port"),  # half a pair: `askbot index` failed, "surrogates not allowed"
])
def test_quoted_front_matter_values_are_read_as_yaml_does(tmp_path: Path, written: str, title: str) -> None:
    path = tmp_path / "a.md"
    path.write_text(f"---\ntitle: {written}\n---\n{BODY}\n", encoding="utf-8")
    assert read_article(path).title == title


def test_an_index_kept_inside_the_articles_folder_is_not_read_as_articles(tmp_path: Path) -> None:
    """`askbot index --index A/index --articles A`: the index's own files were skipped with a warning each at
    every later update (CURRENT, manifest.json, meta.sqlite, vectors.faiss)."""
    from askbot.index import build_index

    class NoModel:
        name = "no-model"  # an empty folder is indexed without one

    build_index(tmp_path / "index", [], NoModel(), articles_dir=tmp_path)
    (tmp_path / "good.txt").write_text(TEXT)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "CURRENT").write_text(TEXT.replace("Новый паром", "Старый паром"))  # no index: skipped
    found, skipped = load_articles(tmp_path)
    assert [a.id for a in found] == ["good.txt"]
    assert [s.path for s in skipped] == ["sub/CURRENT"]


def test_a_text_of_two_encodings_is_read_line_by_line(tmp_path: Path) -> None:
    """A UTF-8 article with a paragraph pasted from a windows-1251 (or windows-1252) file: read whole, it was
    "binary file, not text", or its UTF-8 half mojibake ("crÃ¨me"); each run of lines is read in its own encoding.
    A byte or two of damage in UTF-8 text is still shown as U+FFFD."""
    seed = Path(__file__).resolve().parent.parent / "articles" / "000_30da5d738366707b.txt"
    russian = seed.read_text(encoding="utf-8").splitlines()
    path = tmp_path / seed.name
    path.write_bytes("\n".join(russian[:3]).encode("cp1251") + b"\n" + "\n".join(russian[3:]).encode("utf-8"))
    assert read_article(path) == replace(read_article(seed), path=str(path))

    western = ["Crème brûlée in the port café", "The café by the harbour serves crème brûlée à la française, "
               "très élevé, every day of the week.", "Déjà vu: the façade of the old customs house, naïve and "
               "grand, was restored über alles this year by the town."]
    path = tmp_path / "western.txt"
    path.write_bytes("\n".join(western[:2]).encode("cp1252") + b"\n" + western[2].encode("utf-8") + b"\n")
    assert read_article(path).paragraphs == tuple(western[1:])

    damaged = tmp_path / "damaged.txt"
    damaged.write_bytes("\n".join(russian).encode("utf-8") + b"\nThe port is open \xff today.\n")
    assert read_article(damaged).paragraphs[-1] == "The port is open \ufffd today."


def test_a_file_nested_past_the_path_length_limit_is_skipped_by_name(tmp_path: Path) -> None:
    """A file whose path is longer than the system takes (PATH_MAX, 4,096 bytes on Linux) ended `askbot index`,
    `ask` and the bot's start with "File name too long (…): check the folders…". It is skipped like any other file
    that cannot be read, named, and the rest is read."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "top.txt").write_text(TEXT, encoding="utf-8")
    limit = os.pathconf(folder, "PC_PATH_MAX")
    name, depth = "d" * 200, 0
    fd = os.open(folder, os.O_RDONLY)
    try:  # made a part at a time: the whole path is too long for any call
        while len(str(folder)) + depth * (len(name) + 1) <= limit:
            os.mkdir(name, dir_fd=fd)
            inner = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd, depth = inner, depth + 1
        with open(os.open("deep.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "w", encoding="utf-8") as handle:
            handle.write(TEXT)
    finally:
        os.close(fd)
    found, skipped = load_articles(folder)
    assert [a.id for a in found] == ["top.txt"]
    [item] = skipped
    assert item.path == "/".join([name] * depth + ["deep.txt"])
    assert item.reason.startswith("cannot be read (File name too long") and "\n" not in item.reason


@pytest.mark.parametrize(("title", "body", "encoding"), [
    ("港口扩建", "阿克套港将在2027年前完成扩建，该项目由日本提供资金。港口负责人表示，码头将用于集装箱运输。",
     "gb18030"),
    ("港口擴建", "阿克套港將在2027年前完成擴建，該項目由日本提供資金。港口負責人表示，碼頭將用於貨櫃運輸。",
     "big5"),
    ("アクタウ港", "アクタウ港は重要です。日本が資金を提供し、港は二〇二七年までに拡張されます。", "shift_jis"),
    ("악타우 항구", "악타우 항구는 2027년까지 확장됩니다. 일본이 자금을 제공하고 항구 책임자가 발표했습니다.",
     "euc-kr"),
])
def test_chinese_japanese_and_korean_files_in_their_legacy_charsets_are_read(tmp_path, title: str, body: str,
                                                                              encoding: str) -> None:
    """A GB18030 or Shift-JIS file (what Windows in China or Japan saves) was read as windows-1251 or koi8-r and
    indexed as a page of Cyrillic mojibake ("╦ш©зю╘╫╗")."""
    path = tmp_path / "port.txt"
    path.write_bytes(f"{title}\n\n{body * 4}\n".encode(encoding))
    article = read_article(path)
    assert article.title == title
    assert body in article.body
