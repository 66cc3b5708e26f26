"""The retrieval core: question in, Answer out. The CLI, the bot and the tests all call this."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from askbot.answers import Answer, Passage, Suggestion
from askbot.articles import load_articles
from askbot.chunking import Chunk, ChunkingParams, is_interview_question, strip_dash
from askbot.config import Settings
from askbot.errors import AskbotError
from askbot.index import (
    BuildReport,
    IndexSnapshot,
    build_index,
    check_compatible,
    current_generation,
    load_index,
)

log = logging.getLogger(__name__)
MAX_QUESTION_CHARS = 1000


@dataclass(frozen=True)
class RankingParams:
    """Knobs of ranking, tuned on the dev set (`askbot eval`); the defaults are the best measured."""

    candidates: int = 64
    max_passages: int = 5
    threshold: float = 0.80
    expand_sentences: bool = True
    granularities: tuple[str, ...] = ("sentence", "window", "section")
    display: str = "section"  # what a matched unit is shown as: "section" or "window"


@dataclass(frozen=True)
class Topic:
    """An interviewer's question and where its answer starts; /topics shows these."""

    key: str
    question: str
    article_id: str
    paragraph: int


class _Lookup:
    """Per-snapshot tables: which row holds each sentence and each window."""

    def __init__(self, snapshot: IndexSnapshot) -> None:
        self.snapshot = snapshot
        self.sentence_rows: dict[tuple[str, int], int] = {}
        self.windows: dict[tuple[str, int], list[int]] = {}
        self.section_of: dict[tuple[str, int], int] = {}  # (article, sentence) -> section row
        for row, chunk in enumerate(snapshot.chunks):
            if chunk.granularity == "sentence":
                self.sentence_rows[(chunk.article_id, chunk.first)] = row
            elif chunk.granularity == "window":
                self.windows.setdefault((chunk.article_id, chunk.paragraph), []).append(row)
            elif chunk.granularity == "section":
                for index in range(chunk.first, chunk.last):
                    self.section_of[(chunk.article_id, index)] = row
        self.bodies = {a.id: "\n".join(a.paragraphs) for a in snapshot.articles.values()}


