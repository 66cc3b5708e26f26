"""Reply latency of the real bot: update queued on a fake Telegram -> the bot's sendMessage arriving.

Runs the harness of tests/test_bot.py (the real Application, the real model, a real index of articles/,
FakeBotAPI on 127.0.0.1) and asks N questions from eval/dev.jsonl, one after another or all at once:

    python scripts/bench_bot.py -n 50
    python scripts/bench_bot.py -n 50 --burst     # N users asking at the same moment
    python scripts/bench_bot.py -n 50 --reindex   # while `askbot index` adds an article in another process

With --reindex the questions go on until the rebuild is over, and the latencies are split into those asked
while it ran (its model load and embedding compete for the CPU) and the others; at the end the running bot
must answer from the new article without a restart.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import build_prebuilt_index, load_real_embedder, make_workspace, running_bot  # noqa: E402

from askbot.engine import Engine  # noqa: E402


def questions(count: int) -> list[str]:
    rows = [json.loads(line) for line in (ROOT / "eval" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    return [rows[i % len(rows)]["question"] for i in range(count)]


NEW_ARTICLE = ROOT / "eval" / "distractors" / "ferry.txt"
NEW_QUESTION, NEW_ANSWER = "Сколько вагонов вмещает новый паром?", "сорок железнодорожных вагонов"


async def bench(count: int, burst: bool, reindex: bool) -> tuple[list[float], list[float]]:
    """Latencies of the questions asked (those asked while a rebuild ran, and the others)."""
    started = time.monotonic()
    embedder = load_real_embedder()
    with tempfile.TemporaryDirectory(prefix="askbot-bench-") as folder:
        root = Path(folder)
        settings = make_workspace(root / "work", build_prebuilt_index(root / "prebuilt", embedder))
        engine = Engine.open(settings, embedder)
        print(f"model and index ready in {time.monotonic() - started:.1f} s", file=sys.stderr)
        latencies: list[float] = []
        during: list[float] = []
        async with running_bot(settings, engine, latencies=latencies) as harness:
            await harness.ask(1, "warm-up: why does Aktau matter for Baku?")
            latencies.clear()
            asked = questions(count)
            if burst:  # one chat per question so that each reply is matched to its question
                await asyncio.gather(*(harness.ask(100 + i, q, timeout=300) for i, q in enumerate(asked)))
            elif reindex:
                before = engine.snapshot.generation
                (settings.articles_dir / NEW_ARTICLE.name).write_bytes(NEW_ARTICLE.read_bytes())
                env = {**os.environ, "ASKBOT_ARTICLES_DIR": str(settings.articles_dir),
                       "ASKBOT_INDEX_DIR": str(settings.index_dir)}
                rebuild = subprocess.Popen([sys.executable, "-m", "askbot.cli", "index"], env=env,
                                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                rebuilt_at = None
                for i in range(10**6):
                    running = rebuild.poll() is None
                    if not running and rebuilt_at is None:
                        rebuilt_at = i
                    if i >= count and rebuilt_at is not None and i >= rebuilt_at + 10:
                        break
                    await harness.ask(100, asked[i % len(asked)])
                    if running:
                        during.append(latencies.pop())
                assert rebuild.returncode == 0, "askbot index failed"
                reply = await harness.ask(100, NEW_QUESTION)
                assert NEW_ANSWER in reply.params["text"], reply.params["text"][:300]
                assert engine.snapshot.generation != before
                print(f"rebuild done after {rebuilt_at} questions; the running bot then answered from the new "
                      "article", file=sys.stderr)
                latencies.pop()  # the check question
            else:
                for question in asked:
                    await harness.ask(100, question)
        return latencies, during


def summary(label: str, latencies: list[float]) -> str:
    latencies = sorted(latencies)
    p90 = latencies[int(0.9 * (len(latencies) - 1))]
    return (f"{len(latencies)} questions{label}: median {statistics.median(latencies) * 1000:.0f} ms, "
            f"p90 {p90 * 1000:.0f} ms, worst {latencies[-1] * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--questions", type=int, default=30, help="how many questions (default 30)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--burst", action="store_true", help="queue all questions at once")
    mode.add_argument("--reindex", action="store_true", help="ask while `askbot index` adds an article")
    args = parser.parse_args()
    latencies, during = asyncio.run(bench(args.questions, args.burst, args.reindex))
    if args.reindex:
        print(summary(" while the index was rebuilt", during))
        print(summary(" before or after", latencies))
    else:
        print(summary(" (burst)" if args.burst else "", latencies))


if __name__ == "__main__":
    main()
