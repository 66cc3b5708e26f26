"""Terminal rendering of the shared answer model (the bot renders the same objects as Telegram HTML)."""

from __future__ import annotations

from html.parser import HTMLParser

from askbot.answers import Answer, Passage
from askbot.dates import shown_date
from askbot.views import Reply


def mark(passage: Passage, left: str = "**", right: str = "**") -> str:
    """The passage with its most relevant sentence between markers."""
    if not passage.highlight:
        return passage.text
    start, end = passage.highlight
    return passage.text[:start] + left + passage.text[start:end] + right + passage.text[end:]


def answer_text(answer: Answer, top_k: int, bold: tuple[str, str] = ("**", "**")) -> str:
    """`askbot ask` output: score, title and the marked passage for each of the best `top_k`."""
    if not answer.answered:
        if answer.small_talk:
            lines = ["This reads like chat, not a question about the articles."]
        elif answer.missing:
            what = {"time": "says when", "post": "mentions that post", "organisation": "names a company or bank",
                    "biography": "gives that biographical detail",
                    "subject": "speaks of what was asked about",
                    "mention": "comes from an article mentioning the country or person asked about",
                    }.get(answer.missing, "gives the figure asked for")
            lines = [f"None of the passages found on this {what}, so the articles do not say (best score "
                     f"{answer.best_score:.3f})."]
        else:
            lines = [f"No passage in the articles answers this (best score {answer.best_score:.3f})."]
        if answer.suggestions:
            lines.append("The articles do answer questions like:")
            lines += [f"  - {s.question}" for s in answer.suggestions]
        return "\n".join(lines)
    blocks = []
    for rank, passage in enumerate(answer.passages[:top_k], start=1):
        where = ", ".join(x for x in (passage.source, shown_date(passage.published), f"paragraph {passage.paragraph}")
                          if x)
        quoted = mark(passage, *bold).replace("\n", "\n   ")  # a section may hold several paragraphs
        blocks.append(f"{rank}. [{passage.score:.3f}] {passage.title} ({where})\n   {quoted}")
    return "\n\n".join(blocks)


class _TerminalHTML(HTMLParser):
    """Telegram HTML to plain text: bold as markers, links with their address, quotes indented."""

    def __init__(self, bold: tuple[str, str]) -> None:
        super().__init__(convert_charrefs=True)
        self.bold = bold
        self.out: list[str] = []
        self.href: str | None = None
        self.quote = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"b", "strong"}:
            self.out.append(self.bold[0])
        elif tag == "a":
            self.href = dict(attrs).get("href")
        elif tag == "blockquote":
            self.quote = True
            self.out.append("  │ ")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"b", "strong"}:
            self.out.append(self.bold[1])
        elif tag == "a" and self.href:
            self.out.append(f" <{self.href}>")
            self.href = None
        elif tag == "blockquote":
            self.quote = False

    def handle_data(self, data: str) -> None:
        self.out.append(data.replace("\n", "\n  │ ") if self.quote else data)


def reply_text(reply: Reply, bold: tuple[str, str] = ("**", "**")) -> str:
    """A bot message as the terminal shows it; buttons become numbered choices."""
    parser = _TerminalHTML(bold)
    parser.feed(reply.html)
    parser.close()
    text = "".join(parser.out)
    if reply.buttons:
        text += "\n" + "\n".join(f"  [{n}] {b.label}" for n, b in enumerate(reply.buttons, start=1))
    return text
