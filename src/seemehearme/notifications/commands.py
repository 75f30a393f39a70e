"""``smh notify-overdue``: email the CSE coordinators about referrals overdue for triage."""

from __future__ import annotations

from typing import Annotated

import typer

from seemehearme.cliutil import console, fail


def notify_overdue(
    area: Annotated[str | None, typer.Option(help="Only this partnership (its name).")] = None,
) -> None:
    """Email the CSE coordinators once about each referral overdue for triage.

    Safe to run as often as you like (schedule it hourly): a referral's notice goes once.
    """
    from seemehearme.areas.models import Area
    from seemehearme.notifications.notify import overdue_triage_notify

    partnership = None
    if area is not None:
        partnership = Area.objects.filter(name=area).first()
        if partnership is None:
            raise fail(f"No partnership called {area!r}.")
    done = overdue_triage_notify(area=partnership)
    if not done.referrals:
        console.print("No referrals have newly become overdue for triage.")
        return
    console.print(
        f"Told the CSE coordinators about {done.referrals} overdue referral(s) "
        f"in {done.emails} email(s)."
    )


def register(app: typer.Typer) -> None:
    app.command("notify-overdue")(notify_overdue)
