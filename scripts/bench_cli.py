"""Index build time, per-question time of `askbot ask` on stdin, and the on-disk index size.

    python scripts/bench_cli.py [--questions 50]

Runs the real `askbot` command in subprocesses on a fresh temporary index of ./articles.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def askbot(*args: str, env: dict[str, str], stdin: str | None = None) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "askbot.cli", *args], input=stdin, text=True, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - started


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=50)
    args = parser.parse_args()
    questions = [json.loads(line)["question"] for line in (ROOT / "eval" / "dev.jsonl").read_text().splitlines()]
    questions = (questions * (args.questions // len(questions) + 1))[: args.questions]
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "ASKBOT_INDEX_DIR": str(Path(folder) / "index"),
               "ASKBOT_ARTICLES_DIR": str(ROOT / "articles")}
        build = askbot("index", "--json", env=env)
        unchanged = askbot("index", "--json", env=env)
        one = askbot("ask", "--json", "why Aktau matters for Baku", env=env)
        many = askbot("ask", "--json", env=env, stdin="\n".join(questions) + "\n")
        size = folder_size(Path(folder) / "index")
    per_question = (many - one) / (len(questions) - 1)
    print(f"index build, seed article, fresh index (incl. ~model load): {build:6.2f} s")
    print(f"index run with nothing changed:                          {unchanged:6.2f} s")
    print(f"ask, one question (process start + model load + answer):  {one:6.2f} s")
    print(f"ask, {len(questions)} questions on stdin:                           {many:6.2f} s")
    print(f"  per question after start-up:                           {per_question * 1000:6.1f} ms")
    print(f"index/ on disk:                                          {size / 1024:6.0f} KiB")


if __name__ == "__main__":
    main()
