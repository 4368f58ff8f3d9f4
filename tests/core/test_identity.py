"""The one rule for "the same person", and that the imports and the backup's merge follow it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from netgoals.core.identity import Identity, PeopleIndex, same_person
from netgoals.core.models import Contact
from netgoals.formats.backup import import_backup, parse_json
from netgoals.storage import Store
from tests.test_cli import cli

ADA = Identity("Ada Lovelace", "Engines", "ada@engines.example", "https://linkedin.com/in/ada")


@pytest.mark.parametrize(
    ("other", "same"),
    [
        (Identity("A. Lovelace", "", "", "https://www.linkedin.com/in/ada/"), True),
        (Identity("Ada L", "Other", "ADA@engines.example", ""), True),
        (Identity("ada  lovelace", "ENGINES", "", ""), True),
        # a stronger key that differs says they are two people
        (Identity("Ada Lovelace", "Engines", "", "https://linkedin.com/in/ada-2"), False),
        (Identity("Ada Lovelace", "Engines", "ada@home.example", ""), False),
        (Identity("Ada Lovelace", "Other", "", ""), False),
    ],
)
def test_same_person(other: Identity, same: bool):
    assert same_person(ADA, other) is same
    assert same_person(other, ADA) is same
    index = PeopleIndex()
    index.add(7, ADA)
    assert index.matches(other) == ([7] if same else [])


def test_the_index_finds_the_strongest_match_first():
    index = PeopleIndex()
    index.add(1, Identity("Ada Lovelace", "Engines", "ada@engines.example", ""))
    index.add(2, Identity("Someone", "", "", "https://linkedin.com/in/ada"))
    assert index.matches(ADA) == [2, 1]


def backup_with(contact: dict[str, object]) -> str:
    return json.dumps({"format": "netgoals", "version": 1, "contacts": [{"id": 1, **contact}]})


def test_the_backups_merge_follows_the_rule(store: Store):
    store.save_contact(Contact(name="Ada Lovelace", organization="Engines", email="ada@a.example"))
    store.save_contact(Contact(name="Bob", url="https://linkedin.com/in/bob"))
    # same name and organisation, another email: another person
    import_backup(
        store,
        parse_json(
            backup_with(
                {"name": "Ada Lovelace", "organization": "Engines", "email": "ada@b.example"}
            )
        ),
    )
    # the same profile under another name: the same person, updated
    import_backup(
        store,
        parse_json(
            backup_with(
                {"name": "Robert", "url": "https://www.linkedin.com/in/bob/", "role": "CTO"}
            )
        ),
    )
    people = sorted((c.name, c.email, c.role) for c in store.contacts())
    assert people == [
        ("Ada Lovelace", "ada@a.example", ""),
        ("Ada Lovelace", "ada@b.example", ""),
        ("Robert", "", "CTO"),
    ]


def test_a_backup_of_imported_people_finds_them_all_again(tmp_path: Path, capsys):
    """What one import calls the same person, the other does too: a file of the same people
    changes nothing, whichever way it comes in."""
    db = tmp_path / "net.db"
    data = Path(__file__).resolve().parents[1] / "data"
    assert cli("--db", db, "import", "linkedin", data / "linkedin_connections.csv") == 0
    exported = tmp_path / "all.json"
    assert cli("--db", db, "export", "json", "-o", exported) == 0
    capsys.readouterr()
    assert cli("--db", db, "import", exported) == 0
    assert "added 0, updated 0" in capsys.readouterr().out
