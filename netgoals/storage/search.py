"""Keyword look-ups in the contacts' full-text index (the `contact_search` FTS5 table).

Every keyword is sent as one quoted FTS5 phrase, so nothing a person types (`"`, `*`, `AND`,
`NEAR`, `C++`, brackets, emoji) is ever read as query syntax.
"""

from __future__ import annotations

import itertools
import json
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from netgoals.core.matching import KeywordHit, Places
from netgoals.core.models import clean_line
from netgoals.core.text import has_controls
from netgoals.storage.cipher import errors
from netgoals.storage.schema import (
    SEARCH_TRIGGERS,
    SEARCHED_FIELDS,
    TOKENIZER,
    contact_search_statements,
)

INDEX = "contact_search"  # the full-text index of every contact
_page_indexes = itertools.count(1)

_START, _END = "\x02", "\x03"  # highlight markers: control characters never stored in text


def phrase(keyword: str) -> str:
    """`keyword` as one FTS5 phrase: its words, in order, adjacent, and nothing else."""
    return '"' + keyword.replace('"', '""') + '"'


def contacts_with(conn: sqlite3.Connection, keyword: str, index: str = INDEX) -> set[int]:
    """Ids of the contacts whose searched fields contain `keyword` (in `index`: the full index,
    or one made by `index_of`)."""
    try:
        # one string per keyword rather than a row per contact: several times faster to fetch
        (found,) = conn.execute(
            f"SELECT group_concat(rowid) FROM {index} WHERE {index} MATCH ?",
            (phrase(keyword),),
        ).fetchone()
    except errors.OperationalError:
        # A keyword with no letters or digits (e.g. "***" or "🚀") has no words to look for.
        return set()
    # ids joined by commas are a JSON list once bracketed: parsed in C, not int by int
    return set(json.loads(f"[{found}]")) if found else set()


@contextmanager
def index_of(conn: sqlite3.Connection, contact_ids: Iterable[int]) -> Iterator[str]:
    """A temporary full-text index of only `contact_ids`, with the tokenizer of the full one,
    so that `contacts_with` finds in it exactly what it finds for them in the full index. For
    a page of contacts, this costs milliseconds where searching the full index for every
    keyword costs time proportional to the whole network. Yields the index's name."""
    ids = list(contact_ids)
    columns = ", ".join(SEARCHED_FIELDS)
    name = f"page_search_{next(_page_indexes)}"  # its own name: two may be open at once
    conn.execute(f"CREATE VIRTUAL TABLE temp.{name} USING fts5({columns}, tokenize='{TOKENIZER}')")
    try:
        # the index's own copy of the searched text: exactly what the full index holds
        conn.execute(
            f"INSERT INTO temp.{name} (rowid, {columns}) SELECT rowid, {columns} FROM {INDEX}"
            " WHERE rowid IN (SELECT value FROM json_each(?))",
            (json.dumps(ids),),
        )
        yield name
    finally:
        conn.execute(f"DROP TABLE IF EXISTS temp.{name}")


def index_in_step(conn: sqlite3.Connection) -> bool:
    """Whether the full-text index and its triggers exist and hold one row per contact.

    Cheap enough for every open (well under a millisecond at 30,000 contacts): it compares the
    count and the highest id of the index's own table of rows with the contacts'. (A sum of the
    ids would catch more, but reads every row: about 10 ms at 30,000.)
    """
    # One read transaction: another process committing between the reads must not make the
    # index look out of step (and set off a needless rebuild that waits for that writer).
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN")
    try:
        wanted = {INDEX, f"{INDEX}_docsize", *SEARCH_TRIGGERS}
        marks = ", ".join("?" * len(wanted))
        rows = conn.execute(f"SELECT name FROM sqlite_master WHERE name IN ({marks})", (*wanted,))
        found = {row[0] for row in rows}
        if found != wanted:
            return False
        # two queries each: SQLite counts a whole table without reading its rows only on its own
        for query in ("SELECT count(*) FROM {}", "SELECT max(id) FROM {}"):
            (indexed,) = conn.execute(query.format(f"{INDEX}_docsize")).fetchone()
            (stored,) = conn.execute(query.format("contacts")).fetchone()
            if indexed != stored:
                return False
        return True
    finally:
        if own and conn.in_transaction:
            conn.execute("COMMIT")


def repair_index(conn: sqlite3.Connection) -> str | None:
    """Rebuild the full-text index and its triggers, in one transaction, if they are missing or
    out of step with the contacts (every keyword would otherwise silently match nothing).
    Returns a one-line notice saying so, or None when the index was fine."""
    if index_in_step(conn):
        return None
    conn.execute("BEGIN IMMEDIATE")
    try:
        if index_in_step(conn):  # another process rebuilt it meanwhile
            conn.execute("COMMIT")
            return None
        for trigger in SEARCH_TRIGGERS:
            conn.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        conn.execute(f"DROP TABLE IF EXISTS {INDEX}")
        for statement in contact_search_statements():
            conn.execute(statement)
        (count,) = conn.execute(f"SELECT count(*) FROM {INDEX}_docsize").fetchone()
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return (
        f"The search index was missing or out of step with your contacts and has been rebuilt"
        f" ({count} contacts); keyword matches are complete again."
    )


