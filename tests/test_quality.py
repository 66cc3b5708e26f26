"""Answer quality must not slip: the dev set through the production path (real model, default params).

Floors are the numbers measured with the defaults (eval/RESULTS.md) minus 0.03 of slack; where a target
of issue 5 was met, the floor is the target. A ranking or chunking change that loses more fails here.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from askbot.articles import load_articles
from askbot.config import Settings
from askbot.engine import Engine
from askbot.evaluate import load_questions, run_eval
from askbot.index import build_index, load_index

ROOT = Path(__file__).resolve().parent.parent
SLACK = 0.03
# Measured with the production embedder (sentence-transformers), `askbot eval eval/dev.jsonl`.
MEASURED = {"hit@1": 0.733, "hit@3": 0.933, "wrongly_refused": 0.011, "correctly_refused": 1.0}
# issue 5's refusal targets, met on the dev set: they bound the slack
TARGETS = {"wrongly_refused": 0.05, "correctly_refused": 0.90}
MEASURED_LANG_HIT1 = {"en": 0.824, "ru": 0.688}
MEASURED_SMALL_TALK_REFUSED = 0.933  # `askbot eval eval/offtopic.jsonl`: greetings, thanks, tests, other topics
# `eval/when.jsonl` and `eval/who.jsonl` beside the distractors (RESULTS, "With other articles in the index")
MEASURED_WHEN = {"wrongly_refused": 0.1, "correctly_refused": 0.75}
MEASURED_WHO = {"wrongly_refused": 0.0, "correctly_refused": 0.857}
MAX_MEDIAN_FIRST_CHARS = 700  # target met: a chat-sized first passage
# The hold-out sets (never tuned on; holdout2 measured once, then one gap fixed; holdout3 written blind;
# refusal_tune and refusal_blind written blind, the v9 refusal rules tuned on the first, the second measured
# only before and after; holdout4 written blind, measured once, then the interviewee rule was found on it;
# multilingual, twelve more languages, measured once, then the rule of looking among the passages shown was found
# on it): a change that helps the dev set by fitting its phrasing would show here.
MEASURED_HELD_OUT = {
    "holdout": {"hit@1": 0.7, "hit@3": 0.933, "wrongly_refused": 0.0, "correctly_refused": 0.625},
    "holdout2": {"hit@1": 0.867, "hit@3": 1.0, "wrongly_refused": 0.067, "correctly_refused": 0.917},
    "holdout3": {"hit@1": 0.778, "hit@3": 0.978, "wrongly_refused": 0.022, "correctly_refused": 0.8},
    "holdout4": {"hit@1": 0.725, "hit@3": 0.941, "wrongly_refused": 0.0, "correctly_refused": 0.889},
    "refusal_tune": {"hit@1": 0.85, "hit@3": 0.95, "wrongly_refused": 0.0, "correctly_refused": 0.85},
    "refusal_blind": {"hit@1": 0.85, "hit@3": 0.95, "wrongly_refused": 0.0, "correctly_refused": 0.675},
    "multilingual": {"hit@1": 0.65, "hit@3": 0.9, "wrongly_refused": 0.15, "correctly_refused": 0.4},
}

pytestmark = pytest.mark.slow


def fresh_engine(articles_dir: Path, index_dir: Path) -> Engine:
    """A fresh index of `articles_dir`, built with the real model, and the default ranking (as the bot uses)."""
    from askbot.embeddings import load_embedder

    settings = Settings(hub_offline=True, articles_dir=articles_dir, index_dir=index_dir)
    embedder = load_embedder(settings)
    articles, _ = load_articles(articles_dir)
    build_index(index_dir, articles, embedder)
    snapshot = load_index(index_dir)
    assert snapshot is not None
    return Engine(embedder, index_dir, snapshot)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return fresh_engine(ROOT / "articles", tmp_path_factory.mktemp("quality") / "index")


@pytest.fixture(scope="module")
def report(engine: Engine) -> dict:
    return run_eval(engine, load_questions(ROOT / "eval" / "dev.jsonl")).as_dict()


def test_ranking_holds(report: dict) -> None:
    overall = report["overall"]
    assert overall["hit@1"] >= MEASURED["hit@1"] - SLACK, overall
    assert overall["hit@3"] >= MEASURED["hit@3"] - SLACK, overall
    assert overall["median_first_chars"] <= MAX_MEDIAN_FIRST_CHARS, overall


@pytest.mark.parametrize("lang", sorted(MEASURED_LANG_HIT1))
def test_ranking_holds_per_language(report: dict, lang: str) -> None:
    scores = report["languages"][lang]
    assert scores["hit@1"] >= MEASURED_LANG_HIT1[lang] - SLACK, scores


def test_refusal_holds(report: dict) -> None:
    overall = report["overall"]
    assert overall["wrongly_refused"] <= min(MEASURED["wrongly_refused"] + SLACK, TARGETS["wrongly_refused"]), overall
    assert overall["correctly_refused"] >= max(MEASURED["correctly_refused"] - SLACK, TARGETS["correctly_refused"]), \
        overall


@pytest.mark.parametrize("name", sorted(MEASURED_HELD_OUT))
def test_held_out_sets_hold(engine: Engine, name: str) -> None:
    """Small sets: one question moves hit@1 by 0.02–0.05 and refusal by 0.025–0.13, so each may lose two
    answerable questions and one unanswerable one, not more."""
    overall = run_eval(engine, load_questions(ROOT / "eval" / f"{name}.jsonl")).as_dict()["overall"]
    measured = MEASURED_HELD_OUT[name]
    answerable_slack = 2 / overall["answerable"] + 0.001
    unanswerable_slack = 1 / overall["unanswerable"] + 0.001
    assert overall["hit@1"] >= measured["hit@1"] - answerable_slack, overall
    assert overall["hit@3"] >= measured["hit@3"] - answerable_slack, overall
    assert overall["wrongly_refused"] <= measured["wrongly_refused"] + answerable_slack, overall
    assert overall["correctly_refused"] >= measured["correctly_refused"] - unanswerable_slack, overall

@pytest.mark.parametrize(("name", "correctly_refused"), [("noisy", 1.0), ("translit", 1.0)])
def test_questions_as_typed_do_as_well_as_their_clean_forms(engine: Engine, name: str,
                                                            correctly_refused: float) -> None:
    """Greetings, thanks, openers, capitals, a second question, a preamble (`eval/noisy.jsonl`); Russian typed
    in Latin letters (`eval/translit.jsonl`): against the same dev questions asked plainly (their "from"),
    which may do better by one question at most; and their near misses refused as measured, less one."""
    typed = load_questions(ROOT / "eval" / f"{name}.jsonl")
    lines = (ROOT / "eval" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    dev = {q.id: q for q in load_questions(ROOT / "eval" / "dev.jsonl")}
    clean = [replace(q, question=dev[json.loads(line)["from"]].question)
             for q, line in zip(typed, lines, strict=True) if q.expected]
    typed_overall = run_eval(engine, typed).as_dict()["overall"]
    clean_overall = run_eval(engine, clean).as_dict()["overall"]
    one = 1 / len(clean) + 0.001
    assert typed_overall["hit@1"] >= clean_overall["hit@1"] - one, (typed_overall, clean_overall)
    assert typed_overall["hit@3"] >= clean_overall["hit@3"] - one, (typed_overall, clean_overall)
    assert typed_overall["wrongly_refused"] <= clean_overall["wrongly_refused"] + 0.001, (typed_overall, clean_overall)
    unanswerable = len(typed) - len(clean)
    assert typed_overall["correctly_refused"] >= correctly_refused - 1 / unanswerable - 0.001, typed_overall


def test_small_talk_is_refused(engine: Engine) -> None:
    """Greetings, thanks, tests and questions on other topics get a refusal, not a random passage."""
    overall = run_eval(engine, load_questions(ROOT / "eval" / "offtopic.jsonl")).as_dict()["overall"]
    assert overall["correctly_refused"] >= MEASURED_SMALL_TALK_REFUSED - SLACK, overall


@pytest.mark.parametrize(("message", "small_talk", "missing"), [
    ("привет", True, ""), ("thanks a lot!", True, ""), ("🤔", True, ""), ("???", True, ""),  # ??? is a reaction
    ("who made you?", True, ""), ("Ты живой?", True, ""),  # about the bot itself: it introduces itself
    ("What's the weather in Paris tomorrow?", False, ""),  # off-topic: "the articles don't say", not a greeting
    ("Сколько стоит билет на паром из Актау в Баку?", False, "number"),  # how much, and no number found
    ("When did Tokayev visit Japan?", False, "time"),  # a when question, and the article has no dates
    ("Who is the mayor of Aktau?", False, "post"),  # the holder of a post the article never mentions
    ("Какие японские банки дают кредиты Казахстану?", False, "organisation"),  # no passage names a bank
    ("Where was Azer Badamov born?", False, "biography"),  # the lead names his post, not his birthplace
    ("What did Erdogan say about the Middle Corridor?", False, "mention"),  # the article never names Erdoğan
    ("Как Узбекистан участвует в Срединном коридоре?", False, "mention"),  # nor Uzbekistan
    ("what did tokayev agree about uranium", False, "mention"),  # nor uranium: it found the hydrogen passage
    ("What's the weather in Aktau?", False, "subject"),  # a place of the article: its passage comes first
    # "между струйками дождя" (between the raindrops) is a figure of speech, not the weather
    ("What is the weather like in Aktau?", False, "subject"), ("Is it raining in Aktau?", False, "subject"),
    ("Какой сейчас курс тенге к иене?", False, "subject"),  # no passage speaks of an exchange rate
    ("What is the capital of Japan?", False, "subject"),  # found "Японский капитал", investment capital
    ("Столица Японии?", False, "subject"), ("Japonya'nın başkenti neresi?", False, "subject"),
    ("whats the capital of japan", False, "subject"),  # typed without the apostrophe
    ("quel est le pib du kazakhstan", False, "number"),  # a GDP, not the 3.7 billion dollars Japan invests
    ("What currency does Japan use?", False, "subject"),
    ("Tokayev's age?", False, "number"),  # a measure asked for without a question word
    ("Ile kosztuje bilet na prom z Aktau do Baku?", False, "number"),  # Polish "how much": was answered
    ("Население Японии?", False, "number"),
    ("How big is Kazakhstan?", False, "number"),  # a place's size: no passage gives an area or its people
    # a question for a fact is no greeting, however near the background's "こんにちは" its script puts it
    ("日本の首相は誰ですか？", False, ""), ("일본 총리는 누구입니까?", False, ""), ("阿克套天气怎么样？", False, ""),
    # the post beside another country is that country's: "Президент Казахстана" does not say who Japan's is
    ("Кто президент Японии?", False, "post"), ("Who is Japan's president?", False, "post"),
    ("Kто премьер-министр Японии?", False, "post"),  # a Latin K: the who-question was not read
    # Spanish and Portuguese names of the country: "Japón" and "Japão" were no place, so Tokayev answered
    ("¿Quién es el presidente de Japón?", False, "post"), ("Quem é o presidente do Japão?", False, "post"),
    # the temperature is the weather: "What is the temperature in Aktau?" was answered with the Aktau passage
    ("What is the temperature in Aktau?", False, "subject"), ("Какая температура в Актау?", False, "subject"),
])
def test_refusals_say_why(engine: Engine, message: str, small_talk: bool, missing: str) -> None:
    answer = engine.ask(message)
    assert not answer.answered and answer.small_talk is small_talk and answer.missing == missing
    assert answer.suggestions


@pytest.mark.parametrize("question", ["How much does Aktau matter for Baku?",
                                      "How much influence does Japan want in Central Asia?"])
def test_how_much_of_a_degree_is_answered(engine: Engine, question: str) -> None:
    """"How much does it matter" asks how far, not how many: no number is needed to answer it."""
    assert engine.ask(question).answered


@pytest.mark.parametrize("question", ["How much money will Japan invest?", "Сколько денег вложит Япония?",
                                      "¿Cuánto dinero invertirá Japón?", "How big was the investment Tokayev secured?",
                                      # second, under "масштаб инвестиций к этому располагает" (no figure)
                                      "how much did japan invest", "жапония қазақстанға қанша инвестиция салды"])
def test_a_number_found_among_the_passages_shown_is_put_first(engine: Engine, question: str) -> None:
    """The paragraph that states the 3.7 billion dollars is about diplomacy and ranks fourth or fifth for these;
    it is put first, not refused for want of a number in the first three."""
    answer = engine.ask(question)
    assert answer.answered and "3,7 миллиарда долларов" in answer.passages[0].text, answer


def test_a_topic_named_the_chat_way_is_answered(engine: Engine) -> None:
    """"anything about hydrogen" names a topic; its chat words put it nearer "Thanks!" than any passage."""
    answer = engine.ask("anything about hydrogen")
    assert answer.answered and "водородной энергетики" in answer.passages[0].text, answer


def test_refusal_names_what_is_missing(engine: Engine) -> None:
    """The reader is told the articles give no date, not that nothing about the visit was found."""
    from askbot.views import TEXTS, Presenter

    presenter = Presenter(engine)
    assert presenter.answer("When did Tokayev visit Japan?", "en").html.startswith(TEXTS["en"]["no_time"])
    assert presenter.answer("Когда Токаев был в Японии?", "ru").html.startswith(TEXTS["ru"]["no_time"])
    assert presenter.answer("What's the weather in Paris?", "en").html.startswith(TEXTS["en"]["no_answer"])
    assert presenter.answer("Погода в Актау?", "ru").html.startswith(TEXTS["ru"]["no_answer"])
    assert presenter.answer("Кто мэр Актау?", "ru").html.startswith(TEXTS["ru"]["no_post"])


@pytest.mark.parametrize("question", ["Who is the president of Kazakhstan?", "Кто президент Азербайджана?",
                                      "Which MP gave this interview?", "Кто президент Казахстана?"])
def test_a_post_the_article_names_is_answered(engine: Engine, question: str) -> None:
    """The post check refuses only when no passage shown mentions the post: these the article answers."""
    assert engine.ask(question).answered


@pytest.mark.parametrize("question", ["What does Badamov think about Japanese capital?",  # named in the lead only
                                      "Что сказал Токаев о Японии?", "How did Tokayev describe Japan?",
                                      "Tokayev və Əliyev necə işləyirlər?", "Why does Aktau matter for Baku?"])
def test_a_place_or_party_the_article_names_is_answered(engine: Engine, question: str) -> None:
    """The mention check refuses only when the article of the passages never names the place or party."""
    assert engine.ask(question).answered


def test_an_acronym_typed_in_latin_is_answered(engine: Engine) -> None:
    """"TMTM" on a Latin keyboard is the interview's Cyrillic "ТМТМ": the embedder took them for different words
    (0.757, refused) until the question was spelt as the article spells it."""
    answer = engine.ask("What does TMTM stand for?")
    assert answer.answered
    assert "ТМТМ" in answer.passages[0].text


@pytest.mark.parametrize("question", ["waht is teh midle coridor", "What are the bottlenecks on the coorridor?"])
def test_a_question_with_typos_is_answered(engine: Engine, question: str) -> None:
    """Typed fast: each was refused below the threshold (0.769, 0.784) until its typos were put right
    (`askbot.spelling`)."""
    assert engine.ask(question).answered


def test_a_question_with_typos_finds_its_answer(engine: Engine) -> None:
    """"Was his cyoice of wodds depiberate?" ranked another passage first; with "choice of words deliberate" put
    right, the one that says no word at that level is chosen by chance."""
    answer = engine.ask("Was his cyoice of wodds depiberate?")
    assert answer.answered
    assert "случайных слов не бывает" in answer.passages[0].text


def test_typos_are_refused_as_their_clean_forms(engine: Engine) -> None:
    """`eval/typos.jsonl`: dev's near misses with keyboard typos slipped past the answer-type and mention checks
    (70.6% refused; 82.4% with the English typos put right, 100% of the English ones); and its answerable questions
    are not refused more often (6.7% before, 4.4%)."""
    overall = run_eval(engine, load_questions(ROOT / "eval" / "typos.jsonl")).as_dict()["overall"]
    assert overall["correctly_refused"] >= 0.824 - 1 / overall["unanswerable"] - 0.001, overall
    assert overall["wrongly_refused"] <= 0.044 + 0.001, overall


@pytest.fixture(scope="module")
def engine_with_distractors(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """The seed article plus the distractors, which carry years, months, days, names and posts."""
    folder = tmp_path_factory.mktemp("distractors")
    articles_dir = folder / "articles"
    articles_dir.mkdir()
    for source in [*(ROOT / "articles").iterdir(), *(ROOT / "eval" / "distractors").iterdir(),
                   ROOT / "tests" / "webfixtures" / "article_en.html"]:
        (articles_dir / source.name).write_bytes(source.read_bytes())
    return fresh_engine(articles_dir, folder / "index")


@pytest.mark.parametrize(("name", "measured"), [("when", MEASURED_WHEN), ("who", MEASURED_WHO)])
def test_answer_types_beside_other_articles(engine_with_distractors: Engine, name: str, measured: dict) -> None:
    """The date and post checks refuse questions the seed article cannot answer, never those other articles can.

    `eval/when.jsonl` asks when-questions, `eval/who.jsonl` who holds a post; both are asked of the seed article
    plus the distractors.
    """
    questions = load_questions(ROOT / "eval" / f"{name}.jsonl")
    overall = run_eval(engine_with_distractors, questions).as_dict()["overall"]
    assert overall["wrongly_refused"] <= measured["wrongly_refused"] + SLACK, overall
    assert overall["correctly_refused"] >= measured["correctly_refused"] - SLACK, overall


# `eval/articles2.jsonl` on the seed plus eval/articles2/ (written blind; RESULTS, "Articles unlike the seed"), and
# the dev set asked of that same index: how other articles disturb the seed's answers.
MEASURED_ARTICLES2 = {"hit@1": 0.689, "hit@3": 0.852, "wrongly_refused": 0.016, "correctly_refused": 0.211}
MEASURED_DEV_BESIDE_ARTICLES2 = {"hit@1": 0.7, "hit@3": 0.889, "wrongly_refused": 0.022, "correctly_refused": 0.941}


@pytest.fixture(scope="module")
def engine_with_articles2(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder = tmp_path_factory.mktemp("articles2")
    articles_dir = folder / "articles"
    articles_dir.mkdir()
    for source in [*(ROOT / "articles").iterdir(), *(ROOT / "eval" / "articles2").iterdir()]:
        (articles_dir / source.name).write_bytes(source.read_bytes())
    return fresh_engine(articles_dir, folder / "index")


@pytest.mark.parametrize(("name", "measured"), [("articles2", MEASURED_ARTICLES2),
                                                ("dev", MEASURED_DEV_BESIDE_ARTICLES2)])
def test_articles_unlike_the_seed_hold(engine_with_articles2: Engine, name: str, measured: dict) -> None:
    """Ranking and refusal on a Russian news report, an English feature and a German sports report beside the
    seed interview, and the seed's own questions beside them."""
    overall = run_eval(engine_with_articles2, load_questions(ROOT / "eval" / f"{name}.jsonl")).as_dict()["overall"]
    assert overall["hit@1"] >= measured["hit@1"] - SLACK, overall
    assert overall["hit@3"] >= measured["hit@3"] - SLACK, overall
    assert overall["wrongly_refused"] <= measured["wrongly_refused"] + SLACK, overall
    assert overall["correctly_refused"] >= measured["correctly_refused"] - SLACK, overall


def test_a_lone_surrogate_in_a_question_is_read_not_fatal(engine: Engine) -> None:
    """Half of an emoji cut apart (or undecodable input) reaches the tokenizer as a lone surrogate, which it
    cannot encode: it is read as "?"."""
    answer = engine.ask("why \ud83d does Aktau matter for Baku?")
    assert answer.answered and "мультипликативный" in answer.passages[0].text
