"""Receiving a concern from the public, deciding on it, and getting back to the reporter."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from seemehearme.areas.models import Area, Role, StaffUser
from seemehearme.cases.deadlines import add_working_days
from seemehearme.cases.models import Referral, ReferralSource
from seemehearme.cases.referrals import NewChildDetails, referral_make
from seemehearme.concerns.access import can_refer_concern, can_triage_concerns
from seemehearme.concerns.models import (
    CHILD_KNOWS_VALUE,
    Concern,
    ConcernOutcome,
    ContactKind,
    ContactMethod,
    ReporterContact,
    ReporterType,
)
from seemehearme.dates import date_and_time
from seemehearme.notifications.notify import Email, addresses, send_now, send_on_commit
from seemehearme.public.content import default_language, published_text

# No 0/O, 1/I/L, and no vowels (so no words): easy to read out on the phone.
REFERENCE_ALPHABET = "BCDFGHJKMNPQRSTVWXYZ23456789"
REFERENCE_LENGTH = 8


def reference_new() -> str:
    """A random reference that says nothing: not a count, not an id, not a date."""
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


class NoTriageTeam(Exception):
    """The partnership has no triage team, so a concern would reach nobody."""


@dataclass(frozen=True)
class Report:
    """What the reporter typed, already checked by the form."""

    reporter_type: str
    what_happened: str
    business_type: str = ""
    child_description: str = ""
    child_age: str = ""
    where: str = ""
    when: str = ""
    child_knows: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    contact_best_time: str = ""


def concern_receive(
    *, area: Area, report: Report, now: dt.datetime | None = None, notify: bool = True
) -> Concern:
    """Store a concern for ``area``'s triage team, due within its triage timescale, and tell
    the team (by an email that says nothing about it) unless ``notify`` is off."""
    if area.triage_team_id is None:
        raise NoTriageTeam(area.slug)
    now = now or timezone.now()
    business_type = report.business_type if report.reporter_type == ReporterType.BUSINESS else ""
    for _attempt in range(5):
        concern = Concern(
            area=area,
            reference=reference_new(),
            received_at=now,
            reporter_type=report.reporter_type,
            business_type=business_type,
            what_happened=report.what_happened.strip(),
            child_description=report.child_description.strip(),
            child_age=report.child_age.strip(),
            where=report.where.strip(),
            when=report.when.strip(),
            child_knows=report.child_knows,
            contact_name=report.contact_name.strip(),
            contact_phone=report.contact_phone.strip(),
            contact_email=report.contact_email.strip(),
            contact_best_time=report.contact_best_time.strip(),
            holding_team_id=area.triage_team_id,
            triage_due_at=add_working_days(now, area.triage_working_days),
        )
        concern.full_clean(exclude=["reference"])
        try:
            with transaction.atomic():
                concern.save()
        except IntegrityError:
            if Concern.objects.filter(reference=concern.reference).exists():
                continue  # the same reference drawn twice: draw again
            raise
        if notify:
            _tell_the_triage_team(concern)
        return concern
    raise RuntimeError("Could not find an unused reference")


def _tell_the_triage_team(concern: Concern) -> None:
    """Email the triage team's coordinators and managers: a reference and a link, nothing of
    what was reported (email is not a secure channel)."""
    team = StaffUser.objects.filter(
        team_id=concern.holding_team_id, role__in=[Role.CSE_COORDINATOR, Role.TEAM_MANAGER]
    )
    link = settings.SMH_SITE_URL + reverse(
        "concerns:concern", kwargs={"reference": concern.reference}
    )
    send_on_commit(
        Email(
            subject=f"A concern has been reported online: {concern.reference}",
            body=(
                f"Someone has reported a concern through the partnership's public pages. "
                f"It is due for triage by {date_and_time(concern.triage_due_at)}.\n\n"
                "This email does not say what was reported, because email is not a secure way "
                f"to share it. Sign in to read it:\n{link}\n"
            ),
            recipients=addresses(team),
        )
    )


def _locked_awaiting(concern: Concern) -> Concern:
    locked = Concern.objects.select_for_update().get(pk=concern.pk)
    if not locked.awaiting_triage:
        raise ValidationError("Someone has already recorded what happens with this concern.")
    return locked


@transaction.atomic
def concern_decide(
    *,
    concern: Concern,
    by: StaffUser,
    outcome: str,
    reason: str,
    duplicate_of: Concern | None = None,
    now: dt.datetime | None = None,
) -> Concern:
    """Record an outcome other than a referral: signposted, passed to the police, no further
    action, or the same as another concern. Who decided and when are kept, with history."""
    allowed = can_triage_concerns(by, concern.area)
    if not allowed:
        raise PermissionDenied(allowed.reason)
    if outcome == ConcernOutcome.REFERRAL or outcome not in ConcernOutcome.values:
        raise ValidationError({"outcome": "Choose what happens with this concern"})
    if not reason.strip():
        raise ValidationError({"outcome_reason": "Say why"})
    if outcome == ConcernOutcome.DUPLICATE:
        if duplicate_of is None or duplicate_of.area_id != concern.area_id:
            raise ValidationError({"duplicate_of": "Enter the reference of the other concern"})
        if duplicate_of.pk == concern.pk:
            raise ValidationError({"duplicate_of": "Enter the reference of another concern"})
    else:
        duplicate_of = None
    locked = _locked_awaiting(concern)
    locked.outcome = outcome
    locked.outcome_reason = reason.strip()
    locked.duplicate_of = duplicate_of
    locked.decided_by = by
    locked.decided_at = now or timezone.now()
    locked.full_clean()
    locked.save()
    return locked


def referrer_description_for(concern: Concern) -> str:
    return f"{concern.source_words}, reported online (concern {concern.reference})"[:200]


def referral_concerns_text(concern: Concern) -> str:
    """The concern as the referral's concerns start: the reporter's words and what they said
    about the child, place and time, for the coordinator to edit."""
    lines = [concern.what_happened.strip()]
    for label, value in (
        ("About the child", concern.child_description),
        ("Age", concern.child_age),
        ("Where", concern.where),
        ("When", concern.when),
    ):
        if value.strip():
            lines.append(f"{label}: {value.strip()}")
    return "\n\n".join(lines)


@transaction.atomic
def concern_refer(
    *,
    concern: Concern,
    by: StaffUser,
    given_name: str,
    family_name: str,
    date_of_birth: dt.date,
    details: NewChildDetails,
    concerns: str,
    reason: str,
    now: dt.datetime | None = None,
) -> Referral:
    """Make the concern a community referral about a child, through the usual referral path
    (which finds or adds the child and shows nothing back), recording who reported it."""
    allowed = can_refer_concern(by, concern.area)
    if not allowed:
        raise PermissionDenied(allowed.reason)
    locked = _locked_awaiting(concern)
    referral = referral_make(
        user=by,
        given_name=given_name,
        family_name=family_name,
        date_of_birth=date_of_birth,
        concerns=concerns,
        child_knows=CHILD_KNOWS_VALUE[locked.child_knows],
        details=details,
        source=ReferralSource.COMMUNITY,
        referrer_description=referrer_description_for(locked),
    )
    locked.outcome = ConcernOutcome.REFERRAL
    locked.outcome_reason = reason.strip() or "Made a referral about the child"
    locked.referral = referral
    locked.decided_by = by
    locked.decided_at = now or timezone.now()
    locked.full_clean()
    locked.save()
    return referral


def thank_you_text(concern: Concern) -> str:
    """The email the triage team starts from, with the numbers the partnership publishes."""
    contacts = published_text(concern.area, default_language()).contacts
    return (
        f"Thank you for telling us about your concern (reference {concern.reference}).\n\n"
        "We have read it and it is being dealt with. To keep everyone's information private we "
        "cannot tell you what happens next.\n\n"
        f"If a child is in danger now, call {contacts.emergency_phone}. Children and young "
        f"people can call Childline free on {contacts.childline_phone}."
    )


@transaction.atomic
def reporter_contact_record(
    *,
    concern: Concern,
    by: StaffUser,
    kind: str,
    method: str,
    note: str,
    email_message: str = "",
    now: dt.datetime | None = None,
) -> ReporterContact:
    """Record getting in touch with the reporter. With ``method`` email and a message, the
    message is sent to the address they gave, from the service, before it is recorded (a
    failed send records nothing)."""
    allowed = can_triage_concerns(by, concern.area)
    if not allowed:
        raise PermissionDenied(allowed.reason)
    if concern.is_anonymous:
        raise ValidationError("The reporter left no contact details.")
    emailed = False
    if email_message.strip():
        if method != ContactMethod.EMAIL or not concern.contact_email:
            raise ValidationError({"email_message": "They did not give an email address"})
        subject = (
            "Thank you for your report"
            if kind == ContactKind.THANKED
            else "About your report: can you tell us more?"
        )
        sent = send_now(
            Email(
                subject=f"{subject} ({concern.reference})",
                body=email_message.strip(),
                recipients=[concern.contact_email],
            )
        )
        if not sent:
            raise ValidationError(
                "The email could not be sent. Nothing has been recorded: try again, or "
                "contact them another way."
            )
        emailed = True
    contact = ReporterContact(
        concern=concern,
        kind=kind,
        method=method,
        note="\n\n".join(
            part
            for part in (
                note.strip(),
                email_message.strip() and f"Email sent:\n{email_message.strip()}",
            )
            if part
        ),
        emailed=emailed,
        contacted_at=now or timezone.now(),
        contacted_by=by,
    )
    contact.full_clean()
    contact.save()
    return contact