# each highlighted run: from a start marker to the next marker (text another program wrote may
# hold a marker of its own: it is read as `highlight` wrote it, the same by every path)
_MARKED = re.compile(f"{_START}([^{_START}{_END}]*)")


def _found_text(highlighted: str) -> str:
    """The words a keyword matched in a highlighted field, each distinct run once, joined by
    " … "."""
    return _joined_runs(_MARKED.findall(highlighted))


def _joined_runs(runs: Iterable[str]) -> str:
    """Highlighted runs as `_found_text` gives them. The index holds what the table holds,
    which another program may have written: the text is cleaned as a model would clean it."""
    found = " … ".join(dict.fromkeys(runs))
    return clean_line(found) if has_controls(found) else found


def hits_with_detail(
    conn: sqlite3.Connection, keyword: str, contact_ids: Iterable[int] | None = None
) -> list[KeywordHit]:
    """Where `keyword` occurs: one hit per contact and field, with the text it matched.

    Limited to `contact_ids` when given (e.g. the one contact whose details are shown).
    """
    highlights = ", ".join(
        f"highlight({INDEX}, {i}, '{_START}', '{_END}')" for i in range(len(SEARCHED_FIELDS))
    )
    sql = f"SELECT rowid, {highlights} FROM {INDEX} WHERE {INDEX} MATCH ?"
    params: tuple[object, ...] = (phrase(keyword),)
    if contact_ids is not None:
        ids = list(contact_ids)
        sql += f" AND rowid IN ({', '.join('?' * len(ids))})"
        params += tuple(ids)
    try:
        rows = conn.execute(sql, params).fetchall()
    except errors.OperationalError:
        return []
    hits = []
    for row in rows:
        for field, text in zip(SEARCHED_FIELDS, row[1:], strict=True):
            if text and _START in text:
                hits.append(KeywordHit(row[0], keyword, field, _found_text(text)))
    return hits


