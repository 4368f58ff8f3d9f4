"""Text wrapped as people lay out notes: a wrapped line goes on under the start of its own
first line (or further in, by `hang`), never back at the left edge."""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget


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


class HangingText(Widget):
    """`content` wrapped with `wrap_hanging` to the widget's width (laid out once per width):
    a Static whose wrapped lines start under their first line's text."""

    DEFAULT_CSS = "HangingText { height: auto; }"

    def __init__(self, content: Content, *, hang: int = 0, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self.content = content
        self.hang = hang
        self._wrapped: dict[int, list[Content]] = {}

    def lines(self, width: int) -> list[Content]:
        """The lines drawn at `width`."""
        if width not in self._wrapped:
            self._wrapped[width] = wrap_hanging(self.content, width, self.hang)
        return self._wrapped[width]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> Content:
        return Content("\n").join(self.lines(self.content_size.width))
