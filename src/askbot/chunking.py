"""Articles to passages: a pure function with a version number, so the index knows when to redo it.

Answers are shown as sections (a paragraph, or a passage-sized piece of one). Each section is matched
through several views, because a question may echo one clause, one sentence, two sentences, or the
interviewer's question that the section answers: single sentences, 2-sentence windows, clauses of long
sentences, the section itself, and the section "framed" by the interviewer's question before it (the
article's lead by its title, so "what is this article about?" finds the lead).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from razdel import sentenize

from askbot.articles import SCRIPT_SENTENCE_MARKS, Article, wide_chars

# 10: interviews laid out as "Q:"/"A:", "Корр.:"/"Иванов:" or bare questions (`interview_layout`)
# 11: sentence ends of other scripts (Chinese and Japanese 。！？, Hindi ।, Arabic ؟, Armenian ։, Amharic ።), Greek ";"
CHUNKER_VERSION = "11"  # 9: English titles and months ("Sen. Warren", "on Jan. 5"); 8: ordinals ("der 41. Minute")
MAX_PASSAGE_CHARS = 700
# Passages of one article at most. Prose gives one per 23-34 characters (3,000 for a long read of 100,000), so
# only an article near MAX_ARTICLE_CHARS gets close; 470,000 characters of Chinese in sentences of 2-5 characters
# gave 209,000 (over two hours of embedding on 2 CPUs). Over it, tiny sentences are merged (`capped_chunks`). No article
# under it is chunked otherwise, so CHUNKER_VERSION stays: an index holding such an article is fitted when it
# changes or at `askbot index --rebuild`, and no other index is re-chunked for it.
MAX_PASSAGES_PER_ARTICLE = 20_000
# The least length of a merged unit, tried in turn until an article fits MAX_PASSAGES_PER_ARTICLE.
MERGED_UNIT_CHARS = (50, 120, 300, MAX_PASSAGE_CHARS)
QUESTION_DASHES = ("–", "—", "-", "−")
CLAUSE_MIN_WORDS = 3
# A clause ends at a comma, semicolon or colon, or before a spaced dash ("Японский капитал – это …"); in Chinese and
# Japanese at their full-width marks, which no space follows (not at "、", which parts the items of a list).
CLAUSE_BREAK = re.compile(r"(?<=[,;:،])\s+|(?<=[，；：])\s*|\s+[–—−]\s+")
# Sentence ends that razdel, tuned on Russian, does not know (SCRIPT_SENTENCE_MARKS), with the closing quotes and
# brackets after them. Without them a Chinese paragraph was one "sentence": no sentence or window units, and no key
# sentence marked in the answer.
SCRIPT_SENTENCE_END = re.compile(rf"[{SCRIPT_SENTENCE_MARKS}]+[」』”’\"'）)\]»›]*\s*")
# A question ends with "?", in Chinese and Japanese with "？", in Arabic and Persian with "؟", in Greek with ";".
QUESTION_MARKS = ("?", "？", "؟")
GREEK_QUESTION_MARKS = (";", "\u037e")
GREEK_LETTERS = re.compile("[\u0370-\u03ff\u1f00-\u1fff]")
QUOTES_AFTER = "»\"') 」』”’）"
FULL_WIDTH_BREAKS = ("，", "；", "：")

# razdel is tuned on Russian, which writes no ordinal dots: it ends a sentence at "In der 41. | Minute" or
# "2. | Dünya Savaşı". A full stop after a bare 1-3 digit number is an ordinal when a month name follows,
# when a German article or preposition precedes the number, or anywhere in Turkish and Azerbaijani (verb-final:
# a sentence does not end in a bare number). Years keep their break: "born in 1990. He studied".
ORDINAL_END = re.compile(r"(?:^|\s)(?:([^\W\d]+)\s+)?\d{1,3}\.$")
ORDINAL_CUES = frozenset({
    "der", "die", "das", "dem", "den", "des", "im", "zum", "zur", "vom", "beim", "bis", "ab", "seit", "um", "nach",
    "vor", "ein", "eine", "einem", "einen", "einer", "sein", "seine", "seinem", "seinen", "seiner", "ihr", "ihre",
    "ihrem", "ihren", "ihrer", "jeder", "jede", "jedem", "jeden"
})
# German, Turkish and Azerbaijani months (English and Russian write no dot after the day). Not "am": "I am 25."
MONTHS = frozenset({
    "januar", "jänner", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober",
    "november", "dezember", "ocak", "şubat", "mart", "nisan", "mayıs", "haziran", "temmuz", "ağustos", "eylül",
    "ekim", "kasım", "aralık", "yanvar", "fevral", "aprel", "may", "iyun", "iyul", "avqust", "sentyabr", "oktyabr",
    "noyabr", "dekabr"
})
TURKIC_LETTERS = re.compile("[ğışəĞŞƏİ]")
# Abbreviations razdel does not know that come before a name or number ("Nr. 7", "St. Petersburg", "ім.
# Шевченка"), and a letter followed by another ("z. | B."; not "и т. д. | Потом").
ABBREVIATION_END = re.compile(r"(?:^|[\s(])([^\W\d]+)\.$")
# English news (AP style) abbreviates titles and months before a name or a day: "Sen. Elizabeth Warren", "Lt. Gen.
# Mark Jones", "on Jan. 5", "Sept. 3, 2024" (not "Mar.", also Spanish "mar": sea, nor "No.", also the word "no").
HEAD_ABBREVIATIONS = frozenset({
    "nr", "st", "str", "bzw", "vgl", "ca", "ggf", "evtl", "prof", "med", "ім", "вул",
    "sen", "gov", "rep", "lt", "gen", "col", "maj", "capt", "sgt", "cpl", "adm", "cmdr", "supt", "det", "insp",
    "rev", "hon", "pres", "mt", "ft",
})
MONTH_ABBREVIATIONS = frozenset({"jan", "feb", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"})  # + day
FIRST_WORD = re.compile(r"[^\W\d]+")
PAIRED = re.compile(r"[^\W\d]\.")


@dataclass(frozen=True)
class ChunkingParams:
    """The knobs of chunking; part of the index manifest, tuned by `askbot eval`."""

    window: int = 2
    stride: int = 1
    max_chars: int = MAX_PASSAGE_CHARS
    title_context: bool = False
    question_context: bool = False
    embed_questions: bool = False
    clauses: bool = True  # clause units of multi-clause sentences: sharper matches for factoid questions
    framed: bool = True  # each section once more under its interviewer's question: what the answer is about
    # Short paragraphs of one interview answer share a section (up to max_chars). Only under an interviewer's
    # question: there they answer the same thing; a news story's paragraphs are separate points.
    merge_paragraphs: bool = True
    # A question inside an interview answer is rhetorical and often carries the point ("Did you notice that
    # he never said 'strategic partner'?"): embedded. Lead and interviewer questions ask, they do not answer.
    rhetorical: bool = True
    lead_framed: bool = True  # an interview's lead framed by the title: what the article is about

    def key(self) -> str:
        return (f"v{CHUNKER_VERSION}-w{self.window}-s{self.stride}-c{self.max_chars}-t{int(self.title_context)}"
                f"-q{int(self.question_context)}-eq{int(self.embed_questions)}-cl{int(self.clauses)}"
                f"-f{int(self.framed)}" + ("-m1" if self.merge_paragraphs else "") + ("-r1" if self.rhetorical else "")
                + ("-l1" if self.lead_framed else ""))


@dataclass(frozen=True)
class Sentence:
    """A sentence of the article body: paragraph number (1-based) and character span in `Article.body`."""

    index: int
    paragraph: int
    start: int
    end: int


@dataclass(frozen=True)
class Chunk:
    """A retrieval unit: sentences [first, last) of one paragraph, with what to embed for it."""

    article_id: str
    ordinal: int
    # "sentence" | "window" | "clause" (part of a sentence; spans the sentence) | "section" (a paragraph, or
    # a ≤max_chars piece of one) | "framed" (a section embedded after its interviewer's question; the lead
    # after the title)
    granularity: str
    paragraph: int
    first: int
    last: int
    start: int
    end: int
    text: str
    context: str
    embed_text: str


def is_interview_question(paragraph: str) -> bool:
    """Interviewer's lines open with a dash and end with a question mark."""
    stripped = paragraph.strip()
    return stripped.startswith(QUESTION_DASHES) and is_question(stripped)


