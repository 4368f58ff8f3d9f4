"""The only code that speaks SQL."""

from netgoals.storage.store import Removed, Store

__all__ = ["Removed", "Store"]
