"""Turn a web page into an article: main text, title, date, canonical URL and language.

The bot quotes articles back to people, so the text must be the story alone (no menus, sidebars or
reader comments) and keep its paragraphs as lines, which later chunking and quoting rely on.
"""

from __future__ import annotations

import codecs
import itertools
import re
from dataclasses import dataclass
from html import unescape
from urllib.parse import urljoin, urlsplit

import lxml.html
import trafilatura
from lxml import etree

from askbot.articles import MIN_ARTICLE_CHARS, reading_length, wide_counting
from askbot.charsets import cyrillic_reading, decode_undeclared
from askbot.errors import FetchError
from askbot.question import LINE_BREAKS

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.-]+)""", re.IGNORECASE)
# Single-byte charsets a page's <meta> names for Russian text in another of them.
_RUSSIAN_MISSTATED = frozenset({"cp1251", "koi8-r", "cp1252"})
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_LANGUAGE = re.compile(r"^([A-Za-z]{2})(?:[-_][A-Za-z0-9]+)*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class ExtractedArticle:
    """One article as the index stores it."""

    title: str
    text: str  # main text, one paragraph per line
    source: str | None  # canonical URL if declared, else where it came from; None for a local file
    published: str | None  # "YYYY-MM-DD" when known
    language: str | None  # ISO 639-1 when the page says so


# ASCII text as a page's charset reads it: as itself (its <meta charset> is found in it as ASCII), escapes, "+"
# and punycode labels too. Python's "utf-7", "unicode-escape" and "idna" read them as other characters.
# (a backslash only in a valid escape: "\]" made "unicode-escape" warn of an invalid one)
_ASCII_PROBE = bytes(b for b in range(0x20, 0x7F) if b != 0x5C) + rb" \u00e9.xn--80a"


def _codec(name: str | None) -> str | None:
    """Python's codec for a charset label, or None if unknown or no charset of a page.

    Browsers read "iso-8859-1" and "ascii" labels as windows-1252, and so do servers' authors; an ASCII-compatible
    file that claims UTF-16 is really UTF-8 (WHATWG). Python also knows codecs that are no page's charset:
    "base64", "rot13" and "undefined" decode no page at all (a traceback), "utf-7" and "unicode-escape" read "+"
    and a backslash as escapes (into half a surrogate pair, which no text can be stored with).
    """
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().strip("\"'")).name
        if codec.startswith(("utf-16", "utf-32")):
            return "utf-8"
        if _ASCII_PROBE.decode(codec) != _ASCII_PROBE.decode("ascii"):
            return None
    except (LookupError, ValueError):  # ValueError: UnicodeError, or a NUL in the label
        return None
    return "cp1252" if codec in ("latin-1", "iso8859-1", "ascii") else codec


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode a page: BOM, then the HTTP charset, then <meta>/XML charset, then UTF-8 (a few bad bytes
    replaced), then a single-byte charset (`askbot.charsets`: windows-1252 unless it reads as another script).

    A wrong declaration that cannot decode the bytes is ignored rather than trusted, so a page
    mislabelled by its server still comes out readable.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    head = data[:4096]
    candidates = [declared]
    for pattern in (_XML_ENCODING, _META_CHARSET):
        found = pattern.search(head)
        if found:
            candidates.append(found.group(1).decode("ascii"))
    for number, candidate in enumerate(candidates):  # the first: the HTTP charset
        codec = _codec(candidate)
        if codec and codec != "utf-8" and number > 0 and (utf8 := _strict_utf8(data)) is not None:
            # Text in a single-byte charset is valid UTF-8 with letters in it only by accident: a file re-saved as
            # UTF-8 under its old <meta charset="windows-1251"> came out as "РќРѕРІРѕСЃС‚Рё". (The server's own
            # word, the HTTP charset, is kept.)
            return utf8
        if codec:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            if number > 0 and codec in _RUSSIAN_MISSTATED and (russian := cyrillic_reading(data)) is not None:
                # any byte is a letter in these: koi8-r text under <meta charset="windows-1251"> (or the reverse,
                # or "iso-8859-1") was read as "пВМБУФОБС ВЙВМЙПФЕЛБ"
                return russian
            return text
    return decode_undeclared(data)[0]


def _strict_utf8(data: bytes) -> str | None:
    """`data` as UTF-8 when it decodes strictly and holds characters beyond ASCII, else None."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text if not text.isascii() else None


