"""Which interface language a message is written in: its script first, then its words and letters.

The bot speaks English, Russian, Ukrainian, Kazakh, German, Turkish and Azerbaijani. A question's script is
told by its words; the language within the script by whole words (function and question words) and by letters
only some of the languages have (ә, ї, ə, ß), so that one name ("Тоқаев" in a Russian question) or one loan
word does not flip it. A word two languages share ("в" of Russian and Ukrainian, "was" of English and German)
narrows the choice to them; what is known of the user picks among what is left (`askbot.views.pick_language`).
A question in a Latin-script language the bot does not speak (Spanish, French, Italian, Portuguese, Polish, Dutch)
points to none of its languages, however many words it shares with one of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from askbot.question import ASKING_BY_LANGUAGE, ENGLISH_WORDS, POLISH_WORDS, SHOUTED_SHARE

# Each script's interface languages, the one to fall back on first
SCRIPT_LANGUAGES = {"cyrillic": ("ru", "uk", "kk"), "latin": ("en", "de", "tr", "az")}
NAME_WEIGHT = 0.5  # a capitalised word inside a message: maybe a name from another language

_CYRILLIC = re.compile(r"[а-яёәғқңөұүһіїєґ]", re.IGNORECASE)
_LATIN = re.compile(r"[a-zß-öø-ÿāăąćčďđēęěğīıİįķļľłńňōőœŕřśşšţťūůűųźżžə]", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_NOT_UKRAINIAN = re.compile(r"[ыэёъәғқңөұүһ]")  # Russian and Kazakh letters Ukrainian lacks
# Words of no language: a link, an @username (the bot's mention in front of the question, another member's),
# a #hashtag, an e-mail address. "@askbot_test_bot где Актау?" counted three English words against two Russian ones.
_NO_LANGUAGE = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<![\w@.])[@#]\w+",
                          re.IGNORECASE)

# Letters that only some of a script's languages have, and how much each points to them: ğ ı ş are Turkish and
# Azerbaijani, but Azerbaijani seldom goes a sentence without its ə; ы is Russian and Kazakh. (і is Ukrainian or
# Kazakh: see `_word_votes`.)
_LETTERS = {
    re.compile(r"[әғқңөұүһ]"): {"kk": 1.0}, re.compile(r"ы"): {"ru": 1.0, "kk": 1.0},
    re.compile(r"[эёъ]"): {"ru": 1.0}, re.compile(r"[їєґ]"): {"uk": 1.0}, re.compile(r"ə"): {"az": 1.0},
    re.compile(r"[ğış]|i̇"): {"tr": 1.0, "az": NAME_WEIGHT}, re.compile(r"[äß]"): {"de": 1.0},
}


def _asking(lang: str, *, but: frozenset[str] = frozenset()) -> frozenset[str]:
    return frozenset(ASKING_BY_LANGUAGE[lang].split("|")) - but


# Words two languages share: they narrow the choice to those two
_RU_UK = {"в", "во", "на", "до", "за", "по", "о", "об", "у", "при", "а", "для", "так", "я", "без", "про", "над"}
_EN_DE = {"was", "in", "also", "so", "hand"}
_TR_AZ = {"kim", "ya", "bir", "bu", "o", "ki", "sen", "siz"}
# Words that say the language ("не" is Russian, Ukrainian and Kazakh: in none)
_WORDS = {
    "en": ENGLISH_WORDS | _asking("en") | _EN_DE | {
        "a", "it", "you", "there", "from", "by", "me", "my", "your", "any", "hi", "hello", "thanks", "being",
        "here"},
    "de": _asking("de") | _EN_DE | {
        "und", "der", "die", "das", "ist", "hat", "für", "mit", "nicht", "ein", "eine", "einen", "den", "dem",
        "des", "von", "zu", "im", "auf", "es", "sich", "auch", "wird", "wurde", "sind", "haben", "bei", "nach",
        "aus", "über", "oder", "aber", "worum", "wozu", "woher", "wohin", "gibt", "geht", "geht's", "ich", "du",
        "dir", "mir", "wir", "sie", "er", "hallo", "danke", "guten", "bitte"},
    "tr": _asking("tr") | _TR_AZ | {
        "mi", "mı", "mu", "mü", "için", "ve", "ile", "peki", "değil", "merhaba", "nedir", "ben", "daha", "çok",
        "gibi", "var", "yok", "kadar", "nasılsın"},
    "az": _asking("az") | _TR_AZ | {
        "və", "üçün", "bəs", "ilə", "deyil", "salam", "necəsən", "haqqında", "qədər", "nədir"},
    "ru": _asking("ru") | _RU_UK | {
        "и", "с", "это", "из", "ли", "же", "но", "от", "уже", "его", "её", "их", "они", "мы", "вы", "ты", "или",
        "есть", "между", "после", "ещё", "еще", "привет", "спасибо", "пожалуйста", "скажите", "добрый", "каким",
        "какими", "какую", "каком", "какого", "какому", "году"},
    "uk": _RU_UK | {
        "чи", "що", "це", "як", "який", "яка", "яке", "які", "яку", "чому", "навіщо", "скільки", "хто", "коли",
        "від", "або", "але", "щоб", "вже", "із", "зі", "й", "і"},
    "kk": _asking("kk", but=frozenset({"не"})) | {
        "және", "мен", "пен", "бен", "үшін", "туралы", "бұл", "деген", "ше", "ал", "неше", "ма", "ме", "ба",
        "бе", "па", "пе", "сәлем", "рахмет", "емес", "жоқ"},
}
_ANY_WORD = frozenset().union(*_WORDS.values())
# Words of Latin-script languages the bot does not speak. A question in one of them read as whichever interface
# language shares a word with it: Spanish "es" made "¿Por qué es importante Aktau?" German, Portuguese "o" made
# "O que é o Corredor do Meio?" Turkish. Where their words outweigh the interface languages' the choice is left
# open: the user's own language, else English.
_FOREIGN_WORDS = {
    "es": {"qué", "que", "por", "para", "porqué", "cómo", "cuál", "cuáles", "cuándo", "dónde", "quién", "quiénes",
           "cuánto", "cuánta", "cuántos", "cuántas", "es", "el", "la", "los", "las", "del", "de", "y", "en", "un",
           "una", "a", "al", "con", "sobre", "se", "lo", "su", "sus", "son", "fue", "está", "están", "hay", "ha",
           "más", "pero", "muy", "según", "hola", "gracias"},
    "fr": {"pourquoi", "que", "qui", "quoi", "quel", "quelle", "quels", "quelles", "comment", "combien", "où",
           "quand", "est", "sont", "le", "la", "les", "des", "du", "de", "un", "une", "et", "en", "pour", "dans",
           "sur", "avec", "il", "elle", "ils", "elles", "ce", "cette", "ces", "qu'est", "c'est", "pas", "au", "aux",
           "a", "ont", "été", "fait", "leur", "leurs", "son", "sa", "ses", "plus", "bonjour", "merci"},
    "it": {"perché", "che", "cosa", "come", "quando", "dove", "chi", "quanto", "quanta", "quanti", "quante",
           "quale", "quali", "è", "il", "lo", "la", "gli", "le", "di", "del", "della", "dei", "delle", "e", "per",
           "con", "su", "sul", "sulla", "un", "una", "non", "ha", "hanno", "sono", "nel", "nella", "al", "alla",
           "anche", "ma", "più", "ciao", "grazie"},
    "pt": {"por", "que", "porque", "porquê", "quê", "o", "a", "os", "as", "é", "são", "do", "da", "dos", "das",
           "de", "e", "em", "no", "na", "nos", "nas", "um", "uma", "para", "com", "sobre", "como", "quando", "onde",
           "quem", "quanto", "quantos", "quanta", "quantas", "qual", "quais", "não", "foi", "ao", "aos", "mais",
           "pelo", "pela", "olá", "obrigado", "obrigada"},
    "pl": POLISH_WORDS | {"co", "czym", "kto", "są", "w", "i", "z", "na", "do", "dla", "o", "że", "się", "to", "od",
                          "po", "cześć", "dziękuję"},
    "nl": {"waarom", "wat", "wie", "hoe", "wanneer", "waar", "welke", "hoeveel", "is", "de", "het", "een", "en",
           "van", "voor", "met", "op", "niet", "zijn", "dat", "er", "ook", "hallo", "bedankt"},
}


@dataclass(frozen=True)
class Reading:
    """What a message's letters and words say: its script (None without letters); the languages of that script
    they point to most (more than one when they do not tell them apart; none when they say nothing), in the
    script's order; and whether it is too slight to outweigh what is known of the user (one word, or only
    names)."""

    script: str | None
    languages: tuple[str, ...] = ()
    slight: bool = True


def read_language(text: str | None) -> Reading:
    """The message's script by its words (a Latin brand name in a Russian question counts less than its
    Russian words), then the languages of that script its words and letters point to most."""
    text = _NO_LANGUAGE.sub(" ", text or "")
    letters = [c for c in text if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) >= SHOUTED_SHARE * len(letters):
        text = text.lower()  # "KAZAKİSTAN NE İSTİYOR?": capitals everywhere are no names
    words = _WORD.findall(text)
    script = _script(words)
    if script is None:
        return Reading(None)
    words = [w for w in words if (_CYRILLIC if script == "cyrillic" else _LATIN).search(w)]
    not_ukrainian = any(_NOT_UKRAINIAN.search(w.lower()) for w in words)
    scores = dict.fromkeys(SCRIPT_LANGUAGES[script], 0.0)
    for at, word in enumerate(words):
        for lang, weight in _word_votes(word, not_ukrainian, name=at > 0 and word[:1].isupper()).items():
            if lang in scores:
                scores[lang] += weight
    best = max(scores.values())
    leaders = tuple(lang for lang, score in scores.items() if score == best) if best > 0 else ()
    if script == "latin" and _foreign_score(words) > best:
        leaders = ()  # a language the bot does not speak: not the interface language it shares a word with
    names_only = all(w[:1].isupper() for w in words[1:]) and words[0].lower().replace("’", "'") not in _ANY_WORD
    return Reading(script, leaders, len(words) <= 1 or names_only)


def _foreign_score(words: list[str]) -> float:
    """How many of the words say most for one of the Latin-script languages the bot does not speak."""
    lowered = [w.lower().replace("’", "'") for w in words]
    return float(max(sum(w in vocabulary for w in lowered) for vocabulary in _FOREIGN_WORDS.values()))


def _script(words: list[str]) -> str | None:
    """Cyrillic or Latin, by the words in each (names inside the message count half), else by letters."""
    weights = {"cyrillic": 0.0, "latin": 0.0}
    letters = {"cyrillic": 0, "latin": 0}
    for at, word in enumerate(words):
        for script, pattern in (("cyrillic", _CYRILLIC), ("latin", _LATIN)):
            if found := len(pattern.findall(word)):
                weights[script] += NAME_WEIGHT if at > 0 and word[:1].isupper() else 1.0
                letters[script] += found
    for measure in (weights, letters):
        if measure["cyrillic"] != measure["latin"]:
            return max(measure, key=measure.__getitem__)
    return None


def _word_votes(word: str, not_ukrainian: bool, *, name: bool) -> dict[str, float]:
    """The languages one word points to: by being one of their words, whatever its letters and case; else by
    its letters (less for a name, which may come from another language). ə is only Azerbaijani, whatever
    else the word has; і is Ukrainian, or Kazakh in a message with letters Ukrainian lacks."""
    lower = word.lower().replace("’", "'")
    if votes := {lang: 1.0 for lang, words in _WORDS.items() if lower in words}:
        return votes
    scale = NAME_WEIGHT if name else 1.0
    if "ə" in lower:
        return {"az": scale}
    votes = {}
    for pattern, weights in _LETTERS.items():
        if pattern.search(lower):
            for lang, weight in weights.items():
                votes[lang] = max(votes.get(lang, 0.0), weight * scale)
    if "і" in lower and not votes:
        votes["kk" if not_ukrainian else "uk"] = scale
    return votes
