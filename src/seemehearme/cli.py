"""``smh``: the command line for See Me, Hear Me.

Run the demo, seed synthetic children, create an administrator, print the demo two-factor code
or pass anything else through to Django's management commands. Nothing here prints a child's
personal data: counts only.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from seemehearme.cliutil import advance as _advance
from seemehearme.cliutil import console, errors, fail
from seemehearme.cliutil import progress_bar as _progress

if TYPE_CHECKING:
    from seemehearme.areas.models import Agency

DEFAULT_SETTINGS = "seemehearme.settings.dev"

app = typer.Typer(
    name="smh",
    help="See Me, Hear Me: multi-agency work to protect children from sexual exploitation.",
    no_args_is_help=True,
    add_completion=False,
)


def django_ready(*, demo_mode: bool = False) -> None:
    """Set Django up once. Demo mode must be in the environment before settings are read."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    if demo_mode:
        os.environ["SMH_DEMO_MODE"] = "1"
        os.environ.setdefault("SMH_PARTNERSHIP_NAME", "Northbridge Safeguarding Partnership")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()


@app.callback()
def _before_every_command(ctx: typer.Context) -> None:
    django_ready(demo_mode=ctx.invoked_subcommand == "demo")


def _migrations_pending() -> bool:
    """Whether the database lacks some of the schema (a new install has none of it)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def _migrate() -> None:
    """Bring the database schema up to date (a no-op when it already is)."""
    from django.core.management import call_command

    if _migrations_pending():
        with console.status("Preparing the database"):
            call_command("migrate", verbosity=0, interactive=False)


def _refuse_if_real_partnership() -> None:
    """Synthetic children never go into a database that holds a real partnership's records."""
    from seemehearme.areas.models import Area
    from seemehearme.demo.structure import DEMO_AREA_SLUG

    others = Area.objects.exclude(slug=DEMO_AREA_SLUG).count()
    if others:
        raise fail(
            f"This database holds {others} other partnership(s). The demo and synthetic "
            "children only go into a database of their own (set SMH_VAR_DIR or DATABASE_URL)."
        )


def _demo_area_ensure(*, seed: int) -> bool:
    """Create the demo area unless it exists. Returns whether it was created."""
    from seemehearme.demo.area import DEMO_CHILDREN, demo_area_create, demo_area_get

    if demo_area_get() is not None:
        console.print("The Northbridge demo area is already in this database.")
        return False
    with _progress("Creating the Northbridge demo area", DEMO_CHILDREN) as progress:
        demo_area_create(seed=seed, children=DEMO_CHILDREN, progress=_advance(progress))
    console.print("Created the Northbridge Safeguarding Partnership demo area.")
    return True


def sign_ins_table() -> Table:
    from seemehearme.areas.models import Role
    from seemehearme.demo.staff import DEMO_STAFF

    table = Table(title="Demo sign-ins", show_lines=True)
    table.add_column("Username", style="bold", no_wrap=True)
    table.add_column("Role")
    table.add_column("Agency")
    table.add_column("What they can see")
    for person in DEMO_STAFF:
        role = f"{Role(person.role).label}\n[dim]{person.job_title}[/]"
        table.add_row(person.username, role, person.agency, person.sees)
    return table


