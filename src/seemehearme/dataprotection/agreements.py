"""The agreements register: every agreement of the partnership, what needs attention first,
and the reminders that tell the data protection leads a review is due."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from enum import IntEnum

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from seemehearme.areas.models import Area, Role, StaffUser
from seemehearme.dataprotection.models import AgreementReviewReminder
from seemehearme.dates import long_date
from seemehearme.sharing.models import AgreementStatus, InformationSharingAgreement

logger = logging.getLogger(__name__)

# A review or an end this close is shown as needing attention, and reminded about.
SOON_DAYS = 60


class Attention(IntEnum):
    """Why an agreement needs attention, most urgent first (the register's order)."""

    REVIEW_OVERDUE = 1
    REVIEW_DUE = 2
    ENDING_SOON = 3
    NONE = 4


ATTENTION_WORDS = {
    Attention.REVIEW_OVERDUE: "Review overdue",
    Attention.REVIEW_DUE: f"Review due within {SOON_DAYS} days",
    Attention.ENDING_SOON: f"Ends within {SOON_DAYS} days",
    Attention.NONE: "",
}


def _live(agreement: InformationSharingAgreement, today: dt.date) -> bool:
    """In force or about to be: a signed agreement that has not ended, or a draft."""
    if agreement.status in (AgreementStatus.ENDED, AgreementStatus.SUSPENDED):
        return False
    return agreement.end_date is None or agreement.end_date >= today


def attention(agreement: InformationSharingAgreement, today: dt.date) -> Attention:
    if not _live(agreement, today):
        return Attention.NONE
    if agreement.review_date < today:
        return Attention.REVIEW_OVERDUE
    if agreement.review_date <= today + dt.timedelta(days=SOON_DAYS):
        return Attention.REVIEW_DUE
    if agreement.end_date is not None and agreement.end_date <= today + dt.timedelta(
        days=SOON_DAYS
    ):
        return Attention.ENDING_SOON
    return Attention.NONE


@dataclass(frozen=True)
class RegisterRow:
    agreement: InformationSharingAgreement
    attention: Attention
    in_force: bool

    @property
    def attention_words(self) -> str:
        return ATTENTION_WORDS[self.attention]


def agreement_register(*, area: Area, today: dt.date | None = None) -> list[RegisterRow]:
    """Every agreement of the partnership, those needing attention first (review overdue,
    review due soon, ending soon), then by the nearest date and reference."""
    today = today or timezone.localdate()
    agreements = InformationSharingAgreement.objects.filter(area=area).prefetch_related("parties")
    rows = [
        RegisterRow(agreement, attention(agreement, today), agreement.is_in_force(today))
        for agreement in agreements
    ]

    def order(row: RegisterRow) -> tuple[int, dt.date, str]:
        agreement = row.agreement
        nearest = (
            agreement.end_date
            if row.attention == Attention.ENDING_SOON and agreement.end_date
            else agreement.review_date
        )
        return (row.attention, nearest, agreement.reference)

    return sorted(rows, key=order)


def agreements_due_for_review(
    *, area: Area | None = None, today: dt.date | None = None
) -> list[InformationSharingAgreement]:
    """Live agreements whose review is overdue or due within ``SOON_DAYS``."""
    today = today or timezone.localdate()
    agreements = InformationSharingAgreement.objects.exclude(
        status__in=[AgreementStatus.ENDED, AgreementStatus.SUSPENDED]
    ).filter(review_date__lte=today + dt.timedelta(days=SOON_DAYS))
    if area is not None:
        agreements = agreements.filter(area=area)
    return [agreement for agreement in agreements.order_by("review_date", "reference")
            if _live(agreement, today)]  # fmt: skip


def _leads(area_id: int) -> list[str]:
    users = StaffUser.objects.filter(
        agency__area_id=area_id, role=Role.DATA_PROTECTION_LEAD, is_active=True
    )
    return sorted({user.email for user in users if user.email})


def reminder_body(agreements: list[InformationSharingAgreement], today: dt.date) -> str:
    lines = []
    for agreement in agreements:
        when = "was due" if agreement.review_date < today else "is due"
        lines.append(
            f"- {agreement.reference} ({agreement.title}): review {when} on "
            f"{long_date(agreement.review_date)}"
        )
    link = f"{settings.SMH_SITE_URL}{reverse('dataprotection:register')}"
    return (
        "These information-sharing agreements need reviewing:\n\n"
        + "\n".join(lines)
        + f"\n\nSign in to see the agreements register:\n{link}\n"
    )


@dataclass(frozen=True)
class RemindersSent:
    agreements: int
    emails: int


def agreement_reminders_send(
    *, area: Area | None = None, today: dt.date | None = None
) -> RemindersSent:
    """Email each partnership's data protection leads about agreements due for review, once
    per agreement per review date (safe to run daily). A reminder is recorded in the same
    transaction that queues the email; if the email cannot be sent the record is removed, so
    the next run tries again. A partnership with no lead with an email address is not recorded.
    """
    today = today or timezone.localdate()
    by_area: dict[int, list[InformationSharingAgreement]] = {}
    for agreement in agreements_due_for_review(area=area, today=today):
        by_area.setdefault(agreement.area_id, []).append(agreement)
    sent = emails = 0
    for area_id, agreements in by_area.items():
        recipients = _leads(area_id)
        if not recipients:
            continue
        with transaction.atomic():
            new = [
                (agreement, reminder)
                for agreement in agreements
                for reminder, created in [
                    AgreementReviewReminder.objects.get_or_create(
                        agreement=agreement,
                        review_date=agreement.review_date,
                        defaults={"recipients": len(recipients)},
                    )
                ]
                if created
            ]
            if not new:
                continue
            subject = (
                f"{len(new)} information-sharing agreement"
                f"{' needs' if len(new) == 1 else 's need'} reviewing"
            )
            body = reminder_body([agreement for agreement, _ in new], today)
            reminder_ids = [reminder.pk for _, reminder in new]

            def send(
                subject: str = subject,
                body: str = body,
                ids: list[int] = reminder_ids,
                to: list[str] = recipients,
            ) -> None:
                try:
                    send_mail(subject, body, None, to)
                except Exception as error:
                    logger.warning("Could not send agreement reminders: %s", type(error).__name__)
                    AgreementReviewReminder.objects.filter(pk__in=ids).delete()

            transaction.on_commit(send)
        sent += len(new)
        emails += 1
    return RemindersSent(agreements=sent, emails=emails)
