"""The app driven with keys, checked on screen and in the database."""

from __future__ import annotations

from pathlib import Path

from netgoals.core.clock import fixed_clock
from netgoals.core.models import Contact, Objective
from netgoals.demo import build_demo
from netgoals.storage import Store
from netgoals.tui.dialogs.details import DetailsScreen
from netgoals.tui.dialogs.form import ModelForm
from netgoals.tui.dialogs.help import HelpScreen
from netgoals.tui.panes.contacts import MATCH_MARK, OFFGOAL_MARK
from tests.tui.conftest import NOW, TODAY, make_app, row_text, screen_text


def contacts_in(path: Path) -> dict[str, Contact]:
    with Store.open(path) as store:
        return {c.name: c for c in store.contacts()}


async def type_text(pilot, text: str) -> None:
    await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])


async def test_main_screen_shows_three_panes_and_off_goal_contacts(demo_db: Path):
    app = make_app(demo_db, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "netgoals — demo · demo.db" in text
        assert "Objectives" in text and "Motivation" in text
        assert "Contacts: ○ 112/121 off-goal" in text
        assert "Job as a trader in a bank" in text and "● 9 contacts · high" in text
        assert "⚠ GAP: nobody yet · medium" in text
        rows = row_text(app)
        assert rows[0].startswith(f" {OFFGOAL_MARK} Abena Carter")
        assert any(r.startswith(f" {MATCH_MARK} Chloé Martin") for r in rows)
        assert app.focused is app.contact_list


async def test_a_narrow_terminal_still_says_it_is_the_demo_whatever_the_path(tmp_path: Path):
    folder = tmp_path / ("a-folder-with-a-rather-long-name-" * 3)
    folder.mkdir()
    with Store.open(folder / "demo.db", clock=fixed_clock(NOW)) as store:
        build_demo(store, TODAY)
    app = make_app(folder / "demo.db", demo=True)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        header = screen_text(app).splitlines()[0]
        assert "netgoals — demo · " in header and "…" in header  # the path cut, not "demo"


async def test_o_shows_only_off_goal_contacts_and_back(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("o")
        shown = app.contact_list.rows
        assert len(shown) == 112
        assert all(r.id in app.matching.offgoal_set for r in shown)
        assert "off-goal only" in screen_text(app)
        await pilot.press("o")
        assert len(app.contact_list.rows) == 121


async def test_slash_filters_as_you_type_and_escape_clears(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")
        await type_text(pilot, "harbour")
        names = {r.name for r in app.contact_list.rows}
        assert names == {"Priya Raman", "Chloé Martin"}
        await type_text(pilot, " pri")
        assert [r.name for r in app.contact_list.rows] == ["Priya Raman"]
        assert "filter 'harbour pri'" in screen_text(app)
        await pilot.press("escape")
        assert len(app.contact_list.rows) == 121
        assert app.focused is app.contact_list


async def test_m_shows_the_contacts_matching_the_selected_objective(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("1")
        assert app.objective_list.current.title == "Job as a trader in a bank"
        await pilot.press("m")
        assert len(app.contact_list.rows) == 9
        assert "Margaret O'Sullivan" in {r.name for r in app.contact_list.rows}
        await pilot.press("j")  # the mentor objective: a gap
        assert app.contact_list.rows == []
        await pilot.press("m")
        assert len(app.contact_list.rows) == 121


async def test_add_an_objective_and_see_contacts_match_it(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("1", "a")
        assert isinstance(app.screen, ModelForm)
        await type_text(pilot, "Find yoga clients")
        await pilot.press("tab", "tab", "tab", "tab")  # purpose, why, ask -> keywords
        assert app.focused.id == "field-keywords"
        await type_text(pilot, "yoga, pilates")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ModelForm)
        assert "Find yoga clients" in screen_text(app)
        tyra = next(r for r in app.contact_list.rows if r.name == "Tyra Banks")
        assert tyra.id not in app.matching.offgoal_set  # a yoga teacher now serves a goal
    with Store.open(demo_db) as store:
        saved = [o for o in store.objectives() if o.title == "Find yoga clients"]
        assert saved and saved[0].keywords == ["yoga", "pilates"]


async def test_a_refused_value_is_shown_by_its_field_and_nothing_is_written(demo_db: Path):
    before = contacts_in(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        await type_text(pilot, "Eve")
        await pilot.press("tab", "tab", "tab")
        await type_text(pilot, "not-an-email")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ModelForm)
        assert "'not-an-email' is not an email address" in screen_text(app)
        assert app.focused.id == "field-email"
        assert contacts_in(demo_db) == before
        # mend it and save
        await pilot.press(*["backspace"] * 12)
        await type_text(pilot, "eve@example.org")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ModelForm)
        assert app.contact_list.current.name == "Eve"
    assert contacts_in(demo_db)["Eve"].email == "eve@example.org"


async def test_escape_cancels_a_form_and_writes_nothing(demo_db: Path):
    before = contacts_in(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        await type_text(pilot, "Nobody")
        await pilot.press("escape", "y")  # "Discard changes?" yes
        await pilot.pause()
        assert not isinstance(app.screen, ModelForm)
    assert contacts_in(demo_db) == before


async def test_edit_a_contact_and_watch_the_highlight_change(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        first = app.contact_list.current
        assert first.name == "Abena Carter" and first.id in app.matching.offgoal_set
        await pilot.press("e")
        await pilot.press("tab")  # organisation
        await type_text(pilot, "Northgate Bank")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.contact_list.current.id == first.id
        assert first.id not in app.matching.offgoal_set
        assert row_text(app)[0].startswith(f" {MATCH_MARK} Abena Carter")
        assert "Contacts: ○ 111/121 off-goal" in screen_text(app)
    assert contacts_in(demo_db)["Abena Carter"].organization == "Northgate Bank"


async def test_delete_asks_first_and_u_undoes_it(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("d")
        await pilot.pause()
        assert "Delete contact Abena Carter?" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert "Abena Carter" in contacts_in(demo_db)
        await pilot.press("d", "y")
        await pilot.pause()
        assert "Abena Carter" not in contacts_in(demo_db)
        assert app.contact_list.current.name == "Agnieszka Lis"
        await pilot.press("u")
        await pilot.pause()
        assert "Abena Carter" in contacts_in(demo_db)
        assert len(app.contact_list.rows) == 121


async def test_deleting_an_objective_and_undoing_it(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("1", "d", "y")
        await pilot.pause()
        assert len(app.matching.objectives) == 1
        assert "Contacts: ○ 121/121 off-goal" in screen_text(app)
        await pilot.press("u")
        await pilot.pause()
        assert len(app.matching.objectives) == 2
        assert app.matching.count(app.matching.objectives[0].id) == 9


async def test_link_a_contact_as_introduces(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        abena = app.contact_list.current
        await pilot.press("l")
        assert isinstance(app.screen, ModelForm)
        await pilot.press("tab")  # objective (the one under the cursor) -> relation
        await pilot.press("enter", "down", "enter")  # open the list, choose "introduces"
        await pilot.press("tab")
        await type_text(pilot, "her brother runs a desk")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert abena.id not in app.matching.offgoal_set
    with Store.open(demo_db) as store:
        link = next(k for k in store.links() if k.contact_id == abena.id)
        assert link.relation.value == "introduces" and link.note == "her brother runs a desk"


async def test_enter_shows_a_contact_with_each_match_and_why(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")
        await type_text(pilot, "priya")
        await pilot.press("enter", "enter")
        assert isinstance(app.screen, DetailsScreen)
        text = screen_text(app)
        assert "Serves:" in text and "Job as a trader in a bank" in text
        assert 'keyword "trader" in role: "Trader"' in text
        await pilot.press("escape")
        assert not isinstance(app.screen, DetailsScreen)


async def test_enter_on_an_objective_shows_why_ask_and_its_contacts(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("1", "enter")
        await pilot.pause()
        text = screen_text(app)
        assert "Ask" in text and "Hangouts" in text
        await pilot.press("pagedown", "pagedown")
        await pilot.pause()
        text = screen_text(app)
        assert "9 matching contacts" in text and "Priya Raman" in text
        await pilot.press("escape", "j", "enter", "pagedown", "pagedown")
        await pilot.pause()
        assert "GAP: none of your contacts matches this objective" in screen_text(app)


async def test_n_logs_an_activity(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        await type_text(pilot, "Careers evening")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ModelForm)
    with Store.open(demo_db) as store:
        logged = [a for a in store.activities() if a.title == "Careers evening"]
        assert logged and logged[0].date.isoformat() == "2026-11-25"
        assert logged[0].contact_ids  # the contact under the cursor was with you


async def test_review_help_and_palette(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        text = screen_text(app)
        assert "Before you walk in: City Finance Careers Evening" in text
        assert "the way in" in text
        await pilot.press("escape", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "Everywhere on the main screen" in screen_text(app)
        for _ in range(5):  # page down until the part about seeing what matters
            if "off-goal contacts only" in screen_text(app):
                break
            await pilot.press("pagedown")
            await pilot.pause()
        assert "off-goal contacts only" in screen_text(app)
        await pilot.press("escape", "f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "ctrl+p")
        await pilot.pause()
        await type_text(pilot, "link contact")
        await app.workers.wait_for_complete()  # the palette's search, run in a worker
        await pilot.pause()
        assert "Link contact to objective" in screen_text(app)


async def test_panes_by_number_and_tab(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("1")
        assert app.focused.id == "objective-list"
        await pilot.press("3")
        assert app.focused.id == "motivation-view"
        await pilot.press("2")
        assert app.focused is app.contact_list
        await pilot.press("tab")
        assert app.focused.id == "motivation-view"
        await pilot.press("G")
        await pilot.press("shift+tab")
        assert app.focused is app.contact_list
        await pilot.press("G")
        assert app.contact_list.current.name == app.contact_list.rows[-1].name
        await pilot.press("g", "pagedown")
        assert app.contact_list.cursor > 10


async def test_markup_in_names_is_shown_literally(empty_db: Path):
    with Store.open(empty_db) as store:
        store.save_contact(Contact(name="[red]Mallory[/red]", role="[link=https://x]y[/link]"))
        store.save_objective(Objective(title="[bold]Loud[/]", keywords=["x"]))
    app = make_app(empty_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "[red]Mallory[/red]" in text
        assert "[link=https://x]y[/link]" in text
        assert "[bold]Loud[/]" in text


async def test_with_no_objective_the_first_step_is_stated(empty_db: Path):
    app = make_app(empty_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "No active objective yet." in screen_text(app)


async def test_saved_changes_survive_a_restart(empty_db: Path):
    app = make_app(empty_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        await type_text(pilot, "Zed")
        await pilot.press("ctrl+s")
        await pilot.pause()
    again = make_app(empty_db)
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert [r.name for r in again.contact_list.rows] == ["Zed"]


async def test_keys_of_the_main_screen_do_nothing_inside_a_dialog(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("d")
        await pilot.press("q", "o", "a")  # none of these may act behind the question
        await pilot.pause()
        assert app.is_running
        assert len(app.screen_stack) == 2
        await pilot.press("escape")
        assert len(app.contact_list.rows) == 121


async def test_every_key_on_an_empty_database_is_harmless(empty_db: Path):
    app = make_app(empty_db)
    keys = [
        "e",
        "d",
        "l",
        "m",
        "o",
        "f",
        "u",
        "enter",
        "r",
        "escape",
        "v",
        "escape",
        "1",
        "e",
        "d",
        "enter",
        "m",
        "3",
        "e",
        "escape",
        "tab",
        "d",
        "enter",
        "n",
        "escape",
        "s",
        "escape",
        "slash",
        "x",
        "escape",
        "2",
        "g",
        "G",
        "pagedown",
        "pageup",
    ]
    async with app.run_test(size=(80, 24)) as pilot:
        for key in keys:
            await pilot.press(key)
        await pilot.pause()
        assert app.is_running and len(app.screen_stack) == 1
    with Store.open(empty_db) as store:
        assert store.is_empty()


async def test_l_excludes_a_contact_then_removes_the_link(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        job = app.objective_list.current  # the objective under the cursor
        await pilot.press("slash")
        await type_text(pilot, "priya")
        await pilot.press("enter")
        priya = app.contact_list.current
        assert priya.name == "Priya Raman"
        assert priya.id in app.matching.members[job.id]  # matched by her keywords
        await pilot.press("l")
        assert isinstance(app.screen, ModelForm)
        await pilot.press("tab", "enter", "down", "down", "enter")  # relation: excluded
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ModelForm)
        assert priya.id not in app.matching.members[job.id]
        with Store.open(demo_db) as store:
            (link,) = [k for k in store.links() if k.contact_id == priya.id]
            assert (link.objective_id, link.relation.value) == (job.id, "excluded")

        await pilot.press("l")
        assert isinstance(app.screen, ModelForm)
        await pilot.press("tab", "enter", "down", "enter")  # from excluded to "remove the link"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ModelForm)
        assert priya.id in app.matching.members[job.id]  # her keywords count again
        with Store.open(demo_db) as store:
            assert not [k for k in store.links() if k.contact_id == priya.id]


async def test_q_quits(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.return_code is None
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code == 0
    assert not app.is_running
