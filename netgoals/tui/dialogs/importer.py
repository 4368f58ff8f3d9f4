"""Import a file of contacts (or a calendar's events) from inside the app: a path, a format,
progress, a summary."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label, ProgressBar, Select, Static

from netgoals.core.clock import Clock, system_clock
from netgoals.core.errors import NetgoalsError
from netgoals.core.text import drop_controls
from netgoals.tui.dialogs.base import Dialog

if TYPE_CHECKING:
    from netgoals.storage.cipher import Passphrase

AUTO = "auto"


def format_choices() -> list[tuple[str, str]]:
    """The choices of the dialog's Format: recognise the file, or one importer by name."""
    from netgoals.formats.importers import IMPORTERS

    return [("Recognise it from its content", AUTO), *((i.label, i.name) for i in IMPORTERS)]


def run_import(
    db: Path,
    source: Path,
    format: str,
    progress,
    clock: Clock = system_clock,
    passphrase: Passphrase | None = None,
) -> str:
    """Import `source` into the database at `db` (on a connection of its own, opened with
    `passphrase` when it is encrypted, reading the time from `clock`, the app's), by the
    importer called `format` or, for AUTO, the one that recognises it; the summary. Raises
    NetgoalsError for a file that cannot be read."""
    from netgoals.formats.importers import load_file
    from netgoals.storage import Store

    loaded = load_file(source, None if format == AUTO else format)
    with Store.open(db, clock=clock, create=False, passphrase=passphrase) as store:
        report = loaded.apply(store, progress=progress).report()
    if loaded.recognised:
        report = f"Recognised as {loaded.importer.a_label}.\n{report}"
    return report


class ImportScreen(Dialog[bool]):
    """Dismissed with True when something was imported (the app then reads everything again)."""

    BINDINGS = [
        Binding("ctrl+s", "start", "Import", priority=True),
        Binding("escape", "close", "Close", priority=True),
    ]

    def __init__(self, db: Path, passphrase: Passphrase | None = None) -> None:
        super().__init__()
        self.db = db
        self.passphrase = passphrase  # an encrypted database's, else None
        self.done = False
        self.running = False

    def compose(self) -> ComposeResult:
        with Vertical(id="import"):
            yield Static(Content.styled("Import contacts or events", "bold"), id="import-title")
            yield Label("File")
            yield Input(placeholder="~/Downloads/Connections.csv", id="import-path")
            yield Label("Format")
            yield Select(format_choices(), value=AUTO, allow_blank=False, id="import-format")
            yield ProgressBar(total=None, show_eta=False, id="import-progress")
            yield Static("", id="import-result")
            yield Static(
                Content.assemble(("ctrl+s", "bold"), " import   ", ("escape", "bold"), " close"),
                id="import-keys",
            )

    def on_mount(self) -> None:
        self.query_one("#import-progress").display = False
        self.query_one("#import-path", Input).focus()

    def action_start(self) -> None:
        if self.running:
            return
        text = self.query_one("#import-path", Input).value.strip()
        if not text:
            self._show(Content.styled("Give the path of the file to import.", "bold $error"))
            return
        try:
            source = Path(text).expanduser()
        except RuntimeError:
            self._show(Content.styled(f"Cannot find {drop_controls(text)}.", "bold $error"))
            return
        format = str(self.query_one("#import-format", Select).value)
        self.running = True
        bar = self.query_one("#import-progress", ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        # a path, a message and a summary may quote a file name or a file's text: as text only
        self._show(Content(f"Importing {drop_controls(str(source))} …"))
        self.import_file(source, format)

    @work(thread=True, exclusive=True)
    def import_file(self, source: Path, format: str) -> None:
        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(self._progress, done, total)

        try:
            summary = run_import(
                self.db, source, format, progress, self.netgoals_clock, self.passphrase
            )
        except NetgoalsError as error:
            self.app.call_from_thread(self._finished, None, str(error))
            return
        self.app.call_from_thread(self._finished, summary, None)

    @property
    def netgoals_clock(self) -> Clock:
        """The app's clock (injected in tests)."""
        return getattr(self.app, "clock", system_clock)

    def _progress(self, done: int, total: int) -> None:
        self.query_one("#import-progress", ProgressBar).update(total=total, progress=done)

    def _finished(self, summary: str | None, error: str | None) -> None:
        self.running = False
        bar = self.query_one("#import-progress", ProgressBar)
        if error is not None:
            bar.display = False
            self._show(
                Content.assemble(
                    ("Not imported: ", "bold $error"), drop_controls(error, keep_lines=True)
                )
            )
            return
        self.done = True
        bar.update(total=1, progress=1)
        done = drop_controls(summary or "", keep_lines=True)
        self._show(Content.assemble(("Done. ", "bold $success"), done))

    def _show(self, content: Content) -> None:
        self.query_one("#import-result", Static).update(content)

    def action_close(self) -> None:
        if not self.running:
            self.dismiss(self.done)
