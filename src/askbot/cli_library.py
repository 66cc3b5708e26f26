"""`askbot add`, `askbot sources`, `askbot remove`: the articles folder, kept in step with the index."""

from __future__ import annotations

import contextlib
import errno
import json
import os
from pathlib import Path

import click

from askbot.config import Settings, flag_for, folder_path
from askbot.dates import shown_date
from askbot.errors import AskbotError, IndexTooNewError, IndexUnreadableError

INDEX_NICENESS = 10


def folder_flag(ctx: click.Context, param: click.Parameter, value: str | None) -> Path | None:
    """--articles/--index as a Path; an empty one (`--index "$UNSET"`) is a mistake, not the current folder,
    which is what Path("") means."""
    if value is None:
        return None
    if not value.strip():
        raise AskbotError(f"--{param.name.removesuffix('_dir')} is empty: give a folder, or leave the flag out to "
                          "use the default.")
    folder = folder_path(value)  # `--index=~/x`, which the shell leaves as it is: the home folder's, as in ASKBOT_
    if param.name == "articles_dir" and ctx.command.name != "add":  # `add` may create it
        from askbot.articles import check_articles_folder

        check_articles_folder(folder)  # named on purpose: not answered from the old index in silence
    if param.name == "index_dir" and (problem := not_a_folder(folder)):
        raise AskbotError(f"--index {problem}, not an index folder: point it at a folder (`askbot index` creates one "
                          "that does not exist).")
    return folder


def suggested_flags(settings: Settings, articles: str | Path | None = None) -> str:
    """The --articles and --index flags that point a command suggested to the user at the folders this one used
    (`articles` for another articles folder); none for the defaults. Without them "`askbot add URL`", said after
    `ask --articles X --index Y`, stored the article in ./articles and updated ./index."""
    articles = settings.articles_dir if articles is None else articles
    return flag_for("articles", articles, "articles") + flag_for("index", settings.index_dir, "index")


def check_index_folder(settings: Settings) -> None:
    """Before any work: an index folder that can be none (ASKBOT_INDEX_DIR=/dev/null), or that is no folder to
    write an index into (`check_askbot_folder`), is said at once, not after the articles were read and the model
    loaded."""
    if problem := not_a_folder(settings.index_dir):
        raise AskbotError(f"The index folder {problem}: point --index (or ASKBOT_INDEX_DIR) at a folder (`askbot "
                          "index` creates one that does not exist).")
    from askbot.index import check_askbot_folder

    # a LevelDB folder (not rebuilt over its CURRENT), ~/Documents or the articles folder: nothing written into it
    check_askbot_folder(settings.index_dir, settings.articles_dir)


def not_a_folder(path: Path) -> str | None:
    """Why `path` can be no folder: it, or a folder above it, is a file, a device (`--index /dev/null`, an index
    inside an article file) or a symbolic link that leads nowhere; None when it is a folder or can be made one. It
    was "File exists (/dev/null): check the folders…" once the model had loaded."""
    for where in (path, *path.parents):
        try:
            if where.is_dir():
                return None
            if where.exists():
                kind = "a file" if where.is_file() else "a device or a pipe"
            elif where.is_symlink():  # in a loop, or to nothing: "File exists" when made, "damaged" when read
                kind = "a symbolic link that leads nowhere (a loop, or its target is gone)"
            else:
                continue
            return f"{where} is {kind}" if where == path else f"{path} is inside {where}, {kind}"
        except OSError as exc:  # "damaged: rebuild it" from `sources`, which failed the same way
            return f"{path} is a name too long for this system" if exc.errno == errno.ENAMETOOLONG else None
        except ValueError:  # a NUL: the system says so when it is used
            return None
    return None


FOLDER = click.Path()  # kept a string until folder_flag has looked at it


