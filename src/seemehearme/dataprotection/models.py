"""The data protection lead's records: reminders sent about agreements, decisions to share or
not to share, subject access requests with their redaction review, and retention rules."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from seemehearme.areas.models import Agency, Area
from seemehearme.sharing.models import (
    InformationCategory,
    InformationSharingAgreement,
    LawfulBasis,
    SharingPurpose,
)

# --- Agreements: reminders ---------------------------------------------------------------------


class AgreementReviewReminder(models.Model):
    """The data protection leads were told that this agreement's review is due on this date.

    One per agreement per review date: changing the review date makes the next reminder due.
    """

    agreement = models.ForeignKey(
        InformationSharingAgreement, on_delete=models.CASCADE, related_name="review_reminders"
    )
    review_date = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.PositiveSmallIntegerField(help_text="How many people were emailed.")

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "review_date"], name="one_reminder_per_review_date"
            )
        ]

    def __str__(self) -> str:
        return f"Review reminder for {self.agreement_id} due {self.review_date}"


# --- Decisions to share or not to share ---------------------------------------------------------


class Consent(models.TextChoices):
    GIVEN = "given", "Sought and given"
    REFUSED = "refused", "Sought and refused"
    NOT_SOUGHT = "not_sought", "Not sought"
    OVERRIDDEN = "overridden", "Refused or withdrawn, and overridden"


class ConsentNotSought(models.TextChoices):
    """DPA 2018 Schedule 1 paragraph 18(2): why consent was not sought."""

    PREJUDICE = "prejudice", "Seeking it would prejudice the child's protection"
    CANNOT_OBTAIN = "cannot_obtain", "It cannot reasonably be obtained"
    CANNOT_GIVE = "cannot_give", "It cannot be given"


class SharingDecision(models.Model):
    """A practitioner's decision to share information about a child, or not to, with the reason
    (golden rule 7: record the decision and the reason, whether or not you share).

    The record belongs to the recorder's agency, as their case work: others see it only where
    an agreement shares that agency's case work with theirs. Never edited: a new decision is
    recorded instead.
    """

    child = models.ForeignKey(
        "people.Child", on_delete=models.PROTECT, related_name="sharing_decisions"
    )
    shared = models.BooleanField()
    decided_on = models.DateField(default=timezone.localdate)
    categories = models.ManyToManyField(InformationCategory, blank=True, related_name="+")
    what = models.TextField(blank=True, help_text="What was (or was not) shared, in words.")
    with_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    with_person = models.CharField(max_length=200, blank=True)
    purpose = models.ForeignKey(SharingPurpose, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    lawful_basis = models.CharField(max_length=30, choices=LawfulBasis.choices, blank=True)
    consent = models.CharField(max_length=20, choices=Consent.choices)
    consent_not_sought_because = models.CharField(
        max_length=20, choices=ConsentNotSought.choices, blank=True
    )
    consent_notes = models.TextField(
        blank=True, help_text="Why consent was overridden, or more about why it was not sought."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_on", "-recorded_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="sharing_decision_has_reason"),
            models.CheckConstraint(
                condition=Q(shared=False) | ~Q(lawful_basis=""),
                name="sharing_decision_shared_has_basis",
            ),
            models.CheckConstraint(
                condition=~Q(consent="overridden") | ~Q(consent_notes=""),
                name="sharing_decision_override_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(consent="not_sought") | ~Q(consent_not_sought_because=""),
                name="sharing_decision_not_sought_has_reason",
            ),
        ]

    def __str__(self) -> str:
        verdict = "Shared" if self.shared else "Not shared"
        return f"{verdict} on {self.decided_on} (decision {self.pk})"

    @property
    def with_whom(self) -> str:
        names = [self.with_agency.name if self.with_agency else "", self.with_person]
        return ", ".join(name for name in names if name)


# --- Subject access -----------------------------------------------------------------------------


class RequestStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    IN_REVIEW = "in_review", "Redaction review"
    RELEASED = "released", "Released"


class RequesterKind(models.TextChoices):
    CHILD = "child", "The child"
    PARENT = "parent", "A parent or carer on the child's behalf"
    REPRESENTATIVE = "representative", "A solicitor or other representative"


class SubjectAccessRequest(models.Model):
    """A request for a copy of what the partnership holds about a child (UK GDPR Article 15).

    Answered within one calendar month of receipt (Article 12(3)); the items gathered are a
    copy, reviewed item by item by the data protection lead before anything is released.
    """

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(
        "people.Child", on_delete=models.PROTECT, related_name="subject_access_requests"
    )
    requester_name = models.CharField(max_length=200)
    requester_kind = models.CharField(max_length=20, choices=RequesterKind.choices)
    received_on = models.DateField()
    due_on = models.DateField()
    status = models.CharField(
        max_length=20, choices=RequestStatus.choices, default=RequestStatus.RECEIVED
    )
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    gathered_at = models.DateTimeField(null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"Subject access request {self.pk}"

    @property
    def overdue(self) -> bool:
        return (
            self.status
            in (
                RequestStatus.RECEIVED,
                RequestStatus.IN_REVIEW,
            )
            and self.due_on < timezone.localdate()
        )


class ItemDecision(models.TextChoices):
    UNDECIDED = "", "Not yet reviewed"
    INCLUDE = "include", "Include"
    REDACT = "redact", "Include with redactions"
    EXCLUDE = "exclude", "Exclude"


class SubjectAccessItem(models.Model):
    """One thing gathered for a request, as it stood when gathered, with the review decision.

    ``text`` has already had third-party data taken out (``dataprotection.subject_access``);
    ``withheld_reason`` is set where the policy withholds the whole item, which is then never
    released whatever the review says.
    """

    request = models.ForeignKey(
        SubjectAccessRequest, on_delete=models.CASCADE, related_name="items"
    )
    section = models.CharField(max_length=50)
    section_label = models.CharField(max_length=100)
    position = models.PositiveIntegerField()
    when = models.DateTimeField(null=True, blank=True)
    title = models.CharField(max_length=300)
    text = models.TextField(blank=True)
    held_by = models.CharField(max_length=200, blank=True)
    category = models.CharField(max_length=100, blank=True)
    ref = models.CharField(max_length=200, blank=True)
    third_party_removed = models.PositiveIntegerField(
        default=0, help_text="How many pieces of other people's data were taken out."
    )
    withheld_reason = models.CharField(max_length=300, blank=True)
    decision = models.CharField(max_length=10, choices=ItemDecision.choices, blank=True)
    redacted_text = models.TextField(blank=True)
    decision_reason = models.CharField(max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["request", "position"]

    def __str__(self) -> str:
        return f"{self.section_label}: {self.title}"

    @property
    def withheld(self) -> bool:
        return bool(self.withheld_reason)


# --- Retention ---------------------------------------------------------------------------------


class RecordType(models.TextChoices):
    CLOSED_CASE = "closed_case", "Closed cases and the child's record"
    REFERRAL_NOT_PROCEEDED = "referral_no_case", "Referrals that did not become a case"
    ACCESS_LOG = "access_log", "Access log entries"
    IMPORT_PROBLEMS = "import_problems", "Import problem lists"
    SUBJECT_ACCESS = "subject_access", "Subject access request files"


class RetentionAction(models.TextChoices):
    DELETE = "delete", "Delete"
    ANONYMISE = "anonymise", "Anonymise"
    REVIEW = "review", "Review, then decide"


class RetentionRule(models.Model):
    """How long the partnership keeps one kind of record, and what happens then.

    One per record type per partnership, created with defaults the first time they are read
    (``dataprotection.retention.retention_rules``) and changed by the data protection lead.
    """

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    record_type = models.CharField(max_length=30, choices=RecordType.choices)
    years = models.PositiveSmallIntegerField(default=0)
    days = models.PositiveSmallIntegerField(default=0)
    action = models.CharField(max_length=20, choices=RetentionAction.choices)
    source = models.CharField(
        max_length=300, blank=True, help_text="Where the period comes from, or who set it."
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["area", "record_type"]
        constraints = [
            models.UniqueConstraint(fields=["area", "record_type"], name="one_rule_per_record_type")
        ]

    def __str__(self) -> str:
        return self.get_record_type_display()

    def add_period(self, start: dt.date) -> dt.date:
        """``start`` plus this rule's years (29 February becomes 28 February) and days."""
        year = start.year + self.years
        try:
            moved = start.replace(year=year)
        except ValueError:
            moved = start.replace(year=year, day=28)
        return moved + dt.timedelta(days=self.days)
