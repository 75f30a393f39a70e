"""Decisions to share or not to share: recording one, the child's list, and the data
protection lead's partnership-wide list (pseudonymised)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from seemehearme.areas.models import Agency, Area, StaffUser
from seemehearme.dataprotection.chronology import CASE_WORK
from seemehearme.dataprotection.models import Consent, SharingDecision
from seemehearme.people.models import Child
from seemehearme.sharing.models import (
    SAFEGUARDING_PURPOSE,
    InformationCategory,
    LawfulBasis,
    SharingPurpose,
)
from seemehearme.sharing.policy import Decision, SharingGrants, item_decision, require
from seemehearme.sharing.policy import can_record as policy_can_record
from seemehearme.sharing.pseudonyms import pseudonyms
from seemehearme.sharing.selectors import Withheld, withheld_counts


def sharing_decision_problems(
    *,
    shared: bool,
    categories: Iterable[InformationCategory],
    what: str,
    with_agency: Agency | None,
    with_person: str,
    reason: str,
    lawful_basis: str,
    consent: str,
    consent_not_sought_because: str,
    consent_notes: str,
) -> dict[str, list[str]]:
    """What is missing or contradictory in a decision, by field (empty if none)."""
    problems: dict[str, list[str]] = {}

    def problem(field: str, message: str) -> None:
        problems.setdefault(field, []).append(message)

    if not list(categories) and not what.strip():
        problem("what", "Say what information you shared or decided not to share")
    if with_agency is None and not with_person.strip():
        problem("with_person", "Say who you shared it with, or decided not to share it with")
    if not reason.strip():
        problem(
            "reason",
            "Give the reason for sharing"
            if shared
            else "Give the reason for not sharing: record it whether or not you share",
        )
    if shared and not lawful_basis:
        problem("lawful_basis", "Choose the lawful basis for sharing")
    if lawful_basis == LawfulBasis.CONSENT and consent != Consent.GIVEN:
        problem("lawful_basis", "Consent can be the lawful basis only if it was sought and given")
    if consent == Consent.NOT_SOUGHT and not consent_not_sought_because:
        problem("consent_not_sought_because", "Say why consent was not sought")
    if consent != Consent.NOT_SOUGHT and consent_not_sought_because:
        problem("consent_not_sought_because", "Only say why consent was not sought if it was not")
    if consent == Consent.OVERRIDDEN and not consent_notes.strip():
        problem("consent_notes", "Say why consent was overridden")
    if shared and consent == Consent.REFUSED:
        problem(
            "consent",
            "You shared after consent was refused: record consent as overridden, with the reason",
        )
    if not shared and consent == Consent.OVERRIDDEN:
        problem("consent", "Consent is overridden only when you share without it")
    return problems


@transaction.atomic
def sharing_decision_record(
    *,
    by: StaffUser,
    child: Child,
    shared: bool,
    purpose: SharingPurpose,
    categories: Iterable[InformationCategory] = (),
    what: str = "",
    with_agency: Agency | None = None,
    with_person: str = "",
    reason: str,
    lawful_basis: str = "",
    consent: str,
    consent_not_sought_because: str = "",
    consent_notes: str = "",
    decided_on: Any = None,
) -> SharingDecision:
    """Record a decision to share, or not to share, on the child's record.

    Refused (PermissionDenied) unless the policy lets ``by`` record on the child's record;
    ValidationError by field if the decision is incomplete.
    """
    require(policy_can_record(by, child))
    categories = list(categories)
    problems = sharing_decision_problems(
        shared=shared,
        categories=categories,
        what=what,
        with_agency=with_agency,
        with_person=with_person,
        reason=reason,
        lawful_basis=lawful_basis,
        consent=consent,
        consent_not_sought_because=consent_not_sought_because,
        consent_notes=consent_notes,
    )
    if with_agency is not None and with_agency.area_id != child.area_id:
        problems.setdefault("with_agency", []).append("Choose an agency in this partnership")
    if problems:
        raise ValidationError(problems)
    assert by.agency is not None  # can_record refuses users without an agency
    decision = SharingDecision.objects.create(
        child=child,
        shared=shared,
        decided_on=decided_on or timezone.localdate(),
        what=what.strip(),
        with_agency=with_agency,
        with_person=with_person.strip(),
        purpose=purpose,
        reason=reason.strip(),
        lawful_basis=lawful_basis,
        consent=consent,
        consent_not_sought_because=consent_not_sought_because,
        consent_notes=consent_notes.strip(),
        recorded_by=by,
        agency=by.agency,
    )
    decision.categories.set(categories)
    return decision


@dataclass
class ChildDecisions:
    """A child's decisions to share as one user may see them: shown, and withheld (counted)."""

    shown: list[tuple[SharingDecision, Decision]]
    withheld: list[Withheld]
    refused: list[tuple[SharingDecision, Decision]]

    def log_rows(self, child: Child) -> list[tuple[Child, Decision, str]]:
        """Access-log rows for every decision shown or withheld."""
        return [
            (child, decision, f"Decision to share {record.pk} ({record.agency.name})")
            for record, decision in [*self.shown, *self.refused]
        ]


def child_sharing_decisions(*, user: StaffUser, child: Child, access: Decision) -> ChildDecisions:
    """The child's decisions to share, each decided by the policy as the recorder's agency's
    case work (one query for the agreements however many decisions there are)."""
    records = list(
        SharingDecision.objects.filter(child=child)
        .select_related("agency", "with_agency", "purpose", "recorded_by")
        .prefetch_related("categories")
    )
    case_work = InformationCategory.objects.get(code=CASE_WORK)
    assert user.agency is not None
    grants = SharingGrants(user.agency, SAFEGUARDING_PURPOSE, timezone.localdate())
    decided = [
        (
            record,
            item_decision(
                access=access,
                viewer_agency=user.agency,
                source_agency=record.agency,
                category=case_work,
                grants=grants,
            ),
        )
        for record in records
    ]
    refused = [pair for pair in decided if not pair[1].allowed]
    return ChildDecisions(
        shown=[pair for pair in decided if pair[1].allowed],
        withheld=withheld_counts((record.agency, case_work, d) for record, d in refused),
        refused=refused,
    )


# --- The data protection lead's list -----------------------------------------------------------


@dataclass(frozen=True)
class ListedDecision:
    """A decision in the partnership-wide list: the child as a pseudonym, never by name."""

    decision: SharingDecision
    pseudonym: str


def partnership_sharing_decisions(
    *,
    area: Area,
    shared: bool | None = None,
    overridden_only: bool = False,
    agency: Agency | None = None,
) -> QuerySet[SharingDecision]:
    """The partnership's decisions to share, newest first, filtered: shared or not, consent
    overridden, and made by or with one agency."""
    decisions = (
        SharingDecision.objects.filter(child__area=area)
        .select_related("agency", "with_agency", "purpose")
        .prefetch_related("categories")
    )
    if shared is not None:
        decisions = decisions.filter(shared=shared)
    if overridden_only:
        decisions = decisions.filter(consent=Consent.OVERRIDDEN)
    if agency is not None:
        decisions = decisions.filter(agency=agency) | decisions.filter(with_agency=agency)
    return decisions.order_by("-decided_on", "-recorded_at", "-id")


def listed_decisions(*, area: Area, decisions: Iterable[SharingDecision]) -> list[ListedDecision]:
    decisions = list(decisions)
    codes = pseudonyms(area, {decision.child_id for decision in decisions})
    return [ListedDecision(decision, codes[decision.child_id]) for decision in decisions]
