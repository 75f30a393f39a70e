"""``smh`` commands for the national return (registered by ``seemehearme.cli``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from seemehearme.cliutil import advance, console, errors, fail, progress_bar


def _period(text: str) -> tuple[dt.date, dt.date]:
    try:
        start_text, end_text = text.split("..")
        return dt.date.fromisoformat(start_text), dt.date.fromisoformat(end_text)
    except ValueError:
        raise fail(f"The period {text!r} is not like 2026-04-01..2027-03-31.") from None


def national_return(
    period: Annotated[
        str, typer.Option("--period", help="First and last day, as 2026-04-01..2027-03-31.")
    ],
    output_format: Annotated[
        str, typer.Option("--format", help="json (to send to the national collection) or csv.")
    ] = "json",
    area: Annotated[
        str, typer.Option("--area", help="The partnership's short name, if there are several.")
    ] = "",
    output: Annotated[
        Path | None, typer.Option("--output", help="The file to write; standard output if not.")
    ] = None,
) -> None:
    """Make the partnership's national return: counts only, small numbers suppressed, checked
    against the published schema (docs/national-return.md)."""
    from seemehearme.areas.models import Area
    from seemehearme.returns.document import ReturnError, as_csv, as_json, build_return

    if output_format not in ("json", "csv"):
        raise fail("--format must be json or csv.")
    start, end = _period(period)
    areas = Area.objects.filter(slug=area) if area else Area.objects.all()
    found = list(areas[:2])
    if len(found) != 1:
        known = ", ".join(Area.objects.order_by("slug").values_list("slug", flat=True)[:20])
        raise fail(
            f"Name the partnership with --area (one of: {known or 'none yet'})."
            if found
            else f"No partnership {area!r}. Partnerships: {known or 'none yet'}."
        )
    with console.status(f"Counting {found[0].name}'s return"):
        try:
            made = build_return(found[0], start, end)
        except ReturnError as error:
            raise fail(" ".join(error.problems)) from None
    text = as_json(made.document) if output_format == "json" else as_csv(made.document)
    if output is None:
        typer.echo(text, nl=False)
        return
    output.write_text(text)
    errors.print(
        f"{found[0].name}, {start} to {end}: written to {output} "
        f"(digest {made.document['integrity']['digest'][:12]}...)."
    )


def national_import(
    files: Annotated[list[Path], typer.Argument(help="Returns (JSON files) to import.")],
) -> None:
    """Import partnerships' returns into this national instance. Each is checked (schema, digest,
    totals, suppression) and refused with its reasons if it fails; the others are still
    imported. A return for an area and period already held replaces it."""
    from seemehearme.returns.document import ReturnError
    from seemehearme.returns.imports import import_return

    refused = 0
    with progress_bar("Importing returns", len(files)) as bar:
        step = advance(bar)
        for path in files:
            try:
                outcome = import_return(path.read_bytes())
            except (OSError, ReturnError) as error:
                refused += 1
                problems = error.problems if isinstance(error, ReturnError) else [str(error)]
                errors.print(f"[bold red]Refused[/] {path}:")
                for problem in problems:
                    errors.print(f"  - {problem}")
            else:
                what = (
                    "unchanged"
                    if outcome.unchanged
                    else "replaced"
                    if outcome.replaced
                    else "imported"
                )
                console.print(f"{path}: {outcome.national_return} {what}.")
            step(1)
    if refused:
        raise fail(f"{refused} of {len(files)} returns refused.")


def register(app: typer.Typer) -> None:
    """Add this app's commands to ``smh``."""
    app.command("national-return")(national_return)
    app.command("national-import")(national_import)
