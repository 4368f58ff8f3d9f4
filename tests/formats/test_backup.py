from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from netgoals.core.models import Activity, Contact, Event, Link, Objective, Settings
from netgoals.formats.backup import BackupError, export_json, import_backup, parse_json
from netgoals.storage import Store


def fill(store: Store) -> None:
    """A small network with every kind of record, gaps in the ids, and awkward text."""
    job = store.save_objective(
        Objective(
            title="Trader job",
            purpose="job",
            why="Pay",
            ask="Know a trading desk?",
            keywords=["trader", "investment bank"],
            hangouts=["City forum"],
            priority="high",
            target_date="2026-09-01",
        )
    )
    spare = store.save_objective(Objective(title="Spare"))
    mentor = store.save_objective(Objective(title="Mentor", purpose="mentor", status="paused"))
    store.delete("objective", spare.id)  # ids now have a gap: 1, 3
    ann = store.save_contact(
        Contact(
            name="Ann [bold]Lee[/]",
            organization="Northgate Bank",
            role="Trader",
            email="ann@example.org",
            tags=["bank", "ex-colleague"],
            notes="Line\nTwo\t👋",
            last_contacted="2026-02-01",
            cadence_days=30,
            url="https://example.org/ann",
        )
    )
    bob = store.save_contact(Contact(name="Bob", introduces_to="head of trading at Harbour"))
    store.set_link(
        Link(contact_id=bob.id, objective_id=job.id, relation="introduces", note="neighbour")
    )
    store.set_link(Link(contact_id=ann.id, objective_id=mentor.id, relation="excluded"))
    careers = store.save_event(
        Event(
            name="Careers evening",
            starts_at="2026-03-18T18:30",
            place="Hall",
            objective_ids=[job.id],
            contact_ids=[ann.id, bob.id],
        )
    )
    store.mark_met(careers.id, ann.id)
    store.save_event(Event(name="Day fair", starts_at="2026-04-01"))
    store.save_activity(
        Activity(
            date="2026-03-02",
            kind="call",
            title="Called Bob",
            objective_ids=[job.id],
            contact_ids=[bob.id],
            effort_minutes=20,
            discomfort=2,
            payback=3,
            outcome="Intro",
        )
    )
    store.save_settings(Settings(weekly_target=3))


def test_export_matches_the_documented_format(store: Store):
    fill(store)
    document = json.loads(export_json(store))
    assert list(document) == [
        "format",
        "version",
        "settings",
        "objectives",
        "contacts",
        "links",
        "events",
        "activities",
    ]
    assert document["format"] == "netgoals" and document["version"] == 1
    assert document["settings"] == {
        "weekly_target": 3,
        "followup_days": 2,
        "weekly_target_changes": [["2026-03-02", 2], ["2026-03-09", 3]],
    }
    assert [o["id"] for o in document["objectives"]] == [1, 3]
    assert list(document["objectives"][0]) == [
        "id",
        "title",
        "purpose",
        "why",
        "ask",
        "keywords",
        "hangouts",
        "priority",
        "status",
        "target_date",
    ]
    assert document["objectives"][0]["target_date"] == "2026-09-01"
    assert list(document["contacts"][0]) == [
        "id",
        "name",
        "organization",
        "role",
        "email",
        "phone",
        "url",
        "location",
        "tags",
        "how_met",
        "notes",
        "introduces_to",
        "last_contacted",
        "cadence_days",
    ]
    assert document["events"][0]["starts_at"] == "2026-03-18T18:30"
    assert document["events"][1]["starts_at"] == "2026-04-01"
    assert document["activities"][0]["effort_minutes"] == 20


def test_export_import_export_is_identical(store: Store, tmp_path: Path):
    fill(store)
    first = export_json(store)
    with Store.open(tmp_path / "empty.db") as empty:
        result = import_backup(empty, parse_json(first))
        assert result.total("added") == 2 + 2 + 2 + 2 + 1
        assert export_json(empty) == first


