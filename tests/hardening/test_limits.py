"""No file or command can exhaust time or memory.

Time and memory are bounded through the operating system, in a child process: a CPU-seconds
limit (RLIMIT_CPU) or an address-space limit (RLIMIT_AS) far above what the work needs, and far
below what quadratic time or a file held as millions of small objects would take.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import textwrap
import tracemalloc
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from netgoals import cli as command_line
from netgoals.core.errors import NetgoalsError
from netgoals.core.matching import Reason
from netgoals.core.models import Contact, Link, Objective, Relation
from netgoals.formats import people, report
from netgoals.formats import text as reading
from netgoals.formats.importers import parse
from netgoals.formats.report import matches_document
from netgoals.storage import Store
from tests.hardening.tampered import tampered_database
from tests.test_cli import cli, one_error_line

resource = pytest.importorskip("resource")  # POSIX only

ROOT = Path(__file__).resolve().parents[2]


def run_limited(
    code: str, *, cpu_seconds: int | None = None, memory_mb: int | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `code` in a fresh Python with these limits; the child is killed when over."""
    limits = ""
    if cpu_seconds is not None:
        limits += f"resource.setrlimit(resource.RLIMIT_CPU, ({cpu_seconds}, {cpu_seconds}))\n"
    if memory_mb is not None:
        size = memory_mb * 1024 * 1024
        limits += f"resource.setrlimit(resource.RLIMIT_AS, ({size}, {size}))\n"
    program = "import resource\n" + limits + textwrap.dedent(code)
    return subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, cwd=ROOT, check=False
    )


# --- vCard: quoted-printable soft line breaks --------------------------------------------------


