"""The mention check: the places a question names, and the party whose reaction it asks for, must be in the article."""

from __future__ import annotations

import pytest

from askbot.answer_type import NUMBER, required_statement
from askbot.mentions import (
    commodities_named,
    holder_of,
    mentions_name,
    places_named,
    reacting_party,
    required_mentions,
    skeleton,
)

ARTICLE = (
    "Почему Япония сделала ставку на Токаева\nМы обсудили с депутатом Милли Меджлиса Азербайджана Азером Бадамовым.\n"
    "Президенты Токаев и Алиев работают в унисон. Груз попадет в порт Алят и по железной дороге Баку-Тбилиси-Карс "
    "в Европу. Напряженность между Токио, Пекином и Москвой; раздражение у Китая или России. Астаны и Токио."
)


@pytest.mark.parametrize(("question", "places"), [
    ("Как Турция участвует в Срединном коридоре?", ["Turkey"]), ("Is Turkmenistan part of the corridor?",
                                                                ["Turkmenistan"]),
    ("Türkiye bu anlaşmalara nasıl tepki verdi?", ["Turkey"]), ("Özbəkistan bu layihədə iştirak edir?", ["Uzbekistan"]),
    ("Wie reagiert die Türkei?", ["Turkey"]), ("Жапония мен Қазақстан", ["Japan", "Kazakhstan"]),
    ("What's the weather in Almaty?", ["Almaty"]), ("Japonya neden Kazakistan'a yatırım yapıyor?",
                                                    ["Japan", "Kazakhstan"]),
    ("Why does Aktau matter for Baku?", ["Baku"]),
    # places further afield, which no article here names
    ("What's the weather in London tomorrow?", ["London"]), ("Что думают в Польше о коридоре?", ["Poland"]),
    ("Wie reagiert die Schweiz?", ["Switzerland"]), ("Is Estonia building a tram?", ["Estonia"]),
    # Romance, Dutch and Polish names, written with their accents
    ("¿Por qué Japón invierte en Kazajistán?", ["Japan", "Kazakhstan"]), ("O Japão e o Cazaquistão", ["Japan",
                                                                                                     "Kazakhstan"]),
    ("Il Giappone e la Cina", ["Japan", "China"]), ("La Chine et la Russie", ["Russia", "China"]),
    ("Estados Unidos y México", ["United States", "Mexico"]), ("Waarom investeert Japan in Kazachstan?",
                                                               ["Japan", "Kazakhstan"]),
    ("Qué dice Alemania?", ["Germany"]), ("Y Teherán?", ["Tehran"]),
])
def test_places_a_question_names(question: str, places: list[str]) -> None:
    assert places_named(question) == places


@pytest.mark.parametrize("question", [
    "What does this mean for the Turkic world?", "Türk dünyası için ne anlama geliyor?",  # Turkic is not Turkey
    "Что это значит для Тюркского мира?", "What is the Middle Corridor?", "Почему груз идет через Актау?",
    "Who is the interview with?", "Что такое «битва маршрутов»?",
    "Do they polish their rhetoric?", "Was the wording romantic?", "Что он говорил про пригород?",  # not places
    "Is the machine ready?", "Is the index up to date?", "Romania's neighbour?",
])
def test_questions_naming_no_place(question: str) -> None:
    assert places_named(question) == []


@pytest.mark.parametrize(("word", "same"), [
    ("Aliyev", "Алиевым"), ("Əliyev", "Алиев"), ("Tokayev's", "Токаев"), ("Тоқаевтың", "Токаев"),
    ("Kassym-Jomart", "Касым-Жомарт"), ("Putin", "Путина"), ("Erdoğan", "Эрдоган"), ("Badamov", "Бадамовым"),
])
def test_names_are_compared_across_alphabets(word: str, same: str) -> None:
    assert mentions_name(word, same)


@pytest.mark.parametrize(("name", "text"), [
    ("Putin", "опытный стратег"),  # the consonants p-t-n, but not the name
    ("Ilham", "Президенты Токаев и Алиев"), ("Erdogan", ARTICLE), ("Kishida", ARTICLE),
])
def test_a_name_the_text_lacks(name: str, text: str) -> None:
    assert not mentions_name(name, text)


def test_a_name_too_short_to_tell_is_taken_as_mentioned() -> None:
    assert skeleton("Xi") == "HV" and mentions_name("Xi", "Никого")


@pytest.mark.parametrize(("question", "names", "post"), [
    ("What did Putin say about the visit?", ("Putin",), None), ("Что сказал Путин о визите?", ("Путин",), None),
    ("How did Ilham Aliyev react?", ("Ilham", "Aliyev"), None), ("Как Ильхам Алиев оценил инвестиции?",
                                                                 ("Ильхам", "Алиев"), None),
    ("Какова реакция Эрдогана на визит?", ("Эрдогана",), None),
    ("Putin bu anlaşma hakkında ne dedi?", ("Putin",), None),
    ("Was sagt Badamov über Japan?", ("Badamov",), None),
    ("What did the Japanese prime minister say?", (), "prime minister"),
    ("What was Xi Jinping's response?", ("Xi", "Jinping"), None),
])
def test_the_party_whose_reaction_is_asked(question: str, names: tuple[str, ...], post: str | None) -> None:
    party = reacting_party(question)
    assert party is not None and party.names == names and party.post == post


@pytest.mark.parametrize("question", [
    "How did the experts react?", "Wie hat die Regierung reagiert?",  # no name: nothing to look for
    "What did Tokayev call Japan?", "Why is Japanese capital cautious?",  # no reaction asked for
    "What does the United States think about Japan?",  # a place: the table checks it, not the letters
    "Как Кремль прокомментировал визит?", "Türkiye bu anlaşmalara nasıl tepki verdi?",
])
def test_questions_with_no_named_party(question: str) -> None:
    assert reacting_party(question) is None


