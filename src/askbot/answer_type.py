"""How-much questions need a number: a classic answer-type check, used only to refuse.

"Сколько стоит билет на паром из Актау?" lands near any passage about Aktau at a cosine no threshold can
tell from a real answer; but if none of the passages found holds a number at all, none of them says how
much. Only quantity words are listed (not "when": dates are often written without digits).
"""

from __future__ import annotations

import re

# how much / how many / how old in the languages of the dev set (ru, uk, en, kk, az, tr, de, fr, es)
QUANTITY_QUESTION = re.compile(
    r"(?<!\w)(сколько|скільки|how\s+(much|many|old)|қанша|неше|nə\s+qədər|neçə|ne\s+kadar|kaç|"
    r"wie\s*viele?|combien|cu[aá]nt[oa]s?)(?!\w)",
    re.IGNORECASE,
)
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
# a digit not glued to letters ("G7" is a name; "3,7" and "40%" are numbers), or a number word
QUANTITY = re.compile(rf"(?<![^\W\d_])\d|(?<!\w)(?:{_RU_NUMBERS}|{_EN_NUMBERS})(?!\w)", re.IGNORECASE)


def asks_quantity(question: str) -> bool:
    return QUANTITY_QUESTION.search(question) is not None


def states_quantity(text: str) -> bool:
    return QUANTITY.search(text) is not None