def test_a_long_quoted_printable_note_is_unfolded_in_linear_time():
    # 8 MB of soft line breaks: seconds of CPU when joined once, minutes when joined quadratically
    done = run_limited(
        """
        from netgoals.formats.vcard import parse_vcard

        line = "=C3=A9t=C3=A9 ab" * 4 + "abcdefghijk="
        count = 8_000_000 // (len(line) + 2)
        text = (
            "BEGIN:VCARD\\r\\nVERSION:2.1\\r\\nFN:Ada\\r\\n"
            "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:"
            + "\\r\\n".join([line] * count)
            + "\\r\\nend\\r\\nEND:VCARD\\r\\n"
        )
        (row,) = parse_vcard(text).rows
        note = row.fields["notes"]
        assert note == ("été ab" * 4 + "abcdefghijk") * count + "end", note[:80]
        print("read", len(note))
        """,
        cpu_seconds=10,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("read ")


# --- contact files: memory bounded, limits refused in one line --------------------------------

LINKEDIN_HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
GOOGLE_HEADER = "First Name,Last Name,Labels,E-mail 1 - Value\r\n"


def _peak_while(work: Callable[[], object]) -> int:
    """The peak of memory allocated by Python while `work` runs, in bytes."""
    tracemalloc.start()
    try:
        with contextlib.suppress(NetgoalsError):
            work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("format", ["linkedin", "google"])
@pytest.mark.parametrize("newline_every", [0, 500])
def test_a_csv_of_tiny_cells_is_read_in_bounded_memory(format: str, newline_every: int):
    # 6 MB of "ab," (on one line, or in rows of 500 cells): held as lists of cells it took
    # twenty times its size; rows are streamed now, and the one-line file is refused
    header = LINKEDIN_HEADER if format == "linkedin" else GOOGLE_HEADER
    row = "ab," * newline_every + "\r\n" if newline_every else "ab," * 2_000_000
    text = header + row * (2_000_000 // max(newline_every, 1) if newline_every else 1)
    assert len(text) >= 6_000_000
    peak = _peak_while(lambda: parse(format, text))
    assert peak < 40_000_000, f"{peak:,} bytes at the peak"


def test_a_record_too_long_is_refused_naming_the_line_and_the_limit():
    text = LINKEDIN_HEADER + "Ada,Lovelace\r\n" + "ab," * 1_000_000
    with pytest.raises(NetgoalsError, match=r"^line 3: a row is longer than 2,000,000 characters"):
        parse("linkedin", text)


def test_too_many_columns_are_refused_naming_the_line_and_the_limit():
    text = LINKEDIN_HEADER + "Ada,Lovelace\r\n" + "x," * 1000 + "x\r\n"
    with pytest.raises(NetgoalsError, match=r"^line 3: a row has more than 1,000 columns"):
        parse("linkedin", text)
    assert len(parse("linkedin", LINKEDIN_HEADER + "Ada," * 999 + "x\r\n").rows) == 1


@pytest.mark.parametrize(
    ("format", "text"),
    [
        ("linkedin", LINKEDIN_HEADER + "Ada,Lovelace\r\n" * 20),
        ("google", GOOGLE_HEADER + "Ada,Lovelace\r\n" * 20),
        ("vcard", "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nEND:VCARD\r\n" * 20),
    ],
)
def test_too_many_rows_are_refused_naming_the_limit(monkeypatch, format: str, text: str):
    monkeypatch.setattr(people, "MAX_ROWS", 21)
    assert len(parse(format, text).rows) == 20
    monkeypatch.setattr(people, "MAX_ROWS", 10)
    with pytest.raises(NetgoalsError, match=r"^line \d+: the file has more than 10 (rows|cards)"):
        parse(format, text)


def test_a_card_of_too_many_lines_is_refused():
    text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\n" + "NOTE:a\r\n" * 10_000 + "END:VCARD\r\n"
    with pytest.raises(NetgoalsError, match=r"^line 1: a card has more than 10,000 lines"):
        parse("vcard", text)


def test_the_command_refuses_an_oversized_file_in_one_line(tmp_path: Path, capsys, monkeypatch):
    monkeypatch.setattr(reading, "MAX_FILE_BYTES", 1000)
    small, big = tmp_path / "small.csv", tmp_path / "big.csv"
    small.write_text(LINKEDIN_HEADER + "Ada,Lovelace\r\n")
    big.write_text(LINKEDIN_HEADER + "Ada,Lovelace\r\n" * 100)
    db = tmp_path / "x.db"
    assert cli("--db", db, "import", "linkedin", small) == 0
    capsys.readouterr()
    before = db.read_bytes()
    assert cli("--db", db, "import", "linkedin", big) == 1
    line = one_error_line(capsys)
    assert line.startswith("netgoals: ") and "big.csv is larger than" in line
    assert db.read_bytes() == before


def test_the_command_refuses_the_tiny_cells_file_in_one_line(tmp_path: Path, capsys):
    bad = tmp_path / "Connections.csv"
    bad.write_text("ab," * 3_000_000)
    assert cli("--db", tmp_path / "x.db", "import", "linkedin", bad) == 1
    assert "line 1: a row is longer than 2,000,000 characters" in one_error_line(capsys)


# --- `netgoals matches`: streamed, the same bytes -------------------------------------------


def _varied_network(store: Store) -> None:
    trader = store.save_objective(
        Objective(title="Trader «job»", keywords=["trader", "bank"], hangouts=['A "pub"'])
    )
    store.save_objective(Objective(title="Mentor", keywords=["quantum computing"]))  # a gap
    store.save_objective(Objective(title="Paused", keywords=["bank"], status="paused"))
    ann = store.save_contact(
        Contact(name="Ann Lee", organization="Northgate Bank", role="Trader", notes="bank, traders")
    )
    bob = store.save_contact(Contact(name="bob", organization="Société Générale"))
    store.save_contact(Contact(name='Zoë \\ "Q"', role="Nurse"))
    cy = store.save_contact(Contact(name="Cy", role="Trader"))
    store.set_link(Link(contact_id=bob.id, objective_id=trader.id, relation="introduces", note="n"))
    store.set_link(Link(contact_id=cy.id, objective_id=trader.id, relation="excluded"))
    assert ann.id


@pytest.mark.parametrize("varied", [True, False])
def test_matches_json_is_byte_for_byte_the_whole_document(tmp_path: Path, capsys, varied: bool):
    db = tmp_path / "x.db"
    with Store.open(db) as store:
        if varied:
            _varied_network(store)
        expected = json.dumps(matches_document(store), ensure_ascii=False, indent=2) + "\n"
    assert cli("--db", db, "matches", "--json") == 0
    printed = capsys.readouterr().out
    assert printed == expected
    assert json.loads(printed) == json.loads(expected)


def test_matches_text_lists_each_matching_contact(tmp_path: Path, capsys):
    db = tmp_path / "x.db"
    with Store.open(db) as store:
        _varied_network(store)
    assert cli("--db", db, "matches") == 0
    out = capsys.readouterr().out
    assert "[2] Mentor: 0 contacts  GAP: nobody matches yet" in out
    assert '\nAnn Lee (Northgate Bank)  #1\n  → Trader «job»: keyword "trader" in role' in out
    assert "\nbob (Société Générale)  #2\n  → Trader «job»: linked: introduces you (n)" in out
    assert out.endswith("\n2 off-goal contacts are not listed (see `netgoals offgoal`).\n")


def test_matches_json_is_printed_in_memory_that_does_not_grow_with_the_report(
    tmp_path: Path, monkeypatch
):
    # 3,000 synthetic contacts, ~20 reasons each: a 20 MB document, built whole it peaked at
    # over 150 MB of Python objects; printed contact by contact it stays near 10 MB
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from synthetic import build
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    db = build(tmp_path / "big.db", 3000, active=40)
    with open(os.devnull, "w", encoding="utf-8") as sink:
        monkeypatch.setattr(sys, "stdout", sink)
        peak = _peak_while(lambda: cli("--db", db, "matches", "--json"))
    assert peak < 40_000_000, f"{peak:,} bytes at the peak"


def _synthetic(path: Path, contacts: int) -> Path:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from synthetic import build
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return build(path, contacts, active=40)


@pytest.mark.parametrize("kept", [None, 7])
def test_matches_json_of_a_large_network_is_byte_for_byte_the_whole_document(
    tmp_path: Path, capsys, monkeypatch, kept: int | None
):
    # 1,200 contacts: three chunks of contacts, thousands of matches sharing a few hundred
    # distinct texts; with `kept` tiny, every cache is forgotten again and again on the way
    db = _synthetic(tmp_path / "big.db", 1200)
    if kept is not None:
        monkeypatch.setattr(report, "_KEPT", kept)
        monkeypatch.setattr(command_line, "_PARTS_KEPT", kept)
    with Store.open(db) as store:
        expected = json.dumps(matches_document(store), ensure_ascii=False, indent=2) + "\n"
    assert cli("--db", db, "matches", "--json") == 0
    assert capsys.readouterr().out == expected


def test_matches_text_says_what_the_whole_document_says(tmp_path: Path, capsys):
    db = _synthetic(tmp_path / "big.db", 1200)
    with Store.open(db) as store:
        document = matches_document(store)
    titles = {objective["id"]: objective["title"] for objective in document["objectives"]}
    expected = [
        f"[{o['id']}] {o['title']}: {o['matches']} contacts"
        + ("  GAP: nobody matches yet" if o["gap"] else "")
        for o in document["objectives"]
    ]
    offgoal = 0
    for contact in document["contacts"]:
        if not contact["matches"]:
            offgoal += 1
            continue
        where = f" ({contact['organization']})" if contact["organization"] else ""
        expected += ["", f"{contact['name']}{where}  #{contact['id']}"]
        for match in contact["matches"]:
            said = "; ".join(_said(reason) for reason in match["reasons"])
            expected.append(f"  → {titles[match['objective_id']]}: {said}")
    expected += ["", f"{offgoal} off-goal contacts are not listed (see `netgoals offgoal`)."]
    assert 0 < offgoal < 1200
    assert cli("--db", db, "matches") == 0
    assert capsys.readouterr().out == "\n".join(expected) + "\n"


def _said(reason: dict[str, str]) -> str:
    if reason["type"] == "link":
        return Reason("link", relation=Relation(reason["relation"]), note=reason["note"]).describe()
    fields = {"keyword": reason["keyword"], "field": reason["field"], "text": reason["text"]}
    return Reason("keyword", **fields).describe()


def test_matches_json_of_a_tampered_database_is_the_whole_document(tmp_path: Path, capsys):
    # control characters written into the searched text behind netgoals' back: the text a
    # keyword matched is cleaned in the report as it is everywhere else
    db = tmp_path / "n.db"
    tampered_database(db, date(2026, 3, 10))
    with Store.open(db) as store:
        expected = command_line._json_text(
            json.dumps(matches_document(store), ensure_ascii=False, indent=2) + "\n"
        )
    assert cli("--db", db, "matches", "--json") == 0
    printed = capsys.readouterr().out
    assert '"text": "Senior Trader"' in printed
    assert printed == expected


def test_parts_are_printed_as_their_joined_text(capsys):
    # each distinct part is made printable once; a \r\n split across two parts stays a \r\n
    parts = ["a\x1b[2J", "b\r", "\nc", "a\x1b[2J", "\x9b"]
    command_line._print_parts([parts, parts[:2], ["\r"]])
    joined = "".join(parts)
    assert capsys.readouterr().out == (
        command_line._printable(joined)
        + command_line._printable("a\x1b[2Jb\r")
        + command_line._printable("\r")
    )
