from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest

from netgoals.core.clock import fixed_clock
from netgoals.core.errors import NetgoalsError
from netgoals.core.models import Activity, Contact, Event, Link, Objective, Settings
from netgoals.storage import Conflict, Gone, Store


def test_saved_models_come_back_whole_after_reopening(tmp_path: Path):
    path = tmp_path / "n.db"
    clock = fixed_clock(datetime(2026, 3, 10, 9, 30))
    with Store.open(path, clock=clock) as store:
        objective = store.save_objective(
            Objective(
                title="Trader job",
                keywords=["trader", "bank"],
                hangouts=["Forum"],
                priority="high",
                target_date="2026-09-01",
                why="Pay",
                ask="Know a desk?",
            )
        )
        contact = store.save_contact(
            Contact(
                name="Zoë",
                organization="Northgate Bank",
                tags=["a", "b"],
                notes="line\nline",
                last_contacted="2026-01-02",
                cadence_days=30,
            )
        )
        store.set_link(
            Link(
                contact_id=contact.id,
                objective_id=objective.id,
                relation="introduces",
                note="knows the desk head",
            )
        )
        store.save_settings(Settings(weekly_target=3))
    with Store.open(path) as store:
        assert store.objectives() == [objective]
        assert store.contacts() == [contact]
        assert contact.created_at == contact.updated_at
        assert store.links()[0].note == "knows the desk head"
        assert store.settings().weekly_target == 3


def test_update_keeps_created_at_and_moves_updated_at(tmp_path: Path):
    now = [datetime(2026, 3, 10, 9, 0)]
    with Store.open(tmp_path / "n.db", clock=lambda: now[0]) as store:
        contact = store.save_contact(Contact(name="Ann"))
        now[0] = datetime(2026, 3, 11, 8, 0)
        changed = store.save_contact(contact.model_copy(update={"role": "Trader"}))
        assert changed.id == contact.id
        assert changed.created_at == contact.created_at
        assert changed.updated_at.date() == date(2026, 3, 11)
        assert store.contact_count() == 1


def test_links_are_unique_per_pair_and_refuse_missing_rows(store: Store):
    objective = store.save_objective(Objective(title="Job"))
    contact = store.save_contact(Contact(name="Ann"))
    store.set_link(Link(contact_id=contact.id, objective_id=objective.id))
    store.set_link(Link(contact_id=contact.id, objective_id=objective.id, relation="excluded"))
    assert [link.relation.value for link in store.links()] == ["excluded"]
    with pytest.raises(NetgoalsError, match="no objective with id 99"):
        store.set_link(Link(contact_id=contact.id, objective_id=99))
    assert store.remove_link(contact.id, objective.id)
    assert store.links() == []


def test_activity_and_event_references(store: Store):
    objective = store.save_objective(Objective(title="Job"))
    ann = store.save_contact(Contact(name="Ann"))
    bob = store.save_contact(Contact(name="Bob"))
    activity = store.save_activity(
        Activity(
            date="2026-03-01",
            title="Coffee",
            objective_ids=[objective.id],
            contact_ids=[bob.id, ann.id],
            effort_minutes=45,
            discomfort=3,
            payback=4,
        )
    )
    event = store.save_event(
        Event(
            name="Forum",
            starts_at="2026-03-20T18:30",
            objective_ids=[objective.id],
            contact_ids=[ann.id],
        )
    )
    assert store.activities() == [activity]
    assert store.activities()[0].contact_ids == [bob.id, ann.id]  # order kept
    assert store.events() == [event]
    with pytest.raises(NetgoalsError, match="no contact with id 42"):
        store.save_activity(Activity(date="2026-03-01", title="x", contact_ids=[42]))
    assert len(store.activities()) == 1


