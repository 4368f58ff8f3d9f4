"""The only code that speaks SQL."""

from netgoals.storage.store import Conflict, Gone, Removed, Store

__all__ = ["Conflict", "Gone", "Removed", "Store"]