_INVISIBLE = re.compile(r"<(script|style|noscript|template|svg)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


def visible_length(text: str) -> int:
    """Characters of a page outside its tags, scripts, styles and comments, whitespace runs counted once: more
    than the main text trafilatura extracts, and counted in milliseconds where extracting a large page takes
    seconds."""
    visible = _TAG.sub(" ", _INVISIBLE.sub(" ", text))
    return len(" ".join(unescape(visible).split()))


def normalize_language(value: str | None) -> str | None:
    """The ISO 639-1 code of a tag such as "en-US", "ru_RU" or "EN"; None for anything else."""
    if not value:
        return None
    found = _LANGUAGE.match(value.strip())
    return found.group(1).lower() if found else None


def _page_language(tree: lxml.html.HtmlElement) -> str | None:
    """The language the page declares: <html lang>, then the usual metadata tags."""
    values = [tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang")]
    values += tree.xpath(
        "//meta[translate(@http-equiv,'CONTENTLAG','contentlag')='content-language']/@content"
        " | //meta[@property='og:locale']/@content"
        " | //meta[translate(@name,'LANGUEDC.','languedc.')='language' or"
        " translate(@name,'LANGUEDC.','languedc.')='dc.language']/@content"
    )
    for value in values:
        language = normalize_language(str(value).split(",")[0])
        if language:
            return language
    return None


def _canonical(tree: lxml.html.HtmlElement, url: str | None) -> str | None:
    """The page's canonical (or og:url) address made absolute; only http(s) addresses count."""
    hrefs = tree.xpath(
        "//link[contains(concat(' ', translate(@rel,'CANOLI','canoli'), ' '), ' canonical ')]/@href"
        " | //meta[@property='og:url']/@content"
    )
    for href in hrefs:
        try:
            absolute = urljoin(url or "", str(href).strip())
            parts = urlsplit(absolute)
        except ValueError:  # e.g. a malformed IPv6 host
            continue
        if parts.scheme in ("http", "https") and parts.netloc:
            return absolute
    return None


# How deep libxml2 nests elements with XML_PARSE_HUGE (lxml's huge_tree); it stops parsing at the next level.
MAX_HTML_DEPTH = 2048
# News pages hold a few thousand elements, long ones tens of thousands. Trafilatura takes ~16 µs an element: a 17 MB
# file of empty tags (2.5 million) took 43 s before it was skipped as too short, again at every start of `ask`.
MAX_HTML_ELEMENTS = 150_000


def _parse(text: str, where: str | None = None) -> lxml.html.HtmlElement | None:
    """Parse HTML text; lxml refuses str input that carries an XML encoding declaration.

    With huge_tree: libxml2's default limits stopped parsing 256 elements deep (a page of unclosed <div>s or
    <font>s) or at a text node of 10 MB, without an exception, so the rest of the page was silently missing
    ("too short to be an article", or half an article). Past even the huge limits, the page is refused by name.
    """
    text = _XML_DECLARATION.sub("", text, count=1)
    if not text.strip():
        return None
    parser = lxml.html.HTMLParser(huge_tree=True)
    try:
        tree = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError):
        return None
    limits = [error.message for error in parser.error_log if error.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT]
    if any("depth" in message.lower() for message in limits):
        raise FetchError(f"{where or 'the page'} is nested more than {MAX_HTML_DEPTH:,} elements deep (unclosed "
                         "tags?), deeper than askbot can read, so its text could not be read whole.")
    if limits:
        raise FetchError(f"{where or 'the page'} is too large for askbot to read whole ({limits[0].rstrip('.')}).")
    elements = sum(1 for _ in itertools.islice(tree.iter(), MAX_HTML_ELEMENTS + 1))
    if elements > MAX_HTML_ELEMENTS:
        raise FetchError(f"{where or 'the page'} has more than {MAX_HTML_ELEMENTS:,} HTML elements, more than any "
                         "article page, so it was not read: save the article's own page, or its text as a .txt file.")
    return tree


def _clean_lines(text: str, title: str) -> str:
    """One stripped paragraph per line, no blank lines, without a first line that repeats the title."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    if lines and title and lines[0].casefold() == title.casefold():
        lines = lines[1:]
    return "\n".join(lines)


def _too_short(where: str | None, body: str) -> FetchError:
    place = where or "the page"
    return FetchError(
        f"{place} is too short to be an article ({len(body)} characters of main text, "
        f"need at least {MIN_ARTICLE_CHARS}{wide_counting(body)})."
    )


def extract_html(html: str | bytes, url: str | None = None) -> ExtractedArticle:
    """Extract the article from a page, or raise FetchError when the page holds no article."""
    text = decode_bytes(html) if isinstance(html, bytes) else html
    tree = _parse(text, url)
    if tree is None:
        raise FetchError(f"{url or 'the page'} is empty or not HTML.")
    language = _page_language(tree)
    canonical = _canonical(tree, url)
    # Ruby annotations (furigana over Japanese kanji, pinyin over Chinese characters) are a reading aid, not text:
    # "<ruby>港<rt>こう</rt></ruby>" was read "港こう" inside every sentence. The annotated text stays.
    etree.strip_elements(tree, "rt", "rp", with_tail=False)
    try:
        # Trafilatura parses hostile input with several fallbacks; any failure in it means "no article".
        document = trafilatura.bare_extraction(
            tree,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            # Without extensive search htmldate keeps to metadata, <time> and the URL: a footer's
            # "© 2024" would otherwise become a publication date of 2024-01-01.
            date_extraction_params={
                "extensive_search": False,
                "original_date": True,
                "outputformat": "%Y-%m-%d",
            },
        )
    except Exception as exc:
        raise FetchError(
            f"could not read the page at {url or 'the given file'}: {type(exc).__name__}."
        ) from exc
    if document is None or not document.text:
        raise _too_short(url, "")
    title = " ".join((document.title or "").split())
    body = _clean_lines(document.text, title)
    if reading_length(body) < MIN_ARTICLE_CHARS:
        raise _too_short(url, body)
    if not title:
        first = body.split("\n", 1)[0]
        title = first if len(first) <= 120 else first[:117].rstrip() + "..."
    published = document.date if document.date and _DATE.match(document.date) else None
    return ExtractedArticle(
        title=title,
        text=body,
        source=canonical or url,
        published=published,
        language=language or normalize_language(document.language),
    )


def extract_plain_text(text: str, url: str | None = None) -> ExtractedArticle:
    """An article from plain text: the first line is the title, blank lines separate paragraphs.

    Hard-wrapped lines inside a paragraph are joined so each paragraph stays one line.
    """
    # U+2029 and the other line breaks as new lines: a page of paragraphs parted by them was one line, the title
    text = LINE_BREAKS.sub("\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    blocks = re.split(r"\n\s*\n", text.strip())
    if len(blocks) == 1:
        blocks = blocks[0].split("\n")  # no blank lines: every line is its own paragraph
    paragraphs = [" ".join(block.split()) for block in blocks]
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        raise _too_short(url, "")
    title = " ".join(text.strip().split("\n", 1)[0].split())
    if paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    elif paragraphs[0].startswith(title):
        paragraphs[0] = paragraphs[0][len(title) :].strip()
    body = "\n".join(p for p in paragraphs if p)
    if reading_length(body) < MIN_ARTICLE_CHARS:
        raise _too_short(url, body)
    return ExtractedArticle(title=title[:200], text=body, source=url, published=None, language=None)
