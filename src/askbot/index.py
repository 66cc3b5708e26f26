"""The index on disk: FAISS vectors + SQLite metadata + a manifest, written as immutable generations.

Layout of the index folder:
    CURRENT             name of the live generation (replaced atomically, last step of a build)
    gen-<time>-<id>/    manifest.json, vectors.faiss, meta.sqlite; never modified once written

A build writes a whole new generation into a temporary folder, renames it, then points CURRENT at
it; a build killed at any moment leaves CURRENT naming the previous, complete generation. Vectors
of unchanged passages are copied from the previous generation (or the one it replaced, kept beside it)
by content hash, so only new or changed text is embedded.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import logging
import os
import re
import resource
import shutil
import sqlite3
import stat
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import MISSING, asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import IO

import faiss
import numpy as np

from askbot.articles import Article, Skipped, printable_name
from askbot.chunking import CHUNKER_VERSION, Chunk, ChunkingParams, capped_chunks
from askbot.config import flag_for
from askbot.dates import iso_date, moment
from askbot.errors import (
    AskbotError,
    DiskFullError,
    IndexMismatchError,
    IndexTooNewError,
    IndexUnreadableError,
    NotAnIndexError,
)
from askbot.question import shown_name

log = logging.getLogger(__name__)
FORMAT_VERSION = 1
CURRENT_FILE = "CURRENT"
KEEP_GENERATIONS = 2
LOAD_ATTEMPTS = 5  # reads of CURRENT's generation while builds keep replacing it under a loading reader
# The dimension of an index first built with no text at all (an empty articles folder): finding the model's
# would mean loading it for nothing; the first build that embeds sets the real one.
NO_VECTORS = 0
# What CURRENT may name: a plain folder inside the index, never a path that leads out of it.
GENERATION_NAME = re.compile(r"gen-[A-Za-z0-9_-]+")
# What reading a generation damaged from outside raises (ValueError: broken JSON, bytes that are not UTF-8).
DAMAGE = (OSError, RuntimeError, sqlite3.Error, ValueError, KeyError, TypeError, AttributeError)
# Read only what a check needs of vectors.faiss: FAISS maps the file instead of reading it (older FAISS: reads it).
_MAP_VECTORS = getattr(faiss, "IO_FLAG_MMAP_IFC", 0)
_MANIFEST_TYPES = {"format_version": int, "model": str, "dimension": int, "chunker_version": str, "chunking": str,
                   "created": str, "chunks": int}
_MANIFEST_OPTIONAL_TEXT = ("articles_dir", "articles_from_index", "replaced")


@dataclass(frozen=True)
class ArticleRecord:
    """An indexed article, as the answer model needs it."""

    id: str
    title: str
    source: str | None
    published: str | None
    language: str | None
    content_hash: str
    paragraphs: tuple[str, ...]
    chunks: int


def newest_first(articles: Iterable[ArticleRecord]) -> list[ArticleRecord]:
    """By publication date, newest first; the undated after them, in the order given (a news bot's lists lead
    with what just came in). Dates are compared as ISO dates ("29.11.2026" is after "2026-11-28", also in an
    index built before they were read as ISO); a date that cannot be read follows the dated ones."""
    return sorted(articles, key=_date_key, reverse=True)


def _date_key(article: ArticleRecord) -> tuple[int, float]:
    published = iso_date(article.published)
    if published is None:
        return 0, 0.0
    when = moment(published)
    return (2, when) if when is not None else (1, 0.0)


@dataclass(frozen=True)
class Manifest:
    format_version: int
    model: str
    dimension: int
    chunker_version: str
    chunking: str
    created: str
    articles: dict[str, str]  # id -> content hash
    chunks: int
    # The articles folder it was built from (absolute, resolved) and the same seen from the index folder, which
    # still holds when both are moved together (a clone of the project). None: built by an askbot before these,
    # or by a caller that named no folder. Optional, so the same format version reads both kinds.
    articles_dir: str | None = None
    articles_from_index: str | None = None
    # The generation this one replaced (CURRENT's before the switch): the one kept beside it. A build with nothing
    # to do reads it to remove every other generation, which a build killed between its switch and its pruning
    # left. None: the first generation, or one written by an askbot before this field.
    replaced: str | None = None
    # SHA-256 of the generation's other files (vectors.faiss, meta.sqlite), checked as they are read: a flipped bit or
    # a zeroed block in the vectors read as well-formed, and every answer was wrong without a word. None: written by
    # an askbot before this field, read unchecked.
    checksums: dict[str, str] | None = None

    @classmethod
    def from_json(cls, data: object) -> Manifest:
        """The manifest, or TypeError/KeyError when it is not one `build_index` wrote (a hand edit, a bad copy):
        a wrong type would otherwise fail far from here, in the middle of a build."""
        if not isinstance(data, dict):
            raise TypeError("the manifest is not a JSON object")
        manifest = cls(**{f.name: data[f.name] for f in fields(cls) if f.name in data or f.default is MISSING})
        for name, kind in _MANIFEST_TYPES.items():
            value = getattr(manifest, name)
            if not isinstance(value, kind) or isinstance(value, bool):
                raise TypeError(f"manifest {name} is not {kind.__name__}")
        for name in _MANIFEST_OPTIONAL_TEXT:
            if not isinstance(getattr(manifest, name), (str, type(None))):
                raise TypeError(f"manifest {name} is not text")
        if not isinstance(manifest.articles, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in manifest.articles.items()):
            raise TypeError("manifest articles is not a map of ids to hashes")
        if manifest.checksums is not None and (not isinstance(manifest.checksums, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in manifest.checksums.items())):
            raise TypeError("manifest checksums is not a map of files to hashes")
        return manifest


@dataclass
class BuildReport:
    """What an index run changed; `--json` prints exactly `as_dict()`."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    chunks: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    embedded: int = 0
    seconds: float = 0.0
    generation: str | None = None

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def as_dict(self) -> dict:
        return {
            "added": self.added,
            "updated": self.updated,
            "removed": self.removed,
            "unchanged": self.unchanged,
            "chunks": self.chunks,
            "skipped": [asdict(s) for s in self.skipped],
        }

    def summary(self) -> str:
        text = (f"{self.added} added, {self.updated} updated, {self.removed} removed, "
                f"{self.unchanged} unchanged; {self.chunks} search units in the index")
        if self.embedded:
            text += f" ({self.embedded} embedded)"
        return text + f", {self.seconds:.1f} s."


