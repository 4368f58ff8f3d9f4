from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import vobject

from netgoals.core.errors import NetgoalsError
from netgoals.core.models import Contact, Source
from netgoals.formats.backup import CONTACT_FIELDS
from netgoals.formats.people import SkipReason, decode, import_contacts, read_file
from netgoals.formats.vcard import (
    contact_card,
    escape,
    export_vcard,
    fold,
    logical_lines,
    parse_vcard,
    split_escaped,
    unescape,
)
from netgoals.storage import Store

DATA = Path(__file__).resolve().parent.parent / "data"


def read(name: str) -> str:
    return decode(read_file(DATA / name), name)


def fields_by_line(name: str) -> dict[int, dict[str, object]]:
    return {row.line: row.fields for row in parse_vcard(read(name)).rows}


def test_vcard_3_from_an_iphone():
    cards = fields_by_line("contacts_iphone.vcf")
    ann = cards[1]
    assert ann["name"] == "Dr. Ann Marie Lee"
    assert (ann["organization"], ann["role"]) == ("Northgate Bank", "Head of Trading")
    assert ann["email"] == "ann.lee@northgate.example"
    assert ann["phone"] == "+44 7700 900001"
    assert ann["url"] == "https://www.linkedin.com/in/ann-lee"  # item1.URL, "\:" unescaped
    assert ann["location"] == "London, United Kingdom"
    assert ann["tags"] == ["Finance", "Mentor candidates"]
    assert ann["notes"].splitlines() == [
        "Met at the Women in Finance breakfast, 2024.",
        "Knows the head of trading at Harbour Capital; said to call her in spring.",
        "Department: Markets, Rates",
        "Other emails: ann@home.example",
        "Other phones: +44 20 7946 0001",
        "Other web addresses: https://annlee.example/blog (blog)",
        "Address: 1 Canada Square, London, E14 5AB, United Kingdom",
    ]
    assert cards[24]["name"] == "Cole & Partners"
    tanaka = cards[33]
    assert tanaka["name"] == "田中 博"
    assert tanaka["notes"].endswith("連絡すること。彼は債券部門の人を紹介できる。")  # unfolded


def test_vcard_2_1_from_an_android_phone():
    parsed = parse_vcard(read("contacts_android.vcf"))
    cards = {row.line: row.fields for row in parsed.rows}
    juergen = cards[1]
    assert juergen["name"] == "Jürgen Müller"  # quoted-printable UTF-8
    assert juergen["organization"] == "Börse Berlin"
    assert juergen["notes"] == (
        "Trifft man beim Stammtisch. Kennt den Leiter des Handels bei der Deutschen Bank.\r\n"
        "Zweite Zeile – mit Gedankenstrich.\nOther phones: +49 30 1234567"
    )
    assert juergen["phone"] == "+49 151 23456789"
    assert cards[16]["tags"] == ["Family"]
    assert cards[23]["name"] == "李小龙"  # no FN: the name is read from N
    assert [(s.line, s.reason) for s in parsed.skipped] == [(28, SkipReason.EMPTY)]


def test_vcard_4():
    cards = fields_by_line("contacts_v4.vcf")
    priya = cards[1]
    assert priya["phone"] == "+1-555-555-0101"  # from a tel: URI
    assert priya["email"] == "priya@harbour.example"
    assert priya["tags"] == ["quant", "Harbour, alumni"]
    assert priya["notes"] == "Other emails: priya.n@example.org"
    assert cards[15]["name"] == "Karim Haddad"  # N, no FN
    odd = cards[20]
    # a value the model would refuse is kept in the notes instead of losing the card
    assert odd["email"] == "odd@example.org"
    assert odd["url"] == ""
    assert odd["notes"] == (
        "Other emails: not-an-email\nOther web addresses: ftp://files.example.org/odd"
    )


