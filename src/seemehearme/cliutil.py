"""Console output and progress bars shared by the ``smh`` commands.

Commands print counts and plain messages only: never a child's personal data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

if TYPE_CHECKING:
    from seemehearme.areas.models import Agency

console = Console(highlight=False, soft_wrap=True)
errors = Console(stderr=True, highlight=False, soft_wrap=True)


def fail(message: str) -> typer.Exit:
    """Print an error and return the exit to raise (``raise fail(...)``)."""
    errors.print(f"[bold red]Error:[/] {message}")
    return typer.Exit(code=1)


@contextmanager
def progress_bar(description: str, total: int | None) -> Iterator[Progress]:
    """A progress bar with one task; ``total=None`` shows activity without an end."""
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )
    with progress:
        progress.add_task(description, total=total)
        yield progress


def advance(progress: Progress) -> Callable[[int], None]:
    """A callback that moves the bar on by ``n``."""
    task = progress.task_ids[0]
    return lambda n: progress.advance(task, n)


def agency_named(name_or_id: str) -> Agency:
    """The agency a command names by its id or its exact name (any case); fails clearly when
    there is none or the name is ambiguous."""
    from seemehearme.areas.models import Agency

    agencies = Agency.objects.select_related("area")
    matches = list(
        agencies.filter(pk=int(name_or_id))
        if name_or_id.isdigit()
        else agencies.filter(name__iexact=name_or_id.strip())
    )
    if len(matches) > 1:
        ids = ", ".join(f"{agency.pk} ({agency.area.name})" for agency in matches)
        raise fail(
            f"More than one agency is called {name_or_id!r}: give its id instead, one of {ids}."
        )
    if not matches:
        known = ", ".join(
            f"{name} ({pk})"
            for pk, name in Agency.objects.order_by("name").values_list("pk", "name")[:20]
        )
        raise fail(f"No agency called {name_or_id!r}. Agencies: {known or 'none yet'}.")
    return matches[0]
