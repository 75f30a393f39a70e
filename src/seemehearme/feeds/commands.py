"""``smh`` commands for this app (registered by ``seemehearme.cli``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from seemehearme.cliutil import advance, agency_named, console, errors, fail, progress_bar

if TYPE_CHECKING:
    pass

PROBLEMS_SHOWN = 20


def register(app: typer.Typer) -> None:
    """Add this app's commands to ``smh``."""

    @app.command("import")
    def import_events(
        file: Annotated[
            Path,
            typer.Argument(
                exists=True,
                dir_okay=False,
                readable=True,
                help="A CSV (.csv) or Excel (.xlsx) file.",
            ),
        ],
        agency: Annotated[
            str, typer.Option("--agency", help="The agency that sent the file: its name or id.")
        ],
        link: Annotated[
            bool,
            typer.Option(
                "--link/--no-link",
                help="Afterwards, match the persons to children and run early warning.",
            ),
        ] = True,
    ) -> None:
        """Import a file of agency events. Prints counts and line numbers, never personal data."""
        from rich.table import Table

        from seemehearme.feeds.importer import import_file
        from seemehearme.feeds.models import ImportChannel, ImportStatus
        from seemehearme.feeds.parsing import estimate_rows
        from seemehearme.feeds.services import after_import_safely

        source = agency_named(agency)
        with progress_bar(f"Importing {file.name}", estimate_rows(file)) as bar:
            result = import_file(
                agency=source,
                file=file,
                filename=file.name,
                channel=ImportChannel.COMMAND,
                progress=advance(bar),
            )
        batch = result.batch
        if batch.status != ImportStatus.COMPLETED:
            raise fail(f"Import {batch.pk} failed: {batch.error}")

        counts = Table(title=f"Import {batch.pk} for {source.name}")
        counts.add_column("Rows")
        counts.add_column("Count", justify="right")
        for label, value in (
            ("Read", batch.rows_read),
            ("Created", batch.rows_created),
            ("Updated", batch.rows_updated),
            ("Unchanged", batch.rows_unchanged),
            ("Rejected", batch.rows_rejected),
        ):
            counts.add_row(label, f"{value:,}")
        console.print(counts)

        if result.problems:
            shown = result.problems[:PROBLEMS_SHOWN]
            table = Table(title="First problems")
            table.add_column("Line", justify="right")
            table.add_column("Column")
            table.add_column("Problem")
            for problem in shown:
                table.add_row(str(problem.line), problem.column or "(whole row)", problem.reason)
            console.print(table)
            more = len(result.problems) - len(shown)
            if more:
                listed = "problem is" if more == 1 else "problems are"
                console.print(f"{more:,} more {listed} listed on the import's page.")
            if result.rows_not_listed:
                console.print(
                    f"{result.rows_not_listed:,} more rejected rows are counted but not listed: "
                    "correct these and import the file again to see them."
                )

        if link:
            with console.status("Matching to children and checking for early-warning signs"):
                warning = after_import_safely(result)
            if warning:
                errors.print(f"[bold red]Error:[/] {warning}")
                raise typer.Exit(code=1)
            persons = len(result.person_ids)
            console.print(
                f"Matched {persons:,} new or changed {'person' if persons == 1 else 'persons'} "
                "to children and checked early-warning rules for the children concerned."
            )
