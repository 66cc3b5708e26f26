"""The yardstick: hit@1, hit@3, MRR and abstention on a JSONL question set."""

from __future__ import annotations

import json
import statistics
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path

from askbot.errors import AskbotError
from askbot.question import echoed, tidy

RANK_DEPTH = 5


@dataclass(frozen=True)
class EvalQuestion:
    question: str
    expected: tuple[str, ...]
    lang: str
    id: str = ""

    @property
    def answerable(self) -> bool:
        return bool(self.expected)


@dataclass(frozen=True)
class Outcome:
    item: EvalQuestion
    rank: int | None  # 1-based rank of the first passage holding an expected phrase
    best_score: float
    refused: bool
    first_length: int
    first_text: str
    why: str = ""  # for a refusal: "below threshold", "off-topic", "small talk", or "no " + the answer's `missing`


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    @staticmethod
    def _scores(outcomes: list[Outcome]) -> dict:
        answerable = [o for o in outcomes if o.item.answerable]
        unanswerable = [o for o in outcomes if not o.item.answerable]
        n = len(answerable)
        result: dict = {"answerable": n, "unanswerable": len(unanswerable)}
        if n:
            result["hit@1"] = round(sum(o.rank == 1 for o in answerable) / n, 3)
            result["hit@3"] = round(sum(o.rank is not None and o.rank <= 3 for o in answerable) / n, 3)
            result["mrr"] = round(sum(1 / o.rank for o in answerable if o.rank) / n, 3)
            result["wrongly_refused"] = round(sum(o.refused for o in answerable) / n, 3)
            result["median_first_chars"] = int(statistics.median(o.first_length for o in answerable))
        if unanswerable:
            result["correctly_refused"] = round(sum(o.refused for o in unanswerable) / len(unanswerable), 3)
        return result

    def misses(self) -> list[Outcome]:
        """Answerable questions not answered first (or refused), unanswerable ones not refused."""
        return [o for o in self.outcomes
                if (o.item.answerable and (o.rank != 1 or o.refused)) or (not o.item.answerable and not o.refused)]

    def as_dict(self, show_misses: bool = False) -> dict:
        by_lang: dict[str, list[Outcome]] = defaultdict(list)
        for outcome in self.outcomes:
            by_lang[outcome.item.lang].append(outcome)
        result: dict = {
            "overall": self._scores(self.outcomes),
            "languages": {lang: self._scores(items) for lang, items in sorted(by_lang.items())},
        }
        if show_misses:
            result["misses"] = [{"id": o.item.id, "question": o.item.question, "lang": o.item.lang,
                                 "answerable": o.item.answerable, "rank": o.rank, "best_score": round(o.best_score, 3),
                                 "refused": o.refused, "why": o.why or None, "first": o.first_text}
                                for o in self.misses()]
        return result


SHOWN_VALUE_CHARS = 80  # of a wrong value in a problem: a list of 10,000 items was printed whole
MAX_EVAL_QUESTION_CHARS = 4096  # Telegram's longest message
MAX_LANG_CHARS = 20  # a language code ("en", "pt-BR") or name, one column of the report


def _shown(value: object) -> str:
    """A wrong value as a problem names it: its JSON, cut to SHOWN_VALUE_CHARS."""
    return echoed(json.dumps(value, ensure_ascii=False), SHOWN_VALUE_CHARS)


def _phrases(expected: object) -> tuple[str, ...]:
    """The expected phrases: a list of non-empty strings, or one string (read as one phrase, not letters)."""
    if isinstance(expected, str):
        expected = [expected]
    if not isinstance(expected, list) or not all(isinstance(e, str) and e.strip() for e in expected):
        raise ValueError(f'"expected" must be a list of phrases or one phrase, not {_shown(expected)}')
    return tuple(expected)


def _question(value: object) -> str:
    """The question: text, at most as long as a Telegram message (a longer one no user can send; a preamble
    before a question, as `eval/noisy.jsonl` has, fits)."""
    if not isinstance(value, str) or not tidy(value):
        raise ValueError(f'"question" must be text, not {_shown(value)}')
    if len(value) > MAX_EVAL_QUESTION_CHARS:
        raise ValueError(f'"question" is {len(value):,} characters long, over the {MAX_EVAL_QUESTION_CHARS:,} of '
                         "the longest Telegram message: shorten it")
    return value


def _label(data: dict, key: str, default: str, limit: int | None) -> str:
    """"lang" (text of at most `limit` characters) or "id" (text or a whole number): one cell of the report each,
    where a list or an object printed as Python's repr of it."""
    value = default if data.get(key) is None else data[key]
    if isinstance(value, int) and not isinstance(value, bool) and key == "id":
        value = str(value)
    if not isinstance(value, str) or not value.strip() or (limit is not None and len(value) > limit):
        short = f" of at most {limit} characters" if limit is not None else " or a whole number"
        raise ValueError(f'"{key}" must be text{short}, not {_shown(value)}')
    return value


_JSON_KINDS = {list: "array", str: "string", int: "number", float: "number", bool: "true/false", type(None): "null"}
MAX_SET_BYTES = 50_000_000  # some 100,000 questions: more is no question set (`askbot eval /dev/zero` read forever)