@app.command()
def demo(
    host: Annotated[str, typer.Option(help="Address to serve on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to serve on.")] = 8000,
    serve: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Serve the site after setting up.")
    ] = True,
    seed: Annotated[int, typer.Option(help="Seed for the synthetic data.", hidden=True)] = 42,
) -> None:
    """Set up the fictional Northbridge demo area and serve it on this computer."""
    from django.conf import settings
    from django.core.management import call_command

    from seemehearme.demo.staff import DEMO_PASSWORD, DEMO_TOTP_BASE32

    _migrate()
    _refuse_if_real_partnership()
    _demo_area_ensure(seed=seed)
    console.print(sign_ins_table())
    console.print(f"Password for every demo account: [bold]{DEMO_PASSWORD}[/]")
    console.print(
        f"Two-factor secret for every demo account: [bold]{DEMO_TOTP_BASE32}[/] "
        "(add it to an authenticator app, or run [bold]bin/smh demo-code[/] for the "
        "current 6-digit code)"
    )
    console.print(
        "Every person in the demo is made up. The featured child is described in docs/demo.md."
    )
    if not serve:
        return
    # WhiteNoise serves static files with DEBUG off; it warns if a STATIC_ROOT is missing.
    if settings.STATIC_ROOT:
        os.makedirs(settings.STATIC_ROOT, exist_ok=True)
    if host not in {"127.0.0.1", "localhost"}:
        errors.print(f"Add {host} to ALLOWED_HOSTS if you browse to it by that address.")
    console.print(f"Serving the demo on [bold]http://{host}:{port}/[/] (Ctrl+C to stop)")
    settings.SMH_SITE_URL = demo_site_url(host=host, port=port)
    call_command("runserver", f"{host}:{port}", use_reloader=False)


def demo_site_url(*, host: str, port: int) -> str:
    """Where links in the demo's emails point: SMH_SITE_URL if set, else where it is served."""
    return os.environ.get("SMH_SITE_URL", f"http://{host}:{port}").rstrip("/")


@app.command()
def seed(
    children: Annotated[int, typer.Option("--children", min=1, help="How many children to add.")],
    seed: Annotated[int, typer.Option(help="Seed: the same seed gives the same children.")] = 42,
) -> None:
    """Add synthetic children to the demo area (creating the area first if needed)."""
    from seemehearme.demo.area import demo_area_get
    from seemehearme.demo.children import children_count, seed_children

    _migrate()
    _refuse_if_real_partnership()
    _demo_area_ensure(seed=seed)
    area = demo_area_get()
    assert area is not None
    started = time.perf_counter()
    with _progress("Adding synthetic children", children) as progress:
        seed_children(area=area, count=children, seed=seed, progress=_advance(progress))
    took = time.perf_counter() - started
    console.print(
        f"Added {children:,} children in {took:.1f} s; the demo area now has "
        f"{children_count(area=area):,}."
    )


