"""The command line: parse, call the layers below, print.

A user error (a missing file, a bad value, a database that is not netgoals') is one line on
stderr and exit status 1, never a traceback.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import click

from netgoals import __version__
from netgoals.core.clock import Clock, system_clock
from netgoals.core.errors import NetgoalsError


@dataclass
class Context:
    db: Path | None  # given with --db, or None for $NETGOALS_DB / the default location
    clock: Clock = system_clock

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

    def store(self, *, create: bool = True):  # -> Store (imported lazily: start-up stays fast)
        from netgoals.storage import Store

        path, create_folder = self.path()
        return Store.open(path, clock=self.clock, create=create, create_folder=create_folder)

    @contextmanager
    def import_store(self, *, dry_run: bool) -> Iterator:  # -> Iterator[Store]
        """The store to import into. A dry run into a database that does not exist yet uses a
        scratch copy, and a failed import into a new database leaves no file behind."""
        from netgoals.storage import Store

        path, create_folder = self.path()
        if not path.exists() and dry_run:
            with (
                tempfile.TemporaryDirectory(prefix="netgoals-") as scratch,
                Store.open(Path(scratch) / "dry-run.db", clock=self.clock) as store,
            ):
                yield store
            return
        new = not path.exists()
        try:
            with Store.open(path, clock=self.clock, create_folder=create_folder) as store:
                yield store
        except BaseException:
            if new:
                for side in ("", "-wal", "-shm"):
                    Path(f"{path}{side}").unlink(missing_ok=True)
            raise


def _read_text(file: Path) -> str:
    """A JSON backup's text: UTF-8 only (the format says so), unlike the contact files."""
    from netgoals.formats.people import read_file

    raw = read_file(file)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise NetgoalsError(f"{file} is not UTF-8 text") from None


def _write_private(file: Path, text: str) -> None:
    """Write `text` to `file` whole (via a temporary file), readable by the owner only.

    Never over a database: `export json -o netgoals.db` would destroy the data it exports.
    """
    file = file.expanduser()
    if file.is_dir():
        raise NetgoalsError(f"{file} is a folder, not a file")
    try:
        with file.open("rb") as existing:
            if existing.read(16) == b"SQLite format 3\x00":
                raise NetgoalsError(f"{file} is a database; netgoals will not write over it")
    except OSError:
        pass  # no such file yet (or unreadable: the write below says so)
    if not file.parent.exists():
        raise NetgoalsError(f"the folder {file.parent} does not exist")
    temporary = file.with_name(f".{file.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(temporary, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, file)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise NetgoalsError(f"cannot write {file} ({error.strerror})") from None


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    type=click.Path(path_type=Path, dir_okay=True),
    help="The database file (default: $NETGOALS_DB, else netgoals.db in your data folder).",
)
@click.version_option(__version__, "--version", prog_name="netgoals")
@click.pass_context
def cli(ctx: click.Context, db: Path | None) -> None:
    """netgoals: know why you network, and see which contacts serve none of your goals.

    Run without a command to open the app on your database.
    """
    clock = ctx.obj.clock if isinstance(ctx.obj, Context) else system_clock
    ctx.obj = Context(db=db, clock=clock)
    if ctx.invoked_subcommand is None:
        _open_app(ctx.obj.store(), demo=False)


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
    help="Where to write the demo (default: demo.db in your data folder).",
)
@click.option("--no-open", is_flag=True, help="Write the demo database without opening it.")
@click.pass_obj
def demo(obj: Context, demo_db: Path | None, no_open: bool) -> None:
    """Open the app on a sample network (never touches your own database)."""
    from netgoals import paths
    from netgoals.demo import write_demo

    target = demo_db or obj.db
    create_folder = target is None
    path = (target or paths.default_demo_path()).expanduser()
    store = write_demo(path, today=obj.clock().date(), clock=obj.clock, create_folder=create_folder)
    if no_open:
        counts = store.counts()
        click.echo(
            f"Demo network written to {path} ({counts['contacts']} contacts, "
            f"{counts['objectives']} objectives). Open it with: netgoals --db {path}"
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


@cli.command("import")
@click.argument("format", type=_Format("json", "linkedin", "vcard", "google"), metavar="FORMAT")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=True))
@click.option("--dry-run", is_flag=True, help="Check the file and report, writing nothing.")
@click.pass_obj
def import_(obj: Context, format: str, file: Path, dry_run: bool) -> None:
    """Import FILE into the database.

    FORMAT: json (a netgoals backup), linkedin (Connections.csv from LinkedIn's data export),
    vcard (a .vcf file of one or many cards) or google (a Google Contacts CSV). Prints how many
    contacts were added, updated and skipped, then the line of each row that was refused.
    """
    if format == "json":
        from netgoals.formats.backup import import_backup, parse_json

        backup = parse_json(_read_text(file))
        with obj.import_store(dry_run=dry_run) as store:
            result = import_backup(store, backup, dry_run=dry_run)
        click.echo(result.summary())
        return

    from netgoals.formats.people import decode, import_contacts, parse, read_file

    text = decode(read_file(file), str(file))
    try:
        parsed = parse(format, text)
    except NetgoalsError as error:
        raise NetgoalsError(f"{file}: {error}") from None
    with obj.import_store(dry_run=dry_run) as store:
        report = import_contacts(store, parsed, dry_run=dry_run)
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
        if format == "csv":
            from netgoals.formats.csv_export import export_csv

            text = export_csv(store)
        elif format == "vcard":
            from netgoals.formats.vcard import export_vcard

            text = export_vcard(store)
        else:
            from netgoals.formats.backup import export_json

            text = export_json(store)
    if output is None:
        sys.stdout.write(text)
    else:
        _write_private(output, text)
        click.echo(_printable(f"Exported to {output}"), err=True)


