"""The articles folder as a library: add from files, pages and feeds; remove; no duplicates.

Articles are stored as Markdown with a small front matter (title, source, published, language),
which `askbot.articles` reads back. An article fetched again with the same text is not stored
twice; one whose source URL is known but whose text changed replaces the older version, and so does an
edited copy of a local file added from the same path (or an upload sent under the same name).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import itertools
import json
import os
import re
import secrets
import time
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from askbot.articles import (
    ARTICLE_SUFFIXES,
    Article,
    ArticleError,
    article_suffix,
    content_hash,
    load_articles,
    normalize_text,
    parse_article,
    printable_name,
    read_article,
    shown_name,
    split_front_matter,
    within_bytes,
)
from askbot.errors import AskbotError, FetchError
from askbot.htmltext import ExtractedArticle

# share of words an edited article keeps of its older version (the smaller of the two)
SAME_ARTICLE_WORDS = 0.6
MAX_STEM_BYTES = 180  # of a stored file's name, before its suffix ("-1a2b3c-999.md"): systems allow 255


@dataclass(frozen=True)
class Stored:
    """What happened to one incoming article. "duplicate": not stored, its text is already there under another
    title, source, date or language (`article_id`, `existing_title`); "unchanged" said the other title as this
    one's, so a second file's own title seemed to have vanished."""

    article_id: str
    title: str
    status: str  # "added" | "replaced" | "unchanged" | "duplicate"
    existing_title: str | None = None

    def line(self) -> str:
        if self.status == "duplicate":
            return (f"duplicate: {self.title} has the same text as {self.existing_title} ({self.article_id}), so it "
                    "was not stored again")
        return f"{self.status}: {self.title} ({self.article_id})"


@dataclass
class AddResult:
    stored: list[Stored] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(s.status in ("added", "replaced") for s in self.stored)

    def lines(self) -> list[str]:
        return [s.line() for s in self.stored] + self.problems


SHOWN_NAME_CHARS = 200  # of a file name in a problem: a 4,000-character one filled the terminal


def _shown_item(item: str) -> str:
    """A file name or URL as a problem line names it: one line, printable, at most SHOWN_NAME_CHARS."""
    from askbot.question import echoed

    return echoed(shown_name(item), SHOWN_NAME_CHARS)


def _shortened(problem: str, item: str) -> str:
    """A problem with the URL it names cut to SHOWN_NAME_CHARS: one of 100,000 characters (which httpx refuses as
    too long) was said whole, a screenful of one sentence."""
    url = item.strip()
    return problem.replace(url, _shown_item(url)) if is_url(url) and len(url) > SHOWN_NAME_CHARS else problem


def _is_file(item: str, path: Path) -> bool:
    """Whether `path` is a file; a name the system refuses ("File name too long") is that item's problem, not
    the whole command's."""
    if not item.strip():
        raise AskbotError("An empty name was given: name a .txt, .md or .html file, or an http(s) URL.")
    try:
        return path.is_file()
    except (OSError, ValueError) as exc:  # ENAMETOOLONG; ValueError: a NUL in a name from the bot
        problem = exc.strerror if isinstance(exc, OSError) and exc.strerror else "not a usable file name"
        raise AskbotError(f"{_shown_item(item)} was not added: {problem}.") from None


def _head(item: str, path: Path) -> bytes:
    """The first bytes of a file to add, which tell a feed; one that cannot be read is that file's problem (it
    was "Permission denied (feed.xml): check the folders given by --articles/--index")."""
    try:
        with path.open("rb") as file:
            return file.read(4096)
    except OSError as exc:
        raise AskbotError(f"{_shown_item(item)} was not added: cannot be read ({exc.strerror or exc}).") from None


def _not_a_file(item: str, path: Path, flags: str = "") -> str:
    """Why `item` cannot be added: a folder of articles was "neither a file nor an http(s) URL", which it is,
    without a word on what to do with it. `flags`: the --articles/--index of the command, for those it advises."""
    shown = _shown_item(item)
    if path.is_dir():
        patterns = " ".join(f"{shown.rstrip('/')}/*{suffix}" for suffix in _article_suffixes_in(path))
        return (f"{shown} is a folder: add the articles in it by name (askbot add{flags} {patterns}), or "
                f"copy them into the articles folder and run askbot index{flags}.")
    if path.exists():  # `askbot add pipe.txt`: not "neither a file nor a URL" of a name plainly there
        return f"{shown} was not added: not a regular file (a pipe, a socket or a device)."
    if path.is_symlink():  # `ls` lists it: "neither a file nor an http(s) URL" did not say what was wrong
        target = _shown_item(os.readlink(path))
        return f"{shown} was not added: it is a symbolic link to {target}, which leads to no file."
    if _LOOKS_LIKE_HOST.match(item):  # `askbot add example.com/news/1`: a web page without its scheme
        return f"{shown} was not added: no such file; for a web page, give the whole URL: https://{shown}."
    return f"{shown} was not added: no such file; check the path, or give an http(s) URL."


