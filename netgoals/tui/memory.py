"""When the cycle collector runs in the app.

Drawing a frame allocates thousands of short-lived objects (lines, their caches, segments), so
Python's collector would otherwise run a full collection every few keystrokes, and each one
walks every object alive: at 30,000 contacts a pause of 50 to 150 ms in whichever key it lands
on. Instead, the app collects at moments when the screen is being rebuilt anyway: whatever is
alive after a complete read of the network is set aside (`settle`), and what a closed dialog
leaves behind is collected once the screen under it has been drawn again (`collect_recent`).
Between those moments only the young generations are collected, as usual.
"""

from __future__ import annotations

import gc

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
