"""Articles about everyday subjects: a football report and a weather warning beside the seed interview.

The engine refuses a question nearer an everyday text (a football score, the weather) than any passage
(askbot.background). Once the articles cover such a subject themselves, questions about them must be answered,
in any language: an English question is nearer the English football text than the Russian report that answers
it, and was refused as off-topic.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from askbot.engine import Engine

try:
    from conftest import base_settings, make_workspace
except ImportError:  # pragma: no cover - run from the repository root as a package
    from tests.conftest import base_settings, make_workspace  # type: ignore[no-redef]

EVERYDAY_ARTICLES = Path(__file__).parent / "articles_everyday"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory, prebuilt_index: Path, embedder) -> Engine:
    """The seed with a Russian cup-final report and an English cold-snap warning (only these two embedded)."""
    settings = make_workspace(tmp_path_factory.mktemp("everyday"), prebuilt_index)
    for path in EVERYDAY_ARTICLES.iterdir():
        (settings.articles_dir / path.name).write_bytes(path.read_bytes())
    return Engine.open(base_settings(articles_dir=settings.articles_dir, index_dir=settings.index_dir), embedder)


@pytest.mark.parametrize(("question", "phrase"), [
    ("Who scored the winning goal?", "Победный гол"),
    ("Which team won the Kazakhstan Cup?", "стал обладателем Кубка"),
    ("Кто забил победный гол?", "Победный гол"),
    ("Какая погода будет в Алматы в выходные?", "first snow"),
    ("Будет ли снег в Алматы?", "first snow"),
    # a count of spectators is a count of people; the English passage ordered first (the Kazakh question is nearer
    # the Russian interview by its language) is the one whose article must name Almaty
    ("How many people watched the match at the stadium?", "23 тысячах зрителей"),
    ("Алматыда қар жауа ма?", "first snow"),
])
def test_questions_about_an_everyday_subject_the_articles_cover_are_answered(
        engine: Engine, question: str, phrase: str) -> None:
    judged = engine.judge(question, 3)
    assert not judged.refused, judged
    assert phrase in judged.passages[0].text


@pytest.mark.parametrize("message", ["How do I bake a cake?", "Какой курс доллара сегодня?", "Hi, how are you doing?"])
def test_subjects_the_articles_do_not_cover_are_still_refused(engine: Engine, message: str) -> None:
    assert engine.judge(message, 3).refused


def test_the_weather_somewhere_no_article_names_is_refused(engine: Engine) -> None:
    """Weather is covered now, but only Almaty's: London is named by no article (askbot.mentions)."""
    judged = engine.judge("What's the weather in London tomorrow?", 3)
    assert judged.refused and judged.missing == "mention"


def test_the_seed_alone_covers_no_everyday_subject(tmp_path: Path, prebuilt_index: Path, embedder) -> None:
    """The interview is about diplomacy and logistics: none of its sections comes near an everyday text, so every
    one of them stays in the background."""
    seed = Engine.open(make_workspace(tmp_path, prebuilt_index), embedder)
    assert not seed._covered_background(seed._lookup).any()