def test_importing_every_sample(store: Store):
    results = [
        import_contacts(store, parse_vcard(read(name)))
        for name in ("contacts_iphone.vcf", "contacts_android.vcf", "contacts_v4.vcf")
    ]
    assert [(r.added, r.updated, len(r.skipped)) for r in results] == [
        (4, 0, 0),
        (3, 0, 1),
        (3, 0, 1),
    ]
    assert results[2].problems() == ["line 27: name: must be at most 200 characters (this has 258)"]
    mallory = next(c for c in store.contacts() if "Mallory" in c.name)
    assert mallory.name == "[link=https://evil.example]Click[/link] ]0;pwnedMallory"
    assert mallory.tags == ["[bold]VIP[/bold]"]
    assert all(c.source is Source.VCARD for c in store.contacts())
    again = [
        import_contacts(store, parse_vcard(read(name)))
        for name in ("contacts_iphone.vcf", "contacts_android.vcf", "contacts_v4.vcf")
    ]
    assert [(r.added, r.updated) for r in again] == [(0, 0)] * 3


def test_unfolding_keeps_the_line_each_logical_line_starts_on():
    text = (
        "BEGIN:VCARD\r\nNOTE:a\r\n  b\r\n\tc\r\n\r\n"
        "N;ENCODING=QUOTED-PRINTABLE:x=\r\ny\r\nEND:VCARD"
    )
    assert list(logical_lines(text)) == [
        (1, "BEGIN:VCARD"),
        (2, "NOTE:a bc"),
        (6, "N;ENCODING=QUOTED-PRINTABLE:xy"),
        (8, "END:VCARD"),
    ]


def test_escapes_by_version():
    assert unescape(r"a\, b\; c\\ d\nе\N f\:g", "3.0") == "a, b; c\\ d\nе\n f:g"
    assert unescape(r"C:\new\path\; x", "2.1") == r"C:\new\path; x"
    assert split_escaped(r"Bank\;Co;Unit\,A;", ";") == [r"Bank\;Co", r"Unit\,A", ""]


def test_an_unreadable_line_is_skipped_and_reported_and_its_card_kept():
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ada\nEND:VCARD\n"
        'BEGIN:VCARD\nVERSION:3.0\nFN:Bob\nEMAIL;TYPE="work:\x1b[2Jbob@example.org\nEND:VCARD\n'
        "BEGIN:VCARD\nVERSION:2.1\nFN:Carol\nPHOTO;ENCODING=BASE64;JPEG:/9j/4AAQ\n"
        "SkZJRgABAQAAAQABAAD\n\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Dan\n"
    )
    parsed = parse_vcard(text)
    assert [row.fields["name"] for row in parsed.rows] == ["Ada", "Bob", "Carol"]
    assert parsed.rows[1].fields["email"] == ""
    assert [(n.line, n.what) for n in parsed.notices] == [(8, "unreadable EMAIL property skipped")]
    assert [(s.line, s.reason) for s in parsed.skipped] == [(17, SkipReason.INVALID)]
    assert parsed.skipped[0].detail == "the card is not closed (no END:VCARD)"


def test_quoted_printable_in_a_charset_it_is_not_in_is_still_read():
    text = (
        "BEGIN:VCARD\nVERSION:2.1\n"
        "FN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:J=C3=BCrgen\n"
        "ORG;CHARSET=X-UNKNOWN;ENCODING=QUOTED-PRINTABLE:B=F6rse\n"
        "TITLE;charset=utf-8;encoding=quoted-printable:H=C3=A4ndler\n"
        "NOTE;quoted-printable:Zeile=0D=0AZwei\n"
        "END:VCARD\n"
    )
    # latin-1 reads any byte: the name comes out as mojibake, never as an error
    (row,) = parse_vcard(text).rows
    assert row.fields["organization"] == "Börse"
    assert row.fields["role"] == "Händler"  # lower-case parameters, as some phones write them
    assert row.fields["notes"] == "Zeile\r\nZwei"


def test_a_file_that_is_not_a_vcard_is_refused():
    with pytest.raises(NetgoalsError, match="not a vCard file"):
        parse_vcard("First Name,Last Name\nAda,Lovelace\n")


