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
        # the counts speak of the whole network from the first frame
        title = str(app.contacts_pane.border_title)
        assert title.endswith(f"/{size} off-goal")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert first == FIRST_PAGE
        assert len(app.contacts_pane.all_rows) == size
        assert app.matching.contact_ids and len(app.matching.contact_ids) == size
        # marks were right from the first frame: the matching covers every contact
        await pilot.press("o")
        assert len(app.contact_list.rows) == len(app.matching.offgoal_set)
        await pilot.press("o", "slash", "l", "o", "n")
        assert all("lon" in row.folded for row in app.contact_list.rows)
