"""Events from calendar files: real .ics files as Meetup, Eventbrite, Google Calendar and Outlook
write them, read into drafts, then imported through the real command line into real databases.

Times are converted to a time zone given to the reader (or carried by the injected clock), never
the machine's, so these tests read the same everywhere.
"""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from netgoals.cli import run
from netgoals.core.clock import fixed_clock
from netgoals.core.models import Contact, Event
from netgoals.formats.ics import CalendarError, looks_like_ics, parse_ics
from netgoals.storage import Store

DATA = Path(__file__).resolve().parents[1] / "data"
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 3, 10, 9, 30, tzinfo=LONDON)  # a Tuesday, before summer time
CLOCK = fixed_clock(NOW)


def read(name: str, zone: ZoneInfo = LONDON, now: datetime = NOW):
    text = (DATA / name).read_text(encoding="utf-8")
    return parse_ics(text, now=now, zone=zone)


def cli(*args: str | Path) -> int:
    return run([str(a) for a in args], clock=CLOCK)


def calendar(*events: str) -> str:
    """A calendar of VEVENT bodies (each a few property lines), with CRLF line ends."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN"]
    for body in events:
        lines += ["BEGIN:VEVENT", *body.strip().splitlines(), "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


# --- recognising and reading ----------------------------------------------------------------


def test_a_calendar_is_recognised_from_its_content():
    assert looks_like_ics((DATA / "outlook.ics").read_text(encoding="utf-8"))
    assert looks_like_ics("\ufeff\r\n  begin:vcalendar\r\nEND:VCALENDAR\r\n")
    assert not looks_like_ics((DATA / "contacts_v4.vcf").read_text(encoding="utf-8"))
    assert not looks_like_ics("Subject: BEGIN:VCALENDAR\n")
    assert not looks_like_ics("")


def test_meetup_zone_escaped_commas_folded_description_and_url():
    (first, second) = read("meetup.ics").drafts
    assert first.uid == "event_301234567@meetup.com"
    assert first.name == "Payments, Risk & Trading: Careers Night"
    assert first.starts_at == datetime(2026, 3, 18, 18, 30)
    assert first.place == "Level39 (One Canada Square, Canary Wharf, London, E14 5AB)"
    # the folded description is one text again; the URL it already holds is not repeated
    assert first.notes == (
        "London FinTech Meetup\nJoin us for talks from traders, risk analysts and payments "
        "founders.\n\nhttps://www.meetup.com/london-fintech-meetup/events/301234567/"
    )
    assert second.notes.endswith(
        "Teams of four.\nhttps://www.meetup.com/london-fintech-meetup/events/301234999/"
    )
    # read in another zone, the same moment is another local time
    (first_in_ny, _) = read("meetup.ics", zone=ZoneInfo("America/New_York")).drafts
    assert first_in_ny.starts_at == datetime(2026, 3, 18, 14, 30)


def test_eventbrite_utc_start_is_converted_to_local_time():
    (event,) = read("eventbrite.ics", zone=ZoneInfo("Europe/Berlin")).drafts
    assert event.starts_at == datetime(2026, 3, 25, 18, 30)  # 17:30Z is 18:30 in Berlin
    (event,) = read("eventbrite.ics").drafts
    assert event.starts_at == datetime(2026, 3, 25, 17, 30)  # and 17:30 in London in March
    assert event.place == "Guildhall, Gresham Street, London, EC2V 7HH, United Kingdom"
    assert event.emails == ["hello@wifuk.example.org"]  # the organiser


def test_google_recurring_all_day_cancelled_and_attendees():
    parsed = read("google_calendar.ics")
    assert parsed.cancelled == 1
    coffee, expo = parsed.drafts
    # weekly on Thursdays at noon in New York; the 12th is excepted (EXDATE): the next one is
    # the 19th, 16:00 in London (New York is already on summer time, London not yet)
    assert coffee.name == "Markets coffee (call)" and coffee.recurring
    assert coffee.starts_at == datetime(2026, 3, 19, 16, 0)
    assert coffee.notes == "Weekly markets coffee, over the phone.\nAgenda: rates; FX."
    # folded attendee lines read whole, emails folded; Tom declined
    assert coffee.emails == [
        "priya.raman@harbour.example.com",
        "ada@example.org",
        "chloe@example.fr",
    ]
    assert expo.starts_at == date(2026, 4, 2) and expo.place == "ExCeL London"


def test_outlook_windows_zone_from_its_vtimezone():
    (visit,) = read("outlook.ics").drafts
    # 10:00 in Frankfurt on 2 April (summer time there and in London): 09:00 in London
    assert visit.starts_at == datetime(2026, 4, 2, 9, 0)
    assert visit.name == "Desk visit – Northgate"
    assert visit.uid.startswith("040000008200E00074C5B7101A82E008") and len(visit.uid) == 112
    assert visit.emails == ["tom.hart@northgate.example.com"]
    assert "Microsoft Teams meeting\nJoin: https://teams.example.com/" in visit.notes


def test_a_recurring_event_gives_its_next_occurrence_then_its_last_when_it_is_over():
    text = calendar(
        """
