"""Text encodings of files and pages that do not declare theirs: UTF-8 first, else a single-byte charset.

charset_normalizer alone guessed badly on news text: UTF-8 with one broken byte became Mac-Roman mojibake
("Japan‚Äôs") or no text at all, and Latin-1 French a Baltic codepage ("déją naļve"). The rules here:
- text that is UTF-8 but for a few bad bytes is UTF-8, the bad bytes replaced with U+FFFD;
- a guess of a single-byte codepage of another script (Cyrillic cp1251/koi8-r, Greek, Arabic…) is trusted;
  text whose windows-1251 reading is mostly Cyrillic is Russian (windows-1251 or koi8-r) whatever the guess
  (short Russian text was guessed as Shift-JIS);
- otherwise Western text is windows-1252 (Latin-1's superset), unless a reading such as windows-1250 has
  fewer signs inside words ("Za¿ó³æ" is Polish read as windows-1252), or, on a tie, the codepage of the
  language the guess found (Turkish cp1254: "Cumhurbaþkaný" has no sign inside a word, only wrong letters).
"""

from __future__ import annotations

import codecs
import itertools
import re
import unicodedata
from collections.abc import Iterator
from typing import BinaryIO

from charset_normalizer import from_bytes

from askbot.errors import AskbotError
from askbot.question import MAX_LINE_BYTES

# Genuine legacy-charset text forms valid UTF-8 multi-byte sequences only by accident (one per many runs of
# bad bytes); UTF-8 text with a damaged byte or two has many valid ones for each bad run.
MIN_VALID_PER_BAD = 3
MAX_BAD_BESIDE_LONG = 2  # bad runs that a single valid three-byte character still outweighs
# Share of a guess's letters in a non-Latin script from which the guess is believed: Cyrillic text is mostly
# Cyrillic, while English with a few accents misread as windows-1251 ("cafй") is not.
MIN_OTHER_SCRIPT = 0.2
_BAD_RUN = re.compile("[\udc80-\udcff]+")
_VALID_NON_ASCII = re.compile("[\x80-\udc7f\udd00-\U0010ffff]")
_WESTERN = ("cp1252", "cp1250")
# Single-byte codepages of other scripts a guess may be believed for; not the multi-byte CJK codecs or cp1006,
# which short Russian or accented Western text is sometimes guessed as.
_OTHER_SCRIPTS = frozenset({"cp1251", "koi8-r", "koi8-u", "cp866", "iso8859-5", "mac-cyrillic", "cp1253",
                            "iso8859-7", "cp1255", "iso8859-8", "cp1256", "iso8859-6", "cp737", "cp855"})
# The multi-byte codecs of Chinese, Japanese and Korean: a guess of one is believed when its reading is mostly
# their letters and no Russian reading fits (short Russian text is guessed as Shift-JIS); a GB18030 or Shift-JIS
# file was read as windows-1251 and indexed as a page of Cyrillic mojibake ("╦ш©зю╘╫╗").
_CJK_CODECS = frozenset({"gb18030", "gbk", "gb2312", "hz", "big5", "big5hkscs", "cp950", "shift_jis", "cp932",
                         "shift_jis_2004", "shift_jisx0213", "euc_jp", "euc_jis_2004", "euc_jisx0213", "iso2022_jp",
                         "euc_kr", "cp949", "johab", "iso2022_kr"})
MIN_WIDE = 0.5  # of the letters: Chinese text is mostly Chinese, Russian read as Shift-JIS is half-width katakana
# Of the Cyrillic letters, the share of the ten commonest Russian ones in a Russian reading: about 0.7 in Russian
# (0.3-0.4 read in the other of the two codepages),
# 0.06-0.35 in Chinese or Japanese bytes read as windows-1251 or koi8-r.
MIN_COMMON_RUSSIAN = 0.5
MIN_CYRILLIC = 0.5  # of the letters: Russian text with Latin names is still mostly Cyrillic; "Cafй crиme" is not
# Bytes above 0x7F before a Latin guess beats windows-1252 on a tie: with fewer, charset_normalizer read
# "déjà vu, naïve, très élevé" as windows-1250; with 8, a line of Turkish in iso8859-9 stays windows-1252.
MIN_NON_ASCII_FOR_GUESS = 8
_LATIN_CODEPAGES = {"Turkish": "cp1254", "Polish": "cp1250", "Czech": "cp1250", "Slovak": "cp1250",
                    "Hungarian": "cp1250", "Romanian": "cp1250", "Croatian": "cp1250", "Slovene": "cp1250",
                    **dict.fromkeys(("English", "French", "German", "Spanish", "Portuguese", "Italian", "Dutch",
                                     "Danish", "Swedish", "Norwegian", "Finnish", "Catalan"), "cp1252")}
