"""The answer-type checks: which questions ask for a quantity, a date or a post's holder, which passages state one."""

from __future__ import annotations

import pytest

from askbot.answer_type import (
    MEASURES,
    NUMBER,
    POSTS,
    TIME_OF_EVENT,
    asked_post,
    asks_date,
    asks_quantity,
    required_statement,
    states_quantity,
    states_time,
)


@pytest.mark.parametrize("question", [
    "Сколько денег вкладывает Япония?", "How much is Japan investing?", "how many ports are there",
    "How old is Tokayev?", "Скільки інвестицій?", "Жапония қанша инвестиция салады?", "Tokayev neçə yaşındadır?",
    "Yaponiya nə qədər investisiya qoyur?", "Japonya ne kadar yatırım yapıyor?", "Kaç anlaşma imzalandı?",
    "Wie viel investiert Japan?", "Wieviele Häfen?", "Combien de réserves de lithium ?", "¿Cuántos acuerdos?",
    "What is the population of Aktau?", "Какова стоимость проекта?", "Was kostet ein Flug nach Tokio?",
    "How long does the ferry take?", "What does a ticket cost?", "Какая доля грузов идёт через Актау?",
    "How much does a ticket cost?", "How much does Japan invest?", "How much did Kazakhstan get from Japan?",
    "How much cargo does Aktau handle?", "How much is the ferry ticket?",
    "Bakı limanının gücü nə qədərdir?", "Japonya'nın nüfusu ne kadardır?",  # with the copula suffix
])
def test_quantity_questions(question: str) -> None:
    assert asks_quantity(question)


