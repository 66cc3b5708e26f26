"""The how-much check: which questions ask for a quantity, which passages state one."""

from __future__ import annotations

import pytest

from askbot.answer_type import asks_quantity, states_quantity


@pytest.mark.parametrize("question", [
    "Сколько денег вкладывает Япония?", "How much is Japan investing?", "how many ports are there",
    "How old is Tokayev?", "Скільки інвестицій?", "Жапония қанша инвестиция салады?", "Tokayev neçə yaşındadır?",
    "Yaponiya nə qədər investisiya qoyur?", "Japonya ne kadar yatırım yapıyor?", "Kaç anlaşma imzalandı?",
    "Wie viel investiert Japan?", "Wieviele Häfen?", "Combien de réserves de lithium ?", "¿Cuántos acuerdos?",
])
def test_quantity_questions(question: str) -> None:
    assert asks_quantity(question)


@pytest.mark.parametrize("question", [
    "why Aktau matters for Baku", "Насколько это актуально?", "What did Tokayev call Japan?",
    "Когда Токаев приехал в Токио?", "Howmuchness", "Почему сколькотысячный?",
])
def test_other_questions(question: str) -> None:
    assert not asks_quantity(question)


@pytest.mark.parametrize(("text", "expected"), [
    ("инвестиции в размере 3,7 миллиарда долларов", True),
    ("voted nine to four on Monday", True),
    ("40% of the cargo", True),
    ("Судно вмещает сорок железнодорожных вагонов и двести пассажиров", True),
    ("рейс займёт около двадцати часов", True),
    ("шестьдесят вагонов, до двухсот пассажиров, пятидесяти грузовиков", True),
    ("a dozen ships, fifteen trucks and ninety cars", True),
    ("Стоимость проезда стоит дорого, семинар в столице", False),
    ("Япония – страна G7, у которой сложные отношения", False),
    ("Срединный коридор (ТМТМ) становится безальтернативным мостом", False),
])
def test_passages_stating_a_quantity(text: str, expected: bool) -> None:
    assert states_quantity(text) is expected
