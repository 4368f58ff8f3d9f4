"""No file or command can exhaust time or memory.

Time and memory are bounded through the operating system, in a child process: a CPU-seconds
limit (RLIMIT_CPU) or an address-space limit (RLIMIT_AS) far above what the work needs, and far
below what quadratic time or a file held as millions of small objects would take.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

resource = pytest.importorskip("resource")  # POSIX only

ROOT = Path(__file__).resolve().parents[2]


def run_limited(
    code: str, *, cpu_seconds: int | None = None, memory_mb: int | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `code` in a fresh Python with these limits; the child is killed when over."""
    limits = ""
    if cpu_seconds is not None:
        limits += f"resource.setrlimit(resource.RLIMIT_CPU, ({cpu_seconds}, {cpu_seconds}))\n"
    if memory_mb is not None:
        size = memory_mb * 1024 * 1024
        limits += f"resource.setrlimit(resource.RLIMIT_AS, ({size}, {size}))\n"
    program = "import resource\n" + limits + textwrap.dedent(code)
    return subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, cwd=ROOT, check=False
    )


# --- vCard: quoted-printable soft line breaks --------------------------------------------------


def test_a_long_quoted_printable_note_is_unfolded_in_linear_time():
    # 8 MB of soft line breaks: seconds of CPU when joined once, minutes when joined quadratically
    done = run_limited(
        """
        from netgoals.formats.vcard import parse_vcard

        line = "=C3=A9t=C3=A9 ab" * 4 + "abcdefghijk="
        count = 8_000_000 // (len(line) + 2)
        text = (
            "BEGIN:VCARD\\r\\nVERSION:2.1\\r\\nFN:Ada\\r\\n"
            "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:"
            + "\\r\\n".join([line] * count)
            + "\\r\\nend\\r\\nEND:VCARD\\r\\n"
        )
        (row,) = parse_vcard(text).rows
        note = row.fields["notes"]
        assert note == ("été ab" * 4 + "abcdefghijk") * count + "end", note[:80]
        print("read", len(note))
        """,
        cpu_seconds=10,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("read ")
