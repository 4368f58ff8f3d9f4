"""The contacts pane: every contact, off-goal ones unmistakable, filtered as you type.

Built for 30,000 contacts: rows are plain tuples held in a list, filtering is a pass over
pre-folded strings, and only the lines on screen are ever drawn (Textual's line API), so no
widget or table row exists per contact.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.visual import Visual
from textual.widgets import Input

from netgoals.tui.panes.record_list import CURSOR_KEYS
from netgoals.tui.panes.scrolling import QuietScrollView
from netgoals.tui.wrapping import wrap_hanging

# Rows drawn are kept for drawing again (scrolling back, the cursor moving): at most this many
KEPT_STRIPS = 1000

OFFGOAL_MARK = "○"  # off-goal: serves none of your active objectives
MATCH_MARK = "●"  # serves at least one active objective


@dataclass(frozen=True, slots=True)
class ContactRow:
    """What the list needs of one contact: enough to draw it and to filter it."""

    id: int
    name: str
    organization: str
    role: str
    tags: str
    folded: str  # name, organisation, role and tags, case-folded, for the filter


def fold(text: str) -> str:
    return text.casefold()


def make_row(contact_id: int, name: str, organization: str, role: str, tags: str) -> ContactRow:
    return ContactRow(
        contact_id, name, organization, role, tags, fold(f"{name}\n{organization}\n{role}\n{tags}")
    )


def filter_rows(
    rows: list[ContactRow],
    query: str,
    *,
    offgoal: set[int] | None = None,
    only: set[int] | None = None,
) -> list[ContactRow]:
    """The rows whose name, organisation, role or tags contain every word of `query`
    (ignoring case), limited to `offgoal` ids and to `only` ids when given."""
    words = fold(query).split()
    out = rows
    if offgoal is not None:
        out = [r for r in out if r.id in offgoal]
    if only is not None:
        out = [r for r in out if r.id in only]
    for word in words:
        out = [r for r in out if word in r.folded]
    return out


class ContactList(QuietScrollView, can_focus=True):
    """A virtual list of contacts: draws only the visible lines."""

    COMPONENT_CLASSES = {
        "contact-list--offgoal",
        "contact-list--match",
        "contact-list--cursor",
        "contact-list--detail",
        "contact-list--mark-offgoal",
        "contact-list--mark-match",
    }

    BINDINGS = CURSOR_KEYS

    cursor: reactive[int] = reactive(0, always_update=True)

    class Highlighted(Message):
        """The cursor moved to another contact (or to none)."""

        def __init__(self, contact_id: int | None) -> None:
            self.contact_id = contact_id
            super().__init__()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[ContactRow] = []
        self.offgoal: set[int] = set()
        # shown instead of role and organisation when given: the objectives each serves
        self.serves: dict[int, list[str]] | None = None
        self.empty: Content = Content()  # what the list says when it shows nobody
        # what drawing needs again and again: the rows' styles, and the rows drawn so far
        # (by row and whether the cursor is on it) at `_strips_width`
        self._styles: dict[tuple[bool, bool, bool], tuple[Style, Style, Style]] = {}
        self._strips: dict[tuple[int, bool], Strip] = {}
        self._strips_width = -1

    # --- data ---------------------------------------------------------------------------

    def show(self, rows: list[ContactRow], offgoal: set[int], keep_id: int | None = None) -> None:
        """Replace what the list shows, keeping the cursor on `keep_id` when it is still there."""
        self.rows = rows
        self.offgoal = offgoal
        # one line per row; lines are cropped to the width, which never scrolls
        self.virtual_size = Size(0, len(rows))
        self._strips = {}
        index = 0
        if keep_id is not None:
            for position, row in enumerate(rows):
                if row.id == keep_id:
                    index = position
                    break
        self.cursor = min(index, max(len(rows) - 1, 0))
        self.refresh()

    @property
    def current(self) -> ContactRow | None:
        if 0 <= self.cursor < len(self.rows):
            return self.rows[self.cursor]
        return None

    # --- cursor -------------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.rows) - 1)) if self.rows else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self._scroll_cursor_into_view()
        self.refresh_line(old)
        self.refresh_line(new)
        current = self.current
        self.post_message(self.Highlighted(current.id if current else None))

    def refresh_line(self, index: int) -> None:
        line = index - self.scroll_offset.y
        if 0 <= line < self.size.height:
            self.refresh(Region(0, line, self.size.width, 1))

    def _scroll_cursor_into_view(self) -> None:
        top = self.scroll_offset.y
        height = max(self.size.height, 1)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False)

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self.rows) - 1

    def action_page_up(self) -> None:
        self.cursor -= max(self.size.height - 1, 1)

    def action_page_down(self) -> None:
        self.cursor += max(self.size.height - 1, 1)

    def on_click(self, event: events.Click) -> None:
        self.cursor = self.scroll_offset.y + event.y

    def on_resize(self, event: events.Resize) -> None:
        self._scroll_cursor_into_view()

    # --- drawing ------------------------------------------------------------------------

    def _empty_lines(self, width: int) -> list[Strip]:
        """`empty`, wrapped to `width` (each wrapped line under the start of its own)."""
        style = self.visual_style
        return [
            Visual.to_strips(self, line, width, 1, style, pad=True)[0]
            for line in wrap_hanging(self.empty, max(width - 1, 10))
        ]

    def notify_style_update(self) -> None:
        super().notify_style_update()
        # focus and theme change the cursor's and the rows' colours
        self._styles = {}
        self._strips = {}

    def _row_styles(self, offgoal: bool, cursor: bool) -> tuple[Style, Style, Style]:
        """The styles of a row's name, mark and detail, worked out once per set of styles
        (a line asks for them 36 times a page otherwise, and each asking walks the DOM)."""
        focused = cursor and self.has_focus
        key = (offgoal, cursor, focused)
        styles = self._styles.get(key)
        if styles is None:
            style = self.rich_style + self.get_component_rich_style(
                "contact-list--offgoal" if offgoal else "contact-list--match"
            )
            mark_style = style + self.get_component_rich_style(
                "contact-list--mark-offgoal" if offgoal else "contact-list--mark-match"
            )
            detail = style + self.get_component_rich_style("contact-list--detail")
            if cursor:
                highlight = self.get_component_rich_style("contact-list--cursor")
                if not focused:
                    highlight = highlight + Style(bold=False)
                style, mark_style, detail = (
                    style + highlight,
                    mark_style + highlight,
                    detail + highlight,
                )
            styles = self._styles[key] = (style, mark_style, detail)
        return styles

    def _row_strip(self, index: int, width: int) -> Strip:
        """Row `index` drawn `width` cells wide (kept until the rows, width or styles change)."""
        row = self.rows[index]
        cursor = index == self.cursor
        key = (index, cursor)
        strip = self._strips.get(key)
        if strip is not None:
            return strip
        offgoal = row.id in self.offgoal
        style, mark_style, detail = self._row_styles(offgoal, cursor)
        if self.serves is not None:
            about = "→ " + " · ".join(self.serves.get(row.id, ()))
        else:
            about = " · ".join(part for part in (row.role, row.organization) if part)
        # Segment text is never read as markup: names and notes appear exactly as typed.
        segments = [
            Segment(f" {OFFGOAL_MARK if offgoal else MATCH_MARK} ", mark_style),
            Segment(row.name, style),
        ]
        if about:
            segments.append(Segment(f"  {about}", detail))
        used = sum(cell_len(segment.text) for segment in segments)
        if used <= width:
            if used < width:
                segments.append(Segment(" " * (width - used), style))
            strip = Strip(segments, width)
        else:
            strip = Strip(segments, used).crop_extend(0, width, style)
        if len(self._strips) >= KEPT_STRIPS:
            self._strips.clear()
        self._strips[key] = strip
        return strip

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if width != self._strips_width:
            self._strips_width = width
            self._strips = {}
        index = self.scroll_offset.y + y
        if index < len(self.rows):
            return self._row_strip(index, width)
        if not self.rows and self.empty:
            lines = self._empty_lines(width)
            if y < len(lines):
                return lines[y]
        return Strip.blank(width, self.rich_style)


class ContactsPane(Vertical):
    """The contacts list with its filter line and its counts in the border title. Its keys
    add, edit, delete and show contacts: it asks the screen, which owns the forms."""

    BINDINGS = [
        Binding("a", "add", "Add contact", tooltip="add a contact by hand"),
        Binding("e", "edit", "Edit", tooltip="edit the contact under the cursor"),
        Binding("d", "delete", "Delete", tooltip="delete it (asks first; u undoes)"),
        Binding(
            "enter", "details", "Details", tooltip="each objective the contact serves, and why"
        ),
        Binding("escape", "clear_filter", "Clear filter", show=False, tooltip="clear the filter"),
    ]

    query: reactive[str] = reactive("")
    offgoal_only: reactive[bool] = reactive(False)
    due_only: reactive[bool] = reactive(False)
    serving_only: reactive[bool] = reactive(False)
    objective_only: reactive[tuple[int, str] | None] = reactive(None)

    class FilterChanged(Message):
        """The visible set of contacts changed (the app may want to say so)."""

    class AddRequested(Message):
        """a: add a contact."""

    class EditRequested(Message):
        """e: edit the contact under the cursor."""

    class DeleteRequested(Message):
        """d: delete the contact under the cursor."""

    class DetailsRequested(Message):
        """enter: show the contact under the cursor."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.all_rows: list[ContactRow] = []
        self.offgoal: set[int] = set()
        self.members: set[int] = set()
        self.due: list[int] = []
        self.total = 0
        self.counted = True
        # the objectives each serving contact serves: asked for when the serving view opens
        self.serving_of: Callable[[], dict[int, list[str]]] = dict

    def compose(self) -> ComposeResult:
        search = Input(placeholder="filter: name, organisation, role, tags", id="contact-filter")
        search.display = False  # shown by /; hidden from the start, so no second layout
        yield search
        yield ContactList(id="contact-list")

    def on_mount(self) -> None:
        self.border_title = "Contacts"

    @property
    def filter_input(self) -> Input:
        return self.query_one("#contact-filter", Input)

    @property
    def list(self) -> ContactList:
        return self.query_one(ContactList)

    def load(
        self,
        rows: list[ContactRow],
        offgoal: set[int],
        due: list[int],
        total: int,
        *,
        counted: bool = True,
    ) -> None:
        """New data from the database (after start-up or any change). `due`: the contacts due
        a follow-up, most overdue first; `total`: how many contacts there are (more than
        `rows` while a large network is still loading); `counted`: whether `offgoal` covers
        every contact (not yet while loading)."""
        self.all_rows = rows
        self.total = total
        self.counted = counted
        self.offgoal = offgoal
        self.due = due
        self.refilter()

    def set_members(self, members: set[int]) -> None:
        self.members = members
        if self.objective_only is not None:
            self.refilter()

    def refilter(self) -> None:
        current = self.list.current
        rows = self.all_rows
        if self.due_only:  # most overdue first, not by name
            by_id = {row.id: row for row in rows}
            rows = [by_id[c] for c in self.due if c in by_id]
        serves = self.serving_of() if self.serving_only else None
        if serves is not None:
            rows = [row for row in rows if row.id in serves]
        visible = filter_rows(
            rows,
            self.query,
            offgoal=self.offgoal if self.offgoal_only else None,
            only=self.members if self.objective_only is not None else None,
        )
        self.list.serves = serves
        self.list.empty = self._empty_text(visible)
        self.list.show(visible, self.offgoal, keep_id=current.id if current else None)
        self._retitle(len(visible))

    def _empty_text(self, visible: list[ContactRow]) -> Content:
        """What the list says when it shows nobody: on a new database, where contacts come
        from; otherwise that the limits leave nobody."""
        if visible:
            return Content()
        if not self.all_rows and not self.total:
            return Content.assemble(
                ("No contacts yet.\n\n", "bold"),
                ("i", "bold $accent"),
                " imports them from a file: LinkedIn's Connections.csv (on LinkedIn: Settings,"
                " Data privacy, Get a copy of your data, Connections; it comes by email), a "
                "vCard file from your phone, Google Contacts' CSV, or a netgoals backup.\n\n",
                ("a", "bold $accent"),
                " adds one by hand.\n\n",
                ("netgoals demo", "bold"),
                " (in a terminal) opens a sample network to try everything on.",
            )
        return Content.styled(
            "Nobody here: escape clears the filter, or the same key again.", "dim"
        )

    def _retitle(self, shown: int) -> None:
        total = max(self.total, len(self.all_rows))
        if self.counted:
            title = f"Contacts: {OFFGOAL_MARK} {len(self.offgoal):,}/{total:,} off-goal"
        else:
            title = f"Contacts: {total:,} · counting off-goal…"
        limits = []
        if self.due_only:
            limits.append("due a follow-up, the people met at an event first")
        if self.serving_only:
            limits.append("serving a goal, with the objectives each serves")
        if self.offgoal_only:
            limits.append("off-goal only")
        if self.objective_only is not None:
            limits.append(f"matching {self.objective_only[1]}")
        if self.query:
            limits.append(f"filter {self.query!r}")
        self.border_title = Content(title)
        self.border_subtitle = (
            Content(f"showing {shown:,}: " + ", ".join(limits))
            if limits
            else Content(f"{MATCH_MARK} serves a goal  {OFFGOAL_MARK} serves none")
        )

    def watch_query(self) -> None:
        self.refilter()

    def watch_offgoal_only(self) -> None:
        self.refilter()

    def watch_due_only(self) -> None:
        self.refilter()

    def watch_serving_only(self) -> None:
        self.refilter()

    def watch_objective_only(self) -> None:
        self.refilter()

    def open_filter(self) -> None:
        self.filter_input.display = True
        self.filter_input.focus()
        # a widget that was hidden can only take focus once it is laid out again
        self.call_after_refresh(self.filter_input.focus)

    @on(Input.Changed, "#contact-filter")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self.query = event.value

    @on(Input.Submitted, "#contact-filter")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value:
            self.filter_input.display = False
        self.list.focus()

    def action_add(self) -> None:
        self.post_message(self.AddRequested())

    def action_edit(self) -> None:
        if self.list.current is not None:
            self.post_message(self.EditRequested())

    def action_delete(self) -> None:
        if self.list.current is not None:
            self.post_message(self.DeleteRequested())

    def action_details(self) -> None:
        if self.list.current is not None:
            self.post_message(self.DetailsRequested())

    def action_clear_filter(self) -> None:
        self.filter_input.value = ""
        self.query = ""
        self.filter_input.display = False
        self.list.focus()
