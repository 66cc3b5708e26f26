"""Interviews laid out other than the seed's dashes: "Q:"/"A:", "Корр.:"/"Оспанов:", bare questions (a Markdown
file's bold ones, an HTML page's <strong> and <h3> ones, which reach the chunker as plain paragraphs).

Only the dashed layout was an interview before: these articles' answers were not framed by their questions,
/topics listed none, "who is being interviewed?" was ranked as any question (the harbour interview's answer was
its "Q: Tell us about the ferry line" line), and "Q:", "A:", "Оспанов:" were embedded as words of every answer.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from askbot.articles import Article, read_article
from askbot.chunking import chunk_article, interview_layout

FIXTURES = Path(__file__).parent / "articles_interviews"
SEED = next((Path(__file__).parent.parent / "articles").glob("000_*.txt"))


def article(name: str) -> Article:
    return read_article(FIXTURES / name)


@pytest.mark.parametrize(("name", "questions", "labels"), [
    ("300_harbour_qa.txt", [1, 4, 6, 8], {"q", "a"}),  # "Q: Tell us about the ferry line to Baku." has no "?"
    ("301_zhanaozen_korr.txt", [1, 3, 6, 8], {"корр", "оспанов"}),  # "Корр.: Расскажите, как …" neither
    ("302_kaffee_interview.md", [1, 3, 6, 8], set()),  # "**Erzählen Sie uns von Ihrer Röstmaschine.**" too
    ("303_glacier_interview.html", [1, 3, 5, 7], set()),
])
def test_interviewer_lines_of_each_layout(name: str, questions: list[int], labels: set[str]) -> None:
    layout = interview_layout(article(name).paragraphs)
    assert sorted(layout.questions) == questions
    assert layout.labels == labels


def test_the_seed_interview_is_read_as_before() -> None:
    """The dashed lines that end with "?", and nothing else: its chunks do not change."""
    paragraphs = read_article(SEED).paragraphs
    dashed = {i for i, p in enumerate(paragraphs) if p.startswith("–") and p.rstrip("»\"') ").endswith("?")}
    assert interview_layout(paragraphs).questions == dashed
    assert len(dashed) == 7


@pytest.mark.parametrize("name", ["300_harbour_qa.txt", "301_zhanaozen_korr.txt"])
def test_speaker_labels_are_not_embedded(name: str) -> None:
    chunks = chunk_article(article(name))
    for chunk in chunks:
        lines = chunk.embed_text.split("\n")
        assert not any(line.startswith(("Q:", "A:", "Корр.:", "Оспанов:")) for line in lines), chunk.embed_text
    # the answer is framed by its question, without the label either
    framed = [c for c in chunks if c.granularity == "framed"]
    assert any(c.embed_text.startswith(("Tell us about the ferry line", "Расскажите, как вы вышли")) for c in framed)
    # shown as written, label and all: it says who speaks
    assert all(c.text.startswith(("A: ", "Оспанов: ")) for c in chunks if c.granularity == "section"
               and c.paragraph in (3, 5, 8, 10))


def test_a_bare_question_frames_its_answer() -> None:
    chunks = chunk_article(article("303_glacier_interview.html"))
    framed = {c.paragraph: c.embed_text for c in chunks if c.granularity == "framed"}
    assert framed[1].startswith('"The glacier lost forty metres')  # the lead, by the title
    assert framed[5].startswith("Where does Almaty get its drinking water from?\nMostly from")
    assert not any(c.paragraph in (2, 4, 6, 8) for c in chunks)  # questions ask, they are no passages


def test_a_request_is_a_question_only_in_an_interview() -> None:
    """The German interview's "Erzählen Sie uns von Ihrer Röstmaschine." took its answer into the one before (how
    much she roasts a week), shown first for "what roaster does she have?"; a news story's "Tell …" stays text."""
    chunks = chunk_article(article("302_kaffee_interview.md"))
    framed = {c.paragraph: c.embed_text for c in chunks if c.granularity == "framed"}
    assert framed[8].startswith("Erzählen Sie uns von Ihrer Röstmaschine.\nSie ist eine gebrauchte")
    news = ("The mayor opened the new bridge on Monday after three years of building and two delays.",
            "Tell the council what you want, he said to the crowd, and it will listen to every word of it.",
            "The bridge cost twice the sum first planned, and the opposition wants an inquiry into the contracts.")
    assert interview_layout(news).questions == frozenset()