@dataclass(frozen=True)
class IndexSnapshot:
    """A loaded generation: everything a question needs, in memory, immutable."""

    directory: Path
    generation: str
    manifest: Manifest
    vectors: faiss.Index
    chunks: tuple[Chunk, ...]
    articles: dict[str, ArticleRecord]



def folder_record(articles_dir: Path, index_dir: Path) -> tuple[str, str]:
    """How a manifest records the articles folder: absolute and resolved, and relative to the index folder.
    `os.path.realpath`, not `Path.resolve`: a link that leads to itself (RuntimeError there) is compared as it is."""
    articles, index = os.path.realpath(articles_dir), os.path.realpath(index_dir)
    return articles, os.path.relpath(articles, index)


def built_elsewhere(manifest: Manifest, articles_dir: Path, index_dir: Path) -> str | None:
    """The folder the index was built from when that is not `articles_dir`; None when it is, or when the
    manifest records none (an index from an older askbot). The same folder seen from the index counts as the
    same: a project moved or cloned with its index keeps answering from its own articles."""
    return folder_elsewhere((manifest.articles_dir, manifest.articles_from_index), articles_dir, index_dir)


def folder_elsewhere(record: tuple[str | None, str | None], articles_dir: Path, index_dir: Path) -> str | None:
    """`built_elsewhere` for a manifest's (articles_dir, articles_from_index) pair."""
    recorded, recorded_relative = record
    if recorded is None:
        return None
    absolute, relative = folder_record(articles_dir, index_dir)
    if recorded == absolute or recorded_relative == relative:
        return None
    return recorded


def salvaged_record(index_dir: Path) -> tuple[str, str | None] | None:
    """The articles folder a damaged index recorded, from whatever manifest still says it: the live one read as
    plain JSON (a wrong type elsewhere in it), else the generation kept beside it, newest first. None: no manifest
    says (garbage, or every generation from an older askbot). Damage must not turn an index of another folder into
    one of ./articles in silence."""
    folders = sorted((f for f in index_dir.glob("gen-*") if f.is_dir()), key=_modified, reverse=True)
    with contextlib.suppress(IndexUnreadableError):
        if (live := live_generation(index_dir)) is not None:
            folders.insert(0, index_dir / live)
    for folder in folders:
        try:
            data = json.loads(_plain(folder / "manifest.json").read_text(encoding="utf-8"))
        except DAMAGE:
            continue
        if not isinstance(data, dict):  # JSON, but no object (`null`, a list): no folder said
            continue
        recorded, relative = data.get("articles_dir"), data.get("articles_from_index")
        if isinstance(recorded, str) and recorded:
            return recorded, relative if isinstance(relative, str) else None
    return None


def _modified(folder: Path) -> float:
    try:
        return folder.stat().st_mtime
    except OSError:
        return 0.0


def text_key(model: str, text: str) -> str:
    return hashlib.sha256(f"{model}\x00{text}".encode()).hexdigest()


class Inconsistent(ValueError):
    """Parts of a generation that each read fine but do not fit together (a hand edit, a bad copy)."""


def _what(exc: BaseException) -> str:
    """How a damage message names what was wrong: an inconsistency says what; other errors are named by type."""
    return str(exc) if isinstance(exc, Inconsistent) else type(exc).__name__


def _damaged(index_dir: Path, what: str) -> IndexUnreadableError:
    advice = rebuild_advice(index_dir)
    return IndexUnreadableError(f"The index in {index_dir} is damaged ({what}): run {advice}.", advice=advice)


def live_generation(index_dir: Path) -> str | None:
    """Name of the live generation; None when there is none yet. A CURRENT that is not text or names no plain
    generation folder (a bad copy, "../elsewhere") is damage, rebuilt like any other."""
    try:
        raw = _read_pointer(index_dir / CURRENT_FILE)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:  # a folder or a named pipe made there by hand: damage, not a failure at every question
        check_askbot_folder(index_dir)
        what = str(exc) if isinstance(exc, _NotAFile) else f"cannot be read, {exc.strerror or exc}"
        raise _damaged(index_dir, f"{CURRENT_FILE} {what}") from None
    try:
        name = raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        check_askbot_folder(index_dir)
        raise _damaged(index_dir, f"{CURRENT_FILE} is not text") from None
    if not GENERATION_NAME.fullmatch(name):
        check_askbot_folder(index_dir)
        raise _damaged(index_dir, f"{CURRENT_FILE} names no generation folder")
    return name if (index_dir / name / "manifest.json").is_file() else None


def check_askbot_folder(index_dir: Path, articles_dir: Path | None = None) -> None:
    """NotAnIndexError, before anything is written, when `index_dir` is no folder for askbot to keep an index in
    (`_foreign_folder` says why): a LevelDB folder's CURRENT was overwritten as a damaged index's, and `--index
    ~/Documents` or `--index articles` got a .lock, generations and a CURRENT among the user's own files.
    `articles_dir`: the articles folder the index is built from, which the index may be inside of but may be
    neither the same folder nor hold (None: not looked at)."""
    if (reason := _foreign_folder(index_dir, articles_dir)) is None:
        return
    raise NotAnIndexError(
        f"The folder {index_dir} is not an askbot index ({reason}), so nothing was written into it: point --index "
        "(or ASKBOT_INDEX_DIR) at an askbot index folder, or at an empty or new one.")


def _foreign_folder(index_dir: Path, articles_dir: Path | None = None) -> str | None:
    """Why `index_dir` is not askbot's to write an index into; None when it is. With a CURRENT: askbot's when that
    names a generation, or a generation (or a killed build's temp folder or pointer) is beside it, damage to it
    being rebuilt as before. Without one: a missing folder, or one holding nothing but hidden entries, askbot's
    generations and `lost+found`, is one a build may start in, unless it is the articles folder or holds it (the
    user's articles and the index's files mixed in one folder). An index inside the articles folder is fine: the
    articles are read past it. A folder that cannot be listed is not known to be anyone else's: building says why."""
    current = index_dir / CURRENT_FILE
    try:
        os.lstat(current)
    except (FileNotFoundError, NotADirectoryError):
        pass
    except OSError:  # cannot be looked at (permissions, a name too long): the build says what is wrong
        return None
    else:
        with contextlib.suppress(UnicodeDecodeError):
            if GENERATION_NAME.fullmatch((_current_text(index_dir) or b"").decode("utf-8").strip()):
                return None
        try:
            with os.scandir(index_dir) as entries:
                if any(entry.name == f".{CURRENT_FILE}.tmp" or _generation_entry(index_dir, entry.name)
                       for entry in entries):
                    return None
        except OSError:
            return None
        return f"it holds a {CURRENT_FILE} file askbot did not write, and no index generation"
    if articles_dir is not None:
        index, articles = os.path.realpath(index_dir), os.path.realpath(articles_dir)
        if index == articles:
            return "it is the articles folder"
        if articles.startswith(index.rstrip(os.sep) + os.sep):
            return f"the articles folder {articles_dir} is inside it"
    if not (others := _foreign_entries(index_dir)):
        return None
    shown = ", ".join(shown_name(name) for name in others[:3])
    more = f" and {len(others) - 3} more" if len(others) > 3 else ""
    return f"it already holds {shown}{more}"


