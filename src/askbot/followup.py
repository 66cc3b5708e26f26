"""Follow-up questions: "And for Japan?" after "Why does Aktau matter for Baku?".

In a chat people ask on from what they asked before. Answered alone, "And for Japan?" finds some passage about
Japan that has nothing to do with Aktau. `read_with` decides whether a message is such an elliptical follow-up
and, if so, gives the text to search with: the new words followed by the previous question
(`scripts/followup_eval.py` measured the ways of joining them on `eval/followup.jsonl`; see eval/RESULTS.md).
It is conservative, since a self-contained question read with an old one gets a worse answer: only a short
message that opens with a connective of continuation ("and", "what about", "а", "и", "und", "və", "peki", "ал"
…) or that is a bare question word ("why?", "а почему?", "сколько?") counts, and of those, one that goes on to
ask a question of its own ("And what is the Middle Corridor?", "А кто такой Азер Бадамов?", "And is Japan investing
in Aktau?") does not.

`Dialogue` is the memory this needs: the previous question per conversation (a chat and a user), for a limited
time and a bounded number of conversations, and the question each answer message answered (a reply to an
answer asks on from that one).
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from askbot.question import MAX_QUESTION_CHARS, tidy

FOLLOW_UP_WORDS = 8  # a longer message sets out its own context
OWN_QUESTION_WORDS = 2  # words after a question word that make it a question of its own ("and what is JCM?")
# words without a question word that make it a question of its own when they name something ("And is Japan
# investing in Aktau?", "А Япония инвестирует в Актау?"), where "and for Japan?", "а для всего региона?" go on
OWN_STATEMENT_WORDS = 3
REMEMBER_SECONDS = 600.0  # a previous question is forgotten after 10 minutes: the talk has moved on
REMEMBER_CONVERSATIONS = 10_000
REMEMBER_ANSWERS = 10_000

# Connectives that carry a question on, longest first. "ya" (az, tr: "and what about") and "ve" are Latin words
# of other languages too; a message must still be short and not ask a question of its own.
_CONNECTIVES = (
    r"and\s+what\s+about|and\s+how\s+about|what\s+about|how\s+about|and\s+what\s+if|what\s+if|and\s+also|and|also|"
    r"а\s+что\s+насч[её]т|а\s+насч[её]т|а\s+если|а\s+ещ[её]|и\s+ещ[её]|ещ[её]|а|и|"
    r"und\s+was\s+ist\s+mit|was\s+ist\s+mit|und\s+wie\s+ist\s+es\s+mit|und|"
    r"peki\s+ya|peki|ya|ve|bəs|və|"
    r"ал\s+енді|ал"
)
# Greetings and acknowledgements that may come before the connective ("thanks! and for Japan?")
_ACK = (
    r"thanks|thank\s+you|thx|ok|okay|great|cool|i\s+see|got\s+it|спасибо|понятно|ясно|хорошо|ок|окей|ладно|"
    r"danke|gut|tamam|teşekkürler|sağ\s+ol|təşəkkürlər|yaxşı|рахмет|жақсы|түсінікті"
)
_LEADING_ACK = re.compile(rf"^(?:(?:{_ACK})[\s,!.…]+)+", re.IGNORECASE)
_CONNECTIVE = re.compile(rf"^(?:{_CONNECTIVES})(?!\w)[\s,:;—–-]*", re.IGNORECASE)
# Question words, with the light words that may stand with them in a bare question: "why?", "why so?",
# "how much?", "а почему же?", "warum denn?", "ne zaman?"
_QUESTION_WORDS = (
    r"why|how|how\s+much|how\s+many|how\s+come|how\s+so|when|where|who|what|which|"
    r"почему|зачем|как|когда|сколько|где|куда|откуда|кто|что|какой|какая|какие|каким\s+образом|"
    r"warum|wieso|weshalb|wie|wie\s+viel|wie\s+viele|wann|wo|wer|was|"
    r"neden|niye|niçin|nasıl|ne\s+zaman|nerede|neredeydi|nerededir|kim|kimdir|ne|nedir|kaç|ne\s+kadar|"
    r"niyə|nə\s+üçün|necə|nə\s+vaxt|hara|harada|haradadır|nədir|nə|neçə|nə\s+qədər|"
    r"неге|неліктен|қалай|қашан|қайда|кім|не|қанша"
)
# anywhere: Turkish, Azerbaijani and Kazakh put it last ("Peki Orta Koridor nedir?", "Ал Тоқаев кім?")
_QUESTION_WORD = re.compile(rf"(?<!\w)(?:{_QUESTION_WORDS})(?!\w)", re.IGNORECASE)
_BARE_TAIL = (r"so|exactly|then|now|not|else|that|is\s+that|was\s+that|"
              r"же|так|именно|тогда|сейчас|теперь|нет|не|ещ[её]|это|"
              r"denn|nicht|genau|dann|jetzt|değil|peki|ki|deyil|bəs|ше|емес")
_BARE = re.compile(rf"^(?:{_QUESTION_WORDS})(?:\s+(?:{_BARE_TAIL}))*$", re.IGNORECASE)
# "Was ist mit X passiert / los?" asks what happened to X: a question of its own, not "was ist mit X?"
_HAPPENED = re.compile(r"(?<!\w)(?:passiert|geschehen|los|gewesen|geworden)$", re.IGNORECASE)
# Words that point back to what was said before: "and how much does it cost?", "и сколько это стоит?"
_BACK_REFERENCE = re.compile(
    r"(?<!\w)(?:it|its|this|that|these|those|they|them|their|he|him|his|she|her|there|then|"
    r"это|этот|эта|эти|этого|этой|этим|этом|он|она|оно|они|его|её|ее|их|им|ему|ей|там|тогда|так|"
    # not "es" ("wo hakt es beim Mittleren Korridor?") nor "das" as the article before a noun ("Und wann wurde
    # das Abkommen unterzeichnet?"); "das" alone is ("und warum ist das wichtig?")
    r"er|sie|das(?!\s+(?-i:[A-ZÄÖÜ]))|dies|dafür|dort|damit|"
    r"bu|bunu|bunun|onu|onun|orada|o|"
    r"бұл|оны|оның|ол)(?!\w)", re.IGNORECASE)
# Kazakh asks on with a particle at the end: "Жапония ше?" ("and Japan?")
_KAZAKH_PARTICLE = re.compile(r"(?<=\w)\s+ше\s*\??$", re.IGNORECASE)
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
# A follow-up that is a phrase around a preposition, before (en, ru, de) or after (tr, az, kk) its noun
_PREPOSITIONS = frozenset((
    "for", "about", "with", "without", "in", "on", "at", "to", "from", "between", "regarding",
    "для", "про", "о", "об", "в", "во", "на", "с", "со", "по", "у", "от", "из", "без", "между", "через", "насчёт",
    "насчет", "für", "mit", "über", "bei", "von", "zu", "ohne", "zwischen"))
_LINKS = frozenset(("and", "or", "the", "of", "und", "oder", "der", "die", "das", "и", "или", "ve", "veya", "və", "ya",
                    "да", "және", "мен"))
_POSTPOSITIONS = frozenset(("için", "hakkında", "ile", "üçün", "haqqında", "ilə", "barədə", "үшін", "туралы",
                            "бойынша"))


def elliptical_rest(message: str) -> str | None:
    """The words a follow-up adds, without its connective ("and for Japan?" -> "for Japan?"); None when the
    message is no follow-up: long, no connective nor bare question word, or a question of its own."""
    text = _LEADING_ACK.sub("", tidy(message)).strip()
    words = _WORD.findall(text)
    if not words or len(words) > FOLLOW_UP_WORDS:
        return None
    core = text.rstrip("?!.… ")
    if _BARE.match(core):  # "why?", "how much?", "почему же?"
        return text
    connective = _CONNECTIVE.match(text)
    kazakh = _KAZAKH_PARTICLE.search(text)
    if connective is None and kazakh is None:
        return None
    rest = text[connective.end():] if connective else text
    rest_core = rest.rstrip("?!.… ")
    if _HAPPENED.search(rest_core):  # "Was ist mit Tim Ostermann passiert?": "what happened to", not "what about"
        return None
    if not _WORD.search(rest_core):  # "and?", "а?": no words of its own to go on
        return None
    if _BARE.match(rest_core):  # "а почему?", "and why not?", "und warum denn?"
        return rest
    asked = _QUESTION_WORD.search(rest_core)
    if asked is not None:
        others = rest_core[: asked.start()] + " " + rest_core[asked.end():]
        own_words = _WORD.findall(others)
        names_something = any(w[:1].isupper() for w in own_words)
        if not _BACK_REFERENCE.search(others) and (len(own_words) > OWN_QUESTION_WORDS or names_something):
            return None  # "And what is the Middle Corridor?", "А кто такой Азер Бадамов?", "Peki Orta Koridor nedir?"
    elif _says_its_own(rest_core):
        return None  # "And is Japan investing in Aktau?", "What about the Tokyo Initiative for young Kazakhs?"
    return rest


def _says_its_own(words_said: str) -> bool:
    """A message without a question word asks on its own when it names something in more than a few words and
    points back to nothing: a yes/no question ("А Япония инвестирует в Актау?"), not "and for Japan?" nor a
    longer phrase around a preposition ("and for Japan and South Korea?", "Peki Japonya ve Güney Kore için?") or a
    list of names ("And Japan, China and South Korea?")."""
    own_words = _WORD.findall(_KAZAKH_PARTICLE.sub("", words_said))
    if len(own_words) <= OWN_STATEMENT_WORDS or not any(w[:1].isupper() for w in own_words):
        return False
    phrase = own_words[0].lower() in _PREPOSITIONS or own_words[-1].lower() in _POSTPOSITIONS
    names_only = all(w[:1].isupper() or w.lower() in _LINKS for w in own_words)  # "And Japan, China and Korea?"
    return not phrase and not names_only and not _BACK_REFERENCE.search(words_said)


def read_with(message: str, previous: str | None) -> str | None:
    """The text to search with when `message` is an elliptical follow-up of `previous`, else None.

    The new words without their connective, then the previous question ("for Japan? Why does Aktau matter for
    Baku?"): the previous question says what is talked about, the new words what changes; first, since the
    answer-type checks read a question's opening ("how much?" asks for a figure). Joined the other way round,
    or with the connective, or with only the previous question's content words, it ranked within one question
    of this on the set."""
    if not previous or not previous.strip():
        return None
    rest = elliptical_rest(message)
    if rest is None:
        return None
    return f"{rest} {_within(tidy(previous), MAX_QUESTION_CHARS - len(rest) - 1)}"


def _within(previous: str, room: int) -> str:
    """The previous question's end (where a long message asks its question), in `room` characters at a word
    boundary: joined whole to a question of nearly MAX_QUESTION_CHARS, the engine's `tidy` kept one of the two
    and lost either the new words or what they go on from."""
    if len(previous) <= room:
        return previous
    end = previous[len(previous) - room:]
    return end.split(" ", 1)[1] if " " in end else end


@dataclass(frozen=True)
class _Said:
    question: str
    at: float


class Dialogue:
    """What a follow-up is read with: the last self-contained question of each conversation (a chat and a user:
    in a group several people talk at once), for REMEMBER_SECONDS after it was last used, and the question each
    answer message answered (a reply to it asks on from that question, however long ago). Both bounded;
    thread-safe, since answers are computed in a worker pool. Kept by the Presenter rather than in
    python-telegram-bot's chat_data/user_data, which are never trimmed and which `askbot chat` does not have."""

    def __init__(self, seconds: float = REMEMBER_SECONDS, conversations: int = REMEMBER_CONVERSATIONS,
                 answers: int = REMEMBER_ANSWERS, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self.clock = clock
        self._conversations: OrderedDict[Hashable, _Said] = OrderedDict()
        self._answers: OrderedDict[Hashable, str] = OrderedDict()
        self._limits = (conversations, answers)
        self._lock = threading.Lock()

    def previous(self, who: Hashable) -> str | None:
        """The question `who` asked last, unless it is too old."""
        with self._lock:
            said = self._conversations.get(who)
            if said is None:
                return None
            if self.clock() - said.at > self.seconds:
                del self._conversations[who]
                return None
            return said.question

    def asked(self, who: Hashable, question: str) -> None:
        """`question` is what `who` is talking about now (a new question, or the one a follow-up went on from)."""
        with self._lock:
            self._conversations.pop(who, None)
            self._conversations[who] = _Said(question, self.clock())
            _trim(self._conversations, self._limits[0])

    def moved(self, old_chat: Hashable, new_chat: Hashable) -> None:
        """A group became a supergroup (a new chat id): its people's previous questions go with it. Conversations
        are (chat, user) pairs."""
        with self._lock:
            for who in [w for w in self._conversations if isinstance(w, tuple) and w and w[0] == old_chat]:
                self._conversations[(new_chat, *who[1:])] = self._conversations.pop(who)

    def answered(self, message: Hashable, question: str) -> None:
        """The answer `message` (chat, message id) answered `question`."""
        with self._lock:
            self._answers[message] = question
            _trim(self._answers, self._limits[1])

    def answered_by(self, message: Hashable) -> str | None:
        with self._lock:
            return self._answers.get(message)


def _trim(memory: OrderedDict, size: int) -> None:
    while len(memory) > size:
        memory.popitem(last=False)
