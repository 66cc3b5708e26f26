"""A chat message as a question: what the engine embeds and checks (askbot.question, askbot.answer_type)."""

from __future__ import annotations

import pytest

from askbot.answer_type import required_statement, required_subject
from askbot.background import addressed_to_bot
from askbot.question import (
    MAX_QUESTION_CHARS,
    asks_about_publication,
    asks_for_interviewee,
    asks_for_overview,
    from_translit,
    question_proper,
    respell_acronyms,
    tidy,
)


@pytest.mark.parametrize(("message", "question"), [
    ("Hi! What is the population of Aktau?", "What is the population of Aktau?"),
    ("thanks! and how much did Japan invest?", "how much did Japan invest?"),
    ("Please tell me: what is the population of Aktau?", "what is the population of Aktau?"),
    ("Could you tell me how much Aktau matters for Baku?", "how much Aktau matters for Baku?"),
    ("Подскажите, какова стоимость проекта в Актау?", "какова стоимость проекта в Актау?"),
    ("Спасибо! А сколько вложила Япония?", "сколько вложила Япония?"),
    ("ok and Alat?", "and Alat?"),
    ("So my question is: why does Aktau matter for Baku?", "why does Aktau matter for Baku?"),
    ("Merhaba, Aktau limanı Bakü için neden önemli?", "Aktau limanı Bakü için neden önemli?"),
    # a topic named the chat way: the words around it ask nothing ("anything about hydrogen" was small talk)
    ("anything about hydrogen", "hydrogen"),
    ("Is there anything on the Tokyo initiative?", "the Tokyo initiative?"),
    ("hi, any info about aktau port", "aktau port"),
    ("есть что-нибудь про водород", "водород"),
    ("Anything else?", "Anything else?"),
    ("Что-то о Японии говорилось?", "Что-то о Японии говорилось?"),
    ("Something about Aktau bothers me: why is it slow?", "Something about Aktau bothers me: why is it slow?"),
    # nothing but chatter stays as it is (the engine's small talk); words that only look like chatter stay
    ("Thanks!", "Thanks!"),
    ("Привет", "Привет"),
    ("Great Silk Road?", "Great Silk Road?"),
    ("Tell me about Aktau", "Tell me about Aktau"),
    ("Well-known ports?", "Well-known ports?"),
    ("Hello Kitty exports to Japan?", "Hello Kitty exports to Japan?"),
    ("Good morning Kazakhstan: is the show on?", "Good morning Kazakhstan: is the show on?"),
    ("Hi-tech ports in Kazakhstan?", "Hi-tech ports in Kazakhstan?"),
    ("So-called Middle Corridor?", "So-called Middle Corridor?"),
    ("И.о. акима Актау кто?", "И.о. акима Актау кто?"),
    ("Спасибо ли сказал Токаев?", "Спасибо ли сказал Токаев?"),
    ("Thank you for what, Tokayev?", "Thank you for what, Tokayev?"),
])
def test_the_question_proper_without_greetings_thanks_and_openers(message: str, question: str) -> None:
    assert question_proper(tidy(message)) == question


def test_tidy_plain_apostrophes_hashtags_and_shouting() -> None:
    assert tidy("who’s the mayor of  Aktau?") == "who's the mayor of Aktau?"
    assert tidy("#Aktau #Baku") == "Aktau Baku"
    assert tidy("\ufeffwhy does Aktau matter?") == "why does Aktau matter?"  # the first line of a file with a BOM
    assert tidy("СКОЛЬКО ИНВЕСТИЦИЙ ЗАБРАЛ ТОКАЕВ У ЯПОНИИ") == "сколько инвестиций забрал токаев у японии"
    assert tidy("JAPONYA KAZAKİSTAN'A NE KADAR YATIRIM YAPTI?") == "japonya kazakistan'a ne kadar yatirim yapti?"
    assert tidy("What did NATO and the EU say?") == "What did NATO and the EU say?"  # acronyms are no shouting
    assert tidy("half an emoji \ud83d here") == "half an emoji ? here"


