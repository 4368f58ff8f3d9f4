"""Timings of the keys that open a screen or save, taken in a fresh process (run by bench.py;
not a test, not for people).

    python dialog_probe.py DB REPEATS     the real app, headless at 120x40, on DB

Each key is timed REPEATS times in the one process, the first time cold (its screen's code
not yet imported), as a person meets it after opening the app:

    form_open     `a` on the contacts pane to the contact form drawn and settled
    save_contact  ctrl+s on an edited contact to the list drawn with the change
    help_open     `?` to the help drawn and settled
    review_open   `r` to the pre-event review drawn and settled

"Drawn" is a frame the app composed (headless, it is composed and not sent to a terminal);
"settled" is the last frame before the app has drawn nothing for QUIET seconds (the time
measured ends at that frame, not after the quiet). Prints one JSON object: each key's times in
milliseconds.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections.abc import Callable
from datetime import datetime
from datetime import time as clock_time
from typing import Any

from synthetic import TODAY

QUIET = 0.05  # seconds without a new frame after which a screen counts as settled
PATIENCE = 30.0  # seconds after which a key that never drew counts as failed


async def measure(db: str, repeats: int) -> dict[str, list[float]]:
    from netgoals.core.clock import fixed_clock
    from netgoals.storage import Store
    from netgoals.tui.app import NetgoalsApp

    # the synthetic network's own day: its next event is one with people to seek
    clock = fixed_clock(datetime.combine(TODAY, clock_time(9)))
    frames: list[tuple[float, bool]] = []  # (when, whether `wanted` held in that frame)
    wanted: list[Callable[[], bool]] = [lambda: False]

    class Probed(NetgoalsApp):
        def _display(self, screen: Any, renderable: Any) -> None:
            super()._display(screen, renderable)
            if renderable is not None:
                frames.append((time.perf_counter(), wanted[0]()))

    app = Probed(Store.open(db, clock=clock), clock=clock)
    results: dict[str, list[float]] = {
        "form_open": [],
        "save_contact": [],
        "help_open": [],
        "review_open": [],
    }

    async with app.run_test(size=(120, 40)) as pilot:
        # the whole network loaded, as it is a moment after start-up
        deadline = time.monotonic() + PATIENCE
        while app.loading and time.monotonic() < deadline:
            await pilot.pause(0.02)
        await app.workers.wait_for_complete()
        await pilot.pause()

        async def timed(
            keys: tuple[str, ...], condition: Callable[[], bool], *, settled: bool
        ) -> float | None:
            """Press `keys`; milliseconds to the first frame in which `condition` held, or
            with `settled` to the last such frame before the drawing went quiet."""
            wanted[0] = condition
            frames.clear()
            start = time.perf_counter()
            await pilot.press(*keys)
            deadline = time.monotonic() + PATIENCE
            seen = 0
            while time.monotonic() < deadline:
                await pilot.pause()
                if not any(ok for _at, ok in frames):
                    await asyncio.sleep(0.005)  # a write in a worker thread may not have landed
                    continue
                if not settled:
                    break
                if len(frames) == seen:
                    break  # nothing drawn during the last quiet period: settled
                seen = len(frames)
                await asyncio.sleep(QUIET)
            wanted[0] = lambda: False
            drawn = [at for at, ok in frames if ok]
            if not drawn:
                return None
            return ((drawn[-1] if settled else drawn[0]) - start) * 1000

        def record(what: str, taken: float | None) -> None:
            if taken is not None:
                results[what].append(taken)

        def on_main() -> bool:
            return len(app.screen_stack) == 1

        def screen_named(name: str) -> Callable[[], bool]:
            return lambda: type(app.screen).__name__ == name

        for _ in range(repeats):
            app.contact_list.focus()
            await pilot.pause()
            record("form_open", await timed(("a",), screen_named("ModelForm"), settled=True))
            await pilot.press("escape")
            await pilot.pause()

            # edit the role of the contact under the cursor (name, organisation, role)
            row = app.contact_list.current
            assert row is not None
            await pilot.press("e")
            await pilot.pause()
            suffix = f" x{len(results['save_contact'])}"
            await pilot.press("tab", "tab", "end", "space", *suffix.strip())
            role = row.role + suffix

            def saved(contact_id: int = row.id, role: str = role) -> bool:
                return on_main() and any(
                    r.id == contact_id and r.role == role for r in app.contact_list.rows
                )

            record("save_contact", await timed(("ctrl+s",), saved, settled=False))
            await pilot.pause()

            record(
                "help_open",
                await timed(("question_mark",), screen_named("HelpScreen"), settled=True),
            )
            await pilot.press("escape")
            await pilot.pause()

            record("review_open", await timed(("r",), screen_named("ReviewScreen"), settled=True))
            await pilot.press("escape")
            await pilot.pause()
    return results


if __name__ == "__main__":
    found = asyncio.run(measure(sys.argv[1], int(sys.argv[2])))
    print(json.dumps(found), flush=True)
