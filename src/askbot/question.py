"""A chat message as a question: tidied, and the chatter around it set aside.

People do not type questions the way an evaluation set does. "Hi! What is the population of Aktau?",
"thanks! and how much did Japan invest?", "Подскажите, когда открылся порт?", a question in capitals or
at the end of a long preamble: the greeting or the thanks pulls the embedding towards small talk, and
the answer-type checks (`askbot.answer_type`), which read the question's first words, miss it. These pure
functions give the engine the question proper; what is left when nothing but chatter was said is the
message itself, which the engine then takes for small talk.
"""

from __future__ import annotations

import re

MAX_QUESTION_CHARS = 1000
# a message mostly in capitals is shouted, not a run of acronyms: "СКОЛЬКО ИНВЕСТИЦИЙ ЗАБРАЛ ТОКАЕВ"
SHOUTED_SHARE = 0.8
SHOUTED_MIN_LETTERS = 8

# Words that open a question in the languages of the eval sets; a polite opener is set aside only before one
# of these (or a colon), so "Tell me about Aktau" keeps its "tell me".
ASKING_WORDS = (
    r"what|what's|whats|why|how|who|who's|whos|whom|whose|where|when|which|is|are|does|do|did|can|could|"
    r"will|would|should|has|have|"
    r"что|чем|почему|зачем|как|какой|какая|какое|какие|каков|какова|каково|кто|где|куда|откуда|когда|сколько|"
    r"чей|чья|чьё|чьи|ли|есть|"
    r"was|warum|wieso|wie|wer|wo|wann|welche|welcher|welches|"
    r"ne|neden|niye|niçin|nasıl|kim|nerede|hangi|kaç|nə|niyə|necə|harada|hansı|neçə|"
    r"не|неге|неліктен|қалай|кім|қайда|қашан|қанша|қандай"
)
# Greetings, thanks and linking words that may come before a question.
_CHATTER = (
    r"hi|hello|hey|hiya|good\s+(?:morning|afternoon|evening|day)|greetings|thanks(?:\s+a\s+lot)?|thank\s+you|"
    r"thx|so|and|but|please|"
    r"привет|здравствуйте|здравствуй|добрый\s+(?:день|вечер)|доброе\s+утро|спасибо(?:\s+большое)?|"
    r"большое\s+спасибо|а|и|но|"
    r"hallo|guten\s+(?:tag|morgen|abend)|danke(?:\s+schön)?|und|"
    r"merhaba|selam|teşekkürler|teşekkür\s+ederim|ve|salam|təşəkkürlər|təşəkkür\s+edirəm|və|"
    r"сәлем|сәлеметсіз\s+бе|рахмет|және"
)
# Acknowledgements, only as a word of their own ("Great, and …", not "Great Silk Road").
_ACKNOWLEDGEMENT = (
    r"ok|okay|great|cool|nice|perfect|got\s+it|i\s+see|alright|all\s+right|"
    r"ок|окей|хорошо|отлично|понятно|ясно|ладно|tamam|sağ\s+ol|yaxşı|жақсы"
)
# Polite openers that only wrap the question: "Could you please tell me", "Подскажите", "my question is".
_OPENER = (
    r"(?:could|can|would)\s+(?:you|u)\s+(?:please\s+)?(?:tell|explain\s+to)\s+me|please|pls|plz|tell\s+me|"
    r"i\s+(?:wonder|wondered|was\s+wondering|want\s+to\s+know|would\s+like\s+to\s+know)|i'd\s+like\s+to\s+know|"
    r"(?:so\s+)?my\s+question\s+is|a\s+question|quick\s+question|question|"
    r"подскажите|скажите|скажи|подскажи|пожалуйста|объясните|объясни|расскажите|расскажи|"
    r"(?:у\s+меня\s+)?(?:такой\s+)?вопрос|хочу\s+спросить|хотел(?:а)?\s+(?:бы\s+)?спросить|"
    r"sagen\s+sie\s+mir|sag\s+mir|bitte|eine\s+frage|"
    r"lütfen|söyler\s+misiniz|bir\s+sorum\s+var|zəhmət\s+olmasa|xahiş\s+edirəm|өтінемін|айтыңызшы"
)
_CHATTER_AHEAD = re.compile(
    rf"^[\W_]*(?:(?:{_CHATTER})(?:[\W_]+|$)|(?:{_ACKNOWLEDGEMENT})(?:\s*[^\w\s]+\s*|\s+(?=(?:{_CHATTER})\s)|$))",
    re.IGNORECASE
)
_OPENER_AHEAD = re.compile(
    rf"^[\W_]*(?:{_OPENER})(?:\s*[:,!.—–-]+\s*|\s+(?=(?:{ASKING_WORDS})(?!\w))|\s*$)", re.IGNORECASE
)
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "\ufeff": None})  # and BOMs
_HASHTAG = re.compile(r"(?<![\w#])#(?=\w)")
_DOTTED_ALPHABET = re.compile("[İŞĞƏ]")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def tidy(message: str) -> str:
    """One line of plain text of at most MAX_QUESTION_CHARS: no lone surrogates (the tokenizer cannot encode
    them), typographic apostrophes made plain, hashtags as words, a shouted message in lower case, and of a
    long message its questions (usually at its end, after the preamble)."""
    text = message.encode("utf-8", "replace").decode("utf-8").translate(_APOSTROPHES)
    text = " ".join(_HASHTAG.sub("", text).split())
    cased = [ch for ch in text if ch.lower() != ch.upper()]
    if len(cased) >= SHOUTED_MIN_LETTERS and sum(ch.isupper() for ch in cased) >= SHOUTED_SHARE * len(cased):
        if _DOTTED_ALPHABET.search(text):  # Turkish or Azerbaijani: I is ı, İ is i
            text = text.replace("I", "ı").replace("İ", "i")
        text = text.lower().replace("i\u0307", "i")  # "İ" elsewhere lower-cases to "i" plus a combining dot
    if len(text) > MAX_QUESTION_CHARS:
        text = _questions_within(text, MAX_QUESTION_CHARS)
    return text


def _questions_within(text: str, limit: int) -> str:
    """The last sentences that end in "?" and fit in `limit` characters; the start of the text when it asks
    nothing (a pasted passage)."""
    kept: list[str] = []
    for sentence in reversed(_SENTENCE_END.split(text)):
        if sentence.endswith("?") and sum(len(s) + 1 for s in kept) + len(sentence) <= limit:
            kept.insert(0, sentence)
    if not kept:
        return text[:limit].rstrip()
    return " ".join(kept)


def question_proper(text: str) -> str:
    """`text` without the greetings, thanks and polite openers before its question ("Hi! Could you tell me:
    why …?" -> "why …?"); `text` itself when that is all it says ("Thanks!", "Привет")."""
    rest = text
    while True:
        stripped = _CHATTER_AHEAD.sub("", rest, count=1)
        stripped = _OPENER_AHEAD.sub("", stripped, count=1)
        if stripped == rest:
            break
        rest = stripped
    return rest if any(ch.isalnum() for ch in rest) else text
