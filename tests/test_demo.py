"""The sample network: the article's story, complete, valid and the same every time."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from netgoals.core.clock import fixed_clock
from netgoals.core.errors import NetgoalsError
from netgoals.core.models import ActivityKind, Contact, Objective, Purpose, Relation, Source, Status
from netgoals.demo import build_demo
from netgoals.storage import Store

TODAY = date(2026, 3, 10)  # a Tuesday

MATCHED_FIELDS = ("organization", "role", "tags", "how_met", "notes", "introduces_to", "location")


def _build(path: Path, today: date = TODAY) -> Store:
    store = Store.open(path, clock=fixed_clock(datetime.combine(today, time(9, 30))))
    build_demo(store, today)
    return store


@pytest.fixture
def demo(tmp_path: Path):
    store = _build(tmp_path / "demo.db")
    yield store
    store.close()


def _by_title(store: Store) -> dict[str, Objective]:
    return {o.title: o for o in store.objectives()}


def _without_stamps(items: list) -> list[dict]:
    return [item.model_dump(exclude={"created_at", "updated_at"}) for item in items]


def _keyword_hits(contacts: list[Contact], keywords: list[str]) -> set[int]:
    """Ids of the contacts whose matched fields hold one of `keywords`, as docs/matching.md says:
    whole words, Porter stems, accents ignored, names and emails never looked at."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute(
            f"CREATE VIRTUAL TABLE t USING fts5(id UNINDEXED, {', '.join(MATCHED_FIELDS)},"
            " tokenize = 'porter unicode61 remove_diacritics 2')"
        )
        conn.executemany(
            f"INSERT INTO t VALUES (?{', ?' * len(MATCHED_FIELDS)})",
            [
                (
                    c.id,
                    *("\n".join(c.tags) if f == "tags" else getattr(c, f) for f in MATCHED_FIELDS),
                )
                for c in contacts
            ],
        )
        hits: set[int] = set()
        for keyword in keywords:
            phrase = '"' + keyword.replace('"', '""') + '"'
            hits |= {row[0] for row in conn.execute("SELECT id FROM t WHERE t MATCH ?", (phrase,))}
        return hits
    finally:
        conn.close()


def test_the_network_is_large_and_all_demo(demo: Store) -> None:
    contacts = demo.contacts()
    assert len(contacts) >= 110
    assert all(c.source is Source.DEMO for c in contacts)
    assert len({c.name for c in contacts}) == len(contacts)
    assert demo.meta("kind") == "demo"
    assert demo.settings().weekly_target == 2


def test_the_three_objectives_and_their_statuses(demo: Store) -> None:
    objectives = _by_title(demo)
    assert len(objectives) == 3
    job = objectives["Job as a trader in a bank"]
    mentor = objectives["Find a mentor in finance"]
    paused = next(o for o in objectives.values() if o not in (job, mentor))
    assert (job.purpose, job.status) == (Purpose.JOB, Status.ACTIVE)
    assert (mentor.purpose, mentor.status) == (Purpose.MENTOR, Status.ACTIVE)
    assert paused.status is Status.PAUSED
    assert job.why and job.ask and job.hangouts and mentor.hangouts
    assert {"trader", "bank"} <= set(job.keywords)
    assert job.target_date is not None and job.target_date > TODAY


def test_one_neighbour_introduces_to_the_head_of_trading(demo: Store) -> None:
    introduces = [link for link in demo.links() if link.relation is Relation.INTRODUCES]
    assert len(introduces) == 1
    neighbour = demo.contact(introduces[0].contact_id)
    assert neighbour is not None
    assert "trading" in neighbour.introduces_to.lower()
    assert "neighbour" in neighbour.tags
    assert "bank" not in neighbour.organization.lower()
    job = _by_title(demo)["Job as a trader in a bank"]
    assert introduces[0].objective_id == job.id


def test_one_keyword_match_is_excluded(demo: Store) -> None:
    excluded = [link for link in demo.links() if link.relation is Relation.EXCLUDED]
    assert len(excluded) == 1 and excluded[0].note
    job = _by_title(demo)["Job as a trader in a bank"]
    contact = demo.contact(excluded[0].contact_id)
    assert contact is not None
    assert contact.id in _keyword_hits([contact], job.keywords)


def test_few_contacts_work_in_banks(demo: Store) -> None:
    in_banks = [c for c in demo.contacts() if "Bank" in c.organization]
    assert 4 <= len(in_banks) <= 10
    tyra = next(c for c in demo.contacts() if c.name == "Tyra Banks")
    assert "bank" not in tyra.organization.lower()


def test_most_contacts_are_off_goal_and_the_mentor_is_a_gap(demo: Store) -> None:
    contacts = demo.contacts()
    objectives = _by_title(demo)
    job = objectives["Job as a trader in a bank"]
    mentor = objectives["Find a mentor in finance"]
    links = demo.links()
    linked = {
        link.contact_id
        for link in links
        if link.objective_id == job.id and link.relation is not Relation.EXCLUDED
    }
    excluded = {link.contact_id for link in links if link.relation is Relation.EXCLUDED}
    serving_job = (_keyword_hits(contacts, job.keywords) | linked) - excluded
    assert 4 <= len(serving_job) <= len(contacts) // 10
    assert _keyword_hits(contacts, mentor.keywords) == set()
    assert not [link for link in links if link.objective_id == mentor.id]
    # Tyra Banks is never a match: names are not matched, and nothing else of hers says "bank".
    assert "Tyra Banks" not in {c.name for c in contacts if c.id in serving_job}


