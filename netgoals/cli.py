"""The command line: parse, call the layers below, print.

A user error (a missing file, a bad value, a database that is not netgoals') is one line on
stderr and exit status 1, never a traceback.
"""

from __future__ import annotations

import operator
import os
import re
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import compress, repeat
from pathlib import Path
from typing import Any, TextIO

import click

from netgoals import __version__
from netgoals.core.clock import Clock, system_clock
from netgoals.core.errors import NetgoalsError
from netgoals.core.text import escape_controls
from netgoals.core.words import plural


@dataclass
class Context:
    db: Path | None  # given with --db, or None for $NETGOALS_DB / the default location
    clock: Clock = system_clock
    # damaged records the command left out, printed as warnings once it has succeeded
    damaged: list[str] = field(default_factory=list)
    passphrase_file: Path | None = None  # given with --passphrase-file before the command

    def path(self) -> tuple[Path, bool]:
        """The database path, and whether its folder may be created (only for the default)."""
        from netgoals import paths

        try:
            if self.db is not None:
                return self.db.expanduser(), False
            env = os.environ.get("NETGOALS_DB", "").strip()
            return paths.default_db_path(), not env
        except RuntimeError as error:  # "~nobody/x.db": no such home folder
            raise NetgoalsError(f"cannot find that path ({error})") from None

    def store(self, *, create: bool = True, unlock=None):  # -> Store (imported lazily)
        """The database, opened. An encrypted one is opened with the passphrase given (a
        file, $NETGOALS_PASSPHRASE), else asked for on a terminal: by `unlock(path, open)`
        when given (the app's passphrase screen), else on standard error."""
        path, create_folder = self.path()
        return self._told(
            self._open(path, create=create, create_folder=create_folder, unlock=unlock)
        )

    def passphrase(self, file: Path | None = None):  # -> Passphrase | None
        """The passphrase given for a script: read from `file` (else --passphrase-file),
        else $NETGOALS_PASSPHRASE; None when neither is given."""
        from netgoals.storage.cipher import Passphrase

        file = file or self.passphrase_file
        if file is not None:
            return Passphrase(_read_passphrase(file))
        secret = os.environ.get("NETGOALS_PASSPHRASE", "")
        return Passphrase(secret) if secret else None

    def _open(self, path: Path, *, unlock=None, **options):  # -> Store
        from netgoals.storage import Store
        from netgoals.storage.cipher import Passphrase
        from netgoals.storage.database import PassphraseNeeded

        given = self.passphrase()
        try:
            return Store.open(path, clock=self.clock, passphrase=given, **options)
        except PassphraseNeeded as needed:
            if not sys.stdin.isatty():
                raise NetgoalsError(
                    f"{needed}: give it with --passphrase-file FILE or NETGOALS_PASSPHRASE"
                ) from None

        def open_with(secret: str):  # -> Store
            return Store.open(path, clock=self.clock, passphrase=Passphrase(secret), **options)

        if unlock is not None:
            return unlock(path, open_with)
        return open_with(_ask_passphrase(f"Passphrase for {path}", twice=False))

    @contextmanager
    def import_store(self, *, dry_run: bool) -> Iterator:  # -> Iterator[Store]
        """The store to import into. A dry run into a database that does not exist yet uses a
        scratch copy. An import into a new database is written under a private name and takes
        the database's name only once it is whole, so a failed or interrupted import leaves
        nothing behind and never removes a file another process may be using."""
        from netgoals.storage import Store
        from netgoals.storage.database import new_database

        path, create_folder = self.path()
        if path.exists():
            with self._told(self._open(path)) as store:
                yield store
        elif dry_run:
            with (
                tempfile.TemporaryDirectory(prefix="netgoals-") as scratch,
                Store.open(Path(scratch) / "dry-run.db", clock=self.clock) as store,
            ):
                yield store
        else:
            with (
                new_database(path, create_folder=create_folder) as building,
                Store.open(building, clock=self.clock) as store,
            ):
                store.path = path  # what messages name: the file the import is for
                yield store

    def _told(self, store):  # (Store) -> Store
        """`store`, once what was put right when opening it has been said on standard error;
        the damaged records it meets are collected to be named after the command's output."""
        for notice in store.notices:
            click.echo(f"netgoals: {_printable(notice)}", err=True)
        store.on_damage = self.damaged.append
        return store