def test_nested_cards_are_not_people_of_the_file():
    text = (
        "BEGIN:VCARD\nVERSION:2.1\nFN:Boss\nAGENT:\nBEGIN:VCARD\nVERSION:2.1\nFN:Assistant\n"
        "END:VCARD\nTITLE:CEO\nEND:VCARD\n"
    )
    (row,) = parse_vcard(text).rows
    assert (row.fields["name"], row.fields["role"]) == ("Boss", "CEO")


# --- writing ---------------------------------------------------------------------------------


def test_lines_are_folded_at_75_octets_without_cutting_a_character():
    line = "NOTE:" + "é" * 100
    folded = fold(line)
    parts = folded.split("\r\n")[:-1]
    assert all(len(p.encode()) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == line
    assert fold("FN:Ada") == "FN:Ada\r\n"


def test_a_card_escapes_what_could_end_a_value_or_start_a_property():
    contact = Contact(
        name="Ann, Lee; Jr",
        notes="line one\nEND:VCARD\nBEGIN:VCARD\nFN:Injected\\",
        tags=["a,b", "c"],
    )
    card = contact_card(contact)
    assert card.startswith("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ann\\, Lee\\; Jr\r\n")
    assert "CATEGORIES:a\\,b,c\r\n" in card
    lines = card.split("\r\n")
    assert [line for line in lines if line.startswith(("BEGIN", "END", "FN"))] == [
        "BEGIN:VCARD",
        "FN:Ann\\, Lee\\; Jr",
        "END:VCARD",
    ]
    (read_back,) = vobject.readComponents(card)
    assert read_back.note.value == contact.notes
    assert escape("a\\b") == "a\\\\b"


def full_contact(**changes: object) -> Contact:
    values: dict[str, object] = {
        "name": "Chloé Martin",
        "organization": "Northgate Bank; Markets",
        "role": "Graduate Recruitment Lead",
        "email": "chloe@northgate.example",
        "phone": "+44 20 7946 0018",
        "url": "https://www.linkedin.com/in/chloe",
        "location": "London, UK",
        "tags": ["bank", "recruiter, grad"],
        "how_met": "Careers fair, 2026",
        "notes": "Two\nlines, with commas; and semicolons \\ and tabs\there. " + "long " * 30,
        "introduces_to": "Head of trading",
        "last_contacted": "2026-02-01",
        "cadence_days": 30,
    }
    values.update(changes)
    return Contact.model_validate(values)


def test_export_then_import_gives_back_every_field(store: Store, tmp_path: Path):
    original = store.save_contact(full_contact())
    store.save_contact(Contact(name="Bob"))
    text = export_vcard(store)
    assert text.count("BEGIN:VCARD") == 2 and text.endswith("END:VCARD\r\n")
    with Store.open(tmp_path / "other.db") as other:
        result = import_contacts(other, parse_vcard(text))
        assert result.added == 2
        back = other.contacts()[0]
    for name in CONTACT_FIELDS:  # every field a backup keeps, but the id
        if name != "id":
            assert getattr(back, name) == getattr(original, name), name
    assert back.last_contacted == date(2026, 2, 1)


def test_a_standard_parser_reads_the_export(store: Store):
    store.save_contact(full_contact())
    store.save_contact(Contact(name="[bold]Eve[/]", tags=["=cmd"], notes="=1+2"))
    cards = list(vobject.readComponents(export_vcard(store)))
    assert len(cards) == 2
    chloe = cards[0]
    assert chloe.version.value == "4.0"
    assert chloe.fn.value == "Chloé Martin"
    assert chloe.org.value == ["Northgate Bank; Markets"]
    assert chloe.email.value == "chloe@northgate.example"
    assert chloe.categories.value == ["bank", "recruiter, grad"]
    assert chloe.note.value.startswith("Two\nlines, with commas; and semicolons \\ and tabs\t")
    assert cards[1].fn.value == "[bold]Eve[/]"


def test_an_empty_database_exports_an_empty_file(store: Store):
    assert export_vcard(store) == ""
