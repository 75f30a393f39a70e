"""A concern reported by a member of the public: a "contact" at the partnership's front door.

A report through the public form rarely identifies a child reliably (a first name, "a girl of
about 14 in a school uniform"), so it is not a :class:`~seemehearme.cases.models.Referral`,
which needs a child's record. The triage team reads it and decides: make it a community
referral about a child, or another outcome with a reason (docs/report-a-concern.md, ADR 0022).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from seemehearme.areas.models import Area, Team
from seemehearme.cases.models import Referral


class ReporterType(models.TextChoices):
    """Who reported the concern, in the words the public form uses."""

    YOUNG_PERSON_SELF = "young_person_self", "A young person, worried about themselves"
    YOUNG_PERSON_FRIEND = "young_person_friend", "A young person, worried about a friend"
    PARENT_CARER = "parent_carer", "A parent or carer"
    RELATIVE = "relative", "A relative"
    BUSINESS = "business", "Someone working in a business"
    PROFESSIONAL = "professional", "A professional"
    PUBLIC = "public", "Another member of the public"


class BusinessType(models.TextChoices):
    HOTEL = "hotel", _("Hotel or other accommodation")
    TAXI = "taxi", _("Taxi or private hire")
    TAKEAWAY = "takeaway", _("Takeaway or fast food")
    LICENSED = "licensed", _("Pub, bar, club or other licensed premises")
    SHOP = "shop", _("Shop")
    OTHER = "other", _("Another kind of business")


class ChildKnows(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    NOT_SURE = "not_sure", _("Not sure")


CHILD_KNOWS_VALUE: dict[str, bool | None] = {"yes": True, "no": False, "not_sure": None, "": None}


class ConcernOutcome(models.TextChoices):
    REFERRAL = "referral", "Made a community referral about a child"
    SIGNPOSTED = "signposted", "Signposted to other support"
    POLICE = "police", "Passed to the police"
    NO_FURTHER_ACTION = "no_further_action", "No further action"
    DUPLICATE = "duplicate", "The same as another concern"


class Concern(models.Model):
    """What a member of the public told the partnership, and what triage decided.

    Nothing about the reporter's connection (address, browser) is kept: only what they chose
    to type. Without contact details the concern is anonymous.
    """

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="concerns")
    reference = models.CharField(max_length=8, unique=True, editable=False)
    received_at = models.DateTimeField(default=timezone.now)
    reporter_type = models.CharField(max_length=30, choices=ReporterType.choices)
    business_type = models.CharField(max_length=20, choices=BusinessType.choices, blank=True)
    what_happened = models.TextField()
    child_description = models.CharField(max_length=500, blank=True)
    child_age = models.CharField(max_length=50, blank=True)
    where = models.CharField(max_length=500, blank=True)
    when = models.CharField(max_length=200, blank=True)
    child_knows = models.CharField(max_length=10, choices=ChildKnows.choices, blank=True)
    contact_name = models.CharField(max_length=200, blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_best_time = models.CharField(max_length=200, blank=True)
    holding_team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="concerns")
    triage_due_at = models.DateTimeField()
    outcome = models.CharField(max_length=30, choices=ConcernOutcome.choices, blank=True)
    outcome_reason = models.TextField(blank=True)
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="duplicates"
    )
    referral = models.OneToOneField(
        Referral, on_delete=models.PROTECT, null=True, blank=True, related_name="concern"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="concerns_decided",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["received_at", "pk"]
        indexes = [models.Index(fields=["holding_team", "decided_at", "triage_due_at"])]
        constraints = [
            models.CheckConstraint(
                name="concern_decided_completely_or_not_at_all",
                condition=(
                    Q(decided_at__isnull=True, decided_by__isnull=True, outcome="")
                    | (
                        Q(decided_at__isnull=False, decided_by__isnull=False)
                        & ~Q(outcome="")
                        & ~Q(outcome_reason="")
                    )
                ),
            ),
            models.CheckConstraint(
                name="concern_referral_only_with_that_outcome",
                condition=Q(referral__isnull=True) | Q(outcome="referral"),
            ),
        ]

    def __str__(self) -> str:
        return f"Concern {self.reference}"

    @property
    def awaiting_triage(self) -> bool:
        return self.decided_at is None

    def triage_overdue(self, now: dt.datetime | None = None) -> bool:
        return self.awaiting_triage and (now or timezone.now()) > self.triage_due_at

    @property
    def is_anonymous(self) -> bool:
        return not (self.contact_phone or self.contact_email)

    @property
    def source_words(self) -> str:
        """Who reported it, with the kind of business: "Someone working in a business (Taxi
        or private hire)"."""
        words = str(ReporterType(self.reporter_type).label)
        if self.business_type:
            words += f" ({BusinessType(self.business_type).label})"
        return words


class ContactKind(models.TextChoices):
    THANKED = "thanked", "Thanked them"
    ASKED_MORE = "asked_more", "Asked them for more information"


class ContactMethod(models.TextChoices):
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone"
    OTHER = "other", "Another way"


class ReporterContact(models.Model):
    """Someone in the triage team got in touch with a reporter who left contact details."""

    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="contacts")
    kind = models.CharField(max_length=20, choices=ContactKind.choices)
    method = models.CharField(max_length=20, choices=ContactMethod.choices)
    note = models.TextField(blank=True)
    emailed = models.BooleanField(
        default=False, help_text="Sent from this service to the email address they gave."
    )
    contacted_at = models.DateTimeField(default=timezone.now)
    contacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reporter_contacts"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["contacted_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.concern.reference})"
