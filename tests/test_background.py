"""Messages about the bot itself are told from questions about the articles."""

from __future__ import annotations

import pytest

from askbot.background import addressed_to_bot


@pytest.mark.parametrize("message", [
    "who made you?", "what are you?", "Are you a bot?", "Hey, how's it going?", "What is this bot for?",
    "ты кто такой?", "Что ты умеешь?", "как дела?", "Как тебя зовут?", "Wie geht's dir?", "Sen kimsin?",
    "Merhaba, nasılsın?", "Salam, necəsən?", "Can you help me?",
])
def test_said_to_the_bot(message: str) -> None:
    assert addressed_to_bot(message)


@pytest.mark.parametrize("message", [
    "why Aktau matters for Baku", "How are Japanese investments protected?", "Как дела у Казахстана с Японией?",
    "Are you sure Japan will invest?", "Как ты думаешь, зачем Японии Актау?",
    "How are you going to explain the Middle Corridor?", "Can you help me understand why Aktau matters?",
    "Who are you, Mr Badamov, to judge Japan and its investments in the region?",  # long: about the article
])
def test_questions_about_the_articles(message: str) -> None:
    assert not addressed_to_bot(message)
