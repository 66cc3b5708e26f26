"""Reading articles from disk: encoding detection, front matter, title, RSS footer.

Pure parsing (`parse_article`) is separate from file reading (`read_article`) so that fetched
pages and files go through the same rules.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import itertools
import json
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from askbot.charsets import MIN_NON_ASCII_FOR_GUESS, WIDE_BOMS, decode_undeclared, mostly_utf8
from askbot.dates import iso_date
from askbot.errors import AskbotError
from askbot.question import (
    CONTROLS,
    INVISIBLE_CHARS,
    LINE_BREAKS,
    LONE_SURROGATE,
    NAME_CONTROLS,
    TERMINAL_ESCAPE,
    printable_name,
    shown_name,
)

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
ARTICLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
# Sentence ends of scripts other than Latin and Cyrillic, which never stand inside a sentence: the Chinese and
# Japanese full stop and marks, the Devanagari danda, the Arabic question mark and Urdu full stop, the Armenian,
# Ethiopic and Myanmar full stops (chunking.SCRIPT_SENTENCE_END; a title's first sentence)
SCRIPT_SENTENCE_MARKS = "。！？｡।॥؟۔։።။"
# Below this much text a file or a page is a stub, a paywall teaser or an index page, not an article; a Chinese,
# Japanese or Korean character counts three (`reading_length`).
MIN_ARTICLE_CHARS = 200
MAX_TITLE_CHARS = 200  # a longer first line is the text's first paragraph, not a title
MAX_ARTICLE_BYTES = 20 * 1024 * 1024  # a news page is kilobytes of text in up to megabytes of markup
SYSTEM_VIEWS = ("/proc/", "/sys/")  # the kernel's views of the running system: files that are no files
# A long read is ~100,000 characters; half a million is a book or a dump, and would take many minutes to embed.
MAX_ARTICLE_CHARS = 500_000
# An .html file whose text outside tags is this much over MAX_ARTICLE_CHARS is refused before its main text is
# extracted (15-45 s for 2 MB, at every index, ask and bot start): the menus and captions also counted in it
# leave a page at the limit some room.
HTML_TEXT_MARGIN = 1.2
# A text file with this many times MAX_ARTICLE_CHARS of characters other than spaces is refused before it is parsed:
# parsing drops little but Markdown's link targets and control characters
TEXT_MARGIN = 2

# A data dump (a CSV export, a log) saved as .txt is no article: 5,000 log lines took four minutes and a GB to embed,
# and then answered every question with log lines. A file is one when, of at least DUMP_MIN_LINES lines, at least
# DUMP_SHARE of the lines and of the characters are data lines: log entries (a clock time near the start) or lines
# less than half letters. An article with a table keeps its prose beside it, more than 1 - DUMP_SHARE of the text.
DUMP_MIN_LINES = 100
DUMP_SHARE = 0.9
_LOG_STAMP = re.compile(r"\b\d{1,2}:\d{2}:\d{2}\b")
_SENTENCE_END = re.compile(r"\w\w[.!?…]+[»\"”)]*\s*$")

# WordPress RSS footers (Yoast SEO's, in the site's language): "Сообщение <title> появились сначала на <site>." /
# "The post <title> appeared first on <site>."; a German, French, Spanish, Italian, Portuguese, Dutch or Turkish
# site's footer was read as the article's last paragraph, and the site's name was lost as its source.
FOOTER_PATTERNS = tuple(re.compile(pattern) for pattern in (
    r"^Сообщение\s.+\sпоявил[а-я]*\sсначала\sна\s+(?P<source>.+?)\.?\s*$",
    r"^The post\s.+\sappeared first on\s+(?P<source>.+?)\.?\s*$",
    r"^Der Beitrag\s.+\serschien zuerst auf\s+(?P<source>.+?)\.?\s*$",
    r"^L['’]article\s.+\sest apparu en premier sur\s+(?P<source>.+?)\.?\s*$",
    r"^La entrada\s.+\sse publicó primero en\s+(?P<source>.+?)\.?\s*$",
    r"^L['’]articolo\s.+\sproviene da\s+(?P<source>.+?)\.?\s*$",
    r"^O post\s.+\sapareceu primeiro em\s+(?P<source>.+?)\.?\s*$",
    r"^Het bericht\s.+\sverscheen eerst op\s+(?P<source>.+?)\.?\s*$",
    r"^.+\syazısı ilk önce\s+(?P<source>.+?)\s+üzerinde ortaya çıktı\.?\s*$",
    # a last line that only says where the article is from: "Source: https://…", "Источник: 365info.kz", or the
    # link alone; it was a passage of its own, quoted as an answer
    r"^(?i:source|sources|источник|джерело|quelle|kaynak|mənbə|дереккөз|fuente|fonte|bron)\s*[:：]\s*"
    r"(?P<source>\S.{0,80}?)\.?\s*$",
    r"^(?P<source>https?://\S+)$",
))
# "file": the local file (or upload) an article was added from, so adding an edited copy replaces it.
FRONT_MATTER_KEYS = ("title", "source", "published", "language", "fetched", "file")
# the names static-site generators (Hugo, Jekyll) give the same things
FRONT_MATTER_ALIASES = {"date": "published", "url": "source", "lang": "language"}
# Characters no text is made of: controls (but tab, newline, carriage return, form feed), the replacement
# character of undecodable bytes, and code points that are private, unassigned or half a surrogate pair.
ODD_CATEGORIES = frozenset({"Co", "Cn", "Cs"})
TEXT_CONTROLS = frozenset("\t\n\r\f")
# Share of odd characters beyond which a file is binary: a guessed charset is wrong at the first few (real
# cp1251 or koi8-r text has none); a declared one (UTF-8, a BOM) may carry some, e.g. terminal colour codes.
MAX_ODD_GUESSED = 0.01
MAX_ODD_DECLARED = 0.10
# How a file of another kind saved as .html or .txt starts (its "magic number"): no text does. A small PDF holds
# no NUL byte and its markup read as a too-short page; a longer one's text streams could be indexed as an article.
BINARY_SIGNATURES = (
    (b"%PDF-", "a PDF"), (b"%!PS", "a PostScript file"), (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GIF87a", "a GIF image"), (b"GIF89a", "a GIF image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a ZIP archive or an Office document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document"),
    (b"\x1f\x8b", "a gzip archive"), (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"), (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "a program"), (b"OggS", "an Ogg file"),
)
# A web page saved as .txt or .md ("Save page as…" under a name of one's own): read as the page it is, or its
# markup was indexed as the text, "<!DOCTYPE html>" its title. Only a file that starts as a page does.
HTML_DOCUMENT = re.compile(r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>])",
                           re.IGNORECASE | re.DOTALL)


class ArticleError(AskbotError):
    """An article file that cannot be used; the message is the reason."""


@dataclass(frozen=True)
class Article:
    """One source article: its body as paragraphs, plus what we know about where it came from."""

    id: str
    title: str
    paragraphs: tuple[str, ...]
    source: str | None = None
    published: str | None = None
    language: str | None = None
    path: str | None = None
    origin: str | None = None
    content_hash: str = field(default="", compare=False)

    @property
    def body(self) -> str:
        return "\n".join(self.paragraphs)


@dataclass(frozen=True)
class Skipped:
    """A file that was not indexed, and why."""

    path: str
    reason: str


# Terminal escape sequences and control characters (`askbot.question.CONTROLS`): `askbot ask` printed a title's
# ESC and BEL raw to the terminal, and NUL bytes past the binary test's first 8 KiB were indexed. Other line
# breaks (`LINE_BREAKS`) are new lines: an article with U+2029 between its paragraphs was one paragraph, its
# title the whole text, and its passages showed the raw separators.


# Invisible characters a text carries from the page it was copied from: soft hyphens (a site's &shy; in every long
# word, "Ка\u00adзах\u00adстан"), zero-width spaces, word joiners, direction marks and overrides. Questions drop
# them (`askbot.question.tidy`) but articles kept them: the tokenizer split the words they sat in (a Russian question's
# best score 0.90 fell to 0.88 with soft hyphens, 0.88 with zero-width spaces), the checks that look for a name or a
# number in a passage did not find "Казахстан" in "Ка\u00adзах\u00adстан", and a right-to-left override (U+202E)
# turned the rest of a reply, its source line too, backwards. (Not the zero-width joiners: they hold emoji and
# Persian words together.)
_TEXT_INVISIBLE = str.maketrans(dict.fromkeys(INVISIBLE_CHARS))
# A zero-width space parts two words as a space does ("Is it\u200btrue"), but in a script written without spaces
# (Thai, Lao, Myanmar, Khmer, Chinese, Japanese) it only marks where a line may break: there it goes, a space would
# show where none is written.
_UNSPACED = "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3000-\u9fff\uf900-\ufaff\uff00-\uffef"
_ZERO_WIDTH_SPACE = re.compile(f"(?<=[{_UNSPACED}])\u200b+|\u200b+(?=[{_UNSPACED}])|(\u200b+)")


def normalize_text(text: str) -> str:
    """NFC, unified newlines, no control or invisible characters, no trailing spaces, no blank-line runs: the form we
    hash, chunk and show."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = CONTROLS.sub("", LINE_BREAKS.sub("\n", TERMINAL_ESCAPE.sub("", text)))
    text = _ZERO_WIDTH_SPACE.sub(lambda m: " " if m.group(1) else "", text.translate(_TEXT_INVISIBLE))
    # a lone surrogate (front matter's `title: "\ud800"` read as JSON) is stored and hashed as U+FFFD
    text = LONE_SURROGATE.sub("\ufffd", text.replace("\ufeff", "").replace("\u00a0", " "))
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line and not _invisible(line))


