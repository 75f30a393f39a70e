"""``smh`` commands for early warning (registered by ``seemehearme.cli``).

    smh rules load [FILE] --area NAME      a draft from JSON (default: the shipped version 1)
    smh rules list --area NAME             the area's versions and their status
    smh rules show --area NAME [--version N]   a version in plain English
    smh rules approve --area NAME --version N --by USERNAME --reference TEXT
    smh sweep --area NAME [--as-of YYYY-MM-DD]  run the sweep over every child of the area

Output is counts and rule text only: never a child's details.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from seemehearme.cliutil import advance, console, fail, progress_bar
from seemehearme.dates import long_date

if TYPE_CHECKING:
    from seemehearme.areas.models import Area
    from seemehearme.earlywarning.models import RuleSet

rules_app = typer.Typer(help="Early-warning rules: load a draft, show it, approve it.")

AreaOption = Annotated[str, typer.Option("--area", help="The partnership's name.")]


def _area(name: str) -> Area:
    from seemehearme.areas.models import Area

    area = Area.objects.filter(name=name).first()
    if area is None:
        known = ", ".join(Area.objects.order_by("name").values_list("name", flat=True)[:20])
        raise fail(f"No partnership called {name!r}. Partnerships: {known or 'none yet'}.")
    return area


def _rule_set(area: Area, version: int | None) -> RuleSet:
    from seemehearme.earlywarning.models import RuleSet

    rule_sets = RuleSet.objects.filter(area=area).order_by("-version")
    found = rule_sets.filter(version=version).first() if version else rule_sets.first()
    if found is None:
        raise fail("No such version of the rules for this partnership: see `smh rules list`.")
    return found


@rules_app.command("load")
def rules_load(
    area: AreaOption,
    file: Annotated[
        Path | None,
        typer.Argument(help="A rule set in JSON (see docs/early-warning.md).", show_default=False),
    ] = None,
) -> None:
    """Check a rule set and store it as the partnership's next draft version."""
    from django.core.exceptions import ValidationError

    from seemehearme.earlywarning.rules import DEFAULT_RULES_FILE, rules_read
    from seemehearme.earlywarning.services import rule_set_load

    partnership = _area(area)
    path = file or DEFAULT_RULES_FILE
    try:
        spec = rules_read(path.read_bytes())
    except OSError as error:
        raise fail(f"Cannot read {path}: {error.strerror}") from None
    except ValidationError as error:
        for message in error.messages:
            console.print(f"  {message}")
        raise fail(f"{path} is not a valid rule set ({len(error.messages)} problems).") from None
    rule_set = rule_set_load(area=partnership, spec=spec)
    console.print(
        f"Loaded {rule_set.name!r} as draft version {rule_set.version} for {partnership.name}: "
        f"{len(spec.indicators)} indicators, {len(spec.rules)} rules. The board approves it "
        "on the rules page (or `smh rules approve`)."
    )


@rules_app.command("list")
def rules_list(area: AreaOption) -> None:
    """The partnership's rule set versions and their status."""
    from rich.table import Table

    from seemehearme.earlywarning.models import RuleSet

    table = Table(title="Early-warning rules")
    for column in ("Version", "Name", "Status", "Approved"):
        table.add_column(column)
    for rule_set in RuleSet.objects.filter(area=_area(area)).order_by("-version"):
        approved = (
            f"{long_date(rule_set.approved_on)} ({rule_set.approval_reference})"
            if rule_set.approved_on
            else ""
        )
        table.add_row(str(rule_set.version), rule_set.name, rule_set.get_status_display(), approved)
    console.print(table)


@rules_app.command("show")
def rules_show(
    area: AreaOption,
    version: Annotated[int | None, typer.Option(help="Default: the newest.")] = None,
) -> None:
    """A version of the rules in plain English, as the board reads it."""
    from seemehearme.earlywarning.rules import describe, rules_check

    rule_set = _rule_set(_area(area), version)
    text = describe(rules_check(rule_set.rules, stored=True))
    console.print(
        f"[bold]{rule_set.name}, version {rule_set.version}[/] ({rule_set.get_status_display()})"
    )
    console.print("\n[bold]Rules[/]")
    for rule in text.rules:
        console.print(f"- {rule.label}: {rule.condition}")
    console.print("\n[bold]Indicators[/]")
    for indicator in text.indicators:
        console.print(f"- {indicator.label}: {indicator.condition} {indicator.sign}")


@rules_app.command("approve")
def rules_approve(
    area: AreaOption,
    version: Annotated[int, typer.Option(help="The draft version to approve.")],
    by: Annotated[str, typer.Option("--by", help="Username of the person recording it.")],
    reference: Annotated[str, typer.Option(help="The board's reference (minute number).")],
) -> None:
    """Record the board's approval of a draft (as the data protection lead or the triage
    team's manager)."""
    from django.core.exceptions import PermissionDenied, ValidationError

    from seemehearme.areas.models import StaffUser
    from seemehearme.earlywarning.services import rule_set_approve

    partnership = _area(area)
    user = StaffUser.objects.filter(username=by, is_active=True).first()
    if user is None:
        raise fail(f"No active account called {by!r}.")
    try:
        approved = rule_set_approve(
            rule_set=_rule_set(partnership, version), by=user, reference=reference
        )
    except PermissionDenied as error:
        raise fail(str(error)) from None
    except ValidationError as error:
        raise fail(" ".join(error.messages)) from None
    console.print(f"Version {approved.version} approved; the next sweep uses it.")


def sweep_command(
    area: AreaOption,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Evaluate for this day (YYYY-MM-DD).")
    ] = None,
) -> None:
    """Run the early-warning sweep over every child of a partnership."""
    import time

    from seemehearme.earlywarning.sweep import current_rule_set, sweep, sweep_steps

    partnership = _area(area)
    rule_set = current_rule_set(partnership)
    if rule_set is None:
        raise fail("This partnership has no approved early-warning rules: nothing to run.")
    try:
        day = dt.date.fromisoformat(as_of) if as_of else None
    except ValueError:
        raise fail("--as-of must be a date written YYYY-MM-DD.") from None
    started = time.perf_counter()
    with progress_bar("Sweeping", sweep_steps(rule_set)) as progress:
        result = sweep(area=partnership, as_of=day, progress=advance(progress))
    console.print(
        f"Evaluated {_count(result.evaluated, 'child', 'children')} with version "
        f"{rule_set.version} in {time.perf_counter() - started:.1f} s: "
        f"{_count(result.raised, 'flag', 'flags')} raised, {result.updated:,} updated, "
        f"{result.lapsed:,} lapsed."
    )


def _count(amount: int, singular: str, plural: str) -> str:
    return f"{amount:,} {singular if amount == 1 else plural}"


def register(app: typer.Typer) -> None:
    """Add this app's commands to ``smh``."""
    app.add_typer(rules_app, name="rules")
    app.command("sweep")(sweep_command)
