"""``smh pseudonyms-rotate``: start a new pseudonym key for a partnership.

Every child's pseudonym changes, so codes an analyst noted down before no longer match anyone
(which is the point: see docs/adr/0015-pseudonyms-keyed-hash-per-partnership.md). Neither key
is ever printed.
"""

from __future__ import annotations

from typing import Annotated

import typer

from seemehearme.cliutil import console, fail


def pseudonyms_rotate(
    area: Annotated[str, typer.Option("--area", help="The partnership's name or short name.")],
) -> None:
    """Start a new pseudonym key for a partnership: every child's pseudonym changes."""
    from django.db.models import Q

    from seemehearme.areas.models import Area
    from seemehearme.sharing.pseudonyms import rotate

    found = Area.objects.filter(Q(name__iexact=area) | Q(slug__iexact=area)).first()
    if found is None:
        known = ", ".join(Area.objects.order_by("name").values_list("name", flat=True)[:20])
        raise fail(f"No partnership called {area!r}. Partnerships: {known or 'none yet'}.")
    key = rotate(found)
    console.print(
        f"{found.name} now uses pseudonym key version {key.version}. Every child's pseudonym "
        "has changed: codes noted before today no longer match."
    )


def register(app: typer.Typer) -> None:
    """Add this app's commands to ``smh``."""
    app.command("pseudonyms-rotate")(pseudonyms_rotate)
