"""The app on an encrypted database: a passphrase screen first (three tries, the typed text
never shown), then the same app, whose saves land in the encrypted file."""

from __future__ import annotations

from pathlib import Path

import pytest

from netgoals.core.clock import fixed_clock
from netgoals.core.errors import NetgoalsError
from netgoals.storage import Store
from netgoals.storage.cipher import Passphrase, available
from netgoals.storage.database import change_encryption
from netgoals.tui.app import NetgoalsApp
from netgoals.tui.unlock import UnlockApp
from tests.tui.conftest import NOW, screen_text

pytestmark = pytest.mark.skipif(
    not available(), reason="the 'encrypted' extra (sqlcipher3) is not installed"
)
SECRET = "open sesame"


@pytest.fixture
def encrypted_demo(demo_db: Path) -> Path:
    change_encryption(demo_db, current=None, new=Passphrase(SECRET))
    return demo_db


def _opener(path: Path):
    def open_with(secret: str) -> Store:
        return Store.open(path, clock=fixed_clock(NOW), passphrase=Passphrase(secret))

    return open_with


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


async def _type(pilot, text: str) -> None:
    await pilot.press(*[{" ": "space"}.get(c, c) for c in text], "enter")
    await pilot.pause()


async def test_two_wrong_tries_then_the_right_one_opens_it(encrypted_demo: Path):
    app = UnlockApp(encrypted_demo, _opener(encrypted_demo))
    async with app.run_test(size=(100, 30)) as pilot:
        assert "demo.db is encrypted" in screen_text(app)
        await _type(pilot, "guess one")
        text = screen_text(app)
        assert "Wrong passphrase: 2 tries left" in text
        assert "guess" not in text  # neither typed nor shown afterwards
        await pilot.press(*"sesame")
        assert "sesame" not in screen_text(app)  # typed as dots
        await pilot.press("enter")
        await pilot.pause()
        assert "Wrong passphrase: 1 try left" in screen_text(app)
        await _type(pilot, SECRET)
    store = app.return_value
    assert isinstance(store, Store) and store.passphrase is not None
    with store:
        assert store.contact_count() == 121


async def test_three_wrong_passphrases_end_it_with_one_line(encrypted_demo: Path):
    before = _snapshot(encrypted_demo.absolute().parent)
    app = UnlockApp(encrypted_demo, _opener(encrypted_demo))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")  # nothing typed: not a try
        await pilot.pause()
        assert "Type the passphrase" in screen_text(app)
        for attempt in ("a", "b", "c"):
            await _type(pilot, attempt)
    assert app.return_value is None
    assert isinstance(app.failure, NetgoalsError)
    assert str(app.failure) == "demo.db: wrong passphrase 3 times; nothing was changed"
    assert _snapshot(encrypted_demo.absolute().parent) == before


async def test_the_app_saves_into_the_encrypted_file(encrypted_demo: Path):
    store = Store.open(encrypted_demo, clock=fixed_clock(NOW), passphrase=Passphrase(SECRET))
    app = NetgoalsApp(store, clock=fixed_clock(NOW))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "Abena Carter" in screen_text(app)
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one("#field-name").value = "Quentin Cipher"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Quentin Cipher" in screen_text(app)
    with Store.open(encrypted_demo, passphrase=Passphrase(SECRET)) as reader:
        assert "Quentin Cipher" in [c.name for c in reader.contacts()]
    assert b"Quentin" not in b"".join(_snapshot(encrypted_demo.absolute().parent).values())


async def test_a_path_holding_markup_and_escapes_is_shown_as_plain_text(
    demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # a short, relative path: the whole of it fits on one line of the screen, wherever the
    # temporary folder is
    monkeypatch.chdir(tmp_path)
    folder = Path("[bold red]x[reverse]\x1b]0;owned\x07")
    folder.mkdir()
    path = folder / "net.db"
    demo_db.rename(path)
    change_encryption(path, current=None, new=Passphrase(SECRET))
    app = UnlockApp(path, _opener(path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "[bold red]x[reverse]]0;owned/net.db is encrypted." in text
        assert "\x1b" not in text and "\x07" not in text
