"""Typos put right before a question is embedded (`askbot.spelling`), and what is never touched."""

from __future__ import annotations

import pytest

from askbot.spelling import Vocabulary, correct_typos

ARTICLE = ("Почему Япония сделала ставку на Токаева. Если японские технологии заработают в Актау, это даст "
           "мультипликативный эффект. Срединный коридор (ТМТМ) проходит через Казахстан.")


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return Vocabulary([ARTICLE])


@pytest.mark.parametrize(("typed", "meant"), [
    ("how much did japan invst", "how much did japan invest"),
    ("what is the midle coridor", "what is the middle corridor"),
    ("wich port does the cargo go to", "which port does the cargo go to"),  # not "with": c is far from t
    ("waht is teh midle coridor", "waht is the middle corridor"),  # "waht": "what" or "want", not clear
])
def test_a_typo_is_put_right(vocabulary: Vocabulary, typed: str, meant: str) -> None:
    assert correct_typos(typed, vocabulary) == meant


@pytest.mark.parametrize("question", [
    "pls tell me about japan", "tnx a lot", "plz", "спс",  # chat abbreviations, no typos: "pls" became "plus"
    "why aktau matters for baku",  # a name of the articles, in the other alphabet
    "what does TMTM mean", "Why Did Japan Invst",  # capitals: acronyms and names
    "what happened in 2027th",  # a digit beside
    "Жапония Ақтауға неге инвестиция салады?",  # Kazakh: no word list
    "мультипликативный эффект", "Чем рискует Казахстан?",  # Russian: the list lacks most forms ("рисует")
    "¿Cómo se complementan Kazajistán y Azerbaiyán?",  # accents: the Spanish list has none ("Como")
    "How do I cook plov?",  # "plot" is no slip of the finger (v is far from t)
])
def test_what_is_never_changed(vocabulary: Vocabulary, question: str) -> None:
    assert correct_typos(question, vocabulary) == question
