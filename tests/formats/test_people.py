"""What every contacts import shares: reading files, finding who is who, merging, one
transaction, dry runs and the report."""

from __future__ import annotations

import csv
import itertools
from pathlib import Path
from typing import Any

import pytest

from netgoals.core.errors import NetgoalsError
from netgoals.core.models import Contact, Source
from netgoals.formats import people
from netgoals.formats.importers import parse
from netgoals.formats.people import (
    Parsed,
    Row,
    Skipped,
    SkipReason,
    decode,
    import_contacts,
    profile_key,
    read_csv,
    read_file,
)
from netgoals.storage import Store, importing


def parsed(*rows: dict[str, Any], source: Source = Source.LINKEDIN) -> Parsed:
    """Rows as a parser would give them, one per line from line 2 (line 1 is a header)."""
    return Parsed(source, [Row(line, fields) for line, fields in enumerate(rows, start=2)])


def by_name(store: Store) -> dict[str, Contact]:
    return {c.name: c for c in store.contacts()}


# --- reading files ---------------------------------------------------------------------------


def test_decode_reads_utf8_with_and_without_bom_and_utf16():
    assert decode("Zoë".encode(), "f") == "Zoë"
    assert decode(b"\xef\xbb\xbf" + "Zoë".encode(), "f") == "Zoë"
    assert decode(b"\xff\xfe" + "Zoë".encode("utf-16-le"), "f") == "Zoë"
    assert decode(b"\xfe\xff" + "Zoë".encode("utf-16-be"), "f") == "Zoë"


def test_decode_falls_back_to_windows_1252_for_old_spreadsheets():
    assert decode("Renée – Société".encode("cp1252"), "f") == "Renée – Société"
    assert decode(b"caf\xe9 \x81", "f") == "café \x81"  # a byte cp1252 lacks: latin-1


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "f.csv is empty"),
        (b" \r\n\r\n\t", "f.csv is empty"),
        (b"\xef\xbb\xbf", "f.csv is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "f.csv is not a text file"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "f.csv is not a text file"),
    ],
)
def test_decode_refuses_empty_and_binary_files(raw: bytes, message: str):
    with pytest.raises(NetgoalsError, match=message):
        decode(raw, "f.csv")


def test_read_file_says_why_it_cannot(tmp_path: Path):
    with pytest.raises(NetgoalsError, match="does not exist"):
        read_file(tmp_path / "missing.csv")
    with pytest.raises(NetgoalsError, match="is a folder"):
        read_file(tmp_path)


def test_read_csv_gives_the_line_each_record_starts_on():
    text = 'a,b\r\n"two\r\nlines",x\r\n\r\nc,"d, e"\r\n'
    assert list(read_csv(text)) == [
        (1, ["a", "b"]),
        (2, ["two\r\nlines", "x"]),
        (4, []),
        (5, ["c", "d, e"]),
    ]


def test_a_huge_cell_refuses_the_file_and_restores_the_csv_limit(monkeypatch):
    before = csv.field_size_limit()
    monkeypatch.setattr(people, "MAX_CELL", 1000)
    text = 'First Name,Last Name\r\nAda,Lovelace\r\n"unclosed,' + "x" * 5000 + "\r\nBob,Smith\r\n"
    with pytest.raises(NetgoalsError, match="line 3: a cell is longer than 1,000 characters"):
        list(read_csv(text))
    assert csv.field_size_limit() == before
    # a long cell within the limit is read (and then refused by the model, row by row)
    assert list(read_csv('a\r\n"' + "y" * 900 + '"\r\n'))[1][1] == ["y" * 900]


# --- who is who ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://www.linkedin.com/in/ada-lovelace", "http://linkedin.com/in/Ada-Lovelace/"),
        ("https://uk.linkedin.com/in/ada?trk=x#top", "linkedin.com/in/ada"),
        ("https://www.linkedin.com/in/jos%C3%A9", "https://www.linkedin.com/in/josé/"),
        ("https://example.org/about/", "HTTPS://Example.org/about"),
    ],
)
def test_profile_keys_ignore_what_does_not_identify_a_person(a: str, b: str):
    assert profile_key(a) == profile_key(b)


