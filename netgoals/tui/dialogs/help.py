"""The help screen (? or F1): a reference of every key, grouped by pane, that filters as you
type; then the explanations, from help.md.

The key reference is made from the keys' own bindings (what they do is each binding's
tooltip), so it cannot fall behind them. help.md is read once; both are drawn as lines of text:
headings, paragraphs and tables of keys (with `code` and **strong** words), a table's second
column wrapped beside its first. Textual's Markdown widget builds a widget per block and per
table cell, which took most of a second at every `?`; these lines are laid out once per width
and filter, and only those in view are drawn.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
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


def _words(runs: Iterable[Run]) -> list[Line]:
    """`runs` cut into words, each up to and with the whitespace after it: a word may be the
    pieces of several runs ("(" then a key then ")"), which no line break parts."""
    words: list[Line] = [[]]
    for text, style in runs:
        for piece in _WORDS.findall(text):
            words[-1].append((piece, style))
            if piece[-1].isspace():
                words.append([])
    return [word for word in words if word]


def wrap(runs: Iterable[Run], width: int) -> list[Line]:
    """`runs` in lines at most `width` cells wide, broken between words (and within a word
    only if it is wider than the line)."""
    lines: list[Line] = [[]]
    used = 0
    for word in _words(runs):
        whole = cell_len("".join(text for text, _ in word).rstrip())
        for index, (text, style) in enumerate(word):
            size = whole if index == 0 and whole <= width else cell_len(text.rstrip())
            if (index == 0 or whole > width) and used and used + size > width:
                last, kind = lines[-1][-1]
                lines[-1][-1] = (last.rstrip(), kind)
                lines.append([])
                used = 0
                text = text.lstrip()
            while cell_len(text.rstrip()) > width:  # a word wider than the line
                lines[-1].append((text[:width], style))
                lines.append([])
                text = text[width:]
            if text:
                lines[-1].append((text, style))
                used += cell_len(text)
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


def key_groups() -> list[tuple[str, list[Binding]]]:
    """The main screen's keys, grouped as they are found: everywhere, then in each pane, then
    the keys that move."""
    from netgoals.tui.main_screen import MainScreen
    from netgoals.tui.panes.contacts import ContactsPane
    from netgoals.tui.panes.motivation import ActivityList, MotivationPane
    from netgoals.tui.panes.objectives import ObjectiveList
    from netgoals.tui.panes.record_list import CURSOR_KEYS

    screen = [b for b in MainScreen.BINDINGS if isinstance(b, Binding)]
    return [
        ("Everywhere on the main screen", [b for b in screen if b.show]),
        ("Objectives pane (1)", list(ObjectiveList.BINDINGS)),
        ("Contacts pane (2)", list(ContactsPane.BINDINGS)),
        ("Motivation pane (3)", [*MotivationPane.BINDINGS, *ActivityList.BINDINGS]),
        ("Moving around", [*(b for b in screen if not b.show), *CURSOR_KEYS]),
    ]


PALETTE_ROW = ("ctrl+p", "the command palette: every action by name, with its key")
INTRO = (
    "Type to find a key (what it does, or the key itself); backspace takes a letter back. "
    "↑ ↓, page up, page down, home and end scroll; escape closes. The explanations follow "
    "the keys."
)


def reference_blocks(app: App[object]) -> list[Block]:
    """The key reference: a heading and a table per group of keys, each key as it is shown
    (`app.get_key_display`) beside what it does."""
    blocks = [Block(1, (("Keys", "h1"),)), Block(runs=((INTRO, "dim"),))]
    for name, bindings in key_groups():
        rows = []
        for binding in bindings:
            keys = " ".join(
                app.get_key_display(Binding(key.strip(), binding.action))
                for key in binding.key.split(",")
            )
            does = binding.tooltip or binding.description.lower()
            rows.append((((keys, "key"),), ((does, ""),)))
        if name.startswith("Everywhere"):
            rows.append((((PALETTE_ROW[0], "key"),), ((PALETTE_ROW[1], ""),)))
        blocks += [Block(2, ((name, "h2"),)), Block(rows=tuple(rows))]
    return blocks


def _text(runs: Iterable[Run]) -> str:
    return "".join(text for text, _kind in runs).casefold()


def filtered(blocks: list[Block], query: str) -> list[Block]:
    """The rows and paragraphs of `blocks` that hold every word of `query` (ignoring case),
    each under the headings it was under; all of `blocks` for an empty query."""
    words = query.casefold().split()
    if not words:
        return blocks
    found: list[Block] = []
    headings: dict[int, Block] = {}  # the headings above, by level, not yet shown

    def has(text: str) -> bool:
        return all(word in text for word in words)

    def keep(block: Block) -> None:
        for level in sorted(headings):
            found.append(headings.pop(level))
        found.append(block)

    for block in blocks:
        if block.level:
            headings = {k: v for k, v in headings.items() if k < block.level}
            headings[block.level] = block
        elif block.rows:
            rows = tuple(row for row in block.rows if has(_text(row[0]) + " " + _text(row[1])))
            if rows:
                keep(Block(rows=rows))
        elif has(_text(block.runs)):
            keep(block)
    return found or [Block(runs=((f"Nothing matches “{query}”.", "dim"),))]


class HelpText(Widget):
    """The key reference and help.md as lines of text, laid out again only when the width or
    the filter changes; only the lines in view are drawn. Its first line is the filter."""

    COMPONENT_CLASSES = {
        "help-text--strong",
        "help-text--key",
        "help-text--dim",
        "help-text--h1",
        "help-text--h2",
        "help-text--find",
    }
    DEFAULT_CSS = """
    HelpText { height: auto; padding: 0 1; }
    HelpText > .help-text--strong { text-style: bold; }
    HelpText > .help-text--key { color: $accent; text-style: bold; }
    HelpText > .help-text--dim { text-style: dim; }
    HelpText > .help-text--h1 { color: $accent; text-style: bold; }
    HelpText > .help-text--h2 { text-style: bold underline; }
    HelpText > .help-text--find { background: $boost; }
    """

    def __init__(self, blocks: list[Block], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.blocks = blocks
        self.query = ""
        self._lines: dict[tuple[int, str], list[Line]] = {}
        self._styles: dict[str, Style] = {}
        self._strips: dict[tuple[int, str, int], Strip] = {}

    def lines_for(self, width: int) -> list[Line]:
        """The lines shown at `width` for the filter typed so far."""
        key = (width, self.query)
        if key not in self._lines:
            self._lines[key] = layout(filtered(self.blocks, self.query), width)
        return self._lines[key]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines_for(width)) + 1  # and the filter line

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles, self._strips = {}, {}

    def _style(self, kind: str) -> Style:
        if kind not in self._styles:
            base = self.rich_style
            self._styles[kind] = (
                base if not kind else base + self.get_component_rich_style(f"help-text--{kind}")
            )
        return self._styles[kind]

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        if y == 0:  # the filter, above what it found
            find = self._style("find")
            if self.query:
                segments = [Segment("Find: ", find), Segment(self.query + "▏", find)]
            else:
                segments = [Segment("Find: type a word · escape closes", find)]
            return Strip(segments).crop_extend(0, width, find)
        key = (width, self.query, y)
        strip = self._strips.get(key)
        if strip is None:  # drawn once: the frames as the screen opens draw it again
            lines = self.lines_for(width)
            if y > len(lines):
                strip = Strip.blank(width, self._style(""))
            else:
                # never read as markup: help.md's text and the keys are shown as they are
                segments = [Segment(text, self._style(kind)) for text, kind in lines[y - 1]]
                strip = Strip(segments).crop_extend(0, width, self._style(""))
            self._strips[key] = strip
        return strip


class HelpScroll(VerticalScroll):
    """The help's page: the keys that scroll it scroll it; every printable key types into
    the filter (backspace takes a letter back)."""

    def on_key(self, event: events.Key) -> None:
        text = self.query_one(HelpText)
        if event.key == "backspace":
            query = text.query[:-1]
        elif event.is_printable and event.character:
            query = text.query + event.character
        else:
            return
        event.stop()
        event.prevent_default()
        text.query = query
        text.refresh(layout=True)
        self.scroll_home(animate=False)


class HelpScreen(Dialog[None]):
    """The key reference, then the explanations. Every printable key types into the filter:
    escape (or F1) closes."""

    BINDINGS = [Binding("escape,f1", "close", "Close")]

    def compose(self) -> ComposeResult:
        # The page takes the focus as the screen opens (the first that can): no second layout.
        # It fills the screen, alone: every layer under it would be drawn at every frame.
        with HelpScroll(id="help"):
            yield HelpText([*reference_blocks(self.app), *help_blocks()], id="help-text")

    def action_close(self) -> None:
        self.dismiss(None)
