"""Keystrokes in a large network are not held up by the cycle collector walking every row."""

from __future__ import annotations

import gc
import sys
import weakref
from pathlib import Path

from netgoals.core.clock import fixed_clock
from netgoals.storage import Store
from netgoals.tui.app import FIRST_PAGE_FROM, NetgoalsApp
from netgoals.tui.dialogs.confirm import ConfirmDialog
from netgoals.tui.dialogs.form import ModelForm
from netgoals.tui.panes.contacts import ContactRow
from tests.tui.conftest import NOW

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from synthetic import build


def walked_rows() -> int:
    """How many contact rows the next full collection would walk (objects set aside with
    `gc.freeze` are not among `gc.get_objects()`)."""
    return sum(isinstance(thing, ContactRow) for thing in gc.get_objects())


def names(app: NetgoalsApp) -> set[str]:
    return {row.name for row in app.contacts_pane.all_rows}


async def wait_until(pilot, condition) -> None:
    for _ in range(1000):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("timed out")


async def closed_dialog(pilot, app: NetgoalsApp) -> weakref.ref[ConfirmDialog]:
    """A dialog opened and closed (the question before discarding what is typed in the
    contact form; the form itself is kept, to be opened again), held only by a weak reference:
    it lives on in cycles with its widgets until a collection."""
    await pilot.press("a", "x", "escape")
    question = app.screen
    assert isinstance(question, ConfirmDialog)
    closed = weakref.ref(question)
    del question
    await pilot.press("y")  # discard: the form closes too
    await wait_until(pilot, lambda: len(app.screen_stack) == 1)
    return closed


async def test_rows_on_screen_are_set_aside_from_full_collections_and_nothing_is_kept(
    tmp_path: Path,
):
    size = FIRST_PAGE_FROM + 200
    db = build(tmp_path / "big.db", size, objectives=10, active=8, activities=20, events=2)
    app = NetgoalsApp(Store.open(db, clock=fixed_clock(NOW)), clock=fixed_clock(NOW))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: not app.loading)  # the background load has arrived
        await pilot.pause()
        rows = app.contacts_pane.all_rows
        assert len(rows) == size
        assert walked_rows() == 0

        closed = await closed_dialog(pilot, app)

        # a contact saved is read alone: its one new row is all a collection walks
        await pilot.press("a")  # a contact: the contacts list has the focus
        assert isinstance(app.screen, ModelForm)
        await pilot.press(*"Aardvark Jones", "ctrl+s")
        await wait_until(pilot, lambda: names(app) >= {"Aardvark Jones"})
        assert walked_rows() == 1

        # what was alive when set aside and has died since (the closed dialog, in cycles with
        # its widgets) is still collected, by the next complete read (here after an objective
        # is saved), which sets the rows aside again
        await pilot.press("1", "a", *"Bittern watching", "ctrl+s")
        await wait_until(pilot, lambda: "Bittern watching" in {o.title for o in app.objectives})
        assert closed() is None
        assert walked_rows() == 0
    # once the app has closed, nothing stays set aside
    assert gc.get_freeze_count() == 0


async def test_keystrokes_in_a_large_network_run_no_full_collection(tmp_path: Path):
    size = FIRST_PAGE_FROM + 200
    db = build(tmp_path / "big.db", size, objectives=10, active=8, activities=20, events=2)
    app = NetgoalsApp(Store.open(db, clock=fixed_clock(NOW)), clock=fixed_clock(NOW))
    full: list[int] = []

    def collected(phase: str, info: dict[str, int]) -> None:
        if phase == "stop" and info["generation"] == 2:
            full.append(1)

    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: not app.loading)
        await pilot.pause()
        gc.callbacks.append(collected)
        try:
            for _ in range(8):
                await pilot.press("slash", *"lon", "escape", "o", "o", "g")
                await pilot.press("pagedown", "pagedown", "pagedown", "pagedown")
                await pilot.pause()
        finally:
            gc.callbacks.remove(collected)
        assert app.contact_list.cursor > 0  # the keys were handled: the list was paged down
        assert full == []

        # closed dialogs are still collected, without waiting for a complete read of the
        # network: opening and closing dialogs again and again does not pile them up
        closed = [await closed_dialog(pilot, app) for _ in range(3)]
        await wait_until(pilot, lambda: closed[0]() is None and closed[1]() is None)
        assert walked_rows() == 0  # and the rows set aside stay set aside
    # once the app has closed, the collector is as it was
    assert gc.get_threshold()[2] < 1000


async def test_what_a_closed_dialog_left_is_collected_when_the_keys_pause_not_during_them(
    tmp_path: Path,
):
    db = build(tmp_path / "small.db", 300, objectives=4, active=3, activities=5, events=1)
    app = NetgoalsApp(Store.open(db, clock=fixed_clock(NOW)), clock=fixed_clock(NOW))
    full: list[int] = []

    def collected(phase: str, info: dict[str, int]) -> None:
        if phase == "stop" and info["generation"] == 2:
            full.append(1)

    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: not app.loading)
        await pilot.press("2")
        closed = await closed_dialog(pilot, app)
        gc.callbacks.append(collected)
        try:
            # keys for longer than a collection used to wait after a dialog closed
            for _ in range(6):
                await pilot.press("j")
                await pilot.pause(0.1)
            assert full == [] and closed() is not None  # no collection while keys come
            await wait_until(pilot, lambda: closed() is None)  # the keys paused: collected
        finally:
            gc.callbacks.remove(collected)
        assert full