# A speaker's label at the start of a paragraph: "Q: …", "Корр.: …", "Иванов: …", "Kapital.kz: …", "Daniyar
# Seitkali: …" (up to three words, the first a letter's).
SPEAKER_LABEL = re.compile(r"^([^\W\d][^\s:]{0,29}(?:\s+[^\s:]{1,30}){0,2})\s*:\s+(?=\S)")
# Labels that say "the interviewer's line" whatever follows: a question needs no question mark after them
# ("Корр.: Расскажите о порте Актау.").
QUESTION_LABELS = frozenset({
    "q", "question", "interviewer", "reporter", "journalist", "корр", "корреспондент", "журналист", "вопрос", "в",
    "frage", "f", "soru", "s", "sual", "сұрақ", "тілші", "питання",
})
# An interview addresses its guest ("What did you see?"); a FAQ asks as its reader ("How do I apply?"): bare
# questions are an interview's when one says "you" at least, and fewer say "I" than "you".
SECOND_PERSON = re.compile(
    r"\b(?:you|your|yours|yourself|вы|вас|вам|вами|ваш\w*|ты|тебя|тебе|твой|твоя|твоё|твои|sie|ihnen|ihr\w*|du|dich|dir|"
    r"dein\w*|siz|sizin|size|sizi|sen|сіз|сіздің|сізге|сізді|ви|vous|votre|vos)\b", re.IGNORECASE)