def test_a_dashed_question_without_a_question_mark() -> None:
    paragraphs = (
        "Мы поговорили с капитаном порта Актау Данияром Сейткали о новых причалах и паромах.",
        "– Данияр, сколько судов зашло в порт в этом году?",
        "– Чуть больше четырёхсот двадцати. Это на четверть больше, чем в прошлом году, причалы заняты неделями.",
        "– Расскажите о паромной линии в Баку.",
        "– Паром ходит три раза в неделю вместо двух, переход занимает около восемнадцати часов, вагоны на борту.",
        "Груз из Китая доходит до Кавказа без перевалки.",
        "– Чего не хватает порту?",
        "– Глубины. Самые большие танкеры Каспия пока не могут подойти к старым причалам, нужен новый бассейн.",
    )
    assert interview_layout(paragraphs).questions == {1, 3, 6}


NEWS_WITH_QUESTIONS = (
    "The city council voted on Tuesday to raise bus fares by ten percent from January, the first rise in six years.",
    "«Who will pay for the new buses?» asked one council member during a heated debate that lasted four hours.",
    "The transport department says the money will go to forty new electric buses and to repairs of the depot.",
    "«Why should you pay more for the same old bus?»",
    "That was written on the placards outside the town hall, where about two hundred people protested in the rain.",
    "Can you still buy a monthly pass at the old price?",
    "Until December 31, say the unions, who plan to take the decision to court before the new fares come into force.",
    "Will the court stop the rise?",
    "Lawyers doubt it: the council followed every step the law prescribes, and similar suits failed elsewhere.",
)
FAQ = (
    "Everything you need to know about the new residence permit rules that apply from March.",
    "How do I apply for a permit?",
    "Applications are filed online through the e-government portal, with a scan of the passport and proof of address.",
    "What documents do I need?",
    "A passport, a rental contract or a deed, and a certificate from the employer stating the salary and position.",
    "Can my family come with me?",
    "Spouses and children under eighteen may apply together with the main applicant and get permits as long.",
    "How long do you take to decide?",
    "Usually three to four weeks; in the summer months, when most students apply, it can take up to two months.",
)
FICTION = (
    "It was already dark when Aigerim came back from the well with two buckets of water.",
    "– Ты куда ходила?",
    "– За водой.",
    "– Так поздно?",
    "– Колодец был занят.",
    "Бабушка ничего не ответила и снова отвернулась к окну, за которым догорал закат над степью.",
    "– Отец звонил?",
    "– Нет.",
)
SCRIPT = (  # a play: one speaker asks, the other answers at the same length
    "A short play in one act. A kitchen in Almaty, late evening; the kettle is boiling.",
    "Marat: Where have you been all night, and why did you not answer a single one of my calls?",
    "Aliya: Out with friends from work, at the cinema on Abay Avenue, and my phone was dead all evening.",
    "Marat: Which friends, and since when do you go to the cinema on a Tuesday night without telling me?",
    "Aliya: Dana and her brother, since they invited me this morning, and I did tell you, you were asleep.",
    "Marat: Do you really expect me to believe that you forgot to charge your phone again this week?",
    "Aliya: Believe what you like, Marat, I am too tired to argue about it at two in the morning again.",
)
POLL = (  # questions to the reader, answered by figures
    "What do the city's residents think of the new bus fares? We asked a thousand of them last week by phone.",
    "Will you take the bus less often?",
    "Yes, said 41 percent.",
    "Would you pay more for cleaner buses?",
    "Only 23 percent would.",
    "Do you own a car?",
    "Two in three do.",
)
QUIZ = (  # known labels, but no interview: one-word answers
    "Our weekly geography quiz: ten questions about Central Asia, answers below each question.",
    "Q: What is the capital of Kazakhstan?",
    "A: Astana.",
    "Q: Which sea does Aktau lie on?",
    "A: The Caspian.",
    "Q: What river flows through Almaty?",
    "A: The Malaya Almatinka.",
)


@pytest.mark.parametrize("paragraphs", [NEWS_WITH_QUESTIONS, FAQ, FICTION, SCRIPT, QUIZ, POLL],
                         ids=["news", "faq", "fiction", "script", "quiz", "poll"])
