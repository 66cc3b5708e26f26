"""Sentence splitting: razdel's wrong breaks after ordinals and abbreviations are undone, real breaks stay."""

from __future__ import annotations

import pytest

from askbot import chunking
from askbot.articles import Article
from askbot.chunking import is_interview_question, is_question, split_clauses, split_sentences, wrong_break


def sentences(paragraph: str) -> list[str]:
    article = Article("a", "Title", (paragraph,))
    return [article.body[s.start : s.end] for s in split_sentences(article)]


@pytest.mark.parametrize("text", [
    # eval/articles2/103_lemgo_hamburg.txt: razdel cut all of these after the ordinal's dot
    "In der 41. Minute führte Lemgo erstmals mit 21:19.",
    "Sorgen macht ihm Tim Ostermann, der in der 22. Minute ausgewechselt wurde.",
    "Am Donnerstag, dem 12. Dezember, empfängt Lemgo die Füchse Berlin.",
    "Der 2. Weltkrieg endete 1945.",
    "Lemgo gewann zum 5. Mal in Folge.",
    "Ab 1. Juli 2025 steigen die Preise.",
    "Es war sein 100. Tor.",
    "Türkiye 2. Dünya Savaşı'na girmedi.",
    "Yazar, 19. Yüzyıl edebiyatını sevdi.",
    "Konser 5. Ağustos'ta değil.",
    "Azərbaycan 2. Qarabağ müharibəsində qalib gəldi.",
    "Görüş 5. İyun tarixində keçirildi.",
    # abbreviations razdel does not know
    "Das war z. B. so.",
    "Das steht in Nr. 7 des Magazins.",
    "Er wohnt in der Hauptstr. 7 in Berlin.",
    "He moved to St. Petersburg in 2001.",
    "Місто ім. Шевченка велике.",
    # English news (AP style): titles and months before a name or a day
    "On Jan. 5 the council met again.",
    "Sen. Elizabeth Warren said so.",
    "Gov. Gavin Newsom signed it.",
    "Rep. John Smith and Lt. Gen. Mark Jones spoke.",
    "It happened on Sept. 3, 2024, in Ohio.",
    "He lives in Mt. Vernon now.",
    "Prof. Dr. med. Hans Meier kam.",
])
def test_no_break_inside_a_sentence(text: str) -> None:
    assert sentences(text) == [text]


@pytest.mark.parametrize("text", [
    "He was born in 1990. He studied in Boston.",
    "The score was 3. Then the rain came.",
    "The meeting was on May 5. The next day he left.",
    "Счёт 31:29. Хозяева праздновали.",
    "Lemgo gewann 31:29. Hamburg war enttäuscht.",
    "Er wurde 1990 geboren, am 5. Mai. Dann zog er weg.",
    "Яблоки, груши и т. д. Потом овощи.",
    "Bu 3. kez oldu. Sonra bitti.",
    "Dr. Müller kam spät. Er entschuldigte sich.",
    "The vote is in Dec. Nothing will change before.",
])
def test_real_breaks_stay(text: str) -> None:
    assert len(sentences(text)) == 2


def test_a_month_after_the_ordinal_is_enough() -> None:
    """Without the Turkish letters and a German article before the number, the month alone tells ("İyun" too)."""
    assert wrong_break("Görüş 5.", "İyun tarixində keçirildi.")
    assert wrong_break("Lemgo spielt 12.", "Dezember gegen Berlin.")
    assert not wrong_break("Lemgo spielt 12.", "Danach gegen Berlin.")


