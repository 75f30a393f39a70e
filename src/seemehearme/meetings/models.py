"""Multi-agency meetings: strategy discussions, MACE panels (child-focused and contextual) and
multi-agency reviews. A meeting has an agenda of children and places, a record of who came from
which agency, how each child and family took part, and the decisions and actions that came out
of it. Decisions are the case's own decisions and actions are actions on the child's plan: the
meeting only records where they came from.

A meeting concerns several children, so nothing here is shown through ``child_view``:
``seemehearme.meetings.access`` checks and logs each child on the agenda separately.
Nothing is deleted: a meeting that does not go ahead is cancelled.
"""

from __future__ import annotations

from concurrency.fields import IntegerVersionField
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from seemehearme.areas.models import Agency, Area, Panel
from seemehearme.areas.reference import offered_in_forms
from seemehearme.cases.models import Case
from seemehearme.cases.models import Decision as CaseDecision
from seemehearme.dates import long_date
from seemehearme.people.models import Child
from seemehearme.plans.models import PendingAction, PlanAction


class MeetingType(models.Model):
    """Reference data: the kinds of multi-agency meeting the partnership holds."""

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=150)
    description = models.TextField(blank=True)
    discusses_places = models.BooleanField(
        default=False, help_text="Whether places, spaces and peer groups are on the agenda."
    )
    order = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveSmallIntegerField(default=1)
    is_active = offered_in_forms()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class Meeting(models.Model):
    """One meeting, from planning to its minutes."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="meetings")
    meeting_type = models.ForeignKey(MeetingType, on_delete=models.PROTECT, related_name="+")
    held_at = models.DateTimeField(help_text="When the meeting starts.")
    location = models.CharField(
        max_length=200, help_text="A room, or how to join by phone or video."
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="meetings_chaired"
    )
    panel = models.ForeignKey(
        Panel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        help_text="The panel holding the meeting, if any. Its members may open the meeting.",
    )
    status = models.CharField(
        max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    minutes = models.TextField(
        blank=True,
        help_text="The general discussion. What was said about each child is kept with the child.",
    )
    cancelled_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = IntegerVersionField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_at", "-id"]
        indexes = [models.Index(fields=["area", "held_at"])]
        constraints = [
            models.CheckConstraint(
                name="cancelled_meeting_says_why",
                condition=~Q(status="cancelled") | ~Q(cancelled_reason=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_type.name}, {long_date(self.held_at)}"


class Participation(models.TextChoices):
    ATTENDED = "attended", "Attended"
    VIEWS_SHARED = "views_shared", "Views shared through their key worker or an advocate"
    NOT_INVITED = "not_invited", "Not invited"


class AgendaChild(models.Model):
    """A child discussed at the meeting, with how they and their family took part.

    A child not invited is a decision in itself, so it says why (principle 2: children take part
    in all decisions about them). What was said about the child is kept here, not in the general
    minutes, so that only people who may see the child read it.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="agenda_children")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="meeting_agendas")
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="meeting_agendas"
    )
    order = models.PositiveSmallIntegerField(default=0)
    child_participation = models.CharField(max_length=20, choices=Participation.choices, blank=True)
    child_participation_note = models.TextField(
        blank=True, help_text="How the child took part, or why they were not invited."
    )
    family_participation = models.CharField(
        max_length=20, choices=Participation.choices, blank=True
    )
    family_participation_note = models.TextField(
        blank=True, help_text="How the family took part, or why they were not invited."
    )
    discussion = models.TextField(blank=True, help_text="What was said about this child.")
    version = IntegerVersionField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "id"]
        verbose_name_plural = "agenda children"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "child"], name="child_once_per_agenda"),
            models.CheckConstraint(
                name="child_not_invited_says_why",
                condition=~Q(child_participation="not_invited") | ~Q(child_participation_note=""),
            ),
            models.CheckConstraint(
                name="family_not_invited_says_why",
                condition=~Q(family_participation="not_invited") | ~Q(family_participation_note=""),
            ),
        ]

    def __str__(self) -> str:
        return f"Agenda item {self.order} of meeting {self.meeting_id}"


