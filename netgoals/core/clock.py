"""The only place that asks the system for the time, so tests can fix it."""

from collections.abc import Callable
from datetime import date, datetime, tzinfo
from zoneinfo import ZoneInfo

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """Now, in the local time zone, to the second."""
    return datetime.now().astimezone().replace(microsecond=0)


def fixed_clock(moment: datetime | date) -> Clock:
    """A clock stopped at `moment` (a date means its midnight)."""
    if not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day)
    return lambda: moment


def local_zone(moment: datetime) -> tzinfo | None:
    """The time zone to show times in, from a clock's reading: its zone when it carries one
    with rules (a ZoneInfo, as a test clock may), else None for the system's own rules (the
    system clock's reading carries only today's offset, wrong on the other side of a change
    of summer time)."""
    return moment.tzinfo if isinstance(moment.tzinfo, ZoneInfo) else None