def _foreign_entries(index_dir: Path) -> list[str]:
    """The names in `index_dir` that are none of askbot's, sorted: anything but hidden entries (.lock, a killed
    build's .tmp-gen-…), askbot's generation folders and the `lost+found` of a disk's top folder. Empty when it is
    missing or cannot be listed (building there says what is wrong)."""
    try:
        with os.scandir(index_dir) as entries:
            names = [entry.name for entry in entries]
    except OSError:
        return []
    return sorted(name for name in names if not name.startswith(".") and name != "lost+found"
                  and not _generation_entry(index_dir, name))


def _generation_entry(index_dir: Path, name: str) -> bool:
    """Whether `index_dir/name` is a generation of askbot's (or a killed build's temp folder): named as builds
    name them, or holding a manifest (an askbot that named them otherwise)."""
    if _owned_generation(index_dir / name):
        return True
    return bool(GENERATION_NAME.fullmatch(name)) and (index_dir / name / "manifest.json").exists()


class _NotAFile(OSError):
    """CURRENT is there, but no file to read."""


def _read_pointer(path: Path) -> bytes:
    """CURRENT's bytes, read only when it is a plain file: a named pipe put in its place blocked every question
    of a running bot for good, a folder failed each one with IsADirectoryError."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise _NotAFile("is a folder, not a file" if stat.S_ISDIR(mode) else "is not a regular file")
        return os.read(fd, 4096)  # a generation's name is a line; a huge file is damage all the same
    finally:
        os.close(fd)


def _current_text(index_dir: Path) -> bytes | None:
    try:
        return _read_pointer(index_dir / CURRENT_FILE)
    except OSError:
        return None


def current_generation(index_dir: Path) -> str | None:
    """Name of the live generation, cheap enough to check before every question; None also when damaged."""
    try:
        return live_generation(index_dir)
    except (IndexUnreadableError, NotAnIndexError):
        return None


def _read_manifest_file(folder: Path) -> Manifest:
    """The manifest; IndexTooNewError, before anything else is looked at, when a newer askbot wrote it: its other
    fields may differ, and a manifest this code cannot parse would otherwise count as damage and be rebuilt."""
    data = json.loads(_plain(folder / "manifest.json").read_text(encoding="utf-8"))
    version = data.get("format_version") if isinstance(data, dict) else None
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        advice = rebuild_advice(folder.parent)
        raise IndexTooNewError(
            f"The index in {folder.parent} was built by a newer askbot (format {version}; this one reads format "
            f"{FORMAT_VERSION}): upgrade askbot, or replace the index with {advice}.", advice=advice)
    return Manifest.from_json(data)


def read_manifest(index_dir: Path) -> Manifest | None:
    generation = live_generation(index_dir)
    if generation is None:
        return None
    try:
        return _read_manifest_file(index_dir / generation)
    except DAMAGE as exc:
        raise _damaged(index_dir, type(exc).__name__) from None


def _article_records(rows: Iterable[sqlite3.Row]) -> dict[str, ArticleRecord]:
    """The articles table as records; a row that is not what `build_index` wrote raises ValueError/TypeError."""
    records = {}
    for r in rows:
        paragraphs = json.loads(r["paragraphs"])
        if not isinstance(paragraphs, list) or not all(isinstance(p, str) for p in paragraphs):
            raise TypeError("article paragraphs are not a list of texts")
        record = ArticleRecord(r["id"], r["title"], r["source"], r["published"], r["language"],
                               r["content_hash"], tuple(paragraphs), r["chunks"])
        _check_types(record, _ARTICLE_TYPES)
        records[record.id] = record
    return records


# Column types of what `build_index` writes: a NULL or a number where text belongs (a hand edit, a bad copy)
# would otherwise fail in the middle of answering a question, far from the index.
_ARTICLE_TYPES: dict[str, type | tuple[type, ...]] = {
    "id": str, "title": str, "source": (str, type(None)), "published": (str, type(None)),
    "language": (str, type(None)), "content_hash": str, "chunks": int}
_CHUNK_TYPES: dict[str, type | tuple[type, ...]] = {
    "article_id": str, "ordinal": int, "granularity": str, "paragraph": int, "first": int, "last": int,
    "start": int, "end": int, "text": str, "context": str, "embed_text": str}


def _check_types(record: object, types: dict[str, type | tuple[type, ...]]) -> None:
    for name, kind in types.items():
        if not isinstance(getattr(record, name), kind):
            raise TypeError(f"{type(record).__name__} {name} has the wrong type")


def _check_chunks(chunks: Sequence[Chunk], articles: dict[str, ArticleRecord]) -> None:
    """Every chunk belongs to an indexed article and quotes its text where that article has it. A chunk of an
    unknown article (KeyError), a NULL text (TypeError) or paragraphs emptied under their chunks (an empty
    passage) would otherwise surface only when a question reaches them; this costs one pass over the texts."""
    bodies = {key: "\n".join(record.paragraphs) for key, record in articles.items()}
    for chunk in chunks:
        _check_types(chunk, _CHUNK_TYPES)
        record, body = articles.get(chunk.article_id), bodies.get(chunk.article_id)
        if record is None or body is None:
            raise Inconsistent("a chunk belongs to no indexed article")
        if not (1 <= chunk.paragraph <= len(record.paragraphs) and 0 <= chunk.start < chunk.end <= len(body)
                and body.startswith(chunk.text.removesuffix("…"), chunk.start)):  # "…": an overlong sentence, cut
            raise Inconsistent("a chunk does not quote its article")


def _check_consistent(manifest: Manifest, chunks: Sequence[Chunk], articles: dict[str, ArticleRecord]) -> None:
    """What the metadata holds agrees with the manifest and with itself (ValueError/TypeError otherwise)."""
    if set(articles) != set(manifest.articles) or len(chunks) != manifest.chunks:
        raise Inconsistent("metadata and manifest disagree")
    _check_chunks(chunks, articles)


CHECKED_FILES = ("vectors.faiss", "meta.sqlite")


def _plain(path: Path) -> Path:
    """`path` when it is a plain file (or a link to one), else Inconsistent: a named pipe put in a generation by hand
    blocked every read of it for good (`askbot index`, `ask`, a running bot's reload), and a link to /dev/zero was
    hashed without end."""
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        raise Inconsistent(f"{path.name} is {'a folder' if stat.S_ISDIR(mode) else 'no plain file'}")
    return path


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(_plain(path), "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _check_checksums(manifest: Manifest, folder: Path) -> None:
    """The generation's files are the bytes its build wrote (Inconsistent otherwise); unchecked when the manifest
    records no checksums (an askbot before them)."""
    for name, expected in (manifest.checksums or {}).items():
        if name in CHECKED_FILES and _file_digest(folder / name) != expected:
            raise Inconsistent(f"{name} is not what was written")


def _check_vectors(manifest: Manifest, vectors: faiss.Index, count: int) -> None:
    """One vector per chunk, of the manifest's dimension: FAISS would fail an assertion on the first search."""
    if vectors.ntotal != count:
        raise Inconsistent("vector count")
    if vectors.d != manifest.dimension:
        raise Inconsistent("vector dimension")


def _read_meta(folder: Path) -> tuple[tuple[Chunk, ...], dict[str, ArticleRecord]]:
    """The chunks (in row order) and the articles of a generation's meta.sqlite."""
    with contextlib.closing(_connect(_plain(folder / "meta.sqlite"))) as db:
        chunk_rows = db.execute("SELECT * FROM chunks ORDER BY row").fetchall()
        articles = _article_records(db.execute("SELECT * FROM articles").fetchall())
    chunks = tuple(
        Chunk(r["article_id"], r["ordinal"], r["granularity"], r["paragraph"], r["first"], r["last"],
              r["start"], r["end"], r["text"], r["context"], r["embed_text"])
        for r in chunk_rows
    )
    return chunks, articles


def _check_meta(index_dir: Path, generation: str, manifest: Manifest) -> None:
    """The metadata of the live generation reads back and matches its manifest: without this check an
    `askbot index` with nothing to do would call a generation whose metadata `ask` cannot read unchanged."""
    try:
        _check_checksums(manifest, index_dir / generation)
        chunks, articles = _read_meta(index_dir / generation)
        _check_consistent(manifest, chunks, articles)
        # the vectors' header only (mapped, not read): a build would otherwise copy vectors of another dimension
        vectors = _read_vectors(index_dir / generation / "vectors.faiss", _MAP_VECTORS)
        _check_vectors(manifest, vectors, len(chunks))
    except DAMAGE as exc:
        raise _damaged(index_dir, _what(exc)) from None


def _utf8_name(path: Path) -> bool:
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _read_vectors(path: Path, flags: int = 0) -> faiss.Index:
    """vectors.faiss; FAISS takes only a UTF-8 file name (a folder named in an old codepage, read with surrogate
    escapes, was "damaged (TypeError)" at every read), so such a file is read by Python and handed over whole."""
    if _utf8_name(_plain(path)):
        return faiss.read_index(str(path), flags)
    return faiss.deserialize_index(np.frombuffer(path.read_bytes(), dtype=np.uint8))


def _write_vectors(index: faiss.Index, path: Path) -> None:
    """`_read_vectors`' counterpart: FAISS writes the file, or Python when its name is not UTF-8."""
    if _utf8_name(path):
        faiss.write_index(index, str(path))
    else:
        path.write_bytes(faiss.serialize_index(index).tobytes())


def _connect(path: Path) -> sqlite3.Connection:
    """A database by its absolute path: SQLite reads a relative "file:news/…" (`--index file:news`) as a URI."""
    connection = sqlite3.connect(path.absolute())
    connection.row_factory = sqlite3.Row
    return connection


def load_index(index_dir: Path) -> IndexSnapshot | None:
    """The live generation fully in memory, or None when there is no index yet.

    A generation that fails to read while CURRENT moved on was replaced and pruned under the reader (two builds
    in a row while a running bot loads one): the new live one is read instead, not called damaged."""
    for _ in range(LOAD_ATTEMPTS - 1):
        named = _current_text(index_dir)
        generation = live_generation(index_dir)
        if generation is None:
            if _current_text(index_dir) != named:  # its manifest gone because CURRENT moved on: no "no index"
                continue
            return None
        try:
            return _load_generation(index_dir, generation)
        except IndexUnreadableError:
            if current_generation(index_dir) == generation:
                raise
            log.info("index generation %s was replaced while it loaded; loading the new one", generation)
    generation = live_generation(index_dir)
    return None if generation is None else _load_generation(index_dir, generation)


def _load_generation(index_dir: Path, generation: str) -> IndexSnapshot:
    folder = index_dir / generation
    try:
        manifest = _read_manifest_file(folder)
        if manifest.format_version != FORMAT_VERSION:
            advice = rebuild_advice(index_dir)
            raise IndexUnreadableError(
                f"The index in {index_dir} has format version {manifest.format_version}, this askbot "
                f"reads version {FORMAT_VERSION}: run {advice}.", advice=advice
            )
        _check_checksums(manifest, folder)
        vectors = _read_vectors(folder / "vectors.faiss")
        chunks, articles = _read_meta(folder)
        _check_consistent(manifest, chunks, articles)
        _check_vectors(manifest, vectors, len(chunks))
    except (IndexUnreadableError, IndexTooNewError):
        raise
    except DAMAGE as exc:
        raise _damaged(index_dir, _what(exc)) from None
    return IndexSnapshot(index_dir, generation, manifest, vectors, chunks, articles)


def rebuild_advice(index_dir: Path, articles: str | Path | None = None) -> str:
    """`askbot index --rebuild` as a message advises it, pointed at this index and its articles folder when they
    are not the defaults: said bare after `askbot ask --index X`, it rebuilt ./index from ./articles instead."""
    flags = flag_for("index", index_dir, "index") + flag_for("articles", articles, "articles")
    return f"`askbot index --rebuild{flags}`"


def readvised(exc: IndexUnreadableError | IndexTooNewError, index_dir: Path,
              articles: str | Path | None) -> IndexUnreadableError | IndexTooNewError:
    """`exc` with its `rebuild_advice` naming the articles folder too (the one given, or the one the index
    records): said where the index is read, which knows no articles folder, it rebuilt from ./articles."""
    if exc.advice is None or articles is None:
        return exc
    advice = rebuild_advice(index_dir, articles)
    return type(exc)(str(exc).replace(exc.advice, advice), advice=advice)


def refuse_to_empty(articles: Sequence[Article], skipped: Sequence[Skipped], articles_dir: Path,
                    held: bool) -> None:
    """Every file of the folder skipped (all emptied, binary or unreadable: a sync gone wrong, a disk failing) while
    the index holds articles (`held`): emptying it left a running bot with nothing to answer from. `askbot index`
    and the bot's /reindex both refuse; removing the files, or an empty folder, still empties it."""
    if articles or not skipped or not held:
        return
    named = "; ".join(f"{item.path}: {item.reason}" for item in skipped[:3])
    more = f"; and {len(skipped) - 3} more" if len(skipped) > 3 else ""
    if len(skipped) == 1:  # "Not one of the file" was no English
        raise AskbotError(f"The one file in {articles_dir} could not be read as an article ({named}), so the index "
                          "was left as it is: fix it, or remove it to empty the index.")
    raise AskbotError(f"Not one of the {len(skipped)} files in {articles_dir} could be read as an article ({named}"
                      f"{more}), so the index was left as it is: fix them, or remove them to empty the index.")


def check_found(embedder: object) -> None:
    """A model that cannot be found (ASKBOT_MODEL mistyped) is said before the index's other model: the rebuild that
    mismatch advises failed on it. An embedder loaded already (or with no such check, in tests) is found."""
    if (check := getattr(embedder, "check_found", None)) is not None:
        check()


def check_compatible(manifest: Manifest, model: str, index_dir: Path, articles_dir: Path | None = None) -> None:
    """The model that embeds questions must be the one that embedded the passages. `articles_dir`: the folder named
    on purpose, which the advice names; None: the one the index records, when that is not ./articles."""
    if manifest.model != model:
        articles = articles_dir if articles_dir is not None else built_elsewhere(manifest, Path("articles"), index_dir)
        raise IndexMismatchError(
            f"The index in {index_dir} was built with model {manifest.model!r} but ASKBOT_MODEL is "
            f"{model!r}: run {rebuild_advice(index_dir, articles)} (or set ASKBOT_MODEL back)."
        )


@contextlib.contextmanager
def _build_lock(index_dir: Path) -> Iterator[OSError | None]:
    """One build at a time per index folder; a second waits instead of racing.

    Yields None, or why this process cannot write the index (a read-only disk, another user's folder): such an
    index is locked through its lock file opened for reading, or not at all when there is none, so that a run with
    nothing to do says so (it failed creating the lock file); one with work raises that error before embedding."""
    index_dir.mkdir(parents=True, exist_ok=True)
    handle, unwritable = _open_lock(index_dir / ".lock")
    if handle is None:
        yield unwritable
        return
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # say why nothing happens for a while
            log.warning("another askbot is updating the index in %s; waiting for it to finish", index_dir)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield unwritable
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def build_running(index_dir: Path) -> bool:
    """Whether another build holds the index's lock now (one about to start would wait for it). False when there is
    no lock file or it cannot be opened: the build itself then says what is wrong."""
    try:
        fd = os.open(index_dir / ".lock", os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        os.close(fd)  # closing lets the lock go
    return False


def _open_lock(lock: Path) -> tuple[IO | None, OSError | None]:
    """The lock file, for writing if this process may, else for reading (flock needs no more) with the reason it
    may not write; no file if it cannot even be read. Opened without blocking and refused in one sentence when it is
    no plain file: a named pipe there held every build (and a running bot's /reindex) for good, a folder failed each
    one with "Is a directory" and no word of what to do."""
    try:
        return _open_plain(lock, "w"), None  # closed by _build_lock
    except OSError as exc:
        if exc.errno not in (errno.EROFS, errno.EACCES, errno.EPERM):
            raise
        unwritable = exc
    try:
        return _open_plain(lock, "rb"), unwritable
    except AskbotError:
        raise
    except OSError:
        return None, unwritable


def _nonblocking(path: str, flags: int) -> int:
    return os.open(path, flags | os.O_NONBLOCK, 0o666)


def _open_plain(lock: Path, mode: str) -> IO:
    try:
        handle = open(lock, mode, opener=_nonblocking)  # noqa: SIM115 - closed by _build_lock
    except OSError as exc:
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM) or not (lock.is_symlink() or lock.exists()):
            raise
        handle = None
    if handle is not None and stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
        os.set_blocking(handle.fileno(), True)
        return handle
    if handle is not None:
        handle.close()
    raise AskbotError(f"The lock file {lock} of the index is no plain file (a folder, a pipe, a device or a broken "
                      "link put there by hand): remove it and run `askbot index` again.")


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_generation(folder: Path, manifest: Manifest, matrix: np.ndarray, chunks: Sequence[Chunk],
                      articles: Sequence[Article]) -> None:
    folder.mkdir(parents=True)
    index = faiss.IndexFlatIP(manifest.dimension)
    if len(matrix):
        index.add(np.ascontiguousarray(matrix, dtype=np.float32))
    _write_vectors(index, folder / "vectors.faiss")
    counts: dict[str, int] = {}
    for chunk in chunks:
        counts[chunk.article_id] = counts.get(chunk.article_id, 0) + 1
    with contextlib.closing(_connect(folder / "meta.sqlite")) as db, db:
        db.executescript(
            """
            CREATE TABLE articles (id TEXT PRIMARY KEY, title TEXT NOT NULL, source TEXT, published TEXT,
                language TEXT, content_hash TEXT NOT NULL, paragraphs TEXT NOT NULL, chunks INTEGER NOT NULL,
                path TEXT);
            CREATE TABLE chunks (row INTEGER PRIMARY KEY, article_id TEXT NOT NULL REFERENCES articles(id),
                ordinal INTEGER, granularity TEXT, paragraph INTEGER, first INTEGER, last INTEGER,
                start INTEGER, end INTEGER, text TEXT, context TEXT, embed_text TEXT, text_key TEXT);
            """
        )
        db.executemany(
            "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(a.id, a.title, a.source, a.published, a.language, a.content_hash,
              json.dumps(list(a.paragraphs), ensure_ascii=False), counts.get(a.id, 0),
              None if a.path is None else printable_name(a.path)) for a in articles],
        )
        db.executemany(
            "INSERT INTO chunks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(row, c.article_id, c.ordinal, c.granularity, c.paragraph, c.first, c.last, c.start, c.end,
              c.text, c.context, c.embed_text, text_key(manifest.model, c.embed_text))
             for row, c in enumerate(chunks)],
        )
    for name in CHECKED_FILES:
        with open(folder / name, "rb") as handle:
            os.fsync(handle.fileno())
    manifest = replace(manifest, checksums={name: _file_digest(folder / name) for name in CHECKED_FILES})
    (folder / "manifest.json").write_text(_manifest_json(manifest), encoding="utf-8")
    with open(folder / "manifest.json", "rb") as handle:
        os.fsync(handle.fileno())


