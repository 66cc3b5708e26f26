"""How index builds and answers scale with the number of articles.

    python scripts/bench_scale.py [--articles 40] [--questions 40]

Writes N synthetic news articles (paragraphs of the seed article and the distractors, reshuffled, every
sentence made distinct so that nothing is embedded once for many articles), then runs the real `askbot`
command in subprocesses on a fresh temporary index: the first build, the rebuilds after one article is added,
changed and removed, and the dev questions asked on stdin. Numbers, not assertions: README, Benchmarks.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


PEAK_MIB: dict[str, float] = {}  # command -> the largest resident memory one of its processes reached


def askbot(*args: str, env: dict[str, str], stdin: str | None = None) -> tuple[float, str]:
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "askbot.cli", *args], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd=ROOT)
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(stdin or "")  # a few questions: well within the pipe's buffer
    process.stdin.close()
    out = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)  # reaped here, not by Popen: wait4 gives this process's usage
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"askbot {' '.join(args)} failed")
    PEAK_MIB[args[0]] = max(PEAK_MIB.get(args[0], 0.0), usage.ru_maxrss / 1024)
    return seconds, out


def paragraph_pool() -> list[str]:
    """Body paragraphs of every article we ship (not titles, not interviewer questions)."""
    pool = []
    for path in [*(ROOT / "articles").glob("*.txt"), *(ROOT / "eval" / "distractors").glob("*.txt")]:
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()[1:]]
        pool += [line for line in lines
                 if len(line) > 80 and not line.endswith("?") and "появились сначала" not in line]
    return pool


def synthetic_article(number: int, pool: list[str], rng: random.Random) -> str:
    """A title and 8-14 paragraphs; each sentence carries the article's number, so every text is new."""
    paragraphs = []
    for paragraph in rng.sample(pool, rng.randint(8, min(14, len(pool)))):
        sentences = SENTENCE_END.split(paragraph)
        rng.shuffle(sentences)
        paragraphs.append(" ".join(re.sub(r"([.!?…»]*)$", rf" (№{number}-{i})\1", s, count=1)
                                   for i, s in enumerate(sentences)))
    return f"Сводка новостей №{number}\n" + "\n".join(paragraphs) + "\n"


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--questions", type=int, default=40)
    args = parser.parse_args()
    rng = random.Random(7)
    pool = paragraph_pool()
    questions = [json.loads(line)["question"] for line in (ROOT / "eval" / "dev.jsonl").read_text().splitlines()]
    questions = (questions * (args.questions // len(questions) + 1))[: args.questions]
    with tempfile.TemporaryDirectory() as folder:
        articles = Path(folder) / "articles"
        articles.mkdir()
        (articles / "seed.txt").write_bytes(next((ROOT / "articles").glob("*.txt")).read_bytes())
        for number in range(1, args.articles):
            (articles / f"news-{number:04d}.txt").write_text(synthetic_article(number, pool, rng), encoding="utf-8")
        env = {**os.environ, "ASKBOT_INDEX_DIR": str(Path(folder) / "index"), "ASKBOT_ARTICLES_DIR": str(articles)}
        build, out = askbot("index", "--json", env=env)
        units = json.loads(out)["chunks"]
        (articles / "news-added.txt").write_text(synthetic_article(10_000, pool, rng), encoding="utf-8")
        added, _ = askbot("index", "--json", env=env)
        (articles / "news-added.txt").write_text(synthetic_article(10_001, pool, rng), encoding="utf-8")
        changed, _ = askbot("index", "--json", env=env)
        (articles / "news-added.txt").unlink()
        removed, _ = askbot("index", "--json", env=env)
        one, _ = askbot("ask", "--json", "why Aktau matters for Baku", env=env)
        many, _ = askbot("ask", "--json", env=env, stdin="\n".join(questions) + "\n")
        size = folder_size(Path(folder) / "index")
    per_question = (many - one) / (len(questions) - 1)
    print(f"{args.articles} articles (the seed + {args.articles - 1} synthetic), {units} units")
    print(f"first build, fresh index (incl. model load):   {build:7.1f} s")
    print(f"one article added:                             {added:7.1f} s")
    print(f"one article changed:                           {changed:7.1f} s")
    print(f"one article removed:                           {removed:7.1f} s")
    print(f"ask, one question, cold process:               {one:7.1f} s")
    print(f"ask, per question after start-up:              {per_question * 1000:7.1f} ms")
    print(f"index/ on disk:                                {size / 2**20:7.1f} MiB")
    print(f"peak memory, askbot index / askbot ask:        {PEAK_MIB['index']:7.0f} / {PEAK_MIB['ask']:.0f} MiB")


if __name__ == "__main__":
    main()
