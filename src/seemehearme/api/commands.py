"""``smh token``: make and revoke agency systems' API tokens from the command line.

A new token goes to a file readable only by its owner, or is printed once on standard output
(messages go to standard error, so ``smh token create ... > file`` captures the token alone).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from seemehearme.cliutil import agency_named, console, errors, fail

if TYPE_CHECKING:
    pass

token_app = typer.Typer(
    name="token",
    help="Make or revoke an agency system's token for the JSON API.",
    no_args_is_help=True,
)


def _write_secret(path: Path, secret: str) -> None:
    """Write to a new file that only its owner can read: never over an existing file."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write(secret + "\n")


@token_app.command("create")
def token_create(
    agency: Annotated[str, typer.Option(help="The agency's name or id.")],
    name: Annotated[str, typer.Option(help="The system's name, e.g. 'Police records system'.")],
    output: Annotated[
        Path | None,
        typer.Option(help="Write the token to this new file (readable by you alone)."),
    ] = None,
) -> None:
    """Register an agency system and make its token, which is shown or written once."""
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from seemehearme.api.tokens import agency_system_create

    found = agency_named(agency)
    if output is not None and output.exists():
        raise fail(f"{output} already exists: choose a new file for the token.")
    try:
        with transaction.atomic():
            system, token = agency_system_create(agency=found, name=name)
            if output is not None:
                _write_secret(output, token)  # if this fails, the system is not kept
    except ValidationError as error:
        raise fail(" ".join(error.messages)) from None
    except OSError as error:
        raise fail(f"Could not write {output}: {error.strerror}. No token was made.") from None
    summary = f"Made a token for {system.name} ({found.name}), starting {system.token_prefix}."
    if output is not None:
        console.print(f"{summary} It is in {output}, readable by you alone.")
        return
    errors.print(summary)
    errors.print(
        "[bold]Copy it now: it is shown this once and is not stored.[/] Anyone who has it can "
        "send events as this agency."
    )
    print(token)  # plain print: no wrapping or markup in the one copy of the token


@token_app.command("revoke")
def token_revoke(
    prefix: Annotated[str, typer.Option(help="The token's first characters, e.g. smh_Ab12Cd34.")],
) -> None:
    """Stop a token working at once. Events its system has sent are kept."""
    from seemehearme.api.tokens import PREFIX_LENGTH, agency_system_revoke
    from seemehearme.feeds.models import AgencySystem

    if len(prefix) < PREFIX_LENGTH:
        raise fail(f"Give the token's first {PREFIX_LENGTH} characters, as the list shows them.")
    matches = list(
        AgencySystem.objects.filter(token_prefix=prefix[:PREFIX_LENGTH]).select_related("agency")
    )
    if not matches:
        raise fail(f"No token starts {prefix[:PREFIX_LENGTH]}.")
    if len(matches) > 1:
        raise fail("More than one token starts with these characters: revoke it on the page.")
    system = matches[0]
    if agency_system_revoke(system=system):
        console.print(f"Revoked the token of {system.name} ({system.agency.name}).")
    else:
        console.print(f"The token of {system.name} ({system.agency.name}) was already revoked.")


def register(app: typer.Typer) -> None:
    """Add ``smh token`` to ``smh``."""
    app.add_typer(token_app)