def update_index(settings: Settings, *, rebuild: bool = False, quiet: bool = False, keep_if_none_read: bool = False):
    """The incremental index update every command shares; skipped files are named on stderr. `keep_if_none_read`:
    refuse, rather than empty the index, when the folder holds files and not one could be read as an article.

    It runs at a lower CPU priority: loading the model and embedding compete with a bot answering on the same
    machine, whose replies took a median 213 ms instead of 48 ms while a rebuild ran at normal priority
    (`scripts/bench_bot.py --reindex`); on an idle machine it costs nothing.
    """
    from askbot.articles import load_articles
    from askbot.embeddings import LazyEmbedder
    from askbot.index import refuse_to_empty, update_index_from

    with contextlib.suppress(AttributeError, OSError):  # no os.nice on Windows
        os.nice(INDEX_NICENESS)

    def read():  # under the build lock: a build that waited for another indexes the folder as it is now
        articles, skipped = load_articles(settings.articles_dir)
        for item in skipped:
            click.echo(f"askbot: warning: skipped {item.path}: {item.reason}", err=True)  # as the other commands say
        if keep_if_none_read and not articles and skipped:
            refuse_to_empty(articles, skipped, settings.articles_dir, held=_index_holds_articles(settings))
        return articles, skipped

    embedder = LazyEmbedder(settings, show_progress=not quiet)
    return update_index_from(settings.index_dir, read, embedder, rebuild=rebuild, show_progress=not quiet,
                             articles_dir=settings.articles_dir)


def _index_holds_articles(settings: Settings) -> bool:
    """Whether the index (if readable) holds articles; a damaged or too new one is said by the build."""
    from askbot.index import read_manifest

    try:
        manifest = read_manifest(settings.index_dir)
    except AskbotError:
        return False
    return manifest is not None and bool(manifest.articles)


def refuse_another_folder(settings: Settings) -> None:
    """Before anything is stored or removed: an index built from another folder is not made a copy of the default
    one that nobody named (`askbot.engine.update_refusal`)."""
    from askbot.engine import update_refusal

    if refusal := update_refusal(settings):
        raise AskbotError(refusal)


def refuse_unwritable_index(settings: Settings, done: str) -> None:
    """Before anything is stored or removed: an index this user may not write (another user's, on a read-only
    disk) is said first. `askbot remove` deleted the article's file, then failed on the index's lock with
    "Permission denied (index/.lock)", and the index kept answering from the article said to be removed."""
    check_index_folder(settings)
    folder = settings.index_dir
    while not folder.exists() and folder != folder.parent:  # a new index is made in the nearest existing folder
        folder = folder.parent
    lock = settings.index_dir / ".lock"
    if all(not path.exists() or os.access(path, os.W_OK) for path in (folder, lock)):
        return
    raise AskbotError(f"This user cannot update the index in {settings.index_dir} (it or its lock is not writable): "
                      f"{done}; run the command as the index's owner (the user `askbot bot` runs as).")


@click.command()
@click.argument("items", nargs=-1, required=True)
@click.option("--articles", "articles_dir", type=FOLDER, callback=folder_flag,
              help="Articles folder [env ASKBOT_ARTICLES_DIR; default articles].")
@click.option("--index", "index_dir", type=FOLDER, callback=folder_flag,
              help="Index folder [env ASKBOT_INDEX_DIR; default index].")
@click.option("--no-index", is_flag=True, help="Only store the articles; do not update the index.")
@click.pass_context
def add(ctx: click.Context, items: tuple[str, ...], articles_dir: Path | None, index_dir: Path | None,
        no_index: bool) -> None:
    """Add articles from files (.txt .md .html), web pages or RSS/Atom feed URLs, then update the index.

    \b
      askbot add article.html https://example.com/news/item https://example.com/feed/
    """
    from askbot.library import Library

    settings = ctx.find_object(Settings).with_overrides(articles_dir=articles_dir, index_dir=index_dir)
    if not no_index:  # only storing leaves any index alone: into the folder given, ./articles by default
        refuse_another_folder(settings)
        refuse_unwritable_index(settings, "nothing was added (`--no-index` only stores the articles)")
    if problem := not_a_folder(settings.articles_dir):  # was "no free file name for it in news.txt"
        raise AskbotError(f"The articles folder {problem}: point --articles (or ASKBOT_ARTICLES_DIR) at a folder "
                          "(`askbot add` creates one that does not exist); nothing was added.")
    # what it advises (`askbot add FOLDER/*.md`) must store where this command does, not into ./articles
    result = Library(settings.articles_dir, suggested_flags(settings)).add(
        list(items), timeout=settings.fetch_timeout, max_bytes=settings.fetch_max_bytes)
    if not result.stored:
        _nothing_added(result.problems)
    for stored in result.stored:
        click.echo(stored.line())
    for problem in result.problems:
        click.echo(problem, err=True)
    if result.changed and not no_index:
        report = update_index(settings)
        click.echo(f"{settings.index_dir}: {report.summary()}")


