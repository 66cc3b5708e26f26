"""Text encodings of files and pages that do not declare theirs: UTF-8 first, else a single-byte charset.

charset_normalizer alone guessed badly on news text: UTF-8 with one broken byte became Mac-Roman mojibake
("Japan‚Äôs") or no text at all, and Latin-1 French a Baltic codepage ("déją naļve"). The rules here:
- text that is UTF-8 but for a few bad bytes is UTF-8, the bad bytes replaced with U+FFFD;
- a guess that reads as another script (Cyrillic cp1251/koi8-r, Greek, Arabic…) is trusted;
- otherwise Western text is windows-1252 (Latin-1's superset), unless a reading such as windows-1250 has
  fewer signs inside words ("Za¿ó³æ" is Polish read as windows-1252).
"""

from __future__ import annotations

import re
import unicodedata

from charset_normalizer import from_bytes

# Genuine legacy-charset text forms valid UTF-8 multi-byte sequences only by accident (one per many runs of
# bad bytes); UTF-8 text with a damaged byte or two has many valid ones for each bad run.
MIN_VALID_PER_BAD = 3
# Share of a guess's letters in a non-Latin script from which the guess is believed: Cyrillic text is mostly
# Cyrillic, while English with a few accents misread as windows-1251 ("cafй") is not.
MIN_OTHER_SCRIPT = 0.2
_BAD_RUN = re.compile("[\udc80-\udcff]+")
_VALID_NON_ASCII = re.compile("[\x80-\udc7f\udd00-\U0010ffff]")
_WESTERN = ("cp1252", "cp1250")
_INSIDE_WORDS = frozenset("’'‘-–·")  # signs a word may hold: "Japan’s", "well-known"


def decode_undeclared(data: bytes) -> tuple[str, bool]:
    """`data` as text, and whether the charset is a guess (a single-byte one) rather than UTF-8."""
    text = mostly_utf8(data)
    if text is not None:
        return text, False
    return _single_byte(data), True


def mostly_utf8(data: bytes) -> str | None:
    """UTF-8 text with its bad bytes replaced, when they are few next to its valid multi-byte characters."""
    text = data.decode("utf-8", "surrogateescape")
    bad = len(_BAD_RUN.findall(text))  # a stray byte inside a character breaks its whole sequence: one run
    if not bad:
        return text
    valid = len(_VALID_NON_ASCII.findall(text))
    if valid < MIN_VALID_PER_BAD * bad:
        return None
    return _BAD_RUN.sub(lambda run: "\ufffd" * len(run.group()), text)


def _single_byte(data: bytes) -> str:
    guess = from_bytes(data).best()
    guessed = str(guess) if guess is not None else None
    if guessed is not None and _other_script_share(guessed) >= MIN_OTHER_SCRIPT:
        return guessed
    readings = [data.decode(codec, "replace") for codec in _WESTERN]  # 0x81 and the like: U+FFFD
    if guessed is not None:
        readings.insert(1, guessed)
    return min(readings, key=_signs_inside_words)  # the first of the cleanest: windows-1252 on a tie


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
