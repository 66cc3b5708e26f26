"""The question without the names every passage of an article shares (askbot.focus)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import numpy as np

from askbot.focus import NameStripper, pervasive_names

INTERVIEW = [
    "Касым-Жомарт Токаев посетил Японию. Это был важный визит.",
    "Как сказал Токаев, Япония – друг. Если инвестиции придут, это хорошо.",
    "– Почему Токаев выбрал Японию? – Это логично: если бы не Токио, то кто?",
    "Порт Актау модернизируют. Это даст эффект, если всё пойдёт по плану.",
    "Токаев и Японии предложил сотрудничество. Это новый шаг.",
    "Баку ждёт грузы из Актау.",
]


def test_pervasive_names_are_names_in_many_paragraphs_not_words_that_open_sentences() -> None:
    """"Это" opens a sentence in most paragraphs but is "это" elsewhere; "Токаев" is never lowercase; "Актау"
    is in two paragraphs of six, fewer than the share asked for."""
    names = pervasive_names(INTERVIEW, share=0.5)
    assert {"Токаев", "Японию"} <= set(names)
    assert not {"Это", "Если", "Актау", "Баку", "Как"} & set(names)
    assert "Актау" in pervasive_names(INTERVIEW, share=0.3, min_paragraphs=2)
    assert pervasive_names(INTERVIEW[:2], share=0.5) == []  # too few paragraphs to tell


def test_a_word_only_ever_capitalised_as_a_sentence_s_first_is_no_name() -> None:
    """An English feature opens paragraphs with "When" and never writes "when": still a question word, not a
    name to take out of "When did Tartu open the line?"; "Tartu", capitalised mid-sentence too, is one."""
    feature = [
        "When the first tram left the depot, Tartu held its breath.",
        "When asked, the mayor of Tartu said the line was late.",
        "“When we started,” said the engineer, “nobody in Tartu believed us.”",
        "Critics in Tartu say the money should have gone to buses.",
    ]
    names = pervasive_names(feature, share=0.5)
    assert "Tartu" in names
    assert "When" not in names


def test_in_a_language_that_capitalises_its_nouns_capitals_mark_no_names() -> None:
    """A German match report writes "Spiel" and "Minute" in every paragraph: they are nouns, not names to take
    out of "Wie ist das Spiel ausgegangen?"."""
    report = [
        "Lemgo gewann das Spiel in Hamburg nach einer starken Minute vor der Pause.",
        "In der letzten Minute hielt der Torwart von Lemgo einen Wurf, das Spiel war entschieden.",
        "Der Trainer aus Lemgo lobte nach dem Spiel die Abwehr und die Fans in der Halle.",
        "Am Donnerstag empfängt Lemgo die Gäste aus Berlin zum nächsten Spiel der Liga.",
    ]
    assert pervasive_names(report, share=0.5) == []


class WordVectors:
    """A stand-in embedder: each word is its own direction, except the forms of one name across languages."""

    SAME: ClassVar[dict[str, str]] = {"japan": "япония", "japonya": "япония", "японию": "япония", "жапония": "япония",
                                      "tokayev": "токаев", "тоқаев": "токаев"}

    def __init__(self) -> None:
        self.calls: list[list[str]] = []
        self.axes: dict[str, int] = {}

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(list(texts))
        vectors = np.zeros((len(texts), 64), dtype=np.float32)
        for row, text in enumerate(texts):
            key = self.SAME.get(text.lower(), text.lower())
            vectors[row, self.axes.setdefault(key, len(self.axes))] = 1.0
        return vectors


def test_the_names_are_left_out_in_any_language_and_the_rest_kept() -> None:
    embed = WordVectors()
    stripper = NameStripper(embed, similarity=0.92)
    names = ["Токаев", "Японию", "Япония"]
    assert stripper.without_names("What formula did Tokayev pitch to Japan?", names) == "What formula did pitch to ?"
    assert stripper.without_names("Тоқаев Жапония туралы не айтты?", names) == "туралы не айтты?"
    assert stripper.without_names("Peki Japonya ne kazandı bu işten?", names) == "Peki ne kazandı bu işten?"
    assert stripper.without_names("Why does Aktau matter for Baku?", names) is None  # no name of theirs
    assert stripper.without_names("Tokayev and Japan?", names) is None  # the names were the question
    assert stripper.without_names("anything at all", []) is None


def test_word_vectors_are_cached_and_new_words_can_come_with_the_question() -> None:
    embed = WordVectors()
    stripper = NameStripper(embed, similarity=0.92)
    names = ["Токаев", "Япония"]
    stripper.without_names("What did Tokayev offer?", names)
    calls = len(embed.calls)
    stripper.without_names("What did Tokayev offer?", names)
    assert len(embed.calls) == calls  # every word and name known: no encoder call
    new = stripper.new_words("Why did Tokayev go to Japan?")
    assert new == ["Why", "Japan"]
    stripper.remember(new, embed(new))
    assert stripper.new_words("Why did Tokayev go to Japan?") == []