def test_profile_keys_keep_what_does():
    assert profile_key("https://linkedin.com/in/ada") != profile_key("https://linkedin.com/in/bob")
    assert profile_key("https://example.org/ada") != profile_key("https://example.com/ada")
    assert profile_key("") == profile_key("   ") == ""


def test_importing_the_same_rows_twice_adds_nothing(store: Store):
    rows = parsed(
        {"name": "Ada Lovelace", "organization": "Engines", "url": "linkedin.com/in/ada"},
        {"name": "Bob Smith", "email": "bob@example.org"},
        {"name": "Carol", "organization": "Northgate Bank"},
    )
    first = import_contacts(store, rows)
    assert (first.added, first.updated, first.skipped) == (3, 0, [])
    again = import_contacts(store, rows)
    assert (again.added, again.updated) == (0, 0)
    assert [s.reason for s in again.skipped] == [SkipReason.UP_TO_DATE] * 3
    assert store.contact_count() == 3


def test_a_contact_already_there_is_updated_by_url_email_or_name_and_organisation(store: Store):
    store.save_contact(Contact(name="Ada L.", url="https://www.linkedin.com/in/ada"))
    store.save_contact(Contact(name="Bob", email="Bob@Example.org"))
    store.save_contact(Contact(name="Carol Jones", organization="Northgate Bank"))
    result = import_contacts(
        store,
        parsed(
            {"name": "Ada Lovelace", "url": "http://uk.linkedin.com/in/ada/", "role": "Analyst"},
            {"name": "Robert Smith", "email": "bob@example.org", "role": "Trader"},
            {"name": "carol  JONES", "organization": "northgate bank", "role": "Head of Rates"},
        ),
    )
    assert (result.added, result.updated) == (0, 3)
    saved = by_name(store)
    assert set(saved) == {"Ada L.", "Bob", "Carol Jones"}  # the names the user chose are kept
    assert saved["Ada L."].role == "Analyst"
    assert saved["Bob"].role == "Trader"
    assert saved["Carol Jones"].role == "Head of Rates"
    assert saved["Ada L."].source is Source.MANUAL  # where it came from first


def test_a_weaker_match_gives_way_when_a_stronger_key_differs(store: Store):
    store.save_contact(Contact(name="John Smith", url="https://linkedin.com/in/john-smith-1"))
    store.save_contact(Contact(name="Jane Doe", email="jane@example.org", organization="Acme"))
    result = import_contacts(
        store,
        parsed(
            {"name": "John Smith", "url": "https://linkedin.com/in/john-smith-2"},
            {"name": "Jane Doe", "organization": "Acme", "email": "jane.doe@other.example"},
        ),
    )
    assert (result.added, result.updated) == (2, 0)
    assert store.contact_count() == 4


def test_blanks_never_erase_what_the_user_wrote(store: Store):
    store.save_contact(
        Contact(
            name="Ann Lee",
            organization="Northgate Bank",
            role="Head of Desk",
            email="ann@example.org",
            phone="+44 7700 900001",
            location="London",
            tags=["mentor"],
            how_met="Careers fair",
            notes="Call in spring",
            introduces_to="Head of trading at Harbour",
            last_contacted="2026-02-01",
            cadence_days=30,
            url="https://www.linkedin.com/in/ann-lee",
        )
    )
    result = import_contacts(
        store,
        parsed({"name": "Ann Lee", "url": "https://www.linkedin.com/in/ann-lee", "role": ""}),
    )
    assert [s.reason for s in result.skipped] == [SkipReason.UP_TO_DATE]
    ann = store.contacts()[0]
    assert (ann.role, ann.email, ann.phone, ann.location) == (
        "Head of Desk",
        "ann@example.org",
        "+44 7700 900001",
        "London",
    )
    assert (ann.notes, ann.how_met, ann.tags, ann.cadence_days) == (
        "Call in spring",
        "Careers fair",
        ["mentor"],
        30,
    )