# A hard-wrapped paragraph (an e-mail, a text saved from a terminal or an editor at 72 or 80 columns) goes on from
# one line to the next mid-sentence: a line ends in a word or a comma and the next starts in lower case. Each line
# was a paragraph of its own: passages were pieces of sentences ("will double its container").
_ENDS_IN_WORD = re.compile(r"(?:[^\W\d_]|[^\W\d_]-|,)$")
# Lines that start a paragraph of their own even inside a wrapped block: list items, dashes of an interview,
# Markdown headings, quotes, table rows, code fences and setext underlines.
_OWN_LINE = re.compile(r"^(?:[-–—−*+•#>|=]|\d{1,3}[.)]\s|`{3}|~{3})")


def unwrap(text: str) -> str:
    """`text` with each hard-wrapped block of lines (most of its line breaks fall mid-sentence, see
    `_ENDS_IN_WORD`) joined into one line. A block whose lines end their sentences (one paragraph a line, as the
    seed article is written), a poem, a table or a log is left as it is; so is the first line, the title."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[str] = []
    block: list[str] = []
    first = True
    for line in [*lines, ""]:
        if line.strip():
            block.append(line.strip())
            continue
        if block:
            out.extend(_unwrapped(block, title_first=first))
            first = False
            block = []
        out.append("")
    return "\n".join(out[:-1])


def _unwrapped(block: list[str], *, title_first: bool) -> list[str]:
    if any(line.startswith(("```", "~~~")) for line in block):
        return block  # code: its lines are no prose, whatever their ends
    pairs = list(itertools.pairwise(block))
    mid_sentence = sum(bool(_ENDS_IN_WORD.search(a)) and b[:1].islower() for a, b in pairs)
    if not pairs or 2 * mid_sentence < len(pairs):
        return block
    # each paragraph as its pieces, joined once at the end: adding each line to the paragraph's string copied it
    # whole every time, and a 15 MB text wrapped in one block took minutes (at every start of `ask` and the bot)
    joined = [[block[0]]]
    for index, line in enumerate(block[1:], start=1):
        if (index == 1 and title_first) or _OWN_LINE.match(line) or _OWN_LINE.match(joined[-1][0]):
            joined.append([line])
        elif joined[-1][-1].endswith("-") and line[:1].islower():
            joined[-1].append(line)  # "develop-" + "ment", "well-" + "known": the hyphen stays
        else:
            joined[-1] += (" ", line)
    return ["".join(pieces) for pieces in joined]


def _invisible(line: str) -> bool:
    """A line of zero-width and other format characters only (U+200B, U+2060…): blank on every screen."""
    return all(ch.isspace() or unicodedata.category(ch) == "Cf" for ch in line)


def content_hash(title: str, paragraphs: Iterable[str], source: str | None = None, published: str | None = None,
                 language: str | None = None) -> str:
    """Hash of what is indexed and shown: the text and the title, source, date and language people see with it.

    Equal articles from two fetches hash the same; a new date or language alone is a change, or `askbot index`
    kept the old one ("updated": 0) and `askbot add` called the edited file unchanged."""
    digest = hashlib.sha256()
    for part in (title, source or "", published or "", language or "", *paragraphs):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()


def decode(data: bytes) -> str:
    """Bytes to text: a byte-order mark's, else UTF-8 (a few bad bytes replaced), else a single-byte charset
    (`askbot.charsets`: windows-1252 for Western text, windows-1251 and koi8-r for Russian)."""
    if not data.strip():
        raise ArticleError("empty file")
    for bom, codec in WIDE_BOMS:
        if data.startswith(bom):  # before the NUL-byte test: UTF-16/32 text is full of NULs
            try:
                return _text_or_binary(data.decode(codec), MAX_ODD_DECLARED)
            except UnicodeDecodeError:
                raise ArticleError(f"broken {codec.upper()} text") from None
    if b"\x00" in (sample := data[:8192]) and not _stray_nuls(sample):
        if (codec := _bomless_utf16(sample)) is not None:
            try:
                return _text_or_binary(data.decode(codec), MAX_ODD_GUESSED)
            except UnicodeDecodeError:
                pass
        raise ArticleError("binary file, not text")
    text, guessed = decode_undeclared(data)  # UTF-8, even with a few bad bytes; else a single-byte charset
    if (guessed or "\ufffd" in text) and (mixed := _mixed_encodings(data)) is not None:
        text, guessed = mixed, True
    return _text_or_binary(text, MAX_ODD_GUESSED if guessed else MAX_ODD_DECLARED)


def _mixed_encodings(data: bytes) -> str | None:
    """Text whose lines are UTF-8 in places and a single-byte charset in others (a paragraph pasted from a
    windows-1251 file into a UTF-8 one, or the other way round), each run of such lines read in its own; None when
    the lines are not of both kinds. Read whole, neither reading fitted: the article was "binary file, not text", or
    its UTF-8 half mojibake ("crÃ¨me") or its other half U+FFFD.
    A line of valid UTF-8 beyond ASCII is UTF-8 (legacy text forms such sequences only by accident)."""
    runs: list[tuple[bool | None, list[bytes]]] = []  # (UTF-8 or not, lines); None: ASCII so far
    for line in data.splitlines(keepends=True):
        kind: bool | None = None  # ASCII, or a byte or two beyond it that are damage (U+FFFD in a UTF-8 run)
        if not line.isascii() and mostly_utf8(line) is not None:
            kind = True
        elif sum(byte > 0x7F for byte in line) >= MIN_NON_ASCII_FOR_GUESS:
            kind = False  # a line of another charset
        if runs and (kind is None or runs[-1][0] in (None, kind)):
            runs[-1][1].append(line)
            if runs[-1][0] is None:
                runs[-1] = (kind, runs[-1][1])
        else:
            runs.append((kind, [line]))
    if not {True, False} <= {kind for kind, _ in runs}:
        return None
    return "".join(decode_undeclared(b"".join(lines))[0] for _, lines in runs)


def _binary(data: bytes) -> bool:
    """NUL bytes near the start that are neither UTF-16/32's nor a few stray ones in UTF-8 text: an image, a
    PDF, an archive."""
    sample = data[:8192]
    if b"\x00" not in sample or any(sample.startswith(bom) for bom, _ in WIDE_BOMS):
        return False
    return not _stray_nuls(sample) and _bomless_utf16(sample) is None


def _stray_nuls(sample: bytes) -> bool:
    """A NUL or a few in UTF-8 text: text, its NULs dropped as past the first 8 KiB (`normalize_text`), not a
    binary file; nor UTF-16 (the whole text was read as CJK garbage): UTF-16's zeros are its spaces at least,
    and its other bytes are not UTF-8."""
    return sample.count(0) * 100 < len(sample) and mostly_utf8(sample.replace(b"\x00", b"")) is not None


def _bomless_utf16(sample: bytes) -> str | None:
    """UTF-16 saved without its byte-order mark: the zero bytes of its spaces, digits and Latin letters all
    fall on one side of each pair (odd places in little-endian, even in big-endian); a binary's do not."""
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd and not even:
        return "utf-16-le"
    if even and not odd:
        return "utf-16-be"
    return None