def _nothing_added(problems: list[str]) -> None:
    """Nothing could be added: a mistake in what was given (a bad path, a 404, not an article), so exit 2 like
    any other; one line per failed item, and a summary only when there are several."""
    if len(problems) == 1:
        raise AskbotError(problems[0])
    for problem in problems:
        click.echo(problem, err=True)
    raise AskbotError("Nothing was added." if problems else "Nothing to add: no article found in what was given.")


@click.command()
@click.argument("article")
@click.option("--articles", "articles_dir", type=FOLDER, callback=folder_flag,
              help="Articles folder [env ASKBOT_ARTICLES_DIR; default articles].")
@click.option("--index", "index_dir", type=FOLDER, callback=folder_flag,
              help="Index folder [env ASKBOT_INDEX_DIR; default index].")
@click.pass_context
def remove(ctx: click.Context, article: str, articles_dir: Path | None, index_dir: Path | None) -> None:
    """Remove ARTICLE (its id from `askbot sources`, its file name, the path of the file it was added from, or
    its source URL) and update the index."""
    from askbot.library import Library

    settings = ctx.find_object(Settings).with_overrides(articles_dir=articles_dir, index_dir=index_dir)
    refuse_another_folder(settings)
    refuse_unwritable_index(settings, "nothing was removed")
    # `askbot sources` alone lists ./index, not the --index this command was given
    listing = f"askbot sources{flag_for('index', settings.index_dir, 'index')}"
    removed = Library(settings.articles_dir, suggested_flags(settings)).remove(article, listing)
    click.echo(f"removed: {removed.title} ({removed.id})")
    report = update_index(settings)
    click.echo(f"{settings.index_dir}: {report.summary()}")


@click.command()
@click.option("--index", "index_dir", type=FOLDER, callback=folder_flag,
              help="Index folder [env ASKBOT_INDEX_DIR; default index].")
@click.option("--json", "as_json", is_flag=True, help="One JSON array of the articles.")
@click.pass_context
def sources(ctx: click.Context, index_dir: Path | None, as_json: bool) -> None:
    """List the indexed articles: id, title, source, date, number of passages."""
    from askbot.engine import advised
    from askbot.index import check_askbot_folder, load_index, newest_first
    from askbot.views import passage_counts

    settings = ctx.find_object(Settings).with_overrides(index_dir=index_dir)
    # not "no index in it: run askbot index", which fails, nor "damaged: rebuild it" for a link in a loop
    if problem := not_a_folder(settings.index_dir.absolute()):
        raise AskbotError(f"{problem}, not an index folder: point --index (or ASKBOT_INDEX_DIR) at the folder "
                          "`askbot index` builds.")
    check_askbot_folder(settings.index_dir, settings.articles_dir)  # not "run `askbot index`", which refuses it
    try:
        snapshot = load_index(settings.index_dir)
    except (IndexUnreadableError, IndexTooNewError) as exc:
        raise advised(settings, exc) from None
    if snapshot is None:
        raise AskbotError(f"There is no index in {settings.index_dir.absolute()}: run "
                          f"`askbot index{suggested_flags(settings)}` first.")  # it builds ./index, alone
    counts = passage_counts(snapshot)
    rows = [
        {"id": a.id, "title": a.title, "source": a.source, "published": a.published, "language": a.language,
         "passages": counts.get(a.id, 0)}
        for a in newest_first(snapshot.articles.values())
    ]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False))
        return
    if not rows:  # rather than nothing at all; an index built from another folder is filled from that one
        from askbot.engine import recorded_elsewhere

        where, flag = "the articles folder", suggested_flags(settings)
        if (recorded := recorded_elsewhere(settings, snapshot.manifest)) is not None:
            where, flag = recorded, suggested_flags(settings, recorded)
        click.echo(f"No articles are indexed in {settings.index_dir.absolute()}: put .txt, .md or .html articles in "
                   f"{where} (or `askbot add{flag} URL`) and run `askbot index{flag}`.")
    for row in rows:
        extra = ", ".join(x for x in (row["source"], shown_date(row["published"])) if x)
        passages = f"{row['passages']} passage{'' if row['passages'] == 1 else 's'}"
        click.echo(f"{row['id']}\n  {row['title']}\n  {extra + '; ' if extra else ''}{passages}")