def test_what_the_file_adds_is_merged_and_nothing_is_lost(store: Store):
    store.save_contact(
        Contact(
            name="Ann Lee",
            organization="Northgate Bank",
            email="ann@example.org",
            tags=["mentor"],
            notes="Call in spring",
        )
    )
    row = {
        "name": "Ann Lee",
        "organization": "Harbour Capital",
        "role": "Head of Trading",
        "email": "ann@example.org",
        "phone": "+44 20 7946 0001",
        "tags": ["Finance", "MENTOR"],
        "notes": "Knows the rates desk",
        "how_met": "LinkedIn, connected 2024-03-15",
    }
    result = import_contacts(store, parsed(row))
    assert result.updated == 1
    ann = store.contacts()[0]
    assert (ann.organization, ann.role, ann.phone) == (
        "Harbour Capital",
        "Head of Trading",
        "+44 20 7946 0001",
    )
    assert ann.tags == ["mentor", "Finance"]
    assert ann.notes == "Call in spring\n\nKnows the rates desk"
    assert ann.how_met == "LinkedIn, connected 2024-03-15"
    # and the same file again changes nothing more
    again = import_contacts(store, parsed(row))
    assert (again.added, again.updated) == (0, 0)
    assert store.contacts()[0].notes == "Call in spring\n\nKnows the rates desk"


def test_a_different_email_phone_or_address_is_kept_in_the_notes(store: Store):
    store.save_contact(
        Contact(name="Ann", email="ann@old.example", phone="+44 1", url="https://ann.example")
    )
    row = {
        "name": "Ann",
        "email": "ann@old.example",
        "phone": "+44 2",
        "url": "https://ann.example/",
    }
    import_contacts(store, parsed(row))
    ann = store.contacts()[0]
    assert (ann.email, ann.phone, ann.url) == ("ann@old.example", "+44 1", "https://ann.example")
    assert ann.notes == "Other phone: +44 2"
    assert import_contacts(store, parsed(row)).updated == 0


def test_rows_with_the_same_profile_url_are_one_person(store: Store):
    result = import_contacts(
        store,
        parsed(
            {"name": "Ada Lovelace", "url": "https://linkedin.com/in/ada"},
            {"name": "Ada Lovelace", "url": "https://www.linkedin.com/in/ada/", "role": "Analyst"},
            {"name": "Bob", "email": "bob@example.org"},
            {"name": "Bob", "email": "bob@example.org"},
        ),
    )
    assert result.added == 2
    assert result.skipped == [
        Skipped(3, SkipReason.DUPLICATE, "same person as line 2"),
        Skipped(5, SkipReason.DUPLICATE, "same person as line 4"),
    ]
    assert by_name(store)["Ada Lovelace"].role == "Analyst"


def test_two_people_sharing_an_email_or_a_name_stay_two_and_stay_so(store: Store):
    rows = parsed(
        {"name": "Sam Smith", "email": "smiths@example.org"},
        {"name": "Alex Smith", "email": "smiths@example.org"},
        {"name": "John Smith", "organization": "Acme"},
        {"name": "John Smith", "organization": "Acme", "role": "Driver"},
    )
    assert import_contacts(store, rows).added == 4
    again = import_contacts(store, rows)
    assert (again.added, again.updated) == (0, 0)
    assert store.contact_count() == 4
    assert sorted(c.role for c in store.contacts() if c.name == "John Smith") == ["", "Driver"]


def test_invalid_rows_are_skipped_with_their_lines_and_the_rest_written(store: Store):
    result = import_contacts(
        store,
        parsed(
            {"name": "Ada", "email": "ada@example.org"},
            {"name": "B" * 201, "email": "bob@"},
            {"name": "x" * 201},
            {"name": "Carol", "url": "javascript:alert(1)"},
            {"name": "Dan"},
        ),
    )
    assert result.added == 3
    assert [(s.line, s.reason) for s in result.skipped] == [
        (3, SkipReason.INVALID),
        (4, SkipReason.INVALID),
    ]
    assert result.problems() == [
        "line 3: name: must be at most 200 characters (this has 201); email: 'bob@' is not an"
        " email address (name@example.org)",
        "line 4: name: must be at most 200 characters (this has 201)",
    ]
    # a web address (or email, or phone) that is all that is wrong goes to the notes
    assert [(n.line, n.what) for n in result.notices] == [
        (5, "not a valid web address: kept in the notes")
    ]
    assert by_name(store)["Carol"].notes == "Web address: javascript:alert(1)"
    assert sorted(by_name(store)) == ["Ada", "Carol", "Dan"]