def _manifest_json(manifest: Manifest) -> str:
    """The manifest as JSON text; an articles folder whose name is not UTF-8 (bytes of an old codepage, read with
    surrogate escapes) as JSON escapes, which read back to the same name: written as they are, they failed the
    build with UnicodeEncodeError."""
    text = json.dumps(asdict(manifest), ensure_ascii=False, indent=2)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(asdict(manifest), indent=2)
    return text


def _previous_vectors(index_dir: Path, model: str) -> dict[str, tuple[faiss.Index, int]]:
    """text key -> (vectors, row) holding its vector, to reuse vectors of unchanged text: from the live generation,
    and from the one it replaced, still on disk beside it, for text the live one no longer has (an article
    removed by mistake and put back was embedded all over again)."""
    found: dict[str, tuple[faiss.Index, int]] = {}
    generation = current_generation(index_dir)
    for _ in range(2):  # the live one, then the one it replaced
        if generation is None:
            break
        folder = index_dir / generation
        try:
            manifest = _read_manifest_file(folder)
            if manifest.model != model or manifest.format_version != FORMAT_VERSION:
                break
            _check_checksums(manifest, folder)  # damaged vectors are embedded again, not copied
            with contextlib.closing(_connect(_plain(folder / "meta.sqlite"))) as db:
                rows = db.execute("SELECT row, text_key FROM chunks").fetchall()
            vectors = _read_vectors(folder / "vectors.faiss")
        except DAMAGE:
            break
        for row in rows:
            found.setdefault(row["text_key"], (vectors, int(row["row"])))
        generation = replaced_generation(index_dir, manifest)
    return found


