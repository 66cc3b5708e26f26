"""The retrieval core: question in, Answer out. The CLI, the bot and the tests all call this."""

from __future__ import annotations

import errno
import logging
import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from askbot.answer_type import AnswerType, required_statement, required_subject
from askbot.answers import Answer, Passage, Suggestion
from askbot.articles import Article, Skipped, check_articles_folder, load_articles
from askbot.background import BACKGROUND_PASSAGES, EVERYDAY_PASSAGES, EVERYDAY_TOPICS, addressed_to_bot
from askbot.chunking import Chunk, ChunkingParams, Layout, interview_layout
from askbot.config import Settings
from askbot.errors import AskbotError, DiskFullError, IndexMismatchError, IndexTooNewError, IndexUnreadableError
from askbot.focus import NameStripper, pervasive_names
from askbot.index import (
    ArticleRecord,
    BuildReport,
    IndexSnapshot,
    Manifest,
    built_elsewhere,
    check_compatible,
    check_found,
    current_generation,
    folder_elsewhere,
    load_index,
    newest_first,
    read_manifest,
    readvised,
    refuse_to_empty,
    salvaged_record,
    update_index_from,
)
from askbot.mentions import holder_of, required_mentions
from askbot.question import (
    CYRILLIC_ACRONYM,
    asks_about_publication,
    asks_for_interviewee,
    asks_for_overview,
    from_translit,
    plain_line,
    question_proper,
    respell_acronyms,
    tidy,
)
from askbot.spelling import Vocabulary, correct_typos, dictionary

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RankingParams:
    """Knobs of ranking, tuned on the dev set (`askbot eval`); the defaults are the best measured."""

    candidates: int = 64  # nearest units whose sections are scored in full
    max_passages: int = 5
    threshold: float = 0.785  # refuse below this section score (3rd percentile of answerable dev questions)
    # Refuse when an everyday off-topic text is closer than any passage by more than this; negative: slack for
    # Kazakh and Azerbaijani questions, which short small-talk texts pull (see askbot.background).
    background_margin: float = -0.02
    # An everyday topic the articles cover themselves (a section this close to one of its texts: a football report,
    # a weather warning) is no longer off-topic: its texts leave the background, or questions about those articles
    # asked in another language than theirs would be refused. The seed's sections come no closer than 0.81.
    covered_topic: float = 0.85
    expand_sentences: bool = True
    granularities: tuple[str, ...] = ("sentence", "window", "clause", "section")
    display: str = "section"  # what a matched section is shown as: "section" or its best "window"
    clause_weight: float = 0.99  # a clause must beat whole sentences clearly: short units match loosely
    framed_weight: float = 0.7  # weight of the section-under-its-interviewer-question view
    # refuse a how-much (when, who-holds-this-post) question if none of the first `answer_type_depth` passages
    # from the best passage's article states a number (a time, the post)
    answer_type_check: bool = True
    answer_type_depth: int = 3
    answer_type_deeper: int = 5  # ... but a how-much question's number found down to here is put first instead
    # refuse when the articles of those passages never mention a country or capital the question names, or the
    # party whose words or reaction it asks for (askbot.mentions)
    mention_check: bool = True
    # The question is also embedded without the names in at least `pervasive_share` of an article's paragraphs
    # (found in it by word vectors at `name_similarity`), mixed in at `focus_weight` (askbot.focus); 0: off.
    focus_weight: float = 0.35
    pervasive_share: float = 0.3
    name_similarity: float = 0.92
    # With several articles, a section is ordered as if it lost `title_weight` x how far its article's title is
    # behind the title nearest the question, at most `title_cap`: the model scores a same-language pair higher, so
    # an English question about a Russian article otherwise lands on whatever English article there is
    # (eval/RESULTS.md, "Language pull"). Only the order: refusal reads the sections' own scores. 0: off.
    title_weight: float = 0.75
    title_cap: float = 0.02

    def section_score(self, unit_best: float, framed: float) -> float:
        """Best unit, plus the framed view; divided back to the cosine scale the threshold lives on."""
        return (unit_best + self.framed_weight * framed) / (1 + self.framed_weight)


@dataclass(frozen=True)
class Judged:
    """A ranking and whether to refuse it: best section score, best off-topic background score."""

    passages: list[Passage]
    best: float
    background: float
    refused: bool
    vector: np.ndarray
    small_talk: bool = False  # the nearest off-topic text is small talk (greeting, thanks, a test)
    # refused only because no passage states what the question asks for ("number", "time", "post", "organisation",
    # "biography"), or an everyday subject it asks about ("subject": the weather, an exchange rate), or their
    # articles never mention a place or party it names ("mention")
    missing: str = ""


# Words that point back into the conversation: a short question with one needs the interview before it.
_BACK_REFERENCE = re.compile(
    r"(?<!\w)(?:это|этот|эта|эти|этого|этой|этим|он|она|оно|они|его|её|ее|их|там|тогда|"
    r"this|these|those|it|he|she|they)(?!\w)", re.IGNORECASE)  # not "that", "there": "Are there plans…?"
STANDALONE_WORDS = 12  # a longer question usually sets out its own context