class Engine:
    """Embeds questions, searches the index and shapes answers; swaps to a newer index between questions."""

    def __init__(self, embedder, index_dir: Path, snapshot: IndexSnapshot,
                 params: RankingParams = RankingParams()) -> None:
        self.embedder = embedder
        self.index_dir = index_dir
        self.params = params
        self._lookup = _Lookup(snapshot)
        self._reload_lock = threading.Lock()

    @classmethod
    def open(cls, settings: Settings, embedder=None, *, build_if_missing: bool = True,
             show_progress: bool = False, params: RankingParams = RankingParams()) -> Engine:
        """Load the model and the index (building it first when there is none)."""
        if embedder is None:
            from askbot.embeddings import load_embedder

            embedder = load_embedder(settings, show_progress=show_progress)
        snapshot = load_index(settings.index_dir)
        if snapshot is None:
            if not build_if_missing:
                raise AskbotError(f"There is no index in {settings.index_dir}: run `askbot index` first.")
            articles, skipped = load_articles(settings.articles_dir)
            for item in skipped:
                log.warning("skipped %s: %s", item.path, item.reason)
            build_index(settings.index_dir, articles, embedder, skipped=skipped, show_progress=show_progress)
            snapshot = load_index(settings.index_dir)
            assert snapshot is not None
        check_compatible(snapshot.manifest, embedder.name, settings.index_dir)
        return cls(embedder, settings.index_dir, snapshot, params)

    @property
    def snapshot(self) -> IndexSnapshot:
        return self._lookup.snapshot

    # -- keeping up with the index on disk ---------------------------------------------------------

    def reload_if_changed(self) -> bool:
        """Switch to a newer generation if one was published; True when it switched.

        Generations are complete before CURRENT names them, so this never sees a half-written index.
        """
        if current_generation(self.index_dir) in (None, self.snapshot.generation):
            return False
        with self._reload_lock:
            snapshot = load_index(self.index_dir)
            if snapshot is None or snapshot.generation == self.snapshot.generation:
                return False
            check_compatible(snapshot.manifest, self.embedder.name, self.index_dir)
            self._lookup = _Lookup(snapshot)  # one reference swap: questions in flight keep the old one
            log.info("switched to index generation %s", snapshot.generation)
            return True

    def reindex(self, articles_dir: Path, params: ChunkingParams = ChunkingParams()) -> BuildReport:
        """Incremental update from `articles_dir`, then switch to it."""
        articles, skipped = load_articles(articles_dir)
        report = build_index(self.index_dir, articles, self.embedder, skipped=skipped, params=params)
        self.reload_if_changed()
        return report

    # -- asking ------------------------------------------------------------------------------------

    def ask(self, question: str, top_k: int | None = None) -> Answer:
        """The passages that answer `question`, best first, or a refusal with suggestions."""
        question = " ".join(question.split())[:MAX_QUESTION_CHARS]
        if not question:
            raise AskbotError("The question is empty: type a question about the articles.")
        passages = self.rank(question, max(top_k or 0, self.params.max_passages))
        best = passages[0].score if passages else 0.0
        if best < self.params.threshold:
            return Answer(question, (), False, best, self.suggestions(3))
        return Answer(question, tuple(passages), True, best)

    def rank(self, question: str, limit: int) -> list[Passage]:
        """Best passages for `question` before any refusal: distinct (non-overlapping), best first."""
        self.reload_if_changed()
        lookup = self._lookup
        snapshot = lookup.snapshot
        if snapshot.vectors.ntotal == 0:
            return []
        query = np.asarray(self.embedder.embed_queries([question]), dtype=np.float32)
        scores, rows = snapshot.vectors.search(query, min(self.params.candidates, snapshot.vectors.ntotal))
        vector = query[0]
        passages: list[Passage] = []
        taken: list[tuple[str, int, int]] = []
        for score, row in zip(scores[0], rows[0], strict=True):
            if row < 0 or len(passages) >= limit:
                break
            chunk = snapshot.chunks[row]
            if chunk.granularity not in self.params.granularities:
                continue
            shown = self._display_chunk(lookup, chunk, vector)
            if any(a == shown.article_id and shown.first < last and first < shown.last for a, first, last in taken):
                continue
            taken.append((shown.article_id, shown.first, shown.last))
            passages.append(self._passage(lookup, shown, float(score), vector))
        return passages

    def embed_question(self, question: str) -> np.ndarray:
        return np.asarray(self.embedder.embed_queries([question]), dtype=np.float32)[0]

    def _display_chunk(self, lookup: _Lookup, chunk: Chunk, vector: np.ndarray) -> Chunk:
        """What to show for a matched unit: a lone sentence reads better in the best window that holds
        it; a matched paragraph is too long for a chat, so its best window stands for it."""
        chunks = lookup.snapshot.chunks
        if self.params.display == "section":
            row = lookup.section_of.get((chunk.article_id, chunk.first))
            return chunks[row] if row is not None else chunk
        if chunk.granularity == "window" or (chunk.granularity == "sentence" and not self.params.expand_sentences):
            return chunk
        rows = [r for r in lookup.windows.get((chunk.article_id, chunk.paragraph), [])
                if chunk.first <= chunks[r].first < chunk.last or chunks[r].first <= chunk.first < chunks[r].last]
        if not rows:
            if chunk.granularity == "section":  # no windows: its best sentence
                rows = [lookup.sentence_rows[(chunk.article_id, i)] for i in range(chunk.first, chunk.last)
                        if (chunk.article_id, i) in lookup.sentence_rows]
            if not rows:
                return chunk
        best = max(rows, key=lambda r: float(lookup.snapshot.vector(r) @ vector))
        return lookup.snapshot.chunks[best]

    def _passage(self, lookup: _Lookup, chunk: Chunk, score: float, vector: np.ndarray) -> Passage:
        snapshot = lookup.snapshot
        article = snapshot.articles[chunk.article_id]
        body = lookup.bodies[chunk.article_id]
        highlight = None
        if chunk.last - chunk.first > 1:
            best_row, best_score = None, -2.0
            for index in range(chunk.first, chunk.last):
                row = lookup.sentence_rows.get((chunk.article_id, index))
                if row is not None and (s := float(snapshot.vector(row) @ vector)) > best_score:
                    best_row, best_score = row, s
            if best_row is not None:
                sentence = snapshot.chunks[best_row]
                highlight = (sentence.start - chunk.start, min(sentence.end, chunk.end) - chunk.start)
        text = body[chunk.start : chunk.end] if chunk.end - chunk.start == len(chunk.text) else chunk.text
        return Passage(text=text, score=score, article_id=article.id, title=article.title, source=article.source,
                       published=article.published, paragraph=chunk.paragraph, highlight=highlight)

    # -- what the articles can answer ----------------------------------------------------------------

    def topics(self) -> list[Topic]:
        """Interviewer questions in every article, in reading order."""
        topics: list[Topic] = []
        for article in self.snapshot.articles.values():
            for number, paragraph in enumerate(article.paragraphs, start=1):
                if is_interview_question(paragraph) and number < len(article.paragraphs):
                    topics.append(Topic(f"{article.id}#{number}", strip_dash(paragraph), article.id, number + 1))
        return topics

    def topic(self, key: str) -> Topic | None:
        return next((t for t in self.topics() if t.key == key), None)

    def topic_answer(self, topic: Topic) -> Answer:
        """The answer to an interview question is the paragraph after it (first passage-sized part)."""
        snapshot = self.snapshot
        article = snapshot.articles[topic.article_id]
        passages = []
        for number in range(topic.paragraph, len(article.paragraphs) + 1):
            text = article.paragraphs[number - 1]
            if is_interview_question(text):
                break
            passages.append(Passage(text=text, score=1.0, article_id=article.id, title=article.title,
                                    source=article.source, published=article.published, paragraph=number))
        return Answer(topic.question, tuple(passages), bool(passages), 1.0)

    def suggestions(self, count: int) -> tuple[Suggestion, ...]:
        """Questions the articles do answer: interview questions, else article titles."""
        picks = [Suggestion(t.key, t.question) for t in self.topics()]
        if not picks:
            picks = [Suggestion(f"{a.id}#0", a.title) for a in self.snapshot.articles.values()]
        if len(picks) <= count:
            return tuple(picks)
        step = len(picks) / count  # spread over the article(s), not just the first questions
        return tuple(picks[int(i * step)] for i in range(count))

    def articles(self) -> Sequence:
        return list(self.snapshot.articles.values())
