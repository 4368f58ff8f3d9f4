"""The list of importers: each recognises its own files and no other's, and one more importer is
a few lines that the command line and the app pick up."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from netgoals.formats import importers
from netgoals.formats.importers import IMPORTERS, Importer, load_file
from netgoals.formats.text import decode, read_file
from netgoals.tui.dialogs.importer import format_choices
from tests.test_cli import cli, one_error_line

DATA = Path(__file__).resolve().parents[1] / "data"
KINDS = {
    "linkedin_connections.csv": "linkedin",
    "linkedin_connections_old.csv": "linkedin",
    "google_contacts.csv": "google",
    "google_contacts_legacy.csv": "google",
    "contacts_android.vcf": "vcard",
    "contacts_iphone.vcf": "vcard",
    "contacts_v4.vcf": "vcard",
    "real/outlook-desktop.csv": "outlook",
    "real/windows-address-book.csv": "outlook",
    "real/linkedin-2012-outlook-layout.csv": "outlook",
    "real/thunderbird.csv": "thunderbird",
    "real/thunderbird-no-header.csv": "thunderbird",
    "real/yahoo.csv": "yahoo",
    "real/linkedin-2016-dates.csv": "linkedin",
    "real/linkedin-cut-sequence.csv": "linkedin",
    "real/google-cp1252.csv": "google",
    "real/greek-cp1253.vcf": "vcard",
    "real/utf16le-no-bom.vcf": "vcard",
}


@pytest.mark.parametrize(("name", "kind"), sorted(KINDS.items()))
def test_each_file_is_recognised_by_its_importer_and_no_other(name: str, kind: str):
    text = decode(read_file(DATA / name), name)
    assert [i.name for i in IMPORTERS if i.recognise(text)] == [kind]
    assert importers.recognise(text) is importers.named(kind)


def test_every_file_in_the_test_data_is_listed():
    files = {
        str(p.relative_to(DATA))
        for p in DATA.rglob("*")
        if p.suffix in (".csv", ".vcf") and p.is_file()
    }
    unlisted = files - KINDS.keys()
    # the rest are vCards of edge cases, each recognised as vCard
    for name in unlisted:
        text = decode(read_file(DATA / name), name)
        assert importers.recognise(text) is importers.named("vcard"), name


# --- one more importer -------------------------------------------------------------------------


# This module is a test importer's: its recognise, load and apply follow.


def recognise(text: str) -> bool:
    """A file whose first line is NOTES."""
    return text.startswith("NOTES\n")


class Noted:
    def __init__(self, lines: list[str], dry_run: bool) -> None:
        self.lines, self.dry_run = lines, dry_run

    def report(self) -> str:
        return f"{len(self.lines)} notes{' (dry run)' if self.dry_run else ''}"


def load(text: str) -> list[str]:
    return text.splitlines()[1:]


def apply(store: Any, loaded: list[str], *, dry_run: bool, progress: Any) -> Noted:
    return Noted(loaded, dry_run)


@pytest.fixture
def notes_importer(monkeypatch: pytest.MonkeyPatch) -> Importer:
    importer = Importer("notes", "Notes file", __name__)
    monkeypatch.setattr(importers, "IMPORTERS", [*IMPORTERS, importer])
    return importer


def test_one_more_importer_is_recognised_named_and_offered(
    notes_importer: Importer, tmp_path: Path, capsys
):
    source = tmp_path / "mine.txt"
    source.write_text("NOTES\nfirst\nsecond\n", encoding="utf-8")
    loaded = load_file(source)
    assert loaded.importer is notes_importer and loaded.recognised
    assert cli("--db", tmp_path / "net.db", "import", source) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{source}: recognised as a Notes file",
        "2 notes",
    ]
    assert cli("--db", tmp_path / "net.db", "import", "notes", source, "--dry-run") == 0
    assert capsys.readouterr().out.splitlines() == ["2 notes (dry run)"]
    assert cli("--db", tmp_path / "net.db", "import", "outlook", source) == 1
    assert one_error_line(capsys).endswith(f": netgoals import notes {source}")
    assert ("Notes file", "notes") in format_choices()


def test_the_readme_lists_every_importer_and_no_other():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Importing and exporting contacts", 1)[1].split("\n## ", 1)[0]
    listed = [line.split("**")[1] for line in section.splitlines() if line.startswith("- **")]
    assert listed == [importer.name for importer in IMPORTERS]
