"""A database changed behind netgoals' back: its text is read clean, and no command sends a
control character to the terminal, whether it prints to a pipe or to a real terminal."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from netgoals.storage import Store
from tests.hardening.hostile import has_terminal_controls, stored_line
from tests.hardening.tampered import NAME, ORGANIZATION, ROLE, TAGS, tampered_database

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 3, 10)  # the day the shared fixed clock stops at
COMMANDS = [
    ["offgoal"],
    ["offgoal", "--json"],
    ["matches"],
    ["matches", "--json"],
    ["brief"],
    ["brief", "--json"],
    ["export", "json"],
    ["export", "csv"],
    ["export", "vcard"],
]


def test_rows_read_without_a_model_are_cleaned_as_a_model_cleans(tmp_path: Path):
    db = tmp_path / "n.db"
    ids = tampered_database(db, TODAY)
    contact_id = ids["contact"]
    with Store.open(db) as store:
        name, organization, role = stored_line(NAME), stored_line(ORGANIZATION), stored_line(ROLE)
        tags = ", ".join(stored_line(tag) for tag in TAGS)
        assert store.contact_list(limit=1) == [(contact_id, name, organization, role, tags)]
        assert store.contact_summaries()[contact_id] == (name, organization, role)
        assert [(i, n) for i, n, _last, _cadence in store.cadence_contacts()] == [
            (contact_id, name)
        ]
        # the text a keyword matched, as the full-text index highlights it
        reasons = store.matching(detail=True).matches_of(contact_id)[ids["objective"]]
        texts = [reason.text for reason in reasons if reason.kind == "keyword"]
        assert texts == ["Senior Trader"]
        # what the models read agrees with the rows
        contact = store.contact(contact_id)
        assert contact is not None
        assert (contact.name, contact.organization, contact.role) == (name, organization, role)


def _command(db: Path) -> list[str]:
    return [sys.executable, "-m", "netgoals", "--db", str(db)]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm-256color"}


def through_a_pipe(args: list[str]) -> tuple[str, str]:
    done = subprocess.run(args, capture_output=True, timeout=60, env=_env())
    assert done.returncode == 0, done.stderr
    return done.stdout.decode("utf-8"), done.stderr.decode("utf-8")


def on_a_terminal(args: list[str]) -> tuple[str, str]:
    """Standard output on a pseudo-terminal (so the command knows it prints to a terminal),
    standard error on a pipe; the terminal's own \\r before each \\n is taken out."""
    master, slave = pty.openpty()
    process = subprocess.Popen(
        args, stdin=subprocess.DEVNULL, stdout=slave, stderr=subprocess.PIPE, env=_env()
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the command has exited and closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    assert process.stderr is not None
    err = process.stderr.read()
    assert process.wait(timeout=60) == 0, err
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n"), err.decode("utf-8")


@pytest.mark.parametrize("output", [through_a_pipe, on_a_terminal])
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_no_command_prints_a_control_from_a_tampered_database(
    tmp_path: Path, output, command: list[str]
):
    db = tmp_path / "n.db"
    tampered_database(db, TODAY)
    out, err = output([*_command(db), *command])
    # CSV and vCard end their lines with \r\n, as their formats require
    allowed = "\n\t\r" if command[-1] in ("csv", "vcard") else "\n\t"
    if allowed == "\n\t\r":
        assert "\r" not in out.replace("\r\n", "")
    assert not has_terminal_controls(out, allowed=allowed), command
    assert not has_terminal_controls(err), command
    # the text is shown as stored once cleaned: not dropped, and not as visible escapes
    assert "pwned" in out and "\\x1b" not in out and "\\u001b" not in out, command
    if "--json" in command or command == ["export", "json"]:
        json.loads(out)


def test_a_path_with_an_escape_sequence_is_printed_visibly_escaped(tmp_path: Path):
    """Not every printed text comes from the database: `demo` prints the path it wrote."""
    db = tmp_path / "demo\x1b]0;pwned\x07.db"
    for output in (through_a_pipe, on_a_terminal):
        out, err = output([*_command(db), "demo", "--no-open"])
        assert not has_terminal_controls(out + err)
        assert "demo\\x1b]0;pwned\\x07.db" in out


def test_json_output_escapes_c1_controls(capsys: pytest.CaptureFixture[str]):
    """JSON leaves DEL and C1 characters raw unless told to escape everything; netgoals writes
    them as \\u escapes, the same data."""
    from netgoals.cli import _print_json

    data = {"name": "csi\x9b31m nel\x85 del\x7f é ✓"}
    _print_json(data)
    out = capsys.readouterr().out
    assert not has_terminal_controls(out)
    assert "\\u009b31m" in out and "\\u0085" in out and "\\u007f" in out and "é ✓" in out
    assert json.loads(out) == data
