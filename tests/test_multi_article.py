"""Refusal with several articles in the index: what one article says does not answer a question another
article's passage comes first for (found by the blind articles2 set, eval/README.md)."""

from __future__ import annotations

import pytest

from askbot.engine import Engine

try:
    from conftest import ARTICLES_DIR, seed_beside
except ImportError:  # pragma: no cover - run from the repository root as a package
    from tests.conftest import ARTICLES_DIR, seed_beside  # type: ignore[no-redef]

NEW_ARTICLES = ARTICLES_DIR.parent / "eval" / "articles2"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory, embedder) -> Engine:
    """The seed interview with a Russian news report, an English feature and a German handball report."""
    return Engine.open(seed_beside(tmp_path_factory.mktemp("multi"), NEW_ARTICLES), embedder)


def test_another_article_s_number_lower_down_does_not_answer_a_how_much_question(engine: Engine) -> None:
    """The interview never gives Tokayev's age; a figure in the water report or the tram feature, ranked below
    the interview's passage, is no answer to it."""
    judged = engine.judge("Тоқаев неше жаста?", 5)
    assert judged.passages[0].article_id.startswith("000_")
    assert judged.refused and judged.missing == "number"


@pytest.mark.parametrize("message", ["How do I cook plov?", "Write me a poem about cats"])
def test_everyday_questions_no_article_covers_are_still_refused(engine: Engine, message: str) -> None:
    """(Not "Кто выиграл чемпионат мира по футболу?": beside these articles a passage of the interview scores just
    above the football text, and it is answered; eval/RESULTS.md, "Articles unlike the seed".)"""
    assert engine.judge(message, 5).refused


@pytest.mark.parametrize(("question", "article"), [
    ("what is this article about?", None),
    ("О чём статья про воду?", "101_"),
    ("Worum geht es im Artikel über Handball?", "103_"),
])
def test_what_an_article_is_about_is_answered_by_the_leads(engine: Engine, question: str, article: str | None) -> None:
    """An overview question is answered with each article's first paragraph (alone, it was refused as chat: it
    is nearer small talk than any passage), the article it names first."""
    judged = engine.judge(question, 5)
    assert not judged.refused
    assert [p.paragraph for p in judged.passages] == [1, 1, 1, 1]
    assert len({p.article_id for p in judged.passages}) == 4
    if article:
        assert judged.passages[0].article_id.startswith(article)


@pytest.mark.parametrize("question", ["Who is being interviewed here?", "С кем вообще это интервью?", "сұхбат кіммен",
                                      "who is the guy they interview"])
def test_who_an_interview_is_with_is_answered_by_its_lead(engine: Engine, question: str) -> None:
    """The lead names the interviewee ("мы обсудили с депутатом … Азером Бадамовым"); ranked as any question, these
    found the rare-earth or Aktau answer first, or were refused as small talk or below the threshold. The three
    other articles are no interviews, so their leads are not offered."""
    judged = engine.judge(question, 5)
    assert not judged.refused
    assert [(p.article_id[:4], p.paragraph) for p in judged.passages] == [("000_", 1)]
    assert "Азером Бадамовым" in judged.passages[0].text
