"""Reply latency of the real bot: update queued on a fake Telegram -> the bot's sendMessage arriving.

Runs the harness of tests/test_bot.py (the real Application, the real model, a real index of articles/,
FakeBotAPI on 127.0.0.1) and asks N questions from eval/dev.jsonl, one after another or all at once:

    python scripts/bench_bot.py -n 50
    python scripts/bench_bot.py -n 50 --burst     # N users asking at the same moment
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
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


async def bench(count: int, burst: bool) -> list[float]:
    started = time.monotonic()
    embedder = load_real_embedder()
    with tempfile.TemporaryDirectory(prefix="askbot-bench-") as folder:
        root = Path(folder)
        settings = make_workspace(root / "work", build_prebuilt_index(root / "prebuilt", embedder))
        engine = Engine.open(settings, embedder)
        print(f"model and index ready in {time.monotonic() - started:.1f} s", file=sys.stderr)
        latencies: list[float] = []
        async with running_bot(settings, engine, latencies=latencies) as harness:
            await harness.ask(1, "warm-up: why does Aktau matter for Baku?")
            latencies.clear()
            asked = questions(count)
            if burst:  # one chat per question so that each reply is matched to its question
                await asyncio.gather(*(harness.ask(100 + i, q, timeout=300) for i, q in enumerate(asked)))
            else:
                for question in asked:
                    await harness.ask(100, question)
        return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--questions", type=int, default=30, help="how many questions (default 30)")
    parser.add_argument("--burst", action="store_true", help="queue all questions at once")
    args = parser.parse_args()
    latencies = sorted(asyncio.run(bench(args.questions, args.burst)))
    p90 = latencies[int(0.9 * (len(latencies) - 1))]
    print(f"{len(latencies)} questions{' (burst)' if args.burst else ''}: "
          f"median {statistics.median(latencies) * 1000:.0f} ms, p90 {p90 * 1000:.0f} ms, "
          f"worst {latencies[-1] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
