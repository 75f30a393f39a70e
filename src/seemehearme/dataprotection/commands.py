"""``smh agreement-reminders`` and ``smh retention --dry-run``: counts only, never a child."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from seemehearme.cliutil import console, fail


def _area(name: str | None):  # type: ignore[no-untyped-def]
    from django.db.models import Q

    from seemehearme.areas.models import Area

    if name is None:
        return None
    found = Area.objects.filter(Q(name__iexact=name) | Q(slug__iexact=name)).first()
    if found is None:
        raise fail(f"No partnership called {name!r}.")
    return found


def agreement_reminders(
    area: Annotated[
        str | None, typer.Option(help="Only this partnership (name or short name).")
    ] = None,
) -> None:
    """Email the data protection leads about agreements due for review within 60 days or
    overdue. Safe to run daily: each agreement is reminded once per review date."""
    from seemehearme.dataprotection.agreements import agreement_reminders_send

    done = agreement_reminders_send(area=_area(area))
    if not done.agreements:
        console.print("No agreements have newly become due for review.")
        return
    console.print(
        f"Reminded the data protection leads about {done.agreements} agreement(s) "
        f"in {done.emails} email(s)."
    )


def retention_report(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Report what would be deleted or anonymised.")
    ] = False,
    area: Annotated[
        str | None, typer.Option(help="Only this partnership (name or short name).")
    ] = None,
) -> None:
    """Report what each retention rule would delete or anonymise, and when. Only the dry run
    exists: nothing is deleted (see docs/data-protection.md)."""
    from django.utils import timezone

    from seemehearme.areas.models import Area
    from seemehearme.dataprotection.retention import dry_run as report
    from seemehearme.dates import long_date

    if not dry_run:
        raise fail("Only --dry-run is available: this version does not delete records.")
    chosen = _area(area)
    today = timezone.localdate()
    for partnership in [chosen] if chosen else Area.objects.order_by("name"):
        table = Table(title=f"{partnership.name}: retention dry run on {long_date(today)}")
        for column in ("Records", "Kept for", "Then", "Due now", "Due in 12 months", "Next due"):
            table.add_column(column)
        for row in report(area=partnership, today=today):
            rule = row.rule
            table.add_row(
                rule.get_record_type_display(),
                f"{rule.years} years, {rule.days} days {row.anchor_words}",
                rule.get_action_display(),
                str(row.due_now),
                str(row.due_within_year),
                long_date(row.next_due) if row.next_due else "None",
            )
        console.print(table)


def register(app: typer.Typer) -> None:
    """Add this app's commands to ``smh``."""
    app.command("agreement-reminders")(agreement_reminders)
    app.command("retention")(retention_report)