FIRST_PERSON = re.compile(r"\b(?:i|my|me|я|мне|меня|мой|моя|моё|мои|ich|mich|mir|mein\w*|ben|benim|bana|мен|маған|je|"
                          r"moi|mon)\b", re.IGNORECASE)
# A request in place of a question ("Tell us about the ferry.", "Frau Berger, erzählen Sie uns von …",
# "Расскажите о порте Актау."): an interviewer's line of a bare-question interview too.
REQUEST = re.compile(
    r"^(?:[^,.!?]{1,40},\s*)?(?:tell|describe|explain|talk|walk\s+us|erzählen|beschreiben|erklären|schildern|"
    r"расскажите|расскажи|опишите|объясните|поясните|прокомментируйте|anlatın|anlatır\s+mısınız|açıklayın|"
    r"айтып\s+беріңіз|түсіндіріңіз|racontez|décrivez|expliquez|parlez)\b", re.IGNORECASE)
QUOTES = "«\"“„'‘‹"
MAX_QUESTION_CHARS = 400  # an interviewer's line is a question, not a speech
MIN_REPLY_CHARS = 80  # mean length of the replies: fiction's dialogue is "– Домой." after "– Ты куда?"


@dataclass(frozen=True)
class Layout:
    """How an article is laid out as an interview: which paragraphs (0-based) are the interviewer's lines, and
    the speakers' labels ("q", "a", "корр", "оспанов", casefolded without dots) its paragraphs open with."""

    questions: frozenset[int] = frozenset()
    labels: frozenset[str] = frozenset()

    def strip(self, text: str) -> str:
        """`text` without its opening dash or speaker label: what is embedded, and a question as /topics lists it."""
        text = strip_dash(text)
        if self.labels and (label := SPEAKER_LABEL.match(text)) and _label_key(label.group(1)) in self.labels:
            return text[label.end():]
        return text


def _label_key(label: str) -> str:
    return label.casefold().replace(".", "").strip()