def _read_password(*, from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return typer.prompt("Password", hide_input=True, confirmation_prompt="Repeat the password")


def _agency_for_admin(
    *, name: str, area_name: str | None, create: bool, kind: str | None
) -> Agency | None:
    """The administrator's agency; ``None`` when it is to be created (on a new install)."""
    from seemehearme.areas.models import Agency, AgencyKind

    agencies = Agency.objects.filter(name=name).select_related("area")
    if area_name:
        agencies = agencies.filter(area__name=area_name)
    matches = list(agencies)
    if len(matches) > 1:
        raise fail(f"More than one agency is called {name!r}: say which with --area.")
    if matches:
        return matches[0]
    if not create:
        known = ", ".join(Agency.objects.order_by("name").values_list("name", flat=True)[:20])
        raise fail(
            f"No agency called {name!r}. Agencies: {known or 'none yet'}. To create it with "
            "this administrator, add --create-agency --area 'Partnership name' --kind KIND."
        )
    if not area_name or kind not in AgencyKind.values:
        raise fail(f"--create-agency needs --area and --kind (one of {', '.join(AgencyKind)}).")
    return None


def _agency_create(*, name: str, area_name: str, kind: str) -> Agency:
    from django.utils.text import slugify

    from seemehearme.areas.models import Agency, Area

    area, _ = Area.objects.get_or_create(name=area_name, defaults={"slug": slugify(area_name)})
    return Agency.objects.create(area=area, name=name, kind=kind)


@app.command()
def createadmin(
    username: Annotated[str, typer.Option(prompt="User name", help="User name to sign in with.")],
    email: Annotated[
        str, typer.Option(prompt="Email address", help="Email address (for password resets).")
    ],
    agency: Annotated[
        str, typer.Option(prompt="Agency", help="The agency the administrator works for.")
    ],
    area: Annotated[
        str | None, typer.Option(help="The partnership, where agency names repeat.")
    ] = None,
    create_agency: Annotated[
        bool, typer.Option("--create-agency", help="Create the agency (on a new install).")
    ] = False,
    kind: Annotated[
        str | None, typer.Option(help="The new agency's kind, e.g. social_care.")
    ] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
) -> None:
    """Create a system administrator. They set up two-factor authentication at first sign-in."""
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.db import connection, transaction
    from django.db.migrations.executor import MigrationExecutor

    from seemehearme.areas.models import Role, StaffUser

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise fail("The database is not up to date: run `smh manage migrate` first.")
    if StaffUser.objects.filter(username__iexact=username).exists():
        raise fail(f"There is already an account called {username!r}.")
    found = _agency_for_admin(name=agency, area_name=area, create=create_agency, kind=kind)
    password = _read_password(from_stdin=password_stdin)
    with transaction.atomic():
        user = StaffUser(
            username=username,
            email=email,
            agency=found or _agency_create(name=agency, area_name=area or "", kind=kind or ""),
            role=Role.SYSTEM_ADMINISTRATOR,
            is_staff=True,
            is_superuser=True,
        )
        try:
            validate_password(password, user)
            user.set_password(password)
            user.full_clean()
        except ValidationError as error:
            raise fail(" ".join(error.messages)) from None  # rolls back a new agency too
        user.save()
    assert user.agency is not None
    console.print(
        f"Created system administrator {username} at {user.agency.name}. They will set up "
        "two-factor authentication the first time they sign in."
    )


@app.command("demo-code")
def demo_code(
    username: Annotated[
        str | None, typer.Option(help="A demo account to check the code is for.")
    ] = None,
) -> None:
    """Print the current two-factor code for the published demo secret."""
    from django.conf import settings

    from seemehearme.demo.staff import (
        DEMO_STAFF,
        demo_totp_code,
        demo_totp_seconds_left,
        user_is_demo_account,
    )

    if _migrations_pending():
        raise fail("The demo is not set up on this computer yet: run bin/demo first.")
    if username is not None:
        if not user_is_demo_account(username=username):
            raise fail(f"{username!r} is not a demo account: its two-factor codes are never shown.")
    elif not (
        settings.SMH_DEMO_MODE
        or any(user_is_demo_account(username=person.username) for person in DEMO_STAFF)
    ):
        raise fail(
            "There are no demo accounts here and demo mode is off, so there is no demo code."
        )
    console.print(demo_totp_code())
    errors.print(f"Valid for about {demo_totp_seconds_left()} more seconds.")


@app.command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    add_help_option=False,
)
def manage(ctx: typer.Context) -> None:
    """Run a Django management command, for example `smh manage migrate`."""
    from django.core.management import execute_from_command_line

    execute_from_command_line(["smh manage", *ctx.args])


def _register_domain_commands() -> None:
    """Commands that belong to one domain app live beside it (``<app>/commands.py``)."""
    from seemehearme.api import commands as api_commands
    from seemehearme.dataprotection import commands as dataprotection_commands
    from seemehearme.earlywarning import commands as earlywarning_commands
    from seemehearme.feeds import commands as feeds_commands
    from seemehearme.identity import commands as identity_commands
    from seemehearme.intelligence import commands as intelligence_commands
    from seemehearme.notifications import commands as notifications_commands
    from seemehearme.returns import commands as returns_commands
    from seemehearme.sharing import commands as sharing_commands

    for module in (
        feeds_commands,
        identity_commands,
        intelligence_commands,
        earlywarning_commands,
        api_commands,
        notifications_commands,
        sharing_commands,
        returns_commands,
        dataprotection_commands,
    ):
        module.register(app)


_register_domain_commands()


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    app(prog_name="smh")


if __name__ == "__main__":
    main()
