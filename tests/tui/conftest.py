"""Fixtures for driving the real app: a demo database in a temporary folder, a fixed clock."""

from __future__ import annotations

import io
from datetime import date, datetime, time
from pathlib import Path

import pytest
from rich.console import Console

from netgoals.core.clock import fixed_clock
from netgoals.demo import build_demo
from netgoals.storage import Store
from netgoals.tui.app import NetgoalsApp

TODAY = date(2026, 11, 25)  # a Wednesday
NOW = datetime.combine(TODAY, time(9, 30))


@pytest.fixture
def demo_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The demo network, built for a fixed day, at the relative path `demo.db` (so that the
    header, which names the database, reads the same in every run)."""
    monkeypatch.chdir(tmp_path)
    with Store.open("demo.db", clock=fixed_clock(NOW)) as store:
        build_demo(store, TODAY)
    return Path("demo.db")


@pytest.fixture
def empty_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    Store.open("mine.db").close()
    return Path("mine.db")


def make_app(path: Path, *, demo: bool = False) -> NetgoalsApp:
    return NetgoalsApp(Store.open(path, clock=fixed_clock(NOW)), demo=demo, clock=fixed_clock(NOW))


def screen_text(app: NetgoalsApp) -> str:
    """Everything on the screen as plain text, line by line, as a person reads it (rendered
    the way `App.export_screenshot` renders, then exported as text instead of SVG)."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text()


def row_text(app: NetgoalsApp) -> list[str]:
    """The visible lines of the contacts list, as drawn."""
    contact_list = app.contact_list
    return [contact_list.render_line(y).text.rstrip() for y in range(contact_list.size.height)]