@pytest.mark.parametrize("question", [
    "why Aktau matters for Baku", "Насколько это актуально?", "What did Tokayev call Japan?",
    "Когда Токаев приехал в Токио?", "Howmuchness", "Почему сколькотысячный?",
    "Why does the price of transport matter?", "Почему важна цена?", "Which countries share a border?",
    # a degree, not an amount
    "How much does Aktau matter for Baku?", "How much do the neighbours worry about Japan?",
    "How much influence does Japan want in Central Asia?", "How much of a risk is the rapprochement?",
    "Aktau Bakü için ne kadar önemli?", "Orta Dəhliz nə qədər vacibdir?",
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


@pytest.mark.parametrize("question", [
    "When did the railway open?", "On what date did Tokayev arrive?", "Когда Токаев поедет в Японию?",
    "А когда это было?", "В каком году открыли порт?", "Какого числа был визит?", "Wann war der Besuch?",
    "Tokayev Japonya'ya ne zaman gitti?", "Hangi yıl açıldı?", "Tokayev nə vaxt gəldi?", "Паром қашан жүреді?",
    "Since when is Japan investing?", "Quand Tokaïev est-il allé au Japon ?",
])
def test_date_questions(question: str) -> None:
    assert asks_date(question)


@pytest.mark.parametrize("question", [
    "What happens when cargo reaches Aktau?", "Что будет, когда порт заработает?", "why Aktau matters for Baku",
    "Когда-то Казахстан был частью чего?", "Whenever is fine", "Какой порт важнее?",
])
def test_questions_not_asking_for_a_date(question: str) -> None:
    assert not asks_date(question)


@pytest.mark.parametrize(("text", "expected"), [
    ("The lighthouse was lit for the first time in 1893.", True),
    ("с весны новый паром будет ходить дважды в неделю", True),
    ("Билеты поступят в продажу в марте", True),
    ("opened a shelter on Monday", True),
    ("pick crocus flowers before sunrise", True),
    ("signed on 30.11.2026", True),
    ("в 90-х годах", True),
    ("Die Fähre wurde am Montag eröffnet", True),
    ("Feribot pazartesi günü açıldı", True),
    ("le port a ouvert en mars", True),
    ("инвестиции в размере 3,7 миллиарда долларов", False),  # how much, not when
    ("Japan may invest, but the next step is unclear", False),
    ("Япония – страна G7, у которой сложные отношения", False),
    ("an A320 plane", False),
])
def test_passages_stating_a_time(text: str, expected: bool) -> None:
    assert states_time(text) is expected


def test_required_statement() -> None:
    assert required_statement("How many ports?") is NUMBER and NUMBER.stated_in is states_quantity
    assert required_statement("When did it open?") is TIME_OF_EVENT and TIME_OF_EVENT.stated_in is states_time
    assert required_statement("Why does Aktau matter?") is None


@pytest.mark.parametrize(("question", "measure"), [
    ("Сколько стоит билет на паром?", "price"), ("Was kostet ein Flug nach Tokio?", "price"),
    ("Сколько денег вкладывает Япония?", "price"), ("Тоқаев неше жаста?", "age or duration"),
    ("Сколько лет Бадамову?", "age or duration"), ("How long does the ferry take?", "age or duration"),
    ("Orta Koridor'un uzunluğu kaç kilometre?", "distance"), ("How far is Baku from Aktau?", "distance"),
    ("What is the population of Aktau?", "population"), ("Wie viele Einwohner hat Kasachstan?", "population"),
    ("How much is Japan investing?", ""), ("Сколько соглашений подписали?", ""),  # any number answers these
])
def test_how_much_questions_that_name_their_measure(question: str, measure: str) -> None:
    wanted = required_statement(question)
    assert wanted is not None and wanted.name == "number" and wanted.measure == measure


def test_a_measure_word_in_a_why_question_asks_for_no_number() -> None:
    assert required_statement("Why does the price of transport matter?") is None


@pytest.mark.parametrize(("measure", "text", "expected"), [
    ("price", "инвестиции в размере 3,7 миллиарда долларов", True),
    ("price", "The project will cost an estimated 38 million euros.", True),
    ("price", "Судно вмещает сорок железнодорожных вагонов и двести пассажиров", False),  # a number, no price
    ("price", "Билеты дорогие, сообщили в порту", False),  # a price word, no number
    ("age or duration", "рейс займёт около двадцати часов", True),
    ("age or duration", "инвестиции в размере 3,7 миллиарда долларов", False),
    ("distance", "the route is 6,500 km long", True),
    ("distance", "a ticket costs US$20", False),  # a currency sign is no distance
    ("price", "a ticket costs US$20", True),
    ("population", "a city of 200 thousand inhabitants", True),
    ("population", "a shelter with room for sixty cats", False),
])
def test_a_measured_number_needs_its_unit(measure: str, text: str, expected: bool) -> None:
    assert MEASURES[measure].stated_in(text) is expected


@pytest.mark.parametrize(("question", "post"), [
    ("Who is Japan's prime minister?", "prime minister"), ("Кто сейчас премьер-министр Казахстана?", "prime minister"),
    ("Which Japanese prime minister did Tokayev meet?", "prime minister"), ("Кто мэр Актау?", "mayor"),
    ("Wer ist der japanische Botschafter in Kasachstan?", "ambassador"), ("Как зовут посла Японии?", "ambassador"),
    ("Kazakistan dışişleri bakanı kim?", "minister"), ("Жапония императоры кім?", "monarch"),
    ("Who is the CEO of the port of Aktau?", "chief executive"), ("Who chairs the committee?", "chair"),
    ("Какой депутат отвечает на вопросы?", "member of parliament"), ("Azərbaycan prezidenti kimdir?", "president"),
    ("Qui est le ministre japonais des Affaires étrangères ?", "minister"),
    ("Who is Kazakhstan's new prime minister?", "prime minister"), ("Which two presidents met?", "president"),
])
def test_who_holds_a_post(question: str, post: str) -> None:
    wanted = required_statement(question)
    assert asked_post(question) == post and wanted is not None and wanted.name == "post" and wanted.measure == post


@pytest.mark.parametrize("question", [
    "Who did the president meet?", "What did the president say?", "Кто встретил президента?",  # the post acts
    "Кого встретил президент?", "Какую роль играет президент?", "Что сказал премьер-министр?",
    "Who is the president's adviser?",  # asks for the adviser, whom no post word names
    "What made the president change course?", "¿Qué dijo el presidente?",
    "Кто такой Бадамов?", "Who runs the port?", "Which port does cargo go to?",  # no post at all
    "Какие меры принял Казахстан?", "Who is the speaker in this interview?",  # "меры", "speaker": no posts
    "Which valid reasons are given?", "Qui est le premier à investir ?", "Кто после Токаева выступал?",
])
def test_questions_not_asking_who_holds_a_post(question: str) -> None:
    assert asked_post(question) is None


@pytest.mark.parametrize(("post", "text", "expected"), [
    ("prime minister", "премьер-министр Японии провёл переговоры", True),
    ("prime minister", "Japan's PM met the president", True),
    ("prime minister", "Президент Казахстана ведет очень тонкую игру", False),
    ("president", "Президенты Токаев и Алиев работают в унисон", True),
    ("member of parliament", "мы обсудили с депутатом Милли Меджлиса Азербайджана", True),
    ("mayor", "аким Мангистауской области открыл порт", True),
    ("ambassador", "После визита в Токио", False),  # "после" is "after", not a form of "посол"
])
def test_a_passage_names_the_post(post: str, text: str, expected: bool) -> None:
    assert POSTS[post].stated_in(text) is expected
