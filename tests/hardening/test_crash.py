"""Nothing is lost: a writer killed with SIGKILL at random moments, and two writers at once.

Every write is one transaction in a WAL file: killing the process at any moment loses at most
what was being written, never what was reported done, and never the file.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from netgoals.core.matching import MATCHED_FIELDS
from netgoals.storage import Store
from netgoals.storage.schema import TAG_BREAK
from tests.tui.conftest import make_app, screen_text

ROOT = Path(__file__).resolve().parents[2]
BATCH = 150  # rows of one import: they land together or not at all

# Writes contacts, activities and whole imports in a loop; writes each id to its report file
# once its transaction has committed ("reported as done": one write() per line, so a line is
# either whole in the file or absent).
WRITER_LOOP = """
def write_loop(path, tag, batch, say):
    from datetime import date
    from netgoals.core.models import Activity, Contact, Objective, Source
    from netgoals.formats.people import Parsed, Row, import_contacts
    from netgoals.storage import Store

    store = Store.open(path)
    objective = store.save_objective(Objective(title="Writer " + tag, keywords=["writer"]))
    say("ready")
    i = 0
    while True:
        i += 1
        if i % 4 == 0:
            rows = [Row(n, {"name": f"{tag} batch {i} row {n}", "role": "writer"})
                    for n in range(batch)]
            import_contacts(store, Parsed(Source.LINKEDIN, rows))
            say(f"batch {tag} batch {i} ")
            continue
        contact = store.save_contact(Contact(name=f"{tag} {i}", notes="x" * 2000))
        say(f"contact {contact.id}")
        activity = store.save_activity(Activity(
            date=date(2026, 1, 1 + i % 28), title=f"{tag} {i}", contact_ids=[contact.id],
            objective_ids=[objective.id], effort_minutes=30, discomfort=3, payback=2))
        say(f"activity {activity.id}")
"""

# Imports netgoals once, then forks one writer per line it reads (path, tag, report file) and
# prints the writer's pid: a writer starts in milliseconds, so many kills take little time.
ZYGOTE = (
    WRITER_LOOP
    + """