@pytest.mark.parametrize(("typed", "read"), [
    ("Kто президент Японии?", "Кто президент Японии?"),  # a Latin K: no who-question to the checks
    ("Пoчему Актау важен для Бaку?", "Почему Актау важен для Баку?"),  # Latin "o" and "a"
    ("Why does Аktau matter?", "Why does Aktau matter?"),  # a Cyrillic А in a Latin word
    ("Жапонияның президентi кім?", "Жапонияның президенті кім?"),  # a Latin i in a Kazakh word
])
def test_a_word_of_look_alike_letters_of_two_scripts_is_read_in_one(typed: str, read: str) -> None:
    assert tidy(typed) == read


@pytest.mark.parametrize("words", [
    "Tokayev Токаев", "iPhone-ы", "Москва Moskva", "Mоsква",  # each word one script; no look-alikes only
    "Алиев Əliyev", "Kazakhstan's ТМТМ",
])
def test_words_of_one_script_each_are_left_as_typed(words: str) -> None:
    assert tidy(words) == words


@pytest.mark.parametrize("quoted", ["“Aktau”", "«Aktau»", "„Aktau“", "”Aktau”", "‹Aktau›", "‘Aktau’"])
def test_typographic_quotes_are_read_as_straight_ones(quoted: str) -> None:
    """“Aktau” and «Актау» are "Aktau": the same question, the same scores; curly quotes kept Russian typed in Latin
    letters from being read as Russian."""
    straight = '"Aktau"' if quoted[0] not in "‹‘" else "'Aktau'"
    assert tidy(f"why {quoted} matters for Baku") == f"why {straight} matters for Baku"
    mark = straight[0]
    assert from_translit(tidy(f"pochemu {quoted} vazhen dlya Baku")) == f"почему {mark}Актау{mark} важен для Баку"
    assert tidy("почему «Актау» важен для Баку?") == 'почему "Актау" важен для Баку?'


def test_single_quotes_in_russian_typed_in_latin_letters_are_no_soft_signs() -> None:
    """'Aktau' was spelt "ьактауь": the quotes read as the apostrophe that stands for ь inside a word."""
    assert from_translit("pochemu 'Aktau' i 'Alyat' vazhny dlya Baku") == "почему 'Актау' и 'Алят' важны для Баку"
    assert from_translit("kakoi ob'yom investitsiy?") == "какой обьём инвестиций?"  # inside a word it is one


def test_a_long_message_keeps_its_questions_not_its_preamble() -> None:
    preamble = "I am a student writing my term paper and my teacher told me to use chat bots. " * 20
    message = preamble + "So my question is: why does Aktau matter for Baku?"
    kept = tidy(message)
    assert len(kept) <= MAX_QUESTION_CHARS and kept.endswith("why does Aktau matter for Baku?")
    pasted = "Порт Актау расширяют. " * 100  # no question at all: its start
    assert tidy(pasted) == pasted[:MAX_QUESTION_CHARS].rstrip()


@pytest.mark.parametrize(("question", "wanted"), [
    ("Why does Aktau matter for Baku and how much did Japan invest?", None),
    ("Почему Актау важен для Баку и сколько Япония инвестировала?", None),
    ("How much did Japan invest and how many agreements were signed?", "number"),
    ("Could you tell me how much Aktau matters for Baku?", None),
    ("When Tokayev called Japan a distant neighbour, what did he mean?", None),
    ("Когда Токаев назвал Японию дальним соседом, что он имел в виду?", None),
    ("When the port opens, when will the first ferry leave?", "time"),
    ("When did the port of Aktau open?", "time"),
    ("whats the population of aktau", "number"),
    ("whos the mayor of aktau", "post"),
    ("When and how did Japan invest in Aktau?", "time"),
    ("How much did Japan invest and when?", "number"),
    ("When was the port of Aktau modernized, what changed?", "time"),
    ("Когда открылся порт, и что изменилось?", "time"),
    ("How much of the cargo counts as transit?", "number"),
    ("Who is the mayor of Aktau and how old is he?", "post"),
    ("Japan's population?", "number"),  # a measure without a question word
    ("Возраст Токаева?", "number"),
    ("Стоимость проекта?", "number"),
    ("Why does the price matter?", None),  # a question word: it asks why
    ("Жас мамандарды оқыту?", None),  # "жас" is young, not age
])
def test_what_a_passage_must_state(question: str, wanted: str | None) -> None:
    required = required_statement(question)
    assert (required.name if required else None) == wanted


