"""Screenshots of the contact form at every terminal size it must fit, compared with the
accepted ones in `__snapshots__/` (update them with `pytest --snapshot-update` after checking
that each label sits above its own field and the keys line shows)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tui.conftest import make_app

SIZES = [(60, 20), (80, 24), (120, 40), (200, 50)]


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_contact_form(snap_compare, demo_db: Path, size):
    # an empty save: the first field refused, named, and shown with its label
    assert snap_compare(make_app(demo_db), terminal_size=size, press=["a", "ctrl+s"])
