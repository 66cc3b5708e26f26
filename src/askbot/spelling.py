"""Typos in an English question, as people type fast in a chat: "waht is teh midle coridor".

multilingual-e5 reads a misspelt word as other pieces, and the question drifts: "waht is teh midle coridor" scored
0.769 with its best passage and was refused, where "what is the middle corridor" scores 0.798. A word is put right
before the question is embedded only when that is safe:

- the question reads as English (`askbot.languages`), with no accented letter outside the articles' own names:
  pyspellchecker's other word lists proved unsafe (the Russian one lacks most word forms, "рискует" became
  "рисует"; the Spanish one lacks the accents, "¿Cómo" became "Como");
- the word is unknown to the English list and to the indexed articles (their own words, and their names in either
  alphabet, so "aktau" stays "aktau");
- it is written in small letters (a capital inside a question is a name or an acronym; the first word may have
  its capital), has no digit next to it, and has three letters or more and a vowel (a word without one is a chat
  abbreviation, "pls", "tnx", not a typo: they became "plus" and "tax");
- a known word lies one finger slip away (`_typed_for`: a letter dropped, two swapped, one doubled or hit beside its
  neighbour, a key beside the right one: "plov" is no slip for "plot"), and it is the commonest by a wide margin
  (a word of the articles counts as a fairly common one).
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from askbot.languages import read_language
from askbot.mentions import MIN_CONSONANTS, skeleton
from askbot.question import ASKING_WORDS

if TYPE_CHECKING:
    from spellchecker import SpellChecker

LANGUAGE = "en"
MIN_LETTERS = 3
# The commonest candidate must be this many times as common as the next: "fter" is "after" (not "fer"), but
# "waht" is no clearer "what" than "want"
DOMINANCE = 5.0
ARTICLE_WORD = 10_000  # what a word of the articles adds to its count in the list (English counts: "the" 76 million)
_VOWEL = re.compile(r"[aeiouy]", re.IGNORECASE)
# the question words the answer-type checks read as typed ("whos", "whats")
_ASKING = frozenset(ASKING_WORDS.split("|"))
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
# Each keyboard's three letter rows, with how far each row is shifted right of the one above (in keys)
KEYBOARDS = {
    "latin": (("qwertyuiop", 0.0), ("asdfghjkl", 0.25), ("zxcvbnm", 0.75)),
    "cyrillic": (("йцукенгшщзхъ", 0.0), ("фывапролджэ", 0.25), ("ячсмитьбю", 0.75)),
}


def _neighbours(rows: tuple[tuple[str, float], ...]) -> dict[str, str]:
    """Each key's neighbours: the keys beside it on its row and the touching ones on the rows above and below."""
    where = {key: (row, column + shift) for row, (keys, shift) in enumerate(rows) for column, key in enumerate(keys)}
    return {key: "".join(other for other, (orow, ocol) in where.items()
                         if other != key and abs(orow - row) <= 1 and abs(ocol - col) <= (1.0 if orow == row else 0.8))
            for key, (row, col) in where.items()}


# The keys a finger slips to from each key, QWERTY and ЙЦУКЕН (`scripts/make_typos.py` makes its typos with them)
KEYS_BESIDE = {**_neighbours(KEYBOARDS["latin"]), **_neighbours(KEYBOARDS["cyrillic"])}


def _beside(a: str, b: str) -> bool:
    """Whether keys `a` and `b` touch (or are one key)."""
    return a == b or b in KEYS_BESIDE.get(a, "")


@cache
def dictionary() -> SpellChecker:
    """pyspellchecker's English word list, loaded once (about 0.2 s)."""
    from spellchecker import SpellChecker

    return SpellChecker(language=LANGUAGE, distance=1)


class Vocabulary:
    """The indexed articles' own words (lower case) and the sounds of their names in either alphabet (`skeleton`),
    which no correction touches."""

    def __init__(self, texts: list[str]) -> None:
        words = [w for text in texts for w in _WORD.findall(text)]
        self.words = frozenset(w.lower() for w in words)
        self.names = frozenset(s for w in words if w[:1].isupper() and _consonants(s := skeleton(w)) >= MIN_CONSONANTS)

    def protects(self, word: str) -> bool:
        return word in self.words or skeleton(word) in self.names


def _consonants(sounds: str) -> int:
    return len(sounds) - sounds.count("V")


def correct_typos(question: str, vocabulary: Vocabulary) -> str:
    """`question` with each misspelt word put right where that is safe (see the module's docstring)."""
    matches = list(_WORD.finditer(question))
    if not matches or read_language(question).languages != ("en",):
        return question
    known = dictionary().word_frequency.dictionary
    words = [m.group().lower() for m in matches]
    if any(not w.isascii() for w in words if not vocabulary.protects(w)):
        return question  # accents: Spanish, French or German read as English, whose list has their bare forms
    if not any(w in known for w in words):
        return question  # not one English word: no English question, whatever its letters
    out, last = [], 0
    for at, match in enumerate(matches):
        fixed = _corrected(match.group(), vocabulary, first=at == 0, digits=_digit_beside(question, match))
        if fixed is not None:
            out += [question[last:match.start()], fixed]
            last = match.end()
    return "".join(out) + question[last:] if out else question


def _digit_beside(question: str, match: re.Match[str]) -> bool:
    start, end = match.span()
    return (start > 0 and question[start - 1].isdigit()) or (end < len(question) and question[end].isdigit())


def _corrected(word: str, vocabulary: Vocabulary, *, first: bool, digits: bool) -> str | None:
    """The word put right, or None to leave it."""
    if digits or len(word) < MIN_LETTERS or not _VOWEL.search(word):
        return None
    title = first and word[:1].isupper() and word[1:].islower()
    if not (word.islower() or title):
        return None
    lower = word.lower()
    checker = dictionary()
    known = checker.word_frequency.dictionary
    if lower in known or lower in _ASKING or vocabulary.protects(lower):
        return None
    near = [w for w in checker.edit_distance_1(lower) if _typed_for(lower, w)]
    # the articles' own words count as fairly common ones: "corridor" in an article about one, not "the" for "teh"
    scored = sorted(((known.get(w, 0) + (ARTICLE_WORD if w in vocabulary.words else 0), w) for w in near),
                    reverse=True)
    scored = [(score, w) for score, w in scored if score]
    if not scored or (len(scored) > 1 and scored[0][0] < DOMINANCE * scored[1][0]):
        return None
    fixed = scored[0][1]
    return fixed[:1].upper() + fixed[1:] if title else fixed


def _typed_for(typed: str, meant: str) -> bool:
    """Whether a finger slip turns `meant` into `typed` (one edit apart): a letter dropped, two swapped, one doubled or
    hit beside its neighbour, or a key beside the right one. "plov" is no slip for "plot" (v is far from t)."""
    if len(typed) < len(meant):
        return True  # a letter dropped
    if len(typed) > len(meant):  # a letter too many: beside (or the same as) a letter next to it
        at = next((i for i in range(len(meant)) if typed[i] != meant[i]), len(meant))
        extra, around = typed[at], typed[max(at - 1, 0):at] + typed[at + 1:at + 2]
        return any(_beside(extra, c) for c in around)
    wrong = [i for i in range(len(typed)) if typed[i] != meant[i]]
    if not wrong:
        return False
    if len(wrong) == 2:
        return True  # two neighbours swapped
    return _beside(typed[wrong[0]], meant[wrong[0]])
