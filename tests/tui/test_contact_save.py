"""Saving a contact shows the change without reading and matching the whole network again,
and leaves the screen exactly as a full reload would."""

from __future__ import annotations

from pathlib import Path

import pytest

from netgoals.tui import app as app_module
from netgoals.tui.app import NetgoalsApp, Snapshot, gather
from netgoals.tui.dialogs.form import ModelForm
from tests.tui.conftest import TODAY, make_app, screen_text


async def type_text(pilot, text: str) -> None:
    await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])


def assert_as_reloaded(app: NetgoalsApp) -> None:
    """What the app holds and shows equals what a full read of the database gives."""
    full = gather(app.store, TODAY)
    assert app.matching == full.matching
    assert app.contacts_pane.all_rows == full.rows
    assert app.due == full.due
    assert app.contacts_pane.offgoal == full.matching.offgoal_set
    for objective in full.matching.objectives:
        assert app.matching.count(objective.id) == full.matching.count(objective.id)
    assert [o.id for o in app.matching.gaps] == [o.id for o in full.matching.gaps]
    offgoal, total = len(full.matching.offgoal_set), len(full.rows)
    assert str(app.contacts_pane.border_title) == f"Contacts: ○ {offgoal:,}/{total:,} off-goal"


@pytest.fixture
def gathers(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    """Each full or first-page read of the main screen's data, as it happens."""
    seen: list[dict[str, object]] = []

    def counted(store, today, **options) -> Snapshot:
        seen.append(options)
        return gather(store, today, **options)

    monkeypatch.setattr(app_module, "gather", counted)
    return seen


async def test_an_edited_contact_is_matched_alone_and_the_screen_equals_a_full_reload(
    demo_db: Path, gathers: list[dict[str, object]]
):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        trader = next(o for o in app.matching.objectives if "trader" in o.keywords)
        before = app.matching.count(trader.id)
        await pilot.press("slash")
        await type_text(pilot, "abena")
        await pilot.press("enter")
        abena = app.contact_list.current
        assert abena.name == "Abena Carter" and abena.id in app.matching.offgoal_set
        gathers.clear()
        await pilot.press("e", "tab", "tab", "end")  # the role
        await type_text(pilot, ", now a trader")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, ModelForm)
        assert gathers == []  # nothing read again but the one contact
        assert app.contact_list.current.role == "Retired midwife, now a trader"
        assert abena.id not in app.matching.offgoal_set
        assert app.matching.count(trader.id) == before + 1
        assert f"● {before + 1} contacts" in screen_text(app)
        assert_as_reloaded(app)


async def test_added_contacts_land_in_name_order_and_the_screen_equals_a_full_reload(
    demo_db: Path, gathers: list[dict[str, object]]
):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        # lower case, accents and a name already there: the database's order is kept
        for name, role in (
            ("de Souza", "Hedge fund analyst"),
            ("Émile Zola", "Novelist"),
            ("Abena Carter", "Investment banker"),
        ):
            gathers.clear()
            await pilot.press("a")
            await type_text(pilot, name)
            await pilot.press("tab", "tab")
            await type_text(pilot, role)
            await pilot.press("ctrl+s")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert not isinstance(app.screen, ModelForm)
            assert gathers == []
            assert app.contact_list.current.name == name
            assert_as_reloaded(app)
