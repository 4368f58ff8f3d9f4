"""A save while another program holds the write lock: the screen keeps answering, the form
keeps what was typed, and a refused save can be tried again."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input, Static

from netgoals.core.clock import fixed_clock
from netgoals.storage import Store
from netgoals.tui.app import NetgoalsApp
from netgoals.tui.dialogs.form import ModelForm
from tests.tui.conftest import NOW, screen_text


@pytest.fixture
def lock(empty_db: Path) -> Iterator[sqlite3.Connection]:
    """Another program's connection to the same file, ready to hold its write lock."""
    other = sqlite3.connect(empty_db, isolation_level=None)
    yield other
    if other.in_transaction:
        other.execute("ROLLBACK")
    other.close()


def app_on(path: Path, busy_timeout_ms: int) -> NetgoalsApp:
    clock = fixed_clock(NOW)
    return NetgoalsApp(Store.open(path, clock=clock), clock=clock, busy_timeout_ms=busy_timeout_ms)


def status(form: ModelForm) -> str:
    """What the form says about its save, as plain text."""
    return str(form.query_one("#form-status", Static).render())


def names(path: Path) -> list[str]:
    with Store.open(path) as store:
        return sorted(name for name, _org, _role in store.contact_summaries().values())


async def test_a_busy_database_keeps_the_form_and_its_values_and_a_retry_saves(
    empty_db: Path, lock: sqlite3.Connection
):
    app = app_on(empty_db, busy_timeout_ms=100)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "a", *"Grace")
        lock.execute("BEGIN IMMEDIATE")
        await pilot.press("ctrl+s")  # waits, then is refused
        assert isinstance(app.screen, ModelForm)
        assert app.screen.query_one("#field-name", Input).value == "Grace"
        said = status(app.screen)
        assert "Not saved" in said and "busy" in said and "ctrl+s saves" in said
        assert "Not saved" in screen_text(app)
        assert names(empty_db) == []
        lock.execute("ROLLBACK")
        await pilot.press("ctrl+s")
        assert not isinstance(app.screen, ModelForm)
    assert names(empty_db) == ["Grace"]


async def test_keys_are_answered_while_a_save_waits_for_the_lock(
    empty_db: Path, lock: sqlite3.Connection
):
    app = app_on(empty_db, busy_timeout_ms=60_000)  # only the test's own release ends the wait
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "a", *"Grace")
        form = app.screen
        assert isinstance(form, ModelForm)
        name = form.query_one("#field-name", Input)
        typed = asyncio.Event()
        form.watch(name, "value", lambda value: value.endswith("!") and typed.set(), init=False)
        lock.execute("BEGIN IMMEDIATE")
        # as a terminal sends them: ctrl+s, then a key typed while the save waits
        app.post_message(events.Key("ctrl+s", None))
        app.post_message(events.Key("exclamation_mark", "!"))
        await asyncio.wait_for(typed.wait(), timeout=30)
        assert form.saving and app.screen is form
        assert name.value == "Grace!"
        assert names(empty_db) == []
        lock.execute("ROLLBACK")  # the other program is done: the save lands
        await pilot.pause()
        assert not form.saving and app.screen is form  # typed on meanwhile: kept open
        assert names(empty_db) == ["Grace"]
        assert status(form).startswith("Saved. You changed more since")
        await pilot.press("ctrl+s")  # saves the rest onto the same contact
        assert not isinstance(app.screen, ModelForm)
    assert names(empty_db) == ["Grace!"]


async def test_escape_while_saving_does_not_pretend_the_save_was_dropped(
    empty_db: Path, lock: sqlite3.Connection
):
    app = app_on(empty_db, busy_timeout_ms=60_000)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "a", *"Grace")
        form = app.screen
        told = asyncio.Event()
        lock.execute("BEGIN IMMEDIATE")
        app.post_message(events.Key("ctrl+s", None))
        app.post_message(events.Key("escape", None))
        app.post_message(events.Key("exclamation_mark", "!"))
        name = form.query_one("#field-name", Input)
        typed = asyncio.Event()
        form.watch(name, "value", lambda value: value.endswith("!") and typed.set(), init=False)
        form.watch(form, "status", lambda text: text.startswith("Still") and told.set())
        await asyncio.wait_for(asyncio.gather(typed.wait(), told.wait()), timeout=30)
        assert app.screen is form and status(form).startswith("Still saving")
        lock.execute("ROLLBACK")
        await pilot.pause()
    assert names(empty_db) == ["Grace"]


async def test_a_save_that_waits_says_it_is_saving(empty_db: Path, lock: sqlite3.Connection):
    """A save that lands at once changes nothing in the form before it closes; one that
    waits for the lock says so in the form."""
    app = app_on(empty_db, busy_timeout_ms=60_000)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "a", *"Grace")
        form = app.screen
        assert isinstance(form, ModelForm)
        said = asyncio.Event()
        form.watch(form, "status", lambda text: text == "Saving…" and said.set(), init=False)
        lock.execute("BEGIN IMMEDIATE")
        app.post_message(events.Key("ctrl+s", None))
        await asyncio.wait_for(said.wait(), timeout=30)
        assert form.saving and status(form) == "Saving…"
        lock.execute("ROLLBACK")
        await pilot.pause()
        assert not isinstance(app.screen, ModelForm)
    assert names(empty_db) == ["Grace"]
