from __future__ import annotations

from pathlib import Path

import pytest

from netgoals.core.errors import NetgoalsError
from netgoals.core.models import Source
from netgoals.formats.google import parse_google, split_values
from netgoals.formats.people import SkipReason, decode, import_contacts, read_file
from netgoals.storage import Store

DATA = Path(__file__).resolve().parent.parent / "data"


def read(name: str) -> str:
    return decode(read_file(DATA / name), name)


def test_split_values():
    assert split_values("a@x.org ::: b@x.org :::  ::: c") == ["a@x.org", "b@x.org", "c"]
    assert split_values("") == []


def test_todays_google_csv():
    parsed = parse_google(read("google_contacts.csv"))
    assert parsed.source is Source.GOOGLE
    rows = {row.line: row.fields for row in parsed.rows}
    amara = rows[2]
    assert amara["name"] == "Amara Nwosu"
    assert (amara["organization"], amara["role"]) == ("Northgate Bank", "Rates Trader")
    # several values in one cell and in numbered columns: the first kept, the rest in notes
    assert amara["email"] == "amara@northgate.example"
    assert amara["phone"] == "+44 7700 900123"
    assert amara["url"] == "https://www.linkedin.com/in/amara-nwosu"
    assert amara["location"] == "London, United Kingdom"
    assert amara["tags"] == ["myContacts", "Bankers", "starred"]
    assert amara["notes"].splitlines() == [
        "Met at the CFA dinner.",
        "Likes sailing, and chess.",
        "Other emails: amara.nwosu@gmail.example, amara.home@example.org",
        "Other phones: +44 7700 900124, +44 20 7946 0018",
        "Department: Markets",
        "Birthday: 1990-05-01",
    ]
    anna = rows[6]  # Amara's quoted cells span lines 2 to 5
    assert anna["name"] == "Dr. Anna Maria Kowalska PhD"
    assert anna["location"] == "Kraków, Poland"
    company = rows[7]
    assert company["name"] == company["organization"] == "Cole & Partners"
    assert [(s.line, s.reason) for s in parsed.skipped] == [
        (8, SkipReason.EMPTY),
        (9, SkipReason.NO_NAME),
    ]


def test_legacy_google_csv_in_utf16():
    parsed = parse_google(read("google_contacts_legacy.csv"))
    seun, soren = (row.fields for row in parsed.rows)
    assert seun["name"] == "Oluwaseun Adeyemi"
    assert (seun["organization"], seun["role"]) == ("Paystack", "Product Manager")
    assert seun["email"] == "seun@example.org"
    assert seun["tags"] == ["My Contacts", "Friends"]
    assert seun["url"] == "https://ng.linkedin.com/in/seun-adeyemi"
    assert seun["notes"] == (
        "Old school friend; works in fintech now.\nOther emails: seun.adeyemi@work.example"
    )
    assert soren["name"] == "Søren Nørgaard"
    assert soren["location"] == "København, Denmark"
    assert soren["notes"] == "Department: Risk"


def test_a_file_that_is_not_google_s_is_refused():
    with pytest.raises(NetgoalsError, match="not a Google Contacts CSV"):
        parse_google(read("linkedin_connections_old.csv"))
    with pytest.raises(NetgoalsError, match="not a Google Contacts CSV"):
        parse_google("Name\nAda\n")


def test_import_and_reimport(store: Store):
    first = import_contacts(store, parse_google(read("google_contacts.csv")))
    assert (first.added, first.updated, len(first.skipped)) == (4, 0, 2)
    eve = next(c for c in store.contacts() if c.name == "Eve Attacker")
    assert eve.organization == "=cmd|' /C calc'!A0"  # text, neutralised only on CSV export
    assert eve.tags == ["myContacts", "=HYPERLINK()"]
    again = import_contacts(store, parse_google(read("google_contacts.csv")))
    assert (again.added, again.updated) == (0, 0)


def test_a_google_contact_already_imported_from_linkedin_is_updated(store: Store):
    from netgoals.core.models import Contact

    store.save_contact(
        Contact(
            name="Amara Nwosu",
            url="https://uk.linkedin.com/in/amara-nwosu/",
            how_met="LinkedIn, connected 2024-03-15",
            source="linkedin",
        )
    )
    result = import_contacts(store, parse_google(read("google_contacts.csv")))
    assert (result.added, result.updated) == (3, 1)
    amara = next(c for c in store.contacts() if c.name == "Amara Nwosu")
    assert amara.email == "amara@northgate.example"
    assert amara.how_met == "LinkedIn, connected 2024-03-15"
    assert amara.source is Source.LINKEDIN
