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
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic import build, linkedin_csv  # noqa: E402

from netgoals.storage import Store  # noqa: E402

KEY_ROUNDS_PER_RUN = 3  # rounds of keys per run: 3 filter, 1 off-goal and 3 page keys each


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


def probe(*args: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run app_probe.py in a fresh process and read the JSON it prints last."""
    done = subprocess.run(
        [sys.executable, str(HERE / "app_probe.py"), *args],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, **env} if env else None,
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


def first_frames(db: Path, runs: int) -> tuple[float, float, float, float]:
    """Seconds from spawning the process to its first frame, for the real app and for the
    hello app, run in turns so that the machine's drift over the runs touches both alike:
    the median of each, the median of the pairs' ratios, and the app's peak RSS."""
    frames, hellos, ratios, rss = [], [], [], []
    for _ in range(runs):
        result = probe("first-frame", str(db), repr(time.time()))
        frames.append(result["seconds"])
        rss.append(result.get("peak_rss_mb", 0.0))
        hellos.append(probe("hello", repr(time.time()))["seconds"])
        ratios.append(frames[-1] / hellos[-1])
    return (
        statistics.median(frames),
        statistics.median(hellos),
        statistics.median(ratios),
        max(rss),
    )


BENCH_PASSPHRASE = "a benchmark's passphrase"


def encrypted_first_frames(db: Path, folder: Path, runs: int) -> tuple[float, float] | None:
    """The first frame on an encrypted copy of `db` against the same on `db`, run in turns:
    the median of the encrypted one and the median of the pairs' ratios; None without the
    encryption extra."""
    from netgoals.storage.cipher import Passphrase, available
    from netgoals.storage.database import change_encryption

    if not available():
        return None
    encrypted = folder / "encrypted.db"
    shutil.copyfile(db, encrypted)  # closed, so whole without its log; then encrypted
    change_encryption(encrypted, current=None, new=Passphrase(BENCH_PASSPHRASE))
    frames, ratios = [], []
    for _ in range(runs):
        plain = probe("first-frame", str(db), repr(time.time()))["seconds"]
        secret = {"NETGOALS_PASSPHRASE": BENCH_PASSPHRASE}
        frames.append(
            probe("first-frame", str(encrypted), repr(time.time()), env=secret)["seconds"]
        )
        ratios.append(frames[-1] / plain)
    return statistics.median(frames), statistics.median(ratios)


# the probe's name for each kind of key, and the figure's name in the output
KEYSTROKES = {"filter": "filter_keystroke", "offgoal": "offgoal_toggle", "page": "scroll_page"}


def keystroke_figures(keys: dict[str, Any]) -> dict[str, object]:
    """Median, 90th percentile and maximum milliseconds of each kind of key, from the probe."""
    figures: dict[str, object] = {}
    for kind, name in KEYSTROKES.items():
        spread = keys[kind]
        for stat, suffix in (("median", "ms"), ("p90", "p90_ms"), ("max", "max_ms")):
            value = spread.get(stat)
            figures[f"{name}_{suffix}"] = None if value is None else round(value, 1)
    figures["keystroke_samples"] = {kind: keys[kind]["samples"] for kind in KEYSTROKES}
    figures["keystroke_cpu_ms"] = {
        KEYSTROKES[kind]: {
            stat: round(value, 1) for stat, value in spread.items() if stat != "samples"
        }
        for kind, spread in keys["cpu"].items()
    }
    figures["keystrokes_undrawn"] = keys["undrawn"]
    figures["keystroke_full_collections"] = keys["full_collections"]
    figures["keystroke_full_collection_max_ms"] = round(keys["full_collection_max_ms"], 1)
    return figures


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
    cli_offgoal = median_of(runs, netgoals_command(db, "offgoal", "--json"))
    matches = matches_json_figures(db, runs)
    frame, hello, ratio, peak_rss = first_frames(db, runs)
    encrypted = encrypted_first_frames(db, folder, runs) or (None, None)
    rounds = KEY_ROUNDS_PER_RUN * runs
    keys = probe("interact", str(db), str(rounds))
    dialogs = dialog_figures(db, runs)
    csv_file = linkedin_csv(folder / "Connections.csv", contacts)

    def import_linkedin() -> None:
        empty = folder / "import.db"
        for side in ("", "-wal", "-shm"):
            Path(f"{empty}{side}").unlink(missing_ok=True)
        netgoals_command(empty, "import", "linkedin", str(csv_file))()

    imported = median_of(runs, import_linkedin)
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
        "first_frame_ratio": round(ratio, 2),
        "encrypted_first_frame_s": encrypted[0] and round(encrypted[0], 3),
        "encrypted_first_frame_ratio": encrypted[1] and round(encrypted[1], 2),
        **keystroke_figures(keys),
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
        "keystroke_rounds": rounds,
        "what": {
            "first_frame_s": "spawning `app_probe.py first-frame` (the real NetgoalsApp on the "
            "database, headless at 120x40) to its first frame drawn with contacts, the "
            "package's bytecode compiled as an install leaves it; median of `runs` processes",
            "hello_first_frame_s": "the same for a Header + Static + Footer app, each run "
            "right after one of the real app's",
            "first_frame_ratio": "the median of first_frame_s / hello_first_frame_s over the "
            "pairs of runs",
            "encrypted_first_frame_s": "first_frame_s on an encrypted copy of the database "
            "(netgoals encrypt), its passphrase given as a script gives it "
            "($NETGOALS_PASSPHRASE); null without the 'encrypted' extra",
            "encrypted_first_frame_ratio": "the median of encrypted_first_frame_s / "
            "first_frame_s over pairs of runs taken in turns",
            "filter_keystroke_ms": "a character typed in the contacts filter (l, o, n in turn) "
            "to the contacts list's last line drawn with the new rows, in a running app with "
            "every contact loaded: the median; _p90_ms the 90th percentile (nearest rank), "
            "_max_ms the slowest",
            "filter_keystroke_p90_ms": "see filter_keystroke_ms",
            "filter_keystroke_max_ms": "see filter_keystroke_ms",
            "offgoal_toggle_ms": "`o` pressed to the list drawn with only the off-goal "
            "contacts (the press back to every contact is not timed): the median",
            "offgoal_toggle_p90_ms": "the same, 90th percentile",
            "offgoal_toggle_max_ms": "the same, slowest",
            "scroll_page_ms": "page-down in the contacts list (three from the top) to the new "
            "rows drawn: the median",
            "scroll_page_p90_ms": "the same, 90th percentile",
            "scroll_page_max_ms": "the same, slowest",
            "keystroke_samples": "how many keys of each kind were timed: `keystroke_rounds` "
            "rounds in one process",
            "keystroke_cpu_ms": "the same keys in CPU milliseconds of the app's thread "
            "(median, p90, max): what the app spent itself, whatever else the machine ran",
            "keystrokes_undrawn": "timed keys after which the list drew nothing within 5 s: "
            "counted here, left out of the figures",
            "keystroke_full_collections": "full garbage collections while the keys were timed",
            "keystroke_full_collection_max_ms": "the longest of them, in CPU milliseconds of "
            "the app's thread",
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
                        ": the median of 3 timings in each of `runs` fresh processes, "
                        "the first one cold (its screen's code not yet loaded)",
                    ),
                    ("_p90_ms", ": the 90th percentile of those timings"),
                    ("_max_ms", ": the slowest of those timings"),
                )
            },
            "match_all_ms": "Store.matching(): every contact against every active objective "
            "(links and keyword phrase look-ups in the FTS5 index), in one warm process; "
            "median of `runs`",
            "import_linkedin_s": "`python -m netgoals --db NEW import linkedin "
            "Connections.csv` of as many rows as contacts, as a whole process; median of "
            "`runs`",
            "cli_offgoal_s": "`python -m netgoals --db DB offgoal --json` as a whole process; "
            "median of `runs`",
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
