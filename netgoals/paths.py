"""Where netgoals keeps its files unless told otherwise."""

import os
from pathlib import Path

APP_NAME = "netgoals"


def data_dir() -> Path:
    """The platform's per-user data folder for netgoals (e.g. ~/.local/share/netgoals)."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def default_db_path() -> Path:
    """$NETGOALS_DB if set, else netgoals.db in the user data folder."""
    env = os.environ.get("NETGOALS_DB", "").strip()
    if env:
        return Path(env).expanduser()
    return data_dir() / "netgoals.db"


def default_demo_path() -> Path:
    """The demo's own file, beside (never instead of) the user's database."""
    return data_dir() / "demo.db"