def test_a_merge_that_would_break_a_limit_is_refused_for_that_row(store: Store):
    store.save_contact(Contact(name="Ann", email="ann@example.org", notes="n" * 99_990))
    result = import_contacts(
        store, parsed({"name": "Ann", "email": "ann@example.org", "notes": "more words here"})
    )
    assert result.updated == 0
    assert result.skipped[0].reason is SkipReason.INVALID
    assert result.skipped[0].detail.startswith("once merged, notes: must be at most 100,000")


def test_hostile_text_is_stored_as_text(store: Store):
    import_contacts(
        store,
        parsed({"name": "[bold]Eve[/] \x1b[31mred\x07", "notes": "=cmd|' /C calc'!A0\x00"}),
    )
    eve = store.contacts()[0]
    assert eve.name == "[bold]Eve[/] [31mred"
    assert eve.notes == "=cmd|' /C calc'!A0"
    assert eve.source is Source.LINKEDIN


def test_a_dry_run_counts_the_same_and_writes_nothing(store: Store):
    store.save_contact(Contact(name="Bob", email="bob@example.org"))
    rows = parsed(
        {"name": "Ada"},
        {"name": "Bob", "email": "bob@example.org", "role": "Trader"},
        {"name": "C" * 201, "email": "bad"},
    )
    before = store.contacts()
    dry = import_contacts(store, rows, dry_run=True)
    assert store.contacts() == before
    assert dry.summary().startswith("would add 1, would update 1, skipped 1")
    real = import_contacts(store, rows)
    assert (real.added, real.updated, real.skipped) == (dry.added, dry.updated, dry.skipped)


def test_an_import_that_fails_half_way_writes_nothing(store: Store, monkeypatch):
    store.save_contact(Contact(name="Bob", email="bob@example.org"))

    def broken(*args: object) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr(importing, "update_contacts", broken)
    with pytest.raises(RuntimeError):
        import_contacts(
            store,
            parsed({"name": "Ada"}, {"name": "Bob", "email": "bob@example.org", "role": "x"}),
        )
    assert [c.name for c in store.contacts()] == ["Bob"]
    assert not store.conn.in_transaction


def test_progress_is_reported_up_to_the_total(store: Store):
    calls: list[tuple[int, int]] = []
    rows = parsed(*({"name": f"Person {i}"} for i in range(250)))
    import_contacts(store, rows, progress=lambda done, total: calls.append((done, total)))
    assert calls[0] == (0, 250) and calls[-1] == (250, 250)
    assert all(a[0] <= b[0] for a, b in itertools.pairwise(calls))


def test_the_report_counts_every_reason_and_lists_the_invalid_rows(store: Store):
    rows = parsed({"name": "Ada"}, {"name": "B" * 201, "email": "x"})
    rows.skipped += [Skipped(9, SkipReason.EMPTY), Skipped(12, SkipReason.NO_NAME)]
    rows.skipped += [Skipped(n, SkipReason.EMPTY) for n in range(20, 32)]
    import_contacts(store, parsed({"name": "Ada"}))
    report = import_contacts(store, rows).report()
    assert report.splitlines() == [
        "added 0, updated 0, skipped 16",
        "  1 already up to date",
        "  13 empty rows (lines 9, 20, 21, 22, 23, 24, 25, 26, 27, 28 … and 3 more)",
        "  1 no name (line 12)",
        "  1 invalid (listed below)",
        "invalid rows, skipped:",
        "  line 3: name: must be at most 200 characters (this has 201); email: 'x' is not an email"
        " address (name@example.org)",
    ]


def test_bulk_writes_keep_the_search_index_in_step(store: Store):
    """Inserted and updated rows are found by keyword matching like any other contact."""
    from netgoals.core.models import Objective

    store.save_objective(Objective(title="Trader job", keywords=["trader"]))
    import_contacts(store, parsed({"name": "Ada", "role": "Trader"}, {"name": "Bob"}))
    assert [store.contact(i).name for i in store.matching().matched] == ["Ada"]
    import_contacts(store, parsed({"name": "Bob", "role": "Equity trader"}))
    assert sorted(store.contact(i).name for i in store.matching().matched) == ["Ada", "Bob"]


def test_bulk_work_pauses_the_cycle_collector_and_restores_it():
    import gc

    assert gc.isenabled()
    with people.bulk_work():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with people.bulk_work():
            pass
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()


def test_an_unknown_format_is_refused():
    with pytest.raises(NetgoalsError, match="unknown format 'palm'"):
        parse("palm", "x")
