"""Encryption through the real command line: encrypt, decrypt, every command on an encrypted
file, refusals in one line that change nothing and never show the passphrase, the message of
an install without the extra, and a kill at any moment of encrypt or decrypt."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from netgoals.cli import run
from netgoals.core.clock import fixed_clock
from netgoals.formats.backup import export_json
from netgoals.storage import Store
from netgoals.storage.cipher import PLAIN_HEADER, Passphrase
from tests.conftest import NOW

ROOT = Path(__file__).resolve().parents[2]
CLOCK = fixed_clock(NOW)
SECRET = "s3cret passphrase ünïcode"
# Blocks the encryption library as an install without the extra lacks it: importing it fails.
WITHOUT_EXTRA = (
    "import sys\nsys.modules['sqlcipher3'] = None\nsys.modules['sqlcipher3.dbapi2'] = None"
)

needs_sqlcipher = pytest.mark.skipif(
    not __import__("netgoals.storage.cipher", fromlist=["available"]).available(),
    reason="the 'encrypted' extra (sqlcipher3) is not installed",
)


def _netgoals(
    *args: str | Path, prelude: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    code = f"{prelude}\nfrom netgoals.cli import main\nmain()"
    return subprocess.run(
        [sys.executable, "-c", code, *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
    )


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("netgoals: ")
    return lines[0]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    made = tmp_path / "data"
    made.mkdir()
    return made


def _network(path: Path, contacts: int = 30) -> str:
    """A small network at `path` (plain); its full backup."""
    from netgoals.core.models import Contact, Objective

    with Store.open(path, clock=CLOCK) as store, store.transaction():
        store.save_objective(Objective(title="Trading job", keywords=["trader", "bank"]))
        for i in range(contacts):
            role = "Equity traders" if i % 3 == 0 else "Nurse"
            store.save_contact(Contact(name=f"Person {i:05d}", role=role, notes="n" * 300))
    with Store.open(path, clock=CLOCK) as store:
        return export_json(store)


@needs_sqlcipher
def test_encrypt_then_every_command_with_the_passphrase(folder: Path, capsys, monkeypatch):
    path = folder / "netgoals.db"
    backup = _network(path)
    secret_file = folder.parent / "pass.txt"
    secret_file.write_text(SECRET + "\n", encoding="utf-8")
    assert run(["--db", str(path), "encrypt", "--passphrase-file", str(secret_file)]) == 0
    assert "Encrypted" in capsys.readouterr().err
    assert not path.read_bytes().startswith(PLAIN_HEADER)

    # with the passphrase from a file, or from the environment: the same output as plain
    assert run(["--db", str(path), "--passphrase-file", str(secret_file), "offgoal", "--json"]) == 0
    offgoal = json.loads(capsys.readouterr().out)
    assert offgoal["contacts"] == 30 and len(offgoal["offgoal"]) == 20
    monkeypatch.setenv("NETGOALS_PASSPHRASE", SECRET)
    assert run(["--db", str(path), "export", "json"], clock=CLOCK) == 0
    assert capsys.readouterr().out == backup
    contacts = folder.parent / "c.vcf"
    contacts.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Ann Lee\nTITLE:Trader\nEND:VCARD\n")
    assert run(["--db", str(path), "import", "vcard", str(contacts)], clock=CLOCK) == 0
    assert "added 1" in capsys.readouterr().out
    assert run(["--db", str(path), "matches", "--json"]) == 0
    matched = {c["name"] for c in json.loads(capsys.readouterr().out)["contacts"] if c["matches"]}
    assert "Ann Lee" in matched and len(matched) == 11
    assert run(["--db", str(path), "brief"], clock=CLOCK) == 0
    assert "Trading job" in capsys.readouterr().out
    assert b"Ann Lee" not in b"".join(_snapshot(folder).values())
    # an export is never written over the encrypted database (it has no header to know it by)
    before = _snapshot(folder)
    assert run(["--db", str(path), "export", "json", "-o", str(path)]) == 1
    assert "will not write over it" in capsys.readouterr().err
    assert _snapshot(folder) == before

    assert run(["--db", str(path), "decrypt"]) == 0
    monkeypatch.delenv("NETGOALS_PASSPHRASE")
    assert path.read_bytes().startswith(PLAIN_HEADER)
    assert run(["--db", str(path), "offgoal", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["contacts"] == 31


@needs_sqlcipher
def test_a_wrong_or_missing_passphrase_is_one_line_and_changes_nothing(folder: Path):
    path = folder / "netgoals.db"
    _network(path)
    assert _netgoals("--db", path, "encrypt", env={"NETGOALS_PASSPHRASE": SECRET}).returncode == 0
    before = _snapshot(folder)
    wrong = "Wrong-" + SECRET
    for args in (["offgoal"], ["export", "json"], ["decrypt"], []):
        result = _netgoals("--db", path, *args, env={"NETGOALS_PASSPHRASE": wrong})
        line = _one_line(result)
        assert "wrong passphrase" in line
        assert "Wrong-" not in result.stderr + result.stdout
        # SQLCipher's own log ("ERROR CORE ... hmac check failed") never reaches the terminal
        assert "CORE" not in result.stderr and "hmac" not in result.stderr
        assert _snapshot(folder) == before
    # no passphrase and no terminal to ask on: says how to give one
    line = _one_line(_netgoals("--db", path, "offgoal"))
    assert "needs its passphrase" in line and "NETGOALS_PASSPHRASE" in line
    # encrypting twice is refused
    line = _one_line(_netgoals("--db", path, "encrypt", env={"NETGOALS_PASSPHRASE": SECRET}))
    assert "already encrypted" in line
    assert _snapshot(folder) == before


@needs_sqlcipher
def test_encrypt_warns_of_plain_copies_it_leaves(folder: Path, capsys):
    import shutil

    path = folder / "netgoals.db"
    shutil.copyfile(ROOT / "tests" / "data" / "netgoals-v1.db", path)
    secret_file = folder.parent / "pass.txt"
    secret_file.write_text(SECRET, encoding="utf-8")
    assert run(["--db", str(path), "offgoal"]) == 0  # upgraded: a plain copy is kept
    capsys.readouterr()
    assert run(["--db", str(path), "encrypt", "--passphrase-file", str(secret_file)]) == 0
    err = capsys.readouterr().err
    warnings = [line for line in err.splitlines() if line.startswith("netgoals: warning:")]
    assert len(warnings) == 1 and ".before-v" in warnings[0] and "unencrypted" in warnings[0]


@needs_sqlcipher
def test_an_empty_passphrase_file_is_refused(folder: Path, capsys):
    path = folder / "netgoals.db"
    _network(path, contacts=1)
    empty = folder.parent / "empty.txt"
    empty.write_text("\n")
    before = _snapshot(folder)
    assert run(["--db", str(path), "encrypt", "--passphrase-file", str(empty)]) == 1
    assert "no passphrase" in capsys.readouterr().err
    assert _snapshot(folder) == before


def test_without_the_extra_an_encrypted_file_names_the_extra(folder: Path):
    """A plain install (the library blocked from being imported, as if absent): opening what
    may be an encrypted file, and encrypt and decrypt, say which extra to install."""
    path = folder / "netgoals.db"
    path.write_bytes(os.urandom(8 * 4096))  # to anyone without the key, what SQLCipher writes
    before = _snapshot(folder)
    for args in (["offgoal"], ["encrypt"], ["decrypt"]):
        line = _one_line(_netgoals("--db", path, *args, prelude=WITHOUT_EXTRA))
        assert "pip install 'netgoals[encrypted]'" in line
        assert _snapshot(folder) == before
    plain = folder / "plain.db"
    _network(plain, contacts=2)
    # a plain file opens as ever, a passphrase given or not
    for given in ({}, {"NETGOALS_PASSPHRASE": SECRET}):
        result = _netgoals("--db", plain, "offgoal", "--json", prelude=WITHOUT_EXTRA, env=given)
        assert result.returncode == 0 and json.loads(result.stdout)["contacts"] == 2
    # given a passphrase, a file that may be encrypted still names the extra
    line = _one_line(
        _netgoals(
            "--db", path, "offgoal", prelude=WITHOUT_EXTRA, env={"NETGOALS_PASSPHRASE": SECRET}
        )
    )
    assert "pip install 'netgoals[encrypted]'" in line


# Encrypts or decrypts in a loop, one fresh process each time, to be killed at any moment.
@needs_sqlcipher
def test_encrypt_and_decrypt_killed_at_any_moment_leave_one_whole_file(folder: Path):
    path = folder / "netgoals.db"
    backup = _network(path, contacts=2000)  # megabytes: the rewrite takes a while
    rng = random.Random(18)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NETGOALS_PASSPHRASE": SECRET}
    code = "from netgoals.cli import main\nmain()"

    def start(command: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-c", code, "--db", str(path), command],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    # how long a whole run takes on this machine now: the kills are spread over it
    began = time.monotonic()
    assert start("encrypt").wait() == 0
    assert start("decrypt").wait() == 0
    whole = (time.monotonic() - began) / 2
    outcomes = set()
    spread = 1.0
    for round_ in range(40):
        if round_ >= 10 and outcomes == {False, True}:
            break
        encrypted = path.read_bytes()[:16] != PLAIN_HEADER
        command = "decrypt" if encrypted else "encrypt"
        process = start(command)
        time.sleep(rng.uniform(0.2, 1.5) * whole * spread)  # picks the moment of the kill only
        process.send_signal(signal.SIGKILL)
        _, err = process.communicate()
        assert b"Traceback" not in err
        now_encrypted = path.read_bytes()[:16] != PLAIN_HEADER
        outcomes.add(now_encrypted != encrypted)
        passphrase = Passphrase(SECRET) if now_encrypted else None
        with Store.open(path, clock=CLOCK, create=False, passphrase=passphrase) as store:
            assert export_json(store) == backup  # whole: old or new, every record
        leftovers = [p for p in folder.iterdir() if ".new" in p.name]
        if command == "encrypt":
            # a killed encrypt leaves no plain copy of the network behind
            for leftover in leftovers:
                assert not leftover.read_bytes().startswith(PLAIN_HEADER)
        for leftover in leftovers:
            leftover.unlink()
        # A machine busier than when the run was timed lands every kill early (and a quieter
        # one, late): the moments move until kills have landed on both sides of the rename.
        if outcomes == {False}:
            spread *= 1.25
        elif outcomes == {True}:
            spread *= 0.8
    # kills landed both before the rename (the old file) and after it (the new one)
    assert outcomes == {False, True}


# Writes batches of contacts in a loop on an encrypted file and reports each batch once its
# transaction has committed (one write() per line: a line is whole in the report or absent).
WRITER = """
import os, sys
from netgoals.core.models import Contact
from netgoals.storage import Store
from netgoals.storage.cipher import Passphrase

