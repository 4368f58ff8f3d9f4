"""Who is who: the one rule for "the same person", shared by every import and the backup's merge.

Two records are the same person when they have the same profile URL; else the same email,
unless their profile URLs differ; else the same name and organisation, unless their profile
URLs or emails differ (two "John Smith"s at different URLs are two people).
"""

from __future__ import annotations

import re
from typing import NamedTuple
from unicodedata import normalize
from urllib.parse import unquote


class Identity(NamedTuple):
    """What identifies a person: everything else about them may change."""

    name: str = ""
    organization: str = ""
    email: str = ""
    url: str = ""


def fold(text: str) -> str:
    """Text as compared: one Unicode form, any case, one space between words."""
    return " ".join(normalize("NFC", text).casefold().split())


def phone_key(phone: str) -> str:
    """A phone number as compared: its digits (or the text, when it has none)."""
    return re.sub(r"\D", "", phone) or phone.casefold()


def profile_key(url: str) -> str:
    """A web address as compared: no scheme, www., query, fragment, trailing slash or case,
    and any country version of LinkedIn is LinkedIn (uk.linkedin.com/in/ada = linkedin.com/in/ada).
    """
    text = url.strip()
    if not text:
        return ""
    scheme = text.find("://")
    if scheme != -1:
        text = text[scheme + 3 :]
    text = text.split("#", 1)[0].split("?", 1)[0]
    host, _, path = text.partition("/")
    host = host.rpartition("@")[2].partition(":")[0].casefold().removeprefix("www.")
    if host.endswith(".linkedin.com"):
        host = "linkedin.com"
    path = (unquote(path) if "%" in path else path).rstrip("/").casefold()
    return f"{host}/{path}" if path else host


class _Keys(NamedTuple):
    url: str
    email: str
    name: tuple[str, str]


def _keys(person: Identity) -> _Keys:
    return _Keys(
        profile_key(person.url), fold(person.email), (fold(person.name), fold(person.organization))
    )


def _differ(a: str, b: str) -> bool:
    return bool(a and b and a != b)


def same_person(a: Identity, b: Identity) -> bool:
    """Whether `a` and `b` are the same person, by the rule above."""
    ka, kb = _keys(a), _keys(b)
    if ka.url and ka.url == kb.url:
        return True
    if _differ(ka.url, kb.url):
        return False
    if ka.email and ka.email == kb.email:
        return True
    return not _differ(ka.email, kb.email) and bool(ka.name[0]) and ka.name == kb.name


class PeopleIndex:
    """Many people (by id), to find at once which of them someone may be."""

    def __init__(self) -> None:
        self._by_url: dict[str, list[int]] = {}
        self._by_email: dict[str, list[int]] = {}
        self._by_name: dict[tuple[str, str], list[int]] = {}
        self._keys: dict[int, _Keys] = {}

    def __len__(self) -> int:
        return len(self._keys)

    def add(self, person_id: int, person: Identity) -> None:
        """Index `person` under `person_id`."""
        keys = _keys(person)
        self._keys[person_id] = keys
        if keys.url:
            self._by_url.setdefault(keys.url, []).append(person_id)
        if keys.email:
            self._by_email.setdefault(keys.email, []).append(person_id)
        if keys.name[0]:
            self._by_name.setdefault(keys.name, []).append(person_id)

    def matches(self, person: Identity) -> list[int]:
        """The ids of the people `person` is (by `same_person`), strongest match first: the same
        profile URL, then the same email; the same name and organisation only when neither
        found anyone."""
        if not self._keys:
            return []  # an empty database: the first import of a network
        keys = _keys(person)
        found = list(self._by_url.get(keys.url, ())) if keys.url else []
        if keys.email:
            found += [
                i
                for i in self._by_email.get(keys.email, ())
                if not _differ(self._keys[i].url, keys.url)
            ]
        if not found and keys.name[0]:
            found = [
                i
                for i in self._by_name.get(keys.name, ())
                if not _differ(self._keys[i].url, keys.url)
                and not _differ(self._keys[i].email, keys.email)
            ]
        return list(dict.fromkeys(found))
