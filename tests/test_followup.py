"""Follow-up questions (askbot.followup): which short messages ask on from the previous question, and the memory
of previous questions per conversation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from askbot.followup import Dialogue, elliptical_rest, read_with

PREVIOUS = "Why does Aktau matter for Baku?"
EVAL = Path(__file__).parent.parent / "eval"


@pytest.mark.parametrize(("message", "rest"), [
    ("And for Japan?", "for Japan?"),
    ("what about the ferry?", "the ferry?"),
    ("How about Turkey?", "Turkey?"),
    ("Also Japan?", "Japan?"),
    ("why?", "why?"),
    ("How much?", "How much?"),
    ("and why not?", "why not?"),
    ("and how much does it cost?", "how much does it cost?"),  # it: the thing asked about before
    ("thanks! and for Japan?", "for Japan?"),
    ("а почему?", "почему?"),
    ("почему?", "почему?"),
    ("Когда?", "Когда?"),
    ("сколько?", "сколько?"),
    ("и сколько это стоит?", "сколько это стоит?"),
    ("А для Японии?", "для Японии?"),
    ("а что взамен?", "что взамен?"),
    ("а почему именно сейчас?", "почему именно сейчас?"),
    ("а если Китай против?", "Китай против?"),
    ("ещё что-нибудь?", "что-нибудь?"),
    ("Спасибо, а дальше?", "дальше?"),
    ("Und für Japan?", "für Japan?"),
    ("Was ist mit Japan?", "Japan?"),
    ("und warum ist das wichtig?", "warum ist das wichtig?"),
    ("Und was kostet das?", "was kostet das?"),  # "das" alone points back
    ("What about China and Russia?", "China and Russia?"),
    ("а для всего региона?", "для всего региона?"),
    ("And is it in Aktau?", "is it in Aktau?"),  # a yes/no question, but "it" points back
    # longer, naming several things, but a phrase around a preposition or a list of names: no question of its own
    ("And for Japan and South Korea?", "for Japan and South Korea?"),
    ("А для Японии и Южной Кореи?", "для Японии и Южной Кореи?"),
    ("Peki Japonya ve Güney Kore için?", "Japonya ve Güney Kore için?"),
    ("And Japan, China and South Korea?", "Japan, China and South Korea?"),
    ("Ya Yaponiya üçün?", "Yaponiya üçün?"),
    ("Bəs Azərbaycan?", "Azərbaycan?"),
    ("və niyə?", "niyə?"),
    ("Peki Japonya için?", "Japonya için?"),
    ("peki neden değil?", "neden değil?"),
    ("Ve Çin?", "Çin?"),
    ("Ал Жапония үшін ше?", "Жапония үшін ше?"),
    ("ал неге?", "неге?"),
    ("ал енді Жапония?", "Жапония?"),
])
def test_a_short_message_that_asks_on_is_a_follow_up(message: str, rest: str) -> None:
    assert elliptical_rest(message) == rest
    assert read_with(message, PREVIOUS) == f"{rest} {PREVIOUS}"


@pytest.mark.parametrize("message", [
    # questions of their own, however short, whatever word they open with
    "Why Aktau?",
    "Who is Badamov?",
    "And what is the Middle Corridor?",
    "And who is Badamov?",
    "Also, what does JCM stand for?",
    "А кто такой Азер Бадамов?",
    "И сколько Япония инвестировала в Казахстан?",
    "Что такое Срединный коридор?",
    "Und was ist der Mittlere Korridor?",
    "Danke. Und wo hakt es beim Mittleren Korridor?",  # eval/noisy.jsonl
    "Azər Bədəmov kimdir?",
    "Peki Orta Koridor nedir?",
    "Ал Тоқаев кім?",
    # "das" before a noun is the article, no back-reference
    "Und wann wurde das Abkommen unterzeichnet?",
    "Und wie viel kostet das Projekt?",
    "Bəs Aktau limanı haradadır?",  # the question word with its suffix
    # yes/no questions that name what they ask about
    "And is Japan investing in Aktau?",
    "А Япония инвестирует в Актау?",
    "And does Kazakhstan export oil to Japan?",
    "What about the Tokyo Initiative for young Kazakhs?",  # eval/followup_holdout.jsonl
    # long messages set out their own context
    "And how does the Tokyo Initiative train young Kazakhs in Japan?",
    "а почему Япония так осторожна в своих инвестициях в Центральной Азии?",
    # chatter and lone words are no follow-up of anything
    "and?",
    "А?",
    "thanks!",
    "Andrew Smith?",  # "and" only as the start of a word
    "Alat?",  # Latin A, not the Russian conjunction
    "Иран?",  # not "и" + "ран"
    "Was ist mit Tim Ostermann passiert?",  # what happened to him, not "what about him?"
    "Und was ist mit dem Hafen los?",
    "",
    "   ",
])
def test_a_question_of_its_own_is_no_follow_up(message: str) -> None:
    assert elliptical_rest(message) is None
    assert read_with(message, PREVIOUS) is None


def test_the_questions_of_the_eval_sets_are_read_alone() -> None:
    """Every question of eval/*.jsonl asks on its own: none may be read with a question before it."""
    taken = [item["question"] for path in sorted(EVAL.glob("*.jsonl")) if not path.name.startswith("followup")
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
             for item in [json.loads(line)] if elliptical_rest(item["question"]) is not None]
    assert taken == []


def test_a_long_previous_question_leaves_room_for_the_new_words() -> None:
    """The engine reads at most MAX_QUESTION_CHARS: joined to a previous question of nearly as many, the new
    words or the previous question's own question were cut away."""
    from askbot.question import MAX_QUESTION_CHARS, tidy

    for length in (900, 985, 995, MAX_QUESTION_CHARS):  # as long as the bot stores them (tidied)
        ending = " so why does it matter?"
        previous = tidy(("Context: " + "the port of Aktau and the ferry lines to Baku, " * 30)[: length - len(ending)]
                        + ending)
        joined = read_with("And for Japan?", previous)
        assert joined is not None and len(joined) <= MAX_QUESTION_CHARS
        assert tidy(joined) == joined and joined.startswith("for Japan? ") and joined.endswith("why does it matter?")


def test_without_a_previous_question_nothing_is_read_with_it() -> None:
    assert read_with("And for Japan?", None) is None
    assert read_with("And for Japan?", "  ") is None


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_previous_question_per_conversation_forgotten_after_a_while() -> None:
    clock = Clock()
    dialogue = Dialogue(seconds=600, clock=clock)
    dialogue.asked(("group", "ann"), PREVIOUS)
    assert dialogue.previous(("group", "ann")) == PREVIOUS
    assert dialogue.previous(("group", "bob")) is None, "another person in the same group"
    clock.now += 599
    assert dialogue.previous(("group", "ann")) == PREVIOUS
    dialogue.asked(("group", "ann"), PREVIOUS)  # a follow-up keeps the talk going
    clock.now += 599
    assert dialogue.previous(("group", "ann")) == PREVIOUS
    clock.now += 2
    assert dialogue.previous(("group", "ann")) is None


def test_the_memories_are_bounded() -> None:
    dialogue = Dialogue(conversations=2, answers=2)
    for user in range(3):
        dialogue.asked(user, f"question {user}")
        dialogue.answered(("chat", user), f"question {user}")
    assert [dialogue.previous(u) for u in range(3)] == [None, "question 1", "question 2"]
    assert [dialogue.answered_by(("chat", u)) for u in range(3)] == [None, "question 1", "question 2"]
