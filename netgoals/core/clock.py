"""The only place that asks the system for the time, so tests can fix it."""

from collections.abc import Callable
from datetime import date, datetime

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """Now, in the local time zone, to the second."""
    return datetime.now().astimezone().replace(microsecond=0)


def fixed_clock(moment: datetime | date) -> Clock:
    """A clock stopped at `moment` (a date means its midnight)."""
    if not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day)
    return lambda: moment