def replaced_generation(index_dir: Path, manifest: Manifest) -> str | None:
    """The generation `manifest` says it replaced, when that is a generation folder inside `index_dir`; None for
    anything else: a hand-edited "replaced" ("../../x", an absolute path, a link) was followed out of the index and
    its vectors copied into the new generation."""
    name = manifest.replaced
    if name is None or not GENERATION_NAME.fullmatch(name):
        return None
    folder = index_dir / name
    return name if folder.is_dir() and not folder.is_symlink() else None


def build_index(
    index_dir: Path,
    articles: Sequence[Article],
    embedder,
    *,
    skipped: Sequence[Skipped] = (),
    params: ChunkingParams = ChunkingParams(),
    rebuild: bool = False,
    show_progress: bool = False,
    before_switch: Callable[[], None] | None = None,
    articles_dir: Path | None = None,
) -> BuildReport:
    """Bring the index up to date with `articles`; only new or changed text is embedded.

    `embedder` needs `.name`, `.dimension` and `.embed_passages(texts, show_progress)`. `articles_dir`, the
    folder `articles` were read from, is recorded in the manifest (None: no folder is recorded); an index built
    from another folder gets a new generation saying so even when the articles are the same.
    `before_switch` runs after the new generation is complete and before CURRENT moves (tests
    use it to kill a build at the worst moment).
    """
    return update_index_from(index_dir, lambda: (articles, skipped), embedder, params=params, rebuild=rebuild,
                             show_progress=show_progress, before_switch=before_switch, articles_dir=articles_dir)


