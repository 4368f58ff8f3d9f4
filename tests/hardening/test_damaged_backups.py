"""Backups with values no checked model should let through: null and missing ids, ids used
twice, and whole numbers of thousands of digits. Each is refused whole, with the path of the bad
value, through the real command line: one `netgoals:` message, exit status 1, nothing written."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from netgoals.cli import run
from netgoals.core.clock import fixed_clock
from netgoals.core.models import Contact
from netgoals.formats.backup import BackupError, parse_json
from netgoals.storage import Store
from tests.conftest import NOW

BACKUP: dict[str, Any] = {
    "format": "netgoals",
    "version": 1,
    "settings": {"weekly_target": 3},
    "objectives": [{"id": 1, "title": "Trader job", "keywords": ["trader"]}],
    "contacts": [{"id": 1, "name": "Ann"}, {"id": 2, "name": "Bob"}],
    "links": [{"contact_id": 1, "objective_id": 1, "relation": "helps"}],
    "events": [{"id": 1, "name": "Forum", "starts_at": "2026-03-18", "contact_ids": [1]}],
    "activities": [{"id": 1, "date": "2026-03-02", "title": "Call", "objective_ids": [1]}],
}
HUGE = "9" * 5000  # Python refuses to turn text of over 4,300 digits into an int


def changed(section: str, index: int, key: str, value: Any) -> str:
    document = copy.deepcopy(BACKUP)
    if index < 0:
        document[section][key] = value
    elif value is _MISSING:
        del document[section][index][key]
    else:
        document[section][index][key] = value
    return json.dumps(document)


_MISSING = object()


def with_huge(section: str, index: int, key: str) -> str:
    # json.dumps cannot write such a number either: splice it into the text
    return changed(section, index, key, "HUGE").replace('"HUGE"', HUGE)


CASES = [
    # a null id passed validation (a model's id may be None) and failed while importing
    (changed("contacts", 1, "id", None), "contacts[1].id: is required"),
    (changed("objectives", 0, "id", None), "objectives[0].id: is required"),
    (changed("events", 0, "id", None), "events[0].id: is required"),
    (changed("activities", 0, "id", None), "activities[0].id: is required"),
    (changed("activities", 0, "id", _MISSING), "activities[0].id: is required"),
    (changed("links", 0, "contact_id", None), "links[0].contact_id: must be a whole number"),
    (changed("events", 0, "contact_ids", [None]), "events[0].contact_ids[0]: must be a whole"),
    (changed("activities", 0, "objective_ids", [1, None]), "activities[0].objective_ids[1]:"),
    (changed("contacts", 1, "id", 1), "contacts[1].id: 1 is used twice"),
    (with_huge("contacts", 1, "id"), "contacts[1].id: a number of 5,000 digits is far too large"),
    (with_huge("activities", 0, "effort_minutes"), "activities[0].effort_minutes: a number of"),
    (with_huge("settings", -1, "weekly_target"), "settings.weekly_target: a number of 5,000"),
    (with_huge("contacts", 0, "cadence_days"), "contacts[0].cadence_days: a number of 5,000"),
    (with_huge("links", 0, "objective_id"), "links[0].objective_id: a number of 5,000 digits"),
    (with_huge("events", 0, "contact_ids"), "events[0].contact_ids: must be a list"),
]


NAMES = [expected.split(":")[0] for _, expected in CASES]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=NAMES)
def test_a_damaged_backup_is_refused_whole_by_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, expected: str
):
    db = tmp_path / "mine.db"
    with Store.open(db) as store:
        store.save_contact(Contact(name="Already here"))
    before = db.read_bytes()
    file = tmp_path / "backup.json"
    file.write_text(text, encoding="utf-8")

    status = run(["--db", str(db), "import", "json", str(file)], clock=fixed_clock(NOW))

    captured = capsys.readouterr()
    assert status == 1
    assert "Traceback" not in captured.err
    assert captured.err.startswith("netgoals: backup refused, nothing was imported")
    assert expected in captured.err
    assert db.read_bytes() == before


@pytest.mark.parametrize("text", [text for text, _ in CASES], ids=NAMES)
def test_a_damaged_backup_raises_only_the_backup_error(text: str):
    with pytest.raises(BackupError):
        parse_json(text)


def test_a_huge_number_of_digits_in_any_place_is_refused_not_raised():
    document = json.dumps({"format": "netgoals", "version": "V"}).replace('"V"', HUGE)
    with pytest.raises(BackupError, match="version"):
        parse_json(document)
    with pytest.raises(BackupError, match="must be text"):
        parse_json(with_huge("contacts", 0, "name"))