def _replies_long(paragraphs: Sequence[str], questions: Sequence[int]) -> bool:
    """Whether the paragraphs right after the interviewer's lines are an interview's answers, not dialogue."""
    replies = [len(paragraphs[i + 1]) for i in questions if i + 1 < len(paragraphs)]
    return bool(replies) and sum(replies) / len(replies) >= MIN_REPLY_CHARS


def interview_layout(paragraphs: Sequence[str]) -> Layout:
    """The interviewer's lines of an article, in the first layout it follows (none: not an interview):

    - speakers' labels: "Q:"/"A:", "Корр.:"/"Оспанов:", the outlet's name and the guest's; the interviewer's label
      is a known one (QUESTION_LABELS; the answers may go unlabelled) or, of two speakers at least, the one whose
      lines are mostly questions, half as long as the others';
    - dashes: a line that opens with a dash and ends with "?" (the seed's layout), and a dash line without "?"
      ("– Расскажите о порте Актау.") where a question is due and its dashed answer follows at once;
    - bare questions: three or more paragraphs of one question each, each answered by the paragraph after it,
      saying "you" more often than "I" (a FAQ asks "How do I …?"; a news story ends a paragraph with "?" or two);
      there a one-sentence request ("Erzählen Sie uns von Ihrer Röstmaschine.") is a question too.

    Each asks two interviewer lines at least (three unlabelled), and answers longer than fiction's replies."""
    count = len(paragraphs)
    labelled = {}
    for number, paragraph in enumerate(paragraphs):
        if not paragraph.lstrip().startswith(QUESTION_DASHES) and (label := SPEAKER_LABEL.match(paragraph.strip())):
            labelled[number] = _label_key(label.group(1))
    speakers = {key for key, times in Counter(labelled.values()).items() if times >= 2}
    if speakers:
        lines = {key: [i for i, k in labelled.items() if k == key] for key in speakers}
        known = [key for key in speakers if key in QUESTION_LABELS]
        interviewer = known[0] if len(known) == 1 else None
        if interviewer is None and not known and len(speakers) >= 2:
            def mean(key: str) -> float:
                return sum(len(paragraphs[i]) for i in lines[key]) / len(lines[key])

            asking = [key for key in speakers if len(lines[key]) >= 3
                      and sum(is_question(paragraphs[i]) for i in lines[key]) * 3 >= len(lines[key]) * 2]
            if len(asking) == 1 and all(mean(key) >= 2 * mean(asking[0]) for key in speakers - {asking[0]}):
                interviewer = asking[0]
        if interviewer is not None:
            questions = [i for i in lines[interviewer] if i + 1 < count]
            if len(questions) >= 2 and _replies_long(paragraphs, questions):
                return Layout(frozenset(questions), frozenset(speakers))
    dashed = [i for i, p in enumerate(paragraphs) if is_interview_question(p)]
    if len(dashed) >= 2 and _replies_long(paragraphs, dashed):
        questions, due = [], True  # due: the next dashed line is a question (else it answers the last one)
        for number, paragraph in enumerate(paragraphs):
            if not paragraph.lstrip().startswith(QUESTION_DASHES):
                continue
            if number in dashed or (due and number + 1 < count and len(paragraph) <= MAX_QUESTION_CHARS
                                    and paragraphs[number + 1].lstrip().startswith(QUESTION_DASHES)):
                questions.append(number)
                due = False
            else:
                due = True
        return Layout(frozenset(questions))
    bare = [i for i in range(1, count - 1)
            if i not in labelled and is_question(p := paragraphs[i].strip()) and len(p) <= MAX_QUESTION_CHARS
            and not p.startswith(QUESTION_DASHES) and p[:1] not in QUOTES and not is_question(paragraphs[i + 1])]
    you = sum(bool(SECOND_PERSON.search(paragraphs[i])) for i in bare)
    if (len(bare) >= 3 and you and sum(bool(FIRST_PERSON.search(paragraphs[i])) for i in bare) < you
            and _replies_long(paragraphs, bare)):
        requests = [i for i in range(1, count - 1) if i not in labelled and len(p := paragraphs[i].strip()) <= 200
                    and REQUEST.match(p) and len(sentence_spans(p)) == 1 and not is_question(paragraphs[i + 1])]
        return Layout(frozenset(bare + requests))
    return Layout()


