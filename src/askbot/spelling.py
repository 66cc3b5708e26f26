"""Typos in a question, as people type fast in a chat: "waht is teh midle coridor".

multilingual-e5 reads a misspelt word as other pieces, and the question drifts: "waht is teh midle coridor" scored
0.769 with its best passage and was refused, where "what is the middle corridor" scores 0.798. A word is put right
before the question is embedded only when that is safe:

- its language has a dictionary (pyspellchecker's word lists: English, Russian, German, French, Spanish) and the
  question is in it: Kazakh, Ukrainian, Turkish and Azerbaijani (`askbot.languages`) are left alone, and of the Latin
  dictionaries the one that knows most of the question's words is used;
- the word is unknown to that dictionary and to the indexed articles (their own words, "ТМТМ", "мультипликативный",
  and their names in either alphabet, so "aktau" stays "aktau");
- it is written in small letters (a capital inside a question is a name or an acronym; the first word may have
  its capital), has no digit next to it, has three letters or more and a vowel (a word without one is a chat
  abbreviation, "pls", "tnx", "спс", not a typo: they became "plus" and "tax");
- a known word lies one edit away (a letter replaced, dropped, added, or two neighbours swapped), and it is the
  articles' word when one is, else the dictionary's commonest by a wide margin.
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

LATIN_LANGUAGES = ("en", "de", "fr", "es")
CYRILLIC_LANGUAGES = ("ru",)
# Russian's list is small (20,000 words, few of their forms): a word it lacks may be right
INFLECTED = frozenset({"ru"})
ENDING = 2  # the letters of an ending that an inflected language changes
NO_DICTIONARY = frozenset({"kk", "uk", "tr", "az"})
MIN_LETTERS = 3
_VOWEL = re.compile(r"[aeiouyäöüàâéèêëîïôûùáíóúñаеёиоуыэюя]", re.IGNORECASE)
# The commonest candidate must be this many times as common as the next: "fter" is "after" (not "fer"), but
# "waht" is no clearer "what" than "want"
DOMINANCE = 5.0
# Of a question's words, this share at least must be the dictionary's before its language is taken for the question's
MIN_KNOWN_SHARE = 0.3

# the question words the answer-type checks read as typed ("whos", "whats")
_ASKING = frozenset(ASKING_WORDS.split("|"))
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
_CYRILLIC = re.compile(r"[а-яёәғқңөұүһіїєґ]", re.IGNORECASE)


@cache
def dictionary(language: str) -> SpellChecker:
    """pyspellchecker's word list of `language`, loaded once (English 0.15 s, Russian 0.02 s, German 0.4 s, French
    0.13 s, Spanish 0.06 s here)."""
    from spellchecker import SpellChecker

    return SpellChecker(language=language, distance=1)


def load_dictionaries() -> None:
    """Every dictionary used, ahead of the first question."""
    for language in LATIN_LANGUAGES + CYRILLIC_LANGUAGES:
        dictionary(language)


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
    if not matches:
        return question
    reading = read_language(question)
    if reading.languages and set(reading.languages) <= NO_DICTIONARY:
        return question
    lowered = [m.group().lower() for m in matches]
    chosen: dict[bool, str | None] = {}
    for cyrillic in (False, True):
        words = [w for w in lowered if bool(_CYRILLIC.search(w)) == cyrillic]
        if not words:
            continue
        best, best_known = None, 0
        for language in CYRILLIC_LANGUAGES if cyrillic else LATIN_LANGUAGES:
            checker = dictionary(language)
            known = sum(w in checker.word_frequency.dictionary for w in words)
            if known > best_known:
                best, best_known = language, known
        # a question of many typos ("waht is teh midle coridor") is told by its words that are right ("is")
        told = best in reading.languages
        chosen[cyrillic] = best if best_known >= MIN_KNOWN_SHARE * len(words) or (told and best_known) else None
    out, last = [], 0
    for at, match in enumerate(matches):
        word = match.group()
        language = chosen.get(bool(_CYRILLIC.search(word)))
        fixed = _corrected(word, language, vocabulary, first=at == 0, digits=_digit_beside(question, match))
        if fixed is not None:
            out += [question[last:match.start()], fixed]
            last = match.end()
    return "".join(out) + question[last:] if out else question


def _digit_beside(question: str, match: re.Match[str]) -> bool:
    start, end = match.span()
    return (start > 0 and question[start - 1].isdigit()) or (end < len(question) and question[end].isdigit())


def _corrected(word: str, language: str | None, vocabulary: Vocabulary, *, first: bool,
               digits: bool) -> str | None:
    """The word put right, or None to leave it."""
    if language is None or digits or len(word) < MIN_LETTERS or not _VOWEL.search(word):
        return None
    checker = dictionary(language)
    title = first and word[:1].isupper() and word[1:].islower()
    if not (word.islower() or title):
        return None
    lower = word.lower()
    known = checker.word_frequency.dictionary
    if lower in known or lower in _ASKING or vocabulary.protects(lower):
        return None
    near = checker.edit_distance_1(lower)
    ours = sorted(w for w in near if w in vocabulary.words)
    if ours:
        fixed = max(ours, key=lambda w: known.get(w, 0))
    else:
        ranked = sorted((known[w] for w in near if w in known), reverse=True)
        if not ranked or (len(ranked) > 1 and ranked[0] < DOMINANCE * ranked[1]):
            return None
        fixed = next(w for w in near if known.get(w) == ranked[0])
    if language in INFLECTED and (fixed[0] != lower[0]
                                  or _common_prefix(lower, fixed) >= min(len(lower), len(fixed)) - ENDING):
        # another ending of the same word ("металлы" -> "металл"), or another word ("описал" -> "писал", "иене" ->
        # "цене"): a form or a word the small dictionary lacks
        return None
    return fixed[:1].upper() + fixed[1:] if title else fixed


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n
