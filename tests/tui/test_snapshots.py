"""Screenshots of the main screens on the demo data, compared with the accepted ones in
`__snapshots__/` (update them with `pytest --snapshot-update` after checking the change)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tui.conftest import make_app


@pytest.mark.parametrize(
    "size", [(120, 40), (80, 24), (60, 20), (200, 50)], ids=["120x40", "80x24", "60x20", "200x50"]
)
def test_main_screen(snap_compare, demo_db: Path, size):
    assert snap_compare(make_app(demo_db, demo=True), terminal_size=size)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_help_screen(snap_compare, demo_db: Path, size):
    assert snap_compare(make_app(demo_db), terminal_size=size, press=["f1"])


def test_form_with_a_refused_value(snap_compare, demo_db: Path):
    keys = ["a", "E", "v", "e", "tab", "tab", "tab", "n", "o", "p", "e", "ctrl+s"]
    assert snap_compare(make_app(demo_db), terminal_size=(120, 40), press=keys)


def test_contact_details(snap_compare, demo_db: Path):
    keys = ["slash", "p", "r", "i", "y", "a", "enter", "enter"]
    assert snap_compare(make_app(demo_db), terminal_size=(120, 40), press=keys)


def test_off_goal_only(snap_compare, demo_db: Path):
    assert snap_compare(make_app(demo_db), terminal_size=(120, 40), press=["o"])


def test_review(snap_compare, demo_db: Path):
    assert snap_compare(make_app(demo_db), terminal_size=(120, 40), press=["r"])


def test_motivation_pane(snap_compare, demo_db: Path):
    assert snap_compare(make_app(demo_db), terminal_size=(120, 40), press=["3"])


def test_log_activity_form(snap_compare, demo_db: Path):
    keys = ["1", "n", "tab", "tab", "tab", "tab", "p", "r", "i"]
    assert snap_compare(make_app(demo_db), terminal_size=(120, 40), press=keys)


def test_events_list(snap_compare, demo_db: Path):
    assert snap_compare(make_app(demo_db), terminal_size=(120, 40), press=["v"])


def test_review_at_80x24(snap_compare, demo_db: Path):
    assert snap_compare(make_app(demo_db), terminal_size=(80, 24), press=["r"])
