"""The help screen (? or F1): every key, from help.md.

help.md is read once and drawn as lines of text: its headings, paragraphs and tables of keys
(with `code` and **strong** words), a table's second column wrapped beside its first. Textual's
Markdown widget builds a widget per block and per table cell, which took most of a second at
every `?`; these lines are laid out once per width and only those in view are drawn.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from rich.cells import cell_len
from rich.segment import Segment
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

from netgoals.tui.dialogs.base import Dialog

_INLINE = re.compile(r"\*\*(.+?)\*\*|`([^`]+)`")
_WORDS = re.compile(r"\S+\s*|\s+")
_GAP = 2  # columns between a table's key and what it does

Run = tuple[str, str]  # text, and how it is shown: "", "strong", "key", "dim", "h1", "h2"
Line = list[Run]


def inline(text: str, plain: str = "") -> list[Run]:
    """One line of help.md as runs: **strong**, `code` as a key, the rest `plain`; nothing
    else is read as markup."""
    runs: list[Run] = []
    position = 0
    for found in _INLINE.finditer(text):
        runs.append((text[position : found.start()], plain))
        strong, code = found.groups()
        runs.append((strong, "strong") if strong is not None else (code, "key"))
        position = found.end()
    runs.append((text[position:], plain))
    return [run for run in runs if run[0]]


@dataclass(frozen=True)
class Block:
    """A heading (`level` 1 or 2), a paragraph (level 0), or a table (its `rows`)."""

    level: int = 0
    runs: tuple[Run, ...] = ()
    rows: tuple[tuple[tuple[Run, ...], tuple[Run, ...]], ...] = ()


def parse(markdown: str) -> list[Block]:
    """The blocks of help.md: the Markdown it uses (headings, paragraphs, tables)."""
    blocks: list[Block] = []
    paragraph: list[str] = []
    rows: list[tuple[tuple[Run, ...], tuple[Run, ...]]] = []

    def flush() -> None:
        if paragraph:
            blocks.append(Block(runs=tuple(inline(" ".join(paragraph)))))
            paragraph.clear()
        if rows:
            blocks.append(Block(rows=tuple(rows)))
            rows.clear()

    for line in markdown.splitlines():
        stripped = line.strip()
        if stripped.startswith("|"):
            if paragraph:
                flush()
            cells = [cell.strip() for cell in stripped.strip("|").split("|")]
            if all(set(cell) <= set("-: ") for cell in cells):
                continue  # the line under a table's header
            key, does = [*cells, "", ""][:2]
            style = "dim" if not rows else ""  # the header
            rows.append((tuple(inline(key, style)), tuple(inline(does, style))))
        elif stripped.startswith("#"):
            flush()
            level = min(len(stripped) - len(stripped.lstrip("#")), 2)
            blocks.append(Block(level, tuple(inline(stripped.lstrip("# "), f"h{level}"))))
        elif not stripped:
            flush()
        else:
            if rows:
                flush()
            paragraph.append(stripped)
    flush()
    return blocks


def wrap(runs: Iterable[Run], width: int) -> list[Line]:
    """`runs` in lines at most `width` cells wide, broken between words."""
    lines: list[Line] = [[]]
    used = 0
    for text, style in runs:
        for word in _WORDS.findall(text):
            size = cell_len(word.rstrip())
            if used and used + size > width:
                last, kind = lines[-1][-1]
                lines[-1][-1] = (last.rstrip(), kind)
                lines.append([])
                used = 0
                word = word.lstrip()
            while cell_len(word.rstrip()) > width:  # a word wider than the line
                lines[-1].append((word[:width], style))
                lines.append([])
                word = word[width:]
            if word:
                lines[-1].append((word, style))
                used += cell_len(word)
    return lines


def layout(blocks: Iterable[Block], width: int) -> list[Line]:
    """`blocks` as lines `width` columns wide, a table's second column beside its first."""
    width = max(width, 20)
    lines: list[Line] = []
    for block in blocks:
        if lines:
            lines.append([])
        if not block.rows:
            lines += wrap(block.runs, width)
            continue
        # the key column as wide as the widest key, within a third of the width
        keys = min(max(sum(cell_len(t) for t, _ in key) for key, _ in block.rows), width // 3)
        for key, does in block.rows:
            left, right = wrap(key, keys), wrap(does, max(width - keys - _GAP, 10))
            for index in range(max(len(left), len(right))):
                line = left[index] if index < len(left) else []
                pad = keys + _GAP - sum(cell_len(t) for t, _ in line)
                lines.append(
                    [*line, (" " * pad, "")] + (right[index] if index < len(right) else [])
                )
    return lines


def help_markdown() -> str:
    """help.md, with the kinds of files `i` imports filled in from the list of importers."""
    from netgoals.formats.importers import IMPORTERS

    text = files("netgoals.tui").joinpath("help.md").read_text(encoding="utf-8")
    return text.replace("{import formats}", ", ".join(i.label for i in IMPORTERS))


@cache
def help_blocks() -> list[Block]:
    """help.md, read and parsed once."""
    return parse(help_markdown())


class HelpText(Widget):
    """help.md as lines of text, laid out again only when the width changes; only the lines
    in view are drawn."""

    COMPONENT_CLASSES = {
        "help-text--strong",
        "help-text--key",
        "help-text--dim",
        "help-text--h1",
        "help-text--h2",
    }
    DEFAULT_CSS = """
    HelpText { height: auto; padding: 0 1; }
    HelpText > .help-text--strong { text-style: bold; }
    HelpText > .help-text--key { color: $accent; text-style: bold; }
    HelpText > .help-text--dim { text-style: dim; }
    HelpText > .help-text--h1 { color: $accent; text-style: bold; }
    HelpText > .help-text--h2 { text-style: bold underline; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._lines: dict[int, list[Line]] = {}

    def lines_for(self, width: int) -> list[Line]:
        if width not in self._lines:
            self._lines[width] = layout(help_blocks(), width)
        return self._lines[width]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines_for(width))

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        lines = self.lines_for(width)
        base = self.rich_style
        if y >= len(lines):
            return Strip.blank(width, base)
        styles = {"": base}
        segments = []
        for text, kind in lines[y]:
            if kind not in styles:
                styles[kind] = base + self.get_component_rich_style(f"help-text--{kind}")
            segments.append(Segment(text, styles[kind]))  # never read as markup
        return Strip(segments).crop_extend(0, width, base)


class HelpScreen(Dialog[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "close", "Close")]

    def compose(self) -> ComposeResult:
        # opaque: a see-through backdrop has the main screen below drawn again, in full, at
        # every layout of this one (a tenth of a second each, with 30,000 contacts)
        self.styles.background = self.app.theme_variables["background"]
        with Vertical(id="help"), VerticalScroll(id="help-scroll"):
            yield HelpText(id="help-text")

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()

    def action_close(self) -> None:
        self.dismiss(None)
