"""askbot: answers questions about news articles by quoting the passages that answer them."""

__version__ = "0.1.0"
