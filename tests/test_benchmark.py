"""The benchmark still runs (at a small size); its figures are read by people, not asserted."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "bench.py"


def test_benchmark_runs_at_small_size_and_prints_every_key():
    done = subprocess.run(
        [sys.executable, str(BENCH), "--contacts", "300", "--runs", "1"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    keys = (
        "first_frame_s",
        "hello_first_frame_s",
        "first_frame_ratio",
        "encrypted_first_frame_s",
        "encrypted_first_frame_ratio",
        "filter_keystroke_ms",
        "filter_keystroke_p90_ms",
        "filter_keystroke_max_ms",
        "offgoal_toggle_ms",
        "offgoal_toggle_p90_ms",
        "offgoal_toggle_max_ms",
        "scroll_page_ms",
        "scroll_page_p90_ms",
        "scroll_page_max_ms",
        "keystroke_samples",
        "keystroke_cpu_ms",
        "keystrokes_undrawn",
        "keystroke_full_collections",
        "keystroke_full_collection_max_ms",
        "match_all_ms",
        "import_linkedin_s",
        "cli_offgoal_s",
        "matches_json_s",
        "matches_rss_mb",
        "peak_rss_mb",
        "python",
        "textual",
        "runs",
        "keystroke_rounds",
        "what",
    )
    for key in keys:
        assert key in result
    assert result["contacts"] == 300
    assert all(key in result for key in result["what"])
    # every figure says what it timed
    described = set(result["what"])
    figures = {key for key in keys if key.endswith(("_ms", "_s", "_mb", "_ratio"))}
    assert figures <= described, figures - described
    # the dialogs' keys, timed in fresh processes: measured, not missing (which would be nan)
    for key in ("form_open", "save_contact", "help_open", "review_open"):
        for part in ("_ms", "_p90_ms", "_max_ms"):
            assert result[key + part] > 0, key + part
        assert result[f"{key}_ms"] <= result[f"{key}_p90_ms"] <= result[f"{key}_max_ms"]
        assert f"{key}_ms" in described
