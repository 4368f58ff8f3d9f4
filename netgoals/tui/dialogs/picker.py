"""Choose several of many by typing: the contacts (and objectives) of an activity or event."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from netgoals.tui.dialogs.oneline import OneLineInput

SHOWN = 50  # matches listed at once; typing narrows the rest


class Matches(OptionList, can_focus=False):
    """The list under the search line; driven from the search line's keys."""


class Picker(Vertical):
    """Type to narrow, ↑ ↓ to move, enter to take (or drop) the highlighted one; the search
    then starts again for the next.

    The matches drop down under the search line once something is typed (or ↓ or enter is
    pressed) and close when a choice is taken, on escape, or when the cursor leaves: until
    then nothing is searched, so a picker of many thousands opens at once.
    """

    BINDINGS = [
        Binding("down", "move(1)", "Next", show=False),
        Binding("up", "move(-1)", "Previous", show=False),
        Binding("escape", "close", "Close the matches", show=False),
    ]

    @dataclass
    class Changed(Message):
        """The choice of `picker` has changed."""

        picker: Picker

        @property
        def control(self) -> Picker:
            return self.picker

    def __init__(
        self, choices: Sequence[tuple[int, str, str]], chosen: Sequence[int], *, id: str
    ) -> None:
        super().__init__(id=id, classes="picker")
        self.choices = list(choices)
        self.labels = {choice_id: label for choice_id, label, _ in self.choices}
        self.value: list[int] = [c for c in chosen if c in self.labels]
        self.shown: list[int] = []
        self.is_open = False

    def compose(self) -> ComposeResult:
        yield Static(self._chosen_text(), id="picker-chosen")
        yield OneLineInput(placeholder="type to search · enter takes or drops", id="picker-search")
        yield Matches(markup=False, id="picker-matches")

    def focus(self, scroll_visible: bool = True) -> Picker:
        self.query_one(Input).focus(scroll_visible)
        return self

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # escape closes the matches when they are open; otherwise it is the form's
        return self.is_open if action == "close" else True

    def _chosen_text(self) -> Content:
        names = ", ".join(self.labels[c] for c in self.value)
        if names:
            return Content.assemble(("✓ ", "bold $success"), names)
        return Content.styled("(none chosen)", "dim italic")

    def open(self) -> None:
        """Drop the matches down for what is typed now."""
        self.is_open = True
        self.set_class(True, "open")
        self._refresh(self.query_one("#picker-search", Input).value)
        # the matches, once laid out, are shown whole
        self.call_after_refresh(self.scroll_visible, animate=False)

    def action_close(self) -> None:
        """Fold the matches away, keeping what is typed."""
        self.is_open = False
        self.set_class(False, "open")
        self.query_one(Matches).clear_options()
        self.shown = []

    def reset(self) -> None:
        """Back to how a new picker starts: nothing typed, the matches folded away."""
        self.action_close()
        search = self.query_one("#picker-search", Input)
        search.value = ""
        search.cursor_position = 0

    def set_value(self, chosen: Sequence[int]) -> None:
        """Choose `chosen` (those that are choices), as if taken one by one."""
        self.value = [c for c in chosen if c in self.labels]
        self._chosen_changed()

    def _chosen_changed(self) -> None:
        self.query_one("#picker-chosen", Static).update(self._chosen_text())
        self.post_message(self.Changed(self))

    def _refresh(self, query: str) -> None:
        if not self.is_open:
            return
        words = query.casefold().split()
        found = [
            choice_id
            for choice_id, _label, folded in self.choices
            if all(word in folded for word in words)
        ]
        chosen = [c for c in found if c in self.value]
        self.shown = (chosen + [c for c in found if c not in self.value])[:SHOWN]
        matches = self.query_one(Matches)
        matches.set_options(
            Option(Content.assemble(("✓ " if c in self.value else "  ", "bold"), self.labels[c]))
            for c in self.shown
        )
        if self.shown:
            matches.highlighted = 0

    @on(Input.Changed, "#picker-search")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value and not self.is_open:
            self.open()
        else:
            self._refresh(event.value)

    @on(Input.Submitted, "#picker-search")
    def _take(self, event: Input.Submitted) -> None:
        event.stop()
        if not self.is_open:
            self.open()
            return
        matches = self.query_one(Matches)
        if matches.highlighted is None or not self.shown:
            return
        choice = self.shown[matches.highlighted]
        if choice in self.value:
            self.value.remove(choice)
        else:
            self.value.append(choice)
        self._chosen_changed()
        # ready for the next name: the search starts again
        self.action_close()
        search = self.query_one("#picker-search", Input)
        if search.value:
            search.value = ""

    @on(Input.Blurred, "#picker-search")
    def _left(self, event: Input.Blurred) -> None:
        event.stop()
        if self.is_open:
            self.action_close()

    def action_move(self, step: int) -> None:
        if not self.is_open:
            self.open()
            return
        matches = self.query_one(Matches)
        if self.shown:
            current = matches.highlighted or 0
            matches.highlighted = max(0, min(current + step, len(self.shown) - 1))
