"""A chat message as a question: tidied, and the chatter around it set aside.

People do not type questions the way an evaluation set does. "Hi! What is the population of Aktau?",
"thanks! and how much did Japan invest?", "Подскажите, когда открылся порт?", a question in capitals,
Russian typed in Latin letters ("pochemu Aktau vazhen dlya Baku"), or one at the end of a long preamble:
the greeting or the thanks pulls the embedding towards small talk, and the answer-type checks
(`askbot.answer_type`), which read the question's first words, miss it. These pure functions give the
engine the question proper; what is left when nothing but chatter was said is the message itself, which
the engine then takes for small talk.
"""

from __future__ import annotations

import re
import unicodedata

MAX_QUESTION_CHARS = 1000
# The longest question read at all (a line of piped input, an argument): a longer one is cut to MAX_QUESTION_CHARS
# anyway, and a stream that never ends a line (`askbot ask < /dev/zero`) was read into memory until none was left.
MAX_LINE_BYTES = 1_000_000
# The most of a question a reply quotes back (`ask`'s "? …" line, `chat`'s echo of a piped line): a pasted 100 kB
# question was printed whole above its answer.
ECHO_CHARS = 300
# a message mostly in capitals is shouted, not a run of acronyms: "СКОЛЬКО ИНВЕСТИЦИЙ ЗАБРАЛ ТОКАЕВ"
SHOUTED_SHARE = 0.8
SHOUTED_MIN_LETTERS = 8

# Words that open a question in the languages of the eval sets; a polite opener is set aside only before one
# of these (or a colon), so "Tell me about Aktau" keeps its "tell me".
# Per language, so that `askbot.languages` can tell a question's language by them too.
ASKING_BY_LANGUAGE = {
    "en": r"what|what's|whats|why|how|who|who's|whos|whom|whose|where|when|which|is|are|does|do|did|can|could|"
          r"will|would|should|has|have",
    "ru": r"что|чем|почему|зачем|как|какой|какая|какое|какие|каков|какова|каково|кто|где|куда|откуда|когда|"
          r"сколько|чей|чья|чьё|чьи",
    "de": r"was|warum|wieso|wie|wer|wo|wann|welche|welcher|welches",
    "tr": r"ne|neden|niye|niçin|nasıl|kim|nerede|hangi|kaç",
    "az": r"nə|niyə|necə|hara|harada|hansı|neçə",
    "kk": r"не|неге|неліктен|қалай|кім|қайда|қашан|қанша|қандай",
}
ASKING_WORDS = "|".join(ASKING_BY_LANGUAGE.values())
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
# Chatter ends at punctuation and a space ("Hi! ", "Спасибо, "; not "Hi-tech", not "И.о."), or at a space before
# a question word ("thanks and how much…"); never before a name ("Hello Kitty", "Good morning Kazakhstan").
_CHATTER_END = rf"(?:\s*[,!.:;?…]+(?=\s|$)\s*|\s+(?=(?:{ASKING_WORDS}|{_OPENER}|and|и|а)(?!\w))|\s*$)"
_CHATTER_AHEAD = re.compile(rf"^[\W_]*(?:(?:{_CHATTER})|(?:{_ACKNOWLEDGEMENT})){_CHATTER_END}", re.IGNORECASE)
_OPENER_AHEAD = re.compile(
    rf"^[\W_]*(?:{_OPENER})(?:\s*[:,!.—–-]+\s*|\s+(?=(?:{ASKING_WORDS})(?!\w))|\s*$)", re.IGNORECASE
)
# "anything about hydrogen", "any info on the tokyo initiative", "есть что-нибудь про водород": a chat user's way of
# naming a topic. The words around the topic asked nothing of the articles but read as chat: "anything about
# hydrogen" was nearer "Thanks!" than the passage on hydrogen energy and was refused as small talk.
_TOPIC_OPENER = (
    r"(?:is\s+there\s+|do\s+you\s+have\s+|have\s+you\s+got\s+)?"
    r"(?:anything|any\s+(?:info|information|news|details|data))\s+(?:about|on|regarding|re)|"
    r"(?:есть\s+(?:что-нибудь|что-то|информаци\w*)|что-нибудь|информаци\w*|инфа|инфу)\s+(?:о|об|про|по)"
)
_TOPIC_OPENER_AHEAD = re.compile(rf"^[\W_]*(?:{_TOPIC_OPENER})\s+(?=\w)", re.IGNORECASE)
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "‚": "'", "‛": "'", "‹": "'",
                              "›": "'"})
# Typographic double quotes as the straight one: “Aktau”, «Актау» and „Aktau“ are "Aktau". Left as they were, they
# changed a question's scores (0.835 against 0.886 for the same passage) and kept Russian typed in Latin letters
# from being read ("pochemu “Aktau” vazhen dlya Baku" stayed Latin, `from_translit`).
_QUOTES = str.maketrans(dict.fromkeys("“”„‟«»〝〞＂″", '"'))
# Invisible characters a message carries from where it was copied: byte-order marks, zero-width spaces, a soft
# hyphen, direction marks. Alone they are no question; inside one they split words for the tokenizer. (Not the
# zero-width joiners: they hold emoji and Persian words together.)
# An article's text drops the same ones (`askbot.articles.normalize_text`), so a word is spelt alike on both sides.
INVISIBLE_CHARS = "\ufeff\u2060\u00ad\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_INVISIBLE = {**dict.fromkeys(map(ord, INVISIBLE_CHARS)),
              ord("\u200b"): " "}  # a zero-width space may be all that parts two words: "Is it\u200btrue?"
