"""The answer-type checks: which questions ask for a quantity, a date or a post's holder, which passages state one."""

from __future__ import annotations

import pytest

from askbot.answer_type import (
    BIOGRAPHY,
    MEASURES,
    NUMBER,
    ORGANISATIONS,
    POSTS,
    SUBJECTS,
    TIME_OF_EVENT,
    asked_biography,
    asked_post,
    asks_date,
    asks_organisation,
    asks_quantity,
    required_statement,
    required_subject,
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
    # GDP as French, Spanish, German, Turkish, Azerbaijani and Kazakh write it
    "quel est le PIB du Kazakhstan", "¿Cuál es el PIB de Japón?", "Was ist das BIP von Kasachstan?",
    "Kazakistan'ın GSYİH'si nedir?", "Qazaxıstanın ÜDM-i?", "Қазақстанның ЖІӨ?",
    "日本投资了多少钱？", "托卡耶夫多少岁？", "签署了几个协议？", "日本はいくら投資しましたか？",
    "フェリーは何両運べますか", "일본은 얼마를 투자했나요?",  # no spaces, so no word bounds either
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
    ("Etwa achthundert Kilo pro Woche, im Sommer dreiundzwanzig Sorten", True),
    ("Le port traite deux cents navires", True), ("Limanda iki yüz gemi var", True),
    ("Порт жылына екі мың кемені қабылдайды", True), ("Liman hər il min gəmi qəbul edir, yarım milyon ton", True),
    ("Ein Hafen am Kaspischen Meer, eine Brücke nach Europa", False),  # "ein" is an article, not a number
    ("Bir liman ve bir köprü", False), ("Бұл бір порт", False), ("They seize on the news", False),
    ("Жапония үшін алтын мен мұнай маңызды", False), ("Порт жүзден астам кемені қабылдайды", True),
    ("В беседе с депутатом", False),
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
    "阿克套港什么时候扩建完成？", "港口哪一年开放？", "アクタウ港の拡張はいつ完了しますか？", "항구는 언제 열렸나요?",
    # Spanish, Portuguese, Italian, Polish, Dutch ("Quando foi inaugurado o porto?" was answered without a date)
    "¿Cuándo se inauguró el puerto de Aktau?", "Quando foi inaugurado o porto de Aktau?",
    "Quando è stato aperto il porto?", "In che anno è stato aperto il porto?", "Kiedy otwarto port w Aktau?",
    "Wanneer is de haven geopend?", "¿En qué año se abrió el puerto?",
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
    ("How many people watched the final?", "people"), ("Сколько человек пришло на матч?", "people"),
    ("Қарағандыда қанша тұрғын шағымданды?", "population"),
    ("quel est le PIB du Kazakhstan", "gdp"), ("What is Kazakhstan's GDP?", "gdp"), ("Какой ВВП у Японии?", "gdp"),
    ("How big is Kazakhstan?", "size"), ("Какова площадь Японии?", "size"), ("Wie groß ist Aktau?", "size"),
    ("How much is Japan investing?", ""), ("Сколько соглашений подписали?", ""),  # any number answers these
    ("How big was the investment Tokayev secured?", ""),  # no place closes it: money, say
    # Portuguese, Italian, Dutch and Polish: "Ile kosztuje bilet na prom?" was answered with a passage on cargo
    ("Ile kosztuje bilet na prom z Aktau do Baku?", "price"), ("Quanto costa il biglietto del traghetto?", "price"),
    ("Quanto dinheiro o Japão vai investir?", "price"), ("Hoeveel geld investeert Japan?", "price"),
    ("Ile pieniędzy zainwestuje Japonia?", "price"), ("Quantos quilômetros tem o corredor?", ""),
    ("Hoe lang duurt de overtocht?", ""), ("Ile lat ma Tokajew?", ""),
])
def test_how_much_questions_that_name_their_measure(question: str, measure: str) -> None:
    wanted = required_statement(question)
    assert wanted is not None and wanted.name == "number" and wanted.measure == measure


