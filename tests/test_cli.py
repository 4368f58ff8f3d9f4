from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import sysconfig
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from netgoals import __version__
from netgoals.cli import run
from netgoals.core.clock import fixed_clock
from netgoals.core.errors import NetgoalsError
from netgoals.core.models import Contact, Objective
from netgoals.storage import Store
from tests.conftest import NOW

CLOCK = fixed_clock(NOW)


def cli(*args: str | Path) -> int:
    return run([str(a) for a in args], clock=CLOCK)


def one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert "Traceback" not in captured.err
    assert lines[0].startswith("netgoals: ")
    return lines[0]


BACKUP = {
    "format": "netgoals",
    "version": 1,
    "settings": {"weekly_target": 3},
    "objectives": [{"id": 1, "title": "Trader job", "keywords": ["trader"]}],
    "contacts": [{"id": 1, "name": "Ann", "organization": "Northgate Bank"}],
    "links": [{"contact_id": 1, "objective_id": 1, "relation": "helps", "note": ""}],
    "events": [
        {
            "id": 1,
            "name": "Forum",
            "starts_at": "2026-03-18T18:30",
            "objective_ids": [1],
            "contact_ids": [1],
        }
    ],
    "activities": [{"id": 1, "date": "2026-03-02", "title": "Call", "kind": "call"}],
}


def test_version(capsys):
    assert cli("--version") == 0
    assert __version__ in capsys.readouterr().out


