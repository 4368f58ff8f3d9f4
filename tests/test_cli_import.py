"""`netgoals import linkedin|vcard|google` and `netgoals export csv|vcard`, as a user runs them."""

from __future__ import annotations

import csv
import io
import shutil
import stat
from pathlib import Path

import pytest

from netgoals.core.models import Contact, Objective
from netgoals.storage import Store
from tests.test_cli import cli, one_error_line

DATA = Path(__file__).resolve().parent / "data"


def test_import_linkedin_prints_the_summary_then_the_refused_rows(tmp_path: Path, capsys):
    db = tmp_path / "x.db"
    assert cli("--db", db, "import", "linkedin", DATA / "linkedin_connections.csv") == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out.splitlines() == [
        "added 8, updated 0, skipped 2",
        "  1 empty row (line 8)",
        "  1 no name (line 10)",
        "  not a valid email: kept in the notes (line 9)",
    ]
    assert cli("--db", db, "import", "LinkedIn", DATA / "linkedin_connections.csv") == 0
    assert capsys.readouterr().out.startswith(
        "added 0, updated 0, skipped 10\n  8 already up to date\n"
    )
    with Store.open(db) as store:
        assert store.contact_count() == 8


def test_a_dry_run_reports_the_same_and_writes_nothing(tmp_path: Path, capsys):
    db = tmp_path / "x.db"
    source = DATA / "google_contacts.csv"
    assert cli("--db", db, "import", "google", source, "--dry-run") == 0
    assert capsys.readouterr().out.startswith("would add 4, would update 0, skipped 2")
    assert not db.exists()  # not even an empty database
    with Store.open(db) as store:
        store.save_contact(Contact(name="Amara Nwosu", email="amara@northgate.example"))
    before = db.read_bytes()
    assert cli("--db", db, "import", "google", source, "--dry-run") == 0
    assert capsys.readouterr().out.startswith("would add 3, would update 1, skipped 2")
    with Store.open(db) as store:
        assert [c.name for c in store.contacts()] == ["Amara Nwosu"]
    assert cli("--db", db, "import", "google", source) == 0
    assert capsys.readouterr().out.startswith("added 3, updated 1, skipped 2")
    assert db.read_bytes() != before


@pytest.mark.parametrize(
    ("name", "summary"),
    [
        ("contacts_iphone.vcf", "added 4, updated 0, skipped 0"),
        ("contacts_android.vcf", "added 3, updated 0, skipped 1"),
        ("contacts_v4.vcf", "added 3, updated 0, skipped 1"),
    ],
)
def test_import_vcard(tmp_path: Path, capsys, name: str, summary: str):
    assert cli("--db", tmp_path / "x.db", "import", "vcard", DATA / name) == 0
    assert capsys.readouterr().out.splitlines()[0] == summary


