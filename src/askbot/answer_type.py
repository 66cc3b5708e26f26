"""How-much and when questions need a number or a date: classic answer-type checks, used only to refuse.

"Сколько стоит билет на паром из Актау?" lands near any passage about Aktau at a cosine no threshold can
tell from a real answer; but if none of the passages found holds a number at all, none of them says how
much. Likewise "When did the railway open?": if no passage found names a year, a month, a day or any
other time, none of them says when. The time words are generous (dates are often written without
digits: "в прошлом году", "yesterday"; in Russian, English, German, French, Spanish and Turkish), because
a wrong refusal costs more than a wrong answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from askbot.question import ASKING_WORDS

# how much / how many / how old in the languages of the dev set (ru, uk, en, kk, az, tr, de, fr, es)
QUANTITY_QUESTION = re.compile(
    r"(?<!\w)(сколько|скільки|how\s+(much|many|old)|қанша|неше|nə\s+qədər(?:dir|dır)?|neçə|ne\s+kadar(?:dır|dir)?|kaç|"
    r"wie\s*viele?|wie\s+(?:lange|weit|hoch|groß|alt)|combien|cu[aá]nt[oa]s?|"
    r"how\s+(?:long|far|big|large|tall|high|often)|was\s+kostet|what\s+does\s+\w+(?:\s+\w+)?\s+cost|"
    # Portuguese and Italian (not "quanto ao porto", "per quanto riguarda": as for), Dutch, and Polish "ile" before
    # what it counts (Turkish "ile" is "with": "Japonya ile Kazakistan")
    r"(?<!per\s)quant[oaie]s?(?!\s+(?:a|ao|aos|à|às|al|alla|alle|ai|agli|riguarda)(?!\w))|hoeveel|"
    r"hoe\s+(?:lang|ver|oud|groot)|ile(?=\s+(?:kosztuj\w*|kosztował\w*|wynosi\w*|pieni[eę]dzy|lat|os[oó]b|ludzi|"
    r"razy|kilometr\w*|km|miliard\w*|milion\w*|dolar\w*|trwa\w*|czasu|mieszka[nń]c[oó]w)(?!\w))|"
    r"jak\s+(?:d[lł]ugo|daleko))(?!\w)",
    re.IGNORECASE,
)
# Gross domestic product as the other languages of the chat abbreviate it: French and Spanish "PIB", German "BIP",
# Turkish "GSYİH", Azerbaijani "ÜDM", Kazakh "ЖІӨ" ("quel est le PIB du Kazakhstan" was answered with a passage on
# the economy that states no figure)
_GDP = r"pib|bip|gsy[iİı̇]+h\w*|gsmh|üdm|жіө|ввп"
# "What is the population of Aktau?", "Какова стоимость проекта?": a measure asked for by what/какова
QUANTITY_MEASURE = re.compile(
    rf"^\W*(?:what|what's|whats|which|какова|каково|каков|какая|какое|какой|каким|welche[rs]?|quel(?:le)?|"
    r"cu[aá]l(?:es)?|qual|was\s+ist)(?!\w).*"
    rf"(?<!\w)(?:population|gdp|{_GDP}|price|cost|budget|percentage|size|length|area|distance|capacity|salary|"
    r"turnover|throughput|tonnage|volume|грузооборот\w*|товарооборот\w*|объ[её]м\w*|"
    r"население|численност\w*|ввп|стоимост\w*|цен[аеуы]|бюджет\w*|доля|долю|процент\w*|размер\w*|"
    r"длин[аеуы]|площад\w*|расстояни\w*|мощност\w*|зарплат\w*|einwohner\w*|preis\w*|kosten|anteil|"
    r"prix|co[uû]t|population|age|возраст\w*|alter)(?!\w)",
    re.IGNORECASE,
)
# The same measure asked for without a question word: "Japan's population?", "Население Японии?", "Tokayev's
# age?", "Стоимость проекта?" (a few words, none of them a question word: "Why does the price matter?" asks why)
MEASURE_NOUN = re.compile(
    rf"(?<!\w)(?:population|gdp|{_GDP}|price|cost|budget|age|salary|население|численност\w*|ввп|стоимост\w*|"
    r"цен[аеуы]|бюджет\w*|возраст\w*|зарплат\w*|einwohner\w*|einwohnerzahl|preis\w*|kosten|nüfus\w*|"
    r"fiyat\w*|yaşı|yaşını|əhali\w*|qiymət\w*|бағас\w*|жасы)(?!\w)",
    re.IGNORECASE,
)
MEASURE_NOUN_MAX_WORDS = 5
_QUESTION_WORD = re.compile(rf"(?<!\w)(?:{ASKING_WORDS})(?!\w)", re.IGNORECASE)
# Russian and English cardinals with their case forms ("сорока", "двадцати", "двухсот"), scale words and
# the like: a number in a passage is as often a word as digits.
_RU_NUMBERS = (
    r"один|одн(?:а|о|ого|ой|ому|им|ом|у)|дв(?:а|е|ух|ум|умя)|тр(?:и|ёх|ех|ём|ем|емя)|четыр(?:е|ёх|ех|ём|ем|ьмя)|"
    r"(?:пят|шест|сем|девят|десят|одиннадцат|двенадцат|тринадцат|четырнадцат|пятнадцат|шестнадцат|"
    r"семнадцат|восемнадцат|девятнадцат|двадцат|тридцат)(?:ь|и|ью)|восем(?:ь|ью)|восьм(?:и|ью)|сорок(?:а)?|"
    r"(?:пять|шесть|семь|восемь)десят|(?:пяти|шести|семи|восьми)десят(?:и|ью)|девяност(?:о|а)|сто|ста|"
    r"двести|триста|четыреста|(?:пять|шесть|семь|восемь|девять)сот|"
    r"(?:двух|трех|трёх|четырех|четырёх|пяти|шести|семи|восьми|девяти)сот(?:ам|ами|ах)?|"
    r"тысяч\w*|миллион\w*|миллиард\w*|триллион\w*|полтор\w*|половин\w*|десятк\w*|сотн\w*|дюжин\w*|"
    r"дважды|трижды|вдвое|втрое"
)
_EN_NUMBERS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|(?:thir|four|fif|six|seven|eigh|nine)teen|"
    r"(?:twen|thir|for|fif|six|seven|eigh|nine)ty|hundreds?|thousands?|millions?|billions?|trillions?|"
    r"dozens?|half|twice|thrice|double|triple"
)
# The cardinals of the other languages articles come in ("Etwa achthundert Kilo pro Woche", "iki yüz ton",
# "екі мың тонна"); not the ones that are common words elsewhere: "ein", "bir", "бір" (also "a"), Turkish and
# Azerbaijani "on" (English "on"), Azerbaijani "min" (English "min"), French "seize" (English "seize"), "un"/"une".
_DE_NUMBERS = (
    r"(?:zwei|drei|vier|fünf|sechs|sieben|acht|neun)(?:und\w+zig|und\w+ßig|hundert\w*|tausend\w*|zehn|zig)?|"
    r"ein(?:s|hundert\w*|tausend\w*|und\w+(?:zig|ßig))|zehn|elf|zwölf|zwanzig|dreißig|sechzig|siebzig|hundert\w*|"
    r"tausend\w*|millionen?|milliarden?|billionen?|dutzend\w*|hälfte|anderthalb|eineinhalb|doppelt\w*"
)
_FR_NUMBERS = (
    r"deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|vingts?|trente|quarante|"
    r"cinquante|soixante|cents?|mille|millions?|milliards?|douzaines?|moitié|demie?"
)
_TURKIC_NUMBERS = (  # Turkish, Azerbaijani, Kazakh, with the case endings Kazakh numbers take ("мыңға", "жүзден")
    r"iki|üç|dört|dörd|beş|altı|yedi|yeddi|sekiz|səkkiz|dokuz|doqquz|yirmi|iyirmi|otuz|kırk|qırx|elli|əlli|altmış|"
    r"yetmiş|seksen|səksən|doksan|doxsan|yüz|bin|milyon\w*|milyar\w*|buçuk|yarım|"
    r"(?:екі|үш|төрт|бес|алты|жеті|сегіз|тоғыз|жиырма|отыз|қырық|елу|алпыс|жетпіс|сексен|тоқсан|жүз|мың)"
    r"(?:ге|ке|ға|қа|ден|тен|дан|тан|нан|нен|де|те|да|та|еу|ау)?"  # not "үшін" ("for"), "алтын" ("gold")
)
# a digit not glued to letters ("G7" is a name; "3,7" and "40%" are numbers), or a number word
QUANTITY = re.compile(
    rf"(?<![^\W\d_])\d|(?<!\w)(?:{_RU_NUMBERS}|{_EN_NUMBERS}|{_DE_NUMBERS}|{_FR_NUMBERS}|{_TURKIC_NUMBERS})(?!\w)",
    re.IGNORECASE,
)


def whole_words(alternatives: str) -> re.Pattern[str]:
    """One of `alternatives` (a regex of words) standing as whole words, in any case."""
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


# "How much does Aktau matter for Baku?", "Aktau Bakü için ne kadar önemli?" ask how far, not how many: a
# degree, which no number answers. Unless the question names what is counted ("How much does a ticket cost?").
DEGREE_QUESTION = re.compile(
    r"(?<!\w)(?:how\s+much\s+(?:of\s+a|does|do|did|will|would|can|could|should|has|have|had)|"
    r"how\s+much\s+(?:influence|trust|attention|importance|interest|impact|power|control|respect|sense|hope|risk)|"
    r"how\s+much\s+(?:[\w'-]+\s+){1,3}?(?:matters?|means?)|"
    r"ne\s+kadar\s+(?:önemli|güçlü|büyük|iyi|yakın|tehlikeli|riskli|gerekli|zor|kolay|etkili|değerli)\w*|"
    r"nə\s+qədər\s+(?:vacib|mühüm|əhəmiyyətli|güclü|böyük|yaxşı|yaxın|təhlükəli|riskli|zəruri|çətin|asan|"
    r"təsirli|dəyərli)\w*)(?!\w)",
    re.IGNORECASE,
)
COUNTED = re.compile(
    r"(?<!\w)(?:costs?|invest\w*|pay\w*|paid|spen[dt]\w*|weigh\w*|earn\w*|raise\w*|receiv\w*|gets?|got|"
    r"bring\w*|brought|charg\w*|sell\w*|sold|buy\w*|bought|import\w*|export\w*|produc\w*|owe\w*|lose|lost|"
    r"sav\w*|money|worth|dollars?|tons?|tonnes?|percent)(?!\w)",
    re.IGNORECASE,
)


# The same questions in Chinese, Japanese and Korean, written without spaces, so found anywhere: "日本投资了多少钱？",
# "フェリーは何両運べますか", "몇 명". Not "几" alone ("几乎": almost) nor "いつも" (always).
CJK_QUANTITY_QUESTION = re.compile(
    r"多少|多大|多长|多長|多远|多遠|多久|几[个個位名次年天岁歲吨噸公里]|幾[個位名次年天歲噸]|いくら|いくつ|"
    r"何(?:人|個|台|両|隻|本|回|倍|歳|トン|キロ|メートル|パーセント|ドル|円)|どのくらい|どれくらい|どれほど|얼마|몇"
)
CJK_DATE_QUESTION = re.compile(
    r"什么时候|什麼時候|何时|何時|哪一?年|哪天|几月|幾月|几号|幾號|いつ(?!も)|何年|何月|何日|언제"
)


def asks_quantity(question: str) -> bool:
    if CJK_QUANTITY_QUESTION.search(question) is not None:
        return True
    if QUANTITY_QUESTION.search(question) is None and QUANTITY_MEASURE.search(question) is None:
        words = question.split()
        return (len(words) <= MEASURE_NOUN_MAX_WORDS and MEASURE_NOUN.search(question) is not None
                and _QUESTION_WORD.search(question) is None)
    return DEGREE_QUESTION.search(question) is None or COUNTED.search(question) is not None


def states_quantity(text: str) -> bool:
    return QUANTITY.search(text) is not None


# "when" as a question, not as a conjunction: "What happens when cargo reaches Aktau?" asks no date, so
# when/когда/quand count only at the start of the question; the other words are interrogative anywhere.
DATE_QUESTION = re.compile(
    r"^\W*(?:(?:and|but|so|а|и|но|так|et|mais)\s+)?(?:since\s+|until\s+|с\s+|до\s+)?"
    r"(?:when|когда|коли|quand|cuando|quando|kiedy|wanneer)(?![\w-])|"
    r"(?<!\w)(?:what|which)\s+(?:date|year|day|month|century)|on\s+what\s+day|how\s+long\s+ago|"
    r"(?<!\w)(?:как(?:ого|ой|ом)\s+(?:числа|года|году|дня|месяца|день|месяце|веке|дату)|"
    r"в\s+как(?:ом|ой|ие)\s+(?:году|месяце|день|веке|числе|годы)|с\s+каких\s+пор|"
    r"wann|seit\s+wann|an\s+welchem\s+tag|in\s+welchem\s+jahr|welches\s+datum|"
    r"ne\s+zaman|hangi\s+(?:tarih|yıl|gün|ay)|nə\s+vaxt|hansı\s+(?:tarix|il|gün)|"
    r"қашан|қай\s+(?:жыл|күн|ай)|cu[aá]ndo|quelle\s+(?:date|année)|en\s+quelle\s+année|en\s+qu[eé]\s+año|"
    r"in\s+che\s+anno|em\s+que\s+ano|w\s+którym\s+roku|in\s+welk\s+jaar)(?!\w)",
    re.IGNORECASE,
)
_RU_TIME = (
    r"январ\w*|феврал\w*|март\w*|апрел\w*|ма[йяе]|июн\w*|июл\w*|август\w*|сентябр\w*|октябр\w*|"
    r"ноябр\w*|декабр\w*|понедельник\w*|вторник\w*|сред[уаые]|четверг\w*|пятниц\w*|суббот\w*|"
    r"воскресень\w*|год|года|году|годом|годы|годов|годам|лет|век\w*|столети\w*|десятилети\w*|"
    r"месяц\w*|недел\w*|сутк\w*|сегодня|сегодняшн\w*|вчера|вчерашн\w*|завтра|завтрашн\w*|недавн\w*|"
    r"ранее|скоро|вскоре|весн\w*|лет[оа]м?|осен\w*|"
    r"зим\w*|утр\w*|вечер\w*|ноч\w*|рассвет\w*|закат\w*|полдень|полдня|полночь|выходн\w*"
)
_EN_TIME = (
    r"january|february|march|april|may\s+\d|\d+\s+may|june|july|august|september|october|november|december|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|years?|decades?|century|centuries|"
    r"months?|weeks?|days?|today|tonight|yesterday|tomorrow|recently|soon|ago|"
    r"spring|summer|autumn|fall|winter|morning|afternoon|evening|night|sunrise|sunset|dawn|dusk|noon|midnight|"
    r"weekends?"
)
# months, days and the commonest time words of German, French, Spanish and Turkish articles
_OTHER_TIME = (
    r"januar|februar|märz|mai|juni|juli|oktober|dezember|montag|dienstag|mittwoch|donnerstag|freitag|samstag|"
    r"sonntag|jahr\w*|monat\w*|woche\w*|heute|gestern|morgen|frühling|sommer|herbst|"
    r"janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|lundi|mardi|mercredi|"
    r"jeudi|vendredi|samedi|dimanche|ans|années?|mois|semaines?|hier|aujourd'hui|demain|printemps|été|automne|"
    r"hiver|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|lunes|"
    r"martes|miércoles|jueves|viernes|sábado|domingo|años?|mes(?:es)?|semanas?|hoy|ayer|mañana|primavera|"
    r"verano|otoño|invierno|ocak|şubat|mart|nisan|mayıs|haziran|temmuz|ağustos|eylül|ekim|kasım|aralık|"
    r"pazartesi|salı|çarşamba|perşembe|cuma|cumartesi|yıl\w*|bugün|dün|yarın|hafta\w*"
)
# a year (1500-2099), a numeric date (30.11.2026, 11/30/26), a decade ("90-х", "1990s"), or a time word;
# a bare number ("3,7 миллиарда") says how much, not when
_DATE_DIGITS = r"(?:1[5-9]|20)\d\d(?!\d)|\d{1,2}[./]\d{1,2}[./]\d{2,4}(?!\d)|\d0-?(?:х|е|s)(?!\w)"
TIME = re.compile(rf"(?<![^\W_])(?:{_DATE_DIGITS})|(?<!\w)(?:{_RU_TIME}|{_EN_TIME}|{_OTHER_TIME})(?!\w)", re.IGNORECASE)


# "When Tokayev called Japan a distant neighbour, what did he mean?": a "when" clause, then the question.
# Not "When was the port modernised, what changed?" (an auxiliary: a question) nor "Когда открылся порт, и что
# изменилось?" ("и": two questions).
CONDITIONAL_WHEN = re.compile(
    r"^\W*(?:when|когда|quand|cuando)(?!\w)"
    r"(?!\s+(?:was|were|is|are|did|does|do|will|would|has|have|had|can|could|should)(?!\w))[^?]*?,\s*"
    r"(?:(?:then|то|тогда)\s+)?"
    r"(?=(?:what|where|why|how|who|which|что|чем|куда|где|почему|зачем|как|кто|какой|какая|какое|какие)(?!\w))",
    re.IGNORECASE,
)


def asks_date(question: str) -> bool:
    if (condition := CONDITIONAL_WHEN.match(question)) is not None:
        question = question[condition.end():]
    return DATE_QUESTION.search(question) is not None or CJK_DATE_QUESTION.search(question) is not None


def states_time(text: str) -> bool:
    return TIME.search(text) is not None


# What a how-much question measures, when it says so: the answer's number then comes with a unit of that kind
# ("Сколько стоит билет?" wants a price: "сорок вагонов" is a number but no answer). A question in none of
# these (how many agreements, how much investment) takes any number.

_INHABITANTS = (r"человек|жител\w*|люд(?:ей|и)|населени\w*|people|inhabitants|residents|einwohner\w*|menschen|kişi|"
                r"nüfus\w*|адам|тұрғын\w*|nəfər|əhali\w*|habitants")
# "при 23 тысячах зрителей", "300 volunteers", "12.000 Fahrgäste"
_PEOPLE_COUNTED = (
    r"зрител\w*|болельщик\w*|пассажир\w*|посетител\w*|участник\w*|сотрудник\w*|работник\w*|студент\w*|"
    r"турист\w*|волонт[её]р\w*|граждан\w*|погибш\w*|пострадавш\w*|spectators?|fans|visitors?|passengers?|"
    r"participants?|employees?|workers?|students?|tourists?|volunteers?|citizens?|victims?|zuschauer\w*|"
    r"besucher\w*|fahrgäst\w*|passagier\w*|mitarbeiter\w*|teilnehmer\w*|seyirci\w*|taraftar\w*|yolcu\w*|"
    r"ziyaretçi\w*|tamaşaçı\w*|sərnişin\w*|көрермен\w*|жолаушы\w*"
)

_AREA_UNITS = (r"км²|km²|км2|km2|кв\.?\s*(?:км|м|километр\w*|метр\w*)|квадратн\w*\s+(?:километр|метр|мил)\w*|"
               r"square\s+(?:kilomet|met|mile)\w*|sq\.?\s*(?:km|mi|m)|гектар\w*|hectares?|acres?|"
               r"quadratkilometer\w*|hektar\w*|km\s*²")

_MEASURES: dict[str, tuple[str, str]] = {
    "price": (  # question words, then the units a passage must name
        r"сколько\s+стои\w*|стоимост\w*|цен[аеуы]|сколько\s+денег|how\s+much\s+(?:money|does|do|is\s+a)|"
        r"\bcosts?\b|price|fare|kostet|kosten|preis\w*|fiyat\w*|maliyet\w*|ne\s+kadar\s+tutar|qiymət\w*|"
        r"бағас\w*|combien\s+co[uû]te|prix|cu[aá]nto\s+cuesta|precio|quanto\s+(?:custa|costa|custou|costò)|"
        r"pre[çz]z?o|ile\s+kosztuj\w*|hoeveel\s+kost\w*|wat\s+kost\w*|prijs|quanto\s+dinheiro|quanti\s+soldi|"
        r"ile\s+pieni[eę]dzy|hoeveel\s+geld|cu[aá]nto\s+dinero",
        r"доллар\w*|евро|тенге|рубл\w*|манат\w*|иен\w*|юан\w*|dollars?|euros?|tenge|roubles?|rubles?|"
        r"manats?|yen|yuan|pounds?|usd|eur|kzt|azn|rub|jpy|dollar|lira|лир\w*|франк\w*|francs?",
    ),
    "age or duration": (
        r"how\s+old|age|возраст\w*|alter|сколько\s+(?:лет|времени|часов|дней|недель|месяцев|минут)|как\s+долго|"
        r"неше\s+жас\w*|жасы|"
        r"kaç\s+(?:yaş\w*|saat|gün|yıl)|neçə\s+(?:yaş\w*|saat|gün|il)|wie\s+(?:alt|lange)|quel\s+âge|"
        r"combien\s+de\s+temps|cu[aá]ntos\s+años|cu[aá]nto\s+tiempo|how\s+long\s+(?:does|did|do|will|would)",
        r"лет|год\w*|месяц\w*|недел\w*|дн(?:я|ей|и|ям)|день|час\w*|минут\w*|сут(?:ки|ок)|years?|months?|"
        r"weeks?|days?|hours?|minutes?|jahre?n?|monate?n?|wochen?|tage?n?|stunden?|yaş\w*|yıl\w*|saat\w*|"
        r"gün\w*|жас\w*|жыл\w*|сағат\w*|ans|heures?|jours?|años|horas?|días",
    ),
    "distance": (
        r"how\s+far|distance|расстояни\w*|длин[аеуы]|протяжённост\w*|протяженност\w*|сколько\s+километр\w*|"
        r"kaç\s+kilomet\w*|uzunluğu|mesafe\w*|neçə\s+kilomet\w*|wie\s+weit|entfernung|länge",
        r"км|километр\w*|метр\w*|мил[ьи]|km|kilomet\w*|metres?|meters?|miles?|meilen",
    ),
    "population": (
        r"population|население|населения|численност\w*\s+населени\w*|сколько\s+жител\w*|"
        r"how\s+many\s+(?:inhabitants|residents)|einwohner\w*|nüfus\w*|əhali\w*|халқ\w*|"
        r"тұрғын\w*|habitants",
        _INHABITANTS,
    ),
    # "How many people watched the match?": the people a story counts, not only a place's inhabitants
    "people": (
        r"сколько\s+(?:человек|людей)|how\s+many\s+(?:people|persons)|wie\s+viele\s+(?:menschen|leute|personen)|"
        r"kaç\s+kişi|neçə\s+nəfər|қанша\s+адам|combien\s+de\s+personnes",
        _INHABITANTS + "|" + _PEOPLE_COUNTED,
    ),
    # A country's GDP is stated as one: "ВВП Казахстана вырос до 260 миллиардов долларов". "Quel est le PIB du
    # Kazakhstan ?" was answered with the 3.7 billion dollars Japan invests, a number but not the GDP.
    "gdp": (
        rf"gdp|gross\s+domestic\s+product|{_GDP}|валов\w*\s+внутренн\w*\s+продукт\w*|bruttoinlandsprodukt\w*|"
        r"produit\s+int[ée]rieur\s+brut|producto\s+interno\s+bruto|gayri\s*safi\s+yurt\s*i[çc]i\s+has[ıi]la\w*",
        rf"gdp|gross\s+domestic\s+product|{_GDP}|валов\w*\s+внутренн\w*\s+продукт\w*|bruttoinlandsprodukt\w*|"
        r"produit\s+int[ée]rieur\s+brut|producto\s+interno\s+bruto|gayri\s*safi\s+yurt\s*i[çc]i\s+has[ıi]la\w*|"
        r"economy\s+(?:grew|shrank)|экономик\w*\s+(?:вырос\w*|сократил\w*)",
    ),
    # "How big is Kazakhstan?", "Wie groß ist Aktau?", "Какова площадь Японии?": a place's size is its area or its
    # people. Only a name closing the question ("How big was the investment Tokayev secured?" asks for money)
    "size": (
        r"площад\w*|surface\s+area|land\s+area|total\s+area|fläche|yüzölçüm\w*|аумағ\w*|superficie|"
        r"(?:how\s+(?:big|large)\s+(?:is|was)|wie\s+groß\s+(?:ist|war))"
        r"(?-i:\s+[A-ZА-ЯЁ][\w'’-]*(?:\s+[A-ZА-ЯЁ][\w'’-]*)?)\s*\?*\s*$",
        _AREA_UNITS + "|" + _INHABITANTS,
    ),
}
_MEASURE_QUESTIONS = {name: whole_words(question) for name, (question, _units) in _MEASURES.items()}
CURRENCY_SIGNS = "[$€£₸₽¥]"  # "US$20", "₸500": signs stick to letters and digits, so outside the word bounds
_MEASURE_UNITS = {name: re.compile(rf"(?<!\w)(?:{units})(?!\w)" + (f"|{CURRENCY_SIGNS}" if name == "price" else ""),
                                   re.IGNORECASE)
                  for name, (_question, units) in _MEASURES.items()}


# The words these checks know are written in Latin or Cyrillic letters. A passage in another script may state a date,
# a figure or a post in words they cannot read ("计划于2027年底前完成", "片道の所要時間は約十八時間"): it is never
# refused on them. Before, "When will the Aktau port expansion be finished?" found the Chinese report's passage
# that says so and was refused as saying no time.
_LATIN_OR_CYRILLIC = re.compile(r"[A-Za-z\u00c0-\u02af\u1e00-\u1eff\u0400-\u052f]")


SCRIPT_SAMPLE_CHARS = 2000  # the script of a text shows in its first lines; a whole article is read per question


def read_by_checks(text: str) -> bool:
    """Whether most letters of `text` are Latin or Cyrillic, the scripts whose words the checks know."""
    text = text[:SCRIPT_SAMPLE_CHARS]
    letters = sum(ch.isalpha() for ch in text)
    return 2 * len(_LATIN_OR_CYRILLIC.findall(text)) >= letters


@dataclass(frozen=True)
class AnswerType:
    """What an answer must state ("number", "time") and how to tell that a passage states it."""

    name: str  # what a refusal says is missing: "number", "time", "post", "organisation" or "biography"
    stated_in: Callable[[str], bool]
    measure: str = ""  # the kind of unit a number must come with ("price", "distance", …), or which post

    def found_in(self, text: str) -> bool:
        """Whether `text` states it, or may: it is written in a script the checks cannot read."""
        return not read_by_checks(text) or self.stated_in(text)


NUMBER = AnswerType("number", states_quantity)
TIME_OF_EVENT = AnswerType("time", states_time)


def _measured_in(units: re.Pattern[str]) -> Callable[[str], bool]:
    return lambda text: states_quantity(text) and units.search(text) is not None


MEASURES = {name: AnswerType("number", _measured_in(units), name) for name, units in _MEASURE_UNITS.items()}


# Posts a who-question may ask the holder of ("Who is Japan's prime minister?", "Кто мэр Актау?"). A passage
# that names the holder names the post too ("премьер-министр Японии Фумио Кисида"); if none of the passages
# found mentions the post in any language, none says who holds it. Longer posts first: "prime minister"
# before "minister".
_POSTS: dict[str, str] = {
    "prime minister": r"prime\s+minister\w*|pm|премьер\w*|прем.єр\w*|başbakan\w*|baş\s+nazir\w*|"
                      r"ministerpräsident\w*|premierminister\w*|regierungschef\w*|kanzler\w*|канцлер\w*|"
                      r"premier\s+ministre|primer\s+ministro|primeiro[\s-]ministro|primo\s+ministro|"
                      r"premier(?:em|a|owi)|minister[\s-]president|"
                      # bare "premier" (Dutch, English) only as a post: "de premier van Japan", "Who is the premier?";
                      # not French "le premier port", "le premier à …" (the first)
                      r"premiers?(?=\s+(?:van|of)(?!\w)|\W*$)",
    "president": r"presidents?|президент\w*|prezident\w*|cumhurbaşkan\w*|präsident\w*|présidente?s?|presidente|"
                 r"prezydent\w*",
    "minister": r"ministers?|министр\w*|міністр\w*|nazir\w*|bakan\w*|ministre|ministro",
    "mayor": r"mayors?|мэр\w*|аким\w*|әкім\w*|bələdiyyə\s+başçı\w*|belediye\s+başkan\w*|"
             r"bürgermeister\w*|maire|alcalde\w*|sindaco|prefeito|burmistrz\w*|burgemeester",
    "ambassador": r"ambassadors?|посол|посл(?:а|у|ом|ы|ов|ам|ами|ах)|елші\w*|səfir\w*|büyükelçi\w*|botschafter\w*|"
                  r"ambassadeur\w*|embajador\w*",
    "governor": r"governors?|губернатор\w*|vali(?:si|yi|ye|den)?|gouverneur\w*|gobernador\w*",
    "monarch": r"emperors?|kings?|queens?|император\w*|корол\w*|imparator\w*|kaiser\w*|könig\w*|"
               r"empereur|emperador|monarch\w*|монарх\w*",
    "chief executive": r"ceos?|chief\s+executive|managing\s+director|директор\w*|гендиректор\w*|"
                       r"genel\s+müdür\w*|geschäftsführer\w*|vorstandschef\w*|pdg|directeur|director\w*",
    "chair": r"chair(?:s|man|woman|person)?|председател\w*|спикер\w*|sədr\w*|vorsitzend\w*|"
             r"төраға\w*",
    "member of parliament": r"mps?|deput(?:y|ies)|депутат\w*|milletvekil\w*|deputat\w*|abgeordnet\w*|"
                            r"député\w*|diputad[oa]s?",
    "captain": r"captains?|капитан\w*|kaptan\w*|kapitän\w*|capitaine|capit[aá]n",
    "coach": r"coach\w*|тренер\w*|antrenör\w*|trainer\w*|entraîneur|entrenador\w*",
}
_POST_WORDS = {name: whole_words(forms) for name, forms in _POSTS.items()}
_ANY_POST = "|".join(f"(?:{forms})" for forms in _POSTS.values())
# The same posts in Chinese, Japanese and Korean, written without spaces, so found anywhere ("日本首相是谁？" was
# answered with a passage about Tokayev, which no Latin or Cyrillic form of the post matched).
_CJK_POSTS: dict[str, str] = {
    "prime minister": r"首相|总理|總理|총리",
    "president": r"总统|總統|大統領|대통령",
    "minister": r"部长|部長|大臣|장관",
    "mayor": r"市长|市長",
    "ambassador": r"大使|대사",
    "governor": r"州长|州長|省长|省長|知事|주지사",
    "monarch": r"天皇|皇帝|国王|國王|女王|황제|국왕",
    "chief executive": r"首席执行官|首席執行官|总裁|總裁|社長",
    "chair": r"主席|议长|議長|委员长|委員長|의장",
    "member of parliament": r"议员|議員|의원",
    "captain": r"队长|隊長|船长|船長|キャプテン",
    "coach": r"教练|教練|コーチ|감독",
}
_CJK_POST_WORDS = {name: re.compile(forms) for name, forms in _CJK_POSTS.items()}
_ANY_CJK_POST = "|".join(f"(?:{forms})" for forms in _CJK_POSTS.values())
# "日本首相是谁", "谁是日本首相", "日本の首相は誰ですか", "일본 총리는 누구입니까?";
# not "首相说了什么" (what the post said)
CJK_POST_QUESTION = re.compile(
    rf"(?:{_ANY_CJK_POST})(?:现在|現在|目前)?(?:是谁|是誰|是哪位|是哪一位|叫什么|叫什麼|的名字|"
    rf"(?:は|って)(?:誰|だれ|どなた)|の名前|(?:은|는|이|가)?\s*누구|의\s*이름)|"
    rf"(?:谁|誰)是[^？?。，,]{{0,8}}?(?:{_ANY_CJK_POST})"
)
# The post is what is asked for: "who is/was [the] [Japan's] prime minister", "кто [сейчас] премьер-министр",
# "which (Japanese) prime minister", "какой депутат", "как зовут посла", "… baş naziri kimdir?". Not "Who did
# the president meet?", "What made the president change course?", "Кто встретил президента?", "Какую роль
# играет президент?" or "Who is the president's adviser?", where the post is not what is asked for.
_NOT_AUX = r"(?!(?:did|does|do|is|are|was|were|has|have|had|will|would|can|could|should|ist|war|a|est)\b)"
_ARTICLES = r"(?:\s+(?:the|a|an|der|die|das|le|la|l'|el|il|lo|o|de|het|current|new))*"
_RU_ADJECTIVES = (r"(?:\s+(?:сейчас|теперь|же|был|была|будет|является|являлся|являлась|стал|станет|"
                  r"[\w-]*(?:ий|ый|ой|ая|яя|ое|ее|ые|ие|ого|его|ую|юю|ым|им)))*")
_POST = rf"\s+(?:{_ANY_POST})(?!\w)(?!['’]s\b)"
POST_QUESTION = re.compile(
    rf"(?<!\w)(?:whos|who(?:'s|\s+is|\s+was|\s+will\s+be|\s+are|\s+were|\s+became|\s+becomes)|wer\s+(?:ist|war|wird)|"
    rf"qui\s+(?:est|était|sera)|qui[eé]n\s+(?:es|era|será)|quem\s+é|chi\s+(?:è|e|era)|kto\s+(?:jest|był)|"
    rf"wie\s+(?:is|was)|name\s+of)"
    rf"{_ARTICLES}(?:\s+{_NOT_AUX}[\w'’-]+){{0,2}}?{_POST}|"  # "Who is Kazakhstan's new prime minister?"
    rf"(?<!\w)(?:which|what|welche[rnms]?|hangi|hansı|quel(?:le)?s?|cu[aá]l|qu[eé])"
    rf"{_ARTICLES}(?:\s+{_NOT_AUX}[\w'’-]+)?{_POST}|"  # one word between: "which Japanese prime minister"
    rf"(?<!\w)(?:кто|хто|как\s+зовут|как\s+звали|как(?:ой|ого|ая|ую|им|ому|ие|их)|котор(?:ый|ого|ая|ую)|қай)"
    rf"{_RU_ADJECTIVES}{_POST}|"
    rf"(?<!\w)who\s+(?:chairs|chaired)(?!\w)|"
    rf"(?<!\w)(?:{_ANY_POST})(?:\s+[\w'’-]+){{0,2}}\s+(?:kim|kimdir|kimdi|kimdur|кім|kimin)\W*$",
    re.IGNORECASE,
)


def asked_post(question: str) -> str | None:
    """The post whose holder `question` asks for ("prime minister"), or None."""
    if (asked := POST_QUESTION.search(question)) is not None:
        return next((name for name, words in _POST_WORDS.items() if words.search(asked.group(0))), None)
    if (asked := CJK_POST_QUESTION.search(question)) is not None:
        return next((name for name, words in _CJK_POST_WORDS.items() if words.search(asked.group(0))), None)
    return None


def post_named(text: str) -> str | None:
    """The first post `text` names ("the Japanese prime minister": "prime minister"), or None."""
    return next((name for name, words in _POST_WORDS.items() if words.search(text)), None)


def _searched_by(words: re.Pattern[str]) -> Callable[[str], bool]:
    return lambda text: words.search(text) is not None


# A deputy does not hold the post: "the deputy mayor said", "заместитель акима", "вице-президент", "belediye
# başkan yardımcısı", "әкімнің орынбасары" name someone else.
_DEPUTY_BEFORE = re.compile(r"(?:deputy|vice|acting\s+deputy|заместител\w*|зам\.?|вице|заступник\w*|віце|"
                            r"stellvertretend\w*|vize|müavin\w*)(?:[\s-]+\w+)?[\s-]*$", re.IGNORECASE)
_DEPUTY_AFTER = re.compile(r"^\w*\s+(?:yardımcı\w*|орынбасар\w*|müavin\w*)", re.IGNORECASE)


def _holder_named(words: re.Pattern[str], cjk_words: re.Pattern[str]) -> Callable[[str], bool]:
    """Whether `text` names the post itself, not only its deputy (副部长, 부총리: the deputy's prefix)."""
    def named(text: str) -> bool:
        return (any(not _DEPUTY_BEFORE.search(text[max(0, m.start() - 40) : m.start()])
                    and not _DEPUTY_AFTER.match(text[m.end() : m.end() + 40])
                    for m in words.finditer(text))
                or any(text[m.start() - 1 : m.start()] not in ("副", "부") for m in cjk_words.finditer(text)))
    return named


POSTS = {name: AnswerType("post", _holder_named(words, _CJK_POST_WORDS[name]), name)
         for name, words in _POST_WORDS.items()}


# "Which Japanese companies signed contracts?", "Какие банки финансируют проект?": the answer names a company,
# a bank, a firm. A passage that names one says what it is ("компания Marubeni", "the bank JBIC", "Toyota
# Tsusho Corporation", "ТОО …"); if none of the passages found has a company word or a legal form, none says
# which. The organisation must be what is asked for: "which/какие/welche/hangi/hansı [one or two words]
# companies", not "What do the companies want?".
_ORGANISATIONS = (r"compan(?:y|ies)|firms?|corporations?|banks?|компани\w*|фирм\w*|корпораци\w*|"
                  r"банк(?:а|у|ом|е|и|ов|ам|ами|ах)?|концерн\w*|холдинг\w*|firmen|firma|unternehmen|konzern\w*|"
                  r"banken|şirket\w*|banka\w*|şirkət\w*|firmalar\w*|bankları?|компаниялар\w*|банктер\w*|"
                  r"brands?|марк(?:и|ок|а)|marken|marka(?:lar\w*|sı)?|brendl\w*")
ORGANISATION_QUESTION = re.compile(
    rf"(?<!\w)(?:which|what|welche[rnms]?|hangi|hansı)(?:\s+{_NOT_AUX}[\w'’-]+){{0,2}}?\s+(?:{_ORGANISATIONS})(?!\w)|"
    rf"(?<!\w)(?:как(?:ие|ая|ой|ую|их|ими)|котор(?:ые|ая|ый)|қандай|қай){_RU_ADJECTIVES}\s+(?:{_ORGANISATIONS})(?!\w)",
    re.IGNORECASE,
)
ORGANISATION = re.compile(
    rf"(?<!\w)(?:{_ORGANISATIONS}|group|holdings?|inc|ltd|llc|plc|corp|jsc|gmbh|ооо|оао|ао|пао|тоо|ақ|жшс)"
    r"(?!\w)",
    re.IGNORECASE,
)
# A person's biography: where they studied, where they were born, which party they belong to. A passage that
# answers says so in words of that kind ("окончил МГИМО", "born in Baku", "член партии …"); an interview's
# lead that names an MP and his committee says none of it.
_BIOGRAPHY: dict[str, tuple[str, str]] = {
    "education": (
        r"where\s+did\s+[\w\s'’-]{1,40}?\s+(?:study|graduate|go\s+to\s+(?:school|university|college))|"
        r"educational\s+background|(?:his|her|[\w'’-]+['’]s)\s+education|where\s+(?:was|is)\s+[\w\s'’-]{1,40}?\s+educated|"
        r"где\s+(?:учился|училась|учились|учится|получил\w*\s+образование)|как\w*\s+образование|"
        r"что\s+(?:окончил|закончил)\w*|какой\s+(?:вуз|университет)|wo\s+hat\s+[\w\s-]{1,40}?\s+studiert|"
        r"nerede\s+(?:okudu|okumuş|eğitim\s+al\w*)|harada\s+(?:oxuyub|təhsil\s+al\w*)|"
        r"қайда\s+(?:оқыды|оқыған|білім\s+алды?\w*)",
        r"университет\w*|институт\w*|академи\w*|вуз\w*|окончил\w*|закончил\w*|выпускни\w*|школ\w*|образовани\w*|"
        r"учил(?:ся|ась|ись)|university|universities|institute|college|academy|graduat\w*|studied|degree|school|"
        r"universität|hochschule|studiert\w*|üniversite\w*|universitet\w*|təhsil\w*|мектеп\w*|оқыды|оқыған",
    ),
    "birthplace": (
        r"where\s+(?:was|is)\s+[\w\s'’-]{1,40}?\s+born|где\s+(?:родился|родилась|родились)|место\s+рождения|"
        r"wo\s+(?:wurde|ist)\s+[\w\s-]{1,40}?\s+geboren|nerede\s+doğ\w*|harada\s+(?:anadan\s+olub|doğulub)|"
        r"қайда\s+туған",
        r"родил(?:ся|ась|ись)|рождени\w*|урожен\w*|родом|born|birthplace|native\s+of|geboren|doğ(?:du|muş|um)\w*|"
        r"anadan|doğul\w*|туған",
    ),
    "party": (
        r"(?:which|what)\s+(?:political\s+)?party|(?:в\s+)?какой\s+партии|член\w*\s+какой\s+партии|"
        r"welche[rn]?\s+partei|hangi\s+parti\w*|hansı\s+partiya\w*|қай\s+партия\w*",
        r"парти(?:я|и|ю|ей|й|ям|ях|ями)|party|parties|partei\w*|parti(?:si|sinin|sine|sinden)?|partiya\w*|"
        r"партиясы\w*",
    ),
}
_BIOGRAPHY_QUESTIONS = {name: whole_words(question) for name, (question, _words) in _BIOGRAPHY.items()}
BIOGRAPHY = {name: AnswerType("biography", _searched_by(whole_words(words)), name)
             for name, (_question, words) in _BIOGRAPHY.items()}
ORGANISATIONS = AnswerType("organisation", _searched_by(ORGANISATION))


def asked_biography(question: str) -> str | None:
    """The biographical fact `question` asks for ("education", "birthplace", "party"), or None."""
    return next((name for name, asks in _BIOGRAPHY_QUESTIONS.items() if asks.search(question)), None)


def asks_organisation(question: str) -> bool:
    return ORGANISATION_QUESTION.search(question) is not None


# Everyday questions that name a place or a person of an article ("What's the weather in Aktau?", "Какой сейчас
# курс тенге к иене?") land on its passages, above the everyday texts that would refuse them (askbot.background).
# A passage that answers one speaks of the weather, or of a currency's rate, in words of that kind.
_SUBJECTS: dict[str, tuple[str, str]] = {
    "weather": (
        r"weather|погод\w*|wetter|wettervorhersage|hava\s+durumu\w*|"
        r"hava\s+(?:nasıl|necədir|necə)|ауа\s+райы\w*|météo|el\s+tiempo|pogoda|che\s+tempo|il\s+tempo|"
        r"o\s+tempo|previs(?:ioni|ão)\s+del?o?\s+tempo|het\s+weer|weerbericht|"
        r"^\W*(?:is|will)\s+it\s+(?:be\s+)?(?:rain|snow)\w*|^\W*ид[её]т\s+ли\s+(?:дождь|снег)|regnet\s+es|schneit\s+es|"
        # the temperature of a place, not of relations ("температура в отношениях")
        r"temperatures?\s+(?:in|at|today|tomorrow|now)|how\s+(?:hot|cold|warm)\s+(?:is\s+it|will\s+it\s+be)|"
        r"температур\w*\s+(?:в|во|сейчас|сегодня|завтра)(?!\s+отношени)|сколько\s+(?:сейчас\s+)?градусов|"
        r"wie\s+(?:warm|kalt|heiß)\s+(?:ist|wird)\s+es|temperatur\s+in|température\s+(?:à|a|en)|"
        r"temperatura\s+(?:en|em|a|in|w)|hava\s+kaç\s+derece|sıcaklık|температурасы|temperaturu",
        r"weather|forecast|temperatures?|degrees|rain\w*|snow\w*|wind\w*|sunny|storms?|погод\w*|температур\w*|"
        r"градус\w*|дожд\w*|снег\w*|снеж\w*|ветер|ветр\w*|осадк\w*|жар[аы]|мороз\w*|wetter|temperatur\w*|"
        r"regen\w*|schnee\w*|hava|sıcaklı\w*|yağmur\w*|yağış\w*|temperatur|ауа\s+райы\w*|температура\w*|"
        r"жаңбыр\w*|météo|pluie|lluvia|pioggia|chuva|deszcz\w*|tempo|°",
    ),
    "exchange rate": (
        r"exchange\s+rates?|(?:dollar|euro|tenge|yen|rouble|ruble|manat|yuan|currency)\s+rates?|"
        r"курс\w*\s+(?:валют\w*|доллар\w*|евро|тенге|рубл\w*|манат\w*|иен\w*|юан\w*)|"
        r"обменн\w*\s+курс\w*|wechselkurs\w*|(?:döviz|dol+ar|euro|avro)\s+kur(?:u|unu|ları)?|məzənnə\w*|бағам\w*|"
        r"taux\s+de\s+change|tipo\s+de\s+cambio",
        r"exchange\s+rates?|(?:dollar|euro|tenge|yen|rouble|ruble|manat|yuan|currency)\s+rates?|"
        r"курс\w*\s+(?:валют\w*|доллар\w*|евро|тенге|рубл\w*|манат\w*|иен\w*|юан\w*|национальн\w*\s+валют\w*)|"
        r"обменн\w*\s+курс\w*|девальвац\w*|wechselkurs\w*|kur(?:u|unu|ları)?|məzənnə\w*|бағам\w*|taux\s+de\s+change|"
        r"tipo\s+de\s+cambio",
    ),
    # A country's general facts: "What is the capital of Japan?" found "Японский капитал" (investment capital)
    "capital city": (
        r"(?:what|which)(?:'s|\s+is|\s+was)\s+the\s+capital|capital\s+city|"
        r"what(?:'s|\s+is)\s+[\w-]+(?:'s|’s)\s+capital|как(?:ая|ой)\s+(?:город\s+)?(?:[-—–]\s*)?столиц\w*|"
        r"что\s+является\s+столиц\w*|^\W*столица\s+\w+\W*$|başkent\w*\s+(?:ne|neresi|nedir|hangi)|"
        r"paytaxt\w*\s+(?:nədir|haradır|hansı)|hauptstadt|астанасы\s+(?:қай|қандай)|елорда\w*|"
        r"quelle\s+est\s+la\s+capitale|cu[aá]l\s+es\s+la\s+capital|qual\s+(?:é|è)\s+(?:a|la)\s+capitale?|"
        r"stolic[aąy]|hoofdstad",
        r"capital\s+city|capitals?\s+of|столиц\w*|столичн\w*|başkent\w*|paytaxt\w*|hauptstadt\w*|елорда\w*|"
        r"capitale|capital\s+de|stolic\w*|hoofdstad\w*",
    ),
    "currency": (
        r"(?:what|which)\s+(?:is\s+the\s+)?currency|national\s+currency|как(?:ая|ой)\s+(?:там\s+)?валют\w*|"
        r"национальн\w*\s+валют\w*|para\s+birimi|pul\s+vahidi|welche\s+währung|валютасы|quelle\s+monnaie",
        r"currenc\w*|валют\w*|тенге|иен[аыуе]?|манат\w*|доллар\w*|евро|рубл\w*|юан\w*|tenge|yen|manat|"
        r"dollars?|euros?|roubles?|rubles?|yuan|währung|para\s+birimi|pul\s+vahidi|monnaie|[$€£₸₽¥]",
    ),
    "language": (
        r"(?:what|which)\s+languages?|на\s+каком\s+языке|как(?:ой|ие)\s+язык\w*|hangi\s+dil\w*|"
        r"hansı\s+dil\w*|welche\s+sprache\w*|қай\s+тіл\w*|quelle\s+langue",
        r"languages?|язык\w*|sprache\w*|dil(?:i|ini|ində|leri)?|тіл\w*|langues?|english|russian|japanese|"
        r"английск\w*|русск\w*|японск\w*\s+язык\w*|казахск\w*\s+язык\w*",
    ),
}
_SUBJECT_QUESTIONS = {name: whole_words(question) for name, (question, _words) in _SUBJECTS.items()}
SUBJECTS = {name: AnswerType("subject", _searched_by(whole_words(words)), name)
            for name, (_question, words) in _SUBJECTS.items()}


def _speaks_of_weather(words: re.Pattern[str]) -> Callable[[str], bool]:
    """Two weather words, as any forecast has ("snow… temperatures", "дождь, +5 градусов"): one alone is as often a
    figure of speech ("проходит «между струйками дождя»", steering between the raindrops, answered "What is the
    weather in Aktau?")."""
    return lambda text: len(words.findall(text, 0)) >= 2


SUBJECTS["weather"] = AnswerType("subject", _speaks_of_weather(whole_words(_SUBJECTS["weather"][1])), "weather")
# The same subjects asked in Chinese, Japanese and Korean, written without spaces, so found anywhere:
# "阿克套天气怎么样？" (what's the weather in Aktau?) was taken for small talk. A passage in those scripts is
# never refused on them (`AnswerType.found_in`), so only the question's words are needed.
_CJK_SUBJECT_QUESTIONS = {
    "weather": re.compile(r"天气|天氣|天気|気温|气温|氣溫|날씨|기온"),
    "exchange rate": re.compile(r"汇率|匯率|為替|환율"),
    "capital city": re.compile(r"首都"),
    "currency": re.compile(r"什么货币|什麼貨幣|哪种货币|通貨は|통화는"),
    "language": re.compile(r"什么语言|什麼語言|哪种语言|何語|언어는"),
}


# "whats the capital of japan", "what's the currency": a chat contracts "what is" and drops the apostrophe, where
# the checks read "what is"
_CONTRACTED_IS = re.compile(r"(?<!\w)(what|who|where|how|when|which)'?s(?!\w)", re.IGNORECASE)


def spelled_out(question: str) -> str:
    """`question` with "whats", "what's", "whos", "where's" written "what is", "who is", "where is"."""
    return _CONTRACTED_IS.sub(r"\1 is", question)


def required_subject(question: str) -> AnswerType | None:
    """The everyday subject (weather, an exchange rate) `question` asks about, which its answer must speak of."""
    question = spelled_out(question)
    return next((SUBJECTS[name] for name, asks in _SUBJECT_QUESTIONS.items() if asks.search(question)),
                next((SUBJECTS[name] for name, asks in _CJK_SUBJECT_QUESTIONS.items() if asks.search(question)),
                     None))


MIN_QUESTION_WORDS = 3  # a shorter piece ("When", "and when?") belongs to the question next to it
# Where one question ends and another begins: "Why does Aktau matter for Baku and how much did Japan invest?"
QUESTION_BREAK = re.compile(
    rf"\?+\s*|[,;]?\s+(?:and|but|also|а|и|но|также|und|ve|və|және)\s+(?=(?:{ASKING_WORDS})(?!\w))", re.IGNORECASE
)


def required_statement(question: str) -> AnswerType | None:
    """What a passage must state to answer `question` (a number, a number with a unit, a time, the post whose
    holder is asked for), or None when any passage may. A message of several questions requires it only when
    each of them does: the passage that answers the other one need state no number."""
    question = spelled_out(question)
    parts = [part for part in QUESTION_BREAK.split(question) if len(part.split()) >= MIN_QUESTION_WORDS]
    if len(parts) < 2:  # one question ("When and how did Japan invest?", "How much did Japan invest and when?")
        return _required_by(question)
    wanted = [_required_by(part) for part in parts]
    if None in wanted:  # an open question besides: its passage need state nothing
        return None
    if len(set(wanted)) == 1:
        return wanted[0]
    # "Who is the mayor of Aktau and how old is he?": a passage must state one of the things asked for
    return AnswerType(wanted[0].name, lambda text: any(w.stated_in(text) for w in wanted))


def _required_by(question: str) -> AnswerType | None:
    if asks_quantity(question):  # "Why does the price matter?" names a measure but asks for none
        for name, asks in _MEASURE_QUESTIONS.items():
            if asks.search(question):
                return MEASURES[name]
        return NUMBER
    if asks_date(question):
        return TIME_OF_EVENT
    if (post := asked_post(question)) is not None:
        return POSTS[post]
    if (fact := asked_biography(question)) is not None:
        return BIOGRAPHY[fact]
    if asks_organisation(question):
        return ORGANISATIONS
    return None
