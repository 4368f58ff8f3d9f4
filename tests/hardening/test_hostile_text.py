"""Hostile text is just text: through every importer and the backup, into the database, out
through every export and command, never interpreted and never reaching the terminal raw."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from netgoals.cli import run
from netgoals.core.models import Contact, Objective
from netgoals.formats.csv_export import FORMULA_STARTS
from netgoals.formats.importers import parse
from netgoals.formats.people import import_contacts
from netgoals.formats.vcard import export_vcard
from netgoals.storage import Store
from tests.hardening.hostile import (
    FORMULAS,
    LINK,
    LONG_NOTE,
    MARKUP,
    NAMES,
    has_terminal_controls,
    stored_line,
)

ROOT = Path(__file__).resolve().parents[2]


def _csv(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def linkedin_file(names: list[str]) -> str:
    header = [
        "First Name",
        "Last Name",
        "URL",
        "Email Address",
        "Company",
        "Position",
        "Connected On",
    ]
    rows = [[n, "", "", "", n, n, "15 Mar 2024"] for n in names]
    return _csv([header, *rows])


def google_file(names: list[str]) -> str:
    header = ["First Name", "Last Name", "Organization Name", "Notes", "Labels"]
    rows = [[n, "", n, LONG_NOTE if i == 0 else n, "* myContacts"] for i, n in enumerate(names)]
    return _csv([header, *rows])


def _vcard_text(value: str) -> str:
    # as a vCard 3.0 writer escapes text; raw control characters are left in, as a hostile
    # file would have them (but not line breaks, which would end the property)
    return (
        value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")
    ).replace("\r", "")


def vcard_file(names: list[str]) -> str:
    cards = []
    for i, name in enumerate(names):
        note = LONG_NOTE if i == 0 else name
        cards.append(
            "BEGIN:VCARD\r\nVERSION:3.0\r\n"
            f"FN:{_vcard_text(name)}\r\nORG:{_vcard_text(name)}\r\n"
            f"NOTE:{_vcard_text(note)}\r\nCATEGORIES:{_vcard_text(name)}\r\nEND:VCARD\r\n"
        )
    return "".join(cards)


def backup_file(names: list[str]) -> str:
    return json.dumps(
        {
            "format": "netgoals",
            "version": 1,
            "objectives": [
                {
                    "id": 1,
                    "title": MARKUP,
                    "keywords": [LINK, "mallory"],
                    "ask": LINK,
                    "why": LONG_NOTE,
                }
            ],
            "contacts": [
                {"id": i + 1, "name": n, "organization": n, "notes": LONG_NOTE, "tags": [n]}
                for i, n in enumerate(names)
            ],
        }
    )


FILES = {
    "linkedin": linkedin_file,
    "google": google_file,
    "vcard": vcard_file,
    "json": backup_file,
}


@pytest.mark.parametrize("format", ["linkedin", "google", "vcard"])
def test_a_file_with_a_nul_byte_is_refused_whole(tmp_path: Path, format: str, capsys):
    source = tmp_path / f"nul.{format}"
    source.write_text(FILES[format](NAMES), encoding="utf-8")
    db = tmp_path / "n.db"
    Store.open(db).close()
    assert run(["--db", str(db), "import", format, str(source)]) == 1
    err = capsys.readouterr().err
    assert "is not a text file (it looks binary)" in err and not has_terminal_controls(err)
    with Store.open(db) as store:
        assert store.is_empty()


# the hostile names that still have a name once control characters are removed
VISIBLE = [n for n in NAMES if stored_line(n)]


@pytest.mark.parametrize("format", FILES)
def test_hostile_text_from_every_importer_is_stored_literally(tmp_path: Path, format: str, capsys):
    source = tmp_path / f"hostile.{format}"
    # a raw NUL byte makes a text file binary, refused whole (below); JSON spells it \u0000
    names = NAMES if format == "json" else [n.replace("\x00", "") for n in NAMES]
    source.write_text(FILES[format](names), encoding="utf-8")
    db = tmp_path / "n.db"
    assert run(["--db", str(db), "import", format, str(source)]) == 0, capsys.readouterr().err
    out, err = capsys.readouterr()
    assert not has_terminal_controls(out + err)
    with Store.open(db) as store:
        contacts = store.contacts()
        raw = store.conn.execute("SELECT * FROM contacts").fetchall()
        objectives = store.objectives()
    stored = sorted(c.name for c in contacts)
    if format in ("linkedin", "google"):
        # first and last name are joined on whitespace, which takes \v and \f as spaces
        assert stored == sorted(stored_line(" ".join(n.split())) for n in VISIBLE)
    else:
        assert stored == sorted(stored_line(n) for n in VISIBLE)
    organizations = {stored_line(n) for n in names}
    for contact in contacts:
        assert contact.organization in organizations  # markup kept as text, verbatim
    assert any(c.notes == LONG_NOTE for c in contacts) or format == "linkedin"
    # no terminal control character reached the file, in any column
    for row in raw:
        for value in row:
            if isinstance(value, str):
                assert not has_terminal_controls(value), value[:80]
    if format == "json":
        assert objectives[0].title == MARKUP and objectives[0].keywords == [LINK, "mallory"]


def _hostile_store(path: Path) -> None:
    with Store.open(path) as store:
        store.save_objective(Objective(title=MARKUP, keywords=["mallory", "click"], ask=LINK))
        for i, name in enumerate(NAMES):
            note = LONG_NOTE if i == 0 else f"{name}\n{name}"
            store.save_contact(
                Contact(
                    name=name,
                    organization=name,
                    role=name,
                    notes=note,
                    tags=[name, "x"],
                    how_met=name,
                    introduces_to=name,
                )
            )


def test_csv_export_neutralises_formula_cells(tmp_path: Path):
    db = tmp_path / "n.db"
    _hostile_store(db)
    out = tmp_path / "out.csv"
    assert run(["--db", str(db), "export", "csv", "-o", str(out)]) == 0
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    cells = [cell for row in rows[1:] for cell in row]
    assert cells
    for cell in cells:
        assert not cell.startswith(FORMULA_STARTS), cell[:40]
        assert not has_terminal_controls(cell), cell[:40]
    for formula in FORMULAS:
        assert "'" + formula in cells  # the name, kept whole, as text
    assert any(cell.endswith(LONG_NOTE) for cell in cells)


def test_vcard_export_escapes_and_round_trips_hostile_text(tmp_path: Path):
    db = tmp_path / "n.db"
    _hostile_store(db)
    with Store.open(db) as store:
        text = export_vcard(store)
        before = {c.name: c for c in store.contacts()}
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
        assert not has_terminal_controls(line, allowed="")  # no bare CR, LF, tab or ESC
    parsed = parse("vcard", text)
    assert len(parsed.rows) == len(before)
    with Store.open(tmp_path / "again.db") as again:
        result = import_contacts(again, parsed)
        assert result.added == len(before) and not result.skipped
        after = {c.name: c for c in again.contacts()}
    assert after.keys() == before.keys()
    for name, contact in after.items():
        for field in ("organization", "role", "notes", "tags", "how_met", "introduces_to"):
            assert getattr(contact, field) == getattr(before[name], field), (name, field)


def _command(db: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "netgoals", "--db", str(db), *args],
        capture_output=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_no_command_sends_a_control_character_to_the_terminal(tmp_path: Path):
    db = tmp_path / "n.db"
    _hostile_store(db)
    for args in (
        ["offgoal"],
        ["offgoal", "--json"],
        ["matches"],
        ["matches", "--json"],
        ["brief"],
        ["export", "json"],
        ["export", "csv"],
        ["export", "vcard"],
    ):
        done = _command(db, *args)
        assert done.returncode == 0, done.stderr
        out = done.stdout.decode("utf-8")
        # CSV and vCard end their lines with CRLF, as their formats require
        allowed = "\n\t\r" if args[-1] in ("csv", "vcard") else "\n\t"
        assert not has_terminal_controls(out, allowed=allowed), args
        assert not has_terminal_controls(done.stderr.decode("utf-8")), args
    # shown literally: the markup as typed, the escape sequences without their ESC
    matches = _command(db, "matches").stdout.decode()
    assert MARKUP in matches and "[link=file:///etc/passwd]click me[/link]" in matches
    assert "[31mred[0m" in _command(db, "offgoal").stdout.decode()


def test_error_messages_never_print_a_files_escape_sequences(tmp_path: Path):
    """A backup whose keys hold escape sequences, and a path that holds one: the message
    names them, visibly escaped (found by these tests: both reached stderr raw)."""
    db = tmp_path / "n.db"
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "format": "netgoals",
                "version": 1,
                "\x1b]0;pwned\x07": 1,
                "contacts": [{"id": 1, "name": "a", "\x1b[31mx": 1}],
            }
        ),
        encoding="utf-8",
    )
    done = _command(db, "import", "json", str(bad))
    err = done.stderr.decode("utf-8")
    assert done.returncode == 1 and not has_terminal_controls(err)
    assert '"\\u001b]0;pwned\\u0007": is not a section netgoals knows' in err
    assert 'contacts[0]."\\u001b[31mx": is not a field netgoals knows' in err
    done = _command(db, "import", "json", str(tmp_path / "\x1b]0;title\x07.json"))
    err = done.stderr.decode("utf-8")
    assert done.returncode == 1 and not has_terminal_controls(err)
    assert "\\x1b]0;title\\x07.json does not exist" in err


def test_a_database_tampered_by_another_tool_still_prints_no_escape(tmp_path: Path):
    """Text written into the file behind netgoals' back (not through its models)."""
    db = tmp_path / "n.db"
    _hostile_store(db)
    with Store.open(db) as store, store.transaction():
        store.conn.execute(
            "UPDATE contacts SET name = ?, role = ? WHERE id = 1",
            ("\x1b]0;owned\x07Eve\x1b[5m", "\x1b[31mrole"),
        )
    for args in (["offgoal"], ["offgoal", "--json"], ["matches", "--json"], ["export", "json"]):
        done = _command(db, *args)
        assert done.returncode == 0, done.stderr
        assert not has_terminal_controls(done.stdout.decode("utf-8")), args