def _refuse_json_array(path: Path, text: str) -> None:
    """A question set saved as one JSON array (`[{...}, {...}]`, often over many lines) rather than one object per
    line: said as that, not as "line 1 is not a question line (Expecting value)"."""
    if not text.lstrip().startswith("["):
        return
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return
    if isinstance(data, list) and data and all(isinstance(item, dict) for item in data):
        raise AskbotError(f"{path} is a JSON array, not JSON Lines: put each question object on a line of its own "
                          f"(e.g. jq -c '.[]' {path} > questions.jsonl).")


def _read_text(path: Path) -> str:
    """The file as text: UTF-8, with or without the byte-order mark Windows editors write. At most MAX_SET_BYTES
    are read: a device may never end (`/dev/zero`), while a pipe (`/dev/stdin`) is fine."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_SET_BYTES + 1)
        if len(data) > MAX_SET_BYTES:
            raise AskbotError(f"{path} is over {MAX_SET_BYTES // 1_000_000} MB, no question set: give a JSONL file of "
                              "questions, one object per line.")
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AskbotError(f"{path} is not UTF-8 text (byte {exc.start + 1} is not): save it as UTF-8.") from None
    except OSError as exc:
        raise AskbotError(f"{path} cannot be read ({exc.strerror or exc}).") from None


def _printable(text: str) -> str:
    """JSON may escape a lone surrogate ("\\udc00"), which no report can print: it becomes "?"."""
    return text.encode("utf-8", "replace").decode("utf-8")


def load_questions(path: Path) -> list[EvalQuestion]:
    """Read the JSONL set; a malformed line is a user error naming the line."""
    questions = []
    text = _read_text(path)
    _refuse_json_array(path, text)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            if not isinstance(data, dict):  # "list indices must be integers" said nothing a user could act on
                raise ValueError(f"a JSON {_JSON_KINDS.get(type(data), 'value')}, not an object {{...}}")
            question = _printable(_question(data["question"]))
            expected = tuple(map(_printable, _phrases(data["expected"])))
            lang = _printable(_label(data, "lang", "?", MAX_LANG_CHARS))
            ident = _printable(_label(data, "id", str(number), None))
            questions.append(EvalQuestion(question, expected, lang, ident))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError, RecursionError) as exc:
            problem = ("nested too deep" if isinstance(exc, RecursionError)
                       else f"no {exc}" if isinstance(exc, KeyError) else str(exc))
            raise AskbotError(f"{path}:{number} is not a question line ({problem}); expected "
                              '{"question": ..., "expected": [...], "lang": ...}, with "expected": [] for a '
                              "question the articles cannot answer.") from None
    if not questions:
        raise AskbotError(f"{path} holds no questions.")
    return questions


def judge(item: EvalQuestion, passages: list, refused: bool) -> Outcome:
    """Where the first passage holding an expected phrase ranks, and whether the engine refused."""
    expected = [e.lower() for e in item.expected]
    rank = next((i for i, p in enumerate(passages, start=1) if any(e in p.text.lower() for e in expected)), None)
    best = passages[0].score if passages else 0.0
    first = passages[0].text if passages else ""
    return Outcome(item, rank, best, refused, len(first), first)


def refusal_reason(judged, threshold: float) -> str:
    """Which rule refused: what `--show-misses` prints next to a refused question."""
    if not judged.refused:
        return ""
    if judged.small_talk:
        return "small talk"
    if judged.missing:
        return f"no {judged.missing}"
    return "below threshold" if judged.best < threshold else "off-topic"


def run_eval(engine, questions: list[EvalQuestion]) -> Report:
    """Rank every question with the engine's own ranking and refusal rule (the one `ask` uses)."""
    report = Report()
    for item in questions:
        judged = engine.judge(item.question, RANK_DEPTH)
        outcome = judge(item, judged.passages, judged.refused)
        report.outcomes.append(replace(outcome, why=refusal_reason(judged, engine.params.threshold)))
    return report


def format_report(report: Report, show_misses: bool = False) -> str:
    data = report.as_dict()
    columns = ["hit@1", "hit@3", "mrr", "median_first_chars", "wrongly_refused", "correctly_refused"]
    header = f"{'':10}{'n':>5}" + "".join(f"{c:>20}" for c in columns)
    lines = [header]
    for name, scores in [("overall", data["overall"]), *data["languages"].items()]:
        n = scores.get("answerable", 0) + scores.get("unanswerable", 0)
        lines.append(f"{name:10}{n:>5}" + "".join(f"{scores.get(c, '-')!s:>20}" for c in columns))
    if show_misses:
        lines.append("")
        for o in report.misses():
            refused = f" refused ({o.why})" if o.refused else ""
            # a passage of two paragraphs broke the list's layout, and one cut at 120 characters showed no "…"
            first = echoed(" ".join(o.first_text.split()), 120)
            lines.append(f"{o.item.id:8} rank={o.rank or '-'} score={o.best_score:.3f}{refused} "
                         f"{echoed(o.item.question)}\n         first: {first}")
    return "\n".join(lines)