def test_import_google_legacy_utf16(tmp_path: Path, capsys):
    db = tmp_path / "x.db"
    assert cli("--db", db, "import", "google", DATA / "google_contacts_legacy.csv") == 0
    assert capsys.readouterr().out == "added 2, updated 0, skipped 0\n"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["import", "linkedin", "{tmp}/missing.csv"], "missing.csv does not exist"),
        (["import", "vcard", "{tmp}"], "is a folder, not a file"),
        (["import", "linkedin", "{tmp}/empty.csv"], "empty.csv is empty"),
        (["import", "vcard", "{tmp}/photo.png"], "photo.png is not a text file"),
        (["import", "google", "{data}/linkedin_connections.csv"], "not a Google Contacts CSV"),
        (["import", "linkedin", "{data}/google_contacts.csv"], "not a LinkedIn Connections.csv"),
        (["import", "vcard", "{data}/google_contacts.csv"], "not a vCard file"),
        (
            ["import", "palm", "{data}/google_contacts.csv"],
            "'palm' is not 'json', 'vcard', 'linkedin', 'google', 'outlook', 'thunderbird',"
            " 'yahoo' or 'ics'",
        ),
        (["export", "xlsx"], "'xlsx' is not 'json', 'csv' or 'vcard'"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_in_one_line(
    tmp_path: Path, capsys, args: list[str], words: str
):
    (tmp_path / "empty.csv").write_bytes(b"\xef\xbb\xbf\r\n")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    db = tmp_path / "x.db"
    argv = [a.format(tmp=tmp_path, data=DATA) for a in args]
    assert cli("--db", db, *argv) == 1
    line = one_error_line(capsys)
    assert words in line
    assert not db.exists()  # a refused import leaves no database behind


def test_a_refused_file_leaves_an_existing_database_untouched(tmp_path: Path, capsys):
    db = tmp_path / "x.db"
    with Store.open(db) as store:
        store.save_contact(Contact(name="Ann"))
    before = db.read_bytes()
    bad = tmp_path / "Connections.csv"
    bad.write_text('First Name,Last Name\nAda,"never closed' + "x" * 1_100_000)
    assert cli("--db", db, "import", "linkedin", bad) == 1
    assert "line 2: a cell is longer than 1,000,000 characters" in one_error_line(capsys)
    assert db.read_bytes() == before


def test_export_csv_to_stdout_and_to_a_private_file(tmp_path: Path, capsys):
    db = tmp_path / "x.db"
    with Store.open(db) as store:
        store.save_objective(Objective(title="Trader job", keywords=["trader"]))
        store.save_contact(Contact(name="Ann", role="Trader", phone="+44 1"))
        store.save_contact(Contact(name="=Bob"))
    assert cli("--db", db, "export", "csv") == 0
    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out, newline="")))
    assert [(r["name"], r["matched_objectives"], r["offgoal"]) for r in table] == [
        ("Ann", "Trader job", "no"),
        ("'=Bob", "", "yes"),
    ]
    assert table[0]["phone"] == "'+44 1"
    out = tmp_path / "contacts.csv"
    assert cli("--db", db, "export", "CSV", "-o", out) == 0
    assert "Exported to" in capsys.readouterr().err
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_bytes().startswith(b"name,organization,role,")


def test_export_vcard_then_import_it_elsewhere(tmp_path: Path, capsys):
    db, copy = tmp_path / "x.db", tmp_path / "copy.db"
    assert cli("--db", db, "import", "vcard", DATA / "contacts_iphone.vcf") == 0
    assert cli("--db", db, "import", "linkedin", DATA / "linkedin_connections.csv") == 0
    out = tmp_path / "contacts.vcf"
    assert cli("--db", db, "export", "vcard", "-o", out) == 0
    assert cli("--db", copy, "import", "vcard", out) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "added 12, updated 0, skipped 0"
    with Store.open(db) as a, Store.open(copy) as b:
        fields = ["name", "organization", "role", "email", "phone", "url", "tags", "notes"]
        assert [c.model_dump(include=set(fields)) for c in a.contacts()] == [
            c.model_dump(include=set(fields)) for c in b.contacts()
        ]
    # and this file, once more, changes nothing
    assert cli("--db", copy, "import", "vcard", out) == 0
    assert capsys.readouterr().out.startswith("added 0, updated 0, skipped 12")


def test_export_needs_an_existing_database(tmp_path: Path, capsys):
    assert cli("--db", tmp_path / "missing.db", "export", "vcard") == 1
    assert "missing.db does not exist" in one_error_line(capsys)
    assert not (tmp_path / "missing.db").exists()


def test_a_file_with_a_different_name_and_line_endings_imports_the_same(tmp_path: Path, capsys):
    source = tmp_path / "my export.CSV"
    shutil.copy(DATA / "linkedin_connections.csv", source)
    source.write_bytes(source.read_bytes().replace(b"\r\n", b"\n"))
    assert cli("--db", tmp_path / "x.db", "import", "linkedin", source) == 0
    assert capsys.readouterr().out.startswith("added 8, updated 0, skipped 2")
