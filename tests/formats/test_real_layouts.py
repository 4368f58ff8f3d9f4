"""Contact files as people really have them (tests/data/real): Outlook, Thunderbird and Yahoo
layouts, old LinkedIn exports, files in other encodings, vCards from old phones and Outlook;
imported through the command line into real databases."""

from __future__ import annotations

from pathlib import Path

import pytest

from netgoals.core.models import Contact
from netgoals.storage import Store
from tests.test_cli import cli, one_error_line

DATA = Path(__file__).resolve().parents[1] / "data"
REAL = DATA / "real"


def imported(tmp_path: Path, capsys, name: str, *format: str) -> tuple[str, dict[str, Contact]]:
    """What `netgoals import [FORMAT] FILE` printed, and the contacts it stored, by name."""
    db = tmp_path / "net.db"
    assert cli("--db", db, "import", *format, REAL / name) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    with Store.open(db) as store:
        return out, {c.name: c for c in store.contacts()}


# --- layouts -----------------------------------------------------------------------------------


def test_an_outlook_export_keeps_every_field_it_has(tmp_path: Path, capsys):
    out, people = imported(tmp_path, capsys, "outlook-desktop.csv", "outlook")
    assert out.splitlines()[0] == "added 2, updated 0, skipped 1"
    ann = people["Ann Marie Lee"]
    assert (ann.organization, ann.role) == ("Northgate Bank", "Head of Rates")
    assert (ann.email, ann.phone, ann.url) == (
        "ann@northgate.example",
        "+44 20 7946 0000",
        "https://annlee.example",
    )
    assert ann.location == "London, United Kingdom"
    assert ann.tags == ["Finance", "Mentors"]
    assert ann.notes.splitlines() == [
        "Met at the rates dinner.",
        "Call in spring.",
        "Department: Markets",
        "Other emails: ann@home.example, ann.lee@old.example",
        "Other phones: +44 7700 900123",
    ]
    assert ann.source.value == "outlook"
    jose = people["Dr. José García"]
    assert (jose.phone, jose.location, jose.notes) == (
        "+34 91 123 4567",
        "Madrid, Spain",
        "Birthday: 1/2/1980",
    )


def test_the_windows_address_book_and_linkedins_2012_export_are_outlook_csvs(
    tmp_path: Path, capsys
):
    out, people = imported(tmp_path, capsys, "windows-address-book.csv")
    assert "recognised as an Outlook CSV" in out
    wiremu = people["Wiremu Tane"]
    assert (wiremu.organization, wiremu.role, wiremu.email) == (
        "Kiwi Ltd",
        "CTO",
        "wiremu@kiwi.example",
    )
    assert (wiremu.phone, wiremu.url) == ("+64 21 555 0101", "https://kiwi.example")
    assert (wiremu.location, wiremu.notes) == ("Auckland, New Zealand", "Department: Platform")

    out, people = imported(tmp_path, capsys, "linkedin-2012-outlook-layout.csv")
    assert "recognised as an Outlook CSV" in out
    priya = people["Priya Shah"]
    assert (priya.organization, priya.role, priya.email, priya.location) == (
        "Tata Example",
        "Analyst",
        "priya@example.org",
        "Mumbai, India",
    )