def test_what_do_you_know_about_something_is_a_question_about_it() -> None:
    assert addressed_to_bot("What do you know?") and addressed_to_bot("Что ты знаешь?")
    assert not addressed_to_bot("What do you know about Aktau?")
    assert not addressed_to_bot("Что ты знаешь про Актау?")


@pytest.mark.parametrize(("typed", "spelt"), [
    ("pochemu Aktau vazhen dlya Baku", "почему Актау важен для Баку"),
    ("kakoi kurs dollara segodnya", "какой курс доллара сегодня"),
    ("Skolko stoit bilet?", "Сколько стоит билет?"),
    ("kto seichas premier-ministr Kazakhstana?", "кто сейчас премьер-министр Казахстана?"),
    ("obeshal li Tokaev Yaponii strategicheskoe partnerstvo?", "обешал ли Токаев Японии стратегическое партнерство?"),
    # not Russian: English, Turkish (with and without its letters), Azerbaijani, Kazakh in Latin, German, names
    ("why does Aktau matter for Baku?", None),
    ("Japonya neden Tokayev'e güveniyor?", None),
    ("Japonya Kazakistana ne kadar yatirim yapti", None),
    ("Aktau limani Baku ucun niye vacibdir?", None),
    ("Aqtau porty Azerbaijan ushin nege manyzdy?", None),
    ("Warum braucht Japan Kasachstan?", None),
    ("Tokayev Japan", None),
    ("SmartMining?", None),
    # Polish typed without its letters shares "kto", "do", "z", "na" with Russian in Latin letters
    ("Kto jest premierem Japonii?", None), ("Ile kosztuje bilet na prom z Aktau do Baku?", None),
    ("kto takoy Badamov", "кто такой Бадамов"),
])
def test_russian_typed_in_latin_letters_is_spelt_in_cyrillic(typed: str, spelt: str | None) -> None:
    assert from_translit(typed) == (spelt or typed)


def test_invisible_characters_are_no_part_of_a_question() -> None:
    """A byte-order mark or direction mark alone is no question; a zero-width space may part two words."""
    from askbot.question import tidy

    assert tidy("\ufeff") == "" and tidy("\u200b\u200e") == ""
    assert tidy("Is it\u200btrue?") == "Is it true?"
    assert tidy("Почему Ак\u00adтау?") == "Почему Актау?"  # a soft hyphen only marks where a word may break
    assert tidy("👨\u200d👩\u200d👧 کتاب\u200cها") == "👨\u200d👩\u200d👧 کتاب\u200cها"  # joiners hold these together


@pytest.mark.parametrize("question", [
    "What is this article about?", "what's it about", "What does the article say?", "What is the main idea?",
    "Summarize the article", "tl;dr", "Can you summarize it?", "О чём эта статья?", "о чем интервью", "О чём речь?",
    "Про что статья?", "В чём суть статьи?", "Кратко", "Перескажите интервью кратко", "О чём статья про воду?",
    "Worum geht es?", "Worum gehts im Interview?", "Worum geht es im Artikel über Handball?", "Zusammenfassung",
    "Bu makale ne hakkında?", "Bu məqalə nə haqqındadır?", "Бұл мақала не туралы?", "De quoi parle cet article ?",
    "Про що ця стаття?",
])
def test_a_question_about_the_whole_article_is_an_overview(question: str) -> None:
    assert asks_for_overview(question)


@pytest.mark.parametrize("question", [
    "Worum geht es bei der Tokio-Initiative?", "What does the article say about Aktau?", "What is Aktau about?",
    "О чём говорил Токаев?", "Summarize what he said about Japan", "What is the main idea of the visit?",
    "перескажи, что сказал Токаев", "Who is interviewed?", "What is this bot about?", "О чём вы?",
])
def test_a_question_about_a_part_of_the_article_is_no_overview(question: str) -> None:
    assert not asks_for_overview(question)


@pytest.mark.parametrize("question", [
    "Who is being interviewed here?", "whos the guy being interviewed?", "who is the guy they interview",
    "who do they interview",
    "Who gave this interview?", "Which MP gave this interview?", "С кем вообще это интервью?", "Кто даёт интервью?",
    "у кого взяли интервью", "Хто дає інтерв'ю?", "Бұл сұхбатты кім берді?", "сұхбат кіммен", "Müsahibəni kim verib?",
    "Röportajı veren milletvekili kim?", "röportaj kiminle", "Wer wird hier interviewt?", "Mit wem ist das Interview?",
    "Kiminle röportaj yapılmış?", "Avec qui est cet entretien ?", "Чьё это интервью?", "Whose interview is this?",
    "с кем вообше ето интервью",  # "s kem voobshe eto intervyu", as the transliteration reads it
])
def test_a_question_for_the_interviewee_asks_for_the_lead(question: str) -> None:
    assert asks_for_interviewee(question)


