"""Capture at or after an event: one person per line, each saved as enter is pressed, each shown
at once with whether they serve a goal (● which objective) or not (○)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static

from netgoals.core.errors import NetgoalsError
from netgoals.core.followups import CAPTURE_HINT
from netgoals.core.models import Event
from netgoals.formats.brief import when
from netgoals.tui.dialogs.base import Dialog
from netgoals.tui.panes.contacts import MATCH_MARK, OFFGOAL_MARK
from netgoals.tui.writer import Writer


class CaptureInput(Input):
    """The line being typed. A paste of several lines captures each line as a person."""

    class Lines(Message):
        """Several lines were pasted: each is one person."""

        def __init__(self, lines: list[str]) -> None:
            super().__init__()
            self.lines = lines

    def _on_paste(self, event: events.Paste) -> None:
        lines = [line.strip() for line in event.text.splitlines() if line.strip()]
        if len(lines) < 2:
            return  # one line: Input's own paste
        event.stop()
        event.prevent_default()
        self.post_message(self.Lines(lines))


def captured_line(name: str, added: bool, already_met: bool, serves: list[str]) -> Content:
    """One captured person: ● and the objectives they serve, or ○."""
    mark = (MATCH_MARK, "bold $success") if serves else (OFFGOAL_MARK, "dim")
    status = "already met here" if already_met else ("new contact" if added else "already known")
    goal = f"serves {', '.join(serves)}" if serves else "serves no active objective"
    return Content.assemble(mark, " ", (name, "bold"), (f"  {status} · ", "dim"), goal)


class CaptureScreen(Dialog[None]):
    """Type one person per line (`Name, Role @ Organisation` or `Name — a note`); enter adds
    them, marked as met at the event. Escape closes: everything shown is saved already."""

    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(
        self,
        event: Event,
        write: Callable[[str], Any],
        written: Callable[[int], list[str]],
        already: Sequence[tuple[str, list[str]]] = (),
    ) -> None:
        """`write(line)` saves one line (in a worker thread) and returns what it did;
        `written(contact_id)` shows the change and gives the objectives the person serves;
        `already`: (name, objectives served) of the people marked as met there before."""
        super().__init__()
        self.already = already
        self.event = event
        self.write = write
        self.written = written
        self.count = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="capture"):
            yield Static(
                Content.assemble(
                    ("Who you met at ", "bold"),
                    (self.event.name, "bold $accent"),
                    (f"  {when(self.event)}", "dim"),
                ),
                id="capture-title",
            )
            yield Static(
                Content.styled(f"One person per line: {CAPTURE_HINT}. enter adds.", "dim"),
                id="capture-hint",
            )
            yield CaptureInput(placeholder=CAPTURE_HINT, id="capture-input")
            with VerticalScroll(id="capture-lines"):
                for name, serves in self.already:
                    yield Static(captured_line(name, False, True, serves), classes="capture-line")
            yield Static(
                Content.assemble(
                    ("enter", "bold"),
                    " add   ",
                    ("escape", "bold"),
                    " close (each line is saved as it is added)",
                ),
                id="capture-keys",
            )
            yield Writer()

    def on_mount(self) -> None:
        self.query_one(CaptureInput).focus()

    @on(Input.Submitted, "#capture-input")
    def _submitted(self, submitted: Input.Submitted) -> None:
        line = submitted.value.strip()
        submitted.input.value = ""
        if line:
            self.add(line)

    @on(CaptureInput.Lines)
    def _pasted(self, pasted: CaptureInput.Lines) -> None:
        for line in pasted.lines:
            self.add(line)

    def add(self, line: str) -> None:
        """Save `line` (in the background) and show what became of it."""
        shown = Static(Content.styled(f"… {line}", "dim"), classes="capture-line")
        self.query_one("#capture-lines", VerticalScroll).mount(shown)
        shown.scroll_visible()

        def done(result: Any) -> None:
            self.count += 1
            serves = self.written(result.contact_id)
            shown.update(captured_line(result.name, result.added, result.already_met, serves))

        def failed(error: BaseException) -> None:
            if not isinstance(error, NetgoalsError):
                raise error
            shown.update(Content.assemble(("✗ ", "bold $error"), line, (f"  {error}", "$error")))
            entry = self.query_one(CaptureInput)
            if not entry.value:  # give the line back to correct it
                entry.value = line

        self.query_one(Writer).submit(lambda: self.write(line), done, failed)

    def action_close(self) -> None:
        self.dismiss(None)