def test_thunderbird_and_yahoo_csvs(tmp_path: Path, capsys):
    out, people = imported(tmp_path, capsys, "thunderbird.csv")
    assert "recognised as a Thunderbird CSV" in out
    lena = people["Lena Vogel"]
    assert (lena.organization, lena.role, lena.email, lena.phone) == (
        "Vogel GmbH",
        "Engineer",
        "lena@vogel.example",
        "+49 30 1234567",
    )
    assert (lena.url, lena.location) == ("https://vogel.example", "Berlin, Germany")
    assert lena.notes.splitlines() == [
        "Two",
        "lines",
        "Department: Research",
        "Other emails: lena@home.example",
    ]

    out, people = imported(tmp_path, capsys, "yahoo.csv")
    assert "recognised as a Yahoo CSV" in out
    kenji = people["Kenji Sato"]
    assert (kenji.organization, kenji.role, kenji.email, kenji.phone) == (
        "Sato KK",
        "Director",
        "kenji@sato.example",
        "+81 3 1234 5678",
    )
    assert (kenji.location, kenji.tags) == ("Tokyo, Japan", ["Clients"])

    # older Thunderbird wrote no header row: its columns are always in the same order
    out, people = imported(tmp_path, capsys, "thunderbird-no-header.csv")
    assert "recognised as a Thunderbird CSV" in out
    mei = people["Mei Chen"]
    assert (mei.organization, mei.role, mei.email, mei.phone, mei.url) == (
        "Chen Studio",
        "Designer",
        "mei@chen.example",
        "+1 415 555 0100",
        "https://chen.example",
    )
    assert (mei.location, mei.notes) == ("San Francisco, USA", "Old Thunderbird\nDepartment: UX")
    assert kenji.notes.splitlines() == ["Met in Osaka", "Other emails: kenji@alt.example"]


def test_importing_any_of_these_files_again_adds_nothing(tmp_path: Path, capsys):
    db = tmp_path / "net.db"
    files = sorted(REAL.iterdir())
    for path in files:
        assert cli("--db", db, "import", path) == 0
    capsys.readouterr()
    for path in files:
        assert cli("--db", db, "import", path) == 0
        out = capsys.readouterr().out
        assert "added 0, updated 0" in out, (path.name, out)


# --- recognising a file, refusing the wrong importer -------------------------------------------


@pytest.mark.parametrize(
    ("name", "right", "wrong"),
    [
        ("outlook-desktop.csv", "outlook", "linkedin"),
        ("outlook-desktop.csv", "outlook", "google"),
        ("linkedin-2012-outlook-layout.csv", "outlook", "linkedin"),
        ("thunderbird.csv", "thunderbird", "outlook"),
        ("yahoo.csv", "yahoo", "google"),
        ("linkedin-2016-dates.csv", "linkedin", "outlook"),
        ("greek-cp1253.vcf", "vcard", "linkedin"),
    ],
)
def test_a_file_named_as_another_format_is_refused_naming_the_right_one(
    tmp_path: Path, capsys, name: str, right: str, wrong: str
):
    db = tmp_path / "net.db"
    assert cli("--db", db, "import", wrong, REAL / name) == 1
    message = one_error_line(capsys)
    assert message.endswith(f": netgoals import {right} {REAL / name}")
    assert not db.exists()


def test_a_file_nothing_recognises_is_refused_naming_what_netgoals_imports(tmp_path: Path, capsys):
    odd = tmp_path / "odd.csv"
    odd.write_text("Firman,Wandayandi,firman@php.net\n", encoding="utf-8")
    assert cli("--db", tmp_path / "net.db", "import", odd) == 1
    message = one_error_line(capsys)
    assert "cannot tell what kind of file this is" in message and "Outlook CSV" in message


# --- encodings ---------------------------------------------------------------------------------


def test_one_broken_character_garbles_nothing_else_and_is_reported(tmp_path: Path, capsys):
    out, people = imported(tmp_path, capsys, "linkedin-cut-sequence.csv", "linkedin")
    assert "bytes that are not text read as \ufffd (line 2)" in out
    assert people["Jürgen Müller"].organization == "Selbstst\ufffdndig"
    zoe = people["Zoë Ångström"]
    assert (zoe.organization, zoe.role) == ("Café Ørsted", "Barista")


def test_a_file_written_in_windows_1252_is_read_in_it(tmp_path: Path, capsys):
    out, people = imported(tmp_path, capsys, "google-cp1252.csv", "google")
    assert "\ufffd" not in out
    assert people["François Dupré"].organization == "Société Générale"


@pytest.mark.parametrize("name", ["utf16le-no-bom.vcf", "utf16be-bom.vcf"])
def test_utf16_with_or_without_a_byte_order_mark(tmp_path: Path, capsys, name: str):
    _, people = imported(tmp_path, capsys, name, "vcard")
    assert people["Łukasz Nowak"].organization == "Kraków Labs"


