"""How long reading an oversized article takes: the text shapes that were once quadratic.

    python scripts/bench_reading.py

Times `articles.unwrap` on one hard-wrapped block of 100,000 / 200,000 / 400,000 lines and
`articles.split_front_matter` on a front matter of 100,000 / 200,000 list items and wrapped lines. Before
2026-12-03 each line copied the text read so far: 100,000 lines took 30 s, 100,000 items 10 s. Numbers, not
assertions: README, Benchmarks.
"""

from __future__ import annotations

import argparse
import time

from askbot.articles import split_front_matter, unwrap

LINE = "the port of aktau grows and ships more each year and"


def timed(work) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def main() -> None:
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    print("| input | seconds |")
    print("|---|---|")
    for lines in (100_000, 200_000, 400_000):
        text = "Title\n" + "\n".join([LINE] * lines)
        print(f"| one wrapped block of {lines:,} lines ({len(text) / 1e6:.0f} MB) | "
              f"{timed(lambda text=text: unwrap(text)):.2f} |", flush=True)
    for items in (100_000, 200_000):
        text = ("---\ntitle:\n" + "- Aktau\n" * items + "source: https://a.example/x\n" + "  /more\n" * items
                + "---\nBody")
        print(f"| front matter of {items:,} list items and {items:,} wrapped lines | "
              f"{timed(lambda text=text: split_front_matter(text)):.2f} |", flush=True)


if __name__ == "__main__":
    main()
