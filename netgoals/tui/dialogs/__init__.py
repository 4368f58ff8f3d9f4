"""The screens and dialogs opened over the main screen.

Each is imported when first used (`dialogs.ConfirmDialog` imports `dialogs.confirm`), as
`textual.widgets` does for its widgets: the first frame does not pay for forms nobody opened.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from netgoals.tui.dialogs.capture import CaptureScreen
    from netgoals.tui.dialogs.confirm import ConfirmDialog
    from netgoals.tui.dialogs.details import DetailsScreen
    from netgoals.tui.dialogs.editors import (
        REMOVE_LINK,
        activity_form,
        contact_form,
        event_form,
        link_form,
        objective_form,
        settings_form,
    )
    from netgoals.tui.dialogs.events import EventsScreen
    from netgoals.tui.dialogs.help import HelpScreen
    from netgoals.tui.dialogs.importer import ImportScreen
    from netgoals.tui.dialogs.review import ReviewScreen

_MODULE_OF = {
    "CaptureScreen": "capture",
    "ConfirmDialog": "confirm",
    "DetailsScreen": "details",
    "REMOVE_LINK": "editors",
    "activity_form": "editors",
    "contact_form": "editors",
    "event_form": "editors",
    "link_form": "editors",
    "objective_form": "editors",
    "settings_form": "editors",
    "EventsScreen": "events",
    "HelpScreen": "help",
    "ImportScreen": "importer",
    "ReviewScreen": "review",
}

__all__ = [
    "REMOVE_LINK",
    "CaptureScreen",
    "ConfirmDialog",
    "DetailsScreen",
    "EventsScreen",
    "HelpScreen",
    "ImportScreen",
    "ReviewScreen",
    "activity_form",
    "contact_form",
    "event_form",
    "link_form",
    "objective_form",
    "settings_form",
]


def __getattr__(name: str) -> Any:
    if name not in _MODULE_OF:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_MODULE_OF[name]}"), name)
    globals()[name] = value  # found directly from now on
    return value