# --- LinkedIn ----------------------------------------------------------------------------------


def test_linkedin_dates_member_ids_and_old_columns(tmp_path: Path, capsys):
    out, people = imported(tmp_path, capsys, "linkedin-2016-dates.csv", "linkedin")
    assert out.splitlines()[0] == "added 4, updated 0, skipped 0"
    assert "not a valid email: kept in the notes (line 2)" in out
    assert {name: c.how_met for name, c in people.items()} == {
        "Ada Lovelace": "LinkedIn, connected 2023-04-23",
        "Bob Smith": "LinkedIn, connected 2018-01-08",
        "Carol Jones": "LinkedIn, connected 2026-01-05",
        "Dan Brown": "LinkedIn, connected 2024-03-15",
    }
    ada = people["Ada Lovelace"]
    assert ada.email == ""
    assert ada.notes.splitlines() == [
        "Address: London",
        "Websites: https://ada.example",
        "Instant Messengers: skype:ada",
        "Email: urn:li:member:123456",
    ]


# --- vCard -------------------------------------------------------------------------------------


def test_outlooks_empty_parameter_loses_nothing(tmp_path: Path, capsys):
    _, people = imported(tmp_path, capsys, "outlook-empty-parameter.vcf", "vcard")
    ralf = people["Ralf Rastral"]
    assert (ralf.phone, ralf.location) == ("+49 30 555", "Kleindorf, Deutschland")
    assert ralf.notes == "Address: Lämmerweg 12, Kleindorf, 98765, Deutschland"


def test_a_card_is_read_in_the_charset_it_names(tmp_path: Path, capsys):
    _, people = imported(tmp_path, capsys, "greek-cp1253.vcf", "vcard")
    assert list(people) == ["Βαγγέλης"]
    _, people = imported(tmp_path, capsys, "polish-quoted-printable.vcf", "vcard")
    assert "Jan Iksiński" in people


def test_nameless_cards_groups_categories_birthdays_and_addresses(tmp_path: Path, capsys):
    out, people = imported(tmp_path, capsys, "nameless-group-categories.vcf", "vcard")
    assert out.splitlines() == [
        "added 3, updated 0, skipped 1",
        "  1 a group, not a person (line 9)",
        "  no name: named from its email (line 1)",
        "  no name: named from its organisation (line 5)",
    ]
    assert people["ada@example.org"].email == "ada@example.org"
    assert people["Northgate Bank"].organization == "Northgate Bank"
    bo = people["Bo Berg"]
    assert bo.tags == ["a", "b", "c"]
    assert bo.location == "Springfield, IL, USA"
    assert bo.notes.splitlines() == [
        "Birthday: 1980-02-03",
        "Address: 1 Main St, Springfield, IL, 62701, USA",
    ]


# --- files with no records ---------------------------------------------------------------------


def test_netgoals_own_export_of_an_empty_database_imports_nothing(tmp_path: Path, capsys):
    empty, other = tmp_path / "empty.db", tmp_path / "other.db"
    Store.open(empty).close()
    for format in ("vcard", "json"):
        exported = tmp_path / f"export.{format}"
        assert cli("--db", empty, "export", format, "-o", exported) == 0
        capsys.readouterr()
        assert cli("--db", other, "import", format, exported) == 0, capsys.readouterr().err
        assert capsys.readouterr().out.startswith("added 0, updated 0, skipped 0")


def test_a_header_without_rows_imports_nothing_but_an_empty_file_is_refused(tmp_path: Path, capsys):
    header = tmp_path / "contacts.csv"
    header.write_text(
        (REAL / "outlook-desktop.csv").read_text(encoding="utf-8").splitlines()[0] + "\r\n",
        encoding="utf-8",
    )
    assert cli("--db", tmp_path / "a.db", "import", header) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "added 0, updated 0, skipped 0"
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert cli("--db", tmp_path / "b.db", "import", empty) == 1
    assert one_error_line(capsys).endswith("empty.csv is empty")