@pytest.mark.parametrize(("question", "found"), [
    ("Как Турция участвует в Срединном коридоре?", False), ("What did Putin say about Tokyo?", False),
    ("What did the Japanese prime minister say?", False), ("What does Badamov think about Armenia?", False),
    ("Что думает Алиев о сотрудничестве?", True),  # the article names Aliyev: it cannot tell what he was not asked
    ("What does Badamov think about Japan?", True),  # named in the lead only: the whole article counts
    ("What does the Azerbaijani MP say about Aktau?", True), ("How did China react?", True),
])
def test_mentions_found_in_the_article(question: str, found: bool) -> None:
    mentions = required_mentions(question)
    assert mentions is not None and mentions.found_in([ARTICLE]) is found


def test_a_question_naming_nothing_needs_no_mention() -> None:
    assert required_mentions("Why does it matter?") is None


def test_an_article_in_a_script_the_names_are_not_known_in_may_mention_them() -> None:
    """"日本" is Japan: an article in Chinese or Japanese is not taken as never naming the country asked about."""
    mentions = required_mentions("Does Japan finance the Aktau port?")
    assert mentions is not None
    assert mentions.found_in(["该项目的一部分资金由日本国际协力机构以低息贷款的形式提供。"])
    assert not mentions.found_in(["Проект финансирует Казахстан, порт Актау расширяется."])


@pytest.mark.parametrize(("question", "text", "stated"), [
    # the post beside another country only is that country's ("Кто президент Японии?" was answered with this one)
    ("Кто президент Японии?", "Президент Казахстана ведет очень тонкую игру.", False),
    ("Who is the president of Japan?", "Президенты Токаев и Алиев работают в унисон: Казахстан расширяет «горлышко»"
                                       " на востоке Каспия, Азербайджан – на западе.", False),
    ("Кто президент Казахстана?", "Президент Казахстана ведет очень тонкую игру.", True),
    ("Кто президент Азербайджана?", "Президенты Токаев и Алиев работают в унисон: Казахстан расширяет «горлышко» "
                                    "на востоке Каспия, Азербайджан – на западе.", True),
    ("Who is Japan's prime minister?", "The Japanese prime minister arrived in Astana on Monday.", True),
    ("Who is the president of Kazakhstan?", "President Tokayev said the port would grow.", True),  # names no place
    ("Who is the president of Japan?", "Япония далеко. Президент Казахстана ведет тонкую игру.", False),
])
def test_the_holder_of_a_post_of_a_place(question: str, text: str, stated: bool) -> None:
    wanted = holder_of(question, required_statement(question))
    assert wanted is not None and wanted.name == "post" and wanted.stated_in(text) is stated


def test_a_post_question_naming_no_place_takes_the_post_anywhere() -> None:
    wanted = required_statement("Кто мэр Актау?")
    assert holder_of("Кто мэр Актау?", wanted) is wanted
    assert holder_of("Сколько стоит билет?", NUMBER) is NUMBER and holder_of("Почему?", None) is None


@pytest.mark.parametrize(("question", "places"), [
    ("日本总统是谁？", ["Japan"]), ("哈萨克斯坦总统是谁？", ["Kazakhstan"]), ("일본 총리는 누구입니까?", ["Japan"]),
    ("アゼルバイジャンの大統領は誰ですか？", ["Azerbaijan"]), ("为什么阿克套港对巴库很重要？", ["Baku"]),
    ("阿克套为什么重要？", []), ("인도 위에서 걷는 사람은 누구입니까?", []),  # 인도: a pavement as well as India
])
def test_places_a_chinese_japanese_or_korean_question_names(question: str, places: list[str]) -> None:
    """"日本总统是谁？" (who is Japan's president?) was answered with "Президент Казахстана…": the post's place
    must be read in these scripts too."""
    assert places_named(question) == places
    wanted = holder_of(question, required_statement(question))
    if places and wanted is not None:
        assert wanted.stated_in("Президент Казахстана ведет очень тонкую игру.") is (places == ["Kazakhstan"])


@pytest.mark.parametrize(("question", "named"), [
    ("what did tokayev agree about uranium", ["uranium"]), ("Японии нужен казахский уран?", ["uranium"]),
    ("Japonya uranyum alacak mı?", ["uranium"]), ("日本会买哈萨克斯坦的铀吗？", ["uranium"]),
    ("Are rare earths just the new oil?", ["oil"]), ("Будет ли Казахстан продавать уголь в Японию?", ["coal"]),
    ("Why does Aktau matter for Baku?", []), ("Что с углеродными налогами?", []),  # carbon is no coal
    ("Was ist mit Urlaub in Japan?", []), ("What about the Ural mountains?", []),
])
def test_raw_materials_a_question_names(question: str, named: list[str]) -> None:
    assert commodities_named(question) == named


@pytest.mark.parametrize(("question", "text", "found"), [
    ("what did tokayev agree about uranium", "Сотрудничество в сфере водородной энергетики.", False),
    ("what did tokayev agree about uranium", "Казатомпром поставит уран в Японию.", True),
    # "нефти и газа" in an interview that speaks of "нефтегазовых стран"
    ("Актуален ли переход для стран, живущих за счёт нефти и газа?", "для наших нефтегазовых стран", True),
])
def test_a_raw_material_must_be_named_by_the_article(question: str, text: str, found: bool) -> None:
    mentions = required_mentions(question)
    assert mentions is not None and mentions.found_in([text]) is found