def stands_alone(question: str) -> bool:
    """Whether a question means something on its own, as an example to ask: long enough to carry its own
    context, or with no word pointing back to what was said before it."""
    return len(question.split()) > STANDALONE_WORDS or not _BACK_REFERENCE.search(question)


@dataclass(frozen=True)
class Topic:
    """An interviewer's question and where its answer starts; /topics shows these."""

    key: str
    question: str
    article_id: str
    paragraph: int


def distinct_topics(topics: Sequence[Topic], articles: Mapping[str, ArticleRecord]) -> list[Topic]:
    """Each question with its answer once, the first kept: the same text in two files (a copy of an article under
    another name) would offer every question twice. The same question answered differently (another interview)
    stays."""
    seen: set[tuple[str, str]] = set()
    distinct = []
    for topic in topics:
        paragraphs = articles[topic.article_id].paragraphs if topic.article_id in articles else ()
        answer = paragraphs[topic.paragraph - 1] if 0 < topic.paragraph <= len(paragraphs) else topic.key
        key = (" ".join(topic.question.split()), " ".join(answer.split()))
        if key not in seen:
            seen.add(key)
            distinct.append(topic)
    return distinct


class _Lookup:
    """Per-snapshot tables: which row holds each sentence, window and section, and every section's views."""

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
        self.units: dict[int, list[int]] = {}  # section row -> rows of its units (the section's own included)
        self.framed: dict[int, int] = {}  # section row -> its framed view
        self.rows_of_article: dict[str, list[int]] = {}
        self.sentence_views: dict[tuple[str, int], list[int]] = {}  # a sentence's own row and its clauses
        self.framed_of_paragraph: dict[tuple[str, int], list[int]] = {}
        for row, chunk in enumerate(snapshot.chunks):
            self.rows_of_article.setdefault(chunk.article_id, []).append(row)
            if chunk.granularity in ("sentence", "clause"):
                self.sentence_views.setdefault((chunk.article_id, chunk.first), []).append(row)
            if chunk.granularity == "framed":
                self.framed_of_paragraph.setdefault((chunk.article_id, chunk.paragraph), []).append(row)
            section = self.section_of.get((chunk.article_id, chunk.first))
            if section is None:
                continue
            if chunk.granularity == "framed":
                self.framed[section] = row
            else:
                self.units.setdefault(section, []).append(row)
        self.bodies = {a.id: "\n".join(a.paragraphs) for a in snapshot.articles.values()}
        # the acronyms the articles write in Cyrillic capitals ("ТМТМ"), for a question that types them in Latin
        self.cyrillic_acronyms = frozenset(
            acronym for a in snapshot.articles.values() for text in (a.title, self.bodies[a.id])
            for acronym in CYRILLIC_ACRONYM.findall(text))
        self._names: dict[float, list[str]] = {}
        self._matrix: np.ndarray | None = None
        self.background_mask: np.ndarray | None = None  # background texts on topics these articles cover
        self._topics: tuple[list[Topic], list[Topic]] | None = None
        self._layouts: dict[str, Layout] = {}
        self._vocabulary: Vocabulary | None = None

    @property
    def vocabulary(self) -> Vocabulary:
        """The articles' own words and names, which a typo correction never changes (built on first use)."""
        if self._vocabulary is None:
            self._vocabulary = Vocabulary([text for a in self.snapshot.articles.values()
                                           for text in (a.title, self.bodies[a.id])])
        return self._vocabulary

    def layout(self, article_id: str) -> Layout:
        """The article's interview layout (`chunking.interview_layout`: which paragraphs are the interviewer's)."""
        if article_id not in self._layouts:
            self._layouts[article_id] = interview_layout(self.snapshot.articles[article_id].paragraphs)
        return self._layouts[article_id]

    @property
    def topics(self) -> tuple[list[Topic], list[Topic]]:
        """The snapshot's interview questions, and the same with each question and its answer once (built on first
        use, not at every refusal whose suggestions read them)."""
        if self._topics is None:
            found: list[Topic] = []
            for article in newest_first(self.snapshot.articles.values()):
                layout = self.layout(article.id)
                for number, paragraph in enumerate(article.paragraphs, start=1):
                    if number - 1 in layout.questions:
                        found.append(Topic(f"{article.id}#{number}", layout.strip(paragraph), article.id, number + 1))
            self._topics = found, distinct_topics(found, self.snapshot.articles)
        return self._topics

    def pervasive_names(self, share: float) -> list[str]:
        """The names that are in most passages of their article (askbot.focus), found on first use."""
        if share not in self._names:
            self._names[share] = sorted({name for article in self.snapshot.articles.values()
                                         for name in pervasive_names(article.paragraphs, share)})
        return self._names[share]

    @property
    def matrix(self) -> np.ndarray:
        """All vectors as one array (built on first use), to score a candidate section's every view."""
        if self._matrix is None:
            self._matrix = self.snapshot.vectors.reconstruct_n(0, self.snapshot.vectors.ntotal)
        return self._matrix


