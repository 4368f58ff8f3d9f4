"""The events list: where you are going next, and where you have been."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from netgoals.core.models import Event
from netgoals.core.review import upcoming
from netgoals.formats.brief import when
from netgoals.tui.dialogs.base import Dialog


def event_line(event: Event, today: date, titles: dict[int, str]) -> Content:
    past = event.start_date < today
    goals = ", ".join(titles[i] for i in event.objective_ids if i in titles) or "all objectives"
    people = len(event.contact_ids)
    return Content.assemble(
        (event.name, "dim" if past else "bold"),
        (f"  {when(event)}", "dim"),
        (f"\n  {event.place + ' · ' if event.place else ''}for {goals} · {people} expected", "dim"),
    )


class EventsScreen(Dialog[None]):
    """Upcoming events first (soonest first), then past ones (latest first)."""

    BINDINGS = [
        Binding("escape,q,v", "close", "Close"),
        Binding("a", "act('add')", "Add"),
        Binding("e", "act('edit')", "Edit"),
        Binding("d", "act('delete')", "Delete"),
        Binding("c", "act('capture')", "Capture who you met"),
        Binding("j", "move(1)", "Down", show=False),
        Binding("k", "move(-1)", "Up", show=False),
    ]

    def __init__(
        self,
        load: Callable[[], list[Event]],
        titles: Callable[[], dict[int, str]],
        today: date,
        act: Callable[[str, Event | None], None],
    ) -> None:
        super().__init__()
        self.load = load
        self.titles = titles
        self.today = today
        self.act = act
        self.events: list[Event] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="events"):
            yield Static(Content.styled("Events", "bold"), id="events-title")
            yield OptionList(markup=False, id="events-list")
            yield Static(
                Content.assemble(
                    ("enter", "bold"),
                    " review   ",
                    ("a", "bold"),
                    " add   ",
                    ("e", "bold"),
                    " edit   ",
                    ("d", "bold"),
                    " delete   ",
                    ("c", "bold"),
                    " capture who you met   ",
                    ("escape", "bold"),
                    " close",
                ),
                id="events-keys",
            )

    def on_mount(self) -> None:
        self.refresh_events()
        self.query_one("#events-list").focus()

    def on_screen_resume(self) -> None:
        self.refresh_events()

    def refresh_events(self) -> None:
        everything = self.load()
        soon = upcoming(everything, self.today)
        past = sorted(
            (e for e in everything if e not in soon),
            key=lambda e: (e.start_date, e.id or 0),
            reverse=True,
        )
        self.events = soon + past
        listing = self.query_one("#events-list", OptionList)
        current = listing.highlighted
        titles = self.titles()
        listing.set_options(Option(event_line(e, self.today, titles)) for e in self.events)
        if not self.events:
            listing.add_option(
                Option(Content.styled("No events yet: a adds one.", "dim"), disabled=True)
            )
        elif current is not None:
            listing.highlighted = min(current, len(self.events) - 1)
        else:
            listing.highlighted = 0

    @property
    def current(self) -> Event | None:
        index = self.query_one("#events-list", OptionList).highlighted
        return self.events[index] if index is not None and index < len(self.events) else None

    @on(OptionList.OptionSelected, "#events-list")
    def _review(self) -> None:
        if self.current is not None:
            self.act("review", self.current)

    def action_act(self, what: str) -> None:
        if what == "add" or self.current is not None:
            self.act(what, None if what == "add" else self.current)

    def action_move(self, step: int) -> None:
        listing = self.query_one("#events-list", OptionList)
        if step > 0:
            listing.action_cursor_down()
        else:
            listing.action_cursor_up()

    def action_close(self) -> None:
        self.dismiss(None)
