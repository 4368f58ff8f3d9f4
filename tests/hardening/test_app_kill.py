"""The app killed with SIGKILL while it saves from its forms loses nothing it said was saved.

A child process runs the real app headless, driven by keys: it adds a contact, edits it and
logs an activity with them, over and over (each form opened and saved with its keys), and after
each save the app confirmed (the form closed, which it does only once the write has landed)
writes one line to a report file. The
parent kills it at a seeded random moment, many times over the same file.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from netgoals.storage import Store

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 20

# Imports the app once, then forks one driver per line it reads (database, tag, report file)
# and prints the driver's pid: a driver starts in a fraction of a second.
ZYGOTE = """
import asyncio, os, signal, sys
from netgoals.storage import Store
from netgoals.tui.app import NetgoalsApp
from netgoals.tui.dialogs.form import ModelForm
import netgoals.tui.dialogs.editors, netgoals.tui.dialogs.picker  # loaded once
from textual.widgets import Input, OptionList, Select, SelectionList, TextArea

async def save(app, pilot, opening, fields):
    # the form is opened and saved with keys; its text is put in its fields as typed text
    # would be, without a key's round trip per character
    await pilot.press(*opening)
    for name, text in fields.items():
        app.screen.query_one("#field-" + name).value = text
    await pilot.press("ctrl+s")
    assert not isinstance(app.screen, ModelForm), "not saved"

async def drive(path, tag, say):
    app = NetgoalsApp(Store.open(path))
    async with app.run_test(size=(120, 40)) as pilot:
        say("ready")
        i = 0
        while True:
            i += 1
            name = f"{tag}c{i}"
            await save(app, pilot, ["a"], {"name": name})
            say(f"contact {name}")
            await save(app, pilot, ["e"], {"role": f"r{i}"})  # the contact just added
            say(f"role {name} r{i}")
            await save(app, pilot, ["n"], {"title": f"{tag}a{i}"})  # with them, chosen already
            say(f"activity {tag}a{i} {name}")

signal.signal(signal.SIGCHLD, signal.SIG_IGN)
for line in sys.stdin:
    path, tag, report = line.split()
    pid = os.fork()
    if pid == 0:
        fd = os.open(report, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            asyncio.run(drive(path, tag, lambda text: os.write(fd, (text + "\\n").encode())))
        finally:
            os._exit(1)
    print(pid, flush=True)
"""


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def _wait(condition, what: str, pid: int | None = None) -> None:
    """Until `condition` holds (a minute at most); with `pid`, fail as soon as that process
    has died without it holding."""
    deadline = time.monotonic() + 60
    while not condition():
        assert time.monotonic() < deadline, what
        # dead, and the condition still not met (it may have been met just before it died)
        assert pid is None or not _gone(pid) or condition(), f"{what}: the driver died"
        time.sleep(0.005)


def _edited(reported: list[str]) -> bool:
    return any(line.startswith("role ") for line in reported)


def test_the_app_killed_while_saving_loses_nothing_it_reported(tmp_path: Path):
    path = tmp_path / "app.db"
    Store.open(path).close()
    rng = random.Random(20261202)  # repeatable "random" moments
    zygote = subprocess.Popen(
        [sys.executable, "-c", ZYGOTE],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert zygote.stdin is not None and zygote.stdout is not None
    reported: list[str] = []
    try:
        round_ = 0
        # ROUNDS kills at random moments; then, on a machine too loaded for a driver to have
        # got that far, a few longer lives until an edit has been reported too
        while round_ < ROUNDS or (not _edited(reported) and round_ < ROUNDS + 4):
            report = tmp_path / f"k{round_}.out"
            zygote.stdin.write(f"{path} k{round_} {report}\n")
            zygote.stdin.flush()
            pid = int(zygote.stdout.readline())
            _wait(lambda r=report: r.exists() and r.read_text().startswith("ready\n"), "start", pid)
            life = rng.uniform(0.0, 6.0) if round_ < ROUNDS else 12.0
            round_ += 1
            time.sleep(life)  # the moment of the kill, not a wait for a result
            os.kill(pid, signal.SIGKILL)
            _wait(lambda p=pid: _gone(p), "the driver did not die")
            reported += report.read_text().split("\n")[1:-1]  # whole lines only
    finally:
        zygote.stdin.close()
        zygote.wait(timeout=60)
    assert round_ >= 20
    assert _edited(reported), "adding and editing were each reported at least once"

    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        roles = dict(conn.execute("SELECT name, role FROM contacts"))
        with_whom = {
            (title, name)
            for title, name in conn.execute(
                "SELECT a.title, c.name FROM activities a"
                " JOIN activity_contacts ac ON ac.activity_id = a.id"
                " JOIN contacts c ON c.id = ac.contact_id"
            )
        }
    finally:
        conn.close()
    for line in reported:
        kind, *values = line.split()
        if kind == "contact":
            assert values[0] in roles, line
        elif kind == "role":
            assert roles.get(values[0]) == values[1], line
        else:
            assert tuple(values) in with_whom, line
