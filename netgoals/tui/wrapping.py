"""Text wrapped as people lay out notes: a wrapped line goes on under the start of its own
first line (or further in, by `hang`), never back at the left edge."""

from __future__ import annotations

from textual.content import Content


def wrap_hanging(content: Content, width: int, hang: int = 0) -> list[Content]:
    """`content` in lines at most `width` cells wide. Each of its lines keeps its indent, and
    the lines it wraps into start under its text, `hang` cells further in."""
    width = max(width, 1)
    lines: list[Content] = []
    for line in content.split("\n"):
        plain = line.plain
        pieces = line.wrap(width)
        if len(pieces) <= 1:
            lines += pieces or [Content()]
            continue
        first = pieces[0]
        lines.append(first)
        pad = min(len(plain) - len(plain.lstrip(" ")) + hang, width // 2)
        start = len(first.plain)
        while start < len(plain) and plain[start] == " ":
            start += 1
        lines += [Content(" " * pad) + piece for piece in line[start:].wrap(width - pad)]
    return lines
