"""Writes to the database off the interface's thread, one at a time.

A `Writer` is an invisible widget on a screen: each `Writer.Job` posted to it runs in a worker
thread while the screen and its keys go on answering; its result (or refusal) is handed back
on the interface's thread. The writer handles one job at a time, so a screen's writes land in
the order they were asked for, and a test driving the app waits for a pending write as it
waits for any other pending work of the screen.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on
from textual.message import Message
from textual.widget import Widget
from textual.worker import WorkerFailed

from netgoals.core.clock import Clock
from netgoals.storage import Store
from netgoals.storage.database import BUSY_TIMEOUT_MS

if TYPE_CHECKING:
    from netgoals.storage.cipher import Passphrase


class WriteConnection:
    """The app's one connection for writing, apart from the one the screen reads through (a
    write waiting for another program's lock never holds up a read), used by one thread at a
    time."""

    def __init__(
        self,
        path: Path,
        clock: Clock,
        busy_timeout_ms: int = BUSY_TIMEOUT_MS,
        passphrase: Passphrase | None = None,
    ) -> None:
        self.path = path
        self.passphrase = passphrase  # an encrypted file's, else None
        self.clock = clock
        self.busy_timeout_ms = busy_timeout_ms
        self._store: Store | None = None
        self._lock = threading.Lock()

    def run(self, write: Callable[[Store], Any]) -> Any:
        """Run `write` on the write connection (opened when first needed); blocks, so call it
        from a worker thread."""
        with self._lock:
            if self._store is None:
                self._store = Store.open(
                    self.path,
                    clock=self.clock,
                    create=False,
                    busy_timeout_ms=self.busy_timeout_ms,
                    passphrase=self.passphrase,
                )
            return write(self._store)

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None


class Writer(Widget):
    """Runs posted jobs in a worker thread, one after another."""

    DEFAULT_CSS = "Writer { display: none; }"

    @dataclass
    class Job(Message):
        """`work` to run in a thread; then `done(result)` or `failed(error)` on the
        interface's thread."""

        work: Callable[[], Any]
        done: Callable[[Any], None]
        failed: Callable[[BaseException], None]

    def __init__(self) -> None:
        super().__init__()
        self.busy = False

    def submit(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        """Queue `work`; it runs once the jobs before it are finished."""
        self.post_message(self.Job(work, done, failed))

    @on(Job)
    async def _run(self, job: Job) -> None:
        # Awaiting here holds only this widget's queue: the next job waits, the screen does not.
        self.busy = True
        worker = self.run_worker(job.work, thread=True, exit_on_error=False, group="write")
        try:
            result = await worker.wait()
        except WorkerFailed as failure:
            self.busy = False
            job.failed(failure.error)
        else:
            self.busy = False
            job.done(result)
