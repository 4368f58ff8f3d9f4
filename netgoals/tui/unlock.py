"""The passphrase screen shown before the app opens an encrypted database: three tries."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, Static

from netgoals.core.errors import NetgoalsError
from netgoals.core.models import clean_line
from netgoals.core.words import plural
from netgoals.storage.database import WrongPassphrase

TRIES = 3


class PassphraseScreen(Screen[None]):
    """Asks for the passphrase of the database at `path`; the text typed is never shown."""

    BINDINGS = [("escape", "app.quit", "Quit")]
    DEFAULT_CSS = """
    PassphraseScreen { align: center middle; }
    PassphraseScreen > Vertical { width: 64; height: auto; border: round $accent; padding: 1 2; }
    PassphraseScreen #problem { color: $error; height: auto; }
    """

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content.assemble(clean_line(str(self.path)), " is encrypted."))
            yield Static("Passphrase (enter to open, escape to quit):", markup=False)
            yield Input(password=True, id="passphrase")
            yield Static("", id="problem", markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        field = self.query_one("#passphrase", Input)
        secret = field.value
        field.value = ""  # the typed text is not kept on screen or in the widget
        problem = self.query_one("#problem", Static)
        if not secret:
            problem.update("Type the passphrase, or press escape to quit.")
            return
        left = self.app.try_passphrase(secret)  # type: ignore[attr-defined]
        if left:
            problem.update(Content(f"Wrong passphrase: {plural(left, 'try', 'tries')} left."))


class UnlockApp(App[Any]):
    """Returns the store opened with the passphrase typed, or None (quit, or three wrong
    passphrases: `failure` then says why, in one line)."""

    TITLE = "netgoals"

    def __init__(self, path: Path, open_with: Callable[[str], Any], tries: int = TRIES) -> None:
        super().__init__()
        self.path = path
        self.open_with = open_with
        self.left = tries
        self.failure: NetgoalsError | None = None

    def get_default_screen(self) -> Screen[Any]:
        return PassphraseScreen(self.path)

    def try_passphrase(self, secret: str) -> int:
        """Open the database with `secret`; the tries left after a wrong one (0: the app
        has ended)."""
        try:
            store = self.open_with(secret)
        except WrongPassphrase:
            self.left -= 1
            if not self.left:
                self.failure = NetgoalsError(
                    f"{self.path}: wrong passphrase {TRIES} times; nothing was changed"
                )
                self.exit(None)
            return self.left
        except NetgoalsError as error:
            self.failure = error
            self.exit(None)
            return 0
        self.exit(store)
        return 0


def unlock(path: Path, open_with: Callable[[str], Any]) -> Any:
    """The database at `path` opened by `open_with(passphrase)` with a passphrase typed on
    the passphrase screen; NetgoalsError (one line) after three wrong ones or a quit."""
    app = UnlockApp(path, open_with)
    store = app.run()
    if store is None:
        raise app.failure or NetgoalsError(f"{path} was not opened: no passphrase was given")
    return store