def test_no_interview_where_there_is_none(paragraphs: tuple[str, ...]) -> None:
    assert interview_layout(paragraphs).questions == frozenset()
    chunks = chunk_article(Article("x", "Title", paragraphs))
    assert not any(c.granularity == "framed" and c.context for c in chunks)


def test_a_question_label_with_unlabelled_answers() -> None:
    paragraphs = tuple(p.removeprefix("A: ") for p in article("300_harbour_qa.txt").paragraphs)
    layout = interview_layout(paragraphs)
    assert sorted(layout.questions) == [1, 4, 6, 8]
    assert layout.labels == {"q"}


def test_a_label_that_opens_a_news_paragraph_is_no_speaker() -> None:
    paragraphs = (
        "Update: the ferry to Baku sails again after a storm kept it in port for three days this week.",
        "Kuryk: the second terminal reopened on Monday, the port authority said in a statement on its website.",
        "Why did the storm last so long? Forecasters blame a cold front that stalled over the Caspian for days.",
    )
    assert interview_layout(paragraphs) == interview_layout(())


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory, embedder):
    """The four interviews alone (no seed: "who is being interviewed?" is theirs to answer)."""
    import shutil

    from askbot.engine import Engine

    try:
        from conftest import base_settings
    except ImportError:  # pragma: no cover - run from the repository root as a package
        from tests.conftest import base_settings  # type: ignore[no-redef]

    root = tmp_path_factory.mktemp("interviews")
    shutil.copytree(FIXTURES, root / "articles")
    return Engine.open(base_settings(articles_dir=root / "articles", index_dir=root / "index"), embedder)


def test_topics_list_each_layouts_questions_without_labels(engine) -> None:
    questions = {t.question for t in engine.topics()}
    assert {"Tell us about the ferry line to Baku.", "Ерлан, сколько у вас верблюдов и с чего всё начиналось?",
            "Wie viel Kaffee rösten Sie in einer Woche?", "What can the city do?"} <= questions
    assert len(questions) == 16
    ferry = next(t for t in engine.topics() if t.question.startswith("Tell us about the ferry"))
    answer = engine.topic_answer(ferry)
    assert [p.text[:20] for p in answer.passages] == ["A: The ferry now sai"]  # up to the next "Q:"


@pytest.mark.parametrize("question", ["Who is being interviewed?", "С кем это интервью?", "Wer wird interviewt?"])
def test_who_is_interviewed_is_each_interviews_lead(engine, question: str) -> None:
    answer = engine.ask(question, top_k=4)
    assert answer.answered
    assert sorted(p.paragraph for p in answer.passages) == [1, 1, 1, 1]


@pytest.mark.parametrize("question", ["When was this article published?", "Когда опубликована статья?",
                                      "Wann wurde der Artikel veröffentlicht?"])
def test_when_the_article_was_published_is_the_lead_of_each_dated_article(engine, question: str) -> None:
    """Only the glacier page gives its date (the heading of a quoted passage shows it); the other three have
    none, so their leads answer nothing about when."""
    answer = engine.ask(question, top_k=4)
    assert answer.answered
    assert [(p.article_id[:4], p.paragraph, p.published[:10]) for p in answer.passages] == [("303_", 1, "2026-11-20")]


@pytest.mark.parametrize("question", ["What is the source of this article?", "Who wrote the article?", "Откуда статья?",
                                      "Makaleyi kim yazdı?"])
def test_a_question_about_the_article_itself_is_answered_by_the_leads(engine, question: str) -> None:
    """No passage says where an article comes from; the heading of its lead does (title, source, date). Ranked
    as any question, "What is the source of this article?" was refused as chat."""
    answer = engine.ask(question, top_k=4)
    assert answer.answered
    assert sorted(p.paragraph for p in answer.passages) == [1, 1, 1, 1]


@pytest.mark.parametrize(("question", "phrase"), [
    ("How often does the ferry to Baku sail?", "three times a week"),
    ("Сколько стоит литр верблюжьего молока?", "тысячу двести тенге"),
    ("Where does Almaty get its drinking water?", "mountain rivers"),
])
def test_an_answer_under_its_question(engine, question: str, phrase: str) -> None:
    answer = engine.ask(question, top_k=1)
    assert answer.answered and phrase in answer.passages[0].text
