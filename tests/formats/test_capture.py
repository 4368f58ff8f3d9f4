"""Capture into a real database: the same person is found, not added twice; who was met stays
through deletes, undo and the backup; `netgoals followups` lists them by the clock."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from netgoals.cli import run
from netgoals.core.clock import fixed_clock
from netgoals.core.errors import NetgoalsError
from netgoals.core.models import Activity, Contact, Event, Link, Objective, Settings
from netgoals.formats.backup import export_document, export_json, import_backup, parse_json
from netgoals.formats.capture import capture
from netgoals.storage import Store

NOW = datetime(2026, 11, 25, 9, 30)  # five days after the Fintech night
CLOCK = fixed_clock(NOW)


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "netgoals.db", clock=CLOCK) as opened:
        yield opened


def _fill(store: Store) -> Event:
    store.save_objective(Objective(title="Job as a trader", keywords=["trader"]))
    store.save_contact(
        Contact(name="Ada Lee", organization="Barclays", email="ada@example.org", notes="Old")
    )
    store.save_contact(Contact(name="Ada Lee", organization="Monzo"))  # another Ada
    return store.save_event(Event(name="Fintech night", starts_at="2026-11-20 18:30"))


def test_the_same_person_by_name_and_organisation_is_found_not_added(store: Store):
    event = _fill(store)
    found = capture(store, event.id, "ada  LEE, Trader @ barclays — wants a coffee")
    assert (found.contact_id, found.added, found.already_met) == (1, False, False)
    again = capture(store, event.id, "Ada Lee @ Barclays")
    assert (again.contact_id, again.added, again.already_met) == (1, False, True)
    other = capture(store, event.id, "Ada Lee — no organisation said")
    assert other.added  # neither stored Ada: a name alone is not the same person
    assert store.contact_count() == 3
    ada = store.contact(1)
    assert (ada.role, ada.organization, ada.email) == ("Trader", "Barclays", "ada@example.org")
    assert ada.notes == "Old\nwants a coffee"
    assert ada.last_contacted == date(2026, 11, 20)
    assert store.event(event.id).met_ids == [1, other.contact_id]


def test_last_contact_never_moves_back(store: Store):
    event = _fill(store)
    ada = store.contact(1)
    store.save_contact(ada.model_copy(update={"last_contacted": date(2026, 11, 24)}))
    capture(store, event.id, "Ada Lee @ Barclays")
    assert store.contact(1).last_contacted == date(2026, 11, 24)


def test_a_refused_line_writes_nothing(store: Store):
    event = _fill(store)
    for line in ("— a note only", "X" * 201, "Bo, " + "r" * 501):
        with pytest.raises(NetgoalsError):
            capture(store, event.id, line)
    assert store.contact_count() == 2
    assert store.event(event.id).met_ids == []
    store.delete("event", event.id)
    with pytest.raises(NetgoalsError, match="deleted meanwhile"):
        capture(store, event.id, "Cy")
    assert store.contact_count() == 2


def test_deleting_and_undoing_keeps_who_was_met(store: Store):
    event = _fill(store)
    bob = capture(store, event.id, "Bob").contact_id
    capture(store, event.id, "Ada Lee @ Barclays")
    removed = store.delete("contact", bob)
    assert store.event(event.id).met_ids == [1]
    store.restore(removed)
    assert store.event(event.id).met_ids == [bob, 1]
    removed = store.delete("event", event.id)
    store.restore(removed)
    assert store.event(event.id).met_ids == [bob, 1]
    assert store.event(event.id).contact_ids == [bob, 1]


def test_the_backup_carries_who_was_met_and_the_setting(store: Store, tmp_path: Path):
    event = _fill(store)
    capture(store, event.id, "Bob")
    store.save_settings(Settings(followup_days=3))
    text = export_json(store)
    document = json.loads(text)
    assert document["events"][0]["met_ids"] == [3]
    assert document["settings"]["followup_days"] == 3
    with Store.open(tmp_path / "restored.db", clock=CLOCK) as restored:
        import_backup(restored, parse_json(text))
        assert export_json(restored) == text
        assert restored.settings().followup_days == 3
    # merged into a database where the people have other ids
    with Store.open(tmp_path / "merged.db", clock=CLOCK) as merged:
        merged.save_contact(Contact(name="Someone else"))
        import_backup(merged, parse_json(text))
        bob = next(c.id for c in merged.contacts() if c.name == "Bob")
        assert merged.events()[0].met_ids == [bob]


def test_an_older_backup_without_met_or_the_setting_restores(tmp_path: Path):
    older = {
        "format": "netgoals",
        "version": 1,
        "settings": {"weekly_target": 3},
        "contacts": [{"id": 1, "name": "Ann"}],
        "events": [{"id": 1, "name": "Forum", "starts_at": "2026-03-18", "contact_ids": [1]}],
    }
    with Store.open(tmp_path / "n.db", clock=CLOCK) as store:
        import_backup(store, parse_json(json.dumps(older)))
        assert store.events()[0].met_ids == []
        assert store.settings().followup_days == 2
        assert export_document(store)["events"][0]["contact_ids"] == [1]


def test_a_backup_naming_someone_met_who_is_not_in_it_is_refused():
    document = {
        "format": "netgoals",
        "version": 1,
        "contacts": [{"id": 1, "name": "Ann"}],
        "events": [{"id": 1, "name": "Forum", "starts_at": "2026-03-18", "met_ids": [2]}],
    }
    with pytest.raises(NetgoalsError, match=r"events\[0\]\.met_ids\[0\]: there is no contact"):
        parse_json(json.dumps(document))


def _cli(db: Path, *args: str) -> int:
    return run(["--db", str(db), *args], clock=CLOCK)


def test_netgoals_followups_json_by_the_clock(store: Store, capsys):
    event = _fill(store)
    store.set_link(Link(contact_id=2, objective_id=1))
    bob = capture(store, event.id, "Bob").contact_id
    capture(store, event.id, "Ada Lee, Trader @ Barclays")
    capture(store, event.id, "Ada Lee @ Monzo")
    tonight = store.save_event(Event(name="Careers evening", starts_at="2026-11-25 18:30"))
    cy = capture(store, tonight.id, "Cy, Equity Trader @ Harbour").contact_id
    store.save_activity(Activity(date="2026-11-21", kind="call", title="Call", contact_ids=[1]))
    assert _cli(store.path, "followups", "--json") == 0
    document = json.loads(capsys.readouterr().out)
    assert document == {
        "followups": [
            # those who serve a goal first, then by due date
            {
                "contact_id": 2,
                "name": "Ada Lee",
                "event_id": event.id,
                "event": "Fintech night",
                "met_on": "2026-11-20",
                "due_on": "2026-11-22",
                "days_late": 3,
                "serves": [1],
            },
            {
                "contact_id": cy,
                "name": "Cy",
                "event_id": tonight.id,
                "event": "Careers evening",
                "met_on": "2026-11-25",
                "due_on": "2026-11-27",
                "days_late": 0,
                "serves": [1],
            },
            {
                "contact_id": bob,
                "name": "Bob",
                "event_id": event.id,
                "event": "Fintech night",
                "met_on": "2026-11-20",
                "due_on": "2026-11-22",
                "days_late": 3,
                "serves": [],
            },
        ]
    }
    assert _cli(store.path, "followups") == 0
    text = capsys.readouterr().out
    assert "3 people met at an event to follow up (2 late" in text
    assert "● Ada Lee" in text and "3 d late" in text and "due in 2 d" in text


def test_netgoals_followups_with_nobody_met(store: Store, capsys):
    _fill(store)
    assert _cli(store.path, "followups") == 0
    assert "Nobody met at an event is waiting for a follow-up." in capsys.readouterr().out
    assert _cli(store.path, "followups", "--json") == 0
    assert json.loads(capsys.readouterr().out) == {"followups": []}
