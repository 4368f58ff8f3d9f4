"""Counts in words, as people write them."""

from __future__ import annotations


def plural(count: int, word: str, many: str | None = None) -> str:
    """`count` and `word`, in the plural unless the count is one: "1 contact", "2 contacts",
    "3 activities" (`many`: the plural when it is not `word` + "s")."""
    return f"{count} {word if count == 1 else (many or word + 's')}"