def _read_passphrase(file: Path) -> str:
    """The first line of `file`, without its line break: a passphrase given to a script."""
    try:
        with file.expanduser().open("rb") as handle:
            line = handle.readline(65_536)
    except OSError as error:
        raise NetgoalsError(f"cannot read the passphrase file {file} ({error.strerror})") from None
    try:
        secret = line.decode("utf-8").removesuffix("\n").removesuffix("\r")
    except UnicodeDecodeError:
        raise NetgoalsError(f"the passphrase file {file} is not UTF-8 text") from None
    if not secret:
        raise NetgoalsError(f"the passphrase file {file} holds no passphrase on its first line")
    return secret


def _given_or_asked(obj: Context, passphrase_file: Path | None, command: str, question: str):
    """The passphrase given (a file, NETGOALS_PASSPHRASE) or else typed on the terminal: a new
    one twice (to `encrypt`), the current one once (to `decrypt`)."""
    given = obj.passphrase(passphrase_file)
    if given is not None:
        return given
    wanted = "a new passphrase" if command == "encrypt" else "the passphrase"
    if not sys.stdin.isatty():
        raise NetgoalsError(
            f"netgoals {command} needs {wanted}: type it on a terminal, or give it "
            "with --passphrase-file FILE or NETGOALS_PASSPHRASE"
        )
    from netgoals.storage.cipher import Passphrase

    return Passphrase(_ask_passphrase(question, twice=command == "encrypt"))


def _ask_passphrase(question: str, *, twice: bool) -> str:
    """A passphrase typed on the terminal without echo (twice, to catch a typo, if `twice`)."""
    return click.prompt(
        _printable(question),
        hide_input=True,
        confirmation_prompt="Type it again" if twice else False,
        err=True,
    )


def _write_private(file: Path, text: str) -> None:
    """Write `text` to `file`, readable by the owner only.

    A regular file (or a new one) is written whole under a private name beside it and then
    renamed over it: a link at `file` is replaced, never followed. Something else (a terminal,
    a pipe, /dev/stdout, a FIFO, a device) is written to as a stream and stays what it is.
    Never over a database: `export json -o netgoals.db` would destroy the data it exports.
    """
    file = file.expanduser()
    try:
        found = os.stat(file)  # through links: what a write would reach
    except FileNotFoundError:
        found = None
    except OSError as error:
        raise NetgoalsError(f"cannot write {file} ({error.strerror})") from None
    if found is not None and stat.S_ISDIR(found.st_mode):
        raise NetgoalsError(f"{file} is a folder, not a file")
    if found is not None and not stat.S_ISREG(found.st_mode):
        _write_stream(file, text)
        return
    if found is not None:
        try:
            with file.open("rb") as existing:  # a regular file: reading it cannot block
                if existing.read(16) == b"SQLite format 3\x00":
                    raise NetgoalsError(f"{file} is a database; netgoals will not write over it")
        except OSError:
            pass  # unreadable: the write below says so
    if not file.parent.exists():
        raise NetgoalsError(f"the folder {file.parent} does not exist")
    temporary: Path | None = None
    try:
        # created exclusively (never through a link), 0600, under a name nobody can guess
        fd, name = tempfile.mkstemp(prefix=f".{file.name}.", suffix=".tmp", dir=file.parent)
        temporary = Path(name)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, file)
    except OSError as error:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
        raise NetgoalsError(f"cannot write {file} ({error.strerror})") from None