@pytest.mark.parametrize("question", [
    "Japonya ile Kazakistan neden yakınlaşıyor?",  # Turkish "ile" is "with", not Polish "how many"
    "Quanto ao porto de Aktau, por que é importante?", "Per quanto riguarda Aktau, perché è importante?",  # as for
])
def test_words_like_how_much_that_ask_for_no_number(question: str) -> None:
    assert required_statement(question) is None


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
    # "how many people" asks for the people a story counts; "how many residents", for a place's inhabitants
    ("people", "Матч прошёл на Центральном стадионе Алматы при 23 тысячах зрителей.", True),
    ("people", "Around 1,500 volunteers and 300 students joined the clean-up.", True),
    ("people", "Der Zug bringt täglich 12.000 Fahrgäste in die Stadt.", True),
    ("population", "Der Zug bringt täglich 12.000 Fahrgäste in die Stadt.", False),
    # a place's size: its area or its people
    ("size", "Площадь страны – 2,7 млн км², это девятое место в мире.", True),
    ("size", "a city of 200 thousand inhabitants", True),
    ("size", "Порт Актау переваливает около 20 миллионов тонн грузов в год.", False),
    # a GDP is stated as one, not as any sum of dollars
    ("gdp", "ВВП Казахстана в прошлом году составил 260 миллиардов долларов.", True),
    ("gdp", "Japan's GDP shrank by 0.4 percent.", True),
    ("gdp", "Он забрал инвестиции в размере 3,7 миллиарда долларов.", False),
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
    # Chinese, Japanese, Korean: no spaces, no word bounds ("日本首相是谁？" was answered with a passage on Tokayev)
    ("Quem é o primeiro-ministro do Japão?", "prime minister"), ("Chi è il primo ministro del Giappone?",
                                                                 "prime minister"),
    ("Chi è il sindaco di Aktau?", "mayor"), ("Wie is de burgemeester van Aktau?", "mayor"),
    ("日本首相是谁？", "prime minister"), ("谁是日本首相？", "prime minister"), ("阿克套市长是谁？", "mayor"),
    ("日本驻哈萨克斯坦大使叫什么名字？", "ambassador"), ("日本の首相は誰ですか？", "prime minister"),
    ("일본 총리는 누구입니까?", "prime minister"), ("카자흐스탄 대통령이 누구예요?", "president"),
    # Dutch and English "premier" alone ("Wie is de premier van Japan?" was read as no post question)
    ("Wie is de premier van Japan?", "prime minister"), ("Who is the premier of Japan?", "prime minister"),
    ("Wie is de premier?", "prime minister"),
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
    "Qui est le premier de la liste ?", "Who is the premier partner of Japan?",  # "premier": the first
    "首相说了什么？", "总统访问了日本吗？", "大統領は何と言いましたか？", "대통령이 무엇을 말했나요?",  # the post acts
    "为什么阿克套港对巴库很重要？", "トカエフ大統領は日本を何と呼びましたか？",
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
    ("mayor", "The deputy mayor, Kristiina Vaher, said the line would open in May.", False),
    ("mayor", "По словам заместителя акима Караганды Гульнары Сейткали, график продлят.", False),
    ("mayor", "Заместитель акима и сам аким Караганды Ержан Тулегенов приехали на место.", True),
    ("president", "Вице-президент компании прилетел в Токио.", False),
    ("president", "Vice President Lee met the delegation.", False),
    ("mayor", "Belediye başkan yardımcısı açıklama yaptı.", False),
    ("mayor", "Belediye başkanı Ahmet Yılmaz açıklama yaptı.", True),
    ("mayor", "Қала әкімінің орынбасары мәлімдеме жасады.", False),
    ("prime minister", "日本首相岸田文雄会见了托卡耶夫。", True),
    ("minister", "外交部副部长表示", False), ("minister", "外交部长表示", True),
    ("prime minister", "부총리가 말했다", False), ("president", "托卡耶夫总统访问东京", True),
    ("prime minister", "Президент Казахстана ведет очень тонкую игру", False),
    ("prime minister", "The premier of Japan arrived in Astana.", True),
    ("prime minister", "Le premier port du Kazakhstan est Aktau.", False),  # French: the first
])
def test_a_passage_names_the_post(post: str, text: str, expected: bool) -> None:
    assert POSTS[post].stated_in(text) is expected


@pytest.mark.parametrize("question", [
    "Which Japanese companies signed contracts in Tokyo?", "Which banks will finance the project?",
    "Какие японские компании будут строить заводы?", "Какие банки финансируют проект?",
    "Welche japanischen Firmen investieren in Kasachstan?", "Hangi Japon şirketleri yatırım yapıyor?",
    "Hansı şirkətlər Aktau limanında işləyir?", "Қандай компаниялар келеді?",
    "What car brands does Japan export to Kazakhstan?", "Какие марки японских машин продают в Казахстане?",
])
def test_which_companies_questions(question: str) -> None:
    wanted = required_statement(question)
    assert asks_organisation(question) and wanted is ORGANISATIONS