def update_index_from(
    index_dir: Path,
    read: Callable[[], tuple[Sequence[Article], Sequence[Skipped]]],
    embedder,
    *,
    params: ChunkingParams = ChunkingParams(),
    rebuild: bool = False,
    show_progress: bool = False,
    before_switch: Callable[[], None] | None = None,
    articles_dir: Path | None = None,
) -> BuildReport:
    """`build_index` of the articles `read()` returns, read while this build holds the lock. Read before it, a build
    that waited for another published the folder as it was when it started waiting: an article `askbot remove`d
    meanwhile came back (and was answered from), one `askbot add`ed meanwhile vanished from the index. `read` may
    raise to refuse the build (`refuse_to_empty`)."""
    # before the lock file is made: nothing is written into another's folder, or into the articles folder
    check_askbot_folder(index_dir, articles_dir)
    with _build_lock(index_dir) as unwritable:
        articles, skipped = read()
        return _build_locked(index_dir, articles, embedder, unwritable, skipped=skipped, params=params, rebuild=rebuild,
                             show_progress=show_progress, before_switch=before_switch, articles_dir=articles_dir)


def _build_locked(
    index_dir: Path,
    articles: Sequence[Article],
    embedder,
    unwritable: OSError | None,
    *,
    skipped: Sequence[Skipped] = (),
    params: ChunkingParams = ChunkingParams(),
    rebuild: bool = False,
    show_progress: bool = False,
    before_switch: Callable[[], None] | None = None,
    articles_dir: Path | None = None,
) -> BuildReport:
    """`build_index` once the build lock is held (`unwritable`: what `_build_lock` yielded)."""
    started = time.monotonic()
    report = BuildReport(skipped=list(skipped))
    asked_to_rebuild = rebuild  # not a rebuild of damage, whose articles count as added
    try:
        old = None if rebuild else read_manifest(index_dir)
        if old is not None:
            _check_meta(index_dir, live_generation(index_dir) or "", old)
    except IndexTooNewError as exc:
        raise readvised(exc, index_dir, articles_dir) from None
    except IndexUnreadableError as exc:  # nothing to reuse: build it all again from the articles
        log.warning("%s. Rebuilding it from %s.", str(exc).split(":")[0],
                    os.path.abspath(articles_dir) if articles_dir is not None else "the articles")
        old, rebuild = None, True
    if old is not None and old.model != embedder.name:
        check_found(embedder)
        raise IndexMismatchError(
            f"The index in {index_dir} was built with model {old.model!r} but ASKBOT_MODEL is "
            f"{embedder.name!r}: run {rebuild_advice(index_dir, articles_dir)}."
        )
    same_chunking = old is not None and old.chunking == params.key()
    counted = old
    if asked_to_rebuild:  # what it held is re-embedded, not added: `--rebuild` said "2 added" of the 2 it had
        with contextlib.suppress(IndexUnreadableError, IndexTooNewError, OSError):
            counted = read_manifest(index_dir)
    previous = dict(counted.articles) if counted else {}
    current = {a.id: a.content_hash for a in articles}
    for article_id, digest in current.items():
        if article_id not in previous:
            report.added += 1
        elif previous[article_id] != digest or not same_chunking:
            report.updated += 1
        else:
            report.unchanged += 1
    report.removed = len(set(previous) - set(current))
    # the same articles from another folder, or from one not recorded yet (an index from an older askbot): a new
    # generation records it (no text to embed), or `askbot index --articles elsewhere` left nothing to check
    other_folder = (old is not None and articles_dir is not None
                    and (old.articles_dir is None or built_elsewhere(old, articles_dir, index_dir) is not None))
    if old is not None and not report.changed and not rebuild and not other_folder:
        report.chunks = old.chunks
        report.generation = current_generation(index_dir)
        report.seconds = time.monotonic() - started
        if unwritable is None:  # a killed build's temp folder and generation go even when there is nothing to build
            _remove_unkept(index_dir, report.generation, replaced_generation(index_dir, old))
        return report  # nothing changed: the model is not even needed
    if unwritable is not None:  # before the model loads and embeds for nothing
        _raise_unwritable(index_dir, unwritable)
    chunks = [chunk for article in articles for chunk in _article_chunks(article, params)]
    earlier = {} if rebuild else _previous_vectors(index_dir, embedder.name)
    reused: dict[int, tuple[faiss.Index, int]] = {}  # chunk -> the earlier vectors and row holding its vector
    missing: list[int] = []
    texts: list[str] = []
    for i, chunk in enumerate(chunks):
        if (source := earlier.get(text_key(embedder.name, chunk.embed_text))) is not None:
            reused[i] = source
        else:
            missing.append(i)
    if missing:
        dimension = embedder.dimension  # loads the model: it is about to embed
        if old is not None and old.chunks and old.dimension != dimension:
            raise IndexMismatchError(
                f"The index in {index_dir} has {old.dimension}-dimensional vectors but the model "
                f"{embedder.name!r} gives {dimension}: run {rebuild_advice(index_dir, articles_dir)}."
            )
    else:  # only removals (or moves), or no text at all: every vector is at hand, and the model is not loaded
        dimension = old.dimension if old is not None else NO_VECTORS
    matrix = np.zeros((len(chunks), dimension), dtype=np.float32)
    for i, (vectors, row) in reused.items():
        matrix[i] = vectors.reconstruct(row)
    if missing:
        # each distinct text once: boilerplate and repeated sentences are embedded a single time
        texts = list(dict.fromkeys(chunks[i].embed_text for i in missing))
        fresh = np.asarray(embedder.embed_passages(texts, show_progress=show_progress), dtype=np.float32)
        position = {text: row for row, text in enumerate(texts)}
        matrix[missing] = fresh[[position[chunks[i].embed_text] for i in missing]]
    report.embedded = len(texts)  # distinct texts sent to the model
    report.chunks = len(chunks)

    manifest = Manifest(
        format_version=FORMAT_VERSION,
        model=embedder.name,
        dimension=dimension,
        chunker_version=CHUNKER_VERSION,
        chunking=params.key(),
        created=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        articles=current,
        chunks=len(chunks),
    )
    replaced = current_generation(index_dir)  # the previous generation: kept beside the new one
    manifest = replace(manifest, replaced=replaced)
    if articles_dir is not None:
        absolute, relative = folder_record(articles_dir, index_dir)
        manifest = replace(manifest, articles_dir=absolute, articles_from_index=relative)
    name = _generation_name()
    try:
        _publish(index_dir, name, manifest, matrix, chunks, articles, before_switch)
    except DAMAGE as exc:
        if (limit := _over_size_limit(exc)) is not None:
            raise DiskFullError(
                f"A file of the new index in {index_dir} would be larger than this process may write (ulimit -f: "
                f"{limit:,} bytes): raise the limit and run `askbot index` again (the index in use was not "
                "changed).", reason="over the file-size limit of ulimit -f",
                advice="raise the limit and run `askbot index`") from None
        if isinstance(exc, OSError) and exc.errno == errno.EROFS:
            _raise_unwritable(index_dir, exc)
        if not _no_space(exc):
            raise
        room = _room_needed(index_dir, replaced)
        raise DiskFullError(f"No space left on the disk of {index_dir}: free space and run `askbot index` "
                            f"again (the index in use was not changed{room}).") from None
    _prune(index_dir, keep={name, replaced} - {None})
    report.generation = name
    report.seconds = time.monotonic() - started
    return report


