"""The answer-type refusal variants of eval/RESULTS.md, on the production path, one table row each.

    python scripts/refusal_variants.py

Builds two throwaway indexes with the production embedder (the seed article alone, and the seed article
beside eval/distractors/ and the tests' bike-lane page) and asks eval/dev.jsonl, eval/holdout.jsonl and
eval/when.jsonl, eval/who.jsonl and eval/refusal_tune.jsonl of them with each variant: the how-much check alone
(as in v6, with today's question words), with when-questions, without the units per measure, without the posts
of who-questions, at depth 5 or 3, without the company and biography types, without the mention check
(`askbot.mentions`), and "look deeper" (promote a passage from the top 10 that states what is asked for
instead of refusing). Prints wrongly / correctly refused per set, then the same for the
refusal threshold swept from 0.765 to 0.79 with every rule in force.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from askbot import answer_type
from askbot import engine as engine_module
from askbot.config import load_settings
from askbot.engine import Engine, Judged
from askbot.evaluate import load_questions, run_eval

ROOT = Path(__file__).resolve().parent.parent
Required = Callable[[str], answer_type.AnswerType | None]


def how_much_only(question: str) -> answer_type.AnswerType | None:
    return answer_type.NUMBER if answer_type.asks_quantity(question) else None


def v8_types(question: str) -> answer_type.AnswerType | None:
    """The answer types before the company and biography checks (v9)."""
    wanted = answer_type.required_statement(question)
    return None if wanted is not None and wanted.name in ("organisation", "biography") else wanted


def without_posts(question: str) -> answer_type.AnswerType | None:
    wanted = v8_types(question)
    return None if wanted is not None and wanted.name == "post" else wanted


def without_units(question: str) -> answer_type.AnswerType | None:
    wanted = without_posts(question)
    return answer_type.NUMBER if wanted is not None and wanted.measure else wanted


VARIANTS: list[tuple[str, Required, int, bool, bool]] = [  # name, rule, depth, look deeper, mention check
    ("how-much and measure questions only, 5", how_much_only, 5, False, False),
    ("+ when, + measures, no units, 5", without_units, 5, False, False),
    ("+ when, + measures, no units, 3", without_units, 3, False, False),
    ("+ units per measure, 3", without_posts, 3, False, False),
    ("+ posts, 3 (v8)", v8_types, 3, False, False),
    ("+ companies, biography, 3", answer_type.required_statement, 3, False, False),
    ("+ mentions, 3 (kept)", answer_type.required_statement, 3, False, True),
    ("kept, but look deeper (top 10)", answer_type.required_statement, 3, True, True),
]


def look_deeper(original: Callable, depth: int = 10) -> Callable:
    def judge(self: Engine, question: str, limit: int) -> Judged:
        judged = original(self, question, max(limit, depth))
        wanted = engine_module.required_statement(question)
        if judged.missing and wanted is not None:
            for i, passage in enumerate(judged.passages[:depth]):
                if wanted.stated_in(passage.text) and passage.score >= self.params.threshold:
                    ranked = [passage, *judged.passages[:i], *judged.passages[i + 1:]]
                    return replace(judged, passages=ranked[:limit], refused=False, missing="")
        return replace(judged, passages=judged.passages[:limit])
    return judge


THRESHOLDS = (0.765, 0.77, 0.775, 0.78, 0.785, 0.79)


def print_thresholds(alone: Engine, beside: Engine) -> None:
    """The refusal threshold swept with every rule in force (the kept variant): wrongly / correctly refused."""
    sets = [("dev", alone, "dev"), ("hold-out", alone, "holdout"), ("holdout2", alone, "holdout2"),
            ("off-topic", alone, "offtopic"), ("about the bot", alone, "about_the_bot"),
            ("dev + distractors", beside, "dev")]
    print("\n| threshold | " + " | ".join(name for name, _, _ in sets) + " |")
    print("|---" * (len(sets) + 1) + "|")
    defaults = alone.params
    for threshold in THRESHOLDS:
        cells = []
        for _, engine, file in sets:
            engine.params = replace(defaults, threshold=threshold)
            scores = run_eval(engine, load_questions(ROOT / "eval" / f"{file}.jsonl")).as_dict()["overall"]
            wrongly = f"{scores['wrongly_refused']:.1%}" if "wrongly_refused" in scores else "-"
            cells.append(f"{wrongly} / {scores['correctly_refused']:.1%}")
        print(f"| {threshold} | " + " | ".join(cells) + " |", flush=True)
    alone.params = beside.params = defaults


def main() -> None:
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    work = Path(tempfile.mkdtemp(prefix="askbot-variants-"))
    try:
        multi = work / "articles"
        multi.mkdir()
        for source in [*(ROOT / "articles").iterdir(), *(ROOT / "eval" / "distractors").iterdir(),
                       ROOT / "tests" / "webfixtures" / "article_en.html"]:
            shutil.copy(source, multi / source.name)
        settings = load_settings(dotenv_path=None)
        alone = Engine.open(settings.with_overrides(articles_dir=ROOT / "articles", index_dir=work / "alone"))
        beside = Engine.open(settings.with_overrides(articles_dir=multi, index_dir=work / "beside"),
                             embedder=alone.embedder)
        sets = [("when.jsonl + distractors", beside, "when"), ("who.jsonl + distractors", beside, "who"),
                ("dev alone", alone, "dev"),
                ("dev + distractors", beside, "dev"), ("hold-out alone", alone, "holdout"),
                ("hold-out + distractors", beside, "holdout"), ("refusal_tune alone", alone, "refusal_tune")]
        print("| variant | dev alone hit@1 / hit@3 | " + " | ".join(name for name, _, _ in sets) + " |")
        print("|---" * (len(sets) + 2) + "|")
        original_rule, original_judge = engine_module.required_statement, Engine.judge
        for name, rule, depth, deeper, mentions in VARIANTS:
            engine_module.required_statement = rule
            Engine.judge = look_deeper(original_judge) if deeper else original_judge
            cells = []
            for label, engine, file in sets:
                engine.params = replace(engine.params, answer_type_depth=depth, mention_check=mentions)
                scores = run_eval(engine, load_questions(ROOT / "eval" / f"{file}.jsonl")).as_dict()["overall"]
                if label == "dev alone":
                    cells.insert(0, f"{scores['hit@1']} / {scores['hit@3']}")
                cells.append(f"{scores['wrongly_refused']:.1%} / {scores['correctly_refused']:.1%}")
            print(f"| {name} | " + " | ".join(cells) + " |")
        engine_module.required_statement, Engine.judge = original_rule, original_judge
        print_thresholds(alone, beside)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