def is_question(sentence: str) -> bool:
    end = sentence.rstrip(QUOTES_AFTER)
    return end.endswith(QUESTION_MARKS) or (end.endswith(GREEK_QUESTION_MARKS) and bool(GREEK_LETTERS.search(end)))


def strip_dash(text: str) -> str:
    return re.sub(r"^[–—−-]\s*", "", text.strip())


def split_clauses(sentence: str) -> list[str]:
    """Clauses of at least CLAUSE_MIN_WORDS words (a shorter piece joins the one before or after it)."""
    clauses: list[str] = []
    pending = ""
    for part in CLAUSE_BREAK.split(sentence.strip()):
        pending = _joined(pending, part)
        if word_count(pending) >= CLAUSE_MIN_WORDS:
            clauses.append(pending)
            pending = ""
    if pending and clauses:
        clauses[-1] = _joined(clauses[-1], pending)
    return clauses


def _joined(left: str, right: str) -> str:
    """Two pieces of a sentence as written: no space after a full-width mark ("港口负责人表示，扩建后")."""
    return f"{left}{right}" if left.endswith(FULL_WIDTH_BREAKS) else f"{left} {right}".strip()


def word_count(text: str) -> int:
    """Words of `text`; a run of Chinese or Japanese characters (written without spaces) counts a word for every
    two characters, about the length of a word there."""
    return sum(max(1, wide_chars(word) // 2) for word in text.split())


def _lower(word: str) -> str:
    return word.lower().replace("i\u0307", "i")  # "İyun".lower() keeps the dot as a combining mark


def wrong_break(left: str, right: str, turkic: bool = False) -> bool:
    """Whether razdel's break between sentence `left` and the following `right` cuts an ordinal ("der 41. |
    Minute") or an abbreviation ("Nr. | 7"); `turkic`: the paragraph is Turkish or Azerbaijani."""
    left, right = left.rstrip(), right.lstrip()
    word = FIRST_WORD.match(right)
    if (ordinal := ORDINAL_END.search(left)) and word:
        return turkic or _lower(word.group()) in MONTHS or _lower(ordinal.group(1) or "") in ORDINAL_CUES
    if (abbreviation := ABBREVIATION_END.search(left)) and right[:1].isalnum():
        short = _lower(abbreviation.group(1))
        return (short in HEAD_ABBREVIATIONS or short.endswith("str") or (len(short) == 1 and bool(PAIRED.match(right)))
                or (short in MONTH_ABBREVIATIONS and right[:1].isdigit()))
    return False


def sentence_spans(paragraph: str) -> list[tuple[int, int]]:
    """razdel's sentences of a paragraph as [start, stop) spans, with its wrong breaks (`wrong_break`) undone
    and the sentence ends of other scripts (`SCRIPT_SENTENCE_END`) added."""
    turkic = bool(TURKIC_LETTERS.search(paragraph))
    spans: list[tuple[int, int]] = []
    before = ""  # razdel's sentence before this one: a break is judged by its end, not by the whole span joined so
    # far, which was read again at each break (minutes for a paragraph of abbreviations: "Sen. A Sen. A …")
    for piece in sentenize(paragraph):
        if not piece.text.strip():
            continue
        parts = _script_sentences(piece.text, piece.start)
        if spans and wrong_break(before, piece.text, turkic):
            spans[-1] = (spans[-1][0], parts.pop(0)[1])
        spans.extend(parts)
        before = piece.text
    return spans


def _script_sentences(text: str, start: int) -> list[tuple[int, int]]:
    """`text` (at `start` in its paragraph) cut after each of `SCRIPT_SENTENCE_END`, as [start, stop) spans."""
    spans: list[tuple[int, int]] = []
    first = 0
    for end in SCRIPT_SENTENCE_END.finditer(text):
        if end.end() < len(text):
            spans.append((start + first, start + len(text[: end.end()].rstrip())))
            first = end.end()
    spans.append((start + first, start + len(text.rstrip())))
    return spans


def split_sentences(article: Article, max_chars: int = MAX_PASSAGE_CHARS) -> list[Sentence]:
    """Sentences of every paragraph with spans in the joined body. A "sentence" longer than `max_chars` (text
    without full stops: a transcript, a list flattened by a web page) is cut at spaces into about equal
    pieces, so that all of it is embedded rather than its first 512 tokens."""
    sentences: list[Sentence] = []
    offset = 0
    for number, paragraph in enumerate(article.paragraphs, start=1):
        for first, last in sentence_spans(paragraph):
            for start, stop in _pieces(paragraph, first, last, max_chars):
                sentences.append(Sentence(len(sentences), number, offset + start, offset + stop))
        offset += len(paragraph) + 1
    return sentences


def _pieces(text: str, start: int, stop: int, max_chars: int) -> list[tuple[int, int]]:
    """[start, stop) as spans of at most `max_chars`, cut after a space (mid-word only if there is none)."""
    count = -(-(stop - start) // max_chars)
    spans: list[tuple[int, int]] = []
    while count > 1:
        target = start + (stop - start) // count
        cut = text.rfind(" ", start + 1, target + 1)
        cut = cut if cut > start else min(start + max_chars, stop)
        spans.append((start, len(text[start:cut].rstrip()) + start))
        start = cut
        while start < stop and text[start].isspace():
            start += 1
        count = -(-(stop - start) // max_chars)
    spans.append((start, stop))
    return [(a, b) for a, b in spans if b > a]


def _limit(body: str, sentences: list[Sentence], first: int, last: int, max_chars: int) -> int:
    """Shrink [first, last) from the right until it fits `max_chars` (one sentence always stays)."""
    while last - first > 1 and sentences[last - 1].end - sentences[first].start > max_chars:
        last -= 1
    return last


def _sections(sentences: list[Sentence], lo: int, hi: int, max_chars: int) -> list[tuple[int, int]]:
    """A paragraph cut at sentence boundaries into about equal pieces of at most `max_chars`."""
    length = sentences[hi - 1].end - sentences[lo].start
    pieces = max(1, -(-length // max_chars))
    target = length / pieces
    bounds: list[tuple[int, int]] = []
    first = lo
    for i in range(lo + 1, hi):
        too_long = sentences[i].end - sentences[first].start > max_chars
        if too_long or (sentences[i].start - sentences[first].start >= target and len(bounds) < pieces - 1):
            bounds.append((first, i))
            first = i
    bounds.append((first, hi))
    return bounds


def merge_tiny(sentences: Sequence[Sentence], min_chars: int, max_chars: int) -> list[Sentence]:
    """Consecutive sentences of one paragraph joined into units of at least `min_chars` (of at most `max_chars`
    once joined): an article of 100,000 sentences of three characters gets fewer, fuller passages."""
    merged: list[Sentence] = []
    for sentence in sentences:
        last = merged[-1] if merged else None
        if (last is not None and last.paragraph == sentence.paragraph and last.end - last.start < min_chars
                and sentence.end - last.start <= max_chars):
            merged[-1] = replace(last, end=sentence.end)
        else:
            merged.append(Sentence(len(merged), sentence.paragraph, sentence.start, sentence.end))
    return merged


class _OverBudget(Exception):
    """More passages than were allowed; `paragraph` is the one being read when the budget ran out."""

    def __init__(self, paragraph: int) -> None:
        super().__init__(paragraph)
        self.paragraph = paragraph


@dataclass(frozen=True)
class CappedChunks:
    """An article's passages within MAX_PASSAGES_PER_ARTICLE, and what was done to fit (None: nothing)."""

    chunks: list[Chunk]
    note: str | None = None


def capped_chunks(article: Article, params: ChunkingParams = ChunkingParams(),
                  limit: int | None = None) -> CappedChunks:
    """`chunk_article`, or, for an article that would make more than `limit` passages, fewer views of it: first
    its tiny sentences merged into units of MERGED_UNIT_CHARS (without the clause and 2-sentence views, which
    add passages and no text), so all of its text is still found; only when even that is too many (a list of
    a hundred thousand lines), as many of its first paragraphs as fit. Each try stops at twice `limit` passages,
    so a pathological article costs a few limited passes, never its 200,000 passages."""
    limit = MAX_PASSAGES_PER_ARTICLE if limit is None else limit
    sentences = split_sentences(article, params.max_chars)
    try:
        return CappedChunks(_fitting(article, params, sentences, limit))
    except _OverBudget:
        pass
    coarse = replace(params, clauses=False, window=1)
    for min_chars in MERGED_UNIT_CHARS:
        units = merge_tiny(sentences, min_chars, params.max_chars)
        if len(units) > limit:  # a passage for each unit at least: not worth a try
            continue
        try:
            chunks = _fitting(article, coarse, units, limit)
        except _OverBudget:
            continue
        return CappedChunks(chunks, f"its {len(sentences):,} sentences would have made more than {limit:,} passages, "
                                    "so it is indexed by whole sentences and paragraphs only, sentences under "
                                    f"{min_chars} characters merged ({len(chunks):,} passages; all of its text is "
                                    "indexed)")
    units = merge_tiny(sentences, params.max_chars, params.max_chars)
    kept, chunks = _fitting_prefix(article, coarse, units, limit)
    indexed = len("\n".join(article.paragraphs[:kept]))
    return CappedChunks(chunks, f"its {len(article.paragraphs):,} paragraphs would have made more than {limit:,} "
                                f"passages even with short sentences merged, so only the first {indexed:,} of its "
                                f"{len(article.body):,} characters ({kept:,} paragraphs) were indexed")


def _fitting(article: Article, params: ChunkingParams, sentences: list[Sentence], limit: int) -> list[Chunk]:
    """The passages of `sentences`; _OverBudget when they are more than `limit`."""
    chunks = _chunks(article, params, sentences, 2 * limit)
    if len(chunks) > limit:
        raise _OverBudget(len(article.paragraphs))
    return chunks


def _fitting_prefix(article: Article, params: ChunkingParams, sentences: list[Sentence],
                    limit: int) -> tuple[int, list[Chunk]]:
    """The most first paragraphs of `article` found to fit in `limit` passages, and their passages: each try
    keeps fewer, in proportion to how far over the last one was."""
    # a passage for each unit and another for its section at least: start from the paragraphs of limit / 2 units
    keep = sentences[limit // 2].paragraph if len(sentences) > limit // 2 else len(article.paragraphs)
    while keep > 1:
        prefix = replace(article, paragraphs=article.paragraphs[:keep])
        kept = [s for s in sentences if s.paragraph <= keep]
        try:
            chunks = _chunks(prefix, params, kept, 2 * limit)
        except _OverBudget as over:  # more than twice too many: what came before the paragraph it stopped in
            keep = max(1, min(keep - 1, over.paragraph // 2))
            continue
        if len(chunks) <= limit:
            return keep, chunks
        keep = max(1, min(keep - 1, keep * limit // len(chunks)))
    prefix = replace(article, paragraphs=article.paragraphs[:1])
    return 1, _chunks(prefix, params, [s for s in sentences if s.paragraph == 1])[:limit]


def chunk_article(article: Article, params: ChunkingParams = ChunkingParams()) -> list[Chunk]:
    """Every view of each non-question paragraph (see the module doc), in reading order."""
    return _chunks(article, params, split_sentences(article, params.max_chars))


def _chunks(article: Article, params: ChunkingParams, sentences: list[Sentence],
            limit: int | None = None) -> list[Chunk]:
    """`chunk_article` of the units `sentences`; _OverBudget as soon as there are more than `limit` passages."""
    body = article.body
    layout = interview_layout(article.paragraphs)
    chunks: list[Chunk] = []
    question = ""
    by_paragraph: dict[int, list[Sentence]] = {}
    for sentence in sentences:
        by_paragraph.setdefault(sentence.paragraph, []).append(sentence)

    def add(granularity: str, paragraph: int, first: int, last: int, clause: str = "", frame: str = "") -> None:
        start, end = sentences[first].start, sentences[last - 1].end
        text = body[start:end]
        if len(text) > params.max_chars:  # one overlong sentence: cut at a word boundary
            cut = text.rfind(" ", 0, params.max_chars - 1)
            text = text[: cut if cut > 0 else params.max_chars - 1].rstrip() + "…"
        context = question or frame
        content = clause or " ".join(
            layout.strip(body[s.start : s.end]) for s in sentences[first:last]
            if params.embed_questions or (params.rhetorical and question) or not is_question(body[s.start : s.end])
        )
        if not content:  # only questions: they ask, they do not answer
            return
        framed = granularity == "framed"
        if framed and not context:
            return  # nothing to frame it with: the section's own view stands alone
        parts = [article.title if params.title_context else "",
                 context if params.question_context or framed else ""]
        embed_text = "\n".join([*[p for p in parts if p], content])
        if limit is not None and len(chunks) >= limit:
            raise _OverBudget(paragraph)
        chunks.append(Chunk(article.id, len(chunks), granularity, paragraph, first, last,
                            start, end, text, context, embed_text))

    block: list[tuple[int, int, int]] = []  # (paragraph, lo, hi) of the answer being read
    # Only in an interview is the lead framed (by the title): there every other section is framed by its
    # question too. In a news story it would be the only framed section and win every topical question.
    interview = bool(layout.questions)

    def flush_sections() -> None:
        """Sections of the paragraphs since the last interviewer question (`question`), then forget them."""
        spans: list[tuple[int, int, int]] = []
        for number, lo, hi in block:
            pieces = _sections(sentences, lo, hi, params.max_chars)
            last_number, last_first, _ = spans[-1] if spans else (0, 0, 0)
            if (params.merge_paragraphs and question and spans and len(pieces) == 1
                    and sentences[hi - 1].end - sentences[last_first].start <= params.max_chars
                    and spans[-1][2] == lo):
                spans[-1] = (last_number, last_first, hi)  # the short paragraph joins the previous section
            else:
                spans += [(number, first, last) for first, last in pieces]
        for number, first, last in spans:
            add("section", number, first, last)
            if params.framed:
                lead = params.lead_framed and interview and not question and first == 0
                add("framed", number, first, last, frame=article.title if lead else "")
        block.clear()

    for number, paragraph in enumerate(article.paragraphs, start=1):
        if number - 1 in layout.questions:
            flush_sections()
            question = layout.strip(paragraph)
            continue
        group = by_paragraph.get(number, [])
        if not group:
            continue
        lo, hi = group[0].index, group[-1].index + 1
        for i in range(lo, hi):
            add("sentence", number, i, i + 1)
            text = layout.strip(body[sentences[i].start : sentences[i].end])
            if params.clauses and (params.embed_questions or (params.rhetorical and question) or not is_question(text)):
                clauses = split_clauses(text)
                pairs = [_joined(a, b) for a, b in itertools.pairwise(clauses)] if len(clauses) > 2 else []
                if len(clauses) > 1:  # single clauses and adjacent pairs (a pair of two is the sentence)
                    for piece in clauses + pairs:
                        add("clause", number, i, i + 1, piece)
        if hi - lo > 1 and params.window > 1:
            starts = list(range(lo, max(lo + 1, hi - params.window + 1), params.stride))
            if starts[-1] + params.window < hi:
                starts.append(hi - params.window)
            for first in starts:
                last = _limit(body, sentences, first, min(first + params.window, hi), params.max_chars)
                if last - first > 1:
                    add("window", number, first, last)
        block.append((number, lo, hi))
    flush_sections()
    return chunks