def _print_json(data: object) -> None:
    import json

    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


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
        f"{len(people)} of {document['contacts']} contacts serve none of your "
        f"{document['active_objectives']} active objectives."
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
    from netgoals.formats.report import matches_json, matches_report

    # printed contact by contact as they are produced: 30,000 contacts are never held at once
    with obj.store(create=False) as store:
        if as_json:
            for piece in matches_json(store):
                sys.stdout.write(piece)
            sys.stdout.write("\n")
            return
        objectives, contacts = matches_report(store)
        if not objectives:
            _no_objective_hint()
            return
        titles = {o["id"]: o["title"] for o in objectives}
        for objective in objectives:
            gap = "  GAP: nobody matches yet" if objective["gap"] else ""
            click.echo(
                f"[{objective['id']}] {objective['title']}: {objective['matches']} contacts{gap}"
            )
        offgoal_count = 0
        for contact in contacts:
            if not contact.matches:
                offgoal_count += 1
                continue
            organization = f" ({contact.organization})" if contact.organization else ""
            lines = [f"\n{contact.name}{organization}  #{contact.id}"]
            for objective_id, reasons in contact.matches:
                summary = "; ".join(r.summary for r in reasons)
                lines.append(f"  → {titles[objective_id]}: {summary}")
            click.echo("\n".join(lines))
    click.echo(f"\n{offgoal_count} off-goal contacts are not listed (see `netgoals offgoal`).")


@cli.command()
@click.argument("event", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (documented in the README).")
@click.pass_obj
def brief(obj: Context, event: str | None, as_json: bool) -> None:
    """The pre-event review as Markdown: your asks, the people to seek, the gaps.

    EVENT is an event's id or name (a unique beginning is enough); by default the next one.
    """
    from netgoals.formats.brief import document, markdown, review_from

    with obj.store(create=False) as store:
        review = review_from(store, obj.clock().date(), wanted=event)
    if as_json:
        _print_json(document(review))
    else:
        sys.stdout.write(markdown(review))


# C0 and C1 control characters but the line break and tab: what a terminal would obey.
_TERMINAL_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _printable(message: str) -> str:
    """`message` safe to print to a terminal: every control character (ESC starts colour,
    title and hyperlink sequences) shown as a visible escape such as \\x1b, never obeyed.

    Error messages quote what the user or a file gave (a path, a key of a backup), so a
    hostile name must not reach the terminal raw (DESIGN.md §7, "hostile text is just text").
    """
    return _TERMINAL_CONTROLS.sub(lambda found: f"\\x{ord(found.group()):02x}", message)


def run(argv: list[str] | None = None, *, clock: Clock = system_clock) -> int:
    """Run the command line; returns the exit status. `clock` is for tests."""
    try:
        result = cli.main(
            args=argv, prog_name="netgoals", standalone_mode=False, obj=Context(None, clock)
        )
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
    return result if isinstance(result, int) else 0


def main() -> None:
    """The console script."""
    raise SystemExit(run())
