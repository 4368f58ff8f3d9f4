"""The scale benchmark: run as `python benchmarks/bench.py --contacts 30000`.

Builds a synthetic database in a temporary folder, measures the real code paths and prints one
JSON object: each figure is the median of several runs, with what it timed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import build

from netgoals.storage import Store


def median_of(runs: int, work: Callable[[], object]) -> float:
    """Median wall time of `runs` calls of `work`, in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def netgoals_command(db: Path, *args: str) -> Callable[[], object]:
    command = [sys.executable, "-m", "netgoals", "--db", str(db), *args]

    def run() -> object:
        return subprocess.run(command, check=True, capture_output=True)

    return run


def measure(contacts: int, runs: int, folder: Path, active: int) -> dict[str, object]:
    db = build(folder / "bench.db", contacts, active=active)
    with Store.open(db) as store:
        store.matching()  # warm the page cache, as a running app would be
        match_all = median_of(runs, store.matching)
        active = len(store.matching().objectives)
    cli_offgoal = median_of(max(3, runs // 2), netgoals_command(db, "offgoal", "--json"))
    try:
        from importlib.metadata import version

        textual_version = version("textual")
    except Exception:  # pragma: no cover - textual is a dependency
        textual_version = "unknown"
    return {
        "contacts": contacts,
        "active_objectives": active,
        "match_all_ms": round(match_all * 1000, 1),
        "cli_offgoal_s": round(cli_offgoal, 3),
        "python": platform.python_version(),
        "textual": textual_version,
        "cpus": os.cpu_count(),
        "runs": runs,
        "what": {
            "match_all_ms": "Store.matching(): every contact against every active objective "
            "(links and keyword phrase look-ups in the FTS5 index), in one warm process",
            "cli_offgoal_s": "`python -m netgoals --db DB offgoal --json` as a whole process, "
            "start to exit",
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=30_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--active", type=int, default=40, help="active objectives of the 50 (5 keywords each)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="netgoals-bench-") as folder:
        result = measure(args.contacts, args.runs, Path(folder), args.active)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
