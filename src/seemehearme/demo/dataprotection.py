"""The data protection lead's demo: decisions to share on Maisie Fernhollow's record, an
agreement coming up for review, and a subject access request waiting in redaction review.
Synthetic and cheap: three decisions, one date changed, one request gathered."""

from __future__ import annotations

import datetime as dt

from seemehearme.areas.models import Area, StaffUser
from seemehearme.dataprotection.decisions import sharing_decision_record
from seemehearme.dataprotection.models import Consent, ConsentNotSought
from seemehearme.dataprotection.subject_access import request_create, request_gather
from seemehearme.people.models import Child
from seemehearme.sharing.models import (
    InformationCategory,
    InformationSharingAgreement,
    LawfulBasis,
    SharingPurpose,
)

from . import structure as s
from .featured import FEATURED_FAMILY_NAME, FEATURED_GIVEN_NAME

# The problem-profiling agreement comes up for review within the register's 60 days.
REVIEW_SOON = ("ISA-NB-006", 40)


def demo_data_protection_create(*, area: Area, as_of: dt.date) -> None:
    reference, days = REVIEW_SOON
    InformationSharingAgreement.objects.filter(area=area, reference=reference).update(
        review_date=as_of + dt.timedelta(days=days)
    )
    maisie = Child.objects.get(
        area=area, given_name=FEATURED_GIVEN_NAME, family_name=FEATURED_FAMILY_NAME
    )
    amara = StaffUser.objects.get(username="amara.social")
    agencies = {agency.name: agency for agency in area.agencies.all()}
    safeguarding = SharingPurpose.objects.get(code="safeguarding")
    categories = {category.code: category for category in InformationCategory.objects.all()}
    sharing_decision_record(
        by=amara,
        child=maisie,
        shared=True,
        purpose=safeguarding,
        categories=[categories["social-care"]],
        what="The dates of her missing episodes and the return interview summary.",
        with_agency=agencies[s.POLICE],
        reason="The police are planning disruption of the adults she was found with; the "
        "dates show the pattern (synthetic).",
        lawful_basis=LawfulBasis.DPA_SCH1_PARA18,
        consent=Consent.NOT_SOUGHT,
        consent_not_sought_because=ConsentNotSought.PREJUDICE,
        consent_notes="Asking would have alerted the adults through her phone.",
        decided_on=as_of - dt.timedelta(days=20),
    )
    sharing_decision_record(
        by=amara,
        child=maisie,
        shared=True,
        purpose=safeguarding,
        categories=[categories["child-voice"]],
        with_agency=agencies[s.SECONDARY_SCHOOLS[0]],
        reason="Her designated safeguarding lead needs to know what she said about the bus "
        "stop to plan a safe route home (synthetic).",
        lawful_basis=LawfulBasis.DPA_SCH1_PARA18,
        consent=Consent.OVERRIDDEN,
        consent_notes="She asked us not to tell school; the risk on the way home outweighed it.",
        decided_on=as_of - dt.timedelta(days=12),
    )
    sharing_decision_record(
        by=amara,
        child=maisie,
        shared=False,
        purpose=safeguarding,
        what="Her home address and the family's circumstances.",
        with_person="A relative who telephoned asking where she is staying",
        reason="Not necessary or proportionate: the caller's identity and role could not be "
        "checked (synthetic).",
        consent=Consent.REFUSED,
        decided_on=as_of - dt.timedelta(days=5),
    )
    farah = StaffUser.objects.get(username="farah.dpo")
    request = request_create(
        by=farah,
        child=maisie,
        requester_name="Maisie's mother (synthetic)",
        requester_kind="parent",
        received_on=as_of - dt.timedelta(days=9),
        notes="Identity checked in person at the civic centre.",
    )
    request_gather(request=request, by=farah)
