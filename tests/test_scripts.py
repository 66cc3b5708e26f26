"""Articles in scripts razdel does not split: Chinese and Japanese end sentences with "。", "！", "？" and no space,
and say in 100 characters what English says in 300. Before, a Chinese paragraph was one "sentence" (no key
sentence marked, no sentence or window units), and a short Japanese news item was skipped as "too short"."""

from __future__ import annotations

from pathlib import Path

import pytest

from askbot.articles import ArticleError, read_article
from askbot.engine import Engine

try:
    from conftest import seed_beside
except ImportError:  # pragma: no cover - run from the repository root as a package
    from tests.conftest import seed_beside  # type: ignore[no-redef]

CJK_ARTICLES = Path(__file__).parent / "articles_cjk"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory, embedder) -> Engine:
    """The seed interview beside a Chinese report on Aktau's port and a short Japanese item on a ferry."""
    return Engine.open(seed_beside(tmp_path_factory.mktemp("cjk"), CJK_ARTICLES), embedder)


def test_a_short_news_item_in_japanese_is_an_article(tmp_path: Path) -> None:
    """105 Japanese characters are a whole news item (three sentences); a few words are still refused."""
    article = read_article(CJK_ARTICLES / "ja_kuryk_ferry.txt")
    assert article.title == "クリク港に新フェリー就航"
    stub = tmp_path / "stub.txt"
    stub.write_text("新フェリー\nクリク港に新しいフェリーが就航した。\n", encoding="utf-8")
    with pytest.raises(ArticleError, match="a Chinese, Japanese or Korean character counting three"):
        read_article(stub)


@pytest.mark.parametrize(("question", "article", "expected"), [
    ("阿克套港的年吞吐能力会提高到多少？", "zh_", "三千万吨"),
    ("这个项目总投资多少？", "zh_", "四亿五千万美元"),
    ("新しいフェリーの片道の所要時間は？", "ja_", "十八時間"),
])
def test_the_key_sentence_of_a_chinese_or_japanese_passage_is_marked(engine: Engine, question: str, article: str,
                                                                       expected: str) -> None:
    judged = engine.judge(question, 3)
    assert not judged.refused
    first = judged.passages[0]
    assert first.article_id.startswith(article) and expected in first.text
    marked = first.highlighted_sentence
    assert marked is not None and expected in marked and len(marked) < len(first.text)
    assert marked.endswith("。")


def test_an_english_when_question_is_answered_from_a_chinese_passage(engine: Engine) -> None:
    """The passage says "计划于2027年底前完成": the date checks read no Chinese, and refused it as saying no time."""
    judged = engine.judge("When will the Aktau port expansion be finished?", 3)
    assert not judged.refused and judged.missing == ""
    assert judged.passages[0].article_id.startswith("zh_") and "2027" in judged.passages[0].text


@pytest.mark.parametrize("message", ["你好", "谢谢", "谢谢你的帮助", "こんにちは", "ありがとうございます"])
def test_a_greeting_in_an_articles_language_is_small_talk(engine: Engine, message: str) -> None:
    """The small-talk texts were English and Russian: beside a Chinese article "你好" and "谢谢" were nearer its
    passages than them, and were answered with a passage."""
    judged = engine.judge(message, 3)
    assert judged.refused and judged.small_talk
