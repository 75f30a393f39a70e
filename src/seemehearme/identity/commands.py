"""``smh`` commands for this app (registered by ``seemehearme.cli``)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Annotated, cast

import typer

from seemehearme.cliutil import advance, console, fail, progress_bar

if TYPE_CHECKING:
    from seemehearme.areas.models import Area
    from seemehearme.identity.scoring import Backend


def _areas(name: str | None) -> list[Area]:
    from seemehearme.areas.models import Area
    from seemehearme.identity.models import AgencyPerson

    if name is not None:
        area = Area.objects.filter(name=name).first()
        if area is None:
            known = ", ".join(Area.objects.order_by("name").values_list("name", flat=True)[:20])
            raise fail(f"No partnership called {name!r}. Partnerships: {known or 'none yet'}.")
        return [area]
    with_records = AgencyPerson.objects.values("agency__area_id")
    return list(Area.objects.filter(pk__in=with_records).order_by("name"))


def link(
    area: Annotated[
        str | None, typer.Option(help="The partnership (all with agency records if left out).")
    ] = None,
    backend: Annotated[
        str,
        typer.Option(
            help="duckdb (this process) or spark: with --full, Spark runs the whole matching "
            "(preparing, scoring and grouping); otherwise it scores the new records' pairs."
        ),
    ] = "duckdb",
    full: Annotated[
        bool,
        typer.Option(
            "--full", help="Look at every agency record again, not only those without a child."
        ),
    ] = False,
) -> None:
    """Match agencies' records of children to each other (identity resolution)."""
    from seemehearme.identity.linking import LINK_STEPS, link_persons
    from seemehearme.identity.models import AgencyPerson
    from seemehearme.identity.scoring import BACKENDS

    if backend not in BACKENDS:
        raise fail(f"--backend must be one of {', '.join(BACKENDS)}.")
    if backend == "spark":
        from seemehearme.identity.spark import java_available

        if not java_available():
            raise fail("The Spark backend needs Java 17 or later: install it, or use duckdb.")
    chosen = cast("Backend", backend)
    for found in _areas(area):
        scope = None
        if not full:
            scope = set(
                AgencyPerson.objects.filter(agency__area=found, child__isnull=True).values_list(
                    "pk", flat=True
                )
            )
        started = time.perf_counter()
        with progress_bar(f"Linking records in {found.name}", LINK_STEPS) as bar:
            outcome = link_persons(
                area=found, person_ids=scope, backend=chosen, progress=advance(bar)
            )
        run = outcome.run
        console.print(
            f"{found.name}: records {run.records:,}; pairs scored {run.pairs_scored:,}; "
            f"links made {run.links_made:,}; new children {run.children_created:,}; children "
            f"merged {outcome.children_merged:,}; pairs for "
            f"review {run.sent_to_review:,}; left unresolved (no date of birth) "
            f"{outcome.unresolved:,}; NHS numbers failing their check digit (not used) "
            f"{outcome.invalid_nhs_numbers:,}; numbers held by several children (not used) "
            f"{outcome.shared_numbers:,}; {time.perf_counter() - started:.1f} s."
        )
        if outcome.affected_child_ids:
            from seemehearme.earlywarning.sweep import sweep

            result = sweep(area=found, child_ids=outcome.affected_child_ids)
            console.print(
                f"Early warning looked again at {len(outcome.affected_child_ids):,} children; "
                f"new flags {result.raised:,}."
            )


def register(app: typer.Typer) -> None:
    """Add this app's commands to ``smh``."""
    app.command()(link)
