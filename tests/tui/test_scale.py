"""A network too large to read before the first frame: a first page, then the rest."""

from __future__ import annotations

import sys
import threading
from datetime import date
from pathlib import Path

import pytest

from netgoals.core.clock import fixed_clock
from netgoals.storage import Store
from netgoals.tui import app as app_module
from netgoals.tui.app import FIRST_PAGE, FIRST_PAGE_FROM, NetgoalsApp, Snapshot, gather
from netgoals.tui.dialogs.details import DetailsScreen
from netgoals.tui.dialogs.review import ReviewScreen
from tests.tui.conftest import NOW, screen_text

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from synthetic import build


async def test_a_large_network_loads_its_first_page_then_everything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    size = FIRST_PAGE_FROM + 500
    db = build(tmp_path / "big.db", size, objectives=10, active=8, activities=50, events=2)
    # the complete read waits until the test has looked at the first frame
    release = threading.Event()

    def gated(store: Store, today: date, **options: object) -> Snapshot:
        if not options:  # the complete gather, in the background
            assert release.wait(30)
        return gather(store, today, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(app_module, "gather", gated)
    app = NetgoalsApp(Store.open(db, clock=fixed_clock(NOW)), clock=fixed_clock(NOW))
    async with app.run_test(size=(120, 40)) as pilot:
        first = len(app.contacts_pane.all_rows)
        page_ids = [row.id for row in app.contacts_pane.all_rows]
        page_offgoal = set(app.contact_list.offgoal)
        # the first frame counts nothing it has not read, and says so
        assert str(app.contacts_pane.border_title) == f"Contacts: {size:,} · counting off-goal…"
        assert "counting…" in str(app.objective_list.line(app.objective_list.records[0]))
        assert "Reading 5,500 contacts" in app.query_one("#motivation-text").visual.plain
        # what speaks of the whole network uses the whole network's matching meanwhile
        whole = app.whole_matching()
        assert whole.complete and len(whole.contact_ids) == size
        assert whole.offgoal_set - set(page_ids)  # off-goal people beyond the first page
        await pilot.press("r")
        assert isinstance(app.screen, ReviewScreen)
        reviewed = {p.contact_id for b in app.screen.review.objectives for p in b.people}
        assert reviewed - set(page_ids)  # people beyond the first page are sought too
        await pilot.press("escape")
        assert len(app._people()) == size  # a picker offers everyone, not the first page

        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert first == FIRST_PAGE
        assert len(app.contacts_pane.all_rows) == size
        assert app.matching.complete and len(app.matching.contact_ids) == size
        title = str(app.contacts_pane.border_title)
        assert title == f"Contacts: ○ {len(app.matching.offgoal_set):,}/{size:,} off-goal"
        assert "counting" not in str(app.objective_list.line(app.objective_list.records[0]))
        # the first page's marks were those of the whole network's matching
        assert page_offgoal == app.matching.offgoal_set & set(page_ids)
        # and what was used meanwhile is what the complete read found
        assert whole.offgoal_set == app.matching.offgoal_set
        assert 0 < len(page_offgoal) < len(page_ids)
        await pilot.press("o")
        assert len(app.contact_list.rows) == len(app.matching.offgoal_set)
        await pilot.press("o", "slash", "l", "o", "n")
        shown = app.contact_list.rows
        with_lon = [row.id for row in app.contacts_pane.all_rows if "lon" in row.folded]
        assert 0 < len(with_lon) < size
        assert [row.id for row in shown] == with_lon


async def wait_until(pilot, condition) -> None:
    for _ in range(1000):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("timed out")


async def test_a_save_while_loading_is_never_undone_by_the_older_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    size = FIRST_PAGE_FROM + 200
    db = build(tmp_path / "big.db", size, objectives=10, active=8, activities=20, events=2)
    reads: list[threading.Event] = []  # each complete read, done, waiting to be let through

    def gated(store: Store, today: date, **options: object) -> Snapshot:
        snapshot = gather(store, today, **options)  # type: ignore[arg-type]
        if not options:
            gate = threading.Event()
            reads.append(gate)
            assert gate.wait(30)
        return snapshot

    monkeypatch.setattr(app_module, "gather", gated)
    app = NetgoalsApp(Store.open(db, clock=fixed_clock(NOW)), clock=fixed_clock(NOW))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: len(reads) == 1)  # the first read is done, held
        await pilot.press("1", "a", *"Aardvark fund", "ctrl+s")  # saved while loading
        await wait_until(pilot, lambda: len(reads) == 2)
        await pilot.press(*"jjjjjjjjjjjj")
        records = app.objective_list
        chosen = records.current
        assert app.loading and len(app._people()) == size
        reads[1].set()  # the newer read arrives first ...
        await wait_until(pilot, lambda: not app.loading)
        reads[0].set()  # ... then the older one, read before the save
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Aardvark fund" in [o.title for o in app.objectives]
        assert len(app.contacts_pane.all_rows) == size
        # the counts now wrap differently ("● 1234 contacts"): the cursor kept its record, in view
        assert records.current.id == chosen.id
        start, end = records._span(records.highlighted)
        top = records.scroll_offset.y
        assert top <= start and end <= top + records.size.height


async def test_an_objectives_details_while_loading_count_the_whole_network(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    size = FIRST_PAGE_FROM + 300
    db = build(tmp_path / "big.db", size, objectives=10, active=8, activities=20, events=2)
    with Store.open(db) as store:
        whole = store.matching()
        names = store.contact_summaries()
    release = threading.Event()

    def gated(store: Store, today: date, **options: object) -> Snapshot:
        if not options:  # the complete gather waits until the details have been read
            assert release.wait(30)
        return gather(store, today, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(app_module, "gather", gated)
    app = NetgoalsApp(Store.open(db, clock=fixed_clock(NOW)), clock=fixed_clock(NOW))
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            assert app.loading
            page_ids = {row.id for row in app.contacts_pane.all_rows}
            await pilot.press("1")
            objective = app.objective_list.current
            members = whole.members[objective.id]
            beyond = sorted(names[c][0] for c in members - page_ids)
            assert beyond  # members the first page does not hold
            await pilot.press("enter")
            assert isinstance(app.screen, DetailsScreen)
            assert app.loading  # still loading: the details came from the whole network
            text = screen_text(app)
            assert f"{len(members)} matching contacts" in text
            await pilot.press("escape")
            release.set()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert not app.loading
            assert app.matching.members[objective.id] == members
    finally:
        release.set()
