"""A list of records (objectives, activities) that keeps its cursor on the same record.

Each record is drawn by a function as content of one or more lines, wrapped to the width; only
the lines on screen are turned into strips (Textual's line API), as the contacts list does. It
replaces Textual's `OptionList` here, whose per-option machinery cost the first frame more than
the whole contacts pane.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, Protocol, TypeVar

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.visual import Visual

from netgoals.tui.panes.scrolling import QuietScrollView
from netgoals.tui.wrapping import wrap_hanging


class HasId(Protocol):
    @property
    def id(self) -> int | None: ...


R = TypeVar("R", bound=HasId)

# enter on a list: what the key bar says it does
DETAILS_KEY = Binding(
    "enter", "select", "Details", tooltip="the details of the one under the cursor"
)

# The keys that move a list's cursor (its actions: cursor_up, cursor_down, first, last,
# page_up, page_down), the same in every list.
CURSOR_KEYS = [
    Binding("up,k", "cursor_up", "Up", show=False, tooltip="up"),
    Binding("down,j", "cursor_down", "Down", show=False, tooltip="down"),
    Binding("home,g", "first", "First", show=False, tooltip="the first"),
    Binding("end,G", "last", "Last", show=False, tooltip="the last"),
    Binding("pageup", "page_up", "Page up", show=False, tooltip="a page up"),
    Binding("pagedown", "page_down", "Page down", show=False, tooltip="a page down"),
]


def _styled(texts: list[Content]) -> list[tuple[str, tuple[Any, ...]]]:
    """Each text and its styles (Content compares its text alone)."""
    return [(text.plain, tuple(text.spans)) for text in texts]


class RecordList(QuietScrollView, Generic[R], can_focus=True):
    """Shows `records` (each drawn by `line`, then `gap` blank lines); `current` is the one
    under the cursor. Posts `Highlighted` when the cursor moves and `Selected` on enter or a
    click."""

    COMPONENT_CLASSES = {"record-list--cursor"}

    DEFAULT_CSS = """
    RecordList {
        overflow-x: hidden;
        background: $surface;
        & > .record-list--cursor {
            color: $block-cursor-blurred-foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .record-list--cursor {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
    }
    """

    # enter (select) is bound by each list, after its own keys: the key bar shows them in order
    BINDINGS = CURSOR_KEYS

    highlighted: reactive[int | None] = reactive(None)

    class _Message(Message):
        def __init__(self, records: RecordList[R]) -> None:
            self.records = records
            super().__init__()

        @property
        def control(self) -> RecordList[R]:
            return self.records

    class Highlighted(_Message):
        """The cursor moved to another record (or to none)."""

    class Selected(_Message):
        """The record under the cursor was chosen (enter, or a click)."""

    def __init__(
        self,
        line: Callable[[R], Content],
        *,
        gap: int = 0,
        hang: int = 0,
        empty: Content | None = None,
        id: str | None = None,
    ) -> None:
        """`hang`: how much further in than its first line a wrapped line starts; `empty`:
        what the list says when it holds no record."""
        super().__init__(id=id)
        self.line = line
        self.gap = gap
        self.hang = hang
        self.empty = empty or Content()
        self.records: list[R] = []
        self._texts: list[Content] = []  # each record's text, as `line` gave it
        # for the width last laid out: each line's (record index, text or None for a gap
        # line), each record's first line, and the lines drawn so far (by position, cursor)
        self._width = -1
        self._lines: list[tuple[int, Content | None]] = []
        self._starts: list[int] = []
        self._strips: dict[tuple[int, bool], Strip] = {}

    # --- data ---------------------------------------------------------------------------

    def show(self, records: Sequence[R], keep_id: int | None = None) -> None:
        """Show `records`, keeping the cursor on the record with id `keep_id` if still there."""
        self.records = list(records)
        texts = [self.line(r) for r in self.records]
        # the same lines as shown, styles included (a change elsewhere, such as one contact
        # saved): the wrapping and the lines drawn still hold
        unchanged = self._width >= 0 and _styled(texts) == _styled(self._texts)
        self._texts = texts
        if not unchanged:
            self._width = -1  # lay out again
            self._layout()
        if not self._lines and self.records:
            # Not laid out yet (no width): the lines before wrapping are a close estimate, so
            # that the scrollbar is there from the first layout rather than one layout later.
            lines = sum(len(text.split("\n")) + self.gap for text in texts)
            self.virtual_size = Size(0, lines)
        ids = [r.id for r in self.records]
        if not ids:
            self.highlighted = None
        else:
            self.highlighted = ids.index(keep_id) if keep_id in ids else 0
        self._scroll_to_current()  # records above it may take more or fewer lines now
        if not unchanged:
            self.refresh()

    @property
    def current(self) -> R | None:
        if self.highlighted is None or not (0 <= self.highlighted < len(self.records)):
            return None
        return self.records[self.highlighted]

    # --- layout and drawing ---------------------------------------------------------------

    def _layout(self) -> None:
        """Wrap every record to the width (once per width and set of records): how many lines
        each takes is all the scrolling needs; lines are drawn when they come into view."""
        width = self.scrollable_content_region.width
        if width == self._width:
            return
        self._width = width
        self._lines, self._starts, self._strips = [], [], {}
        if width > 0:
            for index, text in enumerate(self._texts):
                self._starts.append(len(self._lines))
                wrapped = wrap_hanging(text, width, self.hang)
                self._lines += [(index, line) for line in wrapped]
                self._lines += [(index, None)] * self.gap
            if not self.records and self.empty:  # drawn as lines of no record
                self._lines = [(-1, line) for line in wrap_hanging(self.empty, width - 1)]
        self.virtual_size = Size(0, len(self._lines))
        if self.highlighted is not None and self.is_mounted:
            # wrapped anew (a resize, or a scrollbar taking a column): keep the cursor in view
            self.call_after_refresh(self._scroll_to_current)

    def render_line(self, y: int) -> Strip:
        self._layout()
        position = self.scroll_offset.y + y
        if not (0 <= position < len(self._lines)) or self._lines[position][1] is None:
            return Strip.blank(self.size.width, self.rich_style)
        index, text = self._lines[position]
        cursor = index == self.highlighted
        strip = self._strips.get((position, cursor))
        if strip is None:
            style = self.get_visual_style("record-list--cursor") if cursor else self.visual_style
            (strip,) = Visual.to_strips(self, text or Content(), self._width, 1, style, pad=True)
            self._strips[(position, cursor)] = strip
        return strip

    def on_resize(self, event: events.Resize) -> None:
        self._layout()
        self._scroll_to_current()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips = {}  # focus and theme change the cursor's and the lines' colours

    # --- cursor ---------------------------------------------------------------------------

    def _span(self, index: int | None) -> tuple[int, int]:
        """The lines of record `index` (first, end), gap excluded."""
        if index is None or not (0 <= index < len(self._starts)):
            return (0, 0)
        start = self._starts[index]
        end = self._starts[index + 1] - self.gap if index + 1 < len(self._starts) else None
        return (start, end if end is not None else len(self._lines))

    def _refresh_record(self, index: int | None) -> None:
        start, end = self._span(index)
        top = self.scroll_offset.y
        if end > start:
            self.refresh(Region(0, start - top, self.size.width, end - start))

    def _scroll_to_current(self) -> None:
        start, end = self._span(self.highlighted)
        if end <= start:
            return
        top, height = self.scroll_offset.y, max(self.size.height, 1)
        if start < top:
            self.scroll_to(y=start, animate=False)
        elif end > top + height:
            self.scroll_to(y=min(start, end - height), animate=False)

    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        self._layout()
        self._refresh_record(old)
        self._refresh_record(new)
        self._scroll_to_current()
        self.post_message(self.Highlighted(self))

    def _move(self, to: int) -> None:
        if self.records:
            self.highlighted = max(0, min(to, len(self.records) - 1))

    def action_cursor_up(self) -> None:
        self._move((self.highlighted or 0) - 1)

    def action_cursor_down(self) -> None:
        self._move(-1 if self.highlighted is None else self.highlighted + 1)

    def action_first(self) -> None:
        self._move(0)

    def action_last(self) -> None:
        self._move(len(self.records) - 1)

    def _records_per_page(self) -> int:
        lines = max(len(self._lines), 1)
        return max(1, self.size.height * len(self.records) // lines)

    def action_page_up(self) -> None:
        self._move((self.highlighted or 0) - self._records_per_page())

    def action_page_down(self) -> None:
        self._move((self.highlighted or 0) + self._records_per_page())

    def action_select(self) -> None:
        if self.current is not None:
            self.post_message(self.Selected(self))

    def action_details(self) -> None:
        """What enter does (for the command palette's "Show details")."""
        self.action_select()

    def on_click(self, event: events.Click) -> None:
        position = self.scroll_offset.y + event.y
        if self.records and 0 <= position < len(self._lines):
            self.highlighted = self._lines[position][0]
            self.post_message(self.Selected(self))
