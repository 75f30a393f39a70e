"""The child's protection plan: specific actions per agency with an owner, a due date and a
status, including disruption of those harming the child. Plans and actions keep their history
and refuse a save based on an out-of-date copy (two people editing at once)."""

from __future__ import annotations

from concurrency.fields import IntegerVersionField
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from seemehearme.areas.models import Agency
from seemehearme.areas.reference import offered_in_forms
from seemehearme.cases.models import Case


class DisruptionTactic(models.Model):
    """Reference data from the Home Office Child Exploitation Disruption Toolkit."""

    class Group(models.TextChoices):
        LEGAL_ORDER = "legal_order", "Notices and orders"
        LOCATION = "location", "Places and premises"
        LICENSING = "licensing", "Licensing"
        ONLINE = "online", "Online"
        PEER_GROUP = "peer_group", "Peer groups"
        PERPETRATOR = "perpetrator", "Perpetrator-focused"
        COMMUNITY = "community", "Community guardians"

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=150)
    group = models.CharField(max_length=20, choices=Group.choices)
    description = models.TextField(blank=True)
    is_active = offered_in_forms()
    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "name"]

    def __str__(self) -> str:
        return self.name


class ProtectionPlan(models.Model):
    """One plan per case; its versions are its history."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="plan")
    aims = models.TextField(help_text="What the plan is for, in plain words the child can read.")
    review_due = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = IntegerVersionField()
    history = HistoricalRecords()

    # How the access gate (sharing.access.child_view) reaches the child in one query.
    child_path = "case__child"

    def __str__(self) -> str:
        return f"Protection plan for case {self.case_id}"

    @property
    def child(self):  # type: ignore[no-untyped-def]  # the access gate reaches the child here
        return self.case.child


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


class PlanAction(models.Model):
    """A specific action for one agency, owned by a named person, due by a date."""

    plan = models.ForeignKey(ProtectionPlan, on_delete=models.PROTECT, related_name="actions")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="plan_actions")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="plan_actions"
    )
    description = models.TextField()
    due_on = models.DateField()
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    status_note = models.TextField(blank=True)
    disruption_tactic = models.ForeignKey(
        DisruptionTactic, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    disruption_target = models.CharField(
        max_length=200, blank=True, help_text="Who or where the disruption is aimed at."
    )
    disruption_subjects = models.ManyToManyField(
        "intelligence.Entity",
        blank=True,
        related_name="disruption_actions",
        help_text="Persons of concern, places or vehicles from the intelligence register that "
        "the disruption is aimed at, as well as or instead of the words above.",
    )
    cites_finding = models.ForeignKey(
        "intelligence.ProfileFinding",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The problem profile's finding this action answers, if any.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = IntegerVersionField()
    history = HistoricalRecords(m2m_fields=[disruption_subjects])

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["owner", "status", "due_on"])]
        # A disruption action names who or where it is aimed at: in words, or as subjects from
        # the intelligence register, or both. A check constraint cannot see a many-to-many
        # table, so that rule is the service's (plans.services._action_errors); the database
        # keeps the half it can check: words saying who it is aimed at need a tactic.
        constraints = [
            models.CheckConstraint(
                name="disruption_target_goes_with_a_tactic",
                condition=Q(disruption_tactic__isnull=False) | Q(disruption_target=""),
            ),
        ]

    # How the access gate (sharing.access.child_view) reaches the child in one query.
    child_path = "plan__case__child"

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def child(self):  # type: ignore[no-untyped-def]
        return self.plan.case.child

    @property
    def is_open(self) -> bool:
        return self.status in {ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS}

    def is_overdue(self, today=None) -> bool:  # type: ignore[no-untyped-def]
        return self.is_open and self.due_on < (today or timezone.localdate())


class PendingAction(models.Model):
    """An action agreed for a child whose case has no protection plan yet (a panel can agree
    one at its meeting). It is kept on the case and shown on the case page until it goes into
    the plan: it is offered when the plan is written, or added afterwards. Nothing agreed is
    lost; once in the plan, ``plan_action`` is the action it became."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="pending_actions")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    description = models.TextField()
    due_on = models.DateField()
    disruption_tactic = models.ForeignKey(
        DisruptionTactic, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    disruption_target = models.CharField(max_length=200, blank=True)
    agreed_on = models.DateField(help_text="The day it was agreed (the meeting's day).")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    plan_action = models.OneToOneField(
        PlanAction,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pending_action",
        help_text="The plan's action it became, once the plan has it.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                name="pending_disruption_names_a_target",
                condition=Q(disruption_tactic__isnull=True) | ~Q(disruption_target=""),
            ),
        ]

    def __str__(self) -> str:
        return self.description[:80]
