"""Import a file of contacts from inside the app: a path, a format, progress, a summary."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label, ProgressBar, Select, Static

from netgoals.core.errors import NetgoalsError
from netgoals.core.text import drop_controls
from netgoals.tui.dialogs.base import Dialog

FORMATS = [
    ("LinkedIn Connections.csv", "linkedin"),
    ("vCard (.vcf)", "vcard"),
    ("Google Contacts CSV", "google"),
    ("netgoals backup (.json)", "json"),
]


def guess_format(path: str) -> str | None:
    """The format a file name suggests, if any."""
    name = path.strip().lower()
    if name.endswith((".vcf", ".vcard")):
        return "vcard"
    if name.endswith(".json"):
        return "json"
    if "connections" in name:
        return "linkedin"
    if name.endswith(".csv"):
        return "google"
    return None


def run_import(db: Path, source: Path, format: str, progress) -> str:
    """Import `source` into the database at `db` (on a connection of its own); the summary.
    Raises NetgoalsError for a file that cannot be read."""
    from netgoals.storage import Store

    if format == "json":
        from netgoals.formats.backup import import_backup, parse_json
        from netgoals.formats.people import decode, read_file

        backup = parse_json(decode(read_file(source), str(source)))
        with Store.open(db, create=False) as store:
            return import_backup(store, backup).summary()
    from netgoals.formats.people import decode, import_contacts, parse, read_file

    parsed = parse(format, decode(read_file(source), str(source)))
    with Store.open(db, create=False) as store:
        return import_contacts(store, parsed, progress=progress).report()


class ImportScreen(Dialog[bool]):
    """Dismissed with True when something was imported (the app then reads everything again)."""

    BINDINGS = [
        Binding("ctrl+s", "start", "Import", priority=True),
        Binding("escape", "close", "Close", priority=True),
    ]

    def __init__(self, db: Path) -> None:
        super().__init__()
        self.db = db
        self.done = False
        self.running = False

    def compose(self) -> ComposeResult:
        with Vertical(id="import"):
            yield Static(Content.styled("Import contacts", "bold"), id="import-title")
            yield Label("File")
            yield Input(placeholder="~/Downloads/Connections.csv", id="import-path")
            yield Label("Format")
            yield Select(FORMATS, value="linkedin", allow_blank=False, id="import-format")
            yield ProgressBar(total=None, show_eta=False, id="import-progress")
            yield Static("", id="import-result")
            yield Static(
                Content.assemble(("ctrl+s", "bold"), " import   ", ("escape", "bold"), " close"),
                id="import-keys",
            )

    def on_mount(self) -> None:
        self.query_one("#import-progress").display = False
        self.query_one("#import-path", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        guessed = guess_format(event.value)
        if guessed:
            self.query_one("#import-format", Select).value = guessed

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
            summary = run_import(self.db, source, format, progress)
        except NetgoalsError as error:
            self.app.call_from_thread(self._finished, None, str(error))
            return
        self.app.call_from_thread(self._finished, summary, None)

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