@pytest.mark.parametrize("question", [
    "What do the companies want?", "Какие планы у компаний?",  # the companies act: not what is asked for
    "Why do Japanese companies avoid risk?", "Почему японские компании осторожны?",
    "Was wollen die Firmen?", "Japonyada eğitim alan Kazak gençleri ülkeye ne getirecek?",
    "What did Tokayev call Japan?", "Which port does cargo go to?",
])
def test_questions_not_asking_which_company(question: str) -> None:
    assert not asks_organisation(question)


@pytest.mark.parametrize(("text", "expected"), [
    ("контракт подписала японская компания Marubeni", True), ("the bank JBIC will lend", True),
    ("Toyota Tsusho Corporation opened a plant", True), ("ТОО «Каспий» построит склад", True),
    ("Japonya şirketleri Kazakistan'a geliyor", True),
    ("Японский капитал – это самый осторожный капитал в мире", False),
    ("Проект SmartMining и инициативы по переработке", False),  # a project, not a company
    ("Банкет в честь гостей", False), ("Companionship matters", False),  # words that only begin like one
])
def test_a_passage_names_an_organisation(text: str, expected: bool) -> None:
    assert ORGANISATIONS.stated_in(text) is expected


@pytest.mark.parametrize(("question", "fact"), [
    ("Where did Azer Badamov study?", "education"), ("Где учился Азер Бадамов?", "education"),
    ("Какое образование у Бадамова?", "education"), ("What is Badamov's educational background?", "education"),
    ("Azər Badamov harada təhsil alıb?", "education"), ("Wo hat Badamov studiert?", "education"),
    ("Where was Badamov born?", "birthplace"), ("Где родился Азер Бадамов?", "birthplace"),
    ("Badamov nerede doğdu?", "birthplace"), ("Бадамов қайда туған?", "birthplace"),
    ("Which party does Badamov belong to?", "party"), ("В какой партии состоит Бадамов?", "party"),
    ("Badamov hansı partiyanın üzvüdür?", "party"), ("Welcher Partei gehört Badamov an?", "party"),
])
def test_biography_questions(question: str, fact: str) -> None:
    wanted = required_statement(question)
    assert asked_biography(question) == fact and wanted is BIOGRAPHY[fact] and wanted.name == "biography"


@pytest.mark.parametrize("question", [
    "Who is Badamov?", "Кто такой Азер Бадамов?", "Where is Badamov from?",  # the lead answers these
    "Что в итоге Казахстан получил от поездки?",  # "получил" holds "учил": words, not letters
    "Japonyada eğitim alan Kazak gençleri ülkeye ne getirecek?",  # education, but not someone's biography
    "What does the Tokyo Initiative train?", "Which parties signed the agreements?",
])
def test_questions_not_asking_a_biography(question: str) -> None:
    assert asked_biography(question) is None


@pytest.mark.parametrize(("fact", "text", "expected"), [
    ("education", "окончил Бакинский государственный университет", True),
    ("education", "he graduated from Moscow State University", True),
    ("education", "Токийская инициатива по обучению кадров", False),
    ("birthplace", "родился в Баку в 1970 году", True), ("birthplace", "Bakıda anadan olub", True),
    ("birthplace", "мы обсудили с депутатом Милли Меджлиса Азербайджана", False),
    ("party", "член партии «Ени Азербайджан»", True), ("party", "a member of the ruling party", True),
    ("party", "надежный партнер в центре Евразии", False),  # "партнер" is no party
])
def test_a_passage_states_a_biographical_fact(fact: str, text: str, expected: bool) -> None:
    assert BIOGRAPHY[fact].stated_in(text) is expected


@pytest.mark.parametrize("question", ["Какой грузооборот у порта Актау?", "What is the annual turnover of Aktau?",
                                      "What volume of cargo does the corridor carry?", "Каков объём инвестиций?"])
def test_cargo_volume_is_a_measure(question: str) -> None:
    wanted = required_statement(question)
    assert asks_quantity(question) and wanted is not None and wanted.name == "number"


