"""Writes for information-sharing agreements and break-glass reviews.

Agreements are read live by the access policy (``sharing/policy.py``): saving one here changes
what staff of every party can see on their next page. So the rules are checked here, in one
place, before anything is saved, and every write is one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from seemehearme.areas.models import Agency, Area, StaffUser
from seemehearme.sharing.models import (
    AgreementSignatory,
    AgreementStatus,
    BreakGlassAccess,
    InformationCategory,
    InformationSharingAgreement,
    SharingPurpose,
)
from seemehearme.sharing.policy import data_protection_area

BREAK_GLASS_OUTCOMES = frozenset({"justified", "not_justified"})


def _require_data_protection_lead(user: StaffUser) -> Area:
    """The area a data protection lead looks after; refuses anyone else."""
    area = data_protection_area(user)
    if area is None:
        raise PermissionDenied("Only the data protection lead can do this.")
    return area


def _agreement_errors(
    *,
    area: Area,
    parties: list[Agency],
    categories: list[InformationCategory],
    purposes: list[SharingPurpose],
    status: str,
    start_date: dt.date,
    review_date: dt.date,
    end_date: dt.date | None,
    signed_agency_ids: set[int],
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if len(set(parties)) < 2:
        add("parties", "Select at least two agencies: an agreement is between two or more parties")
    if any(party.area_id != area.pk for party in parties):
        add("parties", "Every party must be an agency in this partnership")
    if not categories:
        add("categories", "Select the information the parties will share")
    if not purposes:
        add("purposes", "Select at least one purpose")
    if review_date < start_date:
        add("review_date", "Review date must be the same as or after the start date")
    if end_date is not None and end_date < start_date:
        add("end_date", "End date must be the same as or after the start date")
    if status == AgreementStatus.ACTIVE:
        unsigned = sorted(p.name for p in set(parties) if p.pk not in signed_agency_ids)
        if unsigned:
            add(
                "status",
                "The agreement cannot be signed and in force until every party has signed it. "
                f"Not yet signed by: {', '.join(unsigned)}. Save it as a draft and add the "
                "signatories first",
            )
    return errors


def _agreement_save(
    *,
    agreement: InformationSharingAgreement,
    by: StaffUser,
    area: Area,
    reference: str,
    title: str,
    parties: Iterable[Agency],
    categories: Iterable[InformationCategory],
    purposes: Iterable[SharingPurpose],
    lawful_basis: str,
    lawful_basis_notes: str,
    withheld_unnamed: bool,
    status: str,
    start_date: dt.date,
    review_date: dt.date,
    end_date: dt.date | None,
) -> InformationSharingAgreement:
    parties, categories, purposes = list(parties), list(categories), list(purposes)
    signed = (
        set(agreement.signatories.values_list("agency_id", flat=True)) if agreement.pk else set()
    )
    errors = _agreement_errors(
        area=area,
        parties=parties,
        categories=categories,
        purposes=purposes,
        status=status,
        start_date=start_date,
        review_date=review_date,
        end_date=end_date,
        signed_agency_ids=signed,
    )
    duplicates = InformationSharingAgreement.objects.filter(reference=reference.strip())
    if agreement.pk:
        duplicates = duplicates.exclude(pk=agreement.pk)
    if duplicates.exists():
        errors.setdefault("reference", []).append("An agreement with this reference already exists")
    if errors:
        raise ValidationError(errors)

    agreement.area = area
    agreement.reference = reference.strip()
    agreement.title = title.strip()
    agreement.lawful_basis = lawful_basis
    agreement.lawful_basis_notes = lawful_basis_notes.strip()
    agreement.withheld_unnamed = withheld_unnamed
    agreement.status = status
    agreement.start_date = start_date
    agreement.review_date = review_date
    agreement.end_date = end_date
    agreement.updated_by = by
    agreement.full_clean()
    agreement.save()
    agreement.parties.set(parties)
    agreement.categories.set(categories)
    agreement.purposes.set(purposes)
    return agreement


@transaction.atomic
def agreement_create(
    *,
    by: StaffUser,
    reference: str,
    title: str,
    parties: Iterable[Agency],
    categories: Iterable[InformationCategory],
    purposes: Iterable[SharingPurpose],
    lawful_basis: str,
    lawful_basis_notes: str = "",
    withheld_unnamed: bool = False,
    status: str = AgreementStatus.DRAFT,
    start_date: dt.date,
    review_date: dt.date,
    end_date: dt.date | None = None,
) -> InformationSharingAgreement:
    """Record a new agreement in the data protection lead's partnership.

    A new agreement has no signatories yet, so it can only be made active once they are added.
    """
    area = _require_data_protection_lead(by)
    return _agreement_save(
        agreement=InformationSharingAgreement(),
        by=by,
        area=area,
        reference=reference,
        title=title,
        parties=parties,
        categories=categories,
        purposes=purposes,
        lawful_basis=lawful_basis,
        lawful_basis_notes=lawful_basis_notes,
        withheld_unnamed=withheld_unnamed,
        status=status,
        start_date=start_date,
        review_date=review_date,
        end_date=end_date,
    )


@transaction.atomic
def agreement_update(
    *,
    agreement: InformationSharingAgreement,
    by: StaffUser,
    reference: str,
    title: str,
    parties: Iterable[Agency],
    categories: Iterable[InformationCategory],
    purposes: Iterable[SharingPurpose],
    lawful_basis: str,
    lawful_basis_notes: str = "",
    withheld_unnamed: bool = False,
    status: str,
    start_date: dt.date,
    review_date: dt.date,
    end_date: dt.date | None = None,
) -> InformationSharingAgreement:
    """Change an agreement. Takes effect at once: the policy reads agreements live."""
    area = _require_data_protection_lead(by)
    if agreement.area_id != area.pk:
        raise PermissionDenied("This agreement belongs to another partnership.")
    locked = InformationSharingAgreement.objects.select_for_update().get(pk=agreement.pk)
    return _agreement_save(
        agreement=locked,
        by=by,
        area=area,
        reference=reference,
        title=title,
        parties=parties,
        categories=categories,
        purposes=purposes,
        lawful_basis=lawful_basis,
        lawful_basis_notes=lawful_basis_notes,
        withheld_unnamed=withheld_unnamed,
        status=status,
        start_date=start_date,
        review_date=review_date,
        end_date=end_date,
    )


@transaction.atomic
def agreement_signatory_add(
    *,
    agreement: InformationSharingAgreement,
    by: StaffUser,
    agency: Agency,
    name: str,
    job_title: str,
    signed_on: dt.date,
) -> AgreementSignatory:
    """Record that someone signed the agreement on behalf of one of its parties."""
    area = _require_data_protection_lead(by)
    if agreement.area_id != area.pk:
        raise PermissionDenied("This agreement belongs to another partnership.")
    errors: dict[str, list[str]] = {}
    if not agreement.parties.filter(pk=agency.pk).exists():
        errors["agency"] = ["Choose one of the parties to the agreement"]
    if signed_on > timezone.localdate():
        errors["signed_on"] = ["Date signed must be today or in the past"]
    if errors:
        raise ValidationError(errors)

    signatory = AgreementSignatory(
        agreement=agreement,
        agency=agency,
        name=name.strip(),
        job_title=job_title.strip(),
        signed_on=signed_on,
    )
    signatory.full_clean()
    signatory.save()
    agreement.updated_by = by
    agreement.save(update_fields=["updated_by", "updated_at"])
    return signatory


@transaction.atomic
def break_glass_review_record(
    *, access: BreakGlassAccess, by: StaffUser, outcome: str, notes: str
) -> BreakGlassAccess:
    """Record the data protection lead's view of whether emergency access was justified."""
    area = _require_data_protection_lead(by)
    locked = BreakGlassAccess.objects.select_for_update().select_related("child").get(pk=access.pk)
    if locked.child.area_id != area.pk:
        raise PermissionDenied("This access was to a child in another partnership.")
    if locked.user_id == by.pk:
        raise ValidationError("You cannot review your own break-glass access")
    if locked.reviewed_at is not None:
        raise ValidationError("This break-glass access has already been reviewed")
    if outcome not in BREAK_GLASS_OUTCOMES:
        raise ValidationError({"outcome": ["Select whether the access was justified"]})
    if not notes.strip():
        raise ValidationError({"notes": ["Enter the reason for your decision"]})

    locked.review_outcome = outcome
    locked.review_notes = notes.strip()
    locked.reviewed_by = by
    locked.reviewed_at = timezone.now()
    locked.full_clean()
    locked.save(update_fields=["review_outcome", "review_notes", "reviewed_by", "reviewed_at"])
    return locked


@transaction.atomic
def break_glass_end(*, access: BreakGlassAccess, by: StaffUser) -> BreakGlassAccess:
    """End emergency access now. From the next page the user opens, the policy refuses it."""
    area = _require_data_protection_lead(by)
    locked = BreakGlassAccess.objects.select_for_update().select_related("child").get(pk=access.pk)
    if locked.child.area_id != area.pk:
        raise PermissionDenied("This access was to a child in another partnership.")
    now = timezone.now()
    if locked.revoked_at is not None or locked.expires_at <= now:
        raise ValidationError("This break-glass access has already ended")
    locked.revoked_at = now
    locked.revoked_by = by
    locked.save(update_fields=["revoked_at", "revoked_by"])
    return locked
