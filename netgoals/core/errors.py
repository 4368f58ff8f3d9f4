"""The one exception type a person is meant to read."""


class NetgoalsError(Exception):
    """A problem the user can act on, stated in one line (no traceback is ever shown for it)."""