def test_deleting_an_objective_keeps_activities_and_undo_restores_everything(store: Store):
    objective = store.save_objective(Objective(title="Job"))
    ann = store.save_contact(Contact(name="Ann"))
    store.set_link(Link(contact_id=ann.id, objective_id=objective.id, relation="introduces"))
    activity = store.save_activity(
        Activity(
            date="2026-03-01", title="Coffee", objective_ids=[objective.id], contact_ids=[ann.id]
        )
    )
    event = store.save_event(
        Event(name="Forum", starts_at="2026-03-20", objective_ids=[objective.id])
    )

    removed = store.delete("objective", objective.id)
    assert removed is not None and removed.label == "objective 'Job'"
    assert store.objectives() == [] and store.links() == []
    assert store.activities()[0].objective_ids == [] and store.activities()[0].id == activity.id
    assert store.events()[0].objective_ids == []

    store.restore(removed)
    assert store.objectives() == [objective]
    assert store.links()[0].relation.value == "introduces"
    assert store.activities() == [activity]
    assert store.events() == [event]


def test_deleting_a_contact_leaves_no_orphans(store: Store):
    objective = store.save_objective(Objective(title="Job"))
    ann = store.save_contact(Contact(name="Ann"))
    store.set_link(Link(contact_id=ann.id, objective_id=objective.id))
    store.save_activity(Activity(date="2026-03-01", title="Call", contact_ids=[ann.id]))
    removed = store.delete("contact", ann.id)
    assert store.links() == [] and store.activities()[0].contact_ids == []
    assert store.delete("contact", ann.id) is None
    # a new contact never takes the deleted one's id, so undo puts it back exactly
    bob = store.save_contact(Contact(name="Bob"))
    assert bob.id != ann.id
    store.restore(removed)
    assert {c.name for c in store.contacts()} == {"Ann", "Bob"}
    assert store.activities()[0].contact_ids == [ann.id]


def test_undo_after_the_other_side_is_gone_restores_what_still_fits(store: Store):
    objective = store.save_objective(Objective(title="Job"))
    ann = store.save_contact(Contact(name="Ann"))
    store.set_link(Link(contact_id=ann.id, objective_id=objective.id))
    removed_contact = store.delete("contact", ann.id)
    store.delete("objective", objective.id)
    store.restore(removed_contact)
    assert [c.name for c in store.contacts()] == ["Ann"]
    assert store.links() == []


def test_a_failed_action_writes_nothing(store: Store):
    with pytest.raises(RuntimeError), store.transaction():
        store.save_contact(Contact(name="Ann"))
        store.save_objective(Objective(title="Job"))
        raise RuntimeError("power cut")
    assert store.is_empty()


def test_nested_transactions_roll_back_only_their_part(store: Store):
    with store.transaction():
        store.save_contact(Contact(name="Kept"))
        with pytest.raises(RuntimeError), store.transaction():
            store.save_contact(Contact(name="Dropped"))
            raise RuntimeError
    assert [c.name for c in store.contacts()] == ["Kept"]


def test_hostile_text_is_stored_and_read_back_verbatim(store: Store):
    hostile = (
        "[bold red]x[/] [link=file:///etc/passwd]y[/link] \u202egnp.exe \u200b 👩🏽‍💻"
        " '); DROP TABLE contacts;--"
    )
    contact = store.save_contact(Contact(name=hostile[:200], notes=hostile))
    again = store.contact(contact.id)
    assert again is not None and again.notes == hostile and again.name == hostile[:200].strip()


def test_logging_an_activity_moves_last_contacted_forward_never_back(store: Store):
    ann = store.save_contact(Contact(name="Ann", last_contacted="2026-03-01"))
    bob = store.save_contact(Contact(name="Bob"))
    store.save_activity(Activity(date="2026-03-05", title="Coffee", contact_ids=[ann.id, bob.id]))
    assert store.contact(ann.id).last_contacted == date(2026, 3, 5)
    assert store.contact(bob.id).last_contacted == date(2026, 3, 5)
    store.save_activity(Activity(date="2026-02-01", title="Old call", contact_ids=[ann.id]))
    assert store.contact(ann.id).last_contacted == date(2026, 3, 5)


