"""Measurements taken inside a fresh process, run by bench.py (not a test, not for people).

    python app_probe.py first-frame DB SPAWNED_AT   the real app, headless at 120x40: prints
                                                     when its first frame with contacts was drawn
    python app_probe.py hello SPAWNED_AT             a minimal Textual app, same harness
    python app_probe.py interact DB RUNS             keystroke timings in the real app

Times are wall-clock `time.time()` so that they compare with the parent's spawn time.
"""

from __future__ import annotations

import asyncio
import json
import resource
import statistics
import sys
import time


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def first_frame(db: str, spawned_at: float) -> None:
    from netgoals.storage import Store
    from netgoals.tui.app import NetgoalsApp

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

    Timed(Store.open(db)).run(headless=True, size=(120, 40))


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


async def interact(db: str, runs: int) -> None:
    """Key pressed -> the contacts list drawn again with the new rows (its last line drawn)."""
    from netgoals.storage import Store
    from netgoals.tui.app import NetgoalsApp
    from netgoals.tui.panes.contacts import ContactList

    drawn: list[float] = []
    original = ContactList.render_line

    def spy(self: ContactList, y: int):
        strip = original(self, y)
        drawn.append(time.perf_counter())
        return strip

    ContactList.render_line = spy  # type: ignore[method-assign]
    app = NetgoalsApp(Store.open(db))
    results: dict[str, list[float]] = {"filter": [], "offgoal": [], "page": []}

    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()

        async def timed(key: str, what: str) -> None:
            drawn.clear()
            start = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            for _ in range(200):  # on a loaded machine the drawing may come a little later
                if drawn:
                    break
                await asyncio.sleep(0.005)
            if drawn:
                results[what].append((drawn[-1] - start) * 1000)

        for _ in range(runs):
            await pilot.press("slash")
            for key in "lon":  # "l", "lo", "lon": each narrows the list
                await timed(key, "filter")
            await pilot.press("escape")
            await pilot.pause()
            await timed("o", "offgoal")
            await timed("o", "offgoal")
            await pilot.press("g")
            for _ in range(3):
                await timed("pagedown", "page")
    print(json.dumps({k: statistics.median(v) for k, v in results.items() if v}), flush=True)


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "first-frame":
        first_frame(sys.argv[2], float(sys.argv[3]))
    elif mode == "hello":
        hello(float(sys.argv[2]))
    else:
        asyncio.run(interact(sys.argv[2], int(sys.argv[3])))
