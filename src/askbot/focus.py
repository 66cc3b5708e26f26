"""The question without the names every passage shares: what it asks about, not whom it is about.

In an interview about Tokayev's visit to Japan, "Tokayev", "Japan" and "Kazakhstan" are in almost every
paragraph, so they tell its passages apart no better than its title does; a question that names them is
pulled towards the passages that talk about them in general (the "hub" answers) rather than towards the
one that answers it. The question is therefore also embedded without them, and the two vectors mixed
(`RankingParams.focus_weight`): its other words then count for more. Names are found in the question in any
language by embedding each of its words alone: "Japan", "Japonya", "Жапония" and "японцев" all sit next to
"Япония" (eval/RESULTS.md, "The question without the article's pervasive names").
"""

from __future__ import annotations

import re
import threading
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable, Sequence

import numpy as np

WORD = re.compile(r"[^\W\d_][\w'’-]*")
KEY_LETTERS = 5  # Казахстан, Казахстана, Казахстаном: one name; a crude stem that needs no stemmer per language
FORMS_PER_NAME = 4  # its commonest forms, embedded to recognise the name in a question
WORD_CACHE = 20_000
# Capitalised words inside sentences: a tenth in Russian and English news (a quarter in a name-dense text), over
# a third in German.
NOUN_CAPITALS = 0.3
OPENERS = "«\"„“‘'(–—-"
SENTENCE_ENDS = ".!?…:"

Embed = Callable[[Sequence[str]], np.ndarray]


def pervasive_names(paragraphs: Sequence[str], share: float, min_paragraphs: int = 3) -> list[str]:
    """Forms of the names found in at least `share` of an article's paragraphs (and in `min_paragraphs`).

    A name is a capitalised word the article never writes in lowercase and capitalises somewhere other than at
    a sentence's start: "Если" opening a sentence is "если" elsewhere, "Токаев" is never "токаев", and "When",
    which opens five of a feature's paragraphs, is no name. In a language that capitalises every noun (German:
    "Spiel", "Minute"), capitals mark no names, so there are none."""
    words = [WORD.findall(paragraph) for paragraph in paragraphs]
    lowercase = {w for found in words for w in found if w[0].islower()}
    inside_words = [m.group() for paragraph in paragraphs for m in WORD.finditer(paragraph)
                    if not opens_sentence(paragraph, m.start())]
    if sum(w[0].isupper() for w in inside_words) > NOUN_CAPITALS * len(inside_words):
        return []
    inside = {w[:KEY_LETTERS].lower() for w in inside_words}
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    spread: Counter[str] = Counter()
    for found in words:
        seen = set()
        for name in found:
            key = name[:KEY_LETTERS].lower()
            if len(name) >= 3 and name[0].isupper() and name.lower() not in lowercase and key in inside:
                forms[key][name] += 1
                seen.add(key)
        spread.update(seen)
    needed = max(min_paragraphs, share * len(paragraphs))
    return sorted(form for key, count in spread.items() if count >= needed
                  for form, _ in forms[key].most_common(FORMS_PER_NAME))


def opens_sentence(paragraph: str, position: int) -> bool:
    """Whether the word at `position` is the first of its sentence (after any opening quote or dash)."""
    before = paragraph[:position].rstrip().rstrip(OPENERS).rstrip()
    return not before or before[-1] in SENTENCE_ENDS


class NameStripper:
    """Takes the pervasive names out of a question; word vectors are cached across questions and indexes, so
    the words of a question usually cost nothing and its new words ride along with the question's own vector
    (`new_words`, `remember`)."""

    def __init__(self, embed: Embed, similarity: float) -> None:
        self.embed = embed
        self.similarity = similarity
        self._words: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        self._names: tuple[Sequence[str], np.ndarray] | None = None

    @staticmethod
    def words(question: str) -> list[str]:
        return list(dict.fromkeys(w for w in WORD.findall(question) if len(w) >= 3))

    def new_words(self, question: str) -> list[str]:
        """The question's words without a cached vector."""
        with self._lock:
            return [w for w in self.words(question) if w not in self._words]

    def remember(self, words: Sequence[str], vectors: np.ndarray) -> None:
        with self._lock:
            for word, vector in zip(words, np.asarray(vectors, dtype=np.float32), strict=True):
                self._words[word] = vector
                self._words.move_to_end(word)
            while len(self._words) > WORD_CACHE:
                self._words.popitem(last=False)

    def vectors(self, words: Sequence[str]) -> np.ndarray:
        with self._lock:
            found = {w: self._words.get(w) for w in words}
        new = [w for w, vector in found.items() if vector is None]
        if new:
            vectors = np.asarray(self.embed(new), dtype=np.float32)
            found.update(zip(new, vectors, strict=True))
            self.remember(new, vectors)
        return np.stack([found[w] for w in words])

    def name_vectors(self, names: Sequence[str]) -> np.ndarray:
        """`vectors(names)`, kept for the list it was asked for last (one index's names, asked every question)."""
        if self._names is None or self._names[0] is not names:
            self._names = (names, self.vectors(names))
        return self._names[1]

    def without_names(self, question: str, names: Sequence[str]) -> str | None:
        """The question with the words that are one of `names` left out; None when none is, or when fewer
        than two words would be left (the names were the question)."""
        words = self.words(question)
        if not names or not words:
            return None
        similar = self.vectors(words) @ self.name_vectors(names).T
        dropped = {w for w, row in zip(words, similar, strict=True) if float(row.max()) >= self.similarity}
        if not dropped:
            return None
        kept = WORD.sub(lambda m: "" if m.group() in dropped else m.group(), question)
        kept = " ".join(kept.split())
        return kept if len(WORD.findall(kept)) >= 2 else None
