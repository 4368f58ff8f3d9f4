"""A network too large to read before the first frame: a first page, then the rest."""

from __future__ import annotations

import sys
from pathlib import Path

from netgoals.core.clock import fixed_clock
from netgoals.storage import Store
from netgoals.tui.app import FIRST_PAGE, FIRST_PAGE_FROM, NetgoalsApp
from tests.tui.conftest import NOW

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from synthetic import build


async def test_a_large_network_loads_its_first_page_then_everything(tmp_path: Path):
    size = FIRST_PAGE_FROM + 500
    db = build(tmp_path / "big.db", size, objectives=10, active=8, activities=50, events=2)
    app = NetgoalsApp(Store.open(db, clock=fixed_clock(NOW)), clock=fixed_clock(NOW))
    async with app.run_test(size=(120, 40)) as pilot:
        first = len(app.contacts_pane.all_rows)
        page_ids = [row.id for row in app.contacts_pane.all_rows]
        page_offgoal = set(app.contact_list.offgoal)
        # the first frame counts nothing it has not read, and says so
        assert str(app.contacts_pane.border_title) == f"Contacts: {size:,} · counting off-goal…"
        assert "counting contacts…" in str(app.objective_list.get_option_at_index(0).prompt)
        assert "Reading 5,500 contacts" in app.query_one("#motivation-text").visual.plain
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert first == FIRST_PAGE
        assert len(app.contacts_pane.all_rows) == size
        assert app.matching.complete and len(app.matching.contact_ids) == size
        title = str(app.contacts_pane.border_title)
        assert title == f"Contacts: ○ {len(app.matching.offgoal_set):,}/{size:,} off-goal"
        assert "counting" not in str(app.objective_list.get_option_at_index(0).prompt)
        # the first page's marks were those of the whole network's matching
        assert page_offgoal == app.matching.offgoal_set & set(page_ids)
        assert 0 < len(page_offgoal) < len(page_ids)
        await pilot.press("o")
        assert len(app.contact_list.rows) == len(app.matching.offgoal_set)
        await pilot.press("o", "slash", "l", "o", "n")
        assert all("lon" in row.folded for row in app.contact_list.rows)