# A name that starts like a web address ("www.x.kz/a", "example.com/news/1"), not a file name ("notes.txt")
_LOOKS_LIKE_HOST = re.compile(r"^(?:www\.[^/\s]+|(?:[a-z0-9-]+\.)+[a-z]{2,}(?::\d+)?/)", re.IGNORECASE)


def _article_suffixes_in(folder: Path, limit: int = 10_000) -> list[str]:
    """The suffixes of the articles directly in `folder`, as written (a shell's * is case-sensitive), for the
    patterns `askbot add FOLDER` suggests: it said FOLDER/*.md of a folder of .txt or .html files. [""] (any
    file) when it holds none, or cannot be read; at most `limit` entries are looked at."""
    found: set[str] = set()
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in itertools.islice(entries, limit):
            with contextlib.suppress(OSError):
                if entry.is_file() and (suffix := Path(entry.name).suffix) and suffix.lower() in ARTICLE_SUFFIXES:
                    found.add(suffix)
    return sorted(found) or [""]


def is_url(text: str) -> bool:
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", text.strip()))


def _slug(article: ExtractedArticle | Article, digest: str) -> str:
    """A readable, stable file name: from the URL path when it has one, else the title's ASCII words.

    Without a source URL the suffix hashes the text (`digest`), not the title: two different articles with
    one title must not be stored in one file (the second overwrote the first)."""
    words = ""
    if article.source and is_url(article.source):
        path = urlparse(article.source).path.rstrip("/").rsplit("/", 1)[-1]
        words = re.sub(r"\.[a-z0-9]{2,5}$", "", path.lower())
    if not re.search(r"[a-z]", words):
        words = article.title.lower()
    slug = re.sub(r"[^a-z0-9]+", "-", words).strip("-")[:60].strip("-")
    if article.source and is_url(article.source):
        return f"{slug or 'article'}-{hashlib.sha256(article.source.encode()).hexdigest()[:8]}.md"
    return f"{slug or 'article'}-{digest[:8]}.md"


def _file_stem(name: str) -> str:
    """The stem of a local file's name as a stored name: `volcano_ru.txt` -> `volcano_ru`; never hidden
    (a leading dot would make `askbot index` skip it), never a path."""
    stem = re.sub(r"[^\w.\-]+", "_", Path(name).stem).strip("._-")[:60]
    # 60 letters of 4 bytes and a suffix passed the 255 a name may have
    return within_bytes(stem, MAX_STEM_BYTES).strip("._-")


def origin_of(path: Path) -> str:
    """A local file's path as its front matter keeps it (`file:`), to know it again when it is added or removed:
    one line, bytes that are not UTF-8 as U+FFFD (a name with such bytes could not be written: "surrogates not
    allowed")."""
    return " ".join(printable_name(str(path.resolve())).split())


def _same_article(stored: Article, title: str, paragraphs: list[str], source: str | None) -> bool:
    """An edit of `stored` rather than another article saved under the same file name: not from another source
    URL, and the same title or mostly the same words (a fixed typo, an added paragraph)."""
    if stored.source and source and stored.source != source:
        return False
    if stored.title == title:
        return True
    before, after = set(" ".join(stored.paragraphs).lower().split()), set(" ".join(paragraphs).lower().split())
    return len(before & after) >= SAME_ARTICLE_WORDS * max(1, min(len(before), len(after)))


def _markdown(title: str, paragraphs: list[str], source: str | None, published: str | None,
              language: str | None, origin: str | None) -> str:
    meta = {"title": title, "source": source, "published": published, "language": language,
            "fetched": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "file": origin}
    head = "".join(_front_matter_line(k, v) for k, v in meta.items() if v)
    return f"---\n{head}---\n" + "\n\n".join(paragraphs) + "\n"