UID:club@example.org
SUMMARY:Investment club
DTSTART:20260105T180000Z
RRULE:FREQ=MONTHLY;BYDAY=1MO;COUNT=6
""",
        """
UID:club@example.org
RECURRENCE-ID:20260406T180000Z
SUMMARY:Investment club (moved to Tuesday)
DTSTART:20260407T180000Z
""",
    )
    (club,) = parse_ics(text, now=datetime(2026, 3, 3, 12, 0, tzinfo=LONDON), zone=LONDON).drafts
    assert club.starts_at == datetime(2026, 4, 7, 19, 0)  # the changed occurrence, in BST
    assert club.name == "Investment club (moved to Tuesday)"
    after_it = datetime(2026, 9, 1, tzinfo=LONDON)
    (club,) = parse_ics(text, now=after_it, zone=LONDON).drafts
    assert club.starts_at == datetime(2026, 6, 1, 19, 0)  # the sixth and last, on 1 June
    long_over = calendar(
        "UID:old\r\nSUMMARY:Old\r\nDTSTART:20230105T180000Z\r\nRRULE:FREQ=DAILY;COUNT=2"
    )
    parsed = parse_ics(long_over, now=NOW, zone=LONDON)
    assert (parsed.drafts, parsed.ended) == ([], 1)


def test_a_file_that_is_not_a_calendar_or_has_an_event_without_a_start_is_refused():
    with pytest.raises(CalendarError, match="not a calendar file"):
        parse_ics("BEGIN:VCARD\r\nEND:VCARD\r\n", now=NOW, zone=LONDON)
    text = calendar(
        "UID:a\r\nSUMMARY:Fine\r\nDTSTART:20260401T100000Z", "UID:b\r\nSUMMARY:No start"
    )
    with pytest.raises(CalendarError, match=r"event 2 \(No start\): it has no start"):
        parse_ics(text, now=NOW, zone=LONDON)
    cut_off = calendar("UID:a\r\nSUMMARY:Fine\r\nDTSTART:20260401T100000Z")[:-30]
    with pytest.raises(CalendarError, match="cut off"):
        parse_ics(cut_off, now=NOW, zone=LONDON)
    text = calendar("UID:a\r\nSUMMARY:Garbled\r\nDTSTART:soon")
    with pytest.raises(CalendarError, match=r"event 1 \(Garbled\): it has no start"):
        parse_ics(text, now=NOW, zone=LONDON)
    text = calendar("UID:a\r\nSUMMARY:Bad rule\r\nDTSTART:20260101T100000Z\r\nRRULE:FREQ=NOPE")
    with pytest.raises(CalendarError, match="a recurring event cannot be read"):
        parse_ics(text, now=NOW, zone=LONDON)


def test_control_characters_and_overlong_text_are_cleaned_not_refused():
    text = calendar(
        "UID:x\r\nSUMMARY:\x1b[31mRed\x1b[0m night\x07\r\nDTSTART:20260401T100000Z\r\n"
        f"LOCATION:{'L' * 900}"
    )
    (draft,) = parse_ics(text, now=NOW, zone=LONDON).drafts
    assert draft.name == "[31mRed[0m night"
    assert len(draft.place) == 500 and draft.place.endswith("…")
    assert Event(name=draft.name, starts_at=draft.starts_at, place=draft.place)


# --- importing through the command line -------------------------------------------------------


def _network(db: Path) -> dict[str, int]:
    with Store.open(db, clock=CLOCK) as store:
        people = [
            Contact(name="Priya Raman", email="Priya.Raman@Harbour.example.com"),
            Contact(name="Tom Hart", email="tom.hart@northgate.example.com"),
            Contact(name="Chloé Martin", email="chloe@example.fr"),
            Contact(name="Ann Lee"),
        ]
        return {c.name: store.save_contact(c).id or 0 for c in people}


def test_import_ics_adds_events_with_the_people_expected_there(tmp_path: Path, capsys):
    db = tmp_path / "n.db"
    ids = _network(db)
    assert cli("--db", db, "import", "ics", DATA / "google_calendar.ics") == 0
    out = capsys.readouterr().out
    assert out.startswith("events: added 2, updated 0, skipped 0 (already up to date)")
    assert "1 cancelled left out" in out
    with Store.open(db) as store:
        coffee, expo = store.events()
    assert coffee.name == "Markets coffee (call)"
    assert coffee.starts_at == datetime(2026, 3, 19, 16, 0)
    assert coffee.uid == "7kukuqrfedlm2f9t0vr42q2u8s@google.com"
    # the email of a contact matches whatever its case; Tom declined
    assert coffee.contact_ids == [ids["Priya Raman"], ids["Chloé Martin"]]
    assert expo.starts_at == date(2026, 4, 2) and expo.contact_ids == []


def test_the_same_calendar_again_updates_rather_than_adds(tmp_path: Path, capsys):
    db = tmp_path / "n.db"
    ids = _network(db)
    source = tmp_path / "outlook.ics"
    shutil.copyfile(DATA / "outlook.ics", source)
    assert cli("--db", db, "import", "ics", source) == 0
    assert cli("--db", db, "import", "ics", source) == 0
    assert (
        capsys.readouterr().out.splitlines()[-1].startswith("events: added 0, updated 0, skipped 1")
    )
    with Store.open(db) as store:
        (visit,) = store.events()
        # the user's own additions to the event are kept when the calendar changes
        store.save_event(
            visit.model_copy(update={"notes": visit.notes + "\nAsk about the graduate scheme"})
        )
    moved = (
        source.read_text(encoding="utf-8")
        .replace("20260402T100000", "20260409T143000")
        .replace("Desk visit – Northgate", "Desk visit – Northgate (moved)")
    )
    source.write_text(moved, encoding="utf-8")
    assert cli("--db", db, "import", "ics", source) == 0
    assert capsys.readouterr().out.startswith("events: added 0, updated 1, skipped 0")
    with Store.open(db) as store:
        (visit,) = store.events()
    assert visit.name == "Desk visit – Northgate (moved)"
    assert visit.starts_at == datetime(2026, 4, 9, 13, 30)
    assert visit.notes.endswith("Ask about the graduate scheme")
    assert visit.contact_ids == [ids["Tom Hart"]]


def test_dry_run_reports_and_writes_nothing(tmp_path: Path, capsys):
    db = tmp_path / "n.db"
    _network(db)
    before = db.read_bytes()
    assert cli("--db", db, "import", "ics", DATA / "meetup.ics", "--dry-run") == 0
    assert capsys.readouterr().out.startswith("events: would add 2, would update 0")
    assert db.read_bytes() == before
    with Store.open(db) as store:
        assert store.events() == []


def test_a_refused_calendar_changes_nothing_and_says_why_in_one_line(tmp_path: Path, capsys):
    db = tmp_path / "n.db"
    _network(db)
    broken = tmp_path / "broken.ics"
    broken.write_text(
        calendar("UID:a\r\nSUMMARY:Fine\r\nDTSTART:20260401T100000Z", "UID:b\r\nSUMMARY:Oops"),
        encoding="utf-8",
    )
    assert cli("--db", db, "import", "ics", broken) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"netgoals: {broken}: calendar refused, nothing was imported")
    assert "Traceback" not in err
    assert cli("--db", db, "import", "ics", DATA / "contacts_v4.vcf") == 1
    assert "not a calendar file" in capsys.readouterr().err
    with Store.open(db) as store:
        assert store.events() == []


def test_an_event_added_by_hand_is_not_added_twice(tmp_path: Path, capsys):
    db = tmp_path / "n.db"
    with Store.open(db, clock=CLOCK) as store:
        store.save_event(Event(name="Open Banking Pub Quiz", starts_at="2026-04-15 19:00"))
    assert cli("--db", db, "import", "ics", DATA / "meetup.ics") == 0
    assert capsys.readouterr().out.startswith("events: added 1, updated 1")
    with Store.open(db) as store:
        quiz = next(e for e in store.events() if e.name == "Open Banking Pub Quiz")
        assert quiz.uid == "event_301234999@meetup.com"
        assert len(store.events()) == 2


# --- the UID in the backup ---------------------------------------------------------------------


def test_the_backup_carries_the_uid_and_merges_by_it(tmp_path: Path, capsys):
    db = tmp_path / "n.db"
    assert cli("--db", db, "import", "ics", DATA / "outlook.ics") == 0
    assert cli("--db", db, "export", "json", "-o", tmp_path / "backup.json") == 0
    document = json.loads((tmp_path / "backup.json").read_text(encoding="utf-8"))
    (event,) = document["events"]
    assert event["uid"].startswith("040000008200E00074C5B7101A82E008")
    # restored exactly into an empty database
    assert cli("--db", tmp_path / "copy.db", "import", "json", tmp_path / "backup.json") == 0
    assert cli("--db", tmp_path / "copy.db", "export", "json", "-o", tmp_path / "again.json") == 0
    assert json.loads((tmp_path / "again.json").read_text(encoding="utf-8")) == document
    # the event renamed in the backup is the same event: updated, not added
    event["name"] = "Desk visit (renamed elsewhere)"
    (tmp_path / "backup.json").write_text(json.dumps(document), encoding="utf-8")
    capsys.readouterr()
    assert cli("--db", db, "import", "json", tmp_path / "backup.json") == 0
    assert "events: 0 added, 1 updated" in capsys.readouterr().out
    with Store.open(db) as store:
        assert [e.name for e in store.events()] == ["Desk visit (renamed elsewhere)"]


def test_a_backup_without_uids_still_restores(tmp_path: Path):
    old = {
        "format": "netgoals",
        "version": 1,
        "events": [{"id": 1, "name": "Forum", "starts_at": "2026-03-18T18:30"}],
    }
    (tmp_path / "old.json").write_text(json.dumps(old), encoding="utf-8")
    assert cli("--db", tmp_path / "n.db", "import", "json", tmp_path / "old.json") == 0
    with Store.open(tmp_path / "n.db") as store:
        (event,) = store.events()
    assert (event.name, event.uid) == ("Forum", "")