import os, signal, sys
import netgoals.formats.people, netgoals.storage  # loaded once, shared by every fork
signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the writers are reaped as they die
for line in sys.stdin:
    path, tag, report = line.split()
    pid = os.fork()
    if pid == 0:
        fd = os.open(report, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            write_loop(path, tag, BATCH_SIZE, lambda text: os.write(fd, (text + "\\n").encode()))
        finally:
            os._exit(1)
    print(pid, flush=True)
"""
).replace("BATCH_SIZE", str(BATCH))


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


class Zygote:
    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", ZYGOTE],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )

    def spawn(self, path: Path, tag: str, report: Path) -> int:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(f"{path} {tag} {report}\n")
        self.process.stdin.flush()
        pid = int(self.process.stdout.readline())
        deadline = time.monotonic() + 30
        while not (report.exists() and report.read_text().startswith("ready\n")):
            assert time.monotonic() < deadline and not _gone(pid), "the writer did not start"
            time.sleep(0.002)
        return pid

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)


def kill(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while not _gone(pid):
        assert time.monotonic() < deadline
        time.sleep(0.002)


def _collect(process: subprocess.Popen[str]) -> tuple[str, str]:
    """Everything the process printed, once it has ended. (Not `communicate`: after a
    `readline` it would miss what the stream had already read ahead.)"""
    assert process.stdout is not None and process.stderr is not None
    out, err = process.stdout.read(), process.stderr.read()
    process.wait(timeout=30)
    return out, err


def _done_lines(report: Path) -> list[str]:
    """The lines reported whole before the kill (a cut-off last line was not reported)."""
    return report.read_text().split("\n")[1:-1]  # after "ready"; the unfinished part


def _index_rows(conn: sqlite3.Connection) -> list[tuple]:
    """Every row of the full-text index: (contact id, the indexed fields...)."""
    columns = ", ".join(MATCHED_FIELDS)
    rows = conn.execute(f"SELECT rowid, {columns} FROM contact_search ORDER BY rowid")
    return [tuple(row) for row in rows]


def _expected_index_rows(conn: sqlite3.Connection) -> list[tuple]:
    """What the index must hold for the contacts stored: each contact's matched fields, tags
    joined by the break word that keeps a phrase from running across two tags."""
    columns = ", ".join(MATCHED_FIELDS)
    rows = []
    for row in conn.execute(f"SELECT id, {columns} FROM contacts ORDER BY id"):
        values = dict(zip(MATCHED_FIELDS, row[1:], strict=True))
        tags = json.loads(values["tags"])
        values["tags"] = f" {TAG_BREAK} ".join(tags) if tags else None
        rows.append((row[0], *(values[name] for name in MATCHED_FIELDS)))
    return rows


def _wait_for_report(report: Path, kind: str, pid: int) -> None:
    """Wait until the writer `pid` has reported a write of `kind` done."""
    deadline = time.monotonic() + 30
    while not any(line.startswith(kind + " ") for line in _done_lines(report)):
        assert time.monotonic() < deadline and not _gone(pid), f"no {kind} was written"
        time.sleep(0.002)


def test_killed_writers_lose_nothing_reported_and_leave_a_sound_file(tmp_path: Path):
    path = tmp_path / "crash.db"
    Store.open(path).close()
    rng = random.Random(20261125)  # repeatable "random" moments
    reported: dict[str, set[int]] = {"contact": set(), "activity": set()}
    batches: list[str] = []
    kills = 0
    zygote = Zygote()
    try:
        # one writer after another, each killed at a random moment: in a commit, between
        # two, in the middle of a 150-row import
        round_ = 0
        # At least 24 kills; and on a loaded machine a writer killed that early may not have
        # reached an import yet, so go on (a longer life each time) until every kind of write
        # has been reported done at least once.
        while round_ < 24 or ((not batches or not all(reported.values())) and round_ < 40):
            tag = f"r{round_}"
            report = tmp_path / f"{tag}.out"
            pid = zygote.spawn(path, tag, report)
            time.sleep(rng.uniform(0.0, 0.15) if round_ < 24 else 0.2 * (round_ - 22))
            round_ += 1
            kill(pid)
            kills += 1
            for line in _done_lines(report):
                kind, _, value = line.partition(" ")
                if kind == "batch":
                    batches.append(value)
                else:
                    reported[kind].add(int(value))
    finally:
        zygote.close()
    assert kills >= 20
    assert reported["contact"] and reported["activity"] and batches

    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    contact_ids = {row[0] for row in conn.execute("SELECT id FROM contacts")}
    activity_ids = {row[0] for row in conn.execute("SELECT id FROM activities")}
    assert reported["contact"] <= contact_ids
    assert reported["activity"] <= activity_ids
    # an import killed half-way left none of its rows; one reported done left all of them
    sizes: dict[str, int] = {}
    for (name,) in conn.execute("SELECT name FROM contacts WHERE name LIKE '% batch % row %'"):
        prefix = name.rsplit(" row ", 1)[0] + " "
        sizes[prefix] = sizes.get(prefix, 0) + 1
    assert set(sizes.values()) <= {BATCH}
    assert set(batches) <= set(sizes)
    # the full-text index is whole too: FTS5's own check of the index against its rows, and
    # its rows against every contact
    conn.execute("INSERT INTO contact_search(contact_search) VALUES('integrity-check')")
    assert _index_rows(conn) == _expected_index_rows(conn)
    writers = {row[0] for row in conn.execute("SELECT id FROM contacts WHERE role = 'writer'")}
    found = conn.execute("SELECT rowid FROM contact_search WHERE contact_search MATCH '\"writer\"'")
    assert {row[0] for row in found} == writers
    assert len(writers) == sum(sizes.values())
    conn.close()

    # and the file opens as usual
    with Store.open(path) as store:
        assert store.contact_count() == len(contact_ids)


async def test_the_app_opens_a_file_whose_writer_was_killed(tmp_path: Path):
    path = tmp_path / "killed.db"
    Store.open(path).close()
    zygote = Zygote()
    try:
        report = tmp_path / "k.out"
        pid = zygote.spawn(path, "k", report)
        _wait_for_report(report, "activity", pid)
        kill(pid)
    finally:
        zygote.close()
    lines = [line.partition(" ") for line in _done_lines(report)]
    done = [int(value) for kind, _, value in lines if kind == "contact"]
    assert done
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        shown = {row.id for row in app.contacts_pane.all_rows}
        assert set(done) <= shown
        assert "Writer k" in screen_text(app)


# --- two copies at once --------------------------------------------------------------------

LINKEDIN_HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def _linkedin(path: Path, rows: int, tag: str) -> Path:
    lines = [
        f"{tag},Person {n},https://www.linkedin.com/in/{tag}-{n},,Bank {n % 7},Trader,15 Mar 2024"
        for n in range(rows)
    ]
    path.write_text(LINKEDIN_HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def _cli(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "netgoals", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
    )


# `netgoals import` as the command line runs it, watched through its connection's statement
# trace: it says "begin" as it first asks for the write lock and, with "hold", says "holding"
# once the import's rows are written and waits for a line on stdin before it commits, so the
# write lock is certainly held while the other side writes.
WATCHED_CLI = """
import sys
from netgoals.storage import database

mode, args = sys.argv[1], sys.argv[2:]
real_connect = database.connect
state = {"begun": False, "inserted": False}


def watch(sql):
    if sql.startswith("BEGIN") and not state["begun"]:
        state["begun"] = True
        print("begin", flush=True)
    elif sql.startswith("INSERT INTO contacts"):
        state["inserted"] = True
    elif sql == "COMMIT" and state["inserted"] and mode == "hold":
        state["inserted"] = False
        print("holding", flush=True)
        if sys.stdin.readline() != "go\\n":
            raise SystemExit("not told to go on")


def connect(path):
    conn = real_connect(path)
    conn.set_trace_callback(watch)
    return conn


database.connect = connect
from netgoals.cli import cli

cli.main(args, prog_name="netgoals")
"""


def _watched_import(mode: str, db: Path, source: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            WATCHED_CLI,
            mode,
            "--db",
            str(db),
            "import",
            "linkedin",
            str(source),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
    )


def _read_line(process: subprocess.Popen[str]) -> str:
    assert process.stdout is not None
    return process.stdout.readline()


def _tell(process: subprocess.Popen[str], line: str) -> None:
    assert process.stdin is not None
    process.stdin.write(line + "\n")
    process.stdin.flush()


def _write_lock_taken(db: Path) -> bool:
    """Whether another connection holds the write lock of `db` right now (asked without
    waiting)."""
    probe = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        assert "locked" in str(error), error
        return True
    finally:
        probe.close()  # rolls back what it took
    return False


def test_two_cli_imports_at_once_both_land_whole(tmp_path: Path):
    """The first import holds the write lock with its rows written; the second is started and
    asks for the lock while it is held; only then is the first let go. Both land whole."""
    db = tmp_path / "two.db"
    Store.open(db).close()
    left, right = (_linkedin(tmp_path / f"{t}.csv", 2000, t) for t in ("left", "right"))
    first = _watched_import("hold", db, left)
    second = None
    try:
        assert _read_line(first) == "begin\n"
        assert _read_line(first) == "holding\n"
        assert _write_lock_taken(db)
        second = _watched_import("pass", db, right)
        assert _read_line(second) == "begin\n"  # it asks for the lock the first one holds
        assert _write_lock_taken(db)
        _tell(first, "go")
        for process in (first, second):
            out, err = _collect(process)
            assert process.returncode == 0, err
            assert err == "" and out.startswith("added 2000,"), (out, err)
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.kill()
                process.wait()
    with Store.open(db) as store:
        names = [name for name, _, _ in store.contact_summaries().values()]
    assert len(names) == 4000
    for tag in ("left", "right"):
        assert {f"{tag} Person {n}" for n in range(2000)} <= set(names)


# Another copy that takes the write lock, writes a contact, says "locked" and commits only
# when told to.
HOLDER = """
import sys
from netgoals.core.models import Contact
from netgoals.storage import Store
store = Store.open(sys.argv[1])
with store.transaction():
    store.save_contact(Contact(name="Written by the other copy"))
    print("locked", flush=True)
    if sys.stdin.readline() != "go\\n":
        raise SystemExit("not told to go on")
print("committed", flush=True)
"""


class LetGoOnAppWrite:
    """Watches the app's write connection (saves run on a connection of their own): when the
    app first asks for the write lock, records whether another process holds it at that
    moment, then tells that process to commit. The app's save can only land after that
    commit."""

    def __init__(self, app, db: Path, other: subprocess.Popen[str]) -> None:
        self.db, self.other = db, other
        self.lock_held_when_app_wrote: bool | None = None
        self.statements_after: list[str] = []
        app.writes.run(lambda store: store.conn.set_trace_callback(self._watch))

    def _watch(self, sql: str) -> None:
        if self.lock_held_when_app_wrote is not None:
            self.statements_after.append(sql)
        elif sql.startswith("BEGIN IMMEDIATE"):
            self.lock_held_when_app_wrote = _write_lock_taken(self.db)
            _tell(self.other, "go")


async def test_the_app_waits_for_another_copy_instead_of_failing(tmp_path: Path):
    """Another copy holds the write lock (a long import would): the app's save waits for it and
    lands, with no error shown, and neither write is lost."""
    db = tmp_path / "shared.db"
    Store.open(db).close()
    app = make_app(db)
    shown = notifications_of(app)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            assert _read_line(holder) == "locked\n"
            watcher = LetGoOnAppWrite(app, db, holder)
            await pilot.press("2", "a", *"Typed", "ctrl+s")
            await pilot.pause()
            out, err = _collect(holder)
            assert holder.returncode == 0 and out == "committed\n", err
            await pilot.pause()
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
    assert watcher.lock_held_when_app_wrote is True  # it really had to wait for the other copy
    assert "COMMIT" in watcher.statements_after  # and then its own save went through
    assert not [m for m in shown if m[1] == "error"], shown
    with Store.open(db) as store:
        names = sorted(name for name, _, _ in store.contact_summaries().values())
    assert names == ["Typed", "Written by the other copy"]


async def test_the_app_keeps_saving_while_a_cli_import_writes_the_same_file(tmp_path: Path):
    """`netgoals import` has written its rows and holds the write lock when the app saves: the
    app's save waits for the import's commit, both land, and no error is shown."""
    db = tmp_path / "shared.db"
    Store.open(db).close()
    source = _linkedin(tmp_path / "big.csv", 1000, "bulk")
    app = make_app(db)
    shown = notifications_of(app)
    importer = _watched_import("hold", db, source)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            assert _read_line(importer) == "begin\n"
            assert _read_line(importer) == "holding\n"
            watcher = LetGoOnAppWrite(app, db, importer)
            for n in range(3):  # add contacts through the form: the first waits for the import
                await pilot.press("2", "a", *f"Typed{n}", "ctrl+s")
                await pilot.pause()
            out, err = _collect(importer)
            await pilot.pause()
    finally:
        if importer.poll() is None:
            importer.kill()
            importer.wait()
    assert watcher.lock_held_when_app_wrote is True  # the two writes overlapped
    assert importer.returncode == 0 and err == "", err
    assert out.startswith("added 1000,")
    assert not [m for m in shown if m[1] == "error"], shown
    with Store.open(db) as store:
        names = [name for name, _, _ in store.contact_summaries().values()]
    assert {f"Typed{n}" for n in range(3)} <= set(names)
    assert {f"bulk Person {n}" for n in range(1000)} <= set(names)
    assert len(names) == 1003


def notifications_of(app) -> list[tuple[str, str]]:
    """What `app` will show as notifications: (message, severity), in order."""
    shown: list[tuple[str, str]] = []
    real_notify = app.notify

    def notify(message: str, *args, **kwargs):
        shown.append((str(message), kwargs.get("severity", "information")))
        return real_notify(message, *args, **kwargs)

    app.notify = notify
    return shown