@pytest.mark.parametrize(("question", "subject"), [
    ("What is the capital of Japan?", "capital city"), ("What's Kazakhstan's capital?", "capital city"),
    ("Какая столица у Азербайджана?", "capital city"), ("Was ist die Hauptstadt von Kasachstan?", "capital city"),
    ("What currency does Japan use?", "currency"), ("Какая валюта в Казахстане?", "currency"),
    ("What language do they speak in Kazakhstan?", "language"), ("На каком языке говорят в Баку?", "language"),
    ("Why is Japanese capital so cautious?", None), ("Почему японский капитал осторожен?", None),
    ("Is Japanese capital coming to the Kazakh capital?", None), ("Что Токаев сказал в японской столице?", None),
    # typed in a chat without the apostrophe
    ("whats the capital of japan", "capital city"), ("whats the currency in kazakhstan", "currency"),
    ("¿Cuál es la capital de Japón?", "capital city"), ("Qual è la capitale del Giappone?", "capital city"),
    ("Qual é a capital do Japão?", "capital city"), ("Che tempo fa ad Aktau?", "weather"),
    ("Qual è il capitale giapponese investito?", None), ("¿Por qué el capital japonés es cauteloso?", None),
    # Chinese, Japanese, Korean, without word bounds ("阿克套天气怎么样？" was taken for small talk)
    ("阿克套天气怎么样？", "weather"), ("アクタウの天気はどうですか？", "weather"),
    ("악타우 날씨는 어때요?", "weather"), ("日本的首都是哪里？", "capital city"),
    ("日本の首都はどこですか？", "capital city"), ("美元汇率是多少？", "exchange rate"),
    ("阿克套为什么对巴库很重要？", None), ("日本首相是谁？", None),
])
def test_a_country_s_general_facts_are_subjects(question: str, subject: str | None) -> None:
    """A passage answering these must speak of a capital city, a currency or a language."""
    found = required_subject(question)
    assert (found.measure if found else None) == subject


@pytest.mark.parametrize(("question", "subject"), [
    ("Is it raining in Aktau?", "weather"), ("Идёт ли дождь в Актау?", "weather"), ("Regnet es in Aktau?", "weather"),
    ("Why is it raining money on Aktau?", None), ("Почему идет ли речь о дожде?", None),
    ("What is the temperature in Aktau?", "weather"), ("how cold is it in Astana", "weather"),
    ("Какая температура в Актау сегодня?", "weather"), ("Сколько градусов в Баку?", "weather"),
    ("Wie kalt ist es in Astana?", "weather"), ("Aktau'da sıcaklık kaç?", "weather"),
    ("¿Qué temperatura hay? La temperatura en Aktau", "weather"),
    ("Какая температура в отношениях Японии и Казахстана?", None),  # a figure of speech: relations
])
def test_asking_whether_it_rains_or_how_warm_it_is_is_a_weather_question(question: str, subject: str | None) -> None:
    found = required_subject(question)
    assert (found.measure if found else None) == subject


@pytest.mark.parametrize(("text", "speaks"), [
    ("Токаев проходит «между струйками дождя», балансируя между Востоком и Западом.", False),  # a figure of speech
    ("The wind of change blows through the Caspian ports.", False),
    ("Almaty will see its first snow on Saturday. Night temperatures will fall to minus eight degrees.", True),
    ("Завтра в Актау дождь, до +5 градусов.", True),
])
def test_a_passage_speaks_of_the_weather_in_two_weather_words(text: str, speaks: bool) -> None:
    """One weather word is as often a figure of speech ("between the raindrops" answered "What is the weather?")."""
    assert SUBJECTS["weather"].stated_in(text) is speaks



@pytest.mark.parametrize("text", [
    "哈萨克斯坦交通部周二宣布，里海港口阿克套的扩建工程已经开工，计划于2027年底前完成。",
    "船は一度に貨車五十両を運ぶことができ、片道の所要時間は約十八時間だという。",
    "Το λιμάνι θα ολοκληρωθεί σε δύο χρόνια.",
])
def test_a_passage_in_a_script_the_checks_cannot_read_is_never_refused_on_them(text: str) -> None:
    """The checks know Latin and Cyrillic words: a Chinese passage stating a year or a Japanese one stating hours
    was refused for an English when or how-long question as saying no time or number."""
    for wanted in (NUMBER, TIME_OF_EVENT, MEASURES["price"], POSTS["president"], ORGANISATIONS):
        assert wanted.found_in(text)
    assert not TIME_OF_EVENT.found_in("Порт расширят, и это важно для Баку.")
    assert TIME_OF_EVENT.found_in("Порт расширят к 2027 году.")


@pytest.mark.parametrize("question", ["阿克套为什么对巴库很重要？", "日本几乎参与了所有项目吗？",
                                      "いつも混んでいますか？", "アクタウはなぜ重要ですか"])
def test_chinese_and_japanese_questions_that_ask_no_number_or_date(question: str) -> None:
    """"几乎" (almost) and "いつも" (always) hold the words for "how many" and "when"."""
    assert not asks_quantity(question) and not asks_date(question)