def test_reimporting_the_same_backup_changes_nothing(store: Store):
    fill(store)
    text = export_json(store)
    result = import_backup(store, parse_json(text))
    assert result.total("added") == 0 and result.total("updated") == 0
    assert result.total("unchanged") == 9
    assert export_json(store) == text


def test_importing_into_a_used_database_merges(store: Store, tmp_path: Path):
    fill(store)
    document = json.loads(export_json(store))
    document["contacts"][0]["role"] = "Head trader"  # Ann changed jobs
    document["contacts"].append({"id": 77, "name": "Cleo"})
    with Store.open(tmp_path / "other.db") as other:
        mine = other.save_contact(Contact(name="Someone else entirely"))
        import_backup(other, parse_json(json.dumps(document)))  # ids 1.. are partly taken
        import_backup(store, parse_json(json.dumps(document)))
        assert {c.name for c in other.contacts()} >= {mine.name, "Bob", "Cleo"}
        # the links and events point at the right people, whatever ids they got
        other_links = {
            (other.contact(link.contact_id).name, link.relation.value) for link in other.links()
        }
        assert other_links == {("Bob", "introduces"), ("Ann [bold]Lee[/]", "excluded")}
    roles = {c.name: c.role for c in store.contacts()}
    assert roles["Ann [bold]Lee[/]"] == "Head trader"
    assert len(roles) == 3


def test_dry_run_reports_and_writes_nothing(store: Store, tmp_path: Path):
    fill(store)
    text = export_json(store)
    with Store.open(tmp_path / "empty.db") as empty:
        result = import_backup(empty, parse_json(text), dry_run=True)
        assert result.total("added") == 9 and "would add 9" in result.summary()
        assert empty.is_empty()


def test_a_failure_half_way_rolls_back_the_whole_import(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    fill(store)
    text = export_json(store)
    with Store.open(tmp_path / "empty.db") as empty:
        real_save_event = empty.save_event

        def failing(event: Event) -> Event:
            real_save_event(event)
            raise OSError("disk full")

        monkeypatch.setattr(empty, "save_event", failing)
        with pytest.raises(OSError):
            import_backup(empty, parse_json(text))
        assert empty.is_empty()


def bad_file(**overrides) -> str:
    document = {"format": "netgoals", "version": 1, "objectives": [], "contacts": []}
    document.update(overrides)
    return json.dumps(document)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{", "invalid JSON at line 1"),
        ("[]", "not a netgoals backup"),
        ('{"format": "other", "version": 1}', "not a netgoals backup"),
        ('{"format": "netgoals"}', '"version": 1'),
        ('{"format": "netgoals", "version": 9}', "newer netgoals"),
        (
            bad_file(contacts=[{"id": 1, "name": "A", "email": "nope"}]),
            "contacts[0].email: 'nope' is not an email address",
        ),
        (bad_file(contacts=[{"name": "A"}]), "contacts[0].id: is required"),
        (
            bad_file(contacts=[{"id": 1, "name": "A"}, {"id": 1, "name": "B"}]),
            "contacts[1].id: 1 is used twice",
        ),
        (
            bad_file(objectives=[{"id": 1, "title": "T", "status": "done"}]),
            "objectives[0].status: must be",
        ),
        (
            bad_file(links=[{"contact_id": 5, "objective_id": 1}]),
            "links[0].contact_id: there is no contact with id 5",
        ),
        (
            bad_file(events=[{"id": 1, "name": "E", "starts_at": "2026-02-30"}]),
            "events[0].starts_at: '2026-02-30' is not a real date",
        ),
        (
            bad_file(activities=[{"id": 1, "date": "2026-01-01", "title": "A", "payback": 9}]),
            "activities[0].payback: must be at most 5",
        ),
        (
            bad_file(
                activities=[{"id": 1, "date": "2026-01-01", "title": "A", "contact_ids": [3]}]
            ),
            "activities[0].contact_ids[0]: there is no contact with id 3",
        ),
        (bad_file(contacts={"id": 1}), "contacts: must be a list"),
        (bad_file(contacts=["Ann"]), "contacts[0]: must be an object"),
        (
            bad_file(contacts=[{"id": 1, "name": "A", "shoe_size": 9}]),
            "contacts[0].shoe_size: is not a field netgoals knows",
        ),
        (bad_file(people=[]), "people: is not a section netgoals knows"),
        (bad_file(settings={"weekly_target": 0}), "settings.weekly_target"),
    ],
)
def test_bad_files_are_refused_whole_with_the_path_of_each_bad_value(text, expected):
    with pytest.raises(BackupError) as caught:
        parse_json(text)
    assert expected in str(caught.value)


