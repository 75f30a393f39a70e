"""Emails that tell staff something needs their attention.

Email crosses channels the partnership does not control, so no email names a child or carries
anything about them: it says what needs attention, gives a reference number at most, and links
to the page where the reader signs in to see it. Every email is sent only once the transaction
that caused it has committed, so nobody is told about a decision that was rolled back; a failed
send is logged (without addresses) and never undoes the work that caused it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from seemehearme.areas.models import Area, Role, StaffUser
from seemehearme.cases.models import Referral
from seemehearme.dates import long_date
from seemehearme.notifications.models import OverdueTriageNotice
from seemehearme.sharing.models import BreakGlassAccess

logger = logging.getLogger(__name__)

NOT_BY_EMAIL = (
    "This email does not say who this is about, because email is not a secure way to share "
    "it. Sign in to see the details."
)


@dataclass(frozen=True)
class Email:
    subject: str
    body: str
    recipients: list[str]


def site_link(url_name: str) -> str:
    """The full address of one of the service's pages, for a link in an email."""
    return f"{settings.SMH_SITE_URL}{reverse(url_name)}"


def addresses(users: Iterable[StaffUser]) -> list[str]:
    """The active users' email addresses, each once."""
    return sorted({user.email for user in users if user.is_active and user.email})


def send_now(email: Email) -> bool:
    """Send now; on failure log the kind of error (never the addresses) and return False."""
    try:
        send_mail(email.subject, email.body, None, email.recipients)
    except Exception as error:
        logger.warning("Could not send the email %r: %s", email.subject, type(error).__name__)
        return False
    return True


def send_on_commit(email: Email, *, if_failed: Callable[[], None] | None = None) -> None:
    if not email.recipients:
        return

    def send() -> None:
        if not send_now(email) and if_failed is not None:
            if_failed()

    transaction.on_commit(send)


# --- (a) The referrer: a decision on their referral ------------------------------------------


def referral_decided_email(referral: Referral) -> Email:
    referrer = referral.referred_by
    # A coordinator who triages a concern they recorded themselves needs no email about it.
    told = [] if referrer is None or referrer.pk == referral.triaged_by_id else [referrer]
    return Email(
        subject=f"A decision has been made on your referral {referral.pk}",
        body=(
            f"A CSE coordinator has decided what happens next with referral {referral.pk}, "
            f"which you made on {long_date(referral.received_at)}.\n\n"
            f"Sign in to see the decision:\n{site_link('cases:referrals-mine')}\n\n"
            f"{NOT_BY_EMAIL}\n"
        ),
        recipients=addresses(told),
    )


def referral_decided(referral: Referral) -> None:
    """Tell the member of staff who made a referral that it has been triaged."""
    send_on_commit(referral_decided_email(referral))


# --- (b) The CSE coordinators: triage overdue ------------------------------------------------


def coordinators_for(referral: Referral) -> list[StaffUser]:
    """The CSE coordinators of the team holding the referral, who triage it."""
    return list(
        StaffUser.objects.filter(
            team_id=referral.holding_team_id, role=Role.CSE_COORDINATOR, is_active=True
        )
    )


def overdue_triage_email(referrals: list[Referral], recipients: list[str]) -> Email:
    count = len(referrals)
    references = ", ".join(str(referral.pk) for referral in referrals)
    waiting = "referral is" if count == 1 else "referrals are"
    return Email(
        subject=f"{count} {waiting} overdue for triage",
        body=(
            f"{count} {waiting} waiting past the triage deadline "
            f"(reference{'' if count == 1 else 's'} {references}).\n\n"
            f"Sign in to triage {'it' if count == 1 else 'them'}:\n"
            f"{site_link('cases:referrals')}\n\n"
            f"{NOT_BY_EMAIL}\n"
        ),
        recipients=recipients,
    )


def _forget_notices(referral_ids: list[int]) -> Callable[[], None]:
    def forget() -> None:
        OverdueTriageNotice.objects.filter(referral_id__in=referral_ids).delete()

    return forget


@dataclass(frozen=True)
class OverdueNotified:
    referrals: int
    emails: int


def overdue_triage_notify(
    *, area: Area | None = None, now: dt.datetime | None = None
) -> OverdueNotified:
    """Email the CSE coordinators about referrals newly overdue for triage, once each.

    Each referral's notice is recorded in the same transaction that queues the email, so
    running this again (say every hour) tells nobody twice. If an email cannot be sent, its
    notices are removed again so that the next run tries once more. A referral whose team has
    no coordinator with an email address is not recorded, so it is sent once one is added.
    """
    now = now or timezone.now()
    overdue = Referral.objects.filter(
        triaged_at__isnull=True, triage_due_at__lt=now, overdue_notice__isnull=True
    ).order_by("triage_due_at", "pk")
    if area is not None:
        overdue = overdue.filter(area=area)
    by_team: dict[int, list[Referral]] = defaultdict(list)
    for referral in overdue:
        by_team[referral.holding_team_id].append(referral)
    referrals = emails = 0
    for team_referrals in by_team.values():
        recipients = addresses(coordinators_for(team_referrals[0]))
        if not recipients:
            continue
        with transaction.atomic():
            noticed = [
                referral
                for referral in team_referrals
                if OverdueTriageNotice.objects.get_or_create(
                    referral=referral, defaults={"sent_at": now, "recipients": len(recipients)}
                )[1]
            ]
            if not noticed:
                continue
            send_on_commit(
                overdue_triage_email(noticed, recipients),
                if_failed=_forget_notices([referral.pk for referral in noticed]),
            )
        referrals += len(noticed)
        emails += 1
    return OverdueNotified(referrals=referrals, emails=emails)


# --- (c) The data protection leads: a break-glass use to review ------------------------------


def data_protection_leads(area: Area) -> list[StaffUser]:
    return list(
        StaffUser.objects.filter(agency__area=area, role=Role.DATA_PROTECTION_LEAD, is_active=True)
    )


def break_glass_review_email(access: BreakGlassAccess) -> Email:
    return Email(
        subject="A break-glass access is waiting for your review",
        body=(
            f"A member of staff used break-glass access to a child's record on "
            f"{long_date(access.started_at)}. Every use is reviewed by a data protection lead.\n\n"
            f"Sign in to review it:\n{site_link('sharing:break-glass-reviews')}\n\n"
            f"{NOT_BY_EMAIL}\n"
        ),
        recipients=addresses(data_protection_leads(access.child.area)),
    )


def break_glass_started(access: BreakGlassAccess) -> None:
    """Tell the partnership's data protection leads that a break-glass use awaits review."""
    send_on_commit(break_glass_review_email(access))