def _write_stream(file: Path, text: str) -> None:
    """Write `text` to `file`, which is not a regular file, as `cat > file` would."""
    try:
        fd = os.open(file, os.O_WRONLY | os.O_NOCTTY)
    except OSError as error:
        raise NetgoalsError(f"cannot write {file} ({error.strerror})") from None
    with os.fdopen(fd, "wb") as handle:
        if stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            # it became a regular file since it was looked at: not one to overwrite in place
            raise NetgoalsError(f"{file} changed while it was being written; nothing was written")
        try:
            handle.write(text.encode("utf-8"))
            handle.flush()
        except BrokenPipeError:
            raise
        except OSError as error:
            raise NetgoalsError(f"cannot write {file} ({error.strerror})") from None


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    type=click.Path(path_type=Path, dir_okay=True),
    help="The database file (default: $NETGOALS_DB, else netgoals.db in your data folder).",
)
@click.option(
    "--passphrase-file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="An encrypted database's passphrase: the first line of this file (for scripts; "
    "or set $NETGOALS_PASSPHRASE; on a terminal it is asked for).",
)
@click.version_option(__version__, "--version", prog_name="netgoals")
@click.pass_context
def cli(ctx: click.Context, db: Path | None, passphrase_file: Path | None) -> None:
    """netgoals: know why you network, and see which contacts serve none of your goals.

    Run without a command to open the app on your database.
    """
    if isinstance(ctx.obj, Context):
        ctx.obj.db = db  # the caller's Context, which `run` reads once the command is done
    else:
        ctx.obj = Context(db=db)
    ctx.obj.passphrase_file = passphrase_file
    if ctx.invoked_subcommand is None:
        _open_app(ctx.obj.store(unlock=_unlock_in_app), demo=False)


def _unlock_in_app(path: Path, open_with: Callable[[str], object]):  # -> Store
    """The database at `path` opened with a passphrase typed on the app's passphrase screen."""
    from netgoals.tui.unlock import unlock

    return unlock(path, open_with)


def _open_app(store, *, demo: bool) -> None:
    from netgoals.tui.app import run_app

    try:
        run_app(store, demo=demo)
    finally:
        store.close()


@cli.command()
@click.option(
    "--db",
    "demo_db",
    type=click.Path(path_type=Path, dir_okay=True),
    help="The demo's file (default: demo.db in your data folder).",
)
@click.option("--no-open", is_flag=True, help="Write (or check) the demo without opening it.")
@click.option(
    "--reset",
    is_flag=True,
    help="Rebuild the demo from scratch, losing what was changed in it. Asks first.",
)
@click.option(
    "--yes",
    "-y",
    is_flag=True,
    help="With --reset: rebuild without asking (needed when standard input is not a terminal).",
)
@click.pass_obj
def demo(obj: Context, demo_db: Path | None, no_open: bool, reset: bool, yes: bool) -> None:
    """Open the app on a sample network (never touches your own database).

    The demo has its own file. The first run writes it; later runs open it as you left it.
    --reset rebuilds it: on a terminal it asks first (default: no); without a terminal to ask
    on it is refused unless --yes is given. The new demo is built beside the old one and then
    renamed over it in one step, so a netgoals still open on the old demo keeps working on it
    and no half-built demo is ever seen. A file that is not a demo is never touched.
    """
    from netgoals import paths
    from netgoals.demo import write_demo

    target = demo_db or obj.db
    create_folder = target is None
    path = (target or paths.default_demo_path()).expanduser()

    def confirm(existing: Path) -> None:
        if yes:
            return
        if not sys.stdin.isatty():
            raise NetgoalsError(
                f"--reset would replace the demo at {existing} and every change made in it; "
                "add --yes to do so without being asked"
            )
        question = f"Rebuild the demo at {existing}, losing every change made in it?"
        click.confirm(_printable(question), default=False, abort=True, err=True)

    existed = path.exists()
    store = obj._told(
        write_demo(
            path,
            today=obj.clock().date(),
            clock=obj.clock,
            create_folder=create_folder,
            reset=reset,
            confirm=confirm,
        )
    )
    if no_open:
        counts = store.counts()
        store.close()
        done = "rebuilt at" if existed and reset else "at" if existed else "written to"
        click.echo(
            _printable(
                f"Demo network {done} {path} ({counts['contacts']} contacts, "
                f"{counts['objectives']} objectives). Open it with: netgoals --db {path}"
            )
        )
        return
    _open_app(store, demo=True)