def test_each_break_is_judged_by_the_sentence_before_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each break was judged by all the text joined before it, read again at every break: a paragraph of
    abbreviations ("Sen. A Sen. A …", 28,000 characters) took 20 s to split, an article of them hours."""
    judged: list[str] = []

    def recording(left: str, right: str, turkic: bool = False) -> bool:
        judged.append(left)
        return wrong_break(left, right, turkic)

    monkeypatch.setattr(chunking, "wrong_break", recording)
    text = "Sen. A " * 50
    assert sentences(text) == [text.strip()]
    assert judged and max(map(len, judged)) <= len("Sen. A")


@pytest.mark.parametrize(("text", "expected"), [
    # razdel knows none of these sentence ends: each paragraph was one "sentence"
    ("阿克套港将在2027年前完成扩建。该项目由日本提供资金！真的吗？是的。",
     ["阿克套港将在2027年前完成扩建。", "该项目由日本提供资金！", "真的吗？", "是的。"]),
    ("他说：“很好。”然后走了。", ["他说：“很好。”", "然后走了。"]),
    ("アクタウ港は重要です。「本当ですか？」はい。", ["アクタウ港は重要です。", "「本当ですか？」", "はい。"]),
    ("यह बंदरगाह महत्वपूर्ण है। जापान निवेश करता है। क्यों?",
     ["यह बंदरगाह महत्वपूर्ण है।", "जापान निवेश करता है।", "क्यों?"]),
    ("الميناء مهم. لماذا يهم؟ لأنه يربط الشرق بالغرب.", ["الميناء مهم.", "لماذا يهم؟", "لأنه يربط الشرق بالغرب."]),
    ("Նավահանգիստը կարևոր է։ Ճապոնիան ներդրում է կատարում։",
     ["Նավահանգիստը կարևոր է։", "Ճապոնիան ներդրում է կատարում։"]),
    ("ወደቡ አስፈላጊ ነው። ጃፓን ኢንቨስት ታደርጋለች።", ["ወደቡ አስፈላጊ ነው።", "ጃፓን ኢንቨስት ታደርጋለች።"]),
    ("In der 41. Minute fiel das Tor. Dann nichts.", ["In der 41. Minute fiel das Tor.", "Dann nichts."]),
])
def test_sentence_ends_of_other_scripts(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_questions_of_other_scripts() -> None:
    """An interviewer's line in Chinese, Arabic or Greek ends with "？", "؟" or ";"; a semicolon ends no question
    in other scripts."""
    assert is_interview_question("– 为什么阿克套港对巴库这么重要？")
    assert is_interview_question("– لماذا يهم ميناء أكتاو لباكو؟")
    assert is_interview_question("– Γιατί είναι σημαντικό το λιμάνι;")
    assert is_question("「本当ですか？」")
    assert not is_question("Порт важен для Баку;")


def test_chinese_sentences_have_clauses() -> None:
    """Clauses end at the full-width comma and semicolon, which no space follows; a run of Chinese characters counts
    a word for every two of them, as no spaces part its words."""
    sentence = "港口负责人表示，扩建后的码头将主要用于集装箱运输和粮食出口；中间走廊的货运量去年增长了百分之六十二。"
    assert split_clauses(sentence) == ["港口负责人表示，", "扩建后的码头将主要用于集装箱运输和粮食出口；",
                                       "中间走廊的货运量去年增长了百分之六十二。"]
    listing = "日本、韩国和中国都参加了会议。"  # "、" parts the items of a list
    assert split_clauses(listing) == [listing]


def tiny_sentences(count: int, paragraphs: int = 1) -> Article:
    """A Chinese article of `count` distinct sentences of three characters, in `paragraphs` paragraphs."""
    words = [chr(0x4E00 + i) for i in range(3000)]
    sentences = [f"{words[i % 3000]}{words[(i * 7) % 3000]}{words[(i * 13) % 3000]}。" for i in range(count)]
    per = -(-count // paragraphs)
    return Article("tiny.txt", "标题", tuple("".join(sentences[i : i + per]) for i in range(0, count, per)))


def test_an_article_of_tiny_sentences_is_merged_within_the_passage_limit() -> None:
    """470,000 characters of Chinese in sentences of 2-5 characters made 209,000 passages (over two hours of
    embedding); its short sentences are merged into fewer passages instead, and none of its text is left out."""
    article = tiny_sentences(3000, paragraphs=10)
    assert len(chunking.chunk_article(article)) > 500
    capped = chunking.capped_chunks(article, limit=500)
    assert 0 < len(capped.chunks) <= 500
    assert capped.note and "merged" in capped.note and "all of its text" in capped.note
    covered = {i for c in capped.chunks for i in range(c.start, c.end)}
    assert all(i in covered for i, ch in enumerate(article.body) if ch != "\n")
    assert [c.ordinal for c in capped.chunks] == list(range(len(capped.chunks)))


def test_an_article_of_too_many_paragraphs_keeps_its_first_ones() -> None:
    """A paragraph for each tiny sentence cannot be merged into fewer passages: its first paragraphs are indexed,
    and the note says how much of it."""
    article = tiny_sentences(3000, paragraphs=3000)
    capped = chunking.capped_chunks(article, limit=500)
    assert 0 < len(capped.chunks) <= 500
    assert capped.note and "only the first" in capped.note
    kept = max(c.paragraph for c in capped.chunks)
    assert kept < 3000 and f"({kept:,} paragraphs)" in capped.note
    assert all(c.end <= len("\n".join(article.paragraphs[:kept])) for c in capped.chunks)


def test_an_article_within_the_limit_is_chunked_as_always() -> None:
    article = Article("a.txt", "Title", ("The port opened in May. It handles grain, coal and oil. Ships wait.",
                                         "Japan paid for the new berth, officials said on Monday."))
    capped = chunking.capped_chunks(article, limit=500)
    assert capped.note is None and capped.chunks == chunking.chunk_article(article)