def _article_chunks(article: Article, params: ChunkingParams) -> list[Chunk]:
    """The passages of `article` within MAX_PASSAGES_PER_ARTICLE; a warning names the file when it had to be fitted
    (an article of tiny sentences made 209,000 passages, over two hours of embedding)."""
    capped = capped_chunks(article, params)
    if capped.note:
        log.warning("%s: %s.", article.path or article.id, capped.note)
    return capped.chunks


def _publish(index_dir: Path, name: str, manifest: Manifest, matrix: np.ndarray, chunks: Sequence[Chunk],
             articles: Sequence[Article], before_switch: Callable[[], None] | None) -> None:
    """Write generation `name` completely, then point CURRENT at it; on any failure nothing of it stays."""
    staging = index_dir / f".tmp-{name}"
    pointer = index_dir / f".{CURRENT_FILE}.tmp"
    try:
        _write_generation(staging, manifest, matrix, chunks, articles)
        staging.rename(index_dir / name)
        _fsync_dir(index_dir)
        if before_switch is not None:
            before_switch()
        _remove_pointer(pointer)  # the build lock is held: what is there belongs to no running build
        pointer.write_text(name + "\n", encoding="utf-8")
        with open(pointer, "rb") as handle:
            os.fsync(handle.fileno())
        current = index_dir / CURRENT_FILE
        if current.is_dir() and not current.is_symlink():  # damage a rebuild repairs: no file replaces a folder
            shutil.rmtree(current)
        os.replace(pointer, current)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        with contextlib.suppress(OSError):  # on a read-only disk unlinking fails too, hiding why the build did
            pointer.unlink(missing_ok=True)
        if current_generation(index_dir) != name:  # not switched: the old generation stays the live one
            shutil.rmtree(index_dir / name, ignore_errors=True)
        raise
    _fsync_dir(index_dir)


