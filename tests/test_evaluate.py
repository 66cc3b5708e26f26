"""`askbot eval`'s question file: what it accepts, and one sentence naming the line for what it does not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from askbot.errors import AskbotError
from askbot.evaluate import EvalQuestion, judge, load_questions


def write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "set.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_set_with_answerable_and_unanswerable_questions(tmp_path: Path) -> None:
    path = write(tmp_path, '{"id": "a", "question": "Why Aktau?", "expected": ["Актау", "Alat"], "lang": "en"}',
                 "", '{"question": "Weather?", "expected": []}')
    assert load_questions(path) == [EvalQuestion("Why Aktau?", ("Актау", "Alat"), "en", "a"),
                                     EvalQuestion("Weather?", (), "?", "3")]


def test_one_expected_phrase_may_be_a_string(tmp_path: Path) -> None:
    """Read as one phrase: iterating it would make every letter an expected phrase, and every passage a hit."""
    [question] = load_questions(write(tmp_path, '{"question": "Why Aktau?", "expected": "порт Алят"}'))
    assert question.expected == ("порт Алят",)


@pytest.mark.parametrize(("line", "problem"), [
    ('{"question": "Why Aktau?"}', "no 'expected'"),  # a typo must not turn a question unanswerable
    ('{"question": "Why Aktau?", "expected": null}', "not null"),
    ('{"question": "Why Aktau?", "expected": [""]}', 'not [""]'),
    ('{"question": "Why Aktau?", "expected": [3.7]}', "not [3.7]"),
    ('{"question": "", "expected": []}', '"question" must be text'),
    ('{"question": null, "expected": []}', '"question" must be text'),
    ('{"expected": []}', "no 'question'"),
    ("not json", "Expecting value"),
    ('["Why Aktau?", []]', "a JSON array, not an object"),
    ('"Why Aktau?"', "a JSON string, not an object"),
    ("42", "a JSON number, not an object"),
    ('{"question": "Why Aktau?", "expected": 5}', '"expected" must be a list of phrases or one phrase, not 5'),
    ("[" * 100_000 + "]" * 100_000, "nested too deep"),  # a RecursionError traceback before
    # a lang or id of another type was printed as Python's repr in the report; a long wrong value in full
    ('{"question": "Why?", "expected": [], "lang": 5}', '"lang" must be text of at most 20 characters, not 5'),
    ('{"question": "Why?", "expected": [], "lang": {"x": 1}}', '"lang" must be text'),
    ('{"question": "Why?", "expected": [], "lang": ""}', '"lang" must be text'),
    ('{"question": "Why?", "expected": [], "id": [1, 2]}', '"id" must be text or a whole number, not [1, 2]'),
    ('{"question": "\u200b", "expected": []}', '"question" must be text'),  # stopped the run, naming no line
    (json.dumps({"question": "Why? " * 20_000, "expected": []}), '"question" is 100,000 characters long'),
    (json.dumps({"question": ["x"] * 10_000, "expected": []}), '"question" must be text, not ["x", "x", '),
])
def test_a_bad_line_is_named(tmp_path: Path, line: str, problem: str) -> None:
    path = write(tmp_path, '{"question": "Why Aktau?", "expected": ["Актау"]}', line)
    with pytest.raises(AskbotError, match=r"set\.jsonl:2 is not a question line") as error:
        load_questions(path)
    assert problem in str(error.value) and len(str(error.value)) < 500


def test_a_null_lang_or_a_number_id_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, '{"question": "Why Aktau?", "expected": [], "lang": null, "id": 7}')
    assert load_questions(path) == [EvalQuestion("Why Aktau?", (), "?", "7")]


@pytest.mark.parametrize("indent", [None, 2])
def test_a_json_array_of_questions_is_named_as_one(tmp_path: Path, indent: int | None) -> None:
    """Saved with json.dump instead of one object per line: "set.json:1 is not a question line (Expecting value…)"
    or "(list indices must be integers…)" did not say what was wrong."""
    path = tmp_path / "set.json"
    path.write_text(json.dumps([{"question": "Why Aktau?", "expected": ["Актау"]}] * 2, indent=indent))
    with pytest.raises(AskbotError, match=r"set\.json is a JSON array, not JSON Lines: put each question object on"):
        load_questions(path)


def test_a_device_is_no_question_set() -> None:
    """`askbot eval /dev/zero` read on until memory ran out."""
    with pytest.raises(AskbotError, match="/dev/zero is over 50 MB, no question set"):
        load_questions(Path("/dev/zero"))


def test_an_empty_set_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(AskbotError, match="holds no questions"):
        load_questions(write(tmp_path, "", "  "))


def test_judge_finds_the_first_passage_with_a_phrase() -> None:
    class Passage:
        def __init__(self, text: str, score: float) -> None:
            self.text, self.score = text, score

    item = EvalQuestion("Why Aktau?", ("порт алят",), "en", "a")
    outcome = judge(item, [Passage("Токио", 0.9), Passage("…попадет в порт Алят и далее", 0.8)], refused=False)
    assert (outcome.rank, outcome.best_score, outcome.refused) == (2, 0.9, False)
    assert judge(item, [], refused=True).rank is None


@pytest.mark.parametrize(("judged", "why"), [
    (dict(refused=False, small_talk=False, missing="", best=0.9), ""),
    (dict(refused=True, small_talk=True, missing="", best=0.8), "small talk"),
    (dict(refused=True, small_talk=False, missing="post", best=0.84), "no post"),
    (dict(refused=True, small_talk=False, missing="", best=0.70), "below threshold"),
    (dict(refused=True, small_talk=False, missing="", best=0.81), "off-topic"),  # a background text was nearer
])
def test_a_refusal_names_its_rule(judged: dict, why: str) -> None:
    from types import SimpleNamespace

    from askbot.evaluate import refusal_reason

    assert refusal_reason(SimpleNamespace(**judged), threshold=0.785) == why


def test_a_byte_order_mark_is_not_a_bad_line(tmp_path: Path) -> None:
    """Windows editors start UTF-8 files with one; json.loads refused the first line for it."""
    path = tmp_path / "set.jsonl"
    path.write_bytes('{"question": "Why Aktau?", "expected": ["Актау"]}\n'.encode("utf-8-sig"))
    assert load_questions(path) == [EvalQuestion("Why Aktau?", ("Актау",), "?", "1")]


@pytest.mark.parametrize("encoding", ["latin-1", "utf-16"])
def test_a_file_that_is_not_utf8_is_one_sentence(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "set.jsonl"
    path.write_bytes('{"question": "Où est Aktau?", "expected": ["Актау"]}\n'.encode(encoding, "replace"))
    with pytest.raises(AskbotError, match=r"set\.jsonl is not UTF-8 text.*save it as UTF-8"):
        load_questions(path)


def test_misses_are_listed_in_json_too() -> None:
    """`--json --show-misses` printed no misses at all."""
    from askbot.evaluate import Outcome, Report

    hit = Outcome(EvalQuestion("Why Aktau?", ("Алят",), "en", "a"), 1, 0.84, False, 300, "… порт Алят …")
    missed = Outcome(EvalQuestion("How much?", ("3,7",), "en", "b"), 3, 0.81, False, 200, "Токио")
    refused = Outcome(EvalQuestion("Who?", ("Джамалович",), "ru", "c"), None, 0.70, True, 0, "", "below threshold")
    let_through = Outcome(EvalQuestion("Weather?", (), "en", "d"), None, 0.79, False, 100, "Токио")
    report = Report([hit, missed, refused, let_through])
    assert "misses" not in report.as_dict()
    misses = report.as_dict(show_misses=True)["misses"]
    assert [(m["id"], m["rank"], m["refused"], m["why"]) for m in misses] == [
        ("b", 3, False, None), ("c", None, True, "below threshold"), ("d", None, False, None)]


def test_misses_in_the_text_report_keep_one_line_each() -> None:
    """A first passage of two paragraphs printed its second one at the start of a line, cut with no "…"; a question
    not found in the first passages showed "rank=None"."""
    from askbot.evaluate import Outcome, Report, format_report

    first = "– Абсолютно. В дипломатии такого уровня случайных слов не бывает.\nПрезидент Казахстана " * 3
    missed = Outcome(EvalQuestion("Why?", ("Алят",), "ru", "ru-02"), None, 0.878, False, len(first), first)
    lines = format_report(Report([missed]), show_misses=True).split("ru-02")[1].splitlines()
    assert lines[0].lstrip().startswith("rank=- score=0.878 Why?") and len(lines) == 2
    assert lines[1].startswith("         first: – Абсолютно.") and lines[1].endswith("…") and len(lines[1]) < 140


def test_a_lone_surrogate_is_printable(tmp_path: Path) -> None:
    """JSON may escape half a surrogate pair; the report printed after the whole run failed on it."""
    [question] = load_questions(write(tmp_path, '{"question": "Why \\ud800?", "expected": ["\\udc00"], '
                                                '"lang": "en\\udc00", "id": "\\udfff"}'))
    for text in (question.question, *question.expected, question.lang, question.id):
        text.encode("utf-8")