def test_python_dash_m_and_console_script_work():
    done = subprocess.run(
        [sys.executable, "-m", "netgoals", "--version"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and __version__ in done.stdout
    # the console script is declared, installed beside this Python, and runs
    (entry,) = entry_points(group="console_scripts", name="netgoals")
    assert entry.value == "netgoals.cli:main"
    script = Path(sysconfig.get_path("scripts")) / "netgoals"
    assert script.exists(), f"{script} is missing: install the package (pip install -e .)"
    done = subprocess.run([str(script), "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "import" in done.stdout


def test_import_then_export_round_trips_a_full_backup(tmp_path: Path, capsys):
    source = tmp_path / "backup.json"
    source.write_text(json.dumps(BACKUP))
    db = tmp_path / "x.db"
    assert cli("--db", db, "import", "json", source) == 0
    assert "added 5" in capsys.readouterr().out
    assert cli("--db", db, "export", "json") == 0
    exported = capsys.readouterr().out
    assert json.loads(exported)["contacts"][0]["name"] == "Ann"

    # and once more through a file, into a fresh database: the same document
    out = tmp_path / "out.json"
    assert cli("--db", db, "export", "json", "-o", out) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert cli("--db", tmp_path / "y.db", "import", "JSON", out) == 0
    capsys.readouterr()
    assert cli("--db", tmp_path / "y.db", "export", "json") == 0
    assert capsys.readouterr().out == exported


def test_import_dry_run_writes_nothing(tmp_path: Path, capsys):
    source = tmp_path / "backup.json"
    source.write_text(json.dumps(BACKUP))
    db = tmp_path / "x.db"
    Store.open(db).close()
    assert cli("--db", db, "import", "json", source, "--dry-run") == 0
    assert "would add 5" in capsys.readouterr().out
    with Store.open(db) as store:
        assert store.is_empty()


def test_reimport_reports_skipped(tmp_path: Path, capsys):
    source = tmp_path / "backup.json"
    source.write_text(json.dumps(BACKUP))
    db = tmp_path / "x.db"
    cli("--db", db, "import", "json", source)
    capsys.readouterr()
    assert cli("--db", db, "import", "json", source) == 0
    assert "added 0, updated 0, skipped 5" in capsys.readouterr().out


def test_netgoals_db_environment_variable_and_flag_precedence(tmp_path: Path, monkeypatch, capsys):
    env_db = tmp_path / "env.db"
    with Store.open(env_db) as store:
        store.save_contact(Contact(name="From env"))
    monkeypatch.setenv("NETGOALS_DB", str(env_db))
    assert cli("export", "json") == 0
    assert "From env" in capsys.readouterr().out
    flag_db = tmp_path / "flag.db"
    with Store.open(flag_db) as store:
        store.save_contact(Contact(name="From flag"))
    assert cli("--db", flag_db, "export", "json") == 0
    assert "From flag" in capsys.readouterr().out


def test_default_location_is_the_user_data_folder(tmp_path: Path, capsys):
    source = tmp_path / "backup.json"
    source.write_text(json.dumps(BACKUP))
    assert cli("import", "json", source) == 0
    expected = tmp_path / "home" / ".local" / "share" / "netgoals" / "netgoals.db"
    assert expected.exists()
    assert stat.S_IMODE(expected.parent.stat().st_mode) == 0o700


def test_without_a_command_it_opens_the_database(tmp_path: Path, capsys, monkeypatch):
    db = tmp_path / "x.db"
    with Store.open(db) as store:
        store.save_objective(Objective(title="Job"))
    import netgoals.cli as cli_module

    opened: list[Path] = []
    monkeypatch.setattr(cli_module, "_open_app", lambda store, demo: opened.append(store.path))
    assert cli("--db", db) == 0
    assert opened == [db]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--db", "{tmp}/missing.db", "export", "json"], "missing.db does not exist"),
        (["--db", "{tmp}/x.db", "import", "json", "{tmp}/nope.json"], "nope.json does not exist"),
        (["--db", "{tmp}/x.db", "import", "json", "{tmp}"], "is a folder"),
        (["--db", "{tmp}/x.db", "import", "xml", "{tmp}/b.json"], "'xml' is not 'json'"),
        (["--db", "{tmp}/x.db", "import", "json", "{tmp}/latin1.json"], "is not UTF-8 text"),
        (["--db", "{tmp}/x.db", "import", "json", "{tmp}/notjson.json"], "invalid JSON"),
        (["--db", "{tmp}/b.json", "export", "json"], "not an SQLite file"),
        (["--db", "{tmp}/nodir/x.db", "import", "json", "{tmp}/b.json"], "does not exist"),
        (["--db", "{tmp}/x.db", "export", "json", "-o", "{tmp}/nodir/o.json"], "does not exist"),
        (["--db", "{tmp}/x.db", "export", "json", "-o", "{tmp}"], "is a folder"),
        (["--db", "{tmp}/x.db", "export", "yaml"], "'yaml' is not 'json'"),
        (["frobnicate"], "No such command"),
        (["--db"], "requires an argument"),
    ],
)
def test_user_errors_are_one_line_and_exit_1(tmp_path: Path, capsys, args, words):
    (tmp_path / "b.json").write_text(json.dumps(BACKUP))
    (tmp_path / "latin1.json").write_bytes('{"x": "caf\xe9"}'.encode("latin-1"))
    (tmp_path / "notjson.json").write_text("name,email\n")
    Store.open(tmp_path / "x.db").close()
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    assert "x.db" in before
    assert cli(*[a.format(tmp=tmp_path) for a in args]) == 1
    assert words in one_error_line(capsys)
    # every file, the database included, byte for byte; no file added
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    assert after == before


def test_a_refused_backup_lists_each_bad_value_and_changes_nothing(tmp_path: Path, capsys):
    bad = dict(BACKUP, contacts=[{"id": 1, "name": "Ann", "email": "ann"}, {"id": 2, "name": ""}])
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(bad))
    db = tmp_path / "x.db"
    Store.open(db).close()
    assert cli("--db", db, "import", "json", source) == 1
    err = capsys.readouterr().err
    assert err.startswith("netgoals: backup refused, nothing was imported")
    assert "contacts[0].email" in err and "contacts[1].name: must not be blank" in err
    with Store.open(db) as store:
        assert store.is_empty()


def test_errors_from_a_real_process_have_no_traceback(tmp_path: Path):
    env = dict(os.environ, NETGOALS_DB=str(tmp_path / "x.db"))
    (tmp_path / "t.txt").write_text("hello")
    done = subprocess.run(
        [sys.executable, "-m", "netgoals", "--db", str(tmp_path / "t.txt"), "export", "json"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert done.returncode == 1
    assert (
        done.stderr.strip()
        == f"netgoals: {tmp_path / 't.txt'} is not a netgoals database (it is not an SQLite file)"
    )


def test_demo_writes_its_own_file_and_never_the_users(tmp_path: Path, capsys, monkeypatch):
    own = tmp_path / "mine.db"
    with Store.open(own) as store:
        store.save_contact(Contact(name="My real friend"))
    before = own.read_bytes()
    monkeypatch.setenv("NETGOALS_DB", str(own))
    assert cli("demo", "--no-open") == 0
    out = capsys.readouterr().out
    demo_path = tmp_path / "home" / ".local" / "share" / "netgoals" / "demo.db"
    assert str(demo_path) in out and "121 contacts" in out
    assert own.read_bytes() == before
    with Store.open(demo_path) as store:
        assert store.meta("kind") == "demo" and store.contact_count() > 100
    # running it again replaces the demo with a fresh one
    assert cli("demo", "--no-open") == 0
    # but it refuses to write over the user's database, even when pointed at it
    assert cli("--db", own, "demo", "--no-open") == 1
    assert "holds your own data" in one_error_line(capsys)
    assert cli("demo", "--db", own, "--no-open") == 1
    assert own.read_bytes() == before


def test_demo_dates_follow_the_clock(tmp_path: Path, capsys):
    path = tmp_path / "demo.db"
    assert cli("demo", "--db", path, "--no-open") == 0
    with Store.open(path) as store:
        upcoming = [e for e in store.events() if e.start_date > NOW.date()]
        assert upcoming and min(e.start_date for e in upcoming).isoformat() == "2026-03-18"


def test_demo_round_trips_through_the_backup(tmp_path: Path, capsys):
    demo_db, copy_db = tmp_path / "demo.db", tmp_path / "copy.db"
    backup = tmp_path / "backup.json"
    assert cli("demo", "--db", demo_db, "--no-open") == 0
    assert cli("--db", demo_db, "export", "json", "-o", backup) == 0
    assert cli("--db", copy_db, "import", "json", backup) == 0
    capsys.readouterr()
    assert cli("--db", copy_db, "export", "json") == 0
    assert capsys.readouterr().out == backup.read_text()


def matching_db(tmp_path: Path) -> Path:
    db = tmp_path / "m.db"
    with Store.open(db) as store:
        job = store.save_objective(Objective(title="Trader job", keywords=["trader", "bank"]))
        store.save_objective(
            Objective(
                title="Mentor", keywords=["portfolio manager"], hangouts=["CFA society evenings"]
            )
        )
        store.save_objective(Objective(title="Paused", keywords=["yoga"], status="paused"))
        store.save_contact(
            Contact(name="Priya", organization="Harbour Investment Bank", role="Equity Traders")
        )
        margaret = store.save_contact(Contact(name="Margaret", introduces_to="her son-in-law"))
        store.save_contact(Contact(name="Tyra Banks", role="Yoga teacher"))
        store.save_contact(Contact(name="[red]Mallory[/red]", role="Chef"))
        from netgoals.core.models import Link

        store.set_link(
            Link(
                contact_id=margaret.id,
                objective_id=job.id,
                relation="introduces",
                note="knows the head of trading",
            )
        )
    return db


def test_offgoal_lists_contacts_serving_no_active_objective(tmp_path: Path, capsys):
    db = matching_db(tmp_path)
    assert cli("--db", db, "offgoal") == 0
    out = capsys.readouterr().out
    assert "2 of 4 contacts serve none of your 2 active objectives." in out
    assert "Tyra Banks" in out and "[red]Mallory[/red]" in out
    assert "Priya" not in out and "Margaret" not in out

    assert cli("--db", db, "offgoal", "--json") == 0
    document = json.loads(capsys.readouterr().out)
    assert document["active_objectives"] == 2 and document["contacts"] == 4
    assert [p["name"] for p in document["offgoal"]] == ["[red]Mallory[/red]", "Tyra Banks"]
    assert set(document["offgoal"][0]) == {"id", "name", "organization", "role"}


def test_matches_gives_each_match_with_its_reasons(tmp_path: Path, capsys):
    db = matching_db(tmp_path)
    assert cli("--db", db, "matches", "--json") == 0
    document = json.loads(capsys.readouterr().out)
    objectives = {o["title"]: o for o in document["objectives"]}
    assert objectives["Trader job"]["matches"] == 2 and not objectives["Trader job"]["gap"]
    assert objectives["Mentor"]["gap"] and objectives["Mentor"]["hangouts"] == [
        "CFA society evenings"
    ]
    assert "Paused" not in objectives
    people = {c["name"]: c for c in document["contacts"]}
    assert len(people) == 4 and people["Tyra Banks"]["offgoal"]
    (priya,) = people["Priya"]["matches"]
    assert priya["objective_id"] == objectives["Trader job"]["id"]
    assert priya["reasons"] == [
        {
            "type": "keyword",
            "keyword": "trader",
            "field": "role",
            "text": "Traders",
            "summary": 'keyword "trader" in role: "Traders"',
        },
        {
            "type": "keyword",
            "keyword": "bank",
            "field": "organization",
            "text": "Bank",
            "summary": 'keyword "bank" in organisation: "Bank"',
        },
    ]
    assert people["Margaret"]["matches"][0]["reasons"] == [
        {
            "type": "link",
            "relation": "introduces",
            "note": "knows the head of trading",
            "summary": "linked: introduces you (knows the head of trading)",
        }
    ]

    assert cli("--db", db, "matches") == 0
    out = capsys.readouterr().out
    assert "Mentor: 0 contacts  GAP" in out
    assert "Priya (Harbour Investment Bank)" in out and 'keyword "trader" in role' in out
    assert "2 off-goal contacts are not listed" in out


def test_with_no_active_objective_the_first_step_is_named(tmp_path: Path, capsys):
    db = tmp_path / "e.db"
    with Store.open(db) as store:
        store.save_contact(Contact(name="Ann"))
    assert cli("--db", db, "offgoal") == 0
    out = capsys.readouterr().out
    assert "no active objective" in out and "1 of 1 contacts" in out
    assert cli("--db", db, "matches") == 0
    assert "first step" in capsys.readouterr().out


def test_match_commands_refuse_a_missing_database(tmp_path: Path, capsys):
    for command in ("offgoal", "matches"):
        assert cli("--db", tmp_path / "none.db", command) == 1
        assert "does not exist" in one_error_line(capsys)


def test_export_never_writes_over_a_database(tmp_path: Path, capsys):
    db = tmp_path / "self.db"
    with Store.open(db) as store:
        store.save_contact(Contact(name="Ann"))
    before = db.read_bytes()
    assert cli("--db", db, "export", "json", "-o", db) == 1
    assert "will not write over it" in one_error_line(capsys)
    assert db.read_bytes() == before


def test_import_leaves_no_new_database_behind_on_dry_run_or_failure(
    tmp_path: Path, capsys, monkeypatch
):
    source = tmp_path / "backup.json"
    source.write_text(json.dumps(BACKUP))
    new = tmp_path / "new.db"
    assert cli("--db", new, "import", "json", source, "--dry-run") == 0
    assert "would add 5" in capsys.readouterr().out
    assert not new.exists()
    # a backup refused before anything is opened
    refused = tmp_path / "refused.json"
    refused.write_text(json.dumps(dict(BACKUP, contacts=[{"id": 1, "name": ""}])))
    assert cli("--db", new, "import", "json", refused) == 1
    assert "backup refused" in capsys.readouterr().err
    assert not [p.name for p in tmp_path.iterdir() if "new.db" in p.name]
    # an import that fails half-way through writing (the disk fills, say), after the new
    # database was made
    from netgoals.formats import backup as backup_module

    real_merge = backup_module._merge

    def merge_then_fail(store, backup, result):
        real_merge(store, backup, result)
        assert store.contact_count() == 1  # written, not yet committed
        raise NetgoalsError("database or disk is full")

    monkeypatch.setattr(backup_module, "_merge", merge_then_fail)
    assert cli("--db", new, "import", "json", source) == 1
    assert "disk is full" in one_error_line(capsys)
    assert not [p.name for p in tmp_path.iterdir() if "new.db" in p.name]  # nor a -wal, a temp


def test_odd_paths(tmp_path: Path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    source = tmp_path / "backup.json"
    source.write_text(json.dumps(BACKUP))
    assert cli("--db", ":memory:", "import", "json", source) == 0
    assert (tmp_path / ":memory:").exists()  # a file of that name, not a lost database
    capsys.readouterr()
    assert cli("--db", "~nobody-here-at-all/x.db", "offgoal") == 1
    assert "cannot find that path" in one_error_line(capsys)


def test_brief_prints_the_review_of_the_next_event(tmp_path: Path, capsys):
    path = tmp_path / "demo.db"
    assert cli("demo", "--db", path, "--no-open") == 0
    capsys.readouterr()
    assert cli("--db", path, "brief") == 0
    out = capsys.readouterr().out
    assert out.startswith("# Before you walk in: City Finance Careers Evening")
    assert "do you know anyone on a trading desk?" in out
    assert cli("--db", path, "brief", "markets") == 0
    assert "## ⚠ Gap: Find a mentor in finance" in capsys.readouterr().out
    assert cli("--db", path, "brief", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["event"]["name"] == "City Finance Careers Evening"
    assert cli("--db", path, "brief", "nothing like it") == 1
    assert "no event is called" in one_error_line(capsys)


def test_the_brief_of_an_event_for_one_objective_names_the_others_without_anyone(
    tmp_path: Path, capsys
):
    path = tmp_path / "demo.db"
    assert cli("demo", "--db", path, "--no-open") == 0
    capsys.readouterr()
    assert cli("--db", path, "brief") == 0  # the careers evening: for the trader job only
    out = capsys.readouterr().out
    assert "## Still without anyone" in out
    assert "- **Find a mentor in finance** (where to go: CFA Society UK" in out
    assert "## ⚠ Gap" not in out  # not a gap of this event: named once, apart
    assert ".;" not in out and "1 days" not in out  # a note's full stop is not doubled
    assert cli("--db", path, "brief", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert [o["title"] for o in data["still_without"]] == ["Find a mentor in finance"]
    assert cli("--db", path, "brief", "Nope") == 1
    line = one_error_line(capsys)
    assert "no event is called 'Nope'; coming up: City Finance Careers Evening (1, " in line
    assert "Markets Breakfast Club (2, " in line


def test_counts_read_in_the_right_number(tmp_path: Path, capsys):
    db = tmp_path / "one.db"
    with Store.open(db) as store:
        store.save_objective(Objective(title="Trader job", keywords=["trader"]))
        store.save_contact(Contact(name="Priya", role="Trader"))
        store.save_contact(Contact(name="Ann", role="Nurse"))
    assert cli("--db", db, "matches") == 0
    out = capsys.readouterr().out
    assert "] Trader job: 1 contact\n" in out
    assert "1 off-goal contact is not listed" in out
    assert cli("--db", db, "offgoal") == 0
    assert "1 of 2 contacts serves none of your 1 active objective." in capsys.readouterr().out


def test_brief_with_no_events_or_objectives(tmp_path: Path, capsys):
    db = tmp_path / "e.db"
    Store.open(db).close()
    assert cli("--db", db, "brief") == 0
    out = capsys.readouterr().out
    assert "No event coming up" in out and "no active objective" in out


@pytest.mark.parametrize("format", ["vcard", "csv", "json"])
def test_an_export_file_is_written_readable_by_you_only_whatever_the_umask(
    tmp_path: Path, capsys, format: str
):
    db = tmp_path / "x.db"
    with Store.open(db) as store:
        store.save_contact(Contact(name="Ann Lee", email="ann@example.org"))
    out = tmp_path / f"out.{format}"
    old_umask = os.umask(0)
    try:
        assert cli("--db", db, "export", format, "-o", out) == 0
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert "Ann Lee" in out.read_text(encoding="utf-8")
    if format == "vcard":
        assert out.read_text(encoding="utf-8").startswith("BEGIN:VCARD")


def test_the_brief_lists_at_most_12_people_per_objective_and_counts_the_rest(
    tmp_path: Path, capsys
):
    db = tmp_path / "x.db"
    with Store.open(db, clock=CLOCK) as store:
        job = store.save_objective(Objective(title="Trader job", keywords=["trader"]))
        for n in range(15):
            store.save_contact(Contact(name=f"Trader {n:02d}", role="Trader"))
        store.save_contact(Contact(name="Nurse", role="Nurse"))
    assert cli("--db", db, "brief", "--json") == 0
    (objective,) = json.loads(capsys.readouterr().out)["objectives"]
    assert objective["id"] == job.id
    assert len(objective["people"]) == 12 and objective["more"] == 3
    assert all(p["name"].startswith("Trader ") for p in objective["people"])
    assert cli("--db", db, "brief") == 0
    text = capsys.readouterr().out
    assert sum(f"Trader {n:02d}" in text for n in range(15)) == 12
    assert "and 3 more matching contacts" in text