class _Format(click.Choice):
    """A FORMAT argument, any case, whose refusal names every format in plain words."""

    def __init__(self, *formats: str) -> None:
        super().__init__(formats, case_sensitive=False)

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> str:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            *first, last = (repr(str(choice)) for choice in self.choices)
            self.fail(f"{value!r} is not {', '.join(first)} or {last}", param, ctx)


def _import_help() -> str:
    from netgoals.formats.importers import IMPORTERS

    formats = "; ".join(f"{i.name} ({i.label})" for i in IMPORTERS)
    return (
        "Import FILE into the database.\n\n"
        "Without FORMAT, netgoals recognises the file from its content and says what it"
        f" recognised. FORMAT: {formats}. A file of another format than the one named is"
        " refused, naming the right one. Prints how many records were added, updated and"
        " skipped, then the line of each row that was refused."
    )


@cli.command("import", help=_import_help())
@click.argument("format_or_file", metavar="[FORMAT]")
@click.argument(
    "file", type=click.Path(path_type=Path, dir_okay=True), required=False, metavar="FILE"
)
@click.option("--dry-run", is_flag=True, help="Check the file and report, writing nothing.")
@click.pass_obj
def import_(obj: Context, format_or_file: str, file: Path | None, dry_run: bool) -> None:
    from netgoals.formats.importers import load_file, names

    format: str | None = format_or_file
    if file is None:
        format, file = None, Path(format_or_file)
    else:
        format = _Format(*names()).convert(format_or_file, None, click.get_current_context())
    loaded = load_file(file, format)
    if loaded.recognised:
        click.echo(f"{file}: recognised as {loaded.importer.a_label}")
    with obj.import_store(dry_run=dry_run) as store:
        report = loaded.apply(store, dry_run=dry_run)
    click.echo(report.report())


@cli.command()
@click.argument("format", type=_Format("json", "csv", "vcard"), metavar="FORMAT")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=True),
    help="Write to this file instead of standard output.",
)
@click.pass_obj
def export(obj: Context, format: str, output: Path | None) -> None:
    """Export the database.

    FORMAT: json (the full backup), csv (one row per contact with the objectives it serves, for
    spreadsheets) or vcard (vCard 4.0, for address books; tags become categories).
    """
    with obj.store(create=False) as store:
        if output is not None and _same_file(output, store.path):
            # an encrypted database has no header to recognise it by below
            raise NetgoalsError(f"{output} is the database; netgoals will not write over it")
        if format == "csv":
            from netgoals.formats.csv_export import export_csv

            text = export_csv(store)
        elif format == "vcard":
            from netgoals.formats.vcard import export_vcard

            text = export_vcard(store)
        else:
            from netgoals.formats.backup import export_json

            text = _json_text(export_json(store))
    if output is None:
        sys.stdout.write(text)
    else:
        _write_private(output, text)
        click.echo(_printable(f"Exported to {output}"), err=True)


def _same_file(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one.expanduser(), other)
    except OSError:
        return False


def _print_json(data: object) -> None:
    import json

    sys.stdout.write(_json_text(json.dumps(data, ensure_ascii=False, indent=2)) + "\n")


