"""User-facing errors: one sentence saying what is wrong and what to do."""


class AskbotError(Exception):
    """A mistake the user can fix; the CLI prints the message alone and exits with `exit_code`."""

    exit_code = 2

    def __init__(self, message: str, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class ModelNotFoundError(AskbotError):
    """The configured embedding model could not be found or built."""


class IndexMismatchError(AskbotError):
    """The index on disk was built with another model, dimension or chunking."""


class _RebuildAdvised(AskbotError):
    """An error whose message advises `advice` (the `askbot index --rebuild …` it names), which the command that
    knows the articles folder may point at that folder (`askbot.index.readvised`)."""

    def __init__(self, message: str, *, advice: str | None = None) -> None:
        super().__init__(message)
        self.advice = advice


class IndexUnreadableError(_RebuildAdvised):
    """The index on disk is damaged or in a format this version does not read; it can be rebuilt."""


class NotAnIndexError(AskbotError):
    """The index folder is no askbot index and no folder to start one in: it holds a CURRENT file askbot did not
    write and no index of askbot's (a LevelDB folder, say: never damage to rebuild, which wrote over the user's
    CURRENT), or, with no CURRENT, the user's own files (`--index ~/Documents`), or it is the articles folder or
    holds it. Refused, and nothing is written into it."""


class IndexTooNewError(_RebuildAdvised):
    """The index on disk was written by a newer askbot, in a format this one does not know: never rebuilt in
    silence (the newer askbot answering from it would find its index replaced), only by `index --rebuild`."""


class DiskFullError(AskbotError):
    """The index could not be written for lack of space (or quota, or the file-size limit); the index in use was
    not changed. `reason` and `advice` say it in a warning's words (`askbot ask` answers from the old index)."""

    def __init__(self, message: str, *, reason: str = "no space left on the disk",
                 advice: str = "free space and run `askbot index`") -> None:
        super().__init__(message)
        self.reason, self.advice = reason, advice


class FetchError(AskbotError):
    """A URL could not be fetched or did not hold an article."""
