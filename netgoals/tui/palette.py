"""The command palette's commands (ctrl+p): every action by name, with its key, found by its
name or by what it does ("weekly" finds the weekly target)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

# Textual's own command that opens its key panel: the help (?) is the one place for keys
LEFT_OUT = {"Keys"}


class Commands(Provider):
    """The app's commands (`App.get_system_commands`) and the key of each (`command_keys`)."""

    def _commands(self) -> Iterator[tuple[str, str, Any, bool, str]]:
        keys: dict[str, str] = getattr(self.app, "command_keys", {})
        for name, help_text, callback, discover in self.app.get_system_commands(self.screen):
            if name not in LEFT_OUT:
                yield name, help_text, callback, discover, keys.get(name, "")

    @staticmethod
    def _shown(name: Content, key: str) -> Content:
        return Content.assemble(name, (f"   {key}", "bold")) if key else name

    async def discover(self) -> Hits:
        """Every command, by name, each with its key."""
        for name, help_text, callback, discover, key in sorted(self._commands()):
            if discover:
                yield DiscoveryHit(self._shown(Content(name), key), callback, name, help_text)

    async def search(self, query: str) -> Hits:
        """The commands whose name or description match `query` (the name counts more)."""
        matcher = self.matcher(query)
        for name, help_text, callback, _discover, key in self._commands():
            score = max(matcher.match(name), matcher.match(help_text) * 0.8)
            if score > 0:
                yield Hit(
                    score, self._shown(matcher.highlight(name), key), callback, name, help_text
                )


def commands() -> type[Provider]:
    """The provider, imported when the palette first opens."""
    return Commands