def _front_matter_line(key: str, value: object) -> str:
    """`key: value` on one line that `split_front_matter` reads back as `value`: as it is when it does, else in
    double quotes. A title that was a quotation ("Japan bets on Aktau") lost its quotes, "[a, b]" became "a, b",
    and "|" or ">" read as nothing: the article's first paragraph became its title and left its text."""
    plain = " ".join(str(value).split())
    if split_front_matter(f"---\n{key}: {plain}\n---\n")[0].get(key) != plain:
        return f"{key}: {json.dumps(plain, ensure_ascii=False)}\n"
    return f"{key}: {plain}\n"


def _write_atomic(path: Path, text: str, *, new: bool = False) -> None:
    """Write `text` to `path` through a temporary file in the same folder, so a reader never sees half of it.
    `new`: `path` must not exist; FileExistsError when another process took the name since it was found free (two
    `askbot add` of files of one name at once both chose it, and the second replaced the first without a word).

    The file gets the mode any new file gets under the umask (0644 under 022), not mkstemp's 0600: a bot
    running as another user must be able to read what `askbot add` stored."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = _create_temporary(path)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if new:
            _link_new(tmp, path)
        else:
            os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _link_new(tmp: str, path: Path) -> None:
    """`tmp` under the name `path`, which must be free: a hard link fails if it is taken. A folder on a disk without
    hard links (FAT, some network shares) gets the name taken by an empty file first, then replaced."""
    try:
        os.link(tmp, path)
        return
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS):
            raise
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666))
    os.replace(tmp, path)


def _create_temporary(path: Path) -> tuple[int, str]:
    """A new hidden file beside `path`, opened for writing, created with 0666 minus the umask."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        tmp = str(path.parent / f".tmp-{secrets.token_hex(6)}{path.suffix}")
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
    raise AskbotError(f"no temporary file could be created in {path.parent}.")


def _stored_hash(title: str, paragraphs: list[str], incoming: ExtractedArticle | Article, origin: str | None) -> str:
    """The content hash the article will have once stored and read back (title shortened, date and language as
    read from its front matter), so that only a change people can see makes `add` replace it."""
    text = _markdown(title, paragraphs, incoming.source, incoming.published, incoming.language, origin)
    try:
        return parse_article(text, "incoming.md", markdown=True).content_hash
    except ArticleError as exc:
        raise AskbotError(f"{title!r} was not stored: {exc}.") from None


def _names_a_folder(ident: str) -> bool:
    """Whether `ident` is a path with a folder in it (other/x.txt, ~/x.txt), not a bare file name or id."""
    return os.sep in ident or "/" in ident or (os.altsep is not None and os.altsep in ident)


def _without_suffix(name: str) -> str:
    """`name` without its file suffix: sub/x.md and sub/x.txt are both sub/x."""
    try:
        return Path(name).with_suffix("").as_posix()
    except ValueError:  # no name to take a suffix from ("/")
        return name


def _quoted(name: str) -> str:
    """`name` as the shell takes it back: quoted when it holds spaces or other characters the shell reads."""
    import shlex

    return shlex.quote(shown_name(name))


def _same_form(name: str) -> str:
    """A name in one Unicode form (NFC): "café" typed as one letter é and stored as e plus an accent look the same
    everywhere, and `askbot sources` shows them alike, but compare as different strings."""
    return unicodedata.normalize("NFC", name)


