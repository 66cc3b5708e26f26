"""The answer model: what the core returns and every face (CLI, chat, bot) renders."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Passage:
    """A quoted passage; `highlight` is the span of its most relevant sentence inside `text`."""

    text: str
    score: float
    article_id: str
    title: str
    source: str | None
    published: str | None
    paragraph: int
    highlight: tuple[int, int] | None = None

    @property
    def highlighted_sentence(self) -> str | None:
        return self.text[self.highlight[0] : self.highlight[1]] if self.highlight else None


@dataclass(frozen=True)
class Suggestion:
    """A question the articles do answer (an interview question, or an article title)."""

    key: str  # stable id: "<article id>#<paragraph>"
    question: str


@dataclass(frozen=True)
class Answer:
    """Passages best first. `answered` is False when nothing scores above the refusal threshold;
    then `passages` is empty and `suggestions` offers questions the articles can answer."""

    question: str
    passages: tuple[Passage, ...]
    answered: bool
    best_score: float
    suggestions: tuple[Suggestion, ...] = ()
    small_talk: bool = False  # refused because it reads like chat (a greeting, thanks), not a question
    missing: str = ""  # refused because no passage found states the "number", "time", "post" … asked for, or
    # comes from an article mentioning the place or party asked about ("mention")

    def to_json(self, top_k: int | None = None) -> dict:
        """The `ask --json` shape."""
        shown = self.passages if top_k is None else self.passages[:top_k]
        return {
            "question": self.question,
            "answered": self.answered,
            "small_talk": self.small_talk,
            "missing": self.missing or None,
            "best_score": round(self.best_score, 4),
            "suggestions": [s.question for s in self.suggestions],
            "answers": [
                {
                    "text": p.text,
                    "score": round(p.score, 4),
                    "article": p.article_id,
                    "title": p.title,
                    "source": p.source,
                    "paragraph": p.paragraph,
                    "highlight": p.highlighted_sentence,
                }
                for p in shown
            ],
        }

    def as_dict(self) -> dict:
        return asdict(self)
