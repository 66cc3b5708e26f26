"""Follow-up questions on the production path: answered alone (as before) versus read with the previous question.

    ASKBOT_INDEX_DIR=/tmp/fu-index python scripts/followup_eval.py [--set eval/followup.jsonl] [--join all]

Each line of the set has a previous question, a message and the phrases the passage it should get must hold;
`"follow_up": false` marks a short message that must be answered alone ("Why Aktau?"). For each way of joining
a follow-up to its previous question (`--join`), the follow-ups' hit@1 / hit@3 (rank of the first passage with
an expected phrase, refusals count as misses), how many were recognised as follow-ups, and how many of the
messages that are none were taken for follow-ups (each one an answer made worse). The engine and its ranking
are the ones `askbot ask` uses (`Engine.open` with the settings from the environment).
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Callable
from pathlib import Path

from askbot.config import load_settings
from askbot.engine import Engine
from askbot.evaluate import RANK_DEPTH, EvalQuestion, judge
from askbot.followup import elliptical_rest, read_with
from askbot.question import tidy

ROOT = Path(__file__).resolve().parent.parent
_STOP = re.compile(
    r"(?<!\w)(?:why|what|how|does|do|did|is|are|the|a|an|of|for|to|in|on|and|почему|зачем|что|как|ли|для|в|на|"
    r"и|а|warum|was|ist|für|und|der|die|das|neden|için|niyə|üçün|неге|үшін)(?!\w)", re.IGNORECASE)


def concatenated(message: str, previous: str) -> str | None:
    """The previous question and the whole message, connective and all."""
    return f"{tidy(previous)} {tidy(message)}" if elliptical_rest(message) is not None else None


def previous_first(message: str, previous: str) -> str | None:
    """The previous question first, then the new words."""
    rest = elliptical_rest(message)
    return f"{tidy(previous)} {rest}" if rest is not None else None


def with_content_words(message: str, previous: str) -> str | None:
    """The follow-up with the previous question's content words only (no question words, no articles)."""
    rest = elliptical_rest(message)
    if rest is None:
        return None
    content = " ".join(_STOP.sub(" ", tidy(previous).rstrip("?")).split())
    return f"{rest} {content}"


JOINS: dict[str, Callable[[str, str], str | None]] = {
    "rest+previous (kept)": read_with,
    "previous+rest": previous_first,
    "concatenated": concatenated,
    "rest+content words": with_content_words,
}


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def rank_of(engine: Engine, item: dict, text: str) -> tuple[int | None, bool]:
    judged = engine.judge(text, RANK_DEPTH)
    outcome = judge(EvalQuestion(item["question"], tuple(item["expected"]), item["lang"], item["id"]),
                    judged.passages, judged.refused)
    return (None if judged.refused else outcome.rank), judged.refused


def measure(engine: Engine, items: list[dict], join: Callable[[str, str], str | None] | None,
            verbose: bool) -> dict:
    """hit@1/hit@3 of the follow-ups, recognised follow-ups, and false follow-ups among the others."""
    follow, alone = [i for i in items if i.get("follow_up", True)], [i for i in items if not i.get("follow_up", True)]
    result: dict = {}
    for name, group in (("follow-ups", follow), ("not follow-ups", alone)):
        ranks, read = [], 0
        for item in group:
            text = join(item["question"], item["previous"]) if join else None
            read += text is not None
            rank, refused = rank_of(engine, item, text or item["question"])
            ranks.append(rank)
            if verbose and rank != 1:
                print(f"  {item['id']:12} rank={rank} refused={refused} {text or item['question']}")
        n = len(group)
        result[name] = {"n": n, "hit@1": round(sum(r == 1 for r in ranks) / n, 3),
                        "hit@3": round(sum(r is not None and r <= 3 for r in ranks) / n, 3), "read as follow-up": read}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="The index comes from ASKBOT_INDEX_DIR (built first when missing).")
    parser.add_argument("--set", type=Path, default=ROOT / "eval" / "followup.jsonl", help="the JSONL set")
    parser.add_argument("--join", choices=["kept", "all"], default="all",
                        help="measure the kept way of joining only, or every variant (default)")
    parser.add_argument("--verbose", action="store_true", help="list each message not answered first")
    args = parser.parse_args()
    engine = Engine.open(load_settings())
    items = load(args.set)
    joins = {"rest+previous (kept)": read_with} if args.join == "kept" else JOINS
    rows = [("alone (before)", measure(engine, items, None, args.verbose))]
    for name, join in joins.items():
        if args.verbose:
            print(name)
        rows.append((name, measure(engine, items, join, args.verbose)))
    print(f"| {'reading':24} | follow-ups n | hit@1 | hit@3 | read as follow-up | not follow-ups n | hit@1 | "
          "hit@3 | taken for follow-ups |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, r in rows:
        f, a = r["follow-ups"], r["not follow-ups"]
        print(f"| {name:24} | {f['n']} | {f['hit@1']} | {f['hit@3']} | {f['read as follow-up']} | {a['n']} | "
              f"{a['hit@1']} | {a['hit@3']} | {a['read as follow-up']} |")


if __name__ == "__main__":
    main()
