"""When the cycle collector runs in the app.

Drawing a frame allocates thousands of short-lived objects (lines, their caches, segments), so
Python's collector would otherwise run a full collection every few keystrokes, and each one
walks every object alive: at 30,000 contacts a pause of 50 to 150 ms in whichever key it lands
on. Instead, the app collects at moments when the screen is being rebuilt anyway: whatever is
alive after a complete read of the network is set aside (`settle`), and what a closed dialog
leaves behind is collected once no key has come for a moment (`IdleCollection`), so that the
collection never lands in the key that follows a closed dialog.
Between those moments only the young generations are collected, as usual.
"""

from __future__ import annotations

import gc
from typing import Protocol

# The oldest generation is never collected automatically while the app runs: Python counts
# young collections towards it, and this many never happen.
NO_AUTOMATIC_FULL_COLLECTION = 1 << 30


def settle() -> None:
    """Collect cyclic garbage now, while the screen is being rebuilt anyway, and set every
    object still alive (the contact rows, the matching, the widgets) aside from later
    collections. Whatever has died since the last call is collected by the next one."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def collect_recent() -> None:
    """Collect the cyclic garbage among the objects made since the last `settle` (a closed
    dialog and its widgets), without walking what `settle` set aside."""
    gc.collect()


def hold_full_collections() -> tuple[int, ...]:
    """Stop automatic full collections (the young generations are still collected); returns
    the thresholds to hand to `release_full_collections`."""
    before = gc.get_threshold()
    young, middle = before[0], before[1] if len(before) > 1 else 10
    gc.set_threshold(young, middle, NO_AUTOMATIC_FULL_COLLECTION)
    return before


def release_full_collections(before: tuple[int, ...]) -> None:
    """Put back the thresholds `hold_full_collections` replaced, and everything set aside."""
    gc.set_threshold(*before)
    gc.unfreeze()


# Seconds without a key after which what closed dialogs left behind is collected: by then the
# screen under them is drawn again and Textual has let go of their last timers.
IDLE_BEFORE_COLLECTING = 1.0


class _Timer(Protocol):
    def stop(self) -> None: ...


class _Timers(Protocol):
    def set_timer(self, delay: float, callback: object) -> _Timer: ...


class IdleCollection:
    """Collects the cyclic garbage of closed dialogs once the keys have paused: a collection
    takes tens of milliseconds at scale, which a person pressing a key would otherwise wait."""

    def __init__(self, app: _Timers) -> None:
        self._app = app
        self._timer: _Timer | None = None

    def request(self) -> None:
        """A dialog has closed: collect after the next pause."""
        self._restart()

    def postpone(self) -> None:
        """A key came: a collection waiting for a pause waits for the next one."""
        if self._timer is not None:
            self._restart()

    def _restart(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self._app.set_timer(IDLE_BEFORE_COLLECTING, self._collect)

    def _collect(self) -> None:
        self._timer = None
        collect_recent()