def test_activity_totals_and_history(store: Store):
    job = store.save_objective(Objective(title="Job"))
    store.save_activity(
        Activity(
            date="2026-03-01",
            title="A",
            objective_ids=[job.id],
            effort_minutes=30,
            payback=2,
            discomfort=4,
        )
    )
    store.save_activity(
        Activity(date="2026-03-04", title="B", objective_ids=[job.id], effort_minutes=60, payback=1)
    )
    store.save_activity(Activity(date="2026-03-02", title="C"))
    totals = store.activity_totals()[job.id]
    assert (totals.activities, totals.effort_minutes, totals.payback) == (2, 90, 3)
    assert totals.last == date(2026, 3, 4)
    assert sorted(h.date.day for h in store.activity_history()) == [1, 2, 4]
    assert [a.title for a in store.recent_activities()] == ["B", "C", "A"]


def test_a_dry_run_transaction_runs_whole_then_writes_nothing(store: Store):
    with store.transaction(dry_run=True):
        store.save_contact(Contact(name="Ann"))
        assert store.contact_count() == 1  # visible inside, to report what would happen
    assert store.is_empty()
    with store.transaction():
        store.save_contact(Contact(name="Kept"))
        with store.transaction(dry_run=True):
            store.save_contact(Contact(name="Tried"))
    assert [c.name for c in store.contacts()] == ["Kept"]


def test_the_weekly_target_keeps_its_history(tmp_path: Path):
    path = tmp_path / "n.db"
    now = [datetime(2026, 3, 10, 9, 30)]  # a Tuesday; its week starts on 2026-03-09
    with Store.open(path, clock=lambda: now[0]) as store:
        assert store.weekly_target_changes() == []  # never changed: the current one rules
        store.save_settings(Settings(weekly_target=2))  # the default again: nothing to record
        assert store.weekly_target_changes() == []
        store.save_settings(Settings(weekly_target=3))
        assert store.weekly_target_changes() == [(date(2026, 3, 2), 2), (date(2026, 3, 9), 3)]
        now[0] = datetime(2026, 3, 13, 18, 0)  # the same week: its entry is replaced
        store.save_settings(Settings(weekly_target=4))
        now[0] = datetime(2026, 3, 24, 8, 0)  # two weeks later
        store.save_settings(Settings(weekly_target=1))
    with Store.open(path) as store:
        assert store.settings().weekly_target == 1
        assert store.weekly_target_changes() == [
            (date(2026, 3, 2), 2),
            (date(2026, 3, 9), 4),
            (date(2026, 3, 23), 1),
        ]
        # a restore writes the history it is given
        store.save_settings(Settings(weekly_target=5), target_changes=[(date(2026, 1, 5), 5)])
        assert store.weekly_target_changes() == [(date(2026, 1, 5), 5)]


def test_an_unreadable_target_history_judges_every_week_by_the_current_target(store: Store):
    store.save_settings(Settings(weekly_target=3))
    with store.transaction():
        store.conn.execute(
            "UPDATE settings SET value = ? WHERE key = 'weekly_target_changes'",
            ('[["not a date", 0]]',),
        )
    assert store.weekly_target_changes() == []
    assert store.settings().weekly_target == 3


# --- edits: only what changed, and never over a change made elsewhere ------------------------


def test_an_edit_writes_only_its_own_changes_and_keeps_those_made_elsewhere(tmp_path: Path):
    path = tmp_path / "n.db"
    with Store.open(path) as mine, Store.open(path) as theirs:
        original = mine.save_contact(Contact(name="Ada", role="Analyst", notes="Met at a talk"))
        # while the edit is open, another copy changes the role and the notes
        elsewhere = original.model_copy(update={"role": "Trader", "notes": "Moved desks"})
        theirs.save_contact(elsewhere)
        edited = original.model_copy(update={"email": "ada@example.org"})
        saved = mine.save_edit(original, edited)
        assert (saved.role, saved.notes, saved.email) == (
            "Trader",
            "Moved desks",
            "ada@example.org",
        )
        assert mine.contact(original.id) == saved


