"""Create the fictional Northbridge Safeguarding Partnership, once.

Everything in it is made up. The same seed gives the same area, staff and children; dates are
set relative to a reference day (today unless given) so agreements are in force, ended or in
draft, and children are the right ages, whenever the demo is created.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from faker import Faker

from seemehearme.areas.models import Agency, Area, Panel, Team
from seemehearme.sharing.models import (
    AgreementSignatory,
    InformationCategory,
    InformationSharingAgreement,
    SharingPurpose,
)

from . import structure as s
from .assurance import demo_assurance_create
from .board import demo_targets_create
from .children import area_directory_load, seed_children
from .concerns import demo_concerns_create
from .dataprotection import demo_data_protection_create
from .episodes import case_work_create, screenings_and_meetings_create
from .featured import featured_child_create
from .feeds import demo_feeds_import
from .intelligence import demo_intelligence_create
from .participation import demo_participation_create
from .public import demo_public_text_create
from .returns import demo_return_details_set
from .staff import background_staff_create, demo_staff_create
from .workforce import demo_workforce_create

DEMO_SEED = 42
# Enough children for caseloads and searches to feel real while creating the demo in seconds.
DEMO_CHILDREN = 500


@dataclass(frozen=True)
class DemoAreaResult:
    area: Area
    created: bool


def demo_area_get() -> Area | None:
    """The demo area, if this database has one."""
    return Area.objects.filter(slug=s.DEMO_AREA_SLUG).first()


def _agreements_create(
    *, area: Area, agencies: dict[str, Agency], as_of: dt.date, rng: random.Random
) -> None:
    fake = Faker("en_GB")
    fake.seed_instance(rng.getrandbits(32))
    titles = {spec.name: spec.signatory_title for spec in s.AGENCIES}
    categories = {c.code: c for c in InformationCategory.objects.all()}
    purposes = {p.code: p for p in SharingPurpose.objects.all()}
    signatories = {name: fake.name() for name in titles}  # one per agency, on every agreement
    for spec in s.AGREEMENTS:
        start = as_of + dt.timedelta(days=spec.start_in_days)
        agreement = InformationSharingAgreement(
            area=area,
            reference=spec.reference,
            title=spec.title,
            lawful_basis=spec.lawful_basis,
            lawful_basis_notes=spec.lawful_basis_notes,
            status=spec.status,
            start_date=start,
            review_date=as_of + dt.timedelta(days=spec.review_in_days),
            end_date=None
            if spec.end_in_days is None
            else as_of + dt.timedelta(days=spec.end_in_days),
        )
        agreement.full_clean()
        agreement.save()
        agreement.parties.set([agencies[name] for name in spec.parties])
        agreement.categories.set([categories[code] for code in spec.categories])
        agreement.purposes.set([purposes[code] for code in spec.purposes])
        signed_by = spec.parties if spec.signed_by is None else spec.signed_by
        signed_before = min(start, as_of)
        AgreementSignatory.objects.bulk_create(
            [
                AgreementSignatory(
                    agreement=agreement,
                    agency=agencies[name],
                    name=signatories[name],
                    job_title=titles[name],
                    signed_on=signed_before - dt.timedelta(days=rng.randint(3, 40)),
                )
                for name in signed_by
            ]
        )


def demo_area_create(
    *,
    seed: int = DEMO_SEED,
    children: int = DEMO_CHILDREN,
    as_of: dt.date | None = None,
    progress: Callable[[int], None] | None = None,
) -> DemoAreaResult:
    """Create the Northbridge demo area with its agencies, teams, MACE panel, agreements, staff,
    ``children`` synthetic children, the featured child, case work, agency feeds, the
    intelligence picture, participation and questionnaires, staff training and supervision,
    the board's targets and the partnership's assurance — unless it exists already, in which
    case nothing changes and ``created`` is false.

    All or nothing: a failure part-way leaves no half-made area behind.
    """
    existing = demo_area_get()
    if existing is not None:
        return DemoAreaResult(existing, created=False)
    as_of = as_of or timezone.localdate()
    rng = random.Random(f"{seed}:area")  # noqa: S311 (synthetic data)
    with transaction.atomic():
        area = Area.objects.create(name=s.DEMO_AREA_NAME, slug=s.DEMO_AREA_SLUG)
        agencies: dict[str, Agency] = {}
        teams: dict[tuple[str, str], Team] = {}
        for spec in s.AGENCIES:
            agency = Agency.objects.create(
                area=area,
                name=spec.name,
                kind=spec.kind,
                involvement_is_sensitive=spec.involvement_is_sensitive,
            )
            agencies[spec.name] = agency
            for team_name in spec.teams:
                teams[(spec.name, team_name)] = Team.objects.create(agency=agency, name=team_name)
        panel = Panel.objects.create(area=area, name=s.MACE_PANEL)
        _agreements_create(area=area, agencies=agencies, as_of=as_of, rng=rng)
        demo_staff_create(agencies=agencies, teams=teams, panel=panel)
        background_staff_create(agencies=agencies, teams=teams, panel=panel, rng=rng)
        seed_children(area=area, count=children, seed=seed, as_of=as_of, progress=progress)
        featured_child_create(directory=area_directory_load(area=area), as_of=as_of)
        case_work_create(area=area, as_of=as_of)
        screenings_and_meetings_create(area=area, as_of=as_of)
        demo_feeds_import(area=area, as_of=as_of)
        demo_intelligence_create(area=area, as_of=as_of)
        demo_participation_create(area=area, as_of=as_of)
        demo_return_details_set(area=area)
        demo_workforce_create(area=area, as_of=as_of)
        demo_targets_create(area=area)
        demo_assurance_create(area=area, as_of=as_of)
        demo_data_protection_create(area=area, as_of=as_of)
        demo_concerns_create(area=area, as_of=as_of)
        demo_public_text_create(area=area)
    return DemoAreaResult(area, created=True)