def _raise_unwritable(index_dir: Path, exc: OSError) -> None:
    """A read-only disk as one sentence (the index in use is intact); no permission as the system said it."""
    if exc.errno == errno.EROFS:
        raise DiskFullError(f"The disk of the index in {index_dir} is read-only: make it writable and run "
                            "`askbot index` again (the index in use was not changed).",
                            reason=exc.strerror or "read-only disk",
                            advice="run `askbot index` where its disk is writable") from None
    raise exc


def _no_space(exc: BaseException) -> bool:
    """A full disk (or quota), however the writer reports it: errno, SQLite's SQLITE_FULL or FAISS's text."""
    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, errno.EDQUOT)
    if isinstance(exc, sqlite3.Error):  # over a quota SQLite reports a write error, not SQLITE_FULL
        return (getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL
                or "disk quota" in str(exc).lower() or "disk is full" in str(exc).lower())
    # FAISS ends its message with strerror
    return isinstance(exc, RuntimeError) and any(said in str(exc) for said in ("No space left", "Disk quota exceeded"))


def _room_needed(index_dir: Path, live: str | None) -> str:
    """How much room a build needs, in the words of the disk-full sentence: a new generation is written beside the
    live one, so a disk with room for one index only can never rebuild it, however often it is asked to."""
    if live is None:
        return ""
    with contextlib.suppress(OSError):
        size = sum(path.stat().st_size for path in (index_dir / live).iterdir() if path.is_file())
        return f"; a new index is written beside it, so about {max(size, 1) / 2**20:.1f} MB more must be free"
    return ""


def _over_size_limit(exc: BaseException) -> int | None:
    """The file-size limit (`ulimit -f`, RLIMIT_FSIZE) in bytes when a write failed for passing it, else None.
    Python ignores SIGXFSZ, so the write fails with EFBIG: FAISS ends its message with that strerror, and SQLite
    reports a plain I/O error (or SQLITE_FULL for a write cut short), which a limit set explains."""
    limit = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
    if limit == resource.RLIM_INFINITY:
        return None
    if (isinstance(exc, OSError) and exc.errno == errno.EFBIG) or (
            isinstance(exc, RuntimeError) and "File too large" in str(exc)) or (
            isinstance(exc, sqlite3.Error) and getattr(exc, "sqlite_errorname", "").startswith(
                ("SQLITE_IOERR", "SQLITE_FULL"))):
        return limit
    return None


# What `_generation_name` writes: the build's UTC time to the second, and a random suffix
_GENERATION_NAME = re.compile(r"gen-(\d{14})-[A-Za-z0-9]+")


def _generation_name() -> str:
    return f"gen-{time.strftime('%Y%m%d%H%M%S', time.gmtime())}-{uuid.uuid4().hex[:8]}"


def _prune(index_dir: Path, keep: set[str]) -> None:
    """Drop every generation but the new one and the one it replaced (KEEP_GENERATIONS), and leftovers of killed
    builds; a loaded snapshot is in memory already. Which one was replaced is what CURRENT named before the
    switch, not the newest name: names of one second sort by their random suffix, and a generation a killed
    build renamed but never switched to may sort after the live one."""
    for stale in index_dir.glob("gen-*"):
        if _owned_generation(stale) and stale.name not in keep:
            shutil.rmtree(stale, ignore_errors=True)
    _remove_leftovers(index_dir)


def _owned_generation(folder: Path) -> bool:
    """Only folders named the way `_generation_name` names them are ours to delete: a user's `gen-notes/` put in
    the index folder (or an --index pointed at a folder holding other things) must survive a build. A symlink is
    never ours either: rmtree would follow nothing, but the link itself is the user's."""
    name = folder.name.removeprefix(".tmp-")  # a killed build's temp folder: ours by the same name
    return bool(_GENERATION_NAME.fullmatch(name)) and folder.is_dir() and not folder.is_symlink()


def _remove_unkept(index_dir: Path, live: str | None, replaced: str | None) -> None:
    """What killed builds left, by a build with nothing to do: every generation but the live one and the one its
    manifest says it replaced, as `_prune` after a build. A live generation from an askbot that did not record
    the one it replaced: only those named after it (`_remove_orphans`). Only call it holding the build lock."""
    if live is not None and replaced is not None:
        _prune(index_dir, keep={live, replaced})
        return
    _remove_leftovers(index_dir)
    _remove_orphans(index_dir, live)




def _remove_orphans(index_dir: Path, live: str | None) -> None:
    """Generations named after the live one: written by a build killed before it switched CURRENT (a later build
    would have pruned them). The one the live one replaced is named before it, and so are those of its second
    (their order is not known: they stay). Only call it holding the build lock: a generation is then none that a
    running build is writing, and a build switches CURRENT before it lets the lock go."""
    live_time = _GENERATION_NAME.match(live or "")
    if live_time is None:
        return
    for folder in index_dir.glob("gen-*"):
        named = _GENERATION_NAME.match(folder.name)
        if named is not None and named.group(1) > live_time.group(1) and _owned_generation(folder):
            shutil.rmtree(folder, ignore_errors=True)


def _remove_leftovers(index_dir: Path) -> None:
    """Temp folders (and a CURRENT pointer never switched) of killed builds. Only call it holding the build
    lock: a running build holds it from start to end, so what is left then belongs to no running build."""
    for leftover in index_dir.glob(".tmp-gen-*"):
        if _owned_generation(leftover):
            shutil.rmtree(leftover, ignore_errors=True)
    _remove_pointer(index_dir / f".{CURRENT_FILE}.tmp")


def _remove_pointer(pointer: Path) -> None:
    """A CURRENT pointer a killed build never switched; a folder made there by hand goes too (a build, writing its
    pointer there, failed with "Is a directory" every time, and so did one with nothing to do, removing it)."""
    if pointer.is_dir() and not pointer.is_symlink():
        shutil.rmtree(pointer)
    elif pointer.is_symlink() or pointer.exists():  # unlinking a missing file fails on a read-only disk (EROFS)
        pointer.unlink(missing_ok=True)