# Terminal escape sequences (colours, cursor moves, the window title) and the control characters left after them,
# which no text is written with: echoed raw, a piped question's (`ask`'s "? …" line) set the terminal's title.
TERMINAL_ESCAPE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]")
CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # Unicode's Cc, but tab, newline and CR
# What text written elsewhere ends its lines with besides \n and \r (str.splitlines' set): vertical tab, form feed,
# the information separators, NEL, and Unicode's LINE SEPARATOR and PARAGRAPH SEPARATOR (Word, InDesign and some
# CMS exports put U+2029 between paragraphs)
LINE_BREAKS = re.compile("[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# Half a surrogate pair (JSON may escape one alone: "\\ud83d", half an emoji), which no UTF-8 encoder takes
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_HASHTAG = re.compile(r"(?<![\w#])#(?=\w)")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


NAME_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")  # Unicode's Cc: in a name or a message, never meant


def printable_name(name: str) -> str:
    """A file name that is not valid UTF-8 (read with surrogate escapes), shown with U+FFFD instead; any other lone
    surrogate (from a JSON "\\ud800") as "?"."""
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        return name.encode("utf-8", "replace").decode("utf-8")


def shown_name(name: str) -> str:
    """A file name (or a message quoting one) as one line that sets nothing on a terminal: bytes that are not UTF-8
    as U+FFFD, control characters as escapes (`a\\nb.txt`)."""
    return NAME_CONTROLS.sub(lambda match: repr(match.group())[1:-1], printable_name(name))


def plain_line(message: str) -> str:
    """`message` as one line of text that can be shown anywhere: no escape sequences or control characters
    (a NUL or BEL parts words as a space does), no lone surrogates, single spaces."""
    text = CONTROLS.sub(" ", TERMINAL_ESCAPE.sub("", message.encode("utf-8", "replace").decode("utf-8")))
    return " ".join(text.split())


def echoed(question: str, limit: int = ECHO_CHARS) -> str:
    """`question` as a reply quotes it: at most `limit` characters, a longer one cut at a word and ended with "…"."""
    if len(question) <= limit:
        return question
    cut = question[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut[limit // 2:] else cut).rstrip() + "…"


# Characters people send as an "empty" message that Unicode counts as letters or symbols: the Hangul fillers, the
# blank braille pattern, the Mongolian vowel separator, the combining grapheme joiner
_FILLERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e\u034f")


def blank(message: str) -> bool:
    """Nothing to read: no letter, digit, punctuation or symbol, only spaces and invisible characters (the
    zero-width joiners, variation selectors, tags) and fillers. Such a message is no question, whichever
    invisible characters it is made of ("\u200d\u200c" was answered with a greeting, "\u200f" was not)."""
    return not any(unicodedata.category(ch)[0] in "LNPS" and ch not in _FILLERS for ch in tidy(message))


# Letters that Latin and Cyrillic share in shape. A word typed with both ("Бaку" with a Latin "a", "Kто" with a
# Latin "K": copied from a page that spoofs names, or a keyboard switched mid-word) is one word to the reader and two
# foreign pieces to everything else: "Kто президент Японии?" was no who-question to the checks, and the embedder
# read "Pочему Актау важен для Бaку?" as another question than the one typed cleanly.
_LATIN_TWINS = "aceopxyiABCEHIKMOPTXY"
_CYRILLIC_TWINS = "асеорхуіАВСЕНІКМОРТХУ"
_TO_CYRILLIC = str.maketrans(_LATIN_TWINS, _CYRILLIC_TWINS)
_TO_LATIN = str.maketrans(_CYRILLIC_TWINS, _LATIN_TWINS)
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
_CYRILLIC_LETTER = re.compile(r"[\u0400-\u04ff]")
_LETTERS = re.compile(r"[^\W\d_]+")


def _one_script(word: str) -> str:
    """A word of Latin and Cyrillic letters in one of them, when the other's letters in it are all look-alikes: the
    script whose own letters it cannot do without ("Бaку": Cyrillic), else the one most of its letters are in."""
    latin, cyrillic = _LATIN_LETTER.findall(word), _CYRILLIC_LETTER.findall(word)
    if not latin or not cyrillic:
        return word
    to_cyrillic = all(ch in _LATIN_TWINS for ch in latin)
    to_latin = all(ch in _CYRILLIC_TWINS for ch in cyrillic)
    if to_cyrillic and (not to_latin or len(cyrillic) >= len(latin)):
        return word.translate(_TO_CYRILLIC)
    return word.translate(_TO_LATIN) if to_latin else word


def one_script_words(text: str) -> str:
    """`text` with each word that mixes look-alike Latin and Cyrillic letters written in one script (`_one_script`)."""
    if _LATIN_LETTER.search(text) is None or _CYRILLIC_LETTER.search(text) is None:
        return text
    return _LETTERS.sub(lambda match: _one_script(match.group()), text)


def tidy(message: str) -> str:
    """One line of plain text of at most MAX_QUESTION_CHARS: no lone surrogates (the tokenizer cannot encode
    them), typographic apostrophes and quotes made plain, hashtags as words, a shouted message in lower case, and of a
    long message its questions (usually at its end, after the preamble)."""
    text = plain_line(message).translate(_APOSTROPHES).translate(_QUOTES).translate(_INVISIBLE)
    text = one_script_words(" ".join(_HASHTAG.sub("", text).split()))
    cased = [ch for ch in text if ch.lower() != ch.upper()]
    if len(cased) >= SHOUTED_MIN_LETTERS and sum(ch.isupper() for ch in cased) >= SHOUTED_SHARE * len(cased):
        text = text.replace("İ", "i").lower()  # not "i" plus a combining dot; "I" stays "i" (not Turkish "ı")
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
    why …?" -> "why …?", "anything about hydrogen" -> "hydrogen"); `text` itself when that is all it says
    ("Thanks!", "Привет")."""
    rest = text
    while True:
        stripped = _CHATTER_AHEAD.sub("", rest, count=1)
        stripped = _OPENER_AHEAD.sub("", stripped, count=1)
        stripped = _TOPIC_OPENER_AHEAD.sub("", stripped, count=1)
        if stripped == rest:
            break
        rest = stripped
    return rest if any(ch.isalnum() for ch in rest) else text


# Russian typed in Latin letters, as people without a Cyrillic keyboard do: "pochemu Aktau vazhen dlya Baku?".
# multilingual-e5 reads it as no language in particular (an off-topic "kakoi kurs dollara segodnya" was answered),
# so it is spelt back in Cyrillic. Only when its words are unmistakably Russian: the question words and the
# commonest short words of Russian, never words that are also English, Turkish, Azerbaijani or Kazakh in Latin.
_TRANSLIT_MARKERS = frozenset((
    "pochemu", "chto", "chem", "kak", "kakoi", "kakoy", "kakaya", "kakoe", "kakie", "kakuyu", "kakim", "kakih",
    "kakikh", "kto", "kogo", "komu", "gde", "kuda", "otkuda", "kogda", "skolko", "zachem", "eto", "etot", "eta",
    "etom", "etoi", "etoy", "dlya", "mozhno", "nuzhno", "seichas", "seychas", "sejchas", "tozhe", "takoe",
    "takoi", "takoy", "privet", "spasibo", "pozhaluysta", "pozhaluista", "menya", "mne", "tebya", "ochen",
    "voobshe", "voobshche", "razve", "mezhdu", "posle", "teper", "segodnya", "zavtra", "vchera", "budet",
    "bylo", "byla", "byli",
))
_TRANSLIT = (  # longest first: "shch" before "sh" and "ch"
    ("shch", "щ"), ("sch", "щ"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("ch", "ч"), ("sh", "ш"), ("yu", "ю"),
    ("ya", "я"), ("yo", "ё"), ("ye", "е"), ("iya", "ия"), ("iyu", "ию"), ("iye", "ие"),
    ("iy", "ий"), ("yy", "ый"), ("a", "а"), ("b", "б"), ("v", "в"),
    ("g", "г"), ("d", "д"), ("e", "е"), ("z", "з"), ("i", "и"), ("j", "й"), ("k", "к"), ("l", "л"), ("m", "м"),
    ("n", "н"), ("o", "о"), ("p", "п"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("f", "ф"), ("h", "х"),
    ("c", "ц"), ("w", "в"), ("x", "кс"), ("q", "к"), ("y", "ы"), ("'", "ь"),
)
_LATIN_WORD = re.compile(r"[A-Za-z']+")
# Single quotes around words ('Aktau', or ‘Aktau’ made plain by `tidy`): quotation marks, not the soft sign an
# apostrophe inside a word stands for ("ob'yom"); spelt as one, 'Aktau' became "ьактауь"
_SINGLE_QUOTED = re.compile(r"(?<![A-Za-z])'([^']+)'(?![A-Za-z])")
_QUOTE_MARK = "\ue000"  # a private-use character, which no question holds, stands for them meanwhile
# Common words whose soft sign (or spelling) Latin typists leave out, where a check reads the word itself
# ("сколько" asks for a number, "премьер" is a post)
_TRANSLIT_WORDS = {"skolko": "сколько", "tolko": "только", "premier": "премьер", "premyer": "премьер",
                   "intervyu": "интервью", "intervju": "интервью", "seichas": "сейчас", "seychas": "сейчас",
                   "sejchas": "сейчас"}


def _cyrillic_word(word: str) -> str:
    """One word spelt back: "y" after a vowel is "й", and so is a final "i" ("kakoi", "Baykonur")."""
    latin, out, at = word.lower(), [], 0
    if latin in _TRANSLIT_WORDS:
        spelt = _TRANSLIT_WORDS[latin]
        return spelt[:1].upper() + spelt[1:] if word[:1].isupper() else spelt
    while at < len(latin):
        for letters, cyrillic in _TRANSLIT:
            if latin.startswith(letters, at):
                after_vowel = at > 0 and latin[at - 1] in "aeouy"
                last = at + 1 == len(latin)
                if after_vowel and ((letters == "y" and (last or latin[at + 1] not in "aeiouy"))
                                    or (letters == "i" and last)):  # "kakoi", "Baykonur"; but "stoit"
                    cyrillic = "й"
                out.append(cyrillic)
                at += len(letters)
                break
        else:
            out.append(latin[at])
            at += 1
    spelt = "".join(out)
    return spelt[:1].upper() + spelt[1:] if word[:1].isupper() else spelt


# Short Russian words (each also something else somewhere, so two are needed) and Russian word endings.
_TRANSLIT_WEAK = frozenset((
    "li", "ne", "ni", "v", "vo", "s", "so", "k", "ko", "o", "ob", "u", "iz", "ot", "do", "za", "na", "po",
    "pri", "pro", "bez", "ili", "no", "da", "i", "a", "ya", "ty", "on", "ona", "my", "vy", "oni", "ego", "ee",
    "ikh", "ih", "im", "nas", "vas",
))
_RUSSIAN_ENDING = re.compile(r"(?:oe|aya|iya|ogo|ego|ykh|ikh|nyy|nyi|niy|stvo|tsiya|tsii|ii|yu|yut|yat|sya|tsya|"
                             r"ovat|ennyy|skiy|skoe|skaya|skogo)$")
# English words that Russian in Latin letters never has: with one of them, it is English (or a name in it)
ENGLISH_WORDS = frozenset((
    "the", "is", "are", "of", "and", "to", "what", "why", "how", "who", "does", "did", "in", "for", "on",
    "with", "about", "was", "were", "this", "that", "which", "when", "where",
))


# Polish words Russian in Latin letters never has: "Kto jest premierem Japonii?" was spelt "Кто йест премиерем
# Йапонии?" for its "kto", "do", "z", which Polish shares with Russian typed in Latin letters. Also the core of
# the Polish words by which `askbot.languages` tells a Polish question from one in the bot's languages.
POLISH_WORDS = frozenset((
    "jest", "czy", "nie", "sie", "ile", "jak", "jaki", "jaka", "jakie", "gdzie", "dlaczego", "kiedy", "oraz",
    "przez", "ktory", "ktora", "ktore", "moze", "sa", "jestem", "dzien", "dobry", "dziekuje",
))


def from_translit(text: str) -> str:
    """`text` in Cyrillic when it is Russian typed in Latin letters; otherwise `text` as it is. Letters
    with diacritics (ü, ş, ə, ä, é…) mean Turkish, Azerbaijani, Kazakh, German or French: left alone."""
    if re.search(r"[^\x00-\x7f’‘«»—–…€$№]", text) or not re.search(r"[A-Za-z]", text):
        return text
    words = [w.lower().strip("'") for w in _LATIN_WORD.findall(text)]
    if any(w in ENGLISH_WORDS or w in POLISH_WORDS for w in words):
        return text
    score = sum(2 if w in _TRANSLIT_MARKERS else 1 if w in _TRANSLIT_WEAK or _RUSSIAN_ENDING.search(w) else 0
                for w in words)
    if score < 2:
        return text
    text = _SINGLE_QUOTED.sub(lambda m: f"{_QUOTE_MARK}{m.group(1)}{_QUOTE_MARK}", text)
    return _LATIN_WORD.sub(lambda m: _cyrillic_word(m.group(0)), text).replace(_QUOTE_MARK, "'")


# "What is this article about?", "О чём статья?", "Worum geht es?", "Summarize it": the question asks for the
# whole article, which no single passage answers and which reads like chat to the embedder (it was refused as
# small talk). Only the whole question counts: "Worum geht es bei der Tokio-Initiative?" and "What does the
# article say about Aktau?" ask about a part and are left to the ranking.
_TEXT_NOUN = {
    "en": r"article|interview|text|story|piece|news|report|post|page|material|conversation",
    "ru": r"статья|статью|статье|статьи|интервью|текст|тексте|материал|материале|новость|новости|публикация|"
          r"заметка|беседа",
    "de": r"artikel|artikels|interview|interviews|text|textes|beitrag|beitrags|bericht|berichts",
    "tr": r"makale|makalenin|haber|haberin|röportaj|röportajın|yazı|yazının|metin|metnin",
    "az": r"məqalə|məqalənin|müsahibə|müsahibənin|xəbər|xəbərin|mətn|mətnin|yazı",
    "kk": r"мақала|мақаланың|сұхбат|сұхбаттың|мәтін|мәтіннің|жаңалық",
    "uk": r"стаття|статті|інтерв'ю|текст|матеріал|новина",
    "fr": r"article|interview|entretien|texte",
}
_NOUN = "|".join(_TEXT_NOUN.values())
# "О чём статья про воду?", "Worum geht es im Artikel über Handball?": which article, by its topic
_ON_TOPIC = r"(?:\s+(?:про|о|об|über|zu)\s+\w[\w'-]*(?:\s+\w[\w'-]*){0,4})?"
_THIS = r"(?:(?:this|the|that|these|эта|эту|этой|этом|этот|это|эти|данная|данную|данный|ця|цей|це|" \
        r"dieser|diesem|dem|der|das|den|im|bu|бұл|осы|l'|cet|cette|ce|le)\s*)?"
_OVERVIEW = re.compile(
    "|".join((
        # English
        rf"^(?:so\s+)?what(?:'s|s|\s+is|\s+was|\s+are)\s+(?:{_THIS}(?:{_NOUN})s?|it|this|that|all\s+this)\s+about$",
        rf"^what\s+(?:does|did)\s+{_THIS}(?:{_NOUN})\s+say$",
        rf"^what(?:'s|s|\s+is|\s+are)\s+the\s+(?:main\s+|key\s+|general\s+)?(?:point|points|idea|ideas|gist|"
        rf"summary|topic|subject|takeaways?|message)(?:\s+of\s+{_THIS}(?:{_NOUN}))?$",
        rf"^(?:give\s+(?:me\s+)?|can\s+i\s+(?:get|have)\s+)?(?:a\s+|the\s+)?(?:short\s+|brief\s+|quick\s+)?"
        rf"(?:summary|overview|gist|recap|tl;?\s?dr)(?:\s+of\s+{_THIS}(?:{_NOUN}|it))?$",
        rf"^(?:can\s+you\s+|could\s+you\s+)?(?:summari[sz]e|sum\s+up|recap)(?:\s+(?:it|this|that|{_THIS}"
        rf"(?:{_NOUN})))?(?:\s+(?:for\s+me|briefly))?$",
        # Russian, Ukrainian
        rf"^(?:а\s+|и\s+)?(?:о|об|про)\s+(?:ч[её]м|что)\s+(?:же\s+|вообще\s+|тут\s+|там\s+)?(?:{_THIS}"
        rf"(?:{_NOUN})|речь|идёт\s+речь|идет\s+речь|говорится|пишут|рассказывается)"
        rf"(?:\s+(?:{_NOUN}|речь|говорится|идёт|идет|йдеться))?{_ON_TOPIC}$",
        rf"^про\s+що\s+(?:{_THIS}(?:{_NOUN})|йдеться|мова)(?:\s+(?:йдеться|{_NOUN}))?$",
        rf"^(?:в\s+ч[её]м|какова|какая|какой)\s+(?:главная\s+|основная\s+)?(?:суть|мысль|идея|смысл)"
        rf"(?:\s+(?:{_NOUN}))?$",
        rf"^(?:кратко(?:е\s+содержание)?|вкратце|резюме|перескажи(?:те)?|коротко|короткий\s+зміст|"
        rf"(?:кратко\s+|коротко\s+)?перескажи(?:те)?(?:\s+(?:{_THIS}(?:{_NOUN})|вкратце|кратко|коротко)){{0,2}}|"
        rf"краткое\s+содержание\s+(?:{_THIS}(?:{_NOUN})))$",
        # German
        rf"^worum\s+geht\s*(?:'s|s|es)(?:\s+(?:hier|da|denn|eigentlich))?(?:\s+(?:in|im|bei)\s+{_THIS}(?:{_NOUN}){_ON_TOPIC})?$",
        rf"^(?:zusammenfassung|fass(?:e)?\s+(?:{_THIS}(?:{_NOUN})|es|das)\s+zusammen|"
        rf"was\s+steht\s+(?:in\s+)?{_THIS}(?:{_NOUN})|was\s+ist\s+die\s+kernaussage(?:\s+des\s+(?:{_NOUN}))?)$",
        # Turkish, Azerbaijani, Kazakh
        rf"^{_THIS}(?:{_NOUN})\s+(?:ne|nə|не)\s+(?:hakkında|haqqındadır|haqqında|туралы|ile\s+ilgili|anlatıyor)$",
        rf"^{_THIS}(?:{_NOUN})\s+(?:nədən|neden)\s+(?:bəhs\s+edir|bahsediyor|söz\s+ediyor)$",
        r"^(?:özet|özetle|özetler\s+misin|xülasə|qısaca|қысқаша(?:\s+айтып\s+бер)?|түйіні)$",
        # French
        rf"^de\s+quoi\s+(?:parle|traite)\s+{_THIS}(?:{_NOUN})$",
        rf"^(?:résumé|resume|résume(?:z)?(?:\s+{_THIS}(?:{_NOUN}))?)$",
    )),
    re.IGNORECASE,
)


def asks_for_overview(question: str) -> bool:
    """Whether `question` (tidied, the chatter around it set aside) asks what the article is about as a whole."""
    text = _as_matched(question)
    return bool(text) and _OVERVIEW.search(text) is not None


def _as_matched(question: str) -> str:
    """`question` as the whole-question forms read it: lower case, one space, no closing punctuation."""
    return " ".join(question.replace("’", "'").strip().rstrip("?!.…").split()).lower()


# Capitals that Latin and Cyrillic share in shape: "TMTM" typed on a Latin keyboard is the interview's "ТМТМ" (the
# Trans-Caspian route), "KTK" its "КТК". The embedder reads them as different words (0.757 against 0.805 for
# "What does TMTM stand for?"), so an acronym the articles write in Cyrillic is spelt as they do.
_LATIN_TO_CYRILLIC = str.maketrans("ABCEHKMOPTXY", "АВСЕНКМОРТХУ")
_LATIN_ACRONYM = re.compile(r"(?<![^\W\d_])[ABCEHKMOPTXY]{2,}(?![^\W\d_])")
CYRILLIC_ACRONYM = re.compile(r"(?<![^\W\d_])[АВСЕНКМОРТХУ]{2,}(?![^\W\d_])")


def respell_acronyms(question: str, cyrillic_acronyms: frozenset[str]) -> str:
    """`question` with each Latin acronym of look-alike capitals in the Cyrillic spelling the articles use."""
    def respelt(match: re.Match[str]) -> str:
        cyrillic = match.group().translate(_LATIN_TO_CYRILLIC)
        return cyrillic if cyrillic in cyrillic_acronyms else match.group()
    return _LATIN_ACRONYM.sub(respelt, question)


# "Who is being interviewed?", "С кем это интервью?", "Бұл сұхбатты кім берді?", "Müsahibəni kim verib?": who an
# interview is with is said once, in its lead ("мы обсудили с депутатом … Азером Бадамовым"), in words the embedder
# does not connect to "interviewed" across languages; the question landed on whichever answer was nearest (the
# rare-earth paragraph, the Aktau one) or, short as it is, was refused as small talk. Like an overview it is answered
# with the lead. Only the whole question counts ("What did the man being interviewed say about Aktau?" asks about
# an answer), and only the interviewee: "Who did the interview?" asks for the journalist, whom a lead rarely names.
_FILLER = (r"(?:so|and|ok|okay|well|then|here|actually|again|in\s+(?:this|the)\s+(?:article|interview|text|piece)|"
           r"а|и|ну|так|тут|здесь|вообще|же|это|в\s+(?:этом\s+|этой\s+)?(?:статье|интервью|тексте)|"
           r"бұл|осы|мұнда|bu|burada|burda|und|hier|da|denn|eigentlich|also|тут|ось|це|alors|ici)")
_INTERVIEWED = r"(?:interviewed|interviewt|интервьюируют|интервьюировали|интервьюирует)"
_INTERVIEW = (r"(?:interview|интервью|інтерв'ю|сұхбат|сұхбатты|сұхбатқа|müsahibə|müsahibəni|röportaj|röportajı|"
              r"entretien)")
_WHO_VERB_EN = r"(?:who(?:'s|s|\s+is|\s+was|\s+are|\s+were)?)"
_PERSON_EN = r"(?:guy|man|woman|person|people|interviewee|mp|deputy|politician|expert|official|speaker|lawmaker)"
_INTERVIEWEE = re.compile(
    "|".join((
        # English
        rf"{_WHO_VERB_EN}\s+(?:being\s+|getting\s+)?interviewed",
        rf"{_WHO_VERB_EN}\s+the\s+{_PERSON_EN}\s+(?:(?:they|you|we)\s+(?:are\s+|were\s+)?interview(?:ing|ed)?|"
        rf"(?:being\s+|getting\s+)?interviewed|in\s+(?:the|this)\s+interview|(?:giving|who\s+gave)\s+(?:the|this)\s+interview)",
        rf"{_WHO_VERB_EN}\s+the\s+interviewee",
        r"who\s+(?:do|did|are|were)\s+(?:they|you|we)\s+interview(?:ing)?",
        r"who\s+(?:gave|gives|is\s+giving|give)\s+(?:the|this|that)\s+interview",
        r"(?:with\s+whom|who)\s+(?:is|was|'s)\s+(?:the|this|that)\s+interview(?:\s+with)?",
        r"whose\s+interview(?:\s+is\s+(?:this|it))?",
        rf"(?:which|what)\s+{_PERSON_EN}\s+(?:gave|gives|is\s+giving|(?:was|is)\s+(?:being\s+)?interviewed)"
        r"(?:\s+(?:the|this)\s+interview)?",
        # Russian, Ukrainian
        r"(?:кто|какой\s+\w+|\w+\s+какого\s+\w+|чей\s+\w+)\s+(?:сейчас\s+)?(?:да[её]т|дал|дала|давал)\s+(?:это\s+|этот\s+)?интервью",
        r"с\s+кем\s+(?:\w+\s+){0,2}(?:интервью|беседа|беседуют|беседовали|разговор)",
        r"ч[ьъ][её]\s+(?:это\s+)?интервью",
        r"у\s+кого\s+(?:взяли\s+|берут\s+)?интервью",
        rf"кого\s+{_INTERVIEWED}",
        r"кто\s+(?:такой\s+)?(?:собеседник|интервьюируемый|герой\s+интервью)",
        r"хто\s+(?:дає|дав|давав)\s+(?:це\s+)?інтерв'ю|з\s+ким\s+(?:це\s+)?інтерв'ю|у\s+кого\s+(?:взяли\s+)?інтерв'ю",
        # Kazakh, Azerbaijani, Turkish
        rf"{_INTERVIEW}\s+(?:кім|kim)\s+(?:берді|береді|берген|verib|verdi|verir|vermiş|veriyor)",
        rf"{_INTERVIEW}\s+(?:кіммен|kimlə|kiminlə|kiminle|kimledir|kimlədir)(?:\s+(?:болды|edilib|yapıldı|yapılmış))?",
        rf"(?:кіммен|kimlə|kiminlə|kiminle)\s+{_INTERVIEW}(?:\s+(?:болды|edilib|edilmiş|yapıldı|yapılmış|yapılıyor))?",
        rf"{_INTERVIEW}\s+(?:берген|veren)\s+(?:\w+\s+)?(?:кім|kim|kimdir)",
        # German, French
        rf"wer\s+(?:wird|wurde|ist)\s+(?:hier\s+|da\s+)?{_INTERVIEWED}",
        r"mit\s+wem\s+(?:ist|war|wurde|spricht)\s+(?:das|dieses)\s+interview(?:\s+geführt)?",
        r"wer\s+(?:gibt|gab)\s+(?:das|dieses)\s+interview|wer\s+ist\s+der\s+(?:interview|gesprächs)partner",
        r"welche[rn]?\s+\w+\s+(?:wird|wurde)\s+interviewt",
        r"qui\s+(?:est|a\s+été)\s+interviewée?|qui\s+donne\s+(?:cette\s+|l')interview|"
        r"avec\s+qui\s+est\s+(?:cette\s+|cet\s+|l')(?:interview|entretien)",
    )),
    re.IGNORECASE,
)
_INTERVIEWEE_WHOLE = re.compile(rf"^(?:{_FILLER}\s+)*(?:{_INTERVIEWEE.pattern})(?:\s+{_FILLER})*$", re.IGNORECASE)


def asks_for_interviewee(question: str) -> bool:
    """Whether `question` (tidied, the chatter around it set aside) asks who an interview is with."""
    text = _as_matched(question)
    return bool(text) and _INTERVIEWEE_WHOLE.match(text) is not None


# "What is the source of this article?", "Who wrote it?", "Откуда эта статья?", "Wann wurde der Artikel
# veröffentlicht?": a question about the article itself, not about what it says. No passage answers it (the source,
# the date and the outlet are the article's record, shown above every quoted passage); the question was refused as
# chat, or as nothing found. Like an overview it is answered with the lead, whose heading carries the record. Only the
# whole question counts: "Who wrote the letter to Tokayev?" asks about the story.
_ITS = rf"(?:\s+(?:of|for|behind)\s+(?:{_THIS}(?:{_NOUN})|it|this|that))?"
_PUBLICATION = re.compile(
    "|".join((
        # English
        rf"what(?:'s|s|\s+is|\s+was|\s+are)\s+the\s+(?:original\s+)?(?:source|sources|outlet|publisher|author|"
        rf"byline|site|website|newspaper|publication|link|url){_ITS}",
        rf"(?:where|what\s+(?:site|website|outlet|newspaper|paper|source))\s+(?:is|was|does|did|'s)\s+"
        rf"(?:{_THIS}(?:{_NOUN})|it|this|that)\s+(?:(?:come\s+)?from|published|appear|appeared|run|printed)(?:\s+in)?",
        rf"who\s+(?:wrote|writes|published|publishes|authored|is\s+the\s+author\s+of|was\s+the\s+author\s+of|"
        rf"did|made|conducted|ran)\s+(?:{_THIS}(?:{_NOUN})|it|this|that)",
        rf"who(?:'s|s|\s+is|\s+was)\s+the\s+(?:author|writer|journalist|reporter|interviewer|publisher){_ITS}",
        rf"when\s+(?:was|is|did)\s+(?:{_THIS}(?:{_NOUN})|it|this|that)\s+(?:published|written|posted|released|"
        rf"come\s+out|came\s+out|appear|appeared|out)",
        rf"(?:what(?:'s|s|\s+is)\s+the\s+)?(?:date|publication\s+date|date\s+of\s+publication)(?:\s+of\s+{_THIS}"
        rf"(?:{_NOUN}|it))?",
        r"(?:source|sources|link|author)",
        # Russian, Ukrainian
        rf"(?:кто|хто)\s+(?:автор|написал|написала|написав|опубликовал|опублікував|брал|взял|вёл|вел|провёл|провел)"
        rf"(?:\s+(?:{_THIS}(?:{_NOUN})|это|этот|її|його))?",
        rf"(?:откуда|звідки)\s+(?:{_THIS}(?:{_NOUN})|это|этот\s+текст|ця\s+новина)",
        rf"(?:какой|каков|який|где|де|що|что)\s+(?:у\s+(?:{_THIS}(?:{_NOUN}))\s+)?(?:источник|джерело|первоисточник)"
        rf"(?:\s+(?:{_THIS}(?:{_NOUN})|у\s+(?:{_THIS}(?:{_NOUN}))))?",
        rf"(?:источник|джерело|автор|ссылка)(?:\s+(?:{_THIS}(?:{_NOUN})))?",
        rf"(?:где|де|на\s+каком\s+сайте|в\s+каком\s+(?:издании|сми))\s+(?:была\s+|был\s+|было\s+)?"
        rf"(?:опубликован[аоы]?|вышл[аои]|вышел|напечатан[аоы]?|опублікован[аоі]?)(?:\s+{_THIS}(?:{_NOUN}))?",
        rf"(?:когда|коли)\s+(?:была\s+|был\s+|было\s+)?(?:опубликован[аоы]?|вышл[аои]|вышел|написан[аоы]?|"
        rf"опублікован[аоі]?|вийшл[аои])(?:\s+{_THIS}(?:{_NOUN}))?",
        rf"(?:когда|коли)\s+{_THIS}(?:{_NOUN})\s+(?:была\s+|был\s+|было\s+)?(?:опубликован[аоы]?|вышл[аои]|вышел|"
        rf"написан[аоы]?|опублікован[аоі]?|вийшл[аои])",
        rf"(?:дата|дату)\s+(?:публикации|публікації|выхода)(?:\s+{_THIS}(?:{_NOUN}))?",
        # German
        rf"wer\s+hat\s+(?:{_THIS}(?:{_NOUN})|es|das)\s+(?:geschrieben|verfasst|veröffentlicht|geführt)",
        rf"wer\s+ist\s+der\s+(?:autor|verfasser|journalist)(?:\s+(?:des|dieses)\s+(?:{_NOUN}))?",
        rf"(?:woher|von\s+wo)\s+(?:stammt|kommt|ist)\s+(?:{_THIS}(?:{_NOUN})|das|es)",
        rf"was\s+ist\s+die\s+quelle(?:\s+(?:des|dieses)\s+(?:{_NOUN}))?|quelle",
        rf"wann\s+(?:wurde|ist|erschien)\s+(?:{_THIS}(?:{_NOUN})|das|es)(?:\s+(?:veröffentlicht|erschienen|"
        rf"geschrieben))?(?:\s+worden)?",
        rf"wo\s+(?:wurde|ist|erschien)\s+(?:{_THIS}(?:{_NOUN})|das|es)(?:\s+(?:veröffentlicht|erschienen))?",
        # Turkish, Azerbaijani, Kazakh
        rf"{_THIS}(?:{_NOUN})(?:yı|i|ı|ni|nı|ны|ні|ды|ді)?\s+(?:kim|кім)\s+(?:yazdı|yazmış|yazıb|yayınladı|"
        rf"dərc\s+edib|жазды|жазған|жариялады)",
        rf"{_THIS}(?:{_NOUN})(?:nin|nın|ın|in)?\s+(?:kaynağı|yazarı|mənbəyi|müəllifi|авторы|дереккөзі)"
        rf"(?:\s+(?:ne|nedir|kim|kimdir|nədir|kimdir|кім|қандай))?",
        r"(?:kaynak|kaynağı|mənbə|mənbəsi|mənbəyi|дереккөз|дереккөзі)(?:\s+(?:ne|nedir|nədir|hansıdır|қандай))?",
        rf"{_THIS}(?:{_NOUN})\s+(?:ne\s+zaman|nə\s+vaxt|қашан)\s+(?:yayınlandı|yayımlandı|dərc\s+(?:edilib|olunub)|"
        rf"жарияланды|шықты)",
        rf"{_THIS}(?:{_NOUN})\s+(?:nerede|harada|қайда)\s+(?:yayınlandı|yayımlandı|dərc\s+(?:edilib|olunub)|"
        rf"жарияланды|шықты)",
        # French
        rf"qui\s+a\s+écrit\s+(?:{_THIS}(?:{_NOUN})|ça|ceci)|quelle\s+est\s+la\s+source(?:\s+de\s+{_THIS}(?:{_NOUN}))?|"
        rf"quand\s+(?:a\s+été\s+publié|est\s+paru)e?\s+{_THIS}(?:{_NOUN})|d'où\s+vient\s+{_THIS}(?:{_NOUN})",
    )),
    re.IGNORECASE,
)
_PUBLICATION_WHOLE = re.compile(rf"^(?:{_FILLER}\s+)*(?:{_PUBLICATION.pattern})(?:\s+{_FILLER})*$", re.IGNORECASE)
_WHEN_PUBLISHED = re.compile(r"^(?:\w+\s+)*?(?:when|когда|коли|wann|quand|ne\s+zaman|nə\s+vaxt|қашан|date|дата|дату)"
                             r"(?!\w)", re.IGNORECASE)


def asks_about_publication(question: str) -> str | None:
    """What `question` (tidied, the chatter around it set aside) asks about the article itself: "date" (when it
    was published), "record" (its source, outlet or author), or None for a question about what it says."""
    text = _as_matched(question)
    if not text or _PUBLICATION_WHOLE.match(text) is None:
        return None
    return "date" if _WHEN_PUBLISHED.search(text) else "record"
