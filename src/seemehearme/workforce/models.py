"""Training and supervision records for the partnership's staff (issue 10: "is the strategy
working?"). The framework's fifth principle asks for supervision, support and regular training
for staff; these records say who has had them, and ``workforce.selectors`` turns them into
compliance figures. Records are about staff, never children: a supervision session counts the
cases discussed and may carry a note, which must not name a child."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from seemehearme.areas.models import Role, Team
from seemehearme.areas.reference import offered_in_forms
from seemehearme.dates import long_date


class TrainingCourse(models.Model):
    """A course staff take: how long it stays valid and which roles must have it. Reference
    data: retire and replace, never reword in use (docs/adr/0013-reference-data-retire-and-
    replace.md)."""

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=150)
    description = models.TextField(blank=True)
    valid_for_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="How long the training stays in date. Leave empty if it never needs renewing.",
    )
    required_for = models.JSONField(
        "required for roles",
        default=list,
        blank=True,
        help_text="The roles whose staff must have this training in date.",
    )
    version = models.PositiveSmallIntegerField(default=1)
    order = models.PositiveSmallIntegerField("display order", default=0)
    is_active = offered_in_forms()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def required_for_labels(self) -> list[str]:
        labels = dict(Role.choices)
        return [str(labels.get(role, role)) for role in self.required_for]


class SupervisionStandard(models.Model):
    """How often staff in a role (optionally only in one team) should have supervision. A
    team's standard for a role overrides the partnership-wide one for that role. Reference
    data: retire and replace."""

    role = models.CharField(max_length=30, choices=Role.choices)
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Leave empty for everyone in the role; choose a team to set its own interval.",
    )
    interval_days = models.PositiveSmallIntegerField(
        help_text="The longest gap between supervision sessions, in days (31 for monthly)."
    )
    is_active = offered_in_forms()
    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "team__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["role"],
                condition=Q(team__isnull=True, is_active=True),
                name="one_active_standard_per_role",
            ),
            models.UniqueConstraint(
                fields=["role", "team"],
                condition=Q(team__isnull=False, is_active=True),
                name="one_active_standard_per_role_and_team",
            ),
            models.CheckConstraint(
                condition=Q(interval_days__gte=1), name="supervision_interval_is_positive"
            ),
        ]

    def __str__(self) -> str:
        where = f" in {self.team.name}" if self.team is not None else ""
        return f"{self.get_role_display()}{where}: every {self.interval_days} days"


class TrainingRecord(models.Model):
    """One member of staff's completion of a course. The expiry date is worked out from the
    course's validity when the record is made (``workforce.services.training_record``)."""

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="training_records"
    )
    course = models.ForeignKey(TrainingCourse, on_delete=models.PROTECT, related_name="records")
    completed_on = models.DateField()
    provider = models.CharField(max_length=200)
    expires_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-completed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "course", "completed_on"], name="one_record_per_course_a_day"
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=models.F("completed_on")),
                name="training_expires_after_completion",
            ),
        ]
        indexes = [models.Index(fields=["staff", "course", "completed_on"])]

    def __str__(self) -> str:
        return f"{self.course}, completed {long_date(self.completed_on)}"


class SupervisionKind(models.TextChoices):
    INDIVIDUAL = "individual", "Individual"
    GROUP = "group", "Group"
    REFLECTIVE = "reflective", "Reflective practice"


class SupervisionSession(models.Model):
    """A supervision session. It counts the cases discussed and never names a child."""

    supervisee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supervisions"
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supervisions_given"
    )
    held_on = models.DateField()
    kind = models.CharField(max_length=20, choices=SupervisionKind.choices)
    cases_discussed = models.PositiveSmallIntegerField(null=True, blank=True)
    note = models.TextField(blank=True, help_text="Never a child's name.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(supervisee=models.F("supervisor")),
                name="no_one_supervises_themselves",
            )
        ]
        indexes = [models.Index(fields=["supervisee", "held_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} supervision on {long_date(self.held_on)}"