def test_the_upcoming_event_is_eight_days_away(demo: Store) -> None:
    events = demo.events()
    upcoming = [e for e in events if e.start_date > TODAY]
    assert len(upcoming) >= 2
    assert any(e.start_date < TODAY for e in events)
    first = min(upcoming, key=lambda e: e.start_date)
    assert first.starts_at == datetime.combine(TODAY + timedelta(days=8), time(18, 30))
    job = _by_title(demo)["Job as a trader in a bank"]
    assert job.id in first.objective_ids
    expected = [demo.contact(i) for i in first.contact_ids]
    assert 2 <= len(expected) <= 3
    assert _keyword_hits([c for c in expected if c], job.keywords) == set(first.contact_ids)


def test_activities_span_several_weeks_before_today(demo: Store) -> None:
    activities = demo.activities()
    assert all(a.date < TODAY for a in activities)
    weeks = {a.date.isocalendar()[:2] for a in activities}
    assert len(weeks) >= 4
    assert {ActivityKind.EVENT, ActivityKind.MEETING, ActivityKind.CALL} <= {
        a.kind for a in activities
    }
    assert any(a.discomfort >= 4 for a in activities)
    assert all(a.objective_ids for a in activities)


@pytest.mark.parametrize("today", [date(2026, 3, 9), date(2026, 3, 15), date(2027, 1, 1)])
def test_dates_follow_today_whatever_the_weekday(tmp_path: Path, today: date) -> None:
    with _build(tmp_path / "demo.db", today) as store:
        assert all(a.date < today for a in store.activities())
        upcoming = [e.start_date for e in store.events() if e.start_date > today]
        assert min(upcoming) == today + timedelta(days=8)
        assert all(c.last_contacted is None or c.last_contacted < today for c in store.contacts())


def test_the_same_day_builds_the_same_database(tmp_path: Path) -> None:
    with _build(tmp_path / "a.db") as first, _build(tmp_path / "b.db") as second:
        assert _without_stamps(first.contacts()) == _without_stamps(second.contacts())
        assert _without_stamps(first.objectives()) == _without_stamps(second.objectives())
        assert first.links() == second.links()
        assert first.events() == second.events()
        assert first.activities() == second.activities()


def test_refuses_a_store_that_is_not_empty(demo: Store) -> None:
    before = demo.counts()
    with pytest.raises(NetgoalsError):
        build_demo(demo, TODAY)
    assert demo.counts() == before


# --- the demo's own file: kept as the user left it, rebuilt only on request -------------------


def _cli(*args: object) -> int:
    from netgoals.cli import run

    return run([str(a) for a in args], clock=fixed_clock(datetime.combine(TODAY, time(9, 30))))


def _names(path: Path) -> set[str]:
    with Store.open(path) as store:
        return {c.name for c in store.contacts()}


def test_the_demo_reopens_as_the_user_left_it(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    assert _cli("demo", "--db", path, "--no-open") == 0
    with Store.open(path) as store:
        store.save_contact(Contact(name="Zed Added"))
    assert _cli("demo", "--db", path, "--no-open") == 0
    assert "Zed Added" in _names(path)


def test_reset_rebuilds_the_demo_only_when_confirmed(tmp_path: Path, capsys) -> None:
    path = tmp_path / "demo.db"
    assert _cli("demo", "--db", path, "--no-open") == 0
    with Store.open(path) as store:
        store.save_contact(Contact(name="Zed Added"))
    # standard input is not a terminal here: nobody to ask, so --yes is needed
    assert _cli("demo", "--db", path, "--no-open", "--reset") == 1
    assert "--yes" in capsys.readouterr().err
    assert "Zed Added" in _names(path)
    assert _cli("demo", "--db", path, "--no-open", "--reset", "--yes") == 0
    names = _names(path)
    assert "Zed Added" not in names and len(names) == 121
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == ["demo.db"]


def test_reset_leaves_a_copy_that_has_the_old_demo_open_working(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    assert _cli("demo", "--db", path, "--no-open") == 0
    old = Store.open(path)  # the app, still open on the old demo, with changes in its log
    old.save_contact(Contact(name="Zed Added"))
    try:
        assert _cli("demo", "--db", path, "--no-open", "--reset", "--yes") == 0
        fresh = Store.open(path)
        old.save_contact(Contact(name="Another"))  # keeps saving into its own file
        assert {"Zed Added", "Another"} <= {c.name for c in old.contacts()}
        assert old.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert fresh.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert not {"Zed Added", "Another"} & {c.name for c in fresh.contacts()}
        fresh.save_contact(Contact(name="New demo only"))
        fresh.close()
    finally:
        old.close()
    with Store.open(path) as store:
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        names = {c.name for c in store.contacts()}
        assert "New demo only" in names and "Another" not in names and len(names) == 122


def test_after_an_event_two_people_met_one_follow_up_late(demo: Store) -> None:
    from netgoals.formats.capture import followups

    past = [e for e in demo.events() if e.start_date < TODAY and e.met_ids]
    assert len(past) == 2
    found = followups(demo, TODAY)
    assert [(f.name, f.days_late > 0, bool(f.serves)) for f in found] == [
        ("Kenji Watanabe", True, True),  # serves the job objective: first, and late
        ("Kemi Oduya", False, False),  # met last night: due tomorrow
    ]
    kemi = demo.contact(found[1].contact_id)
    assert kemi is not None and kemi.last_contacted == TODAY - timedelta(days=1)
    assert f"Met at E17 Data Meetup, {TODAY - timedelta(days=1)}" in kemi.how_met


def test_calls_pay_back_better_per_hour_than_big_events(demo: Store) -> None:
    def per_hour(kind: ActivityKind) -> float:
        done = [a for a in demo.activities() if a.kind is kind]
        return sum(a.payback for a in done) / sum(a.effort_minutes for a in done) * 60

    assert per_hour(ActivityKind.CALL) > 2 * per_hour(ActivityKind.EVENT)