def odd_share(text: str) -> float:
    """Share of characters that no text is made of (ODD_CATEGORIES, U+FFFD, controls other than whitespace)."""
    sample = text[:100_000]
    odd = sum(1 for ch in sample if ch == "\ufffd" or _odd_category(unicodedata.category(ch), ch))
    return odd / max(1, len(sample))


def _odd_category(category: str, ch: str) -> bool:
    return category in ODD_CATEGORIES or (category == "Cc" and ch not in TEXT_CONTROLS)


def _text_or_binary(text: str, limit: float) -> str:
    """`text`, unless too many of its characters are odd: then the bytes were not text in that encoding.
    Whatever charset_normalizer guesses (it called random bytes ascii), this is what decides."""
    if odd_share(text) > limit:
        raise ArticleError("binary file, not text")
    return text


def _yaml_scalar(value: str) -> str:
    """A YAML quoted string's text: "Quoted \\"title\\"" and 'It''s' with their escapes read; not
    'title: "Aktau" and "Baku"', which only starts and ends with a quote."""
    if len(value) < 2 or value[0] != value[-1] or value[0] not in "\"'":
        return value
    inner = value[1:-1]
    if value[0] == "'":
        return inner.replace("''", "'").strip() if "'" not in inner.replace("''", "") else value
    try:
        text = json.loads(value)  # YAML's double-quoted escapes are JSON's, and a few more
    except ValueError:
        return inner.strip() if '"' not in inner else value
    return text.strip() if isinstance(text, str) else value


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """`---` key: value `---` at the top, as `askbot add` writes it (or Hugo's TOML between `+++` lines); unknown
    keys are ignored.

    Without its closing `---` it is not front matter: its lines stay text, and the opening dashes, which are
    no title, go. A byte-order mark and old Mac line ends (CR alone) are no reason to miss it: the title was
    "title: …" and the source a passage."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    fence = text[:4]
    if fence not in ("---\n", "+++\n"):
        return {}, text
    lines = text.split("\n")
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == fence[:3]), None)
    if end is None:
        return {}, text[4:]
    front = lines[1:end] if fence == "---\n" else _toml_as_yaml(lines[1:end])
    meta: dict[str, str] = {}
    for line, entry in _front_matter_entries(front):
        name = line.partition(":")[0].strip().lower()
        key = FRONT_MATTER_ALIASES.get(name, name)
        value = _yaml_scalar(entry) if isinstance(entry, str) else _list_value(key, entry)
        if key == "source" and line.strip().lower().startswith("url") and not re.match(r"https?://", value):
            continue  # Hugo's url is the page's path on the site, no source
        value = " ".join(normalize_text(value).split("\n"))  # no control characters in a title either
        if key in FRONT_MATTER_KEYS and value and key not in meta:
            meta[key] = value
    return meta, "\n".join(lines[end + 1 :]).lstrip("\n")


def _toml_as_yaml(lines: list[str]) -> list[str]:
    """Hugo's TOML front matter (`+++` lines, `title = "…"`) as the YAML lines it says the same as: its title was
    "+++" and its `title = …` line the first passage. Its strings and arrays are written as YAML's flow values
    are; keys under a `[table]` belong to the table, not to the page."""
    yaml_lines = []
    for line in lines:
        if line.strip().startswith("["):
            break
        key, sep, value = line.partition("=")
        if sep and key.strip():
            yaml_lines.append(f"{key.strip().strip(chr(34) + chr(39))}: {value.strip()}")
    return yaml_lines


# YAML's block scalar indicators: `source: >` (folded) or `title: |-` (literal); the value is on the lines below
_BLOCK_SCALAR = re.compile(r"^[>|](?:[+-]?[1-9]?|[1-9][+-])$")


_LIST_ITEM = re.compile(r"^\s*-(?:\s+(.*))?$")  # a YAML block sequence's item: "- Aktau", "  - Baku"
_FLOW_LIST = re.compile(r"^\[(.*)\]$")  # a YAML flow sequence: [Aktau, "Baku, Azerbaijan"]


def _front_matter_entries(lines: list[str]) -> list[tuple[str, str | list[str]]]:
    """Each `key: value` line with its value; the indented lines under a key continue its value on one line
    (a folded `>` or literal `|` block, or a long plain value wrapped), so `source: >` is never the source ">".
    A list (`tags: [a, b]`, or `- item` lines under a key) is its items: a title was "[Aktau, Baku]", a source
    "- https://a - https://b", and a title listed with unindented items was lost to the body's first line."""
    entries: list[tuple[str, str | list[str]]] = []
    wrapped: dict[int, list[str]] = {}  # entry -> the lines of its value wrapped over several
    for line in lines:
        if wrapped and (last := len(entries) - 1) in wrapped and not (line[:1] in (" ", "\t")
                                                                       and isinstance(entries[last][1], str)):
            entries[last] = (entries[last][0], " ".join(part for part in wrapped.pop(last) if part))
        item = _LIST_ITEM.match(line)
        listing = bool(entries) and (isinstance(entries[-1][1], list) or (
            entries[-1][1] == "" and not any(wrapped.get(len(entries) - 1, ()))))
        # lists grow in place and a value's lines are joined once at the end: copying them at each line took 10 s
        # over a front matter of 100,000 lines, at every start of `ask` and the bot
        if item and listing:
            head, items = entries[-1]
            if isinstance(items, list):
                items.append((item.group(1) or "").strip())
            else:
                entries[-1] = (head, [(item.group(1) or "").strip()])
                wrapped.pop(len(entries) - 1, None)  # blank lines before its first item
            continue
        if line[:1] in (" ", "\t") and entries:
            head, value = entries[-1]
            if isinstance(value, list):  # a list item wrapped onto the next line
                value[-1] = f"{value[-1]} {line.strip()}".strip()
            else:
                wrapped.setdefault(len(entries) - 1, [value]).append(line.strip())
            continue
        head, sep, value = line.partition(":")
        value = value.strip()
        if flow := _FLOW_LIST.match(value):
            entries.append((line if sep else "", _flow_items(flow.group(1))))
            continue
        entries.append((line if sep else "", "" if _BLOCK_SCALAR.match(value) else value))
    for index, parts in wrapped.items():  # the last value, wrapped to the end
        entries[index] = (entries[index][0], " ".join(part for part in parts if part))
    return entries


