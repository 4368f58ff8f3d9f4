from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from netgoals.core.models import Contact, Link, Objective
from netgoals.formats.csv_export import COLUMNS, export_csv, neutralise
from netgoals.formats.linkedin import parse_linkedin
from netgoals.formats.people import decode, import_contacts, read_file
from netgoals.storage import Store

DATA = Path(__file__).resolve().parent.parent / "data"


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+2", "'=1+2"),
        ("+44 20 7946 0018", "'+44 20 7946 0018"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Ada = Lovelace", "Ada = Lovelace"),
        ("", ""),
        ("'quoted", "'quoted"),
    ],
)
def test_formula_cells_are_neutralised(cell: str, expected: str):
    assert neutralise(cell) == expected


def test_one_row_per_contact_with_the_objectives_it_serves(store: Store):
    job = store.save_objective(Objective(title="Trader job", keywords=["trader"], priority="high"))
    store.save_objective(Objective(title="Mentor", keywords=["trader", "mentor"], priority="low"))
    store.save_objective(Objective(title="Paused", keywords=["trader"], status="paused"))
    ann = store.save_contact(
        Contact(
            name="Ann Lee",
            organization="Northgate Bank",
            role="Trader",
            email="ann@example.org",
            tags=["bank", "mentor"],
            notes="Line one\nline two, with a comma",
            last_contacted="2026-02-01",
            cadence_days=30,
        )
    )
    bob = store.save_contact(Contact(name="Bob", introduces_to="head of trading"))
    store.save_contact(Contact(name="Carol", role="Nurse"))
    store.set_link(Link(contact_id=bob.id, objective_id=job.id, relation="introduces"))

    text = export_csv(store)
    assert text.splitlines()[0] == ",".join(COLUMNS)
    assert "\r\n" in text
    table = rows(text)
    assert [r["name"] for r in table] == ["Ann Lee", "Bob", "Carol"]
    first = table[0]
    assert first["matched_objectives"] == "Trader job; Mentor"
    assert first["offgoal"] == "no"
    assert first["tags"] == "bank, mentor"
    assert first["notes"] == "Line one\nline two, with a comma"
    assert (first["last_contacted"], first["cadence_days"]) == ("2026-02-01", "30")
    assert (table[1]["matched_objectives"], table[1]["offgoal"]) == ("Trader job", "no")
    assert (table[2]["matched_objectives"], table[2]["offgoal"]) == ("", "yes")
    assert table[2]["cadence_days"] == table[2]["last_contacted"] == ""
    # the rest of Ann's fields, as stored
    for column in ("organization", "role", "email"):
        assert first[column] == getattr(ann, column), column
    assert (first["organization"], first["role"]) == ("Northgate Bank", "Trader")


def test_hostile_cells_from_an_imported_file_are_neutralised(store: Store):
    text = decode(read_file(DATA / "linkedin_connections.csv"), "x")
    import_contacts(store, parse_linkedin(text))
    store.save_contact(
        Contact(name="Tab", phone="+44 1", notes="-indented", tags=["=tag", "-minus"])
    )
    table = {r["name"]: r for r in rows(export_csv(store))}
    mallory = next(r for name, r in table.items() if "Mallory" in name)
    assert mallory["name"].startswith("'=HYPERLINK(")
    assert (mallory["organization"], mallory["role"]) == ("'=1+2", "'@SUM(A1:A9)")
    tab = table["Tab"]
    assert (tab["phone"], tab["notes"], tab["tags"]) == ("'+44 1", "'-indented", "'=tag, -minus")
    for row in table.values():
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row.values())


def test_with_no_active_objective_every_contact_is_offgoal(store: Store):
    store.save_contact(Contact(name="Ann", role="Trader"))
    (row,) = rows(export_csv(store))
    assert (row["matched_objectives"], row["offgoal"]) == ("", "yes")


def test_an_empty_database_exports_only_the_header(store: Store):
    assert export_csv(store) == ",".join(COLUMNS) + "\r\n"
