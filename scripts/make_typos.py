"""Questions typed fast in a chat: eval/dev.jsonl with keyboard typos, written to eval/typos.jsonl.

    python scripts/make_typos.py            # writes eval/typos.jsonl (seed 7)
    python scripts/make_typos.py --seed 8 --out /tmp/typos8.jsonl

Every dev question (answerable and not) is copied with the same expected phrases and language, its id as
"from", and 1-3 of its words of four letters or more changed by one typo each, as fingers make them on the
keyboard of the question's script (QWERTY for Latin letters, ЙЦУКЕН for Cyrillic): a neighbouring key for a letter,
a dropped letter, a doubled letter, or two neighbouring letters swapped. The case of a letter is kept; letters
that are not on the keyboard (ä, ş, ə, қ…) are only dropped, doubled or swapped. The same seed gives the same file.
Compare with the same questions asked plainly: `askbot eval eval/typos.jsonl` against `askbot eval eval/dev.jsonl`.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

from askbot.spelling import KEYS_BESIDE

ROOT = Path(__file__).resolve().parent.parent

WORD = re.compile(r"[^\W\d_]{4,}")
KINDS = ("adjacent", "drop", "double", "swap")


def typo(word: str, rng: random.Random) -> str:
    """`word` with one typo, never the same word back."""
    for _ in range(20):
        kind = rng.choice(KINDS)
        at = rng.randrange(len(word))
        if kind == "adjacent":
            near = KEYS_BESIDE.get(word[at].lower())
            if not near:
                continue
            key = rng.choice(near)
            changed = word[:at] + (key.upper() if word[at].isupper() else key) + word[at + 1:]
        elif kind == "drop":
            changed = word[:at] + word[at + 1:]
        elif kind == "double":
            changed = word[:at + 1] + word[at] + word[at + 1:]
        else:
            if at == len(word) - 1:
                at -= 1
            changed = word[:at] + word[at + 1] + word[at] + word[at + 2:]
        if changed != word:
            return changed
    return word[:-1]


def with_typos(question: str, rng: random.Random) -> str:
    """`question` with 1-3 of its words of four letters or more changed by one typo each."""
    words = list(WORD.finditer(question))
    if not words:
        return question
    chosen = sorted(rng.sample(words, min(len(words), rng.randint(1, 3))), key=lambda m: m.start())
    out, last = [], 0
    for match in chosen:
        out += [question[last:match.start()], typo(match.group(), rng)]
        last = match.end()
    return "".join(out) + question[last:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=ROOT / "eval" / "dev.jsonl")
    parser.add_argument("--out", type=Path, default=ROOT / "eval" / "typos.jsonl")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    lines = []
    for line in args.source.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        typed = {"id": f"typo-{item['id']}", "question": with_typos(item["question"], rng),
                 "expected": item["expected"], "lang": item["lang"], "from": item["id"]}
        lines.append(json.dumps(typed, ensure_ascii=False))
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} questions written to {args.out}")


if __name__ == "__main__":
    main()