path, tag, report = sys.argv[1:4]
store = Store.open(path, passphrase=Passphrase(os.environ["NETGOALS_PASSPHRASE"]))
out = os.open(report, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
print("ready", flush=True)
i = 0
while True:
    i += 1
    with store.transaction():
        for n in range(20):
            store.save_contact(Contact(name=f"{tag} {i} {n}", role="trader", notes="x" * 300))
    os.write(out, f"{tag} {i}\\n".encode())
"""


@needs_sqlcipher
def test_two_writers_killed_at_any_moment_lose_nothing_reported_on_an_encrypted_file(
    folder: Path,
):
    """The kill and concurrency guarantees on an encrypted file: two processes write at once,
    both are killed at seeded moments; every batch reported done is there whole, no batch is
    there in part, and the search index agrees with the contacts."""
    from netgoals.storage.search import index_in_step

    path = folder / "netgoals.db"
    _network(path, contacts=5)
    assert _netgoals("--db", path, "encrypt", env={"NETGOALS_PASSPHRASE": SECRET}).returncode == 0
    rng = random.Random(1818)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NETGOALS_PASSPHRASE": SECRET}
    report = folder.parent / "report.txt"
    for round_ in range(4):
        writers = [
            subprocess.Popen(
                [sys.executable, "-c", WRITER, str(path), f"w{round_}{tag}", str(report)],
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                text=True,
            )
            for tag in "ab"
        ]
        for writer in writers:
            assert writer.stdout is not None and writer.stdout.readline() == "ready\n"
        time.sleep(rng.uniform(0.05, 1.0))  # picks the moment of the kill only
        for writer in writers:
            writer.send_signal(signal.SIGKILL)
            writer.wait()
            assert writer.stdout is not None
            writer.stdout.close()
    reported = report.read_text().split("\n")[:-1]
    assert reported  # the writers wrote before they were killed
    with Store.open(path, clock=CLOCK, passphrase=Passphrase(SECRET)) as store:
        assert index_in_step(store.conn)
        batches: dict[str, int] = {}
        for contact in store.contacts():
            if contact.name.startswith("w"):
                batch = contact.name.rsplit(" ", 1)[0]
                batches[batch] = batches.get(batch, 0) + 1
        assert set(batches.values()) == {20}  # every batch whole
        assert set(reported) <= set(batches)  # every reported batch there
        assert store.matching(store.objectives()).members[1] >= {
            contact.id for contact in store.contacts() if contact.role == "trader"
        }