def unwritable_reason(exc: BaseException) -> tuple[str, str, str] | None:
    """Why the index cannot be updated here and what to do, for failures that leave the index in use intact
    (no permission, a full or read-only disk, a quota); None for any other failure."""
    if isinstance(exc, DiskFullError):
        return "the index cannot be updated", exc.reason, exc.advice
    if not isinstance(exc, OSError):
        return None
    reason = exc.strerror or str(exc)
    if isinstance(exc, PermissionError):
        return "this user cannot update the index", reason, "its owner should run `askbot index`"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the index cannot be updated", reason, "free space and run `askbot index`"
    if exc.errno == errno.EROFS:
        return "the index cannot be updated", reason, "run `askbot index` where its disk is writable"
    return None


def recorded_elsewhere(settings: Settings, manifest: Manifest) -> str | None:
    """The folder the index records when `settings` fell back to the default folder and that is another one:
    updated from the default, an index built with `--articles elsewhere` would silently become a copy of
    ./articles. None when the folder was named on purpose (--articles, ASKBOT_ARTICLES_DIR), is the same, or is
    not recorded (an index from an older askbot)."""
    if settings.articles_dir_given:
        return None
    return built_elsewhere(manifest, settings.articles_dir, settings.index_dir)


def _built_from_another_folder(settings: Settings, snapshot: IndexSnapshot) -> bool:
    """Whether `ask`, `chat` and `bot` must answer from the index as built rather than refresh it from the default
    folder (`recorded_elsewhere`); said once."""
    recorded = recorded_elsewhere(settings, snapshot.manifest)
    if recorded is not None:
        here = settings.articles_dir.absolute()
        log.warning("the index in %s was built from %s, not from %s: answering from it as built; to rebuild it from "
                    "%s, give --articles %s (or run `askbot index --index %s --articles %s`)", settings.index_dir,
                    recorded, here, here, settings.articles_dir, settings.index_dir, settings.articles_dir)
    return recorded is not None


def recorded_on_disk(settings: Settings) -> str | None:
    """`recorded_elsewhere` for the live generation's manifest, read alone: it also holds for an index whose
    other parts are damaged. A manifest that cannot be read is asked what it still says, else the generation kept
    beside it (`salvaged_record`); None when none says (the update rebuilds it, as before, and says so)."""
    try:
        manifest = read_manifest(settings.index_dir)
    except IndexUnreadableError:
        record = salvaged_record(settings.index_dir)
        if record is None or settings.articles_dir_given:
            return None
        return folder_elsewhere(record, settings.articles_dir, settings.index_dir)
    return recorded_elsewhere(settings, manifest) if manifest is not None else None


def _rebuild_warning(settings: Settings, damage: str) -> str:
    """What `ask`, `chat` and `bot` say when they rebuild a damaged index from the articles folder: when nobody named
    that folder and no manifest says which one the index was built from, that it may not be the right one."""
    here = settings.articles_dir.absolute()
    if settings.articles_dir_given or salvaged_record(settings.index_dir) is not None:
        return f"{damage}. Rebuilding it from {here}."
    return (f"{damage}, and no manifest in it says which articles folder it was built from: rebuilding it from {here}; "
            f"if that is not its folder, run `askbot index --rebuild --index {settings.index_dir} --articles FOLDER`.")


def advised(settings: Settings,
            exc: IndexUnreadableError | IndexTooNewError) -> IndexUnreadableError | IndexTooNewError:
    """`exc`, read from the index alone, advising `askbot index --rebuild` with the articles folder named on
    purpose, else the one the index records when that is not the default one (`check_compatible`'s choice)."""
    articles: str | Path | None = settings.articles_dir if settings.articles_dir_given else None
    if articles is None and (record := salvaged_record(settings.index_dir)) is not None:
        articles = folder_elsewhere(record, settings.articles_dir, settings.index_dir)
    return readvised(exc, settings.index_dir, articles)


def update_refusal(settings: Settings, *, running_bot: bool = False) -> str | None:
    """One sentence refusing an update asked for without naming the folder (`add`, `remove`, the bot's /reindex
    and articles sent to it) when the index records another folder (`recorded_elsewhere`): the update would make
    it a copy of the default folder plus the new file. None: go ahead. `running_bot`: the advice is to restart the
    bot, whose folders are set when it starts."""
    try:
        recorded = recorded_on_disk(settings)
    except IndexTooNewError as exc:  # refused before anything is stored, not after
        return str(advised(settings, exc))
    if recorded is None:
        return None
    built = f"the index in {settings.index_dir} was built from {recorded}, not from {settings.articles_dir.absolute()}"
    if running_bot:
        return f"{built}: restart the bot with --articles {recorded} (or ASKBOT_ARTICLES_DIR={recorded}) to update it."
    return (f"{built[0].upper()}{built[1:]}, so nothing was changed: give --articles {recorded} to update it from "
            f"there (or --articles {settings.articles_dir} to rebuild it from {settings.articles_dir}).")


class _FolderEmptied(Exception):
    """The articles folder emptied while a start-up build waited for the lock: no reason to empty the index."""


def _warn_folder_emptied(articles_dir: Path) -> None:
    log.warning("the articles folder %s has no articles: answering from the index as it was built; "
                "`askbot index` would empty it", articles_dir.absolute())


