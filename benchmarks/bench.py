"""The scale benchmark: run as `python benchmarks/bench.py --contacts 30000`.

Builds a synthetic database in a temporary folder, measures the real code paths and prints one
JSON object: each figure is the median of several runs, with what it timed.
"""

from __future__ import annotations

import argparse
import compileall
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

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic import build, linkedin_csv  # noqa: E402

from netgoals.storage import Store  # noqa: E402


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


def probe(*args: str) -> dict[str, float]:
    """Run app_probe.py in a fresh process and read the JSON it prints last."""
    done = subprocess.run(
        [sys.executable, str(HERE / "app_probe.py"), *args],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


DIALOG_KEYS = ("form_open", "save_contact", "help_open", "review_open")


def dialog_figures(db: Path, processes: int) -> dict[str, float]:
    """Each of dialog_probe.py's keys, timed 3 times in each of `processes` fresh processes
    (the first time cold): the median, the 90th percentile and the slowest, in milliseconds."""
    times: dict[str, list[float]] = {key: [] for key in DIALOG_KEYS}
    for _ in range(processes):
        done = subprocess.run(
            [sys.executable, str(HERE / "dialog_probe.py"), str(db), "3"],
            check=True,
            capture_output=True,
            text=True,
        )
        for key, found in json.loads(done.stdout.strip().splitlines()[-1]).items():
            times[key] += found
    figures: dict[str, float] = {}
    for key, found in times.items():
        ordered = sorted(found) or [float("nan")]
        figures[f"{key}_ms"] = round(statistics.median(ordered), 1)
        figures[f"{key}_p90_ms"] = round(ordered[min(len(ordered) - 1, len(ordered) * 9 // 10)], 1)
        figures[f"{key}_max_ms"] = round(ordered[-1], 1)
    return figures


def first_frame(db: Path, runs: int, hello: bool) -> tuple[float, float]:
    """Median seconds from spawning the process to its first frame; and its peak RSS."""
    seconds, rss = [], []
    for _ in range(runs):
        mode = ["hello"] if hello else ["first-frame", str(db)]
        result = probe(*mode, repr(time.time()))
        seconds.append(result["seconds"])
        rss.append(result.get("peak_rss_mb", 0.0))
    return statistics.median(seconds), max(rss)


def matches_json_figures(db: Path, runs: int) -> dict[str, float]:
    """`netgoals matches --json` as a whole process to /dev/null: the median seconds, and the
    largest peak resident memory of a run (each run measured in a fresh child of its own)."""
    script = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
        "seconds = time.perf_counter() - start\n"
        "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(seconds, rss)\n"
    )
    command = [sys.executable, "-m", "netgoals", "--db", str(db), "matches", "--json"]
    seconds, rss = [], []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", script, *command],
            check=True,
            capture_output=True,
            text=True,
        )
        taken, peak = (float(word) for word in done.stdout.split())
        seconds.append(taken)
        rss.append(peak)
    return {"matches_json_s": statistics.median(seconds), "matches_rss_mb": max(rss)}


def compile_package() -> None:
    """Compile netgoals to bytecode, as pip leaves an installed package and as Python leaves
    it after a first run: start-up is then timed as people meet it, on the same footing as
    Textual (compiled when it was installed), whether or not this environment writes bytecode
    (PYTHONDONTWRITEBYTECODE) or the package is an editable checkout."""
    import netgoals

    compileall.compile_dir(Path(netgoals.__file__).parent, quiet=1)


def measure(contacts: int, runs: int, folder: Path, active: int) -> dict[str, object]:
    compile_package()
    db = build(folder / "bench.db", contacts, active=active)
    with Store.open(db) as store:
        store.matching()  # warm the page cache, as a running app would be
        match_all = median_of(runs, store.matching)
        active = len(store.matching().objectives)
    cli_offgoal = median_of(max(3, runs // 2), netgoals_command(db, "offgoal", "--json"))
    matches = matches_json_figures(db, max(3, runs // 2))
    frame, peak_rss = first_frame(db, runs, hello=False)
    hello, _ = first_frame(db, runs, hello=True)
    keys = probe("interact", str(db), str(max(3, runs // 2)))
    dialogs = dialog_figures(db, max(3, runs // 2))
    csv_file = linkedin_csv(folder / "Connections.csv", contacts)

    def import_linkedin() -> None:
        empty = folder / "import.db"
        for side in ("", "-wal", "-shm"):
            Path(f"{empty}{side}").unlink(missing_ok=True)
        netgoals_command(empty, "import", "linkedin", str(csv_file))()

    imported = median_of(max(3, runs // 2), import_linkedin)
    try:
        from importlib.metadata import version

        textual_version = version("textual")
    except Exception:  # pragma: no cover - textual is a dependency
        textual_version = "unknown"
    return {
        "contacts": contacts,
        "active_objectives": active,
        "first_frame_s": round(frame, 3),
        "hello_first_frame_s": round(hello, 3),
        "first_frame_ratio": round(frame / hello, 2),
        "filter_keystroke_ms": round(keys["filter"], 1),
        "offgoal_toggle_ms": round(keys["offgoal"], 1),
        "scroll_page_ms": round(keys["page"], 1),
        "match_all_ms": round(match_all * 1000, 1),
        **dialogs,
        "import_linkedin_s": round(imported, 3),
        "cli_offgoal_s": round(cli_offgoal, 3),
        "peak_rss_mb": round(peak_rss, 1),
        "matches_json_s": round(matches["matches_json_s"], 3),
        "matches_rss_mb": round(matches["matches_rss_mb"], 1),
        "python": platform.python_version(),
        "textual": textual_version,
        "cpus": os.cpu_count(),
        "runs": runs,
        "what": {
            "first_frame_s": "spawning `app_probe.py first-frame` (the real NetgoalsApp on the "
            "database, headless at 120x40) to its first frame drawn with contacts, the "
            "package's bytecode compiled as an install leaves it",
            "hello_first_frame_s": "the same for a Header + Static + Footer app",
            "first_frame_ratio": "first_frame_s / hello_first_frame_s",
            "filter_keystroke_ms": "a character typed in the contacts filter to the contacts "
            "list's last line drawn with the new rows (in a running app)",
            "offgoal_toggle_ms": "`o` pressed to the list drawn with only off-goal contacts",
            "scroll_page_ms": "page-down in the contacts list to the new rows drawn",
            **{
                f"{key}{part}": what + told
                for key, what in (
                    ("form_open", "`a` on the contacts pane to the contact form drawn and settled"),
                    (
                        "save_contact",
                        "ctrl+s on a contact whose role was edited to the contacts "
                        "list drawn with the change",
                    ),
                    ("help_open", "`?` to the help drawn and settled"),
                    (
                        "review_open",
                        "`r` to the pre-event review of the next event drawn and "
                        "settled, the whole network loaded",
                    ),
                )
                for part, told in (
                    (
                        "_ms",
                        ": the median of 3 timings in each of several fresh processes, "
                        "the first one cold (its screen's code not yet loaded)",
                    ),
                    ("_p90_ms", ": the 90th percentile of those timings"),
                    ("_max_ms", ": the slowest of those timings"),
                )
            },
            "match_all_ms": "Store.matching(): every contact against every active objective "
            "(links and keyword phrase look-ups in the FTS5 index), in one warm process",
            "import_linkedin_s": "`python -m netgoals --db NEW import linkedin "
            "Connections.csv` of as many rows as contacts, as a whole process",
            "cli_offgoal_s": "`python -m netgoals --db DB offgoal --json` as a whole process",
            "peak_rss_mb": "the first-frame process's peak resident memory, the app open on "
            "the database with every contact loaded",
            "matches_json_s": "`python -m netgoals --db DB matches --json` as a whole process, "
            "its output to /dev/null",
            "matches_rss_mb": "that process's peak resident memory (ru_maxrss of a fresh child)",
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