def test_every_problem_is_listed_not_just_the_first():
    text = bad_file(contacts=[{"id": 1, "name": ""}, {"id": 2, "name": "B", "url": "ftp://x"}])
    with pytest.raises(BackupError) as caught:
        parse_json(text)
    assert caught.value.problems == [
        "contacts[0].name: must not be blank",
        "contacts[1].url: 'ftp://x' is not a web address (it must start with http:// or https://)",
    ]


def test_minimal_file_with_omitted_optional_fields_imports(store: Store):
    text = json.dumps(
        {"format": "netgoals", "version": 1, "contacts": [{"id": 4, "name": "Only a name"}]}
    )
    result = import_backup(store, parse_json(text))
    assert result.counts["contacts"].added == 1
    assert [c.name for c in store.contacts()] == ["Only a name"]
    assert store.contacts()[0].source.value == "json"


def test_records_sharing_a_merge_key_never_collapse_into_one(store: Store):
    # two people with the same name and no organisation, two calls on one day
    text = json.dumps(
        {
            "format": "netgoals",
            "version": 1,
            "objectives": [{"id": 1, "title": "Job"}],
            "contacts": [
                {"id": 1, "name": "John Smith", "notes": "the plumber"},
                {"id": 2, "name": "John Smith", "notes": "the banker"},
            ],
            "links": [{"contact_id": 2, "objective_id": 1, "relation": "helps"}],
            "activities": [
                {"id": 1, "date": "2026-03-01", "kind": "call", "title": "Coffee", "outcome": "a"},
                {"id": 2, "date": "2026-03-01", "kind": "call", "title": "Coffee", "outcome": "b"},
            ],
        }
    )
    import_backup(store, parse_json(text))
    exported = export_json(store)
    result = import_backup(store, parse_json(exported))
    assert result.total("added") == 0 and result.total("updated") == 0
    assert export_json(store) == exported
    assert sorted(c.notes for c in store.contacts()) == ["the banker", "the plumber"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (bad_file(objectives=[{"id": 2**63, "title": "T"}]), "objectives[0].id: must be at most"),
        (bad_file(objectives=[{"id": True, "title": "T"}]), "objectives[0].id: must be a whole"),
        (bad_file(objectives=[{"id": "1", "title": "T"}]), "objectives[0].id: must be a whole"),
        (bad_file(objectives=[{"id": 1.0, "title": "T"}]), "objectives[0].id: must be a whole"),
        (bad_file(objectives=[{"id": 0, "title": "T"}]), "objectives[0].id: must be at least 1"),
        (
            '{"format": "netgoals", "version": 1, "contacts": [], "contacts": []}',
            'the key "contacts" appears twice',
        ),
    ],
)
def test_ids_are_strict_and_duplicate_keys_refused(text, expected):
    with pytest.raises(BackupError) as caught:
        parse_json(text)
    assert expected in str(caught.value)


def test_a_huge_id_in_a_file_does_not_exhaust_the_database_ids(store: Store):
    text = bad_file(objectives=[{"id": 2**63 - 1, "title": "Far away"}])
    import_backup(store, parse_json(text))
    assert store.objectives()[0].id < 2**31
    store.save_objective(Objective(title="Next"))  # there is still room for more