def _table(rows: list[list[str]], headers: list[str]) -> None:
    """A plain text table, each column as wide as its widest cell (up to 40 characters)."""

    def cut(text: str) -> str:
        return text if len(text) <= 40 else text[:39] + "…"

    cells = [[cut(c) for c in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(headers)]
    for row in (headers, ["─" * w for w in widths], *cells):
        click.echo("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


def _no_objective_hint() -> None:
    click.echo(
        "You have no active objective, so every contact is off-goal. The first step is to "
        "state why you network: add an objective in the app (a)."
    )


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON (documented in the README).")
@click.pass_obj
def offgoal(obj: Context, as_json: bool) -> None:
    """List the contacts that serve none of your active objectives."""
    from netgoals.formats.report import offgoal_document

    with obj.store(create=False) as store:
        document = offgoal_document(store)
    if as_json:
        _print_json(document)
        return
    if not document["active_objectives"]:
        _no_objective_hint()
    people = document["offgoal"]
    click.echo(
        f"{len(people)} of {document['contacts']} contacts "
        f"{'serves' if len(people) == 1 else 'serve'} none of your "
        f"{plural(document['active_objectives'], 'active objective')}."
    )
    if people:
        click.echo()
        _table(
            [[str(p["id"]), p["name"], p["organization"], p["role"]] for p in people],
            ["id", "name", "organisation", "role"],
        )


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON (documented in the README).")
@click.pass_obj
def matches(obj: Context, as_json: bool) -> None:
    """List every contact with the objectives it matches, and why."""
    from netgoals.formats.report import matches_json, matches_text

    # printed a few hundred contacts at a time: 30,000 contacts are never held at once
    with obj.store(create=False) as store:
        if as_json:
            _print_parts(matches_json(store), _json_text)
            sys.stdout.write("\n")
            return
        objectives, offgoal_count, contacts = matches_text(store)
        if not objectives:
            _no_objective_hint()
            return
        for objective in objectives:
            gap = "  GAP: nobody matches yet" if objective["gap"] else ""
            click.echo(
                f"[{objective['id']}] {objective['title']}: "
                f"{plural(objective['matches'], 'contact')}{gap}"
            )
        _print_parts(contacts)
    click.echo(
        f"\n{plural(offgoal_count, 'off-goal contact')} "
        f"{'is' if offgoal_count == 1 else 'are'} not listed (see `netgoals offgoal`)."
    )


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON (documented in the README).")
@click.pass_obj
def followups(obj: Context, as_json: bool) -> None:
    """List the people met at an event who are due a follow-up, those who serve a goal first."""
    from netgoals.core.followups import when_due
    from netgoals.formats.capture import followups as due_followups
    from netgoals.formats.capture import followups_document

    today = obj.clock().date()
    with obj.store(create=False) as store:
        found = due_followups(store, today)
        titles = {o.id: o.title for o in store.objectives()}
        days = store.settings().followup_days
    if as_json:
        _print_json(followups_document(found))
        return
    if not found:
        click.echo("Nobody met at an event is waiting for a follow-up.")
        return
    late = sum(1 for f in found if f.days_late)
    click.echo(
        f"{len(found)} people met at an event to follow up ({late} late; due {days} days "
        "after the event, until an activity with them is logged)."
    )
    click.echo()
    _table(
        [
            [
                str(f.contact_id),
                f"{'●' if f.serves else '○'} {f.name}",
                f.event,
                f.met_on.isoformat(),
                when_due(f, today),
                "; ".join(titles.get(i, "") for i in f.serves),
            ]
            for f in found
        ],
        ["id", "name", "met at", "on", "follow up", "serves"],
    )


@cli.command()
@click.argument("event", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (documented in the README).")
@click.pass_obj
def brief(obj: Context, event: str | None, as_json: bool) -> None:
    """The pre-event review as Markdown: your asks, the people to seek, the gaps.

    EVENT is an event's id or name (a unique beginning is enough); by default the next one.
    """
    from netgoals.formats.brief import (
        document,
        markdown,
        payback_document,
        payback_from,
        payback_markdown,
        review_from,
    )

    with obj.store(create=False) as store:
        review = review_from(store, obj.clock().date(), wanted=event)
        figures = payback_from(store, obj.clock().date())
    if as_json:
        _print_json({**document(review), "payback": payback_document(figures)})
    else:
        sys.stdout.write(markdown(review) + payback_markdown(figures))


_PASSPHRASE_FILE = click.option(
    "--passphrase-file",
    "passphrase_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Read the passphrase from the first line of FILE (for scripts; or set "
    "$NETGOALS_PASSPHRASE). On a terminal it is asked for.",
)


@cli.command()
@_PASSPHRASE_FILE
@click.pass_obj
def encrypt(obj: Context, passphrase_file: Path | None) -> None:
    """Encrypt the database with a new passphrase (asked twice, without echo).

    The encrypted database is written beside the old one and renamed over it: interrupted at
    any moment, the database is the old file or the new one, whole. Close the app first.
    The passphrase is never stored: lose it and the database cannot be opened.
    """
    from netgoals.storage.cipher import sqlcipher
    from netgoals.storage.database import change_encryption

    sqlcipher("netgoals encrypt")  # says which extra to install before asking anything
    path, _ = obj.path()
    new = _given_or_asked(obj, passphrase_file, "encrypt", f"New passphrase for {path}")
    copies = change_encryption(path, current=None, new=new)
    click.echo(f"Encrypted {path}: it now opens only with its passphrase.", err=True)
    for copy in copies:
        click.echo(
            f"netgoals: warning: {copy} is an unencrypted copy kept before an upgrade; "
            "delete it (netgoals leaves it) if nobody else may read your network",
            err=True,
        )


@cli.command()
@_PASSPHRASE_FILE
@click.pass_obj
def decrypt(obj: Context, passphrase_file: Path | None) -> None:
    """Turn the encrypted database back into a plain one (asks for its passphrase).

    Written beside the old file and renamed over it, as `encrypt` does. Close the app first.
    """
    from netgoals.storage.cipher import sqlcipher
    from netgoals.storage.database import change_encryption

    sqlcipher("netgoals decrypt")
    path, _ = obj.path()
    current = _given_or_asked(obj, passphrase_file, "decrypt", f"Passphrase for {path}")
    change_encryption(path, current=current, new=None)
    click.echo(f"Decrypted {path}: it is a plain file again.", err=True)


# DEL and C1 controls, which json.dumps(ensure_ascii=False) leaves as they are
_JSON_RAW_CONTROLS = re.compile(r"[\x7f-\x9f]")


def _printable(message: str) -> str:
    """`message` safe to print to a terminal: every control character (ESC starts colour,
    title and hyperlink sequences) shown as a visible escape such as \\x1b, never obeyed;
    tabs and line breaks kept."""
    return escape_controls(message, keep_lines=True)


def _json_text(text: str) -> str:
    """JSON text with DEL and the C1 controls written as \\u escapes, as JSON writes the C0
    ones: the same data, and nothing a terminal would obey. (Outside strings JSON is plain
    ASCII, so every such character is inside a string, where \\u0080 is that character.)"""
    return _JSON_RAW_CONTROLS.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


_PARTS_KEPT = 50_000  # distinct parts kept made printable by `_print_parts`


def _print_parts(texts: Iterable[list[str]], prepare: Callable[[str], str] = str) -> None:
    """Print each list of parts joined, as `sys.stdout.write` would print it after `prepare`,
    each distinct part prepared, made printable and encoded once however often it recurs (a
    report's reasons recur hundreds of thousands of times), in one write per list. `prepare`
    must leave text of printable characters and line breaks as it is."""
    encode: Callable[[str], Any]
    write: Callable[[list[Any]], object]
    direct = getattr(sys.stdout, "printable_bytes", lambda: None)()
    if direct is None:  # a stream without bytes beneath: written as text
        text_write = getattr(sys.stdout, "write_printable", sys.stdout.write)

        def encode(text: str) -> str:
            return text

        def write(made: list[Any]) -> object:
            return text_write("".join(made))

    else:
        # Encoded part by part, once each, and joined as bytes: encoding the joined text
        # instead costs more than all the rest of printing.
        write_bytes, encoding, errors = direct

        def encode(text: str) -> bytes:
            return text.encode(encoding, errors)

        def write(made: list[Any]) -> object:
            return write_bytes(b"".join(made))

    done: dict[str, Any] = {}
    for parts in texts:
        if len(done) > _PARTS_KEPT:  # parts unique to one contact: memory stays bounded
            done.clear()
        # C loops over the parts (map, compress); Python only for those not seen before
        printable = list(map(done.get, parts))
        if None in printable:
            new = dict.fromkeys(compress(parts, map(operator.is_, printable, repeat(None))))
            if "".join(new).replace("\n", "").isprintable():
                # one check for them all: nothing to prepare or escape, each is as it is
                done.update(zip(new, map(encode, new), strict=True))
            elif any(part.endswith("\r") for part in new):
                # a \r\n may run across two parts: the joined text is checked whole
                write([encode(_printable("".join(map(prepare, parts))))])
                continue
            else:
                done.update((part, encode(_printable(prepare(part)))) for part in new)
            printable = list(map(done.__getitem__, parts))
        write(printable)


class _PrintableStream:
    """Standard output or error as the commands see it: every string written to it goes
    through `_printable`. The one place all printed text passes, whichever command prints it
    and wherever the text came from (the database, a file, a path): escaped visibly rather
    than dropped, so that what is odd stays visible and no command is silently changed."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self.encoding = stream.encoding
        self.errors = stream.errors

    def write(self, text: str) -> int:
        if not isinstance(text, str):  # click probes for a binary stream with b""
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        self._stream.write(_printable(text))
        return len(text)

    def write_printable(self, text: str) -> None:
        """Write `text` that has been through `_printable` already (see `_print_parts`)."""
        self._stream.write(text)

    def printable_bytes(self) -> tuple[Callable[[bytes], object], str, str] | None:
        """A way to write text that has been through `_printable` and been encoded already
        (see `_print_parts`): the stream's binary buffer's `write` (after what was written
        before, which is flushed), the encoding and its error handler. None when the stream
        has no such buffer, or when text is not written to it byte for byte as each part
        encodes alone (an encoding with a byte-order mark, or line ends translated)."""
        buffer = getattr(self._stream, "buffer", None)
        encoding = self.encoding or ""
        if buffer is None or not encoding or os.linesep != "\n":
            return None
        try:
            if "\n".encode(encoding) != b"\n":  # UTF-16, UTF-8 with a signature, ...
                return None
        except LookupError:
            return None
        self._stream.flush()
        return buffer.write, encoding, self.errors or "strict"

    def writable(self) -> bool:
        return True

    def flush(self) -> None:
        self._stream.flush()

    def close(self) -> None:
        self._stream.close()

    def isatty(self) -> bool:
        return self._stream.isatty()

    def fileno(self) -> int:
        return self._stream.fileno()


@contextmanager
def _printable_output() -> Iterator[None]:
    """Standard output and error wrapped in `_PrintableStream` while a command runs."""
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _PrintableStream(stdout), _PrintableStream(stderr)  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = stdout, stderr


def run(argv: list[str] | None = None, *, clock: Clock = system_clock) -> int:
    """Run the command line; returns the exit status. `clock` is for tests."""
    with _printable_output():
        return _run(argv, clock)


def _run(argv: list[str] | None, clock: Clock) -> int:
    context = Context(None, clock)
    try:
        result = cli.main(args=argv, prog_name="netgoals", standalone_mode=False, obj=context)
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.ClickException as error:
        click.echo(f"netgoals: {_printable(error.format_message())}", err=True)
        return 1
    except click.Abort:
        click.echo("netgoals: aborted", err=True)
        return 1
    except NetgoalsError as error:
        click.echo(f"netgoals: {_printable(str(error))}", err=True)
        return 1
    except BrokenPipeError:
        # `netgoals export json | head` closed the pipe early: not an error worth a traceback.
        sys.stderr.close()
        return 1
    for notice in context.damaged:
        click.echo(f"netgoals: warning: {_printable(notice)}; left out", err=True)
    return result if isinstance(result, int) else 0


def main() -> None:
    """The console script."""
    raise SystemExit(run())