_COMMON_RUSSIAN = "оеаинтсрвл"
_INSIDE_WORDS = frozenset("’'‘-–·")  # signs a word may hold: "Japan’s", "well-known"


def decode_undeclared(data: bytes) -> tuple[str, bool]:
    """`data` as text, and whether the charset is a guess (a single-byte one) rather than UTF-8."""
    text = mostly_utf8(data)
    if text is not None:
        return text, False
    return _single_byte(data), True


# Byte-order marks of the wide encodings, UTF-32's first: its little-endian mark starts with UTF-16's.
WIDE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
             (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


# Line ends of piped text besides "\n": Windows' CRLF, old Mac's CR. Not str.splitlines' others: a question pasted
# with a U+2028 line separator in it is one question.
_LINE_END = re.compile("\r\n?")
# Control characters (NUL, bell, backspace…; not tab, line ends, form feed or escape) that make a piped line binary
# data rather than a question: random bytes hold one in eight, text none, a question with a stray NUL a few.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
MIN_BINARY_CONTROLS = 8
BINARY_SHARE = 0.05


def decoded_lines(stream: BinaryIO, name: str = "stdin") -> Iterator[str]:
    """The lines of piped input (`askbot ask < questions.txt`) as text, read as article files are: a byte-order
    mark's encoding (Notepad's "Unicode" is UTF-16), else each line as UTF-8 or a single-byte charset.

    Read as UTF-8 with bad bytes replaced, a UTF-16 file was one question of NULs and mojibake and a
    windows-1251 one a row of U+FFFD, each answered with passages. Lines come one at a time, as they arrive.
    A line over MAX_LINE_BYTES or of binary data (`head -c 50M /dev/urandom | askbot ask`) raises AskbotError
    naming it: the input is not questions, and reading on would take all memory or hours of answers to noise."""
    first = stream.readline(MAX_LINE_BYTES + 1)
    codec = next((codec for bom, codec in WIDE_BOMS if first.startswith(bom)), None)
    if codec is None:
        lines = itertools.chain([first], iter(lambda: stream.readline(MAX_LINE_BYTES + 1), b""))
        for number, line in enumerate(lines, start=1):
            _check_line(line.removesuffix(b"\n").decode("latin-1"), number, name)
            yield from _LINE_END.split(decode_undeclared(line)[0].removesuffix("\n").removesuffix("\r"))
        return
    decoder = codecs.getincrementaldecoder(codec)("replace")
    pending, number = "", 0
    for chunk in itertools.chain([first], iter(lambda: stream.read1(65536), b"")):
        *lines, pending = (pending + decoder.decode(chunk)).split("\n")
        for line in lines:
            number += 1
            _check_line(line, number, name)
            yield from _LINE_END.split(line.removesuffix("\r"))
        _check_line(pending, number + 1, name)
    if rest := pending + decoder.decode(b"", final=True):
        _check_line(rest, number + 1, name)
        yield from _LINE_END.split(rest.removesuffix("\r"))


def _check_line(line: str, number: int, name: str) -> None:
    """Refuse a line (without its line end; maybe still incomplete) too long to be a question, or of binary data."""
    if len(line) > MAX_LINE_BYTES:
        raise AskbotError(f"Line {number} of {name} is longer than {MAX_LINE_BYTES // 1_000_000} MB (binary data, "
                          "or text with no line ends?): give one question per line, each a sentence or two.")
    controls = len(_CONTROL.findall(line, 0, 100_000))
    if controls >= MIN_BINARY_CONTROLS and controls >= BINARY_SHARE * min(len(line), 100_000):
        raise AskbotError(f"Line {number} of {name} is binary data, not text: give questions as text, one per line "
                          "(a UTF-16 file needs its byte-order mark).")


def mostly_utf8(data: bytes) -> str | None:
    """UTF-8 text with its bad bytes replaced, when they are few next to its valid multi-byte characters."""
    text = data.decode("utf-8", "surrogateescape")
    bad = len(_BAD_RUN.findall(text))  # a stray byte inside a character breaks its whole sequence: one run
    if not bad:
        return text
    valid = _VALID_NON_ASCII.findall(text)
    # English with two curly quotes and one damaged byte: too few valid characters to outweigh it, but a valid
    # three-byte sequence ("’" is E2 80 99) does not happen by accident in a text with a bad byte or two
    by_accident = bad > MAX_BAD_BESIDE_LONG or not any(ord(ch) >= 0x800 for ch in valid)
    if len(valid) < MIN_VALID_PER_BAD * bad and by_accident:
        return None
    return _BAD_RUN.sub(lambda run: "\ufffd" * len(run.group()), text)


def _single_byte(data: bytes) -> str:
    guess = from_bytes(data).best()
    guessed = str(guess) if guess is not None else None
    codec = codecs.lookup(guess.encoding).name if guess is not None else ""
    if guessed is not None and codec in _OTHER_SCRIPTS and _other_script_share(guessed) >= MIN_OTHER_SCRIPT:
        return guessed
    if guessed is not None and codec in _CJK_CODECS and _wide_share(guessed) >= MIN_WIDE and not _russian(data):
        return guessed
    # A short Russian text is often guessed as a CJK codec ("Новости" in windows-1251 read as Shift-JIS)
    if (cyrillic := cyrillic_reading(data)) is not None:
        return cyrillic
    readings = [data.decode(codec, "replace") for codec in _WESTERN]  # 0x81 and the like: U+FFFD
    if guess is not None and codec not in _OTHER_SCRIPTS and codec.startswith(("cp12", "iso8859", "mac")):
        # A wrong Latin codepage turns letters into other letters ("Cumhurbaþkaný"), so a Latin guess often reads
        # as cleanly as windows-1252: believe it on a tie when it had enough to go by. Its language names the
        # codepage better than its encoding does (Turkish text was guessed as the Nordic iso8859-10).
        if (by_language := _LATIN_CODEPAGES.get(guess.language)) is not None:
            guessed = data.decode(by_language, "replace")
        enough = sum(byte > 0x7F for byte in data) >= MIN_NON_ASCII_FOR_GUESS
        readings.insert(0 if enough else 1, guessed)
    return min(readings, key=_signs_inside_words)  # the first of the cleanest


def cyrillic_reading(data: bytes) -> str | None:
    """Text whose windows-1251 reading is mostly Cyrillic: that reading or koi8-r's, whichever has more of the
    commonest Russian letters (the wrong one of the two swaps letters and case)."""
    as_cp1251 = data.decode("cp1251", "replace")
    if _other_script_share(as_cp1251) < MIN_CYRILLIC:
        return None
    as_koi8 = data.decode("koi8-r", "replace")
    return max((as_cp1251, as_koi8), key=lambda text: sum(text.count(ch) for ch in _COMMON_RUSSIAN))


def _wide_share(text: str) -> float:
    """Share of the letters that are Chinese, Japanese or Korean (written wide)."""
    letters = [ch for ch in text[:100_000] if ch.isalpha()]
    return sum(unicodedata.east_asian_width(ch) in "WF" for ch in letters) / max(1, len(letters))


def _russian(data: bytes) -> bool:
    """Whether `data` read as windows-1251 or koi8-r is Russian: its commonest letters are Russian's commonest."""
    for codec in ("cp1251", "koi8-r"):
        letters = [ch for ch in data[:100_000].decode(codec, "replace") if ch.isalpha() and ord(ch) > 0x24F]
        if letters and sum(ch.lower() in _COMMON_RUSSIAN for ch in letters) >= MIN_COMMON_RUSSIAN * len(letters):
            return True
    return False


def _other_script_share(text: str) -> float:
    letters = [ch for ch in text[:100_000] if ch.isalpha()]
    other = sum(1 for ch in letters if ord(ch) > 0x24F and not unicodedata.name(ch, "LATIN").startswith("LATIN"))
    return other / max(1, len(letters))


def _signs_inside_words(text: str) -> int:
    """Non-ASCII characters between two letters that are not letters themselves: "Za¿ó³æ", a wrong charset."""
    sample = text[:100_000]
    return sum(1 for i in range(1, len(sample) - 1)
               if ord(sample[i]) > 0x7F and not sample[i].isalpha() and sample[i] not in _INSIDE_WORDS
               and sample[i - 1].isalpha() and sample[i + 1].isalpha())