class Engine:
    """Embeds questions, searches the index and shapes answers; swaps to a newer index between questions."""

    def __init__(self, embedder, index_dir: Path, snapshot: IndexSnapshot,
                 params: RankingParams = RankingParams()) -> None:
        self.embedder = embedder
        self.index_dir = index_dir
        self.params = params
        self._lookup = _Lookup(snapshot)
        self._reload_lock = threading.Lock()
        self._passed_over: str | None = None  # a newer generation on disk that cannot be switched to
        self._background: np.ndarray | None = None
        self._title_vectors: dict[str, np.ndarray] = {}  # an article title -> its passage vector
        self._names = NameStripper(embedder.embed_queries, params.name_similarity)

    @classmethod
    def open(cls, settings: Settings, embedder=None, *, build_if_missing: bool = True,
             show_progress: bool = False, params: RankingParams = RankingParams()) -> Engine:
        """Load the index, building or refreshing it first when the articles changed. The model loads when
        first needed (by a build or the first question): a wrong folder is reported before a 10 s load."""
        if embedder is None:
            from askbot.embeddings import LazyEmbedder

            embedder = LazyEmbedder(settings, show_progress=show_progress)
        rebuild = False
        try:
            snapshot = load_index(settings.index_dir)
        except IndexTooNewError as exc:
            raise advised(settings, exc) from None
        except IndexUnreadableError as exc:
            if not (build_if_missing and settings.articles_dir.is_dir()):
                raise advised(settings, exc) from None
            if (recorded := recorded_on_disk(settings)) is not None:  # not rebuilt into a copy of ./articles
                raise IndexUnreadableError(
                    f"{str(exc).split(':')[0]}, and it was built from {recorded}, not from "
                    f"{settings.articles_dir.absolute()}: run `askbot index --rebuild --index {settings.index_dir} "
                    f"--articles {recorded}`.") from None
            # Damaged (builds are atomic, so by something else) or from an older askbot: the articles are
            # here, so build it again instead of refusing to answer.
            log.warning("%s", _rebuild_warning(settings, str(exc).split(":")[0]))
            snapshot, rebuild = None, True
        if snapshot is not None:
            if snapshot.manifest.model != embedder.name:
                check_found(embedder)
            check_compatible(snapshot.manifest, embedder.name, settings.index_dir,
                             settings.articles_dir if settings.articles_dir_given else None)
        if build_if_missing and snapshot is not None and not settings.articles_dir.is_dir():
            if settings.articles_dir.exists():  # a file or a device in its place is a mistake, not a folder to come
                check_articles_folder(settings.articles_dir)
            log.warning("there is no articles folder %s: answering from the index as it was built",
                        settings.articles_dir.absolute())
        if build_if_missing and (snapshot is None or (settings.articles_dir.is_dir()
                                                      and not _built_from_another_folder(settings, snapshot))):
            # Build when there is no index, refresh when articles or chunking changed since the last build:
            # a fresh clone or an edited articles folder answers from what is there now.
            articles, skipped = load_articles(settings.articles_dir)
            chunking = ChunkingParams()
            current = {a.id: a.content_hash for a in articles}
            manifest = snapshot.manifest if snapshot else None
            changed = manifest is None or manifest.articles != current or manifest.chunking != chunking.key()
            if changed:
                for item in skipped:
                    log.warning("skipped %s: %s", item.path, item.reason)
            if not articles and manifest is not None and manifest.articles:
                # an emptied folder (or one not mounted yet) is no reason to empty the index a bot answers from;
                # `askbot index` does that when asked
                _warn_folder_emptied(settings.articles_dir)
            elif changed:
                held = manifest is not None and bool(manifest.articles)

                def read() -> tuple[list[Article], list[Skipped]]:
                    # again under the build lock: read before a build it waited for, the folder as it was then was
                    # published after it (an article `askbot remove`d meanwhile came back)
                    fresh, fresh_skipped = load_articles(settings.articles_dir)
                    if not fresh and held:
                        raise _FolderEmptied
                    return fresh, fresh_skipped

                try:
                    update_index_from(settings.index_dir, read, embedder, params=chunking, rebuild=rebuild,
                                      show_progress=show_progress, articles_dir=settings.articles_dir)
                except _FolderEmptied:
                    _warn_folder_emptied(settings.articles_dir)
                    snapshot = load_index(settings.index_dir)
                except (OSError, DiskFullError) as exc:
                    why = unwritable_reason(exc)
                    if snapshot is None or why is None:
                        raise
                    # the bot's user may only read what the index's owner builds, or the disk is full or read-only:
                    # the index as it is answers better than no answer at all
                    who, reason, advice = why
                    log.warning("the articles changed since the index was built, but %s in %s (%s): answering from "
                                "it as it is; %s", who, settings.index_dir, reason, advice)
                else:
                    snapshot = load_index(settings.index_dir)
        if snapshot is None:
            raise AskbotError(f"There is no index in {settings.index_dir.absolute()}: run `askbot index` first.")
        check_compatible(snapshot.manifest, embedder.name, settings.index_dir,
                             settings.articles_dir if settings.articles_dir_given else None)
        return cls(embedder, settings.index_dir, snapshot, params)

    @property
    def snapshot(self) -> IndexSnapshot:
        return self._lookup.snapshot

    # -- keeping up with the index on disk ---------------------------------------------------------

    def reload_if_changed(self) -> bool:
        """Switch to a newer generation if one was published; True when it switched.

        Generations are complete before CURRENT names them, so this never sees a half-written index.
        """
        on_disk = current_generation(self.index_dir)
        if on_disk in (None, self.snapshot.generation, self._passed_over):
            return False
        with self._reload_lock:
            try:
                snapshot = load_index(self.index_dir)
                if snapshot is None or snapshot.generation == self.snapshot.generation:
                    return False
                check_compatible(snapshot.manifest, self.embedder.name, self.index_dir)
            except (IndexMismatchError, IndexUnreadableError, IndexTooNewError) as exc:
                # A generation built with another model (`askbot index --rebuild` under another ASKBOT_MODEL) or
                # damaged: questions are still answered from the one loaded, and it is said once, not per question.
                self._pass_over(on_disk, exc)
                return False
            self._lookup = _Lookup(snapshot)  # one reference swap: questions in flight keep the old one
            log.info("switched to index generation %s", snapshot.generation)
            return True

    def _pass_over(self, generation: str | None, exc: AskbotError) -> None:
        """Remember `generation` as one not to load again, and warn about it once."""
        self._passed_over = generation
        restart = " rebuild it"
        if isinstance(exc, IndexMismatchError):
            restart = " restart askbot with the model it was built with, or rebuild it with this one"
        elif isinstance(exc, IndexTooNewError):
            restart = " upgrade askbot and restart it"
        log.warning("%s. Still answering from index generation %s, loaded before; to use the new one,%s.",
                    str(exc).split(":")[0], self.snapshot.generation, restart)

    def reindex(self, articles_dir: Path, params: ChunkingParams = ChunkingParams()) -> BuildReport:
        """Incremental update from `articles_dir`, then switch to it. Each file skipped is a warning in the log, as
        when the index is built at start-up (the bot's /reindex also tells the admin; the log alone kept nothing)."""
        def read() -> tuple[list[Article], list[Skipped]]:  # under the build lock, not before waiting for it
            articles, skipped = load_articles(articles_dir)
            for item in skipped:
                log.warning("skipped %s: %s", item.path, item.reason)
            refuse_to_empty(articles, skipped, articles_dir, held=bool(self.snapshot.articles))
            return articles, skipped

        report = update_index_from(self.index_dir, read, self.embedder, params=params, articles_dir=articles_dir)
        self.reload_if_changed()
        return report

    # -- asking ------------------------------------------------------------------------------------

    def ask(self, question: str, top_k: int | None = None) -> Answer:
        """The passages that answer `question`, best first, or a refusal with suggestions."""
        judged = self.judge(question, max(top_k or 0, self.params.max_passages))
        asked = plain_line(question)  # as it was asked, not as judged: `ask` echoes it
        if judged.refused:
            return Answer(asked, (), False, judged.best, self.suggestions(3, near=judged.vector),
                          small_talk=judged.small_talk, missing=judged.missing)
        return Answer(asked, tuple(judged.passages), True, judged.best)

    def judge(self, question: str, limit: int) -> Judged:
        """Ranking plus the refusal decision; `ask` and the evaluation share it. The greetings, thanks and
        polite openers around a question are set aside (`askbot.question`): they are no part of it."""
        question = question_proper(from_translit(tidy(question)))
        if not question:
            raise AskbotError("The question is empty: type a question about the articles.")
        self.reload_if_changed()
        question = correct_typos(question, self._lookup.vocabulary)
        question = respell_acronyms(question, self._lookup.cyrillic_acronyms)
        vector = self.embed_question(question)
        if asks_for_overview(question):
            # What a whole article is about is said in its lead: no passage "answers" it better than another, and
            # next to chat texts the question would be refused as chat.
            leads = self._leads(vector, limit)
            return Judged(leads, leads[0].score if leads else 0.0, 0.0, not leads, vector)
        if (about := asks_about_publication(question)) is not None:
            # The source, outlet and date are the article's record, shown in the heading of its lead; a question
            # for the date, where no article has one, is ranked like any other (and refused: nothing says when).
            leads = self._leads(vector, limit, dated_only=about == "date")
            if leads:
                return Judged(leads, leads[0].score, 0.0, False, vector)
        if asks_for_interviewee(question):
            # Who an interview is with is said in its lead; without an interview among the articles the question
            # is ranked like any other (and refused if nothing answers it).
            leads = self._leads(vector, limit, interviews_only=True)
            if leads:
                return Judged(leads, leads[0].score, 0.0, False, vector)
        passages = self._rank_vector(vector, limit)
        # The best of the first passages by their own scores: the title prior may order a lower one first.
        top = passages[: self.params.answer_type_depth]
        strongest = max(top, key=lambda p: p.score, default=None)
        best = strongest.score if strongest else 0.0
        near = np.where(self._covered_background(self._lookup), -1.0, self._background_vectors() @ vector)
        nearest = int(np.argmax(near))
        background = float(near[nearest])
        off_topic = best - background < self.params.background_margin
        refused = best < self.params.threshold or off_topic
        missing = ""
        wanted = holder_of(question, required_statement(question)) if self.params.answer_type_check else None
        # What the answer stands on is the best passage's article, or the first one's: another article's number,
        # date or name lower down the list (a water tariff under a question about Tokayev's age) answers nothing.
        # (The first passage may be another article's than the best-scored one: the title prior orders them.)
        anchors = {strongest.article_id, passages[0].article_id} if strongest else set()
        shown = [p for p in top if p.article_id in anchors]
        if not refused and wanted is not None and not any(wanted.found_in(p.text) for p in shown):
            stating = self._stating_further(passages, anchors, wanted)
            if stating is None:
                refused, missing = True, wanted.name
            else:
                passages = [stating, *(p for p in passages if p is not stating)]
        elif not refused and wanted is not None and (stating := self._stating_sooner(passages, anchors, wanted)):
            passages = [stating, *(p for p in passages if p is not stating)]
        subject = required_subject(question) if self.params.answer_type_check else None
        if not refused and subject is not None and not any(subject.found_in(p.text) for p in shown):
            refused, missing = True, subject.name
        mentions = required_mentions(question) if self.params.mention_check else None
        if not refused and mentions is not None and not mentions.found_in(self._article_texts(shown)):
            refused, missing = True, "mention"
        # Chat rather than a question: refused because a small-talk text is nearer than any passage, or said
        # to the bot itself ("who are you?", "как дела?"), or no words at all ("🤔", "???", "👍"). Not a message
        # the checks read as asking for a fact (who holds a post, a figure, a date, the weather): a short question
        # in a script the background texts share (Japanese "日本の首相は誰ですか？" beside their "こんにちは") is nearer
        # a greeting than any Russian passage, and was greeted instead of told that the articles do not say.
        small_talk = (off_topic and nearest >= len(EVERYDAY_PASSAGES)  # the small talk follows the everyday texts
                      and wanted is None and subject is None)
        if addressed_to_bot(question) or not any(ch.isalnum() for ch in question):
            refused, small_talk, missing = True, True, ""
        return Judged(passages, best, background, refused, vector, small_talk, missing)

    def _stating_further(self, passages: Sequence[Passage], anchors: set[str], wanted: AnswerType) -> Passage | None:
        """The first passage after the first three, among those an answer shows, from the same article, that
        states the number a how-much question asks for: it goes first instead of a refusal. A whole paragraph
        is scored partly under its interviewer's question, so the one that states "3,7 миллиарда долларов" in
        a paragraph about diplomacy ranks fourth or fifth for "How much money will Japan invest?". Numbers
        only: a "tomorrow" or "today" lies in some passage of most articles, a time not asked for."""
        if wanted.name != "number":
            return None
        further = passages[self.params.answer_type_depth: self.params.answer_type_deeper]
        return next((p for p in further if p.article_id in anchors and wanted.found_in(p.text)), None)

    def _stating_sooner(self, passages: Sequence[Passage], anchors: set[str], wanted: AnswerType) -> Passage | None:
        """For a how-much question whose first passage states no number, the first of the next ones (down to
        `answer_type_depth`, from the same article) that does: it goes first. "How much did Japan invest?" found
        first "масштаб инвестиций к этому располагает" (the scale of investment would allow it), a paragraph with
        no figure, and second the one that says "3,7 миллиарда долларов". Numbers only, as `_stating_further`."""
        if wanted.name != "number" or not passages or wanted.found_in(passages[0].text):
            return None
        sooner = passages[1: self.params.answer_type_depth]
        return next((p for p in sooner if p.article_id in anchors and wanted.found_in(p.text)), None)

    def _leads(self, vector: np.ndarray, limit: int, interviews_only: bool = False,
               dated_only: bool = False) -> list[Passage]:
        """Each article's first section (its lead), the article nearest the question first ("what is the article
        about the tram?"), then the newest; with `interviews_only`, only the leads of interviews; with `dated_only`,
        only of articles whose publication date is known."""
        self.reload_if_changed()
        lookup = self._lookup
        snapshot = lookup.snapshot
        found = []
        for age, article in enumerate(newest_first(snapshot.articles.values())):
            if (interviews_only and not lookup.layout(article.id).questions) or (dated_only and not article.published):
                continue
            section = lookup.section_of.get((article.id, 0))
            if section is not None:
                found.append((-self._section_score(lookup, section, vector), age, section))
        found.sort()
        return [self._passage(lookup, self._display_chunk(lookup, snapshot.chunks[section], vector), -score, vector)
                for score, _, section in found[:limit]]

    def _article_texts(self, passages: Sequence[Passage]) -> list[str]:
        """The whole articles (title, lead and body) the passages come from: who an interview is with is said
        once, in the lead, not in the answers quoted."""
        lookup = self._lookup
        ids = dict.fromkeys(p.article_id for p in passages)
        return [f"{lookup.snapshot.articles[i].title}\n{lookup.bodies[i]}" for i in ids if i in lookup.bodies]

    def warm_up(self) -> None:
        """Do the one-time work of the first question now (a long-running bot's first user should not wait)."""
        self._covered_background(self._lookup)
        if self.params.focus_weight:
            self._names.name_vectors(self._lookup.pervasive_names(self.params.pervasive_share))
        self._titles_behind(self._lookup, self.embed_question("warm-up"))
        dictionary()  # the word list, loaded now rather than at the first question
        self._lookup.vocabulary  # noqa: B018 - built now, not at the first question

    def _background_vectors(self) -> np.ndarray:
        if self._background is None:
            self._background = np.asarray(self.embedder.embed_passages(list(BACKGROUND_PASSAGES)), dtype=np.float32)
        return self._background

    def _covered_background(self, lookup: _Lookup) -> np.ndarray:
        """Which background texts are on a topic these articles cover (computed once per index snapshot)."""
        if lookup.background_mask is None:
            background = self._background_vectors()
            mask = np.zeros(len(background), dtype=bool)
            sections = [row for row, chunk in enumerate(lookup.snapshot.chunks) if chunk.granularity == "section"]
            if sections:
                closest = (background[: len(EVERYDAY_PASSAGES)] @ lookup.matrix[sections].T).max(axis=1)
                start = 0
                for topic in EVERYDAY_TOPICS:
                    end = start + len(topic)
                    mask[start:end] = bool((closest[start:end] >= self.params.covered_topic).any())
                    start = end
            lookup.background_mask = mask
        return lookup.background_mask

    def rank(self, question: str, limit: int) -> list[Passage]:
        """Best sections for `question` before any refusal, best first.

        The nearest units only nominate sections; each nominee is then scored on all of its views, so a
        section is not judged by whichever of its units happened to make the candidate list.
        """
        return self._rank_vector(self.embed_question(question), limit)

    def _rank_vector(self, vector: np.ndarray, limit: int) -> list[Passage]:
        self.reload_if_changed()
        lookup = self._lookup
        snapshot = lookup.snapshot
        if snapshot.vectors.ntotal == 0:
            return []
        _, rows = snapshot.vectors.search(vector[None, :], min(self.params.candidates, snapshot.vectors.ntotal))
        nominees = dict.fromkeys(
            section for row in rows[0] if row >= 0
            if (section := lookup.section_of.get((snapshot.chunks[row].article_id, snapshot.chunks[row].first)))
            is not None
        )
        behind = self._titles_behind(lookup, vector)
        weight = self.params.title_weight
        raw = {section: self._section_score(lookup, section, vector) for section in nominees}
        cap = self.params.title_cap
        scored = sorted(((score - min(cap, weight * behind.get(snapshot.chunks[section].article_id, 0.0)), section)
                         for section, score in raw.items()), reverse=True)
        passages: list[Passage] = []
        shown: set[str] = set()
        for _, section in scored:
            score = raw[section]  # the prior orders the sections; the refusal threshold reads their own scores
            chunk = self._display_chunk(lookup, snapshot.chunks[section], vector)
            # The same text in two files (a copy of an article under another name) is one passage: quoting it
            # again (More) tells the reader nothing new and keeps a different passage out of the answer.
            if (text := " ".join(chunk.text.split())) in shown:
                continue
            shown.add(text)
            passages.append(self._passage(lookup, chunk, score, vector))
            if len(passages) == limit:
                break
        return passages

    def _titles_behind(self, lookup: _Lookup, vector: np.ndarray) -> dict[str, float]:
        """How far each article's title is behind the title nearest the question (0 for that one); empty with one
        article or the prior off. Titles are embedded once, when first needed."""
        articles = lookup.snapshot.articles
        if not self.params.title_weight or len(articles) < 2:
            return {}
        missing = list(dict.fromkeys(a.title for a in articles.values() if a.title not in self._title_vectors))
        if missing:
            vectors = np.asarray(self.embedder.embed_passages(missing), dtype=np.float32)
            self._title_vectors.update(zip(missing, vectors, strict=True))
        near = {i: float(self._title_vectors[a.title] @ vector) for i, a in articles.items()}
        top = max(near.values())
        return {i: top - score for i, score in near.items()}

    def _section_score(self, lookup: _Lookup, section: int, vector: np.ndarray) -> float:
        """Best of the section's units (clauses slightly discounted) combined with its framed view."""
        params = self.params
        chunks = lookup.snapshot.chunks
        units = [r for r in lookup.units.get(section, [section]) if chunks[r].granularity in params.granularities]
        sims = lookup.matrix[units] @ vector if units else np.zeros(1, dtype=np.float32)
        weights = np.array([params.clause_weight if chunks[r].granularity == "clause" else 1.0 for r in units]
                           or [1.0], dtype=np.float32)
        best = float((sims * weights).max())
        framed_row = lookup.framed.get(section, section)
        framed = float(lookup.matrix[framed_row] @ vector)
        return params.section_score(best, framed)

    def embed_question(self, question: str) -> np.ndarray:
        """The question's vector, mixed with that of its words other than the articles' pervasive names
        (askbot.focus). One encoder call when its words were seen before, else two."""
        weight = self.params.focus_weight
        if not weight:
            return np.asarray(self.embedder.embed_queries([question]), dtype=np.float32)[0]
        names = self._lookup.pervasive_names(self.params.pervasive_share)  # the search reloads a newer index
        new_words = self._names.new_words(question) if names else []
        focus = None if new_words or not names else self._names.without_names(question, names)
        vectors = np.asarray(self.embedder.embed_queries([question, *new_words, *([focus] if focus else [])]),
                             dtype=np.float32)
        if new_words:
            self._names.remember(new_words, vectors[1:])
            if (focus := self._names.without_names(question, names)) is not None:
                vectors = np.vstack([vectors, np.asarray(self.embedder.embed_queries([focus]), dtype=np.float32)])
        if focus is None:
            return vectors[0]
        mixed = (1 - weight) * vectors[0] + weight * vectors[-1]
        return (mixed / np.linalg.norm(mixed)).astype(np.float32)

    def _display_chunk(self, lookup: _Lookup, chunk: Chunk, vector: np.ndarray) -> Chunk:
        """What to show for a matched section: itself, or (display="window") its best window, shorter for a
        chat; a lone sentence reads better in the best window that holds it."""
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
        best = max(rows, key=lambda r: float(lookup.matrix[r] @ vector))
        return lookup.snapshot.chunks[best]

    def _passage(self, lookup: _Lookup, chunk: Chunk, score: float, vector: np.ndarray) -> Passage:
        snapshot = lookup.snapshot
        article = snapshot.articles[chunk.article_id]
        body = lookup.bodies[chunk.article_id]
        highlight = None
        if chunk.last - chunk.first > 1:
            # The sentence whose best view (itself or one of its clauses) is nearest to the question.
            best_index, best_score = None, -2.0
            for index in range(chunk.first, chunk.last):
                rows = lookup.sentence_views.get((chunk.article_id, index))
                if rows and (s := float((lookup.matrix[rows] @ vector).max())) > best_score:
                    best_index, best_score = index, s
            if best_index is not None and (row := lookup.sentence_rows.get((chunk.article_id, best_index))) is not None:
                sentence = snapshot.chunks[row]
                highlight = (sentence.start - chunk.start, min(sentence.end, chunk.end) - chunk.start)
        text = body[chunk.start : chunk.end] if chunk.end - chunk.start == len(chunk.text) else chunk.text
        return Passage(text=text, score=score, article_id=article.id, title=article.title, source=article.source,
                       published=article.published, paragraph=chunk.paragraph, highlight=highlight)

    # -- what the articles can answer ----------------------------------------------------------------

    def topics(self) -> list[Topic]:
        """Interviewer questions in every article, newest article first, each in reading order."""
        return self._lookup.topics[0]

    def offered_topics(self) -> list[Topic]:
        """The topics to offer (/topics, suggestions): a question with the same answer in two files (a copy of an
        article under another name) once."""
        return self._lookup.topics[1]

    def topic_answer(self, topic: Topic) -> Answer:
        """The answer to an interview question is the paragraph after it (first passage-sized part)."""
        snapshot = self.snapshot
        article = snapshot.articles[topic.article_id]
        passages = []
        questions = self._lookup.layout(article.id).questions
        for number in range(topic.paragraph, len(article.paragraphs) + 1):
            text = article.paragraphs[number - 1]
            if number - 1 in questions:
                break
            passages.append(Passage(text=text, score=1.0, article_id=article.id, title=article.title,
                                    source=article.source, published=article.published, paragraph=number))
        return Answer(topic.question, tuple(passages), bool(passages), 1.0)

    def suggestions(self, count: int, near: np.ndarray | None = None) -> tuple[Suggestion, ...]:
        """Questions the articles do answer: interview questions, else article titles.

        With `near` (a question vector), the ones closest to that question: after a refusal, the nearest
        thing the articles do say. Without it, spread over the articles (examples for /start).
        """
        topics = self.offered_topics()
        picks = [Suggestion(t.key, t.question) for t in topics]
        if not picks:
            picks = [Suggestion(f"{a.id}#0", a.title) for a in self.snapshot.articles.values()]
        if len(picks) <= count:
            return tuple(picks)
        # examples to ask mean something without the interview before them: not "Вы думаете, это намеренный шаг,
        # а не просто фигура речи?"
        alone = [i for i, pick in enumerate(picks) if stands_alone(pick.question)]
        eligible = alone if len(alone) >= count else list(range(len(picks)))
        if near is not None:
            lookup = self._lookup
            scores = []
            for pick, topic in zip(picks, topics or [None] * len(picks), strict=True):
                if topic is not None:  # the answer under its question: the framed view
                    rows = lookup.framed_of_paragraph.get((topic.article_id, topic.paragraph), [])
                else:
                    rows = lookup.rows_of_article.get(pick.key.rsplit("#", 1)[0], [])
                scores.append(float((lookup.matrix[rows] @ near).max()) if rows else -1.0)
            order = sorted(eligible, key=lambda i: -scores[i])[:count]
            return tuple(picks[i] for i in sorted(order))
        step = len(eligible) / count  # spread over the article(s), not just the first questions
        return tuple(picks[eligible[int(i * step)]] for i in range(count))

    def articles(self) -> Sequence:
        """Newest first: /sources, /start and /topics lead with what just came in."""
        return newest_first(self.snapshot.articles.values())