class Library:
    """Adds and removes articles in one folder."""

    def __init__(self, articles_dir: Path, flags: str = "") -> None:
        self.directory = articles_dir
        self.flags = flags  # " --articles X --index Y" of the command, for the commands its messages advise

    def _existing(self) -> list[Article]:
        if not self.directory.is_dir():
            return []
        return load_articles(self.directory)[0]

    def store(self, incoming: ExtractedArticle | Article, existing: list[Article] | None = None, *,
              origin: str | None = None) -> Stored:
        """Write one article unless the same text is already there; replace an older version of it: one
        with the same source URL, or one added from the same `origin` (a local file's path).

        `existing` (the folder's articles, read once by `add`) is kept up to date with what is written.
        """
        paragraphs = [p for p in normalize_text(incoming.text if isinstance(incoming, ExtractedArticle)
                                                else incoming.body).split("\n") if p]
        title = normalize_text(incoming.title) or "Untitled"
        digest = _stored_hash(title, paragraphs, incoming, origin)
        text_digest = content_hash("", paragraphs)
        existing = self._existing() if existing is None else existing
        if same := next((a for a in existing if a.content_hash == digest), None):
            return Stored(same.id, same.title, "unchanged")
        replaced = next((a for a in existing if (incoming.source and a.source == incoming.source)
                         or (origin and a.origin == origin and _same_article(a, title, paragraphs, incoming.source))),
                        None)
        if replaced is None and (same := next((a for a in existing
                                               if content_hash("", a.paragraphs) == text_digest), None)):
            return Stored(same.id, title, "duplicate", same.title)  # the same text is not stored twice
        text = _markdown(title, paragraphs, incoming.source, incoming.published, incoming.language, origin)
        if replaced is not None:
            target = self.directory / replaced.id
            _write_atomic(target, text)
        else:
            for _ in range(100):  # another `askbot add` (or the bot) may store an article of the same name meanwhile
                target = self.directory / self._free_name(incoming, digest, existing)
                try:
                    _write_atomic(target, text, new=True)
                    break
                except FileExistsError:
                    continue
            else:
                raise AskbotError(f"{title!r} was not stored: no free file name for it in {self.directory}.")
        article_id = target.relative_to(self.directory).as_posix()
        try:  # what we wrote must read back as an article, or it must not stay
            written = read_article(target, article_id)
        except ArticleError as exc:
            target.unlink(missing_ok=True)
            raise AskbotError(f"{title!r} was not stored: {exc}.") from None
        existing[:] = [a for a in existing if a.id != article_id] + [written]
        return Stored(article_id, title, "replaced" if replaced else "added")

    def _free_name(self, incoming: ExtractedArticle | Article, digest: str, existing: list[Article]) -> str:
        """A file name no other article (or file) has: a local file keeps its own name's stem
        (`volcano_ru.txt` -> `volcano_ru.md`), with a short suffix only when that name is taken."""
        stem = _file_stem(incoming.id) if isinstance(incoming, Article) else ""
        name = f"{stem}.md" if stem else _slug(incoming, digest)
        taken = {a.id for a in existing}
        base = name.removesuffix(".md")
        numbered = (f"{base}-{digest[:6]}-{n}.md" for n in range(2, 1000))
        for candidate in itertools.chain((name, f"{base}-{digest[:6]}.md"), numbered):
            if candidate not in taken and not os.path.lexists(self.directory / candidate):
                return candidate
        raise AskbotError(f"{incoming.title!r} was not stored: no free file name for it in {self.directory}.")

    def add(self, items: list[str], *, timeout: float, max_bytes: int,
            origins: Mapping[str, str] | None = None) -> AddResult:
        """Files, web pages and feeds; each failure is one line in `problems`, the rest still go in.

        A local file's origin is its absolute path, unless `origins` names it otherwise (an upload saved
        at a temporary path): adding an edited copy from there again replaces what it stored."""
        from askbot.fetch import fetch, looks_like_feed, looks_like_html, read_feed_file

        result = AddResult()
        existing = self._existing()  # read once: a feed of fifty items must not re-read the folder fifty times
        for item in items:
            try:
                if is_url(item):
                    fetched = fetch(item, timeout=timeout, max_bytes=max_bytes)
                else:
                    path = Path(item)
                    if not _is_file(item, path):
                        raise AskbotError(_not_a_file(item, path, self.flags))
                    if article_suffix(path) in ARTICLE_SUFFIXES:
                        try:
                            origin = (origins or {}).get(item) or origin_of(path)
                            result.stored.append(self.store(read_article(path, path.name), existing,
                                                            origin=origin))
                        except ArticleError as exc:
                            raise AskbotError(f"{_shown_item(item)} was not added: {str(exc).rstrip('.')}.") from None
                        continue
                    head = _head(item, path)
                    if looks_like_html(head) and not looks_like_feed(head):  # a page saved as feed.rss
                        raise AskbotError(f"{_shown_item(item)} was not added: it is a web page (HTML), not an "
                                          "RSS/Atom feed: rename it to .html to add it as an article.")
                    if not looks_like_feed(head):  # what `askbot index` would skip is not stored
                        raise AskbotError(f"{_shown_item(item)} was not added: not an article format "
                                          f"({path.suffix or 'no extension'}): use a .txt, .md or .html "
                                          "file, or an RSS/Atom feed.")
                    fetched = read_feed_file(path, timeout=timeout, max_bytes=max_bytes)
                result.problems.extend(fetched.problems)
                result.stored.extend(self.store(article, existing) for article in fetched.articles)
            except (FetchError, AskbotError) as exc:
                result.problems.append(_shortened(str(exc), item))
        return result

    def remove(self, ident: str, sources: str = "askbot sources") -> Article:
        """Delete an article given its id (file name), path or source URL; `sources` is the command that lists them
        (with the --index of the command that failed)."""
        ident = ident.strip()
        if not ident:  # was "No article '' in articles"
            raise AskbotError(f"No article was named: give its id from `{sources}`, its file name, the path of "
                              "the file it was added from, or its source URL.")
        existing = self._existing()
        matches = [a for a in existing if ident in {a.id, a.source, a.path, Path(a.id).stem}]
        if not matches and ident and not is_url(ident):  # the file it was added from, as a path from here
            with contextlib.suppress(OSError, RuntimeError):
                where = origin_of(Path(ident).expanduser())
                matches = [a for a in existing if a.origin == where]
        if not matches and ident and not is_url(ident):  # the name it was added under: volcano_ru.txt -> .md
            matches = self._by_name(ident, existing, sources)
        if not matches:  # typed in another Unicode form than the file's name (macOS writes "café" decomposed)
            wanted = _same_form(ident)
            matches = [a for a in existing if wanted in {_same_form(name) for name in (a.id, a.path, Path(a.id).stem)
                                                         if name}]
        if not matches:
            raise AskbotError(self._skipped_file(ident) or
                              f"No article '{_shown_item(ident)}' in {self.directory}: `{sources}` lists them.")
        if len(matches) > 1:  # two files of one name from different folders: never a guess
            ids = ", ".join(sorted(a.id for a in matches))
            raise AskbotError(f"{ident!r} matches {len(matches)} articles ({ids}): name one by its id.")
        (self.directory / matches[0].id).unlink()
        return matches[0]

    def _skipped_file(self, ident: str) -> str | None:
        """Why the file `ident` names in the articles folder is no article to remove (unreadable, empty, binary),
        or None: it was "No article 'x.txt'" beside the x.txt the user could see there."""
        if not self.directory.is_dir():
            return None
        name = self._inside(Path(ident)) if _names_a_folder(ident) else ident
        if name is None:
            return None
        with contextlib.suppress(AskbotError):
            for item in load_articles(self.directory)[1]:
                if item.path == name:
                    return (f"{_shown_item(name)} in {_shown_item(str(self.directory))} is no article `askbot "
                            f"index` reads, so nothing was removed: {item.reason.rstrip('.')}; fix the file or "
                            "delete it yourself.")
        return None

    def _by_name(self, ident: str, existing: list[Article], sources: str) -> list[Article]:
        """The articles of the file name `ident`; a path names one in the articles folder (articles/x.txt, or
        sub/x for sub/x.md), never one elsewhere: other/dir/x.txt removed the article x.txt, another file."""
        if not _names_a_folder(ident):
            return self._named(ident, existing)
        if same := [a for a in existing if _without_suffix(a.id) == _without_suffix(ident)]:
            return same
        if (inside := self._inside(Path(ident))) is None:
            raise AskbotError(self._not_in_folder(ident, existing, sources))
        return self._named(inside, existing)

    def _named(self, ident: str, existing: list[Article]) -> list[Article]:
        """The articles stored or added under the file name `ident` (volcano_ru.txt is stored as volcano_ru.md)."""
        name, stems = Path(ident).name, {Path(ident).stem, _file_stem(ident)}
        return [a for a in existing if Path(a.id).stem in stems
                or (a.origin and not is_url(a.origin) and Path(a.origin).name == name)]

    def _inside(self, path: Path) -> str | None:
        """`path` as a name inside the articles folder (articles/x.txt, ./articles/sub/x.txt: "x.txt",
        "sub/x.txt"), its links followed or not; None when it is elsewhere."""
        with contextlib.suppress(OSError, RuntimeError, ValueError):
            path = path.expanduser()
            for where, folder in ((os.path.abspath(path), os.path.abspath(self.directory)),
                                  (path.resolve(), self.directory.resolve())):
                with contextlib.suppress(ValueError):
                    return Path(where).relative_to(folder).as_posix()
        return None

    def _not_in_folder(self, ident: str, existing: list[Article], sources: str) -> str:
        """Why nothing was removed for a path outside the articles folder that no article was added from: it
        removed the article of the same file name there, another file than the one named."""
        shown = _shown_item(ident)
        said = (f"{shown} is not in the articles folder {_shown_item(str(self.directory))} and no article was added "
                "from it: nothing was removed.")
        same = sorted(a.id for a in self._named(Path(ident).name, existing))
        if len(same) == 1:
            return (f"{said} The article {_shown_item(same[0])} there has the same file name: `askbot remove"
                    f"{self.flags} {_quoted(same[0])}` removes it.")
        if same:
            return f"{said} Articles of the same file name there: {', '.join(map(_shown_item, same))}."
        return f"{said} `{sources}` lists the articles."