@pytest.mark.parametrize("question", [
    "Who did the interview?", "What is the name of the journalist who did the interview?", "Кто брал интервью?",
    "When was the interview recorded?", "What did the man being interviewed say about Aktau?",
    "Why does the man who is being interviewed think Aktau matters?", "Какие металлы упоминаются в интервью?",
    "Сұхбат берген депутат қай комитеттің мүшесі?", "Кто такой Азер Бадамов?", "с кем встречался Токаев",
    "Who did Tokayev meet?", "Who is interviewed about the port of Aktau and why?",
])
def test_other_questions_about_the_interview_are_not_for_the_interviewee(question: str) -> None:
    assert not asks_for_interviewee(question)


@pytest.mark.parametrize(("question", "about"), [
    ("What is the source of this article?", "record"), ("Who wrote the article?", "record"), ("source?", "record"),
    ("Where is this article from?", "record"), ("Who is the author?", "record"), ("Кто написал эту статью?", "record"),
    ("Откуда эта статья?", "record"), ("Какой источник?", "record"), ("Кто автор статьи?", "record"),
    ("Wer hat den Artikel geschrieben?", "record"), ("Makalenin kaynağı ne?", "record"),
    ("Məqaləni kim yazıb?", "record"), ("Мақаланы кім жазды?", "record"), ("Qui a écrit cet article ?", "record"),
    ("When was this article published?", "date"), ("Когда опубликована статья?", "date"),
    ("Wann wurde der Artikel veröffentlicht?", "date"),
    # questions about what an article says, not about the article
    ("Who wrote the letter to Tokayev?", None), ("What is the source of Japan's capital?", None),
    ("When was the agreement signed?", None), ("Кто автор идеи Срединного коридора?", None),
    ("What did the author say about Aktau?", None), ("Who is Badamov?", None), ("Where is Aktau?", None),
    ("What is this article about?", None),
])
def test_a_question_about_the_article_itself(question: str, about: str | None) -> None:
    assert asks_about_publication(question) == about


@pytest.mark.parametrize(("question", "subject"), [
    ("What's the weather in Aktau?", "weather"), ("Погода в Актау?", "weather"), ("Wie ist das Wetter?", "weather"),
    ("Какой сейчас курс тенге к иене?", "exchange rate"), ("Dollar kuru ne kadar?", "exchange rate"),
    ("Is the ridership forecast realistic?", None), ("Какой курс взял Казахстан?", None),  # a course, not a rate
    ("What is the Middle Corridor?", None),
])
def test_an_everyday_subject_its_answer_must_speak_of(question: str, subject: str | None) -> None:
    required = required_subject(question)
    assert (required.measure if required else None) == subject


@pytest.mark.parametrize(("question", "known", "respelt"), [
    ("What does TMTM stand for?", {"ТМТМ"}, "What does ТМТМ stand for?"),
    ("Что такое TMTM?", {"ТМТМ"}, "Что такое ТМТМ?"),
    ("What does TMTM stand for?", set(), "What does TMTM stand for?"),  # the articles never write it in Cyrillic
    ("Is TMTMX a route?", {"ТМТМ"}, "Is TMTMX a route?"),  # part of a longer word
    ("Who is at the TOP?", {"ТМТМ"}, "Who is at the TOP?"),
])
def test_a_latin_acronym_is_spelt_as_the_articles_spell_it(question: str, known: set[str], respelt: str) -> None:
    assert respell_acronyms(question, frozenset(known)) == respelt


@pytest.mark.parametrize("question", ["Aktau hara aiddir?", "Yük hara gedir?"])
def test_azerbaijani_hara_is_a_where_question_word(question: str) -> None:
    """"hara" (where) was missing from the Azerbaijani question words: such questions had no language."""
    from askbot.followup import _QUESTION_WORD
    from askbot.languages import read_language

    assert read_language(question).languages == ("az",)
    assert _QUESTION_WORD.search(question)