class AgendaPlace(models.Model):
    """A place, space or peer group discussed at a contextual panel."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="agenda_places")
    description = models.CharField(max_length=200)
    postcode = models.CharField(max_length=10, blank=True)
    notes = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.description


class AttendanceStatus(models.TextChoices):
    ATTENDED = "attended", "Attended"
    APOLOGIES = "apologies", "Sent apologies"
    ABSENT = "absent", "Absent"


# Minutes go to the people who came and the people who sent apologies: recorded as absent is
# on record, but opens nothing.
AT_THE_MEETING = (AttendanceStatus.ATTENDED, AttendanceStatus.APOLOGIES)


class Attendance(models.Model):
    """Who came from which agency, sent apologies or was absent. Someone without an account is
    named."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendances")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_attendances",
    )
    person_name = models.CharField(max_length=200, blank=True)
    job_title = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=AttendanceStatus.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["agency__name", "person_name", "id"]
        constraints = [
            models.CheckConstraint(
                name="attendance_names_someone",
                condition=Q(user__isnull=False) | ~Q(person_name=""),
            ),
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=Q(user__isnull=False),
                name="staff_recorded_once_per_meeting",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.user is not None:
            return self.user.get_full_name() or self.user.username
        return self.person_name


class MeetingDecision(models.Model):
    """A decision about a child made at the meeting: the case's own decision, linked here."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    agenda_child = models.ForeignKey(
        AgendaChild, on_delete=models.PROTECT, related_name="decisions"
    )
    decision = models.OneToOneField(
        CaseDecision, on_delete=models.PROTECT, related_name="meeting_decision"
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"Decision {self.decision_id} at meeting {self.meeting_id}"


class MeetingAction(models.Model):
    """An action agreed at the meeting: an action on the child's protection plan, or, while the
    child's case has no plan, an action kept on the case until the plan has it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="actions")
    agenda_child = models.ForeignKey(AgendaChild, on_delete=models.PROTECT, related_name="actions")
    plan_action = models.OneToOneField(
        PlanAction, on_delete=models.PROTECT, null=True, blank=True, related_name="meeting_action"
    )
    pending_action = models.OneToOneField(
        PendingAction,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_action",
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                name="meeting_action_is_on_the_plan_or_the_case",
                condition=Q(plan_action__isnull=False, pending_action__isnull=True)
                | Q(plan_action__isnull=True, pending_action__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        action = self.plan_action_id or self.pending_action_id
        return f"Action {action} from meeting {self.meeting_id}"

    @property
    def action(self) -> PlanAction | PendingAction:
        """What was agreed: the plan's action, once the plan has it."""
        if self.plan_action is not None:
            return self.plan_action
        assert self.pending_action is not None
        return self.pending_action.plan_action or self.pending_action

    @property
    def on_plan(self) -> bool:
        return isinstance(self.action, PlanAction)


class SuggestionStatus(models.TextChoices):
    WAITING = "waiting", "Waiting for the chair"
    USED = "used", "Used in the minutes"
    SET_ASIDE = "set_aside", "Not used"


class MinutesSuggestion(models.Model):
    """Wording for the general minutes suggested by someone at the meeting who does not write
    them. The chair (or a CSE coordinator) uses it or sets it aside; it is never deleted, so
    what each person asked for stays on record."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="minutes_suggestions"
    )
    text = models.TextField()
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    suggested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=10, choices=SuggestionStatus.choices, default=SuggestionStatus.WAITING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["suggested_at", "id"]
        constraints = [
            models.CheckConstraint(
                name="decided_suggestion_says_by_whom",
                condition=Q(status="waiting") | Q(decided_by__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"Suggested wording for the minutes of meeting {self.meeting_id}"