def test_an_edit_of_a_field_changed_elsewhere_is_refused_until_told_whose_wins(store):
    original = store.save_objective(Objective(title="Trader job", why="Pay", ask="Know a desk?"))
    store.save_objective(original.model_copy(update={"why": "Theirs"}))
    edited = original.model_copy(update={"why": "Mine", "ask": "Who trades?"})
    with pytest.raises(Conflict) as refused:
        store.save_edit(original, edited)
    assert refused.value.fields == {"why": ("Mine", "Theirs")}
    assert store.objective(original.id).why == "Theirs"  # nothing written, not even `ask`
    assert store.objective(original.id).ask == "Know a desk?"
    saved = store.save_edit(original, edited, keep_mine={"why"})
    assert (saved.why, saved.ask) == ("Mine", "Who trades?")


def test_the_same_change_made_on_both_sides_is_no_conflict(store):
    original = store.save_contact(Contact(name="Ada", role="Analyst"))
    store.save_contact(original.model_copy(update={"role": "Trader"}))
    saved = store.save_edit(original, original.model_copy(update={"role": "Trader"}))
    assert saved.role == "Trader"


def test_an_edit_of_a_record_deleted_elsewhere_is_refused_and_can_add_it_again(store):
    original = store.save_contact(Contact(name="Ada", role="Analyst"))
    store.delete("contact", original.id)
    edited = original.model_copy(update={"role": "Trader"})
    with pytest.raises(Gone):
        store.save_edit(original, edited)
    assert store.contact_count() == 0  # not recreated behind the user's back
    again = store.save_edit(None, edited)
    assert (again.id, again.role) == (original.id, "Trader")


def test_an_activity_edit_changes_only_its_own_fields_and_references(store):
    ada = store.save_contact(Contact(name="Ada", last_contacted="2026-01-01"))
    bo = store.save_contact(Contact(name="Bo"))
    goal = store.save_objective(Objective(title="Trader job"))
    original = store.save_activity(
        Activity(date="2026-02-01", title="Coffee", contact_ids=[ada.id], objective_ids=[goal.id])
    )
    store.save_activity(original.model_copy(update={"outcome": "An intro", "payback": 4}))
    edited = original.model_copy(update={"contact_ids": [ada.id, bo.id], "date": date(2026, 2, 3)})
    saved = store.save_edit(original, edited)
    assert (saved.outcome, saved.payback) == ("An intro", 4)
    assert saved.contact_ids == [ada.id, bo.id] and saved.objective_ids == [goal.id]
    assert store.contact(bo.id).last_contacted == date(2026, 2, 3)
    assert store.contact(ada.id).last_contacted == date(2026, 2, 3)


def test_an_event_edit_keeps_a_change_made_elsewhere(store):
    original = store.save_event(Event(name="Meetup", starts_at="2026-12-03T18:30"))
    store.save_event(original.model_copy(update={"place": "The Hall"}))
    edited = original.model_copy(update={"starts_at": datetime(2026, 12, 4, 19, 0)})
    saved = store.save_edit(original, edited)
    assert saved.place == "The Hall" and saved.starts_at == datetime(2026, 12, 4, 19, 0)


def test_a_busy_database_refuses_a_write_after_the_given_wait(tmp_path: Path):
    path = tmp_path / "n.db"
    Store.open(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with (
            Store.open(path, busy_timeout_ms=50) as store,
            pytest.raises(NetgoalsError, match=r"busy.*0\.05 seconds.*nothing was written"),
        ):
            store.save_contact(Contact(name="Ada"))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