def _flow_items(inner: str) -> list[str]:
    """The items of a flow sequence, quoted ones with their commas: [Aktau, "Baku, Azerbaijan"]."""
    return [match.group().strip() for match in re.finditer(r'\s*(?:"(?:[^"\\]|\\.)*"|\'(?:[^\']|\'\')*\'|[^,]+)', inner)
            if match.group().strip()]


def _list_value(key: str, items: list[str]) -> str:
    """One value for a listed key: a title's items joined ("Aktau, Baku"); of the rest (a source, a date, a
    language), the first, as one article has one."""
    values = [value for value in map(_yaml_scalar, items) if value]
    if key == "title":
        return ", ".join(values)
    return values[0] if values else ""


# Markdown's inline markup, which a quoted passage would show as it is ("**Важно**", "[отчёт](https://…)").
# Emphasis only around words: "5 * 3" and "snake_case" stay. List markers stay too: an interview's "- " lines
# are its dialogue.
_MARKDOWN_INLINE = (
    # HTML inside Markdown (a <div> of a note, <b>, <br>, comments) and the notes' markers: the tags were quoted
    # as text ("<div class="note">Officials said the <b>new terminal</b>…"), and so were "[^1]" and "[mc]: https://…"
    (re.compile(r"<!--.*?-->|</?(?:b|i|u|s|em|strong|span|a|sup|sub|small|mark|code|del|ins|abbr)(?:\s[^<>]*)?>",
                re.IGNORECASE), ""),  # inside a line of text: "the <b>new terminal</b>"
    (re.compile(r"</?(?:br|p|div|section|aside|figure|figcaption|blockquote|center|details|summary|ul|ol|li|table|"
                r"thead|tbody|tr|td|th|h[1-6]|hr|img)(?:\s[^<>]*)?/?>", re.IGNORECASE), " "),  # "stages.<br>The"
    (re.compile(r"^\[(?!\^)[^\]]+\]:\s*\S+(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?$"), ""),  # link definitions
    (re.compile(r"^\[\^[^\]]+\]:\s*"), ""),  # a footnote keeps its text
    (re.compile(r"\[\^[^\]]+\]"), ""),  # footnote markers
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # reference links: their text
    (re.compile(r"^=+$"), ""),  # a setext heading's underline ("---" is a rule below)
    (re.compile(r"^#{1,6}\s+"), ""),  # headings
    (re.compile(r"^(?:>\s?)+"), ""),  # quotes
    (re.compile(r"^\s*(?:[-*_]\s*){3,}$"), ""),  # rules
    # code fences ("```python") and a table's row under its header ("|---|:--:|"): no words, yet each was a
    # passage that outranked the article's own text for unrelated questions; a row keeps its inner bars
    (re.compile(r"^(?:`{3,}|~{3,})\s*[\w+#.-]*$"), ""),
    (re.compile(r"^\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?$|^\|\s*:?-+:?\s*\|$"), ""),
    (re.compile(r"^\|\s*(.*?)\s*\|$"), r"\1"),
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images: their alt text
    (re.compile(r"\[([^\]]+)\]\((?:[^()\s]|\([^()\s]*\))+(?:\s+\"[^\"]*\")?\)"), r"\1"),  # links: their text
    (re.compile(r"(?<![\w`])(`+)(?=\S)([^`]+?)(?<=\S)\1(?![\w`])"), r"\2"),  # code, not "O`zbekiston"
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # bold
    (re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])"), r"\1"),  # italics
    (re.compile(r"(?<![\w_])_(?=\S)([^_]+?)(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),  # strike-through
)


def plain_markdown(line: str) -> str:
    """One line of Markdown as the text a reader sees."""
    for pattern, replacement in _MARKDOWN_INLINE:
        line = pattern.sub(replacement, line)
    return " ".join(line.split())


def short_title(title: str) -> str:
    """A title that fits a chat line and a button list: at most MAX_TITLE_CHARS, cut at a word."""
    if len(title) <= MAX_TITLE_CHARS:
        return title
    cut = title[: MAX_TITLE_CHARS - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:–—-") + "…"


def _data_line(line: str) -> bool:
    """A log entry (a time of day in its first 40 characters, and no sentence after it) or a line of numbers and
    signs more than letters. A transcript or a live blog stamps its lines too, but writes sentences after them."""
    if (stamp := _LOG_STAMP.search(line[:40])) and not _SENTENCE_END.search(line[stamp.end():]):
        return True
    letters = sum(ch.isalpha() for ch in line)
    return letters * 2 < len(line) - line.count(" ")


def data_dump(paragraphs: Iterable[str]) -> str | None:
    """Why the text is a data dump rather than an article (see DUMP_SHARE), or None when it is an article."""
    lines = list(paragraphs)
    if len(lines) < DUMP_MIN_LINES:
        return None
    data = [line for line in lines if _data_line(line)]
    if len(data) < DUMP_SHARE * len(lines) or sum(map(len, data)) < DUMP_SHARE * sum(map(len, lines)):
        return None
    return (f"data, not an article: {len(data):,} of its {len(lines):,} lines are numbers, table rows or log entries "
            "rather than sentences, which would be quoted as answers to any question")


def _same_text(line: str, title: str) -> bool:
    return " ".join(line.split()).casefold() == " ".join(title.split()).casefold()


def wide_chars(text: str) -> int:
    """Letters of the scripts written wide, each of which says about as much as a word or a syllable: Chinese,
    Japanese, Korean."""
    return sum(unicodedata.east_asian_width(ch) in "WF" and ch.isalnum() for ch in text)


def reading_length(text: str) -> int:
    """The length of `text` as the shortest article is measured: a wide letter (`wide_chars`) counts three, since
    a news story in Chinese or Japanese is about a third as long as in English; 200 letters of Chinese were refused
    as "too short to be an article"."""
    return len(text) + 2 * wide_chars(text)


def too_short(text: str) -> str | None:
    """Why `text` is too short to be an article, or None."""
    if reading_length(text) >= MIN_ARTICLE_CHARS:
        return None
    return f"under {MIN_ARTICLE_CHARS} characters{wide_counting(text)}"


def wide_counting(text: str) -> str:
    """How `text` was counted against the minimum, said where it holds wide letters, else nothing."""
    return ", a Chinese, Japanese or Korean character counting three" if wide_chars(text) else ""


def _first_sentence(paragraph: str) -> str:
    return re.split(rf"(?<=[.!?…])\s+|(?<=[{SCRIPT_SENTENCE_MARKS}])", paragraph, maxsplit=1)[0]


def parse_article(text: str, article_id: str, *, markdown: bool = False, path: str | None = None) -> Article:
    """Text of a .txt/.md article to an Article: line 1 (or front matter) is the title, footer is the source.

    A first line longer than any title is the text's first paragraph: the file has no title line, so the
    paragraph stays in the text and its first sentence, shortened, names the article."""
    meta, text = split_front_matter(text)
    lines = normalize_text(unwrap(text)).split("\n") if text.strip() else []
    if markdown and "fetched" not in meta:  # askbot's own stored files hold plain text already
        lines = [line for line in map(plain_markdown, lines) if line]
    # A line of signs alone, no letter or digit, parts sections ("* * *", "***", "=====" under a title typed as in
    # Markdown): it was a paragraph, a passage of its own or the title
    worded = [line for line in lines if any(ch.isalnum() for ch in line)]
    signs_only = len(worded) < len(lines)
    lines = worded
    source = meta.get("source")
    if lines:
        for pattern in FOOTER_PATTERNS:
            if match := pattern.match(lines[-1]):
                source = source or match.group("source")
                lines = lines[:-1]
                break
    title = meta.get("title")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if title is not None and first is not None and _same_text(lines[first], title):
        # "# Title" under the front matter's title (as many Markdown files repeat it): a passage of the title alone
        # answered "What is this article about?" and took the first place from the article's first paragraph
        lines = lines[first + 1:]
    if title is None and lines:
        if len(lines[0]) > MAX_TITLE_CHARS:  # no title line: the text starts at once, and stays searchable
            title = _first_sentence(lines[0])
        else:
            title, lines = lines[0], lines[1:]
    title = short_title(title) if title else title
    published = iso_date(meta.get("published"))  # "29.11.2026", "November 30, 2026": sorted and shown as ISO
    paragraphs = tuple(line for line in lines if line)
    if title and not paragraphs and signs_only:
        raise ArticleError("no article text (not a single word, only signs and digits)")
    if not title or not paragraphs:
        raise ArticleError("no article text (a title line and at least one paragraph are needed)")
    if not any(ch.isalpha() for paragraph in paragraphs for ch in paragraph):
        raise ArticleError("no article text (not a single word, only signs and digits)")
    if short := too_short("".join(paragraphs)):
        raise ArticleError(f"text too short to be an article ({short})")
    if dump := data_dump(paragraphs):
        raise ArticleError(dump)
    return Article(
        id=article_id,
        title=title,
        paragraphs=paragraphs,
        source=source,
        published=published,
        language=meta.get("language"),
        path=path,
        origin=meta.get("file"),
        content_hash=content_hash(title, paragraphs, source, published, meta.get("language")),
    )


def article_from_html(html: bytes, article_id: str, path: str | None = None) -> Article:
    """An .html file: main text, title, date and canonical URL through the HTML extractor."""
    from askbot.htmltext import decode_bytes, extract_html, visible_length

    text = decode_bytes(html)
    if (length := visible_length(text)) > MAX_ARTICLE_CHARS * HTML_TEXT_MARGIN:
        raise _too_long(length)  # before trafilatura, which takes up to a minute over a book-sized page
    extracted = extract_html(text, url=None)
    paragraphs = tuple(p for p in normalize_text(extracted.text).split("\n") if p)
    if not paragraphs:
        raise ArticleError("no article text found in the page")
    if dump := data_dump(paragraphs):  # a log or an export in <pre>
        raise ArticleError(dump)
    title = short_title(normalize_text(extracted.title) or article_id)
    return Article(
        id=article_id,
        title=title,
        paragraphs=paragraphs,
        source=extracted.source,
        published=extracted.published,
        language=extracted.language,
        path=path,
        content_hash=content_hash(title, paragraphs, extracted.source, extracted.published, extracted.language),
    )


def read_article(path: Path, article_id: str | None = None) -> Article:
    """One article file; raises ArticleError with the reason it cannot be used."""
    article = _read_article(path, article_id or path.name)
    length = len(article.title) + sum(len(p) for p in article.paragraphs)
    if length > MAX_ARTICLE_CHARS:
        raise _too_long(length)
    return article


def _too_long(length: int) -> ArticleError:
    return ArticleError(f"{length:,} characters of text, more than the {MAX_ARTICLE_CHARS:,} of a long news "
                        "article: split it into several articles")


def binary_kind(data: bytes) -> str | None:
    """What kind of file `data` is by its first bytes ("a PDF"), when it is one no text starts as."""
    return next((kind for magic, kind in BINARY_SIGNATURES if data.startswith(magic)), None)


def within_bytes(text: str, limit: int) -> str:
    """`text` cut to at most `limit` bytes of UTF-8, never inside a character: a file name may have 255 bytes, and
    200 Cyrillic letters are 400."""
    return text.encode("utf-8", "surrogateescape")[:limit].decode("utf-8", "ignore")


def article_suffix(path: Path) -> str:
    """The format a file name says, in lower case: a file named just ".txt" (to `askbot add`) is a text file too,
    though Python sees no suffix in it."""
    name = path.name.lower()
    return path.suffix.lower() or (name if name in ARTICLE_SUFFIXES else "")


def _system_view(path: Path) -> str | None:
    """Where `path` leads when that is a file of /proc or /sys (`ln -s /proc/self/status news.txt`): no article but
    the running system seen as text, another at every read, so the index was out of date at every run and `ask`
    re-embedded it each time. None for any other file."""
    real = os.path.realpath(path)
    return real if real.startswith(SYSTEM_VIEWS) else None


def _read_article(path: Path, article_id: str) -> Article:
    if (system := _system_view(path)) is not None:
        with contextlib.suppress(OSError):
            system = os.readlink(path)  # as the link says it ("/proc/self/status"), not the reader's pid
        raise ArticleError(f"a link to {shown_name(system)}, a view of the running system that changes as it is "
                           "read, not an article")
    try:
        if path.stat().st_size > MAX_ARTICLE_BYTES:
            raise ArticleError(f"larger than {MAX_ARTICLE_BYTES // (1024 * 1024)} MB, too big to be an article")
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleError(f"cannot be read ({exc.strerror or exc})") from None
    if kind := binary_kind(data):
        raise ArticleError(f"binary file, not text ({kind} by its first bytes)")
    suffix = article_suffix(path)
    text = None if suffix in HTML_SUFFIXES else decode(data)
    if text is None or HTML_DOCUMENT.match(text[:4096].lstrip("\ufeff")):
        if not data.strip():
            raise ArticleError("empty file")
        if _binary(data):  # an image or a PDF saved as .html was "too short to be an article (0 characters)"
            raise ArticleError("binary file, not text")
        if text is not None and b"\x00" in data[:8192]:  # UTF-16 read by its byte pattern: the page's text as UTF-8
            data = text.encode("utf-8")
        try:
            return article_from_html(data, article_id, str(path))
        except AskbotError as exc:
            raise ArticleError(str(exc)) from None
    if (letters := sum(map(len, text.split()))) > MAX_ARTICLE_CHARS * TEXT_MARGIN:
        raise _too_long(letters)  # before parsing, which takes seconds over a book, at every start of `ask`
    return parse_article(text, article_id, markdown=suffix in MARKDOWN_SUFFIXES, path=str(path))


def _unlistable(folder: str, exc: OSError) -> AskbotError:
    return AskbotError(
        f"The articles folder {folder} cannot be read ({exc.strerror or exc}): fix its permissions "
        "(chmod u+rx) and run again; the index was left as it is."
    )


def _article_paths(directory: Path) -> list[Path]:
    """Every file and link under `directory`, hidden ones aside, sorted.

    A folder that cannot be listed is an error, not an empty folder: `Path.rglob` and `os.walk` skip it
    silently, and an update would then drop every article in it from the index."""

    def fail(exc: OSError) -> None:
        raise _unlistable(exc.filename or str(directory), exc)

    paths: list[Path] = []
    for root, folders, files, links in _walk(directory, fail):  # links to folders are not followed
        folders[:] = [name for name in folders if not name.startswith(".")]
        if _holds_an_index(Path(root), folders):  # the index kept inside the articles folder (--index A/index)
            from askbot.index import CURRENT_FILE, GENERATION_NAME  # askbot.index reads this module

            folders[:] = [name for name in folders if not GENERATION_NAME.fullmatch(name)]
            files = [name for name in files if name != CURRENT_FILE]
        paths.extend(Path(root) / name for name in files if not name.startswith("."))
        # links to folders: os.walk lists them among the folders and does not enter them; named, not passed over
        paths.extend(Path(root) / name for name in folders if name in links)
    return sorted(paths)


def _walk(directory: Path, fail: Callable[[OSError], None]) -> Iterator[tuple[str, list[str], list[str], set[str]]]:
    """`os.walk(directory, onerror=fail)` without following links to folders, as a loop: Python 3.11's os.walk
    recurses once per level, and a folder nested 1,000 deep (a runaway script's a/a/a/…) ended `askbot index`,
    `ask` and the bot's start with a RecursionError traceback. As with os.walk, the caller may prune `folders`.
    Also yields which of the folders are links (told by the listing, not by their path: see `_listing`)."""
    pending = [os.fspath(directory)]
    while pending:
        root = pending.pop()
        try:
            folders, files, links = _listing(root)
        except OSError as exc:
            fail(exc)
            continue
        yield root, folders, files, links
        for name in reversed(folders):
            if name not in links:
                pending.append(os.path.join(root, name))


def _listing(root: str) -> tuple[list[str], list[str], set[str]]:
    """The folders, the other entries, and the links among the folders of `root`. A folder whose path is longer
    than the system takes (ENAMETOOLONG, past PATH_MAX) is listed through its parts, one at a time: its files are
    then skipped by name as unreadable (`_broken_link`), where the whole command stopped with "File name too long"."""
    try:
        return _entries(root)
    except OSError as exc:
        if exc.errno != errno.ENAMETOOLONG:
            raise
    parts = Path(root).parts
    fd = os.open(parts[0], os.O_RDONLY | os.O_DIRECTORY)
    try:
        for part in parts[1:]:
            inner = os.open(part, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = inner
        return _entries(fd)
    finally:
        os.close(fd)


def _entries(where: str | int) -> tuple[list[str], list[str], set[str]]:
    folders: list[str] = []
    files: list[str] = []
    links: set[str] = set()
    with os.scandir(where) as entries:
        for entry in entries:
            try:
                is_folder = entry.is_dir()
                if is_folder and entry.is_symlink():
                    links.add(entry.name)
            except OSError:
                is_folder = False
            (folders if is_folder else files).append(entry.name)
    return folders, files, links


def _holds_an_index(folder: Path, subfolders: Iterable[str]) -> bool:
    """Whether `folder` is an askbot index (a generation folder with its manifest): its CURRENT, vectors and
    metadata are no articles, and were each skipped with a warning at every update."""
    return any(name.startswith("gen-") and _is_file(folder / name / "manifest.json") for name in subfolders)


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a path longer than the system takes: no index of askbot's, which could not write it
        return False


def _broken_link(path: Path) -> str | None:
    """Why `path` (a link whose target cannot be reached) is skipped; None when it can be."""
    try:
        path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symbolic link loop"
        if exc.errno == errno.ENAMETOOLONG:  # nested deeper than PATH_MAX: no command may open it by its name
            return (f"cannot be read ({exc.strerror}: its path is longer than this system allows); move it to a "
                    "folder nested less deep")
        if path.is_symlink():
            return f"a link to {shown_name(os.readlink(path))}, which does not exist"
        return f"cannot be read ({exc.strerror or exc})"
    return None


def check_articles_folder(directory: Path) -> None:
    """A missing articles folder, or a file in its place, as the one sentence a user can act on."""
    if not directory.is_dir():
        problem = "is a file, not a folder" if directory.exists() else "does not exist"
        if directory.exists() and not directory.is_file():  # `--articles /dev/null` was "a file" too
            problem = "is a device or a pipe, not a folder"
        if directory.is_symlink() and not directory.exists():
            problem = "is a symbolic link that leads nowhere (a loop, or its target is gone)"
        # a file or device in its place cannot be created: "create it" was the advice for it too
        todo = ("create it and put .txt, .md or .html articles in it, or point" if problem == "does not exist"
                else "point")
        raise AskbotError(
            f"The articles folder {shown_name(str(directory.absolute()))} {problem}: {todo} --articles / "
            "ASKBOT_ARTICLES_DIR at yours (a relative path is taken from the folder you run askbot in)."
        )


def load_articles(directory: Path) -> tuple[list[Article], list[Skipped]]:
    """Every usable article under `directory` (recursively), and the files skipped with reasons."""
    check_articles_folder(directory)
    articles: list[Article] = []
    skipped: list[Skipped] = []
    for path in _article_paths(directory):
        relative = path.relative_to(directory).as_posix()
        if printable_name(relative) != relative:  # SQLite, JSON and Telegram all need UTF-8 text
            skipped.append(Skipped(printable_name(relative), "file name is not valid UTF-8: rename it"))
            continue
        if NAME_CONTROLS.search(relative):  # its warning was two lines, or set the terminal's title
            skipped.append(Skipped(shown_name(relative), "file name holds a control character (a new line, an "
                                                         "escape code): rename it"))
            continue
        if (reason := _broken_link(path)) is not None:
            skipped.append(Skipped(relative, reason))
            continue
        if path.is_dir():  # a link to a folder: not followed (its articles may be here already, or it may loop)
            try:
                index = _holds_an_index(path, [entry.name for entry in os.scandir(path) if entry.is_dir()])
            except OSError:
                index = False
            if not index:
                skipped.append(Skipped(relative, "a link to a folder, which is not followed: move or copy its "
                                                 "articles into the articles folder"))
            continue
        if not path.is_file():  # was passed over in silence, as if the article were not there
            skipped.append(Skipped(relative, "not a regular file (a pipe, a socket or a device)"))
            continue
        if path.suffix.lower() not in ARTICLE_SUFFIXES:
            skipped.append(Skipped(relative, f"not an article format ({path.suffix or 'no extension'}); "
                                             "use .txt, .md or .html"))
            continue
        try:
            articles.append(read_article(path, relative))
        except ArticleError as exc:
            skipped.append(Skipped(relative, str(exc)))
    return articles, skipped
