"""Measurements taken inside a fresh process, run by bench.py (not a test, not for people).

    python app_probe.py first-frame DB SPAWNED_AT   the real app, headless at 120x40: prints
                                                     when its first frame with contacts was drawn
    python app_probe.py hello SPAWNED_AT             a minimal Textual app, same harness
    python app_probe.py interact DB ROUNDS           keystroke timings in the real app,
                                                     once every contact is loaded

Times are wall-clock `time.time()` so that they compare with the parent's spawn time.
"""

from __future__ import annotations

import asyncio
import gc
import json
import math
import resource
import statistics
import sys
import time

UNDRAWN_AFTER = 5.0  # seconds after a key with nothing drawn: counted as undrawn
LOAD_TIMEOUT = 300.0  # seconds for the background load of the whole network


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def first_frame(db: str, spawned_at: float) -> None:
    import os

    from netgoals.storage import Store
    from netgoals.tui.app import NetgoalsApp

    # an encrypted database's passphrase, as a script gives it; none for a plain one
    secret = os.environ.get("NETGOALS_PASSPHRASE", "")

    class Timed(NetgoalsApp):
        def on_mount(self) -> None:
            # Textual calls this before NetgoalsApp.on_mount: the callback runs after the frame
            # that NetgoalsApp.on_mount's contacts are drawn in
            self.call_after_refresh(self._drawn)

        def _drawn(self) -> None:
            self.frame_at = time.time() - spawned_at
            self.set_interval(0.02, self._poll_loaded)

        def _poll_loaded(self) -> None:
            # memory is read once every contact is loaded (the background load has finished)
            if len(self.contacts_pane.all_rows) < self.store.contact_count():
                return
            print(json.dumps({"seconds": self.frame_at, "peak_rss_mb": _peak_rss_mb()}), flush=True)
            self.exit()

    if secret:
        from netgoals.storage.cipher import Passphrase

        store = Store.open(db, passphrase=Passphrase(secret))
    else:
        store = Store.open(db)
    Timed(store).run(headless=True, size=(120, 40))


def hello(spawned_at: float) -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Static

    class Hello(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("Hello")
            yield Footer()

        def on_mount(self) -> None:
            self.call_after_refresh(self._drawn)

        def _drawn(self) -> None:
            print(json.dumps({"seconds": time.time() - spawned_at}), flush=True)
            self.exit()

    Hello().run(headless=True, size=(120, 40))


def summary(samples: list[float]) -> dict[str, float | int]:
    """Median, 90th percentile (nearest rank: at least 90% of samples are at or below it) and
    maximum of `samples`, and how many there were."""
    ordered = sorted(samples)
    if not ordered:
        return {"samples": 0}
    rank = max(math.ceil(0.9 * len(ordered)) - 1, 0)
    return {
        "median": statistics.median(ordered),
        "p90": ordered[rank],
        "max": ordered[-1],
        "samples": len(ordered),
    }


async def interact(db: str, rounds: int) -> None:
    """Key pressed -> the contacts list drawn again with the new rows (its last line drawn),
    once the whole network has loaded, over `rounds` rounds of keys in one running app."""
    from netgoals.storage import Store
    from netgoals.tui.app import NetgoalsApp
    from netgoals.tui.panes.contacts import ContactList

    drawn: list[tuple[float, float]] = []  # (wall, CPU) seconds when each line was drawn
    original = ContactList.render_line

    def spy(self: ContactList, y: int):
        strip = original(self, y)
        drawn.append((time.perf_counter(), time.thread_time()))
        return strip

    ContactList.render_line = spy  # type: ignore[method-assign]
    app = NetgoalsApp(Store.open(db))
    samples: dict[str, list[float]] = {"filter": [], "offgoal": [], "page": []}
    # the same in CPU time of this thread, where the app runs: what it spent itself, whatever
    # else the machine was doing meanwhile
    cpu: dict[str, list[float]] = {"filter": [], "offgoal": [], "page": []}
    undrawn = 0  # keys after which the list drew nothing within UNDRAWN_AFTER seconds
    started: list[float] = []  # when the running collection started, in CPU seconds
    full: list[float] = []  # CPU milliseconds of each full (oldest generation) collection

    def collected(phase: str, info: dict[str, int]) -> None:
        # CPU time of this thread, so that other processes on the machine do not count
        if phase == "start":
            started[:] = [time.thread_time()]
        elif info["generation"] == 2 and started:
            full.append((time.thread_time() - started[0]) * 1000)

    async with app.run_test(size=(120, 40)) as pilot:
        # keys are timed as people meet them once every contact is loaded, not on a first page
        deadline = time.perf_counter() + LOAD_TIMEOUT
        while app.loading or len(app.contacts_pane.all_rows) < app.total:
            if time.perf_counter() > deadline:
                raise SystemExit(f"the network was not loaded within {LOAD_TIMEOUT} s")
            await pilot.pause(0.01)
        await pilot.pause()

        async def press(key: str) -> tuple[float, float] | None:
            """Wall and CPU milliseconds from `key` to the list's last line drawn, or None if
            it drew nothing."""
            drawn.clear()
            start, start_cpu = time.perf_counter(), time.thread_time()
            await pilot.press(key)
            await pilot.pause()
            while not drawn and time.perf_counter() - start < UNDRAWN_AFTER:
                await asyncio.sleep(0.005)  # on a loaded machine the drawing may come later
            if not drawn:
                return None
            wall, used = drawn[-1]
            return (wall - start) * 1000, (used - start_cpu) * 1000

        async def timed(key: str, what: str) -> None:
            nonlocal undrawn
            elapsed = await press(key)
            if elapsed is None:
                undrawn += 1
            else:
                samples[what].append(elapsed[0])
                cpu[what].append(elapsed[1])

        gc.callbacks.append(collected)
        try:
            for _ in range(rounds):
                await pilot.press("slash")
                for key in "lon":  # "l", "lo", "lon": each narrows the list
                    await timed(key, "filter")
                await press("escape")  # every contact again, not timed
                await timed("o", "offgoal")  # only the off-goal contacts
                await press("o")  # back to every contact, not timed
                await press("g")
                for _ in range(3):
                    await timed("pagedown", "page")
        finally:
            gc.callbacks.remove(collected)
    result: dict[str, object] = {what: summary(values) for what, values in samples.items()}
    result["cpu"] = {what: summary(values) for what, values in cpu.items()}
    result["undrawn"] = undrawn
    result["full_collections"] = len(full)
    result["full_collection_max_ms"] = max(full, default=0.0)
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "first-frame":
        first_frame(sys.argv[2], float(sys.argv[3]))
    elif mode == "hello":
        hello(float(sys.argv[2]))
    else:
        asyncio.run(interact(sys.argv[2], int(sys.argv[3])))
