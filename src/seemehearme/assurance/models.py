"""Is the strategy working? The partnership's self-assessment against the 2009 statutory
guidance and the See Me, Hear Me framework, its action plans and the recommendations made to it.

The expectations assessed against are reference data (retire and replace, ADR 0013); an
assessment keeps the items it was started with. One action model serves the partnership's
strategy plan, each agency's plan and the answers to recommendations (ADR 0018). Nothing here
is about a child.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from seemehearme.areas.models import Agency, Area
from seemehearme.areas.reference import offered_in_forms

# --- Reference data: what a partnership is assessed against -----------------------------


class ExpectationSource(models.TextChoices):
    GUIDANCE_2009 = "guidance_2009", "2009 statutory guidance"
    PRINCIPLE = "principle", "See Me, Hear Me principle"
    VOICE_OF_THE_CHILD = "voice_of_the_child", "Voice of the child"
    VOICE_OF_THE_PROFESSIONAL = "voice_of_the_professional", "Voice of the professional"
    PROTECTING_THE_CHILD = "protecting_the_child", "Protecting the child"


class Expectation(models.Model):
    """One thing a partnership is expected to have or do, worded as its source says it.

    Retired items are not offered in a new assessment; assessments already started keep them.
    A reworded item is a new item (new code, version one higher) that ``replaces`` the old, so
    the change since the last assessment follows it."""

    source = models.CharField(max_length=40, choices=ExpectationSource.choices)
    code = models.SlugField(max_length=60, unique=True)
    text = models.CharField(max_length=400)
    order = models.PositiveSmallIntegerField("display order", default=0)
    version = models.PositiveSmallIntegerField(default=1)
    replaces = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="replaced_by",
    )
    is_active = offered_in_forms()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text


# --- A self-assessment -------------------------------------------------------------------


class Rating(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


RATING_RANK: dict[str, int] = {Rating.RED: 1, Rating.AMBER: 2, Rating.GREEN: 3}


class Assessment(models.Model):
    """A partnership's self-assessment on a date, against the expectations offered when it was
    started. Completing it locks it."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="assessments")
    title = models.CharField(max_length=200)
    assessed_on = models.DateField()
    previous = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The completed assessment this one is compared with.",
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="a_completed_assessment_says_by_whom",
                condition=Q(completed_at__isnull=True) | Q(completed_by__isnull=False),
            ),
            # Two assessments in progress would split the partnership's evidence between them.
            models.UniqueConstraint(
                fields=["area"],
                condition=Q(completed_at__isnull=True),
                name="one_assessment_in_progress",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None


class AssessmentEntry(models.Model):
    """What the partnership found for one expectation: evidence, rating, owner and actions."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="entries")
    expectation = models.ForeignKey(Expectation, on_delete=models.PROTECT, related_name="+")
    rating = models.CharField(max_length=10, choices=Rating.choices, blank=True)
    evidence = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actions = models.TextField("actions agreed", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["expectation__order", "expectation__pk"]
        verbose_name = "self-assessment entry"
        verbose_name_plural = "self-assessment entries"
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "expectation"], name="an_expectation_once_per_assessment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment}: {self.expectation}"


# --- Recommendations -----------------------------------------------------------------------


class RecommendationSource(models.TextChoices):
    INQUIRY = "inquiry", "The Children's Commissioner's inquiry"
    CASE_REVIEW = "case_review", "Serious case review or child safeguarding practice review"
    INSPECTION = "inspection", "Inspection"
    BOARD = "board", "The partnership board"


class Recommendation(models.Model):
    """A recommendation made to the partnership or its agencies. The inquiry's own are seeded
    for every partnership (``area`` empty); the rest belong to one partnership."""

    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, null=True, blank=True, related_name="recommendations"
    )
    source = models.CharField(max_length=20, choices=RecommendationSource.choices)
    reference = models.CharField(max_length=100)
    text = models.TextField()
    made_on = models.DateField()
    is_example = models.BooleanField(
        default=False, help_text="A made-up recommendation in the demonstration area."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-made_on", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "reference"], name="a_recommendation_reference_once_per_area"
            )
        ]

    def __str__(self) -> str:
        return self.reference


class Answer(models.TextChoices):
    AGREED = "agreed", "Agreed"
    PARTLY_AGREED = "partly_agreed", "Partly agreed"
    NOT_AGREED = "not_agreed", "Not agreed"


class RecommendationResponse(models.Model):
    """One member organisation's answer to a recommendation, and its progress."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="responses"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(max_length=20, choices=Answer.choices)
    reasons = models.TextField("why", blank=True)
    progress = models.TextField(blank=True)
    responded_on = models.DateField(default=timezone.localdate)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "agency"], name="one_recommendation_response_per_agency"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency}: {self.get_answer_display()}"


# --- Action plans --------------------------------------------------------------------------


class PlanKind(models.TextChoices):
    STRATEGY = "strategy", "Partnership strategy plan"
    AGENCY = "agency", "Agency plan"


class ActionPlan(models.Model):
    """The partnership's strategy plan or one agency's own plan."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="action_plans")
    kind = models.CharField(max_length=20, choices=PlanKind.choices)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="action_plans"
    )
    title = models.CharField(max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "agency__name", "title"]
        constraints = [
            models.CheckConstraint(
                name="an_agency_plan_names_its_agency_and_only_it",
                condition=Q(kind="strategy", agency__isnull=True)
                | Q(kind="agency", agency__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return self.title


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"


class Action(models.Model):
    """One action of a plan. It may answer a self-assessment finding, a problem-profile finding
    and a recommendation."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    entry = models.ForeignKey(
        AssessmentEntry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_actions",
        verbose_name="self-assessment finding",
    )
    finding = models.ForeignKey(
        "intelligence.ProfileFinding",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="problem profile finding",
    )
    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = "action plan action"

    def __str__(self) -> str:
        return self.description


class ProgressNote(models.Model):
    """A dated note of progress on an action."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="notes")
    written_on = models.DateField(default=timezone.localdate)
    text = models.TextField()
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-written_on", "-pk"]

    def __str__(self) -> str:
        return self.text