def test_merging_into_different_records_by_each_documented_key(store: Store):
    """A database whose records differ from the file's, ids included: each record of the file
    that shares a merge key with one in the database updates it; one that shares nothing (or
    only part of a key) is added; references follow the merged records."""
    store.save_contact(Contact(name="Filler"))  # the database's ids are not the file's
    goal = store.save_objective(Objective(title="Trader job", keywords=["old"]))
    by_email = store.save_contact(Contact(name="A. Lee", email="ann@example.org"))
    by_name_org = store.save_contact(Contact(name="Bob Stone", organization="Harbour", role="x"))
    store.save_contact(Contact(name="Cleo", organization="Northgate"))
    evening = store.save_event(Event(name="Careers evening", starts_at="2026-03-18T18:30"))
    store.save_event(Event(name="Day fair", starts_at="2026-04-01"))
    call = store.save_activity(Activity(date="2026-03-02", kind="call", title="Called Bob"))
    text = json.dumps(
        {
            "format": "netgoals",
            "version": 1,
            "objectives": [{"id": 40, "title": "Trader job", "keywords": ["trader"]}],
            "contacts": [
                # the same email, another name: the same person
                {"id": 41, "name": "Ann Lee", "email": "ann@example.org", "role": "Trader"},
                # the same name and organisation
                {"id": 42, "name": "Bob Stone", "organization": "Harbour", "role": "Analyst"},
                # the same name, another organisation: someone else
                {"id": 43, "name": "Cleo", "organization": "Elsewhere"},
            ],
            "links": [{"contact_id": 42, "objective_id": 40, "relation": "helps"}],
            "events": [
                # the same name and start; then the same name on another day
                {
                    "id": 44,
                    "name": "Careers evening",
                    "starts_at": "2026-03-18T18:30",
                    "place": "Hall",
                    "contact_ids": [41],
                },
                {"id": 45, "name": "Day fair", "starts_at": "2026-05-01"},
            ],
            "activities": [
                # the same date, kind and title; then another kind on that day
                {
                    "id": 46,
                    "date": "2026-03-02",
                    "kind": "call",
                    "title": "Called Bob",
                    "outcome": "Intro",
                    "contact_ids": [42],
                    "objective_ids": [40],
                },
                {"id": 47, "date": "2026-03-02", "kind": "message", "title": "Called Bob"},
            ],
        }
    )
    result = import_backup(store, parse_json(text))
    assert result.total("updated") == 5  # objective, two contacts, an event, an activity
    assert result.total("added") == 4  # a contact, an event, an activity, a link

    (objective,) = store.objectives()
    assert objective.id == goal.id and objective.keywords == ["trader"]
    contacts = store.contacts()
    assert len(contacts) == 5
    ann = store.contact(by_email.id)
    assert (ann.name, ann.role) == ("Ann Lee", "Trader")
    assert store.contact(by_name_org.id).role == "Analyst"
    assert sorted(c.organization for c in contacts if c.name == "Cleo") == [
        "Elsewhere",
        "Northgate",
    ]
    events = {(e.name, e.starts_at.isoformat()): e for e in store.events()}
    assert len(events) == 3
    merged_event = events[("Careers evening", "2026-03-18T18:30:00")]
    assert merged_event.id == evening.id and merged_event.place == "Hall"
    assert merged_event.contact_ids == [by_email.id]
    activities = store.activities()
    assert sorted(a.kind for a in activities) == ["call", "message"]
    merged_call = store.activity(call.id)
    assert merged_call.outcome == "Intro"
    assert (merged_call.contact_ids, merged_call.objective_ids) == ([by_name_org.id], [goal.id])
    (link,) = store.links()
    assert (link.contact_id, link.objective_id) == (by_name_org.id, goal.id)
    # the call moved Bob's last contact forward; the file, which has none for him, does not
    # move it back, so the same file again changes nothing
    assert store.contact(by_name_org.id).last_contacted == date(2026, 3, 2)
    again = import_backup(store, parse_json(text))
    assert again.total("added") == again.total("updated") == 0
    assert store.contact(by_name_org.id).last_contacted == date(2026, 3, 2)