@contextmanager
def places_finder(conn: sqlite3.Connection) -> Iterator[Callable[[str], dict[int, Places]]]:
    """A function giving, for a keyword, every contact it occurs in -> the fields it occurs in,
    each with the text it matched: what `hits_with_detail` finds, for the whole network, in a
    fraction of the time.

    Everything is read in one snapshot (a read transaction, unless the connection is in one
    already): the texts read first are those the look-ups find. The connection must not
    write while the function is in use.

    Each field is looked up on its own (an FTS5 column filter), so only the field a keyword
    was found in is highlighted, not every field of every contact found. A field whose texts
    recur (companies, roles, places: a few hundred for 30,000 contacts) is looked up in a
    temporary index of its distinct texts, with the tokenizer of the full one, so that each
    is highlighted once, not once per contact.

    In the other fields (notes, tags) a keyword of one word is looked up in a temporary index
    of their distinct words (split at white space, which the tokenizer never keeps inside a
    word), each highlighted once: a one-word keyword's runs in a text are the runs in each of
    its words, in order. When every word it occurs in gives the same run, that run is the
    text of every contact found, and no contact's text is read again. A keyword of several
    words, which may run across white space, is highlighted in each contact's field.
    """
    own_transaction = not conn.in_transaction
    if own_transaction:
        conn.execute("BEGIN")  # deferred: a read snapshot, from the first read on
    cursor = conn.cursor()
    cursor.row_factory = None  # plain tuples: several times cheaper than rows over 100,000s
    columns = ", ".join(SEARCHED_FIELDS)
    shared: dict[str, tuple[str, list[list[int]]]] = {}  # field -> its index, contacts by text
    own: dict[str, dict[int, str]] = {}  # the other fields: contact -> its text
    known: set[str] = set()  # their distinct words
    tables: list[str] = []
    try:
        rows = cursor.execute(f"SELECT rowid, {columns} FROM {INDEX}").fetchall()
        # the rows turned into columns: the contact ids, then each field's texts
        ids, *texts_by_field = (
            zip(*rows, strict=True) if rows else [()] * (1 + len(SEARCHED_FIELDS))
        )
        del rows
        for name, texts in zip(SEARCHED_FIELDS, texts_by_field, strict=True):
            distinct = set(texts)
            distinct.difference_update((None, ""))
            if len(distinct) * 4 > len(ids):  # texts mostly each contact's own (notes)
                own[name] = dict(zip(ids, texts, strict=True))
                known.update(itertools.chain.from_iterable(map(str.split, distinct)))
                continue
            groups: dict[str, list[int]] = {}
            for contact_id, text in zip(ids, texts, strict=True):
                if text:
                    groups.setdefault(text, []).append(contact_id)
            table = _temporary_index(conn, tables, "field_texts", groups)
            shared[name] = (table, list(groups.values()))
        del ids, texts_by_field
        words = list(known)  # in any order: a word is found by its row id
        word_index = _temporary_index(conn, tables, "field_words", words)
        # a keyword's words as the tokenizer counts them, in an index of the keyword alone
        keyword_index = _temporary_index(conn, tables, "keyword", [])
        conn.execute(
            f"CREATE VIRTUAL TABLE temp.{keyword_index}_words"
            f" USING fts5vocab(temp, {keyword_index}, 'instance')"
        )
        tables.append(f"{keyword_index}_words")

        def one_word(keyword: str) -> bool:
            conn.execute(f"DELETE FROM temp.{keyword_index}")
            conn.execute(
                f"INSERT INTO temp.{keyword_index} (rowid, text) VALUES (1, ?)", (keyword,)
            )
            (count,) = cursor.execute(f"SELECT count(*) FROM temp.{keyword_index}_words").fetchone()
            return bool(count == 1)

        def highlighted(table: str, column: int, query: str) -> list[tuple[int, str]]:
            marked = f"highlight({table}, {column}, ?, ?)"
            return cursor.execute(
                f"SELECT rowid, {marked} FROM {table} WHERE {table} MATCH ?", (_START, _END, query)
            ).fetchall()

        def word_by_word(
            name: str, column: int, keyword: str, runs_in: dict[str, list[str]]
        ) -> dict[int, Places]:
            """Where a one-word keyword occurs in field `name`, from the runs in each word."""
            query = f"{{{name}}} : {phrase(keyword)}"
            (joined,) = cursor.execute(
                f"SELECT group_concat(rowid) FROM {INDEX} WHERE {INDEX} MATCH ?", (query,)
            ).fetchone()
            if not joined:
                return {}
            found_ids: list[int] = json.loads(f"[{joined}]")
            texts = own[name]
            runs = set(itertools.chain.from_iterable(runs_in.values()))
            if len(runs) == 1 and set(found_ids) <= texts.keys():
                # whichever of the words each text holds, its text found is that one run
                return dict.fromkeys(found_ids, ((name, _joined_runs(runs)),))
            seen: dict[str, Places] = {}  # text found -> its place
            found: dict[int, Places] = {}
            for contact_id in found_ids:
                text = texts.get(contact_id)
                if text is not None:
                    runs_of = map(runs_in.get, text.split(), itertools.repeat(()))
                    found_text = _joined_runs(itertools.chain.from_iterable(runs_of))
                else:  # written on this connection since the texts were read
                    whole = cursor.execute(
                        f"SELECT highlight({INDEX}, {column}, ?, ?) FROM {INDEX}"
                        f" WHERE {INDEX} MATCH ? AND rowid = ?",
                        (_START, _END, query, contact_id),
                    ).fetchone()
                    found_text = _found_text(whole[0]) if whole else ""
                place = seen.get(found_text)
                if place is None:
                    place = seen[found_text] = ((name, found_text),)
                found[contact_id] = place
            return found

        def places(keyword: str) -> dict[int, Places]:
            found: dict[int, Places] = {}
            try:
                runs_in: dict[str, list[str]] | None = None  # word -> the runs found in it
                if own and one_word(keyword):
                    runs_in = {
                        words[row]: _MARKED.findall(text)
                        for row, text in highlighted(word_index, 0, phrase(keyword))
                    }
                for column, name in enumerate(SEARCHED_FIELDS):
                    if runs_in is not None and name in own:
                        in_field = word_by_word(name, column, keyword, runs_in)
                    else:
                        in_field = {}
                        table, contacts = shared.get(name, (INDEX, []))
                        if table == INDEX:
                            rows = highlighted(INDEX, column, f"{{{name}}} : {phrase(keyword)}")
                        else:
                            rows = highlighted(table, 0, phrase(keyword))
                        seen: dict[str, Places] = {}  # text found -> its place
                        for row, text in rows:
                            found_text = _found_text(text)
                            place = seen.get(found_text)
                            if place is None:
                                place = seen[found_text] = ((name, found_text),)
                            if contacts:
                                in_field.update(dict.fromkeys(contacts[row], place))
                            else:
                                in_field[row] = place
                    # each contact's fields in index order, as `hits_with_detail` gives them
                    for contact_id in found.keys() & in_field.keys():
                        in_field[contact_id] = found[contact_id] + in_field[contact_id]
                    found.update(in_field)
            except errors.OperationalError:
                return {}  # a keyword with no words to look for: no field has it
            return found

        yield places
    finally:
        for table in reversed(tables):
            conn.execute(f"DROP TABLE IF EXISTS temp.{table}")
        if own_transaction and conn.in_transaction:
            conn.execute("COMMIT")


def _temporary_index(
    conn: sqlite3.Connection, tables: list[str], prefix: str, texts: Iterable[str]
) -> str:
    """A temporary full-text index of `texts` (row ids 0, 1, ...), with the tokenizer of the
    full one; its name is added to `tables`, which are dropped when done."""
    table = f"{prefix}_{next(_page_indexes)}"
    conn.execute(f"CREATE VIRTUAL TABLE temp.{table} USING fts5(text, tokenize='{TOKENIZER}')")
    tables.append(table)
    conn.executemany(f"INSERT INTO temp.{table} (rowid, text) VALUES (?, ?)", enumerate(texts))
    return table
